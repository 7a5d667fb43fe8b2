//! `mentormatch match`: mentor and sponsor matches for a whole cohort, with
//! an introduction for each, as JSON on stdout or written atomically to a file.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use mentormatch::{load, match_cohort, write_atomic, Config, LoadOptions, Policy};

use crate::progress;

/// Arguments of `mentormatch match`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A `.json` file or a folder of CSV files.
    #[arg(value_name = "DATASET")]
    dataset: PathBuf,
    /// A TOML configuration (weights, constraints, [assign], [intro]);
    /// every key has a default, see data/config.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The assignment policy, overriding `[assign] policy`.
    #[arg(long, value_enum, value_name = "P")]
    policy: Option<PolicyArg>,
    /// Write the JSON here (atomically: a failed run leaves no partial
    /// file) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// The policies, as command-line values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PolicyArg {
    Optimal,
    Coverage,
    Stable,
    Greedy,
}

impl From<PolicyArg> for Policy {
    fn from(p: PolicyArg) -> Policy {
        match p {
            PolicyArg::Optimal => Policy::Optimal,
            PolicyArg::Coverage => Policy::Coverage,
            PolicyArg::Stable => Policy::Stable,
            PolicyArg::Greedy => Policy::Greedy,
        }
    }
}

pub(crate) fn run(args: &Args) -> anyhow::Result<()> {
    let mut config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if let Some(policy) = args.policy {
        config.assign.policy = policy.into();
    }
    let step = progress::step(&format!("loading {}", args.dataset.display()));
    let network = load(&args.dataset, &LoadOptions::default())?;
    step.set_message("matching");
    let report = match_cohort(&network, &config)?;
    step.finish_and_clear();
    let mut json = serde_json::to_vec_pretty(&report).context("serialising the report")?;
    json.push(b'\n');
    match &args.out {
        Some(path) => write_atomic(path, &json)?,
        None => std::io::stdout()
            .lock()
            .write_all(&json)
            .context("writing to stdout")?,
    }
    Ok(())
}
