//! Times the phases of a matching run, and the candidate-scoring throughput
//! on one and two threads: the numbers behind the scoring performance target.
//!
//! ```text
//! cargo run --release --example profile_match -- DATASET [RUNS [sponsors]]
//! cargo run --release --example profile_match -- --people 100000 [RUNS [sponsors]]
//! ```
//!
//! With `--people N` the network is generated in memory (seed 1, like
//! `mentormatch generate --people N --seed 1`). Mentor and sponsor candidate
//! generation run `RUNS` times (default 5) on a one-thread and a two-thread
//! pool; the median wall time and the pairs scored per second are printed,
//! with the load average, since the machine may be shared. Then the other
//! phases of `mentormatch match` run once each, and the whole run with the
//! time of each stage. `RUNS = 0` skips to the whole run; `sponsors` after
//! `RUNS` times sponsor candidate generation alone, on two threads, and
//! `mentors` mentor candidate generation alone, on one thread; `solve
//! [FILE]` after `RUNS` builds the mentor candidates once and times the
//! optimal assignment of the mentor problem `match` solves first (every
//! mentee seeking one mentor, mentor capacities from the data) `RUNS`
//! times, and writes the instance to FILE for `benches/compare_solvers.py
//! --instance FILE` (format in `benches/support/instance_file.rs`). Without arguments a small
//! generated network stands in, so the example also runs as a smoke test.

use std::time::{Duration, Instant};

use mentormatch::{
    assign, generate, load, match_cohort_with, AssignConfig, AssignProblem, Candidates, Config,
    GeneratorConfig, MentorScorer, Network, PersonId, Role, SponsorScorer, Stage,
};

#[path = "../support/instance_file.rs"]
mod instance_file;
use instance_file::write_problem;

fn main() -> Result<(), mentormatch::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (network, runs) = match args.first().map(String::as_str) {
        None => (generated(2_000), 1),
        Some("--people") => {
            let people = args
                .get(1)
                .and_then(|n| n.parse().ok())
                .expect("--people N");
            (generated(people), runs(args.get(2)))
        }
        Some(path) => {
            let t = Instant::now();
            let network = load(path, &Default::default())?;
            println!("load: {:.2?}", t.elapsed());
            (network, runs(args.get(1)))
        }
    };
    println!(
        "{} people, {} ties; load average {}",
        network.people().len(),
        network.ties().len(),
        load_average()
    );
    let config = Config::default();
    if runs == 0 {
        // `match_cohort` builds its own scorers: none are held beside it, so
        // the peak is the run's own.
        return whole_run(&network, &config);
    }

    let t = Instant::now();
    let mentors = MentorScorer::new(&network, &config)?;
    println!("mentor scorer built: {:.2?}", t.elapsed());
    let t = Instant::now();
    let sponsors = SponsorScorer::new(&network, &config)?;
    println!("sponsor scorer built: {:.2?}", t.elapsed());

    if let Some(at) = args.iter().position(|a| a == "solve") {
        solve_mentors(
            &network,
            &mentors,
            runs,
            args.get(at + 1).map(String::as_str),
        );
        return Ok(());
    }
    if args.last().is_some_and(|a| a == "sponsors") {
        throughput("sponsor", 2, runs, || sponsors.candidates());
        return Ok(());
    }
    if args.last().is_some_and(|a| a == "mentors") {
        throughput("mentor", 1, runs, || mentors.candidates());
        return Ok(());
    }
    let mut found = None;
    for threads in [1, 2] {
        found = Some(throughput("mentor", threads, runs, || mentors.candidates()));
    }
    let found = found.expect("ran at least once");
    for threads in [1, 2] {
        throughput("sponsor", threads, runs, || sponsors.candidates());
    }

    // Per-criterion components of one pair per mentee, as a matching run
    // asks them for its matches.
    let best: Vec<(PersonId, PersonId)> = found
        .mentees()
        .iter()
        .filter_map(|&m| found.of(m).unwrap().first().map(|c| (m, c.partner)))
        .collect();
    let t = Instant::now();
    let evaluations = mentors.evaluate_pairs(&best).unwrap();
    println!(
        "mentor evaluate_pairs: {:.2?} for {} pairs",
        t.elapsed(),
        evaluations.len()
    );

    whole_run(&network, &config)
}

