//! Inputs shaped to find superlinear work: work must stay proportional to the
//! data however it is arranged. Each test is sized so that a quadratic (or
//! walk-the-line) version would do billions of steps and never finish, so
//! they fail on the shape of the work, not on a timer.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

mod common;
#[path = "../benches/support/shapes.rs"]
mod shapes;

use common::TempDir;
use mentormatch::{
    candidates, generate, load, match_cohort, sponsor_candidates, Config, Constraint, Dataset,
    GeneratorConfig, GoalRecord, LoadOptions, MentorScorer, Network, PersonId, PersonRecord, Role,
    SkillLevels, MAX_CAPACITY,
};

fn network(data: &Dataset) -> Network {
    Network::from_dataset(data, &LoadOptions::default()).expect("valid")
}

// ---------------------------------------------------------------------------
// Long per-person lists (issue 8, item 4): skills, goals, languages,
// experiences, blocked and preferred are checked for repeats in linear time,
// and the first repeat in input order is still the one reported.
// ---------------------------------------------------------------------------

/// Items per list: comparing each with those before it would be 1.25·10^9
/// comparisons per list.
const LONG: usize = 50_000;

/// The message of the error from loading `text` as a JSON file, with its
/// field and value.
fn json_error(text: &str) -> (String, String, String) {
    let dir = TempDir::new("hostile");
    let path = dir.write("data.json", text);
    let err = load(&path, &LoadOptions::default()).expect_err("refused");
    let invalid = err.as_invalid().expect("an Invalid error");
    (
        err.to_string(),
        invalid.field().to_string(),
        invalid.value().to_string(),
    )
}

