//! Safe ids: a `PersonId` from one network is refused by every public
//! function of another (and of the same network after a change), with an
//! `ErrorKind::ForeignId` error or `None`, never a panic and never someone
//! else's record.

use mentormatch::{
    centrality, explain, explain_sponsor, intro_paths, load, route_intros, suggest_introductions,
    CentralityOptions, ChangeSet, Config, ErrorKind, LoadOptions, MentorScorer, Network,
    PathConfig, PathFinder, PersonId, RouteConfig, SponsorScorer, SuggestConfig,
};

fn story() -> Network {
    load("data/story.json", &LoadOptions::default()).unwrap()
}

fn foreign<T: std::fmt::Debug>(result: mentormatch::Result<T>) {
    let error = result.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ForeignId, "{error}");
    assert!(error.to_string().contains("another network"), "{error}");
}

#[test]
fn an_id_from_another_network_is_refused_everywhere() {
    // Two networks from the same file: equal in content, each with its own ids.
    let (here, there) = (story(), story());
    assert_eq!(here, there);
    let id = |name: &str| here.person_id(name).unwrap();
    let (ada, mira) = (id("ada"), id("mira"));
    let stranger = there.person_id("ada").unwrap();
    // The same index, so a raw index would have read Ada: the tag refuses it.
    assert_eq!(stranger.index(), ada.index());
    assert!(here.issued(ada) && !here.issued(stranger));

    assert!(here.person(stranger).is_none());
    assert!(here.neighbors(stranger).is_none());
    assert!(here.attributes(stranger).is_none());
    assert_eq!(here.tie_between(stranger, mira), None);
    assert_eq!(here.tie_between(mira, stranger), None);
    assert_eq!(here.blocked_either_way(stranger, mira), None);
    assert_eq!(here.in_reporting_chain(stranger, mira, 1), None);
    assert!(here.affinity(stranger, mira).is_none());

    let config = Config::default();
    foreign(explain(&here, &config, stranger, mira));
    foreign(explain(
        &here,
        &config,
        ada,
        there.person_id("mira").unwrap(),
    ));
    foreign(explain_sponsor(&here, &config, stranger, mira));
    let mentors = MentorScorer::new(&here, &config).unwrap();
    foreign(mentors.evaluate(stranger, mira));
    foreign(mentors.evaluate_pairs(&[(ada, mira), (ada, stranger)]));
    let sponsors = SponsorScorer::new(&here, &config).unwrap();
    foreign(sponsors.evaluate(ada, stranger));
    assert_eq!(sponsors.influence(stranger), None);
    assert!(sponsors.influence(ada).is_some());

    let candidates = mentors.candidates();
    assert!(candidates.of(stranger).is_none());
    assert!(candidates.of(ada).is_some());
    assert_eq!(candidates.rank(stranger, mira), None);
    assert!(candidates.rejections(stranger).is_none());

    let mut finder = PathFinder::new(&here);
    let config_paths = PathConfig::default();
    foreign(finder.best(stranger, mira, 3));
    foreign(finder.paths(ada, stranger, &config_paths));
    foreign(finder.best_batch(&[(ada, mira), (stranger, mira)], 3));
    foreign(finder.introduce(stranger, mira, &config_paths));
    foreign(finder.route(&[(stranger, mira)], &RouteConfig::default()));
    foreign(intro_paths(&here, ada, stranger, &config_paths));
    foreign(route_intros(
        &here,
        &[(ada, stranger)],
        &RouteConfig::default(),
    ));
    let answer = finder.introduce(ada, mira, &config_paths).unwrap();
    foreign(answer.report(&here, stranger, mira));
    foreign(answer.report(
        &there,
        there.person_id("ada").unwrap(),
        there.person_id("mira").unwrap(),
    ));

    let routing = finder
        .route(&[(id("lena"), id("grace"))], &RouteConfig::default())
        .unwrap();
    let connector = routing.loads[0].person;
    assert_eq!(routing.load(connector), 1);
    let same_index = there.person_at(connector.index()).unwrap();
    assert_eq!(routing.load(same_index), 0);

    foreign(suggest_introductions(
        &here,
        &config,
        stranger,
        &SuggestConfig::default(),
    ));
    let scores = centrality(&here, &CentralityOptions::default()).unwrap();
    assert!(scores.of(ada).is_some());
    assert_eq!(scores.of(stranger), None);

    // Whatever the answer, no call above read Ada's record through the
    // stranger: the checked functions answered without indexing.
    assert_eq!(here.person(ada).unwrap().id, "ada");
}

#[test]
fn an_id_from_before_a_change_is_refused_after_it() {
    let before = story();
    let ada = before.person_id("ada").unwrap();
    let changes = ChangeSet {
        remove_people: vec!["omar".into()],
        ..ChangeSet::default()
    };
    let after = before.apply(&changes, &LoadOptions::default()).unwrap();
    assert!(after.person(ada).is_none());
    foreign(after.check("mentee", ada));
    let again = after.person_id("ada").unwrap();
    assert_eq!(after.person(again).unwrap().id, "ada");
}

#[test]
fn a_default_or_out_of_range_id_is_refused_by_every_network() {
    let here = story();
    assert!(here.person(PersonId::default()).is_none());
    foreign(here.check("person", PersonId::default()));
    assert_eq!(here.person_at(here.people().len()), None);
    // A bigger network's last id is out of this one's range, whatever its tag.
    let mut data = mentormatch::read_dataset("data/story.json").unwrap();
    for i in 0..100 {
        data.people
            .push(mentormatch::PersonRecord::new(format!("extra{i}")));
    }
    let big = Network::from_dataset(&data, &LoadOptions::default()).unwrap();
    let last = big.person_at(big.people().len() - 1).unwrap();
    assert!(here.person(last).is_none());
    let error = here.check("mentor", last).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "network: mentor = person #{}: this id was issued by another network (or by this \
             one before a change): look the person up again by their string id",
            last.index()
        )
    );
}

