//! Citations as brief formats them itself (hayagriva in-process, no Typst bibliography): every
//! character of a source prints as written, common styles by name list their sources, note styles
//! footnote each source on the page that cites it, every in-text citation links to its entry, and
//! a pack keeps each brief's own reference list.

mod common;
use common::pdf::{internal_links, raw_text};
use common::*;

const WORKSPACE: &str = r##"
[organisation]
name = "Centre for Example Policy"

[style]
citation-style = "STYLE"
"##;

/// A brief citing three sources: two by the same author in the same year (to be told apart), one
/// with a locator, and one of them twice.
fn brief_text(title: &str) -> String {
    format!(
        r#"title = "{title}"
date = 2024-03-07

[position]
statement = "Fund the helpline now [@calls2023]."
key-messages = ["Waiting times doubled [@wait2023, p. 12]."]

[[evidence]]
id = "calls"
claim = "Calls to the helpline doubled in a year [@calls2023; @survey2022]."

[[evidence]]
id = "night"
claim = "Nobody answers at night [@wait2023]."

[[ask]]
id = "fund"
to = "Parliament"
action = "Fund the helpline for five more years."

[[citation]]
id = "calls2023"
type = "report"
author = ["Statistics Office"]
title = "Helpline statistics 2023"
date = "2023-05"

[[citation]]
id = "wait2023"
type = "report"
author = ["Statistics Office"]
title = "Waiting for an answer"
date = "2023-09"

[[citation]]
id = "survey2022"
type = "article"
author = ["Lefèvre, Anne", "Okafor, Chidi"]
title = "Who calls a helpline, and why"
container = "Journal of Social Policy"
date = "2022"
volume = "51"
issue = "3"
pages = "401-420"
"#
    )
}

fn workspace(name: &str, style: &str) -> Scratch {
    let ws = Scratch::new(name);
    ws.write("briefs.toml", &WORKSPACE.replace("STYLE", style))
        .write("briefs/helpline.toml", &brief_text("Fund the helpline"));
    ws
}

#[test]
fn source_fields_print_exactly_as_written() {
    // Each of these has a meaning in YAML, hayagriva's string syntax, Typst or TeX.
    let hostile = r#"Budget $5bn {draft} #1: under_score, 100% of C:\temp"#;
    let ws = Scratch::new("literal-sources");
    ws.write("briefs.toml", &WORKSPACE.replace("STYLE", "apa"))
        .write(
            "briefs/literal.toml",
            &format!(
                r#"title = "Literal sources"
date = 2024-03-07

[position]
statement = "See the budget [@budget]."

[[evidence]]
id = "budget"
claim = "It is all in the budget [@budget]."

[[ask]]
id = "act"
to = "Parliament"
action = "Act now."

[[citation]]
id = "budget"
type = "report"
author = ['Fund #5 & {{Partners}} $ 50% _x_ \ltd']
title = '{hostile}'
publisher = 'Office of $ {{Budget}} #2 \ 100%'
date = "2023"
"#
            ),
        );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/literal.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("out/literal.pdf"));
    for needle in [
        hostile,
        r"Fund #5 & {Partners} $ 50% _x_ \ltd",
        r"Office of $ {Budget} #2 \ 100%",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} not printed as written:\n{text}"
        );
    }
}

