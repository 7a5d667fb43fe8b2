//! Two-sided pair scoring: hard constraints, named criteria, the mentee's and
//! the mentor's (or sponsor's) views, and how they combine.
//!
//! A pair first passes the hard [`Constraint`]s; then each view scores it as
//! `Σ weight × value` over named criteria ([`Criterion`] for mentors,
//! [`SponsorCriterion`] for sponsors), each value in [0, 1]. The two views
//! combine as `combined = mentee_view + w × (mentor_view − mentee_view)`, where
//! `w` is `mentor_view_weight` (or `sponsor_view_weight`): optimisation uses
//! `combined`, a stable matching uses each side's own view.
//!
//! [`MentorScorer`] and [`SponsorScorer`] precompute per-person data once
//! (goal neighbourhoods in the skill taxonomy, sorted label lists, inverted
//! indexes), so that scoring a pair allocates nothing.

pub(crate) mod candidates;
mod centrality;
mod mentor;
mod profile;
mod sponsor;
mod trust;

use std::fmt;
use std::sync::Mutex;

use crate::config::Weights;
use crate::records::Outcome;

pub use candidates::{candidates, sponsor_candidates, tie_break, Candidate, Candidates};
pub use centrality::{centrality, Centrality, CentralityOptions};
pub use mentor::MentorScorer;
pub(crate) use profile::Profiles;
pub use sponsor::SponsorScorer;

/// The most criteria a [`PairScore`] holds.
pub(crate) const MAX_CRITERIA: usize = 11;

/// A mentor criterion. Every value lies in [0, 1]; `m` is the mentee, `t` the
/// mentor. Unless a formula says otherwise, both views see the same value.
///
/// The skill-cover formula used by `skill_fit` and `reciprocity`: for the
/// learner's goals `g` (skill `s_g`, target `L_g`, priority `p_g`) still
/// above the learner's current level `c_g`, and the teacher's skills `k` at
/// levels `ℓ_k`,
///
/// ```text
/// cover_g = max over k of credit^d(k, s_g) × clamp((ℓ_k − c_g) / (L_g − c_g), 0, 1)
/// cover   = Σ p_g × cover_g / Σ p_g          (0 when no goal is open)
/// ```
///
/// where `d(k, s)` is the distance in the skill taxonomy (0 same skill, 1
/// parent or child, 2 sibling, grandparent or grandchild; further skills do
/// not count) and `credit` is `[criteria] taxonomy_credit` (default 0.5).
/// Only levels above the learner's current level count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Criterion {
    /// `skill_fit`: skill cover of the mentee's goals by the mentor's skills.
    SkillFit,
    /// `experience`: shared experience tags. Mentee view `|E_m ∩ E_t| / |E_m|`
    /// (the mentor faced my challenges), mentor view `|E_m ∩ E_t| / |E_t|`
    /// (the mentee faces what I faced); 0 when the denominator is 0.
    Experience,
    /// `seniority`: with `gap = seniority_t − seniority_m` and the band
    /// `[seniority_min_gap, seniority_max_gap]` (default 1 to 3): 1 inside
    /// the band, 0 below it, `max(0, 1 − (gap − max_gap) / 2)` above it.
    Seniority,
    /// `cross_org`: `½ [orgs known and different] + ½ [industries known and different]`.
    CrossOrg,
    /// `timezone`: `1 − gap / 12`, where `gap` is the hours between the two
    /// UTC offsets going round the clock (at most 12); 0.5 when either is unknown.
    Timezone,
    /// `language`: 1 when they share a language, else 0.
    Language,
    /// `reciprocity`: skill cover of the mentor's goals by the mentee's skills
    /// (the mentee can give something back).
    Reciprocity,
    /// `network`: warmth of the best tie path of at most two ties between
    /// them: the direct tie's strength, or the best product `s(m, n) × s(n, t)`
    /// through an intermediary `n` who is introducible and neither blocks nor
    /// is blocked by either end; 0 when there is none. (The full path engine
    /// with longer paths lives elsewhere; this bounded search keeps scoring cheap.)
    Network,
    /// `preference`: mentee view 1 when the mentee lists the mentor as
    /// preferred, mentor view 1 when the mentor lists the mentee.
    Preference,
    /// `affinity`: the dataset's affinity for the pair, passed through
    /// unchanged: `score` in the mentee view, `mentor_score` in the mentor
    /// view; 0 when there is none.
    Affinity,
    /// `repeat`: by how the pair's past mentoring went, when the history
    /// holds it as a mentor pair: 1 when it went neither well nor badly,
    /// 0.5 when it went well (a pair that worked is penalised half as much
    /// as one that did not); 0 when they were never paired. A pair that
    /// went badly is never proposed again (constraint `bad_history`). When
    /// the history lists a pair more than once, the worst outcome counts.
    /// Its default weight is negative.
    Repeat,
}

