-- emend for Neovim: starts `emend lsp` for edition markup (.emd) buffers and
-- for XML buffers that are FRUS TEI (root element `TEI`; other XML is left
-- alone), and registers the tree-sitter parser with nvim-treesitter.
--
--   require("emend").setup({
--     cmd = { "emend", "lsp" },                    -- or a full path to the binary
--     settings = { emend = { severity = { ["person-unused"] = "off" } } },
--   })
--
-- Works with Neovim 0.8+ (vim.lsp.start) and 0.7 (vim.lsp.start_client).
local M = {}

M.defaults = {
  cmd = { "emend", "lsp" },
  -- The workspace is the folder of the first of these found above the file
  -- (an edition holds many volumes); else the volume (the folder with a
  -- volume.emd); else the file's folder.
  root_markers = { "emend.toml", ".git" },
  -- Sent in initializationOptions and workspace/didChangeConfiguration.
  settings = { emend = { severity = vim.empty_dict and vim.empty_dict() or {} } },
  on_attach = nil,
  capabilities = nil,
  -- Register the parser with nvim-treesitter when it is installed, from
  -- treesitter_url (default: the repository this plugin is part of).
  treesitter = true,
  treesitter_url = nil,
}

M.config = vim.deepcopy(M.defaults)

--- The folder this plugin file is in, to find the grammar of the repository
--- it came with (editors/neovim/lua/emend/init.lua → repository root).
local function repository_root()
  local source = debug.getinfo(1, "S").source:sub(2)
  return vim.fn.fnamemodify(source, ":p:h:h:h:h:h")
end

local function find_up(names, start)
  local dir = start
  while dir and dir ~= "" do
    for _, name in ipairs(names) do
      local candidate = dir .. "/" .. name
      if vim.loop.fs_stat(candidate) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return nil
end

--- The workspace folder of a buffer.
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr or 0)
  local dir = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.loop.cwd()
  return find_up(M.config.root_markers, dir) or find_up({ "volume.emd" }, dir) or dir
end

--- Whether an XML buffer is a FRUS TEI file: its first element, after the
--- declaration, comments and processing instructions, is `TEI`.
function M.is_tei(bufnr)
  local head = table.concat(vim.api.nvim_buf_get_lines(bufnr or 0, 0, 40, false), "\n")
  local rest = head:gsub("^\239\187\191", "")
  while true do
    rest = rest:gsub("^%s+", "")
    if rest:sub(1, 4) == "<!--" then
      local e = rest:find("-->", 5, true)
      if not e then return false end
      rest = rest:sub(e + 3)
    elseif rest:sub(1, 2) == "<?" or rest:sub(1, 2) == "<!" then
      local e = rest:find(">", 3, true)
      if not e then return false end
      rest = rest:sub(e + 1)
    else
      local name = rest:match("^<([%w_:%.%-]+)")
      return name ~= nil and (name == "TEI" or name:match(":TEI$") ~= nil)
    end
  end
end

-- Neovim 0.7: one client per workspace folder, started by hand.
local clients = {}

--- Starts (or reuses) the server for a buffer and attaches it.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local cfg = M.config
  local root = M.root_dir(bufnr)
  local emend_settings = (cfg.settings or {}).emend or {}
  local client_config = {
    name = "emend",
    cmd = cfg.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
    settings = cfg.settings,
    init_options = { severity = emend_settings.severity or vim.empty_dict() },
    on_attach = cfg.on_attach,
    capabilities = cfg.capabilities,
  }
  if vim.fn.executable(cfg.cmd[1]) ~= 1 then
    vim.notify(
      "emend: cannot start the language server: `" .. cfg.cmd[1]
        .. "` is not an executable (install emend with `cargo install`, or pass cmd to require('emend').setup)",
      vim.log.levels.ERROR
    )
    return nil
  end
  if vim.lsp.start then
    return vim.lsp.start(client_config, { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(client_config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- Registers the tree-sitter parser of the repository's grammar/ with
--- nvim-treesitter (`:TSInstall emend` then builds it). `url` defaults to the
--- repository this plugin belongs to.
function M.register_parser(url)
  url = url or repository_root()
  if vim.treesitter.language and vim.treesitter.language.register then
    vim.treesitter.language.register("emend", "emend")
  end
  local ok, parsers = pcall(require, "nvim-treesitter.parsers")
  if not ok then
    return false
  end
  local install_info = {
    url = url,
    location = "grammar",
    files = { "src/parser.c", "src/scanner.c" },
    branch = "main",
    requires_generate_from_grammar = false,
  }
  if type(parsers.get_parser_configs) == "function" then
    -- nvim-treesitter's master branch
    parsers.get_parser_configs().emend = { install_info = install_info, filetype = "emend" }
  else
    -- nvim-treesitter's main branch reads parser definitions on TSUpdate
    vim.api.nvim_create_autocmd("User", {
      pattern = "TSUpdate",
      callback = function()
        require("nvim-treesitter.parsers").emend = { install_info = install_info }
      end,
    })
  end
  return true
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  if M.config.treesitter then
    M.register_parser(M.config.treesitter_url)
  end
  local group = vim.api.nvim_create_augroup("emend", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "emend",
    callback = function(args)
      M.start(args.buf)
    end,
  })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "xml",
    callback = function(args)
      if M.is_tei(args.buf) then
        M.start(args.buf)
      end
    end,
  })
  -- Buffers opened before setup.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then
      local ft = vim.bo[buf].filetype
      if ft == "emend" or (ft == "xml" and M.is_tei(buf)) then
        M.start(buf)
      end
    end
  end
end

return M
