//! Every [`ErrorKind`] from a deliberately bad input — a JSON dataset, a
//! CSV folder, a configuration, pinned pairs, a previous or recorded run —
//! matched by kind, with the message a user reads checked word for word.

mod common;

use common::{story, TempDir};
use mentormatch::{
    load, match_cohort, write_dataset, Benchmark, Config, Dataset, Error, ErrorKind, LoadOptions,
    PreviousRun, RecordedRun, Replay, TuneOptions,
};

/// Loads `json` as the dataset `data.json` in a fresh folder; the error and
/// its message with the folder's path cut off.
fn load_json(json: &str) -> (Error, String) {
    let dir = TempDir::new("kinds");
    let path = dir.write("data.json", json);
    let error = load(&path, &LoadOptions::default()).unwrap_err();
    let message = error
        .to_string()
        .replace(&path.display().to_string(), "data.json");
    (error, message)
}

/// The story matched under the configuration `toml`.
fn match_story(toml: &str) -> Error {
    let config = Config::from_toml_str(toml).expect("a valid config");
    match_cohort(&story(), &config).unwrap_err()
}

#[test]
fn io() {
    let error = load("no/such/dataset.json", &LoadOptions::default()).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Io), "{error:?}");
    assert!(matches!(error, Error::Io { .. }));
    assert!(
        error.to_string().starts_with("no/such/dataset.json: "),
        "{error}"
    );
}

#[test]
fn parse() {
    let (error, message) = load_json(r#"{"people": [{"id": "p1", "seniority": "high"}]}"#);
    assert!(matches!(error.kind(), ErrorKind::Parse), "{error:?}");
    assert_eq!(
        message,
        "data.json: people[0] (line 1, column 44): seniority: invalid type: string \"high\", expected u8"
    );

    let error =
        PreviousRun::from_json(r#"{"mentor_matches": [{"mentee": 7}]}"#, "q1.json").unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Parse), "{error:?}");
    assert_eq!(
        error.to_string(),
        "q1.json: mentor_matches[0]: mentee = 7: expected a person id (text)"
    );
}

#[test]
fn missing() {
    let dir = TempDir::new("kinds");
    dir.write("people.csv", "id\np1\n");
    let ties = dir.write("ties.csv", "a\np1\n");
    let error = load(dir.path(), &LoadOptions::default()).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Missing), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!("{}: line 1: b: required column is missing", ties.display())
    );

    let error = RecordedRun::from_json(
        r#"{"mentor_matches": [{"mentee": "ada", "mentor": "kofi"}], "unmatched": []}"#,
        "q1.json",
    )
    .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Missing), "{error:?}");
    assert_eq!(
        error.to_string(),
        "q1.json: mentor_matches[0]: score: missing"
    );
}

#[test]
fn unknown_field() {
    let error = Config::from_toml_str("[weights]\nskil_fit = 1.0\n").unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::UnknownField), "{error:?}");
    assert_eq!(
        error.to_string(),
        "config: [weights], line 2: skil_fit = 1.0: unknown field `skil_fit`, expected one of \
         `skill_fit`, `experience`, `seniority`, `cross_org`, `timezone`, `language`, \
         `reciprocity`, `network`, `preference`, `affinity`, `repeat`, `mentor_view_weight`"
    );
}

#[test]
fn unknown_id() {
    let error = match_story("[assign]\npinned = [[\"ada\", \"nobody\"]]\n");
    assert!(matches!(error.kind(), ErrorKind::UnknownId), "{error:?}");
    assert_eq!(
        error.to_string(),
        "config: [assign] pinned[0]: [\"ada\", \"nobody\"]: unknown person id \"nobody\""
    );
}

#[test]
fn duplicate() {
    let (error, message) = load_json(r#"{"people": [{"id": "p1"}, {"id": "p1"}]}"#);
    assert!(matches!(error.kind(), ErrorKind::Duplicate), "{error:?}");
    assert_eq!(
        message,
        "data.json: people[1]: id = \"p1\": duplicate person id"
    );

    let error = Config::from_toml_str("[weights]\nskill_fit = 1.0\nskill_fit = 2.0\n").unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Duplicate), "{error:?}");
    assert_eq!(
        error.to_string(),
        "config: [weights], line 3: skill_fit = 2.0: duplicate key `skill_fit` in table `weights`"
    );
}

#[test]
fn self_reference() {
    let (error, message) = load_json(r#"{"people": [{"id": "p1", "manager": "p1"}]}"#);
    assert!(
        matches!(error.kind(), ErrorKind::SelfReference),
        "{error:?}"
    );
    assert_eq!(
        message,
        "data.json: people[0]: manager = \"p1\": names the person themselves"
    );
}

#[test]
fn out_of_range() {
    let error = Config::from_toml_str("[intro]\nmax_hops = 9\n").unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::OutOfRange), "{error:?}");
    assert_eq!(
        error.to_string(),
        "config: [intro]: max_hops = 9: must be at most 6"
    );
}

