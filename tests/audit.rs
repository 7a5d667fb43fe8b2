//! The independent audit: results of `match_cohort` pass with no violation
//! on the sample, the story and generated organisations under every
//! policy; each deliberately corrupted result gives exactly the violation
//! of the rule it breaks; a minimal result from another tool reads.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

mod common;

use mentormatch::{
    audit, generate, load, match_cohort, Config, GeneratorConfig, LoadOptions, Network, Policy,
    ResultFile, Rule,
};
use serde_json::{json, Value};

const POLICIES: [Policy; 4] = [
    Policy::Optimal,
    Policy::Coverage,
    Policy::Stable,
    Policy::Greedy,
];

/// The run of `config` on `network`, as the JSON `match` writes.
fn run(network: &Network, config: &Config) -> Value {
    serde_json::to_value(match_cohort(network, config).expect("the run succeeds")).unwrap()
}

/// The rules `result` breaks, in report order.
fn rules(network: &Network, config: &Config, result: &Value) -> Vec<Rule> {
    let parsed = ResultFile::from_json(&result.to_string(), "result.json").expect("it parses");
    audit(network, config, &parsed)
        .unwrap()
        .violations
        .iter()
        .map(|v| v.rule)
        .collect()
}

/// Asserts the run of `config` on `network` is clean, through both ways in.
fn clean(network: &Network, config: &Config) {
    let report = match_cohort(network, config).expect("the run succeeds");
    let direct = audit(network, config, &ResultFile::from_report(&report)).unwrap();
    assert!(direct.is_ok(), "{}", direct.text());
    assert_eq!(rules(network, config, &run(network, config)), []);
    assert_eq!(direct.checked.mentor_pairs, report.mentor_matches.len());
    assert_eq!(direct.checked.sponsor_pairs, report.sponsor_matches.len());
    assert!(direct.checked.summary_figures > 0);
}

#[test]
fn match_results_pass_on_the_sample_and_the_story_under_every_policy() {
    let sample = load("data/sample.json", &LoadOptions::default()).unwrap();
    let story = common::story();
    for policy in POLICIES {
        let mut config = Config::default();
        config.assign.policy = policy;
        clean(&sample, &config);
        clean(&story, &config);
    }
}

#[test]
fn match_results_pass_on_generated_organisations() {
    for (people, seed) in [(300, 1), (500, 7)] {
        let data = generate(&GeneratorConfig {
            people,
            seed,
            ..GeneratorConfig::default()
        });
        let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        for policy in POLICIES {
            let mut config = Config::default();
            config.assign.policy = policy;
            clean(&network, &config);
            // Tighter rules, more places per mentee, busier connectors.
            config.assign.mentors_per_mentee = 2;
            config.constraints.max_timezone_gap = Some(6.0);
            config.constraints.require_language = true;
            config.constraints.exclude_reporting_chain = 3;
            config.intro.connector_load = 2;
            config.intro.max_hops = 4;
            clean(&network, &config);
        }
    }
}

/// The match of `mentee` in `list` of `result`.
fn find<'a>(result: &'a mut Value, list: &str, mentee: &str) -> &'a mut Value {
    result[list]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|m| m["mentee"] == mentee)
        .unwrap_or_else(|| panic!("{mentee} has a match in {list}"))
}

/// Gives `mentee`'s mentor match another mentor, leaving only the ids
/// (the score, components and introduction were the old pair's).
fn rementor(result: &mut Value, mentee: &str, mentor: &str) {
    let m = find(result, "mentor_matches", mentee);
    *m = json!({"mentee": mentee, "mentor": mentor});
}

/// The story's default run without its summary: a corruption changes
/// loads and group figures, which only the corruption's own rule should
/// report.
fn story_run(config: &Config) -> (Network, Value) {
    let story = common::story();
    let mut result = run(&story, config);
    result.as_object_mut().unwrap().remove("summary");
    (story, result)
}

#[test]
fn a_blocked_pair_is_caught() {
    let config = Config::default();
    let (story, mut result) = story_run(&config);
    // Tim blocks Omar; Lena moves to Grace to leave Omar a place.
    rementor(&mut result, "tim", "omar");
    rementor(&mut result, "lena", "grace");
    assert_eq!(rules(&story, &config, &result), [Rule::Blocked]);
}

