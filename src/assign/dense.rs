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
//! (Within one search a column taken out of it holds a dual of minus
//! infinity, which only ever makes a distance `+inf`; its real dual is
//! kept aside and restored, moved, at the end of the search.)
//! Costs are integers, so all of it is exact in floating point while
//! `12C` is below the mantissa's reach. Two kinds of cost:
//!
//! - **Quantized scores** (`f64`): `C <= 2^48`, exact in `f64` (integers
//!   below 2^53 are). `f64` rather than `i64` because the quantization is
//!   then two vectorisable additions instead of a rounding call and a
//!   conversion per entry, which at n = 4000 was a third of the solve on
//!   easy inputs.
//! - **Multiples** (`f32`): when every score is a whole multiple of one
//!   step (scores of a few levels: k/10, sums of shares of levels), each
//!   within half a unit of the quantization, the solver works on the
//!   multiples, at most 2^20, exact in `f32` (integers below 2^24 are).
//!   The optimum is then exact for scores each moved by at most half a
//!   unit, as quantizing moves them. The multiples are written once, in a
//!   pass that checks every score: half the memory of the scores, read
//!   four to a vector instruction instead of two, with nothing to compute
//!   per entry.

use std::ops::{Add, Sub};

use super::quantize::Quantizer;

const NONE: usize = usize::MAX;

/// Quantized costs are at most 2^48 in magnitude: 12 times that, the
/// largest value formed (module docs), is still exact in `f64`.
pub(crate) const DENSE_BITS: i32 = 48;

/// Multiples are at most 2^20: 12 times that is still exact in `f32`.
const MULTIPLES_MAX: f64 = (1u32 << 20) as f64;

/// Scores read, spread over the matrix, to find the step of a lattice.
const LATTICE_SAMPLE: usize = 4096;

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
    let col_of_row = match on_multiples(scores, rows, cols, quantizer) {
        Some(col_of_row) => col_of_row,
        None if transposed => {
            let transposed: Vec<f64> = (0..cols)
                .flat_map(|c| (0..rows).map(move |r| scores[r * cols + c]))
                .collect();
            solve_rows(Costs::new(&transposed, quantizer, m), n, m)
        }
        None => solve_rows(Costs::new(scores, quantizer, m), n, m),
    };
    let pair = |(a, b)| if transposed { (b, a) } else { (a, b) };
    col_of_row.into_iter().enumerate().map(pair).collect()
}

/// The solve on the multiples of a matrix on a lattice (module docs),
/// held in the narrowest of `i8`, `i16` and `f32` that holds the largest
/// multiple of a sample of the scores; `None` when the sample shows no
/// lattice, or a score is off it or beyond what the type holds.
fn on_multiples(
    scores: &[f64],
    rows: usize,
    cols: usize,
    quantizer: Quantizer,
) -> Option<Vec<usize>> {
    if best_is_common(lattice_sample(scores, cols), quantizer, rows.max(cols)) {
        return None;
    }
    let (factor, tolerance, steps) =
        quantizer.lattice_factor(lattice_sample(scores, cols), MULTIPLES_MAX)?;
    let lattice = Lattice { factor, tolerance };
    if steps <= i8::MAX_WHOLE {
        solve_as::<i8>(scores, rows, cols, lattice)
    } else if steps <= i16::MAX_WHOLE {
        solve_as::<i16>(scores, rows, cols, lattice)
    } else {
        solve_as::<f32>(scores, rows, cols, lattice)
    }
}

/// Whether the sample says a row of `m` scores holds, on average, at
/// least [`COMMON_BEST`] at the best value. Then the reductions assign
/// almost every row with no search (coarse scores, ten levels: 200 a row
/// at n = 2,000), the solve costs little more than the passes that check
/// and reduce the matrix, and writing the multiples would be one pass
/// more, over fresh pages: coarse n = 2,000 took 15–23 ms on the
/// multiples against 6–13 ms on the scores, n = 4,000 about 90 ms against
/// 50 ms (fresh processes, two matrices, three solves each). Where the
/// best is rare the searches are many and the multiples pay: score-like
/// matrices (sums of four criteria of five levels), 3 to 8 best scores a
/// row at n = 1,000 to 4,000, solve in 0.6–0.9 of the time on them.
fn best_is_common(sample: impl Iterator<Item = f64>, quantizer: Quantizer, m: usize) -> bool {
    let (mut best, mut at_best, mut seen) = (i64::MIN, 0usize, 0usize);
    for score in sample {
        let value = quantizer.quantize(score);
        seen += 1;
        if value > best {
            (best, at_best) = (value, 1);
        } else if value == best {
            at_best += 1;
        }
    }
    seen > 0 && at_best * m >= COMMON_BEST * seen
}