impl Criterion {
    /// Every criterion, in the order scores are summed and shown.
    pub const ALL: [Criterion; 11] = [
        Criterion::SkillFit,
        Criterion::Experience,
        Criterion::Seniority,
        Criterion::CrossOrg,
        Criterion::Timezone,
        Criterion::Language,
        Criterion::Reciprocity,
        Criterion::Network,
        Criterion::Preference,
        Criterion::Affinity,
        Criterion::Repeat,
    ];

    /// The names, in the order of [`Criterion::ALL`].
    pub const NAMES: [&'static str; 11] = [
        "skill_fit",
        "experience",
        "seniority",
        "cross_org",
        "timezone",
        "language",
        "reciprocity",
        "network",
        "preference",
        "affinity",
        "repeat",
    ];

    /// The name used in configuration, explanations and output, e.g. `"skill_fit"`.
    pub fn name(self) -> &'static str {
        Criterion::NAMES[self as usize]
    }

    /// This criterion's weight in a configuration's `[weights]`, to read or
    /// to change.
    pub fn weight_mut(self, w: &mut Weights) -> &mut f64 {
        match self {
            Criterion::SkillFit => &mut w.skill_fit,
            Criterion::Experience => &mut w.experience,
            Criterion::Seniority => &mut w.seniority,
            Criterion::CrossOrg => &mut w.cross_org,
            Criterion::Timezone => &mut w.timezone,
            Criterion::Language => &mut w.language,
            Criterion::Reciprocity => &mut w.reciprocity,
            Criterion::Network => &mut w.network,
            Criterion::Preference => &mut w.preference,
            Criterion::Affinity => &mut w.affinity,
            Criterion::Repeat => &mut w.repeat,
        }
    }

    /// Every criterion's weight in `w`, in the order of [`Criterion::ALL`].
    pub(crate) fn weights(w: &Weights) -> [f64; MAX_CRITERIA] {
        let mut w = w.clone();
        Criterion::ALL.map(|c| *c.weight_mut(&mut w))
    }

    /// The criterion named `name`, if any.
    pub fn from_name(name: &str) -> Option<Criterion> {
        Criterion::NAMES
            .iter()
            .position(|&n| n == name)
            .map(|i| Criterion::ALL[i])
    }
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A sponsor criterion. Every value lies in [0, 1]; `m` is the person
/// seeking a sponsor, `t` the sponsor. Both views see the same value but for
/// `preference`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SponsorCriterion {
    /// `influence`: `(1 − a) × seniority_t / max seniority + a × centrality_t /
    /// max centrality`, with `a = centrality_share` (default 0.5) and
    /// centrality the strength-weighted PageRank of the tie graph
    /// ([`centrality`]).
    Influence,
    /// `domain`: `½ skill_reach + ½ org_reach`, both over the person's goals
    /// weighted by priority. `skill_reach` is the skill cover of the goals by
    /// the sponsor's skills with every goal open and measured from level 0
    /// (`credit^d × ℓ_k / 5`); `org_reach` averages, over the goals, how
    /// concentrated the goal's skill is in the sponsor's organisation: for
    /// each way a skill can be near the goal (the goal itself, its parent or
    /// a child at `credit`, grandparent, grandchild or a child of its parent
    /// — a sibling, or the goal itself — at `credit²`), the organisation's
    /// members' mean best `ℓ / 5` among their skills in that relation, times
    /// the credit; the best of those, divided by the largest of any
    /// organisation.
    Domain,
    /// `preference`: person's view 1 when the person lists the sponsor as
    /// preferred, sponsor's view 1 when the sponsor lists the person.
    Preference,
}

