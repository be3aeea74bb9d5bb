"""NumPy's binary ufuncs written as functions (issue 14): np.add, np.subtract, np.multiply,
np.divide, np.true_divide, np.floor_divide, np.power, np.mod, np.remainder with an array
operand are the operators with NumPy's rules (division by zero gives inf or nan, integer
floor division by zero 0, `%` floors; the operators `k // j` and `k % j` of integer arrays
with a zero divisor killed the process with SIGFPE before). Compared with CPython on fresh
random inputs with zeros and negatives (dtype and bytes); of two scalars they are refused
where written."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.compiler import compile_source
from transpyle.errors import TranspileError

SOURCE = '''
import numpy as np
from transpyle import transpile


@transpile
def floats(x: 'float[:]', y: 'float[:]', s: float):
    return (np.add(x, y), np.subtract(x, s), np.multiply(s, y), np.divide(x, y),
            np.true_divide(1.0, y), np.floor_divide(x, y), np.power(x, 2), np.mod(x, y),
            np.remainder(x, s))


@transpile
def ints(k: 'int[:]', j: 'int[:]'):
    return (np.floor_divide(k, j), np.mod(k, j), np.add(k, 3), np.multiply(k, j), k // j,
            k % j)
'''

_HEX = "(lambda t: [(str(np.asarray(v).dtype), np.asarray(v).tobytes().hex()) for v in t])("


def test_ufunc_functions_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, rng.randint(2, 6), rng.randint(7, 12)):
        x = [rng.choice([0.0, -0.0, rng.uniform(-9, 9)]) for _ in range(n)]
        y = [rng.choice([0.0, rng.uniform(-9, 9)]) for _ in range(n)]
        s = rng.choice([0.0, rng.uniform(-4, 4)])
        calls.append(_HEX + f"floats(np.array({x!r}), np.array({y!r}), {s!r}))")
        k = [rng.randint(-9, 9) for _ in range(n)]
        j = [rng.randint(-3, 3) for _ in range(n)]
        calls.append(_HEX + f"ints(np.array({k!r}), np.array({j!r})))")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_of_two_scalars_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source("import numpy as np\n\n\ndef f(a: float, b: float) -> float:\n"
                       "    return np.add(a, b)\n")
    assert "np.add of two scalars" in err.value.message and err.value.loc.line == 5
