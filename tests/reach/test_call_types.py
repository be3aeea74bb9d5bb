"""Module functions without type hints, typed by their calls (passes/call_types.py): one
specialisation per combination of argument types (a helper called with ints and with floats
is two functions), arrays passed and changed in place, tuples returned, a helper calling
another; NumPy scalars passed (`f(a[i])`: NumPy's rules in the callee, as in CPython,
passes/numpy_params.py). Compiled against CPython on fresh random inputs (negatives, odd
sizes), in a subprocess; what stays refused is refused at its location."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.compiler import compile_source
from transpyle.errors import TranspileError

SOURCE = '''
import numpy as np
from transpyle import transpile


def clamp(i, offset, maxval):
    j = max(0, i + offset)
    return min(j, maxval)


def scale(a, s):
    for i in range(a.shape[0]):
        a[i] = a[i] * s + clamp(i, -1, 2)


def pair(x, y):
    return x + y, x * y


def outer_sum(m, v):
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            m[i, j] += v[i] - v[j]
    return m.sum()


@transpile
def mixed(x: 'float[:]', n: int) -> float:
    t = 0.0
    for i in range(x.shape[0]):
        t += x[clamp(i, n - 2, x.shape[0] - 1)]
    scale(x, 2.5)
    p, q = pair(n, 3)
    u, v = pair(float(t), -1.5)
    return t + clamp(1.5, float(n), 3.0) + p + q + u + v


def inv(x):
    return 1.0 / x


def ratio(x: float, y: float) -> float:
    return x / y + x // y


@transpile
def numpy_args(a: 'float[:]', k: int) -> float:
    # a[k] is an np.float64 in CPython: NumPy's rules in the callee (inf, no exception)
    return inv(a[k]) + ratio(a[k], a[k + 1]) + inv(a[k + 1] * 2.0 + 1.0)


@transpile
def grid(m: 'float[:,:]', v: 'float[:]') -> float:
    return outer_sum(m, v) + outer_sum(m, v)
'''


def test_unhinted_helpers_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, 4, rng.randint(5, 13)):
        x = [rng.uniform(-50.0, 50.0) for _ in range(n)]
        calls.append(f"mixed(np.array({x!r}), {rng.randint(-5, 5)})")
        m = [[rng.uniform(-9.0, 9.0) for _ in range(n)] for _ in range(n)]
        calls.append(f"grid(np.array({m!r}), np.array({x!r}))")
        z = [rng.choice([0.0, -0.0, rng.uniform(-5.0, 5.0)]) for _ in range(n + 1)]
        calls.append(f"numpy_args(np.array({z!r}), {rng.randint(0, n - 1)})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_specialisations_are_one_per_type_combination() -> None:
    fortran = compile_source('''
def clamp(i, offset, maxval):
    return min(max(0, i + offset), maxval)


def f(n: int, x: float) -> float:
    return clamp(n, 1, 5) + clamp(x, 1.0, 5.0) + clamp(n - 1, 2, 3)
''')
    low = fortran.lower()
    assert "function clamp(" in low and "function clamp_float64_float64_float64(" in low
    assert low.count("function clamp") == 4  # two functions: their 'function' and 'end function'


@pytest.mark.parametrize("source, where, text", [
    ('''
def fact(n):
    return 1 if n < 2 else n * fact(n - 1)


def f(n: int) -> int:
    return fact(n)
''', 7, "'fact' has parameters without type hints and is recursive"),
    ('''
def first(a):
    return a


def f(n: int) -> int:
    return first("text")
''', 7, "a parameter without a hint takes a number or an array"),
    ('''
def inv(x):
    return 1.0 / x


def f(a: 'float[:]') -> float:
    s = 0.0
    for v in a:
        s += v
    return inv(s)
''', 10, "argument 'x' of 'inv' is a NumPy scalar on some paths only"),
    ('''
def inv(x: float) -> float:
    return 1.0 / x


def f(a: 'float[:]') -> float:
    return inv(a[0]) + inv(1.0)
''', 7, "argument 'x' of 'inv' is a NumPy scalar here and a Python scalar at another call"),
])
def test_still_refused_at_the_call(source: str, where: int, text: str) -> None:
    with pytest.raises(TranspileError) as err:
        compile_source(source)
    assert text in err.value.message
    assert err.value.loc.line == where
