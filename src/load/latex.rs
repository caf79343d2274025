//! LaTeX left in a `.bib` field's text, as it prints: what hayagriva's reader leaves of
//! quotes, ties, commands and simple super- and subscripts.

/// Commands whose one argument prints as it is (emphasis, fonts, boxes, addresses).
const KEEP_ARGUMENT: &[&str] = &[
    "emph",
    "textit",
    "textbf",
    "textsc",
    "texttt",
    "textup",
    "textsf",
    "textrm",
    "textmd",
    "textsl",
    "textnormal",
    "text",
    "mkbibemph",
    "mkbibitalic",
    "mkbibbold",
    "autocap",
    "url",
    "nolinkurl",
    "mbox",
    "hbox",
    "ensuremath",
    "mathrm",
    "uppercase",
    "lowercase",
    "MakeUppercase",
    "MakeLowercase",
    "noopsort",
];

/// Commands whose argument is LaTeX's business, not the reader's (counters, labels).
const DROP_ARGUMENT: &[&str] = &[
    "arabic", "roman", "Roman", "label", "ref", "cite", "nocite", "vspace",
];

/// Commands that stand for a character or a word.
const SYMBOL: &[(&str, &str)] = &[
    ("slash", "/"),
    ("hyphen", "-"),
    ("textendash", "–"),
    ("textemdash", "—"),
    ("ldots", "…"),
    ("dots", "…"),
    ("textellipsis", "…"),
    ("S", "§"),
    ("P", "¶"),
    ("ss", "ß"),
    ("ae", "æ"),
    ("AE", "Æ"),
    ("oe", "œ"),
    ("OE", "Œ"),
    ("aa", "å"),
    ("AA", "Å"),
    ("o", "ø"),
    ("O", "Ø"),
    ("l", "ł"),
    ("L", "Ł"),
    ("i", "ı"),
    ("j", "ȷ"),
    ("textquoteleft", "‘"),
    ("textquoteright", "’"),
    ("textquotedblleft", "“"),
    ("textquotedblright", "”"),
    ("guillemotleft", "«"),
    ("guillemotright", "»"),
    ("textregistered", "®"),
    ("texttrademark", "™"),
    ("textcopyright", "©"),
    ("textdegree", "°"),
    ("euro", "€"),
    ("pounds", "£"),
    ("textbackslash", "\\"),
    ("TeX", "TeX"),
    ("LaTeX", "LaTeX"),
    ("BibTeX", "BibTeX"),
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("epsilon", "ε"),
    ("varepsilon", "ε"),
    ("zeta", "ζ"),
    ("eta", "η"),
    ("theta", "θ"),
    ("kappa", "κ"),
    ("lambda", "λ"),
    ("mu", "μ"),
    ("nu", "ν"),
    ("xi", "ξ"),
    ("pi", "π"),
    ("rho", "ρ"),
    ("sigma", "σ"),
    ("tau", "τ"),
    ("phi", "φ"),
    ("varphi", "φ"),
    ("chi", "χ"),
    ("psi", "ψ"),
    ("omega", "ω"),
    ("Gamma", "Γ"),
    ("Delta", "Δ"),
    ("Theta", "Θ"),
    ("Lambda", "Λ"),
    ("Pi", "Π"),
    ("Sigma", "Σ"),
    ("Phi", "Φ"),
    ("Psi", "Ψ"),
    ("Omega", "Ω"),
    ("times", "×"),
    ("pm", "±"),
    ("leq", "≤"),
    ("geq", "≥"),
    ("infty", "∞"),
    ("quad", " "),
    ("protect", ""),
    ("relax", ""),
    ("nobreak", ""),
    ("xspace", ""),
    ("newblock", ""),
];

