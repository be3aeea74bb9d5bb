"""int8 and int16 arithmetic wraps at its width, as NumPy 2's does (`x[i] * 3` with int8 `x`
is int8's: 127 * 3 == 125), not at INTEGER(4)'s, which Fortran's mixed-kind rules would give
(passes/narrow_ints.py). Compared bit for bit with CPython in fresh interpreters on fresh
random values and the kinds' limits, scalars and whole arrays."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def mixed(x: '{dt}[:]', y: '{dt}[:]', out: 'float64[:]') -> None:
    for i in range(x.shape[0]):
        out[i] = (x[i] * 3 + 5) * 0.5 - (x[i] - y[i]) + x[i] * y[i] - (-x[i]) + x[i] ** 2

@transpile
def chained(x: '{dt}[:]', y: '{dt}[:]') -> int:
    s = 0
    for i in range(x.shape[0]):
        s += int(x[i] + y[i] + 100) + int(x[i] * y[i] * 7)
    return s

@transpile
def whole(x: '{dt}[:]', y: '{dt}[:]') -> 'float64[:]':
    return (x * 3 + y) * 0.25 + (x - y)
'''


@pytest.mark.parametrize("dt", ["int8", "int16"])
def test_narrow_int_arithmetic_wraps_as_numpy(tmp_path, dt) -> None:
    needs_gfortran()
    rng = random.Random()
    bits = 8 if dt == "int8" else 16
    lo, hi = -2**(bits - 1), 2**(bits - 1) - 1
    calls = []
    for _ in range(3):
        n = rng.randint(1, 200)
        xs = [rng.randint(lo, hi) for _ in range(n)] + [lo, hi, 0, -1, 1, lo + 1, hi - 1]
        ys = [rng.randint(lo, hi) for _ in range(len(xs))]
        x, y = f"np.array({xs}, np.{dt})", f"np.array({ys}, np.{dt})"
        calls += [f"(lambda o: (mixed({x}, {y}, o), o)[1])(np.zeros({len(xs)}))",
                  f"chained({x}, {y})", f"whole({x}, {y})"]
    compiled, python = run_both(tmp_path, SOURCE.replace("{dt}", dt), calls)
    assert compiled == python
