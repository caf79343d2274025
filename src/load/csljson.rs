//! CSL-JSON library items (Zotero's and citeproc's export) as our citations: their fields,
//! names and dates, and the fields whose values are of a kind CSL-JSON does not allow there.

use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

use super::library::{organisation, spanned, Spans};
use crate::diagnostic::SourceFile;
use crate::model::{Citation, CitationType, PartialDate, Spanned};

/// The fields of a CSL-JSON item whose value is of a type CSL-JSON does not allow there, with
/// what they must be. Read anyway, they would vanish or print wrong.
pub(super) fn csl_json_types(item: &Value) -> Vec<(&'static str, &'static str)> {
    let mut wrong = Vec::new();
    let Some(map) = item.as_object() else {
        return vec![("entry", "an object")];
    };
    for (field, value) in map {
        let (name, expected, ok): (&'static str, &'static str, bool) = match field.as_str() {
            "title" | "container-title" | "publisher" | "URL" | "DOI" | "note" | "type" => {
                (static_name(field), "a string", value.is_string())
            }
            "id" | "page" | "volume" | "issue" => (
                static_name(field),
                "a string or a number",
                value.is_string() || value.is_number(),
            ),
            "author" | "editor" => (
                static_name(field),
                "a list of names ({\"family\": ..., \"given\": ...} or {\"literal\": ...})",
                value
                    .as_array()
                    .is_some_and(|people| people.iter().all(Value::is_object)),
            ),
            "issued" | "accessed" => (
                static_name(field),
                "a date ({\"date-parts\": [[2024, 5, 1]]})",
                value.get("date-parts").is_some_and(Value::is_array)
                    || value.get("raw").is_some_and(Value::is_string)
                    || value.get("literal").is_some_and(Value::is_string),
            ),
            _ => continue,
        };
        if !ok {
            wrong.push((name, expected));
        }
    }
    wrong
}

/// The static name of a CSL-JSON field we check.
fn static_name(field: &str) -> &'static str {
    const FIELDS: &[&str] = &[
        "title",
        "container-title",
        "publisher",
        "URL",
        "DOI",
        "note",
        "type",
        "id",
        "page",
        "volume",
        "issue",
        "author",
        "editor",
        "issued",
        "accessed",
    ];
    FIELDS
        .iter()
        .find(|f| **f == field)
        .copied()
        .unwrap_or("field")
}

/// A CSL-JSON item as one of ours; `None` without an id or a title.
pub(super) fn from_csl_json(
    file: &Arc<SourceFile>,
    item: &Value,
    spans: &Spans,
) -> Option<Citation> {
    // Zotero's "Extra" lines in the note: its bookkeeping dropped, fields it holds read.
    let (note, extra) = match csl_string(item, "note") {
        Some(n) => super::tidy::zotero_extra(&n),
        None => (None, Vec::new()),
    };
    let s = |k: &str| {
        csl_string(item, k).or_else(|| {
            let k = k.to_lowercase();
            extra.iter().find(|(f, _)| *f == k).map(|(_, v)| v.clone())
        })
    };
    let id = s("id")?;
    let title = s("title")?;
    let span = spans.key(&file.text, &id);
    let accessed = date_parts(item, "accessed").and_then(|p| {
        let date = NaiveDate::from_ymd_opt(
            *p.first()? as i32,
            *p.get(1)? as u32,
            *p.get(2).unwrap_or(&1) as u32,
        )?;
        Some(Spanned {
            value: date,
            span: span.clone(),
        })
    });
    Some(Citation {
        file: file.clone(),
        id: spanned(id, &span),
        kind: csl_type(item),
        title,
        author: csl_authors(item, "author"),
        et_al: false,
        editor: csl_authors(item, "editor"),
        translator: csl_authors(item, "translator"),
        genre: s("genre"),
        publisher: s("publisher"),
        place: s("publisher-place"),
        court: s("authority"),
        section: s("section"),
        container: s("container-title"),
        date: csl_issued(item),
        url: s("URL").map(|u| spanned(u, &span)),
        doi: s("DOI").map(|d| spanned(d, &span)),
        accessed,
        pages: s("page"),
        volume: s("volume"),
        edition: s("edition"),
        // A report's number, a case's docket number: CSL's `number`.
        issue: s("issue").or_else(|| s("number")),
        note,
        span,
    })
}

