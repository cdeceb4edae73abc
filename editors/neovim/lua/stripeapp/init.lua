-- stripeapp support for Neovim >= 0.9, without nvim-lspconfig:
--   * `*.stripeapp` files get the filetype `stripeapp`;
--   * `//` comments (commentstring, `comments` for gq and `o`);
--   * the language server `stripeapp lsp` (LSP over stdio) is started with vim.lsp.start and
--     shared by all `.stripeapp` buffers under the same root (the nearest directory up from the
--     file that holds a `.git`, else the file's own directory).
--
-- Use it as a plugin (add editors/neovim to 'runtimepath'; plugin/stripeapp.lua calls setup()),
-- or with `dofile`/`:luafile` on editors/neovim/stripeapp.lua. Call setup() again to change options:
--
--   require('stripeapp').setup({ cmd = { '/opt/stripeapp/bin/stripeapp', 'lsp' } })

local M = {}

local defaults = {
  -- The server command: the executable and its arguments.
  cmd = { 'stripeapp', 'lsp' },
  -- Files or directories whose nearest ancestor directory becomes the server's root.
  root_markers = { '.git' },
  -- Start the server when a stripeapp buffer is opened.
  autostart = true,
  -- Passed to vim.lsp.start when set.
  on_attach = nil,
  capabilities = nil,
  settings = nil,
  init_options = nil,
  -- Passed to vim.lsp.start (e.g. { debounce_text_changes = 0 }).
  flags = nil,
}

M.config = vim.deepcopy(defaults)

local group = vim.api.nvim_create_augroup('stripeapp', { clear = true })
local warned_missing = false

--- The directory the server is rooted at for the file `fname`.
function M.root_dir(fname)
  local dir = vim.fs.dirname(fname)
  if dir == nil or dir == '' then
    dir = vim.fn.getcwd()
  end
  local found = vim.fs.find(M.config.root_markers, { path = dir, upward = true })[1]
  if found ~= nil then
    return vim.fs.dirname(found)
  end
  return dir
end

--- Starts (or attaches to) the language server for buffer `bufnr`. Returns the client id, or nil.
function M.start(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if vim.lsp.start == nil then
    if not warned_missing then
      warned_missing = true
      vim.notify('stripeapp: the language server needs Neovim 0.9 or later (vim.lsp.start)', vim.log.levels.WARN)
    end
    return nil
  end
  local cmd = M.config.cmd
  if type(cmd) == 'table' and vim.fn.executable(cmd[1]) ~= 1 then
    if not warned_missing then
      warned_missing = true
      vim.notify(
        ("stripeapp: '%s' is not executable; install stripeapp or set cmd in require('stripeapp').setup()"):format(cmd[1]),
        vim.log.levels.WARN
      )
    end
    return nil
  end
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local config = {
    name = 'stripeapp',
    cmd = cmd,
    root_dir = M.root_dir(fname ~= '' and fname or (vim.fn.getcwd() .. '/untitled.stripeapp')),
    on_attach = M.config.on_attach,
    capabilities = M.config.capabilities,
    settings = M.config.settings,
    init_options = M.config.init_options,
    flags = M.config.flags,
  }
  return vim.lsp.start(config, { bufnr = bufnr })
end

--- Buffer-local settings for a stripeapp buffer.
function M.on_filetype(bufnr)
  vim.bo[bufnr].commentstring = '// %s'
  vim.bo[bufnr].comments = ':///,://'
  if M.config.autostart then
    M.start(bufnr)
  end
end

--- Registers the filetype and the autocommands. Safe to call more than once.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.cmd then
    M.config.cmd = opts.cmd -- a list replaces the default list, it is not merged into it
  end
  if opts and opts.root_markers then
    M.config.root_markers = opts.root_markers
  end

  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { stripeapp = 'stripeapp' } })
  end
  vim.api.nvim_clear_autocmds({ group = group })
  -- Also detect by autocommand: Neovim 0.7 only consults vim.filetype.add when
  -- g:do_filetype_lua is set, and `setfiletype` never overrides a filetype already set.
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = '*.stripeapp',
    command = 'setfiletype stripeapp',
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'stripeapp',
    callback = function(args)
      M.on_filetype(args.buf)
    end,
  })
  -- Buffers that were already open when setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'stripeapp' then
      M.on_filetype(buf)
    end
  end
  return M
end

return M
