//! The workspace is a sandbox and no input is ever lost: hostile workspaces, one change each.
//! Paths out of the workspace (`..`, absolute, symbolic links) are refused for libraries, fonts,
//! output folders and briefs; devices and pipes are never read; an output never replaces a
//! source; links in contact blocks are web pages or addresses only.

mod common;
use common::*;

use std::process::Command;
use std::time::{Duration, Instant};

/// A workspace with one brief and its library, and a second folder outside it.
fn workspace(name: &str) -> (Scratch, Scratch) {
    let ws = Scratch::new(name);
    ws.write("briefs.toml", "[organisation]\nname = \"Example\"\n")
        .write("citations.toml", LIBRARY)
        .write("briefs/a.toml", BRIEF);
    let outside = Scratch::new(&format!("{name}-outside"));
    outside.write(
        "secret.toml",
        &LIBRARY.replace("Helpline statistics 2023", "SECRET TITLE"),
    );
    (ws, outside)
}

/// `brief ARGS` that must finish within `limit`.
fn brief_within(dir: &std::path::Path, args: &[&str], limit: Duration) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            return (status.code().unwrap_or(-1), text);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("brief {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn library_paths_out_of_the_workspace_are_refused() {
    let (ws, outside) = workspace("lib-escape");
    let secret = outside.path("secret.toml");
    std::os::unix::fs::symlink(&secret, ws.path("linked.toml")).unwrap();
    for library in [
        format!(
            "\"../{}/secret.toml\"",
            outside.0.file_name().unwrap().to_string_lossy()
        ),
        format!("{:?}", secret.display().to_string()),
        "\"linked.toml\"".to_string(),
    ] {
        ws.write(
            "briefs.toml",
            &format!("[citations]\nlibrary = [\"citations.toml\", {library}]\n"),
        );
        // The library outside is left out, not the workspace: the list is the library inside,
        // and the command fails, naming the library it did not read.
        let (code, stdout, stderr) = brief(&ws.0, &["cite", "list"]);
        assert_eq!(code, 1, "{library}: {stderr}");
        assert!(
            stderr.contains("error[B023]: library"),
            "{library}: {stderr}"
        );
        assert!(
            !stdout.contains("SECRET"),
            "{library}: read outside: {stdout}"
        );
        assert!(
            stdout.contains("stats2023") && stdout.contains("Helpline statistics 2023"),
            "{library}: the library inside is not listed: {stdout}"
        );
        assert!(
            stderr.contains("1 entry in the library"),
            "{library}: {stderr}"
        );
        let (code2, _, stderr2) = brief(&ws.0, &["check"]);
        assert_eq!(code2, 1, "{library}: {stderr2}");
        assert!(
            stderr2.contains("error[B023]: library")
                && stderr2.contains("is outside the workspace"),
            "{library}: {stderr2}"
        );
        assert!(stderr2.contains("--> briefs.toml:2:"), "{stderr2}");
    }
}

#[cfg(unix)]
#[test]
fn devices_and_pipes_end_in_seconds() {
    let (ws, _outside) = workspace("devices");
    std::fs::create_dir_all(ws.path("assets/fonts")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", ws.path("assets/fonts/zero.ttf")).unwrap();
    let fifo = ws.path("assets/fonts/pipe.otf");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let (code, out) = brief_within(&ws.0, &["build"], Duration::from_secs(20));
    assert_eq!(code, 0, "{out}");
    // A library or a brief that is a pipe: an error, at once.
    let lib_fifo = ws.path("pipe.toml");
    assert!(Command::new("mkfifo")
        .arg(&lib_fifo)
        .status()
        .unwrap()
        .success());
    ws.write(
        "briefs.toml",
        "[citations]\nlibrary = [\"citations.toml\", \"pipe.toml\"]\n",
    );
    let (code, out) = brief_within(&ws.0, &["check"], Duration::from_secs(20));
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("error[B097]: pipe.toml is not a regular file"),
        "{out}"
    );
    let (code, out) = brief_within(&ws.0, &["check", "pipe.toml"], Duration::from_secs(20));
    assert_ne!(code, 0, "{out}");
}

