-- Redline in Neovim 0.7: one `redline serve` for the session, attached to every Python buffer.
local redline_client
vim.api.nvim_create_autocmd("FileType", {
  pattern = "python",
  callback = function(args)
    redline_client = redline_client or vim.lsp.start_client({
      name = "redline",
      cmd = { "redline", "serve" },
      root_dir = vim.fn.getcwd(),
      init_options = { redline = { run = "onType", syntaxErrors = true } },
      settings = { redline = { tiers = { "vuln" }, minSeverity = "low" } },
    })
    vim.lsp.buf_attach_client(args.buf, redline_client)
  end,
})
