"""`b = a`, `b = a[1:]`, `b = a[::2]`, `r = m[i]`: the name is the same array (a NumPy view), so
writes through it change the caller's array, as in CPython; what cannot be made exact is
refused at its location. Compared with CPython on fresh random arrays, in a subprocess."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import TranspileError, compile_source

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def whole(a: 'float[:]', v: float) -> float:
    b = a
    b[0] = v
    b[len(b) - 1] = b[len(b) - 1] + 1.0
    return a[0] + b[-1]

@transpile
def tail(a: 'float[:]', i: int) -> int:
    c = a[1:]
    c[i] = 7.0
    return len(c)

@transpile
def strided(a: 'float[:]') -> float:
    d = a[::2]
    for j in range(len(d)):
        d[j] = d[j] * 2.0
    return d[len(d) - 1]

@transpile
def row(m: 'float[:,:]', i: int) -> None:
    r = m[i]
    for j in range(len(r)):
        r[j] = r[j] * 2.0 + j
    t = m[:, 1:]
    t[0, 0] = -1.0

@transpile
def local(n: int, k: int) -> float:
    t = np.zeros(n)
    u = t
    u[k] = 3.0
    return t[k] + u[0]
'''


def test_views_write_through_as_in_numpy(tmp_path) -> None:
    needs_gfortran()
    rnd = random.Random()
    n = rnd.randint(3, 9)
    a = "np.array([" + ", ".join(repr(rnd.uniform(-4, 4)) for _ in range(n)) + "])"
    v = rnd.uniform(-9, 9)
    calls = [f"(lambda a: (whole(a, {v!r}), a)[1])({a})", f"float(whole({a}, {v!r}))"]
    calls += [f"(lambda a: (tail(a, {rnd.randint(-n + 1, n - 2)}), a)[1])({a})"
              for _ in range(3)]
    calls += [f"(lambda a: (strided(a), a)[1])({a})", f"float(strided({a}))", f"tail({a}, 0)"]
    rows, cols = rnd.randint(2, 5), rnd.randint(2, 5)
    m = f"np.arange({rows * cols}.0).reshape({rows}, {cols})"
    calls += [f"(lambda m: (row(m, {rnd.randint(-rows, rows - 1)}), m)[1])({m})"
              for _ in range(3)]
    calls += [f"float(local({n}, {rnd.randint(0, n - 1)}))"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python, [(c, g, w) for c, g, w in zip(calls, compiled, python,
                                                                strict=True) if g != w]


@pytest.mark.parametrize("body", [
    "b = a\n    b = a * 2.0\n    return b[0]",  # bound twice
    "k = 1\n    b = a[k:]\n    k = 2\n    return b[0]",  # bounds change after the binding
    "t = a * 1.0\n    if a[0] > 0.0:\n        t = a * 2.0\n    b = t\n    return b[0]",
])
def test_views_that_cannot_be_exact_are_refused(body: str) -> None:
    source = f"def f(a: 'float[:]') -> float:\n    {body}\n"
    with pytest.raises(TranspileError, match="binding an array name"):
        compile_source(source, "fortran")


def test_documented_difference_boundscheck_of_a_view_names_the_array(tmp_path) -> None:
    needs_gfortran()
    n = random.randint(3, 9)
    source = '''
import numpy as np
from transpyle import transpile

@transpile(boundscheck=True)
def view_at(a: 'float[:]', i: int) -> float:
    c = a[1:]
    return c[i]
'''
    compiled, python = run_both(tmp_path, source, [f"view_at(np.zeros({n}), {n - 1})"])
    assert python == [["raise", "IndexError",
                       f"index {n - 1} is out of bounds for axis 0 with size {n - 1}"]]
    assert compiled == [["raise", "IndexError",
                         f"index {n} is out of bounds for axis 0 with size {n}"]]
