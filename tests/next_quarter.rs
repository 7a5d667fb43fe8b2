//! Next quarter: `[assign] forbidden` honoured by every stage, a previous
//! run's pairs kept as pins unless dropped (and why), `--rematch`, the
//! kept / added / dropped accounting, and a run turned into history — on
//! hand-built cases with exact answers and on generated organisations
//! against an independent count.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

mod common;

use std::collections::{HashMap, HashSet};

use mentormatch::{
    match_cohort, match_next, Carry, Config, Dataset, GoalRecord, HistoryRecord, LoadOptions,
    MatchReport, Network, Outcome, PersonRecord, Previous, PreviousRun, Role, SkillLevels,
};

fn seeker(id: &str) -> PersonRecord {
    let mut p = PersonRecord::new(id);
    p.goals = vec![GoalRecord {
        skill: "x".into(),
        level: 3,
        priority: 1,
    }];
    p.seeks = vec![Role::Mentor];
    p
}

fn mentor(id: &str, capacity: u32) -> PersonRecord {
    let mut p = PersonRecord::new(id);
    p.skills = SkillLevels(vec![("x".into(), 5)]);
    p.mentor_capacity = capacity;
    p
}

fn network(people: Vec<PersonRecord>) -> Network {
    let data = Dataset {
        people,
        ..Dataset::default()
    };
    Network::from_dataset(&data, &LoadOptions::default()).unwrap()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|&(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn next(n: &Network, config: &Config, run: &PreviousRun, carry: Carry) -> MatchReport {
    let report = match_next(n, config, Previous { run, carry }, &mut |_| {}).unwrap();
    // Every report, dropped pairs and pinned places included, reads back.
    common::round_trip_equal(&report);
    report
}

fn mentor_pairs(report: &MatchReport) -> Vec<(&str, &str, bool)> {
    report
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.as_str(), m.mentor.as_str(), m.pinned))
        .collect()
}

#[test]
fn previous_pairs_stay_unless_they_no_longer_may() {
    let mut blocker = seeker("e");
    blocker.blocked = vec!["m4".into()];
    let mut quitter = seeker("f");
    quitter.seeks = vec![];
    let n = network(vec![
        seeker("a"),
        seeker("b"),
        seeker("c"),
        blocker,
        quitter,
        seeker("g"),
        mentor("m1", 1),
        mentor("m2", 1),
        mentor("m3", 0),
        mentor("m4", 1),
        mentor("m5", 2),
    ]);
    let run = PreviousRun {
        mentor: pairs(&[
            ("a", "m1"),   // stays
            ("b", "m3"),   // m3 no longer offers
            ("c", "gone"), // the mentor left
            ("e", "m4"),   // e now blocks m4
            ("f", "m5"),   // f no longer seeks
            ("g", "m2"),   // forbidden
        ]),
        sponsor: vec![],
    };
    let mut config = Config::default();
    config.assign.forbidden = vec![vec!["g".into(), "m2".into()]];
    let report = next(&n, &config, &run, Carry::Keep);
    let got = mentor_pairs(&report);
    assert!(got.contains(&("a", "m1", true)), "{got:?}");
    assert!(
        got.iter().all(|&(a, b, _)| (a, b) != ("g", "m2")),
        "{got:?}"
    );
    // Only a's pair was kept; everything else is new and not pinned.
    assert_eq!(got.iter().filter(|m| m.2).count(), 1, "{got:?}");
    let previous = report.summary.previous.as_ref().unwrap();
    assert!(!previous.rematch);
    assert_eq!(previous.kept, 1);
    assert_eq!(previous.added, got.len() - 1);
    let dropped: Vec<(&str, &str, &str)> = previous
        .dropped_pairs
        .iter()
        .map(|d| (d.mentee.as_str(), d.partner.as_str(), d.reason.code()))
        .collect();
    assert_eq!(
        dropped,
        [
            ("b", "m3", "no_capacity"),
            ("c", "gone", "left"),
            ("e", "m4", "constraints"),
            ("f", "m5", "no_longer_seeks"),
            ("g", "m2", "forbidden"),
        ]
    );
    assert_eq!(previous.dropped, 5);
    let messages: Vec<&str> = previous
        .dropped_pairs
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages[1], "gone is no longer in the data");
    assert_eq!(messages[2], "the pair now fails hard constraints: blocked");
    let json = serde_json::to_value(previous).unwrap();
    assert_eq!(
        json["dropped_pairs"][0],
        serde_json::json!({"relationship": "mentor", "mentee": "b", "partner": "m3",
            "reason": "no_capacity", "message": "the mentor no longer offers mentor capacity"})
    );
}

