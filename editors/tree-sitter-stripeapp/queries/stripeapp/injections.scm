; Comments get the `comment` parser (TODO, FIXME, NOTE …) and `///` doc comments, which
; hover shows and the compiler copies into JSDoc, Markdown's inline syntax, in editors that
; have those parsers; the others skip them.
((comment) @injection.content
  (#set! injection.language "comment"))

((doc_comment) @injection.content
  (#set! injection.language "markdown_inline"))
