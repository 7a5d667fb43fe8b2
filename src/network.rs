//! The validated, immutable [`Network`]: people, skills, ties with their
//! compressed adjacency, history, affinities, attributes and the reporting
//! forest. Records become one in `builder`.

use std::collections::HashMap;

use petgraph::visit::Dfs;

use crate::csr::group;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    Affinity, Attribute, AttributeId, Date, Label, Neighbor, PastPair, Person, PersonId, Skill,
    SkillId, Tie, TieId,
};
use crate::records::{
    AffinityRecord, Attributes, Dataset, GoalRecord, HistoryRecord, PersonRecord, Role, Section,
    SkillLevels, SkillRecord, TieRecord,
};

mod builder;
mod update;
mod visit;

use builder::Builder;
pub(crate) use builder::Locate;

pub use update::ChangeSet;
pub use visit::{IncidentTies, TieRef, TieRefs, VisitedPeople};

/// Options for turning records into a [`Network`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The "today" of the tie-strength model (see
    /// [`derived_strength`](crate::derived_strength)). Default `None`: the
    /// latest `last_contact` in the dataset, so that the same file always
    /// gives the same strengths.
    pub today: Option<Date>,
}

/// A professional network: people, skills, ties, history and affinities,
/// validated once and immutable after.
///
/// Build one with [`Network::from_dataset`] or [`crate::load`]. Every id in it
/// is valid, the reporting line and the skill taxonomy have no cycles, ties
/// join two different people at most once with strength in (0, 1].
///
/// # As a petgraph graph
/// `&Network` implements petgraph's visit traits, so petgraph's traversals
/// (`Bfs`, `Dfs`, `depth_first_search`, ...) and algorithms (`dijkstra`,
/// `astar`, `connected_components`, `tarjan_scc`, ...) run on it directly,
/// reading the compact adjacency without copying it. The graph is
/// undirected; its nodes are people ([`PersonId`], weight [`Person`]) and its
/// edges ties ([`TieId`]), weighted by strength as an `f64`, so an edge cost
/// is a closure over the `weight()` of a [`TieRef`]. `edges(p)` yields each of `p`'s ties with `p` as its source, and a
/// traversal's visited set is a [`VisitedPeople`], one bit a person.
///
/// The graph is the raw ties: it knows nothing of who opted out of
/// introductions. With `-ln strength` as the cost, dijkstra finds the chain
/// whose strengths have the largest product, Ada → Ines (0.9) → Mira (0.8)
/// → Yuki (0.7); but Ines may not introduce, so the introduction
/// [`PathFinder`](crate::PathFinder) routes (which never passes through
/// someone who opted out) is a weaker one.
/// ```
/// use mentormatch::{load, LoadOptions, PathFinder};
/// use petgraph::algo::dijkstra;
/// use petgraph::visit::{Bfs, EdgeRef, Walker};
///
/// let network = load("data/story.json", &LoadOptions::default())?;
/// let ada = network.person_id("ada").unwrap();
/// let yuki = network.person_id("yuki").unwrap();
///
/// // Everyone in the story is within reach of Ada.
/// assert_eq!(Bfs::new(&network, ada).iter(&network).count(), 12);
///
/// let cost = dijkstra(&network, ada, Some(yuki), |e| -e.weight().ln());
/// let strongest = (-cost[&yuki]).exp();
/// assert!((strongest - 0.9 * 0.8 * 0.7).abs() < 1e-12);
///
/// let intro = PathFinder::new(&network).best(ada, yuki, 3)?.unwrap();
/// assert!(intro.warmth < strongest);
/// # Ok::<(), mentormatch::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// The tag of the [`PersonId`]s, [`Label`]s, [`AttributeId`]s and
    /// [`TieId`]s this network issues.
    tag: Tag,
    /// The tag of its [`SkillId`]s: its own, or that of the network whose
    /// taxonomy it continues ([`Network::apply`]).
    skill_tag: Tag,
    people: Vec<Person>,
    person_index: HashMap<String, PersonId>,
    skills: Vec<Skill>,
    skill_index: HashMap<String, SkillId>,
    labels: Vec<String>,
    label_index: HashMap<String, Label>,
    attributes: AttributeTable,
    ties: Vec<Tie>,
    // Compressed adjacency: the neighbours of person `p` are
    // `adjacency[adjacency_start[p]..adjacency_start[p + 1]]`, sorted by person.
    // petgraph's `Graph` keeps edges in linked lists, which is slower to walk
    // on the path searches this serves.
    adjacency_start: Vec<usize>,
    adjacency: Vec<Neighbor>,
    history: Vec<PastPair>,
    affinities: Vec<Affinity>,
    affinity_index: AffinityIndex,
    reporting: ReportingTree,
    /// By person: their id hashed ([`id_key`]), read wherever equal scores
    /// are ordered, one number instead of the id's text.
    id_keys: Vec<u64>,
}

