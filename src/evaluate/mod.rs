//! Benchmarks of configurations against the dataset's history: how well a
//! configuration's scores tell the past mentor pairs that went well from
//! those that went badly, and where a mentee's good past mentor ranks among
//! all of that mentee's candidates; and a search over the weights that
//! maximises such a metric on pairs it was not fitted on.
//!
//! # How history pairs are scored
//! Each past pair is scored as if it were new:
//! - the history is taken out of the network, so `repeat` is 0 for every
//!   pair (and a configuration's `repeat` weight changes nothing);
//! - every past mentee seeks a mentor and every past mentor offers at least
//!   one place, whatever the dataset says today;
//! - every other hard constraint of the configuration applies: a pair that
//!   fails one whatever the weights (`blocked`, `same_reporting_chain`,
//!   `no_skill_overlap`, ...) is skipped and counted under that
//!   constraint's name. `no_support` and `below_min_score` depend on the
//!   weights: such a pair is still scored for `auc`, and as a good past
//!   mentor it counts as not found (rank none) for the ranking metrics.
//! - Sponsor pairs are not benchmarked (counted as `sponsor_pair`): the
//!   benchmark covers the mentor criteria. Pairs naming someone not in the
//!   dataset are counted as `unknown_person`, a pair listed again as
//!   `repeated_pair`, a person paired with themself as `same_person`.
//!
//! # Metrics
//! - `auc`: over the good and bad past pairs (neutral ones are left out),
//!   the probability that a good pair scores above a bad one, ties counting
//!   one half (the Mann–Whitney statistic); `null` without both.
//! - For each good past pair, its *rank*: 1 plus the number of the
//!   mentee's candidates (every mentor who passes the hard constraints,
//!   the mentee's other good past mentors left out) that candidate
//!   generation would put before the past mentor: a higher combined score,
//!   or an equal one and an earlier [`tie_break`](crate::tie_break). Then
//!   `mrr` is the mean of `1 / rank`, `hit_at_1` and `hit_at_5` the share
//!   of ranks at most 1 and 5, and `ndcg_at_5` the mean of
//!   `1 / log2(rank + 1)` over ranks at most 5 (0 beyond; with one relevant
//!   mentor per query the ideal gain is 1). A past mentor the weights leave
//!   without support or below `min_score` counts 0 in each.
//!
//! Pairs are split into folds by mentee (a seeded shuffle of the mentees,
//! dealt round-robin), so that a mentee's pairs are never on both sides of
//! a split. Scores are computed once per pair and re-weighed with the same
//! arithmetic as scoring ([`PairScore`](crate::PairScore)'s sums), so a
//! metric is exactly what the engine's scores give.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

mod sweep;
mod tune;

pub use sweep::{sweep_max_candidates, SweepPoint, SweepReport};
pub use tune::{TuneOptions, TuneReport, MAX_BUDGET};

use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{PersonId, Role};
use crate::network::{LoadOptions, Network};
use crate::records::{Dataset, HistoryRecord, Outcome};
use crate::rng::mix;
use crate::score::candidates::{pair_order, Engine};
use crate::score::{
    combine, positive_mask, support_mask, supported, views, Constraint, Criterion, MentorScorer,
    PairValues, PerThread, MAX_CRITERIA,
};

/// The metrics a benchmark reports, by their names in output and in
/// `--metric`.
pub const METRICS: [&str; 5] = ["auc", "mrr", "hit_at_1", "hit_at_5", "ndcg_at_5"];

/// The most folds a benchmark splits into.
pub const MAX_FOLDS: usize = 100;

/// How a benchmark splits its pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluateOptions {
    /// Folds, by mentee (default 5, from 2 to [`MAX_FOLDS`]).
    pub folds: usize,
    /// The seed of the split (default 1).
    pub seed: u64,
}

impl Default for EvaluateOptions {
    fn default() -> EvaluateOptions {
        EvaluateOptions { folds: 5, seed: 1 }
    }
}

impl EvaluateOptions {
    fn check(&self) -> Result<()> {
        if !(2..=MAX_FOLDS).contains(&self.folds) {
            return Err(Error::invalid(
                ErrorKind::OutOfRange,
                "arguments",
                "",
                "folds",
                self.folds.to_string(),
                format!("must be from 2 to {MAX_FOLDS}"),
            ));
        }
        Ok(())
    }
}

/// One configuration's metrics over a set of pairs (see the module
/// documentation for their definitions).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Good against bad past pairs; `None` without both.
    pub auc: Option<f64>,
    /// Mean reciprocal rank of the good past mentors; `None` without any.
    pub mrr: Option<f64>,
    /// Share of good past mentors ranked first.
    pub hit_at_1: Option<f64>,
    /// Share ranked in the first five.
    pub hit_at_5: Option<f64>,
    /// Normalised discounted cumulative gain of the first five.
    pub ndcg_at_5: Option<f64>,
    /// Good past pairs used.
    pub good: u32,
    /// Bad past pairs used.
    pub bad: u32,
}

