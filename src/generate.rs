//! A deterministic generator of realistic synthetic organisations, for demos,
//! tests and benchmarks: [`generate`] and its [`GeneratorConfig`].
//!
//! Large organisations come with the two shapes that stress the engine most:
//! a broad taxonomy (a layer of numbered products, one category of which
//! holds thousands of them) and a few hubs tied to a tenth of everyone.

mod vocabulary;

use std::collections::HashSet;

use rayon::prelude::*;

use crate::config::{Config, Weights};
use crate::csr::{group, Flat};
use crate::model::Date;
use crate::network::{LoadOptions, Network};
use crate::records::{
    AffinityRecord, Attributes, Dataset, GoalRecord, HistoryRecord, Outcome, PersonRecord, Role,
    SkillLevels, SkillRecord, TieRecord,
};
use crate::rng::Rng;
use crate::score::MentorScorer;
use vocabulary::{
    Country, Org, ASPIRATIONAL_SKILLS, EXECUTIVE_PRODUCTS, EXPERIENCES, INDUSTRIES,
    LONG_RANGE_KINDS, MANAGER_SKILLS, ORGS, PRODUCT_CATEGORIES, REGIONS, SECOND_LANGUAGES,
    TAXONOMY,
};

/// What to generate. Every field has a default; the usual call sets only
/// `people` and `seed`:
///
/// ```
/// use mentormatch::{generate, GeneratorConfig};
///
/// let dataset = generate(&GeneratorConfig { people: 500, seed: 7, ..Default::default() });
/// assert_eq!(dataset.people.len(), 500);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratorConfig {
    /// How many people (default 1,000). The size also sets how many
    /// products the taxonomy holds (one per 25 people, 50 to 40,000) and how
    /// many hubs there are (one per 20,000 people, from 2,000 people up).
    pub people: usize,
    /// The seed: the same seed and config give the same dataset, byte for
    /// byte, on any machine and thread count (default 1).
    pub seed: u64,
    /// Ties per person: the dataset has about `people × ties_per_person`
    /// ties, so the mean degree is twice this (default 10). Small
    /// organisations get fewer, since there are only so many pairs.
    pub ties_per_person: f64,
    /// The share of people seeking a mentor (default 0.30). Juniors seek
    /// one far more often than seniors.
    pub seeking_mentor: f64,
    /// The share of people seeking a sponsor (default 0.10), mostly in
    /// the middle of the seniority range.
    pub seeking_sponsor: f64,
    /// The share of people who may not be intermediaries on introduction
    /// paths (default 0.05).
    pub non_introducible: f64,
    /// The share of people who had a past mentor or sponsor (default
    /// 0.05): the size of the history that benchmarks and tuning read.
    pub history: f64,
    /// The date that tie evidence (`last_contact`) is relative to (default
    /// 2026-10-01). Never the wall clock, so that output is reproducible.
    pub today: Date,
    /// How the outcomes of past pairs are drawn (default
    /// [`Outcomes::Planted`] with [`Outcomes::planted_weights`] and noise
    /// 0.5): a hidden compatibility that tuning can try to recover.
    pub outcomes: Outcomes,
}

/// How history outcomes are drawn.
///
/// Either way about 60% of past pairs went well, 28% neither and 12%
/// badly, and every past pair, whatever its outcome, leaves a `mentor` tie,
/// so that the `network` criterion does not give the outcome away.
///
/// ```
/// use mentormatch::{generate, GeneratorConfig, Outcomes};
///
/// // Outcomes that the data alone decides, exactly: no noise.
/// let exact = Outcomes::Planted { weights: Outcomes::planted_weights(), noise: 0.0 };
/// let data = generate(&GeneratorConfig { people: 500, outcomes: exact, ..Default::default() });
/// assert!(!data.history.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Outcomes {
    /// From a hidden compatibility: each past mentor pair's combined score under `weights` (the mentor scorer, default constraints and criteria settings), standardised, plus Gaussian noise of standard deviation `noise`; the best 60% of pairs by that draw went well, the next 28% neither, the last 12% badly.
    ///
    /// The scores are those of the generated dataset as a later load sees
    /// it (default [`LoadOptions`]), computed whatever the pair's verdict
    /// (a past mentor may, say, be the mentee's manager). With `n`
    /// past mentor pairs, Good goes to the first `round(0.6 n)` by the
    /// draw, Neutral to the pairs up to `round(0.88 n)`, Bad to the rest;
    /// equal draws keep history order. Past sponsor pairs keep outcomes
    /// drawn at random, as under [`Outcomes::Random`]: the truth covers the
    /// mentor criteria only.
    ///
    /// `noise` must be finite and non-negative. At 0 the outcome order is
    /// the score order exactly; at the default 0.5 the standardised score
    /// still explains about 80% of the draw's variance (1 / 1.25).
    Planted {
        /// The hidden `[weights]`, including `mentor_view_weight`.
        weights: Weights,
        /// The standard deviation of the noise added to the standardised
        /// score.
        noise: f64,
    },
    /// At random, 60% / 28% / 12%, whatever the pair.
    Random,
}

impl Outcomes {
    /// The default hidden weights, the same for every seed:
    ///
    /// | criterion | planted | default |
    /// |---|---|---|
    /// | `skill_fit` | 0.10 | 0.35 |
    /// | `experience` | 0.25 | 0.08 |
    /// | `seniority` | 0.10 | 0.08 |
    /// | `cross_org` | 0 | 0.05 |
    /// | `timezone` | 0.15 | 0.07 |
    /// | `language` | 0.05 | 0.05 |
    /// | `reciprocity` | 0.20 | 0.07 |
    /// | `network` | 0.15 | 0.10 |
    /// | `preference` | 0 | 0.10 |
    /// | `affinity` | 0 | 0.05 |
    /// | `repeat` | 0 | −0.2 |
    /// | `mentor_view_weight` | 0.3 | 0.5 |
    ///
    /// They differ from [`Weights::default`] where tuning can tell:
    /// experience, time zones and reciprocity matter more, skill fit much
    /// less, and a difference of industry (what `cross_org` measures
    /// between people of one org) not at all. Three criteria cannot be
    /// learnt from the history and carry no weight: every past pair is a
    /// repeat, generated affinities never name a past pair, and a mentee
    /// almost never prefers their past mentor (one pair in 3,458 at
    /// 100,000 people, seed 1).
    ///
    /// On that dataset, the standard deviation among the past mentor
    /// pairs of each criterion's value (both views blended) times its
    /// weight is 0.064 for `experience`, 0.046 for `timezone`, 0.029 for
    /// `reciprocity`, 0.023 for `skill_fit`, 0.021 for `network`, 0.014 for
    /// `language` and 0.013 for `seniority`.
    pub fn planted_weights() -> Weights {
        Weights {
            skill_fit: 0.10,
            experience: 0.25,
            seniority: 0.10,
            cross_org: 0.0,
            timezone: 0.15,
            language: 0.05,
            reciprocity: 0.20,
            network: 0.15,
            preference: 0.0,
            affinity: 0.0,
            repeat: 0.0,
            mentor_view_weight: 0.3,
        }
    }
}

impl Default for Outcomes {
    fn default() -> Outcomes {
        Outcomes::Planted {
            weights: Outcomes::planted_weights(),
            noise: 0.5,
        }
    }
}

impl Default for GeneratorConfig {
    fn default() -> GeneratorConfig {
        GeneratorConfig {
            people: 1_000,
            seed: 1,
            ties_per_person: 10.0,
            seeking_mentor: 0.30,
            seeking_sponsor: 0.10,
            non_introducible: 0.05,
            history: 0.05,
            today: Date::parse("2026-10-01").expect("valid date"),
            outcomes: Outcomes::default(),
        }
    }
}

