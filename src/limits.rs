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
    let Ok(size) = imagesize::blob_size(bytes) else {
        return Ok(());
    };
    let pixels = size.width as u64 * size.height as u64;
    if pixels > MAX_IMAGE_PIXELS {
        return Err(format!(
            "it is {} × {} pixels, over the limit of {} million; export it smaller",
            size.width,
            size.height,
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// Sources one brief may cite: a reference list of more is a report's, and formatting takes
/// about a millisecond a source.
pub const CITED_LIMIT: usize = 300;

/// Sources in one citation (`[@a; @b; …]`): a reader cannot follow more.
pub const CITE_GROUP_LIMIT: usize = 30;
