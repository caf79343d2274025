//! What a `.bib` file may ask of its reader before the reader sees it: BibTeX's `@string`
//! macros may join each other (`@string{b = a # a}`), so thirty lines can spell a text of
//! gigabytes, and an entry's `crossref` or `xdata` may lead back to itself, which the reader
//! follows until the stack runs out. One pass over the text measures both.

use std::collections::HashMap;
use std::ops::Range;

/// The longest text an `@string` macro may stand for (a journal's name is a few dozen bytes).
const MAX_MACRO: u64 = 100_000;
/// The longest chain of `crossref`/`xdata` an entry may start (a paper in proceedings in a
/// series is three).
const MAX_CHAIN: usize = 16;

/// A reason to refuse the file and where, or nothing.
pub fn check(text: &str) -> Result<(), (String, Range<usize>)> {
    let mut macros: HashMap<String, u64> = HashMap::new();
    let mut links: Vec<(String, Vec<String>, Range<usize>)> = Vec::new();
    for (kind, body, span) in items(text) {
        match kind.as_str() {
            "string" => {
                let Some((name, value)) = body.split_once('=') else {
                    continue;
                };
                let len = value_len(value, &macros);
                if len > MAX_MACRO {
                    let name = name.trim();
                    return Err((
                        format!("@string \"{name}\" stands for over {MAX_MACRO} characters"),
                        span,
                    ));
                }
                macros.insert(name.trim().to_lowercase(), len);
            }
            "preamble" | "comment" => {}
            _ => {
                let key = body.split(',').next().unwrap_or("").trim().to_string();
                let targets = fields(body, &["crossref", "xdata"]);
                if !targets.is_empty() {
                    links.push((key, targets, span));
                }
            }
        }
    }
    chains(&links)
}

/// Each `@kind{…}` of the text: its kind in lower case, what is between its delimiters, and its
/// span.
pub(super) fn items(text: &str) -> Vec<(String, &str, Range<usize>)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = text[i..].find('@').map(|p| p + i) {
        let kind_end = text[at + 1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .map_or(text.len(), |p| at + 1 + p);
        let kind = text[at + 1..kind_end].to_ascii_lowercase();
        let open = text[kind_end..]
            .find(|c: char| !c.is_whitespace())
            .map(|p| kind_end + p);
        let Some(open) = open.filter(|o| matches!(bytes[*o], b'{' | b'(')) else {
            i = kind_end.max(at + 1);
            continue;
        };
        let close_char = if bytes[open] == b'{' { b'}' } else { b')' };
        let mut depth = 0usize;
        let mut end = text.len();
        for (j, &b) in bytes.iter().enumerate().skip(open + 1) {
            match b {
                b'{' => depth += 1,
                b'}' if depth > 0 => depth -= 1,
                _ if b == close_char && depth == 0 => {
                    end = j;
                    break;
                }
                _ => {}
            }
        }
        out.push((kind, &text[open + 1..end], at..(end + 1).min(text.len())));
        i = (end + 1).min(text.len());
    }
    out
}

/// The length of a macro's value: its parts joined by `#`, each a `{…}` or `"…"` text, a number
/// or another macro's name.
fn value_len(value: &str, macros: &HashMap<String, u64>) -> u64 {
    let mut total = 0u64;
    let mut depth = 0usize;
    let mut in_quotes = false;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in value.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '"' if depth == 0 => in_quotes = !in_quotes,
            '#' if depth == 0 && !in_quotes => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    for part in parts {
        let part = part.trim();
        let len = if part.starts_with(['{', '"']) || part.starts_with(|c: char| c.is_ascii_digit())
        {
            part.len() as u64
        } else {
            macros
                .get(&part.to_lowercase())
                .copied()
                .unwrap_or(part.len() as u64)
        };
        total = total.saturating_add(len);
    }
    total
}

/// The keys named by fields of an entry's body (`crossref = {a}`, `xdata = {b, c}`).
fn fields(body: &str, names: &[&str]) -> Vec<String> {
    let lower = body.to_ascii_lowercase();
    let mut out = Vec::new();
    for name in names {
        let mut from = 0;
        while let Some(at) = lower[from..].find(name).map(|p| p + from) {
            from = at + name.len();
            let before_ok = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
            let rest = lower[from..].trim_start();
            if !before_ok || !rest.starts_with('=') {
                continue;
            }
            let value = rest[1..].trim_start();
            let value = value.trim_start_matches(['{', '"']);
            let end = value.find(['}', '"', '\n']).unwrap_or(value.len());
            out.extend(
                value[..end]
                    .split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_string),
            );
        }
    }
    out
}

