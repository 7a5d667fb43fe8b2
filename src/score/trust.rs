//! The trust a sponsorship needs: a warm path of at most `max_hops` ties from
//! the person to the sponsor, through people who may be intermediaries.

use crate::model::PersonId;
use crate::network::Network;

use super::profile::{Found, HubContacts};

/// Which sponsors a loaded person can reach within the hop limit.
///
/// Loading a person explores `⌈h/2⌉` hops from them; asking about a sponsor
/// explores the remaining `⌊h/2⌋` hops from the sponsor and looks for a
/// meeting point, so a question costs about the smaller of the sponsor's
/// degree and the person's side for the default `h = 3`, and the whole
/// check never walks the network.
///
/// Hubs (more than [`HUB_DEGREE`](super::profile::HUB_DEGREE) ties) whose contacts would be the last
/// layer of the person's side are not expanded: one well-connected relay
/// would otherwise cost its whole tie list for each of its contacts. Their
/// contacts are looked up in the hub's sorted tie list when a sponsor is
/// asked about instead. (A hub nearer the person with `h ≥ 5`, and hubs on
/// the sponsor's side with `h ≥ 4`, are still expanded.)
///
/// Intermediaries must be `introducible` and neither block nor be blocked by
/// the person. Whether an intermediary and the sponsor block each other is
/// left to the exact path search that routes the introduction
/// ([`PathFinder`](crate::PathFinder)): this check may only say yes too
/// often in that rare case, never no too often, so it can filter candidates
/// before the top K are chosen without losing a trusted sponsor.
#[derive(Debug)]
pub(crate) struct TrustReach {
    max_hops: u32,
    near: u32,
    person: PersonId,
    /// Hops from the person, for the people within `near` hops; `u8::MAX`
    /// elsewhere. Only `touched` entries are ever set.
    from_person: Vec<u8>,
    touched: Vec<u32>,
    /// The same from the sponsor being asked about, for hops > 1.
    from_sponsor: Vec<u8>,
    sponsor_touched: Vec<u32>,
    frontier: Vec<u32>,
    next: Vec<u32>,
    /// Hubs whose contacts are the unexpanded last layer of the person's
    /// side (`near` hops from the person).
    hubs: Vec<PersonId>,
    hub_degree: usize,
}

const FAR: u8 = u8::MAX;

impl TrustReach {
    /// Working memory for `people` people and paths of at most `max_hops`
    /// ties, treating relays with more than `hub_degree` ties as hubs.
    pub(crate) fn new(people: usize, max_hops: u32, hub_degree: usize) -> TrustReach {
        TrustReach {
            max_hops,
            near: max_hops.div_ceil(2),
            person: PersonId::default(),
            from_person: vec![FAR; people],
            touched: Vec::new(),
            from_sponsor: vec![FAR; people],
            sponsor_touched: Vec::new(),
            frontier: Vec::new(),
            next: Vec::new(),
            hubs: Vec::new(),
            hub_degree,
        }
    }

    /// Whether `x` may carry an introduction for the loaded person.
    fn relays(&self, network: &Network, x: PersonId) -> bool {
        network.at(x).introducible && !network.blocked(x, self.person)
    }

    /// Explores the person's side.
    pub(crate) fn load(&mut self, network: &Network, person: PersonId) {
        for &p in &self.touched {
            self.from_person[p as usize] = FAR;
        }
        self.touched.clear();
        self.hubs.clear();
        self.person = person;
        self.from_person[person.index()] = 0;
        self.touched.push(person.node());
        self.frontier.clear();
        self.frontier.push(person.node());
        for hop in 1..=self.near {
            self.next.clear();
            for i in 0..self.frontier.len() {
                let x = network.id_at(self.frontier[i] as usize);
                // Only the person and those who may relay pass it on.
                if x != person && !self.relays(network, x) {
                    continue;
                }
                if x != person && hop == self.near && network.adjacent(x).len() > self.hub_degree {
                    self.hubs.push(x);
                    continue;
                }
                for n in network.adjacent(x) {
                    let d = &mut self.from_person[n.person.index()];
                    if *d == FAR {
                        *d = hop as u8;
                        self.touched.push(n.person.node());
                        self.next.push(n.person.node());
                    }
                }
            }
            std::mem::swap(&mut self.frontier, &mut self.next);
        }
    }

