//! `tune`: a seeded search over the mentor weights that maximises a
//! benchmark metric, with its gain measured on folds it was not fitted on.
//!
//! (The search is described on [`Benchmark::tune`].)

use serde::Serialize;

use super::{difference, summarise, Benchmark, Difference, EvaluateOptions, Setting, METRICS};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::rng::Rng;
use crate::score::Criterion;

/// The largest budget [`Benchmark::tune`] accepts.
pub const MAX_BUDGET: usize = 100_000;

/// The fewest usable pairs of a kind per fold that tuning needs: good
/// past pairs, and for `auc` bad ones too.
const PER_FOLD: u32 = 10;

/// How [`Benchmark::tune`] searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TuneOptions {
    /// The metric to maximise, one of [`METRICS`] (default `auc`).
    pub metric: String,
    /// Folds, by mentee (default 5, from 2 to 100).
    pub folds: usize,
    /// The seed of the split and of the search (default 1).
    pub seed: u64,
    /// Configurations to score (default 200, from 10 to [`MAX_BUDGET`]).
    pub budget: usize,
}

impl Default for TuneOptions {
    fn default() -> TuneOptions {
        TuneOptions {
            metric: "auc".to_string(),
            folds: 5,
            seed: 1,
            budget: 200,
        }
    }
}

/// What [`Benchmark::tune`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TuneReport {
    /// The metric maximised.
    pub metric: String,
    /// Folds and seed of the split.
    pub folds: usize,
    /// The seed.
    pub seed: u64,
    /// Configurations scored.
    pub evaluations: usize,
    /// Good and bad past pairs used.
    pub good: u32,
    /// Bad past pairs used.
    pub bad: u32,
    /// The base configuration's metric, mean over the folds (it is fitted
    /// on nothing, so every fold is held out).
    pub before: f64,
    /// The mean over the folds of the metric, on each fold, of the
    /// configuration chosen without it.
    pub after: f64,
    /// Fold by fold: the base's metric and the held-out tuned metric.
    pub per_fold: Vec<(f64, f64)>,
    /// `after − before` fold by fold: the gain, and whether it stands out
    /// of the fold-to-fold noise.
    pub gain: Difference,
    /// The tuned configuration's metric on all pairs, the ones it was
    /// chosen on (optimistic; for reference).
    pub in_sample: f64,
    /// The base configuration with the tuned weights.
    #[serde(skip)]
    pub tuned: Config,
}

impl TuneOptions {
    fn check(&self) -> Result<()> {
        let bad = |kind: ErrorKind, field: &str, value: String, reason: String| {
            Err(Error::invalid(kind, "arguments", "", field, value, reason))
        };
        if !METRICS.contains(&self.metric.as_str()) {
            return bad(
                ErrorKind::Parse,
                "metric",
                self.metric.clone(),
                format!("must be one of {}", METRICS.join(", ")),
            );
        }
        if !(10..=MAX_BUDGET).contains(&self.budget) {
            return bad(
                ErrorKind::OutOfRange,
                "budget",
                self.budget.to_string(),
                format!("must be from 10 to {MAX_BUDGET}"),
            );
        }
        EvaluateOptions {
            folds: self.folds,
            seed: self.seed,
        }
        .check()
    }
}

