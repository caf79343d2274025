//! A brief file's tables read into a typed [`Brief`]: its texts by the catalogue of texts
//! ([`crate::model::texts`]), its findings, charts, asks and contact with every shape problem.

use super::tree::{Node, TableReader, Val};
use super::{citation::read_citation, to_text};
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{suggest, Diagnostic, Problem, SourceFile};
use crate::model::texts::{Part, TextId};
use crate::model::*;

/// Read a brief whose tree is parsed.
pub(super) fn read_brief(
    file: &Arc<SourceFile>,
    path: &Path,
    root: &Node,
    diags: &mut Vec<Diagnostic>,
) -> Brief {
    // Problems about the brief as a whole point at its first line.
    let top_span = 0..file.text.find('\n').unwrap_or(file.text.len());
    let mut r = TableReader::new(file, diags, root, "the brief");
    let title = line(&mut r, TextId::Title);
    let subtitle = line(&mut r, TextId::Subtitle).map(|s| s.value);
    let kind = r.choice::<Kind>("kind").map_or(Kind::Brief, |s| s.value);
    let date = r.req_date("date");
    let status = r
        .choice::<Status>("status")
        .map_or(Status::Final, |s| s.value);
    let language = r.str("language").unwrap_or(Spanned {
        value: "en".into(),
        span: top_span.clone(),
    });
    let label = line(&mut r, TextId::Label).map(|s| s.value);
    let place = line(&mut r, TextId::Place).map(|s| s.value);
    let audience = lines(&mut r, TextId::Audience);
    let authors = read_people(&mut r, "authors");
    let keywords = lines(&mut r, TextId::Keywords);
    let template = read_template(&mut r, kind);
    let position = read_position(&mut r, &top_span);

    let list_spans = [r.key_span("evidence"), r.key_span("ask")];
    let evidence = r
        .tables("evidence")
        .into_iter()
        .map(|n| read_evidence(&mut r, n))
        .collect();
    let asks = r
        .tables("ask")
        .into_iter()
        .map(|n| read_ask(&mut r, n))
        .collect();
    let contact = r
        .table("contact")
        .map(|n| read_contact(&mut r, n, "[contact]"));
    let citations = r
        .tables("citation")
        .into_iter()
        .filter_map(|n| read_citation(&mut r, n))
        .collect();
    let data = r.table("data").map(|n| read_data(&mut r, n));
    r.finish();

    Brief {
        file: file.clone(),
        path: path.to_path_buf(),
        title,
        subtitle,
        kind,
        date,
        status,
        language,
        label,
        place,
        audience,
        authors,
        keywords,
        template,
        position,
        evidence,
        asks,
        contact,
        citations,
        top_span,
        list_spans,
        data,
        translation: None,
    }
}

/// `[data]`: the file of rows, the key column, and how editions are named.
fn read_data(r: &mut TableReader, node: &Node) -> DataSpec {
    let mut d = r.sub(node, "[data]");
    let file = d.req_str("file", "\"data/ridings.csv\"");
    let key = d.req_str("key", "\"riding\"");
    let name = d.str("name");
    let span = d.span();
    d.finish();
    let empty = || Spanned {
        value: String::new(),
        span: span.clone(),
    };
    DataSpec {
        file: file.unwrap_or_else(empty),
        key: key.unwrap_or_else(empty),
        name,
        span,
    }
}

/// What a brief is typeset with: `template`, else the layout of its `kind`.
fn read_template(r: &mut TableReader, kind: Kind) -> Template {
    let Some(t) = r.str("template") else {
        return Template::Builtin(kind);
    };
    match Kind::parse(&t.value) {
        Some(k) => Template::Builtin(k),
        None if t.value.ends_with(".typ") => Template::Custom(t),
        None => {
            let suggestion = suggest(&t.value, Kind::NAMES.iter().copied());
            let problem = Problem::UnknownTemplate {
                name: t.value.clone(),
                suggestion,
            };
            r.report(problem, t.span);
            Template::Builtin(kind)
        }
    }
}

