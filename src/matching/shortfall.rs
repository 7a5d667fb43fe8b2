//! Demand against capacity: per goal skill and level, how many people
//! seek a mentor for it and how many places mentors who meet the level
//! offer (`summary.shortfall`), and the overall figures of each role
//! (`summary.demand`). The unmatched reasons quote the same table.

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use super::words::count;
use crate::model::{Person, PersonId, Role, SkillId};
use crate::network::Network;

/// The levels a goal or skill can have: 1 to 5.
const LEVELS: usize = 5;

/// Demand against capacity for one goal skill at one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortfall {
    /// The goal's skill id.
    pub skill: String,
    /// The level sought, 1–5.
    pub level: u8,
    /// People seeking a mentor with this goal at this level.
    pub seeking: u64,
    /// Places offered by mentors (capacity > 0) who hold the skill at this
    /// level or above: each mentor's whole `mentor_capacity`, counted under
    /// every skill and level they meet.
    pub places: u64,
}

impl Shortfall {
    /// `seeking − places`: how many more places this goal needs (negative
    /// when there are spare places).
    pub fn gap(&self) -> i64 {
        self.seeking as i64 - self.places as i64
    }
}

/// Demand against capacity for one role, over the whole cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleDemand {
    /// People seeking the role.
    pub seeking: usize,
    /// The places everyone offering the role offers: the sum of their
    /// capacities.
    pub places: u64,
}

impl RoleDemand {
    /// The figures of `role` in `network`, `seekers` being those who seek it.
    pub(super) fn new(network: &Network, role: Role, seekers: &[PersonId]) -> RoleDemand {
        RoleDemand {
            seeking: seekers.len(),
            places: network
                .people()
                .iter()
                .map(|p| u64::from(p.capacity(role)))
                .sum(),
        }
    }

    /// The sentence a reason closes with: "overall 633 people seek a mentor
    /// for 461 places".
    pub(super) fn describe(&self, role: Role) -> String {
        format!(
            "overall {} a {role} for {}",
            count(self.seeking as u64, "person seeks", "people seek"),
            count(self.places, "place", "places")
        )
    }
}

/// Both roles' overall demand (`summary.demand`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandSummary {
    /// People seeking a mentor against mentor places.
    pub mentor: RoleDemand,
    /// People seeking a sponsor against sponsor places.
    pub sponsor: RoleDemand,
}

/// The mentor demand table: for every skill and level, seekers with that
/// goal and places of mentors meeting it. Dense per skill, so a lookup is
/// an index, and building it is one pass over the seekers' goals and one
/// over the mentors' skills.
pub(super) struct GoalDemand {
    /// `seeking[skill][level - 1]`.
    seeking: Vec<[u64; LEVELS]>,
    /// `places[skill][level - 1]`: places of mentors at `level` or above.
    places: Vec<[u64; LEVELS]>,
}

impl GoalDemand {
    /// The table for the mentor `seekers` of `network`.
    ///
    /// # Complexity
    /// `O(s + g + m)` time and `O(s)` space for `s` skills, `g` goals of
    /// the seekers and `m` skills of the mentors: no seeker is compared
    /// with any mentor.
    pub(super) fn new(network: &Network, seekers: &[PersonId]) -> GoalDemand {
        let skills = network.skills().len();
        let mut seeking = vec![[0u64; LEVELS]; skills];
        for &p in seekers {
            for g in &network.at(p).goals {
                seeking[g.skill.index()][level_index(g.level)] += 1;
            }
        }
        let mut places = vec![[0u64; LEVELS]; skills];
        for p in network.people() {
            let capacity = u64::from(p.capacity(Role::Mentor));
            if capacity > 0 {
                for s in &p.skills {
                    places[s.skill.index()][level_index(s.level)] += capacity;
                }
            }
        }
        // A mentor at level 4 meets goals at levels 1 to 4: suffix sums.
        for row in &mut places {
            for l in (0..LEVELS - 1).rev() {
                row[l] += row[l + 1];
            }
        }
        GoalDemand { seeking, places }
    }

    /// The figures of one goal.
    pub(super) fn of(&self, network: &Network, skill: SkillId, level: u8) -> Shortfall {
        let (s, l) = (skill.index(), level_index(level));
        Shortfall {
            skill: network.skill_at(skill).id.clone(),
            level,
            seeking: self.seeking[s][l],
            places: self.places[s][l],
        }
    }

    /// The figures of each of `person`'s goals, in their order.
    pub(super) fn of_person(&self, network: &Network, person: &Person) -> Vec<Shortfall> {
        person
            .goals
            .iter()
            .map(|g| self.of(network, g.skill, g.level))
            .collect()
    }

    /// `summary.shortfall`: every (skill, level) someone seeks, largest
    /// gap first; equal gaps by skill id, then level.
    ///
    /// # Complexity
    /// `O(s + k log k)` for `s` skills and `k` entries.
    pub(super) fn shortfall(&self, network: &Network) -> Vec<Shortfall> {
        let mut out: Vec<Shortfall> = Vec::new();
        for (s, row) in self.seeking.iter().enumerate() {
            for (l, &n) in row.iter().enumerate() {
                if n > 0 {
                    out.push(self.of(network, SkillId::untagged(s), l as u8 + 1));
                }
            }
        }
        out.sort_by(|a, b| {
            (Reverse(a.gap()), &a.skill, a.level).cmp(&(Reverse(b.gap()), &b.skill, b.level))
        });
        out
    }
}

/// Levels are validated to 1–5; this is their index.
fn level_index(level: u8) -> usize {
    usize::from(level.clamp(1, LEVELS as u8)) - 1
}
