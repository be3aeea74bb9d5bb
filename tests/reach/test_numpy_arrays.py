"""New arrays of others' elements (issue 14, passes/numpy_arrays.py): reshape / ravel /
flatten (C order, of C- and F-ordered inputs, -1 extents, sizes that do not fit), np.diff,
np.concatenate / np.hstack of vectors and lists, x[idx] with an integer index vector (negative
and out-of-range indices), and np.argmax / argmin / cumsum / any / all along an axis of a
matrix. Compared with CPython + NumPy on fresh random inputs (odd sizes, negatives, NaN, empty
arrays): dtype, shape and bytes of every result, the exception class of every raise."""

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
def shapes(x: 'float[:,:]', v: 'int[:]', n: int):
    a = x.reshape(-1).copy()
    b = np.reshape(v, (n, -1)).copy()
    c = x.ravel() * 2.0
    d = x.flatten()
    if d.size > 0:
        d[0] = 99.0
    return a, b, c, d, x.reshape(x.shape[1], x.shape[0]).copy(), np.ravel(x) + 1.0


@transpile
def shapes_f(x: 'float[:,:](order=F)', y: 'float32[:,:,:]'):
    return x.ravel(), x.reshape(x.size), y.reshape(-1, y.shape[2]).copy(), y.ravel().copy()


@transpile
def grid(x: 'float[:]'):
    n = x.shape[0]
    z = np.zeros((n, n, 3))
    z[0, :, 1] = x
    z[:, :, 2] = 1.5
    g = z.reshape(n * n, 3)
    return g


@transpile
def differences(x: 'float[:]', k: 'int32[:]', z: 'complex[:]'):
    return np.diff(x), np.diff(k), np.diff(z), np.sum(np.diff(x))


@transpile
def joined(a: 'float[:]', b: 'float[:]', k: 'int[:]', m: 'int32[:]'):
    c = np.concatenate((a, b, a))
    d = np.concatenate(([1], np.diff(k), [len(k)]))
    e = np.hstack([a, k])
    f = np.concatenate((m, m))
    return c, d, e, f, np.concatenate([k, [2.5]])


@transpile
def picked(x: 'float[:]', m: 'int[:,:]', i: 'int[:]', j: 'int32[:]'):
    return x[i], m[i], x[j] * 2.0, np.sum(x[i])


@transpile
def along(x: 'float[:,:]', k: 'int32[:,:]', f: 'float[:,:](order=F)'):
    return (np.argmax(x, axis=0), x.argmin(axis=1), np.argmax(k, 1), k.argmin(0),
            np.cumsum(x, axis=0), np.cumsum(x, axis=1), np.cumsum(k, axis=0),
            f.cumsum(axis=1), np.argmax(f, axis=0), np.any(x > 0, axis=1), (k > 0).all(axis=0),
            np.all(x, axis=1), np.any(k, 0), f.argmin(axis=-1))


@transpile
def reshape_bad(v: 'int[:]', n: int, m: int):
    return v.reshape(n, m).copy()


@transpile
def reshape_bad1(v: 'int[:]', n: int):
    return v.reshape(n, -1).copy()
