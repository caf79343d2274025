//! The typed brief, workspace and citation library, as the loader builds them. Every value a
//! later check may complain about keeps its span; a value that failed to load is absent, so the
//! checks can still run on the rest and report everything in one go.

pub mod placeholder;
pub mod texts;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::diagnostic::SourceFile;
pub use crate::markup::{Block, CiteRef, Inline, Markup};

/// A string value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its bytes in the source.
    pub span: Range<usize>,
}

/// A closed choice of the format: a fixed set of names, each a variant. The loader reads it
/// (with a did-you-mean for anything else), the JSON Schema lists its names, templates receive
/// the name, and the command line offers it as a value.
pub trait Choice: Copy + Eq + 'static {
    /// Every variant, in the order the format lists them.
    const ALL: &'static [Self];
    /// Every name, in the same order.
    const NAMES: &'static [&'static str];
    /// The name users write.
    fn name(self) -> &'static str;
    /// The variant of a name, if it is one.
    fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.name() == name)
    }
}

/// Declares a [`Choice`]: the enum, its names, serde (as the name) and clap `ValueEnum`.
macro_rules! choice {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl Choice for $name {
            const ALL: &'static [Self] = &[$(Self::$variant,)+];
            const NAMES: &'static [&'static str] = &[$($text,)+];
            fn name(self) -> &'static str {
                match self { $(Self::$variant => $text,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                Self::ALL
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.name()))
            }
        }
    };
}

choice! {
    /// The layouts that come with the tool.
    pub enum Kind {
        /// A policy brief of two to six pages.
        Brief = "brief",
        /// One page, condensed.
        OnePager = "one-pager",
        /// A press statement.
        Statement = "statement",
    }
}

choice! {
    /// The editions a brief is built as.
    pub enum Edition {
        /// A tagged PDF (PDF/UA-1) through Typst.
        Pdf = "pdf",
        /// One self-contained, accessible HTML page.
        Html = "html",
        /// A Word file for review and sign-off.
        Docx = "docx",
    }
}

choice! {
    /// Publication states.
    pub enum Status {
        /// Carries DRAFT on every page.
        Draft = "draft",
        /// Ready to publish.
        Final = "final",
    }
}

choice! {
    /// Where an ask stands.
    pub enum AskStatus {
        /// Not yet answered (the default).
        Open = "open",
        /// Done as asked.
        Met = "met",
        /// Its deadline passed without it.
        Missed = "missed",
        /// No longer asked.
        Dropped = "dropped",
    }
}

choice! {
    /// Kinds of source.
    pub enum CitationType {
        Report = "report",
        Article = "article",
        Web = "web",
        News = "news",
        Book = "book",
        Chapter = "chapter",
        Thesis = "thesis",
        Legislation = "legislation",
        Case = "case",
        Conference = "conference",
        Statement = "statement",
        Dataset = "dataset",
    }
}

choice! {
    /// Paper sizes.
    pub enum Paper {
        A4 = "a4",
        UsLetter = "us-letter",
    }
}

/// What a brief is typeset with.
#[derive(Debug, Clone, PartialEq)]
pub enum Template {
    /// A layout that comes with the tool.
    Builtin(Kind),
    /// A `.typ` file in the workspace, as written (relative to the workspace root).
    Custom(Spanned<String>),
}

/// A text field: its parsed markup and where it is.
#[derive(Debug, Clone)]
pub struct Text {
    /// The parsed markup.
    pub markup: Markup,
    /// The whole value's span.
    pub span: Range<usize>,
}

