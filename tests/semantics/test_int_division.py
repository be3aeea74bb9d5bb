"""`a / b` and `int(a / b)` of Python ints (how migrated Fortran divides integers): compiled
code agrees with CPython bit for bit while both operands are below 2**53, including the
ZeroDivisionError; beyond, the documented difference (docs/DIFFERENCES.md)."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

@transpile
def quotient(a: int, b: int) -> float:
    return a / b

@transpile
def truncated(a: int, b: int) -> int:
    return int(a / b)

@transpile
def halves(a: int) -> int:
    return int(a / 2) + int(a / -3) + int((a + 1) / 2.0) + int(7 / 2)

@transpile
def bisect(n: int, m: int) -> int:
    lo = 1
    hi = n
    while hi - lo > 1:
        mid = int((lo + hi) / 2)
        if mid > m:
            hi = mid
        else:
            lo = mid
    return lo

@transpile
def of_elements(n: int, ia: 'int[:]', k: int) -> int:
    # ia[k] is a NumPy integer: n / ia[k] is NumPy's division (inf for 0, then int() raises
    # OverflowError; 0 / 0 is nan: ValueError), not Python's ZeroDivisionError
    return int(n / ia[k]) + int(ia[k] / 2)
'''


def _below(rng: random.Random, limit: int) -> int:
    return rng.choice([rng.randint(-20, 20), rng.randint(-2**31, 2**31),
                       rng.randint(-limit + 1, limit - 1), limit - 1, -(limit - 1)])


def test_int_division_below_2_53_matches_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(150):
        a, b = _below(rng, 2**53), rng.choice([_below(rng, 2**53), 0, 1, -1, 2, 3])
        calls += [f"quotient({a}, {b})", f"truncated({a}, {b})", f"halves({a})"]
    for _ in range(30):
        n = rng.randint(-5, 10**6)
        calls.append(f"bisect({n}, {rng.randint(-5, n + 5)})")
    for _ in range(40):
        ia = [rng.choice([0, rng.randint(-10**6, 10**6)]) for _ in range(4)]
        calls.append(f"of_elements({rng.choice([0, _below(rng, 2**53)])}, np.array({ia}), "
                     f"{rng.randrange(4)})")
    calls += ["truncated(2**52 - 1, 2)", "truncated(-2**52 + 1, 3)", "truncated(5, 0)",
              "quotient(0, 0)", "of_elements(3, np.array([0]), 0)",
              "of_elements(0, np.array([0]), 0)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert ["raise", "ZeroDivisionError", "division by zero"] in python
    assert any(o[:2] == ["raise", "OverflowError"] for o in python)


def test_documented_difference_int_true_division_beyond_2_53(tmp_path):
    """Beyond 2**53 the compiled code rounds each operand to float64 before dividing."""
    needs_gfortran()
    rng = random.Random()
    pairs = [(rng.randint(2**53, 2**62) * rng.choice([1, -1]), rng.randint(3, 999))
             for _ in range(200)] + [(2**53 + 1, 3)]
    compiled, python = run_both(tmp_path, SOURCE, [f"quotient({a}, {b})" for a, b in pairs])
    differ = 0
    for (a, b), got, want in zip(pairs, compiled, python, strict=True):
        value = float.fromhex(eval(got[1])[1])  # noqa: S307 - ("float", hex) of the driver
        assert value == float(a) / float(b), (a, b)  # the row: operands rounded first
        differ += got != want
    assert compiled[-1] != python[-1]  # (2**53 + 1) / 3, the row's example
    assert differ > 10