/// A field of a CSL-JSON item as text: a string not blank, trimmed, or a number.
fn csl_string(item: &Value, k: &str) -> Option<String> {
    match item.get(k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// The type of a CSL-JSON item as ours; a report when we have none closer.
fn csl_type(item: &Value) -> CitationType {
    match item.get("type").and_then(Value::as_str).unwrap_or("") {
        "article-journal" | "article-magazine" | "article" | "review" => CitationType::Article,
        "article-newspaper" => CitationType::News,
        "webpage" | "post-weblog" | "post" => CitationType::Web,
        "book" => CitationType::Book,
        "chapter" | "entry-encyclopedia" | "entry-dictionary" => CitationType::Chapter,
        "paper-conference" => CitationType::Conference,
        "thesis" => CitationType::Thesis,
        "legal_case" => CitationType::Case,
        "legislation" | "bill" | "regulation" | "treaty" => CitationType::Legislation,
        "dataset" => CitationType::Dataset,
        "speech" | "interview" | "personal_communication" | "broadcast" => CitationType::Statement,
        _ => CitationType::Report,
    }
}

/// The authors of a CSL-JSON item, each as "Family, Given", a family name alone, or a literal
/// name.
fn csl_authors(item: &Value, role: &str) -> Vec<String> {
    item.get(role)
        .and_then(Value::as_array)
        .map(|people| {
            people
                .iter()
                .filter_map(|p| {
                    let field = |k: &str| {
                        p.get(k)
                            .and_then(Value::as_str)
                            .map(str::trim)
                            .filter(|v| !v.is_empty())
                    };
                    match (field("family"), field("given"), field("literal")) {
                        (Some(f), Some(g), _) => Some(match field("suffix") {
                            Some(s) => format!("{f}, {s}, {g}"),
                            None => format!("{f}, {g}"),
                        }),
                        (Some(f), None, _) => Some(organisation(f)),
                        (None, _, Some(l)) => Some(organisation(l)),
                        _ => None,
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The first date of a CSL-JSON date field's `date-parts`: year, month, day, as far as given.
fn date_parts(item: &Value, k: &str) -> Option<Vec<i64>> {
    let parts = item.get(k)?.get("date-parts")?.get(0)?.as_array()?;
    Some(
        parts
            .iter()
            .filter_map(|p| p.as_i64().or_else(|| p.as_str()?.parse().ok()))
            .collect(),
    )
}

/// When a CSL-JSON item was issued, from its date parts or else its date as text.
fn csl_issued(item: &Value) -> Option<PartialDate> {
    date_parts(item, "issued")
        .and_then(|p| {
            // Only dates that are dates: the same rule as a written "2024-05".
            let text = p.iter().take(3).enumerate().map(|(i, n)| {
                if i == 0 {
                    format!("{n:04}")
                } else {
                    format!("{n:02}")
                }
            });
            crate::load::parse_partial_date(&text.collect::<Vec<_>>().join("-"))
        })
        .or_else(|| raw_date(item))
}

/// A date given as text ({"raw": "May 2019"}, {"literal": "2019"}), as some exports write it:
/// its year, and its month when it names one.
fn raw_date(item: &Value) -> Option<PartialDate> {
    let issued = item.get("issued")?;
    let text = issued
        .get("raw")
        .or_else(|| issued.get("literal"))?
        .as_str()?;
    if let Some(d) = crate::load::parse_partial_date(text.trim()) {
        return Some(d);
    }
    if let Some(d) = super::tidy::numeric_date(text) {
        return Some(d);
    }
    let year = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 4)?
        .parse()
        .ok()?;
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = text.to_lowercase();
    let month = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 3)
        .find_map(|w| MONTHS.iter().position(|m| w.starts_with(m)))
        .map(|i| i as u32 + 1);
    Some(PartialDate {
        year,
        month,
        day: None,
    })
}
