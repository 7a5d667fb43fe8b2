//! The exact sparse solver: maximum-weight bipartite b-matching by shortest
//! augmenting paths with LP duals (a primal–dual Hungarian method with node
//! capacities), on an edge list sorted by left node.
//!
//! The LP being solved, for edges `e = (i, j)` with integer weight `w_e`:
//!
//! ```text
//! max Σ w_e x_e   s.t.  Σ_{e∋i} x_e ≤ a_i,  Σ_{e∋j} x_e ≤ b_j,  0 ≤ x_e ≤ 1
//! dual: u_i ≥ 0, v_j ≥ 0, u_i + v_j ≥ w_e on unmatched edges,
//!       u_i + v_j ≤ w_e on matched edges, u_i = 0 / v_j = 0 on nodes with
//!       spare capacity.
//! ```
//!
//! The coverage policy rewards a left node's units unequally (the first one
//! most): a concave reward on the node, whose LP has, for a node with `d`
//! pairs, `deficit(d) ≤ u_i` instead of `u_i ≥ 0` and `u_i ≤ deficit(d + 1)`
//! instead of `u_i = 0` on spare capacity, `deficit(k)` being how much less
//! than the first the `k`-th unit is worth (0 for the optimal policy, where
//! these are the conditions above). Dropping a pair of `i` then costs
//! `u_i - deficit(d)`, and a unit entering gains at most `u_i - deficit(d + 1)`.
//!
//! Left nodes enter one unit of capacity at a time. Before a unit enters, the
//! conditions hold for everything already in; the search from the entering
//! node keeps them and restores them with the unit in. At the end they hold
//! everywhere, which certifies optimality (the bipartite b-matching polytope
//! is integral). [`Solver::certify`] checks exactly that in tests.
//!
//! A solver kept between solves (`warm.rs`) owns its edges and is changed
//! in place: [`Solver::repair`] sets the duals of the left nodes a change
//! touched again, lets right nodes left with room and a dual give it up by
//! the same search run from their side ([`Solver::augment_from_right`]),
//! and enters the units freed or added; [`Solver::splice`] merges the
//! edges of joining right nodes in. The conditions above hold again after
//! each, so the same certificate applies.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt::Debug;
use std::ops::{Add, Sub};

use rayon::prelude::*;

use super::quantize::on_lattice;
use super::{auction, edges_by_right, Edge};

/// What to maximise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Total weight.
    Optimal,
    /// Matched left units first, then total weight.
    Coverage,
}

/// The coverage policy's reward for each matched unit. Weights are below
/// 2^53 in magnitude and there are fewer than 2^32 edges, so two totals
/// differ by less than 2^86: one more matched unit always wins.
const SLOT_BONUS: i128 = 1 << 86;

/// The coverage policy's rewards: every matched unit earns [`SLOT_BONUS`],
/// and a left node's first one earns `SLOT_BONUS · units` more, more than
/// all slots together, so that the solver maximises, in order, the left
/// nodes with at least one pair, the matched units, then the total weight.
/// Returns the bonus on every edge (the first unit's reward) and the
/// deficit of every further unit. Below 2^119 for fewer than 2^32 units:
/// duals and distances stay far inside `i128`.
pub(crate) fn coverage_rewards(left_units: u64) -> (i128, i128) {
    let first = SLOT_BONUS * (i128::from(left_units) + 1);
    (first, first - SLOT_BONUS)
}

/// Chooses edges maximising the total (or, for coverage, the left nodes
/// with a pair, then the pairs, then the total).
///
/// `edges` must be sorted by `(left, right)` without duplicate pairs (taken
/// by value: when the solve enters from the right it drops them once
/// transposed, so that a large problem is not held twice);
/// capacities index the nodes. Returns the positions of the chosen edges in
/// `edges`, ascending. Left nodes may already have `already[i]` pairs outside `edges` (pinned
/// ones): the coverage policy counts those when it rewards a node's first
/// pair. Empty `already` means none.
pub(crate) fn solve(
    edges: Vec<Edge>,
    left_capacity: &[u32],
    right_capacity: &[u32],
    mode: Mode,
    already: &[u32],
) -> Vec<usize> {
    // The problem is symmetric, but the cost is not: units enter from one
    // side, and each search ends at the first free unit of the other side.
    // Entering from the side with fewer units (capacity capped by degree)
    // means fewer searches, each with many free targets to end at. When 100k
    // mentees compete for 60k mentor places, entering from the mentors is
    // over ten times faster: the last free places are needles in a haystack
    // for a mentee but a mentor always finds a free mentee nearby.
    let (left_units, right_units) = units(&edges, left_capacity, right_capacity);
    // When the two sides' units are within 5% of each other, free units
    // become rare on both sides as the solve goes on, and each late
    // augmenting path searches much of the graph (a 60,000-mentee balanced
    // problem took 17 s, 116 s with coarse weights). There the auction
    // assigns first and the paths only finish. With a surplus on one side
    // the paths usually stay short and the auction's price adjustments are
    // wasted work (1.5 s against 1.8 s on 100,000 mentees for 60,000
    // places, 1.3 s against 14 s with coarse weights), so the paths go
    // first, within a budget (see [`PATH_BUDGET`]) past which the auction
    // takes over.
    let balanced = 20 * left_units.min(right_units) >= 19 * left_units.max(right_units);
    let use_auction = balanced && mode == Mode::Optimal;
    // Coverage rewards a left node's first pair above its others, which the
    // solver knows only for nodes that enter; entering from the right is
    // then right only when no left node can take two or has one already.
    let uneven_units = mode == Mode::Coverage
        && (already.iter().any(|&pairs| pairs > 0)
            || !edges_per_node_at_most_one(&edges, left_capacity));
    if right_units >= left_units || uneven_units {
        return solve_from_left(
            &edges,
            left_capacity,
            right_capacity,
            mode,
            use_auction,
            already,
        );
    }
    let (flipped, original) = transpose(&edges, right_capacity.len());
    drop(edges);
    let mut chosen: Vec<usize> = solve_from_left(
        &flipped,
        right_capacity,
        left_capacity,
        mode,
        use_auction,
        &[],
    )
    .into_iter()
    .map(|position| original[position] as usize)
    .collect();
    chosen.sort_unstable();
    chosen
}

/// The optimal policy by augmenting paths alone (entering from the side
/// with fewer units, as [`solve`] does, but never by the auction, whose
/// duals are those of perturbed weights), with the chosen positions
/// (ascending) and the LP duals of the original orientation: `u` by left
/// node, `v` by right node, for capacities capped by degree (see the
/// module docs for the conditions they meet). A warm start for solvers of
/// related problems (`floors.rs`).
pub(crate) fn solve_optimal_with_duals(
    edges: &[Edge],
    left_capacity: &[u32],
    right_capacity: &[u32],
) -> (Vec<usize>, Vec<i64>, Vec<i64>) {
    let (left_units, right_units) = units(edges, left_capacity, right_capacity);
    if right_units >= left_units {
        let mut solver = Solver::<i64>::new(edges, left_capacity, right_capacity, 0);
        solver.run();
        debug_assert_eq!(solver.certify(), Ok(()));
        let chosen = solver.chosen();
        return (chosen, solver.left_duals(), solver.right_duals());
    }
    solve_transposed_with_duals(edges, left_capacity, right_capacity, 0)
}

/// `edges` solved entering from the right (every pair earning `bonus` more,
/// no deficits), with the chosen positions (ascending) and the duals of
/// the original orientation.
fn solve_transposed_with_duals<C: Cost>(
    edges: &[Edge],
    left_capacity: &[u32],
    right_capacity: &[u32],
    bonus: C,
) -> (Vec<usize>, Vec<C>, Vec<C>) {
    let (flipped, original) = transpose(edges, right_capacity.len());
    let mut solver = Solver::<C>::new(&flipped, right_capacity, left_capacity, bonus);
    solver.run();
    debug_assert_eq!(solver.certify(), Ok(()));
    let mut chosen: Vec<usize> = solver
        .chosen()
        .into_iter()
        .map(|position| original[position] as usize)
        .collect();
    chosen.sort_unstable();
    (chosen, solver.right_duals(), solver.left_duals())
}

/// The coverage policy's optimum of `edges` (sorted by `(left, right)`,
/// capacities capped by degree) with its LP duals in the original
/// orientation:
/// `u` by left node and `v` by right node, for the weights plus the first
/// unit's reward and the deficits of [`coverage_rewards`] (left node `i`
/// holding `already[i]` pairs outside `edges`). A warm start for the
/// coverage floors (`floors.rs`).
pub(crate) fn solve_coverage_with_duals(
    edges: &[Edge],
    left_capacity: &[u32],
    right_capacity: &[u32],
    already: &[u32],
) -> (Vec<usize>, Vec<i128>, Vec<i128>) {
    let (left_units, right_units) = units(edges, left_capacity, right_capacity);
    let (first, deficit) = coverage_rewards(left_units);
    // When no left node can hold two pairs, every pair earns `first` and
    // no deficit applies: the problem is symmetric, and entering from the
    // side with fewer units is as much faster as for `solve`.
    let one_each =
        already.iter().all(|&a| a == 0) && edges_per_node_at_most_one(edges, left_capacity);
    if one_each && right_units < left_units {
        return solve_transposed_with_duals(edges, left_capacity, right_capacity, first);
    }
    let mut solver = Solver::<i128>::new(edges, left_capacity, right_capacity, first);
    solver.extra_unit_deficit = deficit;
    solver.already = already.to_vec();
    solver.run();
    debug_assert_eq!(solver.certify(), Ok(()));
    (solver.chosen(), solver.left_duals(), solver.right_duals())
}