#[test]
fn cycle() {
    let (error, message) =
        load_json(r#"{"people": [{"id": "p1", "manager": "p2"}, {"id": "p2", "manager": "p1"}]}"#);
    assert!(matches!(error.kind(), ErrorKind::Cycle), "{error:?}");
    assert_eq!(
        message,
        "data.json: people[0]: manager = \"p2\": reporting line has a cycle: p1 → p2 → p1"
    );
}

#[test]
fn capacity() {
    // Ines mentors one person at most.
    let error = match_story("[assign]\npinned = [[\"ada\", \"ines\"], [\"kofi\", \"ines\"]]\n");
    assert!(matches!(error.kind(), ErrorKind::Capacity), "{error:?}");
    assert_eq!(
        error.to_string(),
        "config: [assign] pinned[1]: [\"kofi\", \"ines\"]: more pinned mentees for \"ines\" \
         than their mentor_capacity = 1"
    );
}

#[test]
fn conflict() {
    let error = match_story(
        "[assign]\npinned = [[\"ada\", \"ines\"]]\nforbidden = [[\"ada\", \"ines\"]]\n",
    );
    assert!(matches!(error.kind(), ErrorKind::Conflict), "{error:?}");
    assert_eq!(
        error.to_string(),
        "config: [assign] pinned[0]: [\"ada\", \"ines\"]: also in [assign] forbidden"
    );

    // Linus is Ada's manager.
    let error = match_story("[assign]\npinned = [[\"ada\", \"linus\"]]\n");
    assert!(matches!(error.kind(), ErrorKind::Conflict), "{error:?}");
    assert_eq!(
        error.to_string(),
        "config: [assign] pinned[0]: [\"ada\", \"linus\"]: fails hard constraints: \
         same_reporting_chain"
    );
}

#[test]
fn infeasible() {
    // The story's history has two past pairs: too few for five folds.
    let benchmark = Benchmark::load(
        common::data_dir().join("story.json"),
        &LoadOptions::default(),
    )
    .unwrap();
    let error = benchmark
        .tune(&Config::default(), &TuneOptions::default())
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Infeasible), "{error:?}");
    assert_eq!(
        error.to_string(),
        "history: outcome = 0 good and 0 bad mentor pairs usable: too few to tune auc over 5 \
         folds: it needs at least 50 good and 50 bad"
    );
}

#[test]
fn mismatch() {
    let network = story();
    let config = Config::default();
    let report = match_cohort(&network, &config).unwrap();
    let mut json: serde_json::Value = serde_json::to_value(&report).unwrap();
    json["summary"]["policy"] = "greedy".into();
    let run = RecordedRun::from_json(&json.to_string(), "run.json").unwrap();
    let error = Replay::new(&network, &config, &run).err().unwrap();
    assert!(matches!(error.kind(), ErrorKind::Mismatch), "{error:?}");
    assert_eq!(
        error.to_string(),
        "run.json: summary: policy = \"greedy\": the configuration's policy is \"optimal\": \
         the run was made with another dataset or configuration"
    );
}

#[test]
fn unsupported() {
    let dataset: Dataset =
        serde_json::from_str(r#"{"people": [{"id": "p1", "languages": ["en;fr"]}]}"#).unwrap();
    let dir = TempDir::new("kinds");
    let error = write_dataset(dir.path().join("out"), &dataset).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Unsupported), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: people[0]: languages = \"en;fr\": cannot be written to a CSV list cell \
             (contains `;`, `:` or edge spaces)",
            dir.path().join("out").join("people.csv").display()
        )
    );

    let error =
        Config::from_toml_str("[fairness]\nmin_coverage = { department = 0.5, location = 0.5 }\n")
            .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Unsupported), "{error:?}");
    assert_eq!(
        error.to_string(),
        "config: [fairness]: min_coverage = [\"department\", \"location\"]: floors for one \
         attribute at a time (groups of two attributes overlap, and floors on overlapping groups \
         are no longer a flow problem)"
    );
}

#[test]
fn every_invalid_error_carries_its_kind_and_parts() {
    let error = Config::from_toml_str("[intro]\nmax_hops = 9\n").unwrap_err();
    let invalid = error.as_invalid().unwrap();
    assert_eq!(
        (
            invalid.kind(),
            invalid.file(),
            invalid.record(),
            invalid.field(),
            invalid.value(),
            invalid.reason()
        ),
        (
            ErrorKind::OutOfRange,
            "config",
            "[intro]",
            "max_hops",
            "9",
            "must be at most 6"
        )
    );
}

#[test]
fn output() {
    // A device is no file to replace: refused before any work.
    let error = mentormatch::check_output(std::path::Path::new("/dev/null")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Output);
    assert_eq!(
        error.to_string(),
        "/dev/null: is a device, not a file: refusing to write there"
    );
}
