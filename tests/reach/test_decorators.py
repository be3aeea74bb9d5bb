"""Pyccel's decorators (issue 14): `@pure`, `@elemental`, `@inline`, `@stack_array(...)`,
`@allow_negative_index(...)` from `pyccel.decorators` are the identity in CPython; translated,
they keep that meaning (negative indices count from the end, as every translated index does),
against CPython on fresh random inputs. Unknown decorators and malformed arguments are refused
at their location."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
import numpy as np
import pyccel.decorators as pd
from pyccel.decorators import allow_negative_index, elemental, inline, pure, stack_array
from transpyle import transpile

@pure
def sq(x: float) -> float:
    return x * x

@elemental
def cube(x: float) -> float:
    return x * x * x

@inline
def add(a: int, b: int) -> int:
    return a + b

@pd.pure
def half(x: float) -> float:
    return x / 2.0

@transpile
@stack_array('tmp')
@allow_negative_index('a')
def f(a: 'float[:]', n: int) -> float:
    tmp = np.zeros(3)
    tmp[0] = a[-1]
    tmp[1] = a[-n]
    return sq(tmp[0]) + cube(a[n - 1]) + add(n, 2) + half(tmp[1])
'''


def test_pyccel_decorators_keep_their_meaning(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(10):
        a = [rng.uniform(-50, 50) for _ in range(rng.randint(1, 8))]
        calls.append(f"f(np.array({a!r}), {rng.randint(1, len(a))})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("decorator, text, col", [
    ("@functools.cache", "decorator 'functools.cache'", 2),
    ("@stack_array(1)", "an argument of @stack_array", 14),
    ("@pure()", "decorator 'pure()'", 2),
])
def test_other_decorators_are_refused_where_written(decorator, text, col):
    source = ("import functools\nfrom pyccel.decorators import pure, stack_array\n"
              f"{decorator}\ndef f(x: float) -> float:\n    return x\n")
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert text in err.value.message, err.value.message
    assert (err.value.loc.line, err.value.loc.col) == (3, col)
