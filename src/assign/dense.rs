//! The dense solver: Jonker–Volgenant on a full score matrix, for
//! [`assign_dense`](super::assign_dense).
//!
//! Internally a minimisation over costs `c = -quantized score`, with column
//! duals `v` only; a row's dual is implied as the minimum of its reduced row
//! `c[i][j] - v[j]`. Two invariants carry the correctness and the precision
//! argument:
//!
//! 1. every assigned row's column attains the minimum of its reduced row;
//! 2. an unassigned column's dual is never changed.
//!
//! By (1), for an assigned column `k` of row `i` and any column `j`,
//! `v[j] - v[k] <= c[i][j] - c[i][k] <= 2C` for `C = max |c|`; by (2) a
//! free column keeps its initial dual in `[-C, C]`, and duals only decrease
//! from there. So while a row is unassigned every dual lies in `[-3C, C]`,
//! and every distance or difference the solver forms stays within `12C`.
//! Costs are integers (quantized) with `C <= 2^48`, so all of it is exact in
//! `f64`: integers below 2^53 are. `f64` rather than `i64` because the
//! quantization is then two vectorisable additions instead of a rounding
//! call and a conversion per entry, which at n = 4000 was a third of the
//! solve on easy inputs.

use super::quantize::Quantizer;

const NONE: usize = usize::MAX;

/// Quantized costs are at most 2^48 in magnitude: 12 times that, the
/// largest value formed (module docs), is still exact in `f64`.
pub(crate) const DENSE_BITS: i32 = 48;

/// Maximum-total assignment of `min(rows, cols)` pairs on a complete
/// `rows × cols` matrix of finite scores, quantized by `quantizer`. Returns
/// `(row, col)` pairs.
pub(crate) fn solve(
    scores: &[f64],
    rows: usize,
    cols: usize,
    quantizer: Quantizer,
) -> Vec<(usize, usize)> {
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    // Work with n <= m (fewer rows than columns), as the augmenting paths
    // start from rows and must always find a free column.
    let transposed = rows > cols;
    let (n, m) = if transposed {
        (cols, rows)
    } else {
        (rows, cols)
    };
    let col_of_row = if n == m {
        // Column reduction reads the whole matrix once; doing it while the
        // quantized row is still in cache saves a pass over memory.
        let mut cost = Vec::with_capacity(n * n);
        let mut column_min = vec![f64::INFINITY; n];
        let mut argmin = vec![0usize; n];
        for i in 0..n {
            let start = cost.len();
            let row = &scores[i * n..(i + 1) * n];
            cost.extend(row.iter().map(|&s| -quantizer.quantize_f64(s)));
            for (j, &c) in cost[start..].iter().enumerate() {
                if c < column_min[j] {
                    column_min[j] = c;
                    argmin[j] = i;
                }
            }
        }
        solve_square(&cost, n, column_min, &argmin)
    } else {
        let cost: Vec<f64> = if transposed {
            (0..n)
                .flat_map(|c| (0..m).map(move |r| (r, c)))
                .map(|(r, c)| -quantizer.quantize_f64(scores[r * cols + c]))
                .collect()
        } else {
            scores.iter().map(|&s| -quantizer.quantize_f64(s)).collect()
        };
        solve_min(&cost, n, m)
    };
    col_of_row
        .into_iter()
        .enumerate()
        .map(|(r, c)| if transposed { (c, r) } else { (r, c) })
        .collect()
}

/// Minimum-cost assignment of every row of an `n × m` cost matrix, `n <= m`.
/// Returns each row's column.
pub(crate) fn solve_min(cost: &[f64], n: usize, m: usize) -> Vec<usize> {
    debug_assert!(n <= m && cost.len() == n * m);
    if n == m {
        let mut column_min = vec![f64::INFINITY; n];
        let mut argmin = vec![0usize; n];
        for (i, row) in cost.chunks_exact(n).enumerate() {
            for (j, &c) in row.iter().enumerate() {
                if c < column_min[j] {
                    column_min[j] = c;
                    argmin[j] = i;
                }
            }
        }
        return solve_square(cost, n, column_min, &argmin);
    }
    // The reductions assume a square matrix: with spare columns a dual must
    // stay zero on columns that end unassigned, which column reduction
    // breaks. Shortest augmenting paths from v = 0 keep it.
    let mut state = State::new(cost, n, m);
    state.augment(&(0..n).collect::<Vec<_>>());
    state.row_sol
}

