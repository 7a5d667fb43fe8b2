//! Pinned pairs: `[assign] pinned`, resolved and checked, in the one form
//! the assignment honours them.

use std::collections::HashMap;

use crate::candidates::Candidate;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::PersonId;
use crate::network::Network;
use crate::score::{Evaluation, MentorScorer};

/// Where a pinned pair came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// The pinned pairs of `[assign] pinned`, resolved and checked: known people,
/// every hard constraint passed, capacities respected.
pub(super) fn pinned_pairs(
    network: &Network,
    config: &Config,
    scorer: &MentorScorer,
) -> Result<Vec<Pin>> {
    let settings = &config.assign;
    let mut out = Vec::with_capacity(settings.pinned.len());
    let mut per_mentee: HashMap<PersonId, u32> = HashMap::new();
    let mut per_mentor: HashMap<PersonId, u32> = HashMap::new();
    for (i, pair) in settings.pinned.iter().enumerate() {
        let [mentee, mentor] = pair.as_slice() else {
            // A Config built in code has not been through `validate`.
            return Err(Error::invalid(
                "config",
                format!("[assign] pinned[{i}]"),
                "",
                format!("{pair:?}"),
                "a pinned pair is [\"mentee\", \"mentor\"]: exactly two ids",
            ));
        };
        let bad = |reason: String| {
            Error::invalid(
                "config",
                format!("[assign] pinned[{i}]"),
                "",
                format!("[{mentee:?}, {mentor:?}]"),
                reason,
            )
        };
        let find = |id: &str| {
            network
                .person_id(id)
                .ok_or_else(|| bad(format!("unknown person id {id:?}")))
        };
        let (a, b) = (find(mentee)?, find(mentor)?);
        let Evaluation { failed, score } = scorer.evaluate(a, b);
        // A pinned pair is an admin's decision: its score is no reason to
        // refuse it, every other hard constraint is.
        let failed: Vec<_> = failed
            .into_iter()
            .filter(|c| c.name() != "below_min_score")
            .collect();
        if !failed.is_empty() {
            let names: Vec<&str> = failed.iter().map(|c| c.name()).collect();
            return Err(bad(format!("fails hard constraints: {}", names.join(", "))));
        }
        if out
            .iter()
            .any(|pin: &Pin| (pin.mentee, pin.partner) == (a, b))
        {
            return Err(bad("pinned twice".into()));
        }
        let n = per_mentee.entry(a).or_default();
        *n += 1;
        if *n > settings.mentors_per_mentee {
            return Err(bad(format!(
                "more pinned mentors for {mentee:?} than mentors_per_mentee = {}",
                settings.mentors_per_mentee
            )));
        }
        let n = per_mentor.entry(b).or_default();
        *n += 1;
        if *n > network.person(b).mentor_capacity {
            return Err(bad(format!(
                "more pinned mentees for {mentor:?} than their mentor_capacity = {}",
                network.person(b).mentor_capacity
            )));
        }
        out.push(Pin {
            mentee: a,
            partner: b,
            candidate: Candidate {
                mentor: b,
                combined: score.combined,
                mentee_view: score.mentee_view,
                mentor_view: score.mentor_view,
            },
            origin: PinOrigin::Config,
        });
    }
    Ok(out)
}
