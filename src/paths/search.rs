//! The bidirectional, hop-bounded search behind every path query, with the
//! precomputed graph and the reusable scratch space it runs on.
//!
//! Warmth is a product of strengths in (0, 1]; the search minimises the sum of
//! weights `w = −ln(strength) ≥ 0` instead, which is the same order and does not
//! underflow on long paths. Reported warmths are recomputed as plain products
//! along the path by the caller.

use rayon::prelude::*;

use crate::model::{PersonId, TieId};
use crate::network::Network;

/// "No label" and "no tie" in the dense `u32` arrays below.
const NONE: u32 = u32::MAX;

/// Person may be an intermediary.
const INTRODUCIBLE: u8 = 1;
/// Person blocks somebody, so their block list must be consulted.
const BLOCKS_SOMEONE: u8 = 2;

/// Validity of a person for the current query, cached in the scratch space.
const UNKNOWN: u8 = 0;
const VALID: u8 = 1;
const INVALID: u8 = 2;
const ROOT: u8 = 3;

/// The search weight of a tie of strength `strength` in (0, 1].
///
/// `0.0 - ln(s)` rather than `-ln(s)` so that strength 1 gives `+0.0`.
pub(super) fn weight(strength: f64) -> f64 {
    0.0 - strength.ln()
}

/// One neighbour of a person, in that person's strength-sorted list.
#[derive(Debug, Clone, Copy)]
struct Entry {
    person: u32,
    tie: u32,
    weight: f64,
}

/// What the search needs from a [`Network`], laid out for it: every
/// adjacency list re-sorted by weight (strongest tie first) with the weight
/// inline, and one byte of flags per person.
///
/// Strength order lets a scan stop at the first neighbour that can no longer
/// beat the best path found so far; the network's own lists are sorted by
/// person, which is what [`Network::tie_between`] needs and we use it too.
#[derive(Debug)]
pub(super) struct Graph {
    start: Vec<usize>,
    entries: Vec<Entry>,
    flags: Vec<u8>,
}

impl Graph {
    /// Builds the search graph in `O(n + m log d)` time and `16 (2m) + 9n`
    /// bytes, sorting the lists in parallel.
    pub(super) fn new(network: &Network) -> Graph {
        let n = network.people().len();
        let mut start = Vec::with_capacity(n + 1);
        start.push(0);
        let mut entries = Vec::with_capacity(2 * network.ties().len());
        for p in network.person_ids() {
            entries.extend(network.adjacent(p).iter().map(|nb| Entry {
                person: nb.person.node(),
                tie: nb.tie.node(),
                weight: weight(network.tie_at(nb.tie).strength),
            }));
            start.push(entries.len());
        }
        let mut lists = Vec::with_capacity(n);
        let mut rest = entries.as_mut_slice();
        for p in 0..n {
            let (list, tail) = std::mem::take(&mut rest).split_at_mut(start[p + 1] - start[p]);
            lists.push(list);
            rest = tail;
        }
        // Equal weights are ordered by person so that the layout, and with it
        // every answer, is the same on any number of threads.
        lists.par_iter_mut().for_each(|list| {
            list.sort_unstable_by(|a, b| {
                a.weight.total_cmp(&b.weight).then(a.person.cmp(&b.person))
            })
        });
        let flags = network
            .people()
            .par_iter()
            .map(|p| {
                let mut f = 0;
                if p.introducible {
                    f |= INTRODUCIBLE;
                }
                if !p.blocked.is_empty() {
                    f |= BLOCKS_SOMEONE;
                }
                f
            })
            .collect();
        Graph {
            start,
            entries,
            flags,
        }
    }

    fn neighbors(&self, p: u32) -> &[Entry] {
        &self.entries[self.start[p as usize]..self.start[p as usize + 1]]
    }

    fn degree(&self, p: u32) -> usize {
        self.start[p as usize + 1] - self.start[p as usize]
    }

    /// The weight of `p`'s strongest tie: a lower bound on the last step of
    /// any path into `p`. Infinite when `p` has no tie.
    fn lightest(&self, p: u32) -> f64 {
        self.neighbors(p)
            .first()
            .map_or(f64::INFINITY, |e| e.weight)
    }
}

/// One search state: the best known way to reach `node` from one side's root
/// within `hops` ties. Labels are never changed after they are made (only
/// marked superseded), so a parent chain always spells the path it was built
/// with.
#[derive(Debug, Clone, Copy)]
struct Label {
    node: u32,
    parent: u32,
    tie: u32,
    hops: u32,
    dist: f64,
    superseded: bool,
}

