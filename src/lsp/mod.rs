//! `emend lsp`: the language server over stdio.
//!
//! `server` speaks the protocol, `store` owns the documents and the
//! workspace index, `document` keeps an open file's rope and tree,
//! `publish` checks and publishes diagnostics apart from the store,
//! `convert` turns protocol positions into byte offsets, and `framing`
//! stands between stdio and the protocol layer so that a malformed frame
//! is answered instead of ending the server.

mod convert;
mod document;
mod framing;
mod publish;
mod server;
mod store;
mod to_proto;

pub use server::Backend;

use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tower_lsp_server::{LspService, Server};

/// Bytes in flight between the framing layer and the protocol layer.
const PIPE: usize = 64 * 1024;

/// Error responses waiting for a frame boundary of the server's output.
const REFUSALS_QUEUED: usize = 64;

/// Notifications written by the server itself ([`publish::Outlet`])
/// waiting for a frame boundary: a few, so that a client that reads
/// slowly holds up the publisher rather than filling memory.
const NOTES_QUEUED: usize = 4;

/// glibc gives threads that allocate at once arenas of their own, up to
/// eight per core, and keeps what is freed in each: the server, whose
/// threads take turns building and dropping a volume's facts and texts,
/// held 170 MB for a 4 MB TEI volume. One arena per core bounds that; one
/// in all would make the threads that index a workspace wait on each
/// other. Set before any thread starts.
fn malloc_arenas_per_core() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let arenas = libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only sets a parameter of the allocator; no thread
        // but this one runs yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}

/// Serves LSP on stdin and stdout until the client exits. The status is 0
/// if a `shutdown` request came before `exit`, else 1, as the LSP
/// specification asks; input ending without `exit` counts the same way.
pub fn run() -> i32 {
    malloc_arenas_per_core();
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
    let status = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // A read of stdin cannot be cancelled once started; waiting for it
    // would keep the process alive after `exit` until the client closes
    // its end.
    runtime.shutdown_background();
    status
}

async fn serve<I, O>(input: I, output: O) -> i32
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (notes, noted) = mpsc::channel(NOTES_QUEUED);
    let (service, socket) =
        LspService::new(move |client| Backend::with_frames(client, Some(notes)));
    let (to_server, server_input) = tokio::io::duplex(PIPE);
    let (server_output, from_server) = tokio::io::duplex(PIPE);
    let (refusals, refused) = mpsc::channel(REFUSALS_QUEUED);
    let seen = Arc::new(framing::Seen::default());
    let client = tokio::spawn(framing::relay_client(
        input,
        to_server,
        refusals,
        Arc::clone(&seen),
    ));
    // Buffered: a frame's header and body, and a burst of frames, reach
    // stdout in one write.
    let output = tokio::io::BufWriter::with_capacity(PIPE, output);
    let writer = tokio::spawn(framing::relay_server(from_server, refused, noted, output));
    Server::new(server_input, server_output, socket)
        .serve(service)
        .await;
    // The server has stopped, after `exit` or the end of input; reading on
    // would only wait for a client that has nothing more to say.
    client.abort();
    let _ = client.await;
    // A client that neither reads nor closes its end cannot hold the
    // process forever.
    let _ = tokio::time::timeout(Duration::from_secs(5), writer).await;
    if seen.shutdown_requested() {
        0
    } else {
        1
    }
}
