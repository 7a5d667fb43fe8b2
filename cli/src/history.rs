//! `mentormatch history`: a run's pairs as `history` records for the next
//! dataset, written atomically as JSON (the dataset's `history` list) or,
//! for a `.csv` path, as `history.csv`.

use std::path::PathBuf;

use anyhow::Context;
use mentormatch::{check_output, write_atomic};

use crate::matches::read_run;

/// Arguments of `mentormatch history`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The JSON output of an earlier `mentormatch match`.
    #[arg(value_name = "RUN.json")]
    run: PathBuf,
    /// Where to write the records: a `.csv` file (the columns of
    /// `history.csv`), or JSON (a list, for a dataset's `"history"`).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<()> {
    check_output(&args.out)?;
    let records = read_run(&args.run)?.history();
    let csv = args
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = if csv {
        let mut out = csv::Writer::from_writer(Vec::new());
        for record in &records {
            out.serialize(record)?;
        }
        out.into_inner().context("writing CSV")?
    } else {
        let mut json = serde_json::to_vec_pretty(&records).context("serialising the history")?;
        json.push(b'\n');
        json
    };
    write_atomic(&args.out, &bytes)?;
    Ok(())
}
