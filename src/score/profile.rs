//! Per-person data precomputed once for scoring: compact cards, flat sorted
//! lists, the taxonomy neighbourhood of every skill, and the skill-cover
//! arithmetic shared by `skill_fit`, `reciprocity` and `domain`.
//!
//! Scoring touches two people per pair, millions of times; reading compact
//! arrays instead of chasing each `Person`'s heap vectors keeps the hot path
//! in cache and free of allocation.

use crate::model::{Label, PersonId, Seek, SkillId};
use crate::network::Network;

/// Variable-length lists for every index, stored back to back.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flat<T> {
    start: Vec<usize>,
    items: Vec<T>,
}

impl<T> Flat<T> {
    /// Builds from one list per index, in index order.
    pub(crate) fn from_lists(lists: impl IntoIterator<Item = impl IntoIterator<Item = T>>) -> Self {
        let mut start = vec![0];
        let mut items = Vec::new();
        for list in lists {
            items.extend(list);
            start.push(items.len());
        }
        Flat { start, items }
    }

    /// Builds from `(index, item)` pairs for indexes `0..len`, keeping each
    /// index's items in the order given (a stable counting sort).
    pub(crate) fn from_pairs(len: usize, pairs: &[(usize, T)]) -> Self
    where
        T: Copy,
    {
        let mut start = vec![0usize; len + 1];
        for &(i, _) in pairs {
            start[i + 1] += 1;
        }
        for i in 0..len {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut items: Vec<Option<T>> = vec![None; pairs.len()];
        for &(i, item) in pairs {
            items[next[i]] = Some(item);
            next[i] += 1;
        }
        Flat {
            start,
            items: items
                .into_iter()
                .map(|x| x.expect("every slot filled"))
                .collect(),
        }
    }

    /// The number of lists.
    pub(crate) fn len(&self) -> usize {
        self.start.len() - 1
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> &[T] {
        &self.items[self.start[i]..self.start[i + 1]]
    }
}

/// A goal still to be reached: the learner's current level, the distance to
/// the target, and the priority.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Need {
    pub current: f64,
    pub need: f64,
    pub priority: f64,
}

/// The compact facts about one person that pair criteria read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Card {
    pub seniority: i32,
    /// `u32::MAX` when unknown.
    pub org: u32,
    /// `u32::MAX` when unknown.
    pub industry: u32,
    /// NaN when unknown.
    pub timezone: f64,
    /// `u32::MAX` when none.
    pub manager: u32,
    pub introducible: bool,
    /// Whether this person blocks anyone (most do not: skip the search).
    pub blocks_any: bool,
}

pub(crate) const NONE: u32 = u32::MAX;

/// Every skill's neighbourhood in the taxonomy: the skills within two steps
/// and the credit each gives, `credit^distance`, sorted by skill.
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    around: Flat<(SkillId, f64)>,
}

impl Taxonomy {
    pub(crate) fn new(network: &Network, credit: f64) -> Taxonomy {
        let skills = network.skills();
        let mut children = vec![Vec::new(); skills.len()];
        for (i, s) in skills.iter().enumerate() {
            if let Some(p) = s.parent {
                children[p.index()].push(SkillId::new(i));
            }
        }
        let lists = (0..skills.len()).map(|i| {
            let me = SkillId::new(i);
            let one = credit;
            let two = credit * credit;
            let mut near = vec![(me, 1.0)];
            for &c in &children[i] {
                near.push((c, one));
                near.extend(children[c.index()].iter().map(|&g| (g, two)));
            }
            if let Some(p) = skills[i].parent {
                near.push((p, one));
                near.extend(
                    children[p.index()]
                        .iter()
                        .filter(|&&s| s != me)
                        .map(|&s| (s, two)),
                );
                if let Some(g) = skills[p.index()].parent {
                    near.push((g, two));
                }
            }
            // A skill reachable two ways keeps its best credit; a credit of 0
            // means "not at all", so drop it rather than scan it.
            near.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
            near.dedup_by_key(|x| x.0);
            near.retain(|x| x.1 > 0.0);
            near
        });
        Taxonomy {
            around: Flat::from_lists(lists),
        }
    }

