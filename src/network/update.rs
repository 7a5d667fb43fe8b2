//! Live updates: a [`ChangeSet`] (people who join, leave or change their
//! record; ties made or ended) applied to a [`Network`], giving the updated
//! network with the same validation and errors as loading.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::builder::{adjacency, derive_strengths, quoted, Builder};
use super::{id_keys, AttributeTable, LoadOptions, Network, ReportingTree};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    Affinity, Attribute, Label, PastPair, Person, PersonId, Tie, MAX_NETWORK_PEOPLE,
};
use crate::records::{PersonRecord, Section, TieRecord};

/// A batch of changes to a network, by the dataset's string ids: what a
/// service applies when people join, leave or edit their profile.
///
/// In JSON (`{"people": [...], "remove_people": [...], "ties": [...],
/// "remove_ties": [["a", "b"], ...]}`, every key optional) the records are
/// those of a dataset file (`docs/formats.md`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeSet {
    /// People who join (an id not in the network) or whose record changes
    /// (an id in it: the whole record is replaced — capacities, skills,
    /// goals, blocks, manager and the rest).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<PersonRecord>,
    /// Ids of people who leave. Their ties, history pairs and affinities go
    /// with them, and other people's blocks and preferences naming them are
    /// dropped; anyone they managed needs a new manager, given in `people`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_people: Vec<String>,
    /// Ties made, or changed: a tie between two people already tied
    /// replaces theirs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ties: Vec<TieRecord>,
    /// Ties ended, as `[a, b]` pairs in either order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_ties: Vec<[String; 2]>,
}

/// Where a record of the updated dataset came from, for error messages.
#[derive(Clone, Copy)]
enum Source {
    /// Record `i` of the network's own section.
    Network(usize),
    /// Record `i` of the change set's list.
    Change(usize),
}

