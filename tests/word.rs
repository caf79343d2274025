//! The Word edition end to end: every layout writes a `.docx` whose parts are read back here
//! (title and language, built-in headings in order, the asks table's repeated header row, real
//! footnotes for a note style, charts as pictures with their text alternative), which holds
//! every word the PDF prints, literally, and which is rebuilt byte for byte. (LibreOffice opens
//! each in `.ci/run`, through `../shared/tools/docx-audit`.)

mod common;
use common::*;

use std::path::Path;

use brief::edition::docx::zip;

/// A part of a Word file, as text.
fn part(docx: &Path, name: &str) -> String {
    let bytes = std::fs::read(docx).unwrap();
    let xml = zip::read(&bytes, name, 64 << 20).unwrap_or_else(|| panic!("{name} in {docx:?}"));
    String::from_utf8(xml).unwrap()
}

/// The text of a part's runs (`w:t`), entities decoded, runs joined as Word joins them.
fn runs(xml: &str) -> String {
    let mut out = String::new();
    // Paragraphs, cells, line breaks and tabs part words.
    let xml = xml
        .replace("</w:p>", "<w:t> </w:t>")
        .replace("<w:br/>", "<w:t> </w:t>")
        .replace("<w:tab/>", "<w:t> </w:t>");
    for piece in xml.split("<w:t").skip(1) {
        let Some(start) = piece.find('>') else {
            continue;
        };
        if piece[..start].ends_with('/') {
            continue;
        }
        let body = &piece[start + 1..];
        let end = body.find("</w:t>").unwrap_or(body.len());
        out.push_str(&body[..end]);
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// All the words a reader of the Word file sees: the body, the notes, the footer and header.
fn all_text(docx: &Path) -> String {
    let mut text = runs(&part(docx, "word/document.xml"));
    for name in ["word/footnotes.xml", "word/footer1.xml"] {
        text.push(' ');
        text.push_str(&runs(&part(docx, name)));
    }
    let bytes = std::fs::read(docx).unwrap();
    if let Some(header) = zip::read(&bytes, "word/header1.xml", 1 << 20) {
        text.push(' ');
        text.push_str(&runs(&String::from_utf8(header).unwrap()));
    }
    text
}

fn words(s: &str) -> std::collections::BTreeSet<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The paragraph styles of the body, in order.
fn styles(document: &str) -> Vec<String> {
    document
        .split("<w:pStyle w:val=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn every_layout_has_a_word_edition_with_every_word_of_its_pdf() {
    let out = Scratch::new("word-examples");
    let dir = out.0.to_str().unwrap();
    let (code, _, stderr) = brief(&repo(), &["build", "briefs", "--to", "pdf,docx", "-o", dir]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("4 PDFs and 4 Word files"), "{stderr}");
    for (name, lang, title) in [
        (
            "encryption-brief",
            "en-CA",
            "Keeping child exploitation reports flowing",
        ),
        (
            "encryption-one-pager",
            "en-CA",
            "End-to-end encryption must not end",
        ),
        (
            "encryption-one-pager.fr-CA",
            "fr-CA",
            "Le chiffrement de bout en bout",
        ),
        (
            "encryption-statement",
            "en-CA",
            "Facebook’s move to full encryption",
        ),
    ] {
        let docx = out.path(&format!("{name}.docx"));
        let core = part(&docx, "docProps/core.xml");
        assert!(core.contains(&format!("<dc:title>{title}")), "{core}");
        assert!(
            core.contains(&format!("<dc:language>{lang}</dc:language>")),
            "{core}"
        );
        let styles_xml = part(&docx, "word/styles.xml");
        assert!(
            styles_xml.contains(&format!("<w:lang w:val=\"{lang}\"")),
            "{name}: no language"
        );
        // Headings: the title, then level 1, and no level skipped.
        let document = part(&docx, "word/document.xml");
        let order = styles(&document);
        assert_eq!(
            order
                .iter()
                .find(|s| s.starts_with("Heading") || *s == "Title")
                .unwrap(),
            "Title"
        );
        let mut level = 0;
        for s in order.iter().filter_map(|s| s.strip_prefix("Heading")) {
            let l: usize = s.parse().unwrap();
            assert!(l <= level + 1, "{name}: heading {l} after {level}");
            level = l;
        }
        // Every word of the PDF is in the Word file.
        let pdf = words(&pdf_text(&out.path(&format!("{name}.pdf"))));
        let word = words(&all_text(&docx));
        let missing: Vec<_> = pdf.difference(&word).collect();
        assert!(
            missing.is_empty(),
            "{name}: {missing:?} not in the Word file"
        );
    }
    // The asks as a table whose header row repeats; a statement's as a numbered list.
    let brief_doc = part(&out.path("encryption-brief.docx"), "word/document.xml");
    assert!(brief_doc.contains("<w:tblHeader/>"), "no header row");
    assert!(brief_doc.contains("<w:tblCaption w:val=\"What we ask\"/>"));
    let text = runs(&brief_doc);
    for expected in ["Government of Canada", "30 June 2024", "By when"] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    let statement = part(&out.path("encryption-statement.docx"), "word/document.xml");
    assert!(styles(&statement).contains(&"ListNumber".to_string()));
    // The French edition's words and dates are French.
    let fr = runs(&part(
        &out.path("encryption-one-pager.fr-CA.docx"),
        "word/document.xml",
    ));
    assert!(fr.contains("Notre position"), "{fr}");
    assert!(fr.contains("décembre 2023"), "{fr}");
}

#[test]
fn a_rebuild_is_byte_identical_and_a_failed_build_keeps_the_word_file() {
    let ws = Scratch::copy_of("html", "word-rebuild");
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "docx"]);
    assert_eq!(code, 0, "{stderr}");
    let first = std::fs::read(ws.path("out/brief.docx")).unwrap();
    let (code, _, _) = brief(&ws.0, &["build", "--to", "docx"]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read(ws.path("out/brief.docx")).unwrap(), first);
    // Broken, the brief writes nothing: the Word file is the last good one.
    let text = std::fs::read_to_string(ws.path("briefs/brief.toml")).unwrap();
    ws.write(
        "briefs/brief.toml",
        &text.replace("[position]", "[position]\nnonsense = 1"),
    );
    let (code, _, _) = brief(&ws.0, &["build", "--to", "docx", "briefs/brief.toml"]);
    assert_eq!(code, 1);
    assert_eq!(std::fs::read(ws.path("out/brief.docx")).unwrap(), first);
    // A Word file this tool did not write is never replaced.
    ws.write("briefs/brief.toml", &text);
    std::fs::write(
        ws.path("out/one-pager.docx"),
        b"PK\x03\x04 someone else's file",
    )
    .unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "docx"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error[B098]: refusing to write out/one-pager.docx"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(ws.path("out/one-pager.docx")).unwrap(),
        b"PK\x03\x04 someone else's file"
    );
}

