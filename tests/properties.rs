//! Property tests over the loader, the markup parser and the checks: for any input they return
//! diagnostics with valid spans, each with a `help:` line, and never panic; any text without
//! markup prints literally. The seed and the number of cases are fixed, so CI runs the same
//! inputs every time; `BRIEF_PROPTEST_CASES` raises the count for a longer hunt by hand.

mod common;

use std::path::Path;

use brief::diagnostic::Diagnostic;
use brief::markup::{Markup, OffsetMap};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

/// The fixed seed: the same cases on every machine and every run.
const SEED: [u8; 32] = *b"brief: the same cases every run.";

fn runner(cases: u32) -> TestRunner {
    let cases = std::env::var("BRIEF_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &SEED))
}

/// A diagnostic is usable: its span lies in its file on character boundaries, it draws without
/// panicking, names a line and column, and says what to do.
fn usable(d: &Diagnostic) -> Result<(), TestCaseError> {
    if let (Some(file), Some(span)) = (&d.file, &d.span) {
        let text = &file.text;
        prop_assert!(
            span.start <= span.end && span.end <= text.len(),
            "{span:?} of {}",
            text.len()
        );
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        prop_assert!(d.position().is_some());
    }
    let drawn = d.render(false);
    prop_assert!(!drawn.is_empty());
    prop_assert!(
        !d.problem.hints().is_empty(),
        "no help line for {}",
        d.problem
    );
    prop_assert!(drawn.contains("help:"), "{drawn}");
    Ok(())
}

/// The example brief the edits start from, and its workspace.
fn example() -> (String, String, String) {
    let repo = common::repo();
    let read = |p: &str| std::fs::read_to_string(repo.join(p)).unwrap();
    (
        read("briefs/encryption-brief.toml"),
        read("briefs.toml"),
        read("citations.toml"),
    )
}

/// Load and check `text` as a brief in a workspace: every diagnostic must be usable.
fn load_and_check(dir: &Path, text: &str) -> Result<(), TestCaseError> {
    let path = dir.join("briefs/b.toml");
    std::fs::write(&path, text).unwrap();
    let ws = brief::load::workspace(dir);
    let loaded = brief::load::brief(&path);
    for d in ws.diagnostics.iter().chain(&loaded.diagnostics) {
        usable(d)?;
    }
    if let (Some(ws), Some(b)) = (ws.value, loaded.value) {
        for d in brief::check::brief(&b, &ws) {
            usable(&d)?;
        }
    }
    Ok(())
}

/// A piece of text that TOML and our format give meaning to, to insert anywhere.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("\"".to_string()),
        Just("\"\"\"".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("[[evidence]]\n".to_string()),
        Just("[[ask]]\nid = \"x\"\n".to_string()),
        Just("= ".to_string()),
        Just("date = 2024-02-30\n".to_string()),
        Just("by = 1999-01-01\n".to_string()),
        Just("[@".to_string()),
        Just("[@nobody]".to_string()),
        Just("](javascript:x)".to_string()),
        Just("\\u{0}".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{200b}é\u{301}𝕏".to_string()),
        Just("kind = \"one-pager\"\n".to_string()),
        Just("stat = { value = \"\", label = 3 }\n".to_string()),
        "[ -~]{0,12}",
        any::<String>(),
    ]
}

/// One edit of a brief's text: cut a range, insert a fragment, or repeat a line.
#[derive(Debug, Clone)]
enum Edit {
    Cut(usize, usize),
    Insert(usize, String),
    Repeat(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0usize..200).prop_map(|(at, len)| Edit::Cut(at, len)),
        (any::<usize>(), fragment()).prop_map(|(at, s)| Edit::Insert(at, s)),
        any::<usize>().prop_map(Edit::Repeat),
    ]
}

fn apply(text: &mut String, e: &Edit) {
    let boundary = |text: &str, at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match e {
        Edit::Cut(at, len) => {
            let from = boundary(text, *at);
            let to = boundary(text, (from + len).min(text.len()));
            text.replace_range(from..to.max(from), "");
        }
        Edit::Insert(at, s) => {
            let at = boundary(text, *at);
            text.insert_str(at, s);
        }
        Edit::Repeat(n) => {
            let lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let line = lines[n % lines.len()].to_string();
                let at = boundary(text, n.wrapping_mul(31));
                text.insert_str(at, &format!("\n{line}\n"));
            }
        }
    }
}