#[test]
fn common_styles_by_name_list_every_source_and_link_each_citation_to_it() {
    let styles = [
        "apa",
        "chicago-author-date",
        "harvard-cite-them-right",
        "mla",
        "ieee",
        "vancouver",
        "nature",
        "american-medical-association",
        "chicago-notes",
    ];
    for style in styles {
        let ws = workspace(&format!("style-{style}"), style);
        let (code, _, stderr) = brief(&ws.0, &["build", "briefs/helpline.toml"]);
        assert_eq!(code, 0, "{style}: {stderr}");
        let pdf = ws.path("out/helpline.pdf");
        let text = pdf_text(&pdf);
        // Styles differ in the case of titles, not in their words.
        let lower = text.to_lowercase();
        for title in ["helpline statistics 2023", "waiting for an answer"] {
            assert!(lower.contains(title), "{style}: no {title:?} in\n{text}");
        }
        // Some styles change the case of an article title; every one names its journal, and
        // its authors (hayagriva lost those of `vancouver`: see cite::name_every_names).
        assert!(text.contains("Journal of Social Policy"), "{style}: {text}");
        let refs = &text[text
            .rfind("Journal of Social Policy")
            .unwrap()
            .saturating_sub(300)..];
        assert!(refs.contains("Okafor"), "{style}: no author in\n{refs}");
        assert!(
            !text.contains("[@") && !text.contains("calls2023"),
            "{style}: {text}"
        );
        // Each in-text citation's parts link into the reference list: to three distinct
        // entries, on the page the list is on.
        let links = internal_links(&pdf);
        let last = common::pdf::pages(&pdf);
        let mut targets: Vec<i32> = links
            .iter()
            .filter(|l| l.to_page == last)
            .map(|l| l.to_y.round() as i32)
            .collect();
        targets.sort();
        targets.dedup();
        // Pointed at their entries after layout (edition::pdf::links): none is left as the
        // address the layout gave it.
        let uris = common::pdf::links(&pdf);
        assert!(
            uris.iter().all(|u| !u.starts_with("brief-source:")),
            "{style}: {uris:?}"
        );
        if style.ends_with("notes") {
            // Footnote marks and notes link to each other too.
            assert!(targets.len() > 3, "{style}: links {links:?}");
        } else {
            assert_eq!(targets.len(), 3, "{style}: links {links:?}");
        }
    }
}

#[test]
fn a_style_without_a_reference_list_builds_with_citations_that_link_nowhere() {
    // `alphanumeric` defines citation labels and no bibliography: linking its citations to
    // entries that do not exist used to fail the build.
    let ws = workspace("no-list", "alphanumeric");
    let (code, _, stderr) = brief(
        &ws.0,
        &["build", "briefs/helpline.toml", "--to", "pdf,html"],
    );
    assert_eq!(code, 0, "{stderr}");
    let pdf = ws.path("out/helpline.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains("[Sta23a]"), "{text}");
    assert!(
        !text.contains("References"),
        "an empty list has no heading:\n{text}"
    );
    assert!(
        internal_links(&pdf).is_empty(),
        "{:?}",
        internal_links(&pdf)
    );
    let html = std::fs::read_to_string(ws.path("out/helpline.html")).unwrap();
    assert!(
        !html.contains("href=\"#ref-"),
        "no anchor to link to:\n{html}"
    );
}

#[test]
fn a_custom_template_that_cites_without_a_reference_list_is_told_where() {
    // A citation links to its entry once the pages are laid out: an entry the template never
    // shows fails the build as a link by label would, at the citation's link in the template.
    let ws = workspace("no-entries", "apa");
    ws.write(
        "templates/bare.typ",
        "#import \"/.brief/common.typ\": *\n#show: setup\n= #data.title\n#blocks(data.position.statement)\n",
    );
    let brief_toml = std::fs::read_to_string(ws.path("briefs/helpline.toml")).unwrap();
    ws.write(
        "briefs/helpline.toml",
        &format!("template = \"templates/bare.typ\"\n{brief_toml}"),
    );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/helpline.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("label `<ref-calls2023>` does not exist in the document"),
        "{stderr}"
    );
    assert!(stderr.contains("common.typ:"), "{stderr}");
    assert!(!ws.path("out/helpline.pdf").exists());
}

#[test]
fn author_date_styles_tell_one_authors_works_of_a_year_apart() {
    let ws = workspace("disambiguation", "apa");
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/helpline.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("out/helpline.pdf"));
    for needle in [
        "(Statistics Office, 2023a)",
        "(Statistics Office, 2023b, p. 12)",
        // A group is sorted as the style sorts its list.
        "(Lefèvre & Okafor, 2022; Statistics Office, 2023a)",
        "Journal of Social Policy, 51(3), 401",
    ] {
        assert!(text.contains(needle), "no {needle:?} in\n{text}");
    }
}

