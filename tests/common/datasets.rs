//! proptest strategies for small valid datasets: every id resolves, the
//! reporting line and taxonomy are forests, ties are unique, values in range.

use mentormatch::{
    AffinityRecord, Attributes, Dataset, GoalRecord, HistoryRecord, PersonRecord, SkillLevels,
    SkillRecord, TieRecord,
};
use proptest::prelude::*;
use proptest::sample::subsequence;

const ORGS: [&str; 3] = ["Engineering", "Data", "Sales, EMEA"];
const LANGUAGES: [&str; 4] = ["en", "fr", "de", "pt"];
const EXPERIENCES: [&str; 3] = ["career-switch", "first-time-manager", "relocation"];
const KINDS: [&str; 3] = ["colleague", "alumni", "manager"];
const ATTRIBUTE_NAMES: [&str; 3] = ["location", "department", "grade, band"];
/// "Data" is also an org: attribute values share the label table.
const ATTRIBUTE_VALUES: [&str; 4] = ["London", "Data", "Sales, \"EMEA\"", ""];

fn skill_name(k: usize) -> String {
    format!("skill-{k}")
}

/// A valid dataset with up to `max_people` people.
pub fn dataset(max_people: usize) -> impl Strategy<Value = Dataset> {
    (1..=max_people, 0usize..6, 0usize..3).prop_flat_map(|(n, declared, undeclared)| {
        let skills = (0..declared)
            .map(|k| proptest::option::of(0..k.max(1)).prop_map(move |p| (k, p)))
            .collect::<Vec<_>>();
        let all_skills: Vec<String> = (0..declared + undeclared).map(skill_name).collect();
        let people = (0..n)
            .map(|i| person(i, n, all_skills.clone()))
            .collect::<Vec<_>>();
        let pairs: Vec<(usize, usize)> = (0..n)
            .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
            .collect();
        let ties = subsequence(pairs.clone(), 0..=pairs.len())
            .prop_flat_map(|chosen| chosen.into_iter().map(tie).collect::<Vec<_>>());
        let ordered: Vec<(usize, usize)> = (0..n)
            .flat_map(|a| (0..n).filter(move |&b| b != a).map(move |b| (a, b)))
            .collect();
        let history = proptest::collection::vec(
            (
                proptest::sample::select(ordered.clone().max_or_self()),
                0..2usize,
                0..3usize,
            ),
            0..3,
        );
        let affinities =
            subsequence(ordered.clone(), 0..=ordered.len().min(4)).prop_flat_map(|chosen| {
                chosen
                    .into_iter()
                    .map(|(a, b)| {
                        (0.0..=1.0f64, proptest::option::of(0.0..=1.0f64)).prop_map(
                            move |(score, mentor_score)| AffinityRecord {
                                mentee: format!("p{a}"),
                                mentor: format!("p{b}"),
                                score,
                                mentor_score,
                            },
                        )
                    })
                    .collect::<Vec<_>>()
            });
        (skills, people, ties, history, affinities).prop_map(
            |(skills, people, ties, history, affinities)| Dataset {
                skills: skills
                    .into_iter()
                    .map(|(k, parent)| SkillRecord {
                        id: skill_name(k),
                        parent: parent.filter(|&p| p < k).map(skill_name),
                    })
                    .collect(),
                people,
                ties,
                history: history
                    .into_iter()
                    .filter_map(|(pair, kind, outcome)| {
                        let (a, b) = pair?;
                        Some(HistoryRecord {
                            mentee: format!("p{a}"),
                            mentor: format!("p{b}"),
                            kind: [mentormatch::Role::Mentor, mentormatch::Role::Sponsor][kind],
                            outcome: [
                                mentormatch::Outcome::Good,
                                mentormatch::Outcome::Neutral,
                                mentormatch::Outcome::Bad,
                            ][outcome],
                        })
                    })
                    .collect(),
                affinities,
            },
        )
    })
}

trait MaxOrSelf {
    fn max_or_self(self) -> Vec<Option<(usize, usize)>>;
}

impl MaxOrSelf for Vec<(usize, usize)> {
    /// `select` needs a non-empty list: a lone person has no pairs.
    fn max_or_self(self) -> Vec<Option<(usize, usize)>> {
        if self.is_empty() {
            vec![None]
        } else {
            self.into_iter().map(Some).collect()
        }
    }
}

