//! A source as a hayagriva entry, built field by field from typed values: no string passes
//! through a syntax (YAML, BibTeX, hayagriva's `$math$` and `{verbatim}` chunks), so every
//! character of a title, an author or a publisher prints as written.

use hayagriva::types::{
    ChunkKind, Date, EntryType, FormatString, MaybeTyped, Numeric, PageRanges, Person, PersonRole,
    PersonsWithRoles, Publisher, QualifiedUrl, SerialNumber, StringChunk,
};
use hayagriva::Entry;

use crate::model::{Choice, Citation, PartialDate};

/// The hayagriva entry of one source.
pub fn entry(c: &Citation) -> Entry {
    let (kind, parent) = match c.kind.name() {
        "article" => (EntryType::Article, Some(EntryType::Periodical)),
        "news" => (EntryType::Article, Some(EntryType::Newspaper)),
        "web" => (EntryType::Web, Some(EntryType::Web)),
        "report" | "statement" | "dataset" => (EntryType::Report, None),
        "book" => (EntryType::Book, None),
        "chapter" => (EntryType::Chapter, Some(EntryType::Book)),
        "thesis" => (EntryType::Thesis, None),
        "legislation" => (EntryType::Legislation, None),
        // A case's reporter is its container, as a reference work is.
        "case" => (EntryType::Case, Some(EntryType::Reference)),
        // A paper in proceedings, whose title, editors and publisher are a book's (below).
        "conference" => (EntryType::Article, Some(EntryType::Book)),
        _ => (EntryType::Misc, None),
    };
    let mut e = Entry::new(&c.id.value, kind);
    // hayagriva has no type for these; CSL styles set press releases and data sets as reports
    // with a genre, which is what citation styles expect.
    match c.kind.name() {
        "statement" => e.set_genre(literal("Statement")),
        "dataset" => e.set_genre(literal("Data set")),
        _ => {}
    }
    e.set_title(title(c));
    if !c.author.is_empty() {
        e.set_authors(authors(c));
    }
    if let Some(g) = &c.genre {
        e.set_genre(literal(g));
    }
    let editors: Vec<Person> = c.editor.iter().map(|a| person(a)).collect();
    if let Some(d) = c.date {
        e.set_date(date(d));
    }
    let publisher = || {
        (c.publisher.is_some() || c.place.is_some()).then(|| {
            Publisher::new(
                c.publisher.as_deref().map(literal),
                c.place.as_deref().map(literal),
            )
        })
    };
    if let Some(p) = publisher() {
        e.set_publisher(p);
    }
    // CSL's `authority`: the court that decided, the legislature that enacted.
    if let Some(court) = &c.court {
        e.set_organization(literal(court));
    }
    if !c.translator.is_empty() {
        let names = c.translator.iter().map(|a| person(a)).collect();
        e.set_affiliated(vec![PersonsWithRoles::new(names, PersonRole::Translator)]);
    }
    if let Some(url) = &c.url {
        // The checks refused a URL that does not parse; one that still fails is left out
        // rather than printed wrong.
        if let Ok(value) = url::Url::parse(&url.value) {
            let visited = c.accessed.as_ref().map(|a| {
                date(PartialDate {
                    year: chrono::Datelike::year(&a.value),
                    month: Some(chrono::Datelike::month(&a.value)),
                    day: Some(chrono::Datelike::day(&a.value)),
                })
            });
            e.set_url(QualifiedUrl::new(value, visited));
        }
    }
    numbers(&mut e, c);
    if let Some(ed) = &c.edition {
        e.set_edition(typed::<Numeric>(ed));
    }
    if let Some(n) = &c.note {
        e.set_note(literal(n));
    }
    // A chapter is in a book, a conference paper in proceedings: both have editors and a
    // publisher of their own.
    let chapter = matches!(
        c.kind,
        crate::model::CitationType::Chapter | crate::model::CitationType::Conference
    );
    let legislation = c.kind == crate::model::CitationType::Legislation;
    if let (Some(container), false) = (&c.container, legislation) {
        let mut p = Entry::new(&c.id.value, parent.unwrap_or(EntryType::Misc));
        p.set_title(literal(container));
        // A chapter is "In J. Smith & J. Doe (Eds.), Book. Publisher": the book's editors and
        // publisher are the book's.
        if chapter {
            if !editors.is_empty() {
                p.set_editors(editors.clone());
            }
            if let Some(publisher) = publisher() {
                p.set_publisher(publisher);
            }
            if let Some(v) = &c.volume {
                p.set_volume(typed::<Numeric>(v));
            }
        }
        // CSL's paper-conference is an article with proceedings for a parent; hayagriva also
        // prints proceedings' title as a volume title, which styles set after the container
        // ("Proceedings …: Proceedings …"). So the proceedings stay untitled and the book
        // carries the title.
        let conference = c.kind == crate::model::CitationType::Conference;
        let proceedings = conference.then(|| Entry::new(&c.id.value, EntryType::Proceedings));
        e.set_parents(std::iter::once(p).chain(proceedings).collect());
    }
    // An edited volume's own editors (a chapter's went to its book above).
    let in_book = chapter && c.container.is_some();
    if !(editors.is_empty() || in_book) {
        e.set_editors(editors);
    }
    e
}