impl SponsorCriterion {
    /// Every sponsor criterion, in the order scores are summed and shown.
    pub const ALL: [SponsorCriterion; 3] = [
        SponsorCriterion::Influence,
        SponsorCriterion::Domain,
        SponsorCriterion::Preference,
    ];

    /// The names, in the order of [`SponsorCriterion::ALL`].
    pub const NAMES: [&'static str; 3] = ["influence", "domain", "preference"];

    /// The name used in configuration, explanations and output.
    pub fn name(self) -> &'static str {
        SponsorCriterion::NAMES[self as usize]
    }
}

impl fmt::Display for SponsorCriterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A hard constraint: a pair failing any is never a candidate.
///
/// The order of [`Constraint::ALL`] is the order in which a pair's first
/// failure is attributed in [`Rejections`].
///
/// Serialised as its [`name`](Constraint::name).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Constraint {
    /// `not_seeking`: the person does not seek a mentor (or a sponsor).
    NotSeeking,
    /// `same_person`: a person cannot mentor or sponsor themself.
    SamePerson,
    /// `no_mentor_capacity`: the other person offers no mentoring.
    NoMentorCapacity,
    /// `no_sponsor_capacity`: the other person offers no sponsorship.
    NoSponsorCapacity,
    /// `no_skill_overlap`: with `require_skill_overlap`, the mentor covers no
    /// part of any open goal (`skill_fit = 0`).
    NoSkillOverlap,
    /// `no_domain_overlap`: with `require_domain_overlap`, the sponsor's
    /// skills and organisation touch no goal (`domain = 0`).
    NoDomainOverlap,
    /// `no_support`: nothing speaks for the pair: every positively weighted
    /// criterion is 0 in both views and the dataset has no affinity for it,
    /// so it could only score 0 or less. Excluding such pairs is what keeps
    /// candidate generation from forming the full mentees × mentors matrix.
    NoSupport,
    /// `blocked`: one of the two blocks the other.
    Blocked,
    /// `bad_history`: the history holds the pair as a mentor pair that went
    /// badly (mentor pairs only): it is never proposed again.
    BadHistory,
    /// `same_reporting_chain`: one is the other's manager, skip-level
    /// manager, ... within `exclude_reporting_chain` levels.
    SameReportingChain,
    /// `no_trust_path`: no warm path of at most `[intro] max_hops` ties joins
    /// the person to the sponsor through people who may introduce (sponsors
    /// only: a sponsor must already trust the person, or be reachable
    /// through people who do).
    NoTrustPath,
    /// `timezone_gap`: the time zones are further apart than `max_timezone_gap`.
    TimezoneGap,
    /// `language`: with `require_language`, no shared language.
    Language,
    /// `below_min_score`: the combined score is below `min_score`.
    BelowMinScore,
}

impl Constraint {
    /// The number of constraints.
    pub const COUNT: usize = 14;

