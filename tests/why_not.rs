//! "Why not X": a pair held against a recorded run — in the run or not,
//! what the mentee got instead or why they are unmatched, the score the
//! pair would need, and the exact cost of forcing it with every pair it
//! changes. Hand-built cohorts scored by affinity alone (so every score is
//! exact) with answers worked out by hand; a brute-force check of the
//! threshold and the cost over every assignment of small random cohorts,
//! and of the threshold by re-solving with the pair's score raised; a
//! generated organisation against `match_cohort` with the pair pinned
//! (with and without coverage floors); and runs this dataset and
//! configuration cannot have made, refused.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

mod common;

use std::collections::BTreeMap;

use common::SplitMix;
use mentormatch::{
    match_cohort, match_next, Carry, Config, Dataset, Effect, Forcing, LoadOptions, MatchReport,
    MenteeOutcome, Network, Partner, Policy, Previous, PreviousRun, RecordedRun, Replay, Standing,
    Weights, WhyNot,
};
use serde_json::{json, Value};

/// Scores are the affinities: all weights 0 but `affinity`, no skill
/// overlap required, every feasible pair a candidate.
fn affinity_config() -> Config {
    let mut config = Config::default();
    config.weights = Weights::affinity_only();
    config.constraints.require_skill_overlap = false;
    config.constraints.max_candidates = 0;
    config
}

fn network(value: Value) -> Network {
    let dataset: Dataset = serde_json::from_value(value).expect("a dataset");
    Network::from_dataset(&dataset, &LoadOptions::default()).expect("valid")
}

/// Mentees `mentees`, mentors with their capacities, and affinity scores.
fn cohort(mentees: &[&str], mentors: &[(&str, u32)], scores: &[(&str, &str, f64)]) -> Value {
    let mut people: Vec<Value> = mentees
        .iter()
        .map(|id| json!({"id": id, "seeks": ["mentor"]}))
        .collect();
    people.extend(
        mentors
            .iter()
            .map(|(id, cap)| json!({"id": id, "mentor_capacity": cap})),
    );
    let affinities: Vec<Value> = scores
        .iter()
        .map(|(a, b, s)| json!({"mentee": a, "mentor": b, "score": s}))
        .collect();
    json!({"people": people, "affinities": affinities})
}

/// The run as `mentormatch match` writes it, read back.
fn recorded(report: &MatchReport) -> RecordedRun {
    RecordedRun::from_json(&serde_json::to_string(report).unwrap(), "run.json").unwrap()
}

fn why(n: &Network, config: &Config, run: &RecordedRun, a: &str, b: &str) -> WhyNot {
    let replay = Replay::new(n, config, run).unwrap();
    let id = |s: &str| n.person_id(s).unwrap();
    let why = replay.why_not(id(a), id(b)).unwrap();
    // Every answer, impossible forcings included, reads back from its JSON.
    common::round_trip(&why);
    why
}

fn close(x: f64, y: f64) -> bool {
    (x - y).abs() < 1e-9
}

/// (mentee, [mentor ids before], [mentor ids after], effect) of each change.
type ChangeRow = (String, Vec<String>, Vec<String>, Effect);

fn changes(w: &WhyNot) -> Vec<ChangeRow> {
    let ids = |list: &[Partner]| list.iter().map(|p| p.mentor.clone()).collect::<Vec<_>>();
    w.forcing
        .forced()
        .expect("forcing is possible")
        .changes
        .iter()
        .map(|c| (c.mentee.clone(), ids(&c.before), ids(&c.after), c.effect))
        .collect()
}

fn row(mentee: &str, before: &[&str], after: &[&str], effect: Effect) -> ChangeRow {
    let s = |l: &[&str]| l.iter().map(|x| x.to_string()).collect();
    (mentee.to_string(), s(before), s(after), effect)
}

/// a and b both prefer m1; the optimum gives m1 to b (0.5 + 0.8 = 1.3
/// against 0.9 + 0.2 = 1.1).
fn swap() -> Network {
    network(cohort(
        &["a", "b"],
        &[("m1", 1), ("m2", 1)],
        &[
            ("a", "m1", 0.9),
            ("a", "m2", 0.5),
            ("b", "m1", 0.8),
            ("b", "m2", 0.2),
        ],
    ))
}

