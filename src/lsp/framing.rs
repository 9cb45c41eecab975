//! The byte stream between the client and the protocol layer.
//!
//! tower-lsp-server stops reading its input at the first frame it cannot
//! decode, and the process then ends without a word. So the client's
//! bytes pass through here first: [`FrameReader`] cuts them into frames,
//! [`check`] decides whether a body is a message the protocol layer can
//! take, [`relay_client`] forwards those and turns the rest into JSON-RPC
//! error responses, and [`relay_server`] writes the server's frames and
//! those responses to the client, whole frame after whole frame.

use serde::Deserialize;
use serde_json::{json, Value};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{ErrorCode, Request, Response};

/// The largest body accepted from the client: 64 MiB. A `didOpen` carries
/// one whole file, and an edition's files run to megabytes at most; a
/// larger length is taken for a corrupt header rather than waited for and
/// buffered.
pub(crate) const MAX_BODY: usize = 64 * 1024 * 1024;

/// Real header blocks are under a hundred bytes; anything this long without
/// its blank line is not a header.
const MAX_HEAD: usize = 8 * 1024;

/// Where a frame can start again after a header that could not be read.
/// A body ends without a line break, so the next header starts mid-line:
/// the marker is looked for anywhere, not only at the start of a line.
const RESYNC_AT: &[u8] = b"content-length:";

/// Bytes read from the client or the server at a time.
const CHUNK: usize = 64 * 1024;

/// One frame, or the place where one could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Frame {
    /// The body of a frame whose header was read, unchecked.
    Body(Vec<u8>),
    /// A header block that was not one, or a body in a charset other than
    /// UTF-8; the reason, for the error response.
    Broken(&'static str),
}

enum State {
    /// At a frame boundary: a header block starts at `start`.
    Head,
    /// Headers read: a body of `len` bytes starts at `start`.
    Body { len: usize, utf8: bool },
    /// After a broken header block: no length to skip by, so the next
    /// frame is whatever starts with `Content-Length:`.
    Resync,
}

/// Cuts a byte stream into LSP frames (`Content-Length: N`, optional other
/// headers, a blank line, N bytes of body), the way the base protocol
/// describes them: header names in any case, lines ended by CRLF or LF,
/// `Content-Type` with a UTF-8 charset or none.
pub(crate) struct FrameReader {
    buf: Vec<u8>,
    start: usize,
    state: State,
    max_body: usize,
}

impl FrameReader {
    /// A reader refusing bodies above `max_body` bytes.
    pub(crate) fn new(max_body: usize) -> FrameReader {
        FrameReader {
            buf: Vec::new(),
            start: 0,
            state: State::Head,
            max_body,
        }
    }

    pub(crate) fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next frame, or `None` until more bytes are pushed. Every frame
    /// returned consumes at least one byte, so a bounded input gives a
    /// bounded number of frames.
    pub(crate) fn next_frame(&mut self) -> Option<Frame> {
        loop {
            match self.state {
                State::Head => {
                    // A stray line end between frames (some clients end a
                    // body with one) is not worth an error.
                    let rest = &self.buf[self.start..];
                    let blank = rest
                        .iter()
                        .position(|b| !matches!(b, b'\r' | b'\n'))
                        .unwrap_or(rest.len());
                    self.start += blank;
                    if self.start == self.buf.len() {
                        return None;
                    }
                    match parse_head(&self.buf[self.start..], self.max_body) {
                        Head::Partial => return None,
                        Head::Complete { len, body, utf8 } => {
                            self.start += len;
                            self.state = State::Body { len: body, utf8 };
                        }
                        Head::Broken(reason) => {
                            // Searching from the next byte finds a header
                            // that the broken block ran into (a missing
                            // blank line) and never finds this one again.
                            self.start += 1;
                            self.state = State::Resync;
                            return Some(Frame::Broken(reason));
                        }
                    }
                }
                State::Body { len, utf8 } => {
                    if self.buf.len() - self.start < len {
                        return None;
                    }
                    let body = self.buf[self.start..self.start + len].to_vec();
                    self.start += len;
                    self.state = State::Head;
                    return Some(if utf8 {
                        Frame::Body(body)
                    } else {
                        Frame::Broken("the Content-Type charset is not UTF-8")
                    });
                }
                State::Resync => match find_ignoring_case(&self.buf[self.start..], RESYNC_AT) {
                    Some(at) => {
                        self.start += at;
                        self.state = State::Head;
                    }
                    None => {
                        // Keep what could be the beginning of the marker.
                        let keep = self.buf.len().saturating_sub(RESYNC_AT.len() - 1);
                        self.start = self.start.max(keep);
                        return None;
                    }
                },
            }
        }
    }
}

enum Head {
    /// More bytes are needed to decide.
    Partial,
    /// A header block of `len` bytes announcing a body of `body` bytes.
    Complete {
        len: usize,
        body: usize,
        utf8: bool,
    },
    Broken(&'static str),
}

fn parse_head(bytes: &[u8], max_body: usize) -> Head {
    let mut pos = 0;
    let mut length = None;
    let mut utf8 = true;
    loop {
        let rest = &bytes[pos..];
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            if bytes.len() > MAX_HEAD {
                return Head::Broken("a header block over 8 KiB");
            }
            // A line that cannot become a header fails now: a client that
            // forgot the blank line waits for an answer, not for more bytes.
            return match partial_line(rest) {
                Ok(()) => Head::Partial,
                Err(reason) => Head::Broken(reason),
            };
        };
        pos += end + 1;
        if pos > MAX_HEAD {
            return Head::Broken("a header block over 8 KiB");
        }
        let line = &rest[..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return match length {
                Some(body) => Head::Complete {
                    len: pos,
                    body,
                    utf8,
                },
                None => Head::Broken("no Content-Length header"),
            };
        }
        let (name, value) = match header_line(line) {
            Ok(pair) => pair,
            Err(reason) => return Head::Broken(reason),
        };
        if name.eq_ignore_ascii_case(b"content-length") {
            let n = match content_length(value, max_body) {
                Ok(n) => n,
                Err(reason) => return Head::Broken(reason),
            };
            if length.is_some_and(|l| l != n) {
                return Head::Broken("two different Content-Length headers");
            }
            length = Some(n);
        } else if name.eq_ignore_ascii_case(b"content-type") {
            utf8 &= charset_is_utf8(value);
        }
    }
}

