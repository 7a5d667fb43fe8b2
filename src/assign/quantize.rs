//! Turning `f64` weights into integers, so that the exact solvers compare
//! path lengths without rounding error.

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
    /// that `f64` carries no more information).
    pub(crate) fn new(weights: impl Iterator<Item = f64>) -> Self {
        Self::for_max(weights.fold(0.0f64, |max, w| max.max(w.abs())), 52)
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

    /// `weight` scaled and rounded to the nearest integer (ties to even),
    /// as an `f64`. Adding and subtracting 1.5 · 2^52 rounds in the FPU's
    /// default mode, exactly for scaled magnitudes below 2^51; the quantizer
    /// must have been made with `bits <= 50`.
    pub(crate) fn quantize_f64(&self, weight: f64) -> f64 {
        const ROUNDER: f64 = 1.5 * (1u64 << 52) as f64;
        (weight * self.scale + ROUNDER) - ROUNDER
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_stay_exact_and_ordered() {
        let q = Quantizer::new([3.0, -100.0, 0.5].into_iter());
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
        let q = Quantizer::new([1e10, -1e-30].into_iter());
        assert_eq!(q.quantize(-1e-30), -1);
        assert_eq!(q.quantize(0.0), 0);
        let zero = Quantizer::new([0.0].into_iter());
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
        let q = Quantizer::new([1e300].into_iter());
        assert!(q.quantize(1e300) <= 1 << 52);
        let q = Quantizer::new([1e-300].into_iter());
        assert!(q.quantize(1e-300) > 0);
    }
}
