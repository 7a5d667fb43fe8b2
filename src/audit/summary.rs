//! The summary figures a result states, recomputed from its matches and the
//! dataset and compared where the result has them.
//!
//! Recomputed (field names of `mentormatch match`'s `summary`): `mentees`,
//! `matched`, `pairs`, `total_score`, `mean_score`, `min_score`,
//! `mentor_load`, `sponsors` (`seeking`, `matched`, `total_score`,
//! `sponsor_load`), `intros` (but its status counts only when every match
//! has an `intro_status`), `demand` and, for each attribute the result
//! groups by, `groups`. Totals sum the result's own `score`s (the engine's
//! where a match has none): the summary is held to the pairs it sums,
//! while each score is held to the engine's on its own. Not recomputed: `policy`, `blocking_pairs` and `shortfall` (they
//! need the candidate lists or the goals' table, which an audit of the
//! pairs does not rebuild), `previous` (it needs the previous run) and
//! `fairness` (the floors themselves are checked as the rule
//! `fairness_floor`).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{json, Map, Value};

use super::{Auditor, ResultFile, ResultMatch, Rule, SCORE_TOLERANCE};
use crate::model::{PersonId, Role};
use crate::paths::IntroStatus;

/// Rounds to six decimals, as results do.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Compares every figure of `summary` the audit recomputes.
pub(super) fn check(auditor: &mut Auditor, result: &ResultFile, summary: &Value) {
    let network = auditor.network;
    let mentors = RoleFigures::new(auditor, Role::Mentor, &result.mentor_matches);
    let sponsors = RoleFigures::new(auditor, Role::Sponsor, &result.sponsor_matches);
    let mut expected = Map::new();
    expected.insert("mentees".into(), json!(mentors.seeking));
    expected.insert("matched".into(), json!(mentors.matched));
    expected.insert("pairs".into(), json!(result.mentor_matches.len()));
    if let Some(scores) = &mentors.scores {
        let total = round(scores.iter().sum::<f64>());
        expected.insert("total_score".into(), json!(total));
        let n = scores.len();
        expected.insert(
            "mean_score".into(),
            json!((n > 0).then(|| round(total / n as f64))),
        );
        expected.insert(
            "min_score".into(),
            json!(scores.iter().copied().reduce(f64::min)),
        );
    }
    expected.insert("mentor_load".into(), mentors.load(auditor, Role::Mentor));
    let mut sponsor = Map::new();
    sponsor.insert("seeking".into(), json!(sponsors.seeking));
    sponsor.insert("matched".into(), json!(sponsors.matched));
    if let Some(scores) = &sponsors.scores {
        sponsor.insert(
            "total_score".into(),
            json!(round(scores.iter().sum::<f64>())),
        );
    }
    sponsor.insert("sponsor_load".into(), sponsors.load(auditor, Role::Sponsor));
    expected.insert("sponsors".into(), Value::Object(sponsor));
    expected.insert("intros".into(), intros(auditor, result));
    let places = |role: Role| -> u64 {
        network
            .people()
            .iter()
            .map(|p| u64::from(p.capacity(role)))
            .sum()
    };
    expected.insert(
        "demand".into(),
        json!({
            "mentor": {"seeking": mentors.seeking, "places": places(Role::Mentor)},
            "sponsor": {"seeking": sponsors.seeking, "places": places(Role::Sponsor)},
        }),
    );
    if let Some(Value::Object(groups)) = summary.get("groups") {
        let mut all = Map::new();
        for name in groups.keys() {
            match network.attribute_id(name) {
                Some(attribute) => {
                    all.insert(
                        name.clone(),
                        json!({
                            "mentor": mentors.groups(auditor, attribute),
                            "sponsor": sponsors.groups(auditor, attribute),
                        }),
                    );
                }
                None => auditor.flag(
                    Rule::Summary,
                    &[],
                    format!("summary.groups.{name}"),
                    "no person has this attribute".into(),
                ),
            }
        }
        expected.insert("groups".into(), Value::Object(all));
    }
    for (key, want) in &expected {
        if let Some(have) = summary.get(key) {
            compare(auditor, &format!("summary.{key}"), want, have);
        }
    }
}

