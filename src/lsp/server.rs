//! The protocol layer: LSP requests in, feature answers out.

use super::convert;
use super::publish::{Mailbox, Outlet, Publisher};
use super::store::{path_of, uri_of, Envelope, Msg, Snapshot, Store};
use super::to_proto;
use crate::cache;
use crate::facts::Span;
use crate::features::{self, folding, semantic, symbols};
use crate::index::{discover, Progress, Retain, Workspace};
use crate::line_index::ColumnUnit;
use crate::rules::{Code, Fix};
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, watch};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

pub struct Backend {
    client: Client,
    /// Sequence number of the last message sent to the store.
    sent: AtomicU64,
    inbox: mpsc::UnboundedSender<Envelope>,
    snapshots: watch::Receiver<Arc<Snapshot>>,
    /// Set up by `initialize`: the store's channel ends and settings.
    setup: Mutex<Option<Setup>>,
}

struct Setup {
    receiver: mpsc::UnboundedReceiver<Envelope>,
    sender: watch::Sender<Arc<Snapshot>>,
    roots: Vec<PathBuf>,
    unit: ColumnUnit,
    progress: bool,
    watch_registration: bool,
    severities: Vec<(String, String)>,
    /// Where the framing layer takes notifications written here, if it
    /// stands between the server and the client.
    frames: Option<mpsc::Sender<Vec<u8>>>,
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend::with_frames(client, None)
    }

    /// A server whose diagnostics go to `frames` as finished message
    /// bodies rather than through `client` (see [`Outlet`]).
    pub(crate) fn with_frames(client: Client, frames: Option<mpsc::Sender<Vec<u8>>>) -> Self {
        let (inbox, receiver) = mpsc::unbounded_channel();
        let (sender, snapshots) = watch::channel(Arc::new(Snapshot::empty(ColumnUnit::Utf16)));
        Backend {
            client,
            sent: AtomicU64::new(0),
            inbox,
            snapshots,
            setup: Mutex::new(Some(Setup {
                receiver,
                sender,
                roots: Vec::new(),
                unit: ColumnUnit::Utf16,
                progress: false,
                watch_registration: false,
                severities: Vec::new(),
                frames,
            })),
        }
    }

    fn send(&self, msg: Msg) {
        let seq = self.sent.fetch_add(1, Ordering::SeqCst) + 1;
        // The store lives as long as the server; a send fails only at exit.
        let _ = self.inbox.send(Envelope { seq, msg });
    }

    /// The snapshot that includes every change sent before this request,
    /// once the workspace is indexed.
    async fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot_where(|_| true).await
    }

    /// [`Backend::snapshot`] whose diagnostics are of its texts too: what
    /// a code action reads, whose edits must fit the text they change.
    async fn checked_snapshot(&self) -> Arc<Snapshot> {
        self.snapshot_where(|s| s.checked_now).await
    }

    async fn snapshot_where(&self, also: impl Fn(&Snapshot) -> bool) -> Arc<Snapshot> {
        let target = self.sent.load(Ordering::SeqCst);
        let mut rx = self.snapshots.clone();
        let found = match rx
            .wait_for(|s| s.indexed && s.applied >= target && also(s))
            .await
        {
            Ok(s) => s.clone(),
            Err(_) => self.snapshots.borrow().clone(),
        };
        found
    }

    /// The snapshot, the file and the byte offset of a request's position.
    async fn locate(
        &self,
        doc: &TextDocumentPositionParams,
    ) -> Option<(Arc<Snapshot>, usize, usize)> {
        let snap = self.snapshot().await;
        let path = path_of(&doc.text_document.uri)?;
        let file = snap.ws.file_by_path(&path)?;
        let offset = convert::offset(&snap.ws.files[file], doc.position, snap.unit);
        Some((snap, file, offset))
    }

    async fn file_of(&self, uri: &Uri) -> Option<(Arc<Snapshot>, usize)> {
        let snap = self.snapshot().await;
        let path = path_of(uri)?;
        let file = snap.ws.file_by_path(&path)?;
        Some((snap, file))
    }
}

/// Runs a feature; a panic becomes an error answer and the server lives on.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string());
        Error {
            code: ErrorCode::InternalError,
            message: format!("emend failed on this request: {what}").into(),
            data: None,
        }
    })
}

