//! The validated domain types: dense ids, people, skills, ties, history.
//!
//! Nothing here checks anything: values of these types come out of
//! [`Network::from_dataset`](crate::Network::from_dataset), which has
//! already validated them. This module depends on nothing else in the crate
//! but the record enums it shares with the file formats.

use std::fmt;

pub use crate::records::{Outcome, Role};

macro_rules! dense_id {
    ($(#[$doc:meta])* $name:ident, $bits:expr) => {
        $(#[$doc])*
        ///
        /// Only a network issues these, and each carries (in its top bits)
        /// the tag of the network that issued it: the network's lookups
        /// answer `None` for an id from another network instead of reading
        /// another element. Equality, order and hashing go by the index
        /// alone, so two networks built from the same records compare equal.
        #[derive(Clone, Copy, Default)]
        pub struct $name(u32);

        impl $name {
            /// Bits that hold the index; the rest hold the tag.
            const INDEX_BITS: u32 = $bits;

            /// The most elements of this kind one network holds.
            pub const MAX: usize = 1 << $bits;

            /// The id as an index into dense storage.
            #[inline]
            pub fn index(self) -> usize {
                (self.0 & ((1 << Self::INDEX_BITS) - 1)) as usize
            }

            /// The id of the `index`-th element of the network tagged
            /// `tag` (the tag folded into the bits left, never 0 for a tag
            /// that is not).
            ///
            /// `index` is below [`Self::MAX`]: networks are bounded when
            /// they are built (checked in debug builds).
            #[inline]
            pub(crate) fn tagged(index: usize, tag: u8) -> Self {
                debug_assert!(index < Self::MAX, "index {index} out of range");
                $name(index as u32 | Self::fold(tag) << Self::INDEX_BITS)
            }

            /// The index as a `u32`, for compact crate-internal storage.
            #[inline]
            #[allow(dead_code)]
            pub(crate) fn node(self) -> u32 {
                self.index() as u32
            }

            /// An id with no tag, for crate-internal keys (it equals the
            /// tagged id of the same index).
            #[inline]
            #[allow(dead_code)]
            pub(crate) fn untagged(index: usize) -> Self {
                debug_assert!(index < Self::MAX, "index {index} out of range");
                $name(index as u32)
            }

            /// `tag` in the bits above the index: 1 to their largest value.
            #[inline]
            fn fold(tag: u8) -> u32 {
                let most = (1u32 << (32 - Self::INDEX_BITS)) - 1;
                (u32::from(tag).max(1) - 1) % most + 1
            }

            /// Whether the network tagged `tag` issued this id.
            #[inline]
            pub(crate) fn issued_by(self, tag: u8) -> bool {
                self.0 >> Self::INDEX_BITS == Self::fold(tag)
            }

            /// Whether `self` and `other` come from the same network.
            #[inline]
            #[allow(dead_code)]
            pub(crate) fn same_issuer(self, other: Self) -> bool {
                self.0 >> Self::INDEX_BITS == other.0 >> Self::INDEX_BITS
            }
        }

        impl PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.index() == other.index()
            }
        }

        impl Eq for $name {}

        impl PartialOrd for $name {
            #[inline]
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            #[inline]
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.index().cmp(&other.index())
            }
        }

        impl std::hash::Hash for $name {
            #[inline]
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                (self.index() as u32).hash(state);
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.index())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.index())
            }
        }
    };
}

/// A person in a [`Network`](crate::Network), indexing `Network::people()`.
///
/// Only a network issues these (from [`Network::person_id`](crate::Network::person_id),
/// [`Network::person_ids`](crate::Network::person_ids) and the results of
/// its functions), and each carries the tag of the network that issued it:
/// every public function taking one checks the tag and answers `None` or an
/// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) error for an id from
/// another network — including the same network before
/// [`Network::apply`](crate::Network::apply), where people may have moved —
/// instead of reading someone else. Tags are 8 bits and issued in turn, so
/// only an id kept across 255 newer networks can pass for one of the latest.
/// `PersonId::default()` carries a tag no network issues: every network
/// refuses it.
///
/// Ids compare, order and hash by index alone (two networks built from the
/// same data are equal), and take 4 bytes: the index has 24 bits, which
/// bounds a network at [`MAX_NETWORK_PEOPLE`] people.
#[derive(Clone, Copy, Default)]
pub struct PersonId(u32);