/// Generates a realistic synthetic organisation as dataset records.
///
/// The organisation has a CEO, orgs (Engineering, Sales, Data, ...) sized
/// by share, and inside each org a reporting tree of teams of 5–12 under
/// managers, managers under senior managers, up to the org's head. From that
/// structure follow:
///
/// - **seniority**: a pyramid for individual contributors (levels 0–4),
///   rising with the size of what managers lead (4–7), 8 for org heads and
///   9 for the CEO;
/// - **skills** from a taxonomy of 85 skills in 14 areas (see `skills`),
///   drawn by org, with levels 1–5 rising with seniority; managers add
///   leadership skills;
/// - **products**: below the skills, 16 product categories
///   (`analytics-software`, `crm-software`, `developer-tools`, ...; each a
///   child of an area or a root) holding numbered products
///   (`analytics-software/tool-0173`), one per 25 people, at least 50 and
///   at most 40,000. Category sizes fall with rank as `rank^-1.6`, so the
///   largest holds about half of all products (2,000 at 100,000 people).
///   Everyone uses 0–3 products (about 1.4) from categories of their
///   org, chosen with Zipf popularity (the most used of a category's
///   products far more often than the long tail), at levels like their
///   other skills;
/// - **goals**: skills one does not have yet, from one's own field, from
///   what careers commonly aim for (leadership, public speaking, machine
///   learning, ...), or anywhere, with target levels and priorities 1–3;
///   about 18% of goals aim at a product or a product category instead;
/// - **experience tags**, **industry background**, **timezones and
///   languages** by region (teams are mostly co-located, some people
///   remote), names by region;
/// - **mentoring**: about `seeking_mentor` of people seek a mentor (mostly
///   juniors) and `seeking_sponsor` a sponsor; people from seniority 3 offer
///   mentor capacity 1–3 and managers sponsor capacity 1–3, adding up to
///   somewhat less supply than demand, as in real programmes;
/// - **ties** with community structure: everyone to their manager, dense
///   within teams, weaker across teams of one department and org, a few
///   long-range ones across orgs; each person has an activity weight drawn
///   from a Pareto distribution (tail exponent 2.5), and cross-team ties
///   join people in proportion to their weights (Chung–Lu), so degrees are
///   heavy-tailed and a few connectors know very many people. About 40% of
///   ties carry an explicit strength, the others evidence (interactions,
///   reciprocated, last contact relative to `today`);
/// - **hubs**: from 2,000 people, one per 20,000 (at least one) senior
///   manager below the org heads — a community lead, an HR partner, a chief
///   of staff — is tied to a tenth of the organisation (at most 25,000
///   people), chosen uniformly across it, by weak `colleague` and `contact`
///   ties. Hubs always may introduce and offer mentor and sponsor
///   capacity. Their ties count towards `ties_per_person`, so at 1,000,000
///   people the 50 hubs have about 25,000 ties each while the median person
///   has 17;
/// - **attributes** an HR export carries: `department` (the senior unit
///   of one's org, named from the org's list: `Platform`, `Payments`, ...),
///   `grade` (`IC1`–`IC5` for individual contributors by seniority, `M1`–`M4`
///   for managers, `VP` for org heads, `CEO`) and `location` (the city of the
///   office one works from); they follow from the draws above, so they
///   change no other field;
/// - about `non_introducible` of people opt out of introduction paths, a
///   few block someone, some mentees prefer particular seniors, and a few
///   mentees carry external affinity scores for some mentors;
/// - **history**: 5% of people had a past mentor or sponsor, someone more
///   senior in their org, who is tied to them by a `mentor` tie whatever the
///   outcome. Outcomes follow `config.outcomes`: by default a hidden
///   compatibility decides the mentor pairs' outcomes (see
///   [`Outcomes::Planted`]), scored on the finished dataset.
///
/// The output always passes [`Network::from_dataset`](crate::Network::from_dataset).
///
/// # Arguments
/// `config`: size, seed and shares; see [`GeneratorConfig`].
///
/// # Returns
/// The dataset, people with ids `p0` (the CEO), `p1`, ... in depth-first
/// order of the reporting tree, so that every team and department is a
/// contiguous range of ids.
///
/// # Complexity
/// `O(n log n)` time for `n` people and ties (the ties are sorted once to
/// remove duplicates); memory linear in the output. Each product draw takes
/// `O(1)` and each hub `O(ties)`, so neither categories × people nor hubs ×
/// people is ever paid. Planted outcomes add a [`Network`] built from the
/// dataset and a mentor scorer, both dropped before returning, and the
/// scoring of the past mentor pairs: at 1,000,000 people about 6 s and
/// 1.8 GB more at the peak of a run of `mentormatch generate` (22 s and
/// 6.1 GB against 17 s and 4.3 GB), most of it building the network;
/// [`Outcomes::Random`] skips all of it. Runs on the current rayon pool;
/// the result does not depend on the number of threads, because every
/// person, team, hub, tie and past pair draws from its own random stream
/// and the scores are summed in history order.
///
/// # Panics
/// When a share in `config` is outside [0, 1], `ties_per_person` is
/// negative or not finite, `people` exceeds `u32::MAX`, or planted
/// outcomes have a negative or non-finite `noise` or weights that
/// [`Config::validate`] rejects.
///
/// # Example
/// A small organisation, validated:
/// ```
/// use mentormatch::{generate, GeneratorConfig, LoadOptions, Network};
///
/// let data = generate(&GeneratorConfig { people: 300, seed: 42, ..Default::default() });
/// let network = Network::from_dataset(&data, &LoadOptions::default())?;
/// let summary = network.summary();
/// assert_eq!(summary.people, 300);
/// assert!(summary.seeking_mentor > 0 && summary.mentor_capacity > 0);
/// assert_eq!(summary.largest_component, 300);
/// # Ok::<(), mentormatch::Error>(())
/// ```
///
/// # Reference
/// F. Chung and L. Lu, "Connected components in random graphs with given
/// expected degree sequences", Annals of Combinatorics 6 (2002) — the
/// weighted cross-team ties.
pub fn generate(config: &GeneratorConfig) -> Dataset {
    check(config);
    let n = config.people;
    let products = Products::for_people(n);
    if n == 0 {
        return Dataset {
            skills: taxonomy(&products),
            ..Dataset::default()
        };
    }
    let mut dataset = draw_dataset(config, &products);
    if let Outcomes::Planted { weights, noise } = &config.outcomes {
        plant_outcomes(&mut dataset, weights, *noise, config.seed);
    }
    dataset
}

/// The dataset of `config` (at least one person), with every history
/// outcome drawn at random. The working data (the tree, the tie keys, the
/// ids) is freed on return, before planted outcomes build a network beside
/// the dataset.
fn draw_dataset(config: &GeneratorConfig, products: &Products) -> Dataset {
    let n = config.people;
    let tree = Tree::grow(n, config.seed);
    let mut core = cores(&tree, config);
    make_hubs(&tree, &mut core, config.seed);
    let history = past_pairs(&tree, &core, config.seed, config.history);
    let ties = tie_pairs(&tree, &core, &history, config);

    let ids: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let people = (0..n)
        .into_par_iter()
        .map(|i| person(i, &tree, &core, products, &ids, config))
        .collect();
    let days: Vec<String> = (0..=MAX_DAYS_AGO)
        .map(|d| Date(config.today.0 - d).to_string())
        .collect();
    let ties = ties
        .par_iter()
        .map(|&(key, kind)| tie(key, kind, &ids, &days, config.seed))
        .collect();
    let history = history
        .iter()
        .map(|h| HistoryRecord {
            mentee: ids[h.mentee as usize].clone(),
            mentor: ids[h.mentor as usize].clone(),
            kind: h.kind,
            outcome: h.outcome,
        })
        .collect();
    let affinities = affinities(&core, &ids, config);
    Dataset {
        skills: taxonomy(products),
        people,
        ties,
        history,
        affinities,
    }
}

fn check(config: &GeneratorConfig) {
    for (name, share) in [
        ("seeking_mentor", config.seeking_mentor),
        ("seeking_sponsor", config.seeking_sponsor),
        ("non_introducible", config.non_introducible),
        ("history", config.history),
    ] {
        assert!(
            (0.0..=1.0).contains(&share),
            "{name} = {share} is not in [0, 1]"
        );
    }
    assert!(
        config.ties_per_person.is_finite() && config.ties_per_person >= 0.0,
        "ties_per_person = {} must be finite and non-negative",
        config.ties_per_person
    );
    assert!(
        u32::try_from(config.people).is_ok(),
        "more than u32::MAX people"
    );
    if let Outcomes::Planted { weights, noise } = &config.outcomes {
        assert!(
            noise.is_finite() && *noise >= 0.0,
            "outcome noise = {noise} must be finite and non-negative"
        );
        let truth = Config {
            weights: weights.clone(),
            ..Config::default()
        };
        if let Err(e) = truth.validate("planted outcome weights") {
            panic!("{e}");
        }
    }
}

/// The skills, then the product categories, then every product under its
/// category.
fn taxonomy(products: &Products) -> Vec<SkillRecord> {
    let fixed = TAXONOMY
        .iter()
        .chain(PRODUCT_CATEGORIES)
        .map(|(id, parent)| SkillRecord {
            id: (*id).to_string(),
            parent: parent.map(str::to_string),
        });
    let tools = products.sizes.iter().enumerate().flat_map(|(c, &size)| {
        (0..size).map(move |rank| SkillRecord {
            id: Products::id(c, rank),
            parent: Some(PRODUCT_CATEGORIES[c].0.to_string()),
        })
    });
    fixed.chain(tools).collect()
}

/// Stage tags: each kind of decision draws from its own family of streams,
/// so that adding a draw to one stage leaves every other stage unchanged.
mod stage {
    pub(super) const TREE: u64 = 1;
    pub(super) const CORE: u64 = 2;
    pub(super) const TEAM: u64 = 3;
    pub(super) const TEAM_TIES: u64 = 4;
    pub(super) const CROSS_TIES: u64 = 5;
    pub(super) const TIE: u64 = 6;
    pub(super) const PERSON: u64 = 7;
    pub(super) const HISTORY: u64 = 8;
    pub(super) const AFFINITY: u64 = 9;
    pub(super) const PRODUCT_SKILLS: u64 = 10;
    pub(super) const PRODUCT_GOALS: u64 = 11;
    pub(super) const HUBS: u64 = 12;
    pub(super) const HUB_TIES: u64 = 13;
    pub(super) const OUTCOME_NOISE: u64 = 14;
    // `CROSS_TIES + (round << 8)` tags the top-up rounds of cross-team
    // ties: 261, 517 and 773 are taken.
}

/// No person: the CEO's manager, and the org of the CEO.
const NONE: u32 = u32::MAX;
/// The org and department of the CEO, who belongs to no org of [`ORGS`].
const EXECUTIVE: &str = "Executive";
/// The most reports an individual-contributor team has.
const MAX_TEAM: usize = 12;
/// The oldest last contact, in days before `today`.
const MAX_DAYS_AGO: i32 = 1500;

// ---------------------------------------------------------------------------
// The reporting tree
// ---------------------------------------------------------------------------

/// The reporting tree in depth-first order: every subtree is the contiguous
/// range `i..end[i]`, which is what makes "someone in my department" a
/// cheap draw.
struct Tree {
    manager: Vec<u32>,
    /// Index into [`ORGS`], or [`NONE`] for the CEO.
    org: Vec<u32>,
    /// 0 for individual contributors, 1 for managers of a team, and so on.
    height: Vec<u8>,
    end: Vec<u32>,
    /// The people each manager leads, in id order.
    reports: Flat<u32>,
}

