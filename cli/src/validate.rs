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
    println!("{}: valid", args.dataset.display());
    println!("people             {}", s.people);
    println!("seeking a mentor   {}", s.seeking_mentor);
    println!("seeking a sponsor  {}", s.seeking_sponsor);
    println!(
        "mentors            {} (capacity {})",
        s.mentors, s.mentor_capacity
    );
    println!(
        "sponsors           {} (capacity {})",
        s.sponsors, s.sponsor_capacity
    );
    println!("ties               {}", s.ties);
    println!("skills             {}", s.skills);
    println!(
        "components         {} (largest {} people)",
        s.components, s.largest_component
    );
    if !s.attributes.is_empty() {
        println!("attributes         {}", s.attributes.join(", "));
    }
    Ok(())
}
