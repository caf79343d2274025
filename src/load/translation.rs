//! Translations: `briefs/NAME.LANG.toml` with `translation-of = "NAME.toml"` holds only the texts
//! of its source brief in another language. The loader reads it, loads the source, and builds the
//! whole brief a build needs: the source with these texts. What a translation may hold is the
//! catalogue of texts ([`crate::model::texts`]); the checks, the fingerprints of `brief translate
//! --accept` and the skeleton of `brief translate --to` all use [`source_texts`].

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::tree::{Entry, Node, TableReader, Val};
use super::{to_text, Loaded};
use crate::diagnostic::{Diagnostic, Problem, SourceFile};
use crate::model::texts::{Form, Part, TextId, TextKey};
use crate::model::*;

/// One text of a source brief that its translations must give.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Which text it is, the same in the source and its translations (its key,
    /// `evidence.ID.claim`, is what `[reviewed]` records).
    pub key: TextKey,
    /// How a message names it: "the claim of evidence \"ID\"".
    pub what: String,
    /// Where a translation writes it: its table (`[evidence.ID]`, or none for the top) and key.
    pub table: Option<String>,
    pub field: &'static str,
    /// The source's text.
    pub text: String,
    /// Where the text is in the source.
    pub span: Range<usize>,
}

/// Every text of a source brief that a translation must give, in the source's order, read from
/// the source's own TOML so that each has its span (the typed brief keeps only some). `stats`
/// is the workspace's library of figures, whose words a figure named by id takes.
pub fn source_texts(source: &Brief, stats: &[Stat]) -> Vec<SourceText> {
    let Ok(root) = super::tree::parse(&source.file.text) else {
        return Vec::new();
    };
    let top = entries(&root);
    let mut out = Vec::new();
    for part in Part::ALL {
        let Some(table) = part.table() else {
            texts_of(&top, part, None, stats, &mut out);
            continue;
        };
        let Some(node) = find(&top, table) else {
            continue;
        };
        if !part.has_items() {
            texts_of(&entries(&node), part, None, stats, &mut out);
            continue;
        }
        let Val::Array(items) = &node.val else {
            continue;
        };
        for node in items {
            let es = entries(node);
            if let Some(Val::Str(id)) = find(&es, "id").map(|n| n.val) {
                texts_of(&es, part, Some(&id), stats, &mut out);
            }
        }
    }
    out
}

/// The entries of a table node (none for anything else).
fn entries(n: &Node) -> Vec<Entry> {
    match &n.val {
        Val::Table(e) => e.clone(),
        _ => Vec::new(),
    }
}

fn find(es: &[Entry], key: &str) -> Option<Node> {
    es.iter().find(|e| e.key == key).map(|e| e.node.clone())
}

