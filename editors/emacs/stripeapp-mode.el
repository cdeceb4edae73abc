;;; stripeapp-mode.el --- Major mode for .stripeapp files -*- lexical-binding: t -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: languages

;;; Commentary:

;; Editing `.stripeapp' files (Stripe Apps described in one file): `//' comments, keyword,
;; name, string and number highlighting, two-space block indentation, and the language
;; server `stripeapp lsp' registered with eglot (Emacs 29's built-in eglot, or the eglot
;; package on Emacs 26 to 28, such as Debian's elpa-eglot).  Start it with M-x eglot, or
;; with (add-hook 'stripeapp-mode-hook #'eglot-ensure).
;;
;; Dotted names (`customers.retrieve', `stripe.dashboard.payment-link.detail') are symbols,
;; so completion after `calls customers.' replaces the whole name.

;;; Code:

(defgroup stripeapp nil
  "Editing .stripeapp files."
  :group 'languages)

(defcustom stripeapp-indent-offset 2
  "Indentation of the statements in a block."
  :type 'integer)

(defcustom stripeapp-server-command '("stripeapp" "lsp")
  "The language server's command line, registered with eglot."
  :type '(repeat string))

;; Every keyword of the language's table (src/syntax/language.rs); tests/editor_keywords.rs
;; fails when one is missing here.
(defconst stripeapp--keywords
  '("app" "permission" "urls" "view" "on" "backend" "name" "version" "icon" "distribution"
    "api_access" "sandbox_install" "post_install" "redirect" "constant" "connect" "image"
    "title" "calls" "fetch" "uses" "webhooks" "endpoint" "job" "roles" "expand" "platform"
    "profile" "runtime" "health" "public" "oauth_callback")
  "Words that start a statement.")

(defvar stripeapp-mode-syntax-table
  (let ((table (make-syntax-table)))
    ;; `//' to the end of the line.
    (modify-syntax-entry ?/ ". 12" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\r ">" table)
    ;; Dotted names and dashes are part of a name.
    (modify-syntax-entry ?. "_" table)
    (modify-syntax-entry ?- "_" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    table)
  "Syntax table for `stripeapp-mode'.")

(defvar stripeapp-font-lock-keywords
  `(;; A keyword where a statement starts: at the start of a line, after `{' or `;'.
    (,(concat "\\(?:^\\|[{;]\\)[ \t]*\\(" (regexp-opt stripeapp--keywords) "\\)\\_>")
     1 font-lock-keyword-face)
    ("\\_<view[ \t]+\\([A-Za-z_][A-Za-z0-9_]*\\)" 1 font-lock-type-face)
    ("\\_<\\(?:permission\\|constant\\)[ \t]+\\([A-Za-z_][A-Za-z0-9_]*\\)"
     1 font-lock-constant-face)
    ("\\_<\\(?:endpoint\\|job\\)[ \t]+\\([A-Za-z_][A-Za-z0-9_]*\\)"
     1 font-lock-function-name-face)
    ;; `public' is also a value (`distribution public'), so a public route is recognised
    ;; only where a statement starts: its name, then its optional HTTP method.
    ("\\(?:^\\|[{;]\\)[ \t]*public[ \t]+\\([A-Za-z_][A-Za-z0-9_]*\\)\\_>\\(?:[ \t]+\\(GET\\|POST\\|PUT\\|PATCH\\|DELETE\\)\\_>\\)?"
     (1 font-lock-function-name-face) (2 font-lock-constant-face nil t))
    ("\\(?:^\\|[{;]\\)[ \t]*runtime[ \t]+\\(node\\|python\\)\\_>" 1 font-lock-constant-face)
    ("\\_<\\(true\\|false\\)\\_>" 1 font-lock-constant-face)
    ("\\_<-?[0-9][0-9.eE+-]*\\_>" . font-lock-constant-face))
  "Highlighting for `stripeapp-mode'.")

(defun stripeapp-indent-line ()
  "Indent the current line by the depth of the blocks around it."
  (interactive)
  (let* ((depth (save-excursion (car (syntax-ppss (line-beginning-position)))))
         (closing (save-excursion (back-to-indentation) (looking-at-p "}")))
         (column (* stripeapp-indent-offset (max 0 (if closing (1- depth) depth)))))
    (if (<= (current-column) (current-indentation))
        (indent-line-to column)
      (save-excursion (indent-line-to column)))))

;;;###autoload
(define-derived-mode stripeapp-mode prog-mode "stripeapp"
  "Major mode for .stripeapp files."
  (setq-local comment-start "// ")
  (setq-local comment-start-skip "//+[ \t]*")
  (setq-local comment-end "")
  (setq-local indent-line-function #'stripeapp-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults '(stripeapp-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.stripeapp\\'" . stripeapp-mode))

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `(stripeapp-mode . ,(lambda (&rest _) stripeapp-server-command))))

(provide 'stripeapp-mode)
;;; stripeapp-mode.el ends here
