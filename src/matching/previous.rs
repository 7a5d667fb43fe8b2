//! Next quarter: an earlier run's pairs read back ([`PreviousRun`]), kept
//! as pins unless a person left, lost capacity, no longer seeks, or the
//! pair is now forbidden or fails a hard constraint ([`Dropped`]), and the
//! kept / added / dropped accounting of the new run ([`PreviousSummary`]).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::pins::{unpinnable, Pin, PinOrigin};
use super::recorded::RunJson;
use super::words::count;
use crate::error::Result;
use crate::model::{Outcome, PersonId, Role};
use crate::network::Network;
use crate::records::HistoryRecord;
use crate::score::{Constraint, Evaluation};

/// The pairs of an earlier `mentormatch match` JSON output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviousRun {
    /// `mentor_matches`: (mentee, mentor) ids, in file order.
    pub mentor: Vec<(String, String)>,
    /// `sponsor_matches`: (person, sponsor) ids, in file order.
    pub sponsor: Vec<(String, String)>,
}

impl PreviousRun {
    /// Reads the pairs of a `match` JSON output; `file` names it in errors.
    /// Only `mentor_matches[i].mentee` / `.mentor` and
    /// `sponsor_matches[i].mentee` / `.sponsor` are read; other fields are
    /// ignored, so outputs of earlier versions read too.
    ///
    /// # Errors
    /// [`Error::Invalid`](crate::Error::Invalid) naming `file`, the record (`mentor_matches[3]`),
    /// the field and the value: text that is not JSON, a missing list, a
    /// match without its ids, an id that is not text, a pair listed twice.
    ///
    /// # Example
    /// ```
    /// use mentormatch::PreviousRun;
    ///
    /// let run = PreviousRun::from_json(
    ///     r#"{"mentor_matches": [{"mentee": "ada", "mentor": "kofi"}], "sponsor_matches": []}"#,
    ///     "q1.json",
    /// )?;
    /// assert_eq!(run.mentor, [("ada".to_string(), "kofi".to_string())]);
    /// let bad = PreviousRun::from_json(r#"{"mentor_matches": [{"mentee": 7}]}"#, "q1.json");
    /// assert_eq!(
    ///     bad.unwrap_err().to_string(),
    ///     "q1.json: mentor_matches[0]: mentee = 7: expected a person id (text)"
    /// );
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn from_json(text: &str, file: &str) -> Result<PreviousRun> {
        let json = RunJson::parse(text, file)?;
        let ids = |list: &str, partner: &str| -> Result<Vec<(String, String)>> {
            Ok(json
                .pairs(list, partner)?
                .into_iter()
                .map(|(mentee, partner, _)| (mentee, partner))
                .collect())
        };
        Ok(PreviousRun {
            mentor: ids("mentor_matches", "mentor")?,
            sponsor: ids("sponsor_matches", "sponsor")?,
        })
    }

    /// The run's pairs as `history` records for the next dataset
    /// (`mentormatch history`): mentor pairs then sponsor pairs, in file
    /// order, each with outcome `neutral` (edit it to what happened).
    pub fn history(&self) -> Vec<HistoryRecord> {
        let records = |pairs: &[(String, String)], kind: Role| {
            pairs
                .iter()
                .map(|(mentee, partner)| HistoryRecord {
                    mentee: mentee.clone(),
                    mentor: partner.clone(),
                    kind,
                    outcome: Outcome::Neutral,
                })
                .collect::<Vec<_>>()
        };
        let mut out = records(&self.mentor, Role::Mentor);
        out.extend(records(&self.sponsor, Role::Sponsor));
        out
    }

    /// The pairs of `role`.
    pub(super) fn pairs(&self, role: Role) -> &[(String, String)] {
        match role {
            Role::Mentor => &self.mentor,
            Role::Sponsor => &self.sponsor,
        }
    }
}

/// What a new run does with the previous run's pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Carry {
    /// Keep every pair that still may be (`match --previous`): it is
    /// pinned, and the rest is optimised around it.
    #[default]
    Keep,
    /// Match everyone afresh (`match --previous RUN --rematch`): the
    /// previous pairs only feed the kept / added / dropped accounting.
    Rematch,
}

