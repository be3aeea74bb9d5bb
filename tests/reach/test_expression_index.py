"""Indexing an expression's array, `(a[1:] - a[:-1])[:, 1:]`, `np.dot(a, a.T)[0, 0]`: a new
array in Python too, named in a temporary before the statement where the statement calls
nothing that could write an array (frontends/python/tuples.py); a parameter named `I`
(complex.h's macro in f2py's C wrapper) is renamed in Fortran (passes/fortran_names.py).
Compiled against CPython on fresh random arrays of odd sizes, in a subprocess; with a call of
a module function in the statement it stays refused at its location."""

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


@transpile
def corners(I: 'float64[:,:]'):
    m, n = I.shape
    dx = (I[1:, :] - I[:m - 1, :])[:, 1:]
    dy = (I[:, 1:] - I[:, :n - 1])[1:, :]
    det = dx * dx - dy * dy
    return det - 0.05 * (dx + dy) + np.dot(I, I.T)[0, m - 1] + (-I)[m - 1, 0]
'''


def test_indexed_expressions_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for m, n in ((2, 2), (3, 5), (rng.randint(2, 9), rng.randint(2, 9))):
        a = [[rng.uniform(-9.0, 9.0) for _ in range(n)] for _ in range(m)]
        calls.append(f"corners(np.array({a!r}))")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_indexing_an_expression_beside_a_call_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source('''
def g(a: 'float[:]') -> float:
    a[0] = 1.0
    return 0.0


def f(a: 'float[:]') -> float:
    return g(a) + (a * 2.0)[0]
''')
    assert "indexing anything but a named array" in err.value.message
    assert err.value.loc.line == 8
