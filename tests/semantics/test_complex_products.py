"""A complex product used again (`t = a * b; return t / r`, `alpha * z.conjugate() / norm`):
gfortran 12 vectorised it with a fused multiply-add (vfmaddsub) even under -ffp-contract=off,
which rounded once where CPython rounds twice: 1,266 of 3,000 random calls differed in the last
bits (Pythran's CROTG case). The default flags keep FMA out (-mno-fma, runtime/build.py).
Compiled against CPython on fresh random complex numbers, in a subprocess."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile


@transpile
def scaled(a: complex, b: complex, r: float) -> complex:
    t = a * b
    return t / r


@transpile
def rotation(alpha: complex, z: complex, norm: float) -> complex:
    return alpha * z.conjugate() / norm
'''


def test_complex_products_are_cpythons_bits(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(100):
        a, b = (complex(rng.uniform(-5, 5), rng.uniform(-5, 5)) for _ in range(2))
        r = rng.uniform(-5, 5)
        calls += [f"scaled({a!r}, {b!r}, {r!r})", f"rotation({a!r}, {b!r}, {r!r})"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)