    /// Every constraint, in attribution order.
    pub const ALL: [Constraint; Constraint::COUNT] = [
        Constraint::NotSeeking,
        Constraint::SamePerson,
        Constraint::NoMentorCapacity,
        Constraint::NoSponsorCapacity,
        Constraint::NoSkillOverlap,
        Constraint::NoDomainOverlap,
        Constraint::NoSupport,
        Constraint::Blocked,
        Constraint::BadHistory,
        Constraint::SameReportingChain,
        Constraint::NoTrustPath,
        Constraint::TimezoneGap,
        Constraint::Language,
        Constraint::BelowMinScore,
    ];

    /// The name explanations and reports cite, e.g. `"same_reporting_chain"`.
    pub fn name(self) -> &'static str {
        match self {
            Constraint::NotSeeking => "not_seeking",
            Constraint::SamePerson => "same_person",
            Constraint::NoMentorCapacity => "no_mentor_capacity",
            Constraint::NoSponsorCapacity => "no_sponsor_capacity",
            Constraint::NoSkillOverlap => "no_skill_overlap",
            Constraint::NoDomainOverlap => "no_domain_overlap",
            Constraint::NoSupport => "no_support",
            Constraint::Blocked => "blocked",
            Constraint::BadHistory => "bad_history",
            Constraint::SameReportingChain => "same_reporting_chain",
            Constraint::NoTrustPath => "no_trust_path",
            Constraint::TimezoneGap => "timezone_gap",
            Constraint::Language => "language",
            Constraint::BelowMinScore => "below_min_score",
        }
    }

    /// A short human sentence fragment, e.g. `"one blocks the other"`.
    pub fn describe(self) -> &'static str {
        match self {
            Constraint::NotSeeking => "the person is not seeking one",
            Constraint::SamePerson => "the same person on both sides",
            Constraint::NoMentorCapacity => "offers no mentoring capacity",
            Constraint::NoSponsorCapacity => "offers no sponsoring capacity",
            Constraint::NoSkillOverlap => "covers none of the open goals",
            Constraint::NoDomainOverlap => "skills and organisation touch none of the goals",
            Constraint::NoSupport => "no positively weighted criterion and no affinity",
            Constraint::Blocked => "one blocks the other",
            Constraint::BadHistory => "paired before, and it went badly",
            Constraint::SameReportingChain => "on the same reporting line",
            Constraint::NoTrustPath => "no warm path within the hop limit",
            Constraint::TimezoneGap => "time zones too far apart",
            Constraint::Language => "no shared language",
            Constraint::BelowMinScore => "combined score below min_score",
        }
    }

    /// The constraint named `name`, if any.
    pub fn from_name(name: &str) -> Option<Constraint> {
        Constraint::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a person has no candidate: for every other person, the first hard
/// constraint (in the order of [`Constraint::ALL`]) that excluded the pair.
///
/// The counts add up to the number of other people in the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rejections {
    counts: [u32; Constraint::COUNT],
}

impl Rejections {
    /// How many pairs `constraint` excluded first.
    pub fn count(&self, constraint: Constraint) -> u32 {
        self.counts[constraint as usize]
    }

    /// The constraints that excluded at least one pair, with their counts, in
    /// attribution order.
    pub fn iter(&self) -> impl Iterator<Item = (Constraint, u32)> + '_ {
        Constraint::ALL
            .into_iter()
            .map(|c| (c, self.count(c)))
            .filter(|&(_, n)| n > 0)
    }

    /// The pairs counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|&n| u64::from(n)).sum()
    }

    /// The constraint that excluded the most pairs among those that could
    /// have been candidates at all, i.e. ignoring people who offer nothing
    /// (ties go to the earlier constraint); `None` when nobody offers anything.
    pub fn main_reason(&self) -> Option<Constraint> {
        let skip = [Constraint::NoMentorCapacity, Constraint::NoSponsorCapacity];
        let mut best: Option<(Constraint, u32)> = None;
        for (c, n) in self.iter().filter(|(c, _)| !skip.contains(c)) {
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((c, n));
            }
        }
        best.map(|(c, _)| c)
    }

    pub(crate) fn add(&mut self, constraint: Constraint, n: u32) {
        self.counts[constraint as usize] += n;
    }
}

