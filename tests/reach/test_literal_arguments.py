"""Integer arguments made of literals only (`3 - 1`, a slice `x[:2]` whose inclusive stop is
`2 - 1`) passed to integer(8) dummies: Fortran evaluates `3 - 1` as a default integer, which an
integer(8) dummy refuses at build time; the Fortran backend gives it the kind. Found by the
Pythran corpus (tests/corpora/pythran_run.py: its lap.py failed to build). Compiled against
CPython on fresh random arrays of odd and even sizes, in a subprocess."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile


def pick(a: 'float[:]', k: int) -> float:
    return a[k] * 10.0 + k


@transpile
def periodic(var: 'float[:]', dh2: float):
    lap = np.zeros_like(var)
    lap[1:] = (4.0 / 3.0) * var[:-1]
    lap[0] = (4.0 / 3.0) * var[1]
    lap[:2] += (-1.0 / 12.0) * var[-2:]
    lap[:-2] += (-1.0 / 12.0) * var[2:]
    lap[1:3] = lap[1:3] + 0.5
    return lap / dh2


@transpile
def picks(var: 'float[:]') -> float:
    return pick(var, 3 - 1) + pick(var, -(2 - 1)) + pick(var, 2 * 2 - 4)
'''


def test_literal_integer_arguments(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (4, 5, rng.randint(6, 13), rng.randint(3, 9)):
        a = [rng.uniform(-50.0, 50.0) for _ in range(n)]
        calls.append(f"periodic(np.array({a!r}), {rng.uniform(-2.0, 2.0)!r})")
        calls.append(f"picks(np.array({a!r}))")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)
