//! WordprocessingML written as text: escaping, runs and paragraphs. Every string a brief holds
//! passes through [`text`] or [`attr`], so nothing it says is read as markup.

use std::fmt::Write;

/// How a run looks: the brief's emphasis and a citation style's looks, and a character style.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Look {
    pub italic: bool,
    pub bold: bool,
    pub small_caps: bool,
    pub underline: bool,
    pub superscript: bool,
    pub subscript: bool,
    /// A character style id (`Hyperlink`, `FootnoteReference`).
    pub style: Option<&'static str>,
    /// A colour, as six hex digits.
    pub colour: Option<&'static str>,
}

impl From<crate::rich::Look> for Look {
    fn from(l: crate::rich::Look) -> Look {
        use crate::rich::Script;
        Look {
            italic: l.italic,
            bold: l.bold,
            small_caps: l.small_caps,
            underline: l.underline,
            superscript: l.script == Some(Script::Super),
            subscript: l.script == Some(Script::Sub),
            ..Look::default()
        }
    }
}

/// Whether a character may stand in an XML 1.0 document: control characters other than tab
/// and line breaks may not (a TOML string can hold them as `\u0001`); they print as nothing.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text for element content: `&`, `<` and `>` escaped, characters XML forbids dropped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| allowed(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an attribute value: quotes escaped too, line breaks as spaces.
pub fn attr(s: &str) -> String {
    text(s)
        .replace('"', "&quot;")
        .replace(['\n', '\r', '\t'], " ")
}

/// One run of text in a look: tabs and line breaks as Word's own.
pub fn run(out: &mut String, s: &str, look: Look) {
    if s.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    props(out, look);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            // The space keeps the words apart for whatever reads the text.
            out.push_str("<w:t xml:space=\"preserve\"> </w:t><w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", text(piece));
            }
        }
    }
    out.push_str("</w:r>");
}

/// A run's properties, in the order the schema sets them.
pub fn props(out: &mut String, look: Look) {
    if look == Look::default() {
        return;
    }
    out.push_str("<w:rPr>");
    if let Some(style) = look.style {
        let _ = write!(out, "<w:rStyle w:val=\"{style}\"/>");
    }
    if look.bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    if look.italic {
        out.push_str("<w:i/><w:iCs/>");
    }
    if look.small_caps {
        out.push_str("<w:smallCaps/>");
    }
    if let Some(colour) = look.colour {
        let _ = write!(out, "<w:color w:val=\"{colour}\"/>");
    }
    if look.underline {
        out.push_str("<w:u w:val=\"single\"/>");
    }
    if look.superscript {
        out.push_str("<w:vertAlign w:val=\"superscript\"/>");
    } else if look.subscript {
        out.push_str("<w:vertAlign w:val=\"subscript\"/>");
    }
    out.push_str("</w:rPr>");
}

/// A paragraph in a style, around runs already written.
pub fn para(out: &mut String, style: &str, runs: &str) {
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{runs}</w:p>"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_brief_says_is_never_markup() {
        assert_eq!(text("a < b & c > d"), "a &lt; b &amp; c &gt; d");
        assert_eq!(attr("say \"hi\"\nthere"), "say &quot;hi&quot; there");
        assert_eq!(text("bell\u{7}\u{0}ok"), "bellok");
        let mut out = String::new();
        run(&mut out, "#set text(red)\t$x$", Look::default());
        assert_eq!(
            out,
            "<w:r><w:t xml:space=\"preserve\">#set text(red)</w:t><w:tab/><w:t xml:space=\"preserve\">$x$</w:t></w:r>"
        );
    }
}
