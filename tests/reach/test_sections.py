"""Array sections passed to module functions (issue 14): `g(x[::3])`, a row or a column of a
matrix, a reversed section, against CPython on fresh random inputs: what the callee writes
into the section is seen in the caller's array (a view in Python; a copy in and out here,
which is exact while the callee reaches the storage through that argument only: a section
passed together with another array to a function that writes an array is refused; one that
only reads them: tests/reach/test_section_args.py)."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import passes
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
import numpy as np
from transpyle import transpile

def scale(x: 'float[:]', k: float) -> float:
    s = 0.0
    for i in range(len(x)):
        x[i] = x[i] * k + i
        s += x[i]
    return s

def first(x: 'float[:]') -> float:
    return x[0] + x[-1] + len(x)

@transpile
def run(a: 'float[:]', m: 'float[:,:]', f: 'float[:,:](order=F)', k: float) -> float:
    s = scale(a[::3], k)
    s += scale(a[-1::-2], 0.5)
    s += scale(m[1, :], k)
    s += scale(m[:, -1], 2.0)
    s += scale(f[::2, 0], k)
    t = first(m[0, 1:]) + first(f[1:, -1])
    return s + t

def check(a, m, f, k):
    a, m, f = np.array(a), np.array(m), np.asfortranarray(f)
    r = run(a, m, f, k)
    return (float(r).hex(), a.tobytes().hex(), m.tobytes().hex(), f.tobytes(order="F").hex())
'''


def test_sections_passed_to_functions_match_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(8):
        n, r, c = rng.randint(1, 10), rng.randint(2, 5), rng.randint(2, 5)
        a = [rng.uniform(-9, 9) for _ in range(n)]
        m = [[rng.uniform(-9, 9) for _ in range(c)] for _ in range(r)]
        fc = rng.randint(2, 4)
        f = [[rng.uniform(-9, 9) for _ in range(fc)] for _ in range(r)]
        calls.append(f"check({a!r}, {m!r}, {f!r}, {rng.uniform(-3, 3)!r})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


def test_a_section_with_another_array_to_a_writing_function_is_refused():
    source = ("def g(x: 'float[:]', y: 'float[:]') -> float:\n    y[1] = 0.0\n"
              "    return x[0] + y[0]\n\n"
              "def f(a: 'float[:]') -> float:\n    return g(a[::2], a)\n")
    with pytest.raises(TranspileError) as err:
        passes.typed(parse_python(source, "a.py"))
    assert "an array section to a function that writes an array, together with another " \
        "array" in err.value.message
    assert (err.value.loc.line, err.value.loc.col) == (6, 14)


def test_assigning_an_array_of_another_rank_broadcasts_as_numpy(tmp_path):
    """NumPy broadcasts b[:, :, :] = a[0] (a 2-D value into a 3-D section); gfortran refused
    the build (Pyccel's multi_rank.multi_dim_sum_ones). Now the value is spread over the
    section's leading axis (passes/broadcast.py), as in CPython, on fresh random arrays."""
    needs_gfortran()
    source = """
import numpy as np
from transpyle import transpile

@transpile
def spread(a: 'int[:,:,:]', k: int) -> 'int[:,:,:]':
    b = np.empty((k, a.shape[1], a.shape[2]), dtype=int)
    b[:, :, :] = a[0]
    return b
"""
    rng = random.Random()
    calls = []
    for _ in range(3):
        n, m, p = rng.randint(1, 4), rng.randint(1, 5), rng.randint(1, 6)
        values = [rng.randint(-99, 99) for _ in range(n * m * p)]
        calls.append(f"spread(np.array({values}).reshape({n}, {m}, {p}), {rng.randint(1, 3)})")
    compiled, python = run_both(tmp_path, source, calls)
    assert compiled == python


def test_literal_slice_stops_clipped_at_run_time_build_and_match(tmp_path):
    """`lap[:2] += v[-2:]`: the stop 2 becomes the inclusive `2 - 1`, clipped to the extent by
    tp_slice_stop(i, n), whose INTEGER(8) argument gfortran refused as the default-kind
    `2 - 1` (Pythran's lap.laplacian failed to build). Sizes 0..6 on fresh random data."""
    needs_gfortran()
    source = """
import numpy as np
from transpyle import transpile

@transpile
def lap(var: 'float[:]', h: float) -> 'float[:]':
    out = np.zeros_like(var)
    out[1:] = 2.0 * var[:-1]
    out[:2] += -0.5 * var[-2:]
    out[:-2] += 0.25 * var[2:]
    out[-2:] += 3.0 * var[:2]
    return out / h
"""
    rng = random.Random()
    seed = rng.randrange(2**31)
    print("seed", seed)
    rng.seed(seed)
    calls = [f"lap(np.array({[rng.uniform(-9, 9) for _ in range(n)]!r}), "
             f"{rng.uniform(0.5, 3)!r})" for n in range(7)]
    compiled, python = run_both(tmp_path, source, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("expr", ["a[1:][0][2]", "a[1:][0, 2]", "a[::2][1][0]", "a[..., 1][0]",
                                  "a[:, None][0][0][1]"])
def test_indexing_the_result_of_a_slice_is_refused_not_merged(expr):
    """`a[1:][0]` is row 1 of `a`; read as one subscript `a[1:, 0]` it was column 0 (a wrong
    result: 15.0 where CPython gives 7.0 for np.arange(20.).reshape(4, 5)[1:][0][2])."""
    source = f"def f(a: 'float[:,:]') -> float:\n    b = {expr}\n    return b\n"
    with pytest.raises(TranspileError) as err:
        passes.typed(parse_python(source, "a.py"))
    assert "indexing the result of a slice" in err.value.message
    assert err.value.loc.line == 2


def test_chained_integer_indices_are_one_subscript(tmp_path):
    needs_gfortran()
    source = """
import numpy as np
from transpyle import transpile

@transpile
def rows(a: 'float[:,:,:]', i: int, j: int) -> float:
    return a[i][j][0] + a[i][-1][-1] * 2.0 + a[-1, j][0]
"""
    rng = random.Random()
    calls = []
    for _ in range(4):
        n, m, p = rng.randint(1, 3), rng.randint(1, 4), rng.randint(1, 4)
        calls.append(f"rows(np.arange({n * m * p}.0).reshape({n}, {m}, {p}) - 3.5, "
                     f"{rng.randint(-n, n - 1)}, {rng.randint(-m, m - 1)})")
    compiled, python = run_both(tmp_path, source, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)
