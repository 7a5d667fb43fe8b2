#!/usr/bin/env python3
"""Compare mentormatch's assignment with what users would otherwise pick.

Run from the repository root:

    python3 benches/compare_solvers.py [--quick] [--repeats 3] [--only sparse|dense]
        [--instance FILE]...

It creates a virtual environment under target/compare-solvers/venv with
numpy, scipy, lapx and ortools, then, on the same seeded instances, back to
back in one run:

- sparse b-matching (mentee capacity 1, mentor capacities 1-5, K random
  candidates per mentee, maximum total weight): mentormatch's `assign`
  (optimal policy; solve time, printed by `cargo run --release --example
  assign_timing`) against OR-tools' `SimpleMinCostFlow` (build + solve: the
  arrays are handed over vectorised). Families: unbalanced (100,000 x 20,000,
  K = 50: ~60,000 places for 100,000 mentees) and balanced (N x N/3, K = 30:
  places ~ mentees) at several sizes, each with uniform, coarse (10 distinct
  values) and score-like (four coarse criteria) weights. OR-tools needs
  integer costs: weights are rounded to multiples of 1e-6 for it (coarse and
  score-like weights are such multiples already, so both solve the same
  problem; uniform totals may differ by the rounding, at most 5e-7 a pair).
- dense assignment (n x n, maximise): scipy's `linear_sum_assignment`,
  lapjv (`lap.lapjv` from lapx), OR-tools' `SimpleMinCostFlow` on the
  complete graph and mentormatch's `assign_dense`, on uniform, coarse,
  score-like and Machol-Wien (score -i*j) matrices.

- `--instance FILE` (repeatable, instead of the families): a b-matching
  instance written by `cargo run --release --example profile_match --
  --people N 1 solve FILE` (the mentor problem `match` solves on a
  generated organisation: real candidate sets and scores), timed the same
  way as the sparse families; weights are rounded to 1e-6 for OR-tools.

It checks that every solver's total agrees with mentormatch's and prints one
table per part with medians and the ratio of the best peer to mentormatch.
"""

import argparse
import os
import statistics
import struct
import subprocess
import sys
import time
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "compare-solvers")
VENV = os.path.join(WORK, "venv")
PYTHON = os.path.join(VENV, "bin", "python")
BINARY = os.path.join(ROOT, "target", "release", "examples", "assign_timing")
PACKAGES = ["numpy", "scipy", "lapx", "ortools"]


def ensure_venv():
    """Re-run this script inside a venv that has the peers installed."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(PYTHON):
        print(f"creating {VENV}", file=sys.stderr)
        venv.create(VENV, with_pip=True)
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet"] + PACKAGES, check=True)
    os.execv(PYTHON, [PYTHON, os.path.abspath(__file__)] + sys.argv[1:])


def read_problem(path):
    """The instance written by `assign_timing sparse ... FILE`."""
    import numpy as np

    data = open(path, "rb").read()
    n_left, n_right, n_edges = struct.unpack_from("<QQQ", data, 0)
    at = 24
    left_cap = np.frombuffer(data, dtype="<u4", count=n_left, offset=at)
    at += 4 * n_left
    right_cap = np.frombuffer(data, dtype="<u4", count=n_right, offset=at)
    at += 4 * n_right
    edges = np.frombuffer(
        data, dtype=np.dtype([("l", "<u4"), ("r", "<u4"), ("w", "<f8")]), count=n_edges, offset=at
    )
    return n_left, n_right, left_cap, right_cap, edges


def ortools_sparse(problem):
    """Maximum-weight b-matching as a min-cost flow; returns (total, seconds)."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    n_left, n_right, left_cap, right_cap, edges = problem
    start = time.perf_counter()
    source, sink = n_left + n_right, n_left + n_right + 1
    cost = -np.rint(edges["w"] * 1e6).astype(np.int64)
    tails = np.concatenate(
        [np.full(n_left, source), edges["l"].astype(np.int64), n_left + np.arange(n_right), [source]]
    )
    heads = np.concatenate(
        [np.arange(n_left), n_left + edges["r"].astype(np.int64), np.full(n_right, sink), [sink]]
    )
    supply = int(left_cap.sum())
    caps = np.concatenate(
        [left_cap.astype(np.int64), np.ones(len(edges), np.int64), right_cap.astype(np.int64), [supply]]
    )
    costs = np.concatenate([np.zeros(n_left, np.int64), cost, np.zeros(n_right, np.int64), [0]])
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_nodes_supplies(np.array([source, sink]), np.array([supply, -supply]))
    status = flow.solve()
    seconds = time.perf_counter() - start
    if status != flow.OPTIMAL:
        sys.exit(f"OR-tools: status {status}")
    flows = flow.flows(arcs[n_left : n_left + len(edges)])
    total = float(edges["w"][flows > 0].sum())
    return total, seconds


