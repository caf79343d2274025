//! `brief diff`: what changed in a brief since its last sign-off, or between two files of it.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;

use super::{exit, plural, Format, Reporter};
use crate::compare::redline::Since;
use crate::compare::words::{in_context, pieces, Piece};
use crate::compare::{Change, Part, What};
use crate::diagnostic::display_path;

/// Arguments of `brief diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The brief (compared with its last sign-off), or OLD and NEW versions of it
    #[arg(required = true, num_args = 1..=2, value_name = "BRIEF")]
    paths: Vec<PathBuf>,
    /// Compare with the last sign-off on or before this day, YYYY-MM-DD
    #[arg(long, value_parser = super::pack::parse_date)]
    since: Option<NaiveDate>,
    /// How to print the changes
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Also write a redline edition: the new version with the changes marked (docx: tracked
    /// changes that Accept All and Reject All resolve)
    #[arg(long, value_enum, requires = "out")]
    to: Option<Redline>,
    /// The redline's file
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// The redline editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Redline {
    /// A Word file with tracked changes.
    Docx,
    /// The web page, with `<ins>` and `<del>`.
    Html,
    /// The PDF, added words underlined and taken-out ones struck through.
    Pdf,
}

/// Compare and print; exit 0 whether or not there are changes, 1 when a version has errors.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(args.format);
    let (project, old_label) = match &args.paths[..] {
        [old, new] => match crate::project::Project::open_pair(old, new) {
            Ok(p) => (p, display_path(old).display().to_string()),
            Err(d) => {
                reporter.report(vec![d]);
                return exit::ENVIRONMENT;
            }
        },
        [brief] => match reporter.open(std::slice::from_ref(brief)) {
            Some(p) => (p, String::new()),
            None => return exit::ENVIRONMENT,
        },
        _ => return exit::ENVIRONMENT,
    };
    // A version with errors is reported as `check` reports it, and not guessed at.
    let diagnostics: Vec<_> = project
        .entries()
        .iter()
        .flat_map(|e| e.diagnostics.iter().cloned())
        .collect();
    let versions = project.versions();
    if versions.len() != args.paths.len().max(1) || project.entries().iter().any(|e| !e.ok()) {
        reporter.report(diagnostics);
        reporter.note("no diff: a version does not build");
        return reporter.exit_code(1).max(exit::FAILED);
    }
    let Some(Compared {
        old,
        new,
        since,
        author,
        against,
    }) = compared(&versions, old_label, args.since)
    else {
        return exit::FAILED;
    };
    let changes = crate::compare::compare(&old, &new);
    if let (Some(to), Some(out)) = (args.to, &args.out) {
        let versions = (old.clone(), new.clone());
        let written = write_redline(&project, to, versions, (&author, &against), out);
        if let Err(d) = written {
            reporter.report(vec![d]);
            return reporter.exit_code(1).max(exit::FAILED);
        }
        reporter.note(&format!("wrote {}", display_path(out).display()));
    }
    let brief = display_path(&versions.last().map(|v| v.0.clone()).unwrap_or_default())
        .display()
        .to_string();
    match args.format {
        Format::Json => {
            let out = serde_json::json!({ "brief": brief, "compared": since, "changes": changes });
            println!("{out}");
        }
        Format::Human => {
            let colour = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{brief}, {since}:");
            for c in &changes {
                let _ = write!(out, "{}", describe(c, colour));
            }
            let _ = writeln!(
                out,
                "{}",
                match changes.len() {
                    0 => "no changes".to_string(),
                    n => plural(n, "change"),
                }
            );
        }
    }
    exit::OK
}

/// The two versions compared, and what is said of the old one.
struct Compared {
    old: crate::compare::Version,
    new: crate::compare::Version,
    /// "since the sign-off by A. Director on 2026-12-01 (FILE)", "from OLD.toml".
    since: String,
    /// Who made the changes and when, for a Word redline's marks.
    author: (String, String),
    against: Since,
}

/// Two files' versions, or one brief's and its last sign-off's (`since`: on or before that
/// day); `None`, said, when the brief has no such sign-off.
fn compared(
    versions: &[(PathBuf, PathBuf, crate::compare::Version)],
    old_label: String,
    since: Option<NaiveDate>,
) -> Option<Compared> {
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let author = ("brief diff".to_string(), today);
    if let [(_, _, old), (_, _, new)] = versions {
        return Some(Compared {
            old: old.clone(),
            new: new.clone(),
            since: format!("from {old_label}"),
            author,
            against: Since::File(old_label),
        });
    }
    let (path, root, new) = versions.first()?;
    let Some((file, s)) = crate::project::signoff::last(root, path, since) else {
        let shown = display_path(path).display().to_string();
        eprintln!(
            "error: {shown} has no sign-off{}\n  = help: `brief signoff {shown} --by NAME` records one; `brief diff OLD.toml {shown}` compares two files",
            since.map_or(String::new(), |d| format!(" on or before {d}"))
        );
        return None;
    };
    Some(Compared {
        since: format!(
            "since the sign-off by {} on {} ({})",
            s.by,
            s.date,
            display_path(&file).display()
        ),
        author: (s.by.clone(), s.date.clone()),
        against: Since::SignOff {
            by: s.by,
            date: s.date,
        },
        old: s.version,
        new: new.clone(),
    })
}

