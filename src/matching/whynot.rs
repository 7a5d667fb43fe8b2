//! "Why not X": a mentor pair held against a recorded run ([`Replay`]) —
//! whether the run chose it, what the mentee got instead, the score it
//! would need, and exactly what forcing it would cost and whom it would
//! displace, found by re-solving the run's mentor assignment with the pair
//! pinned ([`WhyNot`]); and a mentee's best candidates with the same facts
//! ([`MenteeWhyNot`]).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::fairness::{floor_spec, FloorSpec};
use super::pins::{forbidden_pairs, pinned_pairs, unpinnable, Pin, PinOrigin};
use super::previous::sort_kept;
use super::reasons::policy_name;
use super::recorded::RecordedRun;
use super::{assign_mentors, cold, external, round, without_forbidden, RoleProblem};
use crate::assign::{AssignProblem, Assignment, Policy, WarmSolver};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{PersonId, Role};
use crate::network::Network;
use crate::score::candidates::Candidates;
use crate::score::{Constraint, Evaluation, MentorScorer};

/// A recorded run re-solved, ready to answer "why not this pair?".
///
/// Built once per run ([`Replay::new`]): it scores the candidates, re-solves
/// the run's mentor assignment with the run's own pins, and checks that the
/// re-solve *is* the run. Each question ([`Replay::why_not`],
/// [`Replay::mentee`]) then costs one more solve of the mentor assignment
/// with the pair pinned — the run's own code path (candidates, pins, the
/// fill of free places), as `mentormatch match` runs it with that pair
/// added to `[assign] pinned`.
///
/// **Warm.** Under the `optimal` policy without coverage floors, the
/// forced solve starts from the run's optimum and its LP duals (a
/// [`WarmSolver`], built at the first question) instead of from nothing:
/// pinning one pair moves few others, so a question costs a fraction of a
/// cold solve (figures in the README's Performance section,
/// "Components"). The warm state holds
/// the run's own pairs (with the duals of its own solve, which any optimum
/// meets the optimality conditions with), so no question lists swaps
/// between tied optima that the pair did not cause. Its assignment before
/// the fill is an exact optimum of the problem `match` would solve, with
/// the same total, so the score a pair would need is exact. Where several
/// optima tie, the warm solve may keep another of them than a fresh
/// `match` with the pin chooses, and then the fill of free places — and
/// with it the total after the fill and the list of changes — can differ
/// from that run's, both being optimal before the fill. Other policies and
/// runs with floors re-solve cold.
///
/// The run must have been made with the same dataset and configuration
/// (and, for a run made with `--previous`, its kept pairs are taken from
/// the run's `pinned` flags). Mentor pairs only.
pub struct Replay<'a> {
    network: &'a Network,
    config: &'a Config,
    run: &'a RecordedRun,
    scorer: MentorScorer<'a>,
    forbidden: HashSet<(PersonId, PersonId)>,
    pins: Vec<Pin>,
    candidates: Candidates,
    /// The run's coverage floors on mentor matches, if it had any.
    floors: Option<FloorSpec>,
    baseline: Solved,
    /// The run's first assignment with its duals, built at the first
    /// forced solve (`optimal` without floors only).
    warm: OnceLock<Option<WarmStart>>,
}

/// The run's first assignment (candidates and the run's pins, before the
/// fill) kept by a [`WarmSolver`], so that a forced solve restores the
/// optimum from the run's instead of from nothing.
struct WarmStart {
    solver: WarmSolver,
    /// The problem's edges and pins when it was built: a forced problem
    /// has the same first (it is built from the same candidates and pins,
    /// in the same order), then its own.
    edges: usize,
    pins: usize,
}

impl WarmStart {
    /// The optimum of `problem`, which extends the solver's by edges and
    /// pins at the end: a clone of the solver takes them and re-solves. (A
    /// pin undone on the solver itself would leave it at another of the
    /// tied optima now and then, and later answers would list swaps that
    /// change nothing: each question starts from the run's own optimum.)
    fn solve(&self, problem: &AssignProblem) -> Result<Assignment> {
        let mut solver = self.solver.clone();
        let added: Vec<(u32, u32, f64)> = problem.edges[self.edges..]
            .iter()
            .map(|e| (e.left, e.right, e.weight))
            .collect();
        if !added.is_empty() {
            solver.add_edges(&added)?;
        }
        for &edge in &problem.pinned[self.pins..] {
            solver.pin(edge)?;
        }
        Ok(solver.solve())
    }
}

/// One solve of the mentor assignment.
struct Solved {
    /// (mentee, mentor, exact score), by mentee then mentor id.
    pairs: Vec<(PersonId, PersonId, f64)>,
    /// The sum of the exact scores, in that order.
    total: f64,
    /// The total of the assignment on the candidates and pins, before the
    /// fill of free places.
    assigned_total: f64,
    /// That assignment's edges (of the problem `RoleProblem` builds).
    first: Vec<usize>,
}

impl Solved {
    fn contains(&self, mentee: PersonId, mentor: PersonId) -> bool {
        self.pairs
            .binary_search_by(|p| (p.0, p.1).cmp(&(mentee, mentor)))
            .is_ok()
    }

    fn of(&self, mentee: PersonId) -> impl Iterator<Item = &(PersonId, PersonId, f64)> {
        let start = self.pairs.partition_point(|p| p.0 < mentee);
        self.pairs[start..]
            .iter()
            .take_while(move |p| p.0 == mentee)
    }
}

