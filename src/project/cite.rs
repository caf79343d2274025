//! The citation library of a workspace across its briefs: list it, check it, and import BibTeX or
//! CSL-JSON into a TOML library file, keeping that file's comments, order and formatting.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::WorkspaceView;
use crate::diagnostic::{display_path, Diagnostic, Problem, SourceFile};
use crate::model::{Citation, CitationType, Workspace};

/// One library entry as `brief cite list` shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Row {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: CitationType,
    pub year: Option<i32>,
    pub title: String,
    /// `file:line` of its definition.
    pub defined_in: String,
    /// `library`, or `brief` for a brief's own `[[citation]]`.
    pub scope: &'static str,
    /// The names of the briefs that cite it.
    pub cited_by: Vec<String>,
}

impl WorkspaceView {
    /// Every library entry, then every brief's own entries, with the briefs that cite each.
    pub fn citations(&self) -> Vec<Row> {
        let ws = &self.workspace;
        let cited: Vec<(String, Vec<String>)> = self
            .briefs
            .iter()
            .map(|b| {
                let name = b
                    .path
                    .file_stem()
                    .map_or(String::new(), |s| s.to_string_lossy().into_owned());
                (name, b.cited_keys(ws))
            })
            .collect();
        let row = |c: &Citation, scope| Row {
            key: c.id.value.clone(),
            kind: c.kind,
            year: c.date.map(|d| d.year),
            title: c.title.clone(),
            defined_in: crate::check::place(c),
            scope,
            cited_by: cited
                .iter()
                .filter(|(_, keys)| keys.contains(&c.id.value))
                .map(|(name, _)| name.clone())
                .collect(),
        };
        let mut rows: Vec<Row> = ws.citations.iter().map(|c| row(c, "library")).collect();
        for b in &self.briefs {
            rows.extend(b.citations.iter().map(|c| row(c, "brief")));
        }
        rows
    }

    /// The problems that leave the library incomplete: a library file missing, unreadable or
    /// not parsed (not a problem inside one entry).
    pub fn unreadable_libraries(&self) -> Vec<Diagnostic> {
        let ws = &self.workspace;
        let entries = super::Entries::of(ws);
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == crate::diagnostic::Severity::Error)
            .filter(|d| {
                let in_library = d.file.as_ref().is_some_and(|f| {
                    let abs = std::path::absolute(&f.path).unwrap_or_else(|_| f.path.clone());
                    ws.library_files.contains(&abs) || ws.library_files.contains(&f.path)
                });
                let naming_library = match &*d.problem {
                    Problem::MissingFile { key, .. } | Problem::OutsideWorkspace { key, .. } => {
                        *key == "library"
                    }
                    Problem::BadLibrary { .. } => true,
                    _ => false,
                };
                naming_library || (in_library && entries.key_of(d).is_none())
            })
            .cloned()
            .collect()
    }

    /// The library's findings across every brief (B024, B040-B044), with the workspace's own.
    /// A problem in an entry no brief cites is a warning: it stops no build.
    pub fn check_citations(&self) -> Vec<Diagnostic> {
        let ws = &self.workspace;
        let mut diags = self.diagnostics.clone();
        diags.extend(crate::check::workspace(ws));
        let cited: HashSet<String> = self.briefs.iter().flat_map(|b| b.cited_keys(ws)).collect();
        let entries = super::Entries::of(ws);
        for d in &mut diags {
            match entries.key_of(d) {
                Some(key) if !cited.contains(&key) => d.uncited = Some(key),
                _ => {}
            }
        }
        for b in &self.briefs {
            // Only the citation findings of each brief; `brief check` reports the rest.
            diags.extend(crate::check::brief(b, ws).into_iter().filter(|d| {
                matches!(
                    *d.problem,
                    Problem::CitationConflict { .. } | Problem::UnknownCitation { .. }
                )
            }));
        }
        diags.extend(crate::check::library(ws, &self.briefs));
        diags
    }
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    /// The library file written.
    pub into: PathBuf,
    /// Entries added.
    pub added: usize,
    /// Entries already there, identical.
    pub skipped: usize,
    /// Whether that file lies outside the workspace (so no brief reads it yet).
    pub outside: bool,
    /// A warning for each entry with fields the library format has no place for.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportError {
    /// The files cannot be used: unreadable, or not of a kind import reads or writes.
    Unusable(Vec<Diagnostic>),
    /// The file to import, or the workspace, has errors.
    Invalid(Vec<Diagnostic>),
    /// Keys already in the library with other content.
    Conflicts(Vec<Diagnostic>),
}

