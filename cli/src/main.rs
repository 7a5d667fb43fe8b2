//! The `mentormatch` command-line tool: a thin client of the library.
//!
//! Each subcommand is one variant of [`Command`] and one module with its
//! `Args` and `run`; this file only parses arguments, installs the thread
//! pool and turns errors into one line on stderr.

mod check;
mod evaluate;
mod explain;
mod generate;
mod history;
mod intro;
mod matches;
mod progress;
mod suggest;
mod tune;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Mentor matches, sponsor matches and warm-introduction paths over a
/// professional network.
#[derive(Debug, Parser)]
#[command(name = "mentormatch", version)]
struct Cli {
    /// Worker threads for the parallel parts (default: all cores).
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a synthetic organisation: a JSON file, or a CSV folder.
    Generate(generate::Args),
    /// Check a dataset and print a summary of it.
    Validate(validate::Args),
    /// Mentor and sponsor matches for a whole cohort, as JSON.
    Match(matches::Args),
    /// The warmest introduction paths from one person to another, as JSON.
    Intro(intro::IntroArgs),
    /// Introductions a connector could make among their contacts, as JSON.
    Suggest(suggest::Args),
    /// Why a pair scores what it scores, or which constraints exclude it.
    Explain(explain::Args),
    /// Audit a result file: every hard rule, score and summary figure,
    /// independently of the solver (exit 1 on a violation, 2 on
    /// unreadable input).
    Check(check::Args),
    /// A run's pairs as `history` records for the next dataset.
    History(history::Args),
    /// How well configurations' scores predict the history's outcomes.
    Evaluate(evaluate::Args),
    /// Search the mentor weights for the best held-out benchmark metric.
    Tune(tune::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// Writes `bytes` to stdout. A reader that closed the pipe early (`| head`)
/// ends the output quietly instead of failing the run.
pub(crate) fn print_out(bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("writing to stdout"))
        }
        _ => Ok(()),
    }
}

/// Prints `value` as pretty JSON when `json`, else `text()`: how every
/// subcommand with `--json` prints a library report.
pub(crate) fn print_report(
    json: bool,
    value: &impl serde::Serialize,
    text: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    let out = if json {
        let mut json = serde_json::to_string_pretty(value)
            .map_err(|e| anyhow::Error::new(e).context("writing the report as JSON"))?;
        json.push('\n');
        json
    } else {
        text()
    };
    print_out(out.as_bytes())
}

/// The error and its causes on one line, leaving out a cause that the
/// message before it already quotes (the library's I/O errors include what
/// the operating system said).
pub(crate) fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !line.contains(&text) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
    }
    line.replace('\n', " ")
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // The library parallelises with rayon and leaves the pool to its caller:
    // this is the one place the tool decides how many threads to use.
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = cli.threads {
        anyhow::ensure!(threads > 0, "--threads must be at least 1");
        pool = pool.num_threads(threads);
    }
    let pool = pool.build()?;
    pool.install(|| {
        match &cli.command {
            Command::Generate(args) => generate::run(args),
            Command::Validate(args) => validate::run(args),
            Command::Match(args) => matches::run(args),
            Command::Intro(args) => intro::run(args),
            Command::Suggest(args) => suggest::run(args),
            Command::Explain(args) => explain::run(args),
            Command::Check(args) => return check::run(args),
            Command::History(args) => history::run(args),
            Command::Evaluate(args) => evaluate::run(args),
            Command::Tune(args) => tune::run(args),
        }
        .map(|()| ExitCode::SUCCESS)
    })
}
