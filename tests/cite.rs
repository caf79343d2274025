//! `brief cite` end to end: the library in every format, `cite check` against the fixtures in
//! tests/fixtures/cite (a workspace folder `NAME/` and `NAME.stderr` each; `BLESS=1` writes them),
//! `cite import` of a hand-written BibTeX file and a Zotero CSL-JSON export, `cite list`, and the
//! same brief in author-date, numeric and note styles.

mod common;
use common::*;

#[test]
fn every_cite_check_fixture_gives_its_expected_findings() {
    let dir = fixtures().join("cite");
    let bless = std::env::var_os("BLESS").is_some();
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 4);
    let mut failures = Vec::new();
    for case in &cases {
        let (code, _, stderr) = brief(&dir, &["cite", "check", case]);
        let actual = format!("exit: {code}\n{stderr}");
        let path = dir.join(format!("{case}.stderr"));
        if bless {
            std::fs::write(&path, &actual).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(actual.as_str()) {
            failures.push(format!("--- {case}:\n{actual}"));
        }
    }
    assert!(
        failures.is_empty(),
        "differ (BLESS=1 to accept):\n{}",
        failures.join("\n")
    );
}

#[test]
fn three_briefs_build_from_a_library_in_four_formats() {
    let ws = Scratch::copy_of("cite/shared", "shared");
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    for name in ["a", "b", "c"] {
        let text = pdf_text(&ws.0.join(format!("out/{name}.pdf")));
        for needle in [
            "74.4 million",                    // the shared figure, from citations.toml
            "Meta Platforms, Inc. (2023",      // .bib, corporate author kept whole
            "Lefébvre & Müller, 2022, p. 104", // .bib, accents decoded, locator
            "Global Threat Assessment 2023",   // CSL-JSON
            "A Privacy-Focused Vision for Social Networking", // hayagriva YAML
            "CyberTipline 2023 report",        // the figure's source is cited
        ] {
            assert!(
                text.contains(needle),
                "{name}.pdf lacks {needle:?}:\n{text}"
            );
        }
    }
}

#[test]
fn list_shows_every_entry_and_who_cites_it() {
    let dir = fixtures().join("cite/shared");
    let (code, stdout, stderr) = brief(&dir, &["cite", "list"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("KEY"), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("lefebvre2022"))
        .expect("lefebvre2022 listed");
    assert!(
        line.contains("article") && line.contains("2022") && line.contains("a, b, c"),
        "{line}"
    );
    let (_, json, _) = brief(&dir, &["cite", "list", "--format", "json"]);
    let entries: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), 5);
    let ncmec = entries.iter().find(|e| e["key"] == "ncmec2024").unwrap();
    assert_eq!(ncmec["cited-by"], serde_json::json!(["a", "b", "c"]));
    assert_eq!(ncmec["defined-in"], "citations.toml:2");
}

/// `brief cite import tests/fixtures/import/FILE --into citations.toml` in a scratch workspace.
fn import(ws: &Scratch, file: &str) -> (i32, String, String) {
    let path = fixtures().join("import").join(file);
    brief(
        &ws.0,
        &[
            "cite",
            "import",
            path.to_str().unwrap(),
            "--into",
            "citations.toml",
        ],
    )
}