/// `{"id": "p0", <fields>}` and `others` people `p1`… beside it, as JSON.
fn one_person_json(fields: &str, others: usize) -> String {
    let mut people = vec![format!(r#"{{"id": "p0", {fields}}}"#)];
    people.extend((1..=others).map(|i| format!(r#"{{"id": "p{i}"}}"#)));
    format!(r#"{{"people": [{}]}}"#, people.join(","))
}

fn quoted_list(items: impl Iterator<Item = String>) -> String {
    items
        .map(|s| format!("{s:?}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn skills_json(extra: Option<&str>) -> String {
    let mut items: Vec<String> = (0..LONG).map(|i| format!(r#""s{i}": 3"#)).collect();
    items.extend(extra.map(|s| format!(r#""{s}": 4"#)));
    format!(r#""skills": {{{}}}"#, items.join(","))
}

fn goals_json(extra: Option<&str>) -> String {
    let goals = (0..LONG)
        .map(|i| format!("g{i}"))
        .chain(extra.map(str::to_string))
        .map(|s| format!(r#"{{"skill": "{s}", "level": 4}}"#));
    format!(r#""goals": [{}]"#, goals.collect::<Vec<_>>().join(","))
}

fn labels_json(field: &str, prefix: &str, extra: Option<&str>) -> String {
    let items = (0..LONG)
        .map(|i| format!("{prefix}{i}"))
        .chain(extra.map(str::to_string));
    format!(r#""{field}": [{}]"#, quoted_list(items))
}

#[test]
fn a_person_with_50000_of_everything_loads() {
    let fields = [
        skills_json(None),
        goals_json(None),
        labels_json("languages", "l", None),
        labels_json("experiences", "x", None),
        labels_json("blocked", "p", None).replace(r#""p0","#, ""),
        labels_json("preferred", "p", None).replace(r#""p0","#, ""),
    ];
    let dir = TempDir::new("hostile");
    let path = dir.write("data.json", one_person_json(&fields.join(","), LONG));
    let n = load(&path, &LoadOptions::default()).unwrap();
    let p = n.person(n.person_id("p0").unwrap()).unwrap();
    assert_eq!(
        (p.skills.len(), p.goals.len(), p.languages.len()),
        (LONG, LONG, LONG)
    );
    assert_eq!(
        (p.experiences.len(), p.blocked.len(), p.preferred.len()),
        (LONG, LONG - 1, LONG - 1)
    );

    // The same person built in memory, and read back from a CSV folder.
    let data = n.to_dataset();
    assert_eq!(
        Network::from_dataset(&data, &LoadOptions::default()).unwrap(),
        n
    );
    let csv = TempDir::new("hostile-csv");
    mentormatch::write_dataset(csv.path(), &data).unwrap();
    assert_eq!(load(csv.path(), &LoadOptions::default()).unwrap(), n);
}

#[test]
fn a_repeat_at_the_end_of_a_long_json_list_is_named() {
    let cases = [
        (skills_json(Some("s0")), "skills", "`s0` appears twice", ""),
        (
            goals_json(Some("g0")),
            "goals[50000].skill",
            "two goals for the same skill",
            "\"g0\"",
        ),
        (
            labels_json("languages", "l", Some("l7")),
            "languages[50000]",
            "listed twice",
            "\"l7\"",
        ),
        (
            labels_json("experiences", "x", Some("x49999")),
            "experiences[50000]",
            "listed twice",
            "\"x49999\"",
        ),
    ];
    for (fields, field, reason, value) in cases {
        let (message, f, v) = json_error(&one_person_json(&fields, 0));
        assert_eq!(f, field, "{message}");
        assert_eq!(v, value, "{message}");
        assert!(message.contains(reason), "{message}");
        assert!(message.contains("people[0]"), "{message}");
    }
    let blocked = labels_json("blocked", "p", Some("p3")).replace(r#""p0","#, "");
    let (message, field, value) = json_error(&one_person_json(&blocked, LONG));
    assert_eq!((field.as_str(), value.as_str()), ("blocked", "\"p3\""));
    assert!(message.contains("listed twice"), "{message}");
}

#[test]
fn a_repeat_at_the_end_of_a_long_csv_cell_is_named() {
    let skills: Vec<String> = (0..LONG)
        .map(|i| format!("s{i}:3"))
        .chain(["s0:5".to_string()])
        .collect();
    let dir = TempDir::new("hostile-csv");
    dir.write(
        "people.csv",
        format!("id,skills\np0,{}\n", skills.join(";")),
    );
    dir.write("ties.csv", "a,b\n");
    let err = load(dir.path(), &LoadOptions::default()).expect_err("refused");
    let invalid = err.as_invalid().unwrap();
    assert_eq!(
        (invalid.record(), invalid.field(), invalid.value()),
        ("line 2", "skills", "\"s0:5\"")
    );
    assert!(
        err.to_string().contains("skill `s0` appears twice"),
        "{err}"
    );
}

#[test]
fn the_first_repeat_in_input_order_is_the_one_reported() {
    let mut data = Dataset::default();
    let mut p = PersonRecord::new("p0");
    p.languages = ["en", "fr", "de", "fr", "en"].map(String::from).to_vec();
    data.people.push(p);
    let err = Network::from_dataset(&data, &LoadOptions::default()).unwrap_err();
    let invalid = err.as_invalid().unwrap();
    assert_eq!(
        (invalid.field(), invalid.value()),
        ("languages[3]", "\"fr\"")
    );

    // Among people, too: p3 repeats before p2 does.
    let mut data = Dataset::default();
    let mut p = PersonRecord::new("p0");
    p.blocked = ["p2", "p3", "p3", "p2"].map(String::from).to_vec();
    data.people.push(p);
    data.people
        .extend((1..4).map(|i| PersonRecord::new(format!("p{i}"))));
    let err = Network::from_dataset(&data, &LoadOptions::default()).unwrap_err();
    let invalid = err.as_invalid().unwrap();
    assert_eq!((invalid.field(), invalid.value()), ("blocked", "\"p3\""));

    // An unknown id later in the list is still found before any repeat.
    let mut data = Dataset::default();
    let mut p = PersonRecord::new("p0");
    p.preferred = ["p1", "p1", "nobody"].map(String::from).to_vec();
    data.people.push(p);
    data.people.push(PersonRecord::new("p1"));
    let err = Network::from_dataset(&data, &LoadOptions::default()).unwrap_err();
    assert_eq!(err.as_invalid().unwrap().field(), "preferred[2]");
}

#[test]
fn a_skill_repeated_in_memory_is_refused_like_one_in_a_file() {
    // Files cannot carry the repeat past their readers; records built in
    // memory can, and the network must not keep it.
    let mut data = Dataset::default();
    let mut p = PersonRecord::new("p0");
    p.skills = SkillLevels(
        (0..LONG)
            .map(|i| (format!("s{i}"), 3))
            .chain([("s9".to_string(), 4)])
            .collect(),
    );
    data.people.push(p);
    let err = Network::from_dataset(&data, &LoadOptions::default()).unwrap_err();
    let invalid = err.as_invalid().unwrap();
    assert_eq!((invalid.field(), invalid.value()), ("skills", "\"s9\""));
    assert!(
        err.to_string().contains("skill `s9` appears twice"),
        "{err}"
    );
}

#[test]
fn a_person_with_50000_skills_goals_and_languages_matches() {
    // `long` mentors `learner` through one of 50,000 skills and learns from
    // `teacher`: scoring a pair must cost the lists once, not their square.
    // All 50,000 goals are open: a learner with more than four open goals
    // is laid out sparsely (the goals near each key), not as a dense table
    // of 24·L² values (50,000 goals: 480 GB).
    let data = shapes::long_lists(LONG);
    let net = network(&data);
    let report = match_cohort(&net, &Config::default()).unwrap();
    let pairs: Vec<(&str, &str)> = report
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.as_str(), m.mentor.as_str()))
        .collect();
    assert_eq!(pairs, [("learner", "long"), ("long", "teacher")]);
}

// ---------------------------------------------------------------------------
// Deep reporting chains (issue 8, item 5): `exclude_reporting_chain` costs
// O(1) per pair, whatever its value and however deep the line.
// ---------------------------------------------------------------------------

/// One reporting line `p0` ← `p1` ← … ← `p{people-1}`: everyone seeks a
/// mentor in `s` and offers to mentor in it.
fn chain(people: usize) -> Network {
    let mut data = Dataset::default();
    for i in 0..people {
        let mut p = PersonRecord::new(format!("p{i}"));
        p.manager = i.checked_sub(1).map(|m| format!("p{m}"));
        p.skills = SkillLevels(vec![("s".into(), 3)]);
        p.goals = vec![GoalRecord {
            skill: "t".into(),
            level: 4,
            priority: 1,
        }];
        p.seeks = vec![Role::Mentor];
        p.mentor_capacity = 1;
        data.people.push(p);
    }
    Network::from_dataset(&data, &LoadOptions::default()).unwrap()
}

#[test]
fn a_100000_deep_chain_excludes_every_pair_without_walking_it() {
    const N: usize = 100_000;
    let n = chain(N);
    let mut config = Config::default();
    config.constraints.exclude_reporting_chain = u32::MAX;
    let scorer = MentorScorer::new(&n, &config).unwrap();
    // The bottom of the line against everyone above: walking up the line
    // would take 5·10^9 steps.
    let bottom = n.person_at(N - 1).unwrap();
    let pairs: Vec<(PersonId, PersonId)> = (0..N - 1)
        .map(|i| (bottom, n.person_at(i).unwrap()))
        .collect();
    let evaluations = scorer.evaluate_pairs(&pairs).unwrap();
    assert!(evaluations
        .iter()
        .all(|e| e.failed.contains(&Constraint::SameReportingChain)));

    // One level short of the whole line, the top and bottom may meet.
    config.constraints.exclude_reporting_chain = N as u32 - 2;
    let scorer = MentorScorer::new(&n, &config).unwrap();
    let top = n.person_at(0).unwrap();
    assert!(!scorer
        .evaluate(bottom, top)
        .unwrap()
        .failed
        .contains(&Constraint::SameReportingChain));
    assert!(scorer
        .evaluate(bottom, n.person_at(1).unwrap())
        .unwrap()
        .failed
        .contains(&Constraint::SameReportingChain));
}

#[test]
fn a_100000_deep_chain_matches_without_walking_it() {
    // 100 seekers at the bottom of the line and 100 mentors above them:
    // walking up the line would cost 10^9 steps per pass over the pairs.
    const DEPTH: usize = 100_000;
    const SEEKING: usize = 100;
    let net = network(&shapes::deep_chain(DEPTH, SEEKING, SEEKING));
    let mut config = Config::default();
    config.constraints.exclude_reporting_chain = u32::MAX;
    let report = match_cohort(&net, &config).unwrap();
    assert_eq!(report.summary.mentees, SEEKING);
    assert_eq!(report.summary.matched, 0);
    assert_eq!(report.unmatched.len(), SEEKING);
    for u in &report.unmatched {
        assert!(u.message.contains("same_reporting_chain"), "{u:?}");
    }

    // The default two levels leave every mentor more than 900 levels above
    // any seeker free to match.
    let report = match_cohort(&net, &Config::default()).unwrap();
    assert_eq!(report.summary.matched, SEEKING);
}

// ---------------------------------------------------------------------------
// Broad taxonomy (issue 8, item 2): nearness goes through at most six keys
// per goal and three per skill, whatever a parent's fan-out; materialising
// siblings would store children² entries.
// ---------------------------------------------------------------------------

#[test]
fn a_parent_of_20000_children_fills_every_place() {
    // 400 mentors and 600 mentees, all siblings under one parent: the old
    // neighbourhoods held 4·10^8 sibling entries.
    const CHILDREN: usize = 20_000;
    const PEOPLE: usize = 1_000;
    let mentors = shapes::broad_taxonomy_mentors(PEOPLE);
    let net = network(&shapes::broad_taxonomy(CHILDREN, PEOPLE));
    let config = Config::default();

    // Each mentor is proposed once per mentee, through one sibling key.
    let found = candidates(&net, &config).unwrap();
    assert!(found.pairs_scored() <= ((PEOPLE - mentors) * mentors) as u64);

    let report = match_cohort(&net, &config).unwrap();
    assert_eq!(report.summary.mentees, PEOPLE - mentors);
    assert_eq!(report.summary.matched, mentors);
    assert_eq!(report.summary.mentor_load.full, mentors);
    // Mentee `e{j}` wants exactly what `t{j}` holds, for every mentor: the
    // optimum takes all those pairs (siblings score less).
    for m in &report.mentor_matches {
        assert_eq!(m.mentee[1..], m.mentor[1..], "{} – {}", m.mentee, m.mentor);
    }
}

// ---------------------------------------------------------------------------
// Star hub (issue 8, item 3): a person with more than 1,024 ties is looked up
// per target in the two-hop reach and the trust check, not expanded for each
// of their contacts (leaves² work).
// ---------------------------------------------------------------------------

#[test]
fn a_star_of_20000_leaves_fills_the_hub_and_introduces_through_it() {
    const LEAVES: usize = 20_000;
    const OFFERING: usize = 20;
    let net = network(&shapes::star(LEAVES, OFFERING));
    let hub = MAX_CAPACITY as usize;
    let mut config = Config::default();
    // Every introduction goes through the hub: let it carry them all.
    config.intro.connector_load = 2 * OFFERING as u32;
    let report = match_cohort(&net, &config).unwrap();

    let s = &report.summary;
    assert_eq!(s.mentees, LEAVES - OFFERING);
    assert_eq!(s.matched, hub + OFFERING);
    assert_eq!(s.mentor_load.full, 1 + OFFERING);
    assert_eq!(s.sponsors.seeking, LEAVES - OFFERING);
    assert_eq!(s.sponsors.matched, hub + OFFERING);
    assert_eq!(s.sponsors.sponsor_load.full, 1 + OFFERING);
    let partners = report
        .mentor_matches
        .iter()
        .map(|m| (&m.mentee, &m.mentor, &m.intro))
        .chain(
            report
                .sponsor_matches
                .iter()
                .map(|m| (&m.mentee, &m.sponsor, &m.intro)),
        );
    let mut with_hub = 0;
    for (mentee, partner, intro) in partners {
        if partner == "hub" {
            // Tied already: no introduction.
            with_hub += 1;
            assert_eq!(*intro, None, "{mentee}");
        } else {
            let intro = intro.as_ref().expect("an introduction through the hub");
            assert_eq!(intro.people, [mentee.as_str(), "hub", partner.as_str()]);
        }
    }
    assert_eq!(with_hub, 2 * hub);
    assert_eq!(
        (s.intros.direct, s.intros.introduced, s.intros.no_path),
        (2 * hub, 2 * OFFERING, 0)
    );
}

// ---------------------------------------------------------------------------
// Top-K retrieval (issue 8, item 6): mentors are retrieved best first through
// (key, level) buckets, stopping once no mentor left can reach the K-th best;
// the result must be that of the exhaustive scan, for less work.
// ---------------------------------------------------------------------------

/// A generated organisation of 3,000 people (935 seeking a mentor, 450
/// mentoring).
fn generated_org() -> Network {
    network(&generate(&GeneratorConfig {
        people: 3000,
        seed: 5,
        ..Default::default()
    }))
}

/// Mentor candidates keeping the best `k` per mentee (0 = all).
fn keeping(net: &Network, k: usize) -> mentormatch::Candidates {
    let mut config = Config::default();
    config.constraints.max_candidates = k;
    candidates(net, &config).unwrap()
}

#[test]
fn top_k_retrieval_equals_the_exhaustive_scan_truncated() {
    let net = generated_org();
    let all = keeping(&net, 0);
    // Truncation must bite: some mentee has more than 50 feasible mentors.
    assert!(all.mentees().iter().any(|&m| all.of(m).unwrap().len() > 50));
    for k in [1, 5, 50] {
        let top = keeping(&net, k);
        assert_eq!(top.mentees(), all.mentees(), "K = {k}");
        for &m in all.mentees() {
            let expected = &all.of(m).unwrap()[..all.of(m).unwrap().len().min(k)];
            assert_eq!(
                top.of(m).unwrap(),
                expected,
                "K = {k}, {}",
                net.person(m).unwrap().id
            );
        }
        println!(
            "pairs scored: {} at K = {k}, {} exhaustive",
            top.pairs_scored(),
            all.pairs_scored()
        );
    }
    // 45,383 of 172,773 (26%) at K = 5 (51,258 before a listed mentor's
    // `reciprocity` counted 0 when the mentee has no skill in the trees of
    // their open goals; 51,542 before the lists ran in
    // runs of alike mentors, best bound first: on this small org most runs
    // hold a mentor or two); 70,889 (41%) before the goals in
    // trees a mentor has no skill in stopped counting for their cover,
    // 80,739 (47%) before bucket lists ran by class and checked the folded
    // experience tags.
    let top = keeping(&net, 5).pairs_scored();
    assert!(100 * top < 29 * all.pairs_scored(), "{top} scored");
}

#[test]
fn top_k_retrieval_equals_the_exhaustive_scan_next_to_hubs() {
    // From 10,240 people the generator's hub has more than 1,024 ties, so it
    // is a hub to the warmth criterion: its contacts are not listed, and a
    // mentor met in the buckets gets its warmth through the hubs alone.
    let net = network(&generate(&GeneratorConfig {
        people: 11_000,
        seed: 7,
        ..Default::default()
    }));
    let hubs: Vec<PersonId> = net
        .person_ids()
        .filter(|&p| net.neighbors(p).unwrap().len() > 1024)
        .collect();
    assert!(!hubs.is_empty(), "the shape needs a hub");
    let all = keeping(&net, 0);
    let next_to_a_hub = |m: PersonId| {
        net.neighbors(m)
            .unwrap()
            .iter()
            .any(|n| hubs.contains(&n.person))
    };
    assert!(all.mentees().iter().any(|&m| next_to_a_hub(m)));
    for k in [3, 50] {
        let top = keeping(&net, k);
        assert_eq!(top.mentees(), all.mentees(), "K = {k}");
        for &m in all.mentees() {
            let expected = &all.of(m).unwrap()[..all.of(m).unwrap().len().min(k)];
            assert_eq!(
                top.of(m).unwrap(),
                expected,
                "K = {k}, {}",
                net.person(m).unwrap().id
            );
        }
    }
}

#[test]
fn sponsor_top_k_equals_the_exhaustive_scan_truncated() {
    let net = generated_org();
    for require_domain_overlap in [true, false] {
        let sponsors = |k: usize| {
            let mut config = Config::default();
            config.sponsor.max_candidates = k;
            config.sponsor.require_domain_overlap = require_domain_overlap;
            config.sponsor.preference = 0.3;
            sponsor_candidates(&net, &config).unwrap()
        };
        let all = sponsors(0);
        assert!(all.mentees().iter().any(|&m| all.of(m).unwrap().len() > 50));
        for k in [1, 5, 50] {
            let top = sponsors(k);
            assert_eq!(top.mentees(), all.mentees(), "K = {k}");
            for &m in all.mentees() {
                let expected = &all.of(m).unwrap()[..all.of(m).unwrap().len().min(k)];
                assert_eq!(
                    top.of(m).unwrap(),
                    expected,
                    "K = {k}, {}",
                    net.person(m).unwrap().id
                );
                if all.of(m).unwrap().is_empty() {
                    assert_eq!(top.rejections(m), all.rejections(m));
                }
            }
            println!(
                "sponsor pairs scored (domain overlap required: {require_domain_overlap}): \
                 {} at K = {k}, {} exhaustive",
                top.pairs_scored(),
                all.pairs_scored()
            );
        }
    }
}

#[test]
fn top_k_retrieval_visits_fewer_pairs_than_the_index_proposes() {
    // Retrieving the best mentors first stops once no mentor left can reach
    // the K-th best score. With the default weights the criteria other than
    // `skill_fit` can add about 0.4 to any mentor's score, so the bound
    // stops late on generated data: 75% of the exhaustive pairs at K = 5 on
    // this org (129,216 of 172,773), 62% at K = 50 on 100,000 people. The
    // guard is that it stays below 80% here and never exceeds the
    // exhaustive scan at any K (mentors met through warm ties are visited
    // up front only when a skill of theirs is near a goal).
    let net = generated_org();
    let all = keeping(&net, 0);
    let top = keeping(&net, 5);
    assert!(
        5 * top.pairs_scored() < 4 * all.pairs_scored(),
        "{} of {}",
        top.pairs_scored(),
        all.pairs_scored()
    );
    for k in [1, 50] {
        assert!(
            keeping(&net, k).pairs_scored() <= all.pairs_scored(),
            "K = {k}"
        );
    }
}

#[test]
fn sponsor_retrieval_visits_fewer_pairs_than_the_index_proposes() {
    // Sponsors are retrieved best skill cover first and, within each list,
    // most influential first; a list ends once its next sponsor cannot
    // reach the K-th best score; in a bucket, a sponsor whose bound with
    // their organisation's reach exact is below it is skipped. With the
    // default weights: 46% of the exhaustive pairs at K = 5 on this org
    // (10,594 of 22,918; 12,550 before the organisation reach was exact).
    // The guard is 50% here, and never more than the exhaustive scan at
    // any K.
    let net = generated_org();
    let sponsors = |k: usize| {
        let mut config = Config::default();
        config.sponsor.max_candidates = k;
        sponsor_candidates(&net, &config).unwrap()
    };
    let all = sponsors(0);
    let top = sponsors(5);
    println!(
        "sponsor pairs scored: {} at K = 5, {} exhaustive",
        top.pairs_scored(),
        all.pairs_scored()
    );
    assert!(
        2 * top.pairs_scored() < all.pairs_scored(),
        "{} of {}",
        top.pairs_scored(),
        all.pairs_scored()
    );
    for k in [1, 50] {
        assert!(sponsors(k).pairs_scored() <= all.pairs_scored(), "K = {k}");
    }
}

#[test]
fn sponsor_retrieval_counts_no_goal_outside_a_sponsors_trees() {
    // A sponsor met in a bucket has a skill reach of at most what the
    // buckets left offer for each goal, and nothing for a goal in none of
    // the taxonomy trees of their skills: on a generated organisation of
    // 30,000 people with the default K, 408,464 pairs are scored
    // (467,800 when every goal counts, as before the trees did; at 300,000
    // people 5.83 M against 9.17 M), the same candidates as the exhaustive
    // scan (checked on a smaller organisation above).
    let net = network(&generate(&GeneratorConfig {
        people: 30_000,
        seed: 3,
        ..Default::default()
    }));
    let scored = sponsor_candidates(&net, &Config::default())
        .unwrap()
        .pairs_scored();
    println!("sponsor pairs scored: {scored}");
    assert!(scored < 440_000, "{scored} scored");
}

// ---------------------------------------------------------------------------
// Filling free places: the pairs of seekers and mentors who both have room
// are found through the skill index, not checked one by one.
// ---------------------------------------------------------------------------

#[test]
fn free_places_nobody_can_take_cost_nothing_to_fill() {
    // 20,000 mentees want `x`; 20,000 mentors with room hold only `y`.
    // Checking every pair would be 4·10^8 checks; the index proposes none.
    const N: usize = 20_000;
    let mut data = Dataset::default();
    for i in 0..N {
        let mut p = PersonRecord::new(format!("e{i}"));
        p.goals = vec![GoalRecord {
            skill: "x".into(),
            level: 4,
            priority: 1,
        }];
        p.seeks = vec![Role::Mentor];
        data.people.push(p);
        let mut t = PersonRecord::new(format!("t{i}"));
        t.skills = SkillLevels(vec![("y".into(), 5)]);
        t.mentor_capacity = 1;
        data.people.push(t);
    }
    let net = network(&data);
    let report = match_cohort(&net, &Config::default()).unwrap();
    assert_eq!(report.summary.matched, 0);
    assert_eq!(report.unmatched.len(), N);
}
