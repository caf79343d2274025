//! `brief build`: check each brief, typeset it, and write `NAME.pdf`; one bad brief does not stop
//! the others.

use std::path::{Path, PathBuf};

use super::{exit, plural, Format, Loader, Reporter};
use crate::pdf::Standard;

/// Arguments of `brief build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Brief files or folders of them [default: the workspace's briefs/ folder]
    paths: Vec<PathBuf>,
    /// Where PDFs go [default: the workspace's [output] dir, else ./out]
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also conform to this standard (PDF/UA-1 is always on)
    #[arg(long, value_enum, value_name = "STANDARD")]
    pdf_standard: Vec<Standard>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// Build each brief; exit 1 if any failed.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(args.format);
    let paths = match crate::load::brief_paths(&args.paths) {
        Ok(p) => p,
        Err(d) => {
            reporter.report(vec![d]);
            return exit::ENVIRONMENT;
        }
    };
    let mut loader = Loader::default();
    let mut failed = 0;
    let mut built = Vec::new();
    for path in &paths {
        let prepared = loader.prepare(path);
        let ok = prepared.ok();
        let mut diags = prepared.diagnostics;
        let pdf_path = match (&prepared.brief, ok) {
            (Some((brief, ws)), true) => match crate::pdf::build(brief, ws, &args.pdf_standard) {
                Ok(out) => {
                    diags.extend(out.warnings);
                    let target = out_dir(args.out.as_deref(), ws).join(pdf_name(path));
                    match crate::pdf::write_atomic(&target, &out.pdf) {
                        Ok(()) => Some((target, out.pages)),
                        Err(d) => {
                            diags.push(d);
                            None
                        }
                    }
                }
                Err(errors) => {
                    diags.extend(errors);
                    None
                }
            },
            _ => None,
        };
        reporter.report(diags);
        match pdf_path {
            Some((target, pages)) => {
                let shown = crate::diagnostic::display_path(&target);
                reporter.note(&format!(
                    "built {} ({})",
                    shown.display(),
                    plural(pages, "page")
                ));
                built.push(target);
            }
            None => {
                failed += 1;
                reporter.note(&format!(
                    "failed {}",
                    crate::diagnostic::display_path(path).display()
                ));
            }
        }
    }
    if paths.len() > 1 {
        reporter.note(&format!(
            "built {}, {} failed",
            plural(built.len(), "brief"),
            failed
        ));
    }
    reporter.exit_code(failed)
}

/// `briefs/x.toml` → `x.pdf`.
fn pdf_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "brief".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from(format!("{stem}.pdf"))
}

/// `-o`, else the workspace's `[output] dir`, else `./out`.
fn out_dir(cli: Option<&Path>, ws: &crate::model::Workspace) -> PathBuf {
    match (cli, &ws.output_dir, &ws.file) {
        (Some(dir), _, _) => dir.to_path_buf(),
        (None, Some(dir), Some(_)) => ws.root.join(dir),
        _ => PathBuf::from("out"),
    }
}
