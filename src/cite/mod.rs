//! Citations, formatted in our own process: the brief's and the library's sources become
//! hayagriva entries (typed values, see [`entry`]), hayagriva's `BibliographyDriver` formats
//! every in-text citation and the reference list in the workspace's CSL style and the brief's
//! language, and the result goes to the templates as data ([`crate::rich::Rich`]): Typst never runs
//! its own bibliography.
//!
//! Why not Typst's `bibliography()`: on first use it deserialises all 63 CSL locales (about
//! 100 ms here, more than the rest of a build), and its sources arrive as hayagriva YAML, whose string
//! syntax drops characters such as `$`.

mod archive;
pub mod entry;
mod guard;
mod letters;
pub mod rich;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, StyleClass};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Entry, LocatorPayload,
    SpecificLocator, TransparentLocator,
};

use crate::diagnostic::{Diagnostic, Problem};
use crate::model::{Brief, CiteRef, Workspace};
pub use crate::rich::{Reference, References, Rich, Shown};

/// The name that stands for the authors a source does not name (`et-al = true`); printed as
/// "et al." (a private-use character, which no real name holds).
pub(crate) const ET_AL: &str = "\u{E000}";

/// A workspace's citation style, loaded once.
#[derive(Clone)]
pub struct Style {
    csl: Arc<IndependentStyle>,
    /// The style reduced to how it orders its reference list ([`letters`]), made on first need
    /// and kept with the style.
    sorting: Arc<OnceLock<Arc<IndependentStyle>>>,
}

impl Style {
    /// The style `briefs.toml` names: a built-in style by name, or a `.csl` file in the
    /// workspace. A file that is not a usable independent CSL style is an error at its name.
    pub fn load(ws: &Workspace) -> Result<Style, Diagnostic> {
        let name = &ws.citation_style;
        let problem = |message: String| {
            let p = Problem::BadAsset {
                key: "citation style",
                path: name.value.clone(),
                message,
            };
            match &ws.file {
                Some(file) => Diagnostic::at(p, file, name.span.clone()),
                None => Diagnostic::bare(p),
            }
        };
        // Kept for the process: `watch` rebuilds load the workspace afresh every time, and a
        // style takes milliseconds to deserialise. A `.csl` file is keyed by its modification.
        type Key = (String, Option<std::time::SystemTime>);
        static LOADED: OnceLock<Mutex<HashMap<Key, Style>>> = OnceLock::new();
        let path = name
            .value
            .ends_with(".csl")
            .then(|| crate::paths::resolve_in_workspace(&ws.root, &name.value));
        let key: Key = match &path {
            Some(Some(p)) => (
                p.display().to_string(),
                std::fs::metadata(p).and_then(|m| m.modified()).ok(),
            ),
            _ => (name.value.clone(), None),
        };
        let loaded = LOADED.get_or_init(Default::default);
        if let Some(style) = loaded.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
            return Ok(style.clone());
        }
        let csl = match path {
            None => {
                built_in(&name.value).ok_or_else(|| problem("it is not a built-in style".into()))?
            }
            Some(path) => {
                let path =
                    path.ok_or_else(|| problem("it is not a file inside the workspace".into()))?;
                let bytes = crate::paths::read_capped(&path, crate::limits::MAX_ASSET_SIZE)
                    .map_err(|e| problem(e.to_string()))?;
                let text =
                    String::from_utf8(bytes).map_err(|_| problem("it is not UTF-8 text".into()))?;
                guard::nesting(&text).map_err(problem)?;
                // A dependent style (a journal's name over a parent's rules, as most of the
                // repository's are) is its parent: the built-in one of that name, if there is one.
                if let Ok(dependent) = hayagriva::citationberg::DependentStyle::from_xml(&text) {
                    let href = dependent.parent_link.href;
                    let parent = href.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                    built_in(parent).ok_or_else(|| {
                        problem(format!(
                            "it is a dependent style, of the parent {href}, which is not built \
                             in: name the parent's .csl file instead"
                        ))
                    })?
                } else {
                    let csl = IndependentStyle::from_xml(&text)
                        .map_err(|e| problem(format!("failed to load CSL style ({e})")))?;
                    guard::macros(&csl).map_err(problem)?;
                    csl
                }
            }
        };
        let mut csl = csl;
        name_every_names(&mut csl);
        let style = Style {
            csl: Arc::new(csl),
            sorting: Arc::default(),
        };
        loaded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, style.clone());
        Ok(style)
    }

    /// Whether citations are notes.
    pub fn is_note(&self) -> bool {
        self.csl.settings.class == StyleClass::Note
    }
}