/// One brief file.
#[derive(Debug, Clone)]
pub struct Brief {
    /// The file it came from.
    pub file: Arc<SourceFile>,
    /// The full path on disk.
    pub path: PathBuf,
    /// The headline.
    pub title: Option<Spanned<String>>,
    /// One line under the title.
    pub subtitle: Option<String>,
    /// The layout.
    pub kind: Kind,
    /// Date of issue.
    pub date: Option<Spanned<NaiveDate>>,
    /// Draft or final.
    pub status: Status,
    /// BCP 47 language tag.
    pub language: Spanned<String>,
    /// The line above the title.
    pub label: Option<String>,
    /// Where it is issued (a statement's dateline: "OTTAWA, 7 March 2024 —").
    pub place: Option<String>,
    /// Who it is for.
    pub audience: Vec<String>,
    /// Who wrote it.
    pub authors: Vec<Person>,
    /// PDF keywords.
    pub keywords: Vec<String>,
    /// What it is typeset with: `template`, else the layout of its `kind`.
    pub template: Template,
    /// The position (absent only when the brief lacks it, which is an error).
    pub position: Option<Position>,
    /// The findings.
    pub evidence: Vec<Evidence>,
    /// What we ask, of whom.
    pub asks: Vec<Ask>,
    /// Contact block (else the workspace's).
    pub contact: Option<Person>,
    /// Citations defined in the brief itself.
    pub citations: Vec<Citation>,
    /// Where `[[evidence]]` and `[[ask]]` problems about the whole brief point.
    pub top_span: Range<usize>,
    /// Where `evidence` and `ask` are written (an empty `evidence = []`), when they are.
    pub list_spans: [Option<Range<usize>>; 2],
    /// `[data]`: a file with a row per edition, whose columns `{{column}}` in the texts name.
    pub data: Option<DataSpec>,
    /// Set when this brief is a translation (`NAME.LANG.toml` with `translation-of`): then its
    /// texts are the translation's, with spans in [`Brief::file`], and everything else is the
    /// source's, with spans in the source's file.
    pub translation: Option<Box<Translation>>,
}

/// `[data]` of a brief: an edition per row of a data file.
#[derive(Debug, Clone)]
pub struct DataSpec {
    /// The file (CSV with a header row, a JSON array of objects, or TOML `[[row]]` tables), from
    /// the workspace's folder.
    pub file: Spanned<String>,
    /// The column that names each edition; its values are unique.
    pub key: Spanned<String>,
    /// How an edition's file is named, with `{{column}}` placeholders; the key's slug if absent.
    pub name: Option<Spanned<String>>,
    /// The table's span.
    pub span: Range<usize>,
}

/// A translation of a brief into another language: only its texts, each keyed to the source's
/// item and field. Built by the loader into a whole [`Brief`] (the source's ids, order, dates,
/// sources and template with these texts), so that it cannot differ from the source in anything
/// but words.
#[derive(Debug, Clone)]
pub struct Translation {
    /// `translation-of` as written, relative to the translation.
    pub of: Spanned<String>,
    /// The source brief, as loaded (its own file and spans).
    pub source: Brief,
    /// Every text the translation gives, in file order.
    pub fields: Vec<TranslatedField>,
    /// Its `[evidence.ID]` and `[ask.ID]` tables.
    pub items: Vec<TranslatedItem>,
    /// Fingerprints of the source texts as last reviewed (`[reviewed]`, written by
    /// `brief translate --accept`), by field key.
    pub reviewed: Vec<(String, Spanned<String>)>,
}

/// One translated text: which field of the source it translates and what it says.
#[derive(Debug, Clone)]
pub struct TranslatedField {
    /// Which text of the source it translates (its key reads `evidence.ID.claim`).
    pub key: texts::TextKey,
    /// The text as written, with its span in the translation.
    pub value: Spanned<String>,
}

/// An item table of a translation: `[evidence.ID]` or `[ask.ID]`.
#[derive(Debug, Clone)]
pub struct TranslatedItem {
    /// `evidence` or `ask`.
    pub table: &'static str,
    /// The id, with its span.
    pub id: Spanned<String>,
    /// The table's span.
    pub span: Range<usize>,
}

