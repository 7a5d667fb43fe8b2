//! What a matching report tells a programme owner beyond the pairs: each
//! match's `intro_status`, the coverage of every group (`summary.groups`),
//! and the CSV rows with names and attributes.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

mod common;

use common::tie;

use std::collections::BTreeMap;

use mentormatch::{
    match_cohort, Config, Dataset, GeneratorConfig, GoalRecord, IntroStatus, LoadOptions, Network,
    PersonRecord, Role, SkillLevels,
};

fn mentee(id: &str) -> PersonRecord {
    let mut p = PersonRecord::new(id);
    p.goals = vec![GoalRecord {
        skill: "x".into(),
        level: 3,
        priority: 1,
    }];
    p.seeks = vec![Role::Mentor];
    p
}

fn mentor(id: &str) -> PersonRecord {
    let mut p = PersonRecord::new(id);
    p.skills = SkillLevels(vec![("x".into(), 5)]);
    p.mentor_capacity = 1;
    p
}

#[test]
fn every_intro_status_is_reported_for_the_matches_it_describes() {
    // Four pinned pairs: a is tied to m1; b and c reach m2 and m3 only
    // through k, who makes one introduction; d and m4 know nobody.
    let mut people = vec![];
    for id in ["a", "b", "c", "d"] {
        people.push(mentee(id));
    }
    for id in ["m1", "m2", "m3", "m4"] {
        people.push(mentor(id));
    }
    people.push(PersonRecord::new("k"));
    let data = Dataset {
        people,
        ties: vec![
            tie("a", "m1", 0.9),
            tie("b", "k", 0.8),
            tie("k", "m2", 0.8),
            tie("c", "k", 0.7),
            tie("k", "m3", 0.7),
        ],
        ..Dataset::default()
    };
    let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let mut config = Config::default();
    config.assign.pinned = [("a", "m1"), ("b", "m2"), ("c", "m3"), ("d", "m4")]
        .iter()
        .map(|&(x, y)| vec![x.to_string(), y.to_string()])
        .collect();
    config.intro.connector_load = 1;
    let report = match_cohort(&network, &config).unwrap();
    let status: Vec<(&str, IntroStatus, bool)> = report
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.as_str(), m.intro_status, m.intro.is_some()))
        .collect();
    // b's pair scores higher (a warmer path), so it is routed first and
    // takes k's one introduction.
    assert_eq!(
        status,
        [
            ("a", IntroStatus::Tied, false),
            ("b", IntroStatus::Path, true),
            ("c", IntroStatus::ConnectorsBusy, false),
            ("d", IntroStatus::NoPath, false),
        ]
    );
    let intros = &report.summary.intros;
    assert_eq!(
        (
            intros.introduced,
            intros.direct,
            intros.no_path,
            intros.connectors_busy
        ),
        (1, 1, 1, 1)
    );
    // The contract: snake_case codes under `intro_status`.
    let json = serde_json::to_value(&report).unwrap();
    let codes: Vec<&str> = json["mentor_matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["intro_status"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["tied", "path", "connectors_busy", "no_path"]);
    // With a load of 2, k introduces both.
    config.intro.connector_load = 2;
    let report = match_cohort(&network, &config).unwrap();
    assert_eq!(report.mentor_matches[2].intro_status, IntroStatus::Path);
}

/// The figures of one group, counted from the dataset's records and the
/// report's pairs alone: (seeking, matched, coverage, mean score).
type Counted = (usize, usize, Option<f64>, Option<f64>);