#[test]
fn a_reporting_chain_pair_is_caught() {
    let config = Config::default();
    let (story, mut result) = story_run(&config);
    rementor(&mut result, "noor", "sam"); // Sam manages Noor.
    assert_eq!(rules(&story, &config, &result), [Rule::SameReportingChain]);
    let mut loose = config.clone();
    loose.constraints.exclude_reporting_chain = 0;
    assert_eq!(rules(&story, &loose, &result), []);
}

#[test]
fn a_mentor_over_capacity_is_caught() {
    let config = Config::default();
    let (story, mut result) = story_run(&config);
    rementor(&mut result, "yuki", "omar"); // Omar, capacity 1, has Lena.
    assert_eq!(rules(&story, &config, &result), [Rule::MentorCapacity]);
}

#[test]
fn a_pinned_pair_removed_is_caught() {
    let mut config = Config::default();
    config.assign.pinned = vec![vec!["lena".into(), "omar".into()]];
    let (story, mut result) = story_run(&config);
    assert_eq!(rules(&story, &config, &result), []);
    let list = result["mentor_matches"].as_array_mut().unwrap();
    list.retain(|m| m["mentee"] != "lena");
    // Lena, now unmatched, would also be missing from the unmatched list.
    result.as_object_mut().unwrap().remove("unmatched");
    assert_eq!(rules(&story, &config, &result), [Rule::Pinned]);
}

#[test]
fn a_forbidden_pair_added_is_caught() {
    let mut config = Config::default();
    config.assign.forbidden = vec![vec!["lena".into(), "grace".into()]];
    let (story, mut result) = story_run(&config);
    assert_eq!(rules(&story, &config, &result), []);
    rementor(&mut result, "lena", "grace");
    assert_eq!(rules(&story, &config, &result), [Rule::Forbidden]);
}

#[test]
fn an_intro_path_over_a_missing_tie_is_caught() {
    let config = Config::default();
    let (story, mut result) = story_run(&config);
    // Kofi–Linus is a tie, Linus–Ines is not.
    find(&mut result, "mentor_matches", "kofi")["intro"]["people"] =
        json!(["kofi", "linus", "ines"]);
    assert_eq!(rules(&story, &config, &result), [Rule::IntroTie]);
}

#[test]
fn a_non_introducible_intermediary_is_caught() {
    let config = Config::default();
    let (story, mut result) = story_run(&config);
    // Ada–Ines and Ines–Mira are ties, but Ines opted out of introducing.
    find(&mut result, "sponsor_matches", "ada")["intro"] =
        json!({"people": ["ada", "ines", "mira"], "warmth": 0.72});
    assert_eq!(
        rules(&story, &config, &result),
        [Rule::IntroNotIntroducible]
    );
}

#[test]
fn a_path_with_too_many_hops_is_caught() {
    let config = Config::default();
    let (story, mut result) = story_run(&config);
    // Five real ties, where `max_hops` is 3.
    find(&mut result, "mentor_matches", "lena")["intro"] =
        json!({"people": ["lena", "noor", "sam", "grace", "mira", "omar"]});
    assert_eq!(rules(&story, &config, &result), [Rule::IntroHops]);
}

#[test]
fn a_connector_over_load_is_caught() {
    let mut config = Config::default();
    config.intro.connector_load = 3;
    let (story, mut result) = story_run(&config);
    assert_eq!(rules(&story, &config, &result), []);
    // Grace is on three paths already; Noor's goes through her too.
    find(&mut result, "mentor_matches", "noor")["intro"] =
        json!({"people": ["noor", "sam", "grace", "mira"]});
    assert_eq!(rules(&story, &config, &result), [Rule::ConnectorLoad]);
    let parsed = ResultFile::from_json(&result.to_string(), "r.json").unwrap();
    let v = &audit(&story, &config, &parsed).unwrap().violations[0];
    assert_eq!(v.people, ["grace"]);
    // Grace's paths in record order: Noor's, Tim's, Yuki's mentor
    // introductions, then Ada's sponsor introduction, the fourth.
    assert_eq!(v.record, "sponsor_matches[0].intro");
    assert!(v.message.contains("on 4 paths"), "{}", v.message);
}

