//! The command line: `emend check`, `emend rules`, `emend import-tei`,
//! `emend export-tei`.

mod check;
mod output;
mod progress;
mod sarif;
mod tei;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exit status: no errors.
pub const EXIT_OK: i32 = 0;
/// Exit status: the check found errors (or warnings with `--deny warnings`).
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: a usage or I/O problem.
pub const EXIT_TROUBLE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "emend",
    version,
    about = "Language server and linter for documentary editions in the emend markup"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every .emd file under the given paths and report problems.
    Check(CheckArgs),
    /// List every diagnostic code with its default severity.
    Rules,
    /// Serve the Language Server Protocol on stdin and stdout.
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Write a volume folder of markup from a FRUS TEI file.
    ImportTei(tei::ImportArgs),
    /// Write a FRUS TEI file from a volume folder of markup.
    ExportTei(tei::ExportArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// file:line:col: severity[code]: message, with the source line.
    Human,
    /// One JSON object with every diagnostic.
    Json,
    /// GitHub Actions annotations.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Fail the run on warnings too.
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also fail on warnings.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Set the severity of a code: CODE=error|warning|info|hint|off. Repeatable;
    /// overrides emend.toml.
    #[arg(long = "severity", value_name = "CODE=LEVEL")]
    pub severities: Vec<String>,
    /// Use this configuration instead of the emend.toml found above the paths.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Check every file afresh: neither read nor write the cache (also
    /// EMEND_NO_CACHE=1).
    #[arg(long)]
    pub no_cache: bool,
    /// Keep the cache in this folder (default: EMEND_CACHE_DIR, else
    /// `.emend-cache` beside the emend.toml in force, else in the current
    /// folder).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

/// Runs the command line; returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let status = if e.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_OK
            };
            let _ = e.print();
            return status;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Lsp { .. } => crate::lsp::run(),
        Command::ImportTei(args) => tei::run_import(args),
        Command::ExportTei(args) => tei::run_export(args),
        Command::Rules => {
            for code in crate::rules::Code::ALL {
                println!(
                    "{:<24} {:<8} {}",
                    code.name(),
                    code.default_severity(),
                    code.doc()
                );
            }
            EXIT_OK
        }
    }
}
