//! The TOML configuration: criterion weights, hard constraints, criterion
//! parameters, sponsor scoring, assignment, introductions and the report,
//! each key documented with its default.
//!
//! One [`Config`] holds one field per TOML table. Every table rejects unknown
//! keys, so a typo (`skil_fit = 0.3`) is an error naming the file, the table,
//! the key and the value rather than a silently ignored setting.
//!
//! ```
//! use mentormatch::Config;
//!
//! let config = Config::from_toml_str("[weights]\nskill_fit = 0.6\n")?;
//! assert_eq!(config.weights.skill_fit, 0.6);
//! assert_eq!(config.constraints.max_candidates, 50); // untouched keys keep their defaults
//! # Ok::<(), mentormatch::Error>(())
//! ```
//!
//! `data/config.toml` is a complete commented example holding every default.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::assign::Policy;
use crate::error::{Error, ErrorKind, Result};
use crate::limits::{
    MAX_CANDIDATES, MAX_CONNECTOR_LOAD, MAX_LIST_LEN, MAX_PATHS, MAX_SENIORITY_GAP,
};
use crate::model::{Role, MAX_CAPACITY};

/// The whole configuration file: one field per table.
///
/// Every table and every key is optional; a missing one takes its default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Config {
    /// `[weights]`: how much each mentor criterion counts.
    pub weights: Weights,
    /// `[constraints]`: hard constraints on mentor pairs and the candidate limit.
    pub constraints: Constraints,
    /// `[criteria]`: parameters of individual criteria.
    pub criteria: CriteriaConfig,
    /// `[sponsor]`: sponsor scoring weights and constraints.
    pub sponsor: SponsorConfig,
    /// `[assign]`: the assignment policy, mentors per mentee, pinned and
    /// forbidden pairs.
    pub assign: AssignSettings,
    /// `[intro]`: introduction paths and connector load.
    pub intro: IntroSettings,
    /// `[report]`: what a matching report summarises.
    pub report: ReportSettings,
    /// `[fairness]`: coverage floors for the groups of an attribute.
    pub fairness: FairnessSettings,
}

/// `[weights]`: the weight of each mentor criterion in a view's score.
///
/// A view's score is `Σ weight × value` over the criteria, each value in
/// [0, 1]; there is no normalisation, so the contributions shown by
/// [`explain`](crate::explain) add up to the score. Any real number is allowed:
/// 0 switches a criterion off, a negative weight penalises it. The positive
/// defaults sum to 1, so with the defaults a score lies in [−0.2, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Weights {
    /// `skill_fit = 0.35`: the mentor covers the mentee's goals.
    pub skill_fit: f64,
    /// `experience = 0.08`: shared experience tags.
    pub experience: f64,
    /// `seniority = 0.08`: the mentor sits in the seniority band above the mentee.
    pub seniority: f64,
    /// `cross_org = 0.05`: different organisation and industry.
    pub cross_org: f64,
    /// `timezone = 0.07`: close time zones.
    pub timezone: f64,
    /// `language = 0.05`: a shared language.
    pub language: f64,
    /// `reciprocity = 0.07`: the mentee covers the mentor's goals.
    pub reciprocity: f64,
    /// `network = 0.10`: warmth of the best short tie path between the two.
    pub network: f64,
    /// `preference = 0.10`: one side asked for the other.
    pub preference: f64,
    /// `affinity = 0.05`: the dataset's external pair score.
    pub affinity: f64,
    /// `repeat = -0.2`: the pair was matched before (a penalty by default;
    /// half of it when it went well, and a pair that went badly is never
    /// proposed: see [`Criterion::Repeat`](crate::Criterion::Repeat)).
    pub repeat: f64,
    /// `mentor_view_weight = 0.5`: not a criterion but the share of the
    /// mentor's view in the combined score, in [0, 1]:
    /// `combined = mentee_view + mentor_view_weight × (mentor_view − mentee_view)`.
    pub mentor_view_weight: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            skill_fit: 0.35,
            experience: 0.08,
            seniority: 0.08,
            cross_org: 0.05,
            timezone: 0.07,
            language: 0.05,
            reciprocity: 0.07,
            network: 0.10,
            preference: 0.10,
            affinity: 0.05,
            repeat: -0.2,
            mentor_view_weight: 0.5,
        }
    }
}

