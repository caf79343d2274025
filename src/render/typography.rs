//! The language's typography on every text a brief holds, applied once to the template data so
//! that every edition prints the same: typographic quotation marks and apostrophes by language
//! (English “ ” ‘ ’, French « » with narrow no-break spaces, German „ “), French spacing before
//! `: ; ! ?`, and numbers kept whole (`5 000`, `70 %`). Only marks change: `#`, `$`, `\`, ids,
//! keys, URLs (a link's address, and `://` or `?q=` inside text) stay as written.

use super::data::TemplateData;
use crate::model::placeholder::{unmarked, VALUE_END, VALUE_START};
use crate::model::{Block, Inline, Markup, Person};

/// A narrow no-break space: inside French quotes, before `; ! ?`, between a number's groups.
const NNBSP: char = '\u{202F}';
/// A no-break space: before a French colon, between a number and `%`.
const NBSP: char = '\u{A0}';

/// The double quotation marks of a language (a tag or its primary subtag): the one table of them,
/// which the body text here and the web page's pull quotes share; English ones where none is
/// known.
pub fn quote_marks(language: &str) -> (&'static str, &'static str) {
    let primary = language
        .split('-')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "fr" => ("«\u{202F}", "\u{202F}»"),
        "de" | "cs" | "da" | "sk" | "sl" | "lt" | "bg" | "is" => ("„", "“"),
        "es" | "it" | "pt" | "ru" | "uk" | "ca" | "el" | "nb" | "nn" | "no" | "be" => ("«", "»"),
        "nl" | "pl" | "ro" | "hu" | "hr" => ("„", "”"),
        "sv" | "fi" => ("”", "”"),
        _ => ("“", "”"),
    }
}

/// The marks of a language.
#[derive(Debug, Clone, Copy)]
struct Lang {
    /// Opening and closing double quotation marks ([`quote_marks`]).
    double: (&'static str, &'static str),
    /// Opening and closing single ones; the closing one is also the apostrophe's shape, except
    /// where the double ones open low („…“, which pairs with ‚…‘).
    single: (char, char),
    /// French spacing: before `: ; ! ?` and inside « ».
    french: bool,
}

impl Lang {
    fn of(language: &str) -> Lang {
        let double = quote_marks(language);
        Lang {
            double,
            single: if double.0 == "„" {
                ('‚', '‘')
            } else {
                ('‘', '’')
            },
            french: language
                .split('-')
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case("fr")),
        }
    }
}

/// Apply the language's typography to every text of the data a reader sees.
pub(super) fn polish(data: &mut TemplateData) {
    let t = Typography {
        lang: Lang::of(&data.front.language),
    };
    let front = &mut data.front;
    t.line(&mut front.title);
    t.line(&mut front.short_title);
    t.opt(&mut front.subtitle);
    front.audience.iter_mut().for_each(|a| t.line(a));
    front.authors.iter_mut().for_each(|p| t.person(p));
    if let Some(contact) = &mut front.contact {
        t.person(contact);
    }
    t.opt(&mut front.organisation.name);
    t.opt(&mut data.label);
    t.opt(&mut data.place);
    if let Some(p) = &mut data.position {
        t.opt_markup(&mut p.statement);
        p.key_messages.iter_mut().for_each(|m| t.markup(m));
        t.opt_markup(&mut p.context);
    }
    for e in &mut data.evidence {
        t.opt_markup(&mut e.claim);
        t.opt_markup(&mut e.detail);
        if let Some(s) = &mut e.stat {
            t.line(&mut s.value);
            t.line(&mut s.label);
        }
        if let Some(q) = &mut e.quote {
            t.line(&mut q.text);
            t.opt(&mut q.speaker);
            t.opt(&mut q.role);
        }
        if let Some(c) = &mut e.chart {
            t.line(&mut c.title);
            t.opt(&mut c.unit);
            c.labels.iter_mut().for_each(|l| t.line(l));
            t.line(&mut c.alt);
            t.inlines(&mut c.source, &mut None);
        }
    }
    // The library's titles hold the same straight marks; the style's own marks are its locale's.
    if let Some(references) = &mut data.references {
        for r in &mut references.entries {
            t.rich(&mut r.content, &mut None);
        }
    }
    for a in &mut data.asks {
        t.opt(&mut a.to);
        t.opt_markup(&mut a.action);
        t.opt_markup(&mut a.rationale);
        t.inlines(&mut a.call, &mut None);
    }
    // What typography does not touch holds a data row's values unmarked too.
    let front = &mut data.front;
    front.keywords.iter_mut().for_each(|k| *k = unmarked(k));
    for p in front.authors.iter_mut().chain(front.contact.as_mut()) {
        for s in [&mut p.email, &mut p.phone, &mut p.url]
            .into_iter()
            .flatten()
        {
            *s = unmarked(s);
        }
    }
    if let Some(d) = &mut data.description {
        *d = unmarked(d);
    }
    for c in data.evidence.iter_mut().filter_map(|e| e.chart.as_mut()) {
        for s in &mut c.series {
            if let Some(n) = &mut s.name {
                *n = unmarked(n);
            }
        }
    }
}

