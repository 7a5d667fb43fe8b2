//! The mentor scorer: hard constraints, the eleven mentor criteria in both
//! views, and the sources the candidate index offers for each mentee.

use crate::config::Config;
use crate::error::Result;
use crate::matching::Progress;
use crate::model::PersonId;
use crate::network::Network;
use crate::score::candidates::{generate, Candidate, Candidates, Engine, Miss};

use super::profile::{
    cover_in_trees, expand_skills, timezone_gap, unpack_skill, Card, CoverMap, Flat, Need,
    OfferMap, Profiles, Reach, Seen, Taxonomy, DENSE_GOALS, HUB_DEGREE, NONE,
};
use super::{
    combine, repeat_value, supported, views, Constraint, Criterion, Evaluation, PairScore,
    PairValues, MAX_CRITERIA,
};
use crate::model::Role;
use crate::records::Outcome;

/// How much work a pair gets: only what the candidate list needs, or every
/// criterion and every failed constraint for an explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Stop at the first failed constraint; skip criteria weighted 0.
    Fast,
    /// Every criterion, every failed constraint.
    Full,
    /// Every criterion and every failed constraint but `below_min_score`,
    /// without the views: the values a benchmark re-weighs itself.
    Values,
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
/// let scorer = MentorScorer::new(&network, &config)?;
/// let ada = network.person_id("ada").unwrap();
/// let mira = network.person_id("mira").unwrap();
/// let verdict = scorer.evaluate(ada, mira)?;
/// assert!(verdict.is_feasible());
/// assert!(verdict.score.criterion("skill_fit").unwrap().mentee_value > 0.0);
/// # Ok::<(), mentormatch::Error>(())
/// ```
#[derive(Debug)]
pub struct MentorScorer<'a> {
    network: &'a Network,
    config: Config,
    weights: [f64; MAX_CRITERIA],
    /// `max(weight, 0)`: what each criterion adds at most to a view.
    upper: [f64; MAX_CRITERIA],
    /// More than the rounding error of a view's sum: `1e-9 × (1 + Σ |weight|)`.
    slack: f64,
    sources: Sources,
    taxonomy: Taxonomy,
    profiles: Profiles,
    table: MentorTable,
    /// Every mentor, by taxonomy key and level (see [`BucketLists`]).
    lists: BucketLists,
    /// By taxonomy key: the rows of mentors with an open goal a skill filed
    /// under it would cover (for reciprocity).
    mentors_wanting: Flat<u32>,
    /// By label: the rows of mentors with that experience tag.
    mentors_with_experience: Flat<u32>,
    /// By person: the strength of their strongest tie (0 when none).
    strongest_tie: Vec<f64>,
}

/// What scoring reads of one mentor, as one row of a mentor-major table.
///
/// A mentee's candidates are scored by streaming through the rows of the
/// mentors the indexes propose, in row order: one short run of memory per
/// pair, instead of a person's card (twice the size, most of it for the
/// mentee side) plus lists scattered over every person's data.
#[derive(Debug, Clone, Copy)]
struct Row {
    /// NaN when unknown.
    timezone: f64,
    /// The sum of the priorities of the open goals (0 when none).
    need_total: f64,
    language_mask: u64,
    experience_mask: u64,
    id: PersonId,
    seniority: i32,
    /// `NONE` when unknown.
    org: u32,
    industry: u32,
    manager: u32,
    skip_manager: u32,
    /// Where the packed taxonomy keys of the mentor's skills start in
    /// [`MentorTable::skills`], and how many.
    skills: u32,
    skill_count: u32,
    /// Where the open goals start in [`MentorTable::needs`], and how many.
    needs: u32,
    need_count: u32,
    experiences: u32,
    blocks_any: bool,
    prefers_any: bool,
    /// The mentor's hub filter ([`HubContacts::near`](crate::score::profile::HubContacts::near)).
    hub_near: u16,
}

/// By taxonomy key and level (`key × 8 + level`), the mentors whose best
/// skill filed under the key has that level, in runs of one class (their
/// [`Listed`] `has` bits), seniority and time zone, by row in a run: what
/// [`Retrieval`] walks, over every mentor for the candidates, over those
/// with room for a fill ([`BucketLists::restricted`]).
#[derive(Debug, Clone)]
struct BucketLists {
    mentors: Flat<Listed>,
    /// By bucket, as `mentors`: the runs of its list, in list order. Read
    /// whole on entering a bucket, from one short array instead of the
    /// first entry of each run.
    runs: Flat<RunHead>,
}

impl BucketLists {
    /// The same lists with only the mentors whose row `keep` holds, in the
    /// same runs and order (runs left empty dropped). Linear in the lists.
    fn restricted(&self, keep: &[bool]) -> BucketLists {
        let buckets = self.mentors.len();
        let kept = |b: usize| {
            self.mentors
                .get(b)
                .iter()
                .filter(|m| keep[m.row as usize])
                .copied()
        };
        let mentors = Flat::from_lists((0..buckets).map(kept));
        let runs = Flat::from_lists((0..buckets).map(|b| {
            let list = self.mentors.get(b);
            let mut at = 0u32;
            let mut heads = Vec::new();
            for head in self.runs.get(b) {
                let entries = &list[head.start as usize..head.end as usize];
                let n = entries.iter().filter(|m| keep[m.row as usize]).count() as u32;
                if n > 0 {
                    heads.push(RunHead {
                        start: at,
                        end: at + n,
                        ..*head
                    });
                    at += n;
                }
            }
            heads
        }));
        BucketLists { mentors, runs }
    }

    /// The mentors of bucket `key × 8 + level`.
    #[inline]
    fn list(&self, key: u32, level: u8) -> &[Listed] {
        self.mentors.get(key as usize * 8 + usize::from(level))
    }

    /// The mentors of every bucket of taxonomy key `k`.
    fn with_key(&self, k: u32) -> &[Listed] {
        let k = k as usize;
        self.mentors.span(8 * k, 8 * k + 8)
    }
}

/// The mentors with room a fill may propose ([`Engine::room`]).
#[derive(Debug)]
pub(crate) struct MentorRoom {
    /// Their rows.
    rows: Vec<u32>,
    /// Under `require_skill_overlap` without top-K: their rows by taxonomy
    /// key (only they can cover a goal).
    by_key: Option<Flat<u32>>,
    /// Under `require_skill_overlap` with top-K: the bucket lists of them
    /// alone, and by row whether a mentor has room.
    ranked: Option<(BucketLists, Vec<bool>)>,
}

/// A mentor in a list of [`BucketLists`], with what
/// the walk of the list ([`Engine::more_sources`]) reads of them: most
/// mentors met in the buckets end at the bound those facts give, read from
/// the list as it streams by instead of from their [`Row`] at a random
/// place. What a whole run shares (class, seniority, time zone) is in its
/// [`RunHead`] alone: 20 bytes an entry, not 32, for lists streamed by
/// every mentee.
#[derive(Debug, Clone, Copy)]
struct Listed {
    /// `NONE` when unknown.
    org: u32,
    industry: u32,
    row: u32,
    /// The mentor's experience tags folded to 16 bits ([`Listed::fold`]).
    tags: u16,
    /// The taxonomy trees the mentor's skills lie in, one bit per tree
    /// ([`Taxonomy::tree_bit`]), folded to 16 bits
    /// ([`Listed::fold_trees`]).
    trees: u16,
    /// The trees of the mentor's open goals, folded to 16 bits
    /// ([`Listed::fold_trees`]): a mentee with no skill in any of them
    /// covers none of the goals, so gives nothing back (`reciprocity` 0).
    goal_trees: u16,
    /// The mentor's hub filter ([`HubContacts::near`](crate::score::profile::HubContacts::near)):
    /// when it misses the mentee's hubs, the mentor has no warmth.
    hub_near: u16,
}

// The lists are streamed by every mentee: keep an entry at 20 bytes.
const _: () = assert!(std::mem::size_of::<Listed>() == 20);

/// A run of a list of [`BucketLists`]: the entries from
/// `start` to `end` share the class (`has`), seniority and time zone.
#[derive(Debug, Clone, Copy)]
struct RunHead {
    /// NaN when unknown.
    timezone: f64,
    start: u32,
    end: u32,
    seniority: u8,
    /// Whether the mentors have experience tags, speak a language, have an
    /// open goal: bits 0, 1 and 2 ([`Listed::TAGS`], ...).
    has: u8,
}

