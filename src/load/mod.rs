//! Stage one: files on disk become a typed [`Brief`] and [`Workspace`], with every key's span and
//! every shape problem (syntax, types, unknown keys, missing keys, enum values) reported at once.

pub mod library;
pub mod translation;
pub mod tree;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{io_message, suggest, Diagnostic, Problem, SourceFile};
use crate::markup::OffsetMap;
use crate::model::*;
use crate::paths::{find_root, folder_of};
use tree::{Node, TableReader, Val};

/// Larger than any brief or library anyone writes by hand.
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// A brief as loaded, with the problems found on the way.
pub struct Loaded<T> {
    /// The value, as far as it could be read; `None` when the file could not be read or parsed.
    pub value: Option<T>,
    /// Everything wrong with it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Read a text file, refusing missing, huge, binary and non-UTF-8 files with a diagnostic.
pub fn read_source(path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    let io = |e: std::io::Error| {
        let problem = Problem::Io {
            path: crate::diagnostic::display_path(path).display().to_string(),
            action: "read",
            error: io_message(&e),
        };
        Diagnostic::about(problem, path)
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    // A folder cannot be read as text, a pipe would block the read forever and a device never
    // end it.
    if !meta.is_file() {
        let path_shown = crate::diagnostic::display_path(path).display().to_string();
        return Err(Diagnostic::about(
            Problem::NotAFile { path: path_shown },
            path,
        ));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(Diagnostic::about(
            Problem::TooLarge {
                size: meta.len(),
                limit: MAX_FILE_SIZE,
            },
            path,
        ));
    }
    let bytes = crate::paths::read_capped(path, MAX_FILE_SIZE).map_err(io)?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            // Show the line with the bad byte: the text before it is valid, so offsets agree.
            let offset = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = SourceFile::new(path.to_path_buf(), lossy);
            return Err(Diagnostic::at(
                Problem::NotUtf8 { offset },
                &file,
                offset..offset + '\u{fffd}'.len_utf8(),
            ));
        }
    };
    // A byte-order mark is harmless; editors on Windows add one.
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(SourceFile::new(path.to_path_buf(), text))
}

/// Parse a source as TOML, reporting empty files and syntax errors.
fn parse_toml(file: &Arc<SourceFile>, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    if file.text.trim().is_empty() {
        diags.push(Diagnostic::at(Problem::Empty, file, 0..0));
        return None;
    }
    match tree::parse(&file.text) {
        Ok(node) => Some(node),
        Err((message, span)) => {
            diags.push(Diagnostic::at(Problem::Syntax { message }, file, span));
            None
        }
    }
}

/// Load one brief file.
pub fn brief(path: &Path) -> Loaded<Brief> {
    brief_or_source(path, false)
}

/// Load a brief; as the source of a translation (`source`), a translation is not read further:
/// two translations of each other would otherwise load each other forever.
fn brief_or_source(path: &Path, source: bool) -> Loaded<Brief> {
    let mut diags = Vec::new();
    let file = match read_source(path) {
        Ok(f) => f,
        Err(d) => {
            return Loaded {
                value: None,
                diagnostics: vec![d],
            }
        }
    };
    let Some(root) = parse_toml(&file, &mut diags) else {
        return Loaded {
            value: None,
            diagnostics: diags,
        };
    };
    if matches!(&root.val, Val::Table(e) if e.iter().any(|e| e.key == "translation-of")) {
        if source {
            return Loaded {
                value: None,
                diagnostics: vec![translation::not_a_source()],
            };
        }
        return translation::read(&file, path, &root, diags);
    }
    let brief = read_brief(&file, path, &root, &mut diags);
    Loaded {
        value: Some(brief),
        diagnostics: diags,
    }
}