#[test]
fn capacity_goes_to_configured_pins_then_the_best_kept_pairs() {
    // m has one place, pinned to b by the configuration: a's previous pair
    // with m cannot stay.
    let n = network(vec![seeker("a"), seeker("b"), mentor("m", 1)]);
    let run = PreviousRun {
        mentor: pairs(&[("a", "m")]),
        sponsor: vec![],
    };
    let mut config = Config::default();
    config.assign.pinned = vec![vec!["b".into(), "m".into()]];
    let report = next(&n, &config, &run, Carry::Keep);
    assert_eq!(mentor_pairs(&report), [("b", "m", true)]);
    let previous = report.summary.previous.unwrap();
    assert_eq!((previous.kept, previous.added, previous.dropped), (0, 1, 1));
    assert_eq!(previous.dropped_pairs[0].reason.code(), "over_capacity");
    // a is unmatched, and the reason names the pin that holds the place.
    let a = &report.unmatched[0];
    assert_eq!(a.reason.code(), "candidates_full");
    assert!(
        a.message.contains("b with m ([assign] pinned)"),
        "{}",
        a.message
    );
}

#[test]
fn a_kept_pair_holding_a_place_is_named_in_the_reason() {
    let n = network(vec![seeker("a"), seeker("b"), mentor("m", 1)]);
    let run = PreviousRun {
        mentor: pairs(&[("a", "m")]),
        sponsor: vec![],
    };
    let report = next(&n, &Config::default(), &run, Carry::Keep);
    assert_eq!(mentor_pairs(&report), [("a", "m", true)]);
    let b = &report.unmatched[0];
    assert_eq!(b.person, "b");
    assert!(
        b.message.contains("a with m (kept from the previous run)"),
        "{}",
        b.message
    );
}

#[test]
fn rematch_ignores_the_previous_pairs_but_accounts_for_them() {
    // The previous run paired a with m2; alone, the optimal run prefers
    // nothing in particular, but with a forbidden pair the accounting
    // must say why it went.
    let n = network(vec![
        seeker("a"),
        seeker("b"),
        mentor("m1", 1),
        mentor("m2", 1),
    ]);
    let run = PreviousRun {
        mentor: pairs(&[("a", "m2"), ("b", "m1")]),
        sponsor: vec![],
    };
    let mut config = Config::default();
    config.assign.forbidden = vec![vec!["a".into(), "m2".into()]];
    let report = next(&n, &config, &run, Carry::Rematch);
    let got = mentor_pairs(&report);
    assert!(got.iter().all(|m| !m.2), "nothing pinned: {got:?}");
    let previous = report.summary.previous.as_ref().unwrap();
    assert!(previous.rematch);
    let before: HashSet<(&str, &str)> = [("a", "m2"), ("b", "m1")].into();
    let now: HashSet<(&str, &str)> = got.iter().map(|m| (m.0, m.1)).collect();
    assert_eq!(previous.kept, before.intersection(&now).count());
    assert_eq!(previous.added, now.difference(&before).count());
    let codes: HashMap<(&str, &str), &str> = previous
        .dropped_pairs
        .iter()
        .map(|d| ((d.mentee.as_str(), d.partner.as_str()), d.reason.code()))
        .collect();
    assert_eq!(codes[&("a", "m2")], "forbidden");
    for pair in before.difference(&now) {
        assert!(
            codes.contains_key(pair),
            "{pair:?} dropped without a reason"
        );
    }
}

