//! The catalogue of a brief's texts: every text a writer words, each once, with its key, its
//! form, how messages and the schema name it, and the order each layout prints it in. A text
//! here is exactly what a translation gives: names, ids, numbers, dates, addresses and a
//! figure's source are the same in every language and are not texts. The loader, the JSON Schema, the
//! translation reader and skeleton, the checks' walk over texts, the citations' reading order and
//! the one-pager's fit report are all driven by this table, so a text is added here and nowhere
//! else by name.

use super::{Brief, Evidence, Kind, Spanned, StatRef, Text, Workspace};

/// The part of a brief a text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The top of the file: the title and the lines around it.
    Head,
    /// `[position]`.
    Position,
    /// Each `[[evidence]]` item, named by its id.
    Evidence,
    /// Each `[[ask]]` item, named by its id.
    Ask,
    /// `[contact]`.
    Contact,
}

impl Part {
    /// The table it is written in (`position`, `evidence`…); none for the head.
    pub fn table(self) -> Option<&'static str> {
        match self {
            Part::Head => None,
            Part::Position => Some("position"),
            Part::Evidence => Some("evidence"),
            Part::Ask => Some("ask"),
            Part::Contact => Some("contact"),
        }
    }

    /// Whether it is a list of items, each a table with an id.
    pub fn has_items(self) -> bool {
        matches!(self, Part::Evidence | Part::Ask)
    }

    /// Every part, in the order of the format.
    pub const ALL: [Part; 5] = [
        Part::Head,
        Part::Position,
        Part::Evidence,
        Part::Ask,
        Part::Contact,
    ];
}

/// How a text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// One line of plain text.
    Line,
    /// A list of lines.
    Lines,
    /// A text with markup (paragraphs, emphasis, links, citations).
    Markup,
    /// A list of texts with markup.
    MarkupList,
    /// A table whose parts are texts: each part's key and how a message names it. (Its other
    /// keys, a chart's numbers say, are data, the same in every language.)
    Parts(&'static [(&'static str, &'static str)]),
}

impl Form {
    /// Whether it is a list, each element its own text.
    pub fn is_list(self) -> bool {
        matches!(self, Form::Lines | Form::MarkupList)
    }
}

/// Every text of a brief, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextId {
    Title,
    Subtitle,
    Label,
    Place,
    Audience,
    Keywords,
    Statement,
    KeyMessages,
    Context,
    Claim,
    Detail,
    Stat,
    Quote,
    Chart,
    To,
    Action,
    Rationale,
    ContactName,
    ContactRole,
}

/// One text of the format.
#[derive(Debug)]
pub struct Field {
    /// Which text.
    pub id: TextId,
    /// Where it is written.
    pub part: Part,
    /// Its key in the TOML.
    pub name: &'static str,
    /// How it is written.
    pub form: Form,
    /// Whether a brief must have it.
    pub required: bool,
    /// How messages name one such text: "claim", "key message" (then "key message 2").
    pub what: &'static str,
    /// What the JSON Schema says of it.
    pub describe: &'static str,
}

/// Every text of the format, in the format's order.
pub const FIELDS: &[Field] = &[
    field(
        TextId::Title,
        Part::Head,
        "title",
        Form::Line,
        true,
        "title",
        "headline",
    ),
    field(
        TextId::Subtitle,
        Part::Head,
        "subtitle",
        Form::Line,
        false,
        "subtitle",
        "one line under the title",
    ),
    field(
        TextId::Label,
        Part::Head,
        "label",
        Form::Line,
        false,
        "label",
        "line above the title",
    ),
    field(
        TextId::Place,
        Part::Head,
        "place",
        Form::Line,
        false,
        "place",
        "where it is issued (a statement's dateline)",
    ),
    field(
        TextId::Audience,
        Part::Head,
        "audience",
        Form::Lines,
        false,
        "audience",
        "who it is for",
    ),
    field(
        TextId::Keywords,
        Part::Head,
        "keywords",
        Form::Lines,
        false,
        "keyword",
        "PDF keywords",
    ),
    field(
        TextId::Statement,
        Part::Position,
        "statement",
        Form::Markup,
        true,
        "statement",
        "what we want and why",
    ),
    field(
        TextId::KeyMessages,
        Part::Position,
        "key-messages",
        Form::MarkupList,
        false,
        "key message",
        "2-5 short points (a warning above 5)",
    ),
    field(
        TextId::Context,
        Part::Position,
        "context",
        Form::Markup,
        false,
        "context",
        "background the reader needs",
    ),
    field(
        TextId::Claim,
        Part::Evidence,
        "claim",
        Form::Markup,
        true,
        "claim",
        "one finding, stated plainly",
    ),
    field(
        TextId::Detail,
        Part::Evidence,
        "detail",
        Form::Markup,
        false,
        "detail",
        "elaboration",
    ),
    field(
        TextId::Stat,
        Part::Evidence,
        "stat",
        STAT,
        false,
        "figure",
        "a figure called out large: { value, label } or the id of a library [[stat]]",
    ),
    field(
        TextId::Quote,
        Part::Evidence,
        "quote",
        QUOTE,
        false,
        "quote",
        "a quotation that carries the finding",
    ),
    field(
        TextId::Chart,
        Part::Evidence,
        "chart",
        CHART,
        false,
        "chart",
        "a chart drawn from the brief's own numbers",
    ),
    field(
        TextId::To,
        Part::Ask,
        "to",
        Form::Line,
        true,
        "addressee (to)",
        "who is asked to act",
    ),
    field(
        TextId::Action,
        Part::Ask,
        "action",
        Form::Markup,
        true,
        "action",
        "what they should do, as an imperative",
    ),
    field(
        TextId::Rationale,
        Part::Ask,
        "rationale",
        Form::Markup,
        false,
        "rationale",
        "why",
    ),
    field(
        TextId::ContactName,
        Part::Contact,
        "name",
        Form::Line,
        false,
        "name",
        "name",
    ),
    field(
        TextId::ContactRole,
        Part::Contact,
        "role",
        Form::Line,
        false,
        "role",
        "role or title",
    ),
];

