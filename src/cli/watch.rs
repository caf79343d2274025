//! `brief watch`: rebuild a brief whenever a file its last build read changes: the brief, the
//! workspace's `briefs.toml`, library and words, its fonts, and everything Typst opened (a custom
//! template and the files it imports, images, a `.csl` style). Changes come from the system's
//! file notifications (polling where there are none). The process stays alive, so Typst's caches
//! stay warm and a rebuild after a small edit costs a fraction of a cold build. A failed rebuild
//! reports and keeps the last PDF.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify::{EventKind, RecursiveMode, Watcher};

use super::build::Args as BuildArgs;
use super::{exit, plural, Format, Reporter};
use crate::diagnostic::display_path;
use crate::model::Edition;
use crate::pdf::Standard;
use crate::project::Project;

/// Arguments of `brief watch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A brief, or a folder of briefs [default: the workspace's briefs/ folder]
    path: Option<PathBuf>,
    /// Where PDFs go [default: the workspace's [output] dir, else ./out]
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The editions to write, comma-separated: pdf, html or both [default: the workspace's
    /// [output] formats, else pdf]
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
    to: Vec<Edition>,
    /// Also conform to this standard (PDF/UA-1 is always on)
    #[arg(long, value_enum, value_name = "STANDARD")]
    pdf_standard: Vec<Standard>,
}

/// How long a burst of changes (an editor's save) settles before a rebuild.
const SETTLE: Duration = Duration::from_millis(30);
/// How often to look at files where the system sends no notifications.
const POLL: Duration = Duration::from_millis(200);

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
    };
    let mut reporter = Reporter::new(Format::Human);
    let (tx, rx) = channel();
    let mut files = match Files::new(tx) {
        Ok(f) => f,
        Err(e) => {
            reporter.note(&format!("error: cannot watch files: {e}"));
            return exit::ENVIRONMENT;
        }
    };
    // What each brief's last build read.
    let mut inputs: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
    let mut first = true;
    loop {
        let briefs =
            match crate::load::brief_paths(&build_args.paths, &mut crate::load::library_files) {
                Ok(p) => p,
                Err(d) => {
                    if first {
                        reporter.report(vec![d]);
                        return exit::ENVIRONMENT;
                    }
                    // A folder emptied for a moment: wait for it to fill again.
                    changed = wait(&rx);
                    continue;
                }
            };
        let to_build: Vec<PathBuf> = briefs
            .iter()
            .filter(|b| match inputs.get(&absolute(b)) {
                None => true,
                Some(read) => read.iter().any(|f| affects(&changed, f)),
            })
            .cloned()
            .collect();
        inputs.retain(|b, _| briefs.iter().any(|p| absolute(p) == *b));
        let build_started = SystemTime::now();
        let mut ready = None;
        if !to_build.is_empty() {
            let started = Instant::now();
            // The workspace may have changed: load it afresh; Typst's caches live on regardless.
            let outcomes = match Project::open(&to_build) {
                Ok(project) => project.build(&build_args.options(), &|_, _, _| {}),
                Err(d) => {
                    reporter.report(vec![d]);
                    Vec::new()
                }
            };
            let verb = if first { "built" } else { "rebuilt" };
            for o in outcomes {
                inputs.insert(absolute(&o.path), o.inputs.clone());
                let path = o.path.clone();
                let written = o.written.clone();
                reporter.report(o.diagnostics);
                for w in &written {
                    reporter.note(&format!(
                        "{verb} {}{} in {} ms",
                        display_path(&w.path).display(),
                        super::build::pages_of(w),
                        o.took.as_millis()
                    ));
                }
                if written.is_empty() {
                    reporter.note(&format!(
                        "{} has errors; the last good output is kept",
                        display_path(&path).display()
                    ));
                }
            }
            ready = Some(started.elapsed());
            // Keep memory bounded over a long session: drop cache entries unused for a while.
            typst::comemo::evict(10);
        }
        // Watch the folders of everything read, and the folders briefs are found in.
        let mut dirs: BTreeSet<PathBuf> = inputs
            .values()
            .flatten()
            .filter_map(|f| match f.is_dir() {
                true => Some(f.clone()),
                false => f.parent().map(Path::to_path_buf),
            })
            .collect();
        dirs.extend(
            briefs
                .iter()
                .filter_map(|b| absolute(b).parent().map(Path::to_path_buf)),
        );
        files.watch(dirs);
        if first {
            reporter.note(&format!(
                "watching {} (ready in {} ms); press Ctrl-C to stop",
                plural(briefs.len(), "brief"),
                ready.unwrap_or_default().as_millis()
            ));
            first = false;
        }
        // A file saved while the build ran, in a folder not yet watched, sent no event: its time
        // tells.
        let late: BTreeSet<PathBuf> = inputs
            .values()
            .flatten()
            .filter(|f| {
                std::fs::metadata(f)
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t >= build_started)
            })
            .cloned()
            .collect();
        changed = if late.is_empty() { wait(&rx) } else { late };
    }
}

/// Whether a change to any of `changed` affects a file a build read: the file itself, or a file
/// in a folder the build listed (`assets/fonts/`, `assets/i18n/`).
fn affects(changed: &BTreeSet<PathBuf>, read: &Path) -> bool {
    changed
        .iter()
        .any(|c| c == read || c.parent() == Some(read))
}

/// Block until files change, then until the burst settles; the changed paths, absolute.
fn wait(rx: &Receiver<notify::Result<notify::Event>>) -> BTreeSet<PathBuf> {
    let mut changed = BTreeSet::new();
    loop {
        let timeout = if changed.is_empty() {
            Duration::from_secs(3600)
        } else {
            SETTLE
        };
        match rx.recv_timeout(timeout) {
            // Reading a file is no change (the build itself opens every input).
            Ok(Ok(event)) if matches!(event.kind, EventKind::Access(_)) => {}
            Ok(Ok(event)) => changed.extend(event.paths.iter().map(|p| absolute(p))),
            // A watch error (a folder removed) is no change to build on.
            Ok(Err(_)) => {}
            Err(RecvTimeoutError::Timeout) if !changed.is_empty() => return changed,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return changed,
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    abs.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// The system's file notifications, or polling where there are none (some network and
/// container file systems), and the folders watched.
struct Files {
    watcher: Box<dyn Watcher>,
    watched: BTreeSet<PathBuf>,
}

impl Files {
    fn new(tx: std::sync::mpsc::Sender<notify::Result<notify::Event>>) -> notify::Result<Files> {
        let watcher: Box<dyn Watcher> = match notify::recommended_watcher(tx.clone()) {
            Ok(w) => Box::new(w),
            Err(_) => {
                let config = notify::Config::default().with_poll_interval(POLL);
                Box::new(notify::PollWatcher::new(tx, config)?)
            }
        };
        Ok(Files {
            watcher,
            watched: BTreeSet::new(),
        })
    }

    /// Watch these folders (and stop watching folders no longer needed).
    fn watch(&mut self, dirs: BTreeSet<PathBuf>) {
        for gone in self.watched.difference(&dirs) {
            let _ = self.watcher.unwatch(gone);
        }
        self.watched.retain(|d| dirs.contains(d));
        for dir in dirs {
            if !self.watched.contains(&dir)
                && dir.is_dir()
                && self
                    .watcher
                    .watch(&dir, RecursiveMode::NonRecursive)
                    .is_ok()
            {
                self.watched.insert(dir);
            }
        }
    }
}
