//! A live cohort against whole runs: after every batch of random changes
//! (people joining, leaving and changing — skills, goals, capacities,
//! managers, blocks, opting out of introductions — and ties made and
//! ended), every candidate list equals the one `candidates` gives for the
//! updated network, and the matches are feasible, within capacity, never
//! forbidden, and leave no mentee with room beside a mentor with room
//! they could pair with (checked by scoring every such pair); the same
//! changes give the same pairs on any number of threads.
#![cfg(feature = "generate")]

mod common;

use std::collections::HashMap;

use common::SplitMix;
use mentormatch::{
    assign, candidates, generate, AssignConfig, AssignProblem, ChangeSet, Config, ErrorKind,
    GeneratorConfig, LiveCohort, LoadOptions, MentorScorer, Network, PersonRecord, Policy, Role,
};

fn check(live: &LiveCohort, config: &Config) {
    let net = live.network();
    let fresh = candidates(net, config).unwrap();
    for p in net.person_ids() {
        assert_eq!(
            live.candidates_of(p).unwrap(),
            fresh.of(p).unwrap(),
            "the candidates of {}",
            net.person(p).unwrap().id
        );
    }
    let scorer = MentorScorer::new(net, config).unwrap();
    let id = |s: &str| net.person_id(s).unwrap();
    let forbidden: Vec<(String, String)> = config
        .assign
        .forbidden
        .iter()
        .map(|p| (p[0].clone(), p[1].clone()))
        .collect();
    let (mut got, mut taken): (HashMap<&str, u32>, HashMap<&str, u32>) = Default::default();
    let mut total = 0.0;
    for pair in live.pairs() {
        let e = scorer.evaluate(id(&pair.mentee), id(&pair.mentor)).unwrap();
        assert!(e.is_feasible(), "{pair:?}: {:?}", e.failed);
        assert!((e.score.combined - pair.score).abs() < 1e-6, "{pair:?}");
        assert!(!forbidden.contains(&(pair.mentee.clone(), pair.mentor.clone())));
        total += e.score.combined;
        *got.entry(&pair.mentee).or_default() += 1;
        *taken.entry(&pair.mentor).or_default() += 1;
    }
    assert!((total - live.total_score()).abs() < 1e-9);
    // The live pairs are feasible and include every fresh candidate pair,
    // so the total lies between the optimum over the candidates and the
    // optimum over every feasible pair (forbidden ones left out of both).
    let optimum = |max_candidates: usize| {
        let mut c = config.clone();
        c.constraints.max_candidates = max_candidates;
        let found = candidates(net, &c).unwrap();
        let offering: Vec<_> = net
            .person_ids()
            .filter(|&p| net.person(p).unwrap().capacity(Role::Mentor) > 0)
            .collect();
        let right_of: HashMap<_, u32> = offering
            .iter()
            .enumerate()
            .map(|(j, &p)| (p, j as u32))
            .collect();
        let mut problem = AssignProblem::new(
            vec![config.assign.mentors_per_mentee; found.mentees().len()],
            offering
                .iter()
                .map(|&p| net.person(p).unwrap().capacity(Role::Mentor))
                .collect(),
        );
        for (i, &m) in found.mentees().iter().enumerate() {
            for cand in found.of(m).unwrap() {
                let pair = (
                    net.person(m).unwrap().id.clone(),
                    net.person(cand.partner).unwrap().id.clone(),
                );
                if !forbidden.contains(&pair) {
                    problem.add_edge(i as u32, right_of[&cand.partner], cand.combined);
                }
            }
        }
        assign(&problem, &AssignConfig::default()).unwrap().total()
    };
    let (low, high) = (optimum(config.constraints.max_candidates), optimum(0));
    assert!(
        low <= live.total_score() + 1e-9 && live.total_score() <= high + 1e-9,
        "{low} <= {} <= {high}",
        live.total_score()
    );
    let per_mentee = config.assign.mentors_per_mentee;
    for (m, &n) in &got {
        assert!(net.at_id(m).seeks(Role::Mentor) && n <= per_mentee, "{m}");
    }
    for (t, &n) in &taken {
        assert!(n <= net.at_id(t).capacity(Role::Mentor), "{t}");
    }
    // The fill's guarantee, by brute force.
    for m in net.person_ids() {
        let mp = net.person(m).unwrap();
        if !mp.seeks(Role::Mentor) || got.get(mp.id.as_str()).copied().unwrap_or(0) >= per_mentee {
            continue;
        }
        for t in net.person_ids() {
            let tp = net.person(t).unwrap();
            let room = tp.capacity(Role::Mentor) > taken.get(tp.id.as_str()).copied().unwrap_or(0);
            if t == m || !room || forbidden.contains(&(mp.id.clone(), tp.id.clone())) {
                continue;
            }
            let e = scorer.evaluate(m, t).unwrap();
            assert!(
                !(e.is_feasible() && e.score.combined > 0.0),
                "{} has room beside {} with room ({})",
                mp.id,
                tp.id,
                e.score.combined
            );
        }
    }
}

