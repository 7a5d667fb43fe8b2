//! Assignment: choose pairs from a sparse candidate set under capacities, by
//! one of four policies (optimal, coverage, stable, greedy), plus blocking-pair
//! counting.
//!
//! This module knows nothing about people or networks: nodes are plain `u32`
//! indices on a *left* side (mentees) and a *right* side (mentors), each with
//! a capacity, and the input is a list of candidate edges. That keeps the
//! exact solver reusable and testable on its own; the rest of the crate maps
//! its ids onto these indices.
//!
//! | policy | what it maximises | algorithm |
//! |---|---|---|
//! | [`Policy::Optimal`] | total weight; pairs that would lower it are left out | shortest augmenting paths with duals ([`assign`]) |
//! | [`Policy::Coverage`] | mentees with a match, then matched units, then total weight | the same solver with a concave reward per mentee |
//! | [`Policy::Stable`] | nothing: no blocking pair, mentee-optimal | deferred acceptance |
//! | [`Policy::Greedy`] | nothing: a baseline | heaviest edge first |
//!
//! A dense score matrix (as in scipy's `linear_sum_assignment`) goes through
//! [`assign_dense`], which uses a Jonker–Volgenant solver for complete graphs.
//! A [`WarmSolver`] keeps an optimal assignment with its duals and re-solves
//! it after changes (people leaving or joining, scores, pins, forbidden
//! pairs) from where it was.
//!
//! # Measured
//!
//! Figures live in the README's performance section (the current ones)
//! and in `docs/performance.md` (how they came about) only.
//! `python3 benches/compare_solvers.py` reproduces them: it times this
//! module against OR-tools' min-cost flow (sparse), scipy, lapjv and
//! OR-tools (dense) on the same seeded instances and checks the totals;
//! `cargo bench -p mentormatch --bench assign` covers the sparse and
//! balanced families and the OR-Library instances.

mod auction;
mod dense;
mod floors;
mod greedy;
mod quantize;
mod sparse;
mod stable;
#[cfg(test)]
mod testing;
mod warm;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::csr::group;
use crate::error::{Error, ErrorKind, Result};

pub use stable::blocking_pairs;
pub use warm::{PairPrice, WarmSolver};

/// One candidate pair: a left node (mentee), a right node (mentor) and their
/// scores.
///
/// `weight` is what the optimising policies maximise (the combined score).
/// `left_view` and `right_view` are each side's own score of the pair; only
/// [`Policy::Stable`] and [`blocking_pairs`] read them (higher is better).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignEdge {
    /// Index of the left node (mentee).
    pub left: u32,
    /// Index of the right node (mentor).
    pub right: u32,
    /// Combined score of the pair, maximised by `optimal`, `coverage` and
    /// `greedy`. Must be finite.
    pub weight: f64,
    /// How much the left node likes the right one. Must be finite.
    pub left_view: f64,
    /// How much the right node likes the left one. Must be finite.
    pub right_view: f64,
}

impl AssignEdge {
    /// An edge whose two views both equal its weight (a symmetric score).
    pub fn new(left: u32, right: u32, weight: f64) -> Self {
        AssignEdge {
            left,
            right,
            weight,
            left_view: weight,
            right_view: weight,
        }
    }
}

/// An assignment problem: capacities on both sides, candidate edges, and the
/// edges that must be kept.
///
/// Fields are public plain data; [`assign`] checks them and returns an
/// error on a contract breach (see [`AssignProblem::validate`]).
///
/// - A pair that is not a candidate is never chosen (forbidden pairs are
///   simply absent).
/// - If the same `(left, right)` pair appears more than once, one occurrence
///   represents it: a pinned one if any, else the first; the others are never
///   chosen.
/// - Pinned edges are always chosen. They consume capacity first, and the
///   rest is optimised around them. If pinned edges exceed a node's capacity,
///   they are all kept anyway (an admin's decision outranks a capacity) and
///   that node takes no further partner.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AssignProblem {
    /// Capacity of each left node: how many partners it may get (mentors per
    /// mentee, usually 1). Its length is the number of left nodes.
    pub left_capacity: Vec<u32>,
    /// Capacity of each right node (mentees per mentor). Its length is the
    /// number of right nodes.
    pub right_capacity: Vec<u32>,
    /// Candidate edges. Their positions are the edge indices used everywhere
    /// else (in [`pinned`](Self::pinned) and in [`Pair::edge`]).
    pub edges: Vec<AssignEdge>,
    /// Indices into [`edges`](Self::edges) that must be part of every answer.
    pub pinned: Vec<usize>,
}

impl AssignProblem {
    /// A problem with the given capacities and no edges yet.
    pub fn new(left_capacity: Vec<u32>, right_capacity: Vec<u32>) -> Self {
        AssignProblem {
            left_capacity,
            right_capacity,
            edges: Vec::new(),
            pinned: Vec::new(),
        }
    }

    /// Adds a symmetric candidate edge (both views equal `weight`) and returns
    /// its index.
    pub fn add_edge(&mut self, left: u32, right: u32, weight: f64) -> usize {
        self.edges.push(AssignEdge::new(left, right, weight));
        self.edges.len() - 1
    }