impl Weights {
    /// Every weight zero but `affinity = 1.0`: the score of a pair is the
    /// dataset's affinity ("bring your own scores"). Use it together with
    /// `require_skill_overlap = false`.
    pub fn affinity_only() -> Weights {
        Weights {
            skill_fit: 0.0,
            experience: 0.0,
            seniority: 0.0,
            cross_org: 0.0,
            timezone: 0.0,
            language: 0.0,
            reciprocity: 0.0,
            network: 0.0,
            preference: 0.0,
            affinity: 1.0,
            repeat: 0.0,
            mentor_view_weight: 0.5,
        }
    }
}

/// `[constraints]`: hard constraints on mentor pairs (a pair failing one is
/// never a candidate) and how many candidates to keep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Constraints {
    /// `require_skill_overlap = true`: the mentor must cover at least part of
    /// one goal (`skill_fit > 0`); constraint `no_skill_overlap`.
    pub require_skill_overlap: bool,
    /// `exclude_reporting_chain = 2`: exclude pairs on one reporting line
    /// within this many levels, both directions (1 = manager, 2 = also
    /// skip-level; 0 = off); constraint `same_reporting_chain`. Any value:
    /// the check costs O(1) whatever it is and nothing is sized by it, so
    /// `4294967295` excludes the whole line.
    pub exclude_reporting_chain: u32,
    /// `max_timezone_gap` (hours, default unset = off): exclude pairs whose
    /// time zones are further apart, going round the clock; pairs with an
    /// unknown time zone pass. Constraint `timezone_gap`.
    pub max_timezone_gap: Option<f64>,
    /// `require_language = false`: exclude pairs that share no known
    /// language; constraint `language`.
    pub require_language: bool,
    /// `min_score = 0.0`: exclude pairs whose combined score is below this
    /// (`-inf` switches it off); constraint `below_min_score`.
    pub min_score: f64,
    /// `max_candidates = 50`: the best candidates kept per mentee for
    /// assignment, by combined score, equal scores in the order of
    /// [`tie_break`](crate::tie_break); 0 keeps every feasible pair. A
    /// matching run adds the pairs that fill places left free (see
    /// [`match_cohort`](crate::match_cohort)). At most [`MAX_CANDIDATES`].
    pub max_candidates: usize,
}

impl Default for Constraints {
    fn default() -> Self {
        Constraints {
            require_skill_overlap: true,
            exclude_reporting_chain: 2,
            max_timezone_gap: None,
            require_language: false,
            min_score: 0.0,
            max_candidates: 50,
        }
    }
}

/// `[criteria]`: parameters of individual criteria (see
/// [`Criterion`](crate::Criterion) for every formula).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct CriteriaConfig {
    /// `seniority_min_gap = 1`: the least seniority a mentor should have
    /// above the mentee for `seniority = 1`. From −[`MAX_SENIORITY_GAP`] to
    /// [`MAX_SENIORITY_GAP`].
    pub seniority_min_gap: i32,
    /// `seniority_max_gap = 3`: the most seniority above the mentee for
    /// `seniority = 1`; beyond it the value fades by ½ per level. From
    /// −[`MAX_SENIORITY_GAP`] to [`MAX_SENIORITY_GAP`].
    pub seniority_max_gap: i32,
    /// `taxonomy_credit = 0.5`: a skill one taxonomy step from a goal's skill
    /// (its parent or child) covers the goal at this factor, two steps
    /// (sibling, grandparent, grandchild) at its square, further not at all.
    /// In [0, 1].
    pub taxonomy_credit: f64,
}

impl Default for CriteriaConfig {
    fn default() -> Self {
        CriteriaConfig {
            seniority_min_gap: 1,
            seniority_max_gap: 3,
            taxonomy_credit: 0.5,
        }
    }
}