def ours_sparse(args, write=None):
    """Runs assign_timing; returns (pairs, total, solve seconds)."""
    command = [BINARY, "sparse"] + [str(a) for a in args] + ([write] if write else [])
    fields = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
    return int(fields[1]), float(fields[2]), float(fields[4])


def print_table(title, header, alignment, rows):
    """One part's Markdown table, under its title."""
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print(alignment)
    print("\n".join(rows))


def instance_part(paths, repeats):
    rows = []
    ok = True
    for path in paths:
        problem = read_problem(path)
        n_left, n_right, left_cap, right_cap, edges = problem
        ours, peer = [], []
        for _ in range(repeats):
            fields = subprocess.run(
                [BINARY, "file", path], check=True, capture_output=True, text=True
            ).stdout.split()
            pairs, total = int(fields[1]), float(fields[2])
            ours.append(float(fields[4]))
            peer_total, seconds = ortools_sparse(problem)
            peer.append(seconds)
        agree = abs(peer_total - total) <= 5e-7 * pairs + 1e-9 * max(1.0, abs(total))
        ok &= agree
        o, p = statistics.median(ours), statistics.median(peer)
        verdict = "yes" if agree else f"NO: {total} vs {peer_total}"
        label = f"{os.path.basename(path)}: {n_left} x {n_right}, {int(right_cap.sum())} places, {len(edges)} edges"
        rows.append(f"| {label} | {o:.2f} | {p:.2f} | {p / o:.1f}x | {verdict} |")
        print(f"instance {label}: mentormatch {o:.2f} s, OR-tools {p:.2f} s", file=sys.stderr)
    print_table(
        f"instances; medians of {repeats} runs",
        ["instance", "mentormatch solve (s)", "OR-tools build + solve (s)", "OR-tools / mentormatch", "totals agree"],
        "|---|---:|---:|---:|---|",
        rows,
    )
    return ok


def sparse_part(sizes, repeats):
    path = os.path.join(WORK, "sparse.bin")
    rows = []
    ok = True
    for label, mentees, mentors, k in sizes:
        for family in ["uniform", "coarse", "score-like"]:
            args = [mentees, mentors, k, 1, family]
            ours, peer = [], []
            for run in range(repeats):
                pairs, total, seconds = ours_sparse(args, write=path if run == 0 else None)
                ours.append(seconds)
                if run == 0:
                    problem = read_problem(path)
                peer_total, peer_seconds = ortools_sparse(problem)
                peer.append(peer_seconds)
            # Uniform weights were rounded to 1e-6 for OR-tools.
            tolerance = 1e-9 * max(1.0, abs(total)) + (5e-7 * pairs if family == "uniform" else 0)
            agree = abs(peer_total - total) <= tolerance
            ok &= agree
            o, p = statistics.median(ours), statistics.median(peer)
            verdict = "yes" if agree else f"NO: {total} vs {peer_total}"
            rows.append(f"| {label} | {family} | {o:.2f} | {p:.2f} | {p / o:.1f}x | {verdict} |")
            print(f"sparse {label} {family}: mentormatch {o:.2f} s, OR-tools {p:.2f} s", file=sys.stderr)
        del problem
    print_table(
        f"sparse b-matching; medians of {repeats} runs",
        ["instance", "weights", "mentormatch solve (s)", "OR-tools build + solve (s)", "OR-tools / mentormatch", "totals agree"],
        "|---|---|---:|---:|---:|---|",
        rows,
    )
    return ok


