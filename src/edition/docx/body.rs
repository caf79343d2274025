//! The document's body: a brief's parts in the order its layout reads (the same order as the
//! web page), each in a built-in Word style; its text and formatted citations as runs; note
//! styles' citations as real footnotes; charts as pictures with their text alternative and the
//! numbers as a table.

use std::fmt::Write;

use super::redline::{self, Place};
use super::xml::{para, run, Look};
use crate::markup::{Block, Inline, Markup};
use crate::model::Kind;
use crate::render::data::{AskData, EvidenceData};
use crate::render::TemplateData;
use crate::rich::{Rich, Shown};

/// A relationship of the main part to another part or to a web address.
pub struct Rel {
    pub id: String,
    pub kind: &'static str,
    pub target: String,
    pub external: bool,
}

/// The body being written, and what it needs besides: relationships, footnotes, pictures and
/// numbered lists.
pub struct Doc<'a> {
    pub data: &'a TemplateData,
    /// `<w:body>`'s paragraphs and tables so far.
    pub body: String,
    /// Relationships beyond the fixed ones (links, pictures).
    pub rels: Vec<Rel>,
    /// Each footnote's paragraphs, numbered from 1.
    pub footnotes: Vec<String>,
    /// Each picture file, named `media/imageN.EXT` from 1.
    pub media: Vec<super::picture::Media>,
    /// How many drawings the body has: each has its own id.
    pub drawings: usize,
    /// The organisation's logo, read from the workspace, and its size in pixels; added to the
    /// package when first drawn (its relationship id then).
    pub logo: Option<(super::picture::Media, (u32, u32))>,
    pub logo_rel: Option<String>,
    /// A redline's two versions and author, when this file is one.
    pub redline: Option<super::redline::Redline>,
    /// How many changes are marked: each has an id of its own.
    pub changes: usize,
    /// A redline's comment on its title: the summary of the changes, as paragraphs.
    pub comment: Option<String>,
    /// The start of each numbered list, whose numbering is `w:num` 3 and on.
    pub lists: Vec<u64>,
}

/// Web addresses that a link's text may not be, by Word's accessibility checker: a bare address
/// this long is read out character by character.
const LONGEST_BARE_LINK: usize = 40;

