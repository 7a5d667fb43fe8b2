//! Warm-introduction paths: the warmest chains of ties between two people,
//! k best or person-disjoint alternatives, and batch routing that keeps any
//! one connector from being asked for every introduction.
//!
//! The warmth of a path is the product of its ties' strengths. A path is
//! *valid* when it has at most `max_hops` ties, never repeats a person, every
//! intermediary is [`introducible`](crate::Person::introducible), and nobody on
//! it blocks, or is blocked by, either endpoint (the endpoints included: two
//! people who block each other get no introduction). The endpoints themselves
//! need not be introducible.
//!
//! - [`PathFinder`] re-lays the network out for search once and answers many
//!   queries: [`PathFinder::best`] (one bidirectional, hop-bounded search that
//!   explores only the neighbourhoods of the two endpoints),
//!   [`PathFinder::paths`] (Yen's k best, or greedy person-disjoint
//!   alternatives) and [`PathFinder::route`] (a path for every request of a
//!   batch under a per-connector load limit). [`intro_paths`] and
//!   [`route_intros`] are one-call versions.
//! - The search minimises sums of `−ln(strength)`, which orders paths as
//!   their warmth does without underflow; the warmth reported in an [`IntroPath`]
//!   is the plain product of its strengths, in path order.
//! - Asking for a path from a person to themselves gives no path.

mod route;
mod search;

use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{IntroSettings, MAX_HOPS};
use crate::error::Result;
use crate::model::{PersonId, TieId};
use crate::network::Network;

pub use route::{route_intros, ConnectorLoad, IntroStatus, Route, RouteConfig, Routing};
use search::{exists, search, Found, Graph, Query, Scratch};

/// Options for [`intro_paths`] and [`PathFinder::paths`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathConfig {
    /// Most ties on a path. Default 3: an introduction through two people.
    /// 0 allows no path at all.
    pub max_hops: u32,
    /// How many paths to return, warmest first. Default 3.
    pub k: usize,
    /// Default `false`: the k warmest valid paths, which may share
    /// intermediaries. `true`: each path after the first is the warmest one
    /// that shares no intermediary with the paths before it, so that if a
    /// connector says no, the next path does not rely on them. This is greedy
    /// (the warmest path first, then the warmest that avoids it, ...), not the
    /// set of disjoint paths of largest total warmth.
    pub disjoint: bool,
}

/// The defaults of `[intro]` ([`IntroSettings`]), their one home.
impl Default for PathConfig {
    fn default() -> PathConfig {
        PathConfig::from(&IntroSettings::default())
    }
}

/// The hop limit and path count of `[intro]`, without `disjoint`.
impl From<&IntroSettings> for PathConfig {
    fn from(intro: &IntroSettings) -> PathConfig {
        PathConfig {
            max_hops: intro.max_hops,
            k: intro.k,
            disjoint: false,
        }
    }
}

/// A chain of ties from one person to another.
#[derive(Debug, Clone, PartialEq)]
pub struct IntroPath {
    /// Everyone on the path in order, from the person asking to the person
    /// they want to meet; at least two people.
    pub people: Vec<PersonId>,
    /// The ties between consecutive people: `ties[i]` joins `people[i]` and
    /// `people[i + 1]`.
    pub ties: Vec<TieId>,
    /// The product of the ties' strengths, multiplied in path order; in
    /// [0, 1]. It is 0 only when the product is too small for an `f64`
    /// (below about 1e-308, e.g. two ties of strength 1e-200): compare
    /// paths by [`IntroPath::log_warmth`], which never underflows.
    pub warmth: f64,
    /// The natural logarithm of the warmth, summed in path order: the sum of
    /// `ln(strength)` over the ties, in (−∞, 0]. Paths are ranked by it, so
    /// [`PathFinder::best`] and the first of [`PathFinder::paths`] agree
    /// however weak the ties.
    pub log_warmth: f64,
}

impl IntroPath {
    fn new(network: &Network, people: Vec<PersonId>, ties: Vec<TieId>) -> IntroPath {
        let strength = |&t: &TieId| network.tie_at(t).strength;
        let warmth = ties.iter().map(strength).product();
        let log_warmth = ties.iter().map(|t| strength(t).ln()).sum();
        IntroPath {
            people,
            ties,
            warmth,
            log_warmth,
        }
    }

