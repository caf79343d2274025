//! Editions in two languages: a translation (`NAME.LANG.toml`) holds only texts; `check` finds
//! what is untranslated, figures and citations that differ and source texts changed since the
//! last review; a folder build writes both editions; `brief translate` starts and accepts one.

mod common;
use common::*;

const WORKSPACE: &str = r##"
[organisation]
name = "Housing Action Network"
url = "https://policy.test"

[contact]
name = "Media relations"
email = "media@policy.test"
"##;

const SOURCE: &str = r#"title = "Build 250,000 homes a year"
date = 2025-05-12
language = "en-CA"
label = "Policy brief No. 7"
audience = ["House Standing Committee on Finance"]

[position]
statement = "Canada must build 250,000 homes a year to restore affordability [@cmhc2024]."
key-messages = ["Rents rose 8.5% in 2024.", "Supply is the lever."]

[[evidence]]
id = "gap"
claim = "Canada needs 3.5 million more homes by 2030 [@cmhc2024]."
stat = { value = "3.5 million", label = "homes short by 2030" }
quote = { text = "We cannot build our way out without the provinces.", speaker = "Ana Moreau", role = "economist" }

[[ask]]
id = "fund"
to = "the Minister of Finance"
action = "Fund 60,000 non-market homes in the next budget."
by = 2026-03-31
evidence = ["gap"]

[[citation]]
id = "cmhc2024"
type = "report"
author = ["Canada Mortgage and Housing Corporation"]
title = "Housing Supply Report"
date = "2024"
"#;

const FRENCH: &str = r#"# La traduction française, relue.
translation-of = "housing.toml"
language = "fr-CA"
title = "Construire 250 000 logements par an"
label = "Note de politique no 7"
audience = ["Comité permanent des finances de la Chambre"]

[position]
statement = "Le Canada doit construire 250 000 logements par an pour rétablir l'abordabilité [@cmhc2024]."
key-messages = ["Les loyers ont augmenté de 8,5 % en 2024.", "L'offre est le levier."]

[evidence.gap]
claim = "Le Canada a besoin de 3,5 millions de logements de plus d'ici 2030 [@cmhc2024]."
stat = { value = "3,5 millions", label = "logements manquants d'ici 2030" }
quote = { text = "Nous ne pourrons pas construire sans les provinces.", role = "économiste" }

[ask.fund]
to = "le ministre des Finances"
action = "Financer 60 000 logements hors marché dans le prochain budget."
"#;

fn bilingual(name: &str) -> Scratch {
    let ws = Scratch::new(name);
    ws.write("briefs.toml", WORKSPACE)
        .write("briefs/housing.toml", SOURCE)
        .write("briefs/housing.fr.toml", FRENCH);
    ws
}

fn check(ws: &Scratch) -> (i32, String) {
    let (code, _, stderr) = brief(&ws.0, &["check"]);
    (code, stderr)
}

#[test]
fn a_folder_build_writes_both_editions_and_the_french_one_is_french() {
    let ws = bilingual("tr-build");
    let (code, stderr) = check(&ws);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("checked 2 briefs: all good"), "{stderr}");
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "pdf,html"]);
    assert_eq!(code, 0, "{stderr}");
    let fr = ws.path("out/housing.fr.pdf");
    assert!(
        ws.path("out/housing.pdf").is_file() && fr.is_file(),
        "{stderr}"
    );
    assert!(ws.path("out/housing.fr.html").is_file());

    let text = pdf::text(&fr);
    for phrase in [
        // The translation's texts, in French typography.
        "Construire 250 000 logements par an",
        "Financer 60 000 logements hors marché",
        "« Nous ne pourrons pas construire sans les provinces. »",
        // The layout's French words, and French dates from the source's dates.
        "Nos demandes",
        "Les faits",
        "12 mai 2025",
        "31 mars 2026",
        // The source's speaker and references.
        "Ana Moreau",
        "Housing Supply Report",
    ] {
        assert!(
            has(&text, phrase),
            "{phrase:?} missing from the French PDF:\n{text}"
        );
    }
    assert!(!has(&text, "Build 250,000 homes"), "{text}");
    let info = pdf::info(&fr);
    assert_eq!(info.lang, "fr-CA");
    // French typography: a narrow no-break space between the groups of a number.
    assert_eq!(info.title, "Construire 250\u{202f}000 logements par an");
    // The English edition is untouched by its translation.
    assert!(has(&pdf::text(&ws.path("out/housing.pdf")), "12 May 2025"));
    let html = std::fs::read_to_string(ws.path("out/housing.fr.html")).unwrap();
    assert!(html.contains("<html lang=\"fr-CA\""), "{html}");
}

#[test]
fn an_untranslated_ask_is_an_error_naming_it_and_nothing_is_written() {
    let ws = bilingual("tr-ask");
    let without_ask = FRENCH.split("[ask.fund]").next().unwrap();
    ws.write("briefs/housing.fr.toml", without_ask);
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/housing.fr.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "error[B065]: briefs/housing.fr.toml does not translate the action of ask \"fund\""
        ),
        "{stderr}"
    );
    // Pointing at the source's text, and saying where the translation goes.
    assert!(stderr.contains("--> briefs/housing.toml:20:10"), "{stderr}");
    assert!(
        stderr.contains(
            "help: translate it in briefs/housing.fr.toml, under [ask.fund]: action = \"...\""
        ),
        "{stderr}"
    );
    assert!(!ws.path("out/housing.fr.pdf").exists());
}

