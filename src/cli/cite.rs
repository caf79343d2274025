//! `brief cite`: the workspace's citation library — list it, check it across every brief, and
//! import BibTeX or CSL-JSON into `citations.toml`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{exit, plural, Format, Reporter};
use crate::diagnostic::{display_path, Diagnostic, Problem};
use crate::model::{Brief, Citation, Workspace};

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
    },
}

/// Run a `brief cite` command.
pub fn run(args: Args) -> i32 {
    match args.command {
        Command::List { workspace, format } => list(workspace, format),
        Command::Check { workspace, format } => check(workspace, format),
        Command::Import { file, into } => import(&file, into),
    }
}

/// The workspace around a folder and every brief in it, with the problems of loading them.
fn load_all(
    dir: Option<PathBuf>,
) -> Result<(Workspace, Vec<Brief>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let loaded = crate::load::workspace(&dir);
    let mut diags = loaded.diagnostics;
    let ws = loaded.value.ok_or_else(|| diags.clone())?;
    if ws.file.is_none() {
        let path = display_path(&dir).display().to_string();
        return Err(vec![Diagnostic::bare(Problem::NoWorkspace { path })]);
    }
    let briefs_dir = ws.root.join("briefs");
    let mut briefs = Vec::new();
    if let Ok(paths) = crate::load::brief_paths(&[if briefs_dir.is_dir() {
        briefs_dir
    } else {
        ws.root.clone()
    }]) {
        for p in paths {
            let b = crate::load::brief(&p);
            diags.extend(b.diagnostics);
            briefs.extend(b.value);
        }
    }
    Ok((ws, briefs, diags))
}

fn list(dir: Option<PathBuf>, format: Format) -> i32 {
    let mut reporter = Reporter::new(format);
    let (ws, briefs, _) = match load_all(dir) {
        Ok(x) => x,
        Err(d) => {
            reporter.report(d);
            return exit::ENVIRONMENT;
        }
    };
    let cited_by = |key: &str| -> Vec<String> {
        briefs
            .iter()
            .filter(|b| crate::check::cited_keys(b, &ws).iter().any(|k| k == key))
            .map(|b| {
                b.path
                    .file_stem()
                    .map_or(String::new(), |s| s.to_string_lossy().into_owned())
            })
            .collect()
    };
    let mut entries: Vec<(&Citation, &str)> = ws.citations.iter().map(|c| (c, "library")).collect();
    for b in &briefs {
        entries.extend(b.citations.iter().map(|c| (c, "brief")));
    }
    let mut out = String::new();
    if format == Format::Human {
        let _ = writeln!(
            out,
            "{:<24} {:<11} {:<5} {:<48} CITED BY",
            "KEY", "TYPE", "YEAR", "TITLE"
        );
    }
    for (c, defined) in &entries {
        let year = c
            .date
            .map(|d| d.year.to_string())
            .unwrap_or_else(|| "-".into());
        let by = cited_by(&c.id.value);
        match format {
            Format::Human => {
                let title: String = if c.title.chars().count() > 47 {
                    c.title.chars().take(46).chain(['…']).collect()
                } else {
                    c.title.clone()
                };
                let by = if by.is_empty() {
                    "-".to_string()
                } else {
                    by.join(", ")
                };
                let _ = writeln!(
                    out,
                    "{:<24} {:<11} {:<5} {:<48} {by}",
                    c.id.value, c.kind, year, title
                );
            }
            Format::Json => {
                let json = serde_json::json!({
                    "key": c.id.value, "type": c.kind, "year": c.date.map(|d| d.year), "title": c.title,
                    "defined-in": crate::check::place(c), "scope": defined, "cited-by": by,
                });
                let _ = writeln!(out, "{json}");
            }
        }
    }
    print!("{out}");
    reporter.note(&format!(
        "{} in the library of {}",
        plural(ws.citations.len(), "entry"),
        display_path(&ws.root).display()
    ));
    exit::OK
}

fn check(dir: Option<PathBuf>, format: Format) -> i32 {
    let mut reporter = Reporter::new(format);
    let (ws, briefs, mut diags) = match load_all(dir) {
        Ok(x) => x,
        Err(d) => {
            reporter.report(d);
            return exit::ENVIRONMENT;
        }
    };
    diags.extend(crate::check::workspace(&ws));
    for b in &briefs {
        // Only the citation findings of each brief; `brief check` reports the rest.
        diags.extend(crate::check::brief(b, &ws).into_iter().filter(|d| {
            matches!(
                *d.problem,
                Problem::CitationConflict { .. } | Problem::UnknownCitation { .. }
            )
        }));
    }
    diags.extend(crate::check::library(&ws, &briefs));
    reporter.report(diags);
    reporter.note(&format!(
        "checked {} across {}: {}, {}",
        plural(ws.citations.len(), "library entry"),
        plural(briefs.len(), "brief"),
        plural(reporter.errors, "error"),
        plural(reporter.warnings, "warning")
    ));
    reporter.exit_code(0)
}

