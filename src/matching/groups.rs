//! `summary.groups`: coverage and mean score for each value of the person
//! attributes a report groups by, for mentors and for sponsors.

use std::collections::{BTreeMap, HashMap};

use super::report::{AttributeGroups, Extreme, GroupStats, GroupTable, Spread};
use super::{coverage, mean, round, RoleOutcome};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{AttributeId, Label, PersonId};
use crate::network::Network;

/// The attributes `[report] group_by` names (by default every attribute in
/// the network), resolved, in name order.
///
/// # Errors
/// [`Error::Invalid`] (file `config`, record `[report]`) for a name no
/// person carries.
pub(super) fn group_attributes(network: &Network, config: &Config) -> Result<Vec<AttributeId>> {
    let Some(names) = &config.report.group_by else {
        return Ok(network
            .attribute_names()
            .iter()
            .filter_map(|name| network.attribute_id(name))
            .collect());
    };
    let mut ids = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let id = attribute(network, name).map_err(|reason| {
            Error::invalid(
                ErrorKind::UnknownId,
                "config",
                "[report]",
                format!("group_by[{i}]"),
                format!("{name:?}"),
                reason,
            )
        })?;
        ids.push(id);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The attribute a configuration names, or why there is none: the reason
/// of the error the configuring key gets.
pub(super) fn attribute(network: &Network, name: &str) -> std::result::Result<AttributeId, String> {
    network.attribute_id(name).ok_or_else(|| {
        let known = match network.attribute_names() {
            [] => "the data has no attributes".to_string(),
            names => format!("attributes in the data: {}", names.join(", ")),
        };
        format!("no person has this attribute ({known})")
    })
}

/// One role's outcome per person: matches and the sum of their (rounded)
/// scores, summed in the outcome's pair order.
struct PerPerson {
    seeking: Vec<bool>,
    matches: Vec<u32>,
    score: Vec<f64>,
}

impl PerPerson {
    fn new(network: &Network, seekers: &[PersonId], outcome: &RoleOutcome) -> PerPerson {
        let n = network.people().len();
        let mut seeking = vec![false; n];
        for &p in seekers {
            seeking[p.index()] = true;
        }
        let (mut matches, mut score) = (vec![0u32; n], vec![0.0f64; n]);
        for pair in &outcome.pairs {
            matches[pair.mentee.index()] += 1;
            score[pair.mentee.index()] += pair.score;
        }
        PerPerson {
            seeking,
            matches,
            score,
        }
    }
}

/// Running totals of one group.
#[derive(Default)]
struct Tally {
    seeking: usize,
    matched: usize,
    pairs: usize,
    score: f64,
}

impl Tally {
    fn add(&mut self, role: &PerPerson, p: usize) {
        if role.seeking[p] {
            self.seeking += 1;
            self.matched += usize::from(role.matches[p] > 0);
            self.pairs += role.matches[p] as usize;
            self.score += role.score[p];
        }
    }

    fn stats(&self) -> GroupStats {
        GroupStats {
            seeking: self.seeking,
            matched: self.matched,
            coverage: coverage(self.matched, self.seeking),
            mean_score: mean(round(self.score), self.pairs),
        }
    }
}

/// `summary.groups` for the `attributes` (from [`group_attributes`]).
///
/// # Complexity
/// `O(n · a)` time for `n` people and `a` attributes (one pass over the
/// people per attribute and role, a binary search among each person's few
/// attributes), plus sorting each attribute's distinct values; `O(n)`
/// space. Sums run in person order, so the figures are the same on any
/// number of threads.
pub(super) fn groups(
    network: &Network,
    attributes: &[AttributeId],
    mentors: (&[PersonId], &RoleOutcome),
    sponsors: (&[PersonId], &RoleOutcome),
) -> BTreeMap<String, AttributeGroups> {
    let mentors = PerPerson::new(network, mentors.0, mentors.1);
    let sponsors = PerPerson::new(network, sponsors.0, sponsors.1);
    attributes
        .iter()
        .map(|&attribute| {
            let groups = AttributeGroups {
                mentor: table(network, attribute, &mentors),
                sponsor: table(network, attribute, &sponsors),
            };
            (network.attribute_text(attribute).to_string(), groups)
        })
        .collect()
}

fn table(network: &Network, attribute: AttributeId, role: &PerPerson) -> GroupTable {
    let mut by_value: HashMap<Label, Tally> = HashMap::new();
    let mut unset = Tally::default();
    for p in network.person_ids() {
        match network.attribute(p, attribute) {
            Some(value) => by_value.entry(value).or_default().add(role, p.index()),
            None => unset.add(role, p.index()),
        }
    }
    let values: BTreeMap<String, GroupStats> = by_value
        .iter()
        .map(|(&value, tally)| (network.label_text(value).to_string(), tally.stats()))
        .collect();
    GroupTable {
        spread: spread(&values),
        unset: (unset.seeking > 0).then(|| unset.stats()),
        values,
    }
}

/// The lowest and highest coverage among `values` and the values that have
/// them (in the map's sorted order).
fn spread(values: &BTreeMap<String, GroupStats>) -> Option<Spread> {
    let covered = || {
        values
            .iter()
            .filter_map(|(value, stats)| Some((value, stats.coverage?)))
    };
    let extreme = |coverage: f64| Extreme {
        coverage,
        values: covered()
            .filter(|&(_, c)| c == coverage)
            .map(|(value, _)| value.clone())
            .collect(),
    };
    let lowest = covered().map(|(_, c)| c).reduce(f64::min)?;
    let highest = covered().map(|(_, c)| c).reduce(f64::max)?;
    Some(Spread {
        lowest: extreme(lowest),
        highest: extreme(highest),
    })
}
