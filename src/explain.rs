//! Explanations: why a pair scored what it scored, or which hard constraints
//! exclude it, and where it ranks among the mentee's candidates.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::Result;
use crate::matching::WhyNot;
use crate::model::PersonId;
use crate::model::Role;
use crate::network::Network;
use crate::score::candidates::{for_mentee, Candidate, Engine};
use crate::score::{Evaluation, MentorScorer, SponsorScorer};

/// Everything about one pair: the failed hard constraints (if any), every
/// criterion's value and weighted contribution in both views, the scores,
/// and the pair's rank among the mentee's candidates.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// Mentor or sponsor pair.
    pub role: Role,
    /// The person seeking.
    pub mentee: PersonId,
    /// The mentor or sponsor.
    pub partner: PersonId,
    /// The failed constraints and the scores. The criteria are computed even
    /// for an excluded pair, to show what it would have scored.
    pub evaluation: Evaluation,
    /// Where the pair ranks; `None` when a hard constraint excludes it.
    pub rank: Option<Rank>,
}

impl Explanation {
    /// Whether the pair passes every hard constraint.
    pub fn is_feasible(&self) -> bool {
        self.evaluation.is_feasible()
    }
}

impl Explanation {
    /// The explanation by external ids, with `run` (the pair held against
    /// an earlier run, see [`crate::Replay`]) when there is one: the JSON
    /// of `mentormatch explain --json`.
    pub fn report(&self, network: &Network, run: Option<WhyNot>) -> ExplanationReport {
        let score = &self.evaluation.score;
        let id = |p: PersonId| network.at(p).id.clone();
        ExplanationReport {
            role: self.role.as_str().to_string(),
            mentee: id(self.mentee),
            mentor: id(self.partner),
            feasible: self.is_feasible(),
            failed: self
                .evaluation
                .failed
                .iter()
                .map(|c| FailedConstraint {
                    constraint: c.name().to_string(),
                    reason: c.describe().to_string(),
                })
                .collect(),
            combined: score.combined,
            mentee_view: score.mentee_view,
            mentor_view: score.mentor_view,
            mentor_view_weight: score.view_weight(),
            criteria: score
                .criteria()
                .map(|c| CriterionReport {
                    name: c.name.to_string(),
                    weight: c.weight,
                    mentee_value: c.mentee_value,
                    mentee_contribution: c.mentee_contribution(),
                    mentor_value: c.mentor_value,
                    mentor_contribution: c.mentor_contribution(),
                })
                .collect(),
            components: score
                .components()
                .map(|(name, v)| (name.to_string(), v))
                .collect(),
            rank: self.rank.map(|r| RankReport {
                position: r.position,
                feasible: r.feasible,
                max_candidates: r.max_candidates,
                kept: r.is_kept(),
            }),
            run,
        }
    }

    /// The explanation as a few lines and a table of every criterion's
    /// weight, values and contributions in both views: the text of
    /// `mentormatch explain`.
    pub fn table(&self, network: &Network) -> String {
        let score = &self.evaluation.score;
        let role = self.role.as_str();
        let (mentee, mentor) = (&network.at(self.mentee).id, &network.at(self.partner).id);
        let mut out = String::new();
        let _ = write!(out, "{mentee} with {role} {mentor}: ");
        match self.rank {
            Some(rank) => {
                let _ = write!(
                    out,
                    "candidate {} of {} feasible",
                    rank.position, rank.feasible
                );
                let _ = match (rank.max_candidates, rank.is_kept()) {
                    (0, _) => writeln!(out, " (all kept)"),
                    (k, true) => writeln!(out, " (within the top {k} kept)"),
                    (k, false) => writeln!(out, " (outside the top {k} kept)"),
                };
            }
            None => {
                let _ = writeln!(out, "excluded");
                for c in &self.evaluation.failed {
                    let _ = writeln!(out, "  {}: {}", c.name(), c.describe());
                }
                let _ = writeln!(out, "scores it would have had:");
            }
        }
        let _ = writeln!(
            out,
            "combined {:.4} = mentee view {:.4} + {} × ({role} view {:.4} − {:.4})",
            score.combined,
            score.mentee_view,
            score.view_weight(),
            score.mentor_view,
            score.mentee_view
        );
        let _ = writeln!(
            out,
            "\n{:<14} {:>7} {:>8} {:>8} {:>8} {:>8}",
            "criterion", "weight", "mentee", "contrib", role, "contrib"
        );
        for c in score.criteria() {
            let _ = writeln!(
                out,
                "{:<14} {:>7.3} {:>8.4} {:>8.4} {:>8.4} {:>8.4}",
                c.name,
                c.weight,
                c.mentee_value,
                c.mentee_contribution(),
                c.mentor_value,
                c.mentor_contribution()
            );
        }
        let _ = writeln!(
            out,
            "{:<14} {:>7} {:>8} {:>8.4} {:>8} {:>8.4}",
            "total", "", "", score.mentee_view, "", score.mentor_view
        );
        out
    }
}

