//! `brief cite`: the workspace's citation library — list it, check it across every brief, and
//! import BibTeX or CSL-JSON into `citations.toml`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{exit, plural, Format, Reporter};
use crate::diagnostic::display_path;
use crate::project::cite::ImportError;
use crate::project::WorkspaceView;

/// Arguments of `brief cite`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Show every library entry: key, type, year, title and the briefs that cite it.
    ///
    /// Example:
    ///   brief cite list --format json
    #[command(verbatim_doc_comment)]
    List {
        /// The workspace folder [default: the one around the current folder]
        workspace: Option<PathBuf>,
        /// Table for people, JSON lines for scripts.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Check the library across every brief: one source under two keys, conflicting definitions,
    /// unused entries, entries lacking what the style prints, stale access dates.
    ///
    /// Example:
    ///   brief cite check
    #[command(verbatim_doc_comment)]
    Check {
        /// The workspace folder [default: the one around the current folder]
        workspace: Option<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Add the entries of a BibTeX/BibLaTeX `.bib` or CSL-JSON `.json` file to the library.
    ///
    /// Keys are kept, types mapped and dates parsed. A key already in the library with different
    /// content is refused; identical entries are skipped.
    ///
    /// Example:
    ///   brief cite import ~/Downloads/zotero.json
    #[command(verbatim_doc_comment)]
    Import {
        /// The file to import.
        file: PathBuf,
        /// The library file to add to [default: the workspace's first .toml library]
        #[arg(long, value_name = "FILE")]
        into: Option<PathBuf>,
        /// Name every entry whose fields could not be kept, and every key renamed, one by one
        /// (by default, over ten are summarised)
        #[arg(long)]
        verbose: bool,
    },
}

/// Run a `brief cite` command.
pub fn run(args: Args) -> i32 {
    match args.command {
        Command::List { workspace, format } => list(workspace, format),
        Command::Check { workspace, format } => check(workspace, format),
        Command::Import {
            file,
            into,
            verbose,
        } => import(&file, into, verbose),
    }
}

fn open(dir: Option<PathBuf>, reporter: &mut Reporter) -> Option<WorkspaceView> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    match WorkspaceView::open(&dir) {
        Ok(view) => Some(view),
        Err(d) => {
            reporter.report(d);
            None
        }
    }
}

fn list(dir: Option<PathBuf>, format: Format) -> i32 {
    let mut reporter = Reporter::new(format);
    let Some(view) = open(dir, &mut reporter) else {
        return exit::ENVIRONMENT;
    };
    let mut out = String::new();
    if format == Format::Human {
        let _ = writeln!(
            out,
            "{:<24} {:<11} {:<5} {:<48} CITED BY",
            "KEY", "TYPE", "YEAR", "TITLE"
        );
    }
    for row in view.citations() {
        match format {
            Format::Human => {
                let title: String = if row.title.chars().count() > 47 {
                    row.title.chars().take(46).chain(['…']).collect()
                } else {
                    row.title.clone()
                };
                let by = if row.cited_by.is_empty() {
                    "-".to_string()
                } else {
                    row.cited_by.join(", ")
                };
                let year = row.year.map_or_else(|| "-".into(), |y| y.to_string());
                let _ = writeln!(
                    out,
                    "{:<24} {:<11} {:<5} {:<48} {by}",
                    row.key,
                    row.kind.to_string(),
                    year,
                    title
                );
            }
            Format::Json => {
                let json = serde_json::to_string(&row).unwrap_or_default();
                let _ = writeln!(out, "{json}");
            }
        }
    }
    print!("{out}");
    // A library file that could not be read leaves the list short: say which, and fail.
    let unreadable = view.unreadable_libraries();
    let failed = !unreadable.is_empty();
    reporter.report(unreadable);
    reporter.note(&format!(
        "{} in the library of {}{}",
        plural(view.workspace.citations.len(), "entry"),
        display_path(&view.workspace.root).display(),
        if failed {
            ", which could not be read whole"
        } else {
            ""
        }
    ));
    if failed {
        exit::FAILED
    } else {
        exit::OK
    }
}

fn check(dir: Option<PathBuf>, format: Format) -> i32 {
    let mut reporter = Reporter::new(format);
    let Some(view) = open(dir, &mut reporter) else {
        return exit::ENVIRONMENT;
    };
    reporter.report(view.check_citations());
    reporter.note(&format!(
        "checked {} across {}: {}, {}",
        plural(view.workspace.citations.len(), "library entry"),
        plural(view.briefs.len(), "brief"),
        plural(reporter.errors, "error"),
        plural(reporter.warnings, "warning")
    ));
    reporter.exit_code(0)
}

fn import(file: &Path, into: Option<PathBuf>, verbose: bool) -> i32 {
    let mut reporter = Reporter::new(Format::Human);
    match crate::project::cite::import(file, into, Path::new("."), verbose) {
        Ok(done) => {
            reporter.report(done.warnings);
            reporter.note(&format!(
                "imported {} into {} ({} already there)",
                plural(done.added, "entry"),
                display_path(&done.into).display(),
                done.skipped
            ));
            if done.outside {
                reporter.note(
                    "note: the file is outside the workspace; add it to [citations] library in briefs.toml",
                );
            }
            exit::OK
        }
        Err(ImportError::Conflicts(diags)) => {
            reporter.report(diags);
            reporter.note("nothing imported: resolve the conflicts above first");
            exit::FAILED
        }
        Err(ImportError::Invalid(diags)) => {
            reporter.report(diags);
            exit::FAILED
        }
        Err(ImportError::Unusable(diags)) => {
            reporter.report(diags);
            exit::ENVIRONMENT
        }
    }
}
