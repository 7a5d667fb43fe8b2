//! The solvers on numpy arrays: `linear_sum_assignment` (scipy's dense
//! problem), `min_weight_full_bipartite_matching` (scipy's sparse one) and
//! `assign` (the library's b-matching). The Python layer converts inputs as
//! scipy does; here the numbers are checked, turned into the library's
//! maximisation, and solved with the GIL released.

use mentormatch::{
    assign_dense, assign_dense_least, AssignConfig, AssignEdge, AssignProblem, Assignment, Policy,
};
use numpy::{PyArray1, PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// scipy's message for NaN, and for an infinity on the wrong side.
const INVALID: &str = "matrix contains invalid numeric entries";
/// scipy's message when not every row (or column) can be assigned.
const INFEASIBLE: &str = "cost matrix is infeasible";
/// scipy's message when the sparse graph has no full matching.
const NO_FULL_MATCHING: &str = "no full matching exists";

/// Row and column indices of an assignment, rows ascending, as scipy's
/// `int64` arrays.
type Indices<'py> = (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<i64>>);

/// The dense assignment of `cost` (C-contiguous `float64`, converted by the
/// caller): `min(rows, cols)` pairs of least total cost (greatest with
/// `maximize`), `+inf` (`-inf` when maximising) marking a forbidden pair.
#[pyfunction]
#[pyo3(signature = (cost, maximize))]
pub fn linear_sum_assignment<'py>(
    py: Python<'py>,
    cost: PyReadonlyArray2<'py, f64>,
    maximize: bool,
) -> PyResult<Indices<'py>> {
    let (rows, cols) = (cost.shape()[0], cost.shape()[1]);
    let cost = cost.as_slice()?;
    let solved = py.allow_threads(|| -> Result<Option<Assignment>, &'static str> {
        if rows == 0 || cols == 0 {
            return Ok(None);
        }
        // scipy negates a matrix to maximise and then refuses NaN and -inf:
        // so NaN always, and the infinity that would be a bonus, not a ban.
        let bonus = if maximize {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        };
        let Checked {
            invalid,
            forbidden,
            largest,
            integers,
        } = check(cost, bonus);
        if invalid {
            return Err(INVALID);
        }
        // The library maximises scores (-inf forbidden) or minimises costs
        // (+inf forbidden) in place; only tiny matrices are magnified, into
        // a copy, and then solved as scores.
        let factor = magnify(largest);
        let solved = if factor != 1.0 {
            let sign = if maximize { 1.0 } else { -1.0 };
            let scores: Vec<f64> = cost.iter().map(|&c| c * sign * factor).collect();
            assign_dense(&scores, rows, cols)
        } else if maximize {
            assign_dense(cost, rows, cols)
        } else {
            assign_dense_least(cost, rows, cols)
        }
        .expect("the matrix was checked before solving");
        // With forbidden pairs the library matches as many rows as it can;
        // scipy wants all of the smaller side or nothing.
        if solved.len() < rows.min(cols) {
            return Err(INFEASIBLE);
        }
        let problem = Problem {
            rows,
            cols,
            // Without forbidden pairs the dense solver keeps 48 bits; with
            // them the sparse one does (see `sparse_bits`).
            bits: if forbidden {
                sparse_bits(rows, cols)
            } else {
                47
            },
            exact: integers && largest <= 2f64.powi(47),
            largest,
        };
        let least = |e: usize| if maximize { -cost[e] } else { cost[e] };
        let line = |e: usize| if rows <= cols { e / cols } else { e % cols };
        let solve = |scores: &[f64]| {
            assign_dense(scores, rows, cols).expect("the matrix was checked before solving")
        };
        Ok(Some(refine(
            solved,
            &problem,
            cost.len(),
            least,
            line,
            solve,
        )))
    });
    match solved.map_err(PyValueError::new_err)? {
        None => Ok((empty(py), empty(py))),
        Some(solved) => Ok(pairs(py, &solved)),
    }
}

/// What one pass over a dense matrix finds.
struct Checked {
    /// A NaN or the refused infinity.
    invalid: bool,
    /// The other infinity: a forbidden pair.
    forbidden: bool,
    /// The largest finite magnitude.
    largest: f64,
    /// Whether every finite entry below 2^51 in magnitude is an integer
    /// (larger ones read as not: `exact` needs all below 2^47 anyway).
    integers: bool,
}

