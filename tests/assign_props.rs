//! Property tests for assignment: every policy against brute force on small
//! instances with capacities and pinned pairs, the exact solvers against
//! pathfinding's Kuhn–Munkres, and the invariants (capacities, stability,
//! mentee-optimality, greedy bounds, determinism).

use mentormatch::{
    assign, assign_dense, assign_dense_least, blocking_pairs, AssignConfig, AssignEdge,
    AssignProblem, Assignment, Policy,
};
use pathfinding::prelude::{kuhn_munkres, Matrix};
use proptest::prelude::*;

fn run(problem: &AssignProblem, policy: Policy) -> Assignment {
    assign(problem, &AssignConfig { policy }).unwrap()
}

/// Small problems: up to 4 x 4 nodes, capacities up to 2 and 3, weights and
/// views on a half-integer grid (so float sums are exact), a few pins.
fn small_problem() -> impl Strategy<Value = AssignProblem> {
    (0usize..=4, 0usize..=4)
        .prop_flat_map(|(n_left, n_right)| {
            let pairs = n_left * n_right;
            (
                prop::collection::vec(0u32..=2, n_left),
                prop::collection::vec(0u32..=3, n_right),
                prop::collection::vec((any::<bool>(), -6i32..=20, -4i32..=4, -4i32..=4), pairs),
                prop::collection::vec(any::<prop::sample::Index>(), 0..=2),
                Just(n_right),
            )
        })
        .prop_map(|(left, right, cells, pins, n_right)| {
            let mut problem = AssignProblem::new(left, right);
            for (index, &(present, weight, left_view, right_view)) in cells.iter().enumerate() {
                if present {
                    problem.edges.push(AssignEdge {
                        left: (index / n_right) as u32,
                        right: (index % n_right) as u32,
                        weight: f64::from(weight) / 2.0,
                        left_view: f64::from(left_view),
                        right_view: f64::from(right_view),
                    });
                }
            }
            if !problem.edges.is_empty() {
                problem.pinned = pins.iter().map(|i| i.index(problem.edges.len())).collect();
            }
            problem
        })
}

/// Every feasible assignment: all pinned edges plus any subset of the other
/// edges within the capacities left after the pins.
fn feasible(problem: &AssignProblem) -> Vec<Vec<usize>> {
    let mut pinned = problem.pinned.clone();
    pinned.sort_unstable();
    pinned.dedup();
    let mut left_cap = problem.left_capacity.clone();
    let mut right_cap = problem.right_capacity.clone();
    for &e in &pinned {
        let edge = &problem.edges[e];
        left_cap[edge.left as usize] = left_cap[edge.left as usize].saturating_sub(1);
        right_cap[edge.right as usize] = right_cap[edge.right as usize].saturating_sub(1);
    }
    let free: Vec<usize> = (0..problem.edges.len())
        .filter(|e| !pinned.contains(e))
        .collect();
    assert!(free.len() <= 16);
    let mut all = Vec::new();
    for mask in 0u32..(1 << free.len()) {
        let chosen: Vec<usize> = (0..free.len())
            .filter(|bit| mask & (1 << bit) != 0)
            .map(|bit| free[bit])
            .collect();
        let mut l = vec![0u32; left_cap.len()];
        let mut r = vec![0u32; right_cap.len()];
        for &e in &chosen {
            l[problem.edges[e].left as usize] += 1;
            r[problem.edges[e].right as usize] += 1;
        }
        if l.iter().zip(&left_cap).all(|(a, b)| a <= b)
            && r.iter().zip(&right_cap).all(|(a, b)| a <= b)
        {
            let mut all_edges = pinned.clone();
            all_edges.extend(chosen);
            all.push(all_edges);
        }
    }
    all
}

fn total(problem: &AssignProblem, edges: &[usize]) -> f64 {
    edges.iter().map(|&e| problem.edges[e].weight).sum()
}

/// Our problems have no duplicate pairs, so an assignment is a set of edges.
fn respects_capacities_and_pins(problem: &AssignProblem, got: &Assignment) -> bool {
    feasible_set(problem, &got.edges().collect::<Vec<_>>())
}

