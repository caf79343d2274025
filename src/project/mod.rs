//! The one entry point the command line uses: a [`Project`] is the briefs a command names, each
//! with its workspace, found and loaded once per run, and checked. It offers the operations:
//! [`Project::build`] (one PDF per brief, in parallel), [`Project::pack`] (one PDF of several
//! briefs) and, for a workspace's library, [`cite`]. The CLI only parses arguments, calls these
//! and prints what they return.

pub mod asks;
mod build;
pub mod cite;
mod pack;
mod rows;
pub mod signoff;
pub mod translate;
pub mod watch;
mod workers;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diagnostic::{display_path, Diagnostic, Problem, Severity};
use crate::model::{Brief, Workspace};
use crate::render::{TemplateData, Words};

pub use build::{content_hash, BuildOptions, Outcome, Written};
pub use pack::{PackOptions, Packed};
pub use rows::{RowChoice, RowName};

/// The briefs of one run with their workspaces.
pub struct Project {
    /// Each workspace once, in the order first met.
    workspaces: Vec<WorkspaceState>,
    /// The briefs, in the order the command line names them (a data brief's rows in its
    /// place, in the data file's order).
    briefs: Vec<Entry>,
    /// Which rows of data briefs this run takes.
    rows: RowChoice,
}

/// A workspace as loaded and checked.
struct WorkspaceState {
    /// Where it is: the folder with `briefs.toml` (or a lone brief's folder).
    root: PathBuf,
    /// The workspace, when `briefs.toml` loaded.
    workspace: Option<Arc<Workspace>>,
    /// Whether `briefs.toml` or the library has errors: then none of its briefs builds.
    failed: bool,
    /// Its problems, until they are reported with its first brief.
    unreported: Vec<Diagnostic>,
    /// Problems inside library entries, by the entry's key: each stops only the briefs that
    /// cite that entry, and is reported with them (a library exported whole from Zotero may
    /// hold entries no brief will ever cite).
    entry_problems: Vec<(String, Diagnostic)>,
    /// The layout words of each language its briefs use, by language tag, resolved once.
    words: Vec<(String, Arc<Words>)>,
    /// Its citation style, once loaded.
    style: Option<Arc<crate::cite::Style>>,
    /// The style as the helper thread sends it, loaded while the workspace and its briefs are
    /// checked: about 2.5 ms of a brief's build. (In a mutex: a receiver cannot be shared, and
    /// entries are rendered on several threads.)
    loading: Option<Mutex<std::sync::mpsc::Receiver<Result<crate::cite::Style, Diagnostic>>>>,
}

/// One brief of the project.
pub struct Entry {
    /// The path as the command line gave it (or as found in a folder).
    pub path: PathBuf,
    /// How far it got.
    pub stage: Stage,
    /// Everything wrong with it (and with its workspace, reported with the workspace's first
    /// brief only).
    pub diagnostics: Vec<Diagnostic>,
    /// Index into the project's workspaces.
    workspace: usize,
    /// Which row of its data brief it is, for a data brief.
    pub row: Option<RowName>,
}

/// How far a brief got on its way to its editions.
pub enum Stage {
    /// Its file did not load, or it is not a brief.
    Unread,
    /// Loaded, with errors (its own or its workspace's): it is not built.
    Loaded(Brief),
    /// Passed every check (warnings allowed), to be rendered with its workspace's style.
    Checked(Brief, Arc<Words>, Arc<crate::cite::Style>),
    /// Rendered: ready for every edition.
    Rendered(Box<Rendered>),
}

/// A brief that passed every check, with its template data.
pub struct Rendered {
    /// The brief.
    pub brief: Brief,
    /// The layout words of its language.
    pub words: Arc<Words>,
    /// What every edition prints.
    pub data: TemplateData,
}

impl Entry {
    /// Whether it passed every check (warnings allowed) and can be built.
    pub fn ok(&self) -> bool {
        matches!(self.stage, Stage::Rendered(_))
    }

    /// The brief, when its file loaded.
    pub fn brief(&self) -> Option<&Brief> {
        match &self.stage {
            Stage::Unread => None,
            Stage::Loaded(b) | Stage::Checked(b, ..) => Some(b),
            Stage::Rendered(r) => Some(&r.brief),
        }
    }

    /// The brief and its data, when it is ready to build.
    pub fn rendered(&self) -> Option<&Rendered> {
        match &self.stage {
            Stage::Rendered(r) => Some(r),
            _ => None,
        }
    }

