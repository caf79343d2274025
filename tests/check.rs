//! `brief check` against every fixture in tests/fixtures/check: each case is a brief `NAME.toml`
//! (or a workspace folder `NAME/`) and `NAME.stderr`, the exit code and the full expected output.
//! Adding a case is adding those two files; `BLESS=1 cargo test` writes the expected files.

mod common;
use common::*;

use std::path::Path;

#[test]
fn every_check_fixture_gives_its_expected_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let bless = std::env::var_os("BLESS").is_some();
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().to_string_lossy().into_owned();
            let is_case = e.path().is_dir()
                || (name.ends_with(".toml") && name != "briefs.toml" && name != "citations.toml");
            is_case.then_some(name)
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "fixtures missing: found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let (code, _, stderr) = brief(&dir, &["check", case]);
        assert!(!stderr.contains("panicked"), "{case} panicked:\n{stderr}");
        let actual = format!("exit: {code}\n{stderr}");
        let stem = case.trim_end_matches(".toml");
        let expected_path = dir.join(format!("{stem}.stderr"));
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{case}: no {stem}.stderr (run with BLESS=1 to write it)"));
        if actual != expected {
            failures.push(format!(
                "--- {case}: expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn json_format_prints_one_object_per_diagnostic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let (code, stdout, _) = brief(&dir, &["check", "many-errors.toml", "--format", "json"]);
    assert_eq!(code, 1);
    let (lines, measures): (Vec<serde_json::Value>, Vec<serde_json::Value>) = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json line"))
        .partition(|l| l.get("code").is_some());
    assert!(lines.len() >= 6, "{stdout}");
    // After the diagnostics, a line per brief that loads: its words, grade and formula.
    assert_eq!(measures.len(), 1, "{stdout}");
    assert_eq!(measures[0]["brief"], "many-errors.toml");
    // A few words get no grade; the example brief its grade and formula.
    assert!(measures[0].get("grade").is_none(), "{stdout}");
    let example = repo().join("briefs/encryption-brief.toml");
    let example = example.to_str().unwrap();
    let (_, stdout, _) = brief(&repo(), &["check", example, "--format", "json"]);
    let last: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert!(last["words"].as_u64().unwrap() > 500, "{stdout}");
    assert_eq!(last["formula"], "Flesch-Kincaid");
    let grade = last["grade"].as_f64().unwrap();
    assert!((8.0..14.0).contains(&grade), "{stdout}");
    let first = &lines[0];
    for key in [
        "file", "line", "column", "end", "severity", "code", "message", "hint",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(first["file"], "many-errors.toml");
    // Sorted by position.
    let positions: Vec<(u64, u64)> = lines
        .iter()
        .map(|l| (l["line"].as_u64().unwrap(), l["column"].as_u64().unwrap()))
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted);
}

#[test]
fn missing_file_and_empty_folder_are_environment_errors() {
    let tmp = std::env::temp_dir().join(format!("brief-env-{}", std::process::id()));
    std::fs::create_dir_all(tmp.join("empty")).unwrap();
    let (code, _, stderr) = brief(&tmp, &["check", "nothere.toml"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error[B090]: cannot read nothere.toml: no such file or folder"),
        "{stderr}"
    );
    let (code, _, stderr) = brief(&tmp, &["check", "empty"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error[B091]: no briefs found in empty"),
        "{stderr}"
    );
    std::fs::write(tmp.join("briefs.toml"), "").unwrap();
    let (code, _, stderr) = brief(&tmp, &["check", "briefs.toml"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error[B092]: briefs.toml is not a brief"),
        "{stderr}"
    );
    let (code, _, stderr) = brief(&tmp, &["check", "--format", "yaml"]);
    assert_eq!(code, 2, "{stderr}");
    std::fs::remove_dir_all(&tmp).ok();
}

#[test]
fn huge_file_is_refused_with_a_message() {
    let tmp = std::env::temp_dir().join(format!("brief-huge-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("huge.toml"), "# x\n".repeat(2 * 1024 * 1024)).unwrap();
    let (code, _, stderr) = brief(&tmp, &["check", "huge.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B004]: file is too large (8192 KiB; the limit is 4096 KiB)"),
        "{stderr}"
    );
    assert!(stderr.contains("huge.toml"), "{stderr}");
    std::fs::remove_dir_all(&tmp).ok();
}