/// See [`best_is_common`].
const COMMON_BEST: usize = 32;

/// About [`LATTICE_SAMPLE`] scores spread over the matrix, in steps that
/// are not a whole number of rows (which would read one column only).
fn lattice_sample(scores: &[f64], cols: usize) -> impl Iterator<Item = f64> + '_ {
    let stride = (scores.len() / LATTICE_SAMPLE).max(1);
    let stride = if cols > 1 && stride.is_multiple_of(cols) {
        stride + 1
    } else {
        stride
    };
    scores.iter().step_by(stride).copied()
}

/// What takes a score to its multiple: `round(score · factor)`, within
/// `tolerance` of a whole number.
#[derive(Clone, Copy)]
struct Lattice {
    factor: f64,
    tolerance: f64,
}

/// [`on_multiples`] with the multiples held as `W`.
fn solve_as<W: Whole>(
    scores: &[f64],
    rows: usize,
    cols: usize,
    lattice: Lattice,
) -> Option<Vec<usize>> {
    let costs = multiples::<W>(scores, rows, cols, lattice)?;
    let (n, m) = (rows.min(cols), rows.max(cols));
    Some(solve_rows(
        Costs::new(&costs, Multiples::<W>::default(), m),
        n,
        m,
    ))
}

/// How the multiples of a lattice are held: an integer type as narrow as
/// the largest allows (a pass over the matrix reads a byte an entry instead
/// of eight), or `f32`.
trait Whole: Copy + Default {
    /// The largest magnitude held.
    const MAX_WHOLE: f64;
    /// A whole number of magnitude at most [`Whole::MAX_WHOLE`], given as
    /// an `f64` and as the bits of its sum with [`ROUNDER`] (an integer
    /// type takes it from the low bits, without a saturating conversion).
    fn of(whole: f64, rounded_bits: u64) -> Self;
    fn value(self) -> f32;
}

impl Whole for i8 {
    const MAX_WHOLE: f64 = i8::MAX as f64;
    fn of(_: f64, rounded_bits: u64) -> Self {
        rounded_bits as i8
    }
    fn value(self) -> f32 {
        f32::from(self)
    }
}

impl Whole for i16 {
    const MAX_WHOLE: f64 = i16::MAX as f64;
    fn of(_: f64, rounded_bits: u64) -> Self {
        rounded_bits as i16
    }
    fn value(self) -> f32 {
        f32::from(self)
    }
}

impl Whole for f32 {
    const MAX_WHOLE: f64 = MULTIPLES_MAX;
    fn of(whole: f64, _: u64) -> Self {
        whole as f32
    }
    fn value(self) -> f32 {
        self
    }
}

/// The costs of a matrix on a lattice, `-multiple` of each score,
/// transposed when `rows > cols`; `None` when a score is off the lattice
/// or beyond what `W` holds (found by the pass that writes the costs,
/// which stops at the first row holding one).
fn multiples<W: Whole>(
    scores: &[f64],
    rows: usize,
    cols: usize,
    lattice: Lattice,
) -> Option<Vec<W>> {
    let mut costs = vec![W::default(); scores.len()];
    let mut row_costs = vec![W::default(); cols];
    for (r, row) in scores.chunks_exact(cols).enumerate() {
        let out = if rows > cols {
            &mut row_costs[..]
        } else {
            &mut costs[r * cols..(r + 1) * cols]
        };
        if lattice_row(row, lattice, out) > lattice.tolerance {
            return None;
        }
        if rows > cols {
            for (c, &cost) in row_costs.iter().enumerate() {
                costs[c * rows + r] = cost;
            }
        }
    }
    Some(costs)
}