#[test]
fn year_letters_follow_the_reference_list_not_the_order_of_citing() {
    // "Waiting for an answer" sorts after "Helpline statistics" in the list, so it is 2023b
    // there and in every citation, though the brief cites it first.
    for style in ["apa", "chicago-author-date", "harvard-cite-them-right"] {
        let ws = Scratch::new(&format!("letters-{style}"));
        let text = brief_text("Letters")
            .replace(
                "statement = \"Fund the helpline now [@calls2023].\"",
                "statement = \"Nobody answers [@wait2023], though calls doubled [@calls2023].\"",
            )
            .replace(
                "key-messages = [\"Waiting times doubled [@wait2023, p. 12].\"]",
                "",
            );
        ws.write("briefs.toml", &WORKSPACE.replace("STYLE", style))
            .write("briefs/letters.toml", &text);
        let (code, _, stderr) = brief(&ws.0, &["build", "briefs/letters.toml"]);
        assert_eq!(code, 0, "{style}: {stderr}");
        let pdf = pdf_text(&ws.path("out/letters.pdf"));
        let flat = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
        let at = |needle: &str| {
            flat.find(needle)
                .unwrap_or_else(|| panic!("{style}: no {needle:?} in\n{flat}"))
        };
        // Cited first, lettered second.
        assert!(at("Nobody answers") < at("2023b"), "{style}: {flat}");
        assert!(at("2023b") < at("2023a"), "{style}: {flat}");
        // Some styles capitalise titles: compare in lower case.
        let list = flat[flat.rfind("References").unwrap()..].to_lowercase();
        let (a, b) = (list.find("2023a").unwrap(), list.find("2023b").unwrap());
        assert!(a < b, "{style}: {list}");
        assert!(
            list[a..b].contains("helpline statistics"),
            "{style}: {list}"
        );
        assert!(
            list[b..].contains("waiting for an answer"),
            "{style}: {list}"
        );
    }
}

