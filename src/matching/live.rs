//! A mentor matching kept live: [`LiveCohort`] holds a network, every
//! mentee's candidate mentors and the assignment's solver state, and after
//! a change set re-scores only the pairs the change can move and re-solves
//! from where it was.

use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::pins::forbidden_pairs;
use super::reasons::policy_name;
use super::round;
use crate::assign::{AssignProblem, Assignment, Policy, WarmSolver};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{PersonId, Role};
use crate::network::{ChangeSet, LoadOptions, Network};
use crate::score::candidates::{better, fill_gaps, for_mentees, is_full, Candidate, Engine};
use crate::score::{MentorScorer, PerThread};

/// A mentor matching a service keeps in memory and updates as people join,
/// leave and change: [`LiveCohort::apply`] takes a [`ChangeSet`], updates
/// the network ([`Network::apply`]), re-scores only the pairs the change
/// can move, and re-solves the assignment warm ([`WarmSolver`]).
///
/// What it keeps, and keeps exact after every change:
/// - **Candidates**: every mentee's best `max_candidates` mentors, the same
///   list [`candidates`](crate::candidates) gives for the current network
///   (tested after random change sets; [`LiveCohort::candidates_of`]).
/// - **The assignment**: an optimum (total score, the `optimal` policy)
///   over those candidates less the `[assign] forbidden` pairs, plus the
///   pairs found for free places: as in [`match_cohort`](crate::match_cohort),
///   no mentee with room is left beside a mentor with room who passes every
///   hard constraint with them with a positive score. Unlike
///   `match_cohort`, which fills free places in rounds after a first solve
///   and keeps that solve's pairs, the live assignment solves candidates
///   and fill pairs together, so on the same network the two can choose
///   differently. Each solve starts from the pairs it had, so pairs a
///   change does not touch usually stay (tied optima are not ranked).
///
/// Which pairs a change re-scores: every candidate list of a mentee whose
/// own record changed, who joined, whose ties (or a neighbour's) changed —
/// named in the change set, or a strength derived again from evidence
/// (without `LoadOptions::today`, from the latest contact of all ties, so
/// a tie with a later contact moves every derived strength and re-scores
/// nearly every list) —
/// whose reporting line moved, or whom a changed record blocks or prefers
/// (the scores of their pairs may all move); a list that loses a mentor
/// who left or changed while holding `max_candidates` (the next best is
/// unknown); and every mentee against each mentor who joined or changed
/// (a better pair enters the lists it beats). Everything else is kept.
///
/// Mentor matches only: sponsors, introductions and unmatched reasons come
/// from a whole run ([`match_cohort`](crate::match_cohort)). The `optimal`
/// policy only, without `[fairness]` floors or `[assign] pinned` pairs
/// ([`ErrorKind::Unsupported`] otherwise).
///
/// # Example
/// ```
/// use mentormatch::{load, ChangeSet, Config, LiveCohort, LoadOptions};
///
/// let network = load("data/story.json", &LoadOptions::default())?;
/// let mut live = LiveCohort::new(network, &Config::default())?;
/// let before = live.pairs().len();
///
/// // Tim leaves.
/// let changes = ChangeSet { remove_people: vec!["tim".into()], ..Default::default() };
/// let update = live.apply(&changes, &LoadOptions::default())?;
/// assert!(live.network().person_id("tim").is_none());
/// assert!(live.pairs().iter().all(|p| p.mentee != "tim" && p.mentor != "tim"));
/// assert_eq!(live.pairs().len(), before - update.ended.len() + update.started.len());
/// # Ok::<(), mentormatch::Error>(())
/// ```
#[derive(Debug)]
pub struct LiveCohort {
    network: Network,
    config: Config,
    state: State,
}

/// A [`LiveCohort`]'s lists and solver, apart from its network (which its
/// scorers borrow).
#[derive(Debug)]
struct State {
    /// By person of the network: their best `max_candidates` mentors
    /// (before the forbidden pairs are taken out), empty for people not
    /// seeking.
    rows: Vec<Vec<Candidate>>,
    /// By left node: the dataset id of the mentee it stands for (leavers
    /// keep theirs, with no capacity).
    lefts: Vec<String>,
    left_of: HashMap<String, u32>,
    /// By right node: the dataset id of the mentor.
    rights: Vec<String>,
    right_of: HashMap<String, u32>,
    /// By left node: the solver's edges of its candidate pairs, `(right,
    /// edge)`.
    row_edges: Vec<Vec<(u32, u32)>>,
    /// The pairs added for free places: `(left, right, edge)`.
    fills: Vec<(u32, u32, u32)>,
    solver: WarmSolver,
    pairs: Vec<LivePair>,
    total_score: f64,
}

