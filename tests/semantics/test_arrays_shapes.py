"""Whole-array statements: local arrays from array expressions are 0-based and rebind as Python
does; operands and targets whose shapes differ raise NumPy's ValueError (never a write out of
bounds). Compared with CPython and NumPy on fresh random arrays, in a subprocess."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def local_diff(x: 'float[:]', y: 'float[:]', k: int) -> float:
    d = x - y
    t = 2.0 * x[1:]
    s = 0.0
    for i in range(len(d)):
        s = s * 0.5 + d[i]
    return s + t[k] * 1000.0 + len(t)

@transpile
def rebind(x: 'float[:]', k: int) -> float:
    d = x * 2.0
    first = d[0] + d[len(d) - 1]
    d = x[k:] + 1.0
    d = d[1:] * 3.0
    return first * 100.0 + d[0] + d[len(d) - 1] + len(d)

@transpile
def axpy(a: float, x: 'float[:]', y: 'float[:]') -> None:
    y[:] = a * x + y

@transpile
def into_tail(x: 'float[:]', y: 'float[:]') -> None:
    x[1:] = y

@transpile
def dot(x: 'float[:]', y: 'float[:]') -> float:
    return np.dot(x, y)

@transpile
def section(x: 'int[:]', k: int, m: int) -> int:
    return np.sum(x[k:m]) * 1000 + len(x[k:]) * 10 + len(x[:m])

@transpile
def clear(x: 'int[:]', k: int, m: int) -> None:
    x[k:m] = 0

@transpile
def plane(a: 'float[:,:]', b: 'float[:,:]', out: 'float[:,:]') -> None:
    out[:, :] = a * b + 1.0
'''


def _arr(rnd: random.Random, n: int) -> str:
    return "np.array([" + ", ".join(repr(rnd.uniform(-5, 5)) for _ in range(n)) + "])"


def test_array_statements_match_numpy(tmp_path) -> None:
    needs_gfortran()
    rnd = random.Random()
    n = rnd.randint(4, 9)
    x, y, short = _arr(rnd, n), _arr(rnd, n), _arr(rnd, n - 1)
    calls = [f"local_diff({x}, {y}, {rnd.randint(0, n - 2)})",
             f"local_diff({x}, {short}, 0)",
             f"rebind({x}, {rnd.randint(0, n - 2)})",
             f"(lambda y: (axpy(1.5, {x}, y), y)[1])({y})",
             f"(lambda y: (axpy(1.5, {short}, y), y)[1])({y})",
             f"(lambda y: (axpy(1.5, {x}, y), y)[1])({short})",
             f"(lambda x: (into_tail(x, {short}), x)[1])({x})",
             f"(lambda x: (into_tail(x, {y}), x)[1])({x})",
             f"dot(np.arange({n}.0), np.arange({n}.0) - 2.0)",  # exact in any order
             f"dot({x}, {short})", f"dot({short}, {x})"]
    ints = f"np.arange(1, {n + 1}) * 3"
    for _ in range(6):  # Python's slice bounds: from the end when negative, clipped to n
        k, stop = rnd.randint(-n - 3, n + 3), rnd.randint(-n - 3, n + 3)
        calls += [f"int(section({ints}, {k}, {stop}))",
                  f"(lambda x: (clear(x, {k}, {stop}), x)[1])({ints})"]
    m = rnd.randint(2, 5)
    a = f"np.arange({n * m}.0).reshape({n}, {m})"
    calls += [f"(lambda o: (plane({a}, {a} * 0.5, o), o)[1])(np.zeros(({n}, {m})))",
              f"(lambda o: (plane({a}, np.ones(({m}, {n})), o), o)[1])(np.zeros(({n}, {m})))",
              f"(lambda o: (plane({a}, {a}, o), o)[1])(np.zeros(({n}, {m + 1})))"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python, [(c, g, w) for c, g, w in zip(calls, compiled, python,
                                                                strict=True) if g != w]


def test_documented_difference_a_length_one_axis_does_not_broadcast(tmp_path) -> None:
    """NumPy stretches an axis of length 1 to the other operand's; compiled code raises the
    ValueError NumPy raises for other mismatches (docs/DIFFERENCES.md)."""
    needs_gfortran()
    n = random.randint(2, 9)
    calls = [f"(lambda y: (axpy(2.0, np.ones(1), y), y)[1])(np.zeros({n}))"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert python[0][0] == "ok"
    assert compiled[0] == ["raise", "ValueError",
                           f"operands could not be broadcast together with shapes (1,) ({n},) "]


def test_negative_step_slices_with_other_bounds_are_refused() -> None:
    from transpyle import TranspileError, compile_source

    source = "def f(x: 'float[:]', y: 'float[:]', k: int) -> None:\n    y[:2] = x[k::-1]\n"
    try:
        compile_source(source, "fortran")
    except TranspileError as err:
        assert "negative step" in err.message and err.loc.line == 2
    else:
        raise AssertionError("not refused")
    ok = "def f(x: 'float[:]', y: 'float[:]') -> None:\n    y[:] = x[::-1]\n    y[1:] = x[-2::-1]\n"
    assert "x(max(-1_8, x_n1 - 2):0:-1)" in compile_source(ok, "fortran")  # x[-2::-1] of []