/// The texts of one part's table (of one item, for findings and asks), in the catalogue's order.
fn texts_of(
    es: &[Entry],
    part: Part,
    item: Option<&str>,
    stats: &[Stat],
    out: &mut Vec<SourceText>,
) {
    let push = |out: &mut Vec<SourceText>, key: TextKey, text: &str, span: &Range<usize>| {
        out.push(SourceText {
            what: key.what(),
            table: key.table(),
            field: key.id.name(),
            key,
            text: text.to_string(),
            span: span.clone(),
        });
    };
    for field in part.fields() {
        let Some(node) = find(es, field.name) else {
            continue;
        };
        let key = TextKey {
            id: field.id,
            item: item.map(str::to_string),
            index: None,
            part: None,
        };
        match (field.form, &node.val) {
            (Form::Line | Form::Markup, Val::Str(s)) => push(out, key, s, &node.span),
            (Form::Lines | Form::MarkupList, Val::Array(items)) => {
                for (i, n) in items.iter().enumerate() {
                    if let Val::Str(s) = &n.val {
                        let key = TextKey {
                            index: Some(i + 1),
                            ..key.clone()
                        };
                        push(out, key, s, &n.span);
                    }
                }
            }
            (Form::Parts(parts), Val::Table(values)) => {
                for (name, _) in parts {
                    if let Some(Node {
                        val: Val::Str(s),
                        span,
                    }) = find(values, name)
                    {
                        let key = TextKey {
                            part: Some(name),
                            ..key.clone()
                        };
                        push(out, key, &s, &span);
                    }
                }
            }
            // A figure from the library: its words are the library's, in the source's
            // language, so a translation gives them.
            (Form::Parts(parts), Val::Str(stat)) if field.id == TextId::Stat => {
                let library = stats.iter().find(|s| s.id.value == *stat);
                for (name, _) in parts {
                    let text = library.map_or("", |l| match *name {
                        "value" => l.value.as_str(),
                        _ => l.label.as_str(),
                    });
                    let key = TextKey {
                        part: Some(name),
                        ..key.clone()
                    };
                    let what = format!("{} (from the library)", key.what());
                    push(out, key, text, &node.span);
                    if let Some(last) = out.last_mut() {
                        last.what = what;
                    }
                }
            }
            _ => {}
        }
    }
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
    let mut r = TableReader::new(file, &mut diags, root, "the translation");
    let of = r.req_str("translation-of", "\"NAME.toml\"");
    let language = r.req_str("language", "\"fr-CA\"");
    let (fields, items) = read_texts(&mut r);
    let reviewed = read_reviewed(&mut r);
    r.finish();

    let Some(of) = of else {
        return Loaded {
            value: None,
            diagnostics: diags,
        };
    };
    let source = match load_source(file, path, &of) {
        Ok(source) => source,
        Err(d) => {
            diags.push(d);
            return Loaded {
                value: None,
                diagnostics: diags,
            };
        }
    };
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

/// Every text a translation gives, by the catalogue of texts, and its item tables.
fn read_texts(r: &mut TableReader) -> (Vec<TranslatedField>, Vec<TranslatedItem>) {
    let mut fields = Vec::new();
    let mut items = Vec::new();
    for part in Part::ALL {
        let Some(table) = part.table() else {
            read_fields(r, part, None, &mut fields);
            continue;
        };
        if !part.has_items() {
            if let Some(node) = r.table(table) {
                let mut t = r.sub(node, format!("[{table}]"));
                read_fields(&mut t, part, None, &mut fields);
                t.finish();
            }
            continue;
        }
        let Some(entry) = r.take(table) else { continue };
        let node = &entry.node;
        let Val::Table(tables) = &node.val else {
            // `[[evidence]]` copied from the source: a translation names each item by its id.
            let example = match part {
                Part::Evidence => {
                    "[evidence.ID] tables, one per finding of the source, each with its claim"
                }
                _ => "[ask.ID] tables, one per ask of the source, each with its to and action",
            };
            r.wrong(table, "tables named by the source's ids", node, example);
            continue;
        };
        for e in tables {
            let id = Spanned {
                value: e.key.clone(),
                span: e.key_span.clone(),
            };
            let mut t = r.sub(&e.node, format!("[{table}.{}]", id.value));
            read_fields(&mut t, part, Some(&id.value), &mut fields);
            t.finish();
            items.push(TranslatedItem {
                table,
                id,
                span: e.node.span.clone(),
            });
        }
    }
    (fields, items)
}

/// The texts of one part's table, each a [`TranslatedField`].
fn read_fields(
    r: &mut TableReader,
    part: Part,
    item: Option<&str>,
    out: &mut Vec<TranslatedField>,
) {
    for field in part.fields() {
        let key = TextKey {
            id: field.id,
            item: item.map(str::to_string),
            index: None,
            part: None,
        };
        let Form::Parts(parts) = field.form else {
            read_field(r, field.name, key, out);
            continue;
        };
        let Some(node) = r.table(field.name) else {
            continue;
        };
        let name = match item {
            Some(id) => format!(
                "{} of [{}.{id}]",
                field.name,
                part.table().unwrap_or_default()
            ),
            None => field.name.to_string(),
        };
        let mut s = r.sub(node, name);
        for (p, _) in parts {
            let key = TextKey {
                part: Some(p),
                ..key.clone()
            };
            read_field(&mut s, p, key, out);
        }
        s.finish();
    }
}

/// `[reviewed]`: the fingerprints `brief translate --accept` recorded, by key.
fn read_reviewed(r: &mut TableReader) -> Vec<(String, Spanned<String>)> {
    let mut reviewed = Vec::new();
    let Some(node) = r.table("reviewed") else {
        return reviewed;
    };
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
    reviewed
}

/// The source a translation names, loaded without errors; else the diagnostic that says why not.
fn load_source(
    file: &Arc<SourceFile>,
    path: &Path,
    of: &Spanned<String>,
) -> Result<Brief, Diagnostic> {
    let source_path = source_path(file, path, of)?;
    let loaded = super::brief_or_source(&source_path, true);
    let clean = !loaded
        .diagnostics
        .iter()
        .any(|d| d.severity() == crate::diagnostic::Severity::Error);
    match loaded.value {
        Some(source) if clean => Ok(source),
        _ => {
            let n = loaded.diagnostics.len();
            let reason = match loaded.diagnostics.first().map(|d| &*d.problem) {
                Some(Problem::Io { .. } | Problem::NotAFile { .. }) => "cannot be read".to_string(),
                Some(Problem::TranslationSource { reason, .. }) => reason.clone(),
                _ => format!(
                    "does not load ({n} problem{})",
                    if n == 1 { "" } else { "s" }
                ),
            };
            let problem = Problem::TranslationSource {
                path: of.value.clone(),
                reason,
            };
            Err(Diagnostic::at(problem, file, of.span.clone()))
        }
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
fn read_field(
    r: &mut TableReader,
    name: &'static str,
    key: TextKey,
    out: &mut Vec<TranslatedField>,
) {
    let Some(e) = r.take(name) else { return };
    // A list's texts are written as a list, one text as a string, as in the source.
    let list = key.id.field().form.is_list() && key.part.is_none();
    match &e.node.val {
        Val::Str(_) if list => r.wrong(name, "a list of strings", &e.node, "[\"...\"]"),
        Val::Array(_) if !list => r.wrong(name, "a string", &e.node, "\"...\""),
        Val::Str(s) => out.push(TranslatedField {
            key,
            value: Spanned {
                value: s.clone(),
                span: e.node.span.clone(),
            },
        }),
        Val::Array(items) => {
            for (i, n) in items.iter().enumerate() {
                match &n.val {
                    Val::Str(s) => out.push(TranslatedField {
                        key: TextKey {
                            index: Some(i + 1),
                            ..key.clone()
                        },
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
    let mut b = source.clone();
    b.file = file.clone();
    b.path = path.to_path_buf();
    b.language = language;
    b.top_span = top_span;
    b.list_spans = [None, None];
    for f in fields.iter().filter(|f| !f.value.value.trim().is_empty()) {
        apply(&mut b, &f.key, &f.value, file);
    }
    b
}

/// Put one translated text in its place in the brief; a place the source lacks is skipped.
fn apply(b: &mut Brief, key: &TextKey, v: &Spanned<String>, file: &SourceFile) {
    let text = || to_text(file, v.clone());
    let line = || Some(v.value.clone());
    let nth = |list: &mut Vec<String>| {
        if let Some(slot) = key.index.and_then(|i| list.get_mut(i - 1)) {
            *slot = v.value.clone();
        }
    };
    let is = |id: &Option<Spanned<String>>| id.as_ref().map(|i| &i.value) == key.item.as_ref();
    let evidence = b.evidence.iter_mut().find(|e| is(&e.id));
    let ask = b.asks.iter_mut().find(|a| is(&a.id));
    let position = b.position.as_mut();
    match key.id {
        TextId::Title => b.title = Some(v.clone()),
        TextId::Subtitle => b.subtitle = line(),
        TextId::Label => b.label = line(),
        TextId::Place => b.place = line(),
        TextId::Audience => nth(&mut b.audience),
        TextId::Keywords => nth(&mut b.keywords),
        TextId::Statement | TextId::KeyMessages | TextId::Context => {
            let Some(p) = position else { return };
            match key.id {
                TextId::Statement => p.statement = Some(text()),
                TextId::Context => p.context = Some(text()),
                _ => {
                    if let Some(slot) = key.index.and_then(|i| p.key_messages.get_mut(i - 1)) {
                        *slot = text();
                    }
                }
            }
        }
        TextId::Claim => evidence.into_iter().for_each(|e| e.claim = Some(text())),
        TextId::Detail => evidence.into_iter().for_each(|e| e.detail = Some(text())),
        TextId::Stat | TextId::Quote | TextId::Chart => {
            if let Some(e) = evidence {
                apply_part(e, key, v);
            }
        }
        TextId::To => ask.into_iter().for_each(|a| a.to = Some(v.clone())),
        TextId::Action => ask.into_iter().for_each(|a| a.action = Some(text())),
        TextId::Rationale => ask.into_iter().for_each(|a| a.rationale = Some(text())),
        TextId::ContactName => b.contact.iter_mut().for_each(|c| c.name = line()),
        TextId::ContactRole => b.contact.iter_mut().for_each(|c| c.role = line()),
    }
}

/// A translated part of a finding's figure, quote or chart. A figure from the library becomes
/// the finding's own, in the translation's words.
fn apply_part(e: &mut Evidence, key: &TextKey, v: &Spanned<String>) {
    let value = v.value.clone();
    match (key.id, key.part) {
        (TextId::Stat, Some(part)) => {
            if !matches!(e.stat, Some(StatRef::Inline { .. })) {
                e.stat = Some(StatRef::Inline {
                    value: String::new(),
                    label: String::new(),
                });
            }
            if let Some(StatRef::Inline { value: old, label }) = &mut e.stat {
                *if part == "value" { old } else { label } = value;
            }
        }
        (TextId::Quote, Some(part)) => {
            if let Some(q) = &mut e.quote {
                match part {
                    "text" => q.text = value,
                    _ => q.role = Some(value),
                }
            }
        }
        (TextId::Chart, Some(part)) => {
            if let Some(c) = &mut e.chart {
                match part {
                    "title" => c.title = v.clone(),
                    "unit" => c.unit = Some(value),
                    _ => c.alt = Some(value),
                }
            }
        }
        _ => {}
    }
}
