//! Paths of a workspace: finding its root, resolving a path a user wrote inside it, showing
//! paths the way the user typed them, and writing outputs atomically. Every path a brief or
//! `briefs.toml` names goes through here.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{display_path, io_message, Diagnostic, Problem};

/// The folder of a path, absolute: the path itself if it is a folder, else its parent.
pub fn folder_of(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if abs.is_dir() {
        abs
    } else {
        abs.parent().map_or(abs.clone(), Path::to_path_buf)
    }
}

/// The workspace root of a brief or folder: the nearest folder at or above it holding a
/// `briefs.toml`, the way cargo finds `Cargo.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    // Anything named briefs.toml marks the root, a folder too: loading it then says what is
    // wrong, where skipping it would silently build with every default.
    folder_of(start)
        .ancestors()
        .find(|d| d.join("briefs.toml").exists())
        .map(Path::to_path_buf)
}

/// A path made absolute against the current folder, without its `.` segments (`./x` and `x`
/// name one file), so paths from the command line, a folder listing and file notifications
/// compare equal.
pub fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    abs.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// The file a workspace-relative path names, or `None` if it would leave the workspace.
pub fn resolve_in_workspace(root: &Path, rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    let mut depth = 0i32;
    for c in p.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    let full = root.join(p);
    // A symbolic link may still point outside; judge by where it really leads. For a path that
    // does not exist yet (an output folder), by where its nearest existing ancestor leads.
    let real_root = root.canonicalize().ok()?;
    let existing = full.ancestors().find(|a| a.exists())?;
    let real = existing.canonicalize().ok()?;
    real.starts_with(&real_root).then_some(full)
}

/// The regular files directly in a workspace folder (`assets/fonts`) with one of `extensions`,
/// in name order: only those that really lie inside the workspace (no symbolic link out), and
/// never a device or a pipe.
pub fn files_in(root: &Path, folder: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            extensions.contains(&ext.as_str())
        })
        .filter(|p| {
            let rel = p.strip_prefix(root).ok().and_then(Path::to_str);
            rel.and_then(|r| resolve_in_workspace(root, r)).is_some() && p.is_file()
        })
        .collect();
    files.sort();
    files
}

/// Read a file of at most `limit` bytes; a larger one is an error, not a long wait.
pub fn read_capped(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    // Asked before opening: opening a pipe for reading waits for a writer, maybe forever.
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "larger than {} MiB",
            limit / (1024 * 1024)
        )));
    }
    Ok(bytes)
}

/// Whether an output may be written at `path`: its name must end in `.EXTENSION`, and a file
/// already there must be one this tool wrote (a Typst PDF), so that an output never replaces a
/// brief, a library, `briefs.toml`, an asset or anything else a user keeps. `ours` tells, from a
/// file's bytes, whether this tool wrote it (each edition knows its own files).
pub fn replaceable(
    path: &Path,
    extension: &str,
    ours: &dyn Fn(&[u8]) -> bool,
) -> Result<(), Diagnostic> {
    let refuse = |reason: &'static str| {
        Err(Diagnostic::bare(Problem::WouldReplace {
            path: display_path(path).display().to_string(),
            reason,
        }))
    };
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
    {
        return refuse(match extension {
            "pdf" => "the output must be a file ending in .pdf",
            "html" => "the output must be a file ending in .html",
            _ => "the output's name must end in its edition's extension",
        });
    }
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(meta) if meta.is_dir() => refuse("it is a folder"),
        Ok(meta) if !meta.is_file() => refuse("it is not a regular file"),
        Ok(_) => {
            if read_capped(path, 256 * 1024 * 1024).is_ok_and(|bytes| ours(&bytes)) {
                Ok(())
            } else {
                refuse("a file is there that brief did not write")
            }
        }
    }
}

/// Write a file so that readers see the old content or the new, never a part: write a temporary
/// file beside it, flush it to disk, then rename it over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let io = |action: &'static str, e: std::io::Error| {
        Diagnostic::bare(Problem::Io {
            path: display_path(path).display().to_string(),
            action,
            error: io_message(&e),
        })
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io("create the folder of", e))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    // Unique per write, so parallel writes in one process never share a temporary file.
    static WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io("write", e));
    }
    Ok(())
}
