//! A redline: the Word file of a brief's new version with what changed since the old one as
//! real tracked changes (`w:ins`, `w:del`, by the sign-off's author and date), so that Accept
//! All gives the new brief and Reject All the old one. Texts that changed are written word by
//! word from the two versions' printed texts; findings and asks added or removed are inserted
//! or deleted whole.

use std::fmt::Write;

use super::body::Doc;
use super::xml::{self, para, run, Look};
use crate::compare::words::{pieces, Piece};
use crate::compare::Version;
use crate::model::texts::TextId;

/// The two versions and who made the changes, when.
pub struct Redline {
    pub old: Version,
    pub new: Version,
    pub author: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// Where a text field is: the brief's own, or a finding's or ask's.
#[derive(Clone, Copy)]
pub enum Place<'a> {
    Brief,
    Finding(&'a str),
    Ask(&'a str),
}

impl Redline {
    fn value<'v>(v: &'v Version, place: Place, field: &str) -> Option<&'v String> {
        match place {
            Place::Brief => v.brief.get(field),
            Place::Finding(id) => v.findings.iter().find(|i| i.id == id)?.fields.get(field),
            Place::Ask(id) => v.asks.iter().find(|i| i.id == id)?.fields.get(field),
        }
    }

    /// Whether the item is new in this version.
    fn added(&self, place: Place) -> bool {
        match place {
            Place::Brief => false,
            Place::Finding(id) => !self.old.findings.iter().any(|i| i.id == id),
            Place::Ask(id) => !self.old.asks.iter().any(|i| i.id == id),
        }
    }
}

/// The change marks' attributes; each change has an id of its own.
fn mark(doc: &mut Doc, tag: &str) -> String {
    doc.changes += 1;
    let (author, date) = doc
        .redline
        .as_ref()
        .map(|r| (r.author.clone(), r.date.clone()))
        .unwrap_or_default();
    format!(
        "<w:{tag} w:id=\"{}\" w:author=\"{}\" w:date=\"{}T00:00:00Z\">",
        doc.changes,
        xml::attr(&author),
        xml::attr(&date)
    )
}

/// Runs inserted.
pub fn inserted(doc: &mut Doc, runs: &str) -> String {
    if runs.is_empty() {
        return String::new();
    }
    format!("{}{runs}</w:ins>", mark(doc, "ins"))
}

/// Text deleted, in a look.
pub fn deleted(doc: &mut Doc, text: &str, look: Look) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut runs = String::new();
    run(&mut runs, text, look);
    // Deleted text is `w:delText`.
    let runs = runs
        .replace("<w:t ", "<w:delText ")
        .replace("</w:t>", "</w:delText>");
    format!("{}{runs}</w:del>", mark(doc, "del"))
}

/// A text field's runs: `normal` when it did not change (or there is no redline), the whole
/// inserted for an item added, else the old and new texts word by word.
pub fn field(doc: &mut Doc, place: Place, name: &str, look: Look, normal: String) -> String {
    let Some(r) = &doc.redline else {
        return normal;
    };
    if r.added(place) {
        return inserted(doc, &normal);
    }
    let (old, new) = (
        Redline::value(&r.old, place, name)
            .cloned()
            .unwrap_or_default(),
        Redline::value(&r.new, place, name)
            .cloned()
            .unwrap_or_default(),
    );
    if old == new {
        return normal;
    }
    let mut out = String::new();
    for p in pieces(&old, &new) {
        match p {
            Piece::Same(t) => run(&mut out, &t, look),
            Piece::Deleted(t) => out.push_str(&deleted(doc, &t, look)),
            Piece::Inserted(t) => {
                let mut runs = String::new();
                run(&mut runs, &t, look);
                out.push_str(&inserted(doc, &runs));
            }
        }
    }
    out
}

/// A paragraph whose mark is inserted (an added item's) or deleted (a removed one's), so
/// that accepting or rejecting takes the paragraph too.
pub fn paragraph(doc: &mut Doc, style: &str, runs: &str, added: bool) {
    let tag = if added { "ins" } else { "del" };
    let m = mark(doc, tag);
    let _ = write!(
        doc.body,
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/><w:rPr>{}</w:rPr></w:pPr>{runs}</w:p>",
        m.replace('>', "/>")
    );
}

/// Whether a field is written as a change: in a redline, where its two versions differ.
pub fn changed(doc: &Doc, place: Place, name: &str) -> bool {
    doc.redline.as_ref().is_some_and(|r| {
        !r.added(place)
            && Redline::value(&r.old, place, name) != Redline::value(&r.new, place, name)
    })
}

/// An item's number and what follows it (`"  "`): where the item stood elsewhere in the old
/// version (one before it was removed or added), the old number deleted and the new inserted.
pub fn number(doc: &mut Doc, place: Place, number: usize, after: &str, look: Look) -> String {
    let mut runs = String::new();
    run(&mut runs, &format!("{number}{after}"), look);
    let Some(r) = &doc.redline else {
        return runs;
    };
    let was = match place {
        Place::Brief => None,
        Place::Finding(id) => r.old.findings.iter().position(|i| i.id == id),
        Place::Ask(id) => r.old.asks.iter().position(|i| i.id == id),
    };
    match was.map(|p| p + 1) {
        None => whole(doc, place, runs),
        Some(old) if old == number => runs,
        Some(old) => {
            let mut out = deleted(doc, &old.to_string(), look);
            let mut new = String::new();
            run(&mut new, &number.to_string(), look);
            out.push_str(&inserted(doc, &new));
            run(&mut out, after, look);
            out
        }
    }
}

