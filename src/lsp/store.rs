//! The one task that owns document state. Notifications reach it as
//! messages, in order; after each it publishes an immutable snapshot that
//! requests read, so an answer never mixes two versions of the workspace.

use super::document::OpenDoc;
use super::publish::{Check, Job, Reach};
use crate::citations::Authority;
use crate::index::Workspace;
use crate::line_index::ColumnUnit;
use crate::rules::Severities;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::{mpsc, watch};
use tower_lsp_server::ls_types::{FileChangeType, FileEvent, TextDocumentContentChangeEvent, Uri};
use tower_lsp_server::Client;

/// What requests read.
pub struct Snapshot {
    pub ws: Workspace,
    /// The archival citations of the workspace.
    pub authority: Arc<Authority>,
    /// The workspace folders have been read.
    pub indexed: bool,
    /// The sequence number of the last message applied.
    pub applied: u64,
    pub unit: ColumnUnit,
    /// The severities in force (defaults, `emend.toml`, the client's).
    pub severities: Severities,
}

impl Snapshot {
    pub fn empty(unit: ColumnUnit) -> Self {
        Snapshot {
            ws: Workspace::default(),
            authority: Arc::new(Authority::new()),
            indexed: false,
            applied: 0,
            unit,
            severities: Severities::default(),
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
    Indexed(Workspace),
}

pub struct Envelope {
    pub seq: u64,
    pub msg: Msg,
}

pub struct Store {
    ws: Workspace,
    /// Kept up to date file by file; rebuilt when volumes change.
    authority: Arc<Authority>,
    docs: HashMap<PathBuf, OpenDoc>,
    parser: tree_sitter::Parser,
    severities: Severities,
    /// Severity settings from the client, applied over `emend.toml`.
    client_severities: Vec<(String, String)>,
    roots: Vec<PathBuf>,
    indexed: bool,
    unit: ColumnUnit,
    client: Client,
    /// Checks go to the publisher, which runs them apart.
    jobs: mpsc::UnboundedSender<Job>,
    snapshots: watch::Sender<Arc<Snapshot>>,
    /// The file the last message edited, whose diagnostics go out first.
    edited: Option<usize>,
    /// Set when only the edited file's diagnostics can have changed.
    only_file: Option<usize>,
    /// Set when the edit left the file's source notes as they were.
    sources_unchanged: bool,
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
        jobs: mpsc::UnboundedSender<Job>,
    ) -> Self {
        let mut store = Store {
            ws: Workspace::default(),
            authority: Arc::new(Authority::new()),
            docs: HashMap::new(),
            parser: crate::syntax::parser(),
            severities: Severities::default(),
            client_severities,
            roots,
            indexed: false,
            unit,
            client,
            jobs,
            snapshots,
            applied: 0,
            edited: None,
            only_file: None,
            sources_unchanged: false,
        };
        store.load_config();
        store
    }

    /// Severities: the defaults, then `emend.toml`, then the client's
    /// settings. A problem is shown to the user; the rest still applies.
    fn load_config(&mut self) {
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
        self.severities = severities;
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
            let mut reach: Option<Reach> = None;
            let mut edited = None;
            for Envelope { seq, msg } in merge_edits(batch) {
                self.edited = None;
                self.only_file = None;
                self.sources_unchanged = false;
                let affected = self.apply(msg);
                self.update_authority(affected.is_none());
                self.applied = self.applied.max(seq);
                if let Some(f) = self.edited {
                    edited = Some(self.ws.files[f].abs.clone());
                }
                // Volume indices hold for this state of the workspace only:
                // made keys at once, they stay good across the batch.
                if let Some(this) = self.reach(affected) {
                    reach = Some(match reach {
                        None => this,
                        Some(r) => r.merge(this),
                    });
                }
            }
            self.publish_snapshot();
            if let Some(reach) = reach {
                self.send_check(reach, edited);
            }
        }
    }

