//! The parts of the package besides the body: content types, relationships, document
//! properties, settings, styles (ours, or a workspace's house template with ours filling its
//! gaps), numbering, footnotes, the footer and a draft's header.

use std::fmt::Write;

use super::body::{Doc, Rel};
use super::xml::{self, attr, text};
use crate::model::Paper;

const STYLES: &str = include_str!("../../../assets/word/styles.xml");
const NUMBERING: &str = include_str!("../../../assets/word/numbering.xml");

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PR: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The language tag the document is written in: `fr-CA`, `en`.
pub fn language(doc: &Doc) -> String {
    let f = &doc.data.front;
    match &f.region {
        Some(r) => format!("{}-{r}", f.language),
        None => f.language.clone(),
    }
}

/// `[Content_Types].xml`.
pub fn content_types(header: bool, theme: bool, comments: bool) -> String {
    let mut s = format!(
        "{XML}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Default Extension=\"png\" ContentType=\"image/png\"/>\
         <Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>"
    );
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut parts = vec![
        ("/word/document.xml", format!("{wml}.document.main+xml")),
        ("/word/styles.xml", format!("{wml}.styles+xml")),
        ("/word/numbering.xml", format!("{wml}.numbering+xml")),
        ("/word/settings.xml", format!("{wml}.settings+xml")),
        ("/word/footnotes.xml", format!("{wml}.footnotes+xml")),
        ("/word/footer1.xml", format!("{wml}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".into(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
        ),
    ];
    if header {
        parts.push(("/word/header1.xml", format!("{wml}.header+xml")));
    }
    if comments {
        parts.push(("/word/comments.xml", format!("{wml}.comments+xml")));
    }
    if theme {
        parts.push((
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        ));
    }
    for (name, kind) in parts {
        let _ = write!(s, "<Override PartName=\"{name}\" ContentType=\"{kind}\"/>");
    }
    s.push_str("</Types>");
    s
}

/// `_rels/.rels`: the document and its properties.
pub fn package_rels() -> String {
    let od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    format!(
        "{XML}<Relationships xmlns=\"{PR}\">\
         <Relationship Id=\"rId1\" Type=\"{od}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{od}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

/// `word/_rels/document.xml.rels`: the fixed parts, then links and pictures.
pub fn document_rels(rels: &[Rel], header: bool, theme: bool, comments: bool) -> String {
    let mut fixed = vec![
        ("rId1", "styles", "styles.xml"),
        ("rId2", "numbering", "numbering.xml"),
        ("rId3", "settings", "settings.xml"),
        ("rId4", "footnotes", "footnotes.xml"),
        ("rId5", "footer", "footer1.xml"),
    ];
    if header {
        fixed.push(("rId6", "header", "header1.xml"));
    }
    if theme {
        fixed.push(("rId7", "theme", "theme/theme1.xml"));
    }
    if comments {
        fixed.push(("rId8", "comments", "comments.xml"));
    }
    let mut s = format!("{XML}<Relationships xmlns=\"{PR}\">");
    for (id, kind, target) in fixed {
        let _ = write!(
            s,
            "<Relationship Id=\"{id}\" Type=\"{R}/{kind}\" Target=\"{target}\"/>"
        );
    }
    for r in rels {
        let mode = if r.external {
            " TargetMode=\"External\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<Relationship Id=\"{}\" Type=\"{R}/{}\" Target=\"{}\"{mode}/>",
            r.id,
            r.kind,
            attr(&r.target)
        );
    }
    s.push_str("</Relationships>");
    s
}

/// `docProps/core.xml`: title, author, language, keywords, and the brief's date as the
/// document's (so that a rebuild gives the same bytes).
pub fn core(doc: &Doc, title: &str) -> String {
    let f = &doc.data.front;
    let creator = f
        .organisation
        .name
        .clone()
        .or_else(|| f.authors.iter().find_map(|a| a.name.clone()))
        .unwrap_or_default();
    let when = f
        .date
        .as_ref()
        .map_or_else(|| "2000-01-01".to_string(), |d| d.iso.clone());
    let description = doc.data.description.clone().unwrap_or_default();
    format!(
        "{XML}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>\
         <cp:keywords>{}</cp:keywords><dc:language>{}</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}T00:00:00Z</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}T00:00:00Z</dcterms:modified>\
         </cp:coreProperties>",
        text(title),
        text(&description),
        text(&creator),
        text(&f.keywords.join(", ")),
        text(&language(doc))
    )
}

/// The application that wrote the file, by which `ours` knows a Word file of this tool.
pub const APPLICATION: &str = "<Application>brief</Application>";

/// `docProps/app.xml`.
pub fn app() -> String {
    format!(
        "{XML}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         {APPLICATION}</Properties>"
    )
}

/// `word/settings.xml`: the footnote separators, the language of the theme's fonts.
pub fn settings(doc: &Doc) -> String {
    format!(
        "{XML}<w:settings xmlns:w=\"{W}\"><w:zoom w:percent=\"100\"/>\
         <w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"{}\"/></w:settings>",
        attr(&language(doc))
    )
}

/// Our styles, filled in for this brief.
pub fn our_styles(doc: &Doc) -> String {
    let style = &doc.data.front.style;
    let hex = |c: &str| c.trim_start_matches('#').to_uppercase();
    // The template's comment is for designers, not for Word.
    let body = STYLES
        .split_once("-->")
        .map_or(STYLES, |(_, rest)| rest)
        .trim_start();
    format!("{XML}{body}")
        .replace("{{serif}}", "Libertinus Serif")
        .replace("{{sans}}", "Inter")
        .replace("{{accent}}", &hex(&style.accent))
        .replace("{{accent-ink}}", &hex(&style.accent_ink))
        .replace("{{lang}}", &attr(&language(doc)))
}

/// A house template's styles with ours added for every style id it lacks, and the brief's
/// language as its default. `None` when its styles part is not one Word could read.
pub fn house_styles(theirs: &str, ours: &str, lang: &str) -> Option<String> {
    let end = theirs.rfind("</w:styles>")?;
    let mut out = theirs[..end].to_string();
    let mut rest = ours;
    while let Some(start) = rest.find("<w:style ") {
        let Some(len) = rest[start..].find("</w:style>") else {
            break;
        };
        let block = &rest[start..start + len + "</w:style>".len()];
        rest = &rest[start + block.len()..];
        let id = block
            .split("w:styleId=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("");
        if !theirs.contains(&format!("w:styleId=\"{id}\"")) {
            out.push_str(block);
        }
    }
    out.push_str(&theirs[end..]);
    Some(with_language(&out, lang))
}

/// Styles whose default run properties carry `lang` (and no other language).
fn with_language(styles: &str, lang: &str) -> String {
    let tag = format!(
        "<w:lang w:val=\"{0}\" w:eastAsia=\"{0}\" w:bidi=\"{0}\"/>",
        attr(lang)
    );
    if let Some(start) = styles.find("<w:rPrDefault>") {
        let end = styles[start..]
            .find("</w:rPrDefault>")
            .map_or(styles.len(), |e| start + e);
        let section = &styles[start..end];
        // Drop its language, then add ours at the end of its run properties.
        let mut cleaned = String::new();
        let mut rest = section;
        while let Some(at) = rest.find("<w:lang ") {
            cleaned.push_str(&rest[..at]);
            rest = rest[at..].find("/>").map_or("", |e| &rest[at + e + 2..]);
        }
        cleaned.push_str(rest);
        let section = match cleaned.rfind("</w:rPr>") {
            Some(at) => format!("{}{tag}{}", &cleaned[..at], &cleaned[at..]),
            None => format!("<w:rPrDefault><w:rPr>{tag}</w:rPr>"),
        };
        return format!("{}{section}{}", &styles[..start], &styles[end..]);
    }
    // No defaults: ours, after the opening tag.
    let defaults =
        format!("<w:docDefaults><w:rPrDefault><w:rPr>{tag}</w:rPr></w:rPrDefault></w:docDefaults>");
    match styles
        .find("<w:styles")
        .and_then(|s| styles[s..].find('>').map(|e| s + e + 1))
    {
        Some(at) => format!("{}{defaults}{}", &styles[..at], &styles[at..]),
        None => styles.to_string(),
    }
}

/// `word/numbering.xml`: bullets, numbers, and one numbering per numbered list (restarting at
/// its start).
pub fn numbering(lists: &[u64]) -> String {
    let mut more = String::new();
    for (i, start) in lists.iter().enumerate() {
        let _ = writeln!(
            more,
            "  <w:num w:numId=\"{}\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
            i + 3
        );
    }
    let body = NUMBERING
        .split_once("-->")
        .map_or(NUMBERING, |(_, rest)| rest)
        .trim_start();
    format!("{XML}{body}").replace("{{lists}}", &more)
}

/// `word/footnotes.xml`: the separators, then each note.
pub fn footnotes(notes: &[String]) -> String {
    let mut s = format!(
        "{XML}<w:footnotes xmlns:w=\"{W}\" xmlns:r=\"{R}\">\
         <w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>\
         <w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    );
    for (i, note) in notes.iter().enumerate() {
        let _ = write!(s, "<w:footnote w:id=\"{}\">{note}</w:footnote>", i + 1);
    }
    s.push_str("</w:footnotes>");
    s
}

/// `word/comments.xml`: the one comment a redline has, by this tool, dated as its changes.
pub fn comments(doc: &Doc, paras: &str) -> String {
    let date = doc.redline.as_ref().map_or("", |r| r.date.as_str());
    format!(
        "{XML}<w:comments xmlns:w=\"{W}\" xmlns:r=\"{R}\">\
         <w:comment w:id=\"0\" w:author=\"brief\" w:initials=\"b\" w:date=\"{}T00:00:00Z\">{paras}</w:comment>\
         </w:comments>",
        attr(date)
    )
}

/// `word/footer1.xml`: the organisation and short title, and "Page N of M".
pub fn footer(doc: &Doc, title: &str, text_width: u32) -> String {
    let f = &doc.data.front;
    let left: Vec<&str> = [f.organisation.name.as_deref(), Some(title)]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    let mut runs = String::new();
    xml::run(&mut runs, &left.join("  ·  "), xml::Look::default());
    runs.push_str("<w:r><w:tab/></w:r>");
    xml::run(
        &mut runs,
        &format!("{} ", doc.word("page")),
        xml::Look::default(),
    );
    runs.push_str(&field("PAGE", "1"));
    xml::run(
        &mut runs,
        &format!(" {} ", doc.word("of")),
        xml::Look::default(),
    );
    runs.push_str(&field("NUMPAGES", "1"));
    format!(
        "{XML}<w:ftr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>\
         <w:tabs><w:tab w:val=\"right\" w:pos=\"{text_width}\"/></w:tabs></w:pPr>{runs}</w:p></w:ftr>"
    )
}

/// A field Word computes (a page number), with the value shown until it does.
fn field(instruction: &str, shown: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {instruction} </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    )
}

/// `word/header1.xml` of a draft: DRAFT on every page.
pub fn draft_header(doc: &Doc) -> String {
    let mut runs = String::new();
    xml::run(&mut runs, &doc.word("draft-mark"), xml::Look::default());
    format!(
        "{XML}<w:hdr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>{runs}</w:p></w:hdr>"
    )
}

/// The page: its size and margins (an inch), the footer, and a draft's header. Returns the
/// section properties and the width of the text.
pub fn section(paper: Paper, header: bool) -> (String, u32) {
    let (w, h) = match paper {
        Paper::A4 => (11906, 16838),
        Paper::UsLetter => (12240, 15840),
    };
    let margin = 1300;
    let header_ref = if header {
        "<w:headerReference w:type=\"default\" r:id=\"rId6\"/>"
    } else {
        ""
    };
    (
        format!(
            "<w:sectPr>{header_ref}<w:footerReference w:type=\"default\" r:id=\"rId5\"/>\
             <w:pgSz w:w=\"{w}\" w:h=\"{h}\"/>\
             <w:pgMar w:top=\"{margin}\" w:right=\"{margin}\" w:bottom=\"{margin}\" w:left=\"{margin}\" w:header=\"600\" w:footer=\"600\" w:gutter=\"0\"/>\
             </w:sectPr>"
        ),
        w - 2 * margin,
    )
}

/// `word/document.xml`: the body and its section.
pub fn document(body: &str, section: &str) -> String {
    format!(
        "{XML}<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <w:body>{body}{section}</w:body></w:document>"
    )
}
