//! Which works a brief must cite first, unseen, for their year letters to follow the reference
//! list. CSL gives one author's works of a year their letters (2023a, 2023b) in the list's
//! order; hayagriva 0.10 gives them in the order a brief first cites them. Where the two differ,
//! those works are cited first, hidden, in the list's order.
//!
//! The list's order is learnt from hayagriva sorting those works alone, with the style reduced
//! to its sort (no citation or entry is printed): a fraction of a millisecond, where formatting
//! the brief twice to learn it added 8 ms, a sixth of a four-page brief's build.

use std::collections::BTreeMap;
use std::sync::Arc;

use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode};
use hayagriva::{BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Entry};

use super::Style;
use crate::model::CiteRef;

/// The works to cite first, hidden, in the list's order; none when every set of one author's
/// works of a year is first cited in the list's order (or there is no such set).
pub(super) fn cite_first<'a>(
    citations: &[(&[CiteRef], bool)],
    entries: &'a BTreeMap<&'a str, Entry>,
    style: &Style,
    code: &LocaleCode,
    locales: &[Locale],
) -> Vec<&'a str> {
    // A list that is not sorted keeps the order of first citation.
    let sorted = style
        .csl
        .bibliography
        .as_ref()
        .is_some_and(|b| b.sort.is_some());
    if !sorted {
        return Vec::new();
    }
    // Each cited work once, in the order the brief first cites it.
    let mut cited: Vec<&'a str> = Vec::new();
    for r in citations.iter().flat_map(|(refs, _)| refs.iter()) {
        if let Some((key, _)) = entries.get_key_value(r.key.as_str()) {
            if !cited.contains(key) {
                cited.push(key);
            }
        }
    }
    let sets = same_author_and_year(&cited, entries);
    if sets.is_empty() {
        return Vec::new();
    }
    // A stable sort orders two works by the style's keys alone, or by first citation where
    // these tie: the other works do not change their order, so only these are sorted.
    let members: Vec<&str> = sets.iter().flatten().copied().collect();
    let listed = list_order(&members, entries, style, code, locales);
    let mut out = Vec::new();
    for cited in sets {
        let mut by_list = cited.clone();
        by_list.sort_by_key(|k| listed.iter().position(|l| l == k));
        if by_list != cited {
            out.extend(by_list);
        }
    }
    out
}

/// The sets of two or more works that share their authors (or editors) and year, as the
/// style prints them: each in the order of `cited`.
fn same_author_and_year<'a>(
    cited: &[&'a str],
    entries: &BTreeMap<&'a str, Entry>,
) -> Vec<Vec<&'a str>> {
    let who_when = |key: &str| {
        let e = entries.get(key)?;
        let people = e.authors().or_else(|| e.editors())?;
        Some((people.to_vec(), e.date()?.year))
    };
    let mut sets: Vec<(_, Vec<&'a str>)> = Vec::new();
    for &key in cited {
        let Some(id) = who_when(key) else { continue };
        match sets.iter_mut().find(|(s, _)| *s == id) {
            Some((_, keys)) => keys.push(key),
            None => sets.push((id, vec![key])),
        }
    }
    sets.into_iter()
        .map(|(_, keys)| keys)
        .filter(|keys| keys.len() > 1)
        .collect()
}

/// The keys of `cited` (in the order they are first cited) in the order the style's reference
/// list gives them: hayagriva sorts the list from the works in the order they are first cited,
/// so one citation of them, in that order, gives the same order.
fn list_order(
    cited: &[&str],
    entries: &BTreeMap<&str, Entry>,
    style: &Style,
    code: &LocaleCode,
    locales: &[Locale],
) -> Vec<String> {
    let sorting = style.sorting.get_or_init(|| Arc::new(sorting(&style.csl)));
    let items = cited
        .iter()
        .filter_map(|k| entries.get(k))
        .map(|e| CitationItem::new(e, None, None, true, None))
        .collect();
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::new(
        items,
        sorting,
        Some(code.clone()),
        locales,
        None,
    ));
    let rendered = driver.finish(BibliographyRequest::new(
        sorting,
        Some(code.clone()),
        locales,
    ));
    rendered
        .bibliography
        .map(|b| b.items.into_iter().map(|i| i.key).collect())
        .unwrap_or_default()
}

/// `csl` reduced to how it orders its list: its macros and sort kept (the sort keys call the
/// macros), nothing printed and nothing to tell apart.
fn sorting(csl: &IndependentStyle) -> IndependentStyle {
    let mut sorting = csl.clone();
    sorting.citation.layout.elements.clear();
    sorting.citation.disambiguate_add_givenname = false;
    sorting.citation.disambiguate_add_names = false;
    sorting.citation.disambiguate_add_year_suffix = false;
    if let Some(list) = &mut sorting.bibliography {
        list.layout.elements.clear();
    }
    sorting
}
