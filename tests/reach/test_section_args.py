"""Rows and sections passed to a helper together with other arrays (issue 14,
passes/section_args.py): `dist(X[i], X[j])`, `dot3(a[1:], b[:-1], w)` where the helper only
reads its arrays (a copy in reads what NumPy's view reads). Compared with CPython on fresh
random inputs; a helper that writes one of its arrays is refused at the section, as NumPy's
view could see the write through the other argument. Also `x.dot(y)` and `x.ndim`."""

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


def dist(a: 'float[:]', b: 'float[:]') -> float:
    s = 0.0
    for i in range(a.shape[0]):
        s += (a[i] - b[i]) ** 2
    return np.sqrt(s)


def dot3(a: 'float[:]', b: 'float[:]', w: 'float[:]') -> float:
    return a.dot(b * w[:a.shape[0]])


@transpile
def pairwise(X: 'float[:,:]'):
    n = X.shape[0]
    D = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            D[i, j] = dist(X[i], X[j])
    return D


@transpile
def shifted(a: 'float[:]', b: 'float[:]', w: 'float[:]') -> float:
    return dot3(a[1:], b[:-1], w) + a.ndim
'''


def test_sections_to_reading_helpers_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, rng.randint(2, 5), rng.randint(6, 9)):
        m = rng.randint(1, 4)
        x = [[rng.uniform(-9, 9) for _ in range(m)] for _ in range(n)]
        calls.append(f"pairwise(np.array({x!r}))")
        a, b, w = ([rng.uniform(-3, 3) for _ in range(n + 1)] for _ in range(3))
        calls.append(f"shifted(np.array({a!r}), np.array({b!r}), np.array({w!r}))")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_a_section_to_a_writing_helper_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source('''
def bump(a: 'float[:]', b: 'float[:]'):
    b[0] = a[0] + 1.0


def f(x: 'float[:,:]'):
    bump(x[0], x[1])
''')
    assert "passing an array section to a function that writes" in err.value.message
    assert err.value.loc.line == 7
