//! `brief check`: load and validate briefs, print every problem, build nothing.

use std::path::PathBuf;

use super::{exit, plural, Format, Reporter};

/// Arguments of `brief check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Brief files or folders of them [default: the workspace's briefs/ folder]
    paths: Vec<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// Check each brief; exit 1 if any has errors.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(args.format);
    let Some(project) = reporter.open(&args.paths) else {
        return exit::ENVIRONMENT;
    };
    // Briefs changed since their last sign-off, said after the problems.
    let changed: Vec<String> = project
        .standings()
        .into_iter()
        .filter_map(|st| {
            let s = st.signed.filter(|s| s.changes > 0)?;
            let shown = crate::diagnostic::display_path(&st.path).display().to_string();
            Some(format!(
                "{shown} changed since its sign-off by {} on {} ({}): `brief diff {shown}` lists them",
                s.by,
                s.date,
                plural(s.changes, "change")
            ))
        })
        .collect();
    let entries = project.into_entries();
    let failed = entries.iter().filter(|e| !e.ok()).count();
    let checked = plural(entries.len(), "brief");
    // What a team tracks of each brief that loads: its words and reading grade (JSON only).
    #[derive(serde::Serialize)]
    struct Line {
        brief: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        row: Option<String>,
        #[serde(flatten)]
        measure: crate::check::writing::Measure,
    }
    let measures: Vec<Line> = entries
        .iter()
        .filter(|_| args.format == Format::Json)
        .filter_map(|e| {
            Some(Line {
                measure: crate::check::writing::measure(e.brief()?),
                brief: crate::diagnostic::display_path(&e.path)
                    .display()
                    .to_string(),
                row: e.row.as_ref().map(|r| r.key.clone()),
            })
        })
        .collect();
    for entry in entries {
        reporter.report(entry.diagnostics);
    }
    for m in measures {
        if let Ok(line) = serde_json::to_string(&m) {
            println!("{line}");
        }
    }
    let summary = match (failed, reporter.errors, reporter.warnings) {
        (0, 0, 0) => format!("checked {checked}: all good"),
        (0, _, w) => format!("checked {checked}: no errors, {}", plural(w, "warning")),
        (f, e, w) => format!(
            "checked {checked}: {} failed ({}, {})",
            f,
            plural(e, "error"),
            plural(w, "warning")
        ),
    };
    for line in &changed {
        reporter.note(line);
    }
    reporter.note(&summary);
    reporter.exit_code(failed)
}
