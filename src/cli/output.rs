//! Report formats: human (rustc-like), JSON, GitHub annotations; SARIF is
//! in `sarif.rs`.

use super::Format;
use crate::facts::Span;
use crate::index::Workspace;
use crate::line_index::{ColumnUnit, LineIndex};
use crate::rules::{Diagnostic, Severity};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};
use std::sync::Arc;

/// 1-based start and end (exclusive) of a span, columns in characters, or
/// in UTF-16 code units for SARIF.
pub(super) struct Place {
    pub(super) line: u32,
    pub(super) column: u32,
    pub(super) end_line: u32,
    pub(super) end_column: u32,
}

/// Where each diagnostic is, and what the format needs besides: for the
/// human format the piece of its line to show, for SARIF where the edits of
/// its fix go. Made reading one file's text at a time on each core
/// (diagnostics come sorted by file), so that a report on a workspace where
/// every file has findings holds a few texts, not all of them. A file that
/// can no longer be read gives an empty text, and every finding in it the
/// first line.
#[derive(Default)]
pub struct Located {
    pub(super) places: Vec<Place>,
    excerpts: Vec<Excerpt>,
    /// Per diagnostic, the places of its fix's edits (SARIF only).
    pub(super) fix_places: Vec<Vec<Place>>,
}

impl Located {
    pub fn new(ws: &Workspace, diagnostics: &[Diagnostic], format: Format) -> Located {
        let with_excerpts = format == Format::Human;
        let with_fixes = format == Format::Sarif;
        // SARIF viewers count columns in UTF-16 code units (the run says
        // so); a person reading the other formats counts characters.
        let unit = if format == Format::Sarif {
            ColumnUnit::Utf16
        } else {
            ColumnUnit::Chars
        };
        // One file's findings at a time, files on all cores: most of the
        // time goes to reading texts again.
        let per_file: Vec<Located> = diagnostics
            .chunk_by(|a, b| a.file == b.file)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|found| {
                let f = &ws.files[found[0].file];
                let text = f.load_text().unwrap_or_else(|| Arc::from(""));
                // A line index kept from another text (the file changed
                // since it was read, or none was kept) would put findings
                // on the wrong lines.
                let made;
                let lines = if f.lines.len() == text.len() {
                    &f.lines
                } else {
                    made = LineIndex::new(&text);
                    &made
                };
                let place = |span: &Span| {
                    let start = lines.position(&text, span.start, unit);
                    let end = lines.position(&text, span.end, unit);
                    Place {
                        line: start.line + 1,
                        column: start.col + 1,
                        end_line: end.line + 1,
                        end_column: end.col + 1,
                    }
                };
                let mut located = Located::default();
                for d in found {
                    let here = place(&d.span);
                    if with_excerpts {
                        let line = here.line - 1;
                        located.excerpts.push(excerpt(
                            &text,
                            lines.line_start(line).unwrap_or(0),
                            lines.line_text(&text, line).len(),
                            d.span.clone(),
                        ));
                    }
                    if with_fixes {
                        located
                            .fix_places
                            .push(d.fix.as_ref().map_or_else(Vec::new, |fix| {
                                fix.edits.iter().map(|e| place(&e.span)).collect()
                            }));
                    }
                    located.places.push(here);
                }
                located
            })
            .collect();
        let mut all = Located::default();
        for part in per_file {
            all.places.extend(part.places);
            all.excerpts.extend(part.excerpts);
            all.fix_places.extend(part.fix_places);
        }
        all
    }
}

fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;34",
        Severity::Hint => "1;36",
    }
}

/// The part of a source line shown under a finding, with where its carets
/// go (in characters of the shown text).
struct Excerpt {
    text: String,
    caret_column: usize,
    caret_width: usize,
}

/// Lines up to this many bytes are shown whole.
const WHOLE_LINE_BYTES: usize = 240;
/// Bytes shown on either side of a finding on a longer line, which is cut
/// around the finding and marked `…`, so that a report costs what its
/// findings say, not the length of their lines.
const CONTEXT_BYTES: usize = 80;
/// Bytes of a finding shown under carets at most.
const FINDING_BYTES: usize = 120;

