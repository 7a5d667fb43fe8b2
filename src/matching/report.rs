//! The report of a matching run: the types `mentormatch match` writes as
//! JSON, field for field (their names are a contract other tools read).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::previous::PreviousSummary;
use super::reasons::Unmatched;
use super::shortfall::{DemandSummary, Shortfall};
use super::words::count;
use crate::assign::Policy;
use crate::paths::IntroStatus;

/// The result of a matching run: what `mentormatch match` writes as JSON.
///
/// Field names are a contract (other tools read them). Scores are rounded to
/// six decimals; `summary.total_score` is the sum of the rounded `score`s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchReport {
    /// Mentor matches, sorted by mentee id then mentor id (as strings).
    pub mentor_matches: Vec<MentorMatch>,
    /// Sponsor matches, sorted by person id then sponsor id (as strings).
    pub sponsor_matches: Vec<SponsorMatch>,
    /// Everyone seeking a mentor or sponsor who got none, with the reason;
    /// sorted by person id (as strings), mentor before sponsor.
    pub unmatched: Vec<Unmatched>,
    /// Totals of the run.
    pub summary: MatchSummary,
}

/// One mentor match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentorMatch {
    /// The mentee's id.
    pub mentee: String,
    /// The mentor's id.
    pub mentor: String,
    /// The pair's combined score.
    pub score: f64,
    /// Whether the pair was pinned: by `[assign] pinned`, or kept from the
    /// previous run (`match --previous`).
    pub pinned: bool,
    /// Each criterion's value, both views blended as in the combined score.
    pub components: BTreeMap<Cow<'static, str>, f64>,
    /// How the mentee can be introduced; `null` unless `intro_status` is
    /// `"path"`.
    pub intro: Option<Intro>,
    /// Why `intro` is what it is: `"path"`, `"tied"` (already directly
    /// tied), `"no_path"` (none within `[intro] max_hops`) or
    /// `"connectors_busy"` (paths exist, but every connector on them is at
    /// `[intro] connector_load`).
    pub intro_status: IntroStatus,
}

/// One sponsor match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SponsorMatch {
    /// The id of the person sponsored.
    pub mentee: String,
    /// The sponsor's id.
    pub sponsor: String,
    /// The pair's combined sponsor score.
    pub score: f64,
    /// Whether the pair was kept from the previous run (`match
    /// --previous`).
    pub pinned: bool,
    /// Each sponsor criterion's value, both views blended.
    pub components: BTreeMap<Cow<'static, str>, f64>,
    /// How the person can be introduced; `null` unless `intro_status` is
    /// `"path"`.
    pub intro: Option<Intro>,
    /// Why `intro` is what it is, as for [`MentorMatch::intro_status`].
    pub intro_status: IntroStatus,
}

/// An introduction path chosen for a match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intro {
    /// Everyone on the path, from the mentee to the mentor or sponsor.
    pub people: Vec<String>,
    /// The product of the ties' strengths, rounded to 6 decimals: 0 for a
    /// path weaker than 5e-7.
    pub warmth: f64,
    /// The sum of the logarithms of the ties' strengths, rounded to 6
    /// decimals: it tells apart paths whose `warmth` rounds to 0.
    pub log_warmth: f64,
}

/// Totals of a matching run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchSummary {
    /// The assignment policy.
    pub policy: Policy,
    /// People seeking a mentor.
    pub mentees: usize,
    /// Of them, how many got at least one mentor.
    pub matched: usize,
    /// Mentor matches (more than `matched` when `mentors_per_mentee > 1`).
    pub pairs: usize,
    /// Sum of the mentor matches' scores.
    pub total_score: f64,
    /// Mean mentor match score; `null` without matches.
    pub mean_score: Option<f64>,
    /// Lowest mentor match score; `null` without matches.
    pub min_score: Option<f64>,
    /// Candidate pairs not matched together that would both rather be (each
    /// by their own view, among the top `max_candidates`): how far the result
    /// is from stable; 0 under the `stable` policy when nothing is pinned.
    pub blocking_pairs: usize,
    /// How the mentors' capacity was used.
    pub mentor_load: CapacityLoad,
    /// The same figures for sponsorship.
    pub sponsors: SponsorSummary,
    /// Introduction paths and connector loads.
    pub intros: IntroSummary,
    /// Coverage by group: for each attribute of `[report] group_by` (by
    /// default every attribute in the data), sorted by name, the figures
    /// of each of its values for mentors and for sponsors.
    pub groups: BTreeMap<String, AttributeGroups>,
    /// Demand against capacity overall: people seeking a mentor (a
    /// sponsor) against the places offered.
    pub demand: DemandSummary,
    /// Demand against capacity for every goal skill and level someone
    /// seeking a mentor has: `seeking` people against the `places` of
    /// mentors who hold the skill at that level or above; largest gap
    /// (`seeking − places`) first, equal gaps by skill id then level.
    pub shortfall: Vec<Shortfall>,
    /// What became of the previous run's pairs (`match --previous`): kept,
    /// added, dropped and why; left out without a previous run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousSummary>,
    /// The coverage floors of `[fairness] min_coverage`, what each group
    /// needed and got; left out without floors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fairness: Option<FairnessSummary>,
}

