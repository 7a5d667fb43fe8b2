//! `mentormatch explain` end to end on the story: a ranked pair, an
//! excluded pair, JSON, a sponsor pair, and unknown ids.

use std::process::{Command, Output};

fn mentormatch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mentormatch"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn ranked_pair_in_text() {
    let text = stdout(&mentormatch(&[
        "explain",
        "data/story.json",
        "--mentee",
        "ada",
        "--mentor",
        "mira",
    ]));
    assert!(
        text.starts_with("ada with mentor mira: candidate 3 of 5 feasible"),
        "{text}"
    );
    assert!(text.contains("skill_fit        0.350   0.4375"), "{text}");
    assert!(
        text.contains("experience       0.080   1.0000   0.0800   0.5000"),
        "{text}"
    );
}

#[test]
fn excluded_pair_names_the_constraint() {
    let text = stdout(&mentormatch(&[
        "explain",
        "data/story.json",
        "--mentee",
        "tim",
        "--mentor",
        "omar",
    ]));
    assert!(
        text.contains("excluded\n  blocked: one blocks the other"),
        "{text}"
    );
}

#[test]
fn json_has_components_and_rank() {
    let out = stdout(&mentormatch(&[
        "explain",
        "data/story.json",
        "--mentee",
        "ada",
        "--mentor",
        "kofi",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["feasible"], true);
    assert_eq!(v["rank"]["position"], 1);
    assert_eq!(v["components"].as_object().unwrap().len(), 11);
    assert_eq!(v["components"]["skill_fit"], 0.75);
    let criteria = v["criteria"].as_array().unwrap();
    let sum: f64 = criteria
        .iter()
        .map(|c| c["mentee_contribution"].as_f64().unwrap())
        .sum();
    assert!((sum - v["mentee_view"].as_f64().unwrap()).abs() < 1e-12);

    let out = stdout(&mentormatch(&[
        "explain",
        "data/story.json",
        "--mentee",
        "ada",
        "--mentor",
        "linus",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["feasible"], false);
    assert_eq!(v["failed"][0]["constraint"], "same_reporting_chain");
    assert!(v["rank"].is_null());
}

#[test]
fn sponsor_pair() {
    let out = stdout(&mentormatch(&[
        "explain",
        "data/story.json",
        "--mentee",
        "omar",
        "--sponsor",
        "grace",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["role"], "sponsor");
    assert_eq!(v["rank"]["position"], 1);
    assert_eq!(v["criteria"].as_array().unwrap().len(), 3);
}

#[test]
fn unknown_id_is_one_clear_error() {
    let out = mentormatch(&[
        "explain",
        "data/story.json",
        "--mentee",
        "ada",
        "--mentor",
        "zed",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        "error: --mentor \"zed\": no person with this id in the dataset"
    );
    let out = mentormatch(&["explain", "data/story.json", "--mentee", "ada"]);
    assert!(!out.status.success(), "a mentor or a sponsor is required");
}
