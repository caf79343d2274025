//! The rules of a translation: it gives every text of its source, no item the source lacks, the
//! same citations in each text and the same figures, and says when the source changed after it
//! was last reviewed. Its texts also meet the rules any text meets (length, links).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::*;
use crate::diagnostic::{display_path, Severity};
use crate::load::translation::{fingerprint, source_texts, SourceText};
use crate::model::texts::{TextId, TextKey};

/// Check a translation (a brief with [`Brief::translation`]) against its source.
pub(super) fn check(b: &Brief, t: &Translation, ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let file = &b.file;
    let at = |p: Problem, span: Range<usize>| Diagnostic::at(p, file, span);
    let shown = display_path(&b.path).display().to_string();

    // The source must pass its own checks: a translation builds from it.
    let source_errors = super::brief(&t.source, ws)
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    if source_errors > 0 {
        let reason = format!(
            "has {source_errors} error{}",
            if source_errors == 1 { "" } else { "s" }
        );
        let problem = Problem::TranslationSource {
            path: t.of.value.clone(),
            reason,
        };
        out.push(at(problem, t.of.span.clone()));
    }
    if !is_language_tag(&b.language.value) {
        let problem = Problem::BadLanguage {
            tag: b.language.value.clone(),
        };
        out.push(at(problem, b.language.span.clone()));
    }

    let sources = source_texts(&t.source, &ws.stats);
    let given: HashMap<&TextKey, &Spanned<String>> =
        t.fields.iter().map(|f| (&f.key, &f.value)).collect();

    extras(t, &sources, file, out);
    translated(&sources, t, &given, &shown, file, out);
    // The text fields, the source's and the translation's in the same order (a translation is
    // its source with other texts): each translated one meets the rules of any text and cites
    // what its source text cites. An untranslated one is the source's, reported above.
    let translated: HashSet<&Range<usize>> = t.fields.iter().map(|f| &f.value.span).collect();
    for (theirs, ours) in t.source.markup_texts().into_iter().zip(b.markup_texts()) {
        if !translated.contains(&ours.span) {
            continue;
        }
        super::text_rules(ours, file, out);
        let what = sources.iter().find(|s| s.span == theirs.span);
        citations(what.map_or("a text", |s| &s.what), theirs, ours, file, out);
    }
    let total: usize = t.fields.iter().map(|f| f.value.value.chars().count()).sum();
    super::total_text(b, total, out);
    staleness(&sources, t, file, &shown, out);
}

/// Items and list elements the translation gives that the source does not have.
fn extras(
    t: &Translation,
    sources: &[SourceText],
    file: &Arc<SourceFile>,
    out: &mut Vec<Diagnostic>,
) {
    let at = |p: Problem, span: Range<usize>| Diagnostic::at(p, file, span);
    let source_ids = |table: &str| -> Vec<&str> {
        let ids = match table {
            "evidence" => t.source.evidence.iter().map(|e| &e.id).collect::<Vec<_>>(),
            _ => t.source.asks.iter().map(|a| &a.id).collect(),
        };
        ids.into_iter()
            .flatten()
            .map(|i| i.value.as_str())
            .collect()
    };
    let unknown: Vec<&TranslatedItem> = t
        .items
        .iter()
        .filter(|i| !source_ids(i.table).contains(&i.id.value.as_str()))
        .collect();
    for u in &unknown {
        let problem = Problem::NotInSource {
            what: format!("{} \"{}\"", u.table, u.id.value),
            suggestion: suggest(&u.id.value, source_ids(u.table)),
        };
        out.push(at(problem, u.id.span.clone()));
    }
    for f in &t.fields {
        // The fields of an item the source lacks are reported with the item.
        let in_unknown = unknown.iter().any(|u| f.key.item_key() == u.key());
        if !in_unknown && !sources.iter().any(|s| s.key == f.key) {
            let problem = Problem::NotInSource {
                what: f.key.what(),
                suggestion: None,
            };
            out.push(at(problem, f.value.span.clone()));
        }
    }
}

