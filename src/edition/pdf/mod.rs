//! The PDF edition: a checked brief's template data typeset by Typst in a sandboxed [`world`]
//! (embedded templates and fonts, workspace files only), exported as a tagged PDF/UA-1 file.

mod fit;
mod links;
pub mod world;

use std::collections::HashMap;
use std::sync::Arc;

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Label, Smart, Value};
use typst::introspection::Introspector;
use typst::utils::PicoStr;
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::{Job, Made, Maker};
use crate::diagnostic::{Diagnostic, Problem, SourceFile};
use crate::model::texts::{self, Part, TextId};
use crate::model::{Brief, Kind, Spanned, Template, Workspace};
use crate::render::TemplateData;
use world::{virtual_id, workspace_id, BriefWorld};

/// PDF standards a build can conform to, beyond the tagged PDF/UA-1 it always aims for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Standard {
    /// PDF/UA-1, accessible (always on).
    #[value(name = "ua-1")]
    Ua1,
    /// PDF/A-2b, archival, together with PDF/UA-1.
    #[value(name = "a-2b")]
    A2b,
}

/// The PDF edition.
pub struct Pdf;

impl Maker for Pdf {
    fn extension(&self) -> &'static str {
        "pdf"
    }

    fn noun(&self) -> &'static str {
        "PDF"
    }

    fn make(&self, job: &Job, read: &mut Vec<std::path::PathBuf>) -> Result<Made, Vec<Diagnostic>> {
        let built = build(job.brief, job.workspace, job.data, job.standards, read)?;
        Ok(Made {
            bytes: built.pdf,
            pages: Some(built.pages),
            warnings: built.warnings,
        })
    }

    /// A PDF this tool wrote: `%PDF` at the start, and brief named as its creator in the
    /// document information and in the XMP metadata ([`CREATOR`]; a PDF the typst CLI or any
    /// other tool made names another, whatever its text says).
    fn ours(&self, bytes: &[u8]) -> bool {
        let has = |needle: &[u8]| crate::paths::holds(bytes, needle);
        // Any version of brief: the name and a space, then its version.
        let ours = |before: &str| has(format!("{before}brief ").as_bytes());
        bytes.starts_with(b"%PDF") && ours("/Creator(") && ours("<xmp:CreatorTool>")
    }
}

/// The creator our PDFs name: the mark [`Pdf::ours`] looks for before replacing a file.
pub const CREATOR: &str = concat!("brief ", env!("CARGO_PKG_VERSION"));

/// A built PDF.
pub struct Built {
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
    /// Warnings from Typst, placed where they arose.
    pub warnings: Vec<Diagnostic>,
}

/// Compile a brief that passed its checks into PDF bytes.
pub fn build(
    brief: &Brief,
    ws: &Workspace,
    data: &TemplateData,
    standards: &[Standard],
    read: &mut Vec<std::path::PathBuf>,
) -> Result<Built, Vec<Diagnostic>> {
    let compiled = compile(brief, ws, data, read)?;
    // The PDF's identifier must not depend on how the path was typed or where we run from.
    let abs = std::path::absolute(&brief.path).unwrap_or_else(|_| brief.path.clone());
    let abs: std::path::PathBuf = abs
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    let rel = abs.strip_prefix(&ws.root).unwrap_or(&abs);
    let ident = format!("brief/{}", rel.display());
    let pdf = export(
        &compiled.doc,
        &ident,
        compiled.date,
        standards,
        &compiled.world,
    )?;
    Ok(Built {
        pdf,
        pages: compiled.doc.pages().len(),
        warnings: compiled.warnings,
    })
}

/// A brief typeset, not yet exported.
pub struct Compiled {
    /// The pages.
    pub doc: PagedDocument,
    /// Typst's warnings, placed.
    pub warnings: Vec<Diagnostic>,
    /// The brief's date.
    pub date: chrono::NaiveDate,
    /// The world it was compiled in, to place export errors.
    pub world: BriefWorld,
}

