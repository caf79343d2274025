//! A briefing pack: a cover, a contents page, then each brief in the given order in its own
//! layout, with its own references and page numbering. Each brief is typeset on its own; their
//! pages are placed after the front matter and exported as one tagged document, so every brief
//! keeps its bookmarks under its title. Nothing is written unless every brief builds.

use std::path::PathBuf;

use chrono::NaiveDate;
use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use super::Project;
use crate::diagnostic::Diagnostic;
use crate::edition::pdf::world::{virtual_id, BriefWorld};
use crate::edition::pdf::{Pdf, Standard};
use crate::edition::Maker;
use crate::render::PackEntry;

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
    /// (briefs, pages) of the pack written.
    pub written: Option<(usize, usize)>,
}

impl Project {
    /// Typeset every brief, then the front matter, and write the pack atomically.
    pub fn pack(self, options: &PackOptions) -> Packed {
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
        // Never replace a brief, a library or a file someone else wrote: say so before any work.
        if let Err(d) = crate::paths::replaceable(&options.out, Pdf.extension(), &|b| Pdf.ours(b)) {
            diagnostics.push(d);
            return Packed {
                diagnostics,
                failed,
                written: None,
            };
        }
        let mut packed = Packed {
            diagnostics,
            failed,
            written: None,
        };
        if failed > 0 {
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
        let title = options
            .title
            .clone()
            .unwrap_or_else(|| "Briefing pack".into());
        let date = options.date.or_else(|| {
            briefs
                .iter()
                .filter_map(|(b, _, _)| b.date.as_ref().map(|d| d.value))
                .max()
        });

        // The front matter's length decides where the briefs start; it is usually two pages, but
        // a long contents list can take more, so typeset until the numbers agree.
        let mut front_pages = 2;
        let mut passes = 0;
        let (front, world) = loop {
            let mut start = front_pages + 1;
            let entries: Vec<PackEntry> = briefs
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
                .collect();
            let data = crate::render::pack_data(
                &title,
                options.subtitle.as_deref(),
                date,
                &options.audience,
                &ws,
                &entries,
                &first.language.value,
                &words,
            );
            let files = vec![(
                virtual_id("data.json"),
                Bytes::from_string(crate::render::to_json(&data)),
            )];
            let today = typst::foundations::Datetime::from_ymd(2000, 1, 1).expect("a valid date");
            let world = BriefWorld::new(&ws.root, virtual_id("pack.typ"), files, today);
            let (front, warnings) = match crate::edition::pdf::typeset(&world) {
                Ok(x) => x,
                Err(e) => {
                    packed.diagnostics.extend(e);
                    return packed;
                }
            };
            passes += 1;
            // The numbers settle in two passes; stop at three whatever happens.
            if front.pages().len() == front_pages || passes == 3 {
                packed.diagnostics.extend(warnings);
                break (front, world);
            }
            front_pages = front.pages().len();
        };

        let mut pages = front.pages().to_vec();
        for (_, _, c) in &briefs {
            pages.extend(c.doc.pages().iter().cloned());
        }
        let info = typst::model::Document::info(&front).clone();
        let pack = PagedDocument::new(pages.into_iter().collect(), info);
        let name = options
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pdf = match crate::edition::pdf::export(
            &pack,
            &format!("pack/{name}"),
            date.unwrap_or_default(),
            &options.standards,
            &world,
        ) {
            Ok(pdf) => pdf,
            Err(e) => {
                packed.diagnostics.extend(e);
                return packed;
            }
        };
        if let Err(d) = crate::paths::write_atomic(&options.out, &pdf) {
            packed.diagnostics.push(d);
            return packed;
        }
        packed.written = Some((briefs.len(), pack.pages().len()));
        packed
    }
}
