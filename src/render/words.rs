//! The words the layouts print themselves ("Our position", "Page 2 of 3", month names, a
//! statement's call to action), one data file per language: English and French are embedded
//! (`assets/i18n/`), and a workspace adds or overrides a language with its own
//! `assets/i18n/LANGUAGE.toml`. A word a language lacks is printed in English, with a warning.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::diagnostic::{suggest, Diagnostic, Problem, SourceFile};
use crate::model::Workspace;

/// The embedded languages: (language, file text).
const EMBEDDED: &[(&str, &str)] = &[
    ("en", include_str!("../../assets/i18n/en.toml")),
    ("fr", include_str!("../../assets/i18n/fr.toml")),
];

/// The words of one language, complete: what it lacks is English.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    /// `[words]`: the names templates use (`data.words.our-position`) and their text.
    pub words: BTreeMap<String, String>,
    /// `[dates] months`: January to December.
    pub months: Vec<String>,
    /// `[call]`: how a statement turns asks into sentences.
    pub call: Call,
}

impl Words {
    /// A word by name; English fills every gap, so only a name no language has comes back as
    /// itself.
    pub fn word<'a>(&'a self, name: &'a str) -> &'a str {
        self.words.get(name).map_or(name, String::as_str)
    }
}

/// How a statement's call to action is worded in one language (`[call]` of a words file).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Call {
    /// Opens the first sentence: "We urge ".
    pub urge: String,
    /// Opens every other sentence: "We call on ".
    pub call_on: String,
    /// Between the recipient and an imperative action: " to ".
    pub to: String,
    /// Between the recipient and a negated action: " not to ".
    pub not_to: String,
    /// Before the deadline: " by ".
    pub by: String,
    /// Between the recipient and an action quoted whole: ": ".
    pub colon: String,
    /// Openings that negate an action ("Don't ").
    #[serde(default)]
    pub negations: Vec<String>,
    /// Politeness dropped before an imperative ("Please ").
    #[serde(default)]
    pub please: Vec<String>,
    /// Modal verbs that make an action a whole sentence ("must").
    #[serde(default)]
    pub modals: Vec<String>,
    /// Verbs of command in their plain form ("halt"), for languages that mark them by list.
    #[serde(default)]
    pub imperatives: Vec<String>,
    /// Infinitive endings ("er"), for languages whose calls take an infinitive.
    #[serde(default)]
    pub verb_endings: Vec<String>,
    /// The article an institution's name takes in a sentence ("the "), for languages where a
    /// recipient written as a name ("Ministry of Transportation") needs one.
    #[serde(default)]
    pub article: String,
    /// The first words of names that take `article`: "We urge the Ministry of …", but "We urge
    /// Parliament" and "We urge Meta".
    #[serde(default)]
    pub takes_article: Vec<String>,
}

/// A words file as written: every table optional, so a workspace file may hold only some words.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    words: BTreeMap<String, String>,
    #[serde(default)]
    dates: Option<Dates>,
    #[serde(default)]
    call: Option<Call>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Dates {
    months: Vec<String>,
}

/// The embedded file of a language, parsed once per process.
fn embedded(language: &str) -> Option<&'static File> {
    static PARSED: OnceLock<Vec<(&'static str, File)>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        EMBEDDED
            .iter()
            .map(|(lang, text)| {
                let file = toml::from_str(text)
                    .unwrap_or_else(|e| panic!("embedded words file {lang}.toml is broken: {e}"));
                (*lang, file)
            })
            .collect()
    });
    parsed.iter().find(|(l, _)| *l == language).map(|(_, f)| f)
}

/// English, complete by construction (a test keeps it so).
fn english() -> Words {
    let en = embedded("en").expect("English is embedded");
    Words {
        words: en.words.clone(),
        months: en
            .dates
            .as_ref()
            .map(|d| d.months.clone())
            .unwrap_or_default(),
        call: en.call.clone().expect("English has [call]"),
    }
}

