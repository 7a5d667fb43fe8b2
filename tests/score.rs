//! Known answers for scoring on the hand-written story (`data/story.json`):
//! every criterion on hand-checked pairs, constraints, candidates, the
//! "bring your own scores" mode, sponsors and explanations.

mod common;

use common::story;

use std::path::Path;

use mentormatch::{
    candidates, derived_strength, explain, explain_sponsor, sponsor_candidates, Config, Constraint,
    Date, Evidence, HistoryRecord, MentorScorer, Network, Outcome, PersonId, Role, SponsorScorer,
    Weights,
};

fn id(net: &Network, name: &str) -> PersonId {
    net.person_id(name)
        .unwrap_or_else(|| panic!("{name} is in the story"))
}

/// Checks one criterion of one pair in both views against a hand computation.
fn check(
    scorer: &MentorScorer,
    (mentee, mentor): (&str, &str),
    criterion: &str,
    expected: (f64, f64),
) {
    let net = scorer.network();
    let ev = scorer.evaluate(id(net, mentee), id(net, mentor)).unwrap();
    let c = ev.score.criterion(criterion).unwrap();
    let got = (c.mentee_value, c.mentor_value);
    assert!(
        (got.0 - expected.0).abs() < 1e-12 && (got.1 - expected.1).abs() < 1e-12,
        "{criterion}({mentee}, {mentor}) = {got:?}, expected {expected:?}"
    );
}

#[test]
fn criteria_on_hand_checked_pairs() {
    let net = story();
    let config = Config::default();
    let s = MentorScorer::new(&net, &config).unwrap();
    // Ada wants rust to 4 (priority 3) and public speaking to 3 (priority 1).
    // Kofi has rust 4: full cover of rust, nothing near public speaking.
    check(&s, ("ada", "kofi"), "skill_fit", (0.75, 0.75));
    // Linus: rust 5 covers rust; people-management 3 is public speaking's
    // sibling (credit 0.25) and reaches the target 3: (3·1 + 1·0.25) / 4.
    check(&s, ("ada", "linus"), "skill_fit", (0.8125, 0.8125));
    // Mira: python is rust's sibling, 0.25 · min(1, 5/4); public speaking 4 ≥ 3.
    check(&s, ("ada", "mira"), "skill_fit", (0.4375, 0.4375));
    // Lena wants machine learning to 4 (p3) and python to 3 (p1); Omar has
    // machine learning 3 and python 4: (3·3/4 + 1·1) / 4.
    check(&s, ("lena", "omar"), "skill_fit", (0.8125, 0.8125));
    // Ada shares career-switch with Grace, who also has first-time-manager.
    check(&s, ("ada", "grace"), "experience", (1.0, 0.5));
    check(&s, ("ada", "kofi"), "experience", (0.0, 0.0));
    // Seniority 2 → 6 is one level beyond the band 1..3: 1 − 1/2.
    check(&s, ("ada", "grace"), "seniority", (0.5, 0.5));
    check(&s, ("ada", "mira"), "seniority", (1.0, 1.0));
    check(&s, ("tim", "grace"), "seniority", (0.0, 0.0));
    check(&s, ("kofi", "omar"), "seniority", (0.0, 0.0));
    // Different org (½), same industry; different org and industry.
    check(&s, ("ada", "mira"), "cross_org", (0.5, 0.5));
    check(&s, ("ada", "ines"), "cross_org", (1.0, 1.0));
    check(&s, ("ada", "kofi"), "cross_org", (0.0, 0.0));
    // UTC+1 and UTC+9: 8 hours; UTC+9 and UTC−5: 10 hours round the clock.
    check(
        &s,
        ("ada", "sam"),
        "timezone",
        (1.0 - 8.0 / 12.0, 1.0 - 8.0 / 12.0),
    );
    check(
        &s,
        ("yuki", "grace"),
        "timezone",
        (1.0 - 10.0 / 12.0, 1.0 - 10.0 / 12.0),
    );
    check(&s, ("ada", "ines"), "language", (1.0, 1.0));
    // Grace wants machine learning to 2; Yuki's sql 3 is its sibling: 0.25.
    check(&s, ("yuki", "grace"), "reciprocity", (0.25, 0.25));
    check(&s, ("ada", "mira"), "reciprocity", (0.0, 0.0));
    // Tim–Linus–Kofi: 0.7 · 0.8 beats Tim–Ada–Kofi (0.5 · derived).
    check(&s, ("tim", "kofi"), "network", (0.7 * 0.8, 0.7 * 0.8));
    // Yuki–Mira–Grace: 0.7 · 0.6.
    check(&s, ("yuki", "grace"), "network", (0.7 * 0.6, 0.7 * 0.6));
    // Ada and Kofi are tied directly by evidence (30 interactions, 27
    // answered, last contact on the dataset's latest date).
    let today = Date::parse("2026-10-20").unwrap();
    let ada_kofi = derived_strength(
        &Evidence {
            interactions: 30,
            reciprocated: 27,
            last_contact: Some(today),
        },
        today,
    );
    check(&s, ("ada", "kofi"), "network", (ada_kofi, ada_kofi));
    // Ines links Ada and Mira, but Ines is not introducible.
    check(&s, ("ada", "mira"), "network", (0.0, 0.0));
    // Lena prefers Mira, not the other way round; their affinity has no
    // mentor_score, so both views see 0.9. Ada–Linus: 0.7 and 0.5.
    check(&s, ("lena", "mira"), "preference", (1.0, 0.0));
    check(&s, ("lena", "mira"), "affinity", (0.9, 0.9));
    check(&s, ("ada", "linus"), "affinity", (0.7, 0.5));
    check(&s, ("ada", "kofi"), "affinity", (0.0, 0.0));
    // Kofi was mentored by Grace before.
    // Kofi's mentoring by Grace went well: half the penalty; Omar's by
    // Linus went neither well nor badly: the whole of it.
    check(&s, ("kofi", "grace"), "repeat", (0.5, 0.5));
    check(&s, ("omar", "linus"), "repeat", (1.0, 1.0));
    check(&s, ("kofi", "ines"), "repeat", (0.0, 0.0));
}

