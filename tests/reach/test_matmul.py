"""Matrix products (issue 14): `a @ b`, np.matmul, np.dot on 1-D and 2-D float64, float32 and
integer arrays, in expressions, with transposed operands (`a @ b.T`, `a @ a.T`: NumPy passes
BLAS the transpose flag, or calls syrk). Float products call NumPy's own OpenBLAS with NumPy's
arguments, so the results are the same bits (a naive loop differs in the last bits: checked
below); odd and degenerate extents (0, 1), signed zeros, NumPy's ValueErrors on a mismatch."""

from __future__ import annotations

import random

import numpy as np
import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import passes
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def products(a: 'float[:,:]', b: 'float[:,:]', x: 'float[:]', c: 'float[:,:]',
             y: 'float[:]', z: 'float[:]') -> float:
    c[:, :] = a @ b
    y[:] = a @ x + 1.0
    d = np.dot(a, b)
    c += d * 0.5
    z[:] = np.matmul(y, a) - np.dot(y, a)
    return x @ x + np.dot(x, x) * 2.0

@transpile
def transposes(a: 'float[:,:]', b: 'float[:,:]', g: 'float[:,:]', h: 'float[:,:]') -> None:
    g[:, :] = a @ a.T  # NumPy calls syrk here
    h[:, :] = np.dot(b.T, a.T)

@transpile
def singles(a: 'float32[:,:]', b: 'float32[:,:]', c: 'float32[:,:]') -> 'float32':
    c[:, :] = a @ b
    s = np.float32(0.0)
    for i in range(a.shape[0]):
        s += (a[i, :] @ a[i, :])
    return s

@transpile
def integers(a: 'int64[:,:]', b: 'int32[:,:]', c: 'int64[:,:]', v: 'int32[:]') -> int:
    c[:, :] = a @ b
    return int(v @ v)

def run(kind, a, b, x):
    m, k = a.shape
    n = b.shape[1]
    c = np.zeros((m, n), a.dtype)
    if kind == "f64":
        y, z = np.zeros(m), np.zeros(k)
        r = products(a, b, x, c, y, z)
        g, h = np.zeros((m, m)), np.zeros((n, m))
        transposes(a, b, g, h)
        return (r.hex(), c.tobytes().hex(), y.tobytes().hex(), z.tobytes().hex(),
                g.tobytes().hex(), h.tobytes().hex())
    if kind == "f32":
        return (float(singles(a, b, c)).hex(), c.tobytes().hex())
    return (integers(a, b.astype(np.int32), c, x.astype(np.int32)), c.tobytes().hex())
