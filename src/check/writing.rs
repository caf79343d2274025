//! The checks an editor makes before a brief goes out: text and addresses the starters wrote
//! left in, asks without a deadline, a statement's media contact that cannot be reached,
//! sentences too long to read aloud, abbreviations never spelled out, running text above the
//! workspace's reading grade, and a layout over its word budget. Warnings, tuned by `[writing]`
//! in `briefs.toml`; placeholders are errors in a final brief, which then does not build.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::readability::{self, Counts, Grade};
use crate::diagnostic::{Diagnostic, Problem, SourceFile};

use crate::model::texts::{self, Part, TextId, Value};
use crate::model::*;

/// The workspace's own placeholders, once: its organisation and example addresses.
pub fn workspace(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    out.extend(workspace_placeholders(ws, None));
}

/// Every check of one brief.
pub fn brief(b: &Brief, ws: &Workspace, out: &mut Vec<Diagnostic>) {
    // A translation's own are its texts: its asks, people and sources are its source's, checked
    // with the source (and written in the source's file).
    let own = b.translation.is_none();
    placeholders(b, ws, own, out);
    if own {
        deadlines(b, out);
        contact(b, ws, out);
    }
    let w = &ws.writing;
    // What the layout prints, walked once for every check that reads it.
    let texts = printed(b);
    let prose = prose(&texts);
    if w.sentence_words > 0 {
        long_sentences(b, &prose, w.sentence_words, out);
    }
    acronyms(b, ws, &texts, out);
    let measure = measured(b, &texts, &prose);
    let at = b
        .title
        .as_ref()
        .map_or(b.top_span.clone(), |t| t.span.clone());
    if let Some(g) = measure.grade {
        if w.reading_grade > 0.0 && g.grade > w.reading_grade {
            let problem = Problem::ReadingGrade {
                grade: g.grade,
                formula: g.formula,
                target: w.reading_grade,
            };
            // Pointed at the hardest paragraph: where rewriting helps most.
            let hardest = hardest(b, &prose).unwrap_or(at.clone());
            out.push(Diagnostic::at(problem, &b.file, hardest));
        }
    }
    let budget = w.budget(b.kind);
    if budget > 0 && measure.words > budget {
        let problem = Problem::OverBudget {
            words: measure.words,
            budget,
            layout: b.kind.name(),
        };
        out.push(Diagnostic::at(problem, &b.file, at));
    }
}

/// Where the paragraph of the highest grade starts (of those of 15 words or more).
fn hardest(b: &Brief, prose: &[(Range<usize>, String)]) -> Option<Range<usize>> {
    let graded = prose.iter().filter_map(|(span, paragraph)| {
        let mut c = Counts::default();
        for s in readability::sentences(paragraph) {
            c.add_sentence(s, &b.language.value);
        }
        let g = readability::grade(&c, &b.language.value).filter(|_| c.words >= 15)?;
        Some((g.grade, span, paragraph))
    });
    let (_, span, paragraph) = graded.max_by(|a, b| a.0.total_cmp(&b.0))?;
    let words = readability::words(paragraph);
    Some(locate(&b.file, span.clone(), &words[..words.len().min(6)]))
}

/// Below this many words of running text, a grade says little.
const MIN_WORDS: usize = 30;

/// What `check --format json` and the preview say of a brief: its words and its grade.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Measure {
    /// The words its layout prints.
    pub words: usize,
    /// The reading grade of its running text.
    #[serde(flatten)]
    pub grade: Option<Grade>,
}

impl serde::Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Grade", 2)?;
        st.serialize_field("grade", &((self.grade * 10.0).round() / 10.0))?;
        st.serialize_field("formula", self.formula)?;
        st.end()
    }
}

/// A brief's words (what its layout prints) and the grade of its running text.
pub fn measure(b: &Brief) -> Measure {
    let texts = printed(b);
    measured(b, &texts, &prose(&texts))
}

/// [`measure`] of texts already walked.
fn measured(b: &Brief, texts: &[Printed], prose: &[(Range<usize>, String)]) -> Measure {
    let words = texts
        .iter()
        .map(|(_, _, text)| readability::words(text).len())
        .sum();
    let mut counts = Counts::default();
    for (_, paragraph) in prose {
        for s in readability::sentences(paragraph) {
            counts.add_sentence(s, &b.language.value);
        }
    }
    Measure {
        words,
        // A grade of a few words says nothing.
        grade: readability::grade(&counts, &b.language.value).filter(|_| counts.words >= MIN_WORDS),
    }
}

