//! Stability: mentee-proposing deferred acceptance with capacities on both
//! sides, and counting the blocking pairs of any assignment.

use std::collections::BinaryHeap;

use super::{order_key, AssignProblem, Assignment, Residual};

/// Mentee-proposing deferred acceptance on the free edges, with residual
/// capacities (pinned edges have already taken theirs).
///
/// Every mentee proposes down its list (by `left_view`, then lower right
/// index) while it holds fewer offers than its capacity; a mentor holds the
/// best proposals up to its capacity (by `right_view`, then lower left index)
/// and rejects the worst held one when a better one arrives. With strict
/// rankings (ties broken by index) and responsive preferences the result is
/// pairwise stable and the best stable assignment for every mentee; the
/// outcome does not depend on the order of proposals.
pub(crate) fn deferred_acceptance(problem: &AssignProblem, residual: &Residual) -> Vec<usize> {
    let edges = &problem.edges;
    let n_left = problem.left_len();
    let n_right = problem.right_len();

    // Each mentor's ranking of its proposers, as a position (0 = favourite),
    // so that holding and rejecting compares integers.
    // Sorts run on packed integer keys (right, best view first, left),
    // never on comparisons that look edges up: those miss the cache on
    // every step at millions of edges.
    let free = &residual.free;
    let mut incoming: Vec<(u32, u64, u32, u32)> = free
        .iter()
        .enumerate()
        .map(|(position, &index)| {
            let edge = &edges[index];
            (
                edge.right,
                !order_key(edge.right_view),
                edge.left,
                position as u32,
            )
        })
        .collect();
    incoming.sort_unstable();
    let mut rank = vec![u32::MAX; free.len()];
    let mut previous_right = u32::MAX;
    let mut position = 0u32;
    for &(right, _, _, free_position) in &incoming {
        if right != previous_right {
            previous_right = right;
            position = 0;
        }
        rank[free_position as usize] = position;
        position += 1;
    }
    drop(incoming);

    // Each mentee's proposal list, best first, as positions in `free`
    // (which is grouped by mentee already).
    let start = super::offsets(n_left, free.iter().map(|&index| edges[index].left));
    let mut keyed: Vec<(u64, u32, u32)> = free
        .iter()
        .enumerate()
        .map(|(position, &index)| {
            let edge = &edges[index];
            (!order_key(edge.left_view), edge.right, position as u32)
        })
        .collect();
    for left in 0..n_left {
        keyed[start[left]..start[left + 1]].sort_unstable();
    }
    let proposals: Vec<u32> = keyed.into_iter().map(|(_, _, position)| position).collect();

    let mut next = start[..n_left].to_vec();
    let mut held_by_left = vec![0u32; n_left];
    // Max-heaps on rank: the top is the mentor's worst held proposal.
    let mut held_by_right: Vec<BinaryHeap<(u32, usize)>> = vec![BinaryHeap::new(); n_right];
    let mut active: Vec<u32> = (0..n_left as u32).rev().collect();
    while let Some(left) = active.pop() {
        let i = left as usize;
        while held_by_left[i] < residual.left_capacity[i] && next[i] < start[i + 1] {
            let position = proposals[next[i]] as usize;
            next[i] += 1;
            let index = free[position];
            let j = edges[index].right as usize;
            let held = &mut held_by_right[j];
            if held.len() < residual.right_capacity[j] as usize {
                held.push((rank[position], index));
                held_by_left[i] += 1;
            } else if let Some(&(worst_rank, worst)) = held.peek() {
                if rank[position] < worst_rank {
                    held.pop();
                    held.push((rank[position], index));
                    held_by_left[i] += 1;
                    // The rejected mentee resumes proposing further down.
                    let rejected = edges[worst].left;
                    held_by_left[rejected as usize] -= 1;
                    active.push(rejected);
                }
            }
        }
    }
    held_by_right
        .into_iter()
        .flat_map(|held| held.into_iter().map(|(_, index)| index))
        .collect()
}