#[test]
fn a_pair_not_chosen_says_what_the_mentee_got_the_score_needed_and_the_cost() {
    let (n, config) = (swap(), affinity_config());
    let run = recorded(&match_cohort(&n, &config).unwrap());
    let w = why(&n, &config, &run, "a", "m1");
    assert!(!w.in_run && !w.pinned);
    assert_eq!(w.score, 0.9);
    assert_eq!(
        w.standing,
        Standing::Candidate {
            rank: 1,
            kept: 2,
            max_candidates: 0
        }
    );
    let MenteeOutcome::Matched { mentors } = &w.mentee_got else {
        panic!("a is matched: {:?}", w.mentee_got)
    };
    assert_eq!((mentors[0].mentor.as_str(), mentors[0].score), ("m2", 0.5));
    // Forced: a–m1 and b–m2, 1.1; the rest around the pair is 0.2, so the
    // pair needs 1.3 − 0.2 = 1.1.
    let forced = w.forcing.forced().unwrap();
    assert!(close(forced.total_before, 1.3) && close(forced.total_after, 1.1));
    assert!(close(forced.cost, 0.2));
    assert!(close(w.threshold.unwrap(), 1.1));
    assert_eq!(
        changes(&w),
        [
            row("a", &["m2"], &["m1"], Effect::GetsSomeoneElse),
            row("b", &["m1"], &["m2"], Effect::GetsSomeoneElse),
        ]
    );
    let text = w.to_string();
    assert!(
        text.starts_with("a with mentor m1 in run.json: not in the run (score 0.900000)\n"),
        "{text}"
    );
    assert!(text.contains("a got m2 (0.500000) in the run"), "{text}");
    assert!(
        text.contains("needed: a score of 1.100000 or more would get it chosen (0.200000 more"),
        "{text}"
    );
    assert!(
        text.contains("total score 1.300000 -> 1.100000, a drop of 0.200000; 2 mentees' mentors change:\n  a: m2 (0.500000) -> m1 (0.900000, pinned) (gets someone else)\n  b: m1 (0.800000) -> m2 (0.200000) (gets someone else)"),
        "{text}"
    );

    let w = why(&n, &config, &run, "b", "m1");
    assert!(w.in_run);
    assert_eq!(w.forcing, Forcing::InRun);
    assert_eq!(w.threshold, None);
}

#[test]
fn an_unmatched_mentee_gets_the_runs_reason_and_forcing_displaces_someone() {
    // m1 has one place; c can only take m1; a can fall back on m2.
    let n = network(cohort(
        &["a", "c"],
        &[("m1", 1), ("m2", 1)],
        &[("a", "m1", 0.9), ("a", "m2", 0.3), ("c", "m1", 0.4)],
    ));
    let config = affinity_config();
    let run = recorded(&match_cohort(&n, &config).unwrap());
    let w = why(&n, &config, &run, "c", "m1");
    let MenteeOutcome::Unmatched { reason, message } = &w.mentee_got else {
        panic!("c is unmatched: {:?}", w.mentee_got)
    };
    assert_eq!(reason, "candidates_full");
    assert!(
        message.starts_with("the only candidate mentor is full"),
        "{message}"
    );
    // Forced: c–m1 0.4 and a–m2 0.3 = 0.7 against 0.9.
    let forced = w.forcing.forced().unwrap();
    assert!(close(forced.cost, 0.2));
    assert!(close(w.threshold.unwrap(), 0.9 - 0.7 + 0.4));
    assert_eq!(
        changes(&w),
        [
            row("a", &["m1"], &["m2"], Effect::GetsSomeoneElse),
            row("c", &[], &["m1"], Effect::GainsMentor),
        ]
    );
    assert!(w.to_string().contains(
        "c is unmatched in the run (candidates_full): the only candidate mentor is full"
    ));

    // Without m2, forcing c–m1 leaves a with nobody.
    let n = network(cohort(
        &["a", "c"],
        &[("m1", 1)],
        &[("a", "m1", 0.9), ("c", "m1", 0.4)],
    ));
    let run = recorded(&match_cohort(&n, &config).unwrap());
    let w = why(&n, &config, &run, "c", "m1");
    assert!(close(w.forcing.forced().unwrap().cost, 0.5));
    assert_eq!(
        changes(&w),
        [
            row("a", &["m1"], &[], Effect::LosesMentor),
            row("c", &[], &["m1"], Effect::GainsMentor),
        ]
    );
    assert!(w
        .to_string()
        .contains("  a: m1 (0.900000) -> nobody (loses a mentor)"));
}

