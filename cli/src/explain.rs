//! `mentormatch explain`: why a mentor (or sponsor) pair scores what it
//! scores, or which hard constraints exclude it; with `--run`, the pair
//! (or the mentee's best candidates) held against an earlier run — the
//! library's [`WhyNot`] and [`MenteeWhyNot`]; human-readable, or JSON with
//! `--json`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use mentormatch::{
    explain, explain_sponsor, load, Config, LoadOptions, Network, PersonId, RecordedRun, Replay,
};

/// Arguments of `mentormatch explain`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A `.json` file or a folder of CSV files.
    #[arg(value_name = "DATASET")]
    dataset: PathBuf,
    /// Id of the person seeking a mentor (or sponsor).
    #[arg(long, value_name = "ID")]
    mentee: String,
    /// Id of the mentor.
    #[arg(long, value_name = "ID", required_unless_present_any = ["sponsor", "run"])]
    mentor: Option<String>,
    /// Id of a sponsor, to explain a sponsor pair instead.
    #[arg(long, value_name = "ID", conflicts_with_all = ["mentor", "run"])]
    sponsor: Option<String>,
    /// A TOML configuration; every key has a default, see data/config.toml.
    /// With --run: the configuration the run was made with.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The JSON output of an earlier `match` on the same dataset with the
    /// same --config: whether the pair is in it, what the mentee got
    /// instead, the score the pair would need, and what forcing it would
    /// cost (re-solved). Without --mentor: the mentee's top candidates.
    #[arg(long, value_name = "RUN.json")]
    run: Option<PathBuf>,
    /// With --run and no --mentor: how many of the mentee's candidates, 1
    /// to 1,000.
    #[arg(long, value_name = "N", default_value_t = 5, requires = "run")]
    top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    mentormatch::check_flag("--top", args.top, 1, mentormatch::MAX_TOP)?;
    let config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let network = load(&args.dataset, &LoadOptions::default())?;
    let mentee = person(&network, "--mentee", &args.mentee)?;
    let recorded = args.run.as_deref().map(read_run).transpose()?;
    let replay = match &recorded {
        Some(run) => Some(Replay::new(&network, &config, run)?),
        None => None,
    };
    let why = match (&args.mentor, &args.sponsor, &replay) {
        (Some(id), _, _) => explain(&network, &config, mentee, person(&network, "--mentor", id)?)?,
        (None, Some(id), _) => explain_sponsor(
            &network,
            &config,
            mentee,
            person(&network, "--sponsor", id)?,
        )?,
        (None, None, Some(replay)) => {
            // No mentor: the mentee's best candidates against the run.
            let listing = replay.mentee(mentee, args.top)?;
            return crate::print_report(args.json, &listing, || listing.to_string());
        }
        (None, None, None) => bail!("give --mentor or --sponsor"),
    };
    let why_not = replay
        .map(|r| r.why_not(why.mentee, why.partner))
        .transpose()?;
    let mut text = why.table(&network);
    if let Some(why_not) = &why_not {
        text.push('\n');
        text.push_str(&why_not.to_string());
    }
    crate::print_report(args.json, &why.report(&network, why_not), || text)
}

/// An earlier run, read from its `match` JSON output (the library names the
/// file, record, field and value of anything malformed).
fn read_run(path: &Path) -> Result<RecordedRun> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the run {}", path.display()))?;
    Ok(RecordedRun::from_json(&text, &path.display().to_string())?)
}

fn person(network: &Network, flag: &str, id: &str) -> Result<PersonId> {
    match network.person_id(id) {
        Some(p) => Ok(p),
        None => bail!("{flag} {id:?}: no person with this id in the dataset"),
    }
}