    /// What a change needs checked, in volume keys; None for nothing.
    fn reach(&self, affected: Option<Vec<usize>>) -> Option<Reach> {
        match affected {
            None => Some(Reach::All),
            Some(v) if v.is_empty() => None,
            Some(v) => Some(Reach::Volumes {
                keys: v
                    .iter()
                    .filter_map(|&i| self.ws.volumes.get(i).map(|v| v.key.clone()))
                    .collect(),
                only_file: self.only_file.map(|f| self.ws.files[f].abs.clone()),
            }),
        }
    }

    fn send_check(&self, reach: Reach, edited: Option<PathBuf>) {
        if !self.indexed {
            return;
        }
        let versions = self
            .docs
            .iter()
            .map(|(p, d)| (p.clone(), d.version))
            .collect();
        let _ = self.jobs.send(Job::Check(Box::new(Check {
            ws: self.ws.clone(),
            authority: self.authority.clone(),
            severities: self.severities.clone(),
            reach,
            edited,
            versions,
        })));
    }

    fn publish_snapshot(&self) {
        let snapshot = Snapshot {
            ws: self.ws.clone(),
            authority: self.authority.clone(),
            indexed: self.indexed,
            applied: self.applied,
            unit: self.unit,
            severities: self.severities.clone(),
        };
        self.snapshots.send_replace(Arc::new(snapshot));
    }

    /// Applies one message; returns the volumes whose diagnostics may have
    /// changed (None: all of them).
    fn apply(&mut self, msg: Msg) -> Option<Vec<usize>> {
        match msg {
            Msg::Open { uri, version, text } => {
                let path = path_of(&uri)?;
                let doc = OpenDoc::new(&mut self.parser, version, &text);
                let (file, volumes) = self.ws.upsert_parsed(&path, text, &doc.tree);
                self.edited = Some(file);
                self.docs.insert(path, doc);
                Some(volumes)
            }
            Msg::Change {
                uri,
                version,
                changes,
            } => {
                let path = path_of(&uri)?;
                let doc = self.docs.get_mut(&path)?;
                doc.apply(&mut self.parser, version, &changes, self.unit);
                let old = self
                    .ws
                    .file_by_path(&path)
                    .map(|f| self.ws.files[f].clone());
                let before = old.as_ref().map(|f| interface(f));
                let (file, volumes) = self.ws.upsert_parsed(&path, doc.text(), &doc.tree);
                self.edited = Some(file);
                self.sources_unchanged =
                    old.is_some_and(|o| sources(&o.facts) == sources(&self.ws.files[file].facts));
                // What other files can see of this one did not change: only
                // its own findings can have changed.
                if before == Some(interface(&self.ws.files[file])) {
                    self.only_file = Some(file);
                }
                Some(volumes)
            }
            Msg::Close { uri } => {
                let path = path_of(&uri)?;
                self.docs.remove(&path);
                // The file on disk is what counts again.
                match crate::index::read_text(&path) {
                    Ok(text) if self.under_roots(&path) => Some(self.ws.upsert(&path, text).1),
                    _ => {
                        self.ws.remove(&path);
                        self.forget(&path);
                        None
                    }
                }
            }
            Msg::Watched(events) => {
                let mut all = false;
                for e in events {
                    let Some(path) = path_of(&e.uri) else {
                        continue;
                    };
                    if path
                        .file_name()
                        .is_some_and(|n| n == crate::config::CONFIG_FILE)
                    {
                        self.load_config();
                        all = true;
                        continue;
                    }
                    if self.docs.contains_key(&path) {
                        continue; // the editor's buffer wins
                    }
                    if e.typ == FileChangeType::DELETED {
                        self.ws.remove(&path);
                        self.forget(&path);
                        all = true;
                    } else if let Ok(text) = crate::index::read_text(&path) {
                        self.ws.upsert(&path, text);
                        all = true;
                    }
                }
                if all {
                    None
                } else {
                    Some(Vec::new())
                }
            }
            Msg::Severities(settings) => {
                if settings == self.client_severities {
                    return Some(Vec::new());
                }
                self.client_severities = settings;
                self.load_config();
                None
            }
            Msg::Indexed(mut ws) => {
                for (path, doc) in &self.docs {
                    ws.upsert_parsed(path, doc.text(), &doc.tree);
                }
                self.ws = ws;
                self.indexed = true;
                None
            }
        }
    }