#[cfg(unix)]
#[test]
fn output_folders_out_of_the_workspace_are_refused() {
    let (ws, outside) = workspace("out-escape");
    std::os::unix::fs::symlink(&outside.0, ws.path("linked-out")).unwrap();
    for dir in [
        "../escaped".to_string(),
        format!("{:?}", outside.path("abs").display().to_string()),
        "\"linked-out\"".to_string(),
        "\"linked-out/deeper\"".to_string(),
    ] {
        let dir = if dir.starts_with('"') {
            dir
        } else {
            format!("\"{dir}\"")
        };
        ws.write("briefs.toml", &format!("[output]\ndir = {dir}\n"));
        let (code, _, stderr) = brief(&ws.0, &["build"]);
        assert_eq!(code, 1, "{dir}: {stderr}");
        assert!(
            stderr.contains("error[B023]: output dir")
                && stderr.contains("is outside the workspace"),
            "{dir}: {stderr}"
        );
    }
    let written: Vec<_> = walk(&outside.0)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert!(written.is_empty(), "wrote outside: {written:?}");
    assert!(!ws.0.parent().unwrap().join("escaped").exists());
    // `-o` is the user's own choice and may go anywhere.
    ws.write("briefs.toml", "");
    let target = outside.path("chosen");
    let (code, _, stderr) = brief(&ws.0, &["build", "-o", target.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(target.join("a.pdf").is_file());
}

#[cfg(unix)]
#[test]
fn a_brief_linked_in_from_outside_is_not_built_by_a_folder_build() {
    let (ws, outside) = workspace("brief-escape");
    outside.write(
        "intruder.toml",
        &BRIEF.replace("Fund the helpline", "Intruder"),
    );
    std::os::unix::fs::symlink(
        outside.path("intruder.toml"),
        ws.path("briefs/intruder.toml"),
    )
    .unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(ws.path("out/a.pdf").is_file());
    assert!(!ws.path("out/intruder.pdf").exists(), "{stderr}");
}

#[test]
fn contact_and_organisation_links_are_web_pages_or_addresses() {
    let (ws, _outside) = workspace("contact-links");
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\nurl = \"javascript:alert(1)\"\n\n[contact]\nname = \"Press\"\nemail = \"javascript:alert(1)\"\nurl = \"file:///etc/passwd\"\n",
    );
    let (code, _, stderr) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B020]: url \"javascript:alert(1)\" is not an absolute http(s) URL"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[B020]: url \"file:///etc/passwd\" is not an absolute http(s) URL"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[B038]: \"javascript:alert(1)\" is not an e-mail address"),
        "{stderr}"
    );
    // And in a brief's own contact block.
    ws.write("briefs.toml", "").write(
        "briefs/a.toml",
        &format!("{BRIEF}\n[contact]\nurl = \"javascript:void(0)\"\n"),
    );
    let (code, _, stderr) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("--> briefs/a.toml:17:7"), "{stderr}");
}

