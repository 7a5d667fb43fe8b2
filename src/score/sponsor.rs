//! The sponsor scorer: influence (seniority and centrality), domain (skills
//! and organisation where the person's goals point), preference; constraints
//! mirroring the mentor ones.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::HashMap;

use crate::config::Config;
use crate::error::Result;
use crate::matching::Progress;
use crate::model::{PersonId, SkillId};
use crate::network::Network;
use crate::score::candidates::{generate, Candidate, Candidates, Engine, Miss, GATHER};

use super::centrality::{power_iteration, CentralityOptions};
use super::mentor::Detail;
use super::profile::{
    cover_in_trees, expand_skills, CoverMap, Flat, Need, Profiles, Seen, Taxonomy, DENSE_GOALS,
    HUB_DEGREE, NONE,
};
use super::trust::TrustReach;
use super::{supported, Constraint, Evaluation, PairScore, SponsorCriterion, MAX_CRITERIA};
use crate::model::Role;

/// The most people a fill seeker's trust ball is walked to before the
/// room's lists are walked instead ([`Engine::sources_among`]): the ball
/// saves the lists' walk only when it is small, and a ball through a hub
/// grows with the organisation (measured in `docs/performance.md`, "The
/// trust ball of a fill seeker").
const BALL_BUDGET: usize = 256;

/// Scores sponsor pairs, with per-person data (influence, organisation
/// concentrations of skills) precomputed once.
///
/// The trust requirement of sponsorship (a warm path within the hop limit)
/// belongs to the path engine and is applied on top of these candidates.
///
/// # Example
/// ```
/// use mentormatch::{load, Config, SponsorScorer};
///
/// let network = load("data/story.json", &Default::default())?;
/// let config = Config::default();
/// let scorer = SponsorScorer::new(&network, &config)?;
/// let omar = network.person_id("omar").unwrap(); // wants leadership
/// let grace = network.person_id("grace").unwrap(); // a leader, senior and central
/// let verdict = scorer.evaluate(omar, grace)?;
/// assert!(verdict.is_feasible());
/// assert!(verdict.score.criterion("domain").unwrap().mentee_value > 0.5);
/// # Ok::<(), mentormatch::Error>(())
/// ```
#[derive(Debug)]
pub struct SponsorScorer<'a> {
    network: &'a Network,
    config: Config,
    weights: [f64; MAX_CRITERIA],
    everyone: bool,
    taxonomy: Taxonomy,
    /// Built here, or shared with the run's mentor scorer
    /// ([`SponsorScorer::sharing`]).
    profiles: Cow<'a, Profiles>,
    influence: Vec<f64>,
    /// Every goal of every person, open or not, measured from level 0 over
    /// five levels: a sponsor's level counts as reach, whatever the person's.
    goals: Flat<Need>,
    goal_total: Vec<f64>,
    /// By skill: (organisation, concentration in (0, 1]), sorted by organisation.
    concentration: Flat<(u32, f64)>,
    /// By person: the skills of sponsors as packed taxonomy keys (see
    /// [`expand_skills`]); empty for everyone else.
    keys: Flat<u32>,
    /// By person: the taxonomy trees of a sponsor's skills
    /// ([`Taxonomy::key_trees`]); a goal in none of them is not covered.
    /// Read only for the sponsors a walk's first bounds let through.
    trees: Vec<u32>,
    /// By taxonomy key and level (`key × 8 + level`): the sponsors whose
    /// best skill filed under the key has that level (the eight lists of a
    /// key hold every sponsor with a skill filed under it, once); by
    /// organisation: its sponsors. Each list is ranked (most influential first), for top-K
    /// retrieval ([`Retrieval`]).
    sponsors_by_bucket: Flat<Ranked>,
    sponsors_in_org: Flat<Ranked>,
    /// The highest influence of a sponsor (0 when there is none).
    most_influence: f64,
    sponsors: usize,
    /// More than the rounding error of a view's sum: `1e-9 × (1 + Σ |weight|)`.
    slack: f64,
}

/// A sponsor in a list of [`SponsorScorer`], with their influence: lists
/// are sorted by influence, highest first, then by id.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    influence: f64,
    sponsor: PersonId,
    /// The sponsor's organisation, `NONE` when none (in the padding).
    org: u32,
}

/// Per-person state of top-K retrieval through the skill index.
///
/// Under `require_domain_overlap`, a sponsor is a source through a
/// (key, level) bucket near a goal or through an organisation holding one.
/// The buckets are visited best cover first ([`CoverMap::buckets`]), then
/// the organisations; each list is ranked (most influential first). A
/// sponsor met in bucket `i` or later has a skill reach of at most
/// `rest[i]`, or of the goals' shares of it (`by_goal[i]`) in the trees
/// of their skills alone, and one met in no bucket at all, 0: with its
/// influence, that
/// bounds its score, and once the bound is below the K-th best score so
/// far, neither it nor anyone after it in the list can enter the top K
/// (the rest of the list ranks lower). In a bucket, a sponsor whose bound
/// with their organisation's reach exact (the list holds the organisation)
/// is below it is passed over for good: no later list bounds them higher.
/// The result is exactly that of scoring every sponsor the lists propose.
#[derive(Debug, Default)]
struct Retrieval {
    /// Whether the retrieval is in use for this person.
    active: bool,
    buckets: Vec<(u32, u8, f64)>,
    rest: Vec<f64>,
    /// The list being walked (a bucket, then, past the buckets, an
    /// organisation of the person's `orgs`) and the position in it.
    list: usize,
    at: usize,
    /// What a sponsor not yet met adds at most besides influence and
    /// domain: preference at its most for the person, plus the slack.
    other: f64,
    /// The person's goal total, and the most organisation reach anyone
    /// has for them.
    total: f64,
    org_most: f64,
    /// By person: the mark of the walk that proposed them.
    visited: Vec<u32>,
    /// The mark of the current walk, one more than the last (never 0).
    mark: u32,
    /// Each goal's share of `rest[i]` (see [`CoverMap::buckets`]); empty
    /// for a person with more than [`DENSE_GOALS`] goals.
    by_goal: Vec<[f64; DENSE_GOALS]>,
    /// The tree bit of each goal ([`Taxonomy::tree_bit`]).
    goal_trees: [u32; DENSE_GOALS],
}