/// One role's outcome in the result, by person.
struct RoleFigures {
    /// The role.
    role: Role,
    /// People seeking the role.
    seeking: usize,
    /// Distinct people with a match.
    matched: usize,
    /// Each match's score (the result's, else the engine's rounded); `None`
    /// when a match has neither.
    scores: Option<Vec<f64>>,
    /// Matches and the sum of their scores per person seeking, by dense id.
    per_seeker: HashMap<PersonId, (u32, f64)>,
    /// Matches per partner id.
    taken: HashMap<String, u32>,
}

impl RoleFigures {
    fn new(auditor: &Auditor, role: Role, matches: &[ResultMatch]) -> RoleFigures {
        let network = auditor.network;
        let engine = &auditor.engine[usize::from(role == Role::Sponsor)];
        let scores: Option<Vec<f64>> = matches
            .iter()
            .zip(engine)
            .map(|(m, e)| m.score.or(e.map(round)))
            .collect();
        let mut per_seeker: HashMap<PersonId, (u32, f64)> = HashMap::new();
        let mut taken: HashMap<String, u32> = HashMap::new();
        for (i, m) in matches.iter().enumerate() {
            *taken.entry(m.partner.clone()).or_default() += 1;
            if let Some(p) = network.person_id(&m.mentee) {
                let entry = per_seeker.entry(p).or_default();
                entry.0 += 1;
                entry.1 += scores.as_ref().map_or(0.0, |s| s[i]);
            }
        }
        let matched: HashSet<&str> = matches.iter().map(|m| m.mentee.as_str()).collect();
        RoleFigures {
            role,
            seeking: network.people().iter().filter(|p| p.seeks(role)).count(),
            matched: matched.len(),
            scores,
            per_seeker,
            taken,
        }
    }

    /// `mentor_load` / `sponsor_load`: how the offering people's places
    /// were used.
    fn load(&self, auditor: &Auditor, role: Role) -> Value {
        let mut distribution: BTreeMap<u32, usize> = BTreeMap::new();
        let (mut offering, mut capacity, mut used, mut full, mut busiest) = (0, 0u64, 0u64, 0, 0);
        for p in auditor.network.people() {
            let cap = p.capacity(role);
            if cap == 0 {
                continue;
            }
            let n = self.taken.get(&p.id).copied().unwrap_or(0);
            offering += 1;
            capacity += u64::from(cap);
            used += u64::from(n);
            full += usize::from(n >= cap);
            busiest = busiest.max(n);
            *distribution.entry(n).or_default() += 1;
        }
        let utilisation = match capacity {
            0 => 0.0,
            c => round(used as f64 / c as f64),
        };
        json!({
            "offering": offering, "capacity": capacity, "used": used,
            "utilisation": utilisation, "full": full, "busiest": busiest,
            "distribution": distribution,
        })
    }

    /// One role's table of `summary.groups` for `attribute`.
    fn groups(&self, auditor: &Auditor, attribute: crate::model::AttributeId) -> Value {
        #[derive(Default)]
        struct Tally {
            seeking: usize,
            matched: usize,
            pairs: u32,
            score: f64,
        }
        let network = auditor.network;
        let mut values: BTreeMap<String, Tally> = BTreeMap::new();
        let mut unset = Tally::default();
        for p in network.person_ids() {
            let tally = match network.attribute(p, attribute) {
                Some(v) => values.entry(network.label_text(v).to_string()).or_default(),
                None => &mut unset,
            };
            if network.at(p).seeks(self.role) {
                let (n, score) = self.per_seeker.get(&p).copied().unwrap_or((0, 0.0));
                tally.seeking += 1;
                tally.matched += usize::from(n > 0);
                tally.pairs += n;
                tally.score += score;
            }
        }
        let stats = |t: &Tally| {
            json!({
                "seeking": t.seeking,
                "matched": t.matched,
                "coverage": (t.seeking > 0).then(|| round(t.matched as f64 / t.seeking as f64)),
                "mean_score": (t.pairs > 0).then(|| round(round(t.score) / f64::from(t.pairs))),
            })
        };
        let coverages: Vec<(&String, f64)> = values
            .iter()
            .filter(|(_, t)| t.seeking > 0)
            .map(|(v, t)| (v, round(t.matched as f64 / t.seeking as f64)))
            .collect();
        let extreme = |c: f64| {
            json!({
                "coverage": c,
                "values": coverages.iter().filter(|x| x.1 == c).map(|x| x.0).collect::<Vec<_>>(),
            })
        };
        let spread = match (
            coverages.iter().map(|x| x.1).reduce(f64::min),
            coverages.iter().map(|x| x.1).reduce(f64::max),
        ) {
            (Some(lo), Some(hi)) => json!({"lowest": extreme(lo), "highest": extreme(hi)}),
            _ => Value::Null,
        };
        let mut table = Map::new();
        table.insert(
            "values".into(),
            Value::Object(values.iter().map(|(v, t)| (v.clone(), stats(t))).collect()),
        );
        if unset.seeking > 0 {
            table.insert("unset".into(), stats(&unset));
        }
        table.insert("spread".into(), spread);
        Value::Object(table)
    }
}

