//! `[fairness] min_coverage`: exact coverage floors for the groups of one
//! person attribute, and `summary.fairness`, what they asked and got.

use std::collections::BTreeMap;

use super::report::{FairnessSummary, GroupFloor, RoleFloors};
use crate::assign::{assign_with_floors, AssignProblem, Assignment, Policy};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{AttributeId, PersonId, Role};
use crate::network::Network;

/// The floors a run applies: one attribute and its factor.
#[derive(Debug, Clone)]
pub(super) struct FloorSpec {
    attribute: AttributeId,
    name: String,
    factor: f64,
    roles: Vec<Role>,
}

impl FloorSpec {
    /// The floors for `role`'s matches, if they hold for it.
    pub(super) fn for_role(&self, role: Role) -> Option<&FloorSpec> {
        self.roles.contains(&role).then_some(self)
    }
}

/// The configured floors, resolved against the network.
///
/// # Errors
/// [`Error::Invalid`] (file `config`, record `[fairness]`) for an
/// attribute no person carries.
pub(super) fn floor_spec(network: &Network, config: &Config) -> Result<Option<FloorSpec>> {
    let Some((name, &factor)) = config.fairness.min_coverage.iter().next() else {
        return Ok(None);
    };
    let attribute = super::groups::attribute(network, name).map_err(|reason| {
        Error::invalid(
            ErrorKind::UnknownId,
            "config",
            "[fairness]",
            format!("min_coverage.{name}"),
            factor.to_string(),
            reason,
        )
    })?;
    Ok(Some(FloorSpec {
        attribute,
        name: name.clone(),
        factor,
        roles: config.fairness.roles.clone(),
    }))
}

/// The summary of a run with floors, from its two roles'.
pub(super) fn summary(
    spec: Option<&FloorSpec>,
    mentors: Option<RoleFloors>,
    sponsors: Option<RoleFloors>,
) -> Option<FairnessSummary> {
    spec.map(|spec| FairnessSummary {
        attribute: spec.name.clone(),
        min_coverage: spec.factor,
        mentors,
        sponsors,
    })
}

/// The groups of the seekers (left nodes of `problem`).
struct Groups {
    /// Per left node, its group (`u32::MAX`: none).
    of: Vec<u32>,
    /// Per group, the attribute value.
    values: Vec<String>,
    /// Per group, the people seeking.
    seeking: Vec<u32>,
}

impl Groups {
    fn new(network: &Network, seekers: &[PersonId], spec: &FloorSpec) -> Groups {
        let labels: Vec<Option<String>> = seekers
            .iter()
            .map(|&p| {
                network
                    .attribute(p, spec.attribute)
                    .map(|l| network.label_text(l).to_string())
            })
            .collect();
        let index: BTreeMap<&str, u32> = labels
            .iter()
            .flatten()
            .map(String::as_str)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .enumerate()
            .map(|(i, v)| (v, i as u32))
            .collect();
        let of: Vec<u32> = labels
            .iter()
            .map(|l| l.as_deref().map_or(u32::MAX, |v| index[v]))
            .collect();
        let mut seeking = vec![0u32; index.len()];
        for &g in of.iter().filter(|&&g| g != u32::MAX) {
            seeking[g as usize] += 1;
        }
        Groups {
            of,
            values: index.keys().map(|v| v.to_string()).collect(),
            seeking,
        }
    }

    /// Per group, the people `covered` (by left node) holds.
    fn count(&self, covered: &[bool]) -> Vec<u32> {
        let mut n = vec![0u32; self.values.len()];
        for (i, &g) in self.of.iter().enumerate() {
            if g != u32::MAX && covered[i] {
                n[g as usize] += 1;
            }
        }
        n
    }
}

/// Left nodes with at least one pair in `assignment`.
fn covered(problem: &AssignProblem, assignment: &Assignment) -> Vec<bool> {
    let mut c = vec![false; problem.left_len()];
    for pair in assignment.pairs() {
        c[pair.left as usize] = true;
    }
    c
}

/// The fewest people of a group of `seeking` that a coverage of
/// `covered / total` times `factor` asks for.
fn floor(factor: f64, covered: usize, total: usize, seeking: u32) -> u32 {
    if total == 0 {
        return 0;
    }
    // The small margin keeps an exact product (0.5 × 10 of 10) from
    // rounding up to the next person.
    let need = factor * covered as f64 * f64::from(seeking) / total as f64;
    ((need - 1e-9).ceil().max(0.0) as u32).min(seeking)
}