/// A person's id hashed for the order of equal scores (FNV-1a; see
/// [`tie_break`](crate::tie_break)).
pub(crate) fn id_key(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// [`id_key`] of each of `people`.
fn id_keys(people: &[Person]) -> Vec<u64> {
    people.iter().map(|p| id_key(&p.id)).collect()
}

/// The tag a network stamps on the [`PersonId`]s it issues, so that an id
/// from another network is refused instead of read (8 bits, issued in turn
/// across the process). Provenance, not content: any two tags are equal, so
/// two networks built from the same records compare equal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tag(pub(crate) u8);

impl Tag {
    /// The next tag in turn, from 1 to 255: 0 is never issued, so
    /// `PersonId::default()` is refused by every network.
    pub(crate) fn next() -> Tag {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        Tag((NEXT.fetch_add(1, Ordering::Relaxed) % 255 + 1) as u8)
    }
}

impl PartialEq for Tag {
    fn eq(&self, _: &Tag) -> bool {
        true
    }
}

/// Where each (mentee, mentor) pair's affinity sits in `Network::affinities`.
type AffinityIndex = HashMap<(PersonId, PersonId), usize>;

/// Everyone's free attributes, compactly: names interned once and sorted
/// (so a network does not depend on the order files name them in), values
/// interned as labels, and each person's attributes a slice of one flat
/// array, sorted by name. A person costs 4 bytes plus 8 per attribute.
#[derive(Debug, Clone, Default, PartialEq)]
struct AttributeTable {
    names: Vec<String>,
    index: HashMap<String, AttributeId>,
    /// Person `p`'s attributes are `entries[start[p]..start[p + 1]]`.
    start: Vec<u32>,
    entries: Vec<Attribute>,
}

impl AttributeTable {
    /// Renumbers attribute names in sorted order and sorts each person's
    /// attributes by name, so that a network does not depend on the order
    /// its files name attributes in. Linear in the attributes (a person has
    /// at most [`MAX_ATTRIBUTES`]).
    fn sort_names(&mut self, tag: u8) {
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_unstable_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        let mut renumber = vec![AttributeId::default(); order.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = AttributeId::tagged(new, tag);
        }
        let names: Vec<String> = order
            .iter()
            .map(|&old| std::mem::take(&mut self.names[old]))
            .collect();
        self.names = names;
        for id in self.index.values_mut() {
            *id = renumber[id.index()];
        }
        for a in &mut self.entries {
            a.name = renumber[a.name.index()];
        }
        for w in self.start.windows(2) {
            self.entries[w[0] as usize..w[1] as usize].sort_unstable_by_key(|a| a.name);
        }
    }
}

/// Counts that describe a network at a glance (what `mentormatch validate` prints).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkSummary {
    /// People.
    pub people: usize,
    /// People seeking a mentor.
    pub seeking_mentor: usize,
    /// People seeking a sponsor.
    pub seeking_sponsor: usize,
    /// Sum of mentor capacities.
    pub mentor_capacity: u64,
    /// Sum of sponsor capacities.
    pub sponsor_capacity: u64,
    /// People offering any mentor capacity.
    pub mentors: usize,
    /// People offering any sponsor capacity.
    pub sponsors: usize,
    /// Ties.
    pub ties: usize,
    /// Skills, declared or used.
    pub skills: usize,
    /// Connected components of the tie graph (isolated people count as one each).
    pub components: usize,
    /// People in the largest connected component.
    pub largest_component: usize,
    /// The attribute names people carry, sorted.
    pub attributes: Vec<String>,
}