    /// The skills within two taxonomy steps of `skill` (itself included)
    /// with their credit, sorted by skill.
    #[inline]
    pub(crate) fn around(&self, skill: SkillId) -> &[(SkillId, f64)] {
        self.around.get(skill.index())
    }
}

/// Shared per-person data for both scorers.
#[derive(Debug, Clone)]
pub(crate) struct Profiles {
    pub cards: Vec<Card>,
    pub skills: Flat<(SkillId, u8)>,
    pub experiences: Flat<Label>,
    pub languages: Flat<Label>,
    pub preferred: Flat<PersonId>,
    /// Who lists each person as preferred, sorted.
    pub preferred_by: Flat<PersonId>,
    pub blocked: Flat<PersonId>,
    /// Ties as (neighbour, strength), sorted by neighbour.
    pub adjacency: Flat<(PersonId, f64)>,
    /// Each person's open goals as a learner of mentoring: level above current.
    pub needs: Flat<Need>,
    /// Sum of `needs` priorities per person (0 when none are open).
    pub need_total: Vec<f64>,
    /// For each person's open goals, the taxonomy neighbours that cover them:
    /// (skill, goal index into `needs`, credit).
    pub need_cover: Flat<(SkillId, u32, f64)>,
    /// Affinities by mentee: (mentor, score, mentor_score), sorted by mentor.
    pub affinities: Flat<(PersonId, f64, f64)>,
    /// Past mentors of each person (history kind `mentor`), sorted.
    pub past_mentors: Flat<PersonId>,
    /// The most goals anyone has.
    pub max_goals: usize,
}

impl Profiles {
    pub(crate) fn new(network: &Network, taxonomy: &Taxonomy) -> Profiles {
        let people = network.people();
        let n = people.len();
        let label = |l: Option<Label>| l.map_or(NONE, |l| l.0);
        let cards = people
            .iter()
            .map(|p| Card {
                seniority: i32::from(p.seniority),
                org: label(p.org),
                industry: label(p.industry),
                timezone: p.timezone.unwrap_or(f64::NAN),
                manager: p.manager.map_or(NONE, |m| m.0),
                introducible: p.introducible,
                blocks_any: !p.blocked.is_empty(),
            })
            .collect();
        let mut preferred_by = Vec::new();
        for (i, p) in people.iter().enumerate() {
            for &q in &p.preferred {
                preferred_by.push((q.index(), PersonId::new(i)));
            }
        }
        let mut needs_lists = Vec::with_capacity(n);
        let mut cover_lists = Vec::with_capacity(n);
        let mut need_total = Vec::with_capacity(n);
        for p in people {
            let mut needs = Vec::new();
            let mut cover = Vec::new();
            let mut total = 0.0;
            for g in &p.goals {
                let current = p.level(g.skill);
                if g.level <= current {
                    continue;
                }
                let index = needs.len() as u32;
                needs.push(Need {
                    current: f64::from(current),
                    need: f64::from(g.level - current),
                    priority: f64::from(g.priority),
                });
                total += f64::from(g.priority);
                cover.extend(taxonomy.around(g.skill).iter().map(|&(k, f)| (k, index, f)));
            }
            needs_lists.push(needs);
            cover_lists.push(cover);
            need_total.push(total);
        }
        let mut affinities: Vec<(usize, (PersonId, f64, f64))> = network
            .affinities()
            .iter()
            .map(|a| (a.mentee.index(), (a.mentor, a.score, a.mentor_score)))
            .collect();
        affinities.sort_by_key(|&(m, (t, _, _))| (m, t));
        let mut past: Vec<(usize, PersonId)> = network
            .history()
            .iter()
            .filter(|h| h.kind == Seek::Mentor)
            .map(|h| (h.mentee.index(), h.mentor))
            .collect();
        past.sort();
        past.dedup();
        let adjacency = Flat::from_lists(network.person_ids().map(|p| {
            network
                .neighbors(p)
                .iter()
                .map(|nb| (nb.person, network.tie(nb.tie).strength))
        }));
        Profiles {
            cards,
            skills: Flat::from_lists(
                people
                    .iter()
                    .map(|p| p.skills.iter().map(|s| (s.skill, s.level))),
            ),
            experiences: Flat::from_lists(people.iter().map(|p| p.experiences.iter().copied())),
            languages: Flat::from_lists(people.iter().map(|p| p.languages.iter().copied())),
            preferred: Flat::from_lists(people.iter().map(|p| p.preferred.iter().copied())),
            preferred_by: Flat::from_pairs(n, &preferred_by),
            blocked: Flat::from_lists(people.iter().map(|p| p.blocked.iter().copied())),
            adjacency,
            needs: Flat::from_lists(needs_lists),
            need_total,
            need_cover: Flat::from_lists(cover_lists),
            affinities: Flat::from_pairs(n, &affinities),
            past_mentors: Flat::from_pairs(n, &past),
            max_goals: people.iter().map(|p| p.goals.len()).max().unwrap_or(0),
        }
    }

