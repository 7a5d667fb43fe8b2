//! Whole-cohort matching: mentor and sponsor matches chosen by the exact
//! assignment solver, a warm introduction for each under a per-connector
//! load limit, a reason for everyone left unmatched, and a summary.

mod fairness;
mod groups;
mod live;
mod pins;
mod previous;
mod reasons;
mod recorded;
mod report;
mod shortfall;
mod table;
mod whynot;
mod words;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

pub use crate::progress::Progress;
use fairness::FloorSpec;
pub use live::{LiveCohort, LivePair, LiveUpdate};
pub use pins::PinOrigin;
use pins::{forbidden_pairs, pinned_pairs, Pin};
pub use previous::{Carry, Dropped, DroppedPair, Previous, PreviousRun, PreviousSummary};
pub(crate) use reasons::policy_name;
use reasons::RoleContext;
pub use reasons::{Exclusions, PinnedPlace, Reason, Unmatched, NAMED_PINS};
pub use recorded::{RecordedMatch, RecordedRun, RecordedUnmatched};
pub use report::{
    AttributeGroups, CapacityLoad, ConnectorUse, Extreme, FairnessSummary, GroupFloor, GroupStats,
    GroupTable, Intro, IntroSummary, MatchReport, MatchSummary, MentorMatch, RoleFloors,
    SponsorMatch, SponsorSummary, Spread,
};
use shortfall::GoalDemand;
pub use shortfall::{DemandSummary, RoleDemand, Shortfall};
pub use table::Table;
pub use whynot::{
    Change, Effect, Forced, Forcing, Impossible, MenteeOutcome, MenteeWhyNot, Partner, Replay,
    Standing, WhyNot,
};

use crate::assign::{
    assign_valid, blocking_pairs, AssignConfig, AssignEdge, AssignProblem, Assignment, Policy,
};
use crate::config::{AssignSettings, Config};
use crate::error::Result;
use crate::model::{PersonId, Role};
use crate::network::Network;
use crate::paths::{IntroStatus, PathFinder, RouteConfig};
use crate::score::candidates::{fill_gaps, generate, Candidate, Candidates};
use crate::score::{Evaluation, MentorScorer, Profiles, SponsorScorer};

/// Matches a whole cohort: mentors, sponsors, and an introduction for each.
///
/// For mentoring: candidates from [`candidates`](crate::candidates) plus the pinned pairs,
/// assigned by the `[assign]` policy with mentor capacities and
/// `mentors_per_mentee`. For sponsorship: [`sponsor_candidates`](crate::sponsor_candidates) kept only
/// where a warm path within `[intro] max_hops` joins the two (trust), then
/// the same policy with sponsor capacities. Then every match, best score
/// first, is routed an introduction with no connector on more than
/// `[intro] connector_load` paths.
///
/// **No place is left idle beside someone who could take it.** Keeping the
/// top `max_candidates` per person keeps the problem sparse, but when many
/// people rank the same partners first (tied scores, shared favourites)
/// the others would sit idle. So after each assignment, every pair of a
/// seeker with room and a partner with a free place that passes the hard
/// constraints (sponsors: and has a warm path) is checked, and each
/// seeker's best `max_candidates` of them are assigned by the same policy
/// with the capacities left, in rounds until a round fills nothing.
/// Guarantee:
/// when the run ends, no seeker with room and partner with room who could
/// be matched (for `optimal`, with a positive score) are left apart — the
/// matching is maximal over *all* feasible pairs, so it has at least half
/// as many matches as the largest possible, and as many when every seeker
/// could take every partner and seeks one (tested against the complete
/// problem in `tests/starvation.rs`).
///
/// Trust is a hard constraint of sponsor scoring (`no_trust_path`), checked
/// for every sponsor before the top `[sponsor] max_candidates` are kept, so
/// no reachable sponsor is passed over. That check looks at the person's
/// side of each path; the exact path search then confirms each kept pair
/// against the sponsor's own blocks too, and drops the rare pair whose every
/// path runs through someone the sponsor blocks or is blocked by.
///
/// **Coverage floors** (`[fairness] min_coverage = {department = 0.8}`,
/// for the roles in `[fairness] roles`): each group (value of the
/// attribute) must end with at least ⌈0.8 × C × its people seeking⌉
/// matched, C being the overall coverage. The whole problem (candidates
/// and fill pairs, pins kept) is solved again by a min-cost flow with a
/// node per group, whose cost puts floor units first and the policy's
/// objective second: the result is the policy's optimum among the
/// assignments meeting the floors (`optimal` and `coverage` only). C
/// starts as the coverage without floors; if the answer covers more
/// people, the floors are set again from the new coverage and re-solved,
/// until it does not (it ends: each round covers more people), so every
/// group's coverage is at least the factor × the run's own. People without
/// the attribute are in no group. `summary.fairness` lists each group's
/// floor and matches. A run that meets its floors already is kept as it
/// is. For `optimal` the flow starts from the plain optimum and its duals
/// and routes only the floor units missing (one shortest-path search
/// each); for `coverage` it costs a search per pair chosen (seconds for
/// 10,000 people, too slow for 100,000).
///
/// # Arguments
/// - `network`: the validated network.
/// - `config`: the whole configuration.
///
/// # Returns
/// A [`MatchReport`], identical on any number of threads.
///
/// # Errors
/// [`Error::Invalid`](crate::Error::Invalid), file `config`: a value out of
/// range ([`Config::validate`], checked once for the whole run; configs
/// from [`Config::load`] and [`Config::from_toml_str`] are valid); (record
/// `[assign] pinned[i]`) a
/// pinned pair names an unknown person, fails a hard constraint, or exceeds
/// a capacity; (record `[report]`) when `group_by` names an attribute no
/// person carries; (record `[fairness]`) when `min_coverage` names one, or
/// when no assignment meets a group's floor: the error names the group,
/// its floor, and the most it can reach alone (or that the other groups'
/// floors are what stand in the way). Nothing else fails.
///
/// # Complexity
/// Candidate generation (see [`candidates`](crate::candidates)), the exact
/// solver on the sparse candidate set (see [`assign`](crate::assign)), one bounded path search per sponsor
/// candidate and per match; the group summary is linear in people per
/// attribute grouped by.
///
/// # Example
/// ```
/// use mentormatch::{load, match_cohort, Config};
///
/// let network = load("data/story.json", &Default::default())?;
/// let report = match_cohort(&network, &Config::default())?;
/// let ada = report.mentor_matches.iter().find(|m| m.mentee == "ada").unwrap();
/// assert_eq!(ada.mentor, "kofi"); // Linus is her manager: excluded
/// assert_eq!(report.summary.mentees, 6);
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn match_cohort(network: &Network, config: &Config) -> Result<MatchReport> {
    match_cohort_with(network, config, &mut |_| {})
}

