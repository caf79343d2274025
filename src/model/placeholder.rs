//! `{{column}}` placeholders of a data brief: where they are, and every text of a brief with
//! them filled in from a row. A value goes in as plain text, after the markup is read, so that
//! `*`, `#` or `[@x]` in a row prints as written. `{{ "{{" }}` writes two braces.

use std::ops::Range;

use super::{Brief, Chart, Citation, Person, StatRef, Text};
use crate::markup::{Block, Inline, Markup};

/// Around a row's value in a filled text: typography leaves what is between as written (a
/// name's straight apostrophe stays straight), and takes the marks out.
pub const VALUE_START: char = '\u{E010}';
/// The end of a row's value.
pub const VALUE_END: char = '\u{E011}';

/// A text without the marks around row values.
pub fn unmarked(text: &str) -> String {
    text.replace([VALUE_START, VALUE_END], "")
}

/// One `{{…}}` of a text: a column, or a quoted literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Column(&'a str),
    Literal(&'a str),
}

/// Every placeholder of a text, with its byte range.
pub fn scan(text: &str) -> Vec<(Range<usize>, Piece<'_>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let inner_start = open + 2;
        // A quoted literal may hold braces: `{{ "}}" }}`.
        let rest = &text[inner_start..];
        let trimmed = rest.trim_start();
        let lead = rest.len() - trimmed.len();
        let literal = trimmed
            .strip_prefix('"')
            .and_then(|t| t.find('"').map(|q| &t[..q]))
            .and_then(|lit| {
                let after = inner_start + lead + 1 + lit.len() + 1;
                let tail = &text[after..];
                let close = tail.len() - tail.trim_start().len();
                tail.trim_start()
                    .starts_with("}}")
                    .then_some((lit, after + close + 2))
            });
        if let Some((lit, end)) = literal {
            out.push((open..end, Piece::Literal(lit)));
            from = end;
            continue;
        }
        let Some(close) = text[inner_start..].find("}}").map(|i| inner_start + i) else {
            break;
        };
        let name = text[inner_start..close].trim();
        if !name.is_empty() && !name.contains('{') && !name.contains('\n') {
            out.push((open..close + 2, Piece::Column(name)));
            from = close + 2;
        } else {
            from = inner_start;
        }
    }
    out
}

/// The column of a text that is one placeholder and nothing else (`"{{waiting_2024}}"`).
pub fn whole(text: &str) -> Option<&str> {
    match scan(text.trim()).as_slice() {
        [(r, Piece::Column(name))] if r.start == 0 && r.end == text.trim().len() => Some(name),
        _ => None,
    }
}

