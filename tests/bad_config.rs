//! A configuration built in code skips `Config::load`'s checks: handed
//! straight to a scorer or any other entry point, an out-of-range value is
//! an error naming the table, key and value, never a panic.

mod common;

use common::story;
use mentormatch::{
    candidates, centrality, explain, explain_sponsor, html_report, match_cohort,
    sponsor_candidates, suggest_introductions, sweep_max_candidates, CentralityOptions, Config,
    ErrorKind, HtmlConfig, MentorScorer, RecordedRun, Replay, SponsorScorer, SuggestConfig,
};

/// The defaults with one mentor weight that is not a number.
fn nan_weight() -> Config {
    let mut config = Config::default();
    config.weights.skill_fit = f64::NAN;
    config
}

const NAN_WEIGHT: &str =
    "config: [weights]: skill_fit = NaN: weight must be a number from -1000000 to 1000000";

/// The defaults with a sponsor damping the power iteration cannot use.
fn full_damping() -> Config {
    let mut config = Config::default();
    config.sponsor.damping = 1.0;
    config
}

const FULL_DAMPING: &str = "config: [sponsor]: damping = 1: must be at least 0 and below 1";

#[test]
fn scorers_refuse_an_out_of_range_config() {
    let network = story();
    for (config, message) in [(nan_weight(), NAN_WEIGHT), (full_damping(), FULL_DAMPING)] {
        let error = MentorScorer::new(&network, &config).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::OutOfRange), "{error:?}");
        assert_eq!(error.to_string(), message);
        let error = SponsorScorer::new(&network, &config).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::OutOfRange), "{error:?}");
        assert_eq!(error.to_string(), message);
    }
    // A malformed pinned pair is refused by the same one check.
    let mut config = Config::default();
    config.assign.pinned = vec![vec!["ada".to_string()]];
    let error = MentorScorer::new(&network, &config).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Parse), "{error:?}");
    assert_eq!(
        error.to_string(),
        "config: [assign]: pinned[0] = [\"ada\"]: a pinned pair is [\"mentee\", \"mentor\"]: \
         exactly two ids"
    );
    assert!(MentorScorer::new(&network, &Config::default()).is_ok());
    assert!(SponsorScorer::new(&network, &Config::default()).is_ok());
}

#[test]
fn every_entry_point_that_scores_refuses_it_too() {
    let network = story();
    let config = nan_weight();
    let ada = network.person_id("ada").unwrap();
    let mira = network.person_id("mira").unwrap();
    let linus = network.person_id("linus").unwrap();
    let report = match_cohort(&network, &Config::default()).unwrap();
    let run = RecordedRun::from_json(&serde_json::to_string(&report).unwrap(), "run.json").unwrap();
    let errors = [
        candidates(&network, &config).err(),
        sponsor_candidates(&network, &config).err(),
        explain(&network, &config, ada, mira).err(),
        explain_sponsor(&network, &config, ada, mira).err(),
        suggest_introductions(&network, &config, linus, &SuggestConfig::default()).err(),
        html_report(&network, &config, &report, &HtmlConfig::default()).err(),
        match_cohort(&network, &config).err(),
        sweep_max_candidates(&network, &config, &[3]).err(),
        Replay::new(&network, &config, &run).err(),
    ];
    for (i, error) in errors.into_iter().enumerate() {
        let error = error.unwrap_or_else(|| panic!("entry point {i} accepted a NaN weight"));
        assert!(
            matches!(error.kind(), ErrorKind::OutOfRange),
            "{i}: {error:?}"
        );
        assert_eq!(error.to_string(), NAN_WEIGHT, "entry point {i}");
    }
}

#[test]
fn centrality_refuses_a_damping_out_of_range() {
    let mut options = CentralityOptions::default();
    options.damping = 1.5;
    let error = centrality(&story(), &options).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::OutOfRange), "{error:?}");
    assert_eq!(
        error.to_string(),
        "arguments: damping = 1.5: must be at least 0 and below 1"
    );
}
