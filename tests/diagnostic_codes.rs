//! The diagnostic codes against their table in `docs/format.md`: the same codes, each with the
//! same severity and exit status, so that what users look up is what the tool says.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use brief::diagnostic::{Problem, Severity};

/// What a code can be: its severities (one, or both where a field decides) and whether it exits 2.
#[derive(Debug, Default, PartialEq)]
struct Facts {
    severities: BTreeSet<&'static str>,
    environment: bool,
}

/// Every problem of the catalogue, and those whose fields make them the other severity: a
/// template's warnings keep the code of its errors, a placeholder is an error in a final brief.
fn problems() -> Vec<Problem> {
    let mut all = Problem::examples();
    all.push(Problem::Typst {
        message: String::new(),
        hints: Vec::new(),
        warning: true,
    });
    // A placeholder is an error in a final brief.
    all.push(Problem::Placeholder {
        what: String::new(),
        value: String::new(),
        others: Vec::new(),
        final_brief: Some(String::new()),
    });
    all
}

/// The codes as the code has them.
fn in_code() -> BTreeMap<String, Facts> {
    let mut codes: BTreeMap<String, Facts> = BTreeMap::new();
    for problem in problems() {
        let facts = codes.entry(problem.code().to_string()).or_default();
        facts.severities.insert(match problem.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        });
        facts.environment |= problem.is_environment();
    }
    codes
}

/// The codes as the table of `docs/format.md` has them: rows `| B001 | error | … |`, the
/// severity `error`, `warning`, `error or warning` or `error (exit 2)`.
fn in_docs() -> BTreeMap<String, Facts> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let section = doc
        .split("\n## Diagnostics\n")
        .nth(1)
        .expect("docs/format.md has a Diagnostics section");
    let section = section.split("\n## ").next().unwrap();
    let mut codes = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with("| B")) {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let (severity, environment) = match cells[1].strip_suffix(" (exit 2)") {
            Some(severity) => (severity, true),
            None => (cells[1], false),
        };
        let severities = severity
            .split(" or ")
            .map(|s| match s {
                "error" => "error",
                "warning" => "warning",
                other => panic!("{}: unknown severity \"{other}\"", cells[0]),
            })
            .collect();
        let facts = Facts {
            severities,
            environment,
        };
        let again = codes.insert(cells[0].to_string(), facts);
        assert!(again.is_none(), "{} is listed twice", cells[0]);
    }
    codes
}

#[test]
fn docs_list_every_code_and_no_other() {
    let (code, docs) = (in_code(), in_docs());
    assert!(docs.len() > 50, "the table was not found: {docs:?}");
    let undocumented: Vec<&String> = code.keys().filter(|c| !docs.contains_key(*c)).collect();
    let unknown: Vec<&String> = docs.keys().filter(|c| !code.contains_key(*c)).collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty(),
        "codes missing from docs/format.md: {undocumented:?}; codes in docs/format.md that the \
         tool does not have: {unknown:?}"
    );
}

#[test]
fn docs_give_each_code_its_severity_and_exit_status() {
    let docs = in_docs();
    let wrong: Vec<String> = in_code()
        .into_iter()
        .filter_map(|(code, facts)| {
            let documented = docs.get(&code)?;
            (*documented != facts).then(|| format!("{code}: docs {documented:?}, code {facts:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn no_two_problems_share_a_code() {
    let mut seen = BTreeSet::new();
    let twice: Vec<&str> = Problem::examples()
        .iter()
        .map(Problem::code)
        .filter(|code| !seen.insert(*code))
        .collect();
    assert!(twice.is_empty(), "codes given to two problems: {twice:?}");
}

#[test]
fn every_problem_says_what_to_do_in_our_wording() {
    for problem in problems() {
        let (code, message) = (problem.code(), problem.to_string());
        let hints = problem.hints();
        assert!(!hints.is_empty(), "{code} has no hint");
        assert!(
            !message.starts_with(char::is_uppercase),
            "{code}: \"{message}\" starts with a capital"
        );
        for text in std::iter::once(&message).chain(&hints) {
            assert!(
                !text.ends_with('.'),
                "{code}: \"{text}\" ends with a period"
            );
        }
    }
}