/// Add the entries of a `.bib` or CSL-JSON file to a TOML library: `into`, else the workspace's
/// `citations.toml`. A key already there with other content refuses the whole import.
/// `verbose` names every entry that lost fields and every key renamed, one by one.
pub fn import(
    file: &Path,
    into: Option<PathBuf>,
    cwd: &Path,
    verbose: bool,
) -> Result<Imported, ImportError> {
    let (source, ext, imported, left_out) = read_entries(file)?;
    // The library of the workspace we are in, not of wherever the imported file lives.
    let loaded = crate::load::workspace(cwd);
    let ws = loaded
        .value
        .ok_or(ImportError::Invalid(loaded.diagnostics))?;
    let target = choose_target(into, &ws)?;
    let mut imported = imported;
    let (mut warnings, original) = valid_keys(&mut imported, &ws, verbose);
    warnings.extend(left_out);
    let (dropped, refused) = gate(&mut imported, &source);
    warnings.extend(refused);
    let (added, skipped) = sort_out(&imported, &ws)?;
    let mut doc = open_library(&target)?;
    append(&mut doc, &added);
    let mut text = doc.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    crate::paths::write_atomic(&target.path, text.as_bytes())
        .map_err(|d| ImportError::Unusable(vec![d]))?;
    warnings.extend(unkept_fields(
        &source, &ext, &added, &original, &dropped, verbose,
    ));
    Ok(Imported {
        warnings,
        outside: ws.file.is_some() && !target.path.starts_with(&ws.root),
        into: target.path,
        added: added.len(),
        skipped,
    })
}

/// The file to import, its lower-case extension and its entries, when it is a `.bib` or `.json`
/// file without errors.
/// The entries read, and a warning for each one left out.
type Read = (Arc<SourceFile>, String, Vec<Citation>, Vec<Diagnostic>);

fn read_entries(file: &Path) -> Result<Read, ImportError> {
    use ImportError::*;
    let source = crate::load::read_source_within(file, crate::limits::MAX_LIBRARY_SIZE)
        .map_err(|d| Unusable(vec![d]))?;
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !matches!(ext.as_str(), "bib" | "json") {
        let path = display_path(file).display().to_string();
        return Err(Unusable(vec![Diagnostic::bare(Problem::BadLibrary {
            path,
            message: "import reads .bib (BibTeX, BibLaTeX) and .json (CSL-JSON) files".into(),
        })]));
    }
    let mut diags = Vec::new();
    let imported = crate::load::library::read(&source, &ext, &mut diags);
    // An entry that cannot be read is left out and named; a file that cannot be read is refused.
    if diags.iter().any(|d| d.uncited.is_none()) {
        return Err(Invalid(diags));
    }
    Ok((source, ext, imported, diags))
}

/// The library file an import writes.
struct Target {
    /// Where it is written: through a link inside the workspace, the file the link leads to.
    path: PathBuf,
    /// The path as chosen, as messages show it.
    shown: String,
}

/// Refuse to write the library, for `reason`.
fn refuse(shown: &str, reason: &'static str) -> ImportError {
    ImportError::Unusable(vec![Diagnostic::bare(Problem::WouldReplace {
        path: shown.to_string(),
        reason,
    })])
}

/// The library to write: `into`, else the workspace's `citations.toml`, when it is a TOML file
/// import may write.
fn choose_target(into: Option<PathBuf>, ws: &Workspace) -> Result<Target, ImportError> {
    let chosen = into.is_some();
    let target = into.unwrap_or_else(|| ws.root.join("citations.toml"));
    let target = std::path::absolute(&target).unwrap_or(target);
    if !target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        let path = display_path(&target).display().to_string();
        return Err(ImportError::Unusable(vec![Diagnostic::bare(
            Problem::BadLibrary {
                path,
                message: "import writes only TOML libraries (a file ending in .toml)".into(),
            },
        )]));
    }
    let shown = display_path(&target).display().to_string();
    // The workspace's own library stays in the workspace: a `citations.toml` linked to a file
    // elsewhere is neither read nor replaced. (`--into` names any file the user chooses.)
    if !chosen && ws.file.is_some() {
        let inside = crate::paths::resolve_in_workspace(&ws.root, "citations.toml");
        if inside.is_none() {
            return Err(refuse(&shown, "it leads out of the workspace"));
        }
    }
    if let Ok(meta) = std::fs::metadata(&target) {
        if !meta.is_file() {
            return Err(refuse(&shown, "it is not a regular file"));
        }
    }
    // A library is written through a link inside the workspace, not over the link.
    let path = match std::fs::symlink_metadata(&target) {
        Ok(m) if m.file_type().is_symlink() => target.canonicalize().unwrap_or(target),
        _ => target,
    };
    Ok(Target { path, shown })
}

