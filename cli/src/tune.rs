//! `mentormatch tune`: searches the mentor weights for the best held-out
//! benchmark metric and writes the tuned configuration (see the library's
//! `Benchmark::tune`).

use std::path::PathBuf;

use mentormatch::{check_output, write_atomic, Benchmark, Config, LoadOptions, TuneOptions};

use crate::progress;

/// Arguments of `mentormatch tune`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A `.json` file or a folder of CSV files, with `history`.
    #[arg(value_name = "DATASET")]
    dataset: PathBuf,
    /// The configuration to start from (its constraints and criteria stay;
    /// its weights are searched). Default: the built-in configuration.
    #[arg(long, value_name = "BASE")]
    config: Option<PathBuf>,
    /// The metric to maximise: auc, mrr, hit_at_1, hit_at_5 or ndcg_at_5.
    #[arg(long, value_name = "M", default_value_t = TuneOptions::default().metric)]
    metric: String,
    /// Folds, by mentee (2 to 100).
    #[arg(long, value_name = "N", default_value_t = TuneOptions::default().folds)]
    folds: usize,
    /// The seed of the split and of the search.
    #[arg(long, value_name = "S", default_value_t = TuneOptions::default().seed)]
    seed: u64,
    /// Configurations to score (10 to 100,000).
    #[arg(long, value_name = "N", default_value_t = TuneOptions::default().budget)]
    budget: usize,
    /// Where to write the tuned configuration (TOML, with a commented
    /// header of what it measured).
    #[arg(long, value_name = "TUNED.toml")]
    out: PathBuf,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<()> {
    check_output(&args.out)?;
    let base = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let options = TuneOptions {
        metric: args.metric.clone(),
        folds: args.folds,
        seed: args.seed,
        budget: args.budget,
    };
    let step = progress::step(&format!("loading {}", args.dataset.display()));
    let bench = Benchmark::load(&args.dataset, &LoadOptions::default())?;
    step.set_message(format!("scoring {} configurations", args.budget));
    let report = bench.tune(&base, &options)?;
    step.finish_and_clear();
    write_atomic(&args.out, report.to_toml().as_bytes())?;
    let out = format!("{}wrote {}\n", report.to_text(), args.out.display());
    crate::print_text(&out)
}
