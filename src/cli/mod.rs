//! The command line: one module per command, each parsing its arguments, calling the library's
//! [`Project`](crate::project::Project) and printing what comes back; the shared parts (printing
//! diagnostics, exit codes) here.

mod asks;
mod build;
mod check;
mod cite;
mod completions;
mod diff;
mod init;
mod new;
mod pack;
mod schema;
mod serve;
mod signoff;
mod translate;
mod watch;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Diagnostic, Severity};
use crate::project::Project;

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
    /// Validate, then typeset each brief into a PDF (and an HTML page).
    ///
    /// Examples:
    ///   brief build briefs/encryption.toml        writes out/encryption.pdf
    ///   brief build briefs/ -o dist/
    ///   brief build --to pdf,html                 also writes out/NAME.html
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
    /// List every ask of the workspace's briefs by deadline: to whom, what, by when, status.
    ///
    /// Examples:
    ///   brief asks                           a table, with days left or overdue
    ///   brief asks --overdue --to minister   open asks past their deadline, to a minister
    ///   brief asks --format csv > asks.csv
    ///   brief asks --format json --today 2024-05-01
    #[command(verbatim_doc_comment)]
    Asks(asks::Args),
    /// Start a translation of a brief (NAME.LANG.toml), or record that one was reviewed.
    ///
    /// A translation holds only the texts of its source; everything else comes from the source.
    /// `check` says what is untranslated, where figures or citations differ, and which texts
    /// changed in the source since the translation was last accepted.
    ///
    /// Examples:
    ///   brief translate briefs/housing.toml --to fr-CA      writes briefs/housing.fr-CA.toml
    ///   brief translate --accept briefs/housing.fr-CA.toml  after reviewing it
    #[command(verbatim_doc_comment)]
    Translate(translate::Args),
    /// Rebuild a brief whenever a file its last build read changes (brief, briefs.toml, library, template and its imports, images).
    ///
    /// Examples:
    ///   brief watch                       every brief of the workspace
    ///   brief watch briefs/housing.toml
    #[command(verbatim_doc_comment)]
    Watch(watch::Args),
    /// Preview in the browser: every brief's page and PDF, rebuilt on every save; an open page updates by itself, or shows what a save broke.
    ///
    /// Serves on 127.0.0.1 only and prints the address; writes both editions into the
    /// workspace's output folder, as `brief build --to pdf,html` does.
    ///
    /// Examples:
    ///   brief serve                       every brief of the workspace, at http://127.0.0.1:8400/
    ///   brief serve briefs/housing.toml --port 0
    #[command(verbatim_doc_comment)]
    Serve(serve::Args),
    /// Record that a brief, as it now reads, was approved: who, when and what it printed.
    ///
    /// Kept as signoffs/NAME/DATE.toml in the workspace, to commit with the briefs.
    ///
    /// Example:
    ///   brief signoff briefs/housing.toml --by "A. Director" --note "For the minister's meeting"
    #[command(verbatim_doc_comment)]
    Signoff(signoff::Args),
    /// What changed in a brief since its last sign-off, or between two files of it.
    ///
    /// Findings, asks and sources are matched by id; texts are compared word by word.
    ///
    /// Examples:
    ///   brief diff briefs/housing.toml                  since the last sign-off
    ///   brief diff briefs/housing.toml --since 2026-11-30
    ///   brief diff old/housing.toml briefs/housing.toml --format json
    #[command(verbatim_doc_comment)]
    Diff(diff::Args),
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
        Command::Serve(args) => serve::run(args),
        Command::Asks(args) => asks::run(args),
        Command::Translate(args) => translate::run(args),
        Command::Pack(args) => pack::run(args),
        Command::Signoff(args) => signoff::run(args),
        Command::Diff(args) => diff::run(args),
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
            let _ = writeln!(std::io::stderr(), "{}", crate::diagnostic::inert(line));
        }
    }

    /// The project command-line paths name, or `None` after reporting why there is none.
    pub fn open(&mut self, paths: &[PathBuf]) -> Option<Project> {
        self.open_rows(paths, crate::project::RowChoice::default())
    }

    /// [`Reporter::open`], taking of each data brief the rows `rows` chooses.
    pub fn open_rows(
        &mut self,
        paths: &[PathBuf],
        rows: crate::project::RowChoice,
    ) -> Option<Project> {
        match Project::open_rows(paths, rows) {
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

/// "1 error", "3 warnings", "2 entries".
pub fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("{n} {word}"),
        (_, Some(stem)) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

/// `--shard I/N`: the I-th of N parts, 1-based.
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("\"{s}\" is not I/N, such as 2/8"))?;
    let (i, n): (usize, usize) = (
        i.trim()
            .parse()
            .map_err(|_| format!("\"{i}\" is not a number"))?,
        n.trim()
            .parse()
            .map_err(|_| format!("\"{n}\" is not a number"))?,
    );
    if n == 0 || i == 0 || i > n {
        return Err(format!("{i}/{n}: I runs from 1 to N"));
    }
    Ok((i, n))
}
