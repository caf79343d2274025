//! Stage two: every rule of the format that goes beyond shape (ids, references between parts,
//! dates, URLs, DOIs, paths, library conflicts) and the warnings a careful editor would give.
//! Every rule runs; all findings come back together. The rules live by what they look at:
//! [`rules`] a brief, [`library`] the library across briefs, [`text`] whether text can be printed.

mod library;
pub mod readability;
mod rules;
mod text;
mod translation;
pub mod writing;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostic::{suggest, Diagnostic, Problem, SourceFile};
use crate::limits::*;
use crate::model::texts;
use crate::model::*;
use crate::paths::resolve_in_workspace;

pub use library::library;
pub use text::{characters, line_characters, option_text};

/// Check the workspace on its own: its settings and every library entry.
pub fn workspace(ws: &Workspace) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(file) = &ws.file else { return out };
    characters(file, &ws.root, &mut out);
    for folder in ["assets/fonts", "assets/i18n"] {
        for path in crate::paths::links_out(&ws.root, folder) {
            let shown = crate::diagnostic::display_path(&path).display().to_string();
            out.push(Diagnostic::about(
                Problem::SkippedOutside { path: shown },
                &path,
            ));
        }
    }
    for (path, why) in crate::fonts::unusable_files(&ws.root) {
        let shown = crate::diagnostic::display_path(&path).display().to_string();
        out.push(Diagnostic::about(
            Problem::UnusableFont { path: shown, why },
            &path,
        ));
    }
    if let Some(logo) = &ws.organisation.logo {
        check_path(ws, file, "logo", logo, &mut out);
        check_image(ws, file, logo, &mut out);
    }
    check_style(ws, file, &mut out);
    writing::workspace(ws, &mut out);
    if let Some(dir) = &ws.output_dir {
        // Outputs stay in the workspace: a workspace someone sends must not write elsewhere.
        inside(ws, file, "output dir", dir, &mut out);
    }
    ids(
        ws.citations.iter().map(|c| (&c.file, &c.id)),
        "citation",
        &mut out,
    );
    ids(
        ws.stats.iter().map(|s| (&s.file, &s.id)),
        "figure",
        &mut out,
    );
    for c in &ws.citations {
        citation_fields(c, &mut out);
    }
    let keys = known_keys(None, ws);
    for stat in &ws.stats {
        if let Some(source) = &stat.source {
            if !keys.contains(source.value.as_str()) {
                let suggestion = suggest(&source.value, keys.iter().copied());
                out.push(Diagnostic::at(
                    Problem::UnknownCitation {
                        key: source.value.clone(),
                        suggestion,
                    },
                    &stat.file,
                    source.span.clone(),
                ));
            }
        }
    }
    out
}

/// Check one brief against the format and its workspace.
pub fn brief(b: &Brief, ws: &Workspace) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    text::characters(&b.file, &ws.root, &mut out);
    if let Some(t) = &b.translation {
        translation::check(b, t, ws, &mut out);
        writing::brief(b, ws, &mut out);
        return out;
    }
    text::library_characters(b, ws, &mut out);
    rules::brief(b, ws, &mut out);
    writing::brief(b, ws, &mut out);
    out
}

/// The rules every text field meets: a length that keeps layout fast, and links to web pages or
/// addresses only.
fn text_rules(text: &Text, file: &Arc<SourceFile>, out: &mut Vec<Diagnostic>) {
    let len = text.markup.plain_text().chars().count();
    if len > TEXT_LIMIT {
        let problem = Problem::TextTooLong {
            len,
            limit: TEXT_LIMIT,
        };
        out.push(Diagnostic::at(problem, file, text.span.clone()));
    }
    for (url, span) in text.markup.links() {
        if !is_web_url(url) && !url.starts_with("mailto:") {
            let problem = Problem::BadUrl {
                key: "link",
                url: url.into(),
            };
            out.push(Diagnostic::at(problem, file, span));
        }
    }
}