    /// Whether either of `a` and `b` blocks the other.
    #[inline]
    pub(crate) fn blocked_either_way(&self, a: PersonId, b: PersonId) -> bool {
        (self.cards[a.index()].blocks_any && self.blocked.get(a.index()).binary_search(&b).is_ok())
            || (self.cards[b.index()].blocks_any
                && self.blocked.get(b.index()).binary_search(&a).is_ok())
    }

    /// Whether `a` and `b` are on one reporting line within `levels` steps.
    #[inline]
    pub(crate) fn in_reporting_chain(&self, a: PersonId, b: PersonId, levels: u32) -> bool {
        let reaches = |from: PersonId, to: PersonId| {
            let mut at = from.0;
            for _ in 0..levels {
                let m = self.cards[at as usize].manager;
                if m == NONE {
                    return false;
                }
                if m == to.0 {
                    return true;
                }
                at = m;
            }
            false
        };
        reaches(a, b) || reaches(b, a)
    }

    /// Whether `a` lists `b` as preferred.
    #[inline]
    pub(crate) fn prefers(&self, a: PersonId, b: PersonId) -> bool {
        let list = self.preferred.get(a.index());
        !list.is_empty() && list.binary_search(&b).is_ok()
    }
}

/// The hours between two UTC offsets going round the clock, in [0, 12];
/// NaN when either is unknown.
#[inline]
pub(crate) fn timezone_gap(a: f64, b: f64) -> f64 {
    let d = (a - b).abs() % 24.0;
    d.min(24.0 - d)
}