/// The sponsors with room in a round of filling free places.
pub(crate) struct SponsorRoom {
    /// In id order, and by person whether they are one.
    ids: Vec<u32>,
    has: Vec<bool>,
    /// Under `require_domain_overlap`: the ranked lists by (key, level)
    /// bucket and by organisation of [`SponsorScorer`], holding only
    /// sponsors with room, in the same order.
    lists: Option<(Flat<Ranked>, Flat<Ranked>)>,
}

/// Per-thread working memory of the sponsor scorer.
#[derive(Debug)]
pub(crate) struct SponsorScratch {
    goals: CoverMap,
    org_reach: Vec<f64>,
    orgs: Vec<u32>,
    seen: Seen,
    sources: Vec<u32>,
    trust: TrustReach,
    /// By person: the mark of the person for whom they hold a skill near
    /// a goal (are in a key list), which bounds their skill reach.
    near_goal: Vec<u32>,
    /// The prepared person's id plus one once the sponsors near their goals
    /// are marked in `near_goal` (by `mark_near_goals`, when the lists are
    /// not walked best first); 0 otherwise, and then `bound` counts every
    /// skill reach at its most.
    mark: u32,
    retrieval: Retrieval,
}

impl<'a> SponsorScorer<'a> {
    /// Checks `config` and precomputes influence (running
    /// [`centrality`](crate::centrality)) and the organisation
    /// concentration of every skill.
    ///
    /// # Errors
    /// [`Error::Invalid`](crate::Error::Invalid) (file `config`) when
    /// `config` is out of range, as [`Config::validate`] says; configs from
    /// [`Config::load`] and [`Config::from_toml_str`] are valid.
    pub fn new(network: &'a Network, config: &Config) -> Result<SponsorScorer<'a>> {
        config.validate("config")?;
        Ok(SponsorScorer::from_valid(network, config))
    }

    /// [`SponsorScorer::new`] for a `config` that passed
    /// [`Config::validate`] (whose `[sponsor] damping` is then in [0, 1)).
    pub(crate) fn from_valid(network: &'a Network, config: &Config) -> SponsorScorer<'a> {
        SponsorScorer::with_profiles(network, config, Cow::Owned(Profiles::new(network)))
    }

    /// [`SponsorScorer::from_valid`] reading `profiles`, built for the same
    /// `network` (a mentor scorer's, [`MentorScorer::profiles`]), instead of
    /// building its own: a run holds one copy, not two (at 1,000,000 people
    /// their tie lists alone take 320 MB).
    pub(crate) fn sharing(
        network: &'a Network,
        config: &Config,
        profiles: &'a Profiles,
    ) -> SponsorScorer<'a> {
        SponsorScorer::with_profiles(network, config, Cow::Borrowed(profiles))
    }

    fn with_profiles(
        network: &'a Network,
        config: &Config,
        profiles: Cow<'a, Profiles>,
    ) -> SponsorScorer<'a> {
        debug_assert!(config.validate("config").is_ok(), "an unchecked config");
        let sc = &config.sponsor;
        let mut weights = [0.0; MAX_CRITERIA];
        weights[SponsorCriterion::Influence as usize] = sc.influence;
        weights[SponsorCriterion::Domain as usize] = sc.domain;
        weights[SponsorCriterion::Preference as usize] = sc.preference;
        let taxonomy = Taxonomy::new(network, config.criteria.taxonomy_credit);
        let people = network.people();

        let central = power_iteration(
            network,
            &CentralityOptions {
                damping: sc.damping,
                ..CentralityOptions::default()
            },
        );
        let top_central = central.max();
        let top_senior = people.iter().map(|p| p.seniority).max().unwrap_or(0);
        let a = sc.centrality_share;
        let influence: Vec<f64> = people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let senior = if top_senior == 0 {
                    0.0
                } else {
                    f64::from(p.seniority) / f64::from(top_senior)
                };
                let central = if top_central > 0.0 {
                    central.scores()[i] / top_central
                } else {
                    0.0
                };
                (1.0 - a) * senior + a * central
            })
            .collect();

        let goals = people.iter().map(|p| {
            p.goals.iter().map(|g| Need {
                skill: g.skill,
                current: 0.0,
                inv_need: 1.0 / 5.0,
                priority: f64::from(g.priority),
            })
        });
        let goal_total = people
            .iter()
            .map(|p| p.goals.iter().map(|g| f64::from(g.priority)).sum())
            .collect();

        // How strongly each organisation holds each skill someone wants.
        // First, by taxonomy key, the sum over members of their best
        // `level / 5` among their skills filed under the key (each member
        // once per key, in person order); then a goal skill's strength in an
        // organisation is the best, over the keys the goal looks up, of
        // `credit × that sum`, per member. Summing per key keeps this linear
        // in the members' skills: crediting every member with each goal near
        // each of their skills would cost, for one product, every sibling
        // product someone wants (tens of thousands under a broad category).
        let skills = network.skills().len();
        let mut key_sums: HashMap<(u32, u32), f64> = HashMap::new();
        let mut members: HashMap<u32, f64> = HashMap::new();
        let mut best: Vec<(u32, u8)> = Vec::new();
        for p in people {
            let Some(org) = p.org else { continue };
            *members.entry(org.node()).or_insert(0.0) += 1.0;
            best.clear();
            for s in &p.skills {
                taxonomy.teacher_keys(s.skill, |key| best.push((key, s.level)));
            }
            best.sort_unstable_by_key(|&(key, level)| (key, std::cmp::Reverse(level)));
            best.dedup_by_key(|x| x.0);
            for &(key, level) in &best {
                *key_sums.entry((key, org.node())).or_insert(0.0) += f64::from(level) / 5.0;
            }
        }
        let mut orgs_by_key: Vec<(u32, u32, f64)> = key_sums
            .into_iter()
            .map(|((key, org), sum)| (key, org, sum / members[&org]))
            .collect();
        orgs_by_key.sort_by_key(|&(key, org, _)| (key, org));
        let mut goal_skills: Vec<SkillId> = people
            .iter()
            .flat_map(|p| p.goals.iter().map(|g| g.skill))
            .collect();
        goal_skills.sort_unstable();
        goal_skills.dedup();
        let mut by_skill: Vec<Vec<(u32, f64)>> = vec![Vec::new(); skills];
        for &g in &goal_skills {
            let list = &mut by_skill[g.index()];
            taxonomy.goal_keys(g, |key, credit| {
                let from = orgs_by_key.partition_point(|x| x.0 < key);
                for &(_, org, share) in orgs_by_key[from..].iter().take_while(|x| x.0 == key) {
                    list.push((org, credit * share));
                }
            });
            list.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
            list.dedup_by_key(|x| x.0);
        }
        for list in &mut by_skill {
            let top = list.iter().map(|&(_, s)| s).fold(0.0, f64::max);
            if top > 0.0 {
                for (_, share) in list.iter_mut() {
                    *share /= top;
                }
            }
            list.retain(|&(_, c)| c > 0.0);
        }

        let labels = people
            .iter()
            .filter_map(|p| p.org.map(|o| o.index() + 1))
            .max()
            .unwrap_or(0);
        let mut keys = Vec::new();
        let mut sponsor_keys = Vec::with_capacity(people.len());
        for (i, p) in people.iter().enumerate() {
            keys.clear();
            if p.sponsor_capacity > 0 {
                expand_skills(&taxonomy, profiles.skills(network.id_at(i)), &mut keys);
            }
            sponsor_keys.push(keys.clone());
        }
        let sponsor_keys = Flat::from_lists(sponsor_keys);
        let trees = (0..people.len())
            .map(|i| taxonomy.key_trees(sponsor_keys.get(i)))
            .collect();
        // Every sponsor, ranked; the lists by key and by organisation keep
        // that order.
        let mut every_sponsor: Vec<Ranked> = people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.sponsor_capacity > 0)
            .map(|(i, p)| Ranked {
                influence: influence[i],
                sponsor: network.id_at(i),
                org: p.org.map_or(NONE, |o| o.node()),
            })
            .collect();
        every_sponsor.sort_by(|a, b| {
            b.influence
                .total_cmp(&a.influence)
                .then(a.sponsor.cmp(&b.sponsor))
        });
        let mut by_bucket = Vec::new();
        let mut in_org = Vec::new();
        let mut filed: Vec<usize> = Vec::new();
        for &ranked in &every_sponsor {
            let t = ranked.sponsor.index();
            // Each key names a sponsor once, at the best level of their
            // skills filed under it (cover grows with the level).
            filed.clear();
            filed.extend(sponsor_keys.get(t).iter().map(|&x| x as usize));
            filed.sort_unstable_by_key(|&x| (x >> 3, Reverse(x & 7)));
            filed.dedup_by_key(|x| *x >> 3);
            by_bucket.extend(filed.iter().map(|&x| ((x >> 3) * 8 + (x & 7), ranked)));
            if let Some(o) = people[t].org {
                in_org.push((o.index(), ranked));
            }
        }
        SponsorScorer {
            network,
            config: config.clone(),
            weights,
            everyone: !sc.require_domain_overlap && sc.influence > 0.0,
            goals: Flat::from_lists(goals),
            goal_total,
            concentration: Flat::from_lists(by_skill),
            keys: sponsor_keys,
            trees,
            sponsors_by_bucket: Flat::from_pairs(8 * taxonomy.keys(), &by_bucket),
            sponsors_in_org: Flat::from_pairs(labels, &in_org),
            sponsors: every_sponsor.len(),
            most_influence: every_sponsor.first().map_or(0.0, |r| r.influence),
            slack: 1e-9 * (1.0 + weights.iter().map(|w| w.abs()).sum::<f64>()),
            influence,
            taxonomy,
            profiles,
        }
    }

    /// Every hard constraint the pair fails and every sponsor criterion in
    /// both views. `O(people)` to set up per call.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when either id
    /// is not from this network.
    pub fn evaluate(&self, person: PersonId, sponsor: PersonId) -> Result<Evaluation> {
        self.network.check("person", person)?;
        self.network.check("sponsor", sponsor)?;
        Ok(self.evaluate_known(person, sponsor))
    }

    /// [`SponsorScorer::evaluate`] of ids the crate got from this network.
    pub(crate) fn evaluate_known(&self, person: PersonId, sponsor: PersonId) -> Evaluation {
        self.evaluate_with(&mut self.scratch(), person, sponsor)
    }

    /// [`SponsorScorer::evaluate`] for many pairs, in parallel, reusing
    /// working memory: `O(people)` of set-up per thread, and the person's
    /// side prepared once per person rather than once per pair. Results
    /// come in the order of `pairs`.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) for the first
    /// id not from this network.
    pub fn evaluate_pairs(&self, pairs: &[(PersonId, PersonId)]) -> Result<Vec<Evaluation>> {
        self.network.check_pairs("pairs", pairs)?;
        Ok(self.evaluate_pairs_known(pairs))
    }

    /// [`SponsorScorer::evaluate_pairs`] of ids the crate got from this
    /// network.
    pub(crate) fn evaluate_pairs_known(&self, pairs: &[(PersonId, PersonId)]) -> Vec<Evaluation> {
        super::evaluate_grouped(
            pairs,
            || self.scratch(),
            |s, person| self.prepare_scores(s, person),
            |s, person, sponsor| self.evaluate_prepared(s, person, sponsor),
        )
    }

    fn evaluate_with(
        &self,
        s: &mut SponsorScratch,
        person: PersonId,
        sponsor: PersonId,
    ) -> Evaluation {
        self.prepare_scores(s, person);
        self.evaluate_prepared(s, person, sponsor)
    }

    fn evaluate_prepared(
        &self,
        s: &mut SponsorScratch,
        person: PersonId,
        sponsor: PersonId,
    ) -> Evaluation {
        let mut score = self.blank();
        let mut failed = self.pair(s, person, sponsor, &mut score, Detail::Full);
        if !s
            .trust
            .reaches(self.network, &self.profiles.hub_contacts, sponsor)
        {
            failed |= 1 << Constraint::NoTrustPath as u32;
        }
        Evaluation {
            failed: Constraint::ALL
                .into_iter()
                .filter(|&c| failed & (1 << c as u32) != 0)
                .collect(),
            score,
        }
    }

    /// Candidate sponsors for everyone seeking a sponsor: see
    /// [`crate::sponsor_candidates`].
    pub fn candidates(&self) -> Candidates {
        generate(self, &Progress::new())
    }

    /// The influence of `p`, in [0, 1]; `None` for an id not from this
    /// network.
    pub fn influence(&self, p: PersonId) -> Option<f64> {
        self.network.issued(p).then(|| self.influence[p.index()])
    }

    /// Marks the sponsors holding a skill near one of the prepared person's
    /// goals (in a key list the index proposes), for [`Self::bound`].
    fn mark_near_goals(&self, s: &mut SponsorScratch, person: PersonId) {
        s.mark = person.node() + 1;
        for &key in s.goals.covering_keys() {
            for t in self.with_key(key) {
                s.near_goal[t.sponsor.index()] = s.mark;
            }
        }
    }

    /// The sponsors with a skill filed under taxonomy key `key`, each once.
    fn with_key(&self, key: u32) -> &[Ranked] {
        self.sponsors_by_bucket
            .span(8 * key as usize, 8 * key as usize + 8)
    }

    /// Whether top-K retrieval walks the ranked lists ([`Retrieval`]):
    /// when a top K is kept and only sponsors near a goal or in an
    /// organisation holding one are sources.
    fn ranked_retrieval(&self) -> bool {
        self.config.sponsor.max_candidates > 0 && self.config.sponsor.require_domain_overlap
    }

    /// Replaces `out` with the next sponsors of the retrieval (see
    /// [`Retrieval`]) from `lists` — by bucket and by organisation, ranked
    /// as [`Self::sponsors_by_bucket`] — that could score `floor` or more;
    /// `false` once none is left.
    fn walk(
        &self,
        s: &mut SponsorScratch,
        (by_bucket, in_org): (&Flat<Ranked>, &Flat<Ranked>),
        floor: f64,
        out: &mut Vec<u32>,
    ) -> bool {
        out.clear();
        let up = |c: SponsorCriterion| self.weights[c as usize].max(0.0);
        let (influence, domain) = (
            up(SponsorCriterion::Influence),
            up(SponsorCriterion::Domain),
        );
        let SponsorScratch {
            retrieval: r,
            orgs,
            org_reach,
            ..
        } = s;
        while r.active && out.len() < GATHER {
            let buckets = r.buckets.len();
            // The skill reach of anyone not met in the buckets before.
            let reach = r.rest[r.list.min(buckets)];
            if r.at == 0
                && influence * self.most_influence + r.other + domain * 0.5 * (reach + r.org_most)
                    < floor
            {
                // Nobody left anywhere can reach the K-th best (the
                // organisation lists come last, with no skill reach).
                r.active = false;
                break;
            }
            // The most a sponsor next in the list adds besides influence,
            // and, in a bucket, besides influence and organisation reach.
            let org_part = |org: u32| {
                if org == NONE || r.total == 0.0 {
                    0.0
                } else {
                    org_reach[org as usize] / r.total
                }
            };
            let (list, base, skill_base) = if r.list < buckets {
                let (key, level, _) = r.buckets[r.list];
                let list = by_bucket.get(key as usize * 8 + usize::from(level));
                let skill_base = r.other + domain * 0.5 * reach;
                (
                    list,
                    skill_base + domain * 0.5 * r.org_most,
                    Some(skill_base),
                )
            } else if let Some(&org) = orgs.get(r.list - buckets) {
                // Past the buckets: no skill reach, organisation reach exact.
                let list = if (org as usize) < in_org.len() {
                    in_org.get(org as usize)
                } else {
                    &[]
                };
                (list, r.other + domain * 0.5 * org_part(org), None)
            } else {
                r.active = false;
                break;
            };
            let mut next = r.at;
            let mut ended = true;
            for t in &list[r.at..] {
                next += 1;
                if influence * t.influence + base < floor {
                    break;
                }
                let i = t.sponsor.index();
                if r.visited[i] != r.mark {
                    r.visited[i] = r.mark;
                    // In a bucket, with the organisation reach exact: a
                    // sponsor below the floor here is below it in any later
                    // list too (less skill reach, the same organisation).
                    if let Some(skill_base) = skill_base {
                        let most =
                            influence * t.influence + skill_base + domain * 0.5 * org_part(t.org);
                        if most < floor {
                            continue;
                        }
                        // The goals in no tree of the sponsor's skills add
                        // nothing to their reach (a share only shrinks in
                        // later buckets, so passing over stays for good).
                        if let Some(shares) = r.by_goal.get(r.list) {
                            let cap = cover_in_trees(shares, &r.goal_trees, self.trees[i]);
                            if cap < reach && most - domain * 0.5 * (reach - cap) < floor {
                                continue;
                            }
                        }
                    }
                    out.push(t.sponsor.node());
                    if out.len() == GATHER && next < list.len() {
                        ended = false;
                        break;
                    }
                }
            }
            if ended {
                r.list += 1;
                r.at = 0;
            } else {
                r.at = next;
            }
        }
        r.active || !out.is_empty()
    }

    /// Starts the retrieval for the prepared person (see [`Retrieval`]).
    fn start_retrieval(&self, s: &mut SponsorScratch, person: PersonId) {
        let up = |c: SponsorCriterion| self.weights[c as usize].max(0.0);
        let r = &mut s.retrieval;
        s.goals
            .buckets(&mut r.buckets, &mut r.rest, Some(&mut r.by_goal));
        r.goal_trees = [0; DENSE_GOALS];
        if !r.by_goal.is_empty() {
            for (t, need) in r.goal_trees.iter_mut().zip(self.goals.get(person.index())) {
                *t = self.taxonomy.tree_bit(need.skill);
            }
        }
        r.list = 0;
        r.at = 0;
        // A new mark per walk, so that a person walked again (another
        // round of a fill, on the same scratch) meets every sponsor anew.
        r.mark = r.mark.wrapping_add(1);
        if r.mark == 0 {
            r.visited.fill(0);
            r.mark = 1;
        }
        // A sponsor seeking one is never their own source.
        r.visited[person.index()] = r.mark;
        let total = self.goal_total[person.index()];
        let org_most = if total == 0.0 {
            0.0
        } else {
            s.orgs
                .iter()
                .map(|&o| s.org_reach[o as usize] / total)
                .fold(0.0, f64::max)
        };
        let p = &self.profiles;
        let prefers_some = !(p.preferred.get(person.index()).is_empty()
            && p.preferred_by.get(person.index()).is_empty());
        r.total = total;
        r.org_most = org_most;
        r.other = up(SponsorCriterion::Preference) * f64::from(u8::from(prefers_some)) + self.slack;
        r.active = true;
        s.sources.clear();
    }

    /// How much of the prepared person's goals the sponsor's organisation
    /// holds, in [0, 1]: half of the domain criterion.
    #[inline]
    fn org_reach(&self, s: &SponsorScratch, person: PersonId, sponsor: PersonId) -> f64 {
        let org = self.profiles.cards[sponsor.index()].org;
        let total = self.goal_total[person.index()];
        if org == NONE || total == 0.0 {
            0.0
        } else {
            s.org_reach[org as usize] / total
        }
    }

    /// The most the pair of the prepared person and `sponsor` can score,
    /// before the costly skill reach is computed: every criterion's weight,
    /// where positive, times the larger of its two views' values (the
    /// combined score blends the two views). Skill reach is 0 for a
    /// sponsor with no skill near a goal (not marked by
    /// [`Self::mark_near_goals`]: most sponsors proposed for their
    /// organisation alone), and counts at its most, 1, otherwise or when
    /// nothing was marked for the person (`mark` 0).
    #[inline]
    fn bound(&self, s: &SponsorScratch, person: PersonId, sponsor: PersonId) -> f64 {
        let up = |c: SponsorCriterion| self.weights[c as usize].max(0.0);
        let p = &self.profiles;
        let preferred = p.prefers(person, sponsor) || p.prefers(sponsor, person);
        let skill_reach = if s.mark == 0 || s.near_goal[sponsor.index()] == s.mark {
            1.0
        } else {
            0.0
        };
        up(SponsorCriterion::Influence) * self.influence[sponsor.index()]
            + up(SponsorCriterion::Domain)
                * (0.5 * skill_reach + 0.5 * self.org_reach(s, person, sponsor))
            + up(SponsorCriterion::Preference) * f64::from(u8::from(preferred))
            + self.slack
    }

    fn blank(&self) -> PairScore {
        PairScore::new(
            &SponsorCriterion::NAMES,
            self.weights,
            self.config.sponsor.sponsor_view_weight,
        )
    }

    fn scratch(&self) -> SponsorScratch {
        let n = self.network.people().len();
        let labels = self.sponsors_in_org.len().max(
            self.network
                .people()
                .iter()
                .filter_map(|p| p.org.map(|o| o.index() + 1))
                .max()
                .unwrap_or(0),
        );
        SponsorScratch {
            goals: CoverMap::new(self.taxonomy.keys()),
            org_reach: vec![0.0; labels],
            orgs: Vec::new(),
            seen: Seen::new(n),
            sources: Vec::new(),
            trust: TrustReach::new(n, self.config.intro.max_hops, HUB_DEGREE),
            near_goal: vec![0; n],
            mark: 0,
            retrieval: Retrieval {
                visited: vec![0; n],
                ..Retrieval::default()
            },
        }
    }

    fn prepare_scores(&self, s: &mut SponsorScratch, person: PersonId) {
        let m = person.index();
        s.mark = 0;
        s.trust.load(self.network, person);
        s.goals
            .load(&self.taxonomy, self.goals.get(m), self.goal_total[m]);
        for &o in &s.orgs {
            s.org_reach[o as usize] = 0.0;
        }
        s.orgs.clear();
        // Sums per organisation accumulate in goal order.
        for need in self.goals.get(m) {
            for &(org, c) in self.concentration.get(need.skill.index()) {
                let r = &mut s.org_reach[org as usize];
                if *r == 0.0 {
                    s.orgs.push(org);
                }
                *r += need.priority * c;
            }
        }
    }

    fn pair(
        &self,
        s: &mut SponsorScratch,
        person: PersonId,
        sponsor: PersonId,
        out: &mut PairScore,
        detail: Detail,
    ) -> u32 {
        let full = detail == Detail::Full;
        let p = &self.profiles;
        let (mi, ti) = (person.index(), sponsor.index());
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
        if !people[mi].seeks_sponsor {
            fail!(Constraint::NotSeeking);
        }
        if person == sponsor {
            fail!(Constraint::SamePerson);
        }
        if !p.cards[ti].offers_sponsor {
            fail!(Constraint::NoSponsorCapacity);
        }
        let skill_reach = s.goals.cover(self.keys.get(ti));
        let domain = 0.5 * skill_reach + 0.5 * self.org_reach(s, person, sponsor);
        if self.config.sponsor.require_domain_overlap && domain <= 0.0 {
            fail!(Constraint::NoDomainOverlap);
        }
        let set = |out: &mut PairScore, c: SponsorCriterion, a: f64, b: f64| {
            out.mentee[c as usize] = a;
            out.mentor[c as usize] = b;
        };
        let influence = self.influence[ti];
        set(out, SponsorCriterion::Influence, influence, influence);
        set(out, SponsorCriterion::Domain, domain, domain);
        let one = |yes: bool| if yes { 1.0 } else { 0.0 };
        set(
            out,
            SponsorCriterion::Preference,
            one(p.prefers(person, sponsor)),
            one(p.prefers(sponsor, person)),
        );
        out.total();
        // Unused slots hold weight 0; sponsors have no affinities.
        if !supported(&self.weights, &out.mentee, &out.mentor, false) {
            fail!(Constraint::NoSupport);
        }
        if p.blocked_either_way(person, sponsor) {
            fail!(Constraint::Blocked);
        }
        if p.in_reporting_chain(
            person,
            sponsor,
            self.config.constraints.exclude_reporting_chain,
        ) {
            fail!(Constraint::SameReportingChain);
        }
        // `no_trust_path` comes between these two in attribution order; its
        // check, the costliest, is left to the callers, so that candidate
        // generation can skip it for pairs already beaten on score.
        if out.combined < self.config.sponsor.min_score {
            fail!(Constraint::BelowMinScore);
        }
        failed
    }
}