/// A previous run and what to do with it (see
/// [`match_next`](crate::match_next)).
#[derive(Debug, Clone, Copy)]
pub struct Previous<'a> {
    /// The earlier run's pairs.
    pub run: &'a PreviousRun,
    /// Keep them, or rematch.
    pub carry: Carry,
}

/// Why a pair of the previous run is not in the new one. Serialised as a
/// map: its stable [`code`](Dropped::code) under `reason`, then the
/// variant's fields (`person`, `failed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Dropped {
    /// `left`: this person is no longer in the data.
    Left {
        /// Their id.
        person: String,
    },
    /// `no_longer_seeks`: the mentee no longer seeks the role.
    NoLongerSeeks,
    /// `no_capacity`: the partner no longer offers the role (capacity 0).
    NoCapacity,
    /// `forbidden`: the pair is in `[assign] forbidden`.
    Forbidden,
    /// `constraints`: the pair now fails these hard constraints.
    Constraints {
        /// The constraints, in attribution order.
        failed: Vec<Constraint>,
    },
    /// `over_capacity`: the partner's capacity is now taken by pinned
    /// pairs and better-scoring kept pairs.
    OverCapacity,
    /// `over_limit`: the mentee already has `mentors_per_mentee`
    /// (`sponsors_per_mentee`) pinned or better-scoring kept partners.
    OverLimit,
    /// `rematched`: under `--rematch`, the new run chose otherwise.
    Rematched,
}

impl Dropped {
    /// The stable code: `left`, `no_longer_seeks`, `no_capacity`,
    /// `forbidden`, `constraints`, `over_capacity`, `over_limit` or
    /// `rematched`.
    pub fn code(&self) -> &'static str {
        match self {
            Dropped::Left { .. } => "left",
            Dropped::NoLongerSeeks => "no_longer_seeks",
            Dropped::NoCapacity => "no_capacity",
            Dropped::Forbidden => "forbidden",
            Dropped::Constraints { .. } => "constraints",
            Dropped::OverCapacity => "over_capacity",
            Dropped::OverLimit => "over_limit",
            Dropped::Rematched => "rematched",
        }
    }

    /// The sentence for a dropped pair of `role`.
    pub fn describe(&self, role: Role) -> String {
        match self {
            Dropped::Left { person } => format!("{person} is no longer in the data"),
            Dropped::NoLongerSeeks => format!("the mentee no longer seeks a {role}"),
            Dropped::NoCapacity => format!("the {role} no longer offers {role} capacity"),
            Dropped::Forbidden => "the pair is in [assign] forbidden".to_string(),
            Dropped::Constraints { failed } => {
                let names: Vec<&str> = failed.iter().map(|c| c.name()).collect();
                format!("the pair now fails hard constraints: {}", names.join(", "))
            }
            Dropped::OverCapacity => format!(
                "the {role}'s capacity is taken by pinned pairs and better-scoring kept pairs"
            ),
            Dropped::OverLimit => format!(
                "the mentee already has as many pinned or better-scoring kept {role}s as \
                 [assign] allows"
            ),
            Dropped::Rematched => "rematched: the new run chose otherwise".to_string(),
        }
    }
}

/// A pair of the previous run that is not in this one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DroppedPair {
    /// `"mentor"` or `"sponsor"`.
    pub relationship: Role,
    /// The mentee's id.
    pub mentee: String,
    /// The mentor's or sponsor's id.
    pub partner: String,
    /// Why: in JSON, `reason` holds the stable code (see [`Dropped::code`])
    /// and the variant's fields sit beside it.
    #[serde(flatten)]
    pub reason: Dropped,
    /// The reason as a sentence.
    pub message: String,
}

/// `summary.previous`: what became of the previous run's pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousSummary {
    /// Whether the run rematched everyone (`--rematch`) instead of keeping
    /// the previous pairs.
    pub rematch: bool,
    /// Previous pairs in this run too (mentor and sponsor).
    pub kept: usize,
    /// Pairs of this run that were not in the previous one.
    pub added: usize,
    /// Previous pairs not in this run.
    pub dropped: usize,
    /// Each dropped pair and why: mentor pairs then sponsor pairs, each by
    /// mentee then partner id.
    pub dropped_pairs: Vec<DroppedPair>,
}

