"""A NumPy scalar that goes round a loop through a tuple-returning helper (issue 14's
regression, the CPU suite's `rotations`): `x = xy[i, 0]` is an np.float64 in CPython, the
helper's results are then np.float64 too, so `x` is NumPy's on every path and the helper's
parameters take NumPy's rules (1.0 / 0.0 is inf, no ZeroDivisionError). passes/numpy_params.py
finds that from the NumPy side where the fixed point from Python scalars saw the loop's `x` as
NumPy's on the first pass only. Compiled against CPython on fresh random inputs (zeros and
negatives), in a subprocess; a scalar that really is NumPy's on some paths only stays refused
at the call. The @transpile'd function's tuple has the classes CPython's has (np.float64
from `pair(a[0], a[1])`: the binding reads the calls as numpy_params marked them)."""

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


def rotate(x: float, y: float, c: float, s: float) -> tuple[float, float]:
    return c * x - s * y, s * x + c * y


def step(x, y, h):
    return y / h, x - y


@transpile
def rotations(xy: 'float[:,:]', c: float, s: float, turns: int) -> float:
    n = xy.shape[0]
    total = 0.0
    for i in range(n):
        x = xy[i, 0]
        y = xy[i, 1]
        for _t in range(turns):
            x, y = rotate(x, y, c, s)
        xy[i, 0] = x
        xy[i, 1] = y
        total += x * y
    return total


def pair(x, y):
    return x + y, x * y


@transpile
def paired(a: 'float[:]'):
    return pair(a[0], a[1])


@transpile
def unpacked(a: 'float[:]', k: int):
    p, q = pair(a[0], a[1])
    return p / k, q


@transpile
def stepped(a: 'float[:]', h: float, k: int):
    x = a[0]
    y = a[1]
    for _t in range(k):
        x, y = step(x, y, h)
    return x, y
'''


def test_numpy_scalars_round_a_helper_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, 2, rng.randint(3, 11)):
        xy = [[rng.uniform(-9.0, 9.0) for _ in range(2)] for _ in range(n)]
        angle = rng.uniform(-3.0, 3.0)
        c, s = round(rng.uniform(-1, 1), 3), round(rng.uniform(-1, 1), 3)
        calls.append(f"(lambda a: (float(rotations(a, {c!r}, {s!r}, {rng.randint(1, 6)})), "
                     f"a.tobytes().hex()))(np.array({xy!r}))")
        a = [rng.choice([0.0, -0.0, rng.uniform(-5.0, 5.0)]) for _ in range(2)]
        h = rng.choice([0.0, -0.0, angle])
        calls.append(f"stepped(np.array({a!r}), {h!r}, {rng.randint(1, 4)})")
        calls.append(f"paired(np.array({a!r}))")
        calls.append(f"unpacked(np.array({a!r}), {rng.choice([0, -3, 7])})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)
    assert all("np.float64" in o[1] for k, o in enumerate(python) if k % 4)  # NumPy results


def test_numpy_on_some_paths_only_is_still_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source('''
def half(x):
    return 1.0 / x, x


def f(a: 'float[:]', k: int) -> float:
    x = 2.0
    if k > 0:
        x = a[0]
    y, z = half(x)
    return y + z
''')
    assert "is a NumPy scalar on some paths only" in err.value.message
    assert err.value.loc.line == 10
