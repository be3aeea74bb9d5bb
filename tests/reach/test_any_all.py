"""`np.any`/`np.all` of a whole array and the methods `x.any()`, `x.all()` (of its nonzero
elements: NaN counts as true, an empty array gives False and True), `z.conjugate()` of complex
scalars and elements. Compiled against CPython on fresh random inputs (negatives, zeros, NaN,
empty arrays), in a subprocess; an axis stays refused at its location."""

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
def tests(a: 'float[:]', t: float, m: 'int64[:]') -> int:
    k = 0
    if np.any(a > t):
        k += 1
    if np.all(a < t):
        k += 10
    if (a != t).any():
        k += 100
    if (m > 0).all():
        k += 1000
    return k + 2 * int(np.all(a)) + 4 * int(np.any(m)) + 8 * int(m.all())


@transpile
def conjugates(z: complex, w: 'complex128[:]') -> complex:
    c = z.conjugate() * 2.0
    for i in range(w.shape[0]):
        c += w[i].conjugate() * (i + 1)
    return complex(c)  # a NumPy scalar where the loop ran: one class either way
'''


def test_any_all_conjugate_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (0, 1, 4, rng.randint(5, 12)):
        a = [rng.choice([0.0, -1.5, float("nan"), rng.uniform(-3.0, 3.0)]) for _ in range(n)]
        m = [rng.randint(-2, 3) for _ in range(n)]
        t = rng.choice([0.0, -1.5, rng.uniform(-3.0, 3.0)])
        calls.append(f"tests(np.array({a!r}, dtype=float), {t!r}, np.array({m!r}, dtype=np.int64))")
        w = [complex(rng.uniform(-5, 5), rng.uniform(-5, 5)) for _ in range(n)]
        calls.append(f"conjugates({complex(rng.uniform(-5, 5), rng.uniform(-5, 5))!r}, "
                     f"np.array({w!r}, dtype=complex))")
    calls = [c.replace("nan", "float('nan')") for c in calls]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_any_along_an_axis_of_a_cube_is_refused() -> None:
    """Along an axis of a matrix: tests/reach/test_numpy_arrays.py."""
    with pytest.raises(TranspileError) as err:
        compile_source('''
import numpy as np


def f(a: 'float[:,:,:]'):
    return np.any(a > 0, 1)
''')
    assert "along an axis of a rank-3 array" in err.value.message
    assert err.value.loc.line == 6
