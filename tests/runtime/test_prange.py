"""Parallel loops: `transpyle.prange` (a range in CPython) and `# omp parallel do` comments.

With `openmp=True` the iterations run on several threads; every scalar the body assigns gets
its clause (passes/parallel_loops.py): reductions, private temporaries, lastprivate values read
after the loop. Integer results are exact; a float reduction sums in another order (a row of
docs/DIFFERENCES.md). Without `openmp=True` prange is a plain loop, bit for bit. Loops that
would race are refused at their location.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import TranspileError, compile_source

KERNELS = '''
import numpy as np
from transpyle import prange, transpile

@transpile(openmp=True)
def int_reductions(a: 'int[:]', b: 'int[:]') -> int:
    s = 0
    m = -10**9
    lo = 10**9
    for i in prange(len(a)):
        t = a[i] * 3 - 1
        b[i] = t % 7
        s += t
        m = max(m, t)
        lo = min(lo, a[i])
    return s + m - lo + i + t

@transpile(openmp=True)
def float_sum(x: 'float[:]') -> float:
    s = 0.0
    for i in prange(len(x)):
        s += x[i] * x[i]
    return s

@transpile
def float_sum_sequential(x: 'float[:]') -> float:
    s = 0.0
    for i in prange(len(x)):
        s += x[i] * x[i]
    return s

@transpile(openmp=True)
def rows(a: 'float[:,:]', out: 'float[:]') -> None:
    n, m = a.shape
    for i in prange(n):
        acc = 0.0
        for j in range(m):
            acc += a[i, j] * (j + 1)
        out[i] = acc

@transpile(openmp=True)
def escapes(c: 'float[:]', out: 'int[:]') -> int:
    total = 0
    for i in prange(len(c)):
        z = 0.0
        k = 0
        while k < 60 and abs(z) <= 2.0:
            z = z * z + c[i]
            k += 1
        out[i] = k
        total += k
    return total

@transpile(openmp=True)
def commented(a: 'int[:]', b: 'int[:]') -> int:
    s = 0
    # omp parallel do reduction(+:s)
    for i in range(len(a)):
        t = a[i] * a[i]
        b[i] = t - 1
        s += t
    return s
'''


def _array(rng: np.random.Generator, n: int, kind: str) -> str:
    if kind == "i":
        return "np.array([" + ", ".join(str(int(v)) for v in rng.integers(-50, 50, n)) + \
            "], dtype=np.int64)"
    return "np.array([" + ", ".join(repr(float(v)) for v in rng.normal(0, 2, n)) + "])"


def test_prange_loops_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = np.random.default_rng()
    calls = []
    for n in (1, 2, 7, 1000, 20011):
        a, b = _array(rng, n, "i"), f"np.zeros({n}, dtype=np.int64)"
        calls += [f"(lambda b: (int(int_reductions({a}, b)), b.tolist()))({b})",
                  f"(lambda b: (int(commented({a}, b)), b.tolist()))({b})",
                  f"float(float_sum_sequential({_array(rng, n, 'f')}))"]
        calls.append(f"(lambda out: (int(escapes({_array(rng, n, 'f')}, out)), out.tolist()))"
                     f"(np.zeros({n}, dtype=np.int64))")
        m = int(rng.integers(1, 9))
        calls.append(f"(lambda out: (rows({_array(rng, n * m, 'f')}.reshape({n}, {m}), out),"
                     f" out)[1])(np.zeros({n}))")
    env = {**__import__("os").environ, "OMP_NUM_THREADS": "2"}
    compiled, python = run_both(tmp_path, KERNELS, calls, env)
    assert compiled == python


def test_documented_difference_a_parallel_float_sum_adds_in_another_order(tmp_path) -> None:
    needs_gfortran()
    rng = np.random.default_rng()
    x = rng.normal(0, 1, 100_003)
    calls = [f"float(float_sum(np.array({x.tolist()!r})))"]
    env = {**__import__("os").environ, "OMP_NUM_THREADS": "2"}
    compiled, python = run_both(tmp_path, KERNELS, calls, env)
    got, want = (float.fromhex(eval(r[1])[1]) for r in (compiled[0], python[0]))
    # two threads, OpenMP's static schedule: each sums its half from 0.0, then the halves add
    half = (len(x) + 1) // 2
    parts = []
    for chunk in (x[:half], x[half:]):
        acc = 0.0
        for v in chunk.tolist():
            acc += v * v
        parts.append(acc)
    assert got == parts[0] + parts[1]
    assert got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize(("body", "message", "line"), [
    ("        s = s * 0.5 + a[i]", "'s' carries a value from one iteration", 6),
    ("        h[int(a[i]) % 4] += 1", "the array 'h' is written in a parallel loop", 6),
    ("        h[i] = h[i + 1]", "the array 'h' is written in a parallel loop", 6),
    ("        if a[i] > 0:\n            break", "'break' inside a parallel loop", 7),
    ("        if a[i] > 0:\n            t = a[i]", "'t' is assigned on some iterations", 5),
])
def test_loops_that_would_race_are_refused_at_their_location(body, message, line) -> None:
    source = ("from transpyle import prange\n"
              "def f(a: 'float[:]', h: 'int[:]') -> float:\n"
              "    s = 0.0\n    t = 0.0\n"
              f"    for i in prange(len(a)):\n{body}\n"
              "    return s + t\n")
    with pytest.raises(TranspileError) as err:
        compile_source(source, "fortran", filename="race.py")
    assert message in str(err.value)
    assert err.value.loc.file == "race.py" and err.value.loc.line == line


def test_prange_becomes_a_directive_with_its_clauses() -> None:
    source = ("from transpyle import prange\n"
              "def f(a: 'float[:]', b: 'float[:]') -> float:\n"
              "    s = 0.0\n"
              "    for i in prange(len(a)):\n"
              "        t = a[i] * 2.0\n"
              "        b[i] = t\n"
              "        s += t\n"
              "    return s + i\n")
    lines = [x.strip() for x in compile_source(source, "fortran").splitlines()]
    assert "!$omp parallel do private(t) lastprivate(i, tp_bound_i) reduction(+:s)" in lines


@pytest.mark.parametrize(("update", "dynamic"), [("s += k", True), ("s += k * 0.5", False)])
def test_iterations_of_unequal_cost_are_scheduled_dynamically(update: str, dynamic: bool) -> None:
    """A body with a `while` (a data-dependent trip count: Mandelbrot rows) gets
    schedule(dynamic) (benchmarks/parallel.py's mandel, benchmarks/RESULTS.md),
    unless a float reduction would then round by the threads' timing."""
    source = ("from transpyle import prange\n"
              "def f(c: 'float[:]') -> float:\n"
              f"    s = {'0' if dynamic else '0.0'}\n"
              "    for i in prange(len(c)):\n"
              "        z = 0.0\n        k = 0\n"
              "        while k < 9 and z < 4.0:\n"
              "            z = z * z + c[i]\n            k += 1\n"
              f"        {update}\n"
              "    return s\n")
    lines = [x.strip() for x in compile_source(source, "fortran").splitlines()]
    directive = next(x for x in lines if x.startswith("!$omp parallel do"))
    assert ("schedule(dynamic)" in directive) == dynamic, directive
