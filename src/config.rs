//! `emend.toml` at the workspace root, and severity settings.

use crate::rules::{Code, Level, Severities};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "emend.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

/// A problem with a configuration the user must fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Setting(String),
}

impl ConfigError {
    /// Where the problem is (the file, or the flag), its line, and what it is.
    pub fn parts(&self) -> (PathBuf, Option<usize>, String) {
        match self {
            ConfigError::Read { path, source } => {
                (path.clone(), None, format!("cannot read: {source}"))
            }
            ConfigError::Parse {
                path,
                line,
                message,
            } => (path.clone(), Some(*line), message.clone()),
            ConfigError::Setting(message) => (PathBuf::from("--severity"), None, message.clone()),
        }
    }
}

/// Finds `emend.toml` in the folder or its ancestors.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = crate::index::discover::absolute(start);
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Reads the `[severity]` table of an `emend.toml` into `severities`.
pub fn load(path: &Path, severities: &mut Severities) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let parsed: ConfigFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        ConfigError::Parse {
            path: path.to_path_buf(),
            line,
            message: e.message().to_string(),
        }
    })?;
    for (code, level) in &parsed.severity {
        apply(code, level, severities).map_err(|message| {
            let line = text
                .lines()
                .position(|l| {
                    l.trim_start().starts_with(code.as_str()) || l.contains(&format!("\"{code}\""))
                })
                .map_or(1, |i| i + 1);
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                message,
            }
        })?;
    }
    Ok(())
}

/// Applies one `code=level` setting.
pub fn apply(code: &str, level: &str, severities: &mut Severities) -> Result<(), String> {
    let code: Code = code.trim().parse()?;
    let level: Level = level.trim().parse()?;
    severities.set(code, level);
    Ok(())
}

/// Parses a `--severity code=level` argument.
pub fn apply_flag(flag: &str, severities: &mut Severities) -> Result<(), ConfigError> {
    let (code, level) = flag.split_once('=').ok_or_else(|| {
        ConfigError::Setting(format!(
            "--severity takes CODE=LEVEL (e.g. person-unused=off), not `{flag}`"
        ))
    })?;
    apply(code, level, severities).map_err(ConfigError::Setting)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    #[test]
    fn severity_table_and_flags() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(
            &path,
            "[severity]\nperson-unused = \"off\"\ndocument-gap = \"error\"\n",
        )
        .expect("write");
        let mut s = Severities::default();
        load(&path, &mut s).expect("valid config");
        assert_eq!(s.of(Code::PersonUnused), None);
        assert_eq!(s.of(Code::DocumentGap), Some(Severity::Error));
        apply_flag("document-gap=hint", &mut s).expect("valid flag");
        assert_eq!(s.of(Code::DocumentGap), Some(Severity::Hint));
        assert!(apply_flag("document-gap", &mut s).is_err());
    }

    #[test]
    fn errors_name_the_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "[severity]\n\nperson-unusd = \"off\"\n").expect("write");
        let err = load(&path, &mut Severities::default()).expect_err("unknown code");
        let text = err.to_string();
        assert!(text.contains(":3: "), "{text}");
        assert!(text.contains("person-unused"), "{text}");
    }
}
