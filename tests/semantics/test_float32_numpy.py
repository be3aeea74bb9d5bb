"""NumPy's float32 scalars as CPython computes them: `x[i] ** y` is the C library's powf for
every exponent (2.0 and 3 too, where gfortran would multiply), `np.float64(c)` is a NumPy
float64 (no weak Python float: `x[i] * np.float64(0.1)` is float64's), `np.floor`/`np.ceil` of
a float32 are float32 (no detour through an int64, which overflowed past 2**63), complex64
division is NumPy's algorithm in float32 (not gfortran's). Compared bit for bit with CPython in
fresh interpreters, on fresh random data with edge values."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def powers(x: 'float32[:]', out: 'float64[:]') -> None:
    for i in range(x.shape[0]):
        out[i] = x[i] ** 2.0 + x[i] ** 3 - x[i] ** -2 + abs(x[i]) ** 1.5

@transpile
def strong(x: 'float32[:]', out: 'float64[:]') -> None:
    for i in range(x.shape[0]):
        out[i] = x[i] * np.float64(0.1) + np.float32(0.3) * x[i]

@transpile
def rounded(x: 'float32[:]', out: 'float64[:]') -> None:
    for i in range(x.shape[0]):
        out[i] = np.floor(x[i]) * 0.1 + np.ceil(x[i]) * 0.3

@transpile
def divided(z: 'complex64[:]', w: 'complex64[:]', out: 'complex64[:]') -> None:
    for i in range(z.shape[0]):
        out[i] = z[i] / w[i] + z[i] / 3 - z[i] / (1 + 2j)

@transpile
def divided_array(z: 'complex64[:]', w: 'complex64[:]') -> 'complex64[:]':
    return z / w

@transpile
def rounded_array(x: 'float32[:]') -> 'float32[:]':
    return np.floor(x) * 0.1 - np.ceil(x)
'''

EDGES = "[1e30, -1e30, 3e38, np.inf, -np.inf, np.nan, -0.0, 0.0, 0.5, -0.5, 2.0**63, -2.0**63]"


def test_float32_scalars_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(3):
        seed = rng.randrange(2**31)
        x = (f"np.concatenate([np.random.default_rng({seed}).normal(size={rng.randint(50, 400)})"
             f" * {rng.choice([1, 3, 1e5])}, {EDGES}]).astype(np.float32)")
        out = f"np.zeros(len({x}))"
        calls += [f"(lambda o: (powers({x}, o), o)[1])({out})",
                  f"(lambda o: (strong({x}, o), o)[1])({out})",
                  f"(lambda o: (rounded({x}, o), o)[1])({out})",
                  f"rounded_array({x})"]
        n = rng.randint(1, 300)
        z = (f"(np.random.default_rng({seed}).normal(size=({n}, 2)) @ np.array([1, 1j]))"
             ".astype(np.complex64)")
        w = (f"np.concatenate([[0, 1j * 0, 1e-30, np.inf, 1j * np.nan], (np.random.default_rng("
             f"{seed + 1}).normal(size=({n}, 2)) @ np.array([1, 1j]))])[:{n}].astype(np.complex64)")
        calls += [f"(lambda o: (divided({z}, {w}, o), o)[1])(np.zeros({n}, np.complex64))",
                  f"divided_array({z}, {w})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
