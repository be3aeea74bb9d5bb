"""Differences the gfortran testsuite's self-checking programs found (tests/corpora/gfortran_run.py),
each as a small program run by gfortran and migrated, compared byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

pytestmark = needs_gfortran


def test_main_program_without_program_statement_keeps_its_declarations(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """! no PROGRAM statement: the first statement declares
character(len=20) :: b
integer :: a(3)
b = 'hello'
a = [1, -2, 3]
print *, b, a
print '(a,"|")', b
end
""")


def test_close_with_a_bad_status_is_an_error_iostat_reports(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: i
open(10, status='scratch')
close(10, status='whatever', iostat=i)
print *, i /= 0
close(10, status='KEEP ', iostat=i)
print *, i
end program
""")


def test_non_advancing_write_that_tabs_back_keeps_the_record(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(len=20) :: b
open(10, file='t.txt', position='rewind')
write(10, '(a,t1,a)', advance='no') 'xxxxxx', 'abc'
close(10)
open(10, file='t.txt', position='append')
write(10, '(a)') 'def'
close(10)
open(10, file='t.txt')
read(10, '(a)') b
print '(a,"|")', b
read(10, '(a)') b
print '(a,"|")', b
close(10, status='delete')
end program
""")


def test_modules_before_a_main_program_without_program_statement_are_kept(tmp_path: Path) -> None:
    # fparser dropped the units before such a main program; `test` is also a stdlib package
    assert_same_run(tmp_path, """module test
  implicit none
  integer :: k = -3
contains
  integer function twice(x)
    integer, intent(in) :: x
    twice = 2 * x + k
  end function
end module test
use test
integer :: g
print *, twice(5), k
print *, g(7)
end
integer function g(x)
  integer x
  g = -x
end function
""")


def test_and_or_call_every_operand_as_gfortran_does(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: i = 0
logical :: flag
flag = .false.
flag = flag .and. check()
flag = .true. .or. check()
flag = check() .and. (flag .or. check())
print *, i, flag
contains
logical function check()
  i = i + 1
  check = mod(i, 2) == 0
end function
end program
""")


def test_l_without_a_width_is_l1(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(len=10) :: s
logical(8) :: l
l = .true.
write(s, '(L)') l
print '(a,"|")', s
l = .false.
read(s, '(L)') l
write(*, '(L,L,2l,tl1,L3)') .false., l, .true., .false., .true.
end program
""")


def test_transfer_to_a_logical_mold_is_refused_at_its_line() -> None:
    # gfortran keeps the 42's bits in the LOGICAL and gets 42 back; True/False cannot
    source = "program p\ninteger :: i\ni = transfer(transfer(42, .true.), 0)\nprint *, i\nend\n"
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="t.f90")
    assert err.value.loc.line == 3 and "LOGICAL MOLD" in err.value.message


def test_block_with_an_automatic_array_is_refused_and_a_constant_one_runs(tmp_path: Path) -> None:
    source = "program p\ninteger :: n\nn = 4\nblock\n  real :: a(0:n)\n  a = 1\nend block\nend\n"
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="t.f90")
    assert err.value.loc.line == 5 and "automatic" in err.value.message
    assert_same_run(tmp_path, """program p
integer, parameter :: m = 3
block
  integer :: a(m), b(2*m)
  a = -1; b = 2
  print *, a, b
end block
end program
""")