impl Metrics {
    /// The metric named `name` (one of [`METRICS`]).
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "auc" => self.auc,
            "mrr" => self.mrr,
            "hit_at_1" => self.hit_at_1,
            "hit_at_5" => self.hit_at_5,
            "ndcg_at_5" => self.ndcg_at_5,
            _ => None,
        }
    }
}

/// What happened to the history's records under one configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairCounts {
    /// Mentor pairs used, good, neutral and bad together.
    pub used: u32,
    /// Of those, how many went well.
    pub good: u32,
    /// Went neither well nor badly (used for nothing but this count).
    pub neutral: u32,
    /// Went badly.
    pub bad: u32,
    /// Records not used, by reason: `unknown_person`, `sponsor_pair`,
    /// `repeated_pair`, `same_person`, or the name of the hard constraint
    /// the pair fails whatever the weights.
    pub skipped: BTreeMap<String, u32>,
}

/// The metrics with one criterion switched off.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ablation {
    /// The criterion whose weight was set to 0.
    pub criterion: String,
    /// Its weight in the configuration.
    pub weight: f64,
    /// The metrics without it.
    pub metrics: Metrics,
}

/// One configuration's benchmark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigEvaluation {
    /// The configuration's name (its file, or `default`).
    pub name: String,
    /// Over every pair used.
    pub metrics: Metrics,
    /// Fold by fold.
    pub folds: Vec<Metrics>,
    /// The pairs used and skipped.
    pub pairs: PairCounts,
    /// For each criterion with a non-zero weight (but `repeat`, which is 0
    /// for every pair here), the metrics with that weight set to 0.
    pub ablation: Vec<Ablation>,
}

/// A metric's paired difference over folds between two configurations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// The metric's name.
    pub metric: String,
    /// Mean over the folds of `config − baseline` (0 when no fold has the
    /// metric for both: then `folds` is 0).
    pub mean_difference: f64,
    /// The sample standard deviation of the fold differences.
    pub sd: f64,
    /// Folds where the configuration did better.
    pub folds_better: u32,
    /// Folds compared (a fold where the metric is undefined for either is
    /// left out).
    pub folds: u32,
    /// Whether the mean difference is further from 0 than Student's t at
    /// the two-sided 5% level times its standard error (`sd / √folds`): a
    /// difference that fold-to-fold noise rarely makes. (Folds share
    /// training data, so this paired test is somewhat optimistic; treat a
    /// borderline result as noise.)
    pub significant: bool,
}

/// A configuration compared with the first one, fold by fold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The configuration.
    pub config: String,
    /// The first configuration, the baseline.
    pub baseline: String,
    /// One entry per metric, in the order of [`METRICS`].
    pub differences: Vec<Difference>,
}

/// What [`Benchmark::evaluate`] returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluationReport {
    /// The number of folds.
    pub folds: usize,
    /// The seed of the split.
    pub seed: u64,
    /// One per configuration, in the order given.
    pub configs: Vec<ConfigEvaluation>,
    /// Each configuration after the first against the first.
    pub comparisons: Vec<Comparison>,
}

/// A dataset's history, ready to benchmark configurations against (see the
/// module documentation).
///
/// # Example
/// ```
/// use mentormatch::{Benchmark, Config, EvaluateOptions, LoadOptions};
///
/// let bench = Benchmark::load("data/sample.json", &LoadOptions::default())?;
/// let report = bench.evaluate(&[("default".into(), Config::default())], &EvaluateOptions::default())?;
/// let metrics = &report.configs[0].metrics;
/// assert!(metrics.good > 0);
/// assert!(metrics.mrr.is_some_and(|m| m > 0.0 && m <= 1.0));
/// # Ok::<(), mentormatch::Error>(())
/// ```
#[derive(Debug)]
pub struct Benchmark {
    network: Network,
    /// Usable mentor pairs grouped by mentee, mentees in id order.
    groups: Vec<Group>,
    /// Records not usable whatever the configuration, by reason.
    skipped: BTreeMap<String, u32>,
}

#[derive(Debug)]
struct Group {
    mentee: PersonId,
    /// Past mentors and how it went, by mentor id.
    past: Vec<(PersonId, Outcome)>,
}

/// One way of weighing pairs: the mentor weights in criterion order, the
/// mentor view's share, and `min_score`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Setting {
    weights: [f64; MAX_CRITERIA],
    view: f64,
    min_score: f64,
}

impl Setting {
    fn of(config: &Config) -> Setting {
        let mut weights = Criterion::weights(&config.weights);
        // No pair of the benchmark has history: `repeat` is 0 everywhere.
        weights[Criterion::Repeat as usize] = 0.0;
        Setting {
            weights,
            view: config.weights.mentor_view_weight,
            min_score: config.constraints.min_score,
        }
    }

