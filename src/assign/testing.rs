//! Seeded random candidate lists for the solvers' unit tests.

use super::Edge;

/// A 64-bit linear congruential generator (Knuth's MMIX constants), its
/// high bits taken: enough to spread test instances, fixed by this file.
pub(crate) struct Lcg(pub u64);

impl Lcg {
    /// A draw in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }

    /// `per_left` distinct right nodes of `0..n_right` for each left node
    /// of `0..n_left`, each edge's weight drawn by `weight` as its right
    /// node is picked; sorted by `(left, right)`.
    pub(crate) fn candidates(
        &mut self,
        n_left: u32,
        n_right: u32,
        per_left: usize,
        mut weight: impl FnMut(&mut Self) -> i64,
    ) -> Vec<Edge> {
        let mut edges = Vec::new();
        for left in 0..n_left {
            let mut picked: Vec<u32> = Vec::new();
            while picked.len() < per_left {
                let right = self.below(u64::from(n_right)) as u32;
                if !picked.contains(&right) {
                    picked.push(right);
                    let weight = weight(self);
                    edges.push(Edge {
                        left,
                        right,
                        weight,
                    });
                }
            }
        }
        edges.sort_by_key(|edge| (edge.left, edge.right));
        edges
    }
}

/// A balanced problem on distinct weights whose auction's first phase
/// stops on its tail (see `auction::TAIL`): 1,000 mentors with one to
/// five places and 36 distinct mentees each, as left nodes, and 3,000
/// mentees with one place.
pub(crate) fn tail_instance() -> (Vec<Edge>, Vec<u32>, Vec<u32>) {
    let mut rng = Lcg(7);
    let (mentors, mentees) = (1000u32, 3000u32);
    // A draw per mentor, as when the instance was found: it keeps the
    // instance the one whose first phase stops.
    for _ in 0..mentors {
        rng.below(5);
    }
    let edges = rng.candidates(mentors, mentees, 36, |rng| rng.below(1 << 40) as i64);
    let left = (0..mentors).map(|_| 1 + rng.below(5) as u32).collect();
    (edges, left, vec![1; mentees as usize])
}
