//! Building a project: each brief that passed its checks is written as `NAME.pdf` and/or
//! `NAME.html`, one thread per core; one bad brief does not stop the others.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{Entry, Project};
use crate::diagnostic::{display_path, Diagnostic, Problem};
use crate::model::{Choice, Edition, Workspace};
use crate::pdf::Standard;

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
}

/// What became of one brief.
pub struct Outcome {
    /// The brief's path as given.
    pub path: PathBuf,
    /// Its problems, and Typst's warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The files written, PDF first; empty when it failed (then nothing was written).
    pub written: Vec<Written>,
    /// Time spent compiling and writing.
    pub took: Duration,
    /// Every file the build read: the brief, its workspace's files, and what Typst opened (a
    /// custom template and its imports, images, a `.csl` style), as full paths.
    pub inputs: Vec<PathBuf>,
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
        let mut work: Vec<Work> = Vec::new();
        // Two briefs named alike in different folders would overwrite each other's PDF.
        let mut targets: Vec<(PathBuf, PathBuf)> = Vec::new();
        let workspaces: Vec<_> = self
            .briefs
            .iter()
            .map(|e| self.workspace_of(e).cloned())
            .collect();
        for ((mut entry, ws), inputs) in self.briefs.into_iter().zip(workspaces).zip(inputs) {
            let target = ws.as_ref().map(|ws| {
                let t = out_dir(options.out.as_deref(), ws).join(pdf_name(&entry.path));
                std::path::absolute(&t).unwrap_or(t)
            });
            // The default output folder (`./out`) may be a link someone put in the workspace they
            // sent: outputs go where it leads only if that is inside. `-o` is the user's choice,
            // and `[output] dir` is checked with the workspace.
            if let (Some(t), None, None) = (
                &target,
                &options.out,
                &ws.as_ref().and_then(|w| w.output_dir.as_ref()),
            ) {
                let cwd = std::env::current_dir().unwrap_or_default();
                let escapes = t
                    .parent()
                    .and_then(|dir| dir.strip_prefix(&cwd).ok())
                    .and_then(Path::to_str)
                    .is_some_and(|rel| crate::paths::resolve_in_workspace(&cwd, rel).is_none());
                if escapes {
                    let problem = Problem::WouldReplace {
                        path: display_path(t).display().to_string(),
                        reason: "the output folder leads out of the workspace; remove the link, or choose a folder with -o",
                    };
                    entry.diagnostics.push(Diagnostic::bare(problem));
                    entry.data = None;
                }
            }
            if let Some(t) = &target {
                if let Some((_, other)) = targets.iter().find(|(seen, _)| seen == t) {
                    let problem = Problem::SameOutput {
                        pdf: display_path(t).display().to_string(),
                        other: display_path(other).display().to_string(),
                    };
                    entry
                        .diagnostics
                        .push(Diagnostic::about(problem, &entry.path));
                    entry.data = None;
                } else {
                    targets.push((t.clone(), entry.path.clone()));
                }
            }
            work.push(Work {
                entry,
                workspace: ws,
                target,
                inputs,
            });
        }
        let jobs = options
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .clamp(1, work.len().max(1));
        let total = work.len();
        let done = AtomicUsize::new(0);
        let one = |w: Work| {
            let outcome = build_one(w, options);
            let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(finished, total, &outcome.path);
            // Briefs share fonts and templates, not layouts: drop what no recent brief used, so
            // a folder of a thousand briefs needs the memory of a few.
            typst::comemo::evict(EVICT_AFTER);
            outcome
        };
        // One brief, or one job: no thread at all.
        if jobs == 1 {
            return work.into_iter().map(one).collect();
        }
        // Plain threads, not a rayon pool: Typst lays pages out on rayon's pool, and a rayon
        // worker waiting for that work would take up another brief on the same stack, then
        // another (a folder of 200 briefs overflowed the stack that way). Threads outside the
        // pool just wait.
        let queue = Mutex::new(work.into_iter().enumerate());
        let (sender, received) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            for _ in 0..jobs {
                let sender = sender.clone();
                let (queue, one) = (&queue, &one);
                scope.spawn(move || loop {
                    let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
                    let Some((i, w)) = next else { break };
                    if sender.send((i, one(w))).is_err() {
                        break;
                    }
                });
            }
        });
        drop(sender);
        let mut outcomes: Vec<(usize, Outcome)> = received.into_iter().collect();
        outcomes.sort_by_key(|(i, _)| *i);
        outcomes.into_iter().map(|(_, o)| o).collect()
    }
}