#[test]
fn pack_never_replaces_a_source() {
    let (ws, _outside) = workspace("pack-sources");
    ws.write("assets/minutes.pdf", "%PDF-1.4 someone else's file");
    for target in [
        "briefs/a.toml",
        "citations.toml",
        "briefs.toml",
        "assets/minutes.pdf",
        "briefs",
    ] {
        let before = std::fs::read(ws.path(target)).ok();
        let (code, _, stderr) = brief(&ws.0, &["pack", "briefs/a.toml", "-o", target]);
        assert_eq!(code, 2, "{target}: {stderr}");
        assert!(
            stderr.contains("error[B098]: refusing to write"),
            "{target}: {stderr}"
        );
        assert_eq!(
            std::fs::read(ws.path(target)).ok(),
            before,
            "{target} changed"
        );
    }
    // Its own earlier output is replaced, as a rebuild should.
    let (code, _, stderr) = brief(&ws.0, &["pack", "briefs/a.toml", "-o", "pack.pdf"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = brief(&ws.0, &["pack", "briefs/a.toml", "-o", "pack.pdf"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn build_never_replaces_a_pdf_it_did_not_write() {
    let (ws, _outside) = workspace("build-foreign");
    ws.write("out/a.pdf", "%PDF-1.4 a file from elsewhere");
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("refusing to write out/a.pdf: a file is there that brief did not write"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(ws.path("out/a.pdf")).unwrap(),
        "%PDF-1.4 a file from elsewhere"
    );
}

#[test]
fn a_typst_pdf_or_any_pdf_naming_typst_is_not_ours() {
    let (ws, _outside) = workspace("build-typst-pdf");
    // What the typst CLI writes names Typst as its creator, in both places.
    let typst =
        "%PDF-1.7\n/Creator(Typst 0.15.1)\n<xmp:CreatorTool>Typst 0.15.1</xmp:CreatorTool>\n";
    for (name, text) in [("a.pdf", typst), ("a.html", "<!doctype html><p>brief</p>")] {
        ws.write(&format!("out/{name}"), text);
        let (code, _, stderr) = brief(&ws.0, &["build", "--to", "pdf,html"]);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("a file is there that brief did not write"),
            "{stderr}"
        );
        // Neither edition is written when one may not be.
        assert_eq!(
            std::fs::read_to_string(ws.path(&format!("out/{name}"))).unwrap(),
            text
        );
        assert_eq!(
            walk(&ws.path("out")).len(),
            1,
            "{:?}",
            walk(&ws.path("out"))
        );
        std::fs::remove_file(ws.path(&format!("out/{name}"))).unwrap();
    }
    // Its own outputs it replaces.
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "pdf,html"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "pdf,html"]);
    assert_eq!(code, 0, "{stderr}");
}

#[cfg(unix)]
#[test]
fn writes_go_through_no_link_and_leave_no_temporary_file() {
    let (ws, outside) = workspace("build-links");
    let victim = outside.path("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::fs::create_dir_all(ws.path("out")).unwrap();
    // A link where the PDF goes, and links with the names temporary files used to have.
    std::os::unix::fs::symlink(&victim, ws.path("out/a.pdf")).unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("refusing to write out/a.pdf"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    std::fs::remove_file(ws.path("out/a.pdf")).unwrap();
    for n in 0..4 {
        let planted = ws.path(&format!("out/.a.pdf.{}.{n}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, planted).unwrap();
    }
    // What a killed build left: a temporary file of a process that no longer runs, and a link
    // with such a name, which is not ours to remove.
    std::fs::write(
        ws.path("out/.brief-999999999-00000000000000aa.tmp"),
        "half a PDF",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        &victim,
        ws.path("out/.brief-999999999-00000000000000bb.tmp"),
    )
    .unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "pdf,html"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    let pdf = ws.path("out/a.pdf");
    assert!(!pdf.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert!(!ws
        .path("out/.brief-999999999-00000000000000aa.tmp")
        .exists());
    assert!(ws
        .path("out/.brief-999999999-00000000000000bb.tmp")
        .symlink_metadata()
        .is_ok());
    let temporaries: Vec<_> = walk(&ws.path("out"))
        .into_iter()
        .filter(|p| {
            let ours = p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".brief-");
            ours && p.symlink_metadata().unwrap().is_file()
        })
        .collect();
    assert!(temporaries.is_empty(), "{temporaries:?}");
}

#[test]
fn a_brief_with_a_long_name_builds() {
    let (ws, _outside) = workspace("long-name");
    let name = "b".repeat(240);
    ws.write(&format!("briefs/{name}.toml"), BRIEF);
    let (code, _, stderr) = brief(&ws.0, &["build", "--to", "pdf,html"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(ws.path(&format!("out/{name}.pdf")).is_file());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn texts_and_lists_over_the_stated_limits_are_refused_by_check() {
    let (ws, _outside) = workspace("limits");
    let long = "word ".repeat(4_100);
    ws.write(
        "briefs/a.toml",
        &BRIEF.replace(
            "statement = \"Fund it.\"",
            &format!("statement = \"{long}\""),
        ),
    );
    let (code, out) = brief_within(&ws.0, &["check"], Duration::from_secs(20));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[B055]: text of 20499 characters is over the limit of 20000"),
        "{out}"
    );
    assert!(out.contains("--> briefs/a.toml:5:13"), "{out}");
    // One-line texts hold a line: a label, an audience, an addressee, a figure's label.
    let line = "x".repeat(301);
    let lines = BRIEF
        .replace("date = 2024-03-07", &format!("date = 2024-03-07\nlabel = \"{line}\"\naudience = [\"ok\", \"{line}\"]"))
        .replace("to = \"Parliament\"", &format!("to = \"{line}\""))
        .replace("claim = \"Calls doubled [@stats2023].\"", &format!("claim = \"Calls doubled [@stats2023].\"\nstat = {{ value = \"2x\", label = \"{}\" }}", "y".repeat(20_001)));
    ws.write("briefs/a.toml", &lines);
    let (code, out) = brief_within(&ws.0, &["check"], Duration::from_secs(20));
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.matches("error[B055]: text of 301 characters is over the limit of 300")
            .count(),
        3,
        "{out}"
    );
    assert!(
        out.contains("error[B055]: text of 20001 characters is over the limit of 20000"),
        "{out}"
    );
    for at in [
        "--> briefs/a.toml:3:9",
        "--> briefs/a.toml:4:19",
        "--> briefs/a.toml:16:6",
        "--> briefs/a.toml:12:32",
    ] {
        assert!(out.contains(at), "{at}: {out}");
    }
    let mut many = BRIEF.to_string();
    for i in 0..501 {
        many.push_str(&format!(
            "\n[[evidence]]\nid = \"f{i}\"\nclaim = \"Finding {i} [@stats2023].\"\n"
        ));
    }
    ws.write("briefs/a.toml", &many);
    let (code, out) = brief_within(&ws.0, &["check"], Duration::from_secs(20));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[B056]: 502 [[evidence]] items are over the limit of 500"),
        "{out}"
    );
    // At the limit, the brief builds, in seconds.
    let mut at_limit = BRIEF.to_string();
    for i in 0..499 {
        at_limit.push_str(&format!(
            "\n[[evidence]]\nid = \"f{i}\"\nclaim = \"Finding {i} [@stats2023].\"\n"
        ));
    }
    ws.write("briefs/a.toml", &at_limit);
    let (code, out) = brief_within(&ws.0, &["build"], Duration::from_secs(60));
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_broken_logo_or_style_is_reported_where_briefs_toml_names_it() {
    let (ws, _outside) = workspace("broken-assets");
    ws.write("assets/logo.png", "not a png")
        .write("assets/house.csl", "<style>broken")
        .write(
            "briefs.toml",
            "[organisation]\nname = \"Example\"\nlogo = \"assets/logo.png\"\n",
        );
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "error[B039]: logo \"assets/logo.png\" cannot be used: failed to decode image"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> briefs.toml:3:8"), "{stderr}");
    assert!(!stderr.contains("common.typ"), "{stderr}");
    // An SVG that does not parse: Typst reports it inside the SVG, a file of no help to read.
    ws.write(
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=",
    )
    .write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\nlogo = \"assets/logo.svg\"\n",
    );
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr
            .contains("error[B039]: logo \"assets/logo.svg\" cannot be used: failed to parse SVG"),
        "{stderr}"
    );
    assert!(stderr.contains("--> briefs.toml:3:8"), "{stderr}");
    ws.write(
        "briefs.toml",
        "[style]\ncitation-style = \"assets/house.csl\"\n",
    );
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B039]: citation style \"assets/house.csl\" cannot be used"),
        "{stderr}"
    );
    assert!(stderr.contains("--> briefs.toml:2:18"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn the_default_output_folder_and_briefs_folder_may_not_lead_out() {
    let (ws, outside) = workspace("default-out");
    std::os::unix::fs::symlink(&outside.0, ws.path("out")).unwrap();
    let (code, out) = brief_within(&ws.0, &["build"], Duration::from_secs(20));
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("the output folder leads out of the workspace"),
        "{out}"
    );
    // `-o` is the user's own choice.
    let chosen = ws.path("chosen");
    let (code, out) = brief_within(
        &ws.0,
        &["build", "-o", chosen.to_str().unwrap()],
        Duration::from_secs(20),
    );
    assert_eq!(code, 0, "{out}");

    std::fs::remove_dir_all(ws.path("briefs")).unwrap();
    std::os::unix::fs::symlink(&outside.0, ws.path("briefs")).unwrap();
    let (code, out) = brief_within(&ws.0, &["new", "x"], Duration::from_secs(20));
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("the briefs folder leads out of the workspace"),
        "{out}"
    );
    let left: Vec<_> = walk(&outside.0);
    assert_eq!(
        left,
        vec![outside.path("secret.toml")],
        "nothing written outside"
    );
}

#[cfg(unix)]
#[test]
fn cite_import_writes_only_to_a_library_inside() {
    let (ws, outside) = workspace("import-into");
    ws.write(
        "new.bib",
        "@report{new2024, author = {{Helpline}}, title = {New}, year = {2024}}\n",
    );
    let before = |p: &str| std::fs::read_to_string(ws.path(p)).unwrap();
    let (workspace_file, brief_file) = (before("briefs.toml"), before("briefs/a.toml"));
    for into in ["briefs.toml", "briefs/a.toml"] {
        let (code, out) = brief_within(
            &ws.0,
            &["cite", "import", "new.bib", "--into", into],
            Duration::from_secs(20),
        );
        assert_eq!(code, 2, "{into}: {out}");
        assert!(out.contains("it is not a citation library"), "{out}");
    }
    assert_eq!(before("briefs.toml"), workspace_file);
    assert_eq!(before("briefs/a.toml"), brief_file);
    // A pipe as the library: refused at once.
    let fifo = ws.path("pipe.toml");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let (code, out) = brief_within(
        &ws.0,
        &["cite", "import", "new.bib", "--into", "pipe.toml"],
        Duration::from_secs(20),
    );
    assert_eq!(code, 2, "{out}");
    // The workspace's library linked to a file outside: neither read nor replaced.
    std::fs::remove_file(ws.path("citations.toml")).unwrap();
    std::os::unix::fs::symlink(outside.path("secret.toml"), ws.path("citations.toml")).unwrap();
    let secret = std::fs::read_to_string(outside.path("secret.toml")).unwrap();
    let (code, out) = brief_within(
        &ws.0,
        &["cite", "import", "new.bib"],
        Duration::from_secs(20),
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("it leads out of the workspace"), "{out}");
    assert_eq!(
        std::fs::read_to_string(outside.path("secret.toml")).unwrap(),
        secret
    );
    assert!(ws.path("citations.toml").is_symlink());
}

#[cfg(unix)]
#[test]
fn a_template_reading_a_pipe_ends_in_seconds() {
    let (ws, _outside) = workspace("template-pipe");
    ws.write("assets/house.typ", "#read(\"pipe.txt\")\n").write(
        "briefs/a.toml",
        &BRIEF.replace("date =", "template = \"assets/house.typ\"\ndate ="),
    );
    assert!(Command::new("mkfifo")
        .arg(ws.path("assets/pipe.txt"))
        .status()
        .unwrap()
        .success());
    let (code, out) = brief_within(&ws.0, &["build"], Duration::from_secs(20));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("not a regular file"), "{out}");
}

#[test]
fn nothing_a_file_holds_reaches_the_terminal_as_a_control_sequence() {
    let (ws, _outside) = workspace("terminal");
    ws.write(
        "briefs/esc.toml",
        // TOML's escapes put the characters in the values; raw, they are in a line drawn.
        "title = \"A \\u001b[31mred\\u001b[0m title\\u0007\"\ndate = 2024-01-01\n\"what\\u001b[2J\" = 1\n",
    );
    ws.write("briefs/raw.toml", "title = \"A \u{1b}[31mred\u{1b}[0m\"\n");
    for name in ["esc", "raw"] {
        let (code, _, stderr) = brief(&ws.0, &["check", &format!("briefs/{name}.toml")]);
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains("error["), "{stderr}");
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "{stderr:?}"
        );
    }
    let (_, _, stderr) = brief(&ws.0, &["check", "briefs/esc.toml"]);
    assert!(stderr.contains("what\\u{1b}[2J"), "{stderr}");
}