    /// Number of left nodes.
    pub fn left_len(&self) -> usize {
        self.left_capacity.len()
    }

    /// Number of right nodes.
    pub fn right_len(&self) -> usize {
        self.right_capacity.len()
    }

    /// Panics with a message naming the first broken contract, if any.
    /// Checks the problem's indices and scores.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] (file `problem`) naming the first edge
    /// whose node is out of range or whose score is not finite, the first
    /// pinned index that is no edge, or counts beyond `u32` indices.
    pub fn validate(&self) -> Result<()> {
        let bad = |record: String, field: &str, value: String, reason: String| {
            Error::invalid(
                ErrorKind::OutOfRange,
                "problem",
                record,
                field,
                value,
                reason,
            )
        };
        let (n_left, n_right) = (self.left_len(), self.right_len());
        if n_left > u32::MAX as usize || n_right > u32::MAX as usize {
            let reason = format!("more than {} nodes on a side", u32::MAX);
            return Err(bad(String::new(), "capacity", String::new(), reason));
        }
        if self.edges.len() >= u32::MAX as usize {
            let reason = format!("{} edges or more", u32::MAX);
            return Err(bad(String::new(), "edges", String::new(), reason));
        }
        for (index, edge) in self.edges.iter().enumerate() {
            let record = || format!("edges[{index}]");
            if edge.left as usize >= n_left {
                let reason = format!("out of range: {n_left} left nodes");
                return Err(bad(record(), "left", edge.left.to_string(), reason));
            }
            if edge.right as usize >= n_right {
                let reason = format!("out of range: {n_right} right nodes");
                return Err(bad(record(), "right", edge.right.to_string(), reason));
            }
            for (field, score) in [
                ("weight", edge.weight),
                ("left_view", edge.left_view),
                ("right_view", edge.right_view),
            ] {
                if !score.is_finite() {
                    let reason = "a score must be finite".to_string();
                    return Err(bad(record(), field, score.to_string(), reason));
                }
            }
        }
        for (k, &index) in self.pinned.iter().enumerate() {
            if index >= self.edges.len() {
                let reason = format!("no such edge: {} edges", self.edges.len());
                return Err(bad(format!("pinned[{k}]"), "", index.to_string(), reason));
            }
        }
        Ok(())
    }
}

/// How [`assign`] chooses pairs. Serialised in lowercase (`"optimal"`, ...).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Maximum total weight subject to capacities. A node may stay unmatched;
    /// no pair is taken that would lower the total (negative-weight pairs are
    /// never chosen, zero-weight ones may be). With left capacities above 1
    /// (several mentors per mentee) it may give some people two mentors
    /// while others get none, whenever that scores more; use
    /// [`Policy::Coverage`] to put people first.
    #[default]
    Optimal,
    /// As many left nodes (mentees) with at least one pair as possible
    /// (pinned pairs count), then as many matched left units (mentee slots)
    /// as possible, then the maximum total weight among those assignments.
    /// Negative weights are accepted when they buy coverage.
    Coverage,
    /// Mentee-proposing deferred acceptance with capacities on both sides:
    /// mentees rank candidates by `left_view`, mentors by `right_view`, ties
    /// broken by the lower index. The result has no blocking pair (apart from
    /// ones created by pinned edges) and is the mentee-optimal stable
    /// assignment.
    Stable,
    /// Heaviest edge first (ties by `(left, right)`), skipping negative
    /// weights; a baseline, at least half the optimum.
    Greedy,
}

/// Options of [`assign`].
///
/// Defaults: `policy` = [`Policy::Optimal`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignConfig {
    /// Which assignment policy to run.
    pub policy: Policy,
}

/// One chosen pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Pair {
    /// Left node (mentee).
    pub left: u32,
    /// Right node (mentor).
    pub right: u32,
    /// Index of the chosen edge in [`AssignProblem::edges`] (for
    /// [`assign_dense`], `row * cols + col`).
    pub edge: usize,
}

/// The chosen pairs, sorted by `(left, right)`, with their total weight.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pairs: Vec<Pair>,
    /// `pairs[left_start[i]..left_start[i + 1]]` are the pairs of left `i`.
    left_start: Vec<usize>,
    /// Positions in `pairs`, sorted by `(right, left)`.
    by_right: Vec<u32>,
    /// `by_right[right_start[j]..right_start[j + 1]]` are those of right `j`.
    right_start: Vec<usize>,
    total: f64,
}

impl Assignment {
    /// Builds an assignment from chosen edge indices of `problem` (in any
    /// order), e.g. to count the [`blocking_pairs`] of an assignment made
    /// elsewhere. Capacities are not checked.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`] when the problem is invalid (see
    /// [`AssignProblem::validate`]) or an index is no edge;
    /// [`ErrorKind::Duplicate`] when a `(left, right)` pair is chosen twice.
    pub fn from_edges(problem: &AssignProblem, edges: &[usize]) -> Result<Self> {
        problem.validate()?;
        let mut seen = std::collections::HashSet::with_capacity(edges.len());
        for (k, &index) in edges.iter().enumerate() {
            let Some(edge) = problem.edges.get(index) else {
                let reason = format!("no such edge: {} edges", problem.edges.len());
                let record = format!("edges[{k}]");
                return Err(Error::invalid(
                    ErrorKind::OutOfRange,
                    "chosen",
                    record,
                    "",
                    index.to_string(),
                    reason,
                ));
            };
            if !seen.insert((edge.left, edge.right)) {
                let reason = format!("pair ({}, {}) chosen twice", edge.left, edge.right);
                let record = format!("edges[{k}]");
                return Err(Error::invalid(
                    ErrorKind::Duplicate,
                    "chosen",
                    record,
                    "",
                    index.to_string(),
                    reason,
                ));
            }
        }
        Ok(Self::from_valid_edges(problem, edges))
    }

