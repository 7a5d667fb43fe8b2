//! Coverage floors for groups of left nodes (`[fairness] min_coverage`):
//! the policy's optimum among the assignments that give each group at
//! least its floor of left nodes with a pair, by successive shortest paths
//! on a min-cost flow network with a node per group.
//!
//! The network, for left nodes (people) grouped by one attribute:
//!
//! ```text
//! source → group g   capacity floor(g), cost (floor: −1)     the floor
//! source → group g   capacity |g|, cost 0                    beyond it
//! group g → person i capacity 1, cost (people: −1, pairs: −1) the first pair
//! source → person i  capacity the rest, cost (pairs: −1)     further pairs
//! person i → partner j  capacity 1, cost (score: −w)         a candidate pair
//! partner j → sink   capacity of j
//! ```
//!
//! People outside every group (or with pairs already, from pins) take their
//! first pair straight from the source. Costs are compared
//! lexicographically: floor units first, then (for the coverage policy)
//! people with a pair and pairs, then the score; the optimal policy leaves
//! the middle two at 0. Every path from the source to the sink in the
//! first network has non-positive cost and the network has no cycle, so the
//! empty flow is a min-cost flow of value 0; each successive shortest path
//! (Dijkstra on reduced costs with potentials) keeps the flow min-cost for
//! its value, and the search stops at the first path that would not lower
//! the cost. The result minimises the cost over all flows: it covers as
//! much of the floors as any assignment can, and among those that do, it is
//! the policy's optimum. The floors are met exactly when the flow fills
//! every floor arc.
//!
//! [`solve`] starts warm instead: the plain optimum of the policy (the
//! sparse solver), with its LP duals as potentials, is already a min-cost
//! flow without the floors, so only the floor units it misses are routed,
//! each by one shortest path (see `from_the_optimum`). For coverage, people
//! and pairs then enter the costs as the solver's rewards in the score
//! (a first pair earns more than all slots together, a slot more than all
//! scores: the same order as the lexicographic costs, which the empty-flow
//! start keeps as the test oracle).
//!
//! # Complexity
//! The plain solve plus one Dijkstra search, `O(E log V)` at worst, per
//! floor unit missing. (From the empty flow: one search per pair chosen,
//! which does not scale.) Measured costs are in the README's Performance
//! section.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::{Add, Sub};

use super::sparse::Mode;
use super::Edge;

/// A left node outside every group.
pub(crate) const NO_GROUP: u32 = u32::MAX;

/// A lexicographic cost: floor units, people with a pair, pairs, score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    floor: i64,
    people: i64,
    pairs: i64,
    score: i128,
}

impl Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            floor: self.floor + o.floor,
            people: self.people + o.people,
            pairs: self.pairs + o.pairs,
            score: self.score + o.score,
        }
    }
}

impl Sub for Cost {
    type Output = Cost;
    fn sub(self, o: Cost) -> Cost {
        Cost {
            floor: self.floor - o.floor,
            people: self.people - o.people,
            pairs: self.pairs - o.pairs,
            score: self.score - o.score,
        }
    }
}

impl Cost {
    const ZERO: Cost = Cost {
        floor: 0,
        people: 0,
        pairs: 0,
        score: 0,
    };
}

/// The flow network: arcs in pairs (an arc and its reverse at `a ^ 1`).
struct Network {
    head: Vec<u32>,
    cap: Vec<u32>,
    cost: Vec<Cost>,
    /// Arcs leaving each node.
    out: Vec<Vec<u32>>,
}

