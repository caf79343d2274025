//! Data briefs: a brief with `[data]` is an edition per row of its data file. Each selected row
//! becomes an entry of the project, the brief with the row's values in its `{{column}}`
//! placeholders and chart values, checked on its own; a row's problem is reported at its line
//! in the data file and stops that row only. The brief's own warnings are said once.

use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::{Entry, Project, Stage};
use crate::diagnostic::{suggest, Diagnostic, Problem, Severity};
use crate::load::data::{DataSet, Row};
use crate::model::placeholder::{self, Piece};
use crate::model::{Brief, Workspace};

/// Which rows a run builds: all, the one whose key (or its slug) is `only`, and of those the
/// `shard`-th part of `of` (1-based), rows dealt in turn.
#[derive(Debug, Clone, Default)]
pub struct RowChoice {
    pub only: Option<String>,
    pub shard: Option<(usize, usize)>,
}

/// Which row of its data brief an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowName {
    /// The key column's value.
    pub key: String,
    /// The edition's file name, without extension: unique within the brief.
    pub slug: String,
}

/// The placeholders written in a brief's file (comments aside), with their spans.
pub fn written(b: &Brief) -> Vec<(String, Range<usize>)> {
    let text = &b.file.text;
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim_start().starts_with('#') {
            for (r, piece) in placeholder::scan(line) {
                if let Piece::Column(c) = piece {
                    out.push((c.to_string(), at + r.start..at + r.end));
                }
            }
        }
        at += line.len();
    }
    out
}

/// A brief without `[data]` whose chart values name columns: an error at each.
pub fn without_data(b: &Brief) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in b.evidence.iter().filter_map(|e| e.chart.as_ref()) {
        for s in &c.series {
            for (i, column) in &s.placeholders {
                let problem = Problem::UnknownColumn {
                    column: column.clone(),
                    suggestion: None,
                    no_data: true,
                };
                let at = s.values.get(*i).map_or(s.span.clone(), |v| v.span.clone());
                out.push(Diagnostic::at(problem, &b.file, at));
            }
        }
    }
    out
}

/// A key as a file name: letters folded to ASCII ("Trois-Rivières" → "trois-rivieres").
pub fn slug(key: &str) -> String {
    let folded: String = key
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                'a'
            }
            'ç' | 'Ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => {
                'o'
            }
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ý' | 'ÿ' | 'Ý' => 'y',
            'œ' | 'Œ' => 'o',
            'æ' | 'Æ' => 'a',
            'ß' => 's',
            c => c,
        })
        .collect();
    let s = crate::diagnostic::slug(&folded);
    if s.is_empty() {
        "row".into()
    } else {
        s
    }
}

/// A number as a data file writes it: digits with a decimal point, or thousands grouped by
/// commas ("1,200") or spaces.
fn number(value: &str) -> Option<f64> {
    let v = value.trim();
    if let Ok(n) = v.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let groups: Vec<&str> = int.split([',', ' ', '\u{a0}', '\u{202f}']).collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].trim_start_matches('-').len())
        && groups[1..].iter().all(|g| g.len() == 3);
    if !grouped {
        return None;
    }
    let joined = format!(
        "{}.{}",
        groups.concat(),
        if frac.is_empty() { "0" } else { frac }
    );
    joined.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The brief as one row gives it: its texts filled in, its chart values read. `Err` holds the