impl Listed {
    const TAGS: u8 = 1;
    const SPEAKS: u8 = 2;
    const NEEDS: u8 = 4;
    const ALL: u8 = Listed::TAGS | Listed::SPEAKS | Listed::NEEDS;

    /// A card's experience tags folded to 16 bits, the tag of rank `i`
    /// setting bit `i mod 16`: two people whose folds share no bit share no
    /// tag. Every bit when the masks are not exact (more than 64 tags).
    #[inline]
    fn fold(profiles: &Profiles, card: &Card) -> u16 {
        if profiles.exact_masks {
            let m = card.experience_mask;
            (m | m >> 16 | m >> 32 | m >> 48) as u16
        } else {
            u16::MAX
        }
    }

    /// Tree bits ([`Taxonomy::tree_bit`]) folded to 16: two sets whose
    /// folds share no bit share no tree.
    #[inline]
    fn fold_trees(trees: u32) -> u16 {
        (trees | trees >> 16) as u16
    }
}

/// Every mentor's [`Row`], in id order, with their skills (as packed
/// taxonomy keys, see [`expand_skills`]) and open goals back to back.
#[derive(Debug, Clone, Default)]
struct MentorTable {
    rows: Vec<Row>,
    skills: Vec<u32>,
    needs: Vec<Need>,
    /// By person: the row, `NONE` for people who offer no mentoring.
    row_of: Vec<u32>,
}

impl MentorTable {
    fn new(network: &Network, profiles: &Profiles, taxonomy: &Taxonomy) -> MentorTable {
        let mut table = MentorTable {
            row_of: vec![NONE; profiles.cards.len()],
            ..MentorTable::default()
        };
        for (i, card) in profiles.cards.iter().enumerate() {
            if !card.offers_mentor {
                continue;
            }
            let id = network.id_at(i);
            let first_skill = table.skills.len();
            expand_skills(taxonomy, profiles.skills(id), &mut table.skills);
            let needs = profiles.needs(id);
            let at = |len: usize| u32::try_from(len).expect("under 2^32 skills and goals in all");
            table.row_of[i] = at(table.rows.len());
            table.rows.push(Row {
                timezone: card.timezone,
                need_total: card.need_total,
                language_mask: card.language_mask,
                experience_mask: card.experience_mask,
                id,
                seniority: card.seniority,
                org: card.org,
                industry: card.industry,
                manager: card.manager,
                skip_manager: card.skip_manager,
                skills: at(first_skill),
                skill_count: at(table.skills.len() - first_skill),
                needs: at(table.needs.len()),
                need_count: at(needs.len()),
                experiences: card.experiences,
                blocks_any: card.blocks_any,
                prefers_any: card.prefers_any,
                hub_near: profiles.hub_contacts.near(id),
            });
            table.needs.extend_from_slice(needs);
        }
        table
    }

    /// Loads the rows of `batch`, with the first of their skills and open
    /// goals, in one short loop before they are scored one by one: the
    /// loads of a tight loop are in flight together, where those of the
    /// scoring loop (a long body per row) wait one after another.
    fn gather(&self, batch: &[u32]) {
        let mut touched = 0u64;
        for &r in batch {
            // A row spans two cache lines, and so may the skills.
            let row = &self.rows[r as usize];
            let skills = self.skills(row);
            let first = skills.first().copied().unwrap_or(0);
            let last = skills.last().copied().unwrap_or(0);
            let need = self
                .needs(row)
                .first()
                .map_or(0, |n| n.skill.index() as u32);
            touched = touched
                .wrapping_add(row.timezone.to_bits())
                .wrapping_add(u64::from(first ^ last ^ need));
        }
        std::hint::black_box(touched);
    }

    #[inline]
    fn skills(&self, row: &Row) -> &[u32] {
        &self.skills[row.skills as usize..(row.skills + row.skill_count) as usize]
    }

    #[inline]
    fn needs(&self, row: &Row) -> &[Need] {
        &self.needs[row.needs as usize..(row.needs + row.need_count) as usize]
    }
}

/// Per-thread working memory of the mentor scorer.
#[derive(Debug)]
pub(crate) struct MentorScratch {
    goals: CoverMap,
    offer: OfferMap,
    reach: Reach,
    /// Over rows of the mentor table.
    seen: Seen,
    sources: Vec<u32>,
    /// A mentor's skills as packed keys, for [`Detail::Full`] scoring.
    keys: Vec<u32>,
    /// The retrieval of the best mentors first (see [`Retrieval`]).
    retrieval: Retrieval,
    /// The most warmth the loaded mentee has to anyone.
    max_warmth: f64,
}

/// Per-mentee state of top-K retrieval through the skill index.
///
/// Under `require_skill_overlap`, only mentors filed in a (key, level)
/// bucket near an open goal can be candidates. The buckets are visited best
/// cover first ([`CoverMap::buckets`]); before each, the best score any
/// mentor not yet visited could reach — `rest` for `skill_fit`, the most the
/// mentee's side allows for the other mentee-independent criteria, nothing
/// for the criteria whose mentors were visited up front (warm ties,
/// preferences, affinities, past pairs with a positive weight) — is checked
/// against the K-th best score so far. Once it is below, no mentor left can
/// enter the top K and the scan stops: the result is exactly that of
/// scoring every mentor the index proposes.
///
/// A bucket list is made of runs of mentors alike in class (whether they
/// have experience tags, a language, an open goal), seniority and time
/// zone. On entering a bucket, each run gets the same bound with those
/// exact ([`MentorScorer::bucket_runs`]); the runs that can reach the K-th
/// best are walked best bound first, a few mentors at a time, so that the
/// K-th best rises with the best of them before the rest are held to it.
/// Each mentor of a run is held to the run's bound less what the list
/// holds of them (read as the list streams by, not from the mentor's row):
/// `cross_org` exact, `experience` 0 when their folded tags share no bit
/// with the mentee's, `reciprocity` 0 when the mentee has no skill in the
/// trees of their open goals, warmth 0 when their hub filter misses the
/// mentee's hubs, and, with at most four goals, `skill_fit` at most
/// the shares of `rest` of the goals in whose taxonomy trees the mentor
/// holds a skill. Then, as every pair, it is held to the bound with all
/// cheap criteria exact, then with `reciprocity` exact, then with
/// `skill_fit` exact. Its warmth counts at most what the mentee's hubs
/// pass on (the warm mentors were visited up front), and is looked up
/// through the hubs alone. The K-th best score rises with every kept pair
/// ([`for_mentee`](crate::score::candidates::for_mentee)).
#[derive(Debug, Default)]
struct Retrieval {
    /// Whether buckets are in use for this mentee.
    active: bool,
    buckets: Vec<(u32, u8, f64)>,
    rest: Vec<f64>,
    next: usize,
    /// The most the criteria other than `skill_fit` add for a mentor not
    /// visited up front, plus `slack`.
    other: f64,
    /// The part of `other` no fact of a mentor's row lowers: warmth beyond
    /// the hubs, plus `slack`.
    row_free: f64,
    /// By mentor row: the mark of the mentee who last visited it. A byte,
    /// so that the marks of a large cohort's mentors stay in cache (the
    /// walk reads one for every listed mentor): cleared every 255 walks.
    visited: Vec<u8>,
    /// The most `skill_fit` a mentor of the current batch can have: 1 for
    /// those visited up front; for those first met in bucket `i`, whose
    /// buckets all come from `i` on, `rest[i]`.
    fit_cap: f64,
    /// Whether the current batch was met in the buckets: then, when the
    /// `network` weight is positive, none of its mentors is among the
    /// people [`Reach`] lists as reached (those who could pass were visited
    /// up front), so their warmth is that through the mentee's hubs alone:
    /// at most `beyond_hubs`, and found at a bit test per hub.
    in_buckets: bool,
    /// The most warmth to anyone beyond the mentee's hubs.
    beyond_hubs: f64,
    /// The mark of the current walk in `visited`: one more per walk (a
    /// fill walks a mentee again on the same scratch), all cleared when it
    /// wraps.
    mark: u8,
    mentee: PersonId,
    /// The runs of the current bucket's list that could reach the K-th
    /// best when it was entered: each run's bound (every mentor of the run
    /// lies below it), start, end and class (`has`), best bound first;
    /// and the next run.
    runs: Vec<(f64, u32, u32, u8)>,
    next_run: usize,
    /// With at most [`DENSE_GOALS`] open goals: by bucket, each goal's
    /// share of `rest` ([`CoverMap::buckets`]), and each goal's tree bit
    /// folded ([`Listed::fold_trees`]; 0 past the goals); empty otherwise.
    by_goal: Vec<[f64; DENSE_GOALS]>,
    goal_trees: [u16; DENSE_GOALS],
    /// The trees of the mentee's skills, folded ([`Listed::fold_trees`]).
    skill_trees: u16,
}

