//! A small programme built in code, not read from a file: five people, a
//! two-level skill taxonomy and a few ties; a cohort matched; every match
//! explained in words, with the introduction it comes with.
//!
//! ```text
//! cargo run -p mentormatch --example build_and_match
//! ```

use mentormatch::{
    explain, explain_in_words, match_cohort, Config, Dataset, GoalRecord, LoadOptions, Network,
    PersonRecord, Role, SkillLevels, SkillRecord, TieRecord,
};

fn person(id: &str, seniority: u8, skills: &[(&str, u8)]) -> PersonRecord {
    let mut p = PersonRecord::new(id);
    p.name = id.to_uppercase();
    p.seniority = seniority;
    p.skills = SkillLevels(skills.iter().map(|&(s, l)| (s.to_string(), l)).collect());
    p
}

fn tie(a: &str, b: &str, strength: f64) -> TieRecord {
    TieRecord {
        kind: Some("colleague".into()),
        ..TieRecord::new(a, b, strength)
    }
}

fn main() -> Result<(), mentormatch::Error> {
    let mut data = Dataset::default();
    for (id, parent) in [("data", None), ("sql", Some("data")), ("ml", Some("data"))] {
        data.skills.push(SkillRecord {
            id: id.into(),
            parent: parent.map(Into::into),
        });
    }
    // Two juniors who want to learn; three seniors with a place each.
    for (id, goal) in [("ana", "ml"), ("ben", "sql")] {
        let mut p = person(id, 1, &[("sql", 1)]);
        p.seeks = vec![Role::Mentor];
        p.goals = vec![GoalRecord {
            skill: goal.into(),
            level: 4,
            priority: 1,
        }];
        data.people.push(p);
    }
    for (id, skills) in [
        ("cho", &[("ml", 5)][..]),
        ("dev", &[("sql", 5), ("ml", 2)][..]),
        ("eve", &[("data", 4)][..]),
    ] {
        let mut p = person(id, 3, skills);
        p.mentor_capacity = 1;
        data.people.push(p);
    }
    data.ties = vec![
        tie("ana", "eve", 0.9),
        tie("eve", "cho", 0.8),
        tie("ben", "dev", 0.6),
    ];

    let network = Network::from_dataset(&data, &LoadOptions::default())?;
    let config = Config::default();
    let report = match_cohort(&network, &config)?;
    for m in &report.mentor_matches {
        println!(
            "{} ← {} (score {:.3}, intro {})",
            m.mentee,
            m.mentor,
            m.score,
            m.intro_status.as_str()
        );
        let (mentee, mentor) = (
            network.person_id(&m.mentee).expect("in the network"),
            network.person_id(&m.mentor).expect("in the network"),
        );
        for line in explain_in_words(
            &network,
            &config,
            &explain(&network, &config, mentee, mentor)?,
        ) {
            println!("    {line}");
        }
    }
    assert_eq!(report.summary.matched, 2, "both juniors are matched");
    Ok(())
}