fn read_brief(
    file: &Arc<SourceFile>,
    path: &Path,
    root: &Node,
    diags: &mut Vec<Diagnostic>,
) -> Brief {
    // Problems about the brief as a whole point at its first line.
    let top_span = 0..file.text.find('\n').unwrap_or(file.text.len());
    let mut r = TableReader::new(file, diags, root, "the brief");
    let title = r.req_str("title", "\"What we want, in one line\"");
    let subtitle = r.str("subtitle").map(|s| s.value);
    let kind = r.choice::<Kind>("kind").map_or(Kind::Brief, |s| s.value);
    let date = r.req_date("date");
    let status = r
        .choice::<Status>("status")
        .map_or(Status::Final, |s| s.value);
    let language = r.str("language").unwrap_or(Spanned {
        value: "en".into(),
        span: top_span.clone(),
    });
    let label = r.str("label").map(|s| s.value);
    let place = r.str("place").map(|s| s.value);
    let audience = r.strings("audience").into_iter().map(|s| s.value).collect();
    let authors = read_people(&mut r, "authors");
    let keywords = r.strings("keywords").into_iter().map(|s| s.value).collect();
    let template = match r.str("template") {
        None => Template::Builtin(kind),
        Some(t) => match Kind::parse(&t.value) {
            Some(k) => Template::Builtin(k),
            None if t.value.ends_with(".typ") => Template::Custom(t),
            None => {
                let suggestion = suggest(&t.value, Kind::NAMES.iter().copied());
                let problem = Problem::UnknownTemplate {
                    name: t.value.clone(),
                    suggestion,
                };
                r.report(problem, t.span);
                Template::Builtin(kind)
            }
        },
    };

    let position = match r.table("position") {
        Some(node) => {
            let mut p = r.sub(node, "[position]");
            let statement = text(&mut p, "statement", true);
            let key_messages = texts(&mut p, "key-messages");
            let context = text(&mut p, "context", false);
            let span = p.span();
            p.finish();
            Some(Position {
                statement,
                key_messages,
                context,
                span,
            })
        }
        None => {
            if r.take("position").is_none() {
                let problem = Problem::MissingKey {
                    key: "position".into(),
                    table: "the brief".into(),
                    example: "{ statement = \"...\" } (or a [position] table)",
                };
                r.report(problem, top_span.clone());
            }
            None
        }
    };

    let list_spans = [r.key_span("evidence"), r.key_span("ask")];
    let evidence = r
        .tables("evidence")
        .into_iter()
        .map(|n| read_evidence(&mut r, n))
        .collect();
    let asks = r
        .tables("ask")
        .into_iter()
        .map(|n| read_ask(&mut r, n))
        .collect();
    let contact = r
        .table("contact")
        .map(|n| read_contact(&mut r, n, "[contact]"));
    let citations = r
        .tables("citation")
        .into_iter()
        .filter_map(|n| read_citation(&mut r, n))
        .collect();
    r.finish();

    Brief {
        file: file.clone(),
        path: path.to_path_buf(),
        title,
        subtitle,
        kind,
        date,
        status,
        language,
        label,
        place,
        audience,
        authors,
        keywords,
        template,
        position,
        evidence,
        asks,
        contact,
        citations,
        top_span,
        list_spans,
        translation: None,
    }
}

/// Where a string value's text starts in the file, when it is written without escapes, so that
/// citations inside it can be pointed at exactly.
pub(crate) fn offset_map(
    file: &SourceFile,
    span: &std::ops::Range<usize>,
    value: &str,
) -> OffsetMap {
    let raw = file.text.get(span.clone()).unwrap_or("");
    let base = ["\"\"\"", "'''", "\"", "'"].iter().find_map(|q| {
        let inner = raw.strip_prefix(q)?.strip_suffix(q)?;
        let skip = if q.len() == 3 {
            if inner.starts_with("\r\n") {
                2
            } else {
                usize::from(inner.starts_with('\n'))
            }
        } else {
            0
        };
        (&inner[skip..] == value).then_some(span.start + q.len() + skip)
    });
    OffsetMap {
        base,
        whole: span.clone(),
    }
}

fn to_text(file: &SourceFile, s: Spanned<String>) -> Text {
    let map = offset_map(file, &s.span, &s.value);
    Text {
        markup: Markup::parse(&s.value, &map),
        span: s.span,
    }
}

fn text(r: &mut TableReader, key: &'static str, required: bool) -> Option<Text> {
    let s = if required {
        r.req_str(key, "\"...\"")
    } else {
        r.str(key)
    }?;
    Some(to_text(r.file(), s))
}

fn texts(r: &mut TableReader, key: &'static str) -> Vec<Text> {
    let file = r.file();
    r.strings(key)
        .into_iter()
        .map(|s| to_text(file, s))
        .collect()
}

