//! `[fairness] min_coverage`: exact coverage floors per attribute value,
//! or an error naming the group and the most it can reach. (The solver
//! itself is checked against brute force in `assign/floors.rs`.)
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

use mentormatch::{
    generate, match_cohort, Config, Error, ErrorKind, GeneratorConfig, LoadOptions, Network, Policy,
};

/// Two mentors (capacity 1, time zone 0) and four people seeking one: two
/// in Sales beside them (time zone 0), two in Ops twelve hours away, who
/// score lower. `ops_goal` is the skill the Ops people want.
fn office(ops_goal: &str) -> Network {
    let person = |id: &str, dept: &str, tz: i32, goal: &str| {
        format!(
            r#"{{"id": "{id}", "timezone": {tz}, "seniority": 1, "attributes": {{"department": "{dept}"}},
                "seeks": ["mentor"], "goals": [{{"skill": "{goal}", "level": 3, "priority": 1}}]}}"#
        )
    };
    let mentor = |id: &str| {
        format!(
            r#"{{"id": "{id}", "timezone": 0, "seniority": 3, "skills": {{"x": 5}}, "mentor_capacity": 1,
                "attributes": {{"department": "Mentors"}}}}"#
        )
    };
    let people = [
        person("s1", "Sales", 0, "x"),
        person("s2", "Sales", 0, "x"),
        person("o1", "Ops", 12, ops_goal),
        person("o2", "Ops", 12, ops_goal),
        mentor("m1"),
        mentor("m2"),
    ];
    let json = format!(
        r#"{{"skills": [{{"id": "x"}}, {{"id": "y"}}], "people": [{}]}}"#,
        people.join(",")
    );
    let data = serde_json::from_str(&json).expect("valid JSON");
    Network::from_dataset(&data, &LoadOptions::default()).expect("valid data")
}

fn floors(attribute: &str, factor: f64) -> Config {
    Config::from_toml_str(&format!(
        "[fairness]\nmin_coverage = {{ {attribute} = {factor} }}\n"
    ))
    .expect("a valid config")
}

fn matched_in(report: &mentormatch::MatchReport, prefix: char) -> usize {
    report
        .mentor_matches
        .iter()
        .filter(|m| m.mentee.starts_with(prefix))
        .count()
}

#[test]
fn a_floor_moves_a_place_to_the_group_left_out() {
    let net = office("x");
    let plain = match_cohort(&net, &Config::default()).unwrap();
    assert_eq!((matched_in(&plain, 's'), matched_in(&plain, 'o')), (2, 0));
    assert!(plain.summary.fairness.is_none());

    let fair = match_cohort(&net, &floors("department", 0.5)).unwrap();
    // Overall coverage 2 of 4: each department of 2 needs ⌈0.5 × 0.5 × 2⌉ = 1.
    assert_eq!((matched_in(&fair, 's'), matched_in(&fair, 'o')), (1, 1));
    assert!(fair.summary.total_score < plain.summary.total_score);
    let summary = fair.summary.fairness.as_ref().unwrap();
    assert_eq!(summary.attribute, "department");
    assert_eq!(summary.min_coverage, 0.5);
    assert_eq!(
        summary.mentors.as_ref().unwrap().overall_coverage,
        Some(0.5)
    );
    let groups: Vec<(&str, usize, usize, usize)> = summary
        .mentors
        .as_ref()
        .unwrap()
        .groups
        .iter()
        .map(|g| (g.value.as_str(), g.seeking, g.floor, g.matched))
        .collect();
    assert_eq!(groups, [("Ops", 2, 1, 1), ("Sales", 2, 1, 1)]);
    // Nobody seeks a sponsor: no groups.
    assert!(summary.sponsors.as_ref().unwrap().groups.is_empty());
    let json = serde_json::to_value(&fair.summary).unwrap();
    assert_eq!(json["fairness"]["mentors"]["groups"][0]["floor"], 1);

    // The HTML report says what the floors asked, under the group chart.
    let config = floors("department", 0.5);
    let html = mentormatch::html_report(&net, &config, &fair, &mentormatch::HtmlConfig::default())
        .unwrap();
    assert!(
        html.contains("Coverage floors: every value had to reach 50% of the overall coverage (50%), and did; 2 of 2 values are exactly at their floor."),
        "{html}"
    );
    let plain_html = mentormatch::html_report(
        &net,
        &Config::default(),
        &plain,
        &mentormatch::HtmlConfig::default(),
    )
    .unwrap();
    assert!(!plain_html.contains("Coverage floors"));

    // A factor the plain run already meets changes nothing.
    let easy = match_cohort(&net, &floors("department", 0.0)).unwrap();
    assert_eq!(easy.mentor_matches, plain.mentor_matches);
}