#[test]
fn import_turns_bibtex_and_csl_json_into_entries_that_build() {
    let ws = Scratch::copy_of("cite/conflict", "import");
    std::fs::write(
        ws.0.join("briefs.toml"),
        "[citations]\nlibrary = [\"citations.toml\"]\n",
    )
    .unwrap();
    std::fs::remove_file(ws.0.join("briefs/local.toml")).unwrap();
    let (code, _, stderr) = import(&ws, "real.bib");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("imported 3 entries into citations.toml (0 already there)"),
        "{stderr}"
    );
    let (code, _, stderr) = import(&ws, "zotero.json");
    assert_eq!(code, 0, "{stderr}");
    let toml = std::fs::read_to_string(ws.0.join("citations.toml")).unwrap();
    for needle in [
        "id = \"ncmec-cybertipline\"\ntype = \"web\"\nauthor = [\"National Center for Missing & Exploited Children\"]",
        "author = [\"Lefébvre, Anaïs\", \"Müller, Jürgen\"]",
        "container = \"Journal of Child Safety\"",
        "date = \"2022-06\"",
        "doi = \"10.1234/jcs.2022.014\"",
        "pages = \"101–118\"",
        "accessed = 2024-03-01",
        "type = \"news\"",
        "author = [\"Smith, Jordan\"]",
        "date = 2021-11-03",
    ] {
        assert!(toml.contains(needle), "citations.toml lacks {needle:?}:\n{toml}");
    }
    // Importing again changes nothing; importing a different entry under a taken key is refused.
    let (code, _, stderr) = import(&ws, "real.bib");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("imported 0 entries into citations.toml (3 already there)"),
        "{stderr}"
    );
    std::fs::write(
        ws.0.join("other.bib"),
        "@book{crisan2023, author = {Crisan, Loredana}, title = {Another Book}, year = 2020}\n",
    )
    .unwrap();
    let (code, _, stderr) = brief(
        &ws.0,
        &["cite", "import", "other.bib", "--into", "citations.toml"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[B045]: key \"crisan2023\" is already in the library with different content (title, publisher, date)"), "{stderr}");
    assert!(stderr.contains("--> other.bib:1:7"), "{stderr}");
    assert!(
        stderr.contains("the library's entry is at citations.toml:"),
        "{stderr}"
    );
    // The imported entries build.
    std::fs::write(
        ws.0.join("briefs/uses.toml"),
        "title = \"Imported\"\ndate = 2024-03-07\n[position]\nstatement = \"See [@lefebvre2022; @weprotect2023; @smith2021; @crisan2023].\"\n[[evidence]]\nid = \"x\"\nclaim = \"A finding [@ncmec-cybertipline].\"\n[[ask]]\nid = \"y\"\nto = \"Meta\"\naction = \"Act.\"\n",
    )
    .unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/uses.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.0.join("out/uses.pdf"));
    assert!(
        text.contains("Journal of Child Safety") && text.contains("The Example Times"),
        "{text}"
    );
}