impl MatchSummary {
    /// The run in one sentence, for a closing line: "matched 86 of 86
    /// people seeking a mentor (100%) and 16 of 31 seeking a sponsor
    /// (52%); 69 introduction paths, 28 pairs already tied".
    pub fn describe(&self) -> String {
        let share = |matched: usize, seeking: usize| match seeking {
            0 => String::new(),
            _ => format!(" ({:.0}%)", 100.0 * matched as f64 / seeking as f64),
        };
        format!(
            "matched {} of {} seeking a mentor{} and {} of {} seeking a sponsor{}; {}, {} already tied",
            self.matched,
            count(self.mentees as u64, "person", "people"),
            share(self.matched, self.mentees),
            self.sponsors.matched,
            self.sponsors.seeking,
            share(self.sponsors.matched, self.sponsors.seeking),
            count(
                self.intros.introduced as u64,
                "introduction path",
                "introduction paths"
            ),
            count(self.intros.direct as u64, "pair", "pairs"),
        )
    }
}

/// The groups of one attribute: its values' figures for each role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeGroups {
    /// People seeking a mentor, grouped by their value.
    pub mentor: GroupTable,
    /// People seeking a sponsor, grouped by their value.
    pub sponsor: GroupTable,
}

/// One role's figures for each value of an attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTable {
    /// Every value anyone in the network has, sorted, with the figures of
    /// the people holding it (a value nobody seeking holds has `seeking`
    /// 0 and `coverage` `null`).
    pub values: BTreeMap<String, GroupStats>,
    /// The people seeking who have no value for the attribute; left out
    /// when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unset: Option<GroupStats>,
    /// The lowest and highest coverage among the values; `null` when
    /// nobody holding a value seeks.
    pub spread: Option<Spread>,
}

/// The figures of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupStats {
    /// People in the group seeking this role.
    pub seeking: usize,
    /// Of them, how many got at least one match.
    pub matched: usize,
    /// `matched / seeking`; `null` when nobody seeks.
    pub coverage: Option<f64>,
    /// The mean score of the group's matches; `null` without matches.
    pub mean_score: Option<f64>,
}

/// How far apart the groups' coverage is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// The lowest coverage and the values that have it.
    pub lowest: Extreme,
    /// The highest coverage and the values that have it.
    pub highest: Extreme,
}

/// A coverage and the values of an attribute that have exactly it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extreme {
    /// The coverage.
    pub coverage: f64,
    /// The values, sorted.
    pub values: Vec<String>,
}

/// Sponsorship totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SponsorSummary {
    /// People seeking a sponsor.
    pub seeking: usize,
    /// Of them, how many got one.
    pub matched: usize,
    /// Sum of the sponsor matches' scores.
    pub total_score: f64,
    /// Blocking pairs among sponsor candidates.
    pub blocking_pairs: usize,
    /// How the sponsors' capacity was used.
    pub sponsor_load: CapacityLoad,
}

/// How one side's capacity was used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapacityLoad {
    /// People offering capacity.
    pub offering: usize,
    /// Their total capacity.
    pub capacity: u64,
    /// Places taken.
    pub used: u64,
    /// `used / capacity`; 0 without capacity.
    pub utilisation: f64,
    /// People whose capacity is fully used.
    pub full: usize,
    /// The most matches of one person.
    pub busiest: u32,
    /// How many offering people got 0, 1, 2, ... matches (key: matches).
    pub distribution: BTreeMap<u32, usize>,
}

/// Introduction totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntroSummary {
    /// Matches that needed routing (mentor and sponsor).
    pub requested: usize,
    /// Matches given an introduction path.
    pub introduced: usize,
    /// Matches whose two people are already tied.
    pub direct: usize,
    /// Matches with no valid path within `max_hops` (`"no_path"`).
    pub no_path: usize,
    /// Matches whose every path runs through a connector already at
    /// `connector_load` (`"connectors_busy"`).
    pub connectors_busy: usize,
    /// The `connector_load` limit.
    pub connector_load: u32,
    /// People acting as connectors.
    pub connectors: usize,
    /// The largest load of one connector.
    pub max_load: u32,
    /// The ten busiest connectors, busiest first (ties by id).
    pub busiest: Vec<ConnectorUse>,
}

/// One connector's load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorUse {
    /// The connector's id.
    pub person: String,
    /// Paths they are on.
    pub paths: u32,
}

/// `summary.fairness`: the attribute whose groups had coverage floors, and
/// for each role what each group needed and got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FairnessSummary {
    /// The attribute (`[fairness] min_coverage`'s key).
    pub attribute: String,
    /// Its factor: each group's coverage is at least this × the overall.
    pub min_coverage: f64,
    /// Mentor matches; left out when `[fairness] roles` leaves them out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentors: Option<RoleFloors>,
    /// Sponsor matches; likewise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sponsors: Option<RoleFloors>,
}

/// One role's floors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoleFloors {
    /// The overall coverage the floors were set from (people with a match
    /// over people seeking, rounded to 6 decimals); the run's own overall
    /// coverage is at most this, so every group's coverage is at least
    /// `min_coverage` × the run's.
    pub overall_coverage: Option<f64>,
    /// Each group (attribute value), in value order; people without the
    /// attribute are in none.
    pub groups: Vec<GroupFloor>,
}

/// One group's floor and outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupFloor {
    /// The attribute's value.
    pub value: String,
    /// People in the group seeking this role.
    pub seeking: usize,
    /// The fewest of them the run had to match.
    pub floor: usize,
    /// How many it matched.
    pub matched: usize,
}
