//! A minimal LSP client over a child process's stdio, for tests and
//! benchmarks: framed JSON-RPC, requests matched to responses, server
//! notifications kept until asked for.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub struct LspClient {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    kept: VecDeque<Value>,
    next_id: i64,
    pub timeout: Duration,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

pub fn uri(path: &Path) -> String {
    let abs = std::path::absolute(path).expect("absolute path");
    format!("file://{}", abs.display())
}

impl LspClient {
    pub fn start(binary: &Path, cwd: &Path) -> LspClient {
        LspClient::start_with_env(binary, cwd, &[])
    }

    /// A server started with these variables set in its environment.
    pub fn start_with_env(binary: &Path, cwd: &Path, env: &[(&str, &Path)]) -> LspClient {
        let mut child = Command::new(binary)
            .args(["lsp", "--stdio"])
            .envs(env.iter().copied())
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        LspClient {
            child,
            stdin,
            incoming,
            kept: VecDeque::new(),
            next_id: 0,
            timeout: Duration::from_secs(30),
        }
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    /// Writes bytes as they are, framed or not.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write");
        self.stdin.flush().expect("flush");
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request without waiting; its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        json!(id)
    }

    /// Every response that arrives, kept or new, up to and including the
    /// one to `id`; notifications are kept meanwhile.
    pub fn responses_until(&mut self, id: &Value) -> Vec<Value> {
        let mut got = Vec::new();
        let mut i = 0;
        while let Some(msg) = self.kept.get(i) {
            if msg.get("method").is_some() {
                i += 1;
                continue;
            }
            let last = msg.get("id") == Some(id);
            got.extend(self.kept.remove(i));
            if last {
                return got;
            }
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            let msg = self.next_message(deadline, &format!("the response to {id}"));
            if msg.get("method").is_some() {
                self.keep_or_answer(msg);
                continue;
            }
            let last = msg.get("id") == Some(id);
            got.push(msg);
            if last {
                return got;
            }
        }
    }

    /// Whether a notification of `method` for which `accept` holds has
    /// arrived and is kept; never waits.
    pub fn has_kept(&self, method: &str, accept: impl Fn(&Value) -> bool) -> bool {
        self.kept
            .iter()
            .any(|m| m["method"] == method && accept(&m["params"]))
    }

    /// Waits for the server to end on its own; its exit status.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the server did not exit");
    }

    /// Sends a request and returns its response (`result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + self.timeout;
        loop {
            let msg = self.next_message(deadline, method);
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return msg;
            }
            self.keep_or_answer(msg);
        }
    }

    /// Answers requests from the server (progress, registrations) with
    /// null; keeps notifications.
    fn keep_or_answer(&mut self, msg: Value) {
        if msg.get("method").is_some() && msg.get("id").is_some() {
            let id = msg["id"].clone();
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
        } else {
            self.kept.push_back(msg);
        }
    }

    fn next_message(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(m) => m,
            Err(_) => panic!("no answer from the server while waiting for {waiting_for}"),
        }
    }

    /// Reads what the server sends until it has sent nothing for `quiet`
    /// (or `limit` has passed), answering its requests and dropping its
    /// notifications; returns how many came.
    pub fn drain_until_quiet(&mut self, quiet: Duration, limit: Duration) -> usize {
        let end = Instant::now() + limit;
        let mut count = 0;
        while Instant::now() < end {
            let Ok(msg) = self.incoming.recv_timeout(quiet) else {
                break;
            };
            count += 1;
            if msg.get("method").is_some() && msg.get("id").is_some() {
                self.keep_or_answer(msg);
            }
        }
        count
    }

    /// The first notification of `method` for which `accept` holds, kept
    /// or still to come.
    pub fn notification(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self
            .kept
            .iter()
            .position(|m| m["method"] == method && accept(&m["params"]))
        {
            return self
                .kept
                .remove(i)
                .map(|mut m| m["params"].take())
                .unwrap_or_default();
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            let mut msg = self.next_message(deadline, method);
            if msg["method"] == method && accept(&msg["params"]) {
                // Taken, not copied: a volume's diagnostics run to a
                // megabyte, and copying them would be counted as the
                // server's time.
                return msg["params"].take();
            }
            self.keep_or_answer(msg);
        }
    }

    pub fn initialize(&mut self, root: &Path, capabilities: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{"uri": uri(root), "name": "root"}],
                "capabilities": capabilities,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "emend", "version": 1, "text": text}}),
        );
    }

    /// `shutdown` then `exit`: the server must end with status 0.
    pub fn shutdown(mut self) {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.wait_exit();
        assert!(status.success(), "exit after shutdown: {status}");
    }
}
