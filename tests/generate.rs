//! The generator's contract: valid networks at every size, the same bytes
//! for a seed on any thread count, and the shape of a realistic organisation,
//! with a broad product layer in its taxonomy and a few hubs.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

use std::collections::{HashMap, HashSet};

use mentormatch::{generate, Dataset, GeneratorConfig, LoadOptions, Network, Outcome, SkillLevel};

fn config(people: usize, seed: u64) -> GeneratorConfig {
    GeneratorConfig {
        people,
        seed,
        ..GeneratorConfig::default()
    }
}

fn network(data: &Dataset) -> Network {
    Network::from_dataset(data, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("generated dataset is invalid: {e}"))
}

#[test]
fn every_size_and_seed_gives_a_valid_network() {
    for people in [0, 1, 2, 3, 7, 26, 51, 300, 2_000] {
        for seed in [0, 1, 42, u64::MAX] {
            let data = generate(&config(people, seed));
            let n = network(&data);
            assert_eq!(n.people().len(), people, "people={people} seed={seed}");
        }
    }
}

#[test]
fn output_is_identical_for_a_seed_on_any_thread_count() {
    // Large enough for a hub and a few hundred products.
    let cfg = config(3_000, 9);
    let on = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| serde_json::to_vec(&generate(&cfg)).unwrap())
    };
    let one = on(1);
    // The history's outcomes, planted from scores of the whole dataset,
    // are part of what must not change.
    let history = generate(&cfg).history;
    for outcome in [Outcome::Good, Outcome::Neutral, Outcome::Bad] {
        assert!(history.iter().any(|h| h.outcome == outcome), "{outcome:?}");
    }
    assert_eq!(one, on(2));
    assert_eq!(one, on(3));
    assert_eq!(one, serde_json::to_vec(&generate(&cfg)).unwrap());
    assert_ne!(
        one,
        serde_json::to_vec(&generate(&config(3_000, 10))).unwrap()
    );
}

#[test]
fn a_generated_organisation_looks_like_one() {
    let people = 20_000;
    let data = generate(&config(people, 5));
    let n = network(&data);
    let s = n.summary();
    let share = |count: usize| count as f64 / people as f64;

    // One CEO at the top of one reporting tree.
    let roots: Vec<_> = n.people().iter().filter(|p| p.manager.is_none()).collect();
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0].seniority, 9);

    // About ten ties per person, everyone reachable.
    let per_person = s.ties as f64 / people as f64;
    assert!(
        (9.5..=10.5).contains(&per_person),
        "{per_person} ties per person"
    );
    assert_eq!(s.components, 1);

    // Mentoring demand and supply in realistic proportion, with some gap.
    assert!((0.27..0.33).contains(&share(s.seeking_mentor)), "{s:?}");
    assert!((0.08..0.12).contains(&share(s.seeking_sponsor)), "{s:?}");
    let mentor_ratio = s.mentor_capacity as f64 / s.seeking_mentor as f64;
    assert!(
        (0.6..1.0).contains(&mentor_ratio),
        "mentor supply/demand {mentor_ratio}"
    );
    let sponsor_ratio = s.sponsor_capacity as f64 / s.seeking_sponsor as f64;
    assert!(
        (0.5..1.1).contains(&sponsor_ratio),
        "sponsor supply/demand {sponsor_ratio}"
    );
    let capacities: HashSet<u32> = n.people().iter().map(|p| p.mentor_capacity).collect();
    assert_eq!(capacities, HashSet::from([0, 1, 2, 3]));

    let opted_out = n.people().iter().filter(|p| !p.introducible).count();
    assert!(
        (0.04..0.06).contains(&share(opted_out)),
        "{opted_out} opted out"
    );

    // Goals are skills one does not hold yet; juniors seek, seniors offer.
    for p in n.people() {
        for g in &p.goals {
            assert_eq!(p.level(g.skill), 0, "{} has a goal they hold", p.id);
        }
    }
    let mean_level = |pick: &dyn Fn(u8) -> bool| {
        let levels: Vec<f64> = n
            .people()
            .iter()
            .filter(|p| pick(p.seniority))
            .flat_map(|p| p.skills.iter().map(|s| f64::from(s.level)))
            .collect();
        levels.iter().sum::<f64>() / levels.len() as f64
    };
    assert!(mean_level(&|s| s <= 1) + 1.0 < mean_level(&|s| s >= 4));

    // Degrees are heavy-tailed: the best-connected person knows far more
    // people than the median one.
    let mut degrees: Vec<usize> = n
        .person_ids()
        .map(|p| n.neighbors(p).unwrap().len())
        .collect();
    degrees.sort_unstable();
    let median = degrees[people / 2];
    let max = degrees[people - 1];
    assert!(max > 8 * median, "max degree {max}, median {median}");

    // Community structure: most ties stay inside an org.
    let same_org = n
        .ties()
        .iter()
        .filter(|t| n.person(t.a).unwrap().org == n.person(t.b).unwrap().org)
        .count();
    assert!(
        share(same_org) / per_person > 0.8,
        "{same_org} ties within an org"
    );

    // Both explicit strengths and evidence, a few blocks, preferences,
    // history and affinities.
    let with_evidence = n.ties().iter().filter(|t| t.evidence.is_some()).count();
    assert!((0.5..0.7).contains(&(with_evidence as f64 / s.ties as f64)));
    assert!(n.people().iter().any(|p| !p.blocked.is_empty()));
    assert!(n.people().iter().any(|p| !p.preferred.is_empty()));
    assert!(share(n.history().len()) > 0.02);
    assert!(!n.affinities().is_empty());
    assert!(s.skills >= 80);
}