/// A stage of [`match_cohort_with`], in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Scoring mentor pairs and keeping the best per mentee.
    MentorCandidates,
    /// Choosing mentor matches (and filling free places) on one thread,
    /// while the sponsor side runs alongside on the others: scoring sponsor
    /// pairs (trust included; [`Progress`] counts the people scored) and
    /// choosing sponsor matches. Neither side needs the other's result.
    Assignment,
    /// Routing an introduction for every match.
    Introductions,
    /// Components, reasons for the unmatched, and the summary.
    Report,
}

impl Stage {
    /// What the stage does, for progress displays.
    pub fn describe(self) -> &'static str {
        match self {
            Stage::MentorCandidates => "scoring mentor candidates",
            Stage::Assignment => "assigning mentors; scoring and assigning sponsors",
            Stage::Introductions => "routing introductions",
            Stage::Report => "writing reasons and the summary",
        }
    }
}

/// [`match_cohort`], calling `on_stage` as each [`Stage`] starts: for
/// progress displays and timing, without the library printing anything.
///
/// # Errors
/// As [`match_cohort`].
pub fn match_cohort_with(
    network: &Network,
    config: &Config,
    on_stage: &mut dyn FnMut(Stage),
) -> Result<MatchReport> {
    run(network, config, None, on_stage, &Progress::new())
}

/// Next quarter's run: [`match_cohort_with`] after `previous`, an earlier
/// run's output ([`PreviousRun`]).
///
/// With [`Carry::Keep`] (`match --previous RUN.json`), each previous pair
/// stays, pinned through the same mechanism as `[assign] pinned`, unless a
/// person left, the mentee no longer seeks the role, the partner no longer
/// offers it, the pair is in `[assign] forbidden`, it now fails a hard
/// constraint (a sponsorship: or has no warm path), or the capacities left
/// by `[assign] pinned` do not hold it (kept pairs best score first). With
/// [`Carry::Rematch`] (`--rematch`) everyone is matched afresh. Either way
/// `summary.previous` counts the pairs kept, added and dropped, with why
/// each dropped pair was dropped, and kept pairs are marked `pinned`.
///
/// # Errors
/// As [`match_cohort`]; the previous pairs themselves never fail a run
/// (those that cannot stay are dropped, with the reason).
///
/// # Complexity
/// As [`match_cohort`], plus one pair evaluation per previous pair.
///
/// # Example
/// Kofi left the organisation; Ada keeps no mentor from the last quarter
/// and is matched afresh:
/// ```
/// use mentormatch::{load, match_next, Carry, Config, Previous, PreviousRun};
///
/// let network = load("data/story.json", &Default::default())?;
/// let run = PreviousRun::from_json(
///     r#"{"mentor_matches": [{"mentee": "ada", "mentor": "kofi"},
///                            {"mentee": "ada", "mentor": "gone"}],
///         "sponsor_matches": []}"#,
///     "q1.json",
/// )?;
/// let previous = Previous { run: &run, carry: Carry::Keep };
/// let report = match_next(&network, &Config::default(), previous, &mut |_| {})?;
/// let ada = report.mentor_matches.iter().find(|m| m.mentee == "ada").unwrap();
/// assert!(ada.pinned && ada.mentor == "kofi");
/// let summary = report.summary.previous.unwrap();
/// assert_eq!(summary.dropped_pairs[0].reason.code(), "left");
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn match_next(
    network: &Network,
    config: &Config,
    previous: Previous,
    on_stage: &mut dyn FnMut(Stage),
) -> Result<MatchReport> {
    run(network, config, Some(previous), on_stage, &Progress::new())
}

/// [`match_cohort_with`] (or, with `previous`, [`match_next`]), counting
/// each stage's work in `progress` as it goes: how many of the people
/// seeking have had their candidates scored, so that a display can show a
/// rate and an estimate. `on_stage` is called as each stage starts, while
/// `progress` still holds the counts of the stage that ended (read them
/// there for a closing line); then they are reset.
///
/// # Errors
/// As [`match_cohort`].
///
/// # Example
/// See [`Progress`].
pub fn match_observed(
    network: &Network,
    config: &Config,
    previous: Option<Previous>,
    on_stage: &mut dyn FnMut(Stage),
    progress: &Progress,
) -> Result<MatchReport> {
    run(network, config, previous, on_stage, progress)
}