/// Runs that are not a field of their own (an ask's number): inserted with an added item.
pub fn whole(doc: &mut Doc, place: Place, runs: String) -> String {
    match &doc.redline {
        Some(r) if r.added(place) => inserted(doc, &runs),
        _ => runs,
    }
}

/// A table row's mark: inserted for an added item, none otherwise.
pub fn row_mark(doc: &mut Doc, place: Place) -> String {
    match &doc.redline {
        Some(r) if r.added(place) => mark(doc, "ins").replace('>', "/>"),
        _ => String::new(),
    }
}

/// Whether the finding was added since the old version.
pub fn finding_added(doc: &Doc, id: &str) -> bool {
    doc.redline
        .as_ref()
        .is_some_and(|r| r.added(Place::Finding(id)))
}

/// The old version's findings removed from the new, written deleted where they stood: after
/// the finding `after` (the first, for none).
pub fn removed_findings(doc: &mut Doc, after: Option<&str>) {
    let Some(r) = &doc.redline else { return };
    let old = &r.old.findings;
    let start = match after {
        None => 0,
        Some(id) => match old.iter().position(|i| i.id == id) {
            Some(p) => p + 1,
            None => return,
        },
    };
    let gone: Vec<_> = old[start..]
        .iter()
        .take_while(|i| !r.new.findings.iter().any(|n| n.id == i.id))
        .cloned()
        .collect();
    for (k, item) in gone.into_iter().enumerate() {
        // Its number as it was: findings are numbered in order.
        let number = format!("{}  ", start + k + 1);
        let claim = item
            .fields
            .get(crate::model::texts::TextId::Claim.name())
            .cloned()
            .unwrap_or_default();
        let runs = deleted(doc, &format!("{number}{claim}"), Look::default());
        paragraph(doc, "Heading2", &runs, false);
        for (field, style) in [
            ("figure", "Stat"),
            ("figure-label", "StatLabel"),
            (crate::model::texts::TextId::Detail.name(), "Normal"),
            ("quote", "Quote"),
        ] {
            if let Some(text) = item.fields.get(field) {
                let runs = deleted(doc, text, Look::default());
                paragraph(doc, style, &runs, false);
            }
        }
    }
}

/// The old version's asks removed from the new, as deleted table rows (cells, row mark) to set
/// after the ask `after` (the first, for none): number, to whom, what (and why, with
/// `rationale`), by when, as the old version printed them.
pub fn removed_ask_rows(
    doc: &mut Doc,
    after: Option<&str>,
    rationale: bool,
) -> Vec<(Vec<String>, String)> {
    let Some(r) = &doc.redline else {
        return Vec::new();
    };
    let old = &r.old.asks;
    let start = match after {
        None => 0,
        Some(id) => match old.iter().position(|i| i.id == id) {
            Some(p) => p + 1,
            None => return Vec::new(),
        },
    };
    let gone: Vec<_> = old[start..]
        .iter()
        .take_while(|i| !r.new.asks.iter().any(|n| n.id == i.id))
        .cloned()
        .collect();
    let bold = Look {
        bold: true,
        ..Look::default()
    };
    let (by_word, evidence, colon) = (doc.word("by-date"), doc.word("evidence"), doc.word("colon"));
    let mut rows = Vec::new();
    for (k, item) in gone.into_iter().enumerate() {
        let get = |name: &str| item.fields.get(name).cloned().unwrap_or_default();
        let mut cell = |texts: &[(String, Look)]| {
            let mut p = String::new();
            for (text, look) in texts.iter().filter(|(t, _)| !t.is_empty()) {
                let runs = deleted(doc, text, *look);
                para(&mut p, "TableText", &runs);
            }
            p
        };
        let number = cell(&[((start + k + 1).to_string(), bold)]);
        let to = cell(&[(get(TextId::To.name()), bold)]);
        let mut what = vec![(get(TextId::Action.name()), bold)];
        if rationale {
            what.push((get(TextId::Rationale.name()), Look::default()));
        }
        if let Some(numbers) = item.fields.get("evidence") {
            let muted = Look {
                colour: Some("4A4A4A"),
                ..Look::default()
            };
            what.push((format!("{evidence}{colon}{numbers}"), muted));
        }
        let what = cell(&what);
        let by = match item.fields.get("by") {
            Some(d) => cell(&[(format!("{by_word} {d}"), Look::default())]),
            None => String::new(),
        };
        let mark = mark(doc, "del").replace('>', "/>");
        rows.push((vec![number, to, what, by], mark));
    }
    rows
}

/// The title's runs, with a redline's summary of the changes as a comment on them: a
/// reviewer reads it beside the marks, and it is no part of the text that Accept All or Reject
/// All leaves.
pub fn summary(doc: &mut Doc, runs: String) -> String {
    let Some(c) = &doc.data.changes else {
        return runs;
    };
    if doc.comment.is_some() {
        return runs;
    }
    let mut paras = String::new();
    let mut line = |text: &str, bold: bool| {
        let mut r = String::new();
        run(
            &mut r,
            text,
            Look {
                bold,
                ..Look::default()
            },
        );
        para(&mut paras, "CommentText", &r);
    };
    line(&c.heading, true);
    line(&c.legend, false);
    for l in &c.lines {
        line(&format!("\u{2022} {l}"), false);
    }
    doc.comment = Some(paras);
    format!(
        "<w:commentRangeStart w:id=\"0\"/>{runs}<w:commentRangeEnd w:id=\"0\"/>\
         <w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"0\"/></w:r>"
    )
}
