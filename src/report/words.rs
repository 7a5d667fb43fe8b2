//! An explanation in words: the sentences that say, for one pair, what each
//! criterion saw ("covers *rust* (goal level 4) with level 4"), built from
//! an [`Explanation`] and the two people's data.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::config::Config;
use crate::explain::Explanation;
use crate::model::{Goal, PersonId, Role, SkillId};
use crate::network::Network;
use crate::score::{Criterion, CriterionScore, SponsorCriterion};

/// The most goals one pair's sentences name; a person may list thousands,
/// and a report must stay short. The rest are counted in one sentence.
pub const GOALS_NAMED: usize = 4;

/// The sentences explaining `why`: the score and both views, the hard
/// constraints it fails, its rank when known, then one sentence per
/// criterion with a non-zero weight saying what it saw in the data.
///
/// The skill sentences use the cover formula of [`Criterion`]: for each
/// open goal (target above the mentee's current level), the mentor's skill
/// that covers it best — the goal's own skill, or one near it in the
/// taxonomy at `[criteria] taxonomy_credit` per step — and at what level.
/// At most [`GOALS_NAMED`] goals are named, the most important first.
///
/// # Arguments
/// - `network`, `config`: those `why` was computed with.
/// - `why`: from [`explain`](crate::explain) or
///   [`explain_sponsor`](crate::explain_sponsor), or built from a scorer's
///   [`Evaluation`](crate::Evaluation) with `rank: None`.
///
/// # Returns
/// Sentences without a trailing period, skill ids in `*asterisks*`, in a
/// fixed order: the same explanation gives the same sentences.
///
/// # Complexity
/// `O(S + G log G)` for a mentor with `S` skills and a mentee with `G`
/// goals (the taxonomy neighbours are looked up, not searched).
///
/// # Panics
/// When an id in `why` is not from `network`.
///
/// # Example
/// Kofi mentors Ada: he covers her Rust goal but not public speaking.
/// ```
/// use mentormatch::{explain, explain_in_words, load, Config};
///
/// let network = load("data/story.json", &Default::default())?;
/// let (ada, kofi) = (network.person_id("ada").unwrap(), network.person_id("kofi").unwrap());
/// let config = Config::default();
/// let words = explain_in_words(&network, &config, &explain(&network, &config, ada, kofi)?);
/// assert!(words.contains(&"covers *rust* (goal level 4) with level 4".to_string()));
/// assert!(words.contains(&"does not cover *public-speaking* (goal level 3)".to_string()));
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn explain_in_words(network: &Network, config: &Config, why: &Explanation) -> Vec<String> {
    let score = &why.evaluation.score;
    let partner = why.role.as_str();
    let mut out = vec![format!(
        "scores {:.3} (the {}'s view {:.3}, the {partner}'s {:.3})",
        score.combined,
        seeker(why.role),
        score.mentee_view,
        score.mentor_view
    )];
    for failed in &why.evaluation.failed {
        out.push(format!("excluded: {}", failed.describe()));
    }
    if let Some(rank) = why.rank {
        let kept = if rank.is_kept() {
            "kept for assignment"
        } else {
            "outside the kept candidates"
        };
        out.push(format!(
            "ranks {} of the {} {partner}s who pass every hard constraint ({kept})",
            ordinal(rank.position),
            rank.feasible
        ));
    }
    let words = Words {
        network,
        config,
        mentee: why.mentee,
        mentor: why.partner,
    };
    for criterion in score.criteria().filter(|c| c.weight != 0.0) {
        match why.role {
            Role::Mentor => words.mentor_criterion(criterion, &mut out),
            Role::Sponsor => words.sponsor_criterion(criterion, &mut out),
        }
    }
    out
}

/// Who seeks, in the words of a role.
fn seeker(role: Role) -> &'static str {
    match role {
        Role::Mentor => "mentee",
        Role::Sponsor => "person",
    }
}

struct Words<'a> {
    network: &'a Network,
    config: &'a Config,
    mentee: PersonId,
    mentor: PersonId,
}