    /// [`Assignment::from_edges`] of edges the crate chose itself.
    pub(crate) fn from_valid_edges(problem: &AssignProblem, edges: &[usize]) -> Self {
        let pairs = edges
            .iter()
            .map(|&index| {
                let edge = problem.edges[index];
                Pair {
                    left: edge.left,
                    right: edge.right,
                    edge: index,
                }
            })
            .collect();
        let weight = |pair: &Pair| problem.edges[pair.edge].weight;
        Self::build(pairs, problem.left_len(), problem.right_len(), weight)
    }

    fn build(
        mut pairs: Vec<Pair>,
        n_left: usize,
        n_right: usize,
        weight: impl Fn(&Pair) -> f64,
    ) -> Self {
        pairs.sort_unstable();
        for window in pairs.windows(2) {
            assert!(
                (window[0].left, window[0].right) != (window[1].left, window[1].right),
                "assign: pair ({}, {}) chosen twice",
                window[0].left,
                window[0].right
            );
        }
        // Summing in (left, right) order makes the total independent of how
        // the pairs were found.
        let total = pairs.iter().map(&weight).sum();
        let left_start = offsets(n_left, pairs.iter().map(|pair| pair.left));
        let right_start = offsets(n_right, pairs.iter().map(|pair| pair.right));
        let mut by_right: Vec<u32> = (0..pairs.len() as u32).collect();
        by_right.sort_by_key(|&position| {
            let pair = &pairs[position as usize];
            (pair.right, pair.left)
        });
        Assignment {
            pairs,
            left_start,
            by_right,
            right_start,
            total,
        }
    }

    /// Chosen pairs sorted by `(left, right)`.
    pub fn pairs(&self) -> &[Pair] {
        &self.pairs
    }

    /// Chosen edge indices, in `(left, right)` order.
    pub fn edges(&self) -> impl Iterator<Item = usize> + '_ {
        self.pairs.iter().map(|pair| pair.edge)
    }

    /// The right nodes (mentors) of left node `left`, ascending; none for
    /// a node out of range.
    pub fn mentors_of(&self, left: u32) -> impl Iterator<Item = u32> + '_ {
        let at = left as usize;
        let range = match (self.left_start.get(at), self.left_start.get(at + 1)) {
            (Some(&from), Some(&to)) => from..to,
            _ => 0..0,
        };
        self.pairs[range].iter().map(|pair| pair.right)
    }

    /// The left nodes (mentees) of right node `right`, ascending; none for
    /// a node out of range.
    pub fn mentees_of(&self, right: u32) -> impl Iterator<Item = u32> + '_ {
        let at = right as usize;
        let range = match (self.right_start.get(at), self.right_start.get(at + 1)) {
            (Some(&from), Some(&to)) => from..to,
            _ => 0..0,
        };
        self.by_right[range]
            .iter()
            .map(|&position| self.pairs[position as usize].left)
    }

    /// Sum of the chosen edges' weights (pinned ones included), added in
    /// `(left, right)` order.
    pub fn total(&self) -> f64 {
        self.total
    }

    /// Number of chosen pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether no pair was chosen.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// An edge with its weight already quantized.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Edge {
    pub left: u32,
    pub right: u32,
    pub weight: i64,
}

/// For each right node, the positions of its edges: `by_right[start[j]..
/// start[j + 1]]`, ascending.
pub(crate) fn edges_by_right(edges: &[Edge], n_right: usize) -> (Vec<usize>, Vec<u32>) {
    group(n_right, edges.iter().map(|e| Some(e.right as usize))).into_parts()
}

/// A `u64` whose unsigned order is `f64::total_cmp`'s order, so that sorts
/// by score can run on packed integer keys.
fn order_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// CSR offsets of sorted keys: entry `k` is the number of keys below `k`.
fn offsets(n: usize, sorted_keys: impl Iterator<Item = u32>) -> Vec<usize> {
    crate::csr::offsets(n, sorted_keys.map(|k| Some(k as usize)))
}

/// The part of a problem left to solve once pinned edges are taken:
/// residual capacities and the free candidate edges, deduplicated.
struct Residual {
    /// Pinned edge indices, deduplicated by pair.
    pinned: Vec<usize>,
    left_capacity: Vec<u32>,
    right_capacity: Vec<u32>,
    /// Free edge indices sorted by `(left, right)`, one per pair, none pinned
    /// and none touching a node without residual capacity.
    free: Vec<usize>,
}

