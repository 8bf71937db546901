;; Redline with eglot (Emacs 28+, eglot 1.9+): `redline serve` for Python buffers.
(require 'eglot)
(add-to-list 'eglot-server-programs
             '((python-mode python-ts-mode)
               . ("redline" "serve"
                  :initializationOptions (:redline (:run "onType" :syntaxErrors t)))))
(setq-default eglot-workspace-configuration
              '((:redline . (:tiers ["vuln"] :minSeverity "low"))))
(add-hook 'python-mode-hook #'eglot-ensure)