/// `[sponsor]`: sponsor scoring (see [`SponsorCriterion`](crate::SponsorCriterion)).
///
/// Sponsor pairs reuse `[constraints] exclude_reporting_chain`; everything
/// else about sponsors is here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct SponsorConfig {
    /// `influence = 0.5`: weight of the sponsor's influence (seniority and
    /// centrality in the tie graph).
    pub influence: f64,
    /// `domain = 0.4`: weight of how well the sponsor's skills and
    /// organisation lie where the person's goals point.
    pub domain: f64,
    /// `preference = 0.1`: weight of one side having asked for the other.
    pub preference: f64,
    /// `sponsor_view_weight = 0.5`: the share of the sponsor's view in the
    /// combined score, in [0, 1].
    pub sponsor_view_weight: f64,
    /// `centrality_share = 0.5`: the share of centrality (against seniority)
    /// in influence, in [0, 1].
    pub centrality_share: f64,
    /// `damping = 0.85`: the PageRank damping factor of centrality, in [0, 1).
    pub damping: f64,
    /// `require_domain_overlap = true`: the sponsor's skills or organisation
    /// must touch at least one goal (`domain > 0`); constraint `no_domain_overlap`.
    pub require_domain_overlap: bool,
    /// `min_score = 0.0`: exclude sponsor pairs whose combined score is below
    /// this; constraint `below_min_score`.
    pub min_score: f64,
    /// `max_candidates = 50`: the best sponsors kept per person; 0 keeps all.
    /// At most [`MAX_CANDIDATES`].
    pub max_candidates: usize,
}

impl Default for SponsorConfig {
    fn default() -> Self {
        SponsorConfig {
            influence: 0.5,
            domain: 0.4,
            preference: 0.1,
            sponsor_view_weight: 0.5,
            centrality_share: 0.5,
            damping: 0.85,
            require_domain_overlap: true,
            min_score: 0.0,
            max_candidates: 50,
        }
    }
}

/// The largest weight magnitude: far beyond any useful setting, and small
/// enough that a sum of eleven weighted criteria can never overflow to
/// infinity (which would print as `null` in a report).
const MAX_WEIGHT: f64 = 1e6;

/// The name errors give a configuration parsed from a string.
const STRING_SOURCE: &str = "config";

impl Config {
    /// Parses and validates a configuration from TOML text. Errors name the
    /// file as `config`.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the table, key and value: syntax errors,
    /// unknown tables or keys, wrong types, and out-of-range values (a
    /// weight beyond ±1,000,000 or not a number, a view weight outside [0, 1], a negative time-zone
    /// gap, a seniority band whose minimum exceeds its maximum).
    pub fn from_toml_str(text: &str) -> Result<Config> {
        parse(STRING_SOURCE, text)
    }

    /// Reads, parses and validates a configuration file.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; otherwise as
    /// [`Config::from_toml_str`], naming the file.
    pub fn load(path: impl AsRef<Path>) -> Result<Config> {
        let path = path.as_ref();
        let text = crate::io::read_text(path)?;
        parse(&path.display().to_string(), &text)
    }

