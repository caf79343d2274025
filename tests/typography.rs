//! How the documents read: the language's marks and spacing on the brief's own text, in the PDF
//! and on the page; headings that do not hyphenate; statements that read as written; no page
//! left with a scrap; the web page in the PDF's typefaces.

mod common;
use common::*;

/// A brief in `language`, its texts as a writer types them: straight marks, plain spaces.
fn brief_in(language: &str, to: &str, statement: &str, claim: &str) -> String {
    format!(
        r#"title = "Fund the helpline"
date = 2024-03-07
language = "{language}"
audience = ["Parliament"]

[position]
statement = """{statement}"""

[[evidence]]
id = "calls"
claim = "{claim} [@stats2023]"

[[ask]]
id = "fund"
to = "{to}"
action = "Fund the helpline in the 2025 budget."
by = 2025-10-15

[[citation]]
id = "stats2023"
type = "report"
author = ["Statistics Office"]
title = "Helpline statistics 2023"
date = "2023"
"#
    )
}

fn workspace(name: &str) -> Scratch {
    let ws = Scratch::new(name);
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Centre for Example Policy\"\n\n[contact]\nname = \"Media desk\"\nphone = \"+1 (204) 555-0100\"\n",
    );
    ws
}

#[test]
fn the_brief_s_own_text_takes_the_language_s_marks_in_pdf_and_page() {
    let ws = workspace("typo-marks");
    ws.write(
        "briefs/en.toml",
        &brief_in(
            "en-CA",
            "Parliament",
            "Meta's rollout ends the \"duty to report\".",
            "Calls doubled",
        ),
    );
    ws.write(
        "briefs/fr.toml",
        &brief_in(
            "fr-CA",
            "Parlement",
            "L'exploitation: 5 000 ménages attendent!",
            "Les appels ont doublé",
        ),
    );
    let (code, _, err) = brief(&ws.0, &["build", "--to", "pdf,html"]);
    assert_eq!(code, 0, "{err}");
    let en = pdf::raw_text(&ws.path("out/en.pdf"));
    assert!(
        en.contains("Meta’s rollout ends the “duty to report”."),
        "{en}"
    );
    assert!(!en.contains("Meta's"), "{en}");
    let en_page = std::fs::read_to_string(ws.path("out/en.html")).unwrap();
    assert!(en_page.contains("Meta’s rollout ends the “duty to report”."));

    let fr = pdf::raw_text(&ws.path("out/fr.pdf"));
    for expected in [
        "L’exploitation\u{a0}: 5\u{202f}000 ménages attendent\u{202f}!",
        // The layout's own words take the same spacing.
        "Destinataires\u{a0}: Parliament",
    ] {
        assert!(fr.contains(expected), "{expected:?} not in:\n{fr}");
    }
    let fr_page = std::fs::read_to_string(ws.path("out/fr.html")).unwrap();
    assert!(fr_page.contains("L’exploitation\u{a0}: 5\u{202f}000 ménages attendent\u{202f}!"));
    assert!(fr_page.contains("Destinataires\u{a0}: Parliament"));
}

#[test]
fn german_layout_words_are_not_hyphenated_in_headings() {
    let ws = workspace("typo-german");
    std::fs::create_dir_all(ws.path("assets/i18n")).unwrap();
    std::fs::copy(
        repo().join("docs/i18n/de.toml"),
        ws.path("assets/i18n/de.toml"),
    )
    .unwrap();
    ws.write(
        "briefs/de.toml",
        &brief_in(
            "de",
            "Bundestag",
            "Die Hotline braucht Geld.",
            "Die Anrufe haben sich verdoppelt",
        ),
    );
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    // No word is missing from the German file, so nothing falls back to English.
    assert!(!err.contains("B053"), "{err}");
    let text = pdf::raw_text(&ws.path("out/de.pdf"));
    // The side heading is too wide for one line of its column: it breaks between its words, so
    // "Forderungen" starts a line. (Hyphenated, "Forde-" would end the first line, and the text
    // read back joins the word there.)
    assert!(text.contains("\nForderungen"), "{text}");
    assert!(text.contains("Die Fakten"), "{text}");
}

