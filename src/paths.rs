//! Paths of a workspace: finding its root, resolving a path a user wrote inside it, showing
//! paths the way the user typed them, and writing outputs atomically. Every path a brief or
//! `briefs.toml` names goes through here.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{io_message, Diagnostic, Problem};

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
    folder_of(start)
        .ancestors()
        .find(|d| d.join("briefs.toml").is_file())
        .map(Path::to_path_buf)
}

/// Paths are shown relative to the current folder when they are inside it.
pub fn display_path(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // `absolute` keeps `.` and `..` segments; drop the `.` ones so `./x` reads as `x`.
    let abs: PathBuf = abs
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
    // A symbolic link may still point outside; judge by where it really leads.
    if let (Ok(real), Ok(real_root)) = (full.canonicalize(), root.canonicalize()) {
        if !real.starts_with(real_root) {
            return None;
        }
    }
    Some(full)
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