    /// The combined score, and whether the pair may be a candidate.
    #[inline]
    fn score(&self, v: &PairValues) -> (f64, bool) {
        let (a, b) = views(&self.weights, &v.mentee, &v.mentor);
        let combined = combine(a, b, self.view);
        let admissible = supported(&self.weights, &v.mentee, &v.mentor, v.affinity)
            && combined >= self.min_score;
        (combined, admissible)
    }

    /// [`Setting::score`] for a candidate whose [`support_mask`] is
    /// `support`, with this setting's [`positive_mask`] in `positive`.
    #[inline]
    fn score_candidate(&self, v: &PairValues, support: u16, positive: u16) -> (f64, bool) {
        let (a, b) = views(&self.weights, &v.mentee, &v.mentor);
        let combined = combine(a, b, self.view);
        let admissible = (v.affinity || support & positive != 0) && combined >= self.min_score;
        (combined, admissible)
    }
}

/// The constraints whose verdict does not depend on the weights.
const WEIGHT_FREE: u32 =
    !((1 << Constraint::NoSupport as u32) | (1 << Constraint::BelowMinScore as u32));

/// One mentee's pairs scored under each setting.
#[derive(Debug, Default)]
struct GroupScores {
    fold: usize,
    /// Per good or bad past pair: whether it went well, and its score
    /// under each setting.
    labelled: Vec<(Option<bool>, Vec<f64>)>,
    /// Per good past pair: its rank under each setting.
    ranks: Vec<Vec<Option<u32>>>,
    /// Pairs skipped for a hard constraint, by its name.
    infeasible: Vec<&'static str>,
    neutral: u32,
}

impl Benchmark {
    /// Reads a dataset (a JSON file or a CSV folder) and prepares its
    /// history. Errors name the file and record, as [`crate::load`]; a
    /// history record naming someone not in the dataset is skipped, not an
    /// error.
    ///
    /// # Errors
    /// As [`crate::load`].
    pub fn load(path: impl AsRef<Path>, options: &LoadOptions) -> Result<Benchmark> {
        let mut history = Vec::new();
        let network = crate::io::load_adjusted(path.as_ref(), options, |data| {
            history = std::mem::take(&mut data.history);
            seek_and_offer(data, &history);
        })?;
        Ok(Benchmark::with_network(network, &history))
    }

    /// [`Benchmark::load`] for records already in memory.
    ///
    /// # Errors
    /// As [`Network::from_dataset`], for the records other than the history.
    pub fn from_dataset(dataset: &Dataset, options: &LoadOptions) -> Result<Benchmark> {
        let mut data = dataset.clone();
        let history = std::mem::take(&mut data.history);
        seek_and_offer(&mut data, &history);
        let network = Network::from_dataset(&data, options)?;
        Ok(Benchmark::with_network(network, &history))
    }

    fn with_network(network: Network, history: &[HistoryRecord]) -> Benchmark {
        let mut skipped = BTreeMap::new();
        let mut skip = |why: &str| *skipped.entry(why.to_string()).or_insert(0) += 1;
        let mut seen = HashSet::new();
        let mut by_mentee: BTreeMap<PersonId, Vec<(PersonId, Outcome)>> = BTreeMap::new();
        for h in history {
            if h.kind != Role::Mentor {
                skip("sponsor_pair");
                continue;
            }
            let (Some(mentee), Some(mentor)) =
                (network.person_id(&h.mentee), network.person_id(&h.mentor))
            else {
                skip("unknown_person");
                continue;
            };
            if mentee == mentor {
                skip("same_person");
            } else if !seen.insert((mentee, mentor)) {
                skip("repeated_pair");
            } else {
                by_mentee
                    .entry(mentee)
                    .or_default()
                    .push((mentor, h.outcome));
            }
        }
        let groups = by_mentee
            .into_iter()
            .map(|(mentee, mut past)| {
                past.sort_by_key(|p| p.0);
                Group { mentee, past }
            })
            .collect();
        Benchmark {
            network,
            groups,
            skipped,
        }
    }

    /// The network the pairs are scored in: the dataset without its
    /// history, past mentees seeking and past mentors offering.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The usable mentor pairs by outcome: good, neutral, bad (before any
    /// configuration's hard constraints).
    pub fn outcomes(&self) -> (u32, u32, u32) {
        let mut n = (0, 0, 0);
        for (_, o) in self.groups.iter().flat_map(|g| &g.past) {
            match o {
                Outcome::Good => n.0 += 1,
                Outcome::Neutral => n.1 += 1,
                Outcome::Bad => n.2 += 1,
            }
        }
        n
    }