fn excerpt(text: &str, line_start: usize, line_len: usize, span: Span) -> Excerpt {
    let line_end = line_start + line_len;
    let floor = |mut i: usize| {
        i = i.clamp(line_start, line_end);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let at = floor(span.start);
    let marked_end = floor(span.end.min(at + FINDING_BYTES)).max(at);
    let (from, to) = if line_len <= WHOLE_LINE_BYTES {
        (line_start, line_end)
    } else {
        (
            floor(at.saturating_sub(CONTEXT_BYTES)),
            floor(marked_end + CONTEXT_BYTES),
        )
    };
    let piece = |a: usize, b: usize| text.get(a..b).unwrap_or("").replace('\t', " ");
    let mut shown = String::new();
    if from > line_start {
        shown.push('…');
    }
    let before = piece(from, at);
    shown.push_str(&before);
    let marked = piece(at, marked_end);
    shown.push_str(&marked);
    shown.push_str(&piece(marked_end, to));
    if to < line_end {
        shown.push('…');
    }
    let caret_width = if span.end > line_end {
        // The finding goes on past the line: mark to its end, and one more.
        marked.chars().count() + 1
    } else {
        marked.chars().count().max(1)
    };
    Excerpt {
        text: shown,
        caret_column: usize::from(from > line_start) + before.chars().count(),
        caret_width,
    }
}

pub fn human(
    out: &mut impl Write,
    ws: &Workspace,
    located: &Located,
    diagnostics: &[Diagnostic],
    files: usize,
    color: bool,
) -> io::Result<()> {
    for (i, d) in diagnostics.iter().enumerate() {
        let f = &ws.files[d.file];
        let p = &located.places[i];
        let sev = paint(
            color,
            severity_color(d.severity),
            &format!("{}[{}]", d.severity, d.code),
        );
        writeln!(
            out,
            "{}:{}:{}: {sev}: {}",
            f.path.display(),
            p.line,
            p.column,
            d.message
        )?;
        let shown = &located.excerpts[i];
        let line_text = &shown.text;
        let number = p.line.to_string();
        let gutter = " ".repeat(number.len());
        let bar = paint(color, "1;34", "|");
        writeln!(out, "{gutter} {bar}")?;
        writeln!(out, "{} {bar} {line_text}", paint(color, "1;34", &number))?;
        writeln!(
            out,
            "{gutter} {bar} {}{}",
            " ".repeat(shown.caret_column),
            paint(
                color,
                severity_color(d.severity),
                &"^".repeat(shown.caret_width)
            )
        )?;
        writeln!(out)?;
    }
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let files_text = plural(files, "file");
    let unchecked = match ws.problems.len() {
        0 => String::new(),
        1 => "; 1 path could not be checked".to_string(),
        n => format!("; {n} paths could not be checked"),
    };
    if diagnostics.is_empty() && unchecked.is_empty() {
        writeln!(out, "No problems in {files_text}.")?;
    } else if diagnostics.is_empty() {
        writeln!(out, "No findings in {files_text}{unchecked}.")?;
    } else {
        let mut parts = Vec::new();
        for (s, word) in [
            (Severity::Error, "error"),
            (Severity::Warning, "warning"),
            (Severity::Info, "info"),
            (Severity::Hint, "hint"),
        ] {
            let n = count(s);
            if n > 0 {
                parts.push(if s == Severity::Info {
                    format!("{n} info")
                } else {
                    plural(n, word)
                });
            }
        }
        writeln!(
            out,
            "Found {} ({}) in {files_text}{unchecked}.",
            plural(diagnostics.len(), "problem"),
            parts.join(", ")
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    files: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    problems: Vec<JsonProblem>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    severity: Severity,
    code: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonProblem {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    message: String,
}

pub fn json(
    out: &mut impl Write,
    ws: &Workspace,
    located: &Located,
    diagnostics: &[Diagnostic],
    files: usize,
) -> io::Result<()> {
    let report = JsonReport {
        version: 1,
        files,
        diagnostics: diagnostics
            .iter()
            .zip(&located.places)
            .map(|(d, p)| JsonDiagnostic {
                file: ws.files[d.file].path.display().to_string(),
                line: p.line,
                column: p.column,
                end_line: p.end_line,
                end_column: p.end_column,
                severity: d.severity,
                code: d.code.name(),
                message: &d.message,
            })
            .collect(),
        problems: ws
            .problems
            .iter()
            .map(|p| JsonProblem {
                file: p.path.display().to_string(),
                line: p.line,
                message: p.message.clone(),
            })
            .collect(),
    };
    write_json(out, &report)
}

/// Writes a report as pretty JSON and a final line break.
pub(super) fn write_json(out: &mut impl Write, report: &impl Serialize) -> io::Result<()> {
    // A closed pipe (`| head`) must stay recognisable as one.
    serde_json::to_writer_pretty(&mut *out, report).map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    })?;
    writeln!(out)
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn github(
    out: &mut impl Write,
    ws: &Workspace,
    located: &Located,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    for p in &ws.problems {
        let line = p.line.map(|l| format!(",line={l}")).unwrap_or_default();
        writeln!(
            out,
            "::error file={}{line}::{}",
            escape_property(&p.path.display().to_string()),
            escape_data(&p.message)
        )?;
    }
    for (d, p) in diagnostics.iter().zip(&located.places) {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&ws.files[d.file].path.display().to_string()),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            escape_property(d.code.name()),
            escape_data(&d.message)
        )?;
    }
    Ok(())
}