impl Words<'_> {
    fn mentor_criterion(&self, c: CriterionScore, out: &mut Vec<String>) {
        let (network, m, t) = (self.network, self.mentee, self.mentor);
        let (mentee, mentor) = (network.at(m), network.at(t));
        match Criterion::from_name(c.name) {
            Some(Criterion::SkillFit) => {
                self.goals(m, t, Some(network.at(m)), out, Cover::Mentor);
            }
            Some(Criterion::Reciprocity) => {
                self.goals(t, m, Some(mentor), out, Cover::GiveBack);
            }
            Some(Criterion::Experience) => {
                let shared: Vec<String> = mentee
                    .experiences
                    .iter()
                    .filter(|e| mentor.experiences.binary_search(e).is_ok())
                    .map(|&e| format!("*{}*", network.label_text(e)))
                    .collect();
                if !mentee.experiences.is_empty() || !mentor.experiences.is_empty() {
                    out.push(if shared.is_empty() {
                        "shares no experience".to_string()
                    } else {
                        format!("has faced the same: {}", shared.join(", "))
                    });
                }
            }
            Some(Criterion::Seniority) => {
                let gap = i32::from(mentor.seniority) - i32::from(mentee.seniority);
                let band = format!(
                    "the band is {} to {} above",
                    self.config.criteria.seniority_min_gap, self.config.criteria.seniority_max_gap
                );
                out.push(match gap {
                    0 => format!("has the same seniority ({band})"),
                    g if g > 0 => format!("is {} more senior ({band})", levels(g)),
                    g => format!("is {} less senior ({band})", levels(-g)),
                });
            }
            Some(Criterion::CrossOrg) => {
                let mut parts = Vec::new();
                for (what, a, b) in [
                    ("organisation", mentee.org, mentor.org),
                    ("industry", mentee.industry, mentor.industry),
                ] {
                    if let (Some(a), Some(b)) = (a, b) {
                        parts.push(if a == b {
                            format!("the same {what} ({})", network.label_text(a))
                        } else {
                            format!(
                                "another {what} ({}, not {})",
                                network.label_text(b),
                                network.label_text(a)
                            )
                        });
                    }
                }
                if !parts.is_empty() {
                    out.push(format!("works in {}", parts.join(" and ")));
                }
            }
            Some(Criterion::Timezone) => {
                if let (Some(a), Some(b)) = (mentee.timezone, mentor.timezone) {
                    let gap = (a - b).abs() % 24.0;
                    let gap = gap.min(24.0 - gap);
                    out.push(if gap == 0.0 {
                        "works in the same time zone".to_string()
                    } else {
                        format!("works {} hours apart", trim(gap))
                    });
                }
            }
            Some(Criterion::Language) => {
                let shared: Vec<&str> = mentee
                    .languages
                    .iter()
                    .filter(|l| mentor.languages.binary_search(l).is_ok())
                    .map(|&l| network.label_text(l))
                    .collect();
                out.push(if shared.is_empty() {
                    "shares no language".to_string()
                } else {
                    format!("speaks {}", shared.join(", "))
                });
            }
            Some(Criterion::Network) => self.network_sentence(c, out),
            Some(Criterion::Preference) => self.preference(out),
            Some(Criterion::Affinity) => {
                if let Some(a) = network.affinity(m, t) {
                    out.push(format!(
                        "has an external affinity of {:.2} (the mentor's {:.2})",
                        a.score, a.mentor_score
                    ));
                }
            }
            Some(Criterion::Repeat) => {
                if c.mentee_value > 0.0 || c.mentor_value > 0.0 {
                    out.push("was this mentee's mentor before".to_string());
                }
            }
            // `Criterion` is non-exhaustive for users, not for the crate;
            // a criterion added later and not yet put into words is
            // still shown by its value.
            _ => out.push(format!("{} {:.2}", c.name, c.mentee_value)),
        }
    }

    fn sponsor_criterion(&self, c: CriterionScore, out: &mut Vec<String>) {
        let network = self.network;
        let sponsor = network.at(self.mentor);
        match c.name {
            n if n == SponsorCriterion::Influence.name() => out.push(format!(
                "has influence {:.2} (seniority {} and standing in the tie graph)",
                c.mentee_value, sponsor.seniority
            )),
            n if n == SponsorCriterion::Domain.name() => {
                let org = sponsor
                    .org
                    .map(|o| format!(" in {}", network.label_text(o)))
                    .unwrap_or_default();
                out.push(format!(
                    "works where the goals point{org}: domain {:.2}",
                    c.mentee_value
                ));
                self.goals(self.mentee, self.mentor, None, out, Cover::Sponsor);
            }
            n if n == SponsorCriterion::Preference.name() => self.preference(out),
            _ => out.push(format!("{} {:.2}", c.name, c.mentee_value)),
        }
    }

    fn preference(&self, out: &mut Vec<String>) {
        let (mentee, mentor) = (self.network.at(self.mentee), self.network.at(self.mentor));
        if mentee.preferred.binary_search(&self.mentor).is_ok() {
            out.push("was asked for by name".to_string());
        }
        if mentor.preferred.binary_search(&self.mentee).is_ok() {
            out.push("asked for this person by name".to_string());
        }
    }

    fn network_sentence(&self, c: CriterionScore, out: &mut Vec<String>) {
        let network = self.network;
        let value = c.mentee_value.max(c.mentor_value);
        out.push(match network.tie_between(self.mentee, self.mentor) {
            Some(tie) => {
                let tie = network.tie_at(tie);
                format!(
                    "already knows them ({}, strength {:.2})",
                    network.label_text(tie.kind),
                    tie.strength
                )
            }
            None if value > 0.0 => {
                format!("is one introduction away (warmth {value:.2} through a shared contact)")
            }
            None => "has no tie within two steps".to_string(),
        });
    }

    /// Sentences for how `teacher`'s skills cover `learner`'s open goals
    /// (`current` holds the learner's levels; `None` measures from level 0,
    /// as sponsor scoring does), the most important goals first.
    fn goals(
        &self,
        learner: PersonId,
        teacher: PersonId,
        current: Option<&crate::model::Person>,
        out: &mut Vec<String>,
        cover: Cover,
    ) {
        let network = self.network;
        let level_of = |g: &Goal| current.map_or(0, |p| p.level(g.skill));
        let open: Vec<&Goal> = network
            .at(learner)
            .goals
            .iter()
            .filter(|g| level_of(g) < g.level)
            .collect();
        if open.is_empty() {
            if cover != Cover::GiveBack {
                out.push(format!("{} no open goals", cover.learner()));
            }
            return;
        }
        let skills = Holdings::new(network, teacher);
        let credit = self.config.criteria.taxonomy_credit;
        let covers: Vec<(f64, Option<Best>)> = open
            .iter()
            .map(|g| {
                let best = skills.best(network, g, level_of(g), credit);
                (best.map_or(0.0, |b| b.value), best)
            })
            .collect();
        // The goals that weigh most first: priority × cover, then priority,
        // then the order given.
        let mut order: Vec<usize> = (0..open.len()).collect();
        order.sort_by(|&a, &b| {
            let (ga, gb) = (open[a], open[b]);
            let wa = f64::from(ga.priority) * covers[a].0;
            let wb = f64::from(gb.priority) * covers[b].0;
            wb.total_cmp(&wa)
                .then(gb.priority.cmp(&ga.priority))
                .then(a.cmp(&b))
        });
        let mut named = 0;
        let mut unnamed = 0;
        for i in order {
            let (goal, best) = (open[i], covers[i].1);
            // Giving back names only what the mentee can offer.
            if cover == Cover::GiveBack && best.is_none() {
                continue;
            }
            if named == GOALS_NAMED {
                unnamed += 1;
                continue;
            }
            named += 1;
            out.push(cover.sentence(network, goal, level_of(goal), best));
        }
        if unnamed > 0 {
            out.push(format!(
                "and {unnamed} more {}",
                if unnamed == 1 { "goal" } else { "goals" }
            ));
        }
    }
}

