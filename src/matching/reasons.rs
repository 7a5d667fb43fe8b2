//! Why someone seeking a mentor or sponsor got none: [`Reason`], a typed
//! cause with a stable code, and the sentence each unmatched person's
//! `message` holds (the library writes it; the CLI only prints it).

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::pins::{Pin, PinOrigin};
use super::shortfall::{GoalDemand, RoleDemand, Shortfall};
use super::words::count;
use super::{external, RoleOutcome};
use crate::assign::Policy;
use crate::model::{PersonId, Role};
use crate::network::Network;
use crate::score::candidates::Candidates;
use crate::score::{Constraint, Rejections};

/// Someone who sought a mentor or sponsor and got none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unmatched {
    /// Their id.
    pub person: String,
    /// What they sought: `"mentor"` or `"sponsor"`.
    pub seeking: Role,
    /// Why: in JSON, `reason` holds the stable code (see [`Reason::code`]):
    /// `no_capacity`, `no_goals`, `constraints`, `forbidden`,
    /// `no_trust_path`, `candidates_full` or `not_chosen`, and the
    /// variant's fields sit beside it (`excluded`, `candidates`, `policy`,
    /// `pinned`, `goals`, `overall`, ...), so a report read back holds the
    /// same typed reason.
    #[serde(flatten)]
    pub reason: Reason,
    /// The reason as a sentence: which hard constraint removed every
    /// candidate, or that every candidate is full (naming the pinned pairs
    /// holding their places), with demand against capacity for their goals
    /// at the levels they seek.
    pub message: String,
}

/// Why someone seeking a partner got none. Serialised as a map: its stable
/// [`code`](Reason::code) under `reason`, then the variant's fields;
/// [`Reason::describe`] is the sentence for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// `no_capacity`: nobody else offers the role.
    NoCapacity,
    /// `no_goals`: they list no goals, and no partner passed the hard
    /// constraints (with no goal, skill-based constraints exclude
    /// everyone).
    NoGoals {
        /// How many people each constraint excluded.
        excluded: Exclusions,
    },
    /// `constraints`: no partner passed the hard constraints.
    Constraints {
        /// How many people each constraint excluded.
        excluded: Exclusions,
    },
    /// `forbidden`: every partner who passed the hard constraints is
    /// forbidden with them by `[assign] forbidden`.
    Forbidden {
        /// Their forbidden pairs that would otherwise be candidates.
        pairs: usize,
    },
    /// `no_trust_path` (sponsors): every warm path to every candidate runs
    /// through someone the sponsor blocks or is blocked by.
    NoTrustPath {
        /// The sponsor candidates scoring found.
        candidates: usize,
        /// The hop limit of the path search (`[intro] max_hops`).
        max_hops: u32,
    },
    /// `candidates_full`: every candidate's places went to other pairs,
    /// and no partner with a free place passes the hard constraints with
    /// them.
    CandidatesFull {
        /// Their candidates.
        candidates: usize,
        /// The places their candidates offer in all.
        places: u64,
        /// The policy that chose the other pairs.
        policy: Policy,
        /// How many pinned pairs (`[assign] pinned`, or kept from the
        /// previous run) hold places of their candidates.
        pinned_count: usize,
        /// The first [`NAMED_PINS`] of them, by partner then mentee id.
        pinned: Vec<PinnedPlace>,
        /// Their pairs removed by `[assign] forbidden` (mentors only).
        forbidden: usize,
        /// Demand against capacity for each of their goals (mentors only).
        goals: Vec<Shortfall>,
        /// Demand against capacity for the role overall.
        overall: RoleDemand,
    },
    /// `not_chosen`: some candidates still have room, but pairing with them
    /// would not raise the policy's objective (a score of 0 or below under
    /// `optimal`).
    NotChosen {
        /// Candidates with a free place.
        free: usize,
        /// Their candidates.
        candidates: usize,
        /// The best score among the free ones.
        best: f64,
        /// The policy.
        policy: Policy,
    },
}

/// The most pinned pairs a reason names: with a previous run, most places
/// may be pinned, and a reason listing every one of fifty full candidates'
/// pins would outgrow the report.
pub const NAMED_PINS: usize = 5;

/// A pinned pair holding a place an unmatched person could have had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinnedPlace {
    /// The pinned mentee's id.
    pub mentee: String,
    /// The partner's id.
    pub partner: String,
    /// Where the pin came from.
    pub origin: PinOrigin,
}

/// How many people each hard constraint excluded first, in attribution
/// order, and how many offer the role at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusions {
    /// People other than the seeker offering the role.
    pub offering: u64,
    /// Each constraint that excluded someone, with the count.
    pub counts: Vec<(Constraint, u32)>,
}

