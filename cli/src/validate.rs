//! `mentormatch validate`: checks a dataset and prints a summary of it.

use std::fmt::Write as _;
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
    let mut out = String::new();
    let _ = writeln!(out, "{}: valid", args.dataset.display());
    let _ = writeln!(out, "people             {}", s.people);
    let _ = writeln!(out, "seeking a mentor   {}", s.seeking_mentor);
    let _ = writeln!(out, "seeking a sponsor  {}", s.seeking_sponsor);
    let _ = writeln!(
        out,
        "mentors            {} (capacity {})",
        s.mentors, s.mentor_capacity
    );
    let _ = writeln!(
        out,
        "sponsors           {} (capacity {})",
        s.sponsors, s.sponsor_capacity
    );
    let _ = writeln!(out, "ties               {}", s.ties);
    let _ = writeln!(out, "skills             {}", s.skills);
    let _ = writeln!(
        out,
        "components         {} (largest {} people)",
        s.components, s.largest_component
    );
    if !s.attributes.is_empty() {
        let _ = writeln!(out, "attributes         {}", s.attributes.join(", "));
    }
    crate::print_out(out.as_bytes())?;
    Ok(())
}
