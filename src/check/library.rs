//! The library across every brief of a workspace (`brief cite check`).

use super::*;

/// How long a web page may go unchecked before the brief that cites it, in days.
const STALE_AFTER_DAYS: i64 = 365;

/// The styles that print an author and a year in the text, so an entry without them reads badly.
const AUTHOR_DATE_STYLES: [&str; 5] = [
    "apa",
    "chicago-author-date",
    "harvard-cite-them-right",
    "mla",
    "american-sociological-association",
];

/// The library's consistency across every brief of a workspace (`brief cite check`): one source
/// under two keys, entries no brief cites, entries lacking what the style prints, and web pages
/// last checked long before a brief cites them.
pub fn library(ws: &Workspace, briefs: &[Brief]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    same_sources(ws, &mut out);
    let cited: Vec<(String, &Brief)> = briefs
        .iter()
        .flat_map(|b| b.cited_keys(ws).into_iter().map(move |k| (k, b)))
        .collect();
    unused_entries(ws, &cited, &mut out);
    incomplete_entries(ws, briefs, &mut out);
    stale_accesses(ws, &cited, &mut out);
    out
}

/// A URL as it names a page: without its scheme, `www.`, trailing slash or case.
fn norm_url(u: &str) -> String {
    let u = u.trim().trim_end_matches('/').to_lowercase();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .map(str::to_string)
        .unwrap_or(u.clone());
    u.strip_prefix("www.").map(str::to_string).unwrap_or(u)
}

/// A title as it reads: lower case, letters, digits and spaces only.
fn norm_title(t: &str) -> String {
    t.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
}

/// Whether two optional fields are both there and equal once normalised by `f`.
fn same(
    x: &Option<Spanned<String>>,
    y: &Option<Spanned<String>>,
    f: &dyn Fn(&str) -> String,
) -> bool {
    matches!((x, y), (Some(x), Some(y)) if f(&x.value) == f(&y.value))
}

/// Library entries under different keys that are one source: the same DOI or URL for certain,
/// the same year and a near-identical title likely. Each pair is reported once, at the later
/// entry, naming the first. Only the entries that could match are compared, found by their DOI, URL, and year
/// with the start of their title: a library of 40,000 entries is not 800 million comparisons.
fn same_sources(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in ws.citations.iter().enumerate() {
        let keys = match_keys(a);
        let mut earlier: Vec<usize> = keys
            .iter()
            .flat_map(|k| seen.get(k).into_iter().flatten().copied())
            .collect();
        earlier.sort_unstable();
        earlier.dedup();
        // The first earlier entry it repeats is named; a source listed five times is four
        // warnings, not ten.
        let first = earlier
            .into_iter()
            .map(|j| &ws.citations[j])
            .filter(|b| a.id.value != b.id.value)
            .find_map(|b| same_source(a, b));
        if let Some(problem) = first {
            out.push(Diagnostic::at(problem, &a.file, a.id.span.clone()));
        }
        for k in keys {
            seen.entry(k).or_default().push(i);
        }
    }
}

/// What two entries that are one source share: the DOI, the URL, or the year and the first
/// words of the title (a near-identical title differs later, if at all).
fn match_keys(c: &Citation) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(doi) = &c.doi {
        keys.push(format!("doi {}", doi.value.trim().to_lowercase()));
    }
    if let Some(url) = &c.url {
        keys.push(format!("url {}", norm_url(&url.value)));
    }
    let start: String = norm_title(&c.title).chars().take(12).collect();
    keys.push(format!("title {:?} {start}", c.date.map(|d| d.year)));
    keys
}