/// A built-in style by name (`apa`), deserialised from its CBOR alone: 2 to 4 ms for APA.
fn built_in(name: &str) -> Option<IndependentStyle> {
    match hayagriva::archive::ArchivedStyle::by_name(name).map(|s| s.get()) {
        Some(hayagriva::citationberg::Style::Independent(csl)) => Some(csl),
        _ => None,
    }
}

/// Give a `cs:names` that has children but no `cs:name` an empty one, which is what CSL means by
/// leaving it out (the style's name options apply). hayagriva 0.10.1 prints no names at all for
/// a `cs:names` with other children (a label, a substitute) and no `cs:name`: `vancouver` and
/// the other NLM styles lost every author that way. A `cs:names` right inside a substitute is
/// left alone: without a `cs:name` of its own it takes its parent's, as CSL says.
fn name_every_names(csl: &mut IndependentStyle) {
    use hayagriva::citationberg::{LayoutRenderingElement as El, Name, NamesChild};
    fn walk(elements: &mut [El], in_substitute: bool) {
        for el in elements {
            match el {
                El::Names(names) => {
                    let named = names
                        .children
                        .iter()
                        .any(|c| matches!(c, NamesChild::Name(_)));
                    if !in_substitute && !named && !names.children.is_empty() {
                        names.children.insert(0, NamesChild::Name(Name::default()));
                    }
                    for child in &mut names.children {
                        if let NamesChild::Substitute(s) = child {
                            walk(&mut s.children, true);
                        }
                    }
                }
                El::Group(group) => walk(&mut group.children, false),
                El::Choose(choose) => {
                    walk(&mut choose.if_.children, false);
                    for branch in &mut choose.else_if {
                        walk(&mut branch.children, false);
                    }
                    if let Some(otherwise) = &mut choose.otherwise {
                        walk(&mut otherwise.children, false);
                    }
                }
                El::Text(_) | El::Date(_) | El::Number(_) | El::Label(_) => {}
            }
        }
    }
    for m in &mut csl.macros {
        walk(&mut m.children, false);
    }
    walk(&mut csl.citation.layout.elements, false);
    if let Some(b) = &mut csl.bibliography {
        walk(&mut b.layout.elements, false);
    }
}

/// One citation handed to the driver: which slot it fills, and the key and locator of each of
/// its items, by index.
struct Sent<'a> {
    slot: usize,
    keys: Vec<&'a str>,
    locators: Vec<Option<String>>,
}

/// A brief's citations as its style prints them: each citation handed to [`format`], by its
/// position, and the reference list.
#[derive(Clone)]
pub struct Formatted {
    /// One per citation asked for, in the same order; none for a citation of no known source.
    pub shown: Vec<Option<Shown>>,
    /// The reference list, when the style has one.
    pub references: Option<References>,
}

/// Format a brief's citations, given in the order a reader meets them (numeric styles number
/// sources in this order, and "ibid." follows it), and its reference list, in the workspace's
/// style and the language `code` (`fr-CA`).
pub fn format(
    citations: &[(&[CiteRef], bool)],
    brief: &Brief,
    ws: &Workspace,
    code: &str,
    style: &Style,
) -> Formatted {
    // Only the sources the brief cites become entries: a shared library may hold hundreds. A
    // brief's own entry wins over the library's; the checks have refused the two differing.
    let cited: std::collections::HashSet<String> = brief.cited_keys(ws).into_iter().collect();
    let mut sources: BTreeMap<&str, &crate::model::Citation> = BTreeMap::new();
    for c in ws.citations.iter().chain(&brief.citations) {
        if cited.contains(&c.id.value) {
            sources.insert(&c.id.value, c);
        }
    }
    remembered(key(citations, &sources, code, style), || {
        format_afresh(citations, &sources, code, style)
    })
}

