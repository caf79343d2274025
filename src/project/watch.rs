//! Rebuilding on every save, shared by `brief watch` and `brief serve`: each round builds the
//! briefs a file their last build read changed in (everything, the first time), then waits for
//! the next change. What a build read is the [`Outcome::inputs`] of its last build: the brief,
//! the workspace's `briefs.toml`, library and words, its fonts, and everything Typst opened (a
//! custom template and the files it imports, images, a `.csl` style). Changes come from the
//! system's file notifications (polling where there are none). The process stays alive, so
//! Typst's caches stay warm and a rebuild after a small edit costs a fraction of a cold build.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify::{EventKind, RecursiveMode, Watcher};

use super::signoff::Standing;
use super::{BuildOptions, Outcome, Project, RowChoice};
use crate::diagnostic::Diagnostic;
use crate::model::{Brief, Edition};
use crate::paths::absolute;

/// How long a burst of changes (an editor's save) settles before a rebuild: a file written in
/// place may still be half written.
const SETTLE: Duration = Duration::from_millis(30);
/// How long it settles once a file was closed after writing or renamed into place (the save is
/// whole; an editor that writes a backup too does so within this).
const SETTLE_WHOLE: Duration = Duration::from_millis(4);
/// How often to look at files where the system sends no notifications.
const POLL: Duration = Duration::from_millis(200);

/// What one round of a watch did.
pub struct Round<'a> {
    /// Whether it is the first round (every brief built).
    pub first: bool,
    /// Every brief the paths name now, as found.
    pub briefs: &'a [PathBuf],
    /// The briefs built this round, with the brief as loaded (`None` when it did not load).
    pub built: Vec<(Outcome, Option<Brief>)>,
    /// Why the briefs could not be opened this round (then none was built).
    pub failure: Option<Diagnostic>,
    /// How long the round's builds took, when it built anything.
    pub took: Option<Duration>,
    /// Where each brief built this round that renders stands against its last sign-off.
    pub standings: Vec<Standing>,
    /// Whether it built only the pages open in a browser, ahead of the rest (which follows in
    /// a round of its own): a data brief's rows not built are not gone.
    pub partial: bool,
}

