"""A returned scalar has the class CPython's has: a NumPy scalar (`np.float64(...)`, what
`print` shows under NumPy 2) where every path returns one (an element, a NumPy reduction), a
Python scalar where none does. A result that is one or the other by the path taken is the
Python scalar of the same value (a row of docs/DIFFERENCES.md)."""

from __future__ import annotations

import numpy as np

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def element(x: 'float[:]', k: int) -> float:
    return x[k] * 2.0

@transpile
def reduced(x: 'float[:]') -> float:
    return np.sum(x) + 1.0

@transpile
def python(x: 'float[:]', y: float) -> float:
    return float(x[0]) + y

@transpile
def count(a: 'int[:]') -> int:
    return a[0] + len(a)

@transpile
def complex_element(z: 'complex[:]') -> complex:
    return z[0] * 2.0

@transpile
def small(a: 'int32[:]') -> int:
    return a[1] * 3

@transpile
def single(x: 'float32[:]') -> float:
    return x[0] + x[1]

@transpile
def spread(x: 'float[:]') -> float:
    return np.mean(x) + np.std(x) + x.var(ddof=1)

@transpile
def where_max(a: 'int[:]') -> int:
    return np.argmax(a) + a.argmin()

@transpile
def signed(y: float) -> float:
    return np.sign(y) * 2.0

@transpile
def mean_over_zero(x: 'float[:]') -> float:
    return np.mean(x) / 0.0

@transpile
def summed(x: 'float[:]', n: int) -> float:
    s = 0.0
    for i in range(n):
        s += x[i]
    return s
'''


def _classes(outcomes: list[list[str]]) -> list[str]:
    return [o[1].split("(")[0] for o in outcomes]


def test_returned_scalars_have_cpythons_class(tmp_path) -> None:
    needs_gfortran()
    rng = np.random.default_rng()
    x = "np.array([" + ", ".join(repr(float(v)) for v in rng.normal(0, 2, 5)) + "])"
    a = "np.array([" + ", ".join(str(int(v)) for v in rng.integers(-9, 9, 4)) + "])"
    calls = [f"type(element({x}, 2)).__name__", f"type(reduced({x})).__name__",
             f"type(python({x}, 0.5)).__name__", f"type(count({a})).__name__",
             f"repr(element({x}, 1))", f"repr(count({a}))",
             "repr(complex_element(np.array([1.5 - 2j, 3j])))",
             f"repr(small({a}.astype(np.int32)))",
             "repr(single(np.array([0.1, 0.7], dtype=np.float32)))",
             f"repr(spread({x}))", f"repr(where_max({a}))", "repr(signed(-0.5))",
             # np.float64 / 0.0 is NumPy's: inf and a RuntimeWarning, no ZeroDivisionError
             f"repr(mean_over_zero({x}))"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert [eval(o[1]) for o in python[:4]] == ["float64", "float64", "float", "int64"]
    assert [eval(o[1]).split("(")[0] for o in python[-4:]] == ["np.float64", "np.int64",
                                                               "np.float64", "np.float64"]


def test_documented_difference_a_result_numpy_on_some_paths_is_a_python_scalar(tmp_path):
    needs_gfortran()
    calls = ["type(summed(np.ones(3), 2)).__name__", "type(summed(np.ones(3), 0)).__name__",
             "summed(np.array([0.5, 0.25]), 2) == 0.75"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert [eval(o[1]) for o in python] == ["float64", "float", True]
    assert [eval(o[1]) for o in compiled] == ["float", "float", True]
