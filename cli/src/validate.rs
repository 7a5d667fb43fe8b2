//! `mentormatch validate`: checks a dataset and prints a summary of it.

use std::path::PathBuf;

use mentormatch::{load, LoadOptions};

use crate::progress;

/// Arguments of `mentormatch validate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A `.json` file or a folder of CSV files.
    #[arg(value_name = "DATASET")]
    dataset: PathBuf,
}

/// Loads the dataset and prints its summary; a bad dataset is an error
/// naming the file, record, field and value.
pub(crate) fn run(args: &Args) -> anyhow::Result<()> {
    let step = progress::step(&format!("loading {}", args.dataset.display()));
    let network = load(&args.dataset, &LoadOptions::default())?;
    step.set_message("summarising");
    let s = network.summary();
    step.finish_and_clear();
    let out = format!("{}: valid\n{}", args.dataset.display(), s.describe());
    crate::print_text(&out)?;
    Ok(())
}
