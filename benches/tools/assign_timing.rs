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
//! - `assign_timing warm MENTEES MENTORS CANDIDATES SEED [FAMILY]`: the
//!   sparse problem above kept in a `WarmSolver`, then changed in turn —
//!   1% of mentees leave, 1% join, 1% of mentors leave, 1% join, 10 pairs
//!   pinned, 10 chosen pairs forbidden, 100 scores changed — each change
//!   re-solved warm and, for comparison, cold (`assign` on the changed
//!   problem); prints `warm <change> <warm seconds> (changes <seconds
//!   making the changes>) <cold seconds>
//!   <cold/warm> <warm total> <cold total>` and checks that the totals agree.
//! - `assign_timing growth SEEDS [ROUNDS [FAMILY]]`: the balanced sparse
//!   family (`sparse N N/3 30 SEED FAMILY`, each solve in a process of its
//!   own) at 15,000, 30,000, 60,000, 120,000 and 240,000 mentees for each
//!   seed `1..=SEEDS` (default 10), ROUNDS times (default 2), seed by
//!   seed and every size in turn, so that a slow spell of the machine
//!   touches all sizes; prints per size `growth <mentees> <median solve seconds> <that over
//!   the previous size's> <fastest> <slowest>`. One seed's instance can be
//!   easy at one size and hard at the next (which side bids, how long the
//!   auction's last chains run), and one size's seeds spread up to twice
//!   the fastest: the growth per doubling is read from the medians.
//! - `assign_timing file FILE`: solves the instance in FILE (as written by
//!   the mode above or by `profile_match ... solve FILE`) with the optimal policy and prints
//!   `file <pairs> <total> 0.000 <solve seconds>`.

use std::time::Instant;

use mentormatch::{assign, assign_dense, AssignConfig, AssignProblem, Policy, WarmSolver};

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

/// The changed problem as a cold solve takes it: removed edges left out.
fn cold_problem(solver: &WarmSolver) -> AssignProblem {
    let problem = solver.problem();
    let mut cold = AssignProblem::new(
        problem.left_capacity.clone(),
        problem.right_capacity.clone(),
    );
    let mut index = vec![usize::MAX; problem.edges.len()];
    for (e, edge) in problem.edges.iter().enumerate() {
        if !solver.is_removed(e) {
            index[e] = cold.edges.len();
            cold.edges.push(*edge);
        }
    }
    cold.pinned = problem.pinned.iter().map(|&e| index[e]).collect();
    cold
}

#[allow(clippy::print_stdout)] // this program's output is its report
fn warm(mentees: usize, mentors: usize, candidates: usize, seed: u64, weights: Weights) {
    let problem = sparse_family(mentees, mentors, candidates, seed, weights);
    let start = Instant::now();
    let cold = assign(&problem, &AssignConfig::default()).unwrap();
    println!("cold solve {:.3}", start.elapsed().as_secs_f64());
    let start = Instant::now();
    let mut solver = WarmSolver::new(problem).unwrap();
    println!(
        "warm build {:.3} (total {:.6}, cold {:.6})",
        start.elapsed().as_secs_f64(),
        solver.assignment().total(),
        cold.total()
    );
    let mut rng = instances::SplitMix(seed ^ 0x5eed);
    let (left, right) = (mentees as u32, mentors as u32);
    let one_percent = |n: usize| (n / 100).max(1);
    let changes: Vec<(&str, Change)> = vec![
        (
            "mentees-leave",
            Box::new(move |s, rng| {
                for _ in 0..one_percent(mentees) {
                    s.set_left_capacity(rng.below(left as usize) as u32, 0)
                        .unwrap();
                }
            }),
        ),
        (
            "mentees-join",
            Box::new(move |s, rng| {
                for _ in 0..one_percent(mentees) {
                    let list = partners(rng, candidates, mentors);
                    s.add_left(1, &list).unwrap();
                }
            }),
        ),
        (
            "mentors-leave",
            Box::new(move |s, rng| {
                for _ in 0..one_percent(mentors) {
                    s.set_right_capacity(rng.below(right as usize) as u32, 0)
                        .unwrap();
                }
            }),
        ),
        (
            "mentors-join",
            Box::new(move |s, rng| {
                let per = candidates * mentees / mentors.max(1);
                for _ in 0..one_percent(mentors) {
                    let list = partners(rng, per, s.problem().left_len());
                    s.add_right(1 + rng.below(5) as u32, &list).unwrap();
                }
            }),
        ),
        (
            "pin-10",
            Box::new(|s, rng| {
                for _ in 0..10 {
                    let e = rng.below(s.problem().edges.len());
                    if !s.is_removed(e) {
                        s.pin(e).unwrap();
                    }
                }
            }),
        ),
        (
            "forbid-10-chosen",
            Box::new(|s, rng| {
                let pairs: Vec<usize> = s.assignment().pairs().iter().map(|p| p.edge).collect();
                for _ in 0..10 {
                    let e = pairs[rng.below(pairs.len())];
                    if !s.problem().pinned.contains(&e) {
                        s.remove_edge(e).unwrap();
                    }
                }
            }),
        ),
        (
            "rescore-100",
            Box::new(|s, rng| {
                for _ in 0..100 {
                    let e = rng.below(s.problem().edges.len());
                    s.set_weight(e, rng.unit()).unwrap();
                }
            }),
        ),
    ];
    run_changes(&mut solver, &mut rng, changes);
    // The price of forcing a pair: ten candidates not chosen, each priced
    // warm (a copy of the solver, the pair pinned, a warm solve) and cold
    // (the problem with the pair pinned, solved from nothing).
    let chosen: std::collections::HashSet<usize> =
        solver.assignment().pairs().iter().map(|p| p.edge).collect();
    let mut warm_seconds = Vec::new();
    let mut cold_seconds = Vec::new();
    while warm_seconds.len() < 10 {
        let e = rng.below(solver.problem().edges.len());
        if solver.is_removed(e) || chosen.contains(&e) {
            continue;
        }
        let start = Instant::now();
        let price = solver.price(e).unwrap();
        warm_seconds.push(start.elapsed().as_secs_f64());
        let mut pinned = cold_problem(&solver);
        let index = (0..=e).filter(|&k| !solver.is_removed(k)).count() - 1;
        pinned.pinned.push(index);
        let start = Instant::now();
        let cold = assign(&pinned, &AssignConfig::default()).unwrap();
        cold_seconds.push(start.elapsed().as_secs_f64());
        assert!((price.total_after - cold.total()).abs() <= 1e-9 * cold.total().abs().max(1.0));
    }
    warm_seconds.sort_by(f64::total_cmp);
    cold_seconds.sort_by(f64::total_cmp);
    println!(
        "price median of 10: warm {:.4} cold {:.4} {:.1}",
        warm_seconds[5],
        cold_seconds[5],
        cold_seconds[5] / warm_seconds[5]
    );
}

