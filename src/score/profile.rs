//! Per-person data precomputed once for scoring: compact cards, flat sorted
//! lists, the taxonomy neighbourhood of every skill, and the skill-cover
//! arithmetic shared by `skill_fit`, `reciprocity` and `domain`.
//!
//! Scoring touches two people per pair, millions of times; reading compact
//! arrays instead of chasing each `Person`'s heap vectors keeps the hot path
//! in cache and free of allocation.

pub(crate) use crate::csr::Flat;
use crate::model::{Label, PersonId, Role, SkillId};
use crate::network::Network;
use crate::records::Outcome;

/// The most open goals a learner's [`CoverMap`] lays out densely.
pub(crate) const DENSE_GOALS: usize = 4;

/// A goal still to be reached: the skill, the learner's current level, the
/// inverse of the distance to the target (a multiplication is cheaper than
/// a division in the hot loop), and the priority.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Need {
    pub skill: SkillId,
    pub current: f64,
    pub inv_need: f64,
    pub priority: f64,
}

impl Need {
    /// How far a teacher at `level` takes the learner towards the target,
    /// in [0, 1]: `clamp((level − current) / need, 0, 1)`.
    #[inline]
    pub(crate) fn progress(&self, level: u8) -> f64 {
        ((f64::from(level) - self.current) * self.inv_need).clamp(0.0, 1.0)
    }
}

/// A skill and level packed in one `u32`: `skill << 3 | level`.
#[inline]
pub(crate) fn pack_skill(skill: SkillId, level: u8) -> u32 {
    debug_assert!(level <= 7 && skill.node() < 1 << 29);
    skill.node() << 3 | u32::from(level)
}

/// The skill and level of a packed `u32`.
#[inline]
pub(crate) fn unpack_skill(x: u32) -> (SkillId, u8) {
    (SkillId::untagged((x >> 3) as usize), (x & 7) as u8)
}

/// The compact facts about one person that pair criteria read. The
/// variable-length parts (skills, languages, experience tags) sit back to
/// back in [`Profiles::packed`] from `data`, so that scoring a pair reads
/// one card and one short run of memory per person.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Card {
    pub data: u32,
    pub skills: u32,
    pub languages: u32,
    pub experiences: u32,
    pub seniority: i32,
    /// `u32::MAX` when unknown.
    pub org: u32,
    /// `u32::MAX` when unknown.
    pub industry: u32,
    /// NaN when unknown.
    pub timezone: f64,
    /// `u32::MAX` when none.
    pub manager: u32,
    /// Where this person's open goals start in [`Profiles::needs`], how
    /// many there are, and the sum of their priorities (0 when none).
    pub needs: u32,
    pub need_count: u32,
    pub need_total: f64,
    /// The manager's manager; `u32::MAX` when none.
    pub skip_manager: u32,
    /// One bit per language (by rank among all languages), when there are
    /// at most 64 languages in the network (see [`Profiles::exact_masks`]).
    pub language_mask: u64,
    /// One bit per experience tag, likewise.
    pub experience_mask: u64,
    pub introducible: bool,
    /// Whether this person blocks anyone (most do not: skip the search).
    pub blocks_any: bool,
    /// Whether this person prefers anyone.
    pub prefers_any: bool,
    pub offers_mentor: bool,
    pub offers_sponsor: bool,
}

pub(crate) const NONE: u32 = u32::MAX;

/// The taxonomy's nearness relation, computed from parent links alone.
///
/// A skill is near a goal's skill within two steps: itself (credit 1), its
/// parent or a child (`credit`), its grandparent, a grandchild or a sibling
/// (`credit²`). Materialising every skill's neighbourhood would cost the
/// square of a parent's children (one category holding 50,000 products
/// stores 2.5 billion siblings), so nearness goes through *keys* instead:
/// a teacher's skill `k` is filed under at most three keys — `k` itself,
/// "child of `parent(k)`" and "grandchild of `grandparent(k)`" — and a goal
/// `g` looks at most six keys, each with the credit of the relation it
/// stands for (see [`Taxonomy::goal_keys`]). Both sides are O(1) per skill
/// and memory is linear in the number of skills, whatever the shape.
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    credit: f64,
    /// The number of skills, which is also the "none" sentinel in `up`.
    skills: u32,
    /// By skill: its parent and grandparent (`skills` when none).
    up: Vec<[u32; 2]>,
    /// By skill: a bit standing for the taxonomy tree the skill lies in
    /// (its root's index mod 32). Every skill near a goal (itself, a
    /// parent, grandparent, child, grandchild or sibling) lies in the
    /// goal's tree, so a teacher none of whose skills has the bit of a
    /// goal's tree covers nothing of that goal.
    tree_bits: Vec<u32>,
}

/// The roles a key plays (see [`Taxonomy`]).
const AS_ITSELF: u32 = 0;
const AS_PARENT: u32 = 1;
const AS_GRANDPARENT: u32 = 2;

impl Taxonomy {
    pub(crate) fn new(network: &Network, credit: f64) -> Taxonomy {
        let skills = network.skills();
        // Keys are packed with a level in a `u32` (`key << 3 | level`).
        assert!(
            3 * (skills.len() + 1) < 1 << 29,
            "at most 178 million skills"
        );
        let n = skills.len() as u32;
        let parent = |i: usize| skills[i].parent.map_or(n, |p| p.node());
        let up = (0..skills.len())
            .map(|i| {
                let p = parent(i);
                let g = if p == n { n } else { parent(p as usize) };
                [p, g]
            })
            .collect();
        let mut root: Vec<u32> = vec![NONE; skills.len()];
        let mut chain = Vec::new();
        for i in 0..skills.len() {
            // Up to a skill whose root is known, or a root; then down.
            let mut at = i;
            while root[at] == NONE {
                chain.push(at);
                match skills[at].parent {
                    Some(p) => at = p.index(),
                    None => {
                        root[at] = at as u32;
                        break;
                    }
                }
            }
            let r = root[at];
            for &c in &chain {
                root[c] = r;
            }
            chain.clear();
        }
        Taxonomy {
            credit,
            skills: n,
            up,
            tree_bits: root.iter().map(|&r| 1 << (r % 32)).collect(),
        }
    }

    /// The bit of the tree `skill` lies in (its root's index mod 32): two
    /// sets of skills whose bits share none share no tree.
    #[inline]
    pub(crate) fn tree_bit(&self, skill: SkillId) -> u32 {
        self.tree_bits[skill.index()]
    }

    /// The tree bits of a teacher's packed keys (see [`expand_skills`]):
    /// every key lies in the tree of the skill it was filed for.
    pub(crate) fn key_trees(&self, keys: &[u32]) -> u32 {
        keys.iter().fold(0, |t, &x| {
            let skill = (x >> 3) % (self.skills + 1);
            if skill == self.skills {
                t
            } else {
                t | self.tree_bits[skill as usize]
            }
        })
    }

    /// How many keys there are: keys index tables of this length.
    pub(crate) fn keys(&self) -> usize {
        3 * (self.skills as usize + 1)
    }

    #[inline]
    fn key(&self, role: u32, skill: u32) -> u32 {
        role * (self.skills + 1) + skill
    }

    /// Calls `f(key)` for each key a teacher's skill `skill` is filed under:
    /// itself, and (when the taxonomy gives any credit) as a child of its
    /// parent and a grandchild of its grandparent.
    #[inline]
    pub(crate) fn teacher_keys(&self, skill: SkillId, mut f: impl FnMut(u32)) {
        f(self.key(AS_ITSELF, skill.node()));
        if self.credit > 0.0 {
            let [p, g] = self.up[skill.index()];
            if p != self.skills {
                f(self.key(AS_PARENT, p));
            }
            if g != self.skills {
                f(self.key(AS_GRANDPARENT, g));
            }
        }
    }

