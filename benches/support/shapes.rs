//! Hostile but realistic dataset shapes (issue 8), shared by
//! `tests/hostile_shapes.rs`, which runs them small and counts work, and
//! `benches/hostile.rs`, which times them at full size.
//!
//! Each shape is one that made some part of the engine quadratic: scores
//! that all tie, a taxonomy parent with a huge fan-out, one person tied to
//! everyone, one person with enormous lists, and a very deep reporting line.
//! The builders return records, so that loading is part of what a caller
//! may time or test.

// Every includer uses only some of the shapes.
#![allow(dead_code)]

use mentormatch::{
    Dataset, GoalRecord, PersonRecord, Role, SkillLevels, SkillRecord, TieRecord, MAX_CAPACITY,
};

fn goal(skill: impl Into<String>, level: u8) -> GoalRecord {
    GoalRecord {
        skill: skill.into(),
        level,
        priority: 1,
    }
}

fn tie(a: &str, b: &str, strength: f64) -> TieRecord {
    TieRecord::new(a, b, strength)
}

fn skills(list: &[(&str, u8)]) -> SkillLevels {
    SkillLevels(list.iter().map(|&(s, l)| (s.to_string(), l)).collect())
}

/// `count` indexes spread evenly over `0..len` (the first is 0).
fn spread(count: usize, len: usize) -> impl Iterator<Item = usize> {
    (0..count).map(move |i| i * len / count.max(1))
}

/// Tied capacity: `mentees` people `e…` who want `x` and hold it at level
/// 1, and `mentors` people `t…` holding it at level 5 with one place each.
/// Every pair scores the same, so top-K lists broken by id would all name
/// the same few mentors (the instance of tests/starvation.rs).
pub fn tied(mentees: usize, mentors: usize) -> Dataset {
    let mut data = Dataset::default();
    for i in 0..mentees {
        let mut p = PersonRecord::new(format!("e{i:03}"));
        p.skills = skills(&[("x", 1)]);
        p.goals = vec![goal("x", 5)];
        p.seeks = vec![Role::Mentor];
        data.people.push(p);
    }
    for i in 0..mentors {
        let mut p = PersonRecord::new(format!("t{i:03}"));
        p.skills = skills(&[("x", 5)]);
        p.mentor_capacity = 1;
        data.people.push(p);
    }
    data
}

/// The mentors of [`broad_taxonomy`] among `people`: two in five.
pub fn broad_taxonomy_mentors(people: usize) -> usize {
    people * 2 / 5
}

/// Broad taxonomy: skills `c0`…`c{children-1}` all under one category `cat`
/// (itself under `root`), so every child has `children − 1` siblings, and
/// `people` people: [`broad_taxonomy_mentors`] mentors `t{i}` with one
/// place, each holding child `c{i}` at level 5, and the others mentees
/// `e{j}` with a goal at level 4 on child `c{j}` (spread over the children
/// when there are more mentees than mentors' skills).
///
/// Mentee `e{j}` for `j` below the mentors' count wants exactly what `t{j}`
/// holds; every other pair meets as siblings (credit²). So every pair is
/// feasible, and every place can be filled.
pub fn broad_taxonomy(children: usize, people: usize) -> Dataset {
    assert!(people <= children, "one child per person at most");
    let mentors = broad_taxonomy_mentors(people);
    let mut data = Dataset::default();
    data.skills.push(SkillRecord {
        id: "root".into(),
        parent: None,
    });
    data.skills.push(SkillRecord {
        id: "cat".into(),
        parent: Some("root".into()),
    });
    data.skills.extend((0..children).map(|i| SkillRecord {
        id: format!("c{i}"),
        parent: Some("cat".into()),
    }));
    for i in 0..mentors {
        let mut p = PersonRecord::new(format!("t{i}"));
        p.skills = SkillLevels(vec![(format!("c{i}"), 5)]);
        p.mentor_capacity = 1;
        data.people.push(p);
    }
    let mentees = people - mentors;
    for (j, child) in (0..mentees).zip(spread(mentees, children)) {
        // The first mentees share a skill with a mentor; the rest spread.
        let child = if j < mentors { j } else { child };
        let mut p = PersonRecord::new(format!("e{j}"));
        p.goals = vec![goal(format!("c{child}"), 4)];
        p.seeks = vec![Role::Mentor];
        data.people.push(p);
    }
    data
}

