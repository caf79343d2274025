//! Data briefs: one brief over 40 ridings (accented names, apostrophes, a value with commas, a
//! row with "n/a" where a number goes). `check` names the bad row at its line; `build` makes
//! the good rows and fails the bad one; fixed, every row builds, each edition holding its own
//! row's words and numbers; `asks` lists each row's ask; rebuilds are byte-identical.

mod common;
use common::*;

const BRIEF: &str = "briefs/riding.toml";

/// The ridings of the data file, as (riding, member, waiting in 2024).
fn ridings(ws: &Scratch) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(ws.path("data/ridings.csv")).unwrap();
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        // The fixture quotes only values with commas, which are the last column's.
        let (head, waiting) = match line.split_once(",\"") {
            Some((h, w)) => (h.to_string(), w.trim_end_matches('"').to_string()),
            None => {
                let (h, w) = line.rsplit_once(',').unwrap();
                (h.to_string(), w.to_string())
            }
        };
        let cells: Vec<&str> = head.split(',').collect();
        out.push((cells[0].into(), cells[2].into(), waiting));
    }
    out
}

#[test]
fn a_bad_row_is_named_at_its_line_and_stops_only_itself() {
    let ws = Scratch::copy_of("data", "data-rows");
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error[B121]: column \"waiting_2024\" is \"n/a\", not a number (used at briefs/riding.toml:31:31)\n  --> data/ridings.csv:19:45"),
        "{err}"
    );
    assert!(
        err.contains("checked 40 briefs: 1 failed (1 error, 0 warnings)"),
        "{err}"
    );
    let (code, _, err) = brief(&ws.0, &["build", "--to", "pdf,html", "-o", "out"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("failed briefs/riding.toml, row \"Hamilton Centre\""),
        "{err}"
    );
    assert!(
        err.contains("built 39 editions (39 PDFs and 39 HTML pages)"),
        "{err}"
    );
    assert!(!ws.path("out/riding/hamilton-centre.pdf").exists());

    // Fixed, every row builds, each with its own words and numbers and no other row's.
    let csv = std::fs::read_to_string(ws.path("data/ridings.csv")).unwrap();
    ws.write("data/ridings.csv", &csv.replace(",n/a", ",\"2,480\""));
    let (code, _, err) = brief(&ws.0, &["build", "--to", "pdf,html", "-o", "out"]);
    assert_eq!(code, 0, "{err}");
    let all = ridings(&ws);
    assert_eq!(all.len(), 40);
    let pdfs = std::fs::read_dir(ws.path("out/riding"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().unwrap() == "pdf")
        .count();
    assert_eq!(pdfs, 40);
    for (name, file) in [
        ("Trois-Rivières", "trois-rivieres"),
        ("St. John's East", "st-john-s-east"),
        ("Kings—Hants", "kings-hants"),
        ("Hamilton Centre", "hamilton-centre"),
    ] {
        let (_, member, waiting) = all.iter().find(|r| r.0 == name).unwrap();
        let page = std::fs::read_to_string(ws.path(&format!("out/riding/{file}.html"))).unwrap();
        let text = pdf_text(&ws.path(&format!("out/riding/{file}.pdf")));
        let escaped = name.replace('\'', "&#x27;");
        assert!(page.contains(&escaped), "{name} not in its page");
        assert!(text.contains(name), "{name} not in its PDF:\n{text}");
        assert!(
            text.contains(member.as_str()),
            "{member} not in {name}'s PDF"
        );
        assert!(
            text.contains(&format!("In {name}, {waiting} households wait")),
            "{text}"
        );
        assert!(
            !text.contains("{{") && !page.contains("{{"),
            "a placeholder left in {name}"
        );
        // No other row's riding.
        for (other, _, _) in all.iter().filter(|r| r.0 != name) {
            assert!(
                !text.contains(&format!("in {other} ")),
                "{other} in {name}'s PDF"
            );
        }
    }
    // The chart's values are the row's: 2,480 households in 2024 in Hamilton Centre.
    let page = std::fs::read_to_string(ws.path("out/riding/hamilton-centre.html")).unwrap();
    assert!(page.contains("2,480"), "the chart's value is the row's");

    // Each row's ask, to its member.
    let (code, out, _) = brief(&ws.0, &["asks", "--format", "csv"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(lines.len(), 40, "{out}");
    assert!(out.contains("riding/st-john-s-east,fund-units,"), "{out}");
    for (name, member, _) in &all {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(member.as_str()) && l.contains(name.as_str())),
            "no ask to {member} for {name}"
        );
    }

    // Rebuilds are byte-identical; one row and one shard build alone.
    let before = std::fs::read(ws.path("out/riding/kings-hants.pdf")).unwrap();
    let (code, _, err) = brief(&ws.0, &["build", "--row", "Kings—Hants", "-o", "again"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(ws.path("again/riding/kings-hants.pdf")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_dir(ws.path("again/riding")).unwrap().count(),
        1
    );
    let (code, _, err) = brief(&ws.0, &["build", "--shard", "3/8", "-o", "shard"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_dir(ws.path("shard/riding")).unwrap().count(),
        5
    );
}

#[test]
fn unknown_columns_and_keys_are_errors_and_a_brief_without_data_prints_braces() {
    let ws = Scratch::copy_of("data", "data-columns");
    let text = std::fs::read_to_string(ws.path(BRIEF)).unwrap();
    ws.write(
        BRIEF,
        &text.replace("What {{member}} can do", "What {{membr}} can do"),
    );
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "error[B122]: no column \"membr\" in the data file\n --> briefs/riding.toml:2:18"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean \"member\"?"), "{err}");
    // A repeated key fails that row, at its line.
    ws.write(BRIEF, &text);
    let csv = std::fs::read_to_string(ws.path("data/ridings.csv")).unwrap();
    ws.write(
        "data/ridings.csv",
        &csv.replacen("Kings—Hants,", "Trois-Rivières,", 1),
    );
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error[B123]: row's riding \"Trois-Rivières\" is the same as the row on line 2\n --> data/ridings.csv:4:1"),
        "{err}"
    );
    // Without [data], a placeholder prints as written; a value's markup characters print too.
    let plain = Scratch::new("data-none");
    plain.write(
        "briefs/x.toml",
        r#"title = "Fund the helpline in {{riding}}"
date = 2024-03-07
status = "draft"

[position]
statement = "Literal {{riding}} stays."

[[evidence]]
id = "calls"
claim = "Calls rose [@c]."

[[citation]]
id = "c"
type = "report"
author = ["Helpline"]
title = "Annual report"
date = "2023"

[[ask]]
id = "fund"
to = "Parliament"
action = "Fund it."
by = 2024-06-30
"#,
    );
    let (code, _, err) = brief(&plain.0, &["build", "briefs/x.toml", "-o", "out"]);
    assert_eq!(code, 0, "{err}");
    assert!(pdf_text(&plain.path("out/x.pdf")).contains("Literal {{riding}} stays."));
}

#[test]
fn row_values_print_as_written_never_as_markup() {
    let ws = Scratch::copy_of("data", "data-markup");
    ws.write(
        "data/ridings.csv",
        "riding,province,member,waiting_2020,waiting_2024\n\"*Bold* #1 [@x] $5\",Ontario,\"O'Brien, \\\\Jr\",10,20\n",
    );
    let (code, _, err) = brief(&ws.0, &["build", "--to", "pdf,html", "-o", "out"]);
    assert_eq!(code, 0, "{err}");
    let file = std::fs::read_dir(ws.path("out/riding"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().unwrap() == "pdf")
        .unwrap();
    let text = pdf_text(&file);
    assert!(
        text.contains("In *Bold* #1 [@x] $5, 20 households wait"),
        "{text}"
    );
    assert!(
        text.contains("O'Brien, \\\\Jr") || text.contains("O’Brien, \\\\Jr"),
        "{text}"
    );
}

#[test]
fn a_translation_builds_every_row_and_names_follow_the_template() {
    let ws = Scratch::copy_of("data", "data-translation");
    let csv = std::fs::read_to_string(ws.path("data/ridings.csv")).unwrap();
    ws.write("data/ridings.csv", &csv.replace(",n/a", ",\"12,480\""));
    let text = std::fs::read_to_string(ws.path(BRIEF)).unwrap();
    ws.write(
        BRIEF,
        &text.replace(
            "key = \"riding\"",
            "key = \"riding\"\nname = \"{{province}} {{riding}}\"",
        ),
    );
    ws.write(
        "briefs/riding.fr-CA.toml",
        r#"translation-of = "riding.toml"
language = "fr-CA"
title = "Mettre fin à l'attente de logements supervisés à {{riding}}"
subtitle = "Ce que {{member}} peut faire avant le prochain budget"
audience = ["{{member}}, député de {{riding}}"]

[position]
statement = "À {{riding}}, {{waiting_2024}} ménages attendent un logement supervisé [@waitlists2024]."
key-messages = ["La liste d'attente de {{riding}} s'allonge.", "Le logement supervisé coûte moins cher."]

[evidence.waitlist]
claim = "La liste d'attente de {{riding}} s'allonge depuis 2020 [@waitlists2024]."
detail = "Les ménages de {{province}} attendent plus longtemps."
chart = { title = "Ménages en attente à {{riding}}", unit = "ménages" }

[ask.fund-units]
to = "{{member}}"
action = "Réclamer un financement fédéral du logement supervisé à {{riding}}."
"#,
    );
    let (code, _, err) = brief(&ws.0, &["build", "-o", "out"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("built 80 editions"), "{err}");
    // Named by the template; the French edition's numbers as French writes them.
    let fr = pdf_text(&ws.path("out/riding.fr-CA/ontario-hamilton-centre.pdf"));
    assert!(
        fr.contains("À Hamilton Centre, 12 480 ménages attendent"),
        "{fr}"
    );
    let en = pdf_text(&ws.path("out/riding/ontario-hamilton-centre.pdf"));
    assert!(
        en.contains("In Hamilton Centre, 12,480 households wait"),
        "{en}"
    );
    // A pack of the rows.
    let (code, _, err) = brief(
        &ws.0,
        &["pack", BRIEF, "-o", "pack.pdf", "--title", "By riding"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("packed 40 briefs"), "{err}");
}

#[test]
fn rows_problems_are_the_rows_and_a_missing_value_is_empty() {
    let ws = Scratch::copy_of("data", "data-problems");
    let csv = std::fs::read_to_string(ws.path("data/ridings.csv")).unwrap();
    ws.write(
        "data/ridings.csv",
        &csv.replace(",n/a", ",9").replacen("Kofi", "Kofi 🎉", 1),
    );
    // A character no font prints is the row's problem, at its place in the data file.
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error[B035]: no font can show \"🎉\" (U+1F389)\n --> data/ridings.csv:4:"),
        "{err}"
    );
    assert!(err.contains("checked 40 briefs: 1 failed"), "{err}");
    // --row naming no row says so.
    let (code, _, err) = brief(&ws.0, &["build", "--row", "Nowhere", "-o", "out"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("no row has riding \"Nowhere\" (--row)"),
        "{err}"
    );
    // A JSON row without a column leaves it empty, never `{{column}}`.
    ws.write(
        "data/ridings.json",
        r#"[{"riding": "Alpha", "province": "Ontario", "member": "A. B.", "waiting_2020": 1, "waiting_2024": 2},
 {"riding": "Beta", "member": "C. D.", "waiting_2020": 3, "waiting_2024": 4}]"#,
    );
    let text = std::fs::read_to_string(ws.path(BRIEF)).unwrap();
    ws.write(
        BRIEF,
        &text.replace("data/ridings.csv", "data/ridings.json"),
    );
    let (code, _, err) = brief(&ws.0, &["build", "--to", "html", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(ws.path("json/riding/beta.html")).unwrap();
    assert!(
        page.contains("Households in  wait longest") && !page.contains("{{"),
        "a missing value"
    );
}

#[test]
fn an_address_filled_from_a_row_is_a_web_page_or_nothing() {
    let ws = Scratch::copy_of("data", "data-addresses");
    let text = std::fs::read_to_string(ws.path(BRIEF)).unwrap();
    ws.write(
        BRIEF,
        &format!(
            "{text}\n[contact]\nname = \"{{{{member}}}}\"\nurl = \"javascript:{{{{riding}}}}\"\n"
        ),
    );
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("javascript:Trois-Rivières"), "{err}");
    assert!(err.contains("--> data/ridings.csv:2:"), "at the row: {err}");
    assert!(err.contains("checked 40 briefs: 40 failed"), "{err}");
}

#[test]
fn an_error_of_the_brief_itself_is_said_once_and_stops_every_row() {
    let ws = Scratch::copy_of("data", "data-brief-error");
    let text = std::fs::read_to_string(ws.path(BRIEF)).unwrap();
    let cited = text.replacen(
        "Federal funding can end that wait.",
        "That wait can end [@nosuchkey].",
        1,
    );
    assert_ne!(cited, text);
    ws.write(BRIEF, &cited);
    let (code, _, err) = brief(&ws.0, &["build", "-o", "out"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.matches("unknown citation key").count(),
        1,
        "said once: {err}"
    );
    assert!(err.contains("40 failed"), "{err}");
    assert!(!ws.path("out/riding").exists(), "no row was built");
}

#[test]
fn a_source_of_the_brief_itself_is_filled_from_the_row() {
    let ws = Scratch::copy_of("data", "data-source");
    let text = std::fs::read_to_string(ws.path(BRIEF)).unwrap();
    let cited = text.replacen(
        "wait longest where rents rose fastest.",
        "wait longest where rents rose fastest [@riding-report].",
        1,
    );
    assert_ne!(cited, text);
    ws.write(
        BRIEF,
        &format!(
            "{cited}\n[[citation]]\nid = \"riding-report\"\ntype = \"report\"\n\
             author = [\"Office of {{{{member}}}}\"]\ntitle = \"Wait lists in {{{{riding}}}}\"\ndate = \"2024\"\n"
        ),
    );
    let (code, _, err) = brief(
        &ws.0,
        &[
            "build",
            "--row",
            "Trois-Rivières",
            "--to",
            "html",
            "-o",
            "out",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(ws.path("out/riding/trois-rivieres.html")).unwrap();
    assert!(
        page.contains("Wait lists in Trois-Rivières"),
        "the title filled"
    );
    assert!(
        page.contains("Office of Marie-Ève Côté"),
        "the author filled"
    );
    assert!(!page.contains("{{"), "nothing left unfilled");
}
