//! Structure-aware fuzzing on stable Rust: valid inputs (the story, the
//! sample as JSON and as a CSV folder, the sample configuration, a previous
//! run) are mutated — bytes flipped, ranges cut or repeated, numbers and
//! strings swapped for hostile ones (huge, negative, NaN, control codes,
//! other ids) — and fed to the loaders, the configuration parser and
//! `match`. Nothing may panic; whatever loads must match with a result the
//! independent audit (`mentormatch check`) finds no fault in.
//!
//! `cargo test --test fuzz` runs a few hundred cases per target in seconds.
//! A long run, with the time per target in seconds:
//!
//! ```text
//! MENTORMATCH_FUZZ_SECONDS=300 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! Each input that panics is written to `target/fuzz-findings/` and named in
//! the failure; findings become regression tests below.

mod common;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{data_dir, SplitMix, TempDir};
use mentormatch::{
    load, match_cohort, match_next, read_dataset, write_dataset, Carry, Config, LoadOptions,
    MatchReport, Network, PathConfig, PathFinder, Previous, PreviousRun, RecordedRun, Replay,
    ResultFile,
};

/// Numbers and strings that have broken parsers before: limits of every
/// integer width, floats beyond `f64`, control and escape characters,
/// empty and structural tokens.
const TOKENS: &[&str] = &[
    "0",
    "-1",
    "1",
    "5",
    "6",
    "255",
    "256",
    "65536",
    "2147483647",
    "-2147483648",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "1e308",
    "1e309",
    "-1e309",
    "1e-320",
    "0.0000001",
    "NaN",
    "inf",
    "-0",
    "null",
    "true",
    "false",
    "\"\"",
    "\"\\u0000\"",
    "\"\\u001b[31m\"",
    "\"=cmd|' /C calc'!A0\"",
    "\"\u{feff}\"",
    "[]",
    "{}",
    "[[]]",
    ",",
    ":",
    "\"",
    "\n",
    "\r",
    "=",
    "[",
    "]",
    "{",
    "}",
    "\"2026-02-30\"",
    "\"9999-12-31\"",
    "\"mentor\"",
    "\"sponsor\"",
    "'",
    "#",
    "a.b",
];

/// One mutation of `bytes`, drawn from `rng`.
fn mutate(bytes: &mut Vec<u8>, rng: &mut SplitMix) {
    if bytes.is_empty() {
        bytes.extend_from_slice(TOKENS[rng.below(TOKENS.len())].as_bytes());
        return;
    }
    let at = rng.below(bytes.len());
    match rng.below(7) {
        0 => bytes[at] = rng.next() as u8,
        1 => {
            let end = (at + 1 + rng.below(16)).min(bytes.len());
            bytes.drain(at..end);
        }
        2 => {
            let end = (at + 1 + rng.below(64)).min(bytes.len());
            let copy = bytes[at..end].to_vec();
            bytes.splice(at..at, copy);
        }
        3 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            bytes.splice(at..at, token.iter().copied());
        }
        4 => replace_number(bytes, at, rng),
        5 => replace_string(bytes, at, rng),
        _ => {
            // A whole line repeated: a duplicate record or key.
            let start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| at + i + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(end..end, line);
        }
    }
}

/// Replaces the first number at or after `at` with a hostile token.
fn replace_number(bytes: &mut Vec<u8>, at: usize, rng: &mut SplitMix) {
    let is_num = |b: u8| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'e';
    let Some(start) = bytes[at..].iter().position(|b| b.is_ascii_digit()) else {
        return;
    };
    let start = at + start;
    let end = bytes[start..]
        .iter()
        .position(|&b| !is_num(b))
        .map_or(bytes.len(), |i| start + i);
    let token = TOKENS[rng.below(20)].as_bytes();
    bytes.splice(start..end, token.iter().copied());
}