impl NetworkSummary {
    /// The summary as aligned lines ("people             300", ...), each
    /// ending in a newline, as `mentormatch validate` prints it.
    pub fn describe(&self) -> String {
        let mut lines = vec![
            ("people", self.people.to_string()),
            ("seeking a mentor", self.seeking_mentor.to_string()),
            ("seeking a sponsor", self.seeking_sponsor.to_string()),
            (
                "mentors",
                format!("{} (capacity {})", self.mentors, self.mentor_capacity),
            ),
            (
                "sponsors",
                format!("{} (capacity {})", self.sponsors, self.sponsor_capacity),
            ),
            ("ties", self.ties.to_string()),
            ("skills", self.skills.to_string()),
            (
                "components",
                format!(
                    "{} (largest {} people)",
                    self.components, self.largest_component
                ),
            ),
        ];
        if !self.attributes.is_empty() {
            lines.push(("attributes", self.attributes.join(", ")));
        }
        lines
            .into_iter()
            .map(|(label, value)| format!("{label:<18} {value}\n"))
            .collect()
    }
}

impl Network {
    /// `p`'s id hashed for the order of equal scores ([`id_key`]).
    #[inline]
    pub(crate) fn id_key(&self, p: PersonId) -> u64 {
        self.id_keys[p.index()]
    }

    /// Validates in-memory records into a network. Errors name the record as
    /// `people[3]` and the file as `dataset`; use [`crate::load`] for files.
    ///
    /// # Errors
    /// [`Error::Invalid`](crate::Error::Invalid) for the first record that breaks a rule of the
    /// format (see `docs/formats.md`).
    pub fn from_dataset(dataset: &Dataset, options: &LoadOptions) -> Result<Network> {
        let locate =
            |section: Section, index: usize| ("dataset".to_string(), section.record(index));
        Builder::new(&locate).build(dataset, options)
    }

    /// [`Network::from_dataset`], with errors naming the records as `locate`
    /// says (the file they were read from).
    pub(crate) fn from_dataset_at(
        dataset: &Dataset,
        options: &LoadOptions,
        locate: Locate<'_>,
    ) -> Result<Network> {
        Builder::new(locate).build(dataset, options)
    }

