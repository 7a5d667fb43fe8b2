//! Free person attributes (`"attributes"` in JSON, `attr.NAME` columns in
//! CSV): loaded the same from both formats, interned, bounded, written back,
//! and never part of a score.

mod common;

use common::TempDir;
use mentormatch::{
    load, match_cohort, read_dataset, write_dataset, Config, Dataset, LoadOptions, Network,
    PersonRecord, MAX_ATTRIBUTES, MAX_ATTRIBUTE_NAME_LEN, MAX_ATTRIBUTE_VALUE_LEN,
};

const JSON: &str = r#"{"people": [
  {"id": "ada", "attributes": {"location": "London", "department": "Sales"}},
  {"id": "bo", "attributes": {"department": "Sales", "grade": ""}},
  {"id": "cy", "org": "London"}
]}"#;

const PEOPLE_CSV: &str = "id,org,attr.department,attr.location,attr.grade\r\n\
                          ada,,Sales,London,\r\n\
                          bo,, Sales ,,\r\n\
                          cy,London,,,\r\n";

fn text(n: &Network, id: &str) -> Vec<(String, String)> {
    let p = n.person_id(id).unwrap();
    n.attributes(p)
        .unwrap()
        .iter()
        .map(|a| {
            (
                n.attribute_name(a.name).unwrap().into(),
                n.label(a.value).unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn json_and_csv_attributes_load_to_equal_networks() {
    let dir = TempDir::new("attributes");
    let json = dir.write("data.json", JSON);
    std::fs::create_dir_all(dir.path().join("csv")).unwrap();
    dir.write("csv/people.csv", PEOPLE_CSV);
    dir.write("csv/ties.csv", "a,b\n");
    let from_json = load(&json, &LoadOptions::default()).unwrap();
    let from_csv = load(dir.path().join("csv"), &LoadOptions::default()).unwrap();
    assert_eq!(from_json, from_csv);
    let n = from_json;
    // Sorted names; an empty value (JSON "" or an empty cell) is absent, so
    // `grade` names nobody's attribute and is not a name at all.
    assert_eq!(n.attribute_names(), ["department", "location"]);
    assert_eq!(
        text(&n, "ada"),
        [
            ("department".into(), "Sales".into()),
            ("location".into(), "London".into())
        ]
    );
    assert_eq!(text(&n, "bo"), [("department".into(), "Sales".into())]);
    assert!(text(&n, "cy").is_empty());
    // Values are labels, shared with every other text of the network: one
    // "London" for ada's location and cy's org, one "Sales" for two people.
    let london = n.label_id("London").unwrap();
    let location = n.attribute_id("location").unwrap();
    let cy = n.person_id("cy").unwrap();
    assert_eq!(n.person(cy).unwrap().org, Some(london));
    assert_eq!(
        n.attribute(n.person_id("ada").unwrap(), location),
        Some(london)
    );
    assert_eq!(n.attribute(cy, location), None);
}

#[test]
fn attributes_round_trip_through_records_json_and_csv() {
    let dir = TempDir::new("attributes-rt");
    let path = dir.write("data.json", JSON);
    check_round_trip(load(&path, &LoadOptions::default()).unwrap());
}

fn check_round_trip(n: Network) {
    let records = n.to_dataset();
    assert_eq!(
        Network::from_dataset(&records, &LoadOptions::default()).unwrap(),
        n
    );
    let dir = TempDir::new("attributes-write");
    let json = dir.path().join("out.json");
    let csv = dir.path().join("out");
    write_dataset(&json, &records).unwrap();
    write_dataset(&csv, &records).unwrap();
    let header = std::fs::read_to_string(csv.join("people.csv")).unwrap();
    assert!(
        header
            .lines()
            .next()
            .unwrap()
            .ends_with(",preferred,attr.department,attr.location"),
        "{header}"
    );
    assert_eq!(read_dataset(&json).unwrap(), records);
    for path in [&json, &csv] {
        assert_eq!(load(path, &LoadOptions::default()).unwrap(), n);
    }
}

#[test]
fn attributes_never_change_a_score() {
    let mut data = read_dataset("data/story.json").unwrap();
    let plain = match_cohort(
        &Network::from_dataset(&data, &LoadOptions::default()).unwrap(),
        &Config::default(),
    )
    .unwrap();
    for (i, p) in data.people.iter_mut().enumerate() {
        p.attributes.0.clear();
        p.attributes
            .0
            .push(("team".into(), ["red", "blue"][i % 2].into()));
    }
    let tagged = match_cohort(
        &Network::from_dataset(&data, &LoadOptions::default()).unwrap(),
        &Config::default(),
    )
    .unwrap();
    assert_eq!(plain.mentor_matches, tagged.mentor_matches);
    assert_eq!(plain.sponsor_matches, tagged.sponsor_matches);
    assert_eq!(plain.unmatched, tagged.unmatched);
}

fn error_of(people: Vec<PersonRecord>) -> String {
    let data = Dataset {
        people,
        ..Dataset::default()
    };
    let result = std::panic::catch_unwind(|| Network::from_dataset(&data, &LoadOptions::default()));
    result.expect("no panic").unwrap_err().to_string()
}

fn with(id: &str, attributes: &[(&str, &str)]) -> PersonRecord {
    let mut p = PersonRecord::new(id);
    p.attributes.0 = attributes
        .iter()
        .map(|&(n, v)| (n.to_string(), v.to_string()))
        .collect();
    p
}

#[test]
fn attributes_are_bounded_and_errors_name_record_field_and_value() {
    let long_name = "n".repeat(MAX_ATTRIBUTE_NAME_LEN + 1);
    let e = error_of(vec![with("p0", &[]), with("p1", &[(&long_name, "x")])]);
    assert!(
        e.starts_with("dataset: people[1]: attributes = \"nnn"),
        "{e}"
    );
    assert!(e.ends_with("attribute name longer than 64 bytes"), "{e}");

    let long_value = "v".repeat(MAX_ATTRIBUTE_VALUE_LEN + 1);
    let e = error_of(vec![with("p0", &[("site", &long_value)])]);
    assert!(
        e.starts_with("dataset: people[0]: attributes.site = \"vvv"),
        "{e}"
    );
    assert!(e.ends_with("attribute value longer than 256 bytes"), "{e}");
    // At the limits, everything loads.
    let name = "n".repeat(MAX_ATTRIBUTE_NAME_LEN);
    let value = "v".repeat(MAX_ATTRIBUTE_VALUE_LEN);
    let data = Dataset {
        people: vec![with("p0", &[(&name, &value)])],
        ..Dataset::default()
    };
    assert!(Network::from_dataset(&data, &LoadOptions::default()).is_ok());

    let e = error_of(vec![with("p0", &[("site\n", "Oslo")])]);
    assert!(
        e.contains("attribute name contains a control character"),
        "{e}"
    );

    // In-memory records can repeat a name; the loader refuses it.
    let e = error_of(vec![with("p0", &[("site", "Oslo"), ("site", "")])]);
    assert_eq!(
        e,
        "dataset: people[0]: attributes = \"site\": attribute `site` appears twice"
    );

    // Distinct names are bounded across the dataset, not only per person.
    let names: Vec<String> = (0..=MAX_ATTRIBUTES).map(|k| format!("a{k:02}")).collect();
    let people: Vec<PersonRecord> = names
        .iter()
        .enumerate()
        .map(|(i, n)| with(&format!("p{i}"), &[(n.as_str(), "x")]))
        .collect();
    let e = error_of(people);
    assert_eq!(
        e,
        format!(
            "dataset: people[{MAX_ATTRIBUTES}]: attributes = \"a{MAX_ATTRIBUTES}\": \
             more than {MAX_ATTRIBUTES} distinct attribute names in the dataset"
        )
    );
}

#[test]
fn csv_attribute_values_are_located_by_line() {
    let dir = TempDir::new("attributes-csv");
    let long = "v".repeat(MAX_ATTRIBUTE_VALUE_LEN + 1);
    dir.write(
        "people.csv",
        format!("id,attr.site\r\np1,Oslo\r\np2,{long}\r\n"),
    );
    dir.write("ties.csv", "a,b\r\n");
    let e = load(dir.path(), &LoadOptions::default()).unwrap_err();
    let invalid = e.as_invalid().unwrap();
    assert!(invalid.file().ends_with("people.csv"), "{e}");
    assert_eq!(
        (invalid.record(), invalid.field()),
        ("line 3", "attributes.site")
    );
}

#[test]
fn csv_writer_refuses_attributes_with_edge_spaces() {
    let data = Dataset {
        people: vec![with("p0", &[("site", " Oslo")])],
        ..Dataset::default()
    };
    let dir = TempDir::new("attributes-refuse");
    let e = write_dataset(dir.path().join("out"), &data).unwrap_err();
    assert!(e.to_string().contains("attributes = \" Oslo\""), "{e}");
}
