//! `mentormatch suggest`: introductions a connector could make among their
//! contacts, as JSON on stdout.

use std::path::PathBuf;

use anyhow::Context;
use mentormatch::{load, suggest_introductions, Config, LoadOptions, SuggestConfig, SuggestReport};

/// Arguments of `mentormatch suggest`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A `.json` file or a folder of CSV files.
    #[arg(value_name = "DATASET")]
    dataset: PathBuf,
    /// Id of the person who would make the introductions.
    #[arg(long, value_name = "ID")]
    connector: String,
    /// How many suggestions, best first, 1 to 10,000.
    #[arg(short, default_value_t = SuggestConfig::default().k)]
    k: usize,
    /// A TOML configuration (for the skill taxonomy credit).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<()> {
    mentormatch::check_flag("-k", args.k, 1, mentormatch::MAX_SUGGESTIONS)?;
    let config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let network = load(&args.dataset, &LoadOptions::default())?;
    let connector = network.person_id(&args.connector).with_context(|| {
        format!(
            "--connector {:?}: unknown person id in {}",
            args.connector,
            args.dataset.display()
        )
    })?;
    let options = SuggestConfig {
        k: args.k,
        ..SuggestConfig::default()
    };
    let found = suggest_introductions(&network, &config, connector, &options)?;
    let report = SuggestReport::new(&network, connector, &found);
    crate::print_json(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    Ok(())
}
