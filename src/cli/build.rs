//! `brief build`: check each brief, typeset it, and write `NAME.pdf`. Briefs compile in parallel
//! on every core, sharing the embedded fonts and Typst's caches; one bad brief does not stop the
//! others.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::{exit, plural, Format, Loader, Prepared, Reporter};
use crate::diagnostic::{display_path, Diagnostic};
use crate::pdf::Standard;

/// Arguments of `brief build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Brief files or folders of them [default: the workspace's briefs/ folder]
    pub paths: Vec<PathBuf>,
    /// Where PDFs go [default: the workspace's [output] dir, else ./out]
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
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
}

/// What became of one brief.
pub struct Outcome {
    /// The brief's path as given.
    pub path: PathBuf,
    /// Its problems, and Typst's warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The PDF written and its page count, when it built.
    pub built: Option<(PathBuf, usize)>,
    /// Time spent compiling and writing.
    pub took: Duration,
}

/// Build each brief; exit 1 if any failed.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(args.format);
    let Some(paths) = reporter.briefs(&args.paths) else {
        return exit::ENVIRONMENT;
    };
    let started = Instant::now();
    let mut loader = Loader::default();
    let mut prepared: Vec<(PathBuf, Prepared)> = paths
        .iter()
        .map(|p| (p.clone(), loader.prepare(p)))
        .collect();
    // Two briefs named alike in different folders would overwrite each other's PDF.
    let mut targets: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (path, p) in &mut prepared {
        let Some((_, ws)) = &p.brief else { continue };
        let target = out_dir(args.out.as_deref(), ws).join(pdf_name(path));
        let target = std::path::absolute(&target).unwrap_or(target);
        if let Some((_, other)) = targets.iter().find(|(t, _)| *t == target) {
            let problem = crate::diagnostic::Problem::SameOutput {
                pdf: display_path(&target).display().to_string(),
                other: display_path(other).display().to_string(),
            };
            p.diagnostics.push(Diagnostic::about(problem, path));
        } else {
            targets.push((target, path.clone()));
        }
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let progress = !args.quiet && paths.len() > 1 && std::io::stderr().is_terminal();
    let outcomes = compile_all(prepared, &args, jobs, progress);

    let mut failed = 0;
    let mut out_dirs: Vec<PathBuf> = Vec::new();
    for o in outcomes {
        reporter.report(o.diagnostics);
        match o.built {
            Some((target, pages)) => {
                if let Some(dir) = target.parent().map(Path::to_path_buf) {
                    if !out_dirs.contains(&dir) {
                        out_dirs.push(dir);
                    }
                }
                if !args.quiet {
                    let took = if args.verbose {
                        format!(" in {} ms", o.took.as_millis())
                    } else {
                        String::new()
                    };
                    reporter.note(&format!(
                        "built {} ({}){took}",
                        display_path(&target).display(),
                        plural(pages, "page")
                    ));
                }
            }
            None => {
                failed += 1;
                if !args.quiet {
                    reporter.note(&format!("failed {}", display_path(&o.path).display()));
                }
            }
        }
    }
    if !args.quiet && paths.len() > 1 {
        let dirs: Vec<String> = out_dirs
            .iter()
            .map(|d| display_path(d).display().to_string())
            .collect();
        let place = if dirs.is_empty() {
            String::new()
        } else {
            format!(" into {}", dirs.join(", "))
        };
        reporter.note(&format!(
            "built {}{place}, {} failed, in {:.1} s",
            plural(paths.len() - failed, "brief"),
            failed,
            started.elapsed().as_secs_f64()
        ));
    }
    reporter.exit_code(failed)
}

/// Compile every prepared brief on `jobs` threads; outcomes come back in input order.
pub fn compile_all(
    prepared: Vec<(PathBuf, Prepared)>,
    args: &Args,
    jobs: usize,
    progress: bool,
) -> Vec<Outcome> {
    let total = prepared.len();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Outcome>>> = (0..total).map(|_| Mutex::new(None)).collect();
    let work: Vec<Mutex<Option<(PathBuf, Prepared)>>> =
        prepared.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let worker = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= total {
            break;
        }
        let Some((path, prepared)) = work[i].lock().ok().and_then(|mut w| w.take()) else {
            continue;
        };
        let outcome = compile_one(path, prepared, args);
        let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
        if progress {
            draw_progress(finished, total, &outcome.path);
        }
        if let Ok(mut slot) = slots[i].lock() {
            *slot = Some(outcome);
        }
    };
    // This thread is one of the workers: building one brief spawns no thread at all.
    std::thread::scope(|scope| {
        for _ in 1..jobs.min(total) {
            scope.spawn(worker);
        }
        worker();
    });
    if progress {
        // Clear the bar before the report.
        let _ = write!(std::io::stderr(), "\r\x1b[2K");
    }
    slots
        .into_iter()
        .filter_map(|s| s.into_inner().ok().flatten())
        .collect()
}

fn compile_one(path: PathBuf, prepared: Prepared, args: &Args) -> Outcome {
    let start = Instant::now();
    let ok = prepared.ok();
    let mut diagnostics = prepared.diagnostics;
    let mut built = None;
    if let (Some((brief, ws)), true) = (&prepared.brief, ok) {
        match crate::pdf::build(brief, ws, &args.pdf_standard) {
            Ok(out) => {
                diagnostics.extend(out.warnings);
                let target = out_dir(args.out.as_deref(), ws).join(pdf_name(&path));
                match crate::pdf::write_atomic(&target, &out.pdf) {
                    Ok(()) => built = Some((target, out.pages)),
                    Err(d) => diagnostics.push(d),
                }
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    Outcome {
        path,
        diagnostics,
        built,
        took: start.elapsed(),
    }
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

/// `briefs/x.toml` → `x.pdf`.
pub fn pdf_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "brief".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from(format!("{stem}.pdf"))
}

/// `-o`, else the workspace's `[output] dir`, else `./out`.
pub fn out_dir(cli: Option<&Path>, ws: &crate::model::Workspace) -> PathBuf {
    match (cli, &ws.output_dir, &ws.file) {
        (Some(dir), _, _) => dir.to_path_buf(),
        (None, Some(dir), Some(_)) => ws.root.join(dir),
        _ => PathBuf::from("out"),
    }
}
