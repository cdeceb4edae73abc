; Every block folds (Neovim's `foldexpr=v:lua.vim.treesitter.foldexpr()`, nvim-treesitter).
[
  (app_block)
  (urls_block)
  (view_block)
  (backend_block)
  (handler_block)
  (profile_block)
] @fold
