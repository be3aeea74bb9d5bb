"""Infinite and NaN constants (issue 14): `math.inf`, `-math.inf`, `np.inf`, `float('inf')`,
`float('-inf')`, `float('nan')`, as the start of a min/max search and in comparisons: written
as TRANSFER of their IEEE bits (Fortran has no literal for them). Compared with CPython on
fresh random inputs, and the Fortran builds with gfortran -Wall -Werror. A complex constant
with an infinite part is refused where written (gfortran rejects CMPLX of an overflow)."""

from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.compiler import compile_source
from transpyle.errors import TranspileError

SOURCE = '''
import math
import numpy as np
from transpyle import transpile


@transpile
def extremes(x: 'float[:]'):
    lo = math.inf
    hi = -math.inf
    for v in x:
        if v < lo:
            lo = v
        if v > hi:
            hi = v
    return lo, hi, np.inf > hi, float('-inf') < lo


@transpile
def clipped(x: 'float[:]', cap: float) -> float:
    m = float('inf')
    for i in range(x.shape[0]):
        m = min(m, x[i])
    if m > cap:
        return float('nan')
    return m


@transpile
def narrow(x: 'float32[:]') -> bool:
    return bool(x[0] < np.float32(np.inf))
'''


def test_nonfinite_constants_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (0, 1, rng.randint(2, 9)):
        x = [rng.uniform(-1e3, 1e3) for _ in range(n)]
        calls += [f"extremes(np.array({x!r}))", f"clipped(np.array({x!r}), {rng.uniform(-9, 9)!r})"]
        if n:
            calls.append(f"narrow(np.array({x!r}, dtype=np.float32))")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_the_fortran_builds_with_warnings_as_errors(tmp_path) -> None:
    needs_gfortran()
    fortran = compile_source(SOURCE.replace("@transpile\n", ""))
    assert "transfer(9218868437227405312_8, 0.0d0)" in fortran  # +inf
    (tmp_path / "m.f90").write_text(fortran)
    gfortran = shutil.which("gfortran")
    assert gfortran is not None
    proc = subprocess.run([gfortran, "-Wall", "-Werror", "-c", "m.f90"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_a_complex_infinity_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source("import math\n\n\ndef f(z: complex) -> complex:\n"
                       "    return z * complex(math.inf, 1.0)\n")
    assert "infinite or NaN part" in err.value.message and err.value.loc.line == 5
