//! Pinned pairs: `[assign] pinned`, resolved and checked, in the one form
//! the assignment honours them.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::model::PersonId;
use crate::network::Network;
use crate::score::candidates::Candidate;
use crate::score::{Constraint, Evaluation, MentorScorer};

/// Where a pinned pair came from: `"config"` or `"previous"` in JSON.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PinOrigin {
    /// `[assign] pinned` in the configuration.
    Config,
    /// A pair of the previous run, kept (`match --previous`).
    Previous,
}

/// A pair every policy must choose.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Pin {
    pub mentee: PersonId,
    pub partner: PersonId,
    /// The pair's scores, as a candidate.
    pub candidate: Candidate,
    pub origin: PinOrigin,
}

impl Pin {
    /// The pin of `mentee` with `partner`, scored by `evaluation`.
    pub(super) fn new(
        mentee: PersonId,
        partner: PersonId,
        evaluation: &Evaluation,
        origin: PinOrigin,
    ) -> Pin {
        let score = &evaluation.score;
        Pin {
            mentee,
            partner,
            candidate: Candidate {
                partner,
                combined: score.combined,
                mentee_view: score.mentee_view,
                partner_view: score.mentor_view,
            },
            origin,
        }
    }
}

/// The hard constraints a pair fails that a pin may not: all but
/// `below_min_score`. A pinned pair is an admin's decision (or a live
/// relationship kept), so its score is no reason to refuse it; every other
/// hard constraint is.
pub(super) fn unpinnable(evaluation: &Evaluation) -> Vec<Constraint> {
    evaluation
        .failed
        .iter()
        .copied()
        .filter(|&c| c != Constraint::BelowMinScore)
        .collect()
}

/// The pairs of `[assign] KEY` (`pinned` or `forbidden`) of a validated
/// configuration, resolved to people, in the order written.
///
/// # Errors
/// [`Error::Invalid`] (file `config`, record `[assign] KEY[i]`, the pair as
/// the value) for a pair that names an unknown person.
fn resolve(
    network: &Network,
    key: &str,
    pairs: &[Vec<String>],
) -> Result<Vec<(PersonId, PersonId)>> {
    let mut out = Vec::with_capacity(pairs.len());
    for (i, pair) in pairs.iter().enumerate() {
        let [mentee, mentor] = pair.as_slice() else {
            unreachable!("Config::validate refuses a {key} pair that is not two ids");
        };
        let find = |id: &str| {
            network.person_id(id).ok_or_else(|| {
                let reason = format!("unknown person id {id:?}");
                invalid(ErrorKind::UnknownId, key, i, pair, reason)
            })
        };
        out.push((find(mentee)?, find(mentor)?));
    }
    Ok(out)
}

/// The error for pair `i` of `[assign] KEY`.
fn invalid(kind: ErrorKind, key: &str, i: usize, pair: &[String], reason: String) -> Error {
    Error::invalid(
        kind,
        "config",
        format!("[assign] {key}[{i}]"),
        "",
        format!("{pair:?}"),
        reason,
    )
}

/// The mentor pairs of `[assign] forbidden`, resolved.
///
/// # Errors
/// As [`resolve`].
pub(super) fn forbidden_pairs(
    network: &Network,
    config: &Config,
) -> Result<HashSet<(PersonId, PersonId)>> {
    Ok(resolve(network, "forbidden", &config.assign.forbidden)?
        .into_iter()
        .collect())
}

/// The pinned pairs of `[assign] pinned`, resolved and checked: known
/// people, not forbidden, every hard constraint passed, capacities
/// respected.
///
/// # Errors
/// [`Error::Invalid`] (file `config`, record `[assign] pinned[i]`) naming
/// the pair and what is wrong with it.
pub(super) fn pinned_pairs(
    network: &Network,
    config: &Config,
    scorer: &MentorScorer,
    forbidden: &HashSet<(PersonId, PersonId)>,
) -> Result<Vec<Pin>> {
    let settings = &config.assign;
    let resolved = resolve(network, "pinned", &settings.pinned)?;
    let mut out: Vec<Pin> = Vec::with_capacity(resolved.len());
    let mut per_mentee: HashMap<PersonId, u32> = HashMap::new();
    let mut per_mentor: HashMap<PersonId, u32> = HashMap::new();
    for (i, (pair, &(a, b))) in settings.pinned.iter().zip(&resolved).enumerate() {
        let bad = |kind: ErrorKind, reason: String| invalid(kind, "pinned", i, pair, reason);
        let (mentee, mentor) = (&pair[0], &pair[1]);
        if forbidden.contains(&(a, b)) {
            return Err(bad(
                ErrorKind::Conflict,
                "also in [assign] forbidden".into(),
            ));
        }
        let evaluation = scorer.evaluate_known(a, b);
        let failed = unpinnable(&evaluation);
        if !failed.is_empty() {
            let names: Vec<&str> = failed.iter().map(|c| c.name()).collect();
            let reason = format!("fails hard constraints: {}", names.join(", "));
            return Err(bad(ErrorKind::Conflict, reason));
        }
        if out.iter().any(|pin| (pin.mentee, pin.partner) == (a, b)) {
            return Err(bad(ErrorKind::Duplicate, "pinned twice".into()));
        }
        let n = per_mentee.entry(a).or_default();
        *n += 1;
        if *n > settings.mentors_per_mentee {
            return Err(bad(
                ErrorKind::Capacity,
                format!(
                    "more pinned mentors for {mentee:?} than mentors_per_mentee = {}",
                    settings.mentors_per_mentee
                ),
            ));
        }
        let n = per_mentor.entry(b).or_default();
        *n += 1;
        if *n > network.at(b).mentor_capacity {
            return Err(bad(
                ErrorKind::Capacity,
                format!(
                    "more pinned mentees for {mentor:?} than their mentor_capacity = {}",
                    network.at(b).mentor_capacity
                ),
            ));
        }
        out.push(Pin::new(a, b, &evaluation, PinOrigin::Config));
    }
    Ok(out)
}
