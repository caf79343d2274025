//! Formatted citations as output-neutral rich text: what hayagriva renders becomes a small tree
//! of text runs (with their look), links, and the parts that point at a reference entry. The
//! Typst layouts and the HTML edition read the same tree.

use hayagriva::citationberg::{
    Display, FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign,
};
use hayagriva::{ElemChild, ElemChildren, ElemMeta, Formatting};

use crate::rich::{Look, Rich, Script};

impl From<Formatting> for Look {
    fn from(f: Formatting) -> Look {
        Look {
            italic: f.font_style == FontStyle::Italic,
            bold: f.font_weight == FontWeight::Bold,
            light: f.font_weight == FontWeight::Light,
            small_caps: f.font_variant == FontVariant::SmallCaps,
            underline: f.text_decoration == TextDecoration::Underline,
            script: match f.vertical_align {
                VerticalAlign::Sup => Some(Script::Super),
                VerticalAlign::Sub => Some(Script::Sub),
                _ => None,
            },
        }
    }
}

/// What conversion needs to know besides the elements.
pub struct Ctx<'a> {
    /// The key of each item of the citation being converted, by its index in the request
    /// (none for a reference entry); `None` for a source the reference list lacks (a style may
    /// have no list at all), whose part is then not a link.
    pub keys: &'a [Option<&'a str>],
    /// The locator of each item, as the brief wrote it: hayagriva leaves a placeholder where
    /// the style puts it, and the text is ours, printed as written.
    pub locators: &'a [Option<String>],
}

/// Rich text of rendered elements. `prefix` collects a reference's `left-margin` part (its
/// number in numeric styles); `trim` drops the leading space of a citation.
pub fn convert(
    ctx: &Ctx,
    children: &ElemChildren,
    mut prefix: Option<&mut Vec<Rich>>,
    trim: bool,
) -> Vec<Rich> {
    let mut out = Vec::new();
    let mut after_date = false;
    for (i, child) in children.0.iter().enumerate() {
        match child {
            // hayagriva 0.10 writes the prefix of a date whose parts are all missing: APA's
            // ", " before the month of a year-only date gives "(2023,)". A comma between a
            // date and its closing bracket is never meant.
            ElemChild::Text(f)
                if after_date && (f.text.starts_with(",)") || f.text.starts_with(",]")) =>
            {
                push_text(&mut out, &f.text[1..], f.formatting.into());
            }
            _ => one(ctx, child, prefix.as_deref_mut(), trim && i == 0, &mut out),
        }
        after_date = matches!(child, ElemChild::Elem(e) if e.meta == Some(ElemMeta::Date));
    }
    out
}

/// Rich text of one rendered element, appended to `out`.
pub fn one(
    ctx: &Ctx,
    child: &ElemChild,
    mut prefix: Option<&mut Vec<Rich>>,
    trim: bool,
    out: &mut Vec<Rich>,
) {
    match child {
        ElemChild::Text(f) => {
            let text = if trim { f.text.trim_start() } else { &f.text };
            push_text(out, text, f.formatting.into());
        }
        // Math in a source field: our entries never hold any (they are built as literal text),
        // so a custom style's markup is shown as the text it is.
        ElemChild::Markup(m) => push_text(out, m, Look::default()),
        ElemChild::Link { text, url } => {
            let mut content = Vec::new();
            push_text(&mut content, &text.text, text.formatting.into());
            out.push(Rich::Link {
                url: url.clone(),
                content,
            });
        }
        ElemChild::Transparent { cite_idx, format } => {
            if let Some(Some(locator)) = ctx.locators.get(*cite_idx) {
                push_text(out, locator, (*format).into());
            }
        }
        ElemChild::Elem(elem) => {
            let block = matches!(elem.display, Some(Display::Block | Display::Indent));
            let content = convert(
                ctx,
                &elem.children,
                if block { None } else { prefix.as_deref_mut() },
                false,
            );
            // `left-margin` is honoured at the top of a reference only, as citeproc-js does.
            if elem.display == Some(Display::LeftMargin) {
                if let Some(prefix) = prefix {
                    prefix.extend(content);
                    return;
                }
            }
            let mut content = content;
            if matches!(elem.meta, Some(ElemMeta::Names(_))) {
                et_al(&mut content);
            }
            let content = if block {
                vec![Rich::Block { content }]
            } else {
                content
            };
            let entry = match elem.meta {
                Some(ElemMeta::Entry(i)) => ctx.keys.get(i).copied().flatten(),
                _ => None,
            };
            match entry {
                Some(key) => out.push(Rich::Entry {
                    key: key.to_string(),
                    content,
                }),
                None => {
                    for r in content {
                        match r {
                            Rich::Text { text, look } => push_text(out, &text, look),
                            other => out.push(other),
                        }
                    }
                }
            }
        }
    }
}