    /// Checks the ranges that TOML types cannot express.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the first out-of-range key; the file is `file`.
    pub fn validate(&self, file: &str) -> Result<()> {
        // Every check here is of a number against its bounds.
        let bad = |table: &str, key: &str, value: String, reason: &str| {
            Err(Error::invalid(
                ErrorKind::OutOfRange,
                file,
                format!("[{table}]"),
                key,
                value,
                reason,
            ))
        };
        let w = &self.weights;
        for (key, value) in [
            ("skill_fit", w.skill_fit),
            ("experience", w.experience),
            ("seniority", w.seniority),
            ("cross_org", w.cross_org),
            ("timezone", w.timezone),
            ("language", w.language),
            ("reciprocity", w.reciprocity),
            ("network", w.network),
            ("preference", w.preference),
            ("affinity", w.affinity),
            ("repeat", w.repeat),
        ] {
            if value.is_nan() || value.abs() > MAX_WEIGHT {
                return bad(
                    "weights",
                    key,
                    value.to_string(),
                    "weight must be a number from -1000000 to 1000000",
                );
            }
        }
        if !(0.0..=1.0).contains(&w.mentor_view_weight) {
            return bad(
                "weights",
                "mentor_view_weight",
                w.mentor_view_weight.to_string(),
                "must be between 0 and 1",
            );
        }
        let c = &self.constraints;
        if let Some(gap) = c.max_timezone_gap {
            if gap.is_nan() || gap < 0.0 {
                return bad(
                    "constraints",
                    "max_timezone_gap",
                    gap.to_string(),
                    "must be a number of hours, 0 or more",
                );
            }
        }
        if c.min_score.is_nan() || c.min_score == f64::INFINITY {
            return bad(
                "constraints",
                "min_score",
                c.min_score.to_string(),
                "must be a number or -inf",
            );
        }
        for (table, value) in [
            ("constraints", c.max_candidates),
            ("sponsor", self.sponsor.max_candidates),
        ] {
            if value > MAX_CANDIDATES {
                return bad(
                    table,
                    "max_candidates",
                    value.to_string(),
                    &format!("must be at most {MAX_CANDIDATES} (0 keeps every feasible pair)"),
                );
            }
        }
        let k = &self.criteria;
        for (key, value) in [
            ("seniority_min_gap", k.seniority_min_gap),
            ("seniority_max_gap", k.seniority_max_gap),
        ] {
            if !(-MAX_SENIORITY_GAP..=MAX_SENIORITY_GAP).contains(&value) {
                return bad(
                    "criteria",
                    key,
                    value.to_string(),
                    &format!("must be -{MAX_SENIORITY_GAP} to {MAX_SENIORITY_GAP} (seniority is 0 to 255)"),
                );
            }
        }
        if k.seniority_min_gap > k.seniority_max_gap {
            return bad(
                "criteria",
                "seniority_min_gap",
                k.seniority_min_gap.to_string(),
                &format!("exceeds seniority_max_gap = {}", k.seniority_max_gap),
            );
        }
        if !(0.0..=1.0).contains(&k.taxonomy_credit) {
            return bad(
                "criteria",
                "taxonomy_credit",
                k.taxonomy_credit.to_string(),
                "must be between 0 and 1",
            );
        }
        let s = &self.sponsor;
        for (key, value) in [
            ("influence", s.influence),
            ("domain", s.domain),
            ("preference", s.preference),
        ] {
            if value.is_nan() || value.abs() > MAX_WEIGHT {
                return bad(
                    "sponsor",
                    key,
                    value.to_string(),
                    "weight must be a number from -1000000 to 1000000",
                );
            }
        }
        for (key, value) in [
            ("sponsor_view_weight", s.sponsor_view_weight),
            ("centrality_share", s.centrality_share),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return bad("sponsor", key, value.to_string(), "must be between 0 and 1");
            }
        }
        if !(0.0..1.0).contains(&s.damping) {
            return bad(
                "sponsor",
                "damping",
                s.damping.to_string(),
                "must be at least 0 and below 1",
            );
        }
        if s.min_score.is_nan() || s.min_score == f64::INFINITY {
            return bad(
                "sponsor",
                "min_score",
                s.min_score.to_string(),
                "must be a number or -inf",
            );
        }
        self.assign.validate(file)?;
        self.intro.validate(file)?;
        self.report.validate(file)?;
        self.fairness.validate(file, self.assign.policy)
    }
}

fn parse(file: &str, text: &str) -> Result<Config> {
    // A byte-order mark is not TOML, but editors write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let de = toml::Deserializer::new(text);
    let config: Config = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let reason = inner.message().trim().replace('\n', " ");
        let Some(span) = inner.span() else {
            let (table, key) = split_path(&path);
            let record = if table.is_empty() {
                String::new()
            } else {
                format!("[{table}]")
            };
            return Error::invalid(ErrorKind::of_serde(&reason), file, record, key, "", reason);
        };
        let at = Located::new(text, span.start.min(text.len()));
        let record = match &at.table {
            Some(table) => format!("[{table}], line {}", at.line),
            None => format!("line {}", at.line),
        };
        // The path names nested keys (`pinned[1][0]`) but stops short for
        // some errors (an unknown key, a duplicate key, a number too large
        // for its type); the line then names the key and its value.
        let (_, key) = split_path(&path);
        let spanned = text.get(span).map(str::trim).unwrap_or_default();
        let (field, value) = match &at.key_value {
            Some((line_key, line_value)) if key.is_empty() || key == *line_key => {
                (line_key.clone(), line_value.clone())
            }
            Some(_) => (key, spanned.to_string()),
            None if key.is_empty() => (String::new(), at.text.clone()),
            None => (key, spanned.to_string()),
        };
        Error::invalid(
            ErrorKind::of_serde(&reason),
            file,
            record,
            field,
            crate::text::cut(&value),
            reason,
        )
    })?;
    config.validate(file)?;
    Ok(config)
}

/// Where in a TOML text an error is: its line, the table whose header
/// comes before it, and the line's `key = value` if it is one.
struct Located {
    line: usize,
    table: Option<String>,
    text: String,
    key_value: Option<(String, String)>,
}

