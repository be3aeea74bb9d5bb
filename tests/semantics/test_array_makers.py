"""Arrays made by np.zeros/np.ones/np.empty: inside a larger expression (`np.zeros(n) + x`,
once an internal error), in a loop that makes them again (once a Fortran runtime error that
ended the process: allocating an allocated array), and with a negative extent (NumPy's
ValueError; Fortran made an empty array)."""

from __future__ import annotations

import numpy as np

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def shifted(n: int, x: float) -> float:
    d = np.zeros(n) + x
    e = 2.0 * np.ones(n) - d
    return float(np.sum(e)) + float(len(d))

@transpile
def in_loop(n: int, m: int) -> float:
    t = 0.0
    for j in range(n):
        d = np.ones(m)
        d[0] = j
        t += float(np.sum(d + np.zeros(m)))
    return t
'''


def test_made_arrays_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = np.random.default_rng()
    calls = []
    for _ in range(5):
        n, m = int(rng.integers(-2, 6)), int(rng.integers(1, 5))  # d[0] needs m >= 1
        x = float(rng.normal(0, 3))
        calls += [f"shifted({n}, {x!r})", f"in_loop({abs(n)}, {m})"]
    calls += ["shifted(-1, 0.5)", "in_loop(3, -1)", "in_loop(4, 3)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert ["raise", "ValueError", "negative dimensions are not allowed"] in python