/// `edges` as [`Scan`]s, each left node's heaviest first.
fn heaviest_first(edges: &[Edge], left_start: &[usize]) -> Vec<Scan> {
    let mut scan = in_edge_order(edges);
    for range in left_start.windows(2) {
        sort_scan(&mut scan[range[0]..range[1]]);
    }
    scan
}

/// `edges` as [`Scan`]s, in their order.
fn in_edge_order(edges: &[Edge]) -> Vec<Scan> {
    edges
        .iter()
        .enumerate()
        .map(|(e, edge)| Scan {
            weight: edge.weight,
            right: edge.right,
            edge: e as u32,
        })
        .collect()
}

/// A node's edges heaviest first (ties by position): a left node's scan,
/// or a kept solver's edges of a right node.
fn sort_scan(list: &mut [Scan]) {
    list.sort_unstable_by_key(|s| (Reverse(s.weight), s.edge));
}

/// Whether no left node can take more than one pair (capacity or degree).
fn edges_per_node_at_most_one(edges: &[Edge], left_capacity: &[u32]) -> bool {
    left_capacity.iter().all(|&cap| cap <= 1)
        || edges
            .windows(2)
            .all(|w| w[0].left != w[1].left || left_capacity[w[0].left as usize] <= 1)
}

/// Total capacity of each side, each node's capped by its degree.
fn units(edges: &[Edge], left_capacity: &[u32], right_capacity: &[u32]) -> (u64, u64) {
    let mut left_degree = vec![0u32; left_capacity.len()];
    let mut right_degree = vec![0u32; right_capacity.len()];
    for edge in edges {
        left_degree[edge.left as usize] += 1;
        right_degree[edge.right as usize] += 1;
    }
    let sum = |caps: &[u32], degrees: &[u32]| -> u64 {
        caps.iter()
            .zip(degrees)
            .map(|(&cap, &degree)| u64::from(cap.min(degree)))
            .sum()
    };
    (
        sum(left_capacity, &left_degree),
        sum(right_capacity, &right_degree),
    )
}

/// The edges with sides swapped, sorted by (new left, new right), and for
/// each the position of its original. A counting sort on the right node:
/// the input is sorted by left, so each bucket comes out sorted too.
fn transpose(edges: &[Edge], n_right: usize) -> (Vec<Edge>, Vec<u32>) {
    let (_, order) = edges_by_right(edges, n_right);
    let flipped = order
        .par_iter()
        .map(|&position| {
            let edge = &edges[position as usize];
            Edge {
                left: edge.right,
                right: edge.left,
                weight: edge.weight,
            }
        })
        .collect();
    (flipped, order)
}

fn solve_from_left(
    edges: &[Edge],
    left_capacity: &[u32],
    right_capacity: &[u32],
    mode: Mode,
    use_auction: bool,
    already: &[u32],
) -> Vec<usize> {
    match mode {
        Mode::Optimal if use_auction => solve_by_auction(edges, left_capacity, right_capacity),
        Mode::Optimal => {
            let nodes = (left_capacity.len() + right_capacity.len()) as u64;
            let budget = PATH_BUDGET * nodes + PATH_BUDGET_FLOOR;
            solve_by_paths_within(edges, left_capacity, right_capacity, budget)
        }
        Mode::Coverage => {
            let (left_units, _) = units(edges, left_capacity, right_capacity);
            let (first, deficit) = coverage_rewards(left_units);
            let mut solver = Solver::<i128>::new(edges, left_capacity, right_capacity, first);
            solver.extra_unit_deficit = deficit;
            solver.already = already.to_vec();
            solver.run();
            debug_assert_eq!(solver.certify(), Ok(()));
            solver.chosen()
        }
    }
}

/// The augmenting paths of an unbalanced optimal solve may settle this
/// many nodes per node of the problem (plus [`PATH_BUDGET_FLOOR`]); past
/// that, the auction solves it instead. On random candidate graphs the
/// paths settle at most 10 a node (`assign_timing sparse N M K 1 FAMILY`,
/// places 0.6 to 0.87 of the mentees, uniform, coarse and score-like
/// weights, up to 240,000 mentees), and there they are faster than the
/// auction, several times so with coarse weights. On the mentor problems
/// of generated organisations (places about 0.87 of the mentees, the
/// candidates clustered on the mentors holding the skills sought) they
/// settle 137 a node at 100,000 people and 203 at 300,000, the late
/// searches thousands of nodes each, where the auction and its exact
/// finish take a fifth to a half of the time.
const PATH_BUDGET: u64 = 24;

/// The part of the paths' budget that does not grow with the problem.
const PATH_BUDGET_FLOOR: u64 = 1 << 16;

/// The optimal policy by augmenting paths while their searches settle at
/// most `budget` nodes, else by the auction ([`solve_by_auction`]).
fn solve_by_paths_within(
    edges: &[Edge],
    left_capacity: &[u32],
    right_capacity: &[u32],
    budget: u64,
) -> Vec<usize> {
    let mut solver = Solver::<i64>::new(edges, left_capacity, right_capacity, 0);
    if !solver.run_within(budget) {
        drop(solver);
        return solve_by_auction(edges, left_capacity, right_capacity);
    }
    debug_assert_eq!(solver.certify(), Ok(()));
    solver.chosen()
}

/// The optimal policy by the auction (`auction.rs`), finished exactly: the
/// auction's pairs and prices are optimal duals of its perturbed weights
/// except at right nodes left with room and a price; entering those from
/// the right settles each by a search that either finds a left node with
/// room or brings the price to 0. The result is optimal for the perturbed
/// weights, hence for the (rounded) weights.
fn solve_by_auction(edges: &[Edge], left_capacity: &[u32], right_capacity: &[u32]) -> Vec<usize> {
    let rounded = auction_weights(edges, left_capacity, right_capacity);
    let edges = rounded.as_deref().unwrap_or(edges);
    let start = auction::start(edges, left_capacity, right_capacity);
    finish_auction(&start, left_capacity, right_capacity)
}

/// The auction's `start`, finished exactly (see [`solve_by_auction`]).
fn finish_auction(
    start: &auction::Start,
    left_capacity: &[u32],
    right_capacity: &[u32],
) -> Vec<usize> {
    let mut solver =
        Solver::<i64>::sorting_when_scanned(&start.flipped, right_capacity, left_capacity);
    solver.warm_start(&start.held, &start.left_dual);
    solver.run();
    debug_assert_eq!(solver.certify(), Ok(()));
    let mut chosen: Vec<usize> = solver
        .chosen()
        .into_iter()
        .map(|e| start.original[e] as usize)
        .collect();
    chosen.sort_unstable();
    chosen
}

/// `edges` with the weights the auction scales, or `None` when they are
/// already fit: whole multiples of a common step when every weight is one
/// ([`on_lattice`]: scores of a few levels, solved in a third of the
/// phases), else rounded to the significant bits the auction can scale
/// (see [`auction::weight_bits`]).
fn auction_weights(
    edges: &[Edge],
    left_capacity: &[u32],
    right_capacity: &[u32],
) -> Option<Vec<Edge>> {
    let (left_units, _) = units(edges, left_capacity, right_capacity);
    let bits = auction::weight_bits(left_units);
    let max_abs = edges
        .iter()
        .map(|edge| edge.weight.unsigned_abs())
        .max()
        .unwrap_or(0);
    let shift = (64 - max_abs.leading_zeros()).saturating_sub(bits);
    // Taking the multiples moves each weight by at most a quarter of the
    // unit rounding would drop, and by nothing when the weights fit: the
    // optimum stays within the bound the rounding documents.
    let slack = (1i64 << shift) >> 2;
    if let Some(multiples) = on_lattice(edges.iter().map(|edge| edge.weight), slack) {
        return Some(
            edges
                .iter()
                .zip(multiples)
                .map(|(edge, weight)| Edge { weight, ..*edge })
                .collect(),
        );
    }
    if shift == 0 {
        return None;
    }
    let half = 1i64 << (shift - 1);
    Some(
        edges
            .iter()
            .map(|edge| Edge {
                weight: (edge.weight + half) >> shift,
                ..*edge
            })
            .collect(),
    )
}

/// The integer type of weights, duals and distances: `i64` for the optimal
/// policy, `i128` when coverage adds its large bonus.
pub(crate) trait Cost:
    Copy + Ord + Debug + Add<Output = Self> + Sub<Output = Self> + From<i64>
{
}

impl Cost for i64 {}
impl Cost for i128 {}

/// Heap codes: right nodes are their index, left nodes have this bit set, so
/// that at equal distance right nodes are settled first (reaching a free
/// right node sooner).
const LEFT: u64 = 1 << 32;

/// How a search ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// At a right node with spare capacity: one more pair.
    Free(u32),
    /// At a left node whose dual reaches zero: it gives up the pair it was
    /// reached by (or, for the root, its unit stays unmatched).
    Drop(u32),
}

/// A left node's dual and search state.
#[derive(Clone, Copy)]
struct LeftNode<C> {
    u: C,
    dist: C,
    seen: u32,
    done: u32,
}

/// A right node's dual, capacity (capped by degree), pairs held and search
/// state.
#[derive(Clone, Copy)]
struct RightNode<C> {
    v: C,
    dist: C,
    seen: u32,
    done: u32,
    cap: u32,
    used: u32,
}

/// An edge as a search scans it from its left node: each left node's edges
/// heaviest first (ties by position), so that a search stops scanning at
/// the first edge too light to reach its best exit. A kept solver's
/// searches from the right scan each right node's edges the same way, with
/// the left node in `right`.
#[derive(Clone, Copy)]
struct Scan {
    weight: i64,
    right: u32,
    edge: u32,
}

/// A matched edge as its right node holds it: what a search settling the
/// right node needs, without a trip to the edge list.
#[derive(Clone, Copy, Default)]
struct Slot {
    weight: i64,
    edge: u32,
    left: u32,
}

