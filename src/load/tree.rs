//! TOML parsed into a small tree that keeps the byte span of every key and value, and a reader
//! over it that types values while collecting every problem instead of stopping at the first.

use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use toml_edit::{ImDocument, Item, Value};

use crate::diagnostic::{suggest, Diagnostic, Problem, SourceFile};
use crate::model::{Choice, Spanned};

/// A TOML value with where it came from.
#[derive(Debug, Clone)]
pub struct Node {
    /// The value.
    pub val: Val,
    /// Its bytes in the source (for a table: its header, or its first key).
    pub span: Range<usize>,
}

/// The value kinds we distinguish.
#[derive(Debug, Clone)]
pub enum Val {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(toml_edit::Datetime),
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

/// A key of a table with its value.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key as written.
    pub key: String,
    /// The key's bytes.
    pub key_span: Range<usize>,
    /// The value.
    pub node: Node,
}

impl Val {
    /// How the value is named in messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Val::Str(_) => "a string",
            Val::Int(_) => "an integer",
            Val::Float(_) => "a number",
            Val::Bool(_) => "a boolean",
            Val::Date(d) if d.date.is_none() => "a time",
            Val::Date(d) if d.time.is_some() => "a date-time",
            Val::Date(_) => "a date",
            Val::Array(_) => "an array",
            Val::Table(_) => "a table",
        }
    }
}

/// Parse TOML text into a tree, or the parser's one error.
pub fn parse(text: &str) -> Result<Node, (String, Range<usize>)> {
    let doc = ImDocument::parse(text).map_err(|e| {
        let message = e.message().trim().trim_end_matches('.').to_string();
        (lowercase_first(&message), e.span().unwrap_or(0..0))
    })?;
    Ok(Node {
        val: Val::Table(table_entries(doc.as_table().iter_with_keys())),
        span: 0..0,
    })
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

trait TableLike<'a> {
    fn iter_with_keys(self) -> Vec<(&'a toml_edit::Key, &'a Item)>;
}

impl<'a> TableLike<'a> for &'a toml_edit::Table {
    fn iter_with_keys(self) -> Vec<(&'a toml_edit::Key, &'a Item)> {
        self.iter()
            .filter_map(|(k, _)| self.get_key_value(k))
            .collect()
    }
}

fn table_entries(items: Vec<(&toml_edit::Key, &Item)>) -> Vec<Entry> {
    items
        .into_iter()
        .map(|(key, item)| {
            let key_span = key.span().unwrap_or(0..0);
            Entry {
                key: key.get().to_string(),
                key_span: key_span.clone(),
                node: item_node(item, key_span),
            }
        })
        .collect()
}

fn item_node(item: &Item, fallback: Range<usize>) -> Node {
    match item {
        Item::Value(v) => value_node(v, fallback),
        Item::Table(t) => Node {
            val: Val::Table(table_entries(t.iter_with_keys())),
            span: t.span().unwrap_or(fallback),
        },
        Item::ArrayOfTables(a) => Node {
            val: Val::Array(
                a.iter()
                    .map(|t| Node {
                        val: Val::Table(table_entries(t.iter_with_keys())),
                        span: t.span().unwrap_or(fallback.clone()),
                    })
                    .collect(),
            ),
            span: a.span().unwrap_or(fallback),
        },
        Item::None => Node {
            val: Val::Table(Vec::new()),
            span: fallback,
        },
    }
}

fn value_node(v: &Value, fallback: Range<usize>) -> Node {
    let span = v.span().unwrap_or(fallback.clone());
    let val = match v {
        Value::String(s) => Val::Str(s.value().clone()),
        Value::Integer(i) => Val::Int(*i.value()),
        Value::Float(f) => Val::Float(*f.value()),
        Value::Boolean(b) => Val::Bool(*b.value()),
        Value::Datetime(d) => Val::Date(*d.value()),
        Value::Array(a) => Val::Array(a.iter().map(|x| value_node(x, span.clone())).collect()),
        Value::InlineTable(t) => Val::Table(
            t.iter()
                .filter_map(|(k, _)| t.get_key_value(k))
                .map(|(key, item)| {
                    let key_span = key.span().unwrap_or(span.clone());
                    Entry {
                        key: key.get().to_string(),
                        key_span: key_span.clone(),
                        node: item_node(item, key_span),
                    }
                })
                .collect(),
        ),
    };
    Node { val, span }
}

/// Reads one table: each `take_*` call consumes a key and types it; `finish` reports the keys no
/// call asked for, with the nearest known key as a suggestion.
pub struct TableReader<'a> {
    file: &'a Arc<SourceFile>,
    diags: &'a mut Vec<Diagnostic>,
    entries: &'a [Entry],
    /// How the table is named in messages, e.g. `[[evidence]]`.
    name: String,
    /// Where to point when a required key is missing.
    span: Range<usize>,
    known: Vec<&'static str>,
}

