-- stripeapp support for Neovim 0.7 (Debian 12's) to current, without nvim-lspconfig:
--   * `*.stripeapp` files get the filetype `stripeapp`;
--   * `//` comments (commentstring, `comments` for gq and `o`);
--   * the language server `stripeapp lsp` (LSP over stdio), started with vim.lsp.start where it
--     exists (0.9+) and with vim.lsp.start_client + vim.lsp.buf_attach_client before that, and
--     shared by all `.stripeapp` buffers under the same root (the nearest directory up from the
--     file that holds a `.git`, else the file's own directory);
--   * tree-sitter highlighting from editors/tree-sitter-stripeapp once its parser is built
--     (`:StripeappBuildParser`, which needs only a C compiler), else the regex syntax file;
--   * in the app's own TypeScript/JavaScript buffers (a `.stripeapp` file in the buffer's folder
--     or a folder above it, up to the one holding package.json or stripe-app.json), a second
--     client, `stripeapp lsp --code-only`: the code scan's findings in that file and quick fixes
--     that edit the `.stripeapp` file. It claims no other capability, so hover, completion,
--     formatting and highlighting stay the TypeScript server's (`code = false` turns it off);
--   * `:StripeappFormat`, which formats with the server on every version (vim.lsp.buf.format
--     arrived in 0.8; 0.7 has vim.lsp.buf.formatting_sync).
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
  -- Attach `<cmd> --code-only` to the TypeScript/JavaScript buffers of an app.
  code = true,
  -- Highlight with tree-sitter when the stripeapp parser is available.
  treesitter = true,
  -- Passed to the client when set.
  on_attach = nil,
  capabilities = nil,
  settings = nil,
  init_options = nil,
  -- Passed to the client (e.g. { debounce_text_changes = 0 }).
  flags = nil,
}

M.config = vim.deepcopy(defaults)

local uv = vim.loop
local group = vim.api.nvim_create_augroup('stripeapp', { clear = true })
local warned_missing = false

-- This file is editors/neovim/lua/stripeapp/init.lua; the grammar is editors/tree-sitter-stripeapp.
local here = debug.getinfo(1, 'S').source:sub(2)
local editors = vim.fn.fnamemodify(here, ':p:h:h:h:h')
--- The tree-sitter grammar's directory (its queries are in queries/stripeapp/).
M.grammar_dir = editors .. '/tree-sitter-stripeapp'

local function warn_once(message)
  if not warned_missing then
    warned_missing = true
    vim.notify(message, vim.log.levels.WARN)
  end
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ':h')
end

--- The directory the server is rooted at for the file `fname`.
function M.root_dir(fname)
  local dir = dirname(fname)
  if dir == nil or dir == '' or dir == '.' then
    dir = vim.fn.getcwd()
  end
  dir = vim.fn.fnamemodify(dir, ':p'):gsub('(.)[/\\]$', '%1')
  local at = dir
  while true do
    for _, marker in ipairs(M.config.root_markers) do
      if exists(at .. '/' .. marker) then
        return at
      end
    end
    local parent = dirname(at)
    if parent == at or parent == '' then
      return dir
    end
    at = parent
  end
end

-- Neovim < 0.9: one client per root, started with start_client and attached per buffer.
local clients_by_root = {}

local function start_compat(config, bufnr)
  local key = config.name .. '\0' .. config.root_dir
  local id = clients_by_root[key]
  local client = id and vim.lsp.get_client_by_id(id)
  if client == nil or client.is_stopped() then
    id = vim.lsp.start_client(config)
    if id == nil then
      return nil
    end
    clients_by_root[key] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- Starts the client `config` for buffer `bufnr` (or attaches the buffer to the running one).
local function start_client(config, bufnr)
  if vim.lsp.start ~= nil then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  return start_compat(config, bufnr)
end