    /// Stop it from being built, with the problem that stops it.
    pub fn refuse(&mut self, problem: Diagnostic) {
        self.diagnostics.push(problem);
        self.stop();
    }

    /// Stop it from being built (its problem said elsewhere: with a data brief's first row).
    fn stop(&mut self) {
        self.stage = match std::mem::replace(&mut self.stage, Stage::Unread) {
            Stage::Unread => Stage::Unread,
            Stage::Loaded(b) | Stage::Checked(b, ..) => Stage::Loaded(b),
            Stage::Rendered(r) => Stage::Loaded(r.brief),
        };
    }
}

/// Start, on a thread of its own, what a workspace's first build needs and the briefs do not
/// decide: the workspace's citation style (sent back as soon as it is loaded: rendering needs
/// it first), then, once per process, the CSL locale every language falls back to (formatting
/// citations needs it next) and Typst's library, templates and fonts, with the workspace's own
/// (typesetting needs them last). One thread, not one for each: on a machine of two cores, a
/// third thread takes turns with the main one, which does the rest of the build meanwhile (the
/// main thread waited up to 4 ms for its turn). Each piece is kept in a once-set cell, so the
/// main thread makes one itself if it needs it first. A command that ends first does not wait.
fn start_helper(
    workspace: Option<Arc<Workspace>>,
) -> Option<std::sync::mpsc::Receiver<Result<crate::cite::Style, Diagnostic>>> {
    static WARMED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let warm = !WARMED.swap(true, std::sync::atomic::Ordering::SeqCst);
    if workspace.is_none() && !warm {
        return None;
    }
    let (style, loaded) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new().spawn(move || {
        if let Some(ws) = &workspace {
            let _ = style.send(crate::cite::Style::load(ws));
        }
        if warm {
            crate::cite::warm();
            crate::edition::pdf::world::warm();
            // The workspace's fonts: its own, if it has any, read and indexed.
            if let Some(ws) = &workspace {
                typst::utils::hash128(crate::fonts::fonts_for(&ws.root).book());
            }
        }
    });
    spawned.ok().map(|_| loaded)
}

impl Project {
    /// The briefs command-line paths name (files, folders of them, a workspace folder; none: the
    /// workspace's `briefs/`), each loaded and checked with its workspace. Fails only when the
    /// paths name no brief at all.
    pub fn open(paths: &[PathBuf]) -> Result<Project, Diagnostic> {
        Project::open_rows(paths, RowChoice::default())
    }

    /// [`Project::open`], taking of each data brief the rows `rows` chooses.
    pub fn open_rows(paths: &[PathBuf], rows: RowChoice) -> Result<Project, Diagnostic> {
        let mut project = Project {
            workspaces: Vec::new(),
            briefs: Vec::new(),
            rows,
        };
        // A folder's workspace is loaded once, here, and its library files are not briefs.
        let found = crate::load::brief_paths(paths, &mut |dir| {
            let index = project.workspace_index(dir);
            project.workspaces[index]
                .workspace
                .as_ref()
                .map(|ws| ws.library_files.clone())
                .unwrap_or_default()
        })?;
        for path in found {
            project.add(path);
        }
        project.said_once();
        project.render();
        Ok(project)
    }

    /// A workspace's placeholder that a final brief makes an error is not also a warning.
    fn said_once(&mut self) {
        let key = |d: &Diagnostic| {
            let file = d.file.as_ref().map(|f| f.path.clone());
            (d.problem.code(), file, d.span.clone())
        };
        let errors: Vec<_> = self
            .briefs
            .iter()
            .flat_map(|e| &e.diagnostics)
            .filter(|d| matches!(*d.problem, Problem::Placeholder { .. }))
            .filter(|d| d.severity() == Severity::Error)
            .map(key)
            .collect();
        for e in &mut self.briefs {
            e.diagnostics.retain(|d| {
                d.severity() == Severity::Error
                    || !matches!(*d.problem, Problem::Placeholder { .. })
                    || !errors.contains(&key(d))
            });
        }
    }