type Change = Box<dyn Fn(&mut WarmSolver, &mut instances::SplitMix)>;

/// `count` distinct partners among `among` (all of them if fewer), with
/// uniform scores.
fn partners(rng: &mut instances::SplitMix, count: usize, among: usize) -> Vec<(u32, f64)> {
    let mut list: Vec<(u32, f64)> = Vec::new();
    while list.len() < count.min(among) {
        let k = rng.below(among) as u32;
        if !list.iter().any(|x| x.0 == k) {
            list.push((k, rng.unit()));
        }
    }
    list
}

#[allow(clippy::print_stdout)] // this program's output is its report
fn run_changes(
    solver: &mut WarmSolver,
    rng: &mut instances::SplitMix,
    changes: Vec<(&str, Change)>,
) {
    for (name, change) in changes {
        let start = Instant::now();
        change(solver, rng);
        let applied = start.elapsed().as_secs_f64();
        let answer = solver.solve();
        let warm = start.elapsed().as_secs_f64();
        let problem = cold_problem(solver);
        let start = Instant::now();
        let cold = assign(&problem, &AssignConfig::default()).unwrap();
        let cold_seconds = start.elapsed().as_secs_f64();
        assert!(
            (answer.total() - cold.total()).abs() <= 1e-9 * cold.total().abs().max(1.0),
            "{name}: warm {} against cold {}",
            answer.total(),
            cold.total()
        );
        println!(
            "warm {name} {warm:.4} (changes {applied:.4}) {cold_seconds:.4} {:.1} {:.9} {:.9}",
            cold_seconds / warm,
            answer.total(),
            cold.total()
        );
    }
}

/// The balanced family's mentees, doubling from 15,000.
const GROWTH_SIZES: [usize; 5] = [15_000, 30_000, 60_000, 120_000, 240_000];

#[allow(clippy::print_stdout)] // this program's output is its report
fn growth(seeds: u64, rounds: u64, family: &str) {
    let mut seconds = vec![Vec::new(); GROWTH_SIZES.len()];
    for _ in 0..rounds {
        for seed in 1..=seeds {
            for (size, &mentees) in GROWTH_SIZES.iter().enumerate() {
                seconds[size].push(solve_alone(mentees, seed, family));
            }
        }
    }
    let mut previous = None;
    for (&mentees, times) in GROWTH_SIZES.iter().zip(&mut seconds) {
        times.sort_by(f64::total_cmp);
        let middle = times.len() / 2;
        let median = if times.len() % 2 == 1 {
            times[middle]
        } else {
            (times[middle - 1] + times[middle]) / 2.0
        };
        let ratio = previous.map_or("-".to_string(), |before| format!("{:.2}", median / before));
        let (fastest, slowest) = (times[0], times[times.len() - 1]);
        println!("growth {mentees} {median:.3} {ratio} {fastest:.3} {slowest:.3}");
        previous = Some(median);
    }
}

/// The solve time of `sparse MENTEES MENTEES/3 30 SEED FAMILY` run in a
/// process of its own, as a user's run is: in one process the smaller
/// sizes would reuse the pages the larger ones left, and look faster than
/// they are.
fn solve_alone(mentees: usize, seed: u64, family: &str) -> f64 {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["sparse", &mentees.to_string(), &(mentees / 3).to_string()])
        .args(["30", &seed.to_string(), family])
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    let solve = report
        .split_whitespace()
        .nth(4)
        .and_then(|t| t.parse().ok());
    solve.expect("a sparse report")
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
        "growth" => growth(
            arg(2).parse().unwrap_or(10),
            arg(3).parse().unwrap_or(2),
            Some(arg(4))
                .filter(|family| Weights::parse(family).is_some())
                .unwrap_or("uniform"),
        ),
        "warm" => warm(
            arg(2).parse().unwrap_or(100_000),
            arg(3).parse().unwrap_or(20_000),
            arg(4).parse().unwrap_or(50),
            arg(5).parse().unwrap_or(1),
            Weights::parse(arg(6)).unwrap_or(Weights::Uniform),
        ),
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
                    "usage: assign_timing [dense FILE REPEATS | file FILE | growth SEEDS [ROUNDS [FAMILY]] | warm MENTEES MENTORS CANDIDATES SEED [FAMILY] | sparse[-coverage] MENTEES MENTORS CANDIDATES SEED [uniform|coarse|score-like [FILE]]]"
                );
            }
            std::process::exit(2);
        }
    }
}
