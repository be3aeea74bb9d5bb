"""NAMELIST WRITE and READ as gfortran does them, on fresh random data: every intrinsic type
(integer kinds, REAL and DOUBLE PRECISION, COMPLEX, LOGICAL, CHARACTER with quotes inside),
arrays of rank 1 and 2 with runs of equal values (`r*value`), `WRITE(u, nml=g)` and the
short `WRITE(u, g)`; READ of what a WRITE wrote, of hand-written input naming some objects
only (the others keep their values), element designators and sections, repeat counts and null
values, values across records, two groups in one file and names in any case; long objects continue
on a new record after their 5th value and then after every 6th, as gfortran writes them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

pytestmark = needs_gfortran


def _real(rng: random.Random, exponent: str = "e") -> str:
    return f"{rng.uniform(-1e3, 1e3):.6e}".replace("e", exponent)


def namelist_program(rng: random.Random) -> str:
    n = rng.randint(3, 7)
    ints = [rng.choice([0, 7, rng.randint(-10**6, 10**6)]) for _ in range(n)]
    reals = [rng.choice(["0.0", "1.5", _real(rng)]) for _ in range(n)]
    word = "".join(rng.choice('ab"c ') for _ in range(rng.randint(0, 6)))
    k2, v2 = rng.randint(1, n), rng.randint(-99, 99)
    lo = rng.randint(1, n - 1)
    return f"""
program lists
  implicit none
  integer :: i, k({n}), g(2, 3), m(13)
  integer(8) :: big
  integer(2) :: small
  real :: x, r({n})
  double precision :: d(2)
  logical :: flag, many(4)
  character(len=6) :: s
  complex :: z
  complex(8) :: w
  namelist /run/ i, x, k, r, d, flag, many, s, z, w, big, small, g
  namelist /other/ i, s, r, m
  i = {rng.randint(-10**8, 10**8)}
  x = {_real(rng)}
  k = [{", ".join(map(str, ints))}]
  r = [{", ".join(reals)}]
  d = [{_real(rng, "d")}, -{rng.random():.15f}d0]
  flag = .{rng.choice(["true", "false"])}.
  many = [.true., .true., .false., .true.]
  s = '{word.replace("'", "''")}'
  z = ({_real(rng)}, {_real(rng)})
  w = (-0.5d0, {_real(rng, "d")})
  big = {rng.randint(-2**62, 2**62)}_8
  small = {rng.randint(-2**15, 2**15 - 1)}_2
  g = 3
  m = [{", ".join(str(rng.randint(-9, 9)) for _ in range(13))}]
  g(2, 2) = -1
  write(*, nml=run)
  write(*, other)
  open(10, file='out.nml', status='replace')
  write(10, nml=run)
  close(10)
  i = 0; x = 0; k = 0; r = 0; d = 0; flag = .false.; many = .false.; s = ''; z = 0; w = 0
  big = 0; small = 0; g = 0
  open(10, file='out.nml', status='old')
  read(10, nml=run)
  close(10)
  write(*, nml=run)
  open(11, file='in.nml', status='replace')
  write(11, '(A)') 'some text before the group'
  write(11, '(A)') ' &RUN i={v2}, K({k2})=-{k2}, s="he""y" FLAG=T /'
  write(11, '(A)') '&other'
  write(11, '(A)') ' r({lo}:{lo + 1}) = 2*4.25, I = {k2} /'
  write(11, '(A)') '&run d = 1.5d0 , k = , 2*5 , many=3*F g(2,1)=8 9'
  write(11, '(A)') '   z=(1.0,-2.0) w = (3d0, 4d0) big=-12 small = 7 x=1e3 /'
  close(11)
  open(11, file='in.nml', status='old')
  read(11, nml=run)
  print *, i, k, s, flag
  read(11, other)
  print *, i, r
  read(11, run)
  write(*, run)
  close(11)
end program lists
"""


def test_namelist_matches_gfortran(tmp_path: Path) -> None:
    rng = random.Random()
    for k in range(3):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), namelist_program(rng))


@pytest.mark.parametrize("body, words", [
    ("  type :: t\n    integer :: k\n  end type t\n  type(t) :: v\n  namelist /g/ v\n"
     "  write(*, g)", "only intrinsic types are supported in a NAMELIST"),
    ("  integer :: i\n  character(len=40) :: s\n  namelist /g/ i\n  write(s, nml=g)",
     "NAMELIST I/O on an internal file is not supported"),
    ("  integer :: i\n  read(*, nml=nope)", "NAMELIST group /nope/ is not declared here"),
])
def test_unsupported_namelist_io_is_refused_at_its_statement(body: str, words: str) -> None:
    source = f"program p\n{body}\nend program p\n"
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="p.f90")
    assert words in str(err.value)
    assert err.value.loc.line == source.count("\n") - 1
