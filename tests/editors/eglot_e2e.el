;;; eglot_e2e.el --- emend lsp in Emacs's eglot, batch mode  -*- lexical-binding: t; -*-
;; Run by scripts/editor-tests.sh:
;;   EMEND=path/to/emend VOLUME=path/to/frus1964-68v03 EMEND_EL=editors/emacs \
;;     emacs -Q --batch -l tests/editors/eglot_e2e.el
;; Loads editors/emacs/emend.el, opens d261.emd (the mode comes from
;; auto-mode-alist), starts eglot as `eglot-ensure' does, reads the pushed
;; diagnostics through flymake (with a severity changed by
;; `eglot-workspace-configuration'), hovers a person and finds the
;; definition of "Document 256" with xref.  Exit status 0 on success.

(setq package-user-dir (make-temp-file "emend-elpa" t))
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)   ; Debian's elpa-* packages
(add-to-list 'load-path (expand-file-name (getenv "EMEND_EL")))
(require 'emend)
(require 'cl-lib)

(defun e2e-say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n") #'external-debugging-output))
(defun e2e-fail (fmt &rest args)
  (e2e-say "FAIL: %s" (apply #'format fmt args))
  (kill-emacs 1))
(defun e2e-wait (what pred &optional seen)
  "Wait up to 30 s for PRED to return non-nil, else fail with WHAT.
SEEN, a function, describes the state last observed for the failure.
Waiting for the asserted state, not the first one, matters because the
server may push a result and then replace it (for example once the
client's settings arrive)."
  (let ((deadline (+ (float-time) 30)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or value
        (if seen
            (e2e-fail "%s; last seen: %s" what (funcall seen))
          (e2e-fail "%s" what)))))

(condition-case err
    (let* ((volume (file-name-as-directory (expand-file-name (getenv "VOLUME"))))
           (d261 (concat volume "d261.emd")))
      (setq emend-program (getenv "EMEND")
            eglot-sync-connect t
            eglot-connect-timeout 20)
      (setq-default eglot-workspace-configuration
                    '(:emend (:severity (:document-gap "error"))))
      (find-file d261)
      (unless (eq major-mode 'emend-mode)
        (e2e-fail "d261.emd opened in %s" major-mode))
      (e2e-say "mode: %s" major-mode)
      ;; `eglot-ensure' connects after the next command.
      (eglot-ensure)
      (run-hooks 'post-command-hook)
      (let ((server (e2e-wait "eglot did not connect" #'eglot-current-server)))
        (e2e-say "connected: %s" (eglot--project-nickname server))
        ;; Diagnostics: the document gap of d261, an error by the settings.
        ;; eglot sends `eglot-workspace-configuration' after connecting, so
        ;; the gap may first come as a warning (the default) and be
        ;; replaced once the server has applied the settings.
        (let* ((seen nil)
               (diag (e2e-wait
                      "document-gap of d261.emd should be an error by eglot-workspace-configuration"
                      (lambda ()
                        (when (bound-and-true-p flymake-mode) (flymake-start))
                        (let* ((all (flymake-diagnostics))
                               (gap (cl-find-if (lambda (d) (string-match-p "documents 257–260 are missing"
                                                                            (flymake-diagnostic-text d)))
                                                all)))
                          (setq seen (mapcar (lambda (d) (format "%s (%s)" (flymake-diagnostic-text d)
                                                                 (flymake-diagnostic-type d)))
                                             all))
                          (and gap (eq (flymake-diagnostic-type gap) 'eglot-error) gap)))
                      (lambda () (if seen (mapconcat #'identity seen " | ")
                                   "no flymake diagnostics for d261.emd")))))
          (e2e-say "DIAGNOSTIC: %s (%s)" (flymake-diagnostic-text diag) (flymake-diagnostic-type diag)))
        ;; Hover "[Llewellyn E. Thompson]{@TLEJ1}" on line 39.
        (goto-char (point-min)) (forward-line 38) (forward-char 10)
        (let* ((hover (jsonrpc-request server :textDocument/hover
                                       (eglot--TextDocumentPositionParams)))
               (text (plist-get (plist-get hover :contents) :value)))
          (e2e-say "HOVER: %s" (replace-regexp-in-string "\n" " / " (or text "")))
          (unless (and text (string-match-p (regexp-quote "**Thompson, Llewellyn E., Jr.**") text))
            (e2e-fail "hover does not name Thompson: %S" hover)))
        ;; Definition of "See Document 256." on line 37, as M-. finds it.
        (goto-char (point-min)) (forward-line 36) (forward-char 12)
        (let* ((defs (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot)))
               (loc (and defs (xref-item-location (car defs))))
               (file (and loc (xref-location-group loc)))
               (line (and loc (xref-location-line loc))))
          (e2e-say "DEFINITION: %s:%s" file line)
          (unless (and file (string-suffix-p "d256.emd" file) (eql line 1))
            (e2e-fail "definition of Document 256: %S" defs)))
        (eglot-shutdown server)
        ;; A FRUS TEI volume opens in emend-tei-mode and is served; other
        ;; XML stays in nxml-mode.
        (let ((tei (getenv "TEI")))
          (when tei
            (find-file tei)
            (unless (eq major-mode 'emend-tei-mode)
              (e2e-fail "the TEI opened in %s" major-mode))
            (eglot-ensure)
            (run-hooks 'post-command-hook)
            (let* ((tei-server (e2e-wait "eglot did not connect for the TEI" #'eglot-current-server))
                   (seen nil)
                   (diag (e2e-wait
                          "the TEI's page-break-space finding on line 87"
                          (lambda ()
                            (when (bound-and-true-p flymake-mode) (flymake-start))
                            (let ((all (flymake-diagnostics)))
                              (setq seen (mapcar #'flymake-diagnostic-text all))
                              (cl-find-if (lambda (d)
                                            (and (string-match-p (regexp-quote "white space before <pb n=\"XII\"/>")
                                                                 (flymake-diagnostic-text d))
                                                 (= 87 (line-number-at-pos (flymake-diagnostic-beg d)))))
                                          all)))
                          (lambda () (if seen (mapconcat #'identity seen " | ") "no flymake diagnostics")))))
              (e2e-say "TEI DIAGNOSTIC: %s" (flymake-diagnostic-text diag))
              (eglot-shutdown tei-server))
            (find-file (expand-file-name "settings.xml" (file-name-directory tei)))
            (when (eq major-mode 'emend-tei-mode)
              (e2e-fail "settings.xml opened in emend-tei-mode"))
            (e2e-say "settings.xml: %s" major-mode)))
        (e2e-say "PASS")
        (kill-emacs 0)))
  (error (e2e-fail "%S" err)))
