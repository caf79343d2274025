//! The catalogue of problems: for each, its code, severity, exit status, message and hints in one
//! entry, in the order of the codes (the table of `docs/format.md`).

use super::table::catalogue;
use super::wording::*;
use super::Severity::{Error, Warning};
use super::{slug, visible};

catalogue! {
    /// Everything that can go wrong, with all the words users read in one place.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Problem {
        // The file as a whole.

        /// The TOML parser refused the file.
        Syntax { message: String } => {
            code: "B001", severity: Error, message: format!("invalid TOML: {message}"),
            hints: [syntax_hint(message)],
        },
        /// The file is not UTF-8.
        NotUtf8 { offset: usize } => {
            code: "B002", severity: Error,
            message: format!("file is not valid UTF-8 (bad byte at offset {offset})"),
            hints: ["save the file with UTF-8 encoding"],
        },
        /// The file holds nothing.
        Empty => {
            code: "B003", severity: Error, message: "file is empty",
            hints: [
                "a brief needs `title`, `date`, `[position]`, one `[[evidence]]` and one `[[ask]]`",
                "`brief new NAME` writes a commented starter",
            ],
        },
        /// The file is larger than any brief could reasonably be.
        TooLarge { size: u64, limit: u64 } => {
            code: "B004", severity: Error,
            message: format!("file is too large ({} KiB; the limit is {} KiB)", size / 1024, limit / 1024),
            hints: ["briefs and libraries are text of a few kilobytes; is this the right file?"],
        },

        // The keys and values of a brief.

        /// A required key is absent.
        MissingKey { key: String, table: String, example: &'static str } => {
            code: "B010", severity: Error,
            message: format!("missing required key \"{key}\" in {table}"),
            hints: [format!("add it: {key} = {example}")],
        },
        /// A value has the wrong TOML type.
        WrongType {
            key: String,
            expected: &'static str,
            found: &'static str,
            example: &'static str,
        } => {
            code: "B011", severity: Error,
            message: format!("\"{key}\" must be {expected}, found {found}"),
            hints: [wrong_type_hint(key, example)],
        },
        /// A `[@key]` or `sources` entry names no citation.
        UnknownCitation { key: String, suggestion: Option<String> } => {
            code: "B012", severity: Error,
            message: format!("unknown citation key \"{}\"", visible(key)),
            hints: guess_then(
                suggestion,
                "define it in a [[citation]] table or in the workspace library",
            ),
        },
        /// A key the format does not define.
        UnknownKey {
            key: String,
            table: String,
            suggestion: Option<String>,
            known: Vec<String>,
        } => {
            code: "B013", severity: Error, message: format!("unknown key \"{key}\" in {table}"),
            hints: [match suggestion {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => format!("remove it; the keys of {table} are: {}", known.join(", ")),
            }],
        },
        /// A string that must be one of a fixed set.
        BadEnum {
            key: String,
            value: String,
            allowed: &'static [&'static str],
            suggestion: Option<String>,
        } => {
            code: "B014", severity: Error, message: format!("invalid {key} \"{value}\""),
            hints: guess_then(suggestion, format!("expected one of: {}", quoted_list(allowed))),
        },
        /// An id that is not `[a-z0-9-]+`.
        BadId { id: String } => {
            code: "B015", severity: Error, message: format!("invalid id \"{}\"", visible(id)),
            hints: [format!(
                "ids use lower-case letters, digits and \"-\", for example \"{}\"",
                slug(id)
            )],
        },
        /// Two items share an id.
        DuplicateId { id: String, what: &'static str, first_line: usize } => {
            code: "B016", severity: Error,
            message: match *what {
                // Evidence items and asks share one namespace: their ids are just "ids".
                "item" => format!("duplicate id \"{id}\""),
                _ => format!("duplicate {what} id \"{id}\""),
            },
            hints: [format!("the first one is on line {first_line}; rename one of them")],
        },
        /// An evidence item with no citation at all.
        Unsupported { id: String } => {
            code: "B017", severity: Error, message: format!("evidence \"{id}\" cites no source"),
            hints: [
                "add `sources = [\"key\"]` or cite inline with [@key] in the claim or detail",
            ],
        },
        /// An `ask.evidence` entry naming no evidence item.
        UnknownEvidence { id: String, suggestion: Option<String> } => {
            code: "B018", severity: Error,
            message: format!("unknown evidence id \"{}\"", visible(id)),
            hints: guess_then(suggestion, "list the `id` of an [[evidence]] item of this brief"),
        },
        /// A deadline earlier than the brief.
        DeadlineBeforeDate { by: String, date: String } => {
            code: "B019", severity: Error,
            message: format!("deadline {by} is before the brief's date {date}"),
            hints: [format!(
                "a deadline must be on or after the brief's date ({date}); update `by` or remove it"
            )],
        },
        /// A URL that is not absolute http(s).
        BadUrl { key: &'static str, url: String } => {
            code: "B020", severity: Error, message: url_message(key, url),
            hints: [url_hint(url)],
        },
        /// A DOI not of the form `10.xxxx/...`.
        BadDoi { doi: String, fixed: Option<String> } => {
            code: "B021", severity: Error, message: format!("invalid DOI \"{doi}\""),
            hints: [match fixed {
                Some(f) => format!("write only the DOI itself: doi = \"{f}\""),
                None => "a DOI starts with \"10.\", a registrant code, \"/\" and a suffix".into(),
            }],
        },
        /// A web or news citation with a URL but no access date.
        MissingAccessed { id: String, kind: String } => {
            code: "B022", severity: Error,
            message: format!("{kind} citation \"{id}\" has a url but no \"accessed\" date"),
            hints: ["add the date you last checked the page, for example: accessed = 2024-03-07"],
        },
        /// A path that leaves the workspace.
        OutsideWorkspace { key: &'static str, path: String } => {
            code: "B023", severity: Error,
            message: format!("{key} \"{path}\" is outside the workspace"),
            hints: [format!(
                "keep the {key} inside the workspace folder (where briefs.toml is): a workspace \
                 reads and writes only there"
            )],
        },
        /// A citation key defined twice with different content.
        CitationConflict { key: String, fields: Vec<String>, other: String } => {
            code: "B024", severity: Error,
            message: format!(
                "citation \"{key}\" differs from the library's entry of the same key ({})",
                fields.join(", ")
            ),
            hints: [
                format!("the library defines it at {other}"),
                "make both the same, or remove the brief's copy to use the library's".into(),
            ],
        },
        /// A partial date string that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
        BadDate { value: String } => {
            code: "B025", severity: Error, message: format!("invalid date \"{value}\""),
            hints: ["write a TOML date (2024-03-07) or a string \"2024\" or \"2024-05\""],
        },
        /// `[[evidence]]` or `[[ask]]` is missing entirely.
        NoItems { table: &'static str } => {
            code: "B026", severity: Error, message: format!("the brief has no [[{table}]] item"),
            hints: [format!("add at least one [[{table}]] table")],
        },
        /// A file a brief refers to does not exist.
        MissingFile { key: &'static str, path: String } => {
            code: "B027", severity: Error, message: format!("{key} file \"{path}\" not found"),
            hints: ["paths are relative to the workspace folder (where briefs.toml is)"],
        },
        /// A template name that is neither built in nor a `.typ` path.
        UnknownTemplate { name: String, suggestion: Option<String> } => {
            code: "B028", severity: Error, message: format!("unknown template \"{name}\""),
            hints: guess_then(
                suggestion,
                "use \"brief\", \"one-pager\", \"statement\" or a path to a .typ file",
            ),
        },
        /// An evidence `stat` naming no library figure.
        UnknownStat { id: String, suggestion: Option<String> } => {
            code: "B029", severity: Error, message: format!("unknown figure \"{}\"", visible(id)),
            hints: guess_then(
                suggestion,
                "define it as a [[stat]] in the library, or write \
                 stat = { value = \"...\", label = \"...\" }",
            ),
        },
        /// A language that is not a BCP 47 tag.
        BadLanguage { tag: String } => {
            code: "B030", severity: Error, message: format!("invalid language tag \"{tag}\""),
            hints: [if tag.contains('_') {
                format!("BCP 47 tags use \"-\": did you mean \"{}\"?", tag.replace('_', "-"))
            } else {
                "use a BCP 47 tag such as \"en\", \"fr\" or \"en-CA\"".into()
            }],
        },
        /// A required text that is empty.
        EmptyValue { key: String } => {
            code: "B031", severity: Error, message: format!("\"{key}\" must not be empty"),
            hints: ["write the text, or remove the key if it is optional"],
        },
        /// A library file could not be read or parsed.
        BadLibrary { path: String, message: String } => {
            code: "B032", severity: Error,
            message: format!("cannot use citation library {path}: {message}"),
            hints: library_hints(message).iter().copied(),
        },
        /// An accent colour that is not `#rrggbb`.
        BadColour { value: String } => {
            code: "B033", severity: Error, message: format!("invalid colour \"{value}\""),
            hints: ["write a hex colour such as \"#1f4e79\""],
        },
        /// A citation style that is neither built in nor a `.csl` file.
        UnknownStyle { name: String, suggestions: Vec<String> } => {
            code: "B034", severity: Error, message: format!("unknown citation style \"{name}\""),
            hints: style_hints(suggestions),
        },
        /// Characters no embedded or workspace font has.
        Unshowable { ch: char, more: usize } => {
            code: "B035", severity: Error, message: unshowable(*ch, *more),
            hints: [format!(
                "put a font with {} in the workspace's assets/fonts/ folder; the embedded fonts \
                 cover Latin, Greek and Cyrillic",
                script_hint(*ch)
            )],
        },
        /// A control character in text.
        ControlChar { code: u32 } => {
            code: "B036", severity: Error,
            message: match char::from_u32(*code).is_some_and(char::is_control) {
                true => format!("control character U+{code:04X} in text"),
                false => format!("character U+{code:04X} in text, which a PDF may not hold"),
            },
            hints: [
                "remove it; write a line break as a new line in a \"\"\"multi-line\"\"\" string",
            ],
        },
        /// A path written with Windows separators.
        Backslash { key: &'static str, path: String } => {
            code: "B037", severity: Error,
            message: format!("{key} path \"{path}\" uses backslashes"),
            hints: [format!(
                "separate folders with `/`, which works on every system: \"{}\"",
                path.replace('\\', "/")
            )],
        },
        /// An e-mail address that is not one.
        BadEmail { email: String } => {
            code: "B038", severity: Error, message: format!("\"{email}\" is not an e-mail address"),
            hints: ["write the address alone, like media@example.org"],
        },
        /// A file the workspace names (logo, citation style) that cannot be used.
        BadAsset { key: &'static str, path: String, message: String } => {
            code: "B039", severity: Error,
            message: format!("{key} \"{path}\" cannot be used: {}", lower_first(message)),
            hints: [bad_asset_hint(key)],
        },

        // The citation library (`brief cite check`, `brief cite import`).

        /// One source under two keys of the library (same DOI or URL).
        SameSource { key: String, other: String, how: &'static str, place: String } => {
            code: "B040", severity: Error,
            message: format!("citation \"{key}\" has the same {how} as \"{other}\""),
            hints: [
                format!("\"{other}\" is defined at {place}"),
                "keep one key and cite it everywhere, so the reference list shows the source once"
                    .into(),
            ],
        },
        /// Two library entries whose titles and years nearly match.
        LikelySameSource { key: String, other: String, place: String } => {
            code: "B041", severity: Warning,
            message: format!(
                "citation \"{key}\" looks like the same source as \"{other}\" (title and year)"
            ),
            hints: [
                format!("\"{other}\" is defined at {place}"),
                "keep one key and cite it everywhere, so the reference list shows the source once"
                    .into(),
            ],
        },
        /// A library entry no brief cites.
        UnusedLibraryEntry { key: String, others: Vec<String> } => {
            code: "B042", severity: Warning, message: unused_message(key, others),
            hints: [unused_hint(others)],
        },
        /// An entry without what the citation style needs.
        IncompleteEntry { key: String, missing: Vec<&'static str>, style: String } => {
            code: "B043", severity: Warning,
            message: format!(
                "citation \"{key}\" lacks {} that the {style} style prints",
                and_list(missing)
            ),
            hints: [format!("add {}", and_list(missing))],
        },
        /// A web source checked long before the brief that cites it.
        StaleAccess { key: String, accessed: String, brief: String, days: i64 } => {
            code: "B044", severity: Warning,
            message: format!(
                "citation \"{key}\" was last accessed on {accessed}, {days} days before {brief} \
                 cites it"
            ),
            hints: ["check the page again and update `accessed`"],
        },
        /// `cite import` met a key that already means something else.
        ImportConflict { key: String, fields: Vec<String>, place: String } => {
            code: "B045", severity: Error,
            message: format!(
                "key \"{key}\" is already in the library with different content ({})",
                fields.join(", ")
            ),
            hints: [
                format!("the library's entry is at {place}"),
                "rename the key in the imported file, or make the two the same".into(),
            ],
        },
        /// Fields of an imported entry that the library has no place for.
        FieldsNotKept { key: String, fields: Vec<String>, entries: usize } => {
            code: "B046", severity: Warning, message: fields_not_kept(key, fields, *entries),
            hints: ["a [[citation]] keeps what citation styles print; add what matters to `note`"],
        },

        // Advice on a brief, and its length.

        /// A citation the brief defines but never cites.
        UnusedCitation { key: String } => {
            code: "B050", severity: Warning, message: format!("citation \"{key}\" is never cited"),
            hints: [format!("cite it with [@{key}] or in `sources`, or remove it")],
        },
        /// A title longer than the format allows.
        TitleTooLong { len: usize, limit: usize } => {
            code: "B051", severity: Warning,
            message: format!("title is {len} characters long; the limit is {limit}"),
            hints: ["move detail into `subtitle`"],
        },
        /// More key messages than a reader takes in.
        TooManyKeyMessages { count: usize } => {
            code: "B052", severity: Warning,
            message: format!("{count} key messages; the format suggests 2 to 5"),
            hints: ["readers take in 2 to 5 points; merge or cut some"],
        },
        /// Layout words a language lacks (names, or `[dates] months`, `[call]`).
        MissingWord { language: String, words: Vec<String> } => {
            code: "B053", severity: Warning, message: missing_word(language, words),
            hints: missing_word_hints(language),
        },
        /// A language with no layout words, built in or in the workspace.
        NoWords { language: String } => {
            code: "B054", severity: Warning,
            message: format!(
                "no layout words for language \"{language}\"; English words are printed"
            ),
            hints: [
                format!("add assets/i18n/{language}.toml with the layout words in that language"),
                "docs/templates.md lists every word with its English text".into(),
            ],
        },
        /// A text field longer than the format allows.
        TextTooLong { len: usize, limit: usize } => {
            code: "B055", severity: Error,
            message: format!("text of {len} characters is over the limit of {limit}"),
            hints: [
                "a brief is read, not scrolled: cut it, or move the detail to a linked report",
            ],
        },
        /// More findings or asks than the format allows.
        TooManyItems { table: &'static str, count: usize, limit: usize } => {
            code: "B056", severity: Error,
            message: format!("{count} [[{table}]] items are over the limit of {limit}"),
            hints: [format!("split the brief in two, or keep the strongest [[{table}]] items")],
        },

        // Charts.

        /// A chart whose labels and values differ in number.
        ChartLengths { labels: usize, values: usize, series: Option<String> } => {
            code: "B057", severity: Error,
            message: chart_lengths(*labels, *values, series.as_deref()),
            hints: [chart_lengths_hint(*labels)],
        },
        /// A chart of fewer than two points.
        ChartTooFew { points: usize } => {
            code: "B058", severity: Error,
            message: format!("chart has {points} point{}; it needs at least two", plural(*points)),
            hints: [
                "a chart shows a change; a single number reads better as `stat = { value, label }`",
            ],
        },
        /// `inf` or `nan` among a chart's values.
        ChartNotFinite { value: String } => {
            code: "B059", severity: Error, message: format!("chart value {value} is not a number"),
            hints: ["write the number, or leave the point out of `labels` and `values`"],
        },
        /// A chart value too large to print on an axis.
        ChartOutOfRange { value: String } => {
            code: "B071", severity: Error,
            message: format!("chart value {value} is too large to plot"),
            hints: ["chart values lie between -1e15 and 1e15; give them in a larger unit (millions, billions) and say so in `unit`"],
        },
        /// More points than a chart of its kind can show legibly.
        ChartTooMany { points: usize, limit: usize, kind: &'static str } => {
            code: "B060", severity: Error,
            message: format!(
                "chart has {points} points; a {kind} chart of more than {limit} cannot be read"
            ),
            hints: ["show fewer points (every other year, or the last ten), or group them"],
        },
        /// One label twice in a chart.
        ChartDuplicateLabel { label: String } => {
            code: "B061", severity: Error,
            message: format!("chart label \"{label}\" appears twice"),
            hints: ["each label names one point; merge or rename them"],
        },
        /// A `highlight` that is none of the labels.
        ChartHighlight { label: String, suggestion: Option<String> } => {
            code: "B062", severity: Error,
            message: format!("chart highlight \"{label}\" is not one of its labels"),
            hints: guess_then(suggestion, "`highlight` names one of the `labels`"),
        },
        /// A chart with both `values` and `series`.
        ChartValuesAndSeries => {
            code: "B063", severity: Error, message: "chart has both `values` and `series`",
            hints: [
                "one series: `values = [...]`; several: \
                 `series = [{ name = \"...\", values = [...] }, ...]`",
            ],
        },

        // Translations.

        /// A translation's `translation-of` that names no usable source brief.
        TranslationSource { path: String, reason: String } => {
            code: "B064", severity: Error,
            message: format!("the source of this translation, \"{path}\", {reason}"),
            hints: [
                "`translation-of` names the brief this one translates, relative to this file: \
                 translation-of = \"housing.toml\"",
                "a translation builds from its source, so the source must load \
                 (`brief check` on it says why not)",
            ],
        },
        /// A text of the source that the translation does not give (pointing at the source's text).
        Untranslated {
            what: String,
            /// The translation, as shown.
            translation: String,
            /// Where to write it: `[evidence.ID]` `claim`.
            table: Option<String>,
            field: String,
        } => {
            code: "B065", severity: Error,
            message: format!("{translation} does not translate {what}"),
            hints: [match table {
                Some(t) => format!("translate it in {translation}, under {t}: {field}"),
                None => format!("translate it in {translation}: {field}"),
            }],
        },
        /// A translated item or list element the source does not have.
        NotInSource { what: String, suggestion: Option<String> } => {
            code: "B066", severity: Error, message: format!("{what} is not in the source brief"),
            hints: guess_then(
                suggestion,
                "a translation gives the texts of its source's items, under the same ids; \
                 it cannot add items",
            ),
        },
        /// A translated text that cites other sources than the source's text.
        CitationsDiffer { what: String, missing: Vec<String>, extra: Vec<String> } => {
            code: "B067", severity: Error, message: citations_differ(what, missing, extra),
            hints: [
                "a translation cites what its source cites, in each text: \
                 keep every [@key] of the source text",
            ],
        },
        /// A figure of the source text that the translation does not have.
        FigureMissing {
            what: String,
            figure: String,
            /// Where the source has it: `briefs/x.toml:12:30`.
            source_at: String,
            /// The translation's figure in its place, if it has one the source lacks.
            found: Option<String>,
        } => {
            code: "B068", severity: Warning,
            message: match found {
                Some(found) => format!(
                    "figure \"{figure}\" of the source is \"{found}\" in the translation of {what}"
                ),
                None => format!(
                    "figure \"{figure}\" of the source is missing from the translation of {what}"
                ),
            },
            hints: figure_hints(source_at, found),
        },
        /// A source text that changed after the translation was last reviewed.
        SourceChanged {
            what: String,
            source_at: String,
            /// The source's text as it now reads (shortened).
            now: String,
            translation: String,
        } => {
            code: "B069", severity: Warning,
            message: format!("{what} changed in the source after this translation was reviewed"),
            hints: [
                format!("the source now reads: \"{now}\""),
                format!("review the translation against the source at {source_at}"),
                format!("then record the review: brief translate --accept {translation}"),
            ],
        },

        // The length of a brief as a whole.

        /// All the texts of a brief together over the limit of its layout.
        BriefTooLong { len: usize, limit: usize, one_pager: bool } => {
            code: "B070", severity: Error, message: brief_too_long(*len, *limit, *one_pager),
            hints: [brief_too_long_hint(*one_pager)],
        },

        // The surroundings: files, folders and the command line.

        /// A file could not be read or written.
        Io { path: String, action: &'static str, error: String } => {
            code: "B090", severity: Error, environment: true,
            message: format!("cannot {action} {path}: {error}"),
            hints: [io_hint(action, error)],
        },
        /// A folder with no briefs in it.
        NoBriefs { dir: String, libraries: Vec<String> } => {
            code: "B091", severity: Error, environment: true,
            message: format!("no briefs found in {dir}"),
            hints: [match libraries.first() {
                None => "briefs are .toml files; `brief new NAME` starts one".to_string(),
                Some(l) => format!(
                    "{l} is named in [citations] library of briefs.toml, so it is read as a \
                     library, not built as a brief: name the library file there instead"
                ),
            }],
        },
        /// A path given on the command line that is neither a `.toml` file nor a folder.
        NotABrief { path: String } => {
            code: "B092", severity: Error, environment: true,
            message: format!("{path} is not a brief"),
            hints: [
                "give a brief's .toml file or a folder of them; briefs.toml and the citation \
                 library are read on their own",
            ],
        },
        /// A command that needs a workspace found none.
        NoWorkspace { path: String } => {
            code: "B093", severity: Error, environment: true,
            message: format!("no briefs.toml in {path} or any folder above it"),
            hints: [
                "run it inside a workspace (a folder with briefs.toml); `brief init` makes one",
            ],
        },
        /// A file a command would create already exists.
        Exists { path: String } => {
            code: "B094", severity: Error, environment: true,
            message: format!("{path} already exists"),
            hints: ["choose another name, or remove the file first"],
        },
        /// A name for a new brief that is not a plain file name.
        BadName { name: String } => {
            code: "B095", severity: Error, environment: true,
            message: format!("\"{name}\" is not a plain file name"),
            hints: [
                "give a plain name such as housing-2025; the brief is written to briefs/NAME.toml",
            ],
        },
        /// Two briefs of one build would write the same PDF.
        SameOutput { pdf: String, other: String } => {
            code: "B096", severity: Error,
            message: format!("this brief and {other} would both be written to {pdf}"),
            hints: ["build them in separate calls with different -o folders, or rename one"],
        },
        /// A path that is a device, a pipe or another thing that is not a regular file.
        NotAFile { path: String } => {
            code: "B097", severity: Error, environment: true,
            message: format!("{path} is not a regular file"),
            hints: ["name a regular file: a folder, device, pipe or socket is never read as one"],
        },
        /// An output path that would replace something that is not an output.
        WouldReplace { path: String, reason: &'static str } => {
            code: "B098", severity: Error, environment: true,
            message: format!("refusing to write {path}: {reason}"),
            hints: [
                "choose another output name, or move that file away if it is no longer needed",
            ],
        },
        /// A file of the workspace's own folders (fonts, layout words) that leads out of it.
        SkippedOutside { path: String } => {
            code: "B099", severity: Warning,
            message: format!("{path} leads out of the workspace and is not read"),
            hints: [
                "copy the file into the workspace instead of linking to it: a workspace someone sends must not read elsewhere",
            ],
        },

        // Typesetting and the tool itself.

        /// Typst refused the document (mostly from custom templates).
        Typst { message: String, hints: Vec<String>, warning: bool } => {
            code: "B100", severity: if *warning { Warning } else { Error }, message: message,
            hints: typst_hints(hints),
        },
        /// A one-pager that does not fit on one page.
        OnePagerOverflow {
            pages: usize,
            percent: usize,
            lines: usize,
            longest: Vec<(String, usize)>,
        } => {
            code: "B101", severity: Error,
            message: format!(
                "one-pager does not fit on one page: it runs to {pages} pages, about {percent}% \
                 (some {lines} line{}) too long",
                plural(*lines)
            ),
            hints: [
                longest_sections(longest),
                "shorten them, or use kind = \"brief\" for a longer document".into(),
            ],
        },
        /// A web template (HTML edition) that does not render.
        WebTemplate { message: String } => {
            code: "B102", severity: Error, message: format!("web template: {message}"),
            hints: [
                "the web template is wrong at the place shown; docs/templates.md describes the \
                 data it receives",
            ],
        },
        /// The tool itself failed on one brief (a bug): the others still build.
        Crashed { brief: String, message: String } => {
            code: "B103", severity: Error,
            message: format!("internal error while building {brief}: {message}"),
            hints: [
                "this is a bug in brief, not in the brief: please report it with the brief that \
                 caused it",
            ],
        },
        /// A text given on the command line (`pack --title`) that a page cannot print.
        BadOptionText { option: &'static str, why: String } => {
            code: "B104", severity: Error, environment: true,
            message: format!("{option}: {why}"),
            hints: ["give one line of plain text, as a brief's title would be"],
        },
        /// An imported entry's key that a brief could not cite, imported under another.
        KeyRenamed { key: String, renamed: String, more: usize } => {
            code: "B105", severity: Warning, message: key_renamed(key, renamed, *more),
            hints: [key_renamed_hint(renamed)],
        },
        /// A brief named as a citation library.
        BriefAsLibrary { path: String } => {
            code: "B106", severity: Error,
            message: format!("{path} is a brief, not a citation library"),
            hints: ["a library holds only [[citation]] and [[stat]] tables: name citations.toml, \
                     a .bib or a CSL-JSON .json file in [citations] library"],
        },
        /// More sources cited than a brief, or one citation, may hold.
        TooManyCited { what: &'static str, count: usize, limit: usize } => {
            code: "B107", severity: Error,
            message: format!("{count} {what} are over the limit of {limit}"),
            hints: [too_many_cited_hint(what)],
        },
        /// A font file in `assets/fonts/` that cannot be used.
        UnusableFont { path: String, why: &'static str } => {
            code: "B108", severity: Warning, message: format!("{path} is skipped: {why}"),
            hints: ["replace it with a working .ttf, .otf or .ttc file, or remove it"],
        },
        /// A chart label too long to print under its point whole.
        LongChartLabel { len: usize, limit: usize } => {
            code: "B109", severity: Warning,
            message: format!("chart label of {len} characters is cut to {limit} under the chart"),
            hints: ["name the point in a few words (a year, a region); say the rest in the finding"],
        },
        /// A compilation stopped for running too long or holding too much memory.
        Stopped { brief: String, template: String, why: String } => {
            code: "B110", severity: Error, message: stopped(brief, template, why),
            hints: ["a template that loops over a huge range, or builds a huge array or text, \
                     does this: look at its loops; nothing was written"],
        },
        /// A library entry its reader refuses (`.bib` or CSL-JSON), left out so that the
        /// others are read.
        EntryLeftOut { key: String, message: String, more: usize } => {
            code: "B111", severity: Error, message: entry_left_out(key, message, *more),
            hints: ["do as the message says (a date as 2024 or 2024-05-01, a number as digits, a \
                     title), or remove the entry"],
        },
        /// A `.bib` macro no `@string` defines, read as empty as BibTeX reads it.
        UndefinedMacro { name: String, key: String } => {
            code: "B112", severity: Warning, message: undefined_macro(name, key),
            hints: ["define it with @string{name = {...}}, or write the value in braces"],
        },

        // The checks an editor makes (`[writing]` in briefs.toml tunes them).

        /// Text a starter wrote, or an example address, left in; an error in a final brief.
        Placeholder { what: String, value: String, others: Vec<String>, final_brief: Option<String> } => {
            code: "B113", severity: if final_brief.is_some() { Error } else { Warning },
            message: placeholder(what, value, others, final_brief.as_deref()),
            hints: placeholder_hints(final_brief.is_some()),
        },
        /// An open ask with no deadline.
        NoDeadline { ids: Vec<String> } => {
            code: "B114", severity: Warning, message: no_deadline(ids),
            hints: ["add `by = YYYY-MM-DD`: an ask without a date is easily put off",
                    "an ask that runs with no end date says so with `ongoing = true`"],
        },
        /// A statement's media contact that a journalist cannot reach.
        UnreachableContact { none: bool } => {
            code: "B115", severity: Warning, message: unreachable_contact(*none),
            hints: ["add `phone` or `email` to the brief's [contact], or to briefs.toml's"],
        },
        /// A sentence too long to read aloud.
        LongSentence { words: usize, limit: usize } => {
            code: "B116", severity: Warning,
            message: format!("sentence of {words} words; more than {limit} is hard to read aloud"),
            hints: ["split it: one idea to a sentence", "`[writing] sentence-words` sets the limit"],
        },
        /// An abbreviation used before (or without) its expansion.
        Acronym { acronym: String, later: Option<usize> } => {
            code: "B117", severity: Warning, message: acronym_message(acronym, *later),
            hints: acronym_hints(acronym),
        },
        /// Running text above the workspace's reading grade.
        ReadingGrade { grade: f64, formula: &'static str, target: f64 } => {
            code: "B118", severity: Warning, message: reading_grade(*grade, formula, *target),
            hints: ["the paragraph shown reads hardest: shorter sentences and everyday words lower it",
                    "`[writing] reading-grade` sets the target"],
        },
        // Data briefs: an edition per row.

        /// A data file that cannot be read as rows.
        BadData { message: String } => {
            code: "B120", severity: Error, message: format!("data file: {message}"),
            hints: ["a data file is CSV with a header row, a JSON array of objects, or TOML [[row]] tables"],
        },
        /// A row's value where a number is expected that is not one.
        NotANumber { column: String, value: String, used_at: String } => {
            code: "B121", severity: Error, message: not_a_number(column, value, used_at),
            hints: ["write the number with digits (1200 or 1,200), or fix the row; the other rows build"],
        },
        /// A placeholder naming no column of the data file, or one in a brief without data.
        UnknownColumn { column: String, suggestion: Option<String>, no_data: bool } => {
            code: "B122", severity: Error, message: unknown_column(column, *no_data),
            hints: unknown_column_hints(suggestion.as_deref(), *no_data),
        },
        /// A row whose key is empty, or the same as an earlier row's.
        RowKey { key: String, column: String, first_line: Option<usize> } => {
            code: "B123", severity: Error, message: row_key(key, column, *first_line),
            hints: ["each row needs its own value in the key column: it names the row's edition"],
        },
        /// More words than the layout's budget.
        OverBudget { words: usize, budget: usize, layout: &'static str } => {
            code: "B119", severity: Warning,
            message: format!("the {layout} has {words} words; its budget is {budget}"),
            hints: over_budget_hints(layout),
        },
    }
}
