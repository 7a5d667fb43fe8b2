//! Hostile numbers and text at the command line: bounded flags and
//! configuration keys with errors naming the flag or key, the value and the
//! maximum; TOML errors naming the key; spreadsheet-safe CSV; control
//! characters escaped on the terminal; a byte-order mark accepted.

use std::fs;
use std::path::Path;

mod common;

use common::{mentormatch, text, Scratch};

fn story() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data/story.json")
        .display()
        .to_string()
}

/// Runs and expects exit 1 with exactly `expected` as the one stderr line.
fn fails_with(args: &[&str], expected: &str) {
    let run = mentormatch(args);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(stderr.trim_end(), expected, "{args:?}");
}

#[test]
fn flags_are_bounded_before_any_work() {
    let story = story();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    fails_with(
        &["--threads", "100000", "validate", &story],
        &format!(
            "error: command line: --threads = 100000: must be 1 to {} (4 per core on {cores} cores)",
            4 * cores
        ),
    );
    fails_with(
        &[
            "intro", &story, "--from", "ada", "--to", "omar", "-k", "1000000",
        ],
        "error: command line: -k = 1000000: must be 1 to 100",
    );
    fails_with(
        &["suggest", &story, "--connector", "kofi", "-k", "0"],
        "error: command line: -k = 0: must be 1 to 10000",
    );
    fails_with(
        &[
            "generate",
            "--people",
            "4294967295",
            "--out",
            "/tmp/never.json",
        ],
        "error: command line: --people = 4294967295: must be 0 to 10000000",
    );
    for help in [
        vec!["--help"],
        vec!["intro", "--help"],
        vec!["generate", "--help"],
    ] {
        let out = text(&mentormatch(&help).stdout);
        assert!(
            out.contains("4 per core") || out.contains("1 to 100") || out.contains("10,000,000"),
            "{help:?}: {out}"
        );
    }
}

#[test]
fn config_errors_name_table_key_value_and_bound() {
    let scratch = Scratch::new("config-errors");
    let story = story();
    let config = scratch.path("c.toml");
    let config_arg = config.display().to_string();
    for (toml, expected) in [
        (
            "[constraints]\nmax_candidates = 18446744073709551615\n",
            "[constraints], line 2: max_candidates = 18446744073709551615: number too large to fit in target type",
        ),
        (
            "[constraints]\nmax_candidates = 5000000\n",
            "[constraints]: max_candidates = 5000000: must be at most 1000000 (0 keeps every feasible pair)",
        ),
        (
            "[intro]\nk = 3\nk = 4\n",
            "[intro], line 3: k = 4: duplicate key `k` in table `intro`",
        ),
        (
            "[criteria]\nseniority_min_gap = -2147483648\nseniority_max_gap = -2147483648\n",
            "[criteria]: seniority_min_gap = -2147483648: must be -255 to 255 (seniority is 0 to 255)",
        ),
        (
            "[intro]\nconnector_load = 4294967295\n",
            "[intro]: connector_load = 4294967295: must be at most 1000000",
        ),
    ] {
        fs::write(&config, toml).unwrap();
        fails_with(
            &["match", &story, "--config", &config_arg],
            &format!("error: {config_arg}: {expected}"),
        );
    }
}

/// A dataset whose ids and names a spreadsheet or a terminal would act on.
fn hostile(scratch: &Scratch) -> String {
    let json = serde_json::json!({
        "people": [
            {"id": "=cmd|' /C calc'!A0", "name": "@SUM(1+1)", "seniority": 1,
             "goals": [{"skill": "rust", "level": 3}], "seeks": ["mentor"]},
            {"id": "+mentor\u{1b}[2J", "name": "Mentor\u{9b}31m", "seniority": 4,
             "skills": {"rust": 4}, "mentor_capacity": 1},
            {"id": "a>b", "name": "Connector", "seniority": 3}
        ],
        "ties": [
            {"a": "=cmd|' /C calc'!A0", "b": "a>b", "strength": 0.8},
            {"a": "a>b", "b": "+mentor\u{1b}[2J", "strength": 0.8}
        ]
    });
    let path = scratch.path("hostile.json");
    // With a byte-order mark, as some editors save JSON.
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(json.to_string().bytes());
    fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn csv_output_is_spreadsheet_safe_with_json_paths() {
    let scratch = Scratch::new("csv-safe");
    let data = hostile(&scratch);
    let run = mentormatch(&["match", &data, "--format", "csv"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let mut reader = csv::Reader::from_reader(run.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| row[header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(cell("mentee"), "'=cmd|' /C calc'!A0");
    assert_eq!(cell("mentee_name"), "'@SUM(1+1)");
    assert_eq!(cell("partner"), "'+mentor\u{1b}[2J");
    let path: Vec<String> = serde_json::from_str(&cell("intro")).unwrap();
    assert_eq!(path, ["=cmd|' /C calc'!A0", "a>b", "+mentor\u{1b}[2J"]);
}

#[test]
fn terminal_output_escapes_control_characters() {
    let scratch = Scratch::new("escape");
    let data = hostile(&scratch);
    let no_controls = |bytes: &[u8], what: &str| {
        let out = text(bytes);
        assert!(
            !out.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{what}: {out:?}"
        );
    };
    let mentee = "=cmd|' /C calc'!A0";
    let mentor = "+mentor\u{1b}[2J";
    for args in [
        vec!["explain", &data, "--mentee", mentee, "--mentor", mentor],
        vec![
            "explain", &data, "--mentee", mentee, "--mentor", mentor, "--json",
        ],
        vec!["intro", &data, "--from", mentee, "--to", mentor],
        vec!["validate", &data],
        vec!["match", &data],
        vec!["suggest", &data, "--connector", "a>b"],
    ] {
        let run = mentormatch(&args);
        assert!(run.status.success(), "{args:?}: {}", text(&run.stderr));
        no_controls(&run.stdout, &format!("{args:?} stdout"));
        no_controls(&run.stderr, &format!("{args:?} stderr"));
    }
    // An error quoting a hostile id.
    let run = mentormatch(&[
        "explain",
        &data,
        "--mentee",
        "\u{1b}]0;pwned\u{7}",
        "--mentor",
        mentor,
    ]);
    assert_eq!(run.status.code(), Some(1));
    no_controls(&run.stderr, "error");
    assert!(
        text(&run.stderr).contains("\\u{1b}]0;pwned\\u{7}"),
        "{}",
        text(&run.stderr)
    );
}
