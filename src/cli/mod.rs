//! The command line: one module per command, the shared parts (finding briefs, loading each with
//! its workspace, printing diagnostics, exit codes) here.

mod build;
mod check;
mod cite;
mod completions;
mod init;
mod new;
mod pack;
mod schema;
mod watch;

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Brief, Workspace};

/// Turn structured TOML policy briefs into polished, accessible PDFs.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate briefs and report every problem at once.
    ///
    /// Examples:
    ///   brief check                      every brief in the workspace's briefs/ folder
    ///   brief check briefs/encryption.toml
    ///   brief check briefs/ --format json
    #[command(verbatim_doc_comment)]
    Check(check::Args),
    /// Validate, then typeset each brief into a PDF.
    ///
    /// Examples:
    ///   brief build briefs/encryption.toml        writes out/encryption.pdf
    ///   brief build briefs/ -o dist/
    ///   brief build briefs/x.toml --pdf-standard a-2b
    #[command(verbatim_doc_comment)]
    Build(build::Args),
    /// The citation library: list, check, import.
    Cite(cite::Args),
    /// Start a workspace: briefs.toml, citations.toml, briefs/, assets/.
    ///
    /// Example:
    ///   brief init policy-briefs && cd policy-briefs && brief build
    #[command(verbatim_doc_comment)]
    Init(init::Args),
    /// Start briefs/NAME.toml from a commented starter.
    ///
    /// Examples:
    ///   brief new housing-2025
    ///   brief new reaction --kind statement
    #[command(verbatim_doc_comment)]
    New(new::Args),
    /// Put several briefs into one PDF for a meeting: cover, contents, then each brief.
    ///
    /// Examples:
    ///   brief pack briefs/housing.toml briefs/transit.toml -o out/pack.pdf
    ///   brief pack briefs/ -o pack.pdf --title "Committee hearing" --date 2025-03-04 --audience "Standing Committee on Finance"
    #[command(verbatim_doc_comment)]
    Pack(pack::Args),
    /// Rebuild briefs whenever they, the workspace, the library or an asset change.
    ///
    /// Examples:
    ///   brief watch                       every brief of the workspace
    ///   brief watch briefs/housing.toml
    #[command(verbatim_doc_comment)]
    Watch(watch::Args),
    /// Print the JSON Schema of the brief format, for editor completion and inline errors.
    ///
    /// Example:
    ///   brief schema > brief.schema.json
    #[command(verbatim_doc_comment)]
    Schema,
    /// Print a shell completion script.
    ///
    /// Examples:
    ///   brief completions bash > ~/.local/share/bash-completion/completions/brief
    ///   brief completions zsh > ~/.zfunc/_brief
    ///   brief completions fish > ~/.config/fish/completions/brief.fish
    #[command(verbatim_doc_comment)]
    Completions(completions::Args),
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Drawn against the source, for people.
    #[default]
    Human,
    /// One JSON object per line, for editors and scripts.
    Json,
}

/// Run a parsed command line; returns the process exit code (0 good, 1 a brief failed, 2 usage or
/// environment problem).
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Build(args) => build::run(args),
        Command::Cite(args) => cite::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Pack(args) => pack::run(args),
        Command::Schema => schema::run(),
        Command::Completions(args) => completions::run(args),
    }
}

/// Exit codes of the format's contract.
pub mod exit {
    /// Everything passed (warnings allowed).
    pub const OK: i32 = 0;
    /// A brief has errors or a build failed.
    pub const FAILED: i32 = 1;
    /// A usage error, unreadable file or other environment problem.
    pub const ENVIRONMENT: i32 = 2;
}

/// Prints diagnostics as they come, and keeps the count for the summary and exit code.
pub struct Reporter {
    format: Format,
    color: bool,
    /// Errors printed so far.
    pub errors: usize,
    /// Warnings printed so far.
    pub warnings: usize,
    /// Whether any problem was of the environment rather than a brief.
    pub environment: bool,
}

impl Reporter {
    /// A reporter for the chosen format; colour only on a terminal and without `NO_COLOR`.
    pub fn new(format: Format) -> Self {
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Self {
            format,
            color,
            errors: 0,
            warnings: 0,
            environment: false,
        }
    }