impl Network {
    fn new(nodes: usize) -> Network {
        Network {
            head: Vec::new(),
            cap: Vec::new(),
            cost: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    fn arc(&mut self, from: usize, to: usize, cap: u32, cost: Cost) -> usize {
        let a = self.head.len();
        self.head.extend([to as u32, from as u32]);
        self.cap.extend([cap, 0]);
        self.cost.extend([cost, Cost::ZERO - cost]);
        self.out[from].push(a as u32);
        self.out[to].push(a as u32 + 1);
        a
    }
}

const SOURCE: usize = 0;
const SINK: usize = 1;

/// Chooses edges: the policy's optimum (`mode`) among the assignments that
/// give every group `g` at least `floor[g]` left nodes with a pair, or,
/// when no assignment does, one that covers as much of the floors as
/// possible. `group[i]` is left node `i`'s group ([`NO_GROUP`] for none);
/// `already[i]` its pairs outside `edges` (empty: none), which count it as
/// covered (the caller lowers the floors by them). Returns the positions
/// of the chosen edges, ascending. `edges` as for the sparse solver.
pub(crate) fn solve(
    edges: &[Edge],
    left_capacity: &[u32],
    right_capacity: &[u32],
    mode: Mode,
    already: &[u32],
    group: &[u32],
    floor: &[u32],
) -> Vec<usize> {
    solve_as(
        edges,
        left_capacity,
        right_capacity,
        mode,
        already,
        group,
        floor,
        true,
    )
}

/// [`solve`], from the empty flow (`warm` false) or from the policy's
/// plain optimum.
#[allow(clippy::too_many_arguments)]
fn solve_as(
    edges: &[Edge],
    left_capacity: &[u32],
    right_capacity: &[u32],
    mode: Mode,
    already: &[u32],
    group: &[u32],
    floor: &[u32],
    warm: bool,
) -> Vec<usize> {
    let (n_left, n_right, n_groups) = (left_capacity.len(), right_capacity.len(), floor.len());
    // Capacities capped by degree, as the sparse solver's duals assume.
    let (mut left_cap, mut right_cap) = (vec![0u32; n_left], vec![0u32; n_right]);
    for e in edges {
        left_cap[e.left as usize] += 1;
        right_cap[e.right as usize] += 1;
    }
    for (cap, &given) in left_cap.iter_mut().zip(left_capacity) {
        *cap = (*cap).min(given);
    }
    for (cap, &given) in right_cap.iter_mut().zip(right_capacity) {
        *cap = (*cap).min(given);
    }
    let layout = Layout {
        n_groups,
        n_left,
        n_right,
    };
    let mut net = Network::new(layout.nodes());
    let coverage = mode == Mode::Coverage;
    // Warm, coverage's people and pairs are the sparse solver's rewards in
    // the score (its duals are potentials of that scale): a first pair
    // earns `first`, every other `slot`, more than any sum of scores and
    // of slots below them, so the order is the same.
    let (first, deficit) =
        super::sparse::coverage_rewards(left_cap.iter().map(|&c| u64::from(c)).sum());
    let slot = first - deficit;
    let scalar = coverage && warm;
    let per = |people: i64, pairs: i64| match (coverage, scalar) {
        (true, true) => Cost {
            score: i128::from(people) * (first - slot) + i128::from(pairs) * slot,
            ..Cost::ZERO
        },
        (true, false) => Cost {
            people,
            pairs,
            ..Cost::ZERO
        },
        (false, _) => Cost::ZERO,
    };

    let mut members = vec![0u32; n_groups];
    for (i, &g) in group.iter().enumerate() {
        if g != NO_GROUP && left_cap[i] > 0 {
            members[g as usize] += 1;
        }
    }
    let mut floor_arc = vec![usize::MAX; n_groups];
    let mut plain_arc = vec![0; n_groups];
    for g in 0..n_groups {
        if floor[g] > 0 {
            let cost = Cost {
                floor: -1,
                ..Cost::ZERO
            };
            floor_arc[g] = net.arc(SOURCE, layout.group(g), floor[g], cost);
        }
        plain_arc[g] = net.arc(SOURCE, layout.group(g), members[g], Cost::ZERO);
    }
    // Per left node: the arc its first pair takes, and the one for the rest.
    let mut first_arc = vec![usize::MAX; n_left];
    let mut rest_arc = vec![usize::MAX; n_left];
    for i in 0..n_left {
        let cap = left_cap[i];
        if cap == 0 {
            continue;
        }
        if already.get(i).is_some_and(|&a| a > 0) {
            rest_arc[i] = net.arc(SOURCE, layout.left(i), cap, per(0, -1));
            continue;
        }
        let first_from = match group[i] {
            NO_GROUP => SOURCE,
            g => layout.group(g as usize),
        };
        first_arc[i] = net.arc(first_from, layout.left(i), 1, per(-1, -1));
        if cap > 1 {
            rest_arc[i] = net.arc(SOURCE, layout.left(i), cap - 1, per(0, -1));
        }
    }
    // Edges at a node without capacity play no part (nor have duals).
    let mut edge_arc = Vec::with_capacity(edges.len());
    for e in edges {
        let (i, j) = (e.left as usize, e.right as usize);
        if left_cap[i] == 0 || right_cap[j] == 0 {
            edge_arc.push(usize::MAX);
            continue;
        }
        let cost = Cost {
            score: -i128::from(e.weight),
            ..Cost::ZERO
        };
        edge_arc.push(net.arc(layout.left(i), layout.right(j), 1, cost));
    }
    let mut sink_arc = vec![usize::MAX; n_right];
    for (j, &cap) in right_cap.iter().enumerate() {
        if cap > 0 {
            sink_arc[j] = net.arc(layout.right(j), SINK, cap, Cost::ZERO);
        }
    }

    if warm {
        let arcs = Arcs {
            floor: &floor_arc,
            plain: &plain_arc,
            first: &first_arc,
            rest: &rest_arc,
            edge: &edge_arc,
            sink: &sink_arc,
        };
        // The plain optimum and its duals; a left node's potential is its
        // dual less the first pair's reward (so that its entry arcs have
        // non-negative reduced costs where they have room).
        let plain = match mode {
            Mode::Optimal => {
                let (chosen, u, v) =
                    super::sparse::solve_optimal_with_duals(edges, &left_cap, &right_cap);
                let wide = |x: Vec<i64>| x.into_iter().map(i128::from).collect();
                Plain {
                    chosen,
                    u: wide(u),
                    v: wide(v),
                    offset: 0,
                }
            }
            Mode::Coverage => {
                let (chosen, u, v) =
                    super::sparse::solve_coverage_with_duals(edges, &left_cap, &right_cap, already);
                Plain {
                    chosen,
                    u,
                    v,
                    offset: first,
                }
            }
        };
        from_the_optimum(
            &mut net, &layout, &arcs, edges, &plain, &right_cap, group, floor,
        );
    } else {
        let mut potential = initial_potentials(&net, n_groups, n_left, n_right);
        // Paths while they lower the cost.
        shortest_paths_between(&mut net, &mut potential, SOURCE, SINK, |c| c < Cost::ZERO);
    }
    edge_arc
        .iter()
        .enumerate()
        .filter(|&(_, &a)| a != usize::MAX && net.cap[a] == 0)
        .map(|(position, _)| position)
        .collect()
}

/// Where each kind of node sits: the source, the sink, the groups, the
/// left nodes, the right nodes, and (for the warm start) a source of the
/// floors still missing.
struct Layout {
    n_groups: usize,
    n_left: usize,
    n_right: usize,
}

impl Layout {
    fn group(&self, g: usize) -> usize {
        2 + g
    }
    fn left(&self, i: usize) -> usize {
        2 + self.n_groups + i
    }
    fn right(&self, j: usize) -> usize {
        2 + self.n_groups + self.n_left + j
    }
    fn missing(&self) -> usize {
        2 + self.n_groups + self.n_left + self.n_right
    }
    fn nodes(&self) -> usize {
        self.missing() + 1
    }
}

/// The arcs of each kind, by group, left node, edge or right node
/// (`usize::MAX` where there is none).
struct Arcs<'a> {
    floor: &'a [usize],
    plain: &'a [usize],
    first: &'a [usize],
    rest: &'a [usize],
    edge: &'a [usize],
    sink: &'a [usize],
}

/// The policy's optimum without floors: the chosen edges and the LP duals
/// (`u` by left node, `v` by right node) in the network's score scale, and
/// the first pair's reward (`offset`) that left potentials leave out.
struct Plain {
    chosen: Vec<usize>,
    u: Vec<i128>,
    v: Vec<i128>,
    offset: i128,
}

/// Sends `units` along arc `a`.
fn push(net: &mut Network, a: usize, units: u32) {
    net.cap[a] -= units;
    net.cap[a ^ 1] += units;
}

/// Warm: the plain optimum (the sparse solver, with its duals) is laid on
/// the network as a flow, the duals become
/// potentials under which every arc but the floors' has a non-negative
/// reduced cost, and only the floor units still missing are routed, each
/// along a shortest path from a node that supplies them (one arc to each
/// group short of its floor) back to the source — through a group with
/// people above its floor, or through the sink (one more pair). The plain
/// optimum is a min-cost flow without the floors; each shortest path keeps
/// the flow min-cost for the floor units routed, and paths are taken while
/// they add a floor unit, so the result is the one [`solve`] describes —
/// at the cost of the plain solve plus one search per missing unit.
#[allow(clippy::too_many_arguments)]
fn from_the_optimum(
    net: &mut Network,
    layout: &Layout,
    arcs: &Arcs,
    edges: &[Edge],
    plain: &Plain,
    right_cap: &[u32],
    group: &[u32],
    floor: &[u32],
) {
    let Plain {
        chosen,
        u,
        v,
        offset,
    } = plain;
    let mut used_left = vec![0u32; layout.n_left];
    let mut used_right = vec![0u32; layout.n_right];
    for &e in chosen {
        push(net, arcs.edge[e], 1);
        used_left[edges[e].left as usize] += 1;
        used_right[edges[e].right as usize] += 1;
    }
    let mut covered = vec![0u32; layout.n_groups];
    for i in 0..layout.n_left {
        let mut units = used_left[i];
        if units > 0 && arcs.first[i] != usize::MAX {
            push(net, arcs.first[i], 1);
            units -= 1;
            if group[i] != NO_GROUP {
                covered[group[i] as usize] += 1;
            }
        }
        if units > 0 {
            push(net, arcs.rest[i], units);
        }
    }
    let mut pairs = 0;
    for (j, &used) in used_right.iter().enumerate() {
        if used > 0 {
            push(net, arcs.sink[j], used);
            pairs += used;
        }
    }
    let mut missing_total = 0;
    for g in 0..layout.n_groups {
        let on_floor = covered[g].min(floor[g]);
        if on_floor > 0 {
            push(net, arcs.floor[g], on_floor);
        }
        if covered[g] > on_floor {
            push(net, arcs.plain[g], covered[g] - on_floor);
        }
        let missing = floor[g] - on_floor;
        if missing > 0 {
            net.arc(layout.missing(), layout.group(g), missing, Cost::ZERO);
            missing_total += missing;
        }
    }
    if missing_total == 0 {
        return;
    }
    // The flow returns to the source through the sink: a circulation.
    let total_right: u32 = right_cap.iter().sum();
    let back = net.arc(SINK, SOURCE, total_right, Cost::ZERO);
    push(net, back, pairs);

    let mut potential = vec![Cost::ZERO; layout.nodes()];
    for i in 0..layout.n_left {
        potential[layout.left(i)].score = u[i] - offset;
    }
    for j in 0..layout.n_right {
        potential[layout.right(j)].score = -v[j];
    }
    // Paths while they add a floor unit (one back through another group's
    // floor arc only moves a floor unit).
    shortest_paths_between(net, &mut potential, layout.missing(), SOURCE, |c| {
        c.floor <= 0
    });
}

/// Augments one unit at a time along a shortest path from `from` to `to`
/// (never leaving `to`) while one exists and `worth` its true cost.
fn shortest_paths_between(
    net: &mut Network,
    potential: &mut [Cost],
    from: usize,
    to: usize,
    worth: impl Fn(Cost) -> bool,
) {
    let nodes = net.out.len();
    let mut dist: Vec<Option<Cost>> = vec![None; nodes];
    let mut done = vec![false; nodes];
    let mut pred = vec![u32::MAX; nodes];
    let mut heap = BinaryHeap::new();
    let mut touched: Vec<usize> = Vec::new();
    // The supplying node has no flow yet: the largest potential over its
    // arcs keeps their reduced costs non-negative; from then on it moves
    // like every other node.
    potential[from] = net.out[from]
        .iter()
        .map(|&a| a as usize)
        .filter(|&a| net.cap[a] > 0)
        .map(|a| potential[net.head[a] as usize] - net.cost[a])
        .max()
        .unwrap_or(Cost::ZERO);
    loop {
        for &v in &touched {
            dist[v] = None;
            done[v] = false;
        }
        touched.clear();
        heap.clear();
        dist[from] = Some(Cost::ZERO);
        touched.push(from);
        heap.push(Reverse((Cost::ZERO, from as u32)));
        while let Some(Reverse((d, u))) = heap.pop() {
            let u = u as usize;
            if done[u] {
                continue;
            }
            done[u] = true;
            if u == to {
                break;
            }
            for &a in &net.out[u] {
                let a = a as usize;
                if net.cap[a] == 0 {
                    continue;
                }
                let v = net.head[a] as usize;
                if done[v] || v == from {
                    continue;
                }
                let reduced = net.cost[a] + potential[u] - potential[v];
                debug_assert!(reduced >= Cost::ZERO, "negative reduced cost");
                let dv = d + reduced;
                if dist[v].is_none_or(|old| dv < old) {
                    if dist[v].is_none() {
                        touched.push(v);
                    }
                    dist[v] = Some(dv);
                    pred[v] = a as u32;
                    heap.push(Reverse((dv, v as u32)));
                }
            }
        }
        let Some(to_target) = dist[to].filter(|_| done[to]) else {
            return; // no path left
        };
        if !worth(to_target + potential[to] - potential[from]) {
            return;
        }
        // Settled nodes move by their distance, the rest by the target's.
        for v in 0..nodes {
            let moved = match dist[v] {
                Some(dv) if done[v] => dv,
                _ => to_target,
            };
            potential[v] = potential[v] + moved;
        }
        let mut v = to;
        while v != from {
            let a = pred[v] as usize;
            push(net, a, 1);
            v = net.head[a ^ 1] as usize;
        }
    }
}

/// Shortest distances from the source in the (acyclic) first network, node
/// layer by layer: potentials under which every arc with capacity has a
/// non-negative reduced cost. Unreachable nodes stay unreachable and get 0.
fn initial_potentials(net: &Network, n_groups: usize, n_left: usize, n_right: usize) -> Vec<Cost> {
    let nodes = net.out.len();
    let mut dist: Vec<Option<Cost>> = vec![None; nodes];
    dist[SOURCE] = Some(Cost::ZERO);
    // Layers in order: groups, people, partners, the sink.
    let order = (2..2 + n_groups + n_left + n_right).chain([SINK]);
    let relax_from = |u: usize, dist: &mut Vec<Option<Cost>>| {
        let Some(du) = dist[u] else { return };
        for &a in &net.out[u] {
            let a = a as usize;
            if net.cap[a] > 0 {
                let v = net.head[a] as usize;
                let d = du + net.cost[a];
                if dist[v].is_none_or(|dv| d < dv) {
                    dist[v] = Some(d);
                }
            }
        }
    };
    relax_from(SOURCE, &mut dist);
    for u in order {
        relax_from(u, &mut dist);
    }
    dist.into_iter().map(|d| d.unwrap_or(Cost::ZERO)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The best objective over every subset of `edges` within the
    /// capacities: (floor units, people newly with a pair, pairs, score),
    /// the middle two only for coverage; and the objective of `chosen`.
    fn objective(
        edges: &[Edge],
        chosen: &[usize],
        n_left: usize,
        mode: Mode,
        already: &[u32],
        group: &[u32],
        floor: &[u32],
    ) -> (i64, i64, i64, i64) {
        let mut pairs = vec![0u32; n_left];
        let mut score = 0;
        for &e in chosen {
            pairs[edges[e].left as usize] += 1;
            score += edges[e].weight;
        }
        let mut covered = vec![0u32; floor.len()];
        let mut people = 0;
        for i in 0..n_left {
            let had = already.get(i).is_some_and(|&a| a > 0);
            if pairs[i] > 0 && !had {
                people += 1;
                if group[i] != NO_GROUP {
                    covered[group[i] as usize] += 1;
                }
            }
        }
        let floor_units: i64 = covered
            .iter()
            .zip(floor)
            .map(|(&c, &f)| i64::from(c.min(f)))
            .sum();
        match mode {
            Mode::Coverage => (floor_units, people, chosen.len() as i64, score),
            Mode::Optimal => (floor_units, 0, 0, score),
        }
    }

    fn brute_force(
        edges: &[Edge],
        left_cap: &[u32],
        right_cap: &[u32],
        mode: Mode,
        already: &[u32],
        group: &[u32],
        floor: &[u32],
    ) -> (i64, i64, i64, i64) {
        let mut best = (i64::MIN, 0, 0, 0);
        for mask in 0u32..1 << edges.len() {
            let chosen: Vec<usize> = (0..edges.len()).filter(|&e| mask >> e & 1 == 1).collect();
            let (mut l, mut r) = (vec![0u32; left_cap.len()], vec![0u32; right_cap.len()]);
            for &e in &chosen {
                l[edges[e].left as usize] += 1;
                r[edges[e].right as usize] += 1;
            }
            if l.iter().zip(left_cap).any(|(u, c)| u > c)
                || r.iter().zip(right_cap).any(|(u, c)| u > c)
            {
                continue;
            }
            let value = objective(edges, &chosen, left_cap.len(), mode, already, group, floor);
            best = best.max(value);
        }
        best
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(150))]
        /// The warm start against the cold flow on problems too big for
        /// brute force: the same floor units and total.
        #[test]
        fn the_warm_start_equals_the_cold_flow(
            cells in proptest::collection::vec((0u32..60, 0u32..20, 0i64..5), 400),
            left_caps in proptest::collection::vec(0u32..3, 60),
            right_caps in proptest::collection::vec(0u32..4, 20),
            groups in proptest::collection::vec(0u32..5, 60),
            floors in proptest::collection::vec(0u32..12, 4),
            pins in proptest::collection::vec(0u32..2, 60),
            coverage in proptest::bool::ANY,
            single in proptest::bool::ANY,
        ) {
            // One pair at most per left node (and no pins): the coverage
            // warm start then enters from the side with fewer units.
            let left_caps: Vec<u32> = if single {
                left_caps.iter().map(|&c| c.min(1)).collect()
            } else {
                left_caps
            };
            let pins = if single { Vec::new() } else { pins };
            let mut edges: Vec<Edge> = cells
                .iter()
                .map(|&(left, right, weight)| Edge { left, right, weight })
                .collect();
            edges.sort_by_key(|e| (e.left, e.right));
            edges.dedup_by_key(|e| (e.left, e.right));
            let group: Vec<u32> = groups.iter().map(|&g| if g == 4 { NO_GROUP } else { g }).collect();
            let mode = if coverage { Mode::Coverage } else { Mode::Optimal };
            // Pins (pairs held outside the edges) only under coverage, where
            // they change a node's first reward.
            let already: Vec<u32> = if coverage { pins } else { Vec::new() };
            let run = |warm| {
                let chosen = solve_as(&edges, &left_caps, &right_caps, mode, &already, &group, &floors, warm);
                objective(&edges, &chosen, 60, mode, &already, &group, &floors)
            };
            proptest::prop_assert_eq!(run(true), run(false));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(600))]
        /// Against every subset of up to 11 edges: floors first, then the
        /// policy's objective, ties included (weights take few values).
        #[test]
        fn floors_then_the_policy_equal_brute_force(
            cells in proptest::collection::vec((0u32..5, 0u32..3, 0i64..4, proptest::bool::ANY), 11),
            left_caps in proptest::collection::vec(0u32..3, 5),
            right_caps in proptest::collection::vec(0u32..3, 3),
            groups in proptest::collection::vec(0u32..3, 5),
            floors in proptest::collection::vec(0u32..3, 2),
            pins in proptest::collection::vec(0u32..2, 5),
            coverage in proptest::bool::ANY,
        ) {
            let mut edges: Vec<Edge> = cells
                .iter()
                .filter(|c| c.3)
                .map(|&(left, right, weight, _)| Edge { left, right, weight })
                .collect();
            edges.sort_by_key(|e| (e.left, e.right));
            edges.dedup_by_key(|e| (e.left, e.right));
            // Group 2 stands for "no group".
            let group: Vec<u32> = groups.iter().map(|&g| if g == 2 { NO_GROUP } else { g }).collect();
            let mode = if coverage { Mode::Coverage } else { Mode::Optimal };
            let chosen = solve(&edges, &left_caps, &right_caps, mode, &pins, &group, &floors);
            let mut l = [0u32; 5];
            let mut r = [0u32; 3];
            for &e in &chosen {
                l[edges[e].left as usize] += 1;
                r[edges[e].right as usize] += 1;
            }
            proptest::prop_assert!(l.iter().zip(&left_caps).all(|(u, c)| u <= c));
            proptest::prop_assert!(r.iter().zip(&right_caps).all(|(u, c)| u <= c));
            let got = objective(&edges, &chosen, 5, mode, &pins, &group, &floors);
            let best = brute_force(&edges, &left_caps, &right_caps, mode, &pins, &group, &floors);
            proptest::prop_assert_eq!(got, best);
        }
    }
}
