//! The third hardening pass, one hostile case each: starting a workspace through linked folders,
//! texts given on the command line, keys and libraries from other tools, and large libraries
//! that must be checked in linear time and reported in a few lines.

mod common;
use common::*;

/// A workspace with one brief and its library.
fn workspace(name: &str) -> Scratch {
    let ws = Scratch::new(name);
    ws.write("briefs.toml", "[organisation]\nname = \"Example\"\n")
        .write("citations.toml", LIBRARY)
        .write("briefs/a.toml", BRIEF);
    ws
}

/// Every file under `dir`, sorted.
fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() && !p.is_symlink() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[cfg(unix)]
#[test]
fn init_writes_nothing_through_a_folder_linked_elsewhere() {
    for folder in ["briefs", "assets"] {
        let ws = Scratch::new(&format!("init-link-{folder}"));
        let outside = Scratch::new(&format!("init-link-{folder}-outside"));
        std::fs::remove_dir_all(ws.path("briefs")).unwrap();
        std::os::unix::fs::symlink(&outside.0, ws.path(folder)).unwrap();
        let (code, _, err) = brief(&ws.0, &["init"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("error[B098]"), "{err}");
        assert!(
            err.contains("its folder leads out of the workspace"),
            "{err}"
        );
        assert_eq!(
            files(&outside.0),
            Vec::<std::path::PathBuf>::new(),
            "nothing written outside"
        );
        assert!(!ws.path("briefs.toml").exists(), "nothing written inside");
    }
}

#[test]
fn pack_refuses_its_own_texts_that_a_page_cannot_print() {
    let ws = workspace("pack-texts");
    let long = "x".repeat(301);
    for (option, text, why) in [
        (
            "--title",
            "Pack\u{1b}[31m",
            "character U+001B cannot be printed",
        ),
        (
            "--subtitle",
            "\u{feff}Meeting",
            "character U+FEFF cannot be printed",
        ),
        (
            "--audience",
            long.as_str(),
            "301 characters is over the limit of 300",
        ),
        ("--title", "  ", "the text is empty"),
    ] {
        let (code, _, err) = brief(&ws.0, &["pack", "briefs", "-o", "pack.pdf", option, text]);
        assert_eq!(code, 2, "{option}: {err}");
        assert!(
            err.contains(&format!("error[B104]: {option}: {why}")),
            "{err}"
        );
        assert!(!err.contains('\u{1b}'), "no escape reaches the terminal");
        assert!(!ws.path("pack.pdf").exists());
    }
    let (code, _, err) = brief(
        &ws.0,
        &[
            "pack",
            "briefs",
            "-o",
            "pack.pdf",
            "--title",
            "Meeting of 7 March",
        ],
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn cite_import_gives_keys_a_brief_cannot_cite_one_it_can() {
    let ws = workspace("import-keys");
    ws.write(
        "other.bib",
        "@report{Aaron&Finkin2020, author = {{Helpline}}, title = {One}, year = {2020}}\n\
         @report{DBLP:conf/nips/Smith17, author = {Smith, Ann}, title = {Two}, year = {2017}}\n\
         @report{Aaron-Finkin2020, author = {{Other}}, title = {Three}, year = {2021}}\n\
         @report{ends., author = {{Other}}, title = {Four}, year = {2022}}\n",
    );
    let (code, _, err) = brief(&ws.0, &["cite", "import", "other.bib"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "warning[B105]: key \"Aaron&Finkin2020\" cannot be cited as written; imported as \
             \"Aaron-Finkin2020-2\""
        ),
        "{err}"
    );
    assert!(err.contains("imported as \"ends\""), "{err}");
    // DBLP's keys are citable as they are.
    assert!(!err.contains("DBLP:conf/nips/Smith17\" cannot"), "{err}");
    let library = std::fs::read_to_string(ws.path("citations.toml")).unwrap();
    for key in [
        "Aaron-Finkin2020-2",
        "DBLP:conf/nips/Smith17",
        "Aaron-Finkin2020",
        "ends",
    ] {
        assert!(library.contains(&format!("id = \"{key}\"")), "{library}");
    }
    // The workspace still checks, and the renamed key is citable.
    ws.write(
        "briefs/a.toml",
        &BRIEF.replace(
            "[@stats2023]",
            "[@stats2023; @Aaron-Finkin2020-2; @DBLP:conf/nips/Smith17]",
        ),
    );
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 0, "{err}");
    // Imported again: nothing new, nothing renamed twice.
    let (code, _, err) = brief(&ws.0, &["cite", "import", "other.bib"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(ws.path("citations.toml")).unwrap(),
        library
    );
}

#[test]
fn a_brief_named_as_the_library_is_said_to_be_one() {
    let ws = workspace("brief-as-library");
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\n\n[citations]\nlibrary = [\"briefs/a.toml\"]\n",
    );
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error[B091]: no briefs found"), "{err}");
    assert!(
        err.contains("briefs/a.toml is named in [citations] library of briefs.toml"),
        "{err}"
    );
    ws.write("briefs/b.toml", BRIEF);
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "error[B106]: briefs/a.toml is a brief, not a citation library\n --> briefs.toml:5:12"
        ),
        "{err}"
    );
    assert!(!err.contains("B013"), "one error, not one per key: {err}");
}

/// A CSL-JSON export as Zotero writes it: one line, `n` entries.
fn export(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id":"item{i}","type":"report","title":"Report number {i} on housing and rent","author":[{{"family":"Name{}","given":"A."}}],"issued":{{"date-parts":[[{}]]}},"URL":"https://source.test/{i}"}}"#,
                i % 50,
                2000 + i % 25
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

#[test]
fn cite_check_on_a_large_export_is_quick_and_short() {
    let ws = workspace("large-export");
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\n\n[citations]\nlibrary = [\"citations.toml\", \"zotero.json\"]\n",
    );
    // The same source under a second key, at the end of a one-line file.
    let mut json = export(5000);
    json.insert_str(
        json.len() - 1,
        r#",{"id":"again","type":"report","title":"Report number 7 on housing and rent","URL":"https://source.test/7","issued":{"date-parts":[[2007]]}}"#,
    );
    ws.write("zotero.json", &json);
    let start = std::time::Instant::now();
    let (code, out, err) = brief(&ws.0, &["cite", "check"]);
    let took = start.elapsed();
    assert_eq!(code, 1, "{err}");
    // Was 13 s for 3,000 entries: every problem drew the whole one-line file.
    assert!(took.as_secs() < 10, "took {took:?}");
    assert!(
        err.contains("warning[B042]: 5001 library entries are not cited by any brief: \"item0\""),
        "{err}"
    );
    assert!(err.contains("error[B040]"), "{err}");
    // The one line is drawn around the problem, with its true column.
    let column = json.find("\"again\"").unwrap() + 2;
    assert!(err.contains(&format!("zotero.json:1:{column}")), "{err}");
    assert!(
        err.len() + out.len() < 5_000,
        "a few lines, not the file: {err}"
    );
}

#[test]
fn citations_by_the_thousand_are_refused_at_check() {
    let ws = workspace("many-cited");
    let library: String = (0..400)
        .map(|i| {
            format!(
                "[[citation]]\nid = \"s{i}\"\ntype = \"report\"\nauthor = [\"Office\"]\ntitle = \"Report {i}\"\ndate = \"2023\"\n\n"
            )
        })
        .collect();
    ws.write("citations.toml", &(LIBRARY.to_string() + "\n" + &library));
    let group: Vec<String> = (0..40).map(|i| format!("@s{i}")).collect();
    let single: String = (40..400).map(|i| format!("[@s{i}] ")).collect();
    ws.write(
        "briefs/a.toml",
        &BRIEF.replace(
            "Calls doubled [@stats2023].",
            &format!("Calls doubled [{}] {single}", group.join("; ")),
        ),
    );
    let start = std::time::Instant::now();
    let (code, _, err) = brief(&ws.0, &["build"]);
    // 2,000 sources took 14 s to format.
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error[B107]: 40 sources in one citation are over the limit of 30"),
        "{err}"
    );
    assert!(
        err.contains("error[B107]: 400 sources cited by one brief are over the limit of 300"),
        "{err}"
    );
    assert!(!ws.path("out/a.pdf").exists());
}

#[test]
fn names_of_people_and_the_organisation_stay_within_a_line() {
    let ws = workspace("long-names");
    let long = "A".repeat(301);
    ws.write(
        "briefs/a.toml",
        &format!("authors = [\"{long}\", {{ name = \"Jo\", role = \"{long}\" }}]\n{BRIEF}"),
    );
    ws.write(
        "briefs.toml",
        &format!("[organisation]\nname = \"{long}\"\n"),
    );
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{err}");
    let over = "error[B055]: text of 301 characters is over the limit of 300";
    assert_eq!(err.matches(over).count(), 3, "{err}");
    assert!(err.contains("--> briefs/a.toml:1:12"), "{err}");
    assert!(err.contains("--> briefs.toml:2:8"), "{err}");
}

#[test]
fn a_font_collection_declaring_billions_of_faces_is_skipped_and_named() {
    let ws = workspace("ttc-bomb");
    let mut bomb = b"ttcf\x00\x01\x00\x00\xff\xff\xff\xff".to_vec();
    bomb.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::create_dir_all(ws.path("assets/fonts")).unwrap();
    std::fs::write(ws.path("assets/fonts/bomb.ttc"), &bomb).unwrap();
    std::fs::write(ws.path("assets/fonts/page.ttf"), b"<html>not a font</html>").unwrap();
    let start = std::time::Instant::now();
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "warning[B108]: assets/fonts/bomb.ttc is skipped: it is a font collection whose header is damaged"
        ),
        "{err}"
    );
    assert!(
        err.contains("assets/fonts/page.ttf is skipped: it is not an OpenType or TrueType font"),
        "{err}"
    );
    assert!(ws.path("out/a.pdf").exists());
}

