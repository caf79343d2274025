//! Citations for Typst: the brief's and the library's entries become one hayagriva bibliography
//! (served from memory), whatever format the library was written in.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::model::{Brief, Choice, Citation, Workspace};

/// The bibliography of a brief: every entry it may cite, in hayagriva's YAML schema (written as
/// JSON, which YAML reads). A brief's own entry wins over the library's; the checks have already
/// refused the two differing.
pub fn bibliography(brief: &Brief, ws: &Workspace) -> String {
    let mut entries: BTreeMap<&str, Value> = BTreeMap::new();
    for c in ws.citations.iter().chain(&brief.citations) {
        let mut e = entry(c);
        crate::render::data::untab(&mut e);
        entries.insert(&c.id.value, e);
    }
    serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "{}".into())
}

/// One entry in hayagriva's YAML schema.
fn entry(c: &Citation) -> Value {
    let mut m = Map::new();
    let (kind, parent) = match c.kind.name() {
        "article" => ("article", Some("periodical")),
        "news" => ("article", Some("newspaper")),
        "web" => ("web", Some("web")),
        "report" => ("report", None),
        "book" => ("book", None),
        "legislation" => ("legislation", None),
        // hayagriva has no type for these; CSL styles set press releases and data sets as reports
        // with a genre, which is what citation styles expect.
        "statement" => {
            m.insert("genre".into(), json!("Statement"));
            ("report", None)
        }
        "dataset" => {
            m.insert("genre".into(), json!("Data set"));
            ("report", None)
        }
        _ => ("misc", None),
    };
    m.insert("type".into(), json!(kind));
    m.insert("title".into(), json!(c.title));
    if !c.author.is_empty() {
        // "Family, Given" is a person; a name without a comma is an organisation, kept whole
        // (hayagriva would otherwise split it into given and family names).
        let authors: Vec<Value> = c
            .author
            .iter()
            .map(|a| {
                if is_person(a) {
                    json!(a)
                } else {
                    json!({ "name": a })
                }
            })
            .collect();
        m.insert("author".into(), Value::Array(authors));
    }
    if let Some(d) = c.date {
        m.insert("date".into(), json!(d.to_string()));
    }
    if let Some(p) = &c.publisher {
        m.insert("publisher".into(), json!(p));
    }
    if let Some(url) = &c.url {
        let mut u = Map::new();
        u.insert("value".into(), json!(url.value));
        if let Some(a) = &c.accessed {
            u.insert("date".into(), json!(a.value.to_string()));
        }
        m.insert("url".into(), Value::Object(u));
    }
    if let Some(doi) = &c.doi {
        m.insert("serial-number".into(), json!({ "doi": doi.value }));
    }
    if let Some(p) = &c.pages {
        m.insert("page-range".into(), json!(p));
    }
    if let Some(v) = &c.volume {
        m.insert("volume".into(), json!(v));
    }
    if let Some(i) = &c.issue {
        m.insert("issue".into(), json!(i));
    }
    if let Some(n) = &c.note {
        m.insert("note".into(), json!(n));
    }
    match (&c.container, parent) {
        (Some(container), Some(p)) => {
            m.insert("parent".into(), json!({ "type": p, "title": container }));
        }
        (Some(container), None) => {
            m.insert("parent".into(), json!({ "title": container }));
        }
        _ => {}
    }
    Value::Object(m)
}

/// "Family, Given" names a person; anything else, and "Meta Platforms, Inc."-style company
/// names, an organisation.
fn is_person(name: &str) -> bool {
    const COMPANY: &[&str] = &[
        "inc", "inc.", "ltd", "ltd.", "llc", "llp", "plc", "corp", "corp.", "co.", "gmbh", "s.a.",
        "ag",
    ];
    match name.rsplit_once(',') {
        Some((_, after)) => !COMPANY.contains(&after.trim().to_lowercase().as_str()),
        None => false,
    }
}
