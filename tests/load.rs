//! Known-answer loading tests, JSON ↔ CSV equivalence, round trips, and a
//! real co-authorship network loaded as ties.

mod common;

use common::story;

use common::{data_dir, datasets, shared_data, TempDir};
use mentormatch::{
    derived_strength, load, write_dataset, Dataset, Date, Evidence, LoadOptions, Network,
    PersonRecord, TieRecord,
};
use proptest::prelude::*;

#[test]
fn story_loads_with_the_expected_facts() {
    let n = story();
    let s = n.summary();
    assert_eq!((s.people, s.ties, s.skills), (12, 17, 12));
    assert_eq!((s.seeking_mentor, s.seeking_sponsor), (6, 2));
    assert_eq!((s.mentor_capacity, s.sponsor_capacity), (9, 4));
    assert_eq!((s.components, s.largest_component), (1, 12));

    let id = |s: &str| n.person_id(s).unwrap();
    let ada = n.person(id("ada")).unwrap();
    assert_eq!(ada.manager, Some(id("linus")));
    assert_eq!(ada.level(n.skill_id("python").unwrap()), 3);
    assert_eq!(ada.level(n.skill_id("rust").unwrap()), 0);
    assert!(ada.seeks_mentor && ada.seeks_sponsor);
    assert_eq!(ada.goals[0].priority, 3);
    assert_eq!(n.person(id("noor")).unwrap().timezone, Some(5.5));
    assert!(!n.person(id("ines")).unwrap().introducible);
    assert!(n.blocked_either_way(id("omar"), id("tim")).unwrap());
    assert!(n.person(id("lena")).unwrap().prefers(id("mira")));

    let rust = n.skill_id("rust").unwrap();
    assert_eq!(n.skill(rust).unwrap().parent, n.skill_id("programming"));

    // Explicit strength is kept; derived strength follows the model with
    // "today" = the latest last_contact in the file (2026-10-20).
    let t = n
        .tie(n.tie_between(id("linus"), id("ada")).unwrap())
        .unwrap();
    assert_eq!((n.label(t.kind).unwrap(), t.strength), ("manager", 0.8));
    let t = n
        .tie(n.tie_between(id("kofi"), id("ada")).unwrap())
        .unwrap();
    let today = Date::parse("2026-10-20").unwrap();
    assert_eq!(t.strength, derived_strength(&t.evidence.unwrap(), today));
    assert!((t.strength - (1.0 - (-3.0f64).exp()) * (0.1 + 0.9 * 0.9)).abs() < 1e-12);

    let affinity = n.affinity(id("lena"), id("mira")).unwrap();
    assert_eq!((affinity.score, affinity.mentor_score), (0.9, 0.9));
    assert!(n.affinity(id("mira"), id("lena")).is_none());
    assert_eq!(n.history().len(), 2);
}

#[test]
fn today_is_a_parameter_not_the_wall_clock() {
    let later = LoadOptions {
        today: Date::parse("2027-04-18"),
    };
    let n = load(data_dir().join("story.json"), &later).unwrap();
    let (ada, kofi) = (n.person_id("ada").unwrap(), n.person_id("kofi").unwrap());
    let decayed = n.tie(n.tie_between(ada, kofi).unwrap()).unwrap().strength;
    let fresh = story();
    let (ada, kofi) = (
        fresh.person_id("ada").unwrap(),
        fresh.person_id("kofi").unwrap(),
    );
    let fresh = fresh
        .tie(fresh.tie_between(ada, kofi).unwrap())
        .unwrap()
        .strength;
    // 180 days later: half as strong.
    assert!((decayed - fresh / 2.0).abs() < 1e-12);
}

#[test]
fn empty_strings_mean_absent_as_empty_csv_cells_do() {
    let mut boss = PersonRecord::new("boss");
    boss.org = Some(String::new());
    boss.manager = Some(String::new());
    let data = Dataset {
        people: vec![boss, PersonRecord::new("x")],
        ties: vec![TieRecord {
            a: "boss".into(),
            b: "x".into(),
            kind: Some(String::new()),
            strength: None,
            interactions: Some(4),
            reciprocated: None,
            last_contact: Some(String::new()),
        }],
        ..Dataset::default()
    };
    let n = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    assert_eq!(n.people()[0].org, None);
    assert_eq!(n.people()[0].manager, None);
    assert_eq!(n.label(n.ties()[0].kind).unwrap(), "contact");
    let e = Evidence {
        interactions: 4,
        reciprocated: 0,
        last_contact: None,
    };
    assert_eq!(n.ties()[0].strength, derived_strength(&e, Date(0)));
}

/// The fenced examples in docs/formats.md: one JSON dataset and the same
/// data as CSV files, each block headed by its file name.
fn doc_examples() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(data_dir().join("../docs/formats.md")).unwrap();
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(name) = line
            .strip_prefix("```")
            .and_then(|l| l.split_once(" file="))
        {
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            out.push((name.1.to_string(), body.join("\n") + "\n"));
        }
    }
    out
}

