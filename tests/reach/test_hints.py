"""Hints people write (issue 14): type aliases, NumPy's shape-typed ndarray, Final constants,
unions and TypeVars (the call picks the member), imports inside a function and `import numpy
as xp`. Compiled and CPython results compared on fresh random inputs, in a subprocess."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
from typing import Final, TypeVar, Union
import numpy as xp
import numpy.typing as npt
from numpy.typing import NDArray
from transpyle import transpile

F64 = NDArray[xp.float64]
Vec = 'float[:]'
Float2D = xp.ndarray[tuple[int, int], xp.dtype[xp.float64]]
AnyRank = xp.ndarray[tuple[int, ...], xp.dtype[xp.int64]]
N: Final = 3
M: Final[int] = 4
T = TypeVar('T', int, float)

@transpile
def aliases(x: F64, y: Vec, a: Float2D, k: AnyRank) -> float:
    import math
    from numpy import sqrt as root
    s: Final[float] = 0.5
    t = s
    for i in range(x.shape[0]):
        t += x[i] * y[i] + N * M
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            t += math.sqrt(abs(a[i, j])) - root(abs(a[i, j])) * xp.abs(a[i, j])
    for i in range(k.shape[0]):
        t += k[i] // 3
    return t

@transpile
def picked(x: T, y: 'int|float', z: Union[int, complex]) -> T:
    return x * 2 + y // 3 + z
'''


def _calls(rng: random.Random) -> list[str]:
    n = rng.randint(1, 6)
    x = [rng.uniform(-1e3, 1e3) for _ in range(n)]
    y = [rng.uniform(-1e3, 1e3) for _ in range(n)]
    a = [[rng.uniform(-50, 50) for _ in range(rng.randint(1, 4))]] * rng.randint(1, 3)
    k = [rng.randint(-10**6, 10**6) for _ in range(rng.randint(1, 5))]
    i, j = rng.randint(-10**9, 10**9), rng.randint(-10**9, 10**9)
    u, v = rng.uniform(-1e6, 1e6), rng.uniform(-1e6, 1e6)
    return [
        f"aliases(np.array({x!r}), np.array({y!r}), np.array({a!r}), np.array({k!r}))",
        f"picked({i}, {j}, {i})", f"picked({u!r}, {j}, {j})", f"picked({i}, {v!r}, {i})",
        f"picked({u!r}, {v!r}, {j})",
        f"picked({i}, {j}, {complex(u, v)!r})",  # complex: T is int, the result complex
    ]


def test_hints_match_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    compiled, python = run_both(tmp_path, SOURCE, _calls(rng))
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("hint, column", [
    ("np.uint8", 10), ("'uint32[:]'", 10), ("NDArray[np.uint16]", 18),
    ("np.ndarray[tuple[int], np.dtype[np.uint64]]", 42),
])
def test_unsigned_refused_at_its_location(hint, column):
    source = ("import numpy as np\nfrom numpy.typing import NDArray\n"
              f"def f(x: {hint}) -> None:\n    pass\n")
    with pytest.raises(TranspileError) as err:
        parse_python(source, "u.py")
    assert "unsigned integer type" in err.value.message
    assert (err.value.loc.line, err.value.loc.col) == (3, column)


def test_union_without_a_call_is_refused():
    """Ahead of time (the CLI) nothing picks a member: refused at the parameter."""
    from transpyle import passes

    module = parse_python("def f(x: 'int|float') -> float:\n    return x * 2.0\n", "c.py")
    with pytest.raises(TranspileError) as err:
        passes.typed(module)
    assert "union hint" in err.value.message and err.value.loc.line == 1
