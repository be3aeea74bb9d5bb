"""Formats and units that modern programs write, as gfortran runs them on fresh random data:
a format held in a CHARACTER variable (built by an internal WRITE, or assigned to a
deferred-length one) for PRINT, WRITE to a file and to an internal file, and READ; named
constant formats and concatenations of them; Fortran 2008's unlimited repeat `*(...)` (with
`:` and a quoted `*(` that is text); OPEN(NEWUNIT=) (gfortran's numbers, -10 down, the first
free one again after a CLOSE), files written and read back through such units, and the
bytes of the files each run leaves."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.fortran_io.harness import assert_same_io, needs_gfortran

pytestmark = needs_gfortran


def formats_program(rng: np.random.Generator) -> str:
    n = int(rng.integers(1, 7))
    x = ", ".join(f"{v:.4f}" for v in rng.uniform(-99, 99, n))
    k = ", ".join(str(int(v)) for v in rng.integers(-9999, 9999, n))
    w, d = int(rng.integers(8, 12)), int(rng.integers(1, 5))
    return f"""
program formats
  implicit none
  character(len=*), parameter :: head = '(a,', tail = 'i6)'
  character(len=*), parameter :: both = head // tail
  character(len=40) :: fmt, buf
  character(len=:), allocatable :: f2
  real :: x({n}) = [{x}]
  integer :: k({n}) = [{k}], u, v, m, j
  print both, 'n =', {n}
  write(fmt, '(a,i0,a,i0,a,i0,a)') '(', {n}, 'f', {w}, '.', {d}, ')'
  print fmt, x
  print '(*(i0, :, ", "))', k
  print '("*(", *(f7.2))', x
  print '(a, *(1x, i5))', 'k:', k
  f2 = '(i6, 1x, i6)'
  write(buf, f2) k(1), -k(1)
  print '(a)', '[' // trim(buf) // ']'
  read(buf, f2) m, j
  print *, m + j, m
  open(newunit=u, file='out.txt', status='replace')
  open(newunit=v, file='two.txt', status='replace')
  print *, u, v
  write(u, fmt) x
  write(u, '(*(i0, 1x))') k
  write(v, f2) {n}, {n * 2}
  close(v)
  close(u)
  open(newunit=u, file='out.txt', status='old')
  print *, u
  read(u, fmt) x
  close(u)
  print '(*(f9.3))', x
end program formats
"""


def test_runtime_formats_and_new_units_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(3):
        (tmp_path / str(k)).mkdir()
        assert_same_io(tmp_path / str(k), formats_program(rng))