    /// Everyone, indexed by [`PersonId`].
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// One person; `None` for an id this network did not issue (see
    /// [`PersonId`]).
    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.issued(id).then(|| &self.people[id.index()])
    }

    /// One person, by an id the crate got from this network.
    #[inline]
    pub(crate) fn at(&self, id: PersonId) -> &Person {
        &self.people[id.index()]
    }

    /// Whether this network issued `id`: its tag is this network's and its
    /// index in range.
    #[inline]
    pub fn issued(&self, id: PersonId) -> bool {
        id.tag() == self.tag.0 && id.index() < self.people.len()
    }

    /// `Ok` when this network issued both people of every pair, else the
    /// [`ErrorKind::ForeignId`] error of the first id it did not, named
    /// `what[i].0` or `what[i].1`.
    ///
    /// # Errors
    /// As [`Network::check`].
    pub fn check_pairs(&self, what: &str, pairs: &[(PersonId, PersonId)]) -> Result<()> {
        for (i, &(a, b)) in pairs.iter().enumerate() {
            self.check(&format!("{what}[{i}].0"), a)?;
            self.check(&format!("{what}[{i}].1"), b)?;
        }
        Ok(())
    }

    /// `id` if this network issued it, else an [`ErrorKind::ForeignId`]
    /// error naming `what` (the argument) and the id: the check every
    /// function taking a [`PersonId`] makes before reading anything.
    ///
    /// # Errors
    /// When `id` comes from another network, or from this one before a
    /// change.
    pub fn check(&self, what: &str, id: PersonId) -> Result<PersonId> {
        if self.issued(id) {
            return Ok(id);
        }
        Err(Error::invalid(
            ErrorKind::ForeignId,
            "network",
            "",
            what,
            format!("person #{}", id.index()),
            "this id was issued by another network (or by this one before a change): \
             look the person up again by their string id",
        ))
    }

    /// The tag this network stamps on its ids.
    pub(crate) fn tag(&self) -> Tag {
        self.tag
    }

    /// The id of the `index`-th person, issued by this network.
    #[inline]
    pub(crate) fn id_at(&self, index: usize) -> PersonId {
        PersonId::tagged(index, self.tag.0)
    }

    /// The id of the `index`-th person (in [`Network::people`] order), if
    /// there are that many: the way from a dense index, such as a position
    /// in [`Centrality::scores`](crate::Centrality::scores), back to an id.
    pub fn person_at(&self, index: usize) -> Option<PersonId> {
        (index < self.people.len()).then(|| self.id_at(index))
    }

    /// The id of the person with external id `id`.
    pub fn person_id(&self, id: &str) -> Option<PersonId> {
        self.person_index.get(id).copied()
    }

    /// Every person's id, in order.
    pub fn person_ids(&self) -> impl ExactSizeIterator<Item = PersonId> + '_ {
        (0..self.people.len()).map(|i| self.id_at(i))
    }

    /// Every skill, indexed by [`SkillId`].
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// One skill; `None` for an id this network did not issue (one from
    /// another network's taxonomy; a network after
    /// [`Network::apply`](crate::Network::apply) keeps the taxonomy, and
    /// with it the skill ids).
    pub fn skill(&self, id: SkillId) -> Option<&Skill> {
        id.issued_by(self.skill_tag.0)
            .then(|| self.skills.get(id.index()))
            .flatten()
    }

    /// One skill, by an id the crate got from this network.
    pub(crate) fn skill_at(&self, id: SkillId) -> &Skill {
        &self.skills[id.index()]
    }

    /// The id of the skill with external id `id`.
    pub fn skill_id(&self, id: &str) -> Option<SkillId> {
        self.skill_index.get(id).copied()
    }

    /// The text of an interned label; `None` for a label this network did
    /// not issue.
    pub fn label(&self, label: Label) -> Option<&str> {
        label
            .issued_by(self.tag.0)
            .then(|| self.labels.get(label.index()).map(String::as_str))
            .flatten()
    }

    /// The text of a label the crate got from this network.
    pub(crate) fn label_text(&self, label: Label) -> &str {
        &self.labels[label.index()]
    }

    /// The label with text `text`, if any record used it.
    pub fn label_id(&self, text: &str) -> Option<Label> {
        self.label_index.get(text).copied()
    }

    /// Every attribute name in the dataset, indexed by [`AttributeId`],
    /// in sorted order.
    pub fn attribute_names(&self) -> &[String] {
        &self.attributes.names
    }

    /// The text of an attribute name; `None` for an id this network did
    /// not issue.
    pub fn attribute_name(&self, id: AttributeId) -> Option<&str> {
        id.issued_by(self.tag.0)
            .then(|| self.attributes.names.get(id.index()).map(String::as_str))
            .flatten()
    }

    /// The text of an attribute name the crate got from this network.
    pub(crate) fn attribute_text(&self, id: AttributeId) -> &str {
        &self.attributes.names[id.index()]
    }

    /// The id of the attribute named `name`, if any person has it.
    pub fn attribute_id(&self, name: &str) -> Option<AttributeId> {
        self.attributes.index.get(name).copied()
    }

    /// Person `p`'s attributes, sorted by name (so in the order of
    /// [`Network::attribute_names`]); `None` for an id this network did
    /// not issue.
    ///
    /// # Example
    /// ```
    /// use mentormatch::{Dataset, LoadOptions, Network, PersonRecord};
    /// let mut ada = PersonRecord::new("ada");
    /// ada.attributes.0.push(("location".into(), "London".into()));
    /// ada.attributes.0.push(("department".into(), "Sales".into()));
    /// let data = Dataset { people: vec![ada], ..Dataset::default() };
    /// let n = Network::from_dataset(&data, &LoadOptions::default())?;
    /// let ada = n.person_id("ada").unwrap();
    /// let text: Vec<(&str, &str)> = n
    ///     .attributes(ada)
    ///     .unwrap()
    ///     .iter()
    ///     .map(|a| (n.attribute_name(a.name).unwrap(), n.label(a.value).unwrap()))
    ///     .collect();
    /// assert_eq!(text, [("department", "Sales"), ("location", "London")]);
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn attributes(&self, p: PersonId) -> Option<&[Attribute]> {
        self.issued(p).then(|| self.attributes_of(p))
    }

    /// Person `p`'s attributes, by an id the crate got from this network.
    pub(crate) fn attributes_of(&self, p: PersonId) -> &[Attribute] {
        let t = &self.attributes;
        &t.entries[t.start[p.index()] as usize..t.start[p.index() + 1] as usize]
    }

    /// Person `p`'s value of attribute `name`, if they have one (`None`
    /// too for an id this network did not issue). `O(log attributes of p)`.
    pub fn attribute(&self, p: PersonId, name: AttributeId) -> Option<Label> {
        if !name.issued_by(self.tag.0) {
            return None;
        }
        let own = self.attributes(p)?;
        own.binary_search_by_key(&name, |a| a.name)
            .ok()
            .map(|i| own[i].value)
    }

    /// Every tie, indexed by [`TieId`].
    pub fn ties(&self) -> &[Tie] {
        &self.ties
    }

    /// One tie; `None` for an id this network did not issue.
    pub fn tie(&self, id: TieId) -> Option<&Tie> {
        id.issued_by(self.tag.0)
            .then(|| self.ties.get(id.index()))
            .flatten()
    }

    /// The id of tie `index` (a crate-internal tie index).
    #[inline]
    pub(crate) fn tie_id(&self, index: u32) -> TieId {
        TieId::tagged(index as usize, self.tag.0)
    }

    /// One tie, by an id the crate got from this network.
    #[inline]
    pub(crate) fn tie_at(&self, id: TieId) -> &Tie {
        &self.ties[id.index()]
    }

    /// The people tied to `p` and the ties to them, sorted by person;
    /// `None` for an id this network did not issue.
    pub fn neighbors(&self, p: PersonId) -> Option<&[Neighbor]> {
        self.issued(p).then(|| self.adjacent(p))
    }

    /// The people tied to `p`, by an id the crate got from this network.
    #[inline]
    pub(crate) fn adjacent(&self, p: PersonId) -> &[Neighbor] {
        &self.adjacency[self.adjacency_start[p.index()]..self.adjacency_start[p.index() + 1]]
    }

    /// The tie between `a` and `b`, if they are tied (`None` too when
    /// this network did not issue both ids). `O(log degree)`.
    pub fn tie_between(&self, a: PersonId, b: PersonId) -> Option<TieId> {
        (self.issued(a) && self.issued(b))
            .then(|| self.link(a, b))
            .flatten()
    }

    /// The tie between `a` and `b`, ids the crate got from this network.
    #[inline]
    pub(crate) fn link(&self, a: PersonId, b: PersonId) -> Option<TieId> {
        let near = self.adjacent(a);
        near.binary_search_by_key(&b, |n| n.person)
            .ok()
            .map(|i| near[i].tie)
    }

    /// Whether either of `a` and `b` blocks the other; `None` when this
    /// network did not issue both ids.
    pub fn blocked_either_way(&self, a: PersonId, b: PersonId) -> Option<bool> {
        (self.issued(a) && self.issued(b)).then(|| self.blocked(a, b))
    }

    /// Whether either of `a` and `b` blocks the other, by ids the crate
    /// got from this network.
    pub(crate) fn blocked(&self, a: PersonId, b: PersonId) -> bool {
        self.at(a).blocks(b) || self.at(b).blocks(a)
    }

    /// Whether `a` and `b` are on one reporting line within `levels` steps:
    /// one is the other's manager (1), skip-level manager (2), and so on.
    /// `levels = 0` is always false, and so is `a == b`; `None` when this
    /// network did not issue both ids.
    ///
    /// # Complexity
    /// `O(1)` time and no allocation, whatever `levels` and however deep the
    /// reporting line: it compares the two people's places in an Euler tour
    /// of the reporting forest, built once when the network is (linear time,
    /// 12 bytes a person).
    ///
    /// # Example
    /// Dev reports to Lead, who reports to the CEO: the CEO is Dev's
    /// manager two levels up, so a pair of them is excluded at
    /// `exclude_reporting_chain = 2` but not at 1.
    /// ```
    /// use mentormatch::{Dataset, LoadOptions, Network, PersonRecord};
    /// let mut data = Dataset::default();
    /// for (id, manager) in [("ceo", None), ("lead", Some("ceo")), ("dev", Some("lead"))] {
    ///     let mut p = PersonRecord::new(id);
    ///     p.manager = manager.map(str::to_string);
    ///     data.people.push(p);
    /// }
    /// let n = Network::from_dataset(&data, &LoadOptions::default())?;
    /// let (ceo, dev) = (n.person_id("ceo").unwrap(), n.person_id("dev").unwrap());
    /// assert_eq!(n.in_reporting_chain(dev, ceo, 2), Some(true));
    /// assert_eq!(n.in_reporting_chain(ceo, dev, 1), Some(false));
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn in_reporting_chain(&self, a: PersonId, b: PersonId, levels: u32) -> Option<bool> {
        (self.issued(a) && self.issued(b)).then(|| self.reporting.within(a, b, levels))
    }

    /// The reporting forest's Euler tour, for scorers that keep a copy.
    pub(crate) fn reporting_tree(&self) -> &ReportingTree {
        &self.reporting
    }

    /// Past mentor and sponsor pairs, in input order.
    pub fn history(&self) -> &[PastPair] {
        &self.history
    }

    /// External pair scores, in input order.
    pub fn affinities(&self) -> &[Affinity] {
        &self.affinities
    }

    /// The affinity recorded for (`mentee`, `mentor`), if any (`None` too
    /// when this network did not issue both ids).
    pub fn affinity(&self, mentee: PersonId, mentor: PersonId) -> Option<&Affinity> {
        if !(self.issued(mentee) && self.issued(mentor)) {
            return None;
        }
        self.affinity_index
            .get(&(mentee, mentor))
            .map(|&i| &self.affinities[i])
    }

    /// The connected component of every person, numbered densely from 0 in
    /// order of each component's smallest person id. Linear time; the same
    /// components as petgraph's `connected_components(&network)` counts.
    pub fn components(&self) -> Vec<u32> {
        // A depth-first walk from each person not yet reached, in id order,
        // meets every component first at its smallest person, so walks
        // number components in the promised order. The walk's visit map
        // persists across starts, so each person is reached once.
        let mut component = vec![u32::MAX; self.people.len()];
        let mut walk = Dfs::empty(self);
        let mut next = 0;
        for p in self.person_ids() {
            if component[p.index()] != u32::MAX {
                continue;
            }
            walk.move_to(p);
            while let Some(q) = walk.next(self) {
                component[q.index()] = next;
            }
            next += 1;
        }
        component
    }

    /// Counts that describe the network at a glance.
    pub fn summary(&self) -> NetworkSummary {
        let components = self.components();
        let mut sizes = vec![0usize; components.iter().max().map_or(0, |&c| c as usize + 1)];
        for &c in &components {
            sizes[c as usize] += 1;
        }
        let p = &self.people;
        NetworkSummary {
            people: p.len(),
            seeking_mentor: p.iter().filter(|p| p.seeks_mentor).count(),
            seeking_sponsor: p.iter().filter(|p| p.seeks_sponsor).count(),
            mentor_capacity: p.iter().map(|p| u64::from(p.mentor_capacity)).sum(),
            sponsor_capacity: p.iter().map(|p| u64::from(p.sponsor_capacity)).sum(),
            mentors: p.iter().filter(|p| p.mentor_capacity > 0).count(),
            sponsors: p.iter().filter(|p| p.sponsor_capacity > 0).count(),
            ties: self.ties.len(),
            skills: self.skills.len(),
            components: sizes.len(),
            largest_component: sizes.iter().copied().max().unwrap_or(0),
            attributes: self.attributes.names.clone(),
        }
    }

    /// The network as records, such that `Network::from_dataset` of the
    /// result gives back an equal network. Derived tie strengths are written
    /// as their evidence; every skill is written to the `skills` section.
    pub fn to_dataset(&self) -> Dataset {
        let name = |p: PersonId| self.at(p).id.clone();
        let label = |l: Label| self.label_text(l).to_string();
        let skill = |s: SkillId| self.skill_at(s).id.clone();
        Dataset {
            skills: self
                .skills
                .iter()
                .map(|s| SkillRecord {
                    id: s.id.clone(),
                    parent: s.parent.map(skill),
                })
                .collect(),
            people: self
                .people
                .iter()
                .zip(self.person_ids())
                .map(|(p, id)| PersonRecord {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    org: p.org.map(label),
                    manager: p.manager.map(name),
                    seniority: p.seniority,
                    industry: p.industry.map(label),
                    timezone: p.timezone,
                    languages: p.languages.iter().copied().map(label).collect(),
                    skills: SkillLevels(
                        p.skills.iter().map(|s| (skill(s.skill), s.level)).collect(),
                    ),
                    goals: p
                        .goals
                        .iter()
                        .map(|g| GoalRecord {
                            skill: skill(g.skill),
                            level: g.level,
                            priority: g.priority,
                        })
                        .collect(),
                    experiences: p.experiences.iter().copied().map(label).collect(),
                    mentor_capacity: p.mentor_capacity,
                    sponsor_capacity: p.sponsor_capacity,
                    seeks: [
                        (p.seeks_mentor, Role::Mentor),
                        (p.seeks_sponsor, Role::Sponsor),
                    ]
                    .into_iter()
                    .filter_map(|(yes, s)| yes.then_some(s))
                    .collect(),
                    introducible: p.introducible,
                    blocked: p.blocked.iter().copied().map(name).collect(),
                    preferred: p.preferred.iter().copied().map(name).collect(),
                    attributes: Attributes(
                        self.attributes_of(id)
                            .iter()
                            .map(|a| (self.attribute_text(a.name).to_string(), label(a.value)))
                            .collect(),
                    ),
                })
                .collect(),
            ties: self
                .ties
                .iter()
                .map(|t| {
                    let mut record = TieRecord {
                        a: name(t.a),
                        b: name(t.b),
                        kind: Some(label(t.kind)),
                        strength: Some(t.strength),
                        interactions: None,
                        reciprocated: None,
                        last_contact: None,
                    };
                    if let Some(e) = t.evidence {
                        record.strength = None;
                        record.interactions = Some(e.interactions);
                        record.reciprocated = Some(e.reciprocated);
                        record.last_contact = e.last_contact.map(|d| d.to_string());
                    }
                    record
                })
                .collect(),
            history: self
                .history
                .iter()
                .map(|h| HistoryRecord {
                    mentee: name(h.mentee),
                    mentor: name(h.mentor),
                    kind: h.kind,
                    outcome: h.outcome,
                })
                .collect(),
            affinities: self
                .affinities
                .iter()
                .map(|a| AffinityRecord {
                    mentee: name(a.mentee),
                    mentor: name(a.mentor),
                    score: a.score,
                    mentor_score: Some(a.mentor_score),
                })
                .collect(),
        }
    }
}

