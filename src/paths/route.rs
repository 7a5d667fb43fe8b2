//! Batch routing: an introduction path for every request, with no connector
//! on more than `connector_load` of them.

use super::search::{Found, Query};
use super::{IntroPath, PathFinder};
use crate::config::IntroSettings;
use crate::error::Result;
use crate::model::{PersonId, TieId};
use crate::network::Network;

/// Options for [`route_intros`] and [`PathFinder::route`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteConfig {
    /// Most ties on a path. Default 3.
    pub max_hops: u32,
    /// Most paths any one person may be an intermediary on. Default 5;
    /// 0 allows direct ties only.
    pub connector_load: u32,
}

/// The defaults of `[intro]` ([`IntroSettings`]), their one home.
impl Default for RouteConfig {
    fn default() -> RouteConfig {
        RouteConfig::from(&IntroSettings::default())
    }
}

/// The hop limit and connector load of `[intro]`.
impl From<&IntroSettings> for RouteConfig {
    fn from(intro: &IntroSettings) -> RouteConfig {
        RouteConfig {
            max_hops: intro.max_hops,
            connector_load: intro.connector_load,
        }
    }
}

/// How one request was routed.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// Through this path, of at least two ties.
    Introduced(IntroPath),
    /// The two are already tied: no introduction is needed.
    DirectTie(TieId),
    /// No valid path within the hop limit, or the request is for one
    /// person, or the two block each other.
    NoPath,
    /// Valid paths within the hop limit exist, but every one of them runs
    /// through a connector already at `connector_load` when the request's
    /// turn comes.
    ConnectorsBusy,
}

impl Route {
    /// The path, when the request was routed through one.
    pub fn path(&self) -> Option<&IntroPath> {
        match self {
            Route::Introduced(path) => Some(path),
            _ => None,
        }
    }

    /// The route's [`IntroStatus`]: what became of the request, as a code.
    pub fn status(&self) -> IntroStatus {
        match self {
            Route::Introduced(_) => IntroStatus::Path,
            Route::DirectTie(_) => IntroStatus::Tied,
            Route::NoPath => IntroStatus::NoPath,
            Route::ConnectorsBusy => IntroStatus::ConnectorsBusy,
        }
    }
}

/// What became of an introduction request, as a stable code: the
/// `intro_status` of every match in a matching report (a contract), and the
/// `status` of `mentormatch intro`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum IntroStatus {
    /// `"path"`: introduced through a warm path.
    Path,
    /// `"tied"`: the two are already directly tied; no introduction needed.
    Tied,
    /// `"no_path"`: no valid path within the hop limit (or the two block
    /// each other).
    NoPath,
    /// `"connectors_busy"`: paths exist, but every connector on them is
    /// already at the connector load.
    ConnectorsBusy,
}

impl IntroStatus {
    /// The code as written in reports: `"path"`, `"tied"`, `"no_path"` or
    /// `"connectors_busy"`.
    pub fn as_str(self) -> &'static str {
        match self {
            IntroStatus::Path => "path",
            IntroStatus::Tied => "tied",
            IntroStatus::NoPath => "no_path",
            IntroStatus::ConnectorsBusy => "connectors_busy",
        }
    }

    /// What the code means, for people: `max_hops` and `connector_load`
    /// are the limits of the run.
    pub fn describe(self, max_hops: u32, connector_load: u32) -> String {
        match self {
            IntroStatus::Path => "introduced through a warm path of ties".to_string(),
            IntroStatus::Tied => "already directly tied: no introduction is needed".to_string(),
            IntroStatus::NoPath => format!(
                "no warm path of at most {max_hops} ties joins them through people who may \
                 introduce (or one blocks the other)"
            ),
            IntroStatus::ConnectorsBusy => format!(
                "warm paths exist, but every connector on them is already asked for \
                 {connector_load} introductions (connector_load)"
            ),
        }
    }
}

/// How many routed paths one connector is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectorLoad {
    /// The connector.
    pub person: PersonId,
    /// Paths they are an intermediary on, at least 1.
    pub paths: u32,
}

/// The result of batch routing.
#[derive(Debug, Clone, PartialEq)]
pub struct Routing {
    /// One route per request, in request order.
    pub routes: Vec<Route>,
    /// Every connector on at least one path, by person id.
    pub loads: Vec<ConnectorLoad>,
}

impl Routing {
    /// How many paths `person` is an intermediary on (0 for an id from
    /// another network: nobody of it is on these paths).
    pub fn load(&self, person: PersonId) -> u32 {
        self.loads
            .binary_search_by_key(&person, |l| l.person)
            .ok()
            .filter(|&i| self.loads[i].person.tag() == person.tag())
            .map_or(0, |i| self.loads[i].paths)
    }

    /// The largest load of any connector, 0 when no path was routed.
    pub fn max_load(&self) -> u32 {
        self.loads.iter().map(|l| l.paths).max().unwrap_or(0)
    }
}