impl Network {
    /// The network with `changes` applied: people added, replaced or
    /// removed, ties made, changed or ended.
    ///
    /// # Arguments
    /// - `changes`: the change set.
    /// - `options`: as for [`Network::from_dataset`]; give the ones the
    ///   network was loaded with, or derived tie strengths move to another
    ///   `today`.
    ///
    /// # Returns
    /// A new, validated network; `self` is unchanged, so a service can
    /// keep answering from it until the update is ready. People keep their
    /// relative order and joiners come after everyone, in the order given,
    /// so everyone before the first person who leaves keeps their index.
    /// The new network issues its own [`PersonId`](crate::PersonId)s and
    /// refuses the old network's (people after a leaver moved): look people
    /// up again by their string ids, or by index with
    /// [`Network::person_at`].
    ///
    /// # Complexity
    /// Only the changed records are validated as records; the rest of the
    /// network is copied with its ids moved past the leavers and its labels
    /// renumbered as loading the updated records would number them: one
    /// linear copy (no string is hashed but the ids of the new index, no
    /// sort but each person's short lists), plus the change. The result
    /// equals loading the updated records (a property test checks it,
    /// errors included).
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the change (file `changes`, record
    /// `people[2]`, `remove_people[0]`, `ties[1]` or `remove_ties[0]`) or the
    /// network's record (file `network`) that breaks a rule: the rules of
    /// loading (see `docs/formats.md`), plus: a removed id or an ended tie
    /// that does not exist, an id both removed and given in `people`, a
    /// person whose manager leaves without a new one.
    ///
    /// # Example
    /// Kofi joins the story, tied to Ada, seeking a mentor; Tim leaves.
    /// ```
    /// use mentormatch::{load, ChangeSet, LoadOptions, PersonRecord, Role, TieRecord};
    ///
    /// let options = LoadOptions::default();
    /// let network = load("data/story.json", &options)?;
    /// let mut kofi = PersonRecord::new("kofi2");
    /// kofi.seeks = vec![Role::Mentor];
    /// let changes = ChangeSet {
    ///     people: vec![kofi],
    ///     remove_people: vec!["tim".into()],
    ///     ties: vec![TieRecord {
    ///         a: "kofi2".into(),
    ///         b: "ada".into(),
    ///         kind: Some("colleague".into()),
    ///         strength: Some(0.8),
    ///         interactions: None,
    ///         reciprocated: None,
    ///         last_contact: None,
    ///     }],
    ///     remove_ties: vec![],
    /// };
    /// let updated = network.apply(&changes, &options)?;
    /// assert!(updated.person_id("tim").is_none());
    /// let kofi = updated.person_id("kofi2").unwrap();
    /// assert_eq!(updated.neighbors(kofi).unwrap().len(), 1);
    /// assert_eq!(updated.people().len(), network.people().len());
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn apply(&self, changes: &ChangeSet, options: &LoadOptions) -> Result<Network> {
        let plan = Plan::new(self, changes)?;
        plan.build(self, changes, options)
    }
}

/// What a change set does to each record: where every person, tie, past
/// pair and affinity of the updated network comes from, checked against
/// the network (ids that exist, nothing given twice, no manager left
/// behind). Only the changed records are read as records.
struct Plan {
    /// By the network's person index: whether they leave.
    gone: Vec<bool>,
    /// By the network's person index: where they end up (for those who
    /// stay, replaced or not).
    moved: Vec<u32>,
    origin: Origins,
}

impl Plan {
    fn new(network: &Network, changes: &ChangeSet) -> Result<Plan> {
        let change = |kind, record: String, field: &str, value: &str, reason: &str| {
            Error::invalid(kind, "changes", record, field, quoted(value), reason)
        };
        let n = network.people.len();

        // Who leaves.
        let mut gone = vec![false; n];
        for (i, id) in changes.remove_people.iter().enumerate() {
            let record = format!("remove_people[{i}]");
            let Some(p) = network.person_id(id) else {
                return Err(change(
                    ErrorKind::UnknownId,
                    record,
                    "",
                    id,
                    "no person with this id in the network",
                ));
            };
            if std::mem::replace(&mut gone[p.index()], true) {
                return Err(change(ErrorKind::Duplicate, record, "", id, "listed twice"));
            }
        }
        let leaves = |id: &str| network.person_id(id).is_some_and(|p| gone[p.index()]);

        // People: replaced in place or added at the end, then the leavers
        // taken out.
        let mut people: Vec<Source> = (0..n).map(Source::Network).collect();
        let mut given: HashMap<&str, usize> = HashMap::new();
        for (i, p) in changes.people.iter().enumerate() {
            let record = format!("people[{i}]");
            if leaves(&p.id) {
                return Err(change(
                    ErrorKind::Conflict,
                    record,
                    "id",
                    &p.id,
                    "is also in remove_people",
                ));
            }
            if given.insert(&p.id, i).is_some() {
                return Err(change(
                    ErrorKind::Duplicate,
                    record,
                    "id",
                    &p.id,
                    "given twice in this change set",
                ));
            }
            match network.person_id(&p.id) {
                Some(at) => people[at.index()] = Source::Change(i),
                None => people.push(Source::Change(i)),
            }
        }
        people.retain(|&s| !matches!(s, Source::Network(j) if gone[j]));
        let mut moved = vec![u32::MAX; n];
        for (new, &s) in people.iter().enumerate() {
            let old = match s {
                Source::Network(j) => Some(j),
                Source::Change(i) => network.person_id(&changes.people[i].id).map(|p| p.index()),
            };
            if let Some(j) = old {
                moved[j] = new as u32;
            }
        }
        for &from in &people {
            let manager = match from {
                Source::Network(j) => network.people[j]
                    .manager
                    .filter(|m| gone[m.index()])
                    .map(|m| network.people[m.index()].id.as_str()),
                Source::Change(i) => changes.people[i].manager.as_deref().filter(|&m| leaves(m)),
            };
            if let Some(manager) = manager {
                let (file, record) = locate_in(from, Section::People);
                return Err(Error::invalid(
                    ErrorKind::UnknownId,
                    file,
                    record,
                    "manager",
                    quoted(manager),
                    "leaves in this change set: give this person a new manager in `people`",
                ));
            }
        }

        // Ties: ended, replaced or made, and those of leavers taken out. An
        // existing tie is found through the network's own adjacency; only
        // new pairs are hashed.
        let mut ties: Vec<Option<Source>> = (0..network.ties.len())
            .map(|j| Some(Source::Network(j)))
            .collect();
        let existing = |a: &str, b: &str| {
            let (a, b) = (network.person_id(a)?, network.person_id(b)?);
            network.tie_between(a, b).map(|t| t.index())
        };
        for (i, [a, b]) in changes.remove_ties.iter().enumerate() {
            match existing(a, b).filter(|&k| ties[k].is_some()) {
                Some(k) => ties[k] = None,
                None => {
                    return Err(change(
                        ErrorKind::UnknownId,
                        format!("remove_ties[{i}]"),
                        "",
                        &format!("{a} – {b}"),
                        "no tie between these two in the network",
                    ))
                }
            }
        }
        let mut added: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, t) in changes.ties.iter().enumerate() {
            let pair = if t.a <= t.b {
                (t.a.as_str(), t.b.as_str())
            } else {
                (t.b.as_str(), t.a.as_str())
            };
            if added.contains_key(&pair) {
                return Err(change(
                    ErrorKind::Duplicate,
                    format!("ties[{i}]"),
                    "",
                    &format!("{} – {}", t.a, t.b),
                    "given twice in this change set",
                ));
            }
            let entry = Some(Source::Change(i));
            match existing(&t.a, &t.b) {
                Some(k) => {
                    ties[k] = entry;
                    added.insert(pair, k);
                }
                None => {
                    added.insert(pair, ties.len());
                    ties.push(entry);
                }
            }
        }
        let ties: Vec<Source> = ties
            .into_iter()
            .flatten()
            .filter(|&s| match s {
                Source::Network(j) => {
                    let t = &network.ties[j];
                    !gone[t.a.index()] && !gone[t.b.index()]
                }
                Source::Change(i) => {
                    let t = &changes.ties[i];
                    !leaves(&t.a) && !leaves(&t.b)
                }
            })
            .collect();