/// One criterion's part in a pair's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriterionScore {
    /// The criterion's name, e.g. `"skill_fit"`.
    pub name: &'static str,
    /// Its weight in both views.
    pub weight: f64,
    /// Its value in the mentee's view, in [0, 1].
    pub mentee_value: f64,
    /// Its value in the mentor's (or sponsor's) view, in [0, 1].
    pub mentor_value: f64,
}

impl CriterionScore {
    /// `weight × mentee_value`: what it adds to the mentee's view.
    pub fn mentee_contribution(&self) -> f64 {
        // `+ 0.0` turns the −0 of a negative weight times 0 into 0 for display.
        self.weight * self.mentee_value + 0.0
    }

    /// `weight × mentor_value`: what it adds to the mentor's view.
    pub fn mentor_contribution(&self) -> f64 {
        self.weight * self.mentor_value + 0.0
    }
}

/// A scored pair: every criterion's value in both views, and the view and
/// combined scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScore {
    pub(crate) names: &'static [&'static str],
    pub(crate) weights: [f64; MAX_CRITERIA],
    pub(crate) mentee: [f64; MAX_CRITERIA],
    pub(crate) mentor: [f64; MAX_CRITERIA],
    pub(crate) view_weight: f64,
    /// The mentee's view: `Σ weight × mentee value`, summed in criterion order.
    pub mentee_view: f64,
    /// The mentor's (or sponsor's) view: `Σ weight × mentor value`.
    pub mentor_view: f64,
    /// `mentee_view + w × (mentor_view − mentee_view)`, `w` the view weight.
    pub combined: f64,
}

impl PairScore {
    pub(crate) fn new(
        names: &'static [&'static str],
        weights: [f64; MAX_CRITERIA],
        view_weight: f64,
    ) -> PairScore {
        PairScore {
            names,
            weights,
            mentee: [0.0; MAX_CRITERIA],
            mentor: [0.0; MAX_CRITERIA],
            view_weight,
            mentee_view: 0.0,
            mentor_view: 0.0,
            combined: 0.0,
        }
    }

    /// Sums both views in criterion order and combines them. The same
    /// arithmetic in the same order everywhere makes every path to a pair's
    /// score give the same bits.
    pub(crate) fn total(&mut self) {
        let (mentee, mentor) = views(&self.weights, &self.mentee, &self.mentor);
        self.mentee_view = mentee;
        self.mentor_view = mentor;
        self.combined = combine(mentee, mentor, self.view_weight);
    }

    /// Every criterion's weight and values, in summation order.
    pub fn criteria(&self) -> impl ExactSizeIterator<Item = CriterionScore> + '_ {
        (0..self.names.len()).map(|i| CriterionScore {
            name: self.names[i],
            weight: self.weights[i],
            mentee_value: self.mentee[i],
            mentor_value: self.mentor[i],
        })
    }

    /// Each criterion's value blended like the views,
    /// `mentee_value + w × (mentor_value − mentee_value)`, so that
    /// `Σ weight × component` is the combined score (up to rounding): the
    /// `"components"` of a match in reports.
    pub fn components(&self) -> impl ExactSizeIterator<Item = (&'static str, f64)> + '_ {
        (0..self.names.len()).map(|i| {
            (
                self.names[i],
                combine(self.mentee[i], self.mentor[i], self.view_weight),
            )
        })
    }

    /// The share `w` of the mentor's (or sponsor's) view in `combined`.
    pub fn view_weight(&self) -> f64 {
        self.view_weight
    }

    /// The criterion named `name`, if this pair has it.
    pub fn criterion(&self, name: &str) -> Option<CriterionScore> {
        self.criteria().find(|c| c.name == name)
    }
}