/// `summary.intros`: requests, statuses (when every match has one) and the
/// connectors' loads, from the result's own paths.
fn intros(auditor: &Auditor, result: &ResultFile) -> Value {
    let all = || result.mentor_matches.iter().chain(&result.sponsor_matches);
    let mut out = Map::new();
    out.insert("requested".into(), json!(all().count()));
    let statuses: Option<Vec<IntroStatus>> = all().map(|m| m.intro_status).collect();
    if let Some(statuses) = statuses {
        let count = |s: IntroStatus| statuses.iter().filter(|&&x| x == s).count();
        out.insert("introduced".into(), json!(count(IntroStatus::Path)));
        out.insert("direct".into(), json!(count(IntroStatus::Tied)));
        out.insert("no_path".into(), json!(count(IntroStatus::NoPath)));
        out.insert(
            "connectors_busy".into(),
            json!(count(IntroStatus::ConnectorsBusy)),
        );
    }
    out.insert(
        "connector_load".into(),
        json!(auditor.config.intro.connector_load),
    );
    let mut load: HashMap<&str, u32> = HashMap::new();
    for intro in all().filter_map(|m| m.intro.as_ref()) {
        let people = &intro.people;
        for p in people.iter().take(people.len().saturating_sub(1)).skip(1) {
            *load.entry(p.as_str()).or_default() += 1;
        }
    }
    let mut busiest: Vec<(&str, u32)> = load.into_iter().collect();
    busiest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    out.insert("connectors".into(), json!(busiest.len()));
    out.insert("max_load".into(), json!(busiest.first().map_or(0, |b| b.1)));
    busiest.truncate(10);
    out.insert(
        "busiest".into(),
        Value::Array(
            busiest
                .iter()
                .map(|(person, paths)| json!({"person": person, "paths": paths}))
                .collect(),
        ),
    );
    Value::Object(out)
}

/// Compares a recomputed figure with the result's, flagging each leaf that
/// differs (numbers within [`SCORE_TOLERANCE`], integers exactly) and each
/// key one has and the other lacks.
fn compare(auditor: &mut Auditor, path: &str, want: &Value, have: &Value) {
    let differ = |auditor: &mut Auditor, message: String| {
        auditor.flag(Rule::Summary, &[], path.to_string(), message);
    };
    match (want, have) {
        (Value::Object(w), Value::Object(h)) => {
            // Maps keyed by the data (an attribute's values, a load's
            // distribution) must hold the same keys; elsewhere a figure
            // the result leaves out is not checked.
            let keyed = path.ends_with(".values") || path.ends_with(".distribution");
            for (key, value) in w {
                match h.get(key) {
                    Some(other) => compare(auditor, &format!("{path}.{key}"), value, other),
                    None if keyed => differ(
                        auditor,
                        format!("{key:?} is missing (the matches give {value})"),
                    ),
                    None => {}
                }
            }
            for key in h.keys().filter(|k| keyed && !w.contains_key(*k)) {
                differ(auditor, format!("{key:?} is not in what the matches give"));
            }
        }
        (Value::Array(w), Value::Array(h)) if w.len() == h.len() => {
            for (i, (a, b)) in w.iter().zip(h).enumerate() {
                compare(auditor, &format!("{path}[{i}]"), a, b);
            }
        }
        (Value::Number(w), Value::Number(h)) => {
            auditor.checked.summary_figures += 1;
            let (a, b) = (
                w.as_f64().unwrap_or(f64::NAN),
                h.as_f64().unwrap_or(f64::NAN),
            );
            let same = match w.is_f64() {
                true => (a - b).abs() <= SCORE_TOLERANCE,
                false => a == b,
            };
            if !same {
                differ(
                    auditor,
                    format!("the result says {h}, the matches give {w}"),
                );
            }
        }
        _ => {
            auditor.checked.summary_figures += 1;
            if want != have {
                differ(
                    auditor,
                    format!("the result says {have}, the matches give {want}"),
                );
            }
        }
    }
}
