"""Programs the Python -> Fortran fuzzer found (tests/fuzz/python_long.py), reduced to the
construct, against CPython on fresh random inputs (seed printed): each failed to build or
computed another value before its fix."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SLICES = '''
import numpy as np
from transpyle import transpile

@transpile
def column_products(m: 'float[:,:]', a: 'float[:]', k: int) -> float:
    e = m * m[:, 0:1]
    return float(np.sum(a[7:0:3])) + float(np.sum(a[1:k:2])) + float(np.sum(e)) + e[0, 0]
'''


def test_literal_slice_bounds_build(tmp_path) -> None:
    """`m[:, 0:1]`: the inclusive stop `1 - 1` of INTEGER(8) literals was passed to the clipping
    procedure as default-integer Fortran (gfortran: 'passed INTEGER(4) to INTEGER(8)')."""
    needs_gfortran()
    seed = random.randrange(2**30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    calls = []
    for _ in range(6):
        r, c, n = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 9)
        m = [[round(rng.uniform(-9, 9), 3) for _ in range(c)] for _ in range(r)]
        a = [round(rng.uniform(-9, 9), 3) for _ in range(n)]
        calls.append(f"column_products(np.array({m}), np.array({a}), {rng.randint(-3, 12)})")
    compiled, python = run_both(tmp_path, SLICES, calls)
    assert compiled == python, (seed, compiled, python)


FMOD = '''
import math
import numpy as np
from transpyle import transpile

@transpile
def remainders(x: float, y: float, a: 'float[:]') -> float:
    return math.fmod(x, y) + float(np.fmod(a[0], y)) * 0.5
'''


def test_math_fmod_raises_where_cpython_does(tmp_path) -> None:
    """math.fmod(inf, y) and math.fmod(x, 0.0) raise ValueError (math domain error) in CPython;
    they were NumPy's fmod, a NaN. np.fmod stays NaN; fmod(x, inf) is x; NaN in is NaN out."""
    needs_gfortran()
    seed = random.randrange(2**30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    special = ("float('inf')", "-float('inf')", "float('nan')", "0.0", "-0.0", "5e-324")
    def value() -> str:
        return rng.choice(special) if rng.random() < 0.4 else repr(rng.uniform(-50, 50))
    calls = [f"remainders({value()}, {value()}, np.array([{value()}]))" for _ in range(40)]
    compiled, python = run_both(tmp_path, FMOD, calls)
    assert compiled == python, (seed, [(c, a, b) for c, a, b in zip(calls, compiled, python)
                                       if a != b][:3])
