//! The HTML edition: one self-contained page per brief (CSS inline, logo as a data URI, no
//! script, no request to any other server), from the same [`TemplateData`] as the PDF and the
//! same formatted citations. Layouts are Jinja templates in `assets/web/` (minijinja, autoescape
//! on), readable by a web designer on their own; a workspace overrides one with its own
//! `assets/web/LAYOUT.html`. Everything a brief holds reaches the page escaped: the text trees
//! (markup, citations) are written here, by the filters, escaping every string; charts are
//! drawn as inline SVG by [`chart`].

mod chart;
mod fonts;

use std::fmt::Write;
use std::sync::{Arc, Mutex};

use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind};

use super::{Edition, Job, Made, Maker};
use crate::diagnostic::{Diagnostic, Problem};
use crate::markup::{Block, Inline, Markup};
use crate::model::{Choice, Template, Workspace};
use crate::render::TemplateData;
use crate::rich::{Rich, Script, Shown};

/// The built-in templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../../assets/web/base.html")),
    ("style.css", include_str!("../../../assets/web/style.css")),
    ("parts.html", include_str!("../../../assets/web/parts.html")),
    ("brief.html", include_str!("../../../assets/web/brief.html")),
    (
        "one-pager.html",
        include_str!("../../../assets/web/one-pager.html"),
    ),
    (
        "statement.html",
        include_str!("../../../assets/web/statement.html"),
    ),
];

/// The HTML edition.
pub struct Html;

impl Maker for Html {
    fn extension(&self) -> &'static str {
        "html"
    }

    fn noun(&self) -> &'static str {
        "HTML page"
    }

    fn make(&self, job: &Job, read: &mut Vec<std::path::PathBuf>) -> Result<Made, Vec<Diagnostic>> {
        let pdf = job.sibling(Edition::Pdf);
        let docx = job.sibling(Edition::Docx);
        let options = PageOptions {
            pdf: pdf.as_deref(),
            docx: docx.as_deref(),
        };
        read.extend(inputs(job.workspace, job.data.kind));
        let html =
            page(job.data, &job.brief.template, job.workspace, &options).map_err(|d| vec![d])?;
        Ok(Made {
            bytes: html.into_bytes(),
            pages: None,
            warnings: Vec::new(),
        })
    }

    /// A page this tool wrote: brief's generator tag in its head.
    fn ours(&self, bytes: &[u8]) -> bool {
        let tag: &[u8] = b"<meta name=\"generator\" content=\"brief\">";
        bytes.starts_with(b"<!doctype html>") && crate::paths::holds(bytes, tag)
    }
}

/// A chart drawn as the page draws it, as a standalone SVG coloured with `accent` and
/// `accent_ink` (`#rrggbb`): the Word edition's picture of it.
pub fn chart_picture(
    c: &crate::render::chart::ChartData,
    accent: &str,
    accent_ink: &str,
) -> Option<String> {
    let value = serde_json::to_value(c).ok()?;
    let web: chart::WebChart = serde_json::from_value(value).ok()?;
    Some(chart::picture(&web, accent, accent_ink))
}

/// What the page needs besides the template data.
pub struct PageOptions<'a> {
    /// The PDF edition's file name, when it is built beside the page: the page links it.
    pub pdf: Option<&'a str>,
    /// The Word edition's file name, likewise.
    pub docx: Option<&'a str>,
}