    /// Calls `f(key, credit)` for each key through which a teacher's skill
    /// is near `goal`, with the credit of that relation: the teacher holds
    /// the goal (1), its parent (`credit`) or grandparent (`credit²`), a
    /// child of the goal (`credit`), a child of the goal's parent — a
    /// sibling — (`credit²`), or a grandchild of the goal (`credit²`). A
    /// skill reached two ways is seen twice; callers keep the best credit.
    #[inline]
    pub(crate) fn goal_keys(&self, goal: SkillId, mut f: impl FnMut(u32, f64)) {
        f(self.key(AS_ITSELF, goal.node()), 1.0);
        let one = self.credit;
        if one <= 0.0 {
            return;
        }
        // A credit so small that its square rounds to 0 gives nothing at
        // two steps: those relations are left out, as "not near".
        let two = one * one;
        let [p, g] = self.up[goal.index()];
        f(self.key(AS_PARENT, goal.node()), one);
        if two > 0.0 {
            f(self.key(AS_GRANDPARENT, goal.node()), two);
        }
        if p != self.skills {
            f(self.key(AS_ITSELF, p), one);
            if two > 0.0 {
                f(self.key(AS_PARENT, p), two);
            }
        }
        if g != self.skills && two > 0.0 {
            f(self.key(AS_ITSELF, g), two);
        }
    }
}

/// The most skill cover a teacher whose skills lie in the trees `trees`
/// ([`Taxonomy::tree_bit`], perhaps folded) can give: the shares of the
/// goals (`shares`, from [`CoverMap::buckets`]) whose trees (`goal_trees`,
/// alike) it has a skill in; a goal in none of them is not covered.
#[inline]
pub(crate) fn cover_in_trees<T>(
    shares: &[f64; DENSE_GOALS],
    goal_trees: &[T; DENSE_GOALS],
    trees: T,
) -> f64
where
    T: Copy + std::ops::BitAnd<Output = T> + PartialEq + Default,
{
    let mut cap = 0.0;
    for (&share, &tree) in shares.iter().zip(goal_trees) {
        if trees & tree != T::default() {
            cap += share;
        }
    }
    cap
}

/// A teacher's packed skills (see [`pack_skill`]) expanded to packed keys
/// (`key << 3 | level`, see [`Taxonomy`]), appended to `out`.
pub(crate) fn expand_skills(taxonomy: &Taxonomy, skills: &[u32], out: &mut Vec<u32>) {
    for &x in skills {
        let (k, level) = unpack_skill(x);
        taxonomy.teacher_keys(k, |key| {
            out.push(pack_skill(SkillId::untagged(key as usize), level))
        });
    }
}

/// Shared per-person data for both scorers.
#[derive(Debug, Clone)]
pub(crate) struct Profiles {
    pub cards: Vec<Card>,
    /// Skills (packed with [`pack_skill`], sorted), languages and experience
    /// tags (labels, sorted) of every person, as the cards point.
    pub packed: Vec<u32>,
    /// Whether the cards' language and experience masks are exact (at most
    /// 64 languages and 64 tags in the network); otherwise lists are merged.
    pub exact_masks: bool,
    pub preferred: Flat<PersonId>,
    /// Who lists each person as preferred, sorted.
    pub preferred_by: Flat<PersonId>,
    pub blocked: Flat<PersonId>,
    /// Ties as (neighbour, strength), sorted by neighbour.
    pub adjacency: Flat<(PersonId, f64)>,
    /// The contacts of hubs (people with more than [`HUB_DEGREE`] ties) as
    /// bit sets over people, so that "is `x` tied to this hub" is one load
    /// instead of a search of a long tie list (see [`Profiles::hub_tie`]).
    pub hub_contacts: HubContacts,
    /// Everyone's open goals as learners of mentoring (level above current),
    /// as the cards point.
    pub needs: Vec<Need>,
    /// Affinities by mentee: (mentor, score, mentor_score), sorted by mentor.
    pub affinities: Flat<(PersonId, f64, f64)>,
    /// Past mentors of each person (history kind `mentor`) with how it
    /// went (the worst outcome of a pair listed more than once), sorted by
    /// mentor.
    pub past_mentors: Flat<(PersonId, Outcome)>,
    /// The network's reporting forest, for chains deeper than two levels.
    pub reporting: crate::network::ReportingTree,
}

impl Profiles {
    pub(crate) fn new(network: &Network) -> Profiles {
        let people = network.people();
        let n = people.len();
        let label = |l: Option<Label>| l.map_or(NONE, |l| l.node());
        // Ranks of languages and experience tags among those in use: with
        // at most 64 of each, a set is a bit mask and sharing is an AND.
        let rank = |labels: &mut dyn Iterator<Item = Label>| {
            let mut all: Vec<Label> = labels.collect();
            all.sort();
            all.dedup();
            let mut rank = std::collections::HashMap::new();
            for (i, l) in all.iter().enumerate() {
                rank.insert(*l, i);
            }
            rank
        };
        let language_rank = rank(&mut people.iter().flat_map(|p| p.languages.iter().copied()));
        let experience_rank = rank(&mut people.iter().flat_map(|p| p.experiences.iter().copied()));
        let exact_masks = language_rank.len() <= 64 && experience_rank.len() <= 64;
        let mask = |rank: &std::collections::HashMap<Label, usize>, labels: &[Label]| {
            labels
                .iter()
                .map(|l| rank[l])
                .filter(|&r| r < 64)
                .fold(0u64, |m, r| m | 1 << r)
        };
        let mut packed = Vec::new();
        let mut needs = Vec::new();
        let mut cards = Vec::with_capacity(n);
        for p in people {
            let first_need = u32::try_from(needs.len()).expect("under 2^32 goals in all");
            let mut need_total = 0.0;
            for g in &p.goals {
                let current = p.level(g.skill);
                if g.level <= current {
                    continue;
                }
                needs.push(Need {
                    skill: g.skill,
                    current: f64::from(current),
                    inv_need: 1.0 / f64::from(g.level - current),
                    priority: f64::from(g.priority),
                });
                need_total += f64::from(g.priority);
            }
            let data = u32::try_from(packed.len()).expect("under 2^32 skills and labels in all");
            packed.extend(p.skills.iter().map(|s| pack_skill(s.skill, s.level)));
            packed.extend(p.languages.iter().map(|l| l.node()));
            packed.extend(p.experiences.iter().map(|l| l.node()));
            let len = |n: usize| u32::try_from(n).expect("under 2^32");
            cards.push(Card {
                needs: first_need,
                need_count: needs.len() as u32 - first_need,
                need_total,
                skip_manager: p
                    .manager
                    .and_then(|m| people[m.index()].manager)
                    .map_or(NONE, |m| m.node()),
                language_mask: mask(&language_rank, &p.languages),
                experience_mask: mask(&experience_rank, &p.experiences),
                data,
                skills: len(p.skills.len()),
                languages: len(p.languages.len()),
                experiences: len(p.experiences.len()),
                seniority: i32::from(p.seniority),
                org: label(p.org),
                industry: label(p.industry),
                timezone: p.timezone.unwrap_or(f64::NAN),
                manager: p.manager.map_or(NONE, |m| m.node()),
                introducible: p.introducible,
                blocks_any: !p.blocked.is_empty(),
                prefers_any: !p.preferred.is_empty(),
                offers_mentor: p.mentor_capacity > 0,
                offers_sponsor: p.sponsor_capacity > 0,
            });
        }
        let mut preferred_by = Vec::new();
        for (i, p) in people.iter().enumerate() {
            for &q in &p.preferred {
                preferred_by.push((q.index(), network.id_at(i)));
            }
        }
        let mut affinities: Vec<(usize, (PersonId, f64, f64))> = network
            .affinities()
            .iter()
            .map(|a| (a.mentee.index(), (a.mentor, a.score, a.mentor_score)))
            .collect();
        affinities.sort_by_key(|&(m, (t, _, _))| (m, t));
        let worst = |o: Outcome| match o {
            Outcome::Good => 0,
            Outcome::Neutral => 1,
            Outcome::Bad => 2,
        };
        let mut past: Vec<(usize, (PersonId, Outcome))> = network
            .history()
            .iter()
            .filter(|h| h.kind == Role::Mentor)
            .map(|h| (h.mentee.index(), (h.mentor, h.outcome)))
            .collect();
        // Worst outcome first within a pair, then one entry per pair.
        past.sort_by_key(|&(m, (t, o))| (m, t, std::cmp::Reverse(worst(o))));
        past.dedup_by_key(|&mut (m, (t, _))| (m, t));
        let adjacency = Flat::from_lists(network.person_ids().map(|p| {
            network
                .adjacent(p)
                .iter()
                .map(|nb| (nb.person, network.tie_at(nb.tie).strength))
        }));
        Profiles {
            cards,
            packed,
            exact_masks,
            preferred: Flat::from_lists(people.iter().map(|p| p.preferred.iter().copied())),
            preferred_by: Flat::from_pairs(n, &preferred_by),
            blocked: Flat::from_lists(people.iter().map(|p| p.blocked.iter().copied())),
            hub_contacts: HubContacts::new(&adjacency),
            adjacency,
            needs,
            affinities: Flat::from_pairs(n, &affinities),
            past_mentors: Flat::from_pairs(n, &past),
            reporting: network.reporting_tree().clone(),
        }
    }