/// The most people one [`Network`](crate::Network) holds: the 24 bits of a
/// [`PersonId`]'s index.
pub const MAX_NETWORK_PEOPLE: usize = 1 << INDEX_BITS;

/// Bits of a [`PersonId`] that hold the index; the rest hold the tag.
const INDEX_BITS: u32 = 24;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;

impl PersonId {
    /// The id as an index into dense storage.
    #[inline]
    pub fn index(self) -> usize {
        (self.0 & INDEX_MASK) as usize
    }

    /// The id of the `index`-th person of the network tagged `tag`.
    ///
    /// `index` is below [`MAX_NETWORK_PEOPLE`]: networks are bounded when
    /// they are built (checked in debug builds).
    #[inline]
    pub(crate) fn tagged(index: usize, tag: u8) -> PersonId {
        debug_assert!(
            index < MAX_NETWORK_PEOPLE,
            "person index {index} out of range"
        );
        PersonId(index as u32 | u32::from(tag) << INDEX_BITS)
    }

    /// The index as a `u32`, for compact crate-internal storage.
    #[inline]
    pub(crate) fn node(self) -> u32 {
        self.0 & INDEX_MASK
    }

    /// The tag of the network that issued this id.
    #[inline]
    pub(crate) fn tag(self) -> u8 {
        (self.0 >> INDEX_BITS) as u8
    }
}

impl PartialEq for PersonId {
    #[inline]
    fn eq(&self, other: &PersonId) -> bool {
        self.index() == other.index()
    }
}

impl Eq for PersonId {}

impl PartialOrd for PersonId {
    #[inline]
    fn partial_cmp(&self, other: &PersonId) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PersonId {
    #[inline]
    fn cmp(&self, other: &PersonId) -> std::cmp::Ordering {
        self.index().cmp(&other.index())
    }
}

impl std::hash::Hash for PersonId {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // As a `u32`, the way the id was always hashed: the same hash
        // and the same table orders as before ids carried a tag.
        self.node().hash(state);
    }
}

impl fmt::Debug for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonId({})", self.index())
    }
}

impl fmt::Display for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.index())
    }
}
dense_id!(
    /// A skill in a [`Network`](crate::Network), indexing `Network::skills()`.
    /// A network's skills are those of its dataset's taxonomy, which
    /// [`Network::apply`](crate::Network::apply) keeps: a skill id stays
    /// valid (and names the same skill) in the updated network. At most
    /// 2^24 skills; 8 bits of tag.
    SkillId,
    24
);
dense_id!(
    /// A tie in a [`Network`](crate::Network), indexing `Network::ties()`.
    /// At most 2^28 ties; 4 bits of tag, so one network in 15 issued in
    /// turn shares a tag with another.
    TieId,
    28
);
dense_id!(
    /// An interned label (org, industry, language, experience tag, tie kind,
    /// attribute value),
    /// resolved with [`Network::label`](crate::Network::label). At most
    /// 2^24 labels; 8 bits of tag.
    Label,
    24
);

dense_id!(
    /// An attribute name (`department`, `location`, ...), resolved with
    /// [`Network::attribute_name`](crate::Network::attribute_name). 8 bits
    /// of tag.
    AttributeId,
    24
);

/// The most mentees or sponsees one person may take on.
pub const MAX_CAPACITY: u32 = 1000;

/// The most distinct attribute names in one dataset: each becomes a CSV
/// column and a table of the group summary, so a few dozen is already many.
pub const MAX_ATTRIBUTES: usize = 64;

/// The longest attribute name, in bytes.
pub const MAX_ATTRIBUTE_NAME_LEN: usize = 64;

/// The longest attribute value, in bytes.
pub const MAX_ATTRIBUTE_VALUE_LEN: usize = 256;

/// One of a person's free attributes: its name and its (interned) value.
/// Eight bytes, whatever the text: a million people with a few attributes
/// each hold no string of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Attribute {
    /// The attribute's name.
    pub name: AttributeId,
    /// Its value, a label resolved with [`Network::label`](crate::Network::label).
    pub value: Label,
}