impl Located {
    fn new(text: &str, offset: usize) -> Located {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[start..end].trim();
        // A header is `[name]` or `[[name]]` with a bare name; a line of a
        // multi-line array (`["a", "b"],`) also starts with `[`.
        let header = |l: &str| {
            let name = l.trim_start_matches('[').split(']').next()?.trim();
            let bare = name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
            (l.starts_with('[') && bare && !name.is_empty()).then(|| name.to_string())
        };
        let table = text[..start].lines().rev().map(str::trim).find_map(header);
        let key_value = (!line_text.starts_with('['))
            .then(|| line_text.split_once('='))
            .flatten()
            .map(|(k, v)| (k.trim().trim_matches('"').to_string(), without_comment(v)));
        Located {
            line,
            table,
            text: line_text.to_string(),
            key_value,
        }
    }
}

/// A TOML value without a trailing `# comment` (a `#` inside a quoted
/// string is kept).
fn without_comment(value: &str) -> String {
    let mut quote = None;
    for (i, c) in value.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            ('#', None) => return value[..i].trim().to_string(),
            _ => {}
        }
    }
    value.trim().to_string()
}

/// Splits a serde path such as `weights.skill_fit` into table and key.
fn split_path(path: &str) -> (String, String) {
    if path == "." || path.is_empty() {
        return (String::new(), String::new());
    }
    match path.split_once('.') {
        Some((table, key)) => (table.to_string(), key.to_string()),
        None => (path.to_string(), String::new()),
    }
}

/// `[assign]`: how matches are chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AssignSettings {
    /// `policy = "optimal"`: `"optimal"`, `"coverage"`, `"stable"` or
    /// `"greedy"` (see [`Policy`]); used for mentors and sponsors alike.
    pub policy: Policy,
    /// `mentors_per_mentee = 1`: the most mentors one mentee gets.
    pub mentors_per_mentee: u32,
    /// `sponsors_per_mentee = 1`: the most sponsors one person gets.
    pub sponsors_per_mentee: u32,
    /// `pinned = []`: `[["mentee", "mentor"], ...]`, mentor pairs kept in
    /// every policy (an admin's decision, or a live relationship to keep);
    /// the rest is optimised around them. A pinned pair must pass the hard
    /// constraints and fit the capacities, or the run is refused with an
    /// error naming it.
    pub pinned: Vec<Vec<String>>,
    /// `forbidden = []`: `[["mentee", "mentor"], ...]`, mentor pairs never
    /// matched, by any stage (candidates, the fill of free places, pairs
    /// kept from a previous run). Unlike `blocked` in the data, it leaves
    /// introduction paths alone. An unknown id, or a pair also pinned, is
    /// refused with an error naming it.
    pub forbidden: Vec<Vec<String>>,
}

impl Default for AssignSettings {
    fn default() -> Self {
        AssignSettings {
            policy: Policy::Optimal,
            mentors_per_mentee: 1,
            sponsors_per_mentee: 1,
            pinned: Vec::new(),
            forbidden: Vec::new(),
        }
    }
}

/// `[intro]`: introduction paths, and the trust a sponsorship needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IntroSettings {
    /// `max_hops = 3`: most ties on an introduction path, and on the warm
    /// path a sponsorship requires. At most 6.
    pub max_hops: u32,
    /// `k = 3`: paths `mentormatch intro` returns by default, 1 to
    /// [`MAX_PATHS`].
    pub k: usize,
    /// `connector_load = 5`: most introductions one connector is asked for
    /// in a matching run, at most [`MAX_CONNECTOR_LOAD`].
    pub connector_load: u32,
}

impl Default for IntroSettings {
    fn default() -> Self {
        IntroSettings {
            max_hops: 3,
            k: 3,
            connector_load: 5,
        }
    }
}

