//! The one task that owns document state. Notifications reach it as
//! messages, in order; it turns them into changes of the analysis database
//! and, after each batch, publishes the database's immutable snapshot that
//! requests read, so an answer never mixes two versions of the workspace.

use super::document::OpenDoc;
use super::publish::{Check, Poster};
use crate::analysis::{Analysis, AnalysisHost, Change};
use crate::line_index::ColumnUnit;
use crate::rules::Severities;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::{mpsc, watch};
use tower_lsp_server::ls_types::{FileChangeType, FileEvent, TextDocumentContentChangeEvent, Uri};
use tower_lsp_server::Client;

/// What requests read: a state of the database, and how far it is.
pub struct Snapshot {
    pub analysis: Analysis,
    /// The workspace folders have been read.
    pub indexed: bool,
    /// The sequence number of the last message applied.
    pub applied: u64,
    pub unit: ColumnUnit,
}

impl std::ops::Deref for Snapshot {
    type Target = Analysis;
    fn deref(&self) -> &Analysis {
        &self.analysis
    }
}

impl Snapshot {
    pub fn empty(unit: ColumnUnit) -> Self {
        Snapshot {
            analysis: AnalysisHost::new().analysis(),
            indexed: false,
            applied: 0,
            unit,
        }
    }
}

pub enum Msg {
    Open {
        uri: Uri,
        version: i32,
        text: String,
    },
    Change {
        uri: Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    },
    Close {
        uri: Uri,
    },
    Watched(Vec<FileEvent>),
    /// The client's severity settings (`code` → `level`), which replace
    /// those it sent before and override `emend.toml`.
    Severities(Vec<(String, String)>),
    /// The background read of the workspace folders finished.
    Indexed(crate::index::Workspace),
}

pub struct Envelope {
    pub seq: u64,
    pub msg: Msg,
}

pub struct Store {
    host: AnalysisHost,
    docs: HashMap<PathBuf, OpenDoc>,
    /// Severity settings from the client, applied over `emend.toml`.
    client_severities: Vec<(String, String)>,
    roots: Vec<PathBuf>,
    indexed: bool,
    unit: ColumnUnit,
    client: Client,
    /// Checks go to the publisher, which publishes them apart.
    checks: Poster,
    snapshots: watch::Sender<Arc<Snapshot>>,
    /// The highest sequence number applied. The index arrives with the
    /// number it was started under, often after later edits.
    applied: u64,
}

/// The file a URI names. Only `file:` URIs name files of the workspace:
/// `git:`, `untitled:` and the like are other versions or unsaved buffers,
/// and must not stand in for the file on disk (nor `http:` for a folder).
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let path = uri.to_file_path()?.into_owned();
    path.is_absolute().then_some(path)
}

pub fn uri_of(path: &Path) -> Option<Uri> {
    Uri::from_file_path(crate::index::discover::absolute(path))
}

impl Store {
    pub fn new(
        client: Client,
        roots: Vec<PathBuf>,
        unit: ColumnUnit,
        client_severities: Vec<(String, String)>,
        snapshots: watch::Sender<Arc<Snapshot>>,
        checks: Poster,
    ) -> Self {
        let mut store = Store {
            host: AnalysisHost::new(),
            docs: HashMap::new(),
            client_severities,
            roots,
            indexed: false,
            unit,
            client,
            checks,
            snapshots,
            applied: 0,
        };
        let severities = store.load_config();
        store.host.apply([Change::Severities(severities)]);
        store
    }

    /// Severities: the defaults, then `emend.toml`, then the client's
    /// settings. A problem is shown to the user; the rest still applies.
    fn load_config(&mut self) -> Severities {
        let mut severities = Severities::default();
        let mut problems = Vec::new();
        if let Some(path) = self.roots.first().and_then(|r| crate::config::find(r)) {
            if let Err(e) = crate::config::load(&path, &mut severities) {
                problems.push(e.to_string());
            }
        }
        for (code, level) in &self.client_severities {
            if let Err(e) = crate::config::apply(code, level, &mut severities) {
                problems.push(format!("setting emend.severity.{code}: {e}"));
            }
        }
        for problem in problems {
            let client = self.client.clone();
            let message = format!("emend: {problem}");
            tokio::spawn(async move {
                client
                    .show_message(tower_lsp_server::ls_types::MessageType::WARNING, message)
                    .await;
            });
        }
        severities
    }

