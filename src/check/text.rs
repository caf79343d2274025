//! Printable text: every string a layout prints must be showable, in some font and without
//! control characters.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Problem, SourceFile};
use crate::model::*;

/// Values that are never printed as text: ids, keys, paths, settings.
const NOT_PRINTED: &[&str] = &[
    "id",
    "sources",
    "evidence",
    "template",
    "language",
    "kind",
    "status",
    "type",
    "url",
    "doi",
    "keywords",
    "paper",
    "accent",
    "citation-style",
    "library",
    "dir",
    "logo",
    "source",
    "accessed",
    "date",
    "by",
    "as-of",
];

/// Every string a layout prints must be showable: no control characters, and every character in
/// some embedded or workspace font (else Typst cannot make an accessible PDF of it).
pub fn characters(file: &Arc<SourceFile>, root: &Path, out: &mut Vec<Diagnostic>) {
    let Ok(tree) = crate::load::tree::parse(&file.text) else {
        return;
    };
    // The fonts are loaded only for a character outside the set every embedded font covers:
    // most briefs never need them here, and a build then parses them while it does other work.
    let fonts = std::cell::OnceCell::new();
    walk_strings(&tree, false, &mut |text, span| {
        let map = crate::load::offset_map(file, &span, text);
        text_characters(file, text, map.base, &span, root, &fonts, out);
    });
}

/// The characters of a data file's lines (a data brief's rows), as [`characters`] checks a
/// brief's texts: each problem at its place.
pub fn line_characters(file: &Arc<SourceFile>, root: &Path, out: &mut Vec<Diagnostic>) {
    let fonts = std::cell::OnceCell::new();
    let mut at = 0;
    for line in file.text.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        text_characters(
            file,
            text,
            Some(at),
            &(at..at + text.len()),
            root,
            &fonts,
            out,
        );
        at += line.len();
    }
}

/// One text's first control character, or else its characters no font shows; `base` is where
/// it starts in the file, when it is written there as it reads.
fn text_characters(
    file: &Arc<SourceFile>,
    text: &str,
    base: Option<usize>,
    span: &std::ops::Range<usize>,
    root: &Path,
    fonts: &std::cell::OnceCell<std::sync::Arc<typst_kit::fonts::FontStore>>,
    out: &mut Vec<Diagnostic>,
) {
    let at = |offset: usize, len: usize| match base {
        Some(base) => base + offset..base + offset + len,
        None => span.clone(),
    };
    if let Some((i, c)) = text
        .char_indices()
        .find(|(_, c)| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || forbidden(*c))
    {
        out.push(Diagnostic::at(
            Problem::ControlChar { code: c as u32 },
            file,
            at(i, c.len_utf8()),
        ));
        return;
    }
    let mut missing = text.char_indices().filter(|(_, c)| {
        !c.is_whitespace()
            && !is_invisible(*c)
            && !always_shown(*c)
            && !crate::fonts::can_show(fonts.get_or_init(|| crate::fonts::fonts_for(root)), *c)
    });
    if let Some((i, c)) = missing.next() {
        let mut others: Vec<char> = missing.map(|(_, c)| c).filter(|o| *o != c).collect();
        others.sort_unstable();
        others.dedup();
        out.push(Diagnostic::at(
            Problem::Unshowable {
                ch: c,
                more: others.len(),
            },
            file,
            at(i, c.len_utf8()),
        ));
    }
}

/// Characters the embedded serif shows (a test holds it to that): Latin with its accents, and the
/// punctuation, dashes, quotes and signs of running text.
fn always_shown(c: char) -> bool {
    matches!(c as u32,
        0x20..=0x7E | 0xA0..=0x17F | 0x2010..=0x2026 | 0x2030 | 0x2032 | 0x2033 | 0x2039 | 0x203A
        | 0x20AC | 0x2122 | 0x2212)
}

/// A text given on the command line for a page to print (`pack --title`): one line within
/// [`crate::limits::LINE_LIMIT`] characters, none of them a control character or one a PDF
/// may not hold.
pub fn option_text(option: &'static str, text: &str) -> Option<Diagnostic> {
    let limit = crate::limits::LINE_LIMIT;
    let len = text.chars().count();
    let why = if len > limit {
        format!("{len} characters is over the limit of {limit}")
    } else if let Some(c) = text.chars().find(|c| c.is_control() || forbidden(*c)) {
        format!("character U+{:04X} cannot be printed", c as u32)
    } else if text.trim().is_empty() {
        "the text is empty".into()
    } else {
        return None;
    };
    Some(Diagnostic::bare(Problem::BadOptionText { option, why }))
}

/// Characters no text of a PDF may hold (PDF/UA): a byte-order mark inside the text (U+FEFF)
/// and Unicode's non-characters, which editors show as nothing and Typst refuses.
fn forbidden(c: char) -> bool {
    let n = c as u32;
    n == 0xFEFF || (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Joiners and variation selectors: they shape neighbouring characters and need no glyph of their own.
fn is_invisible(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFE00..=0xFE0F | 0xFEFF | 0xAD)
}

fn walk_strings(node: &crate::load::tree::Node, skip: bool, f: &mut dyn FnMut(&str, Range<usize>)) {
    use crate::load::tree::Val;
    match &node.val {
        Val::Str(s) if !skip => f(s, node.span.clone()),
        Val::Array(items) => items.iter().for_each(|n| walk_strings(n, skip, f)),
        Val::Table(entries) => {
            for e in entries {
                walk_strings(&e.node, NOT_PRINTED.contains(&e.key.as_str()), f);
            }
        }
        _ => {}
    }
}

/// The printable text of the library entries (and figures) a brief uses: a library may hold
/// entries in any script, but those a brief cites must be showable in its PDF.
pub(super) fn library_characters(b: &Brief, ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let cited = b.cited_keys(ws);
    let used_stats: Vec<&str> = b
        .evidence
        .iter()
        .filter_map(|e| match &e.stat {
            Some(StatRef::Library(id)) => Some(id.value.as_str()),
            _ => None,
        })
        .collect();
    let mut spans: Vec<(&Arc<SourceFile>, Range<usize>)> = ws
        .citations
        .iter()
        .filter(|c| cited.contains(&c.id.value))
        .map(|c| (&c.file, c.span.clone()))
        .collect();
    spans.extend(
        ws.stats
            .iter()
            .filter(|s| used_stats.contains(&s.id.value.as_str()))
            .map(|s| (&s.file, s.span.clone())),
    );
    let mut files: Vec<&Arc<SourceFile>> = Vec::new();
    for (f, _) in &spans {
        if !files.iter().any(|seen| Arc::ptr_eq(seen, f))
            && f.path.extension().is_some_and(|e| e == "toml")
        {
            files.push(f);
        }
    }
    for f in files {
        let mut found = Vec::new();
        characters(f, &ws.root, &mut found);
        // Keep what lies inside an entry this brief uses.
        out.extend(found.into_iter().filter(|d| {
            d.span.as_ref().is_some_and(|span| {
                spans
                    .iter()
                    .any(|(sf, s)| Arc::ptr_eq(sf, f) && s.start <= span.start && span.end <= s.end)
            })
        }));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_fonts_show_every_character_assumed_shown() {
        let fonts = crate::fonts::fonts_for(std::path::Path::new("/nonexistent-workspace"));
        let missing: Vec<char> = (0u32..0x3000)
            .filter_map(char::from_u32)
            .filter(|c| super::always_shown(*c) && !crate::fonts::can_show(&fonts, *c))
            .collect();
        assert!(missing.is_empty(), "not in the embedded fonts: {missing:?}");
    }
}
