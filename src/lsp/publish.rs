//! The task that checks and publishes diagnostics, apart from the store:
//! a long check (a large volume, a huge file) never holds up the edits and
//! requests behind it. Jobs that queue up while a check runs are merged
//! into one check of the newest workspace.

use super::convert;
use super::store::uri_of;
use crate::citations::Authority;
use crate::index::Workspace;
use crate::line_index::ColumnUnit;
use crate::rules::{self, Severities, Severity};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString};
use tower_lsp_server::Client;

/// Which volumes a check covers.
#[derive(Debug, Clone, PartialEq)]
pub enum Reach {
    /// Every volume of the workspace.
    All,
    /// The volumes with these keys ([`crate::index::Volume::key`]), and
    /// those that cite them; with `only_file`, nothing but that file's
    /// findings can have changed.
    Volumes {
        keys: Vec<PathBuf>,
        only_file: Option<PathBuf>,
    },
}

impl Reach {
    pub fn merge(self, later: Reach) -> Reach {
        match (self, later) {
            (Reach::All, _) | (_, Reach::All) => Reach::All,
            (
                Reach::Volumes {
                    mut keys,
                    only_file: a,
                },
                Reach::Volumes {
                    keys: more,
                    only_file: b,
                },
            ) => {
                for k in more {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
                let only_file = match (a, b) {
                    (Some(a), Some(b)) if a == b => Some(a),
                    _ => None,
                };
                Reach::Volumes { keys, only_file }
            }
        }
    }
}

pub struct Check {
    pub ws: Workspace,
    pub authority: Arc<Authority>,
    pub severities: Severities,
    pub reach: Reach,
    /// The file the user edited, whose diagnostics go out first.
    pub edited: Option<PathBuf>,
    /// Versions of the open documents.
    pub versions: HashMap<PathBuf, i32>,
}

pub enum Job {
    Check(Box<Check>),
    /// A file left the workspace: clear what was published for it.
    Forget(PathBuf),
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
                    Job::Forget(path) => self.forget(path).await,
                    Job::Check(check) => self.check(*check).await,
                }
            }
        }
    }

    async fn forget(&mut self, path: PathBuf) {
        if self.published.remove(&path).is_some() {
            if let Some(uri) = uri_of(&path) {
                self.client.publish_diagnostics(uri, Vec::new(), None).await;
            }
        }
    }

    async fn check(&mut self, job: Check) {
        // The rules are CPU work. On the server's runtime this task's worker
        // thread does it and hands its other tasks to the other worker: a
        // thread of its own would make three busy threads on a machine of
        // two cores, and requests would wait for the scheduler.
        let by_file = match tokio::runtime::Handle::current().runtime_flavor() {
            tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(|| diagnostics(&job, self.unit))
            }
            _ => diagnostics(&job, self.unit),
        };
        let mut order: Vec<(PathBuf, Vec<Diagnostic>)> = by_file.into_iter().collect();
        order.sort_by(|a, b| {
            (Some(&a.0) != job.edited.as_ref(), &a.0)
                .cmp(&(Some(&b.0) != job.edited.as_ref(), &b.0))
        });
        for (path, diagnostics) in order {
            if self.published.get(&path) == Some(&diagnostics) {
                continue;
            }
            if diagnostics.is_empty() && !self.published.contains_key(&path) {
                continue;
            }
            let Some(uri) = uri_of(&path) else {
                continue;
            };
            let version = job.versions.get(&path).copied();
            self.published.insert(path, diagnostics.clone());
            self.client
                .publish_diagnostics(uri, diagnostics, version)
                .await;
        }
    }
}

/// Jobs in order, with each run of checks merged into one check of the
/// newest workspace that reaches what all of them reached.
fn coalesce(jobs: Vec<Job>) -> Vec<Job> {
    let mut out: Vec<Job> = Vec::new();
    for job in jobs {
        match (out.last_mut(), job) {
            (Some(Job::Check(prev)), Job::Check(next)) => {
                let reach =
                    std::mem::replace(&mut prev.reach, Reach::All).merge(next.reach.clone());
                let edited = next.edited.clone().or_else(|| prev.edited.take());
                **prev = Check {
                    reach,
                    edited,
                    ..*next
                };
            }
            (_, job) => out.push(job),
        }
    }
    out
}