#[test]
fn import_keeps_the_library_files_comments_and_order_and_writes_only_toml() {
    let ws = Scratch::new("import-comments");
    ws.write("briefs.toml", "[citations]\nlibrary = [\"citations.toml\"]\n")
        .write(
            "citations.toml",
            "# Our sources. Keep them alphabetical!\n\n[[citation]]\nid = \"aaa\"   # the first one\ntype = \"report\"\ntitle = \"First\"\ndate = \"2020\"\n\n# Shared figures follow.\n[[stat]]\nid = \"n\"\nvalue = \"5\"\nlabel = \"things\"\nsource = \"aaa\"\n",
        );
    let (code, _, stderr) = import(&ws, "real.bib");
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(ws.path("citations.toml")).unwrap();
    for kept in [
        "# Our sources. Keep them alphabetical!",
        "id = \"aaa\"   # the first one",
        "# Shared figures follow.",
        "[[stat]]",
    ] {
        assert!(text.contains(kept), "lost {kept:?}:\n{text}");
    }
    assert_eq!(text.matches("[[citation]]").count(), 4, "{text}");
    assert!(text.contains("id = \"lefebvre2022\""), "{text}");
    // The result is a library the tool reads back.
    let (code, _, stderr) = brief(&ws.0, &["cite", "list"]);
    assert_eq!(code, 0, "{stderr}");
    // A BibTeX file is never the target of an import.
    std::fs::write(ws.path("mine.bib"), "@book{x, title = {X}, year = 2020}\n").unwrap();
    let before = std::fs::read(ws.path("mine.bib")).unwrap();
    let (code, _, stderr) = brief(
        &ws.0,
        &[
            "cite",
            "import",
            fixtures().join("import/zotero.json").to_str().unwrap(),
            "--into",
            "mine.bib",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("import writes only TOML libraries"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(ws.path("mine.bib")).unwrap(), before);
}

#[test]
fn one_brief_in_author_date_numeric_and_note_styles() {
    let mut texts = Vec::new();
    for style in ["apa", "ieee", "chicago-notes"] {
        let ws = Scratch::copy_of("cite/shared", style);
        let config = std::fs::read_to_string(ws.0.join("briefs.toml")).unwrap();
        std::fs::write(
            ws.0.join("briefs.toml"),
            config.replace("\"apa\"", &format!("\"{style}\"")),
        )
        .unwrap();
        let (code, _, stderr) = brief(&ws.0, &["build", "briefs/a.toml"]);
        assert_eq!(code, 0, "{style}: {stderr}");
        texts.push(pdf_text(&ws.0.join("out/a.pdf")));
    }
    let (apa, ieee, notes) = (&texts[0], &texts[1], &texts[2]);
    assert!(
        apa.contains("(Lefébvre & Müller, 2022, p. 104; Meta Platforms, Inc., 2023)"),
        "{apa}"
    );
    assert!(
        ieee.contains("[1], [2, p. 104]") || ieee.contains("[1, 2"),
        "numeric citations: {ieee}"
    );
    assert!(
        ieee.contains("[1] Meta Platforms, Inc."),
        "numbered reference list: {ieee}"
    );
    // A note style puts citations in footnotes: a superscript number and the note text.
    assert!(
        notes.contains(
            "Meta Platforms, Inc., “Launching Default End-to-End Encryption on Messenger,”"
        ),
        "{notes}"
    );
    assert!(!notes.contains("Inc., 2023)"), "{notes}");
}

#[test]
fn an_unknown_style_lists_the_nearest_names() {
    let ws = Scratch::copy_of("cite/shared", "badstyle");
    std::fs::write(
        ws.0.join("briefs.toml"),
        "[style]\ncitation-style = \"chicago-note\"\n",
    )
    .unwrap();
    let (code, _, stderr) = brief(&ws.0, &["check", "briefs/a.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B034]: unknown citation style \"chicago-note\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("nearest built-in styles: \"chicago-notes\""),
        "{stderr}"
    );
}

#[test]
fn import_keeps_volume_issue_and_publisher_and_names_what_it_cannot_keep() {
    let ws = Scratch::new("import-fields");
    ws.write("briefs.toml", "")
        .write(
            "in.bib",
            "@article{a2022, author = {Doe, Jane}, title = {T}, journaltitle = {J}, date = {2022}, volume = {12}, number = {3}, pages = {1--9}, isbn = {123}}\n@report{r2021, author = {{UNICEF}}, title = {R}, institution = {UNICEF Office of Research}, year = {2021}}\n@techreport{tr2019, title = {Working paper}, institution = {I}, year = {2019}, number = {TR-42}, edition = {2}}\n",
        )
        .write(
            "raw.json",
            "[{\"id\": \"raw2019\", \"type\": \"report\", \"title\": \"Raw\", \"issued\": {\"raw\": \"May 2019\"}}]",
        );
    let (code, _, stderr) = brief(&ws.0, &["cite", "import", "in.bib"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning[B046]: entry \"a2022\": field not kept: isbn"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(ws.path("citations.toml")).unwrap();
    for kept in [
        "volume = \"12\"",
        "issue = \"3\"",
        "pages = \"1–9\"",
        "publisher = \"UNICEF Office of Research\"",
        // A report's number and an edition.
        "issue = \"TR-42\"",
        "edition = \"2\"",
    ] {
        assert!(text.contains(kept), "{kept} lost:\n{text}");
    }
    // A date written as text keeps its year and month.
    let (code, _, stderr) = brief(&ws.0, &["cite", "import", "raw.json"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(ws.path("citations.toml")).unwrap();
    assert!(
        text.contains("id = \"raw2019\"\ntype = \"report\"\ntitle = \"Raw\"\ndate = \"2019-05\""),
        "{text}"
    );
    // A CSL-JSON field of the wrong type leaves that entry out, named; the others are imported
    // (here there are none, so nothing is written).
    ws.write(
        "bad.json",
        "[{\"id\": \"x\", \"type\": \"report\", \"title\": \"T\", \"author\": \"Doe, Jane\"}]",
    );
    let before = std::fs::read(ws.path("citations.toml")).unwrap();
    let (code, _, stderr) = brief(&ws.0, &["cite", "import", "bad.json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning[B111]"), "{stderr}");
    assert!(
        stderr.contains(
            "entry \"x\" cannot be read and is left out: \"author\" must be a list of names"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read(ws.path("citations.toml")).unwrap(), before);
}