    /// Whether a path of at most `max_hops` ties through relays joins the
    /// loaded person to `sponsor`.
    pub(crate) fn reaches(
        &mut self,
        network: &Network,
        contacts: &HubContacts,
        sponsor: PersonId,
    ) -> bool {
        if sponsor == self.person || self.max_hops == 0 {
            return false;
        }
        if u32::from(self.from_person[sponsor.index()]) <= self.near
            || self.beyond_hub(network, contacts, sponsor)
        {
            return true;
        }
        let far = self.max_hops - self.near;
        // A meeting point `x`, `j` hops from the sponsor, completes a path
        // when it relays and the two halves add up to at most `max_hops`.
        // Beyond a hub, `x` is `near` hops from the person, and `j ≤ far`.
        let meets = |me: &Self, x: PersonId, j: u32| {
            let d = me.from_person[x.index()];
            let near = (d != FAR && u32::from(d) + j <= me.max_hops)
                || me.beyond_hub(network, contacts, x);
            near && (x == me.person || me.relays(network, x))
        };
        if far == 1 {
            let ties = network.adjacent(sponsor);
            let lazy: usize = self.hubs.iter().map(|&h| network.adjacent(h).len()).sum();
            if ties.len() <= self.touched.len() + lazy {
                return ties.iter().any(|n| meets(self, n.person, 1));
            }
            // A well-connected sponsor: walk the person's side instead and
            // look each meeting point up among the sponsor's ties.
            let tied = |x: PersonId| ties.binary_search_by_key(&x, |n| n.person).is_ok();
            return self.touched.iter().any(|&x| {
                let x = network.id_at(x as usize);
                tied(x) && meets(self, x, 1)
            }) || self.hubs.iter().any(|&h| {
                network
                    .adjacent(h)
                    .iter()
                    .any(|n| tied(n.person) && meets(self, n.person, 1))
            });
        }
        for &p in &self.sponsor_touched {
            self.from_sponsor[p as usize] = FAR;
        }
        self.sponsor_touched.clear();
        self.from_sponsor[sponsor.index()] = 0;
        self.sponsor_touched.push(sponsor.node());
        self.frontier.clear();
        self.frontier.push(sponsor.node());
        for hop in 1..=far {
            self.next.clear();
            for i in 0..self.frontier.len() {
                let x = network.id_at(self.frontier[i] as usize);
                if x != sponsor && !self.relays(network, x) {
                    continue;
                }
                for k in 0..network.adjacent(x).len() {
                    let y = network.adjacent(x)[k].person;
                    if meets(self, y, hop) {
                        return true;
                    }
                    if self.from_sponsor[y.index()] == FAR {
                        self.from_sponsor[y.index()] = hop as u8;
                        self.sponsor_touched.push(y.node());
                        self.next.push(y.node());
                    }
                }
            }
            std::mem::swap(&mut self.frontier, &mut self.next);
        }
        false
    }

    /// Everyone a path of at most `max_hops` ties through relays joins to
    /// the loaded person (a superset of the sponsors [`Self::reaches`] says
    /// yes to), each once, appended to `out` in discovery order; `false` as
    /// soon as more than `limit` are met (then `out` holds a part). A
    /// breadth-first walk that expands the person and relays only, at a
    /// cost of their ties: what filling free sponsor places walks instead
    /// of every sponsor with room, when it is smaller.
    pub(crate) fn ball(&mut self, network: &Network, limit: usize, out: &mut Vec<u32>) -> bool {
        for &p in &self.sponsor_touched {
            self.from_sponsor[p as usize] = FAR;
        }
        self.sponsor_touched.clear();
        let person = self.person;
        self.from_sponsor[person.index()] = 0;
        self.sponsor_touched.push(person.node());
        self.frontier.clear();
        self.frontier.push(person.node());
        let start = out.len();
        for hop in 1..=self.max_hops {
            self.next.clear();
            for i in 0..self.frontier.len() {
                let x = network.id_at(self.frontier[i] as usize);
                if x != person && !self.relays(network, x) {
                    continue;
                }
                for n in network.adjacent(x) {
                    let d = &mut self.from_sponsor[n.person.index()];
                    if *d == FAR {
                        *d = hop as u8;
                        self.sponsor_touched.push(n.person.node());
                        self.next.push(n.person.node());
                        out.push(n.person.node());
                        if out.len() - start > limit {
                            return false;
                        }
                    }
                }
            }
            std::mem::swap(&mut self.frontier, &mut self.next);
        }
        true
    }