/// The HTML edition of a brief. A template error (a workspace's own template) is placed in its
/// file; a logo that cannot be read is left out (the PDF build reports it).
pub fn page(
    data: &TemplateData,
    template: &Template,
    ws: &Workspace,
    options: &PageOptions,
) -> Result<String, Diagnostic> {
    let layout = match template {
        Template::Builtin(kind) => kind.name(),
        // A custom Typst template still gets the web layout of its brief's kind.
        Template::Custom(_) => data.kind.name(),
    };
    let name = format!("{layout}.html");
    let mut env = Environment::new();
    // A workspace's template is a program: its loops are bounded (a page of ours takes under
    // a hundred thousand steps; nested loops of 100,000 ran for minutes).
    env.set_fuel(Some(WEB_FUEL));
    for (n, source) in TEMPLATES {
        env.add_template(n, source)
            .map_err(|e| template_error(e, None))?;
    }
    // A workspace's own template for this layout, if it has one.
    let own_path = crate::paths::resolve_in_workspace(&ws.root, &format!("assets/web/{name}"))
        .filter(|p| p.is_file());
    if let Some(path) = &own_path {
        let source = crate::paths::read_capped(path, crate::limits::MAX_ASSET_SIZE)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                Diagnostic::about(
                    Problem::BadAsset {
                        key: "web template",
                        path: format!("assets/web/{name}"),
                        message: "it is not a readable UTF-8 file".into(),
                    },
                    path,
                )
            })?;
        env.add_template_owned(name.clone(), source)
            .map_err(|e| template_error(e, Some(path)))?;
    }
    let notes: Arc<Mutex<Vec<String>>> = Arc::default();
    add_filters(&mut env, notes.clone());
    let context = minijinja::context! {
        data => Value::from_serialize(snake_keys(serde_json::to_value(data).unwrap_or_default())),
        pdf => options.pdf,
        docx => options.docx,
        logo => logo_uri(ws),
        summary => summary(data),
    };
    let template = env
        .get_template(&name)
        .map_err(|e| template_error(e, own_path.as_deref()))?;
    let page = template
        .render(context)
        .map_err(|e| template_error(e, own_path.as_deref()))?;
    Ok(with_faces(told(page, data)))
}

/// A redline's page with each insertion and deletion also told in words that a screen reader
/// reads and the eye does not see ("[inserted: …]"): most readers say nothing of `<ins>`.
fn told(page: String, data: &TemplateData) -> String {
    if data.changes.is_none() {
        return page;
    }
    let words = &data.front.words;
    let word = |name: &str| escape(words.get(name).map_or(name, String::as_str));
    let colon = word("colon");
    let hidden = |t: String| format!("<span class=\"visually-hidden\">{t}</span>");
    let close = hidden("]".into());
    page.replace(
        "<ins>",
        &format!("<ins>{}", hidden(format!("[{}{colon}", word("inserted")))),
    )
    .replace("</ins>", &format!("{close}</ins>"))
    .replace(
        "<del>",
        &format!("<del>{}", hidden(format!("[{}{colon}", word("deleted")))),
    )
    .replace("</del>", &format!("{close}</del>"))
}

/// The page with the typefaces it uses inlined before the end of its head (a page without a
/// head, from a workspace's template, is left as it is).
fn with_faces(page: String) -> String {
    let Some(at) = page.find("</head>") else {
        return page;
    };
    let css = fonts::faces_css(&page);
    if css.is_empty() {
        return page;
    }
    format!("{}<style>\n{css}</style>\n{}", &page[..at], &page[at..])
}

/// The steps a page's templates may take (see `Environment::set_fuel`).
const WEB_FUEL: u64 = 20_000_000;

/// The workspace's own web template a page of this layout would read, found or not (for
/// `watch`: adding one changes the page).
pub fn inputs(ws: &Workspace, layout: crate::model::Kind) -> Vec<std::path::PathBuf> {
    vec![ws
        .root
        .join("assets/web")
        .join(format!("{}.html", layout.name()))]
}

/// The filters that write the brief's text trees, escaped, and the footnotes of note styles.
fn add_filters(env: &mut Environment, notes: Arc<Mutex<Vec<String>>>) {
    let n = notes.clone();
    env.add_filter("markup", move |v: Value| -> Result<Value, Error> {
        let m: Option<Markup> = from_value(v)?;
        let mut out = String::new();
        if let Some(m) = m {
            blocks(&m, &mut out, &n);
        }
        Ok(Value::from_safe_string(out))
    });
    let n = notes.clone();
    env.add_filter("flat", move |v: Value| -> Result<Value, Error> {
        let m: Option<Markup> = from_value(v)?;
        let mut out = String::new();
        for (i, b) in m.iter().flat_map(|m| &m.blocks).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            match b {
                Block::Para { content } => inlines(content, &mut out, &n),
                Block::List { items, .. } => {
                    for (j, item) in items.iter().enumerate() {
                        if j > 0 {
                            out.push(' ');
                        }
                        inlines(item, &mut out, &n);
                    }
                }
            }
        }
        Ok(Value::from_safe_string(out))
    });
    let n = notes.clone();
    env.add_filter("inlines", move |v: Value| -> Result<Value, Error> {
        let items: Vec<Inline> = from_value(v)?;
        let mut out = String::new();
        inlines(&items, &mut out, &n);
        Ok(Value::from_safe_string(out))
    });
    env.add_filter("rich", |v: Value| -> Result<Value, Error> {
        let items: Option<Vec<Rich>> = from_value(v)?;
        let mut out = String::new();
        rich(items.as_deref().unwrap_or_default(), &mut out);
        Ok(Value::from_safe_string(out))
    });
    env.add_filter("anchor", |key: String| anchor(&key));
    env.add_filter("chart_svg", |v: Value| -> Result<Value, Error> {
        let c: chart::WebChart = from_value(v)?;
        Ok(Value::from_safe_string(chart::svg(&c)))
    });
    // A phone number as a `tel:` address: its digits, with a leading `+` if it has one.
    env.add_filter("tel", |phone: String| super::tel(&phone));
    env.add_filter("bare_url", |url: String| super::bare_url(&url));
    // A quotation in the marks of its language, as Typst sets them in the PDF: `{{ q.text |
    // quoted(language) }}`.
    env.add_filter("quoted", |text: String, language: String| {
        let (open, close) = crate::render::quote_marks(&language);
        format!("{open}{text}{close}")
    });
    // The footnotes written so far, in order: call it after the text that cites.
    env.add_function("notes", move || -> Value {
        let list = notes.lock().unwrap_or_else(|p| p.into_inner());
        Value::from_serialize(
            list.iter()
                .enumerate()
                .map(|(i, html)| {
                    minijinja::context! { number => i + 1, html => Value::from_safe_string(html.clone()) }
                })
                .collect::<Vec<_>>(),
        )
    });
}