/// The redline Word file of the project's last brief (the new version), written atomically; a
/// file there that this tool did not write is left alone.
fn write_redline(
    project: &crate::project::Project,
    to: Redline,
    (old, new): (crate::compare::Version, crate::compare::Version),
    ((author, date), since): (&(String, String), &Since),
    out: &std::path::Path,
) -> Result<(), crate::diagnostic::Diagnostic> {
    let entry = project.entries().last().ok_or_else(|| {
        crate::diagnostic::Diagnostic::bare(crate::diagnostic::Problem::NotABrief {
            path: String::new(),
        })
    })?;
    let (Some(r), Some(ws)) = (entry.rendered(), project.workspace_of(entry)) else {
        return Ok(());
    };
    let edition = match to {
        Redline::Docx => crate::model::Edition::Docx,
        Redline::Html => crate::model::Edition::Html,
        Redline::Pdf => crate::model::Edition::Pdf,
    };
    let maker = edition.maker();
    crate::paths::replaceable(out, maker.extension(), &|b| maker.ours(b))?;
    // The editions print a redline's data as they print a brief's; the Word file marks its
    // tracked changes from the two versions, and takes the summary.
    let data = crate::compare::redline::data(&r.data, &old, &new, since, &r.words);
    let bytes = if to == Redline::Docx {
        let mut plain = r.data.clone();
        plain.changes = data.changes;
        crate::edition::docx::redline(ws, &plain, old, new, author, date)?
    } else {
        let targets = [(edition, out.to_path_buf())];
        let job = crate::edition::Job {
            brief: &r.brief,
            workspace: ws,
            data: &data,
            standards: &[],
            targets: &targets,
        };
        let made = maker
            .make(&job, &mut Vec::new())
            .map_err(|mut d| d.remove(0))?;
        made.bytes
    };
    crate::paths::write_atomic(out, &bytes)
}

/// One change, for people: the item, then each field that changed.
fn describe(c: &Change, colour: bool) -> String {
    let (mark, verb) = match c.what {
        What::Added => ("+", "added"),
        What::Removed => ("-", "removed"),
        What::Changed => ("~", "changed"),
    };
    // A field of the brief or its settings is its own line.
    let own = matches!(c.part, Part::Brief | Part::Settings);
    let mut s = if own {
        String::new()
    } else {
        format!("  {mark} {} {}: {verb}\n", c.part.name(), c.id)
    };
    if c.what != What::Changed {
        // An item added or removed: what it said, in a line.
        let value = |name: &str| {
            c.fields
                .iter()
                .find(|f| f.field == name)
                .and_then(|f| f.new.as_deref().or(f.old.as_deref()))
        };
        let summary = match c.part {
            Part::Ask => {
                let by = value("by").map_or(String::new(), |d| format!(", by {d}"));
                format!(
                    "{}: {}{by}",
                    value("to").unwrap_or(""),
                    value(crate::model::texts::TextId::Action.name()).unwrap_or("")
                )
            }
            Part::Finding => value(crate::model::texts::TextId::Claim.name())
                .unwrap_or("")
                .to_string(),
            Part::Source => value("title").unwrap_or("").to_string(),
            _ => c
                .fields
                .iter()
                .find_map(|f| f.new.as_deref().or(f.old.as_deref()))
                .unwrap_or("")
                .to_string(),
        };
        s.push_str(&format!("      {}\n", one_line(&summary, 100)));
        return s;
    }
    for f in &c.fields {
        let (old, new) = (
            f.old.as_deref().unwrap_or(""),
            f.new.as_deref().unwrap_or(""),
        );
        let short = old.split_whitespace().count() <= 4 && new.split_whitespace().count() <= 4;
        let line = if short || f.old.is_none() || f.new.is_none() {
            format!("{} → {}", shown(f.old.as_deref()), shown(f.new.as_deref()))
        } else {
            in_context(&pieces(old, new), 6)
                .iter()
                .map(|p| match p {
                    Piece::Same(t) => one_line(t, usize::MAX),
                    Piece::Deleted(t) if colour => {
                        format!("\x1b[31;9m{}\x1b[0m", one_line(t, usize::MAX))
                    }
                    Piece::Inserted(t) if colour => {
                        format!("\x1b[32;4m{}\x1b[0m", one_line(t, usize::MAX))
                    }
                    Piece::Deleted(t) => format!("[-{}-]", one_line(t, usize::MAX)),
                    Piece::Inserted(t) => format!("{{+{}+}}", one_line(t, usize::MAX)),
                })
                .collect()
        };
        if own {
            let part = if c.part == Part::Settings {
                "setting "
            } else {
                ""
            };
            s.push_str(&format!("  {mark} {part}{}: {line}\n", f.field));
        } else {
            s.push_str(&format!("      {}: {line}\n", f.field));
        }
    }
    s
}

/// A value in quotes, or "(none)".
fn shown(v: Option<&str>) -> String {
    match v {
        Some(v) => format!("\"{}\"", one_line(v, 100)),
        None => "(none)".into(),
    }
}

/// Text on one line, cut to `max` characters with an ellipsis.
fn one_line(t: &str, max: usize) -> String {
    let flat: String = t.split('\n').collect::<Vec<_>>().join(" / ");
    let flat = crate::diagnostic::inert(&flat).to_string();
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    } else {
        flat
    }
}