/// Both views, `Σ weight × value` in criterion order: the one place this
/// arithmetic happens, so that every path to a pair's score (candidate
/// generation, explanations) gives the same bits.
#[inline(always)]
pub(crate) fn views(
    weights: &[f64; MAX_CRITERIA],
    mentee: &[f64; MAX_CRITERIA],
    mentor: &[f64; MAX_CRITERIA],
) -> (f64, f64) {
    // Unused slots hold weight 0 and value 0, and a term of ±0 added to a
    // sum changes no bit: a fixed-length loop, unrolled, gives the same sums
    // as one over the named criteria only, and a criterion skipped because
    // its weight is 0 gives the same sums as one computed.
    let (mut a, mut b) = (0.0, 0.0);
    for i in 0..MAX_CRITERIA {
        a += weights[i] * mentee[i];
        b += weights[i] * mentor[i];
    }
    (a, b)
}

/// The `repeat` criterion's value for how a past mentor pair went (`None`:
/// never paired); see [`Criterion::Repeat`].
#[inline]
pub(crate) fn repeat_value(past: Option<Outcome>) -> f64 {
    match past {
        None => 0.0,
        Some(Outcome::Good) => 0.5,
        Some(Outcome::Neutral | Outcome::Bad) => 1.0,
    }
}

/// Whether anything speaks for a pair (else it fails
/// [`Constraint::NoSupport`]): a positively weighted criterion non-zero in
/// either view, or an affinity in the dataset.
#[inline]
pub(crate) fn supported(
    weights: &[f64; MAX_CRITERIA],
    mentee: &[f64; MAX_CRITERIA],
    mentor: &[f64; MAX_CRITERIA],
    affinity: bool,
) -> bool {
    affinity || positive_mask(weights) & support_mask(mentee, mentor) != 0
}

/// The criteria with a positive weight, as a bit set over their indexes.
#[inline]
pub(crate) fn positive_mask(weights: &[f64; MAX_CRITERIA]) -> u16 {
    (0..MAX_CRITERIA).fold(0, |m, i| m | (u16::from(weights[i] > 0.0) << i))
}

/// The criteria non-zero in either view, as a bit set over their indexes:
/// with [`positive_mask`], what [`supported`] asks.
#[inline]
pub(crate) fn support_mask(mentee: &[f64; MAX_CRITERIA], mentor: &[f64; MAX_CRITERIA]) -> u16 {
    (0..MAX_CRITERIA).fold(0, |m, i| {
        m | (u16::from(mentee[i] > 0.0 || mentor[i] > 0.0) << i)
    })
}

/// Every criterion's value of one mentor pair in both views, with the hard
/// constraints it fails as a bit set over `Constraint as u32`: what a
/// benchmark keeps to re-weigh the pair without scoring it again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PairValues {
    pub(crate) failed: u32,
    pub(crate) mentee: [f64; MAX_CRITERIA],
    pub(crate) mentor: [f64; MAX_CRITERIA],
    /// Whether the dataset has an affinity for the pair.
    pub(crate) affinity: bool,
}

/// `mentee + w × (mentor − mentee)`: exactly `mentee` when both views agree,
/// which keeps "bring your own scores" exact.
#[inline]
pub(crate) fn combine(mentee: f64, mentor: f64, w: f64) -> f64 {
    mentee + w * (mentor - mentee)
}

/// Working memory, one per worker thread of the current rayon pool, made
/// on first use.
///
/// Scorers' working memory is `O(people)`: one per thread, rather than one
/// per rayon job (`map_init`), which would allocate and page in far more on
/// big networks. The memory never influences results.
pub(crate) struct PerThread<S> {
    slots: Vec<Mutex<Option<S>>>,
}

impl<S> PerThread<S> {
    pub(crate) fn new() -> PerThread<S> {
        PerThread {
            slots: (0..rayon::current_num_threads())
                .map(|_| Mutex::new(None))
                .collect(),
        }
    }

