#!/usr/bin/env python3
"""Compare mentormatch's dense assignment with scipy's linear_sum_assignment.

Run from the repository root:

    python3 benches/compare_scipy.py [--sizes 1000 2000 4000] [--repeats 3]

It creates a virtual environment under target/compare-scipy/venv with numpy
and scipy, generates seeded dense score matrices (uniform in [0, 1), and
coarse: ten distinct values k/10), writes them to one binary file, times
scipy.optimize.linear_sum_assignment(maximize=True) on each, runs
`cargo run --release --example assign_timing -- dense FILE REPEATS` on the
same file (it times only the solve), checks that the totals agree, and
prints a table of medians. It then runs the sparse problem (100,000 mentees x
20,000 mentors, capacities 1-5, 50 candidates each, optimal policy) under
/usr/bin/time -v and reports its solve time and peak memory.
"""

import argparse
import os
import re
import statistics
import struct
import subprocess
import sys
import time
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "compare-scipy")
VENV = os.path.join(WORK, "venv")
PYTHON = os.path.join(VENV, "bin", "python")


def ensure_venv():
    """Re-run this script inside a venv that has numpy and scipy."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(PYTHON):
        print(f"creating {VENV}", file=sys.stderr)
        venv.create(VENV, with_pip=True)
        subprocess.run(
            [PYTHON, "-m", "pip", "install", "--quiet", "numpy", "scipy"], check=True
        )
    os.execv(PYTHON, [PYTHON, os.path.abspath(__file__)] + sys.argv[1:])


def matrices(sizes, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    for n in sizes:
        yield f"uniform {n}", rng.random((n, n))
        yield f"coarse {n}", rng.integers(0, 10, size=(n, n)).astype(np.float64) / 10.0


def main():
    ensure_venv()
    import numpy as np
    import scipy
    from scipy.optimize import linear_sum_assignment

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--skip-sparse", action="store_true")
    args = parser.parse_args()

    os.makedirs(WORK, exist_ok=True)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "mentormatch", "--example", "assign_timing"],
        cwd=ROOT,
        check=True,
    )
    binary = os.path.join(ROOT, "target", "release", "examples", "assign_timing")
    path = os.path.join(WORK, "matrix.bin")

    # Each matrix is timed by scipy and by mentormatch back to back, so that
    # both see the same machine load.
    rows_out = []
    all_agree = True
    for name, scores in matrices(args.sizes, args.seed):
        rows, cols = scores.shape
        with open(path, "wb") as out:
            out.write(struct.pack("<QQ", rows, cols))
            out.write(np.ascontiguousarray(scores, dtype="<f8").tobytes())
        scipy_times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            r, c = linear_sum_assignment(scores, maximize=True)
            scipy_times.append(time.perf_counter() - start)
        scipy_total = float(scores[r, c].sum())
        fields = subprocess.run(
            [binary, "dense", path, str(args.repeats)], check=True, capture_output=True, text=True
        ).stdout.split()
        ours_total = float(fields[4])
        ours_times = [float(t) for t in fields[5:]]
        agree = abs(ours_total - scipy_total) <= 1e-9 * max(1.0, abs(scipy_total))
        all_agree &= agree
        s, o = statistics.median(scipy_times), statistics.median(ours_times)
        verdict = "yes" if agree else f"NO: {scipy_total} vs {ours_total}"
        rows_out.append(f"| {name} | {s:.3f} | {o:.3f} | {s / o:.1f}x | {verdict} |")
        print(f"{name}: scipy {s:.3f} s, mentormatch {o:.3f} s", file=sys.stderr)

    print(f"\nscipy {scipy.__version__}, numpy {np.__version__}; medians of {args.repeats} runs\n")
    print("| matrix | scipy (s) | mentormatch (s) | speed-up | totals agree |")
    print("|---|---:|---:|---:|---|")
    print("\n".join(rows_out))

    if not args.skip_sparse:
        result = subprocess.run(
            ["/usr/bin/time", "-v", binary, "sparse", "100000", "20000", "50", "1"],
            check=True,
            capture_output=True,
            text=True,
        )
        _, pairs, total, build, solve = result.stdout.split()
        rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
        print(
            f"\nsparse 100,000 x 20,000 (capacities 1-5, 50 candidates each, optimal): "
            f"{pairs} pairs, total {float(total):.6f}, built in {build} s, solved in {solve} s, "
            f"peak RSS {rss_kb / 1024:.0f} MiB (whole process)"
        )
    if not all_agree:
        sys.exit("totals disagree")


if __name__ == "__main__":
    main()