    /// Applies messages in order until the channel closes. Messages that
    /// queued up while one was applied are applied together, edits of one
    /// document as one edit, and checked once.
    pub async fn run(mut self, mut inbox: mpsc::UnboundedReceiver<Envelope>) {
        while let Some(first) = inbox.recv().await {
            let mut batch = vec![first];
            while let Ok(more) = inbox.try_recv() {
                batch.push(more);
            }
            let mut changes = Vec::new();
            let mut edited = None;
            for Envelope { seq, msg } in merge_edits(batch) {
                if let Msg::Open { uri, .. } | Msg::Change { uri, .. } = &msg {
                    edited = path_of(uri).map(|p| crate::index::discover::absolute(&p));
                }
                changes.extend(self.changes_of(msg));
                self.applied = self.applied.max(seq);
            }
            // Requests are answered from the new texts at once; the
            // diagnostics follow. The checks are CPU work: on the server's
            // runtime this task's worker thread does it and hands its other
            // tasks to the other worker (a thread of its own would make three
            // busy threads on a machine of two cores).
            let pending = self.host.update(changes);
            self.publish_snapshot();
            let host = &mut self.host;
            let affected = match tokio::runtime::Handle::current().runtime_flavor() {
                tokio::runtime::RuntimeFlavor::MultiThread => {
                    tokio::task::block_in_place(|| host.check(pending))
                }
                _ => host.check(pending),
            };
            let analysis = self.publish_snapshot();
            if self.indexed && !affected.files.is_empty() {
                let versions = self
                    .docs
                    .iter()
                    .map(|(p, d)| (crate::index::discover::absolute(p), d.version))
                    .collect();
                self.checks.post(Check {
                    analysis,
                    files: affected.files,
                    edited,
                    versions,
                });
            }
        }
    }

    /// Sends requests the database's state; returns it.
    fn publish_snapshot(&self) -> Analysis {
        let analysis = self.host.analysis();
        self.snapshots.send_replace(Arc::new(Snapshot {
            analysis: analysis.clone(),
            indexed: self.indexed,
            applied: self.applied,
            unit: self.unit,
        }));
        analysis
    }

    /// The changes of the database one message makes.
    fn changes_of(&mut self, msg: Msg) -> Vec<Change> {
        match msg {
            Msg::Open { uri, version, text } => {
                let Some(path) = path_of(&uri) else {
                    return Vec::new();
                };
                self.docs.insert(path.clone(), OpenDoc::new(version, &text));
                vec![Change::Set { path, text }]
            }
            Msg::Change {
                uri,
                version,
                changes,
            } => {
                let Some(path) = path_of(&uri) else {
                    return Vec::new();
                };
                let Some(doc) = self.docs.get_mut(&path) else {
                    return Vec::new();
                };
                let edits = doc.apply(version, &changes, self.unit);
                // A file the database does not hold (XML that was no TEI
                // when opened) is given whole: it may be one now.
                if self.host.has_file(&path) {
                    vec![Change::Edit { path, edits }]
                } else {
                    vec![Change::Set {
                        path,
                        text: doc.text(),
                    }]
                }
            }
            Msg::Close { uri } => {
                let Some(path) = path_of(&uri) else {
                    return Vec::new();
                };
                self.docs.remove(&path);
                // The file on disk is what counts again.
                match crate::index::read_text(&path) {
                    Ok(text) if self.under_roots(&path) => vec![Change::Set { path, text }],
                    _ => vec![Change::Remove { path }],
                }
            }
            Msg::Watched(events) => {
                let mut out = Vec::new();
                for e in events {
                    let Some(path) = path_of(&e.uri) else {
                        continue;
                    };
                    if path
                        .file_name()
                        .is_some_and(|n| n == crate::config::CONFIG_FILE)
                    {
                        out.push(Change::Severities(self.load_config()));
                        continue;
                    }
                    if self.docs.contains_key(&path) {
                        continue; // the editor's buffer wins
                    }
                    if e.typ == FileChangeType::DELETED {
                        out.push(Change::Remove { path });
                    } else if let Ok(text) = crate::index::read_text(&path) {
                        out.push(Change::Set { path, text });
                    }
                }
                out
            }
            Msg::Severities(settings) => {
                if settings == self.client_severities {
                    return Vec::new();
                }
                self.client_severities = settings;
                vec![Change::Severities(self.load_config())]
            }
            Msg::Indexed(ws) => {
                self.indexed = true;
                let mut out = vec![Change::Load(ws)];
                for (path, doc) in &self.docs {
                    out.push(Change::Set {
                        path: path.clone(),
                        text: doc.text(),
                    });
                }
                out
            }
        }
    }

    fn under_roots(&self, path: &Path) -> bool {
        self.roots.iter().any(|r| path.starts_with(r))
    }
}

/// The batch with runs of edits of one document made one edit: its
/// changes in order, the last version, the last sequence number.
fn merge_edits(batch: Vec<Envelope>) -> Vec<Envelope> {
    let mut out: Vec<Envelope> = Vec::new();
    for env in batch {
        if let (
            Some(Envelope {
                seq: last_seq,
                msg:
                    Msg::Change {
                        uri: last_uri,
                        version: last_version,
                        changes: last_changes,
                    },
            }),
            Msg::Change {
                uri,
                version,
                changes,
            },
        ) = (out.last_mut(), &env.msg)
        {
            if uri == last_uri {
                last_changes.extend(changes.iter().cloned());
                *last_version = *version;
                *last_seq = env.seq;
                continue;
            }
        }
        out.push(env);
    }
    out
}
