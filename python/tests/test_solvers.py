"""The scipy-compatible solvers against scipy on seeded random inputs: the
same optimum (totals within 1e-9, relative), the same output shapes and
dtypes, the same errors; and `assign` against an expanded assignment."""

import warnings

import numpy as np
import pytest

import mentormatch

scipy_optimize = pytest.importorskip("scipy.optimize")
sparse = pytest.importorskip("scipy.sparse")
csgraph = pytest.importorskip("scipy.sparse.csgraph")


def total(cost, rows, cols):
    return float(np.asarray(cost, dtype=float)[rows, cols].sum()) if len(rows) else 0.0


def assert_same_total(ours, theirs, scale):
    # Relative to the chosen entries' magnitude, so totals near zero compare too.
    assert abs(ours - theirs) <= 1e-9 * max(scale, 1e-300), (ours, theirs)


def check_dense(cost, maximize=False):
    """Our answer is a valid assignment with scipy's total, shapes and dtypes."""
    expected = scipy_optimize.linear_sum_assignment(cost, maximize=maximize)
    rows, cols = mentormatch.linear_sum_assignment(cost, maximize=maximize)
    assert rows.dtype == np.int64 and cols.dtype == np.int64
    assert len(rows) == len(expected[0]) == min(np.shape(cost))
    assert np.all(np.diff(rows) > 0), "rows sorted and distinct"
    assert len(set(cols.tolist())) == len(cols), "columns distinct"
    if np.shape(cost)[0] <= np.shape(cost)[1]:
        np.testing.assert_array_equal(rows, expected[0])
    values = np.asarray(cost, dtype=float)
    assert np.all(np.isfinite(values[rows, cols])), "no forbidden pair chosen"
    scale = float(np.abs(values[expected]).sum()) if len(rows) else 0.0
    assert_same_total(total(cost, rows, cols), total(cost, *expected), scale)


