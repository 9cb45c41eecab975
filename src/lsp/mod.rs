//! `emend lsp`: the language server over stdio.
//!
//! `server` speaks the protocol, `store` owns the documents and the
//! workspace index, `document` keeps an open file's rope and tree, and
//! `convert` turns protocol positions into byte offsets.

mod convert;
mod document;
mod publish;
mod server;
mod store;

pub use server::Backend;

use tower_lsp_server::{LspService, Server};

/// Serves LSP on stdin and stdout until the client exits.
pub fn run() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server runtime: {e}");
            return 2;
        }
    };
    runtime.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    0
}
