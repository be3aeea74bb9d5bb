"""Tuples (issue 14): `return a, b` with tuple[...] hints or without, mixed scalar kinds,
unpacking a module function's result, indexing it, tuple-typed locals, shape tuples for
np.zeros / np.empty. The @transpile'd function returns a Python tuple whose elements have the
types CPython's have (float, int, bool, np.float64, np.float32, np.int32, ...): each element's
type name and exact value are compared."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import passes
from transpyle.compiler import compile_source
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def sum_diff(a: float, b: float) -> tuple[float, float]:
    return a + b, a - b

def stats(x: 'float[:]', n: int):
    s = 0.0
    for i in range(n):
        s += x[i]
    return s, n * 2, s > 0.0, x[0], np.float32(s), np.int32(n)

@transpile
def kinds(x: 'float[:]', n: int):
    return stats(x, n)

def divmod_floor(a: int, b: int) -> 'tuple[int, int]':
    return a // b, a % b

@transpile
def caller(x: 'float[:]', a: float, k: int, m: int) -> tuple[float, int, float]:
    p, q = sum_diff(a, 2.0)
    t = (p, q)
    d, r = divmod_floor(k, m)
    shape = (3, d % 4 + 1)
    z = np.zeros(shape)
    w = np.empty((2, shape[1]))
    z[1, 0] = sum_diff(p, q)[1] + w.shape[0]
    t = (t[1], t[0])
    first, second = t
    x[0], y = sum_diff(first, second)
    return first * z[1, 0] - second, d * m + r, y + x[0]

@transpile
def swap(a: int, b: float):
    a2, b2 = b, a
    return a2, b2

@transpile
def early(x: float):
    if x < 0.0:
        return -x, True
    return x, False

def show(r):
    return [(type(v).__name__, repr(v)) for v in r]
'''


def _calls(rng: random.Random) -> list[str]:
    out = []
    for _ in range(4):
        n = rng.randint(1, 6)
        x = [rng.uniform(-1e3, 1e3) for _ in range(n)]
        a, b = rng.uniform(-1e6, 1e6), rng.uniform(-1e6, 1e6)
        k, m = rng.randint(-10**6, 10**6), rng.choice([-7, -3, 2, 5, 13])
        out += [f"show(sum_diff({a!r}, {b!r}))",
                f"show(kinds(np.array({x!r}), {rng.randint(0, n)}))",
                f"show(caller(np.array({x!r}), {a!r}, {k}, {m}))",
                f"show(swap({k}, {b!r}))", f"show(early({a!r}))"]
    return out


def test_tuples_match_cpython_with_element_types(tmp_path):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE, _calls(random.Random()))
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)
    assert "'float64'" in str(python) and "'float32'" in str(python) \
        and "'int32'" in str(python) and "'bool'" in str(python)


def test_a_tuple_function_is_a_subroutine_with_out_arguments():
    fortran = compile_source("def f(a: float, b: int) -> tuple[float, int]:\n"
                             "    return a * 2.0, b + 1\n", filename="m.py")
    assert "subroutine f(a, b, res0, res1)" in fortran
    assert "real(8), intent(out) :: res0" in fortran and "integer(8), intent(out) :: res1" \
        in fortran


@pytest.mark.parametrize("body, line, words", [
    ("t = (a, b)\n    return t[a:][0]", 2, "integer constant"),  # t[a]: a list (tuple_lists)
    ("t = (a, b)\n    return g(t)", 2, "tuple value"),
    ("t = (a, b)\n    return t[2]", 2, "out of range"),
    ("u, v, w = g2(a)\n    return u", 1, "unpacking 2 values into 3"),
    ("return g2(a) if a > 0 else 1", 1, "single value"),
    ("return a > 0 and g2(a)[0] > 0", 1, "'and'/'or'"),
    ("while g2(a)[0] > 0:\n        a = a - 1\n    return a", 1, "while condition"),
    ("t = (a, b)\n    t = (a, b, a)\n    return a", 2, "another length"),
])
def test_tuples_that_need_a_value_of_their_own_are_refused(body, line, words):
    source = ("def g(t: int) -> int:\n    return t\n"
              "def g2(a: int):\n    return a, a + 1\n"
              f"def f(a: int, b: int) -> int:\n    {body}\n")
    with pytest.raises(TranspileError) as err:
        passes.typed(parse_python(source, "a.py"))
    assert words in err.value.message and err.value.loc.line == line + 5


def test_returning_a_scalar_from_a_tuple_function_is_refused():
    source = "def f(a: int) -> tuple[int, int]:\n    if a > 0:\n        return a\n" \
             "    return a, a\n"
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert "other than a tuple" in err.value.message and err.value.loc.line == 3


def test_tuple_results_to_python_are_refused():
    source = "def f(a: float):\n    return a, a * 2.0\n"
    with pytest.raises(TranspileError) as err:
        compile_source(source, to="python", filename="m.py")
    assert "returns a tuple" in err.value.message and err.value.loc.line == 1
