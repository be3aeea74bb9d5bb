"""round(), divmod(), pow() and math.trunc() with CPython's results and exceptions
(frontends/python/builtins_calls.py, passes/python_round.py), on fresh random values with
the ties (0.5, -2.5, 0.49999999999999994) that half-to-even rounding decides."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
import math
from transpyle import transpile

@transpile
def f(a: int, b: int, x: float, y: float, p: bool):
    q, r = divmod(a, b)
    fq, fr = divmod(x, y)
    return q, r, fq, fr, pow(x, 2), pow(a, 3), math.trunc(x), round(x), round(a), round(p)

@transpile
def pair(x: float, y: float):
    return divmod(x, y)
'''
_TIES = [0.5, -0.5, 1.5, 2.5, -2.5, 0.49999999999999994, 4503599627370497.0, -0.0]


def test_builtins_match_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(40):
        a, b = rng.randint(-10**6, 10**6), rng.choice([rng.randint(-9, 9) or 3, -1])
        x = rng.choice([rng.uniform(-1e6, 1e6), rng.randint(-40, 40) / 2, *_TIES])
        y = rng.choice([rng.uniform(-10, 10), 2.5, -0.5])
        calls += [f"f({a}, {b}, {x!r}, {y!r}, {rng.choice(['True', 'False'])})",
                  f"pair({x!r}, {y!r})"]
    calls += ["f(1, 0, 1.0, 1.0, True)", "f(1, 1, 1.0, 0.0, True)",
              "f(1, 1, float('nan'), 1.0, True)", "f(1, 1, float('inf'), 1.0, True)",
              "pair(1.0, 0.0)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert [c[:2] for c in compiled] == [p[:2] for p in python]
    assert [p[0] for p in python[-5:]] == ["raise"] * 5


@pytest.mark.parametrize("call, words", [
    ("round(x, 2)", "ndigits"), ("pow(n, 2, 5)", "modulus"),
    ("divmod(n + 1, 2)", "divmod() of expressions"),
])
def test_other_forms_are_refused_where_written(call, words):
    with pytest.raises(TranspileError) as err:
        parse_python(f"def f(x: float, n: int):\n    return {call}\n", "r.py")
    assert words in err.value.message and err.value.loc.line == 2


def test_documented_difference_round_beyond_64_bits(tmp_path):
    """docs/DIFFERENCES.md, the row of int(x) for |x| >= 2**63: round(x) and math.trunc(x)
    of such a float raise OverflowError compiled; CPython returns the exact int."""
    needs_gfortran()
    source = ("import math\nfrom transpyle import transpile\n\n@transpile\n"
              "def r(x: float) -> int:\n    return round(x)\n\n@transpile\n"
              "def t(x: float) -> int:\n    return math.trunc(x)\n")
    x = random.choice([1e300, -2.0**63 * 3, 9.3e18])
    compiled, python = run_both(tmp_path, source, [f"r({x!r})", f"t({x!r})"])
    assert [p[0] for p in python] == ["ok", "ok"]
    assert [c[:2] for c in compiled] == [["raise", "OverflowError"]] * 2
