//! Building a project: each brief that passed its checks is written in every edition the build
//! wants (`NAME.pdf`, `NAME.html`…), one thread per core; one bad brief does not stop the others.
//! The editions are [`Maker`]s: this loop knows what they have in common and nothing else.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{workers, Entry, Project};
use crate::diagnostic::{display_path, Diagnostic, Problem};
use crate::edition::pdf::Standard;
use crate::edition::{Edition, Job, Maker};
use crate::model::Workspace;

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Where PDFs go (`-o`); else the workspace's `[output] dir`, else `./out`.
    pub out: Option<PathBuf>,
    /// Standards beyond PDF/UA-1.
    pub standards: Vec<Standard>,
    /// How many briefs to compile at once; `None`: one per core.
    pub jobs: Option<usize>,
    /// The editions to write (`--to`); `None`: the workspace's `[output] formats`, else PDF.
    pub formats: Option<Vec<Edition>>,
}

/// A file a build wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub path: PathBuf,
    pub edition: Edition,
    /// The page count of a PDF.
    pub pages: Option<usize>,
    /// A hash of the bytes written ([`content_hash`]): `serve` sends a page again only when it
    /// came out different.
    pub hash: u64,
}

/// A hash of some bytes, the same in every process (the standard library's SipHash with fixed
/// keys): whether a file or a part of one came out as before.
pub fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// What became of one brief.
pub struct Outcome {
    /// The brief's path as given.
    pub path: PathBuf,
    /// Its problems, and Typst's warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The files written, in the editions' order (the PDF first); empty when it failed (then
    /// nothing was written).
    pub written: Vec<Written>,
    /// Time spent compiling and writing.
    pub took: Duration,
    /// Every file the build read: the brief, its workspace's files, and what Typst opened (a
    /// custom template and its imports, images, a `.csl` style), as full paths.
    pub inputs: Vec<PathBuf>,
    /// For a data brief's row, which.
    pub row: Option<super::RowName>,
}

impl Outcome {
    /// Whether it built.
    pub fn ok(&self) -> bool {
        !self.written.is_empty()
    }
}

impl Project {
    /// Build every brief; outcomes come back in the project's order. `progress` is called after
    /// each brief with (finished, total, path).
    pub fn build(
        self,
        options: &BuildOptions,
        progress: &(dyn Fn(usize, usize, &Path) + Sync),
    ) -> Vec<Outcome> {
        let inputs: Vec<Vec<PathBuf>> = self.briefs.iter().map(|e| self.inputs_of(e)).collect();
        let workspaces: Vec<_> = self
            .briefs
            .iter()
            .map(|e| self.workspace_of(e).cloned())
            .collect();
        // Two briefs named alike in different folders would overwrite each other's files.
        let mut taken: Vec<(PathBuf, PathBuf)> = Vec::new();
        let work: Vec<Work> = self
            .briefs
            .into_iter()
            .zip(workspaces)
            .zip(inputs)
            .map(|((mut entry, ws), inputs)| {
                let targets = ws
                    .as_ref()
                    .map(|ws| targets(&mut entry, ws, options, &mut taken))
                    .unwrap_or_default();
                Work {
                    entry,
                    workspace: ws,
                    targets,
                    inputs,
                }
            })
            .collect();
        let total = work.len();
        let done = AtomicUsize::new(0);
        let paths: Vec<PathBuf> = work.iter().map(|w| w.entry.path.clone()).collect();
        let results = workers::each(
            work,
            workers::jobs(options.jobs),
            |w| w.entry.path.as_path(),
            |w| {
                let outcome = build_one(w, options);
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(finished, total, &outcome.path);
                // Briefs share fonts and templates, not layouts: drop what no recent brief used,
                // so a folder of a thousand briefs needs the memory of a few.
                typst::comemo::evict(EVICT_AFTER);
                outcome
            },
        );
        results
            .into_iter()
            .zip(paths)
            .map(|(result, path)| {
                result.unwrap_or_else(|crash| Outcome {
                    path,
                    diagnostics: vec![crash],
                    written: Vec::new(),
                    took: Duration::ZERO,
                    inputs: Vec::new(),
                    row: None,
                })
            })
            .collect()
    }
}

/// How many evictions a memoised result survives unused (one eviction per brief built).
const EVICT_AFTER: usize = 10;

/// One brief on its way to its editions.
struct Work {
    entry: Entry,
    workspace: Option<Arc<Workspace>>,
    /// Each edition to write and its file, when the brief can be built.
    targets: Vec<(Edition, PathBuf)>,
    inputs: Vec<PathBuf>,
}