/// Everything formatting depends on, as text: each citation's keys and locators, each source's
/// fields as written, the language and the style (each loaded style lives for the process, so
/// its address names it). Not where anything is written: a save that moves a citation or a
/// source formats as before. (Their spans and files once made the key: every cited source
/// printed its whole file, megabytes for a large library.)
fn key(
    citations: &[(&[CiteRef], bool)],
    sources: &BTreeMap<&str, &crate::model::Citation>,
    code: &str,
    style: &Style,
) -> String {
    use std::fmt::Write;
    let mut key = format!("{code} {:p}\n", Arc::as_ptr(&style.csl));
    for (refs, prose) in citations {
        for r in refs.iter() {
            let _ = write!(key, "{:?} {:?}, ", r.key, r.locator);
        }
        let _ = writeln!(key, "{prose}");
    }
    for c in sources.values() {
        // Every field by name, so that a field added to sources is added here too. Not
        // `Citation::fields`, which is for showing: it joins the authors into one string, so two
        // different author lists could read alike.
        let crate::model::Citation {
            file: _,
            id,
            kind,
            title,
            author,
            et_al,
            editor,
            translator,
            genre,
            publisher,
            place,
            court,
            section,
            container,
            date,
            url,
            doi,
            accessed,
            pages,
            volume,
            edition,
            issue,
            note,
            span: _,
        } = c;
        let (url, doi) = (
            url.as_ref().map(|u| &u.value),
            doi.as_ref().map(|d| &d.value),
        );
        let accessed = accessed.as_ref().map(|a| a.value);
        let _ = writeln!(
            key,
            "{:?} {:?}",
            (&id.value, kind, title, author, et_al, editor, translator, genre, publisher),
            (place, court, section, container, date, url, doi, accessed, pages, volume),
        );
        let _ = writeln!(key, "{:?}", (edition, issue, note));
    }
    key
}

/// The formatting `make` gives for `key`, kept: `watch` and `serve` rebuild a brief on every
/// save, and most saves change no citation, while hayagriva takes about 3.5 ms to format the
/// example brief's (a fifth of a rebuild). A few dozen briefs' worth is kept.
fn remembered(key: String, make: impl FnOnce() -> Formatted) -> Formatted {
    static KEPT: crate::kept::Kept<String, Formatted> = crate::kept::Kept::new(64);
    KEPT.get_or_make(key, |_| make())
}

fn format_afresh(
    citations: &[(&[CiteRef], bool)],
    sources: &BTreeMap<&str, &crate::model::Citation>,
    code: &str,
    style: &Style,
) -> Formatted {
    let entries: BTreeMap<&str, Entry> = sources
        .iter()
        .map(|(key, c)| (*key, entry::entry(c)))
        .collect();
    let code = LocaleCode(code.to_string());
    let locales = locale_files(&code);
    let note = style.is_note();

    // hayagriva 0.10 gives one author's works of a year their letters (2023a, 2023b) in the
    // order the brief first cites them; CSL gives them in the reference list's order. When the
    // two differ, those works are cited first, hidden, in the list's order.
    let first = if note || !style.csl.citation.disambiguate_add_year_suffix {
        Vec::new()
    } else {
        letters::cite_first(citations, &entries, style, &code, &locales)
    };
    let (sent, rendered) = drive(citations, &entries, style, &code, &locales, &first);

    // A citation links to its source's entry only when the list has one: some styles have no
    // reference list (`alphanumeric`), and a link to a missing entry fails the build.
    // A style that leaves a source out of its list (Chicago's legal cases) may still give it
    // an empty item: that is no entry.
    let listed: std::collections::HashSet<&str> = rendered
        .bibliography
        .iter()
        .flat_map(|b| {
            b.items
                .iter()
                .filter(|i| printed(i))
                .map(|i| i.key.as_str())
        })
        .collect();
    let mut shown: Vec<Option<Shown>> = vec![None; citations.len()];
    for (s, citation) in sent.iter().zip(&rendered.citations) {
        let keys: Vec<Option<&str>> = s
            .keys
            .iter()
            .map(|k| listed.contains(k).then_some(*k))
            .collect();
        let ctx = rich::Ctx {
            keys: &keys,
            locators: &s.locators,
        };
        let content = rich::convert(&ctx, &citation.citation, None, true);
        shown[s.slot] = Some(Shown { note, content });
    }
    Formatted {
        shown,
        references: rendered.bibliography.map(|bib| references(&bib)),
    }
}

/// The reference list as rich text.
fn references(bib: &hayagriva::RenderedBibliography) -> References {
    let ctx = rich::Ctx {
        keys: &[],
        locators: &[],
    };
    References {
        hanging_indent: bib.hanging_indent,
        entries: bib
            .items
            .iter()
            .filter(|item| printed(item))
            .map(|item| {
                let mut prefix = Vec::new();
                if let Some(first) = &item.first_field {
                    rich::one(&ctx, first, None, false, &mut prefix);
                }
                let content = rich::convert(&ctx, &item.content, Some(&mut prefix), false);
                Reference {
                    key: item.key.clone(),
                    prefix: (item.first_field.is_some() || !prefix.is_empty()).then_some(prefix),
                    content,
                }
            })
            .collect(),
    }
}