impl Residual {
    fn new(problem: &AssignProblem) -> Self {
        let mut residual = Residual::keeping_idle(problem, &[]);
        let Residual {
            left_capacity,
            right_capacity,
            free,
            ..
        } = &mut residual;
        let all_open = left_capacity
            .iter()
            .chain(right_capacity.iter())
            .all(|&c| c > 0);
        if !all_open {
            free.retain(|&index| {
                let edge = &problem.edges[index];
                left_capacity[edge.left as usize] > 0 && right_capacity[edge.right as usize] > 0
            });
        }
        residual
    }

    /// [`Residual::new`] keeping the free edges of nodes without residual
    /// capacity (a solver kept between changes may give them some), and
    /// ignoring the edges `removed` marks (empty: none).
    fn keeping_idle(problem: &AssignProblem, removed: &[bool]) -> Self {
        let edges = &problem.edges;
        // Pairs sorted and distinct, none pinned or removed: every edge is
        // free as it stands, without the general path's keys (16 bytes an
        // edge), sort, dedup and partition (0.3 s of a 5 s balanced solve
        // at 240,000 mentees).
        let plain = problem.pinned.is_empty()
            && !removed.contains(&true)
            && edges
                .par_windows(2)
                .all(|w| (w[0].left, w[0].right) < (w[1].left, w[1].right));
        if plain {
            return Residual {
                pinned: Vec::new(),
                left_capacity: problem.left_capacity.clone(),
                right_capacity: problem.right_capacity.clone(),
                free: (0..edges.len()).collect(),
            };
        }
        let mut is_pinned = vec![false; edges.len()];
        for &index in &problem.pinned {
            is_pinned[index] = true;
        }
        // Sorting by (left, right, pinned first, index) puts the occurrence
        // that represents a duplicated pair first in its run. The keys are
        // packed into one contiguous vector first: a sort whose comparisons
        // look edges up by index misses the cache on every one, and was a
        // quarter of the whole solve at five million edges.
        let mut keys: Vec<(u64, u64)> = edges
            .par_iter()
            .enumerate()
            .filter(|&(index, _)| !removed.get(index).copied().unwrap_or(false))
            .map(|(index, edge)| {
                let pair = (u64::from(edge.left) << 32) | u64::from(edge.right);
                let rank = (u64::from(!is_pinned[index]) << 32) | index as u64;
                (pair, rank)
            })
            .collect();
        // Candidate generators usually emit edges in order already, or
        // grouped by left node: then each node's run is sorted alone, in
        // the cache (0.13 s against 0.29 s for one sort of 7.2 million).
        if keys.par_windows(2).all(|w| w[0].0 >> 32 <= w[1].0 >> 32) {
            keys.par_chunk_by_mut(|a, b| a.0 >> 32 == b.0 >> 32)
                .for_each(|run| run.sort_unstable());
        } else {
            keys.par_sort_unstable();
        }
        keys.dedup_by_key(|key| key.0);
        let (pinned, free): (Vec<usize>, Vec<usize>) = keys
            .into_iter()
            .map(|(_, rank)| (rank & 0xffff_ffff) as usize)
            .partition(|&index| is_pinned[index]);
        let mut left_capacity = problem.left_capacity.clone();
        let mut right_capacity = problem.right_capacity.clone();
        for &index in &pinned {
            let edge = &edges[index];
            let left = &mut left_capacity[edge.left as usize];
            *left = left.saturating_sub(1);
            let right = &mut right_capacity[edge.right as usize];
            *right = right.saturating_sub(1);
        }
        Residual {
            pinned,
            left_capacity,
            right_capacity,
            free,
        }
    }

    /// The free edges as the sparse solver wants them: `(left, right, weight)`
    /// sorted by `(left, right)`, weights quantized to integers.
    fn quantized_edges(&self, problem: &AssignProblem) -> Vec<Edge> {
        self.quantized(problem).1
    }

    /// [`Residual::quantized_edges`] with the quantizer that made them.
    fn quantized(&self, problem: &AssignProblem) -> (quantize::Quantizer, Vec<Edge>) {
        let weights = self
            .free
            .par_iter()
            .map(|&index| problem.edges[index].weight);
        let quantizer = quantize::Quantizer::new(weights);
        let edges = self
            .free
            .par_iter()
            .map(|&index| {
                let edge = &problem.edges[index];
                Edge {
                    left: edge.left,
                    right: edge.right,
                    weight: quantizer.quantize(edge.weight),
                }
            })
            .collect();
        (quantizer, edges)
    }
}

