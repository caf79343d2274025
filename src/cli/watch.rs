//! `brief watch`: rebuild a brief whenever a file its last build read changes (the loop is
//! [`crate::project::watch`]); print what each rebuild wrote, or its problems. A failed rebuild
//! keeps the last PDF.

use std::path::PathBuf;

use super::build::Args as BuildArgs;
use super::{exit, plural, Format, Reporter};
use crate::diagnostic::display_path;
use crate::edition::pdf::Standard;
use crate::model::Edition;
use crate::project::watch::{Round, WatchError};

/// Arguments of `brief watch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A brief, or a folder of briefs [default: the workspace's briefs/ folder]
    path: Option<PathBuf>,
    /// Where PDFs go [default: the workspace's [output] dir, else ./out]
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The editions to write, comma-separated: pdf, html, docx [default: the workspace's
    /// [output] formats, else pdf]
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
    to: Vec<Edition>,
    /// Also conform to this standard (PDF/UA-1 is always on)
    #[arg(long, value_enum, value_name = "STANDARD")]
    pdf_standard: Vec<Standard>,
}

/// Watch until interrupted.
pub fn run(args: Args) -> i32 {
    let build_args = BuildArgs {
        paths: args.path.iter().cloned().collect(),
        out: args.out,
        to: args.to,
        pdf_standard: args.pdf_standard,
        format: Format::Human,
        quiet: false,
        verbose: true,
        jobs: None,
        row: None,
        shard: None,
    };
    let mut reporter = Reporter::new(Format::Human);
    let error = crate::project::watch::watch(
        &build_args.paths,
        &build_args.options(),
        None,
        &mut |round| {
            report(&mut reporter, &round);
            if round.first {
                reporter.note(&format!(
                    "watching {} (ready in {} ms); press Ctrl-C to stop",
                    plural(round.built.len().max(round.briefs.len()), "brief"),
                    round.took.unwrap_or_default().as_millis()
                ));
            }
        },
    );
    failed(&mut reporter, error)
}

/// Print what a round wrote, each brief's problems, and which briefs failed.
pub fn report(reporter: &mut Reporter, round: &Round) {
    if let Some(d) = &round.failure {
        reporter.report(vec![d.clone()]);
    }
    let verb = if round.first { "built" } else { "rebuilt" };
    for (o, _) in &round.built {
        reporter.report(o.diagnostics.clone());
        for w in &o.written {
            reporter.note(&format!(
                "{verb} {}{} in {} ms",
                display_path(&w.path).display(),
                super::build::pages_of(w),
                o.took.as_millis()
            ));
        }
        if o.written.is_empty() {
            reporter.note(&format!(
                "{} has errors; the last good output is kept",
                display_path(&o.path).display()
            ));
        }
    }
}

/// Report why a watch could not start; the exit code.
pub fn failed(reporter: &mut Reporter, error: WatchError) -> i32 {
    match error {
        WatchError::Notify(e) => reporter.note(&format!("error: cannot watch files: {e}")),
        WatchError::Paths(d) => reporter.report(vec![d]),
    }
    exit::ENVIRONMENT
}
