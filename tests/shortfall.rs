//! Demand against capacity: `summary.shortfall` per goal skill and level,
//! `summary.demand` per role, and the level-aware figures the unmatched
//! reasons quote — on hand-built cases with exact answers, and against an
//! independent count on a generated organisation.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

mod common;

use std::collections::{BTreeMap, HashMap};

use mentormatch::{
    match_cohort, Config, Dataset, GoalRecord, LoadOptions, Network, PersonRecord, Reason, Role,
    RoleDemand, Shortfall, SkillLevels,
};

fn seeker(id: &str, goals: &[(&str, u8)]) -> PersonRecord {
    let mut p = PersonRecord::new(id);
    p.goals = goals
        .iter()
        .map(|&(skill, level)| GoalRecord {
            skill: skill.into(),
            level,
            priority: 1,
        })
        .collect();
    p.seeks = vec![Role::Mentor];
    p
}

fn mentor(id: &str, skills: &[(&str, u8)], capacity: u32) -> PersonRecord {
    let mut p = PersonRecord::new(id);
    p.skills = SkillLevels(skills.iter().map(|&(s, l)| (s.into(), l)).collect());
    p.mentor_capacity = capacity;
    p
}

fn shortfall(skill: &str, level: u8, seeking: u64, places: u64) -> Shortfall {
    Shortfall {
        skill: skill.into(),
        level,
        seeking,
        places,
    }
}

fn network(people: Vec<PersonRecord>) -> Network {
    let data = Dataset {
        people,
        ..Dataset::default()
    };
    Network::from_dataset(&data, &LoadOptions::default()).unwrap()
}

#[test]
fn shortfall_counts_only_mentors_who_meet_the_level() {
    // Two people want facilitation at level 5, one at level 3; the level-5
    // mentor has one place, the level-3 mentor two. One wants coaching at
    // level 2 and the only coach is at level 1.
    let n = network(vec![
        seeker("a", &[("facilitation", 3)]),
        seeker("b", &[("facilitation", 5)]),
        seeker("c", &[("facilitation", 5)]),
        seeker("d", &[("coaching", 2)]),
        mentor("m1", &[("facilitation", 5)], 1),
        mentor("m2", &[("facilitation", 3)], 2),
        mentor("m3", &[("coaching", 1)], 1),
    ]);
    let report = match_cohort(&n, &Config::default()).unwrap();
    common::round_trip_equal(&report);
    // Gap 1 twice (coaching before facilitation by skill id), then -2.
    assert_eq!(
        report.summary.shortfall,
        vec![
            shortfall("coaching", 2, 1, 0),
            shortfall("facilitation", 5, 2, 1),
            shortfall("facilitation", 3, 1, 3),
        ]
    );
    assert_eq!(
        report.summary.demand.mentor,
        RoleDemand {
            seeking: 4,
            places: 4
        }
    );
    assert_eq!(
        report.summary.demand.sponsor,
        RoleDemand {
            seeking: 0,
            places: 0
        }
    );
    let json = serde_json::to_value(&report.summary).unwrap();
    assert_eq!(
        json["shortfall"][1],
        serde_json::json!({"skill": "facilitation", "level": 5, "seeking": 2, "places": 1})
    );
    assert_eq!(
        json["demand"],
        serde_json::json!({"mentor": {"seeking": 4, "places": 4}, "sponsor": {"seeking": 0, "places": 0}})
    );
}

#[test]
fn full_candidates_name_the_pinned_pair_and_the_demand_at_the_level_sought() {
    // One mentor, one place, pinned to b: a's only candidate is full.
    let n = network(vec![
        seeker("a", &[("rust", 4)]),
        seeker("b", &[("rust", 2)]),
        mentor("m", &[("rust", 5)], 1),
    ]);
    let mut config = Config::default();
    config.assign.pinned = vec![vec!["b".into(), "m".into()]];
    let report = match_cohort(&n, &config).unwrap();
    common::round_trip_equal(&report);
    assert_eq!(report.unmatched.len(), 1);
    let a = &report.unmatched[0];
    assert_eq!((a.person.as_str(), a.seeking), ("a", Role::Mentor));
    assert_eq!(a.reason.code(), "candidates_full");
    assert_eq!(
        a.message,
        "the only candidate mentor is full, taken by pinned pairs, and no mentor with a free \
         place passes the hard constraints with them; pinned pairs hold places of their \
         candidates: b with m ([assign] pinned); demand against capacity for their goals: rust \
         at level 4: 1 seeking, 1 place with mentors at that level or above; overall 2 people \
         seek a mentor for 1 place"
    );
    let json = serde_json::to_value(a).unwrap();
    assert_eq!(json["reason"], "candidates_full");
    assert_eq!(json["seeking"], "mentor");
    // The typed reason's fields sit beside its code, for tools to read.
    assert_eq!(json["candidates"], 1);
    assert_eq!(json["policy"], "optimal");
    assert_eq!(json["pinned_count"], 1);
    assert_eq!(
        json["pinned"],
        serde_json::json!([{"mentee": "b", "partner": "m", "origin": "config"}])
    );
}