fn read_people(r: &mut TableReader, key: &'static str) -> Vec<Person> {
    let Some(e) = r.take(key) else {
        return Vec::new();
    };
    let items: Vec<&Node> = match &e.node.val {
        Val::Array(items) => items.iter().collect(),
        // One author where the format asks for a list: say so, and read it anyway.
        other => {
            let problem = Problem::WrongType {
                key: key.into(),
                expected: "an array",
                found: other.kind_name(),
                example: "[\"Jane Doe\"]",
            };
            r.report(problem, e.node.span.clone());
            vec![&e.node]
        }
    };
    items
        .into_iter()
        .filter_map(|n| match &n.val {
            Val::Str(s) => Some(Person {
                name: Some(s.clone()),
                ..Person::default()
            }),
            Val::Table(_) => Some(read_contact(r, n, "an author")),
            other => {
                let problem = Problem::WrongType {
                    key: key.into(),
                    expected: "a name or a { name, role, email } table",
                    found: other.kind_name(),
                    example: "[\"Jane Doe\"]",
                };
                r.report(problem, n.span.clone());
                None
            }
        })
        .collect()
}

fn read_contact(r: &mut TableReader, node: &Node, name: &str) -> Person {
    let mut c = r.sub(node, name);
    let email = c.str("email");
    let url = c.str("url");
    // Both become links in the PDF: only a web page or an address, never `javascript:` or `file:`.
    if let Some(e) = email
        .as_ref()
        .filter(|e| !crate::markup::is_email(&e.value))
    {
        let problem = Problem::BadEmail {
            email: e.value.clone(),
        };
        c.report(problem, e.span.clone());
    }
    if let Some(u) = url.as_ref() {
        check_url(&mut c, "url", u);
    }
    let person = Person {
        name: c.str("name").map(|s| s.value),
        role: c.str("role").map(|s| s.value),
        email: email.map(|s| s.value),
        phone: c.str("phone").map(|s| s.value),
        url: url.map(|s| s.value),
    };
    c.finish();
    person
}

/// A URL a layout turns into a link must be an absolute http(s) one.
fn check_url(r: &mut TableReader, key: &'static str, url: &Spanned<String>) {
    if !crate::markup::is_web_url(&url.value) {
        let problem = Problem::BadUrl {
            key,
            url: url.value.clone(),
        };
        r.report(problem, url.span.clone());
    }
}

fn read_evidence(r: &mut TableReader, node: &Node) -> Evidence {
    let mut e = r.sub(node, "[[evidence]]");
    let id = e.req_str("id", "\"short-name\"");
    let claim = text(&mut e, "claim", true);
    let detail = text(&mut e, "detail", false);
    let stat = e.take("stat").and_then(|entry| match &entry.node.val {
        Val::Str(s) => Some(StatRef::Library(Spanned {
            value: s.clone(),
            span: entry.node.span.clone(),
        })),
        Val::Table(_) => {
            let mut s = e.sub(&entry.node, "stat");
            let value = s.req_str("value", "\"74.4 million\"");
            let label = s.req_str("label", "\"what the number counts\"");
            s.finish();
            Some(StatRef::Inline {
                value: value?.value,
                label: label?.value,
            })
        }
        other => {
            let problem = Problem::WrongType {
                key: "stat".into(),
                expected: "a { value, label } table or the id of a library figure",
                found: other.kind_name(),
                example: "{ value = \"74.4 million\", label = \"...\" }",
            };
            e.report(problem, entry.node.span.clone());
            None
        }
    });
    let quote = e.table("quote").and_then(|n| {
        let mut q = e.sub(n, "quote");
        let text = q.req_str("text", "\"...\"");
        let speaker = q.str("speaker").map(|s| s.value);
        let role = q.str("role").map(|s| s.value);
        q.finish();
        Some(Quote {
            text: text?.value,
            speaker,
            role,
        })
    });
    let chart = e.table("chart").and_then(|n| read_chart(&mut e, n));
    let sources = e.strings("sources");
    let span = e.span();
    e.finish();
    Evidence {
        id,
        claim,
        detail,
        stat,
        quote,
        chart,
        sources,
        span,
    }
}

