//! The contracts that must not drift from the code: the template data against
//! `docs/templates.md`, the layout words against the same page, and the closed choices of the
//! format against the JSON Schema and the loader.

mod common;
use common::*;

use std::collections::BTreeSet;

use brief::model::{Choice, CitationType, Kind, Paper, Status};
use serde_json::Value;

/// The template data of an example brief, as templates receive it, in a redline against itself
/// (so that the redline's `changes` is there too).
fn example_data() -> Value {
    let project = brief::project::Project::open(&[repo().join("briefs/encryption-brief.toml")])
        .expect("the example brief is found");
    let entry = &project.entries()[0];
    assert!(entry.ok(), "{:?}", entry.diagnostics);
    let r = entry.rendered().unwrap();
    let version = &project.versions()[0].2;
    let since = brief::compare::redline::Since::File("old.toml".into());
    let data = brief::compare::redline::data(&r.data, version, version, &since, &r.words);
    assert!(data.changes.is_some());
    let json = brief::render::to_json(&data);
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
}

/// The paper sizes live in `briefs.toml`, which the schema does not describe: docs/format.md
/// lists them instead, and each must reach the page, as the templates choose the page size from
/// the name.
#[test]
fn every_paper_is_documented_and_sets_its_own_page_size() {
    let doc = std::fs::read_to_string(repo().join("docs/format.md")).unwrap();
    let row = doc
        .lines()
        .find(|l| l.starts_with("| `[style] paper` |"))
        .expect("docs/format.md has a `[style] paper` row");
    let documented: Vec<&str> = row.split(" | ").nth(1).unwrap().split(", ").collect();
    let named: Vec<String> = Paper::NAMES.iter().map(|n| format!("`\"{n}\"`")).collect();
    assert_eq!(documented, named, "docs/format.md, `[style] paper`");

    let ws = Scratch::new("paper");
    ws.write(
        "citations.toml",
        &std::fs::read_to_string(repo().join("citations.toml")).unwrap(),
    );
    let base = std::fs::read_to_string(repo().join("briefs/encryption-statement.toml")).unwrap();
    ws.write("briefs/p.toml", &base);
    let mut sizes: Vec<(f32, f32)> = Vec::new();
    for paper in Paper::NAMES {
        ws.write("briefs.toml", &format!("[style]\npaper = \"{paper}\"\n"));
        let (code, _, stderr) = brief(&ws.0, &["build", "briefs/p.toml"]);
        assert_eq!(code, 0, "{paper}: {stderr}");
        let size = pdf::info(&ws.path("out/p.pdf")).page_size;
        assert!(
            !sizes.contains(&size),
            "{paper} prints on the page of another paper: {size:?}"
        );
        sizes.push(size);
    }
    // And the names mean what they say: A4 is 210 × 297 mm, in points.
    let a4 = sizes[Paper::NAMES.iter().position(|n| *n == "a4").unwrap()];
    assert!(
        (a4.0 - 595.28).abs() < 0.1 && (a4.1 - 841.89).abs() < 0.1,
        "{a4:?}"
    );
}

#[test]
fn the_schema_accepts_every_example_and_rejects_a_broken_brief() {
    let schema = Schema::of_binary();
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(repo().join("briefs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.push(fixtures().join("check/valid.toml"));
    files.push(fixtures().join("check/library-stat.toml"));
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        // A translation has a shape of its own (only texts); the schema describes briefs.
        if text.contains("\ntranslation-of = ") {
            continue;
        }
        let json = toml_as_json(&text).unwrap();
        let errors = schema.errors(&json);
        assert!(
            errors.is_empty(),
            "{} should validate: {errors}",
            path.display()
        );
    }
    let broken = "title = 5\nkind = \"brif\"\ndate = 2024-01-01\nsorces = []\n[position]\n[[evidence]]\nid = \"Bad Id\"\n";
    let errors = schema.errors(&toml_as_json(broken).unwrap());
    for needle in ["/kind", "sorces", "statement", "ask", "Bad Id"] {
        assert!(errors.contains(needle), "{needle:?} in {errors}");
    }
}

/// The rules both the schema and the tool state: an empty file (B003), missing keys (B010), types
/// (B011), unknown keys (B013), closed choices (B014), malformed ids (B015), source URLs and DOIs
/// (B020, B021), empty lists (B026). Warnings (a long title, many key messages) are not refusals,
/// so the schema does not refuse them either.
const SHAPE: &[&str] = &[
    "B003", "B010", "B011", "B013", "B014", "B015", "B020", "B021", "B026",
];

/// For every brief among the check fixtures, the schema and `brief check` agree on whether its
/// shape is right. One thing the schema cannot see: a date written in quotes is a string to a
/// schema (editors hand TOML dates over as strings too), so those fixtures are named here.
#[test]
fn schema_and_loader_agree_on_every_check_fixture() {
    let schema = Schema::of_binary();
    let dir = fixtures().join("check");
    let mut compared = 0;
    let mut disagree = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".toml") || name == "briefs.toml" || name == "citations.toml" {
            continue;
        }
        let Some(json) = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| toml_as_json(&t))
        else {
            continue; // not UTF-8 or not TOML: neither gets as far as the shape
        };
        let (_, stdout, _) = brief(&dir, &["check", &name, "--format", "json"]);
        let codes: Vec<String> = stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .map(|d| d["code"].as_str().unwrap_or("").to_string())
            .collect();
        let quoted_date = stdout.contains("TOML date without quotes");
        let loader_ok = !codes.iter().any(|c| SHAPE.contains(&c.as_str()));
        let errors = schema.errors(&json);
        let schema_ok = errors.is_empty();
        compared += 1;
        if loader_ok != schema_ok && !quoted_date {
            disagree.push(format!("{name}: loader {codes:?}, schema: {errors}"));
        }
    }
    assert!(compared >= 30, "only {compared} fixtures compared");
    assert!(disagree.is_empty(), "{}", disagree.join("\n\n"));
}

/// Each closed choice: every name the schema allows loads, and a near miss is refused by the
/// loader with the allowed names and a suggestion.
#[test]
fn loader_accepts_and_refuses_what_the_schema_does() {
    let ws = Scratch::new("choices");
    let base = std::fs::read_to_string(repo().join("briefs/encryption-statement.toml")).unwrap();
    assert!(
        base.contains("kind = \"statement\""),
        "the example is no longer a statement"
    );
    // Its library, so the brief checks cleanly whatever its kind.
    ws.write(
        "briefs.toml",
        &std::fs::read_to_string(repo().join("briefs.toml")).unwrap(),
    )
    .write(
        "citations.toml",
        &std::fs::read_to_string(repo().join("citations.toml")).unwrap(),
    );
    for kind in Kind::NAMES {
        ws.write(
            "briefs/k.toml",
            &base.replacen("kind = \"statement\"", &format!("kind = \"{kind}\""), 1),
        );
        let (code, _, stderr) = brief(&ws.0, &["check", "briefs/k.toml"]);
        assert!(!stderr.contains("B014"), "{kind}: {stderr}");
        assert_eq!(code, 0, "{kind}: {stderr}");
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