#[test]
fn a_floor_no_assignment_meets_names_the_group_and_what_it_can_reach() {
    // Nobody mentors the Ops people's goal.
    let net = office("y");
    let error = match_cohort(&net, &floors("department", 0.5)).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Infeasible), "{error:?}");
    let Error::Invalid(invalid) = &error else {
        panic!("{error}")
    };
    assert_eq!(
        (invalid.record(), invalid.field(), invalid.value()),
        ("[fairness]", "min_coverage.department", "0.5")
    );
    assert!(
        invalid.reason().contains(r#"department = "Ops""#),
        "{error}"
    );
    assert!(invalid.reason().contains("at most 0 of them"), "{error}");
}

#[test]
fn bad_floor_settings_are_refused_with_the_key() {
    let error = |toml: &str| match Config::from_toml_str(toml).unwrap_err() {
        Error::Invalid(i) => (
            i.record().to_string(),
            i.field().to_string(),
            i.reason().to_string(),
        ),
        other => panic!("{other}"),
    };
    let (record, field, reason) = error("[fairness]\nmin_coverage = { department = 1.5 }\n");
    assert_eq!(
        (record.as_str(), field.as_str()),
        ("[fairness]", "min_coverage.department")
    );
    assert!(reason.contains("between 0 and 1"));
    let (_, field, reason) =
        error("[fairness]\nmin_coverage = { department = 0.8, location = 0.8 }\n");
    assert_eq!(field, "min_coverage");
    assert!(reason.contains("one attribute at a time"));
    let (_, _, reason) =
        error("[assign]\npolicy = \"stable\"\n[fairness]\nmin_coverage = { department = 0.8 }\n");
    assert!(reason.contains("\"optimal\" and \"coverage\""));
    // An attribute nobody has is refused when matching.
    let net = office("x");
    let err = match_cohort(&net, &floors("site", 0.5)).unwrap_err();
    assert!(
        err.to_string().contains("no person has this attribute"),
        "{err}"
    );
}

#[test]
fn every_department_of_a_generated_org_reaches_its_floor() {
    let net = Network::from_dataset(
        &generate(&GeneratorConfig {
            people: 2000,
            seed: 4,
            ..Default::default()
        }),
        &LoadOptions::default(),
    )
    .unwrap();
    // Floors on sponsor matches too (the default) cannot hold here: a
    // department has nobody within trust reach of a sponsor.
    let error = match_cohort(&net, &floors("department", 0.85)).unwrap_err();
    assert!(error.to_string().contains("seeking a sponsor"), "{error}");
    assert!(error.to_string().contains("at most 0 of them"), "{error}");
    assert!(
        error.to_string().contains("roles = [\"mentor\"]"),
        "{error}"
    );
    for policy in [Policy::Optimal, Policy::Coverage] {
        let mut config = floors("department", 0.85);
        config.fairness.roles = vec![mentormatch::Role::Mentor];
        config.assign.policy = policy;
        let mut plain_config = Config::default();
        plain_config.assign.policy = policy;
        let plain = match_cohort(&net, &plain_config).unwrap();
        let fair = match_cohort(&net, &config).unwrap();
        let summary = fair.summary.fairness.as_ref().unwrap();
        let overall = fair.summary.matched as f64 / fair.summary.mentees as f64;
        for g in &summary.mentors.as_ref().unwrap().groups {
            assert!(g.matched >= g.floor, "{policy:?} {g:?}");
            assert!(
                g.matched as f64 >= 0.85 * overall * g.seeking as f64 - 1e-9,
                "{policy:?} {g:?}: overall {overall}"
            );
        }
        assert!(summary.sponsors.is_none());
        assert_eq!(fair.sponsor_matches, plain.sponsor_matches);
        // The floors' counts are those of the group summary.
        let table = &fair.summary.groups["department"].mentor;
        for g in &summary.mentors.as_ref().unwrap().groups {
            assert_eq!(g.matched, table.values[&g.value].matched, "{g:?}");
        }
        // Here the floors bind: the run differs from the one without them.
        assert_ne!(fair.mentor_matches, plain.mentor_matches, "{policy:?}");
    }
}
