//! Sparse candidate generation: for everyone seeking a mentor (or sponsor),
//! the best feasible partners found through inverted indexes, scored in
//! parallel, kept top-K, identical on any number of threads.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::{Constraint, MentorScorer, PerThread, Rejections, SponsorScorer};
use crate::config::Config;
use crate::error::Result;
use crate::model::PersonId;
use crate::model::Role;
use crate::network::{id_key, Network, Tag};
use crate::progress::Progress;

/// One candidate partner of a mentee, with the pair's scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The mentor or sponsor: the partner the person seeking could get.
    pub partner: PersonId,
    /// The combined score assignment maximises.
    pub combined: f64,
    /// The view of the person seeking.
    pub mentee_view: f64,
    /// The partner's view of the pair.
    pub partner_view: f64,
}

/// For every person seeking a mentor (or sponsor): the candidate partners,
/// best first; and for those left with none, why.
///
/// Candidates of a mentee are sorted by combined score descending, equal
/// scores in the order of [`tie_break`] of the pair;
/// at most `max_candidates` are kept (0 = all feasible pairs), plus any
/// pairs a matching run adds to fill free places (see
/// [`match_cohort`](crate::match_cohort)).
/// Per-criterion components of a pair come from the scorer
/// ([`MentorScorer::evaluate`] or [`SponsorScorer::evaluate`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidates {
    /// The tag of the network these were generated for.
    tag: Tag,
    role: Role,
    max_candidates: usize,
    /// Candidates of person `p` are `entries[start[p]..start[p + 1]]`.
    start: Vec<usize>,
    entries: Vec<Candidate>,
    seeking: Vec<PersonId>,
    /// By person: whether generation kept every feasible partner it found
    /// (fewer than `max_candidates` were, or it is 0).
    complete: Vec<bool>,
    rejections: Vec<(PersonId, Rejections)>,
    pairs_scored: u64,
}

impl Candidates {
    /// Whether these are mentor or sponsor candidates.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The candidates of `mentee`, best first; empty for someone not
    /// seeking, `None` for an id from another network than the one these
    /// were generated for.
    pub fn of(&self, mentee: PersonId) -> Option<&[Candidate]> {
        self.issued(mentee).then(|| self.list(mentee))
    }

    /// Whether the network these were generated for issued `id`.
    fn issued(&self, id: PersonId) -> bool {
        id.tag() == self.tag.0 && id.index() + 1 < self.start.len()
    }

    /// The candidates of `mentee`, an id from the network these were
    /// generated for.
    pub(crate) fn list(&self, mentee: PersonId) -> &[Candidate] {
        &self.entries[self.start[mentee.index()]..self.start[mentee.index() + 1]]
    }

    /// Everyone seeking a mentor (or sponsor), by id.
    pub fn mentees(&self) -> &[PersonId] {
        &self.seeking
    }