/// The authors, and a stand-in for those not named, printed "et al." (see `rich::et_al`).
fn authors(c: &Citation) -> Vec<Person> {
    let mut people: Vec<Person> = c.author.iter().map(|a| person(a)).collect();
    if c.et_al {
        people.push(Person {
            name: super::ET_AL.to_string(),
            ..person("")
        });
    }
    people
}

/// A source's numbers: its DOI, pages, volume, and its issue or serial number.
fn numbers(e: &mut Entry, c: &Citation) {
    let mut numbers = std::collections::BTreeMap::new();
    if let Some(doi) = &c.doi {
        numbers.insert("doi".to_string(), doi.value.clone());
    }
    // A report's number ("Report No. TR-42") is its serial number to CSL, not an issue.
    // A case's docket number too.
    let numbered = matches!(
        c.kind,
        crate::model::CitationType::Report | crate::model::CitationType::Case
    );
    if let (true, Some(n)) = (numbered, &c.issue) {
        numbers.insert("serial".to_string(), as_written(n));
    }
    if !numbers.is_empty() {
        e.set_serial_number(SerialNumber(numbers));
    }
    if let Some(p) = &c.pages {
        // Typed when it reads as pages ("12-19", "4, 7"), kept as written otherwise.
        e.set_page_range(typed::<PageRanges>(p));
    }
    // A chapter's volume is its book's (set there): on the chapter too, styles printed
    // "(Vol. 64, Pt. 64)".
    let in_book = matches!(
        c.kind,
        crate::model::CitationType::Chapter | crate::model::CitationType::Conference
    ) && c.container.is_some();
    if let (Some(v), false) = (&c.volume, in_book) {
        e.set_volume(typed::<Numeric>(v));
    }
    // A report's number is its serial number (above), printed once: as an issue too, styles
    // printed "(No. 23296; Issue 23296)".
    if let (false, Some(i)) = (numbered, &c.issue) {
        e.set_issue(typed::<Numeric>(i));
    }
}

/// The title: a case's or law's name is a proper name, kept as written (styles' title case
/// printed "Brown V. Board" and "Et Seq.").
fn title(c: &Citation) -> FormatString {
    let legal = matches!(
        c.kind,
        crate::model::CitationType::Case | crate::model::CitationType::Legislation
    );
    match legal {
        true => FormatString::from(StringChunk::new(legal_title(c), ChunkKind::Verbatim)),
        false => literal(&c.title),
    }
}

/// A law's title as legal styles print it, "Title, Code § Section": hayagriva gives a law no
/// container and no section for a style to print, so its code and section follow its title.
fn legal_title(c: &Citation) -> String {
    if c.kind != crate::model::CitationType::Legislation {
        return c.title.clone();
    }
    let cite: Vec<&str> = [c.container.as_deref(), c.section.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if cite.is_empty() {
        c.title.clone()
    } else {
        format!("{}, {}", c.title, cite.join(" "))
    }
}

/// Text that prints exactly as written (case changes of the style still apply).
fn literal(s: &str) -> FormatString {
    FormatString::from(StringChunk::new(s, ChunkKind::Normal))
}

/// "Family, Given" is a person; a name without a comma, and "Meta Platforms, Inc."-style
/// company names, an organisation, kept whole (hayagriva would split it into given and family
/// names).
fn person(name: &str) -> Person {
    const COMPANY: &[&str] = &[
        "inc", "inc.", "ltd", "ltd.", "llc", "llp", "plc", "corp", "corp.", "co.", "gmbh", "s.a.",
        "ag",
    ];
    let organisation = || Person {
        name: name.to_string(),
        given_name: None,
        prefix: None,
        suffix: None,
        comma_suffix: false,
        alias: None,
    };
    // A name in braces is kept whole, commas and all.
    if let Some(whole) = name.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
        return Person {
            name: whole.to_string(),
            ..organisation()
        };
    }
    match name.rsplit_once(',') {
        Some((_, after)) if !COMPANY.contains(&after.trim().to_lowercase().as_str()) => {
            // hayagriva's own reading of "Family, Given, Suffix" (with "van"-style prefixes);
            // it only splits at commas, so no character is lost.
            Person::from_strings(name.split(',').collect()).unwrap_or_else(|_| organisation())
        }
        _ => organisation(),
    }
}

/// A date as precise as it was written.
fn date(d: PartialDate) -> Date {
    Date {
        year: d.year,
        month: d.month.map(|m| (m - 1) as u8),
        day: d.day.map(|d| (d - 1) as u8),
        approximate: false,
        season: None,
    }
}

/// A report's number kept as written: hayagriva reads `NA-08-01` as a range ("NA-8–1", and
/// "Nos."); its hyphens, non-breaking (U+2011), read as no range and look the same.
fn as_written(number: &str) -> String {
    let letters = number.chars().any(char::is_alphabetic);
    let padded = number.split('-').any(|p| p.len() > 1 && p.starts_with('0'));
    if number.contains('-') && (letters || padded) {
        number.replace('-', "\u{2011}")
    } else {
        number.to_string()
    }
}

/// A value hayagriva understands typed ("12", "4-9") when it can, else as written.
fn typed<T: std::str::FromStr>(s: &str) -> MaybeTyped<T> {
    s.parse::<T>()
        .map(MaybeTyped::Typed)
        .unwrap_or_else(|_| MaybeTyped::String(s.to_string()))
}
