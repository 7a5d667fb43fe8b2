#!/usr/bin/env python3
"""The Python package's solvers against the Python alternatives, side by
side in one process, as a Python user calls them.

Run from the repository root:

    python3 python/bench.py [--quick] [--repeats N]

It makes a virtual environment under target/python-bench/venv, installs
numpy, scipy, lapx and ortools and this package (`pip install ./python`,
a release build), re-runs itself inside it and prints two tables with the
median of N runs (default 5; 3 for n = 2000 and the large sparse sizes)
of each solver and the ratio of each peer's median to mentormatch's:

- dense assignment (minimise, n x n): `mentormatch.linear_sum_assignment`,
  `scipy.optimize.linear_sum_assignment` and `lap.lapjv` (lapx), on uniform
  random costs in [0, 1) and coarse ones (10 distinct values), n = 1000 and
  2000;
- sparse: `mentormatch.min_weight_full_bipartite_matching` against scipy's
  on a square CSR matrix (n rows, 10 random entries a row plus a hidden
  perfect matching, uniform costs), and OR-tools' `SimpleMinCostFlow` on
  the same graph (costs rounded to 1e-6: integers, as it needs); and
  `mentormatch.assign` (maximum-weight b-matching, the optimal policy) on
  an unbalanced cohort (mentees of capacity 1, a tenth as many mentors of
  capacity 1-5, 50 candidates a mentee) against `SimpleMinCostFlow` with
  a bypass arc so that places may stay empty.

Every timing includes the conversions each function makes from numpy
arrays; every solver's total is checked against mentormatch's.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "python-bench", "venv")
PYTHON = os.path.join(VENV, "bin", "python")
PACKAGES = ["numpy", "scipy", "lapx", "ortools"]


def ensure_venv():
    """Re-run inside a venv with the peers and this package installed."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        # Python put this script's folder first on the path, where the
        # source package (perhaps with a debug build from `maturin
        # develop`) would shadow the installed release build.
        here = os.path.dirname(os.path.abspath(__file__))
        sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
        import mentormatch

        print(f"timing {mentormatch.__file__}", file=sys.stderr)
        return
    if not os.path.exists(PYTHON):
        print(f"creating {VENV}", file=sys.stderr)
        venv.create(VENV, with_pip=True)
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", *PACKAGES], check=True)
    # Always reinstalled, so the figures are of the checkout's code (cargo
    # rebuilds only what changed).
    print("pip install ./python (release build)", file=sys.stderr)
    subprocess.run([PYTHON, "-m", "pip", "install", "-q", os.path.join(ROOT, "python")], check=True)
    os.execv(PYTHON, [PYTHON, *sys.argv])


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def median_of(repeats, function, *args, **kwargs):
    function(*args, **kwargs)  # warm-up: thread pools, imports, page faults
    times, result = [], None
    for _ in range(repeats):
        result, seconds = timed(function, *args, **kwargs)
        times.append(seconds)
    return result, statistics.median(times)


def table(title, header, rows):
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" if 1 < i < len(header) - 1 else "---" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def dense(sizes, repeats):
    import lap
    import numpy as np
    import scipy.optimize

    import mentormatch

    rng = np.random.default_rng(2026)
    rows, ok = [], True
    for n in sizes:
        runs = repeats if n <= 1000 else max(1, min(repeats, 3))
        for family, cost in [
            ("uniform", rng.random((n, n))),
            ("coarse", rng.integers(0, 10, size=(n, n)).astype(np.float64)),
        ]:
            (r, c), ours = median_of(runs, mentormatch.linear_sum_assignment, cost)
            (sr, sc), theirs = median_of(runs, scipy.optimize.linear_sum_assignment, cost)
            (_, x, _), lapjv = median_of(runs, lap.lapjv, cost)
            totals = [cost[r, c].sum(), cost[sr, sc].sum(), cost[np.arange(n), x].sum()]
            agree = all(abs(t - totals[0]) <= 1e-9 * max(1.0, abs(totals[0])) for t in totals)
            ok &= agree
            rows.append(
                [
                    f"{n} x {n}",
                    family,
                    f"{ours * 1e3:.0f}",
                    f"{theirs * 1e3:.0f}",
                    f"{lapjv * 1e3:.0f}",
                    f"{theirs / ours:.1f}x",
                    f"{lapjv / ours:.1f}x",
                    "yes" if agree else f"NO: {totals}",
                ]
            )
            print(f"dense {n} {family}: {ours:.3f} s, scipy {theirs:.3f} s, lapjv {lapjv:.3f} s", file=sys.stderr)
    table(
        f"linear_sum_assignment (minimise); medians of {repeats} runs (3 at n = 2000), milliseconds",
        ["matrix", "costs", "mentormatch", "scipy", "lapjv", "scipy / mm", "lapjv / mm", "totals agree"],
        rows,
    )
    return ok


