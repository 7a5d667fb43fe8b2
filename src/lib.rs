//! mentormatch turns a professional network into mentor matches, sponsor
//! matches and warm-introduction paths, each with its reasons.
//!
//! Load a dataset once into a validated, immutable [`Network`]; every
//! algorithm then takes `&Network`.
//!
//! ```
//! use mentormatch::{load, LoadOptions};
//!
//! let network = load("data/story.json", &LoadOptions::default())?;
//! let ada = network.person_id("ada").expect("ada is in the story");
//! assert_eq!(network.person(ada).name, "Ada Okafor");
//! # Ok::<(), mentormatch::Error>(())
//! ```

// The library never prints: errors and results are values.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod assign;
mod candidates;
mod config;
mod error;
mod evaluate;
mod explain;
mod generate;
mod io;
mod matching;
mod model;
mod network;
mod paths;
mod progress;
mod records;
mod report;
mod score;
mod suggest;

pub use assign::{
    assign, assign_dense, blocking_pairs, AssignConfig, AssignEdge, AssignProblem, Assignment,
    Pair, Policy,
};
pub use candidates::{candidates, sponsor_candidates, tie_break, Candidate, Candidates};
pub use config::{
    AssignSettings, Config, Constraints, CriteriaConfig, FairnessSettings, IntroSettings,
    ReportSettings, SponsorConfig, Weights, MAX_HOPS,
};
pub use error::{Error, Invalid, Result};
pub use evaluate::{
    sweep_max_candidates, Ablation, Benchmark, Comparison, ConfigEvaluation, Difference,
    EvaluateOptions, EvaluationReport, Metrics, PairCounts, SweepPoint, SweepReport, TuneOptions,
    TuneReport, MAX_BUDGET, MAX_FOLDS, METRICS,
};
pub use explain::{explain, explain_sponsor, Explanation, Rank};
pub use generate::{generate, GeneratorConfig, Outcomes};
pub use io::{is_json_path, load, read_dataset, write_atomic, write_dataset};
pub use matching::{
    match_cohort, match_cohort_with, match_next, match_observed, AttributeGroups, Carry, Change,
    ConnectorUse, DemandSummary, Dropped, DroppedPair, Effect, Exclusions, Extreme,
    FairnessSummary, Forced, Forcing, GroupFloor, GroupStats, GroupTable, Impossible, Intro,
    IntroSummary, Load, MatchReport, MatchSummary, MenteeOutcome, MenteeWhyNot, MentorMatch,
    Partner, PinOrigin, PinnedPlace, Previous, PreviousRun, PreviousSummary, Progress, Reason,
    RecordedMatch, RecordedRun, RecordedUnmatched, Replay, RoleDemand, RoleFloors, Shortfall,
    SponsorMatch, SponsorSummary, Spread, Stage, Standing, Table, Unmatched, WhyNot, NAMED_PINS,
};
pub use model::{
    derived_strength, Affinity, Attribute, AttributeId, Date, Evidence, Goal, Label, Neighbor,
    Outcome, PastPair, Person, PersonId, Role, Skill, SkillId, SkillLevel, Tie, TieId,
    MAX_ATTRIBUTES, MAX_ATTRIBUTE_NAME_LEN, MAX_ATTRIBUTE_VALUE_LEN, MAX_CAPACITY,
};
pub use network::{
    IncidentTies, LoadOptions, Network, NetworkSummary, TieRef, TieRefs, VisitedPeople,
};
pub use paths::{
    intro_paths, route_intros, ConnectorLoad, IntroStatus, Introduction, NoPath, Path, PathConfig,
    PathFinder, Route, RouteConfig, Routing,
};
pub use records::{
    AffinityRecord, Attributes, Dataset, GoalRecord, HistoryRecord, PersonRecord, SkillLevels,
    SkillRecord, TieRecord,
};
pub use report::{explain_in_words, html_report, HtmlConfig, GOALS_NAMED};
pub use score::{
    centrality, Centrality, CentralityOptions, Constraint, Criterion, CriterionScore, Evaluation,
    MentorScorer, PairScore, Rejections, SponsorCriterion, SponsorScorer,
};
pub use suggest::{suggest_introductions, SuggestConfig, Suggestion};

// The README's Rust examples run as doctests, so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
