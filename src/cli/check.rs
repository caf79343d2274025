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
    // What a team tracks of each brief that loads: its words and reading grade.
    let measures: Vec<serde_json::Value> = entries
        .iter()
        .filter_map(|e| {
            let m = crate::check::writing::measure(e.brief()?);
            let shown = crate::diagnostic::display_path(&e.path)
                .display()
                .to_string();
            let mut line = serde_json::json!({ "brief": shown });
            if let Some(row) = &e.row {
                line["row"] = row.key.clone().into();
            }
            if let (Some(o), serde_json::Value::Object(fields)) =
                (line.as_object_mut(), serde_json::to_value(m).ok()?)
            {
                o.extend(fields);
            }
            Some(line)
        })
        .collect();
    for entry in entries {
        reporter.report(entry.diagnostics);
    }
    if args.format == Format::Json {
        for m in measures {
            println!("{m}");
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
