"""Elements of int8/int16/int32 arrays are NumPy integers of their width: `//`, `%` and `**`
on them follow NumPy's rules (a zero divisor gives 0, `** -1` raises), and their helpers
build for every width (the int32 group once failed to type: an int64 literal in `**`)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

@transpile
def ops_{t}(x: '{t}[:]', out: '{t}[:]') -> None:
    for i in range(len(x) - 1):
        a = x[i]
        b = x[i + 1]
        out[i] = a // b + a % b + b ** 2
'''


@pytest.mark.parametrize("t", ["int8", "int16", "int32"])
def test_small_integer_elements_follow_numpy(tmp_path, t) -> None:
    needs_gfortran()
    rng = np.random.default_rng()
    calls = []
    for n in (2, 5, 33):
        x = rng.integers(-9, 10, n)
        x[rng.integers(0, n)] = 0
        arr = f"np.array({x.tolist()}, dtype=np.{t})"
        calls.append(f"(lambda o: (ops_{t}({arr}, o), o.tolist())[1])(np.zeros({n}, "
                     f"dtype=np.{t}))")
    compiled, python = run_both(tmp_path, SOURCE.format(t=t), calls)
    assert compiled == python