const STAT: Form = Form::Parts(&[("value", "figure"), ("label", "figure's label")]);
const QUOTE: Form = Form::Parts(&[("text", "quote"), ("role", "speaker's role")]);
const CHART: Form = Form::Parts(&[
    ("title", "chart's title"),
    ("unit", "chart's unit"),
    ("alt", "chart's text alternative"),
]);

const fn field(
    id: TextId,
    part: Part,
    name: &'static str,
    form: Form,
    required: bool,
    what: &'static str,
    describe: &'static str,
) -> Field {
    Field {
        id,
        part,
        name,
        form,
        required,
        what,
        describe,
    }
}

impl TextId {
    /// Its entry in the catalogue.
    pub fn field(self) -> &'static Field {
        FIELDS
            .iter()
            .find(|f| f.id == self)
            .expect("every text is in the catalogue")
    }

    /// Its key in the TOML.
    pub fn name(self) -> &'static str {
        self.field().name
    }

    /// How a message shows one written, for a text a brief lacks.
    pub fn example(self) -> &'static str {
        match self {
            TextId::Title => "\"What we want, in one line\"",
            TextId::To => "\"Parliament\"",
            _ => "\"...\"",
        }
    }
}

impl Part {
    /// The texts of this part, in the format's order.
    pub fn fields(self) -> impl Iterator<Item = &'static Field> {
        FIELDS.iter().filter(move |f| f.part == self)
    }
}

/// Where one text of one brief is: which text, of which item, which element of a list, which
/// part of a table. Its [`Display`](std::fmt::Display) is the key translations use
/// (`evidence.ID.claim`, `position.key-messages.2`, `evidence.ID.stat.label`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextKey {
    /// Which text.
    pub id: TextId,
    /// The id of its item, for findings and asks.
    pub item: Option<String>,
    /// Its place in a list, from 1.
    pub index: Option<usize>,
    /// The part of a table of texts (`label` of a figure).
    pub part: Option<&'static str>,
}

impl TextKey {
    /// The key of its item (`evidence.ID`), the part it belongs to otherwise (`head`,
    /// `position`, `contact`): what `[reviewed]` groups texts by.
    pub fn item_key(&self) -> String {
        let part = self.id.field().part;
        match (&self.item, part.table()) {
            (Some(id), Some(table)) => format!("{table}.{id}"),
            (_, Some(table)) => table.to_string(),
            (_, None) => "head".to_string(),
        }
    }

    /// How a message names it: "the claim of evidence \"ID\"", "key message 2", "the contact's
    /// role", "the figure's label of evidence \"ID\"".
    pub fn what(&self) -> String {
        let field = self.id.field();
        let what = match (self.part, field.form) {
            (Some(p), Form::Parts(parts)) => parts.iter().find(|(k, _)| *k == p).map_or(p, |x| x.1),
            _ => field.what,
        };
        if let Some(i) = self.index {
            return format!("{what} {i}");
        }
        match (field.part, &self.item) {
            (Part::Head, _) => format!("the {what}"),
            (Part::Position, _) => format!("the position's {what}"),
            (Part::Contact, _) => format!("the contact's {what}"),
            (part, Some(id)) => {
                format!(
                    "the {what} of {} \"{id}\"",
                    part.table().unwrap_or_default()
                )
            }
            (_, None) => format!("the {what}"),
        }
    }

