//! `brief build` end to end: every example brief builds, and each PDF is read back (page count,
//! text, metadata, tagging). Also reproducibility, literal text, drafts, one-pager overflow,
//! atomic writes, custom templates and folder builds.

mod common;
use common::*;

const WORKSPACE: &str = r##"
[organisation]
name = "Centre for Example Policy"
url = "https://policy.test"

[contact]
name = "Media relations"
email = "media@policy.test"

[style]
accent = "#7a1f3d"
"##;

fn simple_brief(extra: &str, statement: &str) -> String {
    format!(
        r#"title = "Fund the helpline"
date = 2024-03-07
{extra}

[position]
statement = """{statement}"""

[[evidence]]
id = "calls"
claim = "Calls to the helpline doubled in a year [@stats2023]."

[[ask]]
id = "fund"
to = "Parliament"
action = "Fund the helpline for five more years."
by = 2024-06-30

[[citation]]
id = "stats2023"
type = "report"
author = ["Statistics Office"]
title = "Helpline statistics 2023"
date = "2023"
"#
    )
}

#[test]
fn every_example_brief_builds_and_reads_back() {
    let out = Scratch::new("examples");
    let (code, _, stderr) = brief(&repo(), &["build", "briefs", "-o", out.0.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let examples: Vec<std::path::PathBuf> = std::fs::read_dir(repo().join("briefs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    assert!(examples.len() >= 3, "one example per layout");
    for toml in examples {
        let pdf = out.0.join(toml.with_extension("pdf").file_name().unwrap());
        assert!(pdf.is_file(), "{} was not built", pdf.display());
        let info = pdf::info(&pdf);
        assert!(info.tagged, "{info:?}");
        assert!(!info.title.is_empty(), "{info:?}");
        assert!(
            info.author.contains("Canadian Centre for Child Protection"),
            "{info:?}"
        );
        assert!(
            !info.keywords.is_empty() || !toml.ends_with("one-pager.toml"),
            "{info:?}"
        );
    }

    let statement = out.0.join("encryption-statement.pdf");
    let text = pdf_text(&statement);
    assert_eq!(pages(&statement), 1);
    for needle in [
        "Facebook’s move to full encryption means millions of child sexual abuse and exploitation cases will cease to be reported",
        "Meta has forwarded 74.4 million reports of suspected child sexual abuse and exploitation",
        "we face an inherent tradeoff because we will never find all of the potential harm",
        "We urge Meta to halt its plan to make harmful and illegal content on its platforms beyond the reach of accountability.",
        "WINNIPEG, 7 December 2023 —",
        "FOR IMMEDIATE RELEASE",
        "###",
        "Launching default end-to-end encryption on Messenger",
    ] {
        assert!(has(&text, needle), "statement lacks {needle:?}:\n{text}");
    }

    let policy = out.0.join("encryption-brief.pdf");
    let text = pdf_text(&policy);
    let n = pages(&policy);
    assert!((2..=6).contains(&n), "a brief runs 2-6 pages, got {n}");
    for needle in [
        "Keeping child exploitation reports flowing when messaging is end-to-end encrypted",
        "OUR POSITION",
        "What we ask",
        "Legislate a duty for online platforms to detect and report child sexual exploitation",
        "By 31 March 2024",
        "74.4 million",
        "References",
        "Zuckerberg, M. (2019",
        &format!("Page 1 of {n}"),
    ] {
        assert!(has(&text, needle), "brief lacks {needle:?}:\n{text}");
    }
    let one = out.0.join("encryption-one-pager.pdf");
    assert_eq!(pages(&one), 1);
    assert!(has(
        &pdf_text(&one),
        "End-to-end encryption must not end child exploitation reporting"
    ));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = Scratch::new("repro-a");
    let b = Scratch::new("repro-b");
    for out in [&a, &b] {
        let (code, _, stderr) = brief(
            &repo(),
            &[
                "build",
                "briefs/encryption-brief.toml",
                "-o",
                out.0.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{stderr}");
    }
    // The same bytes whatever the current folder or the way the path is written.
    let c = Scratch::new("repro-c");
    let (code, _, stderr) = brief(
        &repo().join("briefs"),
        &[
            "build",
            "./encryption-brief.toml",
            "-o",
            c.0.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        std::fs::read(c.path("encryption-brief.pdf")).unwrap()
            == std::fs::read(a.path("encryption-brief.pdf")).unwrap(),
        "building from another folder changed the PDF"
    );
    let x = std::fs::read(a.path("encryption-brief.pdf")).unwrap();
    let y = std::fs::read(b.path("encryption-brief.pdf")).unwrap();
    assert!(x == y, "two builds of the same brief differ");
    // The date in the PDF is the brief's, not the clock's.
    let info = pdf::info(&a.path("encryption-brief.pdf"));
    assert!(info.created.starts_with("2023-"), "{info:?}");
}

#[test]
fn text_that_looks_like_typst_prints_literally() {
    let ws = Scratch::new("literal");
    let tricky = r#"#read("/etc/passwd") $x^2$ #let x = 1 <label> @ref \ // not a comment _under_ 5 * 3 # [not a link]"#;
    ws.write("briefs.toml", WORKSPACE).write(
        "briefs/literal.toml",
        &simple_brief(
            r##"subtitle = "#set page(fill: red) and \\ backslash""##,
            &tricky.replace('\\', "\\\\").replace('"', "\\\""),
        ),
    );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/literal.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("out/literal.pdf"));
    assert!(
        text.contains(tricky),
        "expected {tricky:?} literally in:\n{text}"
    );
    assert!(
        text.contains(r"#set page(fill: red) and \ backslash"),
        "{text}"
    );
    assert!(!text.contains("root:"), "a file was read: {text}");
}

#[test]
fn markup_becomes_emphasis_links_lists_and_citations() {
    let ws = Scratch::new("markup");
    ws.write("briefs.toml", WORKSPACE).write(
        "briefs/markup.toml",
        &simple_brief(
            "",
            "We want **more** and *better* [services](https://policy.test/services) [@stats2023, p. 4].\n\n- first point\n- second point",
        ),
    );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/markup.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("out/markup.pdf"));
    assert!(
        text.contains("We want more and better services (Statistics Office, 2023, p. 4)"),
        "{text}"
    );
    assert!(text.contains("first point"), "{text}");
    assert!(
        text.contains("Helpline statistics 2023"),
        "reference list: {text}"
    );
    assert!(!text.contains("**") && !text.contains("[@"), "{text}");
}

#[test]
fn drafts_carry_a_mark_on_every_page() {
    let ws = Scratch::new("draft");
    ws.write("briefs.toml", WORKSPACE).write(
        "briefs/d.toml",
        &simple_brief("status = \"draft\"", "We want the helpline funded."),
    );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/d.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let pdf = ws.path("out/d.pdf");
    let n = pages(&pdf);
    // The diagonal mark and the footer's "Draft".
    let text = pdf_text(&pdf);
    assert_eq!(text.matches("DRAFT").count(), n, "{text}");
    assert_eq!(text.matches("Draft").count(), n, "{text}");
}

#[test]
fn us_letter_and_pdf_a_build() {
    let ws = Scratch::new("letter");
    ws.write(
        "briefs.toml",
        &format!("{WORKSPACE}paper = \"us-letter\"\n"),
    )
    .write(
        "briefs/l.toml",
        &simple_brief("kind = \"statement\"", "We want the helpline funded."),
    );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/l.toml", "--pdf-standard", "a-2b"]);
    assert_eq!(code, 0, "{stderr}");
    let info = pdf::info(&ws.path("out/l.pdf"));
    assert_eq!(info.page_size, (612.0, 792.0), "{info:?}");
    assert!(info.xmp.contains("pdfaid:part"), "{}", info.xmp);
}

#[test]
fn an_overflowing_one_pager_fails_and_says_by_how_much() {
    let ws = Scratch::new("overflow");
    let long =
        "The helpline answers calls from children at risk across the country, day and night. "
            .repeat(60);
    ws.write("briefs.toml", WORKSPACE)
        .write(
            "briefs/o.toml",
            &simple_brief("kind = \"one-pager\"", &long),
        )
        .write("out/o.pdf", "previous PDF");
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/o.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B101]: one-pager does not fit on one page"),
        "{stderr}"
    );
    assert!(stderr.contains("% (some"), "{stderr}");
    assert!(
        stderr.contains("the longest sections: position statement"),
        "{stderr}"
    );
    assert!(stderr.contains("--> briefs/o.toml:1:9"), "{stderr}");
    // The failed build left the earlier PDF alone and no temporary file behind.
    assert_eq!(
        std::fs::read_to_string(ws.path("out/o.pdf")).unwrap(),
        "previous PDF"
    );
    assert_eq!(std::fs::read_dir(ws.path("out")).unwrap().count(), 1);
}

#[test]
fn one_bad_brief_does_not_stop_the_others() {
    let ws = Scratch::new("folder");
    ws.write("briefs.toml", WORKSPACE)
        .write(
            "briefs/good.toml",
            &simple_brief("", "We want the helpline funded."),
        )
        .write("briefs/bad.toml", "title = \"Broken\"\ndate = 2024-03-07\n")
        .write("out/bad.pdf", "previous PDF");
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(ws.path("out/good.pdf").is_file(), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(ws.path("out/bad.pdf")).unwrap(),
        "previous PDF"
    );
    assert!(
        stderr.contains("error[B010]: missing required key \"position\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("built 1 brief into out, 1 failed, in "),
        "{stderr}"
    );
}

#[test]
fn custom_templates_get_the_data_and_their_errors_point_into_them() {
    let ws = Scratch::new("custom");
    ws.write("briefs.toml", WORKSPACE)
        .write(
            "templates/house.typ",
            "#import \"/.brief/common.typ\": *\n#show: setup\n#set page(paper: paper)\n= #data.title\n#blocks(data.position.statement)\n#for a in data.asks [To #a.to: #flat(a.action)]\n#references()\n",
        )
        .write("templates/broken.typ", "#let x = 1\n#data.nope\n")
        .write("briefs/h.toml", &simple_brief("template = \"templates/house.typ\"", "House style works."))
        .write("briefs/b.toml", &simple_brief("template = \"templates/broken.typ\"", "Never built."));
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/h.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("out/h.pdf"));
    assert!(
        text.contains("House style works.") && text.contains("To Parliament: Fund the helpline"),
        "{text}"
    );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/b.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B100]: unknown variable: data"),
        "{stderr}"
    );
    assert!(stderr.contains("--> templates/broken.typ:2:2"), "{stderr}");
    assert!(!ws.path("out/b.pdf").exists());
}

#[test]
fn templates_cannot_read_outside_the_workspace() {
    let ws = Scratch::new("sandbox");
    ws.write("briefs.toml", WORKSPACE)
        .write(
            "templates/peek.typ",
            "#read(\"/../../../../etc/hostname\")\n",
        )
        .write(
            "briefs/p.toml",
            &simple_brief("template = \"templates/peek.typ\"", "x"),
        );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/p.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("templates/peek.typ:1:"), "{stderr}");
}