#[test]
fn views_sum_weighted_values_and_combine() {
    let net = story();
    let config = Config::default();
    let ev = MentorScorer::new(&net, &config)
        .unwrap()
        .evaluate(id(&net, "ada"), id(&net, "grace"))
        .unwrap();
    let s = &ev.score;
    let mentee: f64 = s.criteria().map(|c| c.mentee_contribution()).sum();
    let mentor: f64 = s.criteria().map(|c| c.mentor_contribution()).sum();
    assert!((s.mentee_view - mentee).abs() < 1e-12);
    assert!((s.mentor_view - mentor).abs() < 1e-12);
    // Experience differs between the views (1 against 0.5).
    assert!((s.mentee_view - s.mentor_view - 0.08 * 0.5).abs() < 1e-12);
    assert!((s.combined - (s.mentee_view + s.mentor_view) / 2.0).abs() < 1e-12);
    let via_components: f64 = s
        .components()
        .zip(s.criteria())
        .map(|((_, v), c)| v * c.weight)
        .sum();
    assert!((via_components - s.combined).abs() < 1e-12);
}

#[test]
fn hard_constraints_are_named() {
    let net = story();
    let config = Config::default();
    let s = MentorScorer::new(&net, &config).unwrap();
    let failed = |a: &str, b: &str| s.evaluate(id(&net, a), id(&net, b)).unwrap().failed;
    // Linus manages Ada; Grace is her skip-level manager.
    assert_eq!(failed("ada", "linus"), vec![Constraint::SameReportingChain]);
    assert_eq!(failed("ada", "grace"), vec![Constraint::SameReportingChain]);
    // Tim blocks Omar (and Omar, with sql/python/ML, covers part of Tim's goal).
    assert_eq!(failed("tim", "omar"), vec![Constraint::Blocked]);
    // Sam (product, design) covers nothing near Ada's goals.
    assert!(failed("ada", "sam").is_empty(), "sam speaks in public");
    assert_eq!(failed("tim", "sam"), vec![Constraint::NoSkillOverlap]);
    // Omar does not seek a mentor; Ada offers no mentoring; oneself.
    assert_eq!(failed("omar", "mira")[0], Constraint::NotSeeking);
    assert_eq!(failed("kofi", "ada")[0], Constraint::NoMentorCapacity);
    assert!(failed("kofi", "kofi").contains(&Constraint::SamePerson));
    // Chain depth 1 lets the skip-level pair through.
    let mut shallow = Config::default();
    shallow.constraints.exclude_reporting_chain = 1;
    let s1 = MentorScorer::new(&net, &shallow).unwrap();
    assert!(s1
        .evaluate(id(&net, "ada"), id(&net, "grace"))
        .unwrap()
        .failed
        .is_empty());
    // Time zones: Ada (UTC+1) and Sam (UTC+9) are 8 hours apart.
    let mut near = Config::default();
    near.constraints.max_timezone_gap = Some(6.0);
    let s2 = MentorScorer::new(&net, &near).unwrap();
    assert_eq!(
        s2.evaluate(id(&net, "ada"), id(&net, "sam"))
            .unwrap()
            .failed,
        vec![Constraint::TimezoneGap]
    );
    // A high bar leaves only the best.
    let mut high = Config::default();
    high.constraints.min_score = 0.5;
    let s3 = MentorScorer::new(&net, &high).unwrap();
    assert_eq!(
        s3.evaluate(id(&net, "ada"), id(&net, "mira"))
            .unwrap()
            .failed,
        vec![Constraint::BelowMinScore]
    );
    assert!(s3
        .evaluate(id(&net, "ada"), id(&net, "kofi"))
        .unwrap()
        .failed
        .is_empty());
}

