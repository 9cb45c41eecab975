" .emd files are edition markup (emend).
autocmd BufRead,BufNewFile *.emd setfiletype emend
