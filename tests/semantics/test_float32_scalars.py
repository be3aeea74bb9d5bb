"""NumPy 2 treats every Python scalar as weak (NEP 50), so `b[i] * alpha + beta` on a float32
array with Python floats `alpha`, `beta` is computed in float32: so is it compiled, for literals
and for parameters that always hold Python floats (passes/weak_scalars.py)."""

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


def test_python_float_parameters_are_weak_as_literals(tmp_path) -> None:
    needs_gfortran()
    b = np.random.default_rng().normal(size=64).astype(np.float32)
    init = f"np.array({b.tolist()!r}, dtype=np.float32)"
    calls = [f"(lambda b: (scale_literal(b), b)[1])({init})",
             f"(lambda b: (scale_param(b, 1.1, 0.3), b)[1])({init})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    got = np.frombuffer(bytes.fromhex(eval(compiled[1][1])[2]), np.float32)
    assert np.array_equal(got, (b * np.float32(1.1) + np.float32(0.3)))  # float32's