impl<'a> Replay<'a> {
    /// Re-solves `run` on `network` with `config` and checks that it is the
    /// run.
    ///
    /// # Errors
    /// As [`match_cohort`](crate::match_cohort) for a configuration out of
    /// range or a bad `[assign] pinned` or `forbidden`; and [`Error::Invalid`] naming the run's file,
    /// record, field and value when the run cannot have been made with this
    /// dataset and configuration: an id unknown to the dataset, a pair that
    /// now fails a hard constraint or scores differently, another policy, a
    /// configured pin the run did not pin, an unmatched seeker without the
    /// run's reason, or a re-solve that chooses other pairs.
    ///
    /// # Complexity
    /// Candidate generation (see [`candidates`](crate::candidates)) and one
    /// solve of the mentor assignment, as in a `match` run without the
    /// sponsors, introductions and report.
    pub fn new(network: &'a Network, config: &'a Config, run: &'a RecordedRun) -> Result<Self> {
        let file = run.file.as_str();
        let another = "the run was made with another dataset or configuration";
        if let Some(policy) = run.policy {
            if policy != config.assign.policy {
                return Err(Error::invalid(
                    ErrorKind::Mismatch,
                    file,
                    "summary",
                    "policy",
                    format!("{:?}", policy_name(policy)),
                    format!(
                        "the configuration's policy is {:?}: {another}",
                        policy_name(config.assign.policy)
                    ),
                ));
            }
        }
        let scorer = MentorScorer::new(network, config)?;
        let floors = floor_spec(network, config)?.filter(|f| f.for_role(Role::Mentor).is_some());
        let forbidden = forbidden_pairs(network, config)?;
        let configured = pinned_pairs(network, config, &scorer, &forbidden)?;
        let known = |record: &str, field: &str, id: &str| {
            network.person_id(id).ok_or_else(|| {
                Error::invalid(
                    ErrorKind::Mismatch,
                    file,
                    record,
                    field,
                    format!("{id:?}"),
                    format!("no person with this id in the dataset: {another}"),
                )
            })
        };

        let mut recorded: Vec<(PersonId, PersonId)> = Vec::new();
        let mut pinned_in_run = HashSet::new();
        let mut kept: Vec<(PersonId, PersonId, Evaluation)> = Vec::new();
        for (i, m) in run.mentor_matches.iter().enumerate() {
            let record = format!("mentor_matches[{i}]");
            let a = known(&record, "mentee", &m.mentee)?;
            let b = known(&record, "mentor", &m.mentor)?;
            let evaluation = scorer.evaluate_known(a, b);
            // A pinned pair may score below min_score, as in the run.
            let failed = if m.pinned {
                unpinnable(&evaluation)
            } else {
                evaluation.failed.clone()
            };
            let failed: Vec<&str> = failed.iter().map(|c| c.name()).collect();
            if !failed.is_empty() {
                return Err(Error::invalid(
                    ErrorKind::Mismatch,
                    file,
                    &record,
                    "",
                    format!("[{:?}, {:?}]", m.mentee, m.mentor),
                    format!(
                        "the pair fails hard constraints here ({}): {another}",
                        failed.join(", ")
                    ),
                ));
            }
            let score = evaluation.score.combined;
            if (round(score) - m.score).abs() > 1e-9 {
                return Err(Error::invalid(
                    ErrorKind::Mismatch,
                    file,
                    &record,
                    "score",
                    m.score.to_string(),
                    format!("the pair scores {} here: {another}", round(score)),
                ));
            }
            recorded.push((a, b));
            if m.pinned {
                pinned_in_run.insert((a, b));
                if !configured.iter().any(|p| (p.mentee, p.partner) == (a, b)) {
                    kept.push((a, b, evaluation));
                }
            }
        }
        for pin in &configured {
            if !pinned_in_run.contains(&(pin.mentee, pin.partner)) {
                return Err(Error::invalid(
                    ErrorKind::Mismatch,
                    file,
                    "mentor_matches",
                    "",
                    format!(
                        "[{:?}, {:?}]",
                        external(network, pin.mentee),
                        external(network, pin.partner)
                    ),
                    format!("[assign] pinned holds this pair, the run does not pin it: {another}"),
                ));
            }
        }
        let mut unmatched = HashSet::new();
        for (i, u) in run.unmatched.iter().enumerate() {
            let p = known(&format!("unmatched[{i}]"), "person", &u.person)?;
            if u.seeking == Role::Mentor {
                unmatched.insert(p);
            }
        }

        // The run's pins in the order the run pinned them: the
        // configuration's, then those kept from its previous run, in the
        // order `match --previous` gives them, so the re-solve builds the
        // very problem the run solved.
        sort_kept(network, &mut kept);
        let mut pins = configured;
        pins.extend(
            kept.into_iter()
                .map(|(a, b, evaluation)| Pin::new(a, b, &evaluation, PinOrigin::Previous)),
        );

        let (candidates, _) = without_forbidden(scorer.candidates(), &forbidden);
        let mut replay = Replay {
            network,
            config,
            run,
            scorer,
            forbidden,
            pins,
            candidates,
            floors,
            baseline: Solved {
                pairs: Vec::new(),
                total: 0.0,
                assigned_total: 0.0,
                first: Vec::new(),
            },
            warm: OnceLock::new(),
        };
        replay.baseline = replay.solve(&replay.pins)?;

        recorded.sort_unstable();
        let solved: Vec<(PersonId, PersonId)> =
            replay.baseline.pairs.iter().map(|p| (p.0, p.1)).collect();
        if recorded != solved {
            let only = |x: &[(PersonId, PersonId)], y: &[(PersonId, PersonId)]| {
                x.iter()
                    .filter(|p| y.binary_search(p).is_err())
                    .copied()
                    .collect::<Vec<_>>()
            };
            let (lost, new) = (only(&recorded, &solved), only(&solved, &recorded));
            let name = |p: &(PersonId, PersonId)| {
                format!("{} with {}", external(network, p.0), external(network, p.1))
            };
            let example = match (lost.first(), new.first()) {
                (Some(p), _) => format!("{} is in the run, not in the re-solve", name(p)),
                (None, Some(p)) => format!("{} is in the re-solve, not in the run", name(p)),
                (None, None) => unreachable!("different sorted lists differ somewhere"),
            };
            return Err(Error::invalid(
                ErrorKind::Mismatch,
                file,
                "mentor_matches",
                "",
                "",
                format!(
                    "re-solving this dataset with this configuration chooses other pairs \
                     ({} of the run's {} pairs differ; {example}): {another}",
                    lost.len().max(new.len()),
                    recorded.len()
                ),
            ));
        }
        for &p in replay.candidates.mentees() {
            let matched = replay.baseline.of(p).next().is_some();
            if matched == unmatched.contains(&p) {
                let why = if matched {
                    "the run lists them as unmatched, yet gives them a mentor"
                } else {
                    "the run gives them no mentor, yet lists no reason for it"
                };
                return Err(Error::invalid(
                    ErrorKind::Mismatch,
                    file,
                    "unmatched",
                    "person",
                    format!("{:?}", external(network, p)),
                    format!("{why}: {another}"),
                ));
            }
        }
        Ok(replay)
    }