/// Chooses pairs of a bipartite candidate graph under capacities, by the
/// configured [`Policy`].
///
/// # Arguments
///
/// - `problem`: capacities, candidate edges and pinned edges, by plain
///   indices (see [`AssignProblem`] for duplicates and over-capacity pins).
/// - `config`: which policy to run.
///
/// # Returns
///
/// An [`Assignment`]: the chosen pairs sorted by `(left, right)`, pinned ones
/// included, and their total weight. The answer is deterministic: the same
/// input gives the same pairs on every run and platform (ties go to lower
/// indices through fixed processing orders; no hashing, no threads).
///
/// # Algorithm and exactness
///
/// `optimal` and `coverage` run a *primal–dual shortest augmenting path*
/// solver for maximum-weight bipartite b-matching on the sparse edge list
/// (the capacities are node capacities in the residual graph, never expanded
/// into slots). Nodes of one side enter one unit of capacity at a time, as
/// in the Hungarian/Jonker–Volgenant family; each unit runs a Dijkstra
/// search over reduced costs from its node, which stops at the first of two
/// exits: a node of the other side with free capacity (one more pair) or a
/// node of the entering side whose dual reaches zero (a pair is dropped, or
/// the unit stays unmatched). The duals are LP duals of the b-matching
/// (`u_i, v_j ≥ 0`, zero on nodes with spare capacity), so the search radius
/// is bounded by the entering node's dual. Units enter from the side with
/// fewer of them (capacities capped by degree): with 100,000 mentees for
/// 60,000 mentor places, a mentor always finds a free mentee close by,
/// whereas the last free places are needles in a haystack for a mentee
/// (an order of magnitude apart). Why this family: unlike auction or cost
/// scaling alone it is exact without an ε schedule, equal weights only make its
/// searches end sooner (at equal distance a free node wins), and the "drop"
/// exit gives the *maximum-weight*, not perfect, matching directly.
/// A search is bound by memory latency (one random read per edge it
/// relaxes), so each node's dual, distance, stamps and capacity sit in one
/// record, a right node holds its matched edges with their left node and
/// weight, and a left node's edges are scanned heaviest first: since every
/// right dual is at least 0, an edge lighter than the settled node's dual
/// less the distance left to the best exit cannot lead to it, nor can any
/// edge after it, so the scan stops there.
/// When the two sides have about as many units (within 5%, capped by
/// degree), late searches of that method find free nodes only far away and
/// grow with the graph, so `optimal` first runs an ε-scaling *auction*
/// (Bertsekas; `assign/auction.rs`): persons (left units) bid for copies of
/// right nodes, `ε` shrinking eightfold per phase down to `1/S` of a weight
/// quantum. Its prices are exact LP duals of weights perturbed by at most
/// that much, which an optimum of the original can lose only if it is not
/// one; right nodes it leaves with room but a price are then entered from
/// the right by the same augmenting-path search, which ends every price at
/// 0 or fills the room. The result is certified by the same duals.
/// `coverage` runs the same solver (in 128-bit arithmetic, from the mentee
/// side when a mentee can take two) with every matched unit rewarded by a
/// constant larger than any possible weight difference and a mentee's first
/// unit by more than all units together: a concave reward per node, which
/// the solver's duals handle exactly (see `assign/sparse.rs`). So one more
/// mentee with a match outweighs any number of extra slots, and one more
/// slot any total weight.
///
/// Weights are first quantized to integers: multiplied by a power of two
/// chosen so that the largest magnitude is about 2^52, then rounded (a
/// negative weight never rounds up to zero). The answer is exactly optimal
/// for the quantized weights, hence within `k · max|w| · 2^-52` of the true
/// optimum for `k` pairs; integer weights up to 2^52 are solved exactly.
/// The auction multiplies weights by `S = 2 · units + 1`, so on balanced
/// problems they keep `58 - log2(S)` significant bits instead (36 bits for a
/// million units: within `k · max|w| · 2^-36`); integers below that bound
/// stay exact. Weights that are all whole multiples of one step, each
/// within a quarter of that rounding (scores made of a few levels, such as
/// k/10 or sums of shares of levels), are solved as the multiples, which
/// the auction settles in a third of the phases, within the same bound.
///
/// `stable` is deferred acceptance and `greedy` a sort; see [`Policy`].
///
/// # Complexity
///
/// `optimal`/`coverage`: O(U · E log V) in the worst case for `U` left
/// units, `E` edges and `V` nodes; in practice each search settles a few
/// nodes. Space O(V + E). `stable`: O(E log E). `greedy`: O(E log E).
///
/// # Errors
///
/// [`ErrorKind::OutOfRange`] when an edge refers to a node out of range, a
/// score is not finite, or a pinned index is out of range (see
/// [`AssignProblem::validate`]).
///
/// # Example
///
/// Two mentees and two mentors; mentor 0 can take two mentees. Greedy gives
/// mentor 0 to mentee 0 (the single best pair, 9), but the optimum lets
/// mentee 1 have mentor 0 as well:
///
/// ```
/// use mentormatch::{assign, AssignConfig, AssignProblem, Policy};
///
/// let mut problem = AssignProblem::new(vec![1, 1], vec![2, 1]);
/// problem.add_edge(0, 0, 9.0);
/// problem.add_edge(0, 1, 8.0);
/// problem.add_edge(1, 0, 7.0);
/// problem.add_edge(1, 1, 1.0);
///
/// let best = assign(&problem, &AssignConfig::default())?;
/// assert_eq!(best.total(), 16.0);
/// assert_eq!(best.mentors_of(1).collect::<Vec<_>>(), vec![0]);
///
/// // With mentor 0 able to take only one mentee, the two pairs must differ.
/// problem.right_capacity[0] = 1;
/// let best = assign(&problem, &AssignConfig::default())?;
/// assert_eq!(best.total(), 15.0); // 8 + 7 beats 9 + 1
/// let greedy = assign(&problem, &AssignConfig { policy: Policy::Greedy })?;
/// assert_eq!(greedy.total(), 10.0);
/// # Ok::<(), mentormatch::Error>(())
/// ```
///
/// # Reference
///
/// R. Jonker, A. Volgenant, "A shortest augmenting path algorithm for dense
/// and sparse linear assignment problems", Computing 38 (1987) 325–340;
/// A. Schrijver, *Combinatorial Optimization* (2003), ch. 21 (b-matchings)
/// and ch. 17 (weighted bipartite matching, primal–dual).
pub fn assign(problem: &AssignProblem, config: &AssignConfig) -> Result<Assignment> {
    problem.validate()?;
    Ok(assign_valid(problem, config))
}