    /// Number of ties.
    pub fn hops(&self) -> usize {
        self.ties.len()
    }

    /// The people between the endpoints: the connectors asked to introduce.
    pub fn intermediaries(&self) -> &[PersonId] {
        &self.people[1..self.people.len() - 1]
    }

    /// The order paths are reported in: warmer first (by
    /// [`IntroPath::log_warmth`], so that paths too weak for their warmth to be
    /// told apart from 0 still are), then by the sequence of person ids, so
    /// that equally warm paths come out the same every time.
    fn rank(&self, other: &IntroPath) -> Ordering {
        other
            .log_warmth
            .total_cmp(&self.log_warmth)
            .then_with(|| self.people.cmp(&other.people))
    }
}

/// Reusable path search over one network: the network re-laid out for the
/// search, plus working memory that lets each query cost what it explores
/// rather than the size of the network.
///
/// Build one per network (`O(n + m log d)` time, about 16 bytes per tie end
/// plus 9 bytes per person, shared) and keep it for many queries. Each finder
/// also owns 9 bytes of scratch per person; `clone` a finder to get one for
/// another thread — clones share the re-laid-out network and get fresh scratch.
///
/// # Example
///
/// ```
/// use mentormatch::{load, LoadOptions, PathConfig, PathFinder};
///
/// let network = load("data/story.json", &LoadOptions::default())?;
/// let id = |name| network.person_id(name).unwrap();
/// let name = |p: mentormatch::PersonId| network.person(p).unwrap().id.as_str();
/// let mut finder = PathFinder::new(&network);
/// // Tim, in Engineering, wants to meet Yuki in Data. Omar knows Yuki, but Tim
/// // blocks Omar, and nobody else connects them within three ties.
/// assert_eq!(finder.best(id("tim"), id("yuki"), 3)?, None);
/// // With four ties, his manager's manager Grace knows Yuki's manager Mira.
/// let path = finder.best(id("tim"), id("yuki"), 4)?.expect("a warm path");
/// let names: Vec<&str> = path.people.iter().map(|&p| name(p)).collect();
/// assert_eq!(names, ["tim", "linus", "grace", "mira", "yuki"]);
/// assert!((path.warmth - 0.7 * 0.9 * 0.6 * 0.7).abs() < 1e-12);
///
/// // Lena can reach Grace through Mira, or, more faintly, through Noor and Sam.
/// let paths = finder.paths(id("lena"), id("grace"), &PathConfig::default())?;
/// let via: Vec<Vec<&str>> = paths
///     .iter()
///     .map(|p| p.intermediaries().iter().map(|&q| name(q)).collect())
///     .collect();
/// assert_eq!(via, [vec!["mira"], vec!["noor", "sam"]]);
/// # Ok::<(), mentormatch::Error>(())
/// ```
#[derive(Debug)]
pub struct PathFinder<'n> {
    network: &'n Network,
    graph: Arc<Graph>,
    scratch: Scratch,
}

impl Clone for PathFinder<'_> {
    fn clone(&self) -> Self {
        PathFinder {
            network: self.network,
            graph: Arc::clone(&self.graph),
            scratch: Scratch::new(self.network.people().len()),
        }
    }
}

impl<'n> PathFinder<'n> {
    /// Prepares path search over `network`.
    ///
    /// Complexity: `O(n + m log d)` time for `n` people, `m` ties and largest
    /// degree `d` (adjacency lists are re-sorted by strength, in parallel);
    /// `O(n + m)` space.
    pub fn new(network: &'n Network) -> PathFinder<'n> {
        PathFinder {
            network,
            graph: Arc::new(Graph::new(network)),
            scratch: Scratch::new(network.people().len()),
        }
    }

    /// The network this finder searches.
    pub fn network(&self) -> &'n Network {
        self.network
    }

