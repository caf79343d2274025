//! Page fit: a brief whose last page holds only a scrap (a contact block, a lone reference) is
//! typeset again a little tighter, so that the scrap joins the page before. The layouts read
//! `fit` (0, 1 or 2) from the data and take a step off their spacing and type for each.

use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

use super::typeset;
use super::world::{data_file, BriefWorld};
use crate::render::TemplateData;

/// A last page with fewer words than this in its body is a scrap.
const SCRAP_WORDS: usize = 60;

/// The tightest step a layout takes.
const MOST: u8 = 2;

/// The document as typeset, or, when its last page is a scrap and a tighter setting saves that
/// page, the tighter one with the world that made it.
pub fn without_scrap(
    doc: PagedDocument,
    world: BriefWorld,
    data: &TemplateData,
) -> (PagedDocument, BriefWorld) {
    let pages = doc.pages().len();
    let Some(last) = doc.pages().last() else {
        return (doc, world);
    };
    if pages < 2 || body_words(&last.frame) >= SCRAP_WORDS {
        return (doc, world);
    }
    let tighter = |fit: u8| {
        let mut tighter = data.clone();
        tighter.fit = fit;
        world.with_file(data_file(&tighter))
    };
    // The tighter steps are typeset at once, each but the first on a thread of its own: a scrap
    // the first step does not save (often, on a brief of two pages) then costs one typesetting's
    // time, not two. A step is kept only when the ones before it do not save the page; once one
    // does, the threads of the steps after it are left to finish unheard. A step whose thread
    // cannot start is typeset here, when it is needed.
    let later: Vec<(u8, Option<Step>)> = (2..=MOST)
        .map(|fit| {
            let world = tighter(fit);
            let thread = std::thread::Builder::new()
                .spawn(move || (typeset(&world).ok().map(|(doc, _)| doc), world));
            (fit, thread.ok())
        })
        .collect();
    let first = tighter(1);
    let saves = |doc: &PagedDocument| doc.pages().len() < pages;
    if let Ok((tight, _)) = typeset(&first) {
        if saves(&tight) {
            return (tight, first);
        }
    }
    for (fit, thread) in later {
        let done = match thread {
            Some(thread) => thread.join().ok(),
            None => {
                let world = tighter(fit);
                Some((typeset(&world).ok().map(|(doc, _)| doc), world))
            }
        };
        if let Some((Some(tight), world)) = done {
            if saves(&tight) {
                return (tight, world);
            }
        }
    }
    (doc, world)
}

/// A tighter step typeset on a thread of its own: the document, if it built, and its world.
type Step = std::thread::JoinHandle<(Option<PagedDocument>, BriefWorld)>;

/// The words a page holds between its header and footer bands (the running footer is on every
/// page and says nothing of its own).
fn body_words(page: &Frame) -> usize {
    let height = page.height().to_pt();
    let mut words = 0;
    count(page, 0.0, height, &mut words);
    words
}

fn count(frame: &Frame, dy: f64, height: f64, words: &mut usize) {
    for (pos, item) in frame.items() {
        let y = dy + pos.y.to_pt();
        match item {
            FrameItem::Group(g) => count(&g.frame, y + g.transform.ty.to_pt(), height, words),
            FrameItem::Text(t) if y > 0.06 * height && y < 0.92 * height => {
                *words += t.text.split_whitespace().count();
            }
            _ => {}
        }
    }
}