#[test]
fn a_wrong_warmth_and_a_wrong_status_are_caught() {
    let config = Config::default();
    let (story, mut result) = story_run(&config);
    find(&mut result, "mentor_matches", "lena")["intro"]["warmth"] = json!(0.9);
    assert_eq!(rules(&story, &config, &result), [Rule::IntroWarmth]);
    let (_, mut result) = story_run(&config);
    // Ada and Kofi are tied: "no_path" contradicts the tie.
    find(&mut result, "mentor_matches", "ada")["intro_status"] = json!("no_path");
    assert_eq!(rules(&story, &config, &result), [Rule::IntroStatus]);
}

#[test]
fn a_wrong_score_and_a_wrong_component_are_caught() {
    let config = Config::default();
    let (story, mut result) = story_run(&config);
    let m = find(&mut result, "mentor_matches", "tim");
    m["score"] = json!(m["score"].as_f64().unwrap() + 0.001);
    assert_eq!(rules(&story, &config, &result), [Rule::Score]);
    let (_, mut result) = story_run(&config);
    find(&mut result, "sponsor_matches", "omar")["components"]["influence"] = json!(0.0);
    assert_eq!(rules(&story, &config, &result), [Rule::Components]);
    // Within rounding is no violation.
    let (_, mut result) = story_run(&config);
    let m = find(&mut result, "mentor_matches", "tim");
    m["score"] = json!(m["score"].as_f64().unwrap() + 4e-7);
    assert_eq!(rules(&story, &config, &result), []);
}

#[test]
fn a_wrong_summary_figure_is_caught() {
    let config = Config::default();
    let story = common::story();
    let mut result = run(&story, &config);
    assert_eq!(rules(&story, &config, &result), []);
    let matched = result["summary"]["matched"].as_u64().unwrap();
    result["summary"]["matched"] = json!(matched + 1);
    let parsed = ResultFile::from_json(&result.to_string(), "r.json").unwrap();
    let report = audit(&story, &config, &parsed).unwrap();
    assert_eq!(report.violations.len(), 1, "{}", report.text());
    assert_eq!(report.violations[0].rule, Rule::Summary);
    assert_eq!(report.violations[0].record, "summary.matched");
    // A figure deep in the groups too.
    let mut result = run(&story, &config);
    result["summary"]["mentor_load"]["distribution"]["0"] = json!(99);
    assert_eq!(rules(&story, &config, &result), [Rule::Summary]);
}

#[test]
fn an_unknown_person_is_caught() {
    let config = Config::default();
    let (story, mut result) = story_run(&config);
    find(&mut result, "mentor_matches", "yuki")["mentor"] = json!("zed");
    let parsed = ResultFile::from_json(&result.to_string(), "r.json").unwrap();
    let report = audit(&story, &config, &parsed).unwrap();
    assert_eq!(report.violations.len(), 1, "{}", report.text());
    let v = &report.violations[0];
    assert_eq!(
        (v.rule, v.people.as_slice()),
        (Rule::UnknownPerson, &["zed".to_string()][..])
    );
    assert!(
        report.text().contains("unknown_person: mentor_matches["),
        "{}",
        report.text()
    );
}

#[test]
fn an_unmatched_list_that_disagrees_is_caught() {
    let config = Config::default();
    let (story, mut result) = story_run(&config);
    result["unmatched"] = json!([{"person": "ada", "seeking": "mentor"}]);
    assert_eq!(rules(&story, &config, &result), [Rule::Unmatched]);
}

#[test]
fn a_minimal_result_from_another_tool_is_accepted() {
    let config = Config::default();
    let story = common::story();
    let text = r#"{"mentor_matches": [{"mentee": "ada", "mentor": "kofi", "note": "x"}],
                   "sponsor_matches": [{"mentee": "omar", "sponsor": "grace"}]}"#;
    let parsed = ResultFile::from_json(text, "other.json").unwrap();
    let report = audit(&story, &config, &parsed).unwrap();
    assert!(report.is_ok(), "{}", report.text());
    assert_eq!(report.checked.scores, 0);
    assert!(report
        .text()
        .starts_with("ok: checked 1 mentor and 1 sponsor pairs"));
    // A sponsor with no warm path within the hop limit is still caught:
    // Omar's path to Grace needs two ties.
    let mut strict = config.clone();
    strict.intro.max_hops = 1;
    let report = audit(&story, &strict, &parsed).unwrap();
    let found: Vec<Rule> = report.violations.iter().map(|v| v.rule).collect();
    assert_eq!(found, [Rule::NoTrustPath]);
}