#[test]
fn a_pair_that_breaks_a_hard_constraint_cannot_be_forced() {
    let mut data = cohort(
        &["a", "b"],
        &[("m1", 1), ("m2", 1)],
        &[("a", "m1", 0.9), ("a", "m2", 0.5), ("b", "m1", 0.8)],
    );
    data["people"][0]["blocked"] = json!(["m2"]);
    let n = network(data);
    let config = affinity_config();
    let run = recorded(&match_cohort(&n, &config).unwrap());
    let w = why(&n, &config, &run, "a", "m2");
    let Standing::Excluded { failed } = &w.standing else {
        panic!("{:?}", w.standing)
    };
    assert_eq!(failed[0].name(), "blocked");
    let Forcing::Impossible(impossible) = &w.forcing else {
        panic!("{:?}", w.forcing)
    };
    assert_eq!(impossible.code(), "constraints");
    assert_eq!(w.threshold, None);
    let text = w.to_string();
    assert!(
        text.contains("standing: excluded by hard constraints: blocked (one blocks the other)"),
        "{text}"
    );
    assert!(
        text.contains(
            "forcing it is impossible: it fails hard constraints, which no pin may: blocked"
        ),
        "{text}"
    );
    // Nothing supports b–m2 (no affinity): never a pair either.
    let w = why(&n, &config, &run, "b", "m2");
    assert!(matches!(w.forcing, Forcing::Impossible(_)));
}

#[test]
fn a_pair_outside_the_top_k_can_still_be_forced_and_may_raise_the_total() {
    // With one candidate each, a and b both keep only m1; b–m2 has no
    // affinity, so the fill cannot place b. Forcing a–m2 frees m1 for b.
    let n = network(cohort(
        &["a", "b"],
        &[("m1", 1), ("m2", 1)],
        &[("a", "m1", 0.9), ("a", "m2", 0.8), ("b", "m1", 0.85)],
    ));
    let mut config = affinity_config();
    config.constraints.max_candidates = 1;
    let run = recorded(&match_cohort(&n, &config).unwrap());
    let w = why(&n, &config, &run, "a", "m2");
    assert_eq!(w.standing, Standing::OutsideTopK { max_candidates: 1 });
    let forced = w.forcing.forced().unwrap();
    assert!(close(forced.total_before, 0.9) && close(forced.total_after, 1.65));
    assert!(close(forced.cost, -0.75));
    // 0.9 − 1.65 + 0.8 = 0.05: below its score, it only lacked a place
    // among the candidates.
    assert!(close(w.threshold.unwrap(), 0.05));
    let text = w.to_string();
    assert!(text.contains("not among a's top 1 candidates"), "{text}");
    assert!(text.contains("a rise of 0.750000"), "{text}");
    assert!(
        text.contains("is not chosen only because it is not a candidate"),
        "{text}"
    );
}

#[test]
fn forbidden_pairs_and_pinned_places_cannot_be_forced() {
    let n = swap();
    let mut config = affinity_config();
    config.assign.forbidden = vec![vec!["a".into(), "m1".into()]];
    let run = recorded(&match_cohort(&n, &config).unwrap());
    let w = why(&n, &config, &run, "a", "m1");
    assert_eq!(w.standing, Standing::Forbidden);
    let Forcing::Impossible(impossible) = &w.forcing else {
        panic!("{:?}", w.forcing)
    };
    assert_eq!(impossible.code(), "forbidden");

    let mut config = affinity_config();
    config.assign.pinned = vec![vec!["b".into(), "m1".into()]];
    let run = recorded(&match_cohort(&n, &config).unwrap());
    let w = why(&n, &config, &run, "a", "m1");
    let Forcing::Impossible(impossible) = &w.forcing else {
        panic!("{:?}", w.forcing)
    };
    assert_eq!(impossible.code(), "mentor_full");
    assert_eq!(
        impossible.describe(),
        "pinned pairs hold every place of the mentor (with b)"
    );
    let w = why(&n, &config, &run, "b", "m1");
    assert!(w.in_run && w.pinned);
}

