//! Times the phases of a matching run on a dataset (a scratch tool).
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let network = mentormatch::load(&path, &Default::default()).unwrap();
    eprintln!("load {:?} {}", t.elapsed(), hwm());
    let config = mentormatch::Config::default();
    let t = Instant::now();
    let c = mentormatch::candidates(&network, &config);
    eprintln!(
        "mentor candidates {:?} ({} pairs, {} mentees, {} scored)",
        t.elapsed(),
        c.len(),
        c.mentees().len(),
        c.pairs_scored()
    );
    eprintln!("{}", hwm());
    let t = Instant::now();
    let s = mentormatch::sponsor_candidates(&network, &config);
    eprintln!(
        "sponsor candidates {:?} ({} pairs, {} seekers)",
        t.elapsed(),
        s.len(),
        s.mentees().len()
    );
    eprintln!("{}", hwm());
    let t = Instant::now();
    let f = mentormatch::PathFinder::new(&network);
    eprintln!("pathfinder {:?}", t.elapsed());
    let t = Instant::now();
    let pairs: Vec<_> = s.pairs().map(|(m, c)| (m, c.mentor)).collect();
    let r = f.best_batch(&pairs, 3);
    eprintln!(
        "trust {:?} ({} of {})",
        t.elapsed(),
        r.iter().filter(|x| x.is_some()).count(),
        r.len()
    );
    let t = Instant::now();
    let report = mentormatch::match_cohort(&network, &config).unwrap();
    eprintln!(
        "match_cohort {:?} matched {}",
        t.elapsed(),
        report.summary.matched
    );
}

fn hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
        .collect::<Vec<_>>()
        .join(" ")
}