/// A field's text with the LaTeX it still holds read as it prints: ``quotes'' and ties,
/// `\emph{…}`-style commands by their words, `\mkbibquote{…}` and `\enquote{…}` in quotation
/// marks, `\href{address}{words}` by its words, `\slash`-style symbols, `\o` read as a combining
/// stroke, and `$^{87}$`. An unknown command with an argument prints the argument; alone, its
/// name (so `\LaTeX` is "LaTeX", never a backslash).
pub(super) fn text(s: &str) -> String {
    if !s.contains(['\\', '`', '\'', '~', '$', '\u{338}', '\u{200B}', '{', ',']) {
        return s.to_string();
    }
    // German quotes open low (`,,`); the zero-width space pads what `bibtex::readable_text`
    // took out.
    let t = s
        .replace(",,", "„")
        .replace("``", "“")
        .replace("''", "”")
        .replace('~', "\u{A0}")
        .replace('\u{200B}', "")
        .replace("{}", "");
    let t = math(&stroked_o(&scripts(&t)));
    let mut out = String::with_capacity(t.len());
    commands(&t, &mut out, 0);
    // Dropped commands leave doubled spaces.
    let mut tidy = String::with_capacity(out.len());
    for c in out.chars() {
        if c == ' ' && tidy.ends_with(' ') {
            continue;
        }
        tidy.push(c);
    }
    tidy.trim().to_string()
}

