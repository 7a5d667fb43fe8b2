//! mentormatch turns a professional network into mentor matches, sponsor
//! matches and warm-introduction paths, each with its reasons.
//!
//! Load a dataset once into a validated, immutable [`Network`]; every
//! algorithm then takes `&Network`. The stories below are the main ways in;
//! `examples/` has each as a complete program that CI runs.
//!
//! # Load a network, or build one in code
//! A dataset is a JSON file or a folder of CSV files ([`load`]), or records
//! built in memory ([`Dataset`], [`Network::from_dataset`]). Either way a bad
//! record is an [`Error`] naming the file, record, field and value, with an
//! [`ErrorKind`] to match on. A [`PersonId`] is the network's own: another
//! network (or this one after [`Network::apply`]) answers `None` or an
//! [`ErrorKind::ForeignId`] error for it, never someone else's record.
//! ```
//! use mentormatch::{load, Dataset, ErrorKind, LoadOptions, Network, PersonRecord};
//!
//! let network = load("data/story.json", &LoadOptions::default())?;
//! let ada = network.person_id("ada").expect("ada is in the story");
//! assert_eq!(network.person(ada).unwrap().name, "Ada Okafor");
//!
//! let mut data = Dataset::default();
//! data.people.push(PersonRecord::new("solo"));
//! let tiny = Network::from_dataset(&data, &LoadOptions::default())?;
//! assert_eq!(tiny.people().len(), 1);
//! assert!(tiny.person(ada).is_none()); // Ada's id is the story's
//!
//! data.people.push(PersonRecord::new("solo"));
//! let twice = Network::from_dataset(&data, &LoadOptions::default()).unwrap_err();
//! assert_eq!(twice.kind(), ErrorKind::Duplicate);
//! assert_eq!(twice.to_string(), "dataset: people[1]: id = \"solo\": duplicate person id");
//! # Ok::<(), mentormatch::Error>(())
//! ```
//!
//! # Match a cohort, and explain a pair
//! [`match_cohort`] assigns every mentee and sponsee at once, within
//! capacities, and gives every match its score's parts, its introduction and
//! every unmatched person a reason; [`explain`] and [`explain_in_words`] say
//! why one pair scores what it scores.
//! ```
//! use mentormatch::{explain, explain_in_words, load, match_cohort, Config, LoadOptions};
//!
//! let network = load("data/story.json", &LoadOptions::default())?;
//! let config = Config::default();
//! let report = match_cohort(&network, &config)?;
//! let first = &report.mentor_matches[0];
//! let (mentee, mentor) = (
//!     network.person_id(&first.mentee).unwrap(),
//!     network.person_id(&first.mentor).unwrap(),
//! );
//! let why = explain_in_words(&network, &config, &explain(&network, &config, mentee, mentor)?);
//! assert!(why[0].starts_with("scores"));
//! # Ok::<(), mentormatch::Error>(())
//! ```
//!
//! # Find an introduction
//! [`PathFinder`] finds the warmest chains of ties, never through someone
//! who opted out; [`route_intros`] routes a whole cohort's requests under a
//! connector budget.
//! ```
//! use mentormatch::{load, LoadOptions, PathFinder};
//!
//! let network = load("data/story.json", &LoadOptions::default())?;
//! let id = |name| network.person_id(name).unwrap();
//! let path = PathFinder::new(&network).best(id("ada"), id("yuki"), 3)?.unwrap();
//! assert!(path.warmth > 0.0 && path.hops() <= 3);
//! # Ok::<(), mentormatch::Error>(())
//! ```
//!
//! # Keep a matching live in a service
//! [`LiveCohort`] holds a network, the candidate lists and the solver's
//! state; [`LiveCohort::apply`] takes a [`ChangeSet`] (people joining,
//! leaving or changing, ties made or ended), re-scores only the lists the
//! change can move and re-solves warm, returning the pairs that ended and
//! started (see `examples/live_update.rs`; the lower-level
//! [`WarmSolver`] re-solves any [`AssignProblem`] after changes).
//!
//! # Bring your own scores
//! With [`Weights::affinity_only`] and `require_skill_overlap` off, a pair's
//! score is the dataset's affinity: an external model rates, mentormatch
//! assigns exactly (see `examples/bring_your_own_scores.rs`).
//!
//! # Tune from evidence
//! [`Benchmark`] scores the history's past pairs under configurations
//! ([`Benchmark::evaluate`]: AUC, MRR, hits, nDCG, ablations, paired fold
//! comparisons) and searches the weights on held-out folds
//! ([`Benchmark::tune`]).
//!
//! # Threads
//! Library code never prints and never owns a thread pool: it runs on the
//! current rayon pool, so a service sizes it with its own
//! `rayon::ThreadPool::install`. Results are byte-identical on any number of
//! threads.
//! ```
//! use mentormatch::{load, match_cohort, Config, LoadOptions};
//!
//! let network = load("data/story.json", &LoadOptions::default())?;
//! let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
//! let one = pool.install(|| match_cohort(&network, &Config::default()))?;
//! assert_eq!(one, match_cohort(&network, &Config::default())?);
//! # Ok::<(), mentormatch::Error>(())
//! ```

