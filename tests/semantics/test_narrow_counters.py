"""32-bit counters for the innermost loops of a nest (passes/narrow_counters.py): the nest runs
in two versions chosen by one test of the bounds before it; both must compute what CPython
computes, the loop variables' values during and after the loops included, on fresh random
inputs: bounds negative, empty, odd steps, and bounds beyond 2**30 (the 64-bit version).
"""

from __future__ import annotations

import secrets

import numpy as np

from tests.conftest import needs_gfortran
from tests.isolated import run_both

MODULE = '''
import numpy as np
from transpyle import transpile


@transpile
def nest(a: 'float[:,:]', m: int, lo: int, step: int) -> float:
    s = 0.0
    for j in range(a.shape[1]):
        for i in range(lo, m, 3):
            s = s + a[i % a.shape[0], j] * i
        for i in range(m - 1, lo - 1, -2):
            s = s - a[i % a.shape[0], j] * (i * i)
    return s


@transpile
def last(m: int, k: int) -> int:
    t = 0
    i = -7
    for j in range(k):
        for i in range(k - 3, m):
            t = t + i * j
            if i > j + 40:
                break
        t = t + i
    return t * 1000003 + i


@transpile
def early(n: int, big: int) -> int:
    t = 0
    for j in range(3):
        for i in range(big, big + n):
            t = t + (i - big) * (j + 1)
            if i - big > 4:
                break
            if i % 2 == 0:
                continue
            t = t + 1
    return t


@transpile
def changed(n: int) -> int:
    t = 0
    m = n
    for j in range(4):
        for i in range(m):
            t = t + i
        m = m + j
    return t
'''


def _rng() -> np.random.Generator:
    seed = secrets.randbits(32)
    print("seed", seed)
    return np.random.default_rng(seed)


def test_both_versions_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = _rng()
    calls = []
    for _ in range(8):
        r, c = (int(v) for v in rng.integers(1, 9, 2))
        a = rng.normal(size=(r, c)).tolist()
        m, lo = (int(v) for v in rng.integers(-20, 40, 2))
        calls.append(f"nest(np.array({a!r}), {m}, {lo}, 1).hex()")
    calls += [f"last({int(m)}, {int(k)})" for m, k in rng.integers(-5, 90, (8, 2))]
    calls += ["last(0, 0)", "last(5, 0)", "last(0, 5)"]
    for big in (0, -3, 2**30 - 2, 2**30 + 5, -(2**30) - 1, 2**40, -(2**45), 2**62):
        n = int(rng.integers(0, 9))
        calls += [f"early({n}, {big})", f"early(9, {big})"]
    calls += [f"changed({int(n)})" for n in rng.integers(-3, 30, 5)]
    compiled, python = run_both(tmp_path, MODULE, calls)
    assert compiled == python


def test_which_nests_get_32_bit_counters() -> None:
    """The pass's choices, read off the Fortran: the inner loop of a nest with bounds that
    nothing in the nest assigns, after one test of the bounds; not a lone loop, not a bound
    the nest assigns, not a parallel loop."""
    from transpyle import compile_source

    src = '''
from transpyle import prange


def mm(a: 'float[:,:]', b: 'float[:,:]', c: 'float[:,:]', n: int, m: int) -> None:
    for j in range(n):
        for i in range(m):
            c[i, j] = c[i, j] + a[i, j] * b[i, j]


def lone(a: 'float[:]', n: int) -> None:
    for i in range(n):
        a[i] = 2.0 * a[i]


def moving(a: 'float[:]', n: int) -> None:
    m = n
    for j in range(3):
        for i in range(m):
            a[i] = a[i] + 1.0
        m = m - 1


def par(a: 'float[:,:]', n: int, m: int) -> None:
    for j in prange(n):
        for i in range(m):
            a[i, j] = 0.5 * a[i, j]
'''
    text = compile_source(src, to="fortran")

    def body(name: str) -> str:
        return text[text.index(f"subroutine {name}("):text.index(f"end subroutine {name}")]

    mm = body("mm")
    assert "if (m - 1 >= -1073741824 .and. m - 1 <= 1073741824) then" in mm
    assert "do i_4 = 0, int(m - 1, 4)" in mm and "i = int(i_4, 8)" in mm
    assert mm.count("do j = 0, n - 1") == 2  # the nest in both versions
    for name in ("lone", "moving", "par"):
        assert "_4" not in body(name), name
