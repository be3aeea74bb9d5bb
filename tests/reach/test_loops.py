"""Loops over arrays (issue 14): `for v in a`, `for i, v in enumerate(a, start)`,
`for x, y in zip(a, b)` (to the shortest), over a section or an array expression, against
CPython on fresh random inputs: the body sees writes to later elements, the target keeps the
last element after the loop, `break` leaves it where it was."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def total(a: 'float[:]') -> float:
    s = 0.0
    for v in a:
        s += v * v
    return s

@transpile
def running(a: 'float[:]') -> float:
    last = -1.0
    n = 0
    for v in a:
        if n + 1 < len(a):
            a[n + 1] += v  # seen when the loop gets there
        n += 1
        last = v
    return last + v * 0.5 if n > 0 else last

@transpile
def first_negative(a: 'int32[:]') -> int:
    i = -1
    for j, v in enumerate(a):
        if v < 0:
            i = j
            break
    return i

@transpile
def weighted(a: 'int64[:]', start: int) -> int:
    s = 0
    for i, v in enumerate(a, start):
        s += i * v
    for i, v in enumerate(a, start=-3):
        s -= i
    return int(s)

@transpile
def dot3(a: 'float[:]', b: 'float[:]', c: 'float32[:]') -> float:
    s = 0.0
    for x, y, z in zip(a, b, c):
        s += x * y - z
    return s

@transpile
def rows(m: 'float[:,:]') -> float:
    s = 0.0
    for x, y in zip(m[0, :], m[:, 0]):
        s += x - 2.0 * y
    for v in m[1:, -1] * 3.0:
        s += v
    for v in m[0, ::2]:
        s -= v
    return s

@transpile
def count_true(m: 'bool[:]') -> int:
    n = 0
    for b in m:
        if b:
            n += 1
    return n
'''


def _floats(rng: random.Random, n: int) -> list[float]:
    return [rng.uniform(-100, 100) for _ in range(n)]


def _calls(rng: random.Random) -> list[str]:
    out = []
    for _ in range(8):
        n, m = rng.randint(0, 7), rng.randint(0, 7)
        a, b = _floats(rng, n), _floats(rng, m)
        ints = [rng.randint(-1000, 1000) for _ in range(n)]
        r, c = rng.randint(2, 5), rng.randint(1, 5)
        out += [f"total(np.array({a!r}))", f"running(np.array({a!r}))",
                f"first_negative(np.array({ints}, np.int32))",
                f"weighted(np.array({ints}, np.int64), {rng.randint(-5, 5)})",
                f"dot3(np.array({a!r}), np.array({b!r}), "
                f"np.array({_floats(rng, rng.randint(0, 7))!r}, np.float32))",
                f"rows(np.array({[_floats(rng, c) for _ in range(r)]!r}))",
                f"count_true(np.array({[rng.random() < 0.5 for _ in range(n)]}, bool))"]
    return out


def test_loops_over_arrays_match_cpython(tmp_path):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE, _calls(random.Random()))
    assert compiled == python
    assert {kind for kind, *_ in python} <= {"ok", "raise"}
    assert any(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("body, text, line", [
    ("for v in a:\n        a = a * 2.0", "rebinding 'a' inside a loop over it", 3),
    ("for i, v in enumerate(a, k):\n        k = 2", "an enumerate start", 2),
    ("for v in (1.0, 2.0):\n        pass", "a tuple value", 2),
    ("for x, y in zip(a, a, strict=True):\n        pass", "zip(...) with keywords", 2),
])
def test_loop_refusals_are_located(body, text, line):
    source = f"def f(a: 'float[:]', k: int) -> None:\n    {body}\n"
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert text in err.value.message and err.value.loc.line == line, err.value.message


TUPLE_TARGETS = '''
import numpy as np
from transpyle import transpile

@transpile
def weighted(z: 'int[:]', w: 'float[:]', k: int) -> float:
    res = 0.0
    for v in enumerate(z, k):
        res += v[0] * v[1]
    for p in zip(z, w, z[::2]):
        res += p[-1] * p[1] - p[0]
    return res
'''


def test_a_single_target_over_enumerate_or_zip_read_by_constant_indices(tmp_path):
    """`for v in enumerate(z)` with `v[0] * v[1]` (Pyccel's loops module): the loop over
    fresh names, one per element; against CPython on fresh random data."""
    needs_gfortran()
    seed = random.randrange(2**31)
    print("seed", seed)
    rng = random.Random(seed)
    calls = []
    for _ in range(6):
        n, m = rng.randint(0, 7), rng.randint(0, 7)
        calls.append(f"weighted(np.array({[rng.randint(-99, 99) for _ in range(n)]}, dtype=int), "
                     f"np.array({_floats(rng, m)!r}), {rng.randint(-3, 3)})")
    compiled, python = run_both(tmp_path, TUPLE_TARGETS, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("use", ["s += v[2]", "s += len(v)", "v = (1, 2)"])
def test_a_tuple_target_seen_whole_or_out_of_range_stays_refused(use):
    source = ("def f(a: 'float[:]') -> float:\n    s = 0.0\n    for v in enumerate(a):\n"
              f"        {use}\n    return s\n")
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert err.value.loc.line in (3, 4), err.value.message


PRODUCTS = '''
import numpy as np
from itertools import product
from transpyle import transpile

@transpile
def grid(z: 'int[:,:]', w: 'float[:]', k: int) -> float:
    m, n = z.shape
    x = [i for i in range(m)]
    s = 0.0
    for i, j in product(x, range(n)):
        z[i, j] = i * k - j
    for a, b, c in product(w, x, range(1, k)):
        if a > 1.0:
            continue
        s = s * 0.5 + a * b - c
    return s
'''


def test_for_over_itertools_product_matches_cpython(tmp_path):
    """`for i, j in product(x, range(n))` (Pyccel's loops.product_loop_*): nested loops;
    against CPython on fresh random data, empty iterables included (the result through
    float(): a NumPy scalar on some paths only is a documented difference)."""
    needs_gfortran()
    seed = random.randrange(2**31)
    print("seed", seed)
    rng = random.Random(seed)
    calls = []
    for _ in range(6):
        r, c = rng.randint(0, 4), rng.randint(0, 5)
        z = [[0] * c for _ in range(r)]
        calls.append(f"(lambda z: (float(grid(z, np.array({_floats(rng, rng.randint(0, 5))!r}), "
                     f"{rng.randint(-1, 4)})), z.tolist()))(np.array({z}, dtype=int)"
                     f".reshape({r}, {c}))")
    compiled, python = run_both(tmp_path, PRODUCTS, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("body", [
    "for i, j in product(a, a):\n        break",
    "for i, j in product(a, a):\n        a = a * 2.0",
    "for i, j in product(a, a):\n        pass\n    return i",
    "for i, j in product(a, repeat=2):\n        pass",
])
def test_product_loops_python_would_run_otherwise_are_refused(body):
    source = f"from itertools import product\n\ndef f(a: 'float[:]', k: int) -> float:\n" \
        f"    {body}\n    return 0.0\n"
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert "itertools.product" in err.value.message or "rebinding" in err.value.message, \
        err.value.message
