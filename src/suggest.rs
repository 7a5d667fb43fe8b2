//! Introductions to suggest: for one connector, pairs of their contacts who
//! are not yet tied and where one needs what the other offers.

use crate::config::Config;
use crate::error::Result;
use crate::matching::round;
use crate::model::PersonId;
use crate::network::Network;
use crate::score::MentorScorer;

/// Options of [`suggest_introductions`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestConfig {
    /// How many suggestions to return, best first. Default 10.
    pub k: usize,
    /// How many of the connector's contacts to consider: their strongest
    /// ties, ties broken by id. Default 500, which bounds the pairs scored at
    /// about 125,000 even for a super-connector.
    pub max_contacts: usize,
}

impl Default for SuggestConfig {
    fn default() -> SuggestConfig {
        SuggestConfig {
            k: 10,
            max_contacts: 500,
        }
    }
}

/// Two contacts a connector could introduce to each other.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// One contact (the smaller id of the two).
    pub a: PersonId,
    /// The other contact.
    pub b: PersonId,
    /// How well `b`'s skills cover `a`'s goals (the `skill_fit` criterion), in [0, 1].
    pub a_gains: f64,
    /// How well `a`'s skills cover `b`'s goals, in [0, 1].
    pub b_gains: f64,
    /// `a_gains + b_gains`: a mutual exchange counts for both directions.
    pub benefit: f64,
    /// The warmth of the introduction: the product of the connector's ties
    /// to `a` and to `b`.
    pub warmth: f64,
    /// `benefit × warmth`: what suggestions are ranked by.
    pub score: f64,
}

impl Suggestion {
    /// Why the introduction helps, in words: who can help whom with which
    /// goals ("p2 can help p7 with their goals (rust, sql)"), for each
    /// direction that gains, joined by "; ".
    pub fn reason(&self, network: &Network) -> String {
        let gains = |learner: PersonId, teacher: PersonId| {
            let goals: Vec<&str> = network
                .at(learner)
                .goals
                .iter()
                .map(|g| network.skill_at(g.skill).id.as_str())
                .collect();
            format!(
                "{} can help {} with their goals ({})",
                network.at(teacher).id,
                network.at(learner).id,
                goals.join(", ")
            )
        };
        let mut parts = Vec::new();
        if self.a_gains > 0.0 {
            parts.push(gains(self.a, self.b));
        }
        if self.b_gains > 0.0 {
            parts.push(gains(self.b, self.a));
        }
        parts.join("; ")
    }
}

/// What [`suggest_introductions`] found for one connector, by the dataset's
/// ids: `{"connector", "introducible", "suggestions": [{"a", "b", "score",
/// "benefit", "warmth", "a_gains", "b_gains", "reason"}]}`, the contract of
/// `mentormatch suggest`. Figures are rounded to 6 decimals.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SuggestReport {
    /// The connector's id.
    pub connector: String,
    /// Whether the connector may be an intermediary at all: when `false`,
    /// they opted out and the suggestions are theirs to make or not.
    pub introducible: bool,
    /// The suggestions, best first.
    pub suggestions: Vec<SuggestionReport>,
}

/// One [`Suggestion`] of a [`SuggestReport`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SuggestionReport {
    /// One contact's id.
    pub a: String,
    /// The other contact's id.
    pub b: String,
    /// [`Suggestion::score`].
    pub score: f64,
    /// [`Suggestion::benefit`].
    pub benefit: f64,
    /// [`Suggestion::warmth`].
    pub warmth: f64,
    /// [`Suggestion::a_gains`].
    pub a_gains: f64,
    /// [`Suggestion::b_gains`].
    pub b_gains: f64,
    /// [`Suggestion::reason`].
    pub reason: String,
}

impl SuggestReport {
    /// The report of `suggestions`, as [`suggest_introductions`] returned
    /// them for `connector`.
    pub fn new(
        network: &Network,
        connector: PersonId,
        suggestions: &[Suggestion],
    ) -> SuggestReport {
        let id = |p: PersonId| network.at(p).id.clone();
        SuggestReport {
            connector: id(connector),
            introducible: network.at(connector).introducible,
            suggestions: suggestions
                .iter()
                .map(|s| SuggestionReport {
                    a: id(s.a),
                    b: id(s.b),
                    score: round(s.score),
                    benefit: round(s.benefit),
                    warmth: round(s.warmth),
                    a_gains: round(s.a_gains),
                    b_gains: round(s.b_gains),
                    reason: s.reason(network),
                })
                .collect(),
        }
    }
}

