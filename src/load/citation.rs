//! Sources and shared figures as written in TOML, in a brief's `[[citation]]` tables and in a
//! library's `[[citation]]` and `[[stat]]` tables.

use super::tree::{Node, TableReader, Val};
use crate::diagnostic::Problem;
use crate::model::*;

pub(super) fn read_citation(r: &mut TableReader, node: &Node) -> Option<Citation> {
    let mut c = r.sub(node, "[[citation]]");
    let id = c.req_str("id", "\"key\"");
    let kind = match c.take("type") {
        Some(_) => {
            // `take` marked it known; read it again as an enumeration.
            c.choice::<CitationType>("type").map(|s| s.value)
        }
        None => {
            c.req_str("type", "\"report\"");
            None
        }
    };
    let title = c.req_str("title", "\"...\"");
    let author = c.strings("author").into_iter().map(|s| s.value).collect();
    let et_al = c.flag("et-al");
    let editor = c.strings("editor").into_iter().map(|s| s.value).collect();
    let translator = c
        .strings("translator")
        .into_iter()
        .map(|s| s.value)
        .collect();
    let genre = c.str("genre").map(|s| s.value);
    let publisher = c.str("publisher").map(|s| s.value);
    let place = c.str("place").map(|s| s.value);
    let court = c.str("court").map(|s| s.value);
    let section = c.str("section").map(|s| s.value);
    let container = c.str("container").map(|s| s.value);
    let date = c.take("date").and_then(|e| match &e.node.val {
        Val::Date(d) if d.time.is_none() => d.date.map(|d| PartialDate {
            year: d.year as i32,
            month: Some(d.month as u32),
            day: Some(d.day as u32),
        }),
        Val::Str(s) => match parse_partial_date(s) {
            Some(d) => Some(d),
            None => {
                c.report(Problem::BadDate { value: s.clone() }, e.node.span.clone());
                None
            }
        },
        Val::Int(y) if (1000..=9999).contains(y) => Some(PartialDate {
            year: *y as i32,
            month: None,
            day: None,
        }),
        other => {
            let problem = Problem::WrongType {
                key: "date".into(),
                expected: "a date or a string \"2024\" / \"2024-05\"",
                found: other.kind_name(),
                example: "2024-03-07",
            };
            c.report(problem, e.node.span.clone());
            None
        }
    });
    let url = c.str("url");
    let doi = c.str("doi");
    let accessed = c.date("accessed");
    let pages = c.str("pages").map(|s| s.value);
    let volume = c.str("volume").map(|s| s.value);
    let edition = c.str("edition").map(|s| s.value);
    let issue = c.str("issue").map(|s| s.value);
    let note = c.str("note").map(|s| s.value);
    let span = c.span();
    let file = c.file().clone();
    c.finish();
    let url = url.map(|u| tidy(u, web_address));
    let doi = doi.map(|d| tidy(d, bare_doi));
    Some(Citation {
        file,
        id: id?,
        kind: kind.unwrap_or(CitationType::Report),
        title: title.map(|t| t.value).unwrap_or_default(),
        author,
        et_al,
        editor,
        translator,
        genre,
        publisher,
        place,
        court,
        section,
        container,
        date,
        url,
        doi,
        accessed,
        pages,
        volume,
        edition,
        issue,
        note,
        span,
    })
}

/// A value with `f` applied, in place.
pub(super) fn tidy(mut v: Spanned<String>, f: fn(&str) -> String) -> Spanned<String> {
    v.value = f(&v.value);
    v
}

/// A DOI in its one right form, `10.…`: without `https://doi.org/`, `doi:` or spaces around
/// it, as reference managers export it in every form.
pub fn bare_doi(doi: &str) -> String {
    let d = doi.trim();
    let lower = d.to_ascii_lowercase();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi.org/",
        "doi:",
    ] {
        if lower.starts_with(prefix) {
            return d[prefix.len()..].trim().to_string();
        }
    }
    if d.starts_with("10.") {
        return d.to_string();
    }
    // Inside a proxy's address (`http://dx.doi.org.ezproxy.example.edu/10.2979/…`) or a link
    // (`<a href="https://doi.org/10.1017/…">`): from `10.` and its registrant to the end of
    // the word.
    let found = d.match_indices("10.").find(|(i, _)| {
        let rest = &d[i + 3..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        digits >= 4 && rest[digits..].starts_with('/')
    });
    match found {
        Some((i, _)) => d[i..]
            .split(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\''))
            .next()
            .unwrap_or("")
            .to_string(),
        None => d.to_string(),
    }
}

/// A web address with its scheme: `www.example.org/x` is `https://www.example.org/x`; of two
/// addresses given in one field (BibTeX exports do this), the first.
pub fn web_address(url: &str) -> String {
    let u = url.split_whitespace().next().unwrap_or("");
    if u.to_ascii_lowercase().starts_with("www.") {
        format!("https://{u}")
    } else {
        u.to_string()
    }
}

/// `"2024"`, `"2024-05"` or `"2024-05-01"`.
pub fn parse_partial_date(s: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let year = num(parts.first()?, 4)? as i32;
    let month = match parts.get(1) {
        Some(m) => Some(num(m, 2).filter(|m| (1..=12).contains(m))?),
        None => None,
    };
    let day = match parts.get(2) {
        Some(d) => Some(num(d, 2)?),
        None => None,
    };
    if parts.len() > 3 {
        return None;
    }
    if let (Some(m), Some(d)) = (month, day) {
        chrono::NaiveDate::from_ymd_opt(year, m, d)?;
    }
    Some(PartialDate { year, month, day })
}

pub(super) fn read_stat(r: &mut TableReader, node: &Node) -> Option<Stat> {
    let mut s = r.sub(node, "[[stat]]");
    let id = s.req_str("id", "\"short-name\"");
    let value = s.req_str("value", "\"74.4 million\"");
    let label = s.req_str("label", "\"what the number counts\"");
    let source = s.str("source");
    let as_of = s.date("as-of").map(|d| d.value);
    let file = s.file().clone();
    let span = s.span();
    s.finish();
    Some(Stat {
        file,
        id: id?,
        value: value?.value,
        label: label?.value,
        source,
        as_of,
        span,
    })
}
