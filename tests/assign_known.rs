//! Known-answer tests for assignment: a table of small hand-checked cases,
//! Beasley's OR-Library assignment instances, and classic stable-matching
//! examples with published answers.

use std::path::PathBuf;

use mentormatch::{
    assign, assign_dense, blocking_pairs, AssignConfig, AssignEdge, AssignProblem, Assignment,
    Policy,
};

/// A small problem: capacities, `(left, right, weight)` edges, pinned edge
/// indices, and the policy to run.
struct Case {
    name: &'static str,
    left: Vec<u32>,
    right: Vec<u32>,
    edges: Vec<(u32, u32, f64)>,
    pinned: Vec<usize>,
    policy: Policy,
}

/// The expected answer: chosen pairs in `(left, right)` order and the total.
struct Expected {
    pairs: Vec<(u32, u32)>,
    total: f64,
}

fn check(case: &Case, expected: &Expected) {
    let mut problem = AssignProblem::new(case.left.clone(), case.right.clone());
    for &(left, right, weight) in &case.edges {
        problem.add_edge(left, right, weight);
    }
    problem.pinned = case.pinned.clone();
    let config = AssignConfig {
        policy: case.policy,
    };
    let got = assign(&problem, &config).unwrap();
    let pairs: Vec<(u32, u32)> = got.pairs().iter().map(|p| (p.left, p.right)).collect();
    assert_eq!(pairs, expected.pairs, "{}: pairs", case.name);
    assert_eq!(got.total(), expected.total, "{}: total", case.name);
    assert_eq!(
        assign(&problem, &config).unwrap(),
        got,
        "{}: not deterministic",
        case.name
    );
}

fn case(
    name: &'static str,
    policy: Policy,
    left: &[u32],
    right: &[u32],
    edges: &[(u32, u32, f64)],
    pinned: &[usize],
) -> Case {
    Case {
        name,
        left: left.to_vec(),
        right: right.to_vec(),
        edges: edges.to_vec(),
        pinned: pinned.to_vec(),
        policy,
    }
}

fn expected(pairs: &[(u32, u32)], total: f64) -> Expected {
    Expected {
        pairs: pairs.to_vec(),
        total,
    }
}