'''

_SHOW = "(lambda t: [(str(np.asarray(v).dtype), np.asarray(v).shape, " \
    "np.asarray(v).tobytes().hex()) for v in (t if isinstance(t, tuple) else (t,))])("


_CHECKED = {**os.environ, "TRANSPYLE_BOUNDSCHECK": "1"}  # an index out of range: IndexError


def _floats(rng: random.Random, n: int, nan: bool = False) -> list[float]:
    out = [rng.uniform(-1e3, 1e3) for _ in range(n)]
    if nan and n and rng.random() < 0.5:
        out[rng.randrange(n)] = float("nan")
    return out


def _matrix(rng: random.Random, n: int, m: int, nan: bool = False) -> list[list[float]]:
    return [_floats(rng, m, nan) for _ in range(n)]


def _same(compiled: list[list[str]], python: list[list[str]]) -> None:
    assert len(compiled) == len(python)
    for got, want in zip(compiled, python, strict=True):
        if want[0] == "raise":
            assert got[:2] == want[:2], (got, want)
        else:
            assert got == want


def test_reshape_ravel_flatten(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n, m in ((1, 1), (rng.randint(2, 6), rng.randint(2, 7)), (0, 3), (3, 0)):
        x = _matrix(rng, n, m)
        v = [rng.randint(-50, 50) for _ in range(2 * n * m)]
        calls.append(_SHOW + f"shapes(np.array({x!r}).reshape({n}, {m}), np.array({v!r}, "
                     f"dtype=np.int64), {max(n, 1)}))")
        p = rng.randint(1, 4)
        y = [rng.uniform(-9, 9) for _ in range(n * m * p)]
        calls.append(_SHOW + f"shapes_f(np.asfortranarray(np.array({x!r}).reshape({n}, {m})),"
                     f" np.array({y!r}, dtype=np.float32).reshape({n}, {m}, {p})))")
        calls.append(_SHOW + f"grid(np.array({_floats(rng, n * m)!r})))")
    calls.append(_SHOW + "reshape_bad(np.arange(6), 4, 2))")
    calls.append(_SHOW + "reshape_bad(np.arange(6), 3, 2))")
    calls.append(_SHOW + "reshape_bad(np.arange(6), -2, -3))")
    calls.append(_SHOW + "reshape_bad1(np.arange(7), 2))")
    calls.append(_SHOW + "reshape_bad1(np.arange(8), 2))")
    calls.append(_SHOW + "reshape_bad1(np.arange(0), 0))")
    compiled, python = run_both(tmp_path, SOURCE, calls, env=_CHECKED)
    _same(compiled, python)
    assert sum(o[0] == "ok" for o in python) >= 12


def test_diff_concatenate_take(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (0, 1, 2, rng.randint(3, 11)):
        x = _floats(rng, n)
        k = [rng.randint(-2**31, 2**31 - 1) for _ in range(n)]
        z = [complex(rng.uniform(-5, 5), rng.uniform(-5, 5)) for _ in range(n)]
        calls.append(_SHOW + f"differences(np.array({x!r}, dtype=float), np.array({k!r}, "
                     f"dtype=np.int32), np.array({z!r}, dtype=complex)))")
        b = _floats(rng, rng.randint(0, 5))
        ks = [rng.randint(-9, 9) for _ in range(rng.randint(0, 6))]
        calls.append(_SHOW + f"joined(np.array({x!r}, dtype=float), np.array({b!r}, "
                     f"dtype=float), np.array({ks!r}, dtype=np.int64), "
                     f"np.array({ks!r}, dtype=np.int32)))")
        size = max(n, 1)
        xs = _floats(rng, size)
        mat = [[rng.randint(-9, 9) for _ in range(3)] for _ in range(size)]
        idx = [rng.randint(-size, size - 1) for _ in range(rng.randint(0, 7))]
        calls.append(_SHOW + f"picked(np.array({xs!r}), np.array({mat!r}), "
                     f"np.array({idx!r}, dtype=np.int64), np.array({idx!r}, dtype=np.int32)))")
    calls.append(_SHOW + "picked(np.arange(3.0), np.ones((3, 2), dtype=np.int64), "
                 "np.array([0, 3]), np.array([0], dtype=np.int32)))")
    calls.append(_SHOW + "picked(np.arange(3.0), np.ones((3, 2), dtype=np.int64), "
                 "np.array([-4]), np.array([0], dtype=np.int32)))")
    compiled, python = run_both(tmp_path, SOURCE, calls, env=_CHECKED)
    _same(compiled, python)
    assert [o[0] for o in python[-2:]] == ["raise", "raise"]
    assert compiled[-2:] == python[-2:]  # NumPy's messages too


def test_along_an_axis(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n, m in ((1, 1), (rng.randint(2, 7), rng.randint(2, 7)), (rng.randint(2, 5), 1),
                 (1, rng.randint(2, 6))):
        x = _matrix(rng, n, m, nan=True)
        k = [[rng.randint(-3, 3) for _ in range(m)] for _ in range(n)]
        f = _matrix(rng, n, m, nan=True)
        calls.append(_SHOW + f"along(np.array({x!r}), np.array({k!r}, dtype=np.int32), "
                     f"np.asfortranarray(np.array({f!r}))))")
    calls.append(_SHOW + "along(np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int32), "
                 "np.asfortranarray(np.zeros((0, 3)))))")
    compiled, python = run_both(tmp_path, SOURCE, calls, env=_CHECKED)
    _same(compiled, python)
    assert python[-1][0] == "raise"


@pytest.mark.parametrize("body, message", [
    ("y = x.reshape(2, -1)\n    y[0, 0] = 1.0\n    return x.sum()", "binds a view"),
    ("return x.reshape(2, -1)", "a view of parameter array"),
    ("y = np.ravel(x)\n    return y", "a view of parameter array"),
    ("y = x.ravel()\n    x[0] = 2.0\n    return y.sum()", "binds a view"),
    ("x[i] = 0.0\n    return x", "integer index array"),
    ("return x.reshape(2, -1, -1)", "one unknown dimension"),
    ("return np.diff(x > 0)", "np.diff of"),
    ("return x.ravel('F')", "order"),
])
def test_refused_where_written(body: str, message: str) -> None:
    with pytest.raises(TranspileError) as err:
        compile_source("import numpy as np\n\n\ndef f(x: 'float[:]', i: 'int[:]'):\n"
                       f"    {body}\n")
    assert message in str(err.value)


BOOLS = '''
import numpy as np
from transpyle import transpile


@transpile
def bools(x: 'float[:]', b: 'bool[:]', i: 'int[:]'):
    m = x > 0
    return (m.reshape(1, -1).copy(), (x < 0).ravel(), m[i], b[i],
            np.concatenate((m, b, [True])), np.concatenate((b, [1])))
