//! The markup of text fields: paragraphs, `- ` and `1. ` lists, `*emphasis*`, `**strong**`,
//! `[text](url)` links and `[@key, locator; @other]` citations. Everything else is literal text.
//!
//! This is deliberately not CommonMark: there `#`, `>`, `_`, `\`, four-space indents and `---`
//! are markup, and the format promises they print as themselves.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A list being gathered: (ordered, first number, items as their lines with offsets).
type OpenList<'a> = Option<(bool, u64, Vec<Vec<(usize, &'a str)>>)>;

/// A parsed text field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Markup {
    /// Paragraphs and lists, in order.
    pub blocks: Vec<Block>,
}

/// A paragraph or a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// Running text.
    Para { content: Vec<Inline> },
    /// A bullet (`- `) or numbered (`1. `) list.
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Inline>>,
    },
}

/// A piece of running text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Inline {
    /// Literal text, shown exactly as written. Templates also receive `long-word`
    /// (see [`text_run`]).
    #[serde(serialize_with = "text_run")]
    Text { text: String },
    /// `*emphasis*`.
    Emph { content: Vec<Inline> },
    /// `**strong**`.
    Strong { content: Vec<Inline> },
    /// Words a redline marks as added since the version compared with (never in a brief's
    /// own text).
    Inserted { content: Vec<Inline> },
    /// Words a redline marks as taken out since the version compared with.
    Deleted { content: Vec<Inline> },
    /// `[text](url)`.
    Link {
        url: String,
        content: Vec<Inline>,
        #[serde(skip)]
        span: Range<usize>,
    },
    /// `[@a, p. 4; @b]`: one or more citations.
    Cite {
        refs: Vec<CiteRef>,
        /// The citation formatted in the workspace's style (by `cite::format`); none
        /// where the layout does not show it.
        shown: Option<crate::rich::Shown>,
        /// Whether it is read as part of a sentence ("Housing Agency (2024)") rather than
        /// set apart ("(Housing Agency, 2024)"): a chart's source line. Never in a brief's text.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        prose: bool,
    },
}

/// A run of text as templates receive it: with `long-word` ([`crate::limits::has_long_word`])
/// worked out here, so that a layout sets only those runs in breakable pieces. Searching each
/// run in the template cost more than a tenth of its evaluation.
fn text_run<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    #[serde(rename_all = "kebab-case")]
    struct Run<'a> {
        text: &'a str,
        long_word: bool,
    }
    Run {
        text,
        long_word: crate::limits::has_long_word(text),
    }
    .serialize(s)
}

/// One citation inside `[@...]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CiteRef {
    /// The citation key.
    pub key: String,
    /// Page or section, as written after the comma (`p. 4`).
    pub locator: Option<String>,
    /// Where the key is, in the source file.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// Maps offsets in the parsed string back to the source file.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// Where the string's first byte is in the file, when the string is written without escapes.
    pub base: Option<usize>,
    /// The whole value's span, used when offsets cannot be mapped exactly.
    pub whole: Range<usize>,
}

impl OffsetMap {
    fn map(&self, r: Range<usize>) -> Range<usize> {
        match self.base {
            Some(b) => b + r.start..b + r.end,
            None => self.whole.clone(),
        }
    }
}

