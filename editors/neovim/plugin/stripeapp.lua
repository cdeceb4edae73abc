-- Loaded automatically when editors/neovim is on 'runtimepath'.
if vim.g.loaded_stripeapp then
  return
end
vim.g.loaded_stripeapp = true
require('stripeapp').setup()
