"""Type stubs of the native module (Rust, PyO3). Use the package
`mentormatch`, which converts inputs and parses results; these are its
building blocks."""

import os

import numpy as np
import numpy.typing as npt

class MentormatchError(ValueError):
    """An error of the mentormatch library, naming the file, record, field
    and value of the bad input."""

    kind: str
    file: str
    record: str
    field: str
    value: str
    reason: str

def linear_sum_assignment(
    cost: npt.NDArray[np.float64], maximize: bool
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
def full_matching(
    rows: int,
    cols: int,
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int64],
    data: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
def assign(
    left_capacity: npt.NDArray[np.int64],
    right_capacity: npt.NDArray[np.int64],
    edges: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    policy: str,
) -> tuple[npt.NDArray[np.int64], float]: ...

_Config = str | os.PathLike[str] | None
_Run = tuple[str, str] | None

class NativeNetwork:
    @staticmethod
    def load(path: str | os.PathLike[str]) -> NativeNetwork: ...
    @staticmethod
    def from_json(text: str) -> NativeNetwork: ...
    def __len__(self) -> int: ...
    def person_ids(self) -> list[str]: ...
    def dataset_json(self) -> str: ...
    def describe(self) -> str: ...
    def match_json(
        self, config: _Config = None, policy: str | None = None, previous: _Run = None, rematch: bool = False
    ) -> str: ...
    def explain_json(
        self,
        mentee: str,
        mentor: str | None = None,
        sponsor: str | None = None,
        config: _Config = None,
        run: _Run = None,
        top: int = 5,
    ) -> str: ...
    def intro_json(
        self,
        from_id: str,
        to_id: str,
        k: int | None = None,
        max_hops: int | None = None,
        config: _Config = None,
        disjoint: bool = False,
    ) -> str: ...
    def suggest_json(self, connector: str, k: int = 10, config: _Config = None) -> str: ...
    def evaluate_json(
        self,
        configs: list[tuple[str, _Config]],
        folds: int = 5,
        seed: int = 1,
        sweep: list[int] | None = None,
    ) -> str: ...
    def tune(
        self, config: _Config = None, metric: str = "auc", folds: int = 5, seed: int = 1, budget: int = 200
    ) -> tuple[str, str, str]: ...