/// Per-finder working memory sized to the network. Only the entries a query
/// touched are reset afterwards, so a query costs what it explores, not `O(n)`.
#[derive(Debug)]
pub(super) struct Scratch {
    best: [Vec<u32>; 2],
    status: Vec<u8>,
    touched: Vec<u32>,
    labels: Vec<Label>,
    frontier: [Vec<u32>; 2],
    next: Vec<u32>,
    labelled: [Vec<u32>; 2],
    check: Vec<u32>,
}

impl Scratch {
    pub(super) fn new(people: usize) -> Scratch {
        Scratch {
            best: [vec![NONE; people], vec![NONE; people]],
            status: vec![UNKNOWN; people],
            touched: Vec::new(),
            labels: Vec::new(),
            frontier: [Vec::new(), Vec::new()],
            next: Vec::new(),
            labelled: [Vec::new(), Vec::new()],
            check: Vec::new(),
        }
    }

    fn reset(&mut self) {
        for &p in &self.touched {
            let p = p as usize;
            self.status[p] = UNKNOWN;
            self.best[0][p] = NONE;
            self.best[1][p] = NONE;
        }
        self.touched.clear();
        self.labels.clear();
        for side in 0..2 {
            self.frontier[side].clear();
            self.labelled[side].clear();
        }
        self.next.clear();
    }

    fn mark(&mut self, p: u32, status: u8) {
        if self.status[p as usize] == UNKNOWN {
            self.touched.push(p);
        }
        self.status[p as usize] = status;
    }
}

/// One search: from `from` to `to` within `max_hops` ties.
pub(super) struct Query<'q> {
    /// Where the path starts.
    pub from: PersonId,
    /// Where the path ends.
    pub to: PersonId,
    /// The two people being introduced: nobody who blocks either, or whom
    /// either blocks, may be an intermediary. Equal to `(from, to)` except for
    /// the partial searches of the k-best algorithm.
    pub guard: (PersonId, PersonId),
    /// Most ties on the path.
    pub max_hops: u32,
    /// People who must not be on the path.
    pub excluded: &'q [PersonId],
    /// Ties from `from` to these people must not be used.
    pub excluded_first: &'q [PersonId],
    /// People who must not be intermediaries, indexed by person, if any.
    pub saturated: Option<&'q [bool]>,
}

/// The path a search found.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    pub people: Vec<PersonId>,
    pub ties: Vec<TieId>,
}

/// The best joined path so far: a forward label, the tie that joins it to a
/// backward label (`NONE` when both labels are at the same person), and that
/// backward label.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    fwd: u32,
    tie: u32,
    bwd: u32,
}

/// Finds the lightest simple path for `query`, or `None` when there is none
/// within the hop limit.
///
/// Both sides grow hop layers (a hop-bounded Bellman–Ford) from their root,
/// always the side whose frontier has fewer ties to scan; when the two sides
/// together cover `max_hops − 1` layers, a last scan over the cheaper frontier
/// joins it to the other side through single ties without storing anything.
/// A person's label on a side is the lightest way to reach them within that
/// side's layers, and any forward label can be joined to any backward label
/// without breaking the hop limit, so only the lightest label per person and
/// side matters. The best joined path found so far bounds everything: a
/// frontier or a strength-sorted neighbour list is abandoned as soon as even
/// its lightest continuation, plus the goal's strongest tie, cannot beat it.
///
/// Labels only ever improve strictly, which with non-negative weights makes
/// every parent chain a simple path; a joined path that meets itself is
/// skipped, since cutting out the loop gives a path at least as light that the
/// join at the repeated person also finds.
pub(super) fn search(
    network: &Network,
    graph: &Graph,
    scratch: &mut Scratch,
    query: &Query<'_>,
) -> Option<Found> {
    let run = layers(network, graph, scratch, query, false)?;
    let best = run.best?;
    Some(run.assemble(best))
}

/// Whether `query` has any valid path: the search of [`search`] that stops
/// at the first path it joins instead of proving one the lightest (a
/// sponsorship's trust needs a path, not the best one).
pub(super) fn exists(
    network: &Network,
    graph: &Graph,
    scratch: &mut Scratch,
    query: &Query<'_>,
) -> bool {
    layers(network, graph, scratch, query, true).is_some_and(|run| run.best.is_some())
}

