//! proptest invariants of scoring and candidate generation on small random
//! networks: criteria in [0, 1], candidates feasible, the indexed top-K equal
//! to brute force over all pairs, rejection counts equal to brute force,
//! the bounded network criterion equal to plain enumeration, and the same
//! output on one and two threads.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

mod common;

use common::network_strategy::{config, network};
use mentormatch::{
    candidates, sponsor_candidates, tie_break, Candidate, Candidates, Config, Constraint,
    Evaluation, MentorScorer, Network, PersonId, SponsorScorer, Weights,
};
use proptest::prelude::*;

/// All feasible pairs of `mentee` by scoring every other person, best
/// `keep` first (0 = all), and the first failed constraint of everyone else.
fn brute_force(
    net: &Network,
    mentee: PersonId,
    keep: usize,
    evaluate: impl Fn(PersonId, PersonId) -> Evaluation,
) -> (Vec<Candidate>, Vec<Constraint>) {
    let mut kept = Vec::new();
    let mut first = Vec::new();
    for t in net.person_ids().filter(|&t| t != mentee) {
        let ev = evaluate(mentee, t);
        if ev.is_feasible() {
            kept.push(Candidate {
                partner: t,
                combined: ev.score.combined,
                mentee_view: ev.score.mentee_view,
                partner_view: ev.score.mentor_view,
            });
        } else {
            first.push(ev.failed[0]);
        }
    }
    kept.sort_by(|a, b| {
        b.combined.total_cmp(&a.combined).then_with(|| {
            let id = |p: PersonId| net.person(p).unwrap().id.as_str();
            let (x, y) = (id(a.partner), id(b.partner));
            tie_break(id(mentee), x)
                .cmp(&tie_break(id(mentee), y))
                .then(x.cmp(y))
        })
    });
    if keep > 0 {
        kept.truncate(keep);
    }
    (kept, first)
}

fn check_against_brute_force(
    net: &Network,
    found: &Candidates,
    keep: usize,
    evaluate: impl Fn(PersonId, PersonId) -> Evaluation,
) -> Result<(), TestCaseError> {
    for &m in found.mentees() {
        let (expected, first) = brute_force(net, m, keep, &evaluate);
        prop_assert_eq!(found.of(m).unwrap(), expected.as_slice(), "mentee {}", m);
        if expected.is_empty() {
            let why = found.rejections(m).expect("unmatched mentees have reasons");
            for c in Constraint::ALL {
                let n = first.iter().filter(|&&f| f == c).count() as u32;
                prop_assert_eq!(why.count(c), n, "{} for mentee {}", c, m);
            }
            prop_assert_eq!(why.total(), net.people().len() as u64 - 1);
        } else {
            prop_assert!(found.rejections(m).is_none());
        }
    }
    Ok(())
}

/// The network criterion by enumerating every intermediary.
fn naive_network(net: &Network, m: PersonId, t: PersonId) -> f64 {
    if m == t {
        return 0.0;
    }
    let strength = |a, b| {
        net.tie_between(a, b)
            .map(|tie| net.tie(tie).unwrap().strength)
    };
    let mut best = strength(m, t).unwrap_or(0.0);
    for n in net.person_ids() {
        if n == m || n == t || !net.person(n).unwrap().introducible {
            continue;
        }
        if net.blocked_either_way(n, m).unwrap() || net.blocked_either_way(n, t).unwrap() {
            continue;
        }
        if let (Some(a), Some(b)) = (strength(m, n), strength(n, t)) {
            best = best.max(a * b);
        }
    }
    best
}

fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Generated organisations of a few hundred people (taxonomy, hubs,
    /// history with every outcome, affinities, chains): every candidate
    /// the hot path keeps has, bit for bit, the scores and verdict an
    /// explanation gives the pair, and every pair it leaves out that an
    /// explanation finds feasible ranks below its K-th best.
    #[test]
    fn the_hot_path_and_explanations_agree_on_generated_organisations(
        seed in 0u64..1_000,
        people in 150usize..450,
        config in config(),
    ) {
        let data = mentormatch::generate(&mentormatch::GeneratorConfig {
            people,
            seed,
            ..Default::default()
        });
        let net = Network::from_dataset(&data, &Default::default()).unwrap();
        let found = candidates(&net, &config).unwrap();
        let scorer = MentorScorer::new(&net, &config).unwrap();
        for (m, c) in found.pairs() {
            let ev = scorer.evaluate(m, c.partner).unwrap();
            prop_assert!(ev.is_feasible(), "{:?} fails {:?}", (m, c.partner), ev.failed);
            prop_assert_eq!(ev.score.combined.to_bits(), c.combined.to_bits());
            prop_assert_eq!(ev.score.mentee_view.to_bits(), c.mentee_view.to_bits());
            prop_assert_eq!(ev.score.mentor_view.to_bits(), c.partner_view.to_bits());
        }
        check_against_brute_force(&net, &found, config.constraints.max_candidates, |m, t| scorer.evaluate(m, t).unwrap())?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_criterion_lies_in_unit_interval(net in network(8), config in config()) {
        let mentors = MentorScorer::new(&net, &config).unwrap();
        let sponsors = SponsorScorer::new(&net, &config).unwrap();
        for m in net.person_ids() {
            for t in net.person_ids() {
                for ev in [mentors.evaluate(m, t).unwrap(), sponsors.evaluate(m, t).unwrap()] {
                    for c in ev.score.criteria() {
                        prop_assert!((0.0..=1.0).contains(&c.mentee_value), "{:?}", c);
                        prop_assert!((0.0..=1.0).contains(&c.mentor_value), "{:?}", c);
                    }
                    for (name, v) in ev.score.components() {
                        prop_assert!((0.0..=1.0).contains(&v), "{} = {}", name, v);
                    }
                }
                let network = mentors.evaluate(m, t).unwrap().score.criterion("network").unwrap();
                prop_assert_eq!(network.mentee_value, naive_network(&net, m, t));
            }
        }
    }

    #[test]
    fn candidates_equal_brute_force_top_k(net in network(10), config in config()) {
        let found = candidates(&net, &config).unwrap();
        let scorer = MentorScorer::new(&net, &config).unwrap();
        for (m, c) in found.pairs() {
            let ev = scorer.evaluate(m, c.partner).unwrap();
            prop_assert!(ev.is_feasible(), "{:?} fails {:?}", (m, c.partner), ev.failed);
        }
        check_against_brute_force(&net, &found, config.constraints.max_candidates, |m, t| scorer.evaluate(m, t).unwrap())?;
    }

    /// Bigger networks with a small K: most proposed mentors meet a full
    /// top-K, so the score bound that skips them is exercised.
    #[test]
    fn candidates_equal_brute_force_top_k_when_most_are_beaten(
        net in network(40),
        config in config(),
        keep in 1usize..=3,
    ) {
        let mut config = config;
        config.constraints.max_candidates = keep;
        let found = candidates(&net, &config).unwrap();
        let scorer = MentorScorer::new(&net, &config).unwrap();
        check_against_brute_force(&net, &found, keep, |m, t| scorer.evaluate(m, t).unwrap())?;
    }

    #[test]
    fn sponsor_candidates_equal_brute_force_top_k(net in network(10), config in config()) {
        let found = sponsor_candidates(&net, &config).unwrap();
        let scorer = SponsorScorer::new(&net, &config).unwrap();
        for (m, c) in found.pairs() {
            prop_assert!(scorer.evaluate(m, c.partner).unwrap().is_feasible());
        }
        check_against_brute_force(&net, &found, config.sponsor.max_candidates, |m, t| scorer.evaluate(m, t).unwrap())?;
    }

    /// Bigger networks with a small K: sponsor lists end early, so the
    /// bounds that end them are exercised.
    #[test]
    fn sponsor_candidates_equal_brute_force_top_k_when_most_are_beaten(
        net in network(40),
        config in config(),
        keep in 1usize..=3,
    ) {
        let mut config = config;
        config.sponsor.max_candidates = keep;
        let found = sponsor_candidates(&net, &config).unwrap();
        let scorer = SponsorScorer::new(&net, &config).unwrap();
        check_against_brute_force(&net, &found, keep, |m, t| scorer.evaluate(m, t).unwrap())?;
    }

    #[test]
    fn same_output_on_one_and_two_threads(net in network(12), config in config()) {
        let one = on_threads(1, || (candidates(&net, &config).unwrap(), sponsor_candidates(&net, &config).unwrap()));
        let two = on_threads(2, || (candidates(&net, &config).unwrap(), sponsor_candidates(&net, &config).unwrap()));
        prop_assert_eq!(one, two);
    }

    #[test]
    fn bring_your_own_scores(net in network(10)) {
        let mut config = Config::default();
        config.weights = Weights::affinity_only();
        config.constraints.require_skill_overlap = false;
        config.constraints.max_candidates = 0;
        let found = candidates(&net, &config).unwrap();
        let scorer = MentorScorer::new(&net, &config).unwrap();
        for a in net.affinities() {
            let ev = scorer.evaluate(a.mentee, a.mentor).unwrap();
            prop_assert_eq!(ev.score.mentee_view, a.score);
            prop_assert_eq!(ev.score.mentor_view, a.mentor_score);
            if a.score == a.mentor_score {
                prop_assert_eq!(ev.score.combined, a.score);
            }
            // Only the pair's situation can exclude it, never its score.
            for c in &ev.failed {
                prop_assert!(!matches!(c, Constraint::NoSupport | Constraint::BelowMinScore | Constraint::NoSkillOverlap), "{}", c);
            }
            let kept = found.of(a.mentee).unwrap().iter().any(|c| c.partner == a.mentor);
            prop_assert_eq!(kept, ev.is_feasible());
        }
        // Nothing else is a candidate.
        for (m, c) in found.pairs() {
            prop_assert!(net.affinity(m, c.partner).is_some());
        }
    }
}
