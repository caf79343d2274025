//! Stage three: a checked brief becomes the one [`TemplateData`] value every output receives.
//! Text stays data all the way: markup arrives as a tree of blocks and inlines, never as code.
//! The parts: [`data`] the types (the contract with templates), [`words`] the layouts' own words
//! per language, [`call`] a statement's call to action, [`colour`] the accent's shades.

pub mod call;
pub mod chart;
mod cites;
pub mod colour;
pub mod data;
mod typography;
pub mod words;

use chrono::{Datelike, NaiveDate};

use data::*;
pub use data::{to_json, PackData, TemplateData, DATA_VERSION};
pub use typography::quote_marks;
pub use words::Words;

use crate::model::*;

/// The template data of a checked brief, in the words of its language, its citations formatted
/// in the workspace's style.
pub fn data(b: &Brief, ws: &Workspace, words: &Words, csl: &crate::cite::Style) -> TemplateData {
    let tag = b.language.value.as_str();
    let date = |d: NaiveDate| date_value(d, tag, words);
    let evidence = evidence(b, ws, words);
    let asks = asks(b, words);
    let position = b.position.as_ref().map(|p| PositionData {
        statement: markup(&p.statement),
        key_messages: p.key_messages.iter().map(|t| t.markup.clone()).collect(),
        context: markup(&p.context),
    });
    let title = b.title.as_ref().map_or("", |t| t.value.as_str());
    let (language, region) = language_parts(tag);
    let mut data = TemplateData {
        version: DATA_VERSION,
        kind: b.kind,
        front: Front {
            title: title.to_string(),
            short_title: short_title(title),
            subtitle: b.subtitle.clone(),
            date: b.date.as_ref().map(|d| date(d.value)),
            draft: b.status == Status::Draft,
            language,
            region,
            audience: b.audience.clone(),
            authors: b.authors.clone(),
            keywords: b.keywords.clone(),
            contact: b.contact.clone().or_else(|| ws.contact.clone()),
            organisation: organisation(ws),
            style: style(ws),
            words: words.words.clone(),
        },
        label: b.label.clone(),
        place: b.place.clone(),
        status: b.status,
        position,
        evidence,
        asks,
        references: None,
        description: description(b),
        measure: false,
        fit: 0,
        changes: None,
    };
    cites::place(&mut data, b, ws, csl);
    typography::polish(&mut data);
    data
}

/// Whether a claim reads as a lead-in (see [`EvidenceData::lead`]).
fn is_lead(claim: &Markup) -> bool {
    fn strong(inlines: &[Inline]) -> bool {
        inlines.iter().any(|i| match i {
            Inline::Strong { .. } => true,
            Inline::Emph { content } | Inline::Link { content, .. } => strong(content),
            _ => false,
        })
    }
    let bold = claim.blocks.iter().any(|b| match b {
        Block::Para { content } => strong(content),
        Block::List { items, .. } => items.iter().any(|i| strong(i)),
    });
    !bold && claim.plain_text().chars().count() <= data::LEAD_CHARACTERS
}

/// The findings' data: numbered, their claims carrying their sources, their figures and charts.
fn evidence(b: &Brief, ws: &Workspace, words: &Words) -> Vec<EvidenceData> {
    let tag = b.language.value.as_str();
    let date = |d: NaiveDate| date_value(d, tag, words);
    b.evidence
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let stat = e.stat.as_ref().and_then(|s| match s {
                StatRef::Inline { value, label } => Some(StatData {
                    value: value.clone(),
                    label: label.clone(),
                    source: None,
                    as_of: None,
                }),
                StatRef::Library(id) => ws.stat(&id.value).map(|s| StatData {
                    value: s.value.clone(),
                    label: s.label.clone(),
                    source: s.source.as_ref().map(|k| k.value.clone()),
                    as_of: s.as_of.map(date),
                }),
            });
            EvidenceData {
                id: e.id.as_ref().map(|i| i.value.clone()),
                number: i + 1,
                lead: e.claim.as_ref().is_some_and(|c| is_lead(&c.markup)),
                claim: e
                    .claim
                    .as_ref()
                    .map(|c| cited_claim(&c.markup, &item_sources(e, ws))),
                detail: markup(&e.detail),
                chart: e
                    .chart
                    .as_ref()
                    .map(|c| chart::data(c, &chart_sources(e, ws), tag, words)),
                stat,
                quote: e.quote.clone(),
                sources: e.sources.iter().map(|s| s.value.clone()).collect(),
            }
        })
        .collect()
}