#[test]
fn what_a_brief_says_prints_literally_and_a_draft_says_so() {
    let ws = Scratch::copy_of("html", "word-hostile");
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "pdf,docx"]);
    assert_eq!(code, 0, "{stderr}");
    for name in ["brief", "one-pager", "statement"] {
        let docx = ws.path(&format!("out/{name}.docx"));
        let pdf = words(&pdf_text(&ws.path(&format!("out/{name}.pdf"))));
        let text = all_text(&docx);
        let word = words(&text);
        let missing: Vec<_> = pdf.difference(&word).collect();
        assert!(missing.is_empty(), "{name}: {missing:?}");
        // The markup-looking characters reach the text as themselves.
        for c in ["<", "&", "#", "$", "\\"] {
            assert!(text.contains(c), "{name}: no {c:?} in {text}");
        }
    }
    // The draft (brief.toml) says DRAFT on every page; the final ones do not.
    let header = part(&ws.path("out/brief.docx"), "word/header1.xml");
    assert!(runs(&header).contains("DRAFT"), "{header}");
    let bytes = std::fs::read(ws.path("out/one-pager.docx")).unwrap();
    assert!(zip::read(&bytes, "word/header1.xml", 1 << 20).is_none());
}

#[test]
fn a_note_style_gives_real_footnotes_and_charts_are_pictures_with_their_alt_text() {
    let ws = Scratch::copy_of("charts", "word-notes");
    let settings = std::fs::read_to_string(ws.path("briefs.toml")).unwrap();
    ws.write(
        "briefs.toml",
        &settings.replace("[style]", "[style]\ncitation-style = \"chicago-notes\""),
    );
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "docx"]);
    assert_eq!(code, 0, "{stderr}");
    let docx = ws.path("out/housing.docx");
    let document = part(&docx, "word/document.xml");
    let notes = part(&docx, "word/footnotes.xml");
    assert!(
        document.contains("<w:footnoteReference w:id=\"1\"/>"),
        "{document}"
    );
    assert!(runs(&notes).contains("Ministry of Housing"), "{notes}");
    // Each chart: a picture named by the chart's text alternative, the numbers as a table.
    let alts: Vec<&str> = document
        .split("<wp:docPr ")
        .skip(1)
        .map(|s| {
            s.split("descr=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(alts.len(), 2, "{document}");
    assert!(
        alts[0].starts_with("Bar chart of households waiting for supportive housing, 2020 to 2024"),
        "{alts:?}"
    );
    // The brief's own text alternative, where it gives one.
    assert!(
        alts[1].starts_with("Line chart: average shelter stays rose"),
        "{alts:?}"
    );
    assert!(document.matches("<w:tblHeader/>").count() >= 3);
    let bytes = std::fs::read(&docx).unwrap();
    let png = zip::read(&bytes, "word/media/image1.png", 64 << 20).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
}

#[test]
fn a_house_template_sets_the_styles_and_ours_fill_its_gaps() {
    let ws = Scratch::copy_of("charts", "word-house");
    // A house template: a Word file whose Normal style sets Georgia, and no style of ours.
    let styles = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/></w:rPr></w:style></w:styles>"#;
    let reference = zip::write(&[zip::Part {
        name: "word/styles.xml".into(),
        bytes: styles.as_bytes().to_vec(),
    }]);
    std::fs::create_dir_all(ws.path("assets/word")).unwrap();
    std::fs::write(ws.path("assets/word/reference.docx"), reference).unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "docx"]);
    assert_eq!(code, 0, "{stderr}");
    let out = part(&ws.path("out/housing.docx"), "word/styles.xml");
    assert!(
        out.contains("<w:rFonts w:ascii=\"Georgia\" w:hAnsi=\"Georgia\"/>"),
        "{out}"
    );
    // The house's Normal, not ours; ours where it has none; the brief's language.
    assert_eq!(out.matches("w:styleId=\"Normal\"").count(), 1);
    assert!(out.contains("w:styleId=\"Heading1\""), "{out}");
    assert!(out.contains("<w:lang w:val=\"en-CA\""), "{out}");
    assert!(!out.contains("en-US"), "{out}");
    // A file that is no Word file is named, and nothing is written.
    std::fs::write(ws.path("assets/word/reference.docx"), b"not a zip").unwrap();
    std::fs::remove_file(ws.path("out/housing.docx")).unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "docx"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("assets/word/reference.docx") && stderr.contains("not a Word file"),
        "{stderr}"
    );
    assert!(!ws.path("out/housing.docx").exists());
}