/// A skill and the broader skill it belongs to, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    /// External id, e.g. `"rust"`.
    pub id: String,
    /// The broader skill, e.g. `programming` for `rust`.
    pub parent: Option<SkillId>,
}

/// A skill held at a level from 1 (novice) to 5 (expert).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkillLevel {
    /// The skill.
    pub skill: SkillId,
    /// 1–5.
    pub level: u8,
}

/// A skill someone wants to grow, how far, and how much it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goal {
    /// The skill.
    pub skill: SkillId,
    /// Target level, 1–5.
    pub level: u8,
    /// 1 upward; larger matters more.
    pub priority: u32,
}

/// One validated person.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Unique external id.
    pub id: String,
    /// Display name, possibly empty.
    pub name: String,
    /// Organisation or department.
    pub org: Option<Label>,
    /// Manager on the reporting line; the line has no cycles.
    pub manager: Option<PersonId>,
    /// Seniority level, 0 upward.
    pub seniority: u8,
    /// Industry.
    pub industry: Option<Label>,
    /// UTC offset in hours, -12 to 14.
    pub timezone: Option<f64>,
    /// Languages, sorted by label, no duplicates.
    pub languages: Vec<Label>,
    /// Skills offered, sorted by skill, no duplicates.
    pub skills: Vec<SkillLevel>,
    /// Goals in the order given, one per skill.
    pub goals: Vec<Goal>,
    /// Experience tags, sorted by label, no duplicates.
    pub experiences: Vec<Label>,
    /// How many mentees this person will take, at most [`MAX_CAPACITY`].
    pub mentor_capacity: u32,
    /// How many sponsees this person will take, at most [`MAX_CAPACITY`].
    pub sponsor_capacity: u32,
    /// Whether this person seeks a mentor.
    pub seeks_mentor: bool,
    /// Whether this person seeks a sponsor.
    pub seeks_sponsor: bool,
    /// May this person be an intermediary on introduction paths.
    pub introducible: bool,
    /// People this person blocks, sorted, without themselves.
    pub blocked: Vec<PersonId>,
    /// People this person prefers, sorted, without themselves.
    pub preferred: Vec<PersonId>,
}

impl Person {
    /// How many partners this person will take in `role`: their
    /// `mentor_capacity` or `sponsor_capacity`.
    pub fn capacity(&self, role: Role) -> u32 {
        match role {
            Role::Mentor => self.mentor_capacity,
            Role::Sponsor => self.sponsor_capacity,
        }
    }

    /// Whether this person seeks a partner in `role`.
    pub fn seeks(&self, role: Role) -> bool {
        match role {
            Role::Mentor => self.seeks_mentor,
            Role::Sponsor => self.seeks_sponsor,
        }
    }

    /// This person's level in `skill`, or 0 when they do not have it (or
    /// `skill` is from another network than this person).
    pub fn level(&self, skill: SkillId) -> u8 {
        match self.skills.binary_search_by_key(&skill, |s| s.skill) {
            Ok(i) if self.skills[i].skill.same_issuer(skill) => self.skills[i].level,
            _ => 0,
        }
    }

    /// Whether this person blocks `other` (one direction only).
    pub fn blocks(&self, other: PersonId) -> bool {
        self.blocked.binary_search(&other).is_ok()
    }

    /// Whether this person prefers `other` (one direction only).
    pub fn prefers(&self, other: PersonId) -> bool {
        self.preferred.binary_search(&other).is_ok()
    }
}

/// The evidence a tie's strength was derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Interactions recorded.
    pub interactions: u32,
    /// How many were answered; at most `interactions`.
    pub reciprocated: u32,
    /// Date of last contact.
    pub last_contact: Option<Date>,
}

/// An undirected tie between two different people, `a < b`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    /// The person with the smaller id.
    pub a: PersonId,
    /// The person with the larger id.
    pub b: PersonId,
    /// Kind of relationship, e.g. `colleague`.
    pub kind: Label,
    /// Strength in (0, 1]: explicit, or derived from `evidence`.
    pub strength: f64,
    /// The evidence, when the strength was derived rather than given.
    pub evidence: Option<Evidence>,
}