        // History and affinities of leavers go with them.
        let history = (network.history.iter().enumerate())
            .filter(|(_, h)| !gone[h.mentee.index()] && !gone[h.mentor.index()])
            .map(|(j, _)| j)
            .collect();
        let affinities = (network.affinities.iter().enumerate())
            .filter(|(_, a)| !gone[a.mentee.index()] && !gone[a.mentor.index()])
            .map(|(j, _)| j)
            .collect();
        Ok(Plan {
            gone,
            moved,
            origin: Origins {
                people,
                ties,
                history,
                affinities,
            },
        })
    }

    /// The updated network: the network's own records copied with their
    /// ids moved, the changed ones validated as loading validates them,
    /// labels interned in the order loading the updated records would
    /// intern them (so the result equals that network).
    fn build(
        &self,
        network: &Network,
        changes: &ChangeSet,
        options: &LoadOptions,
    ) -> Result<Network> {
        let origin = &self.origin;
        let locate = |section: Section, index: usize| origin.locate(section, index);
        let mut b = Builder::continuing(&locate, network);
        let leaves = |id: &str| network.person_id(id).is_some_and(|p| self.gone[p.index()]);
        let record_id = |s: Source| match s {
            Source::Network(j) => network.people[j].id.as_str(),
            Source::Change(i) => changes.people[i].id.as_str(),
        };

        if let Some(&s) = origin.people.get(MAX_NETWORK_PEOPLE) {
            return Err(b.too_many_people(record_id(s)));
        }
        b.ties_fit(origin.ties.len())?;
        let tag = b.tag;
        let id_at = |new: usize| PersonId::tagged(new, tag.0);
        let moved = |p: PersonId| id_at(self.moved[p.index()] as usize);
        let mut person_index = HashMap::with_capacity(origin.people.len());
        for (new, &s) in origin.people.iter().enumerate() {
            b.id_given(new, record_id(s))?;
            person_index.insert(record_id(s).to_string(), id_at(new));
        }

        // People, in order, and their attributes; the network's labels are
        // interned again on first use, as loading would.
        let mut relabel = Relabel::new(network);
        let mut people = Vec::with_capacity(origin.people.len());
        let mut attributes = AttributeTable::default();
        attributes.start.reserve(origin.people.len() + 1);
        attributes.start.push(0);
        for (new, &s) in origin.people.iter().enumerate() {
            match s {
                Source::Network(j) => {
                    let old = &network.people[j];
                    let mut languages = relabel.list(&mut b, &old.languages);
                    languages.sort_unstable();
                    let mut experiences = relabel.list(&mut b, &old.experiences);
                    experiences.sort_unstable();
                    let org = old.org.map(|l| relabel.get(&mut b, l));
                    let industry = old.industry.map(|l| relabel.get(&mut b, l));
                    let staying = |list: &[PersonId]| -> Vec<PersonId> {
                        list.iter()
                            .filter(|q| !self.gone[q.index()])
                            .map(|&q| moved(q))
                            .collect()
                    };
                    people.push(Person {
                        org,
                        industry,
                        languages,
                        experiences,
                        manager: old.manager.map(moved),
                        blocked: staying(&old.blocked),
                        preferred: staying(&old.preferred),
                        ..old.clone()
                    });
                    for a in network.attributes_of(network.id_at(j)) {
                        let name = &network.attributes.names[a.name.index()];
                        let name = b.attribute_name(new, name, &mut attributes)?;
                        let value = relabel.get(&mut b, a.value);
                        attributes.entries.push(Attribute { name, value });
                    }
                    b.attributes_end(new, &mut attributes)?;
                }
                Source::Change(i) => {
                    let mut record = changes.people[i].clone();
                    record.blocked.retain(|q| !leaves(q));
                    record.preferred.retain(|q| !leaves(q));
                    people.push(b.person(new, &record, &person_index)?);
                    b.attributes(new, &record.attributes, &mut attributes)?;
                }
            }
        }
        attributes.sort_names(tag.0);
        b.reporting_line_is_acyclic(&people)?;
        let reporting = ReportingTree::new(&people);

        // Ties, in order; strengths from evidence derived again, since the
        // latest last contact may have moved.
        let mut ties = Vec::with_capacity(origin.ties.len());
        let mut last = None;
        for (k, &s) in origin.ties.iter().enumerate() {
            match s {
                Source::Network(j) => {
                    let t = &network.ties[j];
                    ties.push(Tie {
                        a: moved(t.a),
                        b: moved(t.b),
                        kind: relabel.get(&mut b, t.kind),
                        ..t.clone()
                    });
                }
                Source::Change(i) => {
                    let record = &changes.ties[i];
                    let mut tie = b.tie(k, record, &person_index, &mut last)?;
                    tie.kind = b.label(given_or(&record.kind, "contact"));
                    ties.push(tie);
                }
            }
        }
        derive_strengths(&mut ties, options.today);
        let (adjacency_start, adjacency) = adjacency(people.len(), &ties, tag);

        let history: Vec<PastPair> = (origin.history.iter())
            .map(|&j| {
                let h = network.history[j];
                PastPair {
                    mentee: moved(h.mentee),
                    mentor: moved(h.mentor),
                    ..h
                }
            })
            .collect();
        let affinities: Vec<Affinity> = (origin.affinities.iter())
            .map(|&j| {
                let a = network.affinities[j];
                Affinity {
                    mentee: moved(a.mentee),
                    mentor: moved(a.mentor),
                    ..a
                }
            })
            .collect();
        let affinity_index = (affinities.iter().enumerate())
            .map(|(i, a)| ((a.mentee, a.mentor), i))
            .collect();

        b.interned_fit()?;
        let interned = b.into_interned();
        let id_keys = id_keys(&people);
        Ok(Network {
            tag,
            skill_tag: interned.skill_tag,
            people,
            person_index,
            skills: interned.skills,
            skill_index: interned.skill_index,
            labels: interned.labels,
            label_index: interned.label_index,
            attributes,
            ties,
            adjacency_start,
            adjacency,
            history,
            affinities,
            affinity_index,
            reporting,
            id_keys,
        })
    }
}