/// One mentor match of a [`LiveCohort`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LivePair {
    /// The mentee's id in the dataset.
    pub mentee: String,
    /// The mentor's id in the dataset.
    pub mentor: String,
    /// The pair's combined score (rounded as in a match report).
    pub score: f64,
}

/// What one [`LiveCohort::apply`] changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveUpdate {
    /// Pairs that ended, by mentee then mentor.
    pub ended: Vec<LivePair>,
    /// Pairs that started, by mentee then mentor.
    pub started: Vec<LivePair>,
    /// The assignment's total score after the change.
    pub total_score: f64,
    /// Candidate lists scored again in full.
    pub lists_rescored: usize,
    /// Pairs scored for the lists: those the lists scored again looked at,
    /// plus each mentor who joined or changed against every other mentee
    /// (the pairs looked at for free places are not counted).
    pub pairs_scored: u64,
    /// Rounds of pairs added for free places.
    pub fill_rounds: usize,
}

impl LiveCohort {
    /// Scores every mentee's candidates and solves the assignment, keeping
    /// the state for [`LiveCohort::apply`].
    ///
    /// # Errors
    /// [`Error::Invalid`] (file `config`) for a configuration out of range
    /// or naming unknown people in `[assign] forbidden`;
    /// [`ErrorKind::Unsupported`] for a policy other than `optimal`,
    /// `[fairness]` floors or `[assign] pinned` pairs.
    ///
    /// # Complexity
    /// As candidate generation ([`candidates`](crate::candidates)) plus one
    /// solve and the fill of free places.
    pub fn new(network: Network, config: &Config) -> Result<LiveCohort> {
        config.validate("config")?;
        supported(config)?;
        let scorer = MentorScorer::from_valid(&network, config);
        let forbidden = forbidden_pairs(&network, config)?;
        let keep = scorer.max_candidates();
        let seeking: Vec<PersonId> = network.person_ids().filter(|&p| scorer.seeks(p)).collect();
        let mut rows = vec![Vec::new(); network.people().len()];
        for (&m, found) in seeking
            .iter()
            .zip(for_mentees(&scorer, &seeking, keep, &|| {}))
        {
            rows[m.index()] = found.kept;
        }
        let per_mentee = config.assign.per_mentee(Role::Mentor);
        let lefts: Vec<String> = seeking.iter().map(|&p| network.at(p).id.clone()).collect();
        let offering: Vec<PersonId> = network.person_ids().filter(|&p| scorer.offers(p)).collect();
        let rights: Vec<String> = offering.iter().map(|&p| network.at(p).id.clone()).collect();
        let index = |ids: &[String]| -> HashMap<String, u32> {
            ids.iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i as u32))
                .collect()
        };
        let (left_of, right_of) = (index(&lefts), index(&rights));
        let mut problem = AssignProblem::new(
            vec![per_mentee; lefts.len()],
            offering
                .iter()
                .map(|&p| network.at(p).capacity(Role::Mentor))
                .collect(),
        );
        let mut row_edges = vec![Vec::new(); lefts.len()];
        for (i, &m) in seeking.iter().enumerate() {
            for c in &rows[m.index()] {
                if forbidden.contains(&(m, c.partner)) {
                    continue;
                }
                let j = right_of[&network.at(c.partner).id];
                let e = problem.add_edge(i as u32, j, c.combined);
                row_edges[i].push((j, e as u32));
            }
            row_edges[i].sort_unstable();
        }
        let solver = WarmSolver::new(problem)?;
        let mut state = State {
            rows,
            lefts,
            left_of,
            rights,
            right_of,
            row_edges,
            fills: Vec::new(),
            solver,
            pairs: Vec::new(),
            total_score: 0.0,
        };
        state.fill(&network, &scorer, &forbidden)?;
        state.pairs = state.read_pairs();
        drop(scorer);
        Ok(LiveCohort {
            network,
            config: config.clone(),
            state,
        })
    }

    /// The network as of the last change.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The current mentor matches, by mentee then mentor.
    pub fn pairs(&self) -> &[LivePair] {
        &self.state.pairs
    }

    /// The assignment's total score (the sum of the pairs' combined scores,
    /// before rounding).
    pub fn total_score(&self) -> f64 {
        self.state.total_score
    }

    /// `mentee`'s candidate mentors, best first: the list
    /// [`candidates`](crate::candidates) gives for [`LiveCohort::network`]
    /// (empty for someone not seeking; `None` for an id the network did not
    /// issue).
    pub fn candidates_of(&self, mentee: PersonId) -> Option<&[Candidate]> {
        self.network
            .person(mentee)
            .map(|_| self.state.rows[mentee.index()].as_slice())
    }

    /// Applies `changes` to the network ([`Network::apply`], with its
    /// validation and errors), re-scores the pairs they can move, and
    /// re-solves the assignment from where it was. On an error nothing
    /// changes.
    ///
    /// # Errors
    /// As [`Network::apply`]. (`[assign] forbidden` pairs naming someone
    /// who left no longer apply.)
    ///
    /// # Complexity
    /// One linear copy of the network, plus the candidate lists scored
    /// again (see [`LiveCohort`]) and every mentee against each mentor who
    /// joined or changed, plus warm solves (see [`WarmSolver`]): after one
    /// change at 100,000 people, a fraction of a whole run (figures in the
    /// README).
    pub fn apply(&mut self, changes: &ChangeSet, options: &LoadOptions) -> Result<LiveUpdate> {
        let updated = self.network.apply(changes, options)?;
        let forbidden = forbidden_now(&updated, &self.config);
        let old = std::mem::replace(&mut self.network, updated);
        let scorer = MentorScorer::from_valid(&self.network, &self.config);
        let network = &self.network;
        let st = &mut self.state;
        let n = network.people().len();
        let keep = scorer.max_candidates();

        // Where everyone went; who changed (joined or a new record).
        let moved: Vec<Option<PersonId>> = old
            .people()
            .iter()
            .map(|p| network.person_id(&p.id))
            .collect();
        let mut changed = vec![false; n];
        for record in &changes.people {
            if let Some(p) = network.person_id(&record.id) {
                changed[p.index()] = true;
            }
        }
        let gone: Vec<PersonId> = changes
            .remove_people
            .iter()
            .filter_map(|id| old.person_id(id))
            .collect();

        // Mentees whose whole list is scored again.
        let mut touched = vec![false; n];
        let mark_new = |p: PersonId, touched: &mut Vec<bool>| touched[p.index()] = true;
        let mark_old = |p: PersonId, touched: &mut Vec<bool>| {
            if let Some(q) = moved[p.index()] {
                touched[q.index()] = true;
            }
        };
        // Ties: both ends and everyone tied to either, before and after
        // (warmth goes through two ties), for tie changes (named, or a
        // strength derived again), for people who changed (opting out of
        // introductions changes every path through them) and for leavers.
        let mut tie_ends: Vec<&str> = Vec::new();
        for tie in &changes.ties {
            tie_ends.extend([tie.a.as_str(), tie.b.as_str()]);
        }
        for [a, b] in &changes.remove_ties {
            tie_ends.extend([a.as_str(), b.as_str()]);
        }
        tie_ends.extend(changes.people.iter().map(|r| r.id.as_str()));
        tie_ends.extend(changes.remove_people.iter().map(String::as_str));
        // Ties whose strength moved without being named: strengths from
        // evidence are derived again, from the latest contact of all ties
        // when no date is given, so one tie can move many.
        let mut back: Vec<Option<PersonId>> = vec![None; n];
        for (p, q) in moved.iter().enumerate() {
            if let Some(q) = q {
                back[q.index()] = Some(old.id_at(p));
            }
        }
        for p in network.person_ids() {
            for near in network.adjacent(p).iter().filter(|near| near.person > p) {
                let before = back[p.index()]
                    .zip(back[near.person.index()])
                    .and_then(|(a, b)| old.link(a, b))
                    .map(|t| old.tie_at(t).strength);
                if before != Some(network.tie_at(near.tie).strength) {
                    tie_ends.extend([
                        network.at(p).id.as_str(),
                        network.at(near.person).id.as_str(),
                    ]);
                }
            }
        }
        for id in tie_ends {
            if let Some(p) = old.person_id(id) {
                mark_old(p, &mut touched);
                for near in old.adjacent(p) {
                    mark_old(near.person, &mut touched);
                }
            }
            if let Some(p) = network.person_id(id) {
                mark_new(p, &mut touched);
                for near in network.adjacent(p) {
                    mark_new(near.person, &mut touched);
                }
            }
        }
        // People a changed record blocks or prefers, before and after; and
        // where a manager changed, the reporting lines below and above.
        let mut moved_lines: Vec<(Option<PersonId>, PersonId)> = Vec::new();
        for record in &changes.people {
            let before = old.person_id(&record.id);
            let after = network.person_id(&record.id).expect("applied");
            if let Some(b) = before {
                let person = old.at(b);
                for &q in person.blocked.iter().chain(&person.preferred) {
                    mark_old(q, &mut touched);
                }
            }
            let person = network.at(after);
            for &q in person.blocked.iter().chain(&person.preferred) {
                mark_new(q, &mut touched);
            }
            let manager_id = |net: &Network, p: PersonId| -> Option<String> {
                net.at(p).manager.map(|m| net.at(m).id.clone())
            };
            if before.map(|b| manager_id(&old, b)) != Some(manager_id(network, after)) {
                moved_lines.push((before, after));
            }
        }
        for &p in &gone {
            // Their reports were given new managers in `changes.people`.
            let person = old.at(p);
            for &q in person.blocked.iter().chain(&person.preferred) {
                mark_old(q, &mut touched);
            }
        }
        if !moved_lines.is_empty() {
            let levels = self.config.constraints.exclude_reporting_chain;
            let (old_children, new_children) = (reports(&old), reports(network));
            for &(before, after) in &moved_lines {
                if let Some(b) = before {
                    for q in line(&old, &old_children, b, levels) {
                        mark_old(q, &mut touched);
                    }
                }
                for q in line(network, &new_children, after, levels) {
                    mark_new(q, &mut touched);
                }
            }
        }

        // The lists kept, moved to the new ids; those that lose a mentor
        // while full are scored again.
        let mut rows: Vec<Vec<Candidate>> = vec![Vec::new(); n];
        let mut rescore: Vec<PersonId> = Vec::new();
        let mut edited: Vec<bool> = vec![false; n];
        for (p, list) in std::mem::take(&mut st.rows).into_iter().enumerate() {
            let Some(m) = moved[p] else { continue };
            if !scorer.seeks(m) || touched[m.index()] {
                continue;
            }
            let full = is_full(keep, list.len());
            let before = list.len();
            let list: Vec<Candidate> = list
                .into_iter()
                .filter_map(|c| {
                    let t = moved[c.partner.index()]?;
                    (!changed[t.index()]).then_some(Candidate { partner: t, ..c })
                })
                .collect();
            if list.len() < before {
                edited[m.index()] = true;
                if full {
                    touched[m.index()] = true;
                    continue;
                }
            }
            rows[m.index()] = list;
        }
        for m in network.person_ids() {
            if touched[m.index()] && scorer.seeks(m) {
                rescore.push(m);
            }
        }
        let mut pairs_scored = 0;
        for (&m, found) in rescore
            .iter()
            .zip(for_mentees(&scorer, &rescore, keep, &|| {}))
        {
            rows[m.index()] = found.kept;
            edited[m.index()] = true;
            pairs_scored += found.scored;
        }

        // Each mentor who joined or changed, against every other list.
        let newcomers: Vec<(PersonId, u32)> = network
            .person_ids()
            .filter(|&t| changed[t.index()])
            .filter_map(|t| scorer.source_of(t).map(|source| (t, source)))
            .collect();
        if !newcomers.is_empty() {
            let others: Vec<PersonId> = network
                .person_ids()
                .filter(|&m| scorer.seeks(m) && !touched[m.index()])
                .collect();
            pairs_scored += (others.len() * newcomers.len()) as u64;
            let memory = PerThread::new();
            let entering: Vec<Vec<Candidate>> = others
                .par_iter()
                .with_min_len(64)
                .map(|&m| {
                    memory.with(
                        || scorer.new_scratch(),
                        |s| {
                            scorer.prepare_side(s, m);
                            let list = &rows[m.index()];
                            let floor = if is_full(keep, list.len()) {
                                list[keep - 1].combined
                            } else {
                                f64::NEG_INFINITY
                            };
                            newcomers
                                .iter()
                                .filter(|&&(t, _)| t != m)
                                .filter_map(|&(_, source)| scorer.score(s, m, source, floor).ok())
                                .collect()
                        },
                    )
                })
                .collect();
            for (&m, found) in others.iter().zip(entering) {
                if found.is_empty() {
                    continue;
                }
                let list = &mut rows[m.index()];
                list.extend(found);
                list.sort_by(better(network, m));
                if keep > 0 {
                    list.truncate(keep);
                }
                edited[m.index()] = true;
            }
        }
        st.rows = rows;

        // The solver: leavers and people who changed get their capacities,
        // joiners their nodes; edited lists their edges.
        let per_mentee = self.config.assign.per_mentee(Role::Mentor);
        for &p in &gone {
            let id = &old.at(p).id;
            if let Some(&i) = st.left_of.get(id) {
                st.solver.set_left_capacity(i, 0)?;
                st.clear_row(i)?;
            }
            if let Some(&j) = st.right_of.get(id) {
                st.solver.set_right_capacity(j, 0)?;
            }
        }
        for t in network.person_ids().filter(|t| changed[t.index()]) {
            let id = &network.at(t).id;
            let capacity = network.at(t).capacity(Role::Mentor);
            match st.right_of.get(id) {
                Some(&j) => st.solver.set_right_capacity(j, capacity)?,
                None if capacity > 0 => {
                    let j = st.solver.add_right(capacity, &[])?;
                    st.rights.push(id.clone());
                    st.right_of.insert(id.clone(), j);
                }
                None => {}
            }
            let room = if scorer.seeks(t) { per_mentee } else { 0 };
            match st.left_of.get(id) {
                Some(&i) => {
                    st.solver.set_left_capacity(i, room)?;
                    if room == 0 {
                        st.clear_row(i)?;
                    }
                }
                None if room > 0 => {
                    let i = st.solver.add_left(room, &[])?;
                    st.lefts.push(id.clone());
                    st.left_of.insert(id.clone(), i);
                    st.row_edges.push(Vec::new());
                }
                None => {}
            }
        }
        // Fill pairs go when either side changed or left, or the mentee's
        // list was scored again.
        let changed_right: HashSet<u32> = network
            .person_ids()
            .filter(|t| changed[t.index()])
            .filter_map(|t| st.right_of.get(&network.at(t).id).copied())
            .chain(
                gone.iter()
                    .filter_map(|&p| st.right_of.get(&old.at(p).id).copied()),
            )
            .collect();
        let mut kept_fills = Vec::with_capacity(st.fills.len());
        for &(i, j, e) in &st.fills {
            let mentee = network.person_id(&st.lefts[i as usize]);
            let stays = mentee.is_some_and(|m| !touched[m.index()] && !changed[m.index()])
                && !changed_right.contains(&j);
            if stays {
                kept_fills.push((i, j, e));
            } else {
                st.solver.remove_edge(e as usize)?;
            }
        }
        st.fills = kept_fills;
        let edited: Vec<PersonId> = network
            .person_ids()
            .filter(|m| edited[m.index()] || (changed[m.index()] && scorer.seeks(*m)))
            .collect();
        for m in edited {
            let i = st.left_of[&network.at(m).id];
            st.set_row(network, i, m, &forbidden)?;
        }
        st.solver.solve();
        let fill_rounds = st.fill(network, &scorer, &forbidden)?;

        let before = std::mem::take(&mut st.pairs);
        st.pairs = st.read_pairs();
        let key = |p: &LivePair| (p.mentee.clone(), p.mentor.clone());
        let was: BTreeSet<(String, String)> = before.iter().map(key).collect();
        let now: BTreeSet<(String, String)> = st.pairs.iter().map(key).collect();
        Ok(LiveUpdate {
            ended: before
                .into_iter()
                .filter(|p| !now.contains(&key(p)))
                .collect(),
            started: st
                .pairs
                .iter()
                .filter(|p| !was.contains(&key(p)))
                .cloned()
                .collect(),
            total_score: round(st.total_score),
            lists_rescored: rescore.len(),
            pairs_scored,
            fill_rounds,
        })
    }
}