/// Replaces the first quoted string at or after `at` with another quoted
/// string of the same input (an id pointing elsewhere, a duplicate, a
/// self-reference) or a hostile one.
fn replace_string(bytes: &mut Vec<u8>, at: usize, rng: &mut SplitMix) {
    let quotes: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'"')
        .map(|(i, _)| i)
        .collect();
    let Some(first) = quotes.iter().position(|&q| q >= at) else {
        return;
    };
    if first + 1 >= quotes.len() || quotes.len() < 4 {
        return;
    }
    let (start, end) = (quotes[first], quotes[first + 1] + 1);
    let other = 2 * rng.below(quotes.len() / 2);
    let replacement = if rng.below(4) == 0 {
        TOKENS[26 + rng.below(5)].as_bytes().to_vec()
    } else {
        bytes[quotes[other]..=quotes[other + 1]].to_vec()
    };
    bytes.splice(start..end, replacement);
}

/// One structure-aware mutation of a JSON document: a value somewhere in it
/// becomes a hostile number, another of the document's strings (an id that
/// points elsewhere, a duplicate), a hostile string, or an array loses,
/// repeats or gains an element, or an object loses a key. The document
/// stays well-formed, so the mutation reaches validation, not the parser.
fn mutate_value(root: &mut serde_json::Value, rng: &mut SplitMix) {
    use serde_json::Value;
    fn strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|x| strings(x, out)),
            Value::Object(map) => map.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let mut pool = Vec::new();
    strings(root, &mut pool);
    let numbers: [Value; 14] = [
        0.into(),
        (-1).into(),
        1.into(),
        6.into(),
        255.into(),
        65_536.into(),
        i64::from(i32::MAX).into(),
        i64::from(i32::MIN).into(),
        u64::from(u32::MAX).into(),
        (u64::from(u32::MAX) + 1).into(),
        u64::MAX.into(),
        i64::MIN.into(),
        1e308.into(),
        5e-324.into(),
    ];
    let hostile = [
        String::new(),
        "\u{0}".to_string(),
        "\u{1b}[2J".to_string(),
        "=HYPERLINK(\"x\")".to_string(),
        "\u{feff}x".to_string(),
        "x".repeat(10_000),
        "a>b".to_string(),
        "2026-02-30".to_string(),
    ];
    // Walk down to a random node.
    fn pick<'a>(node: &'a mut Value, depth: usize, rng: &mut SplitMix) -> &'a mut Value {
        let len = match &*node {
            Value::Array(items) => items.len(),
            Value::Object(map) => map.len(),
            _ => 0,
        };
        if depth == 0 || len == 0 {
            return node;
        }
        let i = rng.below(len);
        match node {
            Value::Array(items) => pick(&mut items[i], depth - 1, rng),
            Value::Object(map) => pick(map.values_mut().nth(i).unwrap(), depth - 1, rng),
            _ => unreachable!("only arrays and objects have children"),
        }
    }
    let depth = rng.below(8);
    let node = pick(root, depth, rng);
    match node {
        Value::Number(_) | Value::Bool(_) | Value::Null => {
            *node = numbers[rng.below(numbers.len())].clone();
        }
        Value::String(_) => {
            *node = if rng.below(3) == 0 || pool.is_empty() {
                Value::String(hostile[rng.below(hostile.len())].clone())
            } else {
                Value::String(pool[rng.below(pool.len())].clone())
            };
        }
        Value::Array(items) => match rng.below(4) {
            _ if items.is_empty() => items.push(numbers[rng.below(numbers.len())].clone()),
            0 => {
                items.remove(rng.below(items.len()));
            }
            1 => {
                let copy = items[rng.below(items.len())].clone();
                items.push(copy);
            }
            2 => items.truncate(1),
            _ => {
                let copy = items[rng.below(items.len())].clone();
                let at = rng.below(items.len());
                items.insert(at, copy);
            }
        },
        Value::Object(map) => {
            if !map.is_empty() {
                let key = map.keys().nth(rng.below(map.len())).unwrap().clone();
                if rng.below(2) == 0 {
                    map.remove(&key);
                } else {
                    map.insert(key, Value::Null);
                }
            }
        }
    }
}

