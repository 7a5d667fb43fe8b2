//! proptest strategies for small random networks and scoring configs: a
//! handful of people with every field the scorers read, a small skill
//! taxonomy, ties, history and affinities.

use mentormatch::{Config, Dataset, LoadOptions, Network};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Skills in the random taxonomy.
pub const SKILLS: usize = 6;

#[derive(Debug, Clone)]
struct PersonPlan {
    org: Option<u8>,
    industry: Option<u8>,
    manager: Option<usize>,
    seniority: u8,
    timezone: Option<i8>,
    languages: Vec<u8>,
    skills: Vec<(usize, u8)>,
    goals: Vec<(usize, u8, u32)>,
    experiences: Vec<u8>,
    mentor_capacity: u32,
    sponsor_capacity: u32,
    seeks_mentor: bool,
    seeks_sponsor: bool,
    introducible: bool,
    blocked: Vec<usize>,
    preferred: Vec<usize>,
}

fn person(n: usize) -> impl Strategy<Value = PersonPlan> {
    (
        (
            proptest::option::of(0u8..3),
            proptest::option::of(0u8..2),
            proptest::option::weighted(0.5, 0..n),
            0u8..7,
            proptest::option::weighted(0.8, -12i8..=14),
            vec(0u8..3, 0..3),
            vec((0..SKILLS, 1u8..=5), 0..4),
            vec((0..SKILLS, 1u8..=5, 1u32..=3), 0..3),
        ),
        (
            vec(0u8..3, 0..3),
            prop_oneof![2 => Just(0u32), 3 => 1u32..=3],
            prop_oneof![3 => Just(0u32), 1 => 1u32..=2],
            proptest::bool::weighted(0.6),
            proptest::bool::weighted(0.4),
            proptest::bool::weighted(0.85),
            vec(0..n, 0..2),
            vec(0..n, 0..2),
        ),
    )
        .prop_map(
            |(
                (org, industry, manager, seniority, timezone, languages, skills, goals),
                (
                    experiences,
                    mentor_capacity,
                    sponsor_capacity,
                    seeks_mentor,
                    seeks_sponsor,
                    introducible,
                    blocked,
                    preferred,
                ),
            )| PersonPlan {
                org,
                industry,
                manager,
                seniority,
                timezone,
                languages,
                skills,
                goals,
                experiences,
                mentor_capacity,
                sponsor_capacity,
                seeks_mentor,
                seeks_sponsor,
                introducible,
                blocked,
                preferred,
            },
        )
}

fn dedup<T: Ord + Clone>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v.dedup();
    v
}