/// `[position]`, which a brief must have.
fn read_position(r: &mut TableReader, top_span: &std::ops::Range<usize>) -> Option<Position> {
    let table = Part::Position.table().unwrap_or_default();
    let Some(node) = r.table(table) else {
        if r.take(table).is_none() {
            let problem = Problem::MissingKey {
                key: table.into(),
                table: "the brief".into(),
                example: "{ statement = \"...\" } (or a [position] table)",
            };
            r.report(problem, top_span.clone());
        }
        return None;
    };
    let mut p = r.sub(node, "[position]");
    let statement = text(&mut p, TextId::Statement);
    let key_messages = texts(&mut p, TextId::KeyMessages);
    let context = text(&mut p, TextId::Context);
    let span = p.span();
    p.finish();
    Some(Position {
        statement,
        key_messages,
        context,
        span,
    })
}

/// One line of text, by the catalogue: required or not, under its name.
fn line(r: &mut TableReader, id: TextId) -> Option<Spanned<String>> {
    let field = id.field();
    if field.required {
        r.req_str(field.name, id.example())
    } else {
        r.str(field.name)
    }
}

/// A list of lines.
fn lines(r: &mut TableReader, id: TextId) -> Vec<String> {
    r.strings(id.name()).into_iter().map(|s| s.value).collect()
}

/// A text with markup, parsed.
fn text(r: &mut TableReader, id: TextId) -> Option<Text> {
    let s = line(r, id)?;
    Some(to_text(r.file(), s))
}

/// A list of texts with markup, each parsed.
fn texts(r: &mut TableReader, id: TextId) -> Vec<Text> {
    let file = r.file();
    r.strings(id.name())
        .into_iter()
        .map(|s| to_text(file, s))
        .collect()
}

fn read_people(r: &mut TableReader, key: &'static str) -> Vec<Person> {
    let Some(e) = r.take(key) else {
        return Vec::new();
    };
    let items: Vec<&Node> = match &e.node.val {
        Val::Array(items) => items.iter().collect(),
        // One author where the format asks for a list: say so, and read it anyway.
        other => {
            let problem = Problem::WrongType {
                key: key.into(),
                expected: "an array",
                found: other.kind_name(),
                example: "[\"Jane Doe\"]",
            };
            r.report(problem, e.node.span.clone());
            vec![&e.node]
        }
    };
    items
        .into_iter()
        .filter_map(|n| match &n.val {
            Val::Str(s) => {
                within_line(r, s, &n.span);
                Some(Person {
                    name: Some(s.clone()),
                    ..Person::default()
                })
            }
            Val::Table(_) => Some(read_contact(r, n, "an author")),
            other => {
                let problem = Problem::WrongType {
                    key: key.into(),
                    expected: "a name or a { name, role, email } table",
                    found: other.kind_name(),
                    example: "[\"Jane Doe\"]",
                };
                r.report(problem, n.span.clone());
                None
            }
        })
        .collect()
}

pub(super) fn read_contact(r: &mut TableReader, node: &Node, name: &str) -> Person {
    let mut c = r.sub(node, name);
    let email = c.str("email");
    let url = c.str("url");
    // Both become links in the PDF: only a web page or an address, never `javascript:` or `file:`.
    // A data brief's `{{column}}` is read with its row, and checked there.
    let row_given = |s: &Spanned<String>| !crate::model::placeholder::scan(&s.value).is_empty();
    if let Some(e) = email
        .as_ref()
        .filter(|e| !row_given(e) && !crate::markup::is_email(&e.value))
    {
        let problem = Problem::BadEmail {
            email: e.value.clone(),
        };
        c.report(problem, e.span.clone());
    }
    if let Some(u) = url.as_ref().filter(|u| !row_given(u)) {
        check_url(&mut c, "url", u);
    }
    let (name, role, phone) = (c.str("name"), c.str("role"), c.str("phone"));
    for line in [&name, &role, &phone, &email].into_iter().flatten() {
        within_line(&mut c, &line.value, &line.span);
    }
    let person = Person {
        name: name.map(|s| s.value),
        role: role.map(|s| s.value),
        email: email.map(|s| s.value),
        phone: phone.map(|s| s.value),
        url: url.map(|s| s.value),
    };
    c.finish();
    person
}

