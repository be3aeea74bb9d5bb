"""`r = 0` then `r += a[k] * b[k]`: a local bound to an int literal and later to floats is
held as a float64 where no read can tell the int from the float it equals
(passes/int_accumulators.py); against CPython on fresh random data (empty extents included,
where the int is all the variable ever holds), and refused where a read would tell."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import passes
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = """
import numpy as np
from transpyle import transpile

@transpile
def matmul(m0: 'float[:,:]', m1: 'float[:,:]'):
    out = np.zeros((m0.shape[0], m1.shape[1]))
    for i in range(m0.shape[0]):
        for j in range(m1.shape[1]):
            r = 0
            for k in range(m1.shape[0]):
                r += m0[i, k] * m1[k, j]
            out[i, j] = r
    return out

@transpile
def clipped_mean(x: 'float[:]', cap: float) -> float:
    s = 0
    big = -1
    for k in range(len(x)):
        if x[k] > cap:
            big = x[k]
        s = s + x[k] / 2.0
    if big > cap and s < 1:
        return s * 1.0 + big * 1.0
    return s * 2.0 - 1.0 / (len(x) + 1.0)
"""


def _matrix(rng: random.Random, r: int, c: int) -> str:
    return f"np.array({[[rng.uniform(-9, 9) for _ in range(c)] for _ in range(r)]!r})" \
        f".reshape({r}, {c})"


def test_int_then_float_locals_match_cpython(tmp_path):
    needs_gfortran()
    seed = random.randrange(2**31)
    print("seed", seed)
    rng = random.Random(seed)
    calls = []
    for _ in range(6):
        n, k, m = rng.randint(0, 4), rng.randint(0, 5), rng.randint(0, 4)
        calls.append(f"matmul({_matrix(rng, n, k)}, {_matrix(rng, k, m)})")
        x = [rng.uniform(-5, 5) for _ in range(rng.randint(0, 7))]
        calls.append(f"clipped_mean(np.array({x!r}, dtype=float), {rng.uniform(-2, 4)!r})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("body, line", [
    ("    r = 0\n    for k in range(len(x)):\n        r += x[k]\n    return r\n", 3),
    ("    r = 0\n    for k in range(len(x)):\n        r += x[k]\n    return g(r)\n", 3),
    ("    r = 0\n    r += 1\n    for k in range(len(x)):\n        r += x[k]\n"
     "    return r * 1.0\n", 4),
    ("    r = 0\n    for k in range(len(x)):\n        r = x[k] + r * 2\n    return r + 1.0\n", 3),
])
def test_a_read_that_would_tell_the_int_keeps_the_clash(body, line):
    source = ("def g(v: float) -> float:\n    return v\n\n"
              "def f(x: 'float[:]') -> float:\n" + body)
    with pytest.raises(TranspileError) as err:
        passes.typed(parse_python(source, "a.py"))
    assert "'r' is int64 but is assigned a value of type float64" in err.value.message
    assert err.value.loc.line == line + 4