#[test]
fn a_logo_is_embedded_with_its_alt_text() {
    let ws = Scratch::new("logo");
    ws.write(
        "briefs.toml",
        &WORKSPACE.replace(
            "url = \"https://policy.test\"",
            "url = \"https://policy.test\"\nlogo = \"assets/logo.svg\"\nlogo-alt = \"Centre for Example Policy\"",
        ),
    )
    .write(
        "assets/logo.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#7a1f3d"/></svg>"##,
    )
    .write("briefs/logo.toml", &simple_brief("", "We want the helpline funded."));
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/logo.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let roles = pdf::struct_roles(&ws.path("out/logo.pdf"));
    assert!(
        roles.iter().any(|r| r == "Figure"),
        "no figure tag: {roles:?}"
    );
}

#[test]
fn french_briefs_get_french_words_and_dates() {
    let ws = Scratch::new("french");
    ws.write("briefs.toml", WORKSPACE).write(
        "briefs/fr.toml",
        &simple_brief(
            "language = \"fr-CA\"",
            "Le Parlement doit financer la ligne d’écoute.",
        ),
    );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/fr.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("out/fr.pdf"));
    for needle in [
        "NOTRE POSITION",
        "Nos demandes",
        "D’ici le 30 juin 2024",
        "7 mars 2024",
        "Page 1 sur 1",
    ] {
        assert!(text.contains(needle), "lacks {needle:?}: {text}");
    }
}