/// No entry's `crossref`/`xdata` leads back to it or runs longer than [`MAX_CHAIN`].
fn chains(links: &[(String, Vec<String>, Range<usize>)]) -> Result<(), (String, Range<usize>)> {
    let index: HashMap<String, usize> = links
        .iter()
        .enumerate()
        .map(|(i, (k, _, _))| (k.to_lowercase(), i))
        .collect();
    // The longest chain from each entry, found once: `None` while it is being followed.
    let mut longest: Vec<Option<Option<usize>>> = vec![None; links.len()];
    fn follow(
        i: usize,
        links: &[(String, Vec<String>, Range<usize>)],
        index: &HashMap<String, usize>,
        longest: &mut Vec<Option<Option<usize>>>,
        depth: usize,
    ) -> Result<usize, (String, Range<usize>)> {
        match longest[i] {
            Some(Some(n)) => return Ok(n),
            Some(None) => {
                let (key, _, span) = &links[i];
                return Err((
                    format!("entry \"{key}\" leads back to itself through crossref or xdata"),
                    span.clone(),
                ));
            }
            None => {}
        }
        if depth > MAX_CHAIN {
            let (key, _, span) = &links[i];
            return Err((
                format!("entry \"{key}\" is at the end of a crossref chain over {MAX_CHAIN} long"),
                span.clone(),
            ));
        }
        longest[i] = Some(None);
        let mut n = 0;
        for target in &links[i].1 {
            if let Some(&t) = index.get(&target.to_lowercase()) {
                n = n.max(1 + follow(t, links, index, longest, depth + 1)?);
            }
        }
        longest[i] = Some(Some(n));
        Ok(n)
    }
    for i in 0..links.len() {
        follow(i, links, &index, &mut longest, 0)?;
    }
    Ok(())
}

/// The text with every macro name in lower case where it is defined and used (`@string{NewYork
/// = …}` used as `newyork`): BibTeX reads macro names in any case, hayagriva's reader in one.
/// Letters change case in place, so every span stays true.
pub(super) fn fold_macro_case(text: &str) -> std::borrow::Cow<'_, str> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let items = items(text);
    let mut names: std::collections::HashSet<String> =
        MONTHS.iter().map(|m| m.to_string()).collect();
    for (kind, body, _) in &items {
        if kind == "string" {
            if let Some((name, _)) = body.split_once('=') {
                names.insert(name.trim().to_ascii_lowercase());
            }
        }
    }
    let mut fixes: Vec<Range<usize>> = Vec::new();
    for (kind, body, range) in &items {
        if kind == "comment" || kind == "preamble" {
            continue;
        }
        // Where the body starts in the text: after `@kind{`.
        let Some(start) = text[range.clone()]
            .find(['{', '('])
            .map(|p| range.start + p + 1)
        else {
            continue;
        };
        let bytes = body.as_bytes();
        let (mut depth, mut quoted, mut after_op) = (0usize, false, kind == "string");
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b'"' if depth == 0 => quoted = !quoted,
                b'=' | b'#' if depth == 0 && !quoted => after_op = true,
                b',' if depth == 0 && !quoted => after_op = false,
                _ if depth == 0 && !quoted && after_op && b.is_ascii_alphabetic() => {
                    let end = bytes[i..]
                        .iter()
                        .position(|c| {
                            !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b':' | b'.'))
                        })
                        .map_or(bytes.len(), |p| i + p);
                    let word = &body[i..end];
                    // A name being defined (`@string{Name = …}`) is folded too.
                    if names.contains(&word.to_ascii_lowercase())
                        && word.bytes().any(|c| c.is_ascii_uppercase())
                    {
                        fixes.push(start + i..start + end);
                    }
                    after_op = false;
                    i = end;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        if kind == "string" {
            if let Some(eq) = body.find('=') {
                let name = body[..eq].trim();
                let at = body[..eq].find(name).unwrap_or(0);
                if name.bytes().any(|c| c.is_ascii_uppercase()) {
                    fixes.push(start + at..start + at + name.len());
                }
            }
        }
    }
    if fixes.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for r in fixes {
        let lower = out[r.clone()].to_ascii_lowercase();
        out.replace_range(r, &lower);
    }
    std::borrow::Cow::Owned(out)
}

