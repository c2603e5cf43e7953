-- A JSON-RPC 2.0 client for seekd over its Unix socket (newline-delimited framing), on libuv:
-- `vim.uv` from Neovim 0.10, `vim.loop` before (Debian 12 ships 0.7).
local uv = vim.uv or vim.loop

local M = {}
M.__index = M

--- Connects to seekd.
-- @param socket string: the socket path
-- @param on_notification function(method, params) | nil
-- @return client table, or nil and an error message
function M.connect(socket, on_notification)
  local pipe = uv.new_pipe(false)
  local self = setmetatable({ pipe = pipe, next_id = 1, pending = {}, buffer = "",
    on_notification = on_notification, connected = false, error = nil }, M)
  local done = false
  pipe:connect(socket, function(err)
    if err then self.error = "cannot connect to seekd at " .. socket .. ": " .. err .. " (start it: seek daemon start)" end
    self.connected = not err
    done = true
    if not err then
      pipe:read_start(function(read_err, chunk)
        if read_err or not chunk then
          self.connected = false
          return
        end
        self:_receive(chunk)
      end)
    end
  end)
  vim.wait(2000, function() return done end, 5)
  if not self.connected then
    pcall(function() pipe:close() end)
    return nil, self.error or ("cannot connect to seekd at " .. socket)
  end
  return self
end

function M:_receive(chunk)
  self.buffer = self.buffer .. chunk
  while true do
    local nl = self.buffer:find("\n", 1, true)
    if not nl then return end
    local line = self.buffer:sub(1, nl - 1)
    self.buffer = self.buffer:sub(nl + 1)
    local ok, message = pcall(vim.json.decode, line)
    if ok and type(message) == "table" then
      if message.id ~= nil and self.pending[message.id] then
        local callback = self.pending[message.id]
        self.pending[message.id] = nil
        vim.schedule(function() callback(message.error, message.result) end)
      elseif message.method and self.on_notification then
        vim.schedule(function() self.on_notification(message.method, message.params) end)
      end
    end
  end
end

--- Sends a request; `callback(err, result)` runs on the main loop.
-- @return the request id (for cancel)
function M:request(method, params, callback)
  local id = self.next_id
  self.next_id = id + 1
  self.pending[id] = callback
  self.pipe:write(vim.json.encode({ jsonrpc = "2.0", id = id, method = method, params = params or vim.empty_dict() }) .. "\n")
  return id
end

--- Cancels a request still running (its callback then receives a -32800 error).
function M:cancel(id)
  if self.pending[id] then
    self.pipe:write(vim.json.encode({ jsonrpc = "2.0", method = "$/cancelRequest", params = { id = id } }) .. "\n")
  end
end

--- Sends a request and waits for the answer (for scripts and tests).
function M:request_sync(method, params, timeout_ms)
  local done, err, result = false, nil, nil
  self:request(method, params, function(e, r) done, err, result = true, e, r end)
  vim.wait(timeout_ms or 10000, function() return done end, 5)
  if not done then return nil, "seekd did not answer " .. method .. " in time" end
  if err then return nil, err.message end
  return result
end

function M:close()
  pcall(function() self.pipe:close() end)
end

return M