    /// The open goals of `p` as a learner of mentoring.
    #[inline]
    pub(crate) fn needs(&self, p: PersonId) -> &[Need] {
        let c = &self.cards[p.index()];
        &self.needs[c.needs as usize..(c.needs + c.need_count) as usize]
    }

    /// The packed skills of `p` (see [`pack_skill`]), sorted by skill.
    #[inline]
    pub(crate) fn skills(&self, p: PersonId) -> &[u32] {
        let c = &self.cards[p.index()];
        &self.packed[c.data as usize..(c.data + c.skills) as usize]
    }

    /// The languages of `p`, sorted.
    #[inline]
    pub(crate) fn languages(&self, p: PersonId) -> &[u32] {
        let c = &self.cards[p.index()];
        let from = c.data + c.skills;
        &self.packed[from as usize..(from + c.languages) as usize]
    }

    /// The experience tags of `p`, sorted.
    #[inline]
    pub(crate) fn experiences(&self, p: PersonId) -> &[u32] {
        let c = &self.cards[p.index()];
        let from = c.data + c.skills + c.languages;
        &self.packed[from as usize..(from + c.experiences) as usize]
    }

    /// How `mentee`'s past mentoring by `mentor` went, if the history holds
    /// the pair (the worst outcome when it is listed more than once).
    #[inline]
    pub(crate) fn past_outcome(&self, mentee: PersonId, mentor: PersonId) -> Option<Outcome> {
        let past = self.past_mentors.get(mentee.index());
        if past.is_empty() {
            return None;
        }
        past.binary_search_by_key(&mentor, |p| p.0)
            .ok()
            .map(|i| past[i].1)
    }

    /// Whether either of `a` and `b` blocks the other.
    #[inline(always)]
    pub(crate) fn blocked_either_way(&self, a: PersonId, b: PersonId) -> bool {
        self.blocked_either_way_given(
            (self.cards[a.index()].blocks_any, a),
            (self.cards[b.index()].blocks_any, b),
        )
    }

    /// [`Profiles::blocked_either_way`] with each side's "blocks anyone"
    /// flag at hand.
    #[inline(always)]
    pub(crate) fn blocked_either_way_given(
        &self,
        (a_any, a): (bool, PersonId),
        (b_any, b): (bool, PersonId),
    ) -> bool {
        (a_any && self.blocked.get(a.index()).binary_search(&b).is_ok())
            || (b_any && self.blocked.get(b.index()).binary_search(&a).is_ok())
    }

    /// How many experience tags `a` and `b` share.
    #[inline]
    pub(crate) fn shared_experiences(&self, a: PersonId, b: PersonId) -> usize {
        if self.exact_masks {
            let both =
                self.cards[a.index()].experience_mask & self.cards[b.index()].experience_mask;
            both.count_ones() as usize
        } else {
            shared(self.experiences(a), self.experiences(b))
        }
    }

    /// Whether `a` and `b` share a language.
    #[inline]
    pub(crate) fn share_language(&self, a: PersonId, b: PersonId) -> bool {
        if self.exact_masks {
            self.cards[a.index()].language_mask & self.cards[b.index()].language_mask != 0
        } else {
            shared(self.languages(a), self.languages(b)) > 0
        }
    }

    /// Whether `a` and `b` are on one reporting line within `levels` steps.
    #[inline]
    pub(crate) fn in_reporting_chain(&self, a: PersonId, b: PersonId, levels: u32) -> bool {
        let (ca, cb) = (&self.cards[a.index()], &self.cards[b.index()]);
        self.in_reporting_chain_given(
            (a, ca.manager, ca.skip_manager),
            (b, cb.manager, cb.skip_manager),
            levels,
        )
    }

    /// [`Profiles::in_reporting_chain`] with each side's (id, manager,
    /// skip-level manager) at hand, so that a caller holding them (a mentor
    /// row) reads no card.
    #[inline]
    pub(crate) fn in_reporting_chain_given(
        &self,
        (a, a_manager, a_skip): (PersonId, u32, u32),
        (b, b_manager, b_skip): (PersonId, u32, u32),
        levels: u32,
    ) -> bool {
        // The common depths compare managers; ids are never `NONE`.
        match levels {
            0 => false,
            1 => a_manager == b.node() || b_manager == a.node(),
            2 => {
                a_manager == b.node()
                    || b_manager == a.node()
                    || a_skip == b.node()
                    || b_skip == a.node()
            }
            // Deeper ones compare places in the reporting forest's Euler
            // tour: O(1), where walking up the line took `levels` steps.
            _ => self.reporting.within(a, b, levels),
        }
    }

    /// The strength of the tie between hub `h` and `x`, if any: a bit set
    /// answers most questions ("not tied") at once, a search of the hub's
    /// sorted tie list the rest.
    #[inline]
    pub(crate) fn hub_tie(&self, h: PersonId, x: PersonId) -> Option<f64> {
        let ties = self.adjacency.get(h.index());
        match self.hub_contacts.find(h, x) {
            Found::Not => None,
            Found::At(i) => Some(ties[i].1),
            Found::Unknown => ties
                .binary_search_by_key(&x, |t| t.0)
                .ok()
                .map(|i| ties[i].1),
        }
    }

    /// Whether `a` lists `b` as preferred.
    #[inline(always)]
    pub(crate) fn prefers(&self, a: PersonId, b: PersonId) -> bool {
        self.prefers_given(self.cards[a.index()].prefers_any, a, b)
    }

    /// [`Profiles::prefers`] with `a`'s "prefers anyone" flag at hand.
    #[inline]
    pub(crate) fn prefers_given(&self, a_prefers_any: bool, a: PersonId, b: PersonId) -> bool {
        a_prefers_any && self.preferred.get(a.index()).binary_search(&b).is_ok()
    }

    /// The dataset's affinity for the pair: (score, mentor_score).
    #[inline]
    pub(crate) fn affinity(&self, mentee: PersonId, mentor: PersonId) -> Option<(f64, f64)> {
        let list = self.affinities.get(mentee.index());
        if list.is_empty() {
            return None;
        }
        list.binary_search_by_key(&mentor, |a| a.0)
            .ok()
            .map(|i| (list[i].1, list[i].2))
    }
}

/// The hours between two UTC offsets going round the clock, in [0, 12];
/// NaN when either is unknown.
#[inline]
pub(crate) fn timezone_gap(a: f64, b: f64) -> f64 {
    // Offsets lie in [−12, 14], so a difference is below 26 hours: one
    // subtraction replaces the (slow) floating-point remainder.
    let mut d = (a - b).abs();
    if d >= 24.0 {
        d -= 24.0;
    }
    d.min(24.0 - d)
}

