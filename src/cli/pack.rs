//! `brief pack`: one PDF (or Word file) for a meeting: a cover, a contents page, then each brief
//! in the given order in its own layout.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{exit, plural, Format, Reporter};
use crate::diagnostic::display_path;
use crate::edition::pdf::Standard;
use crate::project::PackOptions;

/// Arguments of `brief pack`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefs in the order they go in the pack (files, or folders of them)
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The pack's file: a PDF, or a Word file when it ends in .docx
    #[arg(short, long, value_name = "FILE.pdf|FILE.docx")]
    out: PathBuf,
    /// Title on the cover [default: "Briefing pack"]
    #[arg(long)]
    title: Option<String>,
    /// A line under the title, e.g. the meeting
    #[arg(long)]
    subtitle: Option<String>,
    /// Date on the cover, YYYY-MM-DD [default: the latest brief's date]
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Who the pack is for (repeat for several)
    #[arg(long)]
    audience: Vec<String>,
    /// Also conform to this standard (PDF/UA-1 is always on)
    #[arg(long, value_enum, value_name = "STANDARD")]
    pdf_standard: Vec<Standard>,
}

/// A day as written on the command line, `YYYY-MM-DD`.
pub(super) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date like 2024-03-07, found \"{s}\""))
}

/// Build the pack; nothing is written unless every brief builds.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(Format::Human);
    let Some(project) = reporter.open(&args.paths) else {
        return exit::ENVIRONMENT;
    };
    let options = PackOptions {
        out: args.out,
        title: args.title,
        subtitle: args.subtitle,
        date: args.date,
        audience: args.audience,
        standards: args.pdf_standard,
    };
    let packed = project.pack(&options);
    reporter.report(packed.diagnostics);
    match packed.written {
        Some((briefs, pages)) => {
            let pages = pages.map_or(String::new(), |p| format!(" ({})", plural(p, "page")));
            reporter.note(&format!(
                "packed {} into {}{pages}",
                plural(briefs, "brief"),
                display_path(&options.out).display(),
            ));
            exit::OK
        }
        None if packed.failed > 0 => {
            reporter.note(&format!(
                "no pack written: {} failed",
                plural(packed.failed, "brief")
            ));
            exit::FAILED
        }
        None => reporter.exit_code(1),
    }
}
