//! Temporary: dump story explanations.
fn main() {
    let net = mentormatch::load("data/story.json", &Default::default()).unwrap();
    let cfg = mentormatch::Config::default();
    let c = mentormatch::candidates(&net, &cfg);
    for &m in c.mentees() {
        let names: Vec<String> = c
            .of(m)
            .iter()
            .map(|x| format!("{}:{:.4}", net.person(x.mentor).id, x.combined))
            .collect();
        println!(
            "{} -> {:?} {:?}",
            net.person(m).id,
            names,
            c.rejections(m).map(|r| r
                .iter()
                .map(|(c, n)| format!("{c}={n}"))
                .collect::<Vec<_>>())
        );
    }
    let s = mentormatch::sponsor_candidates(&net, &cfg);
    for &m in s.mentees() {
        let names: Vec<String> = s
            .of(m)
            .iter()
            .map(|x| format!("{}:{:.4}", net.person(x.mentor).id, x.combined))
            .collect();
        println!("sponsor {} -> {:?}", net.person(m).id, names);
    }
    for (a, b) in [
        ("ada", "kofi"),
        ("ada", "mira"),
        ("tim", "kofi"),
        ("yuki", "grace"),
        ("lena", "mira"),
        ("kofi", "grace"),
        ("yuki", "kofi"),
        ("lena", "omar"),
    ] {
        let e = mentormatch::explain(
            &net,
            &cfg,
            net.person_id(a).unwrap(),
            net.person_id(b).unwrap(),
        );
        println!(
            "{a}/{b}: failed {:?} rank {:?} combined {}",
            e.evaluation.failed, e.rank, e.evaluation.score.combined
        );
        for c in e.evaluation.score.criteria() {
            print!(" {}={}/{}", c.name, c.mentee_value, c.mentor_value);
        }
        println!();
    }
}
