//! The validated, immutable [`Network`] and the one place records are checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use petgraph::visit::Dfs;
use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    derived_strength, Affinity, Attribute, AttributeId, Date, Evidence, Goal, Label, Neighbor,
    PastPair, Person, PersonId, Skill, SkillId, SkillLevel, Tie, TieId, MAX_ATTRIBUTES,
    MAX_ATTRIBUTE_NAME_LEN, MAX_ATTRIBUTE_VALUE_LEN, MAX_CAPACITY,
};
use crate::records::{
    AffinityRecord, Attributes, Dataset, GoalRecord, HistoryRecord, PersonRecord, Role,
    SkillLevels, SkillRecord, TieRecord,
};

mod visit;

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
/// let intro = PathFinder::new(&network).best(ada, yuki, 3).unwrap();
/// assert!(intro.warmth < strongest);
/// # Ok::<(), mentormatch::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
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
    fn sort_names(&mut self) {
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_unstable_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        let mut renumber = vec![AttributeId(0); order.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = AttributeId::new(new);
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
    /// Validates in-memory records into a network. Errors name the record as
    /// `people[3]` and the file as `dataset`; use [`crate::load`] for files.
    ///
    /// # Errors
    /// [`Error::Invalid`] for the first record that breaks a rule of the
    /// format (see `docs/formats.md`).
    pub fn from_dataset(dataset: &Dataset, options: &LoadOptions) -> Result<Network> {
        Builder::new(Origin::Memory).build(dataset, options)
    }

    pub(crate) fn from_dataset_at(
        dataset: &Dataset,
        options: &LoadOptions,
        origin: Origin,
    ) -> Result<Network> {
        Builder::new(origin).build(dataset, options)
    }

    /// Everyone, indexed by [`PersonId`].
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// One person.
    ///
    /// # Panics
    /// When `id` is not from this network.
    pub fn person(&self, id: PersonId) -> &Person {
        &self.people[id.index()]
    }

    /// The id of the person with external id `id`.
    pub fn person_id(&self, id: &str) -> Option<PersonId> {
        self.person_index.get(id).copied()
    }

    /// Every person's id, in order.
    pub fn person_ids(&self) -> impl ExactSizeIterator<Item = PersonId> + '_ {
        (0..self.people.len()).map(PersonId::new)
    }

    /// Every skill, indexed by [`SkillId`].
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// One skill.
    ///
    /// # Panics
    /// When `id` is not from this network.
    pub fn skill(&self, id: SkillId) -> &Skill {
        &self.skills[id.index()]
    }

    /// The id of the skill with external id `id`.
    pub fn skill_id(&self, id: &str) -> Option<SkillId> {
        self.skill_index.get(id).copied()
    }

    /// The text of an interned label.
    ///
    /// # Panics
    /// When `label` is not from this network.
    pub fn label(&self, label: Label) -> &str {
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

    /// The text of an attribute name.
    ///
    /// # Panics
    /// When `id` is not from this network.
    pub fn attribute_name(&self, id: AttributeId) -> &str {
        &self.attributes.names[id.index()]
    }

    /// The id of the attribute named `name`, if any person has it.
    pub fn attribute_id(&self, name: &str) -> Option<AttributeId> {
        self.attributes.index.get(name).copied()
    }

    /// Person `p`'s attributes, sorted by name (so in the order of
    /// [`Network::attribute_names`]).
    ///
    /// # Panics
    /// When `p` is not from this network.
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
    ///     .iter()
    ///     .map(|a| (n.attribute_name(a.name), n.label(a.value)))
    ///     .collect();
    /// assert_eq!(text, [("department", "Sales"), ("location", "London")]);
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn attributes(&self, p: PersonId) -> &[Attribute] {
        let t = &self.attributes;
        &t.entries[t.start[p.index()] as usize..t.start[p.index() + 1] as usize]
    }

    /// Person `p`'s value of attribute `name`, if they have one.
    /// `O(log attributes of p)`.
    ///
    /// # Panics
    /// When `p` is not from this network.
    pub fn attribute(&self, p: PersonId, name: AttributeId) -> Option<Label> {
        let own = self.attributes(p);
        own.binary_search_by_key(&name, |a| a.name)
            .ok()
            .map(|i| own[i].value)
    }

    /// Every tie, indexed by [`TieId`].
    pub fn ties(&self) -> &[Tie] {
        &self.ties
    }

    /// One tie.
    ///
    /// # Panics
    /// When `id` is not from this network.
    pub fn tie(&self, id: TieId) -> &Tie {
        &self.ties[id.index()]
    }

    /// The people tied to `p` and the ties to them, sorted by person.
    pub fn neighbors(&self, p: PersonId) -> &[Neighbor] {
        &self.adjacency[self.adjacency_start[p.index()]..self.adjacency_start[p.index() + 1]]
    }

    /// The tie between `a` and `b`, if they are tied. `O(log degree)`.
    pub fn tie_between(&self, a: PersonId, b: PersonId) -> Option<TieId> {
        let near = self.neighbors(a);
        near.binary_search_by_key(&b, |n| n.person)
            .ok()
            .map(|i| near[i].tie)
    }

    /// Whether either of `a` and `b` blocks the other.
    pub fn blocked_either_way(&self, a: PersonId, b: PersonId) -> bool {
        self.person(a).blocks(b) || self.person(b).blocks(a)
    }

    /// Whether `a` and `b` are on one reporting line within `levels` steps:
    /// one is the other's manager (1), skip-level manager (2), and so on.
    /// `levels = 0` is always false, and so is `a == b`.
    ///
    /// # Complexity
    /// `O(1)` time and no allocation, whatever `levels` and however deep the
    /// reporting line: it compares the two people's places in an Euler tour
    /// of the reporting forest, built once when the network is (linear time,
    /// 12 bytes a person).
    ///
    /// # Panics
    /// When `a` or `b` is not from this network.
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
    /// assert!(n.in_reporting_chain(dev, ceo, 2));
    /// assert!(!n.in_reporting_chain(ceo, dev, 1));
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn in_reporting_chain(&self, a: PersonId, b: PersonId, levels: u32) -> bool {
        self.reporting.within(a, b, levels)
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

    /// The affinity recorded for (`mentee`, `mentor`), if any.
    pub fn affinity(&self, mentee: PersonId, mentor: PersonId) -> Option<&Affinity> {
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
        let name = |p: PersonId| self.person(p).id.clone();
        let label = |l: Label| self.label(l).to_string();
        let skill = |s: SkillId| self.skill(s).id.clone();
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
                        self.attributes(id)
                            .iter()
                            .map(|a| (self.attribute_name(a.name).to_string(), label(a.value)))
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
        let mut start = vec![0u32; n + 1];
        for p in people {
            if let Some(m) = p.manager {
                start[m.index() + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut reports = vec![0u32; n - people.iter().filter(|p| p.manager.is_none()).count()];
        for (i, p) in people.iter().enumerate() {
            if let Some(m) = p.manager {
                reports[fill[m.index()] as usize] = i as u32;
                fill[m.index()] += 1;
            }
        }

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
                stack.extend(
                    reports[start[p] as usize..start[p + 1] as usize]
                        .iter()
                        .rev(),
                );
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

/// A set of dense indices (skills, labels or people) that empties in `O(1)`:
/// an index is in the set when its mark is the current generation. It finds
/// repeats in a person's lists in time linear in the list, allocation-free
/// after the first few people; comparing each item with those before it was
/// quadratic, a minute for one person with 200,000 skills.
#[derive(Default)]
struct Seen {
    generation: u32,
    marks: Vec<u32>,
}

impl Seen {
    /// Empties the set.
    fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // After 2^32 lists an old mark could match again.
            self.marks.fill(0);
            self.generation = 1;
        }
    }

    /// Adds `index`; false when it was already in the set.
    fn insert(&mut self, index: usize) -> bool {
        if index >= self.marks.len() {
            // `resize` grows the capacity geometrically: amortised O(1).
            self.marks.resize(index + 1, 0);
        }
        let fresh = self.marks[index] != self.generation;
        self.marks[index] = self.generation;
        fresh
    }
}

/// A section of a dataset, as named in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Skills,
    People,
    Ties,
    History,
    Affinities,
}

impl Section {
    pub(crate) const ALL: [Section; 5] = [
        Section::Skills,
        Section::People,
        Section::Ties,
        Section::History,
        Section::Affinities,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Section::Skills => "skills",
            Section::People => "people",
            Section::Ties => "ties",
            Section::History => "history",
            Section::Affinities => "affinities",
        }
    }
}

/// Where records came from, so that errors can name the file and record.
pub(crate) enum Origin {
    /// Built in memory: file `dataset`, records `people[3]`.
    Memory,
    /// A JSON file: records `people[3]`.
    Json(PathBuf),
    /// A CSV folder: one file per section, records by line number.
    Csv {
        dir: PathBuf,
        /// The line of every record, per section in [`Section::ALL`] order.
        lines: [Vec<u64>; 5],
    },
}

impl Origin {
    pub(crate) fn locate(&self, section: Section, index: usize) -> (String, String) {
        match self {
            Origin::Memory => ("dataset".into(), format!("{}[{index}]", section.name())),
            Origin::Json(path) => (
                path.display().to_string(),
                format!("{}[{index}]", section.name()),
            ),
            Origin::Csv { dir, lines } => (
                csv_file(dir, section).display().to_string(),
                format!("line {}", lines[section as usize][index]),
            ),
        }
    }
}

pub(crate) fn csv_file(dir: &Path, section: Section) -> PathBuf {
    dir.join(format!("{}.csv", section.name()))
}

/// An optional text field, where an empty string means absent (as an empty
/// CSV cell does), so that JSON and CSV exports of the same data agree.
fn given(field: &Option<String>) -> Option<&str> {
    field.as_deref().filter(|s| !s.is_empty())
}

/// Quotes a text value for an error message, cut when long (an id of a
/// megabyte would otherwise be a megabyte of error line).
fn quoted(s: &str) -> String {
    crate::text::cut(&format!("{s:?}"))
}

struct Builder {
    origin: Origin,
    skills: Vec<Skill>,
    skill_index: HashMap<String, SkillId>,
    labels: Vec<String>,
    label_index: HashMap<String, Label>,
    /// Scratch for finding repeats in one list of one person at a time.
    seen: Seen,
}

impl Builder {
    fn new(origin: Origin) -> Builder {
        Builder {
            origin,
            skills: Vec::new(),
            skill_index: HashMap::new(),
            labels: Vec::new(),
            label_index: HashMap::new(),
            seen: Seen::default(),
        }
    }

    fn error(
        &self,
        kind: ErrorKind,
        section: Section,
        index: usize,
        field: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Error {
        let (file, record) = self.origin.locate(section, index);
        Error::invalid(kind, file, record, field, value, reason)
    }

    fn label(&mut self, text: &str) -> Label {
        if let Some(&l) = self.label_index.get(text) {
            return l;
        }
        let l = Label::new(self.labels.len());
        self.labels.push(text.to_string());
        self.label_index.insert(text.to_string(), l);
        l
    }

    fn skill(&mut self, id: &str) -> SkillId {
        if let Some(&s) = self.skill_index.get(id) {
            return s;
        }
        let s = SkillId::new(self.skills.len());
        self.skills.push(Skill {
            id: id.to_string(),
            parent: None,
        });
        self.skill_index.insert(id.to_string(), s);
        s
    }

    fn build(mut self, data: &Dataset, options: &LoadOptions) -> Result<Network> {
        self.taxonomy(&data.skills)?;

        let mut person_index = HashMap::with_capacity(data.people.len());
        for (i, p) in data.people.iter().enumerate() {
            if p.id.is_empty() {
                return Err(self.error(
                    ErrorKind::Missing,
                    Section::People,
                    i,
                    "id",
                    "\"\"",
                    "id is empty",
                ));
            }
            if person_index
                .insert(p.id.clone(), PersonId::new(i))
                .is_some()
            {
                return Err(self.error(
                    ErrorKind::Duplicate,
                    Section::People,
                    i,
                    "id",
                    quoted(&p.id),
                    "duplicate person id",
                ));
            }
        }
        let mut attributes = AttributeTable::default();
        attributes.start.reserve(data.people.len() + 1);
        attributes.start.push(0);
        let people = data
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let person = self.person(i, p, &person_index)?;
                self.attributes(i, &p.attributes, &mut attributes)?;
                Ok(person)
            })
            .collect::<Result<Vec<_>>>()?;
        attributes.sort_names();
        self.reporting_line_is_acyclic(&people)?;
        let reporting = ReportingTree::new(&people);

        let ties = self.ties(&data.ties, &person_index, options.today)?;
        let (adjacency_start, adjacency) = adjacency(people.len(), &ties);
        let history = self.history(&data.history, &person_index)?;
        let (affinities, affinity_index) = self.affinities(&data.affinities, &person_index)?;

        Ok(Network {
            people,
            person_index,
            skills: self.skills,
            skill_index: self.skill_index,
            labels: self.labels,
            label_index: self.label_index,
            attributes,
            ties,
            adjacency_start,
            adjacency,
            history,
            affinities,
            affinity_index,
            reporting,
        })
    }

    fn taxonomy(&mut self, records: &[SkillRecord]) -> Result<()> {
        for (i, s) in records.iter().enumerate() {
            if s.id.is_empty() {
                return Err(self.error(
                    ErrorKind::Missing,
                    Section::Skills,
                    i,
                    "id",
                    "\"\"",
                    "id is empty",
                ));
            }
            if self.skill_index.contains_key(&s.id) {
                return Err(self.error(
                    ErrorKind::Duplicate,
                    Section::Skills,
                    i,
                    "id",
                    quoted(&s.id),
                    "duplicate skill id",
                ));
            }
            self.skill(&s.id);
        }
        for (i, s) in records.iter().enumerate() {
            if let Some(parent) = given(&s.parent) {
                let Some(&p) = self.skill_index.get(parent) else {
                    return Err(self.error(
                        ErrorKind::UnknownId,
                        Section::Skills,
                        i,
                        "parent",
                        quoted(parent),
                        "unknown parent skill (declare it in skills)",
                    ));
                };
                self.skills[i].parent = Some(p);
            }
        }
        let parents: Vec<Option<usize>> = self
            .skills
            .iter()
            .map(|s| s.parent.map(SkillId::index))
            .collect();
        if let Some(cycle) = find_cycle(&parents) {
            let names: Vec<&str> = cycle.iter().map(|&i| records[i].id.as_str()).collect();
            let first = cycle[0];
            return Err(self.error(
                ErrorKind::Cycle,
                Section::Skills,
                first,
                "parent",
                quoted(records[first].parent.as_deref().unwrap_or_default()),
                format!("skill taxonomy has a cycle: {}", cycle_text(&names)),
            ));
        }
        Ok(())
    }

    fn person(
        &mut self,
        i: usize,
        p: &PersonRecord,
        index: &HashMap<String, PersonId>,
    ) -> Result<Person> {
        let err = |b: &Builder, kind: ErrorKind, field: &str, value: String, reason: &str| {
            b.error(kind, Section::People, i, field, value, reason)
        };

        let manager = match given(&p.manager) {
            Some(m) => Some(
                person_ref(i, m, index)
                    .map_err(|(kind, reason)| err(self, kind, "manager", quoted(m), reason))?,
            ),
            None => None,
        };
        if let Some(tz) = p.timezone {
            if !(-12.0..=14.0).contains(&tz) {
                return Err(err(
                    self,
                    ErrorKind::OutOfRange,
                    "timezone",
                    tz.to_string(),
                    "UTC offset must be within -12 to 14 hours",
                ));
            }
        }
        let languages = self.labels_list(i, "languages", &p.languages)?;
        let experiences = self.labels_list(i, "experiences", &p.experiences)?;

        // Repeats in each list are found with `seen`, item by item in
        // linear time, so the first repeat in input order is the one
        // reported.
        let mut skills = Vec::with_capacity(p.skills.0.len());
        self.seen.clear();
        for (skill, level) in &p.skills.0 {
            if skill.is_empty() {
                return Err(err(
                    self,
                    ErrorKind::Missing,
                    "skills",
                    "\"\"".into(),
                    "skill id is empty",
                ));
            }
            if !(1..=5).contains(level) {
                return Err(err(
                    self,
                    ErrorKind::OutOfRange,
                    &format!("skills.{skill}"),
                    level.to_string(),
                    "skill level must be 1-5",
                ));
            }
            let id = self.skill(skill);
            // Files cannot say a skill twice (their readers refuse it), but
            // records built in memory can.
            if !self.seen.insert(id.index()) {
                return Err(err(
                    self,
                    ErrorKind::Duplicate,
                    "skills",
                    quoted(skill),
                    &format!("skill `{skill}` appears twice"),
                ));
            }
            skills.push(SkillLevel {
                skill: id,
                level: *level,
            });
        }
        skills.sort_unstable_by_key(|s| s.skill);

        let mut goals: Vec<Goal> = Vec::with_capacity(p.goals.len());
        self.seen.clear();
        for (k, g) in p.goals.iter().enumerate() {
            if g.skill.is_empty() {
                return Err(err(
                    self,
                    ErrorKind::Missing,
                    &format!("goals[{k}].skill"),
                    "\"\"".into(),
                    "skill id is empty",
                ));
            }
            if !(1..=5).contains(&g.level) {
                return Err(err(
                    self,
                    ErrorKind::OutOfRange,
                    &format!("goals[{k}].level"),
                    g.level.to_string(),
                    "goal level must be 1-5",
                ));
            }
            if g.priority < 1 {
                return Err(err(
                    self,
                    ErrorKind::OutOfRange,
                    &format!("goals[{k}].priority"),
                    g.priority.to_string(),
                    "goal priority must be at least 1",
                ));
            }
            let skill = self.skill(&g.skill);
            if !self.seen.insert(skill.index()) {
                return Err(err(
                    self,
                    ErrorKind::Duplicate,
                    &format!("goals[{k}].skill"),
                    quoted(&g.skill),
                    "two goals for the same skill",
                ));
            }
            goals.push(Goal {
                skill,
                level: g.level,
                priority: g.priority,
            });
        }

        for (field, capacity) in [
            ("mentor_capacity", p.mentor_capacity),
            ("sponsor_capacity", p.sponsor_capacity),
        ] {
            if capacity > MAX_CAPACITY {
                return Err(err(
                    self,
                    ErrorKind::OutOfRange,
                    field,
                    capacity.to_string(),
                    &format!("capacity above the limit of {MAX_CAPACITY}"),
                ));
            }
        }
        let mut seeks = p.seeks.clone();
        seeks.sort_unstable();
        if seeks.windows(2).any(|w| w[0] == w[1]) {
            let names: Vec<&str> = p.seeks.iter().map(|s| s.as_str()).collect();
            return Err(err(
                self,
                ErrorKind::Duplicate,
                "seeks",
                format!("{names:?}"),
                "listed twice",
            ));
        }

        Ok(Person {
            id: p.id.clone(),
            name: p.name.clone(),
            org: given(&p.org).map(|o| self.label(o)),
            manager,
            seniority: p.seniority,
            industry: given(&p.industry).map(|o| self.label(o)),
            timezone: p.timezone,
            languages,
            skills,
            goals,
            experiences,
            mentor_capacity: p.mentor_capacity,
            sponsor_capacity: p.sponsor_capacity,
            seeks_mentor: seeks.contains(&Role::Mentor),
            seeks_sponsor: seeks.contains(&Role::Sponsor),
            introducible: p.introducible,
            blocked: self.people_list(i, "blocked", &p.blocked, index)?,
            preferred: self.people_list(i, "preferred", &p.preferred, index)?,
        })
    }

    /// Checks person `i`'s attributes and appends them to `table` (names
    /// numbered in order of first use until
    /// [`AttributeTable::sort_names`]). An empty value is an absent
    /// attribute, as an empty CSV cell is.
    fn attributes(
        &mut self,
        i: usize,
        attributes: &Attributes,
        table: &mut AttributeTable,
    ) -> Result<()> {
        for (name, value) in &attributes.0 {
            let bad = |b: &Builder, kind: ErrorKind, field: String, value: &str, reason: String| {
                b.error(kind, Section::People, i, field, quoted(value), reason)
            };
            if name.is_empty() {
                let reason = "attribute name is empty".to_string();
                return Err(bad(
                    self,
                    ErrorKind::Missing,
                    "attributes".into(),
                    name,
                    reason,
                ));
            }
            if name.len() > MAX_ATTRIBUTE_NAME_LEN {
                let reason = format!("attribute name longer than {MAX_ATTRIBUTE_NAME_LEN} bytes");
                return Err(bad(
                    self,
                    ErrorKind::OutOfRange,
                    "attributes".into(),
                    name,
                    reason,
                ));
            }
            if name.chars().any(char::is_control) {
                let reason = "attribute name contains a control character".to_string();
                return Err(bad(
                    self,
                    ErrorKind::Parse,
                    "attributes".into(),
                    name,
                    reason,
                ));
            }
            if value.len() > MAX_ATTRIBUTE_VALUE_LEN {
                let reason = format!("attribute value longer than {MAX_ATTRIBUTE_VALUE_LEN} bytes");
                return Err(bad(
                    self,
                    ErrorKind::OutOfRange,
                    format!("attributes.{name}"),
                    value,
                    reason,
                ));
            }
        }
        // Values are interned in name order, not input order, so that the
        // labels (and so the network) do not depend on the order a file
        // lists a person's attributes in: a CSV folder lists them by column.
        let mut given: Vec<(&str, &str)> = attributes
            .0
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        given.sort_by_key(|&(n, _)| n);
        if let Some(w) = given.windows(2).find(|w| w[0].0 == w[1].0) {
            let name = w[0].0;
            let reason = format!("attribute `{name}` appears twice");
            return Err(self.error(
                ErrorKind::Duplicate,
                Section::People,
                i,
                "attributes",
                quoted(name),
                reason,
            ));
        }
        // A name given only empty values names no attribute.
        for (name, value) in given.into_iter().filter(|(_, v)| !v.is_empty()) {
            let name = match table.index.get(name) {
                Some(&id) => id,
                None if table.names.len() == MAX_ATTRIBUTES => {
                    let reason = format!(
                        "more than {MAX_ATTRIBUTES} distinct attribute names in the dataset"
                    );
                    return Err(self.error(
                        ErrorKind::OutOfRange,
                        Section::People,
                        i,
                        "attributes",
                        quoted(name),
                        reason,
                    ));
                }
                None => {
                    let id = AttributeId::new(table.names.len());
                    table.names.push(name.to_string());
                    table.index.insert(name.to_string(), id);
                    id
                }
            };
            let value = self.label(value);
            table.entries.push(Attribute { name, value });
        }
        let end = u32::try_from(table.entries.len()).map_err(|_| {
            let reason = format!("more than {} attribute values in the dataset", u32::MAX);
            self.error(
                ErrorKind::OutOfRange,
                Section::People,
                i,
                "attributes",
                "",
                reason,
            )
        })?;
        table.start.push(end);
        Ok(())
    }

    /// Person `i`'s list of other people (`blocked`, `preferred`), sorted.
    /// Every id is checked before repeats are looked for, and the repeat
    /// reported is the first in input order.
    fn people_list(
        &mut self,
        i: usize,
        field: &str,
        ids: &[String],
        index: &HashMap<String, PersonId>,
    ) -> Result<Vec<PersonId>> {
        let mut out = Vec::with_capacity(ids.len());
        for (k, id) in ids.iter().enumerate() {
            out.push(person_ref(i, id, index).map_err(|(kind, reason)| {
                self.error(
                    kind,
                    Section::People,
                    i,
                    format!("{field}[{k}]"),
                    quoted(id),
                    reason,
                )
            })?);
        }
        self.seen.clear();
        if let Some(k) = out.iter().position(|q| !self.seen.insert(q.index())) {
            return Err(self.error(
                ErrorKind::Duplicate,
                Section::People,
                i,
                field,
                quoted(&ids[k]),
                "listed twice",
            ));
        }
        out.sort_unstable();
        Ok(out)
    }

    fn labels_list(&mut self, i: usize, field: &str, texts: &[String]) -> Result<Vec<Label>> {
        let mut out: Vec<Label> = Vec::with_capacity(texts.len());
        self.seen.clear();
        for (k, t) in texts.iter().enumerate() {
            if t.is_empty() {
                return Err(self.error(
                    ErrorKind::Missing,
                    Section::People,
                    i,
                    format!("{field}[{k}]"),
                    "\"\"",
                    "empty value",
                ));
            }
            let l = self.label(t);
            if !self.seen.insert(l.index()) {
                return Err(self.error(
                    ErrorKind::Duplicate,
                    Section::People,
                    i,
                    format!("{field}[{k}]"),
                    quoted(t),
                    "listed twice",
                ));
            }
            out.push(l);
        }
        out.sort_unstable();
        Ok(out)
    }

    fn reporting_line_is_acyclic(&self, people: &[Person]) -> Result<()> {
        let managers: Vec<Option<usize>> = people
            .iter()
            .map(|p| p.manager.map(PersonId::index))
            .collect();
        match find_cycle(&managers) {
            None => Ok(()),
            Some(cycle) => {
                let names: Vec<&str> = cycle.iter().map(|&i| people[i].id.as_str()).collect();
                let first = cycle[0];
                let manager = people[first].manager.map(|m| people[m.index()].id.as_str());
                Err(self.error(
                    ErrorKind::Cycle,
                    Section::People,
                    first,
                    "manager",
                    quoted(manager.unwrap_or_default()),
                    format!("reporting line has a cycle: {}", cycle_text(&names)),
                ))
            }
        }
    }

    /// Validates the ties. The checks that need no interning run in
    /// parallel, a chunk at a time; each chunk's results are then taken in
    /// order, so the error reported is the one a sequential pass would find
    /// first. `today` of `None` means the latest last contact.
    fn ties(
        &mut self,
        records: &[TieRecord],
        index: &HashMap<String, PersonId>,
        today: Option<Date>,
    ) -> Result<Vec<Tie>> {
        // Chunks bound the memory held by intermediate results while giving
        // every thread plenty of work.
        const CHUNK: usize = 1 << 16;
        let mut ties = Vec::with_capacity(records.len());
        let mut last_kind: Option<(&str, Label)> = None;
        for (c, chunk) in records.chunks(CHUNK).enumerate() {
            let checked: Vec<Result<Tie>> = chunk
                .par_iter()
                .enumerate()
                .map_init(
                    || None,
                    |last, (k, t)| self.tie(c * CHUNK + k, t, index, last),
                )
                .collect();
            for (tie, t) in checked.into_iter().zip(chunk) {
                let mut tie = tie?;
                let text = given(&t.kind).unwrap_or("contact");
                // Consecutive ties often share a kind: skip the hash lookup.
                tie.kind = match last_kind {
                    Some((seen, label)) if seen == text => label,
                    _ => self.label(text),
                };
                last_kind = Some((text, tie.kind));
                ties.push(tie);
            }
        }
        // On success every last contact parsed, so this is the latest date
        // written in the dataset.
        let today = today
            .or_else(|| {
                ties.iter()
                    .filter_map(|t| t.evidence.and_then(|e| e.last_contact))
                    .max()
            })
            .unwrap_or(Date(0));
        ties.par_iter_mut().for_each(|t| {
            if let Some(e) = &t.evidence {
                t.strength = derived_strength(e, today);
            }
        });

        let mut order: Vec<(u64, u32)> = ties
            .par_iter()
            .enumerate()
            .map(|(i, t)| ((u64::from(t.a.0) << 32) | u64::from(t.b.0), i as u32))
            .collect();
        // Keys are distinct (they include the index), so the parallel
        // unstable sort has one possible result.
        order.par_sort_unstable();
        for w in order.windows(2) {
            if w[0].0 == w[1].0 {
                let (first, second) = (w[0].1 as usize, w[1].1 as usize);
                let r = &records[second];
                let (file, record) = self.origin.locate(Section::Ties, first);
                return Err(self.error(
                    ErrorKind::Duplicate,
                    Section::Ties,
                    second,
                    "b",
                    quoted(&r.b),
                    format!(
                        "duplicate tie between {:?} and {:?} (first at {file}: {record})",
                        r.a, r.b
                    ),
                ));
            }
        }
        Ok(ties)
    }

    /// Checks one tie record; its kind is left for the caller to intern.
    /// `last` remembers the previous `a` looked up: exports often list a
    /// person's ties together, and a hit saves a hash-table probe that
    /// usually misses the cache.
    fn tie<'r>(
        &self,
        i: usize,
        t: &'r TieRecord,
        index: &HashMap<String, PersonId>,
        last: &mut Option<(&'r str, PersonId)>,
    ) -> Result<Tie> {
        let err = |b: &Builder, kind: ErrorKind, field: &str, value: String, reason: &str| {
            b.error(kind, Section::Ties, i, field, value, reason)
        };
        let lookup = |b: &Builder, field: &str, id: &str| {
            index.get(id).copied().ok_or_else(|| {
                err(
                    b,
                    ErrorKind::UnknownId,
                    field,
                    quoted(id),
                    "unknown person id",
                )
            })
        };
        let a = match *last {
            Some((id, p)) if id == t.a => p,
            _ => lookup(self, "a", &t.a)?,
        };
        *last = Some((&t.a, a));
        let b = lookup(self, "b", &t.b)?;
        if a == b {
            return Err(err(
                self,
                ErrorKind::SelfReference,
                "b",
                quoted(&t.b),
                "a tie joins a person to themselves",
            ));
        }
        let evidence = match (t.strength, t.interactions) {
            (Some(_), Some(_)) => {
                return Err(err(
                    self,
                    ErrorKind::Conflict,
                    "strength",
                    String::new(),
                    "give either strength or interactions, not both",
                ))
            }
            (None, None) => {
                return Err(err(
                    self,
                    ErrorKind::Missing,
                    "strength",
                    String::new(),
                    "a tie needs strength or interactions",
                ))
            }
            (Some(_), None) if t.reciprocated.is_some() || t.last_contact.is_some() => {
                return Err(err(
                    self,
                    ErrorKind::Conflict,
                    "strength",
                    String::new(),
                    "reciprocated and last_contact go with interactions, not strength",
                ))
            }
            (Some(_), None) => None,
            (None, Some(interactions)) => {
                let reciprocated = t.reciprocated.unwrap_or(0);
                if reciprocated > interactions {
                    return Err(err(
                        self,
                        ErrorKind::OutOfRange,
                        "reciprocated",
                        reciprocated.to_string(),
                        &format!("more than the {interactions} interactions"),
                    ));
                }
                let last_contact = match given(&t.last_contact) {
                    None => None,
                    Some(s) => Some(Date::parse(s).ok_or_else(|| {
                        err(
                            self,
                            ErrorKind::Parse,
                            "last_contact",
                            quoted(s),
                            "not a valid YYYY-MM-DD date",
                        )
                    })?),
                };
                Some(Evidence {
                    interactions,
                    reciprocated,
                    last_contact,
                })
            }
        };
        let strength = match (evidence, t.strength) {
            // Derived once `today` is known, after every tie is read.
            (Some(_), _) => 0.0,
            (None, Some(s)) => {
                if !(s > 0.0 && s <= 1.0) {
                    return Err(err(
                        self,
                        ErrorKind::OutOfRange,
                        "strength",
                        s.to_string(),
                        "strength must be in (0, 1]",
                    ));
                }
                s
            }
            (None, None) => unreachable!("rejected above"),
        };
        Ok(Tie {
            a: a.min(b),
            b: a.max(b),
            kind: Label(0),
            strength,
            evidence,
        })
    }

    fn history(
        &self,
        records: &[HistoryRecord],
        index: &HashMap<String, PersonId>,
    ) -> Result<Vec<PastPair>> {
        records
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let (mentee, mentor) =
                    self.pair(Section::History, i, &h.mentee, &h.mentor, index)?;
                Ok(PastPair {
                    mentee,
                    mentor,
                    kind: h.kind,
                    outcome: h.outcome,
                })
            })
            .collect()
    }

    fn affinities(
        &self,
        records: &[AffinityRecord],
        index: &HashMap<String, PersonId>,
    ) -> Result<(Vec<Affinity>, AffinityIndex)> {
        let mut out = Vec::with_capacity(records.len());
        let mut by_pair = HashMap::with_capacity(records.len());
        for (i, a) in records.iter().enumerate() {
            let (mentee, mentor) =
                self.pair(Section::Affinities, i, &a.mentee, &a.mentor, index)?;
            for (field, score) in [("score", Some(a.score)), ("mentor_score", a.mentor_score)] {
                if let Some(s) = score {
                    if !(0.0..=1.0).contains(&s) {
                        return Err(self.error(
                            ErrorKind::OutOfRange,
                            Section::Affinities,
                            i,
                            field,
                            s.to_string(),
                            "score must be in [0, 1]",
                        ));
                    }
                }
            }
            if by_pair.insert((mentee, mentor), i).is_some() {
                return Err(self.error(
                    ErrorKind::Duplicate,
                    Section::Affinities,
                    i,
                    "mentor",
                    quoted(&a.mentor),
                    "a second affinity for the same pair",
                ));
            }
            out.push(Affinity {
                mentee,
                mentor,
                score: a.score,
                mentor_score: a.mentor_score.unwrap_or(a.score),
            });
        }
        Ok((out, by_pair))
    }

    fn pair(
        &self,
        section: Section,
        i: usize,
        mentee: &str,
        mentor: &str,
        index: &HashMap<String, PersonId>,
    ) -> Result<(PersonId, PersonId)> {
        let lookup = |field: &str, id: &str| {
            index.get(id).copied().ok_or_else(|| {
                let kind = ErrorKind::UnknownId;
                self.error(kind, section, i, field, quoted(id), "unknown person id")
            })
        };
        let (a, b) = (lookup("mentee", mentee)?, lookup("mentor", mentor)?);
        if a == b {
            return Err(self.error(
                ErrorKind::SelfReference,
                section,
                i,
                "mentor",
                quoted(mentor),
                "mentee and mentor are the same person",
            ));
        }
        Ok((a, b))
    }
}

