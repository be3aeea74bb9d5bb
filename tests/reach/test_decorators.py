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
from transpyle.compiler import compile_source
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


NUMBA = '''
import numba
import numpy as np
from numba import njit, prange
from transpyle import transpile


@njit(cache=True, fastmath=False)
def scale(x: float, k: float) -> float:
    return x * k


@transpile
@numba.jit(nopython=True)
def total(a: 'float[:]', k: float) -> float:
    s = 0.0
    for i in prange(a.shape[0]):
        s += scale(a[i], k)
    return s
'''


_NUMBA_STAND_IN = '''
def njit(*args, **kwargs):
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return args[0]
    return lambda f: f


jit = njit
prange = range
'''


def test_numba_jit_decorators_keep_cpythons_meaning(tmp_path) -> None:
    needs_gfortran()
    try:
        import numba  # noqa: F401
    except ImportError:  # a stand-in beside the module: CPython's side needs the import only
        (tmp_path / "numba.py").write_text(_NUMBA_STAND_IN)
    rng = random.Random()
    calls = [f"float(total(np.array({[rng.uniform(-9, 9) for _ in range(n)]!r}), "
             f"{rng.uniform(-2, 2)!r}))" for n in (0, 1, rng.randint(2, 40))]
    compiled, python = run_both(tmp_path, NUMBA, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_numba_vectorize_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source("from numba import vectorize\n\n\n@vectorize\n"
                       "def f(x: float) -> float:\n    return x\n")
    assert "decorator 'vectorize'" in err.value.message and err.value.loc.line == 4