#[test]
fn numeric_styles_number_sources_in_reading_order() {
    let ws = workspace("numeric", "ieee");
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/helpline.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("out/helpline.pdf"));
    // The position cites calls2023 first, the key message wait2023, the first finding adds
    // survey2022.
    assert!(text.contains("Fund the helpline now [1]"), "{text}");
    assert!(text.contains("Waiting times doubled [2, p. 12]"), "{text}");
    assert!(text.contains("[1], [3]"), "{text}");
    let refs = &text[text.rfind("References").unwrap()..];
    let order: Vec<usize> = ["Helpline statistics", "Waiting for an answer", "Who calls"]
        .iter()
        .map(|t| refs.find(t).unwrap_or_else(|| panic!("{t} in {refs}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{refs}");
}

#[test]
fn a_note_style_footnotes_each_source_on_the_page_that_cites_it() {
    let ws = Scratch::new("notes");
    let mut text = brief_text("Notes on every page");
    // A long background pushes its citation onto the second page.
    let filler = "The helpline answers calls from across the country every day. ".repeat(120);
    text = text.replacen(
        "[[evidence]]",
        &format!("context = \"\"\"{filler}\n\nOnly one survey asked callers [@survey2022, p. 410].\"\"\"\n\n[[evidence]]"),
        1,
    );
    // `context` belongs to [position]: put it before the first table after it.
    ws.write("briefs.toml", &WORKSPACE.replace("STYLE", "chicago-notes"))
        .write("briefs/notes.toml", &text);
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/notes.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let pdf = ws.path("out/notes.pdf");
    let pages: Vec<String> = raw_text(&pdf)
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(pages.len() >= 2, "{pages:?}");
    // The first page's notes name the reports the position and findings cite.
    assert!(
        pages[0].contains("Statistics Office, Helpline Statistics 2023"),
        "page 1: {}",
        pages[0]
    );
    let last_cite = pages
        .iter()
        .rposition(|p| p.contains("Only one survey asked callers"))
        .unwrap();
    assert!(last_cite >= 1, "the background's citation moved to page 2");
    assert!(
        pages[last_cite].contains("410"),
        "the note with its locator is on the page that cites it: {}",
        pages[last_cite]
    );
}

#[test]
fn a_pack_keeps_each_briefs_own_reference_list() {
    let ws = Scratch::new("pack-refs");
    ws.write("briefs.toml", &WORKSPACE.replace("STYLE", "ieee"))
        .write(
            "briefs/a.toml",
            r#"title = "First brief"
date = 2024-03-07
[position]
statement = "Alpha matters [@alpha]."
[[evidence]]
id = "alpha"
claim = "Alpha doubled [@alpha]."
[[ask]]
id = "act"
to = "Parliament"
action = "Act now."
[[citation]]
id = "alpha"
type = "report"
author = ["Alpha Office"]
title = "The alpha report"
date = "2023"
"#,
        )
        .write(
            "briefs/b.toml",
            r#"title = "Second brief"
date = 2024-03-08
[position]
statement = "Beta matters [@beta]."
[[evidence]]
id = "beta"
claim = "Beta halved [@beta]."
[[ask]]
id = "act"
to = "Parliament"
action = "Act now."
[[citation]]
id = "beta"
type = "report"
author = ["Beta Office"]
title = "The beta report"
date = "2022"
"#,
        );
    let (code, _, stderr) = brief(&ws.0, &["pack", "briefs", "-o", "pack.pdf"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("pack.pdf"));
    let second = text.find("Beta matters").unwrap();
    let (first_part, second_part) = text.split_at(second);
    assert!(
        first_part.contains("The alpha report") && !first_part.contains("The beta report"),
        "{first_part}"
    );
    assert!(
        second_part.contains("The beta report") && !second_part.contains("The alpha report"),
        "{second_part}"
    );
    // Each brief numbers its own sources from 1.
    assert!(first_part.contains("Alpha matters [1]"), "{first_part}");
    assert!(second_part.contains("Beta matters [1]"), "{second_part}");
}

/// A house style of the workspace's own: author and year in text, a short list.
const HOUSE_CSL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>House style</title>
    <id>house</id>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
  <citation>
    <layout prefix="&lt;" suffix="&gt;" delimiter="; ">
      <names variable="author"><name form="short"/></names>
      <date variable="issued" prefix=" "><date-part name="year"/></date>
    </layout>
  </citation>
  <bibliography>
    <sort><key variable="title"/></sort>
    <layout>
      <text variable="title" text-case="uppercase"/>
      <names variable="author" prefix=" / "><name/></names>
    </layout>
  </bibliography>
</style>
"#;

#[test]
fn a_workspace_csl_file_formats_citations_and_references() {
    let ws = workspace("house-style", "assets/house.csl");
    ws.write("assets/house.csl", HOUSE_CSL);
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/helpline.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("out/helpline.pdf"));
    assert!(
        text.contains("Fund the helpline now <Statistics Office 2023>"),
        "{text}"
    );
    assert!(
        text.contains("HELPLINE STATISTICS 2023 / Statistics Office"),
        "{text}"
    );
    // Its own sort: by title.
    let (help, wait) = (
        text.find("HELPLINE").unwrap(),
        text.find("WAITING").unwrap(),
    );
    assert!(help < wait, "{text}");
}

#[test]
fn a_year_only_date_prints_without_a_stray_comma() {
    let ws = Scratch::new("year-only");
    ws.write("briefs.toml", &WORKSPACE.replace("STYLE", "apa"))
        .write(
            "briefs/y.toml",
            r#"title = "Year only"
date = 2024-03-07
[position]
statement = "See [@web; @news]."
[[evidence]]
id = "a"
claim = "A [@web]."
[[ask]]
id = "b"
to = "Parliament"
action = "Act."
[[citation]]
id = "web"
type = "web"
author = ["Some Org"]
title = "A web page"
date = "2023"
url = "https://policy.test/page"
accessed = 2024-01-05
[[citation]]
id = "news"
type = "news"
author = ["Doe, Jane"]
title = "A news story"
container = "The Daily"
date = "2022"
"#,
        );
    let (code, _, stderr) = brief(&ws.0, &["build", "briefs/y.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&ws.path("out/y.pdf"));
    assert!(text.contains("Doe, J. (2022). A news story."), "{text}");
    assert!(text.contains("Some Org. (2023). A web page."), "{text}");
    assert!(!text.contains(",)"), "{text}");
}