/// A line of a person (a name, role, phone, address) within [`crate::limits::LINE_LIMIT`]: an
/// author's name of thousands of characters is a mistake, and a layout cannot set it.
pub(super) fn within_line(r: &mut TableReader, text: &str, span: &std::ops::Range<usize>) {
    let len = text.chars().count();
    let limit = crate::limits::LINE_LIMIT;
    if len > limit {
        r.report(Problem::TextTooLong { len, limit }, span.clone());
    }
}

/// A URL a layout turns into a link must be an absolute http(s) one.
pub(super) fn check_url(r: &mut TableReader, key: &'static str, url: &Spanned<String>) {
    if !crate::markup::is_web_url(&url.value) {
        let problem = Problem::BadUrl {
            key,
            url: url.value.clone(),
        };
        r.report(problem, url.span.clone());
    }
}

fn read_evidence(r: &mut TableReader, node: &Node) -> Evidence {
    let mut e = r.sub(node, "[[evidence]]");
    let id = e.req_str("id", "\"short-name\"");
    let claim = text(&mut e, TextId::Claim);
    let detail = text(&mut e, TextId::Detail);
    let stat = e
        .take(TextId::Stat.name())
        .and_then(|entry| match &entry.node.val {
            Val::Str(s) => Some(StatRef::Library(Spanned {
                value: s.clone(),
                span: entry.node.span.clone(),
            })),
            Val::Table(_) => {
                let mut s = e.sub(&entry.node, "stat");
                let value = s.req_str("value", "\"74.4 million\"");
                let label = s.req_str("label", "\"what the number counts\"");
                s.finish();
                Some(StatRef::Inline {
                    value: value?.value,
                    label: label?.value,
                })
            }
            other => {
                let problem = Problem::WrongType {
                    key: "stat".into(),
                    expected: "a { value, label } table or the id of a library figure",
                    found: other.kind_name(),
                    example: "{ value = \"74.4 million\", label = \"...\" }",
                };
                e.report(problem, entry.node.span.clone());
                None
            }
        });
    let quote = e.table(TextId::Quote.name()).and_then(|n| {
        let mut q = e.sub(n, "quote");
        let text = q.req_str("text", "\"...\"");
        let speaker = q.str("speaker").map(|s| s.value);
        let role = q.str("role").map(|s| s.value);
        q.finish();
        Some(Quote {
            text: text?.value,
            speaker,
            role,
        })
    });
    let chart = e
        .table(TextId::Chart.name())
        .and_then(|n| read_chart(&mut e, n));
    let sources = e.strings("sources");
    let span = e.span();
    e.finish();
    Evidence {
        id,
        claim,
        detail,
        stat,
        quote,
        chart,
        sources,
        span,
    }
}

