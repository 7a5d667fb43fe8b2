//! Benchmark-driven tuning on organisations whose history outcomes come
//! from planted weights, and on ones whose outcomes are random: tuning must
//! recover the first and find nothing in the second.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

use mentormatch::{
    generate, Benchmark, Config, EvaluateOptions, GeneratorConfig, LoadOptions, Outcomes,
    TuneOptions,
};

/// Generated past mentors rarely share a skill with their mentee's goals:
/// without the constraint, most past pairs count.
fn base() -> Config {
    let mut c = Config::default();
    c.constraints.require_skill_overlap = false;
    c
}

fn org(outcomes: Outcomes) -> Benchmark {
    let data = generate(&GeneratorConfig {
        people: 30_000,
        seed: 1,
        outcomes,
        ..Default::default()
    });
    Benchmark::from_dataset(&data, &LoadOptions::default()).unwrap()
}

/// The defaults: `auc`, 5 folds, a budget of 200.
fn options() -> TuneOptions {
    TuneOptions::default()
}

/// The held-out AUC of tuned weights comes within 0.03 of the planted
/// weights' (which are fitted on nothing) and at least 0.03 above the
/// default weights'.
#[test]
fn tuning_recovers_the_planted_weights() {
    let bench = org(Outcomes::default());
    let report = bench.tune(&base(), &options()).unwrap();
    let mut truth = base();
    truth.weights = Outcomes::planted_weights();
    let planted = bench
        .evaluate(&[("planted".into(), truth)], &EvaluateOptions::default())
        .unwrap();
    let planted = planted.configs[0].metrics.auc.unwrap();
    assert!(
        report.after >= planted - 0.03,
        "tuned {} against planted {planted}",
        report.after
    );
    assert!(
        report.after >= report.before + 0.03,
        "tuned {} against default {}",
        report.after,
        report.before
    );
    assert_eq!(report.verdict(), "a significant gain");
}

#[test]
fn tuning_finds_nothing_in_random_outcomes() {
    let bench = org(Outcomes::Random);
    let report = bench.tune(&base(), &options()).unwrap();
    assert!(
        !(report.gain.significant && report.gain.mean_difference > 0.0),
        "{}",
        report.to_text()
    );
    assert!(
        (report.before - 0.5).abs() < 0.1,
        "default auc {}",
        report.before
    );
}
