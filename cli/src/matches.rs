//! `mentormatch match`: mentor and sponsor matches for a whole cohort, with
//! an introduction for each, as JSON on stdout or written atomically to a file.

use std::path::PathBuf;

use anyhow::Context;
use mentormatch::{
    audit, check_output, html_report, load, match_observed, write_atomic, write_json_atomic, Carry,
    Config, Error, HtmlConfig, LoadOptions, MatchReport, Network, Policy, Previous, PreviousRun,
    ResultFile, Stage,
};

use crate::progress;

/// Arguments of `mentormatch match`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A `.json` file or a folder of CSV files.
    #[arg(value_name = "DATASET")]
    dataset: PathBuf,
    /// A TOML configuration (weights, constraints, assign, intro tables);
    /// every key has a default, see data/config.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The assignment policy, overriding `[assign] policy`.
    #[arg(long, value_enum, value_name = "P")]
    policy: Option<PolicyArg>,
    /// Write the result here (atomically: a failed run leaves no partial
    /// file) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// `json` (the full report) or `csv` (one row per match and per
    /// unmatched person, with names and attributes, for spreadsheets; the
    /// scores' components are left to `json` and `explain`).
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// An earlier `match` JSON output: its pairs stay (pinned) unless a
    /// person left, no longer seeks or offers, or the pair is now forbidden
    /// or fails a hard constraint; `summary.previous` counts the pairs
    /// kept, added and dropped, with why.
    #[arg(long, value_name = "RUN.json")]
    previous: Option<PathBuf>,
    /// With `--previous`: match everyone afresh; the previous pairs only
    /// feed the kept / added / dropped accounting.
    #[arg(long, requires = "previous")]
    rematch: bool,
    /// Also write a self-contained HTML report here (atomically): headline
    /// numbers, charts, the shortfall, the unmatched by reason, the weakest
    /// matches explained and a few introduction paths, names next to ids.
    #[arg(long, value_name = "FILE.html")]
    report: Option<PathBuf>,
    /// Audit the result before writing it (what `mentormatch check` does):
    /// on any violation print them, write nothing and exit 1.
    #[arg(long)]
    verify: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
    Csv,
}

/// The policies, as command-line values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PolicyArg {
    Optimal,
    Coverage,
    Stable,
    Greedy,
}

impl From<PolicyArg> for Policy {
    fn from(p: PolicyArg) -> Policy {
        match p {
            PolicyArg::Optimal => Policy::Optimal,
            PolicyArg::Coverage => Policy::Coverage,
            PolicyArg::Stable => Policy::Stable,
            PolicyArg::Greedy => Policy::Greedy,
        }
    }
}

pub(crate) fn run(args: &Args) -> anyhow::Result<()> {
    let mut config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if let (Some(report), Some(out)) = (&args.report, &args.out) {
        anyhow::ensure!(
            report != out,
            "--report and --out both name {}: give the report its own file",
            report.display()
        );
    }
    // Every output is checked before the work, not after it.
    for path in [&args.out, &args.report].into_iter().flatten() {
        check_output(path)?;
    }
    if let Some(policy) = args.policy {
        config.assign.policy = policy.into();
    }
    let previous = match &args.previous {
        Some(path) => Some(read_run(path)?),
        None => None,
    };
    let mut stages = progress::Stages::start(&format!("loading {}", args.dataset.display()));
    let network = load(&args.dataset, &LoadOptions::default())?;
    let previous = previous.as_ref().map(|run| Previous {
        run,
        carry: if args.rematch {
            Carry::Rematch
        } else {
            Carry::Keep
        },
    });
    let progress = stages.progress();
    let mut on_stage = |stage: Stage| stages.next(stage.describe());
    let report =
        match_observed(&network, &config, previous, &mut on_stage, &progress).map_err(|e| {
            match &args.config {
                Some(path) => e.in_file("config", path.display().to_string()),
                None => e,
            }
        })?;
    if args.verify {
        stages.next("auditing the result");
        let audit = audit(&network, &config, &ResultFile::from_report(&report))?;
        if !audit.is_ok() {
            stages.finish(audit.text().trim_end())?;
            anyhow::bail!("match --verify: the result breaks the rules above; nothing written");
        }
    }
    if let Some(path) = &args.report {
        stages.next(&format!("writing the report {}", path.display()));
        write_atomic(path, html(&report, &network, &config, args)?.as_bytes())?;
    }
    stages.next("writing the results");
    match (&args.out, args.format) {
        // Serialised straight into the file: no copy of it is held.
        (Some(path), Format::Json) => write_json_atomic(path, &report)?,
        (Some(path), Format::Csv) => write_atomic(path, &report.table(&network).to_csv())?,
        // JSON printed with its C1 controls escaped (the same value); CSV
        // is data for another program, printed as it is.
        (None, Format::Json) => {
            let json = serde_json::to_string_pretty(&report).context("serialising the report")?;
            crate::print_json(&format!("{json}\n"))?;
        }
        (None, Format::Csv) => crate::print_out(&report.table(&network).to_csv())?,
    }
    stages.finish(&report.summary.describe())?;
    match &report.summary.previous {
        Some(previous) => crate::print_err(&format!("{}\n", previous.describe())),
        None => Ok(()),
    }
}

/// The HTML report, titled after the dataset (the library writes every
/// word of it; the tool only names it and writes the file).
fn html(
    report: &MatchReport,
    network: &Network,
    config: &Config,
    args: &Args,
) -> Result<String, Error> {
    let dataset = args.dataset.file_name().map_or_else(
        || args.dataset.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let options = HtmlConfig {
        title: format!("Mentoring cohort report: {dataset}"),
        ..HtmlConfig::default()
    };
    html_report(network, config, report, &options)
}

/// An earlier run's pairs, read from its `match` JSON output (the library
/// names the file, record, field and value of anything malformed).
pub(crate) fn read_run(path: &std::path::Path) -> anyhow::Result<PreviousRun> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the previous run {}", path.display()))?;
    Ok(PreviousRun::from_json(&text, &path.display().to_string())?)
}
