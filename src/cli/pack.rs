//! `brief pack`: one PDF for a meeting: a cover, a contents page, then each brief in the given
//! order in its own layout, with its own references and page numbering. Each brief is typeset on
//! its own; their pages are placed after the front matter and exported as one tagged document,
//! so every brief keeps its bookmarks under its title.

use std::path::PathBuf;

use chrono::NaiveDate;
use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use super::{exit, plural, Format, Loader, Reporter};
use crate::diagnostic::display_path;
use crate::pdf::Standard;
use crate::render::PackEntry;
use crate::world::{file_id, BriefWorld, VIRTUAL_DIR};

/// Arguments of `brief pack`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefs in the order they go in the pack (files, or folders of them)
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The pack's PDF
    #[arg(short, long, value_name = "FILE.pdf")]
    out: PathBuf,
    /// Title on the cover [default: "Briefing pack"]
    #[arg(long)]
    title: Option<String>,
    /// A line under the title, e.g. the meeting
    #[arg(long)]
    subtitle: Option<String>,
    /// Date on the cover, YYYY-MM-DD [default: the latest brief's date]
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Who the pack is for (repeat for several)
    #[arg(long)]
    audience: Vec<String>,
    /// Also conform to this standard (PDF/UA-1 is always on)
    #[arg(long, value_enum, value_name = "STANDARD")]
    pdf_standard: Vec<Standard>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date like 2024-03-07, found \"{s}\""))
}

/// Build the pack; nothing is written unless every brief builds.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(Format::Human);
    let Some(paths) = reporter.briefs(&args.paths) else {
        return exit::ENVIRONMENT;
    };
    let mut loader = Loader::default();
    let mut briefs = Vec::new();
    let mut failed = 0;
    for p in &paths {
        let prepared = loader.prepare(p);
        let ok = prepared.ok();
        let compiled = match (prepared.brief, ok) {
            (Some((brief, ws)), true) => match crate::pdf::compile(&brief, &ws) {
                Ok(c) => {
                    reporter.report(prepared.diagnostics);
                    Some((brief, ws, c))
                }
                Err(e) => {
                    reporter.report(prepared.diagnostics.into_iter().chain(e).collect());
                    None
                }
            },
            _ => {
                reporter.report(prepared.diagnostics);
                None
            }
        };
        match compiled {
            Some(c) => briefs.push(c),
            None => failed += 1,
        }
    }
    if failed > 0 {
        reporter.note(&format!(
            "no pack written: {} failed",
            plural(failed, "brief")
        ));
        return exit::FAILED;
    }
    let Some((_, ws, _)) = briefs.first() else {
        return exit::ENVIRONMENT;
    };
    let ws = ws.clone();
    let title = args.title.clone().unwrap_or_else(|| "Briefing pack".into());
    let date = args.date.or_else(|| {
        briefs
            .iter()
            .filter_map(|(b, _, _)| b.date.as_ref().map(|d| d.value))
            .max()
    });

    // The front matter's length decides where the briefs start; it is usually two pages, but a
    // long contents list can take more, so typeset until the numbers agree.
    let mut front_pages = 2;
    let mut passes = 0;
    let (front, world) = loop {
        let mut start = front_pages + 1;
        let entries: Vec<PackEntry> = briefs
            .iter()
            .map(|(b, _, c)| {
                let e = PackEntry {
                    brief: b,
                    start,
                    pages: c.doc.pages().len(),
                };
                start += e.pages;
                e
            })
            .collect();
        let data = crate::render::pack_data(
            &title,
            args.subtitle.as_deref(),
            date,
            &args.audience,
            &ws,
            &entries,
        );
        let files = vec![(
            file_id(&format!("{VIRTUAL_DIR}/data.json")),
            Bytes::from_string(data.to_string()),
        )];
        let today = typst::foundations::Datetime::from_ymd(2000, 1, 1).expect("a valid date");
        let world = BriefWorld::new(
            &ws.root,
            file_id(&format!("{VIRTUAL_DIR}/pack.typ")),
            files,
            today,
        );
        let (front, warnings) = match crate::pdf::typeset(&world) {
            Ok(x) => x,
            Err(e) => {
                reporter.report(e);
                return exit::FAILED;
            }
        };
        passes += 1;
        // The numbers settle in two passes; stop at three whatever happens.
        if front.pages().len() == front_pages || passes == 3 {
            reporter.report(warnings);
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
    let name = args
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pdf = match crate::pdf::export(
        &pack,
        &format!("pack/{name}"),
        date.unwrap_or_default(),
        &args.pdf_standard,
        &world,
    ) {
        Ok(pdf) => pdf,
        Err(e) => {
            reporter.report(e);
            return exit::FAILED;
        }
    };
    if let Err(d) = crate::pdf::write_atomic(&args.out, &pdf) {
        reporter.report(vec![d]);
        return exit::ENVIRONMENT;
    }
    reporter.note(&format!(
        "packed {} into {} ({})",
        plural(briefs.len(), "brief"),
        display_path(&args.out).display(),
        plural(pack.pages().len(), "page")
    ));
    exit::OK
}
