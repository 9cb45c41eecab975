//! The task that publishes diagnostics, apart from the store: publishing
//! many files never holds up the edits and requests behind it. Checks
//! posted while one is published are merged, in the [`Mailbox`], into one
//! of the newest state for every file any of them named: a client that
//! reads slowly (or not at all) costs one waiting state, not a snapshot of
//! the workspace per edit.
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
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, Uri};
use tower_lsp_server::Client;

pub struct Check {
    pub analysis: Analysis,
    /// The files whose diagnostics may have changed, by absolute path.
    pub files: BTreeSet<Arc<Path>>,
    /// The file the user edited, whose diagnostics go out first.
    pub edited: Option<PathBuf>,
    /// Versions of the open documents.
    pub versions: HashMap<PathBuf, i32>,
}

/// The next check to publish, merged from those posted since the last was
/// taken.
#[derive(Default)]
pub struct Mailbox {
    slot: std::sync::Mutex<Slot>,
    ready: tokio::sync::Notify,
}

#[derive(Default)]
struct Slot {
    check: Option<Check>,
    closed: bool,
}

impl Mailbox {
    /// The mailbox, and the poster that closes it when dropped.
    pub fn new() -> (Poster, Arc<Mailbox>) {
        let mailbox = Arc::new(Mailbox::default());
        (Poster(Arc::clone(&mailbox)), mailbox)
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Slot> {
        // A slot is whole after every statement that holds its lock.
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The next check, once there is one; None once the poster is gone
    /// and nothing waits.
    pub async fn take(&self) -> Option<Check> {
        loop {
            {
                let mut slot = self.slot();
                if let Some(check) = slot.check.take() {
                    return Some(check);
                }
                if slot.closed {
                    return None;
                }
            }
            // A post between the look above and this wait leaves a permit:
            // the wait then ends at once.
            self.ready.notified().await;
        }
    }
}

/// The store's end of the [`Mailbox`].
pub struct Poster(Arc<Mailbox>);

impl Poster {
    /// Posts a check: with the one waiting, if any, merged into it.
    pub fn post(&self, mut check: Check) {
        let mut slot = self.0.slot();
        if let Some(mut waiting) = slot.check.take() {
            check.files.append(&mut waiting.files);
            if check.edited.is_none() {
                check.edited = waiting.edited;
            }
        }
        slot.check = Some(check);
        drop(slot);
        self.0.ready.notify_one();
    }
}

impl Drop for Poster {
    fn drop(&mut self) {
        self.0.slot().closed = true;
        self.0.ready.notify_one();
    }
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
    /// The [`fingerprint`] of what was last published for each file that
    /// has diagnostics: enough to tell an unchanged list, at 8 bytes a
    /// file rather than a copy of every diagnostic.
    published: HashMap<Arc<Path>, u64>,
}

/// A hash of what the client is shown of a file's diagnostics: each one's
/// range, severity, code, source and message, the fields this server
/// sets. An edit re-checks the files it may affect, most of which come out
/// as they were; telling those costs a pass over their fields, not their
/// JSON.
fn fingerprint(diagnostics: &[Diagnostic]) -> u64 {
    crate::index::hash_of(&Shown(diagnostics))
}

/// Diagnostics hashed by the fields [`fingerprint`] names.
struct Shown<'a>(&'a [Diagnostic]);

impl std::hash::Hash for Shown<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.len());
        for d in self.0 {
            (d.range.start.line, d.range.start.character).hash(state);
            (d.range.end.line, d.range.end.character).hash(state);
            d.severity
                .map(|s| match s {
                    DiagnosticSeverity::ERROR => 1u8,
                    DiagnosticSeverity::WARNING => 2,
                    DiagnosticSeverity::INFORMATION => 3,
                    DiagnosticSeverity::HINT => 4,
                    _ => 0,
                })
                .hash(state);
            d.code.hash(state);
            d.source.hash(state);
            d.message.hash(state);
        }
    }
}

/// The notification's parameters as written on the wire.
#[derive(Serialize)]
struct Params<'a> {
    uri: &'a Uri,
    diagnostics: &'a [Diagnostic],
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

    pub async fn run(mut self, mailbox: Arc<Mailbox>) {
        while let Some(check) = mailbox.take().await {
            self.publish(check).await;
        }
    }

    async fn publish(&mut self, job: Check) {
        let mut order: Vec<&Arc<Path>> = job.files.iter().collect();
        order.sort_by_key(|p| Some(&***p) != job.edited.as_deref());
        for path in order {
            let diagnostics = match job.analysis.ws.file_by_path(path) {
                Some(f) => to_proto::diagnostics(&job.analysis, f, self.unit),
                None => Vec::new(),
            };
            let hash = fingerprint(&diagnostics);
            if self.published.get(&**path) == Some(&hash) {
                continue;
            }
            if diagnostics.is_empty() && !self.published.contains_key(&**path) {
                continue;
            }
            let Some(uri) = uri_of(path) else {
                continue;
            };
            let version = job.versions.get(&**path).copied();
            if diagnostics.is_empty() {
                self.published.remove(&**path);
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
                            diagnostics: &diagnostics,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnalysisHost;

    fn check(files: &[&str], edited: Option<&str>) -> Check {
        let host = AnalysisHost::of(
            crate::index::Workspace::default(),
            crate::rules::Severities::default(),
        );
        Check {
            analysis: host.analysis(),
            files: files.iter().map(|f| Arc::from(Path::new(f))).collect(),
            edited: edited.map(PathBuf::from),
            versions: HashMap::new(),
        }
    }

    /// Checks posted while none is taken wait as one: the newest, for
    /// every file any of them named, its edited file first the newest
    /// named. Once the poster is gone, what waits is still taken, then
    /// nothing.
    #[tokio::test]
    async fn checks_posted_meanwhile_wait_as_one() {
        let (poster, mailbox) = Mailbox::new();
        poster.post(check(&["/v/a.emd"], Some("/v/a.emd")));
        poster.post(check(&["/v/b.emd"], None));
        poster.post(check(&["/v/c.emd", "/v/a.emd"], Some("/v/c.emd")));
        drop(poster);
        let taken = mailbox.take().await.expect("a check");
        let files: Vec<&str> = taken.files.iter().filter_map(|p| p.to_str()).collect();
        assert_eq!(files, ["/v/a.emd", "/v/b.emd", "/v/c.emd"]);
        assert_eq!(taken.edited, Some(PathBuf::from("/v/c.emd")));
        assert!(mailbox.take().await.is_none());
    }

    /// A taker waiting on an empty mailbox wakes for a post.
    #[tokio::test]
    async fn a_waiting_taker_wakes_for_a_post() {
        let (poster, mailbox) = Mailbox::new();
        let taker = tokio::spawn(async move { mailbox.take().await.map(|c| c.files) });
        tokio::task::yield_now().await;
        poster.post(check(&["/v/a.emd"], None));
        let files = tokio::time::timeout(std::time::Duration::from_secs(10), taker)
            .await
            .expect("woken")
            .expect("joined");
        assert_eq!(files.map(|f| f.len()), Some(1));
    }
}
