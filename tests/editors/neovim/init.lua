-- End-to-end driver for Neovim 0.7 (`nvim --headless -u init.lua`): loads the README setup
-- (redline.lua), opens REDLINE_TEST_FILE, waits for Redline's pushed diagnostics, applies the
-- preferred quick fix for REDLINE_TEST_RULE through Neovim's own code action UI, saves, waits
-- for the diagnostics to follow, and writes what it saw to REDLINE_TEST_RESULT as JSON.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)")
vim.cmd("filetype on")
dofile(here .. "redline.lua")

local file = assert(os.getenv("REDLINE_TEST_FILE"), "REDLINE_TEST_FILE not set")
local result_path = assert(os.getenv("REDLINE_TEST_RESULT"), "REDLINE_TEST_RESULT not set")
local rule = assert(os.getenv("REDLINE_TEST_RULE"), "REDLINE_TEST_RULE not set")
local timeout_ms = tonumber(os.getenv("REDLINE_TEST_TIMEOUT_MS") or "20000")
local started = vim.loop.hrtime()
local result = { editor = "neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) }

local function elapsed_ms()
  return (vim.loop.hrtime() - started) / 1e6
end

-- What the user sees: code, message and range of each diagnostic in the buffer, in line order.
local function diagnostics(bufnr)
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(seen, {
      code = d.code, source = d.source, message = d.message,
      range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
    })
  end
  table.sort(seen, function(a, b) return a.range.start.line < b.range.start.line end)
  return seen
end

local function wait_for(what, condition)
  if not vim.wait(timeout_ms, condition, 20) then
    error("timed out waiting for " .. what)
  end
end

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  wait_for("diagnostics", function() return #vim.diagnostic.get(bufnr) > 0 end)
  result.first_diagnostics_ms = elapsed_ms()
  result.diagnostics = diagnostics(bufnr)

  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == rule then target = d end
  end
  assert(target, "no diagnostic for " .. rule)
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })

  -- The user picks the preferred quick fix in the code action menu.
  result.code_actions = {}
  vim.ui.select = function(items, _, on_choice)
    local chosen
    for _, item in ipairs(items) do
      table.insert(result.code_actions, { title = item[2].title, kind = item[2].kind, preferred = item[2].isPreferred == true })
      if item[2].isPreferred and not chosen then chosen = item end
    end
    result.applied_action = chosen and chosen[2].title
    on_choice(chosen)
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf.code_action()
  wait_for("the quick fix to change the buffer", function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick end)
  vim.cmd("write")

  wait_for("diagnostics after the fix", function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == rule then return false end
    end
    return true
  end)
  result.diagnostics_after_fix = diagnostics(bufnr)
  result.buffer_text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") .. "\n"
  result.total_ms = elapsed_ms()
end

local ok, err = pcall(run)
if not ok then result.error = tostring(err) end
local out = assert(io.open(result_path, "w"))
out:write(vim.fn.json_encode(result))
out:close()
vim.cmd("qall!")
