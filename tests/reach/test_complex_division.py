"""NumPy's complex division (issue 14): `a / b` of complex arrays, of a complex array by a
float array or a Python float, and of two NumPy complex scalars, with NumPy's algorithm
(Smith's method scaled by a reciprocal; a zero divisor gives inf or nan without raising),
which gfortran's division does not round alike (Pythran's clip2 differed in the last bit).
Compared with CPython on fresh random inputs over ten decades with zero, real and imaginary
divisors. `np.abs` of a complex array is refused where written: NumPy's SIMD loop rounds it
as the CPU's fused multiply-add does."""

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
def cdiv(a: 'complex[:]', b: 'complex[:]', r: 'float[:]', s: float):
    return a / b, a / r, a / s, a[0] / b[0], (a * 2.0) / (b - 1.0)
'''


# each element of a returned tuple as its class, dtype and bytes (repr rounds arrays)
_HEX = "(lambda t: [(type(v).__name__, str(np.asarray(v).dtype), np.asarray(v).tobytes().hex())" \
    " for v in t])("


def _complex(rng: random.Random, n: int) -> str:
    parts = []
    for _ in range(n):
        re, im = (rng.uniform(-1, 1) * 10.0 ** rng.randint(-5, 5) for _ in range(2))
        kind = rng.random()
        re, im = (0.0, im) if kind < 0.15 else (re, 0.0) if kind < 0.3 else \
            (0.0, 0.0) if kind < 0.35 else (re, im)
        parts.append(f"complex({re!r}, {im!r})")
    return "np.array([" + ", ".join(parts) + "])"


def test_complex_division_matches_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, rng.randint(2, 9), 40):
        r = [rng.choice([0.0, rng.uniform(-1e3, 1e3)]) for _ in range(n)]
        s = rng.choice([0.0, rng.uniform(-9, 9)])
        calls.append(_HEX + f"cdiv({_complex(rng, n)}, {_complex(rng, n)}, np.array({r!r}), "
                     f"{s!r}))")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_abs_of_a_complex_array_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source("import numpy as np\n\n\ndef f(z: 'complex[:]'):\n    return np.abs(z)\n")
    assert "np.abs of a complex array" in err.value.message and err.value.loc.line == 5
