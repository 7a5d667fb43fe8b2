//! An optimal assignment kept with its LP duals and re-solved after changes
//! ([`WarmSolver`]): the sparse solver (`sparse.rs`) owns its edges, and a
//! change touches only the nodes it concerns before the augmenting paths
//! restore the optimum from there.

use std::collections::HashMap;

use super::quantize::Quantizer;
use super::sparse::{solve_optimal_with_duals, Solver};
use serde::{Deserialize, Serialize};

use super::{AssignEdge, AssignProblem, Assignment, Pair, Residual};
use crate::error::{Error, ErrorKind, Result};

/// The quantized weight of an edge taken out of the problem: below any
/// weight (which are at most 2^52 in magnitude), never chosen, and far from
/// overflowing `i64` in the solver's sums.
const REMOVED: i64 = -(1 << 60);

/// `u32::MAX`: no position.
const NONE: u32 = u32::MAX;

/// An optimal assignment ([`Policy::Optimal`](super::Policy::Optimal)) that
/// keeps its state — pairs, LP duals, the solver's edge layout — so that
/// after a few changes [`solve`](WarmSolver::solve) restores the optimum
/// from where it was instead of from nothing.
///
/// Changes are recorded as they are made and applied by the next
/// [`solve`](WarmSolver::solve):
/// - [`set_weight`](WarmSolver::set_weight): a pair scores differently;
/// - [`remove_edge`](WarmSolver::remove_edge): a pair is forbidden (it
///   keeps its index and is never chosen);
/// - [`pin`](WarmSolver::pin): a pair is forced, as [`AssignProblem::pinned`];
/// - [`set_left_capacity`](WarmSolver::set_left_capacity) and
///   [`set_right_capacity`](WarmSolver::set_right_capacity): someone has
///   more or less room, or leaves (capacity 0);
/// - [`add_left`](WarmSolver::add_left) and
///   [`add_right`](WarmSolver::add_right): someone joins, with their
///   candidate pairs.
///
/// The answer is an exact optimum of the changed problem, as [`assign`](super::assign)
/// would give it (the same total; among tied optima, possibly other pairs),
/// certified by the same LP conditions. Weights keep 52 significant bits
/// relative to the largest weight the solver was built with; a weight
/// beyond that (or any weight when every weight was 0) makes the next solve
/// start again from nothing.
///
/// # Complexity
/// [`new`](WarmSolver::new) is a cold solve. A change costs the edges of the
/// nodes it touches, and [`solve`](WarmSolver::solve) one search per unit
/// of capacity that the changes freed or added (each search visits only
/// what it must), plus the pairs of the answer; right nodes added by
/// [`add_right`](WarmSolver::add_right) also cost a pass over the
/// solver's scan order (16 bytes an edge, no search), which merges their
/// edges into the lists of the left nodes that gain them; no edge moves. Where places about equal
/// demand, a freed place may search much of the problem: once the searches
/// of one solve have settled four times as many nodes as there are, it
/// starts again from nothing (a cold solve), so a solve costs at most
/// about that much more than a cold one. Figures in the README (the
/// library section).
///
/// # Example
/// ```
/// use mentormatch::{AssignProblem, WarmSolver};
///
/// // Two mentees, two mentors with one place each.
/// let mut problem = AssignProblem::new(vec![1, 1], vec![1, 1]);
/// problem.add_edge(0, 0, 0.9);
/// problem.add_edge(0, 1, 0.5);
/// let b_m0 = problem.add_edge(1, 0, 0.8);
/// problem.add_edge(1, 1, 0.2);
/// let mut solver = WarmSolver::new(problem)?;
/// assert!((solver.solve().total() - 1.3).abs() < 1e-12); // a–m1, b–m0
///
/// // b and m0 fall out: a takes m0 back.
/// solver.set_weight(b_m0, 0.1)?;
/// let answer = solver.solve();
/// assert!((answer.total() - 1.1).abs() < 1e-12); // a–m0, b–m1
///
/// // A third mentee who values m1 most joins.
/// let c = solver.add_left(1, &[(1, 0.7)])?;
/// let answer = solver.solve();
/// assert_eq!(answer.mentors_of(c).collect::<Vec<_>>(), [1]);
/// assert!((answer.total() - 1.6).abs() < 1e-12); // a–m0, c–m1
/// # Ok::<(), mentormatch::Error>(())
/// ```
#[derive(Clone)]
pub struct WarmSolver {
    /// The problem as changed so far, with the caller's edge indices.
    problem: AssignProblem,
    /// By edge: taken out by [`WarmSolver::remove_edge`].
    removed: Vec<bool>,
    quantizer: Quantizer,
    /// The largest `|weight|` the quantizer keeps within 2^52.
    limit: f64,
    /// Whether the last full build saw only zero weights (then the
    /// quantizer carries no precision for other weights).
    all_zero: bool,
    solver: Solver<'static, i64>,
    /// By problem edge: its position among the solver's edges, `NONE` for a
    /// pinned pair or a repeat of a pair.
    position: Vec<u32>,
    /// By solver edge: the problem edge it stands for.
    edge_of: Vec<u32>,
    /// The pair's other edges, next representative first.
    duplicates: HashMap<(u32, u32), Vec<u32>>,
    /// Pinned edges, one per pair, and how many each node holds.
    pins: Vec<usize>,
    pinned_pairs: HashMap<(u32, u32), usize>,
    left_pins: Vec<u32>,
    right_pins: Vec<u32>,
    /// The solver's edges at each node (its capacity is capped by them).
    left_degree: Vec<u32>,
    right_degree: Vec<u32>,
    /// Left nodes whose duals must be set again, right nodes that may have
    /// room with a dual, the edges of right nodes added since the last
    /// solve (merged into the solver's by the next), and whether the next
    /// solve starts from nothing (the quantizer).
    dirty: Vec<u32>,
    opened: Vec<u32>,
    pending: Vec<u32>,
    cold: bool,
    /// How many times the state was built from nothing.
    built: u64,
}

