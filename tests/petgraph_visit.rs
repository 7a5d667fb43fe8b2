//! petgraph's traversals and algorithms run on `&Network` directly (through
//! its visit traits) and agree with the same algorithms on a
//! `petgraph::Graph` copied from the network's ties: on the story, on a
//! generated organisation of 2,000 people, and on a sparse one with many
//! components.
// These tests draw organisations from the generator.
#![cfg(feature = "generate")]

mod common;

use common::story;

use std::collections::{BTreeSet, HashMap};

use mentormatch::{generate, GeneratorConfig, LoadOptions, Network, PersonId};
use petgraph::algo::{connected_components, dijkstra, kosaraju_scc, page_rank, tarjan_scc};
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::{
    Bfs, Dfs, EdgeCount, EdgeRef, IntoEdgeReferences, IntoEdges, IntoNeighbors,
    IntoNodeIdentifiers, NodeCount, NodeIndexable, Walker,
};

/// The tolerance for path lengths: both sides add the same costs, perhaps
/// along different shortest paths when two tie.
const TOLERANCE: f64 = 1e-12;

fn generated(config: &GeneratorConfig) -> Network {
    Network::from_dataset(&generate(config), &LoadOptions::default())
        .expect("a generated dataset is valid")
}

/// The network as a `petgraph::Graph`: node `i` is person `i`, edge `i` is
/// tie `i`, weighted by its strength.
fn copy(network: &Network) -> UnGraph<(), f64> {
    let mut graph = UnGraph::with_capacity(network.people().len(), network.ties().len());
    for _ in network.people() {
        graph.add_node(());
    }
    for t in network.ties() {
        graph.add_edge(node(t.a), node(t.b), t.strength);
    }
    graph
}

fn node(p: PersonId) -> NodeIndex {
    NodeIndex::new(p.index())
}

/// A few people to start from: the first, the middle, the last, the best
/// connected and (if there is one) the first without ties.
fn starts(network: &Network) -> Vec<PersonId> {
    let n = network.people().len();
    let mut starts = vec![
        network.person_at(0).unwrap(),
        network.person_at(n / 2).unwrap(),
        network.person_at(n - 1).unwrap(),
    ];
    starts.extend(
        network
            .person_ids()
            .max_by_key(|&p| (network.neighbors(p).unwrap().len(), std::cmp::Reverse(p))),
    );
    starts.extend(
        network
            .person_ids()
            .find(|&p| network.neighbors(p).unwrap().is_empty()),
    );
    starts
}

fn indices(people: impl IntoIterator<Item = PersonId>) -> BTreeSet<usize> {
    people.into_iter().map(PersonId::index).collect()
}

fn node_indices(nodes: impl IntoIterator<Item = NodeIndex>) -> BTreeSet<usize> {
    nodes.into_iter().map(NodeIndex::index).collect()
}

/// Shortest-path lengths from `start` on both graphs under `cost` (a
/// function of strength) must name the same people at the same distances.
fn check_dijkstra(
    name: &str,
    network: &Network,
    graph: &UnGraph<(), f64>,
    start: PersonId,
    cost: fn(f64) -> f64,
) {
    let ours = dijkstra(network, start, None, |e| cost(*e.weight()));
    let theirs = dijkstra(graph, node(start), None, |e| cost(*e.weight()));
    assert_eq!(ours.len(), theirs.len(), "{name}: reached from {start}");
    for (p, d) in &ours {
        let other = theirs[&node(*p)];
        assert!(
            (d - other).abs() <= TOLERANCE,
            "{name}: distance {start} → {p} is {d} on the network, {other} on the graph"
        );
    }
}

