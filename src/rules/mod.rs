//! Lint rules: every diagnostic of `docs/rules.md`, computed from the
//! workspace index. Detection only; nothing here edits a file.

pub mod archive_fix;
mod archives;
mod codes;
mod dates;
mod documents;
mod footnotes;
mod ids;
mod meta;
mod pages;
mod references;
mod registers;
mod signatures;
mod sources;
mod structure;
mod typography;

pub use codes::{Code, Level, Severity};

use crate::facts::Span;
use crate::index::Authority;
use crate::index::Workspace;
use rayon::prelude::*;
use std::collections::HashMap;

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Index into [`Workspace::files`].
    pub file: usize,
    pub span: Span,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The mechanical fix, where there is one. Detection decides whether
    /// it is offered; applying it is the editor's (a code action).
    pub fix: Option<Fix>,
}

/// Edits that fix a finding, in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// Per-code severities chosen by the user.
#[derive(Debug, Clone, Default)]
pub struct Severities {
    overrides: HashMap<Code, Level>,
}

impl Severities {
    pub fn set(&mut self, code: Code, level: Level) {
        self.overrides.insert(code, level);
    }

    /// The severity of a code, or None when the user switched it off.
    pub fn of(&self, code: Code) -> Option<Severity> {
        match self.overrides.get(&code) {
            Some(Level::Off) => None,
            Some(Level::On(s)) => Some(*s),
            None => Some(code.default_severity()),
        }
    }
}

/// Collects findings with their default severity; the severities are applied
/// once, at the end.
#[derive(Default)]
pub(crate) struct Sink {
    out: Vec<Diagnostic>,
}

impl Sink {
    pub(crate) fn push(&mut self, file: usize, span: Span, code: Code, message: impl Into<String>) {
        self.out.push(Diagnostic {
            file,
            span,
            code,
            severity: code.default_severity(),
            message: message.into(),
            fix: None,
        });
    }

    /// A finding with its fix.
    pub(crate) fn push_fixed(
        &mut self,
        file: usize,
        span: Span,
        code: Code,
        message: impl Into<String>,
        fix: Fix,
    ) {
        self.push(file, span, code, message);
        if let Some(d) = self.out.last_mut() {
            d.fix = Some(fix);
        }
    }
}

type Check = fn(&Workspace, usize, &mut Sink);

/// Checks that look at one volume each.
const VOLUME_CHECKS: &[Check] = &[
    footnotes::check,
    references::check,
    registers::check,
    documents::check,
    sources::check,
    pages::check,
    meta::check,
    typography::check,
    structure::check,
    ids::check,
    signatures::check,
    dates::check,
];

/// Runs every rule over the workspace; returns the findings in the files
/// that are reported, sorted by file and position. The authority of
/// archival citations is built from the workspace. (The analysis database
/// computes the same volume by volume and keeps it.)
pub fn check(ws: &Workspace, severities: &Severities) -> Vec<Diagnostic> {
    let authority = Authority::from_workspace(ws);
    let mut all: Vec<Diagnostic> = (0..ws.volumes.len())
        .into_par_iter()
        .flat_map_iter(|v| volume_findings(ws, v, &authority))
        .filter(|d| ws.files[d.file].reported)
        .filter_map(|d| with_severity(d, severities))
        .collect();
    sort(ws, &mut all);
    all
}

fn volume_findings(ws: &Workspace, v: usize, authority: &Authority) -> Vec<Diagnostic> {
    let mut out = local_findings(ws, v);
    out.extend(archive_findings(ws, v, authority));
    out
}

/// The findings of one volume that its own files, the ids of the
/// workspace's volumes and the documents, footnotes and pages of the
/// volumes it cites decide: every rule but the archival citations', with
/// default severities, unsorted.
pub fn local_findings(ws: &Workspace, v: usize) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    for check in VOLUME_CHECKS {
        check(ws, v, &mut sink);
    }
    for &f in &ws.volumes[v].files {
        for e in &ws.files[f].facts.syntax_errors {
            sink.push(f, e.range.clone(), Code::Syntax, e.message.clone());
        }
    }
    sink.out
}

/// The findings of one volume that the archival citations of the whole
/// workspace decide (`source-unknown-archive`), with default severities.
pub fn archive_findings(ws: &Workspace, v: usize, authority: &Authority) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    archives::check(ws, v, authority, &mut sink);
    sink.out
}

/// The findings of one file with the user's severities, in the order of
/// their positions (codes break ties), each once.
pub fn finish_file(found: Vec<Diagnostic>, severities: &Severities) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .filter_map(|d| with_severity(d, severities))
        .collect();
    out.sort_by_key(|d| (d.span.start, d.code));
    out.dedup();
    out
}

fn with_severity(mut d: Diagnostic, severities: &Severities) -> Option<Diagnostic> {
    d.severity = severities.of(d.code)?;
    Some(d)
}

fn sort(ws: &Workspace, all: &mut Vec<Diagnostic>) {
    all.sort_by(|a, b| {
        (&ws.files[a.file].path, a.span.start, a.code).cmp(&(
            &ws.files[b.file].path,
            b.span.start,
            b.code,
        ))
    });
    all.dedup();
}

/// Short display of a file name for messages.
pub(crate) fn file_name(ws: &Workspace, file: usize) -> String {
    ws.files[file]
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `file.emd:12` for messages that point elsewhere.
pub(crate) fn location(ws: &Workspace, file: usize, offset: usize) -> String {
    let line = ws.files[file].lines.line_of(offset) + 1;
    format!("{}:{line}", file_name(ws, file))
}
