"""C- and F-ordered arrays in one expression (issue 14): `c[:, :] = a * 2.0 + np.sqrt(b) / a`
with `a` C-ordered and `b` F-ordered, into either order, a local result, an elemental
function and np.where of them, against CPython on fresh random inputs (NumPy's ValueError on
mismatched shapes included). Each such assignment runs as loops over the elements, each array
indexed in its own layout."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def mix(a: 'float[:,:]', b: 'float[:,:](order=F)', c: 'float[:,:]',
        d: 'float[:,:](order=F)') -> float:
    c[:, :] = a * 2.0 + np.sqrt(np.abs(b)) / (a + 3.5)
    d[:, :] = np.where(a > b, a - b, c * 0.5)
    t = a - b
    return t[0, -1] + t[-1, 0]

def run(a, b):
    a = np.array(a)
    b = np.asfortranarray(b)
    c = np.zeros(a.shape)
    d = np.asfortranarray(np.zeros(a.shape))
    r = mix(a, b, c, d)
    return (float(r).hex(), c.tobytes().hex(), d.tobytes(order="F").hex())
'''


def _matrix(rng: random.Random, n: int, m: int) -> list[list[float]]:
    return [[rng.uniform(-9, 9) for _ in range(m)] for _ in range(n)]


def test_mixed_orders_match_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(8):
        n, m = rng.randint(1, 6), rng.randint(1, 6)
        calls.append(f"run({_matrix(rng, n, m)!r}, {_matrix(rng, n, m)!r})")
    calls.append(f"run({_matrix(rng, 2, 3)!r}, {_matrix(rng, 3, 2)!r})")  # ValueError
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert python[-1][:2] == ["raise", "ValueError"]
    assert all(kind == "ok" for kind, *_ in python[:-1])