#[test]
fn a_hundred_thousand_problems_are_drawn_in_seconds() {
    let ws = Scratch::new("many-problems");
    let mut text = String::from("title = \"T\"\ndate = 2024-01-01\n");
    for i in 0..100_000 {
        text.push_str(&format!("k{i} = 1\n"));
    }
    ws.write("many.toml", &text);
    let log = std::fs::File::create(ws.path("stderr.txt")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["check", "many.toml"])
        .current_dir(&ws.0)
        .env("NO_COLOR", "1")
        .stderr(log)
        .spawn()
        .unwrap();
    let start = Instant::now();
    // Drawn once per problem against the whole file, this took over a minute.
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "still drawing after 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let stderr = std::fs::read_to_string(ws.path("stderr.txt")).unwrap();
    assert!(
        stderr.contains("(100003 errors"),
        "{}",
        &stderr[stderr.len().saturating_sub(300)..]
    );
    assert!(
        stderr.contains("--> many.toml:100002:1"),
        "the last problem is drawn at its line"
    );
}

#[cfg(unix)]
#[test]
fn a_font_linked_from_outside_is_named_not_skipped_in_silence() {
    let (ws, outside) = workspace("font-outside");
    outside.write("Secret.ttf", "not read");
    std::fs::create_dir_all(ws.path("assets/fonts")).unwrap();
    std::os::unix::fs::symlink(
        outside.path("Secret.ttf"),
        ws.path("assets/fonts/Secret.ttf"),
    )
    .unwrap();
    let (code, _, stderr) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "warning[B099]: assets/fonts/Secret.ttf leads out of the workspace and is not read"
        ),
        "{stderr}"
    );
}

