//! Introduction paths against oracles: a hand-checked story table, brute-force
//! enumeration of every simple path on small random networks (proptest) and on
//! a mid-sized network with hubs, and batch routing's connector loads.

mod common;

use common::story;

use std::collections::HashSet;

use common::SplitMix;

use mentormatch::{
    Dataset, IntroPath, IntroStatus, LoadOptions, Network, NoPath, PathConfig, PathFinder,
    PersonId, PersonRecord, Route, RouteConfig, TieRecord, MAX_HOPS,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Oracle: every valid simple path, by depth-first enumeration.

/// May `p` be an intermediary between `from` and `to`.
fn may_connect(net: &Network, p: PersonId, from: PersonId, to: PersonId) -> bool {
    net.person(p).unwrap().introducible
        && !net.blocked_either_way(p, from).unwrap()
        && !net.blocked_either_way(p, to).unwrap()
}

/// Every valid path from `from` to `to` with at most `max_hops` ties, in the
/// order the library promises: warmer first, then by person ids.
fn all_paths(net: &Network, from: PersonId, to: PersonId, max_hops: u32) -> Vec<IntroPath> {
    fn walk(
        net: &Network,
        to: PersonId,
        max_hops: u32,
        ok: &dyn Fn(PersonId) -> bool,
        people: &mut Vec<PersonId>,
        ties: &mut Vec<mentormatch::TieId>,
        out: &mut Vec<IntroPath>,
    ) {
        if ties.len() as u32 == max_hops {
            return;
        }
        let at = *people.last().unwrap();
        for nb in net.neighbors(at).unwrap() {
            if people.contains(&nb.person) {
                continue;
            }
            people.push(nb.person);
            ties.push(nb.tie);
            if nb.person == to {
                let warmth = ties
                    .iter()
                    .fold(1.0, |w, &t| w * net.tie(t).unwrap().strength);
                let log_warmth = ties
                    .iter()
                    .map(|&t| net.tie(t).unwrap().strength.ln())
                    .sum();
                out.push(IntroPath {
                    people: people.clone(),
                    ties: ties.clone(),
                    warmth,
                    log_warmth,
                });
            } else if ok(nb.person) {
                walk(net, to, max_hops, ok, people, ties, out);
            }
            people.pop();
            ties.pop();
        }
    }
    let mut out = Vec::new();
    if from == to || net.blocked_either_way(from, to).unwrap() {
        return out;
    }
    let ok = |p| may_connect(net, p, from, to);
    walk(
        net,
        to,
        max_hops,
        &ok,
        &mut vec![from],
        &mut Vec::new(),
        &mut out,
    );
    out.sort_by(|a, b| {
        b.log_warmth
            .total_cmp(&a.log_warmth)
            .then_with(|| a.people.cmp(&b.people))
    });
    out
}

/// Greedy disjoint alternatives from the full sorted list.
fn greedy_disjoint(all: &[IntroPath], k: usize) -> Vec<IntroPath> {
    let mut used = HashSet::new();
    let mut out: Vec<IntroPath> = Vec::new();
    for p in all {
        if out.len() == k {
            break;
        }
        if p.intermediaries().iter().all(|q| !used.contains(q)) {
            used.extend(p.intermediaries().iter().copied());
            out.push(p.clone());
        }
    }
    out
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

/// Whether `all[i]` is clearly warmer than the next and clearly colder than
/// the previous, so that any correct implementation must return that path.
fn isolated(all: &[IntroPath], i: usize) -> bool {
    let apart = |a: f64, b: f64| (a - b).abs() > 1e-9 * a.abs().max(b.abs());
    (i == 0 || apart(all[i - 1].warmth, all[i].warmth))
        && (i + 1 >= all.len() || apart(all[i].warmth, all[i + 1].warmth))
}

/// Everything a returned path must be, whatever else is checked.
fn check_valid(net: &Network, path: &IntroPath, from: PersonId, to: PersonId, max_hops: u32) {
    assert_eq!(path.people.first(), Some(&from));
    assert_eq!(path.people.last(), Some(&to));
    assert_eq!(path.people.len(), path.ties.len() + 1);
    assert!(
        path.hops() >= 1 && path.hops() as u32 <= max_hops,
        "{path:?}"
    );
    let distinct: HashSet<_> = path.people.iter().collect();
    assert_eq!(
        distinct.len(),
        path.people.len(),
        "repeats a person: {path:?}"
    );
    for &p in path.intermediaries() {
        assert!(
            may_connect(net, p, from, to),
            "bad intermediary in {path:?}"
        );
    }
    assert!(!net.blocked_either_way(from, to).unwrap());
    for (i, &t) in path.ties.iter().enumerate() {
        let tie = net.tie(t).unwrap();
        let (a, b) = (path.people[i], path.people[i + 1]);
        assert!(
            (tie.a, tie.b) == (a.min(b), a.max(b)),
            "tie {i} of {path:?}"
        );
    }
    let warmth = path
        .ties
        .iter()
        .fold(1.0, |w, &t| w * net.tie(t).unwrap().strength);
    assert_eq!(path.warmth, warmth);
    let log_warmth: f64 = path
        .ties
        .iter()
        .map(|&t| net.tie(t).unwrap().strength.ln())
        .sum();
    assert_eq!(path.log_warmth, log_warmth);
}

/// `got` must equal the oracle's `want` (a prefix of `all`) warmth for warmth,
/// and path for path wherever no near-tie makes the choice ambiguous.
fn check_against(got: &[IntroPath], want: &[IntroPath], all: &[IntroPath]) {
    assert_eq!(got.len(), want.len(), "got {got:?}\nwant {want:?}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(close(g.warmth, w.warmth), "path {i}: got {g:?}\nwant {w:?}");
        if isolated(all, i) {
            assert_eq!(g.people, w.people);
        }
    }
    for w in got.windows(2) {
        assert!(w[0].log_warmth >= w[1].log_warmth);
    }
    let distinct: HashSet<_> = got.iter().map(|p| &p.people).collect();
    assert_eq!(distinct.len(), got.len(), "a path twice: {got:?}");
}

// ---------------------------------------------------------------------------
// Known answers on the story.

/// Runs one query on the story and compares the paths, by names and warmth.
fn check(net: &Network, (from, to): (&str, &str), config: PathConfig, expected: &[(&[&str], f64)]) {
    let id = |s: &str| net.person_id(s).unwrap();
    let paths = PathFinder::new(net)
        .paths(id(from), id(to), &config)
        .unwrap();
    let got: Vec<(Vec<&str>, f64)> = paths
        .iter()
        .map(|p| {
            let names = p
                .people
                .iter()
                .map(|&q| net.person(q).unwrap().id.as_str())
                .collect();
            (names, p.warmth)
        })
        .collect();
    assert_eq!(got.len(), expected.len(), "{from} → {to}: {got:?}");
    for ((names, warmth), (want_names, want_warmth)) in got.iter().zip(expected) {
        assert_eq!(names, want_names, "{from} → {to}");
        assert!(
            (warmth - want_warmth).abs() < 1e-4,
            "{from} → {to}: {warmth} ≠ {want_warmth}"
        );
    }
}

#[test]
fn story_known_answers() {
    let net = story();
    let hops = |max_hops| PathConfig {
        max_hops,
        ..PathConfig::default()
    };
    // Derived strengths (today = 2026-10-20, the latest contact):
    // ada–kofi 0.950213 × 0.91 = 0.864694; omar–yuki 0.698806 × 0.85 × 0.5^(35/180) = 0.519118.
    let ada_kofi = 0.864694;
    let omar_yuki = 0.519118;
    // Ines is warm to both Ada and Mira but does not want to be on paths.
    check(
        &net,
        ("ada", "omar"),
        hops(3),
        &[
            (&["ada", "kofi", "omar"], ada_kofi * 0.5),
            (&["ada", "linus", "kofi", "omar"], 0.8 * 0.8 * 0.5),
        ],
    );
    // With four ties the reporting lines meet over Grace and Mira.
    check(
        &net,
        ("ada", "omar"),
        hops(4),
        &[
            (&["ada", "kofi", "omar"], ada_kofi * 0.5),
            (
                &["ada", "linus", "grace", "mira", "omar"],
                0.8 * 0.9 * 0.6 * 0.9,
            ),
            (&["ada", "linus", "kofi", "omar"], 0.8 * 0.8 * 0.5),
        ],
    );
    // Tim blocks Omar: no introduction at all, however long.
    check(&net, ("tim", "omar"), hops(6), &[]);
    check(&net, ("omar", "tim"), hops(6), &[]);
    // ... and Omar is no connector for Tim either.
    check(&net, ("tim", "yuki"), hops(3), &[]);
    check(
        &net,
        ("tim", "yuki"),
        hops(4),
        &[(
            &["tim", "linus", "grace", "mira", "yuki"],
            0.7 * 0.9 * 0.6 * 0.7,
        )],
    );
    // A direct tie is a path, and not always the only good one.
    check(
        &net,
        ("ada", "kofi"),
        hops(3),
        &[
            (&["ada", "kofi"], ada_kofi),
            (&["ada", "linus", "kofi"], 0.8 * 0.8),
            (&["ada", "tim", "linus", "kofi"], 0.5 * 0.7 * 0.8),
        ],
    );
    check(
        &net,
        ("ada", "kofi"),
        PathConfig {
            disjoint: true,
            ..PathConfig::default()
        },
        &[
            (&["ada", "kofi"], ada_kofi),
            (&["ada", "linus", "kofi"], 0.64),
        ],
    );
    check(
        &net,
        ("yuki", "mira"),
        PathConfig {
            k: 1,
            ..PathConfig::default()
        },
        &[(&["yuki", "mira"], 0.7)],
    );
    check(
        &net,
        ("yuki", "grace"),
        hops(3),
        &[
            (&["yuki", "mira", "grace"], 0.7 * 0.6),
            (&["yuki", "omar", "mira", "grace"], omar_yuki * 0.9 * 0.6),
        ],
    );
    // One hop only: just the direct tie, if any.
    check(
        &net,
        ("ada", "kofi"),
        hops(1),
        &[(&["ada", "kofi"], ada_kofi)],
    );
    check(&net, ("ada", "omar"), hops(1), &[]);
    check(&net, ("ada", "omar"), hops(0), &[]);
    // Nobody needs an introduction to themselves.
    check(&net, ("ada", "ada"), hops(3), &[]);
}

/// Ties so weak that every path's warmth underflows to 0: paths are still
/// ranked by their log-warmth, and the best path is the first of the k best.
#[test]
fn paths_too_weak_for_f64_are_still_ranked() {
    let mut data = Dataset::default();
    for name in ["a", "b", "c", "d"] {
        data.people.push(PersonRecord::new(name));
    }
    // a–b–c has log-warmth ln(1e-200) + ln(1e-300) ≈ −1151.3; a–d–c has
    // ln(1e-250) + ln(1e-200) ≈ −1036.2, so a–d–c is the warmer, although
    // by person ids a–b–c comes first.
    for (a, b, strength) in [
        ("a", "b", 1e-200),
        ("b", "c", 1e-300),
        ("a", "d", 1e-250),
        ("d", "c", 1e-200),
    ] {
        data.ties.push(TieRecord {
            a: a.into(),
            b: b.into(),
            kind: Some("colleague".into()),
            strength: Some(strength),
            interactions: None,
            reciprocated: None,
            last_contact: None,
        });
    }
    let net = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let id = |s: &str| net.person_id(s).unwrap();
    let names = |p: &IntroPath| -> Vec<&str> {
        p.people
            .iter()
            .map(|&q| net.person(q).unwrap().id.as_str())
            .collect()
    };
    let mut finder = PathFinder::new(&net);
    let best = finder.best(id("a"), id("c"), 3).unwrap().unwrap();
    assert_eq!(names(&best), ["a", "d", "c"]);
    assert_eq!(best.warmth, 0.0);
    assert!((best.log_warmth - (1e-250f64.ln() + 1e-200f64.ln())).abs() < 1e-9);
    let paths = finder
        .paths(id("a"), id("c"), &PathConfig::default())
        .unwrap();
    assert_eq!(paths.len(), 2);
    assert_eq!(paths[0], best);
    assert_eq!(names(&paths[1]), ["a", "b", "c"]);
    assert!(paths[0].log_warmth > paths[1].log_warmth);
    let oracle = all_paths(&net, id("a"), id("c"), 3);
    assert_eq!(paths, oracle);
    // The report carries the log-warmth, so a reader can tell the two apart.
    let intro = finder
        .introduce(id("a"), id("c"), &PathConfig::default())
        .unwrap();
    let report = intro.report(&net, id("a"), id("c")).unwrap();
    assert!(report.paths[0].log_warmth > report.paths[1].log_warmth);
}

#[test]
fn non_introducible_endpoints_are_still_reachable() {
    let net = story();
    let id = |s: &str| net.person_id(s).unwrap();
    let best = PathFinder::new(&net)
        .best(id("ines"), id("omar"), 3)
        .unwrap()
        .unwrap();
    let names: Vec<&str> = best
        .people
        .iter()
        .map(|&p| net.person(p).unwrap().id.as_str())
        .collect();
    assert_eq!(names, ["ines", "mira", "omar"]);
}

// ---------------------------------------------------------------------------
// Small random networks against the oracle.

#[derive(Debug, Clone)]
struct Small {
    introducible: Vec<bool>,
    blocks: Vec<(usize, usize)>,
    ties: Vec<Option<f64>>,
}

impl Small {
    fn people(&self) -> usize {
        self.introducible.len()
    }

    fn network(&self) -> Network {
        let n = self.people();
        let mut data = Dataset::default();
        for i in 0..n {
            let mut p = PersonRecord::new(format!("p{i}"));
            p.introducible = self.introducible[i];
            let mut blocked: Vec<usize> = self
                .blocks
                .iter()
                .filter(|&&(a, b)| a == i && b != i)
                .map(|&(_, b)| b)
                .collect();
            blocked.sort_unstable();
            blocked.dedup();
            p.blocked = blocked.into_iter().map(|b| format!("p{b}")).collect();
            data.people.push(p);
        }
        let pairs = (0..n).flat_map(|a| (a + 1..n).map(move |b| (a, b)));
        for ((a, b), strength) in pairs.zip(&self.ties) {
            if let Some(s) = strength {
                data.ties.push(TieRecord {
                    a: format!("p{a}"),
                    b: format!("p{b}"),
                    kind: Some("colleague".into()),
                    strength: Some(*s),
                    interactions: None,
                    reciprocated: None,
                    last_contact: None,
                });
            }
        }
        Network::from_dataset(&data, &LoadOptions::default()).unwrap()
    }
}

fn strength() -> impl Strategy<Value = f64> {
    // Mostly continuous, with exact 1s and halves to make equal warmths.
    prop_oneof![1 => Just(1.0), 1 => Just(0.5), 6 => 0.01f64..=1.0]
}

fn small(max_people: usize, density: f64) -> impl Strategy<Value = Small> {
    (2..=max_people).prop_flat_map(move |n| {
        (
            proptest::collection::vec(proptest::bool::weighted(0.8), n),
            proptest::collection::vec((0..n, 0..n), 0..4),
            proptest::collection::vec(
                proptest::option::weighted(density, strength()),
                n * (n - 1) / 2,
            ),
        )
            .prop_map(|(introducible, blocks, ties)| Small {
                introducible,
                blocks,
                ties,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn best_and_k_best_equal_brute_force(
        g in small(9, 0.45),
        from in 0..9usize,
        to in 0..9usize,
        max_hops in 0..=6u32,
        k in 1..=7usize,
    ) {
        let net = g.network();
        let n = g.people();
        let (from, to) = (net.person_at(from % n).unwrap(), net.person_at(to % n).unwrap());
        let all = all_paths(&net, from, to, max_hops);
        let mut finder = PathFinder::new(&net);

        let best = finder.best(from, to, max_hops).unwrap();
        check_against(best.as_slice(), &all[..all.len().min(1)], &all);

        let config = PathConfig { max_hops, k, disjoint: false };
        let paths = finder.paths(from, to, &config).unwrap();
        for p in &paths {
            check_valid(&net, p, from, to, max_hops);
        }
        check_against(&paths, &all[..all.len().min(k)], &all);
    }

    #[test]
    fn disjoint_alternatives_equal_the_greedy_oracle(
        g in small(9, 0.5),
        from in 0..9usize,
        to in 0..9usize,
        max_hops in 1..=6u32,
        k in 1..=5usize,
    ) {
        let net = g.network();
        let n = g.people();
        let (from, to) = (net.person_at(from % n).unwrap(), net.person_at(to % n).unwrap());
        let all = all_paths(&net, from, to, max_hops);
        let config = PathConfig { max_hops, k, disjoint: true };
        let paths = PathFinder::new(&net).paths(from, to, &config).unwrap();
        let mut used = HashSet::new();
        for p in &paths {
            check_valid(&net, p, from, to, max_hops);
            for q in p.intermediaries() {
                prop_assert!(used.insert(*q), "{q:?} on two paths: {paths:?}");
            }
        }
        prop_assert!(paths.len() <= k);
        // The greedy choice depends on which of two equally warm paths comes
        // first; compare whole answers only when no two paths are that close.
        let all_apart = (0..all.len()).all(|i| isolated(&all, i));
        if all_apart {
            let want = greedy_disjoint(&all, k);
            check_against(&paths, &want, &want);
        } else if let Some(first) = all.first() {
            prop_assert!(close(paths[0].warmth, first.warmth));
        } else {
            prop_assert!(paths.is_empty());
        }
    }

    #[test]
    fn introduce_says_why_against_the_enumerated_paths(
        g in small(8, 0.35),
        a in 0..8usize,
        b in 0..8usize,
        max_hops in 0..=4u32,
    ) {
        let net = g.network();
        let n = g.people();
        let (from, to) = (net.person_at(a % n).unwrap(), net.person_at(b % n).unwrap());
        let config = PathConfig { max_hops, k: 2, disjoint: false };
        let answer = PathFinder::new(&net).introduce(from, to, &config).unwrap();
        let within = all_paths(&net, from, to, max_hops);
        let tied = from != to && net.tie_between(from, to).is_some();
        prop_assert_eq!(answer.paths.len(), within.len().min(2));
        prop_assert_eq!(answer.no_path.is_none(), !within.is_empty());
        let status = if tied {
            IntroStatus::Tied
        } else if within.is_empty() {
            IntroStatus::NoPath
        } else {
            IntroStatus::Path
        };
        prop_assert_eq!(answer.status, status);
        if let Some(NoPath::NotWithin { max_hops: asked, nearest }) = answer.no_path {
            prop_assert_eq!(asked, max_hops);
            // The fewest ties of any valid path the oracle finds up to 6.
            let fewest = all_paths(&net, from, to, MAX_HOPS)
                .iter()
                .map(|p| p.hops() as u32)
                .min();
            prop_assert_eq!(nearest, fewest);
            prop_assert!(max_hops > 0 && !net.neighbors(from).unwrap().is_empty());
        }
        if let Some(why) = answer.no_path {
            prop_assert!(!why.describe(&net).is_empty());
        }
    }

    #[test]
    fn a_reused_finder_answers_like_a_fresh_one(
        g in small(8, 0.5),
        queries in proptest::collection::vec((0..8usize, 0..8usize, 1..=4u32), 1..12),
    ) {
        let net = g.network();
        let n = g.people();
        let mut reused = PathFinder::new(&net);
        let mut clone = reused.clone();
        for (a, b, max_hops) in queries {
            let (a, b) = (net.person_at(a % n).unwrap(), net.person_at(b % n).unwrap());
            let config = PathConfig { max_hops, k: 4, disjoint: max_hops % 2 == 0 };
            let fresh = PathFinder::new(&net).paths(a, b, &config).unwrap();
            prop_assert_eq!(&reused.paths(a, b, &config).unwrap(), &fresh);
            prop_assert_eq!(&clone.paths(a, b, &config).unwrap(), &fresh);
        }
    }

    #[test]
    fn routing_respects_connector_load_and_is_best_given_the_load(
        g in small(9, 0.5),
        requests in proptest::collection::vec((0..9usize, 0..9usize), 0..14),
        connector_load in 0..=3u32,
        max_hops in 1..=5u32,
    ) {
        let net = g.network();
        let n = g.people();
        let requests: Vec<(PersonId, PersonId)> = requests
            .into_iter()
            .map(|(a, b)| (net.person_at(a % n).unwrap(), net.person_at(b % n).unwrap()))
            .collect();
        let config = RouteConfig { max_hops, connector_load };
        let routing = PathFinder::new(&net).route(&requests, &config).unwrap();
        prop_assert_eq!(routing.routes.len(), requests.len());
        let mut load = vec![0u32; n];
        for (&(from, to), route) in requests.iter().zip(&routing.routes) {
            let tie = if from == to { None } else { net.tie_between(from, to) };
            if let Some(tie) = tie {
                prop_assert_eq!(route, &Route::DirectTie(tie));
                continue;
            }
            // The warmest path avoiding everyone saturated before this request.
            let every = all_paths(&net, from, to, max_hops);
            let open: Vec<IntroPath> = every
                .iter()
                .filter(|p| p.intermediaries().iter().all(|q| load[q.index()] < connector_load))
                .cloned()
                .collect();
            match route {
                Route::Introduced(path) => {
                    check_valid(&net, path, from, to, max_hops);
                    prop_assert!(!open.is_empty());
                    prop_assert!(close(path.warmth, open[0].warmth));
                    for q in path.intermediaries() {
                        prop_assert!(load[q.index()] < connector_load);
                        load[q.index()] += 1;
                    }
                }
                Route::NoPath => prop_assert!(every.is_empty(), "missed {:?}", every[0]),
                Route::ConnectorsBusy => {
                    prop_assert!(!every.is_empty(), "busy, but no path exists");
                    prop_assert!(open.is_empty(), "missed {:?}", open[0]);
                }
                Route::DirectTie(_) => prop_assert!(false, "not tied: {route:?}"),
            }
        }
        prop_assert!(load.iter().all(|&l| l <= connector_load));
        for (p, &l) in load.iter().enumerate() {
            prop_assert_eq!(routing.load(net.person_at(p).unwrap()), l);
        }
        prop_assert!(routing.loads.windows(2).all(|w| w[0].person < w[1].person));
        prop_assert!(routing.loads.iter().all(|l| l.paths > 0));
    }
}

// ---------------------------------------------------------------------------
// A mid-sized network with hubs, where scans stop early and hubs are
// intersected rather than walked.

/// A seeded random network: `people` people with about `degree` ties each,
/// plus `hubs` people tied to about `people / hub_share` others each; some
/// people are not introducible and some block others.
fn random_network(people: usize, degree: usize, hubs: (usize, usize), seed: u64) -> Network {
    let (hubs, hub_share) = hubs;
    let mut rng = SplitMix(seed);
    let mut data = Dataset::default();
    for i in 0..people {
        let mut p = PersonRecord::new(format!("p{i}"));
        p.introducible = rng.below(10) != 0;
        if rng.below(50) == 0 {
            let mut blocked: Vec<usize> = (0..3)
                .map(|_| rng.below(people))
                .filter(|&b| b != i)
                .collect();
            blocked.sort_unstable();
            blocked.dedup();
            p.blocked = blocked.into_iter().map(|b| format!("p{b}")).collect();
        }
        data.people.push(p);
    }
    let mut seen = HashSet::new();
    let mut tie = |a: usize, b: usize, rng: &mut SplitMix, data: &mut Dataset| {
        if a != b && seen.insert((a.min(b), a.max(b))) {
            // Strengths on a coarse grid, so that equal warmths are common.
            let strength = (1 + rng.below(20)) as f64 / 20.0;
            data.ties.push(TieRecord {
                a: format!("p{a}"),
                b: format!("p{b}"),
                kind: Some("colleague".into()),
                strength: Some(strength),
                interactions: None,
                reciprocated: None,
                last_contact: None,
            });
        }
    };
    for a in 0..people {
        for _ in 0..degree / 2 {
            let b = rng.below(people);
            tie(a, b, &mut rng, &mut data);
        }
    }
    for h in 0..hubs {
        for _ in 0..people / hub_share {
            let b = rng.below(people);
            tie(h, b, &mut rng, &mut data);
        }
    }
    Network::from_dataset(&data, &LoadOptions::default()).unwrap()
}

/// Compares `queries` random queries on `net` with the oracle; every tenth
/// starts, and every tenth ends, at one of the first `hubs` people.
fn check_random_queries(net: &Network, hubs: usize, queries: usize, hop_limits: &[u32], seed: u64) {
    let mut finder = PathFinder::new(net);
    let mut rng = SplitMix(seed);
    let n = net.people().len();
    let mut found = 0;
    for q in 0..queries {
        let from = if q % 10 == 0 {
            rng.below(hubs)
        } else {
            rng.below(n)
        };
        let to = if q % 10 == 5 {
            rng.below(hubs)
        } else {
            rng.below(n)
        };
        let (from, to) = (net.person_at(from).unwrap(), net.person_at(to).unwrap());
        let max_hops = hop_limits[q % hop_limits.len()];
        let all = all_paths(net, from, to, max_hops);
        let config = PathConfig {
            max_hops,
            k: 4,
            disjoint: false,
        };
        let paths = finder.paths(from, to, &config).unwrap();
        for p in &paths {
            check_valid(net, p, from, to, max_hops);
        }
        check_against(&paths, &all[..all.len().min(4)], &all);
        let best = finder.best(from, to, max_hops).unwrap();
        check_against(best.as_slice(), &all[..all.len().min(1)], &all);
        found += usize::from(!all.is_empty());
    }
    assert!(
        found > queries / 3,
        "too few reachable pairs to mean anything: {found}"
    );
}

#[test]
fn hub_network_equals_brute_force() {
    let net = random_network(3000, 8, (5, 10), 7);
    check_random_queries(&net, 5, 300, &[3, 4], 11);
}

#[test]
fn big_hubs_are_intersected_correctly() {
    // Hubs tied to a third of everyone: a hub's list is longer than the
    // number of labels on the other side times log(degree), so the last scan
    // looks those labels up in the hub's list instead of walking it.
    let net = random_network(3000, 8, (4, 3), 13);
    check_random_queries(&net, 4, 200, &[3, 2], 17);
}

#[test]
fn routing_is_the_same_on_one_thread_and_two() {
    let net = random_network(2000, 6, (3, 10), 3);
    let mut rng = SplitMix(5);
    let requests: Vec<(PersonId, PersonId)> = (0..2000)
        .map(|_| {
            (
                net.person_at(rng.below(2000)).unwrap(),
                net.person_at(rng.below(2000)).unwrap(),
            )
        })
        .collect();
    let config = RouteConfig {
        max_hops: 3,
        connector_load: 2,
    };
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| mentormatch::route_intros(&net, &requests, &config).unwrap())
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert!(one.max_load() <= 2);
    let routed = one.routes.iter().filter(|r| r.path().is_some()).count();
    assert!(routed > 100, "only {routed} routed");
    // The load limit bit: some connector is full.
    assert_eq!(one.max_load(), 2);
}

#[test]
fn best_batch_answers_like_best_on_any_thread_count() {
    let net = random_network(2000, 6, (3, 10), 5);
    let mut rng = SplitMix(8);
    let pairs: Vec<(PersonId, PersonId)> = (0..500)
        .map(|_| {
            (
                net.person_at(rng.below(2000)).unwrap(),
                net.person_at(rng.below(2000)).unwrap(),
            )
        })
        .collect();
    let mut finder = PathFinder::new(&net);
    let one_by_one: Vec<Option<IntroPath>> = pairs
        .iter()
        .map(|&(a, b)| finder.best(a, b, 3).unwrap())
        .collect();
    assert!(one_by_one.iter().filter(|p| p.is_some()).count() > 20);
    for threads in [1, 2, 3] {
        let batch = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| finder.best_batch(&pairs, 3).unwrap());
        assert_eq!(batch, one_by_one, "{threads} threads");
    }
}

// ---------------------------------------------------------------------------
// Known answers on real co-authorship networks (SNAP), against an independent
// Dijkstra and an independent hop-layered Bellman–Ford.

/// Loads a SNAP undirected edge list (`a<TAB>b` per line, each edge usually
/// listed both ways, `\r\n` or `\n`, an optional first header line) as a
/// network. Self-loops are skipped but their person kept. Tie strength is
/// derived from the edge list alone: with `c` the number of co-authors the two
/// share, `s = (1 + c) / (2 + c)` — 0.5 for a pair with nobody in common,
/// approaching 1 inside tight groups. Every seventh person (index ≡ 3 mod 7)
/// is not introducible, so that paths must route around some people.
fn coauthorship(text: &str, header: bool) -> (Network, usize) {
    let mut ids: Vec<u64> = Vec::new();
    let mut edges: Vec<(u64, u64)> = Vec::new();
    let mut self_loops = 0;
    for line in text.lines().skip(usize::from(header)) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t').map(|f| f.trim().parse::<u64>().unwrap());
        let (a, b) = (fields.next().unwrap(), fields.next().unwrap());
        ids.extend([a, b]);
        if a == b {
            self_loops += 1;
        } else {
            edges.push((a.min(b), a.max(b)));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    edges.sort_unstable();
    edges.dedup();
    let index = |id: u64| ids.binary_search(&id).unwrap();
    let mut adjacency = vec![Vec::new(); ids.len()];
    for &(a, b) in &edges {
        adjacency[index(a)].push(index(b));
        adjacency[index(b)].push(index(a));
    }
    for list in &mut adjacency {
        list.sort_unstable();
    }
    let common = |a: usize, b: usize| {
        let (mut i, mut j, mut c) = (0, 0, 0);
        let (x, y) = (&adjacency[a], &adjacency[b]);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => (c, i, j) = (c + 1, i + 1, j + 1),
            }
        }
        c as f64
    };
    let mut data = Dataset::default();
    for (i, id) in ids.iter().enumerate() {
        let mut p = PersonRecord::new(format!("a{id}"));
        p.introducible = i % 7 != 3;
        data.people.push(p);
    }
    for &(a, b) in &edges {
        let c = common(index(a), index(b));
        data.ties.push(TieRecord {
            a: format!("a{a}"),
            b: format!("a{b}"),
            kind: Some("coauthor".into()),
            strength: Some((1.0 + c) / (2.0 + c)),
            interactions: None,
            reciprocated: None,
            last_contact: None,
        });
    }
    let net = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    (net, self_loops)
}

/// The lightest −ln(strength) distance from `from` to `to` through valid
/// intermediaries, by a plain Dijkstra with no hop limit.
fn dijkstra(net: &Network, from: PersonId, to: PersonId) -> Option<f64> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    #[derive(PartialEq)]
    struct D(f64);
    impl Eq for D {}
    impl PartialOrd for D {
        fn partial_cmp(&self, other: &D) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for D {
        fn cmp(&self, other: &D) -> std::cmp::Ordering {
            self.0.total_cmp(&other.0)
        }
    }
    if from == to || net.blocked_either_way(from, to).unwrap() {
        return None;
    }
    let mut dist = vec![f64::INFINITY; net.people().len()];
    let mut heap = BinaryHeap::new();
    dist[from.index()] = 0.0;
    heap.push(Reverse((D(0.0), from)));
    while let Some(Reverse((D(d), v))) = heap.pop() {
        if d > dist[v.index()] {
            continue;
        }
        if v == to {
            return Some(d);
        }
        if v != from && !may_connect(net, v, from, to) {
            continue;
        }
        for nb in net.neighbors(v).unwrap() {
            let nd = d - net.tie(nb.tie).unwrap().strength.ln();
            if nd < dist[nb.person.index()] {
                dist[nb.person.index()] = nd;
                heap.push(Reverse((D(nd), nb.person)));
            }
        }
    }
    None
}

/// The lightest −ln(strength) distance within `max_hops` ties, by layers of
/// Bellman–Ford over walks (with non-negative weights the lightest walk
/// within a hop limit is as light as the lightest simple path).
fn layered(net: &Network, from: PersonId, to: PersonId, max_hops: u32) -> Option<f64> {
    if from == to || net.blocked_either_way(from, to).unwrap() {
        return None;
    }
    let mut dist = vec![f64::INFINITY; net.people().len()];
    dist[from.index()] = 0.0;
    let mut best = f64::INFINITY;
    for _ in 0..max_hops {
        let mut next = dist.clone();
        for (v, &d) in dist.iter().enumerate() {
            let v = net.person_at(v).unwrap();
            if d.is_infinite() || v == to || (v != from && !may_connect(net, v, from, to)) {
                continue;
            }
            for nb in net.neighbors(v).unwrap() {
                let nd = d - net.tie(nb.tie).unwrap().strength.ln();
                next[nb.person.index()] = next[nb.person.index()].min(nd);
            }
        }
        dist = next;
        best = best.min(dist[to.index()]);
    }
    best.is_finite().then_some(best)
}

fn check_coauthorship(file: &str, header: bool, people: usize, ties: usize, loops: usize) {
    let Some(dir) = common::shared_data("coauthorship") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let (net, self_loops) = coauthorship(&text, header);
    // The published counts, as a check on the loader.
    assert_eq!(
        (net.people().len(), net.ties().len(), self_loops),
        (people, ties, loops)
    );
    let mut finder = PathFinder::new(&net);
    let mut rng = SplitMix(2026);
    let n = net.people().len();
    let unbounded = n as u32;
    let (mut reached, mut compared) = (0, 0);
    for q in 0..120 {
        let (from, to) = (
            net.person_at(rng.below(n)).unwrap(),
            net.person_at(rng.below(n)).unwrap(),
        );
        let got = finder.best(from, to, unbounded).unwrap();
        let want = dijkstra(&net, from, to);
        match (&got, want) {
            (None, None) => {}
            (Some(path), Some(d)) => {
                check_valid(&net, path, from, to, unbounded);
                assert!(
                    close(path.warmth, (-d).exp()),
                    "{file} {from:?}→{to:?}: {} vs {}",
                    path.warmth,
                    (-d).exp()
                );
                reached += 1;
            }
            _ => panic!("{file} {from:?}→{to:?}: got {got:?}, Dijkstra {want:?}"),
        }
        // Bounded searches, on a third of the pairs (the reference is slow).
        if q % 3 == 0 {
            for max_hops in [2, 3, 5] {
                let got = finder.best(from, to, max_hops).unwrap().map(|p| p.warmth);
                let want = layered(&net, from, to, max_hops).map(|d| (-d).exp());
                match (got, want) {
                    (None, None) => {}
                    (Some(g), Some(w)) => assert!(
                        close(g, w),
                        "{file} {from:?}→{to:?} ≤{max_hops}: {g} vs {w}"
                    ),
                    _ => panic!(
                        "{file} {from:?}→{to:?} ≤{max_hops}: got {got:?}, reference {want:?}"
                    ),
                }
                compared += usize::from(want.is_some());
            }
            // And the five best paths within three ties against enumeration.
            let all = all_paths(&net, from, to, 3);
            let config = PathConfig {
                max_hops: 3,
                k: 5,
                disjoint: false,
            };
            check_against(
                &finder.paths(from, to, &config).unwrap(),
                &all[..all.len().min(5)],
                &all,
            );
        }
    }
    assert!(
        reached > 40 && compared > 5,
        "{file}: only {reached} reachable pairs, {compared} bounded"
    );
}

#[test]
fn gr_qc_best_paths_equal_dijkstra() {
    // Header line `5242	28980`; LF line endings.
    check_coauthorship("CA-GrQc.txt", true, 5242, 14484, 12);
}

#[test]
fn hep_th_best_paths_equal_dijkstra() {
    // No header, CRLF line endings, no final newline.
    check_coauthorship("ca-HepTh.txt", false, 9877, 25973, 25);
}

#[test]
fn an_introduction_report_names_people_and_round_trips_through_json() {
    let network = mentormatch::load(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/story.json"),
        &Default::default(),
    )
    .unwrap();
    let id = |name| network.person_id(name).unwrap();
    let config = mentormatch::PathConfig {
        max_hops: 3,
        k: 2,
        disjoint: false,
    };
    let answer = mentormatch::PathFinder::new(&network)
        .introduce(id("ada"), id("yuki"), &config)
        .unwrap();
    let report = answer.report(&network, id("ada"), id("yuki")).unwrap();
    assert_eq!((report.from.as_str(), report.to.as_str()), ("ada", "yuki"));
    assert_eq!(report.paths.len(), answer.paths.len());
    let first = &report.paths[0];
    assert_eq!(first.people.first().map(String::as_str), Some("ada"));
    assert_eq!(first.ties.len(), first.people.len() - 1);
    let product: f64 = first.ties.iter().map(|t| t.strength).product();
    assert!((product - first.warmth).abs() < 1e-12);
    // Ines opted out of introductions: she is never on a path.
    assert!(report
        .paths
        .iter()
        .all(|p| !p.people.contains(&"ines".to_string())));
    let json = serde_json::to_string(&report).unwrap();
    assert_eq!(
        serde_json::from_str::<mentormatch::IntroReport>(&json).unwrap(),
        report
    );
}
