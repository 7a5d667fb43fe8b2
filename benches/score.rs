//! Scoring throughput: candidate pairs scored per second by sparse
//! candidate generation on generated networks of 10,000 and 100,000 people,
//! on one and two threads.
//!
//! `cargo bench -p mentormatch --bench score`; the reported throughput
//! ("elem/s") is pairs scored per second: every pair the indexes propose,
//! feasible or not, whether scored in full or skipped by the top-K bound.
//! A 100,000-person run takes seconds, so every group samples flat (one run
//! per sample) with the fewest samples criterion allows: the whole bench
//! takes a few minutes. For medians with the load average printed next to
//! them, see `benches/tools/profile_match.rs`.

// `criterion_group!` defines a public function it cannot document.
#![allow(missing_docs)]

use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode,
    Throughput,
};
use mentormatch::{generate, Config, GeneratorConfig, MentorScorer, Network, SponsorScorer};

fn network(people: usize) -> Network {
    let dataset = generate(&GeneratorConfig {
        people,
        seed: 1,
        ..Default::default()
    });
    Network::from_dataset(&dataset, &Default::default()).expect("generated data is valid")
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}

/// Ten samples of one run each: enough for a median, short at 100,000 people.
fn few_samples(group: &mut BenchmarkGroup<'_, WallTime>) {
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
}

fn bench(c: &mut Criterion) {
    let config = Config::default();
    for people in [10_000, 100_000] {
        let net = network(people);
        let mentors = MentorScorer::new(&net, &config).expect("a valid config");
        let sponsors = SponsorScorer::new(&net, &config).expect("a valid config");
        let mentor_pairs = mentors.candidates().pairs_scored();
        let sponsor_pairs = sponsors.candidates().pairs_scored();

        let mut group = c.benchmark_group("mentor_candidates");
        few_samples(&mut group);
        group.throughput(Throughput::Elements(mentor_pairs));
        for threads in [1, 2] {
            let pool = pool(threads);
            group.bench_with_input(
                BenchmarkId::new(format!("{threads}_threads"), people),
                &people,
                |b, _| b.iter(|| pool.install(|| mentors.candidates())),
            );
        }
        group.finish();

        let mut group = c.benchmark_group("sponsor_candidates");
        few_samples(&mut group);
        group.throughput(Throughput::Elements(sponsor_pairs));
        for threads in [1, 2] {
            let pool = pool(threads);
            group.bench_with_input(
                BenchmarkId::new(format!("{threads}_threads"), people),
                &people,
                |b, _| b.iter(|| pool.install(|| sponsors.candidates())),
            );
        }
        group.finish();

        // Building the scorer (indexes, per-person data, centrality for
        // sponsors) is paid once per run, outside the pair throughput.
        let mut group = c.benchmark_group("scorer_build");
        few_samples(&mut group);
        group.bench_with_input(BenchmarkId::new("mentor", people), &people, |b, _| {
            b.iter(|| MentorScorer::new(&net, &config))
        });
        group.bench_with_input(BenchmarkId::new("sponsor", people), &people, |b, _| {
            b.iter(|| SponsorScorer::new(&net, &config))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