/// A well-formed JSON mutation of `bytes` (parsed, one or more values
/// mutated, written back); `bytes` unchanged when they are not JSON.
fn mutate_json(bytes: &mut Vec<u8>, rng: &mut SplitMix) {
    if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        for _ in 0..1 + rng.below(3) {
            mutate_value(&mut value, rng);
        }
        *bytes = serde_json::to_vec_pretty(&value).expect("a JSON value writes");
    }
}

/// [`mutate_json`] for TOML: through the same value tree.
fn mutate_toml(bytes: &mut Vec<u8>, rng: &mut SplitMix) {
    let Some(mut value) = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| toml::from_str::<serde_json::Value>(text).ok())
    else {
        return;
    };
    for _ in 0..1 + rng.below(3) {
        mutate_value(&mut value, rng);
    }
    if let Ok(text) = toml::to_string(&value) {
        *bytes = text.into_bytes();
    }
}

/// The fuzzing budget of one target: a number of cases, or seconds from
/// `MENTORMATCH_FUZZ_SECONDS`.
struct Budget {
    cases: usize,
    until: Option<Instant>,
}

impl Budget {
    fn new(cases: usize) -> Budget {
        let seconds = std::env::var("MENTORMATCH_FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse::<u64>().ok());
        Budget {
            cases,
            until: seconds.map(|s| Instant::now() + Duration::from_secs(s)),
        }
    }

    fn more(&self, done: usize) -> bool {
        match self.until {
            Some(until) => Instant::now() < until,
            None => done < self.cases,
        }
    }
}

/// What one target saw: cases run, how many loaded, the first line of each
/// distinct error (how broad the mutations reach), and the panics.
#[derive(Default)]
struct Tally {
    cases: usize,
    accepted: usize,
    errors: HashMap<String, usize>,
    panics: Vec<(PathBuf, String)>,
}

/// Silences the default panic message while fuzzing (each panic is caught
/// and reported once, with its input), restoring it afterwards.
static HOOK: Mutex<()> = Mutex::new(());

/// What a case made of its input.
enum Verdict {
    /// Loaded (and matched, where the target matches).
    Accepted,
    /// Refused with this error.
    Refused(String),
}

use Verdict::{Accepted, Refused};

/// Runs `case` on `budget` mutated copies of the seeds, catching panics;
/// `case` returns `Err` when an invariant broke.
fn fuzz(
    name: &str,
    seeds: &[Vec<u8>],
    cases: usize,
    seed: u64,
    structured: fn(&mut Vec<u8>, &mut SplitMix),
    case: impl Fn(&[u8]) -> Result<Verdict, String>,
) -> Tally {
    let budget = Budget::new(cases);
    let mut rng = SplitMix(seed);
    let mut tally = Tally::default();
    let findings = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap_or(Path::new("target"))
        .join("fuzz-findings");
    let started = Instant::now();
    while budget.more(tally.cases) {
        // Half the cases keep the input well-formed and reach validation;
        // the other half break its syntax.
        let mut input = seeds[rng.below(seeds.len())].clone();
        if tally.cases % 2 == 0 {
            structured(&mut input, &mut rng);
        } else {
            for _ in 0..1 + rng.below(4) {
                mutate(&mut input, &mut rng);
            }
        }
        tally.cases += 1;
        let outcome = {
            let _guard = HOOK.lock().unwrap_or_else(|e| e.into_inner());
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(|_| {}));
            let outcome = catch_unwind(AssertUnwindSafe(|| case(&input)));
            std::panic::set_hook(previous);
            outcome
        };
        let failure = match outcome {
            Ok(Ok(Accepted)) => {
                tally.accepted += 1;
                None
            }
            Ok(Ok(Refused(error))) => {
                // The reason, without the file, record and value it names:
                // how many different checks the mutations reached.
                let reason = error.rsplit(": ").next().unwrap_or_default().to_string();
                *tally.errors.entry(reason).or_default() += 1;
                None
            }
            Ok(Err(broken)) => Some(format!("invariant: {broken}")),
            Err(payload) => Some(format!(
                "panic: {}",
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            )),
        };
        if let Some(failure) = failure {
            std::fs::create_dir_all(&findings).expect("findings folder");
            let file = findings.join(format!("{name}-{}.bin", tally.panics.len()));
            std::fs::write(&file, &input).expect("finding written");
            tally.panics.push((file, failure));
        }
    }
    println!(
        "fuzz {name}: {} cases in {:.1} s, {} accepted, {} distinct errors, {} failures",
        tally.cases,
        started.elapsed().as_secs_f64(),
        tally.accepted,
        tally.errors.len(),
        tally.panics.len()
    );
    tally
}

