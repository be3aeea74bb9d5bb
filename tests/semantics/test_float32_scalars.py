"""A documented difference (docs/DIFFERENCES.md): NumPy 2 treats every Python scalar as weak
(NEP 50), so `b *= alpha` on a float32 array with a Python float `alpha` is computed in float32;
transpyle treats only literals as weak and computes in float64, rounding once on the store.
This test shows both: literals follow NumPy exactly, a float parameter rounds as documented."""

from __future__ import annotations

import numpy as np

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

@transpile
def scale_literal(b: 'float32[:]') -> None:
    for i in range(len(b)):
        b[i] = b[i] * 1.1 + 0.3

@transpile
def scale_param(b: 'float32[:]', alpha: float, beta: float) -> None:
    for i in range(len(b)):
        b[i] = b[i] * alpha + beta
'''


def test_documented_difference_python_float_parameters_are_not_weak(tmp_path) -> None:
    needs_gfortran()
    b = np.random.default_rng().normal(size=64).astype(np.float32)
    init = f"np.array({b.tolist()!r}, dtype=np.float32)"
    calls = [f"(lambda b: (scale_literal(b), b)[1])({init})",
             f"(lambda b: (scale_param(b, 1.1, 0.3), b)[1])({init})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled[0] == python[0]  # literals are weak in both
    got = np.frombuffer(bytes.fromhex(eval(compiled[1][1])[2]), np.float32)
    want_numpy = np.frombuffer(bytes.fromhex(eval(python[1][1])[2]), np.float32)
    in_float64 = (b.astype(np.float64) * 1.1 + 0.3).astype(np.float32)
    assert np.array_equal(got, in_float64)  # transpyle: float64, one rounding on the store
    assert np.array_equal(want_numpy, (b * np.float32(1.1) + np.float32(0.3)))  # NumPy: float32
