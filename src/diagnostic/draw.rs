//! A diagnostic drawn for people, like rustc draws its errors (annotate-snippets), and written for
//! programs as one JSON object.

use std::ops::Range;

use annotate_snippets::{Level, Renderer, Snippet};

use super::{Diagnostic, Severity};

impl Diagnostic {
    /// Draw it like rustc does, with the source line and a marker under the span.
    pub fn render(&self, color: bool) -> String {
        let title = self.problem.to_string();
        let level = match self.severity() {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let hints = self.problem.hints();
        let mut message = level.title(&title).id(self.problem.code());
        // Tabs are drawn as single spaces, which keeps byte offsets and lines the marker up.
        let shown = self
            .file
            .as_ref()
            .map(|f| f.text.replace('\t', " "))
            .unwrap_or_default();
        let origin = self.file.as_ref().map(|f| f.path.display().to_string());
        if let (Some(file), Some(span), Some(origin)) = (&self.file, &self.span, &origin) {
            message = message.snippet(
                Snippet::source(&shown)
                    .line_start(1)
                    .origin(origin)
                    .fold(true)
                    .annotation(Level::Error.span(drawable(&file.text, span))),
            );
        }
        let located = self.path.as_ref().map(|p| format!("in {}", p.display()));
        if let Some(l) = &located {
            message = message.footer(Level::Note.title(l));
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
        rendered
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