    /// Why `mentee` and `mentor` are (or are not) a pair of the run: its
    /// standing among the mentee's candidates, what the mentee got instead
    /// (or why they are unmatched), the score the pair would need, and what
    /// forcing it would cost and whom it would displace.
    ///
    /// **The score it would need.** Under `optimal` the run's assignment on
    /// the candidates and pins is an exact optimum, of total `U`. Re-solved
    /// with the pair pinned, its total is `F`, of which `s` is the pair's
    /// own score, so `F − s` is the best the rest of the cohort can do
    /// around the pair. Raising the pair's score to `t` (nothing else
    /// changing) makes pairing worth `t + (F − s)` against `U` without it,
    /// so the pair enters the optimum exactly when `t ≥ U − (F − s)`: the
    /// threshold is `U − F + s`. Both totals are of the assignment before
    /// the fill of free places (the pair, a candidate or pinned, is never a
    /// fill pair), with the pair among the candidates. A threshold below
    /// `s` means the pair would already be chosen at its score if it were a
    /// candidate (it is outside the top `max_candidates`). Other policies
    /// do not maximise the total, so they get no threshold; neither does a
    /// run with coverage floors (`[fairness] min_coverage`), whose floors
    /// are set from the coverage each solve reaches.
    ///
    /// **The cost of forcing it** is the drop in the run's total mentor
    /// score (fill included) when the pair is added to the pins: exact, by
    /// re-solving (the run's coverage floors included), with every pair
    /// that changes. When no assignment with the pair pinned meets the
    /// floors, forcing it is [`Impossible::Floors`].
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when an id is
    /// not from the network.
    ///
    /// # Complexity
    /// One solve of the mentor assignment (none when the pair is in the run
    /// or cannot be forced): warm under `optimal` without floors (see
    /// [`Replay`]), after one cold solve at the first question that builds
    /// the warm state.
    ///
    /// # Example
    /// Two mentees and two mentors with one place each, scored by
    /// affinity alone: the run pairs a with m2 and b with m1 (0.5 + 0.8 =
    /// 1.3). Forcing a with m1 leaves b with m2 (0.9 + 0.2 = 1.1): a drop of
    /// 0.2, and a with m1 would need 1.1 = 1.3 − 1.1 + 0.9.
    /// ```
    /// use mentormatch::{match_cohort, Config, Network, RecordedRun, Replay, Weights};
    ///
    /// let data = serde_json::json!({
    ///     "people": [
    ///         {"id": "a", "seeks": ["mentor"]}, {"id": "b", "seeks": ["mentor"]},
    ///         {"id": "m1", "mentor_capacity": 1}, {"id": "m2", "mentor_capacity": 1}],
    ///     "affinities": [
    ///         {"mentee": "a", "mentor": "m1", "score": 0.9},
    ///         {"mentee": "a", "mentor": "m2", "score": 0.5},
    ///         {"mentee": "b", "mentor": "m1", "score": 0.8},
    ///         {"mentee": "b", "mentor": "m2", "score": 0.2}]});
    /// let network = Network::from_dataset(&serde_json::from_value(data).unwrap(), &Default::default())?;
    /// let mut config = Config::default();
    /// config.weights = Weights::affinity_only();
    /// config.constraints.require_skill_overlap = false;
    /// let report = match_cohort(&network, &config)?;
    /// let run = RecordedRun::from_json(&serde_json::to_string(&report).unwrap(), "run.json")?;
    /// let replay = Replay::new(&network, &config, &run)?;
    /// let id = |s| network.person_id(s).unwrap();
    /// let why = replay.why_not(id("a"), id("m1"))?;
    /// assert!(!why.in_run);
    /// let forced = why.forcing.forced().unwrap();
    /// assert!((forced.cost() - 0.2).abs() < 1e-12);
    /// assert!((why.threshold.unwrap() - 1.1).abs() < 1e-12);
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn why_not(&self, mentee: PersonId, mentor: PersonId) -> Result<WhyNot> {
        self.network.check("mentee", mentee)?;
        self.network.check("mentor", mentor)?;
        Ok(self.why_not_known(mentee, mentor))
    }

