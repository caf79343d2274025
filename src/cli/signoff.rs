//! `brief signoff`: record that a brief, as it now reads, was approved.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{exit, Format, Reporter};
use crate::diagnostic::display_path;
use crate::project::signoff::Request;

/// Arguments of `brief signoff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The brief approved
    path: PathBuf,
    /// Who approved it
    #[arg(long, value_name = "NAME")]
    by: String,
    /// What they said, kept with the sign-off
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// When, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = super::pack::parse_date)]
    date: Option<NaiveDate>,
}

/// Sign the brief off; nothing is written for a brief with errors.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(Format::Human);
    let Some(project) = reporter.open(std::slice::from_ref(&args.path)) else {
        return exit::ENVIRONMENT;
    };
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let request = Request {
        by: &args.by,
        note: args.note.as_deref(),
        date,
    };
    match project.sign_off(&request) {
        Ok(file) => {
            reporter.note(&format!(
                "signed off {} by {} on {}: {}",
                display_path(&args.path).display(),
                args.by.trim(),
                date.format("%Y-%m-%d"),
                display_path(&file).display()
            ));
            exit::OK
        }
        Err(diags) => {
            reporter.report(diags);
            reporter.note("not signed off: a brief is signed off as it builds");
            reporter.exit_code(1)
        }
    }
}
