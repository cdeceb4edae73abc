-- For users of nvim-lspconfig: register stripeapp as a server and start it. Put this in your
-- config after nvim-lspconfig is loaded. Filetype detection still has to be set up, either with
-- this directory's plugin (which also starts the server on its own: use one or the other) or with:
vim.filetype.add({ extension = { stripeapp = 'stripeapp' } })

-- Neovim 0.11 and later: the built-in vim.lsp.config (nvim-lspconfig not needed).
if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
  vim.lsp.config('stripeapp', {
    cmd = { 'stripeapp', 'lsp' },
    filetypes = { 'stripeapp' },
    root_markers = { '.git' },
  })
  vim.lsp.enable('stripeapp')
  return
end

-- Older Neovim with nvim-lspconfig: define the server once, then set it up.
local configs = require('lspconfig.configs')
if not configs.stripeapp then
  configs.stripeapp = {
    default_config = {
      cmd = { 'stripeapp', 'lsp' },
      filetypes = { 'stripeapp' },
      root_dir = require('lspconfig.util').root_pattern('.git'),
      single_file_support = true,
    },
  }
end
require('lspconfig').stripeapp.setup({})