/// The stand-in for authors not named, where a names list printed it, as "et al.": the
/// style's "and" (or "&") and comma before it dropped, since "et al." replaces the last name.
fn et_al(content: &mut Vec<Rich>) {
    const AND: &[&str] = &[
        "&", "and", "und", "et", "y", "e", "en", "och", "og", "i", "и", "a",
    ];
    let Some(at) = content
        .iter()
        .position(|r| matches!(r, Rich::Text { text, .. } if text.contains(super::ET_AL)))
    else {
        return;
    };
    let Rich::Text { text, look } = &content[at] else {
        return;
    };
    let (before, after) = text.split_once(super::ET_AL).unwrap_or((text, ""));
    let (before, after, look) = (before.to_string(), after.to_string(), *look);
    let tail: Vec<Rich> = content.drain(at..).skip(1).collect();
    if !before.is_empty() {
        content.push(Rich::Text { text: before, look });
    }
    // Trim the runs before it: spaces, one "and", spaces, a comma.
    let mut comma = false;
    let mut and_done = false;
    while let Some(Rich::Text { text, .. }) = content.last_mut() {
        let mut t = text.trim_end().to_string();
        if !and_done {
            if let Some(word) = AND.iter().find(|w| {
                t.strip_suffix(**w)
                    .is_some_and(|rest| rest.is_empty() || rest.ends_with([' ', '\u{a0}', ',']))
            }) {
                t.truncate(t.len() - word.len());
                t = t.trim_end().to_string();
                and_done = true;
            }
        }
        if let Some(rest) = t.strip_suffix(',') {
            t = rest.to_string();
            comma = true;
        }
        let empty = t.is_empty();
        *text = t;
        if !empty {
            break;
        }
        content.pop();
        if comma {
            break;
        }
    }
    let shown = if comma { ", et al." } else { " et al." };
    // A period the style puts after the names would double the abbreviation's.
    let mut tail = tail;
    let after = after.strip_prefix('.').unwrap_or(&after).to_string();
    if after.is_empty() {
        if let Some(Rich::Text { text, .. }) = tail.first_mut() {
            if let Some(rest) = text.strip_prefix('.') {
                *text = rest.to_string();
            }
        }
    }
    push_text(content, shown, Look::default());
    if !after.is_empty() {
        push_text(content, &after, look);
    }
    content.extend(tail);
}

/// Append text, joined to the run before when it looks the same.
fn push_text(out: &mut Vec<Rich>, text: &str, look: Look) {
    if text.is_empty() {
        return;
    }
    // The period after a names list, where "et al." ends it already.
    let ends_et_al =
        matches!(out.last(), Some(Rich::Text { text, .. }) if text.ends_with("et al."));
    let text = match text.strip_prefix('.') {
        Some(rest) if ends_et_al => rest,
        _ => text,
    };
    if text.is_empty() {
        return;
    }
    if let Some(Rich::Text {
        text: last,
        look: l,
    }) = out.last_mut()
    {
        if *l == look {
            last.push_str(text);
            return;
        }
    }
    out.push(Rich::Text {
        text: text.to_string(),
        look,
    });
}
