//! The task that publishes diagnostics, apart from the store: publishing
//! many files never holds up the edits and requests behind it. Jobs that
//! queue up while one is published are merged into one of the newest
//! state, for every file any of them named.
//!
//! A volume's file can carry thousands of findings: a megabyte of JSON
//! for each edit. The protocol library would build that as a tree of
//! JSON values first and then write the tree; served over stdio, the
//! notification is written here straight from the diagnostics and handed
//! to the framing layer as a finished body, which took a third of the
//! time from an edit to its diagnostics on a 4 MB volume.

use super::store::uri_of;
use super::to_proto;
use crate::analysis::Analysis;
use crate::line_index::ColumnUnit;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::Client;

pub struct Check {
    pub analysis: Analysis,
    /// The files whose diagnostics may have changed, by absolute path.
    pub files: BTreeSet<PathBuf>,
    /// The file the user edited, whose diagnostics go out first.
    pub edited: Option<PathBuf>,
    /// Versions of the open documents.
    pub versions: HashMap<PathBuf, i32>,
}

pub enum Job {
    Check(Box<Check>),
}

/// Where the notifications go.
pub enum Outlet {
    /// Through the protocol library's client (a server not on stdio).
    Client(Client),
    /// As finished message bodies to the framing layer, which writes
    /// them between the protocol library's frames.
    Frames(mpsc::Sender<Vec<u8>>),
}

pub struct Publisher {
    outlet: Outlet,
    unit: ColumnUnit,
    /// A hash of the JSON of what was last published for each file that
    /// has diagnostics: enough to tell an unchanged list, at 8 bytes a
    /// file rather than a copy of every diagnostic.
    published: HashMap<PathBuf, u64>,
}

/// The notification's parameters as written on the wire, with the
/// diagnostics already in JSON.
#[derive(Serialize)]
struct Params<'a> {
    uri: &'a Uri,
    diagnostics: &'a serde_json::value::RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
}

#[derive(Serialize)]
struct Notification<'a> {
    jsonrpc: &'static str,
    method: &'static str,
    params: Params<'a>,
}

impl Publisher {
    pub fn new(outlet: Outlet, unit: ColumnUnit) -> Self {
        Publisher {
            outlet,
            unit,
            published: HashMap::new(),
        }
    }

    pub async fn run(mut self, mut jobs: mpsc::UnboundedReceiver<Job>) {
        while let Some(job) = jobs.recv().await {
            let mut pending = vec![job];
            while let Ok(more) = jobs.try_recv() {
                pending.push(more);
            }
            for job in coalesce(pending) {
                match job {
                    Job::Check(check) => self.publish(*check).await,
                }
            }
        }
    }

    async fn publish(&mut self, job: Check) {
        let mut order: Vec<&PathBuf> = job.files.iter().collect();
        order.sort_by_key(|p| Some(*p) != job.edited.as_ref());
        for path in order {
            let diagnostics = match job.analysis.ws.file_by_path(path) {
                Some(f) => to_proto::diagnostics(&job.analysis, f, self.unit),
                None => Vec::new(),
            };
            let Ok(json) = serde_json::value::to_raw_value(&diagnostics) else {
                continue;
            };
            let hash = crate::index::hash_of(json.get());
            if self.published.get(path) == Some(&hash) {
                continue;
            }
            if diagnostics.is_empty() && !self.published.contains_key(path) {
                continue;
            }
            let Some(uri) = uri_of(path) else {
                continue;
            };
            let version = job.versions.get(path).copied();
            if diagnostics.is_empty() {
                self.published.remove(path);
            } else {
                self.published.insert(path.clone(), hash);
            }
            match &self.outlet {
                Outlet::Client(client) => {
                    client.publish_diagnostics(uri, diagnostics, version).await;
                }
                Outlet::Frames(frames) => {
                    let message = Notification {
                        jsonrpc: "2.0",
                        method: "textDocument/publishDiagnostics",
                        params: Params {
                            uri: &uri,
                            diagnostics: &json,
                            version,
                        },
                    };
                    let Ok(body) = serde_json::to_vec(&message) else {
                        continue;
                    };
                    // Fails only once the framing layer has stopped, at exit.
                    let _ = frames.send(body).await;
                }
            }
        }
    }
}

/// Jobs in order, with each run of them merged into one of the newest
/// state that names every file any of them named.
fn coalesce(jobs: Vec<Job>) -> Vec<Job> {
    let mut out: Vec<Job> = Vec::new();
    for job in jobs {
        match (out.last_mut(), job) {
            (Some(Job::Check(prev)), Job::Check(mut next)) => {
                next.files.append(&mut prev.files);
                if next.edited.is_none() {
                    next.edited = prev.edited.take();
                }
                *prev = next;
            }
            (_, job) => out.push(job),
        }
    }
    out
}
