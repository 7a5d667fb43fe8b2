//! A service keeps its mentor matching live and applies changes as they
//! come: Zoe joins the story seeking a SQL mentor, tied to Grace; Tim
//! leaves. The live cohort re-scores only what the change can move and
//! re-solves warm; the matches that changed are listed.
//!
//! ```text
//! cargo run -p mentormatch --example live_update
//! cargo run --release -p mentormatch --example live_update -- DATASET
//! ```
//!
//! Given a dataset, it times the network update alone (`Network::apply`,
//! the joiner), a whole run (`match_cohort`), building the
//! live cohort, and four changes applied one after the other — a joiner
//! seeking a mentor with a tie to the first person, the first mentor
//! leaving, the second mentor's capacity raised by one, the best-connected
//! person opting out of introductions — against a whole run on the
//! updated network.

use std::time::{Duration, Instant};

use mentormatch::{
    load, match_cohort, ChangeSet, Config, GoalRecord, LiveCohort, LiveUpdate, LoadOptions,
    PersonRecord, Role, TieRecord,
};

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn show(update: &LiveUpdate) {
    for p in &update.ended {
        println!("ended:   {} ← {}", p.mentee, p.mentor);
    }
    for p in &update.started {
        println!("started: {} ← {} ({})", p.mentee, p.mentor, p.score);
    }
}

fn main() -> Result<(), mentormatch::Error> {
    let dataset = std::env::args().nth(1);
    let path = match &dataset {
        Some(path) => path.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/story.json"),
    };
    let options = LoadOptions::default();
    let config = Config::default();
    let network = load(&path, &options)?;
    let first = network.people()[0].id.clone();

    // Zoe joins, seeking a mentor, tied to the first person.
    let mut zoe = PersonRecord::new("zoe");
    zoe.seeks = vec![Role::Mentor];
    let goal = if dataset.is_none() {
        "sql".to_string()
    } else {
        network.skills()[0].id.clone()
    };
    zoe.goals = vec![GoalRecord {
        skill: goal,
        level: 3,
        priority: 1,
    }];
    let joins = ChangeSet {
        people: vec![zoe],
        ties: vec![TieRecord {
            a: "zoe".into(),
            b: first,
            kind: Some("colleague".into()),
            strength: Some(0.8),
            interactions: None,
            reciprocated: None,
            last_contact: None,
        }],
        ..ChangeSet::default()
    };

    // The network update alone (what every live change starts with).
    let (updated, apply_time) = timed(|| network.apply(&joins, &options));
    drop(updated?);
    let (whole, whole_time) = timed(|| match_cohort(&network, &config));
    let whole = whole?;
    let (live, build_time) = timed(|| LiveCohort::new(network, &config));
    let mut live = live?;
    println!(
        "{} people: a whole run matches {} pairs; the live cohort {}",
        live.network().people().len(),
        whole.mentor_matches.len(),
        live.pairs().len()
    );

    let (update, join_time) = timed(|| live.apply(&joins, &options));
    let update = update?;
    println!("Zoe joins:");
    show(&update);
    assert!(live.pairs().iter().any(|p| p.mentee == "zoe"));

    // Someone leaves: Tim (a mentee) in the story, else the first mentor
    // matched.
    let leaver = if dataset.is_none() {
        "tim".to_string()
    } else {
        live.pairs()[0].mentor.clone()
    };
    let leaves = ChangeSet {
        remove_people: vec![leaver.clone()],
        ..ChangeSet::default()
    };
    let (update, leave_time) = timed(|| live.apply(&leaves, &options));
    let update = update?;
    println!("{leaver} leaves:");
    show(&update);
    assert!(live.pairs().iter().all(|p| p.mentor != leaver));

    // A mentor takes one more mentee.
    let busiest = live.pairs()[0].mentor.clone();
    let mut record = live
        .network()
        .to_dataset()
        .people
        .into_iter()
        .find(|p| p.id == busiest)
        .expect("a matched mentor is in the network");
    record.mentor_capacity += 1;
    let more = ChangeSet {
        people: vec![record],
        ..ChangeSet::default()
    };
    let (update, more_time) = timed(|| live.apply(&more, &options));
    let update = update?;
    println!("{busiest} takes one more mentee:");
    show(&update);

    // The best-connected person opts out of introductions: every list
    // within a tie of them is scored again (the costliest kind of change).
    let hub = live
        .network()
        .person_ids()
        .max_by_key(|&p| live.network().neighbors(p).map_or(0, <[_]>::len))
        .expect("people");
    let hub_ties = live.network().neighbors(hub).map_or(0, <[_]>::len);
    let mut record = live.network().to_dataset().people.swap_remove(hub.index());
    record.introducible = !record.introducible;
    let opts_out = ChangeSet {
        people: vec![record],
        ..ChangeSet::default()
    };
    let (hub_update, hub_time) = timed(|| live.apply(&opts_out, &options));
    let hub_update = hub_update?;
    println!(
        "the best-connected person ({hub_ties} ties) opts out of introductions: {} lists re-scored",
        hub_update.lists_rescored
    );
    show(&hub_update);

    if dataset.is_some() {
        let (again, again_time) = timed(|| match_cohort(live.network(), &config));
        again?;
        println!(
            "Network::apply (the joiner) {:.3} s; whole run {:.2} s; live cohort built {:.2} s; \
             joiner {:.3} s, leaver {:.3} s, capacity {:.3} s; whole run after them {:.2} s",
            apply_time.as_secs_f64(),
            whole_time.as_secs_f64(),
            build_time.as_secs_f64(),
            join_time.as_secs_f64(),
            leave_time.as_secs_f64(),
            more_time.as_secs_f64(),
            again_time.as_secs_f64()
        );
        println!(
            "capacity change: {} lists re-scored, {} pairs scored, {} fill rounds; \
             hub opting out {:.3} s, {} lists re-scored, {} pairs scored",
            update.lists_rescored,
            update.pairs_scored,
            update.fill_rounds,
            hub_time.as_secs_f64(),
            hub_update.lists_rescored,
            hub_update.pairs_scored
        );
    }
    Ok(())
}
