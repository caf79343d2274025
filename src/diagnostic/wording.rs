//! The words of the catalogue that depend on more than a field or two: a hint chosen by what a
//! message says, a list written out, a plural.

use crate::limits::URL_LIMIT;

/// `"s"` after a count other than one.
pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// "a, b and c".
pub(super) fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `"a", "b", "c"`.
pub(super) fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A message from elsewhere in our wording: lower-case first letter.
pub(super) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "did you mean …?" when a near name was found, then the hint that holds either way.
pub(super) fn guess_then(suggestion: &Option<String>, hint: impl Into<String>) -> Vec<String> {
    suggestion
        .iter()
        .map(|s| format!("did you mean \"{s}\"?"))
        .chain([hint.into()])
        .collect()
}

/// The hint for a TOML error, read from the parser's message.
pub(super) fn syntax_hint(message: &str) -> &'static str {
    let m = message.to_lowercase();
    if m.contains("duplicate key") {
        "each key may appear once per table; remove or rename the second one"
    } else if m.contains("invalid basic string") || m.contains("invalid string") {
        "close the string with `\"`; use `\"\"\"` for text over several lines"
    } else if m.contains("expected `=`") || m.contains("expected `.`, `=`") {
        "a key is followed by `=` and a value, e.g. title = \"...\""
    } else {
        "TOML writes `key = \"text\"`, `[table]` and `[[list]]`; docs/format.md has an example of each"
    }
}

/// How to write a value of the wrong type; a list's header and a translation's table are the
/// usual slips.
pub(super) fn wrong_type_hint(key: &str, example: &str) -> String {
    if example.starts_with("[[") {
        format!(
            "write the table header as [[{key}]], with two brackets: a brief has a list of them"
        )
    } else if example.starts_with("[evidence.") || example.starts_with("[ask.") {
        format!("a translation gives {example}, not the source's [[lists]]")
    } else {
        format!("write it as: {key} = {example}")
    }
}

/// A refused address: too long to show whole, or not absolute http(s).
pub(super) fn url_message(key: &str, url: &str) -> String {
    if url.len() > URL_LIMIT {
        let start: String = url.chars().take(40).collect();
        format!(
            "{key} \"{start}…\" is {} characters long; the limit is {URL_LIMIT}",
            url.len()
        )
    } else {
        format!("{key} \"{url}\" is not an absolute http(s) URL")
    }
}

/// The fix for a refused address, guessed only when it is a web address without its scheme.
pub(super) fn url_hint(url: &str) -> String {
    if url.len() > URL_LIMIT {
        return "link to a shorter address: the page itself, or a shortened link to it".into();
    }
    // Another scheme (file:, javascript:, mailto without the prefix…): no guess.
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    if scheme.is_some_and(|s| s != "http" && s != "https" && !s.contains(['.', '/'])) {
        return "links and sources need a web address starting with https://".into();
    }
    let host_and_path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let fixed = host_and_path.trim_start_matches('/');
    format!("write the full address, for example \"https://{fixed}\"")
}

/// What to do about a library that cannot be used, by what went wrong with it.
pub(super) fn library_hints(message: &str) -> &'static [&'static str] {
    if message.contains(" must be ") {
        &["fix the entry in the file, or export it again from your reference manager"]
    } else if message.starts_with("import ") {
        &["name the file to import and a .toml library with --into"]
    } else {
        &[
            "fix the file at the place shown, or export it again from your reference manager",
            "a library the workspace reads is named in the `library` list under [citations] in briefs.toml",
        ]
    }
}

/// The built-in styles nearest an unknown one, then the way out that always exists.
pub(super) fn style_hints(suggestions: &[String]) -> Vec<String> {
    let nearest = (!suggestions.is_empty())
        .then(|| format!("nearest built-in styles: {}", quoted_list(suggestions)));
    nearest
        .into_iter()
        .chain(["or give the path of a .csl file in the workspace".into()])
        .collect()
}

/// The character no font shows, and how many others of the same text share its fate.
pub(super) fn unshowable(ch: char, more: usize) -> String {
    let mut message = format!("no font can show \"{ch}\" (U+{:04X})", ch as u32);
    if more > 0 {
        message += &format!(" or {more} more character{} in this text", plural(more));
    }
    message
}