/// How many people a unit of height `h` holds when full: a team is a manager
/// and 8 reports, and each level above a manager and 6 units.
fn unit_size(height: u32) -> usize {
    (1..height).fold(9, |size, _| 1 + 6 * size)
}

impl Tree {
    fn grow(n: usize, seed: u64) -> Tree {
        let mut rng = Rng::for_item(seed, stage::TREE, 0);
        let mut tree = Tree {
            manager: Vec::with_capacity(n),
            org: Vec::with_capacity(n),
            height: Vec::with_capacity(n),
            end: Vec::with_capacity(n),
            reports: Flat::default(),
        };
        let ceo = tree.push(NONE, NONE);
        // About one org per 25 people, up to all of them: a 300-person
        // company has a dozen departments, a 50-person one has two.
        let orgs = ((n - 1) / 25).clamp(1, ORGS.len()).min(n - 1);
        let shares: Vec<f64> = ORGS[..orgs].iter().map(|o| o.share).collect();
        let mut height = 0;
        for (org, size) in split_by_shares(n - 1, &shares).into_iter().enumerate() {
            let head = tree.unit(size, ceo, org as u32, &mut rng);
            height = height.max(tree.height[head as usize] + 1);
        }
        tree.height[0] = height;
        tree.end[0] = n as u32;
        tree.index_reports();
        tree
    }

    fn push(&mut self, manager: u32, org: u32) -> u32 {
        let i = self.manager.len() as u32;
        self.manager.push(manager);
        self.org.push(org);
        self.height.push(0);
        self.end.push(i + 1);
        i
    }

    /// Grows a unit of `size` people under `manager` and returns its head.
    fn unit(&mut self, size: usize, manager: u32, org: u32, rng: &mut Rng) -> u32 {
        let head = self.push(manager, org);
        let below = size - 1;
        let height = if below == 0 {
            0
        } else if below <= MAX_TEAM {
            for _ in 0..below {
                self.push(head, org);
            }
            1
        } else {
            // Split into sub-units of the largest height that still gives
            // at least two of them, so spans stay between 2 and about 13.
            let mut child = 1;
            while unit_size(child + 1) * 2 <= below {
                child += 1;
            }
            let count = ((below as f64 / unit_size(child) as f64).round() as usize).max(2);
            let weights: Vec<f64> = (0..count).map(|_| 0.75 + 0.5 * rng.unit()).collect();
            let mut height = 0;
            for size in split_by_shares(below, &weights) {
                let sub = self.unit(size, head, org, rng);
                height = height.max(self.height[sub as usize] + 1);
            }
            height
        };
        self.height[head as usize] = height;
        self.end[head as usize] = self.manager.len() as u32;
        head
    }

    fn index_reports(&mut self) {
        let managers = self
            .manager
            .iter()
            .map(|&m| (m != NONE).then_some(m as usize));
        self.reports = group(self.manager.len(), managers);
    }

    fn reports(&self, m: usize) -> &[u32] {
        self.reports.get(m)
    }

    fn len(&self) -> usize {
        self.manager.len()
    }

    /// The people of `i`'s org (everyone, for the CEO).
    fn org_range(&self, i: usize) -> (usize, usize) {
        let mut head = i;
        while self.manager[head] != NONE && self.manager[head] != 0 {
            head = self.manager[head] as usize;
        }
        if self.manager[head] == NONE {
            (0, self.len())
        } else {
            (head, self.end[head] as usize)
        }
    }

    /// The name of `i`'s department (the `department` attribute): the
    /// senior unit of their org they belong to, named from the org's list
    /// by the unit's place among the org head's reports. Org heads belong
    /// to their org as a whole, the CEO to the executive. No draw: the
    /// name follows from the tree.
    fn department_name(&self, i: usize) -> String {
        let Some(org) = ORGS.get(self.org[i] as usize) else {
            return EXECUTIVE.to_string();
        };
        // Walk up to the unit whose manager is the org head (the CEO's
        // report): a few steps, as deep as the tree.
        let mut unit = i;
        let head = loop {
            let m = self.manager[unit] as usize;
            if m == 0 {
                return org.name.to_string();
            }
            if self.manager[m] == 0 {
                break m;
            }
            unit = m;
        };
        let k = self
            .reports(head)
            .binary_search(&(unit as u32))
            .expect("a unit is among its manager's reports");
        let names = org.departments;
        match k / names.len() {
            0 => names[k].to_string(),
            round => format!("{} {}", names[k % names.len()], round + 1),
        }
    }

    /// The people of `i`'s department: the unit led by `i`'s skip-level
    /// manager, or the whole org when that is the CEO.
    fn department_range(&self, i: usize) -> (usize, usize) {
        let skip = match self.manager[i] {
            NONE => NONE,
            m => self.manager[m as usize],
        };
        if skip == NONE || skip == 0 {
            self.org_range(i)
        } else {
            (skip as usize, self.end[skip as usize] as usize)
        }
    }
}

/// Splits `total` into parts proportional to `shares`, each at least 1 when
/// `total` allows, by largest remainder (deterministic: ties go to the
/// earlier part).
fn split_by_shares(total: usize, shares: &[f64]) -> Vec<usize> {
    let sum: f64 = shares.iter().sum();
    let exact: Vec<f64> = shares.iter().map(|s| total as f64 * s / sum).collect();
    let mut parts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let missing = total - parts.iter().sum::<usize>();
    for &k in order.iter().take(missing) {
        parts[k] += 1;
    }
    // Give empty parts one person from the largest, so no org is empty.
    for k in 0..parts.len() {
        if parts[k] == 0 {
            let largest = (0..parts.len()).max_by_key(|&j| (parts[j], usize::MAX - j));
            if let Some(j) = largest.filter(|&j| parts[j] > 1) {
                parts[j] -= 1;
                parts[k] += 1;
            }
        }
    }
    parts
}

// ---------------------------------------------------------------------------
// The product layer of the taxonomy
// ---------------------------------------------------------------------------

/// One product per this many people: a larger organisation uses more tools.
const PEOPLE_PER_PRODUCT: usize = 25;
/// The fewest and the most products, in all categories together.
const MIN_PRODUCTS: usize = 50;
const MAX_PRODUCTS: usize = 40_000;
/// Category sizes fall with rank as `rank^-1.6`: the largest holds about
/// half of all products, the smallest about 1% (O*NET's technology skills
/// are as unequal: 8,904 products in 135 categories, 1,676 in the largest).
const CATEGORY_EXPONENT: f64 = 1.6;
/// How likely someone is to use 0, 1, 2 or 3 products (about 1.4 on average).
const PRODUCTS_HELD: [f64; 4] = [0.2, 0.35, 0.3, 0.15];
/// The share of goals that aim at a product or a product category.
const PRODUCT_GOAL_SHARE: f64 = 0.18;

/// The products under [`PRODUCT_CATEGORIES`]: how many each category holds,
/// and which categories each org's people use.
///
/// A product is named by its category and its popularity rank in it,
/// `analytics-software/tool-0000` being the most used analytics tool.
struct Products {
    /// Products per category, in the order of [`PRODUCT_CATEGORIES`].
    sizes: Vec<usize>,
    /// For each org of [`ORGS`], then for the executive: the categories its
    /// people use, as indices into [`PRODUCT_CATEGORIES`], and their weights.
    fit: Vec<(Vec<usize>, Vec<f64>)>,
}

impl Products {
    fn for_people(people: usize) -> Products {
        let total = (people / PEOPLE_PER_PRODUCT).clamp(MIN_PRODUCTS, MAX_PRODUCTS);
        let shares: Vec<f64> = (1..=PRODUCT_CATEGORIES.len())
            .map(|rank| (rank as f64).powf(-CATEGORY_EXPONENT))
            .collect();
        let index = |name: &str| {
            PRODUCT_CATEGORIES
                .iter()
                .position(|c| c.0 == name)
                .unwrap_or_else(|| panic!("{name} is not a product category"))
        };
        let fit = ORGS
            .iter()
            .map(|o| o.products)
            .chain([EXECUTIVE_PRODUCTS])
            .map(|table| {
                (
                    table.iter().map(|t| index(t.0)).collect(),
                    weights_of(table),
                )
            })
            .collect();
        Products {
            sizes: split_by_shares(total, &shares),
            fit,
        }
    }

    /// The skill id of the product of popularity rank `rank` in category `c`.
    fn id(c: usize, rank: usize) -> String {
        format!("{}/tool-{rank:04}", PRODUCT_CATEGORIES[c].0)
    }

    /// A category that people of `org` (an index into [`ORGS`], or [`NONE`]
    /// for the executive) use, by weight.
    fn category(&self, rng: &mut Rng, org: u32) -> usize {
        let (categories, weights) = &self.fit[if org == NONE {
            ORGS.len()
        } else {
            org as usize
        }];
        categories[rng.weighted(weights)]
    }

    /// The rank of a product of category `c`, drawn by popularity: Zipf's
    /// law with exponent 1 in continuous form, `P(rank < r) = ln(r + 1) /
    /// ln(m + 1)` for `m` products, inverted in `O(1)`. The most used of
    /// 2,000 products is then drawn 9% of the time, the least 0.007%.
    fn popular(&self, rng: &mut Rng, c: usize) -> usize {
        let m = self.sizes[c];
        let rank = ((m as f64 + 1.0).powf(rng.unit()) - 1.0).floor() as usize;
        rank.min(m - 1)
    }
}

