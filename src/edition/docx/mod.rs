//! The Word edition: a `.docx` for the review and sign-off loop, from the same
//! [`TemplateData`](crate::render::TemplateData) and formatted citations as the other editions.
//! Real Word structure: built-in styles (Title, Heading 1-2, Quote, List Number, Caption,
//! Footnote Text, Bibliography) so that the navigation pane and a house template work; the
//! asks as a table with a repeated header row; note styles' citations as real footnotes;
//! charts as pictures with their text alternative and the numbers as a table; the title and
//! language in the document's properties. Written part by part (see [`parts`]) into a ZIP with
//! fixed times, so that the same brief gives the same bytes. A workspace's
//! `assets/word/reference.docx` (pandoc's convention) gives its styles.

mod body;
mod chart;
mod contact;
mod parts;
mod picture;
pub mod redline;
mod statement;
mod table;
mod xml;
pub mod zip;

use std::path::PathBuf;

use super::{Job, Made, Maker};
use crate::diagnostic::{Diagnostic, Problem};
use zip::Part;

/// Where a workspace keeps its house template.
pub const REFERENCE: &str = "assets/word/reference.docx";

/// The largest styles or theme part read from a house template.
const MAX_STYLES: u64 = 4 * 1024 * 1024;

/// The Word edition.
pub struct Docx;

impl Maker for Docx {
    fn extension(&self) -> &'static str {
        "docx"
    }

    fn noun(&self) -> &'static str {
        "Word file"
    }

    fn make(&self, job: &Job, read: &mut Vec<PathBuf>) -> Result<Made, Vec<Diagnostic>> {
        let house = house_template(&job.workspace.root, read).map_err(|d| vec![d])?;
        let mut doc = body::Doc::new(job.data);
        doc.logo = logo(job.workspace);
        body::write(&mut doc);
        Ok(Made {
            bytes: package(
                &doc,
                [&job.data.front.title, &job.data.front.short_title],
                house.as_ref(),
            ),
            pages: None,
            warnings: Vec::new(),
        })
    }

    /// A Word file this tool wrote: a ZIP whose properties name this tool as its application.
    fn ours(&self, bytes: &[u8]) -> bool {
        let tag = parts::APPLICATION.as_bytes();
        bytes.starts_with(b"PK\x03\x04") && crate::paths::holds(bytes, tag)
    }
}

/// The parts a house template gives: its styles, and its theme if it has one.
struct House {
    styles: String,
    theme: Option<Vec<u8>>,
}

/// The workspace's house template, if it has one; an error when it is there but is not a
/// Word file with styles.
fn house_template(
    root: &std::path::Path,
    read: &mut Vec<PathBuf>,
) -> Result<Option<House>, Diagnostic> {
    let Some(path) = crate::paths::resolve_in_workspace(root, REFERENCE) else {
        return Ok(None);
    };
    read.push(path.clone());
    if !path.is_file() {
        return Ok(None);
    }
    let bad = |message: &str| {
        Diagnostic::about(
            Problem::BadAsset {
                key: "Word template",
                path: REFERENCE.into(),
                message: message.into(),
            },
            &path,
        )
    };
    let bytes = crate::paths::read_capped(&path, crate::limits::MAX_ASSET_SIZE)
        .map_err(|_| bad("it cannot be read"))?;
    let styles = zip::read(&bytes, "word/styles.xml", MAX_STYLES)
        .and_then(|s| String::from_utf8(s).ok())
        .filter(|s| s.contains("</w:styles>"))
        .ok_or_else(|| bad("it is not a Word file with styles (word/styles.xml)"))?;
    let theme = zip::read(&bytes, "word/theme/theme1.xml", MAX_STYLES);
    Ok(Some(House { styles, theme }))
}

/// A redline of a brief: its Word file with what changed since `old` as tracked changes by
/// `author` on `date` (`YYYY-MM-DD`), so that Accept All gives this version and Reject All the
/// old one.
pub fn redline(
    ws: &crate::model::Workspace,
    data: &crate::render::TemplateData,
    old: crate::compare::Version,
    new: crate::compare::Version,
    author: &str,
    date: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let house = house_template(&ws.root, &mut Vec::new())?;
    let mut doc = body::Doc::new(data);
    doc.logo = logo(ws);
    doc.redline = Some(redline::Redline {
        old,
        new,
        author: author.to_string(),
        date: date.to_string(),
    });
    body::write(&mut doc);
    let front = &data.front;
    Ok(package(
        &doc,
        [&front.title, &front.short_title],
        house.as_ref(),
    ))
}