/// `[evidence.chart]`: its shape (the checks judge the numbers).
fn read_chart(r: &mut TableReader, node: &Node) -> Option<Chart> {
    let mut c = r.sub(node, "[evidence.chart]");
    let kind = c.choice::<ChartType>("type");
    let title = c.req_str("title", "\"Households waiting for supportive housing\"");
    let unit = c.str("unit").map(|s| s.value);
    let labels_span = c.key_span("labels");
    let labels = c.strings("labels");
    let highlight = c.str("highlight");
    let alt = c.str("alt").map(|s| s.value);
    let mut series = Vec::new();
    let values = c.take("values");
    let many = c.take("series");
    match (values, many) {
        (Some(v), None) => series.extend(numbers(&mut c, "values", &v.node).map(|values| Series {
            name: None,
            values,
            span: v.node.span.clone(),
        })),
        (None, Some(list)) => match &list.node.val {
            Val::Array(items) => {
                for item in items {
                    if !matches!(item.val, Val::Table(_)) {
                        c.wrong(
                            "series",
                            "an array of { name, values } tables",
                            item,
                            "[{ name = \"Ontario\", values = [1, 2] }]",
                        );
                        continue;
                    }
                    let mut t = c.sub(item, "series");
                    let name = t.req_str("name", "\"Ontario\"").map(|s| s.value);
                    let v = t.take("values");
                    if v.is_none() {
                        t.report(
                            Problem::MissingKey {
                                key: "values".into(),
                                table: "series".into(),
                                example: "[7100, 8650, 10200]",
                            },
                            item.span.clone(),
                        );
                    }
                    let parsed = v.and_then(|v| {
                        numbers(&mut t, "values", &v.node).map(|values| Series {
                            name: name.clone(),
                            values,
                            span: v.node.span.clone(),
                        })
                    });
                    t.finish();
                    series.extend(parsed);
                }
            }
            _ => c.wrong(
                "series",
                "an array of { name, values } tables",
                &list.node,
                "[{ name = \"Ontario\", values = [1, 2] }]",
            ),
        },
        (Some(v), Some(_)) => c.report(Problem::ChartValuesAndSeries, v.node.span.clone()),
        (None, None) => c.report(
            Problem::MissingKey {
                key: "values".into(),
                table: "[evidence.chart]".into(),
                example: "[7100, 8650, 10200, 12480, 14300]",
            },
            node.span.clone(),
        ),
    }
    let span = c.span();
    c.finish();
    Some(Chart {
        kind: kind?.value,
        title: title?,
        unit,
        labels,
        labels_span: labels_span.unwrap_or_else(|| span.clone()),
        series,
        highlight,
        alt,
        span,
    })
}

/// An array of numbers (integers or floats, `inf` and `nan` included: the checks refuse those
/// at their place).
fn numbers(r: &mut TableReader, key: &'static str, node: &Node) -> Option<Vec<Spanned<f64>>> {
    let Val::Array(items) = &node.val else {
        r.wrong(key, "an array of numbers", node, "[7100, 8650, 10200]");
        return None;
    };
    let mut out = Vec::new();
    for n in items {
        let value = match n.val {
            Val::Int(i) => i as f64,
            Val::Float(f) => f,
            _ => {
                r.wrong(key, "an array of numbers", n, "[7100, 8650, 10200]");
                continue;
            }
        };
        out.push(Spanned {
            value,
            span: n.span.clone(),
        });
    }
    Some(out)
}

fn read_ask(r: &mut TableReader, node: &Node) -> Ask {
    let mut a = r.sub(node, "[[ask]]");
    let id = a.req_str("id", "\"short-name\"");
    let to = a.req_str("to", "\"Parliament\"");
    let action = text(&mut a, "action", true);
    let by = a.date("by");
    let rationale = text(&mut a, "rationale", false);
    let evidence = a.strings("evidence");
    let status = a
        .choice::<AskStatus>("status")
        .map_or(AskStatus::Open, |s| s.value);
    let span = a.span();
    a.finish();
    Ask {
        id,
        to,
        action,
        by,
        rationale,
        evidence,
        status,
        span,
    }
}