SHAPES = [(1, 1), (2, 2), (5, 5), (7, 3), (3, 7), (20, 20), (30, 45), (45, 30), (64, 64)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("maximize", [False, True])
def test_uniform(shape, maximize):
    rng = np.random.default_rng(hash(shape) % 2**32 + maximize)
    for _ in range(5):
        check_dense(rng.random(shape), maximize)


@pytest.mark.parametrize("shape", SHAPES)
def test_ties_and_integers(shape):
    rng = np.random.default_rng(sum(shape))
    for values in (3, 10):
        cost = rng.integers(-values, values, size=shape)
        check_dense(cost)
        check_dense(cost, maximize=True)
        check_dense(cost.astype(np.int8))
        check_dense(cost.astype(np.uint16) if cost.min() >= 0 else np.abs(cost).astype(np.uint16))
    check_dense(np.zeros(shape))
    check_dense(np.full(shape, 7.0), maximize=True)


@pytest.mark.parametrize("shape", SHAPES)
def test_booleans(shape):
    rng = np.random.default_rng(7 * sum(shape))
    cost = rng.random(shape) < 0.5
    check_dense(cost)
    check_dense(cost, maximize=True)
    check_dense(cost.tolist())


def test_lists_and_array_likes():
    check_dense([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    check_dense(((1.5, 2.5), (3.5, 0.5)))
    check_dense(np.asarray([[1, 2], [3, 4]], dtype=np.float32))
    check_dense(np.asfortranarray(np.arange(12.0).reshape(3, 4) % 5))
    check_dense(np.arange(30.0).reshape(5, 6)[:, ::2])  # not contiguous


@pytest.mark.parametrize("scale", [1e-300, 1e-12, 1e12, 1e300])
def test_huge_and_tiny(scale):
    rng = np.random.default_rng(int(np.log10(scale)) + 400)
    for shape in [(10, 10), (8, 13), (40, 40)]:
        check_dense(rng.random(shape) * scale)
        check_dense(rng.random(shape) * scale, maximize=True)


def test_integers_up_to_2_pow_48_are_exact():
    rng = np.random.default_rng(48)
    cost = rng.integers(0, 2**48, size=(30, 30))
    rows, cols = mentormatch.linear_sum_assignment(cost)
    expected = scipy_optimize.linear_sum_assignment(cost)
    assert int(cost[rows, cols].sum()) == int(cost[expected].sum())


@pytest.mark.parametrize("spread", [6, 10, 14])
def test_mixed_magnitudes(spread):
    # Entries over up to 28 orders of magnitude, the optimum made of the tiny
    # ones: far below the solver's quantum at first, found by the refinement.
    rng = np.random.default_rng(spread)
    for shape in [(10, 10), (60, 60), (12, 30), (30, 12)]:
        cost = rng.random(shape) * 10.0 ** rng.integers(-spread, spread, size=shape)
        check_dense(cost)
        check_dense(cost, maximize=True)
        forbidden = cost.copy()
        forbidden[rng.random(shape) < 0.3] = np.inf
        check_dense(forbidden)
        check_sparse(sparse.csr_matrix(cost))
        check_sparse(sparse.csr_matrix(np.where(rng.random(shape) < 0.5, cost, 0.0)))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("maximize", [False, True])
def test_forbidden_entries(shape, maximize):
    rng = np.random.default_rng(3 * sum(shape) + maximize)
    banned = np.inf if not maximize else -np.inf
    for density in (0.2, 0.5, 0.8):
        cost = rng.random(shape)
        cost[rng.random(shape) < density] = banned
        try:
            scipy_optimize.linear_sum_assignment(cost, maximize=maximize)
        except ValueError as error:
            with pytest.raises(ValueError, match=str(error)):
                mentormatch.linear_sum_assignment(cost, maximize=maximize)
        else:
            check_dense(cost, maximize)


@pytest.mark.parametrize("shape", [(0, 0), (0, 3), (3, 0)])
def test_empty(shape):
    rows, cols = mentormatch.linear_sum_assignment(np.zeros(shape))
    assert rows.dtype == cols.dtype == np.int64
    assert len(rows) == len(cols) == 0


BAD = [
    ([[1.0, np.nan]], False),
    ([[1.0, -np.inf]], False),
    ([[1.0, np.inf]], True),
    ([[np.inf, np.inf]], False),
    ([[-np.inf, -np.inf]], True),
    ([[np.inf, 1.0], [np.inf, 2.0]], False),
    ([[np.inf, 1.0, np.inf], [np.inf, 2.0, np.inf]], False),
    ([[np.inf, np.inf], [1.0, 2.0], [3.0, 4.0]], False),  # tall: a column can be left
    ([1.0, 2.0], False),
    ([[[1.0]]], False),
    (5.0, False),
    ([[None]], False),
    ([["a"]], False),
    ([[1, 2], [3]], False),
    (np.array([[1, 2]], dtype=object), False),
    (np.array([[1 + 1j]]), False),
    (np.array([["1"]]), False),
]


@pytest.mark.parametrize("cost, maximize", BAD)
def test_errors_are_scipys(cost, maximize):
    try:
        expected = scipy_optimize.linear_sum_assignment(cost, maximize=maximize)
    except (ValueError, TypeError) as error:
        with pytest.raises(type(error)) as raised:
            mentormatch.linear_sum_assignment(cost, maximize=maximize)
        assert str(raised.value) == str(error)
    else:
        rows, cols = mentormatch.linear_sum_assignment(cost, maximize=maximize)
        assert total(cost, rows, cols) == total(cost, *expected)


def test_gil_released_solves_in_threads():
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.default_rng(5)
    matrices = [rng.random((150, 150)) for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(mentormatch.linear_sum_assignment, matrices))
    for cost, (rows, cols) in zip(matrices, results):
        expected = scipy_optimize.linear_sum_assignment(cost)
        assert_same_total(total(cost, rows, cols), total(cost, *expected), 150.0)


def test_gil_is_released_while_solving():
    """A Python thread keeps counting while another thread solves: with the
    GIL held it could not (but for one switch interval)."""
    import sys
    import threading
    import time

    cost = np.random.default_rng(8).random((1500, 1500))
    count, stop = [0], threading.Event()

    def counter():
        while not stop.is_set():
            count[0] += 1

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    thread = threading.Thread(target=counter)
    thread.start()
    try:
        time.sleep(0.05)
        before, start = count[0], time.perf_counter()
        time.sleep(0.1)
        rate = (count[0] - before) / (time.perf_counter() - start)  # counts a second, sharing the GIL
        before, start = count[0], time.perf_counter()
        mentormatch.linear_sum_assignment(cost)
        during, seconds = count[0] - before, time.perf_counter() - start
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)
    assert seconds > 0.01, "the solve is long enough to tell"
    assert during > 0.2 * rate * seconds, (during, rate, seconds)


# --- min_weight_full_bipartite_matching ---------------------------------


def check_sparse(graph, maximize=False):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = csgraph.min_weight_full_bipartite_matching(graph, maximize=maximize)
    except ValueError as error:
        with pytest.raises(ValueError) as raised, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mentormatch.min_weight_full_bipartite_matching(graph, maximize=maximize)
        assert str(raised.value) == str(error)
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows, cols = mentormatch.min_weight_full_bipartite_matching(graph, maximize=maximize)
    assert rows.dtype == expected[0].dtype and cols.dtype == expected[1].dtype
    assert len(rows) == len(expected[0]) == min(graph.shape)
    assert np.all(np.diff(rows) > 0) and len(set(cols.tolist())) == len(cols)
    dense = graph.toarray()
    assert np.all(dense[rows, cols] != 0), "only edges chosen"
    # Arrays numpy owns, which scipy's sparse indexing can take.
    assert rows.flags.owndata and cols.flags.owndata
    assert graph.tocsr()[rows, cols].shape[-1] == len(rows)
    scale = float(np.abs(dense[expected]).sum()) if len(rows) else 0.0
    assert_same_total(total(dense, rows, cols), total(dense, *expected), scale)
    return True


@pytest.mark.parametrize("shape", SHAPES + [(100, 100), (60, 150), (150, 60)])
@pytest.mark.parametrize("maximize", [False, True])
def test_sparse_random(shape, maximize):
    rng = np.random.default_rng(11 * sum(shape) + maximize)
    solved = 0
    for density in (0.1, 0.3, 0.7, 1.0):
        for make in (sparse.csr_matrix, sparse.csc_matrix, sparse.coo_matrix, sparse.csr_array):
            dense = rng.random(shape) + 0.01
            dense[rng.random(shape) > density] = 0
            solved += check_sparse(make(dense), maximize)
    assert solved > 0


@pytest.mark.parametrize("shape", [(10, 10), (12, 20), (20, 12)])
def test_sparse_ties_integers_negatives(shape):
    rng = np.random.default_rng(sum(shape))
    for _ in range(5):
        dense = rng.integers(-3, 4, size=shape)
        check_sparse(sparse.csr_matrix(dense))
        check_sparse(sparse.csr_matrix(dense), maximize=True)
        check_sparse(sparse.csr_matrix(dense.astype(np.int8)))
    check_sparse(sparse.csr_matrix(rng.random(shape) < 0.6))


def test_sparse_explicit_zeros_warn_and_are_removed():
    graph = sparse.csr_matrix(([0.0, 1.0, 2.0, 3.0], ([0, 0, 1, 1], [0, 1, 0, 1])), shape=(2, 2))
    with pytest.warns(UserWarning, match="explicit zero weights are removed before matching"):
        rows, cols = mentormatch.min_weight_full_bipartite_matching(graph)
    assert cols.tolist() == [1, 0]
    only_zero = sparse.csr_matrix(([0.0, 1.0], ([0, 1], [0, 1])), shape=(2, 2))
    with pytest.raises(ValueError, match="no full matching exists"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mentormatch.min_weight_full_bipartite_matching(only_zero)


def test_sparse_infinities_and_nan():
    inf, nan = np.inf, np.nan
    for dense, maximize in [
        ([[inf, 1], [1, inf]], False),
        ([[inf, 1], [inf, 1]], False),
        ([[-inf, 1], [1, 5]], True),
        ([[nan, 1], [1, 5]], False),
        ([[nan, 1], [nan, 1]], False),
    ]:
        check_sparse(sparse.csr_matrix(dense), maximize)
    # scipy's result for -inf is undefined; ours is an error.
    with pytest.raises(ValueError, match="invalid numeric entries"):
        mentormatch.min_weight_full_bipartite_matching(sparse.csr_matrix([[-inf, 2.0], [3.0, 4.0]]))


def test_sparse_duplicates_keep_the_cheapest():
    # A CSR matrix with the same pair stored twice (not canonical).
    graph = sparse.csr_matrix((np.array([5.0, 1.0, 2.0, 3.0]), np.array([0, 0, 1, 1]), np.array([0, 2, 4])), shape=(2, 2))
    assert not graph.has_canonical_format
    rows, cols = mentormatch.min_weight_full_bipartite_matching(graph)
    assert cols.tolist() == [0, 1]


@pytest.mark.parametrize("shape", [(0, 0), (0, 3), (3, 0)])
def test_sparse_empty(shape):
    check_sparse(sparse.csr_matrix(shape))


def test_sparse_type_errors_are_scipys():
    for graph in [np.array([[1, 2], [3, 4]]), [[1, 2]], sparse.lil_matrix([[1, 2], [3, 4]])]:
        with pytest.raises(TypeError) as error:
            csgraph.min_weight_full_bipartite_matching(graph)
        with pytest.raises(TypeError) as ours:
            mentormatch.min_weight_full_bipartite_matching(graph)
        assert str(ours.value) == str(error.value)


# --- assign --------------------------------------------------------------


def expanded_optimum(n_left, right_capacity, edges, weights):
    """The optimal policy's total by scipy: each right node copied once per
    unit of capacity (left capacities are 1, so no pair can repeat), missing
    and negative edges worth 0 (left unmatched)."""
    copies = [j for j, c in enumerate(right_capacity) for _ in range(c)]
    gain = np.zeros((n_left, max(len(copies), 1)))
    best = {}
    for (i, j), w in zip(edges, weights):
        best.setdefault((i, j), w)  # the first occurrence represents a pair
    for k, j in enumerate(copies):
        for i in range(n_left):
            gain[i, k] = max(best.get((i, j), 0.0), 0.0)
    rows, cols = scipy_optimize.linear_sum_assignment(gain, maximize=True)
    return gain[rows, cols].sum()


@pytest.mark.parametrize("seed", range(12))
def test_assign_optimal_against_expansion(seed):
    rng = np.random.default_rng(seed)
    n_left, n_right = rng.integers(1, 25), rng.integers(1, 10)
    right_capacity = rng.integers(0, 4, size=n_right)
    n_edges = rng.integers(0, n_left * n_right + 1)
    edges = np.stack([rng.integers(0, n_left, n_edges), rng.integers(0, n_right, n_edges)], axis=1)
    weights = rng.integers(-5, 20, n_edges) / 4.0
    chosen, total_weight = mentormatch.assign(np.ones(n_left, dtype=int), right_capacity, edges, weights)
    assert chosen.dtype == np.int64 and np.all(np.diff(chosen) > 0)
    assert total_weight == pytest.approx(weights[chosen].sum(), abs=1e-12)
    assert total_weight == pytest.approx(expanded_optimum(n_left, right_capacity, edges, weights), abs=1e-9)
    assert np.all(np.bincount(edges[chosen, 1], minlength=n_right) <= right_capacity)
    assert np.all(np.bincount(edges[chosen, 0], minlength=n_left) <= 1)


@pytest.mark.parametrize("policy", ["optimal", "coverage", "stable", "greedy"])
def test_assign_policies_respect_capacities(policy):
    rng = np.random.default_rng(99)
    left_capacity, right_capacity = rng.integers(1, 3, 40), rng.integers(0, 4, 15)
    pairs = {(int(a), int(b)) for a, b in zip(rng.integers(0, 40, 300), rng.integers(0, 15, 300))}
    edges = np.array(sorted(pairs))
    weights = rng.random(len(edges))
    chosen, total_weight = mentormatch.assign(left_capacity, right_capacity, edges, weights, policy=policy)
    assert np.all(np.bincount(edges[chosen, 0], minlength=40) <= left_capacity)
    assert np.all(np.bincount(edges[chosen, 1], minlength=15) <= right_capacity)
    assert total_weight == pytest.approx(weights[chosen].sum())
    optimum = mentormatch.assign(left_capacity, right_capacity, edges, weights).total
    assert total_weight <= optimum + 1e-12
    if policy == "greedy":
        assert total_weight >= optimum / 2


def test_assign_the_docs_example():
    edges = [(0, 0), (0, 1), (1, 0), (1, 1)]
    weights = [9.0, 8.0, 7.0, 1.0]
    result = mentormatch.assign([1, 1], [2, 1], edges, weights)
    assert result.total == 16.0 and result.edges.tolist() == [0, 2]  # 9 + 7
    chosen, total_weight = mentormatch.assign([1, 1], [1, 1], edges, weights, policy="greedy")
    assert total_weight == 10.0 and chosen.tolist() == [0, 3]


def test_assign_empty():
    chosen, total_weight = mentormatch.assign([], [], np.zeros((0, 2), dtype=int), [])
    assert chosen.tolist() == [] and total_weight == 0.0
    chosen, total_weight = mentormatch.assign([1], [1], [], [])
    assert chosen.tolist() == [] and total_weight == 0.0


@pytest.mark.parametrize(
    "args, message",
    [
        (([1], [1], [(0, 0)], [1.0], "best"), "unknown policy"),
        (([1], [1], [(0, 1)], [1.0]), "out of range"),
        (([1], [1], [(-1, 0)], [1.0]), "out of range"),
        (([1], [1], [(0, 0)], [np.nan]), "not finite"),
        (([1], [1], [(0, 0)], [np.inf]), "not finite"),
        (([-1], [1], [(0, 0)], [1.0]), "capacity"),
        (([1], [1], [(0, 0)], [1.0, 2.0]), "2 weights for 1 edges"),
        (([1], [1], [(0, 0, 0)], [1.0]), r"\(E, 2\)"),
        (([1], [1], [(0.5, 0)], [1.0]), "integers"),
    ],
)
def test_assign_errors(args, message):
    with pytest.raises(ValueError, match=message):
        mentormatch.assign(*args)
