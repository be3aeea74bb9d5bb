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


def test_boundscheck_of_a_view_checks_the_views_extent(tmp_path) -> None:
    """With boundscheck, `c[i]` of a view raises CPython's IndexError, with the view's axis and
    extent, also where the index is inside the viewed array (`a[1:3]`, index 2: it read a[3])."""
    needs_gfortran()
    n = random.randint(3, 9)
    source = '''
import numpy as np
from transpyle import transpile

@transpile(boundscheck=True)
def view_at(a: 'float[:]', i: int) -> float:
    c = a[1:]
    return c[i]

@transpile(boundscheck=True)
def inner_at(a: 'float[:]', i: int) -> float:
    c = a[1:3]
    return c[i] + c[-1]
'''
    calls = [f"view_at(np.zeros({n}), {n - 1})", f"inner_at(np.arange({n}.0), 2)",
             f"inner_at(np.arange({n}.0), -3)", f"inner_at(np.arange({n}.0), -2)",
             f"view_at(np.arange({n}.0), {random.randint(-n + 1, n - 2)})",
             "inner_at(np.zeros(1), 0)"]
    compiled, python = run_both(tmp_path, source, calls)
    assert python[0] == ["raise", "IndexError",
                         f"index {n - 1} is out of bounds for axis 0 with size {n - 1}"]
    assert compiled == python


CLIPPED = '''
import numpy as np
from transpyle import transpile

@transpile
def head(a: 'float[:]') -> float:
    b = a[:1]
    s = 0.0
    for i in range(len(b)):
        s += b[i]
    return s * 1000.0 + len(b)

@transpile
def between(a: 'float[:]', lo: int, hi: int) -> float:
    b = a[lo:hi]
    s = 0.0
    for i in range(len(b)):
        s += b[i] * (i + 1)
    return s * 1000.0 + len(b)

@transpile
def stepped(a: 'float[:]', lo: int, hi: int) -> float:
    b = a[lo:hi:2]
    s = 0.0
    for i in range(len(b)):
        s += b[i] * (i + 1)
    return s * 1000.0 + len(b)

@transpile
def ends(a: 'float[:]') -> float:
    b = a[-3:]
    c = a[:-2]
    d = a[1:4]
    s = 0.0
    for i in range(len(b)):
        s += b[i] * (i + 1)
    for i in range(len(c)):
        s += c[i] * (i + 7)
    for i in range(len(d)):
        s += d[i] * (i + 13)
    return s * 1000.0 + len(b) * 100 + len(c) * 10 + len(d)

@transpile
def far_ends(a: 'float[:]') -> float:
    b = a[-5:]
    c = a[:-4]
    s = 0.0
    for i in range(len(b)):
        s += b[i] * (i + 1)
    for i in range(len(c)):
        s += c[i] * (i + 7)
    d = a[-5:] * 2.0
    e = a[:-4] * 3.0
    return s * 1000.0 + np.sum(d) * 10.0 + np.sum(e) + len(d) * 100 + len(e) * 10 + len(b)

@transpile
def backward(a: 'float[:]') -> float:
    b = a[:-3:-1]
    c = a[-2::-1]
    d = a[::-1]
    s = 0.0
    for i in range(len(b)):
        s += b[i] * (i + 1)
    for i in range(len(c)):
        s += c[i] * (i + 7)
    for i in range(len(d)):
        s += d[i] * (i + 13)
    e = a[:-3:-1] * 2.0
    f = a[-2::-1] * 3.0
    return s * 1000.0 + np.sum(e) * 10.0 + np.sum(f) + len(e) * 100 + len(f) * 10 + len(d)

@transpile
def fill(a: 'float[:]', lo: int, hi: int) -> None:
    b = a[lo:hi]
    for i in range(len(b)):
        b[i] = -1.0 - i
    b[:] = b * 2.0

@transpile
def block(m: 'float[:,:]', k: int) -> float:
    t = m[1:, :k]
    s = 0.0
    for i in range(t.shape[0]):
        for j in range(t.shape[1]):
            s += t[i, j] * (i + 1) * (j + 3)
    return s * 1000.0 + t.shape[0] * 10 + t.shape[1]
'''


def test_views_bounds_clip_as_in_python(tmp_path) -> None:
    """A view's slice bounds clip to the array as Python's do: `a[:1]` of an empty array is
    empty, `a[2:5]` of 4 elements has 2 (it had 3, and the loop read past the end), `a[-5:]`
    of 3 has 3 (a section read before the start), `a[:-4]` of 3 has none; so do a negative
    step's, in a view and in a section (`a[:-3:-1]` of one element has one)."""
    needs_gfortran()
    rnd = random.Random()
    calls = []
    for n in (0, 1, 2, 3, 4, 5, rnd.randint(6, 9)):
        a = "np.array([" + ", ".join(f"{rnd.randint(-9, 9)}.0" for _ in range(n)) + "])"
        calls += [f"head({a})", f"ends({a})", f"far_ends({a})", f"backward({a})"]
        for _ in range(4):
            lo, hi = rnd.randint(-n - 2, n + 2), rnd.randint(-n - 2, n + 2)
            calls += [f"between({a}, {lo}, {hi})", f"stepped({a}, {lo}, {hi})",
                      f"(lambda a: (fill(a, {lo}, {hi}), a)[1])({a})"]
        rows, cols = rnd.randint(0, 4), n
        m = f"np.arange({rows * cols}.0).reshape({rows}, {cols})"
        calls += [f"block({m}, {rnd.randint(-cols - 1, cols + 1)})" for _ in range(3)]
    compiled, python = run_both(tmp_path, CLIPPED, calls)
    assert compiled == python, [(c, g, w) for c, g, w in zip(calls, compiled, python,
                                                                strict=True) if g != w]


def test_a_slice_step_that_is_not_a_constant_is_refused() -> None:
    """`a[::k]`: the extent and the direction depend on k's sign (it was taken for 1)."""
    source = "def f(a: 'float[:]', k: int) -> int:\n    b = a[::k]\n    return len(b)\n"
    with pytest.raises(TranspileError, match="step is not a non-zero integer constant") as err:
        compile_source(source, "fortran")
    assert ":2:" in str(err.value)
