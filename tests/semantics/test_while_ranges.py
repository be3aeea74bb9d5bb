"""A `while` loop's checks decided by the intervals of its variables (passes/checked/ranges.py):
the loop runs in a version without them where its integer variables start in [0, 2**51], and as
before elsewhere. Both must give CPython's results and exceptions, on fresh random inputs, the
box's edges and values beyond it included; where the box is not an invariant nothing changes.
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
def interval(n: int, x: 'float[:]', u: float) -> int:
    lo = 1
    hi = n
    while hi - lo > 1:
        mid = int((lo + hi) / 2)
        if u < x[mid - 1]:
            hi = mid
        else:
            lo = mid
    return lo


@transpile
def isqrt(n: int) -> int:
    lo = 0
    hi = n + 1
    while hi - lo > 1:
        mid = int((lo + hi) / 2)
        if mid <= n // mid:
            lo = mid
        else:
            hi = mid
    return lo * 1000 + hi % 1000


@transpile
def backwards(a: 'float[:]', i: int) -> float:
    s = 0.0
    while i > 0:
        s = s * 0.5 + a[i - 1]
        i = i - 1
    return s


@transpile
def doubling(n: int) -> int:
    k = 0
    steps = 0
    while k < n:
        k = k * 2 + 1
        steps = steps + 1
    return steps * 1000 + k % 997
'''


def _rng() -> np.random.Generator:
    seed = secrets.randbits(32)
    print("seed", seed)
    return np.random.default_rng(seed)


def test_both_versions_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = _rng()
    calls = []
    for _ in range(6):
        n = int(rng.integers(1, 60))
        x = np.cumsum(rng.uniform(0.01, 1.0, n)).tolist()
        us = [x[0] - 1.0, x[-1] + 1.0, *rng.uniform(x[0], x[-1], 5).tolist(), x[n // 2]]
        calls += [f"interval({n}, np.array({x!r}), {u!r})" for u in us]
        calls += [f"interval({m}, np.array({x!r}), {us[2]!r})" for m in (0, -5, -(2**60))]
    big = [2**51 - 2, 2**51 - 1, 2**51, 2**51 + 1, 2**60 + 12345, 2**62, 2**63 - 2]
    ns = [0, 1, 2, 3, -1, -(2**40), *rng.integers(0, 10**9, 8).tolist(), *big]
    calls += [f"isqrt({int(n)})" for n in ns]
    for _ in range(5):
        a = rng.normal(size=int(rng.integers(1, 30))).tolist()
        for i in (0, -3, len(a), int(rng.integers(0, len(a) + 1))):
            calls.append(f"backwards(np.array({a!r}), {i}).hex()")
    calls += [f"doubling({int(n)})" for n in [0, 1, -4, 2**51, 2**60, *rng.integers(0, 10**12, 5)]]
    compiled, python = run_both(tmp_path, MODULE, calls)
    assert compiled == python


def test_what_the_box_decides() -> None:
    """The Fortran: the binary search's two checks gone in the version under the box's test,
    kept in the other; the check a box cannot decide kept; a loop whose variables leave the
    box (doubling) and a loop that reads an array at a variable it does not bound, unchanged."""
    from transpyle import compile_source

    text = compile_source(MODULE.replace("@transpile\n", ""), to="fortran")

    def body(name: str) -> str:
        return text[text.index(f"function {name}("):text.index(f"end function {name}")]

    search = body("interval")
    assert "if (hi >= 0 .and. hi <= 2251799813685248_8 .and. lo >= 0 .and. lo <= " \
           "2251799813685248_8) then" in search
    fast, slow = search.split("else\n", 1)
    assert "mid = (lo + hi) / 2" in fast and "x(mid - 1)" in fast and "merge" not in fast
    assert "tp_intdivconst_f8(lo + hi, 2_8)" in slow and "merge(mid - 1 + x_n1" in slow
    back = body("backwards")
    assert back.count("do while (i > 0)") == 2 and "a(i - 1)" in back
    root = body("isqrt")
    assert "mid = (lo + hi) / 2" in root and "tp_floordiv_i8(n, mid)" in root
    assert body("doubling").count("do while") == 1


def test_intervals_of_a_wrapping_difference_say_nothing() -> None:
    """`a - b > 1` of unbounded int64s may hold because the difference wraps (a = -2**63,
    b = 1): it bounds neither a nor b; within the box it does."""
    from transpyle.errors import SourceLoc
    from transpyle.ir import nodes as ir
    from transpyle.ir.types import BOOL, INT64
    from transpyle.passes.checked.ranges import TOP, refine, value

    loc = SourceLoc("<test>", 1, 1)
    a, b = (ir.Name(n, type=INT64, loc=loc) for n in "ab")
    one = ir.Const(1, type=INT64, loc=loc)
    test = ir.Compare(">", ir.BinOp("-", a, b, type=INT64, loc=loc), one, type=BOOL, loc=loc)
    assert refine(test, {}, True) == {}
    assert refine(test, {"a": TOP, "b": (0, 10)}, True) == {"a": TOP, "b": (0, 10)}
    box = refine(test, {"a": (0, 2**51), "b": (0, 2**51)}, True)
    assert box == {"a": (2, 2**51), "b": (0, 2**51 - 2)}
    assert refine(test, {"a": (0, 1), "b": (0, 5)}, True) is None  # never holds
    assert value(ir.BinOp("+", a, b, type=INT64, loc=loc), {"a": (0, 2**62), "b": (0, 2**62)}) \
        == TOP  # beyond int64: unknown
