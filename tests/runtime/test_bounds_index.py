"""Element indexing as CPython and NumPy have it: negative indices held in variables count from
the end (always); with boundscheck=True (or TRANSPYLE_BOUNDSCHECK=1) an index out of range
raises NumPy's IndexError, naming index, axis and extent, and the process survives. Fresh random
indices, each mode in a fresh interpreter (tests/isolated.py)."""

from __future__ import annotations

import os
import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import compile_source

SOURCE = '''
from transpyle import transpile

@transpile{options}
def get(x: 'float[:]', i: int) -> float:
    return x[i]

@transpile{options}
def put(x: 'float[:]', i: int, v: float) -> None:
    x[i] = v

@transpile{options}
def get2(a: 'float[:,:]', i: int, j: int) -> float:
    return a[i, j] * 2.0

@transpile{options}
def walk(x: 'float[:]', start: int, step: int, count: int) -> float:
    s = 0.0
    k = start
    for _ in range(count):
        s = s * 0.5 + x[k]
        k = k + step
    return s
'''


def _calls(rnd: random.Random, n: int, m: int, spread: int) -> list[str]:
    x = f"np.arange({n}.0) * 1.5 + 0.25"
    a = f"np.arange({n * m}.0).reshape({n}, {m})"
    calls = []
    for _ in range(6):
        i = rnd.randint(-n - spread, n - 1 + spread)
        calls += [f"get({x}, {i})", f"(lambda x: (put(x, {i}, -9.5), x)[1])({x})"]
        j = rnd.randint(-m - spread, m - 1 + spread)
        calls.append(f"get2({a}, {rnd.randint(-n, n - 1)}, {j})")
        calls.append(f"get2({a}, {i}, {rnd.randint(-m, m - 1)})")
    calls.append(f"walk({x}, {n - 1}, -1, {n})")
    calls.append(f"walk({x}, {rnd.randint(-n, -1)}, 1, {rnd.randint(1, n)})")
    return calls


def test_negative_indices_wrap_as_in_python(tmp_path) -> None:
    needs_gfortran()
    rnd = random.Random()
    calls = _calls(rnd, rnd.randint(3, 9), rnd.randint(2, 6), 0)
    compiled, python = run_both(tmp_path, SOURCE.format(options=""), calls)
    assert compiled == python, [(c, g, w) for c, g, w in zip(calls, compiled, python,
                                                                strict=True) if g != w]


def test_boundscheck_raises_index_error(tmp_path) -> None:
    needs_gfortran()
    rnd = random.Random()
    calls = _calls(rnd, rnd.randint(3, 9), rnd.randint(2, 6), 4)
    calls += ["get(np.zeros(4), 4)", "get(np.zeros(4), -5)", "get(np.zeros(0), 0)",
              "walk(np.zeros(5), 2, 2, 3)", "get(np.ones(3), 1)"]
    compiled, python = run_both(tmp_path, SOURCE.format(options="(boundscheck=True)"), calls)
    assert compiled == python, [(c, g, w) for c, g, w in zip(calls, compiled, python,
                                                                strict=True) if g != w]
    assert any(p[0] == "raise" for p in python)
    env = {**os.environ, "TRANSPYLE_BOUNDSCHECK": "1"}
    few = ["get(np.zeros(4), 4)", "get2(np.zeros((2, 3)), 1, 3)", "get(np.ones(3), -3)"]
    compiled, python = run_both(tmp_path, SOURCE.format(options=""), few, env=env)
    assert compiled == python


def test_kernel_loops_index_without_wrapping() -> None:
    source = '''
def stencil(u: 'float[:,:]', v: 'float[:,:]', x: 'float[:]') -> float:
    n, m = u.shape
    for i in range(1, n - 1):
        for j in range(m - 1, -1, -1):
            v[i, j] = u[i - 1, j] + u[i + 1, (j + 1) % m]
    s = 0.0
    k = 0
    while k < len(x):
        s += x[k]
        k = k + 2
    for b in range(len(x)):
        t = int(x[b] * 3.0)
        if t >= 0 and t < len(x):
            s += x[t]
    return s
'''
    fortran = compile_source(source, "fortran")
    assert "merge(" not in fortran, fortran
    assert "merge(" in compile_source(source.replace("x[t]", "x[t - 1]"), "fortran")