    /// After a change: the whole authority again when volumes changed,
    /// else the edited file's contribution when its source notes changed.
    fn update_authority(&mut self, everything: bool) {
        if everything {
            self.authority = Arc::new(Authority::from_workspace(&self.ws));
            return;
        }
        let Some(file) = self.edited else { return };
        if self.sources_unchanged {
            return;
        }
        let f = &self.ws.files[file];
        let volume = &self.ws.volumes[f.volume].id;
        Arc::make_mut(&mut self.authority).set_file(&f.path, volume, &f.facts);
    }

    fn under_roots(&self, path: &Path) -> bool {
        self.roots.iter().any(|r| path.starts_with(r))
    }

    fn forget(&mut self, path: &Path) {
        let _ = self.jobs.send(Job::Forget(path.to_path_buf()));
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

/// The citations a file contributes to the authority: its source notes
/// and the items of its Sources division.
fn sources(facts: &crate::facts::FileFacts) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // Text only: positions move with every edit above a note.
    for f in &facts.footnotes {
        if let Some(note) = &f.source {
            (f.scope, &note.citation, &note.rest).hash(&mut h);
        }
    }
    for item in &facts.source_items {
        item.scope.hash(&mut h);
        for c in &item.components {
            c.text.hash(&mut h);
        }
    }
    h.finish()
}

/// What other files can see of a file: its documents, their footnotes and
/// dates, its divisions (which make chapters and take ids), its register
/// entries and where they stand, page breaks and metadata, and the lines of
/// those that other files' messages name (`first defined at d236.emd:5`).
/// An edit that leaves it alone cannot change another file's findings.
fn interface(file: &crate::index::SourceFile) -> u64 {
    use std::hash::{Hash, Hasher};
    let facts = &file.facts;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let line = |offset: usize| file.lines.line_of(offset);
    for d in &facts.documents {
        (&d.number, &d.id, d.dateline.as_ref().map(|l| l.date)).hash(&mut h);
        d.dateline.as_ref().map(|l| &l.text).hash(&mut h);
        line(d.heading_span.start).hash(&mut h);
    }
    for e in facts.persons.iter().chain(&facts.terms) {
        line(e.span.start).hash(&mut h);
    }
    for p in &facts.page_breaks {
        line(p.span.start).hash(&mut h);
    }
    for f in &facts.footnotes {
        (f.scope, &f.label, f.source.is_some()).hash(&mut h);
    }
    sources(facts).hash(&mut h);
    for e in facts.persons.iter().chain(&facts.terms) {
        (&e.id, &e.name, &e.description, e.scope, e.section).hash(&mut h);
    }
    // The order of documents and divisions decides the chapters, and a
    // file's count of headings the ids of its divisions.
    for s in &facts.scopes {
        match s.kind {
            crate::facts::ScopeKind::Division(d) => {
                if let Some(d) = facts.divisions.get(d) {
                    (2u8, &d.title, &d.id, line(d.heading_span.start)).hash(&mut h);
                }
            }
            crate::facts::ScopeKind::Document(_) => 1u8.hash(&mut h),
            crate::facts::ScopeKind::Preamble => 0u8.hash(&mut h),
        }
    }
    for m in facts.person_mentions.iter().chain(&facts.term_mentions) {
        (&m.id, m.scope).hash(&mut h);
    }
    for p in &facts.page_breaks {
        (&p.label, p.scope).hash(&mut h);
    }
    for m in &facts.metadata {
        (&m.key, &m.value).hash(&mut h);
    }
    facts.syntax_errors.is_empty().hash(&mut h);
    h.finish()
}