/// The mentor problem of a run without pins or previous pairs, solved by the
/// optimal policy `runs` times (median printed), written to `write` if given.
fn solve_mentors(network: &Network, mentors: &MentorScorer, runs: usize, write: Option<&str>) {
    let t = Instant::now();
    let found = mentors.candidates();
    println!("mentor candidates: {:.2?}", t.elapsed());
    let seekers = found.mentees();
    let offering: Vec<PersonId> = network
        .person_ids()
        .filter(|&p| network.person(p).unwrap().capacity(Role::Mentor) > 0)
        .collect();
    let mut right_of = vec![u32::MAX; network.people().len()];
    for (j, &p) in offering.iter().enumerate() {
        right_of[p.index()] = j as u32;
    }
    let mut problem = AssignProblem::new(
        vec![1; seekers.len()],
        offering
            .iter()
            .map(|&p| network.person(p).unwrap().capacity(Role::Mentor))
            .collect(),
    );
    for (i, &m) in seekers.iter().enumerate() {
        for c in found.of(m).unwrap() {
            problem.add_edge(i as u32, right_of[c.partner.index()], c.combined);
        }
    }
    let places: u64 = problem.right_capacity.iter().map(|&c| u64::from(c)).sum();
    println!(
        "mentor problem: {} mentees, {} mentors with {places} places, {} edges",
        seekers.len(),
        offering.len(),
        problem.edges.len()
    );
    if let Some(path) = write {
        write_problem(&problem, path);
    }
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let solved = assign(&problem, &AssignConfig::default()).unwrap();
        times.push(t.elapsed());
        println!(
            "mentor solve: {:.2?}, {} pairs, total {:.17e}",
            times[times.len() - 1],
            solved.len(),
            solved.total()
        );
    }
    times.sort();
    println!(
        "mentor solve: median {:.2?} of {}; load average {}",
        times[times.len() / 2],
        times.len(),
        load_average()
    );
}

/// Times each stage of `match_cohort` once, on the global (all-core) pool.
fn whole_run(network: &Network, config: &Config) -> Result<(), mentormatch::Error> {
    let t = Instant::now();
    let mut last: Option<(Stage, Instant)> = None;
    let mut lap = |next: Option<Stage>| {
        if let Some((stage, since)) = last.take() {
            println!(
                "  {}: {:.2?}, peak RSS so far {}",
                stage.describe(),
                since.elapsed(),
                peak_rss()
            );
        }
        last = next.map(|s| (s, Instant::now()));
    };
    println!("match_cohort stages:");
    let report = match_cohort_with(network, config, &mut |stage| lap(Some(stage)))?;
    lap(None);
    println!(
        "match_cohort: {:.2?}, {} of {} mentees matched; peak RSS {}",
        t.elapsed(),
        report.summary.matched,
        report.summary.mentees,
        peak_rss()
    );
    Ok(())
}

fn generated(people: usize) -> Network {
    let t = Instant::now();
    let dataset = generate(&GeneratorConfig {
        people,
        seed: 1,
        ..Default::default()
    });
    let network = Network::from_dataset(&dataset, &Default::default()).expect("valid");
    println!("generate: {:.2?}", t.elapsed());
    network
}

fn runs(arg: Option<&String>) -> usize {
    arg.map_or(5, |n| n.parse().expect("RUNS is a number"))
}

/// Runs `f` `runs` times on a pool of `threads` and prints the median.
fn throughput(
    what: &str,
    threads: usize,
    runs: usize,
    f: impl Fn() -> Candidates + Sync,
) -> Candidates {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(pool.install(&f));
        times.push(t.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    let found = last.expect("runs > 0");
    let pairs = found.pairs_scored();
    println!(
        "{what} candidates, {threads} thread(s): median {median:.2?} of {runs}, \
         {pairs} pairs scored, {:.1} M pairs/s, {} kept; load average {}",
        pairs as f64 / median.as_secs_f64() / 1e6,
        found.len(),
        load_average()
    );
    found
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
