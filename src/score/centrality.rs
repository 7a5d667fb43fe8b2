//! Centrality in the tie graph: strength-weighted PageRank by power
//! iteration over the compressed adjacency, linear time per iteration.

use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::model::PersonId;
use crate::network::{Network, Tag};

/// Options for [`centrality`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CentralityOptions {
    /// The probability of following a tie rather than jumping anywhere.
    /// Default 0.85, the classic choice.
    pub damping: f64,
    /// Stop after this many iterations at most. Default 100.
    pub max_iterations: usize,
    /// Stop once the scores change by less than this in total (L1 norm).
    /// Default 1e-10.
    pub tolerance: f64,
}

impl Default for CentralityOptions {
    fn default() -> Self {
        CentralityOptions {
            damping: 0.85,
            max_iterations: 100,
            tolerance: 1e-10,
        }
    }
}

/// Every person's centrality; the scores sum to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Centrality {
    /// The tag of the network this was computed for.
    tag: Tag,
    scores: Vec<f64>,
    iterations: usize,
}

impl Centrality {
    /// The centrality of `p`; `None` for an id from another network than
    /// the one this was computed for.
    pub fn of(&self, p: PersonId) -> Option<f64> {
        (p.tag() == self.tag.0)
            .then(|| self.scores.get(p.index()).copied())
            .flatten()
    }

    /// Everyone's centrality, indexed by person.
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }

    /// The largest centrality (0 for an empty network).
    pub fn max(&self) -> f64 {
        self.scores.iter().copied().fold(0.0, f64::max)
    }

    /// How many iterations were run.
    pub fn iterations(&self) -> usize {
        self.iterations
    }
}

/// Strength-weighted PageRank of the tie graph.
///
/// A random walker follows a tie with probability `damping`, choosing among
/// the current person's ties in proportion to their strength, and otherwise
/// jumps to anyone; people with no tie send their walker anywhere. The score
/// of a person is the long-run share of time the walker spends with them:
/// well-connected people, tied strongly to other well-connected people,
/// score highest.
///
/// # Arguments
/// - `network`: the tie graph.
/// - `options`: damping, iteration limit and tolerance.
///
/// # Returns
/// [`Centrality`]: one score per person, summing to 1 (all equal when there
/// are no ties).
///
/// # Complexity
/// `O(V + E)` time per iteration, at most `max_iterations` iterations;
/// `O(V + E)` memory. Each person pulls from their neighbours in adjacency
/// order, in parallel; global sums run sequentially, so the result is the
/// same on any number of threads. (petgraph's `page_rank` is `O(V²)` per
/// iteration, which is why this is written by hand.)
///
/// # Errors
/// [`Error::Invalid`] of kind [`ErrorKind::OutOfRange`] (file `arguments`,
/// field `damping`) when `damping` is not in [0, 1).
///
/// # Example
/// A star: the centre collects the walk of every leaf.
/// ```
/// use mentormatch::{centrality, load, CentralityOptions};
///
/// let network = load("data/story.json", &Default::default())?;
/// let c = centrality(&network, &CentralityOptions::default())?;
/// let linus = network.person_id("linus").unwrap();
/// let tim = network.person_id("tim").unwrap();
/// assert!(c.of(linus) > c.of(tim));
/// assert!((c.scores().iter().sum::<f64>() - 1.0).abs() < 1e-9);
/// # Ok::<(), mentormatch::Error>(())
/// ```
///
/// # Reference
/// S. Brin and L. Page, "The anatomy of a large-scale hypertextual web
/// search engine", 1998; weighted variant as in networkx `pagerank(weight=...)`.
pub fn centrality(network: &Network, options: &CentralityOptions) -> Result<Centrality> {
    let d = options.damping;
    if !(0.0..1.0).contains(&d) {
        return Err(Error::invalid(
            ErrorKind::OutOfRange,
            "arguments",
            "",
            "damping",
            d.to_string(),
            "must be at least 0 and below 1",
        ));
    }
    Ok(power_iteration(network, options))
}

