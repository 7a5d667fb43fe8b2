//! A service keeps a network in memory and applies changes as they come:
//! Zoe joins the story seeking a SQL mentor, tied to Grace; Tim leaves. The
//! updated network is re-matched, and the matches that changed are listed.
//!
//! ```text
//! cargo run -p mentormatch --example live_update
//! cargo run --release -p mentormatch --example live_update -- DATASET
//! ```
//!
//! Given a dataset, it times the load, one update (a joiner with a tie to
//! the first person) and a match before and after.

use std::collections::BTreeSet;
use std::time::Instant;

use mentormatch::{
    load, match_cohort, ChangeSet, Config, GoalRecord, LoadOptions, MatchReport, PersonRecord,
    Role, TieRecord,
};

fn pairs(report: &MatchReport) -> BTreeSet<(String, String)> {
    report
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.clone(), m.mentor.clone()))
        .collect()
}

fn main() -> Result<(), mentormatch::Error> {
    let timed = std::env::args().nth(1);
    let path = match &timed {
        Some(path) => path.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/story.json"),
    };
    let options = LoadOptions::default();
    let config = Config::default();

    let start = Instant::now();
    let network = load(&path, &options)?;
    let loaded = start.elapsed();
    let start = Instant::now();
    let before = match_cohort(&network, &config)?;
    let matched = start.elapsed();

    let first = network.people()[0].id.clone();
    let mut zoe = PersonRecord::new("zoe");
    zoe.seeks = vec![Role::Mentor];
    if timed.is_none() {
        zoe.goals = vec![GoalRecord {
            skill: "sql".into(),
            level: 3,
            priority: 1,
        }];
    }
    let changes = ChangeSet {
        people: vec![zoe],
        remove_people: if timed.is_none() {
            vec!["tim".into()]
        } else {
            Vec::new()
        },
        ties: vec![TieRecord {
            a: "zoe".into(),
            b: first.clone(),
            kind: Some("colleague".into()),
            strength: Some(0.8),
            interactions: None,
            reciprocated: None,
            last_contact: None,
        }],
        remove_ties: Vec::new(),
    };
    let start = Instant::now();
    let updated = network.apply(&changes, &options)?;
    let applied = start.elapsed();
    let start = Instant::now();
    let after = match_cohort(&updated, &config)?;
    let rematched = start.elapsed();

    let (old, new) = (pairs(&before), pairs(&after));
    for (mentee, mentor) in old.difference(&new) {
        println!("ended:   {mentee} ← {mentor}");
    }
    for (mentee, mentor) in new.difference(&old) {
        println!("new:     {mentee} ← {mentor}");
    }
    println!(
        "{} people before, {} after; {}",
        network.people().len(),
        updated.people().len(),
        after.summary.describe()
    );
    assert!(updated.person_id("zoe").is_some());
    if timed.is_none() {
        // Tim left: none of his pairs survive, and the people stay twelve;
        // Zoe has a mentor.
        assert!(updated.person_id("tim").is_none());
        assert!(new.iter().any(|(mentee, _)| mentee == "zoe"));
        assert!(new.iter().all(|(mentee, _)| mentee != "tim"));
        assert_eq!(updated.people().len(), network.people().len());
    } else {
        println!(
            "load {:.2} s, match {:.2} s; apply one joiner {:.2} s, match again {:.2} s",
            loaded.as_secs_f64(),
            matched.as_secs_f64(),
            applied.as_secs_f64(),
            rematched.as_secs_f64()
        );
    }
    Ok(())
}