impl<'a> Round<'a> {
    /// A round that has built nothing yet.
    fn new(briefs: &'a [PathBuf], first: bool, partial: bool) -> Round<'a> {
        Round {
            first,
            briefs,
            built: Vec::new(),
            failure: None,
            took: None,
            standings: Vec::new(),
            partial,
        }
    }
}

/// Why a watch could not start.
#[derive(Debug)]
pub enum WatchError {
    /// The system refused to watch files (and polling could not start either).
    Notify(notify::Error),
    /// The paths name no brief at the start.
    Paths(Diagnostic),
}

/// The pages open in a browser (`serve`): each brief's path, absolute, and for a data brief's
/// row, its key. They are rebuilt first.
pub type Viewed<'a> = &'a dyn Fn() -> Vec<(PathBuf, Option<String>)>;

/// Build the briefs `paths` name, then rebuild on every change, calling `on_round` after each
/// round; returns only when it cannot start.
pub fn watch(
    paths: &[PathBuf],
    options: &BuildOptions,
    viewed: Option<Viewed>,
    on_round: &mut dyn FnMut(Round),
) -> WatchError {
    let (tx, rx) = channel();
    let mut files = match Files::new(tx) {
        Ok(f) => f,
        Err(e) => return WatchError::Notify(e),
    };
    // What each brief's last build read.
    let mut inputs: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
    let mut first = true;
    loop {
        let briefs = match crate::load::brief_paths(paths, &mut crate::load::library_files) {
            Ok(p) => p,
            Err(d) if first => return WatchError::Paths(d),
            Err(_) => {
                // A folder emptied for a moment: wait for it to fill again.
                changed = wait(&rx, BTreeSet::new());
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
        let mut round = Round::new(&briefs, first, false);
        if !to_build.is_empty() {
            let started = Instant::now();
            build_round(&to_build, options, viewed, &mut round, on_round);
            remember(&round, &mut inputs);
            round.took = Some(started.elapsed());
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
        on_round(round);
        first = false;
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
        // Those settle too: the save may still be under way.
        changed = wait(&rx, late);
    }
}

/// The options of a round's first part, the web page alone, when the web page is one of several
/// editions asked for by name (`serve`, `watch --to pdf,html`); `None` otherwise.
fn page_first(options: &BuildOptions) -> Option<BuildOptions> {
    let formats = options.formats.as_ref()?;
    if !formats.contains(&Edition::Html) || formats.len() < 2 {
        return None;
    }
    Some(BuildOptions {
        formats: Some(vec![Edition::Html]),
        ..options.clone()
    })
}

/// Build a round's briefs into `round`, the web pages first when the web page is one of several
/// editions (it is what a writer looks at), and `on_round` hears of them at once. Without
/// `viewed` (`watch`), every page first, then the other editions. With it (`serve`), only the
/// pages open in a browser (of a data brief, only the rows open), then everything else, every
/// edition; no page open, everything at once. Not in the first round, which builds everything.
fn build_round<'a>(
    to_build: &[PathBuf],
    options: &BuildOptions,
    viewed: Option<Viewed>,
    round: &mut Round<'a>,
    on_round: &mut dyn FnMut(Round),
) {
    let Some(page) = page_first(options).filter(|_| !round.first) else {
        return build_into(to_build, options, round);
    };
    let started = Instant::now();
    let mut early = Round::new(round.briefs, false, viewed.is_some());
    let rest = match viewed {
        None => {
            build_into(to_build, &page, &mut early);
            let formats = options.formats.iter().flatten().copied();
            BuildOptions {
                formats: Some(formats.filter(|e| *e != Edition::Html).collect()),
                ..options.clone()
            }
        }
        Some(viewed) => {
            let building: Vec<PathBuf> = to_build.iter().map(|b| absolute(b)).collect();
            let open: Vec<(PathBuf, Option<String>)> = viewed()
                .into_iter()
                .filter(|(source, _)| building.contains(source))
                .collect();
            if open.is_empty() {
                return build_into(to_build, options, round);
            }
            build_open(open, &page, &mut early);
            options.clone()
        }
    };
    if early.failure.is_some() || early.built.iter().any(|(o, _)| !o.ok()) {
        // All the pages failed as the rest would: said once. Some pages failed: shown with
        // the whole round's problems.
        if !early.partial {
            *round = early;
            return;
        }
    } else {
        early.took = Some(started.elapsed());
        on_round(early);
    }
    build_into(to_build, &rest, round);
}

/// The pages open, into `early`: the briefs together, each data brief's row as a project of
/// that row alone.
fn build_open(open: Vec<(PathBuf, Option<String>)>, page: &BuildOptions, early: &mut Round) {
    let (briefs, rows): (Vec<_>, Vec<_>) = open.into_iter().partition(|(_, row)| row.is_none());
    let briefs: Vec<PathBuf> = briefs.into_iter().map(|(source, _)| source).collect();
    if !briefs.is_empty() {
        build_into(&briefs, page, early);
    }
    for (source, row) in rows {
        let mut one = Round::new(early.briefs, false, true);
        let only = RowChoice {
            only: row,
            shard: None,
        };
        build_rows_into(&[source], page, only, &mut one);
        early.built.extend(one.built);
        early.standings.extend(one.standings);
        early.failure = early.failure.take().or(one.failure);
    }
}

/// Load the briefs afresh (the workspace may have changed; Typst's caches live on regardless)
/// and build them into `round`.
fn build_into(to_build: &[PathBuf], options: &BuildOptions, round: &mut Round) {
    build_rows_into(to_build, options, RowChoice::default(), round);
}

/// [`build_into`], of each data brief the rows `rows` chooses.
fn build_rows_into(
    to_build: &[PathBuf],
    options: &BuildOptions,
    rows: RowChoice,
    round: &mut Round,
) {
    match Project::open_rows(to_build, rows) {
        Ok(project) => {
            let loaded: Vec<Option<Brief>> = project
                .entries()
                .iter()
                .map(|e| e.brief().cloned())
                .collect();
            round.standings = project.standings();
            let outcomes = project.build(options, &|_, _, _| {});
            round.built = outcomes.into_iter().zip(loaded).collect();
        }
        Err(d) => round.failure = Some(d),
    }
}

/// What each brief built this round read, and its sign-offs' folder: a sign-off recorded while
/// watching changes what the preview says of the brief.
fn remember(round: &Round, inputs: &mut HashMap<PathBuf, Vec<PathBuf>>) {
    for (o, _) in &round.built {
        let mut read = o.inputs.clone();
        let signoffs = round.standings.iter().find(|s| s.path == o.path);
        read.extend(signoffs.map(|s| absolute(&s.folder)));
        inputs.insert(absolute(&o.path), read);
    }
}

/// Whether a change to any of `changed` affects a file a build read: the file itself, or a file
/// in a folder the build listed (`assets/fonts/`, `assets/i18n/`).
fn affects(changed: &BTreeSet<PathBuf>, read: &Path) -> bool {
    changed
        .iter()
        .any(|c| c == read || c.parent() == Some(read))
}

/// Block until files change (unless some already have: `changed`), then until the burst
/// settles; the changed paths, absolute.
fn wait(
    rx: &Receiver<notify::Result<notify::Event>>,
    mut changed: BTreeSet<PathBuf>,
) -> BTreeSet<PathBuf> {
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    // A file closed after writing, or renamed into place, is whole: the burst is nearly over.
    let mut whole = false;
    // A file written in place is empty between its truncation and its new text, where the next
    // save of a quick succession may be: it gets a moment more, once.
    let mut looked_again = false;
    loop {
        let timeout = match (changed.is_empty(), whole) {
            (true, _) => Duration::from_secs(3600),
            (false, true) => SETTLE_WHOLE,
            (false, false) => SETTLE,
        };
        match rx.recv_timeout(timeout) {
            Ok(Ok(event)) => {
                let done = matches!(
                    event.kind,
                    EventKind::Access(AccessKind::Close(AccessMode::Write))
                        | EventKind::Modify(ModifyKind::Name(_))
                        | EventKind::Create(_)
                );
                // Reading a file is no change (the build itself opens every input).
                if matches!(event.kind, EventKind::Access(_)) && !done {
                    continue;
                }
                whole |= done;
                changed.extend(event.paths.iter().map(|p| absolute(p)));
            }
            // A watch error (a folder removed) is no change to build on.
            Ok(Err(_)) => {}
            Err(RecvTimeoutError::Timeout) if !changed.is_empty() => {
                let empty =
                    |p: &PathBuf| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == 0);
                if looked_again || !changed.iter().any(empty) {
                    return changed;
                }
                looked_again = true;
                whole = false;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return changed,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    use std::sync::mpsc::channel;

    fn event(kind: EventKind, path: &Path) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(path.to_path_buf()))
    }

    #[test]
    fn a_file_truncated_for_a_new_save_gets_a_moment_more() {
        let dir = std::env::temp_dir().join(format!("brief-wait-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("b.toml");
        std::fs::write(&file, "").unwrap();
        let (tx, rx) = channel();
        // The save's truncation and close were seen; its text comes 15 ms later.
        tx.send(event(EventKind::Modify(ModifyKind::Any), &file))
            .unwrap();
        tx.send(event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            &file,
        ))
        .unwrap();
        let writer = {
            let file = file.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(15));
                std::fs::write(&file, "title = \"x\"\n").unwrap();
                tx.send(event(
                    EventKind::Access(AccessKind::Close(AccessMode::Write)),
                    &file,
                ))
                .unwrap();
                // Keep the sender: a closed channel ends the wait at once.
                std::thread::sleep(Duration::from_millis(200));
            })
        };
        let changed = wait(&rx, BTreeSet::new());
        assert!(changed.contains(&absolute(&file)));
        assert!(!std::fs::read_to_string(&file).unwrap().is_empty());
        writer.join().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn files_changed_during_a_build_settle_before_the_next() {
        let (tx, rx) = channel::<notify::Result<notify::Event>>();
        let late: BTreeSet<PathBuf> = [PathBuf::from("/ws/briefs/b.toml")].into();
        let started = Instant::now();
        let changed = wait(&rx, late.clone());
        assert_eq!(changed, late);
        assert!(started.elapsed() >= SETTLE);
        drop(tx);
    }
}