impl WarmSolver {
    /// Solves `problem` with the optimal policy and keeps the state.
    ///
    /// # Errors
    /// As [`assign`](super::assign): [`ErrorKind::OutOfRange`] for an
    /// invalid problem ([`AssignProblem::validate`]).
    pub fn new(problem: AssignProblem) -> Result<WarmSolver> {
        problem.validate()?;
        Ok(WarmSolver::build(problem, Vec::new()))
    }

    /// A cold solve of `problem` (valid), edges in `removed` left out.
    fn build(problem: AssignProblem, removed: Vec<bool>) -> WarmSolver {
        let built = WarmSolver::layout(problem, removed);
        debug_assert_eq!(built.solver.certify(), Ok(()));
        built
    }

    /// [`WarmSolver::build`]: the solver's edges laid out, weights quantized
    /// for the largest, solved cold.
    fn layout(problem: AssignProblem, mut removed: Vec<bool>) -> WarmSolver {
        removed.resize(problem.edges.len(), false);
        let residual = Residual::keeping_idle(&problem, &removed);
        let free = &residual.free;
        let (quantizer, edges) = residual.quantized(&problem);
        // Only a largest weight of 0 quantizes to 0 (a negative weight never
        // does).
        let all_zero = edges.iter().all(|e| e.weight == 0);
        let (n_left, n_right) = (problem.left_len(), problem.right_len());
        let mut position = vec![NONE; problem.edges.len()];
        let mut left_degree = vec![0u32; n_left];
        let mut right_degree = vec![0u32; n_right];
        for (k, &e) in free.iter().enumerate() {
            position[e] = k as u32;
            let edge = &problem.edges[e];
            left_degree[edge.left as usize] += 1;
            right_degree[edge.right as usize] += 1;
        }
        let mut pinned_pairs = HashMap::new();
        let mut left_pins = vec![0u32; n_left];
        let mut right_pins = vec![0u32; n_right];
        for &e in &residual.pinned {
            let edge = &problem.edges[e];
            pinned_pairs.insert((edge.left, edge.right), e);
            left_pins[edge.left as usize] += 1;
            right_pins[edge.right as usize] += 1;
        }
        // The other edges of a pair the solver holds, in the order they
        // would represent it.
        let mut duplicates: HashMap<(u32, u32), Vec<u32>> = HashMap::new();
        for (e, edge) in problem.edges.iter().enumerate() {
            let key = (edge.left, edge.right);
            if position[e] == NONE && !removed[e] && !pinned_pairs.contains_key(&key) {
                duplicates.entry(key).or_default().push(e as u32);
            }
        }
        // Residual capacities, capped by the edges left (as the solver caps
        // them).
        let left_cap: Vec<u32> = (0..n_left)
            .map(|i| residual.left_capacity[i].min(left_degree[i]))
            .collect();
        let right_cap: Vec<u32> = (0..n_right)
            .map(|j| residual.right_capacity[j].min(right_degree[j]))
            .collect();
        let (chosen, u, v) = solve_optimal_with_duals(&edges, &left_cap, &right_cap);
        let mut held = vec![false; edges.len()];
        for e in chosen {
            held[e] = true;
        }
        let mut solver = Solver::<i64>::owned(edges, &left_cap, &right_cap);
        solver.restore(&held, &u, &v);
        solver.index_right();
        // Room for people joining without moving every array at once.
        let more = problem.edges.len() / 8;
        solver.reserve(more);
        let mut problem = problem;
        problem.edges.reserve(more);
        removed.reserve(more);
        position.reserve(more);
        WarmSolver {
            limit: quantizer.limit(),
            all_zero,
            quantizer,
            removed,
            solver,
            edge_of: free.iter().map(|&e| e as u32).collect(),
            position,
            duplicates,
            pins: residual.pinned,
            pinned_pairs,
            left_pins,
            right_pins,
            left_degree,
            right_degree,
            dirty: Vec::new(),
            opened: Vec::new(),
            pending: Vec::new(),
            built: 0,
            cold: false,
            problem,
        }
    }

