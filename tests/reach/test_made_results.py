"""Returned arrays whose shape is known only when they are made (issue 14): `return
np.arange(n) * 2.0`, `return np.zeros(x.shape)`, `return np.zeros((n, n), np.int32)`,
`return np.full(n, v)`, a helper's `return np.linspace(...)` read by its caller, and a tuple of
them. Each is named first and moved into the result (no copy). Compared with CPython on fresh
random inputs (negatives, zero and odd sizes): dtype, shape and bytes; a negative size raises
NumPy's ValueError in both."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.compiler import compile_source

SOURCE = '''
import numpy as np
from transpyle import transpile


@transpile
def ramp(n: int, step: float):
    return np.arange(n) * step


@transpile
def like(a: 'float[:,:]'):
    return np.zeros(a.shape)


@transpile
def ints(n: int):
    return np.zeros((n, n), np.int32)


@transpile
def filled(n: int, v: float):
    return np.full(n, v)


def grid(n: int, lo: float):
    return np.linspace(lo, 1.0, n)


@transpile
def user(n: int, lo: float) -> float:
    g = grid(n, lo)
    return g.sum() + grid(n + 1, -lo)[0]


@transpile
def both(n: int, step: float):
    if step > 0.0:
        return np.arange(n) * step, np.ones(n)
    return np.arange(n) - step, np.full(n, step)
'''


# each element of a returned tuple as its class, dtype and bytes (repr rounds arrays)
_HEX = "(lambda t: [(type(v).__name__, str(np.asarray(v).dtype), np.asarray(v).tobytes().hex())" \
    " for v in t])("


def test_made_array_results_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (0, 1, rng.randint(2, 9), -1):
        v = rng.uniform(-5.0, 5.0)
        calls += [f"ramp({n}, {v!r})", f"ints({n})", f"filled({n}, {v!r})",
                  _HEX + f"both({n}, {v!r}))", _HEX + f"both({n}, {-v!r}))"]
        if n > 0:
            calls += [f"like(np.ones(({n}, {n + 2})))", f"user({n}, {v!r})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert sum(o[0] == "ok" for o in python) > len(calls) - 6


def test_a_made_result_is_moved_not_copied() -> None:
    fortran = compile_source('''
import numpy as np

def ramp(n: int, step: float):
    return np.arange(n) * step
''').lower()
    assert "call move_alloc(tp_ret0, " in fortran