impl Tie {
    /// The person at the other end from `p`.
    ///
    /// # Panics
    /// When `p` is on neither end (a debug assertion).
    pub fn other(&self, p: PersonId) -> PersonId {
        debug_assert!(p == self.a || p == self.b);
        if p == self.a {
            self.b
        } else {
            self.a
        }
    }
}

/// One entry of a person's adjacency: the neighbour and the tie to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Neighbor {
    /// The person at the other end.
    pub person: PersonId,
    /// The tie.
    pub tie: TieId,
}

/// A past mentor or sponsor pair and how it went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PastPair {
    /// The person mentored or sponsored.
    pub mentee: PersonId,
    /// The mentor or sponsor.
    pub mentor: PersonId,
    /// Mentoring or sponsorship.
    pub kind: Role,
    /// How it went.
    pub outcome: Outcome,
}

/// An external score for a pair, from each side's view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affinity {
    /// The mentee.
    pub mentee: PersonId,
    /// The mentor.
    pub mentor: PersonId,
    /// The mentee's view, in [0, 1].
    pub score: f64,
    /// The mentor's view, in [0, 1].
    pub mentor_score: f64,
}

/// A calendar date, counted in days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

impl Date {
    /// Parses a strict `YYYY-MM-DD` date; `None` when malformed or impossible.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<i32> {
            s.get(r.clone())
                .filter(|d| d.bytes().all(|c| c.is_ascii_digit()))?
                .parse()
                .ok()
        };
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// The date as (year, month, day).
    pub fn ymd(self) -> (i32, i32, i32) {
        civil_from_days(self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(year: i32, month: i32) -> i32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil and its inverse: exact for the proleptic
// Gregorian calendar, with no table and no dependency.
fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, i32, i32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// The documented model that turns tie evidence into a strength in (0, 1].
///
/// `strength = max(0.01, volume × mutuality × recency)` where
/// - `volume = 1 − exp(−interactions / 10)`: ten interactions give 0.63,
///   thirty give 0.95;
/// - `mutuality = 0.1 + 0.9 × reciprocated / interactions`: contact that is
///   never answered counts for a tenth of contact that always is;
/// - `recency = 0.5^(days since last contact / 180)`: a half-life of about six
///   months, measured from `today` (a parameter, never the wall clock, so that
///   results are reproducible); no `last_contact` means no decay, and a last
///   contact after `today` counts as today.
///
/// The floor of 0.01 keeps every recorded tie usable on a path, if barely.
pub fn derived_strength(evidence: &Evidence, today: Date) -> f64 {
    let interactions = f64::from(evidence.interactions);
    let volume = 1.0 - (-interactions / 10.0).exp();
    let mutuality = if evidence.interactions == 0 {
        0.1
    } else {
        0.1 + 0.9 * f64::from(evidence.reciprocated) / interactions
    };
    let recency = match evidence.last_contact {
        Some(last) => 0.5_f64.powf(f64::from((today.0 - last.0).max(0)) / 180.0),
        None => 1.0,
    };
    (volume * mutuality * recency).clamp(0.01, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly_and_print_back() {
        for s in ["1970-01-01", "2000-02-29", "2026-10-01", "1999-12-31"] {
            assert_eq!(Date::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Date::parse("1970-01-02"), Some(Date(1)));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "2026-01-32",
            "2026-01-0a",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn strength_model_matches_hand_computed_values() {
        let today = Date::parse("2026-10-01").unwrap();
        let e = |i, r, last: Option<&str>| Evidence {
            interactions: i,
            reciprocated: r,
            last_contact: last.map(|s| Date::parse(s).unwrap()),
        };
        // 10 interactions, all answered, today: 1 - e^-1.
        let s = derived_strength(&e(10, 10, Some("2026-10-01")), today);
        assert!((s - (1.0 - (-1.0f64).exp())).abs() < 1e-12);
        // Half as strong 180 days later.
        let old = derived_strength(&e(10, 10, Some("2026-04-04")), today);
        assert!((old - s / 2.0).abs() < 1e-12);
        // One-way contact counts for a tenth.
        let one_way = derived_strength(&e(10, 0, None), today);
        assert!((one_way - s / 10.0).abs() < 1e-12);
        // No interactions still leaves a usable tie.
        assert_eq!(derived_strength(&e(0, 0, None), today), 0.01);
    }
}