impl State {
    /// Takes out every candidate edge of left node `i`.
    fn clear_row(&mut self, i: u32) -> Result<()> {
        for (_, e) in std::mem::take(&mut self.row_edges[i as usize]) {
            self.solver.remove_edge(e as usize)?;
        }
        Ok(())
    }

    /// Makes left node `i`'s candidate edges those of mentee `m`'s list
    /// less the forbidden pairs: weights set, edges removed and added.
    fn set_row(
        &mut self,
        network: &Network,
        i: u32,
        m: PersonId,
        forbidden: &HashSet<(PersonId, PersonId)>,
    ) -> Result<()> {
        let mut want: Vec<(u32, f64)> = self.rows[m.index()]
            .iter()
            .filter(|c| !forbidden.contains(&(m, c.partner)))
            .map(|c| (self.right_of[&network.at(c.partner).id], c.combined))
            .collect();
        want.sort_unstable_by_key(|w| w.0);
        let have = std::mem::take(&mut self.row_edges[i as usize]);
        let mut now: Vec<(u32, u32)> = Vec::with_capacity(want.len());
        let mut add: Vec<(u32, u32, f64)> = Vec::new();
        let (mut a, mut b) = (0, 0);
        while a < have.len() || b < want.len() {
            let take_have = b == want.len() || (a < have.len() && have[a].0 < want[b].0);
            let take_want = a == have.len() || (b < want.len() && want[b].0 < have[a].0);
            if take_have {
                self.solver.remove_edge(have[a].1 as usize)?;
                a += 1;
            } else if take_want {
                add.push((i, want[b].0, want[b].1));
                b += 1;
            } else {
                let (j, e) = have[a];
                if self.solver.problem().edges[e as usize].weight != want[b].1 {
                    self.solver.set_weight(e as usize, want[b].1)?;
                }
                now.push((j, e));
                a += 1;
                b += 1;
            }
        }
        if !add.is_empty() {
            let first = self.solver.add_edges(&add)?;
            now.extend(
                add.iter()
                    .enumerate()
                    .map(|(k, x)| (x.1, (first + k) as u32)),
            );
            now.sort_unstable();
        }
        self.row_edges[i as usize] = now;
        Ok(())
    }