fn location(snap: &Snapshot, loc: &features::Location) -> Option<Location> {
    to_proto::location(snap, loc, snap.unit)
}

fn roots_of(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| path_of(&f.uri))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty() {
        if let Some(p) = params.root_uri.as_ref().and_then(path_of) {
            roots.push(p);
        }
    }
    roots
}

/// The `severity` table of the client's settings, `{"code": "level"}`, as
/// pairs; a level that is not a string is kept as its JSON text, which the
/// store reports as an unknown level. None when there is no table.
fn severity_settings(settings: Option<&serde_json::Value>) -> Option<Vec<(String, String)>> {
    let table = settings?.get("severity")?.as_object()?;
    Some(
        table
            .iter()
            .map(|(code, level)| {
                let level = match level {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => "null".to_string(),
                    other => other.to_string(),
                };
                (code.clone(), level)
            })
            .collect(),
    )
}

/// Counts files read by the background index, for `$/progress`.
/// What keeps a load's facts in the cache.
type Keep = Box<dyn FnOnce() -> std::result::Result<(), String> + Send>;

/// Reads the workspace folders for the index, taking the facts of files
/// unchanged since the cache kept them (by `emend check` of the same
/// folder, or the last start); gives back with the workspace what keeps
/// this load in the cache. Texts are not kept: the text of a file not open
/// in the editor is read again when an answer needs it.
fn load_from_cache(roots: &[PathBuf], progress: &dyn Progress) -> (Workspace, Keep) {
    let (planned, missing) = discover::plan(roots);
    let config = roots.first().and_then(|r| crate::config::find(r));
    let store = roots
        .first()
        .and_then(|root| cache::folder(config.as_deref(), root))
        .and_then(cache::Store::open);
    let names = cache::Names::of(roots);
    let stamps = store
        .as_ref()
        .map(|store| cache::stamps(store, &names, &planned));
    let loaded = cache::load(
        store.as_ref(),
        &names,
        planned,
        missing,
        stamps.as_ref(),
        progress,
        Retain::FactsOnly,
    );
    let ws = loaded.ws.clone();
    let keep = move || match (store, stamps) {
        (Some(store), Some(stamps)) => cache::keep(&store, &names, &loaded, &stamps),
        _ => Ok(()),
    };
    (ws, Box::new(keep))
}

struct Counter {
    total: AtomicUsize,
    done: AtomicUsize,
}