/// row's problems, each at its line in the data file.
pub fn expand(b: &Brief, data: &DataSet, row: &Row) -> Result<Brief, Vec<Diagnostic>> {
    let mut out = b.clone();
    // Each value marked, so that typography leaves it as the data file writes it; a number
    // written with its thousands grouped, or of five digits or more, in the brief's language
    // ("2,343" in an English brief is "2 343" in a French one); a year stays a year.
    let tag = b.language.value.clone();
    let value = |c: &str| {
        row.get(c).map(|v| {
            let digits = v
                .trim()
                .trim_start_matches('-')
                .split('.')
                .next()
                .unwrap_or_default();
            let grouped = digits.contains([',', ' ', '\u{a0}', '\u{202f}']);
            let shown = match number(v) {
                Some(n) if grouped || digits.len() >= 5 => crate::render::chart::number(n, &tag),
                _ => v.to_string(),
            };
            format!(
                "{}{shown}{}",
                placeholder::VALUE_START,
                placeholder::VALUE_END
            )
        })
    };
    out.map_texts(&|s| placeholder::fill(s, &value));
    let mut problems = Vec::new();
    for chart in out.evidence.iter_mut().filter_map(|e| e.chart.as_mut()) {
        for s in &mut chart.series {
            for (i, column) in std::mem::take(&mut s.placeholders) {
                let raw = row.get(&column).unwrap_or_default();
                match (number(raw), s.values.get_mut(i)) {
                    (Some(n), Some(v)) => v.value = n,
                    (_, v) => {
                        let at = v.map_or(s.span.clone(), |v| v.span.clone());
                        let (line, col) = b.file.line_col(at.start);
                        let used_at = format!("{}:{line}:{col}", b.file.path.display());
                        let problem = Problem::NotANumber {
                            column: column.clone(),
                            value: raw.to_string(),
                            used_at,
                        };
                        // At the value in the row, where it can be found.
                        let line = &data.file.text[row.span.clone()];
                        let at = match line.find(raw).filter(|_| !raw.is_empty()) {
                            Some(i) => row.span.start + i..row.span.start + i + raw.len(),
                            None => row.span.clone(),
                        };
                        problems.push(Diagnostic::at(problem, &data.file, at));
                    }
                }
            }
        }
    }
    // A person's address filled from the row becomes a link: a web page or an e-mail address
    // only (the brief's own were checked as it was read), reported at the row.
    let people = out.contact.iter().chain(&out.authors);
    for p in people {
        let email = p.email.as_deref().map(placeholder::unmarked);
        if let Some(email) = email.filter(|e| !crate::markup::is_email(e)) {
            let problem = Problem::BadEmail { email };
            problems.push(Diagnostic::at(problem, &data.file, row.span.clone()));
        }
        let url = p.url.as_deref().map(placeholder::unmarked);
        if let Some(url) = url.filter(|u| !crate::markup::is_web_url(u)) {
            let problem = Problem::BadUrl { key: "url", url };
            problems.push(Diagnostic::at(problem, &data.file, row.span.clone()));
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

impl Project {
    /// Add a data brief: an entry per chosen row, or the brief alone when its data cannot be
    /// used (then it fails, with why).
    pub(super) fn add_rows(
        &mut self,
        path: PathBuf,
        brief: Brief,
        ws: Arc<Workspace>,
        index: usize,
        mut diagnostics: Vec<Diagnostic>,
    ) {
        let spec = brief
            .data
            .clone()
            .unwrap_or_else(|| unreachable_spec(&brief));
        let fail = |this: &mut Project, diagnostics: Vec<Diagnostic>, brief: Brief| {
            this.briefs.push(Entry {
                path: path.clone(),
                stage: Stage::Loaded(brief),
                diagnostics,
                workspace: index,
                row: None,
            });
        };
        let data = match crate::paths::resolve_in_workspace(&ws.root, &spec.file.value) {
            Some(file) => crate::load::data::read(&file),
            None => Err(Diagnostic::at(
                Problem::BadData {
                    message: format!("{} is not a file inside the workspace", spec.file.value),
                },
                &brief.file,
                spec.file.span.clone(),
            )),
        };
        let data = match data {
            Ok(d) => d,
            Err(d) => {
                diagnostics.push(d);
                return fail(self, diagnostics, brief);
            }
        };
        // Every placeholder names a column; the key is one.
        let columns = data.columns.iter().map(String::as_str);
        for (column, at) in written(&brief) {
            if !data.columns.contains(&column) {
                let suggestion = suggest(&column, columns.clone());
                let problem = Problem::UnknownColumn {
                    column,
                    suggestion,
                    no_data: false,
                };
                diagnostics.push(Diagnostic::at(problem, &brief.file, at));
            }
        }
        if !data.columns.contains(&spec.key.value) {
            let problem = Problem::RowKey {
                key: spec.key.value.clone(),
                column: spec.key.value.clone(),
                first_line: None,
            };
            diagnostics.push(Diagnostic::at(problem, &brief.file, spec.key.span.clone()));
        }
        // Characters no font prints, or that are not text, each at its row.
        let mut found = Vec::new();
        crate::check::line_characters(&data.file, &ws.root, &mut found);
        let in_row = |d: &Diagnostic, r: &Row| {
            d.span
                .as_ref()
                .is_some_and(|s| r.span.start <= s.start && s.start <= r.span.end)
        };
        let (in_rows, outside): (Vec<Diagnostic>, Vec<Diagnostic>) = found
            .into_iter()
            .partition(|d| data.rows.iter().any(|r| in_row(d, r)));
        diagnostics.extend(outside);
        if diagnostics.iter().any(|d| d.severity() == Severity::Error) {
            return fail(self, diagnostics, brief);
        }
        let rows_said: Vec<Vec<Diagnostic>> = data
            .rows
            .iter()
            .map(|r| in_rows.iter().filter(|d| in_row(d, r)).cloned().collect())
            .collect();
        self.add_each_row(&path, &brief, &data, &ws, index, (diagnostics, rows_said));
    }

    /// An entry per chosen row: its own problems, and the brief's warnings with the first.
    fn add_each_row(
        &mut self,
        path: &std::path::Path,
        brief: &Brief,
        data: &DataSet,
        ws: &Arc<Workspace>,
        index: usize,
        (mut first, rows_said): (Vec<Diagnostic>, Vec<Vec<Diagnostic>>),
    ) {
        let spec = brief
            .data
            .clone()
            .unwrap_or_else(|| unreachable_spec(brief));
        let mut slugs: HashSet<String> = HashSet::new();
        let mut keys: Vec<(String, usize)> = Vec::new();
        let mut said = Said::new();
        let choice = self.rows.clone();
        let mut matched = false;
        for (n, row) in data.rows.iter().enumerate() {
            let key = row
                .get(&spec.key.value)
                .unwrap_or_default()
                .trim()
                .to_string();
            let line = data.file.line_col(row.span.start).0;
            let earlier = keys.iter().find(|(k, _)| *k == key).map(|(_, l)| *l);
            keys.push((key.clone(), line));
            // The edition's name: the `name` template filled, else the key; made unique.
            let named = match &spec.name {
                Some(t) => placeholder::fill(&t.value, &|c| row.get(c).map(str::to_string)),
                None => key.clone(),
            };
            let base = slug(&named);
            let mut name = base.clone();
            let mut k = 2;
            while !slugs.insert(name.clone()) {
                name = format!("{base}-{k}");
                k += 1;
            }
            if !chosen(&choice, &key, &name, n) {
                continue;
            }
            matched = true;
            let mut diagnostics = std::mem::take(&mut first);
            diagnostics.extend(rows_said[n].iter().cloned());
            if key.is_empty() || earlier.is_some() {
                let problem = Problem::RowKey {
                    key: key.clone(),
                    column: spec.key.value.clone(),
                    first_line: earlier,
                };
                diagnostics.push(Diagnostic::at(problem, &data.file, row.span.clone()));
            }
            let expanded = expand(brief, data, row);
            let warnings_said = !said.is_empty();
            let (brief, mut found) = match expanded {
                Ok(b) => {
                    let found = crate::check::brief(&b, ws);
                    (b, found)
                }
                Err(problems) => (brief.clone(), problems),
            };
            let failed_as_said = said_once(&mut found, &mut said, warnings_said);
            diagnostics.extend(found);
            let row_name = RowName { key, slug: name };
            self.settle(
                path.to_path_buf(),
                brief,
                ws.clone(),
                index,
                diagnostics,
                Some(row_name),
            );
            if failed_as_said {
                if let Some(entry) = self.briefs.last_mut() {
                    entry.stop();
                }
            }
        }
        if let (Some(only), false) = (&choice.only, matched) {
            let problem = Problem::BadData {
                message: format!("no row has {} \"{only}\" (--row)", spec.key.value),
            };
            first.push(Diagnostic::at(problem, &brief.file, spec.key.span.clone()));
            self.briefs.push(Entry {
                path: path.to_path_buf(),
                stage: Stage::Loaded(brief.clone()),
                diagnostics: first,
                workspace: index,
                row: None,
            });
        }
    }
}

/// What (code, message, place) a data brief's rows said so far.
type Said = HashSet<(String, String, Option<Range<usize>>)>;

/// Keep of a row's problems what no row said before: what every row would say is said once,
/// the brief's warnings (once any was said) and errors of the brief itself. Whether an error was
/// said before: it stops this row too.
fn said_once(found: &mut Vec<Diagnostic>, said: &mut Said, warnings_said: bool) -> bool {
    let mut failed_as_said = false;
    found.retain(|d| {
        let id = (
            d.problem.code().to_string(),
            d.problem.to_string(),
            d.span.clone(),
        );
        let new = said.insert(id);
        failed_as_said |= !new && d.severity() == Severity::Error;
        new && !(warnings_said && d.severity() == Severity::Warning)
    });
    failed_as_said
}

/// Whether a row is among those chosen.
fn chosen(choice: &RowChoice, key: &str, slug: &str, n: usize) -> bool {
    let named = choice.only.as_deref().is_none_or(|o| o == key || o == slug);
    let dealt = choice.shard.is_none_or(|(i, of)| n % of == i - 1);
    named && dealt
}

/// Only called for briefs that have `[data]`.
fn unreachable_spec(b: &Brief) -> crate::model::DataSpec {
    let empty = || crate::model::Spanned {
        value: String::new(),
        span: b.top_span.clone(),
    };
    crate::model::DataSpec {
        file: empty(),
        key: empty(),
        name: None,
        span: b.top_span.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_numbers_and_shards() {
        assert_eq!(slug("Trois-Rivières"), "trois-rivieres");
        assert_eq!(slug("St. John's East"), "st-john-s-east");
        assert_eq!(slug("Kings—Hants, N.S."), "kings-hants-n-s");
        assert_eq!(number("1,200"), Some(1200.0));
        assert_eq!(number("14 300.5"), Some(14300.5));
        assert_eq!(number("-7"), Some(-7.0));
        assert_eq!(number("n/a"), None);
        assert_eq!(number("12,5"), None);
        let shard = RowChoice {
            only: None,
            shard: Some((2, 3)),
        };
        let picked: Vec<usize> = (0..7).filter(|n| chosen(&shard, "", "", *n)).collect();
        assert_eq!(picked, [1, 4]);
    }
}