    /// Benchmarks each named configuration: its metrics overall and fold by
    /// fold, the pairs used and skipped, an ablation per criterion, and
    /// each configuration after the first compared with the first.
    ///
    /// # Errors
    /// [`Error::Invalid`] when `options.folds` is out of range or a
    /// configuration is (see [`Config::validate`]).
    pub fn evaluate(
        &self,
        configs: &[(String, Config)],
        options: &EvaluateOptions,
    ) -> Result<EvaluationReport> {
        options.check()?;
        let folds = self.folds(options);
        let mut out = Vec::with_capacity(configs.len());
        for (name, config) in configs {
            config.validate(name)?;
            let base = Setting::of(config);
            let mut settings = vec![base];
            let mut ablated = Vec::new();
            for c in Criterion::ALL {
                let w = base.weights[c as usize];
                if w != 0.0 {
                    let mut s = base;
                    s.weights[c as usize] = 0.0;
                    settings.push(s);
                    ablated.push((c, w));
                }
            }
            let scored = self.score(config, &settings, &folds, true);
            let pairs = self.counts(&scored);
            let metrics = |i: usize| summarise(&scored, i, |_| true);
            out.push(ConfigEvaluation {
                name: name.clone(),
                metrics: metrics(0),
                folds: (0..options.folds)
                    .map(|f| summarise(&scored, 0, |g| g == f))
                    .collect(),
                pairs,
                ablation: ablated
                    .iter()
                    .enumerate()
                    .map(|(i, &(c, w))| Ablation {
                        criterion: c.name().to_string(),
                        weight: w,
                        metrics: metrics(i + 1),
                    })
                    .collect(),
            });
        }
        let comparisons = out
            .iter()
            .skip(1)
            .map(|c| Comparison {
                config: c.name.clone(),
                baseline: out[0].name.clone(),
                differences: METRICS
                    .iter()
                    .map(|m| {
                        let column =
                            |folds: &[Metrics]| folds.iter().map(|f| f.get(m)).collect::<Vec<_>>();
                        difference(m, &column(&c.folds), &column(&out[0].folds))
                    })
                    .collect(),
            })
            .collect();
        Ok(EvaluationReport {
            folds: options.folds,
            seed: options.seed,
            configs: out,
            comparisons,
        })
    }

    /// Each group's fold: the mentees shuffled by a hash of the seed and
    /// their id, then dealt round-robin.
    fn folds(&self, options: &EvaluateOptions) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        let key = |i: usize| mix(mix(options.seed) ^ u64::from(self.groups[i].mentee.node()));
        order.sort_by_key(|&i| (key(i), i));
        let mut fold = vec![0; self.groups.len()];
        for (k, &i) in order.iter().enumerate() {
            fold[i] = k % options.folds;
        }
        fold
    }

    /// Scores every group under each setting: the labelled pairs always,
    /// the good past mentors' ranks when `ranks` (which values every
    /// candidate of their mentees).
    fn score(
        &self,
        config: &Config,
        settings: &[Setting],
        folds: &[usize],
        ranks: bool,
    ) -> Vec<GroupScores> {
        // `evaluate` and `tune` validated the configuration.
        let scorer = MentorScorer::from_valid(&self.network, config);
        let memory = PerThread::new();
        self.groups
            .par_iter()
            .zip(folds)
            .map(|(group, &fold)| {
                memory.with(
                    || (scorer.new_scratch(), Vec::new()),
                    |(s, candidates)| {
                        score_group(&scorer, s, candidates, group, fold, settings, ranks)
                    },
                )
            })
            .collect()
    }

    fn counts(&self, scored: &[GroupScores]) -> PairCounts {
        let mut counts = PairCounts {
            used: 0,
            good: 0,
            neutral: 0,
            bad: 0,
            skipped: self.skipped.clone(),
        };
        for g in scored {
            for (label, _) in &g.labelled {
                match label {
                    Some(true) => counts.good += 1,
                    Some(false) => counts.bad += 1,
                    None => {}
                }
            }
            counts.neutral += g.neutral;
            for why in &g.infeasible {
                *counts.skipped.entry((*why).to_string()).or_insert(0) += 1;
            }
        }
        counts.used = counts.good + counts.neutral + counts.bad;
        counts
    }
}

/// Makes every past mentor pair's mentee seek a mentor and its mentor offer
/// at least one place.
fn seek_and_offer(data: &mut Dataset, history: &[HistoryRecord]) {
    let mut mentees = HashSet::new();
    let mut mentors = HashSet::new();
    for h in history.iter().filter(|h| h.kind == Role::Mentor) {
        mentees.insert(h.mentee.as_str());
        mentors.insert(h.mentor.as_str());
    }
    for p in &mut data.people {
        if mentees.contains(p.id.as_str()) && !p.seeks.contains(&Role::Mentor) {
            p.seeks.push(Role::Mentor);
        }
        if mentors.contains(p.id.as_str()) {
            p.mentor_capacity = p.mentor_capacity.max(1);
        }
    }
}

