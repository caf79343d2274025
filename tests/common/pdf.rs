//! Reading the PDFs `brief` writes back, in pure Rust: text, page count, metadata, bookmarks, links
//! and structure tags. It uses hayro, the PDF reader Typst already builds (so it costs no compile
//! time), instead of poppler's tools, so `cargo test` needs nothing but the Rust toolchain.
//!
//! For tests only: a file that cannot be read panics naming it; odd or missing parts inside a
//! readable PDF give empty values, never a panic.
#![allow(dead_code)] // each test file uses its own part

use std::path::Path;

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::content::{ops::TypedInstruction, TypedIter};
use hayro_interpret::hayro_syntax::object::{
    Array, DateTime, Dict, MaybeRef, Name, Object, Stream,
};
use hayro_interpret::hayro_syntax::{object::String as PdfString, page::Resources, Pdf};
use hayro_interpret::{BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image};
use hayro_interpret::{InterpreterCache, InterpreterSettings, Paint, PathDrawMode, SoftMask};
use kurbo::{Affine, BezPath, Point, Rect};

/// Deeper nesting than this (forms, outlines, structure trees) is taken to be a reference cycle.
const MAX_DEPTH: usize = 64;

/// A PDF's text in reading order with whitespace runs made single spaces, as the poppler-based
/// `pdf_text` gave it (see `raw_text` for lines and hyphens).
pub fn text(path: &Path) -> String {
    raw_text(path)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A PDF's text, a newline ending each line and a form feed each page, in content order (which
/// for Typst is reading order; pdftotext instead guesses columns from positions, so the two
/// differ only in the order of side-by-side blocks). Rotated text, a draft mark, is included.
/// Soft hyphens are dropped, and a word hyphenated or broken after a hyphen at a line end is
/// joined again: "end-to-end" stays whole (pdftotext gave "end-toend").
pub fn raw_text(path: &Path) -> String {
    let pdf = open(path);
    let cache = InterpreterCache::new();
    let mut out = String::new();
    for page in pdf.pages().iter() {
        // Only relative glyph positions matter, so no page transform or real bounding box.
        let settings = InterpreterSettings {
            render_annotations: false,
            ..Default::default()
        };
        let bbox = Rect::new(0.0, 0.0, 1.0, 1.0);
        let mut ctx = Context::new(Affine::IDENTITY, bbox, &cache, pdf.xref(), settings);
        let mut sink = TextSink {
            out,
            ..Default::default()
        };
        let content = page.page_stream().unwrap_or_default();
        marks(content, page.resources(), &mut sink.marks, 0);
        sink.marks.reverse(); // to be taken off the end
        hayro_interpret::interpret_page(page, &mut ctx, &mut sink);
        sink.line_break();
        out = sink.out + "\u{c}";
    }
    out.replace('\u{ad}', "")
}

/// The tag and `/ActualText` of each marked-content sequence of a content stream and the forms
/// it draws, in the order hayro's interpreter reports them to a `Device`, which is told only the
/// tag. krilla gives a hyphen whose glyph also serves hyphenation points (mapped to U+00AD in
/// the font's ToUnicode) an `/ActualText (-)`: without it "end-to-end" reads "endtoend".
fn marks(content: &[u8], res: &Resources, out: &mut Vec<(Vec<u8>, Option<String>)>, depth: usize) {
    let mut ops = TypedIter::new(content);
    while let Some(op) = ops.next() {
        match op {
            TypedInstruction::BeginMarkedContent(bmc) => out.push((bmc.0.to_vec(), None)),
            TypedInstruction::BeginMarkedContentWithProperties(bdc) => {
                // Properties are inline or named in the resources.
                let props = match bdc.1 {
                    Object::Dict(d) => Some(d.clone()),
                    Object::Name(n) => res.properties.get::<Dict>(n.as_ref()),
                    _ => None,
                };
                let actual = props.map(|p| string(&p, "ActualText"));
                out.push((bdc.0.to_vec(), actual.filter(|a| !a.is_empty())));
            }
            TypedInstruction::XObject(x) if depth < MAX_DEPTH => {
                let form = res
                    .get_x_object(x.0)
                    .filter(|f| is(f.dict(), "Subtype", "Form"));
                if let Some(form) = form {
                    let inner = form.dict().get::<Dict>("Resources").unwrap_or_default();
                    let inner = Resources::from_parent(inner, res.clone());
                    marks(&form.decoded().unwrap_or_default(), &inner, out, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// Collects the text of the glyphs drawn, inferring line ends and gaps from their positions:
/// Typst writes each word space as a glyph, but not the space where a line breaks.
#[derive(Default)]
struct TextSink {
    out: String,
    /// The previous glyph's glyph-space-to-page transform and advance (glyph units, 1000/em).
    last: Option<(Affine, f64)>,
    /// This page's marked-content sequences not yet begun (see `marks`), the next one last.
    marks: Vec<(Vec<u8>, Option<String>)>,
    /// How many marked-content sequences are open.
    depth: usize,
    /// Inside a sequence with an ActualText: its depth, and the text until written in place of
    /// the first glyph (the others are dropped).
    actual: Option<(usize, Option<String>)>,
    /// Where each glyph was drawn: from its origin to its advance, on its baseline.
    glyphs: Vec<Placed>,
}

impl TextSink {
    /// End a line, unless it ends in a hyphenation point (dropped) or a hyphen, which continue
    /// the word on the next line.
    fn line_break(&mut self) {
        if self.out.ends_with('\u{ad}') {
            self.out.pop();
        } else if !self.out.is_empty() && !self.out.ends_with(['-', '\n']) {
            self.out.push('\n');
        }
    }
}

impl<'a> Device<'a> for TextSink {
    fn draw_glyph(
        &mut self,
        g: &Glyph<'a>,
        ctm: Affine,
        gt: Affine,
        _: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        let m = ctm * gt;
        let advance = match g {
            Glyph::Outline(o) => o.advance_width().unwrap_or(0.0) as f64,
            Glyph::Type3(_) => 0.0,
        };
        // A later glyph of an ActualText sequence is silent, and leaves lines as they are.
        let later = matches!(self.actual, Some((_, None)));
        let text = match &mut self.actual {
            Some((_, actual)) => actual.take(),
            None => match g.as_unicode() {
                Some(BfString::Char(c)) => Some(c.to_string()),
                Some(BfString::String(s)) => Some(s),
                None => None, // no ToUnicode entry; pdftotext prints nothing useful either
            },
        };
        if let Some((prev, prev_advance)) = self.last.filter(|_| !later) {
            // Where this glyph starts in the previous glyph's coordinates (1000 units per em, x
            // along its baseline), whatever the font size or rotation (of a draft mark, say).
            let p = prev.inverse() * (m * Point::ORIGIN);
            let (dx, dy) = (p.x - prev_advance, p.y);
            if !(dx.is_finite() && dy.is_finite()) || dy.abs() > 500.0 || dx < -500.0 {
                // Half an em off the baseline, or back by more: a new line or block.
                self.line_break();
            } else if dx > 450.0 && !self.out.ends_with([' ', '\n']) {
                // A gap with no space glyph: another run on the line (a number in a box, a date
                // after a rule). Narrower gaps are letter-spacing, as in tracked capitals and
                // "###", which pdftotext closes up too.
                self.out.push(' ');
            }
        }
        self.out.push_str(text.as_deref().unwrap_or(""));
        self.last = Some((m, advance));
        let (from, to) = (m * Point::ORIGIN, m * Point::new(advance, 0.0));
        self.glyphs.push(Placed {
            x: (from.x.min(to.x), from.x.max(to.x)),
            y: from.y,
        });
    }
    fn begin_marked_content(&mut self, tag: &[u8], _: Option<i32>) {
        // Trust the pre-scan only while its tags match what the interpreter reports.
        let actual = match self.marks.pop() {
            Some((t, actual)) if t == tag => actual,
            _ => {
                self.marks.clear();
                None
            }
        };
        if self.actual.is_none() && actual.is_some() {
            self.actual = Some((self.depth, actual));
        }
        self.depth += 1;
    }
    fn end_marked_content(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.actual.as_ref().is_some_and(|(d, _)| *d == self.depth) {
            self.actual = None;
        }
    }
    // Only glyphs matter for text.
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'a>, _: &PathDrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// A glyph on the page, in points from the page's top left corner: the span of its advance, and
/// its baseline.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub x: (f64, f64),
    pub y: f64,
}

/// Every page's size and where its glyphs were drawn.
pub fn glyphs(path: &Path) -> Vec<((f64, f64), Vec<Placed>)> {
    let pdf = open(path);
    let cache = InterpreterCache::new();
    let mut out = Vec::new();
    for page in pdf.pages().iter() {
        let settings = InterpreterSettings {
            render_annotations: false,
            ..Default::default()
        };
        let (w, h) = page.render_dimensions();
        let bbox = Rect::new(0.0, 0.0, w as f64, h as f64);
        let mut ctx = Context::new(
            Affine::new(page.initial_transform(true).as_coeffs()),
            bbox,
            &cache,
            pdf.xref(),
            settings,
        );
        let mut sink = TextSink::default();
        hayro_interpret::interpret_page(page, &mut ctx, &mut sink);
        out.push(((w as f64, h as f64), sink.glyphs));
    }
    out
}

/// A PDF's page count.
pub fn pages(path: &Path) -> usize {
    open(path).pages().len()
}

/// What `pdfinfo` reported, from the document information dictionary and the catalog. A missing
/// entry is an empty string.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Info {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    pub creator: String,
    pub producer: String,
    /// `/CreationDate` as `YYYY-MM-DD` (pdfinfo's `CreationDate`, without time or zone).
    pub created: String,
    /// The catalog's `/Lang`, e.g. `en-CA`.
    pub lang: String,
    /// `/MarkInfo << /Marked true >>` and a `/StructTreeRoot`: pdfinfo's "Tagged: yes".
    pub tagged: bool,
    /// E.g. "1.7".
    pub version: String,
    /// The first page's visible size in points, width and height (pdfinfo's "Page size").
    pub page_size: (f32, f32),
    /// The XMP metadata stream, where PDF/A and PDF/UA identify themselves; or empty.
    pub xmp: String,
}

/// A PDF's metadata.
pub fn info(path: &Path) -> Info {
    let pdf = open(path);
    let (meta, catalog) = (pdf.metadata(), catalog(&pdf));
    let field = |v: &Option<Vec<u8>>| v.as_deref().map(decode_text).unwrap_or_default();
    let marked = catalog
        .get::<Dict>("MarkInfo")
        .and_then(|m| m.get::<bool>("Marked"));
    let date = |d: DateTime| format!("{}-{:02}-{:02}", d.year, d.month, d.day);
    let v = format!("{:?}", pdf.version()); // hayro names them `Pdf17`, `Pdf20`
    let (major, minor) = (v.get(3..4).unwrap_or("?"), v.get(4..).unwrap_or("?"));
    let xmp = catalog
        .get::<Stream>("Metadata")
        .and_then(|s| s.decoded().ok());
    let size = pdf.pages().first().map(|p| p.base_dimensions());
    Info {
        title: field(&meta.title),
        author: field(&meta.author),
        subject: field(&meta.subject),
        keywords: field(&meta.keywords),
        creator: field(&meta.creator),
        producer: field(&meta.producer),
        created: meta.creation_date.map(date).unwrap_or_default(),
        lang: string(&catalog, "Lang"),
        tagged: marked == Some(true) && catalog.contains_key("StructTreeRoot"),
        version: format!("{major}.{minor}"),
        page_size: size.unwrap_or_default(),
        xmp: String::from_utf8_lossy(&xmp.unwrap_or_default()).into_owned(),
    }
}

/// The bookmark titles, depth first: each before its children, they before its next sibling.
pub fn outline(path: &Path) -> Vec<String> {
    fn walk(mut item: Option<Dict>, depth: usize, out: &mut Vec<String>) {
        // The length cap stops a malformed /Next chain that loops.
        while let Some(i) = item.filter(|_| depth < MAX_DEPTH && out.len() < 100_000) {
            out.push(string(&i, "Title"));
            walk(i.get::<Dict>("First"), depth + 1, out);
            item = i.get::<Dict>("Next");
        }
    }
    let pdf = open(path);
    let mut out = Vec::new();
    let outlines = catalog(&pdf).get::<Dict>("Outlines");
    walk(outlines.and_then(|o| o.get::<Dict>("First")), 0, &mut out);
    out
}

/// The URI of every link annotation, page by page.
pub fn links(path: &Path) -> Vec<String> {
    let pdf = open(path);
    let mut out = Vec::new();
    for page in pdf.pages().iter() {
        for annot in items(page.raw().get::<Array>("Annots")).filter_map(Object::into_dict) {
            let action = annot.get::<Dict>("A").unwrap_or_default();
            if is(&annot, "Subtype", "Link") && is(&action, "S", "URI") {
                out.push(string(&action, "URI"));
            }
        }
    }
    out
}

/// The type (`/S`: "H1", "P", "Figure"…) of every structure element, depth first, as written
/// (not mapped through `/RoleMap`).
pub fn struct_roles(path: &Path) -> Vec<String> {
    fn walk(kids: Option<Object>, depth: usize, out: &mut Vec<String>) {
        // /K holds one kid or an array of them; only kids that are elements have /S (the others
        // are marked-content and object references).
        let kids: Vec<Object> = match kids {
            Some(Object::Array(a)) => items(Some(a)).collect(),
            kid => kid.into_iter().collect(),
        };
        for elem in kids.into_iter().filter_map(Object::into_dict) {
            if let Some(s) = elem.get::<Name>("S").filter(|_| depth < MAX_DEPTH) {
                out.push(s.as_str().to_string());
                walk(elem.get::<Object>("K"), depth + 1, out);
            }
        }
    }
    let pdf = open(path);
    let mut out = Vec::new();
    let root = catalog(&pdf).get::<Dict>("StructTreeRoot");
    walk(root.and_then(|r| r.get::<Object>("K")), 0, &mut out);
    out
}

/// Read and parse a PDF; a test cannot go on without it.
fn open(path: &Path) -> Pdf {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    Pdf::new(data).unwrap_or_else(|e| panic!("{} is not a readable PDF: {e:?}", path.display()))
}

/// The document catalog, or an empty dictionary.
fn catalog(pdf: &Pdf) -> Dict<'_> {
    pdf.xref()
        .get::<Dict>(pdf.xref().root_id())
        .unwrap_or_default()
}

/// An array's items, references resolved; none for no array.
fn items<'a>(array: Option<Array<'a>>) -> impl Iterator<Item = Object<'a>> {
    array
        .into_iter()
        .flat_map(|a| a.iter::<Object>().collect::<Vec<_>>())
}

/// Whether a dictionary's `key` is the name `value`.
fn is(dict: &Dict, key: &str, value: &str) -> bool {
    dict.get::<Name>(key).is_some_and(|n| n.as_str() == value)
}

/// A text string entry of a dictionary, decoded; empty if missing.
fn string(dict: &Dict, key: &str) -> String {
    dict.get::<PdfString>(key)
        .map(|s| decode_text(s.as_bytes()))
        .unwrap_or_default()
}

/// Decode a PDF text string: UTF-16BE or UTF-8 after a byte-order mark, else PDFDocEncoding
/// (Latin-1 but for typographic marks in 0x80–0xA0).
fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]));
        return String::from_utf16_lossy(&units.collect::<Vec<_>>());
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    const HIGH: &str = "•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž�€";
    let pdf_doc = |b: u8| match b {
        0x80..=0xA0 => HIGH.chars().nth(usize::from(b) - 0x80).unwrap_or('�'),
        _ => char::from(b),
    };
    bytes.iter().map(|&b| pdf_doc(b)).collect()
}