impl TranslatedItem {
    /// Its key, the prefix of its fields' keys: `evidence.ID`.
    pub fn key(&self) -> String {
        format!("{}.{}", self.table, self.id.value)
    }
}

/// A person: author or contact.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Person {
    pub name: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
}

/// `[position]`.
#[derive(Debug, Clone)]
pub struct Position {
    /// The bottom line.
    pub statement: Option<Text>,
    /// Points for the box near the top.
    pub key_messages: Vec<Text>,
    /// Background.
    pub context: Option<Text>,
    /// The table's span.
    pub span: Range<usize>,
}

/// `[[evidence]]`.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub id: Option<Spanned<String>>,
    pub claim: Option<Text>,
    pub detail: Option<Text>,
    pub stat: Option<StatRef>,
    pub quote: Option<Quote>,
    /// `[evidence.chart]`.
    pub chart: Option<Chart>,
    pub sources: Vec<Spanned<String>>,
    pub span: Range<usize>,
}

choice! {
    /// Kinds of chart.
    pub enum ChartType {
        /// Bars, one per label (categories, such as years).
        Bar = "bar",
        /// A line through the points (a series over time).
        Line = "line",
    }
}

/// A chart drawn from the brief's own numbers: `[evidence.chart]`.
#[derive(Debug, Clone)]
pub struct Chart {
    pub kind: ChartType,
    /// The takeaway title.
    pub title: Spanned<String>,
    /// What the values count, printed on the axis and in the alt text.
    pub unit: Option<String>,
    /// One label per point.
    pub labels: Vec<Spanned<String>>,
    /// Where `labels` is written.
    pub labels_span: Range<usize>,
    /// `values`, as one unnamed series, or `series`.
    pub series: Vec<Series>,
    /// A label whose point is set apart.
    pub highlight: Option<Spanned<String>>,
    /// The brief's own text alternative; else one is drafted from the data.
    pub alt: Option<String>,
    /// The table's span.
    pub span: Range<usize>,
}

/// One series of a chart.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: Option<String>,
    /// The values, each with where it is written.
    pub values: Vec<Spanned<f64>>,
    /// Values a data brief's row gives: each value's place and the column named (`"{{col}}"`);
    /// the value itself is not a number until the row fills it in.
    pub placeholders: Vec<(usize, String)>,
    /// Where the `values` array is written.
    pub span: Range<usize>,
}

/// A figure called out large: written inline or named from the library.
#[derive(Debug, Clone)]
pub enum StatRef {
    /// `stat = { value = "...", label = "..." }`.
    Inline { value: String, label: String },
    /// `stat = "id"` of a library `[[stat]]`.
    Library(Spanned<String>),
}

/// A quotation that carries a finding.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Quote {
    pub text: String,
    pub speaker: Option<String>,
    pub role: Option<String>,
}

/// `[[ask]]`.
#[derive(Debug, Clone)]
pub struct Ask {
    pub id: Option<Spanned<String>>,
    pub to: Option<Spanned<String>>,
    pub action: Option<Text>,
    pub by: Option<Spanned<NaiveDate>>,
    pub rationale: Option<Text>,
    pub evidence: Vec<Spanned<String>>,
    /// Where it stands; open unless the brief says otherwise.
    pub status: AskStatus,
    /// Whether it runs with no end date (`ongoing = true`): then it needs no deadline.
    pub ongoing: bool,
    pub span: Range<usize>,
}