/// A text that is not markup within its limit: one line for a line (a label, an addressee),
/// [`TEXT_LIMIT`] for a part of a figure, quote or chart. (Markup meets [`text_rules`].)
fn line_rules(
    id: texts::TextId,
    text: &str,
    span: &std::ops::Range<usize>,
    file: &Arc<SourceFile>,
    out: &mut Vec<Diagnostic>,
) {
    let limit = match id.field().form {
        texts::Form::Line | texts::Form::Lines => LINE_LIMIT,
        texts::Form::Parts(_) => TEXT_LIMIT,
        texts::Form::Markup | texts::Form::MarkupList => return,
    };
    let len = text.chars().count();
    if len > limit {
        let problem = Problem::TextTooLong { len, limit };
        out.push(Diagnostic::at(problem, file, span.clone()));
    }
}

/// All the texts of a brief together, `total` characters, within the limit of its layout.
fn total_text(b: &Brief, total: usize, out: &mut Vec<Diagnostic>) {
    let one_pager = b.template == Template::Builtin(Kind::OnePager);
    let limit = if one_pager {
        ONE_PAGER_TEXT_LIMIT
    } else {
        BRIEF_TEXT_LIMIT
    };
    if total > limit {
        let problem = Problem::BriefTooLong {
            len: total,
            limit,
            one_pager,
        };
        out.push(Diagnostic::at(problem, &b.file, b.top_span.clone()));
    }
}

/// Keys a brief may cite: its own and the library's.
fn known_keys<'a>(b: Option<&'a Brief>, ws: &'a Workspace) -> HashSet<&'a str> {
    b.into_iter()
        .flat_map(|b| b.citations.iter().map(|c| c.id.value.as_str()))
        .chain(ws.citations.iter().map(|c| c.id.value.as_str()))
        .collect()
}

/// Ids well formed and unique within one kind of item.
fn ids<'a>(
    items: impl Iterator<Item = (&'a Arc<SourceFile>, &'a Spanned<String>)>,
    what: &'static str,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (file, id) in items {
        // Citation keys come from other tools (BibTeX, Zotero) and may use more characters.
        let well_formed = if what == "citation" {
            valid_key(&id.value)
        } else {
            !id.value.is_empty()
                && id
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if !well_formed && !id.value.trim().is_empty() {
            out.push(Diagnostic::at(
                Problem::BadId {
                    id: id.value.clone(),
                },
                file,
                id.span.clone(),
            ));
        }
        let line = file.line_col(id.span.start).0;
        if let Some(first_line) = seen.get(id.value.as_str()) {
            out.push(Diagnostic::at(
                Problem::DuplicateId {
                    id: id.value.clone(),
                    what,
                    first_line: *first_line,
                },
                file,
                id.span.clone(),
            ));
        } else {
            seen.insert(&id.value, line);
        }
    }
}

/// Whether a citation key is one a brief can cite as `[@key]`: letters, digits and `-_:./`,
/// not ending in `.`, `:` or `/` (which end a citation in running text). Keys come from other
/// tools (BibTeX, Zotero, DBLP's `DBLP:conf/x`), so letters of any script count.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || "-_:./".contains(c))
        && !key.ends_with(['.', ':', '/'])
}