/// Every check of a dense matrix in one pass, one running value per lane
/// and no branches, so that it vectorises: integers are found by rounding
/// with `1.5 · 2^52` (not `trunc`, a library call per entry on baseline
/// x86-64).
fn check(cost: &[f64], bonus: f64) -> Checked {
    const LANES: usize = 4;
    const ROUNDER: f64 = 1.5 * (1u64 << 52) as f64;
    let (mut invalid, mut forbidden) = ([false; LANES], [false; LANES]);
    let (mut largest, mut integers) = ([0.0f64; LANES], [true; LANES]);
    let mut lane = |k: usize, c: f64| {
        invalid[k] |= c.is_nan() | (c == bonus);
        forbidden[k] |= c == -bonus;
        let finite = c.is_finite();
        let size = if finite { c.abs() } else { 0.0 };
        largest[k] = if size > largest[k] { size } else { largest[k] };
        integers[k] &= !finite | ((c + ROUNDER) - ROUNDER == c);
    };
    let chunks = cost.chunks_exact(LANES);
    let rest = chunks.remainder();
    for chunk in chunks {
        for (k, &c) in chunk.iter().enumerate() {
            lane(k, c);
        }
    }
    for &c in rest {
        lane(0, c);
    }
    Checked {
        invalid: invalid.contains(&true),
        forbidden: forbidden.contains(&true),
        largest: largest.into_iter().fold(0.0, f64::max),
        integers: !integers.contains(&false),
    }
}

/// The minimum-weight full matching of a CSR matrix given by its arrays:
/// `min(rows, cols)` pairs of least total weight. The caller prepares the
/// matrix as scipy does (negated to maximise, explicit zeros and forbidden
/// entries removed, one entry per pair).
#[pyfunction]
#[pyo3(signature = (rows, cols, indptr, indices, data))]
pub fn full_matching<'py>(
    py: Python<'py>,
    rows: usize,
    cols: usize,
    indptr: PyReadonlyArray1<'py, i64>,
    indices: PyReadonlyArray1<'py, i64>,
    data: PyReadonlyArray1<'py, f64>,
) -> PyResult<Indices<'py>> {
    let (indptr, columns, data) = (indptr.as_slice()?, indices.as_slice()?, data.as_slice()?);
    check_size(rows, "rows")?;
    check_size(cols, "columns")?;
    if indptr.len() != rows + 1 || columns.len() != data.len() {
        return Err(PyValueError::new_err(
            "indptr must have rows + 1 entries and indices as many as data",
        ));
    }
    let solved = py.allow_threads(|| -> Result<Assignment, &'static str> {
        if data.iter().any(|w| !w.is_finite()) {
            return Err(INVALID);
        }
        // The library maximises: the least cost is the greatest negated cost.
        let factor = -magnify(data.iter().fold(0.0f64, |max, w| max.max(w.abs())));
        let mut problem = AssignProblem::new(vec![1; rows], vec![1; cols]);
        problem.edges.reserve(data.len());
        let mut ends = Vec::with_capacity(data.len());
        for row in 0..rows {
            let (start, end) = (indptr[row], indptr[row + 1]);
            let range = usize::try_from(start).ok().zip(usize::try_from(end).ok());
            let Some((start, end)) = range.filter(|&(s, e)| s <= e && e <= data.len()) else {
                return Err("indptr is not a valid CSR row pointer");
            };
            for (&col, &weight) in columns[start..end].iter().zip(&data[start..end]) {
                if !(0..cols as i64).contains(&col) {
                    return Err("a column index is out of range");
                }
                problem.add_edge(row as u32, col as u32, weight * factor);
                ends.push((row as u32, col as u32));
            }
        }
        // Coverage matches as many rows as possible first, then maximises
        // the weight: a full matching of least cost whenever one exists.
        let config = AssignConfig {
            policy: Policy::Coverage,
        };
        let solved =
            mentormatch::assign(&problem, &config).expect("the matrix was checked before solving");
        if solved.len() < rows.min(cols) {
            return Err(NO_FULL_MATCHING);
        }
        let settings = Problem {
            rows,
            cols,
            bits: sparse_bits(rows, cols),
            exact: false,
            largest: data.iter().fold(0.0f64, |max, w| max.max(w.abs())),
        };
        let least = |e: usize| data[e];
        let line = |e: usize| {
            let (row, col) = ends[e];
            (if rows <= cols { row } else { col }) as usize
        };
        let solve = |scores: &[f64]| {
            for (edge, &score) in problem.edges.iter_mut().zip(scores) {
                *edge = AssignEdge::new(edge.left, edge.right, score);
            }
            mentormatch::assign(&problem, &config).expect("the matrix was checked before solving")
        };
        Ok(refine(solved, &settings, data.len(), least, line, solve))
    });
    let solved = solved.map_err(PyValueError::new_err)?;
    Ok(pairs(py, &solved))
}

