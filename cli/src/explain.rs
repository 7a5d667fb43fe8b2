//! `mentormatch explain`: why a mentor (or sponsor) pair scores what it
//! scores, or which hard constraints exclude it; with `--run`, the pair
//! (or the mentee's best candidates) held against an earlier run — the
//! library's [`WhyNot`] and [`MenteeWhyNot`]; human-readable, or JSON with
//! `--json`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use mentormatch::{
    explain, explain_sponsor, load, Config, Explanation, LoadOptions, Network, PersonId,
    RecordedRun, Replay, WhyNot,
};
use serde::Serialize;

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
    /// With --run and no --mentor: how many of the mentee's candidates.
    #[arg(long, value_name = "N", default_value_t = 5, requires = "run")]
    top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// The JSON output of `mentormatch explain --json`.
#[derive(Debug, Serialize)]
struct Output<'a> {
    role: &'a str,
    mentee: &'a str,
    mentor: &'a str,
    feasible: bool,
    failed: Vec<Failed>,
    combined: f64,
    mentee_view: f64,
    mentor_view: f64,
    mentor_view_weight: f64,
    criteria: Vec<CriterionOutput>,
    components: serde_json::Map<String, serde_json::Value>,
    rank: Option<RankOutput>,
    /// With `--run`: the pair held against the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    run: Option<&'a WhyNot>,
}

#[derive(Debug, Serialize)]
struct Failed {
    constraint: &'static str,
    reason: &'static str,
}

#[derive(Debug, Serialize)]
struct CriterionOutput {
    name: &'static str,
    weight: f64,
    mentee_value: f64,
    mentee_contribution: f64,
    mentor_value: f64,
    mentor_contribution: f64,
}

#[derive(Debug, Serialize)]
struct RankOutput {
    position: usize,
    feasible: usize,
    max_candidates: usize,
    kept: bool,
}

pub(crate) fn run(args: &Args) -> Result<()> {
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
        (Some(id), _, _) => explain(&network, &config, mentee, person(&network, "--mentor", id)?),
        (None, Some(id), _) => explain_sponsor(
            &network,
            &config,
            mentee,
            person(&network, "--sponsor", id)?,
        ),
        (None, None, Some(replay)) => {
            // No mentor: the mentee's best candidates against the run.
            let listing = replay.mentee(mentee, args.top);
            return print(args.json, &listing, || listing.to_string());
        }
        (None, None, None) => bail!("give --mentor or --sponsor"),
    };
    let why_not = replay.map(|r| r.why_not(why.mentee, why.mentor));
    let output = output(&network, &why, why_not.as_ref());
    print(args.json, &output, || {
        let mut text = render(&network, &why);
        if let Some(why_not) = &why_not {
            text.push('\n');
            text.push_str(&why_not.to_string());
        }
        text
    })
}

/// Prints `value` as JSON, or `text()`.
fn print(json: bool, value: &impl Serialize, text: impl FnOnce() -> String) -> Result<()> {
    let text = if json {
        let mut json =
            serde_json::to_string_pretty(value).context("writing the explanation as JSON")?;
        json.push('\n');
        json
    } else {
        text()
    };
    crate::print_out(text.as_bytes())?;
    Ok(())
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

fn output<'a>(network: &'a Network, why: &Explanation, run: Option<&'a WhyNot>) -> Output<'a> {
    let score = &why.evaluation.score;
    Output {
        role: why.role.as_str(),
        mentee: &network.person(why.mentee).id,
        mentor: &network.person(why.mentor).id,
        feasible: why.is_feasible(),
        failed: why
            .evaluation
            .failed
            .iter()
            .map(|c| Failed {
                constraint: c.name(),
                reason: c.describe(),
            })
            .collect(),
        combined: score.combined,
        mentee_view: score.mentee_view,
        mentor_view: score.mentor_view,
        mentor_view_weight: score.view_weight(),
        criteria: score
            .criteria()
            .map(|c| CriterionOutput {
                name: c.name,
                weight: c.weight,
                mentee_value: c.mentee_value,
                mentee_contribution: c.mentee_contribution(),
                mentor_value: c.mentor_value,
                mentor_contribution: c.mentor_contribution(),
            })
            .collect(),
        components: score
            .components()
            .map(|(name, v)| (name.to_string(), serde_json::json!(v)))
            .collect(),
        rank: why.rank.map(|r| RankOutput {
            position: r.position,
            feasible: r.feasible,
            max_candidates: r.max_candidates,
            kept: r.is_kept(),
        }),
        run,
    }
}

/// The explanation as a few lines of text and a table.
fn render(network: &Network, why: &Explanation) -> String {
    let score = &why.evaluation.score;
    let role = why.role.as_str();
    let (mentee, mentor) = (
        &network.person(why.mentee).id,
        &network.person(why.mentor).id,
    );
    let mut out = String::new();
    let _ = write!(out, "{mentee} with {role} {mentor}: ");
    match why.rank {
        Some(rank) => {
            let _ = write!(
                out,
                "candidate {} of {} feasible",
                rank.position, rank.feasible
            );
            let _ = match (rank.max_candidates, rank.is_kept()) {
                (0, _) => writeln!(out, " (all kept)"),
                (k, true) => writeln!(out, " (within the top {k} kept)"),
                (k, false) => writeln!(out, " (outside the top {k} kept)"),
            };
        }
        None => {
            let _ = writeln!(out, "excluded");
            for c in &why.evaluation.failed {
                let _ = writeln!(out, "  {}: {}", c.name(), c.describe());
            }
            let _ = writeln!(out, "scores it would have had:");
        }
    }
    let _ = writeln!(
        out,
        "combined {:.4} = mentee view {:.4} + {} × ({role} view {:.4} − {:.4})",
        score.combined,
        score.mentee_view,
        score.view_weight(),
        score.mentor_view,
        score.mentee_view
    );
    let _ = writeln!(
        out,
        "\n{:<14} {:>7} {:>8} {:>8} {:>8} {:>8}",
        "criterion", "weight", "mentee", "contrib", role, "contrib"
    );
    for c in score.criteria() {
        let _ = writeln!(
            out,
            "{:<14} {:>7.3} {:>8.4} {:>8.4} {:>8.4} {:>8.4}",
            c.name,
            c.weight,
            c.mentee_value,
            c.mentee_contribution(),
            c.mentor_value,
            c.mentor_contribution()
        );
    }
    let _ = writeln!(
        out,
        "{:<14} {:>7} {:>8} {:>8.4} {:>8} {:>8.4}",
        "total", "", "", score.mentee_view, "", score.mentor_view
    );
    out
}
