//! Raw dataset records: the JSON format field for field, before validation.
//!
//! A [`Dataset`] is what a file says, unchecked. [`Network::from_dataset`]
//! validates it once into a [`Network`]; [`Network::to_dataset`] turns a
//! network back into records. The field names here are a contract shared by
//! the JSON and CSV formats (see `docs/formats.md`).
//!
//! [`Network`]: crate::Network
//! [`Network::from_dataset`]: crate::Network::from_dataset
//! [`Network::to_dataset`]: crate::Network::to_dataset

use std::collections::HashSet;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A whole dataset as written in a file: every section is optional but `people`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// The skill taxonomy: skills and their broader skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<SkillRecord>,
    /// Everyone in the network (required, possibly empty).
    pub people: Vec<PersonRecord>,
    /// Undirected relationships between people.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ties: Vec<TieRecord>,
    /// Past mentor and sponsor pairs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryRecord>,
    /// Externally computed pair scores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affinities: Vec<AffinityRecord>,
}

/// A skill and, optionally, the broader skill it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillRecord {
    /// The skill's id, e.g. `"rust"`.
    pub id: String,
    /// The broader skill's id, e.g. `"programming"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// One person. Only `id` is required; see each field for its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    /// Unique external id.
    pub id: String,
    /// Display name (default empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Organisation or department (default unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// The id of this person's manager (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// Seniority level, 0 upward (default 0).
    #[serde(default, skip_serializing_if = "is_zero_u8")]
    pub seniority: u8,
    /// Industry (default unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// UTC offset in hours, -12 to 14 (default unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<f64>,
    /// Languages spoken (default none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// Skills offered with levels 1–5, e.g. `{"rust": 4}` (default none).
    #[serde(default, skip_serializing_if = "SkillLevels::is_empty")]
    pub skills: SkillLevels,
    /// Skills this person wants to grow (default none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<GoalRecord>,
    /// Tags for challenges faced, e.g. `"career-switch"` (default none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experiences: Vec<String>,
    /// How many mentees this person will mentor (default 0).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub mentor_capacity: u32,
    /// How many people this person will sponsor (default 0).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub sponsor_capacity: u32,
    /// What this person seeks (default nothing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seeks: Vec<Role>,
    /// May this person be an intermediary on introduction paths (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub introducible: bool,
    /// Ids of people this person must never be matched or routed with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked: Vec<String>,
    /// Ids of people this person would like to be matched with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred: Vec<String>,
    /// Free attributes, e.g. `{"department": "Sales", "location": "London"}`
    /// (default none): carried to reports and group summaries, never
    /// scored. An empty value means the attribute is absent.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
}

impl PersonRecord {
    /// A person with the given id and every other field at its default.
    pub fn new(id: impl Into<String>) -> PersonRecord {
        PersonRecord {
            id: id.into(),
            name: String::new(),
            org: None,
            manager: None,
            seniority: 0,
            industry: None,
            timezone: None,
            languages: Vec::new(),
            skills: SkillLevels::default(),
            goals: Vec::new(),
            experiences: Vec::new(),
            mentor_capacity: 0,
            sponsor_capacity: 0,
            seeks: Vec::new(),
            introducible: true,
            blocked: Vec::new(),
            preferred: Vec::new(),
            attributes: Attributes::default(),
        }
    }
}

/// Skill levels keyed by skill id, in the order written.
///
/// A JSON object with the same key twice is rejected rather than letting the
/// last value silently win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkillLevels(pub Vec<(String, u8)>);

impl SkillLevels {
    /// No skills.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for SkillLevels {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_entries(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for SkillLevels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(UniqueKeys::new(
                "an object mapping skill ids to levels 1-5",
                "skill",
            ))
            .map(SkillLevels)
    }
}

/// A person's free attributes, name to value, in the order written.
///
/// A JSON object with the same name twice is rejected, as for
/// [`SkillLevels`]. Validation bounds the names, values and their number
/// (see [`MAX_ATTRIBUTES`](crate::MAX_ATTRIBUTES)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes(pub Vec<(String, String)>);

impl Attributes {
    /// No attributes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of attribute `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_entries(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(UniqueKeys::new(
                "an object mapping attribute names to text values",
                "attribute",
            ))
            .map(Attributes)
    }
}

