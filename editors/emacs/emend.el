;;; emend.el --- Edition markup (.emd) with the emend language server  -*- lexical-binding: t; -*-

;; A small major mode for edition markup and the eglot set-up for `emend lsp'.
;; Works with eglot 1.9 (Debian 12's elpa-eglot) and the eglot of Emacs 29+.
;;
;;   (add-to-list 'load-path "/path/to/emend/editors/emacs")
;;   (require 'emend)
;;   (add-hook 'emend-mode-hook #'eglot-ensure)
;;   ;; optional: severities over the edition's emend.toml
;;   (setq-default eglot-workspace-configuration
;;                 '(:emend (:severity (:person-unused "off" :document-gap "error"))))

;;; Code:

(require 'eglot)

(defgroup emend nil
  "Edition markup and the emend language server."
  :group 'languages)

(defcustom emend-program "emend"
  "The emend binary: a name on `exec-path' or a full path."
  :type 'string)

(defvar emend-font-lock-keywords
  `(("^#\\{1,6\\}[ \t].*$" . font-lock-function-name-face)
    ("^\\(?:Dateline\\|Volume\\|Editors\\|Id\\):" . font-lock-keyword-face)
    ("\\[\\^[A-Za-z0-9][A-Za-z0-9_.-]*\\]:?" . font-lock-constant-face)
    ("^\\[[@=][A-Za-z0-9][A-Za-z0-9_.-]*\\]:" . font-lock-variable-name-face)
    ("\\]{[@=]\\([A-Za-z0-9][A-Za-z0-9_.-]*\\)}" 1 font-lock-variable-name-face)
    ("\\[Page[ \t]+[0-9IVXLCDMivxlcdm]+\\]" . font-lock-comment-face)
    ("\\<\\(?:[Ff]ootnote\\|[Dd]ocuments?\\)[ \t]+[0-9]+[a-z]?" . font-lock-builtin-face)
    ("\\*\\*[^*\n]+\\*\\*" . 'bold)
    ("\\*[^*\n]+\\*" . 'italic))
  "Highlighting of `emend-mode'.")

;;;###autoload
(define-derived-mode emend-mode text-mode "emend"
  "Major mode for edition markup (.emd files) of documentary editions."
  (setq-local font-lock-defaults '(emend-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.emd\\'" . emend-mode))

;; `emend lsp' for emend-mode buffers; the language id is "emend".
(put 'emend-mode 'eglot-language-id "emend")
(add-to-list 'eglot-server-programs
             `(emend-mode . ,(lambda (&optional _interactive) (list emend-program "lsp"))))

(provide 'emend)
;;; emend.el ends here
