//! Explanations: why a pair scored what it scored, or which hard constraints
//! exclude it, and where it ranks among the mentee's candidates.

use crate::candidates::{for_mentee, Candidate, Engine};
use crate::config::Config;
use crate::model::PersonId;
use crate::model::Role;
use crate::network::Network;
use crate::score::{Evaluation, MentorScorer, SponsorScorer};

/// Everything about one pair: the failed hard constraints (if any), every
/// criterion's value and weighted contribution in both views, the scores,
/// and the pair's rank among the mentee's candidates.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// Mentor or sponsor pair.
    pub role: Role,
    /// The person seeking.
    pub mentee: PersonId,
    /// The mentor (or sponsor).
    pub mentor: PersonId,
    /// The failed constraints and the scores. The criteria are computed even
    /// for an excluded pair, to show what it would have scored.
    pub evaluation: Evaluation,
    /// Where the pair ranks; `None` when a hard constraint excludes it.
    pub rank: Option<Rank>,
}

impl Explanation {
    /// Whether the pair passes every hard constraint.
    pub fn is_feasible(&self) -> bool {
        self.evaluation.is_feasible()
    }
}

/// A feasible pair's place among all the mentee's feasible pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank {
    /// 1 for the best candidate (by combined score, then mentor id).
    pub position: usize,
    /// How many feasible pairs the mentee has.
    pub feasible: usize,
    /// The configured `max_candidates` (0 = keep all).
    pub max_candidates: usize,
}

impl Rank {
    /// Whether the pair is among the candidates kept for assignment.
    pub fn is_kept(&self) -> bool {
        self.max_candidates == 0 || self.position <= self.max_candidates
    }
}

/// Explains a mentor pair: the hard constraints it fails, or how each
/// criterion scored in both views and the pair's rank among the mentee's
/// candidates.
///
/// # Arguments
/// - `network`, `config`: as for [`crate::candidates`].
/// - `mentee`, `mentor`: the pair, in either role whatever the data says
///   (a pair the data rules out is explained by its failed constraints).
///
/// # Returns
/// An [`Explanation`]; its scores equal the ones [`crate::candidates`] gives.
///
/// # Complexity
/// Builds the scorer (`O(V + E)`) and scores the mentee's candidates once
/// to rank the pair.
///
/// # Panics
/// When an id is not from `network` or `config` is out of range.
///
/// # Example
/// Linus is Ada's manager: the best Rust mentor around, and excluded.
/// ```
/// use mentormatch::{explain, load, Config, Constraint};
///
/// let network = load("data/story.json", &Default::default())?;
/// let ada = network.person_id("ada").unwrap();
/// let linus = network.person_id("linus").unwrap();
/// let why = explain(&network, &Config::default(), ada, linus);
/// assert_eq!(why.evaluation.failed, vec![Constraint::SameReportingChain]);
/// assert_eq!(why.rank, None);
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn explain(
    network: &Network,
    config: &Config,
    mentee: PersonId,
    mentor: PersonId,
) -> Explanation {
    let scorer = MentorScorer::new(network, config);
    let evaluation = scorer.evaluate(mentee, mentor);
    let rank = rank(&scorer, mentee, mentor, &evaluation);
    Explanation {
        role: Role::Mentor,
        mentee,
        mentor,
        evaluation,
        rank,
    }
}

/// Explains a sponsor pair, as [`explain`] does a mentor pair.
///
/// # Panics
/// When an id is not from `network` or `config` is out of range.
pub fn explain_sponsor(
    network: &Network,
    config: &Config,
    person: PersonId,
    sponsor: PersonId,
) -> Explanation {
    let scorer = SponsorScorer::new(network, config);
    let evaluation = scorer.evaluate(person, sponsor);
    let rank = rank(&scorer, person, sponsor, &evaluation);
    Explanation {
        role: Role::Sponsor,
        mentee: person,
        mentor: sponsor,
        evaluation,
        rank,
    }
}

fn rank<E: Engine>(e: &E, mentee: PersonId, mentor: PersonId, ev: &Evaluation) -> Option<Rank> {
    if !ev.is_feasible() {
        return None;
    }
    let mut scratch = e.new_scratch();
    let all = for_mentee(e, &mut scratch, mentee, 0).kept;
    let me = Candidate {
        mentor,
        combined: ev.score.combined,
        mentee_view: ev.score.mentee_view,
        mentor_view: ev.score.mentor_view,
    };
    debug_assert!(all.contains(&me), "a feasible pair is always proposed");
    let ahead = all
        .iter()
        .filter(|c| c.combined > me.combined || (c.combined == me.combined && c.mentor < me.mentor))
        .count();
    Some(Rank {
        position: ahead + 1,
        feasible: all.len(),
        max_candidates: e.max_candidates(),
    })
}
