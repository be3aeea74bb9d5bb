"""Unbounded recursion raises RecursionError as in CPython (a depth counter in the compiled
module), instead of overflowing the stack; after the failure the next call starts from depth
zero. Each case runs in a fresh interpreter (tests/isolated.py)."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

@transpile
def rsum(n: int) -> int:
    if n <= 0:
        return 0
    return n + rsum(n - 1)

@transpile
def is_even(n: int) -> bool:
    if n == 0:
        return True
    return is_odd(n - 1)

def is_odd(n: int) -> bool:
    if n == 0:
        return False
    return is_even(n - 1)

@transpile
def fill(a: 'float[:]', i: int) -> None:
    if i < len(a):
        a[i] = 2.0 * i
        fill(a, i + 1)

@transpile
def runaway(n: int) -> int:
    return runaway(n + 1) + 1
'''


def test_recursion_depth_matches_cpython(tmp_path) -> None:
    needs_gfortran()
    rnd = random.Random()
    n = rnd.randint(5, 400)
    calls = [f"rsum({n})", "rsum(10**6)", f"rsum({n + 1})", f"is_even({rnd.randint(0, 300)})",
             "is_even(10**7)", f"is_even({n})", "runaway(0)", "runaway(5)",
             f"(lambda a: (fill(a, 0), a)[1])(np.zeros({rnd.randint(1, 200)}))",
             "(lambda a: (fill(a, 0), a)[1])(np.zeros(100000))", f"rsum({n})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python, [(c, g, w) for c, g, w in zip(calls, compiled, python,
                                                                strict=True) if g != w]


def test_recursion_bounded_by_its_argument_is_checked_once() -> None:
    """fib(n) nests at most n frames: its entry checks that bound against the limit once and
    then runs a copy without the counter (which gfortran optimises as the hand-written
    recursion); the counting copy runs only where the bound does not fit."""
    from transpyle import compile_source

    fortran = compile_source(SOURCE.replace("@transpile\n", "") + '''
def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
''', filename="recursion_case.py")
    free = fortran[fortran.index("function fib_free("):fortran.index("end function fib_free")]
    assert "tp_depth" not in free and "fib_free(n - 1) + fib_free(n - 2)" in free
    entry = fortran[fortran.index("  function fib("):fortran.index("end function fib\n")]
    assert "fib_free(n)" in entry and "fib_counted(n)" in entry
    # runaway(n + 1) grows its argument: it is counted on every call
    runaway = fortran[fortran.index("function runaway("):fortran.index("end function runaway")]
    assert "tp_depth(1) = tp_depth(1) + 1" in runaway