    /// Whether `x` is a contact of a hub whose contacts were not expanded:
    /// the hubs' bit sets answer at once, a search of the tie list only
    /// for a hub without one.
    fn beyond_hub(&self, network: &Network, contacts: &HubContacts, x: PersonId) -> bool {
        self.hubs.iter().any(|&h| {
            x != self.person
                && match contacts.find(h, x) {
                    Found::Not => false,
                    Found::At(_) => true,
                    Found::Unknown => network
                        .adjacent(h)
                        .binary_search_by_key(&x, |n| n.person)
                        .is_ok(),
                }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::PathFinder;
    use crate::score::profile::HUB_DEGREE;
    use crate::LoadOptions;
    #[cfg(feature = "generate")]
    use crate::{generate, GeneratorConfig};

    #[cfg(feature = "generate")]
    #[test]
    fn agrees_with_the_exact_path_search_except_for_sponsor_side_blocks() {
        let data = generate(&GeneratorConfig {
            people: 400,
            seed: 9,
            ties_per_person: 3.0,
            ..GeneratorConfig::default()
        });
        let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let contacts = crate::score::profile::Profiles::new(&network).hub_contacts;
        let mut finder = PathFinder::new(&network);
        let mut seen = [0usize; 2];
        // With hubs of more than 4 ties, many relays are hubs.
        for (max_hops, hub_degree) in (0..=5).flat_map(|h| [(h, usize::MAX), (h, 4)]) {
            let mut trust = TrustReach::new(network.people().len(), max_hops, hub_degree);
            for person in network.person_ids().step_by(23) {
                trust.load(&network, person);
                for sponsor in network.person_ids().step_by(7) {
                    if sponsor == person || network.blocked(person, sponsor) {
                        continue;
                    }
                    let exact = finder.best_known(person, sponsor, max_hops).is_some();
                    let quick = trust.reaches(&network, &contacts, sponsor);
                    seen[usize::from(exact)] += 1;
                    // The sponsor's own blocks are the only thing the quick
                    // check leaves out, so it may only say yes too often, and
                    // only for a sponsor involved in a block.
                    let sponsor_blocks = !network.at(sponsor).blocked.is_empty()
                        || network.people().iter().any(|p| p.blocks(sponsor));
                    assert!(
                        quick == exact || (quick && sponsor_blocks),
                        "h={max_hops} hubs>{hub_degree} {person}→{sponsor}: exact {exact}, quick {quick}"
                    );
                }
            }
        }
        assert!(
            seen[0] > 100 && seen[1] > 100,
            "both answers exercised: {seen:?}"
        );
    }

    #[cfg(feature = "generate")]
    #[test]
    fn the_ball_holds_everyone_reached_and_stops_at_its_limit() {
        let data = generate(&GeneratorConfig {
            people: 400,
            seed: 9,
            ties_per_person: 3.0,
            ..GeneratorConfig::default()
        });
        let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let contacts = crate::score::profile::Profiles::new(&network).hub_contacts;
        let mut reached = 0;
        for (max_hops, hub_degree) in (0..=5).flat_map(|h| [(h, usize::MAX), (h, 4)]) {
            let mut trust = TrustReach::new(network.people().len(), max_hops, hub_degree);
            for person in network.person_ids().step_by(13) {
                trust.load(&network, person);
                let mut ball = Vec::new();
                assert!(trust.ball(&network, usize::MAX, &mut ball));
                ball.sort_unstable();
                let before = ball.len();
                ball.dedup();
                assert_eq!(ball.len(), before, "each once");
                for sponsor in network.person_ids() {
                    if trust.reaches(&network, &contacts, sponsor) {
                        reached += 1;
                        assert!(
                            ball.binary_search(&sponsor.node()).is_ok(),
                            "h={max_hops} {person}→{sponsor} reached but not in the ball"
                        );
                    }
                }
                if ball.len() > 2 {
                    let mut part = Vec::new();
                    assert!(!trust.ball(&network, 2, &mut part));
                    assert_eq!(part.len(), 3, "stops at the first past the limit");
                }
            }
        }
        assert!(reached > 1000, "{reached}");
    }

    /// Loading a leaf of a star explores the leaf and the hub and stops
    /// there: O(1) people per leaf, where expanding the hub costs its degree
    /// per leaf and its square over a run. Asking about the hub or another
    /// leaf still gives the exact path search's answer, for every hop limit
    /// up to 4. (From 5 hops, the hub is nearer the person than the last
    /// layer and is expanded, as documented.)
    #[test]
    fn a_leaf_of_a_star_explores_constant_people() {
        const LEAVES: usize = 3_000;
        let mut data = crate::Dataset::default();
        data.people.push(crate::PersonRecord::new("h"));
        for i in 0..LEAVES {
            let mut leaf = crate::PersonRecord::new(format!("l{i}"));
            // Every hundredth leaf sponsors; introducibility of leaves
            // matters nowhere on a star (they are only endpoints).
            leaf.sponsor_capacity = u32::from(i % 100 == 0);
            leaf.introducible = i % 2 == 0;
            data.people.push(leaf);
            data.ties.push(crate::TieRecord::new(
                "h",
                format!("l{i}"),
                0.3 + 0.07 * (i % 10) as f64,
            ));
        }
        let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let contacts = crate::score::profile::Profiles::new(&network).hub_contacts;
        let id = |s: &str| network.person_id(s).unwrap();
        let hub = id("h");
        let offering: Vec<PersonId> = network
            .person_ids()
            .filter(|&p| network.at(p).sponsor_capacity > 0)
            .collect();
        let mut finder = PathFinder::new(&network);
        for max_hops in 1..=4 {
            let mut trust = TrustReach::new(network.people().len(), max_hops, HUB_DEGREE);
            let mut touched = 0;
            for leaf in network.person_ids().filter(|&p| p != hub) {
                trust.load(&network, leaf);
                assert!(
                    trust.touched.len() <= 2,
                    "h={max_hops}: {:?}",
                    trust.touched
                );
                touched += trust.touched.len();
            }
            assert!(touched <= 2 * LEAVES, "h={max_hops}: {touched} over a run");

            let sponsors: Vec<PersonId> = offering.iter().copied().chain([hub]).collect();
            for person in ["l1", "l2", "l1500", "l2999"].map(id) {
                let verdicts = agree(&mut trust, &mut finder, &contacts, person, &sponsors);
                for (sponsor, exact) in verdicts {
                    // The hub is one hop away; a leaf two, through the hub.
                    assert_eq!(exact, sponsor == hub || max_hops >= 2);
                }
            }
        }
    }

    /// Loads `person` and checks that `trust` reaches each of `sponsors`
    /// (but the person) exactly when the path search finds a path within
    /// its `max_hops`: the sponsors with that verdict.
    fn agree(
        trust: &mut TrustReach,
        finder: &mut PathFinder<'_>,
        contacts: &HubContacts,
        person: PersonId,
        sponsors: &[PersonId],
    ) -> Vec<(PersonId, bool)> {
        let network = finder.network();
        let max_hops = trust.max_hops;
        trust.load(network, person);
        let mut verdicts = Vec::new();
        for &sponsor in sponsors.iter().filter(|&&s| s != person) {
            let exact = finder.best_known(person, sponsor, max_hops).is_some();
            assert_eq!(
                trust.reaches(network, contacts, sponsor),
                exact,
                "h={max_hops} {person}→{sponsor}"
            );
            verdicts.push((sponsor, exact));
        }
        verdicts
    }

    /// A hub with a bit set (more than `HUB_DEGREE` leaves) beside a chain
    /// of people who are not its contacts, the chain's first person tied to
    /// one leaf: whether a sponsor is reached, from leaves and from the
    /// chain, is what the exact path search says — the bit set's "not
    /// tied" and "tied" both stand for the hub's tie list.
    #[test]
    fn a_hub_s_bit_set_answers_for_its_tie_list() {
        const LEAVES: usize = 1_100;
        const CHAIN: usize = 12;
        let mut data = crate::Dataset::default();
        data.people.push(crate::PersonRecord::new("h"));
        for i in 0..LEAVES {
            let mut leaf = crate::PersonRecord::new(format!("l{i}"));
            leaf.sponsor_capacity = u32::from(i % 50 == 0);
            data.people.push(leaf);
            data.ties
                .push(crate::TieRecord::new("h", format!("l{i}"), 0.5));
        }
        for i in 0..CHAIN {
            let mut person = crate::PersonRecord::new(format!("o{i}"));
            person.sponsor_capacity = u32::from(i % 3 == 2);
            data.people.push(person);
            let before = if i == 0 {
                "l7".into()
            } else {
                format!("o{}", i - 1)
            };
            data.ties
                .push(crate::TieRecord::new(before, format!("o{i}"), 0.6));
        }
        let network = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
        let contacts = crate::score::profile::Profiles::new(&network).hub_contacts;
        let id = |s: &str| network.person_id(s).unwrap();
        assert!(contacts.hub_bit(id("h")).is_some(), "the hub has a bit set");
        let offering: Vec<PersonId> = network
            .person_ids()
            .filter(|&p| network.at(p).sponsor_capacity > 0)
            .collect();
        let mut finder = PathFinder::new(&network);
        let (mut yes, mut no) = (0, 0);
        for max_hops in 1..=4 {
            let mut trust = TrustReach::new(network.people().len(), max_hops, HUB_DEGREE);
            let sponsors: Vec<PersonId> = offering.iter().copied().chain([id("h")]).collect();
            for person in ["l1", "l7", "l500", "o0", "o1", "o4", "o11"].map(id) {
                for (_, exact) in agree(&mut trust, &mut finder, &contacts, person, &sponsors) {
                    if exact {
                        yes += 1;
                    } else {
                        no += 1;
                    }
                }
            }
        }
        assert!(yes > 50 && no > 50, "reached {yes}, not reached {no}");
    }
}