/// Typeset a brief from its template data (checking that a one-pager fits). Every workspace
/// file Typst asked for, found or not, is added to `read`: a rebuild depends on them.
pub fn compile(
    brief: &Brief,
    ws: &Workspace,
    data: &TemplateData,
    read: &mut Vec<std::path::PathBuf>,
) -> Result<Compiled, Vec<Diagnostic>> {
    let main = match &brief.template {
        Template::Builtin(kind) => virtual_id(&format!("{kind}.typ")),
        Template::Custom(path) => workspace_id(&path.value).ok_or_else(|| {
            let problem = Problem::Backslash {
                key: "template",
                path: path.value.clone(),
            };
            vec![Diagnostic::at(problem, &brief.file, path.span.clone())]
        })?,
    };
    let date = brief.date.as_ref().map(|d| d.value).unwrap_or_default();
    let files = vec![world::data_file(data)];
    let world = BriefWorld::new(&ws.root, main, files, datetime(date));
    let template = match &brief.template {
        Template::Builtin(kind) => format!("the built-in {kind} layout"),
        Template::Custom(path) => path.value.clone(),
    };
    let shown = crate::diagnostic::display_path(&brief.file.path);
    // Watched until the brief is typeset and measured (the guard lives to the end).
    let _watch = crate::watchdog::watch(shown.display().to_string(), template);
    let typeset = typeset(&world);
    read.extend(world.files_read());
    let (doc, warnings) = typeset.map_err(|errors| where_written(errors, ws))?;
    // A redline's summary page, both figures and struck-out words may run past one page: it
    // is read beside the brief, not handed out.
    if brief.template == Template::Builtin(Kind::OnePager) && data.changes.is_none() {
        check_fits(brief, &doc, &world, data)?;
    }
    // Our layouts pull a last page's scrap back; a custom template lays out as it wrote.
    let (doc, world) = match brief.template {
        Template::Builtin(_) => fit::without_scrap(doc, world, data),
        Template::Custom(_) => (doc, world),
    };
    Ok(Compiled {
        doc,
        warnings,
        date,
        world,
    })
}

/// Errors Typst met reading a file the workspace names (the logo in our templates, a `.csl`
/// style) are the user's to fix where they named it: placed at that value in `briefs.toml`,
/// not in a template the user never wrote.
fn where_written(errors: Vec<Diagnostic>, ws: &Workspace) -> Vec<Diagnostic> {
    let Some(settings) = &ws.file else {
        return errors;
    };
    let style = Some(&ws.citation_style).filter(|s| s.value.ends_with(".csl"));
    errors
        .into_iter()
        .map(|d| {
            let Problem::Typst { message, .. } = &*d.problem else {
                return d;
            };
            let in_template = d
                .file
                .as_ref()
                .is_some_and(|f| f.path.starts_with("assets/templates"));
            // An SVG logo that does not parse is reported in the SVG itself.
            let in_logo = ws.organisation.logo.as_ref().is_some_and(|l| {
                d.file
                    .as_ref()
                    .is_some_and(|f| f.path.ends_with(l.value.trim_start_matches("./")))
            });
            let named = if message.contains("CSL") {
                style.map(|s| ("citation style", s))
            } else if (in_template && message.contains("image")) || in_logo {
                ws.organisation.logo.as_ref().map(|l| ("logo", l))
            } else {
                None
            };
            match named {
                Some((key, value)) => Diagnostic::at(
                    Problem::BadAsset {
                        key,
                        path: value.value.clone(),
                        message: message.clone(),
                    },
                    settings,
                    value.span.clone(),
                ),
                None => d,
            }
        })
        .collect()
}

/// Run Typst in a world; errors and warnings placed in their files.
pub fn typeset(world: &BriefWorld) -> Result<(PagedDocument, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    let warnings = typst_diagnostics(world, &warnings);
    let doc = output
        .and_then(links::resolve)
        .map_err(|errors| typst_diagnostics(world, &errors))?;
    Ok((doc, warnings))
}

/// Export pages as a tagged PDF/UA-1 file (and PDF/A-2b on request), dated reproducibly.
pub fn export(
    doc: &PagedDocument,
    ident: &str,
    date: chrono::NaiveDate,
    standards: &[Standard],
    world: &BriefWorld,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let mut list = vec![PdfStandard::Ua_1];
    if standards.contains(&Standard::A2b) {
        list.push(PdfStandard::A_2b);
    }
    let standards = PdfStandards::new(&list).map_err(|e| {
        vec![Diagnostic::bare(Problem::Typst {
            message: e.message().to_string(),
            hints: e.hints().iter().map(|h| h.to_string()).collect(),
            warning: false,
        })]
    })?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(CREATOR.to_string())),
        timestamp: Some(Timestamp::new_utc(timestamp(date))),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(doc, &options).map_err(|errors| typst_diagnostics(world, &errors))
}

/// The brief's date as Typst's `today`.
fn datetime(d: chrono::NaiveDate) -> Datetime {
    use chrono::Datelike;
    Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
        .unwrap_or(Datetime::from_ymd(2000, 1, 1).expect("valid"))
}

/// The PDF's creation time: `SOURCE_DATE_EPOCH` when set (reproducible builds), else the brief's
/// date at midnight UTC. Never the clock, so the same brief gives the same bytes.
fn timestamp(date: chrono::NaiveDate) -> Datetime {
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0));
    match from_env {
        Some(t) => {
            use chrono::{Datelike, Timelike};
            Datetime::from_ymd_hms(
                t.year(),
                t.month() as u8,
                t.day() as u8,
                t.hour() as u8,
                t.minute() as u8,
                t.second() as u8,
            )
            .unwrap_or_else(|| datetime(date))
        }
        None => {
            use chrono::Datelike;
            Datetime::from_ymd_hms(date.year(), date.month() as u8, date.day() as u8, 0, 0, 0)
                .unwrap_or_else(|| datetime(date))
        }
    }
}