/// Keys a brief can cite for every imported entry: a key with characters the format does not
/// allow (`DBLP:conf/x`, `Aaron&Finkin`) is given one that it does, unique in the library and
/// the import, and a warning names both. Returns the warnings and each new key's original.
fn valid_keys(
    imported: &mut [Citation],
    ws: &Workspace,
    verbose: bool,
) -> (Vec<Diagnostic>, HashMap<String, String>) {
    let mut taken: HashSet<String> = ws
        .citations
        .iter()
        .chain(imported.iter())
        .map(|c| c.id.value.clone())
        .collect();
    let library: HashMap<&str, &Citation> = ws
        .citations
        .iter()
        .map(|c| (c.id.value.as_str(), c))
        .collect();
    let mut warnings = Vec::new();
    let mut original = HashMap::new();
    for c in imported.iter_mut() {
        if crate::check::valid_key(&c.id.value) {
            continue;
        }
        let base = crate::check::key_from(&c.id.value);
        // The key it was given when imported before, where the library holds it unchanged, so
        // that importing a file again adds nothing.
        let imported_before = |k: &String| {
            library
                .get(k.as_str())
                .is_some_and(|e| c.differing_fields(e).is_empty())
        };
        let key = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|k| imported_before(k) || !taken.contains(k))
            .unwrap_or(base);
        taken.insert(key.clone());
        let problem = Problem::KeyRenamed {
            key: c.id.value.clone(),
            renamed: key.clone(),
            more: 0,
        };
        warnings.push(Diagnostic::at(problem, &c.file, c.id.span.clone()));
        original.insert(key.clone(), std::mem::replace(&mut c.id.value, key));
    }
    // Hundreds renamed are one warning: the first, and how many more.
    if warnings.len() > crate::limits::NAMED_ONE_BY_ONE && !verbose {
        let more = warnings.len() - 1;
        warnings.truncate(1);
        if let Problem::KeyRenamed { more: m, .. } = &mut *warnings[0].problem {
            *m = more;
        }
    }
    (warnings, original)
}

/// The imported entries new to the library, and how many were there already, identical (or
/// repeated in the file imported). Any key already there with other content is a conflict.
fn sort_out<'a>(
    imported: &'a [Citation],
    ws: &Workspace,
) -> Result<(Vec<&'a Citation>, usize), ImportError> {
    let mut added: Vec<&Citation> = Vec::new();
    let mut adding: HashSet<&str> = HashSet::new();
    let mut skipped = 0;
    let mut conflicts = Vec::new();
    // Looked up by key: an import of 40,000 entries into a library as large is not 1.6
    // billion comparisons.
    let library: HashMap<&str, &Citation> = ws
        .citations
        .iter()
        .map(|c| (c.id.value.as_str(), c))
        .collect();
    for c in imported {
        match library.get(c.id.value.as_str()) {
            Some(e) => {
                let fields = c.differing_fields(e);
                if fields.is_empty() {
                    skipped += 1;
                } else {
                    conflicts.push(Diagnostic::at(
                        Problem::ImportConflict {
                            key: c.id.value.clone(),
                            fields,
                            place: crate::check::place(e),
                        },
                        &c.file,
                        c.id.span.clone(),
                    ));
                }
            }
            None if !adding.insert(c.id.value.as_str()) => skipped += 1,
            None => added.push(c),
        }
    }
    if !conflicts.is_empty() {
        return Err(ImportError::Conflicts(conflicts));
    }
    Ok((added, skipped))
}

/// The library file as an editable document (empty when it does not exist yet), when it is a
/// citation library.
fn open_library(target: &Target) -> Result<toml_edit::DocumentMut, ImportError> {
    use ImportError::*;
    let io = |action: &'static str, e: std::io::Error| {
        Unusable(vec![Diagnostic::bare(Problem::Io {
            path: display_path(&target.path).display().to_string(),
            action,
            error: crate::diagnostic::io_message(&e),
        })])
    };
    let text = match crate::paths::read_capped(&target.path, crate::limits::MAX_LIBRARY_SIZE) {
        Ok(bytes) => String::from_utf8(bytes)
            .map_err(|_| io("read", std::io::Error::other("not UTF-8 text")))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        // Never rewrite a library we could not read: that would erase it.
        Err(e) => return Err(io("read", e)),
    };
    let doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let file = SourceFile::new(target.path.clone(), text.clone());
        let span = e.span().unwrap_or(0..0);
        let message = e.message().to_string();
        Invalid(vec![Diagnostic::at(
            Problem::Syntax { message },
            &file,
            span,
        )])
    })?;
    // Only a library takes citations: not briefs.toml, not a brief.
    let library_only = doc
        .iter()
        .all(|(key, _)| key == "citation" || key == "stat");
    if !library_only || target.path.file_name().is_some_and(|n| n == "briefs.toml") {
        return Err(refuse(
            &target.shown,
            "it is not a citation library (only [[citation]] and [[stat]] tables)",
        ));
    }
    Ok(doc)
}

