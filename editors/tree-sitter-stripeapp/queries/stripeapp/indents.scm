; Indentation: the statements of a block are indented one level, and its `}` goes back.
; Written once for three vocabularies, each editor ignoring the captures it does not know:
; nvim-treesitter (`@indent.begin`, `@indent.branch`, `@indent.end`), older nvim-treesitter
; for Neovim 0.7 (`@indent`, `@branch`) and Helix (`@indent`, `@outdent`).
[
  (app_block)
  (urls_block)
  (view_block)
  (backend_block)
  (handler_block)
  (profile_block)
] @indent @indent.begin

"}" @outdent @branch @indent.branch @indent.end