fn score_group(
    scorer: &MentorScorer<'_>,
    s: &mut <MentorScorer<'_> as Engine>::Scratch,
    candidates: &mut Vec<(PersonId, u64, PairValues, u16)>,
    group: &Group,
    fold: usize,
    settings: &[Setting],
    ranks: bool,
) -> GroupScores {
    let mentee = group.mentee;
    // Only a mentee with a good past mentor has a rank to find.
    let ranks = ranks && group.past.iter().any(|p| p.1 == Outcome::Good);
    let past: Vec<PersonId> = group.past.iter().map(|p| p.0).collect();
    let is_good = |t: PersonId| {
        past.binary_search(&t)
            .is_ok_and(|i| group.past[i].1 == Outcome::Good)
    };
    let mut values: Vec<Option<PairValues>> = vec![None; past.len()];
    let network = scorer.network();
    let own = network.id_key(mentee);
    let tie_break = |mentor: PersonId| pair_order(own, network.id_key(mentor));
    // Candidates: every mentor passing the weight-free constraints, but the
    // mentee's good past mentors (each is ranked among the others).
    candidates.clear();
    scorer.values_for_mentee(s, mentee, &past, ranks, |mentor, v| {
        if let Ok(i) = past.binary_search(&mentor) {
            values[i] = Some(*v);
        }
        if ranks && v.failed & WEIGHT_FREE == 0 && !is_good(mentor) {
            candidates.push((
                mentor,
                tie_break(mentor),
                *v,
                support_mask(&v.mentee, &v.mentor),
            ));
        }
    });
    let mut out = GroupScores {
        fold,
        ..GroupScores::default()
    };
    let mut good = Vec::new();
    for (&(mentor, outcome), v) in group.past.iter().zip(&values) {
        // Every past mentor offers mentoring here (`seek_and_offer`), so
        // each was visited.
        let v = v.expect("a past mentor is a mentor");
        let weight_free = v.failed & WEIGHT_FREE;
        if weight_free != 0 {
            let first = Constraint::ALL
                .into_iter()
                .find(|&c| weight_free & (1 << c as u32) != 0)
                .expect("a failed constraint");
            out.infeasible.push(first.name());
            continue;
        }
        let label = match outcome {
            Outcome::Good => true,
            Outcome::Bad => false,
            Outcome::Neutral => {
                out.neutral += 1;
                continue;
            }
        };
        out.labelled.push((
            Some(label),
            settings.iter().map(|st| st.score(&v).0).collect(),
        ));
        if label && ranks {
            good.push((mentor, v));
        }
    }
    out.ranks = vec![vec![None; settings.len()]; good.len()];
    let mut scores = vec![(0.0, false); candidates.len()];
    for (k, setting) in settings.iter().enumerate() {
        if good.is_empty() {
            break;
        }
        let positive = positive_mask(&setting.weights);
        for (slot, c) in scores.iter_mut().zip(candidates.iter()) {
            *slot = setting.score_candidate(&c.2, c.3, positive);
        }
        for (q, &(mentor, v)) in good.iter().enumerate() {
            let (score, admissible) = setting.score(&v);
            if !admissible {
                continue;
            }
            // Before the past mentor in candidate order: a higher score, or
            // an equal one and an earlier tie-break (then id).
            let tie = (tie_break(mentor), mentor);
            let before = candidates
                .iter()
                .zip(&scores)
                .filter(|(c, &(cs, ok))| {
                    ok && cs
                        .total_cmp(&score)
                        .then_with(|| tie.cmp(&(c.1, c.0)))
                        .is_gt()
                })
                .count();
            out.ranks[q][k] = Some(u32::try_from(before + 1).unwrap_or(u32::MAX));
        }
    }
    out
}

/// The metrics of setting `i` over the groups whose fold `keep` admits.
fn summarise(scored: &[GroupScores], i: usize, keep: impl Fn(usize) -> bool + Copy) -> Metrics {
    let groups = || scored.iter().filter(move |g| keep(g.fold));
    let labelled = groups().flat_map(|g| {
        g.labelled
            .iter()
            .map(move |(l, s)| (s[i], *l == Some(true)))
    });
    let ranks = groups().flat_map(|g| g.ranks.iter().map(move |r| r[i]));
    metrics(labelled, ranks)
}