    /// [`Replay::why_not`] of ids the crate got from the network.
    fn why_not_known(&self, mentee: PersonId, mentor: PersonId) -> WhyNot {
        let network = self.network;
        let evaluation = self.scorer.evaluate_known(mentee, mentor);
        let score = evaluation.score.combined;
        let in_run = self.baseline.contains(mentee, mentor);
        let pinned = self.is_pinned(mentee, mentor);
        let standing = self.standing(mentee, mentor, &evaluation);
        let (forcing, threshold) = if in_run {
            (Forcing::InRun, None)
        } else if let Some(why) = self.impossible(mentee, mentor, &evaluation) {
            (Forcing::Impossible(why), None)
        } else {
            let mut pins = self.pins.clone();
            pins.push(Pin::new(mentee, mentor, &evaluation, PinOrigin::Config));
            match self.solve(&pins) {
                Ok(forced) => {
                    let threshold = (self.config.assign.policy == Policy::Optimal
                        && self.floors.is_none())
                    .then_some(self.baseline.assigned_total - forced.assigned_total + score);
                    let changes = self.changes(&forced, &pins);
                    (
                        Forcing::Possible(Forced {
                            total_before: self.baseline.total,
                            total_after: forced.total,
                            cost: self.baseline.total - forced.total,
                            changes,
                        }),
                        threshold,
                    )
                }
                // The only error of a solve is a floor no assignment meets.
                Err(error) => (
                    Forcing::Impossible(Impossible::Floors {
                        reason: match &error {
                            Error::Invalid(invalid) => invalid.reason().to_string(),
                            other => other.to_string(),
                        },
                    }),
                    None,
                ),
            }
        };
        WhyNot {
            run: self.run.file.clone(),
            mentee: external(network, mentee),
            mentor: external(network, mentor),
            score,
            policy: self.config.assign.policy,
            in_run,
            pinned,
            standing,
            mentee_got: self.outcome(mentee),
            threshold,
            forcing,
        }
    }

    /// `mentee`'s first `n` candidates in the library's candidate order
    /// (best first, as [`Candidates::of`] keeps them), each with
    /// [`Replay::why_not`], and what the mentee got in the run.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when the id is
    /// not from the network.
    ///
    /// # Complexity
    /// Up to `n` solves of the mentor assignment.
    pub fn mentee(&self, mentee: PersonId, n: usize) -> Result<MenteeWhyNot> {
        self.network.check("mentee", mentee)?;
        let own = self.candidates.list(mentee);
        Ok(MenteeWhyNot {
            run: self.run.file.clone(),
            mentee: external(self.network, mentee),
            got: self.outcome(mentee),
            kept: own.len(),
            max_candidates: self.candidates.max_candidates(),
            candidates: own
                .iter()
                .take(n)
                .map(|c| self.why_not_known(mentee, c.partner))
                .collect(),
        })
    }