impl Engine for SponsorScorer<'_> {
    type Scratch = SponsorScratch;

    fn role(&self) -> Role {
        Role::Sponsor
    }

    fn network(&self) -> &Network {
        self.network
    }

    fn new_scratch(&self) -> SponsorScratch {
        self.scratch()
    }

    fn seeks(&self, p: PersonId) -> bool {
        self.network.at(p).seeks(Role::Sponsor)
    }

    fn offers(&self, p: PersonId) -> bool {
        self.network.at(p).capacity(Role::Sponsor) > 0
    }

    fn offerers(&self) -> usize {
        self.sponsors
    }

    fn max_candidates(&self) -> usize {
        self.config.sponsor.max_candidates
    }

    fn capacity_constraint(&self) -> Constraint {
        Constraint::NoSponsorCapacity
    }

    fn unreached_constraint(&self) -> Constraint {
        if self.config.sponsor.require_domain_overlap {
            Constraint::NoDomainOverlap
        } else {
            Constraint::NoSupport
        }
    }

    fn prepare_side(&self, s: &mut SponsorScratch, person: PersonId) {
        self.prepare_scores(s, person);
        if self.ranked_retrieval() {
            // The room's lists are walked as the candidates' are (see
            // `sources_among`).
            self.start_retrieval(s, person);
        } else if !self.everyone {
            self.mark_near_goals(s, person);
        }
    }

    fn source_of(&self, p: PersonId) -> Option<u32> {
        self.profiles.cards[p.index()]
            .offers_sponsor
            .then_some(p.node())
    }

    type Room = SponsorRoom;

    fn room(&self, sources: &[u32]) -> SponsorRoom {
        let mut has = vec![false; self.profiles.cards.len()];
        for &p in sources {
            has[p as usize] = true;
        }
        let lists = self.ranked_retrieval().then(|| {
            let keep = |flat: &Flat<Ranked>| {
                Flat::from_lists((0..flat.len()).map(|i| {
                    flat.get(i)
                        .iter()
                        .filter(|t| has[t.sponsor.index()])
                        .copied()
                }))
            };
            (keep(&self.sponsors_by_bucket), keep(&self.sponsors_in_org))
        });
        SponsorRoom {
            ids: sources.to_vec(),
            has,
            lists,
        }
    }

    /// The sponsors with room the prepared person could be matched with,
    /// or the first of them: under `require_domain_overlap` with top-K,
    /// the person's ball of `max_hops` ties through relays (a superset of
    /// the trusted ones; scoring checks trust exactly) when it holds at
    /// most [`BALL_BUDGET`] people and fewer than the room's lists near the
    /// goals and organisations (the only sponsors with a domain), else the
    /// lists are walked best first as the candidates' are, the rest
    /// following in [`Engine::more_among`]; without top-K, the ball, or
    /// every sponsor with room when the ball is larger. In id order from
    /// the ball or every sponsor; a person costs the smaller of the two,
    /// not every sponsor with room. Either way the pairs found are the
    /// same.
    fn sources_among(&self, s: &mut SponsorScratch, room: &SponsorRoom, out: &mut Vec<u32>) {
        out.clear();
        let Some((by_bucket, in_org)) = &room.lists else {
            if s.trust.ball(self.network, room.ids.len(), out) {
                out.retain(|&p| room.has[p as usize]);
                out.sort_unstable();
            } else {
                out.clone_from(&room.ids);
            }
            return;
        };
        let listed: usize = s
            .goals
            .covering_keys()
            .iter()
            .map(|&k| by_bucket.span(8 * k as usize, 8 * k as usize + 8).len())
            .sum::<usize>()
            + s.orgs
                .iter()
                .filter(|&&o| (o as usize) < in_org.len())
                .map(|&o| in_org.get(o as usize).len())
                .sum::<usize>();
        if s.trust.ball(self.network, listed.min(BALL_BUDGET), out) {
            s.retrieval.active = false;
            out.retain(|&p| room.has[p as usize]);
            out.sort_unstable();
            return;
        }
        out.clear();
        self.walk(s, (by_bucket, in_org), f64::NEG_INFINITY, out);
    }

    fn more_among(
        &self,
        s: &mut SponsorScratch,
        room: &SponsorRoom,
        floor: f64,
        out: &mut Vec<u32>,
    ) -> bool {
        match &room.lists {
            Some((by_bucket, in_org)) if s.retrieval.active => {
                self.walk(s, (by_bucket, in_org), floor, out)
            }
            _ => false,
        }
    }

    fn prepare(&self, s: &mut SponsorScratch, person: PersonId) {
        self.prepare_scores(s, person);
        s.retrieval.active = false;
        if self.ranked_retrieval() {
            self.start_retrieval(s, person);
            return;
        }
        let m = person.index();
        // As for the fill (`prepare_side`): the marks tighten `bound`.
        if !self.everyone {
            self.mark_near_goals(s, person);
        }
        let SponsorScratch {
            seen,
            sources,
            orgs,
            goals: s_goals,
            ..
        } = s;
        sources.clear();
        let mut add = |list: &[Ranked]| {
            for t in list {
                seen.insert(t.sponsor.node());
            }
        };
        if self.everyone {
            for (i, card) in self.profiles.cards.iter().enumerate() {
                if card.offers_sponsor && i != m {
                    sources.push(i as u32);
                }
            }
            return;
        }
        let positive = |c: SponsorCriterion| self.weights[c as usize] > 0.0;
        if self.config.sponsor.require_domain_overlap || positive(SponsorCriterion::Domain) {
            for &key in s_goals.covering_keys() {
                add(self.with_key(key));
            }
            for &org in orgs.iter() {
                if (org as usize) < self.sponsors_in_org.len() {
                    add(self.sponsors_in_org.get(org as usize));
                }
            }
        }
        let preferences =
            !self.config.sponsor.require_domain_overlap && positive(SponsorCriterion::Preference);
        if preferences {
            let p = &self.profiles;
            for &t in p.preferred.get(m).iter().chain(p.preferred_by.get(m)) {
                seen.insert(t.node());
            }
        }
        seen.drain_into(sources, person.node());
        if preferences {
            // Preferences name non-sponsors too; only sponsors are sources.
            sources.retain(|&t| self.profiles.cards[t as usize].offers_sponsor);
        }
    }

    /// Proposes the retrieval's next batch (see [`Retrieval`]).
    fn more_sources(&self, s: &mut SponsorScratch, floor: f64, out: &mut Vec<u32>) -> bool {
        let lists = (&self.sponsors_by_bucket, &self.sponsors_in_org);
        self.walk(s, lists, floor, out)
    }

    /// The card, influence and mark [`Self::bound`] reads first.
    fn gather(&self, s: &SponsorScratch, batch: &[u32]) {
        let mut touched = 0u64;
        for &t in batch {
            let t = t as usize;
            let card = &self.profiles.cards[t];
            touched = touched
                .wrapping_add(u64::from(card.org))
                .wrapping_add(self.influence[t].to_bits())
                .wrapping_add(u64::from(s.near_goal[t]));
        }
        std::hint::black_box(touched);
    }

    fn take_sources(s: &mut SponsorScratch) -> Vec<u32> {
        std::mem::take(&mut s.sources)
    }

    fn put_sources(s: &mut SponsorScratch, sources: Vec<u32>) {
        s.sources = sources;
    }

    fn score(
        &self,
        s: &mut SponsorScratch,
        person: PersonId,
        sponsor: u32,
        floor: f64,
    ) -> Result<Candidate, Miss> {
        let sponsor = self.network.id_at(sponsor as usize);
        // Once K candidates are kept, a sponsor that cannot reach the K-th
        // best is not scored.
        if floor > f64::NEG_INFINITY && self.bound(s, person, sponsor) < floor {
            return Err(Miss::Beaten);
        }
        let mut out = self.blank();
        let failed = self.pair(s, person, sponsor, &mut out, Detail::Fast);
        let below_min = 1 << Constraint::BelowMinScore as u32;
        if failed != 0 && failed != below_min {
            // A failure ordered before `no_trust_path`: the first one.
            return Err(Miss::Fails(
                Constraint::ALL[failed.trailing_zeros() as usize],
            ));
        }
        // Strictly below the K-th best: it cannot enter the top K whatever
        // its trust, so the path check is not needed.
        if failed == 0 && out.combined < floor {
            return Err(Miss::Beaten);
        }
        if !s
            .trust
            .reaches(self.network, &self.profiles.hub_contacts, sponsor)
        {
            return Err(Miss::Fails(Constraint::NoTrustPath));
        }
        if failed != 0 {
            return Err(Miss::Fails(Constraint::BelowMinScore));
        }
        Ok(Candidate {
            partner: sponsor,
            combined: out.combined,
            mentee_view: out.mentee_view,
            partner_view: out.mentor_view,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Dataset, GoalRecord, PersonRecord, Role as Seek};
    use crate::LoadOptions;

    /// Filling free sponsor places for each person seeking one on a
    /// generated organisation of `people` with room at every other
    /// sponsor: (seekers, sponsors with room, sponsors the fill scores in
    /// all, feasible pairs with room missed by the lists walked to their
    /// end — checked by brute force when `brute` — and feasible pairs
    /// found).
    #[cfg(feature = "generate")]
    fn fill_proposals(people: usize, brute: bool) -> (usize, usize, usize, usize, usize) {
        let data = crate::generate::generate(&crate::generate::GeneratorConfig {
            people,
            seed: 11,
            ..Default::default()
        });
        let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let scorer = SponsorScorer::new(&network, &Config::default()).unwrap();
        let with_room: Vec<u32> = network
            .person_ids()
            .filter(|&p| network.at(p).sponsor_capacity > 0)
            .map(|p| p.node())
            .step_by(2)
            .collect();
        let room = scorer.room(&with_room);
        let mut s = scorer.new_scratch();
        let mut proposed = Vec::new();
        let (mut seekers, mut total, mut missed, mut feasible) = (0, 0, 0, 0);
        for person in network
            .person_ids()
            .filter(|&p| network.at(p).seeks_sponsor)
        {
            // Every sponsor the lists hold (no floor ends the walk), then
            // what the fill scores.
            scorer.prepare_side(&mut s, person);
            scorer.sources_among(&mut s, &room, &mut proposed);
            let mut more = Vec::new();
            while scorer.more_among(&mut s, &room, f64::NEG_INFINITY, &mut more) {
                proposed.extend_from_slice(&more);
            }
            proposed.sort_unstable();
            let none = |_: PersonId, _: PersonId| false;
            total += crate::score::candidates::fill_for(
                &scorer,
                &mut s,
                &room,
                person,
                Vec::new(),
                &none,
            )
            .1;
            if brute {
                for &t in &with_room {
                    let sponsor = network.id_at(t as usize);
                    if scorer.evaluate(person, sponsor).unwrap().is_feasible() {
                        feasible += 1;
                        missed += usize::from(proposed.binary_search(&t).is_err());
                    }
                }
            }
            seekers += 1;
        }
        (seekers, with_room.len(), total, missed, feasible)
    }

    /// The lists the fill walks hold every sponsor with room a person
    /// could be matched with (brute force on 2,000 people), and on a larger
    /// organisation the fill scores a fifth of the pairs: the lists near
    /// each person's goals, best first, not every sponsor with room (their
    /// trust balls are larger still) nor every one in the lists.
    #[cfg(feature = "generate")]
    #[test]
    fn the_fill_walks_the_lists_of_sponsors_with_room() {
        let (_, _, _, missed, feasible) = fill_proposals(2_000, true);
        assert!(feasible > 0);
        assert_eq!(missed, 0);
        let (seekers, with_room, total, _, _) = fill_proposals(30_000, false);
        // 587,998 of 2,997 × 889 (22%) walked best first; 1,007,532 (38%)
        // when the lists were walked to their end. Each trust ball holds
        // more than all 889.
        assert!(
            4 * total < seekers * with_room,
            "{seekers} seekers, {with_room} sponsors with room: {total} proposed"
        );
    }

    /// Filling free sponsor places walks each person's trust ball, not
    /// every sponsor with room: 3,000 people seeking a sponsor and 3,000
    /// sponsors with room, paired by one tie each, propose one sponsor per
    /// person (the checking every pair would do 9,000,000).
    #[test]
    fn the_fill_proposes_only_sponsors_within_trust_reach() {
        const N: usize = 3_000;
        let mut data = Dataset::default();
        for i in 0..N {
            let mut p = PersonRecord::new(format!("p{i}"));
            p.seeks = vec![Seek::Sponsor];
            p.goals = vec![GoalRecord {
                skill: "x".into(),
                level: 3,
                priority: 1,
            }];
            data.people.push(p);
            let mut s = PersonRecord::new(format!("s{i}"));
            s.sponsor_capacity = 1;
            s.skills = crate::records::SkillLevels(vec![("x".to_string(), 5)]);
            data.people.push(s);
            data.ties.push(crate::records::TieRecord {
                a: format!("p{i}"),
                b: format!("s{i}"),
                kind: None,
                strength: Some(0.8),
                interactions: None,
                reciprocated: None,
                last_contact: None,
            });
        }
        let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let scorer = SponsorScorer::new(&network, &Config::default()).unwrap();
        let sponsors: Vec<u32> = network
            .person_ids()
            .filter(|&p| network.at(p).sponsor_capacity > 0)
            .map(|p| p.node())
            .collect();
        let room = scorer.room(&sponsors);
        let mut s = scorer.new_scratch();
        let mut proposed = Vec::new();
        let mut total = 0;
        for i in 0..N {
            let person = network.person_id(&format!("p{i}")).unwrap();
            scorer.prepare_side(&mut s, person);
            scorer.sources_among(&mut s, &room, &mut proposed);
            let own = network.person_id(&format!("s{i}")).unwrap();
            assert_eq!(proposed, [own.node()]);
            total += proposed.len();
        }
        assert_eq!(total, N);
    }
}
