"""x.astype(dtype) and np.*_like(x, dtype=...) (issue 14): a new array of that dtype with x's
shape (astype of the same dtype a copy; writing it leaves x alone), for the conversions NumPy
and Fortran make alike: integers and bools to floats, float32 and float64 both ways, to a
wider integer, to bool (nonzero). Compared with CPython on fresh random inputs (dtype, shape,
bytes); a float to an integer and a narrower integer are refused where written."""

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
def conv(a: 'int[:]', x: 'float32[:,:]', b: 'bool[:]'):
    y = a.astype(np.float64) * 0.5
    z = x.astype(np.float64)
    z[0, 0] = 7.0
    same = x.astype(np.float32)
    same[0, 0] = -1.0
    w = np.zeros_like(a, dtype=np.float32)
    w[0] = 1.5
    return (y, z, x.sum(), same, b.astype(np.int64) + 1, a.astype(bool), w,
            np.ones_like(x, dtype=np.int32), a.astype(np.int64) * 3, x.astype(complex))
'''

_HEX = "(lambda t: [(type(v).__name__, str(np.asarray(v).dtype), np.asarray(v).shape, " \
    "np.asarray(v).tobytes().hex()) for v in t])("


def test_astype_matches_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, rng.randint(2, 7)):
        m = rng.randint(1, 5)
        a = [rng.randint(-99, 99) for _ in range(n)]
        x = [[rng.uniform(-1e6, 1e6) for _ in range(m)] for _ in range(rng.randint(1, 4))]
        b = [rng.random() < 0.5 for _ in range(n)]
        calls.append(_HEX + f"conv(np.array({a!r}), np.array({x!r}, dtype=np.float32), "
                     f"np.array({b!r})))")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


@pytest.mark.parametrize("body", ["return x.astype(np.int64)", "return k.astype(np.int8)"])
def test_inexact_casts_are_refused(body: str) -> None:
    with pytest.raises(TranspileError) as err:
        compile_source("import numpy as np\n\n\ndef f(x: 'float[:]', k: 'int[:]'):\n"
                       f"    {body}\n")
    assert "astype from" in err.value.message and err.value.loc.line == 5
