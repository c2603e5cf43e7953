-- seek for Neovim: ranked full-text search through seekd, into the quickfix list or a live picker.
--   require("seek").setup({ socket = "/path/to/seekd.sock", limit = 50 })
--   :Seek export controls org:Huawei     -- quickfix list at the exact line and column of each hit
--   :SeekLive                             -- type a query; results update as you type (stale requests cancelled)
local rpc = require("seek.rpc")

local M = { config = { socket = nil, index = nil, limit = 50 }, client = nil }

--- The socket: setup's `socket`, else $SEEK_SOCKET, else INDEX/seekd.sock with INDEX from setup, $SEEK_INDEX,
--- $XDG_DATA_HOME/seek or ~/.local/share/seek (the daemon's own default).
function M.socket_path()
  if M.config.socket then return M.config.socket end
  local env = vim.env.SEEK_SOCKET
  if env and env ~= "" then return env end
  local index = M.config.index or vim.env.SEEK_INDEX
  if not index or index == "" then
    local data = vim.env.XDG_DATA_HOME
    if not data or data == "" then data = (vim.env.HOME or "") .. "/.local/share" end
    index = data .. "/seek"
  end
  return index .. "/seekd.sock"
end

function M.setup(opts)
  M.config = vim.tbl_extend("force", M.config, opts or {})
  vim.api.nvim_create_user_command("Seek", function(c) M.search(c.args) end, { nargs = "+", desc = "seek: search into quickfix" })
  vim.api.nvim_create_user_command("SeekLive", function() M.live() end, { desc = "seek: live search picker" })
end

local function connection()
  if M.client and M.client.connected then return M.client end
  local client, err = rpc.connect(M.socket_path(), function(method, _)
    if method == "index/changed" and M.on_index_changed then M.on_index_changed() end
  end)
  if not client then
    vim.notify("seek: " .. err, vim.log.levels.ERROR)
    return nil
  end
  client:request_sync("initialize", { clientInfo = { name = "seek.nvim" } })
  M.client = client
  return client
end

--- Quickfix items from search hits (1-based line, byte column: what Neovim expects).
function M.items(hits)
  local items = {}
  for _, hit in ipairs(hits or {}) do
    local text = hit.title or ""
    if hit.snippet and hit.snippet ~= "" then text = text .. " — " .. hit.snippet:gsub("%s+", " ") end
    table.insert(items, { filename = hit.path, lnum = hit.line or 1, col = hit.column or 1, text = text })
  end
  return items
end

--- Runs a search and fills the quickfix list.
-- @param query string
-- @param callback function(items) | nil: called after the list is set
function M.search(query, callback)
  local client = connection()
  if not client then return end
  client:request("search", { query = query, limit = M.config.limit, positionEncoding = "utf-8", facets = 0 },
    function(err, result)
      if err then
        vim.notify("seek: " .. err.message, vim.log.levels.ERROR)
        return
      end
      local items = M.items(result.hits)
      vim.fn.setqflist({}, " ", { title = "seek: " .. query, items = items })
      if #items > 0 and not callback then vim.cmd("copen") end
      if #items == 0 then vim.notify("seek: no match for " .. query) end
      if callback then callback(items) end
    end)
end

--- A live picker: a prompt buffer on top, results below; each keystroke sends a new search and cancels the
--- previous one. <CR> on a result (or in the prompt) opens the selected hit.
function M.live()
  local client = connection()
  if not client then return end
  local results = vim.api.nvim_create_buf(false, true)
  local prompt = vim.api.nvim_create_buf(false, true)
  vim.bo[prompt].buftype = "prompt"
  vim.fn.prompt_setprompt(prompt, "seek> ")
  vim.cmd("botright split")
  vim.api.nvim_win_set_buf(0, results)
  vim.cmd("aboveleft split")
  vim.api.nvim_win_set_height(0, 1)
  vim.api.nvim_win_set_buf(0, prompt)
  local state = { items = {}, inflight = nil }
  local function open(index)
    local item = state.items[index or 1]
    if not item then return end
    vim.cmd("stopinsert")
    pcall(vim.api.nvim_buf_delete, prompt, { force = true })
    pcall(vim.api.nvim_buf_delete, results, { force = true })
    vim.cmd("edit " .. vim.fn.fnameescape(item.filename))
    local function place() vim.api.nvim_win_set_cursor(0, { item.lnum, math.max(0, item.col - 1) }) end
    place()
    -- Leaving the prompt's Insert mode (once this callback returns) moves the cursor one column left: place it
    -- again after that, so it lands on the hit's first byte.
    vim.schedule(place)
  end
  local function refresh()
    local line = vim.api.nvim_buf_get_lines(prompt, 0, 1, false)[1] or ""
    local query = line:gsub("^seek> ", "")
    if state.inflight then client:cancel(state.inflight) end
    if query:match("^%s*$") then return end
    state.inflight = client:request("search", { query = query, limit = M.config.limit, facets = 0 }, function(err, result)
      if err then return end -- a cancelled (stale) request
      state.items = M.items(result.hits)
      local lines = {}
      for i, item in ipairs(state.items) do
        lines[i] = string.format("%s:%d:%d  %s", vim.fn.fnamemodify(item.filename, ":~:."), item.lnum, item.col, item.text)
      end
      if vim.api.nvim_buf_is_valid(results) then vim.api.nvim_buf_set_lines(results, 0, -1, false, lines) end
    end)
  end
  vim.api.nvim_create_autocmd({ "TextChangedI", "TextChanged" }, { buffer = prompt, callback = refresh })
  vim.fn.prompt_setcallback(prompt, function() open(1) end)
  vim.keymap.set("n", "<CR>", function() open(vim.api.nvim_win_get_cursor(0)[1]) end, { buffer = results })
  vim.cmd("startinsert")
  M.live_state = state
  return state
end

return M
