"""np.int32(x), np.float32(x), ... make NumPy scalars in CPython, so a function returning one
(directly, through another function, or as a parameter's default `a: 'int32' = np.int32(1)`)
returns that NumPy type, not a Python int (Pyccel's Module_8 returned 1 for np.int32(1))."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

def g(a: 'int32' = np.int32(1)):
    return a

def h(a: 'float32'):
    return a

@transpile
def direct(n: int):
    return np.int32(n)

@transpile
def through(x: float):
    return h(np.float32(x))

@transpile
def by_default():
    return g()
'''


def test_numpy_constructors_return_numpy_scalars(tmp_path):
    needs_gfortran()
    rng = random.Random()
    n, x = rng.randint(-10**6, 10**6), rng.uniform(-1e3, 1e3)
    calls = [f"type(direct({n})).__name__", f"direct({n})", f"type(through({x!r})).__name__",
             f"through({x!r})", "type(by_default()).__name__", "by_default()"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python and all(kind == "ok" for kind, *_ in python)
    assert python[0][1] == "'int32'" and python[4][1] == "'int32'"
