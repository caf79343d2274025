//! `brief asks`: every ask of the workspace's briefs, sorted by deadline, as a table for people,
//! CSV for spreadsheets or JSON for scripts.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::{exit, plural, Reporter};
use crate::diagnostic::Severity;
use crate::model::AskStatus;
use crate::project::asks::{to_csv, AskFilter, AskRow};

/// Arguments of `brief asks`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Brief files or folders of them [default: the workspace's briefs/ folder]
    paths: Vec<PathBuf>,
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Only open asks whose deadline has passed.
    #[arg(long)]
    overdue: bool,
    /// Only asks whose recipient contains this text (any case).
    #[arg(long, value_name = "TEXT")]
    to: Option<String>,
    /// Only asks of this status (repeat for several).
    #[arg(long, value_enum)]
    status: Vec<AskStatus>,
    /// The day to count from, YYYY-MM-DD [default: the clock's]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    today: Option<NaiveDate>,
}

/// How the list is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns, with days left or overdue.
    Table,
    /// `brief,id,to,action,by,status`.
    Csv,
    /// One array of objects, with the evidence each ask rests on.
    Json,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date like 2024-03-07, found \"{s}\""))
}

/// Print the asks; exit 1 when a brief has errors (its asks may be missing or wrong).
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(super::Format::Human);
    let Some(project) = reporter.open(&args.paths) else {
        return exit::ENVIRONMENT;
    };
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let filter = AskFilter {
        overdue: args.overdue,
        to: args.to.clone(),
        status: args.status.clone(),
    };
    let rows = project.asks(&filter, today);
    // Only errors: a list is no place for a brief's warnings.
    let mut failed = 0;
    for entry in project.entries() {
        let errors: Vec<_> = entry
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .cloned()
            .collect();
        if !errors.is_empty() {
            failed += 1;
        }
        reporter.report(errors);
    }
    match args.format {
        Format::Csv => print!("{}", to_csv(&rows)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
        ),
        Format::Table => {
            print!("{}", table(&rows, today));
            let overdue = rows.iter().filter(|r| r.overdue(today)).count();
            reporter.note(&format!(
                "{} ({} open, {} overdue) as of {today}",
                plural(rows.len(), "ask"),
                rows.iter().filter(|r| r.status == AskStatus::Open).count(),
                overdue
            ));
        }
    }
    reporter.exit_code(failed)
}

/// Aligned columns; the action cut to fit a line.
fn table(rows: &[AskRow], today: NaiveDate) -> String {
    let cut = |s: &str, n: usize| -> String {
        if s.chars().count() > n {
            s.chars().take(n - 1).chain(['…']).collect()
        } else {
            s.to_string()
        }
    };
    let when = |r: &AskRow| match (r.days_left(today), r.status) {
        (None, _) => "-".to_string(),
        (Some(_), s) if s != AskStatus::Open => "-".to_string(),
        (Some(0), _) => "due today".to_string(),
        (Some(d), _) if d > 0 => format!("{} left", plural(d as usize, "day")),
        (Some(d), _) => format!("{} overdue", plural(d.unsigned_abs() as usize, "day")),
    };
    // Briefs and recipients are printed whole, however long: the list is for finding them.
    let brief_w = rows
        .iter()
        .map(|r| r.brief.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let to_w = rows
        .iter()
        .map(|r| r.to.chars().count())
        .max()
        .unwrap_or(0)
        .max(2);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<brief_w$}  {:<to_w$}  {:<48}  {:<10}  {:<16}  STATUS",
        "BRIEF", "TO", "ACTION", "BY", "WHEN"
    );
    for r in rows {
        let by = r.by.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "{:<brief_w$}  {:<to_w$}  {:<48}  {:<10}  {:<16}  {}",
            r.brief,
            r.to,
            cut(&r.action, 48),
            by,
            when(r),
            r.status
        );
    }
    out
}
