//! The HTML edition end to end: every layout writes one self-contained page whose structure a
//! screen reader relies on (language, one `h1`, landmarks, every in-page link with its target),
//! that prints every phrase the PDF prints, and in which nothing a brief holds becomes markup.
//! (axe-core in a real browser runs in `.ci/run`, through `../shared/tools/html-audit`.)

mod common;
use common::*;

/// The hostile workspace of `tests/fixtures/html` (also audited with axe-core in `.ci/run`): an
/// organisation named with `<` and `&`, one brief per layout whose text is full of what looks
/// like HTML, Jinja and Typst.
fn fixture(file: &str) -> String {
    std::fs::read_to_string(fixtures().join("html").join(file)).unwrap()
}

/// The fixture brief of a kind, with the given status.
fn hostile_brief(kind: &str, status: &str) -> String {
    let text = fixture(&format!("briefs/{kind}.toml"));
    let old = text.lines().find(|l| l.starts_with("status =")).unwrap();
    text.replace(old, &format!("status = \"{status}\""))
}

/// The text of a page: tags dropped, entities decoded, whitespace runs made single spaces.
fn page_text(html: &str) -> String {
    let body = &html[html.find("<body").unwrap_or(0)..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every `id="..."` and every in-page `href="#..."` of a page.
fn ids_and_anchors(html: &str) -> (Vec<String>, Vec<String>) {
    let grab = |prefix: &str| -> Vec<String> {
        html.match_indices(prefix)
            .map(|(i, _)| {
                let rest = &html[i + prefix.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    };
    (grab(" id=\""), grab("href=\"#"))
}

#[test]
fn every_layout_writes_a_self_contained_accessible_page_beside_its_pdf() {
    for (kind, status) in [
        ("brief", "draft"),
        ("one-pager", "final"),
        ("statement", "final"),
    ] {
        let ws = Scratch::new(&format!("html-{kind}"));
        ws.write("briefs.toml", &fixture("briefs.toml"))
            .write("briefs/hostile.toml", &hostile_brief(kind, status));
        let (code, _, stderr) = brief(&ws.0, &["build", "--to", "pdf,html"]);
        assert_eq!(code, 0, "{kind}: {stderr}");
        assert!(stderr.contains("built out/hostile.html"), "{stderr}");
        let html = std::fs::read_to_string(ws.path("out/hostile.html")).unwrap();

        assert!(html.starts_with("<!doctype html>"), "{kind}");
        assert!(html.contains("<html lang=\"en-CA\">"), "{kind}");
        assert_eq!(html.matches("<h1").count(), 1, "{kind}: one h1");
        assert_eq!(html.matches("<main").count(), 1, "{kind}: one main");
        assert!(
            html.contains("<header") && html.contains("<footer"),
            "{kind}"
        );
        // Nothing the brief holds became markup: no script, no image, no bold.
        for forbidden in [
            "<script",
            "<img src=x",
            "<b>helpline",
            "<i>list",
            "<em>every",
        ] {
            assert!(!html.contains(forbidden), "{kind}: {forbidden} in\n{html}");
        }
        let text = page_text(&html);
        for literal in [
            "Fund the <b>helpline</b> & {{ now }}",
            "#set page(width: 1cm) and $x^2$ {% if true %}",
            "Calls <script>alert(1)</script> doubled",
            "Helpline statistics <2023> & more",
            "Centre for <Example> & Policy",
        ] {
            assert!(
                text.contains(literal),
                "{kind}: {literal:?} not shown as written:\n{text}"
            );
        }
        // Self-contained: nothing loaded from elsewhere (links to read are fine).
        for outside in ["src=\"http", "<link", "@import", "<script"] {
            assert!(!html.contains(outside), "{kind}: {outside}");
        }
        // The only `url(` is a typeface of the page itself, inlined.
        assert!(
            html.matches("url(").count() == html.matches("url(data:font/otf;base64,").count(),
            "{kind}: a url( that is not an inlined typeface"
        );
        assert!(html.contains("font-family: \"Libertinus Serif\""), "{kind}");
        // Every in-page link has its target, and ids are unique.
        let (ids, anchors) = ids_and_anchors(&html);
        for a in &anchors {
            assert!(ids.contains(a), "{kind}: #{a} has no target");
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{kind}: duplicate ids {ids:?}");
        // The citation links to its entry.
        assert!(html.contains("href=\"#ref-stats2023\""), "{kind}");
        // The PDF edition, linked.
        assert!(html.contains("href=\"hostile.pdf\""), "{kind}");
        // Sharing and search.
        assert!(
            html.contains("<meta name=\"description\" content=\"Calls &lt;script&gt;"),
            "{kind}"
        );
        assert!(html.contains("<meta property=\"og:title\""), "{kind}");
        assert_eq!(
            html.contains("class=\"draft-banner\""),
            status == "draft",
            "{kind}"
        );

        // Every phrase the PDF prints is on the page (its running footer aside).
        let pdf = pdf_text(&ws.path("out/hostile.pdf"));
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_lowercase)
                .collect()
        };
        let on_page = words(&text);
        for w in words(&pdf) {
            if ["page", "draft"].contains(&w.as_str()) {
                continue;
            }
            assert!(
                on_page.contains(&w),
                "{kind}: the PDF's {w:?} is not on the page:\n{text}"
            );
        }
    }
}

#[test]
fn the_workspace_chooses_the_editions_and_a_page_never_replaces_a_file_of_its_own() {
    let ws = Scratch::new("html-formats");
    ws.write(
        "briefs.toml",
        &format!(
            "{}\n[output]\nformats = [\"html\"]\n",
            fixture("briefs.toml")
        ),
    )
    .write("briefs/a.toml", &hostile_brief("brief", "final"));
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(ws.path("out/a.html").is_file() && !ws.path("out/a.pdf").exists());
    // Without the PDF beside it, the page does not link one.
    let html = std::fs::read_to_string(ws.path("out/a.html")).unwrap();
    assert!(!html.contains("a.pdf"));
    // A rebuild replaces the page it wrote, never a page someone else wrote.
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(ws.path("out/a.html"), "<html>my own page</html>").unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "pdf,html"]);
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("error[B098]"), "{stderr}");
    assert!(
        !ws.path("out/a.pdf").exists(),
        "a failed build writes nothing"
    );

    ws.write(
        "briefs.toml",
        &format!(
            "{}\n[output]\nformats = [\"pdf\", \"word\"]\n",
            fixture("briefs.toml")
        ),
    );
    let (code, _, stderr) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("\"word\""), "{stderr}");
    assert!(stderr.contains("briefs.toml:"), "{stderr}");
}

#[test]
fn a_workspace_web_template_replaces_the_layout_and_its_errors_point_into_it() {
    let ws = Scratch::new("html-own");
    ws.write("briefs.toml", &fixture("briefs.toml"))
        .write("briefs/a.toml", &hostile_brief("brief", "final"))
        .write(
            "assets/web/brief.html",
            "{% extends \"base.html\" %}\n{% block main %}<h1>{{ data.title }}</h1><p>{{ data.asks[0].action | flat }}</p>{% endblock %}\n",
        );
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "html"]);
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(ws.path("out/a.html")).unwrap();
    assert!(
        html.contains("<p>Fund the helpline for five more years.</p>"),
        "{html}"
    );
    assert!(
        html.contains("<h1>Fund the &lt;b&gt;helpline&lt;"),
        "{html}"
    );

    ws.write(
        "assets/web/brief.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ data.title | no_such_filter }}\n{% endblock %}\n",
    );
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "html"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[B102]"), "{stderr}");
    assert!(stderr.contains("assets/web/brief.html:3"), "{stderr}");
}
