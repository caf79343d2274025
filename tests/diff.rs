//! `brief signoff` and `brief diff`: what changed since a sign-off, by id, for people and as
//! JSON, and the Word redline whose Accept All is the new brief and Reject All the old one.

mod common;
use common::*;

use brief::edition::docx::zip;

/// The example workspace's brief and library, in a scratch folder.
fn workspace(name: &str) -> Scratch {
    let ws = Scratch::new(name);
    for file in [
        "briefs.toml",
        "citations.toml",
        "briefs/encryption-brief.toml",
    ] {
        let text = std::fs::read_to_string(repo().join(file)).unwrap();
        ws.write(file, &text);
    }
    ws
}

/// The edits of a review: a figure changed, the position reworded, a finding removed, an ask
/// added, a deadline moved, a source's title edited.
fn edit(ws: &Scratch) {
    let path = "briefs/encryption-brief.toml";
    let mut s = std::fs::read_to_string(ws.path(path)).unwrap();
    s = s.replacen("value = \"70%\"", "value = \"75%\"", 1);
    s = s.replacen("Parliament should \\", "Parliament must \\", 1);
    let start = s.find("[[evidence]]\nid = \"moral-duty\"").unwrap();
    let end = s[start..].find("[[ask]]").unwrap() + start;
    s.replace_range(start..end, "");
    s = s.replacen("\"undetected-70\", \"moral-duty\"", "\"undetected-70\"", 1);
    s = s.replacen("by = 2024-06-30", "by = 2024-09-30", 1);
    s.push_str("\n[[ask]]\nid = \"fund-hotline\"\nto = \"Minister of Public Safety\"\naction = \"Fund the national tip line for two more years.\"\nby = 2025-06-30\n");
    ws.write(path, &s);
    let library = std::fs::read_to_string(ws.path("citations.toml")).unwrap();
    ws.write(
        "citations.toml",
        &library.replacen(
            "submitted by Meta, 2020–2023\"",
            "submitted by Meta, 2020–2023 (revised)\"",
            1,
        ),
    );
}

