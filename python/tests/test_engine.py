"""The engine against the command-line tool on the committed sample data:
every function's result, serialised as JSON, equals the CLI's JSON output
parsed and serialised the same way; and the library's errors arrive as
MentormatchError with their message."""

import json
import os
import pathlib
import shutil
import subprocess
import tomllib

import pytest

import mentormatch
from mentormatch import MentormatchError

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SAMPLE = DATA / "sample.json"
SAMPLE_CSV = DATA / "sample"
CONFIG = DATA / "config.toml"


@pytest.fixture(scope="session")
def cli():
    """The CLI binary: $MENTORMATCH_CLI, or the workspace's debug build
    (built here when cargo is at hand, a no-op when it is fresh)."""
    if os.environ.get("MENTORMATCH_CLI"):
        return os.environ["MENTORMATCH_CLI"]
    binary = ROOT / "target" / "debug" / "mentormatch"
    if shutil.which("cargo"):
        subprocess.run(["cargo", "build", "-q", "-p", "mentormatch-cli"], cwd=ROOT, check=True)
    if not binary.exists():
        pytest.skip("no CLI binary: build it with `cargo build -p mentormatch-cli`")
    return str(binary)


def run_cli(cli, *args):
    done = subprocess.run([cli, *map(str, args)], cwd=ROOT, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def same_json(ours, cli_text):
    """Equal as parsed objects, and byte for byte: Python's JSON with the
    CLI's indentation is the CLI's output itself."""
    theirs = json.loads(cli_text)
    assert ours == theirs
    assert json.dumps(ours, ensure_ascii=False) == json.dumps(theirs, ensure_ascii=False)
    assert json.dumps(ours, indent=2, ensure_ascii=False) + "\n" == cli_text


@pytest.fixture(scope="session")
def sample():
    return mentormatch.load(SAMPLE)


@pytest.fixture(scope="session")
def sample_report(cli):
    return run_cli(cli, "match", SAMPLE)


def test_match_equals_the_cli(cli, sample, sample_report):
    report = sample.match()
    assert isinstance(report, mentormatch.Report)
    same_json(report, sample_report)
    same_json(sample.match(config=CONFIG), run_cli(cli, "match", SAMPLE, "--config", CONFIG))
    same_json(sample.match(config=str(CONFIG)), sample_report)


@pytest.mark.parametrize("policy", ["optimal", "coverage", "stable", "greedy"])
def test_match_policies_equal_the_cli(cli, sample, policy):
    same_json(sample.match(policy=policy), run_cli(cli, "match", SAMPLE, "--policy", policy))


def test_match_on_a_csv_folder_equals_the_cli(cli):
    same_json(mentormatch.load(SAMPLE_CSV).match(), run_cli(cli, "match", SAMPLE_CSV))
    same_json(mentormatch.load(str(SAMPLE_CSV)).match(config=CONFIG), run_cli(cli, "match", SAMPLE_CSV, "--config", CONFIG))


def test_config_as_dict_text_or_path(cli, sample, tmp_path):
    tables = {
        "weights": {"skill_fit": 0.5, "network": 0.2},
        "constraints": {"max_candidates": 20, "min_score": float("-inf")},
        "assign": {"policy": "coverage"},
        "intro": {"max_hops": 2},
    }
    text = (
        "[weights]\nskill_fit = 0.5\nnetwork = 0.2\n[constraints]\nmax_candidates = 20\n"
        "min_score = -inf\n[assign]\npolicy = \"coverage\"\n[intro]\nmax_hops = 2\n"
    )
    path = tmp_path / "custom.toml"
    path.write_text(text)
    expected = run_cli(cli, "match", SAMPLE, "--config", path)
    same_json(sample.match(config=tables), expected)
    same_json(sample.match(config=text), expected)
    same_json(sample.match(config=path), expected)
    # The committed configuration is the defaults, read as a dict too.
    with open(CONFIG, "rb") as file:
        same_json(sample.match(config=tomllib.load(file)), run_cli(cli, "match", SAMPLE))
    assert sample.match(config="") == sample.match()


def test_previous_run(cli, sample, sample_report, tmp_path):
    run = tmp_path / "run.json"
    run.write_text(sample_report)
    for flags, rematch in (([], False), (["--rematch"], True)):
        expected = run_cli(cli, "match", SAMPLE, "--previous", run, *flags)
        same_json(sample.match(previous=run, rematch=rematch), expected)
        same_json(sample.match(previous=json.loads(sample_report), rematch=rematch), expected)


def test_explain_equals_the_cli(cli, sample, sample_report, tmp_path):
    report = json.loads(sample_report)
    pair = report["mentor_matches"][0]
    same_json(
        sample.explain(pair["mentee"], mentor=pair["mentor"]),
        run_cli(cli, "explain", SAMPLE, "--mentee", pair["mentee"], "--mentor", pair["mentor"], "--json"),
    )
    other = report["mentor_matches"][1]["mentor"]
    same_json(
        sample.explain(pair["mentee"], mentor=other, config=CONFIG),
        run_cli(cli, "explain", SAMPLE, "--mentee", pair["mentee"], "--mentor", other, "--config", CONFIG, "--json"),
    )
    sponsored = report["sponsor_matches"][0]
    same_json(
        sample.explain(sponsored["mentee"], sponsor=sponsored["sponsor"]),
        run_cli(cli, "explain", SAMPLE, "--mentee", sponsored["mentee"], "--sponsor", sponsored["sponsor"], "--json"),
    )
    run = tmp_path / "run.json"
    run.write_text(sample_report)
    same_json(
        sample.explain(pair["mentee"], mentor=other, run=run),
        run_cli(cli, "explain", SAMPLE, "--mentee", pair["mentee"], "--mentor", other, "--run", run, "--json"),
    )
    same_json(
        sample.explain(pair["mentee"], run=str(run), top=3),
        run_cli(cli, "explain", SAMPLE, "--mentee", pair["mentee"], "--run", run, "--top", 3, "--json"),
    )


@pytest.mark.parametrize(
    "source, target, flags, kwargs",
    [
        ("p3", "p0", [], {}),
        ("p102", "p88", ["-k", 5, "--max-hops", 4], {"k": 5, "max_hops": 4}),
        ("p102", "p88", ["--disjoint"], {"disjoint": True}),
        ("p3", "p299", ["--max-hops", 1], {"max_hops": 1}),
        ("p3", "p0", ["--config", CONFIG], {"config": CONFIG}),
    ],
)
def test_intro_equals_the_cli(cli, sample, source, target, flags, kwargs):
    expected = run_cli(cli, "intro", SAMPLE, "--from", source, "--to", target, *flags)
    same_json(sample.intro(source, target, **kwargs), expected)


@pytest.mark.parametrize("connector, k", [("p2", 10), ("p0", 3), ("p150", 50)])
def test_suggest_equals_the_cli(cli, sample, connector, k):
    expected = run_cli(cli, "suggest", SAMPLE, "--connector", connector, "-k", k)
    same_json(sample.suggest(connector, k=k), expected)


def test_evaluate_equals_the_cli(cli, sample, tmp_path):
    same_json(sample.evaluate(), run_cli(cli, "evaluate", SAMPLE, "--json"))
    other = tmp_path / "other.toml"
    other.write_text("[weights]\nskill_fit = 0.6\nnetwork = 0.0\n")
    expected = run_cli(cli, "evaluate", SAMPLE, "--config", CONFIG, "--config", other, "--folds", 3, "--seed", 7, "--json")
    same_json(sample.evaluate([str(CONFIG), str(other)], folds=3, seed=7), expected)
    same_json(sample.evaluate({str(CONFIG): CONFIG, str(other): other.read_text()}, folds=3, seed=7), expected)


def test_evaluate_sweep_matches_the_cli_but_for_times(cli, sample):
    ours = sample.evaluate(sweep=[5, 20])
    theirs = json.loads(run_cli(cli, "evaluate", SAMPLE, "--sweep", "max_candidates=5,20", "--json"))

    def untimed(value):
        if isinstance(value, dict):
            return {k: untimed(v) for k, v in value.items() if "second" not in k and "time" not in k}
        if isinstance(value, list):
            return [untimed(v) for v in value]
        return value

    assert untimed(ours) == untimed(theirs)


@pytest.fixture(scope="session")
def generated(cli, tmp_path_factory):
    """A generated organisation with history enough to tune on (the sample's
    is too small): written by the CLI's own generator."""
    path = tmp_path_factory.mktemp("generated") / "org.json"
    run_cli(cli, "generate", "--people", 600, "--history", 0.5, "--seed", 3, "--out", path)
    return path


def test_tune_equals_the_cli(cli, generated, tmp_path):
    out = tmp_path / "tuned.toml"
    printed = run_cli(cli, "tune", generated, "--budget", 12, "--folds", 3, "--metric", "mrr", "--out", out)
    network = mentormatch.load(generated)
    tuned = network.tune(budget=12, folds=3, metric="mrr")
    assert isinstance(tuned, mentormatch.TuneResult)
    assert tuned.toml == out.read_text()
    assert printed == f"{tuned.text}wrote {out}\n"
    assert tuned["metric"] == "mrr"
    # The tuned configuration is a configuration the engine takes.
    assert network.match(config=tuned.toml)["summary"]["pairs"] > 0
    # Records in memory tune alike (the history set apart the same way).
    with open(generated, encoding="utf-8") as file:
        records = mentormatch.Network.from_records(**json.load(file))
    assert records.tune(budget=12, folds=3, metric="mrr").toml == tuned.toml
    same_json(records.evaluate(folds=3), run_cli(cli, "evaluate", generated, "--folds", 3, "--json"))


def test_from_records_equals_load(cli, sample_report):
    with open(SAMPLE, encoding="utf-8") as file:
        data = json.load(file)
    network = mentormatch.Network.from_records(**data)
    assert len(network) == len(data["people"])
    same_json(network.match(), sample_report)
    # Records from the network itself build the same network.
    again = mentormatch.Network.from_records(**network.to_records())
    assert again.match() == network.match()
    assert network.evaluate() == mentormatch.load(SAMPLE).evaluate()


def test_from_records_takes_dataframes(sample_report):
    pd = pytest.importorskip("pandas")
    with open(SAMPLE, encoding="utf-8") as file:
        data = json.load(file)
    # Missing cells become NaN or None in a DataFrame: left to their defaults.
    frames = {name: pd.DataFrame(records) for name, records in data.items()}
    network = mentormatch.Network.from_records(
        frames["people"], frames["ties"], skills=frames["skills"], history=frames["history"], affinities=frames["affinities"]
    )
    same_json(network.match(), sample_report)


def test_to_pandas(sample):
    pytest.importorskip("pandas")
    report = sample.match()
    frames = report.to_pandas()
    assert set(frames) == {"mentor_matches", "sponsor_matches", "unmatched"}
    mentors = frames["mentor_matches"]
    assert len(mentors) == len(report["mentor_matches"])
    assert list(mentors["mentee"]) == [m["mentee"] for m in report["mentor_matches"]]
    assert "components.skill_fit" in mentors.columns
    assert len(frames["unmatched"]) == len(report["unmatched"])


def test_describe_is_validate(cli, sample):
    assert run_cli(cli, "validate", SAMPLE) == f"{SAMPLE}: valid\n{sample.describe()}"


# --- errors ----------------------------------------------------------------


def test_record_errors_name_record_field_and_value():
    with pytest.raises(MentormatchError) as error:
        mentormatch.Network.from_records([{"id": "solo"}, {"id": "solo"}])
    assert str(error.value) == 'dataset: people[1]: id = "solo": duplicate person id'
    assert isinstance(error.value, ValueError)
    assert (error.value.kind, error.value.file, error.value.record, error.value.field) == ("Duplicate", "dataset", "people[1]", "id")
    with pytest.raises(MentormatchError, match=r"^dataset: people\[0\]: skils: unknown field `skils`"):
        mentormatch.Network.from_records([{"id": "a", "skils": {"rust": 3}}])
    with pytest.raises(MentormatchError, match=r"^dataset: people\[0\]: seniority: invalid type"):
        mentormatch.Network.from_records([{"id": "a", "seniority": "high"}])
    with pytest.raises(MentormatchError, match=r"ties\[0\]"):
        mentormatch.Network.from_records([{"id": "a"}], [{"a": "a", "b": "nobody", "strength": 0.5}])


def test_file_errors_name_the_file(tmp_path):
    with pytest.raises(MentormatchError) as error:
        mentormatch.load(tmp_path / "missing.json")
    assert error.value.kind == "Io" and error.value.file.endswith("missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"people": [{"id": "a", "seniority": "high"}]}')
    with pytest.raises(MentormatchError, match=r"bad\.json: people\[0\] \(line 1, column 43\): seniority: invalid type"):
        mentormatch.load(bad)


def test_config_errors(sample, tmp_path):
    with pytest.raises(MentormatchError) as error:
        sample.match(config={"weights": {"skill_fit": 2e9}})
    assert str(error.value) == "config: [weights]: skill_fit = 2000000000: weight must be a number from -1000000 to 1000000"
    with pytest.raises(MentormatchError, match="unknown field"):
        sample.match(config="[weights]\nskil_fit = 1\n")
    bad = tmp_path / "bad.toml"
    bad.write_text("[weights]\nskill_fit = 2e9\n")
    with pytest.raises(MentormatchError, match=r"bad\.toml: \[weights\]: skill_fit"):
        sample.match(config=bad)
    with pytest.raises(MentormatchError) as error:
        sample.match(config=str(tmp_path / "absent.toml"))
    assert error.value.kind == "Io"
    with pytest.raises(TypeError):
        sample.match(config=3)


def test_argument_errors(sample):
    with pytest.raises(ValueError, match="unknown policy"):
        sample.match(policy="best")
    with pytest.raises(MentormatchError, match='mentee = "nobody": no person with this id'):
        sample.explain("nobody", mentor="p0")
    with pytest.raises(MentormatchError, match="no person with this id"):
        sample.intro("p3", "nobody")
    with pytest.raises(ValueError, match="nobody needs an introduction to themselves"):
        sample.intro("p3", "p3")
    with pytest.raises(MentormatchError, match="k = 0: must be 1 to"):
        sample.suggest("p2", k=0)
    with pytest.raises(MentormatchError, match="folds"):
        sample.evaluate(folds=1)
    with pytest.raises(MentormatchError, match="metric"):
        sample.tune(metric="accuracy", budget=10)
    with pytest.raises(ValueError, match="give mentor or sponsor"):
        sample.explain("p3")