/// The name and the trimmed value of a complete header line.
fn header_line(line: &[u8]) -> Result<(&[u8], &[u8]), &'static str> {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return Err("a header line without a colon");
    };
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    if name.is_empty() || !name.iter().all(|&b| is_token(b)) {
        return Err("a header name that is not a token");
    }
    if value.iter().any(|&b| is_control(b)) {
        return Err("a control character in a header value");
    }
    Ok((name, trim(value)))
}

/// Whether the unfinished last line can still become a header line.
fn partial_line(rest: &[u8]) -> Result<(), &'static str> {
    let rest = rest.strip_suffix(b"\r").unwrap_or(rest);
    if rest.contains(&b':') {
        header_line(rest).map(|_| ())
    } else if rest.iter().all(|&b| is_token(b)) {
        Ok(())
    } else {
        Err("a header name that is not a token")
    }
}

fn content_length(value: &[u8], max_body: usize) -> Result<usize, &'static str> {
    if value.first() == Some(&b'-') {
        return Err("a negative Content-Length");
    }
    // What `str::parse::<usize>` accepts, as the protocol layer does.
    let digits = value.strip_prefix(b"+").unwrap_or(value);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err("a Content-Length that is not a number");
    }
    digits.iter().try_fold(0usize, |n, &d| {
        n.checked_mul(10)
            .and_then(|n| n.checked_add(usize::from(d - b'0')))
            .filter(|&n| n <= max_body)
            .ok_or("a Content-Length above the 64 MiB limit")
    })
}

/// Without a charset the base protocol's default, UTF-8, holds; `utf8` is
/// accepted as the specification asks for older clients.
fn charset_is_utf8(value: &[u8]) -> bool {
    let charset = value
        .split(|&b| b == b';')
        .skip(1)
        .filter_map(|param| {
            let eq = param.iter().position(|&b| b == b'=')?;
            let (key, val) = (trim(&param[..eq]), trim(&param[eq + 1..]));
            key.eq_ignore_ascii_case(b"charset").then_some(val)
        })
        .last();
    match charset {
        None => true,
        Some(val) => {
            let val = val
                .strip_prefix(b"\"")
                .and_then(|v| v.strip_suffix(b"\""))
                .unwrap_or(val);
            val.eq_ignore_ascii_case(b"utf-8") || val.eq_ignore_ascii_case(b"utf8")
        }
    }
}

fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

fn trim(bytes: &[u8]) -> &[u8] {
    let is_space = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes
        .iter()
        .position(|b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |e| e + 1);
    &bytes[start..end]
}

fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// A body the protocol layer can take.
#[derive(Debug)]
pub(crate) struct Message {
    pub(crate) body: Vec<u8>,
    /// `None` for a response.
    method: Option<String>,
    has_id: bool,
}

impl Message {
    fn is_shutdown_request(&self) -> bool {
        self.has_id && self.method.as_deref() == Some("shutdown")
    }

    /// The protocol layer stops reading at any message named `exit`,
    /// request or notification.
    fn is_exit(&self) -> bool {
        self.method.as_deref() == Some("exit")
    }
}

/// The error response owed for a body or frame that cannot pass.
#[derive(Debug, PartialEq)]
pub(crate) struct Refusal {
    pub(crate) code: ErrorCode,
    /// The message's id when it has a readable one, else null.
    pub(crate) id: Value,
    pub(crate) reason: &'static str,
}

impl Refusal {
    fn parse_error(reason: &'static str) -> Refusal {
        Refusal {
            code: ErrorCode::ParseError,
            id: Value::Null,
            reason,
        }
    }

    fn invalid(id: Value, reason: &'static str) -> Refusal {
        Refusal {
            code: ErrorCode::InvalidRequest,
            id,
            reason,
        }
    }

    /// The JSON-RPC error response, with the reason as its `data`.
    pub(crate) fn to_json(&self) -> Vec<u8> {
        json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "error": {
                "code": self.code.code(),
                "message": self.code.description(),
                "data": self.reason,
            },
        })
        .to_string()
        .into_bytes()
    }
}

/// The protocol layer's own reading of a body: the same shape as its
/// private message type, so that what parses here parses there.
#[derive(Deserialize)]
#[serde(untagged)]
enum AsTheServerReadsIt {
    #[allow(dead_code)] // only whether it parses matters
    Response(Response),
    Request(Request),
}

fn valid_id(id: &Value) -> bool {
    match id {
        Value::Null | Value::String(_) => true,
        Value::Number(n) => n.as_i64().is_some(),
        _ => false,
    }
}