/// A value of the page's data read back as the type it was written from. The page's keys have
/// `_` for `-`; of the types a filter reads, only a look's `small-caps` has a hyphen, and it
/// takes the other spelling too.
fn from_value<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, Error> {
    let json = serde_json::to_value(&v)
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))?;
    serde_json::from_value(json)
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, format!("not markup: {e}")))
}

fn blocks(m: &Markup, out: &mut String, notes: &Mutex<Vec<String>>) {
    for b in &m.blocks {
        match b {
            Block::Para { content } => {
                out.push_str("<p>");
                inlines(content, out, notes);
                out.push_str("</p>");
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                if *ordered {
                    let _ = write!(out, "<ol start=\"{start}\">");
                } else {
                    out.push_str("<ul>");
                }
                for item in items {
                    out.push_str("<li>");
                    inlines(item, out, notes);
                    out.push_str("</li>");
                }
                out.push_str(if *ordered { "</ol>" } else { "</ul>" });
            }
        }
    }
}

fn inlines(items: &[Inline], out: &mut String, notes: &Mutex<Vec<String>>) {
    for i in items {
        match i {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Emph { content } => {
                out.push_str("<em>");
                inlines(content, out, notes);
                out.push_str("</em>");
            }
            Inline::Strong { content } => {
                out.push_str("<strong>");
                inlines(content, out, notes);
                out.push_str("</strong>");
            }
            Inline::Inserted { content } => {
                out.push_str("<ins>");
                inlines(content, out, notes);
                out.push_str("</ins>");
            }
            Inline::Deleted { content } => {
                out.push_str("<del>");
                inlines(content, out, notes);
                out.push_str("</del>");
            }
            Inline::Link { url, content, .. } => {
                let _ = write!(out, "<a href=\"{}\">", escape(url));
                inlines(content, out, notes);
                out.push_str("</a>");
            }
            Inline::Cite { shown: Some(s), .. } => cite(s, out, notes),
            Inline::Cite { shown: None, .. } => {}
        }
    }
}

/// A citation where it stands, or, for note styles, a numbered mark linked to its note.
fn cite(s: &Shown, out: &mut String, notes: &Mutex<Vec<String>>) {
    if !s.note {
        out.push_str("<span class=\"cite\">");
        rich(&s.content, out);
        out.push_str("</span>");
        return;
    }
    let mut list = notes.lock().unwrap_or_else(|p| p.into_inner());
    let mut note = String::new();
    rich(&s.content, &mut note);
    list.push(note);
    let n = list.len();
    let _ = write!(
        out,
        "<sup class=\"note-ref\"><a id=\"note-ref-{n}\" href=\"#note-{n}\" aria-label=\"Note {n}\">{n}</a></sup>"
    );
}