fn count_groups(
    data: &Dataset,
    attribute: &str,
    seek: Role,
    pairs: &[(&str, f64)],
) -> BTreeMap<Option<String>, Counted> {
    let round = |x: f64| (x * 1e6).round() / 1e6;
    let mut out: BTreeMap<Option<String>, (usize, usize, f64, usize)> = BTreeMap::new();
    for p in &data.people {
        let value = p
            .attributes
            .get(attribute)
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        let entry = out.entry(value).or_default();
        if !p.seeks.contains(&seek) {
            continue;
        }
        entry.0 += 1;
        let mine: Vec<f64> = pairs
            .iter()
            .filter(|(m, _)| *m == p.id)
            .map(|&(_, s)| s)
            .collect();
        entry.1 += usize::from(!mine.is_empty());
        entry.2 += mine.iter().sum::<f64>();
        entry.3 += mine.len();
    }
    out.into_iter()
        .map(|(value, (seeking, matched, total, n))| {
            let coverage = (seeking > 0).then(|| round(matched as f64 / seeking as f64));
            let mean = (n > 0).then(|| round(round(total) / n as f64));
            (value, (seeking, matched, coverage, mean))
        })
        .collect()
}

#[test]
fn group_figures_equal_an_independent_count() {
    let data = mentormatch::generate(&GeneratorConfig {
        people: 600,
        seed: 11,
        ..GeneratorConfig::default()
    });
    let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let report = match_cohort(&network, &Config::default()).unwrap();
    let groups = &report.summary.groups;
    // By default: every attribute in the data.
    let names: Vec<&str> = groups.keys().map(String::as_str).collect();
    assert_eq!(names, ["department", "grade", "location"]);
    let mentor_pairs: Vec<(&str, f64)> = report
        .mentor_matches
        .iter()
        .map(|m| (m.mentee.as_str(), m.score))
        .collect();
    let sponsor_pairs: Vec<(&str, f64)> = report
        .sponsor_matches
        .iter()
        .map(|m| (m.mentee.as_str(), m.score))
        .collect();
    for (attribute, tables) in groups {
        for (seek, table, pairs) in [
            (Role::Mentor, &tables.mentor, &mentor_pairs),
            (Role::Sponsor, &tables.sponsor, &sponsor_pairs),
        ] {
            let counted = count_groups(&data, attribute, seek, pairs);
            let reported: BTreeMap<Option<String>, Counted> = table
                .values
                .iter()
                .map(|(v, s)| (Some(v.clone()), s))
                .chain(table.unset.iter().map(|s| (None, s)))
                .map(|(v, s)| (v, (s.seeking, s.matched, s.coverage, s.mean_score)))
                .collect();
            let counted: BTreeMap<_, _> = counted
                .into_iter()
                .filter(|(v, c)| v.is_some() || c.0 > 0)
                .collect();
            assert_eq!(reported, counted, "{attribute} {seek:?}");
            // The spread: the extremes of the values' coverage, all values
            // that reach them.
            let coverages: Vec<(&String, f64)> = table
                .values
                .iter()
                .filter_map(|(v, s)| Some((v, s.coverage?)))
                .collect();
            let spread = table.spread.as_ref().expect("someone seeks");
            let low = coverages.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
            let high = coverages.iter().map(|c| c.1).fold(0.0, f64::max);
            assert_eq!(spread.lowest.coverage, low);
            assert_eq!(spread.highest.coverage, high);
            let at = |x: f64| -> Vec<String> {
                coverages
                    .iter()
                    .filter(|c| c.1 == x)
                    .map(|c| c.0.clone())
                    .collect()
            };
            assert_eq!(spread.lowest.values, at(low));
            assert_eq!(spread.highest.values, at(high));
        }
    }
    // Seekers add up to the run's totals.
    let seeking: usize = groups["grade"]
        .mentor
        .values
        .values()
        .map(|s| s.seeking)
        .sum();
    assert_eq!(seeking, report.summary.mentees);
    let matched: usize = groups["grade"]
        .mentor
        .values
        .values()
        .map(|s| s.matched)
        .sum();
    assert_eq!(matched, report.summary.matched);
    // The contract's keys.
    let json = serde_json::to_value(&report).unwrap();
    let sales = &json["summary"]["groups"]["department"]["mentor"]["values"]["Enterprise"];
    for key in ["seeking", "matched", "coverage", "mean_score"] {
        assert!(sales.get(key).is_some(), "{key} in {sales}");
    }
}