/// [`centrality`] for a `damping` already known to be in [0, 1).
pub(crate) fn power_iteration(network: &Network, options: &CentralityOptions) -> Centrality {
    let d = options.damping;
    debug_assert!((0.0..1.0).contains(&d), "damping {d} not in [0, 1)");
    let n = network.people().len();
    if n == 0 {
        return Centrality {
            tag: network.tag(),
            scores: Vec::new(),
            iterations: 0,
        };
    }
    // One flat edge list (compressed rows): the power iteration streams it
    // once per round instead of chasing a heap list per person. Targets
    // and strengths lie apart: 12 bytes an edge, not a padded 16.
    let mut start = Vec::with_capacity(n + 1);
    let mut targets: Vec<u32> = Vec::with_capacity(2 * network.ties().len());
    let mut strengths: Vec<f64> = Vec::with_capacity(2 * network.ties().len());
    start.push(0);
    for p in network.person_ids() {
        for nb in network.adjacent(p) {
            targets.push(nb.person.node());
            strengths.push(network.tie_at(nb.tie).strength);
        }
        start.push(targets.len());
    }
    let adjacency = |v: usize| {
        let (a, b) = (start[v], start[v + 1]);
        (&targets[a..b], &strengths[a..b])
    };
    // Sums of strengths, each in adjacency order.
    let total: Vec<f64> = (0..n).map(|v| adjacency(v).1.iter().sum()).collect();
    let nf = n as f64;
    let mut rank = vec![1.0 / nf; n];
    let mut share = vec![0.0; n];
    let mut next = vec![0.0; n];
    let mut iterations = 0;
    while iterations < options.max_iterations {
        iterations += 1;
        share
            .par_iter_mut()
            .zip(&rank)
            .zip(&total)
            .for_each(|((x, &r), &t)| *x = if t > 0.0 { r / t } else { 0.0 });
        // The rank of people without ties goes to everyone alike.
        let mut dangling = 0.0;
        for (&r, &t) in rank.iter().zip(&total) {
            if t == 0.0 {
                dangling += r;
            }
        }
        let base = (1.0 - d) / nf + d * dangling / nf;
        next.par_iter_mut().enumerate().for_each(|(v, out)| {
            let mut pulled = 0.0;
            let (us, ss) = adjacency(v);
            for (&u, &s) in us.iter().zip(ss) {
                pulled += share[u as usize] * s;
            }
            *out = base + d * pulled;
        });
        let mut change = 0.0;
        for (a, b) in next.iter().zip(&rank) {
            change += (a - b).abs();
        }
        std::mem::swap(&mut rank, &mut next);
        if change < options.tolerance {
            break;
        }
    }
    Centrality {
        tag: network.tag(),
        scores: rank,
        iterations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Dataset;
    use crate::LoadOptions;

    fn network(people: usize, ties: &[(usize, usize, f64)]) -> Network {
        let mut d = Dataset::default();
        for i in 0..people {
            d.people.push(
                serde_json::from_value(serde_json::json!({ "id": format!("p{i}") })).unwrap(),
            );
        }
        for &(a, b, s) in ties {
            d.ties.push(
                serde_json::from_value(serde_json::json!({
                    "a": format!("p{a}"), "b": format!("p{b}"), "kind": "colleague", "strength": s
                }))
                .unwrap(),
            );
        }
        Network::from_dataset(&d, &LoadOptions::default()).unwrap()
    }

    /// Power iteration on the dense transition matrix, written plainly.
    fn dense(n: usize, ties: &[(usize, usize, f64)], d: f64) -> Vec<f64> {
        let mut w = vec![vec![0.0; n]; n];
        for &(a, b, s) in ties {
            w[a][b] = s;
            w[b][a] = s;
        }
        let mut r = vec![1.0 / n as f64; n];
        for _ in 0..1000 {
            let mut next = vec![(1.0 - d) / n as f64; n];
            for u in 0..n {
                let t: f64 = w[u].iter().sum();
                for v in 0..n {
                    next[v] += d * r[u] * if t > 0.0 { w[u][v] / t } else { 1.0 / n as f64 };
                }
            }
            r = next;
        }
        r
    }

    #[test]
    fn matches_dense_power_iteration() {
        let ties = [
            (0, 1, 0.9),
            (1, 2, 0.5),
            (2, 0, 0.3),
            (2, 3, 1.0),
            (4, 3, 0.2),
        ];
        let net = network(6, &ties); // p5 has no tie
        let c = centrality(&net, &CentralityOptions::default()).unwrap();
        let expected = dense(6, &ties, 0.85);
        for (a, b) in c.scores().iter().zip(&expected) {
            assert!((a - b).abs() < 1e-9, "{:?} vs {expected:?}", c.scores());
        }
        assert!(c.iterations() < 100);
    }

    #[test]
    fn a_damping_out_of_range_is_an_error_not_a_panic() {
        for damping in [1.0, -0.1, f64::NAN] {
            let options = CentralityOptions {
                damping,
                ..CentralityOptions::default()
            };
            let error = centrality(&network(2, &[]), &options).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::OutOfRange);
            assert_eq!(
                error.to_string(),
                format!("arguments: damping = {damping}: must be at least 0 and below 1")
            );
        }
    }

    #[test]
    fn no_ties_gives_equal_scores() {
        let c = centrality(&network(4, &[]), &CentralityOptions::default()).unwrap();
        assert!(c.scores().iter().all(|&s| (s - 0.25).abs() < 1e-15));
    }

    #[test]
    fn same_on_one_and_two_threads() {
        let ties: Vec<_> = (0..200)
            .map(|i| (i, (i * 7 + 3) % 200, 0.1 + (i % 9) as f64 / 10.0))
            .filter(|t| t.0 != t.1)
            .collect();
        let mut seen = std::collections::HashSet::new();
        let ties: Vec<_> = ties
            .into_iter()
            .filter(|&(a, b, _)| seen.insert((a.min(b), a.max(b))))
            .collect();
        let net = network(200, &ties);
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| centrality(&net, &CentralityOptions::default()).unwrap())
        };
        assert_eq!(run(1), run(2));
    }
}
