//! `brief translate`: start a translation of a brief, or record that one was reviewed against its
//! source as it now reads.

use std::path::PathBuf;

use super::{exit, plural, Reporter};
use crate::diagnostic::display_path;

/// Arguments of `brief translate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The brief to translate (with --to), or the translation reviewed (with --accept)
    path: PathBuf,
    /// Start NAME.LANG.toml beside the brief, for this language (a BCP 47 tag: fr, fr-CA, es)
    #[arg(long, value_name = "LANG", required_unless_present = "accept")]
    to: Option<String>,
    /// Record that this translation was reviewed against its source as the source now reads:
    /// `check` then warns, text by text, when the source changes
    #[arg(long, conflicts_with = "to")]
    accept: bool,
}

/// Start or accept a translation.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(super::Format::Human);
    let shown = display_path(&args.path).display().to_string();
    let result = match &args.to {
        Some(lang) => crate::project::translate::start(&args.path, lang).map(|path| {
            let path = display_path(&path).display().to_string();
            reporter.note(&format!(
                "created {path}, a translation of {shown} into {lang}"
            ));
            reporter.note(&format!(
                "next: translate every \"\" in it; `brief check {path}` lists what remains, \
                 `brief build {path}` writes its PDF"
            ));
        }),
        None => crate::project::translate::accept(&args.path).map(|count| {
            reporter.note(&format!(
                "accepted {shown}: {} recorded as reviewed against the source",
                plural(count, "text")
            ));
        }),
    };
    match result {
        Ok(()) => exit::OK,
        Err(diags) => {
            reporter.report(diags);
            reporter.exit_code(0).max(exit::FAILED)
        }
    }
}
