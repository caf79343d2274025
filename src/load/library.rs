//! Citation libraries in other formats — BibTeX/BibLaTeX `.bib`, hayagriva `.yaml` and CSL-JSON
//! `.json` (what Zotero exports) — read into the same [`Citation`] entries as `citations.toml`,
//! so every check, the bibliography and `brief cite` treat them alike.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Problem, SourceFile};
use crate::model::{Citation, CitationType, PartialDate, Spanned};

/// Read a `.bib`, `.yaml`/`.yml` or `.json` library. Problems are placed in the library file.
pub fn read(file: &Arc<SourceFile>, ext: &str, diags: &mut Vec<Diagnostic>) -> Vec<Citation> {
    let mut left_out = Vec::new();
    let mut read = read_entries(file, ext, &mut left_out);
    // Entries left out of a broken export by the hundred are one warning: the first, and how
    // many more (each is named when a brief cites it: an unknown key).
    let dropped = left_out
        .iter()
        .filter(|d| matches!(*d.problem, Problem::EntryLeftOut { .. }))
        .count();
    if dropped > crate::limits::NAMED_ONE_BY_ONE {
        let mut first = true;
        left_out.retain_mut(|d| match &mut *d.problem {
            Problem::EntryLeftOut { more, .. } if first => {
                first = false;
                *more = dropped - 1;
                true
            }
            Problem::EntryLeftOut { .. } => false,
            _ => true,
        });
    }
    diags.extend(left_out);
    // DOIs and addresses in their one right form, whatever the exporting tool wrote.
    for c in &mut read {
        c.url = c
            .url
            .take()
            .map(|u| super::citation::tidy(u, super::citation::web_address));
        c.doi = c
            .doi
            .take()
            .map(|d| super::citation::tidy(d, super::citation::bare_doi));
        super::tidy::ligatures(c);
    }
    read
}

/// The entries of a library file, as its reader gives them.
fn read_entries(file: &Arc<SourceFile>, ext: &str, diags: &mut Vec<Diagnostic>) -> Vec<Citation> {
    let bad = |message: String, span: Range<usize>| {
        let path = file.path.display().to_string();
        Diagnostic::at(Problem::BadLibrary { path, message }, file, span)
    };
    // Where each entry is, found in one pass: looked up per entry, a library of thousands would
    // be read thousands of times.
    let spans = Spans::of(&file.text, ext);
    match ext {
        "bib" => match super::bibtex::check(&file.text).and_then(|()| parsed_bib(file, diags)) {
            // Macros that spell gigabytes, entries that lead back to themselves, or a file
            // whose syntax no entry holds: refused before the reader follows them.
            Err((message, span)) => {
                diags.push(bad(message, span));
                Vec::new()
            }
            // Each entry converted on its own: one the reader refuses costs that entry.
            Ok(bib) => bib
                .iter()
                .filter_map(|raw| match hayagriva::Entry::try_from(raw) {
                    // Data for other entries to inherit, and BibDesk's own records: never cited.
                    _ if raw.entry_type == biblatex::EntryType::XData => None,
                    _ if matches!(&raw.entry_type, biblatex::EntryType::Unknown(t) if t.eq_ignore_ascii_case("bibdesk_info")) => None,
                    _ if raw.entry_type == biblatex::EntryType::Set => {
                        let members = raw.get_as::<Vec<String>>("entryset").unwrap_or_default();
                        let message = format!(
                            "it is a set of entries ({}), not a source: cite its members",
                            members.join(", ")
                        );
                        let span = spans.key(&file.text, &raw.key);
                        diags.push(left_out(file, &raw.key, message, span));
                        None
                    }
                    Ok(e) if e.title().is_none_or(|t| t.to_string().trim().is_empty()) => {
                        let message = "it has no title".to_string();
                        let span = spans.key(&file.text, &raw.key);
                        diags.push(left_out(file, &raw.key, message, span));
                        None
                    }
                    Ok(e) => {
                        let mut c = from_entry(file, &e, &spans);
                        from_raw(&mut c, raw);
                        Some(c)
                    }
                    Err(t) => {
                        let message = t.kind.to_string().to_lowercase();
                        diags.push(left_out(file, &raw.key, message, t.span.clone()));
                        None
                    }
                })
                .collect(),
        },
        "yaml" | "yml" => match hayagriva::io::from_yaml_str(&file.text) {
            Ok(lib) => lib.iter().map(|e| from_entry(file, e, &spans)).collect(),
            Err(e) => {
                let span = e.location().map_or(0..0, |l| l.index()..l.index() + 1);
                diags.push(bad(e.to_string().to_lowercase(), span));
                Vec::new()
            }
        },
        "json" => match serde_json::from_str::<Value>(&file.text) {
            Ok(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let span = spans.objects.get(i).cloned().unwrap_or(0..0);
                    let wrong = super::csljson::csl_json_types(item);
                    let c = super::csljson::from_csl_json(file, item, &spans);
                    // One entry's problem is that entry's: it is left out, the others read.
                    let key = item
                        .get("id")
                        .map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_string))
                        .unwrap_or_else(|| format!("entry {}", i + 1));
                    for (field, expected) in &wrong {
                        let message = format!("\"{field}\" must be {expected}");
                        diags.push(left_out(file, &key, message, span.clone()));
                    }
                    if c.is_none() {
                        let message = "it has no \"id\" or \"title\"".to_string();
                        diags.push(left_out(file, &key, message, span));
                    }
                    // An entry with a field of the wrong type would lose it silently.
                    c.filter(|_| wrong.is_empty())
                })
                .collect(),
            Ok(_) => {
                diags.push(bad("expected a CSL-JSON array of entries".into(), 0..1));
                Vec::new()
            }
            Err(e) => {
                let offset = offset_of(&file.text, e.line(), e.column());
                diags.push(bad(e.to_string().to_lowercase(), offset..offset + 1));
                Vec::new()
            }
        },
        _ => {
            diags.push(bad(
                "expected a .toml, .bib, .yaml or .json (CSL-JSON) file".into(),
                0..0,
            ));
            Vec::new()
        }
    }
}

