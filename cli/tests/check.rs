//! `mentormatch check` and `match --verify` end to end: a clean run passes
//! with exit 0 and one line, a corrupted one lists its violations with exit
//! 1, unreadable input exits 2 naming the file.

mod common;

use std::path::PathBuf;

use common::{mentormatch, text, Scratch};
use serde_json::{json, Value};

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(name)
        .display()
        .to_string()
}

/// `match DATASET --out RESULT` for `dataset`, checked to succeed.
fn matched(dataset: &str, result: &std::path::Path, extra: &[&str]) {
    let mut args = vec!["match", dataset, "--out", result.to_str().unwrap()];
    args.extend(extra);
    let out = mentormatch(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_match_result_passes_with_one_ok_line() {
    let scratch = Scratch::new("check-ok");
    let result = scratch.path("run.json");
    for policy in ["optimal", "coverage", "stable", "greedy"] {
        matched(&data("sample.json"), &result, &["--policy", policy]);
        let out = mentormatch(&["check", &data("sample.json"), result.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert_eq!(stdout.lines().count(), 1, "{stdout}");
        assert!(stdout.starts_with("ok: checked "), "{stdout}");
        assert!(stdout.contains("mentor and 16 sponsor pairs"), "{stdout}");
    }
    let out = mentormatch(&[
        "check",
        &data("sample.json"),
        result.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["violations"], json!([]));
    assert!(report["checked"]["mentor_pairs"].as_u64().unwrap() > 0);
}

#[test]
fn a_corrupted_result_lists_its_violations_and_exits_1() {
    let scratch = Scratch::new("check-bad");
    let result = scratch.path("run.json");
    matched(&data("story.json"), &result, &[]);
    let mut run: Value = serde_json::from_slice(&std::fs::read(&result).unwrap()).unwrap();
    for m in run["mentor_matches"].as_array_mut().unwrap() {
        if m["mentee"] == "tim" {
            *m = json!({"mentee": "tim", "mentor": "omar"}); // Tim blocks Omar.
        }
    }
    run.as_object_mut().unwrap().remove("summary");
    let bad = scratch.path("bad.json");
    std::fs::write(&bad, run.to_string()).unwrap();
    let out = mentormatch(&["check", &data("story.json"), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("blocked: mentor_matches[4] [tim, omar]: tim blocks omar"),
        "{stdout}"
    );
    assert!(
        stdout.contains("mentor_capacity: mentor_matches[2] [omar, lena, tim]"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("2 violations in "),
        "{stdout}"
    );
    let out = mentormatch(&[
        "check",
        &data("story.json"),
        bad.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["violations"][0]["rule"], "blocked");
    assert_eq!(report["violations"][0]["people"], json!(["tim", "omar"]));
}

#[test]
fn the_audit_prints_the_same_bytes_on_any_thread_count() {
    let scratch = Scratch::new("check-threads");
    let result = scratch.path("run.json");
    matched(&data("sample.json"), &result, &[]);
    // Every mentor match given to the first two mentors, every path
    // through one person: many violations found through hash maps.
    let mut run: Value = serde_json::from_slice(&std::fs::read(&result).unwrap()).unwrap();
    let list = run["mentor_matches"].as_array_mut().unwrap();
    let mentors = [list[0]["mentor"].clone(), list[1]["mentor"].clone()];
    for (i, m) in list.iter_mut().enumerate() {
        m["mentor"] = mentors[i % 2].clone();
        if let Some(people) = m
            .get_mut("intro")
            .and_then(|intro| intro.get_mut("people"))
            .and_then(Value::as_array_mut)
        {
            if people.len() > 2 {
                people[1] = json!(mentors[0]);
            }
        }
    }
    let bad = scratch.path("bad.json");
    std::fs::write(&bad, run.to_string()).unwrap();
    let check = |threads: &str| {
        let out = mentormatch(&[
            "--threads",
            threads,
            "check",
            &data("sample.json"),
            bad.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1));
        out.stdout
    };
    let one = check("1");
    assert!(text(&one).lines().count() > 50, "{}", text(&one));
    assert_eq!(one, check("3"));
}

#[test]
fn unreadable_input_exits_2_naming_the_file() {
    let scratch = Scratch::new("check-unreadable");
    let result = scratch.path("run.json");
    std::fs::write(&result, r#"{"mentor_matches": [{"mentee": 3}]}"#).unwrap();
    let out = mentormatch(&["check", &data("story.json"), result.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("run.json"),
        "{stderr}"
    );
    assert!(
        stderr.contains("mentor_matches[0]") && stderr.contains("mentee"),
        "{stderr}"
    );

    let missing = scratch.path("missing.json");
    let out = mentormatch(&["check", &data("story.json"), missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.json"));

    matched(&data("story.json"), &result, &[]);
    let config = scratch.path("c.toml");
    std::fs::write(&config, "[weights]\nskil_fit = 1\n").unwrap();
    let out = mentormatch(&[
        "check",
        &data("story.json"),
        result.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("c.toml"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn match_verify_writes_the_same_result_after_a_clean_audit() {
    let scratch = Scratch::new("check-verify");
    let (plain, verified) = (scratch.path("plain.json"), scratch.path("verified.json"));
    matched(&data("sample.json"), &plain, &[]);
    matched(&data("sample.json"), &verified, &["--verify"]);
    assert_eq!(
        std::fs::read(&plain).unwrap(),
        std::fs::read(&verified).unwrap()
    );
}