    /// The mentor assignment with `pins`, through the run's own code (its
    /// coverage floors included). `pins` beyond the run's start warm from
    /// the run's optimum under `optimal` without floors: the first
    /// assignment is then an optimum of the same problem a cold solve
    /// would face, with the same total (see [`Replay`] on tied optima).
    ///
    /// # Errors
    /// As [`match_cohort`](crate::match_cohort) when no assignment with
    /// `pins` meets the floors.
    fn solve(&self, pins: &[Pin]) -> Result<Solved> {
        let cold = cold(self.config.assign.policy);
        let warm = if pins.len() > self.pins.len() {
            self.warm_start()
        } else {
            None
        };
        let first = RefCell::new(Vec::new());
        let warm_first = |problem: &AssignProblem| {
            let answer = match warm {
                Some(start) => start.solve(problem),
                None => cold(problem),
            }?;
            *first.borrow_mut() = answer.edges().collect();
            Ok(answer)
        };
        let (_, outcome, _) = assign_mentors(
            self.network,
            &self.scorer,
            self.candidates.clone(),
            &self.forbidden,
            &self.config.assign,
            pins,
            self.floors.as_ref(),
            &warm_first,
        )?;
        let pairs: Vec<(PersonId, PersonId, f64)> = outcome
            .pairs
            .iter()
            .map(|c| (c.mentee, c.partner, c.weight))
            .collect();
        debug_assert!(pairs
            .windows(2)
            .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        Ok(Solved {
            total: pairs.iter().fold(0.0, |sum, p| sum + p.2),
            pairs,
            assigned_total: outcome.assigned_total,
            first: first.into_inner(),
        })
    }

    /// The run's first assignment in a [`WarmSolver`], built once; none
    /// for other policies than `optimal` or under coverage floors (which
    /// solve their own problem).
    fn warm_start(&self) -> Option<&WarmStart> {
        self.warm
            .get_or_init(|| {
                if self.config.assign.policy != Policy::Optimal || self.floors.is_some() {
                    return None;
                }
                let per_mentee = self.config.assign.per_mentee(Role::Mentor);
                let problem = RoleProblem::new(
                    self.network,
                    &self.candidates,
                    Role::Mentor,
                    per_mentee,
                    &self.pins,
                )
                .problem;
                let (edges, pins) = (problem.edges.len(), problem.pinned.len());
                // The run's problem is valid (the baseline solved it). Its
                // optimum is the run's, not another of tied ones: with the
                // duals of any optimum, the run's pairs meet the optimality
                // conditions too, so every question starts from the run.
                WarmSolver::new(problem).ok().map(|mut solver| {
                    let adopted = solver.adopt(&self.baseline.first);
                    debug_assert!(adopted, "the run's optimum is an optimum");
                    WarmStart {
                        solver,
                        edges,
                        pins,
                    }
                })
            })
            .as_ref()
    }

    fn is_pinned(&self, mentee: PersonId, mentor: PersonId) -> bool {
        self.pins
            .iter()
            .any(|p| (p.mentee, p.partner) == (mentee, mentor))
    }

    fn standing(&self, mentee: PersonId, mentor: PersonId, evaluation: &Evaluation) -> Standing {
        if !evaluation.failed.is_empty() {
            return Standing::Excluded {
                failed: evaluation.failed.clone(),
            };
        }
        if self.forbidden.contains(&(mentee, mentor)) {
            return Standing::Forbidden;
        }
        let max_candidates = self.candidates.max_candidates();
        match self.candidates.rank(mentee, mentor) {
            Some(rank) => Standing::Candidate {
                rank: rank + 1,
                kept: self.candidates.list(mentee).len(),
                max_candidates,
            },
            None => Standing::OutsideTopK { max_candidates },
        }
    }

    /// Why the pair cannot be pinned, if it cannot: the checks
    /// `[assign] pinned` makes, against the run's pins.
    fn impossible(
        &self,
        mentee: PersonId,
        mentor: PersonId,
        evaluation: &Evaluation,
    ) -> Option<Impossible> {
        let network = self.network;
        let failed = unpinnable(evaluation);
        if !failed.is_empty() {
            return Some(Impossible::Constraints { failed });
        }
        if self.forbidden.contains(&(mentee, mentor)) {
            return Some(Impossible::Forbidden);
        }
        let held = |f: &dyn Fn(&Pin) -> bool, other: &dyn Fn(&Pin) -> PersonId| -> Vec<String> {
            let mut ids: Vec<String> = self
                .pins
                .iter()
                .filter(|p| f(p))
                .map(|p| external(network, other(p)))
                .collect();
            ids.sort();
            ids
        };
        let mentees = held(&|p| p.partner == mentor, &|p| p.mentee);
        if mentees.len() >= network.at(mentor).mentor_capacity as usize {
            return Some(Impossible::MentorFull { pinned: mentees });
        }
        let mentors = held(&|p| p.mentee == mentee, &|p| p.partner);
        if mentors.len() >= self.config.assign.mentors_per_mentee as usize {
            return Some(Impossible::MenteeFull { pinned: mentors });
        }
        None
    }

    /// What `mentee` got in the run.
    fn outcome(&self, mentee: PersonId) -> MenteeOutcome {
        let network = self.network;
        if !network.at(mentee).seeks(Role::Mentor) {
            return MenteeOutcome::NotSeeking;
        }
        let mentors: Vec<Partner> = self
            .baseline
            .of(mentee)
            .map(|&(a, b, score)| Partner {
                mentor: external(network, b),
                score,
                pinned: self.is_pinned(a, b),
            })
            .collect();
        if !mentors.is_empty() {
            return MenteeOutcome::Matched { mentors };
        }
        let id = &network.at(mentee).id;
        let row = self
            .run
            .unmatched
            .iter()
            .find(|u| u.seeking == Role::Mentor && &u.person == id)
            .expect("Replay::new checked that every unmatched seeker has the run's reason");
        MenteeOutcome::Unmatched {
            reason: row.reason.clone(),
            message: row.message.clone(),
        }
    }

    /// The mentees whose mentors differ between the run and `forced`, by
    /// id, each with both lists in full; `pins` are the forced solve's.
    fn changes(&self, forced: &Solved, pins: &[Pin]) -> Vec<Change> {
        let network = self.network;
        let only = |x: &'_ Solved, y: &'_ Solved| -> Vec<PersonId> {
            x.pairs
                .iter()
                .filter(|p| !y.contains(p.0, p.1))
                .map(|p| p.0)
                .collect()
        };
        let mut touched = only(&self.baseline, forced);
        touched.extend(only(forced, &self.baseline));
        let touched: BTreeMap<&str, PersonId> = touched
            .into_iter()
            .map(|p| (network.at(p).id.as_str(), p))
            .collect();
        let side = |solved: &Solved, a: PersonId, pins: &[Pin]| -> Vec<Partner> {
            solved
                .of(a)
                .map(|&(a, b, score)| Partner {
                    mentor: external(network, b),
                    score,
                    pinned: pins.iter().any(|p| (p.mentee, p.partner) == (a, b)),
                })
                .collect()
        };
        touched
            .into_iter()
            .map(|(mentee, a)| {
                let before = side(&self.baseline, a, &self.pins);
                let after = side(forced, a, pins);
                Change {
                    mentee: mentee.to_string(),
                    effect: Effect::of(&before, &after),
                    before,
                    after,
                }
            })
            .collect()
    }
}

/// A mentor pair held against a recorded run ([`Replay::why_not`]). Its
/// `Display` is the text `explain --run` prints; its serde form is the
/// `run` object of `explain --run --json` (scores rounded to six
/// decimals, as in the run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhyNot {
    /// The run's file.
    pub run: String,
    /// The mentee's id.
    pub mentee: String,
    /// The mentor's id.
    pub mentor: String,
    /// The pair's combined score (computed even for an excluded pair).
    #[serde(serialize_with = "rounded")]
    pub score: f64,
    /// The policy the run (and every re-solve) used.
    pub policy: Policy,
    /// Whether the run chose the pair.
    pub in_run: bool,
    /// Whether the run pinned the pair.
    pub pinned: bool,
    /// The pair among the mentee's candidates.
    pub standing: Standing,
    /// What the mentee got in the run.
    pub mentee_got: MenteeOutcome,
    /// The smallest score at which the pair would be chosen, everything
    /// else held fixed (see [`Replay::why_not`]); `None` for a pair in the
    /// run or one that cannot be forced, under a policy other than
    /// `optimal`, and for a run with coverage floors (they are set again
    /// from the coverage each solve reaches, so no one score decides).
    #[serde(serialize_with = "rounded_option")]
    pub threshold: Option<f64>,
    /// What forcing the pair would do.
    pub forcing: Forcing,
}