#[test]
fn the_taxonomy_has_a_broad_product_layer() {
    let people = 20_000;
    let data = generate(&config(people, 5));
    let n = network(&data);

    // Products hang under a handful of categories of very unequal sizes,
    // and the categories under the skills (or at the root).
    let mut children: HashMap<_, usize> = HashMap::new();
    for s in n.skills().iter().filter(|s| s.id.contains('/')) {
        let category = s.parent.expect("a product has a category");
        assert!(s
            .id
            .starts_with(&format!("{}/", n.skill(category).unwrap().id)));
        *children.entry(category).or_default() += 1;
    }
    let products: usize = children.values().sum();
    assert!((700..=900).contains(&products), "{products} products");
    assert!((8..=30).contains(&children.len()), "{children:?}");
    let largest = *children.values().max().unwrap();
    let smallest = *children.values().min().unwrap();
    assert!(
        largest >= 300,
        "the largest category has {largest} products"
    );
    assert!(largest >= 20 * smallest, "sizes {largest} and {smallest}");
    for &category in children.keys() {
        if let Some(parent) = n.skill(category).unwrap().parent {
            assert!(!n.skill(parent).unwrap().id.contains('/'));
        }
    }

    // People use a few products each; a few products are used by very many
    // people, most by few.
    let mut users: HashMap<_, usize> = HashMap::new();
    let mut held = 0;
    for p in n.people() {
        let is_product = |s: &&SkillLevel| n.skill(s.skill).unwrap().id.contains('/');
        let tools: Vec<_> = p.skills.iter().filter(is_product).collect();
        assert!(tools.len() <= 3, "{} uses {} products", p.id, tools.len());
        held += tools.len();
        for t in tools {
            *users.entry(t.skill).or_default() += 1;
        }
    }
    let mean = held as f64 / people as f64;
    assert!((1.2..1.6).contains(&mean), "{mean} products per person");
    let mut counts: Vec<usize> = users.values().copied().collect();
    counts.sort_unstable();
    let top = counts[counts.len() - 1];
    let median = counts[counts.len() / 2];
    assert!(top >= people / 100, "the most used product has {top} users");
    assert!(top >= 50 * median, "top {top}, median {median}");

    // About a sixth of goals aim at a product or a product category.
    let goals: Vec<_> = n.people().iter().flat_map(|p| p.goals.iter()).collect();
    let is_tool = |s| children.contains_key(&s) || n.skill(s).unwrap().id.contains('/');
    let tool_goals = goals.iter().filter(|g| is_tool(g.skill)).count();
    let share = tool_goals as f64 / goals.len() as f64;
    assert!(
        (0.15..0.21).contains(&share),
        "{share} of goals aim at tools"
    );
}