fn run(
    network: &Network,
    config: &Config,
    previous: Option<Previous>,
    on_stage: &mut dyn FnMut(Stage),
    progress: &Progress,
) -> Result<MatchReport> {
    // The caller hears of a stage while `progress` still holds the counts
    // of the one that ended; then they start again from 0.
    let on_stage = &mut |stage: Stage| {
        on_stage(stage);
        progress.restart();
    };
    // Checked once here; every scorer of the run is built from it.
    config.validate("config")?;
    let mentor_scorer = MentorScorer::from_valid(network, config);
    let forbidden = forbidden_pairs(network, config)?;
    let configured = pinned_pairs(network, config, &mentor_scorer, &forbidden)?;
    let group_by = groups::group_attributes(network, config)?;
    let floors = fairness::floor_spec(network, config)?;
    let settings = &config.assign;
    let max_hops = config.intro.max_hops;

    // Previous mentor pairs join the configuration's pins (unless
    // rematching); those that cannot stay are dropped, with the reason.
    let mut dropped: Vec<DroppedPair> = Vec::new();
    let mut mentor_pins = configured.clone();
    if let Some(previous) = previous {
        let rules = previous::Rules {
            role: Role::Mentor,
            per_mentee: settings.mentors_per_mentee,
            pinned: &configured,
            forbidden: &forbidden,
            evaluate: &|a, b| mentor_scorer.evaluate_known(a, b),
            trusted: &|pairs| vec![true; pairs.len()],
        };
        let carried = previous::carry(network, previous.run, &rules);
        dropped.extend(carried.dropped);
        if previous.carry == Carry::Keep {
            mentor_pins.extend(carried.pins);
        }
    }

    on_stage(Stage::MentorCandidates);
    let (first_mentor_candidates, forbidden_of) =
        without_forbidden(generate(&mentor_scorer, progress), &forbidden);
    on_stage(Stage::Assignment);
    // The mentor solver runs on one thread; the sponsor side needs nothing
    // from it, so it is scored and assigned alongside, on the others. Each
    // side's result is the same as when run alone.
    let (mentor_side, sponsor_side) = rayon::join(
        || {
            assign_mentors(
                network,
                &mentor_scorer,
                first_mentor_candidates,
                &forbidden,
                settings,
                &mentor_pins,
                floors.as_ref().and_then(|f| f.for_role(Role::Mentor)),
                &cold(settings.policy),
            )
        },
        || {
            let floors = floors.as_ref().and_then(|f| f.for_role(Role::Sponsor));
            sponsor_side(
                network,
                config,
                mentor_scorer.profiles(),
                previous,
                progress,
                floors,
            )
        },
    );
    let (mentor_candidates, mentors, mentor_floors) = mentor_side?;
    let SponsorSide {
        scorer: sponsor_scorer,
        all: all_sponsor_candidates,
        trusted,
        untrusted,
        finder,
        pins: sponsor_pins,
        dropped: sponsor_dropped,
        outcome: sponsors,
        floors: sponsor_floors,
    } = sponsor_side?;
    let mut finder = finder;
    dropped.extend(sponsor_dropped);

    on_stage(Stage::Introductions);
    let (intros, intro_summary) = introductions(&mut finder, &mentors, &sponsors, config);
    on_stage(Stage::Report);
    let mut intros = intros.into_iter();

    let mentor_pairs: Vec<(PersonId, PersonId)> = mentors
        .pairs
        .iter()
        .map(|m| (m.mentee, m.partner))
        .collect();
    let is_pinned = |pins: &[Pin]| -> HashSet<(PersonId, PersonId)> {
        pins.iter().map(|p| (p.mentee, p.partner)).collect()
    };
    let pinned_mentors = is_pinned(&mentor_pins);
    let mentor_matches: Vec<MentorMatch> = mentors
        .pairs
        .iter()
        .zip(mentor_scorer.evaluate_pairs_known(&mentor_pairs))
        .map(|(m, evaluation)| {
            let (intro, intro_status) = intros.next().expect("one intro slot per match");
            MentorMatch {
                mentee: external(network, m.mentee),
                mentor: external(network, m.partner),
                score: m.score,
                pinned: pinned_mentors.contains(&(m.mentee, m.partner)),
                components: components(&evaluation),
                intro,
                intro_status,
            }
        })
        .collect();
    let sponsor_pairs: Vec<(PersonId, PersonId)> = sponsors
        .pairs
        .iter()
        .map(|m| (m.mentee, m.partner))
        .collect();
    let pinned_sponsors = is_pinned(&sponsor_pins);
    let sponsor_matches: Vec<SponsorMatch> = sponsors
        .pairs
        .iter()
        .zip(sponsor_scorer.evaluate_pairs_known(&sponsor_pairs))
        .map(|(m, evaluation)| {
            let (intro, intro_status) = intros.next().expect("one intro slot per match");
            SponsorMatch {
                mentee: external(network, m.mentee),
                sponsor: external(network, m.partner),
                score: m.score,
                pinned: pinned_sponsors.contains(&(m.mentee, m.partner)),
                components: components(&evaluation),
                intro,
                intro_status,
            }
        })
        .collect();

    // External ids order the output: what a reader of the file expects.
    let mut mentor_matches = mentor_matches;
    mentor_matches.sort_by(|a, b| (&a.mentee, &a.mentor).cmp(&(&b.mentee, &b.mentor)));
    let mut sponsor_matches = sponsor_matches;
    sponsor_matches.sort_by(|a, b| (&a.mentee, &a.sponsor).cmp(&(&b.mentee, &b.sponsor)));

    let goal_demand = GoalDemand::new(network, mentor_candidates.mentees());
    let demand = DemandSummary {
        mentor: RoleDemand::new(network, Role::Mentor, mentor_candidates.mentees()),
        sponsor: RoleDemand::new(network, Role::Sponsor, all_sponsor_candidates.mentees()),
    };
    let mentor_context = RoleContext {
        role: Role::Mentor,
        policy: settings.policy,
        candidates: &mentor_candidates,
        outcome: &mentors,
        goals: Some(&goal_demand),
        overall: demand.mentor,
        pins: by_partner(&mentor_pins),
        forbidden: forbidden_of,
    };
    let mut unmatched: Vec<Unmatched> = Vec::new();
    for &p in &mentors.unmatched {
        let reason = mentor_context.reason(network, p);
        unmatched.push(mentor_context.unmatched(network, p, reason));
    }
    let sponsor_context = RoleContext {
        role: Role::Sponsor,
        policy: settings.policy,
        candidates: &trusted,
        outcome: &sponsors,
        goals: None,
        overall: demand.sponsor,
        pins: by_partner(&sponsor_pins),
        forbidden: HashMap::new(),
    };
    for &p in &sponsors.unmatched {
        let reason = match untrusted.get(&p) {
            Some(&n) if trusted.list(p).is_empty() => Reason::NoTrustPath {
                candidates: n,
                max_hops,
            },
            _ => sponsor_context.reason(network, p),
        };
        unmatched.push(sponsor_context.unmatched(network, p, reason));
    }
    // Mentor before sponsor for the same person: `Role` orders them so.
    unmatched.sort_by(|a, b| (&a.person, a.seeking).cmp(&(&b.person, b.seeking)));

    let groups = groups::groups(
        network,
        &group_by,
        (mentor_candidates.mentees(), &mentors),
        (all_sponsor_candidates.mentees(), &sponsors),
    );
    let total_score = round(mentors.pairs.iter().fold(0.0, |sum, m| sum + m.score));
    let summary = MatchSummary {
        policy: settings.policy,
        mentees: mentor_candidates.mentees().len(),
        matched: mentor_candidates.mentees().len() - mentors.unmatched.len(),
        pairs: mentors.pairs.len(),
        total_score,
        mean_score: mean(total_score, mentors.pairs.len()),
        min_score: mentors.pairs.iter().map(|m| m.score).reduce(f64::min),
        blocking_pairs: mentors.blocking_pairs,
        mentor_load: mentors.load,
        sponsors: SponsorSummary {
            seeking: all_sponsor_candidates.mentees().len(),
            matched: all_sponsor_candidates.mentees().len() - sponsors.unmatched.len(),
            total_score: round(sponsors.pairs.iter().fold(0.0, |sum, m| sum + m.score)),
            blocking_pairs: sponsors.blocking_pairs,
            sponsor_load: sponsors.load,
        },
        intros: intro_summary,
        groups,
        demand,
        shortfall: goal_demand.shortfall(network),
        fairness: fairness::summary(floors.as_ref(), mentor_floors, sponsor_floors),
        previous: previous.map(|previous| {
            let pairs = |matches: Vec<(&String, &String)>| -> Vec<(String, String)> {
                matches
                    .into_iter()
                    .map(|(a, b)| (a.clone(), b.clone()))
                    .collect()
            };
            let now_mentor = pairs(
                mentor_matches
                    .iter()
                    .map(|m| (&m.mentee, &m.mentor))
                    .collect(),
            );
            let now_sponsor = pairs(
                sponsor_matches
                    .iter()
                    .map(|m| (&m.mentee, &m.sponsor))
                    .collect(),
            );
            previous::summary(
                previous.run,
                previous.carry,
                [&now_mentor, &now_sponsor],
                dropped,
            )
        }),
    };
    Ok(MatchReport {
        mentor_matches,
        sponsor_matches,
        unmatched,
        summary,
    })
}