fn feasible_set(problem: &AssignProblem, edges: &[usize]) -> bool {
    let mut sorted = edges.to_vec();
    sorted.sort_unstable();
    feasible(problem).iter().any(|candidate| {
        let mut c = candidate.clone();
        c.sort_unstable();
        c == sorted
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn optimal_matches_brute_force(problem in small_problem()) {
        let got = run(&problem, Policy::Optimal);
        prop_assert!(respects_capacities_and_pins(&problem, &got));
        let best = feasible(&problem)
            .iter()
            .map(|edges| total(&problem, edges))
            .fold(f64::NEG_INFINITY, f64::max);
        prop_assert_eq!(got.total(), best);
    }

    #[test]
    fn coverage_matches_brute_force(problem in small_problem()) {
        let got = run(&problem, Policy::Coverage);
        prop_assert!(respects_capacities_and_pins(&problem, &got));
        // People with at least one pair first, then pairs, then total.
        let people = |edges: &[usize]| {
            let mut lefts: Vec<u32> = edges.iter().map(|&e| problem.edges[e].left).collect();
            lefts.sort_unstable();
            lefts.dedup();
            lefts.len()
        };
        let best = feasible(&problem)
            .iter()
            .map(|edges| (people(edges), edges.len(), total(&problem, edges)))
            .fold((0, 0, f64::NEG_INFINITY), |a, b| {
                if (b.0, b.1, b.2) > (a.0, a.1, a.2) { b } else { a }
            });
        let chosen: Vec<usize> = got.edges().collect();
        prop_assert_eq!((people(&chosen), got.len(), got.total()), best);
    }

    #[test]
    fn greedy_is_feasible_and_within_half_of_optimal(problem in small_problem()) {
        let greedy = run(&problem, Policy::Greedy);
        let optimal = run(&problem, Policy::Optimal);
        prop_assert!(respects_capacities_and_pins(&problem, &greedy));
        let mut pins = problem.pinned.clone();
        pins.sort_unstable();
        pins.dedup();
        let pinned = total(&problem, &pins);
        prop_assert!(optimal.total() >= greedy.total());
        prop_assert!(greedy.total() - pinned >= (optimal.total() - pinned) / 2.0);
    }

    #[test]
    fn stable_has_no_blocking_pair_and_respects_capacities(problem in small_problem()) {
        let mut problem = problem;
        problem.pinned.clear();
        let got = run(&problem, Policy::Stable);
        prop_assert!(respects_capacities_and_pins(&problem, &got));
        prop_assert_eq!(blocking_pairs(&problem, &got), Vec::<usize>::new());
    }

    #[test]
    fn stable_is_mentee_optimal(problem in small_problem()) {
        // Mentee-optimality is defined for one mentor per mentee.
        let mut problem = problem;
        problem.pinned.clear();
        problem.left_capacity.iter_mut().for_each(|c| *c = (*c).min(1));
        let got = run(&problem, Policy::Stable);
        // A mentee's rank of an edge: higher view first, then lower index.
        let key = |e: usize| (problem.edges[e].left_view, -i64::from(problem.edges[e].right));
        let partner = |edges: &[usize], left: u32| {
            edges.iter().copied().find(|&e| problem.edges[e].left == left)
        };
        let ours: Vec<usize> = got.edges().collect();
        for other in feasible(&problem) {
            let other_assignment = Assignment::from_edges(&problem, &other).unwrap();
            if !blocking_pairs(&problem, &other_assignment).is_empty() {
                continue;
            }
            for left in 0..problem.left_capacity.len() as u32 {
                match (partner(&ours, left), partner(&other, left)) {
                    (_, None) => {}
                    (None, Some(_)) => prop_assert!(false, "mentee {} unmatched but has a stable partner", left),
                    (Some(a), Some(b)) => {
                        let (ka, kb) = (key(a), key(b));
                        prop_assert!(ka.0 > kb.0 || (ka.0 == kb.0 && ka.1 >= kb.1));
                    }
                }
            }
        }
    }

    #[test]
    fn every_policy_is_deterministic(problem in small_problem()) {
        for policy in [Policy::Optimal, Policy::Coverage, Policy::Stable, Policy::Greedy] {
            // Two solves of one problem: no state, hashing or scheduling
            // may change the answer.
            let (first, again) = (run(&problem, policy), run(&problem, policy));
            prop_assert_eq!(first, again);
        }
    }

    #[test]
    fn agrees_with_kuhn_munkres_on_square_matrices(
        n in 1usize..=7,
        cells in prop::collection::vec(-50i64..=50, 49),
        distinct in prop::sample::select(vec![2i64, 3, 101]),
    ) {
        // Few distinct values stress ties, many stress the search.
        let weights: Vec<i64> = cells[..n * n].iter().map(|w| w.rem_euclid(distinct)).collect();
        let matrix = Matrix::from_vec(n, n, weights.clone()).unwrap();
        let (expected, _) = kuhn_munkres(&matrix);
        let scores: Vec<f64> = weights.iter().map(|&w| w as f64).collect();
        let dense = assign_dense(&scores, n, n).unwrap();
        prop_assert_eq!(dense.total(), expected as f64);
        prop_assert_eq!(dense.len(), n);

        let mut problem = AssignProblem::new(vec![1; n], vec![1; n]);
        for (index, &score) in scores.iter().enumerate() {
            problem.add_edge((index / n) as u32, (index % n) as u32, score);
        }
        let coverage = run(&problem, Policy::Coverage);
        prop_assert_eq!(coverage.total(), expected as f64);
        prop_assert_eq!(coverage.len(), n);
    }

    #[test]
    fn dense_rectangular_and_forbidden_agree_with_sparse(
        rows in 1usize..=6,
        cols in 1usize..=6,
        cells in prop::collection::vec((-20i32..=20, 0u8..10), 36),
    ) {
        // About one entry in ten is forbidden (-inf).
        let scores: Vec<f64> = cells[..rows * cols]
            .iter()
            .map(|&(w, f)| if f == 0 { f64::NEG_INFINITY } else { f64::from(w) / 4.0 })
            .collect();
        let dense = assign_dense(&scores, rows, cols).unwrap();
        let mut problem = AssignProblem::new(vec![1; rows], vec![1; cols]);
        for (index, &score) in scores.iter().enumerate() {
            if score.is_finite() {
                problem.add_edge((index / cols) as u32, (index % cols) as u32, score);
            }
        }
        let coverage = run(&problem, Policy::Coverage);
        prop_assert_eq!((dense.len(), dense.total()), (coverage.len(), coverage.total()));
        for pair in dense.pairs() {
            prop_assert_eq!(pair.edge, pair.left as usize * cols + pair.right as usize);
            prop_assert!(scores[pair.edge].is_finite());
        }
    }
}

/// The next state of a xorshift generator (`state` never 0).
fn xorshift(mut state: u64) -> u64 {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    state
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Sizes that span several of the dense solver's blocks of 64 columns
    /// (and a partial last block), with rows up to and below the columns:
    /// few distinct values (ties everywhere; from 96 columns a third of a
    /// row is at the best, and they are solved on the scores, not their
    /// multiples), many, Machol–Wien's `i·j`,
    /// whose augmenting paths are long, and values too many for the `f32`
    /// multiples (up to 10^9: quantized `f64`); and levels of 1/40, which
    /// binary fractions hold only approximately, solved on their
    /// multiples.
    #[test]
    fn dense_agrees_with_kuhn_munkres_across_column_blocks(
        rows in 1usize..=150,
        extra in prop::sample::select(vec![0usize, 1, 7, 70]),
        kind in 0u8..6,
        seed in any::<u64>(),
    ) {
        let cols = rows + extra;
        let mut state = seed | 1;
        let weights: Vec<i64> = (0..rows * cols)
            .map(|index| {
                state = xorshift(state);
                let (i, j) = ((index / cols) as i64, (index % cols) as i64);
                match kind {
                    0 => (state % 3) as i64,
                    1 => (state % 40) as i64,
                    2 => (state % 1_000_000) as i64,
                    3 => -(i + 1) * (j + 1),
                    4 => (state % 1_000_000_000) as i64,
                    _ => (state % 41) as i64,
                }
            })
            .collect();
        let matrix = Matrix::from_vec(rows, cols, weights.clone()).unwrap();
        let (expected, _) = kuhn_munkres(&matrix);
        let fortieths = kind == 5;
        let scores: Vec<f64> = weights
            .iter()
            .map(|&w| if fortieths { w as f64 / 40.0 } else { w as f64 })
            .collect();
        let dense = assign_dense(&scores, rows, cols).unwrap();
        let chosen: i64 = dense.pairs().iter().map(|pair| weights[pair.edge]).sum();
        prop_assert_eq!(chosen, expected);
        if !fortieths {
            prop_assert_eq!(dense.total(), expected as f64);
        }
        prop_assert_eq!(dense.len(), rows);
        let mut used = vec![false; cols];
        for pair in dense.pairs() {
            prop_assert!(!std::mem::replace(&mut used[pair.right as usize], true));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Least total cost on costs is greatest total score on their
    /// negation, with `+inf` forbidding where `-inf` does: the same total,
    /// every row or column used once, shapes tall and wide, across blocks.
    #[test]
    fn least_cost_is_greatest_score_negated(
        rows in 1usize..=80,
        cols in 1usize..=80,
        distinct in prop::sample::select(vec![3i64, 41, 1_000_000]),
        forbid in 0u8..3,
        seed in any::<u64>(),
    ) {
        let mut state = seed | 1;
        let costs: Vec<f64> = (0..rows * cols)
            .map(|_| {
                state = xorshift(state);
                // About one entry in 40 forbidden, when `forbid` is 0.
                if forbid == 0 && state % 40 == 0 {
                    f64::INFINITY
                } else {
                    (state % distinct as u64) as f64 / 4.0
                }
            })
            .collect();
        let negated: Vec<f64> = costs.iter().map(|&c| -c).collect();
        let least = assign_dense_least(&costs, rows, cols).unwrap();
        let greatest = assign_dense(&negated, rows, cols).unwrap();
        prop_assert_eq!(least.len(), greatest.len());
        prop_assert_eq!(least.total(), -greatest.total());
        let (mut row_used, mut col_used) = (vec![false; rows], vec![false; cols]);
        for pair in least.pairs() {
            prop_assert!(costs[pair.edge].is_finite());
            prop_assert!(!std::mem::replace(&mut row_used[pair.left as usize], true));
            prop_assert!(!std::mem::replace(&mut col_used[pair.right as usize], true));
        }
        if rows <= cols && forbid != 0 {
            let integers: Vec<i64> = negated.iter().map(|&s| (s * 4.0) as i64).collect();
            let (expected, _) = kuhn_munkres(&Matrix::from_vec(rows, cols, integers).unwrap());
            prop_assert_eq!(least.total(), -(expected as f64) / 4.0);
        }
    }
}

#[test]
fn least_cost_refuses_minus_infinity_and_nan() {
    for bad in [f64::NEG_INFINITY, f64::NAN] {
        let err = assign_dense_least(&[1.0, bad, 2.0, 3.0], 2, 2).unwrap_err();
        assert!(err.to_string().contains("[0][1]"), "{err}");
    }
    let err = assign_dense(&[1.0, f64::INFINITY, 2.0, 3.0], 2, 2).unwrap_err();
    assert!(err.to_string().contains("[0][1]"), "{err}");
}

/// The case: A may take two mentors and values both at 0.9; B only
/// fits M1, at 0.1. Coverage gives B a mentor; optimal does not.
#[test]
fn coverage_counts_people_before_pairs() {
    let mut problem = AssignProblem::new(vec![2, 1], vec![1, 1]);
    problem.add_edge(0, 0, 0.9);
    problem.add_edge(0, 1, 0.9);
    problem.add_edge(1, 0, 0.1);
    let coverage = run(&problem, Policy::Coverage);
    assert_eq!(coverage.mentors_of(0).collect::<Vec<_>>(), vec![1]);
    assert_eq!(coverage.mentors_of(1).collect::<Vec<_>>(), vec![0]);
    let optimal = run(&problem, Policy::Optimal);
    assert_eq!(optimal.mentors_of(1).count(), 0);
    assert_eq!(optimal.total(), 1.8);
    // A pinned first pair of A makes its second worth a slot only.
    problem.pinned = vec![0];
    let pinned = run(&problem, Policy::Coverage);
    assert_eq!(pinned.len(), 2);
    assert_eq!(pinned.mentors_of(1).count(), 0, "M1 is A's by the pin");
}

#[test]
fn policies_serialise_in_lowercase() {
    for (policy, name) in [
        (Policy::Optimal, "optimal"),
        (Policy::Coverage, "coverage"),
        (Policy::Stable, "stable"),
        (Policy::Greedy, "greedy"),
    ] {
        let config = AssignConfig { policy };
        let json = format!("{{\"policy\":\"{name}\"}}");
        assert_eq!(serde_json::to_string(&config).unwrap(), json);
        assert_eq!(serde_json::from_str::<AssignConfig>(&json).unwrap(), config);
    }
    let default: AssignConfig = serde_json::from_str("{}").unwrap();
    assert_eq!(default.policy, Policy::Optimal);
}