    /// Two versions of one brief, `old` read in the workspace of `new` (an old copy, from
    /// version control say, has no workspace of its own): `old` first.
    pub fn open_pair(old: &Path, new: &Path) -> Result<Project, Diagnostic> {
        let mut project = Project {
            workspaces: Vec::new(),
            briefs: Vec::new(),
            rows: RowChoice::default(),
        };
        for path in [old, new] {
            if !path.is_file() {
                let shown = display_path(path).display().to_string();
                return Err(Diagnostic::about(Problem::NotABrief { path: shown }, path));
            }
        }
        let index = project.workspace_index(new);
        project.add_in(old.to_path_buf(), index);
        project.add_in(new.to_path_buf(), index);
        project.render();
        Ok(project)
    }

    /// Render every brief that passed its checks, on every core: formatting citations takes a
    /// few milliseconds a brief, which a folder of fifty should not spend one after another.
    fn render(&mut self) {
        let workspaces = &self.workspaces;
        let rendered = workers::each(
            self.briefs.iter().collect(),
            workers::jobs(None),
            |e| e.path.as_path(),
            |e| match (&e.stage, &workspaces[e.workspace].workspace) {
                (Stage::Checked(brief, words, style), Some(ws)) => {
                    Some(crate::render::data(brief, ws, words, style))
                }
                _ => None,
            },
        );
        for (e, result) in self.briefs.iter_mut().zip(rendered) {
            match result {
                Ok(Some(data)) => {
                    if let Stage::Checked(brief, words, _) =
                        std::mem::replace(&mut e.stage, Stage::Unread)
                    {
                        e.stage = Stage::Rendered(Box::new(Rendered { brief, words, data }));
                    }
                }
                Ok(None) => {}
                // A bug met rendering it: said, and the brief is not built.
                Err(crash) => e.refuse(crash),
            }
        }
    }

    /// The briefs, in order.
    pub fn entries(&self) -> &[Entry] {
        &self.briefs
    }

    /// Take the briefs out, for commands that consume them.
    pub fn into_entries(self) -> Vec<Entry> {
        self.briefs
    }

    /// The workspace of a brief, when it loaded.
    pub fn workspace_of(&self, entry: &Entry) -> Option<&Arc<Workspace>> {
        self.workspaces[entry.workspace].workspace.as_ref()
    }

    /// Every file a brief's build reads before Typst opens anything: the brief and its
    /// workspace's own files (`briefs.toml`, the library, the words, the fonts).
    pub fn inputs_of(&self, entry: &Entry) -> Vec<PathBuf> {
        let mut out = vec![std::path::absolute(&entry.path).unwrap_or(entry.path.clone())];
        // A translation is built from its source too, also when the source failed to load (a
        // fix to the source must rebuild it). A brief that loaded says whether it is one; only
        // one that did not is read again for the source it names.
        let source = match entry.brief() {
            Some(b) => b.translation.as_ref().map(|t| t.source.path.clone()),
            None => crate::load::translation::source_of(&entry.path),
        };
        if let Some(source) = source {
            out.push(std::path::absolute(&source).unwrap_or(source));
        }
        let state = &self.workspaces[entry.workspace];
        // A data brief's rows come from its data file: an edit to it rebuilds them.
        let data = entry.brief().and_then(|b| b.data.as_ref());
        if let (Some(d), Some(ws)) = (data, &state.workspace) {
            out.extend(crate::paths::resolve_in_workspace(&ws.root, &d.file.value));
        }
        match &state.workspace {
            Some(ws) => {
                out.extend(ws.files());
                // The folders whose listing the build reads: a font or language added there
                // changes the build as much as one edited.
                out.push(ws.root.join("assets/fonts"));
                out.push(ws.root.join("assets/i18n"));
            }
            None => out.push(state.root.join("briefs.toml")),
        }
        out
    }

    /// The workspace around a path, loaded and checked the first time it is met.
    fn workspace_index(&mut self, path: &Path) -> usize {
        let root = crate::paths::find_root(path).unwrap_or_else(|| crate::paths::folder_of(path));
        if let Some(i) = self.workspaces.iter().position(|w| w.root == root) {
            return i;
        }
        let loaded = crate::load::workspace(path);
        let mut found = loaded.diagnostics;
        let workspace = loaded.value.map(Arc::new);
        // A style that does not load is reported with the first brief that needs it.
        let loading = start_helper(workspace.clone()).map(Mutex::new);
        if let Some(ws) = &workspace {
            found.extend(crate::check::workspace(ws));
        }
        let mut entry_problems = Vec::new();
        if let Some(ws) = &workspace {
            let index = Entries::of(ws);
            let (entries, rest): (Vec<_>, Vec<_>) = found
                .into_iter()
                .map(|d| (index.key_of(&d), d))
                .partition(|(key, _)| key.is_some());
            entry_problems = entries
                .into_iter()
                .filter_map(|(key, d)| Some((key?, d)))
                .collect();
            found = rest.into_iter().map(|(_, d)| d).collect();
        }
        let failed = found.iter().any(|d| d.severity() == Severity::Error);
        self.workspaces.push(WorkspaceState {
            root,
            workspace,
            failed,
            unreported: found,
            entry_problems,
            words: Vec::new(),
            style: None,
            loading,
        });
        self.workspaces.len() - 1
    }