fn person(i: usize, n: usize, skills: Vec<String>) -> impl Strategy<Value = PersonRecord> {
    let others: Vec<String> = (0..n)
        .filter(|&j| j != i)
        .map(|j| format!("p{j}"))
        .collect();
    let n_others = others.len();
    let n_skills = skills.len();
    (
        (
            "[A-Za-z][A-Za-z ,\"]{0,6}[a-z]",
            proptest::option::of(proptest::sample::select(ORGS.to_vec())),
            proptest::option::of(0..i.max(1)),
            0u8..8,
            proptest::option::of(prop_oneof![Just(-5.0), Just(0.0), Just(5.5), Just(14.0)]),
            subsequence(LANGUAGES.to_vec(), 0..=2),
        ),
        (
            subsequence(skills.clone(), 0..=n_skills).prop_flat_map(|s| {
                s.into_iter()
                    .map(|skill| (1u8..=5).prop_map(move |l| (skill.clone(), l)))
                    .collect::<Vec<_>>()
            }),
            subsequence(skills, 0..=n_skills.min(2)).prop_flat_map(|s| {
                s.into_iter()
                    .map(|skill| {
                        (1u8..=5, 1u32..4).prop_map(move |(level, priority)| GoalRecord {
                            skill: skill.clone(),
                            level,
                            priority,
                        })
                    })
                    .collect::<Vec<_>>()
            }),
            subsequence(EXPERIENCES.to_vec(), 0..=2),
            0u32..3,
            0u32..2,
            (any::<bool>(), any::<bool>()),
        ),
        (
            prop_oneof![4 => Just(true), 1 => Just(false)],
            subsequence(others.clone(), 0..=n_others.min(1)),
            subsequence(others, 0..=n_others.min(2)),
            // Any order: a network must not depend on it.
            subsequence(ATTRIBUTE_NAMES.to_vec(), 0..=3)
                .prop_shuffle()
                .prop_flat_map(|names| {
                    names
                        .into_iter()
                        .map(|n| {
                            proptest::sample::select(ATTRIBUTE_VALUES.to_vec())
                                .prop_map(move |v| (n.to_string(), v.to_string()))
                        })
                        .collect::<Vec<_>>()
                }),
        ),
    )
        .prop_map(
            move |(
                (name, org, manager, seniority, timezone, languages),
                (skills, goals, experiences, mentor_capacity, sponsor_capacity, (m, s)),
                (introducible, blocked, preferred, attributes),
            )| {
                let mut p = PersonRecord::new(format!("p{i}"));
                p.name = name;
                p.org = org.map(str::to_string);
                p.manager = manager.filter(|&m| m < i).map(|m| format!("p{m}"));
                p.seniority = seniority;
                p.industry = org.map(|o| format!("{}-industry", o.len()));
                p.timezone = timezone;
                p.languages = languages.into_iter().map(str::to_string).collect();
                p.skills = SkillLevels(skills);
                p.goals = goals;
                p.experiences = experiences.into_iter().map(str::to_string).collect();
                p.mentor_capacity = mentor_capacity;
                p.sponsor_capacity = sponsor_capacity;
                p.seeks = [
                    (m, mentormatch::Role::Mentor),
                    (s, mentormatch::Role::Sponsor),
                ]
                .into_iter()
                .filter_map(|(yes, seek)| yes.then_some(seek))
                .collect();
                p.introducible = introducible;
                p.blocked = blocked;
                p.preferred = preferred;
                p.attributes = Attributes(attributes);
                p
            },
        )
}

fn tie((a, b): (usize, usize)) -> impl Strategy<Value = TieRecord> {
    (
        any::<bool>(),
        proptest::sample::select(KINDS.to_vec()),
        prop_oneof![
            (0.01..=1.0f64).prop_map(|s| (Some(s), None)),
            (0u32..40, 0u32..40, proptest::option::of(0i32..400)).prop_map(|(i, r, d)| {
                let date = d.map(|d| mentormatch::Date(20_000 + d).to_string());
                (None, Some((i, r.min(i), date)))
            }),
        ],
    )
        .prop_map(move |(swap, kind, (strength, evidence))| {
            let (a, b) = if swap { (b, a) } else { (a, b) };
            TieRecord {
                a: format!("p{a}"),
                b: format!("p{b}"),
                kind: Some(kind.to_string()),
                strength,
                interactions: evidence.as_ref().map(|e| e.0),
                reciprocated: evidence.as_ref().map(|e| e.1),
                last_contact: evidence.and_then(|e| e.2),
            }
        })
}