#[test]
fn any_edit_of_a_brief_gives_usable_diagnostics_and_no_panic() {
    let (brief, workspace, library) = example();
    let ws = common::Scratch::new("prop-edits");
    ws.write("briefs.toml", &workspace)
        .write("citations.toml", &library);
    runner(192)
        .run(&prop::collection::vec(edit(), 1..6), |edits| {
            let mut text = brief.clone();
            for e in &edits {
                apply(&mut text, e);
            }
            load_and_check(&ws.0, &text)
        })
        .unwrap();
}

#[test]
fn any_text_as_a_brief_gives_usable_diagnostics_and_no_panic() {
    let ws = common::Scratch::new("prop-any");
    ws.write("briefs.toml", "");
    let toml_ish = "(title|kind|date|id|claim|\\[\\[evidence\\]\\]|\\[position\\]|[a-z=\"'{}\\[\\]#\n .,0-9:-]){0,40}";
    let strategy = prop_oneof![any::<String>(), toml_ish.prop_map(|s| s)];
    runner(192)
        .run(&strategy, |text| load_and_check(&ws.0, &text))
        .unwrap();
}

#[test]
fn any_workspace_file_gives_usable_diagnostics_and_no_panic() {
    let (brief, workspace, library) = example();
    let ws = common::Scratch::new("prop-workspace");
    ws.write("citations.toml", &library)
        .write("briefs/b.toml", &brief);
    runner(128)
        .run(&prop::collection::vec(edit(), 1..5), |edits| {
            let mut text = workspace.clone();
            for e in &edits {
                apply(&mut text, e);
            }
            std::fs::write(ws.path("briefs.toml"), &text).unwrap();
            let loaded = brief::load::workspace(&ws.0);
            for d in &loaded.diagnostics {
                usable(d)?;
            }
            Ok(())
        })
        .unwrap();
}

/// Where a markup string sits in a file: at its start, written without escapes.
fn whole(text: &str) -> OffsetMap {
    OffsetMap {
        base: Some(0),
        whole: 0..text.len(),
    }
}

#[test]
fn text_without_markup_prints_literally() {
    // Anything but the markup's own marks (`*`, `[`), and no line that starts a list.
    let plain = "[A-Za-z][^*\\[\n\r]{0,80}";
    runner(512)
        .run(&plain, |text| {
            let m = Markup::parse(&text, &whole(&text));
            let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(words(&m.plain_text()), words(&text));
            prop_assert!(m.citations().is_empty() && m.links().is_empty());
            Ok(())
        })
        .unwrap();
}

#[test]
fn any_markup_parses_with_spans_inside_the_text() {
    let marked = prop_oneof![
        any::<String>(),
        "([*\\[\\]()@;,\n -]|\\*\\*|\\[@|https://|p\\. 4|[a-z]{1,5}|1\\. |- ){0,30}"
            .prop_map(|s| s),
    ];
    runner(512)
        .run(&marked, |text| {
            let m = Markup::parse(&text, &whole(&text));
            for c in m.citations() {
                prop_assert!(c.span.end <= text.len() && text.is_char_boundary(c.span.start));
            }
            for (_, span) in m.links() {
                prop_assert!(span.end <= text.len() && text.is_char_boundary(span.start));
            }
            // No text is invented: every printed character was written.
            let printed: String = m.plain_text().split_whitespace().collect();
            let written: String = text.split_whitespace().collect();
            prop_assert!(printed.chars().count() <= written.chars().count());
            Ok(())
        })
        .unwrap();
}

/// Any span of any text draws, on one line or many, with the line and column the file's index
/// gives: a long line is drawn cut around the span, and its column is still the file's.
#[test]
fn any_span_of_any_text_draws_at_its_true_line_and_column() {
    use brief::diagnostic::{Problem, SourceFile};
    let text = prop_oneof![
        any::<String>(),
        "([a-zé\"{},:\\[\\] ]{0,300}\n?){1,4}".prop_map(|s| s),
    ];
    runner(256)
        .run(&(text, any::<usize>(), 0usize..600), |(text, at, len)| {
            let file = SourceFile::new("lib.json".into(), text.clone());
            let mut start = if text.is_empty() { 0 } else { at % text.len() };
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let problem = Problem::BadId { id: "x".into() };
            let d = Diagnostic::at(problem, &file, start..end);
            usable(&d)?;
            let drawn = d.render(false);
            let (line, column) = file.line_col(start);
            if start < text.len() && !text[start..].starts_with(['\n', '\r']) {
                prop_assert!(
                    drawn.contains(&format!("lib.json:{line}:{column}")),
                    "{drawn}"
                );
            }
            // Drawn around the span, not the whole line: a few lines of bounded length.
            prop_assert!(drawn.len() < 4_000 + 6 * 400, "{} bytes", drawn.len());
            Ok(())
        })
        .unwrap();
}