'''


def test_bool_arrays(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, rng.randint(2, 9)):
        x = _floats(rng, n)
        b = [rng.random() < 0.5 for _ in range(n)]
        i = [rng.randint(-n, n - 1) for _ in range(rng.randint(0, 5))]
        calls.append(_SHOW + f"bools(np.array({x!r}), np.array({b!r}), "
                     f"np.array({i!r}, dtype=np.int64)))")
    compiled, python = run_both(tmp_path, BOOLS, calls, env=_CHECKED)
    _same(compiled, python)
    assert all(o[0] == "ok" for o in python)


MORE = '''
import numpy as np
from transpyle import transpile


@transpile
def more(x: 'float[:,:]', k: 'int[:,:]', v: 'float[:]', w: 'float[:]', c: 'int32[:]'):
    return (np.linalg.norm(x, axis=1), np.linalg.norm(x, axis=0), np.linalg.norm(k, axis=1),
            np.linalg.norm(v, axis=0), np.where(v > 0)[0], np.nonzero(c)[0],
            np.flatnonzero(v < 0.5), np.vstack((v, w)), np.stack([v, w, v], axis=1),
            np.column_stack((v, w)), np.stack((c, c)), np.vstack((v, c)))
'''


def test_norms_nonzero_stacks(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n, m in ((1, 1), (rng.randint(2, 7), rng.randint(2, 9)), (0, 3), (3, 0)):
        x = _matrix(rng, n, m)
        k = [[rng.randint(-9, 9) for _ in range(m)] for _ in range(n)]
        v, w = _floats(rng, m), _floats(rng, m)
        c = [rng.randint(-1, 1) for _ in range(m)]
        calls.append(_SHOW + f"more(np.array({x!r}, dtype=float).reshape({n}, {m}), "
                     f"np.array({k!r}, dtype=np.int64).reshape({n}, {m}), np.array({v!r}), "
                     f"np.array({w!r}), np.array({c!r}, dtype=np.int32)))")
    calls.append(_SHOW + "more(np.ones((2, 3)), np.ones((2, 3), dtype=np.int64), np.ones(3), "
                 "np.ones(4), np.ones(3, dtype=np.int32)))")
    compiled, python = run_both(tmp_path, MORE, calls, env=_CHECKED)
    _same(compiled, python)
    assert [o[0] for o in python] == ["ok"] * 4 + ["raise"]


DIAGONALS = '''
import numpy as np
from transpyle import transpile


@transpile
def diagonals(x: 'float[:,:]', f: 'float[:,:](order=F)', v: 'int32[:]', n: int, k: int):
    return (np.eye(n), np.identity(n, dtype=np.int32), np.eye(n, n + 1, k), np.eye(3, 2, -1,
            dtype=bool), np.diag(x).copy(), np.diag(v), np.trace(x), np.trace(f),
            np.trace(v.reshape(1, -1)), np.diag(f).sum(), np.eye(n, M=2, dtype=np.float32))
'''


def test_eye_diag_trace(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n, m in ((1, 1), (rng.randint(2, 7), rng.randint(2, 7)), (0, 2), (3, 0)):
        x, f = _matrix(rng, n, m), _matrix(rng, n, m)
        v = [rng.randint(-99, 99) for _ in range(m)]
        calls.append(_SHOW + f"diagonals(np.array({x!r}).reshape({n}, {m}), "
                     f"np.asfortranarray(np.array({f!r}).reshape({n}, {m})), "
                     f"np.array({v!r}, dtype=np.int32), {n}, {rng.randint(-3, 3)}))")
    calls.append(_SHOW + "diagonals(np.ones((2, 2)), np.ones((2, 2), order='F'), "
                 "np.ones(2, dtype=np.int32), -1, 0))")
    compiled, python = run_both(tmp_path, DIAGONALS, calls, env=_CHECKED)
    _same(compiled, python)
    assert [o[0] for o in python] == ["ok"] * 4 + ["raise"]


RUNNING = '''
import numpy as np
from transpyle import transpile


@transpile
def running(x: 'float[:,:]', f: 'float[:,:](order=F)', k: 'int32[:,:]', c: 'float[:,:,:]'):
    return np.cumsum(x), np.cumsum(f), np.cumsum(k), np.cumsum(c), np.cumsum(x > 0)
'''


def test_cumsum_of_a_matrix_runs_in_c_order(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n, m in ((1, 1), (rng.randint(2, 7), rng.randint(2, 7)), (0, 3)):
        x, f = _matrix(rng, n, m), _matrix(rng, n, m)
        k = [[rng.randint(-2**31, 2**31 - 1) for _ in range(m)] for _ in range(n)]
        c = _floats(rng, 2 * n * m)
        calls.append(_SHOW + f"running(np.array({x!r}).reshape({n}, {m}), "
                     f"np.asfortranarray(np.array({f!r}).reshape({n}, {m})), "
                     f"np.array({k!r}, dtype=np.int32).reshape({n}, {m}), "
                     f"np.array({c!r}).reshape(2, {n}, {m})))")
    compiled, python = run_both(tmp_path, RUNNING, calls, env=_CHECKED)
    _same(compiled, python)
    assert all(o[0] == "ok" for o in python)