#[test]
fn a_kept_pair_of_a_next_quarter_run_is_a_pin_of_the_replay() {
    // Last quarter a had m1; this quarter's run keeps it (pinned), so b
    // gets m2, and forcing b–m1 is impossible while a holds m1's place.
    let (n, config) = (swap(), affinity_config());
    let previous = PreviousRun {
        mentor: vec![("a".into(), "m1".into())],
        sponsor: vec![],
    };
    let report = match_next(
        &n,
        &config,
        Previous {
            run: &previous,
            carry: Carry::Keep,
        },
        &mut |_| {},
    )
    .unwrap();
    let run = recorded(&report);
    let w = why(&n, &config, &run, "b", "m1");
    assert_eq!(
        w.forcing,
        Forcing::Impossible(mentormatch::Impossible::MentorFull {
            pinned: vec!["a".into()]
        })
    );
    assert!(why(&n, &config, &run, "a", "m1").pinned);
}

#[test]
fn a_mentees_top_candidates_come_in_candidate_order_with_the_same_facts() {
    let (n, config) = (swap(), affinity_config());
    let run = recorded(&match_cohort(&n, &config).unwrap());
    let replay = Replay::new(&n, &config, &run).unwrap();
    let listing = replay.mentee(n.person_id("a").unwrap(), 5).unwrap();
    let order: Vec<(&str, bool)> = listing
        .candidates
        .iter()
        .map(|w| (w.mentor.as_str(), w.in_run))
        .collect();
    assert_eq!(order, [("m1", false), ("m2", true)]);
    assert_eq!(listing.candidates[0], why(&n, &config, &run, "a", "m1"));
    let text = listing.to_string();
    assert!(
        text.starts_with("a in run.json: a got m2 (0.500000) in the run\na's first 2 of 2 candidates (all feasible pairs kept), best first:\n1. m1 (score 0.900000): not in the run\n   standing: candidate 1 of a's 2"),
        "{text}"
    );
    assert!(
        text.contains("2. m2 (score 0.500000): in the run\n"),
        "{text}"
    );
    assert_eq!(
        replay
            .mentee(n.person_id("a").unwrap(), 0)
            .unwrap()
            .to_string(),
        "a in run.json: a got m2 (0.500000) in the run\na has 2 candidates\n"
    );
    let not_seeking = replay.mentee(n.person_id("m1").unwrap(), 5).unwrap();
    assert_eq!(not_seeking.got, MenteeOutcome::NotSeeking);
    assert!(not_seeking.candidates.is_empty());
}

#[test]
fn a_run_this_dataset_and_config_cannot_have_made_is_refused() {
    let (n, config) = (swap(), affinity_config());
    let error = |text: &str, config: &Config| {
        let run = RecordedRun::from_json(text, "run.json").unwrap();
        Replay::new(&n, config, &run)
            .err()
            .expect("refused")
            .to_string()
    };
    let unmatched = r#""unmatched": []"#;
    assert_eq!(
        error(
            &format!(
                r#"{{"mentor_matches": [{{"mentee": "zed", "mentor": "m1", "score": 0.9}}], {unmatched}}}"#
            ),
            &config
        ),
        "run.json: mentor_matches[0]: mentee = \"zed\": no person with this id in the dataset: \
         the run was made with another dataset or configuration"
    );
    assert_eq!(
        error(
            &format!(
                r#"{{"mentor_matches": [{{"mentee": "a", "mentor": "m2", "score": 0.7}}], {unmatched}}}"#
            ),
            &config
        ),
        "run.json: mentor_matches[0]: score = 0.7: the pair scores 0.5 here: the run was made \
         with another dataset or configuration"
    );
    // Both pairs score as written, but the optimum is the other way round.
    assert_eq!(
        error(
            &format!(
                r#"{{"mentor_matches": [{{"mentee": "a", "mentor": "m1", "score": 0.9}},
                                           {{"mentee": "b", "mentor": "m2", "score": 0.2}}], {unmatched}}}"#
            ),
            &config
        ),
        "run.json: mentor_matches: re-solving this dataset with this configuration chooses \
         other pairs (2 of the run's 2 pairs differ; a with m1 is in the run, not in the \
         re-solve): the run was made with another dataset or configuration"
    );
    let mut stable = config.clone();
    stable.assign.policy = Policy::Stable;
    let run = serde_json::to_string(&match_cohort(&n, &config).unwrap()).unwrap();
    assert_eq!(
        error(&run, &stable),
        "run.json: summary: policy = \"optimal\": the configuration's policy is \"stable\": \
         the run was made with another dataset or configuration"
    );
    let mut pinned = config.clone();
    pinned.assign.pinned = vec![vec!["b".into(), "m1".into()]];
    assert!(error(&run, &pinned).contains(
        "mentor_matches: [\"b\", \"m1\"]: [assign] pinned holds this pair, the run does not pin it"
    ));
    assert_eq!(
        error(
            r#"{"mentor_matches": [{"mentee": "a", "mentor": "m2", "score": 0.5},
                                  {"mentee": "b", "mentor": "m1", "score": 0.8}],
                "unmatched": [{"person": "a", "seeking": "mentor", "reason": "x", "message": "y"}]}"#,
            &config
        ),
        "run.json: unmatched: person = \"a\": the run lists them as unmatched, yet gives them \
         a mentor: the run was made with another dataset or configuration"
    );
}