/// A PNG chunk: length, kind, data and its checksum.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend(kind);
    out.extend(data);
    let mut crc = 0xffff_ffffu32;
    for b in kind.iter().chain(data) {
        crc ^= *b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    out.extend((!crc).to_be_bytes());
    out
}

/// A 1 × 1 PNG whose colour profile inflates to `profile` bytes.
fn png_with_profile(profile: usize) -> Vec<u8> {
    use std::io::Write;
    let deflate = |bytes: &[u8]| {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(bytes).unwrap();
        z.finish().unwrap()
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
    let mut iccp = b"icc\0\0".to_vec();
    iccp.extend(deflate(&vec![0u8; profile]));
    png.extend(chunk(b"iCCP", &iccp));
    png.extend(chunk(b"IDAT", &deflate(&[0, 255, 0, 0])));
    png.extend(chunk(b"IEND", &[]));
    png
}

#[test]
fn image_bombs_inside_a_logo_are_refused_at_its_line() {
    let ws = workspace("logo-bombs");
    let bombs: [(&str, Vec<u8>, &str); 2] = [
        (
            "logo.png",
            png_with_profile(200 * 1024 * 1024),
            "its colour profile inflates to over 4 MB",
        ),
        (
            "logo.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><filter id="f" filterUnits="userSpaceOnUse" x="-50000" y="-50000" width="100000" height="100000"><feGaussianBlur stdDeviation="500"/></filter><rect width="100" height="40" filter="url(#f)"/></svg>"#.to_vec(),
            "a filter (a blur or a shadow) reaches far beyond the picture",
        ),
    ];
    for (name, bytes, why) in bombs {
        std::fs::create_dir_all(ws.path("assets")).unwrap();
        std::fs::write(ws.path(&format!("assets/{name}")), bytes).unwrap();
        ws.write(
            "briefs.toml",
            &format!("[organisation]\nname = \"Example\"\nlogo = \"assets/{name}\"\nlogo-alt = \"Example\"\n"),
        );
        let (code, _, err) = brief(&ws.0, &["build"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(why), "{err}");
        assert!(err.contains("--> briefs.toml:3:8"), "{err}");
    }
    // A small profile and a drop shadow are what logos have.
    std::fs::write(ws.path("assets/logo.png"), png_with_profile(3000)).unwrap();
    std::fs::write(
        ws.path("assets/logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><filter id="f"><feGaussianBlur stdDeviation="2"/></filter><rect width="100" height="40" filter="url(#f)"/></svg>"#,
    )
    .unwrap();
    for name in ["logo.png", "logo.svg"] {
        ws.write(
            "briefs.toml",
            &format!("[organisation]\nname = \"Example\"\nlogo = \"assets/{name}\"\nlogo-alt = \"Example\"\n"),
        );
        let (code, _, err) = brief(&ws.0, &["build"]);
        assert_eq!(code, 0, "{name}: {err}");
    }
}

#[test]
fn a_template_that_loops_or_hoards_is_stopped_with_a_message() {
    let ws = workspace("template-bombs");
    ws.write(
        "briefs/a.toml",
        &format!("template = \"assets/t.typ\"\n{BRIEF}"),
    );
    for (template, why) in [
        // 100 million turns: typst bounds a `while` loop, not nested `for` loops.
        (
            "#let n = 0\n#for i in range(10000) { for j in range(10000) { n += 1 } }\n#n\n",
            "ran for over 10 seconds",
        ),
        // An array of 200 million numbers: 6 GB before it was stopped.
        (
            "#let a = range(200000000)\n#a.len()\n",
            "needed over 960 MB of memory",
        ),
    ] {
        ws.write("assets/t.typ", template);
        let start = std::time::Instant::now();
        let (code, _, err) = brief(&ws.0, &["build"]);
        assert!(start.elapsed().as_secs() < 15, "{:?}", start.elapsed());
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(&format!(
                "error[B110]: briefs/a.toml was stopped: typesetting it with assets/t.typ {why}"
            )),
            "{err}"
        );
        assert!(!ws.path("out/a.pdf").exists());
    }
}

#[test]
fn a_pack_of_two_briefs_with_the_same_figure_builds() {
    let ws = Scratch::new("pack-same-figure");
    for file in ["briefs.toml", "citations.toml"] {
        std::fs::copy(repo().join(file), ws.path(file)).unwrap();
    }
    let example = std::fs::read_to_string(repo().join("briefs/encryption-brief.toml")).unwrap();
    ws.write("briefs/a.toml", &example);
    ws.write(
        "briefs/b.toml",
        &example.replacen("title = \"", "title = \"Again: ", 1),
    );
    // Both call out the same library figure: the same content typeset twice.
    assert!(example.contains("stat = \"meta-reports-2020-2023\""));
    let (code, _, err) = brief(&ws.0, &["pack", "briefs", "-o", "pack.pdf"]);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&ws.path("pack.pdf"));
    assert!(text.contains("Again: Keeping child exploitation"), "{text}");
    let outline = pdf::outline(&ws.path("pack.pdf"));
    assert!(
        outline.iter().filter(|t| t.contains("What we ask")).count() >= 2,
        "{outline:?}"
    );
}

#[test]
fn a_web_template_that_loops_is_stopped_at_its_line() {
    let ws = workspace("web-loop");
    ws.write(
        "assets/web/brief.html",
        "<p>start</p>\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
    );
    let start = std::time::Instant::now();
    let (code, _, err) = brief(&ws.0, &["build", "--to", "html"]);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error[B102]: web template: it took over 20 million steps and was stopped"),
        "{err}"
    );
    assert!(err.contains("--> assets/web/brief.html:2:1"), "{err}");
}
