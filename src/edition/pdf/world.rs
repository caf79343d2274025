//! The sandbox Typst compiles a brief in: embedded fonts and templates, the brief as in-memory
//! data, workspace files read only from inside the workspace, no packages, no network, and a
//! fixed date so the same brief always gives the same PDF.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// Where our own virtual files live in the project; a workspace cannot have a folder of this name
/// that Typst would reach, since these paths are answered from memory first.
pub const VIRTUAL_DIR: &str = "/.brief";

/// The built-in templates, embedded at build time: (virtual file name, Typst source).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "common.typ",
        include_str!("../../../assets/templates/common.typ"),
    ),
    (
        "brief.typ",
        include_str!("../../../assets/templates/brief.typ"),
    ),
    (
        "pack.typ",
        include_str!("../../../assets/templates/pack.typ"),
    ),
    (
        "one-pager.typ",
        include_str!("../../../assets/templates/one-pager.typ"),
    ),
    (
        "statement.typ",
        include_str!("../../../assets/templates/statement.typ"),
    ),
];

/// Typst's standard library, built once per process.
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The built-in templates, parsed once per process: by id, their bytes and their syntax tree.
fn templates() -> &'static HashMap<FileId, (Bytes, Source)> {
    static PARSED: OnceLock<HashMap<FileId, (Bytes, Source)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        TEMPLATES
            .iter()
            .map(|(name, text)| {
                let id = virtual_id(name);
                (
                    id,
                    (Bytes::from_string(*text), Source::new(id, text.to_string())),
                )
            })
            .collect()
    })
}

/// Build what every compilation starts from (Typst's library, the parsed templates, the
/// embedded fonts), so that a thread can do it while briefs are read, checked and rendered:
/// a few milliseconds of each build that would otherwise come before Typst's first step.
///
/// Then what Typst hashes the first time it meets it, once per process: its library and the
/// templates' syntax trees (to remember what each evaluates to) and every byte of each embedded
/// font (to remember what was shaped with it; about 3 MB, 2 ms of a build). The hash is kept
/// inside each value, so the compilation that follows finds it made.
pub fn warm() {
    crate::fonts::warm();
    typst::utils::hash128(library());
    for (_, source) in templates().values() {
        typst::utils::hash128(source);
    }
    for (_, font) in crate::fonts::embedded_faces() {
        typst::utils::hash128(font);
    }
}

/// The id of one of our in-memory files (`data.json`, `common.typ`, …) under [`VIRTUAL_DIR`].
pub fn virtual_id(name: &str) -> FileId {
    let vpath = VirtualPath::new(format!("{VIRTUAL_DIR}/{name}"))
        .expect("our own virtual file names are valid paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The template data as the file every template reads, `data.json` under [`VIRTUAL_DIR`].
pub fn data_file<T: serde::Serialize>(data: &T) -> (FileId, Bytes) {
    (
        virtual_id("data.json"),
        Bytes::from_string(crate::render::to_json(data)),
    )
}

/// The id of a workspace file a user named (`templates/x.typ`), relative to the workspace root;
/// `None` for a path Typst cannot take (backslashes).
pub fn workspace_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(format!("/{}", path.trim_start_matches("./"))).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One compilation's world.
pub struct BriefWorld {
    /// The workspace folder: the only place files are read from.
    root: PathBuf,
    /// The file Typst starts from: a built-in template or the brief's custom one.
    main: FileId,
    /// Files answered from memory: the brief's data (the built-in templates come after these,
    /// from [`templates`]).
    virtual_files: HashMap<FileId, Bytes>,
    /// Workspace files read so far, so each is read from disk once per compilation.
    disk: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    /// Typst sources parsed so far.
    sources: Mutex<HashMap<FileId, Source>>,
    /// What `datetime.today()` answers: the brief's date, never the clock.
    today: Datetime,
    /// The workspace's fonts.
    fonts: Arc<FontStore>,
}

impl BriefWorld {
    /// A world rooted at a workspace, starting from `main`, with extra in-memory files.
    pub fn new(root: &Path, main: FileId, files: Vec<(FileId, Bytes)>, today: Datetime) -> Self {
        Self {
            root: root.to_path_buf(),
            main,
            virtual_files: files.into_iter().collect(),
            disk: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
            today,
            fonts: crate::fonts::fonts_for(root),
        }
    }

    /// The same world with one in-memory file replaced (fresh file caches, same root and date).
    pub fn with_file(&self, (id, bytes): (FileId, Bytes)) -> Self {
        let mut virtual_files = self.virtual_files.clone();
        virtual_files.insert(id, bytes);
        Self {
            root: self.root.clone(),
            main: self.main,
            virtual_files,
            disk: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
            today: self.today,
            fonts: self.fonts.clone(),
        }
    }

    /// The workspace path of a file id, for error messages (virtual files map to `assets/`).
    pub fn display_path(&self, id: FileId) -> PathBuf {
        let vpath = id.vpath().get_without_slash();
        match vpath.strip_prefix(&VIRTUAL_DIR[1..]) {
            Some(name) => PathBuf::from(format!("assets/templates{name}")),
            None => crate::diagnostic::display_path(&self.root.join(vpath)),
        }
    }

    /// Every workspace file this compilation asked for (read or not found), as full paths: what
    /// a rebuild depends on beyond the brief and the workspace's own files.
    pub fn files_read(&self) -> Vec<PathBuf> {
        let disk = self.disk.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out: Vec<PathBuf> = disk
            .keys()
            .filter(|id| matches!(id.root(), VirtualRoot::Project))
            .map(|id| self.root.join(id.vpath().get_without_slash()))
            .collect();
        out.sort();
        out
    }

    fn read_disk(&self, id: FileId) -> FileResult<Bytes> {
        if matches!(id.root(), VirtualRoot::Package(_)) {
            return Err(FileError::Other(Some(
                "packages are not available: briefs build offline".into(),
            )));
        }
        let rel = id.vpath().get_without_slash();
        let path =
            crate::paths::resolve_in_workspace(&self.root, rel).ok_or(FileError::AccessDenied)?;
        let data =
            crate::paths::read_capped(&path, crate::limits::MAX_ASSET_SIZE).map_err(|e| match e
                .kind()
            {
                std::io::ErrorKind::NotFound => FileError::NotFound(path.clone()),
                std::io::ErrorKind::PermissionDenied => FileError::AccessDenied,
                _ => FileError::Other(Some(e.to_string().into())),
            })?;
        // An image is judged by its header before Typst decodes it.
        crate::limits::image_within(&data).map_err(|e| FileError::Other(Some(e.into())))?;
        Ok(Bytes::new(data))
    }
}

impl World for BriefWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if !self.virtual_files.contains_key(&id) {
            if let Some((_, source)) = templates().get(&id) {
                return Ok(source.clone());
            }
        }
        if let Some(s) = self
            .sources
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
        {
            return Ok(s.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.to_string());
        self.sources
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, source.clone());
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(b) = self.virtual_files.get(&id) {
            return Ok(b.clone());
        }
        if let Some((bytes, _)) = templates().get(&id) {
            return Ok(bytes.clone());
        }
        // A thread that panicked mid-compile leaves the cache whole: every entry is complete.
        let mut disk = self.disk.lock().unwrap_or_else(PoisonError::into_inner);
        disk.entry(id).or_insert_with(|| self.read_disk(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