/// A pair's place among the mentee's candidates. Serialised with a
/// `status` code: `candidate`, `outside_top_k`, `excluded`, `forbidden`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Standing {
    /// Among the candidates the run assigned from.
    Candidate {
        /// 1 for the mentee's best candidate.
        rank: usize,
        /// The mentee's candidates.
        kept: usize,
        /// `max_candidates` (0 = all feasible pairs kept).
        max_candidates: usize,
    },
    /// Feasible, but outside the mentee's top `max_candidates`.
    OutsideTopK {
        /// `max_candidates`.
        max_candidates: usize,
    },
    /// Fails hard constraints (only `below_min_score`: forcing is still
    /// possible, as for `[assign] pinned`).
    Excluded {
        /// The constraints it fails.
        #[serde(serialize_with = "constraint_names")]
        failed: Vec<Constraint>,
    },
    /// In `[assign] forbidden`.
    Forbidden,
}

/// What the mentee got in the run. Serialised with a `status` code:
/// `matched`, `unmatched`, `not_seeking`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MenteeOutcome {
    /// Their mentors in the run.
    Matched {
        /// By mentor id.
        mentors: Vec<Partner>,
    },
    /// No mentor, for the run's reason.
    Unmatched {
        /// The run's reason code.
        reason: String,
        /// The run's sentence for it.
        message: String,
    },
    /// They do not seek a mentor.
    NotSeeking,
}

/// A mentor of a mentee, with the pair's exact score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    /// The mentor's id.
    pub mentor: String,
    /// The pair's combined score.
    #[serde(serialize_with = "rounded")]
    pub score: f64,
    /// Whether the pair is pinned (in the forced solve: the forced pair
    /// too).
    pub pinned: bool,
}

/// What forcing a pair would do. Serialised with a `status` code:
/// `in_run`, `impossible` (with `code` and `message`), `possible` (with
/// the totals, `cost` and `changes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Forcing {
    /// The run chose the pair already.
    InRun,
    /// It cannot be pinned.
    Impossible(Impossible),
    /// Re-solved with the pair pinned.
    Possible(Forced),
}

impl Forcing {
    /// The forced solve, when forcing is possible.
    pub fn forced(&self) -> Option<&Forced> {
        match self {
            Forcing::Possible(forced) => Some(forced),
            _ => None,
        }
    }
}

/// Why a pair cannot be forced. Serialised as `{"code", "message"}` and the
/// variant's field (`failed` or `pinned`); read back from `code` and that
/// field (the message is the sentence [`Impossible::describe`] makes of
/// them).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "ImpossibleFields")]
#[non_exhaustive]
pub enum Impossible {
    /// `constraints`: it fails these hard constraints (a pin may not).
    Constraints {
        /// The constraints, in attribution order.
        failed: Vec<Constraint>,
    },
    /// `forbidden`: it is in `[assign] forbidden`.
    Forbidden,
    /// `mentor_full`: pinned pairs hold every place of the mentor (these
    /// mentees, by id).
    MentorFull {
        /// The pinned mentees.
        pinned: Vec<String>,
    },
    /// `mentee_full`: the mentee has `mentors_per_mentee` pinned mentors
    /// (these, by id).
    MenteeFull {
        /// The pinned mentors.
        pinned: Vec<String>,
    },
    /// `floors`: with the pair pinned, no assignment meets the run's
    /// coverage floors (`[fairness] min_coverage`); `reason` is what the
    /// run would have refused with (the group, its floor, the most it can
    /// reach).
    Floors {
        /// The floor error's reason.
        reason: String,
    },
}

impl Impossible {
    /// The stable code: `constraints`, `forbidden`, `mentor_full`,
    /// `mentee_full` or `floors`.
    pub fn code(&self) -> &'static str {
        match self {
            Impossible::Constraints { .. } => "constraints",
            Impossible::Forbidden => "forbidden",
            Impossible::MentorFull { .. } => "mentor_full",
            Impossible::MenteeFull { .. } => "mentee_full",
            Impossible::Floors { .. } => "floors",
        }
    }

    /// The sentence.
    pub fn describe(&self) -> String {
        match self {
            Impossible::Constraints { failed } => format!(
                "it fails hard constraints, which no pin may: {}",
                constraint_list(failed)
            ),
            Impossible::Forbidden => "the pair is in [assign] forbidden".to_string(),
            Impossible::MentorFull { pinned } => format!(
                "pinned pairs hold every place of the mentor (with {})",
                pinned.join(", ")
            ),
            Impossible::MenteeFull { pinned } => format!(
                "the mentee already has as many pinned mentors as mentors_per_mentee allows ({})",
                pinned.join(", ")
            ),
            Impossible::Floors { reason } => {
                format!("with the pair pinned, no assignment meets the coverage floors: {reason}")
            }
        }
    }
}

impl Serialize for Impossible {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("code", self.code())?;
        map.serialize_entry("message", &self.describe())?;
        match self {
            Impossible::Constraints { failed } => map.serialize_entry("failed", failed)?,
            Impossible::Forbidden => {}
            Impossible::MentorFull { pinned } | Impossible::MenteeFull { pinned } => {
                map.serialize_entry("pinned", pinned)?
            }
            Impossible::Floors { reason } => map.serialize_entry("reason", reason)?,
        }
        map.end()
    }
}

/// What an [`Impossible`] is read back from.
#[derive(Deserialize)]
struct ImpossibleFields {
    code: String,
    #[serde(default)]
    failed: Vec<Constraint>,
    #[serde(default)]
    pinned: Vec<String>,
    #[serde(default)]
    reason: String,
}

impl TryFrom<ImpossibleFields> for Impossible {
    type Error = String;

    fn try_from(fields: ImpossibleFields) -> std::result::Result<Impossible, String> {
        let ImpossibleFields {
            code,
            failed,
            pinned,
            reason,
        } = fields;
        Ok(match code.as_str() {
            "constraints" => Impossible::Constraints { failed },
            "forbidden" => Impossible::Forbidden,
            "mentor_full" => Impossible::MentorFull { pinned },
            "mentee_full" => Impossible::MenteeFull { pinned },
            "floors" => Impossible::Floors { reason },
            _ => return Err(format!("unknown code {code:?}")),
        })
    }
}