#[test]
fn nobody_offering_and_no_goals_have_their_own_codes() {
    let n = network(vec![seeker("a", &[("rust", 4)]), seeker("b", &[])]);
    let report = match_cohort(&n, &Config::default()).unwrap();
    common::round_trip_equal(&report);
    let codes: Vec<(&str, &str)> = report
        .unmatched
        .iter()
        .map(|u| (u.person.as_str(), u.reason.code()))
        .collect();
    assert_eq!(codes, [("a", "no_capacity"), ("b", "no_capacity")]);

    let n = network(vec![seeker("a", &[]), mentor("m", &[("rust", 5)], 1)]);
    let mut config = Config::default();
    config.constraints.require_skill_overlap = true;
    let report = match_cohort(&n, &config).unwrap();
    common::round_trip_equal(&report);
    let a = &report.unmatched[0];
    assert_eq!(a.reason.code(), "no_goals");
    assert!(
        a.message
            .starts_with("they list no goals, so no mentor can cover them; "),
        "{}",
        a.message
    );
}

#[test]
fn shortfall_and_reasons_agree_with_an_independent_count() {
    let n = common::organisation(1500, 11);
    // Few places, so that many are left unmatched with full candidates.
    let mut data = n.to_dataset();
    for (i, p) in data.people.iter_mut().enumerate() {
        if i % 3 != 0 {
            p.mentor_capacity = 0;
        }
    }
    let n = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let report = match_cohort(&n, &Config::default()).unwrap();
    common::round_trip_equal(&report);

    // Count by brute force: every seeker's goals, every mentor against
    // every goal skill and level.
    let mut seeking: BTreeMap<(String, u8), u64> = BTreeMap::new();
    for p in n.people().iter().filter(|p| p.seeks_mentor) {
        for g in &p.goals {
            *seeking
                .entry((n.skill(g.skill).unwrap().id.clone(), g.level))
                .or_default() += 1;
        }
    }
    let places = |skill: &str, level: u8| -> u64 {
        let id = n.skill_id(skill).unwrap();
        n.people()
            .iter()
            .filter(|p| p.mentor_capacity > 0 && p.level(id) >= level)
            .map(|p| u64::from(p.mentor_capacity))
            .sum()
    };
    let expected: HashMap<(String, u8), (u64, u64)> = seeking
        .iter()
        .map(|((s, l), &k)| ((s.clone(), *l), (k, places(s, *l))))
        .collect();
    let got = &report.summary.shortfall;
    assert_eq!(got.len(), expected.len());
    for s in got {
        assert_eq!(
            expected[&(s.skill.clone(), s.level)],
            (s.seeking, s.places),
            "{s:?}"
        );
    }
    for w in got.windows(2) {
        let key = |s: &Shortfall| (-s.gap(), s.skill.clone(), s.level);
        assert!(key(&w[0]) < key(&w[1]), "{:?} before {:?}", w[0], w[1]);
    }
    assert!(got[0].gap() > 0, "the case should have a shortfall");

    let seekers = n.people().iter().filter(|p| p.seeks_mentor).count();
    let capacity: u64 = n
        .people()
        .iter()
        .map(|p| u64::from(p.mentor_capacity))
        .sum();
    assert_eq!(
        report.summary.demand.mentor,
        RoleDemand {
            seeking: seekers,
            places: capacity
        }
    );

    // Every full-candidates reason quotes the same figures for the
    // person's goals, in their order.
    let mut full = 0;
    for u in report
        .unmatched
        .iter()
        .filter(|u| u.seeking == Role::Mentor)
    {
        if let Reason::CandidatesFull { goals, overall, .. } = &u.reason {
            full += 1;
            let p = n.person(n.person_id(&u.person).unwrap()).unwrap();
            assert_eq!(goals.len(), p.goals.len());
            for (g, goal) in goals.iter().zip(&p.goals) {
                assert_eq!(g.skill, n.skill(goal.skill).unwrap().id);
                assert_eq!(g.level, goal.level);
                assert_eq!((g.seeking, g.places), expected[&(g.skill.clone(), g.level)]);
            }
            assert_eq!(*overall, report.summary.demand.mentor);
        }
    }
    assert!(
        full > 0,
        "the case should leave someone with full candidates"
    );
}

/// Honest reasons when pins and forbidden pairs decide: places held partly
/// by a pin and partly by the policy's choice say both, and a mentee whose
/// other candidates are forbidden is told so.
#[test]
fn reasons_say_what_pins_and_forbidden_pairs_decided() {
    // m1 has two places: one pinned to b, the other the policy gives to c
    // or d, who prefer m1 and m3 and so score higher with them than a does;
    // m3 is forbidden with a.
    let keen = |id: &str| {
        let mut p = seeker(id, &[("rust", 2)]);
        p.preferred = vec!["m1".into(), "m3".into()];
        p
    };
    let n = network(vec![
        seeker("a", &[("rust", 2)]),
        seeker("b", &[("rust", 2)]),
        keen("c"),
        keen("d"),
        mentor("m1", &[("rust", 5)], 2),
        mentor("m3", &[("rust", 5)], 1),
    ]);
    let mut config = Config::default();
    config.assign.pinned = vec![vec!["b".into(), "m1".into()]];
    config.assign.forbidden = vec![vec!["a".into(), "m3".into()]];
    let report = match_cohort(&n, &config).unwrap();
    common::round_trip_equal(&report);
    let unmatched: Vec<_> = report.unmatched.iter().map(|u| u.person.as_str()).collect();
    if unmatched == ["a"] {
        let a = &report.unmatched[0];
        assert_eq!(a.reason.code(), "candidates_full", "{}", a.message);
        assert!(
            a.message.starts_with(
                "the only candidate mentor is full, taken by pinned pairs and pairs the \
                 optimal policy chose instead, "
            ),
            "{}",
            a.message
        );
        assert!(
            a.message
                .contains("; 1 pair with them removed by [assign] forbidden"),
            "{}",
            a.message
        );
    } else {
        panic!("expected only a unmatched: {:?}", report.unmatched);
    }
}
