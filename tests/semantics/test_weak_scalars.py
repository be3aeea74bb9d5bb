"""NumPy 2's weak Python scalars (NEP 50) in compiled code: a Python float meeting a float32
value computes in float32, an `np.float64` in float64, as CPython with NumPy computes (a value
that may be either: test_mixed_scalars.py; passes/weak_scalars.py, infer_types.py). Compiled
and CPython runs compared bit for bit, in fresh interpreters, on fresh random float32 data."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import math
import numpy as np
from transpyle import transpile

def twice(a: float) -> float:
    return a * 2.0

@transpile
def saxpy(a: float, x: 'float32[:]', y: 'float32[:]') -> 'float32[:]':
    for i in range(x.shape[0]):
        y[i] = a * x[i] + y[i]
    return y

@transpile
def scaled(a: float, n: int, x: 'float32[:]') -> 'float32[:]':
    b = twice(a) / n + math.sqrt(abs(a))
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        out[i] = x[i] * b - a / (i + 1) + x[i] * i - n / x[i]
    return out

@transpile
def rotate(c: complex, z: 'complex64[:]') -> 'complex64[:]':
    for i in range(z.shape[0]):
        z[i] = z[i] * c + 1.5
    return z
'''


def test_python_scalars_are_weak_numpy_scalars_strong(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(6):
        a, n = rng.uniform(-10, 10), rng.randint(1, 9)
        seed = rng.randrange(2**31)
        x = f"np.random.default_rng({seed}).normal(size=101).astype(np.float32)"
        y = f"np.random.default_rng({seed + 1}).normal(size=101).astype(np.float32)"
        z = f"({x} + 1j * {y}).astype(np.complex64)"
        calls += [f"saxpy({a!r}, {x}, {y})", f"saxpy(np.float64({a!r}), {x}, {y})",
                  f"saxpy(np.float32({a!r}), {x}, {y})", f"scaled({a!r}, {n}, {x})",
                  f"rotate(complex({a!r}, {n}), {z})", f"rotate({a!r}, {z})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    # an np.float64 computes in float64 before the store: not the Python float's bits
    assert python[0] != python[1] and python[0] == compiled[0]


INTS = '''
from transpyle import transpile

@transpile
def offset(x: 'int32[:]', k: int) -> int:
    return int(x[0] + k)
'''


def test_documented_difference_narrow_numpy_int_with_a_python_int_variable(tmp_path) -> None:
    """NumPy 2 computes `x[0] + k` (int32 element, Python int k) in int32: it wraps past 2**31
    and raises OverflowError for a k int32 cannot hold; compiled code adds in int64. In range
    the two agree (docs/DIFFERENCES.md)."""
    needs_gfortran()
    rng = random.Random()
    small = [rng.randint(-2**20, 2**20) for _ in range(3)]
    calls = [f"offset(np.array([{v}], np.int32), {k})"
             for v, k in zip(small, small[::-1], strict=True)]
    calls += ["offset(np.array([5], np.int32), 2**40)",
              "offset(np.array([2**31 - 1], np.int32), 1)"]
    compiled, python = run_both(tmp_path, INTS, calls)
    assert compiled[:3] == python[:3]
    assert python[3][:2] == ["raise", "OverflowError"] and compiled[3] == ["ok", str(5 + 2**40)]
    assert python[4] == ["ok", str(-2**31)] and compiled[4] == ["ok", str(2**31)]