fn to_dataset(
    parents: &[Option<usize>],
    people: &[PersonPlan],
    ties: &[(usize, usize, u8)],
    history: &[(usize, usize, bool)],
    affinities: &[(usize, usize, u8, Option<u8>)],
) -> Dataset {
    let p = |i: usize| format!("p{i}");
    let skills: Vec<Value> = parents
        .iter()
        .enumerate()
        .map(|(i, parent)| match parent.filter(|&q| q < i) {
            Some(q) => json!({"id": format!("s{i}"), "parent": format!("s{q}")}),
            None => json!({"id": format!("s{i}")}),
        })
        .collect();
    let people_json: Vec<Value> = people
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut seeks = Vec::new();
            if x.seeks_mentor {
                seeks.push("mentor");
            }
            if x.seeks_sponsor {
                seeks.push("sponsor");
            }
            let mut skill_map = serde_json::Map::new();
            for &(s, level) in &x.skills {
                skill_map.insert(format!("s{s}"), json!(level));
            }
            let mut goal_skills = std::collections::BTreeSet::new();
            let goals: Vec<Value> = x
                .goals
                .iter()
                .filter(|g| goal_skills.insert(g.0))
                .map(|&(s, level, priority)| {
                    json!({"skill": format!("s{s}"), "level": level, "priority": priority})
                })
                .collect();
            let others = |v: &[usize]| -> Vec<String> {
                dedup(v.to_vec()).into_iter().filter(|&q| q != i).map(p).collect()
            };
            let mut record = json!({
                "id": p(i),
                "seniority": x.seniority,
                "languages": dedup(x.languages.clone()).iter().map(|l| format!("l{l}")).collect::<Vec<_>>(),
                "skills": skill_map,
                "goals": goals,
                "experiences": dedup(x.experiences.clone()).iter().map(|e| format!("e{e}")).collect::<Vec<_>>(),
                "mentor_capacity": x.mentor_capacity,
                "sponsor_capacity": x.sponsor_capacity,
                "seeks": seeks,
                "introducible": x.introducible,
                "blocked": others(&x.blocked),
                "preferred": others(&x.preferred),
            });
            let r = record.as_object_mut().unwrap();
            if let Some(o) = x.org {
                r.insert("org".into(), json!(format!("org{o}")));
            }
            if let Some(o) = x.industry {
                r.insert("industry".into(), json!(format!("ind{o}")));
            }
            if let Some(m) = x.manager.filter(|&m| m < i) {
                r.insert("manager".into(), json!(p(m)));
            }
            if let Some(t) = x.timezone {
                r.insert("timezone".into(), json!(t));
            }
            record
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let ties_json: Vec<Value> = ties
        .iter()
        .filter(|&&(a, b, _)| a != b && seen.insert((a.min(b), a.max(b))))
        .map(|&(a, b, s)| {
            json!({"a": p(a), "b": p(b), "kind": "colleague", "strength": f64::from(s) / 10.0})
        })
        .collect();
    let history_json: Vec<Value> = history
        .iter()
        .filter(|&&(a, b, _)| a != b)
        .map(|&(a, b, sponsor)| {
            json!({"mentee": p(a), "mentor": p(b), "kind": if sponsor { "sponsor" } else { "mentor" }, "outcome": "good"})
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let affinities_json: Vec<Value> = affinities
        .iter()
        .filter(|&&(a, b, _, _)| a != b && seen.insert((a, b)))
        .map(|&(a, b, s, t)| {
            let mut v = json!({"mentee": p(a), "mentor": p(b), "score": f64::from(s) / 10.0});
            if let Some(t) = t {
                v["mentor_score"] = json!(f64::from(t) / 10.0);
            }
            v
        })
        .collect();
    serde_json::from_value(json!({
        "skills": skills,
        "people": people_json,
        "ties": ties_json,
        "history": history_json,
        "affinities": affinities_json,
    }))
    .expect("the strategy writes valid records")
}

/// A random valid network of 2 to `max_people` people.
pub fn network(max_people: usize) -> impl Strategy<Value = Network> {
    (2..=max_people).prop_flat_map(|n| {
        (
            vec(proptest::option::weighted(0.6, 0..SKILLS), SKILLS),
            vec(person(n), n),
            vec((0..n, 0..n, 1u8..=10), 0..(2 * n)),
            vec((0..n, 0..n, any::<bool>()), 0..3),
            vec((0..n, 0..n, 0u8..=10, proptest::option::of(0u8..=10)), 0..4),
        )
            .prop_map(|(parents, people, ties, history, affinities)| {
                let dataset = to_dataset(&parents, &people, &ties, &history, &affinities);
                Network::from_dataset(&dataset, &LoadOptions::default())
                    .unwrap_or_else(|e| panic!("strategy made an invalid network: {e}"))
            })
    })
}

fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => Just(0.0),
        5 => (0u8..=10).prop_map(|w| f64::from(w) / 10.0),
        1 => (-5i8..0).prop_map(|w| f64::from(w) / 10.0),
    ]
}

/// A random valid scoring configuration.
pub fn config() -> impl Strategy<Value = Config> {
    (
        vec(weight(), 11),
        0u8..=4,
        (
            any::<bool>(),
            0u32..=3,
            proptest::option::weighted(0.3, 0u8..=12),
            proptest::bool::weighted(0.3),
        ),
        (
            prop_oneof![Just(f64::NEG_INFINITY), Just(0.0), Just(0.2)],
            0usize..=3,
        ),
        (0u8..=2, vec(weight(), 3), any::<bool>(), 0usize..=2),
    )
        .prop_map(
            |(
                w,
                view,
                (overlap, chain, gap, language),
                (min_score, k),
                (credit, sw, domain, sk),
            )| {
                let mut c = Config::default();
                let ws = &mut c.weights;
                ws.skill_fit = w[0];
                ws.experience = w[1];
                ws.seniority = w[2];
                ws.cross_org = w[3];
                ws.timezone = w[4];
                ws.language = w[5];
                ws.reciprocity = w[6];
                ws.network = w[7];
                ws.preference = w[8];
                ws.affinity = w[9];
                ws.repeat = w[10];
                ws.mentor_view_weight = f64::from(view) / 4.0;
                c.constraints.require_skill_overlap = overlap;
                c.constraints.exclude_reporting_chain = chain;
                c.constraints.max_timezone_gap = gap.map(f64::from);
                c.constraints.require_language = language;
                c.constraints.min_score = min_score;
                c.constraints.max_candidates = k;
                c.criteria.taxonomy_credit = f64::from(credit) / 2.0;
                c.sponsor.influence = sw[0];
                c.sponsor.domain = sw[1];
                c.sponsor.preference = sw[2];
                c.sponsor.require_domain_overlap = domain;
                c.sponsor.min_score = min_score;
                c.sponsor.max_candidates = sk;
                c
            },
        )
}
