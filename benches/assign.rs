//! Benchmarks of the assignment solvers: dense square matrices (uniform and
//! coarse scores) through `assign_dense`, the sparse 100,000 × 20,000 mentor
//! problem through `assign` under every policy, the balanced 15,000 × 5,000
//! problem under uniform, coarse and score-like weights, warm re-solves of
//! the 100,000 × 20,000 problem kept in a `WarmSolver` (each sample a change
//! and its undoing: 1% of mentees or mentors leaving and coming back, 100
//! scores changed and changed back; people joining are timed by
//! `assign_timing warm`), and Beasley's OR-Library
//! instances when `../shared/data/orlib-assign` is present.
//!
//! `cargo bench --bench assign`; a filter such as `cargo bench --bench assign
//! -- dense/coarse` runs a part. Ten samples each, so the whole run takes a
//! few minutes on two cores.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use mentormatch::{assign, assign_dense, AssignConfig, AssignProblem, Policy, WarmSolver};

#[path = "support/instances.rs"]
mod instances;
use instances::{sparse_family, sparse_problem, SplitMix, Weights};

/// An `n × n` matrix: uniform scores in [0, 1), or coarse ones with ten
/// distinct values (k / 10), like real scores built from a few criteria.
fn dense_matrix(n: usize, coarse: bool, seed: u64) -> Vec<f64> {
    let mut rng = SplitMix(seed);
    (0..n * n)
        .map(|_| {
            if coarse {
                rng.below(10) as f64 / 10.0
            } else {
                rng.unit()
            }
        })
        .collect()
}

fn dense(c: &mut Criterion) {
    let mut group = c.benchmark_group("dense");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500));
    for coarse in [false, true] {
        let name = if coarse { "coarse" } else { "uniform" };
        for n in [1000, 2000, 4000] {
            let scores = dense_matrix(n, coarse, n as u64);
            group.bench_with_input(BenchmarkId::new(name, n), &scores, |b, scores| {
                b.iter(|| black_box(assign_dense(scores, n, n).unwrap().total()))
            });
        }
    }
    group.finish();
}

fn sparse(c: &mut Criterion) {
    let mut group = c.benchmark_group("sparse_100k_x_20k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500));
    let problem = sparse_problem(100_000, 20_000, 50, 1);
    for policy in [
        Policy::Optimal,
        Policy::Coverage,
        Policy::Stable,
        Policy::Greedy,
    ] {
        let config = AssignConfig { policy };
        let name = format!("{policy:?}").to_lowercase();
        group.bench_function(name, |b| {
            b.iter(|| black_box(assign(&problem, &config).unwrap().total()))
        });
    }
    group.finish();
}

/// The balanced family: 15,000 mentees × 5,000 mentors (capacities 1–5,
/// about as many places as mentees), 30 candidates each, under each weight
/// family: where augmenting paths alone degrade and the auction starts.
fn balanced(c: &mut Criterion) {
    let mut group = c.benchmark_group("balanced_15k_x_5k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500));
    for name in ["uniform", "coarse", "score-like"] {
        let weights = Weights::parse(name).expect("a known family");
        let problem = sparse_family(15_000, 5_000, 30, 1, weights);
        let config = AssignConfig::default();
        group.bench_function(name, |b| {
            b.iter(|| black_box(assign(&problem, &config).unwrap().total()))
        });
    }
    group.finish();
}

/// Warm re-solves: each iteration makes a change and undoes it, re-solving
/// after each (two warm solves), against the cold solve of the same
/// problem.
fn warm(c: &mut Criterion) {
    let mut group = c.benchmark_group("warm_100k_x_20k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500));
    let problem = sparse_problem(100_000, 20_000, 50, 1);
    group.bench_function("cold", |b| {
        b.iter(|| black_box(assign(&problem, &AssignConfig::default()).unwrap().total()))
    });
    let mut solver = WarmSolver::new(problem.clone()).unwrap();
    let mut rng = SplitMix(7);
    let mentees: Vec<u32> = (0..1000).map(|_| rng.below(100_000) as u32).collect();
    let mentors: Vec<u32> = (0..200).map(|_| rng.below(20_000) as u32).collect();
    let edges: Vec<usize> = (0..100).map(|_| rng.below(problem.edges.len())).collect();
    group.bench_function("mentees_leave_and_return_1pc", |b| {
        b.iter(|| {
            for &i in &mentees {
                solver.set_left_capacity(i, 0).unwrap();
            }
            solver.solve();
            for &i in &mentees {
                solver.set_left_capacity(i, 1).unwrap();
            }
            black_box(solver.solve().total())
        })
    });
    group.bench_function("mentors_leave_and_return_1pc", |b| {
        b.iter(|| {
            for &j in &mentors {
                solver.set_right_capacity(j, 0).unwrap();
            }
            solver.solve();
            for &j in &mentors {
                let capacity = problem.right_capacity[j as usize];
                solver.set_right_capacity(j, capacity).unwrap();
            }
            black_box(solver.solve().total())
        })
    });
    group.bench_function("rescore_100_and_back", |b| {
        b.iter(|| {
            for &e in &edges {
                solver.set_weight(e, 1.0 - problem.edges[e].weight).unwrap();
            }
            solver.solve();
            for &e in &edges {
                solver.set_weight(e, problem.edges[e].weight).unwrap();
            }
            black_box(solver.solve().total())
        })
    });
    group.finish();
}

/// Where the OR-Library instances live, if present.
#[allow(clippy::print_stderr)] // a skipped benchmark must say so
fn orlib_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/orlib-assign");
    if dir.join("assignopt.txt").exists() {
        Some(dir)
    } else {
        eprintln!(
            "note: skipping OR-Library benchmarks: {} not found",
            dir.display()
        );
        None
    }
}

fn orlib(c: &mut Criterion) {
    let Some(dir) = orlib_dir() else { return };
    let mut group = c.benchmark_group("orlib");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500));
    for name in ["assign400", "assign800"] {
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
        let mut numbers = text.split_whitespace().map(|w| w.parse::<f64>().unwrap());
        let n = numbers.next().unwrap() as usize;
        let scores: Vec<f64> = numbers.map(|cost| -cost).collect();
        group.bench_function(name, |b| {
            b.iter(|| black_box(assign_dense(&scores, n, n).unwrap().total()))
        });
    }
    for name in ["assignp800", "assignp1500", "assignp3000", "assignp5000"] {
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
        let mut numbers = text.split_whitespace().map(|w| w.parse::<u32>().unwrap());
        let n = numbers.next().unwrap() as usize;
        let mut problem = AssignProblem::new(vec![1; n], vec![1; n]);
        while let (Some(i), Some(j), Some(cost)) = (numbers.next(), numbers.next(), numbers.next())
        {
            problem.add_edge(i - 1, j - 1, -f64::from(cost));
        }
        let config = AssignConfig {
            policy: Policy::Coverage,
        };
        group.bench_function(name, |b| {
            b.iter(|| black_box(assign(&problem, &config).unwrap().total()))
        });
    }
    group.finish();
}

criterion_group!(benches, dense, sparse, balanced, warm, orlib);
criterion_main!(benches);