/// The person that person `i` names as `id`; the error is its kind and
/// reason.
fn person_ref(
    i: usize,
    id: &str,
    index: &HashMap<String, PersonId>,
) -> std::result::Result<PersonId, (ErrorKind, &'static str)> {
    match index.get(id) {
        None => Err((ErrorKind::UnknownId, "unknown person id")),
        Some(&q) if q.index() == i => {
            Err((ErrorKind::SelfReference, "names the person themselves"))
        }
        Some(&q) => Ok(q),
    }
}

/// The most people (or skills) a cycle error names before it is cut.
const CYCLE_NAMED: usize = 5;

/// A cycle for an error message: `a → b → c → a`, or for a long one the
/// first [`CYCLE_NAMED`] and the length, `a → b → c → d → e → … (100000 in
/// the cycle)`, so that a cycle through a whole organisation is one short
/// line.
fn cycle_text(names: &[&str]) -> String {
    if names.len() <= CYCLE_NAMED {
        let mut text = names.join(" → ");
        text.push_str(" → ");
        text.push_str(names.first().copied().unwrap_or_default());
        return text;
    }
    format!(
        "{} → … ({} in the cycle)",
        names[..CYCLE_NAMED].join(" → "),
        names.len()
    )
}

/// A cycle in a forest given by parent pointers, as the nodes on it starting
/// from the one with the smallest index; `None` when there is none. Linear time.
fn find_cycle(parent: &[Option<usize>]) -> Option<Vec<usize>> {
    const NEW: u8 = 0;
    const ON_WALK: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; parent.len()];
    let mut walk = Vec::new();
    for start in 0..parent.len() {
        let mut at = Some(start);
        while let Some(node) = at {
            match state[node] {
                DONE => break,
                ON_WALK => {
                    let from = walk.iter().position(|&n| n == node).expect("on walk");
                    let mut cycle: Vec<usize> = walk[from..].to_vec();
                    let min = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, &n)| n)
                        .map(|(k, _)| k);
                    cycle.rotate_left(min.unwrap_or(0));
                    return Some(cycle);
                }
                _ => {
                    state[node] = ON_WALK;
                    walk.push(node);
                    at = parent[node];
                }
            }
        }
        for node in walk.drain(..) {
            state[node] = DONE;
        }
    }
    None
}

