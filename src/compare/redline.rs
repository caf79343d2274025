//! A redline's template data: the new version's, with each text that changed since the old
//! version written word by word as [`Inline::Inserted`] and [`Inline::Deleted`] runs, added
//! findings' and asks' texts inserted, removed findings put back deleted where they stood, and a
//! changed figure as both figures. Every edition prints it as it prints a brief.

use super::words::{pieces, Piece};
use super::{Item, Version};
use crate::markup::{Block, Inline, Markup};
use crate::model::texts::TextId;
use crate::render::data::{EvidenceData, StatData};
use crate::render::TemplateData;

/// The new version's data with the changes since `old` marked.
pub fn data(new_data: &TemplateData, old: &Version, new: &Version) -> TemplateData {
    let mut d = new_data.clone();
    if let Some(p) = &mut d.position {
        let fields = [
            (TextId::Statement.name(), &mut p.statement),
            (TextId::Context.name(), &mut p.context),
        ];
        for (name, text) in fields {
            if let Some(m) = marked(old.brief.get(name), new.brief.get(name)) {
                *text = Some(m);
            }
        }
        let name = TextId::KeyMessages.name();
        if let Some(m) = marked(old.brief.get(name), new.brief.get(name)) {
            p.key_messages = vec![m];
        }
    }
    let mut evidence = Vec::new();
    for e in std::mem::take(&mut d.evidence) {
        let id = e.id.clone().unwrap_or_else(|| format!("#{}", e.number));
        evidence.push(finding(
            e,
            find(&old.findings, &id),
            find(&new.findings, &id),
        ));
        // What the old version had after this finding and the new one lacks, where it stood.
        evidence.extend(removed_after(old, new, Some(&id)));
    }
    let mut all = removed_after(old, new, None);
    all.extend(evidence);
    d.evidence = all;
    for a in &mut d.asks {
        let id = a.id.clone().unwrap_or_else(|| format!("#{}", a.number));
        let (o, n) = (find(&old.asks, &id), find(&new.asks, &id));
        for (name, text) in [
            (TextId::Action.name(), &mut a.action),
            (TextId::Rationale.name(), &mut a.rationale),
        ] {
            let m = match o {
                None => text.as_ref().map(inserted),
                Some(o) => marked(o.fields.get(name), n.and_then(|n| n.fields.get(name))),
            };
            if let Some(m) = m {
                *text = Some(m);
            }
        }
        if let (Some(o), Some(n)) = (o, n) {
            if o.fields.get(TextId::To.name()) != n.fields.get(TextId::To.name()) {
                a.to = both(
                    o.fields.get(TextId::To.name()),
                    n.fields.get(TextId::To.name()),
                );
            }
        }
    }
    d
}

fn find<'a>(items: &'a [Item], id: &str) -> Option<&'a Item> {
    items.iter().find(|i| i.id == id)
}

/// A finding with its changes marked.
fn finding(mut e: EvidenceData, old: Option<&Item>, new: Option<&Item>) -> EvidenceData {
    let Some(old) = old else {
        e.claim = e.claim.as_ref().map(inserted);
        e.detail = e.detail.as_ref().map(inserted);
        return e;
    };
    let get = |item: Option<&Item>, name: &str| item.and_then(|i| i.fields.get(name)).cloned();
    for (name, text) in [
        (TextId::Claim.name(), &mut e.claim),
        (TextId::Detail.name(), &mut e.detail),
    ] {
        if let Some(m) = marked(get(Some(old), name).as_ref(), get(new, name).as_ref()) {
            *text = Some(m);
        }
    }
    if let Some(s) = &mut e.stat {
        if get(Some(old), "figure") != get(new, "figure") {
            s.value = both(
                get(Some(old), "figure").as_ref(),
                get(new, "figure").as_ref(),
            )
            .unwrap_or_default();
        }
    }
    e
}

/// The old version's findings right after `after` (or at the start) that the new one lacks,
/// as findings whose texts are deleted.
fn removed_after(old: &Version, new: &Version, after: Option<&str>) -> Vec<EvidenceData> {
    let start = match after {
        None => 0,
        Some(id) => match old.findings.iter().position(|i| i.id == id) {
            Some(p) => p + 1,
            None => return Vec::new(),
        },
    };
    old.findings[start..]
        .iter()
        .enumerate()
        .take_while(|(_, i)| find(&new.findings, &i.id).is_none())
        .map(|(k, i)| {
            let text = |name: &str| i.fields.get(name).map(|t| deleted(t));
            EvidenceData {
                id: Some(i.id.clone()),
                number: start + k + 1,
                claim: text(TextId::Claim.name()),
                lead: true,
                detail: text(TextId::Detail.name()),
                stat: i.fields.get("figure").map(|v| StatData {
                    value: format!("[{v}]"),
                    label: i.fields.get("figure-label").cloned().unwrap_or_default(),
                    source: None,
                    as_of: None,
                }),
                chart: None,
                quote: None,
                sources: Vec::new(),
            }
        })
        .collect()
}

/// Two values of a plain field as one: "old → new".
fn both(old: Option<&String>, new: Option<&String>) -> Option<String> {
    match (old, new) {
        (Some(o), Some(n)) => Some(format!("{o} → {n}")),
        (None, n) => n.cloned(),
        (o, None) => o.cloned(),
    }
}

/// A text whose two versions differ, written word by word; `None` when they do not.
fn marked(old: Option<&String>, new: Option<&String>) -> Option<Markup> {
    let (o, n) = (
        old.map_or("", String::as_str),
        new.map_or("", String::as_str),
    );
    if o == n {
        return None;
    }
    let mut content = Vec::new();
    for p in pieces(o, n) {
        // Words replaced: a space between the old and the new, so that neither runs into the
        // other when read ("should must", not "shouldmust").
        if matches!(p, Piece::Inserted(_)) && matches!(content.last(), Some(Inline::Deleted { .. }))
        {
            content.push(Inline::Text { text: " ".into() });
        }
        content.push(match p {
            Piece::Same(t) => Inline::Text { text: t },
            Piece::Deleted(t) => Inline::Deleted {
                content: vec![Inline::Text { text: t }],
            },
            Piece::Inserted(t) => Inline::Inserted {
                content: vec![Inline::Text { text: t }],
            },
        });
    }
    Some(Markup {
        blocks: vec![Block::Para { content }],
    })
}

/// A text added whole.
fn inserted(m: &Markup) -> Markup {
    Markup {
        blocks: m
            .blocks
            .iter()
            .map(|b| match b {
                Block::Para { content } => Block::Para {
                    content: vec![Inline::Inserted {
                        content: content.clone(),
                    }],
                },
                Block::List {
                    ordered,
                    start,
                    items,
                } => Block::List {
                    ordered: *ordered,
                    start: *start,
                    items: items
                        .iter()
                        .map(|i| vec![Inline::Inserted { content: i.clone() }])
                        .collect(),
                },
            })
            .collect(),
    }
}

/// A text taken out whole.
fn deleted(text: &str) -> Markup {
    Markup {
        blocks: vec![Block::Para {
            content: vec![Inline::Deleted {
                content: vec![Inline::Text {
                    text: text.to_string(),
                }],
            }],
        }],
    }
}
