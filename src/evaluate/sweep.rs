//! The price of sparsity: the whole mentor assignment at several
//! `max_candidates`, against the run that keeps every feasible pair.

use std::fmt::Write as _;
use std::time::Instant;

use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::matching::match_cohort;
use crate::network::Network;

/// One run of a [`sweep_max_candidates`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepPoint {
    /// `[constraints] max_candidates` of the run (0: every feasible pair).
    pub max_candidates: usize,
    /// People seeking a mentor, and how many were matched.
    pub mentees: usize,
    /// Mentees matched.
    pub matched: usize,
    /// `matched / mentees` (0 when nobody seeks).
    pub coverage: f64,
    /// The sum of the mentor matches' combined scores.
    pub total_score: f64,
    /// `total_score` over that of the run with every feasible pair (1 when
    /// both are 0).
    pub score_ratio: f64,
    /// `coverage` minus that of the run with every feasible pair.
    pub coverage_difference: f64,
    /// Wall-clock seconds of the whole run (`match_cohort`, the sponsor
    /// side and introductions included): the one figure that differs from
    /// run to run.
    pub seconds: f64,
    /// The same over the run with every feasible pair.
    pub time_ratio: f64,
}

/// What [`sweep_max_candidates`] returns: `{"sweep": [...]}` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepReport {
    /// One run per value, in the order run (the reference, 0, last if it
    /// was not given).
    pub sweep: Vec<SweepPoint>,
}

/// Runs the whole matching once per value of `max_candidates` (the value
/// 0, every feasible pair, always runs: it is the reference), in the
/// order given with 0 last if it was not given, and reports each run's
/// mentor total, coverage and time against the reference.
///
/// Keeping every feasible pair costs memory in proportion to them: on a
/// large organisation the reference run can need far more than the others
/// (see the README's Performance section).
///
/// # Errors
/// As [`match_cohort`].
pub fn sweep_max_candidates(
    network: &Network,
    config: &Config,
    values: &[usize],
) -> Result<SweepReport> {
    let mut values = values.to_vec();
    if !values.contains(&0) {
        values.push(0);
    }
    let mut runs = Vec::with_capacity(values.len());
    for &k in &values {
        let mut c = config.clone();
        c.constraints.max_candidates = k;
        let start = Instant::now();
        let report = match_cohort(network, &c)?;
        let seconds = start.elapsed().as_secs_f64();
        let s = &report.summary;
        runs.push((k, s.mentees, s.matched, s.total_score, seconds));
    }
    let &(_, mentees0, matched0, total0, seconds0) =
        runs.iter().find(|r| r.0 == 0).expect("the reference runs");
    let coverage = |matched: usize, mentees: usize| {
        if mentees == 0 {
            0.0
        } else {
            matched as f64 / mentees as f64
        }
    };
    let coverage0 = coverage(matched0, mentees0);
    let sweep = runs
        .into_iter()
        .map(|(k, mentees, matched, total, seconds)| SweepPoint {
            max_candidates: k,
            mentees,
            matched,
            coverage: coverage(matched, mentees),
            total_score: total,
            score_ratio: if total0 == 0.0 && total == 0.0 {
                1.0
            } else {
                total / total0
            },
            coverage_difference: coverage(matched, mentees) - coverage0,
            seconds,
            time_ratio: seconds / seconds0.max(1e-9),
        })
        .collect();
    Ok(SweepReport { sweep })
}

impl SweepReport {
    /// The sweep as a table for a terminal.
    pub fn to_text(&self) -> String {
        let points = &self.sweep;
        let mut out = String::from(
        "max_candidates  matched / seeking  coverage  total score  vs all pairs  seconds  vs all pairs\n",
    );
        for p in points {
            let k = if p.max_candidates == 0 {
                "0 (all)".to_string()
            } else {
                p.max_candidates.to_string()
            };
            let _ = writeln!(
                out,
                "{k:>14}  {:>17}  {:>8.4}  {:>11.3}  {:>12}  {:>7.3}  {:>12}",
                format!("{} / {}", p.matched, p.mentees),
                p.coverage,
                p.total_score,
                format!("{:.5}", p.score_ratio),
                p.seconds,
                format!("{:.2}x", p.time_ratio),
            );
        }
        out
    }
}

#[cfg(all(test, feature = "generate"))]
mod tests {
    use super::*;
    use crate::{generate, GeneratorConfig, LoadOptions};

    #[test]
    fn a_sweep_runs_each_value_and_the_reference() {
        let data = generate(&GeneratorConfig {
            people: 800,
            seed: 2,
            ..Default::default()
        });
        let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let config = Config::default();
        let points = sweep_max_candidates(&network, &config, &[1, 50])
            .unwrap()
            .sweep;
        let ks: Vec<usize> = points.iter().map(|p| p.max_candidates).collect();
        assert_eq!(ks, [1, 50, 0]);
        let reference = &points[2];
        assert_eq!(
            (reference.score_ratio, reference.coverage_difference),
            (1.0, 0.0)
        );
        // Each point is the run a config with that value gives.
        let mut one = config.clone();
        one.constraints.max_candidates = 1;
        let run = match_cohort(&network, &one).unwrap().summary;
        assert_eq!(
            (points[0].matched, points[0].total_score),
            (run.matched, run.total_score)
        );
        assert!(points
            .iter()
            .all(|p| p.mentees == run.mentees && p.matched <= p.mentees));
        assert_eq!(
            points[0].score_ratio,
            run.total_score / reference.total_score
        );
        let report = SweepReport { sweep: points };
        assert!(report.to_text().contains("0 (all)"));
    }
}