#[test]
fn known_answers() {
    use Policy::{Coverage, Greedy, Optimal, Stable};
    let table = [
        (
            case("empty problem", Optimal, &[], &[], &[], &[]),
            expected(&[], 0.0),
        ),
        (
            case("no edges", Coverage, &[1, 1], &[3], &[], &[]),
            expected(&[], 0.0),
        ),
        (
            case(
                "a mentee without candidates stays unmatched",
                Optimal,
                &[1, 1, 1],
                &[1, 1],
                &[(0, 0, 2.0), (2, 1, 3.0)],
                &[],
            ),
            expected(&[(0, 0), (2, 1)], 5.0),
        ),
        (
            case(
                "zero capacities on both sides",
                Coverage,
                &[0, 1],
                &[1, 0],
                &[(0, 0, 5.0), (1, 0, 1.0), (1, 1, 9.0)],
                &[],
            ),
            expected(&[(1, 0)], 1.0),
        ),
        (
            case(
                "optimal displaces an earlier mentee",
                Optimal,
                &[1, 1],
                &[1],
                &[(0, 0, 5.0), (1, 0, 10.0)],
                &[],
            ),
            expected(&[(1, 0)], 10.0),
        ),
        (
            case(
                "optimal leaves out a negative pair",
                Optimal,
                &[1, 1],
                &[1, 1],
                &[(0, 0, -3.0), (1, 0, 4.0), (1, 1, 5.0)],
                &[],
            ),
            expected(&[(1, 1)], 5.0),
        ),
        (
            case(
                "coverage buys a second pair with a negative weight",
                Coverage,
                &[1, 1],
                &[1, 1],
                &[(0, 0, -3.0), (1, 0, 4.0), (1, 1, 5.0)],
                &[],
            ),
            expected(&[(0, 0), (1, 1)], 2.0),
        ),
        (
            case(
                "coverage trades weight for a matched mentee",
                Coverage,
                &[1, 1],
                &[1, 1],
                &[(0, 0, 10.0), (0, 1, 1.0), (1, 0, 1.0)],
                &[],
            ),
            expected(&[(0, 1), (1, 0)], 2.0),
        ),
        (
            case(
                "optimal keeps the heavy pair instead",
                Optimal,
                &[1, 1],
                &[1, 1],
                &[(0, 0, 10.0), (0, 1, 1.0), (1, 0, 1.0)],
                &[],
            ),
            expected(&[(0, 0)], 10.0),
        ),
        (
            case(
                "mentor capacity two, mentee capacity two",
                Optimal,
                &[2, 1, 1],
                &[2, 1],
                &[
                    (0, 0, 4.0),
                    (0, 1, 3.0),
                    (1, 0, 5.0),
                    (2, 0, 1.0),
                    (2, 1, 2.0),
                ],
                &[],
            ),
            expected(&[(0, 0), (0, 1), (1, 0)], 12.0),
        ),
        (
            case(
                "greedy takes the single best pair",
                Greedy,
                &[1, 1],
                &[1, 1],
                &[(0, 0, 9.0), (0, 1, 8.0), (1, 0, 7.0), (1, 1, 1.0)],
                &[],
            ),
            expected(&[(0, 0), (1, 1)], 10.0),
        ),
        (
            case(
                "optimal beats greedy",
                Optimal,
                &[1, 1],
                &[1, 1],
                &[(0, 0, 9.0), (0, 1, 8.0), (1, 0, 7.0), (1, 1, 1.0)],
                &[],
            ),
            expected(&[(0, 1), (1, 0)], 15.0),
        ),
        (
            case(
                "a pinned pair is kept although it is poor",
                Optimal,
                &[1, 1],
                &[1, 1],
                &[(0, 0, 9.0), (0, 1, 8.0), (1, 0, 7.0), (1, 1, 1.0)],
                &[3],
            ),
            expected(&[(0, 0), (1, 1)], 10.0),
        ),
        (
            case(
                "pinned pairs beyond a mentor's capacity are all kept",
                Coverage,
                &[1, 1, 1],
                &[1, 1],
                &[(0, 0, 1.0), (1, 0, 1.0), (2, 0, 9.0), (2, 1, 1.0)],
                &[0, 1],
            ),
            expected(&[(0, 0), (1, 0), (2, 1)], 3.0),
        ),
        (
            case(
                "a pinned pair exhausts its mentor and the rest moves around it",
                Optimal,
                &[1, 1],
                &[1, 1],
                &[(0, 0, 1.0), (1, 0, 9.0), (1, 1, 2.0)],
                &[0],
            ),
            expected(&[(0, 0), (1, 1)], 3.0),
        ),
        (
            case(
                "a pinned pair listed twice counts once",
                Optimal,
                &[2],
                &[2],
                &[(0, 0, 1.0), (0, 0, 5.0)],
                &[1, 1],
            ),
            expected(&[(0, 0)], 5.0),
        ),
        (
            case(
                "a duplicated candidate is chosen once",
                Coverage,
                &[2],
                &[2],
                &[(0, 0, 3.0), (0, 0, 4.0)],
                &[],
            ),
            expected(&[(0, 0)], 3.0),
        ),
        (
            case(
                "equal weights: lower indices win",
                Optimal,
                &[1, 1],
                &[1, 1],
                &[(0, 0, 1.0), (0, 1, 1.0), (1, 0, 1.0), (1, 1, 1.0)],
                &[],
            ),
            expected(&[(0, 0), (1, 1)], 2.0),
        ),
        (
            case(
                "stable with symmetric views",
                Stable,
                &[1, 1],
                &[1, 1],
                &[(0, 0, 9.0), (0, 1, 8.0), (1, 0, 7.0), (1, 1, 1.0)],
                &[],
            ),
            expected(&[(0, 0), (1, 1)], 10.0),
        ),
        (
            case(
                "capacity larger than degree",
                Optimal,
                &[u32::MAX],
                &[u32::MAX, 7],
                &[(0, 0, 1.0), (0, 1, 2.0)],
                &[],
            ),
            expected(&[(0, 0), (0, 1)], 3.0),
        ),
    ];
    for (case, expected) in &table {
        check(case, expected);
    }
}

/// Where the shared reference data lives, if it is there.
#[allow(clippy::print_stderr)] // a skipped test must say so
fn orlib_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/orlib-assign");
    if dir.join("assignopt.txt").exists() {
        Some(dir)
    } else if std::env::var_os("MENTORMATCH_REQUIRE_SHARED_DATA").is_some() {
        panic!("OR-Library data {} is required but absent", dir.display());
    } else {
        eprintln!(
            "note: skipping OR-Library tests: {} not found",
            dir.display()
        );
        None
    }
}