/// The fields a BibTeX or CSL-JSON library may hold that `[[citation]]` keeps (under its own
/// name or another), in the source format's spelling.
const KEPT_BIB: &[&str] = &[
    "author",
    "editor",
    "translator",
    "location",
    "address",
    "title",
    "year",
    "date",
    "month",
    "journal",
    "journaltitle",
    "booktitle",
    "publisher",
    "institution",
    "organization",
    "volume",
    "edition",
    "school",
    "annotation",
    "annote",
    "howpublished",
    "number",
    "issue",
    "pages",
    "doi",
    "url",
    "urldate",
    "note",
    "type",
];
const KEPT_CSL: &[&str] = &[
    "id",
    "citation-key",
    "editor",
    "translator",
    "publisher-place",
    "authority",
    "number",
    "section",
    "genre",
    "type",
    "title",
    "author",
    "issued",
    "accessed",
    "container-title",
    "publisher",
    "URL",
    "DOI",
    "page",
    "volume",
    "edition",
    "issue",
    "note",
];

/// One warning for each imported entry whose source has fields the library cannot keep
/// (`isbn`, `abstract`, `editor`, …), naming them, placed at the entry in the source file.
fn unkept_fields(
    source: &Arc<SourceFile>,
    ext: &str,
    added: &[&Citation],
    original: &HashMap<String, String>,
    dropped: &HashMap<String, Vec<String>>,
    verbose: bool,
) -> Vec<Diagnostic> {
    let mut fields: HashMap<String, Vec<String>> = HashMap::new();
    match ext {
        "bib" => {
            if let Ok(bib) = biblatex::Bibliography::parse(&source.text) {
                for entry in bib.iter() {
                    let lost: Vec<String> = entry
                        .fields
                        .keys()
                        .filter(|f| !KEPT_BIB.contains(&f.as_str()))
                        .filter(|f| !crate::load::library::SUBTITLES.contains(&f.as_str()))
                        .cloned()
                        .collect();
                    fields.entry(entry.key.clone()).or_insert(lost);
                }
            }
        }
        _ => {
            if let Ok(serde_json::Value::Array(items)) =
                serde_json::from_str::<serde_json::Value>(&source.text)
            {
                for item in &items {
                    let (Some(id), Some(map)) = (item.get("id"), item.as_object()) else {
                        continue;
                    };
                    let id = id.as_str().map_or_else(|| id.to_string(), str::to_string);
                    let lost = map
                        .keys()
                        .filter(|f| !KEPT_CSL.contains(&f.as_str()))
                        .cloned()
                        .collect();
                    fields.entry(id).or_insert(lost);
                }
            }
        }
    }
    let losing: Vec<(&Citation, Vec<String>)> = added
        .iter()
        .filter_map(|c| {
            let key = original.get(&c.id.value).unwrap_or(&c.id.value);
            let mut lost = fields.get(key).cloned().unwrap_or_default();
            lost.extend(dropped.get(&c.id.value).into_iter().flatten().cloned());
            (!lost.is_empty()).then_some((*c, lost))
        })
        .collect();
    // A few entries are named one by one; an export of hundreds is one summary, each field
    // with how many entries lost it (a Zotero library printed thousands of lines).
    if losing.len() <= crate::limits::NAMED_ONE_BY_ONE || verbose {
        return losing
            .into_iter()
            .map(|(c, lost)| {
                let problem = Problem::FieldsNotKept {
                    key: c.id.value.clone(),
                    fields: lost.clone(),
                    entries: 1,
                };
                Diagnostic::at(problem, &c.file, c.id.span.clone())
            })
            .collect();
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, lost) in &losing {
        for f in lost.iter() {
            *counts.entry(f.as_str()).or_default() += 1;
        }
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let first = losing[0].0;
    let problem = Problem::FieldsNotKept {
        key: first.id.value.clone(),
        fields: counts.iter().map(|(f, n)| format!("{f} ({n})")).collect(),
        entries: losing.len(),
    };
    vec![Diagnostic::at(problem, &first.file, first.id.span.clone())]
}

/// Entries as `check` will read them, since an import never writes what `check` would refuse:
/// an address that is no web address or a DOI that is no DOI is left out of its entry (and
/// named with the fields not kept); an entry still refused (a web page with no access date) is
/// left out, named, with what to add.
fn gate(
    entries: &mut Vec<Citation>,
    source: &Arc<SourceFile>,
) -> (HashMap<String, Vec<String>>, Vec<Diagnostic>) {
    let mut dropped: HashMap<String, Vec<String>> = HashMap::new();
    let mut refused = Vec::new();
    entries.retain_mut(|c| {
        let key = c.id.value.clone();
        if c.url
            .as_ref()
            .is_some_and(|u| !crate::check::is_web_url(&u.value))
        {
            c.url = None;
            dropped
                .entry(key.clone())
                .or_default()
                .push("url, not a web address".into());
        }
        if c.doi
            .as_ref()
            .is_some_and(|d| !crate::check::is_doi(&d.value))
        {
            c.doi = None;
            dropped
                .entry(key.clone())
                .or_default()
                .push("doi, not a DOI".into());
        }
        let mut problems = Vec::new();
        crate::check::citation_fields(c, &mut problems);
        let Some(first) = problems.first() else {
            return true;
        };
        let message = format!(
            "{}: add it in the source and import it again",
            first.problem
        );
        let problem = Problem::EntryLeftOut {
            key: key.clone(),
            message,
            more: 0,
        };
        let span = c.id.span.clone();
        refused.push(Diagnostic::at(problem, source, span).uncited(&key));
        false
    });
    // More than a few: the first and how many more (`--verbose` is the place for a list).
    if refused.len() > 3 {
        let more = refused.len() - 1;
        refused.truncate(1);
        if let Problem::EntryLeftOut { more: m, .. } = &mut *refused[0].problem {
            *m = more;
        }
    }
    (dropped, refused)
}

/// Append entries as `[[citation]]` tables, after whatever the file holds.
fn append(doc: &mut toml_edit::DocumentMut, entries: &[&Citation]) {
    use toml_edit::{value, Array, ArrayOfTables, Item, Table};
    if entries.is_empty() {
        return;
    }
    if !doc.contains_key("citation") {
        doc.insert("citation", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(list) = doc
        .get_mut("citation")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return;
    };
    for c in entries {
        let mut t = Table::new();
        t.insert("id", value(&c.id.value));
        t.insert("type", value(c.kind.to_string()));
        if !c.author.is_empty() {
            let authors: Array = c.author.iter().map(String::as_str).collect();
            t.insert("author", value(authors));
        }
        if c.et_al {
            t.insert("et-al", value(true));
        }
        for (k, people) in [("editor", &c.editor), ("translator", &c.translator)] {
            if !people.is_empty() {
                let people: Array = people.iter().map(String::as_str).collect();
                t.insert(k, value(people));
            }
        }
        t.insert("title", value(&c.title));
        for (k, v) in [
            ("genre", &c.genre),
            ("publisher", &c.publisher),
            ("place", &c.place),
            ("court", &c.court),
            ("section", &c.section),
            ("container", &c.container),
        ] {
            if let Some(v) = v.as_ref().filter(|v| !v.trim().is_empty()) {
                t.insert(k, value(v));
            }
        }
        if let Some(d) = c.date {
            // A full date is a TOML date; a year or month stays a string, as the format asks.
            match (d.month, d.day) {
                (Some(month), Some(day)) => {
                    let date = toml_edit::Date {
                        year: d.year as u16,
                        month: month as u8,
                        day: day as u8,
                    };
                    t.insert("date", value(toml_edit::Datetime::from(date)));
                }
                _ => {
                    t.insert("date", value(d.to_string()));
                }
            }
        }
        if let Some(u) = &c.url {
            t.insert("url", value(&u.value));
        }
        if let Some(d) = &c.doi {
            t.insert("doi", value(&d.value));
        }
        if let Some(a) = &c.accessed {
            use chrono::Datelike;
            let date = toml_edit::Date {
                year: a.value.year() as u16,
                month: a.value.month() as u8,
                day: a.value.day() as u8,
            };
            t.insert("accessed", value(toml_edit::Datetime::from(date)));
        }
        for (k, v) in [
            ("pages", &c.pages),
            ("volume", &c.volume),
            ("edition", &c.edition),
            ("issue", &c.issue),
            ("note", &c.note),
        ] {
            if let Some(v) = v.as_ref().filter(|v| !v.trim().is_empty()) {
                t.insert(k, value(v));
            }
        }
        list.push(t);
    }
}
