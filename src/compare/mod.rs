//! What changed between two versions of a brief: each version read as what it prints (its
//! texts with their citations formatted, its figures, deadlines and recipients, the sources it
//! cites field by field, the settings that print), findings, asks and sources matched by id,
//! and for each one added, removed or changed, the fields that changed. A sign-off keeps a
//! [`Version`]; `brief diff` compares two.

pub mod redline;
pub mod words;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::markup::{Block, Inline, Markup};
use crate::model::{Brief, Choice, Workspace};
use crate::render::TemplateData;

/// What a brief prints, as texts by part and field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Version {
    /// The brief's own fields: title, date, position, contact….
    #[serde(default)]
    pub brief: BTreeMap<String, String>,
    /// The findings, in order.
    #[serde(default, rename = "finding")]
    pub findings: Vec<Item>,
    /// The asks, in order.
    #[serde(default, rename = "ask")]
    pub asks: Vec<Item>,
    /// The sources cited, by key, field by field as written.
    #[serde(default, rename = "source")]
    pub sources: BTreeMap<String, BTreeMap<String, String>>,
    /// The workspace's settings that print (organisation, citation style, accent, paper).
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
}

/// A finding or an ask: its id (`#2` for one without an id, by its place) and its fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    #[serde(flatten)]
    pub fields: BTreeMap<String, String>,
}

/// Which part of a brief a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Brief,
    Finding,
    Ask,
    Source,
    Settings,
}

impl Part {
    /// The part as messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Part::Brief => "brief",
            Part::Finding => "finding",
            Part::Ask => "ask",
            Part::Source => "source",
            Part::Settings => "settings",
        }
    }
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum What {
    Added,
    Removed,
    Changed,
}

/// One change: an item added, removed, or changed in some fields.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub part: Part,
    /// The finding's or ask's id, the source's key; for the brief and settings, the field.
    pub id: String,
    #[serde(rename = "change")]
    pub what: What,
    /// The fields that differ (for an added or removed item, all it has).
    pub fields: Vec<Field>,
}

/// A field's two values; `None` where a version lacks it.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The order fields are told in, for each part; others after, alphabetically. A brief's texts
/// are named by the catalogue of texts.
fn rank(field: &str) -> usize {
    use crate::model::texts::TextId as T;
    let order = [
        T::Title.name(),
        T::Subtitle.name(),
        T::Label.name(),
        "kind",
        "status",
        "date",
        T::Place.name(),
        "language",
        T::Audience.name(),
        "authors",
        T::Statement.name(),
        T::KeyMessages.name(),
        T::Context.name(),
        T::Claim.name(),
        "figure",
        "figure-label",
        T::Detail.name(),
        "chart",
        T::Quote.name(),
        "speaker",
        "sources",
        T::To.name(),
        T::Action.name(),
        "by",
        T::Rationale.name(),
        "evidence",
        "contact",
    ];
    order
        .iter()
        .position(|f| *f == field)
        .unwrap_or(order.len())
}

/// Every change from `old` to `new`; what did not change is not mentioned.
pub fn compare(old: &Version, new: &Version) -> Vec<Change> {
    let mut changes = Vec::new();
    for (part, a, b) in [
        (Part::Brief, &old.brief, &new.brief),
        (Part::Settings, &old.settings, &new.settings),
    ] {
        for field in fields_of(a, b) {
            let (o, n) = (a.get(&field), b.get(&field));
            if o != n {
                changes.push(Change {
                    part,
                    id: field.clone(),
                    what: What::Changed,
                    fields: vec![Field {
                        field,
                        old: o.cloned(),
                        new: n.cloned(),
                    }],
                });
            }
        }
    }
    for (part, a, b) in [
        (Part::Finding, &old.findings, &new.findings),
        (Part::Ask, &old.asks, &new.asks),
    ] {
        let olds: Vec<(&str, &BTreeMap<String, String>)> =
            a.iter().map(|i| (i.id.as_str(), &i.fields)).collect();
        let news: Vec<(&str, &BTreeMap<String, String>)> =
            b.iter().map(|i| (i.id.as_str(), &i.fields)).collect();
        items(part, &olds, &news, &mut changes);
    }
    let olds: Vec<(&str, &BTreeMap<String, String>)> =
        old.sources.iter().map(|(k, f)| (k.as_str(), f)).collect();
    let news: Vec<(&str, &BTreeMap<String, String>)> =
        new.sources.iter().map(|(k, f)| (k.as_str(), f)).collect();
    items(Part::Source, &olds, &news, &mut changes);
    changes
}

