//! The JSON Schema of a brief, for editors (completion, hover docs, inline errors). It is built
//! from the same enumerations and limits the loader checks against (`model::Kind` and the other [`Choice`]s), and a test
//! validates every example brief with it.

use serde_json::{json, Map, Value};

use crate::limits::TITLE_LIMIT;
use crate::model::texts::{Form, Part, TextId};
use crate::model::{AskStatus, ChartType, Choice, CitationType, Kind, Status};

fn string(doc: &str) -> Value {
    json!({ "type": "string", "description": doc })
}

fn markup(doc: &str) -> Value {
    json!({ "type": "string", "description": format!("{doc} (markup: *emphasis*, **strong**, [text](url), lists, [@key] citations)") })
}

fn date(doc: &str) -> Value {
    json!({ "type": "string", "format": "date", "description": format!("{doc} (a TOML date such as 2024-03-07, without quotes)") })
}

fn one_of(values: &[&str], doc: &str, default: &str) -> Value {
    json!({ "type": "string", "enum": values, "default": default, "description": doc })
}

fn strings(doc: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": doc })
}

fn table(doc: &str, required: &[&str], props: Vec<(&str, Value)>) -> Value {
    let properties: Map<String, Value> =
        props.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    json!({
        "type": "object",
        "description": doc,
        "required": required,
        "properties": properties,
        "additionalProperties": false,
    })
}

fn id(doc: &str) -> Value {
    json!({ "type": "string", "pattern": "^[a-z0-9-]+$", "description": doc })
}

fn person() -> Value {
    table(
        "a person",
        &[],
        vec![
            ("name", string("name")),
            ("role", string("role or title")),
            ("email", string("e-mail address")),
            ("phone", string("telephone number")),
            ("url", string("web address")),
        ],
    )
}

/// A `[[citation]]` table; shared by briefs and the library.
pub fn citation() -> Value {
    table(
        "a source: the key used in [@key]",
        &["id", "type", "title"],
        vec![
            (
                "id",
                json!({ "type": "string", "pattern": "^[^\\s\\[\\];,@]+$", "description": "the key used in [@key]" }),
            ),
            (
                "type",
                one_of(CitationType::NAMES, "kind of source", "report"),
            ),
            ("title", string("title")),
            (
                "author",
                strings("people as \"Family, Given\"; an organisation as its name"),
            ),
            (
                "editor",
                strings(
                    "editors, as authors are written: of a chapter's book, or of an edited volume",
                ),
            ),
            ("translator", strings("translators, as authors are written")),
            (
                "et-al",
                json!({ "type": "boolean", "description": "the authors go on past those named: styles print \"et al.\"" }),
            ),
            (
                "genre",
                string("what kind of work it is, in words: \"PhD thesis\", \"Working paper\""),
            ),
            ("publisher", string("publisher (a thesis's university)")),
            (
                "container",
                string("journal, newspaper, site, a chapter's book, a conference paper's proceedings, a case's reporter, a law's code"),
            ),
            (
                "date",
                json!({ "type": "string", "pattern": "^\\d{4}(-\\d{2}(-\\d{2})?)?$", "description": "date of publication: a TOML date, or \"2024\" / \"2024-05\"" }),
            ),
            (
                "url",
                json!({ "type": "string", "pattern": "^https?://", "maxLength": 2000, "description": "absolute http(s) URL, at most 2,000 characters" }),
            ),
            (
                "doi",
                json!({ "type": "string", "pattern": "^10\\.\\d+(\\.\\d+)*/\\S+$", "description": "DOI, 10.xxxx/..." }),
            ),
            (
                "accessed",
                date(
                    "when the page was last checked; required for web and news entries with a url",
                ),
            ),
            ("pages", string("pages")),
            ("volume", string("volume")),
            ("edition", string("edition, e.g. \"2nd\"")),
            ("place", string("where the publisher is, e.g. \"London\"")),
            ("court", string("a case's court, a law's legislature")),
            ("section", string("a law's section, e.g. \"§ 12101\"")),
            ("issue", string("issue")),
            ("note", string("note")),
        ],
    )
}

/// `[evidence.chart]`: `values` for one series, or `series` for several.
fn chart() -> Value {
    let numbers =
        |doc: &str| json!({ "type": "array", "items": { "type": "number" }, "description": doc });
    let mut t = table(
        "a chart drawn from the brief's own numbers, with alt text drafted from them",
        &["type", "title", "labels"],
        vec![
            (
                "type",
                one_of(
                    ChartType::NAMES,
                    "bar (categories, such as years) or line (a series over time)",
                    "bar",
                ),
            ),
            ("title", string("the takeaway title")),
            ("unit", string("what the values count, e.g. \"households\"")),
            ("labels", strings("one label per point, e.g. years")),
            ("values", numbers("one number per label")),
            (
                "series",
                json!({
                    "type": "array",
                    "description": "several series, each with a name and one number per label",
                    "items": table("a series", &["name", "values"], vec![
                        ("name", string("what the series is, e.g. \"Families\"")),
                        ("values", numbers("one number per label")),
                    ]),
                }),
            ),
            ("highlight", string("the label of a point to set apart")),
            (
                "alt",
                string("the text alternative; drafted from the data when left out"),
            ),
        ],
    );
    t["oneOf"] = json!([{ "required": ["values"] }, { "required": ["series"] }]);
    t
}

