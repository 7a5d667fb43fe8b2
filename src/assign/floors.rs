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
//! # Complexity
//! One Dijkstra search, `O(E log V)`, per pair chosen: meant for cohorts
//! of thousands (10,000 people with 50 candidates each take seconds), not
//! for the hundreds of thousands the plain solver handles.

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
    let (n_left, n_right, n_groups) = (left_capacity.len(), right_capacity.len(), floor.len());
    let group_node = |g: u32| 2 + g as usize;
    let left_node = |i: usize| 2 + n_groups + i;
    let right_node = |j: usize| 2 + n_groups + n_left + j;
    let mut net = Network::new(2 + n_groups + n_left + n_right);
    let coverage = mode == Mode::Coverage;
    let per = |people: i64, pairs: i64| Cost {
        people: if coverage { people } else { 0 },
        pairs: if coverage { pairs } else { 0 },
        ..Cost::ZERO
    };

    let mut members = vec![0u32; n_groups];
    for (i, &g) in group.iter().enumerate() {
        if g != NO_GROUP && left_capacity[i] > 0 {
            members[g as usize] += 1;
        }
    }
    for g in 0..n_groups {
        if floor[g] > 0 {
            let cost = Cost {
                floor: -1,
                ..Cost::ZERO
            };
            net.arc(SOURCE, group_node(g as u32), floor[g], cost);
        }
        net.arc(SOURCE, group_node(g as u32), members[g], Cost::ZERO);
    }
    for i in 0..n_left {
        let cap = left_capacity[i];
        if cap == 0 {
            continue;
        }
        let covered = already.get(i).is_some_and(|&a| a > 0);
        if covered {
            net.arc(SOURCE, left_node(i), cap, per(0, -1));
            continue;
        }
        let first_from = match group[i] {
            NO_GROUP => SOURCE,
            g => group_node(g),
        };
        net.arc(first_from, left_node(i), 1, per(-1, -1));
        if cap > 1 {
            net.arc(SOURCE, left_node(i), cap - 1, per(0, -1));
        }
    }
    let mut edge_arc = Vec::with_capacity(edges.len());
    for e in edges {
        let cost = Cost {
            score: -i128::from(e.weight),
            ..Cost::ZERO
        };
        edge_arc.push(net.arc(
            left_node(e.left as usize),
            right_node(e.right as usize),
            1,
            cost,
        ));
    }
    for (j, &cap) in right_capacity.iter().enumerate() {
        if cap > 0 {
            net.arc(right_node(j), SINK, cap, Cost::ZERO);
        }
    }

    let potential = initial_potentials(&net, n_groups, n_left, n_right);
    successive_shortest_paths(&mut net, potential);
    edge_arc
        .iter()
        .enumerate()
        .filter(|&(_, &a)| net.cap[a] == 0)
        .map(|(position, _)| position)
        .collect()
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

/// Augments one unit at a time along a shortest path from the source to
/// the sink while that path lowers the cost.
fn successive_shortest_paths(net: &mut Network, mut potential: Vec<Cost>) {
    let nodes = net.out.len();
    let mut dist: Vec<Option<Cost>> = vec![None; nodes];
    let mut done = vec![false; nodes];
    let mut pred = vec![u32::MAX; nodes];
    let mut heap = BinaryHeap::new();
    loop {
        dist.fill(None);
        done.fill(false);
        heap.clear();
        dist[SOURCE] = Some(Cost::ZERO);
        heap.push(Reverse((Cost::ZERO, SOURCE as u32)));
        while let Some(Reverse((d, u))) = heap.pop() {
            let u = u as usize;
            if done[u] {
                continue;
            }
            done[u] = true;
            if u == SINK {
                break;
            }
            for &a in &net.out[u] {
                let a = a as usize;
                if net.cap[a] == 0 {
                    continue;
                }
                let v = net.head[a] as usize;
                if done[v] {
                    continue;
                }
                let reduced = net.cost[a] + potential[u] - potential[v];
                debug_assert!(reduced >= Cost::ZERO, "negative reduced cost");
                let dv = d + reduced;
                if dist[v].is_none_or(|old| dv < old) {
                    dist[v] = Some(dv);
                    pred[v] = a as u32;
                    heap.push(Reverse((dv, v as u32)));
                }
            }
        }
        let Some(to_sink) = dist[SINK].filter(|_| done[SINK]) else {
            return; // no path left
        };
        // The path's true cost: reduced distance plus the potential drop.
        if to_sink + potential[SINK] - potential[SOURCE] >= Cost::ZERO {
            return; // no path lowers the cost any more
        }
        // Settled nodes move by their distance, the rest by the sink's:
        // every arc with capacity keeps a non-negative reduced cost.
        for v in 0..nodes {
            let moved = match dist[v] {
                Some(dv) if done[v] => dv,
                _ => to_sink,
            };
            potential[v] = potential[v] + moved;
        }
        let mut v = SINK;
        while v != SOURCE {
            let a = pred[v] as usize;
            net.cap[a] -= 1;
            net.cap[a ^ 1] += 1;
            v = net.head[a ^ 1] as usize;
        }
    }
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
