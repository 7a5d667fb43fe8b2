//! Bad input is rejected with an error naming the file, record, field and
//! value, and never panics: one table row per rule of the formats.

mod common;

use common::TempDir;
use mentormatch::{load, ErrorKind, LoadOptions};

/// One bad input: files to write, and what the error must name.
struct Case {
    what: &'static str,
    /// `(file name, contents)`; a single `.json` file is loaded as such,
    /// anything else is loaded as a CSV folder.
    files: &'static [(&'static str, &'static [u8])],
    /// What kind of error it must be.
    kind: ErrorKind,
    /// The error's file must end with this.
    file: &'static str,
    /// The error's record must contain this.
    record: &'static str,
    /// The error's field must equal this.
    field: &'static str,
    /// The whole message must contain this (the value, or the reason).
    mentions: &'static str,
}

const PEOPLE_HEADER: &str = "id,name,manager,skills,goals,seeks,mentor_capacity";

fn check(case: &Case) {
    let dir = TempDir::new("errors");
    for (name, bytes) in case.files {
        dir.write(name, bytes);
    }
    let target = match case.files {
        [(name, _)] if name.ends_with(".json") => dir.path().join(name),
        _ => dir.path().to_path_buf(),
    };
    let result = std::panic::catch_unwind(|| load(&target, &LoadOptions::default()));
    let err = match result {
        Err(_) => panic!("{}: loading panicked", case.what),
        Ok(Ok(_)) => panic!("{}: loaded without error", case.what),
        Ok(Err(e)) => e,
    };
    let message = err.to_string();
    assert_eq!(err.kind(), case.kind, "{}: kind ({message})", case.what);
    let invalid = err
        .as_invalid()
        .unwrap_or_else(|| panic!("{}: not an Invalid error: {message}", case.what));
    assert!(
        invalid.file().ends_with(case.file),
        "{}: file {:?} should end with {:?} ({message})",
        case.what,
        invalid.file(),
        case.file
    );
    assert!(
        invalid.record().contains(case.record),
        "{}: record {:?} should contain {:?} ({message})",
        case.what,
        invalid.record(),
        case.record
    );
    assert_eq!(
        invalid.field(),
        case.field,
        "{}: field ({message})",
        case.what
    );
    assert!(
        message.contains(case.mentions),
        "{}: message should mention {:?}: {message}",
        case.what,
        case.mentions
    );
    assert!(
        !message.ends_with('.'),
        "{}: trailing period: {message}",
        case.what
    );
}

macro_rules! json {
    ($body:expr) => {
        &[("data.json", const { $body.as_bytes() })]
    };
}

