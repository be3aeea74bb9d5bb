"""range(a, b, s) with a step known only at run time: a zero step raises CPython's
ValueError (the compiled trip count divided by zero: SIGFPE killed the process, Pyccel's
loops.for_loop1), any other sign counts as CPython does."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

def step_of(k: int) -> int:
    return k - 1

@transpile
def total(start: int, stop: int, step: int) -> int:
    x = 0
    for i in range(start, stop, step):
        x += i
    for j in range(stop, start, step_of(step)):
        x -= 2 * j
    return x
'''


def test_run_time_steps_match_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = [f"total({rng.randint(-20, 20)}, {rng.randint(-20, 20)}, {s})"
             for s in (0, 1, 2, -1, -3, rng.randint(-5, 5), rng.randint(-5, 5))]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert python[0][0] == "raise" and python[0][1] == "ValueError"
    assert python[1][0] == "raise"  # step_of(1) is 0
