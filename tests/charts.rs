//! Charts from a brief's own numbers (`tests/fixtures/charts`: a bar chart with a drafted text
//! alternative, a line chart of two series with the brief's own): drawn in every layout with
//! their values as text and their alternative text on the figure, in the HTML edition as an
//! SVG image with a data table; a chart that cannot be drawn stops the build at its line.

mod common;
use common::pdf::alts;
use common::*;

const DRAFTED: &str = "Bar chart of households waiting for supportive housing, 2020 to 2024: \
                       rose from 7,100 to 14,300 households.";
const GIVEN: &str = "Line chart: average shelter stays rose from 41 to 96 nights for families \
                     and from 22 to 38 for single adults between 2016 and 2024.";

#[test]
fn charts_are_drawn_in_every_layout_with_their_values_and_alternative_text() {
    for kind in ["brief", "one-pager", "statement"] {
        let ws = Scratch::copy_of("charts", &format!("charts-{kind}"));
        let path = ws.path("briefs/housing.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("kind = \"{kind}\"\n{text}")).unwrap();
        let (code, _, stderr) = brief(&ws.0, &["build", "--to", "pdf,html"]);
        assert_eq!(code, 0, "{kind}: {stderr}");

        let pdf = ws.path("out/housing.pdf");
        let printed = pdf_text(&pdf);
        for needle in [
            "Households waiting for supportive housing",
            "Average shelter stay, in nights",
            "7,100",
            "14,300",
            "2020",
            "2024",
            "Families",
            "Single adults",
            // The source reads in its line, not in parentheses.
            "Source: Ministry of Housing (2024)",
        ] {
            assert!(
                printed.contains(needle),
                "{kind}: no {needle:?} in\n{printed}"
            );
        }
        let figures = alts(&pdf, "Figure");
        assert!(figures.iter().any(|a| a == DRAFTED), "{kind}: {figures:?}");
        assert!(figures.iter().any(|a| a == GIVEN), "{kind}: {figures:?}");

        let html = std::fs::read_to_string(ws.path("out/housing.html")).unwrap();
        // Each chart drawn for a wide column and for a phone's.
        assert_eq!(html.matches("<svg").count(), 4, "{kind}");
        assert_eq!(
            html.matches("class=\"chart-svg narrow\"").count(),
            2,
            "{kind}"
        );
        assert!(
            html.contains(&format!("role=\"img\" aria-label=\"{DRAFTED}\"")),
            "{kind}"
        );
        assert_eq!(
            html.matches("<table>").count(),
            2,
            "{kind}: a data table per chart"
        );
        assert!(
            html.contains("<th scope=\"row\">2024</th><td>14,300</td>"),
            "{kind}"
        );
        assert!(
            html.contains("<th scope=\"col\">Single adults</th>"),
            "{kind}"
        );
        // A table of one series has its column header too.
        assert!(html.contains("<th scope=\"col\">households</th>"), "{kind}");
        assert!(!html.contains("Source: <span class=\"cite\">("), "{kind}");
    }
}

#[test]
fn a_chart_that_cannot_be_drawn_stops_the_build_at_its_line() {
    let ws = Scratch::copy_of("charts", "charts-broken");
    ws.write("out/housing.pdf", "an old PDF stays as it is");
    let path = ws.path("briefs/housing.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "values = [7100, 8650, 10200, 12480, 14300]",
            "values = [7100, 8650, 10200, 12480]",
        ),
    )
    .unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B057]: chart has 5 labels but 4 values"),
        "{stderr}"
    );
    assert!(stderr.contains("--> briefs/housing.toml:18:10"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(ws.path("out/housing.pdf")).unwrap(),
        "an old PDF stays as it is"
    );
}

#[test]
fn a_french_chart_writes_its_numbers_and_alternative_text_in_french() {
    let ws = Scratch::copy_of("charts", "charts-fr");
    let path = ws.path("briefs/housing.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("language = \"en-CA\"", "language = \"fr-CA\""),
    )
    .unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let pdf = ws.path("out/housing.pdf");
    // The narrow no-break space between groups reads back as a space.
    assert!(
        pdf_text(&pdf).contains("12 480 14 300"),
        "{}",
        pdf_text(&pdf)
    );
    let figures = alts(&pdf, "Figure");
    assert!(
        figures.iter().any(|a| {
            a
            == "Diagramme en barres\u{a0}: households waiting for supportive housing, de 2020 à 2024\u{a0}: \
                passe de 7100 à 14\u{202f}300 households."
        }),
        "{figures:?}"
    );
}