/// The network's labels interned again on first use, in the order loading
/// the updated records would meet them.
struct Relabel<'n> {
    labels: &'n [String],
    /// By the network's label: its new label, once used.
    new: Vec<Option<Label>>,
}

impl<'n> Relabel<'n> {
    fn new(network: &'n Network) -> Relabel<'n> {
        Relabel {
            labels: &network.labels,
            new: vec![None; network.labels.len()],
        }
    }

    fn get(&mut self, b: &mut Builder<'_>, old: Label) -> Label {
        *self.new[old.index()].get_or_insert_with(|| b.label(&self.labels[old.index()]))
    }

    fn list(&mut self, b: &mut Builder<'_>, old: &[Label]) -> Vec<Label> {
        old.iter().map(|&l| self.get(b, l)).collect()
    }
}

/// An optional text field's value, `default` when absent or empty (as
/// loading reads it).
fn given_or<'t>(field: &'t Option<String>, default: &'t str) -> &'t str {
    field
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or(default)
}

#[cfg(all(test, feature = "generate"))]
impl Network {
    /// [`Network::apply`] the way it was first written: the network written
    /// back to records, edited and loaded again. The oracle for the tests.
    pub(crate) fn apply_by_records(
        &self,
        changes: &ChangeSet,
        options: &LoadOptions,
    ) -> Result<Network> {
        use crate::records::Dataset;
        use std::collections::HashSet;
        let change = |kind, record: String, field: &str, value: &str, reason: &str| {
            Error::invalid(kind, "changes", record, field, quoted(value), reason)
        };
        let data = self.to_dataset();

        // Who leaves.
        let mut removed: HashSet<&str> = HashSet::new();
        for (i, id) in changes.remove_people.iter().enumerate() {
            let record = format!("remove_people[{i}]");
            if self.person_id(id).is_none() {
                return Err(change(
                    ErrorKind::UnknownId,
                    record,
                    "",
                    id,
                    "no person with this id in the network",
                ));
            }
            if !removed.insert(id) {
                return Err(change(ErrorKind::Duplicate, record, "", id, "listed twice"));
            }
        }

        // People: replaced in place or added at the end, then the leavers
        // taken out; `people_from` remembers where each record came from.
        let mut people: Vec<(Source, PersonRecord)> = data
            .people
            .into_iter()
            .enumerate()
            .map(|(j, p)| (Source::Network(j), p))
            .collect();
        let mut given: HashMap<&str, usize> = HashMap::new();
        for (i, p) in changes.people.iter().enumerate() {
            let record = format!("people[{i}]");
            if removed.contains(p.id.as_str()) {
                return Err(change(
                    ErrorKind::Conflict,
                    record,
                    "id",
                    &p.id,
                    "is also in remove_people",
                ));
            }
            if given.insert(&p.id, i).is_some() {
                return Err(change(
                    ErrorKind::Duplicate,
                    record,
                    "id",
                    &p.id,
                    "given twice in this change set",
                ));
            }
            match self.person_id(&p.id) {
                Some(at) => people[at.index()] = (Source::Change(i), p.clone()),
                None => people.push((Source::Change(i), p.clone())),
            }
        }
        let gone = |id: &str| removed.contains(id);
        people.retain(|(_, p)| !gone(&p.id));
        for (from, p) in &mut people {
            if let Some(manager) = p.manager.as_deref().filter(|&m| gone(m)) {
                let (file, record) = locate_in(*from, Section::People);
                return Err(Error::invalid(
                    ErrorKind::UnknownId,
                    file,
                    record,
                    "manager",
                    quoted(manager),
                    "leaves in this change set: give this person a new manager in `people`",
                ));
            }
            p.blocked.retain(|b| !gone(b));
            p.preferred.retain(|b| !gone(b));
        }

        // Ties: ended, replaced or made, and those of leavers taken out. The
        // network's ties are its records in order, so an existing tie is
        // found through the network's own adjacency; only new pairs are
        // hashed.
        let mut ties: Vec<Option<(Source, TieRecord)>> = data
            .ties
            .into_iter()
            .enumerate()
            .map(|(j, t)| Some((Source::Network(j), t)))
            .collect();
        let existing = |a: &str, b: &str| {
            let (a, b) = (self.person_id(a)?, self.person_id(b)?);
            self.tie_between(a, b).map(|t| t.index())
        };
        for (i, [a, b]) in changes.remove_ties.iter().enumerate() {
            match existing(a, b).filter(|&k| ties[k].is_some()) {
                Some(k) => ties[k] = None,
                None => {
                    return Err(change(
                        ErrorKind::UnknownId,
                        format!("remove_ties[{i}]"),
                        "",
                        &format!("{a} – {b}"),
                        "no tie between these two in the network",
                    ))
                }
            }
        }
        let mut added: HashMap<(&str, &str), usize> = HashMap::new();
        let mut pairs: HashSet<(&str, &str)> = HashSet::new();
        for (i, t) in changes.ties.iter().enumerate() {
            let entry = Some((Source::Change(i), t.clone()));
            let pair = if t.a <= t.b {
                (t.a.as_str(), t.b.as_str())
            } else {
                (t.b.as_str(), t.a.as_str())
            };
            if !pairs.insert(pair) {
                return Err(change(
                    ErrorKind::Duplicate,
                    format!("ties[{i}]"),
                    "",
                    &format!("{} – {}", t.a, t.b),
                    "given twice in this change set",
                ));
            }
            match existing(&t.a, &t.b).or_else(|| added.get(&pair).copied()) {
                Some(k) => ties[k] = entry,
                None => {
                    added.insert(pair, ties.len());
                    ties.push(entry);
                }
            }
        }
        let ties: Vec<(Source, TieRecord)> = ties
            .into_iter()
            .flatten()
            .filter(|(_, t)| !gone(&t.a) && !gone(&t.b))
            .collect();

        // History and affinities of leavers go with them.
        let history: Vec<(usize, _)> = (data.history.into_iter().enumerate())
            .filter(|(_, h)| !gone(&h.mentee) && !gone(&h.mentor))
            .collect();
        let affinities: Vec<(usize, _)> = (data.affinities.into_iter().enumerate())
            .filter(|(_, a)| !gone(&a.mentee) && !gone(&a.mentor))
            .collect();

        let origin = Origins {
            people: people.iter().map(|(from, _)| *from).collect(),
            ties: ties.iter().map(|(from, _)| *from).collect(),
            history: history.iter().map(|(j, _)| *j).collect(),
            affinities: affinities.iter().map(|(j, _)| *j).collect(),
        };
        let dataset = Dataset {
            skills: data.skills,
            people: people.into_iter().map(|(_, p)| p).collect(),
            ties: ties.into_iter().map(|(_, t)| t).collect(),
            history: history.into_iter().map(|(_, h)| h).collect(),
            affinities: affinities.into_iter().map(|(_, a)| a).collect(),
        };
        Network::from_dataset_at(&dataset, options, &|section, index| {
            origin.locate(section, index)
        })
    }
}

/// Where each record of the updated dataset came from.
struct Origins {
    people: Vec<Source>,
    ties: Vec<Source>,
    history: Vec<usize>,
    affinities: Vec<usize>,
}

impl Origins {
    fn locate(&self, section: Section, index: usize) -> (String, String) {
        match section {
            Section::People => locate_in(self.people[index], section),
            Section::Ties => locate_in(self.ties[index], section),
            Section::History => locate_in(Source::Network(self.history[index]), section),
            Section::Affinities => locate_in(Source::Network(self.affinities[index]), section),
            Section::Skills => locate_in(Source::Network(index), section),
        }
    }
}

/// The file and record of a record from `from` in `section`.
fn locate_in(from: Source, section: Section) -> (String, String) {
    match from {
        Source::Network(j) => ("network".to_string(), section.record(j)),
        Source::Change(i) => ("changes".to_string(), section.record(i)),
    }
}

#[cfg(all(test, feature = "generate"))]
mod tests {
    use super::*;
    use crate::generate::{generate, GeneratorConfig};
    use crate::records::{AffinityRecord, Dataset, GoalRecord, Role};
    use proptest::prelude::*;