/// The square case, given each column's minimum and the first row
/// attaining it.
fn solve_square(cost: &[f64], n: usize, column_min: Vec<f64>, argmin: &[usize]) -> Vec<usize> {
    let mut state = State::new(cost, n, n);
    if n == 1 {
        state.row_sol[0] = 0;
        return state.row_sol;
    }
    state.v = column_min;
    let free = state.column_reduction_and_transfer(argmin);
    let free = state.take_free_zeros(free);
    let free = state.augmenting_row_reduction(free);
    let free = state.augmenting_row_reduction(free);
    state.augment(&free);
    state.row_sol
}

struct State<'a> {
    cost: &'a [f64],
    n: usize,
    m: usize,
    v: Vec<f64>,
    row_sol: Vec<usize>,
    col_sol: Vec<usize>,
}

impl<'a> State<'a> {
    fn new(cost: &'a [f64], n: usize, m: usize) -> Self {
        State {
            cost,
            n,
            m,
            v: vec![0.0; m],
            row_sol: vec![NONE; n],
            col_sol: vec![NONE; m],
        }
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.cost[i * self.m..(i + 1) * self.m]
    }

    /// Column reduction (each column's dual is its minimum, already in `v`,
    /// and the row attaining it first takes it if free), then reduction
    /// transfer (a row holding
    /// exactly one column lowers that column's dual by its second-best
    /// reduced cost, which makes later augmenting paths shorter). Returns the
    /// rows left without a column.
    fn column_reduction_and_transfer(&mut self, argmin: &[usize]) -> Vec<usize> {
        let n = self.n;
        let mut matches = vec![0u32; n];
        // In reverse column order, as in the original code: it tends to give
        // more distinct assignments.
        for j in (0..n).rev() {
            let i = argmin[j];
            matches[i] += 1;
            if matches[i] == 1 {
                self.row_sol[i] = j;
                self.col_sol[j] = i;
            } else if self.v[j] < self.v[self.row_sol[i]] {
                let previous = self.row_sol[i];
                self.row_sol[i] = j;
                self.col_sol[j] = i;
                self.col_sol[previous] = NONE;
            } else {
                self.col_sol[j] = NONE;
            }
        }
        let mut free = Vec::new();
        for (i, &count) in matches.iter().enumerate() {
            match count {
                0 => free.push(i),
                1 => {
                    let j1 = self.row_sol[i];
                    let row = self.row(i);
                    let second = (0..n)
                        .filter(|&j| j != j1)
                        .map(|j| row[j] - self.v[j])
                        .fold(f64::INFINITY, f64::min);
                    self.v[j1] -= second;
                }
                _ => {}
            }
        }
        free
    }

    /// Each free row takes the first free column where its reduced cost is
    /// 0 (every reduced cost is at least 0 after the reductions, so that is
    /// a minimum of its row: invariant (1) holds, and no dual moves). With
    /// few distinct costs most columns' minima are shared by many rows, of
    /// which column reduction assigns one: here the others find a column
    /// of their own at a scan that usually stops early, instead of an
    /// auction's price war. On distinct costs it finds nothing, at one scan
    /// of each free row. Returns the rows still free.
    fn take_free_zeros(&mut self, free: Vec<usize>) -> Vec<usize> {
        let mut still = Vec::with_capacity(free.len());
        for i in free {
            let row = &self.cost[i * self.m..(i + 1) * self.m];
            let zero = (row.iter().zip(&self.v).zip(&self.col_sol))
                .position(|((&c, &vj), &holder)| holder == NONE && c - vj == 0.0);
            match zero {
                Some(j) => {
                    self.row_sol[i] = j;
                    self.col_sol[j] = i;
                }
                None => still.push(i),
            }
        }
        still
    }

