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


NP_ARRAY_OF_ARRAYS = '''
import numpy as np
from transpyle import transpile

@transpile
def copies(a: 'int[:,:]', f: 'float[:,:](order=F)'):
    c = np.array(a)
    c[0, 0] = 7
    d = np.array(a, dtype='float64')
    g = np.array(f, dtype=np.complex128)
    h = np.array(f)
    h[-1, -1] = -1.5
    return c, d, g, h, a[0, 0], f[-1, -1]
'''


def test_np_array_of_an_array_is_a_copy_as_numpy_makes(tmp_path):
    """np.array(x) of an array is a new array of x's layout, np.array(x, dtype=d) the values
    converted (Pyccel's arrays.dtype_convert_to_*); against CPython on fresh random data."""
    needs_gfortran()
    seed = random.randrange(2**31)
    print("seed", seed)
    rng = random.Random(seed)
    calls = []
    for _ in range(4):
        r, c = rng.randint(1, 4), rng.randint(1, 4)
        a = [[rng.randint(-99, 99) for _ in range(c)] for _ in range(r)]
        f = [[rng.uniform(-9, 9) for _ in range(c)] for _ in range(r)]
        calls.append("[(x.dtype.str, x.shape, x.tobytes(order='A').hex(), x.flags.f_contiguous)"
                     " if isinstance(x, np.ndarray) else float(x) for x in copies(np.array("
                     f"{a}, dtype=int), np.asfortranarray({f!r}))]")
    compiled, python = run_both(tmp_path, NP_ARRAY_OF_ARRAYS, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)
