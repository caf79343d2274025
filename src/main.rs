//! The `brief` command: parse the command line and hand over to the command it names.

use clap::Parser;

/// The system's allocator, counting what the process holds, so that a custom template that
/// builds a billion-element array is stopped with a message rather than by the system.
#[global_allocator]
static ALLOCATOR: brief::watchdog::Counting = brief::watchdog::Counting;

fn main() {
    let cli = brief::cli::Cli::parse();
    std::process::exit(brief::cli::run(cli));
}
