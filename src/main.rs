//! The `brief` command: parse the command line and hand over to the command it names.

use clap::Parser;

fn main() {
    let cli = brief::cli::Cli::parse();
    std::process::exit(brief::cli::run(cli));
}