    /// The problem as changed so far (edges taken out by
    /// [`remove_edge`](WarmSolver::remove_edge) are still listed; see
    /// [`is_removed`](WarmSolver::is_removed)).
    pub fn problem(&self) -> &AssignProblem {
        &self.problem
    }

    /// Whether `edge` was taken out by [`remove_edge`](WarmSolver::remove_edge).
    pub fn is_removed(&self, edge: usize) -> bool {
        self.removed.get(edge).copied().unwrap_or(false)
    }

    fn check_edge(&self, edge: usize) -> Result<()> {
        if edge >= self.problem.edges.len() {
            return Err(out_of_range(
                "edge",
                edge.to_string(),
                format!("no such edge: {} edges", self.problem.edges.len()),
            ));
        }
        Ok(())
    }

    fn check_weight(&mut self, field: &str, weight: f64) -> Result<()> {
        if !weight.is_finite() {
            return Err(out_of_range(
                field,
                weight.to_string(),
                "a score must be finite".to_string(),
            ));
        }
        if weight.abs() > self.limit || (self.all_zero && weight != 0.0) {
            // Beyond what the quantizer keeps exact: start again.
            self.cold = true;
        }
        Ok(())
    }

    /// Sets the weight of `edge` (for every view: the optimal policy reads
    /// only the weight).
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] for an edge index out of range or a weight
    /// that is not finite.
    pub fn set_weight(&mut self, edge: usize, weight: f64) -> Result<()> {
        self.check_edge(edge)?;
        self.check_weight("weight", weight)?;
        let e = &mut self.problem.edges[edge];
        *e = AssignEdge::new(e.left, e.right, weight);
        let position = self.position[edge];
        if position != NONE && !self.removed[edge] && !self.cold {
            self.dirty.push(self.problem.edges[edge].left);
            let weight = self.quantizer.quantize(weight);
            self.solver.set_weight(position as usize, weight);
        }
        Ok(())
    }

    /// Takes `edge` out of the problem: it is never chosen (a forbidden
    /// pair). It keeps its index; removing it again changes nothing.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] for an edge index out of range, and
    /// [`ErrorKind::Conflict`] for a pinned edge.
    pub fn remove_edge(&mut self, edge: usize) -> Result<()> {
        self.check_edge(edge)?;
        if self.pins.contains(&edge) || self.problem.pinned.contains(&edge) {
            return Err(Error::invalid(
                ErrorKind::Conflict,
                "problem",
                format!("edges[{edge}]"),
                "",
                "",
                "a pinned edge cannot be removed",
            ));
        }
        if std::mem::replace(&mut self.removed[edge], true)
            || self.position[edge] == NONE
            || self.cold
        {
            return Ok(());
        }
        // A pair represented by this edge passes to its next edge, as a
        // cold solve would take that one.
        let AssignEdge { left, right, .. } = self.problem.edges[edge];
        let next = self.duplicates.get_mut(&(left, right)).and_then(|list| {
            list.retain(|&e| !self.removed[e as usize]);
            (!list.is_empty()).then(|| list.remove(0))
        });
        match next {
            Some(next) => {
                let position = self.position[edge];
                self.position[edge] = NONE;
                self.position[next as usize] = position;
                self.edge_of[position as usize] = next;
                let weight = self
                    .quantizer
                    .quantize(self.problem.edges[next as usize].weight);
                let i = self.solver.set_weight(position as usize, weight);
                self.dirty.push(i as u32);
            }
            _ => self.take_out(edge),
        }
        Ok(())
    }

    /// Takes the solver's edge of `edge` out, if it has one.
    fn take_out(&mut self, edge: usize) {
        let position = self.position[edge];
        if position != NONE && !self.cold {
            self.dirty.push(self.problem.edges[edge].left);
            self.solver.set_weight(position as usize, REMOVED);
        }
    }

    /// Pins `edge`: it is part of every answer from now on, and takes a
    /// place on both sides (see [`AssignProblem::pinned`]).
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] for an edge index out of range, and
    /// [`ErrorKind::Conflict`] for a removed edge.
    pub fn pin(&mut self, edge: usize) -> Result<()> {
        self.pin_undoably(edge).map(|_| ())
    }

    /// [`WarmSolver::pin`], returning what undoes it.
    fn pin_undoably(&mut self, edge: usize) -> Result<Unpin> {
        self.check_edge(edge)?;
        if self.removed[edge] {
            return Err(Error::invalid(
                ErrorKind::Conflict,
                "problem",
                format!("edges[{edge}]"),
                "",
                "",
                "a removed edge cannot be pinned",
            ));
        }
        self.problem.pinned.push(edge);
        let AssignEdge { left, right, .. } = self.problem.edges[edge];
        if let Some(pinned) = self.pinned_pairs.get_mut(&(left, right)) {
            // The pair is pinned already: its first pinned edge stands for
            // it, as in a cold solve.
            let mut replaced = None;
            if edge < *pinned {
                let old = std::mem::replace(pinned, edge);
                if let Some(p) = self.pins.iter_mut().find(|p| **p == old) {
                    *p = edge;
                }
                replaced = Some(old);
            }
            return Ok(Unpin::Again { edge, replaced });
        }
        self.pinned_pairs.insert((left, right), edge);
        self.pins.push(edge);
        // The pair leaves the solver's problem, and takes a place on each
        // side.
        let mut taken = None;
        if let Some(at) = self.solver.find(left, right) {
            let representative = self.edge_of[at] as usize;
            if self.position[representative] != NONE {
                self.take_out(representative);
                taken = Some((representative, self.position[representative]));
                self.position[representative] = NONE;
            }
        }
        self.left_pins[left as usize] += 1;
        self.right_pins[right as usize] += 1;
        self.update_left(left as usize);
        self.update_right(right as usize);
        Ok(Unpin::New {
            edge,
            taken,
            built: self.built,
        })
    }

    /// Undoes the pin `undo` records, the last change made (the next solve
    /// restores the optimum without it).
    fn unpin(&mut self, undo: Unpin) {
        self.problem.pinned.pop();
        match undo {
            Unpin::Again { edge, replaced } => {
                if let Some(old) = replaced {
                    let AssignEdge { left, right, .. } = self.problem.edges[edge];
                    self.pinned_pairs.insert((left, right), old);
                    if let Some(p) = self.pins.iter_mut().find(|p| **p == edge) {
                        *p = old;
                    }
                }
            }
            Unpin::New { built, .. } if built != self.built => {
                // Started again from nothing since: its state knows the pin
                // from the problem alone.
                self.cold = true;
            }
            Unpin::New { edge, taken, .. } => {
                let AssignEdge { left, right, .. } = self.problem.edges[edge];
                self.pinned_pairs.remove(&(left, right));
                self.pins.pop();
                if let Some((representative, position)) = taken {
                    self.position[representative] = position;
                    let weight = self
                        .quantizer
                        .quantize(self.problem.edges[representative].weight);
                    self.solver.set_weight(position as usize, weight);
                    self.dirty.push(left);
                }
                self.left_pins[left as usize] -= 1;
                self.right_pins[right as usize] -= 1;
                self.update_left(left as usize);
                self.update_right(right as usize);
            }
        }
    }

    /// Sets the capacity of left node `left` (0: they leave).
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] for a node out of range.
    pub fn set_left_capacity(&mut self, left: u32, capacity: u32) -> Result<()> {
        check_node("left", left, self.problem.left_len())?;
        self.problem.left_capacity[left as usize] = capacity;
        self.update_left(left as usize);
        Ok(())
    }

    /// Sets the capacity of right node `right` (0: they leave).
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] for a node out of range.
    pub fn set_right_capacity(&mut self, right: u32, capacity: u32) -> Result<()> {
        check_node("right", right, self.problem.right_len())?;
        self.problem.right_capacity[right as usize] = capacity;
        self.update_right(right as usize);
        Ok(())
    }

    /// Gives the solver left node `i`'s residual capacity.
    fn update_left(&mut self, i: usize) {
        if self.cold {
            return;
        }
        if i >= self.solver.left_len() {
            self.dirty.push(i as u32);
            return;
        }
        let cap = self.problem.left_capacity[i]
            .saturating_sub(self.left_pins[i])
            .min(self.left_degree[i]);
        if cap != self.solver.left_cap(i) {
            self.solver.set_left_cap(i, cap, &mut self.opened);
            self.dirty.push(i as u32);
        }
    }

    /// Gives the solver right node `j`'s residual capacity.
    fn update_right(&mut self, j: usize) {
        if self.cold {
            return;
        }
        if j >= self.solver.right_len() {
            self.opened.push(j as u32);
            return;
        }
        let cap = self.problem.right_capacity[j]
            .saturating_sub(self.right_pins[j])
            .min(self.right_degree[j]);
        if cap != self.solver.right_cap(j) {
            self.solver
                .set_right_cap(j, cap, &mut self.dirty, &mut self.opened);
        }
    }

    /// Checks a joining node's edges and keeps the first of each partner
    /// (as a repeated pair is represented by its first edge), sorted by
    /// partner.
    /// Returns the kept ones and the rest.
    #[allow(clippy::type_complexity)]
    fn new_edges(
        &mut self,
        edges: &[(u32, f64)],
        others: usize,
        side: &str,
    ) -> Result<(Vec<(u32, f64, usize)>, Vec<(u32, usize)>)> {
        let first = self.problem.edges.len();
        let mut list = Vec::with_capacity(edges.len());
        for (k, &(other, weight)) in edges.iter().enumerate() {
            check_node(side, other, others)?;
            self.check_weight("weight", weight)?;
            list.push((other, weight, first + k));
        }
        list.sort_by_key(|&(other, _, index)| (other, index));
        let mut kept: Vec<(u32, f64, usize)> = Vec::with_capacity(list.len());
        let mut rest = Vec::new();
        for x in list {
            if kept.last().is_some_and(|k| k.0 == x.0) {
                rest.push((x.0, x.2));
            } else {
                kept.push(x);
            }
        }
        Ok((kept, rest))
    }

    /// Adds a left node with `capacity` and candidate edges `(right,
    /// weight)`, appended to the problem's edges in that order; returns its
    /// index.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] for a right node out of range, a weight
    /// that is not finite, or more than `u32::MAX` nodes or edges.
    pub fn add_left(&mut self, capacity: u32, edges: &[(u32, f64)]) -> Result<u32> {
        self.check_room(1, edges.len())?;
        let (list, rest) = self.new_edges(edges, self.problem.right_len(), "right")?;
        let i = self.problem.left_len() as u32;
        self.problem.left_capacity.push(capacity);
        self.problem.edges.extend(
            edges
                .iter()
                .map(|&(right, weight)| AssignEdge::new(i, right, weight)),
        );
        self.removed.resize(self.problem.edges.len(), false);
        self.position.resize(self.problem.edges.len(), NONE);
        self.left_pins.push(0);
        self.left_degree.push(list.len() as u32);
        if self.cold {
            self.dirty.push(i);
            // Their capacities, capped by their edges, may grow.
            self.opened.extend(list.iter().map(|x| x.0));
            return Ok(i);
        }
        let quantized: Vec<(u32, i64)> = list
            .iter()
            .map(|&(right, weight, _)| (right, self.quantizer.quantize(weight)))
            .collect();
        let first = self.edge_of.len();
        for (k, &(_, _, index)) in list.iter().enumerate() {
            self.position[index] = (first + k) as u32;
            self.edge_of.push(index as u32);
        }
        for (right, index) in rest {
            self.duplicates
                .entry((i, right))
                .or_default()
                .push(index as u32);
        }
        let cap = capacity.min(list.len() as u32);
        let pushed = self.solver.push_left(cap, &quantized);
        debug_assert_eq!(pushed, i as usize);
        for &(right, _, _) in &list {
            self.right_degree[right as usize] += 1;
            self.update_right(right as usize);
        }
        self.dirty.push(i);
        Ok(i)
    }

    /// Adds a right node with `capacity` and candidate edges `(left,
    /// weight)`, appended to the problem's edges in that order; returns its
    /// index. The next solve merges the edges of the right nodes added
    /// since the last into the solver's (a pass over the scan order, no
    /// search) and keeps the pairs and duals.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] for a left node out of range, a weight
    /// that is not finite, or more than `u32::MAX` nodes or edges.
    pub fn add_right(&mut self, capacity: u32, edges: &[(u32, f64)]) -> Result<u32> {
        self.check_room(1, edges.len())?;
        self.new_edges(edges, self.problem.left_len(), "left")?;
        let j = self.problem.right_len() as u32;
        let first = self.problem.edges.len();
        self.problem.right_capacity.push(capacity);
        self.problem.edges.extend(
            edges
                .iter()
                .map(|&(left, weight)| AssignEdge::new(left, j, weight)),
        );
        self.removed.resize(self.problem.edges.len(), false);
        self.position.resize(self.problem.edges.len(), NONE);
        self.right_pins.push(0);
        self.right_degree.push(0);
        if !self.cold {
            // No edges (so no capacity) until the next solve merges them in.
            let room = capacity.min(u32::try_from(edges.len()).unwrap_or(u32::MAX));
            let pushed = self.solver.push_right(room);
            debug_assert_eq!(pushed, j as usize);
            self.pending
                .extend((first..self.problem.edges.len()).map(|e| e as u32));
        }
        Ok(j)
    }

    /// Adds edges `(left, right, weight)` between nodes the problem has,
    /// appended to the problem's edges in that order; returns the index of
    /// the first. A pair the problem holds already gains another edge (a
    /// repeated pair: its first edge not removed stands for it); a pair
    /// whose edges were all removed comes back through the new one. The
    /// next solve merges the edges of new pairs into the solver's (a pass
    /// over the scan order, no search) and sets the duals of their left
    /// nodes again.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] for a node out of range, a weight that is
    /// not finite, or more than `u32::MAX` edges.
    pub fn add_edges(&mut self, edges: &[(u32, u32, f64)]) -> Result<usize> {
        self.check_room(0, edges.len())?;
        let (n_left, n_right) = (self.problem.left_len(), self.problem.right_len());
        for &(left, right, weight) in edges {
            check_node("left", left, n_left)?;
            check_node("right", right, n_right)?;
            self.check_weight("weight", weight)?;
        }
        let first = self.problem.edges.len();
        self.problem.edges.extend(
            edges
                .iter()
                .map(|&(left, right, weight)| AssignEdge::new(left, right, weight)),
        );
        self.removed.resize(self.problem.edges.len(), false);
        self.position.resize(self.problem.edges.len(), NONE);
        if self.cold {
            return Ok(first);
        }
        for (k, &(left, right, weight)) in edges.iter().enumerate() {
            let e = first + k;
            if self.pinned_pairs.contains_key(&(left, right)) {
                // Pinned: the pair is out of the solver's problem.
                continue;
            }
            match self.solver.find(left, right) {
                Some(at) if self.removed[self.edge_of[at] as usize] => {
                    // The pair's edges were all removed: the solver's edge
                    // stands for the new one.
                    let old = self.edge_of[at] as usize;
                    self.position[old] = NONE;
                    self.position[e] = at as u32;
                    self.edge_of[at] = e as u32;
                    let weight = self.quantizer.quantize(weight);
                    self.solver.set_weight(at, weight);
                    self.dirty.push(left);
                }
                Some(_) => self
                    .duplicates
                    .entry((left, right))
                    .or_default()
                    .push(e as u32),
                None => {
                    self.pending.push(e as u32);
                    self.dirty.push(left);
                }
            }
        }
        Ok(first)
    }

    /// Merges the edges of new pairs (right nodes added, edges added) since the last solve into the
    /// solver's: for each pair, its first edge neither removed nor pinned
    /// (the others wait as its duplicates); then the capacities of every
    /// node they touch are set again (capped by their edges).
    fn merge_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let mut candidates: Vec<(u32, u32, u32)> = pending
            .iter()
            .filter(|&&e| !self.removed[e as usize])
            .map(|&e| {
                let edge = &self.problem.edges[e as usize];
                (edge.left, edge.right, e)
            })
            .filter(|&(left, right, _)| !self.pinned_pairs.contains_key(&(left, right)))
            .collect();
        candidates.sort_unstable();
        let mut new: Vec<(u32, u32, i64)> = Vec::with_capacity(candidates.len());
        let mut representatives: Vec<u32> = Vec::with_capacity(candidates.len());
        for &(left, right, e) in &candidates {
            if new.last().is_some_and(|x| (x.0, x.1) == (left, right)) {
                self.duplicates.entry((left, right)).or_default().push(e);
                continue;
            }
            let weight = self
                .quantizer
                .quantize(self.problem.edges[e as usize].weight);
            new.push((left, right, weight));
            representatives.push(e);
        }
        // No solver edge moves: only the new ones need their problem edges.
        let placed = self.solver.splice(&new);
        if let Some(&last) = placed.last() {
            self.edge_of.resize(last as usize + 1, 0);
        }
        for (&at, &e) in placed.iter().zip(&representatives) {
            self.edge_of[at as usize] = e;
            self.position[e as usize] = at;
        }
        for &(left, right, _) in &new {
            self.left_degree[left as usize] += 1;
            self.right_degree[right as usize] += 1;
        }
        let mut lefts: Vec<u32> = new.iter().map(|x| x.0).collect();
        lefts.dedup();
        let mut rights: Vec<u32> = new.iter().map(|x| x.1).collect();
        rights.sort_unstable();
        rights.dedup();
        for i in lefts {
            self.update_left(i as usize);
        }
        for j in rights {
            self.update_right(j as usize);
        }
    }

    fn check_room(&self, nodes: usize, edges: usize) -> Result<()> {
        let most = u32::MAX as usize - 1;
        if self.problem.left_len().max(self.problem.right_len()) + nodes > most
            || self.problem.edges.len() + edges > most
        {
            return Err(out_of_range(
                "edges",
                String::new(),
                format!("{most} nodes on a side or edges, at most"),
            ));
        }
        Ok(())
    }

    /// Applies the changes made since the last solve and returns the
    /// optimum.
    pub fn solve(&mut self) -> Assignment {
        if self.cold {
            let problem = std::mem::take(&mut self.problem);
            let removed = std::mem::take(&mut self.removed);
            let built = self.built + 1;
            *self = WarmSolver::build(problem, removed);
            self.built = built;
        } else {
            if !self.pending.is_empty() {
                self.merge_pending();
            }
            let dirty = std::mem::take(&mut self.dirty);
            let opened = std::mem::take(&mut self.opened);
            // About what a cold solve settles entering every unit once.
            let nodes = self.problem.left_len() + self.problem.right_len();
            let budget = 4 * nodes as u64 + 1024;
            if !self.solver.repair(dirty, opened, budget) {
                let problem = std::mem::take(&mut self.problem);
                let removed = std::mem::take(&mut self.removed);
                let built = self.built + 1;
                *self = WarmSolver::build(problem, removed);
                self.built = built;
            }
        }
        debug_assert_eq!(self.solver.certify(), Ok(()));
        self.assignment()
    }

    /// What forcing `edge` would cost: the changes made so far are solved,
    /// then the solver pins `edge`, re-solves warm, and undoes the pin
    /// (re-solving warm again). The drop in
    /// the total, and every pair that goes or comes (the pinned one
    /// included), exactly as [`assign`](super::assign) with the edge added
    /// to [`AssignProblem::pinned`] would give them (the same total; among
    /// tied optima, possibly other pairs). The solver itself is not
    /// pinned.
    ///
    /// # Errors
    /// As [`pin`](WarmSolver::pin): an edge out of range, or removed.
    ///
    /// # Complexity
    /// Two warm solves (plus a pass over the edges to list the pairs).
    pub fn price(&mut self, edge: usize) -> Result<PairPrice> {
        self.check_edge(edge)?;
        let before = self.solve();
        let undo = self.pin_undoably(edge)?;
        let after = self.solve();
        self.unpin(undo);
        self.solve();
        let pairs = |a: &Assignment| {
            let mut list: Vec<(u32, u32, usize)> = a
                .pairs()
                .iter()
                .map(|p| (p.left, p.right, p.edge))
                .collect();
            list.sort_unstable();
            list
        };
        let (was, now) = (pairs(&before), pairs(&after));
        let only = |x: &[(u32, u32, usize)], y: &[(u32, u32, usize)]| -> Vec<Pair> {
            x.iter()
                .filter(|p| y.binary_search(p).is_err())
                .map(|&(left, right, edge)| Pair { left, right, edge })
                .collect()
        };
        Ok(PairPrice {
            total_before: before.total(),
            total_after: after.total(),
            cost: before.total() - after.total(),
            dropped: only(&was, &now),
            added: only(&now, &was),
        })
    }

    /// Makes the optimum `chosen` (problem edges, as an [`Assignment`] of
    /// the same problem lists them) the held one instead of the one solved,
    /// keeping the duals, when the LP conditions certify it: among tied
    /// optima, later solves then start from the caller's. Returns whether
    /// it did; otherwise nothing changes. Only between a solve and the
    /// next change.
    pub(crate) fn adopt(&mut self, chosen: &[usize]) -> bool {
        if self.cold
            || !self.dirty.is_empty()
            || !self.opened.is_empty()
            || !self.pending.is_empty()
        {
            return false;
        }
        let pinned = |e: usize| {
            let edge = &self.problem.edges[e];
            self.pinned_pairs.contains_key(&(edge.left, edge.right))
        };
        let mut held = vec![false; self.edge_of.len()];
        for &e in chosen {
            match self.position.get(e) {
                Some(&at) if at != NONE => held[at as usize] = true,
                // A pinned pair is held by its pin (the count below checks
                // that each is there once).
                Some(_) if pinned(e) => {}
                _ => return false,
            }
        }
        let mut before = vec![false; self.edge_of.len()];
        for k in self.solver.chosen() {
            before[k] = true;
        }
        self.solver.rehold(&held);
        if self.solver.certify().is_ok()
            && self.solver.chosen().len() + self.pins.len() == chosen.len()
        {
            return true;
        }
        self.solver.rehold(&before);
        debug_assert_eq!(self.solver.certify(), Ok(()));
        false
    }

    /// The current answer (as of the last [`solve`](WarmSolver::solve)).
    pub fn assignment(&self) -> Assignment {
        let mut chosen = self.pins.clone();
        chosen.extend(
            self.solver
                .chosen()
                .into_iter()
                .map(|k| self.edge_of[k] as usize),
        );
        Assignment::from_valid_edges(&self.problem, &chosen)
    }
}

