//! Temporary: time candidate generation on generated networks.
use std::time::Instant;
fn main() {
    let people: usize = std::env::args()
        .nth(1)
        .map_or(10_000, |s| s.parse().unwrap());
    let threads: usize = std::env::args().nth(2).map_or(2, |s| s.parse().unwrap());
    let t = Instant::now();
    let data = mentormatch::generate(&mentormatch::GeneratorConfig {
        people,
        seed: 1,
        ..Default::default()
    });
    let net = mentormatch::Network::from_dataset(&data, &Default::default()).unwrap();
    eprintln!("generated+loaded in {:?}; {:?}", t.elapsed(), net.summary());
    let cfg = mentormatch::Config::default();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let c = pool.install(|| mentormatch::candidates(&net, &cfg));
        let e = t.elapsed();
        eprintln!(
            "mentor: {} pairs scored, {} kept, {:?}, {:.1} M pairs/s, unmatched {}",
            c.pairs_scored(),
            c.len(),
            e,
            c.pairs_scored() as f64 / e.as_secs_f64() / 1e6,
            c.mentees()
                .iter()
                .filter(|&&m| c.rejections(m).is_some())
                .count()
        );
        let t = Instant::now();
        let c = pool.install(|| mentormatch::sponsor_candidates(&net, &cfg));
        let e = t.elapsed();
        eprintln!(
            "sponsor: {} pairs scored, {} kept, {:?}, {:.1} M pairs/s",
            c.pairs_scored(),
            c.len(),
            e,
            c.pairs_scored() as f64 / e.as_secs_f64() / 1e6
        );
    }
}