fn assert_clean(tally: &Tally) {
    assert!(
        tally.panics.is_empty(),
        "{} failing inputs, e.g.:\n{}",
        tally.panics.len(),
        tally
            .panics
            .iter()
            .take(5)
            .map(|(file, what)| format!("{}: {what}", file.display()))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every hard rule a report must keep, by the independent audit
/// (`mentormatch check`), plus finite scores.
fn check_report(network: &Network, config: &Config, report: &MatchReport) -> Result<(), String> {
    let audit = mentormatch::audit(network, config, &ResultFile::from_report(report))
        .map_err(|e| format!("audit refused the config match accepted: {e}"))?;
    if !audit.is_ok() {
        return Err(audit.text());
    }
    let scores = report.mentor_matches.iter().map(|m| m.score);
    match scores
        .chain(report.sponsor_matches.iter().map(|m| m.score))
        .find(|s| !s.is_finite())
    {
        Some(score) => Err(format!("score {score}")),
        None => Ok(()),
    }
}

/// Loads `bytes` as a dataset file named `name` in a scratch folder, and
/// matches what loads.
fn dataset_case(dir: &TempDir, name: &str, bytes: &[u8]) -> Result<Verdict, String> {
    let path = dir.write(name, bytes);
    let network = match load(&path, &LoadOptions::default()) {
        Ok(network) => network,
        Err(e) => return Ok(Refused(e.to_string())),
    };
    let config = Config::default();
    let report = match_cohort(&network, &config).map_err(|e| format!("match refused: {e}"))?;
    check_report(&network, &config, &report)?;
    if network.people().len() >= 2 {
        let (from, to) = (network.person_ids().next(), network.person_ids().last());
        let mut finder = PathFinder::new(&network);
        let _ = finder
            .introduce(from.unwrap(), to.unwrap(), &PathConfig::default())
            .unwrap();
    }
    Ok(Accepted)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn mutated_json_datasets_never_panic() {
    let seeds = vec![
        read(&data_dir().join("story.json")),
        read(&data_dir().join("story.json")),
        read(&data_dir().join("sample.json")),
    ];
    let dir = TempDir::new("fuzz-json");
    let tally = fuzz("dataset-json", &seeds, 300, 1, mutate_json, |bytes| {
        dataset_case(&dir, "data.json", bytes)
    });
    assert!(
        tally.accepted > 0,
        "no mutated dataset loaded: mutations too coarse"
    );
    assert_clean(&tally);
}

#[test]
fn mutated_csv_folders_never_panic() {
    // The story as a CSV folder; one file of it is mutated per case.
    let dir = TempDir::new("fuzz-csv-seed");
    let story = read_dataset(data_dir().join("story.json")).unwrap();
    let folder = dir.path().join("story");
    write_dataset(&folder, &story).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let work = TempDir::new("fuzz-csv");
    let case_dir = work.path().join("data");
    for (i, file) in files.iter().enumerate() {
        let name = file.file_name().unwrap().to_owned();
        let seeds = vec![read(file)];
        let tally = fuzz(
            &format!("csv-{}", name.to_string_lossy()),
            &seeds,
            120,
            10 + i as u64,
            mutate,
            |bytes| {
                let _ = std::fs::remove_dir_all(&case_dir);
                std::fs::create_dir_all(&case_dir).unwrap();
                for other in &files {
                    std::fs::copy(other, case_dir.join(other.file_name().unwrap())).unwrap();
                }
                std::fs::write(case_dir.join(&name), bytes).unwrap();
                let network = match load(&case_dir, &LoadOptions::default()) {
                    Ok(network) => network,
                    Err(e) => return Ok(Refused(e.to_string())),
                };
                let config = Config::default();
                let report =
                    match_cohort(&network, &config).map_err(|e| format!("match refused: {e}"))?;
                check_report(&network, &config, &report)?;
                Ok(Accepted)
            },
        );
        assert_clean(&tally);
    }
}

#[test]
fn mutated_configurations_never_panic() {
    let network = common::story();
    let seeds = vec![
        read(&data_dir().join("config.toml")),
        toml::to_string(&Config::default()).unwrap().into_bytes(),
    ];
    let tally = fuzz("config", &seeds, 300, 2, mutate_toml, |bytes| {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Ok(Refused("not UTF-8".into()));
        };
        let config = match Config::from_toml_str(text) {
            Ok(config) => config,
            Err(e) => return Ok(Refused(e.to_string())),
        };
        let Ok(report) = match_cohort(&network, &config) else {
            // Pins or floors the story cannot hold are refused, not broken.
            return Ok(Accepted);
        };
        check_report(&network, &config, &report)?;
        for m in &report.mentor_matches {
            for (name, value) in &m.components {
                if !value.is_finite() {
                    return Err(format!("component {name} = {value}"));
                }
            }
        }
        Ok(Accepted)
    });
    assert!(tally.accepted > 0);
    assert_clean(&tally);
}

#[test]
fn mutated_previous_runs_never_panic() {
    let network = common::story();
    let config = Config::default();
    let run = match_cohort(&network, &config).unwrap();
    let seeds = vec![serde_json::to_vec_pretty(&run).unwrap()];
    let tally = fuzz("previous-run", &seeds, 200, 3, mutate_json, |bytes| {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Ok(Refused("not UTF-8".into()));
        };
        let mut verdict = match PreviousRun::from_json(text, "run.json") {
            Err(e) => Refused(e.to_string()),
            Ok(previous) => {
                for carry in [Carry::Keep, Carry::Rematch] {
                    let report = match_next(
                        &network,
                        &config,
                        Previous {
                            run: &previous,
                            carry,
                        },
                        &mut |_| {},
                    )
                    .map_err(|e| format!("next run refused: {e}"))?;
                    check_report(&network, &config, &report)?;
                }
                Accepted
            }
        };
        if let Ok(recorded) = RecordedRun::from_json(text, "run.json") {
            verdict = Accepted;
            if let Ok(replay) = Replay::new(&network, &config, &recorded) {
                let ids: Vec<_> = network.person_ids().collect();
                let _ = replay.why_not(ids[0], ids[ids.len() - 1]).unwrap();
            }
        }
        Ok(verdict)
    });
    assert!(tally.accepted > 0);
    assert_clean(&tally);
}

// ---------------------------------------------------------------------------
// Findings, kept as regression tests.

/// Found by `mutated_configurations_never_panic`: `max_candidates =
/// 4294967296` allocated room for that many scores per mentee up front (a
/// 34 GB allocation, an abort), and `2 × max_candidates` overflowed. Now
/// the largest accepted value costs what the people there are, and a larger
/// one is refused, naming the key.
#[test]
fn a_huge_max_candidates_keeps_everyone_without_allocating_for_it() {
    let network = common::story();
    let all = {
        let mut config = Config::default();
        config.constraints.max_candidates = 0;
        config.sponsor.max_candidates = 0;
        match_cohort(&network, &config).unwrap()
    };
    let mut config = Config::default();
    config.constraints.max_candidates = mentormatch::MAX_CANDIDATES;
    config.sponsor.max_candidates = mentormatch::MAX_CANDIDATES;
    let report = match_cohort(&network, &config).unwrap();
    assert_eq!(report.mentor_matches, all.mentor_matches);
    assert_eq!(report.sponsor_matches, all.sponsor_matches);
    for huge in [u64::from(u32::MAX) + 1, u64::MAX] {
        let mut config = Config::default();
        config.constraints.max_candidates = huge as usize;
        let error = match_cohort(&network, &config).unwrap_err();
        assert_eq!(error.kind(), mentormatch::ErrorKind::OutOfRange);
        assert_eq!(error.as_invalid().unwrap().field(), "max_candidates");
    }
}