/// How many evictions a memoised result survives unused (one eviction per brief built).
const EVICT_AFTER: usize = 10;

/// One brief on its way to a PDF.
struct Work {
    entry: Entry,
    workspace: Option<Arc<Workspace>>,
    /// The PDF to write, when the brief has a workspace and no other brief writes it.
    target: Option<PathBuf>,
    inputs: Vec<PathBuf>,
}

fn build_one(w: Work, options: &BuildOptions) -> Outcome {
    let start = Instant::now();
    let Work {
        entry,
        workspace,
        target,
        mut inputs,
    } = w;
    let mut diagnostics = entry.diagnostics;
    let mut written = Vec::new();
    if let (Some(brief), Some(ws), Some(data), Some(target)) =
        (&entry.brief, &workspace, &entry.data, target)
    {
        let editions = options.formats.as_ref().unwrap_or(&ws.formats);
        // Every edition is made in memory first: a brief that fails in one writes none.
        let mut made: Vec<(Written, Vec<u8>)> = Vec::new();
        let mut failed = false;
        if editions.contains(&Edition::Pdf) {
            match crate::pdf::build(brief, ws, data, &options.standards, &mut inputs) {
                Ok(out) => {
                    diagnostics.extend(out.warnings);
                    let w = Written {
                        path: target.clone(),
                        edition: Edition::Pdf,
                        pages: Some(out.pages),
                    };
                    made.push((w, out.pdf));
                }
                Err(errors) => {
                    diagnostics.extend(errors);
                    failed = true;
                }
            }
        }
        if editions.contains(&Edition::Html) && !failed {
            let pdf = made.first().and_then(|(w, _)| w.path.file_name());
            let pdf = pdf.map(|n| n.to_string_lossy().into_owned());
            let page_options = crate::html::PageOptions {
                pdf: pdf.as_deref(),
            };
            inputs.extend(crate::html::inputs(ws, data.kind));
            match crate::html::page(data, &brief.template, ws, &page_options) {
                Ok(html) => {
                    let w = Written {
                        path: target.with_extension("html"),
                        edition: Edition::Html,
                        pages: None,
                    };
                    made.push((w, html.into_bytes()));
                }
                Err(d) => {
                    diagnostics.push(d);
                    failed = true;
                }
            }
        }
        // Never replace a file this tool did not write.
        let refused: Vec<Diagnostic> = made
            .iter()
            .filter_map(|(w, _)| crate::paths::replaceable(&w.path, w.edition.name()).err())
            .collect();
        if !failed && refused.is_empty() {
            for (w, bytes) in made {
                match crate::paths::write_atomic(&w.path, &bytes) {
                    Ok(()) => written.push(w),
                    Err(d) => diagnostics.push(d),
                }
            }
        }
        diagnostics.extend(refused);
    }
    inputs.sort();
    inputs.dedup();
    Outcome {
        path: entry.path,
        diagnostics,
        written,
        took: start.elapsed(),
        inputs,
    }
}

/// `briefs/x.toml` → `x.pdf`.
pub fn pdf_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "brief".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from(format!("{stem}.pdf"))
}

/// `-o`, else the workspace's `[output] dir`, else `./out`.
pub fn out_dir(cli: Option<&Path>, ws: &Workspace) -> PathBuf {
    match (cli, &ws.output_dir, &ws.file) {
        (Some(dir), _, _) => dir.to_path_buf(),
        (None, Some(dir), Some(_)) => ws.root.join(&dir.value),
        _ => PathBuf::from("out"),
    }
}