/// Inline maths (`$p$-adic`, `$\epsilon$`) as its text: the dollars dropped, its commands
/// read as symbols below. An escaped dollar (`\$`) is a dollar.
fn math(s: &str) -> String {
    if !s.contains('$') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    for c in s.chars() {
        if c == '$' && prev != '\\' {
            prev = c;
            continue;
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Read `s` into `out`, commands replaced; `depth` bounds nesting (a hostile field of a
/// million braces is read flat past it).
fn commands(s: &str, out: &mut String, depth: usize) {
    let mut rest = s;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name_len = after
            .char_indices()
            .find(|(_, c)| !c.is_ascii_alphabetic())
            .map_or(after.len(), |(i, _)| i);
        if name_len == 0 {
            // An escaped character (`\&`, `\%`, `\{`) or a line break (`\\`).
            let mut chars = after.chars();
            match chars.next() {
                Some('\\') => out.push(' '),
                Some(c) => out.push(c),
                None => {}
            }
            rest = chars.as_str();
            continue;
        }
        let name = &after[..name_len];
        let mut tail = &after[name_len..];
        tail = tail.strip_prefix('*').unwrap_or(tail);
        let (arg, next) = match argument(tail) {
            Some((arg, next)) if !SYMBOL.iter().any(|(n, _)| *n == name) => (Some(arg), next),
            _ => (None, tail),
        };
        match (name, arg) {
            ("href", Some(_)) => {
                // The address, then the words that print.
                if let Some((words, after_words)) = argument(next) {
                    nested(words, out, depth);
                    rest = after_words;
                    continue;
                }
            }
            ("mkbibquote" | "enquote" | "mkbibquotes", Some(arg)) => {
                out.push('“');
                nested(arg, out, depth);
                out.push('”');
            }
            ("hspace", Some(_)) => out.push(' '),
            (n, Some(_)) if DROP_ARGUMENT.contains(&n) => {}
            (_, Some(arg)) => nested(arg, out, depth),
            (n, None) => {
                match SYMBOL.iter().find(|(s, _)| *s == n) {
                    Some((_, shown)) => out.push_str(shown),
                    None if KEEP_ARGUMENT.contains(&n) => {}
                    None => out.push_str(n),
                }
                // `\LaTeX{}` ends its name with empty braces; a control word eats the space
                // after it, as LaTeX reads it (`Stra\ss e` is "Straße", `a\slash b` "a/b"),
                // except the names of programs, whose writers meant the space.
                let next = next.strip_prefix("{}").unwrap_or(next);
                let trimmed = next.strip_prefix(' ').unwrap_or(next);
                let glue = !matches!(n, "TeX" | "LaTeX" | "BibTeX");
                rest = if glue { trimmed } else { next };
                continue;
            }
        }
        rest = next;
    }
    out.push_str(rest);
}

fn nested(s: &str, out: &mut String, depth: usize) {
    if depth < 16 {
        commands(s, out, depth + 1);
    } else {
        out.push_str(s);
    }
}

/// `{argument}` at the start of `s` (after spaces), and what follows it.
fn argument(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start_matches(' ');
    let body = s.strip_prefix('{')?;
    let mut depth = 1;
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&body[..i], &body[i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// Simple super- and subscripts of digits, `$^{87}$`, as Unicode digits.
fn scripts(s: &str) -> String {
    let mut t = s.to_string();
    for (mark, digits) in [("^", "⁰¹²³⁴⁵⁶⁷⁸⁹"), ("_", "₀₁₂₃₄₅₆₇₈₉")]
    {
        let open = format!("${mark}{{");
        let mut from = 0;
        while let Some(found) = t[from..].find(&open) {
            let at = from + found;
            let rest = &t[at + open.len()..];
            let Some(end) = rest.find("}$") else { break };
            let inner = &rest[..end];
            if inner.is_empty() || !inner.chars().all(|c| c.is_ascii_digit()) {
                from = at + open.len();
                continue;
            }
            let shown: String = inner
                .chars()
                .filter_map(|c| digits.chars().nth(c.to_digit(10)? as usize))
                .collect();
            t = format!("{}{shown}{}", &t[..at], &rest[end + 2..]);
            from = at;
        }
    }
    t
}

/// `\o` and `\O` as letters: hayagriva's reader leaves a combining stroke (U+0338), with or
/// without its `o` ("St̸vring" for Støvring).
pub(super) fn stroked_o(s: &str) -> String {
    if !s.contains('\u{338}') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '\u{338}' {
            out.push(*c);
            continue;
        }
        match out.pop() {
            Some('o') => out.push('ø'),
            Some('O') => out.push('Ø'),
            before => {
                out.extend(before);
                // At a word's start, or before capitals, the capital.
                let start = before.is_none_or(|b| !b.is_alphabetic());
                let next_upper = chars.get(i + 1).is_some_and(|n| n.is_uppercase());
                out.push(if start || next_upper { 'Ø' } else { 'ø' });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn commands_print_as_they_read() {
        for (written, shown) in [
            (r"An \texttt{article} entry", "An article entry"),
            (r"\mkbibquote{Intention} und", "“Intention” und"),
            (r"the string \enquote*{series} is", "the string “series” is"),
            (r"with \arabic{author} authors", "with authors"),
            (r"\texttt{baez\slash online}", "baez/online"),
            (r"methodology\hyphen independent", "methodology-independent"),
            (r"``Usually Not''~42", "“Usually Not”\u{A0}42"),
            (r"Rb$^{87}$ atoms", "Rb⁸⁷ atoms"),
            (r"\href{https://x.org}{the site}", "the site"),
            (
                r"Typeset with \LaTeX{} and \TeX",
                "Typeset with LaTeX and TeX",
            ),
            (r"Stra\ss e", "Straße"),
            (r"AT\&T 50\%", "AT&T 50%"),
            (r"\emph{\textbf{deep}}", "deep"),
            (r"no markup at all", "no markup at all"),
            (r"a lone \ at the end \", "a lone at the end"),
            (
                r"{$p$}-adic fields and $\epsilon$-nets",
                "{p}-adic fields and ε-nets",
            ),
            (r"Jane{\hspace{0.6em}}Doe", "Jane{ }Doe"),
            (r"costs 5\$ a day", "costs 5$ a day"),
            (r",,Eine Frage``", "„Eine Frage“"),
        ] {
            assert_eq!(text(written), shown, "{written}");
        }
    }

    #[test]
    fn deep_nesting_ends() {
        let deep = format!("{}x{}", r"\emph{".repeat(10_000), "}".repeat(10_000));
        assert!(text(&deep).contains('x'));
    }
}
