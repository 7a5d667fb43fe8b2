//! `mentormatch generate`: writes a synthetic organisation.

use std::path::PathBuf;

use mentormatch::{generate, write_dataset, GeneratorConfig};

use crate::progress;

/// Arguments of `mentormatch generate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// How many people.
    #[arg(long, value_name = "N")]
    people: usize,
    /// The seed: the same seed gives the same bytes.
    #[arg(long, value_name = "S", default_value_t = GeneratorConfig::default().seed)]
    seed: u64,
    /// Where to write: a `.json` file, or else a folder of CSV files.
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
}

/// Generates the organisation and writes it atomically.
pub(crate) fn run(args: &Args) -> anyhow::Result<()> {
    let config = GeneratorConfig {
        people: args.people,
        seed: args.seed,
        ..GeneratorConfig::default()
    };
    anyhow::ensure!(
        u32::try_from(config.people).is_ok(),
        "--people {} is more than the {} a network can hold",
        config.people,
        u32::MAX
    );
    let step = progress::step(&format!("generating {} people", config.people));
    let dataset = generate(&config);
    step.set_message(format!("writing {}", args.out.display()));
    // The library's error already names the path and the reason.
    write_dataset(&args.out, &dataset)?;
    step.finish_and_clear();
    eprintln!(
        "wrote {} people and {} ties to {}",
        dataset.people.len(),
        dataset.ties.len(),
        args.out.display()
    );
    // The process exits next: freeing tens of millions of small strings one
    // by one would only add a second or more to a large run.
    std::mem::forget(dataset);
    Ok(())
}
