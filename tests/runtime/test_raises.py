"""Exceptions out of compiled code: what CPython raises, the compiled function raises, and the
process survives. Each case runs in a fresh interpreter (tests/isolated.py)."""

from __future__ import annotations

import secrets

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import math
from transpyle import transpile

@transpile
def trig(x: float) -> float:
    return math.sin(x) + math.cos(x) + math.tan(x)

@transpile
def floordiv_mod(a: int, b: int) -> int:
    return a // b * 1000 + a % b

@transpile
def floordiv(a: int, b: int) -> int:
    return a // b

@transpile
def inner(a: int, b: int) -> int:
    return a % b

@transpile
def through_calls(a: int, b: int, n: int) -> int:
    t = 0
    for k in range(n):
        t += inner(a, b - k)
    return t

@transpile
def in_a_test(a: int, b: int) -> int:
    if inner(a, b) > 1:
        return 1
    return 0

@transpile
def checked(x: float) -> float:
    if x < 0.0:
        raise ValueError("negative input")
    return x * 2.0

@transpile
def is_positive(x: float) -> bool:
    return x > 0.0

@transpile
def store(x: 'float[:]', b: float) -> None:
    x[0] = 1.0 / b
    x[1] = 2.0

@transpile
def converted(a: 'float[:]', ia: 'int[:]', y: float, n: int) -> float:
    # float(a[0]) is a Python float, which raises; a[0] / y is np.float64's inf
    return float(a[0]) / y + float(int(ia[0]) % n) + a[1] / y

@transpile
def powers(ia: 'int[:]', n: int) -> float:
    return n ** -2 + ia[0] ** -1

def stored(b):  # plain Python: what the array holds after the call, raising or not
    import numpy as np
    x = np.full(2, 6.0)
    try:
        store(x, b)
    except ZeroDivisionError:
        pass
    return x.tolist()

@transpile
def elements(a: 'int[:]', k: int) -> int:
    t = a[0]
    return t // k + a[1] % k

@transpile(openmp=True)
def parallel(a: 'int[:]', k: int) -> int:
    s = 0
    # omp parallel do reduction(+:s)
    for i in range(len(a)):
        s += a[i] // k + (i + 1) // k
    return s
'''


def test_raises_match_cpython(tmp_path) -> None:
    needs_gfortran()
    a, b = secrets.randbelow(10**6) - 5 * 10**5, secrets.randbelow(50) + 1
    calls = [f"floordiv_mod({a}, {b})", f"floordiv_mod({a}, -{b})", f"floordiv_mod({a}, 0)",
             "floordiv(-2**63, -1)", "floordiv(2**63 - 1, -1)", "inner(-2**63, -1)",
             f"floordiv({a}, -1)",
             f"through_calls({a}, 3, 3)", f"through_calls({a}, 2, 5)", f"in_a_test({a}, 0)",
             f"in_a_test({a}, {b})", "checked(-1.5)", "checked(2.25)",
             # after a failure the next call starts clean
             f"floordiv_mod({a}, {b})", "is_positive(1.0)", "is_positive(-1.0)",
             # an OpenMP parallel loop cannot return: its threads skip on, then it raises; but
             # an array element is a NumPy scalar, and `x[i] // 0` is 0 (a warning) in CPython
             # nothing is stored when the value raises
             "stored(0.0)", "stored(4.0)", "powers(np.arange(2, 4), 3)",
             "trig(float('inf'))", "trig(float('-inf'))", "trig(float('nan'))", "trig(0.5)",
             "converted(np.ones(2), np.arange(2), 0.0, 3)",
             "converted(np.ones(2), np.arange(2), 2.0, 0)",
             "converted(np.ones(2), np.arange(2), 2.0, 3)",
             f"int(elements(np.arange({a}, {a} + 2), 0))",
             f"int(elements(np.arange({a}, {a} + 2), {b}))",
             f"int(parallel(np.arange({a}, {a} + 1001), {b}))",
             f"parallel(np.arange({a}, {a} + 1001), 0)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    for call, got, want in zip(calls, compiled, python, strict=True):
        if call == "floordiv(-2**63, -1)":  # Python's int grows; int64 cannot: refused
            assert want[0] == "ok" and got[:2] == ["raise", "OverflowError"], (call, got)
            continue
        assert got[:2] == want[:2], (call, got, want)
        if got[0] == "raise":
            assert got[2] == want[2], (call, got, want)
