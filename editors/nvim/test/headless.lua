-- Headless test: run with SEEK_SOCKET set to a seekd serving the Fixtures and SEEK_TEST_OUT to a result file:
--   nvim --headless -u NONE -c "set rtp+=editors/nvim" -c "runtime plugin/seek.lua" -c "luafile editors/nvim/test/headless.lua"
local out = assert(vim.env.SEEK_TEST_OUT, "SEEK_TEST_OUT not set")
local lines = {}
local function check(ok, what) table.insert(lines, (ok and "ok " or "FAIL ") .. what) end

-- :Seek fills the quickfix list with hits at exact positions.
local seek = require("seek")
local done = false
seek.search("Zhengfei", function() done = true end)
vim.wait(10000, function() return done end, 10)
local qf = vim.fn.getqflist()
check(#qf >= 1, "quickfix has hits")
if #qf >= 1 then
  local item = qf[1]
  local file = vim.api.nvim_buf_get_name(item.bufnr)
  check(file:match("seed%-article%.txt$") ~= nil, "first hit is the seed article")
  local text = vim.fn.readfile(file)[item.lnum] or ""
  check(text:sub(item.col, item.col + 7) == "Zhengfei", "line and column point at the word")
end

-- The :Seek command exists and runs.
done = false
vim.cmd("Seek export controls")
vim.wait(10000, function() return #vim.fn.getqflist() > 0 and vim.fn.getqflist({ title = 1 }).title == "seek: export controls" end, 10)
check(vim.fn.getqflist({ title = 1 }).title == "seek: export controls", ":Seek sets the quickfix list")

-- The live picker updates as the user types; stale requests are cancelled.
local state = seek.live()
local prompt = vim.api.nvim_get_current_buf()
vim.api.nvim_buf_set_lines(prompt, 0, -1, false, { "seek> hua" })
vim.api.nvim_exec_autocmds("TextChanged", { buffer = prompt })
vim.api.nvim_buf_set_lines(prompt, 0, -1, false, { "seek> huawei" })
vim.api.nvim_exec_autocmds("TextChanged", { buffer = prompt })
vim.wait(10000, function() return #state.items > 0 end, 10)
check(#state.items > 0, "live picker shows results")

-- <CR> in the prompt (Insert mode) opens the first hit with the cursor on its first byte, also once Insert mode
-- has been left (which moves the cursor one column left).
local first = state.items[1]
if first then
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("<CR>", true, false, true), "x", false)
  vim.wait(2000, function() return vim.api.nvim_buf_get_name(0) == first.filename end, 10)
  vim.wait(200, function() return false end, 10)
  local cursor = vim.api.nvim_win_get_cursor(0)
  check(vim.api.nvim_buf_get_name(0) == first.filename and cursor[1] == first.lnum and cursor[2] == first.col - 1,
    string.format("<CR> opens the hit at its column (cursor %d:%d, hit %d:%d, mode %s)", cursor[1], cursor[2] + 1,
      first.lnum, first.col, vim.fn.mode()))
else
  check(false, "<CR> opens the hit at its column (no hit)")
end

vim.fn.writefile(lines, out)
vim.cmd("qa!")