    /// The warmest valid path from `from` to `to` with at most `max_hops`
    /// ties.
    ///
    /// # Arguments
    /// - `from`, `to`: the person asking and the person they want to meet.
    /// - `max_hops`: most ties on the path (0 allows none).
    ///
    /// # Returns
    /// The path, or `None` when `from == to` (no introduction is needed),
    /// when `from` and `to` block each other, or when no valid path has at
    /// most `max_hops` ties. A direct tie is a valid one-hop path, returned
    /// when no longer path is warmer. Among equally warm paths the choice is
    /// deterministic (it depends only on the network and the query).
    ///
    /// # Complexity
    /// A bidirectional search that grows hop layers from both ends, always
    /// the cheaper side first, and joins the two in the middle, pruning with
    /// the warmest path found so far: with `h = max_hops` and degree `d`, at
    /// worst `O(d^⌈h/2⌉)`-ish ties scanned, in practice far fewer; never the
    /// whole network for small `h`. Memory beyond the finder: `O(explored)`.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when `from` or
    /// `to` is not from this network.
    ///
    /// # Example
    /// See [`PathFinder`].
    ///
    /// # Reference
    /// I. Pohl, "Bi-directional search", Machine Intelligence 6 (1971);
    /// R. Guérin, A. Orda, "Computing shortest paths for any number of hops",
    /// IEEE/ACM Transactions on Networking 10(5) (2002), for the hop layers.
    pub fn best(
        &mut self,
        from: PersonId,
        to: PersonId,
        max_hops: u32,
    ) -> Result<Option<IntroPath>> {
        self.network.check("from", from)?;
        self.network.check("to", to)?;
        Ok(self.best_known(from, to, max_hops))
    }

    /// [`PathFinder::best`] between ids the crate got from this network.
    pub(crate) fn best_known(
        &mut self,
        from: PersonId,
        to: PersonId,
        max_hops: u32,
    ) -> Option<IntroPath> {
        let query = Self::plain(self.network, from, to, max_hops)?;
        self.find(&query)
            .map(|f| IntroPath::new(self.network, f.people, f.ties))
    }

    /// Whether [`PathFinder::best_known`] would find a path, without
    /// finding the best one: the search stops at the first valid path.
    pub(crate) fn reachable_known(&mut self, from: PersonId, to: PersonId, max_hops: u32) -> bool {
        Self::plain(self.network, from, to, max_hops)
            .is_some_and(|query| exists(self.network, &self.graph, &mut self.scratch, &query))
    }

    /// [`PathFinder::reachable_known`] for many pairs in parallel, in order.
    pub(crate) fn reachable_batch_known(
        &self,
        pairs: &[(PersonId, PersonId)],
        max_hops: u32,
    ) -> Vec<bool> {
        self.par_map(pairs, |finder, &(from, to)| {
            finder.reachable_known(from, to, max_hops)
        })
    }