#[test]
fn hubs_know_a_large_share_of_the_organisation() {
    let people = 20_000;
    let data = generate(&config(people, 5));
    let n = network(&data);
    let hubs: Vec<_> = n
        .person_ids()
        .filter(|&p| n.neighbors(p).unwrap().len() >= people / 20)
        .collect();
    // One hub per 20,000 people, tied to about a tenth of them.
    assert_eq!(hubs.len(), 1, "hubs {hubs:?}");
    for &h in &hubs {
        let hub = n.person(h).unwrap();
        let degree = n.neighbors(h).unwrap().len();
        assert!(degree >= people / 10, "hub {} has {degree} ties", hub.id);
        assert!(hub.introducible && hub.seniority >= 5, "{hub:?}");
        assert!(hub.mentor_capacity > 0 && hub.sponsor_capacity > 0);
    }
    // A hub's ties are mostly weak ones, across every org.
    let hub = hubs[0];
    let orgs: HashSet<_> = n
        .neighbors(hub)
        .unwrap()
        .iter()
        .map(|nb| n.person(nb.person).unwrap().org)
        .collect();
    assert!(orgs.len() >= 10, "{} orgs", orgs.len());
    let strengths: Vec<f64> = n
        .neighbors(hub)
        .unwrap()
        .iter()
        .map(|nb| n.tie(nb.tie).unwrap().strength)
        .collect();
    let mean = strengths.iter().sum::<f64>() / strengths.len() as f64;
    assert!(mean < 0.3, "mean strength {mean} of a hub's ties");

    // Small organisations have none: the best connected know far fewer.
    let small = network(&generate(&config(1_000, 5)));
    let max = small
        .person_ids()
        .map(|p| small.neighbors(p).unwrap().len())
        .max()
        .unwrap();
    assert!(max < 100, "max degree {max} at 1,000 people");
}

#[test]
fn the_committed_samples_are_what_the_documented_command_writes() {
    // `mentormatch generate --people 300 --seed 2026 --out data/sample.json`
    // and the same with `--out data/sample`.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let expected = generate(&config(300, 2026));
    let json = mentormatch::read_dataset(root.join("sample.json")).unwrap();
    let csv = mentormatch::read_dataset(root.join("sample")).unwrap();
    assert!(json == expected, "data/sample.json is stale: regenerate it");
    assert!(csv == expected, "data/sample/ is stale: regenerate it");
    let options = LoadOptions::default();
    let from_json = mentormatch::load(root.join("sample.json"), &options).unwrap();
    let from_csv = mentormatch::load(root.join("sample"), &options).unwrap();
    assert_eq!(from_json, from_csv);
}

#[test]
fn people_carry_department_grade_and_location() {
    let data = generate(&config(2_000, 5));
    let n = network(&data);
    assert_eq!(n.attribute_names(), ["department", "grade", "location"]);
    let attr = |p: mentormatch::PersonId, name: &str| {
        let id = n.attribute_id(name).unwrap();
        n.label(n.attribute(p, id).expect("everyone has it"))
            .unwrap()
    };
    let mut departments_of_org: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut has_reports = vec![false; n.people().len()];
    for p in n.people() {
        if let Some(m) = p.manager {
            has_reports[m.index()] = true;
        }
    }
    for p in n.person_ids() {
        let person = n.person(p).unwrap();
        let org = n.label(person.org.unwrap()).unwrap();
        departments_of_org
            .entry(org)
            .or_default()
            .insert(attr(p, "department"));
        // Grades follow the reporting line: individual contributors are IC,
        // managers M, the org heads VP.
        let grade = attr(p, "grade");
        match person
            .manager
            .map(|m| n.person(m).unwrap().manager.is_none())
        {
            None => assert_eq!(grade, "CEO"),
            Some(true) => assert_eq!(grade, "VP"),
            Some(false) if has_reports[p.index()] => assert!(grade.starts_with('M'), "{grade}"),
            Some(false) => assert_eq!(grade, format!("IC{}", person.seniority + 1)),
        }
        // A manager and their report share a department below the org heads.
        if let Some(m) = person.manager.filter(|&m| {
            n.person(m)
                .unwrap()
                .manager
                .is_some_and(|h| n.person(h).unwrap().manager.is_some())
        }) {
            assert_eq!(attr(p, "department"), attr(m, "department"));
        }
    }
    // Orgs split into several named departments.
    let engineering = &departments_of_org["Engineering"];
    assert!(engineering.contains("Platform"), "{engineering:?}");
    assert!(engineering.len() >= 3, "{engineering:?}");
    let locations: HashSet<&str> = n.person_ids().map(|p| attr(p, "location")).collect();
    assert!(locations.len() >= 10, "{locations:?}");
}