/// The typography of one language.
struct Typography {
    lang: Lang,
}

impl Typography {
    fn line(&self, s: &mut String) {
        *s = self.text(s, &mut None);
    }

    fn opt(&self, s: &mut Option<String>) {
        if let Some(s) = s {
            self.line(s);
        }
    }

    fn person(&self, p: &mut Person) {
        self.opt(&mut p.name);
        self.opt(&mut p.role);
    }

    fn opt_markup(&self, m: &mut Option<Markup>) {
        if let Some(m) = m {
            self.markup(m);
        }
    }

    fn markup(&self, m: &mut Markup) {
        for block in &mut m.blocks {
            match block {
                Block::Para { content } => self.inlines(content, &mut None),
                Block::List { items, .. } => {
                    items.iter_mut().for_each(|i| self.inlines(i, &mut None));
                }
            }
        }
    }

    /// A run of inlines, `prev` the character before it: a quotation mark opens or closes by
    /// what precedes it, across emphasis and links.
    fn inlines(&self, inlines: &mut [Inline], prev: &mut Option<char>) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => *text = self.text(text, prev),
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Inserted { content }
                | Inline::Deleted { content } => {
                    self.inlines(content, prev);
                }
                // The address stays as written; the words shown are text.
                Inline::Link { content, .. } => self.inlines(content, prev),
                // A citation is formatted by its style, in its locale's marks.
                Inline::Cite { .. } => *prev = Some(')'),
            }
        }
    }

    /// Formatted text: its runs, not its addresses.
    fn rich(&self, content: &mut [crate::rich::Rich], prev: &mut Option<char>) {
        use crate::rich::Rich;
        for r in content {
            match r {
                Rich::Text { text, .. } => *text = self.text(text, prev),
                Rich::Entry { content, .. } | Rich::Block { content } => self.rich(content, prev),
                Rich::Link { .. } => *prev = Some('/'),
            }
        }
    }

    /// One text with the language's marks; `prev` is the character before it, and becomes its
    /// last.
    fn text(&self, s: &str, prev: &mut Option<char>) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len() + 8);
        let (open2, close2) = self.lang.double;
        let (open1, close1) = self.lang.single;
        let french = self.lang.french;
        let mut single_open = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            // A data row's value, as its file writes it.
            if c == VALUE_START {
                i = as_written(&chars, i, &mut out);
                continue;
            }
            let p = out.chars().last().or(*prev);
            let n = chars.get(i + 1).copied();
            // Quotation marks inside code-like text (`#read("x")`, `$"a"$`, `{"k": 1}`) are
            // part of it: they stay as written.
            if matches!(c, '"' | '\'') && code_like(&chars, i) {
                out.push(c);
                i += 1;
                continue;
            }
            match c {
                '"' if opens(p) => {
                    out.push_str(open2);
                    if french {
                        i = skip_spaces(&chars, i + 1);
                        continue;
                    }
                }
                '"' => {
                    if french {
                        trim_spaces(&mut out);
                    }
                    out.push_str(close2);
                }
                // The end of a quotation opened in this text: after its last letter, before
                // no letter.
                '\'' if single_open && !n.is_some_and(char::is_alphanumeric) && !opens(p) => {
                    single_open = false;
                    out.push(close1);
                }
                '\'' if p.is_some_and(char::is_alphanumeric)
                    || n.is_some_and(|n| n.is_ascii_digit()) =>
                {
                    // An apostrophe (Meta's, l'exploitation, '90s) takes the closing mark's
                    // shape, in German too.
                    out.push('’');
                }
                '\'' if opens(p) => {
                    single_open = true;
                    out.push(open1);
                }
                '\'' => out.push(close1),
                '«' if french => {
                    out.push('«');
                    out.push(NNBSP);
                    i = skip_spaces(&chars, i + 1);
                    continue;
                }
                '»' if french => {
                    trim_spaces(&mut out);
                    out.push(NNBSP);
                    out.push('»');
                }
                ':' | ';' | '!' | '?'
                    if french && ends_clause(n) && !matches!(p, Some('!' | '?')) =>
                {
                    let space = if c == ':' { NBSP } else { NNBSP };
                    if p.is_some_and(|p| p == ' ' || p == NBSP || p == NNBSP) {
                        trim_spaces(&mut out);
                        out.push(space);
                    } else if p.is_some_and(|p| p.is_alphanumeric() || ")]»’”%".contains(p)) {
                        out.push(space);
                    }
                    out.push(c);
                }
                ' ' if p.is_some_and(|p| p.is_ascii_digit()) => {
                    // 5 000, 70 % and 3 km kept on one line.
                    let group = chars.get(i + 1..i + 4).is_some_and(|g| {
                        g.iter().all(char::is_ascii_digit)
                            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
                    });
                    let percent = matches!(n, Some('%' | '‰'));
                    out.push(if group || percent { NNBSP } else { ' ' });
                }
                _ => out.push(c),
            }
            i += 1;
        }
        if let Some(last) = out.chars().last() {
            *prev = Some(last);
        }
        out
    }
}