/// Byte offset of a 1-based line and column.
pub(super) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// Where the key is written in a library file, so findings can point at the entry.
fn key_span(text: &str, key: &str) -> Range<usize> {
    let patterns = [
        format!("{{{key},"),
        format!("\"{key}\""),
        format!("{key}:"),
        key.to_string(),
    ];
    patterns
        .iter()
        .find_map(|p| {
            text.find(p.as_str()).map(|i| {
                let lead = p.find(key).unwrap_or(0);
                i + lead..i + lead + key.len()
            })
        })
        .unwrap_or(0..0)
}

/// Where the entries of a library file are, read in one pass.
pub(super) struct Spans {
    /// Each key's span, where the file writes it (a `.bib` entry's key, a YAML entry's name, a
    /// CSL-JSON item's `id`).
    keys: HashMap<String, Range<usize>>,
    /// The span of the first brace of each top-level object of a JSON array, in order.
    objects: Vec<Range<usize>>,
}

impl Spans {
    fn of(text: &str, ext: &str) -> Spans {
        let mut keys = HashMap::new();
        let mut objects = Vec::new();
        match ext {
            "bib" => {
                for (_, body, span) in super::bibtex::items(text) {
                    let key = body.split(',').next().unwrap_or("");
                    // After the entry's opening brace: `@set{set,` names its type first.
                    let open =
                        span.start + text[span.start..].find(['{', '(']).map_or(0, |i| i + 1);
                    let start = open + text[open..].find(key).unwrap_or(0);
                    let key = key.trim();
                    let lead = text[start..].find(key).unwrap_or(0);
                    keys.entry(key.to_string())
                        .or_insert(start + lead..start + lead + key.len());
                }
            }
            "json" => {
                let mut depth = 0;
                for (pos, c) in text.char_indices() {
                    match c {
                        '{' => {
                            depth += 1;
                            if depth == 1 {
                                objects.push(pos..pos + 1);
                            }
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                let mut from = 0;
                while let Some(at) = text[from..].find("\"id\"").map(|p| p + from) {
                    from = at + 4;
                    let rest = text[from..].trim_start();
                    let Some(value) = rest.strip_prefix(':').map(str::trim_start) else {
                        continue;
                    };
                    let Some(value) = value.strip_prefix('"') else {
                        continue;
                    };
                    let start = text.len() - value.len();
                    let end = value.find('"').map_or(text.len(), |e| start + e);
                    keys.entry(text[start..end].to_string())
                        .or_insert(start..end);
                }
            }
            _ => {
                let mut offset = 0;
                for line in text.split_inclusive('\n') {
                    let name = line.split(':').next().unwrap_or("");
                    if !line.starts_with(char::is_whitespace)
                        && line.contains(':')
                        && !name.starts_with('#')
                    {
                        keys.entry(name.trim().to_string())
                            .or_insert(offset..offset + name.trim_end().len());
                    }
                    offset += line.len();
                }
            }
        }
        Spans { keys, objects }
    }

    /// Where a key is written; searched for when the pass did not find it.
    pub(super) fn key(&self, text: &str, key: &str) -> Range<usize> {
        self.keys
            .get(key)
            .cloned()
            .unwrap_or_else(|| key_span(text, key))
    }
}

pub(super) fn spanned(value: String, span: &Range<usize>) -> Spanned<String> {
    Spanned {
        value,
        span: span.clone(),
    }
}

/// An entry its reader refuses, left out so that the others are read: a warning while no brief
/// cites it (one that does gets an unknown key).
fn left_out(file: &Arc<SourceFile>, key: &str, message: String, span: Range<usize>) -> Diagnostic {
    let problem = Problem::EntryLeftOut {
        key: key.to_string(),
        message,
        more: 0,
    };
    Diagnostic::at(problem, file, span).uncited(key)
}

/// A `.bib` file parsed, entry by entry: an entry whose syntax the reader refuses (a macro it
/// does not know) is left out and named, and the file parsed again without it. Macro names are
/// matched in any case and what the reader would lose is made readable first (see
/// `bibtex::fold_macro_case`, `bibtex::readable_text`); every span stays the file's. A problem
/// no entry holds fails the file.
fn parsed_bib(
    file: &Arc<SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> Result<biblatex::Bibliography, (String, Range<usize>)> {
    let folded = super::bibtex::fold_macro_case(&file.text);
    let mut text = super::bibtex::readable_text(&folded).into_owned();
    loop {
        let e = match biblatex::Bibliography::parse(&text) {
            Ok(bib) => return Ok(bib),
            Err(e) => e,
        };
        let message = e.kind.to_string().to_lowercase();
        let entry = super::bibtex::items(&text)
            .into_iter()
            .filter(|(kind, _, _)| !matches!(kind.as_str(), "string" | "preamble" | "comment"))
            .find(|(_, body, range)| range.contains(&e.span.start) && !body.trim().is_empty())
            .map(|(_, body, range)| {
                (
                    range,
                    body.split(',').next().unwrap_or("").trim().to_string(),
                )
            });
        let Some((range, key)) = entry else {
            return Err((message, e.span));
        };
        // An undefined macro is empty to BibTeX, which warns and goes on: so do we, writing
        // `{}` and spaces in its place (every span stays true).
        if let biblatex::ParseErrorKind::UnknownAbbreviation(name) = &e.kind {
            let written = text.get(e.span.clone()).unwrap_or("");
            if written.len() >= 2 && written.chars().all(|c| !c.is_whitespace()) {
                let problem = Problem::UndefinedMacro {
                    name: name.clone(),
                    key: key.clone(),
                };
                diags.push(Diagnostic::at(problem, file, e.span.clone()).uncited(&key));
                let empty = format!("{{}}{}", " ".repeat(written.len() - 2));
                text.replace_range(e.span.clone(), &empty);
                continue;
            }
        }
        diags.push(left_out(file, &key, message, e.span));
        // Spaces in its place (line breaks kept), so every other span stays true; each round
        // blanks one more entry, so the loop ends.
        let blank: String = text[range.clone()]
            .bytes()
            .map(|b| if b == b'\n' { '\n' } else { ' ' })
            .collect();
        text.replace_range(range, &blank);
    }
}

/// A `.bib` entry's fields read again as written, where hayagriva's reading loses what they
/// say: its address (one without its scheme, two in one field, an escaped `\#` doubled the
/// `/`), its pages ("431--456, 791--823" became "431-456791-823"; a range's `--` is an en
/// dash), and the LaTeX its titles and names keep.
fn from_raw(c: &mut Citation, raw: &biblatex::Entry) {
    use biblatex::ChunksExt;
    if let Ok(url) = raw.url() {
        let unescaped = ["#", "%", "_", "&", "~", "$"]
            .iter()
            .fold(url, |u, ch| u.replace(&format!("\\{ch}"), ch));
        let u = super::citation::web_address(&unescaped);
        if u.starts_with("http") {
            c.url = Some(spanned(u, &c.id.span));
        }
    }
    let verbatim = |field: &str| {
        raw.get(field)
            .map(|v| super::latex::text(v.format_verbatim().trim()))
            .filter(|v| !v.is_empty())
    };
    if let Some(pages) = verbatim("pages") {
        c.pages = Some(pages.replace("--", "–"));
    }
    // Numbers as written: a report's `NA-08-01` is no range.
    if c.issue.is_some() {
        c.issue = verbatim("number")
            .or_else(|| verbatim("issue"))
            .or(c.issue.take());
    }
    if c.volume.is_some() {
        c.volume = verbatim("volume").or(c.volume.take());
    }
    // A web page's address in `howpublished` (`\url{…}`), where BibTeX has no `url`.
    if c.url.is_none() {
        let address = verbatim("howpublished").filter(|h| h.starts_with("http"));
        c.url = address.map(|u| spanned(u, &c.id.span));
    }
    // A journal or site named on an entry of a type without one (`@misc`, `@online`).
    if c.container.is_none() {
        c.container = verbatim("journaltitle").or_else(|| verbatim("journal"));
    }
    // BibLaTeX's keys for a kind (`mathesis`), and for a patent's countries, as words.
    c.genre = c.genre.take().and_then(|g| super::tidy::genre(&g));
    c.place = c.place.take().filter(|p| !p.starts_with("country"));
    if c.kind == CitationType::Report && format!("{:?}", raw.entry_type).starts_with("Patent") {
        c.genre.get_or_insert_with(|| "Patent".into());
    }
    // A subtitle is part of the title as styles print it: "Title: Subtitle".
    let with_sub = |title: String, field: &str| match raw.get(field) {
        Some(sub) => {
            let sub = sub.format_verbatim();
            joined_title(
                &title,
                &sub.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        }
        None => title,
    };
    let [own, book, journal] = SUBTITLES;
    c.title = super::latex::text(&with_sub(std::mem::take(&mut c.title), own));
    let container_sub = match c.kind {
        CitationType::Article | CitationType::News => journal,
        _ => book,
    };
    c.container = c
        .container
        .take()
        .map(|t| super::latex::text(&with_sub(t, container_sub)));
    for a in c
        .author
        .iter_mut()
        .chain(c.editor.iter_mut())
        .chain(c.translator.iter_mut())
    {
        *a = super::latex::text(a);
    }
    for field in [
        &mut c.note,
        &mut c.publisher,
        &mut c.genre,
        &mut c.place,
        &mut c.court,
    ] {
        *field = field.as_deref().map(super::latex::text);
    }
}

/// The `.bib` fields of subtitles (an entry's, its book's, its journal's), joined to their
/// titles on import.
pub const SUBTITLES: [&str; 3] = ["subtitle", "booksubtitle", "journalsubtitle"];

/// A title and its subtitle, joined by a colon unless the title ends in its own mark.
fn joined_title(title: &str, sub: &str) -> String {
    if sub.is_empty() {
        return title.to_string();
    }
    match title.trim_end().chars().last() {
        Some('?' | '!' | ':' | '.') => format!("{} {sub}", title.trim_end()),
        _ => format!("{}: {sub}", title.trim_end()),
    }
}

/// A hayagriva entry (from BibLaTeX or hayagriva YAML) as one of ours.
fn from_entry(file: &Arc<SourceFile>, e: &hayagriva::Entry, spans: &Spans) -> Citation {
    use hayagriva::types::EntryType as T;
    let span = spans.key(&file.text, e.key());
    let parent = e.parents().first();
    let genre = e.genre().map(|g| g.to_string().to_lowercase());
    let kind = match e.entry_type() {
        T::Article => match parent.map(|p| p.entry_type()) {
            Some(T::Newspaper) => CitationType::News,
            Some(T::Proceedings | T::Conference) => CitationType::Conference,
            Some(T::Web | T::Blog) => CitationType::Web,
            _ => CitationType::Article,
        },
        T::Web | T::Blog | T::Post | T::Thread => CitationType::Web,
        T::Newspaper => CitationType::News,
        T::Chapter | T::Anthos => CitationType::Chapter,
        T::Thesis => CitationType::Thesis,
        T::Book | T::Anthology => CitationType::Book,
        T::Case => CitationType::Case,
        T::Legislation => CitationType::Legislation,
        // A patent prints as a report of its kind, with its inventors as authors.
        T::Patent => CitationType::Report,
        T::Repository => CitationType::Dataset,
        T::Report if genre.as_deref() == Some("statement") => CitationType::Statement,
        T::Report if genre.as_deref().is_some_and(|g| g.contains("data")) => CitationType::Dataset,
        _ => CitationType::Report,
    };
    let author = names(e.authors().unwrap_or_default());
    let et_al = e.authors().is_some_and(|a| {
        a.iter()
            .any(|p| p.name == "others" && p.given_name.is_none())
    });
    // A chapter's editors are its book's.
    let editor = names(
        e.editors()
            .or_else(|| parent.and_then(|p| p.editors()))
            .unwrap_or_default(),
    );
    let date = e.date().map(|d| PartialDate {
        year: d.year,
        month: d.month.map(|m| u32::from(m) + 1),
        day: d.day.map(|d| u32::from(d) + 1),
    });
    let url = e.url().map(|u| spanned(u.value.to_string(), &span));
    let accessed = e.url().and_then(|u| u.visit_date.as_ref()).and_then(|d| {
        let date = NaiveDate::from_ymd_opt(
            d.year,
            u32::from(d.month? + 1),
            u32::from(d.day.unwrap_or(0) + 1),
        )?;
        Some(Spanned {
            value: date,
            span: span.clone(),
        })
    });
    // BibLaTeX's journal, volume and number belong to the periodical: hayagriva keeps them on
    // the parent entry.
    let container = parent.and_then(|p| p.title()).map(|t| t.to_string());
    let volume = e.volume().or_else(|| parent.and_then(|p| p.volume()));
    let issue = e.issue().or_else(|| parent.and_then(|p| p.issue()));
    // A report's number, which hayagriva files as its serial number.
    let serial = e.keyed_serial_number("serial").map(str::to_string);
    // A report's institution is who published it; a case's is its court.
    let legal = matches!(kind, CitationType::Case | CitationType::Legislation);
    let organization = e
        .organization()
        .or_else(|| parent.and_then(|p| p.organization()))
        .map(|o| o.to_string());
    let press = e.publisher().or_else(|| parent.and_then(|p| p.publisher()));
    let publisher = press
        .and_then(|p| p.name())
        .map(|n| n.to_string())
        .or_else(|| organization.clone().filter(|_| !legal));
    let place = press.and_then(|p| p.location()).map(|l| l.to_string());
    let translator = e
        .affiliated()
        .unwrap_or_default()
        .iter()
        .filter(|a| a.role == hayagriva::types::PersonRole::Translator)
        .flat_map(|a| names(&a.names))
        .collect();
    Citation {
        file: file.clone(),
        id: spanned(e.key().to_string(), &span),
        kind,
        title: e.title().map(|t| t.to_string()).unwrap_or_default(),
        author,
        et_al,
        editor,
        translator,
        genre: e.genre().map(|g| g.to_string()),
        publisher,
        place,
        court: organization.filter(|_| legal),
        section: None,
        container,
        date,
        url,
        doi: e.doi().map(|d| spanned(d.to_string(), &span)),
        accessed,
        pages: e.page_range().map(|p| p.to_string()),
        volume: volume.map(|v| v.to_string()),
        edition: e
            .edition()
            .or_else(|| parent.and_then(|p| p.edition()))
            .map(|v| v.to_string()),
        issue: issue.map(|v| v.to_string()).or(serial),
        note: e.note().map(|n| n.to_string()),
        span,
    }
}

/// hayagriva's people as our names: "Family, Given" (with a suffix "Family, Jr., Given"), an
/// organisation whole; BibTeX's `and others` is no person called "others" (it is `et_al`).
fn names(people: &[hayagriva::types::Person]) -> Vec<String> {
    people
        .iter()
        .filter(|p| !(p.name == "others" && p.given_name.is_none()))
        .map(|p| {
            let family = match &p.prefix {
                Some(prefix) => format!("{prefix} {}", p.name),
                None => p.name.clone(),
            };
            match (&p.given_name, &p.suffix) {
                (Some(given), Some(suffix)) => format!("{family}, {suffix}, {given}"),
                (Some(given), None) => format!("{family}, {given}"),
                (None, _) => organisation(&family),
            }
        })
        .collect()
}

/// A name kept whole (an organisation): in braces when it holds a comma, which would otherwise
/// make it "Family, Given" ("{National Academies of Sciences, Engineering, and Medicine}").
pub(super) fn organisation(name: &str) -> String {
    if name.contains(',') {
        format!("{{{name}}}")
    } else {
        name.to_string()
    }
}
