//! A redline's template data: the new version's, with each text that changed since the old
//! version written word by word as [`Inline::Inserted`] and [`Inline::Deleted`] runs, added
//! findings' and asks' texts inserted, removed findings put back deleted where they stood, and a
//! changed figure as both figures. Every edition prints it as it prints a brief.

use super::words::{pieces, Piece};
use super::{Change, Item, Part, Version, What};
use crate::markup::{Block, Inline, Markup};
use crate::model::texts::TextId;
use crate::model::{AskStatus, Choice};
use crate::render::data::{AskData, ChangesData, EvidenceData, StatData};
use crate::render::{TemplateData, Words};

/// What a redline is compared with.
pub enum Since {
    /// A sign-off: who, and the day (`YYYY-MM-DD`).
    SignOff { by: String, date: String },
    /// Another file of the brief, as the user named it.
    File(String),
}

/// The summary a redline prints before the brief: a heading naming what it is compared with,
/// how changes are marked, and a line per change, in the brief's language.
pub fn summary(changes: &[Change], since: &Since, words: &Words, tag: &str) -> ChangesData {
    let fill = |name: &str, pairs: &[(&str, &str)]| {
        let mut s = words.word(name).to_string();
        for (k, v) in pairs {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    };
    let heading = match since {
        Since::SignOff { by, date } => {
            let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map(|d| crate::render::date_value(d, tag, words).display)
                .unwrap_or_else(|_| date.clone());
            fill("changes-since-signoff", &[("by", by), ("date", &date)])
        }
        Since::File(file) => fill("changes-since-file", &[("file", file)]),
    };
    let mut lines: Vec<String> = changes.iter().map(|c| line(c, &fill)).collect();
    if lines.is_empty() {
        lines.push(words.word("changes-none").to_string());
    }
    ChangesData {
        heading,
        legend: words.word("changes-legend").to_string(),
        lines,
    }
}

/// A word of the brief's language with its `{names}` filled in.
type Fill<'a> = dyn Fn(&str, &[(&str, &str)]) -> String + 'a;

/// One change in a line: "Finding f2 changed: figure 41% → 45%; claim". A short value is
/// given old and new; a text only named (the marks show it).
fn line(c: &Change, fill: &Fill) -> String {
    let value = |f: &super::Field| {
        let short = |v: &Option<String>| {
            v.as_deref()
                .is_none_or(|v| v.split_whitespace().count() <= 6 && !v.contains('\n'))
        };
        if short(&f.old) && short(&f.new) {
            let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".into());
            format!("{} {} → {}", f.field, shown(&f.old), shown(&f.new))
        } else {
            f.field.clone()
        }
    };
    let what = fill(
        match c.what {
            What::Added => "change-added",
            What::Removed => "change-removed",
            What::Changed => "change-changed",
        },
        &[],
    );
    // "Finding f2 changed: …" with the language's colon (French sets a space before it).
    let colon = fill("colon", &[]);
    let item = match c.part {
        Part::Brief => {
            // A part of the brief by the name its heading prints, else by its field's name.
            return c.fields.first().map_or(String::new(), |f| {
                let heading = match f.field.as_str() {
                    n if n == TextId::Statement.name() => fill("our-position", &[]),
                    n if n == TextId::KeyMessages.name() => fill("key-messages", &[]),
                    n if n == TextId::Context.name() => fill("background", &[]),
                    "contact" => fill("contact", &[]),
                    n => upper_first(n),
                };
                match value(f) {
                    v if v == f.field => format!("{heading}{colon}{what}"),
                    v => format!("{heading}{colon}{}", v[f.field.len()..].trim_start()),
                }
            });
        }
        Part::Settings => fill("change-setting", &[("id", &c.id)]),
        Part::Finding => fill("change-finding", &[("id", &c.id)]),
        Part::Ask => fill("change-ask", &[("id", &c.id)]),
        Part::Source => fill("change-source", &[("id", &c.id)]),
    };
    if c.what != What::Changed || c.part == Part::Settings {
        let detail = match c.part {
            Part::Settings => c.fields.first().map(|f| {
                let v = value(f);
                v.strip_prefix(&f.field).unwrap_or(&v).trim().to_string()
            }),
            _ => None,
        };
        return match detail {
            Some(d) => format!("{item}{colon}{d}"),
            None => format!("{item} {what}"),
        };
    }
    let fields: Vec<String> = c.fields.iter().map(value).collect();
    format!("{item} {what}{colon}{}", fields.join("; "))
}

/// The new version's data with the changes since `old` marked.
pub fn data(
    new_data: &TemplateData,
    old: &Version,
    new: &Version,
    since: &Since,
    words: &Words,
) -> TemplateData {
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
    d.asks = asks(std::mem::take(&mut d.asks), old, new, words);
    let tag = match &d.front.region {
        Some(region) => format!("{}-{region}", d.front.language),
        None => d.front.language.clone(),
    };
    d.changes = Some(summary(&super::compare(old, new), since, words, &tag));
    d
}

/// The new version's asks with their changes marked, the old version's removed ones put back
/// where they stood.
fn asks(new_asks: Vec<AskData>, old: &Version, new: &Version, words: &Words) -> Vec<AskData> {
    let mut asks = removed_asks_after(old, new, None, words);
    for mut a in new_asks {
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
        if o.is_none() {
            a.call = vec![Inline::Inserted {
                content: std::mem::take(&mut a.call),
            }];
        }
        if let (Some(o), Some(n)) = (o, n) {
            let field = |i: &Item, name: &str| i.fields.get(name).cloned();
            if field(o, TextId::To.name()) != field(n, TextId::To.name()) {
                a.to = both(
                    o.fields.get(TextId::To.name()),
                    n.fields.get(TextId::To.name()),
                );
            }
            // A deadline moved: both days where it prints.
            if let (Some(was), Some(by)) = (o.fields.get("by"), &mut a.by) {
                if *was != by.display {
                    by.display = format!("{was} → {}", by.display);
                }
            }
            // A statement's sentence, said again from the marked parts.
            let said = [TextId::To.name(), TextId::Action.name(), "by"];
            if said.iter().any(|f| field(o, f) != field(n, f)) {
                let deadline = a.by.as_ref().map(|d| crate::render::call::Deadline {
                    year: d.year,
                    display: d.display.clone(),
                });
                let to = a.to.as_deref().unwrap_or_default();
                let first = asks.is_empty();
                a.call = crate::render::call::sentence(
                    first,
                    to,
                    a.action.as_ref(),
                    deadline,
                    &words.call,
                );
            }
        }
        asks.push(a);
        asks.extend(removed_asks_after(old, new, Some(&id), words));
    }
    asks
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

/// The old version's asks right after `after` (or at the start) that the new one lacks, as
/// asks whose texts are deleted; a removed ask's deadline is told in its deleted action.
fn removed_asks_after(
    old: &Version,
    new: &Version,
    after: Option<&str>,
    words: &Words,
) -> Vec<AskData> {
    let start = match after {
        None => 0,
        Some(id) => match old.asks.iter().position(|i| i.id == id) {
            Some(p) => p + 1,
            None => return Vec::new(),
        },
    };
    old.asks[start..]
        .iter()
        .enumerate()
        .take_while(|(_, i)| find(&new.asks, &i.id).is_none())
        .map(|(k, i)| {
            let get = |name: &str| i.fields.get(name).cloned();
            let to = get(TextId::To.name());
            let mut action = get(TextId::Action.name()).unwrap_or_default();
            if let Some(by) = get("by") {
                action = format!("{action} ({} {by})", words.word("by-date"));
            }
            let status = get("status")
                .and_then(|s| AskStatus::ALL.iter().find(|v| v.name() == s).copied())
                .unwrap_or(AskStatus::Open);
            let plain = Markup {
                blocks: vec![Block::Para {
                    content: vec![Inline::Text {
                        text: action.clone(),
                    }],
                }],
            };
            let call = crate::render::call::sentence(
                false,
                to.as_deref().unwrap_or(""),
                Some(&plain),
                None,
                &words.call,
            );
            AskData {
                id: Some(i.id.clone()),
                number: start + k + 1,
                to,
                action: Some(deleted(&action)),
                by: None,
                rationale: get(TextId::Rationale.name()).map(|t| deleted(&t)),
                evidence: Vec::new(),
                status,
                call: vec![Inline::Deleted { content: call }],
            }
        })
        .collect()
}

/// "Title" of "title".
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
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