    /// One round of augmenting row reduction: each free row takes its best
    /// column at a price that makes it indifferent to its second best,
    /// displacing the holder, which continues at once while that strictly
    /// raised the price. An auction step with no ε: it keeps invariant (1)
    /// and assigns most rows of a random matrix for O(n) each. Price wars
    /// over near-equal columns are cut off by a step budget; rows still free
    /// then go to the shortest augmenting paths, which are exact.
    fn augmenting_row_reduction(&mut self, mut list: Vec<usize>) -> Vec<usize> {
        let n = self.n;
        let pending = list.len();
        let mut budget = 4 * n + 16;
        let (mut k, mut kept) = (0, 0);
        while k < pending {
            if budget == 0 {
                list.copy_within(k..pending, kept);
                kept += pending - k;
                break;
            }
            budget -= 1;
            let i = list[k];
            k += 1;
            let row = self.row(i);
            let (mut umin, mut j1) = (row[0] - self.v[0], 0);
            let (mut usubmin, mut j2) = (f64::INFINITY, 0);
            // A free column attaining the minimum, if any: with many equal
            // costs the minimum is rarely unique, and taking a free column
            // at it assigns the row for good instead of displacing another.
            let mut free_at_min = if self.col_sol[0] == NONE { 0 } else { NONE };
            for (j, (&c, &vj)) in row.iter().zip(&self.v).enumerate().skip(1) {
                let h = c - vj;
                if h < usubmin {
                    if h >= umin {
                        usubmin = h;
                        j2 = j;
                    } else {
                        usubmin = umin;
                        j2 = j1;
                        umin = h;
                        j1 = j;
                        free_at_min = NONE;
                    }
                }
                if h == umin && free_at_min == NONE && self.col_sol[j] == NONE {
                    free_at_min = j;
                }
            }
            let mut i0 = self.col_sol[j1];
            let raised = umin < usubmin;
            if raised {
                self.v[j1] -= usubmin - umin;
            } else if i0 != NONE {
                // Best and second best tie and the best is held: take a free
                // column at the minimum if there is one, else the second
                // best, which may be free.
                if free_at_min != NONE {
                    j1 = free_at_min;
                } else {
                    j1 = j2;
                }
                i0 = self.col_sol[j1];
            }
            self.row_sol[i] = j1;
            self.col_sol[j1] = i;
            if i0 != NONE {
                self.row_sol[i0] = NONE;
                if raised {
                    // Continue with the displaced row right away, in place.
                    k -= 1;
                    list[k] = i0;
                } else {
                    list[kept] = i0;
                    kept += 1;
                }
            }
        }
        list.truncate(kept);
        list
    }