/// `(instance, optimum)` from Beasley's table.
fn optima(dir: &std::path::Path) -> Vec<(String, i64)> {
    let text = std::fs::read_to_string(dir.join("assignopt.txt")).expect("assignopt.txt");
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?;
            let value: i64 = words.next()?.parse().ok()?;
            Some((name.to_string(), value))
        })
        .collect()
}

/// A dense instance as `(n, costs)`, row-major.
fn read_dense(path: &std::path::Path) -> (usize, Vec<f64>) {
    let text = std::fs::read_to_string(path).expect("instance");
    let mut numbers = text.split_whitespace().map(|w| w.parse::<f64>().unwrap());
    let n = numbers.next().unwrap() as usize;
    let costs: Vec<f64> = numbers.collect();
    assert_eq!(costs.len(), n * n, "{}", path.display());
    (n, costs)
}

/// A sparse instance as `(n, [(row, col, cost)])`, 0-based.
fn read_sparse(path: &std::path::Path) -> (usize, Vec<(u32, u32, f64)>) {
    let text = std::fs::read_to_string(path).expect("instance");
    let mut numbers = text.split_whitespace().map(|w| w.parse::<u32>().unwrap());
    let n = numbers.next().unwrap() as usize;
    let mut arcs = Vec::new();
    while let (Some(i), Some(j), Some(c)) = (numbers.next(), numbers.next(), numbers.next()) {
        arcs.push((i - 1, j - 1, f64::from(c)));
    }
    (n, arcs)
}

fn is_perfect(assignment: &Assignment, n: usize) -> bool {
    assignment.len() == n && (0..n as u32).all(|row| assignment.mentors_of(row).count() == 1)
}

#[test]
fn orlib_dense_instances_reach_the_published_optimum() {
    let Some(dir) = orlib_dir() else { return };
    for (name, optimum) in optima(&dir) {
        if name.starts_with("assignp") || !name.starts_with("assign") {
            continue;
        }
        let (n, costs) = read_dense(&dir.join(format!("{name}.txt")));
        // Minimising cost is maximising its negation.
        let scores: Vec<f64> = costs.iter().map(|c| -c).collect();
        let dense = assign_dense(&scores, n, n).unwrap();
        assert!(is_perfect(&dense, n), "{name}");
        assert_eq!(dense.total(), -(optimum as f64), "{name} (dense)");

        if n <= 300 {
            // The same instance through the sparse solver, as a complete graph.
            let mut problem = AssignProblem::new(vec![1; n], vec![1; n]);
            for (index, &score) in scores.iter().enumerate() {
                problem.add_edge((index / n) as u32, (index % n) as u32, score);
            }
            let config = AssignConfig {
                policy: Policy::Coverage,
            };
            let sparse = assign(&problem, &config).unwrap();
            assert!(is_perfect(&sparse, n), "{name}");
            assert_eq!(sparse.total(), -(optimum as f64), "{name} (sparse)");
        }
    }
}

#[test]
fn orlib_sparse_instances_reach_the_published_optimum() {
    let Some(dir) = orlib_dir() else { return };
    for (name, optimum) in optima(&dir) {
        if !name.starts_with("assignp") {
            continue;
        }
        let (n, arcs) = read_sparse(&dir.join(format!("{name}.txt")));
        let mut problem = AssignProblem::new(vec![1; n], vec![1; n]);
        for &(row, col, cost) in &arcs {
            problem.add_edge(row, col, -cost);
        }
        let config = AssignConfig {
            policy: Policy::Coverage,
        };
        let got = assign(&problem, &config).unwrap();
        assert!(is_perfect(&got, n), "{name}");
        assert_eq!(got.total(), -(optimum as f64), "{name}");
    }
}

/// A problem from preference lists: `left_prefs[i]` lists right nodes best
/// first, `right_prefs[j]` lists left nodes best first; a pair is a
/// candidate when both list each other, and views are minus the rank.
fn from_preferences(
    left_prefs: &[&[u32]],
    right_prefs: &[&[u32]],
    right_capacity: &[u32],
) -> AssignProblem {
    let mut problem = AssignProblem::new(vec![1; left_prefs.len()], right_capacity.to_vec());
    for (i, list) in left_prefs.iter().enumerate() {
        for (left_rank, &j) in list.iter().enumerate() {
            let Some(right_rank) = right_prefs[j as usize].iter().position(|&x| x == i as u32)
            else {
                continue;
            };
            problem.edges.push(AssignEdge {
                left: i as u32,
                right: j,
                weight: 1.0,
                left_view: -(left_rank as f64),
                right_view: -(right_rank as f64),
            });
        }
    }
    problem
}

