"""Nested functions (closing over nothing, or over locals of the outer function read when
called) and module functions passed to parameters with Pyccel's function hints ('(int)(int)'),
against CPython on fresh random values (frontends/python/hoist.py)."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
from transpyle import transpile

def f1(a: 'int'):
    return a + 3

def f2(a: 'int'):
    return a * 2 - 7

def half(x: 'float') -> float:
    return x / 2.0

def high(function: '(int)(int)', a: 'int'):
    return function(a) + 1

def high2(func1: '(int)(int)', func2: '(int)(int)', a: 'int'):
    return func1(a) + high(func2, a)

def valued(a: 'int', function: '(int)(int)' = f1):
    return function(a)

def on_floats(g: '(float)(float)', x: float) -> float:
    return g(g(x))

@transpile
def passed(n: int, x: float):
    return high(f1, n), high2(f1, f2, n), valued(n), valued(n, f2), on_floats(half, x)

@transpile
def closures(n: int, x: float) -> float:
    def scaled(k: int):
        return offset() * k + x
    def offset():
        return y * n
    def plain(a: float) -> float:
        return a * a - 1.0
    y = 3
    t = scaled(2)
    y = n - 5  # a closure reads the value at its call
    return t + scaled(k=1) + plain(x)
'''


def test_nested_and_passed_functions_match_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(3):
        n, x = rng.randint(-10**4, 10**4), rng.uniform(-1e3, 1e3)
        calls += [f"passed({n}, {x!r})", f"closures({n}, {x!r})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python and all(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("body", [
    "    def g():\n        nonlocal x\n        x = 2\n    x = 1\n    g()\n    return x\n",
    "    def g():\n        return 1\n    h = g\n    return h()\n",
])
def test_nested_functions_that_change_or_escape_stay_refused(body):
    with pytest.raises(TranspileError) as err:
        parse_python("def f() -> int:\n" + body, "n.py")
    assert "nested function" in err.value.message and err.value.loc.line == 2
