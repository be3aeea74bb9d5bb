"""An @transpile function that fills one of its array parameters and returns it (`return out`
on every path): the binding returns the caller's own array object, as CPython does, changed in
place (passes/array_results.returned_parameter). Compiled against CPython on fresh random
inputs, in a subprocess; `is` is compared too. A parameter returned on some paths only, or a
view of one, stays refused."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile


def step(f, k):
    for i in range(f.shape[0]):
        f[i] = f[i] * k - i


@transpile
def fill(out: 'float[:,:]', v: float):
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = v * i - j
    return out


@transpile
def clipped(z: 'int64[:]', top: int):
    if z.shape[0] == 0:
        return z
    for i in range(z.shape[0]):
        if z[i] > top:
            z[i] = top
    step(z, 3)
    return z


def same(fn, a, *rest):
    r = fn(a, *rest)
    return r is a, r.tobytes().hex()
'''


def test_returned_parameter_is_the_callers_array(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (0, 1, 5, rng.randint(6, 15)):
        m = [[rng.uniform(-9.0, 9.0) for _ in range(3)] for _ in range(max(n, 1))]
        calls.append(f"same(fill, np.array({m!r}), {rng.uniform(-4.0, 4.0)!r})")
        z = [rng.randint(-50, 50) for _ in range(n)]
        calls.append(f"same(clipped, np.array({z!r}, dtype=np.int64), {rng.randint(-20, 20)})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" and "(True," in o[1] for o in python)