/// The schema of each text of a part, from the catalogue of texts.
fn texts(part: Part) -> Vec<(&'static str, Value)> {
    part.fields()
        .map(|f| {
            let schema = match (f.form, f.id) {
                // Over the limit is a warning, not an error: the schema refuses only what the
                // tool does.
                (_, TextId::Title) => json!({ "type": "string", "description": format!("{} (a warning above {TITLE_LIMIT} characters)", f.describe) }),
                (Form::Line, _) => string(f.describe),
                (Form::Lines | Form::MarkupList, _) => strings(f.describe),
                (Form::Markup, _) => markup(f.describe),
                (Form::Parts(_), TextId::Stat) => json!({
                    "description": f.describe,
                    "oneOf": [
                        { "type": "string" },
                        table("a figure", &["value", "label"], vec![("value", string("the number, e.g. \"74.4 million\"")), ("label", string("what it counts"))]),
                    ],
                }),
                (Form::Parts(_), TextId::Quote) => table(
                    f.describe,
                    &["text"],
                    vec![
                        ("text", string("the words")),
                        ("speaker", string("who said it")),
                        ("role", string("their role")),
                    ],
                ),
                (Form::Parts(_), _) => chart(),
            };
            (f.name, schema)
        })
        .collect()
}

/// The names of the texts of a part that a brief must have, after `first`.
fn required(first: &[&'static str], part: Part) -> Vec<&'static str> {
    let mut out = first.to_vec();
    out.extend(part.fields().filter(|f| f.required).map(|f| f.name));
    out
}

/// The schema of a brief file.
pub fn brief() -> Value {
    let mut props = vec![("id", id("unique within the brief"))];
    props.extend(texts(Part::Evidence));
    props.push((
        "sources",
        strings("citation keys supporting the whole item"),
    ));
    let evidence = table(
        "one finding; it must cite at least one source",
        &required(&["id"], Part::Evidence),
        props,
    );
    let mut props = vec![("id", id("unique within the brief"))];
    props.extend(texts(Part::Ask));
    props.extend([
        ("by", date("deadline; not before the brief's date")),
        (
            "evidence",
            strings("ids of the evidence items that support it"),
        ),
        (
            "ongoing",
            json!({ "type": "boolean", "description": "the ask runs with no end date: it needs no `by`" }),
        ),
        (
            "status",
            one_of(
                AskStatus::NAMES,
                "where the ask stands (`brief asks` lists them)",
                "open",
            ),
        ),
    ]);
    let ask = table(
        "who is asked to do what, by when",
        &required(&["id"], Part::Ask),
        props,
    );
    let mut props = texts(Part::Head);
    props.extend(settings());
    props.extend(items(evidence, ask));
    let mut top = required(&[], Part::Head);
    top.extend(["date", "position", "evidence", "ask"]);
    let mut schema = table("a policy brief (brief format version 1)", &top, props);
    if let Value::Object(m) = &mut schema {
        m.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        m.insert("title".into(), json!("brief"));
    }
    schema
}

/// The settings of a brief besides its texts.
fn settings() -> Vec<(&'static str, Value)> {
    vec![
        ("kind", one_of(Kind::NAMES, "the layout", "brief")),
        ("date", date("date of issue")),
        (
            "status",
            one_of(
                Status::NAMES,
                "a draft carries a DRAFT mark on every page",
                "final",
            ),
        ),
        (
            "language",
            json!({ "type": "string", "default": "en", "description": "BCP 47 language tag" }),
        ),
        (
            "authors",
            json!({ "type": "array", "items": { "oneOf": [{ "type": "string" }, person()] }, "description": "authors" }),
        ),
        (
            "template",
            string("a built-in layout name or the path of a .typ file in the workspace"),
        ),
    ]
}

/// The position, the findings, the asks, the contact and the sources.
fn items(evidence: Value, ask: Value) -> Vec<(&'static str, Value)> {
    vec![
        (
            "position",
            table(
                "the position: the bottom line first",
                &required(&[], Part::Position),
                texts(Part::Position),
            ),
        ),
        (
            "evidence",
            json!({ "type": "array", "minItems": 1, "items": evidence, "description": "the findings" }),
        ),
        (
            "ask",
            json!({ "type": "array", "minItems": 1, "items": ask, "description": "the asks" }),
        ),
        ("contact", person()),
        (
            "citation",
            json!({ "type": "array", "items": citation(), "description": "sources (the workspace library also serves)" }),
        ),
    ]
}
