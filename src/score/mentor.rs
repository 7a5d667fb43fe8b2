//! The mentor scorer: hard constraints, the eleven mentor criteria in both
//! views, and the sources the candidate index offers for each mentee.

use crate::candidates::{generate, Candidates, Engine};
use crate::config::Config;
use crate::model::PersonId;
use crate::network::Network;
use rayon::prelude::*;

use super::profile::{
    shared, timezone_gap, CoverMap, Flat, OfferMap, Profiles, Reach, Seen, Taxonomy, NONE,
};
use super::{Constraint, Criterion, Evaluation, PairScore, Role, MAX_CRITERIA};

/// How much work a pair gets: only what the candidate list needs, or every
/// criterion and every failed constraint for an explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Stop at the first failed constraint; skip criteria weighted 0.
    Fast,
    /// Every criterion, every failed constraint.
    Full,
}

/// Where a mentee's candidate mentors come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sources {
    /// Mentors holding a skill near an open goal: the only ones that can
    /// pass `require_skill_overlap`.
    SkillIndex,
    /// Every mentor: a positively weighted criterion (seniority, cross_org,
    /// timezone, language) is non-zero for nearly every pair, so no index
    /// can prune.
    Everyone,
    /// The union of the indexes of the positively weighted sparse criteria
    /// and the affinity pairs: no other pair has any support.
    Union,
}

/// Scores mentor pairs, with per-person data precomputed once.
///
/// Build one per (network, config) and use it for many pairs: building is
/// linear in the size of the network, scoring a pair allocates nothing
/// (beyond what [`MentorScorer::evaluate`] returns).
///
/// # Example
/// ```
/// use mentormatch::{load, Config, MentorScorer};
///
/// let network = load("data/story.json", &Default::default())?;
/// let config = Config::default();
/// let scorer = MentorScorer::new(&network, &config);
/// let ada = network.person_id("ada").unwrap();
/// let mira = network.person_id("mira").unwrap();
/// let verdict = scorer.evaluate(ada, mira);
/// assert!(verdict.is_feasible());
/// assert!(verdict.score.criterion("skill_fit").unwrap().mentee_value > 0.0);
/// # Ok::<(), mentormatch::Error>(())
/// ```
#[derive(Debug)]
pub struct MentorScorer<'a> {
    network: &'a Network,
    config: Config,
    weights: [f64; MAX_CRITERIA],
    sources: Sources,
    taxonomy: Taxonomy,
    profiles: Profiles,
    /// By skill: mentors holding it.
    mentors_with_skill: Flat<PersonId>,
    /// By skill: mentors with an open goal in it (for reciprocity).
    mentors_wanting: Flat<PersonId>,
    /// By label: mentors with that experience tag.
    mentors_with_experience: Flat<PersonId>,
    mentors: usize,
}

/// Per-thread working memory of the mentor scorer.
#[derive(Debug)]
pub(crate) struct MentorScratch {
    goals: CoverMap,
    offer: OfferMap,
    reach: Reach,
    seen: Seen,
    sources: Vec<PersonId>,
}

impl<'a> MentorScorer<'a> {
    /// Precomputes everything scoring needs. Linear in the size of the
    /// network (plus the taxonomy neighbourhoods of the skills).
    ///
    /// # Panics
    /// When `config` is out of range (see [`Config::validate`]); configs from
    /// [`Config::load`] and [`Config::from_toml_str`] are valid.
    pub fn new(network: &'a Network, config: &Config) -> MentorScorer<'a> {
        config.validate("config").expect("a valid config");
        let w = &config.weights;
        let mut weights = [0.0; MAX_CRITERIA];
        for (i, c) in Criterion::ALL.into_iter().enumerate() {
            weights[i] = match c {
                Criterion::SkillFit => w.skill_fit,
                Criterion::Experience => w.experience,
                Criterion::Seniority => w.seniority,
                Criterion::CrossOrg => w.cross_org,
                Criterion::Timezone => w.timezone,
                Criterion::Language => w.language,
                Criterion::Reciprocity => w.reciprocity,
                Criterion::Network => w.network,
                Criterion::Preference => w.preference,
                Criterion::Affinity => w.affinity,
                Criterion::Repeat => w.repeat,
            };
        }
        let positive = |c: Criterion| weights[c as usize] > 0.0;
        let sources = if config.constraints.require_skill_overlap {
            Sources::SkillIndex
        } else if [
            Criterion::Seniority,
            Criterion::CrossOrg,
            Criterion::Timezone,
            Criterion::Language,
        ]
        .into_iter()
        .any(positive)
        {
            Sources::Everyone
        } else {
            Sources::Union
        };
        let taxonomy = Taxonomy::new(network, config.criteria.taxonomy_credit);
        let profiles = Profiles::new(network);
        let people = network.people();
        let is_mentor = |p: &crate::Person| p.mentor_capacity > 0;
        let mut with_skill = Vec::new();
        let mut wanting = Vec::new();
        let mut with_experience = Vec::new();
        for (i, p) in people.iter().enumerate().filter(|(_, p)| is_mentor(p)) {
            let id = PersonId::new(i);
            with_skill.extend(p.skills.iter().map(|s| (s.skill.index(), id)));
            let mut goal_skills: Vec<usize> = p
                .goals
                .iter()
                .filter(|g| g.level > p.level(g.skill))
                .map(|g| g.skill.index())
                .collect();
            goal_skills.dedup();
            wanting.extend(goal_skills.into_iter().map(|s| (s, id)));
            with_experience.extend(p.experiences.iter().map(|e| (e.index(), id)));
        }
        let labels = people
            .iter()
            .flat_map(|p| p.experiences.iter().map(|e| e.index() + 1))
            .max()
            .unwrap_or(0);
        MentorScorer {
            network,
            config: config.clone(),
            weights,
            sources,
            mentors_with_skill: Flat::from_pairs(network.skills().len(), &with_skill),
            mentors_wanting: Flat::from_pairs(network.skills().len(), &wanting),
            mentors_with_experience: Flat::from_pairs(labels, &with_experience),
            mentors: people.iter().filter(|p| is_mentor(p)).count(),
            taxonomy,
            profiles,
        }
    }

    /// The network this scorer reads.
    pub fn network(&self) -> &'a Network {
        self.network
    }

