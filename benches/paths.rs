//! Introduction-path queries on generated organisations of doubling size:
//! criterion timings of best-path, k-best and disjoint queries, and a
//! per-query latency distribution (p50, p90, p99) that criterion's means hide.
//!
//! Sizes come from `PATHS_BENCH_PEOPLE` (comma-separated, default
//! `125000,250000,500000,1000000`); each network is generated with seed 42
//! at the generator's default of about 10 ties per person.
//!
//! ```text
//! cargo bench --bench paths
//! PATHS_BENCH_PEOPLE=1000000 cargo bench --bench paths -- best
//! ```

// `criterion_group!` defines a public function it cannot document.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "../tests/common/rng.rs"]
mod rng;
use rng::SplitMix;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use mentormatch::{
    generate, GeneratorConfig, LoadOptions, Network, PathConfig, PathFinder, PersonId, Route,
    RouteConfig,
};

/// How many seeded random pairs each measurement cycles through.
const PAIRS: usize = 2_000;

fn sizes() -> Vec<usize> {
    std::env::var("PATHS_BENCH_PEOPLE")
        .unwrap_or_else(|_| "125000,250000,500000,1000000".into())
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("PATHS_BENCH_PEOPLE: comma-separated counts")
        })
        .collect()
}

fn network(people: usize) -> Network {
    let data = generate(&GeneratorConfig {
        people,
        seed: 42,
        ..Default::default()
    });
    Network::from_dataset(&data, &LoadOptions::default()).expect("generated data is valid")
}

/// Uniformly random ordered pairs of distinct people: most are far apart in
/// a large organisation, so most queries end without a path.
fn random_pairs(net: &Network, seed: u64) -> Vec<(PersonId, PersonId)> {
    let people = net.people().len();
    let mut rng = SplitMix(seed);
    let mut next = |n| rng.below(n);
    let mut out = Vec::with_capacity(PAIRS);
    while out.len() < PAIRS {
        let (a, b) = (next(people), next(people));
        if a != b {
            out.push((net.person_at(a).unwrap(), net.person_at(b).unwrap()));
        }
    }
    out
}

/// Pairs three random steps apart (a random walk over ties), the way
/// introduction requests usually are: most have a path within three ties.
fn nearby_pairs(net: &Network, count: usize, seed: u64) -> Vec<(PersonId, PersonId)> {
    let mut rng = SplitMix(seed);
    let mut next = |n| rng.below(n);
    let people = net.people().len();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let a = net.person_at(next(people)).unwrap();
        let mut b = a;
        for _ in 0..3 {
            let near = net.neighbors(b).unwrap();
            if near.is_empty() {
                break;
            }
            b = near[next(near.len())].person;
        }
        if a != b {
            out.push((a, b));
        }
    }
    out
}

/// Times every query on its own and prints the distribution.
fn latency(
    label: &str,
    pairs: &[(PersonId, PersonId)],
    mut query: impl FnMut(PersonId, PersonId) -> usize,
) {
    // One pass to warm caches and the allocator, then the measured pass.
    for &(a, b) in pairs.iter().take(200) {
        black_box(query(a, b));
    }
    let mut times: Vec<Duration> = Vec::with_capacity(pairs.len());
    let mut found = 0;
    for &(a, b) in pairs {
        let start = Instant::now();
        found += usize::from(black_box(query(a, b)) > 0);
        times.push(start.elapsed());
    }
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label}: p50 {:.3?}  p90 {:.3?}  p99 {:.3?}  max {:.3?}  ({} queries, {} with a path)",
        at(0.5),
        at(0.9),
        at(0.99),
        times[times.len() - 1],
        times.len(),
        found
    );
}

fn bench(c: &mut Criterion) {
    for people in sizes() {
        let start = Instant::now();
        let net = network(people);
        let built = start.elapsed();
        let start = Instant::now();
        let mut finder = PathFinder::new(&net);
        println!(
            "network of {people} people, {} ties: generated and validated in {built:.1?}, \
             path finder built in {:.1?}",
            net.ties().len(),
            start.elapsed()
        );
        let k3 = PathConfig::default();
        let disjoint = PathConfig {
            disjoint: true,
            ..PathConfig::default()
        };
        let pair_sets = [
            ("random", random_pairs(&net, 7)),
            ("nearby", nearby_pairs(&net, PAIRS, 7)),
        ];
        for (name, pairs) in &pair_sets {
            latency(&format!("best/{name}/{people}"), pairs, |a, b| {
                finder.best(a, b, 3).unwrap().map_or(0, |p| p.hops())
            });
            latency(&format!("k3/{name}/{people}"), pairs, |a, b| {
                finder.paths(a, b, &k3).unwrap().len()
            });
            latency(&format!("disjoint3/{name}/{people}"), pairs, |a, b| {
                finder.paths(a, b, &disjoint).unwrap().len()
            });
        }
        let pairs = &pair_sets[1].1;

        // A batch: an introduction for one person in ten, on the caller's
        // (here rayon's global) pool.
        let requests = nearby_pairs(&net, people / 10, 9);
        let start = Instant::now();
        let routing = finder.route(&requests, &RouteConfig::default()).unwrap();
        let routed = routing.routes.iter().filter(|r| r.path().is_some()).count();
        let direct = routing
            .routes
            .iter()
            .filter(|r| matches!(r, Route::DirectTie(_)))
            .count();
        println!(
            "route/{people}: {} requests in {:.1?} on {} threads: {routed} routed, {direct} direct, \
             {} connectors, max load {}",
            requests.len(),
            start.elapsed(),
            rayon::current_num_threads(),
            routing.loads.len(),
            routing.max_load()
        );

        let mut group = c.benchmark_group("paths");
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(5));
        let mut i = 0;
        let mut next = || {
            i = (i + 1) % pairs.len();
            pairs[i]
        };
        group.bench_function(BenchmarkId::new("best/nearby", people), |bench| {
            bench.iter(|| {
                let (a, b) = next();
                black_box(finder.best(a, b, 3).unwrap())
            })
        });
        group.bench_function(BenchmarkId::new("k3/nearby", people), |bench| {
            bench.iter(|| {
                let (a, b) = next();
                black_box(finder.paths(a, b, &k3).unwrap())
            })
        });
        group.bench_function(BenchmarkId::new("disjoint3/nearby", people), |bench| {
            bench.iter(|| {
                let (a, b) = next();
                black_box(finder.paths(a, b, &disjoint).unwrap())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