#[test]
fn forbidden_pairs_are_checked_like_pinned_ones() {
    let n = network(vec![seeker("a"), mentor("m", 1)]);
    let mut config = Config::default();
    config.assign.forbidden = vec![vec!["a".into(), "nobody".into()]];
    let err = match_cohort(&n, &config).unwrap_err().to_string();
    assert_eq!(
        err,
        "config: [assign] forbidden[0]: [\"a\", \"nobody\"]: unknown person id \"nobody\""
    );
    config.assign.forbidden = vec![vec!["a".into(), "m".into()]];
    config.assign.pinned = vec![vec!["a".into(), "m".into()]];
    let err = match_cohort(&n, &config).unwrap_err().to_string();
    assert!(err.contains("[assign] pinned[0]") && err.contains("also in [assign] forbidden"));
    config.assign.pinned = vec![];
    let report = match_cohort(&n, &config).unwrap();
    assert!(report.mentor_matches.is_empty());
    assert_eq!(report.unmatched[0].reason.code(), "forbidden");
    assert_eq!(
        report.unmatched[0].message,
        "every mentor who passes the hard constraints with them is forbidden by [assign] \
         forbidden (1 forbidden pair)"
    );
}

#[test]
fn forbidden_pairs_never_appear_even_through_the_fill() {
    // A small top-K leaves most places to the fill; forbidding every pair
    // of a first run (and more) must keep them all out of the second.
    let n = common::organisation(800, 21);
    let mut config = Config::default();
    config.constraints.max_candidates = 2;
    let first = match_cohort(&n, &config).unwrap();
    assert!(!first.mentor_matches.is_empty());
    let forbidden: HashSet<(String, String)> = first
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.clone(), m.mentor.clone()))
        .collect();
    config.assign.forbidden = forbidden
        .iter()
        .map(|(a, b)| vec![a.clone(), b.clone()])
        .collect();
    config.assign.forbidden.sort();
    let second = match_cohort(&n, &config).unwrap();
    assert!(!second.mentor_matches.is_empty());
    for m in &second.mentor_matches {
        assert!(
            !forbidden.contains(&(m.mentee.clone(), m.mentor.clone())),
            "{} with {} is forbidden",
            m.mentee,
            m.mentor
        );
    }
    // Introductions are untouched: forbidden is not `blocked`.
    let run = PreviousRun {
        mentor: forbidden.iter().cloned().collect(),
        sponsor: vec![],
    };
    let third = next(&n, &config, &run, Carry::Keep);
    let previous = third.summary.previous.unwrap();
    assert_eq!(previous.kept, 0);
    assert!(previous
        .dropped_pairs
        .iter()
        .filter(|d| d.relationship == Role::Mentor)
        .all(|d| d.reason.code() == "forbidden"));
}

#[test]
fn accounting_agrees_with_an_independent_count_after_people_change() {
    let n = common::organisation(1200, 4);
    let config = Config::default();
    let first = match_cohort(&n, &config).unwrap();
    let run =
        PreviousRun::from_json(&serde_json::to_string(&first).unwrap(), "first.json").unwrap();
    assert_eq!(run.mentor.len(), first.mentor_matches.len());

    // A quarter later: every 7th mentor of the first run left, every 5th
    // stopped offering.
    let mentors: Vec<String> = {
        let mut m: Vec<String> = first
            .mentor_matches
            .iter()
            .map(|m| m.mentor.clone())
            .collect();
        m.sort();
        m.dedup();
        m
    };
    let left: HashSet<&String> = mentors.iter().step_by(7).collect();
    let stopped: HashSet<&String> = mentors
        .iter()
        .skip(3)
        .step_by(5)
        .filter(|m| !left.contains(m))
        .collect();
    let mut data = n.to_dataset();
    data.people.retain(|p| !left.contains(&p.id));
    for p in &mut data.people {
        p.blocked.retain(|b| !left.contains(b));
        p.preferred.retain(|b| !left.contains(b));
        if p.manager.as_ref().is_some_and(|m| left.contains(m)) {
            p.manager = None;
        }
        if stopped.contains(&p.id) {
            p.mentor_capacity = 0;
        }
    }
    data.ties
        .retain(|t| !left.contains(&t.a) && !left.contains(&t.b));
    data.history
        .retain(|h| !left.contains(&h.mentee) && !left.contains(&h.mentor));
    data.affinities
        .retain(|a| !left.contains(&a.mentee) && !left.contains(&a.mentor));
    let later = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let report = next(&later, &config, &run, Carry::Keep);
    let previous = report.summary.previous.as_ref().unwrap();

    let before: HashSet<(String, String)> = run.mentor.iter().cloned().collect();
    let now: HashSet<(String, String)> = report
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.clone(), m.mentor.clone()))
        .collect();
    let before_s: HashSet<(String, String)> = run.sponsor.iter().cloned().collect();
    let now_s: HashSet<(String, String)> = report
        .sponsor_matches
        .iter()
        .map(|m| (m.mentee.clone(), m.sponsor.clone()))
        .collect();
    assert_eq!(
        previous.kept,
        before.intersection(&now).count() + before_s.intersection(&now_s).count()
    );
    assert_eq!(
        previous.added,
        now.difference(&before).count() + now_s.difference(&before_s).count()
    );
    assert_eq!(
        previous.kept + previous.dropped,
        run.mentor.len() + run.sponsor.len()
    );
    for d in previous
        .dropped_pairs
        .iter()
        .filter(|d| d.relationship == Role::Mentor)
    {
        let expected = if left.contains(&d.partner) || left.contains(&d.mentee) {
            "left"
        } else if stopped.contains(&d.partner) {
            "no_capacity"
        } else {
            // Nothing else changed for mentor pairs whose mentor stayed.
            panic!("{d:?} dropped")
        };
        assert_eq!(d.reason.code(), expected, "{d:?}");
    }
    let dropped_mentor = previous
        .dropped_pairs
        .iter()
        .filter(|d| d.relationship == Role::Mentor)
        .count();
    let expected_dropped = run
        .mentor
        .iter()
        .filter(|(a, m)| left.contains(a) || left.contains(m) || stopped.contains(m))
        .count();
    assert!(expected_dropped > 0);
    assert_eq!(dropped_mentor, expected_dropped);
    // Every previous pair that stayed is marked pinned.
    for m in &report.mentor_matches {
        assert_eq!(
            m.pinned,
            before.contains(&(m.mentee.clone(), m.mentor.clone()))
        );
    }
}