/// Helpers on a network for the test.
trait ById {
    fn at_id(&self, id: &str) -> &mentormatch::Person;
}

impl ById for Network {
    fn at_id(&self, id: &str) -> &mentormatch::Person {
        self.person(self.person_id(id).unwrap()).unwrap()
    }
}

/// A random batch of one to three changes to `records` (the network's
/// records): a leaver without reports, a joiner (a copy of someone, tied to
/// a few people), an edited record, a tie made, a tie ended.
fn changes(rng: &mut SplitMix, net: &Network, joined: &mut usize, lines: bool) -> ChangeSet {
    let data = net.to_dataset();
    let people = &data.people;
    let mut set = ChangeSet::default();
    let managers: std::collections::HashSet<&str> =
        people.iter().filter_map(|p| p.manager.as_deref()).collect();
    let pick = |rng: &mut SplitMix| &people[rng.below(people.len())];
    for _ in 0..1 + rng.below(3) {
        match if lines { 2 } else { rng.below(6) } {
            0 => {
                let p = pick(rng);
                if !managers.contains(p.id.as_str())
                    && !set.remove_people.contains(&p.id)
                    && !set.people.iter().any(|r| r.id == p.id)
                {
                    set.remove_people.push(p.id.clone());
                }
            }
            1 => {
                *joined += 1;
                let mut r: PersonRecord = pick(rng).clone();
                r.id = format!("joiner{joined}");
                r.name = String::new();
                r.blocked.clear();
                r.preferred.clear();
                r.seeks = if rng.below(2) == 0 {
                    vec![Role::Mentor]
                } else {
                    Vec::new()
                };
                r.mentor_capacity = rng.below(3) as u32;
                for _ in 0..rng.below(4) {
                    let other = pick(rng).id.clone();
                    set.ties
                        .push(common::tie(&r.id, &other, 0.2 + 0.7 * rng.unit()));
                }
                set.people.push(r);
            }
            2 | 3 => {
                let mut r: PersonRecord = pick(rng).clone();
                if set.people.iter().any(|x| x.id == r.id) || set.remove_people.contains(&r.id) {
                    continue;
                }
                match if lines { 3 } else { rng.below(7) } {
                    0 => r.mentor_capacity = rng.below(4) as u32,
                    1 => {
                        if r.seeks.contains(&Role::Mentor) {
                            r.seeks.retain(|&s| s != Role::Mentor);
                        } else {
                            r.seeks.push(Role::Mentor);
                        }
                    }
                    2 => {
                        for s in &mut r.skills.0 {
                            s.1 = 1 + rng.below(5) as u8;
                        }
                        for g in &mut r.goals {
                            g.level = 1 + rng.below(5) as u8;
                        }
                    }
                    3 => {
                        // Up one level: never a cycle.
                        let up = r
                            .manager
                            .as_deref()
                            .and_then(|m| people.iter().find(|p| p.id == m))
                            .and_then(|m| m.manager.clone());
                        r.manager = up;
                    }
                    4 => r.introducible = !r.introducible,
                    5 => {
                        let other = pick(rng).id.clone();
                        if other != r.id && !r.blocked.contains(&other) {
                            r.blocked.push(other);
                        }
                    }
                    _ => {
                        let other = pick(rng).id.clone();
                        if other != r.id && !r.preferred.contains(&other) {
                            r.preferred.push(other);
                        }
                    }
                }
                set.people.push(r);
            }
            4 => {
                let (a, b) = (pick(rng).id.clone(), pick(rng).id.clone());
                if a != b {
                    let mut tie = common::tie(&a, &b, 0.1 + 0.9 * rng.unit());
                    if rng.below(3) == 0 {
                        // Evidence instead: a contact now and then later
                        // than every other, which moves every strength
                        // derived from evidence.
                        tie.strength = None;
                        tie.interactions = Some(1 + rng.below(40) as u32);
                        tie.last_contact = Some(format!("20{}-06-01", 24 + rng.below(30)));
                    }
                    set.ties.push(tie);
                }
            }
            _ => {
                if !data.ties.is_empty() {
                    let t = &data.ties[rng.below(data.ties.len())];
                    set.remove_ties.push([t.a.clone(), t.b.clone()]);
                }
            }
        }
    }
    set
}