def dense_matrices(sizes, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    for n in sizes:
        yield "uniform", n, rng.random((n, n))
        yield "coarse", n, rng.integers(0, 10, size=(n, n)).astype(np.float64) / 10.0
        levels = rng.integers(0, 5, size=(4, n, n)).astype(np.float64) / 4.0
        shares = np.array([0.4, 0.3, 0.2, 0.1]).reshape(4, 1, 1)
        yield "score-like", n, (levels * shares).sum(axis=0)
        if n <= 2000:
            i = np.arange(1, n + 1, dtype=np.float64)
            yield "Machol-Wien", n, -np.outer(i, i)


def ortools_dense(scores):
    import numpy as np
    from ortools.graph.python import min_cost_flow

    n = scores.shape[0]
    start = time.perf_counter()
    # Scores here are multiples of 1/40 or integers, or uniform: scale so
    # every distinct value survives as an integer cost.
    cost = -np.rint(scores * 1e6).astype(np.int64).ravel()
    rows = np.repeat(np.arange(n), n)
    cols = n + np.tile(np.arange(n), n)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(rows, cols, np.ones(n * n, np.int64), cost)
    flow.set_nodes_supplies(np.arange(2 * n), np.concatenate([np.ones(n, np.int64), -np.ones(n, np.int64)]))
    status = flow.solve()
    seconds = time.perf_counter() - start
    if status != flow.OPTIMAL:
        sys.exit(f"OR-tools: status {status}")
    flows = np.asarray(flow.flows(np.arange(n * n)))
    total = float(scores.ravel()[flows > 0].sum())
    return total, seconds


def dense_part(sizes, repeats, seed):
    import lap
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    path = os.path.join(WORK, "matrix.bin")
    rows_out = []
    ok = True
    for name, n, scores in dense_matrices(sizes, seed):
        with open(path, "wb") as out:
            out.write(struct.pack("<QQ", n, n))
            out.write(np.ascontiguousarray(scores, dtype="<f8").tobytes())
        times = {"scipy": [], "lapjv": [], "OR-tools": []}
        totals = {}
        for _ in range(repeats):
            start = time.perf_counter()
            r, c = linear_sum_assignment(scores, maximize=True)
            times["scipy"].append(time.perf_counter() - start)
            totals["scipy"] = float(scores[r, c].sum())
            cost = -scores
            start = time.perf_counter()
            _, x, _ = lap.lapjv(cost)
            times["lapjv"].append(time.perf_counter() - start)
            totals["lapjv"] = float(scores[np.arange(n), x].sum())
            if n <= 2000:
                totals["OR-tools"], seconds = ortools_dense(scores)
                times["OR-tools"].append(seconds)
        fields = subprocess.run(
            [BINARY, "dense", path, str(repeats)], check=True, capture_output=True, text=True
        ).stdout.split()
        ours_total = float(fields[4])
        ours = statistics.median(float(t) for t in fields[5:])
        scale = max(1.0, abs(ours_total))
        tolerance = {"uniform": 5e-7 * n}.get(name, 0.0) + 1e-9 * scale
        agree = all(
            abs(t - ours_total) <= (tolerance if peer == "OR-tools" else 1e-9 * scale)
            for peer, t in totals.items()
        )
        ok &= agree
        medians = {peer: statistics.median(t) for peer, t in times.items() if t}
        best_peer = min(medians, key=medians.get)
        cells = " | ".join(f"{medians[p]:.3f}" if p in medians else "-" for p in ["scipy", "lapjv", "OR-tools"])
        verdict = "yes" if agree else f"NO: {totals} vs {ours_total}"
        rows_out.append(
            f"| {name} | {n} | {cells} | {ours:.3f} | {medians[best_peer] / ours:.1f}x ({best_peer}) | {verdict} |"
        )
        print(f"dense {name} {n}: mentormatch {ours:.3f} s, best peer {best_peer} {medians[best_peer]:.3f} s", file=sys.stderr)
    print_table(
        f"dense assignment (maximise); medians of {repeats} runs; OR-tools min-cost flow up to n = 2000",
        ["matrix", "n", "scipy (s)", "lapjv (s)", "OR-tools (s)", "mentormatch (s)", "best peer / mentormatch", "totals agree"],
        "|---|---:|---:|---:|---:|---:|---|---|",
        rows_out,
    )
    return ok


def main():
    ensure_venv()
    import ortools
    import scipy

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--only", choices=["sparse", "dense"])
    parser.add_argument("--instance", action="append", default=[], help="an instance file instead of the families")
    args = parser.parse_args()

    os.makedirs(WORK, exist_ok=True)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "mentormatch", "--example", "assign_timing"],
        cwd=ROOT,
        check=True,
    )
    print(f"scipy {scipy.__version__}, ortools {ortools.__version__}, lapx (lap.lapjv)")
    ok = True
    if args.instance:
        if not instance_part(args.instance, args.repeats):
            sys.exit("totals disagree")
        return
    if args.only != "dense":
        sizes = [("balanced 15k x 5k, K = 30", 15000, 5000, 30)]
        if not args.quick:
            sizes += [
                ("balanced 30k x 10k, K = 30", 30000, 10000, 30),
                ("balanced 60k x 20k, K = 30", 60000, 20000, 30),
                ("unbalanced 100k x 20k, K = 50", 100000, 20000, 50),
            ]
        ok &= sparse_part(sizes, args.repeats)
    if args.only != "sparse":
        ok &= dense_part([1000] if args.quick else [1000, 2000, 4000], args.repeats, args.seed)
    if not ok:
        sys.exit("totals disagree")


if __name__ == "__main__":
    main()