#[test]
fn a_brief_named_twice_is_built_once() {
    let (ws, _outside) = workspace("named-twice");
    let (code, _, stderr) = brief(
        &ws.0,
        &["build", "briefs/a.toml", "./briefs/a.toml", "briefs"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("B096"), "{stderr}");
}

/// The first bytes of a PNG declaring `width` × `height` pixels: enough for a header reader.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(width.to_be_bytes());
    png.extend(height.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn an_image_bomb_is_refused_before_it_is_decoded() {
    let (ws, _outside) = workspace("image-bomb");
    std::fs::write(ws.path("logo.png"), png_header(40_000, 40_000)).unwrap();
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\nlogo = \"logo.png\"\n",
    );
    let (code, out) = brief_within(&ws.0, &["build"], Duration::from_secs(20));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[B039]: logo \"logo.png\" cannot be used: it is 40000 × 40000 pixels"),
        "{out}"
    );
    assert!(out.contains("--> briefs.toml:3:8"), "{out}");
    // The same image read by a custom template: refused by the sandbox, in seconds.
    ws.write("briefs.toml", "[organisation]\nname = \"Example\"\n");
    ws.write("t.typ", "#image(\"/logo.png\")\n");
    ws.write(
        "briefs/a.toml",
        &BRIEF.replace(
            "date = 2024-03-07",
            "date = 2024-03-07\ntemplate = \"t.typ\"",
        ),
    );
    let (code, out) = brief_within(&ws.0, &["build"], Duration::from_secs(20));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("40000 × 40000 pixels"), "{out}");
}

