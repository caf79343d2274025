//! Sign-offs: that a brief, as it then read, was approved, by whom and when, with what it
//! printed ([`Version`]), kept as readable TOML in the workspace (`signoffs/NAME/DATE.toml`,
//! `DATE-2.toml` for a second on one day) so that they can be committed with the briefs.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Project;
use crate::compare::Version;
use crate::diagnostic::{display_path, io_message, Diagnostic, Problem};

/// One sign-off as its file keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignOff {
    /// The brief, as a path from the workspace's folder.
    pub brief: String,
    /// Who approved it.
    pub by: String,
    /// When, `YYYY-MM-DD`.
    pub date: String,
    /// What they said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What the brief printed.
    pub version: Version,
}

/// The folder of a brief's sign-offs: `signoffs/` and the brief's file name.
fn folder(root: &Path, brief: &Path) -> PathBuf {
    let stem = brief
        .file_stem()
        .map_or_else(|| "brief".into(), |s| s.to_string_lossy().into_owned());
    root.join("signoffs").join(stem)
}

/// Every sign-off of a brief, oldest first, with its file; files that do not read are skipped.
pub fn all(root: &Path, brief: &Path) -> Vec<(PathBuf, SignOff)> {
    let Ok(dir) = std::fs::read_dir(folder(root, brief)) else {
        return Vec::new();
    };
    let mut found: Vec<((NaiveDate, u32), PathBuf, SignOff)> = dir
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            let order = order_of(&path)?;
            let text = crate::paths::read_capped(&path, crate::limits::MAX_FILE_SIZE).ok()?;
            let signoff: SignOff = toml::from_str(std::str::from_utf8(&text).ok()?).ok()?;
            Some((order, path, signoff))
        })
        .collect();
    found.sort_by_key(|f| f.0);
    found.into_iter().map(|(_, p, s)| (p, s)).collect()
}

/// A sign-off file's date and its number that day (`2026-12-03-2.toml` is the second).
fn order_of(path: &Path) -> Option<(NaiveDate, u32)> {
    let name = path.file_name()?.to_str()?.strip_suffix(".toml")?;
    let date = NaiveDate::parse_from_str(name.get(..10)?, "%Y-%m-%d").ok()?;
    let n = match name.get(10..) {
        Some("") | None => 1,
        Some(rest) => rest.strip_prefix('-')?.parse().ok()?,
    };
    Some((date, n))
}

/// The sign-off `brief diff` compares with: the last, or the last on or before `since`.
pub fn last(root: &Path, brief: &Path, since: Option<NaiveDate>) -> Option<(PathBuf, SignOff)> {
    all(root, brief)
        .into_iter()
        .rev()
        .find(|(path, _)| since.is_none_or(|d| order_of(path).is_some_and(|(date, _)| date <= d)))
}

/// What `brief signoff` records.
pub struct Request<'a> {
    pub by: &'a str,
    pub note: Option<&'a str>,
    pub date: NaiveDate,
}

/// Where a brief that renders stands against its last sign-off.
#[derive(Debug, Clone)]
pub struct Standing {
    /// The brief's path as given.
    pub path: PathBuf,
    /// The folder its sign-offs are kept in (a new sign-off there changes its standing).
    pub folder: PathBuf,
    /// Its last sign-off, and how many changes it has since; `None` when it has none.
    pub signed: Option<Signed>,
}

/// A brief's last sign-off, as the preview and `check` tell it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signed {
    pub by: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// How many changes the brief has since (0: it reads as signed off).
    pub changes: usize,
}

impl Project {
    /// Where each brief that renders stands against its last sign-off.
    pub fn standings(&self) -> Vec<Standing> {
        self.versions()
            .into_iter()
            .map(|(path, root, version)| {
                let signed = last(&root, &path, None).map(|(_, s)| Signed {
                    changes: crate::compare::compare(&s.version, &version).len(),
                    by: s.by,
                    date: s.date,
                });
                Standing {
                    folder: folder(&root, &path),
                    path,
                    signed,
                }
            })
            .collect()
    }

    /// The version of each brief that renders, with its path and workspace folder.
    pub fn versions(&self) -> Vec<(PathBuf, PathBuf, Version)> {
        self.briefs
            .iter()
            .filter_map(|e| {
                let r = e.rendered()?;
                let ws = self.workspace_of(e)?;
                let v = Version::of(&r.data, &r.brief, ws);
                Some((e.path.clone(), ws.root.clone(), v))
            })
            .collect()
    }

    /// Record that the one brief of this project was approved; the file written. A brief
    /// that does not pass its checks cannot be signed off.
    pub fn sign_off(&self, request: &Request) -> Result<PathBuf, Vec<Diagnostic>> {
        let texts = [("--by", Some(request.by)), ("--note", request.note)];
        let refused: Vec<Diagnostic> = texts
            .into_iter()
            .filter_map(|(o, t)| crate::check::option_text(o, t?))
            .collect();
        if !refused.is_empty() {
            return Err(refused);
        }
        let errors: Vec<Diagnostic> = self
            .briefs
            .iter()
            .flat_map(|e| e.diagnostics.iter().cloned())
            .collect();
        let [(path, root, version)] = &self.versions()[..] else {
            return Err(errors);
        };
        let dir = folder(root, path);
        let day = request.date.format("%Y-%m-%d").to_string();
        let mut n = 1;
        let file = loop {
            let name = if n == 1 {
                format!("{day}.toml")
            } else {
                format!("{day}-{n}.toml")
            };
            let f = dir.join(name);
            if !f.exists() {
                break f;
            }
            n += 1;
        };
        let brief = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let signoff = SignOff {
            brief: brief.clone(),
            by: request.by.trim().to_string(),
            date: day,
            note: request.note.map(|n| n.trim().to_string()),
            version: version.clone(),
        };
        let body = toml::to_string(&signoff).map_err(|e| {
            vec![Diagnostic::bare(Problem::Io {
                path: display_path(&file).display().to_string(),
                action: "write",
                error: e.to_string(),
            })]
        })?;
        let text = format!(
            "# A sign-off: {brief} as {} approved it. `brief diff {brief}` compares the brief\n\
             # with it. Written by brief; commit it with the briefs.\n{body}",
            signoff.by
        );
        std::fs::create_dir_all(&dir).map_err(|e| {
            vec![Diagnostic::bare(Problem::Io {
                path: display_path(&dir).display().to_string(),
                action: "create",
                error: io_message(&e),
            })]
        })?;
        crate::paths::write_atomic(&file, text.as_bytes()).map_err(|d| vec![d])?;
        Ok(file)
    }
}