impl Exclusions {
    fn new(rejections: &Rejections) -> Exclusions {
        // People who offer nothing are a fact about the network, not a
        // reason about this person: they are left out of the counts.
        let counts: Vec<(Constraint, u32)> = rejections
            .iter()
            .filter(|(c, _)| !is_capacity(*c))
            .collect();
        Exclusions {
            offering: counts.iter().map(|&(_, n)| u64::from(n)).sum(),
            counts,
        }
    }

    fn describe(&self, role: Role) -> String {
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(c, n)| format!("{} excluded {n} ({})", c.name(), c.describe()))
            .collect();
        format!(
            "no {role} passed the hard constraints: of the {} other people offering to be a \
             {role}, {}",
            self.offering,
            parts.join(", ")
        )
    }
}

fn is_capacity(c: Constraint) -> bool {
    matches!(
        c,
        Constraint::NoMentorCapacity | Constraint::NoSponsorCapacity
    )
}

impl Reason {
    /// Every code, in the order of the variants.
    pub const CODES: [&'static str; 7] = [
        "no_capacity",
        "no_goals",
        "constraints",
        "forbidden",
        "no_trust_path",
        "candidates_full",
        "not_chosen",
    ];

    /// The stable code: `no_capacity`, `no_goals`, `constraints`,
    /// `forbidden`, `no_trust_path`, `candidates_full` or `not_chosen`.
    pub fn code(&self) -> &'static str {
        let i = match self {
            Reason::NoCapacity => 0,
            Reason::NoGoals { .. } => 1,
            Reason::Constraints { .. } => 2,
            Reason::Forbidden { .. } => 3,
            Reason::NoTrustPath { .. } => 4,
            Reason::CandidatesFull { .. } => 5,
            Reason::NotChosen { .. } => 6,
        };
        Reason::CODES[i]
    }

    /// The sentence for someone seeking `role`.
    pub fn describe(&self, role: Role) -> String {
        match self {
            Reason::NoCapacity => format!("nobody else offers {role} capacity"),
            Reason::NoGoals { excluded } => format!(
                "they list no goals, so no {role} can cover them; {}",
                excluded.describe(role)
            ),
            Reason::Constraints { excluded } => excluded.describe(role),
            Reason::Forbidden { pairs } => format!(
                "every {role} who passes the hard constraints with them is forbidden by \
                 [assign] forbidden ({})",
                count(*pairs as u64, "forbidden pair", "forbidden pairs")
            ),
            Reason::NoTrustPath {
                candidates,
                max_hops,
            } => format!(
                "every warm path within {max_hops} ties to the {candidates} sponsor candidates \
                 runs through someone the sponsor blocks or is blocked by (no_trust_path)"
            ),
            Reason::CandidatesFull {
                candidates,
                places,
                policy,
                pinned_count,
                pinned,
                forbidden,
                goals,
                overall,
            } => {
                let all = match candidates {
                    1 => format!("the only candidate {role} is full"),
                    n => format!("all {n} candidate {role}s are full"),
                };
                // Say what took the places: pins are not chosen by any
                // score, so they are not "chosen instead".
                let chosen = format!("pairs the {} policy chose instead", policy_name(*policy));
                let taken = if *pinned_count == 0 {
                    chosen
                } else if *pinned_count as u64 >= *places {
                    "pinned pairs".to_string()
                } else {
                    format!("pinned pairs and {chosen}")
                };
                let mut text = format!(
                    "{all}, taken by {taken}, and no {role} with a free place passes the hard \
                     constraints with them"
                );
                if *forbidden > 0 {
                    text.push_str(&format!(
                        "; {} with them removed by [assign] forbidden",
                        count(*forbidden as u64, "pair", "pairs")
                    ));
                }
                if !pinned.is_empty() {
                    let pairs: Vec<String> = pinned
                        .iter()
                        .map(|p| {
                            let origin = match p.origin {
                                PinOrigin::Config => "[assign] pinned",
                                PinOrigin::Previous => "kept from the previous run",
                            };
                            format!("{} with {} ({origin})", p.mentee, p.partner)
                        })
                        .collect();
                    let more = if *pinned_count > pinned.len() {
                        format!(" and {} more", pinned_count - pinned.len())
                    } else {
                        String::new()
                    };
                    text.push_str(&format!(
                        "; pinned pairs hold places of their candidates: {}{more}",
                        pairs.join(", ")
                    ));
                }
                if !goals.is_empty() {
                    let goals: Vec<String> = goals
                        .iter()
                        .map(|g| {
                            format!(
                                "{} at level {}: {} seeking, {} with mentors at that level or \
                                 above",
                                g.skill,
                                g.level,
                                g.seeking,
                                count(g.places, "place", "places")
                            )
                        })
                        .collect();
                    text.push_str(&format!(
                        "; demand against capacity for their goals: {}",
                        goals.join(", ")
                    ));
                }
                text.push_str(&format!("; {}", overall.describe(role)));
                text
            }
            Reason::NotChosen {
                free,
                candidates,
                best,
                policy,
            } => format!(
                "{free} of {candidates} candidate {role}s still have room, but pairing with them \
                 would not raise the total score under the {} policy (best remaining score \
                 {best:.3})",
                policy_name(*policy),
            ),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What the reasons of one role need besides the person.
pub(super) struct RoleContext<'a> {
    pub role: Role,
    pub policy: Policy,
    pub candidates: &'a Candidates,
    pub outcome: &'a RoleOutcome,
    /// Per-goal demand (mentors only).
    pub goals: Option<&'a GoalDemand>,
    pub overall: RoleDemand,
    /// Pinned pairs by partner.
    pub pins: HashMap<PersonId, Vec<&'a Pin>>,
    /// Forbidden pairs per mentee (mentors only).
    pub forbidden: HashMap<PersonId, usize>,
}

impl RoleContext<'_> {
    /// Why `person`, left unmatched in this role, got no partner.
    pub(super) fn reason(&self, network: &Network, person: PersonId) -> Reason {
        let role = self.role;
        let own = self.candidates.list(person);
        if own.is_empty() {
            let Some(rejections) = self.candidates.rejections(person) else {
                // They had candidates, and the run removed every one.
                return Reason::Forbidden {
                    pairs: self.forbidden.get(&person).copied().unwrap_or(0),
                };
            };
            let excluded = Exclusions::new(rejections);
            if excluded.offering == 0 {
                return Reason::NoCapacity;
            }
            // The most common cause in real exports, worth its own code.
            if network.at(person).goals.is_empty() {
                return Reason::NoGoals { excluded };
            }
            return Reason::Constraints { excluded };
        }
        let taken = |p: PersonId| self.outcome.taken.get(&p).copied().unwrap_or(0);
        let free: Vec<f64> = own
            .iter()
            .filter(|c| taken(c.partner) < network.at(c.partner).capacity(role))
            .map(|c| c.combined)
            .collect();
        if free.is_empty() {
            // After the fill, no partner with a free place passes the hard
            // constraints with this person: every one who could is full.
            // Their places went to pairs the policy preferred, which may
            // score the same (ties), so "higher-value" would not always be
            // true; pinned pairs are named, since no score chose them.
            let mut pinned: Vec<PinnedPlace> = own
                .iter()
                .flat_map(|c| self.pins.get(&c.partner).into_iter().flatten())
                .map(|pin| PinnedPlace {
                    mentee: external(network, pin.mentee),
                    partner: external(network, pin.partner),
                    origin: pin.origin,
                })
                .collect();
            pinned.sort_by(|a, b| (&a.partner, &a.mentee).cmp(&(&b.partner, &b.mentee)));
            let pinned_count = pinned.len();
            pinned.truncate(NAMED_PINS);
            return Reason::CandidatesFull {
                candidates: own.len(),
                places: own
                    .iter()
                    .map(|c| u64::from(network.at(c.partner).capacity(role)))
                    .sum(),
                policy: self.policy,
                pinned_count,
                pinned,
                forbidden: self.forbidden.get(&person).copied().unwrap_or(0),
                goals: self
                    .goals
                    .map(|g| g.of_person(network, network.at(person)))
                    .unwrap_or_default(),
                overall: self.overall,
            };
        }
        Reason::NotChosen {
            free: free.len(),
            candidates: own.len(),
            best: free.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            policy: self.policy,
        }
    }

    /// The row of `person` in `unmatched`.
    pub(super) fn unmatched(
        &self,
        network: &Network,
        person: PersonId,
        reason: Reason,
    ) -> Unmatched {
        Unmatched {
            person: external(network, person),
            seeking: self.role,
            message: reason.describe(self.role),
            reason,
        }
    }
}

/// The policy's name as configured: `optimal`, `coverage`, ...
pub(crate) fn policy_name(policy: Policy) -> &'static str {
    match policy {
        Policy::Optimal => "optimal",
        Policy::Coverage => "coverage",
        Policy::Stable => "stable",
        Policy::Greedy => "greedy",
    }
}