/// The fields of two maps, in telling order.
fn fields_of(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<String> {
    let mut all: Vec<String> = a.keys().chain(b.keys()).cloned().collect();
    all.sort_by(|x, y| rank(x).cmp(&rank(y)).then(x.cmp(y)));
    all.dedup();
    all
}

/// Items matched by id: removed ones where they stood, then changed and added ones in the new
/// order.
fn items(
    part: Part,
    old: &[(&str, &BTreeMap<String, String>)],
    new: &[(&str, &BTreeMap<String, String>)],
    out: &mut Vec<Change>,
) {
    let whole = |fields: &BTreeMap<String, String>, added: bool| -> Vec<Field> {
        fields_of(fields, &BTreeMap::new())
            .into_iter()
            .map(|f| {
                let v = fields.get(&f).cloned();
                Field {
                    field: f,
                    old: if added { None } else { v.clone() },
                    new: if added { v } else { None },
                }
            })
            .collect()
    };
    for (id, fields) in old {
        if !new.iter().any(|(n, _)| n == id) {
            out.push(Change {
                part,
                id: id.to_string(),
                what: What::Removed,
                fields: whole(fields, false),
            });
        }
    }
    for (id, fields) in new {
        match old.iter().find(|(o, _)| o == id) {
            None => out.push(Change {
                part,
                id: id.to_string(),
                what: What::Added,
                fields: whole(fields, true),
            }),
            Some((_, before)) => {
                let differing: Vec<Field> = fields_of(before, fields)
                    .into_iter()
                    .filter(|f| before.get(f) != fields.get(f))
                    .map(|f| Field {
                        old: before.get(&f).cloned(),
                        new: fields.get(&f).cloned(),
                        field: f,
                    })
                    .collect();
                if !differing.is_empty() {
                    out.push(Change {
                        part,
                        id: id.to_string(),
                        what: What::Changed,
                        fields: differing,
                    });
                }
            }
        }
    }
}

impl Version {
    /// What a rendered brief prints: its template data's texts (citations as its style formats
    /// them), and its sources and settings as written.
    pub fn of(data: &TemplateData, brief: &Brief, ws: &Workspace) -> Version {
        use crate::model::texts::TextId as T;
        let mut v = Version::default();
        let f = &data.front;
        let put = |map: &mut BTreeMap<String, String>, k: &str, val: Option<String>| {
            if let Some(val) = val.filter(|s| !s.trim().is_empty()) {
                map.insert(k.to_string(), val);
            }
        };
        let b = &mut v.brief;
        put(b, "title", Some(f.title.clone()));
        put(b, T::Subtitle.name(), f.subtitle.clone());
        put(b, "label", data.label.clone());
        put(b, "kind", Some(data.kind.name().to_string()));
        put(b, "status", Some(brief.status.name().to_string()));
        put(b, "date", f.date.as_ref().map(|d| d.display.clone()));
        put(b, "place", data.place.clone());
        put(b, T::Audience.name(), Some(f.audience.join("; ")));
        let names: Vec<String> = f.authors.iter().filter_map(|a| a.name.clone()).collect();
        put(b, "authors", Some(names.join("; ")));
        if let Some(p) = &data.position {
            put(b, "statement", p.statement.as_ref().map(text));
            let messages: Vec<String> = p.key_messages.iter().map(text).collect();
            put(b, T::KeyMessages.name(), Some(messages.join("\n")));
            put(b, T::Context.name(), p.context.as_ref().map(text));
        }
        put(b, "contact", f.contact.as_ref().map(person));
        for e in &data.evidence {
            let mut m = BTreeMap::new();
            put(&mut m, T::Claim.name(), e.claim.as_ref().map(text));
            put(&mut m, T::Detail.name(), e.detail.as_ref().map(text));
            put(&mut m, "figure", e.stat.as_ref().map(|s| s.value.clone()));
            put(
                &mut m,
                "figure-label",
                e.stat.as_ref().map(|s| s.label.clone()),
            );
            put(&mut m, "chart", e.chart.as_ref().map(chart));
            put(&mut m, "quote", e.quote.as_ref().map(|q| q.text.clone()));
            let speaker = e.quote.as_ref().and_then(|q| {
                let who = [q.speaker.clone(), q.role.clone()];
                let who: Vec<String> = who.into_iter().flatten().collect();
                (!who.is_empty()).then(|| who.join(", "))
            });
            put(&mut m, "speaker", speaker);
            put(&mut m, "sources", Some(e.sources.join(", ")));
            let id = e.id.clone().unwrap_or_else(|| format!("#{}", e.number));
            v.findings.push(Item { id, fields: m });
        }
        for a in &data.asks {
            let mut m = BTreeMap::new();
            put(&mut m, "to", a.to.clone());
            put(&mut m, T::Action.name(), a.action.as_ref().map(text));
            put(&mut m, "by", a.by.as_ref().map(|d| d.display.clone()));
            put(&mut m, "status", Some(a.status.name().to_string()));
            put(&mut m, T::Rationale.name(), a.rationale.as_ref().map(text));
            let evidence: Vec<String> = a.evidence.iter().map(usize::to_string).collect();
            put(&mut m, "evidence", Some(evidence.join(", ")));
            let id = a.id.clone().unwrap_or_else(|| format!("#{}", a.number));
            v.asks.push(Item { id, fields: m });
        }
        for key in cited(data) {
            let source = brief
                .citations
                .iter()
                .chain(&ws.citations)
                .find(|c| c.id.value == key);
            if let Some(c) = source {
                let fields = c
                    .fields()
                    .into_iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                v.sources.insert(key, fields);
            }
        }
        let s = &mut v.settings;
        put(s, "organisation", f.organisation.name.clone());
        put(s, "organisation-url", f.organisation.url.clone());
        put(s, "citation-style", Some(f.style.citation_style.clone()));
        put(s, "accent", Some(f.style.accent.clone()));
        put(s, "paper", Some(f.style.paper.name().to_string()));
        v
    }
}

/// A block text as it prints: its words, and each citation as its style formats it.
pub fn text(m: &Markup) -> String {
    // A citation as its style prints it; a note's text apart from the sentence it hangs on.
    let walk = |items: &[Inline], out: &mut String| {
        crate::markup::inline_text(items, out, &|cite, out| {
            if let Inline::Cite { shown: Some(s), .. } = cite {
                let shown = crate::rich::plain(&s.content);
                if s.note {
                    out.push_str(&format!(" [{}]", shown.trim()));
                } else {
                    out.push_str(&shown);
                }
            }
        })
    };
    let mut out = String::new();
    for block in &m.blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        match block {
            Block::Para { content } => walk(content, &mut out),
            Block::List { items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str("- ");
                    walk(item, &mut out);
                }
            }
        }
    }
    out
}

/// A contact as one line.
fn person(p: &crate::model::Person) -> String {
    [&p.name, &p.role, &p.email, &p.phone, &p.url]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

/// A chart as one line: its title, then each label's values.
fn chart(c: &crate::render::chart::ChartData) -> String {
    let points: Vec<String> = c
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let values: Vec<&str> = c
                .series
                .iter()
                .filter_map(|s| s.shown.get(i).map(String::as_str))
                .collect();
            format!("{l}: {}", values.join(" / "))
        })
        .collect();
    format!("{}: {}", c.title, points.join("; "))
}

/// The keys a brief cites, each once, in the order the reference list has them (or else as
/// its findings name them).
fn cited(data: &TemplateData) -> Vec<String> {
    let mut keys: Vec<String> = data
        .references
        .iter()
        .flat_map(|r| r.entries.iter().map(|e| e.key.clone()))
        .collect();
    for e in &data.evidence {
        for k in &e.sources {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    keys
}
