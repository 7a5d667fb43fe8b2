//! What a matching report tells a programme owner beyond the pairs: each
//! match's `intro_status`, the coverage of every group (`summary.groups`),
//! and the CSV rows with names and attributes.

mod common;

use mentormatch::{
    match_cohort, Config, Dataset, GoalRecord, IntroStatus, LoadOptions, Network, PersonRecord,
    Seek, SkillLevels, TieRecord,
};

fn tie(a: &str, b: &str, strength: f64) -> TieRecord {
    TieRecord {
        a: a.into(),
        b: b.into(),
        kind: Some("colleague".into()),
        strength: Some(strength),
        interactions: None,
        reciprocated: None,
        last_contact: None,
    }
}

fn mentee(id: &str) -> PersonRecord {
    let mut p = PersonRecord::new(id);
    p.goals = vec![GoalRecord {
        skill: "x".into(),
        level: 3,
        priority: 1,
    }];
    p.seeks = vec![Seek::Mentor];
    p
}

fn mentor(id: &str) -> PersonRecord {
    let mut p = PersonRecord::new(id);
    p.skills = SkillLevels(vec![("x".into(), 5)]);
    p.mentor_capacity = 1;
    p
}

#[test]
fn every_intro_status_is_reported_for_the_matches_it_describes() {
    // Four pinned pairs: a is tied to m1; b and c reach m2 and m3 only
    // through k, who makes one introduction; d and m4 know nobody.
    let mut people = vec![];
    for id in ["a", "b", "c", "d"] {
        people.push(mentee(id));
    }
    for id in ["m1", "m2", "m3", "m4"] {
        people.push(mentor(id));
    }
    people.push(PersonRecord::new("k"));
    let data = Dataset {
        people,
        ties: vec![
            tie("a", "m1", 0.9),
            tie("b", "k", 0.8),
            tie("k", "m2", 0.8),
            tie("c", "k", 0.7),
            tie("k", "m3", 0.7),
        ],
        ..Dataset::default()
    };
    let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let mut config = Config::default();
    config.assign.pinned = [("a", "m1"), ("b", "m2"), ("c", "m3"), ("d", "m4")]
        .iter()
        .map(|&(x, y)| vec![x.to_string(), y.to_string()])
        .collect();
    config.intro.connector_load = 1;
    let report = match_cohort(&network, &config).unwrap();
    let status: Vec<(&str, IntroStatus, bool)> = report
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.as_str(), m.intro_status, m.intro.is_some()))
        .collect();
    // b's pair scores higher (a warmer path), so it is routed first and
    // takes k's one introduction.
    assert_eq!(
        status,
        [
            ("a", IntroStatus::Tied, false),
            ("b", IntroStatus::Path, true),
            ("c", IntroStatus::ConnectorsBusy, false),
            ("d", IntroStatus::NoPath, false),
        ]
    );
    let intros = &report.summary.intros;
    assert_eq!(
        (
            intros.introduced,
            intros.direct,
            intros.no_path,
            intros.connectors_busy
        ),
        (1, 1, 1, 1)
    );
    // The contract: snake_case codes under `intro_status`.
    let json = serde_json::to_value(&report).unwrap();
    let codes: Vec<&str> = json["mentor_matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["intro_status"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["tied", "path", "connectors_busy", "no_path"]);
    // With a load of 2, k introduces both.
    config.intro.connector_load = 2;
    let report = match_cohort(&network, &config).unwrap();
    assert_eq!(report.mentor_matches[2].intro_status, IntroStatus::Path);
}
