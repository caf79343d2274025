//! The limits of the format and of what a build reads: each a promise to users (a brief never
//! takes minutes to lay out, a workspace someone sends cannot fill the memory). A leaf: every
//! stage may read them, and they depend on nothing.

/// The longest title the format allows, in characters.
pub const TITLE_LIMIT: usize = 160;

/// The most characters one text field may hold (about 3,000 words): layout time grows faster
/// than the text, and a brief is read, not scrolled.
pub const TEXT_LIMIT: usize = 20_000;

/// The most characters all the texts of one brief may hold together (about 15,000 words, some 40
/// pages), and of a one-pager (a page holds about 5,000): beyond, layout takes seconds to
/// minutes, and a one-pager could never fit.
pub const BRIEF_TEXT_LIMIT: usize = 100_000;

/// The most characters a one-line text may hold (a label, an addressee, an audience, a figure's
/// label…): a line that long no longer fits a line of any layout.
pub const LINE_LIMIT: usize = 300;

/// The same for a one-pager.
pub const ONE_PAGER_TEXT_LIMIT: usize = 12_000;

/// The most findings, and the most asks, one brief may hold.
pub const ITEM_LIMIT: usize = 500;

/// The longest web address a brief may hold, in bytes: browsers and servers stop at about 2,000,
/// and a PDF viewer Typst writes for refuses longer ones.
pub const URL_LIMIT: usize = 2_000;

/// Larger than any brief or library anyone writes by hand.
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// The largest citation library file read: a reference manager's whole export (40,000 entries
/// take about 20 MB); readers take time in proportion to it.
pub const MAX_LIBRARY_SIZE: u64 = 64 * 1024 * 1024;

/// The largest workspace file a template may read (an image, a CSL style, a Typst file).
pub const MAX_ASSET_SIZE: u64 = 64 * 1024 * 1024;

/// The largest font file read from a workspace (the embedded Noto CJK fonts are about 20 MiB).
pub const MAX_FONT_SIZE: u64 = 64 * 1024 * 1024;

/// The most pixels an image a build reads may have (a logo, an image of a custom template): a
/// page-wide photograph at print resolution has about 30 million; decoding an image takes four
/// bytes a pixel, so an image declaring 40,000 × 40,000 would take over 6 GB.
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// Whether an image's header declares a size within [`MAX_IMAGE_PIXELS`]; read from the header
/// alone, before anything decodes it. Bytes that are no image this knows pass: whoever decodes
/// them says what is wrong.
pub fn image_within(bytes: &[u8]) -> Result<(), String> {
    if let Ok(size) = imagesize::blob_size(bytes) {
        let pixels = size.width as u64 * size.height as u64;
        if pixels > MAX_IMAGE_PIXELS {
            return Err(format!(
                "it is {} × {} pixels, over the limit of {} million; export it smaller",
                size.width,
                size.height,
                MAX_IMAGE_PIXELS / 1_000_000
            ));
        }
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png_profile_within(bytes)?;
    }
    // Parsed only when it names a filter at all (a namespaced `<svg:filter>` too): the logo is
    // read on every build, and a second parse besides Typst's would cost every build for the
    // rare SVG that needs it.
    if is_svg(bytes) && bytes.windows(6).any(|w| w == b"filter") {
        svg_filters_within(bytes)?;
    }
    Ok(())
}

/// The largest colour profile an image may carry, inflated: real ones take a few kilobytes.
const MAX_PROFILE: u64 = 4 * 1024 * 1024;

/// A PNG's colour profile (its `iCCP` chunk, compressed) inflates to at most [`MAX_PROFILE`]:
/// one of 1 KB on disk inflated to 1.5 GB in the decoder.
fn png_profile_within(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read;
    let mut at = 8;
    while let Some(head) = bytes.get(at..at + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        let Some(data) = bytes.get(at + 8..(at + 8).saturating_add(len)) else {
            break;
        };
        if kind == b"IDAT" {
            break; // the profile comes before the image data
        }
        if kind == b"iCCP" {
            // A name of up to 79 bytes, a zero, the method byte, then the zlib stream.
            let Some(zero) = data.iter().position(|b| *b == 0) else {
                break;
            };
            let stream = data.get(zero + 2..).unwrap_or_default();
            let mut inflated = Vec::new();
            let read = flate2::read::ZlibDecoder::new(stream)
                .take(MAX_PROFILE + 1)
                .read_to_end(&mut inflated);
            if read.is_ok() && inflated.len() as u64 > MAX_PROFILE {
                return Err(format!(
                    "its colour profile inflates to over {} MB; export it without the \
                     profile, or with sRGB",
                    MAX_PROFILE / (1024 * 1024)
                ));
            }
        }
        at += 12 + len;
    }
    Ok(())
}

