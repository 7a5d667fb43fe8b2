//! Loading throughput: records per second for reading and validating a
//! generated organisation of 100,000 people (about a million ties) from JSON
//! and from CSV, and for validating the same records already in memory.
//!
//! Run with `cargo bench -p mentormatch --bench load`. A record is one entry
//! of any section: a person, a tie, a skill, a history entry or an affinity.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use mentormatch::{generate, load, write_dataset, Dataset, GeneratorConfig, LoadOptions, Network};

const PEOPLE: usize = 100_000;

fn records(data: &Dataset) -> u64 {
    (data.people.len()
        + data.ties.len()
        + data.skills.len()
        + data.history.len()
        + data.affinities.len()) as u64
}

fn loading(c: &mut Criterion) {
    let data = generate(&GeneratorConfig {
        people: PEOPLE,
        seed: 1,
        ..GeneratorConfig::default()
    });
    let dir: PathBuf =
        std::env::temp_dir().join(format!("mentormatch-bench-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let json = dir.join("org.json");
    let csv = dir.join("org");
    write_dataset(&json, &data).expect("write JSON");
    write_dataset(&csv, &data).expect("write CSV");

    let options = LoadOptions::default();
    let mut group = c.benchmark_group("load_100k_people");
    group.throughput(Throughput::Elements(records(&data)));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("json", |b| b.iter(|| load(&json, &options).expect("valid")));
    group.bench_function("csv", |b| b.iter(|| load(&csv, &options).expect("valid")));
    group.bench_function("validate_in_memory", |b| {
        b.iter(|| Network::from_dataset(&data, &options).expect("valid"))
    });
    group.finish();

    let mut group = c.benchmark_group("generate_100k_people");
    group.throughput(Throughput::Elements(records(&data)));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    let config = GeneratorConfig {
        people: PEOPLE,
        seed: 1,
        ..GeneratorConfig::default()
    };
    group.bench_function("generate", |b| b.iter(|| generate(&config)));
    group.finish();

    let _ = std::fs::remove_dir_all(&dir);
}

// Written out rather than with `criterion_group!`, whose generated function
// would need a doc comment under `missing_docs`.
fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    loading(&mut criterion);
    criterion.final_summary();
}