/// The metrics of scored labelled pairs (score, went well) and of the good
/// past mentors' ranks.
fn metrics(
    labelled: impl Iterator<Item = (f64, bool)>,
    ranks: impl Iterator<Item = Option<u32>>,
) -> Metrics {
    let mut pairs: Vec<(f64, bool)> = labelled.collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let good = pairs.iter().filter(|p| p.1).count();
    let bad = pairs.len() - good;
    // Mann–Whitney: for each run of equal scores, its good pairs beat every
    // bad pair below it and tie with the bad pairs in the run.
    let mut wins = 0.0;
    let mut bad_below = 0usize;
    for run in pairs.chunk_by(|a, b| a.0.total_cmp(&b.0).is_eq()) {
        let g = run.iter().filter(|p| p.1).count();
        let b = run.len() - g;
        wins += g as f64 * (bad_below as f64 + 0.5 * b as f64);
        bad_below += b;
    }
    let auc = (good > 0 && bad > 0).then(|| wins / (good as f64 * bad as f64));
    let ranks: Vec<Option<u32>> = ranks.collect();
    let n = ranks.len() as f64;
    let mean = |f: &dyn Fn(u32) -> f64| {
        (!ranks.is_empty()).then(|| ranks.iter().map(|r| r.map_or(0.0, f)).sum::<f64>() / n)
    };
    let within = |k: u32| move |r: u32| if r <= k { 1.0 } else { 0.0 };
    Metrics {
        auc,
        mrr: mean(&|r| 1.0 / f64::from(r)),
        hit_at_1: mean(&within(1)),
        hit_at_5: mean(&within(5)),
        ndcg_at_5: mean(&|r| {
            if r <= 5 {
                1.0 / f64::from(r + 1).log2()
            } else {
                0.0
            }
        }),
        good: good as u32,
        bad: bad as u32,
    }
}

/// The paired difference of `metric` over folds, from its value per fold
/// under a configuration and under the baseline (a fold where either is
/// undefined is left out).
fn difference(metric: &str, config: &[Option<f64>], baseline: &[Option<f64>]) -> Difference {
    let d: Vec<f64> = config
        .iter()
        .zip(baseline)
        .filter_map(|(c, b)| Some((*c)? - (*b)?))
        .collect();
    let n = d.len() as f64;
    let mean = if d.is_empty() {
        0.0
    } else {
        d.iter().sum::<f64>() / n
    };
    let sd = if d.len() < 2 {
        0.0
    } else {
        (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    };
    Difference {
        metric: metric.to_string(),
        mean_difference: mean,
        sd,
        folds_better: d.iter().filter(|&&x| x > 0.0).count() as u32,
        folds: d.len() as u32,
        significant: d.len() >= 2 && mean.abs() > t_critical(d.len() - 1) * sd / n.sqrt(),
    }
}

/// Student's t at the two-sided 5% level for `df` degrees of freedom
/// (at least 1), from the standard table; 1.96 beyond 120.
fn t_critical(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => TABLE[df - 1],
        31..=40 => 2.021,
        41..=60 => 2.000,
        61..=120 => 1.980,
        _ => 1.960,
    }
}

impl EvaluationReport {
    /// The report as text for a terminal: one line of metrics per
    /// configuration, the pairs used and skipped, each configuration's
    /// ablation, and the paired comparisons.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let width = self
            .configs
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0)
            .max(6);
        let _ = writeln!(
            out,
            "{} folds by mentee (seed {}); repeat is off: history is what is scored",
            self.folds, self.seed
        );
        let _ = writeln!(
            out,
            "\n{:width$}  {:>6}  {:>6}  {:>6}  {:>6}  {:>9}  {:>5}  {:>5}",
            "config", "auc", "mrr", "hit@1", "hit@5", "ndcg@5", "good", "bad"
        );
        for c in &self.configs {
            let m = &c.metrics;
            let _ = writeln!(
                out,
                "{:width$}  {:>6}  {:>6}  {:>6}  {:>6}  {:>9}  {:>5}  {:>5}",
                c.name,
                number(m.auc),
                number(m.mrr),
                number(m.hit_at_1),
                number(m.hit_at_5),
                number(m.ndcg_at_5),
                m.good,
                m.bad
            );
        }
        for c in &self.configs {
            let p = &c.pairs;
            let skipped: Vec<String> = p.skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
            let _ = writeln!(
                out,
                "\n{}: {} mentor pairs used ({} good, {} neutral, {} bad); skipped: {}",
                c.name,
                p.used,
                p.good,
                p.neutral,
                p.bad,
                if skipped.is_empty() {
                    "none".to_string()
                } else {
                    skipped.join(", ")
                }
            );
            if !c.ablation.is_empty() {
                let _ = writeln!(out, "  without one criterion (change in auc, mrr):");
            }
            for a in &c.ablation {
                let delta = |f: fn(&Metrics) -> Option<f64>| match (f(&a.metrics), f(&c.metrics)) {
                    (Some(x), Some(y)) => format!("{:+.3}", x - y),
                    _ => "-".to_string(),
                };
                let _ = writeln!(
                    out,
                    "    {:12} (weight {:>6})  auc {:>6} ({})  mrr {:>6} ({})",
                    a.criterion,
                    format!("{}", a.weight),
                    number(a.metrics.auc),
                    delta(|m| m.auc),
                    number(a.metrics.mrr),
                    delta(|m| m.mrr)
                );
            }
        }
        for cmp in &self.comparisons {
            let _ = writeln!(
                out,
                "\n{} against {}, fold by fold (mean difference ± sd; folds better):",
                cmp.config, cmp.baseline
            );
            for d in &cmp.differences {
                if d.folds == 0 {
                    let _ = writeln!(out, "  {:9}  undefined in every fold", d.metric);
                    continue;
                }
                let _ = writeln!(
                    out,
                    "  {:9}  {:+.4} ± {:.4}  {} of {}{}",
                    d.metric,
                    d.mean_difference,
                    d.sd,
                    d.folds_better,
                    d.folds,
                    if d.significant {
                        "  significant"
                    } else {
                        "  within fold noise"
                    }
                );
            }
        }
        out
    }
}

