//! A data brief's rows: a CSV file with a header row, a JSON array of objects, or TOML `[[row]]`
//! tables, each row a map from column to value (as written: numbers too are text until a chart
//! reads them), with the line it starts on.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Problem, SourceFile};

/// The rows of a data file.
#[derive(Debug, Clone)]
pub struct DataSet {
    /// The file, for diagnostics at a row's line.
    pub file: Arc<SourceFile>,
    /// The columns, in the file's order.
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row: its values by column, and where it is written.
#[derive(Debug, Clone)]
pub struct Row {
    pub values: Vec<(String, String)>,
    pub span: Range<usize>,
}

impl Row {
    /// The value of a column, if the row has it.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.as_str())
    }
}

/// Read a data file: by its extension, CSV, JSON or TOML.
pub fn read(path: &Path) -> Result<DataSet, Diagnostic> {
    // Missing, folder, huge, binary, not UTF-8: refused as every text file is.
    let file = super::read_source(path)?;
    let bad =
        |message: String, at: Range<usize>| Diagnostic::at(Problem::BadData { message }, &file, at);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let (columns, rows) = match ext.as_str() {
        "csv" => csv(&file.text).map_err(|(m, at)| bad(m, at))?,
        "json" => json(&file.text).map_err(|(m, at)| bad(m, at))?,
        "toml" => toml(&file.text).map_err(|(m, at)| bad(m, at))?,
        _ => return Err(bad("a data file is .csv, .json or .toml".into(), 0..0)),
    };
    // Every row has every column (a JSON or TOML row may leave one out: it is empty), and no
    // value holds the marks that keep a value as written.
    let mut rows = rows;
    for row in &mut rows {
        for (_, v) in &mut row.values {
            *v = crate::model::placeholder::unmarked(v);
        }
        for c in &columns {
            if row.get(c).is_none() {
                row.values.push((c.clone(), String::new()));
            }
        }
    }
    if rows.is_empty() {
        let at = 0..file.text.find('\n').unwrap_or(file.text.len());
        return Err(Diagnostic::at(
            Problem::BadData {
                message: "it has no rows: an edition is made for each".into(),
            },
            &file,
            at,
        ));
    }
    Ok(DataSet {
        file,
        columns,
        rows,
    })
}

type Read = Result<(Vec<String>, Vec<Row>), (String, Range<usize>)>;

/// CSV with a header row; each record's span from its byte position.
fn csv(text: &str) -> Read {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| (format!("its header row cannot be read: {e}"), 0..0))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let before = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record.position().map_or(before, |p| p.byte() as usize);
                // The reader counts a record from the line break before it.
                let start = start + text[start..].len()
                    - text[start..].trim_start_matches(['\r', '\n']).len();
                let end = text[start..]
                    .find(['\r', '\n'])
                    .map_or(text.len(), |i| start + i);
                let values = headers
                    .iter()
                    .cloned()
                    .zip(record.iter().map(str::to_string))
                    .collect();
                rows.push(Row {
                    values,
                    span: start..end,
                });
            }
            Err(e) => {
                let at = e.position().map_or(before, |p| p.byte() as usize);
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("this row has {len} values; the header has {expected_len}"),
                    _ => format!("it is not valid CSV: {e}"),
                };
                return Err((message, at..end));
            }
        }
    }
    Ok((headers, rows))
}

/// A value as text: a string as it is, a number or a boolean as written.
fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A JSON array of objects; each row's span found by walking the array's objects.
fn json(text: &str) -> Read {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let at = super::library::offset_of(text, e.line(), e.column());
        (format!("it is not valid JSON: {e}"), at..at)
    })?;
    let serde_json::Value::Array(items) = value else {
        return Err((
            "a JSON data file is an array of objects, one per row".into(),
            0..0,
        ));
    };
    let starts = object_starts(text);
    let mut columns: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = starts.get(i).copied().unwrap_or(0);
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        let serde_json::Value::Object(map) = item else {
            return Err(("each row of a JSON data file is an object".into(), at..end));
        };
        for k in map.keys() {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
        let values = map.iter().map(|(k, v)| (k.clone(), json_text(v))).collect();
        rows.push(Row {
            values,
            span: at..end,
        });
    }
    Ok((columns, rows))
}

/// Where each object of a top-level array starts.
fn object_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                if c == '{' && depth == 1 {
                    out.push(i);
                }
                depth += 1;
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// TOML `[[row]]` tables.
fn toml(text: &str) -> Read {
    let doc: toml_edit::ImDocument<&str> = toml_edit::ImDocument::parse(text).map_err(|e| {
        let at = e.span().map_or(0..0, |s| s.start..s.start);
        (format!("it is not valid TOML: {}", e.message()), at)
    })?;
    let Some(tables) = doc.get("row").and_then(|r| r.as_array_of_tables()) else {
        return Err((
            "a TOML data file holds its rows as [[row]] tables".into(),
            0..0,
        ));
    };
    let mut columns: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for t in tables.iter() {
        let span = t.span().unwrap_or(0..0);
        let mut values = Vec::new();
        for (k, v) in t.iter() {
            if !columns.iter().any(|c| c == k) {
                columns.push(k.to_string());
            }
            let value = match v.as_value() {
                Some(toml_edit::Value::String(s)) => s.value().clone(),
                Some(other) => other.to_string().trim().to_string(),
                None => String::new(),
            };
            values.push((k.to_string(), value));
        }
        rows.push(Row { values, span });
    }
    Ok((columns, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_json_and_toml_rows_with_their_lines() {
        let (cols, rows) = csv(
            "riding,member,waiting\n\"Kings, Hants\",O'Neil,\"1,200\"\nTrois-Rivières,Côté,n/a\n",
        )
        .unwrap();
        assert_eq!(cols, ["riding", "member", "waiting"]);
        assert_eq!(rows[0].get("riding"), Some("Kings, Hants"));
        assert_eq!(rows[0].get("waiting"), Some("1,200"));
        assert_eq!(rows[1].get("member"), Some("Côté"));
        assert_eq!(rows[1].span.start, 52);
        let err = csv("a,b\n1,2\n3\n").unwrap_err();
        assert_eq!(
            (err.0.as_str(), err.1.start),
            ("this row has 1 values; the header has 2", 8)
        );
        let (cols, rows) =
            json("[\n {\"a\": \"x\", \"n\": 3},\n {\"a\": \"{y}\", \"n\": 4.5}\n]").unwrap();
        assert_eq!(cols, ["a", "n"]);
        assert_eq!((rows[1].get("n"), rows[1].span.start), (Some("4.5"), 24));
        let (_, rows) = toml("[[row]]\na = \"x\"\nn = 3\n\n[[row]]\na = \"y\"\nn = 4\n").unwrap();
        assert_eq!(rows[1].get("n"), Some("4"));
    }
}