impl Benchmark {
    /// Searches the mentor weights of `base` for the best `options.metric`,
    /// measuring the gain on held-out folds.
    ///
    /// # The search
    /// The weights searched are every mentor criterion's but `repeat` (0 for
    /// every history pair, see [`Benchmark`]), each at least 0, and
    /// `mentor_view_weight` in [0, 1]. The positive weights always add up to
    /// what the base configuration's add up to (1 when those are 0), so that
    /// `min_score` keeps its meaning; weights are rounded to 4 decimals, so the
    /// file written is exactly what was measured.
    /// 1. Half the budget: the base configuration, then weights drawn uniformly
    ///    from the simplex (normalised exponential draws) with a uniform view
    ///    weight.
    /// 2. The other half, in `folds + 1` equal parts: around the best of
    ///    step 1 on the pairs outside fold `f` (one part per fold), and around
    ///    the best on all pairs (the last part), each weight multiplied by
    ///    `exp(N(0, 0.5²))`, set to 0 with probability 0.15, then renormalised;
    ///    the view weight moved by `N(0, 0.1²)`.
    ///
    /// Every configuration is scored on every pair once; each pair's values
    /// are computed once per step and re-weighed per configuration (see
    /// [`Benchmark`]). The configuration chosen for fold `f` is the best on
    /// the pairs outside fold `f` among step 1 and part `f` of step 2, and its
    /// metric on fold `f` is the held-out figure: the search never sees the
    /// pairs it is scored on. The tuned configuration is the best on all pairs
    /// among step 1 and the last part. Cost: two passes over the pairs (and,
    /// for a ranking metric, over the candidates of every mentee with a good
    /// past mentor), plus `budget × (pairs + candidates)` re-weighings, on
    /// every core.
    ///
    /// # Errors
    /// [`Error::Invalid`] when an option or `base` is out of range, or when
    /// the history has too few usable pairs: at least 10 good pairs per
    /// fold, and for `auc` 10 bad ones per fold (the error says how many
    /// there are and how many are needed).
    pub fn tune(&self, base: &Config, options: &TuneOptions) -> Result<TuneReport> {
        options.check()?;
        base.validate("base configuration")?;
        let metric = options.metric.as_str();
        let ranks = metric != "auc";
        let split = EvaluateOptions {
            folds: options.folds,
            seed: options.seed,
        };
        let folds = self.folds(&split);
        let k = options.folds;
        let start = Setting::of(base);

        // Step 1: the base, then uniform draws.
        let first = options.budget / 2;
        let mut settings = vec![start];
        let sum: f64 = start.weights.iter().filter(|&&w| w > 0.0).sum();
        let total = if sum > 0.0 { sum } else { 1.0 };
        for i in 1..first {
            let mut rng = Rng::for_item(options.seed, 1, i as u64);
            let mut s = start;
            for c in searched() {
                s.weights[c] = rng.exponential(1.0);
            }
            s.view = rng.unit();
            settings.push(normalised(s, total));
        }
        let scored = self.score(base, &settings, &folds, ranks);
        let counts = self.counts(&scored);
        let (needed_good, needed_bad) = (
            PER_FOLD * k as u32,
            if ranks { 0 } else { PER_FOLD * k as u32 },
        );
        if counts.good < needed_good || counts.bad < needed_bad {
            return Err(Error::invalid(
                ErrorKind::Infeasible,
                "history",
                "",
                "outcome",
                format!("{} good and {} bad mentor pairs usable", counts.good, counts.bad),
                format!(
                    "too few to tune {metric} over {k} folds: it needs at least {needed_good} good{}",
                    if ranks {
                        String::new()
                    } else {
                        format!(" and {needed_bad} bad")
                    }
                ),
            ));
        }
        // Each setting's metric on all folds, on each fold alone and on all
        // but each fold, computed once and in parallel.
        let step1 = table(&scored, settings.len(), k, metric);
        let (all, only, without) = (|| 0, |f: usize| 1 + f, |f: usize| 1 + k + f);
        // The best setting (lowest index among equals) on column `col`.
        let best = |table: &[Vec<f64>], among: std::ops::Range<usize>, col: usize| {
            let mut top = among.start;
            for i in among {
                if table[i][col] > table[top][col] {
                    top = i;
                }
            }
            top
        };
        let centres: Vec<usize> = (0..=k)
            .map(|f| {
                best(
                    &step1,
                    0..settings.len(),
                    if f == k { all() } else { without(f) },
                )
            })
            .collect();

        // Step 2: around each fold's best, and around the best overall.
        let part = (options.budget - first) / (k + 1);
        let mut second = Vec::with_capacity(part * (k + 1));
        for (f, &c) in centres.iter().enumerate() {
            for j in 0..part {
                let mut rng = Rng::for_item(options.seed, 2 + f as u64, j as u64);
                let mut s = settings[c];
                for i in searched() {
                    s.weights[i] *= (0.5 * rng.normal()).exp();
                    if rng.chance(0.15) {
                        s.weights[i] = 0.0;
                    }
                }
                s.view = (s.view + 0.1 * rng.normal()).clamp(0.0, 1.0);
                second.push(normalised(s, total));
            }
        }
        let refined = self.score(base, &second, &folds, ranks);
        let step2 = table(&refined, second.len(), k, metric);
        let in_part = |f: usize| f * part..(f + 1) * part;

        // Per fold: the choice without the fold, scored on the fold.
        let mut per_fold = Vec::with_capacity(k);
        for f in 0..k {
            let a = best(&step1, 0..settings.len(), without(f));
            let b = best(&step2, in_part(f), without(f));
            let held_out = if part > 0 && step2[b][without(f)] > step1[a][without(f)] {
                step2[b][only(f)]
            } else {
                step1[a][only(f)]
            };
            per_fold.push((step1[0][only(f)], held_out));
        }
        let a = best(&step1, 0..settings.len(), all());
        let b = best(&step2, in_part(k), all());
        let (chosen, in_sample) = if part > 0 && step2[b][all()] > step1[a][all()] {
            (second[b], step2[b][all()])
        } else {
            (settings[a], step1[a][all()])
        };
        let mut tuned = base.clone();
        for c in Criterion::ALL {
            if c != Criterion::Repeat {
                *c.weight_mut(&mut tuned.weights) = chosen.weights[c as usize];
            }
        }
        tuned.weights.mentor_view_weight = chosen.view;
        let column = |pick: fn(&(f64, f64)) -> f64| -> Vec<Option<f64>> {
            per_fold.iter().map(|p| Some(pick(p))).collect()
        };
        let gain = difference(metric, &column(|p| p.1), &column(|p| p.0));
        let mean = |pick: fn(&(f64, f64)) -> f64| per_fold.iter().map(pick).sum::<f64>() / k as f64;
        Ok(TuneReport {
            metric: metric.to_string(),
            folds: k,
            seed: options.seed,
            evaluations: settings.len() + second.len(),
            good: counts.good,
            bad: counts.bad,
            before: mean(|p| p.0),
            after: mean(|p| p.1),
            per_fold,
            gain,
            in_sample,
            tuned,
        })
    }
}

