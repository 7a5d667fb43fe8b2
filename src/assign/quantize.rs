//! Turning `f64` weights into integers, so that the exact solvers compare
//! path lengths without rounding error.

use rayon::prelude::*;

/// Scales weights by a power of two and rounds them to integers.
///
/// Multiplying by a power of two is exact in floating point, so the only
/// loss is the final rounding: weights keep `bits` significant bits
/// relative to the largest magnitude (52 for the sparse solver, 48 for the
/// dense one).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Quantizer {
    scale: f64,
}

impl Quantizer {
    /// A quantizer mapping the largest `|weight|` to at most 2^52 (beyond
    /// that `f64` carries no more information). The weights are read on
    /// every thread of the pool (the largest magnitude is the same in any
    /// order).
    pub(crate) fn new(weights: impl ParallelIterator<Item = f64>) -> Self {
        Self::for_max(weights.map(f64::abs).reduce(|| 0.0, f64::max), 52)
    }

    /// A quantizer mapping `max_abs` (the largest `|weight|`) to at most
    /// `2^bits`, by the largest power of two that does so.
    pub(crate) fn for_max(max_abs: f64, bits: i32) -> Self {
        debug_assert!((1..=52).contains(&bits));
        if max_abs == 0.0 {
            return Quantizer { scale: 1.0 };
        }
        // The smallest e with max_abs <= 2^e; then max_abs * 2^(bits - e)
        // <= 2^bits. Clamped so the scale itself stays a finite f64.
        let exponent = max_abs.log2().ceil() as i32;
        let shift = (bits - exponent).clamp(-1000, 1000);
        Quantizer {
            scale: 2f64.powi(shift),
        }
    }

    /// The largest `|weight|` that quantizes to at most 2^52 (for a
    /// quantizer made with `bits = 52`).
    pub(crate) fn limit(&self) -> f64 {
        2f64.powi(52) / self.scale
    }

    /// The integer standing for `weight`. A negative weight never becomes
    /// zero, so "never take a pair that lowers the total" survives rounding.
    pub(crate) fn quantize(&self, weight: f64) -> i64 {
        // Round half away from zero, like `f64::round`, but without its libm
        // call: this runs once per entry of a dense matrix, and the call
        // alone cost more than the column reduction that follows.
        let scaled = weight * self.scale;
        let truncated = scaled as i64;
        let fraction = scaled - truncated as f64;
        let rounded = truncated + i64::from(fraction >= 0.5) - i64::from(fraction <= -0.5);
        rounded - i64::from(rounded == 0 && weight < 0.0)
    }

    /// The quantizer of the negated weights: `quantize_f64` gives exactly
    /// the negation of this one's (rounding to nearest is symmetric), with
    /// no negation per weight. For the dense solver's least-cost goal;
    /// only `quantize_f64` keeps its meaning.
    pub(crate) fn negated(self) -> Self {
        Quantizer { scale: -self.scale }
    }

    /// For scores of a few levels: a factor taking each score to its whole
    /// multiple of the levels' common step ([`lattice_step`] of the
    /// quantized `sample`), signed as this quantizer, and how far from a
    /// whole number a scaled score may lie: half a unit of this quantizer,
    /// so each score moves by at most that to its multiple, as rounding
    /// moves it; and the largest multiple in the sample. `None` when the sample shows no step with at most
    /// `max_steps` to the largest magnitude; the caller checks every score.
    pub(crate) fn lattice_factor(
        &self,
        sample: impl Iterator<Item = f64>,
        max_steps: f64,
    ) -> Option<(f64, f64, f64)> {
        // Within one unit: the sample's levels are rounded once already.
        let (step, steps) = lattice_step(sample.map(|score| self.quantize(score)), 1)?;
        (steps <= max_steps).then(|| (self.scale / step, 0.5 / step, steps))
    }

    /// `weight` scaled and rounded to the nearest integer (ties to even),
    /// as an `f64`. Adding and subtracting 1.5 · 2^52 rounds in the FPU's
    /// default mode, exactly for scaled magnitudes below 2^51; the quantizer
    /// must have been made with `bits <= 50`.
    pub(crate) fn quantize_f64(&self, weight: f64) -> f64 {
        const ROUNDER: f64 = 1.5 * (1u64 << 52) as f64;
        (weight * self.scale + ROUNDER) - ROUNDER
    }
}