    /// A small generated organisation with every kind of record: ties with
    /// evidence, attributes, history and affinities.
    fn base(seed: u64) -> (Network, Dataset) {
        let mut data = generate(&GeneratorConfig {
            people: 40,
            seed,
            history: 0.3,
            ..GeneratorConfig::default()
        });
        if data.affinities.is_empty() {
            let (a, b) = (&data.people[0].id, &data.people[1].id);
            data.affinities.push(AffinityRecord {
                mentee: a.clone(),
                mentor: b.clone(),
                score: 0.5,
                mentor_score: None,
            });
        }
        let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let data = network.to_dataset();
        (network, data)
    }

    /// A change set from `ops`: people leaving, edited (new labels, skills,
    /// attribute names, managers that may close a cycle, blocks), joining
    /// with ties of late evidence, ties ended and made; some of them
    /// invalid on purpose.
    fn change_set(data: &Dataset, ops: &[(u8, usize, usize)]) -> ChangeSet {
        let n = data.people.len();
        let mut set = ChangeSet::default();
        for &(op, x, y) in ops {
            let (p, q) = (&data.people[x % n], &data.people[y % n]);
            let mut edited = p.clone();
            match op % 10 {
                0 => set.remove_people.push(p.id.clone()),
                1 => {
                    edited.mentor_capacity = (y % 4) as u32;
                    edited.languages.push(format!("lang{}", y % 3));
                    edited.org = Some(format!("org{}", y % 2));
                    edited.skills.0.push((format!("new{}", y % 5), 3));
                    edited
                        .attributes
                        .0
                        .push((format!("attr{}", y % 3), format!("v{y}")));
                    set.people.push(edited);
                }
                2 => {
                    edited.manager = Some(q.id.clone());
                    set.people.push(edited);
                }
                3 => {
                    let mut joiner = PersonRecord::new(format!("joiner{x}"));
                    joiner.manager = Some(q.id.clone());
                    joiner.seeks = vec![Role::Mentor];
                    joiner.goals.push(GoalRecord {
                        skill: format!("new{}", y % 5),
                        level: 2,
                        priority: 1,
                    });
                    joiner.experiences = vec![format!("exp{}", y % 4)];
                    set.people.push(joiner);
                    set.ties.push(TieRecord {
                        a: format!("joiner{x}"),
                        b: p.id.clone(),
                        kind: Some(format!("kind{}", y % 3)),
                        strength: None,
                        interactions: Some(3 + (y % 7) as u32),
                        reciprocated: Some(1),
                        last_contact: Some(format!("2031-0{}-01", 1 + y % 9)),
                    });
                }
                4 | 8 if !data.ties.is_empty() => {
                    let t = &data.ties[x % data.ties.len()];
                    set.remove_ties.push([t.b.clone(), t.a.clone()]);
                }
                5 => set.ties.push(TieRecord {
                    a: p.id.clone(),
                    b: q.id.clone(),
                    kind: None,
                    strength: Some(0.25 + (y % 3) as f64 / 4.0),
                    interactions: None,
                    reciprocated: None,
                    last_contact: None,
                }),
                6 => {
                    edited.blocked = vec![q.id.clone()];
                    edited.preferred = vec![data.people[(y + 1) % n].id.clone()];
                    set.people.push(edited);
                }
                7 => {
                    edited.goals.clear();
                    edited.seeks = vec![Role::Sponsor];
                    edited.attributes.0.clear();
                    set.people.push(edited);
                }
                _ => set.people.push(PersonRecord::new(if y % 2 == 0 {
                    String::new()
                } else {
                    format!("blank{y}")
                })),
            }
        }
        set
    }