/// The library's b-matching: the chosen edge indices (ascending) and their
/// total weight.
#[pyfunction]
#[pyo3(signature = (left_capacity, right_capacity, edges, weights, policy))]
pub fn assign<'py>(
    py: Python<'py>,
    left_capacity: PyReadonlyArray1<'py, i64>,
    right_capacity: PyReadonlyArray1<'py, i64>,
    edges: PyReadonlyArray2<'py, i64>,
    weights: PyReadonlyArray1<'py, f64>,
    policy: &str,
) -> PyResult<(Bound<'py, PyArray1<i64>>, f64)> {
    let policy = parse_policy(policy)?;
    let left_capacity = capacities(left_capacity.as_slice()?, "left_capacity")?;
    let right_capacity = capacities(right_capacity.as_slice()?, "right_capacity")?;
    let (weights, edges_shape) = (weights.as_slice()?, edges.shape().to_vec());
    let pairs = edges.as_slice()?;
    if edges_shape[1] != 2 {
        return Err(PyValueError::new_err(format!(
            "edges must be an (E, 2) array of (left, right), got shape ({}, {})",
            edges_shape[0], edges_shape[1]
        )));
    }
    if weights.len() != edges_shape[0] {
        return Err(PyValueError::new_err(format!(
            "{} weights for {} edges",
            weights.len(),
            edges_shape[0]
        )));
    }
    check_size(edges_shape[0], "edges")?;
    let mut problem = AssignProblem::new(left_capacity, right_capacity);
    let (n_left, n_right) = (problem.left_len() as i64, problem.right_len() as i64);
    problem.edges.reserve(weights.len());
    for (index, (pair, &weight)) in pairs.chunks_exact(2).zip(weights).enumerate() {
        let (left, right) = (pair[0], pair[1]);
        if !(0..n_left).contains(&left) || !(0..n_right).contains(&right) {
            return Err(PyValueError::new_err(format!(
                "edge {index} ({left}, {right}) is out of range for {n_left} left and \
                 {n_right} right nodes"
            )));
        }
        if !weight.is_finite() {
            return Err(PyValueError::new_err(format!(
                "edge {index} has a weight that is not finite: {weight}"
            )));
        }
        problem.add_edge(left as u32, right as u32, weight);
    }
    let solved = py
        .allow_threads(|| mentormatch::assign(&problem, &AssignConfig { policy }))
        .map_err(crate::to_py)?;
    let mut chosen: Vec<i64> = solved.edges().map(|e| e as i64).collect();
    chosen.sort_unstable();
    Ok((PyArray1::from_slice(py, &chosen), solved.total()))
}

/// What [`refine`] needs to know of a solved problem.
struct Problem {
    rows: usize,
    cols: usize,
    /// The significant bits the solver kept of the largest magnitude
    /// (less one, for safety).
    bits: i32,
    /// Whether the solver was exact (integers it keeps whole).
    exact: bool,
    /// The largest finite magnitude the solver saw.
    largest: f64,
}

/// The bits the sparse solver keeps: 52, or on balanced problems, where its
/// auction multiplies weights by `S = 2 · units + 1`, `58 - log2(S)`; one
/// less for safety.
fn sparse_bits(rows: usize, cols: usize) -> i32 {
    let units = (2 * (rows + cols) + 1) as f64;
    (57 - units.log2().ceil() as i32).min(51)
}