/// At most this many distinct magnitudes for [`on_lattice`] to look for a
/// step: scores made of a few levels have a few hundred at most.
const LATTICE_LEVELS: usize = 4096;

/// At most this many steps between 0 and the largest magnitude.
const LATTICE_STEPS: f64 = (1u64 << 24) as f64;

/// The step candidates tried: the least gap between magnitudes divided by
/// 1 to this (magnitudes 0.3 and 0.5 have gap 0.2 and step 0.1).
const LATTICE_DIVISORS: u32 = 16;

/// Integer weights that are all whole multiples of one step, each within
/// `slack` of its multiple (0 included), rewritten as those multiples; `None` when no
/// step of at most 2^24 levels fits, or when the multiples would be no
/// smaller than the weights.
///
/// Scores drawn from a few levels (k/10; sums of shares of levels over 4)
/// are such multiples up to the quantizer's rounding. The auction's
/// phases grow with the logarithm of the largest weight it scales, so
/// solving on the multiples (nine for k/10, not 2^41 units) needs a third
/// of the phases; the optimum of the multiples is exact for weights each
/// moved by at most `slack`.
pub(crate) fn on_lattice(
    weights: impl Iterator<Item = i64> + Clone,
    slack: i64,
) -> Option<Vec<i64>> {
    let (step, _) = lattice_step(weights.clone(), slack)?;
    Some(
        weights
            .map(|weight| (weight.abs() as f64 / step).round() as i64 * weight.signum())
            .collect(),
    )
}