/// A data row's value, from its start mark at `i`, as its file writes it; where it ends.
fn as_written(chars: &[char], i: usize, out: &mut String) -> usize {
    let end = chars[i..]
        .iter()
        .position(|c| *c == VALUE_END)
        .map_or(chars.len(), |e| i + e);
    out.extend(&chars[i + 1..end]);
    end + 1
}

/// Whether the word around position `i` (up to the spaces either side) reads as code: it holds
/// `#`, `$`, `\`, `{`, `}`, `=`, `<` or `>`, or a name directly followed by `(`.
fn code_like(chars: &[char], i: usize) -> bool {
    let start = chars[..i]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1);
    let end = chars[i..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |p| i + p);
    let word = &chars[start..end];
    word.iter().any(|c| "#$\\{}=<>".contains(*c))
        || word
            .windows(2)
            .any(|w| w[0].is_alphanumeric() && w[1] == '(')
}

/// Whether a quotation mark after `p` opens a quotation: at the start, after a space, an
/// opening bracket, a dash or another opening mark.
fn opens(p: Option<char>) -> bool {
    p.is_none_or(|p| p.is_whitespace() || "([{—–-/“‘„«‚".contains(p))
}

/// Whether a punctuation mark followed by `n` ends a clause (not `10:30`, `https://`, `?q=`).
fn ends_clause(n: Option<char>) -> bool {
    n.is_none_or(|n| n.is_whitespace() || "\"'»”’)]".contains(n))
}

/// The index of the first character from `i` that is not a space.
fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars
        .get(i)
        .is_some_and(|c| *c == ' ' || *c == NBSP || *c == NNBSP)
    {
        i += 1;
    }
    i
}

/// Remove the spaces at the end of `out`.
fn trim_spaces(out: &mut String) {
    while out.ends_with([' ', NBSP, NNBSP]) {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn say(lang: &str, s: &str) -> String {
        Typography {
            lang: Lang::of(lang),
        }
        .text(s, &mut None)
    }

    #[test]
    fn english_quotes_and_apostrophes() {
        assert_eq!(
            say("en", "Meta's \"final\" rollout"),
            "Meta’s “final” rollout"
        );
        assert_eq!(
            say("en", "the '90s and 'soft' rules"),
            "the ’90s and ‘soft’ rules"
        );
        assert_eq!(say("en", "(\"quoted\")"), "(“quoted”)");
        assert_eq!(say("en", "students' needs"), "students’ needs");
    }

    #[test]
    fn french_marks_and_spaces() {
        assert_eq!(say("fr", "l'exploitation"), "l’exploitation");
        assert_eq!(
            say("fr", "Il a dit \"non\": pourquoi?"),
            "Il a dit «\u{202F}non\u{202F}»\u{A0}: pourquoi\u{202F}?"
        );
        assert_eq!(say("fr", "« déjà »"), "«\u{202F}déjà\u{202F}»");
        assert_eq!(
            say("fr", "Faits : 1, 2 ; voir !"),
            "Faits\u{A0}: 1, 2\u{202F}; voir\u{202F}!"
        );
        // Literal: times, addresses, a query.
        assert_eq!(
            say("fr", "à 10:30 sur https://ex.org/?q=1"),
            "à 10:30 sur https://ex.org/?q=1"
        );
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            say("fr", "5 000 ménages, 70 %"),
            "5\u{202F}000 ménages, 70\u{202F}%"
        );
        assert_eq!(say("en", "in 2024 12 cases"), "in 2024 12 cases");
    }

    #[test]
    fn german_quotes() {
        assert_eq!(say("de", "\"Forderung\" und 'so'"), "„Forderung“ und ‚so‘");
    }

    #[test]
    fn code_like_text_is_untouched() {
        for s in [
            "#set page()",
            "$x$ \\n",
            "a_b *c*",
            "#read(\"/etc/passwd\")",
            "{\"k\": 1}",
        ] {
            assert_eq!(say("en", s), s);
        }
    }
}