    /// Every candidate pair, by mentee id then rank.
    pub fn pairs(&self) -> impl Iterator<Item = (PersonId, &Candidate)> + '_ {
        self.seeking
            .iter()
            .flat_map(move |&m| self.list(m).iter().map(move |c| (m, c)))
    }

    /// The number of candidate pairs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no candidate pair at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The rank of `mentor` among `mentee`'s candidates (0 = best), if kept
    /// (`None` too for an id from another network).
    pub fn rank(&self, mentee: PersonId, mentor: PersonId) -> Option<usize> {
        if !self.issued(mentor) {
            return None;
        }
        self.of(mentee)?.iter().position(|c| c.partner == mentor)
    }

    /// Why `mentee`, who seeks a mentor (or sponsor), has no candidate: for
    /// every other person the first constraint that excluded the pair.
    /// `None` when `mentee` has candidates, is not seeking or is from
    /// another network.
    pub fn rejections(&self, mentee: PersonId) -> Option<&Rejections> {
        if !self.issued(mentee) {
            return None;
        }
        self.rejections
            .binary_search_by_key(&mentee, |r| r.0)
            .ok()
            .map(|i| &self.rejections[i].1)
    }

    /// The `max_candidates` these were generated with (0 = all).
    pub fn max_candidates(&self) -> usize {
        self.max_candidates
    }

    /// The same candidates plus `extra` pairs (mentee, candidate), which must
    /// be new; each mentee's list stays in candidate order. Mentees who gain
    /// a candidate lose their rejections.
    pub(crate) fn with_extra(
        &self,
        network: &Network,
        mut extra: Vec<(PersonId, Candidate)>,
    ) -> Candidates {
        extra.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| better(network, a.0)(&a.1, &b.1)));
        let mut start = vec![0; self.start.len()];
        let mut entries = Vec::with_capacity(self.entries.len() + extra.len());
        let mut extra = extra.into_iter().peekable();
        for p in 0..self.start.len() - 1 {
            start[p] = entries.len();
            let mentee = PersonId::tagged(p, self.tag.0);
            entries.extend_from_slice(&self.entries[self.start[p]..self.start[p + 1]]);
            let from = entries.len();
            while let Some((_, c)) = extra.next_if(|(m, _)| *m == mentee) {
                entries.push(c);
            }
            if from > start[p] && from < entries.len() {
                entries[start[p]..].sort_by(better(network, mentee));
            }
        }
        start[self.start.len() - 1] = entries.len();
        let rejections = self
            .rejections
            .iter()
            .filter(|(p, _)| start[p.index()] == start[p.index() + 1])
            .cloned()
            .collect();
        self.with_entries(start, entries, rejections)
    }

    /// These candidates' role, limit, seekers and count with other entries.
    fn with_entries(
        &self,
        start: Vec<usize>,
        entries: Vec<Candidate>,
        rejections: Vec<(PersonId, Rejections)>,
    ) -> Candidates {
        Candidates {
            tag: self.tag,
            role: self.role,
            max_candidates: self.max_candidates,
            start,
            entries,
            seeking: self.seeking.clone(),
            complete: self.complete.clone(),
            rejections,
            pairs_scored: self.pairs_scored,
        }
    }

    /// The same candidates less those `keep(mentee, candidate)` rejects,
    /// asked in the order of [`Candidates::pairs`]. Rejections stay those of
    /// the original generation (for mentees who had no candidate at all).
    pub fn filtered(&self, mut keep: impl FnMut(PersonId, &Candidate) -> bool) -> Candidates {
        let mut start = vec![0; self.start.len()];
        let mut entries = Vec::with_capacity(self.entries.len());
        // `pairs()` walks seekers by id, and only seekers have entries, so
        // walking every person by id asks in the same order.
        for p in 0..self.start.len() - 1 {
            start[p] = entries.len();
            for candidate in &self.entries[self.start[p]..self.start[p + 1]] {
                if keep(PersonId::tagged(p, self.tag.0), candidate) {
                    entries.push(*candidate);
                }
            }
        }
        start[self.start.len() - 1] = entries.len();
        self.with_entries(start, entries, self.rejections.clone())
    }

    /// Whether generation kept every partner `mentee` could be matched
    /// with (found fewer than `max_candidates`, or kept all): then no pair
    /// outside the list passes the hard constraints, whatever was added or
    /// filtered since. `mentee` is from the network these were generated
    /// for.
    pub(crate) fn complete(&self, mentee: PersonId) -> bool {
        self.complete[mentee.index()]
    }

    /// How many pairs were scored to find these: the sources the indexes
    /// offered, feasible or not. The measure of scoring throughput.
    pub fn pairs_scored(&self) -> u64 {
        self.pairs_scored
    }
}