/// A text of the brief as the layout prints it: which text, where it is written, its words.
type Printed = (TextId, Option<Range<usize>>, String);

/// Every text the brief's layout prints, in the order a reader meets them (every text, for a
/// custom template), as plain words.
fn printed(b: &Brief) -> Vec<Printed> {
    let layout = match &b.template {
        Template::Builtin(k) => Some(*k),
        Template::Custom(_) => None,
    };
    let mut out = Vec::new();
    for (part, ids) in texts::reading(layout) {
        let items: Vec<Option<usize>> = match part {
            Part::Evidence => (0..b.evidence.len()).map(Some).collect(),
            Part::Ask => (0..b.asks.len()).map(Some).collect(),
            _ => vec![None],
        };
        for item in items {
            for id in *ids {
                for (_, value) in b.values(*id, item) {
                    match value {
                        Value::Line(s) => out.push((*id, None, s.to_string())),
                        Value::Text(t) => {
                            for p in t.markup.paragraphs() {
                                out.push((*id, Some(t.span.clone()), p));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// The brief's running text: its paragraphs and list items with markup, in reading order,
/// each with where its text is written.
fn prose(texts: &[Printed]) -> Vec<(Range<usize>, String)> {
    texts
        .iter()
        .filter_map(|(_, span, text)| Some((span.clone()?, text.clone())))
        .collect()
}

/// Sentences over `limit` words, each at its place.
fn long_sentences(
    b: &Brief,
    prose: &[(Range<usize>, String)],
    limit: usize,
    out: &mut Vec<Diagnostic>,
) {
    for (span, paragraph) in prose {
        for s in readability::sentences(paragraph) {
            let words = readability::words(s);
            if words.len() > limit {
                let at = locate(&b.file, span.clone(), &words[..words.len().min(6)]);
                let problem = Problem::LongSentence {
                    words: words.len(),
                    limit,
                };
                out.push(Diagnostic::at(problem, &b.file, at));
            }
        }
    }
}

/// Where a run of words is written within `within` (markup, escapes and line breaks between
/// them skipped): the first words' span, or `within` where they cannot be found.
fn locate(file: &SourceFile, within: Range<usize>, words: &[&str]) -> Range<usize> {
    let text = file.text.get(within.clone()).unwrap_or_default();
    let Some(first) = words.first() else {
        return within;
    };
    for (at, _) in text.match_indices(first) {
        let mut end = at + first.len();
        let mut found = true;
        for w in &words[1..] {
            let rest = &text[end..];
            let skipped = rest.len()
                - rest
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .len();
            if rest[skipped..].starts_with(w) {
                end += skipped + w.len();
            } else {
                found = false;
                break;
            }
        }
        if found {
            return within.start + at..within.start + end;
        }
    }
    within
}

/// Where a plain value is written: its first occurrence in quotes, else anywhere.
fn quoted(file: &SourceFile, value: &str) -> Option<Range<usize>> {
    let q = format!("\"{value}\"");
    if let Some(at) = file.text.find(&q) {
        return Some(at + 1..at + 1 + value.len());
    }
    file.text.find(value).map(|at| at..at + value.len())
}

/// Abbreviations readers of any brief know.
const KNOWN: &[&str] = &[
    "UN", "EU", "UK", "US", "USA", "PDF", "NATO", "OECD", "CEO", "GDP", "AI", "ID", "TV", "OK",
    "UNESCO", "UNICEF", "NGO", "IMF", "WHO", "FAQ", "HTML", "URL", "DNA", "HIV", "AIDS", "COVID",
    "SMS", "CV", "IT", "IQ", "VAT", "BBC", "CNN", "NASA", "FBI", "CIA", "MP", "MEP", "PM", "ISBN",
    "DOI", "AM", "ONU", "UE", "OTAN", "OCDE", "PIB", "ONG", "PDG", "TVA", "UNO", "BRD", "EEUU",
    "EE", "UU", "IVA", "FAO", "WTO", "OMS", "OMC", "ADN", "VIH", "SIDA", "HM", "NHS", "GP", "RCMP",
    "GRC", "CBC", "SRC", "MBA", "CFO", "IOU", "LGBTQ", "LGBT", "ATM", "GPS", "USB", "PIN",
];

/// Words set in capitals for emphasis, not abbreviations.
const SHOUTED: &[&str] = &[
    "NOW", "NOT", "NO", "ALL", "NEW", "AND", "THE", "FOR", "YOU", "WE", "OUR", "STOP", "ACT",
    "MUST", "NEVER", "NON", "OUI", "PAS", "TOUS", "NOUS", "VOTE", "YES", "FREE", "URGENT",
];

/// Units set after a number ("5 GW").
const UNITS: &[&str] = &[
    "GW", "MW", "KW", "KWH", "MWH", "GWH", "GB", "MB", "TB", "KB", "PPM", "CO",
];

/// The upper-case abbreviations of a text, in order, each with the word before it: two to ten
/// capitals (a plural s allowed), in a word or after an elision or hyphen ("l'ASFC",
/// "anti-QRSX"); not a Roman numeral, not a run of capitals (emphasis), not a unit after a
/// number.
fn abbreviations(text: &str) -> Vec<&str> {
    let tokens: Vec<&str> = readability::words(text);
    let caps = |t: &str| t.chars().count() >= 2 && t.chars().all(char::is_uppercase);
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        for part in token.split(['\'', '’', '-', '/']) {
            let stem = part.strip_suffix('s').filter(|p| caps(p)).unwrap_or(part);
            let upper = stem.chars().count() >= 2
                && stem.chars().count() <= 10
                && stem.chars().all(|c| c.is_alphabetic() && c.is_uppercase());
            if !upper || stem.chars().all(|c| "IVXLCDM".contains(c)) || SHOUTED.contains(&stem) {
                continue;
            }
            let before = i.checked_sub(1).map(|j| tokens[j]);
            let after = tokens.get(i + 1);
            let number_before =
                before.is_some_and(|w| w.chars().all(|c| c.is_ascii_digit() || ".,".contains(c)));
            if number_before && UNITS.contains(&stem) {
                continue;
            }
            // Two words in capitals side by side are emphasis ("DO NOT WAIT").
            let shouted = |w: &&str| {
                let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
                letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && !KNOWN.contains(w)
            };
            let shouting = before.iter().chain(after).any(shouted);
            if shouting {
                continue;
            }
            out.push(stem);
        }
    }
    out
}

/// Whether a text spells `a` out: "Full Name (ABC)" after two words or more, or "ABC (Full
/// Name)" with words in the brackets; a plural "(ABCs)" too.
fn expands(text: &str, a: &str) -> Option<usize> {
    for form in [format!("({a})"), format!("({a}s)")] {
        for (at, _) in text.match_indices(&form) {
            if readability::words(&text[..at]).len() >= 2 {
                return Some(at + 1);
            }
        }
    }
    for (at, _) in text.match_indices(&format!("{a} (")) {
        let inside = &text[at + a.len() + 2..];
        if inside.chars().next().is_some_and(char::is_alphabetic) {
            return Some(at);
        }
    }
    None
}

/// Abbreviations met before their expansion, or never expanded; each once, at its first use,
/// the first ten.
fn acronyms(b: &Brief, ws: &Workspace, printed: &[Printed], out: &mut Vec<Diagnostic>) {
    let texts: Vec<&Printed> = printed
        .iter()
        .filter(|(id, _, _)| !matches!(id.field().part, Part::Head | Part::Contact))
        .collect();
    let known = |a: &str| {
        KNOWN.contains(&a)
            || ws
                .writing
                .acronyms
                .iter()
                .any(|k| k.eq_ignore_ascii_case(a))
    };
    // Where a text is written: a text with markup has its span; a line is found by its value.
    let within = |span: &Option<Range<usize>>, text: &str| {
        span.clone()
            .or_else(|| quoted(&b.file, text))
            .unwrap_or(0..b.file.text.len())
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut told = 0;
    for (n, (_, span, text)) in texts.iter().enumerate() {
        for a in abbreviations(text) {
            if known(a) || seen.contains(&a) {
                continue;
            }
            seen.push(a);
            // Spelled out where it is first used.
            if expands(text, a).is_some_and(|at| Some(at) == text.find(a)) {
                continue;
            }
            let later = texts[n..]
                .iter()
                .find_map(|(_, s, t)| expands(t, a).map(|_| (s, t)))
                .map(|(s, t)| {
                    let at = locate(&b.file, within(s, t), &[a]);
                    b.file.line_col(at.start).0
                });
            told += 1;
            if told > 10 {
                return;
            }
            let at = locate(&b.file, within(span, text), &[a]);
            let problem = Problem::Acronym {
                acronym: a.to_string(),
                later,
            };
            out.push(Diagnostic::at(problem, &b.file, at));
        }
    }
}

/// Open asks with no deadline, unless they are ongoing: said once, at the first.
fn deadlines(b: &Brief, out: &mut Vec<Diagnostic>) {
    let open: Vec<(String, Range<usize>)> = b
        .asks
        .iter()
        .enumerate()
        .filter(|(_, a)| a.by.is_none() && !a.ongoing && a.status == AskStatus::Open)
        .map(|(i, a)| match &a.id {
            Some(id) => (id.value.clone(), id.span.clone()),
            None => (format!("#{}", i + 1), a.span.clone()),
        })
        .collect();
    if let Some((_, at)) = open.first() {
        let ids = open.iter().map(|(id, _)| id.clone()).collect();
        out.push(Diagnostic::at(
            Problem::NoDeadline { ids },
            &b.file,
            at.clone(),
        ));
    }
}

/// A statement's media contact: someone a journalist can phone or write to.
fn contact(b: &Brief, ws: &Workspace, out: &mut Vec<Diagnostic>) {
    if b.kind != Kind::Statement {
        return;
    }
    let (person, file) = match (&b.contact, &ws.contact, &ws.file) {
        (Some(p), _, _) => (Some(p), &b.file),
        (None, Some(p), Some(f)) => (Some(p), f),
        _ => (None, &b.file),
    };
    let reachable = person.is_some_and(|p| p.phone.is_some() || p.email.is_some());
    if !reachable {
        let at = file
            .text
            .find("[contact]")
            .map_or(b.top_span.clone(), |at| at..at + "[contact]".len());
        let problem = Problem::UnreachableContact {
            none: person.is_none(),
        };
        out.push(Diagnostic::at(problem, file, at));
    }
}

/// The texts `brief new` and `brief init` write, normalised: what a brief must not still say.
fn starter_texts() -> &'static [String] {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let starter = include_str!("../../assets/starters/brief.toml");
        let library = include_str!("../../assets/starters/citations.toml");
        let mut found = Vec::new();
        for text in [starter, library] {
            let joined = text.replace("\\\n", "");
            for piece in joined.split('"').skip(1).step_by(2) {
                let n = normal(piece);
                // Settings and names ("draft", "Parliament") are fine as they are.
                if n.split_whitespace().count() >= 3 && !n.contains("{{") {
                    found.push(n);
                }
            }
        }
        found
    })
}

/// A text compared as a reader sees it: citations, emphasis and spacing aside, lower case,
/// without its final full stop.
fn normal(s: &str) -> String {
    let mut t = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("[@") {
        t.push_str(&rest[..at]);
        rest = rest[at..].find(']').map_or("", |e| &rest[at + e + 1..]);
    }
    t.push_str(rest);
    let t = t.replace(['*', '_'], "");
    let t: Vec<&str> = t.split_whitespace().collect();
    t.join(" ").trim_end_matches(['.', ' ']).to_lowercase()
}

/// Whether an address is an example one: example.org, example.com, example.net or a `.example`
/// domain.
fn example_address(address: &str) -> bool {
    let host = address
        .split_once('@')
        .map_or(address, |(_, h)| h)
        .trim_start_matches("mailto:")
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let host = host.trim_start_matches("www.");
    ["example.org", "example.com", "example.net"]
        .iter()
        .any(|e| host == *e || host.ends_with(&format!(".{e}")))
        || host == "example"
        || host.ends_with(".example")
}

/// The workspace's placeholders: its organisation's starter name, and example addresses in
/// `briefs.toml`; errors naming `final_brief` when given.
fn workspace_placeholders(ws: &Workspace, final_brief: Option<&str>) -> Vec<Diagnostic> {
    let Some(file) = &ws.file else {
        return Vec::new();
    };
    let mut found: Vec<(&str, String)> = Vec::new();
    if let Some(name) = &ws.organisation.name {
        if normal(name) == "your organisation" || normal(name) == "your organization" {
            found.push(("the organisation's name", name.clone()));
        }
    }
    let mut addresses = vec![("the organisation's web address", &ws.organisation.url)];
    if let Some(c) = &ws.contact {
        addresses.push(("the contact's e-mail address", &c.email));
        addresses.push(("the contact's web address", &c.url));
    }
    for (what, value) in addresses {
        if let Some(v) = value.as_ref().filter(|v| example_address(v)) {
            found.push((what, v.clone()));
        }
    }
    found
        .into_iter()
        .map(|(what, value)| {
            let at = quoted(file, &value).unwrap_or(0..0);
            let problem = Problem::Placeholder {
                what: what.into(),
                value,
                others: Vec::new(),
                final_brief: final_brief.map(str::to_string),
            };
            Diagnostic::at(problem, file, at)
        })
        .collect()
}

/// Starter texts and example addresses in the brief (only in its texts, unless `own`: a
/// translation's sources and people are its source's); in a final brief, errors, the
/// workspace's included.
fn placeholders(b: &Brief, ws: &Workspace, own: bool, out: &mut Vec<Diagnostic>) {
    let is_final = b.status == Status::Final;
    let shown = crate::diagnostic::display_path(&b.path)
        .display()
        .to_string();
    let final_brief = is_final.then_some(shown.as_str());
    let starters = starter_texts();
    let push = |out: &mut Vec<Diagnostic>,
                file: &Arc<SourceFile>,
                what: String,
                value: &str,
                others: Vec<String>,
                at: Range<usize>| {
        let problem = Problem::Placeholder {
            what,
            value: value.to_string(),
            others,
            final_brief: final_brief.map(str::to_string),
        };
        out.push(Diagnostic::at(problem, file, at));
    };
    // The starter's texts left in: each at its line, or, when most of a starter is untouched,
    // once at the first with the others listed.
    let mut left: Vec<(String, String, Range<usize>)> = Vec::new();
    for found in b.texts() {
        let (plain, span) = match found.value {
            Value::Line(s) => (s.to_string(), None),
            Value::Text(t) => (t.markup.plain_text(), Some(t.span.clone())),
        };
        if starters.contains(&normal(&plain)) {
            let at = span
                .or_else(|| quoted(&b.file, &plain))
                .unwrap_or(b.top_span.clone());
            let shown = plain.trim().replace(" .", ".");
            left.push((found.key.what(), shown, at));
        }
        if let Value::Text(t) = found.value {
            for (url, at) in t.markup.links() {
                if example_address(url) {
                    push(out, &b.file, "a link".into(), url, Vec::new(), at);
                }
            }
        }
    }
    let sources = if own { &b.citations[..] } else { &[] };
    for c in sources {
        if starters.contains(&normal(&c.title)) {
            let at = quoted(&c.file, &c.title).unwrap_or(c.span.clone());
            left.push((
                format!("the title of source \"{}\"", c.id.value),
                c.title.clone(),
                at,
            ));
        }
        if let Some(url) = c.url.as_ref().filter(|u| example_address(&u.value)) {
            let what = format!("the address of source \"{}\"", c.id.value);
            push(out, &c.file, what, &url.value, Vec::new(), url.span.clone());
        }
    }
    if left.len() > 3 {
        let (what, value, at) = left.remove(0);
        let line = |r: &Range<usize>| b.file.line_col(r.start).0;
        let others = left
            .iter()
            .map(|(w, _, r)| format!("{w} (line {})", line(r)))
            .collect();
        push(out, &b.file, what, &value, others, at);
    } else {
        for (what, value, at) in left {
            push(out, &b.file, what, &value, Vec::new(), at);
        }
    }
    let people = b.contact.iter().map(|p| ("the contact's", p));
    let people = people.chain(b.authors.iter().map(|p| ("an author's", p)));
    for (whose, p) in people.filter(|_| own) {
        for (what, value) in [("e-mail address", &p.email), ("web address", &p.url)] {
            if let Some(v) = value.as_ref().filter(|v| example_address(v)) {
                let at = quoted(&b.file, v).unwrap_or(b.top_span.clone());
                push(out, &b.file, format!("{whose} {what}"), v, Vec::new(), at);
            }
        }
    }
    if is_final {
        out.extend(workspace_placeholders(ws, final_brief));
    }
}
