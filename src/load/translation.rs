//! Translations: `briefs/NAME.LANG.toml` with `translation-of = "NAME.toml"` holds only the texts
//! of its source brief in another language. The loader reads it, loads the source, and builds the
//! whole brief a build needs: the source with these texts. What a translation may hold, and the
//! key of every text (`evidence.ID.claim`), is defined here once: the checks, the fingerprints of
//! `brief translate --accept` and the skeleton of `brief translate --to` all use [`source_texts`].

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::tree::{Entry, Node, TableReader, Val};
use super::{to_text, Loaded};
use crate::diagnostic::{Diagnostic, Problem, SourceFile};
use crate::model::*;

/// One text of a source brief that its translations must give.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The field's key, the same in the source and its translations: `title`,
    /// `position.key-messages.1`, `evidence.ID.claim`, `evidence.ID.stat.label`…
    pub key: String,
    /// The item it belongs to, for staleness: `head`, `position`, `evidence.ID`, `ask.ID`,
    /// `contact`.
    pub item: String,
    /// How a message names it: "the claim of evidence \"ID\"".
    pub what: String,
    /// Where a translation writes it: its table (`[evidence.ID]`, or none for the top) and key.
    pub table: Option<String>,
    pub field: String,
    /// The source's text.
    pub text: String,
    /// Where the text is in the source.
    pub span: Range<usize>,
}

/// The keys a translation's top level may hold besides its tables.
const HEAD: [&str; 6] = [
    "title", "subtitle", "label", "place", "audience", "keywords",
];
/// The texts of `[position]` and of `[contact]`.
const POSITION: [&str; 3] = ["statement", "key-messages", "context"];
const CONTACT: [&str; 2] = ["name", "role"];
/// The texts of each item, by the table it is in.
const ITEMS: [(&str, &[&str]); 2] = [
    ("evidence", &["claim", "detail", "stat", "quote", "chart"]),
    ("ask", &["to", "action", "rationale"]),
];

/// The parts of a field that is a table of texts, each with how a message names it; none for a
/// field that is one text. (A chart's labels and numbers are data, the same in every language.)
fn parts(field: &str) -> &'static [(&'static str, &'static str)] {
    match field {
        "stat" => &[("value", "figure"), ("label", "figure's label")],
        "quote" => &[("text", "quote"), ("role", "speaker's role")],
        "chart" => &[
            ("title", "chart's title"),
            ("unit", "chart's unit"),
            ("alt", "chart's text alternative"),
        ],
        _ => &[],
    }
}

