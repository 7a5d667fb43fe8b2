//! An independent audit of a matching result: every hard rule re-derived
//! from its documentation, every score and summary figure recomputed.
//!
//! [`audit`] reads a [`ResultFile`] (the JSON `mentormatch match` writes, or
//! another tool's) against the [`Network`] and [`Config`] it claims to
//! come from and lists every [`Violation`]. It is written apart from the
//! solver on purpose: it shares the loader and the model's lookups
//! (people, ties, blocks, the history), and takes pair scores from the
//! scorers' public per-pair API ([`MentorScorer::evaluate_pairs`],
//! [`SponsorScorer::evaluate_pairs`]: the scores are the engine's
//! formulas, so the audit holds the result's numbers against them), but
//! it never calls the scorers' constraint verdicts, the candidate
//! generation, the matching module's pins, forbidden pairs and summaries,
//! or the path search. Each rule is written again here from
//! `docs/formats.md` and the constraint docs of [`Constraint`]: the one
//! deliberate second home of those rules, so that a bug in one home shows
//! up as a violation in the other.
//!
//! What it checks, and the [`Rule`] a breach is reported under:
//! - every id names a person (`unknown_person`), no pair twice
//!   (`duplicate_pair`);
//! - each pair's hard constraints: `not_seeking`, `same_person`,
//!   `blocked`, `bad_history` (mentors), `same_reporting_chain`,
//!   `timezone_gap` and `language` (mentors), `no_skill_overlap`,
//!   `no_domain_overlap`, `no_support`, `below_min_score`, and for
//!   sponsors `no_trust_path`;
//! - capacities: `mentor_capacity`, `sponsor_capacity`, and each seeker's
//!   places (`mentee_places`, `sponsee_places`);
//! - `[assign] pinned` pairs present and marked (`pinned`), `[assign]
//!   forbidden` pairs absent (`forbidden`), `[fairness]` floors held
//!   (`fairness_floor`);
//! - scores and components (`score`, `components`) within
//!   [`SCORE_TOLERANCE`];
//! - introductions: the status agrees with the ties (`intro_status`), the
//!   path runs from the one to the other (`intro_endpoints`), each hop is
//!   a tie (`intro_tie`), at most `[intro] max_hops` (`intro_hops`), nobody
//!   twice (`intro_repeat`), every intermediary introducible
//!   (`intro_not_introducible`) and clear of both ends' blocks
//!   (`intro_blocked`), the warmth the product of the strengths
//!   (`intro_warmth`), and no connector on more than `[intro]
//!   connector_load` paths (`connector_load`);
//! - the unmatched list against the matches (`unmatched`), and every
//!   summary figure it recomputes (`summary`, see [`summary`]).
//!
//! # Complexity
//! Proportional to the result: each pair costs its scoring (the scorers'
//! per-pair cost), its checks (binary searches in sorted lists, a walk up
//! at most `exclude_reporting_chain` managers) and its path (its hops);
//! a sponsor pair whose introduction does not already show the trust path
//! costs a bidirectional search of at most `max_hops` hops around the two.
//! The summary's figures and the unmatched list take one pass over the
//! people; the history one pass. Building the scorers costs what it costs
//! a matching run.

mod result;
mod summary;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::model::{Outcome, PersonId, Role};
use crate::network::Network;
use crate::paths::IntroStatus;
use crate::score::{Evaluation, MentorScorer, SponsorScorer};

pub use result::{ResultFile, ResultIntro, ResultMatch, ResultUnmatched};

#[cfg(doc)]
use crate::score::Constraint;

/// How far a result's score, component or warmth may be from the engine's:
/// results round to six decimals (an error of at most 5 × 10⁻⁷), so any
/// larger gap is a different number.
pub const SCORE_TOLERANCE: f64 = 1e-6;

/// A rule the audit checks; its [`name`](Rule::name) is the code printed
/// and serialised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// An id that names nobody in the dataset.
    UnknownPerson,
    /// A pair listed twice.
    DuplicatePair,
    /// The person does not seek the role.
    NotSeeking,
    /// Someone matched with themself.
    SamePerson,
    /// A mentor with more mentees than `mentor_capacity`.
    MentorCapacity,
    /// A sponsor with more people than `sponsor_capacity`.
    SponsorCapacity,
    /// A mentee with more mentors than `[assign] mentors_per_mentee`.
    MenteePlaces,
    /// A person with more sponsors than `[assign] sponsors_per_mentee`.
    SponseePlaces,
    /// One of the two blocks the other.
    Blocked,
    /// A mentor pair the history holds as one that went badly.
    BadHistory,
    /// One manages the other within `exclude_reporting_chain` levels.
    SameReportingChain,
    /// Time zones further apart than `max_timezone_gap`.
    TimezoneGap,
    /// No shared language under `require_language`.
    Language,
    /// The mentor covers no open goal under `require_skill_overlap`.
    NoSkillOverlap,
    /// The sponsor touches no goal under `require_domain_overlap`.
    NoDomainOverlap,
    /// No positively weighted criterion above 0 and no affinity.
    NoSupport,
    /// The combined score is below `min_score`.
    BelowMinScore,
    /// No warm path within `max_hops` joins a person to their sponsor.
    NoTrustPath,
    /// A pair of `[assign] pinned` missing, or not marked pinned.
    Pinned,
    /// A pair of `[assign] forbidden` matched.
    Forbidden,
    /// A group below its `[fairness] min_coverage` floor.
    FairnessFloor,
    /// A score that is not the engine's for the pair.
    Score,
    /// A component that is not the engine's for the pair.
    Components,
    /// An introduction status that contradicts the ties.
    IntroStatus,
    /// An introduction path that does not join the pair.
    IntroEndpoints,
    /// Two consecutive people on a path with no tie.
    IntroTie,
    /// A path longer than `max_hops`.
    IntroHops,
    /// A path that visits someone twice.
    IntroRepeat,
    /// An intermediary who is not introducible.
    IntroNotIntroducible,
    /// Someone on a path who blocks, or is blocked by, an end.
    IntroBlocked,
    /// A warmth that is not the product of the path's strengths.
    IntroWarmth,
    /// A connector on more paths than `connector_load`.
    ConnectorLoad,
    /// The unmatched list disagrees with the matches.
    Unmatched,
    /// A summary figure that is not what the matches give.
    Summary,
}

