//! What a workspace's own `.csl` style may ask of the formatter: hayagriva follows a style as it
//! is written, so a macro that calls itself, thousands of nested elements or macros that call
//! each other a million times over would exhaust the stack or the clock. A style is measured
//! before it is used and refused with the reason.

use std::collections::HashMap;

use hayagriva::citationberg::{IndependentStyle, LayoutRenderingElement as El, TextTarget};

/// The deepest nesting of XML elements a style may have (the styles of the CSL repository stay
/// under 20).
const MAX_DEPTH: usize = 100;
/// The most elements one citation or reference may unfold into, macros expanded: the largest
/// styles of the CSL repository unfold into a few thousand.
const MAX_EXPANSION: u64 = 1_000_000;

/// Whether a style's XML nests at most [`MAX_DEPTH`] elements deep: measured on the text, before
/// a parser that recurses reads it.
pub fn nesting(xml: &str) -> Result<(), String> {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let bytes = xml.as_bytes();
    let mut i = 0;
    while let Some(at) = xml[i..].find('<').map(|p| p + i) {
        let rest = &xml[at..];
        let end = rest.find('>').map_or(xml.len(), |e| at + e);
        if rest.starts_with("</") {
            depth = depth.saturating_sub(1);
        } else if !rest.starts_with("<?") && !rest.starts_with("<!") {
            let self_closing = end > at && bytes.get(end - 1) == Some(&b'/');
            if !self_closing {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        i = (end + 1).min(xml.len());
    }
    if deepest > MAX_DEPTH {
        return Err(format!(
            "its elements nest {deepest} deep; a style needs at most {MAX_DEPTH}"
        ));
    }
    Ok(())
}

/// Whether a style's macros call no macro that calls them back, and unfold into at most
/// [`MAX_EXPANSION`] elements in its citation and reference layouts.
pub fn macros(csl: &IndependentStyle) -> Result<(), String> {
    let index: HashMap<&str, usize> = csl
        .macros
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.as_str(), i))
        .collect();
    let calls: Vec<Vec<usize>> = csl
        .macros
        .iter()
        .map(|m| {
            let mut out = Vec::new();
            called(&m.children, &index, &mut out);
            out
        })
        .collect();
    // The elements each macro unfolds into, each macro measured once: a call graph that is no
    // tree (a macro called from many) is counted by its paths, as the formatter walks it.
    let mut sizes: Vec<Option<u64>> = vec![None; calls.len()];
    let mut on_path = vec![false; calls.len()];
    for m in 0..calls.len() {
        size(m, &calls, &mut sizes, &mut on_path, &csl.macros)?;
    }
    let mut layouts = vec![&csl.citation.layout.elements];
    layouts.extend(csl.bibliography.as_ref().map(|b| &b.layout.elements));
    for layout in layouts {
        let mut direct = Vec::new();
        called(layout, &index, &mut direct);
        let total = direct
            .iter()
            .map(|m| sizes[*m].unwrap_or(0))
            .fold(count(layout), u64::saturating_add);
        if total > MAX_EXPANSION {
            return Err(format!(
                "its macros unfold into over {MAX_EXPANSION} elements, more than any style needs"
            ));
        }
    }
    Ok(())
}

/// The elements macro `m` unfolds into, or the reason it cannot be used.
fn size(
    m: usize,
    calls: &[Vec<usize>],
    sizes: &mut Vec<Option<u64>>,
    on_path: &mut Vec<bool>,
    macros: &[hayagriva::citationberg::CslMacro],
) -> Result<u64, String> {
    if let Some(s) = sizes[m] {
        return Ok(s);
    }
    if on_path[m] {
        return Err(format!(
            "its macro \"{}\" calls itself, directly or through another",
            macros[m].name
        ));
    }
    on_path[m] = true;
    let mut total = count(&macros[m].children);
    for &callee in &calls[m] {
        total = total.saturating_add(size(callee, calls, sizes, on_path, macros)?);
        if total > MAX_EXPANSION {
            break;
        }
    }
    on_path[m] = false;
    sizes[m] = Some(total);
    Ok(total)
}

/// The macros a list of elements calls, once per call.
fn called(elements: &[El], index: &HashMap<&str, usize>, out: &mut Vec<usize>) {
    walk(elements, &mut |el| {
        if let El::Text(t) = el {
            if let TextTarget::Macro { name } = &t.target {
                out.extend(index.get(name.as_str()));
            }
        }
    });
}

/// How many elements a list holds, nested ones included.
fn count(elements: &[El]) -> u64 {
    let mut n = 0u64;
    walk(elements, &mut |_| n += 1);
    n
}

/// Every element of a list, nested ones included.
fn walk(elements: &[El], f: &mut dyn FnMut(&El)) {
    for el in elements {
        f(el);
        match el {
            El::Group(g) => walk(&g.children, f),
            El::Choose(c) => {
                walk(&c.if_.children, f);
                for branch in &c.else_if {
                    walk(&branch.children, f);
                }
                if let Some(o) = &c.otherwise {
                    walk(&o.children, f);
                }
            }
            El::Names(names) => {
                for child in &names.children {
                    if let hayagriva::citationberg::NamesChild::Substitute(s) = child {
                        walk(&s.children, f);
                    }
                }
            }
            El::Text(_) | El::Date(_) | El::Number(_) | El::Label(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_style_is_within_the_limits() {
        for style in hayagriva::archive::ArchivedStyle::all() {
            if let hayagriva::citationberg::Style::Independent(csl) = style.get() {
                assert_eq!(macros(&csl), Ok(()), "{}", style.names()[0]);
            }
        }
    }
}
