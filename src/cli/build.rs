//! `brief build`: check each brief, and write `NAME.pdf` and/or `NAME.html`, in parallel on
//! every core; one bad brief does not stop the others.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{exit, plural, Format, Reporter};
use crate::diagnostic::display_path;
use crate::edition::pdf::Standard;
use crate::model::{Choice, Edition};
use crate::project::{BuildOptions, Outcome};

/// Arguments of `brief build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Brief files or folders of them [default: the workspace's briefs/ folder]
    pub paths: Vec<PathBuf>,
    /// Where PDFs go [default: the workspace's [output] dir, else ./out]
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The editions to write, comma-separated: pdf, html, docx [default: the workspace's
    /// [output] formats, else pdf]
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
    pub to: Vec<Edition>,
    /// Also conform to this standard (PDF/UA-1 is always on)
    #[arg(long, value_enum, value_name = "STANDARD")]
    pub pdf_standard: Vec<Standard>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Print only problems: no progress, no summary.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print how long each brief took.
    #[arg(short, long)]
    pub verbose: bool,
    /// How many briefs to compile at once [default: the number of cores]
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Of a data brief, build only the row with this key (or the slug of its file name)
    #[arg(long, value_name = "KEY")]
    pub row: Option<String>,
    /// Of a data brief's rows, build the I-th of N parts, rows dealt in turn (for a CI matrix)
    #[arg(long, value_name = "I/N", value_parser = super::parse_shard)]
    pub shard: Option<(usize, usize)>,
}

impl Args {
    /// The library's build options these arguments ask for.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            out: self.out.clone(),
            standards: self.pdf_standard.clone(),
            jobs: self.jobs,
            formats: (!self.to.is_empty()).then(|| self.to.clone()),
        }
    }

    /// The rows of data briefs to build.
    pub fn rows(&self) -> crate::project::RowChoice {
        crate::project::RowChoice {
            only: self.row.clone(),
            shard: self.shard,
        }
    }
}

/// Build each brief; exit 1 if any failed.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(args.format);
    let Some(project) = reporter.open_rows(&args.paths, args.rows()) else {
        return exit::ENVIRONMENT;
    };
    let started = Instant::now();
    let rows = project.entries().iter().any(|e| e.row.is_some());
    let total = project.entries().len();
    let bar = !args.quiet && total > 1 && std::io::stderr().is_terminal();
    let progress = move |done: usize, total: usize, path: &Path| {
        if bar {
            draw_progress(done, total, path);
        }
    };
    let outcomes = project.build(&args.options(), &progress);
    if bar {
        // Clear the bar before the report.
        let _ = write!(std::io::stderr(), "\r\x1b[2K");
    }
    let summary = report(&mut reporter, outcomes, &args, "built");
    if !args.quiet && total > 1 {
        let dirs: Vec<String> = summary
            .dirs
            .iter()
            .map(|d| display_path(d).display().to_string())
            .collect();
        let place = if dirs.is_empty() {
            String::new()
        } else {
            format!(" into {}", dirs.join(", "))
        };
        // Count each kind written when there is more than one.
        let kinds: Vec<String> = summary
            .written
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(e, n)| plural(*n, e.maker().noun()))
            .collect();
        let kinds = match kinds.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!(" ({} and {last})", rest.join(", ")),
            _ => String::new(),
        };
        reporter.note(&format!(
            "built {}{kinds}{place}, {} failed, in {:.1} s",
            plural(
                total - summary.failed,
                if rows { "edition" } else { "brief" }
            ),
            summary.failed,
            started.elapsed().as_secs_f64()
        ));
    }
    reporter.exit_code(summary.failed)
}

/// What a build printed, for its summary line.
pub struct Summary {
    /// How many briefs failed.
    pub failed: usize,
    /// The folders outputs were written to.
    pub dirs: Vec<PathBuf>,
    /// How many files of each edition were written, in the editions' order.
    pub written: Vec<(Edition, usize)>,
}

/// Print each outcome: its problems, then a line saying what was written or that it failed.
pub fn report(reporter: &mut Reporter, outcomes: Vec<Outcome>, args: &Args, verb: &str) -> Summary {
    let mut summary = Summary {
        failed: 0,
        dirs: Vec::new(),
        written: Edition::ALL.iter().map(|e| (*e, 0)).collect(),
    };
    for o in outcomes {
        reporter.report(o.diagnostics);
        if o.written.is_empty() {
            summary.failed += 1;
            if !args.quiet {
                let row = o
                    .row
                    .as_ref()
                    .map_or(String::new(), |r| format!(", row \"{}\"", r.key));
                reporter.note(&format!("failed {}{row}", display_path(&o.path).display()));
            }
        }
        for w in &o.written {
            if let Some(dir) = w.path.parent().map(Path::to_path_buf) {
                if !summary.dirs.contains(&dir) {
                    summary.dirs.push(dir);
                }
            }
            if let Some((_, n)) = summary.written.iter_mut().find(|(e, _)| *e == w.edition) {
                *n += 1;
            }
            if !args.quiet {
                let took = if args.verbose {
                    format!(" in {} ms", o.took.as_millis())
                } else {
                    String::new()
                };
                reporter.note(&format!(
                    "{verb} {}{}{took}",
                    display_path(&w.path).display(),
                    pages_of(w)
                ));
            }
        }
    }
    summary
}

/// " (2 pages)" for a PDF.
pub fn pages_of(w: &crate::project::Written) -> String {
    w.pages
        .map(|p| format!(" ({})", plural(p, "page")))
        .unwrap_or_default()
}

fn draw_progress(done: usize, total: usize, path: &Path) {
    const WIDTH: usize = 30;
    let filled = WIDTH * done / total.max(1);
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let _ = write!(
        std::io::stderr(),
        "\r\x1b[2K[{}{}] {done}/{total} {name}",
        "=".repeat(filled),
        " ".repeat(WIDTH - filled)
    );
}
