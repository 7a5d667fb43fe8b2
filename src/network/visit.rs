//! petgraph's graph traits for `&Network`, read straight from its compact
//! adjacency, so petgraph's traversals and algorithms run on a network
//! without copying it into a `petgraph::Graph`.
//!
//! The network is an undirected graph: nodes are people ([`PersonId`],
//! weight [`Person`]), edges are ties ([`TieId`], weight the tie's strength
//! as an `f64`). Edge costs for `dijkstra` and the like are therefore a
//! closure over strengths, e.g. `|e| 1.0 - *e.weight()`.

use std::iter::{repeat, Enumerate, Map, Repeat, Zip};
use std::ops::Range;
use std::slice;

use fixedbitset::FixedBitSet;
use petgraph::visit::{
    Data, EdgeCount, EdgeIndexable, EdgeRef, GraphBase, GraphProp, IntoEdgeReferences, IntoEdges,
    IntoEdgesDirected, IntoNeighbors, IntoNeighborsDirected, IntoNodeIdentifiers,
    IntoNodeReferences, NodeCompactIndexable, NodeCount, NodeIndexable, VisitMap, Visitable,
};
use petgraph::{Direction, Undirected};

use super::Network;
use crate::model::{Neighbor, Person, PersonId, Tie, TieId};

/// One tie seen from one end, as petgraph's edge iterators yield it:
/// `source()` is the end the walk came from, `target()` the other end,
/// `weight()` the tie's strength in (0, 1] and `id()` its [`TieId`].
///
/// From [`IntoEdgeReferences::edge_references`] the source is the tie's
/// `a` (the smaller id); from [`IntoEdges::edges`]`(p)` the source is `p`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TieRef<'a> {
    source: PersonId,
    target: PersonId,
    id: TieId,
    strength: &'a f64,
}

impl EdgeRef for TieRef<'_> {
    type NodeId = PersonId;
    type EdgeId = TieId;
    type Weight = f64;

    fn source(&self) -> PersonId {
        self.source
    }

    fn target(&self) -> PersonId {
        self.target
    }

    fn weight(&self) -> &f64 {
        self.strength
    }

    fn id(&self) -> TieId {
        self.id
    }
}

/// Every tie once, in [`TieId`] order, each from its `a` end: the
/// iterator of [`IntoEdgeReferences::edge_references`] for `&Network`.
#[derive(Debug, Clone)]
pub struct TieRefs<'a> {
    ties: Enumerate<slice::Iter<'a, Tie>>,
    network: &'a Network,
}

impl<'a> Iterator for TieRefs<'a> {
    type Item = TieRef<'a>;

    fn next(&mut self) -> Option<TieRef<'a>> {
        self.ties.next().map(|(i, t)| TieRef {
            source: t.a,
            target: t.b,
            id: self.network.tie_id(i as u32),
            strength: &t.strength,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ties.size_hint()
    }
}

impl ExactSizeIterator for TieRefs<'_> {}

/// The ties at one person, sorted by the person at the other end: the
/// iterator of [`IntoEdges::edges`] and [`IntoEdgesDirected::edges_directed`]
/// for `&Network`.
#[derive(Debug, Clone)]
pub struct IncidentTies<'a> {
    ties: &'a [Tie],
    near: slice::Iter<'a, Neighbor>,
    at: PersonId,
    // Which end `at` is: the source (outgoing) or the target (incoming).
    // An undirected graph's tie is both, so this only orders the ends.
    outgoing: bool,
}

impl<'a> Iterator for IncidentTies<'a> {
    type Item = TieRef<'a>;

    fn next(&mut self) -> Option<TieRef<'a>> {
        self.near.next().map(|n| {
            let (source, target) = if self.outgoing {
                (self.at, n.person)
            } else {
                (n.person, self.at)
            };
            TieRef {
                source,
                target,
                id: n.tie,
                strength: &self.ties[n.tie.index()].strength,
            }
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.near.size_hint()
    }
}

impl ExactSizeIterator for IncidentTies<'_> {}

/// The set of people a petgraph traversal has visited, one bit a person:
/// the [`Visitable::Map`] of `&Network`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitedPeople {
    bits: FixedBitSet,
}

impl VisitMap<PersonId> for VisitedPeople {
    /// # Panics
    /// When `p` is not from the network the map was made for.
    fn visit(&mut self, p: PersonId) -> bool {
        !self.bits.put(p.index())
    }

    fn is_visited(&self, p: &PersonId) -> bool {
        self.bits.contains(p.index())
    }

    fn unvisit(&mut self, p: PersonId) -> bool {
        let was = self.is_visited(&p);
        self.bits.set(p.index(), false);
        was
    }
}

impl GraphBase for Network {
    type NodeId = PersonId;
    type EdgeId = TieId;
}

impl GraphProp for Network {
    type EdgeType = Undirected;
}

impl Data for Network {
    type NodeWeight = Person;
    type EdgeWeight = f64;
}

impl NodeCount for Network {
    fn node_count(&self) -> usize {
        self.people.len()
    }
}

impl EdgeCount for Network {
    fn edge_count(&self) -> usize {
        self.ties.len()
    }
}

impl NodeIndexable for Network {
    fn node_bound(&self) -> usize {
        self.people.len()
    }

    fn to_index(&self, p: PersonId) -> usize {
        p.index()
    }

    fn from_index(&self, i: usize) -> PersonId {
        self.id_at(i)
    }
}

// People are exactly the indices `0..people`, with no holes.
impl NodeCompactIndexable for Network {}

impl EdgeIndexable for Network {
    fn edge_bound(&self) -> usize {
        self.ties.len()
    }

    fn to_index(&self, t: TieId) -> usize {
        t.index()
    }