#[test]
fn unreadable_results_name_the_file_record_and_field() {
    let err = ResultFile::from_json(r#"{"mentor_matches": []}"#, "r.json").unwrap_err();
    assert!(err.to_string().contains("r.json"), "{err}");
    assert!(err.to_string().contains("sponsor_matches"), "{err}");
    let text = r#"{"mentor_matches": [{"mentee": "ada", "mentor": "kofi", "score": "high"}],
                   "sponsor_matches": []}"#;
    let err = ResultFile::from_json(text, "r.json")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("mentor_matches[0]") && err.contains("score"),
        "{err}"
    );
    let text = r#"{"mentor_matches": [{"mentee": "ada"}], "sponsor_matches": []}"#;
    let err = ResultFile::from_json(text, "r.json")
        .unwrap_err()
        .to_string();
    assert!(err.contains("mentor"), "{err}");
    assert!(ResultFile::from_json("[1, 2]", "r.json").is_err());
    assert!(ResultFile::from_json("{} trailing", "r.json").is_err());
}

/// One corruption of the story's run: the configuration and dataset the
/// audit holds it against, what is changed, and the rules expected.
struct Case {
    name: &'static str,
    /// Changes the audit's configuration (the run is made with the default).
    config: fn(&mut Config),
    /// Changes the dataset the audit reads (the run is made on the story).
    data: fn(&mut mentormatch::Dataset),
    /// Changes the run's result (already without its summary).
    result: fn(&mut Value),
    expected: &'static [Rule],
}

fn none<T>(_: &mut T) {}

/// Runs each case: the corrupted result breaks exactly `expected`.
fn check(cases: &[Case]) {
    let story_data = mentormatch::read_dataset("data/story.json").unwrap();
    let (_, base) = story_run(&Config::default());
    for case in cases {
        let mut config = Config::default();
        (case.config)(&mut config);
        let mut data = story_data.clone();
        (case.data)(&mut data);
        let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let mut result = base.clone();
        (case.result)(&mut result);
        let found = rules(&network, &config, &result);
        assert_eq!(found, case.expected, "{}", case.name);
    }
}

/// A match of only ids, as another tool might write.
fn minimal(mentors: &[(&str, &str)], sponsors: &[(&str, &str)]) -> Value {
    json!({
        "mentor_matches": mentors.iter().map(|(a, b)| json!({"mentee": a, "mentor": b})).collect::<Vec<_>>(),
        "sponsor_matches": sponsors.iter().map(|(a, b)| json!({"mentee": a, "sponsor": b})).collect::<Vec<_>>(),
    })
}

fn strip_scores(m: &mut Value) {
    let m = m.as_object_mut().unwrap();
    m.remove("score");
    m.remove("components");
}