/// What undoes a pin ([`WarmSolver::unpin`]).
enum Unpin {
    /// The pair was pinned already; `replaced` is the pinned edge `edge`
    /// took over from, if any.
    Again {
        edge: usize,
        replaced: Option<usize>,
    },
    /// A new pinned pair; `taken` the solver's edge of the pair (problem
    /// edge and position) it took out; `built` which build of the state.
    New {
        edge: usize,
        taken: Option<(usize, u32)>,
        built: u64,
    },
}

/// What forcing a pair costs ([`WarmSolver::price`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairPrice {
    /// The optimum's total.
    pub total_before: f64,
    /// The total with the pair pinned.
    pub total_after: f64,
    /// `total_before − total_after`: what forcing the pair costs (0 when
    /// the optimum has it already; negative never, unless pins beyond a
    /// capacity make the forced pair a gain).
    pub cost: f64,
    /// The optimum's pairs that forcing it drops, by `(left, right)` (a
    /// pair whose representing edge changes — a repeated pair pinned by
    /// another of its edges — is dropped and added).
    pub dropped: Vec<Pair>,
    /// The pairs it brings (the forced one included, unless the optimum
    /// had it), by `(left, right)`.
    pub added: Vec<Pair>,
}

impl std::fmt::Debug for WarmSolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarmSolver")
            .field("left", &self.problem.left_len())
            .field("right", &self.problem.right_len())
            .field("edges", &self.problem.edges.len())
            .field("pinned", &self.pins.len())
            .finish_non_exhaustive()
    }
}

/// `node` names one of the `n` nodes of `side` (`left` or `right`).
fn check_node(side: &str, node: u32, n: usize) -> Result<()> {
    if node as usize >= n {
        return Err(out_of_range(
            side,
            node.to_string(),
            format!("out of range: {n} {side} nodes"),
        ));
    }
    Ok(())
}

fn out_of_range(field: &str, value: String, reason: String) -> Error {
    Error::invalid(ErrorKind::OutOfRange, "problem", "", field, value, reason)
}