    /// Adds pairs for free places until none is left to add: each round,
    /// every mentee with room whose list is full (a shorter list holds
    /// every feasible mentor) is offered its best `max_candidates` mentors
    /// with room not yet among its pairs (positive scores only, forbidden
    /// pairs left out), and the assignment is solved again with them.
    /// Returns the rounds.
    fn fill(
        &mut self,
        network: &Network,
        scorer: &MentorScorer,
        forbidden: &HashSet<(PersonId, PersonId)>,
    ) -> Result<usize> {
        let mut rounds = 0;
        loop {
            let answer = self.solver.assignment();
            let problem = self.solver.problem();
            let (mut left_used, mut right_used) = (
                vec![0u32; problem.left_len()],
                vec![0u32; problem.right_len()],
            );
            for pair in answer.pairs() {
                left_used[pair.left as usize] += 1;
                right_used[pair.right as usize] += 1;
            }
            let with_room = |ids: &[String], capacity: &[u32], used: &[u32]| -> Vec<PersonId> {
                let mut list: Vec<PersonId> = ids
                    .iter()
                    .zip(capacity.iter().zip(used))
                    .filter(|(_, (&c, &u))| u < c)
                    .filter_map(|(id, _)| network.person_id(id))
                    .collect();
                list.sort_unstable();
                list
            };
            let mut mentees = with_room(&self.lefts, &problem.left_capacity, &left_used);
            // A list of fewer than `max_candidates` (or of all, when 0)
            // holds every feasible mentor: a fill has nothing to offer.
            let keep = scorer.max_candidates();
            mentees.retain(|m| is_full(keep, self.rows[m.index()].len()));
            let mentors = with_room(&self.rights, &problem.right_capacity, &right_used);
            let mut filled: HashMap<u32, Vec<u32>> = HashMap::new();
            for &(i, j, _) in &self.fills {
                filled.entry(i).or_default().push(j);
            }
            let known = |m: PersonId| -> Vec<PersonId> {
                let mut out: Vec<PersonId> =
                    self.rows[m.index()].iter().map(|c| c.partner).collect();
                if let Some(list) = filled.get(&self.left_of[&network.at(m).id]) {
                    out.extend(
                        list.iter()
                            .filter_map(|&j| network.person_id(&self.rights[j as usize])),
                    );
                }
                out
            };
            let skip = |m: PersonId, t: PersonId| forbidden.contains(&(m, t));
            let proposed: Vec<(u32, u32, f64)> =
                fill_gaps(scorer, &known, &mentees, &mentors, &skip)
                    .into_iter()
                    .filter(|(_, c)| c.combined > 0.0)
                    .map(|(m, c)| {
                        (
                            self.left_of[&network.at(m).id],
                            self.right_of[&network.at(c.partner).id],
                            c.combined,
                        )
                    })
                    .collect();
            if proposed.is_empty() {
                break;
            }
            rounds += 1;
            let first = self.solver.add_edges(&proposed)?;
            self.fills.extend(
                proposed
                    .iter()
                    .enumerate()
                    .map(|(k, x)| (x.0, x.1, (first + k) as u32)),
            );
            self.solver.solve();
        }
        Ok(rounds)
    }