/// A date of publication: a full date, or only a year or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// One source, from a brief's `[[citation]]` or a library file.
#[derive(Debug, Clone)]
pub struct Citation {
    /// The file it is defined in.
    pub file: Arc<SourceFile>,
    /// The key.
    pub id: Spanned<String>,
    /// The kind of source.
    pub kind: CitationType,
    pub title: String,
    pub author: Vec<String>,
    /// The authors go on past those named (BibTeX's `and others`): styles print "et al.".
    pub et_al: bool,
    /// The editors: of a chapter's book, or of an edited volume.
    pub editor: Vec<String>,
    /// The translators.
    pub translator: Vec<String>,
    /// What kind of work it is, in words ("PhD thesis", "Working paper").
    pub genre: Option<String>,
    pub publisher: Option<String>,
    /// Where the publisher is ("London").
    pub place: Option<String>,
    /// A case's court ("Supreme Court of Canada"), a law's legislature or authority.
    pub court: Option<String>,
    /// A law's section ("§ 12101", "s. 5").
    pub section: Option<String>,
    pub container: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<Spanned<String>>,
    pub doi: Option<Spanned<String>>,
    pub accessed: Option<Spanned<NaiveDate>>,
    pub pages: Option<String>,
    pub volume: Option<String>,
    /// "2nd", "3"; a book's or report's edition.
    pub edition: Option<String>,
    pub issue: Option<String>,
    pub note: Option<String>,
    /// The table's span.
    pub span: Range<usize>,
}

impl Citation {
    /// The names of the fields in which two definitions of one key differ.
    pub fn differing_fields(&self, other: &Citation) -> Vec<String> {
        self.fields()
            .into_iter()
            .zip(other.fields())
            .filter(|(a, b)| a.1 != b.1)
            .map(|(a, _)| a.0.to_string())
            .collect()
    }

    /// The fields that describe the source, for comparing two definitions of one key.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        vec![
            ("type", self.kind.to_string()),
            ("title", self.title.clone()),
            ("author", self.author.join("; ")),
            (
                "et-al",
                if self.et_al {
                    "true".into()
                } else {
                    String::new()
                },
            ),
            ("editor", self.editor.join("; ")),
            ("translator", self.translator.join("; ")),
            ("genre", opt(&self.genre)),
            ("publisher", opt(&self.publisher)),
            ("place", opt(&self.place)),
            ("court", opt(&self.court)),
            ("section", opt(&self.section)),
            ("container", opt(&self.container)),
            ("date", self.date.map(|d| d.to_string()).unwrap_or_default()),
            (
                "url",
                self.url
                    .as_ref()
                    .map(|u| u.value.clone())
                    .unwrap_or_default(),
            ),
            (
                "doi",
                self.doi
                    .as_ref()
                    .map(|u| u.value.clone())
                    .unwrap_or_default(),
            ),
            (
                "accessed",
                self.accessed
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
            ),
            ("pages", opt(&self.pages)),
            ("volume", opt(&self.volume)),
            ("edition", opt(&self.edition)),
            ("issue", opt(&self.issue)),
            ("note", opt(&self.note)),
        ]
    }
}

/// A shared figure from the library.
#[derive(Debug, Clone)]
pub struct Stat {
    pub file: Arc<SourceFile>,
    pub id: Spanned<String>,
    pub value: String,
    pub label: String,
    pub source: Option<Spanned<String>>,
    pub as_of: Option<NaiveDate>,
    /// The `[[stat]]` table's span.
    pub span: Range<usize>,
}

/// A brief's language tag in its parts: `fr-CA` → (`fr`, `CA`); a region is two letters.
pub fn language_parts(tag: &str) -> (String, Option<String>) {
    let language = tag.split('-').next().unwrap_or("en").to_lowercase();
    let region = tag
        .split('-')
        .nth(1)
        .filter(|r| r.len() == 2)
        .map(str::to_uppercase);
    (language, region)
}