/// Whether a frame's body is a JSON-RPC 2.0 request, notification or
/// response that the protocol layer will read; if not, the error owed.
pub(crate) fn check(body: Vec<u8>) -> Result<Message, Refusal> {
    let Ok(text) = std::str::from_utf8(&body) else {
        return Err(Refusal::parse_error("the body is not UTF-8"));
    };
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return Err(Refusal::parse_error("the body is not JSON"));
    };
    let object = match &value {
        Value::Object(object) => object,
        // JSON-RPC allows batches, LSP does not; the JSON-RPC answer to a
        // batch it cannot take is one Invalid Request with a null id.
        Value::Array(_) => {
            return Err(Refusal::invalid(
                Value::Null,
                "a batch, which LSP does not allow",
            ))
        }
        _ => {
            return Err(Refusal::invalid(
                Value::Null,
                "not a JSON-RPC message object",
            ))
        }
    };
    let id = object.get("id");
    let reply_id = id.filter(|id| valid_id(id)).cloned().unwrap_or(Value::Null);
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(Refusal::invalid(reply_id, "jsonrpc is not \"2.0\""));
    }
    if id.is_some_and(|id| !valid_id(id)) {
        return Err(Refusal::invalid(
            Value::Null,
            "an id that is neither an integer nor a string",
        ));
    }
    let result = object.contains_key("result");
    let error = object.contains_key("error");
    let is_request = match object.get("method") {
        Some(Value::String(_)) if result || error => {
            return Err(Refusal::invalid(
                reply_id,
                "a method together with a result or an error",
            ))
        }
        Some(Value::String(_)) => true,
        Some(_) => return Err(Refusal::invalid(reply_id, "a method that is not a string")),
        None if id.is_none() => {
            return Err(Refusal::invalid(reply_id, "neither a method nor an id"))
        }
        None if result == error => {
            return Err(Refusal::invalid(
                reply_id,
                "a response needs a result or an error, not both",
            ))
        }
        None => false,
    };
    // The protocol layer reads the body again with its own types, which are
    // stricter in places (a key given twice, the shape of an error object);
    // what it would refuse must not reach it, as one refusal there ends
    // its input.
    let (method, has_id) = match serde_json::from_str::<AsTheServerReadsIt>(text) {
        Ok(AsTheServerReadsIt::Request(request)) if is_request => {
            (Some(request.method().to_owned()), request.id().is_some())
        }
        Ok(AsTheServerReadsIt::Response(_)) if !is_request => (None, true),
        _ => {
            return Err(Refusal::invalid(
                reply_id,
                "a message the protocol layer cannot read",
            ))
        }
    };
    Ok(Message {
        body,
        method,
        has_id,
    })
}

/// What passed from the client that decides the exit status.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    shutdown: AtomicBool,
}

impl Seen {
    pub(crate) fn shutdown_requested(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }
}

/// Why [`relay_client`] stopped.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// `exit` was forwarded.
    Exit,
    /// The client's input ended, maybe in the middle of a frame.
    Eof,
    /// The server's input or the error channel closed.
    ServerGone,
}

/// Reads the client's frames from `input`: messages go to `server` framed
/// anew, error responses for the rest go to `refusals`. Stops after
/// forwarding `exit`, so that a client keeping its end open is not waited
/// for, and at the end of input, which it passes on by dropping `server`.
pub(crate) async fn relay_client<R, W>(
    mut input: R,
    mut server: W,
    refusals: mpsc::Sender<Vec<u8>>,
    seen: Arc<Seen>,
) -> End
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = FrameReader::new(MAX_BODY);
    let mut chunk = vec![0; CHUNK];
    loop {
        while let Some(frame) = reader.next_frame() {
            let checked = match frame {
                Frame::Body(body) => check(body),
                Frame::Broken(reason) => Err(Refusal::parse_error(reason)),
            };
            match checked {
                Ok(message) => {
                    // Set before the server can see the message, so that
                    // once the server has stopped the flag is final.
                    if message.is_shutdown_request() {
                        seen.shutdown.store(true, Ordering::SeqCst);
                    }
                    if write_frame(&mut server, &message.body).await.is_err()
                        || server.flush().await.is_err()
                    {
                        return End::ServerGone;
                    }
                    if message.is_exit() {
                        return End::Exit;
                    }
                }
                Err(refusal) => {
                    if refusals.send(refusal.to_json()).await.is_err() {
                        return End::ServerGone;
                    }
                }
            }
        }
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => return End::Eof,
            Ok(n) => reader.push(&chunk[..n]),
        }
    }
}

/// Writes the server's frames from `server`, the bodies from `refusals`
/// and those from `notes` to `output`, each frame whole, until the server
/// and the refusals have ended. Notes are taken only while the server
/// runs: whoever writes them may outlive it.
pub(crate) async fn relay_server<R, W>(
    mut server: R,
    mut refusals: mpsc::Receiver<Vec<u8>>,
    mut notes: mpsc::Receiver<Vec<u8>>,
    mut output: W,
) -> io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    // The server's own output is trusted, whatever its size.
    let mut reader = FrameReader::new(usize::MAX);
    let mut chunk = vec![0; CHUNK];
    let (mut server_open, mut refusals_open, mut notes_open) = (true, true, true);
    while server_open || refusals_open {
        tokio::select! {
            // A refusal queued before the server answered a later request
            // goes out before that answer.
            biased;
            refusal = refusals.recv(), if refusals_open => match refusal {
                Some(body) => {
                    write_frame(&mut output, &body).await?;
                    output.flush().await?;
                }
                None => refusals_open = false,
            },
            read = server.read(&mut chunk), if server_open => match read {
                Ok(0) | Err(_) => server_open = false,
                Ok(n) => {
                    reader.push(&chunk[..n]);
                    // The frames that arrived together go out together:
                    // one flush (one write to stdout) for a burst of
                    // notifications, not one each.
                    while let Some(frame) = reader.next_frame() {
                        if let Frame::Body(body) = frame {
                            write_frame(&mut output, &body).await?;
                        }
                    }
                    output.flush().await?;
                }
            },
            note = notes.recv(), if server_open && notes_open => match note {
                Some(body) => {
                    write_frame(&mut output, &body).await?;
                    // The notes waiting too go out in the same write: at
                    // startup a series' findings are tens of thousands.
                    while let Ok(body) = notes.try_recv() {
                        write_frame(&mut output, &body).await?;
                    }
                    output.flush().await?;
                }
                None => notes_open = false,
            },
        }
    }
    output.flush().await
}