/// Whether bytes are an SVG document: XML whose first element, in the first few kilobytes, is
/// `<svg`.
fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
        && text.contains("<svg")
}

/// How much larger than the picture an SVG filter's region may be, in area: a drop shadow
/// or a glow reaches a little past the picture, not a hundred times its size.
const FILTER_AREA_FACTOR: f32 = 16.0;

/// Every filter region of an SVG (a blur, a shadow) within [`FILTER_AREA_FACTOR`] times the
/// picture's area and [`MAX_IMAGE_PIXELS`]: filters are drawn as pixels, and a region of
/// 100,000 × 100,000 took gigabytes. SVGs that do not parse pass: Typst says why.
fn svg_filters_within(bytes: &[u8]) -> Result<(), String> {
    fn largest(group: &usvg::Group, out: &mut f32) {
        if !group.filters().is_empty() {
            let r = group.abs_layer_bounding_box();
            *out = out.max(r.width() * r.height());
        }
        for child in group.children() {
            if let usvg::Node::Group(g) = child {
                largest(g, out);
            }
        }
    }
    let Ok(tree) = usvg::Tree::from_data(bytes, &usvg::Options::default()) else {
        return Ok(());
    };
    let mut area = 0.0f32;
    largest(tree.root(), &mut area);
    let picture = tree.size().width() * tree.size().height();
    if area > picture * FILTER_AREA_FACTOR || area > MAX_IMAGE_PIXELS as f32 {
        return Err(
            "a filter (a blur or a shadow) reaches far beyond the picture; export it with \
             the effect flattened, or as a PNG"
                .into(),
        );
    }
    Ok(())
}

/// Sources one brief may cite: a reference list of more is a report's, and formatting takes
/// about a millisecond a source.
pub const CITED_LIMIT: usize = 300;

/// Sources in one citation (`[@a; @b; …]`): a reader cannot follow more.
pub const CITE_GROUP_LIMIT: usize = 30;

/// The characters of a chart label printed under the plot: a longer one is cut there, with
/// an ellipsis (a label names a point: a year, a region; the finding says the rest).
pub const CHART_LABEL_SHOWN: usize = 40;

/// A chart label as printed: cut after [`CHART_LABEL_SHOWN`] characters (see [`cut_label`]).
pub fn chart_label(label: &str) -> String {
    cut_label(label, CHART_LABEL_SHOWN)
}

/// A label within `limit` characters: cut at a space where there is one in its second half,
/// with an ellipsis.
pub fn cut_label(label: &str, limit: usize) -> String {
    if label.chars().count() <= limit {
        return label.to_string();
    }
    let head: String = label.chars().take(limit.saturating_sub(1)).collect();
    let cut = match head.rfind(' ') {
        Some(i) if i > head.len() / 2 => &head[..i],
        _ => head.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':', '-']))
}

/// How many problems of one kind over a library (entries no brief cites, entries left out,
/// fields an import could not keep, keys renamed) are named one by one; beyond, one warning
/// names the first and counts the rest (a reference manager's whole export is not a wall of
/// warnings).
pub const NAMED_ONE_BY_ONE: usize = 10;

/// The most characters a word may have before a layout must be able to break it: `common.typ`
/// (`long-word`) holds the same number.
pub const LONG_WORD: usize = 24;

/// Whether a text holds a word that may not fit on any line: more than [`LONG_WORD`]
/// characters with no white space between them (a long URL, an identifier, a compound).
pub fn has_long_word(text: &str) -> bool {
    text.split(char::is_whitespace)
        .any(|w| w.chars().nth(LONG_WORD).is_some())
}