--- Starts (or attaches to) the language server for buffer `bufnr`. Returns the client id, or nil.
function M.start(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local cmd = M.config.cmd
  if type(cmd) == 'table' and vim.fn.executable(cmd[1]) ~= 1 then
    warn_once(
      ("stripeapp: '%s' is not executable; install stripeapp or set cmd in require('stripeapp').setup()"):format(cmd[1])
    )
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
  return start_client(config, bufnr)
end

--- The folder of the app the code file `fname` belongs to: the nearest folder up from it holding
--- exactly one `.stripeapp` file, looking no higher than the first folder holding package.json or
--- stripe-app.json (the server finds the app the same way). nil outside an app.
function M.app_dir(fname)
  if fname == nil or fname == '' then
    return nil
  end
  local at = vim.fn.fnamemodify(dirname(vim.fn.fnamemodify(fname, ':p')), ':p'):gsub('(.)[/\\]$', '%1')
  while true do
    local apps = vim.fn.glob(at .. '/*.stripeapp', true, true)
    if #apps == 1 then
      return at
    end
    if #apps > 1 or exists(at .. '/package.json') or exists(at .. '/stripe-app.json') then
      return nil
    end
    local parent = dirname(at)
    if parent == at or parent == '' then
      return nil
    end
    at = parent
  end
end

--- Attaches `stripeapp lsp --code-only` to the TypeScript/JavaScript buffer `bufnr` when it is
--- part of an app. Returns the client id, or nil.
function M.start_code(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local cmd = M.config.cmd
  if not M.config.code or type(cmd) ~= 'table' or vim.fn.executable(cmd[1]) ~= 1 then
    return nil
  end
  local app = M.app_dir(vim.api.nvim_buf_get_name(bufnr))
  if app == nil then
    return nil
  end
  local code_cmd = vim.deepcopy(cmd)
  table.insert(code_cmd, '--code-only')
  local config = {
    name = 'stripeapp-code',
    cmd = code_cmd,
    root_dir = app,
    capabilities = M.config.capabilities,
    flags = M.config.flags,
  }
  return start_client(config, bufnr)
end

--- Filetypes of the code the server scans.
M.code_filetypes = { 'typescript', 'typescriptreact', 'javascript', 'javascriptreact' }

--- Formats the buffer with the server (what `stripeapp fmt` does), on any Neovim version.
function M.format(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if vim.lsp.buf.format ~= nil then
    vim.lsp.buf.format({ bufnr = bufnr, name = 'stripeapp', async = false })
  else
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.buf.formatting_sync(nil, 5000)
    end)
  end
end

-- ---------------------------------------------------------------------------------------------
-- Tree-sitter
-- ---------------------------------------------------------------------------------------------

local function parser_file()
  return vim.api.nvim_get_runtime_file('parser/stripeapp.so', false)[1]
end

--- Compiles the grammar's generated parser (src/parser.c, committed) into
--- `<output_dir>/parser/stripeapp.so` (default: the grammar's directory, which setup() puts on
--- 'runtimepath'). Needs a C compiler (`cc`, or $CC). Returns true on success.
function M.build_parser(output_dir)
  output_dir = output_dir or M.grammar_dir
  local cc = vim.env.CC
  if cc == nil or cc == '' then
    cc = 'cc'
  end
  vim.fn.mkdir(output_dir .. '/parser', 'p')
  local out = output_dir .. '/parser/stripeapp.so'
  local src = M.grammar_dir .. '/src'
  local result = vim.fn.system({ cc, '-o', out, '-shared', '-fPIC', '-Os', '-I', src, src .. '/parser.c' })
  if vim.v.shell_error ~= 0 then
    vim.notify('stripeapp: building the tree-sitter parser failed:\n' .. result, vim.log.levels.ERROR)
    return false
  end
  return true
end

--- Highlights buffer `bufnr` with tree-sitter when the parser is available. Returns true if it did.
function M.start_treesitter(bufnr)
  if not M.config.treesitter or vim.treesitter == nil or parser_file() == nil then
    return false
  end
  if vim.treesitter.start ~= nil then
    return (pcall(vim.treesitter.start, bufnr, 'stripeapp'))
  end
  -- Neovim 0.7: the highlighter by hand, once per buffer.
  if vim.treesitter.highlighter.active[bufnr] ~= nil then
    return true
  end
  local ok, parser = pcall(vim.treesitter.get_parser, bufnr, 'stripeapp')
  if not ok then
    return false
  end
  vim.treesitter.highlighter.new(parser)
  return true
end

-- nvim-treesitter users can `:TSInstall stripeapp` from the grammar's directory.
local function register_with_nvim_treesitter()
  local ok, parsers = pcall(require, 'nvim-treesitter.parsers')
  if not ok or type(parsers) ~= 'table' then
    return
  end
  local info = { url = M.grammar_dir, path = M.grammar_dir, files = { 'src/parser.c' } }
  if type(parsers.get_parser_configs) == 'function' then
    parsers.get_parser_configs().stripeapp = { install_info = info, filetype = 'stripeapp' }
  else
    parsers.stripeapp = { install_info = info, tier = 3 }
  end
end

-- ---------------------------------------------------------------------------------------------
-- Setup
-- ---------------------------------------------------------------------------------------------

--- Buffer-local settings for a stripeapp buffer.
function M.on_filetype(bufnr)
  vim.bo[bufnr].commentstring = '// %s'
  vim.bo[bufnr].comments = ':///,://'
  -- <C-x><C-o> completes from the server (Neovim 0.8+ sets this on attach; 0.7 does not).
  if vim.bo[bufnr].omnifunc == '' then
    vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end
  M.start_treesitter(bufnr)
  if M.config.autostart then
    M.start(bufnr)
  end
end

--- Registers the filetype, the autocommands and the commands. Safe to call more than once.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.cmd then
    M.config.cmd = opts.cmd -- a list replaces the default list, it is not merged into it
  end
  if opts and opts.root_markers then
    M.config.root_markers = opts.root_markers
  end

  -- The grammar's queries (queries/stripeapp/*.scm) and a parser built there.
  if exists(M.grammar_dir) and not vim.tbl_contains(vim.api.nvim_list_runtime_paths(), M.grammar_dir) then
    vim.opt.runtimepath:append(M.grammar_dir)
  end
  register_with_nvim_treesitter()

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
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.code_filetypes,
    callback = function(args)
      M.start_code(args.buf)
    end,
  })
  vim.api.nvim_create_user_command('StripeappFormat', function()
    M.format(0)
  end, { desc = 'Format the buffer with stripeapp lsp (stripeapp fmt)' })
  vim.api.nvim_create_user_command('StripeappBuildParser', function()
    if M.build_parser() then
      vim.notify('stripeapp: built ' .. M.grammar_dir .. '/parser/stripeapp.so; reopen .stripeapp buffers')
    end
  end, { desc = 'Compile the stripeapp tree-sitter parser' })
  -- Buffers that were already open when setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'stripeapp' then
      M.on_filetype(buf)
    elseif vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.code_filetypes, vim.bo[buf].filetype) then
      M.start_code(buf)
    end
  end
  return M
end

return M
