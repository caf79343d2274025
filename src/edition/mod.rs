//! The editions a brief is built as, behind one interface: each takes the same rendered
//! [`TemplateData`] and makes the bytes of one file. The build loop asks [`Edition::maker`] for
//! each edition a build wants and knows nothing of any of them; adding an edition is a module
//! here, a value of [`Edition`] and its arm in [`Edition::maker`].

pub mod docx;
pub mod html;
pub mod pdf;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
pub use crate::model::Edition;
use crate::model::{Brief, Choice, Workspace};
use crate::render::TemplateData;
use pdf::Standard;

/// Everything an edition is made from: one brief that passed its checks, its workspace and its
/// template data, and the settings of the build.
pub struct Job<'a> {
    /// The brief, for its path, template and language.
    pub brief: &'a Brief,
    /// Its workspace, the only place an edition reads files from.
    pub workspace: &'a Workspace,
    /// The data every edition prints.
    pub data: &'a TemplateData,
    /// PDF standards beyond PDF/UA-1 (`--pdf-standard`).
    pub standards: &'a [Standard],
    /// Every edition this build writes, and where: an edition may link another (the web page
    /// links its PDF).
    pub targets: &'a [(Edition, PathBuf)],
}

impl Job<'_> {
    /// The file name another edition of this build is written to, if this build writes it.
    pub fn sibling(&self, edition: Edition) -> Option<String> {
        let (_, path) = self.targets.iter().find(|(e, _)| *e == edition)?;
        Some(path.file_name()?.to_string_lossy().into_owned())
    }
}

/// One edition's file, made in memory: a brief whose editions do not all succeed writes none.
pub struct Made {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its page count, for an edition that has pages.
    pub pages: Option<usize>,
    /// Warnings met on the way (Typst's, placed in their files).
    pub warnings: Vec<Diagnostic>,
}

/// An edition: how it names its file, what it reads and how it makes its bytes.
pub trait Maker: Sync {
    /// The extension of the file it writes (`pdf`); also the marker `paths::replaceable` looks
    /// for before replacing a file of that name.
    fn extension(&self) -> &'static str;

    /// What one of its files is called in a summary ("PDF": "built 3 briefs (3 PDFs and …)").
    fn noun(&self) -> &'static str;

    /// Make the file's bytes. Every workspace file read on the way, found or not, is added to
    /// `read`: `watch` rebuilds when one changes.
    fn make(&self, job: &Job, read: &mut Vec<PathBuf>) -> Result<Made, Vec<Diagnostic>>;

    /// Whether a file's bytes are this edition's, written by this tool: only such a file is
    /// ever replaced.
    fn ours(&self, bytes: &[u8]) -> bool;
}

impl Edition {
    /// The maker of this edition.
    pub fn maker(self) -> &'static dyn Maker {
        match self {
            Edition::Pdf => &pdf::Pdf,
            Edition::Html => &html::Html,
            Edition::Docx => &docx::Docx,
        }
    }

    /// The file this edition of a brief is written to in a folder: `briefs/x.toml` →
    /// `DIR/x.pdf`.
    pub fn target(self, dir: &Path, brief: &Path) -> PathBuf {
        let stem = brief
            .file_stem()
            .map_or_else(|| "brief".into(), |s| s.to_string_lossy().into_owned());
        dir.join(format!("{stem}.{}", self.maker().extension()))
    }

    /// The editions a build writes, in the order they are made (the format's order: the PDF
    /// first, so that the page can link it), each once.
    pub fn in_order(wanted: &[Edition]) -> Vec<Edition> {
        Edition::ALL
            .iter()
            .copied()
            .filter(|e| wanted.contains(e))
            .collect()
    }
}

/// An address as people write it, as every edition prints one: no scheme, no `www.`, no final
/// slash.
pub fn bare_url(url: &str) -> String {
    url.trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/')
        .to_string()
}

/// A phone number as a `tel:` address: its digits, with a leading `+` if it has one.
pub fn tel(phone: &str) -> String {
    let plus = phone.trim_start().starts_with('+');
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    format!("{}{digits}", if plus { "+" } else { "" })
}