    /// Every hard constraint the pair fails and every criterion's value in
    /// both views. `O(people)` to set up per call (the per-mentee tables);
    /// use [`MentorScorer::candidates`] for many pairs.
    ///
    /// # Panics
    /// When either id is not from this network.
    pub fn evaluate(&self, mentee: PersonId, mentor: PersonId) -> Evaluation {
        self.evaluate_with(&mut self.scratch(), mentee, mentor)
    }

    /// [`MentorScorer::evaluate`] for many pairs, in parallel, reusing
    /// working memory: `O(people)` of set-up per thread rather than per
    /// pair. Results come in the order of `pairs`.
    pub fn evaluate_pairs(&self, pairs: &[(PersonId, PersonId)]) -> Vec<Evaluation> {
        pairs
            .par_iter()
            .map_init(|| self.scratch(), |s, &(a, b)| self.evaluate_with(s, a, b))
            .collect()
    }

    fn evaluate_with(
        &self,
        s: &mut MentorScratch,
        mentee: PersonId,
        mentor: PersonId,
    ) -> Evaluation {
        self.prepare_scores(s, mentee, Detail::Full);
        let mut score = self.blank();
        let failed = self.pair(s, mentee, mentor, &mut score, Detail::Full);
        Evaluation {
            failed: Constraint::ALL
                .into_iter()
                .filter(|&c| failed & (1 << c as u32) != 0)
                .collect(),
            score,
        }
    }

    /// Candidate mentors for everyone seeking a mentor: see [`crate::candidates`].
    pub fn candidates(&self) -> Candidates {
        generate(self)
    }

    fn blank(&self) -> PairScore {
        PairScore::new(
            &Criterion::NAMES,
            self.weights,
            self.config.weights.mentor_view_weight,
        )
    }

    fn scratch(&self) -> MentorScratch {
        let n = self.network.people().len();
        let skills = self.network.skills().len();
        MentorScratch {
            goals: CoverMap::new(skills),
            offer: OfferMap::new(skills),
            reach: Reach::new(n),
            seen: Seen::new(n),
            sources: Vec::new(),
        }
    }

    fn weight(&self, c: Criterion) -> f64 {
        self.weights[c as usize]
    }

    /// Loads the mentee's side of every criterion into `s`.
    fn prepare_scores(&self, s: &mut MentorScratch, mentee: PersonId, detail: Detail) {
        let p = &self.profiles;
        let m = mentee.index();
        s.goals
            .load(&self.taxonomy, p.needs.get(m), p.need_total[m]);
        s.offer.load(&self.taxonomy, p.skills(mentee));
        if detail == Detail::Full || self.weight(Criterion::Network) != 0.0 {
            s.reach.load(p, mentee);
        }
    }