/// Formatted citation text: looks as elements, each source's part a link to its entry.
fn rich(items: &[Rich], out: &mut String) {
    for r in items {
        match r {
            Rich::Text { text, look } => {
                let mut close = Vec::new();
                let mut open = |tag: &'static str, class: Option<&str>| {
                    match class {
                        Some(c) => {
                            let _ = write!(out, "<{tag} class=\"{c}\">");
                        }
                        None => {
                            let _ = write!(out, "<{tag}>");
                        }
                    }
                    close.push(tag);
                };
                if look.italic {
                    open("i", None);
                }
                if look.bold {
                    open("b", None);
                }
                if look.small_caps {
                    open("span", Some("small-caps"));
                }
                if look.light {
                    open("span", Some("light"));
                }
                if look.underline {
                    open("span", Some("underline"));
                }
                match look.script {
                    Some(Script::Super) => open("sup", None),
                    Some(Script::Sub) => open("sub", None),
                    None => {}
                }
                out.push_str(&escape(text));
                for tag in close.iter().rev() {
                    let _ = write!(out, "</{tag}>");
                }
            }
            Rich::Link { url, content } => {
                let _ = write!(out, "<a href=\"{}\">", escape(url));
                rich(content, out);
                out.push_str("</a>");
            }
            Rich::Entry { key, content } => {
                let _ = write!(out, "<a href=\"#{}\">", anchor(key));
                rich(content, out);
                out.push_str("</a>");
            }
            Rich::Block { content } => {
                out.push_str("<span class=\"block\">");
                rich(content, out);
                out.push_str("</span>");
            }
        }
    }
}

/// The id of a reference entry: `ref-` and the key, every character that is not a letter,
/// digit, `-` or `_` written as `_HEX_`, so any key gives a valid, unique fragment.
fn anchor(key: &str) -> String {
    let mut id = String::from("ref-");
    for c in key.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            id.push(c);
        } else {
            let _ = write!(id, "_{:x}_", c as u32);
        }
    }
    id
}

/// Text for HTML: `&`, `<`, `>`, `"` and `'` as entities.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Tabs have no width in a paragraph; the PDF prints them as spaces too.
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The page's description (search results, link previews): the position's opening, else the
/// PDF's subject.
fn summary(data: &TemplateData) -> Option<String> {
    const LIMIT: usize = 300;
    let statement = data.position.as_ref().and_then(|p| p.statement.as_ref());
    let text = statement
        .map(|m| m.plain_text())
        .filter(|t| !t.is_empty())
        .or_else(|| data.description.clone())?;
    if text.chars().count() <= LIMIT {
        return Some(text);
    }
    let cut: String = text.chars().take(LIMIT).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':', ' '])))
}

/// The logo as a data URI, so the page loads nothing from elsewhere.
fn logo_uri(ws: &Workspace) -> Option<String> {
    use base64::Engine as _;
    let rel = ws.organisation.logo.as_ref()?;
    let path = crate::paths::resolve_in_workspace(&ws.root, &rel.value)?;
    let bytes = crate::paths::read_capped(&path, crate::limits::MAX_ASSET_SIZE).ok()?;
    let lower = rel.value.to_lowercase();
    let mime = if lower.ends_with(".svg") {
        "image/svg+xml"
    } else if lower.ends_with(".png") {
        "image/png"
    } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        "image/jpeg"
    } else {
        return None;
    };
    Some(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// Jinja reads `data.key_messages` more easily than the same key with its hyphen in brackets: the
/// page gets the template data with `_` for `-` in every key (values are untouched).
fn snake_keys(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Object(m) => J::Object(
            m.into_iter()
                .map(|(k, v)| (k.replace('-', "_"), snake_keys(v)))
                .collect(),
        ),
        J::Array(items) => J::Array(items.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

/// A template error as a diagnostic: in the workspace's own template at its line, or (a bug in a
/// built-in template) without a place.
fn template_error(e: Error, own: Option<&std::path::Path>) -> Diagnostic {
    let message = match e.detail() {
        _ if e.kind() == minijinja::ErrorKind::OutOfFuel => format!(
            "it took over {} million steps and was stopped (a loop over a huge range, or \
             loops nested too deep)",
            WEB_FUEL / 1_000_000
        ),
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    };
    let problem = Problem::WebTemplate { message };
    let text = own.and_then(|p| std::fs::read_to_string(p).ok());
    match (own, e.line(), text) {
        (Some(path), Some(line), Some(text)) => {
            let file = crate::diagnostic::SourceFile::new(path.to_path_buf(), text);
            let span = file.line_span(line);
            Diagnostic::at(problem, &file, span)
        }
        (Some(path), _, _) => Diagnostic::about(problem, path),
        _ => Diagnostic::bare(problem),
    }
}