/// The names of every layout word: those of the English file.
pub fn names() -> Vec<&'static str> {
    embedded("en")
        .map(|f| f.words.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

impl Words {
    /// The words for a brief's language tag (`fr-CA` looks for `fr-CA`, then `fr`): the
    /// workspace's file first, then the embedded one, then English word by word. The warnings
    /// name every word that falls back to English, and a language with no words at all.
    pub fn for_language(tag: &str, ws: &Workspace) -> (Words, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let primary = tag.split('-').next().unwrap_or(tag).to_lowercase();
        let mut candidates = vec![tag.to_string()];
        if !primary.eq_ignore_ascii_case(tag) {
            candidates.push(primary.clone());
        }
        let workspace = candidates.iter().find_map(|c| {
            ws.languages
                .iter()
                .find(|f| file_language(f).is_some_and(|l| l.eq_ignore_ascii_case(c)))
        });
        let built_in = embedded(&primary);
        let mut words = english();
        if primary == "en" && workspace.is_none() {
            return (words, diags);
        }
        // Layers, the later winning: the embedded language, then the workspace's file.
        let mut layers: Vec<&File> = built_in.into_iter().collect();
        let parsed = workspace.and_then(|f| parse(f, &mut diags));
        layers.extend(parsed.as_ref());
        if layers.is_empty() {
            if workspace.is_none() {
                diags.push(Diagnostic::bare(Problem::NoWords { language: primary }));
            }
            return (words, diags);
        }
        let have = |name: &str| layers.iter().any(|l| l.words.contains_key(name));
        let mut missing: Vec<String> = names()
            .into_iter()
            .filter(|n| !have(n))
            .map(|n| format!("\"{n}\""))
            .collect();
        for layer in &layers {
            for (k, v) in &layer.words {
                words.words.insert(k.clone(), v.clone());
            }
        }
        let months = layers.iter().rev().find_map(|l| l.dates.as_ref());
        let call = layers.iter().rev().find_map(|l| l.call.as_ref());
        if months.is_none() {
            missing.push("[dates] months".into());
        }
        if call.is_none() {
            missing.push("[call]".into());
        }
        if !missing.is_empty() {
            let problem = Problem::MissingWord {
                language: primary.clone(),
                words: missing,
            };
            diags.push(match workspace {
                Some(f) => Diagnostic::at(problem, f, table_span(&f.text, "[words]")),
                None => Diagnostic::bare(problem),
            });
        }
        if let Some(d) = months {
            words.months = d.months.clone();
        }
        if let Some(c) = call {
            words.call = c.clone();
        }
        (words, diags)
    }

    /// A month's name, 1-based.
    pub fn month(&self, month: u32) -> &str {
        self.months
            .get(month as usize - 1)
            .map_or("", String::as_str)
    }
}

/// The language a workspace words file is for: its file name without `.toml`.
fn file_language(f: &SourceFile) -> Option<&str> {
    f.path.file_stem().and_then(|s| s.to_str())
}

/// Parse a workspace words file, reporting syntax errors, unknown tables and unknown words.
fn parse(f: &std::sync::Arc<SourceFile>, diags: &mut Vec<Diagnostic>) -> Option<File> {
    match toml::from_str::<File>(&f.text) {
        Ok(file) => {
            let known = names();
            for name in file.words.keys() {
                if !known.contains(&name.as_str()) {
                    let span = key_span(&f.text, name);
                    let problem = Problem::UnknownKey {
                        key: name.clone(),
                        table: "[words]".into(),
                        suggestion: suggest(name, known.iter().copied()),
                        known: known.iter().map(|k| k.to_string()).collect(),
                    };
                    diags.push(Diagnostic::at(problem, f, span));
                }
            }
            if let Some(d) = &file.dates {
                if d.months.len() != 12 {
                    let problem = Problem::WrongType {
                        key: "months".into(),
                        expected: "twelve month names",
                        found: "another number of names",
                        example: "[\"January\", ..., \"December\"]",
                    };
                    diags.push(Diagnostic::at(problem, f, key_span(&f.text, "months")));
                    return None;
                }
            }
            Some(file)
        }
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().to_string();
            diags.push(Diagnostic::at(Problem::Syntax { message }, f, span));
            None
        }
    }
}

/// Where a table header such as `[words]` is written (the file's start when it is not).
fn table_span(text: &str, header: &str) -> std::ops::Range<usize> {
    text.find(header)
        .map_or(0..0, |start| start..start + header.len())
}

/// Where `name = ` is written at the start of a line, for pointing at a word.
fn key_span(text: &str, name: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(name) && trimmed[name.len()..].trim_start().starts_with('=') {
            let start = offset + (line.len() - trimmed.len());
            return start..start + name.len();
        }
        offset += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_language_has_every_word() {
        let names = names();
        assert!(names.contains(&"our-position") && names.len() >= 20);
        for (lang, _) in EMBEDDED {
            let f = embedded(lang).unwrap();
            let keys: Vec<&str> = f.words.keys().map(String::as_str).collect();
            assert_eq!(keys, names, "{lang}.toml");
            assert_eq!(f.dates.as_ref().unwrap().months.len(), 12, "{lang}.toml");
            assert!(f.call.is_some(), "{lang}.toml has [call]");
        }
    }
}
