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
mod wording;

pub use codes::{Code, Level, Severity};

use crate::facts::Span;
use crate::index::Authority;
use crate::index::{SourceFile, Workspace};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

    /// The severity of every code, in the order of [`Code::ALL`]: equal
    /// for equal settings, however they were written.
    pub fn resolved(&self) -> Vec<Option<Severity>> {
        Code::ALL.iter().map(|&code| self.of(code)).collect()
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

type VolumeCheck = fn(&Workspace, usize, &mut Sink);

/// Checks across a volume: they read every file of it (and what the
/// volumes it cites export).
const VOLUME_CHECKS: &[VolumeCheck] = &[
    registers::check,
    documents::check,
    pages::check,
    meta::check,
    structure::check,
    ids::check,
    signatures::check,
];

/// Checks of one file: they read that file and what its volume tells it in
/// a [`FileContext`], nothing else, so that their findings can be kept by
/// the file's text and its context and computed again for the files an
/// edit touched alone.
type FileCheck = fn(&SourceFile, usize, &FileContext, &mut Sink);

const FILE_CHECKS: &[FileCheck] = &[
    footnotes::check,
    documents::check_file,
    sources::check,
    pages::check_file,
    typography::check,
    dates::check,
    syntax_errors,
];

/// Checks of one file that look up what it names: they read that file
/// and, through the index, what volumes export: the ids of the
/// workspace's volumes, and the documents, footnotes, pages and register
/// entries of its own volume and of the volumes it names. (The analysis
/// database keys their findings by these.)
type IndexedCheck = fn(&Workspace, usize, &mut Sink);

const INDEXED_CHECKS: &[IndexedCheck] = &[references::check, registers::check_file];

/// What a file check may know of the rest of its volume.
#[derive(Debug, Clone, Default, Hash, PartialEq, Eq)]
pub struct FileContext {
    /// Per scope of the file, the footnote number that a document may
    /// number on from (`footnote-sequence`).
    footnotes_run_on: Vec<Option<u64>>,
}

/// The context of each file of a volume, in the order of its files.
pub fn file_contexts(ws: &Workspace, v: usize) -> Vec<FileContext> {
    footnotes::run_on(ws, &ws.volumes[v])
        .into_iter()
        .map(|footnotes_run_on| FileContext { footnotes_run_on })
        .collect()
}

/// Runs every rule over the workspace; returns the findings in the files
/// that are reported, sorted by file and position. The authority of
/// archival citations is built from the workspace. (The analysis database
/// computes the same volume by volume and file by file, and keeps it.)
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
    for (&f, context) in ws.volumes[v].files.iter().zip(file_contexts(ws, v)) {
        out.extend(file_findings(ws, f, &context));
    }
    for &f in &ws.volumes[v].files {
        out.extend(archive_findings(ws, f, authority));
    }
    out
}

/// The findings of the checks across one volume, with default severities,
/// unsorted.
pub fn local_findings(ws: &Workspace, v: usize) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    for check in VOLUME_CHECKS {
        check(ws, v, &mut sink);
    }
    sink.out
}

/// The findings of the checks of one file, in its context, with default
/// severities, unsorted.
pub fn file_findings(ws: &Workspace, file: usize, context: &FileContext) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    if let Some(source) = ws.files.get(file) {
        for check in FILE_CHECKS {
            check(source, file, context, &mut sink);
        }
        for check in INDEXED_CHECKS {
            check(ws, file, &mut sink);
        }
    }
    sink.out
}

/// `syntax`: what the parser could not read.
fn syntax_errors(source: &SourceFile, file: usize, _: &FileContext, sink: &mut Sink) {
    for e in &source.facts.syntax_errors {
        sink.push(file, e.range.clone(), Code::Syntax, e.message.clone());
    }
}

/// The findings of one file that the archival citations of the whole
/// workspace decide (`source-unknown-archive`), with default severities:
/// a function of the file, its volume's id and the authority.
pub fn archive_findings(ws: &Workspace, file: usize, authority: &Authority) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    archives::check(ws, file, authority, &mut sink);
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
