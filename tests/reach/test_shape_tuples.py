"""`s = a.shape` then `s[0]`, `s[1]`: a snapshot of the extents as in Python (a later rebinding
of `a` leaves `s` as it was), read by constant index (frontends/python/tuples.py). Compiled
against CPython on fresh random arrays of odd sizes, in a subprocess; `len(s)` stays refused
at its location."""

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
def weighted(x: 'float[:,:]', w: 'float[:,:]') -> 'float[:,:]':
    sx = x.shape
    sw = w.shape
    r = np.zeros_like(x)
    for i in range(sx[0]):
        for j in range(sx[1]):
            for ii in range(sw[0]):
                r[i, j] += x[i, j] * w[ii, sw[1] - 1] - ii
    return r


@transpile
def snapshot(n: int) -> int:
    a = np.zeros((n, 3))
    s = a.shape
    a = np.zeros((2 * n + 1, 5))
    return s[0] * 100 + s[1] * 10 + a.shape[0]
'''


def test_shape_snapshots_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, 3, rng.randint(4, 11)):
        x = [[rng.uniform(-9.0, 9.0) for _ in range(n + 2)] for _ in range(n)]
        k = rng.randint(1, 4)
        w = [[rng.uniform(-2.0, 2.0) for _ in range(k)] for _ in range(n + 1)]
        calls.append(f"weighted(np.array({x!r}), np.array({w!r}))")
        calls.append(f"snapshot({n})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_shape_tuple_seen_whole_stays_refused() -> None:
    """`len(s)` and `s[0]` of `s = x.shape` read x.ndim and x.shape[0] (reach/test_spellings.py);
    the tuple itself, assigned on, is refused."""
    with pytest.raises(TranspileError) as err:
        compile_source('''
def f(x: 'float[:,:]') -> int:
    s = x.shape
    t = s
    return len(t) + s[0]
''')
    assert "a.shape other than indexed or unpacked" in err.value.message
    assert err.value.loc.line == 3
