//! brief: structured TOML policy briefs in, designed and accessible PDFs out.
//!
//! The pipeline, one module per stage: [`load`] (files → typed brief with spans), [`check`] (every
//! rule, all problems at once), [`render`] (brief → the one [`render::TemplateData`] every output
//! receives), [`cite`] (citations → the bibliography Typst reads), [`world`] (the sandbox Typst
//! compiles in) and [`pdf`] (compile, export). [`project`] is the one entry the command line
//! ([`cli`]) calls: it finds and loads the briefs of a run once and offers check, build, pack and
//! the library's operations. Beside the stages: [`model`] (the typed brief), [`markup`] (text
//! fields), [`paths`] (the workspace's paths and atomic writes), [`fonts`], [`preview`] (`brief serve`), and
//! [`diagnostic::Diagnostic`], through which every stage reports. `docs/architecture.md` draws it.

pub mod check;
pub mod cite;
pub mod cli;
pub mod diagnostic;
pub mod edition;
pub mod fonts;
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
