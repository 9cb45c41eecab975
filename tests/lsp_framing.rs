//! The real binary over stdio, fed frames and messages that are not
//! well-formed: each is answered with a JSON-RPC error and the server
//! carries on; `exit` ends it with the status the LSP specification asks.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::LspClient;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn start(dir: &Path) -> LspClient {
    let mut client = LspClient::start(Path::new(env!("CARGO_BIN_EXE_emend")), dir);
    let init = client.initialize(dir, json!({}));
    assert!(init["result"]["capabilities"].is_object(), "{init}");
    client
}

struct Variant {
    what: &'static str,
    bytes: Vec<u8>,
    /// The error responses owed, code and id, in order.
    errors: Vec<(i64, Value)>,
}

fn variants() -> Vec<Variant> {
    let symbols =
        br#"{"jsonrpc":"2.0","id":500,"method":"workspace/symbol","params":{"query":""}}"#;
    let v = |what, bytes: Vec<u8>, errors: Vec<(i64, Value)>| Variant {
        what,
        bytes,
        errors,
    };
    vec![
        v("non-JSON body", frame(b"not json"), vec![(PARSE_ERROR, json!(null))]),
        v("empty body", frame(b""), vec![(PARSE_ERROR, json!(null))]),
        v("body not UTF-8", frame(b"{\"a\":\"\xff\"}"), vec![(PARSE_ERROR, json!(null))]),
        v(
            "id an object",
            frame(br#"{"jsonrpc":"2.0","id":{},"method":"workspace/symbol","params":{"query":""}}"#),
            vec![(INVALID_REQUEST, json!(null))],
        ),
        v(
            "id a fraction",
            frame(br#"{"jsonrpc":"2.0","id":1.5,"method":"workspace/symbol","params":{"query":""}}"#),
            vec![(INVALID_REQUEST, json!(null))],
        ),
        v(
            "missing jsonrpc",
            frame(br#"{"id":42,"method":"workspace/symbol","params":{"query":""}}"#),
            vec![(INVALID_REQUEST, json!(42))],
        ),
        v(
            "jsonrpc 1.0",
            frame(br#"{"jsonrpc":"1.0","id":"a","method":"workspace/symbol","params":{"query":""}}"#),
            vec![(INVALID_REQUEST, json!("a"))],
        ),
        v(
            "batch",
            frame(&[b"[", &symbols[..], b"]"].concat()),
            vec![(INVALID_REQUEST, json!(null))],
        ),
        v("scalar", frame(b"42"), vec![(INVALID_REQUEST, json!(null))]),
        v(
            "method not a string",
            frame(br#"{"jsonrpc":"2.0","id":43,"method":7}"#),
            vec![(INVALID_REQUEST, json!(43))],
        ),
        v(
            "key given twice",
            frame(br#"{"jsonrpc":"2.0","id":44,"id":44,"method":"workspace/symbol"}"#),
            vec![(INVALID_REQUEST, json!(44))],
        ),
        // Sent together, a frame without Content-Length right after a
        // broken header is skipped with it: keep a well-framed one before.
        v(
            "missing Content-Length",
            [
                &b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"[..],
                symbols,
            ]
            .concat(),
            vec![(PARSE_ERROR, json!(null))],
        ),
        v(
            "negative Content-Length",
            b"Content-Length: -5\r\n\r\nhello".to_vec(),
            vec![(PARSE_ERROR, json!(null))],
        ),
        v(
            "non-numeric Content-Length",
            b"Content-Length: eight\r\n\r\nnot json".to_vec(),
            vec![(PARSE_ERROR, json!(null))],
        ),
        v(
            "absurd Content-Length",
            b"Content-Length: 99999999999999\r\n\r\n{}".to_vec(),
            vec![(PARSE_ERROR, json!(null))],
        ),
        v(
            "header without the blank line",
            b"Content-Length: 8\r\nnot json".to_vec(),
            vec![(PARSE_ERROR, json!(null))],
        ),
        v(
            "charset not UTF-8",
            [
                format!(
                    "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n",
                    symbols.len()
                )
                .as_bytes(),
                symbols,
            ]
            .concat(),
            vec![(PARSE_ERROR, json!(null))],
        ),
        v(
            "garbage between frames",
            b"\x00garbage\r\n".to_vec(),
            vec![(PARSE_ERROR, json!(null))],
        ),
        // The cut body is not JSON; what is left of it is no header.
        v(
            "Content-Length short of the body",
            [&b"Content-Length: 10\r\n\r\n"[..], symbols].concat(),
            vec![(PARSE_ERROR, json!(null)), (PARSE_ERROR, json!(null))],
        ),
    ]
}

/// Sends `bytes`, then a valid request; the error responses that arrived
/// before its answer, which must be a result.
fn errors_then_answer(client: &mut LspClient, what: &str, bytes: &[u8]) -> Vec<(i64, Value)> {
    client.send_raw(bytes);
    let id = client.send_request("workspace/symbol", json!({"query": ""}));
    let mut responses = client.responses_until(&id);
    let answer = responses.pop().unwrap_or_default();
    assert!(answer["result"].is_array(), "{what}: {answer}");
    responses
        .iter()
        .map(|r| {
            assert!(r.get("result").is_none(), "{what}: {r}");
            (
                r["error"]["code"].as_i64().unwrap_or_default(),
                r["id"].clone(),
            )
        })
        .collect()
}

#[test]
fn malformed_frames_are_answered_and_the_server_carries_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut client = start(dir.path());
    for variant in variants() {
        let errors = errors_then_answer(&mut client, variant.what, &variant.bytes);
        assert_eq!(errors, variant.errors, "{}", variant.what);
    }
    // Everything at once, in one write.
    let all: Vec<u8> = variants().iter().flat_map(|v| v.bytes.clone()).collect();
    let owed: Vec<(i64, Value)> = variants().into_iter().flat_map(|v| v.errors).collect();
    assert_eq!(errors_then_answer(&mut client, "all at once", &all), owed);
    client.shutdown();
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut client = start(dir.path());
    client.notify("exit", Value::Null);
    // The client keeps its end open: the server must not wait for it.
    assert_eq!(client.wait_exit().code(), Some(1));
}

#[test]
fn exit_after_shutdown_is_status_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut client = start(dir.path());
    let shutdown = client.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(0));
}

#[test]
fn exit_after_malformed_frames_keeps_the_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut client = start(dir.path());
    client.send_raw(b"Content-Length: x\r\n\r\n");
    client.send_raw(&frame(b"[]"));
    let _ = client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(0));
}

/// Input ending without `exit` counts as `exit`: 1 unless `shutdown` came.
#[test]
fn end_of_input_without_exit_is_status_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_emend"))
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server starts");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(&frame(
            br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
        ))
        .expect("write");
    // The end of input in the middle of a frame ends the server too.
    stdin
        .write_all(b"Content-Length: 50\r\n\r\n{\"jsonrpc\"")
        .expect("write");
    drop(stdin);
    let status = child.wait().expect("the server ends");
    assert_eq!(status.code(), Some(1));
}