    /// The solver's answer as pairs of dataset ids, and its total.
    fn read_pairs(&mut self) -> Vec<LivePair> {
        let answer: Assignment = self.solver.assignment();
        self.total_score = answer.total();
        let problem = self.solver.problem();
        let mut pairs: Vec<LivePair> = answer
            .pairs()
            .iter()
            .map(|p| LivePair {
                mentee: self.lefts[p.left as usize].clone(),
                mentor: self.rights[p.right as usize].clone(),
                score: round(problem.edges[p.edge].weight),
            })
            .collect();
        pairs.sort_by(|a, b| (&a.mentee, &a.mentor).cmp(&(&b.mentee, &b.mentor)));
        pairs
    }
}

/// The configurations a [`LiveCohort`] keeps exact.
fn supported(config: &Config) -> Result<()> {
    let refuse = |field: &str, value: String, reason: &str| {
        Err(Error::invalid(
            ErrorKind::Unsupported,
            "config",
            "",
            field,
            value,
            reason,
        ))
    };
    if config.assign.policy != Policy::Optimal {
        return refuse(
            "[assign] policy",
            policy_name(config.assign.policy).to_string(),
            "a live cohort keeps the optimal policy only; run match_cohort for others",
        );
    }
    if !config.assign.pinned.is_empty() {
        return refuse(
            "[assign] pinned",
            format!("{} pairs", config.assign.pinned.len()),
            "a live cohort takes no pinned pairs; run match_cohort",
        );
    }
    if !config.fairness.min_coverage.is_empty() {
        return refuse(
            "[fairness] min_coverage",
            format!("{} floors", config.fairness.min_coverage.len()),
            "a live cohort keeps no coverage floors; run match_cohort",
        );
    }
    Ok(())
}