fn import(file: &Path, into: Option<PathBuf>) -> i32 {
    let mut reporter = Reporter::new(Format::Human);
    let source = match crate::load::read_source(file) {
        Ok(s) => s,
        Err(d) => {
            reporter.report(vec![d]);
            return exit::ENVIRONMENT;
        }
    };
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !matches!(ext.as_str(), "bib" | "json") {
        let path = display_path(file).display().to_string();
        reporter.report(vec![Diagnostic::bare(Problem::BadLibrary {
            path,
            message: "import reads .bib (BibTeX, BibLaTeX) and .json (CSL-JSON) files".into(),
        })]);
        return exit::ENVIRONMENT;
    }
    let mut diags = Vec::new();
    let imported = crate::load::library::read(&source, &ext, &mut diags);
    if !diags.is_empty() {
        reporter.report(diags);
        return exit::FAILED;
    }
    // The library of the workspace we are in, not of wherever the imported file lives.
    let loaded = crate::load::workspace(Path::new("."));
    let Some(ws) = loaded.value else {
        reporter.report(loaded.diagnostics);
        return exit::FAILED;
    };
    let target = into.unwrap_or_else(|| ws.root.join("citations.toml"));
    let target_abs = std::path::absolute(&target).unwrap_or(target.clone());
    let existing: Vec<&Citation> = ws.citations.iter().collect();
    let mut added = Vec::new();
    let mut skipped = 0;
    let mut conflicts = Vec::new();
    for c in &imported {
        match existing.iter().find(|e| e.id.value == c.id.value) {
            Some(e) => {
                let fields = c.differing_fields(e);
                if fields.is_empty() {
                    skipped += 1;
                } else {
                    conflicts.push(Diagnostic::at(
                        Problem::ImportConflict {
                            key: c.id.value.clone(),
                            fields,
                            place: crate::check::place(e),
                        },
                        &c.file,
                        c.id.span.clone(),
                    ));
                }
            }
            None if added.iter().any(|a: &&Citation| a.id.value == c.id.value) => skipped += 1,
            None => added.push(c),
        }
    }
    if !conflicts.is_empty() {
        reporter.report(conflicts);
        reporter.note("nothing imported: resolve the conflicts above first");
        return exit::FAILED;
    }
    let mut text = match std::fs::read_to_string(&target_abs) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            // Never rewrite a library we could not read: that would erase it.
            let path = display_path(&target_abs).display().to_string();
            let error = crate::load::io_message(&e);
            reporter.report(vec![Diagnostic::bare(Problem::Io {
                path,
                action: "read",
                error,
            })]);
            return exit::ENVIRONMENT;
        }
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for c in &added {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&to_toml(c));
    }
    if let Err(d) = crate::pdf::write_atomic(&target_abs, text.as_bytes()) {
        reporter.report(vec![d]);
        return exit::ENVIRONMENT;
    }
    reporter.note(&format!(
        "imported {} into {} ({} already there)",
        plural(added.len(), "entry"),
        display_path(&target_abs).display(),
        skipped
    ));
    if ws.file.is_some() && !target_abs.starts_with(&ws.root) {
        reporter.note(
            "note: the file is outside the workspace; add it to [citations] library in briefs.toml",
        );
    }
    exit::OK
}

/// One entry as a `[[citation]]` table, values quoted the TOML way.
fn to_toml(c: &Citation) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::from("[[citation]]\n");
    let mut line = |k: &str, v: String| {
        let _ = writeln!(out, "{k} = {v}");
    };
    line("id", q(&c.id.value));
    line("type", q(&c.kind));
    if !c.author.is_empty() {
        let list: Vec<String> = c.author.iter().map(|a| q(a)).collect();
        line("author", format!("[{}]", list.join(", ")));
    }
    line("title", q(&c.title));
    for (k, v) in [("publisher", &c.publisher), ("container", &c.container)] {
        if let Some(v) = v {
            line(k, q(v));
        }
    }
    if let Some(d) = c.date {
        // A full date is a TOML date; a year or month stays a string, as the format asks.
        line(
            "date",
            if d.day.is_some() {
                d.to_string()
            } else {
                q(&d.to_string())
            },
        );
    }
    if let Some(u) = &c.url {
        line("url", q(&u.value));
    }
    if let Some(d) = &c.doi {
        line("doi", q(&d.value));
    }
    if let Some(a) = &c.accessed {
        line("accessed", a.value.to_string());
    }
    for (k, v) in [
        ("pages", &c.pages),
        ("volume", &c.volume),
        ("issue", &c.issue),
        ("note", &c.note),
    ] {
        if let Some(v) = v {
            line(k, q(v));
        }
    }
    out
}