/// The script of a character, to say which font to add.
pub(super) fn script_hint(c: char) -> &'static str {
    match c as u32 {
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            "Arabic (Noto Sans Arabic)"
        }
        0x0590..=0x05FF => "Hebrew (Noto Sans Hebrew)",
        0x0900..=0x097F => "Devanagari (Noto Sans Devanagari)",
        0x0E00..=0x0E7F => "Thai (Noto Sans Thai)",
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => {
            "Chinese and Japanese characters (Noto Sans CJK)"
        }
        0xAC00..=0xD7AF | 0x1100..=0x11FF => "Korean (Noto Sans CJK KR)",
        0x1F000..=0x1FAFF | 0x2600..=0x27BF => "emoji (Noto Emoji)",
        _ => "this character (Noto fonts cover most scripts)",
    }
}

/// Which citations a translated text lacks and which it adds.
pub(super) fn citations_differ(what: &str, missing: &[String], extra: &[String]) -> String {
    let keys = |k: &[String]| {
        k.iter()
            .map(|k| format!("[@{k}]"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut message = format!("the translation of {what} cites other sources than the source");
    if !missing.is_empty() {
        message += &format!(": it lacks {}", keys(missing));
    }
    if !extra.is_empty() {
        let sep = if missing.is_empty() { ":" } else { ";" };
        message += &format!("{sep} it adds {}", keys(extra));
    }
    message
}

/// Where the source has a figure, what the translation has instead, and how to agree.
pub(super) fn figure_hints(source_at: &str, found: &Option<String>) -> Vec<String> {
    let instead = found.iter().map(|found| {
        format!(
            "the translation has \"{found}\" instead; if the figure changed, change it in the \
             source first"
        )
    });
    std::iter::once(format!("the source has it at {source_at}"))
        .chain(instead)
        .chain([
            "write the same figure; separators may follow the language (1,200 / 1 200; 74.4 / 74,4)"
                .into(),
        ])
        .collect()
}

/// The sections of a one-pager that take the most words.
pub(super) fn longest_sections(longest: &[(String, usize)]) -> String {
    let sections: Vec<String> = longest
        .iter()
        .map(|(name, words)| format!("{name} ({words} words)"))
        .collect();
    format!("the longest sections: {}", sections.join(", "))
}

/// B042: one entry no brief cites, or the first of many with a few others named.
pub(super) fn unused_message(key: &str, others: &[String]) -> String {
    let named: Vec<String> = others.iter().take(4).map(|k| format!("\"{k}\"")).collect();
    match others.len() {
        0 => format!("library entry \"{key}\" is not cited by any brief"),
        n => format!(
            "{} library entries are not cited by any brief: \"{key}\", {}{}",
            n + 1,
            named.join(", "),
            if n > 4 {
                format!(" and {} more", n - 4)
            } else {
                String::new()
            },
        ),
    }
}

/// B042's hint: for one entry, what to do; for many, that a library may hold more.
pub(super) fn unused_hint(others: &[String]) -> &'static str {
    if others.is_empty() {
        "cite it in a brief, or remove it from the library"
    } else {
        "a library may well hold more than the briefs cite; `brief cite list` shows every entry \
         and where it is cited"
    }
}

/// B107's hint, for one citation or for the brief.
pub(super) fn too_many_cited_hint(what: &str) -> &'static str {
    if what.contains("one citation") {
        "cite the two or three sources that matter most here; the reference list holds the rest"
    } else {
        "a brief cites the sources that carry its case: link to a report or reading list for \
         the rest"
    }
}

/// B046: the fields one entry lost, or, over many entries, each field with how many lost it
/// (`fields` then reads "abstract (812)").
pub(super) fn fields_not_kept(key: &str, fields: &[String], entries: usize) -> String {
    if entries <= 1 {
        format!(
            "entry \"{key}\": field{} not kept: {}",
            plural(fields.len()),
            fields.join(", ")
        )
    } else {
        format!(
            "{entries} entries have fields the library does not keep: {}",
            fields.join(", ")
        )
    }
}

/// B105: a key imported under another, and how many more were.
pub(super) fn key_renamed(key: &str, renamed: &str, more: usize) -> String {
    let first = format!(
        "key \"{}\" cannot be cited as written; imported as \"{renamed}\"",
        super::visible(key)
    );
    match more {
        0 => first,
        n => format!("{first}, and {n} more keys likewise (see each in the library)"),
    }
}

/// B111: an entry left out, and how many more were.
pub(super) fn entry_left_out(key: &str, message: &str, more: usize) -> String {
    let first = format!(
        "entry \"{}\" cannot be read and is left out: {message}",
        super::visible(key)
    );
    match more {
        0 => first,
        n => format!("{first}; and {n} more entries likewise"),
    }
}

/// B110: a compilation stopped by the watchdog.
pub(super) fn stopped(brief: &str, template: &str, why: &str) -> String {
    if template.is_empty() {
        format!("{brief} was stopped: it {why}")
    } else {
        format!("{brief} was stopped: typesetting it with {template} {why}")
    }
}

/// B105's hint: how to cite a renamed key.
pub(super) fn key_renamed_hint(renamed: &str) -> String {
    format!(
        "cite it as [@{renamed}]; keys use letters, digits and -_:./, and end in a letter or digit"
    )
}

/// B112: a `.bib` macro no `@string` defines.
pub(super) fn undefined_macro(name: &str, key: &str) -> String {
    format!(
        "macro \"{}\" in entry \"{}\" is not defined: it is read as empty, as BibTeX reads it",
        super::visible(name),
        super::visible(key)
    )
}

/// B039's hint, by the kind of file.
pub(super) fn bad_asset_hint(key: &str) -> &'static str {
    match key {
        "logo" => "use an SVG, PNG or JPEG file; export it again if it does not open elsewhere",
        "Word template" => {
            "save an ordinary Word file (.docx) there: its styles are used; or remove it"
        }
        "web template" => "fix the template, or remove it to use the built-in one",
        _ => "check the file against the CSL schema, or name a built-in style such as \"apa\"",
    }
}