/// Candidate mentors for everyone seeking a mentor.
///
/// For each mentee, the inverted indexes propose the mentors that can pass
/// the constraints and score above zero (mentors holding a skill near an
/// open goal under `require_skill_overlap`; otherwise the union of the
/// indexes of every positively weighted sparse criterion plus the affinity
/// pairs, or every mentor when a dense criterion like `timezone` has a
/// positive weight). Each proposed pair is scored; the feasible ones are kept,
/// best `max_candidates` first.
///
/// # Arguments
/// - `network`: the validated network.
/// - `config`: weights, constraints and `max_candidates` (`[constraints]`).
///
/// # Returns
/// [`Candidates`] with, per mentee, the kept pairs sorted by combined score
/// then mentor id, and for mentees left with none the [`Rejections`].
///
/// # Complexity
/// `O(V + E + skills)` to build the indexes (taxonomy nearness goes through
/// at most three keys per skill and six per goal, whatever a category's
/// fan-out). Then per mentee, under `require_skill_overlap` with
/// `max_candidates > 0`: the mentors proposed up front (warm ties,
/// preferences, affinities with a positive weight, each only if a skill of
/// theirs is near a goal), then the skill index's (key, level) buckets best
/// cover first, stopping once no mentor left can reach the K-th best score
/// kept (exact: the same top K as scoring every mentor the index proposes,
/// tested). How early it stops depends on the weights: with the defaults,
/// the criteria that do not depend on the skills add up to 0.40 of a
/// mentor's score, so only mentors whose skill cover cannot lift them past
/// the K-th best are skipped, and most pairs the index proposes are still
/// visited (`docs/performance.md` has the counts). Without `require_skill_overlap`, the sources are the union
/// of the indexes of the positively weighted criteria (every mentor when a
/// dense criterion like `timezone` has a positive weight), each scored: the
/// scan costs mentees × sources. Each visited pair costs time linear in the
/// two people's skills, goals and tags, and skips the costly criteria when
/// its score bound falls below the K-th best. Memory: the kept pairs plus
/// `O(V + skills)` working memory per thread. Runs in parallel on the
/// caller's rayon pool; the result is identical on any number of threads.
/// Throughput is measured by `benches/tools/profile_match.rs` and reported in
/// the README's Performance section (the notebook, `docs/performance.md`,
/// has every measurement).
///
/// # Errors
/// [`Error::Invalid`](crate::Error::Invalid) (file `config`) when `config`
/// is out of range (see [`Config::validate`]).
///
/// # Example
/// Ada wants Rust (priority 3) and public speaking; Linus, her manager, is
/// the strongest Rust mentor, but the reporting chain excludes him:
/// ```
/// use mentormatch::{candidates, load, Config};
///
/// let network = load("data/story.json", &Default::default())?;
/// let found = candidates(&network, &Config::default())?;
/// let ada = network.person_id("ada").unwrap();
/// let names: Vec<&str> = found
///     .of(ada)
///     .unwrap()
///     .iter()
///     .map(|c| network.person(c.partner).unwrap().id.as_str())
///     .collect();
/// assert!(!names.contains(&"linus"));
/// assert_eq!(names[0], "kofi");
/// # Ok::<(), mentormatch::Error>(())
/// ```
///
/// # Reference
/// Inverted indexes for candidate generation in reciprocal recommenders:
/// L. Pizzato et al., "RECON: a reciprocal recommender for online dating",
/// RecSys 2010.
pub fn candidates(network: &Network, config: &Config) -> Result<Candidates> {
    Ok(MentorScorer::new(network, config)?.candidates())
}

/// Candidate sponsors for everyone seeking a sponsor, the same shape as
/// [`candidates`], scored by the sponsor criteria (see [`SponsorScorer`]).
///
/// # Complexity
/// As [`candidates`], plus the centrality power iteration
/// (`O(iterations × (V + E))`).
///
/// # Errors
/// As [`candidates`].
pub fn sponsor_candidates(network: &Network, config: &Config) -> Result<Candidates> {
    Ok(SponsorScorer::new(network, config)?.candidates())
}

