//! `mentormatch intro` end to end: the binary on `data/story.json`.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn story() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/story.json")
}

fn intro(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mentormatch"))
        .arg("intro")
        .arg(story())
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Runs a query that must succeed and returns its JSON.
fn paths(args: &[&str]) -> Value {
    let out = intro(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// The people on each path.
fn people(json: &Value) -> Vec<Vec<&str>> {
    json["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["people"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| q.as_str().unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn prints_the_contract() {
    let out = intro(&["--from", "ada", "--to", "omar"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // The fields in the documented order.
    let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap();
    assert!(at("from") < at("to") && at("to") < at("paths"));
    assert!(at("people") < at("warmth") && at("warmth") < at("ties"));
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["from"], "ada");
    assert_eq!(json["to"], "omar");
    // Ines would be the warmest connector but does not want to be on paths.
    assert_eq!(
        people(&json),
        [
            vec!["ada", "kofi", "omar"],
            vec!["ada", "linus", "kofi", "omar"]
        ]
    );
    let first = &json["paths"][0];
    let ties = first["ties"].as_array().unwrap();
    assert_eq!(ties.len(), 2);
    assert_eq!(ties[0]["kind"], "colleague");
    assert_eq!(ties[1]["kind"], "collaborator");
    assert_eq!(ties[1]["strength"], 0.5);
    let product = ties[0]["strength"].as_f64().unwrap() * ties[1]["strength"].as_f64().unwrap();
    assert_eq!(first["warmth"].as_f64().unwrap(), product);
    assert!((product - 0.864694 * 0.5).abs() < 1e-6);
    assert_eq!(
        json["paths"][1]["warmth"].as_f64().unwrap(),
        0.8 * 0.8 * 0.5
    );
}

#[test]
fn options_change_the_answer() {
    let longer = paths(&["--from", "ada", "--to", "omar", "--max-hops", "4"]);
    assert_eq!(
        people(&longer),
        [
            vec!["ada", "kofi", "omar"],
            vec!["ada", "linus", "grace", "mira", "omar"],
            vec!["ada", "linus", "kofi", "omar"]
        ]
    );
    let one = paths(&[
        "--from",
        "ada",
        "--to",
        "omar",
        "--max-hops",
        "4",
        "-k",
        "1",
    ]);
    assert_eq!(people(&one), [vec!["ada", "kofi", "omar"]]);
    let disjoint = paths(&["--from", "ada", "--to", "kofi", "--disjoint"]);
    assert_eq!(
        people(&disjoint),
        [vec!["ada", "kofi"], vec!["ada", "linus", "kofi"]]
    );
    let all = paths(&["--from", "ada", "--to", "kofi"]);
    assert_eq!(people(&all).len(), 3);
}

#[test]
fn no_path_is_an_empty_list_not_an_error() {
    // Tim blocks Omar, the only one who links him to Yuki within three ties.
    let json = paths(&["--from", "tim", "--to", "yuki"]);
    assert_eq!(json["paths"], Value::Array(Vec::new()));
    assert_eq!(json["from"], "tim");
}

#[test]
fn bad_requests_fail_with_one_line() {
    for (args, needle) in [
        (&["--from", "ada", "--to", "nobody"][..], "nobody"),
        (&["--from", "zed", "--to", "ada"][..], "zed"),
        (&["--from", "ada", "--to", "ada"][..], "themselves"),
    ] {
        let out = intro(args);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: ") && err.contains(needle), "{err}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_mentormatch"))
        .args(["intro", "no/such/file.json", "--from", "a", "--to", "b"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.json"));
}

#[test]
fn config_intro_table_sets_the_defaults_and_flags_win() {
    let dir = std::env::temp_dir().join(format!("mentormatch-intro-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("one.toml");
    std::fs::write(&config, "[intro]\nk = 1\n").unwrap();
    let config = config.to_str().unwrap();
    let default = paths(&["--from", "ada", "--to", "omar"]);
    let from_config = paths(&["--from", "ada", "--to", "omar", "--config", config]);
    let flag_wins = paths(&[
        "--from", "ada", "--to", "omar", "--config", config, "-k", "3",
    ]);
    assert_eq!(people(&default).len(), 2);
    assert_eq!(people(&from_config).len(), 1);
    assert_eq!(people(&flag_wins), people(&default));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn says_why_when_there_is_no_path() {
    // Within three ties Tim cannot reach Yuki; four would do.
    let json = paths(&["--from", "tim", "--to", "yuki"]);
    assert_eq!(json["status"], "no_path");
    assert!(people(&json).is_empty());
    let reason = json["reason"].as_str().unwrap();
    assert!(reason.contains("at most 3 ties"), "{reason}");
    assert!(
        reason.contains("the shortest such path has 4 ties"),
        "{reason}"
    );
    // Tim blocks Omar: that is the reason, whatever the hop limit.
    let json = paths(&["--from", "tim", "--to", "omar", "--max-hops", "6"]);
    assert_eq!(json["status"], "no_path");
    assert_eq!(
        json["reason"],
        "\"tim\" blocks \"omar\": no introduction either way"
    );
    // A path found: status `path`, no reason; colleagues: `tied`.
    let json = paths(&["--from", "tim", "--to", "yuki", "--max-hops", "4"]);
    assert_eq!(json["status"], "path");
    assert!(json.get("reason").is_none());
    let json = paths(&["--from", "ada", "--to", "kofi"]);
    assert_eq!(json["status"], "tied");
    assert_eq!(people(&json)[0], ["ada", "kofi"]);
}
