//! Candidate lists must not starve the assignment: with tied scores or
//! shared favourites, the top `max_candidates` per mentee could all name the
//! same few mentors and leave the others idle. Ties break by a hash of the
//! pair, and a matching run adds the feasible pairs of seekers and partners
//! who both still have room, so that when it ends no such pair is left out.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

use mentormatch::{match_cohort, Config, Dataset, LoadOptions, MentorScorer, Network, Policy};
use proptest::prelude::*;
use serde_json::json;

const POLICIES: [Policy; 4] = [
    Policy::Optimal,
    Policy::Coverage,
    Policy::Stable,
    Policy::Greedy,
];

fn network(value: serde_json::Value) -> Network {
    let dataset: Dataset = serde_json::from_value(value).expect("a dataset");
    Network::from_dataset(&dataset, &LoadOptions::default()).expect("valid")
}

fn config(policy: Policy, max_candidates: usize) -> Config {
    let mut config = Config::default();
    config.assign.policy = policy;
    config.constraints.max_candidates = max_candidates;
    config
}

/// The instance: 120 mentees who want `x` and hold it at level 1,
/// 100 mentors at level 5 with one place each. Every pair scores the same.
fn tied(mentees: usize, mentors: usize) -> Network {
    let mut people = Vec::new();
    for i in 0..mentees {
        people.push(json!({"id": format!("e{i:03}"), "skills": {"x": 1},
            "goals": [{"skill": "x", "level": 5}], "seeks": ["mentor"]}));
    }
    for i in 0..mentors {
        people.push(json!({"id": format!("t{i:03}"), "skills": {"x": 5}, "mentor_capacity": 1}));
    }
    network(json!({"people": people}))
}

#[test]
fn tied_scores_fill_every_place_under_every_policy() {
    let net = tied(120, 100);
    for policy in POLICIES {
        let report = match_cohort(&net, &config(policy, 50)).unwrap();
        assert_eq!(report.summary.matched, 100, "{policy:?}");
        assert_eq!(report.summary.mentor_load.full, 100, "{policy:?}");
    }
}

#[test]
fn tied_scores_spread_over_mentors_before_any_repair() {
    // The candidate lists themselves spread: every one of the 100 mentors is
    // kept by some mentee (ties broken by id kept the same 50 for all).
    let net = tied(120, 100);
    let found = MentorScorer::new(&net, &Config::default())
        .unwrap()
        .candidates();
    let mut kept: Vec<_> = found.pairs().map(|(_, c)| c.partner).collect();
    kept.sort();
    kept.dedup();
    assert_eq!(kept.len(), 100);
}

#[test]
fn complete_graph_with_equal_ties_fills_every_place() {
    // Everyone is tied to everyone with the same strength; half seek, half
    // offer one place, with a small candidate list to make ties bite.
    let n = 120;
    let mut people = Vec::new();
    for i in 0..n {
        if i % 2 == 0 {
            people.push(
                json!({"id": format!("p{i:03}"), "goals": [{"skill": "x", "level": 4}],
                "seeks": ["mentor"]}),
            );
        } else {
            people.push(json!({"id": format!("p{i:03}"), "skills": {"x": 5},
                "mentor_capacity": 1}));
        }
    }
    let mut ties = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            ties.push(json!({"a": format!("p{a:03}"), "b": format!("p{b:03}"), "strength": 0.5}));
        }
    }
    let net = network(json!({"people": people, "ties": ties}));
    for policy in POLICIES {
        let report = match_cohort(&net, &config(policy, 5)).unwrap();
        assert_eq!(report.summary.matched, n / 2, "{policy:?}");
    }
}