/// Whose skills cover whose goals, for the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cover {
    /// The mentor covers the mentee's goals (`skill_fit`).
    Mentor,
    /// The mentee covers the mentor's goals (`reciprocity`).
    GiveBack,
    /// The sponsor's skills reach the person's goals (`domain`).
    Sponsor,
}

impl Cover {
    fn learner(self) -> &'static str {
        match self {
            Cover::Mentor => "the mentee has",
            Cover::GiveBack => "the mentor has",
            Cover::Sponsor => "the person has",
        }
    }

    fn sentence(self, network: &Network, goal: &Goal, current: u8, best: Option<Best>) -> String {
        let skill = &network.skill_at(goal.skill).id;
        let mut target = format!("goal level {}", goal.level);
        if current > 0 {
            let _ = write!(target, ", now {current}");
        }
        let Some(best) = best else {
            return match self {
                Cover::Sponsor => format!("has no skill near *{skill}* ({target})"),
                _ => format!("does not cover *{skill}* ({target})"),
            };
        };
        let verb = match self {
            Cover::Mentor | Cover::Sponsor if best.progress >= 1.0 => "covers",
            Cover::Mentor | Cover::Sponsor => "partly covers",
            Cover::GiveBack if best.progress >= 1.0 => "can give back",
            Cover::GiveBack => "can partly give back",
        };
        let whose = if self == Cover::GiveBack {
            format!("the mentor's goal level {}", goal.level)
        } else {
            target
        };
        if best.relation == Relation::Same {
            format!("{verb} *{skill}* ({whose}) with level {}", best.level)
        } else {
            format!(
                "{verb} *{skill}* ({whose}) through *{}*, {}, at level {}",
                network.skill_at(best.skill).id,
                best.relation.describe(),
                best.level
            )
        }
    }
}

/// How a teacher's skill stands to a goal's skill in the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    Same,
    Parent,
    Child,
    Grandparent,
    Grandchild,
    Sibling,
}