/// The asks' data: numbered, linked to their findings by number, each with its sentence for a
/// statement's call to action.
fn asks(b: &Brief, words: &Words) -> Vec<AskData> {
    let tag = b.language.value.as_str();
    let date = |d: NaiveDate| date_value(d, tag, words);
    let evidence_ids: Vec<&str> = b
        .evidence
        .iter()
        .map(|e| e.id.as_ref().map_or("", |i| i.value.as_str()))
        .collect();
    b.asks
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let linked = a
                .evidence
                .iter()
                .filter_map(|id| evidence_ids.iter().position(|e| *e == id.value))
                .map(|p| p + 1)
                .collect();
            let deadline = a.by.as_ref().map(|by| call::Deadline {
                year: by.value.year(),
                display: date(by.value).display,
            });
            let to = a.to.as_ref().map(|t| t.value.as_str()).unwrap_or_default();
            let action = a.action.as_ref().map(|t| &t.markup);
            AskData {
                id: a.id.as_ref().map(|i| i.value.clone()),
                number: i + 1,
                to: a.to.as_ref().map(|t| t.value.clone()),
                action: markup(&a.action),
                by: a.by.as_ref().map(|d| date(d.value)),
                rationale: markup(&a.rationale),
                evidence: linked,
                status: a.status,
                call: call::sentence(i == 0, to, action, deadline, &words.call),
            }
        })
        .collect()
}

/// One brief's line in a pack's contents.
pub struct PackEntry<'a> {
    /// The brief's template data (its date is shown in its own language).
    pub data: &'a TemplateData,
    /// Its first page in the pack (1-based).
    pub start: usize,
    /// How many pages it has.
    pub pages: usize,
}

/// The data of a briefing pack's cover and contents (`pack.typ`), in the words of `tag`, the
/// first brief's language.
#[allow(clippy::too_many_arguments)]
pub fn pack_data(
    title: &str,
    subtitle: Option<&str>,
    date: Option<NaiveDate>,
    audience: &[String],
    ws: &Workspace,
    entries: &[PackEntry],
    tag: &str,
    words: &Words,
) -> PackData {
    let (language, region) = language_parts(tag);
    let list = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let d = e.data;
            PackEntryData {
                number: i + 1,
                title: Some(d.front.title.clone()),
                subtitle: d.front.subtitle.clone(),
                label: d.label.clone(),
                kind: d.kind,
                date: d.front.date.clone(),
                start: e.start,
                pages: e.pages,
            }
        })
        .collect();
    PackData {
        version: DATA_VERSION,
        kind: "pack",
        front: Front {
            title: title.to_string(),
            short_title: short_title(title),
            subtitle: subtitle.map(str::to_string),
            date: date.map(|d| date_value(d, tag, words)),
            draft: false,
            language,
            region,
            audience: audience.to_vec(),
            authors: Vec::new(),
            keywords: Vec::new(),
            contact: ws.contact.clone(),
            organisation: organisation(ws),
            style: style(ws),
            words: words.words.clone(),
        },
        description: format!("{} briefs", entries.len()),
        entries: list,
    }
}

fn markup(t: &Option<Text>) -> Option<Markup> {
    t.as_ref().map(|t| t.markup.clone())
}

/// The organisation as templates see it; the logo as a path from the workspace root.
fn organisation(ws: &Workspace) -> OrganisationData {
    let o = &ws.organisation;
    OrganisationData {
        name: o.name.clone(),
        url: o.url.clone(),
        logo: o
            .logo
            .as_ref()
            .map(|l| format!("/{}", l.value.trim_start_matches("./"))),
        logo_alt: o
            .logo_alt
            .clone()
            .or_else(|| o.name.as_ref().map(|n| format!("{n} logo"))),
    }
}

/// Colours, paper and citation style.
fn style(ws: &Workspace) -> StyleData {
    let style = &ws.citation_style.value;
    let citation_style = if style.ends_with(".csl") {
        format!("/{}", style.trim_start_matches("./"))
    } else {
        style.clone()
    };
    let accent = colour::visible(&ws.accent);
    StyleData {
        accent_ink: colour::accent_ink(&accent),
        on_accent: colour::on_accent(&accent).to_string(),
        accent,
        paper: ws.paper,
        citation_style,
    }
}