/// The run re-solved with a pair pinned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forced {
    /// The run's total mentor score (exact: the re-solve of the run).
    #[serde(serialize_with = "rounded")]
    pub total_before: f64,
    /// The total with the pair pinned.
    #[serde(serialize_with = "rounded")]
    pub total_after: f64,
    /// `total_before − total_after`: what forcing the pair costs the cohort.
    /// Negative only when the pair is outside the top `max_candidates` and
    /// worth more than what it displaces.
    #[serde(serialize_with = "rounded")]
    pub cost: f64,
    /// Every mentee whose mentors change (the forced mentee included), by id.
    pub changes: Vec<Change>,
}

impl Forced {
    /// `total_before − total_after`.
    pub fn cost(&self) -> f64 {
        self.cost
    }
}

/// A mentee whose mentors change when a pair is forced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The mentee's id.
    pub mentee: String,
    /// Their mentors in the run.
    pub before: Vec<Partner>,
    /// Their mentors with the pair forced.
    pub after: Vec<Partner>,
    /// What that means for them.
    pub effect: Effect,
}

/// What a [`Change`] means for the mentee. Serialised as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Effect {
    /// `gains_mentor`: mentors added, none lost.
    GainsMentor,
    /// `loses_mentor`: mentors lost, none added (unmatched if none is left).
    LosesMentor,
    /// `gets_someone_else`: a mentor replaced by another.
    GetsSomeoneElse,
}

impl Effect {
    fn of(before: &[Partner], after: &[Partner]) -> Effect {
        let within =
            |x: &[Partner], y: &[Partner]| x.iter().all(|p| y.iter().any(|q| q.mentor == p.mentor));
        if within(before, after) {
            Effect::GainsMentor
        } else if within(after, before) {
            Effect::LosesMentor
        } else {
            Effect::GetsSomeoneElse
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Effect::GainsMentor => "gains a mentor",
            Effect::LosesMentor => "loses a mentor",
            Effect::GetsSomeoneElse => "gets someone else",
        }
    }
}

/// A mentee's best candidates held against a run ([`Replay::mentee`]):
/// what `explain --mentee A --run RUN.json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MenteeWhyNot {
    /// The run's file.
    pub run: String,
    /// The mentee's id.
    pub mentee: String,
    /// What they got in the run.
    pub got: MenteeOutcome,
    /// How many candidates they have.
    pub kept: usize,
    /// `max_candidates` (0 = all feasible pairs).
    pub max_candidates: usize,
    /// The first few candidates, best first, each held against the run.
    pub candidates: Vec<WhyNot>,
}

impl fmt::Display for WhyNot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} with mentor {} in {}: {} (score {:.6})",
            self.mentee,
            self.mentor,
            self.run,
            self.verdict(),
            self.score
        )?;
        if !self.in_run {
            writeln!(f, "{}", self.mentee_got.describe(&self.mentee))?;
        }
        self.write_details(f, "")
    }
}

impl WhyNot {
    fn verdict(&self) -> &'static str {
        match (self.in_run, self.pinned) {
            (true, true) => "in the run, pinned",
            (true, false) => "in the run",
            (false, _) => "not in the run",
        }
    }

    /// Standing, score needed and forcing, one line each (the changes
    /// indented below), each line starting with `indent`.
    fn write_details(&self, f: &mut fmt::Formatter<'_>, indent: &str) -> fmt::Result {
        let mentee = &self.mentee;
        let standing = match &self.standing {
            Standing::Candidate {
                rank,
                kept,
                max_candidates,
            } => {
                let limit = match max_candidates {
                    0 => "all feasible pairs kept".to_string(),
                    k => format!("top {k} kept"),
                };
                format!("candidate {rank} of {mentee}'s {kept} ({limit})")
            }
            Standing::OutsideTopK { max_candidates } => format!(
                "not among {mentee}'s top {max_candidates} candidates (the run never weighed \
                 it); forcing it is still possible"
            ),
            Standing::Excluded { failed } if failed == &[Constraint::BelowMinScore] => {
                "below min_score, so never a candidate; a pin may score below it, so forcing it \
                 is still possible"
                    .to_string()
            }
            Standing::Excluded { failed } => {
                format!("excluded by hard constraints: {}", constraint_list(failed))
            }
            Standing::Forbidden => "in [assign] forbidden".to_string(),
        };
        writeln!(f, "{indent}standing: {standing}")?;
        let Forcing::Possible(forced) = &self.forcing else {
            if let Forcing::Impossible(why) = &self.forcing {
                writeln!(f, "{indent}forcing it is impossible: {}", why.describe())?;
            }
            return Ok(());
        };
        let needed = match self.threshold {
            None if self.policy == Policy::Optimal => "the run has coverage floors, which move \
                 with the coverage a pair brings, so no one score decides it"
                .to_string(),
            None => format!(
                "the {} policy does not maximise the total score, so no one score decides it",
                policy_name(self.policy)
            ),
            Some(t) if t > self.score => format!(
                "a score of {t:.6} or more would get it chosen ({:.6} more than it scores)",
                t - self.score
            ),
            Some(t) if matches!(self.standing, Standing::Candidate { .. }) => {
                format!("{t:.6}, its own score: an assignment as good without it was chosen")
            }
            Some(t) => format!(
                "{t:.6}; it scores more already, and is not chosen only because it is not a \
                 candidate"
            ),
        };
        writeln!(f, "{indent}needed: {needed}")?;
        let (direction, amount) = if forced.cost >= 0.0 {
            ("a drop", forced.cost)
        } else {
            ("a rise", -forced.cost)
        };
        writeln!(
            f,
            "{indent}forcing it (re-solved with the pair pinned): total score {:.6} -> {:.6}, \
             {direction} of {amount:.6}; {}:",
            forced.total_before,
            forced.total_after,
            match forced.changes.len() {
                1 => "1 mentee's mentors change".to_string(),
                n => format!("{n} mentees' mentors change"),
            }
        )?;
        for change in &forced.changes {
            writeln!(
                f,
                "{indent}  {}: {} -> {} ({})",
                change.mentee,
                partners(&change.before),
                partners(&change.after),
                change.effect.describe()
            )?;
        }
        Ok(())
    }
}