    /// Scores one pair into `out` and returns the failed constraints as a
    /// bit set over `Constraint as u32`. With [`Detail::Fast`] it stops at the
    /// first failure in attribution order and skips criteria weighted 0
    /// (their value stays 0, which changes no sum: the weight is 0).
    #[inline]
    fn pair(
        &self,
        s: &mut MentorScratch,
        mentee: PersonId,
        mentor: PersonId,
        out: &mut PairScore,
        detail: Detail,
    ) -> u32 {
        let full = detail == Detail::Full;
        let p = &self.profiles;
        let cfg = &self.config;
        let (mi, ti) = (mentee.index(), mentor.index());
        let mut failed = 0u32;
        macro_rules! fail {
            ($c:expr) => {{
                failed |= 1 << ($c as u32);
                if !full {
                    return failed;
                }
            }};
        }
        let people = self.network.people();
        if !people[mi].seeks_mentor {
            fail!(Constraint::NotSeeking);
        }
        if mentee == mentor {
            fail!(Constraint::SamePerson);
        }
        if !p.cards[ti].offers_mentor {
            fail!(Constraint::NoMentorCapacity);
        }
        let mentor_skills = p.skills(mentor);
        let skill_fit = s.goals.cover(mentor_skills);
        if cfg.constraints.require_skill_overlap && skill_fit <= 0.0 {
            fail!(Constraint::NoSkillOverlap);
        }

        let on = |c: Criterion| full || self.weights[c as usize] != 0.0;
        let (cm, ct) = (&p.cards[mi], &p.cards[ti]);
        let set = |out: &mut PairScore, c: Criterion, mentee_value: f64, mentor_value: f64| {
            out.mentee[c as usize] = mentee_value;
            out.mentor[c as usize] = mentor_value;
        };
        set(out, Criterion::SkillFit, skill_fit, skill_fit);
        if on(Criterion::Experience) {
            let (em, et) = (p.experiences(mentee), p.experiences(mentor));
            let both = shared(em, et) as f64;
            let of = |len: usize| if len == 0 { 0.0 } else { both / len as f64 };
            set(out, Criterion::Experience, of(em.len()), of(et.len()));
        }
        if on(Criterion::Seniority) {
            let v = seniority(ct.seniority - cm.seniority, &cfg.criteria);
            set(out, Criterion::Seniority, v, v);
        }
        if on(Criterion::CrossOrg) {
            let differ = |a: u32, b: u32| {
                if a != NONE && b != NONE && a != b {
                    0.5
                } else {
                    0.0
                }
            };
            let v = differ(cm.org, ct.org) + differ(cm.industry, ct.industry);
            set(out, Criterion::CrossOrg, v, v);
        }
        let gap = timezone_gap(cm.timezone, ct.timezone);
        if on(Criterion::Timezone) {
            let v = if gap.is_nan() { 0.5 } else { 1.0 - gap / 12.0 };
            set(out, Criterion::Timezone, v, v);
        }
        let speak = cfg.constraints.require_language || on(Criterion::Language);
        let common_language = speak && shared(p.languages(mentee), p.languages(mentor)) > 0;
        if on(Criterion::Language) {
            let v = if common_language { 1.0 } else { 0.0 };
            set(out, Criterion::Language, v, v);
        }
        if on(Criterion::Reciprocity) {
            let v = s.offer.cover(p.needs.get(ti), p.need_total[ti]);
            set(out, Criterion::Reciprocity, v, v);
        }
        if on(Criterion::Network) {
            let v = s.reach.get(mentor);
            set(out, Criterion::Network, v, v);
        }
        if on(Criterion::Preference) {
            let one = |yes: bool| if yes { 1.0 } else { 0.0 };
            set(
                out,
                Criterion::Preference,
                one(p.prefers(mentee, mentor)),
                one(p.prefers(mentor, mentee)),
            );
        }
        let affinities = p.affinities.get(mi);
        let affinity = match affinities.binary_search_by_key(&mentor, |a| a.0) {
            Ok(i) => Some(affinities[i]),
            Err(_) => None,
        };
        if let Some((_, score, mentor_score)) = affinity {
            set(out, Criterion::Affinity, score, mentor_score);
        }
        if on(Criterion::Repeat) {
            let past = p.past_mentors.get(mi);
            let v = if !past.is_empty() && past.binary_search(&mentor).is_ok() {
                1.0
            } else {
                0.0
            };
            set(out, Criterion::Repeat, v, v);
        }
        out.total();

        let supported = affinity.is_some()
            || (0..MAX_CRITERIA)
                .any(|i| self.weights[i] > 0.0 && (out.mentee[i] > 0.0 || out.mentor[i] > 0.0));
        if !supported {
            fail!(Constraint::NoSupport);
        }
        if p.blocked_either_way(mentee, mentor) {
            fail!(Constraint::Blocked);
        }
        if p.in_reporting_chain(mentee, mentor, cfg.constraints.exclude_reporting_chain) {
            fail!(Constraint::SameReportingChain);
        }
        if let Some(max) = cfg.constraints.max_timezone_gap {
            if gap > max {
                fail!(Constraint::TimezoneGap);
            }
        }
        if cfg.constraints.require_language && !common_language {
            fail!(Constraint::Language);
        }
        if out.combined < cfg.constraints.min_score {
            fail!(Constraint::BelowMinScore);
        }
        failed
    }
}

