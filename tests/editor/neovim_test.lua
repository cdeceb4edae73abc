-- Drives `stripeapp lsp` from headless Neovim (0.7 to current) through editors/neovim, the way
-- a user's editor would: the plugin starts the server, and the checks go through Neovim's own
-- commands and handlers (vim.lsp.buf.hover/definition/code_action, the formatting command, the
-- diagnostics handler, the tree-sitter highlighter) wherever a headless editor can. Run by
-- tests/editor/run_neovim.sh, which sets:
--   STRIPEAPP_BIN        the stripeapp executable
--   STRIPEAPP_TEST_FILE  a .stripeapp file written for this run
--   STRIPEAPP_EDITOR_DIR editors/neovim
--   STRIPEAPP_TS_DIR     a directory to build the tree-sitter parser into
-- Prints one line per check and quits with status 0 when all pass, 1 otherwise.

local bin = assert(os.getenv('STRIPEAPP_BIN'), 'STRIPEAPP_BIN')
local file = assert(os.getenv('STRIPEAPP_TEST_FILE'), 'STRIPEAPP_TEST_FILE')
local editor_dir = assert(os.getenv('STRIPEAPP_EDITOR_DIR'), 'STRIPEAPP_EDITOR_DIR')
local ts_dir = assert(os.getenv('STRIPEAPP_TS_DIR'), 'STRIPEAPP_TS_DIR')
-- A view's TypeScript in an app of its own (STRIPEAPP_TEST_CODE_APP is its .stripeapp file).
local code_file = assert(os.getenv('STRIPEAPP_TEST_CODE'), 'STRIPEAPP_TEST_CODE')

local TIMEOUT = 10000 -- ms for any single wait

local function out(line)
  io.stdout:write(line .. '\n')
end

local function fail(msg)
  error(msg, 2)
end

local function wait(what, cond)
  if not vim.wait(TIMEOUT, cond, 10) then
    fail('timed out waiting for ' .. what)
  end
end

-- ---------------------------------------------------------------------------------------------
-- What differs between Neovim versions
-- ---------------------------------------------------------------------------------------------

local version = vim.version()
out(('  Neovim %d.%d.%d'):format(version.major, version.minor, version.patch))

-- The client named `name` (default: the .stripeapp server, `stripeapp`) attached to `buf`.
local function client_of(buf, name)
  name = name or 'stripeapp'
  if vim.lsp.get_clients ~= nil then
    return vim.lsp.get_clients({ bufnr = buf, name = name })[1]
  end
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    if c.name == name then
      return c
    end
  end
end

local function is_stopped(client)
  return client.is_stopped(client) -- a method since 0.11, a closure before; both take this call
end

-- Character count of `text` in the client's position encoding.
local function units(text, encoding)
  if encoding == 'utf-8' then
    return #text
  end
  local ok, n = pcall(vim.str_utfindex, text, encoding) -- 0.11: (s, encoding, index)
  if ok and type(n) == 'number' then
    return n
  end
  local utf32, utf16 = vim.str_utfindex(text)
  return encoding == 'utf-16' and utf16 or utf32
end