/// The text with what hayagriva's reader refuses or loses made readable, every byte count kept
/// so that every span stays true: a `year` written as a date stamp ("Fri, 10 Jan 2003 12:00:00
/// GMT", as Better BibTeX exports it) becomes its year, padded with spaces after the value;
/// `\textendash` and `\textemdash` become their dashes, padded with empty groups (inside a
/// name, the reader dropped the words after them).
pub(super) fn readable_text(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out = std::borrow::Cow::Borrowed(text);
    // A dotless i under an accent, written without braces (`\"\i`): the reader left a
    // backslash. Each becomes its letter and one empty group, 4 bytes for 4.
    for (command, letter) in [
        ("\\\"\\i", "ï{}"),
        ("\\'\\i", "í{}"),
        ("\\^\\i", "î{}"),
        ("\\`\\i", "ì{}"),
    ] {
        if out.contains(command) {
            out = std::borrow::Cow::Owned(out.replace(command, letter));
        }
    }
    // `\ifmmode A\else B\fi` (a maths form and a text form) is its text form, padded with
    // empty groups and, for an odd byte, a zero-width space (which `latex::text` removes).
    while let Some(at) = out.find("\\ifmmode") {
        let rest = &out[at..];
        let (Some(e), Some(f)) = (rest.find("\\else"), rest.find("\\fi")) else {
            break;
        };
        if f < e {
            break;
        }
        let text_form = rest[e + "\\else".len()..f].trim().to_string();
        let whole = f + "\\fi".len();
        let room = whole - text_form.len();
        let pad = if room % 2 == 0 {
            "{}".repeat(room / 2)
        } else {
            format!("\u{200B}{}", "{}".repeat((room - 3) / 2))
        };
        let mut s = out.into_owned();
        s.replace_range(at..at + whole, &format!("{text_form}{pad}"));
        out = std::borrow::Cow::Owned(s);
    }
    for (command, dash) in [("\\textendash", "–"), ("\\textemdash", "—")] {
        if out.contains(command) {
            // 11 bytes for 3: four empty groups, which BibTeX reads as nothing.
            let padded = format!("{dash}{}", "{}".repeat((command.len() - dash.len()) / 2));
            out = std::borrow::Cow::Owned(out.replace(command, &padded));
        }
    }
    let mut fixes: Vec<(Range<usize>, String)> = Vec::new();
    for (kind, body, range) in items(&out) {
        if matches!(kind.as_str(), "string" | "comment" | "preamble") {
            continue;
        }
        let Some(start) = out[range.clone()]
            .find(['{', '('])
            .map(|p| range.start + p + 1)
        else {
            continue;
        };
        let lower = body.to_ascii_lowercase();
        let Some(at) = lower
            .match_indices("year")
            .map(|(i, _)| i)
            .find(|i| *i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric())
        else {
            continue;
        };
        let rest = &body[at + 4..];
        let Some(eq) = rest.find('=').filter(|e| rest[..*e].trim().is_empty()) else {
            continue;
        };
        let value_start = at + 4 + eq + 1;
        let after = &body[value_start..];
        let lead = after.len() - after.trim_start().len();
        let open = value_start + lead;
        let close = match body.as_bytes().get(open) {
            Some(b'{') => body[open..].find('}').map(|c| open + c),
            Some(b'"') => body[open + 1..].find('"').map(|c| open + 1 + c),
            _ => None,
        };
        let Some(close) = close else { continue };
        let value = &body[open + 1..close];
        if value.trim().bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let years: Vec<&str> = value
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .collect();
        if let [year] = years[..] {
            // `{2003}` then spaces to the old value's end: BibTeX reads spaces there as nothing.
            let whole = close + 1 - open;
            let new = format!("{{{year}}}{}", " ".repeat(whole - year.len() - 2));
            fixes.push((start + open..start + close + 1, new));
        }
    }
    if fixes.is_empty() {
        return out;
    }
    let mut text = out.into_owned();
    for (range, new) in fixes.into_iter().rev() {
        text.replace_range(range, &new);
    }
    std::borrow::Cow::Owned(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_a_long_chain_and_a_macro_bomb_are_found() {
        let cycle = "@book{a, title={A}, crossref={b}}\n@book{b, crossref = \"a\", title={B}}\n";
        let (message, span) = check(cycle).unwrap_err();
        assert!(message.contains("leads back to itself"), "{message}");
        assert!(span.start == 0 || span.start == 34, "{span:?}");
        let mut bomb = String::from("@string{s0 = \"ab\"}\n");
        for i in 0..40 {
            bomb.push_str(&format!("@STRING{{S{} = s{i} # s{i}}}\n", i + 1));
        }
        let (message, _) = check(&bomb).unwrap_err();
        assert!(message.starts_with("@string \"S15\""), "{message}");
        let mut chain = String::new();
        for i in 0..30 {
            chain.push_str(&format!("@inbook{{e{i}, crossref = {{e{}}}}}\n", i + 1));
        }
        assert!(check(&chain).unwrap_err().0.contains("chain over 16"));
        let fine = "@string{j = {Journal}}\n@article{x, journal = j # { of Things}, crossref={y}}\n@proceedings{y, title={P}}\n";
        assert_eq!(check(fine), Ok(()));
    }
}