    /// The words of a language in a workspace, resolved once per run: their warnings (words
    /// the language lacks) come with the first brief in that language only.
    fn words_for(
        &mut self,
        index: usize,
        tag: &str,
        ws: &Workspace,
    ) -> (Arc<Words>, Vec<Diagnostic>) {
        let known = &mut self.workspaces[index].words;
        if let Some((_, words)) = known.iter().find(|(t, _)| t == tag) {
            return (words.clone(), Vec::new());
        }
        let (words, warnings) = Words::for_language(tag, ws);
        let words = Arc::new(words);
        known.push((tag.to_string(), words.clone()));
        (words, warnings)
    }

    /// The citation style of a workspace, loaded once. A style that cannot be used fails the
    /// workspace: the error comes with the first brief, and no brief of it builds.
    fn style_for(
        &mut self,
        index: usize,
        ws: &Workspace,
    ) -> Result<Arc<crate::cite::Style>, Diagnostic> {
        let state = &mut self.workspaces[index];
        if let Some(style) = &state.style {
            return Ok(style.clone());
        }
        let received = state.loading.take().map(|r| {
            r.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .recv()
        });
        let loaded = match received {
            Some(Ok(result)) => result,
            // No thread, or it failed: load it here.
            _ => crate::cite::Style::load(ws),
        };
        let style = Arc::new(loaded.inspect_err(|_| state.failed = true)?);
        state.style = Some(style.clone());
        Ok(style)
    }

    /// Load and check one brief; the style to render it with when it passed (rendering comes
    /// after, for all briefs at once).
    fn add(&mut self, path: PathBuf) {
        let index = self.workspace_index(&path);
        self.add_in(path, index);
    }

    /// Add the brief at `path`, read in the workspace at `index` (an old copy of a brief,
    /// kept outside its workspace, is read with the library it cited).
    fn add_in(&mut self, path: PathBuf, index: usize) {
        // The workspace's own problems go with the first of its briefs.
        let mut diagnostics = std::mem::take(&mut self.workspaces[index].unreported);
        let state = &self.workspaces[index];
        let ws = state.workspace.clone();
        let mut entry = Entry {
            path,
            stage: Stage::Unread,
            diagnostics: Vec::new(),
            workspace: index,
            row: None,
        };
        // A library file named on the command line is not a brief.
        let abs = std::path::absolute(&entry.path).unwrap_or_else(|_| entry.path.clone());
        if ws
            .as_ref()
            .is_some_and(|ws| ws.library_files.contains(&abs))
        {
            let shown = display_path(&entry.path).display().to_string();
            diagnostics.push(Diagnostic::about(
                Problem::NotABrief { path: shown },
                &entry.path,
            ));
            entry.diagnostics = diagnostics;
            self.briefs.push(entry);
            return;
        }
        let loaded = crate::load::brief(&entry.path);
        if let Some(b) = &loaded.value {
            crate::cite::expect(&b.language.value);
        }
        diagnostics.extend(loaded.diagnostics);
        match (loaded.value, ws) {
            (Some(brief), Some(ws)) if brief.data.is_some() => {
                self.add_rows(entry.path, brief, ws, index, diagnostics);
            }
            (Some(brief), Some(ws)) => {
                diagnostics.extend(crate::check::brief(&brief, &ws));
                diagnostics.extend(rows::without_data(&brief));
                self.settle(entry.path, brief, ws, index, diagnostics, None);
            }
            _ => {
                entry.diagnostics = diagnostics;
                self.briefs.push(entry);
            }
        }
    }