    /// Shortest augmenting path from each free row: Dijkstra over columns
    /// with plain arrays (every column is a neighbour, so a heap would only
    /// add work). All columns at the current minimum distance are collected
    /// together and checked for a free one before any is expanded, which
    /// ends searches early when many costs are equal.
    // `for k in up..m` with `up` growing inside is deliberate, as in the
    // original code: the loop visits the columns open when it started, and
    // columns that reach the minimum are swapped down to `up`, behind it.
    #[allow(clippy::mut_range_bound)]
    fn augment(&mut self, free_rows: &[usize]) {
        let m = self.m;
        let mut d = vec![0.0; m];
        let mut pred = vec![0usize; m];
        let mut columns: Vec<usize> = (0..m).collect();
        for &free_row in free_rows {
            {
                let row = self.row(free_row);
                for j in 0..m {
                    d[j] = row[j] - self.v[j];
                    pred[j] = free_row;
                    columns[j] = j;
                }
            }
            // columns[..low] are settled, columns[low..up] sit at the
            // current minimum and wait to be expanded, columns[up..] are
            // still open.
            let (mut low, mut up) = (0usize, 0usize);
            let mut settled_before_min = 0;
            let mut min = 0.0;
            let end = 'search: loop {
                if up == low {
                    settled_before_min = low;
                    min = d[columns[up]];
                    up += 1;
                    for k in up..m {
                        let j = columns[k];
                        let h = d[j];
                        if h <= min {
                            if h < min {
                                up = low;
                                min = h;
                            }
                            columns[k] = columns[up];
                            columns[up] = j;
                            up += 1;
                        }
                    }
                    for &j in &columns[low..up] {
                        if self.col_sol[j] == NONE {
                            break 'search j;
                        }
                    }
                }
                let j1 = columns[low];
                low += 1;
                let i = self.col_sol[j1];
                let row = &self.cost[i * m..(i + 1) * m];
                let h = row[j1] - self.v[j1] - min;
                for k in up..m {
                    let j = columns[k];
                    let dist = row[j] - self.v[j] - h;
                    if dist < d[j] {
                        pred[j] = i;
                        if dist == min {
                            if self.col_sol[j] == NONE {
                                break 'search j;
                            }
                            columns[k] = columns[up];
                            columns[up] = j;
                            up += 1;
                        }
                        d[j] = dist;
                    }
                }
            };
            // Settled columns move their duals by how much closer than the
            // free column they are; columns settled at the final minimum
            // move by zero, so they are skipped.
            for &j in &columns[..settled_before_min] {
                self.v[j] += d[j] - min;
            }
            let mut j = end;
            loop {
                let i = pred[j];
                self.col_sol[j] = i;
                let next = self.row_sol[i];
                self.row_sol[i] = j;
                if i == free_row {
                    break;
                }
                j = next;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every assignment of a tiny matrix, cheapest total.
    fn brute_min(cost: &[f64], n: usize, m: usize) -> f64 {
        fn go(cost: &[f64], n: usize, m: usize, row: usize, used: &mut Vec<bool>) -> f64 {
            if row == n {
                return 0.0;
            }
            let mut best = f64::INFINITY;
            for j in 0..m {
                if !used[j] {
                    used[j] = true;
                    let rest = go(cost, n, m, row + 1, used);
                    best = best.min(cost[row * m + j] + rest);
                    used[j] = false;
                }
            }
            best
        }
        go(cost, n, m, 0, &mut vec![false; m])
    }

    fn check_min(cost: &[f64], n: usize, m: usize) {
        let sol = solve_min(cost, n, m);
        let mut seen = vec![false; m];
        for &j in &sol {
            assert!(!seen[j], "column used twice");
            seen[j] = true;
        }
        let total: f64 = sol.iter().enumerate().map(|(i, &j)| cost[i * m + j]).sum();
        assert_eq!(total, brute_min(cost, n, m), "{cost:?} {n}x{m}");
    }

    /// Few distinct costs: column minima shared by many rows, the case
    /// `take_free_zeros` serves, on every square size up to 7.
    #[test]
    fn coarse_matrices_match_brute_force() {
        let mut state = 99u64;
        for n in 2..=7 {
            for _ in 0..300 {
                let cost: Vec<f64> = (0..n * n)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        ((state >> 33) % 3) as f64
                    })
                    .collect();
                check_min(&cost, n, n);
            }
        }
    }

    #[test]
    fn small_matrices_match_brute_force() {
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as i64
        };
        for n in 1..=6 {
            for m in n..=7 {
                for distinct in [2, 3, 100] {
                    for _ in 0..20 {
                        let cost: Vec<f64> =
                            (0..n * m).map(|_| (next() % distinct) as f64).collect();
                        check_min(&cost, n, m);
                    }
                }
            }
        }
    }

    #[test]
    fn all_equal_square() {
        let cost = vec![5.0; 50 * 50];
        check_min(&cost[..36], 6, 6);
        let sol = solve_min(&cost, 50, 50);
        let mut cols = sol.clone();
        cols.sort_unstable();
        assert_eq!(cols, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn tall_matrix_is_transposed() {
        // 3 rows, 2 columns: rows 0 and 2 get the columns.
        let scores = [5.0, 1.0, 0.0, 0.0, 1.0, 6.0];
        let quantizer = Quantizer::for_max(6.0, DENSE_BITS);
        let mut pairs = solve(&scores, 3, 2, quantizer);
        pairs.sort_unstable();
        assert_eq!(pairs, vec![(0, 0), (2, 1)]);
    }
}
