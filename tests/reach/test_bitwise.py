"""Bitwise operators (issue 14): `& | ^ ~ << >>` on Python ints, bools, NumPy integer scalars
and arrays, against CPython on fresh random inputs (negative numbers, shift counts past the
width, negative counts). `>>` floors; `<<` past 64 bits raises OverflowError with
overflow="raise" (as `*` does) and wraps modulo 2**64 by default; a negative count raises
ValueError; NumPy's operands follow NumPy's rules (no exception, 0 or the sign past the width)."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import passes
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def ops(a: int, b: int) -> int:
    r = (a & b) | (a ^ ~b)
    r ^= a & 0xFF
    r |= b >> 3
    r &= ~a | 12345
    return r + (a >> 70) + (b >> 63) + (a << 5) + (-a >> 1)

@transpile
def shifts(a: int, n: int) -> int:
    return (a >> n) + ((a & 0xFFFF) << (n % 40))

@transpile(overflow="raise")
def checked_shift(a: int, n: int) -> int:
    return a << n

@transpile
def wrapped_shift(a: int, n: int) -> int:
    return a << n

@transpile
def bools(p: bool, q: bool) -> bool:
    r = p & q
    r = r | (p ^ q)
    r ^= q
    return r

@transpile
def mixed(p: bool, k: int) -> int:
    return (p & k) + (p | k) + (p << 3) + (k >> p)

@transpile
def arrays(x: 'int64[:]', y: 'int64[:]', out: 'int64[:]', n: int) -> int:
    out[:] = (x & y) ^ (x | 7) ^ ~y
    s = 0
    for i in range(len(x)):
        s += (x[i] << n) + (x[i] >> n) + (y[i] << 3)
    return s

@transpile
def narrow(x: 'int32[:]', out: 'int32[:]') -> int:
    out[:] = (x << 40) + (x >> 3) + (x & 255) + (x << 2)
    return int(x[0] >> 31) + int(x[0] << 33)

@transpile
def masks(m: 'bool[:]', w: 'bool[:]', out: 'bool[:]') -> bool:
    out[:] = (m & w) | ~m
    return m[0] ^ w[0]

def run_arrays(x, y, n):
    out = np.zeros(len(x), np.int64)
    s = arrays(np.array(x, np.int64), np.array(y, np.int64), out, n)
    return (int(s), out.tobytes().hex())

def run_narrow(x):
    out = np.zeros(len(x), np.int32)
    s = narrow(np.array(x, np.int32), out)
    return (int(s), out.tobytes().hex())

def run_masks(m, w):
    out = np.zeros(len(m), bool)
    s = masks(np.array(m), np.array(w), out)
    return (bool(s), out.tobytes().hex())
'''


def _int(rng: random.Random) -> int:
    return rng.choice([rng.randint(-10, 10), rng.randint(-2**40, 2**40),
                       rng.randint(-2**62, 2**62), 0, -1, 2**63 - 1, -2**63])


def _calls(rng: random.Random) -> list[str]:
    out = []
    for _ in range(12):
        c, d = (rng.randint(-2**56, 2**56) for _ in range(2))
        n = rng.choice([0, 1, 3, 31, 32, 62, 63, 64, 65, 100, rng.randint(0, 200), -1, -5])
        small = rng.randint(-2**20, 2**20)
        k = rng.randint(0, 10)
        out += [f"ops({c}, {d})", f"shifts({c}, {n})", f"wrapped_shift({small}, {k})",
                f"bools({rng.random() < 0.5}, {rng.random() < 0.5})",
                f"mixed({rng.random() < 0.5}, {rng.randint(-50, 50)})"]
        size = rng.randint(1, 6)
        x = [_int(rng) for _ in range(size)]
        y = [_int(rng) for _ in range(size)]
        out.append(f"run_arrays({x}, {y}, {rng.choice([0, 5, 63, 64, 70, -1, -3])})")
        x32 = [rng.randint(-2**31, 2**31 - 1) for _ in range(size)]
        out.append(f"run_narrow({x32})")
        m = [rng.random() < 0.5 for _ in range(size)]
        w = [rng.random() < 0.5 for _ in range(size)]
        out.append(f"run_masks({m}, {w})")
    return out


def test_bitwise_operators_match_cpython(tmp_path):
    needs_gfortran()
    calls = _calls(random.Random()) + ["shifts(5, -1)", "shifts(-7, 64)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    kinds = {kind for kind, *_ in python}
    assert kinds == {"ok", "raise"}, python  # both outcomes were exercised


def test_checked_left_shift_raises_where_64_bits_do_not_hold(tmp_path):
    """overflow="raise": the exact result where it fits in int64, else OverflowError."""
    needs_gfortran()
    rng = random.Random()
    args = [(_int(rng), rng.choice([0, 1, 2, 30, 62, 63, 64, 100, -1, rng.randint(0, 70)]))
            for _ in range(40)] + [(0, 500), (1, 62), (1, 63), (-1, 63), (-1, 64), (0, -1)]
    compiled, python = run_both(tmp_path, SOURCE, [f"checked_shift({a}, {n})" for a, n in args])
    for (a, n), got, want in zip(args, compiled, python, strict=True):
        if want[0] == "ok" and not -2**63 <= int(want[1]) < 2**63:
            assert got[:2] == ["raise", "OverflowError"], (a, n, got)
        else:
            assert got == want, (a, n)
    assert any(g[:2] == ["raise", "OverflowError"] for g in compiled)


def test_wrapped_left_shift_is_the_documented_row(tmp_path):
    """Default flags: `<<` past 64 bits wraps modulo 2**64, as `*` does (DIFFERENCES.md)."""
    needs_gfortran()
    source = "from transpyle import transpile\n\n@transpile\ndef f(a: int, n: int) -> int:\n" \
             "    return a << n\n"
    compiled, python = run_both(tmp_path, source, ["f(3, 62)", "f(-1, 64)", "f(5, 200)"])
    wrapped = [(3 << 62) - 2**64, 0, 0]
    assert compiled == [["ok", repr(v)] for v in wrapped]
    assert python == [["ok", repr(v)] for v in (3 << 62, -(1 << 64), 5 << 200)]


@pytest.mark.parametrize("body, text, col", [
    ("return ~p", "'~' of a bool", 12),
    ("return x & 1.5", "unsupported operand type for '&'", 12),
    ("return v[0] << n", "NumPy shifts in the narrower kind", 12),
])
def test_bitwise_refusals_are_located(body, text, col):
    source = f"def f(p: bool, x: float, v: 'int32[:]', n: int) -> int:\n    {body}\n"
    with pytest.raises(TranspileError) as err:
        passes.typed(parse_python(source, "a.py"))
    assert text in err.value.message and err.value.loc.line == 2, err.value.message
    assert err.value.loc.col >= col
