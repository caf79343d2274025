//! `brief new`: start a brief from the commented starter, ready to check and build.

use std::path::PathBuf;

use super::{exit, Reporter};
use crate::diagnostic::{display_path, Diagnostic, Problem};
use crate::model::{Choice, Kind};

/// The commented starter brief; `{{...}}` are filled in per brief.
const STARTER: &str = include_str!("../../assets/starters/brief.toml");

/// Arguments of `brief new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Name of the brief: writes briefs/NAME.toml in the workspace
    name: String,
    /// The layout
    #[arg(long, value_enum, default_value_t = Kind::Brief)]
    kind: Kind,
}

/// The starter text for a layout, dated today.
pub fn starter(kind: Kind) -> String {
    let today = chrono::Local::now().date_naive();
    let by = today + chrono::Days::new(90);
    let label = match kind {
        Kind::OnePager => "Briefing note",
        Kind::Statement => "Statement · For immediate release",
        Kind::Brief => "Policy brief",
    };
    STARTER
        .replace("{{kind}}", kind.name())
        .replace("{{label}}", label)
        .replace("{{date}}", &today.to_string())
        .replace("{{by}}", &by.to_string())
        .replace("{{year}}", &today.format("%Y").to_string())
}

/// Write `briefs/NAME.toml`, refusing to overwrite.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(super::Format::Human);
    let cwd = PathBuf::from(".");
    let root = crate::paths::find_root(&cwd).unwrap_or(cwd);
    let name = args.name.trim_end_matches(".toml");
    // One plain file name, so the brief lands in briefs/ where `check` and `build` find it.
    if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
        let problem = Problem::BadName {
            name: args.name.clone(),
        };
        reporter.report(vec![Diagnostic::bare(problem)]);
        return exit::ENVIRONMENT;
    }
    let path = root.join("briefs").join(format!("{name}.toml"));
    // A briefs/ folder linked to somewhere else would put the new brief there.
    if crate::paths::resolve_in_workspace(&root, &format!("briefs/{name}.toml")).is_none() {
        let problem = Problem::WouldReplace {
            path: display_path(&path).display().to_string(),
            reason: "the briefs folder leads out of the workspace",
        };
        reporter.report(vec![Diagnostic::bare(problem)]);
        return exit::ENVIRONMENT;
    }
    if path.exists() {
        let shown = display_path(&path).display().to_string();
        reporter.report(vec![Diagnostic::bare(Problem::Exists { path: shown })]);
        return exit::ENVIRONMENT;
    }
    if let Err(d) = crate::paths::write_atomic(&path, starter(args.kind).as_bytes()) {
        reporter.report(vec![d]);
        return exit::ENVIRONMENT;
    }
    let shown = display_path(&path);
    reporter.note(&format!("created {}", shown.display()));
    reporter.note(&format!(
        "next: edit it, then `brief check {0}` and `brief build {0}`",
        shown.display()
    ));
    reporter.note(&format!(
        "in another language: `brief translate {} --to fr` starts its translation",
        shown.display()
    ));
    exit::OK
}
