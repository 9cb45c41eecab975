;;; emend.el --- Edition markup (.emd) with the emend language server  -*- lexical-binding: t; -*-

;; A small major mode for edition markup and the eglot set-up for `emend lsp'.
;; Works with eglot 1.9 (Debian 12's elpa-eglot) and the eglot of Emacs 29+.
;;
;;   (add-to-list 'load-path "/path/to/emend/editors/emacs")
;;   (require 'emend)
;;   (add-hook 'emend-mode-hook #'eglot-ensure)
;;   ;; FRUS TEI volumes (XML whose root element is TEI) open in emend-tei-mode,
;;   ;; an nXML mode served by emend; other XML stays in nxml-mode.
;;   (add-hook 'emend-tei-mode-hook #'eglot-ensure)
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

;;;###autoload
(define-derived-mode emend-tei-mode nxml-mode "TEI/emend"
  "nXML mode for FRUS TEI volumes, which the emend language server serves.")

(defun emend-tei-file-p ()
  "Whether the buffer is a FRUS TEI file: its first element, after the
XML declaration, comments, processing instructions and document type,
is `TEI'."
  (save-excursion
    (save-restriction
      (widen)
      (goto-char (point-min))
      (let ((limit (min (point-max) (+ (point-min) 8192)))
            (done nil) (tei nil))
        (while (not done)
          (skip-chars-forward " \t\r\n\xfeff" limit)
          (cond
           ((looking-at "<!--")
            (unless (search-forward "-->" limit t) (setq done t)))
           ((looking-at "<[?!]")
            (unless (search-forward ">" limit t) (setq done t)))
           (t
            (setq tei (looking-at "<\\(?:[A-Za-z_][-A-Za-z0-9_.]*:\\)?TEI[ \t\r\n>/]")
                  done t))))
        tei))))

;;;###autoload
(add-to-list 'magic-mode-alist '(emend-tei-file-p . emend-tei-mode))

;; `emend lsp' for emend-tei-mode buffers too; the language id is "xml".
(put 'emend-tei-mode 'eglot-language-id "xml")
(add-to-list 'eglot-server-programs
             `(emend-tei-mode . ,(lambda (&optional _interactive) (list emend-program "lsp"))))

(provide 'emend)
;;; emend.el ends here