#[test]
fn a_changed_figure_is_flagged_with_both_figures() {
    let ws = bilingual("tr-figure");
    ws.write(
        "briefs/housing.fr.toml",
        &FRENCH.replace("8,5 % en 2024", "9,5 % en 2024"),
    );
    let (code, stderr) = check(&ws);
    assert_eq!(code, 0, "a warning, not an error: {stderr}");
    assert!(
        stderr.contains(
            "warning[B068]: figure \"8.5\" of the source is \"9,5\" in the translation of key message 1"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> briefs/housing.fr.toml:10:45"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: the source has it at briefs/housing.toml:9:29"),
        "{stderr}"
    );
    // A dropped decimal separator is another figure, not the same digits.
    ws.write(
        "briefs/housing.fr.toml",
        &FRENCH.replace("8,5 % en 2024", "85 % en 2024"),
    );
    let (_, stderr) = check(&ws);
    assert!(
        stderr
            .contains("figure \"8.5\" of the source is \"85\" in the translation of key message 1"),
        "{stderr}"
    );
}

#[test]
fn ids_and_citations_must_be_the_sources() {
    let ws = bilingual("tr-ids");
    let fr = FRENCH
        .replace("[ask.fund]", "[ask.fnd]")
        .replace("d'ici 2030 [@cmhc2024].", "d'ici 2030 [@statcan].")
        .replace(
            "L'offre est le levier.",
            "L'[offre](javascript:alert(1)) est le levier.",
        );
    ws.write("briefs/housing.fr.toml", &fr);
    let (code, stderr) = check(&ws);
    assert_eq!(code, 1, "{stderr}");
    // A translated text meets the rules of any text.
    assert!(
        stderr.contains("error[B020]: link \"javascript:alert(1)\" is not an absolute http(s) URL"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[B066]: ask \"fnd\" is not in the source brief"),
        "{stderr}"
    );
    assert!(stderr.contains("help: did you mean \"fund\"?"), "{stderr}");
    assert!(
        stderr.contains(
            "error[B067]: the translation of the claim of evidence \"gap\" cites other sources than the source: it lacks [@cmhc2024]; it adds [@statcan]"
        ),
        "{stderr}"
    );
}

#[test]
fn accept_records_the_review_and_a_later_source_change_is_flagged_at_the_translation() {
    let ws = bilingual("tr-accept");
    let (code, _, stderr) = brief(&ws.0, &["translate", "--accept", "briefs/housing.fr.toml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("accepted briefs/housing.fr.toml: 13 texts"),
        "{stderr}"
    );
    let accepted = std::fs::read_to_string(ws.path("briefs/housing.fr.toml")).unwrap();
    // Its comments are kept; the record is a table of fingerprints.
    assert!(
        accepted.starts_with("# La traduction française, relue."),
        "{accepted}"
    );
    assert!(accepted.contains("[reviewed]\n"), "{accepted}");
    assert!(
        accepted.contains("\"evidence.gap.claim\" = \""),
        "{accepted}"
    );
    let (code, stderr) = check(&ws);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("all good"), "{stderr}");

    ws.write(
        "briefs/housing.toml",
        &SOURCE.replace(
            "3.5 million more homes by 2030",
            "3.5 million more homes by 2030, twice today's pace,",
        ),
    );
    let (code, stderr) = check(&ws);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning[B069]: the claim of evidence \"gap\" changed in the source after this translation was reviewed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> briefs/housing.fr.toml:13:9"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "help: then record the review: brief translate --accept briefs/housing.fr.toml"
        ),
        "{stderr}"
    );
    // Only that text: one warning.
    assert_eq!(stderr.matches("warning[B069]").count(), 1, "{stderr}");
}