#[test]
fn candidates_of_the_story() {
    let net = story();
    let found = candidates(&net, &Config::default()).unwrap();
    let names = |m: &str| -> Vec<&str> {
        found
            .of(id(&net, m))
            .unwrap()
            .iter()
            .map(|c| net.person(c.partner).unwrap().id.as_str())
            .collect()
    };
    assert_eq!(names("ada"), ["kofi", "ines", "mira", "sam", "omar"]);
    assert_eq!(names("tim"), ["kofi", "mira"]);
    assert_eq!(names("lena"), ["omar", "kofi", "linus", "grace"]);
    assert!(names("omar").is_empty(), "omar seeks only a sponsor");
    let seeking: Vec<&str> = found
        .mentees()
        .iter()
        .map(|&m| net.person(m).unwrap().id.as_str())
        .collect();
    assert_eq!(seeking, ["ada", "tim", "lena", "noor", "kofi", "yuki"]);
    for (m, c) in found.pairs() {
        let ev = MentorScorer::new(&net, &Config::default())
            .unwrap()
            .evaluate(m, c.partner)
            .unwrap();
        assert!(ev.is_feasible());
        assert_eq!(ev.score.combined, c.combined);
    }
    // Top-2 keeps the two best of each.
    let mut two = Config::default();
    two.constraints.max_candidates = 2;
    let top = candidates(&net, &two).unwrap();
    for &m in found.mentees() {
        let all = found.of(m).unwrap();
        assert_eq!(top.of(m).unwrap(), &all[..all.len().min(2)]);
    }
}

#[test]
fn unmatched_mentee_gets_counts_per_constraint() {
    let net = story();
    // Tim's candidates are Kofi and Mira; a time-zone limit of one hour
    // (Tim is at UTC+2, Kofi at 0, Mira at 0) removes both.
    let mut config = Config::default();
    config.constraints.max_timezone_gap = Some(1.0);
    let found = candidates(&net, &config).unwrap();
    let tim = id(&net, "tim");
    assert!(found.of(tim).unwrap().is_empty());
    let why = found.rejections(tim).expect("tim is unmatched");
    assert_eq!(why.total(), net.people().len() as u64 - 1);
    // 11 others: 4 offer no mentoring (ada, lena, noor, yuki); of the 7
    // mentors, Linus and Grace are his managers, Omar is blocked, Sam and
    // Ines cover nothing, Kofi and Mira are too far away.
    assert_eq!(why.count(Constraint::NoMentorCapacity), 4);
    assert_eq!(why.count(Constraint::NoSkillOverlap), 2);
    assert_eq!(why.count(Constraint::Blocked), 1);
    assert_eq!(why.count(Constraint::SameReportingChain), 2);
    assert_eq!(why.count(Constraint::TimezoneGap), 2);
    assert_eq!(why.main_reason(), Some(Constraint::NoSkillOverlap));
    assert_eq!(found.rejections(id(&net, "ada")), None);
}

fn bring_your_own_scores() -> Config {
    let mut config = Config::default();
    config.weights = Weights::affinity_only();
    config.constraints.require_skill_overlap = false;
    config.constraints.max_candidates = 0;
    config
}

#[test]
fn affinity_only_scores_are_the_affinities() {
    let net = story();
    let mut config = bring_your_own_scores();
    // Both story affinities sit on reporting lines; let them through.
    config.constraints.exclude_reporting_chain = 0;
    let found = candidates(&net, &config).unwrap();
    assert_eq!(found.len(), net.affinities().len());
    for a in net.affinities() {
        let c = found.of(a.mentee).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].partner, a.mentor);
        assert_eq!(c[0].mentee_view, a.score);
        assert_eq!(c[0].partner_view, a.mentor_score);
        if a.score == a.mentor_score {
            assert_eq!(c[0].combined, a.score);
        }
    }
    // A pair without affinity has nothing in its favour.
    let s = MentorScorer::new(&net, &config).unwrap();
    assert_eq!(
        s.evaluate(id(&net, "ada"), id(&net, "kofi"))
            .unwrap()
            .failed,
        vec![Constraint::NoSupport]
    );
}