#[derive(Clone)]
pub(crate) struct Solver<'a, C> {
    /// Borrowed for one solve; owned by a solver kept between solves
    /// (`warm.rs`), which may change weights and append left nodes.
    edges: Cow<'a, [Edge]>,
    /// `scan[left_start[i]..left_start[i + 1]]` are left node `i`'s edges
    /// in scanning order.
    left_start: Vec<usize>,
    /// `edges[edge_start[i]..edge_end[i]]` are the edges left node `i`
    /// came with (sorted by right node); `extra[i]` (absent when nothing
    /// was spliced in) lists the positions of those spliced in since,
    /// which [`Solver::splice`] appends to `edges`: no edge ever moves.
    edge_start: Vec<usize>,
    edge_end: Vec<usize>,
    extra: Vec<Vec<u32>>,
    bonus: C,
    /// How much less than the first a left node's second and later units
    /// are worth (coverage: people before slots); 0 for the optimal policy.
    extra_unit_deficit: C,
    /// Pairs each left node already has (pinned) and this solve does not
    /// see; empty when none.
    already: Vec<u32>,
    /// Capacities capped by degree, so that slot storage is O(E) even when a
    /// caller passes `u32::MAX` for "unlimited".
    left_cap: Vec<u32>,

    matched: Vec<bool>,
    used_left: Vec<u32>,
    /// Matched edges of right node `j`: `slots[slot_start[j]..][..right[j].used]`.
    slot_start: Vec<usize>,
    slots: Vec<Slot>,
    /// The edges in scanning order (see [`Scan`]), grouped by left node like
    /// `edges`.
    scan: Vec<Scan>,
    /// During [`Solver::run`], by position in `scan`: the dual its right
    /// node had when the edge was last looked at. A search from the left
    /// only raises right duals, so this is a floor of the current one, and
    /// an edge whose floor already puts it past the best exit is skipped
    /// without the random load of its right node. Empty outside `run`
    /// (other searches lower right duals).
    scan_floor: Vec<C>,

    /// Per node, what a search reads together (one cache line, not one
    /// per field: the searches are bound by memory latency).
    left: Vec<LeftNode<C>>,
    right: Vec<RightNode<C>>,

    // Search scratch, reset lazily by bumping `epoch`.
    epoch: u32,
    /// The matched edge a left node was reached by.
    pred_left: Vec<u32>,
    /// The unmatched edge a right node was reached by.
    pred_right: Vec<u32>,
    settled_left: Vec<u32>,
    settled_right: Vec<u32>,
    heap: BinaryHeap<Reverse<(C, u64)>>,
    /// By right node, its edges: built by the first [`Solver::repair`] of a
    /// kept solver, then kept up to date.
    by_right: Option<Vec<Vec<Scan>>>,
    /// By right node: whether its list in `by_right` is in scan order
    /// (edges added or reweighed since are sorted in when it is next
    /// scanned: most never are).
    right_sorted: Vec<bool>,
    /// Nodes settled by every search so far (the work [`Solver::repair`]
    /// holds to its budget).
    settled: u64,
    /// By left node: whether its edges in `scan` are still in edge order,
    /// to be sorted when a search first scans them (see
    /// [`Solver::sorting_when_scanned`]); empty when all are sorted.
    unsorted: Vec<bool>,
}

impl<'a, C: Cost> Solver<'a, C> {
    pub(crate) fn new(
        edges: &'a [Edge],
        left_capacity: &[u32],
        right_capacity: &[u32],
        bonus: C,
    ) -> Self {
        Self::with_edges(Cow::Borrowed(edges), left_capacity, right_capacity, bonus)
    }

    /// [`Solver::new`] (no bonus) for one solve whose searches will read
    /// few nodes' edges, as after the auction: each left node's edges are
    /// sorted heaviest first when a search first scans them instead of all
    /// up front (the sort was a tenth of a balanced solve at 240,000
    /// mentees).
    pub(crate) fn sorting_when_scanned(
        edges: &'a [Edge],
        left_capacity: &[u32],
        right_capacity: &[u32],
    ) -> Self {
        let mut solver = Self::with_scan(
            Cow::Borrowed(edges),
            left_capacity,
            right_capacity,
            C::from(0),
            false,
        );
        solver.unsorted = vec![true; left_capacity.len()];
        solver
    }

    fn with_edges(
        edges: Cow<'a, [Edge]>,
        left_capacity: &[u32],
        right_capacity: &[u32],
        bonus: C,
    ) -> Self {
        Self::with_scan(edges, left_capacity, right_capacity, bonus, true)
    }

    /// The solver, its scan sorted heaviest first or (`sorted` false) in
    /// edge order.
    fn with_scan(
        edges: Cow<'a, [Edge]>,
        left_capacity: &[u32],
        right_capacity: &[u32],
        bonus: C,
        sorted: bool,
    ) -> Self {
        let (n_left, n_right) = (left_capacity.len(), right_capacity.len());
        debug_assert!(edges
            .windows(2)
            .all(|w| (w[0].left, w[0].right) < (w[1].left, w[1].right)));
        let mut left_degree = vec![0u32; n_left];
        let mut right_degree = vec![0u32; n_right];
        for edge in edges.iter() {
            left_degree[edge.left as usize] += 1;
            right_degree[edge.right as usize] += 1;
        }
        let left_cap: Vec<u32> = left_capacity
            .iter()
            .zip(&left_degree)
            .map(|(&cap, &degree)| cap.min(degree))
            .collect();
        let right_cap: Vec<u32> = right_capacity
            .iter()
            .zip(&right_degree)
            .map(|(&cap, &degree)| cap.min(degree))
            .collect();
        let mut left_start = vec![0usize; n_left + 1];
        for (i, &degree) in left_degree.iter().enumerate() {
            left_start[i + 1] = left_start[i] + degree as usize;
        }
        let mut slot_start = vec![0usize; n_right + 1];
        for (j, &cap) in right_cap.iter().enumerate() {
            slot_start[j + 1] = slot_start[j] + cap as usize;
        }
        let zero = C::from(0);
        let scan = if sorted {
            heaviest_first(&edges, &left_start)
        } else {
            in_edge_order(&edges)
        };
        let matched = vec![false; edges.len()];
        Solver {
            edges,
            edge_start: left_start[..n_left].to_vec(),
            edge_end: left_start[1..].to_vec(),
            extra: Vec::new(),
            left_start,
            bonus,
            extra_unit_deficit: zero,
            already: Vec::new(),
            left_cap,
            matched,
            used_left: vec![0; n_left],
            slots: vec![Slot::default(); slot_start[n_right]],
            scan,
            scan_floor: Vec::new(),
            slot_start,
            left: vec![
                LeftNode {
                    u: zero,
                    dist: zero,
                    seen: 0,
                    done: 0
                };
                n_left
            ],
            right: right_cap
                .iter()
                .map(|&cap| RightNode {
                    v: zero,
                    dist: zero,
                    seen: 0,
                    done: 0,
                    cap,
                    used: 0,
                })
                .collect(),
            epoch: 0,
            pred_left: vec![0; n_left],
            pred_right: vec![0; n_right],
            settled_left: Vec::new(),
            settled_right: Vec::new(),
            heap: BinaryHeap::new(),
            by_right: None,
            right_sorted: Vec::new(),
            unsorted: Vec::new(),
            settled: 0,
        }
    }

    /// How many edges left node `i` has.
    fn degree(&self, i: usize) -> usize {
        self.left_start[i + 1] - self.left_start[i]
    }

    /// The position of left node `i`'s `k`-th edge: those it was built
    /// with, ascending, then those spliced in, in the order they came.
    fn nth_edge(&self, i: usize, k: usize) -> usize {
        let (start, end) = (self.edge_start[i], self.edge_end[i]);
        if k < end - start {
            start + k
        } else {
            self.extra[i][k - (end - start)] as usize
        }
    }

    fn slot(&self, edge: usize) -> Slot {
        let Edge { left, weight, .. } = self.edges[edge];
        Slot {
            weight,
            edge: edge as u32,
            left,
        }
    }

    /// The left duals `u`, by left node.
    pub(crate) fn left_duals(&self) -> Vec<C> {
        self.left.iter().map(|node| node.u).collect()
    }

    /// The right duals `v`, by right node.
    pub(crate) fn right_duals(&self) -> Vec<C> {
        self.right.iter().map(|node| node.v).collect()
    }

    fn weight(&self, edge: usize) -> C {
        C::from(self.edges[edge].weight) + self.bonus
    }

    /// How much less than a first unit the `units`-th unit of left node `i`
    /// is worth (counting the pairs it had before this solve).
    fn deficit(&self, i: usize, units: u32) -> C {
        let before = self.already.get(i).copied().unwrap_or(0);
        if units + before >= 2 {
            self.extra_unit_deficit
        } else {
            C::from(0)
        }
    }