/// The number of labels two sorted lists share.
#[inline]
pub(crate) fn shared(a: &[Label], b: &[Label]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The learner side of the skill-cover formula, laid out for one learner so
/// that each teacher is scored in time linear in the teacher's skills: for
/// every skill, which of the learner's open goals it covers and at what credit.
#[derive(Debug, Clone, Default)]
pub(crate) struct CoverMap {
    /// By skill: a range into `cover`.
    slot: Vec<(u32, u32)>,
    cover: Vec<(u32, f64)>,
    staging: Vec<(SkillId, u32, f64)>,
    needs: Vec<Need>,
    total: f64,
    best: Vec<f64>,
}

impl CoverMap {
    pub(crate) fn new(skills: usize) -> CoverMap {
        CoverMap {
            slot: vec![(0, 0); skills],
            ..CoverMap::default()
        }
    }

    /// Lays out `needs` (with their neighbourhood `cover`, as in
    /// [`Profiles::need_cover`]) for scoring teachers against.
    pub(crate) fn load(&mut self, needs: &[Need], total: f64, cover: &[(SkillId, u32, f64)]) {
        self.clear();
        self.needs.extend_from_slice(needs);
        self.total = total;
        self.best.clear();
        self.best.resize(needs.len(), 0.0);
        self.staging.extend_from_slice(cover);
        self.staging.sort_by_key(|&(k, g, _)| (k, g));
        let mut i = 0;
        while i < self.staging.len() {
            let k = self.staging[i].0;
            let from = self.cover.len();
            while i < self.staging.len() && self.staging[i].0 == k {
                self.cover.push((self.staging[i].1, self.staging[i].2));
                i += 1;
            }
            self.slot[k.index()] = (from as u32, (self.cover.len() - from) as u32);
        }
    }

    fn clear(&mut self) {
        for &(k, _, _) in &self.staging {
            self.slot[k.index()] = (0, 0);
        }
        self.staging.clear();
        self.cover.clear();
        self.needs.clear();
        self.total = 0.0;
    }

    /// The skills that cover some open goal (each once per goal it covers).
    pub(crate) fn covering_skills(&self) -> impl Iterator<Item = SkillId> + '_ {
        self.staging.iter().map(|&(k, _, _)| k)
    }

    /// `Σ p_g × max_k credit × clamp((ℓ_k − c_g) / need_g, 0, 1) / Σ p_g` for
    /// the teacher's `skills`; 0 when no goal is open.
    #[inline]
    pub(crate) fn cover(&mut self, skills: &[(SkillId, u8)]) -> f64 {
        if self.needs.is_empty() {
            return 0.0;
        }
        for &(k, level) in skills {
            let (from, len) = self.slot[k.index()];
            for &(g, credit) in &self.cover[from as usize..(from + len) as usize] {
                let n = self.needs[g as usize];
                let v = credit * ((f64::from(level) - n.current) / n.need).clamp(0.0, 1.0);
                let best = &mut self.best[g as usize];
                if v > *best {
                    *best = v;
                }
            }
        }
        let mut sum = 0.0;
        for (n, best) in self.needs.iter().zip(self.best.iter_mut()) {
            sum += n.priority * *best;
            *best = 0.0;
        }
        sum / self.total
    }
}

/// The teacher-side of the skill-cover formula for one learner whose needs
/// are given directly, with the teacher's levels in a dense array: used for
/// `reciprocity`, where the learner (the mentor) changes with every pair.
#[inline]
pub(crate) fn cover_dense(
    needs: &[Need],
    total: f64,
    cover: &[(SkillId, u32, f64)],
    teacher_level: &[u8],
    best: &mut [f64],
) -> f64 {
    if needs.is_empty() {
        return 0.0;
    }
    for &(k, g, credit) in cover {
        let level = teacher_level[k.index()];
        if level == 0 {
            continue;
        }
        let n = needs[g as usize];
        let v = credit * ((f64::from(level) - n.current) / n.need).clamp(0.0, 1.0);
        if v > best[g as usize] {
            best[g as usize] = v;
        }
    }
    let mut sum = 0.0;
    for (n, b) in needs.iter().zip(best.iter_mut()) {
        sum += n.priority * *b;
        *b = 0.0;
    }
    sum / total
}

/// The best warmth, over at most two ties, from one person to everyone.
///
/// `reach[x]` is the direct tie's strength or the best `s(m, n) × s(n, x)`
/// through an introducible `n` that neither blocks nor is blocked by `m` or
/// `x`. Cost: the sum of the degrees of `m`'s neighbours; only touched
/// entries are reset.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    reach: Vec<f64>,
    touched: Vec<PersonId>,
}

impl Reach {
    pub(crate) fn new(people: usize) -> Reach {
        Reach {
            reach: vec![0.0; people],
            touched: Vec::new(),
        }
    }