/// The files a brief's editions go to, in the order they are made; none, with the problem on
/// the entry, when its output folder leads out of the workspace or another brief of the build
/// writes the same files (`taken`: each first file so far, with its brief).
fn targets(
    entry: &mut Entry,
    ws: &Workspace,
    options: &BuildOptions,
    taken: &mut Vec<(PathBuf, PathBuf)>,
) -> Vec<(Edition, PathBuf)> {
    let dir = out_dir(options.out.as_deref(), ws);
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let editions = Edition::in_order(options.formats.as_ref().unwrap_or(&ws.formats));
    // A data brief's row goes in a folder named after the brief: out/NAME/SLUG.pdf.
    let (dir, named) = match &entry.row {
        Some(row) => {
            let stem = entry.path.file_stem().unwrap_or_default();
            (dir.join(stem), PathBuf::from(format!("{}.toml", row.slug)))
        }
        None => (dir, entry.path.clone()),
    };
    let targets: Vec<(Edition, PathBuf)> = editions
        .into_iter()
        .map(|e| (e, e.target(&dir, &named)))
        .collect();
    let Some((_, first)) = targets.first() else {
        return targets;
    };
    // The default output folder (`./out`) may be a link someone put in the workspace they
    // sent: outputs go where it leads only if that is inside. `-o` is the user's choice, and
    // `[output] dir` is checked with the workspace.
    if options.out.is_none() && ws.output_dir.is_none() {
        let cwd = std::env::current_dir().unwrap_or_default();
        let escapes = dir
            .strip_prefix(&cwd)
            .ok()
            .and_then(Path::to_str)
            .is_some_and(|rel| crate::paths::resolve_in_workspace(&cwd, rel).is_none());
        if escapes {
            let problem = Problem::WouldReplace {
                path: display_path(first).display().to_string(),
                reason: "the output folder leads out of the workspace; remove the link, or choose a folder with -o",
            };
            entry.refuse(Diagnostic::bare(problem));
            return Vec::new();
        }
    }
    if let Some((_, other)) = taken.iter().find(|(seen, _)| seen == first) {
        let problem = Problem::SameOutput {
            pdf: display_path(first).display().to_string(),
            other: display_path(other).display().to_string(),
        };
        let diagnostic = Diagnostic::about(problem, &entry.path);
        entry.refuse(diagnostic);
        return Vec::new();
    }
    taken.push((first.clone(), entry.path.clone()));
    targets
}

fn build_one(w: Work, options: &BuildOptions) -> Outcome {
    let start = Instant::now();
    let Work {
        mut entry,
        workspace,
        targets,
        mut inputs,
    } = w;
    let mut diagnostics = std::mem::take(&mut entry.diagnostics);
    let mut written = Vec::new();
    if let (Some(rendered), Some(ws)) = (entry.rendered(), &workspace) {
        let job = Job {
            brief: &rendered.brief,
            workspace: ws,
            data: &rendered.data,
            standards: &options.standards,
            targets: &targets,
        };
        // Every edition is made in memory first: a brief that fails in one writes none.
        if let Some(made) = make_all(&job, &mut inputs, &mut diagnostics) {
            written = write_all(made, &mut diagnostics);
        }
    }
    inputs.sort();
    inputs.dedup();
    Outcome {
        row: entry.row,
        path: entry.path,
        diagnostics,
        written,
        took: start.elapsed(),
        inputs,
    }
}

/// One edition's file, made and not yet written, with the edition that made it.
type MadeFile = (Written, Vec<u8>, &'static dyn Maker);

/// Every edition of a job, in memory, in order; none when one fails. Editions are made side by
/// side (the Word file's chart pictures while Typst sets the PDF), each reading on its own.
fn make_all(
    job: &Job,
    inputs: &mut Vec<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<MadeFile>> {
    let make = |edition: Edition| {
        let mut read = Vec::new();
        let result = edition.maker().make(job, &mut read);
        (result, read)
    };
    let results: Vec<_> = if job.targets.len() > 1 {
        std::thread::scope(|scope| {
            let handles: Vec<_> = job
                .targets
                .iter()
                .map(|(edition, _)| {
                    let edition = *edition;
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || make(edition))
                        .ok()
                })
                .collect();
            // An edition whose thread could not start is made here.
            handles
                .into_iter()
                .zip(job.targets)
                .map(|(h, (edition, _))| match h.and_then(|h| h.join().ok()) {
                    Some(r) => r,
                    None => make(*edition),
                })
                .collect()
        })
    } else {
        job.targets
            .iter()
            .map(|(edition, _)| make(*edition))
            .collect()
    };
    let mut made = Vec::new();
    let mut failed = false;
    for ((result, read), (edition, path)) in results.into_iter().zip(job.targets) {
        inputs.extend(read);
        match result {
            Ok(m) => {
                diagnostics.extend(m.warnings);
                let w = Written {
                    path: path.clone(),
                    edition: *edition,
                    pages: m.pages,
                    hash: content_hash(&m.bytes),
                };
                made.push((w, m.bytes, edition.maker()));
            }
            Err(errors) => {
                diagnostics.extend(errors);
                failed = true;
            }
        }
    }
    (!failed).then_some(made)
}

/// Write the files made, all together or none (a full disk leaves every edition as it was),
/// unless one would replace a file this tool did not write: then none.
fn write_all(made: Vec<MadeFile>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Written> {
    let refused: Vec<Diagnostic> = made
        .iter()
        .filter_map(|(w, _, maker)| {
            let ours = |bytes: &[u8]| maker.ours(bytes);
            crate::paths::replaceable(&w.path, maker.extension(), &ours).err()
        })
        .collect();
    if !refused.is_empty() {
        diagnostics.extend(refused);
        return Vec::new();
    }
    let files: Vec<(&Path, &[u8])> = made
        .iter()
        .map(|(w, bytes, _)| (w.path.as_path(), bytes.as_slice()))
        .collect();
    match crate::paths::write_together(&files) {
        Ok(()) => made.into_iter().map(|(w, _, _)| w).collect(),
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    }
}

/// `-o`, else the workspace's `[output] dir`, else `./out`.
pub fn out_dir(cli: Option<&Path>, ws: &Workspace) -> PathBuf {
    match (cli, &ws.output_dir, &ws.file) {
        (Some(dir), _, _) => dir.to_path_buf(),
        (None, Some(dir), Some(_)) => ws.root.join(&dir.value),
        _ => PathBuf::from("out"),
    }
}
