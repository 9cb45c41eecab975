//! The language server in process, for tests: JSON-RPC requests straight
//! into the service, server notifications read from its socket and kept
//! until a test asks for them.

#![allow(dead_code)]

use futures::StreamExt;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::LspService;

pub struct Harness {
    service: LspService<emend::lsp::Backend>,
    notifications: mpsc::UnboundedReceiver<Request>,
    pub kept: Vec<Request>,
    next_id: i64,
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Harness {
    /// Every notification that has arrived and was not asked for yet, in
    /// order; never waits.
    pub fn drain(&mut self) -> Vec<Request> {
        let mut out = std::mem::take(&mut self.kept);
        while let Ok(r) = self.notifications.try_recv() {
            out.push(r);
        }
        out
    }

    pub fn new() -> Harness {
        let (service, socket) = LspService::new(emend::lsp::Backend::new);
        let (tx, notifications) = mpsc::unbounded_channel();
        let (mut requests, _responses) = socket.split();
        tokio::spawn(async move {
            while let Some(r) = requests.next().await {
                if tx.send(r).is_err() {
                    break;
                }
            }
        });
        Harness {
            service,
            notifications,
            kept: Vec::new(),
            next_id: 0,
        }
    }

    pub async fn request(&mut self, method: &'static str, params: Value) -> Value {
        self.next_id += 1;
        let req = Request::build(method)
            .params(params)
            .id(self.next_id)
            .finish();
        let service = self.service.ready().await.expect("ready");
        let response = tokio::time::timeout(Duration::from_secs(30), service.call(req))
            .await
            .expect("an answer in time")
            .expect("no transport error");
        serde_json::to_value(response).expect("json")
    }

    pub async fn notify(&mut self, method: &'static str, params: Value) {
        let req = Request::build(method).params(params).finish();
        let service = self.service.ready().await.expect("ready");
        service.call(req).await.expect("notification accepted");
    }

    pub async fn start(&mut self, root: &Path, capabilities: Value) -> Value {
        self.start_with(root, capabilities, Value::Null).await
    }

    pub async fn start_with(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        let init = self
            .request(
                "initialize",
                json!({"processId": null, "rootUri": uri(root), "capabilities": capabilities,
                       "initializationOptions": options}),
            )
            .await;
        self.notify("initialized", json!({})).await;
        init
    }

    /// The next diagnostics published for a file whose name ends so and
    /// which satisfy `accept`.
    pub async fn diagnostics(&mut self, name: &str, accept: impl Fn(&Value) -> bool) -> Value {
        self.notification("textDocument/publishDiagnostics", |p| {
            p["uri"].as_str().is_some_and(|u| u.ends_with(name)) && accept(p)
        })
        .await
    }

    /// The next notification of a method whose parameters satisfy `accept`.
    pub async fn notification(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let matches = |r: &Request| {
            let p = serde_json::to_value(r.params()).unwrap_or_default();
            r.method() == method && accept(&p)
        };
        if let Some(i) = self.kept.iter().position(matches) {
            let r = self.kept.remove(i);
            return serde_json::to_value(r.params()).unwrap_or_default();
        }
        loop {
            let r = tokio::time::timeout(Duration::from_secs(30), self.notifications.recv())
                .await
                .expect("the notification in time")
                .expect("socket open");
            if matches(&r) {
                return serde_json::to_value(r.params()).unwrap_or_default();
            }
            self.kept.push(r);
        }
    }
}

pub fn example(dir: &Path) -> PathBuf {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds/frus1964-68v03");
    let dst = dir.join("frus1964-68v03");
    std::fs::create_dir_all(&dst).expect("mkdir");
    for entry in std::fs::read_dir(&src).expect("example") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dst.join(path.file_name().expect("name"))).expect("copy");
    }
    dst
}
