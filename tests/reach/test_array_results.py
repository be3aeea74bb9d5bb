"""Array results (issue 14): functions that return NumPy arrays, alone or in a tuple, between
module functions (moved into the caller's array, not copied) and to Python (shape, dtype and
memory order as NumPy's), and indexing a call's result (`make(n)[0, 1]`). Compared with
CPython on fresh random inputs, exact bytes."""

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
import numpy as np
from transpyle import transpile

def ramp(n: int, m: int, step: float):
    c = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            c[i, j] = i * step - 2.0 * j
    return c

@transpile
def combine(a: 'float[:,:]', b: 'float[:,:]'):
    return a * 2.0 + b

@transpile
def user(n: int, m: int, step: float):
    d = ramp(n, m, step)
    e = combine(d, ramp(n, m, -step))
    e[0, 0] = ramp(n, m, step)[n - 1, m - 1] + np.sum(combine(d, e))
    if step > 0.0:
        return e
    return d * 0.5

@transpile
def scaled_ints(x: 'int32[:]', k: int):
    y = x * 2
    y[0] = k
    return y

@transpile
def fortran_order(n: int, v: float):
    z = np.zeros((n, 3), order='F')
    z[n - 1, 2] = v
    return z

@transpile
def signs(x: 'float[:]'):
    return x > 0.0

@transpile
def pair(x: 'float[:]') -> float:
    z = np.zeros(3, np.int32)
    return np.sum(signs(x) * 1.0) + np.sum(scaled_ints(z, 4))

def split(x: 'float[:]'):
    pos = np.maximum(x, 0.0)
    neg = x - pos
    return pos, neg, np.sum(pos)  # the arrays are moved after np.sum(pos) is evaluated

@transpile
def parts(x: 'float[:]', k: int):
    p, n, s = split(x)
    m = np.zeros((k, 2), order='F')
    m[0, 1] = s
    return n * 2.0, s, m, x > 0.0

@transpile
def forwarded(x: 'float[:]'):
    return split(x)

def show(r):
    if isinstance(r, tuple):
        return tuple(show(v) if isinstance(v, np.ndarray) else (type(v).__name__, repr(v))
                     for v in r)
    if isinstance(r, np.ndarray):
        return (r.shape, r.dtype.str, r.flags.c_contiguous, r.flags.f_contiguous,
                r.tobytes(order="A").hex())
    return r
'''


def _calls(rng: random.Random) -> list[str]:
    out = []
    for _ in range(3):
        n, m = rng.randint(1, 6), rng.randint(1, 6)
        a = [[rng.uniform(-1e3, 1e3) for _ in range(m)] for _ in range(n)]
        b = [[rng.uniform(-1e3, 1e3) for _ in range(m)] for _ in range(n)]
        x = [rng.uniform(-10, 10) for _ in range(rng.randint(1, 7))]
        ints = [rng.randint(-2**20, 2**20) for _ in range(rng.randint(1, 7))]
        step = rng.choice([-1, 1]) * rng.uniform(0.1, 100.0)
        out += [f"show(combine(np.array({a!r}), np.array({b!r})))",
                f"show(user({n}, {m}, {step!r}))",
                f"show(scaled_ints(np.array({ints!r}, np.int32), {rng.randint(-99, 99)}))",
                f"show(fortran_order({n}, {step!r}))", f"show(signs(np.array({x!r})))",
                f"show(pair(np.array({x!r})))", f"show(parts(np.array({x!r}), {n}))",
                f"show(forwarded(np.array({x!r})))"]
    out.append("show(combine(np.ones((2, 3)), np.ones((3, 2))))")
    return out


def test_array_results_match_cpython(tmp_path):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE, _calls(random.Random()))
    assert compiled == python
    assert sum(kind == "raise" for kind, *_ in python) == 1


def test_a_returned_local_is_moved_not_copied():
    fortran = compile_source("import numpy as np\n"
                             "def make(n: int):\n    c = np.zeros(n)\n    c[0] = 1.0\n"
                             "    return c\n"
                             "def use(n: int) -> float:\n    d = make(n)\n    return d[0]\n",
                             filename="m.py")
    assert "call move_alloc(c, tp_res0)" in fortran
    assert "call make(n, d)" in fortran  # the caller's array receives it
    assert "real(8), intent(out), allocatable :: tp_res0(:)" in fortran


@pytest.mark.parametrize("body, line, words", [
    ("return x", 1, "CPython returns that array itself"),
    ("return x[1:]", 1, "CPython returns that array itself"),
    ("while np.sum(g(x)) > 0.0:\n        x[0] = 0.0\n    return x * 1.0", 1, "while condition"),
    ("return g(x)[0] if x[0] > 0.0 else x", 1, "conditional expression"),
])
def test_array_results_numpy_gives_otherwise_are_refused(body, line, words):
    source = ("import numpy as np\ndef g(x: 'float[:]'):\n    return x * 2.0\n"
              f"def f(x: 'float[:]'):\n    {body}\n")
    with pytest.raises(TranspileError) as err:
        passes.for_fortran(passes.typed(parse_python(source, "a.py")))
    assert words in err.value.message and err.value.loc.line == line + 4


def test_an_array_result_of_a_function_with_a_long_name_builds(tmp_path):
    """f2py names the module variable that carries an array result out
    f2py_<module>_getdims_<variable>, at most 63 characters: a 35-character function name
    (Pyccel's arrays.arrs_1d_negative_step_positive_step) failed to build. Against CPython on
    fresh random data, one array result and a tuple of two."""
    needs_gfortran()
    source = """
import numpy as np
from transpyle import transpile

@transpile
def a_rather_long_function_name_returning_an_array(a: 'int[:]') -> 'int[:]':
    return a[1:-1:3] + a[2::3]

@transpile
def another_long_function_name_returning_two_arrays(a: 'float[:]'):
    return a * 2.0, a[::-1] - 1.0
"""
    seed = random.randrange(2**31)
    print("seed", seed)
    rng = random.Random(seed)
    calls = []
    for _ in range(4):
        n = rng.randint(3, 12)
        calls.append("a_rather_long_function_name_returning_an_array(np.array("
                     f"{[rng.randint(-99, 99) for _ in range(n)]}, dtype=int))")
        calls.append("another_long_function_name_returning_two_arrays(np.array("
                     f"{[rng.uniform(-9, 9) for _ in range(n)]!r}))")
    compiled, python = run_both(tmp_path, source, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)
