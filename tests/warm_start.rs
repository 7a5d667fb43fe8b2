//! `WarmSolver`: an optimal assignment kept between solves. After every
//! kind of change (weights, removed and pinned pairs, capacities, people
//! joining on either side) its answer is a feasible assignment of the
//! changed problem with the total of a cold `assign` of it; the price of
//! forcing a pair is the difference of two cold solves, with and without
//! the pair pinned.

use mentormatch::{assign, AssignConfig, AssignProblem, Assignment, ErrorKind, WarmSolver};
use proptest::prelude::*;

/// The changed problem as a cold solve takes it: removed edges left out
/// (pins renumbered).
fn cold_problem(solver: &WarmSolver) -> AssignProblem {
    let problem = solver.problem();
    let mut cold = AssignProblem::new(
        problem.left_capacity.clone(),
        problem.right_capacity.clone(),
    );
    let mut index = vec![usize::MAX; problem.edges.len()];
    for (e, edge) in problem.edges.iter().enumerate() {
        if !solver.is_removed(e) {
            index[e] = cold.edges.len();
            cold.edges.push(*edge);
        }
    }
    cold.pinned = problem.pinned.iter().map(|&e| index[e]).collect();
    cold
}

/// The answer is feasible for the changed problem (capacities, pins kept
/// beyond them as `assign` keeps them, no removed edge) and as good as a
/// cold solve.
fn check(solver: &WarmSolver, answer: &Assignment) -> Result<(), TestCaseError> {
    let problem = solver.problem();
    let cold = assign(&cold_problem(solver), &AssignConfig::default()).unwrap();
    let scale = 1.0 + problem.edges.iter().map(|e| e.weight.abs()).sum::<f64>();
    prop_assert!(
        (answer.total() - cold.total()).abs() <= 1e-9 * scale,
        "warm {} against cold {}",
        answer.total(),
        cold.total()
    );
    let mut left_used = vec![0u32; problem.left_len()];
    let mut right_used = vec![0u32; problem.right_len()];
    let mut left_pinned = vec![0u32; problem.left_len()];
    let mut right_pinned = vec![0u32; problem.right_len()];
    let mut pinned_pairs = std::collections::HashSet::new();
    for &e in &problem.pinned {
        let edge = problem.edges[e];
        if pinned_pairs.insert((edge.left, edge.right)) {
            left_pinned[edge.left as usize] += 1;
            right_pinned[edge.right as usize] += 1;
        }
    }
    for pair in answer.pairs() {
        prop_assert!(!solver.is_removed(pair.edge));
        left_used[pair.left as usize] += 1;
        right_used[pair.right as usize] += 1;
    }
    for (i, &used) in left_used.iter().enumerate() {
        prop_assert!(used <= problem.left_capacity[i].max(left_pinned[i]));
    }
    for (j, &used) in right_used.iter().enumerate() {
        prop_assert!(used <= problem.right_capacity[j].max(right_pinned[j]));
    }
    for &(left, right) in &pinned_pairs {
        prop_assert!(answer.mentors_of(left).any(|r| r == right));
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Change {
    Weight(usize, i32),
    Remove(usize),
    Pin(usize),
    LeftCapacity(u32, u32),
    RightCapacity(u32, u32),
    AddLeft(u32, Vec<(u32, i32)>),
    AddRight(u32, Vec<(u32, i32)>),
    AddEdges(Vec<(u32, u32, i32)>),
}

fn change() -> impl Strategy<Value = Change> {
    let list = || prop::collection::vec((0u32..8, -3i32..10), 0..5);
    prop_oneof![
        4 => (0usize..200, -3i32..10).prop_map(|(e, w)| Change::Weight(e, w)),
        2 => (0usize..200).prop_map(Change::Remove),
        1 => (0usize..200).prop_map(Change::Pin),
        2 => (0u32..10, 0u32..4).prop_map(|(i, c)| Change::LeftCapacity(i, c)),
        2 => (0u32..10, 0u32..4).prop_map(|(j, c)| Change::RightCapacity(j, c)),
        2 => (0u32..3, list()).prop_map(|(c, l)| Change::AddLeft(c, l)),
        1 => (0u32..3, list()).prop_map(|(c, l)| Change::AddRight(c, l)),
        2 => prop::collection::vec((0u32..10, 0u32..10, -3i32..10), 0..5).prop_map(Change::AddEdges),
    ]
}

/// Applies `change` if it names existing nodes and edges.
fn apply(solver: &mut WarmSolver, change: &Change, scale: f64) {
    let problem = solver.problem();
    let (edges, n_left, n_right) = (
        problem.edges.len(),
        problem.left_len() as u32,
        problem.right_len() as u32,
    );
    let weight = |w: i32| f64::from(w) * scale;
    match change {
        Change::Weight(e, w) if *e < edges => solver.set_weight(*e, weight(*w)).unwrap(),
        Change::Remove(e) if *e < edges && !problem.pinned.contains(e) => {
            solver.remove_edge(*e).unwrap()
        }
        Change::Pin(e) if *e < edges && !solver.is_removed(*e) => solver.pin(*e).unwrap(),
        Change::LeftCapacity(i, c) if *i < n_left => solver.set_left_capacity(*i, *c).unwrap(),
        Change::RightCapacity(j, c) if *j < n_right => solver.set_right_capacity(*j, *c).unwrap(),
        Change::AddLeft(c, list) => {
            let list: Vec<(u32, f64)> = list
                .iter()
                .filter(|x| x.0 < n_right)
                .map(|&(j, w)| (j, weight(w)))
                .collect();
            solver.add_left(*c, &list).unwrap();
        }
        Change::AddRight(c, list) => {
            let list: Vec<(u32, f64)> = list
                .iter()
                .filter(|x| x.0 < n_left)
                .map(|&(i, w)| (i, weight(w)))
                .collect();
            solver.add_right(*c, &list).unwrap();
        }
        Change::AddEdges(list) => {
            let list: Vec<(u32, u32, f64)> = list
                .iter()
                .filter(|x| x.0 < n_left && x.1 < n_right)
                .map(|&(i, j, w)| (i, j, weight(w)))
                .collect();
            solver.add_edges(&list).unwrap();
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Random problems (repeated pairs and pins included), random changes
    /// in batches, each batch solved warm and checked against a cold solve.
    #[test]
    fn every_warm_solve_is_a_cold_optimum(
        left in prop::collection::vec(0u32..3, 1..8),
        right in prop::collection::vec(0u32..4, 1..8),
        edges in prop::collection::vec((0u32..8, 0u32..8, -3i32..10), 0..40),
        pinned in prop::collection::vec(0usize..40, 0..3),
        batches in prop::collection::vec(prop::collection::vec(change(), 1..4), 1..6),
        fine in any::<bool>(),
    ) {
        // Coarse integer weights (ties everywhere) or fine ones.
        let scale = if fine { 0.123_456_789 } else { 1.0 };
        let mut problem = AssignProblem::new(left.clone(), right.clone());
        for &(i, j, w) in &edges {
            if (i as usize) < left.len() && (j as usize) < right.len() {
                problem.add_edge(i, j, f64::from(w) * scale);
            }
        }
        problem.pinned = pinned.into_iter().filter(|&e| e < problem.edges.len()).collect();
        let mut solver = WarmSolver::new(problem).unwrap();
        let first = solver.assignment();
        check(&solver, &first)?;
        for batch in &batches {
            for change in batch {
                apply(&mut solver, change, scale);
            }
            let answer = solver.solve();
            check(&solver, &answer)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The price of a pair against two cold solves; its pairs account for
    /// the totals; the solver itself is not pinned.
    #[test]
    fn the_price_of_a_pair_is_the_drop_of_a_cold_solve_with_it_pinned(
        left in prop::collection::vec(0u32..3, 1..8),
        right in prop::collection::vec(0u32..4, 1..8),
        edges in prop::collection::vec((0u32..5, 0u32..5, -3i32..10), 1..40),
        pinned in prop::collection::vec(0usize..40, 0..2),
        pick in 0usize..40,
        changes in prop::collection::vec(change(), 0..3),
    ) {
        let mut problem = AssignProblem::new(left.clone(), right.clone());
        for &(i, j, w) in &edges {
            let (i, j) = (i % left.len() as u32, j % right.len() as u32);
            problem.add_edge(i, j, f64::from(w) * 0.25);
        }
        problem.pinned = pinned.into_iter().filter(|&e| e < problem.edges.len()).collect();
        let mut solver = WarmSolver::new(problem).unwrap();
        for change in &changes {
            apply(&mut solver, change, 0.25);
        }
        let live: Vec<usize> =
            (0..solver.problem().edges.len()).filter(|&e| !solver.is_removed(e)).collect();
        prop_assume!(!live.is_empty());
        let edge = live[pick % live.len()];
        let price = solver.price(edge).unwrap();
        let before = assign(&cold_problem(&solver), &AssignConfig::default()).unwrap();
        let mut forced = cold_problem(&solver);
        let index = (0..=edge).filter(|&e| !solver.is_removed(e)).count() - 1;
        forced.pinned.push(index);
        let after = assign(&forced, &AssignConfig::default()).unwrap();
        prop_assert!((price.total_before - before.total()).abs() < 1e-9);
        prop_assert!((price.total_after - after.total()).abs() < 1e-9);
        prop_assert!((price.cost - (before.total() - after.total())).abs() < 1e-9);
        let weight = |p: &mentormatch::Pair| solver.problem().edges[p.edge].weight;
        let moved: f64 = price.added.iter().map(weight).sum::<f64>()
            - price.dropped.iter().map(weight).sum::<f64>();
        prop_assert!((price.total_after - price.total_before - moved).abs() < 1e-9);
        // Not pinned: the solver still gives the optimum without the pin.
        prop_assert!((solver.solve().total() - before.total()).abs() < 1e-9);
    }
}

#[test]
fn a_weight_beyond_the_quantizer_starts_again_and_stays_exact() {
    let mut problem = AssignProblem::new(vec![1, 1], vec![1]);
    problem.add_edge(0, 0, 1.0);
    problem.add_edge(1, 0, 0.5);
    let mut solver = WarmSolver::new(problem).unwrap();
    assert_eq!(solver.solve().pairs()[0].left, 0);
    solver.set_weight(1, 1e6).unwrap();
    let answer = solver.solve();
    assert_eq!(answer.pairs()[0].left, 1);
    assert_eq!(answer.total(), 1e6);
    // From all-zero weights too.
    let mut problem = AssignProblem::new(vec![1, 1], vec![1]);
    problem.add_edge(0, 0, 0.0);
    problem.add_edge(1, 0, 0.0);
    let mut solver = WarmSolver::new(problem).unwrap();
    solver.set_weight(1, 1e-9).unwrap();
    assert_eq!(solver.solve().total(), 1e-9);
}

#[test]
fn bad_changes_are_refused_with_the_field_and_value() {
    let mut problem = AssignProblem::new(vec![1], vec![1]);
    problem.add_edge(0, 0, 1.0);
    problem.pinned = vec![0];
    let mut solver = WarmSolver::new(problem).unwrap();
    let kind = |e: mentormatch::Error| e.kind();
    assert_eq!(
        kind(solver.set_weight(3, 1.0).unwrap_err()),
        ErrorKind::OutOfRange
    );
    assert_eq!(
        kind(solver.set_weight(0, f64::NAN).unwrap_err()),
        ErrorKind::OutOfRange
    );
    assert_eq!(
        kind(solver.remove_edge(0).unwrap_err()),
        ErrorKind::Conflict
    );
    assert_eq!(
        kind(solver.set_left_capacity(5, 1).unwrap_err()),
        ErrorKind::OutOfRange
    );
    assert_eq!(
        kind(solver.set_right_capacity(5, 1).unwrap_err()),
        ErrorKind::OutOfRange
    );
    let error = solver.add_left(1, &[(7, 1.0)]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "problem: right = 7: out of range: 1 right nodes"
    );
    assert_eq!(
        kind(solver.add_right(1, &[(0, f64::INFINITY)]).unwrap_err()),
        ErrorKind::OutOfRange
    );
    // Nothing was changed by the refusals.
    assert_eq!(solver.problem().left_len(), 1);
    assert_eq!(solver.problem().right_len(), 1);
    assert_eq!(solver.solve().total(), 1.0);
}