#[test]
fn a_run_becomes_history_records() {
    let run = PreviousRun {
        mentor: pairs(&[("a", "m")]),
        sponsor: pairs(&[("a", "s")]),
    };
    assert_eq!(
        run.history(),
        [
            HistoryRecord {
                mentee: "a".into(),
                mentor: "m".into(),
                kind: Role::Mentor,
                outcome: Outcome::Neutral,
            },
            HistoryRecord {
                mentee: "a".into(),
                mentor: "s".into(),
                kind: Role::Sponsor,
                outcome: Outcome::Neutral,
            },
        ]
    );
}

#[test]
fn malformed_previous_runs_name_the_file_record_field_and_value() {
    let cases = [
        (
            "not json",
            "q.json: line 1, column 2: not a match output (JSON)",
        ),
        ("[]", "q.json: the file: []: expected a match output"),
        (
            r#"{"sponsor_matches": []}"#,
            "q.json: mentor_matches: missing",
        ),
        (
            r#"{"mentor_matches": 3, "sponsor_matches": []}"#,
            "q.json: mentor_matches: 3: expected a list of matches",
        ),
        (
            r#"{"mentor_matches": [], "sponsor_matches": [{"mentee": "a"}]}"#,
            "q.json: sponsor_matches[0]: sponsor: missing",
        ),
        (
            r#"{"mentor_matches": [{"mentee": "a", "mentor": "b"}, {"mentee": "a", "mentor": "b"}], "sponsor_matches": []}"#,
            "q.json: mentor_matches[1]: [\"a\", \"b\"]: the pair is listed twice",
        ),
    ];
    for (text, expected) in cases {
        let err = PreviousRun::from_json(text, "q.json")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(expected), "{text}: {err}");
    }
}

#[test]
fn a_reason_names_at_most_a_few_pinned_pairs() {
    let mut people: Vec<PersonRecord> = (0..8).map(|i| seeker(&format!("s{i}"))).collect();
    people.push(mentor("m", 7));
    let n = network(people);
    let run = PreviousRun {
        mentor: (0..7).map(|i| (format!("s{i}"), "m".to_string())).collect(),
        sponsor: vec![],
    };
    let report = next(&n, &Config::default(), &run, Carry::Keep);
    let s7 = &report.unmatched[0];
    assert_eq!(s7.person, "s7");
    match &s7.reason {
        mentormatch::Reason::CandidatesFull {
            pinned_count,
            pinned,
            ..
        } => {
            assert_eq!((*pinned_count, pinned.len()), (7, mentormatch::NAMED_PINS));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        s7.message
            .contains("s4 with m (kept from the previous run) and 2 more"),
        "{}",
        s7.message
    );
}