/// [`assign`] on a problem the crate built (or checked) itself.
pub(crate) fn assign_valid(problem: &AssignProblem, config: &AssignConfig) -> Assignment {
    let residual = Residual::new(problem);
    let chosen_free: Vec<usize> = match config.policy {
        Policy::Optimal | Policy::Coverage => {
            let edges = residual.quantized_edges(problem);
            let mode = match config.policy {
                Policy::Coverage => sparse::Mode::Coverage,
                _ => sparse::Mode::Optimal,
            };
            let mut already = vec![0u32; problem.left_len()];
            for &index in &residual.pinned {
                already[problem.edges[index].left as usize] += 1;
            }
            sparse::solve(
                edges,
                &residual.left_capacity,
                &residual.right_capacity,
                mode,
                &already,
            )
            .into_iter()
            .map(|position| residual.free[position])
            .collect()
        }
        Policy::Greedy => greedy::solve(problem, &residual),
        Policy::Stable => stable::deferred_acceptance(problem, &residual),
    };
    let mut chosen = residual.pinned;
    chosen.extend(chosen_free);
    Assignment::from_valid_edges(problem, &chosen)
}

/// [`assign`] under coverage floors: `group[i]` is left node `i`'s group
/// (`u32::MAX` for none) and every group `g` must end with at least
/// `floor[g]` left nodes that have a pair *among the free edges or pinned*
/// — the caller leaves out of `floor` the nodes pinned pairs cover.
/// Returns the policy's optimum among the assignments that meet every
/// floor; when none does, one that covers as much of the floors as any
/// assignment can (the caller compares). Only the optimal and coverage
/// policies; see `floors.rs` for the network and its cost.
pub(crate) fn assign_with_floors(
    problem: &AssignProblem,
    policy: Policy,
    group: &[u32],
    floor: &[u32],
) -> Assignment {
    debug_assert!(
        problem.validate().is_ok(),
        "the crate builds valid problems"
    );
    let residual = Residual::new(problem);
    let mode = match policy {
        Policy::Coverage => sparse::Mode::Coverage,
        Policy::Optimal => sparse::Mode::Optimal,
        Policy::Stable | Policy::Greedy => {
            unreachable!("floors are refused for the stable and greedy policies")
        }
    };
    let mut already = vec![0u32; problem.left_len()];
    for &index in &residual.pinned {
        already[problem.edges[index].left as usize] += 1;
    }
    let edges = residual.quantized_edges(problem);
    let chosen_free = floors::solve(
        &edges,
        &residual.left_capacity,
        &residual.right_capacity,
        mode,
        &already,
        group,
        floor,
    );
    let mut chosen = residual.pinned;
    chosen.extend(
        chosen_free
            .into_iter()
            .map(|position| residual.free[position]),
    );
    Assignment::from_valid_edges(problem, &chosen)
}

