//! Stage two: every rule of the format that goes beyond shape — ids, references between parts,
//! dates, URLs, DOIs, paths, library conflicts — and the warnings a careful editor would give.
//! Every rule runs; all findings come back together.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{suggest, Diagnostic, Problem, SourceFile};
use crate::model::*;

/// Check the workspace on its own: its settings and every library entry.
pub fn workspace(ws: &Workspace) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(file) = &ws.file else { return out };
    characters(file, &ws.root, &mut out);
    if let Some(logo) = &ws.organisation.logo {
        check_path(ws, file, "logo", logo, &mut out);
    }
    check_style(ws, file, &mut out);
    ids(
        ws.citations.iter().map(|c| (&c.file, &c.id)),
        "citation",
        &mut out,
    );
    ids(
        ws.stats.iter().map(|s| (&s.file, &s.id)),
        "figure",
        &mut out,
    );
    for c in &ws.citations {
        citation_fields(c, &mut out);
    }
    let keys = known_keys(None, ws);
    for stat in &ws.stats {
        if let Some(source) = &stat.source {
            if !keys.contains(source.value.as_str()) {
                let suggestion = suggest(&source.value, keys.iter().copied());
                out.push(Diagnostic::at(
                    Problem::UnknownCitation {
                        key: source.value.clone(),
                        suggestion,
                    },
                    &stat.file,
                    source.span.clone(),
                ));
            }
        }
    }
    out
}

