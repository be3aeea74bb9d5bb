"""Kinds kept by migrated Fortran, on fresh random data: COMPLEX and COMPLEX(8) / DOUBLE
COMPLEX through arithmetic, powers, intrinsics (ABS, CONJG, REAL, AIMAG, SQRT, EXP), CMPLX
with a complex argument and KIND= (both parts converted), array constructors of complex
values, list-directed and formatted output, and KIND() of each (a complex's kind is its
parts'). REAL(16) in every spelling is refused at its declaration: NumPy has no IEEE quad
type, and a silent float64 would be wrong."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

pytestmark = needs_gfortran


def complex_program(rng: np.random.Generator) -> str:
    r = [f"{x:.6f}" for x in rng.uniform(-50, 50, 4)]
    d = [f"{x:.14f}d0" for x in rng.uniform(-50, 50, 4)]
    n = int(rng.integers(2, 9))
    return f"""
program kinds
  implicit none
  complex :: a, b(3), f
  complex(8) :: c, d
  double complex :: e
  character(len=3) :: s
  integer :: i
  a = ({r[0]}, {r[1]})
  c = ({d[0]}, {d[1]}) / {n}
  e = c * ({d[2]}, {d[3]})
  f = a / {n}
  b = [(cmplx(i * ({r[2]}), -i), i = 1, 3)]
  d = cmplx(a, kind=8) + c
  print *, a, c, e, f
  print *, b * a, sum(b), abs(a), abs(c)
  print *, conjg(c), real(c), aimag(e), real(f, 8), cmplx(c)
  print *, a**2, c**3, sqrt(c), exp(a / 100)
  write(*, '(2ES16.8, 2F12.6)') c, a
  write(*, '(4ES24.15)') d, e
  print *, d, kind(a), kind(c), kind(e), kind(s), kind(1d0)
end program kinds
"""


def test_complex_kinds_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(3):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), complex_program(rng))


@pytest.mark.parametrize("decl", [
    "real(16) :: q", "real*16 :: q", "complex(16) :: q", "real(kind=16) :: q",
    "integer, parameter :: qp = selected_real_kind(30)\n  real(qp) :: q",
])
def test_quad_precision_is_refused_at_its_declaration(decl: str) -> None:
    source = f"program p\n  implicit none\n  {decl}\n  q = 1\n  print *, q\nend program p\n"
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="p.f90")
    assert "real(16) has no exact NumPy type" in str(err.value)
    assert err.value.loc.line == 2 + decl.count("\n") + 1
