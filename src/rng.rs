//! The crate's own pseudo-random numbers and the hash behind them:
//! SplitMix64, seeded per item. The generator draws from it, candidate
//! generation breaks ties with its finaliser ([`mix`]), and benchmarks split
//! folds and search weights with it.
//!
//! Written by hand rather than taken from the `rand` crate for two reasons:
//! the library gains no dependency for a few dozen lines, and the stream for
//! a seed is fixed by this file alone, so a dataset generated today is
//! byte-identical to one generated after any dependency upgrade (`rand`
//! documents that its value streams may change between versions).
//!
//! Every item (a person, a team, a tie) draws from its own stream, keyed by
//! the seed, a stage tag and the item's index. That makes the output
//! independent of the order in which items are generated, and so of the
//! number of threads.

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014): a 64-bit counter passed through a strong mixing
/// function. It passes BigCrush, which is far more than a synthetic
/// organisation needs.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

/// The increment of the SplitMix64 counter (the golden ratio in 64 bits).
pub(crate) const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// The SplitMix64 finaliser: a bijection on `u64` that spreads every input
/// bit over every output bit.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

// Some draws serve only the generator.
#[cfg_attr(not(feature = "generate"), allow(dead_code))]
impl Rng {
    /// The stream for item `index` of stage `stage` under `seed`.
    pub(crate) fn for_item(seed: u64, stage: u64, index: u64) -> Rng {
        // Mixing each part before combining keeps (stage, index) pairs from
        // colliding, e.g. (1, 0) and (0, 1).
        Rng {
            state: mix(mix(seed ^ mix(stage.wrapping_add(GOLDEN_GAMMA))) ^ index),
        }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// A uniform float in [0, 1), with 53 random bits.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniform integer in `0..n`.
    ///
    /// # Panics
    /// When `n` is zero.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        // Lemire's multiply-shift: unbiased enough for n far below 2^64, and
        // without the division of `%`.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// One element of a non-empty slice, uniformly.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// The index of an entry chosen with probability proportional to its
    /// weight. Linear in the number of weights, meant for short tables.
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// A normal deviate with mean 0 and standard deviation 1 (Box–Muller).
    pub(crate) fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// An exponential deviate with the given mean.
    pub(crate) fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// A Poisson deviate with the given mean: Knuth's product method for
    /// small means, a rounded normal approximation above 30.
    pub(crate) fn poisson(&mut self, mean: f64) -> u32 {
        if mean <= 0.0 {
            return 0;
        }
        if mean > 30.0 {
            return (mean + mean.sqrt() * self.normal()).round().max(0.0) as u32;
        }
        let limit = (-mean).exp();
        let mut k = 0;
        let mut product = self.unit();
        while product > limit {
            k += 1;
            product *= self.unit();
        }
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_fixed_by_seed_stage_and_index() {
        let draw = |seed, stage, index| Rng::for_item(seed, stage, index).next_u64();
        // A fresh stream for the same item repeats the same numbers: nothing
        // carries over between streams.
        let (first, again) = (draw(1, 2, 3), draw(1, 2, 3));
        assert_eq!(first, again);
        assert_ne!(draw(1, 2, 3), draw(1, 3, 2));
        assert_ne!(draw(1, 2, 3), draw(2, 2, 3));
        // The published SplitMix64 sequence for state 0 starts with this value,
        // which pins the mixing constants.
        assert_eq!(mix(GOLDEN_GAMMA), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn draws_stay_in_range_with_sensible_means() {
        let mut rng = Rng::for_item(7, 0, 0);
        let n = 20_000;
        let mut sum_unit = 0.0;
        let mut sum_poisson = 0u64;
        let mut counts = [0usize; 5];
        for _ in 0..n {
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
            sum_unit += u;
            sum_poisson += u64::from(rng.poisson(3.0));
            counts[rng.below(5)] += 1;
        }
        assert!((sum_unit / n as f64 - 0.5).abs() < 0.01);
        assert!((sum_poisson as f64 / n as f64 - 3.0).abs() < 0.05);
        assert!(counts.iter().all(|&c| (3_600..4_400).contains(&c)));
        let heavy = (0..n).filter(|_| rng.weighted(&[1.0, 3.0]) == 1).count();
        assert!((heavy as f64 / n as f64 - 0.75).abs() < 0.02);
    }
}