/// Check one brief against the format and its workspace.
pub fn brief(b: &Brief, ws: &Workspace) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = &b.file;
    characters(file, &ws.root, &mut out);
    library_characters(b, ws, &mut out);
    let at = |p: Problem, span: Range<usize>| Diagnostic::at(p, file, span);

    if let Some(title) = &b.title {
        let len = title.value.chars().count();
        if len > TITLE_LIMIT {
            out.push(at(
                Problem::TitleTooLong {
                    len,
                    limit: TITLE_LIMIT,
                },
                title.span.clone(),
            ));
        }
    }
    if !is_language_tag(&b.language.value) {
        out.push(at(
            Problem::BadLanguage {
                tag: b.language.value.clone(),
            },
            b.language.span.clone(),
        ));
    }
    if let Some(t) = &b.template {
        if KINDS.contains(&t.value.as_str()) {
        } else if t.value.ends_with(".typ") {
            check_path(ws, file, "template", t, &mut out);
        } else {
            let suggestion = suggest(&t.value, KINDS.iter().copied());
            out.push(at(
                Problem::UnknownTemplate {
                    name: t.value.clone(),
                    suggestion,
                },
                t.span.clone(),
            ));
        }
    }
    if let Some(p) = &b.position {
        for km in &p.key_messages {
            if km.markup.plain_text().trim().is_empty() {
                out.push(at(
                    Problem::EmptyValue {
                        key: "key-messages".into(),
                    },
                    km.span.clone(),
                ));
            }
        }
        if p.key_messages.len() > 5 {
            out.push(at(
                Problem::TooManyKeyMessages {
                    count: p.key_messages.len(),
                },
                p.key_messages[5].span.clone(),
            ));
        }
    }
    for ((items, table), span) in [(b.evidence.len(), "evidence"), (b.asks.len(), "ask")]
        .into_iter()
        .zip(&b.list_spans)
    {
        if items == 0 {
            // At an empty `evidence = []` if there is one, else at the top of the file.
            let span = span.clone().unwrap_or_else(|| b.top_span.clone());
            out.push(at(Problem::NoItems { table }, span));
        }
    }

    // Ids are unique within the brief: evidence items and asks share one namespace.
    let item_ids = b
        .evidence
        .iter()
        .filter_map(|e| e.id.as_ref())
        .chain(b.asks.iter().filter_map(|a| a.id.as_ref()));
    ids(item_ids.map(|id| (file, id)), "item", &mut out);
    ids(
        b.citations.iter().map(|c| (file, &c.id)),
        "citation",
        &mut out,
    );

    // Citations: every key used resolves; every defined one is used.
    let keys = known_keys(Some(b), ws);
    let mut used: HashSet<String> = HashSet::new();
    let resolve =
        |key: &str, span: &Range<usize>, used: &mut HashSet<String>, out: &mut Vec<Diagnostic>| {
            used.insert(key.to_string());
            if !keys.contains(key) {
                let suggestion = suggest(key, keys.iter().copied());
                out.push(at(
                    Problem::UnknownCitation {
                        key: key.into(),
                        suggestion,
                    },
                    span.clone(),
                ));
            }
        };
    for text in texts(b) {
        for cite in text.markup.citations() {
            resolve(&cite.key, &cite.span, &mut used, &mut out);
        }
        for (url, span) in text.markup.links() {
            if !is_web_url(url) && !url.starts_with("mailto:") {
                out.push(at(
                    Problem::BadUrl {
                        key: "link",
                        url: url.into(),
                    },
                    span,
                ));
            }
        }
    }
    let stats: HashMap<&str, &Stat> = ws.stats.iter().map(|s| (s.id.value.as_str(), s)).collect();
    for e in &b.evidence {
        for s in &e.sources {
            resolve(&s.value, &s.span, &mut used, &mut out);
        }
        let mut supported = !e.sources.is_empty()
            || [&e.claim, &e.detail]
                .iter()
                .any(|t| t.as_ref().is_some_and(|t| !t.markup.citations().is_empty()));
        if let Some(StatRef::Library(id)) = &e.stat {
            match stats.get(id.value.as_str()) {
                Some(stat) => {
                    if let Some(src) = &stat.source {
                        used.insert(src.value.clone());
                        supported = true;
                    }
                }
                None => {
                    let suggestion = suggest(&id.value, stats.keys().copied());
                    out.push(at(
                        Problem::UnknownStat {
                            id: id.value.clone(),
                            suggestion,
                        },
                        id.span.clone(),
                    ));
                    // Do not also claim it is unsupported: the figure may carry the source.
                    supported = true;
                }
            }
        }
        if !supported {
            let (id, span) = match &e.id {
                Some(id) => (id.value.clone(), id.span.clone()),
                None => (String::new(), e.span.clone()),
            };
            out.push(at(Problem::Unsupported { id }, span));
        }
    }
    for c in &b.citations {
        citation_fields(c, &mut out);
        if !used.contains(&c.id.value) {
            out.push(at(
                Problem::UnusedCitation {
                    key: c.id.value.clone(),
                },
                c.id.span.clone(),
            ));
        }
        if let Some(lib) = ws.citations.iter().find(|l| l.id.value == c.id.value) {
            let differ = c.differing_fields(lib);
            if !differ.is_empty() {
                let other = place(lib);
                out.push(at(
                    Problem::CitationConflict {
                        key: c.id.value.clone(),
                        fields: differ,
                        other,
                    },
                    c.id.span.clone(),
                ));
            }
        }
    }

    // Asks: linked evidence exists, deadlines not before the brief.
    let evidence_ids: Vec<&str> = b
        .evidence
        .iter()
        .filter_map(|e| e.id.as_ref())
        .map(|i| i.value.as_str())
        .collect();
    for a in &b.asks {
        for id in &a.evidence {
            if !evidence_ids.contains(&id.value.as_str()) {
                let suggestion = suggest(&id.value, evidence_ids.iter().copied());
                out.push(at(
                    Problem::UnknownEvidence {
                        id: id.value.clone(),
                        suggestion,
                    },
                    id.span.clone(),
                ));
            }
        }
        if let (Some(by), Some(date)) = (&a.by, &b.date) {
            if by.value < date.value {
                out.push(at(
                    Problem::DeadlineBeforeDate {
                        by: by.value.to_string(),
                        date: date.value.to_string(),
                    },
                    by.span.clone(),
                ));
            }
        }
    }
    out
}

/// Every markup field of a brief.
fn texts(b: &Brief) -> Vec<&Text> {
    let mut out = Vec::new();
    if let Some(p) = &b.position {
        out.extend(p.statement.iter().chain(&p.key_messages).chain(&p.context));
    }
    for e in &b.evidence {
        out.extend(e.claim.iter().chain(&e.detail));
    }
    for a in &b.asks {
        out.extend(a.action.iter().chain(&a.rationale));
    }
    out
}

/// Keys a brief may cite: its own and the library's.
fn known_keys<'a>(b: Option<&'a Brief>, ws: &'a Workspace) -> HashSet<&'a str> {
    b.into_iter()
        .flat_map(|b| b.citations.iter().map(|c| c.id.value.as_str()))
        .chain(ws.citations.iter().map(|c| c.id.value.as_str()))
        .collect()
}