fn run(config: &Config, people: usize, seed: u64, steps: usize, lines: bool) {
    let data = generate(&GeneratorConfig {
        people,
        seed,
        ..GeneratorConfig::default()
    });
    let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let mut live = LiveCohort::new(network, config).unwrap();
    check(&live, config);
    let mut rng = SplitMix(seed);
    let mut joined = 0;
    let (mut applied, mut rescored) = (0, 0);
    for _ in 0..steps {
        let set = changes(&mut rng, live.network(), &mut joined, lines);
        let before = live.pairs().to_vec();
        match live.apply(&set, &LoadOptions::default()) {
            Ok(update) => {
                applied += 1;
                rescored += update.lists_rescored;
                assert_eq!(
                    live.pairs().len(),
                    before.len() - update.ended.len() + update.started.len()
                );
            }
            // A batch the network refuses (a tie given twice, a manager
            // who left) changes nothing.
            Err(_) => assert_eq!(live.pairs(), &before[..]),
        }
        check(&live, config);
    }
    assert!(applied > steps / 2, "{applied} of {steps} batches applied");
    // Only some lists are scored again.
    assert!(rescored < applied * people / 2, "{rescored} lists rescored");
}

#[test]
fn candidates_and_matches_stay_those_of_the_updated_network() {
    let mut config = Config::default();
    config.constraints.max_candidates = 4;
    run(&config, 220, 7, 30, false);
}

#[test]
fn with_every_mentor_proposed_two_mentors_each_and_a_forbidden_pair() {
    let data = generate(&GeneratorConfig {
        people: 180,
        seed: 11,
        ..GeneratorConfig::default()
    });
    let mut config = Config::default();
    config.constraints.max_candidates = 3;
    config.constraints.require_skill_overlap = false;
    config.weights.timezone = 0.2;
    config.assign.mentors_per_mentee = 2;
    let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let first = candidates(&network, &config).unwrap();
    let (m, c) = first.pairs().next().unwrap();
    config.assign.forbidden = vec![vec![
        network.person(m).unwrap().id.clone(),
        network.person(c.partner).unwrap().id.clone(),
    ]];
    run(&config, 180, 11, 25, false);
}

#[test]
fn managers_moving_up_change_the_reporting_lines_below_and_above() {
    let mut config = Config::default();
    config.constraints.max_candidates = 6;
    config.constraints.exclude_reporting_chain = 4;
    run(&config, 250, 5, 30, true);
}

#[test]
fn other_policies_floors_and_pins_are_refused() {
    let mut config = Config::default();
    config.assign.policy = Policy::Coverage;
    let e = LiveCohort::new(common::story(), &config).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
    assert!(e.to_string().contains("[assign] policy"), "{e}");
    let mut config = Config::default();
    config.assign.pinned = vec![vec!["ada".into(), "kofi".into()]];
    let e = LiveCohort::new(common::story(), &config).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
}

#[test]
fn the_same_changes_give_the_same_pairs_on_any_number_of_threads() {
    let mut config = Config::default();
    config.constraints.max_candidates = 5;
    let updates = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let data = generate(&GeneratorConfig {
                people: 300,
                seed: 21,
                ..GeneratorConfig::default()
            });
            let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
            let mut live = LiveCohort::new(network, &config).unwrap();
            let mut rng = SplitMix(21);
            let mut joined = 0;
            let mut out = vec![serde_json::to_string(live.pairs()).unwrap()];
            for _ in 0..15 {
                let set = changes(&mut rng, live.network(), &mut joined, false);
                if let Ok(update) = live.apply(&set, &LoadOptions::default()) {
                    out.push(serde_json::to_string(&update).unwrap());
                }
            }
            out
        })
    };
    assert_eq!(updates(1), updates(3));
}

#[test]
fn a_contact_later_than_every_other_moves_strengths_everywhere() {
    let config = Config::default();
    let data = generate(&GeneratorConfig {
        people: 300,
        seed: 7,
        ..GeneratorConfig::default()
    });
    let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let (a, b) = (
        network.people()[0].id.clone(),
        network.people()[1].id.clone(),
    );
    let mut live = LiveCohort::new(network, &config).unwrap();
    let mut tie = common::tie(&a, &b, 0.5);
    tie.strength = None;
    tie.interactions = Some(5);
    tie.last_contact = Some("2045-01-01".into());
    let update = live
        .apply(
            &ChangeSet {
                ties: vec![tie],
                ..ChangeSet::default()
            },
            &LoadOptions::default(),
        )
        .unwrap();
    assert!(update.lists_rescored > 50, "{}", update.lists_rescored);
    check(&live, &config);
}