/// An introduction for every match, best score first (ties by mentee, then
/// partner), with no connector on more than `[intro] connector_load` paths:
/// one slot per match, mentor matches then sponsor matches, and the totals.
fn introductions(
    finder: &mut PathFinder,
    mentors: &RoleOutcome,
    sponsors: &RoleOutcome,
    config: &Config,
) -> (Vec<(Option<Intro>, IntroStatus)>, IntroSummary) {
    let network = finder.network();
    let mut requests: Vec<(f64, PersonId, PersonId, usize)> = mentors
        .pairs
        .iter()
        .chain(&sponsors.pairs)
        .enumerate()
        .map(|(slot, m)| (m.score, m.mentee, m.partner, slot))
        .collect();
    requests.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let route_config = RouteConfig::from(&config.intro);
    let pairs: Vec<(PersonId, PersonId)> = requests.iter().map(|r| (r.1, r.2)).collect();
    let routing = finder.route_known(&pairs, &route_config);
    let mut intros: Vec<(Option<Intro>, IntroStatus)> =
        vec![(None, IntroStatus::NoPath); requests.len()];
    let mut counts: HashMap<IntroStatus, usize> = HashMap::new();
    for (request, route) in requests.iter().zip(&routing.routes) {
        let intro = route.path().map(|path| Intro {
            people: path.people.iter().map(|&p| external(network, p)).collect(),
            warmth: round(path.warmth),
            log_warmth: round(path.log_warmth),
        });
        *counts.entry(route.status()).or_default() += 1;
        intros[request.3] = (intro, route.status());
    }
    let count = |status| counts.get(&status).copied().unwrap_or(0);
    let mut busiest: Vec<ConnectorUse> = routing
        .loads
        .iter()
        .map(|l| ConnectorUse {
            person: external(network, l.person),
            paths: l.paths,
        })
        .collect();
    busiest.sort_by(|a, b| b.paths.cmp(&a.paths).then_with(|| a.person.cmp(&b.person)));
    busiest.truncate(10);
    let summary = IntroSummary {
        requested: requests.len(),
        introduced: count(IntroStatus::Path),
        direct: count(IntroStatus::Tied),
        no_path: count(IntroStatus::NoPath),
        connectors_busy: count(IntroStatus::ConnectorsBusy),
        connector_load: config.intro.connector_load,
        connectors: routing.loads.len(),
        max_load: routing.max_load(),
        busiest,
    };
    (intros, summary)
}

/// The sponsor half of a run, which needs nothing from the mentor half.
struct SponsorSide<'a> {
    scorer: SponsorScorer<'a>,
    /// Every candidate pair, trusted or not.
    all: Candidates,
    /// The candidates with a trust path (and the fill's pairs).
    trusted: Candidates,
    /// Per person, how many candidates had no trust path.
    untrusted: HashMap<PersonId, usize>,
    finder: PathFinder<'a>,
    pins: Vec<Pin>,
    dropped: Vec<DroppedPair>,
    outcome: RoleOutcome,
    floors: Option<RoleFloors>,
}

