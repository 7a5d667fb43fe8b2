//! `mentormatch evaluate`: benchmarks configurations against the dataset's
//! history (see the library's `Benchmark`).

use std::path::PathBuf;

use mentormatch::{Benchmark, Config, EvaluateOptions, LoadOptions};

use crate::progress;

/// Arguments of `mentormatch evaluate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A `.json` file or a folder of CSV files, with `history`.
    #[arg(value_name = "DATASET")]
    dataset: PathBuf,
    /// A configuration to benchmark; repeat to compare several (the first
    /// is the baseline). Default: the built-in configuration.
    #[arg(long, value_name = "FILE")]
    config: Vec<PathBuf>,
    /// Folds, by mentee, for the spread and the paired comparison (2 to 100).
    #[arg(long, value_name = "N", default_value_t = EvaluateOptions::default().folds)]
    folds: usize,
    /// The seed of the split into folds.
    #[arg(long, value_name = "S", default_value_t = EvaluateOptions::default().seed)]
    seed: u64,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<()> {
    let configs = if args.config.is_empty() {
        vec![("default".to_string(), Config::default())]
    } else {
        args.config
            .iter()
            .map(|path| Ok((path.display().to_string(), Config::load(path)?)))
            .collect::<anyhow::Result<_>>()?
    };
    let options = EvaluateOptions {
        folds: args.folds,
        seed: args.seed,
    };
    let step = progress::step(&format!("loading {}", args.dataset.display()));
    let bench = Benchmark::load(&args.dataset, &LoadOptions::default())?;
    step.set_message(format!(
        "scoring the history under {} configurations",
        configs.len()
    ));
    let report = bench.evaluate(&configs, &options)?;
    step.finish_and_clear();
    let out = if args.json {
        let mut json = serde_json::to_vec_pretty(&report)?;
        json.push(b'\n');
        json
    } else {
        report.to_text().into_bytes()
    };
    crate::print_out(&out)
}
