//! The engine: a validated `Network` and the library's reports on it, each
//! returned as the JSON text the CLI prints (the library's types serialised
//! with serde_json, never a shape built here); the Python layer parses it.

use std::path::PathBuf;

use mentormatch::{
    check_flag, explain, explain_sponsor, load, match_cohort, match_next, suggest_introductions,
    sweep_max_candidates, Benchmark, Carry, Config, Dataset, Error, ErrorKind, EvaluateOptions,
    LoadOptions, Network, PathConfig, PathFinder, PersonId, Previous, PreviousRun, RecordedRun,
    Replay, SuggestConfig, SuggestReport, TuneOptions, MAX_PATHS, MAX_SUGGESTIONS, MAX_TOP,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::solvers::parse_policy;
use crate::to_py;

/// Where the network's records came from: `evaluate` and `tune` rebuild it
/// with the history set apart (the library's `Benchmark`), from the file as
/// the CLI does, or from the records.
enum Source {
    Path(PathBuf),
    Records(Box<Dataset>),
}

/// A validated network (the library's `Network`), loaded from a file or
/// built from records.
#[pyclass(frozen, module = "mentormatch._mentormatch")]
pub struct NativeNetwork {
    network: Network,
    source: Source,
}

/// A configuration as the Python layer passes it: TOML text, or a file.
#[derive(FromPyObject)]
pub enum ConfigArg {
    #[pyo3(transparent, annotation = "str")]
    Text(String),
    #[pyo3(transparent, annotation = "os.PathLike")]
    Path(PathBuf),
}

/// `None` is the default configuration. Text is the TOML itself (errors name
/// it `config`), a path its file (errors name the file), as `--config`.
fn config(arg: Option<&ConfigArg>) -> Result<Config, Error> {
    match arg {
        None => Ok(Config::default()),
        Some(ConfigArg::Text(text)) => Config::from_toml_str(text),
        Some(ConfigArg::Path(path)) => Config::load(path),
    }
}

/// A run's JSON (a `match` output): its text and the name errors give it.
type RunArg = (String, String);

fn json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

impl NativeNetwork {
    fn person(&self, argument: &str, id: &str) -> PyResult<PersonId> {
        self.network.person_id(id).ok_or_else(|| {
            to_py(Error::invalid(
                ErrorKind::UnknownId,
                "arguments",
                "",
                argument,
                format!("{id:?}"),
                "no person with this id in the network",
            ))
        })
    }

    fn benchmark(&self) -> Result<Benchmark, Error> {
        match &self.source {
            Source::Path(path) => Benchmark::load(path, &LoadOptions::default()),
            Source::Records(dataset) => Benchmark::from_dataset(dataset, &LoadOptions::default()),
        }
    }
}

#[pymethods]
impl NativeNetwork {
    /// Loads a dataset file (`.json`) or CSV folder, as `mentormatch match`.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<NativeNetwork> {
        let network = py
            .allow_threads(|| load(&path, &LoadOptions::default()))
            .map_err(to_py)?;
        Ok(NativeNetwork {
            network,
            source: Source::Path(path),
        })
    }

    /// Builds a network from a dataset's JSON text (the file format); errors
    /// name the file `dataset` and the record, e.g. `people[3]`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<NativeNetwork> {
        let dataset = parse_dataset(text).map_err(to_py)?;
        let network = py
            .allow_threads(|| Network::from_dataset(&dataset, &LoadOptions::default()))
            .map_err(to_py)?;
        Ok(NativeNetwork {
            network,
            source: Source::Records(Box::new(dataset)),
        })
    }

    /// The number of people.
    fn __len__(&self) -> usize {
        self.network.people().len()
    }

    /// The ids of everyone, in the dataset's order.
    fn person_ids(&self) -> Vec<String> {
        self.network.people().iter().map(|p| p.id.clone()).collect()
    }

    /// The dataset's records again (`Network::to_dataset`), as JSON.
    fn dataset_json(&self) -> PyResult<String> {
        json(&self.network.to_dataset())
    }

    /// What `mentormatch validate` prints about the network.
    fn describe(&self) -> String {
        self.network.summary().describe()
    }

    /// `mentormatch match`: the report's JSON.
    #[pyo3(signature = (config=None, policy=None, previous=None, rematch=false))]
    fn match_json(
        &self,
        py: Python<'_>,
        config: Option<ConfigArg>,
        policy: Option<&str>,
        previous: Option<RunArg>,
        rematch: bool,
    ) -> PyResult<String> {
        let mut settings = self::config(config.as_ref()).map_err(to_py)?;
        if let Some(policy) = policy {
            settings.assign.policy = parse_policy(policy)?;
        }
        let previous = previous
            .map(|(text, file)| PreviousRun::from_json(&text, &file))
            .transpose()
            .map_err(to_py)?;
        let report = py.allow_threads(|| match &previous {
            None => match_cohort(&self.network, &settings),
            Some(run) => {
                let carry = if rematch { Carry::Rematch } else { Carry::Keep };
                let previous = Previous { run, carry };
                match_next(&self.network, &settings, previous, &mut |_| {})
            }
        });
        let report = report.map_err(|e| {
            to_py(match config.as_ref() {
                Some(ConfigArg::Path(path)) => e.in_file("config", path.display().to_string()),
                _ => e,
            })
        })?;
        json(&report)
    }

    /// `mentormatch explain --json`: a mentor (or sponsor) pair; with a run,
    /// held against it; with a run and neither, the mentee's top candidates.
    #[pyo3(signature = (mentee, mentor=None, sponsor=None, config=None, run=None, top=5))]
    // Keyword arguments in Python, one per flag of `explain`.
    #[allow(clippy::too_many_arguments)]
    fn explain_json(
        &self,
        py: Python<'_>,
        mentee: &str,
        mentor: Option<&str>,
        sponsor: Option<&str>,
        config: Option<ConfigArg>,
        run: Option<RunArg>,
        top: usize,
    ) -> PyResult<String> {
        check_flag("top", top, 1, MAX_TOP).map_err(to_py)?;
        if mentor.is_some() && sponsor.is_some() {
            return Err(PyValueError::new_err("give mentor or sponsor, not both"));
        }
        if sponsor.is_some() && run.is_some() {
            return Err(PyValueError::new_err(
                "a run holds mentor pairs: give mentor, not sponsor, with run",
            ));
        }
        let config = self::config(config.as_ref()).map_err(to_py)?;
        let network = &self.network;
        let mentee = self.person("mentee", mentee)?;
        let recorded = run
            .map(|(text, file)| RecordedRun::from_json(&text, &file))
            .transpose()
            .map_err(to_py)?;
        let replay = match &recorded {
            Some(run) => Some(
                py.allow_threads(|| Replay::new(network, &config, run))
                    .map_err(to_py)?,
            ),
            None => None,
        };
        let why = match (mentor, sponsor, &replay) {
            (Some(id), _, _) => explain(network, &config, mentee, self.person("mentor", id)?),
            (None, Some(id), _) => {
                explain_sponsor(network, &config, mentee, self.person("sponsor", id)?)
            }
            (None, None, Some(replay)) => return json(&replay.mentee(mentee, top).map_err(to_py)?),
            (None, None, None) => {
                return Err(PyValueError::new_err("give mentor or sponsor (or a run)"))
            }
        }
        .map_err(to_py)?;
        let why_not = replay
            .map(|r| r.why_not(why.mentee, why.partner))
            .transpose()
            .map_err(to_py)?;
        json(&why.report(network, why_not))
    }

    /// `mentormatch intro`: the warmest paths from one person to another.
    #[pyo3(signature = (from_id, to_id, k=None, max_hops=None, config=None, disjoint=false))]
    // Keyword arguments in Python, one per flag of `intro`.
    #[allow(clippy::too_many_arguments)]
    fn intro_json(
        &self,
        py: Python<'_>,
        from_id: &str,
        to_id: &str,
        k: Option<usize>,
        max_hops: Option<u32>,
        config: Option<ConfigArg>,
        disjoint: bool,
    ) -> PyResult<String> {
        if let Some(k) = k {
            check_flag("k", k, 1, MAX_PATHS).map_err(to_py)?;
        }
        if let Some(hops) = max_hops {
            let max = mentormatch::MAX_HOPS;
            check_flag("max_hops", hops as usize, 0, max as usize).map_err(to_py)?;
        }
        let from = self.person("from_id", from_id)?;
        let to = self.person("to_id", to_id)?;
        if from == to {
            return Err(PyValueError::new_err(format!(
                "from_id and to_id are both {from_id:?}: nobody needs an introduction to \
                 themselves"
            )));
        }
        let defaults = self::config(config.as_ref()).map_err(to_py)?.intro;
        let settings = PathConfig {
            max_hops: max_hops.unwrap_or(defaults.max_hops),
            k: k.unwrap_or(defaults.k),
            disjoint,
        };
        let network = &self.network;
        let answer = py
            .allow_threads(|| PathFinder::new(network).introduce(from, to, &settings))
            .map_err(to_py)?;
        json(&answer.report(network, from, to).map_err(to_py)?)
    }

    /// `mentormatch suggest`: introductions a connector could make.
    #[pyo3(signature = (connector, k=10, config=None))]
    fn suggest_json(
        &self,
        py: Python<'_>,
        connector: &str,
        k: usize,
        config: Option<ConfigArg>,
    ) -> PyResult<String> {
        check_flag("k", k, 1, MAX_SUGGESTIONS).map_err(to_py)?;
        let config = self::config(config.as_ref()).map_err(to_py)?;
        let connector = self.person("connector", connector)?;
        let options = SuggestConfig {
            k,
            ..SuggestConfig::default()
        };
        let network = &self.network;
        let found = py
            .allow_threads(|| suggest_introductions(network, &config, connector, &options))
            .map_err(to_py)?;
        json(&SuggestReport::new(network, connector, &found))
    }

    /// `mentormatch evaluate --json`: configurations (name, config) against
    /// the history; with `sweep`, the whole match at each `max_candidates`
    /// under the one configuration.
    #[pyo3(signature = (configs, folds=5, seed=1, sweep=None))]
    fn evaluate_json(
        &self,
        py: Python<'_>,
        configs: Vec<(String, Option<ConfigArg>)>,
        folds: usize,
        seed: u64,
        sweep: Option<Vec<usize>>,
    ) -> PyResult<String> {
        let configs = configs
            .into_iter()
            .map(|(name, arg)| Ok((name, config(arg.as_ref())?)))
            .collect::<Result<Vec<_>, Error>>()
            .map_err(to_py)?;
        if let Some(values) = sweep {
            if configs.len() != 1 {
                return Err(PyValueError::new_err("sweep takes one configuration"));
            }
            let report = py
                .allow_threads(|| sweep_max_candidates(&self.network, &configs[0].1, &values))
                .map_err(to_py)?;
            return json(&report);
        }
        let options = EvaluateOptions { folds, seed };
        let report = py
            .allow_threads(|| self.benchmark()?.evaluate(&configs, &options))
            .map_err(to_py)?;
        json(&report)
    }

    /// `mentormatch tune`: the report's JSON, the tuned configuration's TOML
    /// (what `--out` receives) and the text the CLI prints.
    #[pyo3(signature = (config=None, metric="auc".to_string(), folds=5, seed=1, budget=200))]
    fn tune(
        &self,
        py: Python<'_>,
        config: Option<ConfigArg>,
        metric: String,
        folds: usize,
        seed: u64,
        budget: usize,
    ) -> PyResult<(String, String, String)> {
        let base = self::config(config.as_ref()).map_err(to_py)?;
        let options = TuneOptions {
            metric,
            folds,
            seed,
            budget,
        };
        let report = py
            .allow_threads(|| self.benchmark()?.tune(&base, &options))
            .map_err(to_py)?;
        Ok((json(&report)?, report.to_toml(), report.to_text()))
    }
}

/// A dataset from JSON text with the library's rules (unknown fields
/// refused) and an error naming the record and field, as for a file.
fn parse_dataset(text: &str) -> Result<Dataset, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let dataset: Dataset = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        // serde_json ends its messages with a position in the text, which
        // is ours, not the caller's: the record and field say where.
        let message = message.split(" at line ").next().unwrap_or(&message);
        let (record, field) = match path.find(']') {
            Some(end) => (&path[..=end], path[end + 1..].trim_start_matches('.')),
            None => ("", if path == "." { "" } else { path.as_str() }),
        };
        Error::invalid(kind_of(message), "dataset", record, field, "", message)
    })?;
    Ok(dataset)
}

/// The error kind of a serde message, as the library gives it for a file.
fn kind_of(message: &str) -> ErrorKind {
    if message.starts_with("unknown field") {
        ErrorKind::UnknownField
    } else if message.starts_with("missing field") {
        ErrorKind::Missing
    } else if message.starts_with("duplicate") || message.ends_with("appears twice") {
        ErrorKind::Duplicate
    } else {
        ErrorKind::Parse
    }
}
