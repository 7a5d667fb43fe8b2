//! Configurations at the extremes of their types (`i32::MIN`/`MAX`, 0,
//! huge and tiny floats, equal bounds): validation refuses what is out of
//! bounds with an error naming the table, key and value, and on every
//! accepted one each criterion stays in [0, 1] and the views and the
//! combined score are finite and within Σ|weight|.

mod common;

use common::network_strategy::network;
use mentormatch::{
    candidates, match_cohort, sponsor_candidates, Config, MentorScorer, SponsorScorer,
    MAX_CANDIDATES, MAX_SENIORITY_GAP,
};
use proptest::prelude::*;

fn extreme_i32() -> impl Strategy<Value = i32> {
    prop_oneof![
        Just(i32::MIN),
        Just(i32::MAX),
        Just(0),
        Just(-MAX_SENIORITY_GAP),
        Just(MAX_SENIORITY_GAP),
        Just(MAX_SENIORITY_GAP + 1),
        -3i32..=3,
    ]
}

fn extreme_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(-0.0),
        Just(f64::MAX),
        Just(f64::MIN),
        Just(f64::MIN_POSITIVE),
        Just(1e6),
        Just(-1e6),
        Just(1e300),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::NAN),
        Just(0.5),
        Just(1.0),
    ]
}

fn extreme_usize() -> impl Strategy<Value = usize> {
    prop_oneof![
        Just(0),
        Just(1),
        Just(MAX_CANDIDATES),
        Just(MAX_CANDIDATES + 1),
        Just(usize::MAX),
    ]
}

fn extreme_config() -> impl Strategy<Value = Config> {
    (
        (extreme_i32(), extreme_i32(), any::<bool>()),
        proptest::collection::vec(extreme_f64(), 11),
        (extreme_f64(), extreme_f64(), extreme_f64(), extreme_f64()),
        (extreme_usize(), extreme_usize()),
        prop_oneof![Just(0u32), Just(1), Just(1000), Just(u32::MAX)],
        proptest::collection::vec(extreme_f64(), 3),
    )
        .prop_map(
            |((lo, hi, equal), w, (view, credit, gap, min_score), (k, sk), chain, sw)| {
                let mut c = Config::default();
                c.criteria.seniority_min_gap = lo;
                c.criteria.seniority_max_gap = if equal { lo } else { hi };
                let ws = &mut c.weights;
                for (slot, value) in [
                    &mut ws.skill_fit,
                    &mut ws.experience,
                    &mut ws.seniority,
                    &mut ws.cross_org,
                    &mut ws.timezone,
                    &mut ws.language,
                    &mut ws.reciprocity,
                    &mut ws.network,
                    &mut ws.preference,
                    &mut ws.affinity,
                    &mut ws.repeat,
                ]
                .into_iter()
                .zip(w)
                {
                    *slot = value;
                }
                ws.mentor_view_weight = view;
                c.criteria.taxonomy_credit = credit;
                c.constraints.max_timezone_gap = Some(gap);
                c.constraints.min_score = min_score;
                c.constraints.max_candidates = k;
                c.constraints.exclude_reporting_chain = chain;
                c.sponsor.max_candidates = sk;
                c.sponsor.influence = sw[0];
                c.sponsor.domain = sw[1];
                c.sponsor.preference = sw[2];
                c
            },
        )
}

/// The sum of the weights' magnitudes: a view's bound.
fn weight_mass(config: &Config) -> f64 {
    let w = &config.weights;
    [
        w.skill_fit,
        w.experience,
        w.seniority,
        w.cross_org,
        w.timezone,
        w.language,
        w.reciprocity,
        w.network,
        w.preference,
        w.affinity,
        w.repeat,
    ]
    .iter()
    .map(|w| w.abs())
    .sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn scores_stay_in_range_on_extreme_configs(net in network(8), config in extreme_config()) {
        // A refused configuration names the table, the key and the value;
        // the scorers take only accepted ones (they return this error for
        // others).
        if let Err(e) = config.validate("config") {
            let e = e.as_invalid().expect("invalid, not io").clone();
            prop_assert!(e.record().starts_with('[') && !e.field().is_empty() && !e.value().is_empty(), "{:?}", e);
            return Ok(());
        }
        let mentors = MentorScorer::new(&net, &config).expect("validated above");
        let mass = weight_mass(&config);
        for m in net.person_ids() {
            for t in net.person_ids() {
                let ev = mentors.evaluate(m, t).unwrap();
                for c in ev.score.criteria() {
                    prop_assert!((0.0..=1.0).contains(&c.mentee_value), "{:?} {:?}", c, config.criteria);
                    prop_assert!((0.0..=1.0).contains(&c.mentor_value), "{:?} {:?}", c, config.criteria);
                }
                for (name, v) in ev.score.components() {
                    prop_assert!((0.0..=1.0).contains(&v), "{} = {}", name, v);
                }
                let s = &ev.score;
                for v in [s.mentee_view, s.mentor_view, s.combined] {
                    prop_assert!(v.is_finite() && v.abs() <= mass * (1.0 + 1e-12), "{} > {}", v, mass);
                }
            }
        }
        let sponsors = SponsorScorer::new(&net, &config).expect("validated above");
        for m in net.person_ids() {
            for t in net.person_ids() {
                let s = sponsors.evaluate(m, t).unwrap().score;
                for c in s.criteria() {
                    prop_assert!((0.0..=1.0).contains(&c.mentee_value), "{:?}", c);
                }
                prop_assert!(s.combined.is_finite());
            }
        }
        // Bounded numbers reach the candidate lists and the whole run
        // without an allocation sized by them failing.
        let _ = candidates(&net, &config);
        let _ = sponsor_candidates(&net, &config);
        prop_assert!(match_cohort(&net, &config).is_ok());
    }
}

#[test]
fn the_overflowing_seniority_band_is_refused() {
    let text = "[criteria]\nseniority_min_gap = -2147483648\nseniority_max_gap = -2147483648\n";
    let e = Config::from_toml_str(text).unwrap_err().to_string();
    assert_eq!(
        e,
        "config: [criteria]: seniority_min_gap = -2147483648: must be -255 to 255 (seniority is 0 to 255)"
    );
}