/// Ids well formed and unique within one kind of item.
fn ids<'a>(
    items: impl Iterator<Item = (&'a Arc<SourceFile>, &'a Spanned<String>)>,
    what: &'static str,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (file, id) in items {
        // Citation keys come from other tools (BibTeX, Zotero) and may use more characters.
        let well_formed = if what == "citation" {
            !id.value.is_empty()
                && id
                    .value
                    .chars()
                    .all(|c| c.is_alphanumeric() || "-_:.".contains(c))
        } else {
            !id.value.is_empty()
                && id
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if !well_formed && !id.value.trim().is_empty() {
            out.push(Diagnostic::at(
                Problem::BadId {
                    id: id.value.clone(),
                },
                file,
                id.span.clone(),
            ));
        }
        let line = file.line_col(id.span.start).0;
        if let Some(first_line) = seen.get(id.value.as_str()) {
            out.push(Diagnostic::at(
                Problem::DuplicateId {
                    id: id.value.clone(),
                    what,
                    first_line: *first_line,
                },
                file,
                id.span.clone(),
            ));
        } else {
            seen.insert(&id.value, line);
        }
    }
}

fn citation_fields(c: &Citation, out: &mut Vec<Diagnostic>) {
    if let Some(url) = &c.url {
        if !is_web_url(&url.value) {
            out.push(Diagnostic::at(
                Problem::BadUrl {
                    key: "url",
                    url: url.value.clone(),
                },
                &c.file,
                url.span.clone(),
            ));
        }
        if matches!(c.kind.as_str(), "web" | "news") && c.accessed.is_none() {
            out.push(Diagnostic::at(
                Problem::MissingAccessed {
                    id: c.id.value.clone(),
                    kind: c.kind.clone(),
                },
                &c.file,
                url.span.clone(),
            ));
        }
    }
    if let Some(doi) = &c.doi {
        if !is_doi(&doi.value) {
            let stripped = [
                "https://doi.org/",
                "http://doi.org/",
                "https://dx.doi.org/",
                "doi.org/",
                "doi:",
            ]
            .iter()
            .find_map(|p| doi.value.trim().strip_prefix(p))
            .filter(|s| is_doi(s))
            .map(str::to_string);
            out.push(Diagnostic::at(
                Problem::BadDoi {
                    doi: doi.value.clone(),
                    fixed: stripped,
                },
                &c.file,
                doi.span.clone(),
            ));
        }
    }
}

/// An absolute http(s) URL with a host.
pub fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && !url.contains(char::is_whitespace)
            && (host.contains('.') || host.starts_with("localhost"))
    })
}

/// `10.` + registrant digits + `/` + a suffix.
fn is_doi(doi: &str) -> bool {
    let Some(rest) = doi.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    !registrant.is_empty()
        && registrant
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !suffix.is_empty()
        && !suffix.contains(char::is_whitespace)
}

/// A plausible BCP 47 tag: a 2-3 letter language, then subtags of 1-8 letters or digits.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A path the workspace names must stay inside the workspace and exist.
fn check_path(
    ws: &Workspace,
    file: &Arc<SourceFile>,
    key: &'static str,
    path: &Spanned<String>,
    out: &mut Vec<Diagnostic>,
) {
    match resolve_in_workspace(&ws.root, &path.value) {
        None => out.push(Diagnostic::at(
            Problem::OutsideWorkspace {
                key,
                path: path.value.clone(),
            },
            file,
            path.span.clone(),
        )),
        Some(full) if !full.is_file() => out.push(Diagnostic::at(
            Problem::MissingFile {
                key,
                path: path.value.clone(),
            },
            file,
            path.span.clone(),
        )),
        Some(_) => {}
    }
}

/// The file a workspace-relative path names, or `None` if it would leave the workspace.
pub fn resolve_in_workspace(root: &Path, rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    let mut depth = 0i32;
    for c in p.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    let full = root.join(p);
    // A symbolic link may still point outside; judge by where it really leads.
    if let (Ok(real), Ok(real_root)) = (full.canonicalize(), root.canonicalize()) {
        if !real.starts_with(real_root) {
            return None;
        }
    }
    Some(full)
}

/// Built-in citation style names, as Typst knows them.
pub fn style_names() -> Vec<&'static str> {
    hayagriva::archive::ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .collect()
}

fn check_style(ws: &Workspace, file: &Arc<SourceFile>, out: &mut Vec<Diagnostic>) {
    let style = &ws.citation_style;
    if style.value.ends_with(".csl") {
        check_path(ws, file, "citation style", style, out);
        return;
    }
    let names = style_names();
    if !names.contains(&style.value.as_str()) {
        let mut scored: Vec<(f64, &str)> = names
            .iter()
            .map(|n| (strsim::jaro_winkler(&style.value, n), *n))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let suggestions = scored.iter().take(3).map(|(_, n)| n.to_string()).collect();
        out.push(Diagnostic::at(
            Problem::UnknownStyle {
                name: style.value.clone(),
                suggestions,
            },
            file,
            style.span.clone(),
        ));
    }
}