/// Solves a dense rectangular assignment problem, maximising: like scipy's
/// `linear_sum_assignment(scores, maximize=True)`.
///
/// # Arguments
///
/// - `scores`: a `rows × cols` matrix in row-major order. `f64::NEG_INFINITY`
///   marks a forbidden pair; every other entry must be finite.
/// - `rows`, `cols`: the matrix shape.
///
/// # Returns
///
/// An [`Assignment`] with left = row and right = column: `min(rows, cols)`
/// pairs maximising the total score (the `coverage` policy on a complete
/// graph), each pair's `edge` being `row * cols + col`. With forbidden
/// entries, as many rows as possible are matched, then the total maximised.
///
/// # Algorithm
///
/// Jonker–Volgenant on the full matrix: column reduction, reduction
/// transfer and two rounds of augmenting row reduction assign most rows
/// cheaply, then a shortest augmenting path per remaining row, with an
/// array-based Dijkstra (O(n) per step, no heap: on a complete graph every
/// column is a neighbour anyway) that scans all columns at the current
/// minimum together and stops at the first free one, so equal scores end
/// searches early instead of slowing them. Rectangular matrices skip the
/// reduction phases (they assume a square matrix) and use the augmenting
/// paths alone.
///
/// Scores are quantized like in [`assign`] but to 48 significant bits (the
/// largest magnitude scaled to at most 2^48 by a power of two, then rounded
/// to nearest): the solver's duals and distances stay within 12 times the
/// largest cost, so all its arithmetic is exact in `f64`. The result is
/// exactly optimal for the quantized scores, within `n · max|s| · 2^-48` of
/// the true optimum; integer scores up to 2^48 in magnitude are solved
/// exactly. A matrix with forbidden entries is handed to the sparse solver
/// of [`assign`] instead.
///
/// # Complexity
///
/// O(n³) worst case for `n = max(rows, cols)`, typically far less. When
/// every score is a whole multiple of one step (scores of a few levels,
/// such as k/10 or sums of shares of levels; integers), within half a
/// unit of the 48-bit quantization, the solver works on those multiples,
/// written once into a copy of 1, 2 or 4 bytes an entry (the narrowest
/// that holds them, at most 2^20) by a pass that checks every score.
/// Otherwise scores are quantized as they are read, with no copy of the
/// matrix; only rows that augmenting paths expand many times are stored,
/// so space is at most O(rows · cols) and usually a small part of it (a
/// tall matrix is transposed into a copy first).
///
/// # Errors
///
/// [`ErrorKind::OutOfRange`] (file `scores`) when `scores.len() != rows *
/// cols`, or naming the first entry that is NaN or `+∞`.
///
/// # Example
///
/// Three people in an art gallery value three pieces (pathfinding's
/// Kuhn–Munkres story); each takes one piece, maximising total value:
///
/// ```
/// use mentormatch::assign_dense;
///
/// #[rustfmt::skip]
/// let values = [
///     100.0, 110.0,  90.0, // Ann: cloth, statue, painting
///      95.0, 130.0,  75.0, // Bernard
///      95.0, 140.0,  65.0, // Claude
/// ];
/// let best = assign_dense(&values, 3, 3)?;
/// assert_eq!(best.total(), 325.0);
/// assert_eq!(best.mentors_of(2).collect::<Vec<_>>(), vec![1]); // Claude gets the statue
/// # Ok::<(), mentormatch::Error>(())
/// ```
///
/// # Reference
///
/// R. Jonker, A. Volgenant, "A shortest augmenting path algorithm for dense
/// and sparse linear assignment problems", Computing 38 (1987) 325–340;
/// D.F. Crouse, "On implementing 2D rectangular assignment algorithms",
/// IEEE Trans. Aerospace and Electronic Systems 52(4) (2016) 1679–1696.
pub fn assign_dense(scores: &[f64], rows: usize, cols: usize) -> Result<Assignment> {
    dense_for(scores, rows, cols, Goal::Greatest)
}

/// [`assign_dense`] for costs: the `min(rows, cols)` pairs of least total
/// cost (scipy's `linear_sum_assignment` by default), without negating a
/// copy of the matrix. `f64::INFINITY` marks a forbidden pair; every other
/// entry must be finite. The [`Assignment`]'s values and total are the
/// costs. Same algorithm, precision and errors as [`assign_dense`], with
/// `-∞` the entry refused.
///
/// ```
/// use mentormatch::assign_dense_least;
///
/// let costs = [4.0, 1.0, 3.0, 2.0, 0.0, 5.0, 3.0, 2.0, 2.0];
/// let best = assign_dense_least(&costs, 3, 3)?;
/// assert_eq!(best.total(), 5.0); // rows to columns 1, 0, 2
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn assign_dense_least(costs: &[f64], rows: usize, cols: usize) -> Result<Assignment> {
    dense_for(costs, rows, cols, Goal::Least)
}

/// Which total a dense matrix's assignment optimises.
#[derive(Clone, Copy, PartialEq)]
enum Goal {
    Greatest,
    Least,
}

/// [`assign_dense`] and [`assign_dense_least`]: the checks, then the
/// solver. The infinity on the goal's side would be a prize, not a value,
/// and is refused; the other one forbids a pair.
fn dense_for(values: &[f64], rows: usize, cols: usize, goal: Goal) -> Result<Assignment> {
    let bad = |field: &str, value: String, reason: String| {
        Error::invalid(ErrorKind::OutOfRange, "scores", "", field, value, reason)
    };
    if rows.checked_mul(cols) != Some(values.len()) {
        let reason = format!("a {rows} × {cols} matrix needs rows × cols scores");
        return Err(bad("len", values.len().to_string(), reason));
    }
    // One pass for the checks and the scale: at n = 4000 every pass over the
    // matrix costs about as much as scipy's whole solve on easy inputs.
    // Comparisons and selects, one running value per lane, so that it
    // compiles to vector min/max instructions (a single running value
    // kept it scalar).
    let (low, high, nan) = range_of(values);
    let (prize, forbidden) = match goal {
        Goal::Greatest => (high == f64::INFINITY, low == f64::NEG_INFINITY),
        Goal::Least => (low == f64::NEG_INFINITY, high == f64::INFINITY),
    };
    if nan || prize {
        let refused = if goal == Goal::Greatest {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        };
        let (k, &value) = (values.iter().enumerate())
            .find(|(_, s)| s.is_nan() || **s == refused)
            .expect("counted above");
        let reason = match goal {
            Goal::Greatest => "scores must be finite, or -inf for a forbidden pair",
            Goal::Least => "costs must be finite, or inf for a forbidden pair",
        };
        return Err(bad(
            &format!("[{}][{}]", k / cols, k % cols),
            value.to_string(),
            reason.to_string(),
        ));
    }
    if forbidden {
        return Ok(assign_dense_forbidden(values, rows, cols, goal));
    }
    let max_abs = if values.is_empty() {
        0.0
    } else {
        low.abs().max(high.abs())
    };
    let quantizer = quantize::Quantizer::for_max(max_abs, dense::DENSE_BITS);
    let quantizer = match goal {
        Goal::Greatest => quantizer,
        Goal::Least => quantizer.negated(),
    };
    let row_of_col = dense::solve(values, rows, cols, quantizer);
    let pairs = row_of_col
        .into_iter()
        .map(|(row, col)| Pair {
            left: row as u32,
            right: col as u32,
            edge: row * cols + col,
        })
        .collect();
    Ok(Assignment::build(pairs, rows, cols, |pair| {
        values[pair.edge]
    }))
}

