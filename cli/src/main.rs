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

/// The process's allocator. A run allocates and frees arrays of hundreds
/// of megabytes stage after stage (the file's text and its pieces, the
/// records, the candidate pairs, the solver's edges); glibc's allocator
/// hands each back to the kernel and takes fresh pages for the next, which
/// the kernel must clear, and keeps others it cannot return. jemalloc
/// reuses them: at 1,000,000 people the run's peak is 4.3 GB instead of
/// 6.3 GB and loading takes about a third less time (README,
/// "Performance"). The library leaves the choice to the program that
/// embeds it. (On MSVC targets, where jemalloc does not build, the system
/// allocator stays.)
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Mentor matches, sponsor matches and warm-introduction paths over a
/// professional network.
#[derive(Debug, Parser)]
#[command(name = "mentormatch", version)]
struct Cli {
    /// Worker threads for the parallel parts, 1 to 4 per core (default: all
    /// cores).
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
            // Silent when stdout's reader has gone (`| head`), like other
            // Unix tools; if stderr cannot take the line either, the exit
            // status still says the run failed.
            if !is_closed_pipe(&e) {
                let _ = print_err(&format!("error: {}\n", one_line(&e)));
            }
            ExitCode::FAILURE
        }
    }
}

/// Writes `bytes` to stdout. A reader that closed the pipe early (`| head`)
/// ends the output quietly instead of failing the run; any other failure
/// (`> /dev/full`) is an error.
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

/// Prints text for people: control characters in it (from ids, names,
/// paths) escaped by the library, so that they cannot drive the terminal.
pub(crate) fn print_text(text: &str) -> anyhow::Result<()> {
    print_out(mentormatch::escape_control(text).as_bytes())
}

/// Prints JSON, with the C1 controls serde_json leaves raw escaped (the
/// same JSON value).
pub(crate) fn print_json(json: &str) -> anyhow::Result<()> {
    print_out(mentormatch::escape_control_json(json).as_bytes())
}

/// Writes `text` to stderr, control characters escaped; the one way the
/// tool writes there (`eprintln!` panics when stderr cannot be written). A
/// closed pipe is quiet, as on stdout; any other failure is an error.
pub(crate) fn print_err(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let text = mentormatch::escape_control(text);
    let mut err = std::io::stderr().lock();
    match err.write_all(text.as_bytes()).and_then(|()| err.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("writing to stderr"))
        }
        _ => Ok(()),
    }
}

/// Whether `error` is a write to a pipe whose reader has gone.
fn is_closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints `value` as pretty JSON when `json`, else `text()`: how every
/// subcommand with `--json` prints a library report.
pub(crate) fn print_report(
    json: bool,
    value: &impl serde::Serialize,
    text: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    if json {
        let mut json = serde_json::to_string_pretty(value)
            .map_err(|e| anyhow::Error::new(e).context("writing the report as JSON"))?;
        json.push('\n');
        print_json(&json)
    } else {
        print_text(&text())
    }
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
        mentormatch::check_threads(threads)?;
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