// ---------------------------------------------------------------------------
// Per-person essentials, drawn before anything that depends on other people
// ---------------------------------------------------------------------------

/// What other people's choices depend on: who is senior, who offers
/// mentoring, who is how active, who is a hub.
struct Core {
    seniority: Vec<u8>,
    /// Activity weight: how many cross-team ties one starts and attracts.
    weight: Vec<f64>,
    mentor_capacity: Vec<u8>,
    sponsor_capacity: Vec<u8>,
    seeks_mentor: Vec<bool>,
    seeks_sponsor: Vec<bool>,
    /// The hubs, in increasing order (see [`make_hubs`]).
    hubs: Vec<u32>,
}

impl Core {
    fn is_hub(&self, i: usize) -> bool {
        self.hubs.binary_search(&(i as u32)).is_ok()
    }
}

/// The seniority pyramid of individual contributors, levels 0–4.
const IC_SENIORITY: [f64; 5] = [15.0, 30.0, 28.0, 18.0, 9.0];
/// How much more or less likely than average someone at each seniority is
/// to seek a mentor, and a sponsor (levels 0–9).
const SEEKS_MENTOR_BY_SENIORITY: [f64; 10] = [1.5, 1.4, 1.1, 0.8, 0.5, 0.3, 0.2, 0.1, 0.1, 0.0];
const SEEKS_SPONSOR_BY_SENIORITY: [f64; 10] = [0.2, 0.6, 1.2, 1.5, 1.5, 1.0, 0.6, 0.2, 0.1, 0.0];

fn seniority(tree: &Tree, i: usize, seed: u64) -> u8 {
    match (tree.manager[i], tree.height[i]) {
        (NONE, _) => 9,
        (0, _) => 8,
        (_, 0) => Rng::for_item(seed, stage::CORE, i as u64).weighted(&IC_SENIORITY) as u8,
        (_, h) => (3 + h).min(7),
    }
}

fn cores(tree: &Tree, config: &GeneratorConfig) -> Core {
    let n = tree.len();
    let seed = config.seed;
    let seniority: Vec<u8> = (0..n)
        .into_par_iter()
        .map(|i| seniority(tree, i, seed))
        .collect();
    // Scale the per-level rates so that the expected shares of seekers are
    // the configured ones, whatever the pyramid turned out to be. Counting
    // levels first keeps the sum exact and independent of threads.
    let mut per_level = [0usize; 10];
    for &s in &seniority {
        per_level[s as usize] += 1;
    }
    let scale = |relative: &[f64; 10], share: f64| {
        let expected: f64 = (0..10).map(|s| relative[s] * per_level[s] as f64).sum();
        if expected > 0.0 {
            share * n as f64 / expected
        } else {
            0.0
        }
    };
    let mentor_scale = scale(&SEEKS_MENTOR_BY_SENIORITY, config.seeking_mentor);
    let sponsor_scale = scale(&SEEKS_SPONSOR_BY_SENIORITY, config.seeking_sponsor);

    let drawn: Vec<(f64, u8, u8, bool, bool)> = (0..n)
        .into_par_iter()
        .map(|i| {
            // The first draw of this stream decided an individual's seniority.
            let mut rng = Rng::for_item(seed, stage::CORE, i as u64);
            rng.next_u64();
            let s = seniority[i];
            let height = tree.height[i];
            let manages = tree.manager[i] == NONE || height > 0;
            // Pareto weights, P(w > x) = x^-2.5: a finite mean with a heavy
            // tail; people who lead larger units know more people.
            let weight = (1.0 - rng.unit()).powf(-1.0 / 2.5) * (1.0 + 0.5 * f64::from(height));
            let offers_mentoring = match s {
                0..=2 => 0.0,
                3 => 0.35,
                4 => 0.45,
                5 | 6 => 0.5,
                7 => 0.4,
                _ => 0.3,
            };
            let mentor_capacity = if rng.chance(offers_mentoring) {
                1 + rng.weighted(&[0.45, 0.35, 0.20]) as u8
            } else {
                0
            };
            let sponsor_capacity = match (manages, s) {
                (true, 5..) if rng.chance(0.7) => 1 + rng.weighted(&[0.4, 0.35, 0.25]) as u8,
                (true, _) if rng.chance(0.3) => 1 + rng.weighted(&[0.6, 0.4]) as u8,
                (false, 4) if rng.chance(0.1) => 1,
                _ => 0,
            };
            let seeks_mentor = rng.chance(SEEKS_MENTOR_BY_SENIORITY[s as usize] * mentor_scale);
            let seeks_sponsor = rng.chance(SEEKS_SPONSOR_BY_SENIORITY[s as usize] * sponsor_scale);
            (
                weight,
                mentor_capacity,
                sponsor_capacity,
                seeks_mentor,
                seeks_sponsor,
            )
        })
        .collect();
    Core {
        seniority,
        weight: drawn.iter().map(|d| d.0).collect(),
        mentor_capacity: drawn.iter().map(|d| d.1).collect(),
        sponsor_capacity: drawn.iter().map(|d| d.2).collect(),
        seeks_mentor: drawn.iter().map(|d| d.3).collect(),
        seeks_sponsor: drawn.iter().map(|d| d.4).collect(),
        hubs: Vec::new(),
    }
}

/// One hub per this many people, from [`MIN_PEOPLE_FOR_HUB`] up.
const PEOPLE_PER_HUB: f64 = 20_000.0;
const MIN_PEOPLE_FOR_HUB: usize = 2_000;
/// A hub is tied to a tenth of the organisation, up to this many people.
const MAX_HUB_TIES: usize = 25_000;

/// Chooses the hubs: senior managers below the org heads (seniority 5–7),
/// standing for the community leads, HR partners and chiefs of staff who
/// know a large share of an organisation (their ties are drawn in
/// [`hub_ties`]). Every hub may introduce people (see [`person`]) and
/// offers at least one mentee and one sponsee place.
fn make_hubs(tree: &Tree, core: &mut Core, seed: u64) {
    let n = tree.len();
    if n < MIN_PEOPLE_FOR_HUB {
        return;
    }
    let wanted = ((n as f64 / PEOPLE_PER_HUB).round() as usize).max(1);
    let mut pool: Vec<u32> = (1..n as u32)
        .filter(|&i| (5..=7).contains(&core.seniority[i as usize]))
        .collect();
    if pool.is_empty() {
        pool = (1..n as u32).collect();
    }
    let mut rng = Rng::for_item(seed, stage::HUBS, 0);
    let mut taken = vec![false; pool.len()];
    let mut hubs = Vec::with_capacity(wanted);
    while hubs.len() < wanted.min(pool.len()) {
        let k = rng.below(pool.len());
        if !std::mem::replace(&mut taken[k], true) {
            hubs.push(pool[k]);
        }
    }
    hubs.sort_unstable();
    for &h in &hubs {
        let h = h as usize;
        core.mentor_capacity[h] = core.mentor_capacity[h].max(1);
        core.sponsor_capacity[h] = core.sponsor_capacity[h].max(1);
    }
    core.hubs = hubs;
}

/// Someone in `lo..hi` more senior than `i`, drawn uniformly, if a few tries
/// find one.
fn senior_in(rng: &mut Rng, core: &Core, i: usize, (lo, hi): (usize, usize)) -> Option<u32> {
    (0..8)
        .map(|_| lo + rng.below(hi - lo))
        .find(|&j| j != i && core.seniority[j] > core.seniority[i])
        .map(|j| j as u32)
}

// ---------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------

struct Past {
    mentee: u32,
    mentor: u32,
    kind: Role,
    outcome: Outcome,
}

/// A share `config.history` of people (5% by default) had a mentor or
/// sponsor before: someone more senior in their org. The outcome is drawn at random here, and replaced for
/// mentor pairs when outcomes are planted (see [`plant_outcomes`]).
fn past_pairs(tree: &Tree, core: &Core, seed: u64, share: f64) -> Vec<Past> {
    (0..tree.len())
        .into_par_iter()
        .filter_map(|i| {
            let mut rng = Rng::for_item(seed, stage::HISTORY, i as u64);
            if !rng.chance(share) {
                return None;
            }
            let mentor = senior_in(&mut rng, core, i, tree.org_range(i))?;
            let kind = if rng.chance(0.85) {
                Role::Mentor
            } else {
                Role::Sponsor
            };
            let outcome =
                [Outcome::Good, Outcome::Neutral, Outcome::Bad][rng.weighted(&OUTCOME_SHARES)];
            Some(Past {
                mentee: i as u32,
                mentor,
                kind,
                outcome,
            })
        })
        .collect()
}

/// The shares of past pairs that went well, neither well nor badly, and
/// badly.
const OUTCOME_SHARES: [f64; 3] = [0.6, 0.28, 0.12];