/// What a scorer offers the candidate generator.
pub(crate) trait Engine: Sync {
    type Scratch: Send;
    fn role(&self) -> Role;
    fn network(&self) -> &Network;
    fn new_scratch(&self) -> Self::Scratch;
    fn seeks(&self, p: PersonId) -> bool;
    fn offers(&self, p: PersonId) -> bool;
    /// How many people offer (capacity > 0).
    fn offerers(&self) -> usize;
    fn max_candidates(&self) -> usize;
    /// The constraint non-offerers fail.
    fn capacity_constraint(&self) -> Constraint;
    /// The constraint offerers the indexes did not propose fail.
    fn unreached_constraint(&self) -> Constraint;
    /// Loads `mentee`'s side into the scratch, without proposing sources.
    fn prepare_side(&self, s: &mut Self::Scratch, mentee: PersonId);
    /// The source standing for offerer `p`, if `p` offers.
    fn source_of(&self, p: PersonId) -> Option<u32>;
    /// An index over some sources (offerers with room), for
    /// [`Engine::sources_among`].
    type Room: Sync;
    /// Indexes `sources`, each once.
    fn room(&self, sources: &[u32]) -> Self::Room;
    /// Replaces `out` with the sources of `room` that may pass the hard
    /// constraints with the mentee prepared by [`Engine::prepare_side`]
    /// (all that can, perhaps more), each once.
    fn sources_among(&self, s: &mut Self::Scratch, room: &Self::Room, out: &mut Vec<u32>);
    /// After [`Engine::sources_among`], once its sources are scored:
    /// replaces `out` with more sources of `room`, none proposed before,
    /// `false` when none left can score `floor` or more or none is left.
    /// Engines whose `sources_among` proposes everything keep the default.
    fn more_among(
        &self,
        _s: &mut Self::Scratch,
        _room: &Self::Room,
        _floor: f64,
        _out: &mut Vec<u32>,
    ) -> bool {
        false
    }
    /// Loads `mentee`'s side into the scratch and proposes the sources:
    /// offerers other than `mentee`, each once, as indexes whose meaning is
    /// the engine's own (a person, or a row of a mentor-major table).
    fn prepare(&self, s: &mut Self::Scratch, mentee: PersonId);
    fn take_sources(s: &mut Self::Scratch) -> Vec<u32>;
    fn put_sources(s: &mut Self::Scratch, sources: Vec<u32>);
    /// Replaces `out` with more sources, none proposed before, once those
    /// before are scored; `false` when no source left can score `floor` or
    /// more (see [`Engine::score`]) or none is left. Engines that propose
    /// everything in [`Engine::prepare`] keep the default.
    fn more_sources(&self, _s: &mut Self::Scratch, _floor: f64, _out: &mut Vec<u32>) -> bool {
        false
    }
    /// Loads what [`Engine::score`] reads first of each of `batch`, in one
    /// short loop, just before they are scored one by one: the loads of a
    /// tight loop are in flight together, where those of the scoring loop
    /// (a long body per source) wait one after another. Changes nothing
    /// but the time; engines whose sources sit in cache keep the default.
    fn gather(&self, _s: &Self::Scratch, _batch: &[u32]) {}
    /// Scores a source of the prepared mentee: the candidate, or why it is
    /// not one. `floor` is the lowest combined score among the best
    /// `max_candidates` kept so far (−∞ until that many are kept): a source
    /// whose score is certainly below it may be reported [`Miss::Beaten`]
    /// without being scored in full.
    fn score(
        &self,
        s: &mut Self::Scratch,
        mentee: PersonId,
        source: u32,
        floor: f64,
    ) -> Result<Candidate, Miss>;
}

/// Whether a list of `len` candidates kept under `keep` (`max_candidates`,
/// 0 = all) is full: generation may have left partners out of it. A list
/// that is not full holds every feasible partner, since a walk stops early
/// only once `keep` pairs are kept.
pub(crate) fn is_full(keep: usize, len: usize) -> bool {
    keep > 0 && len >= keep
}

/// Why a proposed source is not kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Miss {
    /// It fails this hard constraint, the first in attribution order.
    Fails(Constraint),
    /// Its combined score is below the floor: `max_candidates` kept pairs
    /// beat it, so it cannot be among the best, feasible or not. (Which
    /// constraint it fails then matters to nobody: rejections are reported
    /// only for mentees left without candidates.)
    Beaten,
}

/// One mentee's outcome.
pub(crate) struct MenteeCandidates {
    /// Feasible pairs, best first (all, or the top K).
    pub kept: Vec<Candidate>,
    pub rejections: Rejections,
    pub scored: u64,
}

/// Orders one mentee's candidates: combined score descending, then by
/// [`tie_break`] of the pair, then by mentor id (a total order, so any
/// input order gives the same result; none of it depends on where people
/// sit in the network, so people joining or leaving do not reorder others).
pub(crate) fn better(
    network: &Network,
    mentee: PersonId,
) -> impl Fn(&Candidate, &Candidate) -> Ordering + '_ {
    let own = network.id_key(mentee);
    move |a, b| {
        b.combined.total_cmp(&a.combined).then_with(|| {
            let key = |c: &Candidate| pair_order(own, network.id_key(c.partner));
            key(a).cmp(&key(b)).then_with(|| {
                let id = |c: &Candidate| &network.at(c.partner).id;
                id(a).cmp(id(b))
            })
        })
    }
}