impl Markup {
    /// Parse a text field.
    pub fn parse(text: &str, map: &OffsetMap) -> Self {
        let mut blocks = Vec::new();
        let mut para: Vec<(usize, &str)> = Vec::new();
        let mut list: OpenList = None;

        let flush_para = |para: &mut Vec<(usize, &str)>, blocks: &mut Vec<Block>| {
            if !para.is_empty() {
                blocks.push(Block::Para {
                    content: inline_lines(para, map),
                });
                para.clear();
            }
        };
        let flush_list = |list: &mut OpenList, blocks: &mut Vec<Block>| {
            if let Some((ordered, start, items)) = list.take() {
                let items = items.iter().map(|lines| inline_lines(lines, map)).collect();
                blocks.push(Block::List {
                    ordered,
                    start,
                    items,
                });
            }
        };

        let mut offset = 0;
        for raw in text.split_inclusive('\n') {
            let line_start = offset;
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            let indent = line.len() - line.trim_start().len();
            let trimmed = line.trim();
            if trimmed.is_empty() {
                flush_para(&mut para, &mut blocks);
                flush_list(&mut list, &mut blocks);
                continue;
            }
            let content_start = line_start + indent;
            if let Some((ordered, number, marker_len)) = list_marker(trimmed) {
                flush_para(&mut para, &mut blocks);
                if list.as_ref().is_some_and(|(o, _, _)| *o != ordered) {
                    flush_list(&mut list, &mut blocks);
                }
                let body = &trimmed[marker_len..];
                let body_start = content_start + marker_len;
                match &mut list {
                    Some((_, _, items)) => items.push(vec![(body_start, body)]),
                    None => list = Some((ordered, number, vec![vec![(body_start, body)]])),
                }
            } else if let Some((_, _, items)) = &mut list {
                // A line under a list item continues that item.
                if let Some(last) = items.last_mut() {
                    last.push((content_start, trimmed));
                }
            } else {
                para.push((content_start, trimmed));
            }
        }
        flush_para(&mut para, &mut blocks);
        flush_list(&mut list, &mut blocks);
        Markup { blocks }
    }

    /// Every citation in the field, in order.
    pub fn citations(&self) -> Vec<&CiteRef> {
        self.citation_groups().into_iter().flatten().collect()
    }

    /// Every citation group (`[@a; @b]`) in the field, in order.
    pub fn citation_groups(&self) -> Vec<&[CiteRef]> {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Para { content } => collect_cites(content, &mut out),
                Block::List { items, .. } => items.iter().for_each(|i| collect_cites(i, &mut out)),
            }
        }
        out
    }

    /// Every link in the field, as (url, span).
    pub fn links(&self) -> Vec<(&str, Range<usize>)> {
        fn walk<'a>(inlines: &'a [Inline], out: &mut Vec<(&'a str, Range<usize>)>) {
            for i in inlines {
                match i {
                    Inline::Link { url, content, span } => {
                        out.push((url, span.clone()));
                        walk(content, out);
                    }
                    Inline::Emph { content }
                    | Inline::Strong { content }
                    | Inline::Inserted { content }
                    | Inline::Deleted { content } => walk(content, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Para { content } => walk(content, &mut out),
                Block::List { items, .. } => items.iter().for_each(|i| walk(i, &mut out)),
            }
        }
        out
    }

    /// Each paragraph and list item as text without markup (citations left out): what is read
    /// as sentences.
    pub fn paragraphs(&self) -> Vec<String> {
        let mut out = Vec::new();
        for block in &self.blocks {
            let items = match block {
                Block::Para { content } => std::slice::from_ref(content),
                Block::List { items, .. } => items.as_slice(),
            };
            for item in items {
                let mut s = String::new();
                plain_inlines(item, &mut s);
                out.push(s);
            }
        }
        out
    }

    /// The text without markup, for word counts and metadata.
    pub fn plain_text(&self) -> String {
        self.paragraphs().join(" ").trim().to_string()
    }
}

fn collect_cites<'a>(inlines: &'a [Inline], out: &mut Vec<&'a [CiteRef]>) {
    for i in inlines {
        match i {
            Inline::Cite { refs, .. } => out.push(refs),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Inserted { content }
            | Inline::Deleted { content }
            | Inline::Link { content, .. } => collect_cites(content, out),
            Inline::Text { .. } => {}
        }
    }
}

/// `- ` → bullet; `12. ` or `12) ` → numbered from 12. Returns (ordered, start, marker length).
fn list_marker(line: &str) -> Option<(bool, u64, usize)> {
    if line.starts_with("- ") {
        return Some((false, 1, 2));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some((true, line[..digits].parse().ok()?, digits + 2));
        }
    }
    None
}

