//! A briefing pack: a cover, a contents page, then each brief in the given order in its own
//! layout, with its own references and page numbering. Each brief is typeset on its own; their
//! pages are placed after the front matter and exported as one tagged document, so every brief
//! keeps its bookmarks under its title. A pack named `.docx` is one Word file of the briefs
//! instead. Nothing is written unless every brief builds.

use std::path::PathBuf;

use chrono::NaiveDate;
use typst_layout::PagedDocument;

use super::Project;
use crate::diagnostic::Diagnostic;
use crate::edition::pdf::world::{virtual_id, BriefWorld};
use crate::edition::pdf::{Compiled, Pdf, Standard};
use crate::edition::Maker;
use crate::model::{Brief, Workspace};
use crate::render::{PackEntry, TemplateData, Words};

/// What a pack holds and where it goes.
#[derive(Debug, Clone)]
pub struct PackOptions {
    /// The pack's PDF.
    pub out: PathBuf,
    /// Title on the cover; "Briefing pack" when none.
    pub title: Option<String>,
    /// A line under the title, e.g. the meeting.
    pub subtitle: Option<String>,
    /// Date on the cover; the latest brief's when none.
    pub date: Option<NaiveDate>,
    /// Who the pack is for.
    pub audience: Vec<String>,
    /// Standards beyond PDF/UA-1.
    pub standards: Vec<Standard>,
}

/// What became of a pack.
pub struct Packed {
    /// Every problem and warning, of the briefs and of the pack.
    pub diagnostics: Vec<Diagnostic>,
    /// How many briefs failed (then nothing is written).
    pub failed: usize,
    /// (briefs, pages) of the pack written; a Word pack's pages are Word's to count.
    pub written: Option<(usize, Option<usize>)>,
}

/// A brief of the pack, typeset on its own: the brief, its template data and its pages.
type Typeset<'a> = (&'a Brief, &'a TemplateData, Compiled);

impl Project {
    /// Typeset every brief, then the front matter, and write the pack atomically.
    pub fn pack(self, options: &PackOptions) -> Packed {
        let word = options
            .out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
        if word {
            return self.pack_word(options);
        }
        let (briefs, mut packed) = self.typeset_briefs();
        let refused = refused_options(options);
        if !refused.is_empty() {
            packed.diagnostics.extend(refused);
            return packed;
        }
        // Never replace a brief, a library or a file someone else wrote: say so before any work.
        if let Err(d) = crate::paths::replaceable(&options.out, Pdf.extension(), &|b| Pdf.ours(b)) {
            packed.diagnostics.push(d);
            return packed;
        }
        if packed.failed > 0 {
            return packed;
        }
        let Some((first, _, _)) = briefs.first() else {
            return packed;
        };
        let Some(ws) = self.workspace_of(&self.briefs[0]).cloned() else {
            return packed;
        };
        let Some(words) = self.briefs[0].rendered().map(|r| r.words.clone()) else {
            return packed;
        };
        let cover = Cover {
            title: options
                .title
                .clone()
                .unwrap_or_else(|| "Briefing pack".into()),
            date: options.date.or_else(|| {
                briefs
                    .iter()
                    .filter_map(|(b, _, _)| b.date.as_ref().map(|d| d.value))
                    .max()
            }),
            language: &first.language.value,
            words: &words,
        };
        let (front, world) = match front_matter(&briefs, options, &cover, &ws) {
            Ok((front, world, warnings)) => {
                packed.diagnostics.extend(warnings);
                (front, world)
            }
            Err(e) => {
                packed.diagnostics.extend(e);
                return packed;
            }
        };
        match write(&briefs, &front, &world, options, cover.date) {
            Ok(pages) => packed.written = Some((briefs.len(), Some(pages))),
            Err(e) => packed.diagnostics.extend(e),
        }
        packed
    }