#[test]
fn explanation_ranks_the_pair() {
    let net = story();
    let config = Config::default();
    let why = explain(&net, &config, id(&net, "ada"), id(&net, "mira")).unwrap();
    assert!(why.is_feasible());
    let rank = why.rank.unwrap();
    assert_eq!((rank.position, rank.feasible), (3, 5));
    assert!(rank.is_kept());
    let mut two = config.clone();
    two.constraints.max_candidates = 2;
    let why = explain(&net, &two, id(&net, "ada"), id(&net, "mira")).unwrap();
    assert!(!why.rank.unwrap().is_kept());
    let found = candidates(&net, &config).unwrap();
    for &m in found.mentees() {
        for (i, c) in found.of(m).unwrap().iter().enumerate() {
            let why = explain(&net, &config, m, c.partner).unwrap();
            assert_eq!(why.rank.unwrap().position, i + 1);
            assert_eq!(why.evaluation.score.combined, c.combined);
        }
    }
}

#[test]
fn sponsors_of_the_story() {
    let net = story();
    let config = Config::default();
    let found = sponsor_candidates(&net, &config).unwrap();
    let names = |m: &str| -> Vec<&str> {
        found
            .of(id(&net, m))
            .unwrap()
            .iter()
            .map(|c| net.person(c.partner).unwrap().id.as_str())
            .collect()
    };
    // Omar wants leadership: Grace (leadership 5, the most senior) before
    // Linus; Mira is his manager.
    assert_eq!(names("omar"), ["grace", "linus"]);
    // Ada's managers are Linus and Grace; Mira remains.
    assert_eq!(names("ada"), ["mira"]);
    let s = SponsorScorer::new(&net, &config).unwrap();
    let (omar, grace, mira) = (id(&net, "omar"), id(&net, "grace"), id(&net, "mira"));
    assert_eq!(
        s.evaluate(omar, mira).unwrap().failed,
        vec![Constraint::SameReportingChain]
    );
    // Grace is the most senior (6 of 6).
    assert!(s.influence(grace).unwrap() >= 0.5);
    let why = explain_sponsor(&net, &config, omar, grace).unwrap();
    assert_eq!(why.rank.unwrap().position, 1);
    // Omar's one goal is leadership; Grace holds it at 5: skill reach 1.
    // Organisations by key, per member (level / 5), times the credit:
    // Engineering holds leadership itself through Grace (1.0 among 5
    // people, 0.2) and its children through Grace (1.0) and Linus
    // (people-management 3: 0.6), 1.6 / 5 × 0.5 = 0.16; the best is 0.2.
    // People holds its children through Ines alone, 0.8 × 0.5 = 0.4, the
    // most. Org reach 0.2 / 0.4.
    let domain = why.evaluation.score.criterion("domain").unwrap();
    let expected = 0.5 * 1.0 + 0.5 * (1.0 / 5.0) / 0.4;
    assert!((domain.mentee_value - expected).abs() < 1e-12, "{domain:?}");
}

#[test]
fn a_pair_that_went_badly_is_never_proposed_again() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/story.json");
    let mut data = mentormatch::read_dataset(&path).unwrap();
    let before = Network::from_dataset(&data, &Default::default()).unwrap();
    let config = Config::default();
    let (ada, mira) = (id(&before, "ada"), id(&before, "mira"));
    let all = candidates(&before, &config).unwrap();
    assert!(
        all.rank(ada, mira).is_some(),
        "Mira is Ada's candidate at first"
    );
    // Listed twice, once good and once bad: the worst outcome counts.
    for outcome in [Outcome::Good, Outcome::Bad] {
        data.history.push(HistoryRecord {
            mentee: "ada".into(),
            mentor: "mira".into(),
            kind: Role::Mentor,
            outcome,
        });
    }
    let net = Network::from_dataset(&data, &Default::default()).unwrap();
    let (ada, mira) = (id(&net, "ada"), id(&net, "mira"));
    let verdict = MentorScorer::new(&net, &config)
        .unwrap()
        .evaluate(ada, mira)
        .unwrap();
    assert_eq!(verdict.failed, [Constraint::BadHistory]);
    assert_eq!(verdict.failed[0].name(), "bad_history");
    let after = candidates(&net, &config).unwrap();
    assert_eq!(after.rank(ada, mira), None);
    // Everyone else keeps their candidates.
    assert_eq!(after.len() + 1, all.len());
}