/// Whether each pair has the warm path a sponsorship needs.
pub(super) type TrustCheck<'a> = dyn Fn(&[(PersonId, PersonId)]) -> Vec<bool> + 'a;

/// What decides whether a previous pair of one role may stay.
#[derive(Clone, Copy)]
pub(super) struct Rules<'a> {
    pub role: Role,
    /// `mentors_per_mentee` or `sponsors_per_mentee`.
    pub per_mentee: u32,
    /// The configuration's pins of the role, which come first.
    pub pinned: &'a [Pin],
    /// `[assign] forbidden` (mentor pairs).
    pub forbidden: &'a HashSet<(PersonId, PersonId)>,
    /// Scores a pair in the role: its failed constraints and scores.
    pub evaluate: &'a dyn Fn(PersonId, PersonId) -> Evaluation,
    /// Confirms the warm path a kept sponsorship needs.
    pub trusted: &'a TrustCheck<'a>,
}

/// One role's previous pairs, resolved: those kept as pins (with
/// `--rematch`: those that could have been) and those dropped, with why.
pub(super) struct Carried {
    pub pins: Vec<Pin>,
    pub dropped: Vec<DroppedPair>,
}

/// Resolves `role`'s previous pairs against the network: each is dropped
/// for the first reason that applies (a person left, the mentee no longer
/// seeks, the partner no longer offers, forbidden, a hard constraint, then
/// capacities), else kept as a pin. Capacities left by `pinned` (the
/// configuration's pins) go to kept pairs best score first, equal scores
/// by mentee then partner id.
///
pub(super) fn carry(network: &Network, run: &PreviousRun, rules: &Rules) -> Carried {
    let Rules {
        role,
        per_mentee,
        pinned,
        forbidden,
        evaluate,
        trusted,
    } = *rules;
    let mut dropped = Vec::new();
    let mut drop = |mentee: &str, partner: &str, reason: Dropped| {
        dropped.push(DroppedPair {
            relationship: role,
            mentee: mentee.to_string(),
            partner: partner.to_string(),
            message: reason.describe(role),
            reason,
        })
    };
    let mut possible: Vec<(PersonId, PersonId, Evaluation)> = Vec::new();
    for (mentee, partner) in run.pairs(role) {
        let (Some(a), Some(b)) = (network.person_id(mentee), network.person_id(partner)) else {
            let gone = if network.person_id(mentee).is_none() {
                mentee
            } else {
                partner
            };
            drop(
                mentee,
                partner,
                Dropped::Left {
                    person: gone.clone(),
                },
            );
            continue;
        };
        if !network.at(a).seeks(role) {
            drop(mentee, partner, Dropped::NoLongerSeeks);
        } else if network.at(b).capacity(role) == 0 {
            drop(mentee, partner, Dropped::NoCapacity);
        } else if forbidden.contains(&(a, b)) {
            drop(mentee, partner, Dropped::Forbidden);
        } else {
            let evaluation = evaluate(a, b);
            // As for pinned pairs, the score is no reason to drop a live
            // relationship; every other hard constraint is.
            let failed = unpinnable(&evaluation);
            if failed.is_empty() {
                possible.push((a, b, evaluation));
            } else {
                drop(mentee, partner, Dropped::Constraints { failed });
            }
        }
    }
    // The trust a sponsorship needs, by the exact path search.
    let pairs: Vec<(PersonId, PersonId)> = possible.iter().map(|&(a, b, _)| (a, b)).collect();
    let reachable = trusted(&pairs);
    let mut checked = Vec::with_capacity(possible.len());
    for ((a, b, evaluation), ok) in possible.into_iter().zip(reachable) {
        if ok {
            checked.push((a, b, evaluation));
        } else {
            let (mentee, partner) = (&network.at(a).id, &network.at(b).id);
            drop(
                mentee,
                partner,
                Dropped::Constraints {
                    failed: vec![Constraint::NoTrustPath],
                },
            );
        }
    }
    sort_kept(network, &mut checked);
    let mut got: HashMap<PersonId, u32> = HashMap::new();
    let mut taken: HashMap<PersonId, u32> = HashMap::new();
    let configured: HashSet<(PersonId, PersonId)> =
        pinned.iter().map(|p| (p.mentee, p.partner)).collect();
    for pin in pinned {
        *got.entry(pin.mentee).or_default() += 1;
        *taken.entry(pin.partner).or_default() += 1;
    }
    let mut pins = Vec::new();
    for (a, b, evaluation) in checked {
        if configured.contains(&(a, b)) {
            // Pinned by the configuration already: kept, and counted once.
            continue;
        }
        let (mentee, partner) = (&network.at(a).id, &network.at(b).id);
        if got.get(&a).copied().unwrap_or(0) >= per_mentee {
            drop(mentee, partner, Dropped::OverLimit);
        } else if taken.get(&b).copied().unwrap_or(0) >= network.at(b).capacity(role) {
            drop(mentee, partner, Dropped::OverCapacity);
        } else {
            *got.entry(a).or_default() += 1;
            *taken.entry(b).or_default() += 1;
            pins.push(Pin::new(a, b, &evaluation, PinOrigin::Previous));
        }
    }
    Carried { pins, dropped }
}