/// Replaces the outcomes of the mentor pairs in `dataset.history` by those
/// of a hidden compatibility (see [`Outcomes::Planted`]): each pair's
/// combined score under `weights`, standardised over the pairs, plus
/// `noise` × a normal deviate from the stream of the pair's mentee (each
/// person has at most one past pair), ranked. Sponsor pairs keep their
/// random outcomes.
fn plant_outcomes(dataset: &mut Dataset, weights: &Weights, noise: f64, seed: u64) {
    let mentor_pairs: Vec<usize> = (0..dataset.history.len())
        .filter(|&k| dataset.history[k].kind == Role::Mentor)
        .collect();
    if mentor_pairs.is_empty() {
        return;
    }
    // The truth is the score a later load of the file would give, so the
    // network is built as `load` builds it.
    let network = Network::from_dataset(dataset, &LoadOptions::default())
        .expect("a generated dataset is always valid");
    let id = |name: &str| {
        network
            .person_id(name)
            .expect("history names generated people")
    };
    let pairs: Vec<_> = mentor_pairs
        .iter()
        .map(|&k| {
            let h = &dataset.history[k];
            (id(&h.mentee), id(&h.mentor))
        })
        .collect();
    let config = Config {
        weights: weights.clone(),
        ..Config::default()
    };
    // `check` refused planted weights that do not validate.
    let scores: Vec<f64> = MentorScorer::from_valid(&network, &config)
        .evaluate_pairs_known(&pairs)
        .into_iter()
        .map(|e| e.score.combined)
        .collect();
    drop(network);

    // Sequential sums in history order, so the draw does not depend on the
    // number of threads.
    let m = scores.len() as f64;
    let mean = scores.iter().sum::<f64>() / m;
    let sd = (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / m).sqrt();
    let draws: Vec<f64> = scores
        .iter()
        .zip(&pairs)
        .map(|(&s, &(mentee, _))| {
            let z = if sd > 0.0 { (s - mean) / sd } else { 0.0 };
            // The network keeps the dataset's order, so this is the
            // mentee's own index, whatever the other pairs.
            let mut rng = Rng::for_item(seed, stage::OUTCOME_NOISE, mentee.index() as u64);
            z + noise * rng.normal()
        })
        .collect();
    let mut order: Vec<usize> = (0..draws.len()).collect();
    order.sort_by(|&a, &b| draws[b].total_cmp(&draws[a]).then(a.cmp(&b)));
    let good = (OUTCOME_SHARES[0] * m).round() as usize;
    let not_bad = ((OUTCOME_SHARES[0] + OUTCOME_SHARES[1]) * m).round() as usize;
    for (rank, &p) in order.iter().enumerate() {
        dataset.history[mentor_pairs[p]].outcome = if rank < good {
            Outcome::Good
        } else if rank < not_bad {
            Outcome::Neutral
        } else {
            Outcome::Bad
        };
    }
}

// ---------------------------------------------------------------------------
// Ties: which pairs
// ---------------------------------------------------------------------------

/// Tie kinds by how close the relationship is; when two sources produce the
/// same pair, the closer kind wins.
mod kind {
    pub(super) const MANAGER: u8 = 0;
    pub(super) const MENTOR: u8 = 1;
    pub(super) const COLLEAGUE: u8 = 2;
    pub(super) const DEPARTMENT: u8 = 3;
    pub(super) const ORG: u8 = 4;
    pub(super) const LONG_RANGE: u8 = 5;
    pub(super) const HUB: u8 = 6;
}

fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a.min(b)) << 32) | u64::from(a.max(b))
}

/// Sorts pairs and keeps one per pair, of the closest kind.
fn dedup(pairs: &mut Vec<(u64, u8)>) {
    // The keys are total, so an unstable parallel sort gives one order
    // whatever the number of threads.
    pairs.par_sort_unstable();
    pairs.dedup_by_key(|p| p.0);
}

/// Merges two sorted, deduplicated pair lists, keeping the closer kind of a
/// pair in both. Linear, so that top-up rounds need not sort everything again.
fn merge(old: Vec<(u64, u8)>, new: Vec<(u64, u8)>) -> Vec<(u64, u8)> {
    let mut out = Vec::with_capacity(old.len() + new.len());
    let (mut x, mut y) = (old.into_iter().peekable(), new.into_iter().peekable());
    loop {
        let next = match (x.peek(), y.peek()) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                let kind = a.1.min(b.1);
                let key = a.0;
                x.next();
                y.next();
                (key, kind)
            }
            (Some(a), Some(b)) if a.0 < b.0 => x.next().expect("peeked"),
            (_, Some(_)) => y.next().expect("peeked"),
            (Some(_), None) => x.next().expect("peeked"),
            (None, None) => return out,
        };
        out.push(next);
    }
}

/// The tie pairs, sorted by (smaller id, larger id), each with its kind.
fn tie_pairs(
    tree: &Tree,
    core: &Core,
    history: &[Past],
    config: &GeneratorConfig,
) -> Vec<(u64, u8)> {
    let n = tree.len();
    let seed = config.seed;
    let mut pairs: Vec<(u64, u8)> = Vec::new();
    for (i, &m) in tree.manager.iter().enumerate() {
        if m != NONE {
            pairs.push((pair_key(i as u32, m), kind::MANAGER));
        }
    }
    // Every past pair, whatever its outcome: a tie only after good ones
    // would let the `network` criterion read the outcome.
    for h in history {
        pairs.push((pair_key(h.mentee, h.mentor), kind::MENTOR));
    }
    // Teammates (people with the same manager): each knows up to about six
    // of the others well; in small teams, everyone.
    let team: Vec<(u64, u8)> = (0..n)
        .into_par_iter()
        .flat_map_iter(|m| {
            let reports = tree.reports(m);
            let mut rng = Rng::for_item(seed, stage::TEAM_TIES, m as u64);
            let p = if reports.len() > 1 {
                (6.0 / (reports.len() - 1) as f64).min(1.0)
            } else {
                0.0
            };
            let mut out = Vec::new();
            for (k, &a) in reports.iter().enumerate() {
                for &b in &reports[k + 1..] {
                    if rng.chance(p) {
                        out.push((pair_key(a, b), kind::COLLEAGUE));
                    }
                }
            }
            out
        })
        .collect();
    pairs.extend(team);
    // Hub ties count towards the budget, so that the dataset keeps about
    // `ties_per_person` ties per person however many hubs it has.
    let hubs: Vec<(u64, u8)> = core
        .hubs
        .par_iter()
        .flat_map_iter(|&h| hub_ties(h, n, seed))
        .collect();
    pairs.extend(hubs);
    dedup(&mut pairs);

    // The rest of the budget goes to cross-team ties, started by each
    // person in proportion to their weight and landing on others in
    // proportion to theirs: expected degree then follows the weights.
    // Some draws repeat a pair already tied, so a few top-up rounds draw
    // the shortfall again.
    let target = (config.ties_per_person * n as f64).round() as usize;
    let mut prefix = Vec::with_capacity(n + 1);
    let mut total = 0.0;
    prefix.push(0.0);
    for &w in &core.weight {
        total += w;
        prefix.push(total);
    }
    for round in 0..4 {
        let budget = target.saturating_sub(pairs.len());
        if budget == 0 {
            break;
        }
        let rate = budget as f64 / total;
        let mut cross: Vec<(u64, u8)> = (0..n)
            .into_par_iter()
            .flat_map_iter(|i| cross_ties(i, tree, core, &prefix, rate, seed, round))
            .collect();
        dedup(&mut cross);
        pairs = merge(pairs, cross);
    }
    pairs
}

/// The cross-team ties person `i` starts in top-up round `round`, about
/// `rate × weight` of them.
fn cross_ties(
    i: usize,
    tree: &Tree,
    core: &Core,
    prefix: &[f64],
    rate: f64,
    seed: u64,
    round: u64,
) -> Vec<(u64, u8)> {
    let n = tree.len();
    let mut rng = Rng::for_item(seed, stage::CROSS_TIES + (round << 8), i as u64);
    let expected = rate * core.weight[i];
    let count = expected.floor() as usize + usize::from(rng.chance(expected.fract()));
    let mut out = Vec::with_capacity(count);
    let (department, org) = (tree.department_range(i), tree.org_range(i));
    for _ in 0..count {
        // Most cross-team ties stay in one's department, many in the org, a
        // few reach across the whole organisation.
        let (scope, kind) = match rng.weighted(&[0.55, 0.35, 0.10]) {
            0 => (department, kind::DEPARTMENT),
            1 => (org, kind::ORG),
            _ => ((0, n), kind::LONG_RANGE),
        };
        let found = (0..3)
            .map(|_| weighted_in(&mut rng, prefix, scope))
            .find(|&j| j != i);
        if let Some(j) = found {
            out.push((pair_key(i as u32, j as u32), kind));
        }
    }
    out
}

/// The ties of hub `hub`: a tenth of the organisation (at most
/// [`MAX_HUB_TIES`]), drawn uniformly across it, so that a hub is a shortcut
/// between any two orgs.
fn hub_ties(hub: u32, n: usize, seed: u64) -> Vec<(u64, u8)> {
    let others = n - 1;
    let count = (n / 10).min(MAX_HUB_TIES).min(others);
    let mut rng = Rng::for_item(seed, stage::HUB_TIES, u64::from(hub));
    // Floyd's sampling: `count` distinct values of `0..others` in
    // `O(count)` draws, without touching the other `n - count` people. The
    // set's order does not matter: the pairs are sorted afterwards.
    let mut chosen: HashSet<u32> = HashSet::with_capacity(count);
    for j in (others - count)..others {
        let t = rng.below(j + 1) as u32;
        if !chosen.insert(t) {
            chosen.insert(j as u32);
        }
    }
    chosen
        .into_iter()
        .map(|t| {
            // Skip the hub itself.
            let other = if t >= hub { t + 1 } else { t };
            (pair_key(hub, other), kind::HUB)
        })
        .collect()
}

/// A person in `lo..hi` drawn with probability proportional to weight, by
/// binary search on the prefix sums.
fn weighted_in(rng: &mut Rng, prefix: &[f64], (lo, hi): (usize, usize)) -> usize {
    let x = prefix[lo] + rng.unit() * (prefix[hi] - prefix[lo]);
    let j = lo + prefix[lo + 1..=hi].partition_point(|&p| p <= x);
    j.min(hi - 1)
}

