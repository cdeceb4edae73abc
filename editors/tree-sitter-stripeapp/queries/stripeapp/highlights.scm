; Highlights for `.stripeapp`. Capture names are the common ones that Neovim (0.7 to current),
; Helix and the tree-sitter CLI all understand; each editor falls back from `a.b.c` to `a.b`
; and `a`. No predicates, so the file means the same under every regex engine. The patterns
; never capture the same node twice, so the order of precedence of each editor is moot.

[
  "app"
  "permission"
  "urls"
  "view"
  "on"
  "backend"
  "name"
  "version"
  "icon"
  "distribution"
  "api_access"
  "sandbox_install"
  "post_install"
  "redirect"
  "constant"
  "connect"
  "image"
  "title"
  "calls"
  "fetch"
  "uses"
  "webhooks"
  "endpoint"
  "job"
  "roles"
  "runtime"
  "custom"
  "health"
  "public"
  "oauth_callback"
  "profile"
  "expand"
  "platform"
] @keyword

(comment) @comment
(doc_comment) @comment.documentation

(string) @string
(escape_sequence) @string.escape
; URLs: the text of the strings that hold one.
(url_list (string (string_content) @string.special.url))
(backend_declaration url: (string (string_content) @string.special.url))
(profile_backend_statement url: (string (string_content) @string.special.url))
(redirect_statement url: (string (string_content) @string.special.url))
(post_install_statement url: (string (string_content) @string.special.url))

(number) @number
(boolean) @boolean

; Declared names.
(permission_declaration name: (identifier) @constant)
(constant_statement name: (identifier) @constant)
(view_declaration component: (identifier) @type)
(endpoint_declaration name: (identifier) @function)
(job_declaration name: (identifier) @function)
(public_declaration name: (identifier) @function)
(public_declaration method: (identifier) @constant.builtin)
(profile_declaration name: (profile_name) @namespace)

; Names from Stripe's catalogue and the keyword values.
(view_declaration viewport: (path) @constant.builtin)
(handler_declaration event: (path) @constant.builtin)
(calls_statement method: (path) @function.method)
(expand_statement method: (path) @function.method)
(expand_statement field: (path) @property)
(platform_calls_statement method: (path) @function.method)
(uses_statement endpoint: (identifier) @function)
(distribution_statement value: (identifier) @constant.builtin)
(api_access_statement value: (identifier) @constant.builtin)
(sandbox_install_statement value: (identifier) @constant.builtin)
(post_install_statement value: (identifier) @constant.builtin)
(runtime_statement value: (identifier) @constant.builtin)

["{" "}"] @punctuation.bracket
["," ";"] @punctuation.delimiter
