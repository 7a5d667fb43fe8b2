//! Live updates: a [`ChangeSet`] (people who join, leave or change their
//! record; ties made or ended) applied to a [`Network`], giving the updated
//! network with the same validation and errors as loading.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::builder::quoted;
use super::{LoadOptions, Network};
use crate::error::{Error, ErrorKind, Result};
use crate::records::{Dataset, PersonRecord, Section, TieRecord};

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
    /// so the [`PersonId`](crate::PersonId)s of everyone before the first
    /// person who leaves stay the same.
    ///
    /// # Complexity
    /// The network is written back to records, changed, and validated
    /// again as a whole: time and memory linear in the network (about what
    /// loading it from a file costs, without the parsing), not in the
    /// change alone.
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