impl MenteeOutcome {
    /// The sentence for `mentee`.
    pub fn describe(&self, mentee: &str) -> String {
        match self {
            MenteeOutcome::Matched { mentors } => {
                format!("{mentee} got {} in the run", partners(mentors))
            }
            MenteeOutcome::Unmatched { reason, message } => {
                format!("{mentee} is unmatched in the run ({reason}): {message}")
            }
            MenteeOutcome::NotSeeking => format!("{mentee} does not seek a mentor"),
        }
    }
}

impl fmt::Display for MenteeWhyNot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} in {}: {}",
            self.mentee,
            self.run,
            self.got.describe(&self.mentee)
        )?;
        if self.candidates.is_empty() {
            return match self.got {
                MenteeOutcome::NotSeeking => Ok(()),
                _ if self.kept > 0 => writeln!(f, "{} has {} candidates", self.mentee, self.kept),
                _ => writeln!(f, "{} has no candidates", self.mentee),
            };
        }
        let limit = match self.max_candidates {
            0 => "all feasible pairs kept".to_string(),
            k => format!("top {k} kept"),
        };
        writeln!(
            f,
            "{}'s first {} of {} candidates ({limit}), best first:",
            self.mentee,
            self.candidates.len(),
            self.kept
        )?;
        for (i, why) in self.candidates.iter().enumerate() {
            writeln!(
                f,
                "{}. {} (score {:.6}): {}",
                i + 1,
                why.mentor,
                why.score,
                why.verdict()
            )?;
            if !why.in_run {
                why.write_details(f, "   ")?;
            }
        }
        Ok(())
    }
}

/// "kofi (0.710000, pinned), mira (0.520000)", or "nobody".
fn partners(list: &[Partner]) -> String {
    if list.is_empty() {
        return "nobody".to_string();
    }
    let names: Vec<String> = list
        .iter()
        .map(|p| {
            let pinned = if p.pinned { ", pinned" } else { "" };
            format!("{} ({:.6}{pinned})", p.mentor, p.score)
        })
        .collect();
    names.join(", ")
}

/// "blocked (one blocks the other), language (...)".
fn constraint_list(failed: &[Constraint]) -> String {
    let parts: Vec<String> = failed
        .iter()
        .map(|c| format!("{} ({})", c.name(), c.describe()))
        .collect();
    parts.join(", ")
}

fn rounded<S: Serializer>(x: &f64, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_f64(round(*x))
}

fn rounded_option<S: Serializer>(
    x: &Option<f64>,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    match x {
        Some(x) => serializer.serialize_f64(round(*x)),
        None => serializer.serialize_none(),
    }
}

fn constraint_names<S: Serializer>(
    failed: &[Constraint],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_seq(failed.iter().map(|c| c.name()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Weights;
    use crate::match_cohort;

    /// Every pair scores the same, so every perfect matching is an
    /// optimum: the warm state must hold the run's, not the one its own
    /// solve happened to find, or each question would list swaps that
    /// change nothing.
    #[test]
    fn the_warm_state_holds_the_runs_own_optimum_among_tied_ones() {
        for n in [3usize, 5, 8] {
            let mut people = Vec::new();
            let mut affinities = Vec::new();
            for i in 0..n {
                people.push(serde_json::json!({"id": format!("e{i}"), "seeks": ["mentor"]}));
                people.push(serde_json::json!({"id": format!("m{i}"), "mentor_capacity": 1}));
                for j in 0..n {
                    affinities.push(serde_json::json!(
                        {"mentee": format!("e{i}"), "mentor": format!("m{j}"), "score": 0.5}));
                }
            }
            let data = serde_json::json!({"people": people, "affinities": affinities});
            let network =
                Network::from_dataset(&serde_json::from_value(data).unwrap(), &Default::default())
                    .unwrap();
            let mut config = Config {
                weights: Weights::affinity_only(),
                ..Config::default()
            };
            config.constraints.require_skill_overlap = false;
            let report = match_cohort(&network, &config).unwrap();
            let run = RecordedRun::from_json(&serde_json::to_string(&report).unwrap(), "run.json")
                .unwrap();
            let replay = Replay::new(&network, &config, &run).unwrap();
            let start = replay.warm_start().expect("optimal without floors");
            let mut held: Vec<usize> = start.solver.assignment().edges().collect();
            held.sort_unstable();
            let mut first = replay.baseline.first.clone();
            first.sort_unstable();
            assert_eq!(held, first, "n = {n}");
            // Forcing any pair the run does not have moves two mentees at
            // most, at no cost.
            let id = |s: String| network.person_id(&s).unwrap();
            for i in 0..n {
                for j in 0..n {
                    let why = replay
                        .why_not(id(format!("e{i}")), id(format!("m{j}")))
                        .unwrap();
                    if let Some(forced) = why.forcing.forced() {
                        assert!(forced.cost().abs() < 1e-12);
                        assert!(forced.changes.len() <= 2, "n = {n}: {:?}", forced.changes);
                    }
                }
            }
        }
    }
}