    /// Print diagnostics sorted by file and position.
    pub fn report(&mut self, mut diags: Vec<Diagnostic>) {
        diags.sort_by_key(|d| d.sort_key());
        let stderr = std::io::stderr();
        let stdout = std::io::stdout();
        for d in diags {
            match d.severity() {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
            self.environment |= d.problem.is_environment();
            match self.format {
                Format::Human => {
                    let _ = writeln!(stderr.lock(), "{}\n", d.render(self.color));
                }
                Format::Json => {
                    let _ = writeln!(stdout.lock(), "{}", d.to_json());
                }
            }
        }
    }

    /// A plain progress or summary line (on stderr, so JSON on stdout stays clean).
    pub fn note(&self, line: &str) {
        if self.format == Format::Human {
            let _ = writeln!(std::io::stderr(), "{line}");
        }
    }

    /// The briefs command-line paths name, or `None` after reporting why there are none.
    pub fn briefs(&mut self, paths: &[std::path::PathBuf]) -> Option<Vec<std::path::PathBuf>> {
        match crate::load::brief_paths(paths) {
            Ok(p) => Some(p),
            Err(d) => {
                self.report(vec![d]);
                None
            }
        }
    }

    /// The exit code for what was reported.
    pub fn exit_code(&self, failed_briefs: usize) -> i32 {
        if self.environment {
            exit::ENVIRONMENT
        } else if self.errors > 0 || failed_briefs > 0 {
            exit::FAILED
        } else {
            exit::OK
        }
    }
}

/// Loads briefs with their workspaces, reading and checking each workspace once.
#[derive(Default)]
pub struct Loader {
    /// Each workspace once: the loaded workspace (if it loaded) and whether it had errors.
    workspaces: HashMap<PathBuf, (Option<Arc<Workspace>>, bool)>,
}

/// A brief ready for the next stage, or the reason it is not.
pub struct Prepared {
    /// The brief and its workspace, when both loaded.
    pub brief: Option<(Brief, Arc<Workspace>)>,
    /// Problems of the brief (and of its workspace, the first time it is seen).
    pub diagnostics: Vec<Diagnostic>,
    /// Whether its workspace (briefs.toml, the library) has errors: then no brief of it builds.
    pub workspace_failed: bool,
}

impl Prepared {
    /// Whether the brief can go on to be built.
    pub fn ok(&self) -> bool {
        self.brief.is_some()
            && !self.workspace_failed
            && self
                .diagnostics
                .iter()
                .all(|d| d.severity() < Severity::Error)
    }
}

impl Loader {
    /// Load and check one brief and, if not yet seen, its workspace.
    pub fn prepare(&mut self, path: &Path) -> Prepared {
        let mut diagnostics = Vec::new();
        let key = workspace_key(path);
        let (ws, ws_failed) = match self.workspaces.get(&key) {
            Some(entry) => entry.clone(),
            None => {
                let loaded = crate::load::workspace(path);
                let mut found = loaded.diagnostics;
                let ws = loaded.value.map(|ws| {
                    found.extend(crate::check::workspace(&ws));
                    Arc::new(ws)
                });
                let failed = found.iter().any(|d| d.severity() == Severity::Error);
                // The workspace's problems are reported with its first brief only.
                diagnostics.extend(found);
                self.workspaces.insert(key, (ws.clone(), failed));
                (ws, failed)
            }
        };
        // A library file named on the command line is not a brief.
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        if ws
            .as_ref()
            .is_some_and(|ws| ws.library_files.contains(&abs))
        {
            let shown = crate::diagnostic::display_path(path).display().to_string();
            diagnostics.push(Diagnostic::about(
                crate::diagnostic::Problem::NotABrief { path: shown },
                path,
            ));
            return Prepared {
                brief: None,
                diagnostics,
                workspace_failed: ws_failed,
            };
        }
        let loaded = crate::load::brief(path);
        diagnostics.extend(loaded.diagnostics);
        let brief = match (loaded.value, ws) {
            (Some(b), Some(ws)) => {
                diagnostics.extend(crate::check::brief(&b, &ws));
                Some((b, ws))
            }
            _ => None,
        };
        Prepared {
            brief,
            diagnostics,
            workspace_failed: ws_failed,
        }
    }
}

/// The folder whose `briefs.toml` governs a brief (or the brief's folder if none does).
fn workspace_key(path: &Path) -> PathBuf {
    crate::load::find_root(path).unwrap_or_else(|| crate::load::folder_of(path))
}

/// "1 error", "3 warnings", "2 entries".
pub fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("{n} {word}"),
        (_, Some(stem)) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}
