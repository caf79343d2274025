//! The daily workflow end to end in a temporary folder: init → new → check → build, the JSON
//! Schema against every example brief, completions and help.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brief-flow-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn init_new_check_build() {
    let dir = scratch("init");
    let (code, _, stderr) = brief(&dir, &["init", "team"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("next: cd team && brief build"), "{stderr}");
    let ws = dir.join("team");
    for f in [
        "briefs.toml",
        "citations.toml",
        "briefs/first-brief.toml",
        "assets/README.txt",
    ] {
        assert!(ws.join(f).is_file(), "{f} missing");
    }
    let (code, _, stderr) = brief(&ws, &["init"]);
    assert_eq!(code, 2, "init twice must refuse: {stderr}");
    assert!(
        stderr.contains("error[B094]: briefs.toml already exists"),
        "{stderr}"
    );

    for (name, kind) in [
        ("housing", "brief"),
        ("note", "one-pager"),
        ("reaction", "statement"),
    ] {
        let (code, _, stderr) = brief(&ws.join("briefs"), &["new", name, "--kind", kind]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains(&format!("created briefs/{name}.toml"))
                || stderr.contains(&format!("{name}.toml")),
            "{stderr}"
        );
        let text = std::fs::read_to_string(ws.join(format!("briefs/{name}.toml"))).unwrap();
        assert!(text.contains(&format!("kind = \"{kind}\"")), "{text}");
    }
    let (code, _, stderr) = brief(&ws, &["new", "housing"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = brief(&ws, &["new", "../escape"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("error[B095]"), "{stderr}");

    // An editor's first remarks on a fresh workspace: the placeholders, each at its line.
    let (code, _, stderr) = brief(&ws, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    for expected in [
        "warning[B113]: the organisation's name is still the placeholder \"Your organisation\"\n --> briefs.toml:4:9",
        "warning[B113]: the title is still the placeholder \"State what you want in one line\", as are 12 other texts of the starter: the subtitle (line 8)",
        " --> briefs/housing.toml:7:10",
        "checked 4 briefs: no errors, 7 warnings",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }
    // A final brief with placeholders is refused, and not built.
    let note = ws.join("briefs/note.toml");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replace("status = \"draft\"", "status = \"final\""),
    )
    .unwrap();
    let (code, _, stderr) = brief(&ws, &["check", "briefs/note.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B113]: the organisation's name is still the placeholder \"Your organisation\", and briefs/note.toml is final"),
        "{stderr}"
    );
    let (code, _, stderr) = brief(&ws, &["build", "briefs/note.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!ws.join("out/note.pdf").exists());
    std::fs::write(&note, text).unwrap();
    let (code, _, stderr) = brief(&ws, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    for name in ["first-brief", "housing", "note", "reaction"] {
        let pdf = ws.join(format!("out/{name}.pdf"));
        assert!(pages(&pdf) >= 1, "{name}.pdf");
    }
    assert_eq!(pages(&ws.join("out/note.pdf")), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completions_and_help_with_examples() {
    let dir = scratch("help");
    for shell in ["bash", "zsh", "fish"] {
        let (code, out, _) = brief(&dir, &["completions", shell]);
        assert_eq!(code, 0);
        assert!(
            out.contains("build") && out.contains("check") && out.contains("cite"),
            "{shell}: {out}"
        );
    }
    for cmd in [
        "check",
        "build",
        "cite",
        "init",
        "new",
        "schema",
        "completions",
    ] {
        let (code, out, _) = brief(&dir, &[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}");
        assert!(out.contains("brief"), "{cmd} --help: {out}");
    }
    let (_, out, _) = brief(&dir, &["build", "--help"]);
    assert!(
        out.contains("Examples:") && out.contains("brief build briefs/"),
        "{out}"
    );
    let (code, _, _) = brief(&dir, &["frobnicate"]);
    assert_eq!(code, 2, "usage errors exit 2");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn watch_rebuilds_after_an_edit_and_keeps_the_last_good_pdf() {
    let dir = scratch("watch");
    assert_eq!(brief(&dir, &["init", "ws"]).0, 0);
    let ws = dir.join("ws");
    // Killed when dropped, even when an assertion fails first.
    let watch = Watch::start(&ws, &["--to", "pdf,html"]);
    watch.wait_for("watching 1 brief");
    let path = ws.join("briefs/first-brief.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let pdf = ws.join("out/first-brief.pdf");
    let html = ws.join("out/first-brief.html");
    let before = std::fs::read(&pdf).unwrap();
    let page_before = std::fs::read(&html).unwrap();
    // A broken edit reports and keeps both editions.
    std::fs::write(
        &path,
        text.replacen(
            "title = \"State what you want in one line\"",
            "title = 5",
            1,
        ),
    )
    .unwrap();
    watch.wait_for("has errors; the last good output is kept");
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    assert_eq!(std::fs::read(&html).unwrap(), page_before);
    // A good edit rebuilds both: the page first, the PDF after it.
    std::fs::write(
        &path,
        text.replacen("State what you want in one line", "Watched title", 1),
    )
    .unwrap();
    watch.wait_for("rebuilt out/first-brief.html");
    watch.wait_for("rebuilt out/first-brief.pdf");
    assert!(pdf_text(&pdf).contains("Watched title"));
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .contains("<h1>Watched title</h1>"));
    // So does an edit of the workspace file.
    let config = std::fs::read_to_string(ws.join("briefs.toml")).unwrap();
    std::fs::write(
        ws.join("briefs.toml"),
        config.replace("Your organisation", "Watched organisation"),
    )
    .unwrap();
    watch.wait_for("rebuilt out/first-brief.pdf");
    drop(watch);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn watch_rebuilds_a_translation_when_its_source_is_broken_then_fixed() {
    let dir = scratch("watch-translation");
    assert_eq!(brief(&dir, &["init", "ws"]).0, 0);
    let ws = dir.join("ws");
    let source = ws.join("briefs/first-brief.toml");
    let text = std::fs::read_to_string(&source).unwrap();
    let (code, _, stderr) = brief(&ws, &["translate", "briefs/first-brief.toml", "--to", "fr"]);
    assert_eq!(code, 0, "{stderr}");
    // Every text "translated" by the source's own, which check accepts.
    let skeleton = std::fs::read_to_string(ws.join("briefs/first-brief.fr.toml")).unwrap();
    let mut filled = String::new();
    let mut last_comment = String::new();
    for line in skeleton.lines() {
        if let Some(c) = line.trim_start().strip_prefix("# ") {
            last_comment = c.replace('"', "'");
        }
        let line = line.replace("= \"\"", &format!("= \"{last_comment}\""));
        let line = if line.trim() == "\"\"," {
            format!("  \"{last_comment}\",")
        } else {
            line
        };
        filled.push_str(&line);
        filled.push('\n');
    }
    std::fs::write(ws.join("briefs/first-brief.fr.toml"), filled).unwrap();
    let watch = Watch::start(&ws, &["briefs/first-brief.fr.toml"]);
    watch.wait_for("watching 1 brief");
    let date = text
        .lines()
        .find(|l| l.starts_with("date = "))
        .unwrap()
        .to_string();
    std::fs::write(&source, text.replacen(&date, "date = 2024-02-30", 1)).unwrap();
    watch.wait_for("has errors; the last good output is kept");
    // Fixed: the translation follows its source again.
    std::fs::write(&source, text.replacen(&date, "date = 2026-01-15", 1)).unwrap();
    watch.wait_for("rebuilt out/first-brief.fr.pdf");
    assert!(pdf_text(&ws.join("out/first-brief.fr.pdf")).contains("15 janvier 2026"));
    drop(watch);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pack_puts_cover_contents_and_each_brief_in_one_pdf() {
    let dir = scratch("pack");
    assert_eq!(brief(&dir, &["init", "ws"]).0, 0);
    let ws = dir.join("ws");
    assert_eq!(
        brief(&ws, &["new", "statement", "--kind", "statement"]).0,
        0
    );
    assert_eq!(brief(&ws, &["new", "note", "--kind", "one-pager"]).0, 0);
    // Each brief on its own, for the page counts.
    let (code, _, stderr) = brief(&ws, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let order = ["statement", "first-brief", "note"];
    let own: usize = order
        .iter()
        .map(|n| pages(&ws.join(format!("out/{n}.pdf"))))
        .sum();
    let pack_args = [
        "pack",
        "briefs/statement.toml",
        "briefs/first-brief.toml",
        "briefs/note.toml",
        "-o",
        "out/pack.pdf",
        "--title",
        "Hearing of 4 March",
        "--date",
        "2025-03-04",
        "--audience",
        "Standing Committee on Finance",
    ];
    let (code, _, stderr) = brief(&ws, &pack_args);
    assert_eq!(code, 0, "{stderr}");
    let pack = ws.join("out/pack.pdf");
    assert_eq!(
        pages(&pack),
        2 + own,
        "cover + contents + the briefs' pages"
    );
    let text = pdf_text(&pack);
    for needle in [
        "BRIEFING PACK",
        "Hearing of 4 March",
        "4 March 2025",
        "For: Standing Committee on Finance",
        "Contents",
        "State what you want in one line",
    ] {
        assert!(text.contains(needle), "pack lacks {needle:?}:\n{text}");
    }
    // Each title in the contents and on its brief (and in running footers).
    assert!(
        text.matches("State what you want in one line").count() >= 6,
        "{text}"
    );
    // Bookmarks: the pack, then one per brief with its sections beneath.
    let outline = pdf::outline(&pack);
    let count = |title: &str| outline.iter().filter(|t| *t == title).count();
    assert_eq!(count("Hearing of 4 March"), 1, "{outline:?}");
    assert_eq!(count("State what you want in one line"), 3, "{outline:?}");
    assert!(count("What we ask") >= 1, "{outline:?}");
    // Reproducible like a single brief.
    let first = std::fs::read(&pack).unwrap();
    let again = brief(&ws, &pack_args);
    assert_eq!(again.0, 0);
    assert!(
        std::fs::read(&pack).unwrap() == first,
        "two packs of the same briefs differ"
    );
    // A broken brief stops the pack and writes nothing.
    std::fs::write(ws.join("briefs/broken.toml"), "title = 1\n").unwrap();
    let (code, _, stderr) = brief(
        &ws,
        &[
            "pack",
            "briefs/broken.toml",
            "briefs/note.toml",
            "-o",
            "out/other.pdf",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("no pack written: 1 brief failed"),
        "{stderr}"
    );
    assert!(!ws.join("out/other.pdf").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn new_with_an_unknown_kind_lists_the_kinds() {
    let dir = scratch("new-kind");
    assert_eq!(brief(&dir, &["init", "ws"]).0, 0);
    let (code, _, stderr) = brief(&dir.join("ws"), &["new", "x", "--kind", "memo"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("[possible values: brief, one-pager, statement]"),
        "{stderr}"
    );
    assert!(!dir.join("ws/briefs/x.toml").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `brief watch` in a workspace, its stderr read line by line.
struct Watch {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Watch {
    fn start(dir: &Path, args: &[&str]) -> Watch {
        use std::io::{BufRead, BufReader};
        let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch { child, lines }
    }

    /// Wait for a line holding `needle`; everything seen until then.
    fn wait_for(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut seen = String::new();
        while std::time::Instant::now() < deadline {
            if let Ok(line) = self
                .lines
                .recv_timeout(std::time::Duration::from_millis(200))
            {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(needle) {
                    return seen;
                }
            }
        }
        panic!("no {needle:?} from watch; saw:\n{seen}");
    }

    /// Lines printed within `wait`, without blocking longer.
    fn quiet_for(&self, wait: std::time::Duration) -> String {
        let deadline = std::time::Instant::now() + wait;
        let mut seen = String::new();
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            if let Ok(line) = self.lines.recv_timeout(left) {
                seen.push_str(&line);
                seen.push('\n');
            }
        }
        seen
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_rebuilds_when_a_file_the_template_imports_changes() {
    let dir = scratch("watch-imports");
    assert_eq!(brief(&dir, &["init", "ws"]).0, 0);
    let ws = dir.join("ws");
    // A house template kept outside templates/ and assets/, importing a second file.
    std::fs::create_dir_all(ws.join("design/parts")).unwrap();
    std::fs::write(
        ws.join("design/house.typ"),
        "#import \"/.brief/common.typ\": *\n#import \"parts/motto.typ\": motto\n#show: setup\n= #data.title\n#motto\n#references()\n",
    )
    .unwrap();
    std::fs::write(
        ws.join("design/parts/motto.typ"),
        "#let motto = [First motto]\n",
    )
    .unwrap();
    let path = ws.join("briefs/first-brief.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "\n[position]",
            "template = \"design/house.typ\"\n\n[position]",
            1,
        ),
    )
    .unwrap();
    let watch = Watch::start(&ws, &[]);
    watch.wait_for("watching 1 brief");
    let pdf = ws.join("out/first-brief.pdf");
    assert!(pdf_text(&pdf).contains("First motto"));
    // Only the imported file changes.
    std::fs::write(
        ws.join("design/parts/motto.typ"),
        "#let motto = [Second motto]\n",
    )
    .unwrap();
    watch.wait_for("rebuilt out/first-brief.pdf");
    assert!(
        pdf_text(&pdf).contains("Second motto"),
        "{}",
        pdf_text(&pdf)
    );
    // A file nothing read changes nothing (once the rebuilds of the last save have settled).
    watch.quiet_for(std::time::Duration::from_millis(500));
    std::fs::write(ws.join("design/unused.typ"), "#let x = 1\n").unwrap();
    let seen = watch.quiet_for(std::time::Duration::from_millis(600));
    assert!(!seen.contains("rebuilt"), "{seen}");
    drop(watch);
    let _ = std::fs::remove_dir_all(&dir);
}