/// Scores, trust-checks and assigns sponsors (with the previous run's
/// sponsor pairs when there is one).
fn sponsor_side<'a>(
    network: &'a Network,
    config: &Config,
    profiles: &'a Profiles,
    previous: Option<Previous>,
    progress: &Progress,
    floors: Option<&FloorSpec>,
) -> Result<SponsorSide<'a>> {
    let settings = &config.assign;
    let max_hops = config.intro.max_hops;
    let sponsor_scorer = SponsorScorer::sharing(network, config, profiles);
    let all = generate(&sponsor_scorer, progress);
    let finder = PathFinder::new(network);
    let (trusted, untrusted) = trusted_only(&finder, &all, max_hops);
    let mut pins = Vec::new();
    let mut dropped = Vec::new();
    if let Some(previous) = previous {
        let rules = previous::Rules {
            role: Role::Sponsor,
            per_mentee: settings.sponsors_per_mentee,
            pinned: &[],
            forbidden: &HashSet::new(),
            evaluate: &|a, b| sponsor_scorer.evaluate_known(a, b),
            trusted: &|pairs| confirm_trust(&finder, pairs, max_hops),
        };
        let carried = previous::carry(network, previous.run, &rules);
        dropped = carried.dropped;
        if previous.carry == Carry::Keep {
            pins = carried.pins;
        }
    }
    let (trusted, outcome, floors) = assign_filled(
        network,
        trusted,
        &cold(settings.policy),
        |candidates, mentees, with_room, skip| {
            // Scoring checked trust from the person's side; the exact
            // search confirms each new pair, as for the first candidates.
            let extra = fill_gaps(
                &sponsor_scorer,
                &partners(candidates),
                mentees,
                with_room,
                &|m, p| skip.contains(&(m, p)),
            );
            let pairs: Vec<(PersonId, PersonId)> =
                extra.iter().map(|(m, c)| (*m, c.partner)).collect();
            let trusted = confirm_trust(&finder, &pairs, max_hops);
            extra.into_iter().zip(trusted).collect()
        },
        Role::Sponsor,
        settings,
        &pins,
        floors,
    )?;
    Ok(SponsorSide {
        scorer: sponsor_scorer,
        all,
        trusted,
        untrusted,
        finder,
        pins,
        dropped,
        outcome,
        floors,
    })
}

/// Solves the first assignment of a role (before the fill of free places).
type First<'f> = dyn Fn(&AssignProblem) -> Result<Assignment> + 'f;

/// The first assignment solved from nothing by `policy`, as a run does.
fn cold(policy: Policy) -> impl Fn(&AssignProblem) -> Result<Assignment> {
    move |problem| Ok(assign_valid(problem, &AssignConfig { policy }))
}

/// The mentor assignment of a run: [`assign_filled`] on `candidates` (the
/// mentor candidates less the forbidden pairs) with `pins`, the fill
/// leaving out forbidden pairs too. `why_not` re-solves through here, so a
/// re-solve is the run's own arithmetic; `first` solves the assignment
/// before the fill ([`cold`] in a run, a warm start in `why_not`).
#[allow(clippy::too_many_arguments)]
fn assign_mentors(
    network: &Network,
    scorer: &MentorScorer,
    candidates: Candidates,
    forbidden: &HashSet<(PersonId, PersonId)>,
    settings: &AssignSettings,
    pins: &[Pin],
    floors: Option<&FloorSpec>,
    first: &First,
) -> Result<(Candidates, RoleOutcome, Option<RoleFloors>)> {
    assign_filled(
        network,
        candidates,
        first,
        |candidates, mentees, with_room, skip| {
            let skipped = |m, p| forbidden.contains(&(m, p)) || skip.contains(&(m, p));
            let extra = fill_gaps(scorer, &partners(candidates), mentees, with_room, &skipped);
            extra.into_iter().map(|pair| (pair, true)).collect()
        },
        Role::Mentor,
        settings,
        pins,
        floors,
    )
}

/// One chosen pair, in person ids.
struct Chosen {
    mentee: PersonId,
    partner: PersonId,
    /// The combined score, rounded for output.
    score: f64,
    /// The combined score as the solver saw it (not rounded).
    weight: f64,
}

/// What the solver chose for one role (mentor or sponsor).
struct RoleOutcome {
    /// Sorted by mentee then partner.
    pairs: Vec<Chosen>,
    /// Seekers left without a partner, by id.
    unmatched: Vec<PersonId>,
    /// Partners' matches, for the reasons: person → matches.
    taken: HashMap<PersonId, u32>,
    blocking_pairs: usize,
    load: CapacityLoad,
    /// The total weight of the assignment on the candidates and pins, before
    /// the fill of free places: under `optimal`, the exact optimum of that
    /// problem (what `why_not`'s threshold is derived from).
    assigned_total: f64,
}

