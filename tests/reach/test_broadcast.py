"""NumPy's broadcasting (issue 14, passes/broadcast.py): operands of different ranks (a matrix
and a vector, a cube and a matrix), new axes (`x[:, None]`, `x[np.newaxis, :]`,
`x.reshape(-1, 1)`) stretched to the other operand's extent (outer sums and products, a
column of row sums), assignments broadcast to the target (`z[:, :, 0] = x`), C- and F-ordered
matrices; extents that do not agree raise NumPy's ValueError. Compared with CPython + NumPy on
fresh random inputs (odd sizes, negatives, empty arrays): dtype, shape and bytes."""

from __future__ import annotations

import os
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
def ranks(a: 'float[:,:]', v: 'float[:]', c: 'float[:,:,:]', k: 'int32[:]'):
    return (a + v, v * a, a - v[None, :], c * a, a / c, a > v, k + a, np.maximum(a, v),
            2.0 * (a - v) ** 2)


@transpile
def axes(u: 'float[:]', v: 'float[:]', a: 'float[:,:]'):
    outer = u[:, None] * v[np.newaxis, :]
    rows = a - np.sum(a, axis=1)[:, np.newaxis]
    cols = a / a.max(axis=0)
    col = u.reshape(-1, 1) + v
    return (outer, rows, cols, col, u[:, np.newaxis] - u, np.sum(u[:, None] * v, axis=0),
            a + outer)


@transpile
def fortran(a: 'float[:,:](order=F)', v: 'float[:]', u: 'float[:]'):
    return a + v, a * u[:, None], a - a[0]


@transpile
def assigned(x: 'float[:]', m: 'float[:,:]'):
    n = x.shape[0]
    z = np.zeros((n, n, 3))
    z[:, :, 0] = x.reshape(-1, 1)
    z[:, :, 1] = x
    z[:, :, 2] = m
    w = np.empty((2, n))
    w[:] = x
    return z, w


@transpile
def dist(x1: 'float[:,:]', x2: 'float[:,:]'):
    return -2 * np.dot(x1, x2.T) + np.sum(np.square(x1), axis=1)[:, np.newaxis] + \\
        np.sum(np.square(x2), axis=1)
'''

_SHOW = "(lambda t: [(str(np.asarray(v).dtype), np.asarray(v).shape, " \
    "np.asarray(v).tobytes().hex()) for v in (t if isinstance(t, tuple) else (t,))])("
_CHECKED = {**os.environ, "TRANSPYLE_BOUNDSCHECK": "1"}


def _m(rng: random.Random, *shape: int) -> str:
    n = 1
    for s in shape:
        n *= s
    values = [rng.uniform(-100, 100) for _ in range(n)]
    return f"np.array({values!r}, dtype=float).reshape{shape!r}"


def _same(compiled: list[list[str]], python: list[list[str]]) -> None:
    assert len(compiled) == len(python)
    for got, want in zip(compiled, python, strict=True):
        assert got[:2] == want[:2] if want[0] == "raise" else got == want, (got, want)


def test_broadcasting_matches_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n, m in ((1, 1), (rng.randint(2, 6), rng.randint(2, 7)), (3, 0), (0, 2)):
        p = rng.randint(1, 3)
        k = [rng.randint(-50, 50) for _ in range(m)]
        calls.append(_SHOW + f"ranks({_m(rng, n, m)}, {_m(rng, m)}, {_m(rng, p, n, m)}, "
                     f"np.array({k!r}, dtype=np.int32)))")
        calls.append(_SHOW + f"axes({_m(rng, n)}, {_m(rng, m)}, {_m(rng, n, m)}))")
        calls.append(_SHOW + f"fortran(np.asfortranarray({_m(rng, n, m)}), {_m(rng, m)}, "
                     f"{_m(rng, n)}))")
        calls.append(_SHOW + f"assigned({_m(rng, n)}, {_m(rng, n, n)}))")
        calls.append(_SHOW + f"dist({_m(rng, rng.randint(1, 4), m)}, {_m(rng, n, m)}))")
    # extents that do not agree: NumPy's ValueError
    calls.append(_SHOW + f"ranks({_m(rng, 3, 4)}, {_m(rng, 5)}, {_m(rng, 2, 3, 4)}, "
                 "np.zeros(4, dtype=np.int32)))")
    calls.append(_SHOW + f"ranks({_m(rng, 3, 4)}, {_m(rng, 4)}, {_m(rng, 2, 4, 3)}, "
                 "np.zeros(4, dtype=np.int32)))")
    calls.append(_SHOW + f"axes({_m(rng, 3)}, {_m(rng, 4)}, {_m(rng, 2, 4)}))")
    calls.append(_SHOW + f"assigned({_m(rng, 3)}, {_m(rng, 3, 2)}))")
    compiled, python = run_both(tmp_path, SOURCE, calls, env=_CHECKED)
    _same(compiled, python)
    assert [o[0] for o in python[-4:]] == ["raise"] * 4
    assert sum(o[0] == "ok" for o in python) >= 16


@pytest.mark.parametrize("body, message", [
    ("y = x[:, None]\n    y[0, 0] = 1.0\n    return x.sum()", "binds a view"),
    ("return x[1:, None]", "an index other than ':'"),
    ("return np.cumsum(x)[:, None] * np.arange(3)", "known only once it is computed"),
])
def test_refused_where_written(body: str, message: str) -> None:
    with pytest.raises(TranspileError) as err:
        compile_source("import numpy as np\n\n\ndef f(x: 'float[:]'):\n"
                       f"    {body}\n")
    assert message in str(err.value)


STRETCH = '''
import numpy as np
from transpyle import transpile