fn stable_pairs(problem: &AssignProblem) -> Vec<(u32, u32)> {
    let config = AssignConfig {
        policy: Policy::Stable,
    };
    let got = assign(problem, &config).unwrap();
    assert!(blocking_pairs(problem, &got).is_empty());
    got.pairs().iter().map(|p| (p.left, p.right)).collect()
}

/// All stable one-to-one matchings of a tiny complete instance.
fn all_stable_perfect(problem: &AssignProblem, n: usize) -> Vec<Vec<(u32, u32)>> {
    let mut found = Vec::new();
    let mut perm: Vec<u32> = (0..n as u32).collect();
    permutations(&mut perm, 0, &mut |perm| {
        let edges: Vec<usize> = (0..n)
            .map(|i| {
                problem
                    .edges
                    .iter()
                    .position(|e| e.left == i as u32 && e.right == perm[i])
                    .unwrap()
            })
            .collect();
        let matching = Assignment::from_edges(problem, &edges).unwrap();
        if blocking_pairs(problem, &matching).is_empty() {
            found.push(matching.pairs().iter().map(|p| (p.left, p.right)).collect());
        }
    });
    found
}

fn permutations(items: &mut Vec<u32>, k: usize, visit: &mut impl FnMut(&[u32])) {
    if k == items.len() {
        visit(items);
        return;
    }
    for i in k..items.len() {
        items.swap(k, i);
        permutations(items, k + 1, visit);
        items.swap(k, i);
    }
}

#[test]
fn gale_shapley_1962_example_1_men_optimal() {
    // Gale & Shapley (1962), Example 1: men α, β, γ (0, 1, 2) and women
    // A, B, C (0, 1, 2), each side's rankings cyclic. Three stable
    // matchings exist; men proposing gives every man his first choice.
    let men: [&[u32]; 3] = [&[0, 1, 2], &[1, 2, 0], &[2, 0, 1]];
    let women: [&[u32]; 3] = [&[1, 2, 0], &[2, 0, 1], &[0, 1, 2]];
    let problem = from_preferences(&men, &women, &[1, 1, 1]);
    assert_eq!(stable_pairs(&problem), vec![(0, 0), (1, 1), (2, 2)]);
    let all = all_stable_perfect(&problem, 3);
    assert_eq!(all.len(), 3);
    assert!(all.contains(&vec![(0, 2), (1, 0), (2, 1)])); // women's first choices
    assert!(all.contains(&vec![(0, 1), (1, 2), (2, 0)])); // everyone's second
}

#[test]
fn gale_shapley_1962_example_2_unique_stable_matching() {
    // Gale & Shapley (1962), Example 2 (4 x 4): the only stable set is
    // αC, βD, γA, δB.
    let men: [&[u32]; 4] = [&[0, 1, 2, 3], &[0, 3, 2, 1], &[1, 0, 2, 3], &[3, 1, 2, 0]];
    let women: [&[u32]; 4] = [&[3, 2, 0, 1], &[1, 3, 0, 2], &[3, 0, 1, 2], &[2, 1, 0, 3]];
    let problem = from_preferences(&men, &women, &[1, 1, 1, 1]);
    let expected = vec![(0, 2), (1, 3), (2, 0), (3, 1)];
    assert_eq!(stable_pairs(&problem), expected);
    assert_eq!(all_stable_perfect(&problem, 4), vec![expected]);
}

#[test]
fn nrmp_hospitals_residents_example() {
    // The capacitated example of the NRMP's "How the matching algorithm
    // works" page, as used in the `matching` Python package's tests:
    // residents Ada, Sam, Dani, Jo, Luc; hospitals Mercy, City, General,
    // two places each. Resident-optimal answer: M: L, S; C: D, A; G: J.
    let (a, s, d, j, l) = (0, 1, 2, 3, 4);
    let (m, c, g) = (0, 1, 2);
    let residents: [&[u32]; 5] = [&[c], &[c, m], &[c, m, g], &[c, g, m], &[m, c, g]];
    let hospitals: [&[u32]; 3] = [&[d, l, s, j], &[d, a, s, l, j], &[d, j, l]];
    let problem = from_preferences(&residents, &hospitals, &[2, 2, 2]);
    let mut pairs = stable_pairs(&problem);
    pairs.sort_by_key(|&(left, right)| (right, left));
    assert_eq!(pairs, vec![(s, m), (l, m), (a, c), (d, c), (j, g)]);
}