/// B070's message.
pub(super) fn brief_too_long(len: usize, limit: usize, one_pager: bool) -> String {
    let what = if one_pager { "one-pager" } else { "brief" };
    format!("the texts of this {what} hold {len} characters together; the limit is {limit}")
}

/// B070's hint.
pub(super) fn brief_too_long_hint(one_pager: bool) -> &'static str {
    if one_pager {
        "a one-pager is a summary: shorten its texts, or use kind = \"brief\" for a longer document"
    } else {
        "a brief is read, not scrolled: move background into a separate report and cite it"
    }
}

/// B053's message.
pub(super) fn missing_word(language: &str, words: &[String]) -> String {
    match words {
        [one] => format!("layout word {one} has no {language} translation"),
        _ => format!(
            "{} layout words have no {language} translation: {}",
            words.len(),
            words.join(", ")
        ),
    }
}

/// B053's hints.
pub(super) fn missing_word_hints(language: &str) -> [String; 2] {
    [
        format!("add them to assets/i18n/{language}.toml; until then they print in English"),
        "docs/templates.md lists every word with its English text".into(),
    ]
}

/// B057's message.
pub(super) fn chart_lengths(labels: usize, values: usize, series: Option<&str>) -> String {
    format!(
        "chart has {labels} label{} but {values} value{}{}",
        plural(labels),
        plural(values),
        series
            .map(|s| format!(" in series \"{s}\""))
            .unwrap_or_default()
    )
}

/// B057's hint.
pub(super) fn chart_lengths_hint(labels: usize) -> String {
    format!(
        "give one value per label: {labels} value{}, in the order of `labels`",
        plural(labels)
    )
}

/// B113's message: what was left in (and the starter's other texts left in the same brief), and
/// for a final brief, which.
pub(super) fn placeholder(
    what: &str,
    value: &str,
    others: &[String],
    final_brief: Option<&str>,
) -> String {
    let mut left = format!("{what} is still the placeholder \"{value}\"");
    if !others.is_empty() {
        let n = others.len();
        left.push_str(&format!(
            ", as are {n} other text{} of the starter: {}",
            plural(n),
            others.join(", ")
        ));
    }
    match final_brief {
        Some(brief) => format!("{left}, and {brief} is final"),
        None => left,
    }
}