/// `[fairness]`: exact coverage floors for the groups of one person
/// attribute, for mentors and for sponsors alike.
///
/// `min_coverage = {department = 0.8}` means every department's coverage
/// (people with a match over people seeking) is at least 0.8 × the overall
/// coverage. The run is solved exactly under the floors (the policy's
/// optimum among the assignments that meet them) or refused with an error
/// naming the group and the best coverage it can reach. See
/// [`match_cohort`](crate::match_cohort) for how the overall coverage is
/// fixed and what the floors cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FairnessSettings {
    /// `min_coverage` (default empty: no floors): attribute name → the
    /// share of the overall coverage each of its groups must reach, in
    /// [0, 1]. One attribute at a time: a person belongs to one group of
    /// it, which is what keeps the floors an exact flow problem.
    pub min_coverage: BTreeMap<String, f64>,
    /// `roles` (default `["mentor", "sponsor"]`): the matches the floors
    /// hold for. Sponsor matches need a trust path, so a group may have
    /// none within reach; `["mentor"]` keeps floors off them.
    pub roles: Vec<Role>,
}

impl Default for FairnessSettings {
    fn default() -> Self {
        FairnessSettings {
            min_coverage: BTreeMap::new(),
            roles: Role::ALL.to_vec(),
        }
    }
}

impl FairnessSettings {
    pub(crate) fn validate(&self, file: &str, policy: Policy) -> Result<()> {
        let bad = |kind: ErrorKind, key: String, value: String, reason: &str| {
            Err(Error::invalid(kind, file, "[fairness]", key, value, reason))
        };
        check_list_len(file, "[fairness]", "roles", self.roles.len())?;
        check_list_len(file, "[fairness]", "min_coverage", self.min_coverage.len())?;
        if self.min_coverage.len() > 1 {
            let names: Vec<&str> = self.min_coverage.keys().map(String::as_str).collect();
            return bad(
                ErrorKind::Unsupported,
                "min_coverage".into(),
                format!("{names:?}"),
                "floors for one attribute at a time (groups of two attributes overlap, and \
                 floors on overlapping groups are no longer a flow problem)",
            );
        }
        for (i, role) in self.roles.iter().enumerate() {
            if self.roles[..i].contains(role) {
                return bad(
                    ErrorKind::Duplicate,
                    format!("roles[{i}]"),
                    format!("{role:?}"),
                    "listed twice",
                );
            }
        }
        for (name, &factor) in &self.min_coverage {
            let key = format!("min_coverage.{name}");
            if name.is_empty() {
                return bad(
                    ErrorKind::Missing,
                    key,
                    factor.to_string(),
                    "an attribute name is not empty",
                );
            }
            if !(0.0..=1.0).contains(&factor) {
                return bad(
                    ErrorKind::OutOfRange,
                    key,
                    factor.to_string(),
                    "must be between 0 and 1",
                );
            }
            if !matches!(policy, Policy::Optimal | Policy::Coverage) {
                return bad(
                    ErrorKind::Conflict,
                    key,
                    factor.to_string(),
                    "floors apply to the \"optimal\" and \"coverage\" policies ([assign] policy)",
                );
            }
        }
        Ok(())
    }
}

/// `[report]`: what a matching report summarises.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportSettings {
    /// `group_by` (default unset: every attribute present in the data):
    /// the person attributes whose values `summary.groups` reports
    /// coverage for, e.g. `["department", "location"]`; `[]` for none. A
    /// name no person carries is an error when matching.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Vec<String>>,
}

impl ReportSettings {
    pub(crate) fn validate(&self, file: &str) -> Result<()> {
        let names = self.group_by.as_deref().unwrap_or_default();
        check_list_len(file, "[report]", "group_by", names.len())?;
        for (i, name) in names.iter().enumerate() {
            let bad = |kind: ErrorKind, reason: &str| {
                Err(Error::invalid(
                    kind,
                    file,
                    "[report]",
                    format!("group_by[{i}]"),
                    format!("{name:?}"),
                    reason,
                ))
            };
            if name.is_empty() {
                return bad(ErrorKind::Missing, "an attribute name is not empty");
            }
            if names[..i].contains(name) {
                return bad(ErrorKind::Duplicate, "listed twice");
            }
        }
        Ok(())
    }
}

/// The longest introduction path a configuration may ask for: searches grow
/// with the degree to the power of half the hops.
pub const MAX_HOPS: u32 = 6;

impl AssignSettings {
    /// The most partners in `role` one person gets: `mentors_per_mentee`
    /// or `sponsors_per_mentee`.
    pub fn per_mentee(&self, role: Role) -> u32 {
        match role {
            Role::Mentor => self.mentors_per_mentee,
            Role::Sponsor => self.sponsors_per_mentee,
        }
    }