/// For each of `n` scored settings, `metric` on every fold (column 0), on
/// fold `f` alone (`1 + f`) and on every fold but `f` (`1 + k + f`); −∞
/// where it is undefined. Settings run in parallel.
fn table(scored: &[super::GroupScores], n: usize, k: usize, metric: &str) -> Vec<Vec<f64>> {
    use rayon::prelude::*;
    (0..n)
        .into_par_iter()
        .map(|i| {
            let value = |keep: &dyn Fn(usize) -> bool| {
                summarise(scored, i, keep)
                    .get(metric)
                    .unwrap_or(f64::NEG_INFINITY)
            };
            let mut row = vec![value(&|_| true)];
            row.extend((0..k).map(|f| value(&|g| g == f)));
            row.extend((0..k).map(|f| value(&|g| g != f)));
            row
        })
        .collect()
}

/// The criteria the search moves: all but `repeat`.
fn searched() -> impl Iterator<Item = usize> {
    (0..Criterion::ALL.len()).filter(|&i| i != Criterion::Repeat as usize)
}

/// `s` with its searched weights scaled to add up to `total`, every weight
/// and the view weight rounded to 4 decimals.
fn normalised(mut s: Setting, total: f64) -> Setting {
    let sum: f64 = searched().map(|i| s.weights[i]).sum();
    for i in searched() {
        let w = if sum > 0.0 {
            s.weights[i] * total / sum
        } else {
            total / 10.0
        };
        s.weights[i] = (w * 1e4).round() / 1e4;
    }
    s.view = (s.view * 1e4).round() / 1e4;
    s
}