'''


def _matrix(rng: random.Random, rows: int, cols: int, zeros: bool) -> list[list[float]]:
    def one() -> float:
        if zeros and rng.random() < 0.3:
            return rng.choice([0.0, -0.0])
        return rng.uniform(-1e3, 1e3) * rng.choice([1, 1e-8, 1e8])
    return [[one() for _ in range(cols)] for _ in range(rows)]


def _calls(rng: random.Random) -> list[str]:
    out = []
    shapes = [(rng.randint(0, 5), rng.randint(0, 5), rng.randint(0, 5)) for _ in range(6)]
    shapes += [(1, rng.randint(2, 40), rng.randint(2, 40)), (rng.randint(2, 40), 1, 7),
               (rng.randint(2, 70), rng.randint(2, 70), rng.randint(2, 70)), (1, 1, 1)]
    for m, k, n in shapes:
        zeros = rng.random() < 0.5
        a, b = _matrix(rng, m, k, zeros), _matrix(rng, k, n, zeros)
        x = _matrix(rng, 1, k, zeros)[0]
        ints_a = [[rng.randint(-2**62, 2**62) for _ in range(k)] for _ in range(m)]
        ints_b = [[rng.randint(-2**31, 2**31 - 1) for _ in range(n)] for _ in range(k)]
        ints_x = [rng.randint(-2**31, 2**31 - 1) for _ in range(k)]
        shape_a, shape_b = f"({m}, {k})", f"({k}, {n})"
        out += [f"run('f64', np.array({a!r}).reshape{shape_a}, np.array({b!r}).reshape{shape_b},"
                f" np.array({x!r}))",
                f"run('f32', np.array({a!r}, np.float32).reshape{shape_a}, "
                f"np.array({b!r}, np.float32).reshape{shape_b}, None)",
                f"run('i64', np.array({ints_a!r}, np.int64).reshape{shape_a}, "
                f"np.array({ints_b!r}, np.int64).reshape{shape_b}, np.array({ints_x!r}))"]
    out += ["products(np.ones((2, 3)), np.ones((4, 2)), np.ones(3), np.ones((2, 2)), "
            "np.ones(2), np.ones(3))",
            "products(np.ones((2, 3)), np.ones((3, 2)), np.ones(4), np.ones((2, 2)), "
            "np.ones(2), np.ones(3))",
            "products(np.ones((2, 3)), np.ones((3, 2)), np.ones(3), np.ones((2, 2)), "
            "np.ones(2), np.ones(4))"]
    return out


def test_matrix_products_match_numpy_bit_for_bit(tmp_path):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE, _calls(random.Random()))
    assert compiled == python
    assert sum(kind == "raise" for kind, *_ in python) == 3


def test_a_naive_loop_would_differ():
    """Why the BLAS: the sums of a @ b in NumPy's order differ from a loop's in the last bits."""
    rng = np.random.default_rng()
    a, b = rng.standard_normal((60, 70)), rng.standard_normal((70, 50))
    naive = np.array([[sum(a[i, p] * b[p, j] for p in range(70)) for j in range(50)]
                      for i in range(60)])
    assert not np.array_equal(naive, a @ b)


@pytest.mark.parametrize("body, line, words", [
    ("return np.sum(x @ 2.0)", 2, "of a scalar"),
    ("return np.sum(m @ m)", 2, "F-ordered"),
    ("return np.sum(x @ t)", 2, "rank 3"),
    ("return np.sum((x > 0.0) @ (x > 0.0))", 2, "bool"),
    ("while np.dot(x, x) > 1.0:\n        x[0] = 0.0\n    return 0.0", 2, "while condition"),
])
def test_products_numpy_does_otherwise_are_refused(body, line, words):
    source = ("import numpy as np\n"
              f"def f(x: 'float[:]', m: 'float[:,:](order=F)', t: 'float[:,:,:]') -> float:\n"
              f"    {body}\n")
    with pytest.raises(TranspileError) as err:
        passes.for_fortran(passes.typed(parse_python(source, "a.py")))
    assert words in err.value.message and err.value.loc.line == line + 1


ALIASED = '''
import numpy as np
from transpyle import transpile

@transpile
def gram(x: 'float[:,:]', y: 'float[:,:]', c: 'float[:,:]') -> None:
    c[:, :] = x @ y.T

def run(seed, same):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((30, 40))
    b = a if same else rng.standard_normal((30, 40))
    c = np.zeros((30, 30))
    gram(a, b, c)
    return c.tobytes().hex(), np.abs(c - a @ b.T).max() <= 1e-12 * np.abs(a @ b.T).max()
'''


def test_documented_difference_one_array_passed_twice(tmp_path):
    """docs/DIFFERENCES.md: x @ y.T with x and y one array passed twice is NumPy's syrk in
    CPython (it sees one buffer), gemm compiled: equal to ~1e-15 relative, not bit for bit.
    Two different arrays, and `a @ a.T` written with one name, are bit for bit."""
    needs_gfortran()
    seed = random.randrange(2**32)
    compiled, python = run_both(tmp_path, ALIASED, [f"run({seed}, True)", f"run({seed}, False)"])
    assert compiled[1] == python[1]  # different arrays: the same bits
    # one array twice: close to NumPy's result; the bits may differ (syrk against gemm) or not
    # (OpenBLAS's choice of kernels and threads decides, run to run)
    assert compiled[0][0] == python[0][0] == "ok" and compiled[0][1].endswith("True_)")
