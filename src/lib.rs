//! brief: structured TOML policy briefs in, designed and accessible PDFs (and web pages) out.
//!
//! The pipeline, one module per stage: [`load`] (files → typed brief with spans), [`check`] (every
//! rule, all problems at once), [`render`] (brief → the one [`render::TemplateData`] every edition
//! receives, its citations formatted by [`cite`]) and [`edition`] (the PDF through Typst, the HTML
//! page, the Word file, behind one trait); [`compare`] tells what changed between two versions
//! of a brief (`brief diff`, sign-offs). [`project`] is the one entry the command line ([`cli`]) calls: it finds
//! and loads the briefs of a run once and offers check, build, pack and the library's operations.
//! Beneath the stages: [`model`] (the typed brief, and in [`model::texts`] the catalogue of its
//! texts), [`markup`] (text fields), [`rich`] (formatted citations), [`paths`] (the workspace's
//! paths and atomic writes), [`fonts`], [`limits`], [`watchdog`] (what no check can bound: a
//! template's time and the process's memory), and [`diagnostic::Diagnostic`], through which
//! every stage reports. [`preview`] serves `brief serve`. `docs/architecture.md` draws it.

pub mod check;
pub mod cite;
pub mod cli;
pub mod compare;
pub mod diagnostic;
pub mod edition;
pub mod fonts;
pub mod kept;
pub mod limits;
pub mod load;
pub mod markup;
pub mod model;
pub mod paths;
pub mod preview;
pub mod project;
pub mod render;
pub mod rich;
pub mod schema;
pub mod watchdog;