    /// The query for a path from `from` to `to` with no exclusions; `None`
    /// when there can be none (the same person, or a block between them).
    fn plain(
        network: &Network,
        from: PersonId,
        to: PersonId,
        max_hops: u32,
    ) -> Option<Query<'static>> {
        (from != to && !network.blocked(from, to)).then_some(Query {
            from,
            to,
            guard: (from, to),
            max_hops,
            excluded: &[],
            excluded_first: &[],
            saturated: None,
        })
    }

    /// The `config.k` warmest valid paths from `from` to `to`, warmest first,
    /// or person-disjoint alternatives when `config.disjoint` is set.
    ///
    /// # Arguments
    /// - `from`, `to`: the person asking and the person they want to meet.
    /// - `config`: hop limit, how many paths, and whether they must be
    ///   disjoint (see [`PathConfig`]).
    ///
    /// # Returns
    /// Up to `k` paths ordered by warmth, highest first, then by the sequence
    /// of person ids. Empty under the same conditions as [`PathFinder::best`]
    /// returns `None`, or when `k` is 0. Without `disjoint`, the result is
    /// exactly the first `k` of all valid paths in that order (up to which of
    /// several equally warm paths fills the last place).
    ///
    /// # Complexity
    /// Yen's algorithm: at most `k · max_hops` searches like
    /// [`PathFinder::best`], each with some people and ties removed. With
    /// `disjoint`, at most `k` searches.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when `from` or
    /// `to` is not from this network.
    ///
    /// # Example
    /// ```
    /// use mentormatch::{load, LoadOptions, PathConfig, PathFinder};
    ///
    /// let network = load("data/story.json", &LoadOptions::default())?;
    /// let id = |name| network.person_id(name).unwrap();
    /// let mut finder = PathFinder::new(&network);
    /// let paths = finder.paths(id("ada"), id("omar"), &PathConfig::default())?;
    /// assert!(paths.windows(2).all(|w| w[0].log_warmth >= w[1].log_warmth));
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    ///
    /// # Reference
    /// J. Y. Yen, "Finding the K shortest loopless paths in a network",
    /// Management Science 17(11) (1971).
    pub fn paths(
        &mut self,
        from: PersonId,
        to: PersonId,
        config: &PathConfig,
    ) -> Result<Vec<IntroPath>> {
        self.network.check("from", from)?;
        self.network.check("to", to)?;
        Ok(self.paths_known(from, to, config))
    }

    /// [`PathFinder::paths`] between ids the crate got from this network.
    pub(crate) fn paths_known(
        &mut self,
        from: PersonId,
        to: PersonId,
        config: &PathConfig,
    ) -> Vec<IntroPath> {
        if config.k == 0 || from == to || self.network.blocked(from, to) {
            return Vec::new();
        }
        let mut paths = if config.disjoint {
            self.disjoint_paths(from, to, config)
        } else {
            self.yen(from, to, config)
        };
        paths.sort_by(IntroPath::rank);
        paths
    }

    /// The warmest valid path for every `(from, to)` pair: the same answers
    /// as [`PathFinder::best`] on each pair in turn, computed in parallel.
    ///
    /// # Arguments
    /// - `pairs`: who wants to meet whom.
    /// - `max_hops`: most ties on a path.
    ///
    /// # Returns
    /// One answer per pair, in order; identical on any number of threads.
    ///
    /// # Complexity
    /// One search per pair, spread over the caller's rayon pool in a few
    /// chunks per thread; each chunk clones this finder (sharing its
    /// re-laid-out network, `O(n)` fresh scratch), so prefer this over a
    /// `PathFinder::new` per rayon task, which would re-lay the network out
    /// each time.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) for the first
    /// id not from this network.
    ///
    /// # Example
    /// ```
    /// use mentormatch::{load, LoadOptions, PathFinder};
    ///
    /// let network = load("data/story.json", &LoadOptions::default())?;
    /// let id = |name| network.person_id(name).unwrap();
    /// let finder = PathFinder::new(&network);
    /// let pairs = [(id("lena"), id("grace")), (id("tim"), id("omar"))];
    /// let best = finder.best_batch(&pairs, 3)?;
    /// assert!(best[0].is_some()); // through Mira
    /// assert!(best[1].is_none()); // Tim blocks Omar
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn best_batch(
        &self,
        pairs: &[(PersonId, PersonId)],
        max_hops: u32,
    ) -> Result<Vec<Option<IntroPath>>> {
        self.network.check_pairs("pairs", pairs)?;
        Ok(self.best_batch_known(pairs, max_hops))
    }

    /// [`PathFinder::best_batch`] of ids the crate got from this network.
    pub(crate) fn best_batch_known(
        &self,
        pairs: &[(PersonId, PersonId)],
        max_hops: u32,
    ) -> Vec<Option<IntroPath>> {
        self.par_map(pairs, |finder, &(from, to)| {
            finder.best_known(from, to, max_hops)
        })
    }

    fn find(&mut self, query: &Query<'_>) -> Option<Found> {
        search(self.network, &self.graph, &mut self.scratch, query)
    }

    /// `f` on every item with a finder of its own, in parallel: a few chunks
    /// per thread, so that each chunk pays once for a clone's scratch space,
    /// collected in item order whatever the thread count.
    fn par_map<T: Sync, R: Send>(
        &self,
        items: &[T],
        f: impl Fn(&mut PathFinder<'n>, &T) -> R + Sync,
    ) -> Vec<R> {
        let chunk = items
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(1);
        items
            .par_chunks(chunk)
            .map(|chunk| {
                let mut finder = self.clone();
                chunk
                    .iter()
                    .map(|item| f(&mut finder, item))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect()
    }

    /// Greedy disjoint alternatives: the warmest path, then the warmest path
    /// avoiding every intermediary used so far (and the direct tie, once
    /// used), and so on.
    fn disjoint_paths(
        &mut self,
        from: PersonId,
        to: PersonId,
        config: &PathConfig,
    ) -> Vec<IntroPath> {
        let mut paths: Vec<IntroPath> = Vec::new();
        let mut used = Vec::new();
        let mut direct_used = false;
        while paths.len() < config.k {
            let query = Query {
                from,
                to,
                guard: (from, to),
                max_hops: config.max_hops,
                excluded: &used,
                excluded_first: if direct_used { &[to] } else { &[] },
                saturated: None,
            };
            let Some(found) = self.find(&query) else {
                break;
            };
            let path = IntroPath::new(self.network, found.people, found.ties);
            direct_used |= path.hops() == 1;
            used.extend_from_slice(path.intermediaries());
            paths.push(path);
        }
        paths
    }

    /// Yen's k shortest loopless paths, on the hop-bounded problem: each
    /// deviation ("spur") search gets the hops the shared prefix left over.
    fn yen(&mut self, from: PersonId, to: PersonId, config: &PathConfig) -> Vec<IntroPath> {
        let Some(first) = self.best_known(from, to, config.max_hops) else {
            return Vec::new();
        };
        let mut seen: HashSet<Vec<PersonId>> = HashSet::new();
        seen.insert(first.people.clone());
        let mut accepted = vec![first];
        let mut candidates: Vec<IntroPath> = Vec::new();
        while accepted.len() < config.k {
            let last = accepted.last().expect("at least one path").clone();
            for spur in 0..last.hops() {
                let root = &last.people[..=spur];
                // Every accepted path through this same prefix has already
                // been found: forbid the ties by which they leave it.
                let excluded_first: Vec<PersonId> = accepted
                    .iter()
                    .filter(|p| p.people.len() > spur + 1 && p.people[..=spur] == *root)
                    .map(|p| p.people[spur + 1])
                    .collect();
                let query = Query {
                    from: last.people[spur],
                    to,
                    guard: (from, to),
                    max_hops: config.max_hops - spur as u32,
                    excluded: &root[..spur],
                    excluded_first: &excluded_first,
                    saturated: None,
                };
                let Some(found) = self.find(&query) else {
                    continue;
                };
                let mut people = root[..spur].to_vec();
                people.extend(found.people);
                if seen.insert(people.clone()) {
                    let mut ties = last.ties[..spur].to_vec();
                    ties.extend(found.ties);
                    candidates.push(IntroPath::new(self.network, people, ties));
                }
            }
            let Some(next) =
                (0..candidates.len()).min_by(|&a, &b| candidates[a].rank(&candidates[b]))
            else {
                break;
            };
            accepted.push(candidates.swap_remove(next));
        }
        accepted
    }
}

/// The answer to "how can `from` be introduced to `to`": the paths, what
/// became of the request, and why there is no path when there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct Introduction {
    /// The paths, as [`PathFinder::paths`] returns them.
    pub paths: Vec<IntroPath>,
    /// [`IntroStatus::Tied`] when the two are directly tied (the direct tie
    /// is then among `paths` unless they block each other),
    /// [`IntroStatus::Path`] when a path exists, otherwise
    /// [`IntroStatus::NoPath`]. A single request has no connector load, so
    /// never [`IntroStatus::ConnectorsBusy`].
    pub status: IntroStatus,
    /// Why no path exists, when none does.
    pub no_path: Option<NoPath>,
}

impl Introduction {
    /// The introduction as a caller shows it, people and tie kinds by the
    /// dataset's ids and labels: the JSON of `mentormatch intro`.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when `from`,
    /// `to` or a person on a path is not from `network`.
    pub fn report(&self, network: &Network, from: PersonId, to: PersonId) -> Result<IntroReport> {
        network.check("from", from)?;
        network.check("to", to)?;
        for path in &self.paths {
            for &p in &path.people {
                network.check("paths", p)?;
            }
        }
        let id = |p: PersonId| network.at(p).id.clone();
        Ok(IntroReport {
            from: id(from),
            to: id(to),
            status: self.status,
            reason: self.no_path.map(|why| why.describe(network)),
            paths: self
                .paths
                .iter()
                .map(|path| PathReport {
                    people: path.people.iter().map(|&p| id(p)).collect(),
                    warmth: path.warmth,
                    log_warmth: path.log_warmth,
                    ties: path
                        .ties
                        .iter()
                        .map(|&t| {
                            let tie = network.tie_at(t);
                            TieReport {
                                kind: network.label_text(tie.kind).to_string(),
                                strength: tie.strength,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
    }
}

/// An [`Introduction`] by external ids: `{"from", "to", "status",
/// "reason", "paths": [{"people", "warmth", "log_warmth", "ties":
/// [{"kind", "strength"}]}]}`, the contract of `mentormatch intro`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IntroReport {
    /// Who wants the introduction.
    pub from: String,
    /// Whom they want to meet.
    pub to: String,
    /// `"path"`, `"tied"` or `"no_path"`.
    pub status: IntroStatus,
    /// Why there is no path, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The paths, warmest first.
    pub paths: Vec<PathReport>,
}

/// One path of an [`IntroReport`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PathReport {
    /// Everyone on the path, from the one who asked to the one they meet.
    pub people: Vec<String>,
    /// The product of the ties' strengths; 0 when it underflows (see
    /// [`IntroPath::warmth`]).
    pub warmth: f64,
    /// The sum of the logarithms of the ties' strengths ([`IntroPath::log_warmth`]).
    pub log_warmth: f64,
    /// The ties, in path order.
    pub ties: Vec<TieReport>,
}

/// One tie of a [`PathReport`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TieReport {
    /// The tie's kind label, e.g. `"colleague"`.
    pub kind: String,
    /// Its strength in (0, 1].
    pub strength: f64,
}

/// Why no valid introduction path exists between two people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoPath {
    /// Both ends are the same person.
    SamePerson,
    /// `blocker` blocks `blocked`: no introduction either way.
    Blocked {
        /// The person who blocks.
        blocker: PersonId,
        /// The person blocked.
        blocked: PersonId,
    },
    /// The hop limit is 0: no path of ties is allowed.
    NoHops,
    /// This end has no ties at all.
    NoTies(PersonId),
    /// No valid path has at most `max_hops` ties; `nearest` is the fewest
    /// ties of a valid path up to [`MAX_HOPS`](crate::MAX_HOPS), if any.
    NotWithin {
        /// The hop limit asked for.
        max_hops: u32,
        /// The fewest ties on a valid path, when one exists within
        /// `MAX_HOPS`.
        nearest: Option<u32>,
    },
}

impl NoPath {
    /// The reason as a sentence naming the people by external id (a person
    /// `network` did not issue shows as `#index`).
    pub fn describe(&self, network: &Network) -> String {
        let id = |p: PersonId| {
            network
                .person(p)
                .map_or_else(|| format!("#{}", p.index()), |x| x.id.clone())
        };
        match *self {
            NoPath::SamePerson => "nobody needs an introduction to themselves".to_string(),
            NoPath::Blocked { blocker, blocked } => format!(
                "{:?} blocks {:?}: no introduction either way",
                id(blocker),
                id(blocked)
            ),
            NoPath::NoHops => "the hop limit is 0: no path of ties is allowed".to_string(),
            NoPath::NoTies(p) => format!("{:?} has no ties to anyone", id(p)),
            NoPath::NotWithin { max_hops, nearest } => {
                let within = format!(
                    "no warm path of at most {max_hops} ties avoids people who opted out of \
                     introductions and people blocked by either end"
                );
                match nearest {
                    Some(hops) => format!(
                        "{within}; the shortest such path has {hops} ties (raise the hop limit)"
                    ),
                    None => format!("{within}, nor does any of up to {MAX_HOPS} ties"),
                }
            }
        }
    }
}

impl PathFinder<'_> {
    /// The paths from `from` to `to` (as [`PathFinder::paths`]), with the
    /// request's status and, when no path exists, the reason.
    ///
    /// # Complexity
    /// [`PathFinder::paths`]; when no path exists within `config.max_hops`,
    /// also one [`PathFinder::best`] per hop count above it up to
    /// [`MAX_HOPS`](crate::MAX_HOPS), to say how far the nearest path is.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when `from` or
    /// `to` is not from this network.
    ///
    /// # Example
    /// ```
    /// use mentormatch::{load, IntroStatus, LoadOptions, NoPath, PathConfig, PathFinder};
    ///
    /// let network = load("data/story.json", &LoadOptions::default())?;
    /// let id = |name| network.person_id(name).unwrap();
    /// let mut finder = PathFinder::new(&network);
    /// // Tim blocks Omar, and reaches Yuki only in four ties.
    /// let answer = finder.introduce(id("tim"), id("yuki"), &PathConfig::default())?;
    /// assert_eq!(answer.status, IntroStatus::NoPath);
    /// assert_eq!(answer.no_path, Some(NoPath::NotWithin { max_hops: 3, nearest: Some(4) }));
    /// let answer = finder.introduce(id("tim"), id("omar"), &PathConfig::default())?;
    /// assert!(answer.no_path.unwrap().describe(&network).contains("\"tim\" blocks \"omar\""));
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn introduce(
        &mut self,
        from: PersonId,
        to: PersonId,
        config: &PathConfig,
    ) -> Result<Introduction> {
        let paths = self.paths(from, to, config)?;
        let tied = from != to && self.network.link(from, to).is_some();
        // With `k = 0` no path is listed, but whether one exists still
        // decides the status.
        let found = !paths.is_empty()
            || (config.k == 0 && self.best_known(from, to, config.max_hops).is_some());
        let no_path = (!found).then(|| self.no_path(from, to, config.max_hops));
        let status = if tied {
            IntroStatus::Tied
        } else if no_path.is_none() {
            IntroStatus::Path
        } else {
            IntroStatus::NoPath
        };
        Ok(Introduction {
            paths,
            status,
            no_path,
        })
    }

    /// Why [`PathFinder::best`] finds no path within `max_hops`, assuming
    /// it does not.
    fn no_path(&mut self, from: PersonId, to: PersonId, max_hops: u32) -> NoPath {
        let network = self.network;
        if from == to {
            return NoPath::SamePerson;
        }
        for (a, b) in [(from, to), (to, from)] {
            if network.at(a).blocks(b) {
                return NoPath::Blocked {
                    blocker: a,
                    blocked: b,
                };
            }
        }
        if max_hops == 0 {
            return NoPath::NoHops;
        }
        if let Some(&p) = [from, to].iter().find(|&&p| network.adjacent(p).is_empty()) {
            return NoPath::NoTies(p);
        }
        let nearest = (max_hops + 1..=MAX_HOPS).find(|&h| self.best_known(from, to, h).is_some());
        NoPath::NotWithin { max_hops, nearest }
    }
}

/// The warmest valid introduction paths from `from` to `to` (see
/// [`PathFinder::paths`] for the full contract).
///
/// This builds a [`PathFinder`] (linear in the network) for one query; keep a
/// finder instead when asking more than once.
///
/// # Errors
/// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) when `from` or
/// `to` is not from `network`.
///
/// # Example
/// ```
/// use mentormatch::{intro_paths, load, LoadOptions, PathConfig};
///
/// let network = load("data/story.json", &LoadOptions::default())?;
/// let (ada, yuki) = (network.person_id("ada").unwrap(), network.person_id("yuki").unwrap());
/// let config = PathConfig { disjoint: true, ..PathConfig::default() };
/// for path in intro_paths(&network, ada, yuki, &config)? {
///     assert!(path.warmth > 0.0 && path.hops() <= 3);
/// }
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn intro_paths(
    network: &Network,
    from: PersonId,
    to: PersonId,
    config: &PathConfig,
) -> Result<Vec<IntroPath>> {
    network.check("from", from)?;
    network.check("to", to)?;
    Ok(PathFinder::new(network).paths_known(from, to, config))
}