/// A link inside the document.
#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    /// The page it is on, from 1.
    pub page: usize,
    /// The page it leads to, from 1.
    pub to_page: usize,
    /// The height it leads to on that page, in points from the bottom.
    pub to_y: f32,
}

/// Every link annotation whose destination is a place in the document (`/Dest [page /XYZ x y
/// z]`, directly or through a `/GoTo` action), page by page.
pub fn internal_links(path: &Path) -> Vec<InternalLink> {
    let pdf = open(path);
    let ids: Vec<_> = pdf.pages().iter().map(|p| p.raw().obj_id()).collect();
    let mut out = Vec::new();
    for (n, page) in pdf.pages().iter().enumerate() {
        for annot in items(page.raw().get::<Array>("Annots")).filter_map(Object::into_dict) {
            if !is(&annot, "Subtype", "Link") {
                continue;
            }
            let dest = annot.get::<Array>("Dest").or_else(|| {
                annot
                    .get::<Dict>("A")
                    .filter(|a| is(a, "S", "GoTo"))
                    .and_then(|a| a.get::<Array>("D"))
            });
            let Some(dest) = dest else { continue };
            // The page is compared by reference: hayro does not resolve a page from inside
            // itself (a link to its own page).
            let target = dest.raw_iter().next().and_then(|r| r.as_obj_ref());
            let to_page = target.and_then(|t| ids.iter().position(|id| *id == Some(t.into())));
            let to_y = match dest.raw_iter().nth(3) {
                Some(MaybeRef::NotRef(Object::Number(y))) => y.as_f64() as f32,
                _ => 0.0,
            };
            if let Some(p) = to_page {
                out.push(InternalLink {
                    page: n + 1,
                    to_page: p + 1,
                    to_y,
                });
            }
        }
    }
    out
}

/// The alternative text (`/Alt`) of every structure element of a type (such as "Figure"), depth
/// first.
pub fn alts(path: &Path, role: &str) -> Vec<String> {
    fn walk(kids: Option<Object>, role: &str, depth: usize, out: &mut Vec<String>) {
        let kids: Vec<Object> = match kids {
            Some(Object::Array(a)) => items(Some(a)).collect(),
            kid => kid.into_iter().collect(),
        };
        for elem in kids.into_iter().filter_map(Object::into_dict) {
            if let Some(s) = elem.get::<Name>("S").filter(|_| depth < MAX_DEPTH) {
                if s.as_str() == role {
                    out.push(string(&elem, "Alt"));
                }
                walk(elem.get::<Object>("K"), role, depth + 1, out);
            }
        }
    }
    let pdf = open(path);
    let mut out = Vec::new();
    let root = catalog(&pdf).get::<Dict>("StructTreeRoot");
    walk(root.and_then(|r| r.get::<Object>("K")), role, 0, &mut out);
    out
}