/// The best total over every assignment of `scores` (mentee × mentor,
/// `None` = infeasible) with mentor `capacity` and `per_mentee`, with the
/// pair `must` in it (or `None` for any).
fn brute_force(
    scores: &[Vec<Option<f64>>],
    capacity: &[u32],
    per_mentee: u32,
    must: Option<(usize, usize)>,
) -> Option<f64> {
    fn go(
        i: usize,
        scores: &[Vec<Option<f64>>],
        left: &mut Vec<u32>,
        per_mentee: u32,
        must: Option<(usize, usize)>,
    ) -> Option<f64> {
        if i == scores.len() {
            return Some(0.0);
        }
        let mentors = left.len();
        let mut best: Option<f64> = None;
        for subset in 0u32..(1 << mentors) {
            if subset.count_ones() > per_mentee {
                continue;
            }
            let chosen: Vec<usize> = (0..mentors).filter(|&j| subset & (1 << j) != 0).collect();
            if chosen
                .iter()
                .any(|&j| scores[i][j].is_none() || left[j] == 0)
            {
                continue;
            }
            if let Some((a, b)) = must {
                if a == i && !chosen.contains(&b) {
                    continue;
                }
            }
            for &j in &chosen {
                left[j] -= 1;
            }
            if let Some(rest) = go(i + 1, scores, left, per_mentee, must) {
                let total = chosen.iter().map(|&j| scores[i][j].unwrap()).sum::<f64>() + rest;
                best = Some(best.map_or(total, |b: f64| b.max(total)));
            }
            for &j in &chosen {
                left[j] += 1;
            }
        }
        best
    }
    go(0, scores, &mut capacity.to_vec(), per_mentee, must)
}