#[test]
fn translate_to_writes_a_skeleton_that_check_refuses_until_it_is_filled() {
    let ws = bilingual("tr-skeleton");
    let (code, _, stderr) = brief(&ws.0, &["translate", "briefs/housing.toml", "--to", "es"]);
    assert_eq!(code, 0, "{stderr}");
    let skeleton = std::fs::read_to_string(ws.path("briefs/housing.es.toml")).unwrap();
    assert!(
        skeleton.contains("translation-of = \"housing.toml\"\nlanguage = \"es\"\n"),
        "{skeleton}"
    );
    // Each text empty, under the source's text as a comment.
    assert!(
        skeleton.contains("[evidence.gap]\n\n# Canada needs 3.5 million more homes by 2030 [@cmhc2024].\nclaim = \"\"\n"),
        "{skeleton}"
    );
    assert!(
        skeleton.contains("stat = { value = \"\", label = \"\" }"),
        "{skeleton}"
    );
    let (code, _, stderr) = brief(&ws.0, &["check", "briefs/housing.es.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[B065]"), "{stderr}");
    assert!(stderr.contains("does not translate the title"), "{stderr}");
    // It never replaces a file.
    let (code, _, stderr) = brief(&ws.0, &["translate", "briefs/housing.toml", "--to", "es"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("already exists"), "{stderr}");
}

#[test]
fn a_translation_whose_source_is_missing_or_outside_is_refused() {
    let ws = bilingual("tr-source");
    for (of, reason) in [
        ("nothing.toml", "is not there"),
        ("../../etc/passwd", "is outside the workspace"),
        ("housing.fr.toml", "is this translation itself"),
    ] {
        ws.write(
            "briefs/housing.fr.toml",
            &FRENCH.replace(
                "translation-of = \"housing.toml\"",
                &format!("translation-of = \"{of}\""),
            ),
        );
        let (code, _, stderr) = brief(&ws.0, &["check", "briefs/housing.fr.toml"]);
        assert_eq!(code, 1, "{stderr}");
        let expected = format!("error[B064]: the source of this translation, \"{of}\", {reason}");
        assert!(stderr.contains(&expected), "{stderr}");
    }
    // Two translations of each other: refused, not loaded back and forth forever.
    ws.write(
        "briefs/housing.fr.toml",
        &FRENCH.replace(
            "translation-of = \"housing.toml\"",
            "translation-of = \"housing.de.toml\"",
        ),
    )
    .write(
        "briefs/housing.de.toml",
        "translation-of = \"housing.fr.toml\"\nlanguage = \"de\"\ntitle = \"Bauen\"\n",
    );
    let (code, _, stderr) = brief(&ws.0, &["check", "briefs/housing.fr.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B064]: the source of this translation, \"housing.de.toml\", is itself a translation"),
        "{stderr}"
    );
}

/// A skeleton with every text filled by its source text (from the comment above it), marked
/// with `mark`; the parts of an inline table each from their own comment line.
fn fill(skeleton: &str, mark: &str) -> String {
    let mut out = String::new();
    let mut comments: Vec<(String, String)> = Vec::new();
    for line in skeleton.lines() {
        let trimmed = line.trim_start();
        if let Some(c) = trimmed.strip_prefix("# ") {
            let c = c.replace('"', "'");
            match c.split_once(": ") {
                Some((part, text)) if !part.contains(' ') => {
                    comments.push((part.to_string(), text.to_string()))
                }
                _ => comments.push((String::new(), c)),
            }
            out.push_str(line);
        } else if trimmed.contains("\"\"") {
            let mut line = line.to_string();
            for (part, text) in &comments {
                let with = format!("{part} = \"\"");
                if !part.is_empty() && line.contains(&with) {
                    line = line.replace(&with, &format!("{part} = \"{mark}{text}\""));
                }
            }
            let whole: Vec<&str> = comments.iter().map(|(_, t)| t.as_str()).collect();
            let line = line.replacen("\"\"", &format!("\"{mark}{}\"", whole.join(" ")), 1);
            out.push_str(&line);
            comments.clear();
        } else {
            // A key or a blank line ends the comments above a text (the file's own header).
            comments.clear();
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[test]
fn a_chart_s_title_unit_and_alternative_are_translated() {
    let ws = Scratch::copy_of("charts", "tr-charts");
    let (code, _, stderr) = brief(&ws.0, &["translate", "briefs/housing.toml", "--to", "fr"]);
    assert_eq!(code, 0, "{stderr}");
    let skeleton = std::fs::read_to_string(ws.path("briefs/housing.fr.toml")).unwrap();
    assert!(
        skeleton.contains("chart = { title = \"\", unit = \"\" }"),
        "{skeleton}"
    );
    ws.write("briefs/housing.fr.toml", &fill(&skeleton, "FR "));
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/housing.fr.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf::text(&ws.path("out/housing.fr.pdf"));
    assert!(
        has(&text, "FR Households waiting for supportive housing"),
        "{text}"
    );
    let alts = pdf::alts(&ws.path("out/housing.fr.pdf"), "Figure");
    assert!(
        alts.iter().any(|a| a.starts_with("FR Line chart")),
        "{alts:?}"
    );
}

#[test]
fn a_text_is_written_in_the_shape_the_source_gives_it() {
    let ws = bilingual("tr-shapes");
    let fr = FRENCH
        .replace(
            "key-messages = [\"Les loyers ont augmenté de 8,5 % en 2024.\", \"L'offre est le levier.\"]",
            "key-messages = \"L'offre est le levier.\"",
        )
        .replace(
            "to = \"le ministre des Finances\"",
            "to = [\"le ministre des Finances\"]",
        )
        .replace("[evidence.gap]", "[evidence.gap]\nunit = \"logements\"");
    ws.write("briefs/housing.fr.toml", &fr);
    let (code, stderr) = check(&ws);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B011]: \"key-messages\" must be a list of strings, found a string"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[B011]: \"to\" must be a string, found an array"),
        "{stderr}"
    );
    // A chart's part outside its chart table is no text of a finding.
    assert!(
        stderr.contains("error[B013]: unknown key \"unit\""),
        "{stderr}"
    );
}