@transpile
def stretched(a: 'float[:,:]', b: 'float[:,:]', v: 'float[:]', w: 'int[:]'):
    d = a + b
    e = (a - b) * v + 1.0
    y = np.zeros((a.shape[0], a.shape[1]))
    y[:] = a * 2.0
    y[:, :] = y + v
    return d, e, y, v - w, np.maximum(a, v), a > b


@transpile
def in_a_call(x: 'float[:]', y: 'float[:]') -> float:
    return np.sum(x * y)
'''


def test_a_length_one_axis_known_at_run_time(tmp_path) -> None:
    """passes/safety/stretch.py: an axis of length 1 NumPy stretches, in an assignment."""
    needs_gfortran()
    rng = random.Random()
    calls = []
    n, m = rng.randint(2, 6), rng.randint(2, 6)
    shapes = [((n, m), (n, m), m, m), ((1, m), (n, 1), 1, m), ((n, 1), (n, m), m, 1),
              ((1, 1), (1, 1), 1, 1), ((n, m), (1, 1), 1, 1), ((0, m), (1, m), 1, 0),
              ((n, m), (n + 1, m), m, m), ((n, m), (n, m), m + 1, m), ((n, m), (n, m), m, 3)]
    for sa, sb, nv, nw in shapes:
        w = [rng.randint(-9, 9) for _ in range(nw)]
        calls.append(_SHOW + f"stretched({_m(rng, *sa)}, {_m(rng, *sb)}, {_m(rng, nv)}, "
                     f"np.array({w!r}, dtype=np.int64)))")
    compiled, python = run_both(tmp_path, STRETCH, calls, env=_CHECKED)
    assert compiled == python  # the ValueError messages too
    assert [o[0] for o in python].count("ok") >= 5


def test_documented_difference_a_length_one_axis_in_a_numpy_call(tmp_path) -> None:
    """docs/DIFFERENCES.md: in a NumPy call's argument the length-1 axis is not stretched."""
    needs_gfortran()
    compiled, python = run_both(tmp_path, STRETCH, ["in_a_call(np.ones(1), np.ones(3))",
                                                    "in_a_call(np.ones(2), np.ones(3))"])
    assert python[0][0] == "ok" and compiled[0][:2] == ["raise", "ValueError"]
    assert compiled[1] == python[1]


CUBES = '''
import numpy as np
from transpyle import transpile


@transpile
def cube_runs(c: 'float[:,:,:]', x: 'float[:,:]', y: 'float[:,:]', k: 'int32[:,:,:]'):
    return (np.sum(c, axis=2), c.mean(axis=-1), np.max(c, axis=2), np.sum(k, axis=2),
            np.sum(np.abs(x[:, None, :] - y), axis=-1))
'''


def test_reductions_along_the_last_axis_of_a_cube(tmp_path) -> None:
    """Each contiguous run is reduced as NumPy reduces a matrix's rows (pairwise past 8)."""
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n, m, k in ((1, 1, 1), (2, 3, rng.randint(9, 40)), (rng.randint(1, 4), 2, 150),
                    (2, 0, 3), (2, 3, 0)):
        ks = [rng.randint(-2**31, 2**31 - 1) for _ in range(n * m * k)]
        calls.append(_SHOW + f"cube_runs({_m(rng, n, m, k)}, {_m(rng, n, k)}, {_m(rng, m, k)}, "
                     f"np.array({ks!r}, dtype=np.int32).reshape({n}, {m}, {k})))")
    compiled, python = run_both(tmp_path, CUBES, calls, env=_CHECKED)
    _same(compiled, python)
    assert [o[0] for o in python] == ["ok"] * 4 + ["raise"]


def test_rows_in_a_parallel_loop_keep_the_strict_check() -> None:
    """A row assignment in a prange loop is translated (no stretched copy shared by the
    threads: stretch.py leaves statements of OpenMP loops to shapes.py's strict check)."""
    from transpyle import compile_source

    source = ("from transpyle import prange\n\n\n"
              "def rows(a: 'float[:,:]', v: 'float[:]', out: 'float[:,:]') -> None:\n"
              "    for i in prange(a.shape[0]):\n"
              "        out[i, :] = a[i, :] * v\n")
    fortran = compile_source(source, "fortran")
    assert "!$omp parallel do" in fortran and "tp_nparr_bcast" not in fortran
