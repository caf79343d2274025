//! `brief serve`: a live preview in the browser. Builds every brief's PDF and HTML edition into
//! the workspace's output folder (as `brief build --to pdf,html` does, so `out/` is up to date
//! when drafting ends), rebuilds on every save like `brief watch`, and serves the list of
//! briefs, each brief's page and its PDF on 127.0.0.1; an open page updates by itself after a
//! rebuild, or shows the problems of a save that broke its brief.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{mpsc, Arc};

use super::{exit, plural, Format, Reporter};
use crate::edition::pdf::Standard;
use crate::model::{Choice, Edition};
use crate::preview::server::Server;
use crate::preview::State;
use crate::project::BuildOptions;

/// Arguments of `brief serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A workspace, a brief, or a folder of briefs [default: the workspace's briefs/ folder]
    path: Option<PathBuf>,
    /// The port on 127.0.0.1; 0 for any free one [default: 8400, else any free one]
    #[arg(short, long, value_name = "N")]
    port: Option<u16>,
    /// Where the PDFs and pages go [default: the workspace's [output] dir, else ./out]
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also conform to this standard (PDF/UA-1 is always on)
    #[arg(long, value_enum, value_name = "STANDARD")]
    pdf_standard: Vec<Standard>,
}

/// The port tried when none is given: a fixed one lets a bookmark outlive the server.
const DEFAULT_PORT: u16 = 8400;

/// Serve until interrupted.
pub fn run(args: Args) -> i32 {
    let mut reporter = Reporter::new(Format::Human);
    let state = Arc::new(State::default());
    let bound = match args.port {
        Some(port) => Server::bind(port, state.clone()),
        None => {
            Server::bind(DEFAULT_PORT, state.clone()).or_else(|_| Server::bind(0, state.clone()))
        }
    };
    let server = match bound {
        Ok(s) => s,
        Err(d) => {
            reporter.report(vec![d]);
            return exit::ENVIRONMENT;
        }
    };
    let paths: Vec<PathBuf> = args.path.iter().cloned().collect();
    let options = BuildOptions {
        out: args.out,
        standards: args.pdf_standard,
        jobs: None,
        // Both editions: the page shows one and links the other.
        formats: Some(Edition::ALL.to_vec()),
    };
    // Builds run on a thread of their own; the first round's end (or why there is none) comes
    // back here before the address is printed, so the first page opened is complete.
    let (ready, started) = mpsc::channel();
    let builds = state.clone();
    let spawned = std::thread::Builder::new()
        .name("preview builds".into())
        .spawn(move || {
            let mut reporter = Reporter::new(Format::Human);
            let viewed = builds.clone();
            let viewed = move || viewed.viewed();
            let error =
                crate::project::watch::watch(&paths, &options, Some(&viewed), &mut |round| {
                    super::watch::report(&mut reporter, &round);
                    builds.update(&round);
                    // The PDF and Word file wait (a little) for the open pages to show the new one.
                    builds.caught_up(std::time::Duration::from_millis(100));
                    if round.first {
                        let took = round.took.unwrap_or_default().as_millis();
                        let _ = ready.send(Ok((round.built.len().max(round.briefs.len()), took)));
                    }
                });
            let _ = ready.send(Err(error));
        });
    if let Err(e) = spawned {
        reporter.note(&format!("error: cannot start the builds: {e}"));
        return exit::ENVIRONMENT;
    }
    match started.recv() {
        Ok(Ok((briefs, took))) => {
            // The address alone on stdout, for scripts; the rest on stderr.
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", server.url());
            let _ = out.flush();
            reporter.note(&format!(
                "serving {} at {} (ready in {took} ms); press Ctrl-C to stop",
                plural(briefs, "brief"),
                server.url()
            ));
        }
        Ok(Err(error)) => return super::watch::failed(&mut reporter, error),
        Err(_) => return exit::ENVIRONMENT,
    }
    server.run();
    exit::OK
}