/// The best introductions `connector` could make among their own contacts.
///
/// A pair qualifies when the two are not tied to each other, neither blocks
/// the other (nor the connector), and at least one gains: the other's skills,
/// above their own level, cover some of their goals (taxonomy-aware, exactly
/// as the `skill_fit` criterion scores a mentor). Pairs are ranked by
/// `benefit × warmth`, where benefit adds both directions' gain and warmth
/// multiplies the connector's two ties; ties in score go to the smaller ids.
/// A connector who is not `introducible` has opted out of introducing anyone:
/// the result is empty.
///
/// # Arguments
/// - `network`: the validated network.
/// - `config`: scoring configuration (skill_fit's `taxonomy_credit`).
/// - `connector`: the person making introductions.
/// - `options`: how many suggestions, how many contacts to consider.
///
/// # Returns
/// At most `options.k` suggestions, best first.
///
/// # Complexity
/// `O(c²)` pair evaluations for the `c ≤ max_contacts` contacts considered,
/// in parallel; each costs time linear in the two people's skills and goals.
///
/// # Errors
/// [`Error::Invalid`](crate::Error::Invalid) (file `config`) when `config`
/// is out of range (see [`Config::validate`]);
/// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when `connector`
/// is not from `network`.
///
/// # Example
/// Linus manages Kofi, who wants to learn people management; Linus's own
/// manager Grace is an expert at it, and the two have never been tied:
/// ```
/// use mentormatch::{load, suggest_introductions, Config, SuggestConfig};
///
/// let network = load("data/story.json", &Default::default())?;
/// let linus = network.person_id("linus").unwrap();
/// let found = suggest_introductions(&network, &Config::default(), linus, &SuggestConfig::default())?;
/// let name = |p| network.person(p).unwrap().id.as_str();
/// let first = &found[0];
/// assert_eq!((name(first.a), name(first.b)), ("grace", "kofi"));
/// assert_eq!((first.a_gains, first.b_gains), (0.0, 1.0)); // Kofi gains
/// assert!(found.iter().all(|s| network.tie_between(s.a, s.b).is_none()));
/// # Ok::<(), mentormatch::Error>(())
/// ```
///
/// # Reference
/// M. S. Granovetter, "The strength of weak ties", American Journal of
/// Sociology 78(6) (1973): brokers create value by closing triads.
pub fn suggest_introductions(
    network: &Network,
    config: &Config,
    connector: PersonId,
    options: &SuggestConfig,
) -> Result<Vec<Suggestion>> {
    config.validate("config")?;
    network.check("connector", connector)?;
    if !network.at(connector).introducible {
        return Ok(Vec::new());
    }
    let mut contacts: Vec<(PersonId, f64)> = network
        .adjacent(connector)
        .iter()
        .map(|n| (n.person, network.tie_at(n.tie).strength))
        .filter(|&(p, _)| !network.blocked(p, connector))
        .collect();
    contacts.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    contacts.truncate(options.max_contacts);
    contacts.sort_by_key(|c| c.0);

    let mut pairs = Vec::new();
    let mut warmth = Vec::new();
    for (i, &(a, sa)) in contacts.iter().enumerate() {
        for &(b, sb) in &contacts[i + 1..] {
            if network.link(a, b).is_none() && !network.blocked(a, b) {
                pairs.push((a, b));
                warmth.push(sa * sb);
            }
        }
    }
    // One evaluation per pair gives both directions: `skill_fit` is how well
    // b covers a's goals, `reciprocity` how well a covers b's.
    let scorer = MentorScorer::from_valid(network, config);
    let evaluations = scorer.evaluate_pairs_known(&pairs);
    let value = |e: &crate::score::Evaluation, name: &str| {
        e.score.criterion(name).map_or(0.0, |c| c.mentee_value)
    };
    let mut found: Vec<Suggestion> = pairs
        .iter()
        .zip(&warmth)
        .zip(&evaluations)
        .filter_map(|((&(a, b), &warmth), e)| {
            let (a_gains, b_gains) = (value(e, "skill_fit"), value(e, "reciprocity"));
            let benefit = a_gains + b_gains;
            (benefit > 0.0).then_some(Suggestion {
                a,
                b,
                a_gains,
                b_gains,
                benefit,
                warmth,
                score: benefit * warmth,
            })
        })
        .collect();
    found.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    found.truncate(options.k);
    Ok(found)
}
