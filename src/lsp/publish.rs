//! The task that publishes diagnostics, apart from the store: publishing
//! many files never holds up the edits and requests behind it. Jobs that
//! queue up while one is published are merged into one of the newest
//! state, for every file any of them named.

use super::store::uri_of;
use super::to_proto;
use crate::analysis::Analysis;
use crate::line_index::ColumnUnit;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::Diagnostic;
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

pub struct Publisher {
    client: Client,
    unit: ColumnUnit,
    published: HashMap<PathBuf, Vec<Diagnostic>>,
}

impl Publisher {
    pub fn new(client: Client, unit: ColumnUnit) -> Self {
        Publisher {
            client,
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
            if self.published.get(path) == Some(&diagnostics) {
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
                self.published.insert(path.clone(), diagnostics.clone());
            }
            self.client
                .publish_diagnostics(uri, diagnostics, version)
                .await;
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