/// One row's costs `-round(score · factor)` into `out`, and the worst of
/// how far a scaled score lies from its whole number and how large a
/// multiple is, the latter weighed so that exceeding what `W` holds
/// counts as exceeding the tolerance: one running value per lane, no
/// branch and no saturating conversion, so that it vectorises.
fn lattice_row<W: Whole>(row: &[f64], lattice: Lattice, out: &mut [W]) -> f64 {
    let Lattice { factor, tolerance } = lattice;
    let size_weight = tolerance / W::MAX_WHOLE;
    let greater = |a: f64, b: f64| if a > b { a } else { b };
    let one = |score: f64, cost: &mut W| {
        // The cost, negated by the factor; rounded by adding ROUNDER,
        // which leaves it in the sum's low bits too.
        let scaled = score * -factor;
        let rounded = scaled + ROUNDER;
        let whole = rounded - ROUNDER;
        *cost = W::of(whole, rounded.to_bits());
        greater((scaled - whole).abs(), whole.abs() * size_weight)
    };
    let mut worst = [0.0f64; LANES];
    let split = row.len() / LANES * LANES;
    for (scores, costs) in row[..split]
        .chunks_exact(LANES)
        .zip(out[..split].chunks_exact_mut(LANES))
    {
        for k in 0..LANES {
            worst[k] = greater(one(scores[k], &mut costs[k]), worst[k]);
        }
    }
    for (&score, cost) in row[split..].iter().zip(&mut out[split..]) {
        worst[0] = greater(one(score, cost), worst[0]);
    }
    worst.into_iter().fold(0.0, greater)
}

/// Adding this to an `f64` below 2^51 in magnitude rounds it to a whole
/// number (ties to even), held in the sum's low bits in two's complement.
const ROUNDER: f64 = 1.5 * (1u64 << 52) as f64;

/// A number the solver computes with: see the module docs for which and
/// why each is exact.
trait Value: Copy + PartialOrd + Add<Output = Self> + Sub<Output = Self> {
    const ZERO: Self;
    const INFINITY: Self;
    const NEG_INFINITY: Self;
    /// A row index as a value, exact below 2^24 (every row of a matrix
    /// that fits in memory on the `f32` side is below that: see
    /// [`multiples`]).
    fn of_index(i: usize) -> Self;
    fn index(self) -> usize;
}

impl Value for f64 {
    const ZERO: Self = 0.0;
    const INFINITY: Self = f64::INFINITY;
    const NEG_INFINITY: Self = f64::NEG_INFINITY;
    fn of_index(i: usize) -> Self {
        i as f64
    }
    fn index(self) -> usize {
        self as usize
    }
}