/// The example brief signed off by A. Director on 2026-12-01, then the review's edits and an
/// ask taken out.
fn review(ws: &Scratch) {
    let (code, _, err) = brief(
        &ws.0,
        &[
            "signoff",
            "briefs/encryption-brief.toml",
            "--by",
            "A. Director",
            "--date",
            "2026-12-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    edit(ws);
    remove_ask(ws, "halt-rollout");
}

/// An ask taken out of the example brief.
fn remove_ask(ws: &Scratch, id: &str) {
    let path = "briefs/encryption-brief.toml";
    let text = std::fs::read_to_string(ws.path(path)).unwrap();
    let start = text.find(&format!("[[ask]]\nid = \"{id}\"")).unwrap();
    let end = text[start + 7..].find("[[ask]]").unwrap() + start + 7;
    ws.write(path, &format!("{}{}", &text[..start], &text[end..]));
}

#[test]
fn a_diff_since_sign_off_names_each_change_and_nothing_else() {
    let ws = workspace("diff-signoff");
    let brief_path = "briefs/encryption-brief.toml";
    let (code, _, err) = brief(
        &ws.0,
        &[
            "signoff",
            brief_path,
            "--by",
            "A. Director",
            "--note",
            "For the committee",
            "--date",
            "2026-12-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let file = ws.path("signoffs/encryption-brief/2026-12-01.toml");
    let kept = std::fs::read_to_string(&file).unwrap();
    assert!(kept.contains("by = \"A. Director\"") && kept.contains("note = \"For the committee\""));
    // Nothing changed yet.
    let (code, out, _) = brief(&ws.0, &["diff", brief_path]);
    assert_eq!(code, 0);
    assert!(out.contains("no changes"), "{out}");
    edit(&ws);
    let (code, out, err) = brief(&ws.0, &["diff", brief_path]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "since the sign-off by A. Director on 2026-12-01",
        "~ statement: …child sexual abuse and exploitation. Parliament [-should-]{+must+} require",
        "- finding moral-duty: removed",
        "~ finding undetected-70: changed\n      figure: \"70%\" → \"75%\"",
        "~ ask public-reporting: changed\n      by: \"30 June 2024\" → \"30 September 2024\"",
        "+ ask fund-hotline: added\n      Minister of Public Safety: Fund the national tip line for two more years., by 30 June 2025",
        "~ source ncmec-meta-reports: changed",
        "{+ (revised)+}",
        "7 changes",
    ] {
        assert!(out.contains(expected), "{expected:?} not in:\n{out}");
    }
    // Untouched items are not mentioned.
    assert!(
        !out.contains("reports-since-2020") && !out.contains("halt-rollout"),
        "{out}"
    );
    // As JSON, each change by id with its fields' old and new values.
    let (code, out, _) = brief(&ws.0, &["diff", brief_path, "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let changes = json["changes"].as_array().unwrap();
    let find = |part: &str, id: &str| {
        changes
            .iter()
            .find(|c| c["part"] == part && c["id"] == id)
            .unwrap_or_else(|| panic!("{part} {id} in {out}"))
    };
    assert_eq!(find("finding", "undetected-70")["fields"][0]["new"], "75%");
    assert_eq!(find("finding", "moral-duty")["change"], "removed");
    assert_eq!(find("ask", "fund-hotline")["change"], "added");
    assert_eq!(
        find("ask", "public-reporting")["fields"][0]["old"],
        "30 June 2024"
    );
    assert_eq!(
        find("source", "ncmec-meta-reports")["fields"][0]["field"],
        "title"
    );
    // check says the brief changed since its sign-off.
    let (code, _, err) = brief(&ws.0, &["check", brief_path]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("changed since its sign-off by A. Director on 2026-12-01 (7 changes)"),
        "{err}"
    );
    // A second sign-off that day is kept as well.
    let (code, _, err) = brief(
        &ws.0,
        &[
            "signoff",
            brief_path,
            "--by",
            "B. Counsel",
            "--date",
            "2026-12-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(ws
        .path("signoffs/encryption-brief/2026-12-01-2.toml")
        .exists());
    let (_, out, _) = brief(&ws.0, &["diff", brief_path]);
    assert!(
        out.contains("by B. Counsel") && out.contains("no changes"),
        "{out}"
    );
    // An earlier one by its day.
    let (_, out, _) = brief(&ws.0, &["diff", brief_path, "--since", "2026-12-01"]);
    assert!(out.contains("no changes"), "{out}");
}

#[test]
fn two_files_compare_and_a_broken_one_is_not_guessed() {
    let ws = workspace("diff-files");
    let old = ws.path("old.toml");
    std::fs::copy(ws.path("briefs/encryption-brief.toml"), &old).unwrap();
    let brief_path = "briefs/encryption-brief.toml";
    let (code, out, _) = brief(&ws.0, &["diff", old.to_str().unwrap(), brief_path]);
    assert_eq!(code, 0);
    assert!(out.contains("no changes"), "{out}");
    edit(&ws);
    let (code, out, _) = brief(&ws.0, &["diff", old.to_str().unwrap(), brief_path]);
    assert_eq!(code, 0);
    assert!(out.contains("- finding moral-duty: removed"), "{out}");
    // The old copy is read with today's library: the title is the same in both.
    assert!(!out.contains("(revised)"), "{out}");
    // A version with errors is reported as check reports it, and no diff is given.
    let text = std::fs::read_to_string(ws.path(brief_path)).unwrap();
    ws.write(
        brief_path,
        &text.replacen("[position]", "[position]\nnonsense = 1", 1),
    );
    let (code, out, err) = brief(&ws.0, &["diff", old.to_str().unwrap(), brief_path]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("unknown key \"nonsense\""), "{err}");
    assert!(
        err.contains("no diff: a version does not build") && out.is_empty(),
        "{out}"
    );
    // No sign-off yet: said, with how to make one.
    let (code, _, err) = brief(&ws.0, &["diff", "briefs/encryption-brief.toml"]);
    assert_eq!(code, 1, "{err}");
}

/// The text of a Word file's body with its tracked changes accepted, or rejected.
fn resolved(xml: &str, accept: bool) -> String {
    let (drop, keep) = if accept {
        ("del", "ins")
    } else {
        ("ins", "del")
    };
    let mut s = xml.to_string();
    // Rows and paragraphs whose mark is the dropped kind go whole.
    for container in ["w:tr", "w:p"] {
        let mut out = String::new();
        let mut rest = s.as_str();
        let open = format!("<{container}>");
        let close = format!("</{container}>");
        while let Some(at) = rest.find(&open) {
            out.push_str(&rest[..at]);
            let end = rest[at..]
                .find(&close)
                .map_or(rest.len(), |e| at + e + close.len());
            let element = &rest[at..end];
            let props = if container == "w:tr" {
                "<w:trPr>"
            } else {
                "<w:pPr>"
            };
            let marked = element
                .find(props)
                .map(|p| {
                    &element[p..element[p..]
                        .find("</w:")
                        .map_or(element.len(), |e| p + e + 8)]
                })
                .is_some_and(|props| props.contains(&format!("<w:{drop} ")));
            if !(marked && (container == "w:tr" || !element.contains("<w:tbl"))) {
                out.push_str(element);
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        s = out;
    }
    // Changes of the dropped kind go; the kept kind's text stays.
    let mut out = String::new();
    let mut rest = s.as_str();
    let open = format!("<w:{drop} ");
    let close = format!("</w:{drop}>");
    while let Some(at) = rest.find(&open) {
        out.push_str(&rest[..at]);
        let tag_end = at + rest[at..].find('>').unwrap();
        if rest[..=tag_end].ends_with("/>") {
            rest = &rest[tag_end + 1..];
            continue;
        }
        let end = rest[at..]
            .find(&close)
            .map_or(rest.len(), |e| at + e + close.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    let _ = keep;
    let text: String = out
        .replace("</w:p>", " ")
        .replace("<w:delText", "<w:t")
        .replace("</w:delText>", "</w:t>")
        .split("<w:t")
        .skip(1)
        .filter_map(|piece| {
            let start = piece.find('>')?;
            if piece[..start].ends_with('/') {
                return None;
            }
            let body = &piece[start + 1..];
            Some(body[..body.find("</w:t>").unwrap_or(0)].to_string())
        })
        .collect::<Vec<_>>()
        .join("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn document(docx: &std::path::Path) -> String {
    let bytes = std::fs::read(docx).unwrap();
    String::from_utf8(zip::read(&bytes, "word/document.xml", 64 << 20).unwrap()).unwrap()
}

#[test]
fn the_word_redline_accepts_to_the_new_brief_and_rejects_to_the_old() {
    let ws = workspace("diff-redline");
    let brief_path = "briefs/encryption-brief.toml";
    // The old brief's Word file, then the sign-off, the edits and the new one's.
    let (code, _, err) = brief(&ws.0, &["build", brief_path, "--to", "docx", "-o", "old"]);
    assert_eq!(code, 0, "{err}");
    review(&ws);
    let (code, _, err) = brief(&ws.0, &["build", brief_path, "--to", "docx", "-o", "new"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = brief(
        &ws.0,
        &["diff", brief_path, "--to", "docx", "-o", "redline.docx"],
    );
    assert_eq!(code, 0, "{err}");
    let redline = document(&ws.path("redline.docx"));
    assert!(redline.contains("w:author=\"A. Director\" w:date=\"2026-12-01T00:00:00Z\""));
    // The summary is a comment on the title: no part of what Accept All or Reject All leaves.
    let bytes = std::fs::read(ws.path("redline.docx")).unwrap();
    let comments =
        String::from_utf8(zip::read(&bytes, "word/comments.xml", 1 << 20).unwrap()).unwrap();
    for expected in [
        "Changes since the sign-off by A. Director on 1 December 2026",
        "Finding moral-duty removed",
        "Ask fund-hotline added",
    ] {
        assert!(
            comments.contains(expected),
            "{expected:?} not in {comments}"
        );
    }
    assert!(redline.contains("<w:commentReference w:id=\"0\"/>"));
    let plain = |p: &str| resolved(&document(&ws.path(p)), true);
    assert_eq!(resolved(&redline, true), plain("new/encryption-brief.docx"));
    // The old brief, but for the source's title, which a redline leaves to its reference list.
    let old = plain("old/encryption-brief.docx");
    assert_eq!(resolved(&redline, false).replace(" (revised)", ""), old);
}

#[test]
fn the_web_and_pdf_redlines_mark_the_words_and_show_both_figures() {
    let ws = workspace("diff-web");
    let brief_path = "briefs/encryption-brief.toml";
    review(&ws);
    for to in ["html", "pdf"] {
        let out = format!("redline.{to}");
        let (code, _, err) = brief(&ws.0, &["diff", brief_path, "--to", to, "-o", &out]);
        assert_eq!(code, 0, "{err}");
    }
    let page = std::fs::read_to_string(ws.path("redline.html")).unwrap();
    // Each mark is also told in words a screen reader reads and the eye does not see.
    let told = |tag: &str, word: &str, text: &str| {
        format!("<{tag}><span class=\"visually-hidden\">[{word}: </span>{text}<span class=\"visually-hidden\">]</span></{tag}>")
    };
    for expected in [
        format!("Parliament {} {} require", told("del", "deleted", "should"), told("ins", "inserted", "must")),
        told("ins", "inserted", "Fund the national tip line for two more years."),
        told("del", "deleted", "The cost of the change is moved from the company to children and to police."),
        // The summary before the brief, a line per change.
        "<h2 id=\"changes-heading\">Changes since the sign-off by A. Director on 1 December 2026</h2>".into(),
        "<li>Our position: changed</li>".into(),
        "<li>Finding moral-duty removed</li>".into(),
        "<li>Finding undetected-70 changed: figure 70% → 75%</li>".into(),
        "<li>Ask public-reporting changed: by 30 June 2024 → 30 September 2024</li>".into(),
        "<li>Ask fund-hotline added</li>".into(),
        "<li>Ask halt-rollout removed</li>".into(),
        "<li>Source ncmec-meta-reports changed: title</li>".into(),
    ] {
        assert!(page.contains(&expected), "{expected:?} not in the page");
    }
    let text = pdf_text(&ws.path("redline.pdf"));
    for expected in [
        "Changes since the sign-off by A. Director on 1 December 2026",
        "70% → 75%",
        "Parliament [deleted: should] [inserted: must] require",
        "[deleted: The cost of the change is moved",
        // A removed ask is put back where it stood, struck through, and a moved deadline shows
        // both days.
        "[deleted: Halt the rollout until",
        "By 30 June 2024 → 30 September 2024",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // The summary has a page of its own: the brief's first page follows as it is.
    let raw = common::pdf::raw_text(&ws.path("redline.pdf"));
    let first = raw.split('\u{c}').next().unwrap();
    assert!(
        first.contains("Ask halt-rollout removed") && !first.contains("encrypted"),
        "{first}"
    );
}