#[test]
fn group_by_chooses_the_attributes_and_refuses_unknown_ones() {
    let network = common::organisation(200, 3);
    let mut config = Config::default();
    config.report.group_by = Some(vec!["location".into()]);
    let report = match_cohort(&network, &config).unwrap();
    assert_eq!(
        report.summary.groups.keys().collect::<Vec<_>>(),
        ["location"]
    );
    config.report.group_by = Some(vec![]);
    let report = match_cohort(&network, &config).unwrap();
    assert!(report.summary.groups.is_empty());
    config.report.group_by = Some(vec!["departmnet".into()]);
    let e = match_cohort(&network, &config).unwrap_err().to_string();
    assert_eq!(
        e,
        "config: [report]: group_by[0] = \"departmnet\": no person has this attribute \
         (attributes in the data: department, grade, location)"
    );
}

#[test]
fn people_without_the_attribute_are_counted_apart() {
    let mut people = vec![mentee("a"), mentee("b"), mentee("c"), mentor("m")];
    people[0].attributes.0.push(("site".into(), "Oslo".into()));
    people[1].attributes.0.push(("site".into(), "Rome".into()));
    people[3].attributes.0.push(("site".into(), "Rome".into()));
    let data = Dataset {
        people,
        ..Dataset::default()
    };
    let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let report = match_cohort(&network, &Config::default()).unwrap();
    // One mentor place for three mentees.
    assert_eq!(report.mentor_matches.len(), 1);
    let site = &report.summary.groups["site"].mentor;
    let total: usize = site.values.values().map(|s| s.matched).sum::<usize>()
        + site.unset.as_ref().map_or(0, |s| s.matched);
    assert_eq!(total, 1);
    assert_eq!(site.unset.as_ref().unwrap().seeking, 1);
    assert_eq!(site.values["Rome"].seeking, 1);
    // Nobody seeks a sponsor: every value is listed, with no coverage.
    let sponsor = &report.summary.groups["site"].sponsor;
    assert_eq!(sponsor.values["Rome"].seeking, 0);
    assert_eq!(sponsor.values["Rome"].coverage, None);
    assert!(sponsor.unset.is_none() && sponsor.spread.is_none());
}

/// Everything a caller gets back reads back from its JSON: the match
/// report (unmatched reasons are read back in `shortfall.rs` and
/// `next_quarter.rs`), a pair's explanation (mentor and
/// sponsor, feasible or not), an introduction and a connector's
/// suggestions.
#[test]
fn every_report_reads_back_from_its_json() {
    let network = common::story();
    let config = Config::default();
    let report = match_cohort(&network, &config).unwrap();
    common::round_trip_equal(&report);

    let id = |s: &str| network.person_id(s).unwrap();
    for (a, b) in [("ada", "linus"), ("ada", "grace"), ("lena", "grace")] {
        let why = mentormatch::explain(&network, &config, id(a), id(b)).unwrap();
        common::round_trip_equal(&why.report(&network, None));
        let why = mentormatch::explain_sponsor(&network, &config, id(a), id(b)).unwrap();
        common::round_trip_equal(&why.report(&network, None));
    }

    let mut finder = mentormatch::PathFinder::new(&network);
    let intro = finder
        .introduce(id("lena"), id("grace"), &Default::default())
        .unwrap();
    common::round_trip_equal(&intro.report(&network, id("lena"), id("grace")).unwrap());

    let connector = id("mira");
    let found =
        mentormatch::suggest_introductions(&network, &config, connector, &Default::default())
            .unwrap();
    let suggestions = mentormatch::SuggestReport::new(&network, connector, &found);
    assert!(!suggestions.suggestions.is_empty());
    common::round_trip_equal(&suggestions);
}