/// The number of labels two sorted lists share.
#[inline]
pub(crate) fn shared(a: &[u32], b: &[u32]) -> usize {
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
/// that each teacher is scored with one table load per skill and open goal:
/// for every skill near an open goal, a block giving, by the teacher's level
/// and the goal, the cover that skill gives.
///
/// Teachers' skills come as packed keys (see [`Taxonomy`] and
/// [`expand_skills`]). Keys near no open goal share block 0, which holds
/// zeros, so the hot loop has no branch on whether a key counts. Memory: one
/// `u32` per key, plus `8 × goals` values per key near a goal (at most six
/// per goal); loading a learner resets only what the previous one touched.
#[derive(Debug, Clone, Default)]
pub(crate) struct CoverMap {
    /// By key: its block, 0 when it is near no open goal.
    block: Vec<u32>,
    /// With at most [`DENSE_GOALS`] open goals: block `b`, teacher level
    /// `l` (0 to 7), goal `g` at `(b × 8 + l) × goals + g`:
    /// `credit × progress_g(l)`, computed once per learner.
    covers: Vec<f64>,
    /// With more open goals, only the goals each block is near: block `b`'s
    /// `(goal, covers by level)` at `sparse[sparse_start[b]..sparse_start[b
    /// + 1]]`, by goal. A learner with `L` goals then costs `O(L)`, not the
    /// `O(L²)` of a dense table.
    sparse: Vec<(u32, [f64; 8])>,
    sparse_start: Vec<u32>,
    /// The goals a teacher touched, for [`CoverMap::cover_sparse`].
    touched: Vec<u32>,
    /// The keys with a block, in block order.
    near: Vec<u32>,
    staging: Vec<(u32, u32, f64)>,
    priorities: Vec<f64>,
    total: f64,
    best: Vec<f64>,
}

impl CoverMap {
    /// Working memory for a taxonomy with `keys` keys ([`Taxonomy::keys`]).
    pub(crate) fn new(keys: usize) -> CoverMap {
        CoverMap {
            block: vec![0; keys],
            ..CoverMap::default()
        }
    }

    /// Lays out the learner's open `needs` (priorities summing to `total`)
    /// for scoring teachers against.
    pub(crate) fn load(&mut self, taxonomy: &Taxonomy, needs: &[Need], total: f64) {
        for &k in &self.near {
            self.block[k as usize] = 0;
        }
        self.near.clear();
        self.staging.clear();
        self.priorities.clear();
        self.priorities.extend(needs.iter().map(|n| n.priority));
        self.total = total;
        self.best.clear();
        self.best.resize(needs.len(), 0.0);
        let goals = needs.len();
        let dense = goals <= DENSE_GOALS;
        self.covers.clear();
        self.sparse.clear();
        self.sparse_start.clear();
        // Block 0 (near no goal) is empty in both layouts.
        self.sparse_start.extend([0, 0]);
        if dense {
            self.covers.resize(8 * goals, 0.0);
        }
        for (g, need) in needs.iter().enumerate() {
            let g = g as u32;
            let staging = &mut self.staging;
            taxonomy.goal_keys(need.skill, |k, f| staging.push((k, g, f)));
        }
        // A key reached twice for one goal (two relations, or two goals on
        // one skill's neighbourhood) keeps the best credit per goal.
        self.staging
            .sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(b.2.total_cmp(&a.2)));
        self.staging.dedup_by_key(|x| (x.0, x.1));
        for &(k, g, credit) in &self.staging {
            if self.near.last() != Some(&k) {
                self.near.push(k);
                self.block[k as usize] = self.near.len() as u32;
                if dense {
                    self.covers.resize(self.covers.len() + 8 * goals, 0.0);
                } else {
                    self.sparse_start.push(self.sparse.len() as u32);
                }
            }
            let b = self.block[k as usize] as usize;
            let need = &needs[g as usize];
            let by_level: [f64; 8] = std::array::from_fn(|l| credit * need.progress(l as u8));
            if dense {
                for (level, &v) in by_level.iter().enumerate() {
                    self.covers[(b * 8 + level) * goals + g as usize] = v;
                }
            } else {
                self.sparse.push((g, by_level));
                *self.sparse_start.last_mut().expect("a block") = self.sparse.len() as u32;
            }
        }
    }

    /// The goals block `b` is near and their covers by level (sparse layout).
    #[inline]
    fn sparse_block(&self, b: usize) -> &[(u32, [f64; 8])] {
        &self.sparse[self.sparse_start[b] as usize..self.sparse_start[b + 1] as usize]
    }

    /// The (key, level) buckets of teachers that cover some open goal, for
    /// retrieving the best teachers first: each bucket with the skill cover
    /// a teacher filed only there would get, best first, and `rest[i]`, an
    /// upper bound on the skill cover of any teacher found in none of the
    /// buckets before `i` (`rest[buckets.len()] = 0`).
    ///
    /// A teacher's cover of goal `g` is its best over its buckets, so a
    /// teacher in none of buckets `0..i` covers `g` at most the best any
    /// bucket from `i` on offers for `g`; `rest[i]` sums those per-goal
    /// maxima by priority, the same formula as [`CoverMap::cover`]. Costs
    /// `O(buckets × goals)` with at most [`DENSE_GOALS`] goals, else
    /// `O(buckets × goals near each key)`; then `rest` is kept as a running
    /// sum, which may differ from the formula in the last bits (the score
    /// bounds' slack covers that).
    ///
    /// With `by_goal` and at most [`DENSE_GOALS`] goals, `by_goal[i][g]` is
    /// goal `g`'s share of `rest[i]` (`p_g × best_g / Σ p`); otherwise
    /// `by_goal` is left empty.
    pub(crate) fn buckets(
        &self,
        buckets: &mut Vec<(u32, u8, f64)>,
        rest: &mut Vec<f64>,
        mut by_goal: Option<&mut Vec<[f64; DENSE_GOALS]>>,
    ) {
        buckets.clear();
        rest.clear();
        if let Some(v) = by_goal.as_deref_mut() {
            v.clear();
        }
        let goals = self.priorities.len();
        if goals == 0 {
            rest.push(0.0);
            return;
        }
        if goals > DENSE_GOALS {
            self.sparse_buckets(buckets, rest);
            return;
        }
        let value = |b: usize, level: usize, g: usize| self.covers[(b * 8 + level) * goals + g];
        for (i, &key) in self.near.iter().enumerate() {
            let b = i + 1;
            // Levels are 1 to 5 (validated on load).
            for level in 1..6 {
                let mut sum = 0.0;
                for (g, &p) in self.priorities.iter().enumerate() {
                    sum += p * value(b, level, g);
                }
                if sum > 0.0 {
                    buckets.push((key, level as u8, sum / self.total));
                }
            }
        }
        buckets.sort_by(|a, b| b.2.total_cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
        rest.resize(buckets.len() + 1, 0.0);
        if let Some(v) = by_goal.as_deref_mut() {
            v.resize(buckets.len() + 1, [0.0; DENSE_GOALS]);
        }
        let mut best = vec![0.0f64; goals];
        for i in (0..buckets.len()).rev() {
            let (key, level, _) = buckets[i];
            let b = self.block[key as usize] as usize;
            let mut sum = 0.0;
            for (g, (best, &p)) in best.iter_mut().zip(&self.priorities).enumerate() {
                *best = best.max(value(b, level as usize, g));
                sum += p * *best;
                if let Some(v) = by_goal.as_deref_mut() {
                    v[i][g] = p * *best / self.total;
                }
            }
            rest[i] = sum / self.total;
        }
    }

    /// [`CoverMap::buckets`] in the sparse layout.
    fn sparse_buckets(&self, buckets: &mut Vec<(u32, u8, f64)>, rest: &mut Vec<f64>) {
        for (i, &key) in self.near.iter().enumerate() {
            for level in 1..6 {
                let mut sum = 0.0;
                for &(g, ref by_level) in self.sparse_block(i + 1) {
                    sum += self.priorities[g as usize] * by_level[level];
                }
                if sum > 0.0 {
                    buckets.push((key, level as u8, sum / self.total));
                }
            }
        }
        buckets.sort_by(|a, b| b.2.total_cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
        rest.resize(buckets.len() + 1, 0.0);
        let mut best = vec![0.0f64; self.priorities.len()];
        let mut sum = 0.0;
        for i in (0..buckets.len()).rev() {
            let (key, level, _) = buckets[i];
            for &(g, ref by_level) in self.sparse_block(self.block[key as usize] as usize) {
                let b = &mut best[g as usize];
                if by_level[level as usize] > *b {
                    sum += self.priorities[g as usize] * (by_level[level as usize] - *b);
                    *b = by_level[level as usize];
                }
            }
            rest[i] = sum / self.total;
        }
    }

    /// Whether any of a teacher's packed keys is near an open goal: a
    /// teacher with none covers nothing.
    #[inline]
    pub(crate) fn touches(&self, keys: &[u32]) -> bool {
        keys.iter().any(|&x| self.block[(x >> 3) as usize] != 0)
    }

    /// The keys through which a teacher covers some open goal, each once.
    pub(crate) fn covering_keys(&self) -> &[u32] {
        &self.near
    }

    /// `Σ p_g × max_k credit × clamp((ℓ_k − c_g) / need_g, 0, 1) / Σ p_g` for
    /// the teacher's packed keys ([`expand_skills`]); 0 when no goal is open.
    #[inline]
    pub(crate) fn cover(&mut self, skills: &[u32]) -> f64 {
        // Most learners have one to three open goals: with the count known
        // at compile time the per-goal bests live in registers.
        match self.priorities.len() {
            0 => 0.0,
            1 => self.cover_fixed::<1>(skills),
            2 => self.cover_fixed::<2>(skills),
            3 => self.cover_fixed::<3>(skills),
            4 => self.cover_fixed::<4>(skills),
            _ => self.cover_sparse(skills),
        }
    }

    /// [`CoverMap::cover`] for more than [`DENSE_GOALS`] open goals: the
    /// same sum, over the goals the teacher touches only (the others add
    /// `+0`, which changes no sum), in goal order.
    fn cover_sparse(&mut self, skills: &[u32]) -> f64 {
        for &x in skills {
            let (k, level) = unpack_skill(x);
            let b = self.block[k.index()] as usize;
            for i in self.sparse_start[b] as usize..self.sparse_start[b + 1] as usize {
                let (g, ref by_level) = self.sparse[i];
                let best = &mut self.best[g as usize];
                if by_level[level as usize] > *best {
                    if *best == 0.0 {
                        self.touched.push(g);
                    }
                    *best = by_level[level as usize];
                }
            }
        }
        self.touched.sort_unstable();
        let mut sum = 0.0;
        for &g in &self.touched {
            sum += self.priorities[g as usize] * self.best[g as usize];
            self.best[g as usize] = 0.0;
        }
        self.touched.clear();
        sum / self.total
    }

    /// [`CoverMap::cover`] for exactly `G` open goals.
    #[inline(always)]
    fn cover_fixed<const G: usize>(&self, skills: &[u32]) -> f64 {
        let mut best = [0.0f64; G];
        for &x in skills {
            let (k, level) = unpack_skill(x);
            let at = (self.block[k.index()] as usize * 8 + level as usize) * G;
            let covers: &[f64; G] = self.covers[at..at + G].try_into().expect("G values");
            for (best, &v) in best.iter_mut().zip(covers) {
                if v > *best {
                    *best = v;
                }
            }
        }
        if G == 1 {
            // `0 + p × best` is `p × best` exactly: the sum below, one term.
            return self.priorities[0] * best[0] / self.total;
        }
        let mut sum = 0.0;
        for (&p, &best) in self.priorities.iter().zip(&best) {
            sum += p * best;
        }
        sum / self.total
    }
}

/// The teacher side of the skill-cover formula, laid out for one teacher:
/// by key (see [`Taxonomy`]), the teacher's best level among the skills
/// filed under it. Scores learners whose needs change with every pair
/// (`reciprocity`, where the learner is the mentor) in time linear in their
/// needs: progress grows with the level, so the best level per key is all
/// a need can use.
#[derive(Debug, Clone, Default)]
pub(crate) struct OfferMap {
    level: Vec<u8>,
    touched: Vec<u32>,
}

impl OfferMap {
    /// Working memory for a taxonomy with `keys` keys ([`Taxonomy::keys`]).
    pub(crate) fn new(keys: usize) -> OfferMap {
        OfferMap {
            level: vec![0; keys],
            touched: Vec::new(),
        }
    }

    /// Lays out the teacher's packed `skills`.
    pub(crate) fn load(&mut self, taxonomy: &Taxonomy, skills: &[u32]) {
        for &k in &self.touched {
            self.level[k as usize] = 0;
        }
        self.touched.clear();
        for &x in skills {
            let (k, level) = unpack_skill(x);
            let OfferMap {
                level: best,
                touched,
            } = self;
            taxonomy.teacher_keys(k, |key| {
                let b = &mut best[key as usize];
                if *b == 0 {
                    touched.push(key);
                }
                *b = (*b).max(level);
            });
        }
    }

    /// The skill cover of a learner's `needs` (priorities summing to
    /// `total`) by this teacher; the same formula as [`CoverMap::cover`].
    #[inline]
    pub(crate) fn cover(&self, taxonomy: &Taxonomy, needs: &[Need], total: f64) -> f64 {
        if needs.is_empty() {
            return 0.0;
        }
        let mut sum = 0.0;
        for n in needs {
            let mut best = 0.0;
            taxonomy.goal_keys(n.skill, |key, credit| {
                let level = self.level[key as usize];
                if level > 0 {
                    let v = credit * n.progress(level);
                    if v > best {
                        best = v;
                    }
                }
            });
            sum += n.priority * best;
        }
        sum / total
    }
}

/// Intermediaries with more ties than this are *hubs*: the people beyond
/// them are looked up per target instead of listed per person (see
/// [`Reach`]).
pub(crate) const HUB_DEGREE: usize = 1024;

/// Bit sets of the hubs' contacts, for the hubs that fit in a fixed budget
/// (64 MiB: 500 hubs at a million people): a set bit is a tie. A hub
/// beyond the budget answers [`Found::Unknown`] and leaves the answer to
/// the search.
#[derive(Debug, Clone, Default)]
pub(crate) struct HubContacts {
    /// By person: the hub's slot, `NONE` when none.
    slot: Vec<u32>,
    words: usize,
    bits: Vec<u64>,
    /// Beside each word of `bits`: the bits set in the hub's words before
    /// it, so that a contact's place in the hub's sorted tie list is a
    /// count, not a search ([`HubContacts::find`]).
    ranks: Vec<u32>,
    /// By person: the filter bits ([`HubContacts::filter_bit`]) of the
    /// hubs with a slot they are tied to. A person whose filter misses a
    /// slotted hub's bit is not tied to it: the test reads two bytes a
    /// scorer keeps beside the person's other facts, not the hub's bit set.
    near: Vec<u16>,
}

impl HubContacts {
    const BUDGET_WORDS: usize = 1 << 23;

    fn new(adjacency: &Flat<(PersonId, f64)>) -> HubContacts {
        let n = adjacency.len();
        let words = n.div_ceil(64);
        let mut contacts = HubContacts {
            slot: vec![NONE; n],
            words,
            bits: Vec::new(),
            ranks: Vec::new(),
            near: vec![0; n],
        };
        for p in 0..n {
            let ties = adjacency.get(p);
            if ties.len() <= HUB_DEGREE || contacts.bits.len() + words > Self::BUDGET_WORDS {
                continue;
            }
            let at = contacts.bits.len();
            contacts.slot[p] = (at / words) as u32;
            contacts.bits.resize(at + words, 0);
            for &(x, _) in ties {
                contacts.bits[at + x.index() / 64] |= 1 << (x.index() % 64);
            }
            let mut before = 0;
            for &word in &contacts.bits[at..] {
                contacts.ranks.push(before);
                before += word.count_ones();
            }
            // The rank of a contact's bit is their place in the sorted tie
            // list when each contact is listed once (the network merges
            // repeated ties); a hub listing one twice keeps no bit set.
            if before as usize != ties.len() {
                contacts.slot[p] = NONE;
                contacts.bits.truncate(at);
                contacts.ranks.truncate(at);
                continue;
            }
            let bit = Self::filter_bit(contacts.slot[p]);
            for &(x, _) in ties {
                contacts.near[x.index()] |= bit;
            }
        }
        contacts
    }

    /// Where `x` is in hub `h`'s sorted tie list, as far as the bit sets
    /// tell (a bit test and a count for a hub with a slot).
    #[inline]
    pub(crate) fn find(&self, h: PersonId, x: PersonId) -> Found {
        let slot = self.slot[h.index()];
        if slot == NONE {
            return Found::Unknown;
        }
        let at = slot as usize * self.words + x.index() / 64;
        let bit = 1u64 << (x.index() % 64);
        let word = self.bits[at];
        if word & bit == 0 {
            Found::Not
        } else {
            Found::At(self.ranks[at] as usize + (word & (bit - 1)).count_ones() as usize)
        }
    }

    /// The bit standing for the hub in slot `slot` in a person's filter.
    fn filter_bit(slot: u32) -> u16 {
        1 << (slot % 16)
    }

    /// The filter bit of `h`: `None` when `h` has no slot (then nobody's
    /// filter can rule a tie to `h` out).
    #[inline]
    pub(crate) fn hub_bit(&self, h: PersonId) -> Option<u16> {
        let slot = self.slot[h.index()];
        (slot != NONE).then(|| Self::filter_bit(slot))
    }

    /// `x`'s filter: the bits of the slotted hubs `x` is tied to.
    #[inline]
    pub(crate) fn near(&self, x: PersonId) -> u16 {
        self.near[x.index()]
    }
}

/// What the hubs' bit sets tell of a person in a hub's tie list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// Not tied to the hub.
    Not,
    /// At this place of the hub's sorted tie list.
    At(usize),
    /// The hub has no bit set: search the list.
    Unknown,
}

/// The best warmth, over at most two ties, from one person to everyone.
///
/// `get(x)` is the direct tie's strength or the best `s(m, n) × s(n, x)`
/// through an introducible `n` that neither blocks nor is blocked by `m` or
/// `x`. Loading lists the people beyond each intermediary with at most
/// [`HUB_DEGREE`] ties, at a cost of their degrees; a hub's people are not
/// listed — one well-connected person would make every one of their
/// contacts cost the hub's whole tie list, quadratic in the hub's degree
/// over a run — but looked up in the hub's sorted tie list when a target is
/// asked about (`O(log degree)` per hub next to the loaded person). Only
/// touched entries are reset.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    reach: Vec<f64>,
    touched: Vec<PersonId>,
    from: PersonId,
    /// The hubs next to the loaded person that may relay, with the tie's
    /// strength.
    hubs: Vec<(PersonId, f64)>,
    /// The filter bits of `hubs` ([`HubContacts::hub_bit`]), `None` when
    /// one has no slot: a target whose filter misses every one has no
    /// warmth through them.
    hub_filter: Option<u16>,
    /// Intermediaries with more ties are hubs ([`HUB_DEGREE`] but in tests).
    hub_degree: usize,
}