fn serialize_entries<S: Serializer, V: Serialize>(
    entries: &[(String, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (key, value) in entries {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// Reads a JSON object into its entries in the order written, refusing a
/// key written twice rather than letting the last value silently win.
struct UniqueKeys<V> {
    /// What the object should be, for type errors.
    expecting: &'static str,
    /// What a key names, for the repeat error: "skill `rust` appears twice".
    key: &'static str,
    value: std::marker::PhantomData<V>,
}

impl<V> UniqueKeys<V> {
    fn new(expecting: &'static str, key: &'static str) -> UniqueKeys<V> {
        UniqueKeys {
            expecting,
            key,
            value: std::marker::PhantomData,
        }
    }
}

impl<'de, V: Deserialize<'de>> Visitor<'de> for UniqueKeys<V> {
    type Value = Vec<(String, V)>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // A short map (the usual case) is searched for each key; past
        // `SCAN` keys they go in a hash set, so that one person with
        // 200,000 skills is not 2·10^10 comparisons. Either way the
        // repeat is refused as it is read, so the error points at it.
        const SCAN: usize = 16;
        let mut entries: Vec<(String, V)> = Vec::new();
        let mut seen: Option<HashSet<String>> = None;
        while let Some((key, value)) = map.next_entry::<String, V>()? {
            let repeated = match &mut seen {
                Some(seen) => !seen.insert(key.clone()),
                None => entries.iter().any(|(k, _)| *k == key),
            };
            if repeated {
                return Err(serde::de::Error::custom(format!(
                    "{} `{key}` appears twice",
                    self.key
                )));
            }
            entries.push((key, value));
            if seen.is_none() && entries.len() == SCAN {
                seen = Some(entries.iter().map(|(k, _)| k.clone()).collect());
            }
        }
        Ok(entries)
    }
}

/// A skill someone wants to grow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalRecord {
    /// The skill's id.
    pub skill: String,
    /// The level aimed for, 1–5 (default 3).
    #[serde(default = "default_goal_level")]
    pub level: u8,
    /// How much this goal matters, 1 upward (default 1).
    #[serde(default = "default_priority")]
    pub priority: u32,
}

/// A relationship role: what a person seeks, what a past pair was, which
/// partners candidates are for, what an unmatched person went without.
/// One enum for the one concept, written `"mentor"` or `"sponsor"` in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Someone to teach and guide them.
    Mentor,
    /// Someone influential to advocate for them.
    Sponsor,
}

impl Role {
    /// Both roles, mentor first (the order of reports).
    pub const ALL: [Role; 2] = [Role::Mentor, Role::Sponsor];

    /// The name used in files and reports: `"mentor"` or `"sponsor"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Mentor => "mentor",
            Role::Sponsor => "sponsor",
        }
    }

    /// Parses a file name; `None` for anything but `"mentor"` or `"sponsor"`.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "mentor" => Some(Role::Mentor),
            "sponsor" => Some(Role::Sponsor),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An undirected tie: an explicit `strength`, or the evidence to derive one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieRecord {
    /// One person's id.
    pub a: String,
    /// The other person's id.
    pub b: String,
    /// Kind of relationship, e.g. `"colleague"` (default `"contact"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Strength in (0, 1]; give this or `interactions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<f64>,
    /// Number of interactions recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interactions: Option<u32>,
    /// How many of the interactions were answered (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reciprocated: Option<u32>,
    /// Date of last contact, `YYYY-MM-DD` (default: no decay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_contact: Option<String>,
}

impl TieRecord {
    /// A tie of the default kind between `a` and `b` with an explicit
    /// `strength`, every other field at its default.
    pub fn new(a: impl Into<String>, b: impl Into<String>, strength: f64) -> TieRecord {
        TieRecord {
            a: a.into(),
            b: b.into(),
            kind: None,
            strength: Some(strength),
            interactions: None,
            reciprocated: None,
            last_contact: None,
        }
    }
}

/// A past mentor or sponsor pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryRecord {
    /// The person who was mentored or sponsored.
    pub mentee: String,
    /// The mentor or sponsor.
    pub mentor: String,
    /// `"mentor"` or `"sponsor"` (default `"mentor"`).
    #[serde(default = "default_relation")]
    pub kind: Role,
    /// How it went (default `"neutral"`).
    #[serde(default)]
    pub outcome: Outcome,
}

/// How a past pairing went.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// It went well.
    Good,
    /// Neither good nor bad, or unknown.
    #[default]
    Neutral,
    /// It went badly.
    Bad,
}

impl Outcome {
    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Good => "good",
            Outcome::Neutral => "neutral",
            Outcome::Bad => "bad",
        }
    }

    /// Parses a file name; `None` for anything but `good`, `neutral`, `bad`.
    pub fn parse(s: &str) -> Option<Outcome> {
        match s {
            "good" => Some(Outcome::Good),
            "neutral" => Some(Outcome::Neutral),
            "bad" => Some(Outcome::Bad),
            _ => None,
        }
    }
}

/// An externally computed score for a (mentee, mentor) pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffinityRecord {
    /// The mentee's id.
    pub mentee: String,
    /// The mentor's id.
    pub mentor: String,
    /// The mentee's view of the pair, in [0, 1].
    pub score: f64,
    /// The mentor's view of the pair, in [0, 1] (default: `score`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentor_score: Option<f64>,
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_zero_u8(n: &u8) -> bool {
    *n == 0
}
fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}
fn default_goal_level() -> u8 {
    3
}
fn default_priority() -> u32 {
    1
}
fn default_relation() -> Role {
    Role::Mentor
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

    /// The name of record `index` of this section in a dataset not read
    /// from CSV: `people[3]`.
    pub(crate) fn record(self, index: usize) -> String {
        format!("{}[{index}]", self.name())
    }

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