/// Assigns by `policy` among `candidates`, then fills the places left, in
/// rounds: the best `max_candidates` feasible pairs of each seeker with
/// room and partners with a free place that are not yet candidates (`fill`
/// finds them) are assigned by the same policy among themselves, with the
/// capacities left, until a round fills nothing.
///
/// The top `max_candidates` per seeker keep the problem sparse but can
/// leave places idle when many seekers rank the same partners first (tied
/// scores, shared favourites). After the fill no seeker with room is left
/// beside a partner with room who passes every hard constraint with them
/// (for `optimal`, with a positive score): the last round offered each
/// seeker with room its best such partners and the policy took none, which
/// it would have done had one been worth anything. The matches of earlier
/// solves stay; a round costs one pair check per (seeker with room,
/// partner with room) that the index proposes (see
/// [`fill_gaps`](crate::score::candidates::fill_gaps)) and a solve on at most
/// seekers × `max_candidates` pairs, so memory stays bounded however many
/// pairs are feasible.
///
/// `first` solves the first assignment (on the candidates and pins);
/// every fill round is solved cold by the policy.
///
/// Returns the candidates with the fill pairs added, and the outcome over
/// both.
#[allow(clippy::too_many_arguments)]
fn assign_filled(
    network: &Network,
    candidates: Candidates,
    first: &First,
    fill: impl Fn(
        &Candidates,
        &[PersonId],
        &[PersonId],
        &HashSet<(PersonId, PersonId)>,
    ) -> Vec<((PersonId, Candidate), bool)>,
    role: Role,
    settings: &AssignSettings,
    pinned: &[Pin],
    floors: Option<&FloorSpec>,
) -> Result<(Candidates, RoleOutcome, Option<RoleFloors>)> {
    let policy = settings.policy;
    let per_mentee = settings.per_mentee(role);
    let capacity = |p: PersonId| network.at(p).capacity(role);
    let mut problem = RoleProblem::new(network, &candidates, role, per_mentee, pinned);
    let first = first(&problem.problem)?;
    let first_total = first.total();
    let mut got = vec![0u32; problem.seekers.len()];
    let mut taken = vec![0u32; problem.offering.len()];
    for pair in first.pairs() {
        got[pair.left as usize] += 1;
        taken[pair.right as usize] += 1;
    }
    let mut left_room: Vec<u32> = got.iter().map(|&g| per_mentee - g).collect();
    let mut right_room: Vec<u32> = problem
        .offering
        .iter()
        .zip(&taken)
        .map(|(&p, &t)| capacity(p) - t)
        .collect();
    let with_room = |ids: &[PersonId], room: &[u32]| -> Vec<PersonId> {
        ids.iter()
            .zip(room)
            .filter(|(_, &r)| r > 0)
            .map(|(&p, _)| p)
            .collect()
    };
    // A pinned pair that is not a candidate is chosen but not among the
    // candidates `fill` skips: it must not be proposed again.
    let pinned_chosen: std::collections::HashSet<(u32, u32)> =
        first.pairs().iter().map(|p| (p.left, p.right)).collect();
    // Rounds: each seeker with room proposes its best feasible partners
    // with room (at most `max_candidates`, not yet proposed), and they are
    // assigned by the policy with the places left. A round that matches
    // nobody and finds no pair unusable ends it: then no seeker with room
    // has a partner with room it could gain from (its best ones were just
    // offered), which is the guarantee; every other round fills a place or
    // rules a pair out for good.
    let mut chosen: Vec<usize> = first.edges().collect();
    let mut extra_all: Vec<(PersonId, Candidate)> = Vec::new();
    // Seekers who were offered fewer than `keep` pairs in a round were
    // offered every feasible partner with room they had; partners only
    // lose room, so later rounds would find them nothing new. Nor would
    // the first for seekers whose candidates hold every feasible partner:
    // a fill proposes only pairs outside them.
    let mut exhausted: Vec<bool> = problem
        .seekers
        .iter()
        .map(|&p| candidates.complete(p))
        .collect();
    // How many fill pairs a seeker is offered per round (0: all at once).
    let keep = candidates.max_candidates();
    let mut known = candidates;
    // Pairs a round proposed that cannot be matched after all (a sponsor's
    // trust path blocked): never proposed again.
    let mut unusable: HashSet<(PersonId, PersonId)> = HashSet::new();
    loop {
        let seekers: Vec<PersonId> = problem
            .seekers
            .iter()
            .zip(&left_room)
            .zip(&exhausted)
            .filter(|((_, &room), &done)| room > 0 && !done)
            .map(|((&p, _), _)| p)
            .collect();
        let proposed = fill(
            &known,
            &seekers,
            &with_room(&problem.offering, &right_room),
            &unusable,
        );
        if proposed.is_empty() {
            break;
        }
        let mut offered = vec![0usize; problem.seekers.len()];
        for ((mentee, _), _) in &proposed {
            offered[problem.left(*mentee) as usize] += 1;
        }
        for &p in &seekers {
            let i = problem.left(p) as usize;
            exhausted[i] = keep == 0 || offered[i] < keep;
        }
        let mut extra: Vec<(PersonId, Candidate)> = Vec::new();
        let unusable_before = unusable.len();
        for ((mentee, c), usable) in proposed {
            let pinned = pinned_chosen.contains(&(problem.left(mentee), problem.right(c.partner)));
            if usable && !pinned {
                extra.push((mentee, c));
            } else {
                unusable.insert((mentee, c.partner));
            }
        }
        if extra.is_empty() {
            continue;
        }
        let mut places = AssignProblem::new(left_room.clone(), right_room.clone());
        for (mentee, candidate) in &extra {
            let (left, right) = (problem.left(*mentee), problem.right(candidate.partner));
            places.edges.push(edge(left, right, candidate));
        }
        let filled = assign_valid(&places, &AssignConfig { policy });
        // The fill pairs join the problem after the candidates, so the
        // chosen edges of every solve index one edge list.
        let offset = problem.problem.edges.len();
        problem.problem.edges.extend(places.edges);
        for pair in filled.pairs() {
            left_room[pair.left as usize] -= 1;
            right_room[pair.right as usize] -= 1;
        }
        chosen.extend(filled.edges().map(|e| offset + e));
        known = known.with_extra(network, extra.clone());
        extra_all.extend(extra);
        // Nothing filled and nothing found unusable: every seeker left was
        // offered its best partners with room, and none was worth taking.
        if filled.pairs().is_empty() && unusable.len() == unusable_before {
            break;
        }
    }
    // Under coverage floors, the whole problem (candidates and fill pairs)
    // is solved again with them.
    let found = if extra_all.is_empty() {
        first
    } else {
        Assignment::from_valid_edges(&problem.problem, &chosen)
    };
    let (answer, summary) = match floors {
        None => (found, None),
        Some(spec) => {
            let (answer, summary) = fairness::apply(
                network,
                role,
                spec,
                &problem.seekers,
                &problem.problem,
                policy,
                found,
            )?;
            (answer, Some(summary))
        }
    };
    let outcome = problem.outcome(network, &answer, first_total);
    Ok((known, outcome, summary))
}

/// The assignment problem of one role: seekers on the left, everyone
/// offering capacity on the right (so loads can be reported for people who
/// got nobody too), one edge per candidate pair, pinned pairs pinned.
struct RoleProblem {
    role: Role,
    seekers: Vec<PersonId>,
    /// By person index: the left node, `u32::MAX` for people not seeking.
    left_of: Vec<u32>,
    offering: Vec<PersonId>,
    /// By person index: the right node, `u32::MAX` for people offering no
    /// place.
    right_of: Vec<u32>,
    problem: AssignProblem,
}

