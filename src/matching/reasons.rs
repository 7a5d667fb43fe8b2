//! Why someone seeking a mentor or sponsor got none: the sentence each
//! unmatched person's `reason` holds.

use std::collections::HashMap;

use super::{external, RoleOutcome};
use crate::assign::Policy;
use crate::candidates::{Candidate, Candidates};
use crate::model::{Person, PersonId, Role, SkillId};
use crate::network::Network;
use crate::score::{Constraint, Rejections};

use super::report::Unmatched;

/// Demand against capacity per skill: how many seekers have a goal in it,
/// and how many places partners holding it offer.
pub(super) struct Demand {
    seekers: HashMap<SkillId, u64>,
    places: HashMap<SkillId, u64>,
}

impl Demand {
    pub(super) fn new(network: &Network, candidates: &Candidates, role: Role) -> Demand {
        let mut seekers: HashMap<SkillId, u64> = HashMap::new();
        for &m in candidates.mentees() {
            for g in &network.person(m).goals {
                *seekers.entry(g.skill).or_default() += 1;
            }
        }
        let mut places: HashMap<SkillId, u64> = HashMap::new();
        for p in network.people() {
            let cap = u64::from(p.capacity(role));
            if cap > 0 {
                for s in &p.skills {
                    *places.entry(s.skill).or_default() += cap;
                }
            }
        }
        Demand { seekers, places }
    }

    fn describe(&self, network: &Network, person: &Person) -> String {
        person
            .goals
            .iter()
            .map(|g| {
                format!(
                    "{}: {} seeking it, {} places offered by people holding it",
                    network.skill(g.skill).id,
                    self.seekers.get(&g.skill).copied().unwrap_or(0),
                    self.places.get(&g.skill).copied().unwrap_or(0)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(super) fn unmatched_reason(
    network: &Network,
    role: Role,
    policy: Policy,
    candidates: &Candidates,
    outcome: &RoleOutcome,
    demand: &Demand,
    person: PersonId,
) -> String {
    let own = candidates.of(person);
    if own.is_empty() {
        let reason = match candidates.rejections(person) {
            Some(rejections) => no_candidate_reason(role, rejections),
            None => format!("no {role} candidate"),
        };
        // The most common cause in real exports, worth saying first.
        if network.person(person).goals.is_empty() {
            return format!("they list no goals, so no {role} can cover them; {reason}");
        }
        return reason;
    }
    let capacity = |p: PersonId| network.person(p).capacity(role);
    let free: Vec<&Candidate> = own
        .iter()
        .filter(|c| outcome.taken.get(&c.mentor).copied().unwrap_or(0) < capacity(c.mentor))
        .collect();
    let goals = demand.describe(network, network.person(person));
    let demand_note = if goals.is_empty() {
        String::new()
    } else {
        format!("; demand vs capacity for their goals: {goals}")
    };
    if free.is_empty() {
        // After the fill, no partner with a free place passes the hard
        // constraints with this person: every one who could is full. Their
        // places went to pairs the policy preferred, which may score the
        // same (ties), so "higher-value" would not always be true.
        let all = match own.len() {
            1 => format!("the only candidate {role} is full"),
            n => format!("all {n} candidate {role}s are full"),
        };
        return format!(
            "{all}, taken by pairs the {} policy chose instead, and no {role} with a free \
             place passes the hard constraints with them{demand_note}",
            policy_name(policy),
        );
    }
    format!(
        "{} of {} candidate {role}s still have room, but pairing with them would not raise \
         the total score under the {} policy (best remaining score {:.3}){demand_note}",
        free.len(),
        own.len(),
        policy_name(policy),
        free.iter()
            .map(|c| c.combined)
            .fold(f64::NEG_INFINITY, f64::max),
    )
}

fn no_candidate_reason(role: Role, rejections: &Rejections) -> String {
    // People who offer nothing are a fact about the network, not a reason
    // about this person: say how many offer, then what excluded them.
    let is_capacity = |c: Constraint| {
        matches!(
            c,
            Constraint::NoMentorCapacity | Constraint::NoSponsorCapacity
        )
    };
    let offering: u64 = rejections
        .iter()
        .filter(|(c, _)| !is_capacity(*c))
        .map(|(_, n)| u64::from(n))
        .sum();
    if offering == 0 {
        return format!("nobody else offers {role} capacity");
    }
    let parts: Vec<String> = rejections
        .iter()
        .filter(|(c, _)| !is_capacity(*c))
        .map(|(c, n)| format!("{} excluded {n} ({})", c.name(), c.describe()))
        .collect();
    format!(
        "no {role} passed the hard constraints: of the {offering} other people offering to be a {role}, {}",
        parts.join(", ")
    )
}

fn policy_name(policy: Policy) -> &'static str {
    match policy {
        Policy::Optimal => "optimal",
        Policy::Coverage => "coverage",
        Policy::Stable => "stable",
        Policy::Greedy => "greedy",
    }
}

pub(super) fn unmatched_row(
    network: &Network,
    p: PersonId,
    seeking: Role,
    reason: String,
) -> Unmatched {
    Unmatched {
        person: external(network, p),
        seeking,
        reason,
    }
}