#[test]
fn ids_compare_by_index_so_equal_networks_stay_equal() {
    let (a, b) = (story(), story());
    let (x, y) = (a.person_id("ada").unwrap(), b.person_id("ada").unwrap());
    assert_eq!(x, y);
    assert_eq!(format!("{x}"), format!("{}", x.index()));
    assert_eq!(format!("{x:?}"), format!("PersonId({})", x.index()));
    // A result of one network serialises the same as the other's.
    let config = Config::default();
    let one = mentormatch::match_cohort(&a, &config).unwrap();
    let two = mentormatch::match_cohort(&b, &config).unwrap();
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&two).unwrap()
    );
}

#[test]
fn skill_tie_label_and_attribute_ids_of_another_network_answer_none() {
    use mentormatch::{AttributeId, ChangeSet, Label, LoadOptions, SkillId, TieId};
    let (here, there) = (story(), story());
    let ada = here.person(here.person_id("ada").unwrap()).unwrap();
    let python = here.skill_id("python").unwrap();
    let their_python = there.skill_id("python").unwrap();
    // The same index, another network: equal ids, but never read.
    assert_eq!(python, their_python);
    assert!(here.skill(python).is_some());
    assert!(here.skill(their_python).is_none());
    assert!(ada.level(python) > 0);
    assert_eq!(ada.level(their_python), 0);
    let tie = here.tie_between(
        here.person_id("ada").unwrap(),
        here.person_id("linus").unwrap(),
    );
    let their_tie = there.tie_between(
        there.person_id("ada").unwrap(),
        there.person_id("linus").unwrap(),
    );
    assert!(here.tie(tie.unwrap()).is_some());
    assert!(here.tie(their_tie.unwrap()).is_none());
    let label = ada.languages[0];
    let their_label = there
        .person(there.person_id("ada").unwrap())
        .unwrap()
        .languages[0];
    assert!(here.label(label).is_some());
    assert!(here.label(their_label).is_none());
    let department = here.attribute_id("department");
    if let Some(department) = department {
        assert!(here.attribute_name(department).is_some());
        assert!(there
            .attribute_name(there.attribute_id("department").unwrap())
            .is_some());
        assert!(here
            .attribute_name(there.attribute_id("department").unwrap())
            .is_none());
    }
    // Ids nobody issued.
    assert!(here.skill(SkillId::default()).is_none());
    assert!(here.tie(TieId::default()).is_none());
    assert!(here.label(Label::default()).is_none());
    assert!(here.attribute_name(AttributeId::default()).is_none());
    // After a change the taxonomy, and with it the skill ids, stay; labels
    // and ties are issued again.
    let changes = ChangeSet {
        remove_people: vec!["tim".into()],
        ..ChangeSet::default()
    };
    let after = here.apply(&changes, &LoadOptions::default()).unwrap();
    assert_eq!(after.skill(python).unwrap().id, "python");
    assert!(after.label(label).is_none());
    assert!(after.tie(tie.unwrap()).is_none());
    let after_ada = after.person(after.person_id("ada").unwrap()).unwrap();
    assert_eq!(after.label(after_ada.languages[0]), here.label(label));
}

#[test]
fn bad_assignment_input_is_an_error_not_a_panic() {
    use mentormatch::{assign, assign_dense, AssignConfig, AssignProblem, Assignment};
    let kind = |e: mentormatch::Error| (e.kind(), e.to_string());

    let mut problem = AssignProblem::new(vec![1, 1], vec![1]);
    problem.add_edge(0, 0, 1.0);
    problem.add_edge(1, 3, 1.0);
    assert_eq!(
        kind(assign(&problem, &AssignConfig::default()).unwrap_err()),
        (
            ErrorKind::OutOfRange,
            "problem: edges[1]: right = 3: out of range: 1 right nodes".to_string()
        )
    );
    problem.edges[1].right = 0;
    problem.edges[1].weight = f64::NAN;
    let error = assign(&problem, &AssignConfig::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "problem: edges[1]: weight = NaN: a score must be finite"
    );
    problem.edges[1].weight = 2.0;
    problem.pinned.push(7);
    let error = assign(&problem, &AssignConfig::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "problem: pinned[0]: 7: no such edge: 2 edges"
    );
    problem.pinned.clear();
    let solved = assign(&problem, &AssignConfig::default()).unwrap();
    assert_eq!(solved.total(), 2.0);
    assert_eq!(solved.mentors_of(99).count(), 0);
    assert_eq!(solved.mentees_of(99).count(), 0);

    assert_eq!(
        Assignment::from_edges(&problem, &[0, 0])
            .unwrap_err()
            .kind(),
        ErrorKind::Duplicate
    );
    assert_eq!(
        Assignment::from_edges(&problem, &[5]).unwrap_err().kind(),
        ErrorKind::OutOfRange
    );

    let error = assign_dense(&[1.0, 2.0, 3.0], 2, 2).unwrap_err();
    assert_eq!(
        error.to_string(),
        "scores: len = 3: a 2 × 2 matrix needs rows × cols scores"
    );
    let error = assign_dense(&[1.0, 2.0, f64::INFINITY, 3.0], 2, 2).unwrap_err();
    assert_eq!(
        error.to_string(),
        "scores: [1][0] = inf: scores must be finite, or -inf for a forbidden pair"
    );
    assert!(assign_dense(&[1.0, 2.0], usize::MAX, 2).is_err());
    let best = assign_dense(&[1.0, f64::NEG_INFINITY, 3.0, 1.0], 2, 2).unwrap();
    assert_eq!(best.total(), 2.0);
}
