"""`for row in a` over a matrix (issue 14, safety/aliases.py): each step binds a view of the
next row, which the body reads and writes (`row[1] = s` changes `a`), also nested in other
loops and indexed with negative indices (Pythran's hyantes_core: `for k in t`). Compared with
CPython on fresh random inputs (odd shapes, one row, no rows): results and the matrix's bytes.
A row used after its loop (the last row in Python) is refused as before."""

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
def rows(a: 'float[:,:]') -> float:
    s = 0.0
    for row in a:
        s += row[0] * row[-1]
        row[1] = s
    return s


@transpile
def hyantes(xmin: float, step: float, range_: float, t: 'float[:,:]', n: int):
    pt = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            for k in t:  # hyantes' arccos and cos dropped: NumPy's SIMD loops round them
                tmp = 6368. * np.sqrt((xmin + step * i - k[0]) ** 2
                                      + (xmin + step * j - k[1]) ** 2)
                if tmp < range_:
                    pt[i][j] += k[2] / (1 + tmp)
    return pt


@transpile
def enumerated(a: 'float[:,:]', v: 'float[:]') -> float:
    total = 0.0
    for i, row in enumerate(a):
        row[:] = row * v[i]
        total += row.sum()
    return total
'''


def test_rows_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (0, 1, rng.randint(2, 6)):
        m = rng.randint(2, 5)
        a = [[rng.uniform(-5, 5) for _ in range(m)] for _ in range(n)]
        mat = f"np.array({a!r}).reshape({n}, {m})"
        calls.append(f"(lambda a: (float(rows(a)), a.tobytes().hex()))({mat})")  # a NumPy sum on some paths
        v = [rng.uniform(-2, 2) for _ in range(n)]
        calls.append(f"(lambda a: (float(enumerated(a, np.array({v!r}))), a.tobytes().hex()))"
                     f"({mat})")
        t = [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(n + 1)]
        calls.append(f"hyantes({rng.uniform(-1, 1)!r}, {rng.uniform(0, 0.3)!r}, "
                     f"{rng.uniform(100, 9000)!r}, np.array({t!r}), {rng.randint(1, 4)})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_a_row_used_after_its_loop_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source('''
def f(a: 'float[:,:]') -> float:
    for row in a:
        row[0] = 1.0
    return row[1]
''')
    assert "change later" in err.value.message
