"""NumPy's function spellings of array attributes and math's tests (issue 14):
`n, m = np.shape(x)`, `np.shape(x)[1]`, `np.size(x)`, `np.ndim(x)`; `math.isnan`,
`math.isinf`, `math.isfinite` of floats, ints and array elements (a Python bool, the
argument converted as math converts it). Compared with CPython on fresh random inputs with
NaN and infinities; `math.isnan` of an argument that calls a function is refused where
written."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import passes
from transpyle.compiler import compile_source
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
import math
import numpy as np
from transpyle import transpile


@transpile
def dims(x: 'float[:,:]') -> int:
    n, m = np.shape(x)
    return n * 100 + m * 10 + np.shape(x)[1] + np.size(x) * 1000 + np.ndim(x)


@transpile
def tests(x: 'float[:]', k: int):
    bad = 0
    for v in x:
        if math.isnan(v) or math.isinf(v):
            bad += 1
    return bad, math.isfinite(x[0]), math.isnan(k), math.isinf(-x[0])
'''

_SPECIAL = ["float('nan')", "float('inf')", "-float('inf')", "0.0", "-2.5", "1e308"]


def test_spellings_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, rng.randint(2, 5), rng.randint(6, 9)):
        m = rng.randint(1, 6)
        calls.append(f"dims(np.zeros(({n}, {m})))")
        x = "np.array([" + ", ".join(rng.choice(_SPECIAL) for _ in range(n)) + "])"
        calls.append(f"tests({x}, {rng.randint(-5, 5)})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_a_test_of_a_call_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source("import math\n\n\ndef g(x: float) -> float:\n    return x\n\n\n"
                       "def f(x: float) -> bool:\n    return math.isnan(g(x))\n")
    assert "math.isnan of an argument that calls a function" in err.value.message
    assert err.value.loc.line == 9


LOCAL_IMPORT = '''
from transpyle import transpile

@transpile
def views(k: int):
    from numpy import array, shape
    a = array([1, 2, 3, 4])
    b = a[1:]
    a[2] = k
    return b[0], b[1], b[2], shape(b)[0]
'''


def test_spellings_imported_inside_the_function(tmp_path):
    """`from numpy import shape` in the body: shape(b) is b.shape (Pyccel's pointers)."""
    needs_gfortran()
    k = random.randint(-10**6, 10**6)
    compiled, python = run_both(tmp_path, LOCAL_IMPORT, [f"views({k})"])
    assert compiled == python and python[0][0] == "ok"


SHAPE_LOCALS = '''
import numpy as np
from transpyle import transpile

@transpile
def dims(arr: 'int[:,:]', f: 'float[:,:,:](order=F)'):
    c = np.array(arr, dtype='float64')
    s = np.shape(c)
    t = f.shape
    return len(s), s[0], s[-1], len(t), t[1], len(f.shape), c[0, 0] + f[0, 0, 0]
'''


def test_a_local_bound_to_a_shape_read_by_len_and_constant_indices(tmp_path):
    """`s = np.shape(c)` then `len(s)`, `s[0]` (Pyccel's arrays.dtype_convert_to_*); against
    CPython on fresh random shapes."""
    needs_gfortran()
    seed = random.randrange(2**31)
    print("seed", seed)
    rng = random.Random(seed)
    calls = []
    for _ in range(4):
        r, c, d = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 3)
        calls.append(f"dims(np.arange({r * c}).reshape({r}, {c}) - {rng.randint(0, 9)}, "
                     f"np.asfortranarray(np.ones(({d}, {c}, {r})) * {rng.uniform(-2, 2)!r}))")
    compiled, python = run_both(tmp_path, SHAPE_LOCALS, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("use", ["return s", "x = s[i]\n    return x",
                                 "a = a * 2\n    return s[0]"])
def test_a_shape_local_read_otherwise_stays_refused(use):
    source = f"def f(a: 'float[:]', i: int) -> int:\n    s = a.shape\n    {use}\n"
    with pytest.raises(TranspileError) as err:
        passes.typed(parse_python(source, "a.py"))
    assert err.value.loc.line >= 2, err.value.message
