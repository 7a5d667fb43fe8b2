"""mentormatch for Python: the Rust engine and its exact assignment solvers.

Two halves:

* drop-in replacements for scipy's assignment solvers on numpy arrays and
  scipy sparse matrices (:func:`linear_sum_assignment`,
  :func:`min_weight_full_bipartite_matching`) and the library's capacitated
  b-matching (:func:`assign`);
* the matching engine on a professional network (:func:`load`,
  :meth:`Network.from_records`, then ``match``, ``explain``, ``intro``,
  ``suggest``, ``evaluate`` and ``tune``), whose results are the JSON of the
  ``mentormatch`` command-line tool as Python objects.

Errors of the library raise :class:`MentormatchError` (a ``ValueError``)
naming the file, record, field and value.
"""

from __future__ import annotations

import json
import math
import os
import pathlib
import re
import warnings
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from . import _mentormatch as _native
from ._mentormatch import MentormatchError

__version__ = "0.1.0"

__all__ = [
    "AssignResult",
    "MentormatchError",
    "Network",
    "Report",
    "TuneResult",
    "assign",
    "linear_sum_assignment",
    "load",
    "min_weight_full_bipartite_matching",
]


# ---------------------------------------------------------------------------
# Solvers
# ---------------------------------------------------------------------------


