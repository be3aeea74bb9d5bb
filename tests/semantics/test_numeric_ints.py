"""Integer overflow and complex() of translated Python against CPython (issue 12).

Python's ints do not overflow; ours are 64-bit. By default they wrap as the hardware does (a
documented difference; `-fwrapv` would make it defined, at a cost); `@transpile(overflow=
"raise")` raises OverflowError wherever CPython's result does not fit in 64 bits, and
otherwise returns CPython's result. Fresh random inputs
(the seed is printed), near the limits, in a fresh interpreter (tests/isolated.py).
"""

from __future__ import annotations

import secrets

import numpy as np

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

@transpile(overflow="raise")
def checked(op: int, a: int, b: int) -> int:
    if op == 0:
        return a + b
    if op == 1:
        return a - b
    if op == 2:
        return a * b
    if op == 3:
        return a ** b
    if op == 4:
        return -a
    return abs(a)

@transpile(overflow="raise")
def by_constants(op: int, a: int) -> int:
    if op == 0:
        return a * 4
    if op == 1:
        return a * -3
    if op == 2:
        return -7 * a + 1
    if op == 3:
        return a + 2**62 * 4
    return a * (3037000499 * 3037000499)

@transpile
def literals(a: int) -> int:
    k = 3000000 * 3000000
    return a + k - 100000 * 100000 % 7 + abs(-2147483647 * 3) // (2**31 * 5)

@transpile
def wrapped(a: int, b: int) -> int:
    return a * b + a

@transpile
def make_complex(op: int, a: complex, b: complex, x: float) -> complex:
    if op == 0:
        return complex(a, b)
    if op == 1:
        return complex(x, b)
    if op == 2:
        return complex(a, x)
    return complex(x)
'''
LIMIT = 2**63


def test_overflow_raise_and_wrap(tmp_path) -> None:
    needs_gfortran()
    seed = secrets.randbits(32)
    print("seed", seed)
    rng = np.random.default_rng(seed)
    edge = [0, 1, -1, 2, -2, LIMIT - 1, -LIMIT, LIMIT // 2, -(LIMIT // 2), 3037000499,
            3037000500, -3037000500]
    values = edge + [int(v) for v in rng.integers(-LIMIT, LIMIT, 10, dtype=np.int64)] + \
        [int(v) for v in rng.integers(-2**32, 2**32, 6)]
    pairs = [(a, b) for a in values for b in values if rng.random() < 0.3]
    calls = [f"checked({op}, {a}, {b})" for a, b in pairs for op in (0, 1, 2)]
    calls += [f"checked(3, {a}, {b})" for a in (-3, 2, 7, -2, 10) for b in (0, 1, 39, 40, 62, 63)]
    calls += ["checked(3, 2, -1)"]
    calls += [f"checked({op}, {a}, 0)" for a in values for op in (4, 5)]
    # a constant operand: gfortran folded the test of an overflowed product away (UB)
    calls += [f"by_constants({op}, {a})" for a in values for op in range(5)]
    # literal arithmetic is INTEGER(8), not default-integer Fortran that overflows at 2**31
    calls += [f"literals({a})" for a in (0, 1, -1, 2, -2, 123456789)]
    wraps = [(a, b) for a, b in pairs[:40]]
    calls += [f"wrapped({a}, {b})" for a, b in wraps]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    for call, got, want in zip(calls, compiled, python, strict=True):
        if call.startswith("wrapped("):  # the default: wraps at 64 bits (DIFFERENCES.md)
            exact = int(want[1])
            assert int(got[1]) == (exact + LIMIT) % (2 * LIMIT) - LIMIT, (call, got, want)
        elif call == "checked(3, 2, -1)":  # a float in CPython: refused (DIFFERENCES.md)
            assert got[:2] == ["raise", "ValueError"], (call, got)
        elif -LIMIT <= int(want[1]) < LIMIT:
            assert got == want, (call, got, want)
        else:
            assert got[:2] == ["raise", "OverflowError"], (call, got, want)


def test_complex_of_complex_parts(tmp_path) -> None:
    needs_gfortran()
    seed = secrets.randbits(32)
    print("seed", seed)
    rng = np.random.default_rng(seed)
    nums = [float(v) for v in rng.normal(0, 10, 8)] + [0.0, -0.0, 1e308]
    zs = [f"complex({float(a)!r}, {float(b)!r})" for a, b in zip(nums, reversed(nums))]
    calls = [f"make_complex({op}, {a}, {b}, {x!r})" for a in zs[:6] for b in zs[4:]
             for x in nums[:3] for op in range(4)]
    # compare floats bit for bit: the parts as hex
    calls = [f"(lambda z: (z.real.hex(), z.imag.hex()))({c})" for c in calls]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    bad = [(c, g, w) for c, g, w in zip(calls, compiled, python, strict=True) if g != w]
    assert not bad, bad[:3]
