//! The contracts that must not drift from the code: the template data against
//! `docs/templates.md`, the layout words against the same page, and the closed choices of the
//! format against the JSON Schema and the loader.

mod common;
use common::*;

use std::collections::BTreeSet;

use brief::model::{Choice, CitationType, Kind, Paper, Status};
use serde_json::Value;

/// The template data of an example brief, as templates receive it.
fn example_data() -> Value {
    let project = brief::project::Project::open(&[repo().join("briefs/encryption-brief.toml")])
        .expect("the example brief is found");
    let entry = &project.entries()[0];
    assert!(entry.ok(), "{:?}", entry.diagnostics);
    let json = brief::render::to_json(entry.data.as_ref().unwrap());
    serde_json::from_str(&json).unwrap()
}

/// The rows of the `data` table: (names in the first cell, the rest of the row).
fn documented_rows() -> Vec<(Vec<String>, String)> {
    let doc = std::fs::read_to_string(repo().join("docs/templates.md")).unwrap();
    let table = doc
        .split("## `data`")
        .nth(1)
        .expect("docs/templates.md has a `data` section");
    table
        .lines()
        .skip_while(|l| !l.starts_with("| field"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split(" | ").collect();
            let names = cells[0]
                .split(',')
                .map(|n| n.trim().trim_matches('`').to_string())
                .collect();
            (names, cells[1..].join(" | "))
        })
        .collect()
}

/// The first `{a, b, c}` of a documentation cell.
fn braced(text: &str) -> Option<BTreeSet<String>> {
    let start = text.find('{')?;
    let end = start + text[start..].find('}')?;
    Some(
        text[start + 1..end]
            .split(',')
            .map(|k| k.trim().to_string())
            .collect(),
    )
}

fn keys(v: &Value) -> Option<BTreeSet<String>> {
    match v {
        Value::Object(m) => Some(m.keys().cloned().collect()),
        Value::Array(items) => items.first().and_then(keys),
        _ => None,
    }
}

#[test]
fn docs_describe_every_field_of_the_template_data_and_no_other() {
    let data = example_data();
    let rows = documented_rows();
    let documented: BTreeSet<String> = rows.iter().flat_map(|(n, _)| n.clone()).collect();
    let actual = keys(&data).unwrap();
    assert_eq!(
        documented, actual,
        "docs/templates.md lists other fields than the template data has"
    );
    // Fields holding records: the first {…} of the row lists the record's keys.
    for (names, rest) in &rows {
        for name in names {
            let value = &data[name.as_str()];
            let (Some(expected), Some(found)) = (braced(rest), keys(value)) else {
                continue;
            };
            if name == "words" || name == "authors" || name == "contact" {
                continue; // described in prose or as `person` below
            }
            assert_eq!(expected, found, "docs/templates.md, field `{name}`");
        }
    }
    // The nested records documented in prose.
    let evidence_row = &rows
        .iter()
        .find(|(n, _)| n.contains(&"evidence".to_string()))
        .unwrap()
        .1;
    let stat = data["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| !e["stat"].is_null())
        .map(|e| keys(&e["stat"]).unwrap())
        .unwrap();
    let doc_stat = braced(&evidence_row[evidence_row.find("`stat` is").unwrap()..]).unwrap();
    assert_eq!(doc_stat, stat, "docs/templates.md, `stat`");
    let person = keys(&data["contact"]).unwrap();
    let person_row = &rows.iter().find(|(n, _)| n[0] == "authors").unwrap().1;
    assert_eq!(
        braced(person_row).unwrap(),
        person,
        "docs/templates.md, person"
    );
}

#[test]
fn docs_list_every_layout_word() {
    let doc = std::fs::read_to_string(repo().join("docs/templates.md")).unwrap();
    for name in brief::render::words::names() {
        assert!(
            doc.contains(&format!("| `{name}` |")),
            "docs/templates.md does not list the word `{name}`"
        );
    }
}

#[test]
fn the_schema_lists_exactly_the_loaders_choices() {
    let schema = brief::schema::brief();
    let names = |v: &Value| -> Vec<String> {
        v["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let props = &schema["properties"];
    assert_eq!(names(&props["kind"]), Kind::NAMES);
    assert_eq!(names(&props["status"]), Status::NAMES);
    let citation = &props["citation"]["items"]["properties"];
    assert_eq!(names(&citation["type"]), CitationType::NAMES);
    assert_eq!(Paper::NAMES, ["a4", "us-letter"]);
}

/// Each closed choice: every name the schema allows loads, and a near miss is refused by the
/// loader with the allowed names and a suggestion.
#[test]
fn loader_accepts_and_refuses_what_the_schema_does() {
    let ws = Scratch::new("choices");
    let base = std::fs::read_to_string(repo().join("briefs/encryption-statement.toml")).unwrap();
    for kind in Kind::NAMES {
        ws.write(
            "briefs/k.toml",
            &base.replacen("kind = \"statement\"", &format!("kind = \"{kind}\""), 1),
        );
        let (code, _, stderr) = brief(&ws.0, &["check", "briefs/k.toml"]);
        assert!(!stderr.contains("B014"), "{kind}: {stderr}");
        let _ = code;
    }
    ws.write(
        "briefs/k.toml",
        &base.replacen("kind = \"statement\"", "kind = \"one-pagr\"", 1),
    );
    let (code, _, stderr) = brief(&ws.0, &["check", "briefs/k.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[B014]"), "{stderr}");
    assert!(stderr.contains("did you mean \"one-pager\"?"), "{stderr}");
    assert!(
        stderr.contains("expected one of: \"brief\", \"one-pager\", \"statement\""),
        "{stderr}"
    );
}