/// The citation keys a brief uses: inline, in `sources`, and through library figures.
pub fn cited_keys(b: &Brief, ws: &Workspace) -> Vec<String> {
    let mut keys: Vec<String> = texts(b)
        .iter()
        .flat_map(|t| t.markup.citations())
        .map(|c| c.key.clone())
        .collect();
    for e in &b.evidence {
        keys.extend(e.sources.iter().map(|s| s.value.clone()));
        if let Some(StatRef::Library(id)) = &e.stat {
            let source = ws.stat(&id.value).and_then(|s| s.source.as_ref());
            keys.extend(source.map(|s| s.value.clone()));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Where a citation is defined, as `file:line`.
pub fn place(c: &Citation) -> String {
    format!(
        "{}:{}",
        c.file.path.display(),
        c.file.line_col(c.id.span.start).0
    )
}

/// How long a web page may go unchecked before the brief that cites it, in days.
const STALE_AFTER_DAYS: i64 = 365;

/// The library's consistency across every brief of a workspace (`brief cite check`): one source
/// under two keys, entries no brief cites, entries lacking what the style prints, and web pages
/// last checked long before a brief cites them.
pub fn library(ws: &Workspace, briefs: &[Brief]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let norm_url = |u: &str| {
        let u = u.trim().trim_end_matches('/').to_lowercase();
        let u = u
            .strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"))
            .map(str::to_string)
            .unwrap_or(u.clone());
        u.strip_prefix("www.").map(str::to_string).unwrap_or(u)
    };
    let norm_title = |t: &str| {
        t.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect::<String>()
    };
    for (i, a) in ws.citations.iter().enumerate() {
        for b in &ws.citations[..i] {
            if a.id.value == b.id.value {
                continue;
            }
            let same = |x: &Option<Spanned<String>>,
                        y: &Option<Spanned<String>>,
                        f: &dyn Fn(&str) -> String| {
                matches!((x, y), (Some(x), Some(y)) if f(&x.value) == f(&y.value))
            };
            let how = if same(&a.doi, &b.doi, &|d| d.trim().to_lowercase()) {
                Some("DOI")
            } else if same(&a.url, &b.url, &norm_url) {
                Some("URL")
            } else {
                None
            };
            let problem = match how {
                Some(how) => Problem::SameSource {
                    key: a.id.value.clone(),
                    other: b.id.value.clone(),
                    how,
                    place: place(b),
                },
                None if a.date.map(|d| d.year) == b.date.map(|d| d.year)
                    && strsim::jaro_winkler(&norm_title(&a.title), &norm_title(&b.title))
                        >= 0.95 =>
                {
                    Problem::LikelySameSource {
                        key: a.id.value.clone(),
                        other: b.id.value.clone(),
                        place: place(b),
                    }
                }
                None => continue,
            };
            out.push(Diagnostic::at(problem, &a.file, a.id.span.clone()));
        }
    }

    let cited: Vec<(String, &Brief)> = briefs
        .iter()
        .flat_map(|b| cited_keys(b, ws).into_iter().map(move |k| (k, b)))
        .collect();
    for c in &ws.citations {
        if !cited.iter().any(|(k, _)| *k == c.id.value) {
            out.push(Diagnostic::at(
                Problem::UnusedLibraryEntry {
                    key: c.id.value.clone(),
                },
                &c.file,
                c.id.span.clone(),
            ));
        }
    }

    let style = &ws.citation_style.value;
    let author_date = [
        "apa",
        "chicago-author-date",
        "harvard-cite-them-right",
        "mla",
        "american-sociological-association",
    ]
    .contains(&style.as_str());
    for c in ws
        .citations
        .iter()
        .chain(briefs.iter().flat_map(|b| &b.citations))
    {
        let mut missing = Vec::new();
        if author_date && c.author.is_empty() && c.publisher.is_none() {
            missing.push("an author");
        }
        if author_date && c.date.is_none() {
            missing.push("a date");
        }
        if matches!(c.kind.as_str(), "article" | "news") && c.container.is_none() {
            missing.push("a container (journal or newspaper)");
        }
        if !missing.is_empty() {
            out.push(Diagnostic::at(
                Problem::IncompleteEntry {
                    key: c.id.value.clone(),
                    missing,
                    style: style.clone(),
                },
                &c.file,
                c.id.span.clone(),
            ));
        }
    }

    for (key, b) in &cited {
        let Some(date) = &b.date else { continue };
        let entry = b
            .citations
            .iter()
            .chain(&ws.citations)
            .find(|c| c.id.value == *key);
        if let Some(Citation {
            accessed: Some(accessed),
            file,
            ..
        }) = entry
        {
            let days = (date.value - accessed.value).num_days();
            if days > STALE_AFTER_DAYS {
                let brief = b.file.path.display().to_string();
                out.push(Diagnostic::at(
                    Problem::StaleAccess {
                        key: key.clone(),
                        accessed: accessed.value.to_string(),
                        brief,
                        days,
                    },
                    file,
                    accessed.span.clone(),
                ));
            }
        }
    }
    out
}

/// Values that are never printed as text: ids, keys, paths, settings.
const NOT_PRINTED: &[&str] = &[
    "id",
    "sources",
    "evidence",
    "template",
    "language",
    "kind",
    "status",
    "type",
    "url",
    "doi",
    "keywords",
    "paper",
    "accent",
    "citation-style",
    "library",
    "dir",
    "logo",
    "source",
    "accessed",
    "date",
    "by",
    "as-of",
];

/// Every string a layout prints must be showable: no control characters, and every character in
/// some embedded or workspace font (else Typst cannot make an accessible PDF of it).
pub fn characters(file: &Arc<SourceFile>, root: &Path, out: &mut Vec<Diagnostic>) {
    let Ok(tree) = crate::load::tree::parse(&file.text) else {
        return;
    };
    let fonts = crate::world::fonts_for(root);
    walk_strings(&tree, false, &mut |text, span| {
        let map = crate::load::offset_map(file, &span, text);
        let at = |offset: usize, len: usize| match map.base {
            Some(base) => base + offset..base + offset + len,
            None => span.clone(),
        };
        if let Some((i, c)) = text
            .char_indices()
            .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            out.push(Diagnostic::at(
                Problem::ControlChar { code: c as u32 },
                file,
                at(i, c.len_utf8()),
            ));
            return;
        }
        let mut missing = text.char_indices().filter(|(_, c)| {
            !c.is_whitespace() && !is_invisible(*c) && !crate::world::can_show(&fonts, *c)
        });
        if let Some((i, c)) = missing.next() {
            let mut others: Vec<char> = missing.map(|(_, c)| c).filter(|o| *o != c).collect();
            others.sort_unstable();
            others.dedup();
            out.push(Diagnostic::at(
                Problem::Unshowable {
                    ch: c,
                    more: others.len(),
                },
                file,
                at(i, c.len_utf8()),
            ));
        }
    });
}

/// Joiners and variation selectors: they shape neighbouring characters and need no glyph of their own.
fn is_invisible(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFE00..=0xFE0F | 0xFEFF | 0xAD)
}

fn walk_strings(node: &crate::load::tree::Node, skip: bool, f: &mut dyn FnMut(&str, Range<usize>)) {
    use crate::load::tree::Val;
    match &node.val {
        Val::Str(s) if !skip => f(s, node.span.clone()),
        Val::Array(items) => items.iter().for_each(|n| walk_strings(n, skip, f)),
        Val::Table(entries) => {
            for e in entries {
                walk_strings(&e.node, NOT_PRINTED.contains(&e.key.as_str()), f);
            }
        }
        _ => {}
    }
}

/// The printable text of the library entries (and figures) a brief uses: a library may hold
/// entries in any script, but those a brief cites must be showable in its PDF.
fn library_characters(b: &Brief, ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let cited = cited_keys(b, ws);
    let used_stats: Vec<&str> = b
        .evidence
        .iter()
        .filter_map(|e| match &e.stat {
            Some(StatRef::Library(id)) => Some(id.value.as_str()),
            _ => None,
        })
        .collect();
    let mut spans: Vec<(&Arc<SourceFile>, Range<usize>)> = ws
        .citations
        .iter()
        .filter(|c| cited.contains(&c.id.value))
        .map(|c| (&c.file, c.span.clone()))
        .collect();
    spans.extend(
        ws.stats
            .iter()
            .filter(|s| used_stats.contains(&s.id.value.as_str()))
            .map(|s| (&s.file, s.span.clone())),
    );
    let mut files: Vec<&Arc<SourceFile>> = Vec::new();
    for (f, _) in &spans {
        if !files.iter().any(|seen| Arc::ptr_eq(seen, f))
            && f.path.extension().is_some_and(|e| e == "toml")
        {
            files.push(f);
        }
    }
    for f in files {
        let mut found = Vec::new();
        characters(f, &ws.root, &mut found);
        // Keep what lies inside an entry this brief uses.
        out.extend(found.into_iter().filter(|d| {
            d.span.as_ref().is_some_and(|span| {
                spans
                    .iter()
                    .any(|(sf, s)| Arc::ptr_eq(sf, f) && s.start <= span.start && span.end <= s.end)
            })
        }));
    }
}
