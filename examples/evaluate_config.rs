//! Benchmarks a configuration against a dataset's history, the way a data
//! person would before changing weights: the metrics, what each criterion
//! adds, and a variant compared fold by fold.
//!
//! ```text
//! cargo run --release -p mentormatch --example evaluate_config -- data/sample.json
//! ```

use mentormatch::{Benchmark, Config, EvaluateOptions, LoadOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/sample.json".to_string());
    let bench = Benchmark::load(&path, &LoadOptions::default())?;
    let (good, neutral, bad) = bench.outcomes();
    println!("{path}: {good} good, {neutral} neutral and {bad} bad past mentor pairs");

    // The default weights against a variant that trusts skills more.
    let base = Config::default();
    let mut skills = base.clone();
    skills.weights.skill_fit = 0.6;
    let report = bench.evaluate(
        &[("default".into(), base), ("skills".into(), skills)],
        &EvaluateOptions::default(),
    )?;
    for c in &report.configs {
        println!(
            "{}: auc {:?}, mrr {:?}",
            c.name, c.metrics.auc, c.metrics.mrr
        );
    }
    for d in &report.comparisons[0].differences {
        if d.folds == 0 {
            println!("{}: undefined in every fold", d.metric);
            continue;
        }
        println!(
            "{}: {:+.4} ± {:.4} over the folds{}",
            d.metric,
            d.mean_difference,
            d.sd,
            if d.significant { " (significant)" } else { "" }
        );
    }
    Ok(())
}