fn check(name: &str, network: &Network) {
    let graph = copy(network);

    assert_eq!(network.node_count(), graph.node_count(), "{name}: nodes");
    assert_eq!(network.edge_count(), graph.edge_count(), "{name}: edges");
    assert_eq!(network.node_bound(), network.people().len(), "{name}");
    assert!(network
        .node_identifiers()
        .all(|p| network.from_index(network.to_index(p)) == p));

    // Every tie once from its smaller end; each person's edges start at them
    // and end at their neighbours, in the order `Network::neighbors` keeps.
    let all: Vec<(PersonId, PersonId, f64)> = network
        .edge_references()
        .map(|e| (e.source(), e.target(), *e.weight()))
        .collect();
    let ties: Vec<(PersonId, PersonId, f64)> = network
        .ties()
        .iter()
        .map(|t| (t.a, t.b, t.strength))
        .collect();
    assert_eq!(all, ties, "{name}: edge references");
    for p in network.person_ids() {
        let near: Vec<PersonId> = network
            .neighbors(p)
            .unwrap()
            .iter()
            .map(|n| n.person)
            .collect();
        let by_trait: Vec<PersonId> = IntoNeighbors::neighbors(network, p).collect();
        assert_eq!(by_trait, near, "{name}: neighbours of {p}");
        for e in network.edges(p) {
            assert_eq!(e.source(), p, "{name}: an edge of {p}");
            assert_eq!(network.tie_between(p, e.target()), Some(e.id()), "{name}");
            assert_eq!(*e.weight(), network.tie(e.id()).unwrap().strength, "{name}");
        }
        assert_eq!(network.edges(p).count(), near.len(), "{name}");
    }

    for start in starts(network) {
        let bfs = indices(Bfs::new(network, start).iter(network));
        let graph_bfs = node_indices(Bfs::new(&graph, node(start)).iter(&graph));
        assert_eq!(bfs, graph_bfs, "{name}: breadth-first from {start}");
        let dfs = indices(Dfs::new(network, start).iter(network));
        let graph_dfs = node_indices(Dfs::new(&graph, node(start)).iter(&graph));
        assert_eq!(dfs, graph_dfs, "{name}: depth-first from {start}");
        assert_eq!(bfs, dfs, "{name}: from {start}");

        check_dijkstra(name, network, &graph, start, |s| 1.0 - s);
        check_dijkstra(name, network, &graph, start, |s| -s.ln());
        check_dijkstra(name, network, &graph, start, |_| 1.0);
    }

    // Components: petgraph's count on either graph, the strongly connected
    // components of an undirected graph (its components) by both of
    // petgraph's algorithms, and the crate's own numbering.
    let count = connected_components(&graph);
    assert_eq!(connected_components(network), count, "{name}: components");
    let sets = |sccs: Vec<Vec<PersonId>>| -> BTreeSet<BTreeSet<usize>> {
        sccs.into_iter().map(indices).collect()
    };
    let graph_sets: BTreeSet<BTreeSet<usize>> =
        kosaraju_scc(&graph).into_iter().map(node_indices).collect();
    assert_eq!(graph_sets.len(), count, "{name}");
    assert_eq!(sets(kosaraju_scc(network)), graph_sets, "{name}: kosaraju");
    assert_eq!(sets(tarjan_scc(network)), graph_sets, "{name}: tarjan");

    let components = network.components();
    let mut members: HashMap<u32, BTreeSet<usize>> = HashMap::new();
    let mut next = 0;
    for (p, &c) in components.iter().enumerate() {
        // Numbered densely in order of each component's smallest person.
        assert!(c <= next, "{name}: person {p} in component {c}");
        if c == next {
            next += 1;
        }
        members.entry(c).or_default().insert(p);
    }
    let ours: BTreeSet<BTreeSet<usize>> = members.into_values().collect();
    assert_eq!(ours, graph_sets, "{name}: Network::components");
    let summary = network.summary();
    assert_eq!(summary.components, count, "{name}: summary");
    let largest = graph_sets.iter().map(BTreeSet::len).max().unwrap_or(0);
    assert_eq!(summary.largest_component, largest, "{name}: summary");
}

#[test]
fn story_agrees_with_a_copied_graph() {
    let network = story();
    check("story", &network);

    // page_rank is O(V²) a round, so only on the story's dozen people.
    let graph = copy(&network);
    let ours = page_rank(&network, 0.85_f64, 20);
    let theirs = page_rank(&graph, 0.85_f64, 20);
    assert_eq!(ours.len(), theirs.len());
    for (a, b) in ours.iter().zip(&theirs) {
        assert!((a - b).abs() <= TOLERANCE, "page rank {a} against {b}");
    }
}

#[test]
fn generated_organisation_agrees_with_a_copied_graph() {
    let network = generated(&GeneratorConfig {
        people: 2_000,
        seed: 3,
        ..Default::default()
    });
    check("generated", &network);
}

#[test]
fn sparse_organisation_agrees_with_a_copied_graph() {
    // The generator ties everyone into one component, so keep one tie in
    // sixteen to split the organisation into many.
    let mut data = generate(&GeneratorConfig {
        people: 2_000,
        seed: 3,
        ..Default::default()
    });
    let mut index = 0;
    data.ties.retain(|_| {
        index += 1;
        index % 16 == 0
    });
    let network =
        Network::from_dataset(&data, &LoadOptions::default()).expect("fewer ties are still valid");
    assert!(network.summary().components > 100, "sparse enough to split");
    check("sparse", &network);
}