/// Orders previous pairs as they become pins: best score first, equal
/// scores by mentee then partner id. `explain --run` re-creates a run's
/// pins in this order, so the re-solve builds the very problem the run
/// solved.
pub(super) fn sort_kept(network: &Network, pairs: &mut [(PersonId, PersonId, Evaluation)]) {
    pairs.sort_by(|x, y| {
        y.2.score
            .combined
            .total_cmp(&x.2.score.combined)
            .then_with(|| network.at(x.0).id.cmp(&network.at(y.0).id))
            .then_with(|| network.at(x.1).id.cmp(&network.at(y.1).id))
    });
}

/// The accounting of both roles: `previous` against this run's `current`
/// pairs (external ids), with the drops [`carry`] found. A previous pair
/// absent from this run for no reason found there was rematched.
pub(super) fn summary(
    run: &PreviousRun,
    carry: Carry,
    current: [&[(String, String)]; 2],
    mut dropped: Vec<DroppedPair>,
) -> PreviousSummary {
    let (mut kept, mut added) = (0, 0);
    let known: HashSet<(Role, &str, &str)> = dropped
        .iter()
        .map(|d| (d.relationship, d.mentee.as_str(), d.partner.as_str()))
        .collect();
    let mut rematched = Vec::new();
    for (role, now) in Role::ALL.into_iter().zip(current) {
        let before: HashSet<&(String, String)> = run.pairs(role).iter().collect();
        let after: HashSet<&(String, String)> = now.iter().collect();
        kept += before.intersection(&after).count();
        added += after.difference(&before).count();
        for (mentee, partner) in run.pairs(role) {
            let pair = (mentee.clone(), partner.clone());
            if !after.contains(&pair) && !known.contains(&(role, mentee, partner)) {
                rematched.push(DroppedPair {
                    relationship: role,
                    mentee: mentee.clone(),
                    partner: partner.clone(),
                    reason: Dropped::Rematched,
                    message: Dropped::Rematched.describe(role),
                });
            }
        }
    }
    // In keep mode every pair not dropped is pinned, so it is in the run;
    // under `--rematch` the drops found still say why a pair could not stay.
    dropped.retain(|d| {
        let pair = (d.mentee.clone(), d.partner.clone());
        let now = current[usize::from(d.relationship == Role::Sponsor)];
        !now.contains(&pair)
    });
    dropped.extend(rematched);
    dropped.sort_by(|a, b| {
        (a.relationship, &a.mentee, &a.partner).cmp(&(b.relationship, &b.mentee, &b.partner))
    });
    PreviousSummary {
        rematch: carry == Carry::Rematch,
        kept,
        added,
        dropped: dropped.len(),
        dropped_pairs: dropped,
    }
}

/// "3 kept, 5 added, 2 dropped": the accounting in a few words.
impl PreviousSummary {
    /// The accounting as a sentence.
    pub fn describe(&self) -> String {
        format!(
            "of the previous run's pairs {} kept and {} dropped; {} added",
            count(self.kept as u64, "was", "were"),
            self.dropped,
            count(self.added as u64, "pair", "pairs"),
        )
    }
}