/// A key a brief can cite made from one it cannot: each run of other characters becomes one
/// `-` (`Aaron&Finkin` becomes `Aaron-Finkin`).
pub fn key_from(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_alphanumeric() || "_:./".contains(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out
        .trim_start_matches('-')
        .trim_end_matches(['-', '.', ':', '/']);
    if out.is_empty() {
        "entry".into()
    } else {
        out.into()
    }
}

/// The problems of one source's own fields: its address, its access date, its DOI.
pub(crate) fn citation_fields(c: &Citation, out: &mut Vec<Diagnostic>) {
    if let Some(url) = &c.url {
        if !is_web_url(&url.value) {
            out.push(Diagnostic::at(
                Problem::BadUrl {
                    key: "url",
                    url: url.value.clone(),
                },
                &c.file,
                url.span.clone(),
            ));
        }
        if matches!(c.kind, CitationType::Web | CitationType::News) && c.accessed.is_none() {
            out.push(Diagnostic::at(
                Problem::MissingAccessed {
                    id: c.id.value.clone(),
                    kind: c.kind.to_string(),
                },
                &c.file,
                url.span.clone(),
            ));
        }
    }
    if let Some(doi) = &c.doi {
        if !is_doi(&doi.value) {
            let stripped = [
                "https://doi.org/",
                "http://doi.org/",
                "https://dx.doi.org/",
                "doi.org/",
                "doi:",
            ]
            .iter()
            .find_map(|p| doi.value.trim().strip_prefix(p))
            .filter(|s| is_doi(s))
            .map(str::to_string);
            out.push(Diagnostic::at(
                Problem::BadDoi {
                    doi: doi.value.clone(),
                    fixed: stripped,
                },
                &c.file,
                doi.span.clone(),
            ));
        }
    }
}

pub use crate::markup::is_web_url;

/// `10.` + registrant digits + `/` + a suffix.
pub fn is_doi(doi: &str) -> bool {
    let Some(rest) = doi.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    !registrant.is_empty()
        && registrant
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !suffix.is_empty()
        && !suffix.contains(char::is_whitespace)
}

/// A plausible BCP 47 tag: a 2-3 letter language, then subtags of 1-8 letters or digits.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A logo within the size a build reads and the pixels it decodes, said at its line in
/// `briefs.toml` before any build tries.
fn check_image(
    ws: &Workspace,
    file: &Arc<SourceFile>,
    logo: &Spanned<String>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(path) = resolve_in_workspace(&ws.root, &logo.value).filter(|p| p.is_file()) else {
        return;
    };
    let message = match crate::paths::read_capped(&path, MAX_ASSET_SIZE) {
        Ok(bytes) => crate::limits::image_within(&bytes).err(),
        Err(e) => Some(format!("it cannot be read ({e})")),
    };
    if let Some(message) = message {
        let problem = Problem::BadAsset {
            key: "logo",
            path: logo.value.clone(),
            message,
        };
        out.push(Diagnostic::at(problem, file, logo.span.clone()));
    }
}

/// A path the workspace names must stay inside the workspace and exist.
fn check_path(
    ws: &Workspace,
    file: &Arc<SourceFile>,
    key: &'static str,
    path: &Spanned<String>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(full) = inside(ws, file, key, path, out) else {
        return;
    };
    let problem = match std::fs::metadata(&full) {
        Ok(m) if m.is_file() => return,
        // A folder, a pipe or a device: there, but never read.
        Ok(_) => Problem::NotAFile {
            path: path.value.clone(),
        },
        Err(_) => Problem::MissingFile {
            key,
            path: path.value.clone(),
        },
    };
    out.push(Diagnostic::at(problem, file, path.span.clone()));
}

/// Where a path the workspace names leads, when it is written with `/` and stays inside the
/// workspace; otherwise reported.
fn inside(
    ws: &Workspace,
    file: &Arc<SourceFile>,
    key: &'static str,
    path: &Spanned<String>,
    out: &mut Vec<Diagnostic>,
) -> Option<std::path::PathBuf> {
    // Typst and every other platform read `/`; a Windows path would name no file anywhere else.
    let problem = if path.value.contains('\\') {
        Problem::Backslash {
            key,
            path: path.value.clone(),
        }
    } else {
        match resolve_in_workspace(&ws.root, &path.value) {
            Some(full) => return Some(full),
            None => Problem::OutsideWorkspace {
                key,
                path: path.value.clone(),
            },
        }
    };
    out.push(Diagnostic::at(problem, file, path.span.clone()));
    None
}

/// Built-in citation style names, as Typst knows them.
pub fn style_names() -> Vec<&'static str> {
    hayagriva::archive::ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .collect()
}

fn check_style(ws: &Workspace, file: &Arc<SourceFile>, out: &mut Vec<Diagnostic>) {
    let style = &ws.citation_style;
    if style.value.ends_with(".csl") {
        check_path(ws, file, "citation style", style, out);
        return;
    }
    let names = style_names();
    if !names.contains(&style.value.as_str()) {
        let mut scored: Vec<(f64, &str)> = names
            .iter()
            .map(|n| (strsim::jaro_winkler(&style.value, n), *n))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let suggestions = scored.iter().take(3).map(|(_, n)| n.to_string()).collect();
        out.push(Diagnostic::at(
            Problem::UnknownStyle {
                name: style.value.clone(),
                suggestions,
            },
            file,
            style.span.clone(),
        ));
    }
}

/// Where a citation is defined, as `file:line`.
pub fn place(c: &Citation) -> String {
    format!(
        "{}:{}",
        c.file.path.display(),
        c.file.line_col(c.id.span.start).0
    )
}