/// The least and greatest of `values` (infinities included) and whether any
/// is NaN, in one vectorisable pass.
fn range_of(values: &[f64]) -> (f64, f64, bool) {
    const LANES: usize = 4;
    let mut low = [f64::INFINITY; LANES];
    let mut high = [f64::NEG_INFINITY; LANES];
    let mut nan = [false; LANES];
    let chunks = values.chunks_exact(LANES);
    let rest = chunks.remainder();
    for chunk in chunks {
        for k in 0..LANES {
            let value = chunk[k];
            low[k] = if value < low[k] { value } else { low[k] };
            high[k] = if value > high[k] { value } else { high[k] };
            nan[k] |= value.is_nan();
        }
    }
    for &value in rest {
        low[0] = if value < low[0] { value } else { low[0] };
        high[0] = if value > high[0] { value } else { high[0] };
        nan[0] |= value.is_nan();
    }
    let low = low.into_iter().fold(f64::INFINITY, f64::min);
    let high = high.into_iter().fold(f64::NEG_INFINITY, f64::max);
    (low, high, nan.contains(&true))
}

/// A dense matrix with forbidden entries is a sparse problem: solve it as one.
fn assign_dense_forbidden(values: &[f64], rows: usize, cols: usize, goal: Goal) -> Assignment {
    let mut problem = AssignProblem::new(vec![1; rows], vec![1; cols]);
    let mut index_of_edge = Vec::new();
    for row in 0..rows {
        for col in 0..cols {
            let value = values[row * cols + col];
            if value.is_finite() {
                let score = if goal == Goal::Greatest {
                    value
                } else {
                    -value
                };
                problem.add_edge(row as u32, col as u32, score);
                index_of_edge.push(row * cols + col);
            }
        }
    }
    let solved = assign_valid(
        &problem,
        &AssignConfig {
            policy: Policy::Coverage,
        },
    );
    let pairs = solved
        .pairs()
        .iter()
        .map(|pair| Pair {
            edge: index_of_edge[pair.edge],
            ..*pair
        })
        .collect();
    Assignment::build(pairs, rows, cols, |pair| values[pair.edge])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The free and pinned edges of [`Residual::keeping_idle`] are those
        /// of one sort of every `(pair, pinned first, index)` key, deduplicated
        /// by pair: edges in any order, grouped by left node or sorted
        /// (`arrange` 0, 1, 2), pairs repeated, some pinned or removed, or
        /// none (`plain`).
        #[test]
        fn residual_edges_are_those_of_one_sort(
            n_left in 1u32..6,
            n_right in 1u32..6,
            mut cells in proptest::collection::vec((0u32..6, 0u32..6, 0u8..4), 0..40),
            arrange in 0u8..3,
            plain in proptest::bool::ANY,
        ) {
            for cell in &mut cells {
                (cell.0, cell.1) = (cell.0 % n_left, cell.1 % n_right);
                if plain {
                    cell.2 = 0;
                }
            }
            match arrange {
                1 => cells.sort_by_key(|cell| cell.0),
                2 => {
                    cells.sort_by_key(|cell| (cell.0, cell.1));
                    cells.dedup_by_key(|cell| (cell.0, cell.1));
                }
                _ => {}
            }
            let mut problem = AssignProblem::new(vec![2; n_left as usize], vec![2; n_right as usize]);
            let mut removed = Vec::new();
            for &(left, right, mark) in &cells {
                let index = problem.add_edge(left, right, 1.0);
                if mark == 1 {
                    problem.pinned.push(index);
                }
                removed.push(mark == 2);
            }
            let residual = Residual::keeping_idle(&problem, &removed);

            let mut keys: Vec<((u32, u32), bool, usize)> = problem
                .edges
                .iter()
                .enumerate()
                .filter(|&(index, _)| !removed[index])
                .map(|(index, e)| ((e.left, e.right), !problem.pinned.contains(&index), index))
                .collect();
            keys.sort_unstable();
            keys.dedup_by_key(|key| key.0);
            let (pinned, free): (Vec<usize>, Vec<usize>) = keys
                .into_iter()
                .map(|key| key.2)
                .partition(|index| problem.pinned.contains(index));
            prop_assert_eq!(residual.pinned, pinned);
            prop_assert_eq!(residual.free, free);
        }
    }
}