#[test]
fn a_style_that_would_overflow_or_never_end_is_refused() {
    let (ws, _outside) = workspace("csl-bombs");
    let head = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n<info><title>T</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>\n";
    let looping = format!("{head}<macro name=\"a\"><text macro=\"b\"/></macro><macro name=\"b\"><group><text macro=\"a\"/></group></macro><citation><layout><text macro=\"a\"/></layout></citation></style>");
    let mut fan = head.to_string();
    for i in 0..40 {
        fan.push_str(&format!(
            "<macro name=\"m{i}\"><text macro=\"m{}\"/><text macro=\"m{}\"/></macro>",
            i + 1,
            i + 1
        ));
    }
    fan.push_str("<macro name=\"m40\"><text variable=\"title\"/></macro><citation><layout><text macro=\"m0\"/></layout></citation></style>");
    let deep = format!(
        "{head}<citation><layout>{}<text variable=\"title\"/>{}</layout></citation></style>",
        "<group>".repeat(20_000),
        "</group>".repeat(20_000)
    );
    for (name, xml, reason) in [
        ("loop", looping, "its macro \"a\" calls itself"),
        ("fan", fan, "its macros unfold into over 1000000 elements"),
        ("deep", deep, "its elements nest 20003 deep"),
    ] {
        ws.write(&format!("{name}.csl"), &xml);
        ws.write(
            "briefs.toml",
            &format!("[style]\ncitation-style = \"{name}.csl\"\n"),
        );
        let (code, out) = brief_within(&ws.0, &["build"], Duration::from_secs(20));
        assert_eq!(code, 1, "{name}: {out}");
        assert!(
            out.contains(&format!(
                "citation style \"{name}.csl\" cannot be used: {reason}"
            )),
            "{out}"
        );
        assert!(out.contains("--> briefs.toml:2:18"), "{out}");
    }
}