impl<'a> MentorScorer<'a> {
    /// Checks `config` and precomputes everything scoring needs. Linear in
    /// the size of the network (plus the taxonomy neighbourhoods of the
    /// skills).
    ///
    /// # Errors
    /// [`Error::Invalid`](crate::Error::Invalid) (file `config`) when
    /// `config` is out of range, as [`Config::validate`] says; configs from
    /// [`Config::load`] and [`Config::from_toml_str`] are valid.
    pub fn new(network: &'a Network, config: &Config) -> Result<MentorScorer<'a>> {
        config.validate("config")?;
        Ok(MentorScorer::from_valid(network, config))
    }

    /// [`MentorScorer::new`] for a `config` that passed
    /// [`Config::validate`]: the crate's entry points check their
    /// configuration once, then build their scorers with this.
    pub(crate) fn from_valid(network: &'a Network, config: &Config) -> MentorScorer<'a> {
        debug_assert!(config.validate("config").is_ok(), "an unchecked config");
        let w = &config.weights;
        let weights = Criterion::weights(w);
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
        let table = MentorTable::new(network, &profiles, &taxonomy);
        let people = network.people();
        let mut by_bucket = Vec::new();
        let mut wanting = Vec::new();
        let mut with_experience = Vec::new();
        let mut keys = Vec::new();
        // By row: what a run shares (class, seniority, time zone).
        let mut class_of = Vec::with_capacity(table.rows.len());
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32;
            let p = &people[row.id.index()];
            // Each key names a mentor once, at the best level of their
            // skills filed under it (cover grows with the level).
            keys.clear();
            keys.extend(table.skills(row).iter().map(|&x| x as usize));
            keys.sort_unstable_by_key(|&x| (x >> 3, std::cmp::Reverse(x & 7)));
            keys.dedup_by_key(|x| *x >> 3);
            let card = &profiles.cards[row.id.index()];
            let has = |yes: bool, bit: u8| if yes { bit } else { 0 };
            class_of.push(RunHead {
                timezone: row.timezone,
                start: 0,
                end: 0,
                seniority: p.seniority,
                has: has(row.experiences > 0, Listed::TAGS)
                    | has(card.languages > 0, Listed::SPEAKS)
                    | has(row.need_count > 0, Listed::NEEDS),
            });
            let listed = Listed {
                org: row.org,
                industry: row.industry,
                row: r,
                tags: Listed::fold(&profiles, card),
                trees: Listed::fold_trees(
                    profiles
                        .skills(row.id)
                        .iter()
                        .fold(0, |t, &x| t | taxonomy.tree_bit(unpack_skill(x).0)),
                ),
                goal_trees: Listed::fold_trees(
                    table
                        .needs(row)
                        .iter()
                        .fold(0, |t, n| t | taxonomy.tree_bit(n.skill)),
                ),
                hub_near: row.hub_near,
            };
            by_bucket.extend(keys.iter().map(|&x| ((x >> 3) * 8 + (x & 7), listed)));
            keys.clear();
            for g in p.goals.iter().filter(|g| g.level > p.level(g.skill)) {
                taxonomy.goal_keys(g.skill, |k, _| keys.push(k as usize));
            }
            keys.sort_unstable();
            keys.dedup();
            wanting.extend(keys.iter().map(|&k| (k, r)));
            with_experience.extend(p.experiences.iter().map(|e| (e.index(), r)));
        }
        // Each list in runs of one class, seniority and time zone, then by
        // row.
        let run_of = |m: &Listed| {
            let c = &class_of[m.row as usize];
            (c.has, c.seniority, c.timezone.to_bits())
        };
        by_bucket
            .sort_unstable_by_key(|&(bucket, m): &(usize, Listed)| (bucket, run_of(&m), m.row));
        // Rows are `u32`, so a list's positions are too.
        let mut runs: Vec<(usize, RunHead)> = Vec::new();
        let mut at = 0u32;
        for (i, &(bucket, m)) in by_bucket.iter().enumerate() {
            let before = i.checked_sub(1).map(|j| by_bucket[j]);
            let same_list = before.is_some_and(|(b, _)| b == bucket);
            at = if same_list { at + 1 } else { 0 };
            match runs.last_mut() {
                Some((_, run))
                    if same_list && before.is_some_and(|(_, p)| run_of(&p) == run_of(&m)) =>
                {
                    run.end = at + 1;
                }
                _ => runs.push((
                    bucket,
                    RunHead {
                        start: at,
                        end: at + 1,
                        ..class_of[m.row as usize]
                    },
                )),
            }
        }
        let upper = weights.map(|w| w.max(0.0));
        let labels = people
            .iter()
            .flat_map(|p| p.experiences.iter().map(|e| e.index() + 1))
            .max()
            .unwrap_or(0);
        MentorScorer {
            network,
            config: config.clone(),
            weights,
            upper,
            slack: 1e-9 * (1.0 + weights.iter().map(|w| w.abs()).sum::<f64>()),
            sources,
            lists: BucketLists {
                mentors: Flat::from_pairs(8 * taxonomy.keys(), &by_bucket),
                runs: Flat::from_pairs(8 * taxonomy.keys(), &runs),
            },
            mentors_wanting: Flat::from_pairs(taxonomy.keys(), &wanting),
            mentors_with_experience: Flat::from_pairs(labels, &with_experience),
            strongest_tie: network
                .person_ids()
                .map(|p| {
                    profiles
                        .adjacency
                        .get(p.index())
                        .iter()
                        .map(|t| t.1)
                        .fold(0.0, f64::max)
                })
                .collect(),
            table,
            taxonomy,
            profiles,
        }
    }

    /// The per-person data this scorer built, for a sponsor scorer of the
    /// same run to share ([`SponsorScorer::sharing`](crate::SponsorScorer)).
    pub(crate) fn profiles(&self) -> &Profiles {
        &self.profiles
    }

    /// The network this scorer reads.
    pub fn network(&self) -> &'a Network {
        self.network
    }

    /// Every hard constraint the pair fails and every criterion's value in
    /// both views. `O(people)` to set up per call (the per-mentee tables);
    /// use [`MentorScorer::candidates`] for many pairs.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when either id
    /// is not from this network.
    pub fn evaluate(&self, mentee: PersonId, mentor: PersonId) -> Result<Evaluation> {
        self.network.check("mentee", mentee)?;
        self.network.check("mentor", mentor)?;
        Ok(self.evaluate_known(mentee, mentor))
    }

    /// [`MentorScorer::evaluate`] of ids the crate got from this network.
    pub(crate) fn evaluate_known(&self, mentee: PersonId, mentor: PersonId) -> Evaluation {
        self.evaluate_with(&mut self.scratch(), mentee, mentor)
    }

    /// [`MentorScorer::evaluate`] for many pairs, in parallel, reusing
    /// working memory: `O(people)` of set-up per thread, and the mentee's
    /// side (goal covers, two-hop network reach) prepared once per mentee
    /// rather than once per pair. Results come in the order of `pairs`.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) for the first
    /// id not from this network.
    pub fn evaluate_pairs(&self, pairs: &[(PersonId, PersonId)]) -> Result<Vec<Evaluation>> {
        self.network.check_pairs("pairs", pairs)?;
        Ok(self.evaluate_pairs_known(pairs))
    }

    /// [`MentorScorer::evaluate_pairs`] of ids the crate got from this
    /// network.
    pub(crate) fn evaluate_pairs_known(&self, pairs: &[(PersonId, PersonId)]) -> Vec<Evaluation> {
        super::evaluate_grouped(
            pairs,
            || self.scratch(),
            |s, mentee| self.prepare_scores(s, mentee, Detail::Full),
            |s, mentee, mentor| self.evaluate_prepared(s, mentee, mentor),
        )
    }

