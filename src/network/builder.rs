//! The one place records are checked: [`Builder`] validates a [`Dataset`]
//! into a [`Network`], naming the file, record, field and value of the first
//! error.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{id_keys, AffinityIndex, AttributeTable, LoadOptions, Network, ReportingTree, Tag};
use crate::csr::group;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    derived_strength, Affinity, Attribute, AttributeId, Date, Evidence, Goal, Label, Neighbor,
    PastPair, Person, PersonId, Skill, SkillId, SkillLevel, Tie, TieId, MAX_ATTRIBUTES,
    MAX_ATTRIBUTE_NAME_LEN, MAX_ATTRIBUTE_VALUE_LEN, MAX_CAPACITY, MAX_NETWORK_PEOPLE,
};
use crate::records::{
    AffinityRecord, Attributes, Dataset, HistoryRecord, PersonRecord, Role, Section, SkillRecord,
    TieRecord,
};

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

/// An optional text field, where an empty string means absent (as an empty
/// CSV cell does), so that JSON and CSV exports of the same data agree.
fn given(field: &Option<String>) -> Option<&str> {
    field.as_deref().filter(|s| !s.is_empty())
}

/// Quotes a text value for an error message, cut when long (an id of a
/// megabyte would otherwise be a megabyte of error line).
pub(super) fn quoted(s: &str) -> String {
    crate::text::cut(&format!("{s:?}"))
}

/// Turns records into a [`Network`], naming the record of every error
/// through `locate` (the record's file and place: `people[3]` in memory or
/// JSON, a line of a CSV file).
pub(super) struct Builder<'a> {
    locate: Locate<'a>,
    skills: Vec<Skill>,
    skill_index: HashMap<String, SkillId>,
    labels: Vec<String>,
    label_index: HashMap<String, Label>,
    /// The tag of the network being built, on its people, labels,
    /// attributes and ties; its skills carry `skill_tag` (the tag of the
    /// network whose taxonomy they continue).
    pub(super) tag: Tag,
    pub(super) skill_tag: Tag,
    /// The first skill or label beyond what an id holds, if any
    /// ([`Builder::interned_fit`]).
    overflow: Option<(&'static str, String)>,
    /// Scratch for finding repeats in one list of one person at a time.
    seen: Seen,
}

/// What a [`Builder`] interned: the network's skills and labels.
pub(super) struct Interned {
    pub(super) skills: Vec<Skill>,
    pub(super) skill_index: HashMap<String, SkillId>,
    pub(super) labels: Vec<String>,
    pub(super) label_index: HashMap<String, Label>,
    pub(super) skill_tag: Tag,
}

/// Where record `index` of a section is: its file, and the record's name in
/// it (`people[3]`, `line 7`).
pub(crate) type Locate<'a> = &'a (dyn Fn(Section, usize) -> (String, String) + Sync);