#[test]
fn a_statement_names_its_recipients_with_their_article_and_every_deadline() {
    let ws = workspace("typo-statement");
    ws.write(
        "briefs/s.toml",
        &format!(
            "kind = \"statement\"\n{}",
            brief_in(
                "en-CA",
                "Ministry of Transportation",
                "The helpline closes in June.",
                "Calls doubled"
            )
        ),
    );
    let (code, _, err) = brief(&ws.0, &["build", "--to", "pdf,html"]);
    assert_eq!(code, 0, "{err}");
    let sentence = "We urge the Ministry of Transportation to fund the helpline in the 2025 budget by 15 October 2025.";
    let text = pdf::text(&ws.path("out/s.pdf"));
    assert!(text.contains(sentence), "{text}");
    let page = std::fs::read_to_string(ws.path("out/s.html")).unwrap();
    assert!(page.contains(sentence));
    assert!(!page.contains("urge Ministry"));
    // The date once, in the dateline.
    assert_eq!(page.matches("7 March 2024").count(), 1, "{page}");
    // The phone dials, from the page and the PDF.
    assert!(page.contains("href=\"tel:+12045550100\""));
    assert!(pdf::links(&ws.path("out/s.pdf")).contains(&"tel:+12045550100".to_string()));
}

/// The letters of a page between its header and footer bands: 60 words, a scrap, are some 300.
fn body_letters(page: &((f64, f64), Vec<pdf::Placed>)) -> usize {
    let ((_, h), glyphs) = page;
    glyphs
        .iter()
        .filter(|g| g.y > 0.06 * h && g.y < 0.92 * h)
        .count()
}

#[test]
fn no_page_of_an_example_brief_holds_only_a_scrap() {
    let ws = Scratch::new("typo-scraps");
    for file in ["briefs.toml", "citations.toml"] {
        std::fs::copy(repo().join(file), ws.path(file)).unwrap();
    }
    for entry in std::fs::read_dir(repo().join("briefs")).unwrap().flatten() {
        std::fs::copy(
            entry.path(),
            ws.path(&format!("briefs/{}", entry.file_name().to_string_lossy())),
        )
        .unwrap();
    }
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    for entry in std::fs::read_dir(ws.path("out")).unwrap().flatten() {
        let pdf = entry.path();
        let pages = pdf::glyphs(&pdf);
        if pages.len() < 2 {
            continue;
        }
        for (n, page) in pages.iter().enumerate() {
            let body = body_letters(page);
            assert!(
                body >= 300,
                "{}: page {} holds {body} letters",
                pdf.display(),
                n + 1
            );
        }
    }
}

#[test]
fn a_brief_grown_by_a_few_sentences_pulls_its_scrap_back() {
    // The example brief with one to six sentences more: some of these spill a few lines onto a
    // third page, which a tighter step (typeset side by side, see edition::pdf::fit) pulls back.
    let ws = Scratch::new("typo-grown");
    for file in ["briefs.toml", "citations.toml"] {
        std::fs::copy(repo().join(file), ws.path(file)).unwrap();
    }
    let example = std::fs::read_to_string(repo().join("briefs/encryption-brief.toml")).unwrap();
    let anchor = "- how Canadians can verify that it does.\n";
    assert!(example.contains(anchor));
    let sentence = "Investigators rely on these reports to find children at risk and to identify \
                    offenders who move between platforms. ";
    for n in 1..=6 {
        let grown = example.replace(anchor, &format!("{anchor}\n{}\n", sentence.repeat(n)));
        ws.write(&format!("briefs/grown-{n}.toml"), &grown);
    }
    let (code, _, err) = brief(&ws.0, &["build", "--to", "pdf"]);
    assert_eq!(code, 0, "{err}");
    let mut counts = Vec::new();
    for n in 1..=6 {
        let pdf = ws.path(&format!("out/grown-{n}.pdf"));
        let pages = pdf::glyphs(&pdf);
        counts.push(pages.len());
        let body = body_letters(pages.last().unwrap());
        assert!(body >= 300, "grown-{n}: its last page holds {body} letters");
    }
    // Page counts never fall as the text grows.
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
}
