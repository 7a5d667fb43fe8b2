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

/// The story's `match` run written to a temporary file (with `extra`
/// arguments), for `explain --run`; removed on drop.
struct Run(std::path::PathBuf);

impl Run {
    fn new(name: &str, extra: &[&str]) -> Run {
        let path = std::env::temp_dir().join(format!(
            "mentormatch-explain-{}-{name}.json",
            std::process::id()
        ));
        let out = path.to_str().unwrap();
        let mut args = vec!["match", "data/story.json", "--out", out];
        args.extend(extra);
        stdout(&mentormatch(&args));
        Run(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }

    /// `explain data/story.json --mentee MENTEE --run RUN` and `extra`.
    fn explain(&self, mentee: &str, extra: &[&str]) -> String {
        let mut args = vec!["explain", "data/story.json", "--mentee", mentee];
        args.extend(["--run", self.path()]);
        args.extend(extra);
        stdout(&mentormatch(&args))
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn run_says_what_the_mentee_got_the_score_needed_and_the_cost() {
    let run = Run::new("text", &[]);
    let text = run.explain("ada", &["--mentor", "mira"]);
    // The pair's explanation first, then the run's answer.
    assert!(
        text.starts_with("ada with mentor mira: candidate 3 of 5"),
        "{text}"
    );
    let tail = format!(
        "ada with mentor mira in {}: not in the run (score 0.432292)\n\
         ada got kofi (0.543136) in the run\n\
         standing: candidate 3 of ada's 5 (top 50 kept)\n\
         needed: a score of 0.472136 or more would get it chosen (0.039844 more than it scores)\n\
         forcing it (re-solved with the pair pinned): total score 2.889583 -> 2.849739, a drop \
         of 0.039844; 2 mentees' mentors change:\n  \
         ada: kofi (0.543136) -> mira (0.432292, pinned) (gets someone else)\n  \
         tim: mira (0.260833) -> kofi (0.331833) (gets someone else)\n",
        run.path()
    );
    assert!(text.ends_with(&tail), "{text}");

    let text = run.explain("tim", &["--mentor", "omar"]);
    assert!(
        text.ends_with(
            "tim got mira (0.260833) in the run\n\
             standing: excluded by hard constraints: blocked (one blocks the other)\n\
             forcing it is impossible: it fails hard constraints, which no pin may: blocked \
             (one blocks the other)\n"
        ),
        "{text}"
    );
}

#[test]
fn run_as_json_and_a_mentees_top_candidates() {
    let run = Run::new("json", &[]);
    let out = run.explain("ada", &["--mentor", "mira", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rank"]["position"], 3, "the explanation is still there");
    let w = &v["run"];
    assert_eq!(w["in_run"], false);
    assert_eq!(w["standing"]["status"], "candidate");
    assert_eq!(w["mentee_got"]["status"], "matched");
    assert_eq!(w["mentee_got"]["mentors"][0]["mentor"], "kofi");
    assert_eq!(w["threshold"], 0.472136);
    assert_eq!(w["forcing"]["status"], "possible");
    assert_eq!(w["forcing"]["cost"], 0.039844);
    assert_eq!(w["forcing"]["changes"][1]["mentee"], "tim");
    assert_eq!(w["forcing"]["changes"][1]["effect"], "gets_someone_else");

    let out = run.explain("lena", &["--top", "2", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["got"]["mentors"][0]["mentor"], "omar");
    let mentors: Vec<(&str, bool)> = v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["mentor"].as_str().unwrap(),
                c["in_run"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(mentors, [("omar", true), ("kofi", false)]);
    assert_eq!(v["candidates"][0]["forcing"]["status"], "in_run");

    let text = run.explain("lena", &[]);
    assert!(
        text.starts_with(&format!(
            "lena in {}: lena got omar (0.526708) in the run\n\
             lena's first 4 of 4 candidates (top 50 kept), best first:\n\
             1. omar (score 0.526708): in the run\n\
             2. kofi (score 0.306667): not in the run\n",
            run.path()
        )),
        "{text}"
    );
}

#[test]
fn run_errors_name_the_file_and_field() {
    let fails = |args: &[&str]| {
        let out = mentormatch(args);
        assert!(!out.status.success(), "{args:?}");
        String::from_utf8_lossy(&out.stderr).trim().to_string()
    };
    let base = ["explain", "data/story.json", "--mentee", "ada", "--run"];
    let missing = std::env::temp_dir().join("mentormatch-explain-no-such-run.json");
    let missing = missing.to_str().unwrap();
    let err = fails(&[&base[..], &[missing]].concat());
    assert!(
        err.starts_with(&format!("error: reading the run {missing}: ")),
        "{err}"
    );

    let bad = Run::new("bad", &[]);
    std::fs::write(
        &bad.0,
        r#"{"mentor_matches": [{"mentee": "ada", "mentor": "kofi"}], "unmatched": []}"#,
    )
    .unwrap();
    assert_eq!(
        fails(&[&base[..], &[bad.path()]].concat()),
        format!("error: {}: mentor_matches[0]: score: missing", bad.path())
    );

    // A greedy run explained with the default (optimal) configuration.
    let greedy = Run::new("greedy", &["--policy", "greedy"]);
    assert_eq!(
        fails(&[&base[..], &[greedy.path()]].concat()),
        format!(
            "error: {}: summary: policy = \"greedy\": the configuration's policy is \
             \"optimal\": the run was made with another dataset or configuration",
            greedy.path()
        )
    );
    let err = fails(&[&base[..], &[bad.path(), "--sponsor", "grace"]].concat());
    assert!(err.contains("cannot be used with"), "{err}");
}
