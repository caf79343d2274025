//! Paths of a workspace: finding its root, resolving a path a user wrote inside it, showing
//! paths the way the user typed them, and writing outputs atomically, together and never through
//! a link. Every path a brief or
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

/// The entries of a workspace folder that lead out of the workspace (a link to a font
/// elsewhere): [`files_in`] leaves them out, and the checks say so.
pub fn links_out(root: &Path, folder: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let rel = p.strip_prefix(root).ok().and_then(Path::to_str);
            rel.is_some_and(|r| resolve_in_workspace(root, r).is_none())
        })
        .collect();
    out.sort();
    out
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

/// Whether `bytes` hold `mark` anywhere: how an edition knows a file it wrote (a PDF is a few
/// hundred kilobytes, which a byte-by-byte comparison at every offset took a fifth of a
/// millisecond to read).
pub fn holds(bytes: &[u8], mark: &[u8]) -> bool {
    memchr::memmem::find(bytes, mark).is_some()
}

/// Write a file so that readers see the old content or the new, never a part.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    write_together(&[(path, bytes)])
}

/// Write files together: each goes to a temporary file of its own beside its target, created
/// afresh (never through a link someone left there) and flushed to disk; only when every one is
/// written are they renamed over their targets. A full disk or any other failure removes the
/// temporary files and leaves every target as it was.
pub fn write_together(files: &[(&Path, &[u8])]) -> Result<(), Diagnostic> {
    let mut written: Vec<(PathBuf, &Path)> = Vec::new();
    let remove_all = |written: &[(PathBuf, &Path)]| {
        for (tmp, _) in written {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, bytes) in files {
        match write_temporary(path, bytes) {
            Ok(tmp) => written.push((tmp, path)),
            Err(d) => {
                remove_all(&written);
                return Err(d);
            }
        }
    }
    for (i, (tmp, path)) in written.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            remove_all(&written[i..]);
            return Err(io_error(path, "write", &e));
        }
    }
    Ok(())
}

/// The prefix and suffix of our temporary files: `.brief-PID-RANDOM.tmp`. Short whatever the
/// target's name, so a long file name still leaves room for it.
const TEMPORARY: (&str, &str) = (".brief-", ".tmp");

/// Write `bytes` to a new temporary file in `path`'s folder; its path.
fn write_temporary(path: &Path, bytes: &[u8]) -> Result<PathBuf, Diagnostic> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_error(path, "create the folder of", &e))?;
    remove_stale_temporaries(dir);
    let (mut file, tmp) = create_temporary(dir).map_err(|e| io_error(path, "write", &e))?;
    let result = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = result {
        drop(file);
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error(path, "write", &e));
    }
    Ok(tmp)
}

/// A new file of a name nobody can guess, created exclusively: where something already has the
/// name (a link planted there, say), it is not opened but another name is tried.
fn create_temporary(dir: &Path) -> std::io::Result<(std::fs::File, PathBuf)> {
    use std::hash::{BuildHasher, Hasher};
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut last = None;
    for _ in 0..16 {
        // A hasher of the standard library is keyed at random per process.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        let name = format!(
            "{}{}-{:016x}{}",
            TEMPORARY.0,
            std::process::id(),
            h.finish(),
            TEMPORARY.1
        );
        let tmp = dir.join(name);
        // `create_new` is O_CREAT|O_EXCL: it fails on any existing name, a symbolic link too,
        // whatever the link points at.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((f, tmp)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// Remove the temporary files of our own pattern that a killed process left in a folder: those
/// of a process that no longer runs (where the system says which run), else those over an hour
/// old. Only regular files: a link is never followed or removed.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMPORARY.0))
            .and_then(|n| n.strip_suffix(TEMPORARY.1))
        else {
            continue;
        };
        let Some(pid) = rest
            .split_once('-')
            .and_then(|(p, _)| p.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let proc = Path::new("/proc");
        let stale = if proc.join("self").exists() {
            pid != std::process::id() && !proc.join(pid.to_string()).exists()
        } else {
            meta.modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600)
        };
        if stale && meta.is_file() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn io_error(path: &Path, action: &'static str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::bare(Problem::Io {
        path: display_path(path).display().to_string(),
        action,
        error: io_message(e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_written_together_are_all_written_or_none() {
        let dir = std::env::temp_dir().join(format!("brief-together-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let first = dir.join("a.pdf");
        std::fs::write(&first, "old").unwrap();
        // The second cannot be written: its folder is a file.
        std::fs::write(dir.join("blocker"), "").unwrap();
        let second = dir.join("blocker/a.html");
        let result = write_together(&[(&first, b"new"), (&second, b"page")]);
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "old");
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
        write_together(&[(&first, b"new"), (&dir.join("a.html"), b"page")]).unwrap();
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(dir.join("a.html")).unwrap(), "page");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