impl Rule {
    /// The code, e.g. `"blocked"`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::UnknownPerson => "unknown_person",
            Rule::DuplicatePair => "duplicate_pair",
            Rule::NotSeeking => "not_seeking",
            Rule::SamePerson => "same_person",
            Rule::MentorCapacity => "mentor_capacity",
            Rule::SponsorCapacity => "sponsor_capacity",
            Rule::MenteePlaces => "mentee_places",
            Rule::SponseePlaces => "sponsee_places",
            Rule::Blocked => "blocked",
            Rule::BadHistory => "bad_history",
            Rule::SameReportingChain => "same_reporting_chain",
            Rule::TimezoneGap => "timezone_gap",
            Rule::Language => "language",
            Rule::NoSkillOverlap => "no_skill_overlap",
            Rule::NoDomainOverlap => "no_domain_overlap",
            Rule::NoSupport => "no_support",
            Rule::BelowMinScore => "below_min_score",
            Rule::NoTrustPath => "no_trust_path",
            Rule::Pinned => "pinned",
            Rule::Forbidden => "forbidden",
            Rule::FairnessFloor => "fairness_floor",
            Rule::Score => "score",
            Rule::Components => "components",
            Rule::IntroStatus => "intro_status",
            Rule::IntroEndpoints => "intro_endpoints",
            Rule::IntroTie => "intro_tie",
            Rule::IntroHops => "intro_hops",
            Rule::IntroRepeat => "intro_repeat",
            Rule::IntroNotIntroducible => "intro_not_introducible",
            Rule::IntroBlocked => "intro_blocked",
            Rule::IntroWarmth => "intro_warmth",
            Rule::ConnectorLoad => "connector_load",
            Rule::Unmatched => "unmatched",
            Rule::Summary => "summary",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One broken rule: which, who, where in the result, and what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// The rule broken.
    pub rule: Rule,
    /// The people involved, by their ids.
    pub people: Vec<String>,
    /// Where in the result: `mentor_matches[3]`, `summary.matched`, ...
    pub record: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// How much the audit checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Checked {
    /// Mentor pairs.
    pub mentor_pairs: usize,
    /// Sponsor pairs.
    pub sponsor_pairs: usize,
    /// Scores held against the engine's (the result's `score` fields).
    pub scores: usize,
    /// Introduction paths.
    pub intro_paths: usize,
    /// Unmatched entries.
    pub unmatched: usize,
    /// Summary figures (numbers and codes) recomputed and compared.
    pub summary_figures: usize,
}

/// What [`audit`] found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AuditReport {
    /// Every violation, in the order of the result's records.
    pub violations: Vec<Violation>,
    /// What was checked.
    pub checked: Checked,
}

impl AuditReport {
    /// Whether the result breaks no rule.
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty()
    }

    /// One line per violation (`rule: record [people]: message`) and a
    /// closing count, or one `ok` line with what was checked: the text of
    /// `mentormatch check`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for v in &self.violations {
            let _ = write!(out, "{}: {}", v.rule, v.record);
            if !v.people.is_empty() {
                let _ = write!(out, " [{}]", v.people.join(", "));
            }
            let _ = writeln!(out, ": {}", v.message);
        }
        let c = &self.checked;
        let what = format!(
            "{} mentor and {} sponsor pairs, {} scores, {} introduction paths, {} unmatched \
             entries, {} summary figures",
            c.mentor_pairs,
            c.sponsor_pairs,
            c.scores,
            c.intro_paths,
            c.unmatched,
            c.summary_figures
        );
        match self.violations.len() {
            0 => {
                let _ = writeln!(out, "ok: checked {what}; no violation");
            }
            n => {
                let _ = writeln!(
                    out,
                    "{n} {} in {what}",
                    if n == 1 { "violation" } else { "violations" }
                );
            }
        }
        out
    }
}

