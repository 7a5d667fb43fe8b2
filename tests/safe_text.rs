//! Output that cannot hurt its reader: CSV reports safe for spreadsheets
//! with an unambiguous intro path, control characters escaped for a
//! terminal, a byte-order mark accepted in JSON, long errors cut.

mod common;

use common::TempDir;
use mentormatch::{
    escape_control, load, match_cohort, Config, Dataset, LoadOptions, Network, PersonRecord,
};
use serde_json::json;

/// Two people whose ids and names a spreadsheet would run: a mentee with a
/// goal and a mentor who covers it, tied through a connector whose id holds
/// `>` and a terminal escape.
fn hostile() -> serde_json::Value {
    json!({
        "people": [
            {"id": "=cmd|' /C calc'!A0", "name": "@SUM(1+1)", "seniority": 1,
             "goals": [{"skill": "rust", "level": 3}], "seeks": ["mentor"],
             "attributes": {"team": "-2+3"}},
            {"id": "+mentor", "name": "\u{1b}[31mred", "seniority": 4,
             "skills": {"rust": 4}, "mentor_capacity": 1},
            {"id": "a>b\u{1b}]0;x\u{7}", "name": "Connector", "seniority": 3}
        ],
        "ties": [
            {"a": "=cmd|' /C calc'!A0", "b": "a>b\u{1b}]0;x\u{7}", "strength": 0.8},
            {"a": "a>b\u{1b}]0;x\u{7}", "b": "+mentor", "strength": 0.8}
        ]
    })
}

fn hostile_network(dir: &TempDir) -> Network {
    let path = dir.write("h.json", hostile().to_string().as_bytes());
    load(path, &LoadOptions::default()).unwrap()
}

#[test]
fn csv_reports_quote_formula_cells_and_give_paths_as_json_arrays() {
    let dir = TempDir::new("csv-injection");
    let network = hostile_network(&dir);
    let report = match_cohort(&network, &Config::default()).unwrap();
    assert_eq!(report.mentor_matches.len(), 1);
    let csv = report.table(&network).to_csv();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| row[header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(cell("mentee"), "'=cmd|' /C calc'!A0");
    assert_eq!(cell("mentee_name"), "'@SUM(1+1)");
    assert_eq!(cell("partner"), "'+mentor");
    assert_eq!(cell("mentee.attr.team"), "'-2+3");
    // Numbers stay numbers.
    assert!(cell("score").parse::<f64>().is_ok(), "{}", cell("score"));
    // The path is a JSON array: ids with `>` in them stay whole.
    let path: Vec<String> = serde_json::from_str(&cell("intro")).unwrap();
    assert_eq!(
        path,
        ["=cmd|' /C calc'!A0", "a>b\u{1b}]0;x\u{7}", "+mentor"]
    );
    // No cell of the whole file starts a formula.
    for record in csv::Reader::from_reader(csv.as_slice()).records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r'])
                    && (!cell.starts_with('-') || cell.parse::<f64>().is_ok()),
                "{cell:?}"
            );
        }
    }
}

#[test]
fn datasets_written_as_csv_round_trip_unquoted() {
    // A CSV folder is data, read back by this crate: written as it is.
    let dir = TempDir::new("csv-round-trip");
    let network = hostile_network(&dir);
    let data = network.to_dataset();
    let folder = dir.path().join("folder");
    mentormatch::write_dataset(&folder, &data).unwrap();
    let back = mentormatch::read_dataset(&folder).unwrap();
    assert_eq!(back.people[0].id, "=cmd|' /C calc'!A0");
    assert_eq!(back.people[1].name, "\u{1b}[31mred");
}

#[test]
fn terminal_text_has_no_control_characters_but_layout() {
    let dir = TempDir::new("escape");
    let network = hostile_network(&dir);
    let id = |s| network.person_id(s).unwrap();
    let why = mentormatch::explain(
        &network,
        &Config::default(),
        id("=cmd|' /C calc'!A0"),
        id("+mentor"),
    )
    .unwrap();
    let text = escape_control(&why.table(&network)).into_owned();
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{text}"
    );
    // The same helper makes an error line safe.
    let mut who = PersonRecord::new("x\u{1b}[2J");
    who.manager = Some("nobody\u{9b}".into());
    let e = Network::from_dataset(
        &Dataset {
            people: vec![who],
            ..Dataset::default()
        },
        &LoadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    let safe = escape_control(&e);
    assert!(!safe.chars().any(char::is_control), "{safe}");
    assert!(safe.contains("\\u{9b}"), "{safe}");
}

#[test]
fn json_with_a_byte_order_mark_loads_as_without() {
    let dir = TempDir::new("bom");
    let story = std::fs::read(common::data_dir().join("story.json")).unwrap();
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice(&story);
    let path = dir.write("bom.json", &with_bom);
    let a = load(path, &LoadOptions::default()).unwrap();
    assert_eq!(a.to_dataset(), common::story().to_dataset());
    let path = dir.write("bom.toml", b"\xef\xbb\xbf[intro]\nk = 4\n");
    assert_eq!(Config::load(path).unwrap().intro.k, 4);
}

#[test]
fn a_long_manager_cycle_is_named_by_its_first_people_and_length() {
    let n = 20_000;
    let people: Vec<PersonRecord> = (0..n)
        .map(|i| {
            let mut p = PersonRecord::new(format!("p{i}"));
            p.manager = Some(format!("p{}", (i + 1) % n));
            p
        })
        .collect();
    let data = Dataset {
        people,
        ..Dataset::default()
    };
    let e = Network::from_dataset(&data, &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.len() < 300, "{} bytes: {e}", e.len());
    assert!(
        e.ends_with("reporting line has a cycle: p0 → p1 → p2 → p3 → p4 → … (20000 in the cycle)"),
        "{e}"
    );
}
