//! The generator's contract: valid networks at every size, the same bytes
//! for a seed on any thread count, and the shape of a realistic organisation.

use std::collections::HashSet;

use mentormatch::{generate, Dataset, GeneratorConfig, LoadOptions, Network};

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
    let cfg = config(3_000, 9);
    let on = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| serde_json::to_vec(&generate(&cfg)).unwrap())
    };
    let one = on(1);
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
    let mut degrees: Vec<usize> = n.person_ids().map(|p| n.neighbors(p).len()).collect();
    degrees.sort_unstable();
    let median = degrees[people / 2];
    let max = degrees[people - 1];
    assert!(max > 8 * median, "max degree {max}, median {median}");

    // Community structure: most ties stay inside an org.
    let same_org = n
        .ties()
        .iter()
        .filter(|t| n.person(t.a).org == n.person(t.b).org)
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