/// `[evidence.chart]`: its shape (the checks judge the numbers).
fn read_chart(r: &mut TableReader, node: &Node) -> Option<Chart> {
    let mut c = r.sub(node, "[evidence.chart]");
    let kind = c.choice::<ChartType>("type");
    let title = c.req_str("title", "\"Households waiting for supportive housing\"");
    let unit = c.str("unit").map(|s| s.value);
    let labels_span = c.key_span("labels");
    let labels = c.strings("labels");
    let highlight = c.str("highlight");
    let alt = c.str("alt").map(|s| s.value);
    let mut series = Vec::new();
    let values = c.take("values");
    let many = c.take("series");
    match (values, many) {
        (Some(v), None) => series.extend(numbers(&mut c, "values", &v.node).map(
            |(values, placeholders)| Series {
                name: None,
                values,
                placeholders,
                span: v.node.span.clone(),
            },
        )),
        (None, Some(list)) => match &list.node.val {
            Val::Array(items) => {
                for item in items {
                    if !matches!(item.val, Val::Table(_)) {
                        c.wrong(
                            "series",
                            "an array of { name, values } tables",
                            item,
                            "[{ name = \"Ontario\", values = [1, 2] }]",
                        );
                        continue;
                    }
                    let mut t = c.sub(item, "series");
                    let name = t.req_str("name", "\"Ontario\"").map(|s| s.value);
                    let v = t.take("values");
                    if v.is_none() {
                        t.report(
                            Problem::MissingKey {
                                key: "values".into(),
                                table: "series".into(),
                                example: "[7100, 8650, 10200]",
                            },
                            item.span.clone(),
                        );
                    }
                    let parsed = v.and_then(|v| {
                        numbers(&mut t, "values", &v.node).map(|(values, placeholders)| Series {
                            name: name.clone(),
                            values,
                            placeholders,
                            span: v.node.span.clone(),
                        })
                    });
                    t.finish();
                    series.extend(parsed);
                }
            }
            _ => c.wrong(
                "series",
                "an array of { name, values } tables",
                &list.node,
                "[{ name = \"Ontario\", values = [1, 2] }]",
            ),
        },
        (Some(v), Some(_)) => c.report(Problem::ChartValuesAndSeries, v.node.span.clone()),
        (None, None) => c.report(
            Problem::MissingKey {
                key: "values".into(),
                table: "[evidence.chart]".into(),
                example: "[7100, 8650, 10200, 12480, 14300]",
            },
            node.span.clone(),
        ),
    }
    let span = c.span();
    c.finish();
    Some(Chart {
        kind: kind?.value,
        title: title?,
        unit,
        labels,
        labels_span: labels_span.unwrap_or_else(|| span.clone()),
        series,
        highlight,
        alt,
        span,
    })
}

/// Numbers of a chart, and the places a data brief's row fills in.
type Numbers = (Vec<Spanned<f64>>, Vec<(usize, String)>);

/// An array of numbers (integers or floats, `inf` and `nan` included: the checks refuse those
/// at their place); a string holding one placeholder, `"{{column}}"`, is a number a data
/// brief's row gives (NaN until then).
fn numbers(r: &mut TableReader, key: &'static str, node: &Node) -> Option<Numbers> {
    let Val::Array(items) = &node.val else {
        r.wrong(key, "an array of numbers", node, "[7100, 8650, 10200]");
        return None;
    };
    let mut out = Vec::new();
    let mut placeholders = Vec::new();
    for n in items {
        let value = match &n.val {
            Val::Int(i) => *i as f64,
            Val::Float(f) => *f,
            Val::Str(s) if crate::model::placeholder::whole(s).is_some() => {
                let column = crate::model::placeholder::whole(s).unwrap_or_default();
                placeholders.push((out.len(), column.to_string()));
                f64::NAN
            }
            _ => {
                r.wrong(key, "an array of numbers", n, "[7100, 8650, 10200]");
                continue;
            }
        };
        out.push(Spanned {
            value,
            span: n.span.clone(),
        });
    }
    Some((out, placeholders))
}

fn read_ask(r: &mut TableReader, node: &Node) -> Ask {
    let mut a = r.sub(node, "[[ask]]");
    let id = a.req_str("id", "\"short-name\"");
    let to = line(&mut a, TextId::To);
    let action = text(&mut a, TextId::Action);
    let by = a.date("by");
    let rationale = text(&mut a, TextId::Rationale);
    let evidence = a.strings("evidence");
    let status = a
        .choice::<AskStatus>("status")
        .map_or(AskStatus::Open, |s| s.value);
    let ongoing = a.flag("ongoing");
    let span = a.span();
    a.finish();
    Ask {
        id,
        to,
        action,
        by,
        rationale,
        evidence,
        status,
        ongoing,
        span,
    }
}
