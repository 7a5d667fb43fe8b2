"""The README's Python examples run, so they cannot go stale (as its Rust
examples run as doctests)."""

import os
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_readme_python_examples_run(monkeypatch):
    pytest.importorskip("pandas")  # the example shows `to_pandas`
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README has Python examples"
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    assert os.getcwd() == str(ROOT)