/// B113's hints.
pub(super) fn placeholder_hints(final_brief: bool) -> Vec<&'static str> {
    let mut hints = vec!["write your own: a reader takes it as meant"];
    if final_brief {
        hints.push("a final brief is not built with placeholders in it; set `status = \"draft\"` to build a draft");
    }
    hints
}

/// B115's message.
pub(super) fn unreachable_contact(none: bool) -> &'static str {
    if none {
        "the statement has no media contact"
    } else {
        "the statement's media contact has no phone number or e-mail address"
    }
}

/// B117's message: used before its expansion (at line `later`), or never expanded.
pub(super) fn acronym_message(acronym: &str, later: Option<usize>) -> String {
    match later {
        Some(line) => format!("\"{acronym}\" is used before it is spelled out (on line {line})"),
        None => format!("\"{acronym}\" is never spelled out"),
    }
}

/// B117's hints.
pub(super) fn acronym_hints(acronym: &str) -> [String; 2] {
    [
        format!("spell it out at its first use: \"Full Name ({acronym})\""),
        "abbreviations your readers know go in `[writing] acronyms` in briefs.toml".into(),
    ]
}

/// B118's message.
pub(super) fn reading_grade(grade: f64, formula: &str, target: f64) -> String {
    format!("reads at grade {grade:.1} ({formula}); the workspace's target is {target}")
}

/// B119's hints.
pub(super) fn over_budget_hints(layout: &str) -> Vec<String> {
    let mut hints =
        vec!["cut what the reader can do without: background first, then detail".to_string()];
    if layout == "one-pager" {
        hints.push("or use kind = \"brief\" for a longer document".into());
    }
    hints.push("`[writing] words` in briefs.toml sets the budgets".into());
    hints
}

/// B100's hints: Typst's own where it gives some, else where to read about the template.
pub(super) fn typst_hints(hints: &[String]) -> Vec<String> {
    match hints {
        [] => vec![
            "the template is wrong at the place shown; docs/templates.md describes the \
                    data it receives"
                .to_string(),
        ],
        given => given.to_vec(),
    }
}

/// B090's hint.
pub(super) fn io_hint(action: &str, error: &str) -> &'static str {
    if action == "listen on" {
        "another program uses that port: choose another with --port, or --port 0 for any free one"
    } else if error.contains("permission") {
        "check the permissions of the file and its folder"
    } else {
        "check that the path exists and that you can read and write there"
    }
}

/// B114's message: each open ask without a deadline, by id.
pub(super) fn no_deadline(ids: &[String]) -> String {
    match ids {
        [one] => format!("ask \"{one}\" has no deadline"),
        _ => format!("{} asks have no deadline: {}", ids.len(), quoted_list(ids)),
    }
}

/// B121's message.
pub(super) fn not_a_number(column: &str, value: &str, used_at: &str) -> String {
    format!("column \"{column}\" is \"{value}\", not a number (used at {used_at})")
}

/// B122's message.
pub(super) fn unknown_column(column: &str, no_data: bool) -> String {
    if no_data {
        format!(
            "chart value \"{{{{{column}}}}}\" names a column, but the brief has no [data] table"
        )
    } else {
        format!("no column \"{column}\" in the data file")
    }
}

/// B122's hints.
pub(super) fn unknown_column_hints(suggestion: Option<&str>, no_data: bool) -> Vec<String> {
    if no_data {
        return vec!["add [data] with `file` and `key`, or write the number".into()];
    }
    let mut hints = Vec::new();
    if let Some(s) = suggestion {
        hints.push(format!("did you mean \"{s}\"?"));
    }
    hints.push("a placeholder names a column of the data file's header: {{column}}".into());
    hints
}

/// B123's message.
pub(super) fn row_key(key: &str, column: &str, first_line: Option<usize>) -> String {
    match first_line {
        Some(line) => format!("row's {column} \"{key}\" is the same as the row on line {line}"),
        None if key.is_empty() => format!("row has no {column}"),
        None => format!("no column \"{column}\" in the data file for the key"),
    }
}