/// An [`Explanation`] by external ids: the JSON of `mentormatch explain
/// --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplanationReport {
    /// `"mentor"` or `"sponsor"`.
    pub role: String,
    /// The person seeking.
    pub mentee: String,
    /// The mentor or sponsor.
    pub mentor: String,
    /// Whether the pair passes every hard constraint.
    pub feasible: bool,
    /// The constraints it fails, in attribution order.
    pub failed: Vec<FailedConstraint>,
    /// The combined score, and each view.
    pub combined: f64,
    /// The mentee's view.
    pub mentee_view: f64,
    /// The mentor's (or sponsor's) view.
    pub mentor_view: f64,
    /// The mentor view's share of `combined`.
    pub mentor_view_weight: f64,
    /// Every criterion, in summation order.
    pub criteria: Vec<CriterionReport>,
    /// Each criterion's value blended like the views, by name.
    pub components: BTreeMap<String, f64>,
    /// Where the pair ranks; `null` when a hard constraint excludes it.
    pub rank: Option<RankReport>,
    /// With an earlier run: the pair held against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<WhyNot>,
}

/// A failed hard constraint of an [`ExplanationReport`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailedConstraint {
    /// Its code, e.g. `"blocked"`.
    pub constraint: String,
    /// What it means.
    pub reason: String,
}

/// One criterion of an [`ExplanationReport`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionReport {
    /// Its name.
    pub name: String,
    /// Its weight.
    pub weight: f64,
    /// Its value in the mentee's view.
    pub mentee_value: f64,
    /// `weight × mentee_value`.
    pub mentee_contribution: f64,
    /// Its value in the mentor's view.
    pub mentor_value: f64,
    /// `weight × mentor_value`.
    pub mentor_contribution: f64,
}

/// The [`Rank`] of an [`ExplanationReport`], with whether it is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankReport {
    /// 1 for the best candidate.
    pub position: usize,
    /// How many feasible pairs the mentee has.
    pub feasible: usize,
    /// The configured `max_candidates` (0 = keep all).
    pub max_candidates: usize,
    /// Whether the pair is among the candidates kept for assignment.
    pub kept: bool,
}

/// A feasible pair's place among all the mentee's feasible pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank {
    /// 1 for the best candidate (by combined score, then mentor id).
    pub position: usize,
    /// How many feasible pairs the mentee has.
    pub feasible: usize,
    /// The configured `max_candidates` (0 = keep all).
    pub max_candidates: usize,
}

impl Rank {
    /// Whether the pair is among the candidates kept for assignment.
    pub fn is_kept(&self) -> bool {
        self.max_candidates == 0 || self.position <= self.max_candidates
    }
}

/// Explains a mentor pair: the hard constraints it fails, or how each
/// criterion scored in both views and the pair's rank among the mentee's
/// candidates.
///
/// # Arguments
/// - `network`, `config`: as for [`crate::candidates`].
/// - `mentee`, `mentor`: the pair, in either role whatever the data says
///   (a pair the data rules out is explained by its failed constraints).
///
/// # Returns
/// An [`Explanation`]; its scores equal the ones [`crate::candidates`] gives.
///
/// # Complexity
/// Builds the scorer (`O(V + E)`) and scores the mentee's candidates once
/// to rank the pair.
///
/// # Errors
/// [`Error::Invalid`](crate::Error::Invalid) (file `config`) when `config`
/// is out of range (see [`Config::validate`]);
/// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when an id is not
/// from `network`.
///
/// # Example
/// Linus is Ada's manager: the best Rust mentor around, and excluded.
/// ```
/// use mentormatch::{explain, load, Config, Constraint};
///
/// let network = load("data/story.json", &Default::default())?;
/// let ada = network.person_id("ada").unwrap();
/// let linus = network.person_id("linus").unwrap();
/// let why = explain(&network, &Config::default(), ada, linus)?;
/// assert_eq!(why.evaluation.failed, vec![Constraint::SameReportingChain]);
/// assert_eq!(why.rank, None);
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn explain(
    network: &Network,
    config: &Config,
    mentee: PersonId,
    mentor: PersonId,
) -> Result<Explanation> {
    let scorer = MentorScorer::new(network, config)?;
    let evaluation = scorer.evaluate(mentee, mentor)?;
    let rank = rank(&scorer, mentee, mentor, &evaluation);
    Ok(Explanation {
        role: Role::Mentor,
        mentee,
        partner: mentor,
        evaluation,
        rank,
    })
}

/// Explains a sponsor pair, as [`explain`] does a mentor pair.
///
/// # Errors
/// As [`explain`].
pub fn explain_sponsor(
    network: &Network,
    config: &Config,
    person: PersonId,
    sponsor: PersonId,
) -> Result<Explanation> {
    let scorer = SponsorScorer::new(network, config)?;
    let evaluation = scorer.evaluate(person, sponsor)?;
    let rank = rank(&scorer, person, sponsor, &evaluation);
    Ok(Explanation {
        role: Role::Sponsor,
        mentee: person,
        partner: sponsor,
        evaluation,
        rank,
    })
}

fn rank<E: Engine>(e: &E, mentee: PersonId, mentor: PersonId, ev: &Evaluation) -> Option<Rank> {
    if !ev.is_feasible() {
        return None;
    }
    let mut scratch = e.new_scratch();
    let all = for_mentee(e, &mut scratch, mentee, 0).kept;
    let me = Candidate {
        partner: mentor,
        combined: ev.score.combined,
        mentee_view: ev.score.mentee_view,
        partner_view: ev.score.mentor_view,
    };
    debug_assert!(all.contains(&me), "a feasible pair is always proposed");
    let ahead = all
        .iter()
        .filter(|c| {
            c.combined > me.combined || (c.combined == me.combined && c.partner < me.partner)
        })
        .count();
    Some(Rank {
        position: ahead + 1,
        feasible: all.len(),
        max_candidates: e.max_candidates(),
    })
}