/// The `[assign] forbidden` pairs (checked by [`LiveCohort::new`]) whose
/// two people are in `network`.
fn forbidden_now(network: &Network, config: &Config) -> HashSet<(PersonId, PersonId)> {
    config
        .assign
        .forbidden
        .iter()
        .filter_map(|pair| Some((network.person_id(&pair[0])?, network.person_id(&pair[1])?)))
        .collect()
}

/// By person: the people they manage.
fn reports(network: &Network) -> Vec<Vec<PersonId>> {
    let mut out = vec![Vec::new(); network.people().len()];
    for p in network.person_ids() {
        if let Some(m) = network.at(p).manager {
            out[m.index()].push(p);
        }
    }
    out
}

/// `p`, everyone below them, and their managers up to `levels` above:
/// whoever may be on one reporting line with someone in `p`'s part of the
/// tree.
fn line(network: &Network, reports: &[Vec<PersonId>], p: PersonId, levels: u32) -> Vec<PersonId> {
    let mut out = vec![p];
    let mut k = 0;
    while k < out.len() {
        let q = out[k];
        out.extend(reports[q.index()].iter().copied());
        k += 1;
    }
    let mut up = network.at(p).manager;
    let mut level = 0;
    while let (Some(m), true) = (up, level < levels) {
        out.push(m);
        up = network.at(m).manager;
        level += 1;
    }
    out
}
