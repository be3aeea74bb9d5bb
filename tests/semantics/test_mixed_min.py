"""NumPy scalars and Python floats that meet in one variable.

Builtin `min`/`max` of a NumPy scalar and a Python float return one of the two objects, and a
variable set on two paths holds either: whether later operations follow NumPy's rules
(`% 0.0` is nan) or Python's (raises) depends on the values. The compiled code keeps a flag
beside such a variable and picks the rule at run time, as CPython does. What remains a
documented difference (docs/DIFFERENCES.md): `min`/`max` with a call of a module function among
its arguments, which compiled code does not evaluate twice: NumPy's rule."""

from __future__ import annotations

import numpy as np

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import math
from transpyle import transpile

@transpile
def smallest_mod(a: 'float[:]', x: float, y: float) -> float:
    s = min(a[0], x)
    return s % y

@transpile
def largest_div(a: 'float[:]', x: float, y: float) -> float:
    s = max(x, a[1], -x)
    return s / y

@transpile
def summed(a: 'float[:]', n: int, y: float) -> float:
    s = 0.0
    for i in range(n):
        s += a[i]
        if s > 2.0:
            break
    return s % y

@transpile
def branches(a: 'float[:]', x: float, y: float) -> float:
    t = x
    if x > 0.0:
        t = a[0]
    u = t * 2.0 + 1.0
    return math.atan(a[1]) / y + u // y

@transpile
def while_power(n0: int, x0: float, ia: 'int[:]') -> float:
    t0 = n0 % 97
    w0 = 0
    while w0 < 3 and (t0 ** -2) >= x0:
        w0 += 1
        t0 = ia[len(ia) - 1] % 13
    return x0 + w0

@transpile
def chosen(a: 'float[:]', ia: 'int[:]', n: int, y: float) -> float:
    k = n
    if n > 0:
        k = ia[0]
    s = a[1] if k // 0 >= n else y
    return s % y

def half(v: float) -> float:
    return v / 2.0

@transpile
def not_simple(a: 'float[:]', x: float, y: float) -> float:
    s = min(a[0], half(x))
    return s % y
'''


def test_scalars_that_meet_follow_the_rule_of_the_object_cpython_has(tmp_path) -> None:
    needs_gfortran()
    rng = np.random.default_rng()
    calls = []
    for _ in range(12):
        a = "np.array([" + ", ".join(repr(float(v)) for v in rng.normal(0, 3, 3)) + "])"
        x, y = float(rng.normal(0, 3)), float(rng.choice([0.0, 0.0, 1.5, -2.0]))
        n = int(rng.integers(0, 4))
        ia = "np.array([" + ", ".join(str(int(v)) for v in rng.integers(-3, 4, 3)) + "])"
        calls += [f"smallest_mod({a}, {x!r}, {y!r})", f"largest_div({a}, {x!r}, {y!r})",
                  f"summed({a}, {n}, {y!r})", f"branches({a}, {x!r}, {y!r})",
                  f"while_power({int(rng.integers(-2, 3))}, {abs(x) * 1e-3!r}, {ia})",
                  f"chosen({a}, {ia}, {n - 1}, {y!r})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert any(p[:2] == ["raise", "ZeroDivisionError"] for p in python)
    assert any(p[0] == "ok" and "nan" in str(p[1]) for p in python)


def test_documented_difference_min_of_numpy_and_python_scalars(tmp_path) -> None:
    needs_gfortran()
    calls = ["not_simple(np.array([5.0]), 2.0, 0.0)",   # min is half(x): CPython raises
             "not_simple(np.array([1.0]), 2.5, 0.0)",   # min is a[0]: nan in both
             "not_simple(np.array([5.0]), 2.5, 2.0)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert python[0][:2] == ["raise", "ZeroDivisionError"]
    assert compiled[0][0] == "ok" and "nan" in compiled[0][1]  # NumPy's rule: the row
    assert compiled[1][0] == python[1][0] == "ok"
    assert compiled[2] == python[2]
