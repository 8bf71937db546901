;;; redline-test.el --- End-to-end driver for Emacs + eglot 1.9 in batch mode  -*- lexical-binding: t -*-

;; Loads the README setup (redline-eglot.el), visits REDLINE_TEST_FILE, waits for Redline's
;; pushed diagnostics in flymake, applies the preferred quick fix for REDLINE_TEST_RULE
;; through `eglot-code-actions', saves, waits for the diagnostics to follow, and writes what
;; it saw to REDLINE_TEST_RESULT as JSON.  Batch mode has no command loop: the hooks and idle
;; timers the command loop would run (eglot-ensure, didChange, flymake) are run by hand.

(require 'cl-lib)
(require 'json)
(require 'flymake)

(load (expand-file-name "redline-eglot.el" (file-name-directory load-file-name)) nil t)

(defvar redline-test-timeout
  (/ (string-to-number (or (getenv "REDLINE_TEST_TIMEOUT_MS") "20000")) 1000.0))
(defvar redline-test-started (float-time))
(defvar redline-test-result nil "Alist written as the JSON result.")

(defun redline-test--note (key value)
  (setq redline-test-result (append redline-test-result (list (cons key value)))))

(defun redline-test--elapsed-ms ()
  (* 1000 (- (float-time) redline-test-started)))

(defun redline-test--run-command-loop-work ()
  "What the command loop does between commands: post-command hooks and idle timers."
  (run-hooks 'post-command-hook)
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer))
  (when (bound-and-true-p flymake-mode)
    (flymake-start nil t)))

(defun redline-test--wait-for (what predicate)
  (let ((deadline (+ (float-time) redline-test-timeout)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (error "Timed out waiting for %s" what))
      (redline-test--run-command-loop-work)
      (accept-process-output nil 0.05))))

(defun redline-test--lsp-diag (diag)
  "The LSP diagnostic eglot received for the flymake diagnostic DIAG."
  (cdr (assoc 'eglot-lsp-diag (eglot--diag-data diag))))

(defun redline-test--diagnostics ()
  "What the user sees: code, message and range of each diagnostic, in buffer order."
  (let ((diags (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))
    (vconcat
     (mapcar (lambda (diag)
               (let ((lsp (redline-test--lsp-diag diag)))
                 `((code . ,(plist-get lsp :code))
                   (source . ,(plist-get lsp :source))
                   (message . ,(plist-get lsp :message))
                   (range . ,(plist-get lsp :range))
                   (highlighted . ,(buffer-substring-no-properties (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag))))))
             diags))))

(defun redline-test--has-code (code)
  (cl-some (lambda (diag) (equal (plist-get (redline-test--lsp-diag diag) :code) code)) (flymake-diagnostics)))

(defun redline-test--apply-preferred-fix (beg end)
  "Run `eglot-code-actions' as the user would, picking the preferred action in the menu."
  (let ((last-nonmenu-event 13)  ; a key press: eglot asks in the minibuffer, not a popup menu
        (offered nil))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt items &rest _)
                 (dolist (item items)
                   (push `((title . ,(car item)) (kind . ,(plist-get (cdr item) :kind))
                           (preferred . ,(if (eq (plist-get (cdr item) :isPreferred) t) t :json-false)))
                         offered))
                 (let ((chosen (car (cl-find-if (lambda (item) (eq (plist-get (cdr item) :isPreferred) t)) items))))
                   (redline-test--note 'applied_action chosen)
                   chosen))))
      (eglot-code-actions beg end nil t))
    (redline-test--note 'code_actions (vconcat (nreverse offered)))))

(defun redline-test--run ()
  (let ((file (or (getenv "REDLINE_TEST_FILE") (error "REDLINE_TEST_FILE not set")))
        (rule (or (getenv "REDLINE_TEST_RULE") (error "REDLINE_TEST_RULE not set"))))
    (redline-test--note 'editor (format "emacs %s, %s" emacs-version
                                        (file-name-nondirectory (directory-file-name (file-name-directory (locate-library "eglot"))))))
    (find-file file)
    (redline-test--note 'major_mode (symbol-name major-mode))
    (redline-test--wait-for "eglot to connect" (lambda () (bound-and-true-p eglot--managed-mode)))
    (redline-test--wait-for "diagnostics" (lambda () (flymake-diagnostics)))
    (redline-test--note 'first_diagnostics_ms (redline-test--elapsed-ms))
    (redline-test--note 'diagnostics (redline-test--diagnostics))
    (let ((target (cl-find-if (lambda (diag) (equal (plist-get (redline-test--lsp-diag diag) :code) rule))
                              (flymake-diagnostics))))
      (unless target (error "No diagnostic for %s" rule))
      (let ((tick (buffer-chars-modified-tick)))
        (redline-test--apply-preferred-fix (flymake-diagnostic-beg target) (flymake-diagnostic-end target))
        (unless (/= tick (buffer-chars-modified-tick))
          (error "The code action did not change the buffer"))))
    (save-buffer)
    (redline-test--wait-for "diagnostics after the fix" (lambda () (not (redline-test--has-code rule))))
    (redline-test--note 'diagnostics_after_fix (redline-test--diagnostics))
    (redline-test--note 'buffer_text (buffer-substring-no-properties (point-min) (point-max)))
    (redline-test--note 'total_ms (redline-test--elapsed-ms))))

(let ((result-file (or (getenv "REDLINE_TEST_RESULT") (error "REDLINE_TEST_RESULT not set"))))
  (condition-case err
      (redline-test--run)
    (error (redline-test--note 'error (error-message-string err))))
  (with-temp-file result-file
    (insert (json-encode redline-test-result)))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs 0))

;;; redline-test.el ends here