/// A text with its placeholders filled: a column by `value`, a literal as written.
pub fn fill(text: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let found = scan(text);
    if found.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, piece) in found {
        out.push_str(&text[at..r.start]);
        match piece {
            Piece::Column(c) => match value(c) {
                Some(v) => out.push_str(&v),
                None => out.push_str(&text[r.clone()]),
            },
            Piece::Literal(l) => out.push_str(l),
        }
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

impl Brief {
    /// Every text of the brief passed through `f`: its lines, its markup's words (not its
    /// links' addresses or citation keys), its figures, quotes and charts, its people, and its
    /// own sources' names and titles (without value marks: the citation style sets them).
    pub fn map_texts(&mut self, f: &dyn Fn(&str) -> String) {
        let line = |s: &mut String| *s = f(s);
        let opt = |s: &mut Option<String>| {
            if let Some(s) = s {
                *s = f(s);
            }
        };
        if let Some(t) = &mut self.title {
            line(&mut t.value);
        }
        for s in [&mut self.subtitle, &mut self.label, &mut self.place] {
            opt(s);
        }
        self.audience.iter_mut().for_each(line);
        self.keywords.iter_mut().for_each(line);
        for p in self.authors.iter_mut().chain(self.contact.as_mut()) {
            person(p, f);
        }
        if let Some(p) = &mut self.position {
            for t in p
                .statement
                .iter_mut()
                .chain(p.key_messages.iter_mut())
                .chain(p.context.iter_mut())
            {
                text(t, f);
            }
        }
        for e in &mut self.evidence {
            for t in e.claim.iter_mut().chain(e.detail.iter_mut()) {
                text(t, f);
            }
            if let Some(StatRef::Inline { value, label }) = &mut e.stat {
                line(value);
                line(label);
            }
            if let Some(q) = &mut e.quote {
                line(&mut q.text);
                opt(&mut q.speaker);
                opt(&mut q.role);
            }
            if let Some(c) = &mut e.chart {
                chart(c, f);
            }
        }
        for a in &mut self.asks {
            if let Some(t) = &mut a.to {
                line(&mut t.value);
            }
            for t in a.action.iter_mut().chain(a.rationale.iter_mut()) {
                text(t, f);
            }
        }
        // The brief's own sources: the citation style sets them, so their values go in plain.
        for c in &mut self.citations {
            citation(c, &|s| unmarked(&f(s)));
        }
    }
}

fn citation(c: &mut Citation, f: &dyn Fn(&str) -> String) {
    c.title = f(&c.title);
    let names = c
        .author
        .iter_mut()
        .chain(&mut c.editor)
        .chain(&mut c.translator);
    names.for_each(|s| *s = f(s));
    let fields = [
        &mut c.genre,
        &mut c.publisher,
        &mut c.place,
        &mut c.court,
        &mut c.section,
        &mut c.container,
        &mut c.pages,
    ];
    for s in fields.into_iter().flatten() {
        *s = f(s);
    }
}

fn person(p: &mut Person, f: &dyn Fn(&str) -> String) {
    for s in [
        &mut p.name,
        &mut p.role,
        &mut p.email,
        &mut p.phone,
        &mut p.url,
    ]
    .into_iter()
    .flatten()
    {
        *s = f(s);
    }
}

fn chart(c: &mut Chart, f: &dyn Fn(&str) -> String) {
    c.title.value = f(&c.title.value);
    for l in &mut c.labels {
        l.value = f(&l.value);
    }
    for s in [&mut c.unit, &mut c.alt].into_iter().flatten() {
        *s = f(s);
    }
    if let Some(h) = &mut c.highlight {
        h.value = f(&h.value);
    }
    for s in &mut c.series {
        if let Some(n) = &mut s.name {
            *n = f(n);
        }
    }
}

fn text(t: &mut Text, f: &dyn Fn(&str) -> String) {
    markup(&mut t.markup, f);
}

fn markup(m: &mut Markup, f: &dyn Fn(&str) -> String) {
    for b in &mut m.blocks {
        match b {
            Block::Para { content } => inlines(content, f),
            Block::List { items, .. } => items.iter_mut().for_each(|i| inlines(i, f)),
        }
    }
}

fn inlines(items: &mut [Inline], f: &dyn Fn(&str) -> String) {
    for i in items {
        match i {
            Inline::Text { text } => *text = f(text),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Inserted { content }
            | Inline::Deleted { content }
            | Inline::Link { content, .. } => inlines(content, f),
            Inline::Cite { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_filled_and_escaped() {
        let t = "In {{ riding }}, {{waiting_2024}} wait; {{ \"{{\" }}x}} stays; {{ nope";
        let found: Vec<Piece> = scan(t).into_iter().map(|(_, p)| p).collect();
        assert_eq!(
            found,
            [
                Piece::Column("riding"),
                Piece::Column("waiting_2024"),
                Piece::Literal("{{")
            ]
        );
        let row = |c: &str| match c {
            "riding" => Some("Kings—Hants, *N.S.* [@x] #1".to_string()),
            _ => None,
        };
        assert_eq!(
            fill(t, &row),
            "In Kings—Hants, *N.S.* [@x] #1, {{waiting_2024}} wait; {{x}} stays; {{ nope"
        );
        assert_eq!(whole(" {{ waiting_2024 }} "), Some("waiting_2024"));
        assert_eq!(whole("{{a}} and {{b}}"), None);
    }
}