/// Every text of a source brief that a translation must give, in the source's order, read from
/// the source's own TOML so that each has its span (the typed brief keeps only some). `stats`
/// is the workspace's library of figures, whose words a figure named by id takes.
pub fn source_texts(source: &Brief, stats: &[Stat]) -> Vec<SourceText> {
    let Ok(root) = super::tree::parse(&source.file.text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let entries = |n: &Node| match &n.val {
        Val::Table(e) => e.clone(),
        _ => Vec::new(),
    };
    let top = entries(&root);
    let find = |es: &[Entry], key: &str| es.iter().find(|e| e.key == key).map(|e| e.node.clone());
    let push = |out: &mut Vec<SourceText>,
                key: String,
                item: &str,
                what: String,
                table: Option<String>,
                field: &str,
                node: &Node| {
        if let Val::Str(s) = &node.val {
            out.push(SourceText {
                key,
                item: item.into(),
                what,
                table,
                field: field.into(),
                text: s.clone(),
                span: node.span.clone(),
            });
        }
    };
    // A list of strings: each element is its own text, keyed by its place.
    let push_list = |out: &mut Vec<SourceText>,
                     prefix: &str,
                     item: &str,
                     what: &str,
                     table: Option<String>,
                     field: &str,
                     node: &Node| {
        if let Val::Array(items) = &node.val {
            for (i, n) in items.iter().enumerate() {
                push(
                    out,
                    format!("{prefix}.{}", i + 1),
                    item,
                    format!("{what} {}", i + 1),
                    table.clone(),
                    field,
                    n,
                );
            }
        }
    };
    for key in HEAD {
        let Some(node) = find(&top, key) else {
            continue;
        };
        match key {
            "audience" => push_list(&mut out, key, "head", "audience", None, key, &node),
            "keywords" => push_list(&mut out, key, "head", "keyword", None, key, &node),
            _ => push(
                &mut out,
                key.into(),
                "head",
                format!("the {key}"),
                None,
                key,
                &node,
            ),
        }
    }
    if let Some(p) = find(&top, "position") {
        let p = entries(&p);
        let table = Some("[position]".to_string());
        for field in POSITION {
            let Some(n) = find(&p, field) else { continue };
            let key = format!("position.{field}");
            if field == "key-messages" {
                push_list(
                    &mut out,
                    &key,
                    "position",
                    "key message",
                    table.clone(),
                    field,
                    &n,
                );
            } else {
                let what = format!("the position's {field}");
                push(&mut out, key, "position", what, table.clone(), field, &n);
            }
        }
    }
    for (list, fields) in ITEMS {
        let Some(Val::Array(items)) = find(&top, list).map(|n| n.val) else {
            continue;
        };
        for node in &items {
            let es = entries(node);
            let Some(Val::Str(id)) = find(&es, "id").map(|n| n.val) else {
                continue;
            };
            let item = format!("{list}.{id}");
            let table = Some(format!("[{list}.{id}]"));
            let of = format!("of {list} \"{id}\"");
            for &field in fields {
                let Some(n) = find(&es, field) else { continue };
                let key = format!("{item}.{field}");
                let parts_of = parts(field);
                match (field, &n.val) {
                    (_, Val::Table(values)) if !parts_of.is_empty() => {
                        for (part, what) in parts_of {
                            if let Some(p) = find(values, part) {
                                let what = format!("the {what} {of}");
                                let key = format!("{key}.{part}");
                                push(&mut out, key, &item, what, table.clone(), field, &p);
                            }
                        }
                    }
                    // A figure from the library: its words are the library's, in the source's
                    // language, so a translation gives them.
                    ("stat", Val::Str(stat)) => {
                        let library = stats.iter().find(|s| s.id.value == *stat);
                        for (part, what) in parts_of {
                            let text = library.map_or_else(String::new, |l| {
                                if *part == "value" {
                                    l.value.clone()
                                } else {
                                    l.label.clone()
                                }
                            });
                            out.push(SourceText {
                                key: format!("{key}.{part}"),
                                item: item.clone(),
                                what: format!("the {what} {of} (from the library)"),
                                table: table.clone(),
                                field: "stat".into(),
                                text,
                                span: n.span.clone(),
                            });
                        }
                    }
                    _ => {
                        let name = if field == "to" {
                            "addressee (to)"
                        } else {
                            field
                        };
                        let what = format!("the {name} {of}");
                        push(&mut out, key, &item, what, table.clone(), field, &n);
                    }
                }
            }
        }
    }
    if let Some(c) = find(&top, "contact") {
        let c = entries(&c);
        for field in CONTACT {
            if let Some(n) = find(&c, field) {
                let what = format!("the contact's {field}");
                let table = Some("[contact]".to_string());
                push(
                    &mut out,
                    format!("contact.{field}"),
                    "contact",
                    what,
                    table,
                    field,
                    &n,
                );
            }
        }
    }
    out
}

/// A stable fingerprint of a source text (64-bit FNV-1a, as hex): the same text gives the same
/// fingerprint on every machine and in every version, which a hash map's hasher does not promise.
pub fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Read a translation whose tree is parsed: its texts, then its source, merged into one brief.
pub(super) fn read(
    file: &Arc<SourceFile>,
    path: &Path,
    root: &Node,
    mut diags: Vec<Diagnostic>,
) -> Loaded<Brief> {
    let top_span = 0..file.text.find('\n').unwrap_or(file.text.len());
    let mut fields: Vec<TranslatedField> = Vec::new();
    let mut item_tables: Vec<(&'static str, Spanned<String>, &Node)> = Vec::new();
    let mut reviewed = Vec::new();
    let mut r = TableReader::new(file, &mut diags, root, "the translation");
    let of = r.req_str("translation-of", "\"NAME.toml\"");
    let language = r.req_str("language", "\"fr-CA\"");
    for key in HEAD {
        read_field(&mut r, key, key, &mut fields);
    }
    if let Some(node) = r.table("position") {
        let mut p = r.sub(node, "[position]");
        for key in POSITION {
            read_field(&mut p, key, &format!("position.{key}"), &mut fields);
        }
        p.finish();
    }
    for (table, _) in ITEMS {
        let Some(entry) = r.take(table) else { continue };
        let node = &entry.node;
        // `[[evidence]]` copied from the source: a translation names each item by its id.
        if !matches!(node.val, Val::Table(_)) {
            let example = if table == "evidence" {
                "[evidence.ID] tables, one per finding of the source, each with its claim"
            } else {
                "[ask.ID] tables, one per ask of the source, each with its to and action"
            };
            r.wrong(table, "tables named by the source's ids", node, example);
        }
        if let Val::Table(items) = &node.val {
            for e in items {
                let id = Spanned {
                    value: e.key.clone(),
                    span: e.key_span.clone(),
                };
                item_tables.push((table, id, &e.node));
            }
        }
    }
    for (table, id, node) in &item_tables {
        let mut t = r.sub(node, format!("[{table}.{}]", id.value));
        let keys = ITEMS
            .iter()
            .find(|(t, _)| t == table)
            .map_or(&[][..], |(_, k)| k);
        for key in keys {
            let prefix = format!("{table}.{}.{key}", id.value);
            if parts(key).is_empty() {
                read_field(&mut t, key, &prefix, &mut fields);
            } else if let Some(node) = t.table(key) {
                let mut s = t.sub(node, format!("{key} of [{table}.{}]", id.value));
                for (part, _) in parts(key) {
                    read_field(&mut s, part, &format!("{prefix}.{part}"), &mut fields);
                }
                s.finish();
            }
        }
        t.finish();
    }
    if let Some(node) = r.table("contact") {
        let mut c = r.sub(node, "[contact]");
        for key in CONTACT {
            read_field(&mut c, key, &format!("contact.{key}"), &mut fields);
        }
        c.finish();
    }
    if let Some(node) = r.table("reviewed") {
        if let Val::Table(entries) = &node.val {
            for e in entries {
                match &e.node.val {
                    Val::Str(s) => reviewed.push((
                        e.key.clone(),
                        Spanned {
                            value: s.clone(),
                            span: e.node.span.clone(),
                        },
                    )),
                    _ => r.wrong(&e.key, "a string", &e.node, "\"0123456789abcdef\""),
                }
            }
        }
    }
    r.finish();

    let Some(of) = of else {
        return Loaded {
            value: None,
            diagnostics: diags,
        };
    };
    let source_path = match source_path(file, path, &of) {
        Ok(p) => p,
        Err(d) => {
            diags.push(d);
            return Loaded {
                value: None,
                diagnostics: diags,
            };
        }
    };
    let loaded = super::brief_or_source(&source_path, true);
    let source_error = |reason: String| {
        let problem = Problem::TranslationSource {
            path: of.value.clone(),
            reason,
        };
        Diagnostic::at(problem, file, of.span.clone())
    };
    let Some(source) = loaded.value.filter(|_| {
        !loaded
            .diagnostics
            .iter()
            .any(|d| d.severity() == crate::diagnostic::Severity::Error)
    }) else {
        let n = loaded.diagnostics.len();
        let reason = match loaded.diagnostics.first().map(|d| &*d.problem) {
            Some(Problem::Io { .. } | Problem::NotAFile { .. }) => "cannot be read".to_string(),
            Some(Problem::TranslationSource { reason, .. }) => reason.clone(),
            _ => format!(
                "does not load ({n} problem{})",
                if n == 1 { "" } else { "s" }
            ),
        };
        diags.push(source_error(reason));
        return Loaded {
            value: None,
            diagnostics: diags,
        };
    };
    let items = item_tables
        .iter()
        .map(|(table, id, node)| TranslatedItem {
            table,
            id: id.clone(),
            span: node.span.clone(),
        })
        .collect();
    let language = language.unwrap_or_else(|| source.language.clone());
    let brief = merge(file, path, &source, &fields, language, top_span);
    let translation = Translation {
        of,
        source,
        fields,
        items,
        reviewed,
    };
    Loaded {
        value: Some(Brief {
            translation: Some(Box::new(translation)),
            ..brief
        }),
        diagnostics: diags,
    }
}

/// What loading a translation as another translation's source gives: a translation translates a
/// brief, not another translation.
pub(super) fn not_a_source() -> Diagnostic {
    Diagnostic::bare(Problem::TranslationSource {
        path: String::new(),
        reason: "is itself a translation".into(),
    })
}

/// A string, or a list of strings, of a translation's table: each a field under `key`.
fn read_field(r: &mut TableReader, name: &'static str, key: &str, out: &mut Vec<TranslatedField>) {
    let Some(e) = r.take(name) else { return };
    match &e.node.val {
        Val::Str(s) => out.push(TranslatedField {
            key: key.into(),
            value: Spanned {
                value: s.clone(),
                span: e.node.span.clone(),
            },
        }),
        Val::Array(items) => {
            for (i, n) in items.iter().enumerate() {
                match &n.val {
                    Val::Str(s) => out.push(TranslatedField {
                        key: format!("{key}.{}", i + 1),
                        value: Spanned {
                            value: s.clone(),
                            span: n.span.clone(),
                        },
                    }),
                    _ => r.wrong(name, "a list of strings", n, "[\"...\"]"),
                }
            }
        }
        _ => r.wrong(name, "a string", &e.node, "\"...\""),
    }
}

/// The source a file names if it is a translation, read without loading either: what `watch`
/// follows for a translation whose source does not load.
pub fn source_of(path: &Path) -> Option<std::path::PathBuf> {
    let file = super::read_source(path).ok()?;
    let root = super::tree::parse(&file.text).ok()?;
    let Val::Table(entries) = &root.val else {
        return None;
    };
    let of = entries.iter().find(|e| e.key == "translation-of")?;
    let Val::Str(of) = &of.node.val else {
        return None;
    };
    let of = Spanned {
        value: of.clone(),
        span: 0..0,
    };
    source_path(&file, path, &of).ok()
}

/// The source a translation names: relative to the translation's folder, inside its workspace.
fn source_path(
    file: &Arc<SourceFile>,
    path: &Path,
    of: &Spanned<String>,
) -> Result<std::path::PathBuf, Diagnostic> {
    let folder = crate::paths::folder_of(path);
    let root = crate::paths::find_root(path).unwrap_or_else(|| folder.clone());
    let error = |reason: &str| {
        let problem = Problem::TranslationSource {
            path: of.value.clone(),
            reason: reason.into(),
        };
        Diagnostic::at(problem, file, of.span.clone())
    };
    let full = folder.join(&of.value);
    let rel = full
        .strip_prefix(&root)
        .ok()
        .and_then(|p| p.to_str())
        .map(str::to_string);
    let inside = rel.and_then(|rel| crate::paths::resolve_in_workspace(&root, &rel));
    match inside {
        None => Err(error("is outside the workspace")),
        Some(p) if !p.is_file() => Err(error("is not there")),
        Some(p) if p.canonicalize().ok() == path.canonicalize().ok() => {
            Err(error("is this translation itself"))
        }
        Some(p) => Ok(p),
    }
}

/// The source brief with the translation's texts: what a build of the translation typesets.
/// A text the translation lacks keeps the source's (the check reports it, so it never builds).
fn merge(
    file: &Arc<SourceFile>,
    path: &Path,
    source: &Brief,
    fields: &[TranslatedField],
    language: Spanned<String>,
    top_span: Range<usize>,
) -> Brief {
    let get = |key: &str| {
        fields
            .iter()
            .find(|f| f.key == key && !f.value.value.trim().is_empty())
            .map(|f| &f.value)
    };
    let text = |key: &str| get(key).map(|v| to_text(file, v.clone()));
    let string =
        |key: &str, old: &Option<String>| get(key).map(|v| v.value.clone()).or(old.clone());
    let list = |key: &str, old: &[String]| -> Vec<String> {
        old.iter()
            .enumerate()
            .map(|(i, o)| get(&format!("{key}.{}", i + 1)).map_or(o.clone(), |v| v.value.clone()))
            .collect()
    };
    let mut b = source.clone();
    b.file = file.clone();
    b.path = path.to_path_buf();
    b.language = language;
    b.top_span = top_span;
    b.list_spans = [None, None];
    if let Some(t) = get("title") {
        b.title = Some(t.clone());
    }
    b.subtitle = string("subtitle", &b.subtitle);
    b.label = string("label", &b.label);
    b.place = string("place", &b.place);
    b.audience = list("audience", &b.audience);
    b.keywords = list("keywords", &b.keywords);
    if let Some(p) = &mut b.position {
        p.statement = text("position.statement").or(p.statement.take());
        for (i, km) in p.key_messages.iter_mut().enumerate() {
            if let Some(t) = text(&format!("position.key-messages.{}", i + 1)) {
                *km = t;
            }
        }
        p.context = text("position.context").or(p.context.take());
    }
    for e in &mut b.evidence {
        let Some(id) = e.id.as_ref().map(|i| i.value.clone()) else {
            continue;
        };
        let k = |f: &str| format!("evidence.{id}.{f}");
        e.claim = text(&k("claim")).or(e.claim.take());
        e.detail = text(&k("detail")).or(e.detail.take());
        let (value, label) = (get(&k("stat.value")), get(&k("stat.label")));
        if value.is_some() || label.is_some() {
            let (old_value, old_label) = match &e.stat {
                Some(StatRef::Inline { value, label }) => (value.clone(), label.clone()),
                _ => (String::new(), String::new()),
            };
            e.stat = Some(StatRef::Inline {
                value: value.map_or(old_value, |v| v.value.clone()),
                label: label.map_or(old_label, |v| v.value.clone()),
            });
        }
        if let Some(c) = &mut e.chart {
            if let Some(t) = get(&k("chart.title")) {
                c.title = t.clone();
            }
            c.unit = string(&k("chart.unit"), &c.unit);
            c.alt = string(&k("chart.alt"), &c.alt);
        }
        if let Some(q) = &mut e.quote {
            q.text = get(&k("quote.text")).map_or(q.text.clone(), |v| v.value.clone());
            q.role = string(&k("quote.role"), &q.role);
        }
    }
    for a in &mut b.asks {
        let Some(id) = a.id.as_ref().map(|i| i.value.clone()) else {
            continue;
        };
        let k = |f: &str| format!("ask.{id}.{f}");
        if let Some(to) = get(&k("to")) {
            a.to = Some(to.clone());
        }
        a.action = text(&k("action")).or(a.action.take());
        a.rationale = text(&k("rationale")).or(a.rationale.take());
    }
    if let Some(c) = &mut b.contact {
        c.name = string("contact.name", &c.name);
        c.role = string("contact.role", &c.role);
    }
    b
}
