//! The HTML report (`match --report`) and the explanations in words it
//! shows: user text escaped, every section present, bounded size on a large
//! organisation, the same bytes on any thread count, and sentences that
//! agree with the scores.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

mod common;

use common::story;

use mentormatch::{
    explain, explain_in_words, generate, html_report, match_cohort, Config, Dataset,
    GeneratorConfig, HtmlConfig, LoadOptions, MatchReport, Network, GOALS_NAMED,
};

fn organisation(people: usize, seed: u64) -> Network {
    let dataset = generate(&GeneratorConfig {
        people,
        seed,
        ..GeneratorConfig::default()
    });
    Network::from_dataset(&dataset, &LoadOptions::default()).unwrap()
}

fn page(network: &Network, report: &MatchReport) -> String {
    html_report(network, &Config::default(), report, &HtmlConfig::default()).unwrap()
}

#[test]
fn every_section_is_there_with_names_next_to_ids() {
    let network = story();
    let report = match_cohort(&network, &Config::default()).unwrap();
    let html = page(&network, &report);
    for id in [
        "headline",
        "scores",
        "load",
        "groups",
        "shortfall",
        "unmatched",
        "weakest",
        "intros",
    ] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    assert!(html.contains("<b>Ada Okafor</b> <span class=\"id\">ada</span>"));
    // Kofi's introduction to Ines runs through Ada: drawn as a chain.
    assert!(html.contains("Introduction from Kofi Mensah to Ines Moreau"));
    // Self-contained: nothing fetched, no script.
    for banned in ["<script", "http://", "https://", "<link", "@import", "src="] {
        assert!(!html.contains(banned), "{banned}");
    }
}

#[test]
fn user_text_is_escaped_everywhere() {
    let text = std::fs::read_to_string(common::data_dir().join("story.json")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let evil = r#"<script>alert("x")</script> & 'friends'"#;
    for person in json["people"].as_array_mut().unwrap() {
        let id = person["id"].as_str().unwrap().to_string();
        person["name"] = format!("{id} {evil}").into();
        person["attributes"] = serde_json::json!({ "team<b>": format!("{evil} {id}") });
    }
    let dataset: Dataset = serde_json::from_value(json).unwrap();
    let network = Network::from_dataset(&dataset, &LoadOptions::default()).unwrap();
    let report = match_cohort(&network, &Config::default()).unwrap();
    let options = HtmlConfig {
        title: evil.to_string(),
        ..HtmlConfig::default()
    };
    let html = html_report(&network, &Config::default(), &report, &options).unwrap();
    assert!(!html.contains("<script"), "a name became markup");
    assert!(!html.contains("<b>\""));
    assert!(!html.contains("team<b>"));
    assert!(
        html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;")
    );
    assert!(html.contains("team&lt;b&gt;"));
    assert!(!html.contains("'friends'") && !html.contains("\"x\""));
}

#[test]
fn the_page_stays_bounded_on_a_large_organisation() {
    let network = organisation(3000, 21);
    let report = match_cohort(&network, &Config::default()).unwrap();
    assert!(report.mentor_matches.len() > 500 && !report.unmatched.is_empty());
    let options = HtmlConfig::default();
    let html = html_report(&network, &Config::default(), &report, &options).unwrap();
    // Counted, not timed: a bounded sample of people whatever the cohort.
    let reasons = 2 * mentormatch::Reason::CODES.len();
    let people = html.matches("class=\"who\"").count();
    let pairs = html.matches("<article class=\"pair\">").count();
    assert!(
        pairs <= options.weakest + options.weakest.div_ceil(2),
        "{pairs}"
    );
    assert!(
        people <= 2 * pairs + reasons * options.names_per_reason,
        "{people}"
    );
    assert!(html.matches("<tr><td>").count() <= options.shortfall_rows);
    assert!(html.matches("class=\"chart path\"").count() <= options.intro_paths);
    let bars_per_chart = options.group_values;
    for chart in html.split("<figcaption>").skip(1) {
        let chart = &chart[..chart.find("</figure>").unwrap()];
        assert!(chart.matches("class=\"track\"").count() <= bars_per_chart.max(9));
    }
    assert!(
        html.len() < 400_000,
        "{} bytes for {} matches",
        html.len(),
        report.mentor_matches.len()
    );
}

#[test]
fn the_same_bytes_on_one_and_two_threads() {
    let network = organisation(800, 4);
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let report = match_cohort(&network, &Config::default()).unwrap();
                page(&network, &report)
            })
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(1));
}

#[test]
fn words_name_the_goal_the_level_and_the_skill_that_covers_it() {
    let network = story();
    let config = Config::default();
    let id = |s: &str| network.person_id(s).unwrap();
    let words = |a: &str, b: &str| {
        explain_in_words(
            &network,
            &config,
            &explain(&network, &config, id(a), id(b)).unwrap(),
        )
    };
    let kofi_ines = words("kofi", "ines");
    assert!(
        kofi_ines.contains(&"covers *people-management* (goal level 3) with level 4".to_string()),
        "{kofi_ines:?}"
    );
    // Tim wants systems programming; Kofi knows Rust, its sibling.
    let tim_kofi = words("tim", "kofi");
    assert!(
        tim_kofi.contains(
            &"covers *systems-programming* (goal level 3) through *rust*, a related skill, at level 4"
                .to_string()
        ),
        "{tim_kofi:?}"
    );
    // Linus manages Ada: excluded, and the sentence says so.
    let ada_linus = words("ada", "linus");
    assert!(ada_linus.contains(&"excluded: on the same reporting line".to_string()));
    // Lena asked for Mira by name.
    assert!(words("lena", "mira").contains(&"was asked for by name".to_string()));
}

#[test]
fn cover_sentences_agree_with_skill_fit_on_every_match() {
    let network = organisation(400, 9);
    let config = Config::default();
    let report = match_cohort(&network, &config).unwrap();
    assert!(!report.mentor_matches.is_empty());
    for m in &report.mentor_matches {
        let (a, b) = (
            network.person_id(&m.mentee).unwrap(),
            network.person_id(&m.mentor).unwrap(),
        );
        let words = explain_in_words(
            &network,
            &config,
            &explain(&network, &config, a, b).unwrap(),
        );
        let covers = words
            .iter()
            .filter(|w| w.starts_with("covers ") || w.starts_with("partly covers "))
            .count();
        let misses = words
            .iter()
            .filter(|w| w.starts_with("does not cover "))
            .count();
        let fit = m.components["skill_fit"];
        assert_eq!(
            fit > 0.0,
            covers > 0,
            "{} {}: {fit} {words:?}",
            m.mentee,
            m.mentor
        );
        if fit >= 1.0 {
            assert_eq!(misses, 0, "{words:?}");
            assert!(!words.iter().any(|w| w.starts_with("partly")), "{words:?}");
        }
        assert!(covers + misses <= GOALS_NAMED);
        assert!(
            words[0].starts_with(&format!("scores {:.3}", m.score)),
            "{words:?}"
        );
    }
}