#[test]
fn a_workspace_language_file_prints_its_words_and_falls_back_to_english() {
    let ws = Scratch::new("german");
    ws.write("briefs.toml", WORKSPACE)
        .write(
            "assets/i18n/de.toml",
            r#"[words]
our-position = "Unsere Position"
what-we-ask = "Unsere Forderungen"
page = "Seite"
of = "von"
by-date = "Bis"

[dates]
months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember"]
"#,
        )
        .write(
            "briefs/de.toml",
            &simple_brief(
                "language = \"de\"",
                "Das Parlament muss die Hotline finanzieren.",
            ),
        );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/de.toml"]);
    assert_eq!(code, 0, "{stderr}");
    // Every word the file lacks is named, once each, pointing at the file.
    assert!(
        stderr.contains(
            "warning[B053]: 51 layout words have no de translation: \"and\", \"ask-what\", \"ask-when\", \"ask-who\", \"back-to-text\", \"background\""
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("\"the-evidence\", \"word-edition\", [call]"),
        "{stderr}"
    );
    assert!(stderr.contains("--> assets/i18n/de.toml:1:1"), "{stderr}");
    assert!(!stderr.contains("\"our-position\""), "{stderr}");
    let text = pdf_text(&ws.path("out/de.pdf"));
    for needle in [
        "UNSERE POSITION",
        "Unsere Forderungen",
        "Bis 30 Juni 2024",
        "7 März 2024",
        "Seite 1 von 1",
        // Not translated: English.
        "References",
    ] {
        assert!(text.contains(needle), "lacks {needle:?}: {text}");
    }
}

#[test]
fn a_brief_of_many_findings_settles_and_prints_them_all_in_order() {
    let ws = Scratch::new("many-findings");
    let mut findings = String::new();
    for i in 1..=40 {
        let stat = if i % 7 == 0 {
            format!("stat = {{ value = \"{i}%\", label = \"share in year {i}\" }}\n")
        } else {
            String::new()
        };
        findings.push_str(&format!(
            "[[evidence]]\nid = \"f{i}\"\nclaim = \"Finding {i} holds [@stats2023].\"\n{stat}\n"
        ));
    }
    let text = simple_brief("", "Forty findings.").replacen(
        "[[evidence]]",
        &format!("{findings}[[evidence]]"),
        1,
    );
    ws.write("briefs.toml", WORKSPACE)
        .write("briefs/many.toml", &text);
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/many.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("out/many.pdf"));
    let mut at = 0;
    for i in 1..=40 {
        let needle = format!("Finding {i} holds");
        let found = text[at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{needle:?} missing or out of order: {text}"));
        at += found + needle.len();
    }
}

#[test]
fn a_template_path_with_backslashes_is_an_error_not_a_crash() {
    let ws = Scratch::new("backslash");
    ws.write("briefs.toml", WORKSPACE)
        .write("templates/house.typ", "= #sys.inputs\n")
        .write(
            "briefs/b.toml",
            &simple_brief("template = 'templates\\house.typ'", "x"),
        );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/b.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B037]: template path \"templates\\house.typ\" uses backslashes"),
        "{stderr}"
    );
    assert!(stderr.contains("\"templates/house.typ\""), "{stderr}");
    assert!(!ws.path("out/b.pdf").exists());
}