    /// The pack as one Word file: every brief checked and rendered, none typeset.
    fn pack_word(&self, options: &PackOptions) -> Packed {
        use crate::edition::docx::Docx;
        let mut packed = Packed {
            diagnostics: refused_options(options),
            failed: 0,
            written: None,
        };
        if !packed.diagnostics.is_empty() {
            return packed;
        }
        if let Err(d) = crate::paths::replaceable(&options.out, Docx.extension(), &|b| Docx.ours(b))
        {
            packed.diagnostics.push(d);
            return packed;
        }
        let mut briefs = Vec::new();
        for entry in &self.briefs {
            packed.diagnostics.extend(entry.diagnostics.iter().cloned());
            match entry.rendered() {
                Some(r) => briefs.push(&r.data),
                None => packed.failed += 1,
            }
        }
        let (Some(first), Some(ws)) = (
            self.briefs.first(),
            self.briefs.first().and_then(|b| self.workspace_of(b)),
        ) else {
            return packed;
        };
        if packed.failed > 0 || briefs.is_empty() {
            return packed;
        }
        let Some(r) = first.rendered() else {
            return packed;
        };
        let date = options
            .date
            .or_else(|| {
                self.briefs
                    .iter()
                    .filter_map(|b| b.rendered()?.brief.date.as_ref().map(|d| d.value))
                    .max()
            })
            .map(|d| crate::render::date_value(d, &r.brief.language.value, &r.words).display);
        let title = options.title.clone().unwrap_or_else(|| {
            r.data
                .front
                .words
                .get("briefing-pack")
                .cloned()
                .unwrap_or_default()
        });
        let cover = crate::edition::docx::Cover {
            title: &title,
            subtitle: options.subtitle.as_deref(),
            date,
            audience: &options.audience,
        };
        let written = crate::edition::docx::pack(&ws.root, &briefs, &cover)
            .and_then(|bytes| crate::paths::write_atomic(&options.out, &bytes));
        match written {
            Ok(()) => packed.written = Some((briefs.len(), None)),
            Err(d) => packed.diagnostics.push(d),
        }
        packed
    }

    /// Every brief typeset on its own, and what became of them: their diagnostics and how many
    /// failed.
    fn typeset_briefs(&self) -> (Vec<Typeset<'_>>, Packed) {
        let mut diagnostics = Vec::new();
        let mut briefs = Vec::new();
        let mut failed = 0;
        let mut read = Vec::new();
        for entry in &self.briefs {
            diagnostics.extend(entry.diagnostics.iter().cloned());
            let ws = self.workspace_of(entry);
            match (entry.rendered(), ws) {
                (Some(super::Rendered { brief, data, .. }), Some(ws)) => {
                    match crate::edition::pdf::compile(brief, ws, data, &mut read) {
                        Ok(c) => briefs.push((brief, data, c)),
                        Err(e) => {
                            diagnostics.extend(e);
                            failed += 1;
                        }
                    }
                }
                _ => failed += 1,
            }
        }
        let packed = Packed {
            diagnostics,
            failed,
            written: None,
        };
        (briefs, packed)
    }
}

/// The pack's own texts refused: they are printed as a brief's are, so they meet the same rules.
fn refused_options(options: &PackOptions) -> Vec<Diagnostic> {
    let own = [
        ("--title", &options.title),
        ("--subtitle", &options.subtitle),
    ];
    own.into_iter()
        .filter_map(|(o, t)| Some((o, t.as_deref()?)))
        .chain(options.audience.iter().map(|a| ("--audience", a.as_str())))
        .filter_map(|(option, text)| crate::check::option_text(option, text))
        .collect()
}

/// What the cover says beyond the options: the title and date settled, in the first brief's
/// language.
struct Cover<'a> {
    title: String,
    date: Option<NaiveDate>,
    language: &'a str,
    words: &'a Words,
}

