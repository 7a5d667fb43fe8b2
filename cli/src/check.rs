//! `mentormatch check`: an independent audit of a result file against its
//! dataset and configuration; exit 0 when it breaks no rule, 1 when it
//! does, 2 when an input cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use mentormatch::{audit, load, AuditReport, Config, LoadOptions, ResultFile};

use crate::progress;

/// Arguments of `mentormatch check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The dataset the result was computed from: a `.json` file or a folder
    /// of CSV files.
    #[arg(value_name = "DATASET")]
    dataset: PathBuf,
    /// The result: the JSON `mentormatch match` writes, or another tool's
    /// with at least `mentor_matches` and `sponsor_matches`.
    #[arg(value_name = "RESULT.json")]
    result: PathBuf,
    /// The TOML configuration of the run (as given to `match`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print the audit as JSON (`violations`, `checked`) instead of text.
    #[arg(long)]
    json: bool,
}

/// Exit code for a result that breaks a rule.
const VIOLATIONS: u8 = 1;
/// Exit code for an input that cannot be read.
const UNREADABLE: u8 = 2;

/// Loads the three inputs, audits, prints the library's report.
pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let step = progress::step(&format!("loading {}", args.dataset.display()));
    let inputs = (|| -> mentormatch::Result<_> {
        let config = match &args.config {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        let result = ResultFile::load(&args.result)?;
        let network = load(&args.dataset, &LoadOptions::default())?;
        Ok((config, result, network))
    })();
    let (config, result, network) = match inputs {
        Ok(inputs) => inputs,
        Err(e) => {
            step.finish_and_clear();
            eprintln!("error: {}", crate::one_line(&e.into()));
            return Ok(ExitCode::from(UNREADABLE));
        }
    };
    step.set_message(format!("auditing {}", args.result.display()));
    let report: AuditReport = match audit(&network, &config, &result) {
        Ok(report) => report,
        Err(e) => {
            step.finish_and_clear();
            eprintln!("error: {}", crate::one_line(&e.into()));
            return Ok(ExitCode::from(UNREADABLE));
        }
    };
    step.finish_and_clear();
    crate::print_report(args.json, &report, || report.text())?;
    Ok(match report.is_ok() {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(VIOLATIONS),
    })
}