    fn from_index(&self, i: usize) -> TieId {
        self.tie_id(i as u32)
    }
}

impl Visitable for Network {
    type Map = VisitedPeople;

    fn visit_map(&self) -> VisitedPeople {
        VisitedPeople {
            bits: FixedBitSet::with_capacity(self.people.len()),
        }
    }

    fn reset_map(&self, map: &mut VisitedPeople) {
        map.bits.clear();
        map.bits.grow(self.people.len());
    }
}

impl<'a> IntoNeighbors for &'a Network {
    type Neighbors = Map<slice::Iter<'a, Neighbor>, fn(&Neighbor) -> PersonId>;

    /// The people tied to `p`, sorted by id.
    ///
    /// # Panics
    /// When `p` is not from this network.
    fn neighbors(self, p: PersonId) -> Self::Neighbors {
        Network::neighbors(self, p)
            .unwrap_or_default()
            .iter()
            .map(|n| n.person)
    }
}

impl IntoNeighborsDirected for &Network {
    type NeighborsDirected = <Self as IntoNeighbors>::Neighbors;

    /// The people tied to `p` whichever the direction: ties are undirected.
    fn neighbors_directed(self, p: PersonId, _: Direction) -> Self::NeighborsDirected {
        IntoNeighbors::neighbors(self, p)
    }
}

impl IntoNodeIdentifiers for &Network {
    type NodeIdentifiers = Map<Zip<Range<usize>, Repeat<u8>>, fn((usize, u8)) -> PersonId>;

    fn node_identifiers(self) -> Self::NodeIdentifiers {
        (0..self.people.len())
            .zip(repeat(self.tag().0))
            .map(|(i, tag)| PersonId::tagged(i, tag))
    }
}

impl<'a> IntoNodeReferences for &'a Network {
    type NodeRef = (PersonId, &'a Person);
    type NodeReferences = Map<
        Zip<Enumerate<slice::Iter<'a, Person>>, Repeat<u8>>,
        fn(((usize, &'a Person), u8)) -> (PersonId, &'a Person),
    >;

    fn node_references(self) -> Self::NodeReferences {
        self.people
            .iter()
            .enumerate()
            .zip(repeat(self.tag().0))
            .map(|((i, p), tag)| (PersonId::tagged(i, tag), p))
    }
}

impl<'a> IntoEdgeReferences for &'a Network {
    type EdgeRef = TieRef<'a>;
    type EdgeReferences = TieRefs<'a>;

    fn edge_references(self) -> TieRefs<'a> {
        TieRefs {
            ties: self.ties.iter().enumerate(),
            network: self,
        }
    }
}

impl<'a> IntoEdges for &'a Network {
    type Edges = IncidentTies<'a>;

    /// The ties at `p`, each with `p` as its source, sorted by target.
    ///
    /// # Panics
    /// When `p` is not from this network.
    fn edges(self, p: PersonId) -> IncidentTies<'a> {
        self.edges_directed(p, Direction::Outgoing)
    }
}

impl<'a> IntoEdgesDirected for &'a Network {
    type EdgesDirected = IncidentTies<'a>;

    /// The ties at `p`: with `p` as the source for `Outgoing`, as the
    /// target for `Incoming`, as petgraph does for undirected graphs.
    ///
    /// # Panics
    /// When `p` is not from this network.
    fn edges_directed(self, p: PersonId, direction: Direction) -> IncidentTies<'a> {
        IncidentTies {
            ties: &self.ties,
            near: Network::neighbors(self, p).unwrap_or_default().iter(),
            at: p,
            outgoing: direction == Direction::Outgoing,
        }
    }
}

#[cfg(test)]
mod tests {
    use petgraph::visit::{Bfs, Walker};

    use super::*;
    use crate::records::{Dataset, PersonRecord, TieRecord};
    use crate::LoadOptions;

    /// A path a – b – c with strengths 0.5 and 0.25, and d on its own.
    fn path() -> Network {
        let mut data = Dataset::default();
        for id in ["a", "b", "c", "d"] {
            data.people.push(PersonRecord::new(id));
        }
        for (a, b, s) in [("b", "c", 0.25), ("a", "b", 0.5)] {
            data.ties.push(TieRecord {
                a: a.into(),
                b: b.into(),
                kind: None,
                strength: Some(s),
                interactions: None,
                reciprocated: None,
                last_contact: None,
            });
        }
        Network::from_dataset(&data, &LoadOptions::default()).unwrap()
    }

    #[test]
    fn edges_start_at_the_person_asked_about() {
        let n = path();
        let b = n.person_id("b").unwrap();
        let out: Vec<(PersonId, PersonId, f64)> = n
            .edges(b)
            .map(|e| (e.source(), e.target(), *e.weight()))
            .collect();
        let (a, c) = (n.person_id("a").unwrap(), n.person_id("c").unwrap());
        assert_eq!(out, [(b, a, 0.5), (b, c, 0.25)]);
        let into: Vec<PersonId> = n
            .edges_directed(b, Direction::Incoming)
            .map(|e| e.target())
            .collect();
        assert_eq!(into, [b, b]);
        for e in n.edges(b) {
            assert_eq!(n.tie_at(e.id()).other(b), e.target());
        }
    }

    #[test]
    fn reused_visit_map_forgets_and_grows() {
        let n = path();
        let mut map = VisitedPeople::default();
        n.reset_map(&mut map);
        let d = n.person_id("d").unwrap();
        assert!(map.visit(d));
        assert!(!map.visit(d));
        n.reset_map(&mut map);
        assert!(!map.is_visited(&d));
        let a = n.person_id("a").unwrap();
        assert_eq!(Bfs::new(&n, a).iter(&n).count(), 3);
    }
}
