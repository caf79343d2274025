//! `brief completions`: shell completion scripts.

use clap::CommandFactory;

use super::{exit, Cli};

/// Arguments of `brief completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for
    shell: clap_complete::Shell,
}

/// Print the completion script of a shell.
pub fn run(args: Args) -> i32 {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "brief", &mut std::io::stdout());
    exit::OK
}
