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

#[test]
fn previous_run_pairs_stay_pinned_and_become_history() {
    let dir = temp("previous");
    let sample = data("sample.json");
    let first = dir.join("q1.json");
    let status = run(&[
        "match",
        sample.to_str().unwrap(),
        "--out",
        first.to_str().unwrap(),
    ]);
    assert!(status.status.success());
    let q1: Value = serde_json::from_slice(&std::fs::read(&first).unwrap()).unwrap();
    let forbid = &q1["mentor_matches"][0];
    let config = dir.join("next.toml");
    std::fs::write(
        &config,
        format!(
            "[assign]\nforbidden = [[{}, {}]]\n",
            forbid["mentee"], forbid["mentor"]
        ),
    )
    .unwrap();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "match",
            sample.to_str().unwrap(),
            "--previous",
            first.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let keep = args(&[]);
    let q2 = ok_json(&keep.iter().map(String::as_str).collect::<Vec<_>>());
    let previous = &q2["summary"]["previous"];
    let len = |v: &Value, key: &str| v[key].as_array().unwrap().len();
    assert_eq!(previous["rematch"], false);
    assert_eq!(previous["dropped"], 1);
    assert_eq!(previous["dropped_pairs"][0]["reason"], "forbidden");
    assert_eq!(previous["dropped_pairs"][0]["mentee"], forbid["mentee"]);
    assert_eq!(
        previous["kept"].as_u64().unwrap() as usize,
        len(&q1, "mentor_matches") + len(&q1, "sponsor_matches") - 1
    );
    let pinned = q2["mentor_matches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["pinned"] == true)
        .count();
    assert_eq!(pinned, len(&q1, "mentor_matches") - 1);

    let rematch = args(&["--rematch"]);
    let q3 = ok_json(&rematch.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(q3["summary"]["previous"]["rematch"], true);
    assert!(q3["mentor_matches"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["pinned"] == false));

    // --rematch without --previous is refused by the argument parser.
    let out = run(&["match", sample.to_str().unwrap(), "--rematch"]);
    assert!(!out.status.success());

    // History, as JSON records and as history.csv.
    let history = dir.join("history.json");
    let out = run(&[
        "history",
        first.to_str().unwrap(),
        "--out",
        history.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: Value = serde_json::from_slice(&std::fs::read(&history).unwrap()).unwrap();
    assert_eq!(
        records.as_array().unwrap().len(),
        len(&q1, "mentor_matches") + len(&q1, "sponsor_matches")
    );
    assert_eq!(records[0]["mentee"], q1["mentor_matches"][0]["mentee"]);
    assert_eq!(records[0]["mentor"], q1["mentor_matches"][0]["mentor"]);
    assert_eq!(records[0]["kind"], "mentor");
    assert_eq!(records[0]["outcome"], "neutral");
    let csv_out = dir.join("history.csv");
    let out = run(&[
        "history",
        first.to_str().unwrap(),
        "--out",
        csv_out.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&csv_out).unwrap();
    assert_eq!(text.lines().next(), Some("mentee,mentor,kind,outcome"));
    assert_eq!(
        text.lines().count(),
        1 + len(&q1, "mentor_matches") + len(&q1, "sponsor_matches")
    );
}

#[test]
fn a_malformed_previous_run_or_forbidden_pair_is_one_clear_error() {
    let dir = temp("previous-bad");
    let sample = data("sample.json");
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"mentor_matches": [{"mentee": "p1", "mentor": 7}], "sponsor_matches": []}"#,
    )
    .unwrap();
    let out = run(&[
        "match",
        sample.to_str().unwrap(),
        "--previous",
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        format!(
            "error: {}: mentor_matches[0]: mentor = 7: expected a person id (text)",
            bad.display()
        )
    );
    let config = dir.join("forbid.toml");
    std::fs::write(&config, "[assign]\nforbidden = [[\"p1\", \"nobody\"]]\n").unwrap();
    let out = run(&[
        "match",
        sample.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("forbid.toml: [assign] forbidden[0]")
            && stderr.contains("unknown person id \"nobody\""),
        "{stderr}"
    );
}

#[test]
fn report_writes_one_self_contained_page_beside_the_output() {
    let dir = temp("report");
    let (page, out) = (dir.join("cohort.html"), dir.join("run.json"));
    let story = data("story.json");
    let result = run(&[
        "match",
        story.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--report",
        page.to_str().unwrap(),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>Mentoring cohort report: story.json</title>"));
    assert!(html.contains("Ada Okafor"));
    assert!(html.trim_end().ends_with("</html>"));
    let json: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert!(json["mentor_matches"].is_array(), "the run is written too");

    // The report may not overwrite the output, and a failed run writes
    // neither.
    let same = run(&[
        "match",
        story.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--report",
        out.to_str().unwrap(),
    ]);
    assert!(!same.status.success());
    let stderr = String::from_utf8_lossy(&same.stderr);
    assert!(
        stderr.starts_with("error: --report and --out both name"),
        "{stderr}"
    );
    let missing = dir.join("no-such-folder").join("r.html");
    let failed = run(&[
        "match",
        story.to_str().unwrap(),
        "--report",
        missing.to_str().unwrap(),
    ]);
    assert!(!failed.status.success());
    assert!(!missing.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn piped_stderr_gets_one_plain_line_per_stage_and_a_summary() {
    let story = data("story.json");
    let result = run(&["match", story.to_str().unwrap()]);
    assert!(result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        !stderr.contains('\r') && !stderr.contains('\x1b'),
        "{stderr:?}"
    );
    let lines: Vec<&str> = stderr.lines().collect();
    let stages: Vec<&str> = lines.iter().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(
        stages[1..stages.len() - 1],
        [
            "scoring mentor candidates",
            "assigning mentors; scoring and assigning sponsors",
            "routing introductions",
            "writing reasons and the summary",
            "writing the results",
        ],
        "{stderr}"
    );
    assert!(
        lines[0].starts_with("loading ") && lines[0].ends_with(" s"),
        "{stderr}"
    );
    // The counted stages say how many people they scored.
    assert!(
        lines[1].starts_with("scoring mentor candidates: 6 of 6, "),
        "{stderr}"
    );
    assert!(
        lines[2].starts_with("assigning mentors; scoring and assigning sponsors: 2 of 2, "),
        "{stderr}"
    );
    let summary = lines.last().unwrap();
    assert!(
        summary.starts_with("matched 6 of 6 people seeking a mentor (100%)"),
        "{stderr}"
    );
}