/// The workspace: `briefs.toml` and its library. Without a `briefs.toml`, all defaults.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The folder holding `briefs.toml` (or the brief's folder when there is none).
    pub root: PathBuf,
    /// The parsed `briefs.toml`, if there is one.
    pub file: Option<Arc<SourceFile>>,
    pub organisation: Organisation,
    /// The default contact block.
    pub contact: Option<Person>,
    /// A built-in CSL style name or a `.csl` path in the workspace.
    pub citation_style: Spanned<String>,
    /// `#rrggbb`.
    pub accent: String,
    /// Paper size.
    pub paper: Paper,
    /// Where PDFs go, relative to the root.
    pub output_dir: Option<Spanned<String>>,
    /// The editions a build writes unless the command line says (`[output] formats`).
    pub formats: Vec<Edition>,
    /// Citations from the library files, in file order.
    pub citations: Vec<Citation>,
    /// Shared figures from the library files.
    pub stats: Vec<Stat>,
    /// The library files read, as full paths (what `watch` keeps an eye on).
    pub library_files: Vec<PathBuf>,
    /// The workspace's layout words, `assets/i18n/LANGUAGE.toml`, one file per language.
    pub languages: Vec<Arc<SourceFile>>,
    /// `[writing]`: what the editor's checks expect.
    pub writing: Writing,
}

/// `[writing]` of `briefs.toml`: the limits of the checks an editor makes. A limit of 0 turns
/// its check off.
#[derive(Debug, Clone, PartialEq)]
pub struct Writing {
    /// The longest sentence, in words, before a warning.
    pub sentence_words: usize,
    /// The highest reading grade before a warning.
    pub reading_grade: f64,
    /// Words per layout: brief, one-pager, statement.
    pub words: [usize; 3],
    /// Abbreviations the readers know, besides the common ones.
    pub acronyms: Vec<String>,
}

impl Default for Writing {
    fn default() -> Self {
        // 40 words read aloud in one breath; grade 12 is legislators' staff; 1,500 words is
        // IDRC's brief, 500 a page, 600 a press release.
        Writing {
            sentence_words: 40,
            reading_grade: 12.0,
            words: [1500, 500, 600],
            acronyms: Vec::new(),
        }
    }
}

impl Writing {
    /// The word budget of a layout.
    pub fn budget(&self, kind: Kind) -> usize {
        match kind {
            Kind::Brief => self.words[0],
            Kind::OnePager => self.words[1],
            Kind::Statement => self.words[2],
        }
    }
}

impl Workspace {
    /// A workspace with every default, rooted at a folder (a brief without a `briefs.toml`).
    pub fn defaults(root: PathBuf) -> Self {
        Workspace {
            root,
            file: None,
            organisation: Organisation::default(),
            contact: None,
            citation_style: Spanned {
                value: "apa".into(),
                span: 0..0,
            },
            accent: "#1f4e79".into(),
            paper: Paper::A4,
            output_dir: None,
            formats: vec![Edition::Pdf],
            citations: Vec::new(),
            stats: Vec::new(),
            library_files: Vec::new(),
            languages: Vec::new(),
            writing: Writing::default(),
        }
    }

    /// Every file the workspace itself was read from: `briefs.toml`, the library, the words.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .file
            .iter()
            .map(|_| self.root.join("briefs.toml"))
            .collect();
        out.extend(self.library_files.iter().cloned());
        // A custom style is read before Typst runs, so Typst does not list it among its reads.
        if self.citation_style.value.ends_with(".csl") {
            out.extend(crate::paths::resolve_in_workspace(
                &self.root,
                &self.citation_style.value,
            ));
        }
        out.extend(self.languages.iter().map(|f| {
            self.root
                .join("assets/i18n")
                .join(f.path.file_name().unwrap_or_default())
        }));
        out
    }

    /// The library figure of an id.
    pub fn stat(&self, id: &str) -> Option<&Stat> {
        self.stats.iter().find(|s| s.id.value == id)
    }
}

/// `[organisation]`.
#[derive(Debug, Clone, Default)]
pub struct Organisation {
    pub name: Option<String>,
    /// Path inside the workspace.
    pub logo: Option<Spanned<String>>,
    /// Alternative text of the logo (defaults to the organisation's name).
    pub logo_alt: Option<String>,
    pub url: Option<String>,
}