    /// The property below is not vacuous: its change sets succeed and fail
    /// in good numbers, and the records they start from have every kind.
    #[test]
    fn the_change_sets_both_succeed_and_fail() {
        let (mut ok, mut failed) = (0, 0);
        for seed in 0..60u64 {
            let (network, data) = base(seed);
            assert!(!data.history.is_empty() && !data.affinities.is_empty());
            assert!(data.ties.iter().any(|t| t.interactions.is_some()));
            assert!(data.people.iter().any(|p| !p.attributes.0.is_empty()));
            let ops: Vec<(u8, usize, usize)> = (0..4)
                .map(|k| {
                    (
                        (seed * 7 + k) as u8 % 10,
                        (seed * 13 + k * 5) as usize,
                        (seed * 3 + k) as usize,
                    )
                })
                .collect();
            match network.apply(&change_set(&data, &ops), &LoadOptions::default()) {
                Ok(updated) => {
                    ok += 1;
                    assert_ne!(updated.to_dataset(), data, "seed {seed}: nothing changed");
                }
                Err(_) => failed += 1,
            }
        }
        assert!(ok >= 15 && failed >= 5, "{ok} succeeded, {failed} failed");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The copy-and-patch update against writing the network back to
        /// records, editing them and loading them again: the same network
        /// (labels, skills and attribute names numbered alike), or the same
        /// error.
        #[test]
        fn applying_equals_loading_the_edited_records(
            seed in 0u64..500,
            ops in prop::collection::vec((0u8..10, 0usize..1000, 0usize..1000), 0..7),
        ) {
            let (network, data) = base(seed);
            let set = change_set(&data, &ops);
            let options = LoadOptions::default();
            match (network.apply(&set, &options), network.apply_by_records(&set, &options)) {
                (Ok(fast), Ok(slow)) => prop_assert_eq!(fast, slow),
                (Err(fast), Err(slow)) => prop_assert_eq!(fast.to_string(), slow.to_string()),
                (fast, slow) => prop_assert!(
                    false,
                    "{:?} against {:?}",
                    fast.map(|_| ()),
                    slow.map(|_| ())
                ),
            }
        }
    }
}
