//! A diagnostic drawn for people, like rustc draws its errors (annotate-snippets), and written for
//! programs as one JSON object.

use std::ops::Range;

use annotate_snippets::{Level, Renderer, Snippet};

use super::{Diagnostic, Severity, SourceFile};

impl Diagnostic {
    /// Draw it like rustc does, with the source line and a marker under the span.
    pub fn render(&self, color: bool) -> String {
        // Nothing a file holds or names reaches the terminal as a control sequence.
        let title = inert(&self.problem.to_string());
        let level = match self.severity() {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let hints: Vec<String> = self.problem.hints().iter().map(|h| inert(h)).collect();
        let mut message = level.title(&title).id(self.problem.code());
        // Only the lines the span covers are drawn: a file with thousands of problems is drawn
        // in time proportional to what is shown, not to the file once per problem.
        let excerpt = match (&self.file, &self.span) {
            (Some(file), Some(span)) => Some(excerpt(file, &drawable(&file.text, span))),
            _ => None,
        };
        let origin = self
            .file
            .as_ref()
            .map(|f| inert(&f.path.display().to_string()));
        if let (Some(e), Some(origin)) = (&excerpt, &origin) {
            message = message.snippet(
                Snippet::source(&e.shown)
                    .line_start(e.first_line)
                    .origin(origin)
                    .fold(true)
                    .annotation(Level::Error.span(e.span.clone())),
            );
        }
        let located = self
            .path
            .as_ref()
            .map(|p| format!("in {}", inert(&p.display().to_string())));
        if let Some(l) = &located {
            message = message.footer(Level::Note.title(l));
        }
        let uncited = self.uncited.as_ref().map(|key| {
            format!(
                "no brief cites \"{}\", so this stops no build until one does",
                inert(key)
            )
        });
        if let Some(u) = &uncited {
            message = message.footer(Level::Note.title(u));
        }
        for hint in &hints {
            message = message.footer(Level::Help.title(hint));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        // Bound before it is returned: the rendering borrows the locals above, which a tail
        // expression's temporaries would outlive.
        let rendered = renderer.render(message).to_string();
        match (&excerpt, &origin) {
            (
                Some(
                    e @ Excerpt {
                        column: Some(column),
                        ..
                    },
                ),
                Some(origin),
            ) => true_column(rendered, origin, e.first_line, *column),
            _ => rendered,
        }
    }

    /// One JSON object: file, line, column, end, severity, code, message, hint.
    pub fn to_json(&self) -> serde_json::Value {
        let pos = self.position();
        serde_json::json!({
            "file": self.file_name(),
            "line": pos.map(|p| p.0 .0),
            "column": pos.map(|p| p.0 .1),
            "end": pos.map(|p| serde_json::json!({ "line": p.1 .0, "column": p.1 .1 })),
            "severity": match self.severity() { Severity::Error => "error", Severity::Warning => "warning" },
            "code": self.problem.code(),
            "message": self.problem.to_string(),
            "hint": Some(self.problem.hints().join("\n")).filter(|h| !h.is_empty()),
        })
    }
}

/// How much of a long line is drawn either side of a span, in bytes.
const CONTEXT: usize = 80;
/// How much of a long span is drawn, in bytes: enough to see where it starts.
const SPAN_DRAWN: usize = 400;

/// What of a file is drawn under a diagnostic.
struct Excerpt {
    /// The text drawn, made safe to print.
    shown: String,
    /// The number of its first line.
    first_line: usize,
    /// The span within `shown`.
    span: Range<usize>,
    /// The span's true column, where the line's start is left out (annotate-snippets would
    /// count from the cut).
    column: Option<usize>,
}

/// The lines a span covers, made safe to print, the number of the first, and the span within
/// them. Tabs and control characters are drawn as spaces, byte for byte, so the marker stays
/// under the text it points at and no escape sequence reaches the terminal. A long line (a
/// CSL-JSON export is one line) is cut to [`CONTEXT`] either side and a long span to
/// [`SPAN_DRAWN`]: drawing the whole line for each of thousands of problems took minutes.
fn excerpt(file: &SourceFile, span: &Range<usize>) -> Excerpt {
    let text = &file.text;
    let mut span = span.clone();
    if span.len() > SPAN_DRAWN {
        span.end = ceil_boundary(text, span.start + SPAN_DRAWN);
    }
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let start = if span.start - line_start > CONTEXT {
        floor_boundary(text, span.start - CONTEXT)
    } else {
        line_start
    };
    let end = if line_end - span.end > CONTEXT {
        ceil_boundary(text, span.end + CONTEXT)
    } else {
        line_end
    };
    // From the file's index of lines: counting them here would read the file once per problem.
    let (first_line, column) = file.line_col(span.start);
    let cut_left = start > line_start;
    let mut shown = String::from(if cut_left { "..." } else { "" });
    let lead = shown.len();
    shown.extend(text[start..end].chars().flat_map(|c| {
        let blank =
            c != '\n' && (c.is_control() || matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069));
        let n = if blank { c.len_utf8() } else { 0 };
        std::iter::repeat_n(' ', n).chain((!blank).then_some(c))
    }));
    if end < line_end {
        shown.push_str("...");
    }
    Excerpt {
        shown,
        first_line,
        span: span.start - start + lead..span.end - start + lead,
        column: cut_left.then_some(column),
    }
}

/// The drawing with the column of `origin:line:` made the file's, where the excerpt was cut.
fn true_column(rendered: String, origin: &str, line: usize, column: usize) -> String {
    let at = format!("{origin}:{line}:");
    let Some(i) = rendered.find(&at).map(|i| i + at.len()) else {
        return rendered;
    };
    let digits = rendered[i..].bytes().take_while(u8::is_ascii_digit).count();
    format!("{}{column}{}", &rendered[..i], &rendered[i + digits..])
}

/// The start of the character at or before byte `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The end of the character at or after byte `i`, within the text.
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A line for a terminal: every control character (escape sequences among them) and every
/// direction override written as its code, `\u{1b}`.
pub fn inert(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let unsafe_char = (c.is_control() && c != '\n')
                || matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069);
            let text = if unsafe_char {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            };
            text.chars().collect::<Vec<_>>()
        })
        .collect()
}

/// A span annotate-snippets can draw: inside the text and on whole characters.
fn drawable(text: &str, span: &Range<usize>) -> Range<usize> {
    // An empty span at the end of a file still needs one character to point at.
    let mut span = span.clone();
    if span.start >= text.len() {
        span = text.len().saturating_sub(1)..text.len();
    }
    // Spans from other tools may fall inside a character; widen them to whole ones.
    while span.start > 0 && !text.is_char_boundary(span.start) {
        span.start -= 1;
    }
    span.end = span.end.clamp(span.start, text.len());
    while span.end < text.len() && !text.is_char_boundary(span.end) {
        span.end += 1;
    }
    span
}