    pub(crate) fn load(&mut self, profiles: &Profiles, from: PersonId) {
        self.clear();
        let raise = |reach: &mut Vec<f64>, touched: &mut Vec<PersonId>, x: PersonId, w: f64| {
            let r = &mut reach[x.index()];
            if *r == 0.0 {
                touched.push(x);
            }
            if w > *r {
                *r = w;
            }
        };
        for &(n, s1) in profiles.adjacency.get(from.index()) {
            raise(&mut self.reach, &mut self.touched, n, s1);
            if !profiles.cards[n.index()].introducible || profiles.blocked_either_way(from, n) {
                continue;
            }
            for &(x, s2) in profiles.adjacency.get(n.index()) {
                if x == from || profiles.blocked_either_way(n, x) {
                    continue;
                }
                raise(&mut self.reach, &mut self.touched, x, s1 * s2);
            }
        }
    }

    fn clear(&mut self) {
        for &x in &self.touched {
            self.reach[x.index()] = 0.0;
        }
        self.touched.clear();
    }

    #[inline]
    pub(crate) fn get(&self, to: PersonId) -> f64 {
        self.reach[to.index()]
    }

    /// The people reached with positive warmth (each once, in discovery order).
    pub(crate) fn reached(&self) -> &[PersonId] {
        &self.touched
    }
}

/// Marks people as seen for the current person, without clearing between
/// people: a stamp per person, bumped for each new round.
#[derive(Debug, Clone, Default)]
pub(crate) struct Seen {
    stamp: Vec<u32>,
    round: u32,
}

impl Seen {
    pub(crate) fn new(people: usize) -> Seen {
        Seen {
            stamp: vec![0; people],
            round: 0,
        }
    }

    pub(crate) fn next_round(&mut self) {
        self.round = self.round.wrapping_add(1);
        if self.round == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.round = 1;
        }
    }

    /// Marks `p`; true when it was not yet marked this round.
    #[inline]
    pub(crate) fn insert(&mut self, p: PersonId) -> bool {
        let s = &mut self.stamp[p.index()];
        if *s == self.round {
            false
        } else {
            *s = self.round;
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, LoadOptions};

    fn story() -> Network {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/story.json");
        load(path, &LoadOptions::default()).unwrap()
    }

    #[test]
    fn taxonomy_neighbourhood_credits_by_distance() {
        let net = story();
        let tax = Taxonomy::new(&net, 0.5);
        let id = |s: &str| net.skill_id(s).unwrap();
        let around: Vec<(&str, f64)> = tax
            .around(id("rust"))
            .iter()
            .map(|&(k, f)| (net.skill(k).id.as_str(), f))
            .collect();
        let mut expected = vec![
            ("rust", 1.0),
            ("programming", 0.5),
            ("python", 0.25),
            ("systems-programming", 0.25),
        ];
        expected.sort_by_key(|&(s, _)| id(s));
        assert_eq!(around, expected);
        // A root reaches its children at one step and grandchildren at two.
        let leadership: Vec<&str> = tax
            .around(id("leadership"))
            .iter()
            .map(|&(k, _)| net.skill(k).id.as_str())
            .collect();
        assert!(leadership.contains(&"public-speaking"));
        assert!(!leadership.contains(&"rust"));
        // Credit 0 leaves only the skill itself.
        assert_eq!(
            Taxonomy::new(&net, 0.0).around(id("rust")),
            &[(id("rust"), 1.0)]
        );
    }

    #[test]
    fn timezone_gap_goes_round_the_clock() {
        assert_eq!(timezone_gap(-5.0, 1.0), 6.0);
        assert_eq!(timezone_gap(-11.0, 12.0), 1.0);
        assert_eq!(timezone_gap(9.0, -3.0), 12.0);
        assert!(timezone_gap(f64::NAN, 1.0).is_nan());
    }

    #[test]
    fn flat_from_pairs_is_stable() {
        let f = Flat::from_pairs(3, &[(2, 'a'), (0, 'b'), (2, 'c')]);
        assert_eq!(f.get(0), &['b']);
        assert_eq!(f.get(1), &[] as &[char]);
        assert_eq!(f.get(2), &['a', 'c']);
    }
}