impl Value for f32 {
    const ZERO: Self = 0.0;
    const INFINITY: Self = f32::INFINITY;
    const NEG_INFINITY: Self = f32::NEG_INFINITY;
    fn of_index(i: usize) -> Self {
        i as f32
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// The lesser of two values, without a branch.
fn least<V: Value>(a: V, b: V) -> V {
    if b < a {
        b
    } else {
        a
    }
}

/// What the matrix the solver reads holds, and the cost of an entry.
trait Source: Copy {
    type Entry: Copy;
    type Value: Value;
    /// Whether a row expanded again and again is worth storing as costs.
    const STORES: bool;
    fn cost(self, entry: Self::Entry) -> Self::Value;
}

/// Scores, quantized as they are read.
impl Source for Quantizer {
    type Entry = f64;
    type Value = f64;
    const STORES: bool = true;
    fn cost(self, score: f64) -> f64 {
        -self.quantize_f64(score)
    }
}

/// Costs already: the negated multiples of a matrix on a lattice, held
/// as `W`.
#[derive(Clone, Copy, Default)]
struct Multiples<W>(std::marker::PhantomData<W>);

impl<W: Whole> Source for Multiples<W> {
    type Entry = W;
    type Value = f32;
    const STORES: bool = false;
    fn cost(self, cost: W) -> f32 {
        cost.value()
    }
}

/// Each column's least cost and the first row attaining it, for column
/// reduction. The row is kept as a value of the same width as the cost,
/// so that a pass compiles to vector selects.
struct Minima<V> {
    min: Vec<V>,
    arg: Vec<V>,
}

impl<V: Value> Minima<V> {
    fn new(columns: usize) -> Self {
        Minima {
            min: vec![V::INFINITY; columns],
            arg: vec![V::ZERO; columns],
        }
    }

    /// Row `i`'s costs, in column order.
    fn take_row(&mut self, i: usize, costs: impl Iterator<Item = V>) {
        let row = V::of_index(i);
        for ((c, min), arg) in costs.zip(&mut self.min).zip(&mut self.arg) {
            let lower = c < *min;
            *min = if lower { c } else { *min };
            *arg = if lower { row } else { *arg };
        }
    }
}

/// Minimum-cost assignment of every row of an `n × m` matrix, `n <= m`.
/// Returns each row's column.
fn solve_rows<S: Source>(costs: Costs<S>, n: usize, m: usize) -> Vec<usize> {
    if n == m {
        // Column reduction reads the whole matrix once, without storing it.
        let mut minima = Minima::new(n);
        for i in 0..n {
            minima.take_row(i, costs.source_row(i).iter().map(|&s| costs.cost(s)));
        }
        let argmin: Vec<usize> = minima.arg.into_iter().map(Value::index).collect();
        return solve_square(costs, n, minima.min, &argmin);
    }
    // The reductions assume a square matrix: with spare columns a dual must
    // stay zero on columns that end unassigned, which column reduction
    // breaks. Shortest augmenting paths from v = 0 keep it.
    let mut state = State::new(costs, n, m);
    state.augment(&(0..n).collect::<Vec<_>>());
    state.row_sol
}

/// The costs the solver minimises, computed as read. With quantized
/// scores a row that augmenting paths expand again and again (on
/// Machol–Wien hundreds of times) is stored at its [`STORE_AT`]-th
/// expansion; before that, and for every other pass, costs are quantized
/// from the scores on the fly. Each stored row has an allocation of its
/// own: quantizing a 4000 × 4000 matrix into a copy up front took 110 ms,
/// most of it the 128 MB of new pages, where a coarse matrix is then
/// solved in 8 ms (and a zeroed matrix for the rows is cleared in full
/// when the allocator reuses memory, as it does from one solve to the
/// next).
struct Costs<'a, S: Source> {
    entries: &'a [S::Entry],
    source: S,
    m: usize,
    stored: Vec<Option<Box<[S::Value]>>>,
    /// Per row: how many times it was expanded, up to [`STORE_AT`] when
    /// it is stored.
    expansions: Vec<u8>,
}

/// The expansion of a row at which it is stored. Storing costs about as
/// much as a few passes that quantize on the fly (new pages, a write):
/// storing at the second expansion made score-like matrices, whose rows are
/// expanded a few times each, no faster than a copy up front; never storing
/// made Machol–Wien 19% slower.
const STORE_AT: u8 = 8;

/// A row as an expansion reads it.
enum Row<'r, S: Source> {
    Stored(&'r [S::Value]),
    Entries(&'r [S::Entry], S),
}

impl<'a, S: Source> Costs<'a, S> {
    fn new(entries: &'a [S::Entry], source: S, m: usize) -> Self {
        let rows = if S::STORES { entries.len() / m } else { 0 };
        Costs {
            entries,
            source,
            m,
            stored: vec![None; rows],
            expansions: vec![0; rows],
        }
    }

    /// The cost of an entry.
    fn cost(&self, entry: S::Entry) -> S::Value {
        self.source.cost(entry)
    }

    /// Row `i`'s entries, for a pass that maps them through [`Costs::cost`].
    fn source_row(&self, i: usize) -> &'a [S::Entry] {
        &self.entries[i * self.m..(i + 1) * self.m]
    }

    /// Row `i`'s cost in column `j`.
    fn at(&self, i: usize, j: usize) -> S::Value {
        match self.stored.get(i) {
            Some(Some(row)) => row[j],
            _ => self.cost(self.entries[i * self.m + j]),
        }
    }

    /// Row `i`, to be expanded: stored at its [`STORE_AT`]-th expansion
    /// when the source [stores](Source::STORES).
    fn expand(&mut self, i: usize) -> Row<'_, S> {
        let m = self.m;
        let entries = &self.entries[i * m..(i + 1) * m];
        if !S::STORES {
            return Row::Entries(entries, self.source);
        }
        let expansions = &mut self.expansions[i];
        if *expansions < STORE_AT {
            *expansions += 1;
        }
        if *expansions < STORE_AT {
            return Row::Entries(entries, self.source);
        }
        let source = self.source;
        let row =
            self.stored[i].get_or_insert_with(|| entries.iter().map(|&s| source.cost(s)).collect());
        Row::Stored(row)
    }
}

/// The square case, given each column's minimum and the first row
/// attaining it.
fn solve_square<S: Source>(
    costs: Costs<S>,
    n: usize,
    column_min: Vec<S::Value>,
    argmin: &[usize],
) -> Vec<usize> {
    let mut state = State::new(costs, n, n);
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

struct State<'a, S: Source> {
    costs: Costs<'a, S>,
    n: usize,
    m: usize,
    v: Vec<S::Value>,
    row_sol: Vec<usize>,
    col_sol: Vec<usize>,
}