/// The step of [`on_lattice`] and how many steps the largest magnitude
/// is: the common step every weight is a whole multiple of, within
/// `slack`, at most 2^24 steps and more than one weight unit.
pub(crate) fn lattice_step(weights: impl Iterator<Item = i64>, slack: i64) -> Option<(f64, f64)> {
    // The distinct magnitudes, sorted; give up at the first one too many.
    let mut levels: Vec<i64> = Vec::new();
    for weight in weights {
        // Within the slack of 0 is 0, as rounding would make it.
        let magnitude = weight.abs();
        if magnitude <= slack {
            continue;
        }
        if let Err(at) = levels.binary_search(&magnitude) {
            if levels.len() == LATTICE_LEVELS {
                return None;
            }
            levels.insert(at, magnitude);
        }
    }
    let &largest = levels.last()?;
    // Levels within twice the slack of each other are one level rounded
    // two ways (0.4 · 1/4 and 0.1 · 4/4 differ in the last bit).
    let least_gap = std::iter::once(levels[0])
        .chain(levels.windows(2).map(|pair| pair[1] - pair[0]))
        .filter(|&gap| gap > 2 * slack)
        .min()?;
    let fits = |step: f64| {
        levels.iter().all(|&level| {
            let multiple = (level as f64 / step).round();
            (level as f64 - multiple * step).abs() <= slack as f64
        })
    };
    let step = (1..=LATTICE_DIVISORS).find_map(|divisor| {
        let rough = least_gap as f64 / f64::from(divisor);
        // The largest level pins the step best: its multiple's rounding is
        // spread over the most steps.
        let step = largest as f64 / (largest as f64 / rough).round();
        (step > 0.0 && fits(step)).then_some(step)
    })?;
    let steps = (largest as f64 / step).round();
    if steps > LATTICE_STEPS || steps >= largest as f64 {
        return None;
    }
    Some((step, steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_stay_exact_and_ordered() {
        let q = Quantizer::new([3.0, -100.0, 0.5].into_par_iter());
        let (a, b, c) = (q.quantize(3.0), q.quantize(-100.0), q.quantize(0.5));
        assert_eq!(a * 2, c * 12);
        assert_eq!(b * 3, a * -100);
        assert!(q.quantize(100.0) <= 1 << 52);
    }

    #[test]
    fn fewer_bits_lower_the_ceiling_and_f64_rounding_agrees() {
        let q = Quantizer::for_max(3.0, 48);
        assert_eq!(q.quantize(3.0), 3 << 46);
        assert_eq!(q.quantize_f64(3.0), (3i64 << 46) as f64);
        let q = Quantizer::for_max(1e6, 48);
        for w in [0.1, -0.3, 123.456, -999_999.9, 1e-9] {
            let (a, b) = (q.quantize(w) as f64, q.quantize_f64(w));
            assert!((a - b).abs() <= 1.0 && b.fract() == 0.0, "{w}: {a} {b}");
        }
    }

    #[test]
    fn tiny_negative_stays_negative_and_zero_maps_to_zero() {
        let q = Quantizer::new([1e10, -1e-30].into_par_iter());
        assert_eq!(q.quantize(-1e-30), -1);
        assert_eq!(q.quantize(0.0), 0);
        let zero = Quantizer::new([0.0].into_par_iter());
        assert_eq!(zero.quantize(0.0), 0);
    }

    #[test]
    fn rounds_half_away_from_zero_like_f64_round() {
        let q = Quantizer { scale: 1.0 };
        for x in [
            0.5f64,
            1.5,
            2.5,
            -0.5,
            -1.5,
            0.49,
            -0.51,
            7.0,
            -7.25,
            1e15 + 0.5,
        ] {
            let expected = if x == -0.5 || x == -0.49 {
                -1
            } else {
                x.round() as i64
            };
            assert_eq!(q.quantize(x), expected, "{x}");
        }
    }

    #[test]
    fn the_negated_quantizer_negates_exactly() {
        let q = Quantizer::for_max(7.3, 48);
        for w in [0.0, 0.1, -0.1, 2.5, -2.5, 7.3, -7.3, 1e-9, 3.0 / 7.0] {
            assert_eq!(q.negated().quantize_f64(w), -q.quantize_f64(w), "{w}");
            assert_eq!(q.negated().quantize_f64(w), q.quantize_f64(-w), "{w}");
        }
    }

    #[test]
    fn extreme_magnitudes_do_not_overflow() {
        let q = Quantizer::new([1e300].into_par_iter());
        assert!(q.quantize(1e300) <= 1 << 52);
        let q = Quantizer::new([1e-300].into_par_iter());
        assert!(q.quantize(1e-300) > 0);
    }

    #[test]
    fn levels_of_a_tenth_become_their_multiples() {
        let q = Quantizer::new([0.9].into_par_iter());
        let weights: Vec<i64> = [0.0, 0.1, 0.2, 0.3, 0.9, -0.4, 0.7]
            .iter()
            .map(|&w| q.quantize(w))
            .collect();
        let slack = (1 << 52) >> 44;
        assert_eq!(
            on_lattice(weights.iter().copied(), slack),
            Some(vec![0, 1, 2, 3, 9, -4, 7])
        );
        // Without slack the quantizer's rounding of 0.1 breaks the lattice.
        assert_eq!(on_lattice(weights.iter().copied(), 0), None);
        // Gap 0.2 between 0.3 and 0.5: the step is found below the gap.
        let weights: Vec<i64> = [0.3, 0.5].iter().map(|&w| q.quantize(w)).collect();
        assert_eq!(on_lattice(weights.iter().copied(), slack), Some(vec![3, 5]));
    }

    #[test]
    fn sums_of_shares_of_levels_find_their_common_step() {
        let q = Quantizer::new([1.0].into_par_iter());
        let mut weights = Vec::new();
        for a in 0..5 {
            for b in 0..5 {
                let score = 0.4 * f64::from(a) / 4.0 + 0.1 * f64::from(b) / 4.0;
                weights.push(q.quantize(score));
            }
        }
        let multiples = on_lattice(weights.iter().copied(), (1 << 52) >> 44).expect("a lattice");
        // Multiples of 0.025: 0.4 · a / 4 is 4a steps, 0.1 · b / 4 is b.
        let expected: Vec<i64> = (0..5)
            .flat_map(|a| (0..5).map(move |b| 4 * a + b))
            .collect();
        assert_eq!(multiples, expected);
    }

    #[test]
    fn weights_off_every_lattice_stay_as_they_are() {
        // Exact integers with no common step above 1.
        assert_eq!(on_lattice([7i64, 11, 13].into_iter(), 0), None);
        // A common step of 3: exact.
        assert_eq!(
            on_lattice([3i64, -6, 9, 0].into_iter(), 0),
            Some(vec![1, -2, 3, 0])
        );
        // Too many distinct levels.
        let many = (1..=5000i64).map(|k| k * 1_000_003);
        assert_eq!(on_lattice(many, 0), None);
        // One level a hair off the lattice, beyond the slack.
        assert_eq!(on_lattice([1000i64, 2000, 3001].into_iter(), 0), None);
        assert_eq!(
            on_lattice([1000i64, 2000, 3001].into_iter(), 1),
            Some(vec![1, 2, 3])
        );
        assert_eq!(on_lattice(std::iter::empty(), 0), None);
    }
}
