//! `evaluate` and `tune` end to end: the JSON contract, the tuned file
//! feeding back as a configuration, the sweep, and clear refusals.

use std::path::PathBuf;

mod common;

use common::{mentormatch, text, Scratch};

fn sample() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../data/sample.json")
        .display()
        .to_string()
}

#[test]
fn evaluate_json_has_the_contract_fields() {
    let run = mentormatch(&["evaluate", &sample(), "--folds", "3", "--json"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["folds"], 3);
    let config = &report["configs"][0];
    assert_eq!(config["name"], "default");
    for metric in ["auc", "mrr", "hit_at_1", "hit_at_5", "ndcg_at_5"] {
        assert!(config["metrics"].get(metric).is_some(), "{metric}");
    }
    assert_eq!(config["folds"].as_array().unwrap().len(), 3);
    assert!(config["pairs"]["used"].as_u64().unwrap() > 0);
    assert!(config["pairs"]["skipped"]["sponsor_pair"].as_u64().unwrap() > 0);
    assert!(!config["ablation"].as_array().unwrap().is_empty());
}

#[test]
fn tune_writes_a_configuration_that_evaluate_reads_back() {
    let dir = Scratch::new("tune");
    let org = dir.path("org.json");
    let tuned = dir.path("tuned.toml");
    let (org, tuned) = (org.to_str().unwrap(), tuned.to_str().unwrap());
    let run = mentormatch(&[
        "generate",
        "--people",
        "8000",
        "--seed",
        "4",
        "--history",
        "0.3",
        "--out",
        org,
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let run = mentormatch(&[
        "tune", org, "--budget", "30", "--folds", "3", "--out", tuned,
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(text(&run.stdout).contains("held out: before"));
    let file = std::fs::read_to_string(tuned).unwrap();
    assert!(file.starts_with("# Tuned by `mentormatch tune`: auc over 3 folds"));
    let run = mentormatch(&[
        "evaluate", org, "--config", tuned, "--config", tuned, "--folds", "3",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(text(&run.stdout).contains("fold by fold"));
}

#[test]
fn refusals_say_what_is_wrong() {
    let scratch = Scratch::new("refusals");
    let out = scratch.path("t.toml");
    let run = mentormatch(&["tune", &sample(), "--out", out.to_str().unwrap()]);
    assert!(!run.status.success());
    assert!(!out.exists());
    assert!(
        text(&run.stderr).contains("it needs at least 50 good and 50 bad"),
        "{}",
        text(&run.stderr)
    );
    let run = mentormatch(&[
        "tune",
        &sample(),
        "--metric",
        "accuracy",
        "--out",
        "/tmp/x.toml",
    ]);
    assert!(
        text(&run.stderr).contains("metric = accuracy"),
        "{}",
        text(&run.stderr)
    );
    // The output is checked before any work: a folder that does not exist
    // is the error, not the data.
    let run = mentormatch(&["tune", &sample(), "--out", "/nonexistent/t.toml"]);
    assert_eq!(
        text(&run.stderr).trim_end(),
        "error: /nonexistent/t.toml: No such file or directory (os error 2)"
    );
    let run = mentormatch(&["evaluate", &sample(), "--folds", "1"]);
    assert!(
        text(&run.stderr).contains("folds = 1"),
        "{}",
        text(&run.stderr)
    );
    let run = mentormatch(&["evaluate", &sample(), "--sweep", "min_score=1"]);
    assert!(
        text(&run.stderr).contains("max_candidates=K"),
        "{}",
        text(&run.stderr)
    );
    let run = mentormatch(&[
        "evaluate",
        &sample(),
        "--sweep",
        "max_candidates=5,50",
        "--json",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let sweep: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let ks: Vec<u64> = sweep["sweep"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["max_candidates"].as_u64().unwrap())
        .collect();
    assert_eq!(ks, [5, 50, 0]);
}
