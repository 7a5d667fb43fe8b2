//! `mentormatch match` and `mentormatch suggest` end to end: the contract
//! names, atomic output, thread-count independence, and clear errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mentormatch"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok_json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn temp(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mentormatch-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn match_prints_the_contract() {
    let story = data("story.json");
    let json = ok_json(&["match", story.to_str().unwrap()]);
    let m = &json["mentor_matches"][0];
    for key in ["mentee", "mentor", "score", "components", "intro"] {
        assert!(m.get(key).is_some(), "mentor match lacks {key}: {m}");
    }
    assert!(m["components"]["skill_fit"].is_number());
    let s = &json["sponsor_matches"][0];
    for key in ["mentee", "sponsor", "score", "components", "intro"] {
        assert!(s.get(key).is_some(), "sponsor match lacks {key}: {s}");
    }
    let summary = &json["summary"];
    for key in [
        "policy",
        "mentees",
        "matched",
        "total_score",
        "mean_score",
        "min_score",
        "blocking_pairs",
        "mentor_load",
    ] {
        assert!(summary.get(key).is_some(), "summary lacks {key}");
    }
    assert_eq!(summary["policy"], "optimal");
    assert!(json["unmatched"].is_array());
}

#[test]
fn output_is_the_same_file_on_any_thread_count_and_policy_flag_works() {
    let dir = temp("threads");
    let sample = data("sample.json");
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.join(format!("t{threads}.json"));
        let result = run(&[
            "--threads",
            threads,
            "match",
            sample.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        assert!(result.stdout.is_empty(), "--out writes nothing to stdout");
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
    let stable = ok_json(&["match", sample.to_str().unwrap(), "--policy", "stable"]);
    assert_eq!(stable["summary"]["policy"], "stable");
    assert_eq!(stable["summary"]["blocking_pairs"], 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_run_leaves_no_partial_file() {
    let dir = temp("atomic");
    let out = dir.join("out.json");
    let config = dir.join("bad.toml");
    std::fs::write(&config, "[assign]\npinned = [[\"ada\", \"linus\"]]\n").unwrap();
    let story = data("story.json");
    let result = run(&[
        "match",
        story.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("bad.toml: [assign] pinned[0]") && stderr.contains("same_reporting_chain"),
        "{stderr}"
    );
    assert!(!Path::new(&out).exists());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "only the config is left"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_config_typo_is_named() {
    let dir = temp("typo");
    let config = dir.join("typo.toml");
    std::fs::write(&config, "[weights]\nskil_fit = 0.3\n").unwrap();
    let story = data("story.json");
    let result = run(&[
        "match",
        story.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("typo.toml") && stderr.contains("skil_fit"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn suggest_lists_untied_pairs_for_a_connector() {
    let story = data("story.json");
    let json = ok_json(&[
        "suggest",
        story.to_str().unwrap(),
        "--connector",
        "mira",
        "-k",
        "2",
    ]);
    let suggestions = json["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 2);
    assert_eq!(
        (suggestions[0]["a"].as_str(), suggestions[0]["b"].as_str()),
        (Some("grace"), Some("omar"))
    );
    let unknown = run(&["suggest", story.to_str().unwrap(), "--connector", "nobody"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("nobody"));
}

#[test]
fn csv_format_has_a_row_per_match_and_per_unmatched_person() {
    let sample = data("sample.json");
    let json = ok_json(&["match", sample.to_str().unwrap()]);
    let out = run(&["match", sample.to_str().unwrap(), "--format", "csv"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        [
            "relationship",
            "mentee",
            "mentee_name",
            "partner",
            "partner_name",
            "score",
            "intro_status",
            "intro",
            "warmth",
            "reason",
            "message",
            "mentee.attr.department",
            "mentee.attr.grade",
            "mentee.attr.location",
            "partner.attr.department",
            "partner.attr.grade",
            "partner.attr.location",
        ]
    );
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let count = |kind: &str, matched: bool| {
        rows.iter()
            .filter(|r| &r[0] == kind && r[3].is_empty() != matched)
            .count()
    };
    // Names and attributes as the dataset has them, for both sides.
    let dataset: Value =
        serde_json::from_slice(&std::fs::read(&sample).unwrap()).expect("sample is JSON");
    let person = |id: &str| {
        dataset["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone()
    };
    for r in rows.iter().filter(|r| !r[3].is_empty()) {
        for (id, name, attributes) in [(&r[1], &r[2], 11), (&r[3], &r[4], 14)] {
            let p = person(id);
            assert_eq!(p["name"], name);
            for (k, attribute) in ["department", "grade", "location"].iter().enumerate() {
                assert_eq!(p["attributes"][attribute], r[attributes + k], "{id}");
            }
        }
        assert!(["path", "tied", "no_path", "connectors_busy"].contains(&&r[6]));
        assert_eq!(r[6] == *"path", !r[7].is_empty());
    }
    let len = |key: &str| json[key].as_array().unwrap().len();
    assert_eq!(count("mentor", true), len("mentor_matches"));
    assert_eq!(count("sponsor", true), len("sponsor_matches"));
    assert_eq!(
        count("mentor", false) + count("sponsor", false),
        len("unmatched")
    );
}
