//! Times the assignment solvers on given inputs, for `benches/compare_solvers.py`.
//!
//! - `assign_timing dense FILE REPEATS`: FILE holds matrices, each as
//!   little-endian `u64 rows, u64 cols` then `rows * cols` `f64` scores,
//!   row-major. For each matrix, solves it with `assign_dense` REPEATS
//!   times and prints one line `dense <index> <rows> <cols> <total> <seconds>...`
//!   (solve time only; reading the file is not timed).
//! - `assign_timing` alone: the sparse run below on 2,000 mentees and 400
//!   mentors, as a quick smoke test.
//! - `assign_timing sparse MENTEES MENTORS CANDIDATES SEED`: builds a
//!   seeded random sparse problem (mentor capacities 1–5, CANDIDATES distinct
//!   mentors per mentee, weights of the family named last: `uniform`
//!   (default), `coarse` or `score-like`), solves it with the optimal
//!   policy, and prints `sparse <pairs> <total> <build seconds> <solve seconds>`.
//!   A seventh argument FILE also writes the instance there for other
//!   solvers (format at `benches/support/instance_file.rs`).
//! - `assign_timing file FILE`: solves the instance in FILE (as written by
//!   the mode above or by `profile_match ... solve FILE`) with the optimal policy and prints
//!   `file <pairs> <total> 0.000 <solve seconds>`.

use std::time::Instant;

use mentormatch::{assign, assign_dense, AssignConfig, Policy};

#[path = "../support/instance_file.rs"]
mod instance_file;
#[path = "../support/instances.rs"]
mod instances;
use instance_file::{read_problem, read_u64, write_problem};
use instances::{sparse_family, Weights};

#[allow(clippy::print_stdout)] // this program's output is its report
fn dense(path: &str, repeats: usize) {
    let bytes = std::fs::read(path).expect("matrix file");
    let mut at = 0;
    let mut index = 0;
    while at < bytes.len() {
        let rows = read_u64(&bytes, &mut at) as usize;
        let cols = read_u64(&bytes, &mut at) as usize;
        let scores: Vec<f64> = bytes[at..at + rows * cols * 8]
            .chunks_exact(8)
            .map(|chunk| f64::from_le_bytes(chunk.try_into().unwrap()))
            .collect();
        at += rows * cols * 8;
        let mut line = String::new();
        let mut total = 0.0;
        for _ in 0..repeats {
            let start = Instant::now();
            let assignment = assign_dense(&scores, rows, cols).unwrap();
            let seconds = start.elapsed().as_secs_f64();
            total = assignment.total();
            line.push_str(&format!(" {seconds:.6}"));
        }
        println!("dense {index} {rows} {cols} {total:.17e}{line}");
        index += 1;
    }
}

fn sparse(
    mentees: usize,
    mentors: usize,
    candidates: usize,
    seed: u64,
    weights: Weights,
    policy: Policy,
    write: Option<&str>,
) {
    let start = Instant::now();
    let problem = sparse_family(mentees, mentors, candidates, seed, weights);
    let build = start.elapsed().as_secs_f64();
    if let Some(path) = write {
        write_problem(&problem, path);
    }
    solve_and_report("sparse", &problem, policy, build);
}

/// Solves `problem` by `policy` and prints `KIND <pairs> <total> <build
/// seconds> <solve seconds>`.
#[allow(clippy::print_stdout)] // this program's output is its report
fn solve_and_report(kind: &str, problem: &mentormatch::AssignProblem, policy: Policy, build: f64) {
    let start = Instant::now();
    let assignment = assign(problem, &AssignConfig { policy }).unwrap();
    let solve = start.elapsed().as_secs_f64();
    println!(
        "{kind} {} {:.17e} {build:.3} {solve:.3}",
        assignment.len(),
        assignment.total()
    );
}

fn file(path: &str, policy: Policy) {
    solve_and_report("file", &read_problem(path), policy, 0.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| -> &str { args.get(i).map(String::as_str).unwrap_or("") };
    match arg(1) {
        "dense" => dense(arg(2), arg(3).parse().unwrap_or(1)),
        "file" => file(arg(2), Policy::Optimal),
        "sparse" | "sparse-coverage" => {
            let policy = if arg(1) == "sparse" {
                Policy::Optimal
            } else {
                Policy::Coverage
            };
            sparse(
                arg(2).parse().unwrap_or(100_000),
                arg(3).parse().unwrap_or(20_000),
                arg(4).parse().unwrap_or(50),
                arg(5).parse().unwrap_or(1),
                Weights::parse(arg(6)).unwrap_or(Weights::Uniform),
                policy,
                Some(arg(7)).filter(|path| !path.is_empty()),
            )
        }
        // Run bare (as when examples are run in CI), it times a small
        // sparse problem, so that it finishes at once and still says
        // something.
        "" => sparse(2_000, 400, 20, 1, Weights::Uniform, Policy::Optimal, None),
        _ => {
            #[allow(clippy::print_stderr)] // a command-line usage message
            {
                eprintln!(
                    "usage: assign_timing [dense FILE REPEATS | file FILE | sparse[-coverage] MENTEES MENTORS CANDIDATES SEED [uniform|coarse|score-like [FILE]]]"
                );
            }
            std::process::exit(2);
        }
    }
}
