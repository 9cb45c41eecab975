-- End-to-end test of `emend lsp` in Neovim's own LSP client (0.7 or later)
-- through the plugin in editors/neovim, run headless by scripts/editor-tests.sh:
--   EMEND=path/to/emend VOLUME=path/to/frus1964-68v03 PLUGIN=editors/neovim \
--     nvim --headless -u NONE -i NONE -n -c 'luafile tests/editors/neovim_e2e.lua'
-- Loads the plugin (filetype detection, setup), opens d261.emd of the example
-- volume, reads the diagnostics the server pushed (with a severity changed
-- through the plugin's settings), hovers a person, and jumps from
-- "Document 256" to its file.
-- Exit status 0 on success; on failure the reason is on stderr.

local function say(s) io.stdout:write(s .. "\n"); io.stdout:flush() end
local function check(cond, what, level) if not cond then error(what, level or 2) end end

local ok, err = pcall(function()
  local emend = assert(os.getenv("EMEND"), "EMEND is not set")
  local volume = assert(os.getenv("VOLUME"), "VOLUME is not set")
  local plugin = assert(os.getenv("PLUGIN"), "PLUGIN is not set")
  local timeout = 20000        -- for one request
  local wait_timeout = 30000   -- for a state of the editor to be reached
  local file = volume .. "/d261.emd"

  -- As a plugin manager would: the plugin's folder on the runtimepath, then
  -- filetype detection (which -u NONE leaves off) and setup.
  vim.opt.runtimepath:prepend(vim.fn.fnamemodify(plugin, ":p"))
  vim.cmd("filetype on")
  require("emend").setup({
    cmd = { emend, "lsp" },
    -- The published text's straight apostrophes (quote-straight,
    -- quote-mixed) and its untagged signatures (signed-name) are switched
    -- off: this test counts the other findings.
    settings = { emend = { severity = { ["document-gap"] = "error",
      ["quote-straight"] = "off", ["quote-mixed"] = "off", ["signed-name"] = "off" } } },
  })

  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == "emend", "filetype of d261.emd: '" .. vim.bo[buf].filetype .. "'")
  say("filetype: emend")

  local client_id
  check(vim.wait(wait_timeout, function()
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
      if c.name == "emend" then client_id = c.id end
    end
    return client_id ~= nil and vim.lsp.get_client_by_id(client_id).initialized
  end, 20), "the plugin did not start emend for d261.emd")
  local client = vim.lsp.get_client_by_id(client_id)
  say("attached, workspace " .. tostring(client.config.root_dir))
  check(client.config.root_dir == vim.fn.fnamemodify(volume, ":p"):gsub("/$", ""),
    "root is the volume folder: " .. tostring(client.config.root_dir))

  local function request(method, params)
    local res = vim.lsp.buf_request_sync(buf, method, params, timeout)
    check(res and res[client_id], method .. ": no answer")
    local r = res[client_id]
    check(not r.err and not r.error, method .. ": " .. vim.inspect(r.err or r.error))
    return r.result
  end
  local function at(line, col)
    return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = col } }
  end

  -- Pushed diagnostics can be replaced by later pushes (the settings, or the
  -- rest of the workspace, arriving after a first check), so each check
  -- waits for the state it asserts, not for the first push.
  -- `probe` returns whether the state is reached, then a description of
  -- what it saw, for the failure.
  local function wait_for(what, probe)
    local seen = "nothing"
    local reached = vim.wait(wait_timeout, function()
      local done, state = probe()
      seen = state
      return done
    end, 50)
    check(reached, what .. "; last seen: " .. seen, 3)
    return seen
  end
  local function sorted_diagnostics(bufnr)
    local list = vim.diagnostic.get(bufnr)
    table.sort(list, function(a, b) return a.message < b.message end)
    return list
  end
  local function describe(list)
    local parts = {}
    for _, d in ipairs(list) do
      table.insert(parts, d.message .. " (" .. tostring(vim.diagnostic.severity[d.severity]) .. ")")
    end
    return #parts > 0 and table.concat(parts, " | ") or "no diagnostics"
  end

  -- Diagnostics are pushed for every file once the workspace is indexed.
  local d256_uri = vim.uri_from_fname(volume .. "/d256.emd")
  local d256_buf = vim.uri_to_bufnr(d256_uri)
  local seen = wait_for("d256.emd did not get its 3 diagnostics, the first about Document 241", function()
    local list = sorted_diagnostics(d256_buf)
    return #list == 3 and list[1].message == "Document 241 is not in volume frus1964-68v03", describe(list)
  end)
  say("DIAGNOSTICS d256.emd: " .. seen)
  -- document-gap is a warning by default; the plugin's settings make it an error.
  seen = wait_for("d261.emd did not get its 2 diagnostics with document-gap an error by the settings", function()
    local own = sorted_diagnostics(buf)
    return #own == 2
      and own[1].message:find("Manuscript Division", 1, true) ~= nil
      and own[2].message:find("documents 257–260 are missing", 1, true) ~= nil
      and own[2].severity == vim.diagnostic.severity.ERROR,
      describe(own)
  end)
  say("DIAGNOSTICS d261.emd: " .. seen)

  -- Hover a person: "[Llewellyn E. Thompson]{@TLEJ1}" on line 39.
  local hover = request("textDocument/hover", at(38, 10))
  check(hover and hover.contents and hover.contents.value, "hover gave nothing")
  say("HOVER: " .. hover.contents.value:gsub("\n", " / "))
  check(hover.contents.value:find("**Thompson, Llewellyn E., Jr.**", 1, true), "hover names the person")

  -- Jump from "See Document 256." on line 37 to the document.
  local def = request("textDocument/definition", at(36, 12))
  check(def and def[1], "definition gave nothing")
  vim.lsp.util.jump_to_location(def[1], "utf-16")
  local now = vim.api.nvim_buf_get_name(0)
  say("JUMPED TO: " .. now .. ":" .. (vim.api.nvim_win_get_cursor(0)[1]))
  check(now:match("d256%.emd$"), "definition opened " .. now)
  check(vim.api.nvim_get_current_line():find("^# 256%."), "the cursor is on the heading of Document 256")

  -- A FRUS TEI file beside the volume: the plugin attaches to it, the
  -- server checks it with positions in the XML; other XML is left alone.
  local tei = os.getenv("TEI")
  if tei then
    vim.cmd("edit " .. vim.fn.fnameescape(tei))
    local tei_buf = vim.api.nvim_get_current_buf()
    check(vim.bo[tei_buf].filetype == "xml", "filetype of the TEI: '" .. vim.bo[tei_buf].filetype .. "'")
    seen = wait_for("the TEI file did not get its page-break-space finding on line 87", function()
      local list = vim.diagnostic.get(tei_buf)
      for _, d in ipairs(list) do
        if d.message:find('white space before <pb n="XII"/>', 1, true) and d.lnum == 86 then
          return true, describe(list)
        end
      end
      return false, describe(list)
    end)
    say("DIAGNOSTICS TEI: " .. seen:sub(1, 120))
    local other = vim.fn.fnamemodify(tei, ":h") .. "/settings.xml"
    vim.cmd("edit " .. vim.fn.fnameescape(other))
    local other_buf = vim.api.nvim_get_current_buf()
    check(vim.bo[other_buf].filetype == "xml", "filetype of settings.xml")
    vim.wait(500)
    for _, c in pairs(vim.lsp.buf_get_clients(other_buf)) do
      check(c.name ~= "emend", "emend attached to settings.xml, which is no TEI")
    end
    say("settings.xml: not attached")
  end

  vim.lsp.stop_client(client_id)
end)

if ok then
  say("PASS")
  vim.cmd("qall!")
else
  io.stderr:write("FAIL: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