/// Whether a reference list item prints anything.
fn printed(item: &hayagriva::BibliographyItem) -> bool {
    let mut text = String::new();
    if item
        .content
        .write_buf(&mut text, hayagriva::BufWriteFormat::Plain)
        .is_err()
    {
        return true;
    }
    !text.trim().is_empty()
}

/// Hand every citation to a fresh driver (after one citation of `hidden_first`'s
/// sources, which prints nothing), and format them with the reference list.
fn drive<'a>(
    citations: &[(&[CiteRef], bool)],
    entries: &'a BTreeMap<&'a str, Entry>,
    style: &Style,
    code: &LocaleCode,
    locales: &[Locale],
    hidden_first: &[&'a str],
) -> (Vec<Sent<'a>>, hayagriva::Rendered) {
    let request =
        |items| CitationRequest::new(items, &style.csl, Some(code.clone()), locales, None);
    let mut sent: Vec<Sent> = Vec::new();
    let mut driver = BibliographyDriver::new();
    let hidden: Vec<CitationItem<Entry>> = hidden_first
        .iter()
        .filter_map(|k| entries.get(k))
        .map(|e| CitationItem::new(e, None, None, true, None))
        .collect();
    if !hidden.is_empty() {
        driver.citation(request(hidden));
    }
    for (n, (refs, prose)) in citations.iter().enumerate() {
        let mut items = Vec::new();
        let (mut keys, mut locators) = (Vec::new(), Vec::new());
        for r in refs.iter() {
            let Some((key, e)) = entries.get_key_value(r.key.as_str()) else {
                continue;
            };
            // The locator stays ours: hayagriva marks where the style puts it, and the brief's
            // text goes there as written. The payload lets "ibid." compare locators.
            let locator = r.locator.as_ref().map(|l| {
                SpecificLocator(
                    Locator::Custom,
                    LocatorPayload::Transparent(TransparentLocator::new(l.clone())),
                )
            });
            // A chart's source reads in its sentence: "Agency (2024)", not "(Agency, 2024)".
            let purpose = prose.then_some(hayagriva::CitePurpose::Prose);
            items.push(CitationItem::new(e, locator, None, false, purpose));
            keys.push(*key);
            locators.push(r.locator.clone());
        }
        if items.is_empty() {
            continue;
        }
        driver.citation(request(items));
        sent.push(Sent {
            slot: n,
            keys,
            locators,
        });
    }
    let mut rendered = driver.finish(BibliographyRequest::new(
        &style.csl,
        Some(code.clone()),
        locales,
    ));
    if !hidden_first.is_empty() && !rendered.citations.is_empty() {
        rendered.citations.remove(0);
    }
    (sent, rendered)
}

/// The CSL locales a language needs, deserialised once per process: its own file, its
/// language's main one (`fr` → `fr-FR`), and `en-US`, where CSL looks for a term it lacks.
///
/// Measured in a release build on the 2-core development machine: hayagriva's
/// `archive::locales()`, which Typst calls, deserialises all 63 and takes about 100 ms; `en-US`
/// alone takes 2 ms, `fr-CA` with `fr-FR` and `en-US` 5 ms. The cost is citationberg's serde
/// for terms (an untagged enum tried variant by variant, whatever the format), so a different
/// encoding would not help; hayagriva looks terms up in whole `Locale` values, so loading only
/// the terms a style uses is not possible either. Which files, then, is the one lever.
fn locale_files(code: &LocaleCode) -> Arc<Vec<Locale>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Vec<Locale>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&code.0) {
        return found.clone();
    }
    let mut wanted = vec![code.0.clone()];
    wanted.extend(code.fallback().map(|f| f.0));
    wanted.push("en-US".into());
    wanted.dedup();
    let files: Vec<Locale> = wanted.iter().filter_map(|w| locale_file(w)).collect();
    let files = Arc::new(files);
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(code.0.clone(), files.clone());
    files
}

/// One embedded locale file, deserialised once per process; none for a code CSL has no file
/// for (`en-CA` uses `en-US`).
fn locale_file(code: &str) -> Option<Locale> {
    static FILES: OnceLock<Vec<OnceLock<Option<Locale>>>> = OnceLock::new();
    let files = FILES.get_or_init(|| archive::LOCALES.iter().map(|_| OnceLock::new()).collect());
    let i = archive::LOCALES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()?;
    files[i]
        .get_or_init(|| ciborium::de::from_reader::<Locale, _>(archive::LOCALES[i].1).ok())
        .clone()
}