def ortools_matching(graph):
    """A full matching of least cost as a min-cost flow (integer costs)."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    coo = graph.tocoo()
    n, m = graph.shape
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        coo.row.astype(np.int64), n + coo.col.astype(np.int64), np.ones(coo.nnz, np.int64), np.rint(coo.data * 1e6).astype(np.int64)
    )
    flow.set_nodes_supplies(np.arange(n + m), np.concatenate([np.ones(n, np.int64), -np.ones(m, np.int64)]))
    if flow.solve() != flow.OPTIMAL:
        sys.exit("OR-tools: no optimal flow")
    chosen = flow.flows(arcs) > 0
    return float(coo.data[chosen].sum())


def ortools_bmatching(left_capacity, right_capacity, edges, weights):
    """Maximum-weight b-matching as a min-cost flow; a bypass arc lets
    places stay empty (integer costs: weights rounded to 1e-6)."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    n_left, n_right = len(left_capacity), len(right_capacity)
    source, sink = n_left + n_right, n_left + n_right + 1
    supply = int(left_capacity.sum())
    tails = np.concatenate([np.full(n_left, source), edges[:, 0], n_left + np.arange(n_right), [source]])
    heads = np.concatenate([np.arange(n_left), n_left + edges[:, 1], np.full(n_right, sink), [sink]])
    caps = np.concatenate([left_capacity, np.ones(len(edges), np.int64), right_capacity, [supply]])
    costs = np.concatenate(
        [np.zeros(n_left, np.int64), -np.rint(weights * 1e6).astype(np.int64), np.zeros(n_right, np.int64), [0]]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_nodes_supplies(np.array([source, sink]), np.array([supply, -supply]))
    if flow.solve() != flow.OPTIMAL:
        sys.exit("OR-tools: no optimal flow")
    chosen = flow.flows(arcs[n_left : n_left + len(edges)]) > 0
    return float(weights[chosen].sum())


def sparse(matching_sizes, cohort_sizes, repeats):
    import numpy as np
    import scipy.sparse
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    import mentormatch

    rng = np.random.default_rng(14)
    rows, ok = [], True
    for n in matching_sizes:
        runs = repeats if n <= 10_000 else max(1, min(repeats, 3))
        # 10 random entries a row and a hidden perfect matching; costs are
        # multiples of 1e-6 in (0, 1], so OR-tools solves the same problem.
        row = np.concatenate([np.repeat(np.arange(n), 10), np.arange(n)])
        col = np.concatenate([rng.integers(0, n, 10 * n), rng.permutation(n)])
        cost = rng.integers(1, 1_000_001, len(row)) / 1e6
        graph = scipy.sparse.csr_matrix((cost, (row, col)), shape=(n, n))
        graph.sum_duplicates()
        (r, c), ours = median_of(runs, mentormatch.min_weight_full_bipartite_matching, graph)
        (sr, sc), theirs = median_of(runs, min_weight_full_bipartite_matching, graph)
        peer_total, peer = median_of(runs, ortools_matching, graph)
        total = graph[r, c].sum()
        agree = abs(graph[sr, sc].sum() - total) <= 1e-9 * total and abs(peer_total - total) <= 1e-6
        ok &= agree
        rows.append(
            [
                "min_weight_full_bipartite_matching",
                f"{n} x {n}, {graph.nnz} entries",
                f"{ours * 1e3:.0f}",
                f"{theirs * 1e3:.0f}",
                f"{peer * 1e3:.0f}",
                f"{theirs / ours:.1f}x",
                f"{peer / ours:.1f}x",
                "yes" if agree else "NO",
            ]
        )
        print(f"full matching {n}: {ours:.3f} s, scipy {theirs:.3f} s, OR-tools {peer:.3f} s", file=sys.stderr)
    for mentees in cohort_sizes:
        runs = repeats if mentees <= 10_000 else max(1, min(repeats, 3))
        mentors, k = mentees // 10, 50
        left_capacity = np.ones(mentees, np.int64)
        right_capacity = rng.integers(1, 6, mentors).astype(np.int64)
        left = np.repeat(np.arange(mentees), k)
        right = np.concatenate([rng.choice(mentors, k, replace=False) for _ in range(mentees)])
        edges = np.stack([left, right], axis=1).astype(np.int64)
        weights = rng.integers(1, 1_000_001, len(edges)) / 1e6
        (chosen, total), ours = median_of(runs, mentormatch.assign, left_capacity, right_capacity, edges, weights)
        peer_total, peer = median_of(runs, ortools_bmatching, left_capacity, right_capacity, edges, weights)
        agree = abs(peer_total - total) <= 1e-6
        ok &= agree
        rows.append(
            [
                "assign (b-matching, optimal)",
                f"{mentees} mentees x {mentors} mentors, K = {k}",
                f"{ours * 1e3:.0f}",
                "-",
                f"{peer * 1e3:.0f}",
                "-",
                f"{peer / ours:.1f}x",
                "yes" if agree else f"NO: {total} vs {peer_total}",
            ]
        )
        print(f"assign {mentees}: {ours:.3f} s, OR-tools {peer:.3f} s", file=sys.stderr)
    table(
        f"sparse solvers; medians of {repeats} runs (3 at the largest sizes), milliseconds",
        ["function", "instance", "mentormatch", "scipy", "OR-tools", "scipy / mm", "OR-tools / mm", "totals agree"],
        rows,
    )
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke test)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    ensure_venv()
    if args.quick:
        ok = dense([200], args.repeats) & sparse([2000], [2000], args.repeats)
    else:
        ok = dense([1000, 2000], args.repeats) & sparse([10_000, 30_000], [10_000, 100_000], args.repeats)
    if not ok:
        sys.exit("totals disagree")


if __name__ == "__main__":
    main()