/// A date as templates show and store it. American English writes the month first; everyone
/// else the day.
pub fn date_value(d: NaiveDate, tag: &str, words: &Words) -> DateData {
    let month = words.month(d.month());
    let display = if tag.eq_ignore_ascii_case("en-US") {
        format!("{month} {}, {}", d.day(), d.year())
    } else {
        format!("{} {month} {}", d.day(), d.year())
    };
    DateData {
        iso: d.to_string(),
        year: d.year(),
        month: d.month(),
        day: d.day(),
        display,
    }
}

/// The title cut at a natural break for the running footer.
fn short_title(title: &str) -> String {
    if title.chars().count() <= 48 {
        return title.to_string();
    }
    for sep in [": ", " — ", " – ", " - "] {
        if let Some((head, _)) = title.split_once(sep) {
            if head.chars().count() <= 48 && head.chars().count() >= 12 {
                return head.to_string();
            }
        }
    }
    let mut out = String::new();
    for word in title.split_whitespace() {
        if out.chars().count() + word.chars().count() > 44 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{}…", out.trim_end_matches([',', ';', ':']))
}

/// The PDF subject: the subtitle, else the position statement's first sentence.
fn description(b: &Brief) -> Option<String> {
    if let Some(s) = &b.subtitle {
        return Some(s.clone());
    }
    let text = b.position.as_ref()?.statement.as_ref()?.markup.plain_text();
    let first = match text.find(". ") {
        Some(i) => &text[..=i],
        None => text.as_str(),
    };
    // A citation left out leaves its space: "in 2019 ." reads "in 2019.".
    let words: Vec<&str> = first.split_whitespace().collect();
    Some(words.join(" ").replace(" .", ".").replace(" ,", ","))
}

/// The keys an evidence item cites as a whole: its `sources` and its library figure's source.
fn item_sources(e: &Evidence, ws: &Workspace) -> Vec<String> {
    let mut keys: Vec<String> = e.sources.iter().map(|s| s.value.clone()).collect();
    if let Some(StatRef::Library(id)) = &e.stat {
        let stat = ws.stat(&id.value);
        keys.extend(
            stat.and_then(|s| s.source.as_ref())
                .map(|k| k.value.clone()),
        );
    }
    let mut unique: Vec<String> = Vec::new();
    for k in keys {
        if !unique.contains(&k) {
            unique.push(k);
        }
    }
    unique
}

/// Every source an evidence item cites, for its chart's source line: its `sources`, its
/// figure's, and those cited in its claim and detail.
fn chart_sources(e: &Evidence, ws: &Workspace) -> Vec<String> {
    let mut keys = item_sources(e, ws);
    for t in e.claim.iter().chain(&e.detail) {
        for c in t.markup.citations() {
            if !keys.contains(&c.key) {
                keys.push(c.key.clone());
            }
        }
    }
    keys
}

/// A citation of whole sources, with no locator: one the tool adds, not written in the brief;
/// `prose` when it is read as part of a sentence (a chart's "Source: Agency (2024)").
pub(crate) fn cite_of(keys: &[String], prose: bool) -> Inline {
    Inline::Cite {
        refs: keys
            .iter()
            .map(|k| CiteRef {
                key: k.clone(),
                locator: None,
                span: 0..0,
            })
            .collect(),
        shown: None,
        prose,
    }
}

/// A claim with the item's sources cited at its end, before the final full stop, where a reader
/// expects a citation ("… since 2020 (NCMEC, 2024).").
fn cited_claim(claim: &Markup, keys: &[String]) -> Markup {
    let mut claim = claim.clone();
    if keys.is_empty() {
        return claim;
    }
    let cite = cite_of(keys, false);
    let content = match claim.blocks.last_mut() {
        Some(Block::Para { content }) => content,
        Some(Block::List { items, .. }) => match items.last_mut() {
            Some(item) => item,
            None => return claim,
        },
        None => {
            claim.blocks.push(Block::Para {
                content: Vec::new(),
            });
            match claim.blocks.last_mut() {
                Some(Block::Para { content }) => content,
                _ => return claim,
            }
        }
    };
    let stop = match content.last_mut() {
        Some(Inline::Text { text }) => {
            let trimmed = text.trim_end();
            let stop = trimmed
                .chars()
                .last()
                .filter(|c| matches!(c, '.' | '!' | '?'));
            if stop.is_some() {
                *text = trimmed[..trimmed.len() - 1].to_string();
            }
            stop
        }
        _ => None,
    };
    content.push(Inline::Text { text: " ".into() });
    content.push(cite);
    if let Some(stop) = stop {
        content.push(Inline::Text {
            text: stop.to_string(),
        });
    }
    claim
}
