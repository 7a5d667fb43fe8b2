//! Introductions to suggest, checked against a brute-force enumeration of
//! every pair of a connector's contacts.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

mod common;

use common::organisation;
use mentormatch::{suggest_introductions, Config, MentorScorer, Network, PersonId, SuggestConfig};

/// Every qualifying pair of `connector`'s contacts with its score, computed
/// the slow and obvious way.
fn brute_force(
    n: &Network,
    config: &Config,
    connector: PersonId,
) -> Vec<(f64, PersonId, PersonId)> {
    if !n.person(connector).unwrap().introducible {
        return Vec::new();
    }
    let scorer = MentorScorer::new(n, config).unwrap();
    let contacts: Vec<PersonId> = n
        .neighbors(connector)
        .unwrap()
        .iter()
        .map(|x| x.person)
        .filter(|&p| !n.blocked_either_way(p, connector).unwrap())
        .collect();
    let mut out = Vec::new();
    for &a in &contacts {
        for &b in &contacts {
            if a >= b || n.tie_between(a, b).is_some() || n.blocked_either_way(a, b).unwrap() {
                continue;
            }
            let fit = |x: PersonId, y: PersonId| {
                scorer
                    .evaluate(x, y)
                    .unwrap()
                    .score
                    .criterion("skill_fit")
                    .unwrap()
                    .mentee_value
            };
            let benefit = fit(a, b) + fit(b, a);
            if benefit > 0.0 {
                let warmth = |p: PersonId| {
                    n.tie(n.tie_between(connector, p).unwrap())
                        .unwrap()
                        .strength
                };
                out.push((benefit * warmth(a) * warmth(b), a, b));
            }
        }
    }
    out.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    out
}

#[test]
fn suggestions_equal_the_brute_force_ranking() {
    let config = Config::default();
    for seed in [1, 2] {
        let n = organisation(400, seed);
        // The busiest connectors and a few ordinary people.
        let mut people: Vec<PersonId> = n.person_ids().collect();
        people.sort_by_key(|&p| std::cmp::Reverse((n.neighbors(p).unwrap().len(), p)));
        for &connector in people.iter().take(3).chain(people.iter().step_by(97)) {
            let options = SuggestConfig {
                k: 15,
                ..SuggestConfig::default()
            };
            let found = suggest_introductions(&n, &config, connector, &options).unwrap();
            let expected = brute_force(&n, &config, connector);
            assert_eq!(found.len(), expected.len().min(15));
            for (s, e) in found.iter().zip(&expected) {
                assert_eq!((s.a, s.b), (e.1, e.2), "connector {connector}");
                assert!((s.score - e.0).abs() < 1e-12);
                assert!(s.a != connector && s.b != connector);
            }
        }
    }
}

#[test]
fn a_connector_who_opted_out_suggests_nothing() {
    let n = organisation(300, 4);
    let hidden = n
        .person_ids()
        .find(|&p| !n.person(p).unwrap().introducible && n.neighbors(p).unwrap().len() > 2)
        .expect("the generator makes some people non-introducible");
    let found =
        suggest_introductions(&n, &Config::default(), hidden, &SuggestConfig::default()).unwrap();
    assert!(found.is_empty());
}

/// Each suggestion's reason names, for every direction that gains, the
/// helper, the learner and the learner's goals; and nothing else.
#[test]
fn reasons_name_who_helps_whom_with_which_goals() {
    let config = Config::default();
    let n = organisation(400, 1);
    let mut people: Vec<PersonId> = n.person_ids().collect();
    people.sort_by_key(|&p| std::cmp::Reverse((n.neighbors(p).unwrap().len(), p)));
    let mut checked = 0;
    for &connector in people.iter().take(3) {
        let options = SuggestConfig {
            k: 20,
            ..SuggestConfig::default()
        };
        for s in suggest_introductions(&n, &config, connector, &options).unwrap() {
            let reason = s.reason(&n);
            let says = |learner: PersonId, teacher: PersonId| {
                let goals: Vec<&str> = n
                    .person(learner)
                    .unwrap()
                    .goals
                    .iter()
                    .map(|g| n.skill(g.skill).unwrap().id.as_str())
                    .collect();
                format!(
                    "{} can help {} with their goals ({})",
                    n.person(teacher).unwrap().id,
                    n.person(learner).unwrap().id,
                    goals.join(", ")
                )
            };
            let expected: Vec<String> = [(s.a_gains, s.a, s.b), (s.b_gains, s.b, s.a)]
                .into_iter()
                .filter(|&(gain, _, _)| gain > 0.0)
                .map(|(_, learner, teacher)| says(learner, teacher))
                .collect();
            assert!(!expected.is_empty());
            assert_eq!(reason, expected.join("; "));
            checked += 1;
        }
    }
    assert!(checked > 0);
}