-- The byte index of the character `n` units (in the client's encoding) into `text`.
local function bytes(text, n, encoding)
  if encoding == 'utf-8' then
    return n
  end
  local ok, b = pcall(vim.str_byteindex, text, encoding, n) -- 0.11: (s, encoding, index)
  if ok and type(b) == 'number' then
    return b
  end
  return vim.str_byteindex(text, n, encoding == 'utf-16')
end

local function query_get(lang, name)
  if vim.treesitter.query.get ~= nil then
    return vim.treesitter.query.get(lang, name)
  end
  return vim.treesitter.query.get_query(lang, name)
end

-- The publishDiagnostics versions the server sent, per buffer, to wait for the analysis of a
-- given edit. Wraps the handler Neovim installed, which still does the work.
local published = {}
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  local buf = vim.uri_to_bufnr(result.uri)
  published[buf] = { version = result.version or -1, count = #result.diagnostics }
  return default_publish(err, result, ctx, config)
end

-- Waits until the server has published diagnostics for the buffer's current text.
local function settle(buf)
  local want = vim.lsp.util.buf_versions[buf]
  wait('diagnostics for version ' .. tostring(want), function()
    local p = published[buf]
    return p ~= nil and p.version >= want
  end)
end

local function find_line(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return i - 1, col - 1 -- 0-based line, 0-based byte column (as vim.diagnostic has them)
    end
  end
  fail('no line contains ' .. needle)
end

local function diagnostics_with(buf, code)
  return vim.tbl_filter(function(d)
    return d.code == code
  end, vim.diagnostic.get(buf))
end

local function request(buf, method, params)
  local responses = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
  for _, r in pairs(responses or {}) do
    if r.err then
      fail(method .. ': ' .. vim.inspect(r.err))
    end
    return r.result
  end
  fail(method .. ': no response')
end

local function position_params(buf, line, col)
  vim.api.nvim_win_set_cursor(0, { line + 1, col })
  return vim.lsp.util.make_position_params(0, client_of(buf).offset_encoding)
end

-- The text of every floating window, closing them.
local function floating_text()
  local texts = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
      table.insert(texts, table.concat(lines, '\n'))
      vim.api.nvim_win_close(win, true)
    end
  end
  return table.concat(texts, '\n')
end

local checks = {}
local function check(name, fn)
  table.insert(checks, { name = name, fn = fn })
end

local buf
local parser_built = false

check('the server starts and attaches through editors/neovim', function()
  dofile(editor_dir .. '/stripeapp.lua')
  -- The plugin builds the tree-sitter parser; the test puts it first on 'runtimepath'.
  -- (A failed build fails the tree-sitter check below, not this one.)
  parser_built = require('stripeapp').build_parser(ts_dir)
  vim.opt.runtimepath:prepend(ts_dir)
  -- Send every change at once (no debounce): the prefix check below makes hundreds of them.
  require('stripeapp').setup({ cmd = { bin, 'lsp' }, flags = { debounce_text_changes = 0 } })
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  buf = vim.api.nvim_get_current_buf()
  if vim.bo[buf].filetype ~= 'stripeapp' then
    fail('filetype is ' .. vim.bo[buf].filetype)
  end
  wait('the client to attach', function()
    return client_of(buf) ~= nil and client_of(buf).initialized
  end)
  out('  position encoding: ' .. client_of(buf).offset_encoding)
  out('  started with: ' .. (vim.lsp.start and 'vim.lsp.start' or 'vim.lsp.start_client + buf_attach_client'))
end)

check('tree-sitter highlights the buffer with the grammar and its queries', function()
  if not parser_built then
    fail('require("stripeapp").build_parser() failed')
  end
  if vim.treesitter.highlighter.active[buf] == nil then
    fail('no tree-sitter highlighter on the buffer')
  end
  local parser = vim.treesitter.get_parser(buf, 'stripeapp')
  local root = parser:parse()[1]:root()
  if root:has_error() then
    fail('the test file parses with an error: ' .. root:sexpr())
  end
  local query = query_get('stripeapp', 'highlights')
  local function captures_at(line, col)
    local names = {}
    for id, node in query:iter_captures(root, buf, line, line + 1) do
      local sr, sc, er, ec = node:range()
      if sr == line and sc <= col and (er > line or ec > col) then
        names[query.captures[id]] = true
      end
    end
    return names
  end
  local expect = {
    { 'permission invoice_read', 0, 'keyword' },
    { 'invoice_read', 0, 'constant' },
    { 'PointsPanel', 0, 'type' },
    { 'customers.retrieve', 0, 'function.method' },
    { 'award_points', 0, 'function' },
    { '"Loyalty Points"', 0, 'string' },
    { '// Written', 0, 'comment' },
    { "/// Shows", 0, 'comment.documentation' },
    { 'https://points.example.org/hooks"', 0, 'string.special.url' },
  }
  for _, e in ipairs(expect) do
    local line, col = find_line(buf, e[1])
    local names = captures_at(line, col + e[2])
    if not names[e[3]] then
      fail(('%s: want @%s, have %s'):format(e[1], e[3], vim.inspect(vim.tbl_keys(names))))
    end
  end
  out('  folds query: ' .. (query_get('stripeapp', 'folds') and 'loaded' or 'missing'))
end)

check('diagnostics arrive at the right line and column', function()
  wait('diagnostics', function()
    return #diagnostics_with(buf, 'E0301') > 0
  end)
  local line, col = find_line(buf, 'customers.retrieve')
  local found = false
  for _, d in ipairs(diagnostics_with(buf, 'E0301')) do
    if d.lnum == line and d.col == col and d.end_col == col + #'customers.retrieve' then
      found = d.message:find('customer_read', 1, true) ~= nil
    end
  end
  if not found then
    fail(('no E0301 at %d:%d in %s'):format(line, col, vim.inspect(vim.diagnostic.get(buf))))
  end
end)

check('hover (K) shows the method under the cursor in a floating window', function()
  local line, col = find_line(buf, 'customers.retrieve')
  local result = request(buf, 'textDocument/hover', position_params(buf, line, col + 3))
  local text = result and result.contents and result.contents.value or ''
  if not (text:find('GET /v1/customers/{id}', 1, true) and text:find('customer_read', 1, true)) then
    fail('hover: ' .. text)
  end
  out('  hover format: ' .. tostring(result.contents.kind))
  floating_text()
  vim.lsp.buf.hover()
  local shown = ''
  wait('the hover window', function()
    shown = shown .. floating_text()
    return shown:find('customer_read', 1, true) ~= nil
  end)
end)

check('go to definition jumps from `uses` to the endpoint', function()
  local line, col = find_line(buf, 'uses award_points')
  position_params(buf, line, col + #'uses ' + 2)
  vim.lsp.buf.definition()
  local want_line, want_col = find_line(buf, 'endpoint award_points')
  wait('the cursor to move to the endpoint', function()
    local cursor = vim.api.nvim_win_get_cursor(0)
    return cursor[1] - 1 == want_line and cursor[2] == want_col + #'endpoint '
  end)
end)

check('a quick fix (code action menu) inserts the missing permission', function()
  local line, col = find_line(buf, 'customers.retrieve')
  vim.api.nvim_win_set_cursor(0, { line + 1, col + 2 })
  -- The menu a user picks from: choose the fix by its title. The items are
  -- { client_id, action } up to 0.9 and { action = …, ctx = … } since 0.10.
  local offered = {}
  local select = vim.ui.select
  vim.ui.select = function(items, _, on_choice)
    for i, item in ipairs(items) do
      local action = item.action or item[2]
      table.insert(offered, action.title)
      if action.title == 'Add `permission customer_read`' then
        return on_choice(item, i)
      end
    end
    on_choice(nil, nil)
  end
  local ok, err = pcall(vim.lsp.buf.code_action)
  if not ok then
    vim.ui.select = select
    fail(err)
  end
  wait('the permission line', function()
    for _, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      if l:match('^permission customer_read "') then
        return true
      end
    end
    return false
  end)
  vim.ui.select = select
  out('  offered: ' .. table.concat(offered, ' | '))
  local perm_line = find_line(buf, 'permission customer_read')
  local prev_line = find_line(buf, 'permission invoice_read')
  if perm_line ~= prev_line + 1 then
    fail('inserted at line ' .. perm_line .. ', expected ' .. (prev_line + 1))
  end
  settle(buf)
  local retrieve_line = find_line(buf, 'customers.retrieve')
  for _, d in ipairs(diagnostics_with(buf, 'E0301')) do
    if d.lnum == retrieve_line then
      fail('E0301 is still reported after the fix')
    end
  end
end)

check('diagnostics follow edits', function()
  local line, col = find_line(buf, 'invoices.list')
  vim.api.nvim_buf_set_text(buf, line, col, line, col + #'invoices.list', { 'invoices.lsit' })
  settle(buf)
  local hit = false
  for _, d in ipairs(diagnostics_with(buf, 'E0104')) do
    hit = hit or (d.lnum == line and d.col == col)
  end
  if not hit then
    fail('no E0104 at the edit: ' .. vim.inspect(vim.diagnostic.get(buf)))
  end
  vim.api.nvim_buf_set_text(buf, line, col, line, col + #'invoices.lsit', { 'invoices.list' })
  settle(buf)
  if #diagnostics_with(buf, 'E0104') ~= 0 then
    fail('E0104 stayed after the edit was undone')
  end
end)

check('completion after `calls customers.` on a line that does not parse', function()
  local line = find_line(buf, 'calls invoices.list')
  vim.api.nvim_buf_set_lines(buf, line + 1, line + 1, false, { '  calls customers.' })
  settle(buf)
  local text = vim.api.nvim_buf_get_lines(buf, line + 1, line + 2, false)[1]
  local encoding = client_of(buf).offset_encoding
  -- The cursor as in insert mode, just after the `.` (normal mode cannot go past the end).
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = { line = line + 1, character = units(text, encoding) },
  }
  local result = request(buf, 'textDocument/completion', params)
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, item in ipairs(items) do
    if not item.label:match('^customers%.') then
      fail('offered ' .. item.label)
    end
    labels[item.label] = true
  end
  if not (labels['customers.retrieve'] and labels['customers.update']) then
    fail('missing customers.retrieve/update in ' .. #items .. ' items')
  end
  -- What the omnifunc does with them: it starts the completed word where the items' text
  -- edits start (`customers`, not after the `.`), turns the items into matches for the text
  -- typed from there with Neovim's own code, and puts the chosen word there.
  local start_units = items[1].textEdit.range and items[1].textEdit.range.start.character
    or items[1].textEdit.insert.start.character
  local start = bytes(text, start_units, encoding)
  local typed = text:sub(start + 1)
  local matches
  if vim.lsp.completion and vim.lsp.completion._convert_results then
    matches = vim.lsp.completion._convert_results(text, line + 1, #text, client_of(buf).id, #text, nil, result, encoding)
  else
    matches = vim.lsp.util.text_document_completion_list_to_complete_items(result, typed)
  end
  local chosen
  for _, m in ipairs(matches) do
    if m.word == 'customers.retrieve' then
      chosen = m
    end
  end
  if not chosen then
    fail('Neovim kept no customers.retrieve match: ' .. vim.inspect(matches[1]))
  end
  local completed = text:sub(1, start) .. chosen.word
  if completed ~= '  calls customers.retrieve' then
    fail('completing gives ' .. completed)
  end
  out('  Neovim completion matches: ' .. #matches .. ', typed `' .. typed .. '`')
  vim.api.nvim_buf_set_lines(buf, line + 1, line + 2, false, {})
  settle(buf)
end)

check(':StripeappFormat formats the buffer as stripeapp fmt does', function()
  local line = find_line(buf, 'permission invoice_read')
  vim.api.nvim_buf_set_lines(buf, line, line + 1, false, { 'permission   invoice_read     "Show the invoices points were earned on"' })
  settle(buf)
  vim.cmd('StripeappFormat')
  wait('the formatted line', function()
    local now = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
    return now:match('^permission invoice_read +"Show') ~= nil
  end)
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
  local formatted = vim.fn.system({ bin, 'fmt', '-' }, text)
  if vim.v.shell_error == 0 and formatted ~= text then
    fail('the buffer differs from `stripeapp fmt -`:\n' .. text)
  end
end)

-- Inlay hints (the permission each `calls` method needs, after it) once the server has them.
check('inlay hints, when the server announces them', function()
  local caps = client_of(buf).server_capabilities or client_of(buf).resolved_capabilities or {}
  if not caps.inlayHintProvider then
    out('  inlay hints: this Neovim declares no inlay-hint support (0.10 added it), so the server announces none')
    return 'skipped'
  end
  local line, col = find_line(buf, 'customers.retrieve')
  local last = vim.api.nvim_buf_line_count(buf)
  local hints = request(buf, 'textDocument/inlayHint', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = { start = { line = 0, character = 0 }, ['end'] = { line = last, character = 0 } },
  }) or {}
  local found = false
  for _, h in ipairs(hints) do
    local label = type(h.label) == 'string' and h.label
      or table.concat(vim.tbl_map(function(part) return part.value end, h.label), '')
    if h.position.line == line and label:find('customer_read', 1, true) then
      found = true
    end
  end
  if not found then
    fail('no inlay hint naming customer_read on line ' .. line .. ': ' .. vim.inspect(hints))
  end
  if vim.lsp.inlay_hint ~= nil and vim.lsp.inlay_hint.enable ~= nil then
    vim.lsp.inlay_hint.enable(true, { bufnr = buf })
    out('  inlay hints: enabled in the editor')
  end
  out(('  inlay hints: %d, one naming customer_read after customers.retrieve (col %d)'):format(#hints, col))
end)

check('the server survives every prefix of the file', function()
  local full = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
  local client = client_of(buf)
  local n = 0
  local i = 0
  while i <= #full do
    local b = full:byte(i + 1)
    -- Cut only at character boundaries (not before a UTF-8 continuation byte).
    if b == nil or b < 0x80 or b >= 0xC0 then
      local prefix = full:sub(1, i)
      vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(prefix, '\n', { plain = true }))
      settle(buf)
      if is_stopped(client) or client_of(buf) == nil then
        fail('the server stopped at prefix length ' .. i)
      end
      n = n + 1
    end
    i = i + 1
  end
  -- Finish with a request to prove it still answers.
  local result = request(buf, 'textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params(buf) })
  if type(result) ~= 'table' or #result == 0 then
    fail('no symbols after the prefixes')
  end
  out('  prefixes: ' .. n)
end)

check("an app's TypeScript gets the code findings from a code-only client beside nothing else", function()
  vim.cmd('edit ' .. vim.fn.fnameescape(code_file))
  local tsbuf = vim.api.nvim_get_current_buf()
  local ft = vim.bo[tsbuf].filetype
  if ft ~= 'typescriptreact' and ft ~= 'typescript' then
    fail('filetype is ' .. ft)
  end
  local function code_client()
    return client_of(tsbuf, 'stripeapp-code')
  end
  wait('the code client to attach', function()
    return code_client() ~= nil and code_client().initialized
  end)
  if client_of(tsbuf) ~= nil then
    fail('the full stripeapp client attached to a TypeScript buffer')
  end
  local caps = code_client().server_capabilities or code_client().resolved_capabilities
  if caps.hoverProvider or caps.completionProvider or caps.documentFormattingProvider
      or caps.hover or caps.completion or caps.document_formatting then
    fail('the code client claims more than code actions: ' .. vim.inspect(caps))
  end
  wait('E0701 in the TypeScript', function()
    return #diagnostics_with(tsbuf, 'E0701') > 0
  end)
  local d = diagnostics_with(tsbuf, 'E0701')[1]
  local line, col = find_line(tsbuf, 'stripe.customers.del')
  if d.lnum ~= line or d.col ~= col then
    fail(('E0701 at %d:%d, the call is at %d:%d'):format(d.lnum, d.col, line, col))
  end
  if not d.message:find('customers.del', 1, true) then
    fail('message: ' .. d.message)
  end
end)

-- A check that returns 'skipped' had nothing to check (and says why).
local failed, skipped = 0, 0
for _, c in ipairs(checks) do
  local ok, err = pcall(c.fn)
  if ok and err == 'skipped' then
    skipped = skipped + 1
    out('SKIP ' .. c.name)
  elseif ok then
    out('ok   ' .. c.name)
  else
    failed = failed + 1
    out('FAIL ' .. c.name .. ': ' .. tostring(err))
  end
end
out(('%d passed, %d failed, %d skipped'):format(#checks - failed - skipped, failed, skipped))
io.stdout:flush()
if failed > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
