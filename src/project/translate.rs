//! `brief translate`: start a translation of a brief (every text to translate, the source's text
//! beside it as a comment, values empty so that `check` lists what remains), and record that a
//! translation was reviewed against the source as it now reads (a fingerprint per text, kept in
//! the translation's `[reviewed]` table, written with `toml_edit` so the file keeps its comments).

use std::path::{Path, PathBuf};

use crate::diagnostic::{display_path, Diagnostic, Problem, Severity};
use crate::load::translation::{fingerprint, source_texts, SourceText};
use crate::model::texts::TextKey;
use crate::model::{Brief, Stat};

/// Write `NAME.LANG.toml` beside `source`, for `language`; returns its path. Refuses to replace a
/// file, to translate a translation and a malformed language tag.
pub fn start(source: &Path, language: &str) -> Result<PathBuf, Vec<Diagnostic>> {
    if !crate::check::is_language_tag(language) {
        let problem = Problem::BadLanguage {
            tag: language.into(),
        };
        return Err(vec![Diagnostic::bare(problem)]);
    }
    let brief = load_clean(source)?;
    if brief.translation.is_some() {
        let problem = Problem::TranslationSource {
            path: display_path(source).display().to_string(),
            reason: "is itself a translation: translate its source".into(),
        };
        return Err(vec![Diagnostic::bare(problem)]);
    }
    let stem = source
        .file_stem()
        .map_or_else(|| "brief".into(), |s| s.to_string_lossy().into_owned());
    let path = crate::paths::folder_of(source).join(format!("{stem}.{language}.toml"));
    if path.exists() {
        let shown = display_path(&path).display().to_string();
        return Err(vec![Diagnostic::bare(Problem::Exists { path: shown })]);
    }
    let name = source
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let stats = crate::load::workspace(source)
        .value
        .map(|ws| ws.stats)
        .unwrap_or_default();
    let text = skeleton(&brief, &stats, &name, language);
    crate::paths::write_atomic(&path, text.as_bytes()).map_err(|d| vec![d])?;
    Ok(path)
}

/// Record in a translation the source texts it was reviewed against; returns how many.
pub fn accept(path: &Path) -> Result<usize, Vec<Diagnostic>> {
    let brief = load_clean(path)?;
    let Some(t) = &brief.translation else {
        let problem = Problem::TranslationSource {
            path: display_path(path).display().to_string(),
            reason: "is not a translation (it has no `translation-of`)".into(),
        };
        return Err(vec![Diagnostic::bare(problem)]);
    };
    let given = |key: &TextKey| {
        t.fields
            .iter()
            .any(|f| f.key == *key && !f.value.value.trim().is_empty())
    };
    let mut doc: toml_edit::DocumentMut =
        brief.file.text.parse().map_err(|e: toml_edit::TomlError| {
            vec![Diagnostic::bare(Problem::Syntax {
                message: e.message().to_string(),
            })]
        })?;
    let mut reviewed = toml_edit::Table::new();
    reviewed.decor_mut().set_prefix(
        "\n# Written by `brief translate --accept`: the source texts this translation was last\n\
         # reviewed against. `brief check` says which changed since.\n",
    );
    let stats = crate::load::workspace(path)
        .value
        .map(|ws| ws.stats)
        .unwrap_or_default();
    let mut count = 0;
    for s in source_texts(&t.source, &stats)
        .into_iter()
        .filter(|s| given(&s.key))
    {
        reviewed.insert(&s.key.to_string(), toml_edit::value(fingerprint(&s.text)));
        count += 1;
    }
    doc.remove("reviewed");
    doc.insert("reviewed", toml_edit::Item::Table(reviewed));
    crate::paths::write_atomic(path, doc.to_string().as_bytes()).map_err(|d| vec![d])?;
    Ok(count)
}

/// A brief that loads without errors (warnings are fine here).
fn load_clean(path: &Path) -> Result<Brief, Vec<Diagnostic>> {
    let loaded = crate::load::brief(path);
    let failed = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Error);
    match loaded.value {
        Some(b) if !failed => Ok(b),
        _ => Err(loaded.diagnostics),
    }
}

/// The text of a new translation: every text of the source, empty, under its source text.
fn skeleton(source: &Brief, stats: &[Stat], name: &str, language: &str) -> String {
    let texts = source_texts(source, stats);
    let mut out = format!(
        "# A translation of {name} into {language}.\n\
         # Translate every \"\" below (the source's text is above each); `brief check` lists what\n\
         # remains. Everything else (ids, order, dates, deadlines, sources, names, the layout) comes\n\
         # from the source, so the two editions cannot differ in it. After a review, record it with\n\
         # `brief translate --accept` on this file: `check` then says when a source text changes.\n\
         translation-of = {}\n\
         language = {}\n",
        quote(name),
        quote(language)
    );
    let mut table: Option<Option<String>> = None;
    let mut i = 0;
    while i < texts.len() {
        let s = &texts[i];
        if table.as_ref() != Some(&s.table) {
            if let Some(t) = &s.table {
                out.push_str(&format!("\n{t}\n"));
            }
            table = Some(s.table.clone());
        }
        // The texts written under one key: a list's elements, a figure's or quote's parts.
        let group: Vec<&SourceText> = texts[i..]
            .iter()
            .take_while(|o| o.table == s.table && o.field == s.field)
            .collect();
        i += group.len();
        out.push('\n');
        if s.key.part.is_some() {
            let parts: Vec<&str> = group.iter().filter_map(|o| o.key.part).collect();
            for (o, part) in group.iter().zip(&parts) {
                comment(&mut out, &format!("{part}: {}", o.text));
            }
            let fields: Vec<String> = parts.iter().map(|p| format!("{p} = \"\"")).collect();
            out.push_str(&format!("{} = {{ {} }}\n", s.field, fields.join(", ")));
        } else if s.key.index.is_some() {
            out.push_str(&format!("{} = [\n", s.field));
            for o in &group {
                comment_indented(&mut out, &o.text);
                out.push_str("  \"\",\n");
            }
            out.push_str("]\n");
        } else {
            comment(&mut out, &s.text);
            out.push_str(&format!("{} = \"\"\n", s.field));
        }
    }
    out
}

/// A source text as comment lines above its key, wrapped to be read beside the file's text.
fn comment(out: &mut String, text: &str) {
    comment_with(out, text, "# ");
}

fn comment_indented(out: &mut String, text: &str) {
    comment_with(out, text, "  # ");
}

fn comment_with(out: &mut String, text: &str, lead: &str) {
    for line in text.trim_end().lines() {
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && lead.len() + current.len() + word.len() >= 98 {
                out.push_str(&format!("{lead}{current}\n"));
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(format!("{lead}{current}").trim_end());
        out.push('\n');
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}