/// The hop layers of [`search`], up to the lightest joined path or, with
/// `first`, the first one; `None` when no path can exist.
fn layers<'a>(
    network: &'a Network,
    graph: &'a Graph,
    scratch: &'a mut Scratch,
    query: &'a Query<'a>,
    first: bool,
) -> Option<Run<'a>> {
    scratch.reset();
    let (from, to) = (query.from.node(), query.to.node());
    if from == to || query.max_hops == 0 || graph.degree(from) == 0 || graph.degree(to) == 0 {
        return None;
    }
    let mut run = Run {
        network,
        graph,
        s: scratch,
        query,
        roots: [from, to],
        lower: [graph.lightest(to), graph.lightest(from)],
        bound: f64::INFINITY,
        best: None,
        first,
    };
    run.prepare();
    let mut layers = [0u32; 2];
    while layers[0] + layers[1] < query.max_hops {
        let open = [run.open(0), run.open(1)];
        let side = match open {
            [false, false] => break,
            [true, false] => 0,
            [false, true] => 1,
            [true, true] => usize::from(run.cost(1) < run.cost(0)),
        };
        if layers[0] + layers[1] + 1 == query.max_hops {
            run.join_scan(side);
            break;
        }
        run.expand(side);
        layers[side] += 1;
    }
    Some(run)
}

struct Run<'a> {
    network: &'a Network,
    graph: &'a Graph,
    s: &'a mut Scratch,
    query: &'a Query<'a>,
    /// `roots[0]` starts the forward side, `roots[1]` the backward side.
    roots: [u32; 2],
    /// `lower[side]`: the lightest tie at the other side's root, a lower bound
    /// on what any extension of this side still costs.
    lower: [f64; 2],
    bound: f64,
    best: Option<Candidate>,
    /// Any path will do: the first joined one ends the search (the bound
    /// drops below every distance, which closes every scan).
    first: bool,
}

