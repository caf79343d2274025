//! Citation links pointed at their sources once the pages are laid out.
//!
//! A citation links to its source's entry in the reference list. Linked by label
//! (`link(label("ref-" + key))`), every paragraph that cites a source would be laid out twice:
//! the first layout does not yet know where the label is, and what a paragraph looks like
//! depends, for Typst, on that answer. That second layout cost about a tenth of a cold build.
//! The layouts link to [`SCHEME`]`KEY` instead, which asks nothing of the layout, and
//! [`resolve`] points each such link at the place of the label `ref-KEY` in the finished pages,
//! with the alternative text Typst gives a link to a place ("page 2", in the language of the
//! citation), so the PDF is the one a link by label makes.

use std::collections::HashMap;

use typst::diag::{SourceDiagnostic, SourceResult};
use typst::foundations::{Label, Smart};
use typst::introspection::{Introspector, Location, Tag};
use typst::layout::{Frame, FrameItem, PageElem};
use typst::model::{Destination, Document, LinkMarker, Numbering};
use typst::syntax::Span;
use typst::text::{Lang, LocalName, Region};
use typst::utils::PicoStr;
use typst_layout::{Page, PagedDocument};

/// The address a layout gives a citation's link to the source `KEY`: `brief-source:KEY`. No
/// address a writer can give has it: links in a brief's text are web or mail addresses.
pub const SCHEME: &str = "brief-source:";

/// The document with every link to [`SCHEME`]`KEY` pointed at the label `ref-KEY`; an error at
/// the citation where that label is missing or given twice (as a link by label would fail).
pub fn resolve(doc: PagedDocument) -> SourceResult<PagedDocument> {
    let links: Vec<Option<Links>> = doc
        .pages()
        .iter()
        .map(|p| Links::in_frame(&p.frame))
        .collect();
    if links.iter().all(Option::is_none) {
        return Ok(doc);
    }
    let mut targets = Targets {
        doc: &doc,
        found: HashMap::new(),
    };
    let mut pages: Vec<Page> = doc.pages().to_vec();
    let mut errors = Vec::new();
    for (page, links) in pages.iter_mut().zip(&links) {
        if let Some(links) = links {
            point(&mut page.frame, links, &mut targets, &mut errors);
        }
    }
    if !errors.is_empty() {
        return Err(errors.into_iter().collect());
    }
    Ok(PagedDocument::new(
        pages.into_iter().collect(),
        doc.info().clone(),
    ))
}

/// Where a frame's links to sources are, found before anything is changed: a frame is shared
/// with Typst's caches, and changing an item copies the frame's items, so only frames on the way
/// to a link are changed.
struct Links {
    /// Each item that is a source link (or its start tag), or a group holding some, by index.
    items: Vec<(usize, Option<Links>)>,
}

impl Links {
    /// The source links in a frame and the frames within it; none if it holds none.
    fn in_frame(frame: &Frame) -> Option<Links> {
        let mut items = Vec::new();
        for (i, (_, item)) in frame.items().enumerate() {
            match item {
                FrameItem::Group(g) => {
                    if let Some(within) = Links::in_frame(&g.frame) {
                        items.push((i, Some(within)));
                    }
                }
                FrameItem::Link(dest, _) if source_key(dest).is_some() => items.push((i, None)),
                FrameItem::Tag(Tag::Start(elem, _)) if marker_key(elem).is_some() => {
                    items.push((i, None))
                }
                _ => {}
            }
        }
        (!items.is_empty()).then_some(Links { items })
    }
}

/// The key a link's destination stands for, if it is a link to a source.
fn source_key(dest: &Destination) -> Option<&str> {
    match dest {
        Destination::Url(url) => url.strip_prefix(SCHEME),
        _ => None,
    }
}

/// The key a link's start tag stands for: Typst makes a link's alternative text its address.
fn marker_key(elem: &typst::foundations::Content) -> Option<&str> {
    let marker = elem.to_packed::<LinkMarker>()?;
    marker.alt.as_deref()?.strip_prefix(SCHEME)
}

/// The sources' places, looked up once per key.
struct Targets<'a> {
    doc: &'a PagedDocument,
    found: HashMap<String, Result<Target, SourceDiagnostic>>,
}

/// Where a source's entry is, and its page as a link's alternative text numbers it.
#[derive(Clone)]
struct Target {
    location: Location,
    page: String,
}

