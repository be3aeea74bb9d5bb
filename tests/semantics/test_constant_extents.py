"""Small contiguous extents that @transpile makes compile-time constants (runtime/jit.py,
passes/constant_extents.py): two arrays whose small extents differ, combined elementwise, raise
NumPy's ValueError at the call, as in CPython, and arrays whose small extents agree compute the
same bits. Found by the Pythran corpus (tests/corpora/pythran_run.py): the two extents were both
constants and gfortran refused the nonconformable expression at build time."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def pair_dists(x: 'float[:,:]', y: 'float[:,:]'):
    m, n = x.shape[0], y.shape[0]
    d = np.zeros((m, n))
    for i in range(m):
        for j in range(n):
            d[i, j] = np.sum((x[i] - y[j]) ** 2)
    return d
'''


def _matrix(rng: random.Random, rows: int, cols: int) -> str:
    values = [[rng.uniform(-9.0, 9.0) for _ in range(cols)] for _ in range(rows)]
    return f"np.array({values!r})"


def test_small_extents_of_two_values(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    shapes = [((3, 3), (4, 3)), ((5, 2), (2, 2)), ((4, 3), (5, 2)), ((2, 2), (3, 4)),
              ((rng.randint(1, 6), 3), (rng.randint(1, 6), 4)), ((3, 4), (2, 4))]
    calls = [f"pair_dists({_matrix(rng, *a)}, {_matrix(rng, *b)})" for a, b in shapes]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert [o[:2] for o in compiled] == [o[:2] for o in python]
    assert [o[0] for o in python] == ["ok", "ok", "raise", "raise", "raise", "ok"]
    assert python[2][1] == "ValueError"
