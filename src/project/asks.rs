//! Ask tracking across briefs (`brief asks`): every ask of every brief, with its recipient,
//! deadline and status, sorted by deadline, to answer "what is open, to whom, due when".

use chrono::NaiveDate;
use serde::Serialize;

use super::Project;
use crate::model::placeholder::unmarked;
use crate::model::{AskStatus, Choice};

/// One ask, as the list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AskRow {
    /// The brief's name (its file name without `.toml`); for a data brief's row, with the
    /// row's edition: `riding/trois-rivieres`.
    pub brief: String,
    /// A data brief's row: its key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    pub id: String,
    /// Who is asked.
    pub to: String,
    /// The action in plain text (markup removed).
    pub action: String,
    /// The deadline, when there is one.
    #[serde(serialize_with = "iso_date")]
    pub by: Option<NaiveDate>,
    pub status: AskStatus,
    /// The ids of the evidence items it rests on.
    pub evidence: Vec<String>,
}

impl AskRow {
    /// Days from `today` to the deadline: negative when it has passed.
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.by.map(|by| (by - today).num_days())
    }

    /// An open ask whose deadline is before `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status == AskStatus::Open && self.by.is_some_and(|by| by < today)
    }
}

/// Which asks to keep.
#[derive(Debug, Clone, Default)]
pub struct AskFilter {
    /// Only open asks past their deadline (relative to `today`).
    pub overdue: bool,
    /// Only asks whose recipient contains this text (any case).
    pub to: Option<String>,
    /// Only asks of these statuses (none: all).
    pub status: Vec<AskStatus>,
}

impl Project {
    /// Every ask of every brief without errors (a brief with errors may hold a wrong status or
    /// deadline), filtered, sorted by deadline (asks without one last), then by brief and order
    /// within it.
    pub fn asks(&self, filter: &AskFilter, today: NaiveDate) -> Vec<AskRow> {
        let mut rows: Vec<(usize, AskRow)> = Vec::new();
        for entry in self.briefs.iter().filter(|e| e.ok()) {
            let Some(brief) = entry.brief() else { continue };
            // A translation's asks are its source's, in other words: listed once, with the source.
            if brief.translation.is_some() {
                continue;
            }
            let mut name = entry
                .path
                .file_stem()
                .map_or(String::new(), |s| s.to_string_lossy().into_owned());
            if let Some(row) = &entry.row {
                name = format!("{name}/{}", row.slug);
            }
            for ask in &brief.asks {
                let row = AskRow {
                    brief: name.clone(),
                    row: entry.row.as_ref().map(|r| r.key.clone()),
                    id: ask.id.as_ref().map(|i| i.value.clone()).unwrap_or_default(),
                    to: ask
                        .to
                        .as_ref()
                        .map(|t| unmarked(&t.value))
                        .unwrap_or_default(),
                    action: ask
                        .action
                        .as_ref()
                        .map(|a| {
                            unmarked(&a.markup.plain_text())
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .unwrap_or_default(),
                    by: ask.by.as_ref().map(|b| b.value),
                    status: ask.status,
                    evidence: ask.evidence.iter().map(|e| e.value.clone()).collect(),
                };
                rows.push((rows.len(), row));
            }
        }
        let needle = filter.to.as_ref().map(|t| t.to_lowercase());
        rows.retain(|(_, r)| {
            (!filter.overdue || r.overdue(today))
                && needle
                    .as_ref()
                    .is_none_or(|n| r.to.to_lowercase().contains(n.as_str()))
                && (filter.status.is_empty() || filter.status.contains(&r.status))
        });
        // Asks without a deadline last; ties keep the briefs' own order.
        rows.sort_by_key(|(i, r)| (r.by.is_none(), r.by, *i));
        rows.into_iter().map(|(_, r)| r).collect()
    }
}

/// A date as `2024-06-30`, or null.
fn iso_date<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// The CSV of a list: `brief,id,to,action,by,status`, `by` as an ISO date or empty.
pub fn to_csv(rows: &[AskRow]) -> String {
    let mut out = String::from("brief,id,to,action,by,status\n");
    for r in rows {
        let by = r.by.map(|d| d.to_string()).unwrap_or_default();
        let fields = [
            r.brief.as_str(),
            r.id.as_str(),
            r.to.as_str(),
            r.action.as_str(),
            by.as_str(),
            r.status.name(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). A field that a
/// spreadsheet would run as a formula (OWASP's list: `=`, `+`, `-`, `@`, a tab or a carriage
/// return first) is kept as text with a leading apostrophe.
fn csv_field(f: &str) -> String {
    let f = if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{f}")
    } else {
        f.to_string()
    };
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_kept_as_text() {
        for cell in ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            let written = csv_field(cell);
            let inner = written.trim_matches('"');
            assert!(inner.starts_with('\''), "{cell:?} → {written:?}");
        }
        assert_eq!(csv_field("Parliament"), "Parliament");
        assert_eq!(csv_field("2024-06-30"), "2024-06-30");
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_defuses_formulas() {
        assert_eq!(csv_field("Parliament"), "Parliament");
        assert_eq!(csv_field("Meta, Inc."), "\"Meta, Inc.\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