/// Every text of the source is translated, and each translated one keeps the source's title
/// length and figures.
fn translated(
    sources: &[SourceText],
    t: &Translation,
    given: &HashMap<&TextKey, &Spanned<String>>,
    shown: &str,
    file: &Arc<SourceFile>,
    out: &mut Vec<Diagnostic>,
) {
    let at = |p: Problem, span: Range<usize>| Diagnostic::at(p, file, span);
    for f in &t.fields {
        super::line_rules(f.key.id, &f.value.value, &f.value.span, file, out);
    }
    for s in sources {
        let Some(value) = given.get(&s.key).filter(|v| !v.value.trim().is_empty()) else {
            // How the translation writes it: a figure's or a quote's part inside its table, a
            // list's element in the list.
            let f = s.field;
            let field = match (s.key.part, s.key.index) {
                (Some(part), _) => format!("{f} = {{ {part} = \"...\" }}"),
                (_, Some(n)) => {
                    format!("{f} = [...] with one text per the source's, this one number {n}")
                }
                _ => format!("{f} = \"...\""),
            };
            let problem = Problem::Untranslated {
                what: s.what.clone(),
                translation: shown.to_string(),
                table: s.table.clone(),
                field,
            };
            out.push(Diagnostic::at(problem, &t.source.file, s.span.clone()));
            continue;
        };
        if s.key.id == TextId::Title && value.value.chars().count() > TITLE_LIMIT {
            let len = value.value.chars().count();
            let problem = Problem::TitleTooLong {
                len,
                limit: TITLE_LIMIT,
            };
            out.push(at(problem, value.span.clone()));
        }
        figures(s, value, &t.source, file, out);
    }
}

/// A translated text cites exactly what its source text cites.
fn citations(
    what: &str,
    theirs: &Text,
    ours: &Text,
    file: &Arc<SourceFile>,
    out: &mut Vec<Diagnostic>,
) {
    let keys = |m: &Markup| {
        let mut k: Vec<String> = m.citations().iter().map(|c| c.key.clone()).collect();
        k.sort();
        k
    };
    // What the source cites and the translation does not, and the other way round.
    let mut missing = keys(&theirs.markup);
    let mut extra = Vec::new();
    for k in keys(&ours.markup) {
        match missing.iter().position(|m| *m == k) {
            Some(i) => {
                missing.remove(i);
            }
            None => extra.push(k),
        }
    }
    if missing.is_empty() && extra.is_empty() {
        return;
    }
    let problem = Problem::CitationsDiffer {
        what: what.to_string(),
        missing,
        extra,
    };
    out.push(Diagnostic::at(problem, file, ours.span.clone()));
}

/// A figure in a text: its digits alone (what must agree) and how and where it is written.
struct Figure {
    digits: String,
    written: String,
    span: Range<usize>,
}

/// The figures of a text: runs of digits with `,` `.` or a space (thin, no-break or plain, before
/// a group of three) between digit groups. `74.4` and `74,4`, `1,200` and `1 200` are one figure.
fn figures_of(text: &str) -> Vec<Figure> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        // Digits inside a name (COVID19, B2B) are not a figure.
        if i > 0 && chars[i - 1].1.is_alphabetic() {
            while i < chars.len() && chars[i].1.is_alphanumeric() {
                i += 1;
            }
            continue;
        }
        let start = i;
        let mut end = i;
        let mut group = 0;
        while end < chars.len() {
            let c = chars[end].1;
            if c.is_ascii_digit() {
                group += 1;
                end += 1;
                continue;
            }
            let next_digits = chars[end + 1..]
                .iter()
                .take_while(|(_, c)| c.is_ascii_digit())
                .count();
            let joins = match c {
                ',' | '.' => next_digits > 0,
                '\u{202f}' | '\u{a0}' | '\u{2009}' | ' ' => group <= 3 && next_digits == 3,
                _ => false,
            };
            if !joins {
                break;
            }
            group = 0;
            end += 1;
        }
        let from = chars[start].0;
        let to = chars.get(end).map_or(text.len(), |c| c.0);
        let written = &text[from..to];
        out.push(Figure {
            digits: canonical(written),
            written: written.to_string(),
            span: from..to,
        });
        i = end;
    }
    out
}

/// A figure as a number, whatever its separators: a `,` or `.` before a group of exactly three
/// digits groups thousands, before any other number of digits it marks the decimals (so `74.4`
/// and `74,4` agree, and `8.5` does not agree with `85`); spaces always group thousands.
fn canonical(written: &str) -> String {
    let mut whole = String::new();
    let mut decimals = String::new();
    let mut groups = written
        .split(|c: char| !c.is_ascii_digit())
        .zip(std::iter::once(' ').chain(written.chars().filter(|c| !c.is_ascii_digit())))
        .peekable();
    while let Some((group, before)) = groups.next() {
        let last = groups.peek().is_none();
        let decimal = matches!(before, ',' | '.') && group.len() != 3 && last;
        if decimal {
            decimals.push_str(group);
        } else {
            whole.push_str(group);
        }
    }
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    match decimals.trim_end_matches('0') {
        "" => whole.to_string(),
        d => format!("{whole}.{d}"),
    }
}