    /// The table a translation writes it in (`[evidence.ID]`; none at the top).
    pub fn table(&self) -> Option<String> {
        let table = self.id.field().part.table()?;
        Some(match &self.item {
            Some(id) => format!("[{table}.{id}]"),
            None => format!("[{table}]"),
        })
    }
}

impl std::fmt::Display for TextKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let field = self.id.field();
        if let Some(table) = field.part.table() {
            write!(f, "{table}.")?;
        }
        if let Some(id) = &self.item {
            write!(f, "{id}.")?;
        }
        f.write_str(field.name)?;
        if let Some(i) = self.index {
            write!(f, ".{i}")?;
        }
        if let Some(p) = self.part {
            write!(f, ".{p}")?;
        }
        Ok(())
    }
}

/// A text of a brief as the typed brief holds it.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// Plain text.
    Line(&'a str),
    /// Text with markup.
    Text(&'a Text),
}

impl<'a> Value<'a> {
    /// The markup, when it has any.
    pub fn markup(self) -> Option<&'a Text> {
        match self {
            Value::Text(t) => Some(t),
            Value::Line(_) => None,
        }
    }
}

/// One text of one brief: where it is and what it says.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    pub key: TextKey,
    pub value: Value<'a>,
}

impl Brief {
    /// Every text of the brief, in the format's order: the head, the position, each finding,
    /// each ask (all texts of one item before the next), the contact.
    pub fn texts(&self) -> Vec<Found<'_>> {
        let mut out = Vec::new();
        for part in Part::ALL {
            let ids: Vec<Option<&Spanned<String>>> = match part {
                Part::Evidence => self.evidence.iter().map(|e| e.id.as_ref()).collect(),
                Part::Ask => self.asks.iter().map(|a| a.id.as_ref()).collect(),
                _ => Vec::new(),
            };
            let items: Vec<(Option<usize>, Option<&str>)> = if part.has_items() {
                let ids = ids.into_iter().map(|i| i.map(|i| i.value.as_str()));
                ids.enumerate().map(|(n, id)| (Some(n), id)).collect()
            } else {
                vec![(None, None)]
            };
            for (n, id) in items {
                for field in part.fields() {
                    push(&mut out, field, id, self.values(field.id, n));
                }
            }
        }
        out
    }

    /// The values of one text, of the `n`th item for a finding's or an ask's text, each with
    /// the part of a table of texts it is.
    pub fn values(&self, id: TextId, n: Option<usize>) -> Vec<(Option<&'static str>, Value<'_>)> {
        let e = n.and_then(|n| self.evidence.get(n));
        let a = n.and_then(|n| self.asks.get(n));
        let p = self.position.as_ref();
        let c = self.contact.as_ref();
        let values = match id {
            TextId::Title => self.title.iter().map(|t| Value::Line(&t.value)).collect(),
            TextId::Subtitle => line(&self.subtitle),
            TextId::Label => line(&self.label),
            TextId::Place => line(&self.place),
            TextId::Audience => self.audience.iter().map(|s| Value::Line(s)).collect(),
            TextId::Keywords => self.keywords.iter().map(|s| Value::Line(s)).collect(),
            TextId::Statement => p.map_or(Vec::new(), |p| text(&p.statement)),
            TextId::KeyMessages => p.map_or(Vec::new(), |p| {
                p.key_messages.iter().map(Value::Text).collect()
            }),
            TextId::Context => p.map_or(Vec::new(), |p| text(&p.context)),
            TextId::Claim => e.map_or(Vec::new(), |e| text(&e.claim)),
            TextId::Detail => e.map_or(Vec::new(), |e| text(&e.detail)),
            TextId::Stat | TextId::Quote | TextId::Chart => {
                return e.map_or(Vec::new(), |e| parts(id, e))
            }
            TextId::To => a
                .and_then(|a| a.to.as_ref())
                .map(|t| Value::Line(&t.value))
                .into_iter()
                .collect(),
            TextId::Action => a.map_or(Vec::new(), |a| text(&a.action)),
            TextId::Rationale => a.map_or(Vec::new(), |a| text(&a.rationale)),
            TextId::ContactName => c.map_or(Vec::new(), |c| line(&c.name)),
            TextId::ContactRole => c.map_or(Vec::new(), |c| line(&c.role)),
        };
        values.into_iter().map(|v| (None, v)).collect()
    }

    /// Every text with markup, in the format's order.
    pub fn markup_texts(&self) -> Vec<&Text> {
        self.texts()
            .into_iter()
            .filter_map(|f| f.value.markup())
            .collect()
    }

    /// The citation keys a brief uses, sorted, each once: in its texts, in `sources`, and
    /// through the library figures it names.
    pub fn cited_keys(&self, ws: &Workspace) -> Vec<String> {
        let mut keys: Vec<String> = self
            .markup_texts()
            .iter()
            .flat_map(|t| t.markup.citations())
            .map(|c| c.key.clone())
            .collect();
        for e in &self.evidence {
            keys.extend(e.sources.iter().map(|s| s.value.clone()));
            if let Some(StatRef::Library(id)) = &e.stat {
                let source = ws.stat(&id.value).and_then(|s| s.source.as_ref());
                keys.extend(source.map(|s| s.value.clone()));
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }
}

fn line(s: &Option<String>) -> Vec<Value<'_>> {
    s.as_deref().map(Value::Line).into_iter().collect()
}