impl RoleProblem {
    fn new(
        network: &Network,
        candidates: &Candidates,
        role: Role,
        per_mentee: u32,
        pinned: &[Pin],
    ) -> RoleProblem {
        let seekers = candidates.mentees().to_vec();
        let people = network.people().len();
        let index = |ids: &[PersonId]| {
            let mut of = vec![u32::MAX; people];
            for (i, p) in ids.iter().enumerate() {
                of[p.index()] = i as u32;
            }
            of
        };
        let left_of = index(&seekers);
        let offering: Vec<PersonId> = network
            .person_ids()
            .filter(|&p| network.at(p).capacity(role) > 0)
            .collect();
        let right_of = index(&offering);
        let mut problem = AssignProblem::new(
            vec![per_mentee; seekers.len()],
            offering
                .iter()
                .map(|&p| network.at(p).capacity(role))
                .collect(),
        );
        problem.edges.reserve(candidates.len() + pinned.len());
        for (mentee, candidate) in candidates.pairs() {
            problem.edges.push(edge(
                left_of[mentee.index()],
                right_of[candidate.partner.index()],
                candidate,
            ));
        }
        // Where the edge of each pinned pair that is a candidate already
        // is: one pass over the edges of the seekers with a pin.
        let pair = |pin: &Pin| (left_of[pin.mentee.index()], right_of[pin.partner.index()]);
        let mut found: HashMap<(u32, u32), usize> = HashMap::new();
        if !pinned.is_empty() {
            let mut has_pin = vec![false; seekers.len()];
            for pin in pinned {
                has_pin[pair(pin).0 as usize] = true;
            }
            let wanted: HashSet<(u32, u32)> = pinned.iter().map(pair).collect();
            for (i, e) in problem.edges.iter().enumerate() {
                if has_pin[e.left as usize] && wanted.contains(&(e.left, e.right)) {
                    found.insert((e.left, e.right), i);
                }
            }
        }
        for pin in pinned {
            let (left, right) = pair(pin);
            let index = found.get(&(left, right)).copied().unwrap_or_else(|| {
                problem.edges.push(edge(left, right, &pin.candidate));
                problem.edges.len() - 1
            });
            problem.pinned.push(index);
        }
        RoleProblem {
            role,
            seekers,
            left_of,
            offering,
            right_of,
            problem,
        }
    }

    /// The left node of seeker `p`.
    fn left(&self, p: PersonId) -> u32 {
        self.left_of[p.index()]
    }

    /// The right node of `p`, who offers a place.
    fn right(&self, p: PersonId) -> u32 {
        self.right_of[p.index()]
    }

    /// The matches, the unmatched, loads and blocking pairs of `assignment`;
    /// `assigned_total` is the first assignment's total (before the fill).
    fn outcome(
        &self,
        network: &Network,
        assignment: &Assignment,
        assigned_total: f64,
    ) -> RoleOutcome {
        let (seekers, offering, problem) = (&self.seekers, &self.offering, &self.problem);
        let blocking = blocking_pairs(problem, assignment).len();
        let mut taken: HashMap<PersonId, u32> = HashMap::new();
        let mut matched = vec![false; seekers.len()];
        let mut pairs: Vec<Chosen> = assignment
            .pairs()
            .iter()
            .map(|pair| {
                matched[pair.left as usize] = true;
                let partner = offering[pair.right as usize];
                *taken.entry(partner).or_default() += 1;
                let weight = problem.edges[pair.edge].weight;
                Chosen {
                    mentee: seekers[pair.left as usize],
                    partner,
                    score: round(weight),
                    weight,
                }
            })
            .collect();
        pairs.sort_by_key(|c| (c.mentee, c.partner));
        let unmatched = seekers
            .iter()
            .zip(&matched)
            .filter(|(_, &m)| !m)
            .map(|(&p, _)| p)
            .collect();

        let mut distribution = BTreeMap::new();
        let (mut used, mut full, mut busiest) = (0u64, 0usize, 0u32);
        let mut total = 0u64;
        for &p in offering {
            let n = taken.get(&p).copied().unwrap_or(0);
            let cap = network.at(p).capacity(self.role);
            *distribution.entry(n).or_default() += 1;
            used += u64::from(n);
            total += u64::from(cap);
            full += usize::from(n >= cap);
            busiest = busiest.max(n);
        }
        RoleOutcome {
            pairs,
            unmatched,
            taken,
            blocking_pairs: blocking,
            load: CapacityLoad {
                offering: offering.len(),
                capacity: total,
                used,
                utilisation: if total == 0 {
                    0.0
                } else {
                    round(used as f64 / total as f64)
                },
                full,
                busiest,
                distribution,
            },
            assigned_total,
        }
    }
}

/// What [`fill_gaps`] asks of candidates: the partners a mentee has.
fn partners(candidates: &Candidates) -> impl Fn(PersonId) -> Vec<PersonId> + Sync + '_ {
    |m| candidates.list(m).iter().map(|c| c.partner).collect()
}

fn edge(left: u32, right: u32, c: &Candidate) -> AssignEdge {
    AssignEdge {
        left,
        right,
        weight: c.combined,
        left_view: c.mentee_view,
        right_view: c.partner_view,
    }
}

/// Sponsor candidates kept only where the exact path search finds a warm path
/// within `max_hops` (scoring's trust check cannot see the sponsor's own
/// blocks), and for each seeker how many candidates that removed.
fn trusted_only(
    finder: &PathFinder,
    all: &Candidates,
    max_hops: u32,
) -> (Candidates, HashMap<PersonId, usize>) {
    let pairs: Vec<(PersonId, PersonId)> = all.pairs().map(|(m, c)| (m, c.partner)).collect();
    let reachable = confirm_trust(finder, &pairs, max_hops);
    let mut untrusted: HashMap<PersonId, usize> = HashMap::new();
    for (&(mentee, _), &ok) in pairs.iter().zip(&reachable) {
        if !ok {
            *untrusted.entry(mentee).or_default() += 1;
        }
    }
    let mut keep = reachable.into_iter();
    let trusted = all.filtered(|_, _| keep.next().expect("one verdict per pair"));
    (trusted, untrusted)
}