/// The id of leaf `i` of a [`star`].
pub fn leaf(i: usize) -> String {
    format!("l{i}")
}

/// Whether leaf `i` of a `star(leaves, offering)` offers (see [`star`]).
pub fn leaf_offers(i: usize, leaves: usize, offering: usize) -> bool {
    let stride = (leaves / offering.max(1)).max(1);
    offering > 0 && i.is_multiple_of(stride) && i / stride < offering
}

/// A star: one introducible `hub` tied to `leaves` people `l0`…, with tie
/// strengths cycling through ten values. The hub mentors and sponsors in
/// `x` ([`MAX_CAPACITY`] places each); `offering` leaves, spread evenly,
/// hold `x` and offer one place of each too; every other leaf wants `x` and
/// seeks a mentor and a sponsor.
///
/// Every seeker is tied to the hub, so a match with the hub needs no
/// introduction; a match with an offering leaf is introduced through the
/// hub, the only warm path. Listing the people beyond the hub from each of
/// its contacts costs `leaves²`.
pub fn star(leaves: usize, offering: usize) -> Dataset {
    let mut data = Dataset::default();
    let mut hub = PersonRecord::new("hub");
    hub.skills = skills(&[("x", 5)]);
    hub.seniority = 5;
    hub.mentor_capacity = MAX_CAPACITY;
    hub.sponsor_capacity = MAX_CAPACITY;
    data.people.push(hub);
    for i in 0..leaves {
        let mut p = PersonRecord::new(leaf(i));
        if leaf_offers(i, leaves, offering) {
            p.skills = skills(&[("x", 5)]);
            p.seniority = 4;
            p.mentor_capacity = 1;
            p.sponsor_capacity = 1;
        } else {
            p.skills = skills(&[("x", 1)]);
            p.seniority = 1;
            p.goals = vec![goal("x", 4)];
            p.seeks = vec![Role::Mentor, Role::Sponsor];
        }
        data.people.push(p);
        data.ties
            .push(tie("hub", &leaf(i), 0.3 + 0.07 * (i % 10) as f64));
    }
    data
}

/// Long lists: one person `long` with `len` skills (`s{i}` at level 3),
/// `len` goals (`g{i}` at level 4) and `len` languages; a mentor `teacher`
/// who holds `g0` and a mentee `learner` who wants `s0`. `long` seeks a
/// mentor and offers one place, so both can be matched.
pub fn long_lists(len: usize) -> Dataset {
    let mut data = Dataset::default();
    let mut long = PersonRecord::new("long");
    long.skills = SkillLevels((0..len).map(|i| (format!("s{i}"), 3)).collect());
    long.goals = (0..len).map(|i| goal(format!("g{i}"), 4)).collect();
    long.languages = (0..len).map(|i| format!("l{i}")).collect();
    long.seeks = vec![Role::Mentor];
    long.mentor_capacity = 1;
    data.people.push(long);
    let mut teacher = PersonRecord::new("teacher");
    teacher.skills = skills(&[("g0", 5)]);
    teacher.mentor_capacity = 1;
    data.people.push(teacher);
    let mut learner = PersonRecord::new("learner");
    learner.goals = vec![goal("s0", 3)];
    learner.seeks = vec![Role::Mentor];
    data.people.push(learner);
    data
}

/// A deep chain: one reporting line `p0` ← `p1` ← … ← `p{depth-1}`. The
/// bottom `seeking` people want `x` and seek a mentor; `mentors` people,
/// spread evenly along the line above them, hold `x` at level 5 with one
/// place each.
///
/// Every seeker and mentor share the line: `exclude_reporting_chain =
/// u32::MAX` excludes every pair, and walking up the line to check a pair
/// costs up to `depth` steps.
pub fn deep_chain(depth: usize, seeking: usize, mentors: usize) -> Dataset {
    assert!(seeking + mentors <= depth, "room for seekers and mentors");
    let above = depth - seeking;
    let mut data = Dataset::default();
    data.people.extend((0..depth).map(|i| {
        let mut p = PersonRecord::new(format!("p{i}"));
        p.manager = i.checked_sub(1).map(|m| format!("p{m}"));
        p
    }));
    for i in spread(mentors, above) {
        let p = &mut data.people[i];
        p.skills = skills(&[("x", 5)]);
        p.mentor_capacity = 1;
    }
    for p in &mut data.people[above..] {
        p.goals = vec![goal("x", 4)];
        p.seeks = vec![Role::Mentor];
    }
    data
}