/// The order among equal scores: a fixed hash of the pair's ids in the
/// dataset (SplitMix64's finaliser over both ids' FNV-1a hashes and a
/// constant seed).
///
/// Real scores tie often — criteria take few distinct values — and breaking
/// ties by mentor id would give every mentee the *same* first mentors
/// when the top `max_candidates` are kept, leaving the others idle: 120
/// mentees and 100 equally good mentors filled 50 places. A hash of the
/// pair spreads each mentee's ties over different mentors, while the same
/// input still gives the same candidates on every run and thread count, and
/// a pair keeps its place whoever joins or leaves the network.
pub fn tie_break(mentee: &str, mentor: &str) -> u64 {
    pair_order(id_key(mentee), id_key(mentor))
}

/// [`tie_break`] of two ids' [`id_key`]s.
pub(crate) fn pair_order(mentee: u64, mentor: u64) -> u64 {
    let pair = (mentee.rotate_left(32) ^ mentor) ^ 0x6d65_6e74_6f72_6d61;
    crate::rng::mix(pair.wrapping_add(crate::rng::GOLDEN_GAMMA))
}

/// Scores every source of one seeking mentee and keeps the best `keep`
/// (0 = all), counting the first failed constraint of every other person.
pub(crate) fn for_mentee<E: Engine>(
    e: &E,
    s: &mut E::Scratch,
    mentee: PersonId,
    keep: usize,
) -> MenteeCandidates {
    let people = e.network().people().len();
    e.prepare(s, mentee);
    let mut sources = E::take_sources(s);
    let mut rejections = Rejections::default();
    let offerers = e.offerers() - usize::from(e.offers(mentee));
    rejections.add(e.capacity_constraint(), count(people - 1 - offerers));
    // With top-K, the kept pairs are cut back to the best K whenever they
    // reach 2K; the K-th best score then becomes the floor that the engine
    // may use to skip pairs that cannot beat it. Every pair below the floor
    // has K better ones, so the final top K is the same as without the
    // floor, whatever the order of the sources.
    // The floor itself is the least of the best K scores seen so far (a
    // min-heap of K scores), so it rises with every better pair, not only
    // at each cut.
    let bound = if keep == 0 {
        usize::MAX
    } else {
        keep.saturating_mul(2)
    };
    let mut floor = Floor::new(keep);
    let mut kept = Vec::new();
    let mut scored = 0;
    loop {
        scored += sources.len();
        for batch in sources.chunks(GATHER) {
            e.gather(s, batch);
            for &t in batch {
                match e.score(s, mentee, t, floor.value()) {
                    Ok(candidate) => {
                        if !floor.admit(candidate.combined) {
                            continue;
                        }
                        kept.push(candidate);
                        if kept.len() == bound {
                            kept.select_nth_unstable_by(keep - 1, better(e.network(), mentee));
                            kept.truncate(keep);
                        }
                    }
                    Err(Miss::Fails(failed)) => rejections.add(failed, 1),
                    Err(Miss::Beaten) => {}
                }
            }
        }
        if !e.more_sources(s, floor.value(), &mut sources) {
            break;
        }
    }
    // Sources are distinct offerers other than the mentee; the rest were not
    // proposed. (When the engine stopped early, K pairs are kept and the
    // rejections are not reported.)
    rejections.add(e.unreached_constraint(), count(offerers - scored));
    let scored = scored as u64;
    E::put_sources(s, sources);
    if keep > 0 && kept.len() > keep {
        // Selection then a sort of the K kept: `better` is a total order
        // (ids are unique), so the result does not depend on the input order.
        kept.select_nth_unstable_by(keep - 1, better(e.network(), mentee));
        kept.truncate(keep);
    }
    kept.sort_unstable_by(better(e.network(), mentee));
    // `truncate` keeps the capacity of every feasible pair; without this, a
    // 100,000-person run holds gigabytes of dropped candidates.
    kept.shrink_to_fit();
    MenteeCandidates {
        kept,
        rejections,
        scored,
    }
}

/// The least of the best `keep` scores admitted so far: −∞ until `keep`
/// are (and always when `keep` is 0, which keeps everything). A score
/// below it has `keep` better ones, so it cannot be among the best `keep`.
/// The most scores a [`Floor`] allocates room for before any is admitted.
const PREALLOCATED_KEEP: usize = 1024;

