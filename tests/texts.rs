//! The catalogue of a brief's texts (`brief::model::texts`) against the docs users read:
//! `docs/format.md`'s tables of each part, its table of what a translation gives, and its table
//! of what each layout prints. Adding a text to the catalogue without documenting it, or
//! documenting a text the tool does not read, fails here.

use brief::model::texts::{reading, Form, Part, FIELDS};
use brief::model::{Choice, Kind};

fn format_md() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md")).unwrap()
}

/// The rows of the first table under a heading that starts with `heading`: each row's cells.
fn table_after(doc: &str, heading: &str) -> Vec<Vec<String>> {
    let start = doc
        .lines()
        .position(|l| l.starts_with('#') && l.contains(heading))
        .unwrap_or_else(|| panic!("docs/format.md has no heading {heading}"));
    doc.lines()
        .skip(start + 1)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The keys a cell names: each `` `key` `` in it.
fn keys(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(|k| k.trim_start_matches('[').trim_end_matches(']').to_string())
        .collect()
}

/// The table of a part's keys in docs/format.md.
fn heading_of(part: Part) -> &'static str {
    match part {
        Part::Head => "A brief: `briefs/NAME.toml`",
        Part::Position => "`[position]`",
        Part::Evidence => "`[[evidence]]`",
        Part::Ask => "`[[ask]]`",
        Part::Contact => "`[contact]`",
    }
}

#[test]
fn every_text_is_in_its_parts_table_with_its_form_and_whether_it_is_required() {
    let doc = format_md();
    for part in Part::ALL {
        let rows = table_after(&doc, heading_of(part));
        assert!(!rows.is_empty(), "no table for {part:?}");
        for field in part.fields() {
            let row = rows
                .iter()
                .find(|r| keys(&r[0]).contains(&field.name.to_string()))
                .unwrap_or_else(|| {
                    panic!("docs/format.md: no row for `{}` in {part:?}", field.name)
                });
            let (kind, required) = (&row[1], &row[2]);
            let expected = match field.form {
                Form::Line => "string",
                Form::Lines => "array of strings",
                Form::Markup => "markup",
                Form::MarkupList => "array of markup",
                Form::Parts(_) => "",
            };
            assert!(
                kind.starts_with(expected),
                "docs/format.md: `{}` is {expected}, docs say {kind}",
                field.name
            );
            assert_eq!(
                required.starts_with("yes"),
                field.required,
                "docs/format.md: whether `{}` is required",
                field.name
            );
        }
    }
}

#[test]
fn the_translation_table_lists_exactly_the_texts() {
    let doc = format_md();
    let rows = table_after(&doc, "Translations: `briefs/NAME.LANG.toml`");
    for part in Part::ALL {
        let row = match part.table() {
            None => rows
                .iter()
                .find(|r| keys(&r[0]).contains(&"title".to_string())),
            Some(t) => rows.iter().find(|r| r[0].starts_with(&format!("`[{t}"))),
        };
        let row = row.unwrap_or_else(|| panic!("the translation table has no row for {part:?}"));
        let cell = if part == Part::Head { &row[0] } else { &row[1] };
        let mut documented: Vec<String> = keys(cell)
            .iter()
            .map(|k| k.split([' ', '=']).next().unwrap_or("").to_string())
            .collect();
        documented.sort();
        documented.dedup();
        let mut texts: Vec<String> = part.fields().map(|f| f.name.to_string()).collect();
        texts.sort();
        assert_eq!(
            documented, texts,
            "the translation table's row for {part:?}"
        );
        // A table of texts lists its parts: `stat = { value, label }`.
        for field in part.fields() {
            if let Form::Parts(parts) = field.form {
                let written = keys(cell)
                    .into_iter()
                    .find(|k| k.starts_with(&format!("{} =", field.name)))
                    .unwrap_or_else(|| {
                        panic!("the translation table does not show {}'s parts", field.name)
                    });
                let names: Vec<&str> = parts.iter().map(|p| p.0).collect();
                assert_eq!(
                    written,
                    format!("{} = {{ {} }}", field.name, names.join(", "))
                );
            }
        }
    }
}

#[test]
fn what_each_layout_prints_is_what_the_catalogue_reads() {
    let doc = format_md();
    let rows = table_after(&doc, "What each layout prints");
    let mut checked = 0;
    for field in FIELDS {
        let Some(row) = rows
            .iter()
            .find(|r| keys(&r[0]).contains(&field.name.to_string()))
        else {
            // The title, the statement, the claims and the actions every layout prints.
            for kind in Kind::ALL {
                let read = reading(Some(*kind))
                    .iter()
                    .any(|(p, ids)| *p == field.part && ids.contains(&field.id));
                assert!(
                    read,
                    "`{}` is not in the layout table, so every layout prints it; {kind} does not",
                    field.name
                );
            }
            continue;
        };
        for (i, kind) in Kind::ALL.iter().enumerate() {
            let read = reading(Some(*kind))
                .iter()
                .any(|(p, ids)| *p == field.part && ids.contains(&field.id));
            let says = &row[i + 1];
            assert_eq!(
                !says.starts_with("no"),
                read,
                "`{}` in the {} layout: the docs say {says}",
                field.name,
                kind.name()
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "too few layout cells compared: {checked}");
}

#[test]
fn every_layout_reads_each_text_once() {
    for layout in Kind::ALL.iter().copied().map(Some).chain([None]) {
        let mut seen = Vec::new();
        for (part, ids) in reading(layout) {
            for id in *ids {
                assert_eq!(id.field().part, *part, "{id:?} read in the wrong part");
                assert!(!seen.contains(id), "{id:?} read twice in {layout:?}");
                seen.push(*id);
            }
        }
        if layout.is_none() {
            assert_eq!(
                seen.len(),
                FIELDS.len(),
                "a custom template reads every text"
            );
        }
    }
}