#[test]
fn the_documented_examples_load_and_agree() {
    let examples = doc_examples();
    let dir = TempDir::new("docs");
    let csv = dir.path().join("csv");
    std::fs::create_dir_all(&csv).unwrap();
    let mut json = None;
    for (name, body) in &examples {
        if name.ends_with(".json") {
            json = Some(dir.write(name, body));
        } else {
            std::fs::write(csv.join(name), body).unwrap();
        }
    }
    assert_eq!(examples.len(), 6, "one JSON example and five CSV files");
    let from_json = load(json.unwrap(), &LoadOptions::default()).unwrap();
    let from_csv = load(&csv, &LoadOptions::default()).unwrap();
    assert_eq!(from_json, from_csv);
    assert_eq!(from_json.people().len(), 3);
    assert_eq!(from_json.ties().len(), 2);
    assert_eq!(from_json.history().len(), 1);
    assert_eq!(from_json.affinities().len(), 1);
}

#[test]
fn story_written_as_csv_loads_back_equal() {
    let n = story();
    let dir = TempDir::new("story-csv");
    write_dataset(dir.path(), &n.to_dataset()).unwrap();
    assert_eq!(load(dir.path(), &LoadOptions::default()).unwrap(), n);
}

#[test]
fn csv_writer_refuses_values_its_lists_cannot_carry() {
    let mut p = PersonRecord::new("p1");
    p.languages = vec!["en;fr".into()];
    let data = Dataset {
        people: vec![p],
        ..Dataset::default()
    };
    let dir = TempDir::new("refuse");
    let err = write_dataset(dir.path().join("out"), &data).unwrap_err();
    assert!(err.to_string().contains("languages = \"en;fr\""), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// network → records → network is the identity.
    #[test]
    fn network_records_network_is_identity(data in datasets::dataset(7)) {
        let n = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let again = Network::from_dataset(&n.to_dataset(), &LoadOptions::default()).unwrap();
        prop_assert_eq!(again, n);
    }

    /// The same data written as JSON and as CSV loads to equal networks.
    #[test]
    fn json_and_csv_load_equal(data in datasets::dataset(7)) {
        let n = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let dir = TempDir::new("equiv");
        let json = dir.path().join("d.json");
        let csv = dir.path().join("csv");
        write_dataset(&json, &data).unwrap();
        write_dataset(&csv, &data).unwrap();
        let from_json = load(&json, &LoadOptions::default()).unwrap();
        let from_csv = load(&csv, &LoadOptions::default()).unwrap();
        prop_assert_eq!(&from_json, &n);
        prop_assert_eq!(&from_csv, &n);
    }
}

/// Reads a SNAP-style edge list (tab-separated, any line endings, `#`
/// comments) as a dataset of people and ties: each undirected pair once,
/// self-loops left out and counted.
fn edge_list(text: &str) -> (Dataset, usize) {
    let mut people = std::collections::BTreeSet::new();
    let mut pairs = std::collections::BTreeSet::new();
    let mut self_loops = std::collections::BTreeSet::new();
    for line in text.lines() {
        // The file starts with a stray space: " 24325\t24394".
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let a: u64 = fields.next().unwrap().trim().parse().unwrap();
        let b: u64 = fields.next().unwrap().trim().parse().unwrap();
        people.insert(a);
        people.insert(b);
        if a == b {
            self_loops.insert(a);
        } else {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    let data = Dataset {
        people: people
            .iter()
            .map(|p| PersonRecord::new(p.to_string()))
            .collect(),
        ties: pairs
            .iter()
            .map(|(a, b)| TieRecord {
                a: a.to_string(),
                b: b.to_string(),
                kind: Some("coauthor".into()),
                strength: Some(1.0),
                interactions: None,
                reciprocated: None,
                last_contact: None,
            })
            .collect(),
        ..Dataset::default()
    };
    (data, self_loops.len())
}

/// The network core on a real co-authorship network: the test parses the
/// edge list itself (CRLF, a stray leading space, no final newline) and hands
/// the library the resulting records, so what is checked is validation, the
/// adjacency and the components, not the library's file reading.
#[test]
fn hep_th_coauthorship_loads_as_ties() {
    let Some(dir) = shared_data("coauthorship") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("ca-HepTh.txt")).unwrap();
    assert!(
        text.contains("\r\n") && !text.ends_with('\n'),
        "CRLF, no final newline"
    );
    let (data, self_loops) = edge_list(&text);
    let n = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let s = n.summary();
    // Published: 9,877 nodes; 25,998 undirected edges including 25 self-loops;
    // largest connected component 8,638 nodes.
    assert_eq!(s.people, 9_877);
    assert_eq!(self_loops, 25);
    assert_eq!(s.ties + self_loops, 25_998);
    assert_eq!(s.largest_component, 8_638);
    let degree_sum: usize = n.person_ids().map(|p| n.neighbors(p).unwrap().len()).sum();
    assert_eq!(degree_sum, 2 * s.ties);
}
