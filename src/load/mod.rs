//! Stage one: files on disk become a typed [`Brief`] and [`Workspace`], with every key's span and
//! every shape problem (syntax, types, unknown keys, missing keys, enum values) reported at once.

mod bibtex;
mod brief;
mod citation;
mod csljson;
pub mod data;
mod latex;
pub mod library;
mod tidy;
pub mod translation;
pub mod tree;
mod workspace;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{io_message, Diagnostic, Problem, SourceFile};
use crate::markup::OffsetMap;
use crate::model::*;
use tree::{Node, Val};

pub use citation::parse_partial_date;
pub use workspace::{brief_paths, library_files, workspace};

/// A brief as loaded, with the problems found on the way.
pub struct Loaded<T> {
    /// The value, as far as it could be read; `None` when the file could not be read or parsed.
    pub value: Option<T>,
    /// Everything wrong with it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Read a text file, refusing missing, huge, binary and non-UTF-8 files with a diagnostic.
pub fn read_source(path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    read_source_within(path, crate::limits::MAX_FILE_SIZE)
}

/// [`read_source`] for a file that may be up to `limit` bytes: a library exported whole.
pub fn read_source_within(path: &Path, limit: u64) -> Result<Arc<SourceFile>, Diagnostic> {
    let io = |e: std::io::Error| {
        let problem = Problem::Io {
            path: crate::diagnostic::display_path(path).display().to_string(),
            action: "read",
            error: io_message(&e),
        };
        Diagnostic::about(problem, path)
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    // A folder cannot be read as text, a pipe would block the read forever and a device never
    // end it.
    if !meta.is_file() {
        let path_shown = crate::diagnostic::display_path(path).display().to_string();
        return Err(Diagnostic::about(
            Problem::NotAFile { path: path_shown },
            path,
        ));
    }
    if meta.len() > limit {
        return Err(Diagnostic::about(
            Problem::TooLarge {
                size: meta.len(),
                limit,
            },
            path,
        ));
    }
    let bytes = crate::paths::read_capped(path, limit).map_err(io)?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            // Show the line with the bad byte: the text before it is valid, so offsets agree.
            let offset = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = SourceFile::new(path.to_path_buf(), lossy);
            return Err(Diagnostic::at(
                Problem::NotUtf8 { offset },
                &file,
                offset..offset + '\u{fffd}'.len_utf8(),
            ));
        }
    };
    // A byte-order mark is harmless; editors on Windows add one.
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(SourceFile::new(path.to_path_buf(), text))
}

/// Parse a source as TOML, reporting empty files and syntax errors.
pub(crate) fn parse_toml(file: &Arc<SourceFile>, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    if file.text.trim().is_empty() {
        diags.push(Diagnostic::at(Problem::Empty, file, 0..0));
        return None;
    }
    match tree::parse(&file.text) {
        Ok(node) => Some(node),
        Err((message, span)) => {
            diags.push(Diagnostic::at(Problem::Syntax { message }, file, span));
            None
        }
    }
}

/// Load one brief file.
pub fn brief(path: &Path) -> Loaded<Brief> {
    brief_or_source(path, false)
}

/// Load a brief; as the source of a translation (`source`), a translation is not read further:
/// two translations of each other would otherwise load each other forever.
fn brief_or_source(path: &Path, source: bool) -> Loaded<Brief> {
    let mut diags = Vec::new();
    let file = match read_source(path) {
        Ok(f) => f,
        Err(d) => {
            return Loaded {
                value: None,
                diagnostics: vec![d],
            }
        }
    };
    let Some(root) = parse_toml(&file, &mut diags) else {
        return Loaded {
            value: None,
            diagnostics: diags,
        };
    };
    if matches!(&root.val, Val::Table(e) if e.iter().any(|e| e.key == "translation-of")) {
        if source {
            return Loaded {
                value: None,
                diagnostics: vec![translation::not_a_source()],
            };
        }
        return translation::read(&file, path, &root, diags);
    }
    let brief = brief::read_brief(&file, path, &root, &mut diags);
    Loaded {
        value: Some(brief),
        diagnostics: diags,
    }
}

/// Where a string value's text starts in the file, when it is written without escapes, so that
/// citations inside it can be pointed at exactly.
pub(crate) fn offset_map(
    file: &SourceFile,
    span: &std::ops::Range<usize>,
    value: &str,
) -> OffsetMap {
    let raw = file.text.get(span.clone()).unwrap_or("");
    let base = ["\"\"\"", "'''", "\"", "'"].iter().find_map(|q| {
        let inner = raw.strip_prefix(q)?.strip_suffix(q)?;
        let skip = if q.len() == 3 {
            if inner.starts_with("\r\n") {
                2
            } else {
                usize::from(inner.starts_with('\n'))
            }
        } else {
            0
        };
        (&inner[skip..] == value).then_some(span.start + q.len() + skip)
    });
    OffsetMap {
        base,
        whole: span.clone(),
    }
}

pub(crate) fn to_text(file: &SourceFile, s: Spanned<String>) -> Text {
    let map = offset_map(file, &s.span, &s.value);
    Text {
        markup: Markup::parse(&s.value, &map),
        span: s.span,
    }
}