fn read_citation(r: &mut TableReader, node: &Node) -> Option<Citation> {
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
    let publisher = c.str("publisher").map(|s| s.value);
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
    Some(Citation {
        file,
        id: id?,
        kind: kind.unwrap_or(CitationType::Report),
        title: title.map(|t| t.value).unwrap_or_default(),
        author,
        publisher,
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

/// Find the workspace of a brief (or folder) by walking up to a `briefs.toml`, and load it with
/// its citation library. Without one, every setting has its default.
pub fn workspace(start: &Path) -> Loaded<Workspace> {
    let dir = folder_of(start);
    let found = find_root(start);
    let mut ws = Workspace::defaults(found.clone().unwrap_or(dir));
    let mut diags = Vec::new();
    let Some(root_dir) = found else {
        return Loaded {
            value: Some(ws),
            diagnostics: diags,
        };
    };
    let file = match read_source(&root_dir.join("briefs.toml")) {
        Ok(f) => f,
        Err(d) => {
            return Loaded {
                value: None,
                diagnostics: vec![d],
            }
        }
    };
    ws.file = Some(file.clone());
    load_languages(&root_dir, &mut ws, &mut diags);
    // An empty briefs.toml marks the workspace and keeps every default.
    if file.text.trim().is_empty() {
        let default = root_dir.join("citations.toml");
        // There but not a file (a folder, a pipe): said, not skipped; load_library refuses it.
        if crate::paths::resolve_in_workspace(&root_dir, "citations.toml").is_some()
            && std::fs::symlink_metadata(&default).is_ok()
        {
            load_library(&default, &mut ws, &mut diags);
        }
        return Loaded {
            value: Some(ws),
            diagnostics: diags,
        };
    }
    let Some(node) = parse_toml(&file, &mut diags) else {
        return Loaded {
            value: None,
            diagnostics: diags,
        };
    };
    let mut libraries = vec![Spanned {
        value: "citations.toml".to_string(),
        span: 0..0,
    }];
    let mut library_given = false;
    {
        let mut r = TableReader::new(&file, &mut diags, &node, "briefs.toml");
        if let Some(n) = r.table("organisation") {
            let mut o = r.sub(n, "[organisation]");
            let url = o.str("url");
            if let Some(u) = &url {
                check_url(&mut o, "url", u);
            }
            ws.organisation = Organisation {
                name: o.str("name").map(|s| s.value),
                logo: o.str("logo"),
                logo_alt: o.str("logo-alt").map(|s| s.value),
                url: url.map(|s| s.value),
            };
            o.finish();
        }
        if let Some(n) = r.table("contact") {
            ws.contact = Some(read_contact(&mut r, n, "[contact]"));
        }
        if let Some(n) = r.table("style") {
            let mut s = r.sub(n, "[style]");
            if let Some(style) = s.str("citation-style") {
                ws.citation_style = style;
            }
            if let Some(accent) = s.str("accent") {
                ws.accent = accent.value.clone();
                if !is_hex_colour(&accent.value) {
                    s.report(
                        Problem::BadColour {
                            value: accent.value,
                        },
                        accent.span,
                    );
                }
            }
            if let Some(paper) = s.choice::<Paper>("paper") {
                ws.paper = paper.value;
            }
            s.finish();
        }
        if let Some(n) = r.table("citations") {
            let mut c = r.sub(n, "[citations]");
            if c.take("library").is_some() {
                libraries = c.strings("library");
                library_given = true;
            }
            c.finish();
        }
        if let Some(n) = r.table("output") {
            let mut o = r.sub(n, "[output]");
            ws.output_dir = o.str("dir");
            let formats = o.choices::<Edition>("formats");
            if !formats.is_empty() {
                ws.formats = formats.into_iter().map(|f| f.value).collect();
                ws.formats.dedup();
            }
            o.finish();
        }
        r.finish();
    }
    for lib in libraries {
        // Only files inside the workspace: a workspace someone sends must not read others.
        let Some(path) = crate::paths::resolve_in_workspace(&root_dir, &lib.value) else {
            diags.push(Diagnostic::at(
                Problem::OutsideWorkspace {
                    key: "library",
                    path: lib.value.clone(),
                },
                &file,
                lib.span.clone(),
            ));
            continue;
        };
        if !path.exists() {
            // The default library is optional; a named one must exist.
            if library_given {
                diags.push(Diagnostic::at(
                    Problem::MissingFile {
                        key: "library",
                        path: lib.value.clone(),
                    },
                    &file,
                    lib.span.clone(),
                ));
            }
            continue;
        }
        load_library(&path, &mut ws, &mut diags);
    }
    Loaded {
        value: Some(ws),
        diagnostics: diags,
    }
}

/// The workspace's layout words: every `.toml` file in `assets/i18n/`, named by its language.
fn load_languages(root: &Path, ws: &mut Workspace, diags: &mut Vec<Diagnostic>) {
    for path in crate::paths::files_in(root, "assets/i18n", &["toml"]) {
        match read_source(&path) {
            Ok(f) => ws.languages.push(f),
            Err(d) => diags.push(d),
        }
    }
}

fn is_hex_colour(s: &str) -> bool {
    let h = s.strip_prefix('#').unwrap_or("");
    (h.len() == 6 || h.len() == 3) && h.bytes().all(|b| b.is_ascii_hexdigit())
}

fn load_library(path: &Path, ws: &mut Workspace, diags: &mut Vec<Diagnostic>) {
    ws.library_files.push(path.to_path_buf());
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let file = match read_source(path) {
        Ok(f) => f,
        Err(d) => return diags.push(d),
    };
    match ext.as_str() {
        "toml" => {
            let Some(node) = parse_toml(&file, diags) else {
                return;
            };
            let mut r = TableReader::new(&file, diags, &node, "the library");
            let cites: Vec<Citation> = r
                .tables("citation")
                .into_iter()
                .filter_map(|n| read_citation(&mut r, n))
                .collect();
            let stats: Vec<Stat> = r
                .tables("stat")
                .into_iter()
                .filter_map(|n| read_stat(&mut r, n))
                .collect();
            r.finish();
            ws.citations.extend(cites);
            ws.stats.extend(stats);
        }
        ext => {
            let cites = library::read(&file, ext, diags);
            ws.citations.extend(cites);
        }
    }
}

fn read_stat(r: &mut TableReader, node: &Node) -> Option<Stat> {
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

/// Every brief a set of command-line paths names: files as given, folders searched for `.toml`
/// files (not `briefs.toml` or library files: `libraries` names those of the workspace around a
/// folder, as full paths). With no paths, the workspace's `briefs/` folder.
pub fn brief_paths(
    paths: &[PathBuf],
    libraries: &mut dyn FnMut(&Path) -> Vec<PathBuf>,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let paths = if paths.is_empty() {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let root = find_root(&cwd).unwrap_or(cwd);
        let briefs = root.join("briefs");
        vec![if briefs.is_dir() {
            briefs
        } else {
            root.to_path_buf()
        }]
    } else {
        paths.to_vec()
    };
    let mut out = Vec::new();
    for p in paths {
        // A workspace folder stands for its briefs/ folder.
        let p = if p.join("briefs.toml").is_file() && p.join("briefs").is_dir() {
            p.join("briefs")
        } else {
            p
        };
        if p.is_dir() {
            let libraries = libraries(&p);
            // A brief symbolically linked in from outside the workspace is not one of its own.
            let root = find_root(&p).unwrap_or_else(|| folder_of(&p));
            let inside = |f: &Path| {
                f.canonicalize()
                    .ok()
                    .zip(root.canonicalize().ok())
                    .is_some_and(|(real, root)| real.starts_with(root))
            };
            let mut found: Vec<PathBuf> = std::fs::read_dir(&p)
                .map_err(|e| {
                    Diagnostic::bare(Problem::Io {
                        path: p.display().to_string(),
                        action: "read folder",
                        error: io_message(&e),
                    })
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.is_file()
                        && f.extension().is_some_and(|e| e == "toml")
                        && !matches!(
                            f.file_name().and_then(|n| n.to_str()),
                            Some("briefs.toml" | "citations.toml" | "Cargo.toml")
                        )
                        && !libraries
                            .contains(&std::path::absolute(f).unwrap_or_else(|_| f.clone()))
                        && inside(f)
                })
                .collect();
            if found.is_empty() {
                return Err(Diagnostic::bare(Problem::NoBriefs {
                    dir: p.display().to_string(),
                }));
            }
            found.sort();
            out.extend(found);
        } else {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let is_toml = p
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
            if name == "briefs.toml" || name == "citations.toml" || (!is_toml && p.exists()) {
                let path = crate::diagnostic::display_path(&p).display().to_string();
                return Err(Diagnostic::about(Problem::NotABrief { path }, &p));
            }
            out.push(p);
        }
    }
    Ok(out)
}

/// The library files the workspace around a folder names, as full paths, read from its
/// `briefs.toml` without loading the rest, for callers that do not load the workspace anyway.
pub fn library_files(dir: &Path) -> Vec<PathBuf> {
    let Some(root) = find_root(dir) else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(root.join("briefs.toml")) else {
        return Vec::new();
    };
    let Ok(tree) = tree::parse(&text) else {
        return Vec::new();
    };
    let entries = |n: &Node| match &n.val {
        Val::Table(e) => e.clone(),
        _ => Vec::new(),
    };
    let citations = entries(&tree).into_iter().find(|e| e.key == "citations");
    let library = citations.and_then(|c| entries(&c.node).into_iter().find(|e| e.key == "library"));
    match library.map(|l| l.node.val) {
        Some(Val::Array(items)) => items
            .iter()
            .filter_map(|n| match &n.val {
                Val::Str(s) => Some(root.join(s)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
