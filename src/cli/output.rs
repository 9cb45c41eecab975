//! Report formats: human (rustc-like), JSON, GitHub annotations.

use crate::index::Workspace;
use crate::line_index::ColumnUnit;
use crate::rules::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

/// 1-based start and end (exclusive) of a diagnostic, columns in characters.
struct Place {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

/// The texts of the files that have diagnostics, for columns and source
/// lines. A file that can no longer be read gives an empty text: columns
/// then count from the line start only as far as it goes.
pub struct Texts(HashMap<usize, Arc<str>>);

impl Texts {
    pub fn for_diagnostics(ws: &Workspace, diagnostics: &[Diagnostic]) -> Texts {
        let mut map = HashMap::new();
        for d in diagnostics {
            map.entry(d.file).or_insert_with(|| {
                ws.files[d.file]
                    .load_text()
                    .unwrap_or_else(|| Arc::from(""))
            });
        }
        Texts(map)
    }

    fn get(&self, file: usize) -> &str {
        self.0.get(&file).map_or("", |t| t)
    }
}

fn place(ws: &Workspace, texts: &Texts, d: &Diagnostic) -> Place {
    let f = &ws.files[d.file];
    let text = texts.get(d.file);
    let start = f.lines.position(text, d.span.start, ColumnUnit::Chars);
    let end = f.lines.position(text, d.span.end, ColumnUnit::Chars);
    Place {
        line: start.line + 1,
        column: start.col + 1,
        end_line: end.line + 1,
        end_column: end.col + 1,
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

pub fn human(
    out: &mut impl Write,
    ws: &Workspace,
    texts: &Texts,
    diagnostics: &[Diagnostic],
    files: usize,
    color: bool,
) -> io::Result<()> {
    for d in diagnostics {
        let f = &ws.files[d.file];
        let p = place(ws, texts, d);
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
        let line_text = f
            .lines
            .line_text(texts.get(d.file), p.line - 1)
            .replace('\t', " ");
        let number = p.line.to_string();
        let gutter = " ".repeat(number.len());
        let bar = paint(color, "1;34", "|");
        let width = if p.end_line == p.line {
            p.end_column.saturating_sub(p.column).max(1)
        } else {
            (line_text.chars().count() as u32 + 1)
                .saturating_sub(p.column)
                .max(1)
        };
        writeln!(out, "{gutter} {bar}")?;
        writeln!(out, "{} {bar} {line_text}", paint(color, "1;34", &number))?;
        writeln!(
            out,
            "{gutter} {bar} {}{}",
            " ".repeat(p.column as usize - 1),
            paint(
                color,
                severity_color(d.severity),
                &"^".repeat(width as usize)
            )
        )?;
        writeln!(out)?;
    }
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let files_text = plural(files, "file");
    if diagnostics.is_empty() {
        writeln!(out, "No problems in {files_text}.")?;
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
            "Found {} ({}) in {files_text}.",
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
    message: String,
}

pub fn json(
    out: &mut impl Write,
    ws: &Workspace,
    texts: &Texts,
    diagnostics: &[Diagnostic],
    files: usize,
) -> io::Result<()> {
    let report = JsonReport {
        version: 1,
        files,
        diagnostics: diagnostics
            .iter()
            .map(|d| {
                let p = place(ws, texts, d);
                JsonDiagnostic {
                    file: ws.files[d.file].path.display().to_string(),
                    line: p.line,
                    column: p.column,
                    end_line: p.end_line,
                    end_column: p.end_column,
                    severity: d.severity,
                    code: d.code.name(),
                    message: &d.message,
                }
            })
            .collect(),
        problems: ws
            .problems
            .iter()
            .map(|p| JsonProblem {
                file: p.path.display().to_string(),
                message: p.message.clone(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
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
    texts: &Texts,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    for d in diagnostics {
        let p = place(ws, texts, d);
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
