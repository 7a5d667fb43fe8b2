//! The greedy baseline: heaviest edge first.

use super::{order_key, AssignProblem, Residual};

/// Takes free edges by decreasing weight (ties by `(left, right)`) while both
/// ends have capacity left, skipping negative weights. On non-negative
/// weights this is a ½-approximation of the optimum, the classic bound for
/// greedy b-matching; it is here as a baseline to compare policies against.
pub(crate) fn solve(problem: &AssignProblem, residual: &Residual) -> Vec<usize> {
    let edges = &problem.edges;
    // Heaviest first; `residual.free` is in (left, right) order, so its
    // position breaks ties. Packed keys keep the sort off scattered memory.
    let mut keys: Vec<(u64, u32)> = residual
        .free
        .iter()
        .enumerate()
        .filter(|&(_, &index)| edges[index].weight >= 0.0)
        .map(|(position, &index)| (!order_key(edges[index].weight), position as u32))
        .collect();
    keys.sort_unstable();
    let order = keys
        .into_iter()
        .map(|(_, position)| residual.free[position as usize]);
    let mut left_capacity = residual.left_capacity.clone();
    let mut right_capacity = residual.right_capacity.clone();
    let mut chosen = Vec::new();
    for index in order {
        let edge = &edges[index];
        let (left, right) = (edge.left as usize, edge.right as usize);
        if left_capacity[left] > 0 && right_capacity[right] > 0 {
            left_capacity[left] -= 1;
            right_capacity[right] -= 1;
            chosen.push(index);
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use crate::{assign, AssignConfig, AssignProblem, Policy};

    #[test]
    fn heaviest_first_with_index_ties() {
        let mut problem = AssignProblem::new(vec![1, 1], vec![1, 1]);
        problem.add_edge(1, 0, 5.0);
        problem.add_edge(0, 0, 5.0);
        problem.add_edge(0, 1, 4.0);
        problem.add_edge(1, 1, -1.0);
        let greedy = assign(
            &problem,
            &AssignConfig {
                policy: Policy::Greedy,
            },
        )
        .unwrap();
        // (0, 0) wins the tie with (1, 0); left 1 is then left alone because
        // its only other pair is negative.
        assert_eq!(greedy.edges().collect::<Vec<_>>(), vec![1]);
        assert_eq!(greedy.total(), 5.0);
    }
}