impl<'a> Doc<'a> {
    pub fn new(data: &'a TemplateData) -> Doc<'a> {
        Doc {
            data,
            body: String::new(),
            rels: Vec::new(),
            footnotes: Vec::new(),
            media: Vec::new(),
            drawings: 0,
            logo: None,
            logo_rel: None,
            redline: None,
            changes: 0,
            comment: None,
            lists: Vec::new(),
        }
    }

    /// A word the layouts print themselves, in the brief's language.
    pub fn word(&self, key: &str) -> String {
        self.data.front.words.get(key).cloned().unwrap_or_default()
    }

    /// The relationship id of a web address, added once.
    fn link(&mut self, url: &str) -> String {
        if let Some(r) = self.rels.iter().find(|r| r.external && r.target == url) {
            return r.id.clone();
        }
        let id = format!("rIdL{}", self.rels.len() + 1);
        self.rels.push(Rel {
            id: id.clone(),
            kind: "hyperlink",
            target: url.to_string(),
            external: true,
        });
        id
    }

    /// A hyperlink around `content` runs (written in the Hyperlink style where
    /// [`linkable`]).
    pub fn hyperlink(&mut self, out: &mut String, url: &str, shown: &str, content: &str) {
        if !linkable(url, shown) {
            out.push_str(content);
            return;
        }
        let id = self.link(url);
        let _ = write!(
            out,
            "<w:hyperlink r:id=\"{id}\" w:history=\"1\">{content}</w:hyperlink>"
        );
    }

    /// Runs of a brief's inline text, in a look (emphasis nests).
    pub fn inlines(&mut self, out: &mut String, items: &[Inline], look: Look) {
        for item in items {
            match item {
                Inline::Text { text } => run(out, text, look),
                Inline::Emph { content } => {
                    let l = Look {
                        italic: !look.italic,
                        ..look
                    };
                    self.inlines(out, content, l);
                }
                Inline::Strong { content } => {
                    self.inlines(out, content, Look { bold: true, ..look })
                }
                // A redline's marks in the Word file are tracked changes (see `redline`).
                Inline::Inserted { content } | Inline::Deleted { content } => {
                    self.inlines(out, content, look)
                }
                Inline::Link { url, content, .. } => {
                    let mut runs = String::new();
                    let mut shown = String::new();
                    crate::markup::plain_inlines(content, &mut shown);
                    let l = Look {
                        style: linkable(url, &shown).then_some("Hyperlink"),
                        ..look
                    };
                    self.inlines(&mut runs, content, l);
                    self.hyperlink(out, url, &shown, &runs);
                }
                Inline::Cite {
                    shown: Some(shown), ..
                } => self.cite(out, shown, look),
                Inline::Cite { shown: None, .. } => {}
            }
        }
    }

    /// A citation: set where it stands, or a footnote for a note style.
    fn cite(&mut self, out: &mut String, shown: &Shown, look: Look) {
        if !shown.note {
            self.rich(out, &shown.content, look);
            return;
        }
        let id = self.footnotes.len() + 1;
        let mut note = String::new();
        note.push_str(
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>",
        );
        run(&mut note, " ", Look::default());
        self.rich(&mut note, &shown.content, Look::default());
        let mut p = String::new();
        para(&mut p, "FootnoteText", &note);
        self.footnotes.push(p);
        let _ = write!(
            out,
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
        );
    }

    /// Runs of formatted citation text.
    pub fn rich(&mut self, out: &mut String, items: &[Rich], base: Look) {
        for item in items {
            match item {
                Rich::Text { text, look } => {
                    let l = Look {
                        style: base.style,
                        bold: base.bold || look.bold,
                        ..Look::from(*look)
                    };
                    run(out, text, l);
                }
                Rich::Link { url, content } => {
                    let mut runs = String::new();
                    let shown = crate::rich::plain(content);
                    let l = Look {
                        style: linkable(url, &shown).then_some("Hyperlink").or(base.style),
                        ..base
                    };
                    self.rich(&mut runs, content, l);
                    self.hyperlink(out, url, &shown, &runs);
                }
                Rich::Entry { content, .. } => self.rich(out, content, base),
                Rich::Block { content } => {
                    // The space keeps the words apart for whatever reads the text.
                    out.push_str("<w:r><w:t xml:space=\"preserve\"> </w:t><w:br/></w:r>");
                    self.rich(out, content, base);
                }
            }
        }
    }

    /// A brief's block text: paragraphs in `style`, lists as Word lists.
    pub fn markup(&mut self, m: &Markup, style: &str) {
        for block in &m.blocks {
            match block {
                Block::Para { content } => {
                    let mut runs = String::new();
                    self.inlines(&mut runs, content, Look::default());
                    para(&mut self.body, style, &runs);
                }
                Block::List {
                    ordered,
                    start,
                    items,
                } => {
                    let num = if *ordered {
                        self.lists.push(*start);
                        Some(2 + self.lists.len())
                    } else {
                        None
                    };
                    for item in items {
                        let mut runs = String::new();
                        self.inlines(&mut runs, item, Look::default());
                        self.list_item(num, &runs);
                    }
                }
            }
        }
    }

    /// One item of a list: bulleted, or of numbered list `num`.
    pub fn list_item(&mut self, num: Option<usize>, runs: &str) {
        match num {
            None => para(&mut self.body, "ListBullet", runs),
            Some(n) => {
                let _ = write!(
                    self.body,
                    "<w:p><w:pPr><w:pStyle w:val=\"ListNumber\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{n}\"/></w:numPr></w:pPr>{runs}</w:p>"
                );
            }
        }
    }

    /// A paragraph of plain text in a style.
    pub fn plain(&mut self, style: &str, text: &str, look: Look) {
        let mut runs = String::new();
        run(&mut runs, text, look);
        para(&mut self.body, style, &runs);
    }

    /// Inline text on one line, as a heading or a table cell holds it: a block text's
    /// paragraphs joined by spaces.
    pub fn flat(&mut self, m: &Markup, look: Look) -> String {
        let mut runs = String::new();
        for (i, block) in m.blocks.iter().enumerate() {
            if i > 0 {
                run(&mut runs, " ", look);
            }
            match block {
                Block::Para { content } => self.inlines(&mut runs, content, look),
                Block::List { items, .. } => {
                    for (j, item) in items.iter().enumerate() {
                        if j > 0 {
                            run(&mut runs, "; ", look);
                        }
                        self.inlines(&mut runs, item, look);
                    }
                }
            }
        }
        runs
    }
}

/// The whole body, in the order of the brief's layout.
pub fn write(doc: &mut Doc) {
    let data = doc.data;
    match data.kind {
        Kind::Statement => super::statement::write(doc),
        kind => {
            masthead(doc);
            title_block(doc, data.label.clone(), true);
            position(doc);
            let one_pager = kind == Kind::OnePager;
            if one_pager {
                evidence(doc, false);
                asks(doc, false);
            } else {
                asks(doc, true);
                evidence(doc, true);
            }
            background(doc);
            let title = doc.word(if one_pager { "sources" } else { "references" });
            references(doc, &title);
            super::contact::write(doc, &doc.word("contact"));
        }
    }
}

/// The masthead: the logo (named by its alternative text) and the organisation's name, over a
/// rule in the accent colour.
pub fn masthead(doc: &mut Doc) {
    let org = &doc.data.front.organisation;
    let mut runs = String::new();
    if let Some((media, (w, h))) = doc.logo.take() {
        let rel = match doc.logo_rel.clone() {
            Some(rel) => rel,
            None => {
                let rel = super::picture::add(doc, media.bytes.clone(), media.ext);
                doc.logo_rel = Some(rel.clone());
                rel
            }
        };
        // Half an inch tall.
        let cy = super::picture::EMU_PER_INCH / 2;
        let cx = cy * u64::from(w) / u64::from(h.max(1));
        let alt = org
            .logo_alt
            .clone()
            .or_else(|| org.name.clone())
            .unwrap_or_default();
        runs.push_str(&super::picture::run(doc, &rel, (cx, cy), &alt, "Logo"));
        run(&mut runs, "  ", Look::default());
        doc.logo = Some((media, (w, h)));
    }
    if let Some(name) = &org.name {
        run(&mut runs, name, Look::default());
    }
    if !runs.is_empty() {
        para(&mut doc.body, "Masthead", &runs);
    }
}

/// A pack's cover: its title, subtitle, date and audience, and the contents.
pub fn cover(doc: &mut Doc, cover: &super::Cover, briefs: &[&TemplateData]) {
    doc.plain("Title", cover.title, Look::default());
    if let Some(s) = cover.subtitle {
        doc.plain("Subtitle", s, Look::default());
    }
    let mut meta: Vec<String> = cover.date.iter().cloned().collect();
    if !cover.audience.is_empty() {
        let colon = doc.word("colon");
        meta.push(format!(
            "{}{colon}{}",
            doc.word("for"),
            cover.audience.join(", ")
        ));
    }
    if !meta.is_empty() {
        doc.plain("Meta", &meta.join("  ·  "), Look::default());
    }
    doc.plain("Heading1", &doc.word("contents"), Look::default());
    doc.lists.push(1);
    let num = 2 + doc.lists.len();
    for data in briefs {
        let mut runs = String::new();
        run(&mut runs, &data.front.title, Look::default());
        if let Some(label) = &data.label {
            let muted = Look {
                colour: Some("4A4A4A"),
                ..Look::default()
            };
            run(&mut runs, &format!("  ·  {label}"), muted);
        }
        doc.list_item(Some(num), &runs);
    }
}

/// The kicker, title, subtitle and the line of date, audience and authors.
pub fn title_block(doc: &mut Doc, kicker: Option<String>, dated: bool) {
    let data = doc.data;
    if let Some(k) = kicker.filter(|k| !k.is_empty()) {
        doc.plain("Kicker", &k, Look::default());
    }
    let text_field = |doc: &mut Doc, style: &str, name: &str, text: &str| {
        let mut runs = String::new();
        run(&mut runs, text, Look::default());
        let mut runs = redline::field(doc, Place::Brief, name, Look::default(), runs);
        if style == "Title" {
            runs = redline::summary(doc, runs);
        }
        para(&mut doc.body, style, &runs);
    };
    text_field(doc, "Title", "title", &data.front.title);
    if let Some(s) = &data.front.subtitle {
        text_field(
            doc,
            "Subtitle",
            crate::model::texts::TextId::Subtitle.name(),
            s,
        );
    }
    let mut meta: Vec<String> = Vec::new();
    if let (Some(d), true) = (&data.front.date, dated) {
        meta.push(d.display.clone());
    }
    if !data.front.audience.is_empty() {
        let colon = doc.word("colon");
        meta.push(format!(
            "{}{colon}{}",
            doc.word("for"),
            data.front.audience.join(", ")
        ));
    }
    let names: Vec<&str> = data
        .front
        .authors
        .iter()
        .filter_map(|a| a.name.as_deref())
        .collect();
    if !names.is_empty() {
        meta.push(format!("{} {}", doc.word("by-authors"), names.join(", ")));
    }
    if !meta.is_empty() {
        doc.plain("Meta", &meta.join("  ·  "), Look::default());
    }
}

/// The position: the statement set apart, then the key messages.
fn position(doc: &mut Doc) {
    let Some(p) = &doc.data.position else { return };
    doc.plain("Heading1", &doc.word("our-position"), Look::default());
    if let Some(s) = &p.statement {
        block_field(doc, s, "statement", "Statement");
    }
    if !p.key_messages.is_empty() {
        doc.plain(
            "Heading2",
            &doc.word(crate::model::texts::TextId::KeyMessages.name()),
            Look::default(),
        );
        if redline::changed(
            doc,
            Place::Brief,
            crate::model::texts::TextId::KeyMessages.name(),
        ) {
            let runs = redline::field(
                doc,
                Place::Brief,
                crate::model::texts::TextId::KeyMessages.name(),
                Look::default(),
                String::new(),
            );
            doc.list_item(None, &runs);
        } else {
            for m in &p.key_messages {
                let runs = doc.flat(m, Look::default());
                doc.list_item(None, &runs);
            }
        }
    }
}

/// A block text of the brief's own: its paragraphs, or in a redline where it changed, one
/// paragraph of its words marked.
fn block_field(doc: &mut Doc, m: &Markup, name: &str, style: &str) {
    if redline::changed(doc, Place::Brief, name) {
        let runs = redline::field(doc, Place::Brief, name, Look::default(), String::new());
        para(&mut doc.body, style, &runs);
    } else {
        doc.markup(m, style);
    }
}

/// The asks as a table: number, to whom, what (and why), by when; its header row repeats on
/// every page.
fn asks(doc: &mut Doc, rationale: bool) {
    let data = doc.data;
    if data.asks.is_empty() {
        return;
    }
    doc.plain("Heading1", &doc.word("what-we-ask"), Look::default());
    let head = [
        "#".to_string(),
        doc.word("ask-who"),
        doc.word("ask-what"),
        doc.word("ask-when"),
    ];
    // A redline's added asks: their rows inserted whole; its removed ones put back, deleted,
    // where they stood.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut marks: Vec<String> = Vec::new();
    let removed = |doc: &mut Doc, after: Option<&str>, rows: &mut Vec<_>, marks: &mut Vec<_>| {
        for (row, mark) in redline::removed_ask_rows(doc, after, rationale) {
            rows.push(row);
            marks.push(mark);
        }
    };
    removed(doc, None, &mut rows, &mut marks);
    for a in &data.asks {
        let id = a.id.clone().unwrap_or_else(|| format!("#{}", a.number));
        rows.push(ask_row(doc, a, rationale));
        marks.push(redline::row_mark(doc, Place::Ask(&id)));
        removed(doc, Some(&id), &mut rows, &mut marks);
    }
    let caption = doc.word("what-we-ask");
    super::table::write_marked(
        doc,
        &caption,
        &[500, 2100, 4900, 1500],
        &head,
        &rows,
        &marks,
    );
}

/// One ask's cells, as paragraphs.
fn ask_row(doc: &mut Doc, a: &AskData, rationale: bool) -> Vec<String> {
    let cell = |runs: &str| {
        let mut p = String::new();
        para(&mut p, "TableText", runs);
        p
    };
    let bold = Look {
        bold: true,
        ..Look::default()
    };
    let id = a.id.clone().unwrap_or_else(|| format!("#{}", a.number));
    let place = Place::Ask(&id);
    let number = redline::number(doc, place, a.number, "", bold);
    let mut to = String::new();
    run(&mut to, a.to.as_deref().unwrap_or(""), bold);
    let to = redline::field(doc, place, "to", bold, to);
    let mut what = match &a.action {
        Some(action) => {
            let runs = doc.flat(action, bold);
            cell(&redline::field(
                doc,
                place,
                crate::model::texts::TextId::Action.name(),
                bold,
                runs,
            ))
        }
        None => cell(""),
    };
    if let (true, Some(r)) = (rationale, &a.rationale) {
        let runs = doc.flat(r, Look::default());
        what.push_str(&cell(&redline::field(
            doc,
            place,
            crate::model::texts::TextId::Rationale.name(),
            Look::default(),
            runs,
        )));
    }
    if !a.evidence.is_empty() {
        let list: Vec<String> = a.evidence.iter().map(usize::to_string).collect();
        let mut runs = String::new();
        let muted = Look {
            colour: Some("4A4A4A"),
            ..Look::default()
        };
        run(
            &mut runs,
            &format!("{}{}", doc.word("evidence"), doc.word("colon")),
            muted,
        );
        let mut numbers = String::new();
        run(&mut numbers, &list.join(", "), muted);
        runs.push_str(&redline::field(doc, place, "evidence", muted, numbers));
        what.push_str(&cell(&runs));
    }
    let mut by = String::new();
    if let Some(d) = &a.by {
        // As the other editions write a deadline ("By 31 March 2024", "d’ici le 31 mars").
        run(
            &mut by,
            &format!("{} ", doc.word("by-date")),
            Look::default(),
        );
        let by_word = std::mem::take(&mut by);
        by.push_str(&redline::whole(doc, place, by_word));
        let mut date = String::new();
        run(&mut date, &d.display, Look::default());
        by.push_str(&redline::field(doc, place, "by", Look::default(), date));
    }
    vec![cell(&number), cell(&to), what, cell(&by)]
}

/// The findings, each a numbered heading with its figure, detail, chart and quote.
fn evidence(doc: &mut Doc, details: bool) {
    let data = doc.data;
    if data.evidence.is_empty() {
        return;
    }
    doc.plain("Heading1", &doc.word("the-evidence"), Look::default());
    redline::removed_findings(doc, None);
    for e in &data.evidence {
        finding(doc, e, details);
        let id = e.id.clone().unwrap_or_else(|| format!("#{}", e.number));
        redline::removed_findings(doc, Some(&id));
    }
}

fn finding(doc: &mut Doc, e: &EvidenceData, details: bool) {
    let mut runs = String::new();
    let number = Look {
        style: Some("FindingNumber"),
        ..Look::default()
    };
    let id = e.id.clone().unwrap_or_else(|| format!("#{}", e.number));
    let place = Place::Finding(&id);
    // An added finding's paragraphs are inserted, marks and all.
    let added = redline::finding_added(doc, &id);
    let write = |doc: &mut Doc, style: &str, runs: String| {
        if added {
            redline::paragraph(doc, style, &runs, true);
        } else {
            para(&mut doc.body, style, &runs);
        }
    };
    if added {
        run(&mut runs, &format!("{}  ", e.number), number);
    } else {
        runs.push_str(&redline::number(doc, place, e.number, "  ", number));
    }
    if let Some(claim) = &e.claim {
        let claim = doc.flat(claim, Look::default());
        runs.push_str(&redline::field(
            doc,
            place,
            crate::model::texts::TextId::Claim.name(),
            Look::default(),
            claim,
        ));
    }
    write(doc, "Heading2", runs);
    if let Some(s) = &e.stat {
        for (style, name, text) in [
            ("Stat", "figure", &s.value),
            ("StatLabel", "figure-label", &s.label),
        ] {
            let mut runs = String::new();
            run(&mut runs, text, Look::default());
            let runs = redline::field(doc, place, name, Look::default(), runs);
            write(doc, style, runs);
        }
    }
    if let (true, Some(d)) = (details, &e.detail) {
        if added || redline::changed(doc, place, crate::model::texts::TextId::Detail.name()) {
            let flat = doc.flat(d, Look::default());
            let runs = redline::field(
                doc,
                place,
                crate::model::texts::TextId::Detail.name(),
                Look::default(),
                flat,
            );
            write(doc, "Normal", runs);
        } else {
            doc.markup(d, "Normal");
        }
    }
    if let Some(c) = &e.chart {
        super::chart::write(doc, c);
    }
    if let Some(q) = &e.quote {
        quote(doc, q);
    }
}

/// A quotation set apart, in the language's quotation marks, and who said it.
pub fn quote(doc: &mut Doc, q: &crate::model::Quote) {
    let (open, close) = crate::render::quote_marks(&doc.data.front.language);
    doc.plain(
        "Quote",
        &format!("{open}{}{close}", q.text),
        Look::default(),
    );
    if let Some(speaker) = &q.speaker {
        let mut runs = String::new();
        run(&mut runs, "— ", Look::default());
        let bold = Look {
            bold: true,
            ..Look::default()
        };
        run(&mut runs, speaker, bold);
        if let Some(role) = &q.role {
            run(&mut runs, &format!(", {role}"), Look::default());
        }
        para(&mut doc.body, "Attribution", &runs);
    }
}

/// The background.
fn background(doc: &mut Doc) {
    let Some(context) = doc.data.position.as_ref().and_then(|p| p.context.as_ref()) else {
        return;
    };
    doc.plain("Heading1", &doc.word("background"), Look::default());
    block_field(
        doc,
        context,
        crate::model::texts::TextId::Context.name(),
        "Normal",
    );
}

/// The reference list, in the style's order and form; a numeric style's label before a tab.
pub fn references(doc: &mut Doc, title: &str) {
    let Some(refs) = &doc.data.references else {
        return;
    };
    if refs.entries.is_empty() {
        return;
    }
    doc.plain("Heading1", title, Look::default());
    for r in &refs.entries {
        let mut runs = String::new();
        if let Some(prefix) = &r.prefix {
            doc.rich(&mut runs, prefix, Look::default());
            runs.push_str("<w:r><w:tab/></w:r>");
        }
        doc.rich(&mut runs, &r.content, Look::default());
        para(&mut doc.body, "Bibliography", &runs);
    }
}

/// Whether a link is written as one: a web, mail or phone address whose text is not a bare
/// address over [`LONGEST_BARE_LINK`] characters (a reference's long DOI or URL stays as its
/// style prints it, as text).
fn linkable(url: &str, shown: &str) -> bool {
    let bare = shown.starts_with("http") && shown.chars().count() > LONGEST_BARE_LINK;
    let usable = ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|s| url.starts_with(s));
    usable && !bare
}