impl<'a> Builder<'a> {
    /// A builder that continues `network`'s skills (ids and parents kept,
    /// new ones appended, as the network's own `skills` section would
    /// give) with labels interned afresh.
    pub(super) fn continuing(locate: Locate<'a>, network: &Network) -> Builder<'a> {
        Builder {
            skills: network.skills.clone(),
            skill_index: network.skill_index.clone(),
            skill_tag: network.skill_tag,
            ..Builder::new(locate)
        }
    }

    pub(super) fn new(locate: Locate<'a>) -> Builder<'a> {
        let tag = Tag::next();
        Builder {
            locate,
            skills: Vec::new(),
            skill_index: HashMap::new(),
            labels: Vec::new(),
            label_index: HashMap::new(),
            tag,
            skill_tag: tag,
            overflow: None,
            seen: Seen::default(),
        }
    }

    pub(super) fn error(
        &self,
        kind: ErrorKind,
        section: Section,
        index: usize,
        field: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Error {
        let (file, record) = (self.locate)(section, index);
        Error::invalid(kind, file, record, field, value, reason)
    }

    pub(super) fn label(&mut self, text: &str) -> Label {
        if let Some(&l) = self.label_index.get(text) {
            return l;
        }
        if self.labels.len() >= Label::MAX {
            self.overflow.get_or_insert(("labels", text.to_string()));
            return Label::untagged(0);
        }
        let l = Label::tagged(self.labels.len(), self.tag.0);
        self.labels.push(text.to_string());
        self.label_index.insert(text.to_string(), l);
        l
    }

    fn skill(&mut self, id: &str) -> SkillId {
        if let Some(&s) = self.skill_index.get(id) {
            return s;
        }
        if self.skills.len() >= SkillId::MAX {
            self.overflow.get_or_insert(("skills", id.to_string()));
            return SkillId::untagged(0);
        }
        let s = SkillId::tagged(self.skills.len(), self.skill_tag.0);
        self.skills.push(Skill {
            id: id.to_string(),
            parent: None,
        });
        self.skill_index.insert(id.to_string(), s);
        s
    }

    /// The error for a dataset whose person `id` is one more than a
    /// network holds ([`MAX_NETWORK_PEOPLE`]).
    pub(super) fn too_many_people(&self, id: &str) -> Error {
        self.error(
            ErrorKind::OutOfRange,
            Section::People,
            MAX_NETWORK_PEOPLE,
            "id",
            quoted(id),
            format!("one network holds at most {MAX_NETWORK_PEOPLE} people"),
        )
    }

    /// Person `i`'s id must not be empty.
    pub(super) fn id_given(&self, i: usize, id: &str) -> Result<()> {
        if id.is_empty() {
            return Err(self.error(
                ErrorKind::Missing,
                Section::People,
                i,
                "id",
                "\"\"",
                "id is empty",
            ));
        }
        Ok(())
    }

    /// An error when more skills or labels were met than their ids hold
    /// ([`SkillId::MAX`], [`Label::MAX`]): the first one beyond.
    pub(super) fn interned_fit(&self) -> Result<()> {
        match &self.overflow {
            None => Ok(()),
            Some((what, text)) => {
                let most = if *what == "skills" {
                    SkillId::MAX
                } else {
                    Label::MAX
                };
                let (file, _) = (self.locate)(Section::People, 0);
                Err(Error::invalid(
                    ErrorKind::OutOfRange,
                    file,
                    "",
                    *what,
                    quoted(text),
                    format!("one network holds at most {most} distinct {what}"),
                ))
            }
        }
    }

    /// The error when `ties` records are more than a network holds
    /// ([`TieId::MAX`]).
    pub(super) fn ties_fit(&self, ties: usize) -> Result<()> {
        if ties > TieId::MAX {
            return Err(self.error(
                ErrorKind::OutOfRange,
                Section::Ties,
                TieId::MAX,
                "",
                ties.to_string(),
                format!("one network holds at most {} ties", TieId::MAX),
            ));
        }
        Ok(())
    }

    /// The skills and labels interned so far, for the network being built.
    pub(super) fn into_interned(self) -> Interned {
        Interned {
            skills: self.skills,
            skill_index: self.skill_index,
            labels: self.labels,
            label_index: self.label_index,
            skill_tag: self.skill_tag,
        }
    }

    pub(super) fn build(mut self, data: &Dataset, options: &LoadOptions) -> Result<Network> {
        self.taxonomy(&data.skills)?;

        if let Some(p) = data.people.get(MAX_NETWORK_PEOPLE) {
            return Err(self.too_many_people(&p.id));
        }
        self.ties_fit(data.ties.len())?;
        let tag = self.tag;
        let mut person_index = HashMap::with_capacity(data.people.len());
        for (i, p) in data.people.iter().enumerate() {
            self.id_given(i, &p.id)?;
            if person_index
                .insert(p.id.clone(), PersonId::tagged(i, tag.0))
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
        attributes.sort_names(tag.0);
        self.reporting_line_is_acyclic(&people)?;
        let reporting = ReportingTree::new(&people);

        let ties = self.ties(&data.ties, &person_index, options.today)?;
        let (adjacency_start, adjacency) = adjacency(people.len(), &ties, tag);
        let history = self.history(&data.history, &person_index)?;
        let (affinities, affinity_index) = self.affinities(&data.affinities, &person_index)?;
        self.interned_fit()?;

        let id_keys = id_keys(&people);
        Ok(Network {
            tag,
            skill_tag: self.skill_tag,
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
            id_keys,
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

    pub(super) fn person(
        &mut self,
        i: usize,
        p: &PersonRecord,
        index: &HashMap<String, PersonId>,
    ) -> Result<Person> {
        let err = |b: &Builder<'_>, kind: ErrorKind, field: &str, value: String, reason: &str| {
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
    pub(super) fn attributes(
        &mut self,
        i: usize,
        attributes: &Attributes,
        table: &mut AttributeTable,
    ) -> Result<()> {
        for (name, value) in &attributes.0 {
            let bad =
                |b: &Builder<'_>, kind: ErrorKind, field: String, value: &str, reason: String| {
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
            let name = self.attribute_name(i, name, table)?;
            let value = self.label(value);
            table.entries.push(Attribute { name, value });
        }
        self.attributes_end(i, table)
    }

    /// The id of attribute `name` in `table`, numbered in order of first
    /// use, for person `i`: an error past [`MAX_ATTRIBUTES`] names.
    pub(super) fn attribute_name(
        &self,
        i: usize,
        name: &str,
        table: &mut AttributeTable,
    ) -> Result<AttributeId> {
        match table.index.get(name) {
            Some(&id) => Ok(id),
            None if table.names.len() == MAX_ATTRIBUTES => {
                let reason =
                    format!("more than {MAX_ATTRIBUTES} distinct attribute names in the dataset");
                Err(self.error(
                    ErrorKind::OutOfRange,
                    Section::People,
                    i,
                    "attributes",
                    quoted(name),
                    reason,
                ))
            }
            None => {
                let id = AttributeId::tagged(table.names.len(), self.tag.0);
                table.names.push(name.to_string());
                table.index.insert(name.to_string(), id);
                Ok(id)
            }
        }
    }

    /// Closes person `i`'s attributes in `table`.
    pub(super) fn attributes_end(&self, i: usize, table: &mut AttributeTable) -> Result<()> {
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

    pub(super) fn reporting_line_is_acyclic(&self, people: &[Person]) -> Result<()> {
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
        derive_strengths(&mut ties, today);

        let mut order: Vec<(u64, u32)> = ties
            .par_iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    (u64::from(t.a.node()) << 32) | u64::from(t.b.node()),
                    i as u32,
                )
            })
            .collect();
        // Keys are distinct (they include the index), so the parallel
        // unstable sort has one possible result.
        order.par_sort_unstable();
        for w in order.windows(2) {
            if w[0].0 == w[1].0 {
                let (first, second) = (w[0].1 as usize, w[1].1 as usize);
                let r = &records[second];
                let (file, record) = (self.locate)(Section::Ties, first);
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
    pub(super) fn tie<'r>(
        &self,
        i: usize,
        t: &'r TieRecord,
        index: &HashMap<String, PersonId>,
        last: &mut Option<(&'r str, PersonId)>,
    ) -> Result<Tie> {
        let err = |b: &Builder<'_>, kind: ErrorKind, field: &str, value: String, reason: &str| {
            b.error(kind, Section::Ties, i, field, value, reason)
        };
        let lookup = |b: &Builder<'_>, field: &str, id: &str| {
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
            kind: Label::untagged(0),
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

/// Sets the strength of every tie given by its evidence, as of `today`;
/// `None` means the latest last contact of any tie (every last contact has
/// parsed by then). Linear in the ties.
pub(super) fn derive_strengths(ties: &mut [Tie], today: Option<Date>) {
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

pub(super) fn adjacency(people: usize, ties: &[Tie], tag: Tag) -> (Vec<usize>, Vec<Neighbor>) {
    // Each tie is listed under both its people: end `2i` under `a`, end
    // `2i + 1` under `b`.
    let ends = ties
        .iter()
        .flat_map(|t| [Some(t.a.index()), Some(t.b.index())]);
    let (start, ends) = group(people, ends).into_parts();
    let mut adjacency: Vec<Neighbor> = ends
        .iter()
        .map(|&end| {
            let (i, second) = (end as usize / 2, end % 2 == 1);
            let t = &ties[i];
            Neighbor {
                person: if second { t.a } else { t.b },
                tie: TieId::tagged(i, tag.0),
            }
        })
        .collect();
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
}
