//! Introductions for a whole cohort under a connector budget: each request
//! gets the warmest chain of ties, but nobody is asked to introduce more
//! than `connector_load` times, and nobody who opted out is asked at all
//! (Ines, Ada's strongest contact, opted out: Ada's path goes round her).
//!
//! ```text
//! cargo run -p mentormatch --example intro_budget
//! ```

use mentormatch::{load, route_intros, LoadOptions, Route, RouteConfig};

fn main() -> Result<(), mentormatch::Error> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/story.json");
    let network = load(path, &LoadOptions::default())?;
    let id = |name: &str| network.person_id(name).expect("in the story");
    let name = |p| network.person(p).unwrap().id.as_str();
    let requests = [
        (id("lena"), id("grace")),
        (id("tim"), id("mira")),
        (id("ada"), id("yuki")),
        (id("noor"), id("grace")),
    ];
    for load in [5, 1] {
        let config = RouteConfig {
            max_hops: 3,
            connector_load: load,
        };
        let routing = route_intros(&network, &requests, &config).unwrap();
        println!("connector_load = {load}:");
        for ((from, to), route) in requests.iter().zip(&routing.routes) {
            match route {
                Route::Introduced(p) => {
                    let chain: Vec<&str> = p.people.iter().map(|&q| name(q)).collect();
                    println!(
                        "  {} → {}: {} (warmth {:.3})",
                        name(*from),
                        name(*to),
                        chain.join(" → "),
                        p.warmth
                    );
                }
                other => println!(
                    "  {} → {}: {}",
                    name(*from),
                    name(*to),
                    other
                        .status()
                        .describe(config.max_hops, config.connector_load)
                ),
            }
        }
        assert!(routing.max_load() <= load);
    }
    Ok(())
}