/// Join the lines of a paragraph or item with single spaces and parse the inline markup.
fn inline_lines(lines: &[(usize, &str)], map: &OffsetMap) -> Vec<Inline> {
    let mut joined = String::new();
    let mut segments = Vec::new();
    for (i, (start, line)) in lines.iter().enumerate() {
        if i > 0 {
            joined.push(' ');
        }
        segments.push((joined.len(), *start));
        joined.push_str(line);
    }
    let to_source = |pos: usize| {
        let seg = segments
            .partition_point(|(j, _)| *j <= pos)
            .saturating_sub(1);
        let (j, s) = segments[seg];
        s + pos.saturating_sub(j)
    };
    let parser = InlineParser {
        text: &joined,
        to_source: &to_source,
        map,
        in_link: std::cell::Cell::new(false),
    };
    merge_text(parser.parse(0, joined.len()))
}

struct InlineParser<'a> {
    text: &'a str,
    to_source: &'a dyn Fn(usize) -> usize,
    map: &'a OffsetMap,
    /// Inside a link's text, where a link is text: no format nests links, and links nested
    /// deep would run a template out of depth.
    in_link: std::cell::Cell<bool>,
}

impl InlineParser<'_> {
    fn span(&self, start: usize, end: usize) -> Range<usize> {
        self.map.map((self.to_source)(start)..(self.to_source)(end))
    }

    fn parse(&self, start: usize, end: usize) -> Vec<Inline> {
        let s = self.text;
        let mut out = Vec::new();
        let mut lit = String::new();
        let mut i = start;
        while i < end {
            let rest = &s[i..end];
            if rest.starts_with("[@") {
                if let Some(close) = rest.find(']') {
                    if let Some(refs) = self.citations(i + 1, i + close) {
                        push_lit(&mut out, &mut lit);
                        out.push(Inline::Cite {
                            refs,
                            shown: None,
                            prose: false,
                        });
                        i += close + 1;
                        continue;
                    }
                }
            }
            if rest.starts_with('[') && !self.in_link.get() {
                if let Some((text_end, url_start, url_end)) = link_parts(rest) {
                    let url = &rest[url_start..url_end];
                    push_lit(&mut out, &mut lit);
                    self.in_link.set(true);
                    let content = self.parse(i + 1, i + text_end);
                    self.in_link.set(false);
                    out.push(Inline::Link {
                        url: url.to_string(),
                        content,
                        span: self.span(i + url_start, i + url_end),
                    });
                    i += url_end + 1;
                    continue;
                }
            }
            let inside_word = s[..i].chars().last().is_some_and(char::is_alphanumeric);
            if let Some(after) = rest.strip_prefix("**") {
                // Not inside a word: 5**2**3 stays text, like 2*3*4.
                let closes_inside = |len: usize| {
                    after[len + 2..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
                };
                if let Some(len) =
                    delimited(after, "**").filter(|l| !inside_word && !closes_inside(*l))
                {
                    push_lit(&mut out, &mut lit);
                    out.push(Inline::Strong {
                        content: self.parse(i + 2, i + 2 + len),
                    });
                    i += len + 4;
                    continue;
                }
            } else if let Some(after) = rest.strip_prefix('*') {
                // Not inside a word or number: 2*3*4 is arithmetic, not emphasis.
                let closes_inside = |len: usize| {
                    after[len + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
                };
                if let Some(len) =
                    delimited(after, "*").filter(|l| !inside_word && !closes_inside(*l))
                {
                    push_lit(&mut out, &mut lit);
                    out.push(Inline::Emph {
                        content: self.parse(i + 1, i + 1 + len),
                    });
                    i += len + 2;
                    continue;
                }
            }
            let c = rest.chars().next().unwrap_or(' ');
            // A tab has no width in type; it separates words like a space.
            lit.push(if c == '\t' { ' ' } else { c });
            i += c.len_utf8();
        }
        push_lit(&mut out, &mut lit);
        out
    }

    /// `@a, p. 4; @b` between `[` and `]`, or `None` if it is not only citations.
    fn citations(&self, start: usize, end: usize) -> Option<Vec<CiteRef>> {
        let inner = &self.text[start..end];
        let mut refs = Vec::new();
        let mut offset = start;
        for part in inner.split(';') {
            let lead = part.len() - part.trim_start().len();
            let p = part.trim();
            let body = p.strip_prefix('@')?;
            let key_len = body
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || "-_:./".contains(*c)))
                .map_or(body.len(), |(i, _)| i);
            let key = body[..key_len].trim_end_matches(['.', ':', '/']);
            if key.is_empty() {
                return None;
            }
            let after = body[key.len()..].trim_start();
            let locator = match after.strip_prefix(',') {
                Some(l) if !l.trim().is_empty() => Some(l.trim().to_string()),
                Some(_) => None,
                None if after.is_empty() => None,
                None => return None,
            };
            let key_start = offset + lead + 1;
            refs.push(CiteRef {
                key: key.to_string(),
                locator,
                span: self.span(key_start - 1, key_start + key.len()),
            });
            offset += part.len() + 1;
        }
        Some(refs)
    }
}

