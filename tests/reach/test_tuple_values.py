"""Tuples built from tuples (frontends/python/tuple_values.py): nested displays, a + b, a * k,
tuple(t), slices with constant bounds, len(t); Pyccel's hints 'tuple[int, ...]' (any length),
'Final[float[:]]' and 'const int'; against CPython on fresh random values."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

K = 2

@transpile
def built(x: float, n: int):
    a = (x, n, x * n)
    b = (n - 1, True)
    c = a + b
    d = b * K
    e = ((x, 1), (n, x + 1.0), (False, n))
    f = tuple((x, -x))
    g = c[1:4]
    i = 3
    return (c[0], c[i], c[-1], d[2], d[3], len(d), e[1][0], e[2][1], e[0][0] + e[1][1],
            f[1], g[0], g[2], len(c[::2]))

@transpile
def any_length(n: int) -> 'tuple[int, ...]':
    return n, n + 1

@transpile
def final(rf: 'Final[float[:]]', k: 'const int') -> float:
    return rf[0] * k

@transpile
def swapped(x: float, n: int):
    pair = ((x, n), (n, x))
    t = pair[1]
    return t
'''


def test_tuples_of_tuples_match_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(3):
        x, n = rng.uniform(-1e3, 1e3), rng.randint(-10**6, 10**6)
        calls += [f"built({x!r}, {n})", f"swapped({x!r}, {n})", f"any_length({n})",
                  f"final(np.array([{x!r}, 1.0]), {n})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python and all(kind == "ok" for kind, *_ in python)


NAMES = '''
from transpyle import transpile

@transpile
def clash(x: float) -> float:
    a_0 = 2.5
    a = ((x, 1.0), (3.0, x))
    return a[0][0] * a_0 + a[1][1]
'''


def test_element_locals_take_no_name_of_the_function(tmp_path):
    needs_gfortran()
    x = random.uniform(-1e3, 1e3)
    compiled, python = run_both(tmp_path, NAMES, [f"clash({x!r})"])
    assert compiled == python and python[0][0] == "ok"
