//! SARIF 2.1.0, the report format of GitHub code scanning and of other
//! viewers of static analysis results.

use super::output::{write_json, Located, Place};
use crate::index::Workspace;
use crate::rules::{Code, Diagnostic, Severity};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Component, Path};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base that relative artifact URIs are relative to: the folder the
/// check ran in, which in CI is the checkout of the repository.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text<'static>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// A `message` or a `multiformatMessageString`: plain text is all either
/// needs here.
#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: OwnedText,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u64>,
}

impl Region {
    fn of(p: &Place) -> Region {
        Region {
            start_line: p.line.into(),
            start_column: Some(p.column.into()),
            end_line: Some(p.end_line.into()),
            end_column: Some(p.end_column.into()),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    description: Text<'a>,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// Writes the log. `located` must count columns in UTF-16 code units, the
/// unit the run declares.
pub fn write(
    out: &mut impl Write,
    ws: &Workspace,
    located: &Located,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let cwd = std::env::current_dir().ok();
    let cwd = cwd.as_deref();

    // Only the rules that have results: a viewer lists the rules of a run,
    // and 54 of them, most silent, would bury the few that spoke.
    let mut codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules = codes
        .iter()
        .map(|&c| Rule {
            id: c.name(),
            short_description: Text { text: c.doc() },
            default_configuration: Configuration {
                level: level(c.default_severity()),
            },
        })
        .collect();

    let mut artifacts: HashMap<usize, ArtifactLocation> = HashMap::new();
    let results = diagnostics
        .iter()
        .zip(&located.places)
        .enumerate()
        .map(|(i, (d, place))| {
            let artifact_location = artifacts
                .entry(d.file)
                .or_insert_with(|| artifact(&ws.files[d.file].abs, cwd))
                .clone();
            let fixes = match (&d.fix, located.fix_places.get(i)) {
                (Some(fix), Some(places)) if !fix.edits.is_empty() => vec![Fix {
                    description: Text { text: &fix.title },
                    artifact_changes: [ArtifactChange {
                        artifact_location: artifact_location.clone(),
                        replacements: fix
                            .edits
                            .iter()
                            .zip(places)
                            .map(|(e, p)| Replacement {
                                deleted_region: Region::of(p),
                                inserted_content: Text { text: &e.new_text },
                            })
                            .collect(),
                    }],
                }],
                _ => Vec::new(),
            };
            SarifResult {
                rule_id: d.code.name(),
                rule_index: match codes.binary_search(&d.code) {
                    Ok(i) | Err(i) => i,
                },
                level: level(d.severity),
                message: Text { text: &d.message },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location,
                        region: Some(Region::of(place)),
                    },
                }],
                fixes,
            }
        })
        .collect();

    let notifications = ws
        .problems
        .iter()
        .map(|p| Notification {
            level: "error",
            message: OwnedText {
                text: p.to_string(),
            },
            // A path that names nothing (a missing file, or the
            // `--severity` flag) is told in the message alone.
            locations: if p.path.exists() {
                vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact(
                            &crate::index::discover::absolute(&p.path),
                            cwd,
                        ),
                        region: p
                            .line
                            .and_then(|l| u64::try_from(l).ok())
                            .filter(|&l| l >= 1)
                            .map(|start_line| Region {
                                start_line,
                                start_column: None,
                                end_line: None,
                                end_column: None,
                            }),
                    },
                }]
            } else {
                Vec::new()
            },
        })
        .collect();

    let mut original_uri_base_ids = BTreeMap::new();
    if let Some(cwd) = cwd {
        let mut uri = file_uri(cwd);
        if !uri.ends_with('/') {
            uri.push('/');
        }
        original_uri_base_ids.insert(
            SRCROOT,
            ArtifactLocation {
                uri,
                uri_base_id: None,
            },
        );
    }

    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "emend",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: ws.problems.is_empty(),
                tool_execution_notifications: notifications,
            }],
            original_uri_base_ids,
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    write_json(out, &log)
}

/// Where a file is, as SARIF wants it: relative to the working folder when
/// it is inside it (what code scanning matches against the files of the
/// repository), an absolute `file:` URI otherwise.
fn artifact(abs: &Path, cwd: Option<&Path>) -> ArtifactLocation {
    if let Some(uri) = cwd
        .and_then(|cwd| abs.strip_prefix(cwd).ok())
        .and_then(relative_uri)
    {
        return ArtifactLocation {
            uri,
            uri_base_id: Some(SRCROOT),
        };
    }
    ArtifactLocation {
        uri: file_uri(abs),
        uri_base_id: None,
    }
}

fn relative_uri(rel: &Path) -> Option<String> {
    let mut uri = String::new();
    for c in rel.components() {
        let segment = match c {
            Component::Normal(s) => s,
            Component::ParentDir => OsStr::new(".."),
            Component::CurDir => continue,
            Component::RootDir | Component::Prefix(_) => return None,
        };
        if !uri.is_empty() {
            uri.push('/');
        }
        push_segment(&mut uri, segment, false);
    }
    (!uri.is_empty()).then_some(uri)
}

fn file_uri(abs: &Path) -> String {
    let mut uri = String::from("file://");
    for c in abs.components() {
        let segment = match c {
            // A drive (`C:`) keeps its colon, as in `file:///C:/…`.
            Component::Prefix(p) => {
                uri.push('/');
                push_segment(&mut uri, p.as_os_str(), true);
                continue;
            }
            Component::RootDir | Component::CurDir => continue,
            Component::ParentDir => OsStr::new(".."),
            Component::Normal(s) => s,
        };
        uri.push('/');
        push_segment(&mut uri, segment, false);
    }
    if uri.len() == "file://".len() {
        uri.push('/');
    }
    uri
}

/// Appends a path segment, percent-encoding every byte that is not an
/// unreserved character or a sub-delimiter of RFC 3986 (spaces, `%`, `#`,
/// `?`, and each byte of a non-ASCII character). A colon is encoded unless
/// asked for: in the first segment of a relative reference it would read
/// as the end of a scheme.
fn push_segment(uri: &mut String, segment: &OsStr, keep_colon: bool) {
    for &b in segment.as_encoded_bytes() {
        if b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@".contains(&b)
            || (keep_colon && b == b':')
        {
            uri.push(char::from(b));
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn paths_become_uri_references() {
        let cwd = PathBuf::from("/srv/edition");
        let at = |p: &str| artifact(Path::new(p), Some(&cwd));
        let inside = at("/srv/edition/vol 1/d#1é.emd");
        assert_eq!(inside.uri, "vol%201/d%231%C3%A9.emd");
        assert_eq!(inside.uri_base_id, Some(SRCROOT));
        assert_eq!(at("/srv/edition/./a:b/x.emd").uri, "a%3Ab/x.emd");
        assert_eq!(at("/srv/edition/../other/x.emd").uri, "../other/x.emd");
        let outside = at("/elsewhere/50%/x.emd");
        assert_eq!(outside.uri, "file:///elsewhere/50%25/x.emd");
        assert_eq!(outside.uri_base_id, None);
        assert_eq!(artifact(Path::new("/x.emd"), None).uri, "file:///x.emd");
        assert_eq!(file_uri(Path::new("/")), "file:///");
    }
}
