//! Live updates (`Network::apply`): the updated network equals one loaded
//! from the edited records, leavers take their ties and blocks with them,
//! and bad changes are refused naming the change.

mod common;

use common::tie;

use mentormatch::{
    match_cohort, ChangeSet, Config, Dataset, ErrorKind, LoadOptions, Network, PersonRecord, Role,
};

fn ids(network: &Network) -> Vec<&str> {
    network.people().iter().map(|p| p.id.as_str()).collect()
}

#[test]
fn an_update_equals_loading_the_edited_records() {
    let options = LoadOptions::default();
    let story = common::story();
    let mut joiner = PersonRecord::new("zoe");
    joiner.seeks = vec![Role::Mentor];
    let mut grace = story.to_dataset().people[0].clone();
    grace.mentor_capacity = 3;
    let changes = ChangeSet {
        people: vec![joiner.clone(), grace.clone()],
        remove_people: vec!["omar".into()],
        ties: vec![tie("zoe", "ada", 0.7), tie("grace", "linus", 0.2)],
        remove_ties: vec![["kofi".into(), "ada".into()]],
    };
    let updated = story.apply(&changes, &options).unwrap();

    // The same edits by hand, on the records.
    let mut data: Dataset = story.to_dataset();
    data.people[0] = grace;
    data.people.retain(|p| p.id != "omar");
    data.people.push(joiner);
    for p in &mut data.people {
        p.blocked.retain(|b| b != "omar");
        p.preferred.retain(|b| b != "omar");
    }
    data.ties
        .retain(|t| t.a != "omar" && t.b != "omar" && !(t.a == "ada" && t.b == "kofi"));
    let grace_linus = data
        .ties
        .iter()
        .position(|t| (t.a.as_str(), t.b.as_str()) == ("grace", "linus"))
        .unwrap();
    data.ties[grace_linus] = tie("grace", "linus", 0.2);
    data.ties.push(tie("zoe", "ada", 0.7));
    data.history
        .retain(|h| h.mentee != "omar" && h.mentor != "omar");
    data.affinities
        .retain(|a| a.mentee != "omar" && a.mentor != "omar");
    let expected = Network::from_dataset(&data, &options).unwrap();
    assert_eq!(updated.to_dataset(), expected.to_dataset());

    // Everyone before the first leaver keeps their place; the joiner is
    // last. Ids from before the change are refused by the network after it
    // (people after a leaver moved), so callers look people up again.
    let omar = story.person_id("omar").unwrap();
    for p in story.person_ids().take_while(|&p| p < omar) {
        assert!(updated.person(p).is_none());
        assert_eq!(
            updated.check("mentee", p).unwrap_err().kind(),
            ErrorKind::ForeignId
        );
        let now = updated.person_at(p.index()).unwrap();
        assert_eq!(updated.person(now).unwrap().id, story.person(p).unwrap().id);
    }
    assert_eq!(ids(&updated).last(), Some(&"zoe"));
    // Tim blocked Omar, who left: the block went with him.
    let tim = updated.person_id("tim").unwrap();
    assert!(updated.person(tim).unwrap().blocked.is_empty());
    assert_eq!(
        updated
            .person(updated.person_id("grace").unwrap())
            .unwrap()
            .mentor_capacity,
        3
    );

    // The updated network matches like the loaded one, to the byte.
    let config = Config::default();
    let a = serde_json::to_string(&match_cohort(&updated, &config).unwrap()).unwrap();
    let b = serde_json::to_string(&match_cohort(&expected, &config).unwrap()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn an_empty_change_set_changes_nothing() {
    let story = common::story();
    let same = story
        .apply(&ChangeSet::default(), &LoadOptions::default())
        .unwrap();
    assert_eq!(same.to_dataset(), story.to_dataset());
}

#[test]
fn bad_changes_are_refused_naming_the_change() {
    let story = common::story();
    let options = LoadOptions::default();
    let refused = |changes: ChangeSet| story.apply(&changes, &options).unwrap_err();

    let e = refused(ChangeSet {
        remove_people: vec!["nobody".into()],
        ..ChangeSet::default()
    });
    assert_eq!(e.kind(), ErrorKind::UnknownId);
    assert_eq!(
        e.to_string(),
        "changes: remove_people[0]: \"nobody\": no person with this id in the network"
    );

    let e = refused(ChangeSet {
        remove_ties: vec![["ada".into(), "grace".into()]],
        ..ChangeSet::default()
    });
    assert_eq!(
        e.to_string(),
        "changes: remove_ties[0]: \"ada – grace\": no tie between these two in the network"
    );

    // A tie to someone unknown: the loader's own check, naming the change.
    let e = refused(ChangeSet {
        ties: vec![tie("ada", "zz", 0.5)],
        ..ChangeSet::default()
    });
    assert_eq!(e.kind(), ErrorKind::UnknownId);
    assert!(
        e.to_string().starts_with("changes: ties[0]: b = \"zz\""),
        "{e}"
    );

    // Linus manages Ada, Tim and Kofi: he cannot leave alone.
    let e = refused(ChangeSet {
        remove_people: vec!["linus".into()],
        ..ChangeSet::default()
    });
    assert_eq!(
        e.to_string(),
        "network: people[2]: manager = \"linus\": leaves in this change set: give this person a \
         new manager in `people`"
    );
    // With Ada, Tim and Kofi moved to Grace, he can.
    let data = story.to_dataset();
    let moved: Vec<PersonRecord> = ["ada", "tim", "kofi"]
        .iter()
        .map(|id| {
            let mut p = data.people.iter().find(|p| p.id == *id).unwrap().clone();
            p.manager = Some("grace".into());
            p
        })
        .collect();
    let updated = story
        .apply(
            &ChangeSet {
                people: moved,
                remove_people: vec!["linus".into()],
                ..ChangeSet::default()
            },
            &options,
        )
        .unwrap();
    assert!(updated.person_id("linus").is_none());

    let e = refused(ChangeSet {
        people: vec![PersonRecord::new("tim")],
        remove_people: vec!["tim".into()],
        ..ChangeSet::default()
    });
    assert_eq!(e.kind(), ErrorKind::Conflict);
    let e = refused(ChangeSet {
        people: vec![PersonRecord::new("x"), PersonRecord::new("x")],
        ..ChangeSet::default()
    });
    assert_eq!(
        e.to_string(),
        "changes: people[1]: id = \"x\": given twice in this change set"
    );
    let e = refused(ChangeSet {
        ties: vec![tie("ada", "grace", 0.5), tie("grace", "ada", 0.6)],
        ..ChangeSet::default()
    });
    assert_eq!(
        e.to_string(),
        "changes: ties[1]: \"grace – ada\": given twice in this change set"
    );
    // A record the loader refuses, named by the change it came from.
    let mut bad = PersonRecord::new("y");
    bad.timezone = Some(99.0);
    let e = refused(ChangeSet {
        people: vec![bad],
        ..ChangeSet::default()
    });
    assert!(
        e.to_string()
            .starts_with("changes: people[0]: timezone = 99"),
        "{e}"
    );
}

#[test]
fn a_change_set_reads_from_json() {
    let text = r#"{"people": [{"id": "zoe", "seeks": ["mentor"]}],
                   "remove_people": ["tim"],
                   "ties": [{"a": "zoe", "b": "ada", "strength": 0.5}],
                   "remove_ties": [["ada", "kofi"]]}"#;
    let changes: ChangeSet = serde_json::from_str(text).unwrap();
    common::round_trip_equal(&changes);
    let updated = common::story()
        .apply(&changes, &LoadOptions::default())
        .unwrap();
    assert!(updated.person_id("zoe").is_some() && updated.person_id("tim").is_none());
}
