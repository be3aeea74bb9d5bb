"""A returned bool has CPython's class (issue 14): a comparison of NumPy scalars (`x[0] < 2.0`),
np.isnan of an element and x.any() are np.bool_, a comparison of Python floats and bool() of
a NumPy bool a bool; the
binding read every logical result as a Python bool before. Compared with CPython (repr, so
the class too) on fresh random inputs with NaN."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile


@transpile
def element(x: 'float[:]', v: float):
    return x[0] < v


@transpile
def hinted(x: 'float[:]', v: float) -> bool:
    return x[-1] >= v


@transpile
def python(a: float, v: float) -> bool:
    return a < v


@transpile
def nan(x: 'float[:]') -> bool:
    return np.isnan(x[0])


@transpile
def anything(x: 'float[:]') -> bool:
    return (x > 0.0).any()


@transpile
def converted(x: 'float[:]', v: float) -> bool:
    return bool(x[0] < v) or bool(np.isnan(x[-1]))
'''


def test_bool_results_have_cpythons_class(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, rng.randint(2, 9)):
        x = "np.array([" + ", ".join(rng.choice(["float('nan')", repr(rng.uniform(-5, 5))])
                                     for _ in range(n)) + "])"
        v = rng.uniform(-5, 5)
        calls += [f"element({x}, {v!r})", f"hinted({x}, {v!r})", f"python({v / 2!r}, {v!r})",
                  f"nan({x})", f"anything({x})", f"converted({x}, {v!r})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)
    assert any("np." in o[1] for o in python) and any("np." not in o[1] for o in python)