    pub(crate) fn validate(&self, file: &str) -> Result<()> {
        for (key, pairs) in [("pinned", &self.pinned), ("forbidden", &self.forbidden)] {
            check_list_len(file, "[assign]", key, pairs.len())?;
            if let Some((i, pair)) = pairs.iter().enumerate().find(|(_, p)| p.len() != 2) {
                return Err(Error::invalid(
                    ErrorKind::Parse,
                    file,
                    "[assign]",
                    format!("{key}[{i}]"),
                    format!("{pair:?}"),
                    format!("a {key} pair is [\"mentee\", \"mentor\"]: exactly two ids"),
                ));
            }
        }
        for (key, value) in [
            ("mentors_per_mentee", self.mentors_per_mentee),
            ("sponsors_per_mentee", self.sponsors_per_mentee),
        ] {
            if value == 0 || value > MAX_CAPACITY {
                return Err(Error::invalid(
                    ErrorKind::OutOfRange,
                    file,
                    "[assign]",
                    key,
                    value.to_string(),
                    format!("must be 1 to {MAX_CAPACITY}"),
                ));
            }
        }
        Ok(())
    }
}

impl IntroSettings {
    pub(crate) fn validate(&self, file: &str) -> Result<()> {
        if !(1..=MAX_PATHS).contains(&self.k) {
            return Err(Error::invalid(
                ErrorKind::OutOfRange,
                file,
                "[intro]",
                "k",
                self.k.to_string(),
                format!("must be 1 to {MAX_PATHS}"),
            ));
        }
        if self.connector_load > MAX_CONNECTOR_LOAD {
            return Err(Error::invalid(
                ErrorKind::OutOfRange,
                file,
                "[intro]",
                "connector_load",
                self.connector_load.to_string(),
                format!("must be at most {MAX_CONNECTOR_LOAD}"),
            ));
        }
        if self.max_hops > MAX_HOPS {
            return Err(Error::invalid(
                ErrorKind::OutOfRange,
                file,
                "[intro]",
                "max_hops",
                self.max_hops.to_string(),
                format!("must be at most {MAX_HOPS}"),
            ));
        }
        Ok(())
    }
}