/// Audits `result` against the `network` and `config` it claims to come
/// from.
///
/// # Arguments
/// - `network`, `config`: the dataset and configuration of the run.
/// - `result`: the run's result, e.g. [`ResultFile::from_json`] of a
///   `mentormatch match` output.
///
/// # Returns
/// Every violation (see the module docs for the rules), and counts of what
/// was checked: a result that breaks everything is a long report.
///
/// # Errors
/// [`Error::Invalid`](crate::Error::Invalid) (file `config`) when `config`
/// is out of range ([`Config::validate`]): the configuration the result is
/// held against must itself be valid.
///
/// # Complexity
/// See the module docs: proportional to the result, plus a pass over the
/// people for the summary and the construction of the two scorers.
///
/// # Example
/// Ada and Tim block each other in the story; a result pairing them is
/// caught, and the run of `match_cohort` is clean.
/// ```
/// use mentormatch::{audit, load, match_cohort, Config, LoadOptions, ResultFile, Rule};
///
/// let network = load("data/story.json", &LoadOptions::default())?;
/// let config = Config::default();
/// let run = ResultFile::from_report(&match_cohort(&network, &config)?);
/// assert!(audit(&network, &config, &run)?.is_ok());
///
/// let text = r#"{"mentor_matches": [{"mentee": "tim", "mentor": "omar"}], "sponsor_matches": []}"#;
/// let forged = ResultFile::from_json(text, "forged.json")?;
/// let report = audit(&network, &config, &forged)?;
/// assert!(report.violations.iter().any(|v| v.rule == Rule::Blocked));
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn audit(network: &Network, config: &Config, result: &ResultFile) -> Result<AuditReport> {
    config.validate("config")?;
    let mut auditor = Auditor {
        network,
        config,
        violations: Vec::new(),
        checked: Checked::default(),
        engine: [
            vec![None; result.mentor_matches.len()],
            vec![None; result.sponsor_matches.len()],
        ],
    };
    let mentors = auditor.resolve(Role::Mentor, &result.mentor_matches);
    let sponsors = auditor.resolve(Role::Sponsor, &result.sponsor_matches);
    auditor.mentor_pairs(&result.mentor_matches, &mentors);
    auditor.sponsor_pairs(&result.sponsor_matches, &sponsors);
    auditor.capacities(Role::Mentor, &result.mentor_matches, &mentors);
    auditor.capacities(Role::Sponsor, &result.sponsor_matches, &sponsors);
    auditor.pinned(&result.mentor_matches);
    let witnessed = auditor.introductions(result, &mentors, &sponsors);
    auditor.trust(&result.sponsor_matches, &sponsors, &witnessed);
    if let Some(unmatched) = &result.unmatched {
        auditor.unmatched(result, unmatched);
    }
    auditor.fairness(result);
    if let Some(figures) = &result.summary {
        summary::check(&mut auditor, result, figures);
    }
    Ok(AuditReport {
        violations: auditor.violations,
        checked: auditor.checked,
    })
}

/// The audit's state: the inputs and what it found so far.
pub(crate) struct Auditor<'a> {
    network: &'a Network,
    config: &'a Config,
    violations: Vec<Violation>,
    checked: Checked,
    /// The engine's combined score of each mentor (`[0]`) and sponsor
    /// (`[1]`) match, where the pair resolved.
    engine: [Vec<Option<f64>>; 2],
}

/// A match's two people, when both ids resolve and the pair is new.
type Resolved = Vec<Option<(PersonId, PersonId)>>;

/// The record name of match `i` of `role`'s list.
fn record(role: Role, i: usize) -> String {
    match role {
        Role::Mentor => format!("mentor_matches[{i}]"),
        Role::Sponsor => format!("sponsor_matches[{i}]"),
    }
}