    /// A checked brief (or a data brief's row) added: the library problems of what it cites,
    /// its language's words, and its workspace's style when it passed.
    fn settle(
        &mut self,
        path: PathBuf,
        brief: Brief,
        ws: Arc<Workspace>,
        index: usize,
        mut diagnostics: Vec<Diagnostic>,
        row: Option<RowName>,
    ) {
        let ws_failed = self.workspaces[index].failed;
        let cited = brief.cited_keys(&ws);
        diagnostics.extend(
            self.workspaces[index]
                .entry_problems
                .iter()
                .filter(|(key, _)| cited.contains(key))
                .map(|(_, d)| d.clone()),
        );
        let (words, warnings) = self.words_for(index, &brief.language.value, &ws);
        // A malformed language tag is already an error; its words would only add noise.
        if !diagnostics
            .iter()
            .any(|d| matches!(*d.problem, Problem::BadLanguage { .. }))
        {
            diagnostics.extend(warnings);
        }
        let clean = !ws_failed && diagnostics.iter().all(|d| d.severity() < Severity::Error);
        let style = if clean {
            self.style_for(index, &ws)
                .inspect_err(|d| diagnostics.push(d.clone()))
                .ok()
        } else {
            None
        };
        let stage = match style {
            Some(style) => Stage::Checked(brief, words, style),
            None => Stage::Loaded(brief),
        };
        self.briefs.push(Entry {
            path,
            stage,
            diagnostics,
            workspace: index,
            row,
        });
    }
}

/// Where each library entry of a workspace is, to find the entry a problem lies in: sorted by
/// file and start, so that each lookup is a search, not a scan of the library (an export of
/// 40,000 entries can carry thousands of problems).
pub(crate) struct Entries<'a> {
    spans: Vec<(usize, std::ops::Range<usize>, &'a str)>,
}

impl<'a> Entries<'a> {
    pub(crate) fn of(ws: &'a Workspace) -> Self {
        let mut spans: Vec<_> = ws
            .citations
            .iter()
            .map(|c| {
                (
                    Arc::as_ptr(&c.file) as usize,
                    c.span.clone(),
                    c.id.value.as_str(),
                )
            })
            .collect();
        spans.sort_by_key(|(file, span, _)| (*file, span.start));
        Entries { spans }
    }

    /// The key of the entry a problem lies in, if it lies in one: its file is the entry's and
    /// its span within the entry's. A file's syntax is the file's problem, not one entry's.
    pub(crate) fn key_of(&self, d: &Diagnostic) -> Option<String> {
        let (file, span) = (d.file.as_ref()?, d.span.as_ref()?);
        if matches!(*d.problem, Problem::Syntax { .. }) {
            return None;
        }
        let file = Arc::as_ptr(file) as usize;
        // The last entry of that file starting at or before the problem.
        let at = self
            .spans
            .partition_point(|(f, s, _)| (*f, s.start) <= (file, span.start));
        let (f, s, key) = self.spans.get(at.checked_sub(1)?)?;
        (*f == file && span.end <= s.end).then(|| key.to_string())
    }
}

/// A workspace on its own with every brief in it, for the library commands: `brief cite` and
/// anything else that looks across briefs.
pub struct WorkspaceView {
    /// The workspace.
    pub workspace: Arc<Workspace>,
    /// Every brief of it that loaded.
    pub briefs: Vec<Brief>,
    /// Problems met loading them.
    pub diagnostics: Vec<Diagnostic>,
}

impl WorkspaceView {
    /// The workspace around a folder (it must have a `briefs.toml`), and its briefs.
    pub fn open(dir: &Path) -> Result<WorkspaceView, Vec<Diagnostic>> {
        let loaded = crate::load::workspace(dir);
        let mut diagnostics = loaded.diagnostics;
        let workspace = loaded.value.ok_or_else(|| diagnostics.clone())?;
        if workspace.file.is_none() {
            let path = display_path(dir).display().to_string();
            return Err(vec![Diagnostic::bare(Problem::NoWorkspace { path })]);
        }
        let mut briefs = Vec::new();
        let libraries = workspace.library_files.clone();
        if let Ok(paths) =
            crate::load::brief_paths(std::slice::from_ref(&workspace.root), &mut |_| {
                libraries.clone()
            })
        {
            for p in paths {
                let b = crate::load::brief(&p);
                diagnostics.extend(b.diagnostics);
                briefs.extend(b.value);
            }
        }
        Ok(WorkspaceView {
            workspace: Arc::new(workspace),
            briefs,
            diagnostics,
        })
    }
}