/// For `[text](url)` at the start of `s`: (end of text, start of url, end of url).
fn link_parts(s: &str) -> Option<(usize, usize, usize)> {
    let mut depth = 0;
    let mut text_end = None;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    text_end = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let text_end = text_end?;
    if text_end == 1 || !s[text_end + 1..].starts_with('(') {
        return None;
    }
    let url_start = text_end + 2;
    // A URL may hold balanced parentheses: https://en.wikipedia.org/wiki/Foo_(bar).
    let mut depth = 0;
    let url_len = s[url_start..].char_indices().find_map(|(i, c)| match c {
        '(' => {
            depth += 1;
            None
        }
        ')' if depth == 0 => Some(i),
        ')' => {
            depth -= 1;
            None
        }
        _ => None,
    })?;
    let url = &s[url_start..url_start + url_len];
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    Some((text_end, url_start, url_start + url_len))
}

/// Length of the content before the closing `delim`, if the span reads as emphasis: not empty, no
/// space just inside either delimiter.
fn delimited(s: &str, delim: &str) -> Option<usize> {
    if s.starts_with(char::is_whitespace) || s.starts_with('*') {
        return None;
    }
    let mut from = 0;
    while let Some(pos) = s[from..].find(delim) {
        let end = from + pos;
        let before_ok = end > 0 && !s[..end].ends_with(char::is_whitespace);
        // For single `*`, skip over `**` pairs that belong to strong text inside.
        let is_double = delim == "*" && s[end..].starts_with("**");
        if before_ok && !is_double {
            return Some(end);
        }
        from = end + if is_double { 2 } else { delim.len() };
        if from >= s.len() {
            break;
        }
    }
    None
}

fn push_lit(out: &mut Vec<Inline>, lit: &mut String) {
    if !lit.is_empty() {
        out.push(Inline::Text {
            text: std::mem::take(lit),
        });
    }
}

fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for i in inlines {
        if let (Some(Inline::Text { text: prev }), Inline::Text { text }) = (out.last_mut(), &i) {
            prev.push_str(text);
        } else {
            out.push(i);
        }
    }
    out
}

/// An absolute http(s) URL with a host, of at most [`crate::limits::URL_LIMIT`] bytes.
pub fn is_web_url(url: &str) -> bool {
    if url.len() > crate::limits::URL_LIMIT {
        return false;
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && !url.contains(char::is_whitespace)
            && (host.contains('.') || host.starts_with("localhost"))
    })
}

/// A plain e-mail address: one `@`, a local part, a domain with a dot, no spaces or scheme.
pub fn is_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
                && !email.contains([':', '/', '<', '>', '(', ')', ',', ';', '"'])
        }
        None => false,
    }
}

/// The words of inlines without their looks, citations left out.
pub fn plain_inlines(items: &[Inline], out: &mut String) {
    inline_text(items, out, &|_, _| {});
}

