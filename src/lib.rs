//! brief: structured TOML policy briefs in, designed and accessible PDFs out.
//!
//! The pipeline, one module per stage: [`load`] (files → typed brief with spans), [`check`] (every
//! rule, all problems at once), [`cite`] (citations → the bibliography Typst reads), [`render`]
//! (brief → the data a template receives), [`world`] (the sandbox Typst compiles in) and [`pdf`]
//! (compile, export, write atomically). [`cli`] wires them to commands; every stage reports
//! through [`diagnostic::Diagnostic`].

pub mod check;
pub mod cite;
pub mod cli;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod pdf;
pub mod render;
pub mod schema;
pub mod world;