impl Targets<'_> {
    /// The place of `ref-KEY`, or the error of a link by label to it (at `span`).
    fn of(&mut self, key: &str, span: Span) -> Result<Target, SourceDiagnostic> {
        let found = match self.found.get(key) {
            Some(found) => found.clone(),
            None => {
                let found = self.look_up(key);
                self.found.insert(key.to_string(), found.clone());
                found
            }
        };
        // The error is said where this caller's citation is.
        found.map_err(|mut error| {
            error.span = span.into();
            error
        })
    }

    fn look_up(&self, key: &str) -> Result<Target, SourceDiagnostic> {
        let span = Span::detached();
        let introspector = self.doc.introspector();
        let name = format!("ref-{key}");
        // Never empty, so always a label.
        let label = Label::new(PicoStr::intern(&name)).unwrap_or_else(|| unreachable!("{name}"));
        let elem = introspector.query_label(label).map_err(|message| {
            SourceDiagnostic::error(span, message).with_hint(
                "a citation links to its source's entry in the reference list: show the list \
                     with `references()`, or give each entry the label `ref-KEY`",
            )
        })?;
        // Whatever the introspector holds has been placed.
        let location = elem
            .location()
            .ok_or_else(|| SourceDiagnostic::error(span, "the source's entry has no place"))?;
        Ok(Target {
            location,
            page: self.page_number(location),
        })
    }

    /// The page of a place as `counter(page).display()` shows it there: its logical number in
    /// the page's numbering (a numbering function, which no template of ours uses, shows the
    /// number alone).
    fn page_number(&self, location: Location) -> String {
        let introspector = self.doc.introspector();
        let page = introspector
            .page(location)
            .and_then(|p| self.doc.pages().get(p.get() - 1));
        let number = page.map_or(1, |p| p.number);
        match introspector.page_numbering(location) {
            Some(Numbering::Pattern(pattern)) => pattern
                .apply(None, &[number])
                .map_or_else(|_| number.to_string(), |n| n.to_string()),
            _ => number.to_string(),
        }
    }
}

/// Point the source links in `frame` and the frames within it at their entries.
fn point(
    frame: &mut Frame,
    links: &Links,
    targets: &mut Targets,
    errors: &mut Vec<SourceDiagnostic>,
) {
    // A start tag's language is that of the citation's text, which follows it.
    let languages: Vec<Option<(Lang, Option<Region>)>> = {
        let items: Vec<&FrameItem> = frame.items().map(|(_, item)| item).collect();
        links
            .items
            .iter()
            .map(|(i, _)| match items[*i] {
                FrameItem::Tag(_) => items[i + 1..].iter().find_map(|item| language_of(item)),
                _ => None,
            })
            .collect()
    };
    let locale = targets.doc.info().locale;
    let (mut index, mut next) = (0, 0);
    frame.retain(|item| {
        let at = index;
        index += 1;
        let Some((_, within)) = links.items.get(next).filter(|(i, _)| *i == at) else {
            return true;
        };
        let language = languages[next];
        next += 1;
        match item {
            FrameItem::Group(g) => {
                if let Some(within) = within {
                    point(&mut g.frame, within, targets, errors);
                }
            }
            FrameItem::Link(dest, _) => {
                if let Some(key) = source_key(dest) {
                    match targets.of(key, Span::detached()) {
                        Ok(target) => *dest = Destination::Location(target.location),
                        Err(error) => say(errors, error),
                    }
                }
            }
            FrameItem::Tag(Tag::Start(elem, _)) => {
                let Some(mut marker) = elem.to_packed::<LinkMarker>().cloned() else {
                    return true;
                };
                let Some(key) = marker_key(elem).map(str::to_string) else {
                    return true;
                };
                match targets.of(&key, elem.span()) {
                    Ok(target) => {
                        let (lang, region) = language.unwrap_or(match locale {
                            Smart::Custom(l) => (l.lang, l.region),
                            Smart::Auto => (Lang::ENGLISH, None),
                        });
                        let word = PageElem::local_name(lang, region);
                        marker.alt = Some(format!("{word} {}", target.page).into());
                        *elem = marker.pack();
                    }
                    Err(error) => say(errors, error),
                }
            }
            _ => {}
        }
        true
    });
}

/// Add an error once per message, placed at a citation when any of its links has a place (the
/// link itself, apart from its start tag, has none).
fn say(errors: &mut Vec<SourceDiagnostic>, error: SourceDiagnostic) {
    match errors.iter_mut().find(|e| e.message == error.message) {
        Some(said) if said.span.is_detached() => *said = error,
        Some(_) => {}
        None => errors.push(error),
    }
}

/// The language of the first text in an item.
fn language_of(item: &FrameItem) -> Option<(Lang, Option<Region>)> {
    match item {
        FrameItem::Text(t) => Some((t.lang, t.region)),
        FrameItem::Group(g) => g.frame.items().find_map(|(_, item)| language_of(item)),
        _ => None,
    }
}