/// Deserialise what every brief needs (`en-US`, the last fallback of every language), and the
/// locales of the languages [`expect`] was told of, so that a thread can do it while the
/// workspace and the brief are read and checked.
pub fn warm() {
    for code in std::mem::take(&mut *expected()) {
        locale_files(&LocaleCode(code));
    }
    locale_file("en-US");
}

/// The CSL locale code of a brief's language tag: `fr-CA`, `en`.
pub fn locale_code(tag: &str) -> String {
    match crate::model::language_parts(tag) {
        (language, Some(region)) => format!("{language}-{region}"),
        (language, None) => language,
    }
}

/// Tell [`warm`] of a brief's language tag (`en-GB`): a locale takes half a millisecond to
/// deserialise, which the thread that warms can spend while the brief is checked.
pub fn expect(tag: &str) {
    let code = locale_code(tag);
    let mut expected = expected();
    if !expected.contains(&code) {
        expected.push(code);
    }
}

/// The languages [`expect`] was told of and [`warm`] has not yet seen to.
fn expected() -> std::sync::MutexGuard<'static, Vec<String>> {
    static EXPECTED: Mutex<Vec<String>> = Mutex::new(Vec::new());
    EXPECTED.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_formatting_is_kept_by_names_what_is_written_not_where() {
        let dir = std::env::temp_dir().join(format!("brief-cite-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "title = \"T\"\nlanguage = \"en-GB\"\n[position]\n\
                    statement = \"Calls doubled [@stats, p. 4].\"\n\
                    [[citation]]\nid = \"stats\"\ntype = \"report\"\n\
                    author = [\"Statistics Office\"]\ntitle = \"Helpline\"\ndate = \"2023\"\n";
        let style = Style {
            csl: Arc::new(built_in("apa").unwrap()),
            sorting: Arc::default(),
        };
        let key_of = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            let brief = crate::load::brief(&path).value.expect("it loads");
            let refs: Vec<Vec<CiteRef>> = brief
                .position
                .iter()
                .flat_map(|p| p.statement.as_ref())
                .flat_map(|m| m.markup.citation_groups())
                .map(|g| g.to_vec())
                .collect();
            let citations: Vec<(&[CiteRef], bool)> =
                refs.iter().map(|r| (r.as_slice(), false)).collect();
            let sources: BTreeMap<&str, &crate::model::Citation> = brief
                .citations
                .iter()
                .map(|c| (c.id.value.as_str(), c))
                .collect();
            key(&citations, &sources, "en-GB", &style)
        };
        let first = key_of("a.toml", text);
        // The same brief, each citation and source further down its file.
        let moved = key_of("b.toml", &format!("# a comment\n\n{text}"));
        assert_ne!(first, "");
        assert!(!first.contains("Calls doubled"), "no file text in {first}");
        let changed = key_of("c.toml", &text.replace("Helpline", "Hotline"));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(first, moved);
        assert_ne!(first, changed);
    }

    #[test]
    fn every_embedded_locale_is_named_by_its_code() {
        for (code, bytes) in archive::LOCALES {
            let locale: Locale = ciborium::de::from_reader(*bytes).expect(code);
            assert_eq!(locale.lang.map(|l| l.0).as_deref(), Some(*code));
        }
        let codes: Vec<&str> = archive::LOCALES.iter().map(|(c, _)| *c).collect();
        // The same set Typst's bibliography would load, so a hayagriva upgrade is noticed.
        let mut theirs: Vec<String> = hayagriva::archive::locales()
            .into_iter()
            .filter_map(|l| l.lang.map(|c| c.0))
            .collect();
        theirs.sort();
        assert_eq!(codes, theirs);
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted, "binary search needs the table sorted");
    }

    #[test]
    fn a_language_gets_its_own_locale_its_main_one_and_english() {
        let langs = |code: &str| -> Vec<String> {
            locale_files(&LocaleCode(code.into()))
                .iter()
                .filter_map(|l| l.lang.as_ref().map(|c| c.0.clone()))
                .collect()
        };
        assert_eq!(langs("fr-CA"), ["fr-CA", "fr-FR", "en-US"]);
        assert_eq!(langs("fr"), ["fr-FR", "en-US"]);
        assert_eq!(langs("en"), ["en-US"]);
        assert_eq!(langs("en-GB"), ["en-GB", "en-US"]);
        assert_eq!(langs("xx"), ["en-US"]);
    }
}