// ---------------------------------------------------------------------------
// Ties: records
// ---------------------------------------------------------------------------

/// For each tie kind: typical explicit strength, mean interactions, typical
/// share reciprocated, mean days since last contact.
const TIE_PROFILES: [(f64, f64, f64, f64); 7] = [
    (0.80, 60.0, 0.85, 7.0),
    (0.70, 25.0, 0.80, 45.0),
    (0.60, 30.0, 0.75, 14.0),
    (0.35, 10.0, 0.60, 60.0),
    (0.25, 6.0, 0.50, 90.0),
    (0.15, 3.0, 0.40, 200.0),
    (0.20, 4.0, 0.45, 150.0),
];

fn tie(key: u64, kind: u8, ids: &[String], days: &[String], seed: u64) -> TieRecord {
    let (a, b) = ((key >> 32) as usize, (key & 0xffff_ffff) as usize);
    let mut rng = Rng::for_item(seed, stage::TIE, key);
    let kind_name = match kind {
        kind::MANAGER => "manager",
        kind::MENTOR => "mentor",
        kind::COLLEAGUE => "colleague",
        kind::DEPARTMENT | kind::ORG => "collaborator",
        kind::HUB if rng.chance(0.4) => "colleague",
        kind::HUB => "contact",
        _ => {
            let weights: Vec<f64> = LONG_RANGE_KINDS.iter().map(|k| k.1).collect();
            LONG_RANGE_KINDS[rng.weighted(&weights)].0
        }
    };
    let (strength, interactions, reciprocity, recency) = TIE_PROFILES[kind as usize];
    let mut record = TieRecord {
        a: ids[a].clone(),
        b: ids[b].clone(),
        kind: Some(kind_name.to_string()),
        strength: None,
        interactions: None,
        reciprocated: None,
        last_contact: None,
    };
    // Explicit strengths stand for survey answers, evidence for what a
    // collaboration tool logged.
    if rng.chance(0.4) {
        let s = strength + 0.12 * rng.normal();
        record.strength = Some((s.clamp(0.01, 1.0) * 100.0).round() / 100.0);
    } else {
        let count = 1 + rng.poisson(interactions);
        let share = (reciprocity + 0.15 * rng.normal()).clamp(0.0, 1.0);
        let ago = (rng.exponential(recency) as i32).min(MAX_DAYS_AGO);
        record.interactions = Some(count);
        record.reciprocated = Some((f64::from(count) * share).round() as u32);
        record.last_contact = Some(days[ago as usize].clone());
    }
    record
}

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

fn weights_of(table: &[(&str, f64)]) -> Vec<f64> {
    table.iter().map(|t| t.1).collect()
}

/// Draws up to `count` distinct entries of `table`, by weight, skipping
/// those `taken` rejects.
fn draw_distinct<'a>(
    rng: &mut Rng,
    table: &[(&'a str, f64)],
    count: usize,
    taken: impl Fn(&str) -> bool,
) -> Vec<&'a str> {
    let mut weights: Vec<f64> = table
        .iter()
        .map(|(name, w)| if taken(name) { 0.0 } else { *w })
        .collect();
    let mut out = Vec::with_capacity(count);
    while out.len() < count && weights.iter().any(|&w| w > 0.0) {
        let k = rng.weighted(&weights);
        weights[k] = 0.0;
        out.push(table[k].0);
    }
    out
}

fn level(rng: &mut Rng, mean: f64) -> u8 {
    (mean + 0.7 * rng.normal()).round().clamp(1.0, 5.0) as u8
}

fn person(
    i: usize,
    tree: &Tree,
    core: &Core,
    products: &Products,
    ids: &[String],
    config: &GeneratorConfig,
) -> PersonRecord {
    let seed = config.seed;
    let mut rng = Rng::for_item(seed, stage::PERSON, i as u64);
    let s = core.seniority[i];
    let height = tree.height[i];
    let manager = tree.manager[i];
    let org: Option<&Org> = ORGS.get(tree.org[i] as usize);
    let mut p = PersonRecord::new(ids[i].clone());

    // Place: a team sits in one country; some people work remotely from
    // elsewhere.
    let home = if manager == NONE { 0 } else { manager as u64 };
    let mut team_rng = Rng::for_item(seed, stage::TEAM, home);
    let region_weights: Vec<f64> = REGIONS.iter().map(|r| r.share).collect();
    let mut region = &REGIONS[team_rng.weighted(&region_weights)];
    let mut country = team_rng.pick(region.countries);
    if rng.chance(0.1) {
        region = &REGIONS[rng.weighted(&region_weights)];
        country = rng.pick(region.countries);
    }
    p.name = format!(
        "{} {}",
        rng.pick(region.first_names),
        rng.pick(region.last_names)
    );
    p.org = Some(org.map_or(EXECUTIVE, |o| o.name).to_string());
    if manager != NONE {
        p.manager = Some(ids[manager as usize].clone());
    }
    p.seniority = s;
    let industry = INDUSTRIES[rng.weighted(&weights_of(INDUSTRIES))].0;
    p.industry = Some(industry.to_string());
    p.timezone = Some(country.timezone);
    if country.language != "en" {
        p.languages.push(country.language.to_string());
    }
    if country.language == "en" || rng.chance(0.93) {
        p.languages.push("en".to_string());
    }
    if rng.chance(0.12) {
        let extra = *rng.pick(SECOND_LANGUAGES);
        if !p.languages.iter().any(|l| l == extra) {
            p.languages.push(extra.to_string());
        }
    }

    // Skills: drawn from one's org, levels rising with seniority, the first
    // (one's main skill) a notch higher; managers add leadership skills.
    let mean = 1.0 + 0.55 * f64::from(s.min(7));
    let mut skills: Vec<(String, u8)> = Vec::new();
    let own = org.map_or(MANAGER_SKILLS, |o| o.skills);
    let count = 2 + usize::from(s / 2) + rng.below(3);
    for (k, name) in draw_distinct(&mut rng, own, count, |_| false)
        .into_iter()
        .enumerate()
    {
        let bonus = if k == 0 { 1.0 } else { 0.0 };
        skills.push((name.to_string(), level(&mut rng, mean + bonus)));
    }
    if height > 0 || manager == NONE {
        let extra = 1 + rng.below(3).min(usize::from(height));
        let lead = 1.5 + 0.8 * f64::from(height.min(4));
        for name in draw_distinct(&mut rng, MANAGER_SKILLS, extra, |s| {
            skills.iter().any(|(t, _)| t == s)
        }) {
            skills.push((name.to_string(), level(&mut rng, lead)));
        }
    }
    // Tools: up to three products from categories of one's org, popular
    // ones far more often. Their own stream leaves every other draw as it
    // was without them.
    let mut tools = Rng::for_item(seed, stage::PRODUCT_SKILLS, i as u64);
    for _ in 0..tools.weighted(&PRODUCTS_HELD) {
        let c = products.category(&mut tools, tree.org[i]);
        let id = Products::id(c, products.popular(&mut tools, c));
        if !skills.iter().any(|(t, _)| *t == id) {
            let level = level(&mut tools, mean);
            skills.push((id, level));
        }
    }

    // Goals: skills one does not have, from one's field, from common
    // career aims, or from anywhere (a change of direction).
    let seeks_mentor = core.seeks_mentor[i];
    let goal_count = if seeks_mentor {
        1 + rng.below(3)
    } else if rng.chance(0.6) {
        rng.below(3)
    } else {
        0
    };
    let mut goals: Vec<GoalRecord> = Vec::new();
    let held = |name: &str, goals: &[GoalRecord]| {
        skills.iter().any(|(t, _)| t == name) || goals.iter().any(|g| g.skill == name)
    };
    for _ in 0..goal_count {
        let found = (0..10).find_map(|_| {
            let name = match rng.weighted(&[0.5, 0.3, 0.2]) {
                0 => rng.pick(own).0,
                1 => rng.pick(ASPIRATIONAL_SKILLS).0,
                _ => rng.pick(TAXONOMY).0,
            };
            (!held(name, &goals)).then_some(name)
        });
        if let Some(name) = found {
            let level = (2 + rng.below(3) as u8 + s / 4).min(5);
            let priority = 1 + rng.below(3) as u32;
            goals.push(GoalRecord {
                skill: name.to_string(),
                level,
                priority,
            });
        }
    }
    // Some goals aim at a tool instead, keeping their level and priority: a
    // product of one's field (the popular ones first) or a whole category.
    let mut aims = Rng::for_item(seed, stage::PRODUCT_GOALS, i as u64);
    for k in 0..goals.len() {
        if !aims.chance(PRODUCT_GOAL_SHARE) {
            continue;
        }
        let found = (0..10).find_map(|_| {
            let c = products.category(&mut aims, tree.org[i]);
            let id = if aims.chance(0.7) {
                Products::id(c, products.popular(&mut aims, c))
            } else {
                PRODUCT_CATEGORIES[c].0.to_string()
            };
            (!held(&id, &goals)).then_some(id)
        });
        if let Some(id) = found {
            goals[k].skill = id;
        }
    }
    p.skills = SkillLevels(skills);
    p.goals = goals;

    // Experiences accumulate over a career.
    let mut experiences: Vec<&str> = Vec::new();
    if industry != "software" && rng.chance(0.5) {
        experiences.push("career-switch");
    }
    if height == 1 && s == 4 && rng.chance(0.4) {
        experiences.push("first-time-manager");
    }
    let more = rng.poisson(0.4 + 0.25 * f64::from(s)).min(4) as usize;
    let drawn = draw_distinct(&mut rng, EXPERIENCES, more, |e| experiences.contains(&e));
    experiences.extend(drawn);
    p.experiences = experiences.into_iter().map(str::to_string).collect();

    p.mentor_capacity = u32::from(core.mentor_capacity[i]);
    p.sponsor_capacity = u32::from(core.sponsor_capacity[i]);
    if seeks_mentor {
        p.seeks.push(Role::Mentor);
    }
    if core.seeks_sponsor[i] {
        p.seeks.push(Role::Sponsor);
    }
    // Hubs are there to introduce people; the draw is made all the same so
    // that the rest of the stream does not depend on who is a hub.
    p.introducible = !rng.chance(config.non_introducible) || core.is_hub(i);
    p.attributes = attributes(i, tree, s, country);

    // A few people block someone in their department; some mentees name
    // seniors in their org they would like to learn from.
    if rng.chance(0.004) {
        let (lo, hi) = tree.department_range(i);
        let j = lo + rng.below(hi - lo);
        if j != i {
            p.blocked.push(ids[j].clone());
        }
    }
    if seeks_mentor && rng.chance(0.08) {
        for _ in 0..1 + rng.below(2) {
            if let Some(j) = senior_in(&mut rng, core, i, tree.org_range(i)) {
                let id = &ids[j as usize];
                if !p.preferred.contains(id) && !p.blocked.contains(id) {
                    p.preferred.push(id.clone());
                }
            }
        }
    }
    p
}