/// The reporting forest as an Euler tour: where each person sits, so that
/// "is `a` a manager of `b` within `L` levels" is two comparisons of
/// intervals and one of depths, however long the line above them.
///
/// A preorder walk numbers everyone; a person's reports, direct or not, are
/// exactly those numbered from just after them to `exit`. So `a` is above `b`
/// iff `a.enter < b.enter <= a.exit`, and `b.depth - a.depth` steps above.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReportingTree {
    places: Vec<Place>,
}

/// One person's place in [`ReportingTree`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Place {
    /// Steps from the top of the person's reporting line (0 at the top).
    depth: u32,
    /// Preorder number.
    enter: u32,
    /// The largest preorder number among the person and their reports.
    exit: u32,
}

impl ReportingTree {
    /// Numbers the forest of `people`'s managers, which must have no cycle.
    /// Linear time; iterative, since a reporting line may be a million
    /// people deep and recursion would overflow the stack.
    fn new(people: &[Person]) -> ReportingTree {
        let n = people.len();
        // Reports of each person as a compressed list, in id order.
        let reports = group(n, people.iter().map(|p| p.manager.map(PersonId::index)));

        // Preorder: a person is numbered before their reports, and the
        // manager's depth is known when a report is numbered.
        let mut places = vec![Place::default(); n];
        let mut order = Vec::with_capacity(n);
        let mut stack: Vec<u32> = Vec::new();
        for root in (0..n).filter(|&i| people[i].manager.is_none()) {
            stack.push(root as u32);
            while let Some(p) = stack.pop() {
                let p = p as usize;
                places[p].enter = order.len() as u32;
                places[p].depth = people[p].manager.map_or(0, |m| places[m.index()].depth + 1);
                order.push(p as u32);
                // Reversed so that reports are numbered in id order.
                stack.extend(reports.get(p).iter().rev());
            }
        }
        debug_assert_eq!(order.len(), n, "the reporting line has no cycle");

        // Subtree sizes, leaves first: everyone after their reports in
        // reverse preorder.
        let mut size = vec![1u32; n];
        for &p in order.iter().rev() {
            let p = p as usize;
            places[p].exit = places[p].enter + size[p] - 1;
            if let Some(m) = people[p].manager {
                size[m.index()] += size[p];
            }
        }
        ReportingTree { places }
    }

