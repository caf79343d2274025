//! The sandbox Typst compiles a brief in: embedded fonts and templates, the brief as in-memory
//! data, workspace files read only from inside the workspace, no packages, no network, and a
//! fixed date so the same brief always gives the same PDF.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

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
    ("common.typ", include_str!("../assets/templates/common.typ")),
    ("brief.typ", include_str!("../assets/templates/brief.typ")),
    ("pack.typ", include_str!("../assets/templates/pack.typ")),
    (
        "one-pager.typ",
        include_str!("../assets/templates/one-pager.typ"),
    ),
    (
        "statement.typ",
        include_str!("../assets/templates/statement.typ"),
    ),
];

/// The sans-serif family the templates use for headings and figures (OFL, see assets/fonts).
const SANS_FONTS: &[&[u8]] = &[
    include_bytes!("../assets/fonts/Inter-Regular.otf"),
    include_bytes!("../assets/fonts/Inter-Italic.otf"),
    include_bytes!("../assets/fonts/Inter-SemiBold.otf"),
    include_bytes!("../assets/fonts/Inter-Bold.otf"),
];

/// Typst's standard library, built once per process.
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The embedded faces, parsed once per process.
fn embedded_faces() -> &'static [Font] {
    static FACES: OnceLock<Vec<Font>> = OnceLock::new();
    FACES.get_or_init(|| {
        let mut faces = Vec::new();
        // Only the families the templates name. typst-assets lists Libertinus Serif first, so
        // stop at the first other family rather than index math and mono fonts we never use.
        for data in typst_assets::fonts() {
            let file: Vec<Font> = Font::iter(Bytes::new(data)).collect();
            if file.iter().any(|f| f.info().family != "Libertinus Serif") {
                break;
            }
            faces.extend(file);
        }
        for data in SANS_FONTS {
            faces.extend(Font::iter(Bytes::new(*data)));
        }
        faces
    })
}

/// The fonts of a workspace: the embedded ones, then any in its `assets/fonts/` folder (for
/// scripts the embedded fonts do not cover: Typst falls back to them glyph by glyph). Built
/// once per workspace and shared by every brief in it.
pub fn fonts_for(root: &Path) -> Arc<FontStore> {
    type Key = (PathBuf, Vec<(PathBuf, Option<std::time::SystemTime>)>);
    static STORES: OnceLock<Mutex<HashMap<Key, Arc<FontStore>>>> = OnceLock::new();
    let stores = STORES.get_or_init(|| Mutex::new(HashMap::new()));
    // Keyed by the font files and their times too, so `watch` sees a font added to assets/fonts/.
    let files = workspace_font_files(root);
    let stamps = files
        .iter()
        .map(|f| {
            (
                f.clone(),
                std::fs::metadata(f).and_then(|m| m.modified()).ok(),
            )
        })
        .collect();
    let key: Key = (root.to_path_buf(), stamps);
    if let Some(store) = stores.lock().ok().and_then(|s| s.get(&key).cloned()) {
        return store;
    }
    let mut store = FontStore::new();
    for font in embedded_faces() {
        store.push((font.clone(), font.info().clone()));
    }
    for path in files {
        if let Ok(data) = std::fs::read(&path) {
            for font in Font::iter(Bytes::new(data)) {
                let info = font.info().clone();
                store.push((font, info));
            }
        }
    }
    let store = Arc::new(store);
    if let Ok(mut s) = stores.lock() {
        s.insert(key, store.clone());
    }
    store
}

/// Font files in a workspace's `assets/fonts/` folder, in name order.
pub fn workspace_font_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("assets/fonts"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let ext = p
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc")
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Whether some font of the workspace can show a character.
pub fn can_show(fonts: &FontStore, c: char) -> bool {
    let book = fonts.book();
    (0..)
        .map_while(|i| book.info(i))
        .any(|info| info.coverage.contains(c as u32))
}

/// A file id for a path of the project (the workspace root is `/`).
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("our own virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One compilation's world.
pub struct BriefWorld {
    /// The workspace folder: the only place files are read from.
    root: PathBuf,
    /// The file Typst starts from: a built-in template or the brief's custom one.
    main: FileId,
    /// Files answered from memory: the brief's data, its bibliography, the built-in templates.
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
        let mut virtual_files: HashMap<FileId, Bytes> = TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    file_id(&format!("{VIRTUAL_DIR}/{name}")),
                    Bytes::from_string(*text),
                )
            })
            .collect();
        virtual_files.extend(files);
        Self {
            root: root.to_path_buf(),
            main,
            virtual_files,
            disk: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
            today,
            fonts: fonts_for(root),
        }
    }

    /// The same world with one in-memory file replaced (fresh file caches, same root and date).
    pub fn with_file(&self, path: &str, bytes: Bytes) -> Self {
        let mut virtual_files = self.virtual_files.clone();
        virtual_files.insert(file_id(path), bytes);
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

    fn read_disk(&self, id: FileId) -> FileResult<Bytes> {
        if matches!(id.root(), VirtualRoot::Package(_)) {
            return Err(FileError::Other(Some(
                "packages are not available: briefs build offline".into(),
            )));
        }
        let rel = id.vpath().get_without_slash();
        let path =
            crate::check::resolve_in_workspace(&self.root, rel).ok_or(FileError::AccessDenied)?;
        let data = std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => FileError::NotFound(path.clone()),
            std::io::ErrorKind::PermissionDenied => FileError::AccessDenied,
            _ => FileError::Other(Some(e.to_string().into())),
        })?;
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
        if let Some(s) = self
            .sources
            .lock()
            .map_err(|_| FileError::AccessDenied)?
            .get(&id)
        {
            return Ok(s.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.to_string());
        self.sources
            .lock()
            .map_err(|_| FileError::AccessDenied)?
            .insert(id, source.clone());
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(b) = self.virtual_files.get(&id) {
            return Ok(b.clone());
        }
        let mut disk = self.disk.lock().map_err(|_| FileError::AccessDenied)?;
        disk.entry(id).or_insert_with(|| self.read_disk(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