/// Writes one frame; the caller flushes.
async fn write_frame<W: AsyncWrite + Unpin>(out: &mut W, body: &[u8]) -> io::Result<()> {
    out.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    out.write_all(body).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Duration;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// Every frame of `input` given whole.
    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = FrameReader::new(MAX_BODY);
        reader.push(input);
        std::iter::from_fn(|| reader.next_frame()).collect()
    }

    fn body(text: &str) -> Frame {
        Frame::Body(text.as_bytes().to_vec())
    }

    fn broken(frames: &[Frame]) -> usize {
        frames
            .iter()
            .filter(|f| matches!(f, Frame::Broken(_)))
            .count()
    }

    const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;
    const SYMBOLS: &str =
        r#"{"jsonrpc":"2.0","id":9,"method":"workspace/symbol","params":{"query":""}}"#;

    #[test]
    fn reads_the_header_forms_the_base_protocol_allows() {
        let forms = [
            format!("Content-Length: {}\r\n\r\n{EXIT}", EXIT.len()),
            format!("content-length: {}\r\n\r\n{EXIT}", EXIT.len()),
            format!("CONTENT-LENGTH:{}\r\n\r\n{EXIT}", EXIT.len()),
            format!("Content-Length: \t{} \r\n\r\n{EXIT}", EXIT.len()),
            format!("Content-Length: {}\n\n{EXIT}", EXIT.len()),
            format!(
                "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{EXIT}",
                EXIT.len()
            ),
            format!(
                "Content-Type: application/vscode-jsonrpc; charset=utf8\r\nContent-Length: {}\r\n\r\n{EXIT}",
                EXIT.len()
            ),
            format!(
                "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n{EXIT}",
                EXIT.len()
            ),
            format!("Content-Length: {}\r\nX-Other: 1\r\n\r\n{EXIT}", EXIT.len()),
            format!("Content-Length: +{}\r\n\r\n{EXIT}", EXIT.len()),
            format!(
                "Content-Length: {0}\r\nContent-Length: {0}\r\n\r\n{EXIT}",
                EXIT.len()
            ),
            format!("\r\nContent-Length: {}\r\n\r\n{EXIT}\r\n", EXIT.len()),
        ];
        for form in forms {
            assert_eq!(frames(form.as_bytes()), [body(EXIT)], "{form:?}");
        }
    }

    #[test]
    fn an_empty_body_is_a_frame() {
        assert_eq!(frames(b"Content-Length: 0\r\n\r\n"), [body("")]);
    }

    #[test]
    fn waits_for_the_rest_of_a_frame() {
        let whole = frame(EXIT);
        for cut in 0..whole.len() {
            let mut reader = FrameReader::new(MAX_BODY);
            reader.push(&whole[..cut]);
            assert_eq!(reader.next_frame(), None, "cut at {cut}");
            reader.push(&whole[cut..]);
            assert_eq!(reader.next_frame(), Some(body(EXIT)), "cut at {cut}");
            assert_eq!(reader.next_frame(), None);
        }
    }

    /// Each broken header gives one error, and the valid frame after it
    /// is still read.
    #[test]
    fn recovers_from_headers_that_cannot_be_read() {
        let cases: [(&str, &[u8]); 12] = [
            ("negative length", b"Content-Length: -5\r\n\r\nabcde"),
            ("not a number", b"Content-Length: five\r\n\r\nabcde"),
            ("empty length", b"Content-Length:\r\n\r\n"),
            (
                "no length",
                b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}",
            ),
            ("no headers", b"{\"jsonrpc\":\"2.0\"}\r\n\r\n"),
            ("over the limit", b"Content-Length: 67108865\r\n\r\n{}"),
            (
                "overflowing",
                b"Content-Length: 99999999999999999999999\r\n\r\n{}",
            ),
            ("no blank line", b"Content-Length: 8\r\nnot json"),
            ("no colon", b"Content-Length 8\r\n\r\nnot json"),
            ("name not a token", b"Content Length: 8\r\n\r\nnot json"),
            (
                "control character",
                b"Content-Length: 8\x01\r\n\r\nnot json",
            ),
            ("garbage", b"\x00\xff garbage }{"),
        ];
        for (what, bad) in cases {
            let mut input = bad.to_vec();
            input.extend(frame(SYMBOLS));
            let got = frames(&input);
            assert_eq!(broken(&got), 1, "{what}: {got:?}");
            assert_eq!(got.last(), Some(&body(SYMBOLS)), "{what}: {got:?}");
            let messages = got.iter().filter(|f| matches!(f, Frame::Body(_))).count();
            assert_eq!(messages, 1, "{what}: {got:?}");
        }
    }

    #[test]
    fn a_header_running_into_the_next_frame_gives_way_to_it() {
        let mut input = b"Content-Length: 8\r\n".to_vec();
        input.extend(frame(SYMBOLS));
        let got = frames(&input);
        assert!(
            matches!(got[..], [Frame::Broken(_), Frame::Body(_)]),
            "{got:?}"
        );
        assert_eq!(got[1], body(SYMBOLS));
    }

    #[test]
    fn of_two_different_lengths_the_second_starts_a_frame() {
        let mut input = b"Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd".to_vec();
        input.extend(frame(SYMBOLS));
        let got = frames(&input);
        assert!(
            matches!(got[..], [Frame::Broken(_), Frame::Body(_), Frame::Body(_)]),
            "{got:?}"
        );
        assert_eq!(got[1..], [body("abcd"), body(SYMBOLS)]);
    }

    #[test]
    fn a_line_that_cannot_become_a_header_fails_before_its_end() {
        let mut reader = FrameReader::new(MAX_BODY);
        reader.push(b"Content-Length: 8\r\nnot js");
        assert!(matches!(reader.next_frame(), Some(Frame::Broken(_))));
        assert_eq!(reader.next_frame(), None);
    }

    #[test]
    fn an_endless_header_is_given_up() {
        let mut reader = FrameReader::new(MAX_BODY);
        reader.push(&vec![b'a'; MAX_HEAD + 1]);
        assert!(matches!(reader.next_frame(), Some(Frame::Broken(_))));
        // The garbage is dropped as it is searched, not kept.
        reader.push(&vec![b'a'; 1 << 20]);
        assert_eq!(reader.next_frame(), None);
        assert!(reader.buf.len() - reader.start < RESYNC_AT.len());
        reader.push(&frame(EXIT));
        assert_eq!(reader.next_frame(), Some(body(EXIT)));
    }

    #[test]
    fn a_body_in_another_charset_is_skipped_by_its_length() {
        let mut input = format!(
            "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{SYMBOLS}",
            SYMBOLS.len()
        )
        .into_bytes();
        input.extend(frame(EXIT));
        let got = frames(&input);
        assert!(
            matches!(got[..], [Frame::Broken(_), Frame::Body(_)]),
            "{got:?}"
        );
        assert_eq!(got[1], body(EXIT));
    }

    #[test]
    fn a_length_short_of_the_body_leaves_garbage_that_is_skipped() {
        let mut input = format!("Content-Length: 10\r\n\r\n{SYMBOLS}").into_bytes();
        input.extend(frame(EXIT));
        let got = frames(&input);
        // The cut body, then the rest of it as a header.
        assert!(
            matches!(got[..], [Frame::Body(_), Frame::Broken(_), Frame::Body(_)]),
            "{got:?}"
        );
        assert_eq!(got[2], body(EXIT));
    }

    fn refused(text: &[u8]) -> Refusal {
        match check(text.to_vec()) {
            Ok(message) => panic!("{:?} passed as {message:?}", String::from_utf8_lossy(text)),
            Err(refusal) => refusal,
        }
    }

    fn passes(text: &str) -> Message {
        match check(text.as_bytes().to_vec()) {
            Ok(message) => message,
            Err(refusal) => panic!("{text} refused: {refusal:?}"),
        }
    }

    #[test]
    fn messages_pass() {
        let request = passes(SYMBOLS);
        assert_eq!(request.method.as_deref(), Some("workspace/symbol"));
        assert!(request.has_id && !request.is_shutdown_request() && !request.is_exit());
        assert!(
            passes(r#"{"jsonrpc":"2.0","id":"a","method":"shutdown","params":null}"#)
                .is_shutdown_request()
        );
        assert!(passes(EXIT).is_exit());
        assert!(!passes(r#"{"jsonrpc":"2.0","method":"shutdown"}"#).is_shutdown_request());
        assert!(passes(r#"{"jsonrpc":"2.0","id":-3,"method":"m","params":[1]}"#).has_id);
        assert!(passes(r#"{"jsonrpc":"2.0","id":null,"method":"m"}"#).has_id);
        let response = passes(r#"{"jsonrpc":"2.0","id":4,"result":null}"#);
        assert_eq!(response.method, None);
        passes(r#"{"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"no"}}"#);
        passes(r#" {"jsonrpc":"2.0","method":"m","extra":true} "#);
    }

    #[test]
    fn bodies_that_are_not_json_are_parse_errors() {
        for text in [
            &b"not json"[..],
            b"",
            b"{\"jsonrpc\":",
            b"\xff\xfe",
            b"{\"a\":\"\xc3\x28\"}",
        ] {
            let refusal = refused(text);
            assert_eq!(refusal.code, ErrorCode::ParseError, "{text:?}");
            assert_eq!(refusal.id, Value::Null, "{text:?}");
        }
    }

    #[test]
    fn json_that_is_not_a_message_is_an_invalid_request() {
        let cases = [
            (r#"[{"jsonrpc":"2.0","id":1,"method":"m"}]"#, json!(null)),
            ("[]", json!(null)),
            ("42", json!(null)),
            (r#""text""#, json!(null)),
            (r#"{"jsonrpc":"2.0","id":{},"method":"m"}"#, json!(null)),
            (r#"{"jsonrpc":"2.0","id":1.5,"method":"m"}"#, json!(null)),
            (r#"{"jsonrpc":"2.0","id":[1],"method":"m"}"#, json!(null)),
            (r#"{"jsonrpc":"2.0","id":true,"method":"m"}"#, json!(null)),
            (
                r#"{"jsonrpc":"2.0","id":18446744073709551615,"method":"m"}"#,
                json!(null),
            ),
            (r#"{"id":7,"method":"m"}"#, json!(7)),
            (r#"{"jsonrpc":"1.0","id":"x","method":"m"}"#, json!("x")),
            (r#"{"jsonrpc":2.0,"id":7,"method":"m"}"#, json!(7)),
            (r#"{"jsonrpc":"2.0","id":8,"method":7}"#, json!(8)),
            (r#"{"jsonrpc":"2.0","method":null}"#, json!(null)),
            (r#"{"jsonrpc":"2.0","id":9}"#, json!(9)),
            (r#"{"jsonrpc":"2.0"}"#, json!(null)),
            (
                r#"{"jsonrpc":"2.0","id":10,"result":1,"error":{"code":1,"message":"m"}}"#,
                json!(10),
            ),
            (
                r#"{"jsonrpc":"2.0","id":11,"method":"m","result":1}"#,
                json!(11),
            ),
            // What only the protocol layer's own types refuse.
            (
                r#"{"jsonrpc":"2.0","id":12,"id":13,"method":"m"}"#,
                json!(13),
            ),
            (
                r#"{"jsonrpc":"2.0","id":14,"error":{"code":"x","message":"m"}}"#,
                json!(14),
            ),
            (
                r#"{"jsonrpc":"2.0","id":15,"error":{"message":"m"}}"#,
                json!(15),
            ),
        ];
        for (text, id) in cases {
            let refusal = refused(text.as_bytes());
            assert_eq!(refusal.code, ErrorCode::InvalidRequest, "{text}");
            assert_eq!(refusal.id, id, "{text}");
        }
    }

    #[test]
    fn a_refusal_is_a_json_rpc_error_response() {
        let refusal = Refusal::invalid(json!("x"), "why");
        let value: Value = serde_json::from_slice(&refusal.to_json()).expect("JSON");
        assert_eq!(
            value,
            json!({"jsonrpc": "2.0", "id": "x",
                   "error": {"code": -32600, "message": "Invalid request", "data": "why"}})
        );
        let response: Response = serde_json::from_value(value).expect("a response");
        assert!(response.is_error());
    }

    /// Runs `relay_client` on `input`; what reached the server, the error
    /// responses, how it ended and whether `shutdown` passed.
    fn relay(input: &[u8]) -> (Vec<Vec<u8>>, Vec<Value>, End, bool) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let mut server = Vec::new();
            let (tx, mut rx) = mpsc::channel::<Vec<u8>>(4);
            let seen = Arc::new(Seen::default());
            let collect = async {
                let mut refusals: Vec<Value> = Vec::new();
                while let Some(body) = rx.recv().await {
                    refusals.push(serde_json::from_slice(&body).expect("JSON"));
                }
                refusals
            };
            let relayed = relay_client(input, &mut server, tx, Arc::clone(&seen));
            let (end, refusals) = tokio::time::timeout(Duration::from_secs(10), async {
                tokio::join!(relayed, collect)
            })
            .await
            .expect("the relay ends with its input");
            let passed = frames(&server)
                .into_iter()
                .map(|f| match f {
                    Frame::Body(b) => b,
                    Frame::Broken(why) => panic!("the server got a broken frame: {why}"),
                })
                .collect();
            (passed, refusals, end, seen.shutdown_requested())
        })
    }

    #[test]
    fn the_relay_answers_refusals_and_carries_on() {
        let mut input = frame("not json");
        input.extend(frame(r#"{"id":3,"method":"m"}"#));
        input.extend(b"Content-Length: x\r\n\r\n");
        input.extend(frame(SYMBOLS));
        let (passed, refusals, end, shutdown) = relay(&input);
        assert_eq!(passed, [SYMBOLS.as_bytes()]);
        let codes: Vec<(i64, Value)> = refusals
            .iter()
            .map(|r| (r["error"]["code"].as_i64().unwrap_or(0), r["id"].clone()))
            .collect();
        assert_eq!(
            codes,
            [
                (-32700, json!(null)),
                (-32600, json!(3)),
                (-32700, json!(null))
            ]
        );
        assert_eq!(end, End::Eof);
        assert!(!shutdown);
    }

    #[test]
    fn the_relay_stops_after_exit_and_remembers_shutdown() {
        let shutdown = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let mut input = frame(shutdown);
        input.extend(frame(EXIT));
        input.extend(frame(SYMBOLS));
        let (passed, refusals, end, seen) = relay(&input);
        assert_eq!(passed, [shutdown.as_bytes(), EXIT.as_bytes()]);
        assert!(refusals.is_empty());
        assert_eq!(end, End::Exit);
        assert!(seen);
    }

    #[test]
    fn the_relay_ends_at_the_end_of_input_inside_a_frame() {
        let whole = frame(SYMBOLS);
        let (passed, refusals, end, _) = relay(&whole[..whole.len() - 1]);
        assert!(passed.is_empty() && refusals.is_empty());
        assert_eq!(end, End::Eof);
    }

    /// Which of the relay's queues a body is put on while the server's
    /// frame is half written.
    enum Queue {
        Refusals,
        Notes,
    }

    /// The relay's output when the server writes half a frame, `body` is
    /// queued, and then the server writes the rest and ends. The sender of
    /// notes lives on after the server (as the publisher may); the relay
    /// must end all the same.
    async fn relay_with_body_queued_mid_frame(queue: Queue, queued: Vec<u8>) -> Vec<u8> {
        let (mut server, from_server) = tokio::io::duplex(PIPE_FOR_TESTS);
        let (refusals, refused) = mpsc::channel(4);
        let (notes, noted) = mpsc::channel(4);
        let mut output = Vec::new();
        let answer = frame(SYMBOLS);
        let feed = async {
            let (head, tail) = answer.split_at(answer.len() / 2);
            server.write_all(head).await.expect("write");
            tokio::time::sleep(Duration::from_millis(50)).await;
            match queue {
                Queue::Refusals => refusals.send(queued).await.expect("send"),
                Queue::Notes => notes.send(queued).await.expect("send"),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            server.write_all(tail).await.expect("write");
            drop(refusals);
            drop(server);
        };
        let relay = relay_server(from_server, refused, noted, &mut output);
        let (_, written) =
            tokio::time::timeout(Duration::from_secs(10), async { tokio::join!(feed, relay) })
                .await
                .expect("the relay ends with the server, though a writer of notes lives on");
        written.expect("written");
        drop(notes);
        output
    }

    /// The server's output arrives in pieces; an error response waiting
    /// meanwhile must go out between frames, not inside one.
    #[tokio::test]
    async fn refusals_go_out_between_the_servers_frames() {
        let output =
            relay_with_body_queued_mid_frame(Queue::Refusals, Refusal::parse_error("x").to_json())
                .await;
        let got = frames(&output);
        assert_eq!(got.len(), 2, "{:?}", String::from_utf8_lossy(&output));
        assert!(
            got.contains(&body(SYMBOLS)),
            "{:?}",
            String::from_utf8_lossy(&output)
        );
        for f in got {
            match f {
                Frame::Body(b) => {
                    serde_json::from_slice::<Value>(&b).expect("each frame is JSON");
                }
                Frame::Broken(why) => panic!("{why}"),
            }
        }
    }

    /// Notifications the server wrote itself go out whole between the
    /// protocol layer's frames, and a writer of them that outlives the
    /// server does not keep the relay (and the process) alive.
    #[tokio::test]
    async fn notes_go_out_between_frames_and_end_with_the_server() {
        let note = br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///a.emd","diagnostics":[]}}"#;
        let output = relay_with_body_queued_mid_frame(Queue::Notes, note.to_vec()).await;
        assert_eq!(
            frames(&output),
            vec![
                body(std::str::from_utf8(note).expect("UTF-8")),
                body(SYMBOLS)
            ],
            "{:?}",
            String::from_utf8_lossy(&output)
        );
    }

    const PIPE_FOR_TESTS: usize = 16;

    /// The pieces the property test strings together.
    #[derive(Debug, Clone)]
    enum Piece {
        /// A message the server must get, numbered by `seq`.
        Valid { body: String, head: u8 },
        /// Bytes without `Content-Length:` or `Content-Type` in them.
        Garbage(Vec<u8>),
        /// A header that cannot be read, then a body.
        BadHead { head: &'static str, body: String },
        /// A well-framed body that is not a message.
        BadBody(Vec<u8>),
        /// A length below the body's.
        Short { body: String, cut: usize },
        /// A length above the body's: it swallows what follows.
        Long { body: String, extra: usize },
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            "[a-z ]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::btree_map("[a-z]{1,5}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// A message carrying `seq` in its params, result or id.
    fn message(seq: usize) -> impl Strategy<Value = String> {
        let method = "m/[a-z]{1,6}";
        let params = prop_oneof![
            json_value().prop_map(move |v| json!({"seq": seq, "v": v})),
            json_value().prop_map(move |v| json!([seq, v])),
        ];
        prop_oneof![
            (method, params.clone(), any::<bool>()).prop_map(move |(m, p, string_id)| {
                let id = if string_id {
                    json!(format!("s{seq}"))
                } else {
                    json!(seq)
                };
                json!({"jsonrpc": "2.0", "id": id, "method": m, "params": p}).to_string()
            }),
            (method, params)
                .prop_map(|(m, p)| json!({"jsonrpc": "2.0", "method": m, "params": p}).to_string()),
            json_value().prop_map(move |v| {
                json!({"jsonrpc": "2.0", "id": seq, "result": {"seq": seq, "v": v}}).to_string()
            }),
        ]
    }

    fn seq_of(body: &[u8]) -> Option<u64> {
        let v: Value = serde_json::from_slice(body).ok()?;
        v["params"]["seq"]
            .as_u64()
            .or(v["params"][0].as_u64())
            .or(v["result"]["seq"].as_u64())
    }

    fn without_markers(bytes: &[u8]) -> bool {
        find_ignoring_case(bytes, b"content-length:").is_none()
            && find_ignoring_case(bytes, b"content-type").is_none()
    }

    fn garbage() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 1..40),
            proptest::collection::vec(proptest::sample::select(b"\r\n: a{}0-\t".to_vec()), 1..40),
        ]
        .prop_filter("no frame markers", |g| without_markers(g))
    }

    fn bad_body() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..40)
                .prop_filter("not JSON", |b| serde_json::from_slice::<Value>(b).is_err()),
            json_value()
                .prop_filter("not an object", |v| !v.is_object())
                .prop_map(|v| v.to_string().into_bytes()),
            json_value().prop_map(|v| json!([{"jsonrpc": "2.0", "method": "m", "params": v}])
                .to_string()
                .into_bytes()),
            json_value().prop_map(|v| json!({"jsonrpc": "2.0", "id": {"x": v}, "method": "m"})
                .to_string()
                .into_bytes()),
            json_value().prop_map(|v| json!({"id": 1, "method": "m", "params": v})
                .to_string()
                .into_bytes()),
            json_value()
                .prop_map(|v| json!({"jsonrpc": "2.0", "id": 1, "method": v})
                    .to_string()
                    .into_bytes())
                .prop_filter("method not a string", |b| check(b.clone()).is_err()),
        ]
    }

    const BAD_HEADS: [&str; 7] = [
        "Content-Length: -5\r\n\r\n",
        "Content-Length: abc\r\n\r\n",
        "Content-Length: 99999999999999999999\r\n\r\n",
        "Content-Length: 67108865\r\n\r\n",
        "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        "Content-Length: 5\r\n",
        "X-Length: 5\r\n\r\n",
    ];

    fn piece(seq: usize) -> impl Strategy<Value = Piece> {
        prop_oneof![
            4 => (message(seq), 0u8..4).prop_map(|(body, head)| Piece::Valid { body, head }),
            1 => garbage().prop_map(Piece::Garbage),
            1 => (proptest::sample::select(BAD_HEADS.to_vec()), message(seq))
                .prop_map(|(head, body)| Piece::BadHead { head, body }),
            1 => bad_body().prop_map(Piece::BadBody),
            1 => (message(seq), any::<prop::sample::Index>())
                .prop_map(|(body, i)| { let cut = i.index(body.len()); Piece::Short { body, cut } }),
            1 => (message(seq), 1usize..200).prop_map(|(body, extra)| Piece::Long { body: format!("x{body}"), extra }),
        ]
    }

    fn pieces() -> impl Strategy<Value = Vec<Piece>> {
        (0usize..12).prop_flat_map(|n| (0..n).map(piece).collect::<Vec<_>>())
    }

    fn head_for(len: usize, style: u8) -> String {
        match style {
            0 => format!("Content-Length: {len}\r\n\r\n"),
            1 => format!("content-length:{len}\n\n"),
            2 => format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: {len}\r\n\r\n"),
            _ => format!("Content-Length:  {len} \r\nContent-Type: application/vscode-jsonrpc; charset=utf8\r\n\r\n"),
        }
    }

    /// The bytes of `pieces`, and the seq of every valid message that
    /// nothing before it can swallow.
    fn render(pieces: &[Piece]) -> (Vec<u8>, Vec<u64>, Vec<u64>) {
        let mut out = Vec::new();
        let mut expected = Vec::new();
        let mut all = Vec::new();
        let mut swallowed_until = 0;
        for piece in pieces {
            match piece {
                Piece::Valid { body, head } => {
                    let seq = seq_of(body.as_bytes());
                    if let Some(seq) = seq {
                        all.push(seq);
                        if out.len() >= swallowed_until {
                            expected.push(seq);
                        }
                    }
                    out.extend(head_for(body.len(), *head).into_bytes());
                    out.extend(body.as_bytes());
                }
                Piece::Garbage(g) => out.extend(g),
                Piece::BadHead { head, body } => {
                    out.extend(head.as_bytes());
                    out.extend(body.as_bytes());
                }
                Piece::BadBody(b) => {
                    out.extend(head_for(b.len(), 0).into_bytes());
                    out.extend(b);
                }
                Piece::Short { body, cut } => {
                    out.extend(head_for(*cut, 0).into_bytes());
                    out.extend(body.as_bytes());
                }
                Piece::Long { body, extra } => {
                    out.extend(head_for(body.len() + extra, 0).into_bytes());
                    swallowed_until = swallowed_until.max(out.len() + body.len() + extra);
                    out.extend(body.as_bytes());
                }
            }
        }
        (out, expected, all)
    }

    /// Feeds `input` cut at `cuts`, draining frames after each piece;
    /// fails if the reader does not finish within one frame per byte.
    fn frames_in_chunks(input: &[u8], cuts: &[prop::sample::Index]) -> Vec<Frame> {
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(input.len() + 1)).collect();
        at.push(0);
        at.push(input.len());
        at.sort_unstable();
        let mut reader = FrameReader::new(MAX_BODY);
        let mut got = Vec::new();
        for w in at.windows(2) {
            reader.push(&input[w[0]..w[1]]);
            while let Some(f) = reader.next_frame() {
                got.push(f);
                assert!(got.len() <= input.len(), "more frames than bytes");
            }
        }
        got
    }

    fn same_frames(a: &[Frame], b: &[Frame]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| match (x, y) {
                (Frame::Body(x), Frame::Body(y)) => x == y,
                (Frame::Broken(_), Frame::Broken(_)) => true,
                _ => false,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_panic_or_hang(
            bytes in proptest::collection::vec(any::<u8>(), 0..400),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
        ) {
            let whole = frames(&bytes);
            prop_assert!(whole.len() <= bytes.len());
            let chunked = frames_in_chunks(&bytes, &cuts);
            prop_assert!(same_frames(&whole, &chunked));
            for f in whole {
                if let Frame::Body(b) = f {
                    let _ = check(b);
                }
            }
        }

        /// Mutated streams of frames: every valid frame after a point the
        /// reader can find again reaches the server, nothing else does,
        /// and how the bytes arrive changes nothing.
        #[test]
        fn valid_frames_survive_the_garbage_around_them(
            pieces in pieces(),
            cut_end in any::<prop::sample::Index>(),
            truncate in any::<bool>(),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
        ) {
            let (mut input, mut expected, all) = render(&pieces);
            if truncate {
                // The input ends inside whatever comes last.
                let end = cut_end.index(input.len() + 1);
                input.truncate(end);
                let (_, kept, _) = {
                    let mut shorter = pieces.clone();
                    while render(&shorter).0.len() > end {
                        shorter.pop();
                    }
                    render(&shorter)
                };
                expected.retain(|s| kept.contains(s));
            }

            let whole = frames(&input);
            let chunked = frames_in_chunks(&input, &cuts);
            prop_assert!(same_frames(&whole, &chunked));

            let (passed, _, end, _) = relay(&input);
            prop_assert_eq!(end, End::Eof);
            let mut seqs = Vec::new();
            for body in &passed {
                prop_assert!(serde_json::from_slice::<AsTheServerReadsIt>(body).is_ok());
                let seq = seq_of(body);
                prop_assert!(seq.is_some(), "{:?} reached the server", String::from_utf8_lossy(body));
                seqs.extend(seq);
            }
            // In order, and only the valid ones.
            let mut rest = all.iter();
            for s in &seqs {
                prop_assert!(rest.any(|a| a == s), "{:?} out of {:?}", seqs, all);
            }
            for s in &expected {
                prop_assert!(seqs.contains(s), "{} lost: got {:?}, expected {:?}", s, seqs, expected);
            }
        }
    }
}