/// The seniority criterion for `gap = mentor − mentee` levels.
fn seniority(gap: i32, c: &crate::config::CriteriaConfig) -> f64 {
    if gap < c.seniority_min_gap {
        0.0
    } else if gap <= c.seniority_max_gap {
        1.0
    } else {
        (1.0 - f64::from(gap - c.seniority_max_gap) / 2.0).max(0.0)
    }
}

impl Engine for MentorScorer<'_> {
    type Scratch = MentorScratch;

    fn role(&self) -> Role {
        Role::Mentor
    }

    fn network(&self) -> &Network {
        self.network
    }

    fn new_scratch(&self) -> MentorScratch {
        self.scratch()
    }

    fn seeks(&self, p: PersonId) -> bool {
        self.network.person(p).seeks_mentor
    }

    fn offers(&self, p: PersonId) -> bool {
        self.network.person(p).mentor_capacity > 0
    }

    fn offerers(&self) -> usize {
        self.mentors
    }

    fn max_candidates(&self) -> usize {
        self.config.constraints.max_candidates
    }

    fn capacity_constraint(&self) -> Constraint {
        Constraint::NoMentorCapacity
    }

    fn unreached_constraint(&self) -> Constraint {
        match self.sources {
            Sources::SkillIndex => Constraint::NoSkillOverlap,
            Sources::Everyone | Sources::Union => Constraint::NoSupport,
        }
    }

    fn prepare(&self, s: &mut MentorScratch, mentee: PersonId) {
        self.prepare_scores(s, mentee, Detail::Fast);
        let p = &self.profiles;
        let m = mentee.index();
        s.seen.next_round();
        s.seen.insert(mentee);
        s.sources.clear();
        let MentorScratch {
            seen,
            sources,
            goals,
            reach,
            ..
        } = s;
        let mut add = |list: &[PersonId]| {
            for &t in list {
                if seen.insert(t) {
                    sources.push(t);
                }
            }
        };
        let w = |c: Criterion| self.weight(c) > 0.0;
        match self.sources {
            Sources::Everyone => {
                for (i, person) in self.network.people().iter().enumerate() {
                    if person.mentor_capacity > 0 && i != m {
                        sources.push(PersonId::new(i));
                    }
                }
            }
            Sources::SkillIndex => {
                for k in goals.covering_skills() {
                    add(self.mentors_with_skill.get(k.index()));
                }
            }
            Sources::Union => {
                if w(Criterion::SkillFit) {
                    for k in goals.covering_skills() {
                        add(self.mentors_with_skill.get(k.index()));
                    }
                }
                if w(Criterion::Reciprocity) {
                    // A mentor's goal in skill `g` is covered by the mentee's
                    // skill `k` when `k` is near `g`; nearness is symmetric.
                    for &x in p.skills(mentee) {
                        let (k, _) = super::profile::unpack_skill(x);
                        for &(g, _) in self.taxonomy.around(k) {
                            add(self.mentors_wanting.get(g.index()));
                        }
                    }
                }
                if w(Criterion::Experience) {
                    for &e in p.experiences(mentee) {
                        if (e as usize) < self.mentors_with_experience.len() {
                            add(self.mentors_with_experience.get(e as usize));
                        }
                    }
                }
                if w(Criterion::Preference) {
                    add(p.preferred.get(m));
                    add(p.preferred_by.get(m));
                }
                if w(Criterion::Repeat) {
                    add(p.past_mentors.get(m));
                }
                if w(Criterion::Network) {
                    add(reach.reached());
                }
                for &(t, _, _) in p.affinities.get(m) {
                    if seen.insert(t) {
                        sources.push(t);
                    }
                }
                // The lists above hold non-mentors too (preferences, ties,
                // affinities); only mentors are sources.
                let people = self.network.people();
                sources.retain(|&t| people[t.index()].mentor_capacity > 0);
            }
        }
    }

    fn take_sources(s: &mut MentorScratch) -> Vec<PersonId> {
        std::mem::take(&mut s.sources)
    }

    fn put_sources(s: &mut MentorScratch, sources: Vec<PersonId>) {
        s.sources = sources;
    }

    fn score(&self, s: &mut MentorScratch, mentee: PersonId, mentor: PersonId) -> (u32, PairScore) {
        let mut out = self.blank();
        let failed = self.pair(s, mentee, mentor, &mut out, Detail::Fast);
        (failed, out)
    }
}