/// Whether entry `a` is the source of entry `b` under another key, and how it shows.
fn same_source(a: &Citation, b: &Citation) -> Option<Problem> {
    let how = if same(&a.doi, &b.doi, &|d| d.trim().to_lowercase()) {
        Some("DOI")
    } else if same(&a.url, &b.url, &norm_url) {
        Some("URL")
    } else {
        None
    };
    match how {
        Some(how) => Some(Problem::SameSource {
            key: a.id.value.clone(),
            other: b.id.value.clone(),
            how,
            place: place(b),
        }),
        None if a.date.map(|d| d.year) == b.date.map(|d| d.year)
            && numbers(&a.title) == numbers(&b.title)
            && strsim::jaro_winkler(&norm_title(&a.title), &norm_title(&b.title)) >= 0.95 =>
        {
            Some(Problem::LikelySameSource {
                key: a.id.value.clone(),
                other: b.id.value.clone(),
                place: place(b),
            })
        }
        None => None,
    }
}

/// The numbers a title holds: "Report 2019" and "Report 2020", or volume 3 and volume 4 of a
/// series, are different sources however alike they read.
fn numbers(title: &str) -> Vec<&str> {
    title
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect()
}

/// Library entries no brief cites.
fn unused_entries(ws: &Workspace, cited: &[(String, &Brief)], out: &mut Vec<Diagnostic>) {
    let cited: HashSet<&str> = cited.iter().map(|(k, _)| k.as_str()).collect();
    let unused: Vec<&Citation> = ws
        .citations
        .iter()
        .filter(|c| !cited.contains(c.id.value.as_str()))
        .collect();
    if unused.len() > NAMED_ONE_BY_ONE {
        let first = unused[0];
        let problem = Problem::UnusedLibraryEntry {
            key: first.id.value.clone(),
            others: unused[1..].iter().map(|c| c.id.value.clone()).collect(),
        };
        out.push(Diagnostic::at(problem, &first.file, first.id.span.clone()));
        return;
    }
    for c in unused {
        out.push(Diagnostic::at(
            Problem::UnusedLibraryEntry {
                key: c.id.value.clone(),
                others: Vec::new(),
            },
            &c.file,
            c.id.span.clone(),
        ));
    }
}

/// Entries, in the library or a brief, lacking a field the workspace's style prints.
fn incomplete_entries(ws: &Workspace, briefs: &[Brief], out: &mut Vec<Diagnostic>) {
    let style = &ws.citation_style.value;
    let author_date = AUTHOR_DATE_STYLES.contains(&style.as_str());
    for c in ws
        .citations
        .iter()
        .chain(briefs.iter().flat_map(|b| &b.citations))
    {
        let mut missing = Vec::new();
        if author_date && c.author.is_empty() && c.publisher.is_none() {
            missing.push("an author");
        }
        if author_date && c.date.is_none() {
            missing.push("a date");
        }
        if matches!(c.kind, CitationType::Article | CitationType::News) && c.container.is_none() {
            missing.push("a container (journal or newspaper)");
        }
        if !missing.is_empty() {
            out.push(Diagnostic::at(
                Problem::IncompleteEntry {
                    key: c.id.value.clone(),
                    missing,
                    style: style.clone(),
                },
                &c.file,
                c.id.span.clone(),
            ));
        }
    }
}

/// Cited web pages last accessed more than [`STALE_AFTER_DAYS`] before the brief citing them is
/// dated.
fn stale_accesses(ws: &Workspace, cited: &[(String, &Brief)], out: &mut Vec<Diagnostic>) {
    for (key, b) in cited {
        let Some(date) = &b.date else { continue };
        let entry = b
            .citations
            .iter()
            .chain(&ws.citations)
            .find(|c| c.id.value == *key);
        if let Some(Citation {
            accessed: Some(accessed),
            file,
            ..
        }) = entry
        {
            let days = (date.value - accessed.value).num_days();
            if days > STALE_AFTER_DAYS {
                let brief = b.file.path.display().to_string();
                out.push(Diagnostic::at(
                    Problem::StaleAccess {
                        key: key.clone(),
                        accessed: accessed.value.to_string(),
                        brief,
                        days,
                    },
                    file,
                    accessed.span.clone(),
                ));
            }
        }
    }
}