    /// Starts from `held` pairs and right duals `price` (a near-optimal
    /// answer, e.g. the auction's) instead of from nothing, keeping what is
    /// consistent with an optimal solution and undoing the rest, so that
    /// [`run`](Self::run) only enters the units left free.
    ///
    /// The duals become `v = max(price, 0)` and `u_i` = the best reduced
    /// value of `i`'s pairs not held; held pairs below `u_i` are dropped
    /// (they could not be tight). A right node with room must have `v = 0`:
    /// zeroing it raises the `u` of its neighbours, which may drop their
    /// pairs and give other right nodes room, so this runs to a fixed point
    /// with a work list (each right node is zeroed at most once). Afterwards
    /// every held pair is tight, every reduced cost non-negative and every
    /// node with room but unentered units priced as [`run`] expects.
    pub(crate) fn warm_start(&mut self, held: &[bool], price: &[i64]) {
        let zero = C::from(0);
        for (j, &p) in price.iter().enumerate() {
            self.right[j].v = if self.right[j].cap > 0 {
                C::from(p.max(0))
            } else {
                zero
            };
        }
        for (e, &is_held) in held.iter().enumerate() {
            let edge = self.edges[e];
            let (i, j) = (edge.left as usize, edge.right as usize);
            if is_held
                && self.used_left[i] < self.left_cap[i]
                && self.right[j].used < self.right[j].cap
            {
                self.matched[e] = true;
                self.used_left[i] += 1;
                self.slots[self.slot_start[j] + self.right[j].used as usize] = self.slot(e);
                self.right[j].used += 1;
            }
        }
        let mut zeroed: Vec<u32> = Vec::new();
        for i in 0..self.left_cap.len() {
            self.reprice_left(i, &mut zeroed);
        }
        zeroed.extend((0..self.right.len() as u32).filter(|&j| {
            self.right[j as usize].used < self.right[j as usize].cap
                && self.right[j as usize].v > zero
        }));
        if zeroed.is_empty() {
            return;
        }
        let (right_start, by_right) = edges_by_right(&self.edges, self.right.len());
        while let Some(j) = zeroed.pop() {
            let j = j as usize;
            if self.right[j].v == zero {
                continue;
            }
            self.right[j].v = zero;
            for &e in &by_right[right_start[j]..right_start[j + 1]] {
                let e = e as usize;
                let i = self.edges[e].left as usize;
                if !self.matched[e] && self.weight(e) - self.left[i].u > zero {
                    self.reprice_left(i, &mut zeroed);
                }
            }
        }
    }

    /// Sets `u_i` to the best reduced value of `i`'s unheld pairs (at least
    /// 0) and drops held pairs below it; right nodes left with room and a
    /// positive dual go on `zeroed`.
    fn reprice_left(&mut self, i: usize, zeroed: &mut Vec<u32>) {
        let zero = C::from(0);
        if self.left_cap[i] == 0 {
            return;
        }
        let mut best = zero;
        for k in 0..self.degree(i) {
            let e = self.nth_edge(i, k);
            let j = self.edges[e].right as usize;
            if !self.matched[e] && self.right[j].cap > 0 {
                best = best.max(self.weight(e) - self.right[j].v);
            }
        }
        self.left[i].u = best;
        for k in 0..self.degree(i) {
            let e = self.nth_edge(i, k);
            let j = self.edges[e].right as usize;
            if self.matched[e] && self.weight(e) - self.right[j].v < best {
                self.unmatch(e, zeroed);
            }
        }
    }