impl Reach {
    /// Working memory for `people` people, treating intermediaries with
    /// more than `hub_degree` ties as hubs.
    pub(crate) fn new(people: usize, hub_degree: usize) -> Reach {
        Reach {
            reach: vec![0.0; people],
            touched: Vec::new(),
            from: PersonId::default(),
            hubs: Vec::new(),
            hub_filter: Some(0),
            hub_degree,
        }
    }

    pub(crate) fn load(&mut self, profiles: &Profiles, from: PersonId) {
        self.clear();
        self.from = from;
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
            let beyond = profiles.adjacency.get(n.index());
            if beyond.len() > self.hub_degree {
                self.hubs.push((n, s1));
                self.hub_filter = self
                    .hub_filter
                    .zip(profiles.hub_contacts.hub_bit(n))
                    .map(|(f, bit)| f | bit);
                continue;
            }
            for &(x, s2) in beyond {
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
        self.hubs.clear();
        self.hub_filter = Some(0);
    }

    /// The warmth to `to` (0 when none within two ties).
    #[inline]
    pub(crate) fn get(&self, profiles: &Profiles, to: PersonId) -> f64 {
        self.reach[to.index()].max(self.via_hubs(profiles, to))
    }

    /// The best warmth to `to` through the hubs alone: [`Reach::get`] for
    /// anyone not in [`Reach::reached`].
    #[inline]
    pub(crate) fn via_hubs(&self, profiles: &Profiles, to: PersonId) -> f64 {
        self.via_hubs_near(profiles, to, profiles.hub_contacts.near(to))
    }

    /// Whether a person whose hub filter ([`HubContacts::near`]) is `near`
    /// is tied to none of the loaded person's hubs: then they have no
    /// warmth through them.
    #[inline]
    pub(crate) fn misses_hubs(&self, near: u16) -> bool {
        self.hub_filter.is_some_and(|f| near & f == 0)
    }

    /// [`Reach::via_hubs`] with `to`'s hub filter ([`HubContacts::near`])
    /// at hand: nothing when it misses every hub's bit, else a bit test per
    /// hub.
    #[inline]
    pub(crate) fn via_hubs_near(&self, profiles: &Profiles, to: PersonId, near: u16) -> f64 {
        if self.misses_hubs(near) {
            return 0.0;
        }
        let mut best: f64 = 0.0;
        for &(h, s1) in &self.hubs {
            if to == h || to == self.from {
                continue;
            }
            if let Some(s2) = profiles.hub_tie(h, to) {
                if !profiles.blocked_either_way(h, to) {
                    best = best.max(s1 * s2);
                }
            }
        }
        best
    }

    /// The people listed with positive warmth (each once, in discovery
    /// order): everyone within two ties but those only beyond a hub.
    pub(crate) fn reached(&self) -> &[PersonId] {
        &self.touched
    }

    /// The most warmth the loaded person has to anyone, given each
    /// person's strongest tie (what a hub can pass on at most).
    pub(crate) fn max_warmth(&self, strongest_tie: &[f64]) -> f64 {
        let listed = self
            .touched
            .iter()
            .map(|x| self.reach[x.index()])
            .fold(0.0, f64::max);
        listed.max(Reach::max_beyond_hubs(&self.hubs, strongest_tie))
    }

    /// The most warmth through `hubs` (with the ties to them) to anyone
    /// beyond them, given each person's strongest tie.
    pub(crate) fn max_beyond_hubs(hubs: &[(PersonId, f64)], strongest_tie: &[f64]) -> f64 {
        hubs.iter()
            .map(|&(h, s1)| s1 * strongest_tie[h.index()])
            .fold(0.0, f64::max)
    }

    /// The hubs next to the loaded person that may relay, with the tie's
    /// strength: the people beyond them are not in [`Reach::reached`].
    pub(crate) fn hubs(&self) -> &[(PersonId, f64)] {
        &self.hubs
    }
}

/// A set of indexes (people, or rows of a scorer's table) collected from
/// several index lists, handed out sorted so that scoring walks the
/// per-person arrays in address order (the hardware prefetcher then hides
/// most memory latency on big networks).
///
/// A bit per index, plus the list of words in use so that neither draining
/// nor clearing scans the whole bit set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Seen {
    bits: Vec<u64>,
    words: Vec<u32>,
}

