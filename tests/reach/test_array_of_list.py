"""np.array of a list (issue 14): a display `np.array([x, 2.0, -x])`, a comprehension over a
range `np.array([f(i) for i in range(n)])` (empty when n <= 0), `dtype=` converting each
element, bound to a name or returned; the result is a NumPy array (its elements NumPy's
scalars: `b[1] / 0.0` is inf). Compared with CPython on fresh random inputs; refused where
written: nested lists, and a comprehension of ints without dtype= (NumPy makes an empty one
float64)."""

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


def f(i: int, x: float) -> float:
    return i * x - 1.0


@transpile
def made(n: int, x: float):
    a = np.array([f(i, x) for i in range(n)])
    b = np.array([x, 2.0, -x])
    c = np.array([1, 2, n], dtype=np.float64)
    return a.sum() + b[1] / 0.0 + c[2], a, b * c


@transpile
def direct(n: int, k: int):
    return np.array([i * k - 3 for i in range(1, n, 2)], dtype=np.int32)


@transpile
def step(x: 'float[:]', h: float):
    fvec = np.array([x[0] * h, x[1] - h])
    x[:2] -= fvec
    return x
'''


# each element of a returned tuple as its class, dtype and bytes (repr rounds arrays)
_HEX = "(lambda t: [(type(v).__name__, str(np.asarray(v).dtype), np.asarray(v).tobytes().hex())" \
    " for v in t])("


def test_arrays_of_lists_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (0, 1, rng.randint(2, 9), -2):
        x = rng.uniform(-5.0, 5.0)
        calls += [_HEX + f"made({n}, {x!r}))", f"direct({n}, {rng.randint(-4, 4)})",
                  f"step(np.array([{x!r}, {-x!r}, 1.5]), {rng.uniform(-2.0, 2.0)!r})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


@pytest.mark.parametrize("body, text", [
    ("return np.array([[x, 1.0], [2.0, x]])", "np.array of nested lists"),
    ("return np.array([i for i in range(n)])", "NumPy makes an empty one float64"),
])
def test_refused_where_written(body: str, text: str) -> None:
    with pytest.raises(TranspileError) as err:
        compile_source(f"import numpy as np\n\n\ndef g(n: int, x: float):\n    {body}\n")
    assert text in err.value.message
    assert err.value.loc.line == 5
