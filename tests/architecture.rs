//! The shape of the code, read from `src/`: the dependencies between top-level modules point one
//! way (no cycle), no file or function grows past what a reader takes in, and a brief's texts are
//! named in the catalogue of texts, not listed by hand across the stages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under a folder, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file of `src/` belongs to (`src/load/tree.rs` → `load`); none for
/// `lib.rs` and `main.rs`.
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The code of a file without its comments and test modules: what it depends on to run.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file's code names: `crate::x` anywhere, and each name inside
/// `use crate::{a, b::c}`.
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name = ident(part.trim());
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// Which top-level module names which, from the code of `src/`.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let modules: BTreeSet<String> = rust_files(&src())
        .iter()
        .filter_map(|p| module_of(p))
        .collect();
    for path in rust_files(&src()) {
        let Some(module) = module_of(&path) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let deps = graph.entry(module.clone()).or_default();
        for dep in named_modules(&code(&text)) {
            if dep != module && modules.contains(&dep) {
                deps.insert(dep);
            }
        }
    }
    graph
}

/// A path of dependencies from `from` back to itself, if there is one.
fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![(from.to_string(), vec![from.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == from {
                let mut cycle = path.clone();
                cycle.push(from.to_string());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_module_depends_on_one_that_depends_on_it() {
    let graph = dependencies();
    assert!(
        graph.len() > 10,
        "the modules of src/ were not found: {graph:?}"
    );
    // The reader must see the arrows it is meant to: a known one is there.
    assert!(graph["render"].contains("cite"), "{graph:?}");
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_through(&graph, m))
        .map(|c| c.join(" → "))
        .collect();
    assert!(
        cycles.is_empty(),
        "dependency cycles:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    graph.entry("d".into()).or_default().insert("a".into());
    assert_eq!(cycle_through(&graph, "a").unwrap(), ["a", "b", "c", "a"]);
    assert_eq!(cycle_through(&graph, "d"), None);
    let named = named_modules("use crate::{model::Brief, paths};\nlet x = crate::cite::format();");
    assert_eq!(
        named.into_iter().collect::<Vec<_>>(),
        ["cite", "model", "paths"]
    );
}

#[test]
fn no_source_file_is_over_800_lines() {
    let long: Vec<String> = rust_files(&src())
        .into_iter()
        .map(|p| (std::fs::read_to_string(&p).unwrap().lines().count(), p))
        .filter(|(n, _)| *n > 800)
        .map(|(n, p)| format!("{} ({n} lines)", p.display()))
        .collect();
    assert!(long.is_empty(), "files over 800 lines: {long:?}");
}

/// Each function's name, file and length in lines, found by its braces (strings and characters
/// skipped, so a `{` inside one does not count).
fn functions() -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for path in rust_files(&src()) {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            let t = t
                .strip_prefix("pub ")
                .or_else(|| t.strip_prefix("pub(crate) "))
                .unwrap_or(t);
            let t = t.strip_prefix("pub(super) ").unwrap_or(t);
            let t = t.strip_prefix("const ").unwrap_or(t);
            let Some(rest) = t.strip_prefix("fn ") else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let (mut depth, mut opened) = (0i32, false);
            let mut end = i;
            'lines: for (j, l) in lines.iter().enumerate().skip(i) {
                let mut chars = l.chars().peekable();
                let mut in_str = false;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' if in_str => {
                            chars.next();
                        }
                        '"' => in_str = !in_str,
                        '/' if !in_str && chars.peek() == Some(&'/') => break,
                        '\'' if !in_str => {
                            // A character literal: skip it whole; a lifetime has no closing quote.
                            let ahead: String = chars.clone().take(3).collect();
                            if ahead.starts_with('\\') {
                                chars.nth(2);
                            } else if ahead.chars().nth(1) == Some('\'') {
                                chars.nth(1);
                            }
                        }
                        '{' if !in_str => {
                            depth += 1;
                            opened = true;
                        }
                        '}' if !in_str => depth -= 1,
                        ';' if !in_str && !opened => break 'lines,
                        _ => {}
                    }
                }
                end = j;
                if opened && depth <= 0 {
                    break;
                }
            }
            if opened {
                let rel = path.strip_prefix(src()).unwrap().display().to_string();
                out.push((end - i + 1, format!("{rel}: {name}")));
            }
        }
    }
    out
}

#[test]
fn functions_stay_short() {
    let functions = functions();
    assert!(
        functions.len() > 300,
        "functions were not found: {}",
        functions.len()
    );
    let over = |n: usize| -> Vec<String> {
        functions
            .iter()
            .filter(|(len, _)| *len > n)
            .map(|(len, name)| format!("{name} ({len} lines)"))
            .collect()
    };
    assert!(
        over(120).is_empty(),
        "functions over 120 lines: {:?}",
        over(120)
    );
    assert!(
        over(100).len() <= 3,
        "more than three functions over 100 lines: {:?}",
        over(100)
    );
}

/// The files of `src/` whose code spells a key as a string (`"claim"`).
fn files_spelling(key: &str) -> Vec<String> {
    let quoted = format!("\"{key}\"");
    rust_files(&src())
        .into_iter()
        .filter(|p| std::fs::read_to_string(p).unwrap().contains(&quoted))
        .map(|p| p.strip_prefix(src()).unwrap().display().to_string())
        .collect()
}

#[test]
fn each_text_of_a_brief_is_named_in_the_catalogue() {
    for key in [
        "key-messages",
        "claim",
        "detail",
        "action",
        "subtitle",
        "audience",
        "rationale",
        "context",
    ] {
        let files = files_spelling(key);
        assert!(
            files.contains(&"model/texts.rs".to_string()),
            "\"{key}\" is not in the catalogue: {files:?}"
        );
        assert!(files.len() <= 2, "\"{key}\" is spelled in {files:?}");
    }
}