    fn evaluate_with(
        &self,
        s: &mut MentorScratch,
        mentee: PersonId,
        mentor: PersonId,
    ) -> Evaluation {
        self.prepare_scores(s, mentee, Detail::Full);
        self.evaluate_prepared(s, mentee, mentor)
    }

    /// [`MentorScorer::evaluate`] for a mentee whose side is loaded in `s`.
    fn evaluate_prepared(
        &self,
        s: &mut MentorScratch,
        mentee: PersonId,
        mentor: PersonId,
    ) -> Evaluation {
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

    /// Every criterion's value, in both views, for `mentee` with each mentor
    /// who could be a candidate whatever the weights, for benchmarks that
    /// re-weigh pairs many times ([`crate::Benchmark`]): `visit` gets the
    /// mentor and [`PairValues`]. The mentors are every mentor filed near an
    /// open goal under `require_skill_overlap` (no other can pass it), else
    /// every mentor; `extra` are visited too if not among them (a past
    /// mentor the caller wants valued). Without `candidates`, only `extra`
    /// are visited. Mentors who offer no mentoring are never visited. The
    /// values are those [`MentorScorer::evaluate`] computes, so re-weighing
    /// them with [`views`] and [`combine`] gives the bits scoring gives;
    /// the failed constraints are all but `below_min_score`, which the
    /// re-weighed score decides.
    pub(crate) fn values_for_mentee(
        &self,
        s: &mut MentorScratch,
        mentee: PersonId,
        extra: &[PersonId],
        candidates: bool,
        mut visit: impl FnMut(PersonId, &PairValues),
    ) {
        self.prepare_scores(s, mentee, Detail::Full);
        let own = self.table.row_of[mentee.index()];
        let mut rows = std::mem::take(&mut s.sources);
        rows.clear();
        if !candidates {
            for &t in extra {
                let r = self.table.row_of[t.index()];
                if r != NONE {
                    s.seen.insert(r);
                }
            }
            s.seen.drain_into(&mut rows, own);
        } else if self.config.constraints.require_skill_overlap {
            for &k in s.goals.covering_keys() {
                for m in self.lists.with_key(k) {
                    s.seen.insert(m.row);
                }
            }
            for &t in extra {
                let r = self.table.row_of[t.index()];
                if r != NONE {
                    s.seen.insert(r);
                }
            }
            s.seen.drain_into(&mut rows, own);
        } else {
            rows.extend((0..self.table.rows.len() as u32).filter(|&r| r != own));
        }
        for &r in &rows {
            let mentor = self.table.rows[r as usize].id;
            let mut score = self.blank();
            let failed = self.pair(s, mentee, mentor, &mut score, Detail::Values);
            let affinity = self.profiles.affinity(mentee, mentor).is_some();
            visit(
                mentor,
                &PairValues {
                    failed,
                    mentee: score.mentee,
                    mentor: score.mentor,
                    affinity,
                },
            );
        }
        s.sources = rows;
    }

    /// Candidate mentors for everyone seeking a mentor: see [`crate::candidates`].
    pub fn candidates(&self) -> Candidates {
        generate(self, &Progress::new())
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
        let keys = self.taxonomy.keys();
        MentorScratch {
            goals: CoverMap::new(keys),
            offer: OfferMap::new(keys),
            reach: Reach::new(n, HUB_DEGREE),
            seen: Seen::new(self.table.rows.len()),
            sources: Vec::new(),
            keys: Vec::new(),
            retrieval: Retrieval {
                visited: vec![0; self.table.rows.len()],
                ..Retrieval::default()
            },
            max_warmth: 0.0,
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
            .load(&self.taxonomy, p.needs(mentee), p.cards[m].need_total);
        s.offer.load(&self.taxonomy, p.skills(mentee));
        if detail != Detail::Fast || self.weight(Criterion::Network) != 0.0 {
            s.reach.load(p, mentee);
            s.max_warmth = s.reach.max_warmth(&self.strongest_tie);
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
        let full = detail != Detail::Fast;
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
        // A mentor's keys are expanded once, in the table; anyone else's
        // (an explanation of why they are no candidate) here.
        let row = self.table.row_of[ti];
        let skill_fit = if row == NONE {
            s.keys.clear();
            expand_skills(&self.taxonomy, p.skills(mentor), &mut s.keys);
            s.goals.cover(&s.keys)
        } else {
            s.goals
                .cover(self.table.skills(&self.table.rows[row as usize]))
        };
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
            let shared = p.shared_experiences(mentee, mentor) as f64;
            let (a, b) = experience(shared, cm.experiences, ct.experiences);
            set(out, Criterion::Experience, a, b);
        }
        if on(Criterion::Seniority) {
            let v = seniority(ct.seniority - cm.seniority, &cfg.criteria);
            set(out, Criterion::Seniority, v, v);
        }
        if on(Criterion::CrossOrg) {
            let v = cross_org((cm.org, cm.industry), (ct.org, ct.industry));
            set(out, Criterion::CrossOrg, v, v);
        }
        let gap = timezone_gap(cm.timezone, ct.timezone);
        if on(Criterion::Timezone) {
            let v = timezone(gap);
            set(out, Criterion::Timezone, v, v);
        }
        let speak = cfg.constraints.require_language || on(Criterion::Language);
        let common_language = speak && p.share_language(mentee, mentor);
        if on(Criterion::Language) {
            let v = flag(common_language);
            set(out, Criterion::Language, v, v);
        }
        if on(Criterion::Reciprocity) {
            let v = s
                .offer
                .cover(&self.taxonomy, p.needs(mentor), ct.need_total);
            set(out, Criterion::Reciprocity, v, v);
        }
        if on(Criterion::Network) {
            let v = s.reach.get(p, mentor);
            set(out, Criterion::Network, v, v);
        }
        if on(Criterion::Preference) {
            let (a, b) = (p.prefers(mentee, mentor), p.prefers(mentor, mentee));
            set(out, Criterion::Preference, flag(a), flag(b));
        }
        let affinity = p.affinity(mentee, mentor);
        if let Some((score, mentor_score)) = affinity {
            set(out, Criterion::Affinity, score, mentor_score);
        }
        let past = p.past_outcome(mentee, mentor);
        if on(Criterion::Repeat) {
            let v = repeat_value(past);
            set(out, Criterion::Repeat, v, v);
        }
        if detail != Detail::Values {
            out.total();
        }

        if !supported(&self.weights, &out.mentee, &out.mentor, affinity.is_some()) {
            fail!(Constraint::NoSupport);
        }
        if p.blocked_either_way(mentee, mentor) {
            fail!(Constraint::Blocked);
        }
        if past == Some(Outcome::Bad) {
            fail!(Constraint::BadHistory);
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
        if detail != Detail::Values && out.combined < cfg.constraints.min_score {
            fail!(Constraint::BelowMinScore);
        }
        failed
    }

    /// Starts [`Retrieval`] for `mentee`, whose side is prepared: the
    /// mentors visited up front (only rows `room` holds, when given) are
    /// pushed to the sources, then the buckets follow in
    /// [`Self::walk`].
    fn start_retrieval(&self, s: &mut MentorScratch, mentee: PersonId, room: Option<&[bool]>) {
        let p = &self.profiles;
        let m = mentee.index();
        let row_of = &self.table.row_of;
        let MentorScratch {
            goals,
            reach,
            sources,
            retrieval: r,
            ..
        } = s;
        r.active = true;
        r.next = 0;
        r.fit_cap = 1.0;
        r.in_buckets = false;
        // A new mark per walk: a fill walks a mentee again, round after
        // round, on the same scratch.
        r.mark = r.mark.wrapping_add(1);
        if r.mark == 0 {
            r.visited.fill(0);
            r.mark = 1;
        }
        r.mentee = mentee;
        goals.buckets(&mut r.buckets, &mut r.rest, Some(&mut r.by_goal));
        r.goal_trees = [0; DENSE_GOALS];
        r.skill_trees = Listed::fold_trees(
            p.skills(mentee)
                .iter()
                .fold(0, |t, &x| t | self.taxonomy.tree_bit(unpack_skill(x).0)),
        );
        if !r.by_goal.is_empty() {
            for (t, need) in r.goal_trees.iter_mut().zip(p.needs(mentee)) {
                *t = Listed::fold_trees(self.taxonomy.tree_bit(need.skill));
            }
        }
        // A mentee who mentors too is never their own source.
        if row_of[m] != NONE {
            r.visited[row_of[m] as usize] = r.mark;
        }
        let positive = |c: Criterion| self.weights[c as usize] > 0.0;
        // Mentors whose warm ties, preferences, affinities or past pairs
        // could lift them are visited up front, so that the bound on the
        // others counts those criteria as 0. Those with no skill near a
        // goal cannot pass `require_skill_overlap` and are left to the
        // count of mentors the index does not propose.
        let table = &self.table;
        let mut visit = |t: PersonId| {
            let row = row_of[t.index()];
            if row != NONE
                && t != mentee
                && room.is_none_or(|room| room[row as usize])
                && r.visited[row as usize] != r.mark
                && goals.touches(table.skills(&table.rows[row as usize]))
            {
                r.visited[row as usize] = r.mark;
                sources.push(row);
            }
        };
        if positive(Criterion::Network) {
            reach.reached().iter().for_each(|&t| visit(t));
        }
        // People beyond a hub are not listed: their warmth is at most the
        // tie to the hub times the hub's strongest tie.
        let beyond_hubs = Reach::max_beyond_hubs(reach.hubs(), &self.strongest_tie);
        r.beyond_hubs = beyond_hubs;
        if positive(Criterion::Preference) {
            p.preferred.get(m).iter().for_each(|&t| visit(t));
            p.preferred_by.get(m).iter().for_each(|&t| visit(t));
        }
        if positive(Criterion::Affinity) {
            p.affinities.get(m).iter().for_each(|a| visit(a.0));
        }
        if positive(Criterion::Repeat) {
            p.past_mentors.get(m).iter().for_each(|&(t, _)| visit(t));
        }
        // The most the mentee-independent criteria can add for anyone else:
        // each criterion's value is 0 whatever the mentor when the mentee
        // lacks what it compares.
        let up = |k: Criterion| self.upper[k as usize];
        r.row_free = up(Criterion::Network) * beyond_hubs + self.slack;
        r.other = r.row_free
            + up(Criterion::Seniority)
            + up(Criterion::Timezone)
            + self.cap(&p.cards[m], cross_most(&p.cards[m]), Listed::ALL);
        r.runs.clear();
        r.next_run = 0;
    }

    /// The most `experience`, `cross_org`, `language` and `reciprocity`
    /// add together to a view of the mentee with a mentor whose `has` bits
    /// ([`Listed`]) are `has`, `cross_org` at `cross`: each is 0 when either
    /// side lacks what it compares (tags, languages, open goals on the
    /// mentor's side and skills on the mentee's).
    #[inline]
    fn cap(&self, mentee: &Card, cross: f64, has: u8) -> f64 {
        let up = |k: Criterion| self.upper[k as usize];
        let both = |a: bool, b: bool| f64::from(u8::from(a && b));
        up(Criterion::Experience) * both(mentee.experiences > 0, has & Listed::TAGS != 0)
            + up(Criterion::CrossOrg) * cross
            + up(Criterion::Language) * both(mentee.languages > 0, has & Listed::SPEAKS != 0)
            + up(Criterion::Reciprocity) * both(mentee.skills > 0, has & Listed::NEEDS != 0)
    }

    /// Sets the runs of the list of bucket `r.next - 1` (entered, its
    /// `fit_cap` set) that could reach `floor`, best bound first: each with
    /// seniority and time zone exact, the class's criteria at their most
    /// ([`Self::cap`]) and `cross_org` at its most. Ties keep list order, so
    /// the order is the same on any thread.
    fn bucket_runs(&self, lists: &BucketLists, r: &mut Retrieval, mentee: &Card, floor: f64) {
        let (key, level, _) = r.buckets[r.next - 1];
        let heads = lists.runs.get(key as usize * 8 + usize::from(level));
        let up = |k: Criterion| self.upper[k as usize];
        let base = r.row_free + up(Criterion::SkillFit) * r.fit_cap;
        let cross = cross_most(mentee);
        r.runs.clear();
        r.next_run = 0;
        for m in heads {
            let gap = i32::from(m.seniority) - mentee.seniority;
            let bound = base
                + up(Criterion::Seniority) * seniority(gap, &self.config.criteria)
                + up(Criterion::Timezone) * timezone(timezone_gap(mentee.timezone, m.timezone))
                + self.cap(mentee, cross, m.has);
            if bound >= floor {
                r.runs.push((bound, m.start, m.end, m.has));
            }
        }
        r.runs
            .sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    }

    /// Proposes the next batch of the retrieval (see [`Retrieval`]) from
    /// `lists`: mentors not visited before who could score `floor` or
    /// more; `false` once none is left.
    fn walk(
        &self,
        s: &mut MentorScratch,
        lists: &BucketLists,
        floor: f64,
        out: &mut Vec<u32>,
    ) -> bool {
        let MentorScratch {
            retrieval: r,
            reach,
            ..
        } = s;
        if !r.active {
            return false;
        }
        out.clear();
        let up = |k: Criterion| self.upper[k as usize];
        let fit_up = up(Criterion::SkillFit);
        let mentee = &self.profiles.cards[r.mentee.index()];
        // What a run's bound counts at its most and a listed mentor may
        // lack: `cross_org` at `cross_top`, and, for a mentee with tags,
        // `experience`.
        let (cross_loss, cross_top) = (up(Criterion::CrossOrg), cross_most(mentee));
        let fold = Listed::fold(&self.profiles, mentee);
        let tags_loss = if mentee.experiences > 0 {
            up(Criterion::Experience)
        } else {
            0.0
        };
        // And, for a mentee with skills, `reciprocity`; and the warmth
        // through the mentee's hubs (mentors met in the buckets have no
        // other).
        let giving_loss = if mentee.skills > 0 {
            up(Criterion::Reciprocity)
        } else {
            0.0
        };
        let warmth_loss = up(Criterion::Network) * r.beyond_hubs;
        loop {
            // The runs are best first: once one cannot reach the floor, none
            // after it can.
            if r.runs.get(r.next_run).is_none_or(|run| run.0 < floor) {
                // A batch holds the mentors of one bucket (their `fit_cap`).
                if !out.is_empty() {
                    return true;
                }
                let i = r.next;
                if i == r.buckets.len() || r.other + fit_up * r.rest[i] < floor {
                    r.active = false;
                    return false;
                }
                r.next += 1;
                r.fit_cap = r.rest[i];
                r.in_buckets = true;
                self.bucket_runs(lists, r, mentee, floor);
                continue;
            }
            let (bound, start, end, has) = r.runs[r.next_run];
            r.next_run += 1;
            let (key, level, _) = r.buckets[r.next - 1];
            let list = lists.list(key, level);
            let shares = r.by_goal.get(r.next - 1);
            // Each mentor of the run below the run's bound by what the list
            // tells of them: their organisation and industry, whether their
            // tags can meet the mentee's, whether the mentee has a skill in
            // the trees of their open goals, the goals whose trees they have
            // a skill in. A mentor that cannot reach the floor here cannot in
            // a later bucket either (the cap only falls, the floor only
            // rises).
            for m in &list[start as usize..end as usize] {
                if r.visited[m.row as usize] == r.stamp() {
                    continue;
                }
                r.visited[m.row as usize] = r.stamp();
                let cross = cross_org((mentee.org, mentee.industry), (m.org, m.industry));
                let mut own = bound - cross_loss * (cross_top - cross);
                if has & Listed::TAGS != 0 && fold & m.tags == 0 {
                    own -= tags_loss;
                }
                if has & Listed::NEEDS != 0 && r.skill_trees & m.goal_trees == 0 {
                    own -= giving_loss;
                }
                if reach.misses_hubs(m.hub_near) {
                    own -= warmth_loss;
                }
                if own < floor {
                    continue;
                }
                // The goals whose trees the mentor has no skill in add
                // nothing to their cover.
                if let Some(shares) = shares {
                    let cap = cover_in_trees(shares, &r.goal_trees, m.trees);
                    if cap < r.fit_cap && own - fit_up * (r.fit_cap - cap) < floor {
                        continue;
                    }
                }
                out.push(m.row);
            }
            // Small batches, so that the floor the runs are held to rises
            // with the best pairs of the first.
            if out.len() >= RUN_BATCH {
                return true;
            }
        }
    }

    /// Scores the prepared mentee with the mentor of table row `r` for
    /// candidate generation: the candidate, or why it is not one.
    ///
    /// The same criteria, constraints and arithmetic as [`Self::pair`]
    /// (the proptests compare the two through brute force), laid out for
    /// speed: the mentor's side comes from one [`Row`], criteria weighted 0
    /// are skipped (their term would be ±0, which changes no sum), and no
    /// [`PairScore`] is built. The cheap criteria come first, then
    /// `reciprocity`, then `skill_fit`; after each, an
    /// upper bound on the combined score, counting every criterion not yet
    /// known at its most (1; warmth at the most the mentee has), is checked
    /// against `floor`: a pair that cannot reach it is [`Miss::Beaten`] at
    /// once.
    #[inline]
    fn score_row(
        &self,
        s: &mut MentorScratch,
        mentee: PersonId,
        r: u32,
        floor: f64,
    ) -> Result<Candidate, Miss> {
        let p = &self.profiles;
        let cfg = &self.config;
        let table = &self.table;
        let row = &table.rows[r as usize];
        let mentor = row.id;
        let mi = mentee.index();
        let fails = |c: Constraint| Err(Miss::Fails(c));
        if !self.network.people()[mi].seeks_mentor {
            return fails(Constraint::NotSeeking);
        }
        if mentee == mentor {
            return fails(Constraint::SamePerson);
        }
        // Rows are mentors: `no_mentor_capacity` cannot fail.

        let w = &self.weights;
        let on = |c: Criterion| w[c as usize] != 0.0;
        let cm = &p.cards[mi];
        let seniority_value = seniority(row.seniority - cm.seniority, &cfg.criteria);
        let gap = timezone_gap(cm.timezone, row.timezone);
        let timezone_value = timezone(gap);
        let up = &self.upper;
        let mut a = [0.0; MAX_CRITERIA];
        let mut b = [0.0; MAX_CRITERIA];
        let mut set = |c: Criterion, mentee_value: f64, mentor_value: f64| {
            a[c as usize] = mentee_value;
            b[c as usize] = mentor_value;
        };
        if on(Criterion::Experience) {
            let shared = if p.exact_masks {
                f64::from((cm.experience_mask & row.experience_mask).count_ones())
            } else {
                p.shared_experiences(mentee, mentor) as f64
            };
            let (a, b) = experience(shared, cm.experiences, row.experiences);
            set(Criterion::Experience, a, b);
        }
        if on(Criterion::Seniority) {
            set(Criterion::Seniority, seniority_value, seniority_value);
        }
        if on(Criterion::CrossOrg) {
            let v = cross_org((cm.org, cm.industry), (row.org, row.industry));
            set(Criterion::CrossOrg, v, v);
        }
        if on(Criterion::Timezone) {
            set(Criterion::Timezone, timezone_value, timezone_value);
        }
        let common_language = (cfg.constraints.require_language || on(Criterion::Language))
            && if p.exact_masks {
                cm.language_mask & row.language_mask != 0
            } else {
                p.share_language(mentee, mentor)
            };
        if on(Criterion::Language) {
            let v = flag(common_language);
            set(Criterion::Language, v, v);
        }
        // Under retrieval with a positive `network` weight (then warm
        // mentors are visited up front), mentors met in the buckets have
        // their warmth through hubs only: at most what the hubs pass on.
        let via_hubs_only =
            s.retrieval.active && s.retrieval.in_buckets && w[Criterion::Network as usize] > 0.0;
        if on(Criterion::Network) {
            // The exact warmth is looked up only for pairs that pass the
            // bounds below; until then, the most the mentor can have stands in.
            let most = if via_hubs_only {
                if s.reach.misses_hubs(row.hub_near) {
                    0.0
                } else {
                    s.max_warmth.min(s.retrieval.beyond_hubs)
                }
            } else {
                s.max_warmth
            };
            set(Criterion::Network, most, most);
        }
        if on(Criterion::Preference) {
            // The mentor's flag comes from the row, not their card.
            let theirs = p.prefers_given(row.prefers_any, mentor, mentee);
            set(
                Criterion::Preference,
                flag(p.prefers(mentee, mentor)),
                flag(theirs),
            );
        }
        let affinity = p.affinity(mentee, mentor);
        if let Some((score, mentor_score)) = affinity {
            set(Criterion::Affinity, score, mentor_score);
        }
        let past = p.past_outcome(mentee, mentor);
        if on(Criterion::Repeat) {
            let v = repeat_value(past);
            set(Criterion::Repeat, v, v);
        }

        // Both views and their blend lie below `Σ max(w, 0) × max(a, b)`
        // (up to rounding, which `slack` covers); `skill_fit` and
        // `reciprocity` are still 0 in `a` and `b` here.
        let known: f64 = (0..MAX_CRITERIA).map(|i| up[i] * a[i].max(b[i])).sum();
        let (fit_up, giving_up) = (
            up[Criterion::SkillFit as usize],
            up[Criterion::Reciprocity as usize],
        );
        // Under retrieval, a mentor first met in a later bucket cannot
        // cover the goals better than that bucket's bound.
        let fit_cap = if s.retrieval.active {
            s.retrieval.fit_cap
        } else {
            1.0
        };
        // The bound with `skill_fit` and `reciprocity` at most `fit` and
        // `giving` (their weighted terms).
        let beaten = |fit: f64, giving: f64| known + fit_up * fit + giving + self.slack < floor;
        // A mentor with no open goal gives nothing back.
        let giving_cap = if row.need_count == 0 { 0.0 } else { giving_up };
        if beaten(fit_cap, giving_cap) {
            return Err(Miss::Beaten);
        }
        // `reciprocity` first: a mentor has few open goals (most have
        // none), and it ends about half of the pairs `skill_fit`, read over
        // every key of the mentor's skills, would.
        let mut giving = giving_cap;
        if on(Criterion::Reciprocity) {
            let v = s
                .offer
                .cover(&self.taxonomy, table.needs(row), row.need_total);
            a[Criterion::Reciprocity as usize] = v;
            b[Criterion::Reciprocity as usize] = v;
            giving = giving_up * v;
            if beaten(fit_cap, giving) {
                return Err(Miss::Beaten);
            }
        }
        let skill_fit = s.goals.cover(table.skills(row));
        if cfg.constraints.require_skill_overlap && skill_fit <= 0.0 {
            return fails(Constraint::NoSkillOverlap);
        }
        a[Criterion::SkillFit as usize] = skill_fit;
        b[Criterion::SkillFit as usize] = skill_fit;
        if beaten(skill_fit, giving) {
            return Err(Miss::Beaten);
        }
        if on(Criterion::Network) {
            let v = if via_hubs_only {
                s.reach.via_hubs_near(p, mentor, row.hub_near)
            } else {
                s.reach.get(p, mentor)
            };
            a[Criterion::Network as usize] = v;
            b[Criterion::Network as usize] = v;
        }
        let (mentee_view, mentor_view) = views(w, &a, &b);
        let combined = combine(mentee_view, mentor_view, cfg.weights.mentor_view_weight);

        if !supported(w, &a, &b, affinity.is_some()) {
            return fails(Constraint::NoSupport);
        }
        // The mentor's flag comes from the row, not their card.
        if p.blocked_either_way_given((cm.blocks_any, mentee), (row.blocks_any, mentor)) {
            return fails(Constraint::Blocked);
        }
        if past == Some(Outcome::Bad) {
            return fails(Constraint::BadHistory);
        }
        // The common depths read the mentee's card and the row only.
        let chain = p.in_reporting_chain_given(
            (mentee, cm.manager, cm.skip_manager),
            (mentor, row.manager, row.skip_manager),
            cfg.constraints.exclude_reporting_chain,
        );
        if chain {
            return fails(Constraint::SameReportingChain);
        }
        if let Some(max) = cfg.constraints.max_timezone_gap {
            if gap > max {
                return fails(Constraint::TimezoneGap);
            }
        }
        if cfg.constraints.require_language && !common_language {
            return fails(Constraint::Language);
        }
        if combined < cfg.constraints.min_score {
            return fails(Constraint::BelowMinScore);
        }
        Ok(Candidate {
            partner: mentor,
            combined,
            mentee_view,
            partner_view: mentor_view,
        })
    }
}

/// The fewest mentors [`Engine::more_sources`] hands over at a time, whole
/// runs apart: few enough that the floor rises between batches.
const RUN_BATCH: usize = 32;

impl Retrieval {
    /// The mark of the mentee being retrieved for in `visited`.
    fn stamp(&self) -> u8 {
        self.mark
    }
}

/// The `experience` criterion in both views, from the tags the two share
/// and how many each has.
#[inline]
fn experience(shared: f64, mentee_tags: u32, mentor_tags: u32) -> (f64, f64) {
    let of = |len: u32| {
        if len == 0 {
            0.0
        } else {
            shared / f64::from(len)
        }
    };
    (of(mentee_tags), of(mentor_tags))
}

/// The most `cross_org` gives the mentee with anyone: half for a known
/// organisation, half for a known industry.
fn cross_most(mentee: &Card) -> f64 {
    let known = |x: u32| if x == NONE { 0.0 } else { 0.5 };
    known(mentee.org) + known(mentee.industry)
}

/// The `cross_org` criterion from each side's organisation and industry
/// (`NONE` when unknown).
#[inline]
fn cross_org(mentee: (u32, u32), mentor: (u32, u32)) -> f64 {
    let differ = |a: u32, b: u32| {
        if a != NONE && b != NONE && a != b {
            0.5
        } else {
            0.0
        }
    };
    differ(mentee.0, mentor.0) + differ(mentee.1, mentor.1)
}

/// The `timezone` criterion from the hours between the two offsets (NaN
/// when either is unknown).
#[inline]
fn timezone(gap: f64) -> f64 {
    if gap.is_nan() {
        0.5
    } else {
        1.0 - gap / 12.0
    }
}

/// 1 for yes, 0 for no: `language`, `preference`.
#[inline]
fn flag(yes: bool) -> f64 {
    if yes {
        1.0
    } else {
        0.0
    }
}

/// The seniority criterion for `gap = mentor − mentee` levels.
fn seniority(gap: i32, c: &crate::config::CriteriaConfig) -> f64 {
    if gap < c.seniority_min_gap {
        0.0
    } else if gap <= c.seniority_max_gap {
        1.0
    } else {
        // Widened: a gap and a bound of opposite extremes would overflow
        // `i32` (validation keeps both within ±255, but the formula should
        // not rely on it).
        let beyond = i64::from(gap) - i64::from(c.seniority_max_gap);
        (1.0 - beyond as f64 / 2.0).clamp(0.0, 1.0)
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
        self.network.at(p).seeks(Role::Mentor)
    }

    fn offers(&self, p: PersonId) -> bool {
        self.network.at(p).capacity(Role::Mentor) > 0
    }

    fn offerers(&self) -> usize {
        self.table.rows.len()
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

    fn prepare_side(&self, s: &mut MentorScratch, mentee: PersonId) {
        self.prepare_scores(s, mentee, Detail::Fast);
        // `sources_among` starts the retrieval for this mentee, if any.
        s.retrieval.active = false;
        s.retrieval.mentee = mentee;
    }

    fn source_of(&self, p: PersonId) -> Option<u32> {
        let row = self.table.row_of[p.index()];
        (row != NONE).then_some(row)
    }

    type Room = MentorRoom;

    fn room(&self, rows: &[u32]) -> MentorRoom {
        let mut room = MentorRoom {
            rows: rows.to_vec(),
            by_key: None,
            ranked: None,
        };
        if self.sources != Sources::SkillIndex {
            return room;
        }
        if self.config.constraints.max_candidates > 0 {
            let mut has = vec![false; self.table.rows.len()];
            for &r in rows {
                has[r as usize] = true;
            }
            room.ranked = Some((self.lists.restricted(&has), has));
            return room;
        }
        let mut by_key = Vec::new();
        let mut keys = Vec::new();
        for &r in rows {
            keys.clear();
            let row = &self.table.rows[r as usize];
            keys.extend(self.table.skills(row).iter().map(|&x| (x >> 3) as usize));
            keys.sort_unstable();
            keys.dedup();
            by_key.extend(keys.iter().map(|&k| (k, r)));
        }
        room.by_key = Some(Flat::from_pairs(self.taxonomy.keys(), &by_key));
        room
    }

    /// Under `require_skill_overlap` with top-K, the mentors with room are
    /// retrieved as the candidates are ([`Retrieval`], on the room's own
    /// lists): those visited up front first, the buckets following in
    /// [`Engine::more_among`]. Without top-K, every mentor with room filed
    /// under a key near a goal; without the skill index, every mentor with
    /// room.
    fn sources_among(&self, s: &mut MentorScratch, room: &MentorRoom, out: &mut Vec<u32>) {
        out.clear();
        if let Some((_, has)) = &room.ranked {
            s.sources.clear();
            self.start_retrieval(s, s.retrieval.mentee, Some(has));
            out.append(&mut s.sources);
            return;
        }
        match &room.by_key {
            None => out.clone_from(&room.rows),
            Some(by_key) => {
                for &k in s.goals.covering_keys() {
                    out.extend_from_slice(by_key.get(k as usize));
                }
                out.sort_unstable();
                out.dedup();
            }
        }
    }

    fn more_among(
        &self,
        s: &mut MentorScratch,
        room: &MentorRoom,
        floor: f64,
        out: &mut Vec<u32>,
    ) -> bool {
        match &room.ranked {
            Some((lists, _)) => self.walk(s, lists, floor, out),
            None => false,
        }
    }

    fn prepare(&self, s: &mut MentorScratch, mentee: PersonId) {
        self.prepare_scores(s, mentee, Detail::Fast);
        let p = &self.profiles;
        let m = mentee.index();
        let row_of = &self.table.row_of;
        let MentorScratch {
            seen,
            sources,
            goals,
            reach,
            retrieval,
            ..
        } = s;
        sources.clear();
        // Index lists hold rows; lists of people (preferences, ties,
        // affinities) name non-mentors too, who are no sources.
        let add_rows = |seen: &mut Seen, list: &mut dyn Iterator<Item = u32>| {
            for r in list {
                seen.insert(r);
            }
        };
        let add_people = |seen: &mut Seen, list: &mut dyn Iterator<Item = PersonId>| {
            for t in list {
                let r = row_of[t.index()];
                if r != NONE {
                    seen.insert(r);
                }
            }
        };
        let w = |c: Criterion| self.weight(c) > 0.0;
        retrieval.active = false;
        match self.sources {
            Sources::Everyone => {
                let own = row_of[m];
                sources.extend((0..self.table.rows.len() as u32).filter(|&r| r != own));
                return;
            }
            Sources::SkillIndex if self.config.constraints.max_candidates > 0 => {
                self.start_retrieval(s, mentee, None);
                return;
            }
            Sources::SkillIndex => {
                for &k in goals.covering_keys() {
                    let listed = self.lists.with_key(k);
                    add_rows(seen, &mut listed.iter().map(|m| m.row));
                }
            }
            Sources::Union => {
                if w(Criterion::SkillFit) {
                    for &k in goals.covering_keys() {
                        let listed = self.lists.with_key(k);
                        add_rows(seen, &mut listed.iter().map(|m| m.row));
                    }
                }
                if w(Criterion::Reciprocity) {
                    // A mentor's goal is covered by the mentee's skill `k`
                    // when one of `k`'s keys is among the goal's keys.
                    for &x in p.skills(mentee) {
                        let (k, _) = unpack_skill(x);
                        self.taxonomy.teacher_keys(k, |key| {
                            add_rows(
                                seen,
                                &mut self.mentors_wanting.get(key as usize).iter().copied(),
                            );
                        });
                    }
                }
                if w(Criterion::Experience) {
                    for &e in p.experiences(mentee) {
                        if (e as usize) < self.mentors_with_experience.len() {
                            add_rows(
                                seen,
                                &mut self.mentors_with_experience.get(e as usize).iter().copied(),
                            );
                        }
                    }
                }
                if w(Criterion::Preference) {
                    add_people(seen, &mut p.preferred.get(m).iter().copied());
                    add_people(seen, &mut p.preferred_by.get(m).iter().copied());
                }
                if w(Criterion::Repeat) {
                    add_people(seen, &mut p.past_mentors.get(m).iter().map(|x| x.0));
                }
                if w(Criterion::Network) {
                    add_people(seen, &mut reach.reached().iter().copied());
                    // Without the skill index, every mentor beyond a hub has
                    // network support: this costs the hub's ties.
                    for &(h, _) in reach.hubs() {
                        add_people(seen, &mut p.adjacency.get(h.index()).iter().map(|x| x.0));
                    }
                }
                add_people(seen, &mut p.affinities.get(m).iter().map(|a| a.0));
            }
        }
        seen.drain_into(sources, row_of[m]);
    }

    fn more_sources(&self, s: &mut MentorScratch, floor: f64, out: &mut Vec<u32>) -> bool {
        self.walk(s, &self.lists, floor, out)
    }

    fn gather(&self, _s: &MentorScratch, batch: &[u32]) {
        self.table.gather(batch);
    }

    fn take_sources(s: &mut MentorScratch) -> Vec<u32> {
        std::mem::take(&mut s.sources)
    }

    fn put_sources(s: &mut MentorScratch, sources: Vec<u32>) {
        s.sources = sources;
    }

    fn score(
        &self,
        s: &mut MentorScratch,
        mentee: PersonId,
        row: u32,
        floor: f64,
    ) -> Result<Candidate, Miss> {
        self.score_row(s, mentee, row, floor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `p` seeks a mentor for skill `x` at level 5.
    fn seeks_x_at_5(p: &mut crate::records::PersonRecord) {
        p.seeks = vec![crate::records::Role::Mentor];
        p.goals = vec![crate::records::GoalRecord {
            skill: "x".into(),
            level: 5,
            priority: 1,
        }];
    }

    #[test]
    fn a_later_class_in_a_bucket_list_is_not_cut_off_by_an_earlier_one() {
        // A run of mentors with experience tags (worth 0.08 at most) may
        // come before a run of mentors with open goals (reciprocity,
        // 0.07), but a mentee without tags gains nothing from the first:
        // each run's bound must count its own class, so that cutting one
        // run cuts none that could do better. Here three mentors at level
        // 5 (same organisation) set the floor; at level 4 a tagged mentor
        // and `r`, whose reciprocity and other organisation lift them
        // above the three.
        use crate::records::{Dataset, GoalRecord, PersonRecord, SkillLevels};
        let person = |id: &str, org: &str, skills: &[(&str, u8)]| {
            let mut p = PersonRecord::new(id);
            p.org = Some(org.to_string());
            p.industry = Some(org.to_string());
            p.skills = SkillLevels(skills.iter().map(|&(s, l)| (s.to_string(), l)).collect());
            // Seniority and time zone at their best for every pair.
            p.timezone = Some(0.0);
            p.seniority = if id == "m" { 1 } else { 3 };
            p
        };
        let mut data = Dataset::default();
        let mut mentee = person("m", "a", &[("y", 4)]);
        seeks_x_at_5(&mut mentee);
        data.people.push(mentee);
        for i in 0..3 {
            let mut t = person(&format!("a{i}"), "a", &[("x", 5)]);
            t.mentor_capacity = 1;
            t.experiences = vec!["e".into()];
            data.people.push(t);
        }
        let mut t = person("t", "a", &[("x", 4)]);
        t.mentor_capacity = 1;
        t.experiences = vec!["e".into()];
        data.people.push(t);
        let mut r = person("r", "b", &[("x", 4)]);
        r.mentor_capacity = 1;
        r.goals = vec![GoalRecord {
            skill: "y".into(),
            level: 2,
            priority: 1,
        }];
        data.people.push(r);
        let network = Network::from_dataset(&data, &crate::LoadOptions::default()).unwrap();
        let mut config = Config::default();
        config.constraints.max_candidates = 1;
        let top = MentorScorer::new(&network, &config).unwrap().candidates();
        config.constraints.max_candidates = 0;
        let all = MentorScorer::new(&network, &config).unwrap().candidates();
        let m = network.person_id("m").unwrap();
        let first = |c: &Candidates| c.of(m).unwrap()[0].partner;
        assert_eq!(first(&all), network.person_id("r").unwrap());
        assert_eq!(first(&top), first(&all));
    }

    #[test]
    fn a_walk_after_the_marks_wrap_meets_every_mentor_anew() {
        // Visits are marked with a byte, one more per walk on a scratch:
        // after 255 walks the marks must be cleared, or the mentors a walk
        // 255 walks before visited would look visited. Here `m`'s walk
        // visits its mentor; `o`, who seeks a skill nobody teaches and has
        // no ties, visits nobody; after `m` and 254 walks of `o`, `m` walks
        // again with the mark of its first walk.
        use crate::records::{Dataset, PersonRecord, SkillLevels};
        let mut data = Dataset::default();
        let mut mentee = PersonRecord::new("m");
        seeks_x_at_5(&mut mentee);
        data.people.push(mentee);
        let mut other = PersonRecord::new("o");
        seeks_x_at_5(&mut other);
        other.goals[0].skill = "z".into();
        data.people.push(other);
        let mut t = PersonRecord::new("t");
        t.skills = SkillLevels(vec![("x".to_string(), 5)]);
        t.mentor_capacity = 1;
        data.people.push(t);
        let network = Network::from_dataset(&data, &crate::LoadOptions::default()).unwrap();
        let scorer = MentorScorer::new(&network, &Config::default()).unwrap();
        let (m, o) = (
            network.person_id("m").unwrap(),
            network.person_id("o").unwrap(),
        );
        let mut s = scorer.new_scratch();
        let found = |s: &mut MentorScratch, p| {
            let kept = crate::score::candidates::for_mentee(&scorer, s, p, 50).kept;
            kept.iter().map(|c| c.partner).collect::<Vec<_>>()
        };
        let first = found(&mut s, m);
        assert_eq!(first, vec![network.person_id("t").unwrap()]);
        for _ in 0..254 {
            assert!(found(&mut s, o).is_empty());
        }
        for walk in 0..3 {
            assert_eq!(found(&mut s, m), first, "walk {walk} after the wrap");
        }
    }

    #[test]
    fn a_run_of_70000_alike_mentors_is_walked_whole() {
        // 70,000 alike mentors form one run, longer than a 16-bit count
        // (runs were once counted in the entries); the one from another
        // organisation (worth `cross_org` more) sits near its end and must
        // still be found.
        use crate::records::{Dataset, PersonRecord, SkillLevels};
        let person = |id: String, org: &str| {
            let mut p = PersonRecord::new(&id);
            p.org = Some(org.to_string());
            p.industry = Some(org.to_string());
            p.skills = SkillLevels(vec![("x".to_string(), 5)]);
            p.timezone = Some(0.0);
            p.seniority = 3;
            p.mentor_capacity = 1;
            p
        };
        let mut data = Dataset::default();
        let mut mentee = person("m".into(), "a");
        mentee.skills = SkillLevels(Vec::new());
        mentee.mentor_capacity = 0;
        mentee.seniority = 1;
        seeks_x_at_5(&mut mentee);
        data.people.push(mentee);
        for i in 0..70_000 {
            let org = if i == 68_000 { "b" } else { "a" };
            data.people.push(person(format!("t{i:05}"), org));
        }
        let network = Network::from_dataset(&data, &crate::LoadOptions::default()).unwrap();
        let mut config = Config::default();
        config.constraints.max_candidates = 1;
        let top = MentorScorer::new(&network, &config).unwrap().candidates();
        let m = network.person_id("m").unwrap();
        assert_eq!(
            top.of(m).unwrap()[0].partner,
            network.person_id("t68000").unwrap()
        );
    }

    #[test]
    fn seniority_stays_in_unit_interval_at_the_extremes_of_i32() {
        // Validation bounds the gaps, but the formula must not depend on it.
        for bound in [i32::MIN, -1, 0, 1, i32::MAX] {
            let c = crate::config::CriteriaConfig {
                seniority_min_gap: bound,
                seniority_max_gap: bound,
                ..Default::default()
            };
            for gap in [i32::MIN, -255, 0, 255, i32::MAX] {
                let v = seniority(gap, &c);
                assert!((0.0..=1.0).contains(&v), "gap {gap}, bounds {bound}: {v}");
            }
        }
    }
}