/// Whether each (person, sponsor) pair that passed scoring's trust check
/// has a warm path within `max_hops` by the exact search.
///
/// Scoring's check leaves out only whether an intermediary and the sponsor
/// block each other (see `TrustReach`), so it is exact for a sponsor who
/// blocks nobody and whom nobody blocks. It is exact too when none of the
/// sponsor's block partners could be an intermediary: within 3 ties every
/// intermediary is tied to one of the two ends, so a partner who is not
/// introducible or tied to neither end is on no path scoring counted. Only
/// the other pairs are searched again, for any path (not the best).
fn confirm_trust(finder: &PathFinder, pairs: &[(PersonId, PersonId)], max_hops: u32) -> Vec<bool> {
    let network = finder.network();
    // Both ways: (person, someone they block or who blocks them), sorted.
    let mut partners: Vec<(PersonId, PersonId)> = network
        .person_ids()
        .flat_map(|p| {
            network
                .at(p)
                .blocked
                .iter()
                .flat_map(move |&q| [(p, q), (q, p)])
        })
        .collect();
    partners.sort_unstable();
    let doubtful_pair = |&(person, sponsor): &(PersonId, PersonId)| {
        let from = partners.partition_point(|&(a, _)| a < sponsor);
        let to = partners.partition_point(|&(a, _)| a <= sponsor);
        let blocks = &partners[from..to];
        !blocks.is_empty()
            && (max_hops > 3
                || blocks.iter().any(|&(_, x)| {
                    x == person
                        || (network.at(x).introducible
                            && (network.link(person, x).is_some()
                                || network.link(x, sponsor).is_some()))
                }))
    };
    let doubtful: Vec<bool> = pairs.iter().map(doubtful_pair).collect();
    let searched_pairs: Vec<(PersonId, PersonId)> = pairs
        .iter()
        .zip(&doubtful)
        .filter(|(_, &d)| d)
        .map(|(&pair, _)| pair)
        .collect();
    let mut searched = finder
        .reachable_batch_known(&searched_pairs, max_hops)
        .into_iter();
    doubtful
        .iter()
        .map(|&d| !d || searched.next().expect("one verdict per search"))
        .collect()
}

/// `candidates` less the pairs of `[assign] forbidden`, and how many each
/// mentee lost (for the reason of one who lost them all).
fn without_forbidden(
    candidates: Candidates,
    forbidden: &HashSet<(PersonId, PersonId)>,
) -> (Candidates, HashMap<PersonId, usize>) {
    let mut lost: HashMap<PersonId, usize> = HashMap::new();
    if forbidden.is_empty() {
        return (candidates, lost);
    }
    let kept = candidates.filtered(|mentee, c| {
        let keep = !forbidden.contains(&(mentee, c.partner));
        if !keep {
            *lost.entry(mentee).or_default() += 1;
        }
        keep
    });
    (kept, lost)
}

/// Pinned pairs by partner, for naming those that hold a full partner's
/// places.
fn by_partner(pins: &[Pin]) -> HashMap<PersonId, Vec<&Pin>> {
    let mut out: HashMap<PersonId, Vec<&Pin>> = HashMap::new();
    for pin in pins {
        out.entry(pin.partner).or_default().push(pin);
    }
    out
}

fn components(evaluation: &Evaluation) -> BTreeMap<Cow<'static, str>, f64> {
    evaluation
        .score
        .components()
        .map(|(name, value)| (Cow::Borrowed(name), round(value)))
        .collect()
}

fn external(network: &Network, p: PersonId) -> String {
    network.at(p).id.clone()
}

/// Rounds to six decimals for output: enough to rank by, short to read.
pub(crate) fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The mean of `count` scores summing to `total`, rounded; `None` for none.
fn mean(total: f64, count: usize) -> Option<f64> {
    (count > 0).then(|| round(total / count as f64))
}

/// `matched / seeking`, rounded; `None` when nobody seeks.
fn coverage(matched: usize, seeking: usize) -> Option<f64> {
    (seeking > 0).then(|| round(matched as f64 / seeking as f64))
}

#[cfg(all(test, feature = "generate"))]
mod tests {
    use super::*;

    #[test]
    fn trust_confirmed_without_a_search_is_what_the_search_finds() {
        // A generated organisation with many more blocks than usual: every
        // ninth person blocks someone at random (rarely tied to either end
        // of a pair), and one tie in seventeen is also a block (a partner
        // next to the sponsor, which only the search can settle).
        let mut data = crate::generate(&crate::GeneratorConfig {
            people: 2_000,
            seed: 5,
            ..Default::default()
        });
        let n = data.people.len();
        for i in (0..n).step_by(9) {
            let other = data.people[(i * 7919 + 13) % n].id.clone();
            if other != data.people[i].id && !data.people[i].blocked.contains(&other) {
                data.people[i].blocked.push(other);
            }
        }
        let ties: Vec<(String, String)> = data
            .ties
            .iter()
            .step_by(17)
            .map(|t| (t.a.clone(), t.b.clone()))
            .collect();
        let at: HashMap<String, usize> = data
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        for (a, b) in ties {
            let blocked = &mut data.people[at[&a]].blocked;
            if !blocked.contains(&b) {
                blocked.push(b);
            }
        }
        let network = Network::from_dataset(&data, &Default::default()).unwrap();
        for max_hops in [2, 3, 4] {
            let mut config = Config::default();
            config.intro.max_hops = max_hops;
            let scorer = SponsorScorer::from_valid(&network, &config);
            let all = generate(&scorer, &Progress::new());
            let pairs: Vec<(PersonId, PersonId)> =
                all.pairs().map(|(m, c)| (m, c.partner)).collect();
            let mut finder = PathFinder::new(&network);
            let verdicts = confirm_trust(&finder, &pairs, max_hops);
            let in_blocks = pairs
                .iter()
                .filter(|(_, s)| !network.at(*s).blocked.is_empty())
                .count();
            let mut refused = 0;
            for (&(person, sponsor), &ok) in pairs.iter().zip(&verdicts) {
                let searched = finder.best_known(person, sponsor, max_hops).is_some();
                assert_eq!(ok, searched, "{person:?} to {sponsor:?} within {max_hops}");
                refused += usize::from(!ok);
            }
            assert!(in_blocks > 100, "{in_blocks} pairs with a blocking sponsor");
            // Within 4 ties other paths remain for every pair here.
            assert!(
                refused > 0 || max_hops > 3,
                "within {max_hops}: no pair refused"
            );
        }
    }
}
