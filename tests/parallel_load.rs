//! Validation runs partly in parallel: the network, and the first error
//! reported, must not depend on the number of threads.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

use mentormatch::{generate, Dataset, GeneratorConfig, LoadOptions, Network, Result, TieRecord};

fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

fn build(data: &Dataset, threads: usize) -> Result<Network> {
    on_threads(threads, || {
        Network::from_dataset(data, &LoadOptions::default())
    })
}

/// A dataset with more ties than one validation chunk holds.
fn big() -> Dataset {
    generate(&GeneratorConfig {
        people: 15_000,
        seed: 21,
        ..GeneratorConfig::default()
    })
}

#[test]
fn the_network_is_the_same_on_any_thread_count() {
    let data = big();
    assert!(data.ties.len() > 140_000);
    let one = build(&data, 1).unwrap();
    assert_eq!(one, build(&data, 3).unwrap());
}

#[test]
fn the_first_bad_tie_is_reported_whatever_the_threads() {
    let mut data = big();
    data.ties[120_000].b = "nobody".into();
    data.ties[70_001].strength = Some(7.0);
    data.ties[70_001].interactions = None;
    data.ties[70_001].reciprocated = None;
    data.ties[70_001].last_contact = None;
    data.ties[30_000].strength = None;
    data.ties[30_000].interactions = Some(2);
    data.ties[30_000].reciprocated = Some(3);
    data.ties[30_000].last_contact = None;
    for threads in [1, 2, 3] {
        let error = build(&data, threads).unwrap_err().to_string();
        assert_eq!(
            error,
            "dataset: ties[30000]: reciprocated = 3: more than the 2 interactions"
        );
    }
}

#[test]
fn duplicate_ties_in_different_chunks_are_found() {
    let mut data = big();
    let first = data.ties[1_000].clone();
    data.ties.push(TieRecord {
        a: first.b.clone(),
        b: first.a.clone(),
        ..first
    });
    let last = data.ties.len() - 1;
    for threads in [1, 3] {
        let error = build(&data, threads).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!(
                "dataset: ties[{last}]: b = {:?}: duplicate tie",
                first.a
            )),
            "{error}"
        );
        assert!(error.ends_with("(first at dataset: ties[1000])"), "{error}");
    }
}