impl Relation {
    fn steps(self) -> i32 {
        match self {
            Relation::Same => 0,
            Relation::Parent | Relation::Child => 1,
            _ => 2,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Relation::Same => "the same skill",
            Relation::Parent => "the broader skill",
            Relation::Child => "a narrower skill",
            Relation::Grandparent => "a broader field",
            Relation::Grandchild => "a specialism within it",
            Relation::Sibling => "a related skill",
        }
    }
}

/// A teacher's best cover of one goal.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Best {
    skill: SkillId,
    level: u8,
    relation: Relation,
    /// How far the level takes the learner towards the target, in [0, 1].
    progress: f64,
    /// `credit^steps × progress`.
    value: f64,
}

/// A teacher's skills indexed by skill, by parent and by grandparent, so
/// that each goal's taxonomy neighbours are looked up, not searched.
struct Holdings {
    level: HashMap<SkillId, u8>,
    /// Per parent skill, the teacher's two highest-level children (a goal's
    /// siblings must skip the goal itself).
    children: HashMap<SkillId, Vec<(u8, SkillId)>>,
    grandchildren: HashMap<SkillId, Vec<(u8, SkillId)>>,
}

impl Holdings {
    fn new(network: &Network, teacher: PersonId) -> Holdings {
        let mut out = Holdings {
            level: HashMap::new(),
            children: HashMap::new(),
            grandchildren: HashMap::new(),
        };
        for s in &network.at(teacher).skills {
            out.level.insert(s.skill, s.level);
            let parent = network.skill_at(s.skill).parent;
            if let Some(p) = parent {
                keep_two(out.children.entry(p).or_default(), (s.level, s.skill));
                if let Some(g) = network.skill_at(p).parent {
                    keep_two(out.grandchildren.entry(g).or_default(), (s.level, s.skill));
                }
            }
        }
        out
    }

    /// The best cover of `goal` from `current`, or `None` when no skill of
    /// the teacher's within two taxonomy steps takes the learner further.
    fn best(&self, network: &Network, goal: &Goal, current: u8, credit: f64) -> Option<Best> {
        let g = goal.skill;
        let parent = network.skill_at(g).parent;
        let grandparent = parent.and_then(|p| network.skill_at(p).parent);
        let mut options: Vec<(SkillId, u8, Relation)> = Vec::new();
        for (s, relation) in [
            (Some(g), Relation::Same),
            (parent, Relation::Parent),
            (grandparent, Relation::Grandparent),
        ] {
            if let Some((s, &level)) = s.and_then(|s| self.level.get(&s).map(|l| (s, l))) {
                options.push((s, level, relation));
            }
        }
        let listed = |map: &HashMap<SkillId, Vec<(u8, SkillId)>>, of: Option<SkillId>| {
            of.and_then(|of| map.get(&of)).cloned().unwrap_or_default()
        };
        for (level, s) in listed(&self.children, Some(g)) {
            options.push((s, level, Relation::Child));
        }
        for (level, s) in listed(&self.grandchildren, Some(g)) {
            options.push((s, level, Relation::Grandchild));
        }
        for (level, s) in listed(&self.children, parent) {
            if s != g {
                options.push((s, level, Relation::Sibling));
            }
        }
        let need = f64::from(goal.level) - f64::from(current);
        let mut best: Option<Best> = None;
        for (skill, level, relation) in options {
            let factor = credit.powi(relation.steps());
            let progress = ((f64::from(level) - f64::from(current)) / need).clamp(0.0, 1.0);
            let value = factor * progress;
            // Strictly better only: the nearer relation, listed first, wins
            // a tie.
            if value > 0.0 && best.is_none_or(|b| value > b.value) {
                best = Some(Best {
                    skill,
                    level,
                    relation,
                    progress,
                    value,
                });
            }
        }
        best
    }
}

/// Keeps the two highest levels (ties: lower skill id) in `list`.
fn keep_two(list: &mut Vec<(u8, SkillId)>, item: (u8, SkillId)) {
    list.push(item);
    list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    list.truncate(2);
}

fn levels(n: i32) -> String {
    if n == 1 {
        "1 level".to_string()
    } else {
        format!("{n} levels")
    }
}

/// A number of hours without a needless `.0`.
fn trim(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ...
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }

    #[test]
    fn keep_two_keeps_the_highest_levels() {
        let mut list = Vec::new();
        for (level, id) in [(2, 5), (4, 9), (3, 1), (4, 2)] {
            keep_two(&mut list, (level, SkillId::untagged(id)));
        }
        assert_eq!(
            list,
            vec![(4, SkillId::untagged(2)), (4, SkillId::untagged(9))]
        );
    }
}