impl Auditor<'_> {
    fn flag(&mut self, rule: Rule, people: &[&str], record: String, message: String) {
        self.violations.push(Violation {
            rule,
            people: people.iter().map(|p| p.to_string()).collect(),
            record,
            message,
        });
    }

    fn id(&self, p: PersonId) -> &str {
        &self.network.at(p).id
    }

    /// Each match's people by dense id; `None` for an unknown id or a pair
    /// listed before (both flagged).
    fn resolve(&mut self, role: Role, matches: &[ResultMatch]) -> Resolved {
        let mut seen = HashSet::new();
        let partner = role.as_str();
        matches
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut known = |id: &str, field: &str| {
                    let p = self.network.person_id(id);
                    if p.is_none() {
                        self.flag(
                            Rule::UnknownPerson,
                            &[id],
                            record(role, i),
                            format!("{field} {id:?} is nobody in the dataset"),
                        );
                    }
                    p
                };
                let (a, b) = (known(&m.mentee, "mentee"), known(&m.partner, partner));
                let pair = (a?, b?);
                if !seen.insert(pair) {
                    self.flag(
                        Rule::DuplicatePair,
                        &[&m.mentee, &m.partner],
                        record(role, i),
                        format!("the pair is listed twice among the {partner} matches"),
                    );
                    return None;
                }
                Some(pair)
            })
            .collect()
    }

    /// The checks both roles share, on a pair that resolved.
    fn common(&mut self, role: Role, rec: &str, a: PersonId, b: PersonId) {
        let (pa, pb) = (self.network.at(a), self.network.at(b));
        let ids = [pa.id.as_str(), pb.id.as_str()];
        let partner = role.as_str();
        if a == b {
            self.flag(
                Rule::SamePerson,
                &ids[..1],
                rec.into(),
                format!("{} is their own {partner}", ids[0]),
            );
        }
        if !pa.seeks(role) {
            self.flag(
                Rule::NotSeeking,
                &ids,
                rec.into(),
                format!("{} does not seek a {partner}", ids[0]),
            );
        }
        for (x, y, who, whom) in [(pa, b, ids[0], ids[1]), (pb, a, ids[1], ids[0])] {
            if x.blocked.binary_search(&y).is_ok() {
                self.flag(
                    Rule::Blocked,
                    &ids,
                    rec.into(),
                    format!("{who} blocks {whom}"),
                );
            }
        }
        let levels = self.config.constraints.exclude_reporting_chain;
        for (low, high) in [(a, b), (b, a)] {
            if let Some(steps) = self.manager_steps(low, high, levels) {
                self.flag(
                    Rule::SameReportingChain,
                    &ids,
                    rec.into(),
                    format!(
                        "{} is {}'s manager {steps} level{} up (exclude_reporting_chain = {levels})",
                        self.id(high),
                        self.id(low),
                        if steps == 1 { "" } else { "s" }
                    ),
                );
            }
        }
    }

    /// How many steps up `low`'s reporting line `high` is, when it is
    /// within `levels` steps: the manager links walked one by one.
    fn manager_steps(&self, low: PersonId, high: PersonId, levels: u32) -> Option<u32> {
        let mut at = low;
        for step in 1..=levels {
            at = self.network.at(at).manager?;
            if at == high {
                return Some(step);
            }
        }
        None
    }

    /// `no_support`, `below_min_score` and the score and components, on
    /// the engine's evaluation of a pair.
    fn scored(
        &mut self,
        m: &ResultMatch,
        rec: &str,
        evaluation: &Evaluation,
        affinity: bool,
        min_score: f64,
        min_key: &str,
    ) {
        let ids = [m.mentee.as_str(), m.partner.as_str()];
        let score = &evaluation.score;
        let support = affinity
            || score
                .criteria()
                .any(|c| c.weight > 0.0 && (c.mentee_value > 0.0 || c.mentor_value > 0.0));
        if !support {
            self.flag(
                Rule::NoSupport,
                &ids,
                rec.into(),
                "no positively weighted criterion is above 0 in either view, and no affinity"
                    .into(),
            );
        }
        if score.combined < min_score {
            self.flag(
                Rule::BelowMinScore,
                &ids,
                rec.into(),
                format!(
                    "combined score {:.6} is below {min_key} = {min_score}",
                    score.combined
                ),
            );
        }
        if let Some(reported) = m.score {
            self.checked.scores += 1;
            if (reported - score.combined).abs() > SCORE_TOLERANCE || reported.is_nan() {
                self.flag(
                    Rule::Score,
                    &ids,
                    format!("{rec}.score"),
                    format!(
                        "the result says {reported}, the engine's score is {:.6}",
                        score.combined
                    ),
                );
            }
        }
        if let Some(components) = &m.components {
            let engine: HashMap<&str, f64> = score.components().collect();
            for (name, &value) in components {
                match engine.get(name.as_str()) {
                    Some(&v) if (v - value).abs() <= SCORE_TOLERANCE => {}
                    Some(&v) => self.flag(
                        Rule::Components,
                        &ids,
                        format!("{rec}.components.{name}"),
                        format!("the result says {value}, the engine's value is {v:.6}"),
                    ),
                    None => self.flag(
                        Rule::Components,
                        &ids,
                        format!("{rec}.components.{name}"),
                        "no criterion of this name".into(),
                    ),
                }
            }
            for (name, _) in score.components() {
                if !components.contains_key(name) {
                    self.flag(
                        Rule::Components,
                        &ids,
                        format!("{rec}.components"),
                        format!("{name} is missing"),
                    );
                }
            }
        }
    }

    fn mentor_pairs(&mut self, matches: &[ResultMatch], resolved: &Resolved) {
        self.checked.mentor_pairs = matches.len();
        let network = self.network;
        let config = self.config;
        let constraints = &config.constraints;
        let bad: HashSet<(PersonId, PersonId)> = network
            .history()
            .iter()
            .filter(|h| h.kind == Role::Mentor && h.outcome == Outcome::Bad)
            .map(|h| (h.mentee, h.mentor))
            .collect();
        let forbidden: HashSet<(&str, &str)> = config
            .assign
            .forbidden
            .iter()
            .filter(|pair| pair.len() == 2)
            .map(|pair| (pair[0].as_str(), pair[1].as_str()))
            .collect();
        let (pairs, at) = known_pairs(resolved);
        let evaluations = match pairs.is_empty() {
            true => Vec::new(),
            false => MentorScorer::from_valid(network, config).evaluate_pairs_known(&pairs),
        };
        for ((&(a, b), &i), evaluation) in pairs.iter().zip(&at).zip(&evaluations) {
            self.engine[0][i] = Some(evaluation.score.combined);
            let m = &matches[i];
            let rec = record(Role::Mentor, i);
            let ids = [m.mentee.as_str(), m.partner.as_str()];
            self.common(Role::Mentor, &rec, a, b);
            let (pa, pb) = (network.at(a), network.at(b));
            if bad.contains(&(a, b)) {
                self.flag(
                    Rule::BadHistory,
                    &ids,
                    rec.clone(),
                    "the history holds the pair as a mentor pair that went badly".into(),
                );
            }
            if let (Some(max), Some(x), Some(y)) =
                (constraints.max_timezone_gap, pa.timezone, pb.timezone)
            {
                // Round the clock: 23 hours apart is 1 hour apart.
                let d = (x - y).abs() % 24.0;
                let gap = d.min(24.0 - d);
                if gap > max {
                    self.flag(
                        Rule::TimezoneGap,
                        &ids,
                        rec.clone(),
                        format!("time zones UTC{x:+} and UTC{y:+} are {gap} hours apart (max_timezone_gap = {max})"),
                    );
                }
            }
            if constraints.require_language
                && !pa.languages.iter().any(|l| pb.languages.contains(l))
            {
                self.flag(
                    Rule::Language,
                    &ids,
                    rec.clone(),
                    "no shared language (require_language)".into(),
                );
            }
            if forbidden.contains(&(ids[0], ids[1])) {
                self.flag(
                    Rule::Forbidden,
                    &ids,
                    rec.clone(),
                    "the pair is in [assign] forbidden".into(),
                );
            }
            let skill_fit = evaluation
                .score
                .criterion("skill_fit")
                .map_or(0.0, |c| c.mentee_value);
            if constraints.require_skill_overlap && skill_fit <= 0.0 {
                self.flag(
                    Rule::NoSkillOverlap,
                    &ids,
                    rec.clone(),
                    "the mentor covers none of the mentee's open goals (skill_fit = 0, require_skill_overlap)".into(),
                );
            }
            let affinity = network.affinity(a, b).is_some();
            self.scored(
                m,
                &rec,
                evaluation,
                affinity,
                constraints.min_score,
                "[constraints] min_score",
            );
        }
    }

    fn sponsor_pairs(&mut self, matches: &[ResultMatch], resolved: &Resolved) {
        self.checked.sponsor_pairs = matches.len();
        let (network, config) = (self.network, self.config);
        let (pairs, at) = known_pairs(resolved);
        let evaluations = match pairs.is_empty() {
            true => Vec::new(),
            false => SponsorScorer::from_valid(network, config).evaluate_pairs_known(&pairs),
        };
        for ((&(a, b), &i), evaluation) in pairs.iter().zip(&at).zip(&evaluations) {
            self.engine[1][i] = Some(evaluation.score.combined);
            let m = &matches[i];
            let rec = record(Role::Sponsor, i);
            self.common(Role::Sponsor, &rec, a, b);
            let domain = evaluation
                .score
                .criterion("domain")
                .map_or(0.0, |c| c.mentee_value);
            if config.sponsor.require_domain_overlap && domain <= 0.0 {
                self.flag(
                    Rule::NoDomainOverlap,
                    &[&m.mentee, &m.partner],
                    rec.clone(),
                    "the sponsor's skills and organisation touch none of the goals (domain = 0, require_domain_overlap)".into(),
                );
            }
            self.scored(
                m,
                &rec,
                evaluation,
                false,
                config.sponsor.min_score,
                "[sponsor] min_score",
            );
        }
    }

    /// Partners' capacities and seekers' places.
    fn capacities(&mut self, role: Role, matches: &[ResultMatch], resolved: &Resolved) {
        let mut partners: HashMap<PersonId, Vec<usize>> = HashMap::new();
        let mut seekers: HashMap<PersonId, Vec<usize>> = HashMap::new();
        for (i, pair) in resolved.iter().enumerate() {
            if let Some((a, b)) = *pair {
                seekers.entry(a).or_default().push(i);
                partners.entry(b).or_default().push(i);
            }
        }
        let places = match role {
            Role::Mentor => self.config.assign.mentors_per_mentee,
            Role::Sponsor => self.config.assign.sponsors_per_mentee,
        };
        let (capacity_rule, places_rule, key) = match role {
            Role::Mentor => (
                Rule::MentorCapacity,
                Rule::MenteePlaces,
                "mentors_per_mentee",
            ),
            Role::Sponsor => (
                Rule::SponsorCapacity,
                Rule::SponseePlaces,
                "sponsors_per_mentee",
            ),
        };
        let mut over: Vec<(usize, Rule, PersonId, &[usize], u32)> = Vec::new();
        for (&p, at) in &partners {
            let capacity = self.network.at(p).capacity(role);
            if at.len() as u64 > u64::from(capacity) {
                over.push((at[0], capacity_rule, p, at, capacity));
            }
        }
        for (&p, at) in &seekers {
            if at.len() as u64 > u64::from(places) {
                over.push((at[0], places_rule, p, at, places));
            }
        }
        // In the order of the result's records, whatever the maps' order.
        over.sort_by_key(|o| (o.0, o.1));
        let role_name = role.as_str();
        for (_, rule, p, at, limit) in over {
            let mut people = vec![self.id(p)];
            let others: Vec<&str> = at
                .iter()
                .map(|&i| match rule {
                    Rule::MentorCapacity | Rule::SponsorCapacity => matches[i].mentee.as_str(),
                    _ => matches[i].partner.as_str(),
                })
                .collect();
            people.extend(&others);
            let message = match rule {
                Rule::MentorCapacity | Rule::SponsorCapacity => format!(
                    "{} has {} matches, {role_name}_capacity is {limit}",
                    self.id(p),
                    at.len()
                ),
                _ => format!(
                    "{} has {} {role_name}s, [assign] {key} is {limit}",
                    self.id(p),
                    at.len()
                ),
            };
            let people: Vec<String> = people.iter().map(|s| s.to_string()).collect();
            self.violations.push(Violation {
                rule,
                people,
                record: record(role, at[0]),
                message,
            });
        }
    }

    /// `[assign] pinned`: every pair present and marked pinned.
    fn pinned(&mut self, matches: &[ResultMatch]) {
        let at: HashMap<(&str, &str), usize> = matches
            .iter()
            .enumerate()
            .map(|(i, m)| ((m.mentee.as_str(), m.partner.as_str()), i))
            .collect();
        for (k, pair) in self.config.assign.pinned.iter().enumerate() {
            let [mentee, mentor] = pair.as_slice() else {
                continue;
            };
            match at.get(&(mentee.as_str(), mentor.as_str())) {
                None => self.flag(
                    Rule::Pinned,
                    &[mentee, mentor],
                    format!("[assign] pinned[{k}]"),
                    "the pinned pair is not among the mentor matches".into(),
                ),
                Some(&i) if matches[i].pinned == Some(false) => self.flag(
                    Rule::Pinned,
                    &[mentee, mentor],
                    record(Role::Mentor, i),
                    "the pair is in [assign] pinned but marked \"pinned\": false".into(),
                ),
                Some(_) => {}
            }
        }
    }

    /// Every introduction's status and path, and the connectors' loads.
    /// Returns, per sponsor match, whether its introduction shows a valid
    /// warm path (or a direct tie): the trust the pair needs, witnessed.
    fn introductions(
        &mut self,
        result: &ResultFile,
        mentors: &Resolved,
        sponsors: &Resolved,
    ) -> Vec<bool> {
        let mut load: HashMap<PersonId, u32> = HashMap::new();
        let limit = self.config.intro.connector_load;
        // Where each connector over the limit went over it: the path that
        // was one too many, in the order of the result's records.
        let mut over: Vec<(PersonId, String)> = Vec::new();
        let mut witnessed = Vec::with_capacity(sponsors.len());
        for (role, matches, resolved) in [
            (Role::Mentor, &result.mentor_matches, mentors),
            (Role::Sponsor, &result.sponsor_matches, sponsors),
        ] {
            for (i, (m, pair)) in matches.iter().zip(resolved).enumerate() {
                let valid = match *pair {
                    Some((a, b)) => self.introduction(role, i, m, a, b, &mut |p| {
                        let n = load.entry(p).or_default();
                        *n += 1;
                        if *n == limit.saturating_add(1) {
                            over.push((p, format!("{}.intro", record(role, i))));
                        }
                    }),
                    None => false,
                };
                if role == Role::Sponsor {
                    witnessed.push(valid);
                }
            }
        }
        for (p, rec) in over {
            let id = self.network.at(p).id.as_str();
            self.flag(
                Rule::ConnectorLoad,
                &[id],
                rec,
                format!(
                    "{id} is an intermediary on {} paths, [intro] connector_load is {limit}",
                    load[&p]
                ),
            );
        }
        witnessed
    }

    /// One match's introduction: its status against the ties, and its
    /// path hop by hop; `connector` is told each intermediary of a path.
    /// Whether it shows a valid path or a direct tie.
    fn introduction(
        &mut self,
        role: Role,
        i: usize,
        m: &ResultMatch,
        a: PersonId,
        b: PersonId,
        connector: &mut dyn FnMut(PersonId),
    ) -> bool {
        let network = self.network;
        let rec = record(role, i);
        let ids = [m.mentee.as_str(), m.partner.as_str()];
        let tied = network.tie_between(a, b).is_some();
        let status = m.intro_status;
        let bad_status = |me: &mut Self, why: &str| {
            me.flag(
                Rule::IntroStatus,
                &ids,
                format!("{rec}.intro_status"),
                why.into(),
            );
        };
        match (status, &m.intro, tied) {
            (Some(IntroStatus::Tied), None, true) => return true,
            (Some(IntroStatus::Tied), _, false) => {
                bad_status(self, "\"tied\", but the two have no tie");
                return false;
            }
            (Some(IntroStatus::Tied), Some(_), true) => {
                bad_status(self, "\"tied\" comes without a path");
                return true;
            }
            (Some(IntroStatus::Path), None, _) => {
                bad_status(self, "\"path\", but there is no intro path");
                return false;
            }
            (Some(IntroStatus::NoPath | IntroStatus::ConnectorsBusy), Some(_), _) => {
                bad_status(self, "no path is claimed, yet an intro path is given");
            }
            (Some(s @ (IntroStatus::NoPath | IntroStatus::ConnectorsBusy)), None, true) => {
                let why = format!("{:?}, but the two are tied (\"tied\")", s.as_str());
                bad_status(self, &why);
                return false;
            }
            (Some(IntroStatus::Path), Some(_), true) => {
                bad_status(self, "\"path\", but the two are already tied (\"tied\")");
            }
            _ => {}
        }
        let Some(intro) = &m.intro else {
            return false;
        };
        self.checked.intro_paths += 1;
        let rec = format!("{rec}.intro");
        let mut ok = true;
        let people = &intro.people;
        if people.len() < 2 || people[0] != ids[0] || people[people.len() - 1] != ids[1] {
            self.flag(
                Rule::IntroEndpoints,
                &ids,
                rec.clone(),
                format!(
                    "the path {:?} does not run from {} to {}",
                    people, ids[0], ids[1]
                ),
            );
            return false;
        }
        let mut path = Vec::with_capacity(people.len());
        for id in people {
            match network.person_id(id) {
                Some(p) => path.push(p),
                None => {
                    self.flag(
                        Rule::UnknownPerson,
                        &[id],
                        rec.clone(),
                        format!("{id:?} on the path is nobody in the dataset"),
                    );
                    ok = false;
                }
            }
        }
        if !ok {
            return false;
        }
        let hops = path.len() - 1;
        let max_hops = self.config.intro.max_hops;
        if hops as u64 > u64::from(max_hops) {
            self.flag(
                Rule::IntroHops,
                &ids,
                rec.clone(),
                format!("{hops} hops, [intro] max_hops is {max_hops}"),
            );
            ok = false;
        }
        let mut seen = HashSet::new();
        for (k, &p) in path.iter().enumerate() {
            if !seen.insert(p) {
                self.flag(
                    Rule::IntroRepeat,
                    &[&people[k]],
                    rec.clone(),
                    format!("{} is on the path twice", people[k]),
                );
                ok = false;
            }
        }
        let mut warmth = 1.0;
        for k in 0..hops {
            match network.tie_between(path[k], path[k + 1]) {
                Some(t) => warmth *= network.tie_at(t).strength,
                None => {
                    self.flag(
                        Rule::IntroTie,
                        &[&people[k], &people[k + 1]],
                        rec.clone(),
                        format!(
                            "hop {}: {} and {} have no tie",
                            k + 1,
                            people[k],
                            people[k + 1]
                        ),
                    );
                    ok = false;
                }
            }
        }
        for (k, &p) in path.iter().enumerate().take(hops).skip(1) {
            connector(p);
            if !network.at(p).introducible {
                self.flag(
                    Rule::IntroNotIntroducible,
                    &[&people[k]],
                    rec.clone(),
                    format!("{} is an intermediary but not introducible", people[k]),
                );
                ok = false;
            }
        }
        for (k, &p) in path.iter().enumerate() {
            for (end, name) in [(a, ids[0]), (b, ids[1])] {
                if p == end {
                    continue;
                }
                let blocks = network.at(p).blocked.binary_search(&end).is_ok();
                let blocked = network.at(end).blocked.binary_search(&p).is_ok();
                if blocks || blocked {
                    self.flag(
                        Rule::IntroBlocked,
                        &[&people[k], name],
                        rec.clone(),
                        match blocks {
                            true => format!("{} on the path blocks {name}", people[k]),
                            false => format!("{name} blocks {}, who is on the path", people[k]),
                        },
                    );
                    ok = false;
                }
            }
        }
        if let Some(reported) = intro.warmth {
            if ok && ((reported - warmth).abs() > SCORE_TOLERANCE || reported.is_nan()) {
                self.flag(
                    Rule::IntroWarmth,
                    &ids,
                    format!("{rec}.warmth"),
                    format!(
                        "the result says {reported}, the ties' strengths multiply to {warmth:.6}"
                    ),
                );
            }
        }
        ok
    }

    /// `no_trust_path`: a sponsor must be reachable from the person within
    /// `max_hops` ties through people who may introduce them. A valid
    /// introduction in the result is the witness; otherwise the audit
    /// searches.
    fn trust(&mut self, matches: &[ResultMatch], resolved: &Resolved, witnessed: &[bool]) {
        let max_hops = self.config.intro.max_hops;
        for (i, (m, pair)) in matches.iter().zip(resolved).enumerate() {
            let Some((a, b)) = *pair else { continue };
            if a == b || witnessed[i] || trusted(self.network, a, b, max_hops) {
                continue;
            }
            self.flag(
                Rule::NoTrustPath,
                &[&m.mentee, &m.partner],
                record(Role::Sponsor, i),
                format!(
                    "no warm path of at most {max_hops} ties joins them through people who may introduce"
                ),
            );
        }
    }

    /// The unmatched list: nobody matched in the role, everyone who seeks
    /// the role and has no match, each once.
    fn unmatched(&mut self, result: &ResultFile, unmatched: &[ResultUnmatched]) {
        self.checked.unmatched = unmatched.len();
        let matched: [HashSet<&str>; 2] = [
            result
                .mentor_matches
                .iter()
                .map(|m| m.mentee.as_str())
                .collect(),
            result
                .sponsor_matches
                .iter()
                .map(|m| m.mentee.as_str())
                .collect(),
        ];
        let slot = |role: Role| usize::from(role == Role::Sponsor);
        let mut listed: HashSet<(&str, Role)> = HashSet::new();
        for (i, u) in unmatched.iter().enumerate() {
            let rec = format!("unmatched[{i}]");
            let role = u.seeking.as_str();
            let Some(p) = self.network.person_id(&u.person) else {
                self.flag(
                    Rule::UnknownPerson,
                    &[&u.person],
                    rec,
                    format!("{:?} is nobody in the dataset", u.person),
                );
                continue;
            };
            if !listed.insert((&u.person, u.seeking)) {
                self.flag(
                    Rule::Unmatched,
                    &[&u.person],
                    rec,
                    format!("listed twice as without a {role}"),
                );
            } else if !self.network.at(p).seeks(u.seeking) {
                self.flag(
                    Rule::Unmatched,
                    &[&u.person],
                    rec,
                    format!("listed as without a {role}, but does not seek one"),
                );
            } else if matched[slot(u.seeking)].contains(u.person.as_str()) {
                self.flag(
                    Rule::Unmatched,
                    &[&u.person],
                    rec,
                    format!("listed as without a {role}, but has a {role} match"),
                );
            }
        }
        for p in self.network.people() {
            for role in Role::ALL {
                if p.seeks(role)
                    && !matched[slot(role)].contains(p.id.as_str())
                    && !listed.contains(&(p.id.as_str(), role))
                {
                    self.flag(
                        Rule::Unmatched,
                        &[&p.id],
                        "unmatched".into(),
                        format!(
                            "{} seeks a {} and has no match, but is not listed",
                            p.id,
                            role.as_str()
                        ),
                    );
                }
            }
        }
    }

    /// `[fairness] min_coverage`: in each role it holds for, every group's
    /// coverage (people with a match over people seeking) is at least the
    /// factor times the overall coverage.
    fn fairness(&mut self, result: &ResultFile) {
        let Some((name, &factor)) = self.config.fairness.min_coverage.iter().next() else {
            return;
        };
        let Some(attribute) = self.network.attribute_id(name) else {
            return;
        };
        for &role in &self.config.fairness.roles {
            let matches = match role {
                Role::Mentor => &result.mentor_matches,
                Role::Sponsor => &result.sponsor_matches,
            };
            let matched: HashSet<&str> = matches.iter().map(|m| m.mentee.as_str()).collect();
            let (mut seeking, mut covered) = (0usize, 0usize);
            let mut groups: HashMap<crate::model::Label, (usize, usize)> = HashMap::new();
            for p in self.network.person_ids() {
                let person = self.network.at(p);
                if !person.seeks(role) {
                    continue;
                }
                let got = usize::from(matched.contains(person.id.as_str()));
                seeking += 1;
                covered += got;
                if let Some(value) = self.network.attribute(p, attribute) {
                    let g = groups.entry(value).or_default();
                    g.0 += 1;
                    g.1 += got;
                }
            }
            if seeking == 0 {
                continue;
            }
            let overall = covered as f64 / seeking as f64;
            let mut low: Vec<(&str, usize, usize)> = groups
                .iter()
                .filter(|(_, &(s, m))| (m as f64) < factor * overall * s as f64 - 1e-9)
                .map(|(&v, &(s, m))| (self.network.label_text(v), s, m))
                .collect();
            low.sort_unstable();
            for (value, s, m) in low {
                self.flag(
                    Rule::FairnessFloor,
                    &[],
                    format!("[fairness] min_coverage.{name}"),
                    format!(
                        "{name} = {value:?}: {m} of {s} seeking a {} matched ({:.4}), below \
                         {factor} × the overall {:.4}",
                        role.as_str(),
                        m as f64 / s as f64,
                        overall
                    ),
                );
            }
        }
    }
}

