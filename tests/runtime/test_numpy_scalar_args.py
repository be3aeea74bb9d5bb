"""A NumPy scalar passed from Python (`f(a.sum())`, `f(np.float32(x))`) keeps NumPy's rules in
the compiled function, as in CPython: `x / 0.0` is inf (not ZeroDivisionError), an int32's `// 0`
is 0, a float32 computes in float32, and the result is a NumPy scalar of that type. Each call is
compared with CPython in a fresh interpreter (tests/isolated.py), on fresh random values."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

@transpile
def scaled(a: float) -> float:
    return a * 0.1 + a / 3.0

@transpile
def divided(a: float, x: 'float[:]') -> float:
    return a * x[0] / (a - a)

@transpile
def ints(n: int, k: int) -> int:
    return n * 3 + n // k + n % 7

@transpile
def helper_call(a: float) -> float:
    return scaled(a) + 1.0
'''


def test_numpy_scalar_arguments_follow_numpy(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(12):
        v = rng.uniform(-1e3, 1e3)
        n, k = rng.randint(-2**20, 2**20), rng.choice([0, rng.randint(-50, 50)])
        calls += [f"scaled({v!r})", f"scaled(np.float64({v!r}))", f"scaled(np.float32({v!r}))",
                  f"divided(np.float64({v!r}), np.ones(2))", f"divided({v!r}, np.ones(2))",
                  f"ints(np.int32({n}), np.int32({k}))", f"ints(np.int64({n}), {k})",
                  f"ints({n}, {k})", f"helper_call(np.float64({v!r}))"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert ["raise", "ZeroDivisionError"] in [o[:2] for o in python]  # the Python scalars
    assert any("inf" in o[1] or "nan" in o[1] for o in python if o[0] == "ok")  # NumPy's /