/// A metric to three decimals, `-` when undefined.
fn number(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tie_break;
    #[cfg(feature = "generate")]
    use crate::{generate, GeneratorConfig};

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn metrics_match_hand_computed_values() {
        // Good scores 0.9, 0.5, 0.5; bad 0.5, 0.1. Pairs (good, bad):
        // 0.9 beats both (2); each 0.5 ties one and beats one (1.5 each):
        // 5 of 6.
        let labelled = [
            (0.9, true),
            (0.5, true),
            (0.5, true),
            (0.5, false),
            (0.1, false),
        ];
        // Ranks 1, 2, 7 and one past mentor the weights exclude.
        let ranks = [Some(1), Some(2), Some(7), None];
        let m = metrics(labelled.into_iter(), ranks.into_iter());
        assert!(close(m.auc, 5.0 / 6.0), "{:?}", m.auc);
        assert!(close(m.mrr, (1.0 + 0.5 + 1.0 / 7.0) / 4.0));
        assert!(close(m.hit_at_1, 0.25));
        assert!(close(m.hit_at_5, 0.5));
        assert!(close(m.ndcg_at_5, (1.0 + 1.0 / 3f64.log2()) / 4.0));
        assert_eq!((m.good, m.bad), (3, 2));
        let none = metrics([(0.3, true)].into_iter(), std::iter::empty());
        assert_eq!((none.auc, none.mrr), (None, None));
    }

    /// A mentee seeking rust at 4; mentors with rust 5, 4, 3 (the one at 3
    /// covers half the gap from 1) and one in the mentee's reporting line.
    fn tiny() -> Dataset {
        let data = serde_json::json!({
            "skills": [{"id": "rust"}],
            "people": [
                {"id": "boss", "seniority": 5, "skills": {"rust": 5}, "mentor_capacity": 1},
                {"id": "m", "manager": "boss", "seniority": 1, "skills": {"rust": 1},
                 "goals": [{"skill": "rust", "level": 4}]},
                {"id": "n", "seniority": 1, "skills": {"rust": 1},
                 "goals": [{"skill": "rust", "level": 4}]},
                {"id": "a", "seniority": 3, "skills": {"rust": 5}},
                {"id": "b", "seniority": 3, "skills": {"rust": 4}, "mentor_capacity": 1},
                {"id": "c", "seniority": 3, "skills": {"rust": 2}, "mentor_capacity": 1}
            ],
            "history": [
                {"mentee": "m", "mentor": "c", "outcome": "good"},
                {"mentee": "m", "mentor": "a", "outcome": "bad"},
                {"mentee": "n", "mentor": "a", "outcome": "good"},
                {"mentee": "m", "mentor": "boss", "outcome": "good"},
                {"mentee": "m", "mentor": "gone", "outcome": "good"},
                {"mentee": "n", "mentor": "b", "kind": "sponsor"},
                {"mentee": "n", "mentor": "a", "outcome": "bad"}
            ]
        });
        serde_json::from_value(data).unwrap()
    }

    #[test]
    fn ranks_and_skips_on_a_tiny_history() {
        let bench = Benchmark::from_dataset(&tiny(), &LoadOptions::default()).unwrap();
        // Only skill_fit counts: a (rust 5) covers m's goal fully, b (4)
        // fully, c (2) a third of the way from 1 to 4.
        let config = Config {
            weights: crate::Weights {
                skill_fit: 1.0,
                affinity: 0.0,
                ..crate::Weights::affinity_only()
            },
            ..Config::default()
        };
        let report = bench
            .evaluate(&[("skill".into(), config)], &EvaluateOptions::default())
            .unwrap();
        let c = &report.configs[0];
        let skipped: Vec<(&str, u32)> = c
            .pairs
            .skipped
            .iter()
            .map(|(k, &n)| (k.as_str(), n))
            .collect();
        assert_eq!(
            skipped,
            [
                ("repeated_pair", 1),
                ("same_reporting_chain", 1),
                ("sponsor_pair", 1),
                ("unknown_person", 1)
            ]
        );
        assert_eq!((c.pairs.good, c.pairs.bad, c.pairs.neutral), (2, 1, 0));
        // m's good past mentor c ranks behind a and b (boss is excluded by
        // the reporting line): rank 3. n's good past mentor a ties b and
        // boss at cover 1 and c is behind: rank 1 to 3 by the tie-break,
        // and m and n (who seek now) are no mentors.
        let rank_a = 1.0
            + ["b", "boss"]
                .iter()
                .filter(|x| tie_break("n", x) < tie_break("n", "a"))
                .count() as f64;
        let m = &c.metrics;
        assert!(close(m.mrr, (1.0 / 3.0 + 1.0 / rank_a) / 2.0), "{m:?}");
        assert!(close(m.hit_at_5, 1.0));
        // AUC: good c (1/3) and a (1) against bad a for m (1): c loses, a
        // ties: 0.5 of 2.
        assert!(close(m.auc, 0.25), "{m:?}");
        // Only skill_fit is weighted: its ablation leaves no support, so
        // no past mentor can be found.
        assert_eq!(c.ablation.len(), 1);
        assert!(close(c.ablation[0].metrics.mrr, 0.0));
    }

    /// The rank of each good past mentor, by scoring every person against
    /// the mentee with the public scorer and sorting.
    #[cfg(feature = "generate")]
    fn brute_force_ranks(bench: &Benchmark, config: &Config) -> Vec<u32> {
        let net = bench.network();
        let scorer = MentorScorer::new(net, config).unwrap();
        let mut ranks = Vec::new();
        for g in &bench.groups {
            let good: Vec<PersonId> = g
                .past
                .iter()
                .filter(|p| p.1 == Outcome::Good)
                .map(|p| p.0)
                .collect();
            for &target in &good {
                let e = scorer.evaluate_known(g.mentee, target);
                let weight_free = |f: &[Constraint]| {
                    f.iter()
                        .all(|&c| c == Constraint::NoSupport || c == Constraint::BelowMinScore)
                };
                if !weight_free(&e.failed) {
                    continue;
                }
                if !e.is_feasible() {
                    ranks.push(0);
                    continue;
                }
                let mine = e.score.combined;
                let order = |t: PersonId| tie_break(&net.at(g.mentee).id, &net.at(t).id);
                let first = (order(target), target);
                let before = net
                    .person_ids()
                    .filter(|&t| t != g.mentee && !good.contains(&t))
                    .filter(|&t| {
                        let e = scorer.evaluate_known(g.mentee, t);
                        let s = e.score.combined;
                        e.is_feasible() && (s > mine || (s == mine && (order(t), t) < first))
                    })
                    .count();
                ranks.push(before as u32 + 1);
            }
        }
        ranks
    }

    #[cfg(feature = "generate")]
    #[test]
    fn ranks_equal_brute_force_on_a_generated_organisation() {
        let data = generate(&GeneratorConfig {
            people: 1_500,
            seed: 7,
            ..Default::default()
        });
        let bench = Benchmark::from_dataset(&data, &LoadOptions::default()).unwrap();
        // Few distinct values: many ties for the tie-break to order.
        let mut coarse = Config {
            weights: crate::Weights {
                seniority: 1.0,
                language: 1.0,
                ..crate::Weights::affinity_only()
            },
            ..Config::default()
        };
        coarse.constraints.require_skill_overlap = false;
        for config in [Config::default(), coarse] {
            let settings = [Setting::of(&config)];
            let folds = vec![0; bench.groups.len()];
            let scored = bench.score(&config, &settings, &folds, true);
            let ranks: Vec<u32> = scored
                .iter()
                .flat_map(|g| g.ranks.iter().map(|r| r[0].unwrap_or(0)))
                .collect();
            assert!(ranks.len() >= 10, "{} good pairs", ranks.len());
            assert_eq!(ranks, brute_force_ranks(&bench, &config));
        }
    }

    #[cfg(feature = "generate")]
    #[test]
    fn folds_split_mentees_evenly_and_a_config_ties_itself() {
        let data = generate(&GeneratorConfig {
            people: 1_500,
            seed: 3,
            ..Default::default()
        });
        let bench = Benchmark::from_dataset(&data, &LoadOptions::default()).unwrap();
        let options = EvaluateOptions { folds: 4, seed: 9 };
        let folds = bench.folds(&options);
        let mut sizes = [0usize; 4];
        folds.iter().for_each(|&f| sizes[f] += 1);
        assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
        let config = Config::default();
        let report = bench
            .evaluate(
                &[("a".into(), config.clone()), ("b".into(), config)],
                &options,
            )
            .unwrap();
        assert_eq!(report.configs[0].metrics, report.configs[1].metrics);
        for d in &report.comparisons[0].differences {
            assert_eq!(
                (d.mean_difference, d.folds_better, d.significant),
                (0.0, 0, false)
            );
        }
        let bad = EvaluateOptions { folds: 1, seed: 1 };
        assert!(bench.evaluate(&[], &bad).is_err());
    }
}