impl<'a, S: Source> State<'a, S> {
    fn new(costs: Costs<'a, S>, n: usize, m: usize) -> Self {
        State {
            costs,
            n,
            m,
            v: vec![S::Value::ZERO; m],
            row_sol: vec![NONE; n],
            col_sol: vec![NONE; m],
        }
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
                    let costs = &self.costs;
                    let (least, at, second, _) =
                        two_least(costs.source_row(i), |s| costs.cost(s), &self.v);
                    // The least reduced cost of the row's other columns.
                    let other = if at == j1 { second } else { least };
                    self.v[j1] = self.v[j1] - other;
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
            let row = self.costs.source_row(i);
            let zero =
                (row.iter().zip(&self.v).zip(&self.col_sol)).position(|((&s, &vj), &holder)| {
                    holder == NONE && self.costs.cost(s) - vj == S::Value::ZERO
                });
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
            let costs = &self.costs;
            let row = costs.source_row(i);
            let (umin, mut j1, usubmin, j2) = two_least(row, |s| costs.cost(s), &self.v);
            let mut i0 = self.col_sol[j1];
            let raised = umin < usubmin;
            if raised {
                self.v[j1] = self.v[j1] - (usubmin - umin);
            } else if i0 != NONE {
                // Best and second best tie and the best is held: take a free
                // column at the minimum if there is one (with many equal
                // costs the minimum is rarely unique, and taking a free
                // column at it assigns the row for good instead of
                // displacing another), else the second best, which may be
                // free.
                let costs = &self.costs;
                let row = costs.source_row(i);
                j1 = (row.iter().zip(&self.v).zip(&self.col_sol))
                    .position(|((&s, &vj), &holder)| holder == NONE && costs.cost(s) - vj == umin)
                    .unwrap_or(j2);
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
    /// add work). All columns at the current minimum distance are taken out
    /// together and checked for a free one before any is expanded, which
    /// ends searches early when many costs are equal.
    ///
    /// Each expansion relaxes the open columns in one pass over contiguous
    /// arrays with no branch and no index, which the compiler turns into
    /// vector instructions; skipping the columns taken out one by one
    /// would need loads through an index, which do not vectorise. Instead
    /// a column taken out of the search has its dual set to minus infinity
    /// meanwhile, so its distance stays infinite and never improves, and
    /// blocks of [`BLOCK`] columns all taken out are skipped whole. Each
    /// block notes its least distance, so finding the columns at the
    /// minimum reads only the blocks that hold one.
    ///
    /// No predecessor is stored per column (a conditional store of a row
    /// per column keeps the pass scalar). The path's columns find theirs
    /// afterwards: the latest row expanded before the column was taken
    /// whose edge gives the column's distance exactly (integers in `f64`).
    /// Any such row is a predecessor on a shortest path, and its own
    /// column was taken earlier still, so the path cannot loop.
    fn augment(&mut self, free_rows: &[usize]) {
        let m = self.m;
        let mut d = vec![S::Value::ZERO; m];
        // Where each column sits in `taken`, for the columns in it.
        let mut slot = vec![0usize; m];
        let mut blocks = Blocks::new(m);
        let mut taken: Vec<Taken<S::Value>> = Vec::new();
        // Rows expanded in the current search, with their offsets `h`.
        let mut expanded: Vec<(usize, S::Value)> = Vec::new();
        for &free_row in free_rows {
            taken.clear();
            expanded.clear();
            expanded.push((free_row, S::Value::ZERO));
            d.fill(S::Value::INFINITY);
            blocks.open_all(m);
            let row = self.costs.expand(free_row);
            let mut least = relax(row, &self.v, S::Value::ZERO, &mut d, &mut blocks);
            let mut min = least;
            let mut next = 0;
            let end = loop {
                // Take out the columns at the least distance: those of the
                // current level that the last row reached, or, once every
                // column of the level is expanded, the next level.
                if next == taken.len() || least == min {
                    min = least;
                    let found = self.take_at(
                        min,
                        &mut d,
                        &mut taken,
                        &mut slot,
                        &mut blocks,
                        expanded.len(),
                    );
                    if let Some(j) = found {
                        break j;
                    }
                }
                let Taken {
                    column: j1,
                    dual: v1,
                    ..
                } = taken[next];
                next += 1;
                let i = self.col_sol[j1];
                let h = self.costs.at(i, j1) - v1 - min;
                let row = self.costs.expand(i);
                expanded.push((i, h));
                least = relax(row, &self.v, h, &mut d, &mut blocks);
            };
            // Restore the duals, each taken column moved by how much closer
            // than the free column it is (those at the final minimum by 0).
            for t in &taken {
                self.v[t.column] = t.dual + t.distance - min;
            }
            let mut j = end;
            loop {
                let t = &taken[slot[j]];
                let i = expanded[..t.expanded]
                    .iter()
                    .rev()
                    .find(|&&(r, h)| self.costs.at(r, j) - t.dual - h == t.distance)
                    .expect("a taken column's distance comes from a row expanded before it")
                    .0;
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

    /// Takes every open column at distance `min` out of the search (in
    /// column order), noting that `expanded` rows were expanded before it,
    /// and returns the first free one among them, if any. Reads only the
    /// blocks whose least distance at the last relaxation was `min`.
    fn take_at(
        &mut self,
        min: S::Value,
        d: &mut [S::Value],
        taken: &mut Vec<Taken<S::Value>>,
        slot: &mut [usize],
        blocks: &mut Blocks<S::Value>,
        expanded: usize,
    ) -> Option<usize> {
        let mut free = None;
        for (b, ds) in d.chunks_mut(BLOCK).enumerate() {
            if blocks.min[b] != min {
                continue;
            }
            for (k, dist) in ds.iter_mut().enumerate() {
                if *dist == min {
                    let j = b * BLOCK + k;
                    blocks.open[b] -= 1;
                    slot[j] = taken.len();
                    taken.push(Taken {
                        column: j,
                        dual: self.v[j],
                        distance: min,
                        expanded,
                    });
                    self.v[j] = S::Value::NEG_INFINITY;
                    *dist = S::Value::INFINITY;
                    if free.is_none() && self.col_sol[j] == NONE {
                        free = Some(j);
                    }
                }
            }
        }
        free
    }
}

/// A column taken out of a search: its dual before the search, its
/// distance, and how many rows had been expanded when it was taken.
struct Taken<V> {
    column: usize,
    dual: V,
    distance: V,
    expanded: usize,
}

/// Columns a relaxation pass handles together.
const LANES: usize = 4;

/// Columns a relaxation pass notes its least distance for, and skips
/// together once all are taken out (see [`State::augment`]).
const BLOCK: usize = 64;

/// Per block of columns: the least distance at the last relaxation, and
/// how many columns are still open.
struct Blocks<V> {
    min: Vec<V>,
    open: Vec<u32>,
}

impl<V: Value> Blocks<V> {
    fn new(m: usize) -> Self {
        let count = m.div_ceil(BLOCK);
        Blocks {
            min: vec![V::INFINITY; count],
            open: vec![0; count],
        }
    }

    /// Every column open, at the start of a search.
    fn open_all(&mut self, m: usize) {
        for (b, open) in self.open.iter_mut().enumerate() {
            *open = (m - b * BLOCK).min(BLOCK) as u32;
        }
    }
}

/// The two least reduced costs `cost(row[j]) - v[j]` of a row of two
/// entries or more, each with its column, the first of equals first:
/// `(least, its column, second, its column)`, the first two of the row
/// sorted stably by reduced cost. Most entries are above the second
/// least so far: [`CHUNK`] of them at a time are checked against it
/// without a branch, which vectorises, and only a chunk holding a lower
/// one is walked entry by entry.
fn two_least<E: Copy, V: Value>(row: &[E], cost: impl Fn(E) -> V, v: &[V]) -> (V, usize, V, usize) {
    let (mut first, mut second) = ((V::INFINITY, 0), (V::INFINITY, 0));
    let take = |h: V, j: usize, first: &mut (V, usize), second: &mut (V, usize)| {
        if h < second.0 {
            if h < first.0 {
                (*first, *second) = ((h, j), *first);
            } else {
                *second = (h, j);
            }
        }
    };
    let split = row.len() / CHUNK * CHUNK;
    for (chunk, (c, vs)) in row[..split]
        .chunks_exact(CHUNK)
        .zip(v[..split].chunks_exact(CHUNK))
        .enumerate()
    {
        let mut h = [V::ZERO; CHUNK];
        let mut lower = false;
        for k in 0..CHUNK {
            h[k] = cost(c[k]) - vs[k];
            lower |= h[k] < second.0;
        }
        if lower {
            for (k, &h) in h.iter().enumerate() {
                take(h, chunk * CHUNK + k, &mut first, &mut second);
            }
        }
    }
    for (j, (&c, &vj)) in row.iter().zip(v).enumerate().skip(split) {
        take(cost(c) - vj, j, &mut first, &mut second);
    }
    (first.0, first.1, second.0, second.1)
}

/// Entries [`two_least`] checks together.
const CHUNK: usize = 8;

/// One relaxation pass: every open column's distance becomes the lesser of
/// its own and `cost[j] - v[j] - h`. Records each block's least distance
/// and returns the least of all.
fn relax<S: Source>(
    row: Row<S>,
    v: &[S::Value],
    h: S::Value,
    d: &mut [S::Value],
    blocks: &mut Blocks<S::Value>,
) -> S::Value {
    match row {
        Row::Stored(costs) => relax_with(costs, |c| c, v, h, d, blocks),
        Row::Entries(entries, source) => relax_with(entries, |e| source.cost(e), v, h, d, blocks),
    }
}

/// [`relax`] on a row whose entry `x` costs `cost(x)`.
fn relax_with<E: Copy, V: Value>(
    row: &[E],
    cost: impl Fn(E) -> V + Copy,
    v: &[V],
    h: V,
    d: &mut [V],
    blocks: &mut Blocks<V>,
) -> V {
    let mut least = V::INFINITY;
    let columns = row
        .chunks(BLOCK)
        .zip(v.chunks(BLOCK))
        .zip(d.chunks_mut(BLOCK));
    for (((row, v), d), (low, &open)) in columns.zip(blocks.min.iter_mut().zip(&blocks.open)) {
        *low = if open == 0 {
            V::INFINITY
        } else {
            relax_block(row, cost, v, h, d)
        };
        least = if *low < least { *low } else { least };
    }
    least
}

/// [`relax`] on one block: written without branches, and with one running
/// minimum per lane, so that it vectorises.
fn relax_block<E: Copy, V: Value>(
    row: &[E],
    cost: impl Fn(E) -> V,
    v: &[V],
    h: V,
    d: &mut [V],
) -> V {
    let split = row.len() / LANES * LANES;
    let mut lowest = [V::INFINITY; LANES];
    for ((c, vs), ds) in row[..split]
        .chunks_exact(LANES)
        .zip(v[..split].chunks_exact(LANES))
        .zip(d[..split].chunks_exact_mut(LANES))
    {
        for k in 0..LANES {
            let dist = cost(c[k]) - vs[k] - h;
            let new = if dist < ds[k] { dist } else { ds[k] };
            ds[k] = new;
            lowest[k] = least(lowest[k], new);
        }
    }
    for ((&c, &vj), dj) in row[split..].iter().zip(&v[split..]).zip(&mut d[split..]) {
        let dist = cost(c) - vj - h;
        *dj = if dist < *dj { dist } else { *dj };
        lowest[0] = least(lowest[0], *dj);
    }
    lowest.into_iter().fold(V::INFINITY, least)
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

    /// Each row's column in a minimum-cost assignment of every row of an
    /// `n × m` integer cost matrix, `n <= m`, solved as scores `-cost`.
    fn solve_min(cost: &[f64], n: usize, m: usize) -> Vec<usize> {
        let scores: Vec<f64> = cost.iter().map(|&c| -c).collect();
        let max_abs = scores.iter().fold(0.0f64, |a, s| a.max(s.abs()));
        let quantizer = Quantizer::for_max(max_abs, DENSE_BITS);
        let mut col_of_row = vec![NONE; n];
        for (row, col) in solve(&scores, n, m, quantizer) {
            col_of_row[row] = col;
        }
        col_of_row
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

    /// Costs off any lattice of at most 2^20 steps (fractions of 2^-30),
    /// which the quantized `f64` path solves, against brute force.
    #[test]
    fn irregular_matrices_match_brute_force() {
        let mut state = 777u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state >> 33
        };
        for n in 1..=6 {
            for m in n..=7 {
                for _ in 0..20 {
                    let cost: Vec<f64> = (0..n * m)
                        .map(|_| {
                            (next() % 50) as f64 + (next() % 1024) as f64 / (1u64 << 30) as f64
                        })
                        .collect();
                    let scores: Vec<f64> = cost.iter().map(|&c| -c).collect();
                    let max_abs = scores.iter().fold(0.0f64, |a, s| a.max(s.abs()));
                    let quantizer = Quantizer::for_max(max_abs, DENSE_BITS);
                    if n * m > 8 {
                        assert!(on_multiples(&scores, n, m, quantizer).is_none());
                    }
                    check_min(&cost, n, m);
                    // Tall: transposed.
                    let tall: Vec<f64> = (0..m)
                        .flat_map(|j| (0..n).map(|i| cost[i * m + j]).collect::<Vec<_>>())
                        .collect();
                    let tall_scores: Vec<f64> = tall.iter().map(|&c| -c).collect();
                    let total: f64 = solve(&tall_scores, m, n, quantizer)
                        .iter()
                        .map(|&(r, c)| tall[r * n + c])
                        .sum();
                    assert_eq!(total, brute_min(&cost, n, m));
                }
            }
        }
    }

    /// The multiples of a matrix on a lattice as `f32`, as the solver
    /// finds them.
    fn lattice_costs(scores: &[f64], n: usize, m: usize, q: Quantizer) -> Option<Vec<f32>> {
        let (factor, tolerance, _) = q.lattice_factor(lattice_sample(scores, m), MULTIPLES_MAX)?;
        multiples::<f32>(scores, n, m, Lattice { factor, tolerance })
    }

    /// Which matrices are solved on their multiples: levels of a tenth or
    /// a fortieth and integers are; a matrix with one score off the
    /// lattice, or one multiple beyond what the sample's type holds, where
    /// the sample does not look, is not, and is still solved exactly.
    #[test]
    fn the_multiples_are_checked_on_every_score() {
        let n = 300;
        let quantizer = Quantizer::for_max(1.0, DENSE_BITS);
        let fortieths: Vec<f64> = (0..n * n)
            .map(|k| ((k * 7919) % 41) as f64 / 40.0)
            .collect();
        let costs = lattice_costs(&fortieths, n, n, quantizer).expect("fortieths");
        for (cost, score) in costs.iter().zip(&fortieths) {
            assert_eq!(f64::from(*cost), -(score * 40.0).round());
        }
        assert!(on_multiples(&fortieths, n, n, quantizer).is_some());
        let stride = (n * n) / LATTICE_SAMPLE;
        assert!(stride > 1);
        let mut off = fortieths.clone();
        off[1] = 0.5 + 1.0 / 160.0;
        assert!(lattice_costs(&off, n, n, quantizer).is_none());
        assert!(on_multiples(&off, n, n, quantizer).is_none());
        // Beyond the type the sample chose: 2^20 for f32, 32767 for i16,
        // 127 for i8.
        for (levels, beyond) in [(1000, 1e7), (1000, 40_000.0), (100, 200.0)] {
            let large = Quantizer::for_max(beyond, DENSE_BITS);
            let mut scores: Vec<f64> = (0..n * n).map(|k| (k % levels) as f64).collect();
            assert!(on_multiples(&scores, n, n, large).is_some());
            scores[1] = beyond;
            assert!(on_multiples(&scores, n, n, large).is_none(), "{beyond}");
            if beyond > MULTIPLES_MAX {
                assert!(lattice_costs(&scores, n, n, large).is_none());
            }
        }
        // The sample's step a whole number of rows: the sample still reads
        // every column, not the first alone (which holds 0 only here).
        let (rows, cols) = (LATTICE_SAMPLE, 8);
        let by_column: Vec<f64> = (0..rows * cols)
            .map(|k| (k % cols % 10) as f64 / 10.0)
            .collect();
        let sample = lattice_sample(&by_column, cols);
        assert!(quantizer.lattice_factor(sample, MULTIPLES_MAX).is_some());
        // Off any lattice of 2^20 steps by one score: the quantized path,
        // still optimal.
        let m = 7;
        let mut cost: Vec<f64> = (0..m * m).map(|k| ((k * 13) % 5) as f64).collect();
        cost[1] = 2.0 + 1.0 / (1u64 << 30) as f64;
        let (a, b) = (cost.clone(), cost.iter().map(|&c| -c).collect::<Vec<_>>());
        let quantizer = Quantizer::for_max(4.0, DENSE_BITS);
        assert!(on_multiples(&b, m, m, quantizer).is_none());
        check_min(&a, m, m);
    }

    /// Coarse scores (ten levels, the best a tenth of them) are solved on
    /// the scores once a row holds 32 best on average (at n = 400: 40; at
    /// n = 300, 30, they stay on the multiples); scores whose best is rare
    /// (a product of two levels, the best one in a hundred: 10 a row at
    /// n = 1,000) stay on the multiples; an empty sample says nothing.
    #[test]
    fn a_common_best_is_solved_on_the_scores() {
        let quantizer = Quantizer::for_max(1.0, DENSE_BITS);
        let tenths = |n: usize| -> Vec<f64> {
            (0..n * n)
                .map(|k| ((k * 7919) % 10) as f64 / 10.0)
                .collect()
        };
        let common =
            |scores: &[f64], n: usize| best_is_common(lattice_sample(scores, n), quantizer, n);
        assert!(!common(&tenths(300), 300));
        assert!(common(&tenths(400), 400));
        assert!(on_multiples(&tenths(400), 400, 400, quantizer).is_none());
        let rare: Vec<f64> = (0..1000 * 1000u64)
            .map(|k| {
                let h = k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
                (h % 10 * (h / 10 % 10)) as f64 / 81.0
            })
            .collect();
        assert!(!common(&rare, 1000));
        assert!(on_multiples(&rare, 1000, 1000, quantizer).is_some());
        assert!(!best_is_common(std::iter::empty(), quantizer, 1000));
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
