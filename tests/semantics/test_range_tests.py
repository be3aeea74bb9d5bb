"""`0 <= i < n` and `i >= 0 and i < n` are emitted with the bound as `max(n, 0)`, so that
gfortran fuses the two tests into one unsigned comparison (passes/range_tests.py): the same
answers as CPython for every sign of `i` and `n`, negative `n` included. Compiled against CPython
on fresh random integers, in a subprocess."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import compile_source

SOURCE = '''
from transpyle import transpile


@transpile
def inside(b: int, n: int) -> bool:
    return b >= 0 and b < n


@transpile
def chained(b: int, n: int) -> int:
    if 0 <= b < n:
        return 1
    return 0


@transpile
def counted(xs: 'int[:]', n: int) -> int:
    c = 0
    for i in range(len(xs)):
        if xs[i] >= 0 and n > xs[i] and xs[i] != 3:
            c += 1
    return c


@transpile
def mixed(b: int, n: int) -> bool:
    return b >= 0 and b <= n
'''


def test_fused_range_tests_keep_cpythons_answers(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(60):
        b, n = rng.randint(-6, 6), rng.randint(-6, 6)
        calls += [f"inside({b}, {n})", f"chained({b}, {n})", f"mixed({b}, {n})"]
        xs = [rng.randint(-8, 8) for _ in range(rng.randint(0, 9))]
        calls.append(f"counted(np.array({xs!r}, dtype=np.int64), {n})")
    big = 2**62
    calls += [f"inside({big}, {-big})", f"inside({big - 1}, {big})", f"chained(0, {-big})"]
    compiled, python = run_both(tmp_path, "import numpy as np\n" + SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_the_upper_bound_is_written_nonnegative() -> None:
    fortran = compile_source(SOURCE, to="fortran")
    assert "b >= 0 .and. b < max(n, 0_8)" in fortran
    assert fortran.count("max(n, 0_8)") == 3  # inside, chained, counted; not `b <= n`