/// A small cohort where every mentee can take every mentor (one shared
/// goal, no managers, no blocks), with scores from few distinct values —
/// the shape on which sparse candidate lists starve.
fn complete_bipartite() -> impl Strategy<Value = (Network, u32)> {
    (
        proptest::collection::vec((1u8..3, 0usize..3), 1..9),
        proptest::collection::vec((3u8..6, 0usize..3, 1u32..3), 1..7),
        1u32..3,
    )
        .prop_map(|(mentees, mentors, per_mentee)| {
            let tags = ["a", "b", "c"];
            let mut people = Vec::new();
            for (i, (level, tag)) in mentees.into_iter().enumerate() {
                people.push(json!({"id": format!("e{i}"), "skills": {"x": level},
                    "goals": [{"skill": "x", "level": 5}], "experiences": [tags[tag]],
                    "seeks": ["mentor"]}));
            }
            for (i, (level, tag, capacity)) in mentors.into_iter().enumerate() {
                people.push(json!({"id": format!("t{i}"), "skills": {"x": level},
                    "experiences": [tags[tag]], "mentor_capacity": capacity}));
            }
            (network(json!({"people": people})), per_mentee)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whenever the complete problem can cover C mentees (one mentor each),
    /// the run with one candidate per mentee covers C too, under every
    /// policy; and with one or two mentors per mentee, no mentee with room
    /// is left beside a mentor with room (every pair here is feasible and
    /// scores above 0).
    #[test]
    fn sparse_candidates_cover_what_the_complete_problem_covers(
        (net, per_mentee) in complete_bipartite(),
    ) {
        let mentees: Vec<_> = net.person_ids().filter(|&p| net.person(p).unwrap().seeks_mentor).collect();
        // Every mentee can take any mentor: with one mentor each, the most
        // that can be covered is limited only by the places.
        let places: u32 = net.people().iter().map(|p| p.mentor_capacity).sum();
        let best = mentees.len().min(places as usize);
        for policy in POLICIES {
            let mut sparse = config(policy, 1);
            sparse.assign.mentors_per_mentee = per_mentee;
            let report = match_cohort(&net, &sparse).unwrap();
            if per_mentee == 1 {
                prop_assert_eq!(report.summary.matched, best, "{:?}", policy);
            }
            // Maximal: a mentee with room and a mentor with room are
            // already matched together.
            let mut got = std::collections::HashMap::new();
            let mut taken = std::collections::HashMap::new();
            let mut pairs = std::collections::HashSet::new();
            for m in &report.mentor_matches {
                *got.entry(m.mentee.clone()).or_insert(0u32) += 1;
                *taken.entry(m.mentor.clone()).or_insert(0u32) += 1;
                pairs.insert((m.mentee.clone(), m.mentor.clone()));
            }
            for &e in &mentees {
                let e = &net.person(e).unwrap().id;
                if got.get(e).copied().unwrap_or(0) >= per_mentee {
                    continue;
                }
                for t in net.people().iter().filter(|p| p.mentor_capacity > 0) {
                    let room = taken.get(&t.id).copied().unwrap_or(0) < t.mentor_capacity;
                    prop_assert!(
                        !room || pairs.contains(&(e.clone(), t.id.clone())),
                        "{:?}: {} and {} both have room", policy, e, t.id
                    );
                }
            }
        }
    }
}

/// The price of sparsity on a generated organisation: the default top 50
/// per mentee loses at most 0.1% of the total score that keeping every
/// feasible pair would reach (measured: 0 at 2,000 people, 0.014% at
/// 10,000; README, "Performance"), and covers as many mentees.
#[test]
fn default_candidates_lose_almost_nothing_against_all_pairs() {
    let data = mentormatch::generate(&mentormatch::GeneratorConfig {
        people: 2_000,
        seed: 3,
        ..Default::default()
    });
    let net = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let sparse = match_cohort(&net, &config(Policy::Optimal, 50)).unwrap();
    let all = match_cohort(&net, &config(Policy::Optimal, 0)).unwrap();
    assert_eq!(sparse.summary.matched, all.summary.matched);
    let (s, a) = (sparse.summary.total_score, all.summary.total_score);
    assert!(s <= a + 1e-6, "{s} > {a}");
    assert!(s >= a * (1.0 - 1e-3), "{s} vs {a}");
}

/// A pinned pair that is not among the candidates is chosen in the first
/// assignment; filling the places left must not propose it again.
#[test]
fn a_pinned_pair_is_not_filled_twice() {
    let net = network(json!({"people": [
        {"id": "m", "skills": {"x": 1}, "goals": [{"skill": "x", "level": 5}], "seeks": ["mentor"]},
        {"id": "u", "skills": {"x": 5}, "mentor_capacity": 1},
        {"id": "t", "skills": {"x": 3}, "mentor_capacity": 2},
    ]}));
    let mut config = config(Policy::Optimal, 1);
    config.assign.mentors_per_mentee = 3;
    config.assign.pinned = vec![vec!["m".into(), "t".into()]];
    let report = match_cohort(&net, &config).unwrap();
    let pairs: Vec<(&str, &str)> = report
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.as_str(), m.mentor.as_str()))
        .collect();
    assert_eq!(pairs, [("m", "t"), ("m", "u")]);
}

/// A taxonomy credit so small that its square rounds to 0 gives no credit
/// at two steps, and never a NaN score.
#[test]
fn a_tiny_taxonomy_credit_gives_no_nan() {
    let net = network(json!({
        "skills": [{"id": "cat"}, {"id": "a", "parent": "cat"}, {"id": "b", "parent": "cat"}],
        "people": [
            {"id": "p", "org": "P", "goals": [{"skill": "a", "level": 5}], "seeks": ["mentor", "sponsor"]},
            {"id": "s", "org": "O", "skills": {"b": 5}, "mentor_capacity": 1, "sponsor_capacity": 1},
        ],
        "ties": [{"a": "p", "b": "s", "strength": 0.9}],
    }));
    let mut config = Config::default();
    config.criteria.taxonomy_credit = 1e-170;
    let report = match_cohort(&net, &config).unwrap();
    for m in &report.mentor_matches {
        assert!(m.score.is_finite());
    }
    for m in &report.sponsor_matches {
        assert!(m.score.is_finite());
    }
}

/// The fill offers each seeker its best partners a round at a time; a
/// forbidden pair must not take up one of those offers, or a seeker whose
/// best partner with room is forbidden would never be offered the next.
#[test]
fn a_forbidden_best_partner_does_not_hide_the_next_one_from_the_fill() {
    let person = |id: &str, tz: i32, skill: Option<u8>, seeks: bool| {
        let mut p = json!({"id": id, "timezone": tz, "seniority": if seeks { 1 } else { 3 }});
        if let Some(level) = skill {
            p["skills"] = json!({"x": level});
            p["mentor_capacity"] = json!(1);
        }
        if seeks {
            p["seeks"] = json!(["mentor"]);
            p["goals"] = json!([{"skill": "x", "level": 3, "priority": 1}]);
        }
        p
    };
    let net = network(json!({
        "skills": [{"id": "x"}],
        "people": [
            person("m1", 0, None, true),
            person("m2", 0, None, true),
            person("a", 0, Some(5), false),
            person("b", 3, Some(5), false),
            person("c", 6, Some(4), false),
        ]
    }));
    let mut config = config(Policy::Optimal, 1);
    config.assign.pinned = vec![vec!["m2".into(), "a".into()]];
    config.assign.forbidden = vec![vec!["m1".into(), "b".into()]];
    let report = match_cohort(&net, &config).unwrap();
    let pairs: Vec<(&str, &str)> = report
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.as_str(), m.mentor.as_str()))
        .collect();
    assert_eq!(pairs, [("m1", "c"), ("m2", "a")]);
}