/// The diagnostics of every file the check reaches, by absolute path;
/// files without findings have an empty list.
fn diagnostics(job: &Check, unit: ColumnUnit) -> HashMap<PathBuf, Vec<Diagnostic>> {
    let ws = &job.ws;
    let (volumes, only_file): (Vec<usize>, Option<usize>) = match &job.reach {
        Reach::All => ((0..ws.volumes.len()).collect(), None),
        Reach::Volumes { keys, only_file } => {
            let found: Vec<usize> = ws
                .volumes
                .iter()
                .enumerate()
                .filter(|(_, v)| keys.contains(&v.key))
                .map(|(i, _)| i)
                .collect();
            match only_file {
                Some(path) => match ws.file_by_path(path) {
                    Some(f) => (found, Some(f)),
                    None => (with_citing_volumes(ws, found), None),
                },
                None => (with_citing_volumes(ws, found), None),
            }
        }
    };
    let mut by_file: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
    for &v in &volumes {
        if only_file.is_none() {
            for &f in &ws.volumes[v].files {
                by_file.entry(ws.files[f].abs.clone()).or_default();
            }
        }
        for d in rules::check_volume(ws, &job.authority, v, &job.severities) {
            if only_file.is_some_and(|f| f != d.file) {
                continue;
            }
            let file = &ws.files[d.file];
            by_file
                .entry(file.abs.clone())
                .or_default()
                .push(Diagnostic {
                    range: convert::range(file, &d.span, unit),
                    severity: Some(match d.severity {
                        Severity::Error => DiagnosticSeverity::ERROR,
                        Severity::Warning => DiagnosticSeverity::WARNING,
                        Severity::Info => DiagnosticSeverity::INFORMATION,
                        Severity::Hint => DiagnosticSeverity::HINT,
                    }),
                    code: Some(NumberOrString::String(d.code.name().to_string())),
                    source: Some("emend".to_string()),
                    message: d.message,
                    ..Diagnostic::default()
                });
        }
    }
    if let Some(f) = only_file {
        by_file.entry(ws.files[f].abs.clone()).or_default();
    }
    by_file
}

/// The volumes given, and those whose references name one of them.
fn with_citing_volumes(ws: &Workspace, volumes: Vec<usize>) -> Vec<usize> {
    let ids: HashSet<&str> = volumes.iter().map(|&v| ws.volumes[v].id.as_str()).collect();
    let mut out: Vec<usize> = volumes.clone();
    for (v, volume) in ws.volumes.iter().enumerate() {
        if out.contains(&v) {
            continue;
        }
        let cites = volume.files.iter().any(|&f| {
            ws.files[f]
                .facts
                .references
                .iter()
                .any(|r| match &r.target {
                    crate::facts::Target::Document {
                        volume: Some(id), ..
                    }
                    | crate::facts::Target::Footnote {
                        volume: Some(id), ..
                    }
                    | crate::facts::Target::Page {
                        volume: Some(id), ..
                    }
                    | crate::facts::Target::Volume { volume: id } => ids.contains(id.as_str()),
                    _ => false,
                })
        });
        if cites {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str], only: Option<&str>) -> Reach {
        Reach::Volumes {
            keys: k.iter().map(PathBuf::from).collect(),
            only_file: only.map(PathBuf::from),
        }
    }

    #[test]
    fn reaches_merge_to_what_either_reached() {
        assert_eq!(
            keys(&["a"], Some("a/x")).merge(keys(&["a"], Some("a/x"))),
            keys(&["a"], Some("a/x"))
        );
        assert_eq!(
            keys(&["a"], Some("a/x")).merge(keys(&["a"], Some("a/y"))),
            keys(&["a"], None)
        );
        assert_eq!(
            keys(&["a"], None).merge(keys(&["b"], Some("b/y"))),
            keys(&["a", "b"], None)
        );
        assert_eq!(keys(&["a"], None).merge(Reach::All), Reach::All);
    }
}