/// The words of inlines without their looks, each citation as `cite` writes it.
pub fn inline_text(items: &[Inline], out: &mut String, cite: &dyn Fn(&Inline, &mut String)) {
    for i in items {
        match i {
            Inline::Text { text } => out.push_str(text),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Inserted { content }
            | Inline::Deleted { content }
            | Inline::Link { content, .. } => inline_text(content, out, cite),
            Inline::Cite { .. } => cite(i, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Markup {
        Markup::parse(
            s,
            &OffsetMap {
                base: Some(0),
                whole: 0..s.len(),
            },
        )
    }

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    #[test]
    fn a_run_of_text_tells_templates_whether_it_holds_a_word_too_long_for_a_line() {
        let long = |s: &str| serde_json::to_value(text(s)).unwrap()["long-word"].clone();
        // 24 letters fit a line; 25 may not. Characters count, not bytes.
        assert_eq!(long(&"a".repeat(24)), false);
        assert_eq!(long(&format!("see {}", "a".repeat(25))), true);
        assert_eq!(long(&"é".repeat(13)), false);
        assert_eq!(long(&"é".repeat(25)), true);
        assert_eq!(
            long("https://example.org/reports/2024/annual-report.pdf"),
            true
        );
        // Any white space ends a word: a French number set with narrow no-break spaces.
        assert_eq!(
            long("1\u{202F}000\u{202F}000\u{202F}000\u{202F}000\u{202F}000\u{202F}000"),
            false
        );
        let value = serde_json::to_value(text("x")).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"kind": "text", "text": "x", "long-word": false})
        );
    }

    #[test]
    fn typst_and_markdown_syntax_is_literal() {
        let s = "#read(\"/etc/passwd\") $x^2$ #let <label> @ref \\ // not a comment _x_ `c` # h";
        assert_eq!(
            parse(s).blocks,
            vec![Block::Para {
                content: vec![text(s)]
            }]
        );
    }

    #[test]
    fn emphasis_strong_link_and_citations() {
        let m = parse("a *b* **c** [d](https://e.org) [@k, p. 4; @l]");
        let Block::Para { content } = &m.blocks[0] else {
            panic!("not a paragraph")
        };
        assert_eq!(
            content[1],
            Inline::Emph {
                content: vec![text("b")]
            }
        );
        assert_eq!(
            content[3],
            Inline::Strong {
                content: vec![text("c")]
            }
        );
        assert!(matches!(&content[5], Inline::Link { url, .. } if url == "https://e.org"));
        let cites = m.citations();
        assert_eq!(cites.len(), 2);
        assert_eq!(cites[0].key, "k");
        assert_eq!(cites[0].locator.as_deref(), Some("p. 4"));
        assert_eq!(cites[0].span, 32..34);
        assert_eq!(cites[1].key, "l");
    }

    #[test]
    fn lone_stars_and_brackets_stay_text() {
        let s = "5 * 3 and [note] and [@ not a cite] and a*";
        assert_eq!(
            parse(s).blocks,
            vec![Block::Para {
                content: vec![text(s)]
            }]
        );
    }

    #[test]
    fn urls_keep_balanced_parentheses_and_arithmetic_stays_text() {
        let plain = "5**2**3 and **bold**text and *x*y";
        assert_eq!(
            parse(plain).blocks,
            vec![Block::Para {
                content: vec![text(plain)]
            }]
        );
        let m = parse("[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) and 2*3*4\tend");
        let Block::Para { content } = &m.blocks[0] else {
            panic!("not a paragraph")
        };
        assert!(
            matches!(&content[0], Inline::Link { url, .. } if url == "https://en.wikipedia.org/wiki/Foo_(bar)")
        );
        assert_eq!(content[1], text(" and 2*3*4 end"));
    }

    #[test]
    fn paragraphs_and_lists() {
        let m = parse("first\nline\n\n- one\n  more\n- two\n\n3. three\n4. four");
        assert_eq!(m.blocks.len(), 3);
        assert_eq!(
            m.blocks[0],
            Block::Para {
                content: vec![text("first line")]
            }
        );
        let Block::List {
            ordered: false,
            items,
            ..
        } = &m.blocks[1]
        else {
            panic!()
        };
        assert_eq!(items[0], vec![text("one more")]);
        assert!(matches!(
            m.blocks[2],
            Block::List {
                ordered: true,
                start: 3,
                ..
            }
        ));
    }
}
