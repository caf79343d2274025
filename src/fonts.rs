//! Fonts: the embedded families the layouts name, and a workspace's own in `assets/fonts/`,
//! indexed once per workspace and shared by the checks (can every character be shown?) and by
//! every compilation.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::FontStore;

/// The sans-serif family the templates use for headings and figures (OFL, see assets/fonts).
pub const SANS_FONTS: &[&[u8]] = &[
    include_bytes!("../assets/fonts/Inter-Regular.otf"),
    include_bytes!("../assets/fonts/Inter-Italic.otf"),
    include_bytes!("../assets/fonts/Inter-SemiBold.otf"),
    include_bytes!("../assets/fonts/Inter-Bold.otf"),
];

/// The embedded font files the templates use: Libertinus Serif from typst-assets (listed first
/// there, so stop at the first other family rather than index math and mono fonts we never
/// use), then Inter.
fn embedded_files() -> &'static [(&'static [u8], Vec<Font>)] {
    static FILES: OnceLock<Vec<(&'static [u8], Vec<Font>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut files = Vec::new();
        for data in typst_assets::fonts() {
            let faces: Vec<Font> = Font::iter(Bytes::new(data)).collect();
            if faces.iter().any(|f| f.info().family != "Libertinus Serif") {
                break;
            }
            files.push((data, faces));
        }
        for data in SANS_FONTS {
            files.push((*data, Font::iter(Bytes::new(*data)).collect()));
        }
        files
    })
}

/// The embedded faces the layouts use: Libertinus Serif and Inter, each with its file.
pub fn embedded_faces() -> impl Iterator<Item = (&'static [u8], &'static Font)> {
    embedded_files()
        .iter()
        .flat_map(|(data, faces)| faces.iter().map(move |f| (*data, f)))
}

/// Parse the embedded fonts now, so that a thread can do it while briefs are read.
pub fn warm() {
    embedded_files();
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
    // Held while the store is made: the thread that warms a build may be making this one.
    let mut stores = stores
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(store) = stores.get(&key) {
        return store.clone();
    }
    let embedded = embedded_files();
    let mut store = FontStore::new();
    for font in embedded.iter().flat_map(|(_, faces)| faces) {
        store.push((font.clone(), font.info().clone()));
    }
    for path in files {
        if let Ok(data) = crate::paths::read_capped(&path, crate::limits::MAX_FONT_SIZE) {
            // A copy of an embedded font (this repository's own workspace holds the files we
            // embed) adds nothing but a second family of the same name for Typst to load.
            if embedded.iter().any(|(e, _)| **e == *data) {
                continue;
            }
            // The checks name a file skipped here (B108).
            if unusable(&data, data.len() as u64).is_some() {
                continue;
            }
            for font in Font::iter(Bytes::new(data)) {
                let info = font.info().clone();
                store.push((font, info));
            }
        }
    }
    let store = Arc::new(store);
    stores.insert(key, store.clone());
    store
}

/// Font files in a workspace's `assets/fonts/` folder, in name order: regular files inside the
/// workspace only.
pub fn workspace_font_files(root: &Path) -> Vec<PathBuf> {
    crate::paths::files_in(root, "assets/fonts", &["ttf", "otf", "ttc", "otc"])
}

/// The most faces a font collection may declare: real ones hold a few dozen.
const MAX_FACES: u64 = 256;

/// How many bytes of a font file [`unusable`] needs to judge it.
pub const HEADER: u64 = 12 + 4 * MAX_FACES;

/// Why a font file of `len` bytes, starting with `head`, cannot be used, judged from its header:
/// not an OpenType or TrueType font, or a collection declaring more faces than it could hold
/// (a corrupt `.ttc` declaring billions had Typst try each one in turn).
pub fn unusable(head: &[u8], len: u64) -> Option<&'static str> {
    let Some(tag) = head.get(..4) else {
        return Some("it is too short to be a font");
    };
    match tag {
        b"ttcf" => {
            let count = head
                .get(8..12)
                .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as u64);
            (count == 0 || count > MAX_FACES || 12 + 4 * count > len)
                .then_some("it is a font collection whose header is damaged")
        }
        [0, 1, 0, 0] | b"OTTO" | b"true" => None,
        b"wOFF" | b"wOF2" => Some("it is a web font (WOFF); use the .ttf or .otf file"),
        _ => Some("it is not an OpenType or TrueType font"),
    }
}

/// The workspace's font files that cannot be used, and why: each is skipped by the builds.
pub fn unusable_files(root: &Path) -> Vec<(PathBuf, &'static str)> {
    use std::io::Read;
    workspace_font_files(root)
        .into_iter()
        .filter_map(|path| {
            let file = std::fs::File::open(&path).ok()?;
            let len = file.metadata().ok()?.len();
            let mut head = Vec::new();
            file.take(HEADER).read_to_end(&mut head).ok()?;
            unusable(&head, len).map(|why| (path, why))
        })
        .collect()
}

/// Whether some font of the workspace can show a character.
pub fn can_show(fonts: &FontStore, c: char) -> bool {
    let book = fonts.book();
    (0..)
        .map_while(|i| book.info(i))
        .any(|info| info.coverage.contains(c as u32))
}
