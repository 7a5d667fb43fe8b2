//! Benchmark-driven tuning: `evaluate` (every metric, ten ablations) and
//! `tune` (a budget of 200, `auc` and `mrr`) on a generated organisation
//! whose history holds a fifth of its people.
//!
//! `cargo bench -p mentormatch --bench evaluate` (20,000 people; set
//! `EVALUATE_BENCH_PEOPLE=100000` for the README's figures: about 17,000
//! past mentor pairs). Each sample is one run; see `benches/score.rs` for
//! why samples are flat and few.

// `criterion_group!` defines a public function it cannot document.
#![allow(missing_docs)]

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use mentormatch::{generate, Benchmark, Config, EvaluateOptions, GeneratorConfig, TuneOptions};

fn bench(c: &mut Criterion) {
    let people = std::env::var("EVALUATE_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let data = generate(&GeneratorConfig {
        people,
        seed: 1,
        history: 0.2,
        ..Default::default()
    });
    let bench =
        Benchmark::from_dataset(&data, &Default::default()).expect("generated data is valid");
    drop(data);
    let configs = [("default".to_string(), Config::default())];

    let mut group = c.benchmark_group("benchmark");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.bench_with_input(BenchmarkId::new("evaluate", people), &people, |b, _| {
        b.iter(|| bench.evaluate(&configs, &EvaluateOptions::default()))
    });
    for metric in ["auc", "mrr"] {
        let options = TuneOptions {
            metric: metric.to_string(),
            ..TuneOptions::default()
        };
        group.bench_with_input(
            BenchmarkId::new(format!("tune_{metric}"), people),
            &people,
            |b, _| b.iter(|| bench.tune(&Config::default(), &options)),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
