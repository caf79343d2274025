//! `brief watch`: rebuild whenever a brief, the workspace file, the library, a template or an
//! asset changes. The process stays alive, so Typst's caches stay warm and a rebuild after a
//! small edit costs a fraction of a cold build. A failed rebuild reports and keeps the last PDF.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::build::{compile_all, Args as BuildArgs};
use super::{plural, Format, Loader, Reporter};
use crate::diagnostic::display_path;
use crate::pdf::Standard;

/// Arguments of `brief watch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A brief, or a folder of briefs [default: the workspace's briefs/ folder]
    path: Option<PathBuf>,
    /// Where PDFs go [default: the workspace's [output] dir, else ./out]
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also conform to this standard (PDF/UA-1 is always on)
    #[arg(long, value_enum, value_name = "STANDARD")]
    pdf_standard: Vec<Standard>,
}

/// How often to look for changes.
const POLL: Duration = Duration::from_millis(50);

/// Watch until interrupted.
pub fn run(args: Args) -> i32 {
    let build_args = BuildArgs {
        paths: args.path.iter().cloned().collect(),
        out: args.out,
        pdf_standard: args.pdf_standard,
        format: Format::Human,
        quiet: false,
        verbose: true,
        jobs: None,
    };
    let mut reporter = Reporter::new(Format::Human);
    let mut seen: HashMap<PathBuf, Option<SystemTime>> = HashMap::new();
    let mut first = true;
    let mut shared: Vec<PathBuf> = Vec::new();
    let mut shared_stale = true;
    loop {
        let briefs = match crate::load::brief_paths(&build_args.paths) {
            Ok(p) => p,
            Err(d) => {
                if first {
                    reporter.report(vec![d]);
                    return super::exit::ENVIRONMENT;
                }
                std::thread::sleep(POLL);
                continue;
            }
        };
        // The files every brief shares are listed again only after a build, since a change to
        // briefs.toml can change the list; between builds a poll is one stat per file.
        if first || shared_stale {
            shared = shared_files(&briefs);
            shared_stale = false;
        }
        let stamps: HashMap<PathBuf, Option<SystemTime>> = briefs
            .iter()
            .chain(&shared)
            .map(|p| (p.clone(), modified(p)))
            .collect();
        let changed_shared = shared.iter().any(|p| seen.get(p) != stamps.get(p));
        let to_build: Vec<PathBuf> = briefs
            .iter()
            .filter(|p| first || changed_shared || seen.get(*p) != stamps.get(*p))
            .cloned()
            .collect();
        seen = stamps;
        if !to_build.is_empty() {
            shared_stale = true;
            let started = Instant::now();
            // The workspace may have changed: load it afresh; Typst's caches live on regardless.
            let mut loader = Loader::default();
            let prepared = to_build
                .iter()
                .map(|p| (p.clone(), loader.prepare(p)))
                .collect();
            let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
            let outcomes = compile_all(prepared, &build_args, jobs, false);
            let verb = if first { "built" } else { "rebuilt" };
            for o in outcomes {
                reporter.report(o.diagnostics);
                match o.built {
                    Some((target, pages)) => reporter.note(&format!(
                        "{verb} {} ({}) in {} ms",
                        display_path(&target).display(),
                        plural(pages, "page"),
                        o.took.as_millis()
                    )),
                    None => reporter.note(&format!(
                        "{} has errors; the last good PDF is kept",
                        display_path(&o.path).display()
                    )),
                }
            }
            if first {
                reporter.note(&format!(
                    "watching {} (ready in {} ms); press Ctrl-C to stop",
                    plural(briefs.len(), "brief"),
                    started.elapsed().as_millis()
                ));
            }
            // Keep memory bounded over a long session: drop cache entries unused for a while.
            typst::comemo::evict(10);
            first = false;
        }
        std::thread::sleep(POLL);
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Files every brief depends on: the workspace file, its library files, and everything under
/// the workspace's `assets/` and `templates/` folders (logos, images, custom templates).
fn shared_files(briefs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Some(first) = briefs.first() else {
        return out;
    };
    let loaded = crate::load::workspace(first);
    let Some(ws) = loaded.value else {
        // The workspace file does not load: watch it, so fixing it rebuilds.
        if let Some(dir) = crate::load::find_root(first) {
            out.push(dir.join("briefs.toml"));
        }
        return out;
    };
    if ws.file.is_some() {
        out.push(ws.root.join("briefs.toml"));
    }
    out.extend(ws.library_files.iter().cloned());
    for dir in ["assets", "templates"] {
        collect(&ws.root.join(dir), &mut out);
    }
    out.sort();
    out.dedup();
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}
