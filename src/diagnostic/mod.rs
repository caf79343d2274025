//! The one report type every stage speaks: a [`Problem`] (what is wrong, worded once, in the
//! catalogue of `problems.rs`) placed in a source file, drawn against that source the way rustc and
//! cargo draw their errors (`draw.rs`).

mod draw;
mod problems;
mod table;
mod wording;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use draw::inert;
pub use problems::Problem;

/// A text file that diagnostics point into, with its lines indexed once.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user should read it (relative to the current folder where possible).
    pub path: PathBuf,
    /// The full text.
    pub text: String,
    line_starts: Vec<usize>,
    /// The characters before each block of [`BLOCK`] bytes: a column on a long line (a CSL-JSON
    /// export is one line of megabytes) is counted from the nearest block, not the line's start.
    chars_before: Vec<usize>,
}

/// The bytes of a block of [`SourceFile::chars_before`].
const BLOCK: usize = 4096;

impl SourceFile {
    /// Index a file's text for line and column lookups.
    pub fn new(path: PathBuf, text: String) -> Arc<Self> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut chars_before = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut count = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            chars_before.push(count);
            // A character starts at every byte that is not a continuation byte.
            count += block.iter().filter(|b| (**b & 0xC0) != 0x80).count();
        }
        Arc::new(Self {
            path: display_path(&path),
            text,
            line_starts,
            chars_before,
        })
    }

    /// The byte range of a 1-based line, without its line break.
    pub fn line_span(&self, line: usize) -> std::ops::Range<usize> {
        let i = line.saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[i];
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |e| e.saturating_sub(1));
        start..end.max(start)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.chars_to(offset) - self.chars_to(start);
        (line + 1, col + 1)
    }

    /// The characters before a byte offset, counted from the nearest block.
    fn chars_to(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let before = self.chars_before.get(block).copied().unwrap_or(0);
        let from = (block * BLOCK).min(self.text.len());
        let to = offset.min(self.text.len());
        before
            + self.text.as_bytes()[from..to]
                .iter()
                .filter(|b| (**b & 0xC0) != 0x80)
                .count()
    }
}

/// An I/O error in our lower-case wording.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s);
            s.to_lowercase()
        }
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; the brief still builds.
    Warning,
    /// The brief cannot be built.
    Error,
}

/// A best-effort id made from any text: `"Meta Reports"` → `"meta-reports"`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The closest of `candidates` to `word`, if any is close enough to be what was meant.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        // Equal scores go to the name that sorts first, so the suggestion never varies by run.
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| visible(c))
}

/// A name with its invisible characters (zero-width spaces, joiners, direction marks, controls)
/// written as `\u{200b}`, so that a suggestion never looks like the very word it corrects.
pub fn visible(name: &str) -> String {
    name.chars()
        .map(|c| {
            let invisible = c.is_control()
                || matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0xAD);
            if invisible {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A problem placed in a file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// What is wrong (boxed: diagnostics travel in `Result`s, and problems are large).
    pub problem: Box<Problem>,
    /// Where, when it is known.
    pub file: Option<Arc<SourceFile>>,
    /// Byte range in `file`.
    pub span: Option<Range<usize>>,
    /// A file to name when there is no source text to show (a missing file, a binary file).
    pub path: Option<PathBuf>,
    /// The library entry this problem is in, when no brief cites it: then it is only a warning
    /// (`brief cite check`), and it stops no build.
    pub uncited: Option<String>,
}

impl Diagnostic {
    /// A problem at a span of a file.
    pub fn at(problem: Problem, file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        Self {
            problem: Box::new(problem),
            file: Some(file.clone()),
            span: Some(span),
            path: None,
            uncited: None,
        }
    }

    /// A problem about a file as a whole (no usable text to point into).
    pub fn about(problem: Problem, path: &Path) -> Self {
        Self {
            problem: Box::new(problem),
            file: None,
            span: None,
            path: Some(display_path(path)),
            uncited: None,
        }
    }

    /// A problem with no place at all.
    pub fn bare(problem: Problem) -> Self {
        Self {
            problem: Box::new(problem),
            file: None,
            span: None,
            path: None,
            uncited: None,
        }
    }

    /// Error or warning: a problem in a library entry no brief cites is only a warning.
    pub fn severity(&self) -> Severity {
        match self.uncited {
            Some(_) => Severity::Warning,
            None => self.problem.severity(),
        }
    }

    /// The same problem, in a library entry (`key`) no brief cites.
    pub fn uncited(mut self, key: &str) -> Self {
        self.uncited = Some(key.to_string());
        self
    }

    /// The file name shown for this diagnostic.
    pub fn file_name(&self) -> Option<String> {
        self.file
            .as_ref()
            .map(|f| f.path.display().to_string())
            .or_else(|| self.path.as_ref().map(|p| p.display().to_string()))
    }

    /// 1-based start and end (line, column), when placed.
    pub fn position(&self) -> Option<((usize, usize), (usize, usize))> {
        let (file, span) = (self.file.as_ref()?, self.span.as_ref()?);
        Some((file.line_col(span.start), file.line_col(span.end)))
    }

    /// Sort key: file, then position; unplaced ones first.
    pub fn sort_key(&self) -> (Option<String>, usize) {
        (self.file_name(), self.span.as_ref().map_or(0, |s| s.start))
    }
}

/// Paths are shown relative to the current folder when they are inside it.
pub fn display_path(path: &Path) -> PathBuf {
    let abs: PathBuf = std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    std::env::current_dir()
        .ok()
        .and_then(|cwd| abs.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p
            }
        })
        .unwrap_or_else(|| path.to_path_buf())
}
