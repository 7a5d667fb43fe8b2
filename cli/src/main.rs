//! The `mentormatch` command-line tool: a thin client of the library.

mod intro;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Mentor matches, sponsor matches and warm-introduction paths over a
/// professional network.
#[derive(Debug, Parser)]
#[command(name = "mentormatch", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The warmest introduction paths from one person to another, as JSON.
    Intro(intro::IntroArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Intro(args) => intro::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