impl Seen {
    pub(crate) fn new(len: usize) -> Seen {
        Seen {
            bits: vec![0; len.div_ceil(64)],
            words: Vec::new(),
        }
    }

    /// Adds `i` to the set.
    #[inline]
    pub(crate) fn insert(&mut self, i: u32) {
        let (w, b) = (i as usize / 64, i % 64);
        let word = &mut self.bits[w];
        if *word == 0 {
            self.words.push(w as u32);
        }
        *word |= 1 << b;
    }

    /// Appends the set to `out` in increasing order, leaving out `skip`,
    /// and empties the set.
    pub(crate) fn drain_into(&mut self, out: &mut Vec<u32>, skip: u32) {
        self.words.sort_unstable();
        for &w in &self.words {
            let mut word = std::mem::take(&mut self.bits[w as usize]);
            while word != 0 {
                let b = word.trailing_zeros();
                word &= word - 1;
                let i = w * 64 + b;
                if i != skip {
                    out.push(i);
                }
            }
        }
        self.words.clear();
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

    /// The best credit of `near` towards `goal` through the keys.
    fn credit_between(tax: &Taxonomy, goal: SkillId, near: SkillId) -> f64 {
        let mut mine = Vec::new();
        tax.teacher_keys(near, |k| mine.push(k));
        let mut best = 0.0f64;
        tax.goal_keys(goal, |k, c| {
            if mine.contains(&k) {
                best = best.max(c);
            }
        });
        best
    }

    /// The credit by tree distance, from the parent links alone: itself 1;
    /// parent or child `c`; grandparent, grandchild or sibling `c²`.
    fn credit_by_walking(net: &Network, credit: f64, a: SkillId, b: SkillId) -> f64 {
        let parent = |k: SkillId| net.skill_at(k).parent;
        let up = |k: SkillId, steps: usize| (0..steps).try_fold(k, |k, _| parent(k));
        let sibling = a != b && parent(a).is_some() && parent(a) == parent(b);
        let best = if a == b {
            1.0
        } else if up(a, 1) == Some(b) || up(b, 1) == Some(a) {
            credit
        } else if up(a, 2) == Some(b) || up(b, 2) == Some(a) || sibling {
            credit * credit
        } else {
            0.0
        };
        if best > 0.0 {
            best
        } else {
            0.0
        }
    }

    #[test]
    fn taxonomy_keys_credit_by_distance() {
        let net = story();
        let id = |s: &str| net.skill_id(s).unwrap();
        let tax = Taxonomy::new(&net, 0.5);
        assert_eq!(credit_between(&tax, id("rust"), id("rust")), 1.0);
        assert_eq!(credit_between(&tax, id("rust"), id("programming")), 0.5);
        assert_eq!(credit_between(&tax, id("rust"), id("python")), 0.25);
        assert_eq!(
            credit_between(&tax, id("leadership"), id("public-speaking")),
            0.5
        );
        assert_eq!(credit_between(&tax, id("leadership"), id("rust")), 0.0);
        // Credit 0 leaves only the skill itself.
        let none = Taxonomy::new(&net, 0.0);
        assert_eq!(credit_between(&none, id("rust"), id("programming")), 0.0);
        assert_eq!(credit_between(&none, id("rust"), id("rust")), 1.0);
    }

    /// The keys relate exactly the pairs a walk of the tree finds, with the
    /// same best credit, for every pair of skills of the story.
    #[test]
    fn taxonomy_keys_agree_with_walking_the_tree() {
        let net = story();
        for credit in [0.0, 0.3, 0.5, 1.0] {
            let tax = Taxonomy::new(&net, credit);
            for g in 0..net.skills().len() {
                for k in 0..net.skills().len() {
                    let (g, k) = (SkillId::untagged(g), SkillId::untagged(k));
                    assert_eq!(
                        credit_between(&tax, g, k),
                        credit_by_walking(&net, credit, g, k),
                        "{g:?} {k:?} {credit}"
                    );
                }
            }
        }
    }

    /// Looking people up beyond hubs gives the same warmth as listing them.
    #[cfg(feature = "generate")]
    #[test]
    fn reach_beyond_hubs_equals_listing_everyone() {
        let data = crate::generate(&crate::GeneratorConfig {
            people: 300,
            seed: 4,
            ..crate::GeneratorConfig::default()
        });
        let net = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let profiles = Profiles::new(&net);
        let n = net.people().len();
        let (mut listed, mut looked_up) = (Reach::new(n, usize::MAX), Reach::new(n, 3));
        let mut hubs_used = 0;
        for from in net.person_ids() {
            listed.load(&profiles, from);
            looked_up.load(&profiles, from);
            hubs_used += looked_up.hubs().len();
            for to in net.person_ids() {
                assert_eq!(listed.get(&profiles, to), looked_up.get(&profiles, to));
            }
        }
        assert!(hubs_used > 100, "hubs exercised: {hubs_used}");
    }

    /// A hub `h` tied to `leaves` people `l0`…, with strengths cycling
    /// through ten values. The hub blocks `l1`.
    fn star(leaves: usize) -> Network {
        let mut data = crate::Dataset::default();
        let mut hub = crate::PersonRecord::new("h");
        hub.blocked = vec!["l1".into()];
        data.people.push(hub);
        for i in 0..leaves {
            data.people.push(crate::PersonRecord::new(format!("l{i}")));
            data.ties.push(crate::TieRecord {
                a: "h".into(),
                b: format!("l{i}"),
                kind: None,
                strength: Some(0.3 + 0.07 * (i % 10) as f64),
                interactions: None,
                reciprocated: None,
                last_contact: None,
            });
        }
        Network::from_dataset(&data, &LoadOptions::default()).unwrap()
    }

    /// Loading a leaf of a star lists the hub alone and keeps it as a hub:
    /// O(1) per leaf, where listing the people beyond the hub costs its
    /// degree per leaf and the square of it over a run. The warmth to
    /// another leaf, looked up in the hub's ties, is s(leaf, hub) × s(hub,
    /// leaf), as when everyone is listed.
    #[test]
    fn reach_from_a_leaf_of_a_star_touches_constant_entries() {
        const LEAVES: usize = 3_000;
        let net = star(LEAVES);
        let profiles = Profiles::new(&net);
        let n = net.people().len();
        let id = |s: &str| net.person_id(s).unwrap();
        let hub = id("h");
        let to_hub = |leaf: PersonId| net.tie_at(net.adjacent(leaf)[0].tie).strength;
        let (mut quick, mut listed) = (Reach::new(n, HUB_DEGREE), Reach::new(n, usize::MAX));
        let mut entries = 0;
        for from in net.person_ids().filter(|&p| p != hub) {
            quick.load(&profiles, from);
            entries += quick.reached().len() + quick.hubs().len();
            assert_eq!(quick.reached(), [hub]);
            // The hub blocks `l1`: it relays nothing for them.
            let relays = from != id("l1");
            assert_eq!(quick.hubs().len(), usize::from(relays), "{from:?}");
        }
        assert!(entries <= 2 * LEAVES, "entries over a run: {entries}");

        for from in ["l0", "l1", "l2", "l2999"].map(id) {
            quick.load(&profiles, from);
            listed.load(&profiles, from);
            // Listing everyone: the hub and every other leaf the hub relays
            // to (not `l1`), for each leaf.
            let relayed = if from == id("l1") { 1 } else { LEAVES - 1 };
            assert_eq!(listed.reached().len(), relayed);
            for to in ["h", "l0", "l1", "l2", "l7", "l1234", "l2999"].map(id) {
                let expected = if to == hub {
                    to_hub(from)
                } else if to == from || from == id("l1") || to == id("l1") {
                    0.0
                } else {
                    to_hub(from) * to_hub(to)
                };
                assert_eq!(quick.get(&profiles, to), expected, "{from:?} → {to:?}");
                assert_eq!(listed.get(&profiles, to), expected, "{from:?} → {to:?}");
            }
        }
    }

    /// Twenty hubs, each tied to more than [`HUB_DEGREE`] people (so each
    /// has a bit set and a filter bit, four pairs of them sharing a bit),
    /// 12,000 people tied to none, one or several hubs and to each other: the
    /// warmth through the hubs, filtered by each target's bits, equals
    /// listing everyone beyond every intermediary.
    #[test]
    fn hub_filters_rule_out_only_people_not_tied_to_the_hubs() {
        const PEOPLE: usize = 12_000;
        const HUBS: usize = 20;
        let mut data = crate::Dataset::default();
        for i in 0..PEOPLE {
            data.people.push(crate::PersonRecord::new(format!("p{i}")));
        }
        let tie = |a: usize, b: usize, strength: f64| {
            crate::TieRecord::new(format!("p{a}"), format!("p{b}"), strength)
        };
        let mut rng = crate::rng::Rng::for_item(7, 0, 0);
        let mut seen = std::collections::HashSet::new();
        for h in 0..HUBS {
            // Hub h: the people i with (i × 7 + h × 13) mod 200 below 19,
            // about 1,140, so a person is tied to two hubs on average.
            for i in HUBS..PEOPLE {
                if (i * 7 + h * 13) % 200 < 19 && seen.insert((h, i)) {
                    data.ties.push(tie(h, i, 0.2 + 0.6 * rng.unit()));
                }
            }
        }
        for _ in 0..3 * PEOPLE {
            let (a, b) = (rng.below(PEOPLE), rng.below(PEOPLE));
            let (a, b) = (a.min(b), a.max(b));
            if a != b && a >= HUBS && seen.insert((a, b)) {
                data.ties.push(tie(a, b, 0.1 + 0.8 * rng.unit()));
            }
        }
        let net = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let profiles = Profiles::new(&net);
        let slotted = (0..HUBS)
            .filter(|&h| {
                let h = net.person_id(&format!("p{h}")).unwrap();
                profiles.hub_contacts.hub_bit(h).is_some()
            })
            .count();
        assert_eq!(slotted, HUBS);
        let n = net.people().len();
        let (mut quick, mut listed) = (Reach::new(n, HUB_DEGREE), Reach::new(n, usize::MAX));
        let (mut ruled_out, mut hubs_used) = (0, 0);
        for from in net.person_ids().step_by(23) {
            quick.load(&profiles, from);
            listed.load(&profiles, from);
            hubs_used += quick.hubs().len();
            for to in net.person_ids() {
                let near = profiles.hub_contacts.near(to);
                if !quick.hubs().is_empty() && quick.misses_hubs(near) {
                    ruled_out += 1;
                }
                assert_eq!(listed.get(&profiles, to), quick.get(&profiles, to));
            }
        }
        assert!(hubs_used > 500, "hubs used: {hubs_used}");
        assert!(
            ruled_out > 100_000,
            "targets the filter ruled out: {ruled_out}"
        );
    }

    /// A taxonomy with one category `cat` (under `root`) holding `children`
    /// skills `c0`…, and a few people: `e1` wants `c0` (holding it at 1);
    /// `e2` wants `cat` (priority 2) and `c1`; `e3` wants `root`; teachers
    /// hold one skill each (`t_c0`, `t_c1`, `t_cat`, `t_root`, `t_far` far
    /// away), and `t_three` holds three children at different levels.
    fn broad(children: usize) -> Network {
        let mut data = crate::Dataset::default();
        let skill = |id: &str, parent: Option<&str>| crate::SkillRecord {
            id: id.into(),
            parent: parent.map(Into::into),
        };
        data.skills.push(skill("root", None));
        data.skills.push(skill("cat", Some("root")));
        data.skills.push(skill("far", None));
        for i in 0..children {
            data.skills.push(skill(&format!("c{i}"), Some("cat")));
        }
        let goal = |skill: &str, level: u8, priority: u32| crate::GoalRecord {
            skill: skill.into(),
            level,
            priority,
        };
        let person = |id: &str, skills: &[(&str, u8)], goals: Vec<crate::GoalRecord>| {
            let mut p = crate::PersonRecord::new(id);
            p.skills = crate::SkillLevels(skills.iter().map(|&(s, l)| (s.into(), l)).collect());
            p.goals = goals;
            p
        };
        data.people = vec![
            person("e1", &[("c0", 1)], vec![goal("c0", 4, 1)]),
            person("e2", &[], vec![goal("cat", 5, 2), goal("c1", 3, 1)]),
            person("e3", &[], vec![goal("root", 3, 1)]),
            person("t_c0", &[("c0", 5)], vec![]),
            person("t_c1", &[("c1", 3)], vec![]),
            person("t_cat", &[("cat", 4)], vec![]),
            person("t_root", &[("root", 5)], vec![]),
            person("t_far", &[("far", 5)], vec![]),
            person("t_three", &[("c2", 2), ("c3", 5), ("c4", 4)], vec![]),
        ];
        Network::from_dataset(&data, &LoadOptions::default()).unwrap()
    }

    /// Under a category of 5,000 children, keys stay `3 × (skills + 1)`, a
    /// goal is laid out through at most six keys and a teacher's three
    /// children through at most nine (materialised siblings would be 2.5·10^7
    /// entries); and the cover is still `credit^distance × progress`, summed
    /// by priority, as a walk of the tree gives it.
    #[test]
    fn a_category_of_5000_children_costs_keys_linear_in_the_skills() {
        const CHILDREN: usize = 5_000;
        const CREDIT: f64 = 0.5;
        let net = broad(CHILDREN);
        let skills = net.skills().len();
        assert_eq!(skills, CHILDREN + 3);
        let tax = Taxonomy::new(&net, CREDIT);
        assert_eq!(tax.keys(), 3 * (skills + 1));
        let profiles = Profiles::new(&net);
        let person = |s: &str| net.person_id(s).unwrap();
        let skill = |s: &str| net.skill_id(s).unwrap();

        // The keys relate a child to every other skill as a walk does.
        for k in 0..skills {
            let k = SkillId::untagged(k);
            for g in ["c0", "cat", "root"].map(skill) {
                assert_eq!(
                    credit_between(&tax, g, k),
                    credit_by_walking(&net, CREDIT, g, k),
                    "{g:?} {k:?}"
                );
            }
        }

        let mut offer = OfferMap::new(tax.keys());
        offer.load(&tax, profiles.skills(person("t_three")));
        assert!(offer.touched.len() <= 9, "{:?}", offer.touched);

        let mut cover = CoverMap::new(tax.keys());
        let mut keys = Vec::new();
        for learner in ["e1", "e2", "e3"].map(person) {
            let needs = profiles.needs(learner);
            let total = profiles.cards[learner.index()].need_total;
            cover.load(&tax, needs, total);
            assert!(
                cover.covering_keys().len() <= 6 * needs.len(),
                "{:?}",
                cover.covering_keys()
            );
            let goals = &net.at(learner).goals;
            for teacher in net.person_ids().filter(|p| net.at(*p).id.starts_with('t')) {
                // Brute force: per goal, the best `credit^distance ×
                // progress` over the teacher's skills, weighted by priority.
                let mut sum = 0.0;
                for g in goals {
                    let current = f64::from(net.at(learner).level(g.skill));
                    let best = net
                        .at(teacher)
                        .skills
                        .iter()
                        .map(|s| {
                            let progress =
                                (f64::from(s.level) - current) / (f64::from(g.level) - current);
                            credit_by_walking(&net, CREDIT, g.skill, s.skill)
                                * progress.clamp(0.0, 1.0)
                        })
                        .fold(0.0, f64::max);
                    sum += f64::from(g.priority) * best;
                }
                let expected = sum / total;
                keys.clear();
                expand_skills(&tax, profiles.skills(teacher), &mut keys);
                let by_cover = cover.cover(&keys);
                offer.load(&tax, profiles.skills(teacher));
                let by_offer = offer.cover(&tax, needs, total);
                let who = (&net.at(learner).id, &net.at(teacher).id);
                assert!(
                    (by_cover - expected).abs() < 1e-12,
                    "{who:?}: {by_cover} {expected}"
                );
                assert!(
                    (by_offer - expected).abs() < 1e-12,
                    "{who:?}: {by_offer} {expected}"
                );
            }
        }
        // A goal under the category reaches six keys: itself, its children
        // and grandchildren, the category, its children, and the root.
        cover.load(&tax, profiles.needs(person("e1")), 1.0);
        assert_eq!(cover.covering_keys().len(), 6);
    }

    /// A learner with many open goals: the sparse layout gives the formula's
    /// value for every teacher, `rest[0]` bounds every teacher's cover, and
    /// memory grows with the goals, not their square.
    #[cfg(feature = "generate")]
    #[test]
    fn many_open_goals_are_laid_out_sparsely_and_exactly() {
        let data = crate::generate(&crate::GeneratorConfig {
            people: 2_000,
            seed: 8,
            ..crate::GeneratorConfig::default()
        });
        let net = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        const CREDIT: f64 = 0.5;
        let tax = Taxonomy::new(&net, CREDIT);
        let profiles = Profiles::new(&net);
        // Every fifth skill is a goal from level `k % 3` to 5, priority 1–3.
        let needs: Vec<Need> = (0..net.skills().len())
            .step_by(5)
            .map(|k| Need {
                skill: SkillId::untagged(k),
                current: (k % 3) as f64,
                inv_need: 1.0 / (5 - k % 3) as f64,
                priority: (1 + k % 3) as f64,
            })
            .collect();
        assert!(needs.len() > 20, "{}", needs.len());
        let total: f64 = needs.iter().map(|n| n.priority).sum();
        let mut cover = CoverMap::new(tax.keys());
        cover.load(&tax, &needs, total);
        assert!(cover.covers.is_empty());
        assert!(cover.sparse.len() <= 6 * needs.len());
        let (mut buckets, mut rest) = (Vec::new(), Vec::new());
        cover.buckets(&mut buckets, &mut rest, None);
        let mut keys = Vec::new();
        for teacher in net.person_ids().step_by(7) {
            let mut sum = 0.0;
            for n in &needs {
                let best = net
                    .at(teacher)
                    .skills
                    .iter()
                    .map(|s| {
                        credit_by_walking(&net, CREDIT, n.skill, s.skill) * n.progress(s.level)
                    })
                    .fold(0.0, f64::max);
                sum += n.priority * best;
            }
            keys.clear();
            expand_skills(&tax, profiles.skills(teacher), &mut keys);
            let got = cover.cover(&keys);
            assert!(
                (got - sum / total).abs() < 1e-12,
                "{teacher}: {got} {}",
                sum / total
            );
            assert!(got <= rest[0] + 1e-12);
        }
    }

    #[test]
    fn timezone_gap_goes_round_the_clock() {
        assert_eq!(timezone_gap(-5.0, 1.0), 6.0);
        assert_eq!(timezone_gap(-11.0, 12.0), 1.0);
        assert_eq!(timezone_gap(9.0, -3.0), 12.0);
        assert!(timezone_gap(f64::NAN, 1.0).is_nan());
    }
}
