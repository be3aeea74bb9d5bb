"""`assert test` and `assert test, "message"`: the test, then AssertionError with the message
where it fails, as CPython does without -O (frontends/python/statements.py). Compiled against
CPython on fresh random inputs that pass and fail, in a subprocess."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile


def step(begin, end, n):
    assert begin < end
    return (end - begin) / n


@transpile
def spacing(a: float, b: float, n: int) -> float:
    assert n, "n must be nonzero"
    return step(a, b, n)
'''


def test_asserts_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = [f"spacing({rng.uniform(-5, 5)!r}, {rng.uniform(-5, 5)!r}, {rng.randint(-3, 3)})"
             for _ in range(8)]
    calls += ["spacing(1.0, 2.0, 0)", "spacing(2.0, 1.0, 3)", "spacing(-1.5, 2.0, 3)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert {o[0] for o in python} == {"ok", "raise"}