#[test]
fn a_pack_can_be_one_word_file() {
    let out = Scratch::new("word-pack");
    let file = out.path("pack.docx");
    let (code, _, stderr) = brief(
        &repo(),
        &[
            "pack",
            "briefs/encryption-brief.toml",
            "briefs/encryption-statement.toml",
            "-o",
            file.to_str().unwrap(),
            "--title",
            "Meeting with the Minister",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("packed 2 briefs into"), "{stderr}");
    let core = part(&file, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Meeting with the Minister</dc:title>"),
        "{core}"
    );
    let text = runs(&part(&file, "word/document.xml"));
    // The cover and its contents, then each brief from a new page.
    let contents = text.find("Contents").unwrap();
    let first = text
        .rfind("Keeping child exploitation reports flowing")
        .unwrap();
    let second = text.rfind("Facebook’s move to full encryption").unwrap();
    assert!(contents < first && first < second, "{text}");
    let document = part(&file, "word/document.xml");
    assert_eq!(document.matches("<w:br w:type=\"page\"/>").count(), 2);
    // A file of another kind is left alone.
    std::fs::write(&file, b"someone else's notes").unwrap();
    let (code, _, stderr) = brief(
        &repo(),
        &[
            "pack",
            "briefs/encryption-brief.toml",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), b"someone else's notes");
}

#[test]
fn the_masthead_draws_the_logo_named_by_its_alt_text() {
    let ws = Scratch::copy_of("charts", "word-logo");
    ws.write(
        "assets/logo.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40"><rect width="40" height="40" fill="#0b6e4f"/><text x="48" y="27" font-size="16">HFN</text></svg>"##,
    );
    let settings = std::fs::read_to_string(ws.path("briefs.toml")).unwrap();
    ws.write(
        "briefs.toml",
        &settings.replace(
            "[organisation]\n",
            "[organisation]\nlogo = \"assets/logo.svg\"\nlogo-alt = \"Housing Futures Network\"\n",
        ),
    );
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "docx"]);
    assert_eq!(code, 0, "{stderr}");
    let docx = ws.path("out/housing.docx");
    let document = part(&docx, "word/document.xml");
    let first = document.split("<wp:docPr ").nth(1).unwrap();
    assert!(
        first.contains("descr=\"Housing Futures Network\""),
        "{first}"
    );
    // Every drawing has an id of its own.
    let ids: std::collections::BTreeSet<&str> = document
        .split("<wp:docPr id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    let bytes = std::fs::read(&docx).unwrap();
    let logo = zip::read(&bytes, "word/media/image1.png", 1 << 24).unwrap();
    assert!(logo.starts_with(b"\x89PNG"));
}