#[test]
fn workspace_errors_stop_every_brief_and_outputs_never_collide() {
    let ws = Scratch::new("wserr");
    ws.write("briefs.toml", &format!("{WORKSPACE}paper = \"a5\"\n"))
        .write(
            "briefs/one.toml",
            &simple_brief("", "We want the helpline funded."),
        )
        .write(
            "briefs/two.toml",
            &simple_brief("", "We want the helpline funded."),
        );
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr.matches("error[B014]: invalid paper \"a5\"").count(),
        1,
        "reported once: {stderr}"
    );
    assert!(
        !ws.path("out/one.pdf").exists() && !ws.path("out/two.pdf").exists(),
        "{stderr}"
    );

    let ok = Scratch::new("collide");
    ok.write("briefs.toml", WORKSPACE)
        .write("a/x.toml", &simple_brief("", "First."))
        .write("b/x.toml", &simple_brief("", "Second."));
    let (code, _, stderr) = brief(&ok.0, &["build", "a/x.toml", "b/x.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B096]: this brief and a/x.toml would both be written to out/x.pdf"),
        "{stderr}"
    );
    assert!(pdf_text(&ok.path("out/x.pdf")).contains("First."));
}

/// Words that are not in any dictionary, so that nothing hyphenates them: a paragraph of `n`.
fn words(seed: usize, n: usize) -> String {
    let w = [
        "helpline", "answers", "children", "province", "funding", "report", "across",
    ];
    (0..n)
        .map(|i| w[(i * 3 + seed) % w.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A long compound, an address with an opaque query, and a token of one letter: none of them
/// has a place to break a line.
const LONG_WORD: &str = "Kinderschutzorganisationsverantwortlichkeitsgesetzgebungsverfahren";
const LONG_URL: &str = "https://www.policy.test/reports/2024/an-annual-review-of-the-helpline/index.html?id=Q2hpbGRyZW4gYXQgcmlzayBhY3Jvc3MgdGhlIGNvdW50cnkgZGF5IGFuZCBuaWdodA";

/// A brief of realistic pastes: a position, findings and asks of hundreds of words each, each
/// ending in a marker word, with a long word and URL in each.
fn long_brief(kind: &str, asks: usize) -> String {
    let tail = format!("{LONG_URL} {LONG_WORD} {}", "z".repeat(90));
    let mut s = format!(
        "title = \"Fund the helpline\"\nkind = \"{kind}\"\ndate = 2024-03-07\nplace = \"Ottawa\"\n\n\
         [position]\nstatement = \"\"\"{} {tail} positionend\"\"\"\n\
         key-messages = [\"{} {tail} messageend\"]\n",
        words(0, 450),
        words(1, 40),
    );
    for i in 1..=3 {
        s += &format!(
            "\n[[evidence]]\nid = \"f{i}\"\nclaim = \"\"\"{} {tail} claim{i}end [@stats2023]\"\"\"\n\
             detail = \"\"\"{} detail{i}end\"\"\"\n",
            words(i, 300),
            words(i + 3, 250),
        );
    }
    for i in 1..=asks {
        s += &format!(
            "\n[[ask]]\nid = \"a{i}\"\nto = \"Parliament\"\naction = \"\"\"Fund {} {tail} ask{i}end\"\"\"\n",
            words(i, 500),
        );
    }
    s + "\n[[citation]]\nid = \"stats2023\"\ntype = \"report\"\nauthor = [\"Statistics Office\"]\n\
         title = \"Helpline statistics 2023\"\ndate = \"2023\"\n"
}

/// Every glyph of every page lies inside the page, clear of its edges.
fn assert_inside_the_page(pdf: &std::path::Path) {
    for (n, ((w, h), glyphs)) in pdf::glyphs(pdf).into_iter().enumerate() {
        for g in glyphs {
            assert!(
                g.x.0 >= 18.0 && g.x.1 <= w - 18.0 && g.y >= 18.0 && g.y <= h - 9.0,
                "{}: page {}: a glyph at x {:?}, y {} of a {w}×{h} page",
                pdf.display(),
                n + 1,
                g.x,
                g.y
            );
        }
    }
}

#[test]
fn long_texts_print_whole_in_order_and_inside_the_page() {
    let ws = Scratch::new("long-texts");
    ws.write("briefs.toml", WORKSPACE)
        .write("briefs/b.toml", &long_brief("brief", 2))
        .write("briefs/s.toml", &long_brief("statement", 2));
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    for (name, long, order) in [
        // The brief asks first, then gives its evidence; the statement gives it before asking.
        (
            "b",
            7,
            [
                "positionend",
                "ask1end",
                "ask2end",
                "claim1end",
                "detail1end",
                "claim3end",
                "detail3end",
            ],
        ),
        (
            "s",
            6,
            [
                "positionend",
                "claim1end",
                "detail1end",
                "claim3end",
                "detail3end",
                "ask1end",
                "ask2end",
            ],
        ),
    ] {
        let pdf = ws.path(&format!("out/{name}.pdf"));
        assert_inside_the_page(&pdf);
        let text = pdf::text(&pdf);
        let mut at = 0;
        for marker in order {
            let found = text[at..].find(marker);
            assert!(
                found.is_some(),
                "{name}: {marker} missing or out of order:\n{text}"
            );
            at += found.unwrap();
        }
        // Whole: every word of the texts was printed, the long ones in their pieces.
        // A text may run on past a page's footer.
        let mut joined: String = text.split_whitespace().collect();
        let pages = pdf::pages(&pdf);
        for n in 1..=pages {
            let footer =
                format!("CentreforExamplePolicy·Fundthehelpline7March2024·Page{n}of{pages}");
            joined = joined.replace(&footer, "");
        }
        // The position, its key message (not in a statement), three claims and two asks.
        assert_eq!(joined.matches(LONG_WORD).count(), long, "{name}");
        assert_eq!(joined.matches(LONG_URL).count(), long, "{name}");
        assert!(
            text.contains("Media relations"),
            "{name}: the contact is printed"
        );
    }
}

#[test]
fn long_words_and_addresses_break_inside_a_one_pager() {
    let ws = Scratch::new("long-words");
    let one_pager = format!(
        "title = \"Fund the helpline\"\nkind = \"one-pager\"\ndate = 2024-03-07\n\n\
         [position]\nstatement = \"The helpline {LONG_URL} needs {LONG_WORD} funding {}.\"\n\
         key-messages = [\"See {LONG_URL}\"]\n\n\
         [[evidence]]\nid = \"calls\"\nclaim = \"Calls doubled {LONG_URL} {LONG_WORD} [@s].\"\n\n\
         [[ask]]\nid = \"fund\"\nto = \"Parliament\"\naction = \"Fund {LONG_URL} {LONG_WORD}.\"\n\n\
         [[citation]]\nid = \"s\"\ntype = \"web\"\ntitle = \"Statistics\"\naccessed = 2024-03-01\nurl = \"{LONG_URL}\"\n",
        "x".repeat(120)
    );
    ws.write("briefs.toml", WORKSPACE)
        .write("briefs/o.toml", &one_pager);
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let pdf = ws.path("out/o.pdf");
    assert_eq!(pdf::pages(&pdf), 1);
    assert_inside_the_page(&pdf);
    let joined: String = pdf::text(&pdf).split_whitespace().collect();
    // The position, its key message, the claim, the ask and the source's entry.
    assert_eq!(joined.matches(LONG_URL).count(), 5);
    assert_eq!(joined.matches(LONG_WORD).count(), 3);
}
