-- Loads seek with default settings; call require("seek").setup({...}) in your config to change them.
if vim.g.loaded_seek then return end
vim.g.loaded_seek = true
require("seek").setup(vim.g.seek_config or {})