/// Checks a configuration list's length against [`MAX_LIST_LEN`].
fn check_list_len(file: &str, table: &str, key: &str, len: usize) -> Result<()> {
    if len > MAX_LIST_LEN {
        return Err(Error::invalid(
            ErrorKind::OutOfRange,
            file,
            table,
            key,
            format!("{len} entries"),
            format!("at most {MAX_LIST_LEN} entries"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> crate::Invalid {
        let e = Config::from_toml_str(text).unwrap_err();
        e.as_invalid().expect("invalid, not io").clone()
    }

    #[test]
    fn empty_text_gives_the_defaults() {
        assert_eq!(Config::from_toml_str("").unwrap(), Config::default());
    }

    #[test]
    fn example_file_holds_exactly_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/config.toml");
        assert_eq!(Config::load(&path).unwrap(), Config::default());
    }

    #[test]
    fn example_file_names_every_key() {
        // Every key serialised from the defaults appears, uncommented or
        // commented out, in the example file: the documentation is complete.
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/config.toml");
        let example = std::fs::read_to_string(path).unwrap();
        let value = toml::Value::try_from(Config::default()).unwrap();
        for (table, keys) in value.as_table().unwrap() {
            assert!(example.contains(&format!("[{table}]")), "[{table}]");
            for key in keys.as_table().unwrap().keys() {
                assert!(example.contains(&format!("{key} =")), "{table}.{key}");
            }
        }
        assert!(example.contains("max_timezone_gap ="));
        assert!(example.contains("group_by ="));
    }

    #[test]
    fn group_by_is_checked() {
        let c = Config::from_toml_str("[report]\ngroup_by = [\"department\"]\n").unwrap();
        assert_eq!(c.report.group_by, Some(vec!["department".to_string()]));
        let e = error("[report]\ngroup_by = [\"site\", \"site\"]\n");
        assert_eq!((e.record(), e.field()), ("[report]", "group_by[1]"));
        assert_eq!(e.reason(), "listed twice");
        let e = error("[report]\ngroup_by = [\"\"]\n");
        assert_eq!(e.field(), "group_by[0]");
        let e = error("[report]\ngroupby = []\n");
        assert!(e.reason().contains("unknown field"), "{e:?}");
    }

    #[test]
    fn unknown_key_names_table_key_and_line() {
        let e = error("[weights]\nskill_fit = 0.3\nskil_fit = 0.2\n");
        assert_eq!(e.file(), "config");
        assert!(e.record().contains("[weights]"), "{e:?}");
        assert!(e.record().contains("line 3"), "{e:?}");
        assert_eq!((e.field(), e.value()), ("skil_fit", "0.2"));
        assert!(e.reason().contains("unknown field"), "{e:?}");
    }

    #[test]
    fn every_toml_error_names_table_key_and_value() {
        for (text, expected) in [
            (
                "[constraints]\nmax_candidates = 18446744073709551615\n",
                "config: [constraints], line 2: max_candidates = 18446744073709551615: number too large",
            ),
            (
                "[intro]\nk = 3\nk = 4 # again\n",
                "config: [intro], line 3: k = 4: duplicate key `k`",
            ),
            (
                "a = 1\n",
                "config: line 1: a = 1: unknown field `a`",
            ),
            (
                "[weights]\n[weights]\n",
                "config: [weights], line 2: [weights]: invalid table header",
            ),
            (
                "[assign]\npinned = [\n  [\"a\", \"b\"],\n  [\"c\", 3],\n]\n",
                "config: [assign], line 4: pinned[1][1] = 3: invalid type",
            ),
            (
                "\u{feff}[intro]\nk = 0\n",
                "config: [intro]: k = 0: must be 1 to 100",
            ),
        ] {
            let message = Config::from_toml_str(text).unwrap_err().to_string();
            assert!(message.starts_with(expected), "{text:?}: {message}");
        }
    }

    #[test]
    fn unknown_table_is_rejected() {
        let e = error("[weigths]\nskill_fit = 0.3\n");
        assert!(e.reason().contains("unknown field"), "{e:?}");
        assert!(e.value().contains("weigths"), "{e:?}");
    }

    #[test]
    fn wrong_type_names_key_and_value() {
        let e = error("[constraints]\nmax_candidates = \"many\"\n");
        assert_eq!(e.record(), "[constraints], line 2");
        assert_eq!(e.field(), "max_candidates");
        assert_eq!(e.value(), "\"many\"");
        assert!(e.reason().contains("invalid type"), "{e:?}");
    }

    #[test]
    fn out_of_range_values_are_rejected() {
        for (text, table, key) in [
            (
                "[weights]\nmentor_view_weight = 1.5",
                "[weights]",
                "mentor_view_weight",
            ),
            ("[weights]\nnetwork = nan", "[weights]", "network"),
            ("[weights]\nrepeat = -inf", "[weights]", "repeat"),
            (
                "[constraints]\nmax_timezone_gap = -1.0",
                "[constraints]",
                "max_timezone_gap",
            ),
            (
                "[constraints]\nmin_score = nan",
                "[constraints]",
                "min_score",
            ),
            (
                "[criteria]\nseniority_min_gap = 4",
                "[criteria]",
                "seniority_min_gap",
            ),
            (
                "[criteria]\ntaxonomy_credit = 2.0",
                "[criteria]",
                "taxonomy_credit",
            ),
            ("[sponsor]\ndamping = 1.0", "[sponsor]", "damping"),
            (
                "[sponsor]\ncentrality_share = -0.1",
                "[sponsor]",
                "centrality_share",
            ),
        ] {
            let e = error(text);
            assert_eq!((e.record(), e.field()), (table, key), "{text}");
        }
    }

    #[test]
    fn negative_weights_and_minus_infinity_min_score_are_allowed() {
        let c = Config::from_toml_str(
            "[weights]\nrepeat = -1.0\nnetwork = 0\n[constraints]\nmin_score = -inf\n",
        )
        .unwrap();
        assert_eq!(c.weights.repeat, -1.0);
        assert_eq!(c.constraints.min_score, f64::NEG_INFINITY);
    }

    #[test]
    fn load_names_the_file() {
        let dir = std::env::temp_dir().join(format!("mm-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.toml");
        std::fs::write(&path, "[constraints]\nmin_scor = 1\n").unwrap();
        let e = Config::load(&path).unwrap_err();
        assert!(
            e.to_string().starts_with(&path.display().to_string()),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(
            Config::load(dir.join("none.toml")),
            Err(Error::Io { .. })
        ));
    }
}
