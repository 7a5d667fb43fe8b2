//! Hostile shapes at full size (issue 8): the inputs that once made the
//! engine quadratic, timed end to end, built by the same code as the small
//! versions in `tests/hostile_shapes.rs` (`benches/support/shapes.rs`).
//!
//! - `tied/match_120x100`: `match_cohort` when every pair scores the same;
//! - `broad_taxonomy/match_50000x4000`: `match_cohort` with 4,000 people
//!   whose skills are 50,000 siblings under one category;
//! - `star/match_200000`: `match_cohort` around one hub with 200,000 leaves
//!   who seek a mentor and a sponsor;
//! - `long_lists/load_200000`: `Network::from_dataset` of one person with
//!   200,000 skills, goals and languages;
//! - `deep_chain/match_100000`: `match_cohort` on a 100,000-deep reporting
//!   line, the bottom 1,000 seeking a mentor, with
//!   `exclude_reporting_chain = u32::MAX`.
//!
//! `cargo bench -p mentormatch --bench hostile`; a filter such as `cargo
//! bench -p mentormatch --bench hostile -- star` runs a part. Ten samples of
//! one run each, so the whole bench takes a few minutes on two cores.

// `criterion_group!` defines a public function it cannot document.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode};
use mentormatch::{match_cohort, Config, Dataset, LoadOptions, Network};

#[path = "support/shapes.rs"]
mod shapes;

fn network(data: &Dataset) -> Network {
    Network::from_dataset(data, &LoadOptions::default()).expect("a valid shape")
}

/// Ten samples of one run each: enough for a median, short for runs of a
/// second or more.
fn few_samples(group: &mut BenchmarkGroup<'_, WallTime>) {
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
}

/// Times `match_cohort` on `data` under `config`, as `group/name`.
fn bench_match(c: &mut Criterion, group: &str, name: &str, data: &Dataset, config: &Config) {
    let net = network(data);
    let mut group = c.benchmark_group(group);
    few_samples(&mut group);
    group.bench_function(name, |b| {
        b.iter(|| black_box(match_cohort(&net, config).expect("a valid config")))
    });
    group.finish();
}

fn tied(c: &mut Criterion) {
    let data = shapes::tied(120, 100);
    bench_match(c, "tied", "match_120x100", &data, &Config::default());
}

fn broad_taxonomy(c: &mut Criterion) {
    let data = shapes::broad_taxonomy(50_000, 4_000);
    bench_match(
        c,
        "broad_taxonomy",
        "match_50000x4000",
        &data,
        &Config::default(),
    );
}

fn star(c: &mut Criterion) {
    // One leaf offers too, so that two matches (mentor and sponsor) are
    // introduced through the hub and the warmth between leaves is looked up
    // beyond it. (More offering leaves add 200,000 candidate pairs each per
    // role, which times scoring and assignment rather than the hub: with
    // 20, a run takes about 9 s.)
    let data = shapes::star(200_000, 1);
    bench_match(c, "star", "match_200000", &data, &Config::default());
}

fn long_lists(c: &mut Criterion) {
    let data = shapes::long_lists(200_000);
    let mut group = c.benchmark_group("long_lists");
    few_samples(&mut group);
    group.bench_function("load_200000", |b| b.iter(|| black_box(network(&data))));
    group.finish();
}

fn deep_chain(c: &mut Criterion) {
    // 1,000 mentors spread along the line: 10^6 pairs, each one check of
    // the reporting chain (walking it would be 5·10^10 steps).
    let data = shapes::deep_chain(100_000, 1_000, 1_000);
    let mut config = Config::default();
    config.constraints.exclude_reporting_chain = u32::MAX;
    bench_match(c, "deep_chain", "match_100000", &data, &config);
}

criterion_group!(benches, tied, broad_taxonomy, star, long_lists, deep_chain);
criterion_main!(benches);