/// A one-pager must fit on one page. When it does not, typeset it once more with `measure` set:
/// the template then records the height its content needs over the height the page has
/// (`<brief-fill>`), which says how much to cut. Only failing builds pay for the measuring.
fn check_fits(
    brief: &Brief,
    doc: &PagedDocument,
    world: &BriefWorld,
    data: &TemplateData,
) -> Result<(), Vec<Diagnostic>> {
    let pages = doc.pages().len();
    if pages <= 1 {
        return Ok(());
    }
    let mut data = data.clone();
    data.measure = true;
    let measured = world.with_file(world::data_file(&data));
    let fill = typeset(&measured).ok().and_then(|(doc, _)| {
        let label = Label::new(PicoStr::intern("brief-fill"))?;
        doc.introspector()
            .query_label(label)
            .ok()?
            .get_by_name("value")
            .ok()
    });
    let (ratio, lines) = match fill {
        Some(Value::Dict(d)) => {
            let num = |k: &str| match d.get(k) {
                Ok(Value::Float(f)) => *f,
                Ok(Value::Int(i)) => *i as f64,
                _ => 0.0,
            };
            (num("ratio"), num("lines"))
        }
        _ => (pages as f64, 0.0),
    };
    let problem = Problem::OnePagerOverflow {
        pages,
        percent: ((ratio - 1.0) * 100.0).ceil().max(1.0) as usize,
        lines: lines.ceil().max(1.0) as usize,
        longest: longest_sections(brief),
    };
    let span = brief
        .title
        .as_ref()
        .map_or(brief.top_span.clone(), |t| t.span.clone());
    Err(vec![Diagnostic::at(problem, &brief.file, span)])
}

/// The three longest sections of a one-pager by the words it prints (the texts of its reading,
/// [`texts::reading`], and only the first quote, the one it prints), to say where to cut.
fn longest_sections(b: &Brief) -> Vec<(String, usize)> {
    let words = |id: TextId, n: Option<usize>| -> usize {
        b.values(id, n)
            .iter()
            .filter_map(|(_, v)| v.markup())
            .map(|t| t.markup.plain_text().split_whitespace().count())
            .sum()
    };
    let first_quote = b.evidence.iter().position(|e| e.quote.is_some());
    let mut sections = Vec::new();
    for (part, ids) in texts::reading(Some(Kind::OnePager)) {
        let items: Vec<Option<&Spanned<String>>> = match part {
            Part::Evidence => b.evidence.iter().map(|e| e.id.as_ref()).collect(),
            Part::Ask => b.asks.iter().map(|a| a.id.as_ref()).collect(),
            _ => {
                for id in *ids {
                    let field = id.field();
                    let name = match (field.form.is_list(), id) {
                        (true, _) => format!("{}s", field.what),
                        (false, TextId::Statement) => format!("position {}", field.what),
                        _ => field.what.to_string(),
                    };
                    sections.push((name, words(*id, None)));
                }
                continue;
            }
        };
        let table = part.table().unwrap_or_default();
        for (n, item) in items.into_iter().enumerate() {
            let mut count: usize = ids.iter().map(|id| words(*id, Some(n))).sum();
            if ids.contains(&TextId::Quote) && first_quote == Some(n) {
                let quote = b.evidence[n].quote.as_ref();
                count += quote.map_or(0, |q| q.text.split_whitespace().count());
            }
            let id = item.map_or("?", |i| i.value.as_str());
            sections.push((format!("{table} \"{id}\""), count));
        }
    }
    sections.sort_by_key(|s| std::cmp::Reverse(s.1));
    sections.into_iter().filter(|s| s.1 > 0).take(3).collect()
}

/// Typst's diagnostics in ours, placed in the file and line they point at.
fn typst_diagnostics(world: &BriefWorld, diags: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    let mut files: HashMap<typst::syntax::FileId, Arc<SourceFile>> = HashMap::new();
    diags
        .iter()
        .map(|d| {
            // Typst's hints speak of its own command line; ours has no --root.
            let mut hints: Vec<String> = d
                .hints
                .iter()
                .map(|h| h.v.to_string())
                .filter(|h| !h.contains("--root"))
                .collect();
            if d.message.contains("outside of project root") || d.message.contains("access denied")
            {
                hints.push(
                    "templates read files only inside the workspace (the folder with briefs.toml)"
                        .into(),
                );
            }
            let problem = Problem::Typst {
                message: d.message.to_string(),
                hints,
                warning: d.severity == typst::diag::Severity::Warning,
            };
            let place = d.span.id().and_then(|id| {
                let range = world.range(d.span)?;
                let file = files
                    .entry(id)
                    .or_insert_with(|| {
                        let text = world
                            .source(id)
                            .map(|s| s.text().to_string())
                            .unwrap_or_default();
                        SourceFile::new(world.display_path(id), text)
                    })
                    .clone();
                Some((file, range))
            });
            match place {
                Some((file, range)) => Diagnostic::at(problem, &file, range),
                None => Diagnostic::bare(problem),
            }
        })
        .collect()
}
