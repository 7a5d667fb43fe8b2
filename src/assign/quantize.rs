//! Turning `f64` weights into integers, so that the exact solvers compare
//! path lengths without rounding error.

/// Scales weights by a power of two and rounds them to `i64`.
///
/// Multiplying by a power of two is exact in floating point, so the only
/// loss is the final rounding: weights keep about 52 significant bits
/// relative to the largest magnitude (fewer when `headroom` asks for room).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Quantizer {
    scale: f64,
}

impl Quantizer {
    /// A quantizer mapping the largest `|weight|` to at most
    /// `2^52 / headroom` rounded down to a power of two, and never above
    /// `2^52` (beyond that `f64` carries no more information).
    ///
    /// `headroom` is how many multiples of the largest weight the caller's
    /// arithmetic must hold in an `i64` (two more bits are kept spare).
    pub(crate) fn new(weights: impl Iterator<Item = f64>, headroom: u64) -> Self {
        let max_abs = weights.fold(0.0f64, |max, w| max.max(w.abs()));
        if max_abs == 0.0 {
            return Quantizer { scale: 1.0 };
        }
        let headroom_bits = 64 - headroom.max(1).leading_zeros() as i32;
        let budget_bits = 52.min(62 - 2 - headroom_bits);
        // The smallest e with max_abs <= 2^e; then max_abs * 2^(budget - e)
        // <= 2^budget. Clamped so the scale itself stays a finite f64.
        let exponent = max_abs.log2().ceil() as i32;
        let shift = (budget_bits - exponent).clamp(-1000, 1000);
        Quantizer {
            scale: 2f64.powi(shift),
        }
    }

    /// The integer standing for `weight`. A negative weight never becomes
    /// zero, so "never take a pair that lowers the total" survives rounding.
    pub(crate) fn quantize(&self, weight: f64) -> i64 {
        let scaled = (weight * self.scale).round() as i64;
        if scaled == 0 && weight < 0.0 {
            -1
        } else {
            scaled
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_stay_exact_and_ordered() {
        let q = Quantizer::new([3.0, -100.0, 0.5].into_iter(), 1);
        let (a, b, c) = (q.quantize(3.0), q.quantize(-100.0), q.quantize(0.5));
        assert_eq!(a * 2, c * 12);
        assert_eq!(b * 3, a * -100);
        assert!(q.quantize(100.0) <= 1 << 52);
    }

    #[test]
    fn headroom_lowers_the_ceiling() {
        let q = Quantizer::new([1.0].into_iter(), 4000);
        let one = q.quantize(1.0);
        assert!(one <= (1i64 << 62) / (4000 * 4), "{one}");
        assert!(one.count_ones() == 1);
    }

    #[test]
    fn tiny_negative_stays_negative_and_zero_maps_to_zero() {
        let q = Quantizer::new([1e10, -1e-30].into_iter(), 1);
        assert_eq!(q.quantize(-1e-30), -1);
        assert_eq!(q.quantize(0.0), 0);
        let zero = Quantizer::new([0.0].into_iter(), 1);
        assert_eq!(zero.quantize(0.0), 0);
    }

    #[test]
    fn extreme_magnitudes_do_not_overflow() {
        let q = Quantizer::new([1e300].into_iter(), 1);
        assert!(q.quantize(1e300) <= 1 << 52);
        let q = Quantizer::new([1e-300].into_iter(), 1);
        assert!(q.quantize(1e-300) > 0);
    }
}
