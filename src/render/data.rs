//! The template data: the one value every output receives (the Typst layouts through
//! `/.brief/data.json`, and any later edition). Its serialised shape is the contract with custom
//! templates, documented field by field in `docs/templates.md` (a test keeps the two in step).

use serde::Serialize;

use crate::model::{AskStatus, Inline, Kind, Markup, Paper, Person, Quote, Status};

/// Version of the data contract; bumped when a field changes meaning.
pub const DATA_VERSION: u32 = 2;

/// The longest claim set as a bold lead-in, in characters.
pub const LEAD_CHARACTERS: usize = 160;

/// Everything a template needs to typeset one brief.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct TemplateData {
    /// [`DATA_VERSION`].
    pub version: u32,
    /// The layout the brief asks for.
    pub kind: Kind,
    /// What a brief shares with a pack's cover: the fields the shared helpers read.
    #[serde(flatten)]
    pub front: Front,
    pub label: Option<String>,
    /// Where it is issued (a statement's dateline).
    pub place: Option<String>,
    pub status: Status,
    pub position: Option<PositionData>,
    pub evidence: Vec<EvidenceData>,
    pub asks: Vec<AskData>,
    /// The reference list, formatted in the workspace's citation style: the sources the
    /// layout's citations cite.
    pub references: Option<crate::rich::References>,
    /// The PDF subject: the subtitle, else the position's first sentence.
    pub description: Option<String>,
    /// Set only when a one-pager that overflows is typeset again to measure by how much.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub measure: bool,
    /// How much tighter to set the brief (1 or 2), when its last page would hold only a
    /// scrap; absent otherwise.
    #[serde(skip_serializing_if = "is_zero")]
    pub fit: u8,
    /// A redline's summary of what changed, printed before the brief; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<ChangesData>,
}

/// What a redline says before the brief it marks.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesData {
    /// "Changes since the sign-off by A. Director on 1 December 2026".
    pub heading: String,
    /// How the changes are marked.
    pub legend: String,
    /// One line per change: "Finding f2 changed: figure 41% → 45%; claim".
    pub lines: Vec<String>,
}

/// The fields every document's data has, a brief's or a pack's: what `common.typ` reads for the
/// page, the document metadata, the masthead and the footer.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Front {
    /// The headline.
    pub title: String,
    /// The title cut at a natural break, for running footers.
    pub short_title: String,
    pub subtitle: Option<String>,
    pub date: Option<DateData>,
    /// Whether it is a draft (DRAFT on every page).
    pub draft: bool,
    /// The primary language subtag, lower case (`fr`), for `set text(lang: ..)`.
    pub language: String,
    /// The region subtag, upper case (`CA`), when the tag has one.
    pub region: Option<String>,
    pub audience: Vec<String>,
    pub authors: Vec<Person>,
    pub keywords: Vec<String>,
    /// The brief's contact, else the workspace's.
    pub contact: Option<Person>,
    pub organisation: OrganisationData,
    pub style: StyleData,
    /// The layouts' own words in the document's language, by name.
    pub words: std::collections::BTreeMap<String, String>,
}

/// A date, ready to print and to compare.
#[derive(Debug, Clone, Serialize)]
pub struct DateData {
    /// `2024-03-07`.
    pub iso: String,
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// "7 March 2024" (`en-US`: "March 7, 2024"), in the brief's language.
    pub display: String,
}

/// `[position]`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PositionData {
    pub statement: Option<Markup>,
    pub key_messages: Vec<Markup>,
    pub context: Option<Markup>,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceData {
    pub id: Option<String>,
    /// 1-based position among the findings.
    pub number: usize,
    /// The claim, with the item's `sources` cited at its end.
    pub claim: Option<Markup>,
    /// Whether the claim is set as a bold lead-in: it is short (at most
    /// [`LEAD_CHARACTERS`]) and has no bold of its own. A longer claim, set bold, reads as a
    /// wall, and bold around the author's own bold would hide it.
    pub lead: bool,
    pub detail: Option<Markup>,
    pub stat: Option<StatData>,
    /// Its chart, drawn from the brief's numbers.
    pub chart: Option<super::chart::ChartData>,
    pub quote: Option<Quote>,
    /// The keys in `sources`.
    pub sources: Vec<String>,
}

/// A figure called out large.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct StatData {
    pub value: String,
    pub label: String,
    /// The citation key of a library figure's source.
    pub source: Option<String>,
    /// When a library figure was true.
    pub as_of: Option<DateData>,
}

/// One ask.
#[derive(Debug, Clone, Serialize)]
pub struct AskData {
    pub id: Option<String>,
    /// 1-based position among the asks.
    pub number: usize,
    pub to: Option<String>,
    pub action: Option<Markup>,
    pub by: Option<DateData>,
    pub rationale: Option<Markup>,
    /// The numbers of the findings it rests on.
    pub evidence: Vec<usize>,
    /// Where it stands: open, met, missed or dropped.
    pub status: AskStatus,
    /// The ask as a sentence of a statement's call to action.
    pub call: Vec<Inline>,
}

/// `[organisation]` of the workspace.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct OrganisationData {
    pub name: Option<String>,
    pub url: Option<String>,
    /// A path from the workspace root, for `image()`.
    pub logo: Option<String>,
    pub logo_alt: Option<String>,
}

/// Colours, paper and citation style.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct StyleData {
    pub accent: String,
    /// The accent darkened to WCAG AA contrast on white, for text.
    pub accent_ink: String,
    /// Text colour for use on the accent.
    pub on_accent: String,
    pub paper: Paper,
    /// A built-in style name, or a path from the workspace root.
    pub citation_style: String,
}

/// The cover and contents of a briefing pack (`pack.typ`): the fields the shared helpers read,
/// as a brief has them, plus the entries.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PackData {
    pub version: u32,
    /// Always `pack`.
    pub kind: &'static str,
    #[serde(flatten)]
    pub front: Front,
    /// "3 briefs": the PDF subject.
    pub description: String,
    pub entries: Vec<PackEntryData>,
}

/// One brief in a pack's contents.
#[derive(Debug, Clone, Serialize)]
pub struct PackEntryData {
    pub number: usize,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub label: Option<String>,
    pub kind: Kind,
    pub date: Option<DateData>,
    /// Its first page in the pack.
    pub start: usize,
    pub pages: usize,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// Serialise for Typst: the JSON text of `/.brief/data.json`. Keys come out sorted, and every tab
/// becomes a space (tabs have no width in type).
pub fn to_json<T: Serialize>(data: &T) -> String {
    let mut value = serde_json::to_value(data).unwrap_or(serde_json::Value::Null);
    untab(&mut value);
    value.to_string()
}

/// Tabs have no width in type: every tab in a value becomes a space.
pub fn untab(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) if s.contains('\t') => *s = s.replace('\t', " "),
        Value::Array(items) => items.iter_mut().for_each(untab),
        Value::Object(map) => map.values_mut().for_each(untab),
        _ => {}
    }
}