    /// Runs `f` with this thread's working memory, made by `make` on first
    /// use (or afresh when called from outside the pool).
    pub(crate) fn with<R>(&self, make: impl FnOnce() -> S, f: impl FnOnce(&mut S) -> R) -> R {
        let slot = rayon::current_thread_index().and_then(|i| self.slots.get(i));
        match slot.and_then(|slot| slot.try_lock().ok()) {
            Some(mut guard) => f(guard.get_or_insert_with(make)),
            None => f(&mut make()),
        }
    }
}

/// Evaluates `pairs` grouped by their first person, so that the per-person
/// set-up (`prepare`, e.g. the two-hop network reach) runs once per person
/// rather than once per pair; groups run in parallel, each thread reusing
/// one working memory from `scratch`. Results come in the order of `pairs`.
pub(crate) fn evaluate_grouped<S: Send, T: Send>(
    pairs: &[(crate::PersonId, crate::PersonId)],
    scratch: impl Fn() -> S + Sync,
    prepare: impl Fn(&mut S, crate::PersonId) + Sync,
    evaluate: impl Fn(&mut S, crate::PersonId, crate::PersonId) -> T + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    order.sort_by_key(|&i| pairs[i].0);
    let groups: Vec<&[usize]> = order.chunk_by(|&a, &b| pairs[a].0 == pairs[b].0).collect();
    let memory = PerThread::new();
    let evaluated: Vec<Vec<(usize, T)>> = groups
        .par_iter()
        .map(|group| {
            memory.with(&scratch, |s| {
                prepare(s, pairs[group[0]].0);
                group
                    .iter()
                    .map(|&i| (i, evaluate(s, pairs[i].0, pairs[i].1)))
                    .collect()
            })
        })
        .collect();
    let mut out: Vec<Option<T>> = std::iter::repeat_with(|| None).take(pairs.len()).collect();
    for (i, t) in evaluated.into_iter().flatten() {
        out[i] = Some(t);
    }
    out.into_iter()
        .map(|t| t.expect("every pair evaluated"))
        .collect()
}

/// A pair's hard-constraint verdict and its scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Every hard constraint the pair fails, in attribution order; empty
    /// when the pair is feasible.
    pub failed: Vec<Constraint>,
    /// The pair's scores, computed whatever the verdict (they explain
    /// `below_min_score`, and show what an excluded pair would have scored).
    pub score: PairScore,
}

impl Evaluation {
    /// Whether the pair passes every hard constraint.
    pub fn is_feasible(&self) -> bool {
        self.failed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Criterion::ALL {
            assert_eq!(Criterion::from_name(c.name()), Some(c));
        }
        for c in Constraint::ALL {
            assert_eq!(Constraint::from_name(c.name()), Some(c));
            assert_eq!(Constraint::ALL[c as usize], c);
        }
        assert_eq!(Criterion::from_name("nope"), None);
    }

    #[test]
    fn combine_is_exact_when_views_agree() {
        for x in [0.0, 0.1, 0.7, 1.0 / 3.0, 0.9999] {
            for w in [0.0, 0.3, 0.5, 0.77, 1.0] {
                assert_eq!(combine(x, x, w), x);
            }
        }
        assert_eq!(combine(0.2, 0.6, 0.5), 0.4);
    }

    #[test]
    fn main_reason_ignores_people_who_offer_nothing() {
        let mut r = Rejections::default();
        r.add(Constraint::NoMentorCapacity, 9);
        r.add(Constraint::Blocked, 1);
        r.add(Constraint::NoSkillOverlap, 2);
        assert_eq!(r.main_reason(), Some(Constraint::NoSkillOverlap));
        assert_eq!(r.total(), 12);
        assert_eq!(
            r.iter().collect::<Vec<_>>(),
            vec![
                (Constraint::NoMentorCapacity, 9),
                (Constraint::NoSkillOverlap, 2),
                (Constraint::Blocked, 1)
            ]
        );
    }
}
