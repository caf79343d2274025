//! Pictures in the Word file: each file once in the package, each drawing with an id of its
//! own and its alternative text (Word's checker and screen readers read `descr`).

use std::fmt::Write;

use super::body::{Doc, Rel};
use super::xml;

/// A picture file of the package: its bytes and extension (`png`, `jpeg`).
pub struct Media {
    pub bytes: Vec<u8>,
    pub ext: &'static str,
}

/// EMUs in an inch, Word's unit for a drawing's size.
pub const EMU_PER_INCH: u64 = 914_400;

/// Add a file to the package; its relationship id.
pub fn add(doc: &mut Doc, bytes: Vec<u8>, ext: &'static str) -> String {
    doc.media.push(Media { bytes, ext });
    let n = doc.media.len();
    let id = format!("rIdImg{n}");
    doc.rels.push(Rel {
        id: id.clone(),
        kind: "image",
        target: format!("media/image{n}.{ext}"),
        external: false,
    });
    id
}

/// A run drawing the picture of relationship `rel`, `cx` by `cy` EMUs, named by `alt`.
pub fn run(doc: &mut Doc, rel: &str, (cx, cy): (u64, u64), alt: &str, name: &str) -> String {
    doc.drawings += 1;
    let n = doc.drawings;
    let alt = xml::attr(alt);
    let name = xml::attr(name);
    let mut out = String::new();
    let _ = write!(
        out,
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
         <wp:docPr id=\"{n}\" name=\"{name} {n}\" descr=\"{alt}\"/>\
         <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
         <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"{name} {n}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill><a:blip r:embed=\"{rel}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
         </a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    );
    out
}

/// The organisation's logo as a picture file, read from the workspace: a PNG or JPEG as it
/// is, an SVG drawn to a PNG; with its size in pixels. `None` when there is none or it cannot
/// be read (the PDF build names that problem).
pub fn logo(root: &std::path::Path, rel: &str) -> Option<(Media, (u32, u32))> {
    let path = crate::paths::resolve_in_workspace(root, rel)?;
    let bytes = crate::paths::read_capped(&path, crate::limits::MAX_ASSET_SIZE).ok()?;
    let lower = rel.to_lowercase();
    if lower.ends_with(".svg") {
        let options = usvg::Options {
            fontdb: fonts(),
            font_family: "Inter".into(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_data(&bytes, &options).ok()?;
        // 600 pixels across at most: sharp at the masthead's size, small in the file.
        let size = tree.size().to_int_size();
        let scale = (600.0 / size.width().max(1) as f32).min(8.0);
        let size = size.scale_by(scale)?;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())?;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        let png = pixmap.encode_png().ok()?;
        return Some((
            Media {
                bytes: png,
                ext: "png",
            },
            (size.width(), size.height()),
        ));
    }
    let ext = if lower.ends_with(".png") {
        "png"
    } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        "jpeg"
    } else {
        return None;
    };
    let size = imagesize::blob_size(&bytes).ok()?;
    let px = (size.width as u32, size.height as u32);
    Some((Media { bytes, ext }, px))
}

/// The faces a drawing is made with, loaded once a process: the PDF's sans-serif (Inter),
/// which a chart names and a logo's text falls back to, borrowed from the embedded files.
pub fn fonts() -> std::sync::Arc<usvg::fontdb::Database> {
    static FONTS: std::sync::OnceLock<std::sync::Arc<usvg::fontdb::Database>> =
        std::sync::OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            for data in crate::fonts::SANS_FONTS {
                db.load_font_source(usvg::fontdb::Source::Binary(std::sync::Arc::new(*data)));
            }
            std::sync::Arc::new(db)
        })
        .clone()
}