impl<'a> TableReader<'a> {
    /// Start reading `node`, which must be a table (else reports and reads as empty).
    pub fn new(
        file: &'a Arc<SourceFile>,
        diags: &'a mut Vec<Diagnostic>,
        node: &'a Node,
        name: impl Into<String>,
    ) -> Self {
        let name = name.into();
        let entries: &[Entry] = match &node.val {
            Val::Table(e) => e,
            other => {
                diags.push(Diagnostic::at(
                    Problem::WrongType {
                        key: name.trim_matches(['[', ']']).to_string(),
                        expected: "a table",
                        found: other.kind_name(),
                        example: "{ ... }",
                    },
                    file,
                    node.span.clone(),
                ));
                &[]
            }
        };
        Self {
            file,
            diags,
            entries,
            name,
            span: node.span.clone(),
            known: Vec::new(),
        }
    }

    /// The source file being read.
    pub fn file(&self) -> &'a Arc<SourceFile> {
        self.file
    }

    /// Report a problem at a span of this file.
    pub fn report(&mut self, problem: Problem, span: Range<usize>) {
        self.diags.push(Diagnostic::at(problem, self.file, span));
    }

    /// The raw node of a key, marking it known.
    pub fn take(&mut self, key: &'static str) -> Option<&'a Entry> {
        self.known.push(key);
        self.entries.iter().find(|e| e.key == key)
    }

    fn missing(&mut self, key: &'static str, example: &'static str) {
        let problem = Problem::MissingKey {
            key: key.into(),
            table: self.name.clone(),
            example,
        };
        // Point at the table's header line, not its whole body.
        let span = self.first_line(self.span.clone());
        self.report(problem, span);
    }

    pub fn wrong(&mut self, key: &str, expected: &'static str, node: &Node, example: &'static str) {
        let found = node.val.kind_name();
        self.report(
            Problem::WrongType {
                key: key.into(),
                expected,
                found,
                example,
            },
            node.span.clone(),
        );
    }

    /// An optional string.
    pub fn str(&mut self, key: &'static str) -> Option<Spanned<String>> {
        let e = self.take(key)?;
        match &e.node.val {
            Val::Str(s) => Some(Spanned {
                value: s.clone(),
                span: e.node.span.clone(),
            }),
            _ => {
                self.wrong(key, "a string", &e.node, "\"...\"");
                None
            }
        }
    }

    /// An optional boolean, `false` when absent.
    pub fn flag(&mut self, key: &'static str) -> bool {
        let Some(e) = self.take(key) else {
            return false;
        };
        match &e.node.val {
            Val::Bool(b) => *b,
            _ => {
                self.wrong(key, "true or false", &e.node, "true");
                false
            }
        }
    }

    /// An optional number, not below zero (an integer or a decimal).
    pub fn number(&mut self, key: &'static str, example: &'static str) -> Option<f64> {
        let e = self.take(key)?;
        match &e.node.val {
            Val::Int(i) if *i >= 0 => Some(*i as f64),
            Val::Float(f) if *f >= 0.0 && f.is_finite() => Some(*f),
            _ => {
                self.wrong(key, "a number, 0 or more", &e.node, example);
                None
            }
        }
    }

    /// A required, non-empty string.
    pub fn req_str(&mut self, key: &'static str, example: &'static str) -> Option<Spanned<String>> {
        if self.entries.iter().all(|e| e.key != key) {
            self.known.push(key);
            self.missing(key, example);
            return None;
        }
        let s = self.str(key)?;
        if s.value.trim().is_empty() {
            self.report(Problem::EmptyValue { key: key.into() }, s.span.clone());
        }
        Some(s)
    }

    /// An optional closed choice (`kind`, `status`, …): a string among the choice's names.
    pub fn choice<C: Choice>(&mut self, key: &'static str) -> Option<Spanned<C>> {
        let s = self.str(key)?;
        self.parse_choice(key, s)
    }

    /// An optional array of closed choices; each unknown one is reported at its place.
    pub fn choices<C: Choice>(&mut self, key: &'static str) -> Vec<Spanned<C>> {
        let strings = self.strings(key);
        strings
            .into_iter()
            .filter_map(|s| self.parse_choice(key, s))
            .collect()
    }

    /// One of a choice's names, or reported with the names allowed and the nearest.
    fn parse_choice<C: Choice>(
        &mut self,
        key: &'static str,
        s: Spanned<String>,
    ) -> Option<Spanned<C>> {
        if let Some(value) = C::parse(&s.value) {
            return Some(Spanned {
                value,
                span: s.span,
            });
        }
        let suggestion = suggest(&s.value, C::NAMES.iter().copied());
        self.report(
            Problem::BadEnum {
                key: key.into(),
                value: s.value.clone(),
                allowed: C::NAMES,
                suggestion,
            },
            s.span.clone(),
        );
        None
    }

    /// An optional TOML date (not a date-time).
    pub fn date(&mut self, key: &'static str) -> Option<Spanned<NaiveDate>> {
        let e = self.take(key)?;
        self.date_of(key, &e.node)
    }

    /// A required TOML date.
    pub fn req_date(&mut self, key: &'static str) -> Option<Spanned<NaiveDate>> {
        if self.entries.iter().all(|e| e.key != key) {
            self.known.push(key);
            self.missing(key, "2024-03-07");
            return None;
        }
        self.date(key)
    }

    fn date_of(&mut self, key: &str, node: &Node) -> Option<Spanned<NaiveDate>> {
        match &node.val {
            Val::Date(d) if d.time.is_none() && d.offset.is_none() => {
                let date = d.date?;
                let value =
                    NaiveDate::from_ymd_opt(date.year as i32, date.month as u32, date.day as u32)?;
                Some(Spanned {
                    value,
                    span: node.span.clone(),
                })
            }
            Val::Str(s) if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => {
                self.wrong(key, "a TOML date without quotes", node, "2024-03-07");
                // Still a date for the other rules, so this error hides none of theirs (a
                // deadline before it, say); the brief does not build either way.
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .ok()
                    .map(|value| Spanned {
                        value,
                        span: node.span.clone(),
                    })
            }
            _ => {
                self.wrong(key, "a date", node, "2024-03-07");
                None
            }
        }
    }

    /// An optional array of strings.
    pub fn strings(&mut self, key: &'static str) -> Vec<Spanned<String>> {
        let Some(e) = self.take(key) else {
            return Vec::new();
        };
        self.strings_of(key, &e.node)
    }

    fn strings_of(&mut self, key: &str, node: &Node) -> Vec<Spanned<String>> {
        match &node.val {
            Val::Array(items) => items
                .iter()
                .filter_map(|n| match &n.val {
                    Val::Str(s) => Some(Spanned {
                        value: s.clone(),
                        span: n.span.clone(),
                    }),
                    _ => {
                        self.wrong(key, "an array of strings", n, "[\"...\", \"...\"]");
                        None
                    }
                })
                .collect(),
            // One string where a list is expected: say so, but read it as a list of one so the
            // other checks still see it.
            Val::Str(s) => {
                self.wrong(key, "an array of strings", node, "[\"...\"]");
                vec![Spanned {
                    value: s.clone(),
                    span: node.span.clone(),
                }]
            }
            _ => {
                self.wrong(key, "an array of strings", node, "[\"...\", \"...\"]");
                Vec::new()
            }
        }
    }

    /// An optional array of tables (`[[key]]`), each returned as its node.
    pub fn tables(&mut self, key: &'static str) -> Vec<&'a Node> {
        let Some(e) = self.take(key) else {
            return Vec::new();
        };
        match &e.node.val {
            Val::Array(items) => items
                .iter()
                .filter(|n| {
                    let ok = matches!(n.val, Val::Table(_));
                    if !ok {
                        self.wrong(key, "an array of tables", n, "[[...]]");
                    }
                    ok
                })
                .collect(),
            Val::Table(_) => {
                let found = e.node.val.kind_name();
                let problem = Problem::WrongType {
                    key: key.into(),
                    expected: "an array of tables",
                    found,
                    example: "[[...]]",
                };
                let span = self.first_line(e.node.span.clone());
                self.report(problem, span);
                vec![&e.node]
            }
            _ => {
                self.wrong(key, "an array of tables", &e.node, "[[...]]");
                Vec::new()
            }
        }
    }

    /// An optional sub-table (`[key]` or an inline table).
    pub fn table(&mut self, key: &'static str) -> Option<&'a Node> {
        let e = self.take(key)?;
        match &e.node.val {
            Val::Table(_) => Some(&e.node),
            _ => {
                self.wrong(key, "a table", &e.node, "{ ... }");
                None
            }
        }
    }

    /// Report every key that no `take` asked for.
    pub fn finish(self) {
        for e in self.entries {
            if !self.known.contains(&e.key.as_str()) {
                let suggestion = suggest(&e.key, self.known.iter().copied());
                let mut known: Vec<String> = Vec::new();
                for k in &self.known {
                    if !known.iter().any(|seen| seen == k) {
                        known.push(k.to_string());
                    }
                }
                self.diags.push(Diagnostic::at(
                    Problem::UnknownKey {
                        key: e.key.clone(),
                        table: self.name.clone(),
                        suggestion,
                        known,
                    },
                    self.file,
                    e.key_span.clone(),
                ));
            }
        }
    }

    /// Where a key is written, if it is.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.key_span.clone())
    }

    /// The first line of a span: a table's header rather than its whole body.
    fn first_line(&self, span: Range<usize>) -> Range<usize> {
        let end = self.file.text[span.start..]
            .find('\n')
            .map_or(span.end, |i| span.start + i);
        span.start..end.min(span.end).max(span.start)
    }

    /// Where to point for problems with the table as a whole.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Split off a reader for a sub-table, sharing the diagnostics.
    pub fn sub<'b>(&'b mut self, node: &'b Node, name: impl Into<String>) -> TableReader<'b> {
        TableReader::new(self.file, self.diags, node, name)
    }
}