impl Run<'_> {
    fn prepare(&mut self) {
        let q = self.query;
        for (side, &root) in self.roots.iter().enumerate() {
            self.s.mark(root, ROOT);
            self.s.labels.push(Label {
                node: root,
                parent: NONE,
                tie: NONE,
                hops: 0,
                dist: 0.0,
                superseded: false,
            });
            let l = self.s.labels.len() as u32 - 1;
            self.s.best[side][root as usize] = l;
            self.s.frontier[side].push(l);
        }
        for p in q.excluded {
            if self.s.status[p.index()] != ROOT {
                self.s.mark(p.node(), INVALID);
            }
        }
        for g in [q.guard.0, q.guard.1] {
            for p in &self.network.at(g).blocked {
                if self.s.status[p.index()] != ROOT {
                    self.s.mark(p.node(), INVALID);
                }
            }
        }
    }

    /// Whether `p` (not a root) may be an intermediary, cached per query.
    fn valid(&mut self, p: u32) -> bool {
        match self.s.status[p as usize] {
            VALID => true,
            INVALID | ROOT => false,
            _ => {
                let q = self.query;
                let flags = self.graph.flags[p as usize];
                let ok = flags & INTRODUCIBLE != 0
                    && (flags & BLOCKS_SOMEONE == 0 || {
                        let person = self.network.at(self.network.id_at(p as usize));
                        !person.blocks(q.guard.0) && !person.blocks(q.guard.1)
                    })
                    && q.saturated.is_none_or(|s| !s[p as usize]);
                self.s.mark(p, if ok { VALID } else { INVALID });
                ok
            }
        }
    }

    /// Whether the tie between `a` and `b` may be used.
    fn edge_allowed(&self, a: u32, b: u32) -> bool {
        let q = self.query;
        if q.excluded_first.is_empty() {
            return true;
        }
        let from = q.from.node();
        !((a == from && q.excluded_first.contains(&self.network.id_at(b as usize)))
            || (b == from && q.excluded_first.contains(&self.network.id_at(a as usize))))
    }

    /// Whether the side still has frontier labels that could lead somewhere
    /// lighter than the best path so far.
    fn open(&self, side: usize) -> bool {
        self.s.frontier[side].iter().any(|&l| self.live(side, l))
    }

    fn live(&self, side: usize, l: u32) -> bool {
        let label = &self.s.labels[l as usize];
        !label.superseded && label.dist + self.lower[side] < self.bound
    }

    /// Ties to scan if this side's frontier moves one layer.
    fn cost(&self, side: usize) -> usize {
        self.s.frontier[side]
            .iter()
            .filter(|&&l| self.live(side, l))
            .map(|&l| self.graph.degree(self.s.labels[l as usize].node))
            .sum()
    }

    /// The frontier in order of distance (then person, then label), so that
    /// the bound tightens early and scans can stop at the first hopeless label.
    fn sorted_frontier(&mut self, side: usize) -> Vec<u32> {
        let mut frontier = std::mem::take(&mut self.s.frontier[side]);
        let labels = &self.s.labels;
        frontier.sort_unstable_by(|&a, &b| {
            let (la, lb) = (&labels[a as usize], &labels[b as usize]);
            la.dist
                .total_cmp(&lb.dist)
                .then(la.node.cmp(&lb.node))
                .then(a.cmp(&b))
        });
        frontier
    }

    /// Grows `side` by one hop layer, labelling every valid neighbour it
    /// reaches more lightly than before.
    fn expand(&mut self, side: usize) {
        let other = 1 - side;
        let goal = self.roots[other];
        let frontier = self.sorted_frontier(side);
        let mut next = std::mem::take(&mut self.s.next);
        next.clear();
        for &l in &frontier {
            let Label {
                node: v,
                dist: d,
                hops,
                superseded,
                ..
            } = self.s.labels[l as usize];
            if superseded {
                continue;
            }
            if d + self.lower[side] >= self.bound {
                break;
            }
            self.try_goal_tie(side, l, v, d);
            let graph = self.graph;
            for e in graph.neighbors(v) {
                let u = e.person;
                let nd = d + e.weight;
                // Any continuation from `u` still needs a tie at the goal.
                if nd + self.lower[side] >= self.bound {
                    break;
                }
                if u == goal || u == self.roots[side] || !self.edge_allowed(v, u) || !self.valid(u)
                {
                    continue;
                }
                let current = self.s.best[side][u as usize];
                if current != NONE {
                    let c = &mut self.s.labels[current as usize];
                    if c.dist <= nd {
                        continue;
                    }
                    if c.hops == hops + 1 {
                        c.superseded = true;
                    }
                } else {
                    self.s.labelled[side].push(u);
                }
                self.s.labels.push(Label {
                    node: u,
                    parent: l,
                    tie: e.tie,
                    hops: hops + 1,
                    dist: nd,
                    superseded: false,
                });
                let new = self.s.labels.len() as u32 - 1;
                self.s.best[side][u as usize] = new;
                next.push(new);
                let across = self.s.best[other][u as usize];
                if across != NONE {
                    let total = nd + self.s.labels[across as usize].dist;
                    self.offer(side, new, NONE, across, total);
                }
            }
        }
        self.s.frontier[side] = next;
        self.s.next = frontier;
    }

    /// Joins `side`'s frontier to the other side through one more tie, without
    /// storing new labels: the last layer of the search.
    fn join_scan(&mut self, side: usize) {
        let other = 1 - side;
        let frontier = self.sorted_frontier(side);
        let across_count = self.s.labelled[other].len();
        for &l in &frontier {
            let Label {
                node: v,
                dist: d,
                superseded,
                ..
            } = self.s.labels[l as usize];
            if superseded {
                continue;
            }
            if d + self.lower[side] >= self.bound {
                break;
            }
            self.try_goal_tie(side, l, v, d);
            let degree = self.graph.degree(v);
            // A hub on one side and few labels on the other: look each of
            // those up in the hub's person-sorted list instead of walking it.
            let lookups = across_count * (usize::BITS - degree.leading_zeros()) as usize;
            if lookups < degree {
                for i in 0..across_count {
                    if self.bound == f64::NEG_INFINITY {
                        break;
                    }
                    let u = self.s.labelled[other][i];
                    let Some(tie) = self.network.link(
                        self.network.id_at(v as usize),
                        self.network.id_at(u as usize),
                    ) else {
                        continue;
                    };
                    if !self.edge_allowed(v, u) {
                        continue;
                    }
                    let across = self.s.best[other][u as usize];
                    let total = d
                        + weight(self.network.tie_at(tie).strength)
                        + self.s.labels[across as usize].dist;
                    self.offer(side, l, tie.node(), across, total);
                }
            } else {
                let goal = self.roots[other];
                let graph = self.graph;
                for e in graph.neighbors(v) {
                    let u = e.person;
                    let nd = d + e.weight;
                    if nd + self.lower[side] >= self.bound {
                        break;
                    }
                    let across = self.s.best[other][u as usize];
                    if across == NONE || u == goal || !self.edge_allowed(v, u) {
                        continue;
                    }
                    let total = nd + self.s.labels[across as usize].dist;
                    self.offer(side, l, e.tie, across, total);
                }
            }
        }
        self.s.frontier[side] = frontier;
    }

    /// Offers the path that ends with the direct tie from frontier label `l`
    /// (at `v`, distance `d`) to the other side's root. Looked up by binary
    /// search so that the strength-ordered scans may stop before reaching it.
    fn try_goal_tie(&mut self, side: usize, l: u32, v: u32, d: f64) {
        let goal = self.roots[1 - side];
        if let Some(tie) = self.network.link(
            self.network.id_at(v as usize),
            self.network.id_at(goal as usize),
        ) {
            if self.edge_allowed(v, goal) {
                let total = d + weight(self.network.tie_at(tie).strength);
                let root = self.s.best[1 - side][goal as usize];
                self.offer(side, l, tie.node(), root, total);
            }
        }
    }

    /// Records the joined path if it beats the best so far and is simple.
    /// `mine` is a label of `side`, `across` one of the other side.
    fn offer(&mut self, side: usize, mine: u32, tie: u32, across: u32, total: f64) {
        if total >= self.bound {
            return;
        }
        let (fwd, bwd) = if side == 0 {
            (mine, across)
        } else {
            (across, mine)
        };
        if !self.simple(fwd, tie, bwd) {
            return;
        }
        self.bound = if self.first { f64::NEG_INFINITY } else { total };
        self.best = Some(Candidate { fwd, tie, bwd });
    }

    fn simple(&mut self, fwd: u32, tie: u32, bwd: u32) -> bool {
        let mut check = std::mem::take(&mut self.s.check);
        check.clear();
        let mut l = fwd;
        while l != NONE {
            check.push(self.s.labels[l as usize].node);
            l = self.s.labels[l as usize].parent;
        }
        // A join at one person lists that person on both chains.
        let mut l = if tie == NONE {
            self.s.labels[bwd as usize].parent
        } else {
            bwd
        };
        while l != NONE {
            check.push(self.s.labels[l as usize].node);
            l = self.s.labels[l as usize].parent;
        }
        check.sort_unstable();
        let simple = check.windows(2).all(|w| w[0] != w[1]);
        self.s.check = check;
        simple
    }

    fn assemble(&self, best: Candidate) -> Found {
        let labels = &self.s.labels;
        let mut people = Vec::new();
        let mut ties = Vec::new();
        let mut l = best.fwd;
        while l != NONE {
            let label = &labels[l as usize];
            people.push(self.network.id_at(label.node as usize));
            if label.tie != NONE {
                ties.push(self.network.tie_id(label.tie));
            }
            l = label.parent;
        }
        people.reverse();
        ties.reverse();
        let mut l = if best.tie == NONE {
            ties.extend(
                (labels[best.bwd as usize].tie != NONE)
                    .then(|| self.network.tie_id(labels[best.bwd as usize].tie)),
            );
            labels[best.bwd as usize].parent
        } else {
            ties.push(self.network.tie_id(best.tie));
            best.bwd
        };
        while l != NONE {
            let label = &labels[l as usize];
            people.push(self.network.id_at(label.node as usize));
            if label.tie != NONE {
                ties.push(self.network.tie_id(label.tie));
            }
            l = label.parent;
        }
        debug_assert_eq!(people.len(), ties.len() + 1);
        Found { people, ties }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::LoadOptions;
    use crate::records::{Dataset, PersonRecord, TieRecord};

    /// A ring of `n` people, each tied to the next two, strengths varying.
    fn ring(n: usize) -> Network {
        let mut data = Dataset {
            people: (0..n).map(|i| PersonRecord::new(format!("p{i}"))).collect(),
            ..Dataset::default()
        };
        for i in 0..n {
            for step in 1..=2 {
                data.ties.push(TieRecord {
                    a: format!("p{i}"),
                    b: format!("p{}", (i + step) % n),
                    kind: None,
                    strength: Some(0.3 + 0.1 * ((i * 7 + step) % 7) as f64),
                    interactions: None,
                    reciprocated: None,
                    last_contact: None,
                });
            }
        }
        Network::from_dataset(&data, &LoadOptions::default()).unwrap()
    }

    fn query(from: u32, to: u32, max_hops: u32) -> Query<'static> {
        Query {
            from: PersonId::tagged(from as usize, 0),
            to: PersonId::tagged(to as usize, 0),
            guard: (
                PersonId::tagged(from as usize, 0),
                PersonId::tagged(to as usize, 0),
            ),
            max_hops,
            excluded: &[],
            excluded_first: &[],
            saturated: None,
        }
    }

    #[test]
    fn a_query_touches_only_the_neighbourhoods_of_its_ends() {
        let net = ring(20_000);
        let graph = Graph::new(&net);
        let mut scratch = Scratch::new(net.people().len());
        // Reachable in three ties, and not reachable at all within three.
        for (to, reachable) in [(5, true), (10_000, false)] {
            let found = search(&net, &graph, &mut scratch, &query(0, to, 3));
            assert_eq!(found.is_some(), reachable);
            // Each end has four neighbours; three hops reach at most a few
            // dozen people on a ring, never the twenty thousand.
            assert!(scratch.touched.len() <= 30, "{}", scratch.touched.len());
        }
    }

    /// `n` people with ties drawn by a seeded generator, person 0 a hub
    /// tied to a third of everyone, every seventh person not introducible
    /// and every fifth blocking someone.
    fn tangle(n: usize, seed: u64) -> Network {
        let mut state = seed;
        let mut next = move |below: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % below
        };
        let mut data = Dataset {
            people: (0..n)
                .map(|i| {
                    let mut p = PersonRecord::new(format!("p{i}"));
                    p.introducible = i % 7 != 3;
                    p
                })
                .collect(),
            ..Dataset::default()
        };
        for i in (0..n).step_by(5) {
            let other = format!("p{}", next(n));
            if other != data.people[i].id {
                data.people[i].blocked.push(other);
            }
        }
        let mut tie = |a: usize, b: usize, strength: f64| {
            data.ties.push(TieRecord {
                a: format!("p{a}"),
                b: format!("p{b}"),
                kind: None,
                strength: Some(strength),
                interactions: None,
                reciprocated: None,
                last_contact: None,
            })
        };
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2 * n {
            let (a, b) = (next(n), next(n));
            if a != b && a != 0 && b != 0 && seen.insert((a.min(b), a.max(b))) {
                tie(a, b, 0.1 + 0.1 * next(9) as f64);
            }
        }
        for b in (1..n).step_by(3) {
            tie(0, b, 0.1 + 0.1 * next(9) as f64);
        }
        Network::from_dataset(&data, &LoadOptions::default()).unwrap()
    }

    #[test]
    fn a_path_exists_exactly_when_the_search_finds_one_and_is_found_sooner() {
        for seed in 0..4 {
            let net = tangle(300, seed);
            let graph = Graph::new(&net);
            let mut scratch = Scratch::new(net.people().len());
            let (mut found, mut labels_best, mut labels_any) = (0, 0, 0);
            for from in (0..300).step_by(7) {
                for to in (0..300).step_by(11) {
                    for max_hops in 1..=4 {
                        let q = query(from, to, max_hops);
                        let best = search(&net, &graph, &mut scratch, &q).is_some();
                        labels_best += scratch.labels.len();
                        let any = exists(&net, &graph, &mut scratch, &q);
                        labels_any += scratch.labels.len();
                        assert_eq!(any, best, "p{from} to p{to} within {max_hops}");
                        found += usize::from(best);
                    }
                }
            }
            // Both answers occur, and stopping at the first path saves work.
            assert!(found > 500 && found < 4 * 43 * 28 - 500, "{found}");
            assert!(labels_any < labels_best, "{labels_any} of {labels_best}");
        }
    }

    #[test]
    fn reset_leaves_the_scratch_space_clean() {
        let net = ring(500);
        let graph = Graph::new(&net);
        let mut scratch = Scratch::new(net.people().len());
        for to in [3, 7, 250, 499] {
            search(&net, &graph, &mut scratch, &query(0, to, 6));
            assert!(!scratch.touched.is_empty());
            scratch.reset();
            assert!(scratch.status.iter().all(|&s| s == UNKNOWN));
            assert!(scratch.best.iter().flatten().all(|&l| l == NONE));
            assert!(scratch.labels.is_empty() && scratch.touched.is_empty());
        }
    }

    #[test]
    fn lists_are_sorted_strongest_first() {
        let net = ring(50);
        let graph = Graph::new(&net);
        for p in 0..50 {
            let list = graph.neighbors(p);
            assert_eq!(list.len(), 4);
            assert!(list.windows(2).all(|w| w[0].weight <= w[1].weight));
            for e in list {
                assert_eq!(
                    e.weight,
                    weight(net.tie_at(TieId::untagged(e.tie as usize)).strength)
                );
            }
        }
        assert_eq!(weight(1.0).to_bits(), 0.0f64.to_bits());
    }
}