/// Re-solves `problem` (every candidate and fill pair, pins included) under
/// the floors, starting from the overall coverage `start` reached without
/// them, and returns the assignment and what each group needed and got.
///
/// The overall coverage a floor is a share of depends on the answer, so
/// the floors are set from a coverage `C`, solved for exactly, and set
/// again from the new coverage while it rises (it rises by at least one
/// person each time, so this ends; under the coverage policy `start` is
/// already the most, and one solve does). The final answer meets every
/// floor set from a coverage at least its own.
///
/// # Errors
/// [`Error::Invalid`] (`[fairness]`) naming the first group whose floor no
/// assignment meets (alone, or together with the others), and the best
/// coverage it can reach.
pub(super) fn apply(
    network: &Network,
    role: Role,
    spec: &FloorSpec,
    seekers: &[PersonId],
    problem: &AssignProblem,
    policy: Policy,
    start: Assignment,
) -> Result<(Assignment, RoleFloors)> {
    let groups = Groups::new(network, seekers, spec);
    let total = seekers.len();
    // People pinned pairs cover count toward their group's floor already.
    let mut pinned = vec![false; problem.left_len()];
    for &e in &problem.pinned {
        pinned[problem.edges[e].left as usize] = true;
    }
    let pinned_in = groups.count(&pinned);
    let start_covered = covered(problem, &start);
    let mut covered_now = start_covered.iter().filter(|&&c| c).count();
    let start_got = groups.count(&start_covered);
    let mut answer = start;
    let mut got = start_got;
    loop {
        let floors: Vec<u32> = groups
            .seeking
            .iter()
            .map(|&s| floor(spec.factor, covered_now, total, s))
            .collect();
        let free: Vec<u32> = floors
            .iter()
            .zip(&pinned_in)
            .map(|(&f, &p)| f.saturating_sub(p))
            .collect();
        // A run that meets every floor already stays as it is.
        if (0..floors.len()).all(|g| got[g] >= floors[g]) {
            let summary = RoleFloors {
                overall_coverage: super::coverage(covered_now, total),
                groups: (0..floors.len())
                    .map(|g| GroupFloor {
                        value: groups.values[g].clone(),
                        seeking: groups.seeking[g] as usize,
                        floor: floors[g] as usize,
                        matched: got[g] as usize,
                    })
                    .collect(),
            };
            return Ok((answer, summary));
        }
        answer = assign_with_floors(problem, policy, &groups.of, &free);
        let covered_by = covered(problem, &answer);
        got = groups.count(&covered_by);
        if let Some(g) = (0..floors.len()).find(|&g| got[g] < floors[g]) {
            return Err(short(
                role,
                spec,
                problem,
                policy,
                &groups,
                &pinned_in,
                g,
                floors[g],
                total,
                covered_now,
            ));
        }
        // Floors set from a coverage at least the answer's hold for it;
        // when the answer covers more, they are set again from its own.
        // (The next round keeps it unless the higher floors bind.)
        covered_now = covered_now.max(covered_by.iter().filter(|&&c| c).count());
    }
}

/// The error for group `g`, whose floor `needed` was not met: the most the
/// group can reach alone, and whether the other floors are what stands in
/// the way.
#[allow(clippy::too_many_arguments)]
fn short(
    role: Role,
    spec: &FloorSpec,
    problem: &AssignProblem,
    policy: Policy,
    groups: &Groups,
    pinned_in: &[u32],
    g: usize,
    needed: u32,
    total: usize,
    covered: usize,
) -> Error {
    let mut only = vec![0u32; groups.values.len()];
    only[g] = groups.seeking[g].saturating_sub(pinned_in[g]);
    let alone = groups.count(&covered_of(problem, policy, &groups.of, &only))[g];
    let seeking = groups.seeking[g];
    let share = |n: u32| 100.0 * f64::from(n) / f64::from(seeking.max(1));
    let overall = 100.0 * covered as f64 / total.max(1) as f64;
    let seeking_what = match role {
        Role::Mentor => "a mentor",
        Role::Sponsor => "a sponsor",
    };
    let hint = match role {
        Role::Mentor => "",
        Role::Sponsor => " ([fairness] roles = [\"mentor\"] keeps floors off sponsor matches)",
    };
    let why = if alone >= needed {
        format!(
            "alone it could have {alone} ({:.1}%), but not while the other groups keep their floors",
            share(alone)
        )
    } else {
        format!(
            "at most {alone} of them can be matched ({:.1}%)",
            share(alone)
        )
    };
    Error::invalid(
        ErrorKind::Infeasible,
        "config",
        "[fairness]",
        format!("min_coverage.{}", spec.name),
        spec.factor.to_string(),
        format!(
            "{} = {:?}: {needed} of its {seeking} people seeking {seeking_what} must be matched \
             ({} × the overall coverage of {overall:.1}%); {why}{hint}",
            spec.name, groups.values[g], spec.factor
        ),
    )
}

fn covered_of(problem: &AssignProblem, policy: Policy, group: &[u32], floors: &[u32]) -> Vec<bool> {
    covered(problem, &assign_with_floors(problem, policy, group, floors))
}

#[cfg(test)]
mod tests {
    use super::floor;

    #[test]
    fn a_floor_is_the_share_rounded_up_to_a_person() {
        assert_eq!(floor(0.8, 50, 100, 10), 4);
        assert_eq!(floor(0.5, 10, 10, 10), 5);
        assert_eq!(floor(0.81, 50, 100, 10), 5);
        assert_eq!(floor(1.0, 100, 100, 7), 7);
        assert_eq!(floor(0.0, 100, 100, 7), 0);
        assert_eq!(floor(0.8, 0, 0, 7), 0);
    }
}