struct Floor {
    keep: usize,
    best: BinaryHeap<Reverse<Score>>,
    value: f64,
}

impl Floor {
    fn new(keep: usize) -> Floor {
        Floor {
            keep,
            // Room for the usual K up front; a K beyond the people there
            // are (a configured `max_candidates` may be anything) grows
            // with what is admitted instead of being allocated.
            best: BinaryHeap::with_capacity(keep.min(PREALLOCATED_KEEP).saturating_add(1)),
            value: f64::NEG_INFINITY,
        }
    }

    fn value(&self) -> f64 {
        self.value
    }

    /// Whether `score` could be among the best `keep`; if so, it counts
    /// towards the floor.
    fn admit(&mut self, score: f64) -> bool {
        if score < self.value {
            return false;
        }
        if self.keep > 0 {
            self.best.push(Reverse(Score(score)));
            if self.best.len() > self.keep {
                self.best.pop();
            }
            if self.best.len() == self.keep {
                self.value = self.best.peek().map_or(self.value, |r| r.0 .0);
            }
        }
        true
    }
}

/// A score ordered by [`f64::total_cmp`], for the heap of the best K.
#[derive(Clone, Copy, PartialEq)]
struct Score(f64);

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Sources loaded together by [`Engine::gather`].
pub(crate) const GATHER: usize = 64;

fn count(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 people")
}

/// [`for_mentee`] for each of `mentees`, in parallel on the caller's pool
/// (one scratch per thread), calling `done` after each; results in the
/// order of `mentees` whatever the scheduling, so the same on any number
/// of threads.
pub(crate) fn for_mentees<E: Engine>(
    e: &E,
    mentees: &[PersonId],
    keep: usize,
    done: &(dyn Fn() + Sync),
) -> Vec<MenteeCandidates> {
    let memory = PerThread::new();
    mentees
        .par_iter()
        .with_min_len(4)
        .map(|&m| {
            let found = memory.with(|| e.new_scratch(), |s| for_mentee(e, s, m, keep));
            done();
            found
        })
        .collect()
}

/// Candidates for every seeking person, in parallel on the caller's pool,
/// counting the people done in `progress`.
pub(crate) fn generate<E: Engine>(e: &E, progress: &Progress) -> Candidates {
    let network = e.network();
    let seeking: Vec<PersonId> = network.person_ids().filter(|&p| e.seeks(p)).collect();
    progress.expect(seeking.len() as u64);
    let keep = e.max_candidates();
    let results = for_mentees(e, &seeking, keep, &|| progress.advance(1));
    let mut start = Vec::with_capacity(network.people().len() + 1);
    let mut entries = Vec::with_capacity(results.iter().map(|r| r.kept.len()).sum());
    let mut rejections = Vec::new();
    let mut complete = vec![false; network.people().len()];
    let mut pairs_scored = 0;
    let mut next = results.into_iter().zip(&seeking).peekable();
    start.push(0);
    for p in network.person_ids() {
        if let Some((r, _)) = next.next_if(|(_, &m)| m == p) {
            complete[p.index()] = !is_full(keep, r.kept.len());
            if r.kept.is_empty() {
                rejections.push((p, r.rejections));
            }
            pairs_scored += r.scored;
            entries.extend(r.kept);
        }
        start.push(entries.len());
    }
    Candidates {
        tag: network.tag(),
        role: e.role(),
        max_candidates: keep,
        start,
        entries,
        seeking,
        complete,
        rejections,
        pairs_scored,
    }
}