impl PathFinder<'_> {
    /// Routes an introduction for every `(from, to)` request so that nobody
    /// is an intermediary on more than `config.connector_load` paths.
    ///
    /// # Arguments
    /// - `requests`: pairs to introduce, in priority order (the first is
    ///   served first; the caller puts higher-scoring matches first).
    /// - `config`: hop limit and connector load.
    ///
    /// # Returns
    /// For each request, in order: [`Route::DirectTie`] when the two are
    /// already tied (whatever their blocks), otherwise the warmest valid path
    /// whose intermediaries are all below their load when the request's turn
    /// comes ([`Route::Introduced`]), otherwise [`Route::ConnectorsBusy`]
    /// when valid paths exist but all run through saturated connectors, and
    /// [`Route::NoPath`] when there is none at all. This is the
    /// first path of the request's full k-best list that avoids saturated
    /// connectors, found directly by searching with them removed. Also the
    /// load of every connector used. Deterministic on any number of threads.
    ///
    /// # Complexity
    /// One search per request, run in parallel (rayon, in the caller's pool,
    /// with one finder clone per chunk of requests), then a sequential pass in priority order that accepts each precomputed
    /// path unless it meets a saturated connector, and only then searches
    /// again with the saturated connectors removed. Memory: `O(n)` for the
    /// loads plus the paths.
    ///
    /// # Errors
    /// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) for the first
    /// id not from this network.
    ///
    /// # Example
    /// ```
    /// use mentormatch::{load, LoadOptions, PathFinder, Route, RouteConfig};
    ///
    /// let network = load("data/story.json", &LoadOptions::default())?;
    /// let id = |name| network.person_id(name).unwrap();
    /// // Lena and Yuki both want to meet Grace; Mira knows all three but will
    /// // make only one introduction, so Yuki's goes the long way round.
    /// let requests = [(id("lena"), id("grace")), (id("yuki"), id("grace")), (id("ada"), id("kofi"))];
    /// let config = RouteConfig { max_hops: 4, connector_load: 1 };
    /// let routing = PathFinder::new(&network).route(&requests, &config)?;
    /// let via = |i: usize| -> Vec<&str> {
    ///     let path = routing.routes[i].path().expect("routed");
    ///     path.intermediaries().iter().map(|&p| network.person(p).unwrap().id.as_str()).collect()
    /// };
    /// assert_eq!(via(0), ["mira"]);
    /// assert_eq!(via(1), ["omar", "kofi", "linus"]);
    /// assert!(matches!(routing.routes[2], Route::DirectTie(_))); // Ada and Kofi are colleagues
    /// assert_eq!(routing.load(id("mira")), 1);
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn route(
        &mut self,
        requests: &[(PersonId, PersonId)],
        config: &RouteConfig,
    ) -> Result<Routing> {
        self.network.check_pairs("requests", requests)?;
        Ok(self.route_known(requests, config))
    }

    /// [`PathFinder::route`] of ids the crate got from this network.
    pub(crate) fn route_known(
        &mut self,
        requests: &[(PersonId, PersonId)],
        config: &RouteConfig,
    ) -> Routing {
        let network = self.network;
        let needs_path =
            |&(from, to): &(PersonId, PersonId)| from != to && network.link(from, to).is_none();
        fn query(
            from: PersonId,
            to: PersonId,
            max_hops: u32,
            saturated: Option<&[bool]>,
        ) -> Query<'_> {
            Query {
                from,
                to,
                guard: (from, to),
                max_hops,
                excluded: &[],
                excluded_first: &[],
                saturated,
            }
        }
        // Most requests keep their own best path; find those in parallel.
        // With `connector_load = 0` no path can be used, but the search
        // still tells "connectors busy" from "no path".
        let first: Vec<Option<Found>> = self.par_map(requests, |finder, &(from, to)| {
            if !needs_path(&(from, to)) || network.blocked(from, to) {
                return None;
            }
            finder.find(&query(from, to, config.max_hops, None))
        });
        let people = network.people().len();
        let mut load = vec![0u32; people];
        let mut saturated = vec![config.connector_load == 0; people];
        let mut used = Vec::new();
        let mut routes = Vec::with_capacity(requests.len());
        for (request, found) in requests.iter().zip(first) {
            let (from, to) = *request;
            if let Some(tie) = network.link(from, to).filter(|_| from != to) {
                routes.push(Route::DirectTie(tie));
                continue;
            }
            // Removing connectors only removes paths: no path before means
            // none now, and a best path that avoids every saturated connector
            // is still the best.
            let found = match found {
                Some(f)
                    if f.people[1..f.people.len() - 1]
                        .iter()
                        .all(|p| !saturated[p.index()]) =>
                {
                    f
                }
                Some(_) => match self.find(&query(from, to, config.max_hops, Some(&saturated))) {
                    Some(f) => f,
                    None => {
                        routes.push(Route::ConnectorsBusy);
                        continue;
                    }
                },
                None => {
                    routes.push(Route::NoPath);
                    continue;
                }
            };
            let path = IntroPath::new(network, found.people, found.ties);
            for &p in path.intermediaries() {
                if load[p.index()] == 0 {
                    used.push(p);
                }
                load[p.index()] += 1;
                saturated[p.index()] = load[p.index()] >= config.connector_load;
            }
            routes.push(Route::Introduced(path));
        }
        used.sort_unstable();
        let loads = used
            .into_iter()
            .map(|person| ConnectorLoad {
                person,
                paths: load[person.index()],
            })
            .collect();
        Routing { routes, loads }
    }
}

/// Routes an introduction for every request (see [`PathFinder::route`] for
/// the full contract), building a [`PathFinder`] for the purpose.
///
/// # Errors
/// [`ErrorKind::ForeignId`](crate::ErrorKind::ForeignId) for the first id
/// not from `network`.
///
/// # Example
/// ```
/// use mentormatch::{load, route_intros, LoadOptions, RouteConfig};
///
/// let network = load("data/story.json", &LoadOptions::default())?;
/// let id = |name| network.person_id(name).unwrap();
/// let requests = [(id("lena"), id("grace")), (id("tim"), id("mira"))];
/// let routing = route_intros(&network, &requests, &RouteConfig::default())?;
/// assert_eq!(routing.routes.len(), 2);
/// assert!(routing.max_load() <= RouteConfig::default().connector_load);
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn route_intros(
    network: &Network,
    requests: &[(PersonId, PersonId)],
    config: &RouteConfig,
) -> Result<Routing> {
    network.check_pairs("requests", requests)?;
    Ok(PathFinder::new(network).route_known(requests, config))
}
