//! `mentormatch evaluate`: benchmarks configurations against the dataset's
//! history (see the library's `Benchmark`).

use std::path::PathBuf;

use mentormatch::{load, sweep_max_candidates, Benchmark, Config, EvaluateOptions, LoadOptions};

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
    /// Instead of the history benchmark, run the whole assignment at each
    /// value, e.g. `max_candidates=10,25,50,100,0`, and compare total score,
    /// coverage and time with the run keeping every feasible pair (0).
    #[arg(long, value_name = "max_candidates=K,...", value_parser = parse_sweep)]
    sweep: Option<Sweep>,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// The values of `max_candidates` a sweep runs at.
#[derive(Debug, Clone)]
struct Sweep(Vec<usize>);

/// `max_candidates=10,25,50`: the only key a sweep varies.
fn parse_sweep(text: &str) -> Result<Sweep, String> {
    let values = text.strip_prefix("max_candidates=").ok_or_else(|| {
        format!("`{text}`: expected max_candidates=K,K,... (the one key a sweep varies)")
    })?;
    values
        .split(',')
        .map(|v| {
            v.trim()
                .parse::<usize>()
                .ok()
                .filter(|&k| k <= MAX_SWEEP_VALUE)
                .ok_or_else(|| {
                    format!("`{v}`: expected a whole number from 0 to {MAX_SWEEP_VALUE}")
                })
        })
        .collect::<Result<_, _>>()
        .map(Sweep)
}

/// The largest `max_candidates` a sweep takes: beyond it, keep 0 (all).
const MAX_SWEEP_VALUE: usize = mentormatch::MAX_CANDIDATES;

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
    if let Some(Sweep(values)) = &args.sweep {
        anyhow::ensure!(configs.len() == 1, "--sweep takes one --config");
        let step = progress::step(&format!("loading {}", args.dataset.display()));
        let network = load(&args.dataset, &LoadOptions::default())?;
        step.set_message(format!(
            "matching at {} values of max_candidates",
            values.len() + 1
        ));
        let report = sweep_max_candidates(&network, &configs[0].1, values)?;
        step.finish_and_clear();
        return crate::print_report(args.json, &report, || report.to_text());
    }
    let step = progress::step(&format!("loading {}", args.dataset.display()));
    let bench = Benchmark::load(&args.dataset, &LoadOptions::default())?;
    step.set_message(format!(
        "scoring the history under {} configurations",
        configs.len()
    ));
    let report = bench.evaluate(&configs, &options)?;
    step.finish_and_clear();
    crate::print_report(args.json, &report, || report.to_text())
}