/// Makes an assignment optimal to the last bits of its own total.
///
/// The library quantises weights to a fixed number of bits of the largest
/// magnitude, so its total is within `k · largest · 2^-bits` of the optimum
/// for `k` pairs: plenty when the optimum is of the order of the entries,
/// not when it is far smaller (costs spread over many orders of magnitude,
/// a minimum made of the tiny ones). Then the costs are reduced (each
/// row's least cost subtracted, or each column's when there are more rows:
/// every full assignment pays exactly one entry per row, or per column, so
/// the optimum stays where it is, and every reduced cost is at least 0) and
/// capped at twice the reduced total `T` of the best assignment so far: an
/// entry above `T` is in no assignment better than it, so the cap changes
/// nothing but the scale, and solving again is exact to `T · 2^-bits`.
/// The first answer stands when its bound is within 1e-10 of its total.
/// Repeated while the total keeps halving; in practice once or twice.
///
/// `least(e)` is entry `e`'s cost in least-cost form (`+inf` forbidden),
/// `line(e)` the row (or column) it is reduced by, and `solve` solves for
/// scores to maximise (`-inf` forbidden) over the same entries.
fn refine(
    first: Assignment,
    problem: &Problem,
    entries: usize,
    least: impl Fn(usize) -> f64,
    line: impl Fn(usize) -> usize,
    mut solve: impl FnMut(&[f64]) -> Assignment,
) -> Assignment {
    let pairs = problem.rows.min(problem.cols);
    let total = |solved: &Assignment, cost: &dyn Fn(usize) -> f64| -> f64 {
        solved.edges().map(cost).sum()
    };
    let bound = pairs as f64 * problem.largest * 2f64.powi(-problem.bits);
    if problem.exact || bound <= 1e-10 * total(&first, &least).abs() {
        return first;
    }
    let lines = if problem.rows <= problem.cols {
        problem.rows
    } else {
        problem.cols
    };
    let mut floor = vec![f64::INFINITY; lines];
    for e in 0..entries {
        floor[line(e)] = floor[line(e)].min(least(e));
    }
    let reduced: Vec<f64> = (0..entries)
        .map(|e| match least(e) {
            f64::INFINITY => f64::INFINITY,
            cost => cost - floor[line(e)],
        })
        .collect();
    // A reduction that overflowed (costs near the largest f64 of both
    // signs) would turn a pair into a forbidden one: keep the first answer.
    if (0..entries).any(|e| least(e).is_finite() && !reduced[e].is_finite()) {
        return first;
    }
    let mut best = first;
    let mut best_total = total(&best, &|e| reduced[e]);
    let mut scores = vec![0.0; entries];
    for _ in 0..10 {
        if best_total <= 0.0 {
            break; // reduced costs are at least 0: nothing is better
        }
        let cap = 2.0 * best_total;
        let scale = magnify(cap);
        for (score, &r) in scores.iter_mut().zip(&reduced) {
            *score = if r == f64::INFINITY {
                f64::NEG_INFINITY
            } else {
                -r.min(cap) * scale
            };
        }
        let next = solve(&scores);
        if next.len() < pairs {
            break; // cannot happen: the cap keeps every pair allowed
        }
        let next_total = total(&next, &|e| reduced[e]);
        let halved = next_total < 0.5 * best_total;
        if next_total < best_total {
            best = next;
            best_total = next_total;
        }
        if !halved {
            break;
        }
    }
    best
}

/// An exact power of two that brings weights whose largest magnitude is
/// `largest` into the range the library's quantisation serves: it scales
/// the largest weight to 2^48 or 2^52 by a power of two of at most 2^1000,
/// so weights below about 1e-287 would lose their precision. Multiplying by
/// a power of two is exact, and the assignment is the same.
fn magnify(largest: f64) -> f64 {
    if largest > 0.0 && largest < 2f64.powi(-500) {
        2f64.powi(600)
    } else {
        1.0
    }
}

/// A policy by its name in the configuration file (`"optimal"`, ...).
pub fn parse_policy(name: &str) -> PyResult<Policy> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).map_err(|_| {
        PyValueError::new_err(format!(
            "unknown policy {name:?}: expected optimal, coverage, stable or greedy"
        ))
    })
}

/// Capacities as the library's `u32`, refusing negative and huge ones.
fn capacities(values: &[i64], name: &str) -> PyResult<Vec<u32>> {
    check_size(values.len(), name)?;
    values
        .iter()
        .enumerate()
        .map(|(index, &c)| {
            u32::try_from(c).map_err(|_| {
                PyValueError::new_err(format!(
                    "{name}[{index}] = {c}: a capacity must be from 0 to {}",
                    u32::MAX
                ))
            })
        })
        .collect()
}

/// The library indexes nodes and edges with `u32`.
fn check_size(len: usize, name: &str) -> PyResult<()> {
    if len >= u32::MAX as usize {
        return Err(PyValueError::new_err(format!(
            "too many {name} ({len}): the solver indexes them with 32 bits"
        )));
    }
    Ok(())
}

fn pairs<'py>(py: Python<'py>, solved: &Assignment) -> Indices<'py> {
    // `pairs` are sorted by (left, right): rows ascending, as scipy returns.
    let rows: Vec<i64> = solved.pairs().iter().map(|p| i64::from(p.left)).collect();
    let cols: Vec<i64> = solved.pairs().iter().map(|p| i64::from(p.right)).collect();
    // Copied into arrays numpy owns (an array over a Rust vector cannot be
    // made writeable again, which scipy's sparse indexing does to views).
    (
        PyArray1::from_slice(py, &rows),
        PyArray1::from_slice(py, &cols),
    )
}

fn empty(py: Python<'_>) -> Bound<'_, PyArray1<i64>> {
    PyArray1::from_slice(py, &[])
}