/// Each figure of a source text is in its translation; one that is not is named beside the
/// translation's figure in its place.
fn figures(
    s: &SourceText,
    value: &Spanned<String>,
    source: &Brief,
    file: &Arc<SourceFile>,
    out: &mut Vec<Diagnostic>,
) {
    let theirs = figures_of(&s.text);
    if theirs.is_empty() {
        return;
    }
    let mut ours = figures_of(&value.value);
    let mut missing = Vec::new();
    for f in theirs {
        match ours.iter().position(|o| o.digits == f.digits) {
            Some(i) => {
                ours.remove(i);
            }
            None => missing.push(f),
        }
    }
    let source_map = crate::load::offset_map(&source.file, &s.span, &s.text);
    let ours_map = crate::load::offset_map(file, &value.span, &value.value);
    let mut unmatched = ours.into_iter();
    for f in missing {
        let at_source = source_map.base.map_or(s.span.start, |b| b + f.span.start);
        let (line, col) = source.file.line_col(at_source);
        let source_at = format!("{}:{line}:{col}", display_path(&source.file.path).display());
        let found = unmatched.next();
        let span = match (&found, ours_map.base) {
            (Some(o), Some(base)) => base + o.span.start..base + o.span.end,
            _ => value.span.clone(),
        };
        let problem = Problem::FigureMissing {
            what: s.what.clone(),
            figure: f.written,
            source_at,
            found: found.map(|o| o.written),
        };
        out.push(Diagnostic::at(problem, file, span));
    }
}

/// Texts of the source that changed after the translation was last reviewed.
fn staleness(
    sources: &[SourceText],
    t: &Translation,
    file: &Arc<SourceFile>,
    shown: &str,
    out: &mut Vec<Diagnostic>,
) {
    for s in sources {
        let key = s.key.to_string();
        let Some((_, recorded)) = t.reviewed.iter().find(|(k, _)| *k == key) else {
            continue;
        };
        if recorded.value == fingerprint(&s.text) {
            continue;
        }
        let (line, col) = t.source.file.line_col(s.span.start);
        let source_at = format!(
            "{}:{line}:{col}",
            display_path(&t.source.file.path).display()
        );
        // At the translated text, else its item's table, else the record itself.
        let span = t
            .fields
            .iter()
            .find(|f| f.key == s.key)
            .map(|f| f.value.span.clone())
            .or_else(|| {
                t.items
                    .iter()
                    .find(|i| i.key() == s.key.item_key())
                    .map(|i| i.span.clone())
            })
            .unwrap_or_else(|| recorded.span.clone());
        let words: Vec<&str> = s.text.split_whitespace().collect();
        let now = if words.len() > 16 {
            format!("{} …", words[..16].join(" "))
        } else {
            words.join(" ")
        };
        let problem = Problem::SourceChanged {
            what: s.what.clone(),
            source_at,
            now,
            translation: shown.to_string(),
        };
        out.push(Diagnostic::at(problem, file, span));
    }
}

#[cfg(test)]
mod tests {
    use super::figures_of;

    fn digits(text: &str) -> Vec<String> {
        figures_of(text).into_iter().map(|f| f.digits).collect()
    }

    #[test]
    fn figures_agree_across_separators() {
        assert_eq!(digits("74.4 million reports"), ["74.4"]);
        assert_eq!(digits("74,4 millions de signalements"), ["74.4"]);
        assert_eq!(digits("8.5% and 8,5 % but 85 %"), ["8.5", "8.5", "85"]);
        assert_eq!(
            digits("1.200 Fälle, 3,141 and 0.50"),
            ["1200", "3141", "0.5"]
        );
        assert_eq!(
            digits("1,200 cases and 1\u{202f}200 cas, 1 200"),
            ["1200", "1200", "1200"]
        );
        assert_eq!(digits("70% in 2023, 12 of them"), ["70", "2023", "12"]);
        assert_eq!(digits("in 2023 100 more"), ["2023", "100"]);
        assert_eq!(digits("COVID19 and B2B"), Vec::<String>::new());
        assert_eq!(digits("the end."), Vec::<String>::new());
        assert_eq!(digits("by 2024."), ["2024"]);
    }
}