/// Feasible pairs not yet `known` (the partners a mentee has as candidates) between each of `mentees` and
/// the offerers for whom `has_room` holds: what a matching run adds so that
/// nobody stays unmatched while a partner who passes every hard constraint
/// has a free place (see [`match_cohort`](crate::match_cohort)).
///
/// The offerers with room are indexed first (under `require_skill_overlap`,
/// mentors by taxonomy key), so a mentee checks only those the index
/// proposes: the cost follows the pairs that could be matched, not
/// mentees × offerers with room. Sponsors with room are indexed by skill
/// key and organisation too (under `require_domain_overlap`), each person
/// walking the smaller of those lists and their trust ball. Without an
/// index (mentors without `require_skill_overlap`) every pair is checked.
/// Pairs `skip` names are left out before that cut (forbidden pairs,
/// pairs found unusable in an earlier round). Each mentee keeps its best
/// `max_candidates` (all when 0), so memory
/// stays at mentees × K however many pairs are feasible; the caller asks
/// again, round after round, while a round fills places. Results come by
/// mentee id, then best first, on any number of threads.
pub(crate) fn fill_gaps<E: Engine>(
    e: &E,
    known: &(dyn Fn(PersonId) -> Vec<PersonId> + Sync),
    mentees: &[PersonId],
    with_room: &[PersonId],
    skip: &(dyn Fn(PersonId, PersonId) -> bool + Sync),
) -> Vec<(PersonId, Candidate)> {
    if mentees.is_empty() || with_room.is_empty() {
        return Vec::new();
    }
    let sources: Vec<u32> = with_room.iter().filter_map(|&p| e.source_of(p)).collect();
    let room = e.room(&sources);
    let memory = PerThread::new();
    let found: Vec<Vec<(PersonId, Candidate)>> = mentees
        .par_iter()
        .with_min_len(4)
        .map(|&m| {
            memory.with(
                || e.new_scratch(),
                |s| {
                    let found = fill_for(e, s, &room, m, known(m), skip).0;
                    found.into_iter().map(|c| (m, c)).collect()
                },
            )
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// [`fill_gaps`] for one mentee `m` who has `have`: the best
/// `max_candidates` (all, when 0) new pairs with sources of `room`, best
/// first, and how many sources were scored.
pub(crate) fn fill_for<E: Engine>(
    e: &E,
    s: &mut E::Scratch,
    room: &E::Room,
    m: PersonId,
    mut have: Vec<PersonId>,
    skip: &(dyn Fn(PersonId, PersonId) -> bool + Sync),
) -> (Vec<Candidate>, usize) {
    e.prepare_side(s, m);
    have.sort_unstable();
    let own = e.source_of(m);
    let mut proposed = Vec::new();
    e.sources_among(s, room, &mut proposed);
    // The best `max_candidates` only (a total order): the caller asks
    // again while a round fills places. Pairs that cannot beat the K-th
    // best so far are not scored in full, nor proposed by engines that
    // walk ranked lists.
    let keep = e.max_candidates();
    let mut floor = Floor::new(keep);
    let mut found = Vec::new();
    let mut scored = 0;
    loop {
        scored += proposed.len();
        for batch in proposed.chunks(GATHER) {
            e.gather(s, batch);
            for &source in batch {
                if Some(source) == own {
                    continue;
                }
                let Ok(c) = e.score(s, m, source, floor.value()) else {
                    continue;
                };
                if have.binary_search(&c.partner).is_ok() || skip(m, c.partner) {
                    continue;
                }
                if floor.admit(c.combined) {
                    found.push(c);
                }
            }
        }
        if !e.more_among(s, room, floor.value(), &mut proposed) {
            break;
        }
    }
    if keep > 0 && found.len() > keep {
        found.select_nth_unstable_by(keep - 1, better(e.network(), m));
        found.truncate(keep);
    }
    found.sort_unstable_by(better(e.network(), m));
    (found, scored)
}

#[cfg(all(test, feature = "generate"))]
mod tests {
    use super::*;
    use crate::generate::{generate as generate_org, GeneratorConfig};

    /// A mentee's list is `complete` exactly when generation kept fewer
    /// than K (or K is 0), and then it holds every feasible partner: the
    /// fill skips such mentees from its first round on.
    #[test]
    fn a_complete_list_holds_every_feasible_partner() {
        let dataset = generate_org(&GeneratorConfig {
            people: 600,
            seed: 11,
            ..Default::default()
        });
        let network = Network::from_dataset(&dataset, &Default::default()).unwrap();
        for k in [0, 4] {
            let mut config = Config::default();
            config.constraints.max_candidates = k;
            config.sponsor.max_candidates = k;
            let mentors = MentorScorer::new(&network, &config).unwrap();
            let sponsors = SponsorScorer::new(&network, &config).unwrap();
            let found = [mentors.candidates(), sponsors.candidates()];
            let mut complete = [0, 0];
            for (i, c) in found.iter().enumerate() {
                for &m in c.mentees() {
                    let list = c.list(m);
                    assert_eq!(c.complete(m), k == 0 || list.len() < k, "{m:?}");
                    if !c.complete(m) {
                        continue;
                    }
                    complete[i] += 1;
                    for t in network.person_ids().filter(|&t| t != m) {
                        let feasible = if i == 0 {
                            mentors.evaluate(m, t).unwrap().is_feasible()
                        } else {
                            sponsors.evaluate(m, t).unwrap().is_feasible()
                        };
                        let listed = list.iter().any(|x| x.partner == t);
                        assert_eq!(feasible, listed, "{m:?} with {t:?}, K = {k}");
                    }
                }
            }
            // Both roles have complete and (with K) incomplete lists.
            assert!(complete.iter().all(|&n| n > 0), "{complete:?}");
            if k > 0 {
                assert!(found
                    .iter()
                    .all(|c| c.mentees().iter().any(|&m| !c.complete(m))));
            }
        }
    }

    /// The fill's floor only skips pairs that cannot be among the best K:
    /// with K it proposes exactly the first K of what it proposes keeping
    /// every pair, for mentors and sponsors alike.
    #[test]
    fn the_fill_with_a_floor_proposes_the_best_k_of_every_pair() {
        let dataset = generate_org(&GeneratorConfig {
            people: 800,
            seed: 3,
            ..Default::default()
        });
        let network = Network::from_dataset(&dataset, &Default::default()).unwrap();
        let config = |k: usize| {
            let mut c = Config::default();
            c.constraints.max_candidates = k;
            c.sponsor.max_candidates = k;
            c
        };
        let seekers = |role: Role| -> Vec<PersonId> {
            network
                .person_ids()
                .filter(|&p| network.at(p).seeks(role))
                .collect()
        };
        let offering = |role: Role| -> Vec<PersonId> {
            network
                .person_ids()
                .filter(|&p| network.at(p).capacity(role) > 0)
                .collect()
        };
        fn check<E: Engine>(top: &E, all: &E, seekers: &[PersonId], offering: &[PersonId]) {
            let have = generate(top, &Progress::new());
            let none = &|_: PersonId, _: PersonId| false;
            let k = top.max_candidates();
            let by_mentee = |pairs: Vec<(PersonId, Candidate)>| {
                let mut map: std::collections::BTreeMap<PersonId, Vec<PersonId>> =
                    Default::default();
                for (m, c) in pairs {
                    map.entry(m).or_default().push(c.partner);
                }
                map
            };
            let known = |m: PersonId| have.list(m).iter().map(|c| c.partner).collect();
            let kept = by_mentee(fill_gaps(top, &known, seekers, offering, none));
            let every = by_mentee(fill_gaps(all, &known, seekers, offering, none));
            assert!(
                kept.values().any(|v| v.len() == k),
                "the floor comes into play"
            );
            assert_eq!(kept.len(), every.len());
            for (m, list) in &every {
                let first: Vec<PersonId> = list.iter().take(k).copied().collect();
                assert_eq!(kept[m], first, "mentee {m:?}");
            }
        }
        let (top, all) = (config(3), config(0));
        check(
            &MentorScorer::new(&network, &top).unwrap(),
            &MentorScorer::new(&network, &all).unwrap(),
            &seekers(Role::Mentor),
            &offering(Role::Mentor),
        );
        check(
            &SponsorScorer::new(&network, &top).unwrap(),
            &SponsorScorer::new(&network, &all).unwrap(),
            &seekers(Role::Sponsor),
            &offering(Role::Sponsor),
        );
        // Room with every other partner: the top K walks lists of those
        // with room alone, keeping all checks every one with room.
        let half =
            |role: Role| -> Vec<PersonId> { offering(role).into_iter().step_by(2).collect() };
        check(
            &MentorScorer::new(&network, &top).unwrap(),
            &MentorScorer::new(&network, &all).unwrap(),
            &seekers(Role::Mentor),
            &half(Role::Mentor),
        );
        check(
            &SponsorScorer::new(&network, &top).unwrap(),
            &SponsorScorer::new(&network, &all).unwrap(),
            &seekers(Role::Sponsor),
            &half(Role::Sponsor),
        );
    }
}