/// Candidate pairs that block `assignment`: both sides would rather be
/// matched to each other, each by its own view.
///
/// # Arguments
///
/// - `problem`: capacities and candidate edges with their views.
/// - `assignment`: any assignment over `problem`'s edges (from [`assign`] or
///   [`Assignment::from_edges`]).
///
/// # Returns
///
/// Indices of the unchosen candidate edges `(i, j)` such that mentee `i` has
/// spare capacity or prefers `j` to its worst current mentor (higher
/// `left_view`, ties to the lower right index), and mentor `j` has spare
/// capacity or prefers `i` to its worst current mentee (higher `right_view`,
/// ties to the lower left index). Ascending; a pair listed twice is reported
/// once. Zero blocking pairs means the assignment is stable. Pinned edges
/// count as ordinary partners here, so a stable run with pinned edges can
/// leave blocking pairs that only removing a pin would resolve.
///
/// # Complexity
///
/// O(E log E) time, O(V + E) space.
///
/// # Panics
///
/// If `assignment` refers to edges `problem` does not have.
///
/// # Example
///
/// Two mentees both prefer mentor 0, who prefers mentee 1. Giving mentor 0
/// to mentee 0 leaves mentee 1 and mentor 0 both wanting each other:
///
/// ```
/// use mentormatch::{assign, blocking_pairs, AssignConfig, AssignEdge, AssignProblem, Assignment, Policy};
///
/// let mut problem = AssignProblem::new(vec![1, 1], vec![1, 1]);
/// problem.edges = vec![
///     AssignEdge { left: 0, right: 0, weight: 1.0, left_view: 0.9, right_view: 0.2 },
///     AssignEdge { left: 0, right: 1, weight: 1.0, left_view: 0.5, right_view: 0.5 },
///     AssignEdge { left: 1, right: 0, weight: 1.0, left_view: 0.9, right_view: 0.8 },
///     AssignEdge { left: 1, right: 1, weight: 1.0, left_view: 0.1, right_view: 0.5 },
/// ];
/// let unstable = Assignment::from_edges(&problem, &[0, 3]).unwrap();
/// assert_eq!(blocking_pairs(&problem, &unstable), vec![2]);
///
/// let stable = assign(&problem, &AssignConfig { policy: Policy::Stable }).unwrap();
/// assert_eq!(stable.edges().collect::<Vec<_>>(), vec![1, 2]);
/// assert!(blocking_pairs(&problem, &stable).is_empty());
/// ```
///
/// # Reference
///
/// D. Gale, L.S. Shapley, "College admissions and the stability of
/// marriage", American Mathematical Monthly 69 (1962) 9–15; A.E. Roth,
/// M. Sotomayor, *Two-Sided Matching* (1990), ch. 5 (many-to-one).
///
/// [`assign`]: crate::assign
pub fn blocking_pairs(problem: &AssignProblem, assignment: &Assignment) -> Vec<usize> {
    let edges = &problem.edges;
    // The worst partner of each node as (view, -index): a node prefers a
    // newcomer when the newcomer's key is greater.
    let mut left_count = vec![0u32; problem.left_len()];
    let mut right_count = vec![0u32; problem.right_len()];
    let mut left_worst: Vec<Option<(f64, i64)>> = vec![None; problem.left_len()];
    let mut right_worst: Vec<Option<(f64, i64)>> = vec![None; problem.right_len()];
    let less = |a: (f64, i64), b: (f64, i64)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).is_lt();
    for pair in assignment.pairs() {
        let edge = &edges[pair.edge];
        let (i, j) = (edge.left as usize, edge.right as usize);
        left_count[i] += 1;
        right_count[j] += 1;
        let key = (edge.left_view, -i64::from(edge.right));
        if left_worst[i].is_none_or(|worst| less(key, worst)) {
            left_worst[i] = Some(key);
        }
        let key = (edge.right_view, -i64::from(edge.left));
        if right_worst[j].is_none_or(|worst| less(key, worst)) {
            right_worst[j] = Some(key);
        }
    }
    let pairs = assignment.pairs();
    let mut blocking: Vec<usize> = (0..edges.len())
        .filter(|&index| {
            let edge = &edges[index];
            let (i, j) = (edge.left as usize, edge.right as usize);
            if pairs
                .binary_search_by_key(&(edge.left, edge.right), |p| (p.left, p.right))
                .is_ok()
            {
                return false;
            }
            let left_wants = left_count[i] < problem.left_capacity[i]
                || left_worst[i]
                    .is_some_and(|worst| less(worst, (edge.left_view, -i64::from(edge.right))));
            let right_wants = right_count[j] < problem.right_capacity[j]
                || right_worst[j]
                    .is_some_and(|worst| less(worst, (edge.right_view, -i64::from(edge.left))));
            left_wants && right_wants
        })
        .collect();
    // Report a pair listed twice once: its first blocking occurrence.
    blocking.sort_by_key(|&index| (edges[index].left, edges[index].right, index));
    blocking.dedup_by_key(|&mut index| (edges[index].left, edges[index].right));
    blocking.sort_unstable();
    blocking
}

#[cfg(test)]
mod tests {
    use crate::{assign, blocking_pairs, AssignConfig, AssignEdge, AssignProblem, Policy};

    fn edge(left: u32, right: u32, left_view: f64, right_view: f64) -> AssignEdge {
        AssignEdge {
            left,
            right,
            weight: left_view + right_view,
            left_view,
            right_view,
        }
    }

    #[test]
    fn rejected_mentee_moves_on() {
        // Mentor 0 (capacity 1) prefers mentee 1; mentee 0 falls back to mentor 1.
        let mut problem = AssignProblem::new(vec![1, 1], vec![1, 1]);
        problem.edges = vec![
            edge(0, 0, 2.0, 1.0),
            edge(0, 1, 1.0, 1.0),
            edge(1, 0, 2.0, 2.0),
        ];
        let stable = assign(
            &problem,
            &AssignConfig {
                policy: Policy::Stable,
            },
        )
        .unwrap();
        assert_eq!(stable.edges().collect::<Vec<_>>(), vec![1, 2]);
        assert!(blocking_pairs(&problem, &stable).is_empty());
    }

    #[test]
    fn zero_capacity_mentor_never_accepts_nor_blocks() {
        let mut problem = AssignProblem::new(vec![1], vec![0, 1]);
        problem.edges = vec![edge(0, 0, 9.0, 9.0), edge(0, 1, 1.0, 1.0)];
        let stable = assign(
            &problem,
            &AssignConfig {
                policy: Policy::Stable,
            },
        )
        .unwrap();
        assert_eq!(stable.edges().collect::<Vec<_>>(), vec![1]);
        assert!(blocking_pairs(&problem, &stable).is_empty());
    }
}