    /// A solver that owns its edges, so that it can be kept between solves
    /// and changed (`warm.rs`).
    pub(crate) fn owned(
        edges: Vec<Edge>,
        left_capacity: &[u32],
        right_capacity: &[u32],
    ) -> Solver<'static, C> {
        Solver::with_edges(Cow::Owned(edges), left_capacity, right_capacity, C::from(0))
    }

    /// The number of left nodes.
    pub(crate) fn left_len(&self) -> usize {
        self.left_cap.len()
    }

    /// Left node `i`'s capacity (capped by its degree).
    pub(crate) fn left_cap(&self, i: usize) -> u32 {
        self.left_cap[i]
    }

    /// The number of right nodes.
    pub(crate) fn right_len(&self) -> usize {
        self.right.len()
    }

    /// Right node `j`'s capacity (capped by its degree).
    pub(crate) fn right_cap(&self, j: usize) -> u32 {
        self.right[j].cap
    }

    /// Room for `more` edges without moving the edge arrays.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.edges.to_mut().reserve(more);
        self.matched.reserve(more);
        self.scan.reserve(more);
    }

    /// Sets the weight of edge `e`, keeping the scan order and a held
    /// edge's slot; returns its left node, whose dual [`Solver::repair`]
    /// must then set again.
    pub(crate) fn set_weight(&mut self, e: usize, weight: i64) -> usize {
        let Edge { left, right, .. } = self.edges[e];
        self.edges.to_mut()[e].weight = weight;
        let (i, j) = (left as usize, right as usize);
        let segment = &mut self.scan[self.left_start[i]..self.left_start[i + 1]];
        if let Some(scan) = segment.iter_mut().find(|s| s.edge as usize == e) {
            scan.weight = weight;
        }
        sort_scan(segment);
        if self.matched[e] {
            let start = self.slot_start[j];
            for slot in &mut self.slots[start..start + self.right[j].used as usize] {
                if slot.edge as usize == e {
                    slot.weight = weight;
                }
            }
        }
        if let Some(by_right) = &mut self.by_right {
            if let Some(scan) = by_right[j].iter_mut().find(|x| x.edge as usize == e) {
                scan.weight = weight;
            }
            self.right_sorted[j] = false;
        }
        i
    }

    /// Left node `i`'s edge to right node `j`, if any (a binary search of
    /// the edges it was built with, which are sorted by right node, then a
    /// look at those spliced in).
    pub(crate) fn find(&self, i: u32, j: u32) -> Option<usize> {
        let i = i as usize;
        if i >= self.edge_start.len() {
            return None;
        }
        let (start, end) = (self.edge_start[i], self.edge_end[i]);
        match self.edges[start..end].binary_search_by_key(&j, |e| e.right) {
            Ok(k) => Some(start + k),
            Err(_) => self
                .extra
                .get(i)?
                .iter()
                .map(|&e| e as usize)
                .find(|&e| self.edges[e].right == j),
        }
    }

    /// Unmatches edge `e`: its right node goes on `zeroed` when it has a
    /// dual to give up.
    fn unmatch(&mut self, e: usize, zeroed: &mut Vec<u32>) {
        let Edge { left, right, .. } = self.edges[e];
        let (i, j) = (left as usize, right as usize);
        self.matched[e] = false;
        self.used_left[i] -= 1;
        self.drop_slot(j, e);
        if self.right[j].v > C::from(0) {
            zeroed.push(j as u32);
        }
    }

    /// Where right node `j` holds edge `e` among its slots.
    fn slot_at(&self, j: usize, e: usize) -> usize {
        let start = self.slot_start[j];
        start
            + self.slots[start..start + self.right[j].used as usize]
                .iter()
                .position(|s| s.edge as usize == e)
                .expect("a held edge has its slot")
    }

    /// Right node `j` no longer holds edge `e` (the last slot fills the gap).
    fn drop_slot(&mut self, j: usize, e: usize) {
        let at = self.slot_at(j, e);
        let last = self.slot_start[j] + self.right[j].used as usize - 1;
        self.slots.swap(at, last);
        self.right[j].used -= 1;
    }

    /// Right node `j` holds edge `new` where it held `old`.
    fn replace_slot(&mut self, j: usize, old: usize, new: usize) {
        let at = self.slot_at(j, old);
        self.slots[at] = self.slot(new);
    }

    /// A fresh stamp for a search's `seen` and `done` marks.
    fn next_epoch(&mut self) -> u32 {
        self.epoch = match self.epoch.checked_add(1) {
            Some(epoch) => epoch,
            None => {
                // After 2^32 searches the stamps could collide: clear them.
                for node in &mut self.left {
                    (node.seen, node.done) = (0, 0);
                }
                for node in &mut self.right {
                    (node.seen, node.done) = (0, 0);
                }
                1
            }
        };
        self.epoch
    }

    /// Sets left node `i`'s capacity (already capped by its degree),
    /// giving up its least valuable pairs beyond it.
    pub(crate) fn set_left_cap(&mut self, i: usize, cap: u32, zeroed: &mut Vec<u32>) {
        while self.used_left[i] > cap {
            let e = (0..self.degree(i))
                .map(|k| self.nth_edge(i, k))
                .filter(|&e| self.matched[e])
                .min_by_key(|&e| {
                    (
                        self.weight(e) - self.right[self.edges[e].right as usize].v,
                        e,
                    )
                })
                .expect("a node with pairs has a matched edge");
            self.unmatch(e, zeroed);
        }
        self.left_cap[i] = cap;
        if cap == 0 {
            self.left[i].u = C::from(0);
        }
    }

    /// Sets right node `j`'s capacity (already capped by its degree),
    /// giving up its least valuable pairs beyond it: their left nodes go on
    /// `dirty`. A node left with room gives up its dual (`zeroed`).
    pub(crate) fn set_right_cap(
        &mut self,
        j: usize,
        cap: u32,
        dirty: &mut Vec<u32>,
        zeroed: &mut Vec<u32>,
    ) {
        while self.right[j].used > cap {
            let start = self.slot_start[j];
            let slot = self.slots[start..start + self.right[j].used as usize]
                .iter()
                .min_by_key(|s| {
                    (
                        C::from(s.weight) + self.bonus - self.left[s.left as usize].u,
                        s.edge,
                    )
                })
                .copied()
                .expect("a node with pairs has a slot");
            dirty.push(slot.left);
            self.unmatch(slot.edge as usize, zeroed);
        }
        if cap as usize > self.slot_start[j + 1] - self.slot_start[j] {
            self.right[j].cap = cap;
            self.make_room();
        }
        self.right[j].cap = cap;
        if cap == 0 {
            self.right[j].v = C::from(0);
        } else if self.right[j].used < cap {
            // With room, its dual must be 0 ([`Solver::repair`] sees to it);
            // its edges (live again when it had no capacity) may be worth
            // more than their left nodes' duals.
            zeroed.push(j as u32);
        }
    }

    /// Lays the slots out again for the right nodes' current capacities.
    fn make_room(&mut self) {
        let mut slot_start = vec![0usize; self.right.len() + 1];
        for (j, node) in self.right.iter().enumerate() {
            slot_start[j + 1] = slot_start[j] + node.cap.max(node.used) as usize;
        }
        let mut slots = vec![Slot::default(); slot_start[self.right.len()]];
        for (j, node) in self.right.iter().enumerate() {
            let used = node.used as usize;
            slots[slot_start[j]..slot_start[j] + used]
                .copy_from_slice(&self.slots[self.slot_start[j]..self.slot_start[j] + used]);
        }
        self.slots = slots;
        self.slot_start = slot_start;
    }

    /// Appends a right node with no capacity yet (it has no edges: the
    /// caller sets it after [`Solver::splice`]) and slots for `room` pairs.
    pub(crate) fn push_right(&mut self, room: u32) -> usize {
        let zero = C::from(0);
        let j = self.right.len();
        self.right.push(RightNode {
            v: zero,
            dist: zero,
            seen: 0,
            done: 0,
            cap: 0,
            used: 0,
        });
        let end = self.slot_start[j] + room as usize;
        self.slot_start.push(end);
        self.slots.resize(end, Slot::default());
        self.pred_right.push(0);
        if let Some(by_right) = &mut self.by_right {
            by_right.push(Vec::new());
        }
        self.right_sorted.push(true);
        j
    }

    /// Adds `new` edges — sorted by `(left, right)`, of existing nodes, none
    /// a pair already present — at the end of the edges, each listed
    /// among its left node's spliced edges, and merges them into the scan
    /// order of the left nodes that gain them. Returns where each new edge
    /// is. No edge moves: the right nodes' lists, the slots and every
    /// position a caller keeps stay valid (a merge into the edges, which
    /// each left node keeps together, moved all of them and renumbered
    /// everything that names one: most of a warm solve when mentors join;
    /// the performance notebook's "Mentors joining" has the figures). One
    /// backward pass over the scan entries, in place (the arrays keep room
    /// for it).
    pub(crate) fn splice(&mut self, new: &[(u32, u32, i64)]) -> Vec<u32> {
        let n_left = self.left_cap.len();
        let old = self.edges.len();
        let placed: Vec<u32> = (old..old + new.len()).map(|e| e as u32).collect();
        let edges = self.edges.to_mut();
        edges.extend(new.iter().map(|&(left, right, weight)| Edge {
            left,
            right,
            weight,
        }));
        self.matched.resize(edges.len(), false);
        if self.extra.len() < n_left {
            self.extra.resize(n_left, Vec::new());
        }
        for (&(left, _, _), &at) in new.iter().zip(&placed) {
            self.extra[left as usize].push(at);
        }
        // New scan entries before each left node's move its entries by
        // that much; its own are merged in by scan order. From the back,
        // every write lands at or after what is still to be read.
        let total = self.scan.len() + new.len();
        self.scan.resize(
            total,
            Scan {
                weight: 0,
                right: 0,
                edge: 0,
            },
        );
        let mut k = new.len();
        let mut write = total;
        let mut segment: Vec<Scan> = Vec::new();
        for i in (0..n_left).rev() {
            let (start, end) = (self.left_start[i], self.left_start[i + 1]);
            let first_new = new[..k].partition_point(|x| (x.0 as usize) < i);
            let to = write - (end - start) - (k - first_new);
            if first_new == k {
                if to > start {
                    self.scan.copy_within(start..end, to);
                }
            } else {
                segment.clear();
                segment.extend_from_slice(&self.scan[start..end]);
                let key = |s: &Scan| (Reverse(s.weight), s.edge);
                for (&(_, right, weight), &edge) in
                    new[first_new..k].iter().zip(&placed[first_new..k])
                {
                    let entry = Scan {
                        weight,
                        right,
                        edge,
                    };
                    let at = segment.partition_point(|s| key(s) < key(&entry));
                    segment.insert(at, entry);
                }
                self.scan[to..write].copy_from_slice(&segment);
                k = first_new;
            }
            self.left_start[i + 1] = write;
            write = to;
        }
        debug_assert_eq!(k, 0, "new edges of existing left nodes, sorted");
        if let Some(by_right) = &mut self.by_right {
            for (&(left, right, weight), &at) in new.iter().zip(&placed) {
                by_right[right as usize].push(Scan {
                    weight,
                    right: left,
                    edge: at,
                });
                self.right_sorted[right as usize] = false;
            }
        }
        placed
    }

    /// Appends a left node with capacity `cap` (capped by its degree) and
    /// edges `(right, weight)`, sorted by right node and distinct; the
    /// right nodes' capacities are the caller's to raise. Returns its index.
    pub(crate) fn push_left(&mut self, cap: u32, edges: &[(u32, i64)]) -> usize {
        let i = self.left_cap.len();
        let first = self.edges.len();
        let all = self.edges.to_mut();
        all.extend(edges.iter().map(|&(right, weight)| Edge {
            left: i as u32,
            right,
            weight,
        }));
        self.matched.resize(all.len(), false);
        self.left_start.push(all.len());
        self.edge_start.push(first);
        self.edge_end.push(all.len());
        if !self.extra.is_empty() {
            self.extra.push(Vec::new());
        }
        let mut scan: Vec<Scan> = edges
            .iter()
            .enumerate()
            .map(|(k, &(right, weight))| Scan {
                weight,
                right,
                edge: (first + k) as u32,
            })
            .collect();
        sort_scan(&mut scan);
        self.scan.extend(scan);
        if let Some(by_right) = &mut self.by_right {
            for (k, &(right, weight)) in edges.iter().enumerate() {
                by_right[right as usize].push(Scan {
                    weight,
                    right: i as u32,
                    edge: (first + k) as u32,
                });
                self.right_sorted[right as usize] = false;
            }
        }
        let zero = C::from(0);
        self.left.push(LeftNode {
            u: zero,
            dist: zero,
            seen: 0,
            done: 0,
        });
        self.left_cap.push(cap);
        self.used_left.push(0);
        self.pred_left.push(0);
        i
    }

    /// Sets the state to `held` pairs with duals `u` and `v` (an optimum
    /// of these edges, or one of a problem that differs only at the nodes
    /// the caller then passes to [`Solver::repair`]).
    pub(crate) fn restore(&mut self, held: &[bool], u: &[C], v: &[C]) {
        for (e, &is_held) in held.iter().enumerate() {
            let Edge { left, right, .. } = self.edges[e];
            let (i, j) = (left as usize, right as usize);
            if is_held
                && self.used_left[i] < self.left_cap[i]
                && self.right[j].used < self.right[j].cap
            {
                self.matched[e] = true;
                self.used_left[i] += 1;
                self.slots[self.slot_start[j] + self.right[j].used as usize] = self.slot(e);
                self.right[j].used += 1;
            }
        }
        for (node, &u) in self.left.iter_mut().zip(u) {
            node.u = u;
        }
        for (node, &v) in self.right.iter_mut().zip(v) {
            node.v = v;
        }
    }

    /// Holds exactly the `held` pairs, keeping the duals: in LP terms,
    /// any optimal primal with any optimal dual meets the optimality
    /// conditions, so another optimum of the same edges (certified by the
    /// caller) takes the place of the one solved.
    pub(crate) fn rehold(&mut self, held: &[bool]) {
        self.matched.iter_mut().for_each(|m| *m = false);
        self.used_left.iter_mut().for_each(|u| *u = 0);
        self.right.iter_mut().for_each(|node| node.used = 0);
        let (u, v) = (self.left_duals(), self.right_duals());
        self.restore(held, &u, &v);
    }

    /// Restores the optimum after changes: the left nodes on `dirty` (whose
    /// edges, capacity or pairs changed) set their duals again, which may
    /// give right nodes room; then every right node with room and a dual
    /// (on `opened` or made so) gives it up by searches from its side
    /// ([`Solver::augment_from_right`]), and every left node touched enters
    /// the units it has room for, fewest edges first. Costs the edges of the
    /// nodes touched and one search per unit freed or added, not the whole
    /// problem. The optimal policy only.
    ///
    /// Returns `false`, leaving a state to throw away, once the searches
    /// have settled more than `budget` nodes: on problems where places
    /// about equal demand a freed place may search much of the graph, and
    /// past a budget a cold solve is the cheaper way.
    pub(crate) fn repair(
        &mut self,
        mut dirty: Vec<u32>,
        mut opened: Vec<u32>,
        budget: u64,
    ) -> bool {
        let start = self.settled;
        debug_assert!(self.bonus == C::from(0) && self.extra_unit_deficit == C::from(0));
        if self.by_right.is_none() {
            self.index_right();
        }
        dirty.sort_unstable();
        dirty.dedup();
        for &i in &dirty {
            self.reprice_left(i as usize, &mut opened);
        }
        opened.sort_unstable();
        opened.dedup();
        for j in opened {
            self.enter_right(j as usize);
            if self.settled - start > budget {
                return false;
            }
        }
        dirty.sort_unstable_by_key(|&i| {
            let i = i as usize;
            (self.left_start[i + 1] - self.left_start[i], i)
        });
        for i in dirty {
            self.enter(i as usize);
            if self.settled - start > budget {
                return false;
            }
        }
        true
    }

    /// Lists each right node's edges heaviest first (ties by position), as
    /// the searches from the right scan them.
    pub(crate) fn index_right(&mut self) {
        let (start, order) = edges_by_right(&self.edges, self.right.len());
        let mut by_right: Vec<Vec<Scan>> = start
            .windows(2)
            .map(|w| {
                // Room for edges of people joining: growing every list by
                // doubling at the first one would move them all.
                let mut list = Vec::with_capacity(w[1] - w[0] + (w[1] - w[0]) / 8 + 4);
                list.extend(order[w[0]..w[1]].iter().map(|&e| Scan {
                    weight: self.edges[e as usize].weight,
                    right: self.edges[e as usize].left,
                    edge: e,
                }));
                list
            })
            .collect();
        for list in &mut by_right {
            sort_scan(list);
        }
        self.by_right = Some(by_right);
        self.right_sorted = vec![true; self.right.len()];
    }

    /// Right node `j`'s list in `by_right`, in scan order.
    fn right_scan<'s>(by_right: &'s mut [Vec<Scan>], sorted: &mut [bool], j: usize) -> &'s [Scan] {
        if !sorted[j] {
            sort_scan(&mut by_right[j]);
            sorted[j] = true;
        }
        &by_right[j]
    }

    /// Right node `j`'s dual becomes what its unheld edges need (at least
    /// what it is), then each unit it has room for enters from the right
    /// until the dual is 0 or it is full.
    fn enter_right(&mut self, j: usize) {
        let zero = C::from(0);
        if self.right[j].cap == 0 {
            self.right[j].v = zero;
            return;
        }
        let mut by_right = self.by_right.take().expect("built by repair");
        let mut best = self.right[j].v.max(zero);
        for scan in Self::right_scan(&mut by_right, &mut self.right_sorted, j) {
            let i = scan.right as usize;
            if !self.matched[scan.edge as usize] && self.left_cap[i] > 0 {
                best = best.max(C::from(scan.weight) - self.left[i].u);
            }
        }
        self.by_right = Some(by_right);
        self.right[j].v = best;
        while self.right[j].used < self.right[j].cap && self.right[j].v > zero {
            if !self.augment_from_right(j as u32) {
                break;
            }
        }
    }

    /// [`Solver::augment_from`] with the sides swapped: one Dijkstra search
    /// from right node `root`, which has room and a positive dual, along
    /// unheld edges to left nodes and held ones back to right nodes. It
    /// ends at a left node with room (one more pair), at a right node that
    /// gives up the pair it was reached by (its dual reaching 0), or at the
    /// root itself (its dual reaching 0, the unit staying free). Returns
    /// whether the root gained a pair.
    fn augment_from_right(&mut self, root: u32) -> bool {
        let epoch = self.next_epoch();
        let zero = C::from(0);
        let mut by_right = self.by_right.take().expect("built by repair");
        self.heap.clear();
        self.settled_left.clear();
        self.settled_right.clear();
        let r = root as usize;
        self.right[r].seen = epoch;
        self.right[r].dist = zero;
        let mut best_key = self.right[r].v;
        // `Free(i)`: a left node with room; `Drop(j)`: a right node's exit.
        let mut best_end = End::Drop(root);
        self.heap.push(Reverse((zero, u64::from(root))));
        while let Some(&Reverse((key, code))) = self.heap.peek() {
            if key >= best_key {
                break;
            }
            self.heap.pop();
            self.settled += 1;
            if code & LEFT == 0 {
                let j = code as usize;
                if self.right[j].done == epoch || key > self.right[j].dist {
                    continue;
                }
                self.right[j].done = epoch;
                self.settled_right.push(j as u32);
                let vj = self.right[j].v;
                if j != r && key + vj < best_key {
                    best_key = key + vj;
                    best_end = End::Drop(j as u32);
                }
                let reach = key + vj;
                for scan in Self::right_scan(&mut by_right, &mut self.right_sorted, j) {
                    let e = scan.edge as usize;
                    let weight = C::from(scan.weight);
                    if reach - weight > best_key {
                        break;
                    }
                    let i = scan.right as usize;
                    if self.left[i].done == epoch || self.left_cap[i] == 0 {
                        continue;
                    }
                    let dist = key + vj + self.left[i].u - weight;
                    debug_assert!(dist >= key || self.matched[e], "negative reduced cost");
                    if self.left[i].seen == epoch && dist >= self.left[i].dist {
                        continue;
                    }
                    let free = self.used_left[i] < self.left_cap[i];
                    let ties_in_favour = free && matches!(best_end, End::Drop(_));
                    if dist > best_key || (dist == best_key && !ties_in_favour) {
                        continue;
                    }
                    // Last, as in `augment_from`: a held edge leads back.
                    if self.matched[e] {
                        continue;
                    }
                    self.left[i].seen = epoch;
                    self.left[i].dist = dist;
                    self.pred_left[i] = e as u32;
                    if free {
                        best_key = dist;
                        best_end = End::Free(i as u32);
                    } else {
                        self.heap.push(Reverse((dist, LEFT | i as u64)));
                    }
                }
            } else {
                let i = (code & !LEFT) as usize;
                if self.left[i].done == epoch || key > self.left[i].dist {
                    continue;
                }
                self.left[i].done = epoch;
                self.settled_left.push(i as u32);
                let ui = self.left[i].u;
                for k in 0..self.degree(i) {
                    let e = self.nth_edge(i, k);
                    if !self.matched[e] {
                        continue;
                    }
                    let j = self.edges[e].right as usize;
                    if self.right[j].done == epoch {
                        continue;
                    }
                    let dist = key + self.weight(e) - ui - self.right[j].v;
                    debug_assert!(dist >= key, "negative reduced cost");
                    if dist >= best_key
                        || (self.right[j].seen == epoch && dist >= self.right[j].dist)
                    {
                        continue;
                    }
                    self.right[j].seen = epoch;
                    self.right[j].dist = dist;
                    self.pred_right[j] = e as u32;
                    self.heap.push(Reverse((dist, j as u64)));
                }
            }
        }
        self.by_right = Some(by_right);

        // Dual update, as in `augment_from` with the sides swapped.
        for &j in &self.settled_right {
            let j = j as usize;
            self.right[j].v = self.right[j].v - (best_key - self.right[j].dist);
        }
        for &i in &self.settled_left {
            let i = i as usize;
            self.left[i].u = self.left[i].u + (best_key - self.left[i].dist);
        }

        // Flip the path, from its end back to the root.
        let mut i = match best_end {
            End::Drop(j) if j == root => return false,
            End::Drop(j) => {
                // `j` gives up the held edge it was reached by.
                let j = j as usize;
                let old = self.pred_right[j] as usize;
                self.matched[old] = false;
                self.drop_slot(j, old);
                self.edges[old].left as usize
            }
            End::Free(i) => {
                self.used_left[i as usize] += 1;
                i as usize
            }
        };
        loop {
            let edge = self.pred_left[i] as usize;
            self.matched[edge] = true;
            let j = self.edges[edge].right as usize;
            let start = self.slot_start[j];
            if j == r {
                self.slots[start + self.right[j].used as usize] = self.slot(edge);
                self.right[j].used += 1;
                return true;
            }
            let old = self.pred_right[j] as usize;
            self.matched[old] = false;
            self.replace_slot(j, old, edge);
            i = self.edges[old].left as usize;
        }
    }

    /// Brings every left node in, unit by unit, fewest edges first.
    pub(crate) fn run(&mut self) {
        self.run_within(u64::MAX);
    }

    /// [`Solver::run`], unless the searches settle more than `budget`
    /// nodes: then returns `false`, leaving a state to throw away.
    pub(crate) fn run_within(&mut self, budget: u64) -> bool {
        let start = self.settled;
        // Fewest edges first (ties by index): a node with few partners
        // claims them before nodes with many alternatives take them, so
        // later searches find free partners closer. Measured on generated
        // organisations' mentor problems: 8% faster at 100,000 people, 13%
        // at 300,000, 24% at 1,000,000; neutral on random families.
        let mut order: Vec<usize> = (0..self.left_cap.len()).collect();
        order.sort_by_key(|&i| self.left_start[i + 1] - self.left_start[i]);
        self.scan_floor = self
            .scan
            .iter()
            .map(|s| self.right[s.right as usize].v)
            .collect();
        for root in order {
            self.enter(root);
            if self.settled - start > budget {
                return false;
            }
        }
        self.scan_floor = Vec::new();
        true
    }

    /// Enters the units of `root` it has room for.
    fn enter(&mut self, root: usize) {
        let zero = C::from(0);
        if self.left_cap[root] == 0 {
            return;
        }
        // The entering node's dual is its best net value over the pairs
        // it does not hold, so that all its edges satisfy u + v >= w
        // (held ones u + v <= w, as a warm start leaves them) and at
        // least one is tight; never below zero, because a unit may stay
        // unmatched.
        let mut best = zero;
        for k in 0..self.degree(root) {
            let edge = self.nth_edge(root, k);
            let right = self.edges[edge].right as usize;
            if !self.matched[edge] && self.right[right].cap > 0 {
                best = best.max(self.weight(edge) - self.right[right].v);
            }
        }
        self.left[root].u = best;
        for _ in self.used_left[root]..self.left_cap[root] {
            // A unit that stays unmatched leaves the node's dual at zero,
            // so every further unit would stay unmatched too.
            if !self.augment_from(root as u32) {
                break;
            }
        }
    }

    /// One Dijkstra search on reduced costs from `root`, then the dual update
    /// and the augmentation. Returns whether the root gained a pair.
    fn augment_from(&mut self, root: u32) -> bool {
        let epoch = self.next_epoch();
        let zero = C::from(0);
        self.heap.clear();
        self.settled_left.clear();
        self.settled_right.clear();

        let r = root as usize;
        self.left[r].seen = epoch;
        self.left[r].dist = zero;
        // The root's own exit: leave the unit unmatched, at the cost of its
        // dual less what the unit is worth less than a first one. No
        // augmenting path longer than that can gain anything, which bounds
        // the search.
        let mut best_key = self.left[r].u - self.deficit(r, self.used_left[r] + 1);
        let mut best_end = End::Drop(root);
        self.heap.push(Reverse((zero, LEFT | root as u64)));

        while let Some(&Reverse((key, code))) = self.heap.peek() {
            if key >= best_key {
                break;
            }
            self.heap.pop();
            self.settled += 1;
            if code & LEFT != 0 {
                let i = (code & !LEFT) as usize;
                if self.left[i].done == epoch || key > self.left[i].dist {
                    continue; // a stale heap entry
                }
                self.left[i].done = epoch;
                self.settled_left.push(i as u32);
                let ui = self.left[i].u;
                let drop = key + ui - self.deficit(i, self.used_left[i]);
                if i != r && drop < best_key {
                    // Dropping the pair `i` was reached by costs its dual
                    // (less what its last unit is worth below a first one).
                    best_key = drop;
                    best_end = End::Drop(i as u32);
                }
                let reach = key + ui - self.bonus;
                if self.unsorted.get(i) == Some(&true) {
                    self.unsorted[i] = false;
                    let range = self.left_start[i]..self.left_start[i + 1];
                    sort_scan(&mut self.scan[range.clone()]);
                    // The floors were read in edge order; right duals are
                    // at least 0.
                    if let Some(floors) = self.scan_floor.get_mut(range) {
                        floors.fill(zero);
                    }
                }
                for k in self.left_start[i]..self.left_start[i + 1] {
                    let Scan {
                        weight,
                        right,
                        edge,
                    } = self.scan[k];
                    // Edges come heaviest first and `v >= 0`: once
                    // `key + u - w` passes the best exit, no later edge
                    // can reach it.
                    if reach - C::from(weight) > best_key {
                        break;
                    }
                    if let Some(floor) = self.scan_floor.get(k) {
                        if reach + *floor - C::from(weight) > best_key {
                            continue;
                        }
                    }
                    let edge = edge as usize;
                    let j = right as usize;
                    // A right node without capacity is as good as absent.
                    if self.right[j].done == epoch || self.right[j].cap == 0 {
                        continue;
                    }
                    if let Some(floor) = self.scan_floor.get_mut(k) {
                        *floor = self.right[j].v;
                    }
                    let dist = key + ui + self.right[j].v - C::from(weight) - self.bonus;
                    debug_assert!(dist >= key || self.matched[edge], "negative reduced cost");
                    if self.right[j].seen == epoch && dist >= self.right[j].dist {
                        continue;
                    }
                    let free = self.right[j].used < self.right[j].cap;
                    // Nodes at or beyond the best exit cannot be on a better
                    // path; skipping them keeps searches small. A free right
                    // node ties with a drop in its favour: same total, one
                    // more pair.
                    let ties_in_favour = free && matches!(best_end, End::Drop(_));
                    if dist > best_key || (dist == best_key && !ties_in_favour) {
                        continue;
                    }
                    // A held edge leads back, not forward. Checked last,
                    // as every check above only skips: most edges end
                    // there, and this is a load from a random place.
                    if self.matched[edge] {
                        continue;
                    }
                    self.right[j].seen = epoch;
                    self.right[j].dist = dist;
                    self.pred_right[j] = edge as u32;
                    if free {
                        best_key = dist;
                        best_end = End::Free(j as u32);
                    } else {
                        self.heap.push(Reverse((dist, j as u64)));
                    }
                }
            } else {
                let j = code as usize;
                if self.right[j].done == epoch || key > self.right[j].dist {
                    continue;
                }
                self.right[j].done = epoch;
                self.settled_right.push(j as u32);
                let vj = self.right[j].v;
                let start = self.slot_start[j];
                for slot in start..start + self.right[j].used as usize {
                    let Slot { weight, edge, left } = self.slots[slot];
                    let i = left as usize;
                    if self.left[i].done == epoch {
                        continue;
                    }
                    let dist = key + C::from(weight) + self.bonus - self.left[i].u - vj;
                    debug_assert!(dist >= key, "negative reduced cost");
                    if dist >= best_key || (self.left[i].seen == epoch && dist >= self.left[i].dist)
                    {
                        continue;
                    }
                    self.left[i].seen = epoch;
                    self.left[i].dist = dist;
                    self.pred_left[i] = edge;
                    self.heap.push(Reverse((dist, LEFT | i as u64)));
                }
            }
        }

        // Dual update: settled nodes move by how much closer than the exit
        // they are, which keeps every reduced cost non-negative and makes the
        // whole path tight. Unsettled nodes keep their duals (a uniform
        // shift of all distances by the exit key cancels out), so the update
        // costs only what the search visited.
        for &i in &self.settled_left {
            let i = i as usize;
            self.left[i].u = self.left[i].u - (best_key - self.left[i].dist);
        }
        for &j in &self.settled_right {
            let j = j as usize;
            self.right[j].v = self.right[j].v + (best_key - self.right[j].dist);
        }

        // Flip the path, from its end back to the root.
        let (mut j, mut replaced) = match best_end {
            End::Drop(i) if i == root => return false,
            End::Drop(i) => {
                let old = self.pred_left[i as usize];
                self.matched[old as usize] = false;
                self.used_left[i as usize] -= 1;
                (self.edges[old as usize].right as usize, Some(old))
            }
            End::Free(j) => (j as usize, None),
        };
        loop {
            let edge = self.pred_right[j];
            self.matched[edge as usize] = true;
            let start = self.slot_start[j];
            match replaced {
                None => {
                    self.slots[start + self.right[j].used as usize] = self.slot(edge as usize);
                    self.right[j].used += 1;
                }
                Some(old) => self.replace_slot(j, old as usize, edge as usize),
            }
            let i = self.edges[edge as usize].left;
            if i == root {
                self.used_left[root as usize] += 1;
                return true;
            }
            let old = self.pred_left[i as usize];
            self.matched[old as usize] = false;
            j = self.edges[old as usize].right as usize;
            replaced = Some(old);
        }
    }

    /// Positions of the matched edges, ascending.
    pub(crate) fn chosen(&self) -> Vec<usize> {
        (0..self.edges.len()).filter(|&e| self.matched[e]).collect()
    }

    /// Checks the LP optimality conditions (see the module docs) and the
    /// capacities; an `Err` names the first violation.
    pub(crate) fn certify(&self) -> Result<(), String> {
        let zero = C::from(0);
        let mut used_left = vec![0u32; self.left_cap.len()];
        let mut used_right = vec![0u32; self.right.len()];
        for (e, edge) in self.edges.iter().enumerate() {
            let (i, j) = (edge.left as usize, edge.right as usize);
            if self.left_cap[i] == 0 || self.right[j].cap == 0 {
                continue; // edges of nodes without capacity play no part
            }
            let slack = self.left[i].u + self.right[j].v - self.weight(e);
            if self.matched[e] {
                used_left[i] += 1;
                used_right[j] += 1;
                if slack > zero {
                    return Err(format!("matched edge {e} has u + v > w"));
                }
            } else if slack < zero {
                return Err(format!("unmatched edge {e} has u + v < w"));
            }
        }
        for (i, &used) in used_left.iter().enumerate() {
            if used != self.used_left[i] || used > self.left_cap[i] {
                return Err(format!("left {i} uses {used} of {}", self.left_cap[i]));
            }
            let (ui, cap) = (self.left[i].u, self.left_cap[i]);
            if ui < zero
                || (used >= 1 && ui < self.deficit(i, used))
                || (used < cap && ui > self.deficit(i, used + 1))
            {
                return Err(format!(
                    "left {i} has dual {:?} with {used} used",
                    self.left[i].u
                ));
            }
        }
        for (j, &used) in used_right.iter().enumerate() {
            if used != self.right[j].used || used > self.right[j].cap {
                return Err(format!("right {j} uses {used} of {}", self.right[j].cap));
            }
            if self.right[j].v < zero || (used < self.right[j].cap && self.right[j].v != zero) {
                return Err(format!(
                    "right {j} has dual {:?} with {used} used",
                    self.right[j].v
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::Lcg;
    use super::*;

    fn edges(list: &[(u32, u32, i64)]) -> Vec<Edge> {
        let mut edges: Vec<Edge> = list
            .iter()
            .map(|&(left, right, weight)| Edge {
                left,
                right,
                weight,
            })
            .collect();
        edges.sort_by_key(|e| (e.left, e.right));
        edges
    }

    fn total(edges: &[Edge], chosen: &[usize]) -> i64 {
        chosen.iter().map(|&e| edges[e].weight).sum()
    }

    #[test]
    fn spliced_edges_are_appended_and_no_edge_moves() {
        let before = edges(&[(0, 0, 5), (0, 2, 3), (1, 1, 4), (2, 0, 2)]);
        let mut solver = Solver::<i64>::owned(before.clone(), &[2, 1, 1], &[1, 1, 1]);
        solver.run();
        let held = solver.chosen();
        let placed = solver.splice(&[(0, 1, 7), (2, 2, 6)]);
        assert_eq!(placed, vec![4, 5]);
        for (e, edge) in before.iter().enumerate() {
            assert_eq!(solver.find(edge.left, edge.right), Some(e));
        }
        assert_eq!((solver.find(0, 1), solver.find(2, 2)), (Some(4), Some(5)));
        assert_eq!((solver.find(1, 0), solver.find(2, 1)), (None, None));
        assert_eq!(solver.chosen(), held);
        // Each left node's scan order takes its new edges in, heaviest first.
        fn order(solver: &Solver<i64>, i: usize) -> Vec<u32> {
            solver.scan[solver.left_start[i]..solver.left_start[i + 1]]
                .iter()
                .map(|s| s.edge)
                .collect()
        }
        assert_eq!(
            (order(&solver, 0), order(&solver, 1), order(&solver, 2)),
            (vec![4, 0, 1], vec![2], vec![5, 3])
        );
        // A left node appended after a splice, and one that came with no
        // edges, gain spliced edges too.
        let joined = solver.push_left(1, &[(1, 8)]);
        assert_eq!((joined, solver.find(3, 1)), (3, Some(6)));
        assert_eq!(solver.splice(&[(1, 0, 9), (3, 2, 1)]), vec![7, 8]);
        assert_eq!(
            (solver.find(1, 0), solver.find(3, 2), solver.find(3, 1)),
            (Some(7), Some(8), Some(6))
        );
        assert_eq!(
            (order(&solver, 1), order(&solver, 3)),
            (vec![7, 2], vec![6, 8])
        );
        let mut bare = Solver::<i64>::owned(edges(&[(1, 0, 1)]), &[1, 1], &[1]);
        assert_eq!(bare.splice(&[(0, 0, 2)]), vec![1]);
        assert_eq!((bare.find(0, 0), bare.find(1, 0)), (Some(1), Some(0)));
        assert_eq!((order(&bare, 0), order(&bare, 1)), (vec![1], vec![0]));
    }

    #[test]
    fn drops_a_pair_when_a_better_one_arrives() {
        // Left 0 takes right 0 first; left 1 values it more and displaces it.
        let edges = edges(&[(0, 0, 5), (1, 0, 10)]);
        let chosen = solve(edges.clone(), &[1, 1], &[1], Mode::Optimal, &[]);
        assert_eq!(chosen, vec![1]);
    }

    #[test]
    fn never_takes_a_negative_pair_but_coverage_does() {
        let edges = edges(&[(0, 0, -3), (1, 0, 4), (1, 1, 5)]);
        let chosen = solve(edges.clone(), &[1, 1], &[1, 1], Mode::Optimal, &[]);
        assert_eq!(total(&edges, &chosen), 5);
        let chosen = solve(edges.clone(), &[1, 1], &[1, 1], Mode::Coverage, &[]);
        assert_eq!(chosen.len(), 2);
        assert_eq!(total(&edges, &chosen), 2);
    }

    #[test]
    fn capacities_on_both_sides() {
        // Right 0 takes two; left 0 wants two.
        let edges = edges(&[(0, 0, 4), (0, 1, 3), (1, 0, 5), (2, 0, 1), (2, 1, 2)]);
        let mut solver = Solver::<i64>::new(&edges, &[2, 1, 1], &[2, 1], 0);
        solver.run();
        assert_eq!(solver.certify(), Ok(()));
        assert_eq!(total(&edges, &solver.chosen()), 12);
    }

    #[test]
    fn empty_and_zero_capacity_inputs() {
        assert!(solve(Vec::new(), &[], &[], Mode::Optimal, &[]).is_empty());
        assert!(solve(Vec::new(), &[1, 1], &[0], Mode::Coverage, &[]).is_empty());
        let edges = edges(&[(0, 0, 4)]);
        assert!(solve(edges.clone(), &[0], &[1], Mode::Optimal, &[]).is_empty());
        assert!(solve(edges.clone(), &[1], &[0], Mode::Coverage, &[]).is_empty());
    }

    proptest::proptest! {
        /// From any start (random held pairs, random prices, including
        /// ones over capacity), the warm solver certifies and reaches the
        /// cold solver's optimum; and so does the auction's start.
        #[test]
        fn warm_start_from_anything_reaches_the_optimum(
            n_left in 1usize..10,
            n_right in 1usize..10,
            cells in proptest::collection::vec((0u8..3, -3i64..6, proptest::bool::ANY), 100),
            prices in proptest::collection::vec(-2i64..8, 10),
            left_caps in proptest::collection::vec(0u32..4, 10),
            right_caps in proptest::collection::vec(0u32..4, 10),
            coarse in proptest::bool::ANY,
        ) {
            let mut list = Vec::new();
            let mut held = Vec::new();
            for i in 0..n_left {
                for j in 0..n_right {
                    let (present, weight, is_held) = cells[i * 10 + j];
                    if present > 0 {
                        let weight = if coarse { weight } else { weight * 1_000_003 + (i * 31 + j) as i64 };
                        list.push((i as u32, j as u32, weight));
                        held.push(is_held);
                    }
                }
            }
            let e = edges(&list); // already in (left, right) order
            let (left, right) = (&left_caps[..n_left], &right_caps[..n_right]);
            let mut cold = Solver::<i64>::new(&e, left, right, 0);
            cold.run();
            let best = total(&e, &cold.chosen());
            let scale = if coarse { 1 } else { 1_000_003 };
            let price: Vec<i64> = prices[..n_right].iter().map(|p| p * scale).collect();
            let mut warm = Solver::<i64>::new(&e, left, right, 0);
            warm.warm_start(&held, &price);
            warm.run();
            proptest::prop_assert_eq!(warm.certify(), Ok(()));
            proptest::prop_assert_eq!(total(&e, &warm.chosen()), best);
            let chosen = solve_by_auction(&e, left, right);
            proptest::prop_assert_eq!(total(&e, &chosen), best);
            // Both of the auction's first `ε`, whichever the ties choose.
            for first in [auction::TIED, auction::DISTINCT] {
                let start = auction::start_with(&e, left, right, Some(first));
                let chosen = finish_auction(&start, left, right);
                proptest::prop_assert_eq!(total(&e, &chosen), best);
            }
            let chosen = solve(e.clone(), left, right, Mode::Optimal, &[]);
            proptest::prop_assert_eq!(total(&e, &chosen), best);
        }
    }

    /// Balanced random problems with capacities 1–5, with ten weight
    /// levels or with distinct weights: the auction's answer has the cold
    /// solver's total.
    #[test]
    fn auction_agrees_on_balanced_problems_tied_or_not() {
        let mut rng = Lcg(7);
        let (n_left, n_right) = (600u32, 200u32);
        let right: Vec<u32> = (0..n_right).map(|_| 1 + rng.below(5) as u32).collect();
        // Ten weight levels (ties everywhere: the first `ε` is `TIED`),
        // then weights that are all distinct (`DISTINCT`).
        for levels in [10, 1 << 40] {
            let e = rng.candidates(n_left, n_right, 12, |rng| {
                rng.below(levels) as i64 * 1_000_007
            });
            let left = vec![1; n_left as usize];
            let mut cold = Solver::<i64>::new(&e, &left, &right, 0);
            cold.run();
            let chosen = solve_by_auction(&e, &left, &right);
            assert_eq!(total(&e, &chosen), total(&e, &cold.chosen()));
        }
        // Ten levels of a tenth of 2^52, each weight off its level by up
        // to 3 (the quantizer's rounding of k/10): the auction solves the
        // levels 0..9 and loses at most the noise on each pair against the
        // cold solver's exact optimum of the noisy weights.
        let step = (1i64 << 52) / 10;
        let e = rng.candidates(n_left, n_right, 12, |rng| {
            let noise = rng.below(7) as i64 - 3;
            (rng.below(10) as i64 * step + noise).max(0)
        });
        let left = vec![1; n_left as usize];
        let levels = auction_weights(&e, &left, &right).expect("on a lattice");
        assert!(levels.iter().all(|edge| (0..=9).contains(&edge.weight)));
        let mut cold = Solver::<i64>::new(&e, &left, &right, 0);
        cold.run();
        let chosen = solve_by_auction(&e, &left, &right);
        assert_eq!(chosen.len(), cold.chosen().len());
        let loss = total(&e, &cold.chosen()) - total(&e, &chosen);
        assert!((0..=6 * chosen.len() as i64).contains(&loss), "{loss}");
    }

    /// The auction's first phase stops on its tail on this problem
    /// (`auction.rs` checks that it does): the answer keeps the paths'
    /// optimum.
    #[test]
    fn auction_after_a_stopped_first_phase_is_exact() {
        let (e, left, right) = super::super::testing::tail_instance();
        let mut cold = Solver::<i64>::new(&e, &left, &right, 0);
        cold.run();
        let chosen = solve_by_auction(&e, &left, &right);
        assert_eq!(total(&e, &chosen), total(&e, &cold.chosen()));
    }

    /// Unbalanced problems (places 0.6 to 0.9 of the mentees), ten weight
    /// levels or distinct weights: past a budget of 0 the auction takes
    /// over from the paths and reaches the paths' optimum; with the
    /// budget `solve` gives, random candidate graphs never need it (the
    /// paths settle under half of [`PATH_BUDGET`] a node).
    #[test]
    fn paths_past_their_budget_hand_over_to_the_auction() {
        let mut rng = Lcg(11);
        for (n_left, n_right) in [(900u32, 180u32), (900, 240), (900, 270)] {
            let right: Vec<u32> = (0..n_right).map(|_| 1 + rng.below(5) as u32).collect();
            for levels in [10, 1 << 40] {
                let e = rng.candidates(n_left, n_right, 12, |rng| {
                    rng.below(levels) as i64 * 1_000_007
                });
                let left = vec![1; n_left as usize];
                // Entering from the side with fewer units, as `solve` does.
                let (flipped, _) = transpose(&e, n_right as usize);
                let mut cold = Solver::<i64>::new(&flipped, &right, &left, 0);
                assert!(cold.run_within(u64::MAX));
                let nodes = u64::from(n_left + n_right);
                assert!(
                    cold.settled <= PATH_BUDGET / 2 * nodes,
                    "{} settled",
                    cold.settled
                );
                let mut cut = Solver::<i64>::new(&flipped, &right, &left, 0);
                assert!(!cut.run_within(0), "the budget of 0 is passed");
                let chosen = solve_by_paths_within(&flipped, &right, &left, 0);
                assert_eq!(chosen.len(), cold.chosen().len());
                assert_eq!(total(&flipped, &chosen), total(&flipped, &cold.chosen()));
            }
        }
    }

    #[test]
    fn equal_weights_everywhere() {
        // A 30 x 30 complete graph with one value: any perfect matching.
        let list: Vec<(u32, u32, i64)> = (0..30)
            .flat_map(|i| (0..30).map(move |j| (i, j, 7)))
            .collect();
        let edges = edges(&list);
        let chosen = solve(edges.clone(), &[1; 30], &[1; 30], Mode::Optimal, &[]);
        assert_eq!(chosen.len(), 30);
    }
}