#[test]
fn threshold_and_cost_agree_with_brute_force_on_random_cohorts() {
    let mut checked = 0;
    for seed in 0..60u64 {
        let mut rng = SplitMix(seed);
        let (mentees, mentors) = (2 + rng.below(4), 2 + rng.below(2));
        let per_mentee = 1 + (seed % 3 == 0) as u32;
        let capacity: Vec<u32> = (0..mentors).map(|_| 1 + rng.below(2) as u32).collect();
        // Scores on a grid of twentieths half the time: many exact ties.
        let scores: Vec<Vec<Option<f64>>> = (0..mentees)
            .map(|_| {
                (0..mentors)
                    .map(|_| {
                        (rng.below(4) != 0).then(|| match seed % 2 {
                            0 => (1 + rng.below(20)) as f64 / 20.0,
                            _ => (1 + rng.below(1_000_000)) as f64 / 1e6,
                        })
                    })
                    .collect()
            })
            .collect();
        let mentee_ids: Vec<String> = (0..mentees).map(|i| format!("e{i}")).collect();
        let mentor_ids: Vec<String> = (0..mentors).map(|j| format!("m{j}")).collect();
        let build = |scores: &[Vec<Option<f64>>]| {
            let e: Vec<&str> = mentee_ids.iter().map(String::as_str).collect();
            let m: Vec<(&str, u32)> = mentor_ids
                .iter()
                .zip(&capacity)
                .map(|(id, &c)| (id.as_str(), c))
                .collect();
            let mut s = Vec::new();
            for (i, row) in scores.iter().enumerate() {
                for (j, score) in row.iter().enumerate() {
                    if let Some(score) = score {
                        s.push((e[i], m[j].0, *score));
                    }
                }
            }
            network(cohort(&e, &m, &s))
        };
        let mut config = affinity_config();
        config.assign.mentors_per_mentee = per_mentee;
        let n = build(&scores);
        let report = match_cohort(&n, &config).unwrap();
        let run = recorded(&report);
        let replay = Replay::new(&n, &config, &run).unwrap();
        let best = brute_force(&scores, &capacity, per_mentee, None).unwrap();
        for i in 0..mentees {
            for j in 0..mentors {
                let Some(s) = scores[i][j] else { continue };
                let (a, b) = (&mentee_ids[i], &mentor_ids[j]);
                let w = replay
                    .why_not(n.person_id(a).unwrap(), n.person_id(b).unwrap())
                    .unwrap();
                let forced_best = brute_force(&scores, &capacity, per_mentee, Some((i, j)));
                if w.in_run {
                    continue;
                }
                let Some(forced) = w.forcing.forced() else {
                    panic!("seed {seed}: {a}–{b} is feasible: {:?}", w.forcing)
                };
                let forced_best = forced_best.expect("a feasible pair can be forced");
                assert!(close(forced.total_before, best), "seed {seed}");
                assert!(
                    close(forced.cost, best - forced_best),
                    "seed {seed} {a}–{b}: cost {} against brute force {}",
                    forced.cost,
                    best - forced_best
                );
                let t = w.threshold.unwrap();
                assert!(close(t, best - (forced_best - s)), "seed {seed} {a}–{b}");
                assert!(
                    t >= s - 1e-9,
                    "seed {seed}: a candidate needs at least its score"
                );

                // The changes applied to the run give an assignment with
                // the pair, within every capacity, of total `total_after`
                // (an optimum: its total is brute force's). The forced solve
                // starts warm from the run's optimum, so where optima tie
                // it may choose other pairs than `match` with the pin.
                let mut after: BTreeMap<String, Vec<(String, f64)>> = BTreeMap::new();
                for m in &report.mentor_matches {
                    after
                        .entry(m.mentee.clone())
                        .or_default()
                        .push((m.mentor.clone(), m.score));
                }
                for c in &forced.changes {
                    let was: Vec<String> = after
                        .get(&c.mentee)
                        .map(|l| l.iter().map(|p| p.0.clone()).collect())
                        .unwrap_or_default();
                    let ids: Vec<String> = c.before.iter().map(|p| p.mentor.clone()).collect();
                    assert_eq!(ids, was, "seed {seed}: {} before", c.mentee);
                    let now: Vec<(String, f64)> = c
                        .after
                        .iter()
                        .map(|p| (p.mentor.clone(), p.score))
                        .collect();
                    assert_ne!(
                        now.iter().map(|p| &p.0).collect::<Vec<_>>(),
                        ids.iter().collect::<Vec<_>>()
                    );
                    after.insert(c.mentee.clone(), now);
                }
                let mut load: BTreeMap<&str, u32> = BTreeMap::new();
                let mut total = 0.0;
                for list in after.values() {
                    assert!(list.len() as u32 <= per_mentee, "seed {seed}");
                    for (mentor, score) in list {
                        *load.entry(mentor).or_default() += 1;
                        total += score;
                    }
                }
                for (mentor, l) in &load {
                    let j: usize = mentor[1..].parse().unwrap();
                    assert!(*l <= capacity[j], "seed {seed}: {mentor} over capacity");
                }
                assert!(
                    after[a].iter().any(|p| &p.0 == b),
                    "seed {seed}: {a}–{b} forced"
                );
                assert!(
                    (total - forced.total_after).abs() < 1e-4,
                    "seed {seed}: {total}"
                );
                // `match` with the pair pinned reaches the same total.
                let mut pinned = config.clone();
                pinned.assign.pinned = vec![vec![a.clone(), b.clone()]];
                let with_pin = match_cohort(&n, &pinned).unwrap();
                assert!(
                    close(with_pin.summary.total_score, forced_best),
                    "seed {seed}"
                );

                // Raised just above the threshold the pair is chosen; just
                // below, it is not.
                let delta = 1e-4;
                for (score, chosen) in [(t + delta, true), (t - delta, false)] {
                    if !(0.0..=1.0).contains(&score) {
                        continue;
                    }
                    let mut raised = scores.clone();
                    raised[i][j] = Some(score);
                    let r = match_cohort(&build(&raised), &config).unwrap();
                    let has = r
                        .mentor_matches
                        .iter()
                        .any(|m| &m.mentee == a && &m.mentor == b);
                    assert_eq!(
                        has, chosen,
                        "seed {seed} {a}–{b} at {score} (threshold {t})"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "only {checked} pairs checked");
}

#[test]
fn on_a_generated_organisation_the_forced_solve_is_match_with_the_pair_pinned() {
    let n = common::organisation(300, 7);
    let config = Config::default();
    let report = match_cohort(&n, &config).unwrap();
    let run = recorded(&report);
    let replay = Replay::new(&n, &config, &run).unwrap();
    let unmatched: Vec<&str> = report
        .unmatched
        .iter()
        .filter(|u| u.seeking == mentormatch::Role::Mentor)
        .map(|u| u.person.as_str())
        .take(2)
        .collect();
    let matched: Vec<&str> = report
        .mentor_matches
        .iter()
        .map(|m| m.mentee.as_str())
        .take(2)
        .collect();
    let mut checked = 0;
    for mentee in unmatched.into_iter().chain(matched) {
        let listing = replay.mentee(n.person_id(mentee).unwrap(), 2).unwrap();
        for w in listing.candidates.iter().filter(|w| !w.in_run) {
            let forced = w.forcing.forced().expect("a candidate can be forced");
            let mut pinned = config.clone();
            pinned.assign.pinned = vec![vec![w.mentee.clone(), w.mentor.clone()]];
            let with_pin = match_cohort(&n, &pinned).unwrap();
            assert!(
                (forced.total_after - with_pin.summary.total_score).abs()
                    < 1e-6 * with_pin.mentor_matches.len() as f64,
                "{} with {}",
                w.mentee,
                w.mentor
            );
            // The changes are exactly the mentees whose mentors differ.
            let mentors_of = |r: &MatchReport, m: &str| -> Vec<String> {
                r.mentor_matches
                    .iter()
                    .filter(|x| x.mentee == m)
                    .map(|x| x.mentor.clone())
                    .collect()
            };
            for c in &forced.changes {
                let ids = |l: &[Partner]| l.iter().map(|p| p.mentor.clone()).collect::<Vec<_>>();
                assert_eq!(ids(&c.before), mentors_of(&report, &c.mentee));
                assert_eq!(ids(&c.after), mentors_of(&with_pin, &c.mentee));
            }
            // The candidate assignment is exact: a candidate never needs
            // less than its own score.
            if matches!(w.standing, Standing::Candidate { .. }) {
                assert!(w.threshold.unwrap() >= w.score - 1e-9);
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// Two mentors (capacity 1) and four people seeking one, all scored by
/// affinity: Sales people score 0.9 with either mentor, Ops people 0.2.
/// Without floors both mentors go to Sales; `department = 0.5` gives each
/// department at least one of the two places.
fn departments() -> Network {
    let mut value = cohort(
        &["s1", "s2", "o1", "o2"],
        &[("m1", 1), ("m2", 1)],
        &[
            ("s1", "m1", 0.9),
            ("s1", "m2", 0.8),
            ("s2", "m1", 0.7),
            ("s2", "m2", 0.9),
            ("o1", "m1", 0.2),
            ("o1", "m2", 0.3),
            ("o2", "m1", 0.1),
            ("o2", "m2", 0.2),
        ],
    );
    for person in value["people"].as_array_mut().unwrap() {
        let id = person["id"].as_str().unwrap().to_string();
        let department = match id.chars().next() {
            Some('s') => "Sales",
            Some('o') => "Ops",
            _ => "Mentors",
        };
        person["attributes"] = json!({ "department": department });
    }
    network(value)
}

fn with_floors(mut config: Config, attribute: &str, factor: f64) -> Config {
    config
        .fairness
        .min_coverage
        .insert(attribute.to_string(), factor);
    config
}

#[test]
fn a_run_with_coverage_floors_is_replayed_with_them() {
    let n = departments();
    let config = with_floors(affinity_config(), "department", 0.5);
    let report = match_cohort(&n, &config).unwrap();
    let pairs: Vec<(&str, &str)> = report
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.as_str(), m.mentor.as_str()))
        .collect();
    // The floor gives Ops a place: s1 with m1 (0.9) and o1 with m2 (0.3).
    assert_eq!(pairs, [("o1", "m2"), ("s1", "m1")]);
    let run = recorded(&report);

    // Forcing s2 with m2 keeps the floor: o1 moves to m1, s1 loses out.
    let w = why(&n, &config, &run, "s2", "m2");
    assert!(!w.in_run);
    assert_eq!(w.threshold, None);
    let forced = w.forcing.forced().expect("possible");
    assert!(close(forced.total_before, 1.2));
    assert!(close(forced.total_after, 1.1));
    assert!(close(forced.cost, 0.1));
    assert_eq!(
        changes(&w),
        [
            row("o1", &["m2"], &["m1"], Effect::GetsSomeoneElse),
            row("s1", &["m1"], &[], Effect::LosesMentor),
            row("s2", &[], &["m2"], Effect::GainsMentor),
        ]
    );
    // Exactly `match` with the pair pinned (and the floors).
    let mut pinned = config.clone();
    pinned.assign.pinned = vec![vec!["s2".into(), "m2".into()]];
    let with_pin = match_cohort(&n, &pinned).unwrap();
    assert!(close(with_pin.summary.total_score, forced.total_after));
    let text = w.to_string();
    assert!(text.contains("coverage floors"), "{text}");

    // Without the floors the same question has a threshold.
    let plain = affinity_config();
    let plain_run = recorded(&match_cohort(&n, &plain).unwrap());
    assert!(why(&n, &plain, &plain_run, "o1", "m2").threshold.is_some());
}

#[test]
fn a_pair_whose_pin_no_floor_allows_cannot_be_forced_and_says_why() {
    let n = departments();
    let mut config = with_floors(affinity_config(), "department", 0.5);
    config.assign.pinned = vec![vec!["s1".into(), "m1".into()]];
    let run = recorded(&match_cohort(&n, &config).unwrap());
    // Both places to Sales would leave Ops below its floor of one.
    let w = why(&n, &config, &run, "s2", "m2");
    let Forcing::Impossible(impossible) = &w.forcing else {
        panic!("{w:?}")
    };
    assert_eq!(impossible.code(), "floors");
    let message = impossible.describe();
    assert!(message.contains(r#"department = "Ops""#), "{message}");
    assert!(w.to_string().contains("forcing it is impossible"));
    let json = serde_json::to_value(&w).unwrap();
    assert_eq!(json["forcing"]["code"], "floors");
}

#[test]
fn on_a_generated_organisation_with_floors_the_forced_solve_is_match_with_the_pair_pinned() {
    let n = common::organisation(300, 3);
    // Floors that bind here: the run differs from the one without them.
    let config = with_floors(Config::default(), "grade", 0.8);
    let report = match_cohort(&n, &config).unwrap();
    let plain = match_cohort(&n, &Config::default()).unwrap();
    assert_ne!(report.mentor_matches, plain.mentor_matches);
    let run = recorded(&report);
    let replay = Replay::new(&n, &config, &run).unwrap();
    let mut checked = 0;
    for m in report.mentor_matches.iter().take(3) {
        let listing = replay.mentee(n.person_id(&m.mentee).unwrap(), 2).unwrap();
        for w in listing.candidates.iter().filter(|w| !w.in_run) {
            let mut pinned = config.clone();
            pinned.assign.pinned = vec![vec![w.mentee.clone(), w.mentor.clone()]];
            match (&w.forcing, match_cohort(&n, &pinned)) {
                (Forcing::Possible(forced), Ok(with_pin)) => {
                    assert!(
                        (forced.total_after - with_pin.summary.total_score).abs()
                            < 1e-6 * with_pin.mentor_matches.len() as f64
                    );
                    assert_eq!(w.threshold, None);
                }
                (Forcing::Impossible(why), Err(mentormatch::Error::Invalid(error))) => {
                    assert_eq!(why.code(), "floors");
                    assert!(why.describe().ends_with(error.reason()));
                }
                (forcing, result) => panic!("{forcing:?} against {result:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
}