impl TuneReport {
    /// What the held-out gain says, in words.
    pub fn verdict(&self) -> &'static str {
        match (self.gain.significant, self.gain.mean_difference > 0.0) {
            (true, true) => "a significant gain",
            (true, false) => "a significant loss: keep the base configuration",
            (false, _) => "within fold noise: no evidence the tuned weights are better",
        }
    }

    /// The tuned configuration as a TOML file, headed by [`Self::summary`]
    /// as comments.
    pub fn to_toml(&self) -> String {
        let mut out = String::from("# Tuned by `mentormatch tune`: ");
        for (i, line) in self.summary().lines().enumerate() {
            if i > 0 {
                out.push_str("# ");
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&toml::to_string(&self.tuned).expect("a configuration serialises"));
        out
    }

    /// What was searched and what it measured, in three lines: the metric
    /// and the pairs; before, after and the gain held out, with its verdict;
    /// the tuned configuration on the pairs it was chosen on.
    pub fn summary(&self) -> String {
        format!(
            "{} over {} folds by mentee (seed {}), {} configurations, {} good and {} bad pairs\n\
             held out: before {:.4}, after {:.4}, gain {:+.4} ± {:.4} ({} of {} folds better; {})\n\
             on the pairs it was chosen on: {:.4}\n",
            self.metric,
            self.folds,
            self.seed,
            self.evaluations,
            self.good,
            self.bad,
            self.before,
            self.after,
            self.gain.mean_difference,
            self.gain.sd,
            self.gain.folds_better,
            self.gain.folds,
            self.verdict(),
            self.in_sample
        )
    }

    /// [`Self::summary`] and the tuned weights, for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = self.summary();
        out.push_str("weights:");
        let mut w = self.tuned.weights.clone();
        for c in Criterion::ALL {
            if c != Criterion::Repeat {
                out.push_str(&format!(" {}={}", c.name(), *c.weight_mut(&mut w)));
            }
        }
        out.push_str(&format!(
            " mentor_view_weight={}\n",
            self.tuned.weights.mentor_view_weight
        ));
        out
    }
}

#[cfg(all(test, feature = "generate"))]
mod tests {
    use super::*;
    use crate::{generate, GeneratorConfig, LoadOptions};

    fn bench(people: usize, seed: u64) -> Benchmark {
        let data = generate(&GeneratorConfig {
            people,
            seed,
            ..Default::default()
        });
        Benchmark::from_dataset(&data, &LoadOptions::default()).unwrap()
    }

    #[test]
    fn the_written_file_is_the_tuned_configuration_and_held_out_is_honest() {
        let bench = bench(12_000, 5);
        let options = TuneOptions {
            budget: 40,
            folds: 3,
            ..TuneOptions::default()
        };
        // Most generated past mentors share no skill with the goals of
        // their past mentee: without the constraint, most pairs count.
        let mut base = Config::default();
        base.constraints.require_skill_overlap = false;
        let report = bench.tune(&base, &options).unwrap();
        assert_eq!(
            Config::from_toml_str(&report.to_toml()).unwrap(),
            report.tuned
        );
        // The base configuration is among those scored, so on the pairs it
        // was chosen on the tuned one is at least as good.
        let all = bench
            .evaluate(
                &[("t".into(), report.tuned.clone())],
                &EvaluateOptions { folds: 3, seed: 1 },
            )
            .unwrap();
        assert_eq!(all.configs[0].metrics.auc, Some(report.in_sample));
        assert!(report.in_sample >= report.before - 0.05);
        assert_eq!(report.per_fold.len(), 3);
        assert_eq!(report.evaluations, 20 + 20 / 4 * 4);
        // The same seed, the same search.
        assert_eq!(bench.tune(&base, &options).unwrap(), report);
    }

    #[test]
    fn too_little_history_is_refused_with_what_it_needs() {
        let bench = bench(600, 1);
        let error = bench
            .tune(&Config::default(), &TuneOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("it needs at least 50 good and 50 bad"),
            "{error}"
        );
        for bad in [
            TuneOptions {
                metric: "accuracy".into(),
                ..TuneOptions::default()
            },
            TuneOptions {
                budget: 5,
                ..TuneOptions::default()
            },
            TuneOptions {
                folds: 1,
                ..TuneOptions::default()
            },
        ] {
            assert!(bench.tune(&Config::default(), &bad).is_err());
        }
    }
}
