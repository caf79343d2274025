//! The page in the brief's own typefaces, as the PDF has them: each face the stylesheet uses
//! (Inter for headings and figures, Libertinus Serif for the text), cut down to the characters
//! the page holds and inlined, so that the page stays one self-contained file. `subsetter`
//! makes the subset (for PDFs, without a character map); a character map is added back, built
//! with `write-fonts`, because a browser finds glyphs through it.

use std::collections::BTreeSet;
use std::fmt::Write;

use base64::Engine;
use read_fonts::{FontRef, TableProvider};
use write_fonts::tables::cmap::Cmap;
use write_fonts::types::{GlyphId, Tag};

/// The faces a page may use: family, weight and style as the stylesheet names them.
const FACES: &[(&str, u16, bool)] = &[
    ("Inter", 400, false),
    ("Inter", 600, false),
    ("Inter", 700, false),
    ("Libertinus Serif", 400, false),
    ("Libertinus Serif", 400, true),
    ("Libertinus Serif", 700, false),
];

/// `@font-face` rules for every face of [`FACES`], each holding the glyphs of `text`'s
/// characters; a face that cannot be cut is left out (the stylesheet falls back to the
/// reader's fonts).
pub(super) fn faces_css(text: &str) -> String {
    // Every printable ASCII character (the page escapes some as entities), and the others the
    // page holds.
    let chars: BTreeSet<char> = text
        .chars()
        .filter(|c| !c.is_ascii() && !c.is_control())
        .chain((' '..='~').chain(['\u{A0}', '\u{202F}']))
        .collect();
    // Cutting six faces takes about 4 ms, and a save in `serve` seldom brings a character the
    // page did not hold: the rules for the last few sets of characters are kept.
    static KEPT: crate::kept::Kept<BTreeSet<char>, String> = crate::kept::Kept::new(8);
    KEPT.get_or_make(chars, cut_faces)
}

/// The `@font-face` rules of [`faces_css`], made afresh.
fn cut_faces(chars: &BTreeSet<char>) -> String {
    let mut css = String::new();
    for (family, weight, italic) in FACES {
        let face = crate::fonts::embedded_faces().find(|(_, f)| {
            let info = f.info();
            info.family == *family
                && info.variant.weight.to_number() == *weight
                && (info.variant.style == typst::text::FontStyle::Italic) == *italic
        });
        let Some((data, font)) = face else { continue };
        let Some(bytes) = subset(data, font, chars) else {
            continue;
        };
        let _ = writeln!(
            css,
            "@font-face {{ font-family: \"{family}\"; font-weight: {weight}; font-style: {}; \
             font-display: swap; src: url(data:font/otf;base64,{}) format(\"opentype\"); }}",
            if *italic { "italic" } else { "normal" },
            base64::engine::general_purpose::STANDARD.encode(bytes)
        );
    }
    css
}

/// The face cut to `chars`, with a character map; none if it cannot be cut.
fn subset(data: &[u8], font: &typst::text::Font, chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let index = font.index();
    let original = FontRef::from_index(data, index).ok()?;
    let map = original.cmap().ok()?;
    let mut remapper = subsetter::GlyphRemapper::new();
    let found: Vec<(char, u16)> = chars
        .iter()
        .filter_map(|c| {
            let gid = map.map_codepoint(*c)?.to_u32();
            Some((*c, u16::try_from(gid).ok()?))
        })
        .collect();
    for (_, gid) in &found {
        remapper.remap(*gid);
    }
    let cut = subsetter::subset(data, index, &remapper).ok()?;
    let cmap = Cmap::from_mappings(
        found
            .iter()
            .filter_map(|(c, gid)| Some((*c, GlyphId::new(remapper.get(*gid)? as u32)))),
    )
    .ok()?;
    let cut_ref = FontRef::new(&cut).ok()?;
    let mut builder = write_fonts::FontBuilder::new();
    builder.add_table(&cmap).ok()?;
    // OS/2 holds the metrics browsers lay lines out with; the subset has none.
    if let Some(os2) = original.data_for_tag(Tag::new(b"OS/2")) {
        builder.add_raw(Tag::new(b"OS/2"), os2.as_bytes().to_vec());
    }
    if cut_ref.hhea().is_err() {
        if let Some(hhea) = original.data_for_tag(Tag::new(b"hhea")) {
            builder.add_raw(Tag::new(b"hhea"), hhea.as_bytes().to_vec());
        }
    }
    builder.copy_missing_tables(cut_ref);
    Some(builder.build())
}