// The library never prints: errors and results are values.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod assign;
mod audit;
mod config;
mod csr;
mod error;
mod evaluate;
mod explain;
#[cfg(feature = "generate")]
mod generate;
mod io;
mod limits;
mod matching;
mod model;
mod network;
mod paths;
mod progress;
mod records;
mod report;
mod rng;
mod score;
mod suggest;
mod text;

pub use assign::{
    assign, assign_dense, assign_dense_least, blocking_pairs, AssignConfig, AssignEdge,
    AssignProblem, Assignment, Pair, PairPrice, Policy, WarmSolver,
};
pub use audit::{
    audit, AuditReport, Checked, ResultFile, ResultIntro, ResultMatch, ResultUnmatched, Rule,
    Violation, SCORE_TOLERANCE,
};
pub use config::{
    AssignSettings, Config, Constraints, CriteriaConfig, FairnessSettings, IntroSettings,
    ReportSettings, SponsorConfig, Weights, MAX_HOPS,
};
pub use error::{Error, ErrorKind, Invalid, Result};
pub use evaluate::{
    sweep_max_candidates, Ablation, Benchmark, Comparison, ConfigEvaluation, Difference,
    EvaluateOptions, EvaluationReport, Metrics, PairCounts, SweepPoint, SweepReport, TuneOptions,
    TuneReport, MAX_BUDGET, MAX_FOLDS, METRICS,
};
pub use explain::{
    explain, explain_sponsor, CriterionReport, Explanation, ExplanationReport, FailedConstraint,
    Rank, RankReport,
};
#[cfg(feature = "generate")]
pub use generate::{generate, GeneratorConfig, Outcomes};
pub use io::{
    check_dataset_output, check_output, is_json_path, load, read_dataset, write_atomic,
    write_dataset, write_json_atomic,
};
pub use limits::{
    check_flag, check_threads, max_threads, MAX_CANDIDATES, MAX_CONNECTOR_LOAD, MAX_LIST_LEN,
    MAX_PATHS, MAX_PEOPLE, MAX_SENIORITY_GAP, MAX_SUGGESTIONS, MAX_THREADS_PER_CORE, MAX_TOP,
};
pub use matching::{
    match_cohort, match_cohort_with, match_next, match_observed, AttributeGroups, CapacityLoad,
    Carry, Change, ConnectorUse, DemandSummary, Dropped, DroppedPair, Effect, Exclusions, Extreme,
    FairnessSummary, Forced, Forcing, GroupFloor, GroupStats, GroupTable, Impossible, Intro,
    IntroSummary, LiveCohort, LivePair, LiveUpdate, MatchReport, MatchSummary, MenteeOutcome,
    MenteeWhyNot, MentorMatch, Partner, PinOrigin, PinnedPlace, Previous, PreviousRun,
    PreviousSummary, Progress, Reason, RecordedMatch, RecordedRun, RecordedUnmatched, Replay,
    RoleDemand, RoleFloors, Shortfall, SponsorMatch, SponsorSummary, Spread, Stage, Standing,
    Table, Unmatched, WhyNot, NAMED_PINS,
};
pub use model::{
    derived_strength, Affinity, Attribute, AttributeId, Date, Evidence, Goal, Label, Neighbor,
    Outcome, PastPair, Person, PersonId, Role, Skill, SkillId, SkillLevel, Tie, TieId,
    MAX_ATTRIBUTES, MAX_ATTRIBUTE_NAME_LEN, MAX_ATTRIBUTE_VALUE_LEN, MAX_CAPACITY,
    MAX_NETWORK_PEOPLE,
};
pub use network::{
    ChangeSet, IncidentTies, LoadOptions, Network, NetworkSummary, TieRef, TieRefs, VisitedPeople,
};
pub use paths::{
    intro_paths, route_intros, ConnectorLoad, IntroPath, IntroReport, IntroStatus, Introduction,
    NoPath, PathConfig, PathFinder, PathReport, Route, RouteConfig, Routing, TieReport,
};
pub use records::{
    AffinityRecord, Attributes, Dataset, GoalRecord, HistoryRecord, PersonRecord, SkillLevels,
    SkillRecord, TieRecord,
};
pub use report::{explain_in_words, html_report, HtmlConfig, GOALS_NAMED};
pub use score::{
    candidates, centrality, sponsor_candidates, tie_break, Candidate, Candidates, Centrality,
    CentralityOptions, Constraint, Criterion, CriterionScore, Evaluation, MentorScorer, PairScore,
    Rejections, SponsorCriterion, SponsorScorer,
};
pub use suggest::{
    suggest_introductions, SuggestConfig, SuggestReport, Suggestion, SuggestionReport,
};
pub use text::{escape_control, escape_control_json, spreadsheet_safe};

// The README's Rust examples run as doctests, so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