/// The cover and contents typeset, with the world that typeset them and its warnings.
///
/// The front matter's length decides where the briefs start; it is usually two pages, but a long
/// contents list can take more, so typeset until the numbers agree.
fn front_matter(
    briefs: &[Typeset<'_>],
    options: &PackOptions,
    cover: &Cover<'_>,
    ws: &Workspace,
) -> Result<(PagedDocument, BriefWorld, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut front_pages = 2;
    let mut passes = 0;
    loop {
        let entries = contents(briefs, front_pages);
        let data = crate::render::pack_data(
            &cover.title,
            options.subtitle.as_deref(),
            cover.date,
            &options.audience,
            ws,
            &entries,
            cover.language,
            cover.words,
        );
        let files = vec![crate::edition::pdf::world::data_file(&data)];
        let today = typst::foundations::Datetime::from_ymd(2000, 1, 1).expect("a valid date");
        let world = BriefWorld::new(&ws.root, virtual_id("pack.typ"), files, today);
        let (front, warnings) = crate::edition::pdf::typeset(&world)?;
        passes += 1;
        // The numbers settle in two passes; stop at three whatever happens.
        if front.pages().len() == front_pages || passes == 3 {
            return Ok((front, world, warnings));
        }
        front_pages = front.pages().len();
    }
}

/// The contents: each brief with the page it starts on, after `front_pages` of front matter.
fn contents<'a>(briefs: &[Typeset<'a>], front_pages: usize) -> Vec<PackEntry<'a>> {
    let mut start = front_pages + 1;
    briefs
        .iter()
        .map(|(_, data, c)| {
            let e = PackEntry {
                data,
                start,
                pages: c.doc.pages().len(),
            };
            start += e.pages;
            e
        })
        .collect()
}

/// The front matter and every brief's pages exported as one PDF and written atomically; the
/// pack's number of pages.
fn write(
    briefs: &[Typeset<'_>],
    front: &PagedDocument,
    world: &BriefWorld,
    options: &PackOptions,
    date: Option<NaiveDate>,
) -> Result<usize, Vec<Diagnostic>> {
    let mut pages = front.pages().to_vec();
    for (n, (_, _, c)) in briefs.iter().enumerate() {
        pages.extend(c.doc.pages().iter().cloned().map(|mut page| {
            own_locations(&mut page.frame, n + 1);
            page
        }));
    }
    let info = typst::model::Document::info(front).clone();
    let pack = PagedDocument::new(pages.into_iter().collect(), info);
    let name = options
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pdf = crate::edition::pdf::export(
        &pack,
        &format!("pack/{name}"),
        date.unwrap_or_default(),
        &options.standards,
        world,
    )?;
    crate::paths::write_atomic(&options.out, &pdf).map_err(|d| vec![d])?;
    Ok(pack.pages().len())
}

/// Make every location in the frame of the `n`th brief of a pack its own. Each brief is
/// typeset on its own, and Typst derives a location from the element: two briefs with the same
/// figure (one library `[[stat]]`, say) would hold the same locations, and the tagged PDF could
/// not tell whose part each is ("ambiguous logical parent"). A location is replaced by its
/// variant `n` everywhere it appears in the frame (where an element starts and ends, a group's
/// logical parent, a link's target), so each brief's are consistent and unlike the others'.
fn own_locations(frame: &mut typst::layout::Frame, n: usize) {
    use typst::introspection::Tag;
    use typst::layout::FrameItem;
    use typst::model::Destination;
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => {
                if let Some(parent) = &mut group.parent {
                    parent.location = parent.location.variant(n);
                }
                own_locations(&mut group.frame, n);
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                if let Some(location) = content.location() {
                    content.set_location(location.variant(n));
                }
            }
            FrameItem::Tag(Tag::End(location, _, _)) => *location = location.variant(n),
            FrameItem::Link(Destination::Location(location), _) => {
                *location = location.variant(n);
            }
            _ => {}
        }
        true
    });
}
