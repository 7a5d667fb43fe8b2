//! `mentormatch intro`: the warmest introduction paths from one person to
//! another, as JSON on stdout.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use mentormatch::{load, Config, LoadOptions, Network, PathConfig, PathFinder, PersonId};

/// Arguments of `mentormatch intro`.
#[derive(Debug, clap::Args)]
pub struct IntroArgs {
    /// The dataset: a .json file or a folder of CSV files.
    pub dataset: PathBuf,
    /// Id of the person who wants the introduction.
    #[arg(long)]
    pub from: String,
    /// Id of the person they want to meet.
    #[arg(long)]
    pub to: String,
    /// How many paths, warmest first, 1 to 100 (default: `[intro] k` of
    /// --config, 3).
    #[arg(short)]
    pub k: Option<usize>,
    /// Most ties on a path, 0 to 6 (default: `[intro] max_hops` of
    /// --config, 3).
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=i64::from(mentormatch::MAX_HOPS)))]
    pub max_hops: Option<u32>,
    /// A TOML configuration whose `[intro]` table gives the defaults of -k
    /// and --max-hops.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Make each path avoid every intermediary of the paths before it, so
    /// that if a connector says no, the next path does not rely on them.
    #[arg(long)]
    pub disjoint: bool,
}

/// Loads the dataset, finds the paths and prints them with their `status`.
/// No path within the hop limit prints an empty `paths`, `"status":
/// "no_path"` and the `reason`; an unknown id, or the same person on both
/// ends, is an error.
pub fn run(args: &IntroArgs) -> Result<()> {
    if let Some(k) = args.k {
        mentormatch::check_flag("-k", k, 1, mentormatch::MAX_PATHS)?;
    }
    let network = load(&args.dataset, &LoadOptions::default())?;
    let from = person(&network, args, "--from", &args.from)?;
    let to = person(&network, args, "--to", &args.to)?;
    if from == to {
        bail!(
            "--from and --to are both {:?}: nobody needs an introduction to themselves",
            args.from
        );
    }
    let defaults = match &args.config {
        Some(path) => Config::load(path)?.intro,
        None => Config::default().intro,
    };
    let config = PathConfig {
        max_hops: args.max_hops.unwrap_or(defaults.max_hops),
        k: args.k.unwrap_or(defaults.k),
        disjoint: args.disjoint,
    };
    let answer = PathFinder::new(&network).introduce(from, to, &config)?;
    let json = serde_json::to_string_pretty(&answer.report(&network, from, to)?)
        .context("writing the paths as JSON")?;
    crate::print_json(&format!("{json}\n"))?;
    Ok(())
}

fn person(network: &Network, args: &IntroArgs, flag: &str, id: &str) -> Result<PersonId> {
    match network.person_id(id) {
        Some(p) => Ok(p),
        None => bail!(
            "{flag} {id:?}: no person with this id in {}",
            args.dataset.display()
        ),
    }
}