fn text(t: &Option<Text>) -> Vec<Value<'_>> {
    t.iter().map(Value::Text).collect()
}

/// The parts of a finding's table of texts (its figure, quote or chart) that it has.
fn parts(id: TextId, e: &Evidence) -> Vec<(Option<&'static str>, Value<'_>)> {
    let parts: Vec<(&'static str, Option<&str>)> = match id {
        TextId::Stat => match &e.stat {
            Some(StatRef::Inline { value, label }) => {
                vec![
                    ("value", Some(value.as_str())),
                    ("label", Some(label.as_str())),
                ]
            }
            _ => Vec::new(),
        },
        TextId::Quote => e
            .quote
            .iter()
            .flat_map(|q| [("text", Some(q.text.as_str())), ("role", q.role.as_deref())])
            .collect(),
        TextId::Chart => e
            .chart
            .iter()
            .flat_map(|c| {
                [
                    ("title", Some(c.title.value.as_str())),
                    ("unit", c.unit.as_deref()),
                    ("alt", c.alt.as_deref()),
                ]
            })
            .collect(),
        _ => Vec::new(),
    };
    parts
        .into_iter()
        .filter_map(|(name, s)| Some((Some(name), Value::Line(s?))))
        .collect()
}

/// Add the values of one text to `out`, each with its key.
fn push<'a>(
    out: &mut Vec<Found<'a>>,
    field: &'static Field,
    item: Option<&str>,
    values: Vec<(Option<&'static str>, Value<'a>)>,
) {
    for (i, (part, value)) in values.into_iter().enumerate() {
        let key = TextKey {
            id: field.id,
            item: item.map(str::to_string),
            index: field.form.is_list().then_some(i + 1),
            part,
        };
        out.push(Found { key, value });
    }
}

/// One step of a layout's reading: the texts of one part it prints there, in order (of each
/// item in turn, for findings and asks).
pub type Step = (Part, &'static [TextId]);

/// The texts a layout prints, in the order a reader meets them: numeric citation styles number
/// sources in this order, and "ibid." follows it. Texts a layout does not print are left out
/// (`docs/format.md` draws the same as a table, which a test compares with this). `None` is a
/// custom template, which gets every text in the format's order.
pub fn reading(layout: Option<Kind>) -> &'static [Step] {
    use TextId::*;
    const CONTACT: Step = (Part::Contact, &[ContactName, ContactRole]);
    match layout {
        // A brief puts what it asks before the findings that support it.
        Some(Kind::Brief) => &[
            (Part::Head, &[Label, Title, Subtitle, Audience]),
            (Part::Position, &[Statement, KeyMessages]),
            (Part::Ask, &[To, Action, Rationale]),
            (Part::Evidence, &[Claim, Detail, Stat, Quote, Chart]),
            (Part::Position, &[Context]),
            CONTACT,
        ],
        // The one-pager prints claims, not details; actions, not rationales; one quote.
        Some(Kind::OnePager) => &[
            (Part::Head, &[Label, Title, Subtitle, Audience]),
            (Part::Position, &[Statement, KeyMessages]),
            (Part::Evidence, &[Claim, Stat, Quote, Chart]),
            (Part::Ask, &[To, Action]),
            (Part::Position, &[Context]),
            CONTACT,
        ],
        // A statement is prose: its claims carry their numbers, and each ask's action is read
        // inside its call to action.
        Some(Kind::Statement) => &[
            (Part::Head, &[Label, Title, Subtitle, Place]),
            (Part::Position, &[Statement]),
            (Part::Evidence, &[Claim, Detail, Quote, Chart]),
            (Part::Position, &[Context]),
            (Part::Ask, &[To, Action, Rationale]),
            CONTACT,
        ],
        None => &[
            (
                Part::Head,
                &[Title, Subtitle, Label, Place, Audience, Keywords],
            ),
            (Part::Position, &[Statement, KeyMessages]),
            (Part::Evidence, &[Claim, Detail, Stat, Quote, Chart]),
            (Part::Ask, &[To, Action, Rationale]),
            (Part::Position, &[Context]),
            CONTACT,
        ],
    }
}
