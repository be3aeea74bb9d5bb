"""A main program without a PROGRAM statement (F77's usual): its declarations were dropped
(the unit's first part was taken for the PROGRAM statement), so DOUBLE PRECISION x printed
float32 digits and CHARACTER*4 a compared as a number; and DATA on substrings of CHARACTER
variables and of their array elements (GCC's torture data_3). Run by gfortran and migrated,
compared byte for byte, on fresh values."""

from __future__ import annotations

import random
from pathlib import Path

from tests.fortran_reach.harness import assert_same_run, needs_gfortran


@needs_gfortran
def test_declarations_of_a_main_program_without_program(tmp_path: Path) -> None:
    n = random.randint(3, 9)
    x = random.uniform(-5, 5)
    source = f"""\
      integer n, k
      parameter (n = {n})
      double precision x, y(n)
      character*4 a
      x = {x!r}d0 / 3.0d0
      do 10 k = 1, n
         y(k) = x * k
   10 continue
      a = 'xy'
      print *, x, y
      print *, a, '|', len(a)
      end
"""
    assert_same_run(tmp_path, source, "p.f")


@needs_gfortran
def test_data_on_substrings(tmp_path: Path) -> None:
    source = """\
CHARACTER*4 a
CHARACTER*6 b
CHARACTER*2 c
CHARACTER*4 d(3)
CHARACTER*4 e
DATA a(1:2) /'aa'/
DATA a(3:4) /'b'/
DATA b(2:6), c /'AAA', '12345'/
DATA d(2)(2:3) /'xyz'/, d(3) /'pqrs'/, d(1)(:2) /'-'/
DATA e(4:4), e(1:3) /'45', '123A'/
print '(6a)', '[', a, '][', b, '][', c
print '(7a)', '[', d(1), '][', d(2), '][', d(3), ']'
print '(3a)', '[', e, ']'
END
"""
    assert_same_run(tmp_path, source, "p.f90")


@needs_gfortran
def test_a_module_before_a_main_program_without_program(tmp_path: Path) -> None:
    # fparser dropped the module without a word; the USE then imported a missing file
    k = random.randint(2, 9)
    source = f"""\
module m
  implicit none
  real, parameter :: p = -1.
  integer :: counter = {k}
contains
  subroutine bump(by)
    integer, intent(in) :: by
    counter = counter + by
  end subroutine bump
end module m

! the main program starts here, without a PROGRAM statement
use m
integer :: j
do j = 1, 3
  call bump(j)
end do
if (p .ne. -1.) stop 1
print *, p, counter
end
"""
    assert_same_run(tmp_path, source, "p.f90")


def test_common_in_a_module_is_refused_not_split() -> None:
    # the module's member was a module variable apart from the block (torture common_2)
    import pytest

    from transpyle.compiler import compile_fortran
    from transpyle.errors import TranspileError
    source = """\
module bar
  integer :: i
  common /x/ i
end module bar
program p
  use bar
  integer :: j
  common /x/ j
  j = 1
  print *, i
end program p
"""
    with pytest.raises(TranspileError, match=r"p\.f90:1:\d+: .*COMMON /x/ in the "
                       "specification part of module bar"):
        compile_fortran(source, "python", filename="p.f90")


def test_a_character_result_of_assumed_length_is_refused() -> None:
    # f() returned 'Hello' where the caller's CHARACTER*6 f makes it 'Hello ' (torture straret)
    import pytest

    from transpyle.compiler import compile_fortran
    from transpyle.errors import TranspileError
    source = """\
      character*(*) function f()
      f = 'Hello'
      end
      program p
      character*6 f
      print *, f() // 'World'
      end
"""
    with pytest.raises(TranspileError, match=r"p\.f:1:\d+: .*CHARACTER result of f takes its "
                       "length from the caller"):
        compile_fortran(source, "python", filename="p.f")


@needs_gfortran
def test_data_for_a_common_block_in_the_second_unit_that_declares_it(tmp_path: Path) -> None:
    # the block's namespace took the first unit's members, without the main program's DATA
    k = random.randint(2, 99)
    source = f"""\
      subroutine test()
      character*15 c
      integer d, e
      real f
      common /block2/ c
      common /block/ d, e, f
      print *, d, e, f, '[', c, ']'
      end
      program prog
      integer a(2)
      real b
      character*15 s
      common /block/ a, b
      common /block2/ s
      data b, a /2.5, {k}, -{k}/
      data s /'Hello World'/
      call test()
      end
"""
    assert_same_run(tmp_path, source, "p.f")


@needs_gfortran
def test_parameters_defined_from_each_other_in_two_units(tmp_path: Path) -> None:
    # INTEGER LDW, MAXN then PARAMETER (MAXN = 50, LDW = MAXN): LDW was set before MAXN
    # (UnboundLocalError), and a DATA array's shape took the other unit's MAXNQ
    source = """\
      subroutine two
      integer ldw, maxn, maxnq, k
      parameter (maxn = 4, maxnq = 3, ldw = maxn * maxnq)
      double precision y(maxn, maxnq)
      save y
      data y /12*1.5d0/
      print *, ldw, (y(k, maxnq), k = 1, maxn)
      end
      program p
      integer ldw, maxn, maxnq
      parameter (maxn = 4, maxnq = 2, ldw = maxn + maxnq)
      integer iy(maxn, maxnq)
      save iy
      data iy /8*7/
      print *, ldw, iy
      call two
      end
"""
    assert_same_run(tmp_path, source, "p.f")


@needs_gfortran
def test_a_function_after_a_main_program_without_program(tmp_path: Path) -> None:
    # fparser dropped FF (NameError at run time); FF's dummy NINT was the intrinsic NINT
    k = random.randint(-9, 9)
    source = f"""\
      integer ff, twice
      external twice
      print *, ff(twice, {k}), ff(twice, 3)
      end
      integer function ff(nint, k)
      ff = nint(k) + 1
      end
      integer function twice(k)
      twice = 2*k
      end
"""
    assert_same_run(tmp_path, source, "p.f")


def test_an_intrinsic_passed_as_an_argument_is_refused() -> None:
    import pytest

    from transpyle.compiler import compile_fortran
    from transpyle.errors import TranspileError
    source = """\
      program p
      intrinsic iabs, max
      integer ff
      print *, ff(iabs, -7), max(1, 2)
      end
      integer function ff(f, k)
      ff = f(k) + 1
      end
"""
    with pytest.raises(TranspileError, match=r"p\.f:4:\d+: .*the intrinsic IABS passed as an "
                       "argument"):
        compile_fortran(source, "python", filename="p.f")