#[test]
fn every_other_rule_is_caught_by_a_corruption_of_its_own() {
    check(&[
        Case {
            name: "a pair that went badly before",
            config: none,
            data: |d| {
                d.history.push(mentormatch::HistoryRecord {
                    mentee: "tim".into(),
                    mentor: "mira".into(),
                    kind: mentormatch::Role::Mentor,
                    outcome: mentormatch::Outcome::Bad,
                });
            },
            // The repeat criterion changes the score: the audit is about
            // the history here.
            result: |r| strip_scores(find(r, "mentor_matches", "tim")),
            expected: &[Rule::BadHistory],
        },
        Case {
            name: "time zones 8 hours apart (Yuki UTC+9, Linus UTC+1)",
            config: |c| c.constraints.max_timezone_gap = Some(6.0),
            data: none,
            result: none,
            expected: &[Rule::TimezoneGap],
        },
        Case {
            name: "no shared language",
            config: |c| c.constraints.require_language = true,
            data: |d| {
                let yuki = d.people.iter_mut().find(|p| p.id == "yuki").unwrap();
                yuki.languages = vec!["ja".into()];
            },
            result: |r| strip_scores(find(r, "mentor_matches", "yuki")),
            expected: &[Rule::Language],
        },
        Case {
            name: "a mentor covering none of the goals",
            config: none,
            data: none,
            result: |r| rementor(r, "yuki", "sam"),
            expected: &[Rule::NoSkillOverlap],
        },
        Case {
            name: "a score below min_score (Tim–Mira scores 0.26)",
            config: |c| c.constraints.min_score = 0.3,
            data: none,
            result: none,
            expected: &[Rule::BelowMinScore],
        },
        Case {
            name: "nothing speaks for the pair",
            config: |c| {
                c.weights = mentormatch::Weights::affinity_only();
                c.constraints.require_skill_overlap = false;
            },
            data: none,
            result: |r| *r = minimal(&[("tim", "mira")], &[]),
            expected: &[Rule::NoSupport],
        },
        Case {
            name: "a mentee who does not seek a mentor",
            config: |c| c.constraints.require_skill_overlap = false,
            data: none,
            result: |r| *r = minimal(&[("grace", "sam")], &[]),
            expected: &[Rule::NotSeeking],
        },
        Case {
            name: "a mentor of themself",
            config: |c| c.constraints.require_skill_overlap = false,
            data: none,
            result: |r| *r = minimal(&[("kofi", "kofi")], &[]),
            expected: &[Rule::SamePerson],
        },
        Case {
            name: "two mentors where one is allowed",
            config: none,
            data: none,
            result: |r| {
                let list = r["mentor_matches"].as_array_mut().unwrap();
                list.push(json!({"mentee": "lena", "mentor": "linus"}));
            },
            expected: &[Rule::MenteePlaces],
        },
        Case {
            name: "a sponsor over capacity (Mira sponsors one)",
            config: |c| c.constraints.exclude_reporting_chain = 0,
            data: none,
            result: |r| {
                let m = find(r, "sponsor_matches", "omar");
                *m = json!({"mentee": "omar", "sponsor": "mira"});
            },
            expected: &[Rule::SponsorCapacity],
        },
        Case {
            name: "a pair listed twice",
            config: none,
            data: none,
            result: |r| {
                let again = find(r, "mentor_matches", "tim").clone();
                r["mentor_matches"].as_array_mut().unwrap().push(again);
            },
            expected: &[Rule::DuplicatePair],
        },
        Case {
            name: "someone on the path blocked by an end",
            config: none,
            data: |d| {
                let noor = d.people.iter_mut().find(|p| p.id == "noor").unwrap();
                noor.blocked = vec!["lena".into()];
            },
            // Noor's block changes her network criterion; the path is
            // the point here.
            result: |r| strip_scores(find(r, "mentor_matches", "noor")),
            expected: &[Rule::IntroBlocked],
        },
        Case {
            name: "a path through someone twice",
            config: |c| c.intro.max_hops = 4,
            data: none,
            result: |r| {
                find(r, "mentor_matches", "lena")["intro"] =
                    json!({"people": ["lena", "mira", "grace", "mira", "omar"]});
            },
            expected: &[Rule::IntroRepeat],
        },
        Case {
            name: "a path the wrong way round",
            config: none,
            data: none,
            result: |r| {
                find(r, "mentor_matches", "lena")["intro"]["people"] =
                    json!(["omar", "mira", "lena"]);
            },
            expected: &[Rule::IntroEndpoints],
        },
    ]);
}

#[test]
fn coverage_floors_are_held() {
    let sample = load("data/sample.json", &LoadOptions::default()).unwrap();
    let mut floors = Config::default();
    floors
        .fairness
        .min_coverage
        .insert("department".into(), 0.9);
    floors.fairness.roles = vec![mentormatch::Role::Mentor];
    clean(&sample, &floors);
    // Every mentee of one department loses their mentor: that department's
    // coverage drops to 0, below 0.9 × the overall.
    let mut result = run(&sample, &floors);
    let department = sample.attribute_id("department").unwrap();
    let of = |id: &str| sample.attribute(sample.person_id(id).unwrap(), department);
    let first = result["mentor_matches"][0]["mentee"]
        .as_str()
        .unwrap()
        .to_string();
    let list = result["mentor_matches"].as_array_mut().unwrap();
    list.retain(|m| of(m["mentee"].as_str().unwrap()) != of(&first));
    let top = result.as_object_mut().unwrap();
    top.remove("summary");
    top.remove("unmatched");
    assert_eq!(rules(&sample, &floors, &result), [Rule::FairnessFloor]);
}
