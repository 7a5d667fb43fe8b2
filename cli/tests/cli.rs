//! The `mentormatch` binary end to end: generate → validate in both formats,
//! the same bytes for a seed, and one located error line for bad input.

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;

use common::{mentormatch, text, Scratch};

fn generate(people: &str, seed: &str, out: &Path, extra: &[&str]) {
    let out = out.to_str().unwrap();
    let mut args = extra.to_vec();
    args.extend(["generate", "--people", people, "--seed", seed, "--out", out]);
    let run = mentormatch(&args);
    assert!(
        run.status.success(),
        "generate failed: {}",
        text(&run.stderr)
    );
}

/// The value printed after `label` in `validate`'s summary.
fn summary_value(stdout: &str, label: &str) -> String {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no `{label}` in:\n{stdout}"));
    line[label.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn generated_datasets_validate_in_both_formats() {
    let scratch = Scratch::new("round-trip");
    let json = scratch.path("org.json");
    let csv = scratch.path("org");
    generate("250", "3", &json, &[]);
    generate("250", "3", &csv, &[]);
    for file in ["people.csv", "ties.csv", "skills.csv", "history.csv"] {
        assert!(csv.join(file).is_file(), "{file} missing");
    }
    let mut summaries = Vec::new();
    for dataset in [&json, &csv] {
        let run = mentormatch(&["validate", dataset.to_str().unwrap()]);
        let stdout = text(&run.stdout);
        assert!(run.status.success(), "{}", text(&run.stderr));
        assert!(stdout.starts_with(&format!("{}: valid", dataset.display())));
        assert_eq!(summary_value(&stdout, "people"), "250");
        assert_eq!(summary_value(&stdout, "components"), "1");
        assert!(summary_value(&stdout, "ties").parse::<usize>().unwrap() > 2000);
        summaries.push(stdout.lines().skip(1).collect::<Vec<_>>().join("\n"));
    }
    assert_eq!(
        summaries[0], summaries[1],
        "JSON and CSV describe one network"
    );
}

#[test]
fn a_seed_gives_the_same_bytes_on_any_thread_count() {
    let scratch = Scratch::new("determinism");
    let (a, b, c) = (
        scratch.path("a.json"),
        scratch.path("b.json"),
        scratch.path("c.json"),
    );
    generate("400", "11", &a, &["--threads", "1"]);
    generate("400", "11", &b, &["--threads", "2"]);
    generate("400", "12", &c, &[]);
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
    assert_ne!(fs::read(&a).unwrap(), fs::read(&c).unwrap());

    let (x, y) = (scratch.path("x"), scratch.path("y"));
    generate("400", "11", &x, &["--threads", "1"]);
    generate("400", "11", &y, &["--threads", "2"]);
    assert_eq!(files(&x), files(&y));
}

#[test]
fn history_outcomes_follow_the_outcome_options() {
    let scratch = Scratch::new("outcomes");
    let truth = scratch.path("truth.toml");
    fs::write(&truth, "[weights]\nskill_fit = 1.0\nexperience = 0.0\n").unwrap();
    let history = |extra: &[&str]| {
        let out = scratch.path("org.json");
        let mut args = vec!["generate", "--people", "600", "--seed", "5"];
        args.extend(["--out", out.to_str().unwrap()]);
        args.extend(extra);
        let run = mentormatch(&args);
        assert!(run.status.success(), "{extra:?}: {}", text(&run.stderr));
        let data: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
        data["history"].clone()
    };
    let planted = history(&[]);
    assert!(planted.as_array().unwrap().len() > 10);
    let truth_arg = ["--truth-weights", truth.to_str().unwrap()];
    let other_truth = history(&truth_arg);
    let random = history(&["--random-outcomes"]);
    assert_ne!(planted, other_truth);
    assert_ne!(planted, random);
    assert_eq!(planted, history(&["--outcome-noise", "0.5"]));

    let refused = |args: &[&str], expected: &str| {
        let out = scratch.path("refused.json");
        let mut all = vec!["generate", "--people", "50", "--out", out.to_str().unwrap()];
        all.extend(args);
        let run = mentormatch(&all);
        let stderr = text(&run.stderr);
        assert!(!run.status.success(), "{args:?} was accepted");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!out.exists());
    };
    refused(
        &["--random-outcomes", truth_arg[0], truth_arg[1]],
        "cannot be used with",
    );
    refused(
        &["--random-outcomes", "--outcome-noise", "1"],
        "cannot be used with",
    );
    for bad in ["-1", "101", "nan", "inf", "lots"] {
        refused(&["--outcome-noise", bad], "--outcome-noise");
    }
    fs::write(&truth, "[weights]\nmentor_view_weight = 2.0\n").unwrap();
    refused(&truth_arg, "mentor_view_weight");
}

#[test]
fn a_bad_dataset_fails_with_one_located_line() {
    let scratch = Scratch::new("bad");
    let json = scratch.path("bad.json");
    fs::write(
        &json,
        r#"{"people": [{"id": "a"}, {"id": "b"}], "ties": [{"a": "a", "b": "zed", "strength": 0.5}]}"#,
    )
    .unwrap();
    let run = mentormatch(&["validate", json.to_str().unwrap()]);
    assert!(!run.status.success());
    assert!(run.stdout.is_empty());
    let stderr = text(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!(
            "error: {}: ties[0]: b = \"zed\": unknown person id",
            json.display()
        )
    );

    let csv = scratch.path("bad-csv");
    fs::create_dir_all(&csv).unwrap();
    fs::write(csv.join("people.csv"), "id,seniority\na,1\nb,high\n").unwrap();
    fs::write(csv.join("ties.csv"), "a,b,strength\na,b,0.5\n").unwrap();
    let run = mentormatch(&["validate", csv.to_str().unwrap()]);
    assert!(!run.status.success());
    let stderr = text(&run.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains("people.csv: line 3: seniority = \"high\""),
        "{stderr}"
    );

    let missing = scratch.path("nowhere.json");
    let run = mentormatch(&["validate", missing.to_str().unwrap()]);
    assert!(!run.status.success());
    let stderr = text(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: {}: ", missing.display())),
        "{stderr}"
    );
}

#[test]
fn a_failed_write_leaves_no_file_and_says_why() {
    let scratch = Scratch::new("unwritable");
    let out = scratch.path("no-such-folder").join("org.json");
    let run = mentormatch(&["generate", "--people", "10", "--out", out.to_str().unwrap()]);
    assert!(!run.status.success());
    let stderr = text(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: {}: ", out.display())),
        "{stderr}"
    );
    assert!(!out.exists());
}

/// A reader that stops early (`mentormatch match … | head`) ends the output
/// quietly: no panic, exit 0, nothing on stderr about stdout.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::process::Stdio;
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample.json");
    for args in [
        vec!["match", sample.to_str().unwrap()],
        vec!["validate", sample.to_str().unwrap()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mentormatch"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before the program writes anything.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("stdout"), "{args:?}: {stderr}");
    }
}