#[test]
fn every_kind_of_bad_json_input_is_located() {
    let cases = [
        Case {
            what: "attribute value that is not text",
            kind: ErrorKind::Parse,
            files: json!(r#"{"people": [{"id": "p1", "attributes": {"grade": 7}}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "attributes.grade",
            mentions: "invalid type: integer `7`, expected a string",
        },
        Case {
            what: "attribute named twice",
            kind: ErrorKind::Duplicate,
            files: json!(
                r#"{"people": [{"id": "p1", "attributes": {"site": "Oslo", "site": "Rome"}}]}"#
            ),
            file: "data.json",
            record: "people[0]",
            field: "attributes",
            mentions: "attribute `site` appears twice",
        },
        Case {
            what: "attribute with an empty name",
            kind: ErrorKind::Missing,
            files: json!(r#"{"people": [{"id": "p1"}, {"id": "p2", "attributes": {"": "Oslo"}}]}"#),
            file: "data.json",
            record: "people[1]",
            field: "attributes",
            mentions: "attribute name is empty",
        },
        Case {
            what: "attributes that are not an object",
            kind: ErrorKind::Parse,
            files: json!(r#"{"people": [{"id": "p1", "attributes": ["Oslo"]}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "attributes",
            mentions: "expected an object mapping attribute names to text values",
        },
        Case {
            what: "duplicate person id",
            kind: ErrorKind::Duplicate,
            files: json!(r#"{"people": [{"id": "p1"}, {"id": "p1"}]}"#),
            file: "data.json",
            record: "people[1]",
            field: "id",
            mentions: "duplicate person id",
        },
        Case {
            what: "tie naming an unknown person",
            kind: ErrorKind::UnknownId,
            files: json!(
                r#"{"people": [{"id": "p1"}], "ties": [{"a": "p1", "b": "zz", "strength": 0.5}]}"#
            ),
            file: "data.json",
            record: "ties[0]",
            field: "b",
            mentions: "\"zz\": unknown person id",
        },
        Case {
            what: "unknown manager",
            kind: ErrorKind::UnknownId,
            files: json!(r#"{"people": [{"id": "p1", "manager": "boss"}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "manager",
            mentions: "\"boss\"",
        },
        Case {
            what: "unknown blocked person",
            kind: ErrorKind::UnknownId,
            files: json!(r#"{"people": [{"id": "p1"}, {"id": "p2", "blocked": ["p1", "p9"]}]}"#),
            file: "data.json",
            record: "people[1]",
            field: "blocked[1]",
            mentions: "\"p9\"",
        },
        Case {
            what: "unknown preferred person",
            kind: ErrorKind::UnknownId,
            files: json!(r#"{"people": [{"id": "p1", "preferred": ["nobody"]}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "preferred[0]",
            mentions: "\"nobody\"",
        },
        Case {
            what: "history naming an unknown person",
            kind: ErrorKind::UnknownId,
            files: json!(
                r#"{"people": [{"id": "p1"}], "history": [{"mentee": "p1", "mentor": "ghost"}]}"#
            ),
            file: "data.json",
            record: "history[0]",
            field: "mentor",
            mentions: "\"ghost\"",
        },
        Case {
            what: "affinity naming an unknown person",
            kind: ErrorKind::UnknownId,
            files: json!(
                r#"{"people": [{"id": "p1"}], "affinities": [{"mentee": "x", "mentor": "p1", "score": 0.5}]}"#
            ),
            file: "data.json",
            record: "affinities[0]",
            field: "mentee",
            mentions: "\"x\"",
        },
        Case {
            what: "self-tie",
            kind: ErrorKind::SelfReference,
            files: json!(
                r#"{"people": [{"id": "p1"}], "ties": [{"a": "p1", "b": "p1", "strength": 0.5}]}"#
            ),
            file: "data.json",
            record: "ties[0]",
            field: "b",
            mentions: "themselves",
        },
        Case {
            what: "duplicate tie, written the other way round",
            kind: ErrorKind::Duplicate,
            files: json!(
                r#"{"people": [{"id": "p1"}, {"id": "p2"}], "ties": [
                {"a": "p1", "b": "p2", "strength": 0.5}, {"a": "p2", "b": "p1", "strength": 0.4}]}"#
            ),
            file: "data.json",
            record: "ties[1]",
            field: "b",
            mentions: "duplicate tie",
        },
        Case {
            what: "zero strength",
            kind: ErrorKind::OutOfRange,
            files: json!(
                r#"{"people": [{"id": "p1"}, {"id": "p2"}], "ties": [{"a": "p1", "b": "p2", "strength": 0}]}"#
            ),
            file: "data.json",
            record: "ties[0]",
            field: "strength",
            mentions: "(0, 1]",
        },
        Case {
            what: "strength above one",
            kind: ErrorKind::OutOfRange,
            files: json!(
                r#"{"people": [{"id": "p1"}, {"id": "p2"}], "ties": [{"a": "p1", "b": "p2", "strength": 1.5}]}"#
            ),
            file: "data.json",
            record: "ties[0]",
            field: "strength",
            mentions: "1.5",
        },
        Case {
            what: "negative strength",
            kind: ErrorKind::OutOfRange,
            files: json!(
                r#"{"people": [{"id": "p1"}, {"id": "p2"}], "ties": [{"a": "p1", "b": "p2", "strength": -0.2}]}"#
            ),
            file: "data.json",
            record: "ties[0]",
            field: "strength",
            mentions: "-0.2",
        },
        Case {
            what: "tie with neither strength nor evidence",
            kind: ErrorKind::Missing,
            files: json!(
                r#"{"people": [{"id": "p1"}, {"id": "p2"}], "ties": [{"a": "p1", "b": "p2"}]}"#
            ),
            file: "data.json",
            record: "ties[0]",
            field: "strength",
            mentions: "needs strength or interactions",
        },
        Case {
            what: "tie with both strength and interactions",
            kind: ErrorKind::Conflict,
            files: json!(
                r#"{"people": [{"id": "p1"}, {"id": "p2"}], "ties": [{"a": "p1", "b": "p2", "strength": 0.5, "interactions": 4}]}"#
            ),
            file: "data.json",
            record: "ties[0]",
            field: "strength",
            mentions: "give either strength or interactions, not both",
        },
        Case {
            what: "more reciprocated than interactions",
            kind: ErrorKind::OutOfRange,
            files: json!(
                r#"{"people": [{"id": "p1"}, {"id": "p2"}], "ties": [{"a": "p1", "b": "p2", "interactions": 3, "reciprocated": 5}]}"#
            ),
            file: "data.json",
            record: "ties[0]",
            field: "reciprocated",
            mentions: "5",
        },
        Case {
            what: "skill level above five",
            kind: ErrorKind::OutOfRange,
            files: json!(r#"{"people": [{"id": "p1", "skills": {"rust": 6}}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "skills.rust",
            mentions: "= 6: skill level must be 1-5",
        },
        Case {
            what: "skill level zero",
            kind: ErrorKind::OutOfRange,
            files: json!(r#"{"people": [{"id": "p1", "skills": {"rust": 0}}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "skills.rust",
            mentions: "= 0",
        },
        Case {
            what: "same skill twice in one object",
            kind: ErrorKind::Duplicate,
            files: json!(r#"{"people": [{"id": "p1", "skills": {"rust": 3, "rust": 4}}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "skills",
            mentions: "`rust` appears twice",
        },
        Case {
            what: "goal priority zero",
            kind: ErrorKind::OutOfRange,
            files: json!(
                r#"{"people": [{"id": "p1", "goals": [{"skill": "sql"}, {"skill": "rust", "priority": 0}]}]}"#
            ),
            file: "data.json",
            record: "people[0]",
            field: "goals[1].priority",
            mentions: "= 0",
        },
        Case {
            what: "goal level out of range",
            kind: ErrorKind::OutOfRange,
            files: json!(r#"{"people": [{"id": "p1", "goals": [{"skill": "sql", "level": 9}]}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "goals[0].level",
            mentions: "= 9",
        },
        Case {
            what: "capacity beyond the limit",
            kind: ErrorKind::OutOfRange,
            files: json!(r#"{"people": [{"id": "p1", "mentor_capacity": 5000}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "mentor_capacity",
            mentions: "5000: capacity above the limit of 1000",
        },
        Case {
            what: "unknown seeks value",
            kind: ErrorKind::Parse,
            files: json!(r#"{"people": [{"id": "p1", "seeks": ["mentee"]}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "seeks[0]",
            mentions: "`mentee`",
        },
        Case {
            what: "taxonomy cycle",
            kind: ErrorKind::Cycle,
            files: json!(
                r#"{"skills": [{"id": "a", "parent": "b"}, {"id": "b", "parent": "a"}], "people": []}"#
            ),
            file: "data.json",
            record: "skills[0]",
            field: "parent",
            mentions: "cycle: a → b",
        },
        Case {
            what: "unknown parent skill",
            kind: ErrorKind::UnknownId,
            files: json!(r#"{"skills": [{"id": "rust", "parent": "programing"}], "people": []}"#),
            file: "data.json",
            record: "skills[0]",
            field: "parent",
            mentions: "\"programing\"",
        },
        Case {
            what: "reporting-line cycle",
            kind: ErrorKind::Cycle,
            files: json!(
                r#"{"people": [{"id": "p1", "manager": "p3"}, {"id": "p2", "manager": "p1"}, {"id": "p3", "manager": "p2"}]}"#
            ),
            file: "data.json",
            record: "people[0]",
            field: "manager",
            mentions: "p1 → p3 → p2 → p1",
        },
        Case {
            what: "own manager",
            kind: ErrorKind::SelfReference,
            files: json!(r#"{"people": [{"id": "p1", "manager": "p1"}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "manager",
            mentions: "themselves",
        },
        Case {
            what: "malformed date",
            kind: ErrorKind::Parse,
            files: json!(
                r#"{"people": [{"id": "p1"}, {"id": "p2"}], "ties": [{"a": "p1", "b": "p2", "interactions": 3, "last_contact": "2026-02-30"}]}"#
            ),
            file: "data.json",
            record: "ties[0]",
            field: "last_contact",
            mentions: "\"2026-02-30\"",
        },
        Case {
            what: "unknown field (typo)",
            kind: ErrorKind::UnknownField,
            files: json!(r#"{"people": [{"id": "p1", "skils": {"rust": 3}}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "skils",
            mentions: "unknown field",
        },
        Case {
            what: "unknown top-level section",
            kind: ErrorKind::UnknownField,
            files: json!(r#"{"people": [], "tie": []}"#),
            file: "data.json",
            record: "line 1",
            field: "tie",
            mentions: "unknown field",
        },
        Case {
            what: "wrong JSON type",
            kind: ErrorKind::Parse,
            files: json!(r#"{"people": [{"id": "p1", "seniority": "high"}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "seniority",
            mentions: "\"high\"",
        },
        Case {
            what: "timezone out of range",
            kind: ErrorKind::OutOfRange,
            files: json!(r#"{"people": [{"id": "p1", "timezone": 20}]}"#),
            file: "data.json",
            record: "people[0]",
            field: "timezone",
            mentions: "= 20",
        },
        Case {
            what: "affinity score out of range",
            kind: ErrorKind::OutOfRange,
            files: json!(
                r#"{"people": [{"id": "p1"}, {"id": "p2"}], "affinities": [{"mentee": "p1", "mentor": "p2", "score": 0.5, "mentor_score": 2}]}"#
            ),
            file: "data.json",
            record: "affinities[0]",
            field: "mentor_score",
            mentions: "= 2",
        },
        Case {
            what: "an array instead of an object",
            kind: ErrorKind::Parse,
            files: json!(r#"[[{"id": "rust"}], [{"id": "a"}]]"#),
            file: "data.json",
            record: "line 1",
            field: "",
            mentions: "a dataset is a JSON object",
        },
        Case {
            what: "no people section",
            kind: ErrorKind::Missing,
            files: json!(r#"{"ties": []}"#),
            file: "data.json",
            record: "line 1",
            field: "",
            mentions: "missing field `people`",
        },
        Case {
            what: "empty file",
            kind: ErrorKind::Parse,
            files: json!(""),
            file: "data.json",
            record: "",
            field: "",
            mentions: "empty file",
        },
        Case {
            what: "truncated file",
            kind: ErrorKind::Parse,
            files: json!(r#"{"people": [{"id": "p1"}, {"id": "#),
            file: "data.json",
            record: "line 1",
            field: "",
            mentions: "truncated",
        },
        Case {
            what: "invalid UTF-8",
            kind: ErrorKind::Parse,
            files: &[("data.json", b"{\"people\": [\n{\"id\": \"p\xff1\"}]}")],
            file: "data.json",
            record: "line 2",
            field: "",
            mentions: "invalid UTF-8",
        },
    ];
    for case in &cases {
        check(case);
    }
}

#[test]
fn every_kind_of_bad_csv_input_is_located() {
    let cases = [
        Case {
            what: "an HR column that is not an attribute column",
            kind: ErrorKind::UnknownField,
            files: &[
                (
                    "people.csv",
                    b"id,attr.department,location\np1,Sales,London\n",
                ),
                ("ties.csv", b"a,b\n"),
            ],
            file: "people.csv",
            record: "line 1",
            field: "location",
            mentions: "or attr.NAME for an attribute",
        },
        Case {
            what: "attribute column without a name",
            kind: ErrorKind::Missing,
            files: &[
                ("people.csv", b"id,attr.\np1,Sales\n"),
                ("ties.csv", b"a,b\n"),
            ],
            file: "people.csv",
            record: "line 1",
            field: "attr.",
            mentions: "attribute name is empty",
        },
        Case {
            what: "attribute column twice",
            kind: ErrorKind::Duplicate,
            files: &[
                ("people.csv", b"id,attr.site,attr.site\np1,Oslo,Rome\n"),
                ("ties.csv", b"a,b\n"),
            ],
            file: "people.csv",
            record: "line 1",
            field: "attr.site",
            mentions: "column appears twice",
        },
        Case {
            what: "attribute columns belong to people.csv only",
            kind: ErrorKind::UnknownField,
            files: &[
                ("people.csv", b"id\np1\np2\n"),
                ("ties.csv", b"a,b,attr.kind\np1,p2,x\n"),
            ],
            file: "ties.csv",
            record: "line 1",
            field: "attr.kind",
            mentions: "unknown column",
        },
        Case {
            what: "row with too few columns",
            kind: ErrorKind::Parse,
            files: &[
                ("people.csv", b"id,name\np1,Ada\np2\n"),
                ("ties.csv", b"a,b,strength\n"),
            ],
            file: "people.csv",
            record: "line 3",
            field: "",
            mentions: "row has 1 columns, the header has 2",
        },
        Case {
            what: "missing people.csv",
            kind: ErrorKind::Missing,
            files: &[("ties.csv", b"a,b,strength\n")],
            file: "",
            record: "",
            field: "",
            mentions: "people.csv: required file is missing",
        },
        Case {
            what: "missing ties.csv",
            kind: ErrorKind::Missing,
            files: &[("people.csv", b"id\np1\n")],
            file: "",
            record: "",
            field: "",
            mentions: "ties.csv: required file is missing",
        },
        Case {
            what: "NaN strength",
            kind: ErrorKind::OutOfRange,
            files: &[
                ("people.csv", b"id\np1\np2\n"),
                ("ties.csv", b"a,b,strength\np1,p2,NaN\n"),
            ],
            file: "ties.csv",
            record: "line 2",
            field: "strength",
            mentions: "NaN",
        },
        Case {
            what: "unknown column (typo)",
            kind: ErrorKind::UnknownField,
            files: &[
                ("people.csv", b"id,seniorty\np1,3\n"),
                ("ties.csv", b"a,b\n"),
            ],
            file: "people.csv",
            record: "line 1",
            field: "seniorty",
            mentions: "unknown column",
        },
        Case {
            what: "malformed skills cell",
            kind: ErrorKind::Parse,
            files: &[
                ("people.csv", b"id,skills\np1,rust:4;sql-2\n"),
                ("ties.csv", b"a,b\n"),
            ],
            file: "people.csv",
            record: "line 2",
            field: "skills",
            mentions: "\"sql-2\"",
        },
        Case {
            what: "duplicate person id",
            kind: ErrorKind::Duplicate,
            files: &[("people.csv", b"id\np1\np2\np1\n"), ("ties.csv", b"a,b\n")],
            file: "people.csv",
            record: "line 4",
            field: "id",
            mentions: "duplicate person id",
        },
        Case {
            what: "line numbers count multi-line quoted fields",
            kind: ErrorKind::UnknownId,
            files: &[
                ("people.csv", b"id,name\np1,\"Ada\nOkafor\"\np2,Tim\n"),
                ("ties.csv", b"a,b,strength\np1,p2,0.5\np2,p3,0.5\n"),
            ],
            file: "ties.csv",
            record: "line 3",
            field: "b",
            mentions: "\"p3\"",
        },
        Case {
            what: "bad goal priority",
            kind: ErrorKind::OutOfRange,
            files: &[("people.csv", PEOPLE_CSV_BAD_GOAL), ("ties.csv", b"a,b\n")],
            file: "people.csv",
            record: "line 3",
            field: "goals[0].priority",
            mentions: "= 0",
        },
        Case {
            what: "unknown seeks value",
            kind: ErrorKind::Parse,
            files: &[
                ("people.csv", b"id,seeks\np1,mentor;coach\n"),
                ("ties.csv", b"a,b\n"),
            ],
            file: "people.csv",
            record: "line 2",
            field: "seeks",
            mentions: "\"coach\"",
        },
        Case {
            what: "not a number",
            kind: ErrorKind::Parse,
            files: &[
                ("people.csv", b"id,seniority\np1,senior\n"),
                ("ties.csv", b"a,b\n"),
            ],
            file: "people.csv",
            record: "line 2",
            field: "seniority",
            mentions: "\"senior\"",
        },
        Case {
            what: "empty people file",
            kind: ErrorKind::Parse,
            files: &[("people.csv", b""), ("ties.csv", b"a,b\n")],
            file: "people.csv",
            record: "",
            field: "",
            mentions: "empty file",
        },
        Case {
            what: "missing required column",
            kind: ErrorKind::Missing,
            files: &[
                ("people.csv", b"id\np1\n"),
                ("ties.csv", b"a,strength\np1,0.5\n"),
            ],
            file: "ties.csv",
            record: "line 1",
            field: "b",
            mentions: "required column is missing",
        },
        Case {
            what: "invalid UTF-8",
            kind: ErrorKind::Parse,
            files: &[
                ("people.csv", b"id,name\np1,Ada\np2,Tim\xc3\n"),
                ("ties.csv", b"a,b\n"),
            ],
            file: "people.csv",
            record: "line 3",
            field: "",
            mentions: "invalid UTF-8",
        },
        Case {
            what: "unknown history outcome",
            kind: ErrorKind::Parse,
            files: &[
                ("people.csv", b"id\np1\np2\n"),
                ("ties.csv", b"a,b\n"),
                ("history.csv", b"mentee,mentor,outcome\np1,p2,great\n"),
            ],
            file: "history.csv",
            record: "line 2",
            field: "outcome",
            mentions: "\"great\"",
        },
    ];
    for case in &cases {
        check(case);
    }
}

const PEOPLE_CSV_BAD_GOAL: &[u8] = b"id,goals\np1,rust:3:2\np2,sql:2:0\n";

#[test]
fn header_constant_is_a_valid_people_header() {
    // Guards the table above against a header that itself fails to parse.
    let dir = TempDir::new("header");
    dir.write(
        "people.csv",
        format!("{PEOPLE_HEADER}\np1,Ada,,rust:3,sql:2:1,mentor,0\n"),
    );
    dir.write("ties.csv", "a,b\n");
    let network = load(dir.path(), &LoadOptions::default()).unwrap();
    assert_eq!(network.people().len(), 1);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Arbitrary bytes never make the loader panic.
    #[test]
    fn garbage_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
        let dir = TempDir::new("garbage");
        let json = dir.write("x.json", &bytes);
        let _ = load(&json, &LoadOptions::default());
        dir.write("people.csv", &bytes);
        dir.write("ties.csv", &bytes);
        let _ = load(dir.path(), &LoadOptions::default());
    }
}

#[test]
fn crlf_and_cr_files_report_the_line_of_the_bad_row_in_every_csv_file() {
    // The issue's example: the bad row is on line 4 whatever ends the lines.
    for ending in ["\n", "\r\n", "\r"] {
        let text = ["id,manager", "a,", "b,a", "c,zz", ""].join(ending);
        let dir = TempDir::new("crlf");
        dir.write("people.csv", &text);
        dir.write("ties.csv", "a,b\n");
        let err = load(dir.path(), &LoadOptions::default()).unwrap_err();
        let invalid = err.as_invalid().expect("invalid");
        assert_eq!(invalid.record(), "line 4", "{ending:?}: {err}");
        assert_eq!(invalid.field(), "manager", "{ending:?}: {err}");
    }
    let cases = [
        Case {
            what: "CRLF people.csv, blank line and quoted line break before the bad row",
            kind: ErrorKind::Parse,
            files: &[
                (
                    "people.csv",
                    b"id,name,seniority\r\np1,\"Ada\r\nOkafor\",3\r\n\r\np2,Tim,high\r\n",
                ),
                ("ties.csv", b"a,b\r\n"),
            ],
            file: "people.csv",
            record: "line 5",
            field: "seniority",
            mentions: "\"high\"",
        },
        Case {
            what: "CRLF ties.csv",
            kind: ErrorKind::UnknownId,
            files: &[
                ("people.csv", b"id\r\np1\r\np2\r\n"),
                ("ties.csv", b"a,b,strength\r\np1,p2,0.5\r\np2,p3,0.5\r\n"),
            ],
            file: "ties.csv",
            record: "line 3",
            field: "b",
            mentions: "\"p3\"",
        },
        Case {
            what: "CRLF duplicate tie names both lines",
            kind: ErrorKind::Duplicate,
            files: &[
                ("people.csv", b"id\r\np1\r\np2\r\n"),
                ("ties.csv", b"a,b,strength\r\np1,p2,0.5\r\np2,p1,0.5\r\n"),
            ],
            file: "ties.csv",
            record: "line 3",
            field: "b",
            mentions: "first at",
        },
        Case {
            what: "CRLF skills.csv",
            kind: ErrorKind::UnknownId,
            files: &[
                ("people.csv", b"id\r\np1\r\n"),
                ("ties.csv", b"a,b\r\n"),
                ("skills.csv", b"id,parent\r\nrust,\r\ngo,lang\r\n"),
            ],
            file: "skills.csv",
            record: "line 3",
            field: "parent",
            mentions: "\"lang\"",
        },
        Case {
            what: "CRLF history.csv",
            kind: ErrorKind::Parse,
            files: &[
                ("people.csv", b"id\r\np1\r\np2\r\n"),
                ("ties.csv", b"a,b\r\n"),
                (
                    "history.csv",
                    b"mentee,mentor,outcome\r\np1,p2,good\r\np2,p1,great\r\n",
                ),
            ],
            file: "history.csv",
            record: "line 3",
            field: "outcome",
            mentions: "\"great\"",
        },
        Case {
            what: "CRLF affinities.csv",
            kind: ErrorKind::OutOfRange,
            files: &[
                ("people.csv", b"id\r\np1\r\np2\r\n"),
                ("ties.csv", b"a,b\r\n"),
                (
                    "affinities.csv",
                    b"mentee,mentor,score\r\np1,p2,0.5\r\np2,p1,1.5\r\n",
                ),
            ],
            file: "affinities.csv",
            record: "line 3",
            field: "score",
            mentions: "1.5",
        },
        Case {
            what: "CRLF row with too few columns",
            kind: ErrorKind::Parse,
            files: &[
                ("people.csv", b"id,name\r\np1,Ada\r\np2\r\n"),
                ("ties.csv", b"a,b\r\n"),
            ],
            file: "people.csv",
            record: "line 3",
            field: "",
            mentions: "row has 1 columns, the header has 2",
        },
    ];
    for case in &cases {
        check(case);
    }
}
