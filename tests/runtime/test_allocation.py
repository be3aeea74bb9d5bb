"""A failed allocation in compiled code raises MemoryError, as NumPy's does, and the process
survives (gfortran's ALLOCATE without STAT= ends the program: passes/safety/allocation.py).
Each case runs in a fresh interpreter (tests/isolated.py), compiled and in CPython."""

from __future__ import annotations

import secrets

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def local(n: int) -> float:
    a = np.zeros(n)
    for i in range(n):
        a[i] = i * 0.5
    return a[n - 1]

@transpile
def result(n: int, m: int) -> 'float[:, :]':
    return np.ones((n, m)) * 2.0

@transpile
def loop_temps(x: 'float[:]', k: int) -> float:
    s = 0.0
    for j in range(3):
        t = np.empty(k)
        t[0] = x[j]
        s += t[0]
    return s
'''

HUGE = 2 ** 55  # float64 elements: 2**58 bytes (2**60 for 4 rows), past any address space


def test_failed_allocation_raises_memory_error(tmp_path) -> None:
    needs_gfortran()
    n, m = secrets.randbelow(50) + 1, secrets.randbelow(7) + 1
    calls = [f"local({n})", f"local({HUGE})", f"local({n} + 1)",
             f"result({n}, {m})", f"result({HUGE}, 4)", f"result(4, {HUGE})", f"result({m}, {n})",
             f"loop_temps(np.arange(3.0) + {n}, {HUGE})", f"loop_temps(np.arange(3.0), {m})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    for call, got, want in zip(calls, compiled, python, strict=True):
        if str(HUGE) in call:
            assert want[0] == "raise" and want[1].endswith("MemoryError"), (call, want)
            assert got[:2] == ["raise", "MemoryError"], (call, got)
            assert "Unable to allocate an array with shape" in got[2], got
        else:
            assert got == want, (call, got, want)
