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

/// A short summary of the changes, set first: what a reviewer reads before the marks.
pub fn summary(doc: &mut Doc) {
    let Some(r) = &doc.redline else { return };
    let changes = crate::compare::compare(&r.old, &r.new);
    let lead = format!(
        "Changes since the version of {} ({} {}): {}.",
        r.date,
        changes.len(),
        if changes.len() == 1 {
            "change"
        } else {
            "changes"
        },
        r.author
    );
    let lines: Vec<String> = changes
        .iter()
        .map(|c| {
            let what = match c.what {
                crate::compare::What::Added => "added",
                crate::compare::What::Removed => "removed",
                crate::compare::What::Changed => "changed",
            };
            let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
            match c.part {
                crate::compare::Part::Brief | crate::compare::Part::Settings => {
                    format!("{}: {what}", c.id)
                }
                _ if c.what == crate::compare::What::Changed => {
                    format!("{} {}: {}", c.part.name(), c.id, fields.join(", "))
                }
                _ => format!("{} {}: {what}", c.part.name(), c.id),
            }
        })
        .collect();
    let mut runs = String::new();
    run(
        &mut runs,
        &lead,
        Look {
            bold: true,
            ..Look::default()
        },
    );
    para(&mut doc.body, "Meta", &runs);
    for line in lines {
        let mut runs = String::new();
        run(&mut runs, &line, Look::default());
        doc.list_item(None, &runs);
    }
}