def linear_sum_assignment(cost_matrix: Any, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Solve the linear sum assignment problem, as ``scipy.optimize.linear_sum_assignment``.

    Parameters
    ----------
    cost_matrix : array-like of numbers or booleans, 2-D
        The cost of each (row, column) pair; rectangular allowed. ``+inf``
        (``-inf`` when maximising) marks a forbidden pair.
    maximize : bool
        Maximise the total instead of minimising it.

    Returns
    -------
    row_ind, col_ind : int64 arrays
        ``min(rows, cols)`` pairs, rows ascending; the optimal total is
        ``cost_matrix[row_ind, col_ind].sum()``.

    Raises
    ------
    ValueError
        On a matrix that is not 2-D, NaN or the wrong infinity ("matrix
        contains invalid numeric entries"), or when the forbidden pairs
        leave no complete assignment ("cost matrix is infeasible").

    The library's Jonker–Volgenant solver runs with the GIL released. It is
    exact for costs quantised to 48 significant bits of the largest
    magnitude (integers up to 2**48 exactly); matrices with forbidden pairs
    go to the sparse solver (52 bits). Among several optimal assignments it
    may return another one than scipy, with the same total.
    """
    # The conversion scipy's C code makes (PyArray_ContiguousFromAny to
    # float64): arrays cast safely, anything else converted.
    if isinstance(cost_matrix, np.ndarray) and not np.can_cast(cost_matrix.dtype, np.float64, casting="safe"):
        raise TypeError(
            f"Cannot cast array data from {cost_matrix.dtype!r} to dtype('float64') according to the rule 'safe'"
        )
    cost = np.asarray(cost_matrix, dtype=np.float64)
    if cost.ndim != 2:
        raise ValueError(f"expected a matrix (2-D array), got a {cost.ndim} array")
    return _native.linear_sum_assignment(np.ascontiguousarray(cost), bool(maximize))


def min_weight_full_bipartite_matching(biadjacency: Any, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Minimum-weight full matching, as ``scipy.sparse.csgraph.min_weight_full_bipartite_matching``.

    Parameters
    ----------
    biadjacency : scipy sparse array or matrix in CSR, CSC or COO format
        Rows are one side, columns the other; each stored non-zero entry is
        an edge with that weight. Explicit zeros are removed (with scipy's
        warning), and so are ``+inf`` entries (``-inf`` when maximising).
    maximize : bool
        Maximise the total weight instead.

    Returns
    -------
    row_ind, col_ind : arrays
        ``min(rows, cols)`` pairs, rows ascending, with scipy's dtypes
        (``int32`` for the indices of the larger side).

    Raises
    ------
    TypeError
        If the input is not a scipy sparse matrix in CSR, CSC or COO format.
    ValueError
        "no full matching exists" when the smaller side cannot be matched
        completely; "matrix contains invalid numeric entries" for ``-inf``
        (``+inf`` when maximising), whose result scipy leaves undefined.

    NaN entries count as absent edges (scipy's solver never chooses them
    either). Solved by the library's sparse solver (the coverage policy:
    as many rows as possible, then the best total) with the GIL released.
    """
    try:
        from scipy.sparse import issparse
    except ImportError:  # without scipy there is no scipy sparse matrix
        raise TypeError("graph must be sparse") from None
    if not issparse(biadjacency):
        raise TypeError("graph must be sparse")
    if biadjacency.format not in ("csr", "csc", "coo"):
        raise TypeError("graph must be in CSC, CSR, or COO format.")
    if not (np.issubdtype(biadjacency.dtype, np.number) or biadjacency.dtype == np.dtype(np.bool_)):
        raise ValueError(f"expected a matrix containing numerical entries, got {biadjacency.dtype}")
    # scipy's own preparation, step for step: a float copy, negated to
    # maximise, zeros dropped with a warning, +inf entries dropped.
    graph = biadjacency.astype(np.double)
    if maximize:
        graph = -graph
    if not np.all(graph.data):
        warnings.warn("explicit zero weights are removed before matching", stacklevel=2)
    graph.data[np.isposinf(graph.data) | np.isnan(graph.data)] = 0
    graph.eliminate_zeros()
    rows, cols = graph.shape
    graph = graph.tocsr()
    if not graph.has_canonical_format:
        graph = _cheapest_of_duplicates(graph)
    row_ind, col_ind = _native.full_matching(
        rows,
        cols,
        graph.indptr.astype(np.int64),
        graph.indices.astype(np.int64),
        np.ascontiguousarray(graph.data, dtype=np.float64),
    )
    # scipy's dtypes: an arange (int64) for the smaller side, its solver's
    # int32 for the other.
    if cols < rows:
        return row_ind.astype(np.int32), col_ind
    return row_ind, col_ind.astype(np.int32)


def _cheapest_of_duplicates(graph: Any) -> Any:
    """A CSR matrix with one entry per pair, the cheapest of its duplicates
    (scipy's solver sees duplicates as parallel edges, and takes the cheaper)."""
    from scipy.sparse import csr_matrix

    coo = graph.tocoo()
    order = np.lexsort((coo.data, coo.col, coo.row))
    row, col, data = coo.row[order], coo.col[order], coo.data[order]
    first = np.ones(len(row), dtype=bool)
    first[1:] = (row[1:] != row[:-1]) | (col[1:] != col[:-1])
    return csr_matrix((data[first], (row[first], col[first])), shape=graph.shape)


class AssignResult(NamedTuple):
    """What :func:`assign` chose: edge indices (ascending) and their total weight."""

    edges: np.ndarray
    total: float


def assign(
    left_capacity: Any,
    right_capacity: Any,
    edges: Any,
    weights: Any,
    policy: str = "optimal",
) -> AssignResult:
    """The library's b-matching: choose edges under capacities on both sides.

    Parameters
    ----------
    left_capacity, right_capacity : 1-D arrays of non-negative integers
        How many edges each left (right) node may take; their lengths are
        the numbers of nodes.
    edges : (E, 2) integer array
        Each candidate edge as (left, right).
    weights : (E,) array of finite floats
        The edges' weights (higher is better).
    policy : str
        ``"optimal"`` (maximum total weight; an edge that would lower it is
        left out), ``"coverage"`` (as many left nodes matched as possible,
        then as many units, then the most weight), ``"stable"`` (deferred
        acceptance, left nodes proposing, both sides ranking by weight) or
        ``"greedy"`` (heaviest edge first).

    Returns
    -------
    AssignResult
        ``(edges, total)``: the chosen edge indices, ascending (int64), and
        the sum of their weights.
    """
    if not isinstance(policy, str):
        raise TypeError(f"policy must be a str, got {type(policy).__name__}")
    left = _integers(left_capacity, "left_capacity")
    right = _integers(right_capacity, "right_capacity")
    pairs = np.asarray(edges)
    if pairs.size == 0:
        pairs = pairs.reshape(0, 2)
    if pairs.ndim != 2 or pairs.shape[1] != 2:
        raise ValueError(f"edges must be an (E, 2) array of (left, right), got shape {pairs.shape}")
    pairs = _integers(pairs, "edges")
    scores = np.ascontiguousarray(weights, dtype=np.float64)
    if scores.ndim != 1:
        raise ValueError(f"weights must be a 1-D array, got {scores.ndim} dimensions")
    chosen, total = _native.assign(left, right, pairs, scores, policy)
    return AssignResult(chosen, total)


def _integers(values: Any, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.size == 0:
        array = array.astype(np.int64)
    if not (np.issubdtype(array.dtype, np.integer) or array.dtype == np.bool_):
        raise ValueError(f"{name} must hold integers, got {array.dtype}")
    if name != "edges" and array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got {array.ndim} dimensions")
    if np.issubdtype(array.dtype, np.unsignedinteger) and array.size and array.max() > np.iinfo(np.int64).max:
        raise ValueError(f"{name} holds a value beyond int64")
    return np.ascontiguousarray(array, dtype=np.int64)


# ---------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------


class Report(dict):
    """The report of :meth:`Network.match`: the JSON of ``mentormatch match``
    as a dict (``mentor_matches``, ``sponsor_matches``, ``unmatched``,
    ``summary``), plus :meth:`to_pandas`."""

    def to_pandas(self) -> dict[str, Any]:
        """The matches and the unmatched as pandas DataFrames, one row each,
        nested fields flattened one level (``components.skill_fit``,
        ``intro.warmth``, ...): a dict with the keys ``mentor_matches``,
        ``sponsor_matches`` and ``unmatched``. Needs pandas."""
        import pandas as pd

        return {
            key: pd.json_normalize(self[key], max_level=1) if self[key] else pd.DataFrame()
            for key in ("mentor_matches", "sponsor_matches", "unmatched")
        }


class TuneResult(dict):
    """The report of :meth:`Network.tune` as a dict, with the tuned
    configuration as TOML (:attr:`toml`, what ``mentormatch tune --out``
    writes) and the text the command prints (:attr:`text`)."""

    toml: str
    text: str


def load(path: str | os.PathLike[str]) -> Network:
    """Loads and validates a dataset: a ``.json`` file or a folder of CSV
    files, as ``mentormatch match DATASET`` does. Raises
    :class:`MentormatchError` naming the file, record (line), field and value
    of the first bad input."""
    return Network(_native.NativeNetwork.load(pathlib.Path(os.fspath(path))))


class Network:
    """A validated, immutable professional network: people, ties, skills,
    history and affinities.

    Build one with :func:`load` or :meth:`from_records`. Every method returns
    what the matching ``mentormatch`` subcommand prints as JSON, as Python
    objects, and raises :class:`MentormatchError` with the library's message.

    A *config* argument is ``None`` (the defaults), a ``dict`` of tables
    (``{"weights": {"skill_fit": 0.5}}``), TOML text (any string with a
    ``=``, a ``[`` or a line break, or the empty string), or a path to a
    TOML file (a ``pathlib.Path``, or any other string).
    """

    __slots__ = ("_native",)

    def __init__(self, native: Any) -> None:
        if not isinstance(native, _native.NativeNetwork):
            raise TypeError("use mentormatch.load(path) or Network.from_records(...)")
        self._native = native

    @classmethod
    def from_records(
        cls,
        people: Any,
        ties: Any = (),
        skills: Any = (),
        history: Any = (),
        affinities: Any = (),
    ) -> Network:
        """Builds a network from records in the JSON format's shape: each
        argument a list of dicts or a pandas DataFrame (read through
        ``to_dict("records")``). Missing values (``None``, NaN, ``pd.NA``)
        leave a field to its default; numpy scalars are accepted, and a
        DataFrame's whole floats (an integer column with gaps) are integers. Errors name the record as
        ``people[3]`` in a file called ``dataset``."""
        dataset: dict[str, Any] = {"people": _records(people, "people")}
        for name, section in (("skills", skills), ("ties", ties), ("history", history), ("affinities", affinities)):
            records = _records(section, name)
            if records:
                dataset[name] = records
        text = json.dumps(dataset, default=_json_default, allow_nan=True)
        return cls(_native.NativeNetwork.from_json(text))

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        return f"<mentormatch.Network of {len(self)} people>"

    def person_ids(self) -> list[str]:
        """Everyone's id, in the dataset's order."""
        return self._native.person_ids()

    def to_records(self) -> dict[str, Any]:
        """The network's records as a dataset in the JSON format."""
        return json.loads(self._native.dataset_json())

    def describe(self) -> str:
        """The summary ``mentormatch validate`` prints."""
        return self._native.describe()

    def match(
        self,
        config: Any = None,
        policy: str | None = None,
        previous: Any = None,
        rematch: bool = False,
    ) -> Report:
        """Mentor and sponsor matches for the whole cohort: the JSON of
        ``mentormatch match`` as a :class:`Report`.

        *policy* (``"optimal"``, ``"coverage"``, ``"stable"``, ``"greedy"``)
        overrides ``[assign] policy``. *previous* is an earlier run (a
        :class:`Report` or dict, or the path of a ``match`` JSON output): its
        pairs are kept unless no longer valid, or with *rematch* only counted
        (``--previous``, ``--rematch``)."""
        previous_run = _run(previous, "previous") if previous is not None else None
        text = self._native.match_json(_config(config), policy, previous_run, bool(rematch))
        return Report(json.loads(text))

    def explain(
        self,
        mentee: str,
        mentor: str | None = None,
        sponsor: str | None = None,
        config: Any = None,
        run: Any = None,
        top: int = 5,
    ) -> dict[str, Any]:
        """Why a mentor (or sponsor) pair scores what it scores, or which
        constraints exclude it: ``mentormatch explain --json``. With *run*
        (a report or a ``match`` JSON path), the pair held against that run;
        with *run* and no mentor, the mentee's *top* candidates."""
        run_arg = _run(run, "run") if run is not None else None
        text = self._native.explain_json(mentee, mentor, sponsor, _config(config), run_arg, top)
        return json.loads(text)

    def intro(
        self,
        from_id: str,
        to_id: str,
        k: int | None = None,
        max_hops: int | None = None,
        config: Any = None,
        disjoint: bool = False,
    ) -> dict[str, Any]:
        """The warmest introduction paths from one person to another:
        ``mentormatch intro``. *k* and *max_hops* default to the
        configuration's ``[intro]`` table."""
        text = self._native.intro_json(from_id, to_id, k, max_hops, _config(config), bool(disjoint))
        return json.loads(text)

    def suggest(self, connector: str, k: int = 10, config: Any = None) -> dict[str, Any]:
        """Introductions *connector* could make among their contacts:
        ``mentormatch suggest``."""
        return json.loads(self._native.suggest_json(connector, k, _config(config)))

    def evaluate(
        self,
        configs: Any = None,
        folds: int = 5,
        seed: int = 1,
        sweep: list[int] | None = None,
    ) -> dict[str, Any]:
        """How well configurations' scores predict the history's outcomes:
        ``mentormatch evaluate --json``. *configs* is one config, a list of
        them (the first is the baseline), or a dict of name to config; a
        path is named as given, a dict or TOML text ``config N``, ``None``
        ``default``. With *sweep* (values of ``max_candidates``), the whole
        match at each value under the one configuration instead."""
        named = _named_configs(configs)
        return json.loads(self._native.evaluate_json(named, folds, seed, sweep))

    def tune(
        self,
        config: Any = None,
        metric: str = "auc",
        folds: int = 5,
        seed: int = 1,
        budget: int = 200,
    ) -> TuneResult:
        """Searches the mentor weights for the best held-out *metric*
        (``auc``, ``mrr``, ``hit_at_1``, ``hit_at_5``, ``ndcg_at_5``):
        ``mentormatch tune``. The result's :attr:`TuneResult.toml` is the
        tuned configuration."""
        report, toml, text = self._native.tune(_config(config), metric, folds, seed, budget)
        result = TuneResult(json.loads(report))
        result.toml = toml
        result.text = text
        return result


def _records(section: Any, name: str) -> list[dict[str, Any]]:
    if section is None:
        return []
    frame = hasattr(section, "to_dict") and not isinstance(section, Mapping)
    if frame:
        section = section.to_dict("records")
    if isinstance(section, (str, bytes, Mapping)):
        raise TypeError(f"{name} must be a list of dicts or a DataFrame, got {type(section).__name__}")
    records = []
    for index, record in enumerate(section):
        if not isinstance(record, Mapping):
            raise TypeError(f"{name}[{index}] must be a dict, got {type(record).__name__}")
        # A DataFrame fills a missing cell with None or NaN: the field is
        # left out, so it takes its default.
        cleaned = {str(k): v for k, v in record.items() if not _missing(v)}
        if frame:
            # A column of integers with a gap is float in pandas: 9.0 is 9.
            cleaned = {k: _whole(v) for k, v in cleaned.items()}
        records.append(cleaned)
    return records


def _whole(value: Any) -> Any:
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    return value


def _missing(value: Any) -> bool:
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    return False


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "isoformat"):  # a date: the format's YYYY-MM-DD
        return value.isoformat()[:10]
    raise TypeError(f"a value of type {type(value).__name__} is not valid in a record")


def _config(config: Any) -> Any:
    """What the native layer takes: ``None``, TOML text (``str``) or a path
    (``pathlib.Path``)."""
    if config is None:
        return None
    if isinstance(config, Mapping):
        return _toml(config)
    if isinstance(config, os.PathLike):
        return pathlib.Path(os.fspath(config))
    if isinstance(config, str):
        if config.strip() == "" or any(c in config for c in "=[\n"):
            return config
        return pathlib.Path(config)
    raise TypeError(f"config must be None, a dict, TOML text or a path, got {type(config).__name__}")


def _named_configs(configs: Any) -> list[tuple[str, Any]]:
    """The (name, config) pairs of :meth:`Network.evaluate`, named as the
    CLI names them (a path as given) or by position."""
    if configs is None or isinstance(configs, (str, os.PathLike)):
        configs = [configs]
    elif isinstance(configs, Mapping):
        if _is_config_tables(configs):
            configs = [configs]
        else:
            return [(str(name), _config(config)) for name, config in configs.items()]
    named = []
    for number, config in enumerate(configs, start=1):
        converted = _config(config)
        if converted is None:
            name = "default"
        elif isinstance(converted, pathlib.Path):
            name = os.fspath(config)
        else:
            name = f"config {number}"
        named.append((name, converted))
    return named


# The tables of a configuration file: a dict keyed by them is one
# configuration, not several named ones.
_TABLES = {"weights", "constraints", "criteria", "sponsor", "assign", "intro", "report", "fairness"}


def _is_config_tables(configs: Mapping) -> bool:
    return bool(configs) and all(key in _TABLES for key in configs)


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml(config: Mapping, prefix: str = "") -> str:
    """A dict of tables as TOML text (the library parses and checks it, so
    its errors name the table, key and value)."""
    lines = []
    tables = []
    for key, value in config.items():
        if isinstance(value, Mapping):
            tables.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    text = "\n".join(lines) + ("\n" if lines else "")
    for key, table in tables:
        path = f"{prefix}.{_toml_key(key)}" if prefix else _toml_key(key)
        text += f"[{path}]\n" + _toml(table, path)
    return text


def _toml_key(key: Any) -> str:
    key = str(key)
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    # JSON's escapes are TOML's, but for DEL, which TOML wants escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"a configuration value of type {type(value).__name__} has no TOML form")


def _run(run: Any, name: str) -> tuple[str, str]:
    """An earlier run's JSON and the name its errors give it: a report (or
    any dict) is serialised, a path read."""
    if isinstance(run, Mapping):
        return json.dumps(run), name
    if isinstance(run, (str, os.PathLike)):
        path = os.fspath(run)
        with open(path, encoding="utf-8") as file:
            return file.read(), path
    raise TypeError(f"{name} must be a report (dict) or the path of a match JSON output")
