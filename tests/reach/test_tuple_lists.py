"""Local tuples of numbers indexed by a variable or iterated (frontends/python/tuple_lists.py):
the list with those elements, against CPython on fresh random values (IndexError included)."""

from __future__ import annotations

import os
import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

@transpile
def pick(i: int, x: float) -> float:
    ai = (1.5, x, x * x, -2.0)
    t = 0.0
    for v in ai:
        t += v
    for k, v in enumerate(ai):
        t -= k * v
    return ai[i] + t + len(ai) + ai[-1]
'''


def test_tuples_read_as_lists_match_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    x = rng.uniform(-100, 100)
    calls = [f"pick({i}, {x!r})" for i in range(-5, 6)]
    env = {**os.environ, "TRANSPYLE_BOUNDSCHECK": "1"}  # unchecked: a documented row
    compiled, python = run_both(tmp_path, SOURCE, calls, env=env)
    assert [c[:2] for c in compiled] == [p[:2] for p in python]
    assert [kind for kind, *_ in python] == ["raise"] + ["ok"] * 8 + ["raise"] * 2