/// Whether a path of at most `max_hops` ties joins `from` to `to` through
/// intermediaries who are introducible and neither block nor are blocked by
/// either end: one breadth-first ball of `⌈h/2⌉` hops around `from`, then
/// the other `⌊h/2⌋` hops around `to`, meeting in the middle. A walk this
/// short shortens to a path with the same intermediaries or fewer, so
/// meeting is enough.
fn trusted(network: &Network, from: PersonId, to: PersonId, max_hops: u32) -> bool {
    let relays = |x: PersonId| {
        let p = network.at(x);
        p.introducible
            && [from, to].iter().all(|&end| {
                p.blocked.binary_search(&end).is_err()
                    && network.at(end).blocked.binary_search(&x).is_err()
            })
    };
    let near = max_hops.div_ceil(2);
    let ball = |start: PersonId, hops: u32| {
        let mut dist: HashMap<PersonId, u32> = HashMap::from([(start, 0)]);
        let mut frontier = vec![start];
        for hop in 1..=hops {
            let mut next = Vec::new();
            for x in frontier {
                if x != start && !relays(x) {
                    continue;
                }
                for n in network.adjacent(x) {
                    dist.entry(n.person).or_insert_with(|| {
                        next.push(n.person);
                        hop
                    });
                }
            }
            frontier = next;
        }
        dist
    };
    let around_from = ball(from, near);
    if around_from.contains_key(&to) {
        return true;
    }
    let around_to = ball(to, max_hops - near);
    around_to.iter().any(|(&x, &j)| {
        around_from
            .get(&x)
            .is_some_and(|&i| i + j <= max_hops && (x == from || x == to || relays(x)))
    })
}

/// The pairs whose two ids resolved, with their positions in the result.
fn known_pairs(resolved: &Resolved) -> (Vec<(PersonId, PersonId)>, Vec<usize>) {
    resolved
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|p| (p, i)))
        .unzip()
}
