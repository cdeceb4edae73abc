-- Stand-alone entry point: `:luafile path/to/editors/neovim/stripeapp.lua`, or in init.lua
--   dofile('/path/to/editors/neovim/stripeapp.lua').setup({ cmd = { 'stripeapp', 'lsp' } })
-- It puts this directory on 'runtimepath' (for lua/stripeapp and syntax/stripeapp.vim) and sets
-- stripeapp up with the default options; returns the module so that setup() can be called again.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*[/\\])') or './'
here = vim.fn.fnamemodify(here, ':p'):gsub('[/\\]$', '')
if not vim.tbl_contains(vim.api.nvim_list_runtime_paths(), here) then
  vim.opt.runtimepath:append(here)
end
package.loaded['stripeapp'] = nil
local stripeapp = require('stripeapp')
vim.g.loaded_stripeapp = true
return stripeapp.setup()