fn adjacency(people: usize, ties: &[Tie]) -> (Vec<usize>, Vec<Neighbor>) {
    let mut degree = vec![0usize; people + 1];
    for t in ties {
        degree[t.a.index() + 1] += 1;
        degree[t.b.index() + 1] += 1;
    }
    for i in 0..people {
        degree[i + 1] += degree[i];
    }
    let start = degree;
    let mut fill = start.clone();
    let mut adjacency = vec![
        Neighbor {
            person: PersonId(0),
            tie: TieId(0),
        };
        2 * ties.len()
    ];
    for (i, t) in ties.iter().enumerate() {
        let tie = TieId::new(i);
        adjacency[fill[t.a.index()]] = Neighbor { person: t.b, tie };
        fill[t.a.index()] += 1;
        adjacency[fill[t.b.index()]] = Neighbor { person: t.a, tie };
        fill[t.b.index()] += 1;
    }
    for p in 0..people {
        adjacency[start[p]..start[p + 1]].sort_unstable_by_key(|n| n.person);
    }
    (start, adjacency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cycles_are_cut_to_their_first_names_and_length() {
        assert_eq!(cycle_text(&["a", "b"]), "a → b → a");
        let names: Vec<String> = (0..100_000).map(|i| format!("p{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            cycle_text(&names),
            "p0 → p1 → p2 → p3 → p4 → … (100000 in the cycle)"
        );
    }

    #[test]
    fn find_cycle_reports_the_loop_only() {
        assert_eq!(find_cycle(&[None, Some(0), Some(1)]), None);
        assert_eq!(
            find_cycle(&[Some(2), Some(0), Some(1)]),
            Some(vec![0, 2, 1])
        );
        assert_eq!(
            find_cycle(&[None, Some(2), Some(1), Some(1)]),
            Some(vec![1, 2])
        );
        assert_eq!(find_cycle(&[Some(0)]), Some(vec![0]));
    }

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
        assert!(n.in_reporting_chain(id("dev"), id("lead"), 1));
        assert!(n.in_reporting_chain(id("lead"), id("dev"), 1));
        assert!(!n.in_reporting_chain(id("dev"), id("vp"), 1));
        assert!(n.in_reporting_chain(id("vp"), id("dev"), 2));
        assert!(!n.in_reporting_chain(id("dev"), id("ceo"), 2));
        assert!(!n.in_reporting_chain(id("dev"), id("lead"), 0));
        assert!(!n.in_reporting_chain(id("dev"), id("dev"), u32::MAX));
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
        let (top, bottom) = (PersonId::new(0), PersonId::new(N - 1));
        assert!(n.in_reporting_chain(top, bottom, u32::MAX));
        assert!(n.in_reporting_chain(bottom, top, u32::MAX));
        assert!(n.in_reporting_chain(top, bottom, N as u32 - 1));
        assert!(!n.in_reporting_chain(top, bottom, N as u32 - 2));
        assert!(!n.in_reporting_chain(bottom, bottom, u32::MAX));
        // Every person against the bottom of the line: 10^5 queries that a
        // walk up the line would answer in 5·10^9 steps, hours in a debug
        // build; places in the tour answer each in O(1).
        let within = (0..N - 1)
            .filter(|&i| n.in_reporting_chain(bottom, PersonId::new(i), u32::MAX))
            .count();
        assert_eq!(within, N - 1);
        let near = (0..N)
            .filter(|&i| n.in_reporting_chain(PersonId::new(i), bottom, 1000))
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
                            n.in_reporting_chain(PersonId::new(a), PersonId::new(b), l),
                            expected,
                            "managers {managers:?}, {a} and {b} within {l}"
                        );
                    }
                }
            }
        }
    }
}