/// What a briefing pack's Word file says before its briefs.
pub struct Cover<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    /// The date as the first brief's language writes it.
    pub date: Option<String>,
    pub audience: &'a [String],
}

/// A briefing pack as one Word file: a cover with the contents, then each brief from a new
/// page, in its layout's order, with the first brief's styles (or the workspace's house
/// template) and language.
pub fn pack(
    root: &std::path::Path,
    briefs: &[&crate::render::TemplateData],
    cover: &Cover,
) -> Result<Vec<u8>, Diagnostic> {
    let house = house_template(root, &mut Vec::new())?;
    let Some(first) = briefs.first() else {
        return Ok(Vec::new());
    };
    let mut doc = body::Doc::new(first);
    doc.logo = root_logo(root, first);
    body::cover(&mut doc, cover, briefs);
    for data in briefs {
        doc.data = data;
        doc.body
            .push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
        body::write(&mut doc);
    }
    doc.data = first;
    Ok(package(&doc, [cover.title, cover.title], house.as_ref()))
}

/// The Word file's bytes, of a body written; `title` in its properties, `short` in its footer.
fn package(doc: &body::Doc, [title, short]: [&str; 2], house: Option<&House>) -> Vec<u8> {
    let data = doc.data;
    let draft = data.front.draft;
    let (section, text_width) = parts::section(data.front.style.paper, draft);
    let ours = parts::our_styles(doc);
    let lang = parts::language(doc);
    let styles = house
        .and_then(|h| parts::house_styles(&h.styles, &ours, &lang))
        .unwrap_or(ours);
    let theme = house.and_then(|h| h.theme.clone());
    let mut list = vec![
        part(
            "[Content_Types].xml",
            parts::content_types(draft, theme.is_some(), doc.comment.is_some()),
        ),
        part("_rels/.rels", parts::package_rels()),
        part("docProps/app.xml", parts::app()),
        part("docProps/core.xml", parts::core(doc, title)),
        part("word/document.xml", parts::document(&doc.body, &section)),
        part(
            "word/_rels/document.xml.rels",
            parts::document_rels(&doc.rels, draft, theme.is_some(), doc.comment.is_some()),
        ),
        part("word/styles.xml", styles),
        part("word/numbering.xml", parts::numbering(&doc.lists)),
        part("word/settings.xml", parts::settings(doc)),
        part("word/footnotes.xml", parts::footnotes(&doc.footnotes)),
        part("word/footer1.xml", parts::footer(doc, short, text_width)),
    ];
    if draft {
        list.push(part("word/header1.xml", parts::draft_header(doc)));
    }
    if let Some(paras) = &doc.comment {
        list.push(part("word/comments.xml", parts::comments(doc, paras)));
    }
    if let Some(theme) = theme {
        list.push(Part {
            name: "word/theme/theme1.xml".into(),
            bytes: theme,
        });
    }
    for (i, m) in doc.media.iter().enumerate() {
        list.push(Part {
            name: format!("word/media/image{}.{}", i + 1, m.ext),
            bytes: m.bytes.clone(),
        });
    }
    zip::write(&list)
}

/// The workspace's logo, as the masthead draws it.
fn logo(ws: &crate::model::Workspace) -> Option<(picture::Media, (u32, u32))> {
    let rel = ws.organisation.logo.as_ref()?;
    picture::logo(&ws.root, &rel.value)
}

/// A pack's logo: the first brief's organisation's, found under the workspace root.
fn root_logo(
    root: &std::path::Path,
    data: &crate::render::TemplateData,
) -> Option<(picture::Media, (u32, u32))> {
    picture::logo(root, data.front.organisation.logo.as_deref()?)
}

fn part(name: &str, text: String) -> Part {
    Part {
        name: name.into(),
        bytes: text.into_bytes(),
    }
}
