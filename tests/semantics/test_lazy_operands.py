"""Operands that Python evaluates only sometimes (`b` of `a and b`, the branches of `x if c
else y`, a `while` test) raise only where Python evaluates them; and a function whose name ends
a parameter's name (f2py edits its wrapper's argument list as text) computes what CPython does.
Fresh random inputs, compiled against CPython in subprocesses (tests/isolated.py)."""

from __future__ import annotations

import secrets

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import math
from transpyle import transpile

@transpile
def guarded_and(flag: bool, x: int, y: int) -> int:
    if flag and x // y > 0:
        return 1
    return 0

@transpile
def g(flag: bool, x: float, y: float) -> float:
    return x / y if flag else 0.0

@transpile
def lazy_while(n: int, y: float) -> int:
    k = 0
    while k < n and 1.0 / y > 0.0:
        k += 1
    return k

@transpile
def lazy_or(x: float, y: float) -> float:
    if x < 0.0 or math.sqrt(x) / y > 1.0:
        return 1.0
    return 2.0

@transpile
def nested(flag: bool, other: bool, x: float, y: float) -> float:
    return (x / y if other else x) if flag and (not other or y != 0.0 or x // y > 0.0) else -x
'''


def test_lazy_operands_raise_only_where_python_evaluates_them(tmp_path) -> None:
    needs_gfortran()
    x = (secrets.randbelow(2000) - 1000) / 8 or 1.5
    k = secrets.randbelow(7) + 1
    calls = []
    for flag in (True, False):
        calls += [f"guarded_and({flag}, {k}, 0)", f"guarded_and({flag}, {k}, {k})",
                  f"g({flag}, {x}, 0.0)", f"g({flag}, {x}, {k}.0)"]
        for other in (True, False):
            calls += [f"nested({flag}, {other}, {x}, 0.0)", f"nested({flag}, {other}, {x}, 2.0)"]
    calls += [f"lazy_while(0, 0.0)", f"lazy_while({k}, 0.0)", f"lazy_while({k}, 1.0)",
              f"lazy_or({-abs(x)}, 0.0)", f"lazy_or({abs(x)}, 0.0)", f"lazy_or({abs(x)}, 3.0)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    for call, got, want in zip(calls, compiled, python, strict=True):
        assert got[:2] == want[:2], (call, got, want)