/// The HR attributes of person `i` (seniority `s`, working from
/// `country`): `department`, `grade` and `location`. They follow from draws
/// already made, so adding them changed no other field.
fn attributes(i: usize, tree: &Tree, s: u8, country: &Country) -> Attributes {
    let grade = match (tree.manager[i], tree.height[i]) {
        (NONE, _) => "CEO".to_string(),
        (0, _) => "VP".to_string(),
        // Individual contributors are IC1–IC5 by seniority 0–4, managers
        // M1–M4 by seniority 4–7.
        (_, 0) => format!("IC{}", s + 1),
        _ => format!("M{}", s.saturating_sub(3).max(1)),
    };
    Attributes(vec![
        ("department".to_string(), tree.department_name(i)),
        ("grade".to_string(), grade),
        ("location".to_string(), country.city.to_string()),
    ])
}

// ---------------------------------------------------------------------------
// Affinities
// ---------------------------------------------------------------------------

/// Some mentees (8%) carry external scores (say, from a survey) for one to
/// three people offering mentoring.
fn affinities(core: &Core, ids: &[String], config: &GeneratorConfig) -> Vec<AffinityRecord> {
    let mentors: Vec<u32> = (0..ids.len() as u32)
        .filter(|&i| core.mentor_capacity[i as usize] > 0)
        .collect();
    if mentors.is_empty() {
        return Vec::new();
    }
    let per_mentee: Vec<Vec<AffinityRecord>> = (0..ids.len())
        .into_par_iter()
        .map(|i| {
            let mut rng = Rng::for_item(config.seed, stage::AFFINITY, i as u64);
            if !core.seeks_mentor[i] || !rng.chance(0.08) {
                return Vec::new();
            }
            let mut chosen: Vec<u32> = Vec::new();
            for _ in 0..1 + rng.below(3) {
                let m = *rng.pick(&mentors);
                if m as usize != i && !chosen.contains(&m) {
                    chosen.push(m);
                }
            }
            chosen
                .into_iter()
                .map(|m| {
                    let score = (0.55 + 0.2 * rng.normal()).clamp(0.0, 1.0);
                    let mentor_score = rng
                        .chance(0.5)
                        .then(|| (score + 0.15 * rng.normal()).clamp(0.0, 1.0));
                    AffinityRecord {
                        mentee: ids[i].clone(),
                        mentor: ids[m as usize].clone(),
                        score: round2(score),
                        mentor_score: mentor_score.map(round2),
                    }
                })
                .collect()
        })
        .collect();
    per_mentee.into_iter().flatten().collect()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::HistoryRecord;
    use std::collections::HashSet;

    #[test]
    fn vocabulary_names_only_skills_of_the_taxonomy() {
        let known: HashSet<&str> = TAXONOMY.iter().map(|t| t.0).collect();
        assert_eq!(known.len(), TAXONOMY.len(), "a skill is declared twice");
        let declared_before = |k: usize, parent: &str| TAXONOMY[..k].iter().any(|t| t.0 == parent);
        for (k, (id, parent)) in TAXONOMY.iter().enumerate() {
            assert!(!id.contains([';', ':', ' ']), "{id}");
            if let Some(parent) = parent {
                assert!(declared_before(k, parent), "{id}'s parent {parent}");
            }
        }
        let tables = ORGS
            .iter()
            .map(|o| o.skills)
            .chain([MANAGER_SKILLS, ASPIRATIONAL_SKILLS]);
        for table in tables {
            for (skill, weight) in table {
                assert!(known.contains(skill), "{skill} is not in the taxonomy");
                assert!(*weight > 0.0);
            }
        }
        // Product categories hang under skills (or at the root), and every
        // org names only categories.
        let categories: HashSet<&str> = PRODUCT_CATEGORIES.iter().map(|c| c.0).collect();
        assert_eq!(categories.len(), PRODUCT_CATEGORIES.len());
        for (category, parent) in PRODUCT_CATEGORIES {
            assert!(!known.contains(category), "{category} is also a skill");
            assert!(!category.contains([';', ':', ' ', '/']), "{category}");
            assert!(parent.is_none_or(|p| known.contains(p)), "{category}");
        }
        let tables = ORGS.iter().map(|o| o.products).chain([EXECUTIVE_PRODUCTS]);
        for table in tables {
            assert!(!table.is_empty());
            for (category, weight) in table {
                assert!(categories.contains(category), "{category}");
                assert!(*weight > 0.0);
            }
        }
    }

    #[test]
    fn products_grow_with_the_organisation_in_unequal_categories() {
        let total = |p: &Products| p.sizes.iter().sum::<usize>();
        for (people, expected) in [
            (0, MIN_PRODUCTS),
            (300, MIN_PRODUCTS),
            (100_000, 4_000),
            (1_000_000, 40_000),
            (u32::MAX as usize, MAX_PRODUCTS),
        ] {
            let products = Products::for_people(people);
            assert_eq!(total(&products), expected, "{people} people");
            assert!(products.sizes.iter().all(|&s| s >= 1));
            assert!(products.sizes.windows(2).all(|w| w[0] >= w[1]));
        }
        // About half of all products are in the largest category.
        let large = Products::for_people(100_000);
        assert!(large.sizes[0] >= 2_000, "{:?}", large.sizes);
        assert!(large.sizes[0] > 50 * large.sizes[large.sizes.len() - 1]);
        assert_eq!(large.fit.len(), ORGS.len() + 1);
    }

    #[test]
    fn popular_products_are_drawn_far_more_often() {
        let products = Products::for_people(100_000);
        let m = products.sizes[0];
        let mut rng = Rng::for_item(1, 0, 0);
        let mut counts = vec![0usize; m];
        let draws = 100_000;
        for _ in 0..draws {
            counts[products.popular(&mut rng, 0)] += 1;
        }
        // Zipf with exponent 1: rank 0 takes ln 2 / ln(m + 1) of the draws,
        // rank r about 1 / ((r + 1.5) ln(m + 1)).
        let expected = draws as f64 * 2f64.ln() / (m as f64 + 1.0).ln();
        assert!(
            (counts[0] as f64 / expected - 1.0).abs() < 0.05,
            "{counts:?}"
        );
        assert!(counts[0] > 5 * counts[9] && counts[9] > 5 * counts[199]);
        let unused = counts.iter().filter(|&&c| c == 0).count();
        assert!(unused < m / 10, "{unused} of {m} never drawn");
        let one = Products::for_people(0);
        let last = one.sizes.len() - 1;
        assert!((0..100).all(|_| one.popular(&mut rng, last) < one.sizes[last]));
    }

    #[test]
    fn hub_ties_are_distinct_and_skip_the_hub() {
        for (n, hub) in [(2_000, 0), (2_000, 1_999), (20_000, 777), (300_000, 5)] {
            let ties = hub_ties(hub, n, 3);
            assert_eq!(ties.len(), (n / 10).min(MAX_HUB_TIES), "n={n}");
            let others: HashSet<u32> = ties
                .iter()
                .map(|&(key, kind)| {
                    assert_eq!(kind, kind::HUB);
                    let (a, b) = ((key >> 32) as u32, key as u32);
                    assert!(a < b && (a == hub || b == hub) && (b as usize) < n);
                    a + b - hub
                })
                .collect();
            assert_eq!(others.len(), ties.len());
        }
        // No ties when a tenth of the organisation is nobody.
        assert_eq!(hub_ties(2, 5, 1).len(), 0);
    }

    #[test]
    fn hubs_are_senior_introducers_from_two_thousand_people() {
        let hubs_of = |people| {
            let config = GeneratorConfig {
                people,
                ..GeneratorConfig::default()
            };
            let tree = Tree::grow(people, config.seed);
            let mut core = cores(&tree, &config);
            make_hubs(&tree, &mut core, config.seed);
            for &h in &core.hubs {
                let h = h as usize;
                assert!((5..=7).contains(&core.seniority[h]));
                assert!(core.mentor_capacity[h] >= 1 && core.sponsor_capacity[h] >= 1);
            }
            core.hubs.len()
        };
        assert_eq!(hubs_of(1_999), 0);
        assert_eq!(hubs_of(2_000), 1);
        assert_eq!(hubs_of(40_000), 2);
        assert_eq!(hubs_of(110_000), 6);
    }

    #[test]
    fn shares_split_exactly_and_leave_no_part_empty() {
        assert_eq!(split_by_shares(10, &[1.0, 1.0]), vec![5, 5]);
        assert_eq!(split_by_shares(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
        assert_eq!(split_by_shares(3, &[30.0, 14.0, 2.0]), vec![1, 1, 1]);
        for total in [1, 7, 99, 1000] {
            let parts = split_by_shares(total, &[30.0, 14.0, 10.0, 2.0]);
            assert_eq!(parts.iter().sum::<usize>(), total);
        }
    }

    #[test]
    fn units_are_contiguous_and_spans_realistic() {
        let tree = Tree::grow(20_000, 3);
        for i in 0..tree.len() {
            let end = tree.end[i] as usize;
            assert!(end > i && end <= tree.len());
            for &r in tree.reports(i) {
                assert_eq!(tree.manager[r as usize] as usize, i);
                assert!(
                    (r as usize) > i && (r as usize) < end,
                    "report outside unit"
                );
            }
            let span = tree.reports(i).len();
            if i > 0 && tree.height[i] > 0 {
                assert!((2..=16).contains(&span), "manager {i} has {span} reports");
            }
        }
        // Every manager below the org heads has at most a few levels above.
        assert!(tree.height[0] <= 8, "height {}", tree.height[0]);
    }

    #[test]
    fn merging_keeps_every_pair_once_with_its_closest_kind() {
        let old = vec![(1, 2), (3, 0), (7, 4)];
        let new = vec![(0, 5), (3, 2), (7, 1), (9, 3)];
        assert_eq!(
            merge(old, new),
            vec![(0, 5), (1, 2), (3, 0), (7, 1), (9, 3)]
        );
        assert_eq!(merge(vec![], vec![(4, 4)]), vec![(4, 4)]);
        assert_eq!(merge(vec![(4, 4)], vec![]), vec![(4, 4)]);
    }

    /// Each past mentor pair's outcome and its combined score under
    /// `weights`, scored as [`plant_outcomes`] scores it.
    fn truth_scores(data: &Dataset, weights: &Weights) -> Vec<(Outcome, f64)> {
        let network = Network::from_dataset(data, &LoadOptions::default()).unwrap();
        let config = Config {
            weights: weights.clone(),
            ..Config::default()
        };
        let scorer = MentorScorer::new(&network, &config).unwrap();
        let id = |name: &str| network.person_id(name).unwrap();
        data.history
            .iter()
            .filter(|h| h.kind == Role::Mentor)
            .map(|h| {
                let score = scorer.evaluate_known(id(&h.mentee), id(&h.mentor)).score;
                (h.outcome, score.combined)
            })
            .collect()
    }

    fn count(outcomes: &[(Outcome, f64)], outcome: Outcome) -> usize {
        outcomes.iter().filter(|o| o.0 == outcome).count()
    }

    #[test]
    fn the_same_dataset_on_one_and_two_threads() {
        let config = GeneratorConfig {
            people: 2_500,
            seed: 5,
            ..GeneratorConfig::default()
        };
        let on = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| generate(&config))
        };
        let one = on(1);
        // The planted outcomes are part of what must not change.
        let planted: HashSet<Outcome> = one.history.iter().map(|h| h.outcome).collect();
        assert_eq!(planted.len(), 3, "{:?}", one.history);
        assert_eq!(one, on(2));
    }

    #[test]
    fn every_past_pair_is_tied_whatever_its_outcome() {
        for outcomes in [Outcomes::default(), Outcomes::Random] {
            let data = generate(&GeneratorConfig {
                people: 3_000,
                seed: 2,
                outcomes,
                ..GeneratorConfig::default()
            });
            let kinds: std::collections::HashMap<(&str, &str), &str> = data
                .ties
                .iter()
                .flat_map(|t| {
                    let kind = t.kind.as_deref().unwrap();
                    [((&*t.a, &*t.b), kind), ((&*t.b, &*t.a), kind)]
                })
                .collect();
            let mut mentor_ties = HashSet::new();
            for h in &data.history {
                // A past mentor who is also the manager keeps the closer
                // `manager` tie.
                let kind = kinds[&(&*h.mentee, &*h.mentor)];
                assert!(kind == "mentor" || kind == "manager", "{h:?}: {kind}");
                if kind == "mentor" {
                    mentor_ties.insert(h.outcome);
                }
            }
            assert_eq!(mentor_ties.len(), 3, "{mentor_ties:?}");
        }
    }

    #[test]
    fn planted_outcomes_follow_the_truth() {
        let truth = Outcomes::planted_weights();
        let config = GeneratorConfig {
            people: 3_000,
            seed: 4,
            ..GeneratorConfig::default()
        };
        let data = generate(&config);
        let scored = truth_scores(&data, &truth);
        let m = scored.len();
        assert!(m > 100, "{m} past mentor pairs");
        let mean = |outcome| {
            let of: Vec<f64> = scored
                .iter()
                .filter(|o| o.0 == outcome)
                .map(|o| o.1)
                .collect();
            of.iter().sum::<f64>() / of.len() as f64
        };
        assert!(
            mean(Outcome::Good) > mean(Outcome::Neutral)
                && mean(Outcome::Neutral) > mean(Outcome::Bad),
            "good {}, neutral {}, bad {}",
            mean(Outcome::Good),
            mean(Outcome::Neutral),
            mean(Outcome::Bad)
        );
        assert_eq!(
            count(&scored, Outcome::Good),
            (0.6 * m as f64).round() as usize
        );
        assert_eq!(
            count(&scored, Outcome::Bad),
            m - (0.88 * m as f64).round() as usize
        );

        // Without noise the outcomes sort the pairs by their truth score.
        let exact = generate(&GeneratorConfig {
            outcomes: Outcomes::Planted {
                weights: truth.clone(),
                noise: 0.0,
            },
            ..config.clone()
        });
        let scored = truth_scores(&exact, &truth);
        let range = |outcome| {
            let of = scored.iter().filter(|o| o.0 == outcome).map(|o| o.1);
            (
                of.clone().fold(f64::INFINITY, f64::min),
                of.fold(f64::NEG_INFINITY, f64::max),
            )
        };
        let (good, neutral, bad) = (
            range(Outcome::Good),
            range(Outcome::Neutral),
            range(Outcome::Bad),
        );
        assert!(
            good.0 >= neutral.1 && neutral.0 >= bad.1,
            "{good:?} {neutral:?} {bad:?}"
        );
        // Only the outcomes differ: noise draws nothing else.
        let strip = |d: &Dataset| {
            let mut d = d.clone();
            d.history
                .iter_mut()
                .for_each(|h| h.outcome = Outcome::Neutral);
            d
        };
        assert_eq!(strip(&data), strip(&exact));
        // Sponsor pairs keep the random draw of `Outcomes::Random`.
        let random = generate(&GeneratorConfig {
            outcomes: Outcomes::Random,
            ..config
        });
        let sponsors = |d: &Dataset| -> Vec<HistoryRecord> {
            d.history
                .iter()
                .filter(|h| h.kind == Role::Sponsor)
                .cloned()
                .collect()
        };
        assert!(!sponsors(&data).is_empty());
        assert_eq!(sponsors(&data), sponsors(&random));
    }

    #[test]
    fn random_outcomes_keep_the_split() {
        let data = generate(&GeneratorConfig {
            people: 10_000,
            seed: 6,
            outcomes: Outcomes::Random,
            ..GeneratorConfig::default()
        });
        let n = data.history.len() as f64;
        assert!(n > 300.0, "{n} past pairs");
        let share = |o| data.history.iter().filter(|h| h.outcome == o).count() as f64 / n;
        // About 3.5 standard deviations of a binomial share at 400 pairs.
        assert!(
            (share(Outcome::Good) - 0.6).abs() < 0.085,
            "{}",
            share(Outcome::Good)
        );
        assert!(
            (share(Outcome::Neutral) - 0.28).abs() < 0.08,
            "{}",
            share(Outcome::Neutral)
        );
        assert!(
            (share(Outcome::Bad) - 0.12).abs() < 0.055,
            "{}",
            share(Outcome::Bad)
        );
    }

    #[test]
    #[should_panic(expected = "outcome noise = -1 must be finite and non-negative")]
    fn negative_noise_is_refused() {
        generate(&GeneratorConfig {
            people: 10,
            outcomes: Outcomes::Planted {
                weights: Outcomes::planted_weights(),
                noise: -1.0,
            },
            ..GeneratorConfig::default()
        });
    }

    #[test]
    fn weighted_draws_stay_in_range_and_follow_weights() {
        let prefix = [0.0, 1.0, 4.0, 4.0, 5.0];
        let mut rng = Rng::for_item(1, 0, 0);
        let mut counts = [0usize; 4];
        for _ in 0..10_000 {
            counts[weighted_in(&mut rng, &prefix, (0, 4))] += 1;
        }
        assert_eq!(counts[2], 0, "a zero weight is never drawn");
        // Weights 1, 3, 0, 1 of 5.
        assert!((5_700..6_300).contains(&counts[1]), "{counts:?}");
        assert!((1_800..2_200).contains(&counts[0]), "{counts:?}");
        assert!((1_800..2_200).contains(&counts[3]), "{counts:?}");
        for _ in 0..100 {
            let j = weighted_in(&mut rng, &prefix, (1, 3));
            assert!((1..3).contains(&j));
        }
    }
}
