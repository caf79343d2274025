//! The one report type every stage speaks: a [`Problem`] (what is wrong, worded once, here) placed
//! in a source file, drawn against that source the way rustc and cargo draw their errors.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use annotate_snippets::{Level, Renderer, Snippet};

/// A text file that diagnostics point into, with its lines indexed once.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user should read it (relative to the current folder where possible).
    pub path: PathBuf,
    /// The full text.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Index a file's text for line and column lookups.
    pub fn new(path: PathBuf, text: String) -> Arc<Self> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Arc::new(Self {
            path: display_path(&path),
            text,
            line_starts,
        })
    }

    /// The byte range of a 1-based line, without its line break.
    pub fn line_span(&self, line: usize) -> std::ops::Range<usize> {
        let i = line.saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[i];
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |e| e.saturating_sub(1));
        start..end.max(start)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

/// An I/O error in our lower-case wording.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s);
            s.to_lowercase()
        }
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; the brief still builds.
    Warning,
    /// The brief cannot be built.
    Error,
}

/// Everything that can go wrong, with all the words users read in one place.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The TOML parser refused the file.
    Syntax { message: String },
    /// The file is not UTF-8.
    NotUtf8 { offset: usize },
    /// The file holds nothing.
    Empty,
    /// The file is larger than any brief could reasonably be.
    TooLarge { size: u64, limit: u64 },
    /// A required key is absent.
    MissingKey {
        key: String,
        table: String,
        example: &'static str,
    },
    /// A value has the wrong TOML type.
    WrongType {
        key: String,
        expected: &'static str,
        found: &'static str,
        example: &'static str,
    },
    /// A `[@key]` or `sources` entry names no citation.
    UnknownCitation {
        key: String,
        suggestion: Option<String>,
    },
    /// A key the format does not define.
    UnknownKey {
        key: String,
        table: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    /// A string that must be one of a fixed set.
    BadEnum {
        key: String,
        value: String,
        allowed: &'static [&'static str],
        suggestion: Option<String>,
    },
    /// An id that is not `[a-z0-9-]+`.
    BadId { id: String },
    /// Two items share an id.
    DuplicateId {
        id: String,
        what: &'static str,
        first_line: usize,
    },
    /// An evidence item with no citation at all.
    Unsupported { id: String },
    /// An `ask.evidence` entry naming no evidence item.
    UnknownEvidence {
        id: String,
        suggestion: Option<String>,
    },
    /// A deadline earlier than the brief.
    DeadlineBeforeDate { by: String, date: String },
    /// A URL that is not absolute http(s).
    BadUrl { key: &'static str, url: String },
    /// A DOI not of the form `10.xxxx/...`.
    BadDoi { doi: String, fixed: Option<String> },
    /// A web or news citation with a URL but no access date.
    MissingAccessed { id: String, kind: String },
    /// A path that leaves the workspace.
    OutsideWorkspace { key: &'static str, path: String },
    /// A path written with Windows separators.
    Backslash { key: &'static str, path: String },
    /// An e-mail address that is not one.
    BadEmail { email: String },
    /// A file the workspace names (logo, citation style) that cannot be used.
    BadAsset {
        key: &'static str,
        path: String,
        message: String,
    },
    /// A path that is a device, a pipe or another thing that is not a regular file.
    NotAFile { path: String },
    /// Fields of an imported entry that the library has no place for.
    FieldsNotKept { key: String, fields: Vec<String> },
    /// An output path that would replace something that is not an output.
    WouldReplace { path: String, reason: &'static str },
    /// Layout words a language lacks (names, or `[dates] months`, `[call]`).
    MissingWord {
        language: String,
        words: Vec<String>,
    },
    /// A language with no layout words, built in or in the workspace.
    NoWords { language: String },
    /// A citation key defined twice with different content.
    CitationConflict {
        key: String,
        fields: Vec<String>,
        other: String,
    },
    /// A partial date string that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    BadDate { value: String },
    /// `[[evidence]]` or `[[ask]]` is missing entirely.
    NoItems { table: &'static str },
    /// A file a brief refers to does not exist.
    MissingFile { key: &'static str, path: String },
    /// A template name that is neither built in nor a `.typ` path.
    UnknownTemplate {
        name: String,
        suggestion: Option<String>,
    },
    /// An evidence `stat` naming no library figure.
    UnknownStat {
        id: String,
        suggestion: Option<String>,
    },
    /// A language that is not a BCP 47 tag.
    BadLanguage { tag: String },
    /// A required text that is empty.
    EmptyValue { key: String },
    /// A library file could not be read or parsed.
    BadLibrary { path: String, message: String },
    /// An accent colour that is not `#rrggbb`.
    BadColour { value: String },
    /// A citation style that is neither built in nor a `.csl` file.
    UnknownStyle {
        name: String,
        suggestions: Vec<String>,
    },
    /// One source under two keys of the library (same DOI or URL).
    SameSource {
        key: String,
        other: String,
        how: &'static str,
        place: String,
    },
    /// Two library entries whose titles and years nearly match.
    LikelySameSource {
        key: String,
        other: String,
        place: String,
    },
    /// A library entry no brief cites.
    UnusedLibraryEntry { key: String },
    /// An entry without what the citation style needs.
    IncompleteEntry {
        key: String,
        missing: Vec<&'static str>,
        style: String,
    },
    /// A web source checked long before the brief that cites it.
    StaleAccess {
        key: String,
        accessed: String,
        brief: String,
        days: i64,
    },
    /// `cite import` met a key that already means something else.
    ImportConflict {
        key: String,
        fields: Vec<String>,
        place: String,
    },
    /// Characters no embedded or workspace font has.
    Unshowable { ch: char, more: usize },
    /// A control character in text.
    ControlChar { code: u32 },
    /// A citation the brief defines but never cites.
    UnusedCitation { key: String },
    /// A title longer than the format allows.
    TitleTooLong { len: usize, limit: usize },
    /// More key messages than a reader takes in.
    TooManyKeyMessages { count: usize },
    /// A text field longer than the format allows.
    TextTooLong { len: usize, limit: usize },
    /// More findings or asks than the format allows.
    TooManyItems {
        table: &'static str,
        count: usize,
        limit: usize,
    },
    /// A file could not be read or written.
    Io {
        path: String,
        action: &'static str,
        error: String,
    },
    /// Two briefs of one build would write the same PDF.
    SameOutput { pdf: String, other: String },
    /// A name for a new brief that is not a plain file name.
    BadName { name: String },
    /// A file a command would create already exists.
    Exists { path: String },
    /// A command that needs a workspace found none.
    NoWorkspace { path: String },
    /// A folder with no briefs in it.
    NoBriefs { dir: String },
    /// A path given on the command line that is neither a `.toml` file nor a folder.
    NotABrief { path: String },
    /// Typst refused the document (mostly from custom templates).
    Typst {
        message: String,
        hints: Vec<String>,
        warning: bool,
    },
    /// A one-pager that does not fit on one page.
    OnePagerOverflow {
        pages: usize,
        percent: usize,
        lines: usize,
        longest: Vec<(String, usize)>,
    },
    /// A web template (HTML edition) that does not render.
    WebTemplate { message: String },
    /// The tool itself failed on one brief (a bug): the others still build.
    Crashed { brief: String, message: String },
    /// A chart with both `values` and `series`.
    ChartValuesAndSeries,
    /// All the texts of a brief together over the limit of its layout.
    BriefTooLong {
        len: usize,
        limit: usize,
        one_pager: bool,
    },
    /// A translation's `translation-of` that names no usable source brief.
    TranslationSource { path: String, reason: String },
    /// A text of the source that the translation does not give (pointing at the source's text).
    Untranslated {
        what: String,
        /// The translation, as shown.
        translation: String,
        /// Where to write it: `[evidence.ID]` `claim`.
        table: Option<String>,
        field: String,
    },
    /// A translated item or list element the source does not have.
    NotInSource {
        what: String,
        suggestion: Option<String>,
    },
    /// A translated text that cites other sources than the source's text.
    CitationsDiffer {
        what: String,
        missing: Vec<String>,
        extra: Vec<String>,
    },
    /// A figure of the source text that the translation does not have.
    FigureMissing {
        what: String,
        figure: String,
        /// Where the source has it: `briefs/x.toml:12:30`.
        source_at: String,
        /// The translation's figure in its place, if it has one the source lacks.
        found: Option<String>,
    },
    /// A source text that changed after the translation was last reviewed.
    SourceChanged {
        what: String,
        source_at: String,
        /// The source's text as it now reads (shortened).
        now: String,
        translation: String,
    },
    /// A chart whose labels and values differ in number.
    ChartLengths {
        labels: usize,
        values: usize,
        series: Option<String>,
    },
    /// A chart of fewer than two points.
    ChartTooFew { points: usize },
    /// `inf` or `nan` among a chart's values.
    ChartNotFinite { value: String },
    /// More points than a chart of its kind can show legibly.
    ChartTooMany {
        points: usize,
        limit: usize,
        kind: &'static str,
    },
    /// One label twice in a chart.
    ChartDuplicateLabel { label: String },
    /// A `highlight` that is none of the labels.
    ChartHighlight {
        label: String,
        suggestion: Option<String>,
    },
}

impl Problem {
    /// The stable code users can search for and tests can rely on.
    pub fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            Syntax { .. } => "B001",
            NotUtf8 { .. } => "B002",
            Empty => "B003",
            TooLarge { .. } => "B004",
            MissingKey { .. } => "B010",
            WrongType { .. } => "B011",
            UnknownCitation { .. } => "B012",
            UnknownKey { .. } => "B013",
            BadEnum { .. } => "B014",
            BadId { .. } => "B015",
            DuplicateId { .. } => "B016",
            Unsupported { .. } => "B017",
            UnknownEvidence { .. } => "B018",
            DeadlineBeforeDate { .. } => "B019",
            BadUrl { .. } => "B020",
            BadDoi { .. } => "B021",
            MissingAccessed { .. } => "B022",
            OutsideWorkspace { .. } => "B023",
            Backslash { .. } => "B037",
            BadEmail { .. } => "B038",
            NotAFile { .. } => "B097",
            FieldsNotKept { .. } => "B046",
            BadAsset { .. } => "B039",
            WouldReplace { .. } => "B098",
            MissingWord { .. } => "B053",
            NoWords { .. } => "B054",
            CitationConflict { .. } => "B024",
            BadDate { .. } => "B025",
            NoItems { .. } => "B026",
            MissingFile { .. } => "B027",
            UnknownTemplate { .. } => "B028",
            UnknownStat { .. } => "B029",
            BadLanguage { .. } => "B030",
            EmptyValue { .. } => "B031",
            BadLibrary { .. } => "B032",
            BadColour { .. } => "B033",
            UnknownStyle { .. } => "B034",
            Unshowable { .. } => "B035",
            ControlChar { .. } => "B036",
            SameSource { .. } => "B040",
            LikelySameSource { .. } => "B041",
            UnusedLibraryEntry { .. } => "B042",
            IncompleteEntry { .. } => "B043",
            StaleAccess { .. } => "B044",
            ImportConflict { .. } => "B045",
            UnusedCitation { .. } => "B050",
            TitleTooLong { .. } => "B051",
            TooManyKeyMessages { .. } => "B052",
            TextTooLong { .. } => "B055",
            TooManyItems { .. } => "B056",
            Io { .. } => "B090",
            NoBriefs { .. } => "B091",
            NoWorkspace { .. } => "B093",
            Exists { .. } => "B094",
            BadName { .. } => "B095",
            SameOutput { .. } => "B096",
            NotABrief { .. } => "B092",
            Typst { .. } => "B100",
            OnePagerOverflow { .. } => "B101",
            WebTemplate { .. } => "B102",
            Crashed { .. } => "B103",
            ChartLengths { .. } => "B057",
            ChartTooFew { .. } => "B058",
            ChartNotFinite { .. } => "B059",
            ChartTooMany { .. } => "B060",
            ChartDuplicateLabel { .. } => "B061",
            ChartHighlight { .. } => "B062",
            ChartValuesAndSeries => "B063",
            TranslationSource { .. } => "B064",
            BriefTooLong { .. } => "B070",
            Untranslated { .. } => "B065",
            NotInSource { .. } => "B066",
            CitationsDiffer { .. } => "B067",
            FigureMissing { .. } => "B068",
            SourceChanged { .. } => "B069",
        }
    }

    /// Warnings let the brief build; everything else stops it.
    pub fn severity(&self) -> Severity {
        match self {
            Problem::UnusedCitation { .. }
            | Problem::LikelySameSource { .. }
            | Problem::UnusedLibraryEntry { .. }
            | Problem::IncompleteEntry { .. }
            | Problem::StaleAccess { .. }
            | Problem::TitleTooLong { .. }
            | Problem::TooManyKeyMessages { .. }
            | Problem::MissingWord { .. }
            | Problem::FieldsNotKept { .. }
            | Problem::NoWords { .. }
            | Problem::FigureMissing { .. }
            | Problem::SourceChanged { .. }
            | Problem::Typst { warning: true, .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Problems of the surroundings rather than of a brief: they exit with 2.
    pub fn is_environment(&self) -> bool {
        matches!(
            self,
            Problem::Io { .. }
                | Problem::NoBriefs { .. }
                | Problem::NotABrief { .. }
                | Problem::NoWorkspace { .. }
                | Problem::Exists { .. }
                | Problem::BadName { .. }
                | Problem::NotAFile { .. }
                | Problem::WouldReplace { .. }
        )
    }

    /// What to do about it: `help:` lines under the source.
    pub fn hints(&self) -> Vec<String> {
        let hints = self.specific_hints();
        if !hints.is_empty() {
            return hints;
        }
        // Every diagnostic says what to do; these are for problems whose cause varies.
        let fallback = match self {
            Problem::Syntax { .. } => {
                "TOML writes `key = \"text\"`, `[table]` and `[[list]]`; docs/format.md has an example of each"
            }
            Problem::Io { error, .. } if error.contains("permission") => {
                "check the permissions of the file and its folder"
            }
            Problem::Io { .. } => "check that the path exists and that you can read and write there",
            Problem::Typst { .. } => {
                "the template is wrong at the place shown; docs/templates.md describes the data it receives"
            }
            Problem::WebTemplate { .. } => {
                "the web template is wrong at the place shown; docs/templates.md describes the data it receives"
            }
            Problem::UnknownStyle { .. } => {
                "name a style such as \"apa\", or a .csl file in the workspace"
            }
            _ => "see docs/format.md for the code above",
        };
        vec![fallback.to_string()]
    }

    fn specific_hints(&self) -> Vec<String> {
        use Problem::*;
        let did_you_mean =
            |s: &Option<String>| s.as_ref().map(|s| format!("did you mean \"{s}\"?"));
        match self {
            Syntax { message } => syntax_hint(message).into_iter().collect(),
            NotUtf8 { .. } => vec!["save the file with UTF-8 encoding".into()],
            Empty => vec![
                "a brief needs `title`, `date`, `[position]`, one `[[evidence]]` and one `[[ask]]`"
                    .into(),
                "`brief new NAME` writes a commented starter".into(),
            ],
            TooLarge { .. } => vec![
                "briefs and libraries are text of a few kilobytes; is this the right file?".into(),
            ],
            MissingKey { key, example, .. } => vec![format!("add it: {key} = {example}")],
            WrongType { key, example, .. } if example.starts_with("[[") => {
                vec![format!("write the table header as [[{key}]], with two brackets: a brief has a list of them")]
            }
            WrongType { example, .. } if example.starts_with("[evidence.") || example.starts_with("[ask.") => {
                vec![format!("a translation gives {example}, not the source's [[lists]]")]
            }
            WrongType { key, example, .. } => vec![format!("write it as: {key} = {example}")],
            UnknownCitation { suggestion, .. } => did_you_mean(suggestion).into_iter().chain(
                std::iter::once("define it in a [[citation]] table or in the workspace library".into()),
            ).collect(),
            UnknownKey { suggestion, table, known, .. } => match did_you_mean(suggestion) {
                Some(s) => vec![s],
                None => vec![format!("remove it; the keys of {table} are: {}", known.join(", "))],
            },
            BadEnum { allowed, suggestion, .. } => did_you_mean(suggestion)
                .into_iter()
                .chain(std::iter::once(format!("expected one of: {}", quoted_list(allowed))))
                .collect(),
            BadId { id } => vec![format!(
                "ids use lower-case letters, digits and \"-\", for example \"{}\"",
                slug(id)
            )],
            DuplicateId { first_line, .. } => vec![format!("the first one is on line {first_line}; rename one of them")],
            Unsupported { .. } => vec![
                "add `sources = [\"key\"]` or cite inline with [@key] in the claim or detail".into(),
            ],
            UnknownEvidence { suggestion, .. } => did_you_mean(suggestion)
                .into_iter()
                .chain(std::iter::once("list the `id` of an [[evidence]] item of this brief".into()))
                .collect(),
            DeadlineBeforeDate { date, .. } => vec![format!(
                "a deadline must be on or after the brief's date ({date}); update `by` or remove it"
            )],
            BadUrl { url, .. } => {
                if url.len() > crate::limits::URL_LIMIT {
                    return vec!["link to a shorter address: the page itself, or a shortened link to it".into()];
                }
                // Another scheme (file:, javascript:, mailto without the prefix…): no guess.
                let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
                if scheme.is_some_and(|s| s != "http" && s != "https" && !s.contains(['.', '/'])) {
                    return vec!["links and sources need a web address starting with https://".into()];
                }
                let host_and_path = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
                let fixed = host_and_path.trim_start_matches('/');
                vec![format!("write the full address, for example \"https://{fixed}\"")]
            }
            BadDoi { fixed, .. } => match fixed {
                Some(f) => vec![format!("write only the DOI itself: doi = \"{f}\"")],
                None => vec!["a DOI starts with \"10.\", a registrant code, \"/\" and a suffix".into()],
            },
            MissingAccessed { .. } => vec![
                "add the date you last checked the page, for example: accessed = 2024-03-07".into(),
            ],
            BadEmail { .. } => vec!["write the address alone, like media@example.org".into()],
            FieldsNotKept { .. } => vec![
                "a [[citation]] keeps what citation styles print; add what matters to `note`".into(),
            ],
            WouldReplace { .. } => vec![
                "choose another output name, or move that file away if it is no longer needed".into(),
            ],
            NotAFile { .. } => vec![
                "name a regular file: a folder, device, pipe or socket is never read as one".into(),
            ],
            BadAsset { key, .. } if *key == "logo" => vec![
                "use an SVG, PNG or JPEG file; export it again if it does not open elsewhere".into(),
            ],
            BadAsset { .. } => vec![
                "check the file against the CSL schema, or name a built-in style such as \"apa\"".into(),
            ],
            TextTooLong { .. } => vec![
                "a brief is read, not scrolled: cut it, or move the detail to a linked report".into(),
            ],
            TooManyItems { table, .. } => vec![format!(
                "split the brief in two, or keep the strongest [[{table}]] items"
            )],
            Backslash { path, .. } => vec![format!(
                "separate folders with `/`, which works on every system: \"{}\"",
                path.replace('\\', "/")
            )],
            MissingWord { language, .. } => vec![
                format!("add them to assets/i18n/{language}.toml; until then they print in English"),
                "docs/templates.md lists every word with its English text".into(),
            ],
            NoWords { language } => vec![
                format!("add assets/i18n/{language}.toml with the layout words in that language"),
                "docs/templates.md lists every word with its English text".into(),
            ],
            OutsideWorkspace { key, .. } => vec![format!(
                "keep the {key} inside the workspace folder (where briefs.toml is): a workspace reads and writes only there"
            )],
            CitationConflict { other, .. } => vec![
                format!("the library defines it at {other}"),
                "make both the same, or remove the brief's copy to use the library's".into(),
            ],
            BadDate { .. } => vec!["write a TOML date (2024-03-07) or a string \"2024\" or \"2024-05\"".into()],
            NoItems { table } => vec![format!("add at least one [[{table}]] table")],
            MissingFile { .. } => vec!["paths are relative to the workspace folder (where briefs.toml is)".into()],
            UnknownTemplate { suggestion, .. } => did_you_mean(suggestion)
                .into_iter()
                .chain(std::iter::once(
                    "use \"brief\", \"one-pager\", \"statement\" or a path to a .typ file".into(),
                ))
                .collect(),
            UnknownStat { suggestion, .. } => did_you_mean(suggestion)
                .into_iter()
                .chain(std::iter::once(
                    "define it as a [[stat]] in the library, or write stat = { value = \"...\", label = \"...\" }".into(),
                ))
                .collect(),
            BadLanguage { tag } if tag.contains('_') => {
                vec![format!("BCP 47 tags use \"-\": did you mean \"{}\"?", tag.replace('_', "-"))]
            }
            BadLanguage { .. } => vec!["use a BCP 47 tag such as \"en\", \"fr\" or \"en-CA\"".into()],
            EmptyValue { .. } => vec!["write the text, or remove the key if it is optional".into()],
            BadLibrary { message, .. } if message.contains(" must be ") => vec![
                "fix the entry in the file, or export it again from your reference manager".into(),
            ],
            BadLibrary { message, .. } if message.starts_with("import ") => vec![
                "name the file to import and a .toml library with --into".into(),
            ],
            BadLibrary { .. } => vec![
                "fix the file at the place shown, or export it again from your reference manager".into(),
                "a library the workspace reads is named in the `library` list under [citations] in briefs.toml".into(),
            ],
            BadColour { .. } => vec!["write a hex colour such as \"#1f4e79\"".into()],
            UnknownStyle { suggestions, .. } => {
                let mut h = Vec::new();
                if !suggestions.is_empty() {
                    h.push(format!("nearest built-in styles: {}", quoted_list(suggestions)));
                }
                h.push("or give the path of a .csl file in the workspace".into());
                h
            }
            SameSource { other, place, .. } | LikelySameSource { other, place, .. } => vec![
                format!("\"{other}\" is defined at {place}"),
                "keep one key and cite it everywhere, so the reference list shows the source once".into(),
            ],
            UnusedLibraryEntry { .. } => vec!["cite it in a brief, or remove it from the library".into()],
            Unshowable { ch, .. } => vec![format!(
                "put a font with {} in the workspace's assets/fonts/ folder; the embedded fonts cover Latin, Greek and Cyrillic",
                script_hint(*ch)
            )],
            ControlChar { .. } => vec!["remove it; write a line break as a new line in a \"\"\"multi-line\"\"\" string".into()],
            IncompleteEntry { missing, .. } => vec![format!("add {}", and_list(missing))],
            StaleAccess { .. } => vec!["check the page again and update `accessed`".into()],
            ImportConflict { place, .. } => vec![
                format!("the library's entry is at {place}"),
                "rename the key in the imported file, or make the two the same".into(),
            ],
            UnusedCitation { key } => vec![format!("cite it with [@{key}] or in `sources`, or remove it")],
            TitleTooLong { .. } => vec!["move detail into `subtitle`".into()],
            TooManyKeyMessages { .. } => vec!["readers take in 2 to 5 points; merge or cut some".into()],
            Io { action: "listen on", .. } => vec![
                "another program uses that port: choose another with --port, or --port 0 for any free one".into(),
            ],
            Io { .. } => vec![],
            NoBriefs { .. } => vec!["briefs are .toml files; `brief new NAME` starts one".into()],
            Exists { .. } => vec!["choose another name, or remove the file first".into()],
            SameOutput { .. } => vec!["build them in separate calls with different -o folders, or rename one".into()],
            BadName { .. } => vec!["give a plain name such as housing-2025; the brief is written to briefs/NAME.toml".into()],
            NoWorkspace { .. } => vec!["run it inside a workspace (a folder with briefs.toml); `brief init` makes one".into()],
            NotABrief { .. } => vec![
                "give a brief's .toml file or a folder of them; briefs.toml and the citation library are read on their own".into(),
            ],
            Crashed { .. } => vec![
                "this is a bug in brief, not in the brief: please report it with the brief that caused it".into(),
            ],
            Typst { hints, .. } => hints.clone(),
            WebTemplate { .. } => Vec::new(),
            BriefTooLong { one_pager: true, .. } => vec![
                "a one-pager is a summary: shorten its texts, or use kind = \"brief\" for a longer document".into(),
            ],
            BriefTooLong { .. } => vec![
                "a brief is read, not scrolled: move background into a separate report and cite it".into(),
            ],
            TranslationSource { .. } => vec![
                "`translation-of` names the brief this one translates, relative to this file: translation-of = \"housing.toml\"".into(),
                "a translation builds from its source, so the source must load (`brief check` on it says why not)".into(),
            ],
            Untranslated {
                translation,
                table,
                field,
                ..
            } => vec![match table {
                Some(t) => format!("translate it in {translation}, under {t}: {field}"),
                None => format!("translate it in {translation}: {field}"),
            }],
            NotInSource { suggestion, .. } => did_you_mean(suggestion)
                .into_iter()
                .chain([
                    "a translation gives the texts of its source's items, under the same ids; it cannot add items".to_string(),
                ])
                .collect(),
            CitationsDiffer { .. } => vec![
                "a translation cites what its source cites, in each text: keep every [@key] of the source text".into(),
            ],
            FigureMissing {
                source_at, found, ..
            } => {
                let mut h = vec![format!("the source has it at {source_at}")];
                if let Some(found) = found {
                    h.push(format!("the translation has \"{found}\" instead; if the figure changed, change it in the source first"));
                }
                h.push("write the same figure; separators may follow the language (1,200 / 1 200; 74.4 / 74,4)".into());
                h
            }
            SourceChanged {
                source_at,
                now,
                translation,
                ..
            } => vec![
                format!("the source now reads: \"{now}\""),
                format!("review the translation against the source at {source_at}"),
                format!("then record the review: brief translate --accept {translation}"),
            ],
            ChartValuesAndSeries => vec![
                "one series: `values = [...]`; several: `series = [{ name = \"...\", values = [...] }, ...]`".into(),
            ],
            ChartLengths { labels, .. } => vec![format!(
                "give one value per label: {labels} value{}, in the order of `labels`",
                if *labels == 1 { "" } else { "s" }
            )],
            ChartTooFew { .. } => vec![
                "a chart shows a change; a single number reads better as `stat = { value, label }`".into(),
            ],
            ChartNotFinite { .. } => vec![
                "write the number, or leave the point out of `labels` and `values`".into(),
            ],
            ChartTooMany { .. } => vec![
                "show fewer points (every other year, or the last ten), or group them".into(),
            ],
            ChartDuplicateLabel { .. } => vec!["each label names one point; merge or rename them".into()],
            ChartHighlight { suggestion, .. } => did_you_mean(suggestion)
                .into_iter()
                .chain(["`highlight` names one of the `labels`".to_string()])
                .collect(),
            OnePagerOverflow { longest, .. } => {
                let mut h = vec![format!(
                    "the longest sections: {}",
                    longest
                        .iter()
                        .map(|(name, words)| format!("{name} ({words} words)"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )];
                h.push("shorten them, or use kind = \"brief\" for a longer document".into());
                h
            }
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match self {
            Syntax { message } => write!(f, "invalid TOML: {message}"),
            NotUtf8 { offset } => {
                write!(f, "file is not valid UTF-8 (bad byte at offset {offset})")
            }
            Empty => write!(f, "file is empty"),
            TooLarge { size, limit } => {
                write!(
                    f,
                    "file is too large ({} KiB; the limit is {} KiB)",
                    size / 1024,
                    limit / 1024
                )
            }
            MissingKey { key, table, .. } => write!(f, "missing required key \"{key}\" in {table}"),
            WrongType {
                key,
                expected,
                found,
                ..
            } => {
                write!(f, "\"{key}\" must be {expected}, found {found}")
            }
            UnknownCitation { key, .. } => write!(f, "unknown citation key \"{}\"", visible(key)),
            UnknownKey { key, table, .. } => write!(f, "unknown key \"{key}\" in {table}"),
            BadEnum { key, value, .. } => write!(f, "invalid {key} \"{value}\""),
            BadId { id } => write!(f, "invalid id \"{}\"", visible(id)),
            // Evidence items and asks share one namespace: their ids are just "ids".
            DuplicateId { id, what: "item", .. } => write!(f, "duplicate id \"{id}\""),
            DuplicateId { id, what, .. } => write!(f, "duplicate {what} id \"{id}\""),
            Unsupported { id } => write!(f, "evidence \"{id}\" cites no source"),
            UnknownEvidence { id, .. } => write!(f, "unknown evidence id \"{}\"", visible(id)),
            DeadlineBeforeDate { by, date } => {
                write!(f, "deadline {by} is before the brief's date {date}")
            }
            BadUrl { key, url } if url.len() > crate::limits::URL_LIMIT => {
                let start: String = url.chars().take(40).collect();
                write!(
                    f,
                    "{key} \"{start}…\" is {} characters long; the limit is {}",
                    url.len(),
                    crate::limits::URL_LIMIT
                )
            }
            BadUrl { key, url } => write!(f, "{key} \"{url}\" is not an absolute http(s) URL"),
            BadDoi { doi, .. } => write!(f, "invalid DOI \"{doi}\""),
            MissingAccessed { id, kind } => {
                write!(
                    f,
                    "{kind} citation \"{id}\" has a url but no \"accessed\" date"
                )
            }
            OutsideWorkspace { key, path } => {
                write!(f, "{key} \"{path}\" is outside the workspace")
            }
            Backslash { key, path } => {
                write!(f, "{key} path \"{path}\" uses backslashes")
            }
            BadEmail { email } => write!(f, "\"{email}\" is not an e-mail address"),
            BadAsset { key, path, message } => {
                write!(f, "{key} \"{path}\" cannot be used: {}", lower_first(message))
            }
            TextTooLong { len, limit } => write!(
                f,
                "text of {len} characters is over the limit of {limit}"
            ),
            TooManyItems {
                table,
                count,
                limit,
            } => write!(f, "{count} [[{table}]] items are over the limit of {limit}"),
            NotAFile { path } => write!(f, "{path} is not a regular file"),
            FieldsNotKept { key, fields } => write!(
                f,
                "entry \"{key}\": {} not kept: {}",
                if fields.len() == 1 { "field" } else { "fields" },
                fields.join(", ")
            ),
            WouldReplace { path, reason } => {
                write!(f, "refusing to write {path}: {reason}")
            }
            MissingWord { language, words } => match words.as_slice() {
                [one] => write!(f, "layout word {one} has no {language} translation"),
                _ => write!(
                    f,
                    "{} layout words have no {language} translation: {}",
                    words.len(),
                    words.join(", ")
                ),
            },
            NoWords { language } => {
                write!(f, "no layout words for language \"{language}\"; English words are printed")
            }
            CitationConflict { key, fields, .. } => write!(
                f,
                "citation \"{key}\" differs from the library's entry of the same key ({})",
                fields.join(", ")
            ),
            BadDate { value } => write!(f, "invalid date \"{value}\""),
            NoItems { table } => write!(f, "the brief has no [[{table}]] item"),
            MissingFile { key, path } => write!(f, "{key} file \"{path}\" not found"),
            UnknownTemplate { name, .. } => write!(f, "unknown template \"{name}\""),
            UnknownStat { id, .. } => write!(f, "unknown figure \"{}\"", visible(id)),
            BadLanguage { tag } => write!(f, "invalid language tag \"{tag}\""),
            EmptyValue { key } => write!(f, "\"{key}\" must not be empty"),
            BadLibrary { path, message } => {
                write!(f, "cannot use citation library {path}: {message}")
            }
            BadColour { value } => write!(f, "invalid colour \"{value}\""),
            UnknownStyle { name, .. } => write!(f, "unknown citation style \"{name}\""),
            SameSource { key, other, how, .. } => {
                write!(f, "citation \"{key}\" has the same {how} as \"{other}\"")
            }
            LikelySameSource { key, other, .. } => {
                write!(f, "citation \"{key}\" looks like the same source as \"{other}\" (title and year)")
            }
            UnusedLibraryEntry { key } => write!(f, "library entry \"{key}\" is not cited by any brief"),
            Unshowable { ch, more } => {
                write!(f, "no font can show \"{ch}\" (U+{:04X})", *ch as u32)?;
                if *more > 0 {
                    write!(f, " or {more} more character{} in this text", if *more == 1 { "" } else { "s" })?;
                }
                Ok(())
            }
            ControlChar { code } => write!(f, "control character U+{code:04X} in text"),
            IncompleteEntry { key, missing, style } => {
                write!(f, "citation \"{key}\" lacks {} that the {style} style prints", and_list(missing))
            }
            StaleAccess { key, accessed, brief, days } => write!(
                f,
                "citation \"{key}\" was last accessed on {accessed}, {days} days before {brief} cites it"
            ),
            ImportConflict { key, fields, .. } => write!(
                f,
                "key \"{key}\" is already in the library with different content ({})",
                fields.join(", ")
            ),
            UnusedCitation { key } => write!(f, "citation \"{key}\" is never cited"),
            TitleTooLong { len, limit } => {
                write!(f, "title is {len} characters long; the limit is {limit}")
            }
            TooManyKeyMessages { count } => {
                write!(f, "{count} key messages; the format suggests 2 to 5")
            }
            Io {
                path,
                action,
                error,
            } => write!(f, "cannot {action} {path}: {error}"),
            NoBriefs { dir } => write!(f, "no briefs found in {dir}"),
            NoWorkspace { path } => write!(f, "no briefs.toml in {path} or any folder above it"),
            Exists { path } => write!(f, "{path} already exists"),
            BadName { name } => write!(f, "\"{name}\" is not a plain file name"),
            SameOutput { pdf, other } => write!(f, "this brief and {other} would both be written to {pdf}"),
            NotABrief { path } => write!(f, "{path} is not a brief"),
            Typst { message, .. } => write!(f, "{message}"),
            WebTemplate { message } => write!(f, "web template: {message}"),
            Crashed { brief, message } => write!(f, "internal error while building {brief}: {message}"),
            ChartValuesAndSeries => write!(f, "chart has both `values` and `series`"),
            BriefTooLong {
                len,
                limit,
                one_pager,
            } => write!(
                f,
                "the texts of this {} hold {len} characters together; the limit is {limit}",
                if *one_pager { "one-pager" } else { "brief" }
            ),
            TranslationSource { path, reason } => {
                write!(f, "the source of this translation, \"{path}\", {reason}")
            }
            Untranslated {
                what, translation, ..
            } => write!(f, "{translation} does not translate {what}"),
            NotInSource { what, .. } => write!(f, "{what} is not in the source brief"),
            CitationsDiffer {
                what,
                missing,
                extra,
            } => {
                let keys = |k: &[String]| {
                    k.iter()
                        .map(|k| format!("[@{k}]"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                write!(f, "the translation of {what} cites other sources than the source")?;
                if !missing.is_empty() {
                    write!(f, ": it lacks {}", keys(missing))?;
                }
                if !extra.is_empty() {
                    let sep = if missing.is_empty() { ":" } else { ";" };
                    write!(f, "{sep} it adds {}", keys(extra))?;
                }
                Ok(())
            }
            FigureMissing {
                what, figure, found, ..
            } => match found {
                Some(found) => write!(
                    f,
                    "figure \"{figure}\" of the source is \"{found}\" in the translation of {what}"
                ),
                None => write!(
                    f,
                    "figure \"{figure}\" of the source is missing from the translation of {what}"
                ),
            },
            SourceChanged { what, .. } => write!(
                f,
                "{what} changed in the source after this translation was reviewed"
            ),
            ChartLengths {
                labels,
                values,
                series,
            } => {
                let whose = series
                    .as_ref()
                    .map(|s| format!(" in series \"{s}\""))
                    .unwrap_or_default();
                write!(
                    f,
                    "chart has {labels} label{} but {values} value{}{whose}",
                    if *labels == 1 { "" } else { "s" },
                    if *values == 1 { "" } else { "s" }
                )
            }
            ChartTooFew { points } => write!(
                f,
                "chart has {points} point{}; it needs at least two",
                if *points == 1 { "" } else { "s" }
            ),
            ChartNotFinite { value } => write!(f, "chart value {value} is not a number"),
            ChartTooMany {
                points,
                limit,
                kind,
            } => write!(
                f,
                "chart has {points} points; a {kind} chart of more than {limit} cannot be read"
            ),
            ChartDuplicateLabel { label } => write!(f, "chart label \"{label}\" appears twice"),
            ChartHighlight { label, .. } => {
                write!(f, "chart highlight \"{label}\" is not one of its labels")
            }
            OnePagerOverflow {
                pages,
                percent,
                lines,
                ..
            } => write!(
                f,
                "one-pager does not fit on one page: it runs to {pages} pages, about {percent}% \
                 (some {lines} line{}) too long",
                if *lines == 1 { "" } else { "s" }
            ),
        }
    }
}

fn syntax_hint(message: &str) -> Option<String> {
    let m = message.to_lowercase();
    if m.contains("duplicate key") {
        Some("each key may appear once per table; remove or rename the second one".into())
    } else if m.contains("invalid basic string") || m.contains("invalid string") {
        Some("close the string with `\"`; use `\"\"\"` for text over several lines".into())
    } else if m.contains("expected `=`") || m.contains("expected `.`, `=`") {
        Some("a key is followed by `=` and a value, e.g. title = \"...\"".into())
    } else {
        None
    }
}

/// The script of a character, to say which font to add.
fn script_hint(c: char) -> &'static str {
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

/// "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A message from elsewhere in our wording: lower-case first letter.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A best-effort id made from any text: `"Meta Reports"` → `"meta-reports"`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The closest of `candidates` to `word`, if any is close enough to be what was meant.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        // Equal scores go to the name that sorts first, so the suggestion never varies by run.
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| visible(c))
}

/// A name with its invisible characters (zero-width spaces, joiners, direction marks, controls)
/// written as `\u{200b}`, so that a suggestion never looks like the very word it corrects.
pub fn visible(name: &str) -> String {
    name.chars()
        .map(|c| {
            let invisible = c.is_control()
                || matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0xAD);
            if invisible {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A problem placed in a file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// What is wrong (boxed: diagnostics travel in `Result`s, and problems are large).
    pub problem: Box<Problem>,
    /// Where, when it is known.
    pub file: Option<Arc<SourceFile>>,
    /// Byte range in `file`.
    pub span: Option<Range<usize>>,
    /// A short note drawn under the span.
    pub label: Option<String>,
    /// A file to name when there is no source text to show (a missing file, a binary file).
    pub path: Option<PathBuf>,
}

impl Diagnostic {
    /// A problem at a span of a file.
    pub fn at(problem: Problem, file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        Self {
            problem: Box::new(problem),
            file: Some(file.clone()),
            span: Some(span),
            label: None,
            path: None,
        }
    }

    /// A problem about a file as a whole (no usable text to point into).
    pub fn about(problem: Problem, path: &Path) -> Self {
        Self {
            problem: Box::new(problem),
            file: None,
            span: None,
            label: None,
            path: Some(display_path(path)),
        }
    }

    /// A problem with no place at all.
    pub fn bare(problem: Problem) -> Self {
        Self {
            problem: Box::new(problem),
            file: None,
            span: None,
            label: None,
            path: None,
        }
    }

    /// Add a note drawn under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }

    /// The file name shown for this diagnostic.
    pub fn file_name(&self) -> Option<String> {
        self.file
            .as_ref()
            .map(|f| f.path.display().to_string())
            .or_else(|| self.path.as_ref().map(|p| p.display().to_string()))
    }

    /// 1-based start and end (line, column), when placed.
    pub fn position(&self) -> Option<((usize, usize), (usize, usize))> {
        let (file, span) = (self.file.as_ref()?, self.span.as_ref()?);
        Some((file.line_col(span.start), file.line_col(span.end)))
    }

    /// Sort key: file, then position; unplaced ones first.
    pub fn sort_key(&self) -> (Option<String>, usize) {
        (self.file_name(), self.span.as_ref().map_or(0, |s| s.start))
    }

    /// Draw it like rustc does, with the source line and a marker under the span.
    pub fn render(&self, color: bool) -> String {
        let title = self.problem.to_string();
        let level = match self.severity() {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let hints = self.problem.hints();
        let mut message = level.title(&title).id(self.problem.code());
        let origin;
        // Tabs are drawn as single spaces, which keeps byte offsets and lines the marker up.
        let shown = self
            .file
            .as_ref()
            .map(|f| f.text.replace('\t', " "))
            .unwrap_or_default();
        if let (Some(file), Some(span)) = (&self.file, &self.span) {
            origin = file.path.display().to_string();
            // annotate-snippets wants a span inside the text; an empty span at the end of a
            // file still needs one character to point at.
            let mut span = span.clone();
            if span.start >= file.text.len() {
                span = file.text.len().saturating_sub(1)..file.text.len();
            }
            // Spans from other tools may fall inside a character; widen them to whole ones.
            while span.start > 0 && !file.text.is_char_boundary(span.start) {
                span.start -= 1;
            }
            span.end = span.end.clamp(span.start, file.text.len());
            while span.end < file.text.len() && !file.text.is_char_boundary(span.end) {
                span.end += 1;
            }
            let mut annotation = Level::Error.span(span.clone());
            if let Some(label) = &self.label {
                annotation = annotation.label(label);
            }
            message = message.snippet(
                Snippet::source(&shown)
                    .line_start(1)
                    .origin(&origin)
                    .fold(true)
                    .annotation(annotation),
            );
        }
        let located = self.path.as_ref().map(|p| format!("in {}", p.display()));
        if let Some(l) = &located {
            message = message.footer(Level::Note.title(l));
        }
        for hint in &hints {
            message = message.footer(Level::Help.title(hint));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let rendered = renderer.render(message).to_string();
        rendered
    }

    /// One JSON object: file, line, column, end, severity, code, message, hint.
    pub fn to_json(&self) -> serde_json::Value {
        let pos = self.position();
        serde_json::json!({
            "file": self.file_name(),
            "line": pos.map(|p| p.0 .0),
            "column": pos.map(|p| p.0 .1),
            "end": pos.map(|p| serde_json::json!({ "line": p.1 .0, "column": p.1 .1 })),
            "severity": match self.severity() { Severity::Error => "error", Severity::Warning => "warning" },
            "code": self.problem.code(),
            "message": self.problem.to_string(),
            "hint": Some(self.problem.hints().join("\n")).filter(|h| !h.is_empty()),
        })
    }
}

/// Paths are shown relative to the current folder when they are inside it.
pub fn display_path(path: &Path) -> PathBuf {
    let abs: PathBuf = std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    std::env::current_dir()
        .ok()
        .and_then(|cwd| abs.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p
            }
        })
        .unwrap_or_else(|| path.to_path_buf())
}
