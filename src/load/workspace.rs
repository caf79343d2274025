//! The workspace: `briefs.toml` with its settings, the citation library it names, the layout
//! words in `assets/i18n/`, and which files of a folder are briefs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::brief::{check_url, read_contact, within_line};
use super::citation::{read_citation, read_stat};
use super::library;
use super::tree::{self, Node, TableReader, Val};
use super::{parse_toml, read_source, Loaded};
use crate::diagnostic::{io_message, Diagnostic, Problem, SourceFile};
use crate::model::*;
use crate::paths::{find_root, folder_of};

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
            load_library(&default, None, &mut ws, &mut diags);
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
    let libraries = read_settings(&file, &node, &mut ws, &mut diags);
    load_libraries(&root_dir, &file, libraries, &mut ws, &mut diags);
    Loaded {
        value: Some(ws),
        diagnostics: diags,
    }
}

/// The settings of `briefs.toml` into the workspace; the libraries it names (the default
/// `citations.toml`, if it names none), and whether it named them.
fn read_settings(
    file: &Arc<SourceFile>,
    node: &Node,
    ws: &mut Workspace,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Spanned<String>>, bool) {
    let mut libraries = (
        vec![Spanned {
            value: "citations.toml".to_string(),
            span: 0..0,
        }],
        false,
    );
    let mut r = TableReader::new(file, diags, node, "briefs.toml");
    if let Some(n) = r.table("organisation") {
        ws.organisation = read_organisation(&mut r, n);
    }
    if let Some(n) = r.table("contact") {
        ws.contact = Some(read_contact(&mut r, n, "[contact]"));
    }
    if let Some(n) = r.table("style") {
        read_style(&mut r, n, ws);
    }
    if let Some(n) = r.table("citations") {
        let mut c = r.sub(n, "[citations]");
        if c.take("library").is_some() {
            libraries = (c.strings("library"), true);
        }
        c.finish();
    }
    if let Some(n) = r.table("writing") {
        ws.writing = read_writing(&mut r, n);
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
    libraries
}

/// `[writing]`: the limits of the editor's checks, each defaulting to its own.
fn read_writing(r: &mut TableReader, node: &Node) -> Writing {
    let mut w = r.sub(node, "[writing]");
    let mut writing = Writing::default();
    if let Some(n) = w.number("sentence-words", "40") {
        writing.sentence_words = n.round() as usize;
    }
    if let Some(n) = w.number("reading-grade", "12") {
        writing.reading_grade = n;
    }
    if let Some(words) = w.table("words") {
        let mut b = w.sub(words, "[writing] words");
        for (i, kind) in Kind::ALL.iter().enumerate() {
            if let Some(n) = b.number(kind.name(), "500") {
                writing.words[i] = n.round() as usize;
            }
        }
        b.finish();
    }
    writing.acronyms = w.strings("acronyms").into_iter().map(|s| s.value).collect();
    w.finish();
    writing
}

/// `[organisation]`.
fn read_organisation(r: &mut TableReader, node: &Node) -> Organisation {
    let mut o = r.sub(node, "[organisation]");
    let url = o.str("url");
    if let Some(u) = &url {
        check_url(&mut o, "url", u);
    }
    let (name, logo_alt) = (o.str("name"), o.str("logo-alt"));
    for line in [&name, &logo_alt].into_iter().flatten() {
        within_line(&mut o, &line.value, &line.span);
    }
    let organisation = Organisation {
        name: name.map(|s| s.value),
        logo: o.str("logo"),
        logo_alt: logo_alt.map(|s| s.value),
        url: url.map(|s| s.value),
    };
    o.finish();
    organisation
}

/// `[style]`: the citation style, the accent colour and the paper.
fn read_style(r: &mut TableReader, node: &Node, ws: &mut Workspace) {
    let mut s = r.sub(node, "[style]");
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

/// Load the library files `briefs.toml` names (`given`), or the default one where it is.
fn load_libraries(
    root: &Path,
    file: &Arc<SourceFile>,
    (libraries, given): (Vec<Spanned<String>>, bool),
    ws: &mut Workspace,
    diags: &mut Vec<Diagnostic>,
) {
    for lib in libraries {
        // Only files inside the workspace: a workspace someone sends must not read others.
        let Some(path) = crate::paths::resolve_in_workspace(root, &lib.value) else {
            diags.push(Diagnostic::at(
                Problem::OutsideWorkspace {
                    key: "library",
                    path: lib.value.clone(),
                },
                file,
                lib.span.clone(),
            ));
            continue;
        };
        if !path.exists() {
            // The default library is optional; a named one must exist.
            if given {
                diags.push(Diagnostic::at(
                    Problem::MissingFile {
                        key: "library",
                        path: lib.value.clone(),
                    },
                    file,
                    lib.span.clone(),
                ));
            }
            continue;
        }
        load_library(&path, Some((file, lib.span.clone())), ws, diags);
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

/// Load one library file; `named` is where `briefs.toml` names it, if it does.
fn load_library(
    path: &Path,
    named: Option<(&Arc<SourceFile>, std::ops::Range<usize>)>,
    ws: &mut Workspace,
    diags: &mut Vec<Diagnostic>,
) {
    ws.library_files.push(path.to_path_buf());
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let file = match super::read_source_within(path, crate::limits::MAX_LIBRARY_SIZE) {
        Ok(f) => f,
        Err(d) => return diags.push(d),
    };
    match ext.as_str() {
        "toml" => {
            let Some(node) = parse_toml(&file, diags) else {
                return;
            };
            // A brief named as the library is one mistake, not one per key of the brief.
            let keys: &[tree::Entry] = match &node.val {
                Val::Table(e) => e,
                _ => &[],
            };
            if keys.iter().any(|e| e.key == "title")
                && !keys.iter().any(|e| e.key == "citation" || e.key == "stat")
            {
                let path = crate::diagnostic::display_path(path).display().to_string();
                let problem = Problem::BriefAsLibrary { path };
                diags.push(match named {
                    Some((briefs_toml, span)) => Diagnostic::at(problem, briefs_toml, span),
                    None => Diagnostic::about(problem, &file.path),
                });
                return;
            }
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
            let mut skipped = Vec::new();
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
                        && inside(f)
                })
                .filter(|f| {
                    let library =
                        libraries.contains(&std::path::absolute(f).unwrap_or_else(|_| f.clone()));
                    if library {
                        skipped.push(crate::diagnostic::display_path(f).display().to_string());
                    }
                    !library
                })
                .collect();
            if found.is_empty() {
                // A brief named as the library is the likelier mistake than an empty folder.
                return Err(Diagnostic::bare(Problem::NoBriefs {
                    dir: p.display().to_string(),
                    libraries: skipped,
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
    // A brief named twice (`a.toml ./a.toml`, or a file and its folder) is built once: twice, it
    // would collide with itself over its output.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(crate::paths::absolute(p)));
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
