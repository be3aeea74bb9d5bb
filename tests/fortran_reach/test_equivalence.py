"""EQUIVALENCE as gfortran lays it out, on fresh random data: scalars on array elements,
arrays of two ranks overlapping at an offset, sets chained through a shared variable, a
REAL*8 seen as two INTEGERs, INTEGER arrays over REAL arrays (the bits), a COMPLEX over two
REALs, groups inside a subroutine called twice and an equivalenced array passed to a
subroutine that writes it; a machine-constant routine in the style of D1MACH (SAVE and DATA
on equivalenced INTEGER pairs that set DOUBLE PRECISION constants by their bits, kept between
calls) and DATA on an equivalenced array of a main program. Unsupported forms are refused at
the statement."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

pytestmark = needs_gfortran


def reals(rng: np.random.Generator, n: int, suffix: str = "") -> str:
    return ", ".join(f"{x:.7e}".replace("e", suffix or "e")
                     for x in rng.standard_normal(n) * 100)


def equivalence_program(rng: np.random.Generator) -> str:
    n = int(rng.integers(3, 7))
    j = int(rng.integers(1, n + 1))
    ints = ", ".join(str(int(v)) for v in rng.integers(-2**31, 2**31, 2))
    return f"""
subroutine fill(v, n, s)
  implicit none
  integer, intent(in) :: n
  real, intent(inout) :: v(n)
  real, intent(in) :: s
  integer :: i
  do i = 1, n
    v(i) = v(i) * s + i
  end do
end subroutine fill

subroutine twice(x, out)
  implicit none
  real(8), intent(in) :: x
  integer, intent(out) :: out(2)
  real(8) :: d
  integer :: w(2)
  equivalence (d, w)
  d = x
  out = w
end subroutine twice

program equiv
  implicit none
  integer, parameter :: n = {n}
  real :: a, b(n), c(2, n), e
  double precision :: d
  integer :: k(2), m(n), out(2)
  real :: r(n)
  integer(8) :: big
  complex :: z
  real :: zz(2)
  equivalence (a, b({j})), (c(1, 2), b)
  equivalence (e, c(2, 1))
  equivalence (d, k), (big, d)
  equivalence (m, r)
  equivalence (z, zz)
  c = 0.0  ! what is never assigned is undefined in Fortran: gfortran's stack bytes
  b = [{reals(rng, n)}]
  c(:, n) = [{reals(rng, 2)}]
  print *, a, e, c
  a = {reals(rng, 1)}
  e = -e
  print *, b, c
  c(2, 2) = {reals(rng, 1)}
  call fill(b, n, 2.0)
  print *, b, a
  d = {reals(rng, 1, "d")}
  print *, k, big
  k = [{ints}]
  print *, d, big
  r = [{reals(rng, n)}]
  print *, m
  m(1) = m(1) + 1
  print *, r
  zz = [{reals(rng, 2)}]
  print *, z
  z = z * (0.0, 1.0)
  print *, zz
  call twice(d, out)
  print *, out
  call twice(-d / 3, out)
  print *, out
end program equiv
"""


def test_equivalence_matches_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(3):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), equivalence_program(rng))


def machine_program(rng: np.random.Generator) -> str:
    calls = " ".join(str(int(v)) for v in rng.integers(1, 4, 6))
    word = int(rng.integers(-2**31, 2**31))
    return f"""
      DOUBLE PRECISION FUNCTION DMACH(I)
      INTEGER I, SC
      INTEGER SMALL(2), LARGE(2), EPS(2)
      DOUBLE PRECISION D(3)
      EQUIVALENCE (D(1), SMALL(1)), (D(2), LARGE(1)), (D(3), EPS(1))
      SAVE SMALL, LARGE, EPS, SC
      DATA SC /0/
      DATA EPS(1), EPS(2) / 0, 1018167296 /
      IF (SC .NE. 987) THEN
         SMALL(1) = 0
         SMALL(2) = 1048576
         LARGE(1) = -1
         LARGE(2) = 2146435071
         SC = 987
      END IF
      DMACH = D(I)
      END

      PROGRAM MACH
      DOUBLE PRECISION DMACH
      INTEGER K, CALLS(6), W(2)
      REAL R(2)
      EQUIVALENCE (W, R)
      DATA CALLS / {calls.replace(" ", ", ")} /
      DATA W / {word}, 1065353216 /
      DO 10 K = 1, 6
         WRITE(*, '(I3, ES26.17E3)') CALLS(K), DMACH(CALLS(K))
   10 CONTINUE
      PRINT *, R, W
      R(1) = -R(2)
      PRINT *, W
      END
"""


def test_saved_equivalence_with_data_matches_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), machine_program(rng), name="mach.f")


@pytest.mark.parametrize("decls, words", [
    ("  character(len=4) :: s\n  integer :: i\n  equivalence (s, i)", "numeric variables only"),
    ("  real :: a, b(3)\n  common /blk/ a\n  equivalence (a, b)", "COMMON member 'a'"),
    ("  real :: a, b(3)\n  equivalence (a, b(1)), (a, b(2))", "at two offsets"),
    ("  real :: a, b(3)\n  integer :: i\n  equivalence (a, b(i))", "not a constant"),
    ("  real(8) :: d\n  real :: a(3)\n  equivalence (d, a(2))", "not a multiple of its element"),
])
def test_unsupported_equivalence_is_refused_at_the_statement(decls: str, words: str) -> None:
    source = f"program p\n  implicit none\n{decls}\n  print *, 1\nend program p\n"
    line = next(k + 1 for k, text in enumerate(source.splitlines()) if "equivalence" in text)
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="p.f90")
    assert words in str(err.value)
    assert err.value.loc.line == line
