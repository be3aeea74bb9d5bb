"""`np.empty(shape=x.shape, dtype=x.dtype)`, `np.zeros(shape=(3, n))`: the shape given by
keyword, as NumPy takes it (frontends/python/calls.py). Compiled against CPython on fresh
random complex arrays (empty ones too), in a subprocess; a shape given twice stays refused."""

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
def limit(x: 'complex128[:]', epsilon: float):
    out = np.empty(shape=x.shape, dtype=x.dtype)
    z = np.zeros(shape=(3, x.shape[0]))
    for i in range(x.shape[0]):
        out[i] = x[i] * 2 if abs(x[i]) > epsilon else 0
        z[1, i] = epsilon - i
    return out, z
'''


def test_shape_keyword_matches_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (0, 1, rng.randint(2, 11)):
        x = [complex(rng.uniform(-2, 2), rng.uniform(-2, 2)) for _ in range(n)]
        calls.append(f"limit(np.array({x!r}, dtype=complex), {rng.uniform(0.0, 2.0)!r})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_shape_given_twice_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source('''
import numpy as np


def f(n: int) -> float:
    a = np.zeros(n, shape=n)
    return a[0]
''')
    assert "takes the shape and the dtype" in err.value.message
    assert err.value.loc.line == 6
