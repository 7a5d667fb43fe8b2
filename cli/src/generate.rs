//! `mentormatch generate`: writes a synthetic organisation.

use std::path::PathBuf;

use mentormatch::{
    check_dataset_output, check_flag, generate, write_dataset, Config, GeneratorConfig, Outcomes,
    MAX_PEOPLE,
};

use crate::progress;

/// Arguments of `mentormatch generate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// How many people, at most 10,000,000.
    #[arg(long, value_name = "N")]
    people: usize,
    /// The seed: the same seed gives the same bytes.
    #[arg(long, value_name = "S", default_value_t = GeneratorConfig::default().seed)]
    seed: u64,
    /// Where to write: a `.json` file, or else a folder of CSV files.
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// A TOML configuration whose `[weights]` table is the hidden
    /// compatibility that decides past mentor pairs' outcomes (default: the
    /// library's planted weights).
    #[arg(long, value_name = "FILE.toml")]
    truth_weights: Option<PathBuf>,
    /// The standard deviation of the noise added to the standardised
    /// hidden score before outcomes are ranked, 0 to 100 (default 0.5).
    #[arg(long, value_name = "X", allow_negative_numbers = true, value_parser = parse_noise)]
    outcome_noise: Option<f64>,
    /// The share of people with a past mentor or sponsor in the history,
    /// 0 to 1 (default 0.05).
    #[arg(long, value_name = "SHARE", default_value_t = GeneratorConfig::default().history, value_parser = parse_share)]
    history: f64,
    /// Draw history outcomes at random (60% good, 28% neutral, 12% bad)
    /// instead of from a hidden compatibility.
    #[arg(long, conflicts_with_all = ["truth_weights", "outcome_noise"])]
    random_outcomes: bool,
}

/// The largest `--outcome-noise`: far past the point where outcomes are
/// all but random (at 100 the score explains 0.01% of the draw).
const MAX_NOISE: f64 = 100.0;

fn parse_noise(text: &str) -> Result<f64, String> {
    let noise: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    // NaN and the infinities are outside the range too.
    if !(0.0..=MAX_NOISE).contains(&noise) {
        return Err(format!("{text} is not from 0 to {MAX_NOISE}"));
    }
    Ok(noise)
}

fn parse_share(text: &str) -> Result<f64, String> {
    let share: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if !(0.0..=1.0).contains(&share) {
        return Err(format!("{text} is not from 0 to 1"));
    }
    Ok(share)
}

/// The outcome model the arguments ask for.
fn outcomes(args: &Args) -> anyhow::Result<Outcomes> {
    if args.random_outcomes {
        return Ok(Outcomes::Random);
    }
    let mut outcomes = Outcomes::default();
    if let Outcomes::Planted { weights, noise } = &mut outcomes {
        if let Some(path) = &args.truth_weights {
            // The library's error names the file, table and key.
            *weights = Config::load(path)?.weights;
        }
        if let Some(x) = args.outcome_noise {
            *noise = x;
        }
    }
    Ok(outcomes)
}

/// Generates the organisation and writes it atomically.
pub(crate) fn run(args: &Args) -> anyhow::Result<()> {
    check_flag("--people", args.people, 0, MAX_PEOPLE)?;
    let config = GeneratorConfig {
        people: args.people,
        seed: args.seed,
        outcomes: outcomes(args)?,
        history: args.history,
        ..GeneratorConfig::default()
    };
    check_dataset_output(&args.out)?;
    let step = progress::step(&format!("generating {} people", config.people));
    let dataset = generate(&config);
    step.set_message(format!("writing {}", args.out.display()));
    // The library's error already names the path and the reason.
    write_dataset(&args.out, &dataset)?;
    step.finish_and_clear();
    let line = format!(
        "wrote {} people and {} ties to {}\n",
        dataset.people.len(),
        dataset.ties.len(),
        args.out.display()
    );
    // The process exits next: freeing tens of millions of small strings one
    // by one would only add a second or more to a large run.
    std::mem::forget(dataset);
    crate::print_err(&line)
}
