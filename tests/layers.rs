//! The layers stay visible in the folders: data flows one way, text →
//! syntax → facts → index → rules, features and the TEI converter → the
//! analysis database → the protocol layer and the CLI, and no module names
//! a module of a layer above its own. The index takes files as text and
//! facts: no syntax tree type appears in its API or anywhere in it.

use std::path::{Path, PathBuf};

/// Each top-level module of the crate and its layer, lowest first.
const LAYERS: &[(&str, u32)] = &[
    ("line_index", 0),
    ("suggest", 0),
    ("hash", 0),
    ("atomic", 0),
    ("syntax", 1),
    ("facts", 2),
    ("index", 3),
    ("rules", 4),
    ("features", 4),
    ("tei", 4),
    ("analysis", 5),
    ("cache", 5),
    ("config", 6),
    ("lsp", 6),
    ("cli", 6),
];

fn layer(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).expect("under src");
    let first = rel
        .components()
        .next()
        .expect("a component")
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The modules a line of code names as `crate::NAME`, outside comments.
fn named(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            // `use crate::{a, b}`: each name in the braces.
            if let Some(inner) = after.strip_prefix('{') {
                let inner = inner.split('}').next().unwrap_or("");
                out.extend(
                    inner
                        .split(',')
                        .map(|p| p.trim().split("::").next().unwrap_or("").to_string())
                        .filter(|p| !p.is_empty()),
                );
            }
        } else {
            out.push(name);
        }
        rest = after;
    }
    out
}

#[test]
fn no_module_names_a_layer_above_its_own() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    assert!(files.len() > 50, "the sources were found");
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(file);
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        let Some(own) = layer(&module) else {
            wrong.push(format!(
                "{}: module `{module}` has no layer in this test",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            for name in named(line) {
                match layer(&name) {
                    Some(l) if l <= own => {}
                    Some(l) => wrong.push(format!(
                        "{}:{}: `{module}` (layer {own}) names `crate::{name}` (layer {l})",
                        file.display(),
                        n + 1
                    )),
                    None => wrong.push(format!(
                        "{}:{}: `crate::{name}` has no layer in this test",
                        file.display(),
                        n + 1
                    )),
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_index_knows_no_syntax_tree() {
    let mut files = Vec::new();
    rust_files(&src().join("index"), &mut files);
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        assert!(
            !text.contains("tree_sitter"),
            "{} names tree_sitter: the index takes text and facts",
            file.display()
        );
    }
}

#[test]
fn the_names_in_a_line_are_read() {
    assert_eq!(named("use crate::facts::{self, Span};"), ["facts"]);
    assert_eq!(
        named("use crate::{index, rules::Code};"),
        ["index", "rules"]
    );
    assert_eq!(named("// see crate::lsp"), Vec::<String>::new());
    assert_eq!(
        named("let x = crate::syntax::parse(crate::facts::X);"),
        ["syntax", "facts"]
    );
}