    /// Whether one of `a` and `b` is the other's manager within `levels`
    /// steps (never when `a == b`). `O(1)`.
    #[inline]
    pub(crate) fn within(&self, a: PersonId, b: PersonId, levels: u32) -> bool {
        let (pa, pb) = (self.places[a.index()], self.places[b.index()]);
        // `down.depth > up.depth` once `up` is above `down`: no underflow.
        let above = |up: Place, down: Place| {
            up.enter < down.enter && down.enter <= up.exit && down.depth - up.depth <= levels
        };
        above(pa, pb) || above(pb, pa)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporting_chain_counts_levels_both_ways() {
        let mut data = Dataset::default();
        for (id, manager) in [
            ("ceo", None),
            ("vp", Some("ceo")),
            ("lead", Some("vp")),
            ("dev", Some("lead")),
        ] {
            let mut p = PersonRecord::new(id);
            p.manager = manager.map(str::to_string);
            data.people.push(p);
        }
        let n = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let id = |s| n.person_id(s).unwrap();
        assert!(n.reporting_tree().within(id("dev"), id("lead"), 1));
        assert!(n.reporting_tree().within(id("lead"), id("dev"), 1));
        assert!(!n.reporting_tree().within(id("dev"), id("vp"), 1));
        assert!(n.reporting_tree().within(id("vp"), id("dev"), 2));
        assert!(!n.reporting_tree().within(id("dev"), id("ceo"), 2));
        assert!(!n.reporting_tree().within(id("dev"), id("lead"), 0));
        assert!(!n.reporting_tree().within(id("dev"), id("dev"), u32::MAX));
    }

    /// People `p0`… with the given managers (indices), validated.
    fn forest(managers: &[Option<usize>]) -> Network {
        let mut data = Dataset::default();
        for (i, m) in managers.iter().enumerate() {
            let mut p = PersonRecord::new(format!("p{i}"));
            p.manager = m.map(|m| format!("p{m}"));
            data.people.push(p);
        }
        Network::from_dataset(&data, &LoadOptions::default()).unwrap()
    }

    #[test]
    fn reporting_chain_100000_deep_answers_without_walking_it() {
        // p0 manages p1, who manages p2, and so on down to p99999.
        const N: usize = 100_000;
        let managers: Vec<Option<usize>> = (0..N).map(|i| i.checked_sub(1)).collect();
        let n = forest(&managers);
        let (top, bottom) = (n.id_at(0), n.id_at(N - 1));
        assert!(n.reporting_tree().within(top, bottom, u32::MAX));
        assert!(n.reporting_tree().within(bottom, top, u32::MAX));
        assert!(n.reporting_tree().within(top, bottom, N as u32 - 1));
        assert!(!n.reporting_tree().within(top, bottom, N as u32 - 2));
        assert!(!n.reporting_tree().within(bottom, bottom, u32::MAX));
        // Every person against the bottom of the line: 10^5 queries that a
        // walk up the line would answer in 5·10^9 steps, hours in a debug
        // build; places in the tour answer each in O(1).
        let within = (0..N - 1)
            .filter(|&i| n.reporting_tree().within(bottom, n.id_at(i), u32::MAX))
            .count();
        assert_eq!(within, N - 1);
        let near = (0..N)
            .filter(|&i| n.reporting_tree().within(n.id_at(i), bottom, 1000))
            .count();
        assert_eq!(near, 1000);
        // The tour itself: one line, numbered top down.
        let last = n.reporting.places[N - 1];
        assert_eq!(
            (last.depth, last.enter, last.exit),
            (N as u32 - 1, N as u32 - 1, N as u32 - 1)
        );
        assert_eq!(n.reporting.places[0].exit, N as u32 - 1);
    }

    #[test]
    fn reporting_chain_agrees_with_a_walk_up_the_line_on_random_forests() {
        // A fixed seed, so a failure replays.
        let mut rng = crate::rng::Rng::for_item(0x5eed, 0, 0);
        let mut next = move || rng.next_u64();
        let walk = |managers: &[Option<usize>], from: usize, to: usize, levels: u32| {
            let mut at = from;
            for _ in 0..levels {
                match managers[at] {
                    Some(m) if m == to => return true,
                    Some(m) => at = m,
                    None => return false,
                }
            }
            false
        };
        for _ in 0..300 {
            let size = 1 + (next() % 24) as usize;
            // Managers come earlier in a random order, so that ids and
            // depths are unrelated and the forest has no cycle.
            let mut order: Vec<usize> = (0..size).collect();
            for i in (1..size).rev() {
                order.swap(i, (next() % (i as u64 + 1)) as usize);
            }
            let mut managers = vec![None; size];
            for k in 1..size {
                if next() % 5 != 0 {
                    managers[order[k]] = Some(order[(next() % k as u64) as usize]);
                }
            }
            let n = forest(&managers);
            let mut levels: Vec<u32> = (0..=size as u32 + 1).collect();
            levels.push(u32::MAX);
            for a in 0..size {
                for b in 0..size {
                    for &l in &levels {
                        let expected = walk(&managers, a, b, l) || walk(&managers, b, a, l);
                        assert_eq!(
                            n.reporting_tree().within(n.id_at(a), n.id_at(b), l),
                            expected,
                            "managers {managers:?}, {a} and {b} within {l}"
                        );
                    }
                }
            }
        }
    }
}