/// A key made citable is citable, and a citable key is left as it is.
#[test]
fn any_key_made_citable_is_valid() {
    runner(512)
        .run(&any::<String>(), |key| {
            let made = brief::check::key_from(&key);
            prop_assert!(brief::check::valid_key(&made), "{key:?} -> {made:?}");
            if brief::check::valid_key(&key) {
                prop_assert_eq!(brief::check::key_from(&key), key);
            }
            Ok(())
        })
        .unwrap();
}

/// A label cut for a chart is the label's start, within its limit, with an ellipsis if cut.
#[test]
fn any_label_cut_keeps_its_start_within_the_limit() {
    runner(512)
        .run(&(any::<String>(), 1usize..60), |(label, limit)| {
            let cut = brief::limits::cut_label(&label, limit);
            prop_assert!(cut.chars().count() <= limit.max(1), "{cut:?}");
            match cut.strip_suffix('…') {
                Some(head) if cut != label => prop_assert!(label.starts_with(head)),
                _ => prop_assert_eq!(&cut, &label),
            }
            Ok(())
        })
        .unwrap();
}

/// Any bytes as an image, a font or a library: judged without a panic.
#[test]
fn any_bytes_as_an_image_font_or_library_are_judged_without_panic() {
    let png = prop::collection::vec(any::<u8>(), 0..300).prop_map(|mut tail| {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.append(&mut tail);
        png
    });
    let svg = "<svg( [a-z]{1,8}=\"-?[0-9]{1,7}%?\"){0,6}>(<filter( [a-z]{1,8}=\"-?[0-9]{1,7}%?\"){0,6}/>|<rect( [a-z]{1,6}=\"[0-9]{1,6}\"){0,4}/>){0,4}</svg>"
        .prop_map(|s| s.into_bytes());
    let ttc = prop::collection::vec(any::<u8>(), 0..64).prop_map(|mut tail| {
        let mut ttc = b"ttcf".to_vec();
        ttc.append(&mut tail);
        ttc
    });
    let bytes = prop_oneof![png, svg, ttc, prop::collection::vec(any::<u8>(), 0..200)];
    runner(512)
        .run(&bytes, |bytes| {
            let _ = brief::limits::image_within(&bytes);
            let _ = brief::fonts::unusable(&bytes, bytes.len() as u64);
            Ok(())
        })
        .unwrap();
    let bib = "(@(string|article|report)\\{[a-z]{0,4}, ?([a-z]{1,6} = (\\{[a-z #]{0,10}\\}|[a-z]{1,5}|\"[a-z]{0,5}\"), ?){0,4}\\}\n){0,6}";
    runner(256)
        .run(&bib.prop_map(|s| s), |text| {
            let file = brief::diagnostic::SourceFile::new("lib.bib".into(), text);
            let mut diags = Vec::new();
            let _ = brief::load::library::read(&file, "bib", &mut diags);
            for d in &diags {
                usable(d)?;
            }
            Ok(())
        })
        .unwrap();
}

/// Line and column from the file's index equal a count from the start, on any text (long
/// lines and many-byte characters across the index's blocks among them).
#[test]
fn any_offset_has_the_line_and_column_a_count_gives() {
    use brief::diagnostic::SourceFile;
    let text = prop_oneof![
        any::<String>(),
        "([aé€😀\n]{0,3000})".prop_map(|s| s),
        "(é{0,5000})".prop_map(|s| s),
    ];
    runner(256)
        .run(&(text, any::<usize>()), |(text, at)| {
            let file = SourceFile::new("f".into(), text.clone());
            let mut offset = if text.is_empty() {
                0
            } else {
                at % (text.len() + 1)
            };
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            prop_assert_eq!(file.line_col(offset), (line, column));
            Ok(())
        })
        .unwrap();
}
