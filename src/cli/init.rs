//! `brief init`: start a workspace that checks and builds as created.

use std::path::{Path, PathBuf};

use super::{exit, Reporter};
use crate::diagnostic::{display_path, Diagnostic, Problem};

/// Arguments of `brief init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to make the workspace in (created if missing) [default: .]
    dir: Option<PathBuf>,
}

/// Write briefs.toml, citations.toml, briefs/first-brief.toml and assets/, refusing to
/// overwrite an existing workspace.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(super::Format::Human);
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    if dir.join("briefs.toml").exists() {
        let path = display_path(&dir.join("briefs.toml")).display().to_string();
        reporter.report(vec![Diagnostic::bare(Problem::Exists { path })]);
        return exit::ENVIRONMENT;
    }
    let year = chrono::Local::now().format("%Y").to_string();
    let today = chrono::Local::now().date_naive().to_string();
    let files = [
        (
            "briefs.toml",
            include_str!("../../assets/starters/briefs.toml").to_string(),
        ),
        (
            "citations.toml",
            include_str!("../../assets/starters/citations.toml")
                .replace("{{year}}", &year)
                .replace("{{date}}", &today),
        ),
        (
            "briefs/first-brief.toml",
            super::new::starter(crate::model::Kind::Brief),
        ),
        (
            "assets/README.txt",
            include_str!("../../assets/starters/assets-README.txt").to_string(),
        ),
    ];
    if let Err(e) = std::fs::create_dir_all(&dir) {
        reporter.report(vec![Diagnostic::bare(Problem::Io {
            path: display_path(&dir).display().to_string(),
            action: "create the folder",
            error: crate::diagnostic::io_message(&e),
        })]);
        return exit::ENVIRONMENT;
    }
    // A `briefs/` or `assets/` already there that links elsewhere would put our files there:
    // refuse before writing any.
    let outside: Vec<Diagnostic> = files
        .iter()
        .filter(|(rel, _)| crate::paths::resolve_in_workspace(&dir, rel).is_none())
        .map(|(rel, _)| {
            Diagnostic::bare(Problem::WouldReplace {
                path: display_path(&dir.join(rel)).display().to_string(),
                reason: "its folder leads out of the workspace",
            })
        })
        .collect();
    if !outside.is_empty() {
        reporter.report(outside);
        return exit::ENVIRONMENT;
    }
    for (rel, text) in &files {
        let path = dir.join(rel);
        if path.exists() {
            continue;
        }
        if let Err(d) = crate::paths::write_atomic(&path, text.as_bytes()) {
            reporter.report(vec![d]);
            return exit::ENVIRONMENT;
        }
    }
    let shown = display_path(&dir);
    reporter.note(&format!("created a workspace in {}", shown.display()));
    let cd = if shown == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", shown.display())
    };
    reporter.note(&format!(
        "next: {cd}brief build      (writes out/first-brief.pdf)"
    ));
    reporter
        .note("then:  set your organisation in briefs.toml, and `brief new NAME` for each brief");
    reporter.note(
        "in two languages: `brief translate briefs/NAME.toml --to fr` starts briefs/NAME.fr.toml",
    );
    exit::OK
}
