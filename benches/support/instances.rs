//! Seeded assignment instances shared by `benches/assign.rs` and
//! `benches/tools/assign_timing.rs`, so that both time the same problems.

use mentormatch::AssignProblem;

#[path = "../../tests/common/rng.rs"]
mod rng;
pub use rng::SplitMix;

/// How [`sparse_problem`] draws a pair's score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weights {
    /// Uniform in [0, 1).
    Uniform,
    /// Ten distinct values k/10: heavy ties.
    Coarse,
    /// A weighted sum of four coarse criteria (0.4, 0.3, 0.2, 0.1 times a
    /// level in 0..=4 over 4), as mentor scores look.
    ScoreLike,
}

impl Weights {
    /// The family named `uniform`, `coarse` or `score-like`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "uniform" => Some(Weights::Uniform),
            "coarse" => Some(Weights::Coarse),
            "score-like" => Some(Weights::ScoreLike),
            _ => None,
        }
    }

    fn draw(self, rng: &mut SplitMix) -> f64 {
        match self {
            Weights::Uniform => rng.unit(),
            Weights::Coarse => rng.below(10) as f64 / 10.0,
            Weights::ScoreLike => [0.4, 0.3, 0.2, 0.1]
                .iter()
                .map(|share| share * rng.below(5) as f64 / 4.0)
                .sum(),
        }
    }
}

/// `mentees` mentees (capacity 1), `mentors` mentors (capacity 1–5), and
/// `candidates` distinct random mentors per mentee with uniform scores and
/// independent views.
#[allow(dead_code)] // used by the benches, not by every includer
pub fn sparse_problem(
    mentees: usize,
    mentors: usize,
    candidates: usize,
    seed: u64,
) -> AssignProblem {
    sparse_family(mentees, mentors, candidates, seed, Weights::Uniform)
}

/// [`sparse_problem`] with scores drawn from `weights`.
pub fn sparse_family(
    mentees: usize,
    mentors: usize,
    candidates: usize,
    seed: u64,
    weights: Weights,
) -> AssignProblem {
    let mut rng = SplitMix(seed);
    let right: Vec<u32> = (0..mentors).map(|_| 1 + rng.below(5) as u32).collect();
    let mut problem = AssignProblem::new(vec![1; mentees], right);
    let mut chosen: Vec<u32> = Vec::with_capacity(candidates);
    for mentee in 0..mentees as u32 {
        chosen.clear();
        while chosen.len() < candidates.min(mentors) {
            let mentor = rng.below(mentors) as u32;
            if !chosen.contains(&mentor) {
                chosen.push(mentor);
            }
        }
        for &mentor in &chosen {
            let index = problem.add_edge(mentee, mentor, weights.draw(&mut rng));
            problem.edges[index].left_view = rng.unit();
            problem.edges[index].right_view = rng.unit();
        }
    }
    problem
}