impl Progress for Counter {
    fn start(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }
    fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let unit = if utf8 {
            ColumnUnit::Utf8
        } else {
            ColumnUnit::Utf16
        };
        let progress = params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        let watch_registration = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        if let Ok(mut setup) = self.setup.lock() {
            if let Some(s) = setup.as_mut() {
                s.roots = roots_of(&params);
                s.unit = unit;
                s.progress = progress;
                s.watch_registration = watch_registration;
                s.severities =
                    severity_settings(params.initialization_options.as_ref()).unwrap_or_default();
            }
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "emend".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
                )),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(
                        ["@", "=", "^", " ", ",", "#"]
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                    ),
                    ..CompletionOptions::default()
                }),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: to_proto::semantic_legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                ..ServerCapabilities::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let Some(setup) = self.setup.lock().ok().and_then(|mut s| s.take()) else {
            return;
        };
        let (poster, mailbox) = Mailbox::new();
        let outlet = match setup.frames {
            Some(frames) => Outlet::Frames(frames),
            None => Outlet::Client(self.client.clone()),
        };
        tokio::spawn(Publisher::new(outlet, setup.unit).run(mailbox));
        let store = Store::new(
            self.client.clone(),
            setup.roots.clone(),
            setup.unit,
            setup.severities,
            setup.sender,
            poster,
        );
        tokio::spawn(store.run(setup.receiver));

        if setup.watch_registration {
            let markup = format!("**/*.{}", crate::index::discover::EXTENSION);
            let settings = format!("**/{}", crate::config::CONFIG_FILE);
            // TEI volumes too: other XML is left alone when it comes.
            let tei = "**/*.xml".to_string();
            let watchers = [markup, tei, settings]
                .iter()
                .map(|g| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(g.to_string()),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "emend-watch".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            // Answered before the workspace is indexed and its findings
            // sent: Emacs 28's JSON-RPC client, answering this request
            // while a long notification arrived, read that one from the
            // wrong place. A client that does not answer holds nothing up
            // for long.
            let registered = self.client.register_capability(vec![registration]);
            let _ = tokio::time::timeout(std::time::Duration::from_secs(2), registered).await;
        }

        // Index the workspace folders in the background.
        let counter = Arc::new(Counter {
            total: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
        });
        let roots = setup.roots;
        let loader = {
            let counter = counter.clone();
            tokio::task::spawn_blocking(move || load_from_cache(&roots, counter.as_ref()))
        };
        let client = self.client.clone();
        let inbox = self.inbox.clone();
        let seq = self.sent.fetch_add(1, Ordering::SeqCst) + 1;
        let with_progress = setup.progress;
        tokio::spawn(async move {
            let token = NumberOrString::String("emend-index".to_string());
            let progress = if with_progress
                && client
                    .create_work_done_progress(token.clone())
                    .await
                    .is_ok()
            {
                Some(
                    client
                        .progress(token, "Indexing the edition")
                        .with_percentage(0)
                        .begin()
                        .await,
                )
            } else {
                None
            };
            let mut loader = loader;
            let ws = loop {
                tokio::select! {
                    done = &mut loader => break done,
                    () = tokio::time::sleep(std::time::Duration::from_millis(200)) => {
                        if let Some(p) = &progress {
                            let total = counter.total.load(Ordering::Relaxed).max(1);
                            let done = counter.done.load(Ordering::Relaxed);
                            let percent = u32::try_from(done * 100 / total).unwrap_or(100).min(100);
                            p.report_with_message(format!("{done}/{total} files"), percent).await;
                        }
                    }
                }
            };
            let ws = match ws {
                Ok((ws, keep)) => {
                    // Kept in the cache once the index is out: the next
                    // start parses only what changed by then.
                    let client = client.clone();
                    tokio::spawn(async move {
                        if let Ok(Err(e)) = tokio::task::spawn_blocking(keep).await {
                            let message = format!("emend cannot write its cache: {e}");
                            client.log_message(MessageType::WARNING, message).await;
                        }
                    });
                    ws
                }
                Err(e) => {
                    client
                        .show_message(
                            MessageType::ERROR,
                            format!("emend could not index the workspace: {e}"),
                        )
                        .await;
                    Workspace::default()
                }
            };
            for problem in &ws.problems {
                client
                    .log_message(
                        MessageType::WARNING,
                        format!("{}: {}", problem.path.display(), problem.message),
                    )
                    .await;
            }
            let files = ws.files.len();
            let _ = inbox.send(Envelope {
                seq,
                msg: Msg::Indexed(ws),
            });
            if let Some(p) = progress {
                p.finish_with_message(format!("{files} files")).await;
            }
        });
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.send(Msg::Open {
            uri: doc.uri,
            version: doc.version,
            text: doc.text,
        });
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.send(Msg::Change {
            uri: params.text_document.uri,
            version: params.text_document.version,
            changes: params.content_changes,
        });
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.send(Msg::Close {
            uri: params.text_document.uri,
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.send(Msg::Watched(params.changes));
    }

    /// `settings.emend.severity` replaces the severities the client set
    /// before (in `initializationOptions` or an earlier change). Settings
    /// without an `emend` section leave them alone.
    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let Some(section) = params.settings.get("emend") else {
            return;
        };
        if section.is_null() {
            return;
        }
        let severities = severity_settings(Some(section)).unwrap_or_default();
        self.send(Msg::Severities(severities));
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let Some((snap, file, offset)) = self.locate(&params.text_document_position_params).await
        else {
            return Ok(None);
        };
        let locs = guarded(|| features::definition::definition(&snap.ws, file, offset))?;
        let out: Vec<Location> = locs.iter().filter_map(|l| location(&snap, l)).collect();
        Ok((!out.is_empty()).then_some(GotoDefinitionResponse::Array(out)))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let Some((snap, file, offset)) = self.locate(&params.text_document_position).await else {
            return Ok(None);
        };
        let include = params.context.include_declaration;
        let locs = guarded(|| features::references::references(&snap.ws, file, offset, include))?;
        Ok(Some(
            locs.iter().filter_map(|l| location(&snap, l)).collect(),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let Some((snap, file, offset)) = self.locate(&params.text_document_position_params).await
        else {
            return Ok(None);
        };
        let found = guarded(|| snap.hover(file, offset))?;
        Ok(found.map(|h| to_proto::hover(&snap.ws.files[file], h, snap.unit)))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let Some((snap, file, offset)) = self.locate(&params.text_document_position).await else {
            return Ok(None);
        };
        let Some(found) = guarded(|| snap.completion(file, offset))? else {
            return Ok(None);
        };
        Ok(to_proto::completion(
            &snap.ws.files[file],
            found,
            offset,
            snap.unit,
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let snap = self.checked_snapshot().await;
        let Some(file) = path_of(&params.text_document.uri).and_then(|p| snap.ws.file_by_path(&p))
        else {
            return Ok(None);
        };
        let f = &snap.ws.files[file];
        let range = convert::offset(f, params.range.start, snap.unit)
            ..convert::offset(f, params.range.end, snap.unit);
        let Some(uri) = uri_of(&f.abs) else {
            return Ok(None);
        };
        // Every fix the rules attached to a finding that overlaps the range.
        let fixes: Vec<(Code, Span, Fix)> = guarded(|| snap.diagnostics(file))?
            .into_iter()
            .filter(|d| d.span.start <= range.end && range.start <= d.span.end)
            .filter_map(|d| Some((d.code, d.span, d.fix?)))
            .collect();
        let actions =
            to_proto::code_actions(f, &uri, fixes, &params.context.diagnostics, snap.unit);
        Ok(Some(actions))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some((snap, file, offset)) = self.locate(&params).await else {
            return Ok(None);
        };
        match guarded(|| features::rename::prepare(&snap.ws, file, offset))? {
            Ok((span, placeholder)) => Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(&snap.ws.files[file], &span, snap.unit),
                placeholder,
            })),
            Err(message) => Err(Error {
                code: ErrorCode::InvalidRequest,
                message: message.into(),
                data: None,
            }),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let Some((snap, file, offset)) = self.locate(&params.text_document_position).await else {
            return Ok(None);
        };
        let new_name = params.new_name;
        let edits = guarded(|| features::rename::rename(&snap.ws, file, offset, &new_name))?
            .map_err(|message| Error {
                code: ErrorCode::InvalidRequest,
                message: message.into(),
                data: None,
            })?;
        let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
        for e in edits {
            let f = &snap.ws.files[e.file];
            let Some(uri) = uri_of(&f.abs) else { continue };
            changes.entry(uri).or_default().push(TextEdit {
                range: convert::range(f, &e.span, snap.unit),
                new_text: e.text,
            });
        }
        Ok(Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some((snap, file)) = self.file_of(&params.text_document.uri).await else {
            return Ok(None);
        };
        let outline = guarded(|| symbols::document_symbols(&snap.ws, file))?;
        let f = &snap.ws.files[file];
        Ok(Some(DocumentSymbolResponse::Nested(
            outline
                .into_iter()
                .map(|s| to_proto::document_symbol(f, s, snap.unit))
                .collect(),
        )))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let snap = self.snapshot().await;
        let found = guarded(|| symbols::workspace_symbols(&snap.ws, &params.query))?;
        let out = found
            .iter()
            .filter_map(|s| to_proto::workspace_symbol(&snap, s, snap.unit))
            .collect();
        Ok(Some(WorkspaceSymbolResponse::Flat(out)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some((snap, file)) = self.file_of(&params.text_document.uri).await else {
            return Ok(None);
        };
        let folds = guarded(|| folding::folding_ranges(&snap.ws, file))?;
        Ok(Some(
            folds.into_iter().map(to_proto::folding_range).collect(),
        ))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some((snap, file)) = self.file_of(&params.text_document.uri).await else {
            return Ok(None);
        };
        let tokens = guarded(|| semantic::tokens(&snap.ws, file))?;
        Ok(Some(SemanticTokensResult::Tokens(
            to_proto::semantic_tokens(&snap.ws.files[file], tokens, snap.unit),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_feature_answers_an_error() {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let answer: Result<()> = guarded(|| panic!("index out of range"));
        std::panic::set_hook(hook);
        let err = answer.expect_err("an error");
        assert_eq!(err.code, ErrorCode::InternalError);
        assert!(err.message.contains("index out of range"));
        assert_eq!(guarded(|| 7).ok(), Some(7));
    }
}
