"""Differences the gfortran testsuite's self-checking programs found (tests/corpora/gfortran_run.py),
each as a small program run by gfortran and migrated, compared byte for byte."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran, wrapped
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


def test_list_directed_null_values_leave_array_elements_as_they_were(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
real :: x(10)
integer :: i(6), j
open(10, status='scratch')
write(10, *) ' 1.5, -2.0 , 3.0,, 2* , 2*4.0 , 5*99.0'
write(10, *) ' -1, ,3*, 7 /'
rewind(10)
x = -1.25
i = 8
read(10, *) x
read(10, *) (i(j), j = 1, 6)
print *, x
print *, i
end program
""")


def test_short_unformatted_record_keeps_the_items_read_before_it(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character :: a(3)
character(len=50) :: msg
integer :: ios
logical :: l
open(10, form='unformatted', status='scratch')
write(10) 'a'
a = 'b'
rewind 10
read(10, iostat=ios, iomsg=msg) a
print *, ios, trim(msg), ' ', a
l = .true.
inquire(unit=-16, exist=l)
print *, l
inquire(unit=16, exist=l)
print *, l
end program
""")


def test_io_error_codes_and_messages_are_libgfortrans(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: ios, k
character(len=80) :: m
open(11, form='unformatted', status='scratch')
write(11, '(a)', iostat=ios, iomsg=m) 'x'
print *, ios, trim(m)
read(11, '(i3)', iostat=ios, iomsg=m) k
print *, ios, trim(m)
open(12, access='direct', recl=4, status='scratch')
write(12, rec=1, iostat=ios, iomsg=m) 1, 2
print *, ios, trim(m)
open(13, status='scratch')
write(13, iostat=ios, iomsg=m) 1
print *, ios, trim(m)
read(13, iostat=ios, iomsg=m) k
print *, ios, trim(m)
end program
""")


def test_character_parameter_of_assumed_length_takes_its_values_length(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(*), parameter :: a(0) = reshape(['ab'], [0])
character(*), parameter :: b(2) = ['xyz', 'uvw']
character(kind=1) :: c
c = 'q'
print *, len(a), len(b), size(a), b, len(c), c
end program
""")


@pytest.mark.parametrize("decl", ["character(kind=4) :: b", "character(len=3, kind=4) :: b",
                                  "character(3) :: b = 4_'abc'"])
def test_character_of_kind_4_is_refused(decl: str) -> None:
    # `character(kind=4)` was read as a CHARACTER of length 4
    with pytest.raises(TranspileError) as err:
        compile_fortran(f"program p\n{decl}\nb = 'x'\nprint *, b\nend\n", "python",
                        filename="t.f90")
    assert err.value.loc.line == 2 and "kind 4" in err.value.message


def test_internal_procedures_see_the_hosts_parameters(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
implicit none
integer, parameter :: m = 2, n = 3 * m
real :: x(n, n)
x = -1.5
call foo(x)
print *, f(), g(), sum(x)
contains
function f()
  integer :: f(n)
  integer :: i
  forall (i = 1:n) f(i) = i * 100
end function
integer function g()
  g = n * 2 - m
end function
subroutine foo(b)
  real :: b(:, :)
  real :: temp(n)
  temp = b(:, 1)
  b(:, 2) = temp * 2
end subroutine
end program
""")


def test_character_results_arrays_and_trims_keep_fortran_lengths(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(15) :: a(3)
character(4) :: b(2)
character(8), parameter :: oa(3) = ['nint()  ', 'log10() ', 'sqrt()  ']
character(len=5) :: t
a = [character(len=3) :: 'Takata', 'Tanaka', 'Hayashi']
print '(3(a,"|"))', a
print *, a(1)(4:4) == ' ', a(2)(15:15) == ' ', len_trim(a), len_trim(oa)
b = 'xy'
b(2:2) = 'abcdef'
print '(2(a,"|"))', b
t = 'a' // achar(9)
print *, len_trim(t), len(trim(t)), bug()
contains
function bug()
  character(len=10) :: bug
  integer :: i
  do i = 1, len(bug)
    bug(i:i) = achar(96 + i)
  end do
end function
end program
""")


def test_integer_1_and_2_wrap_as_gfortrans(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: k, n
integer(1) :: b, j1
integer(2) :: s
k = 1
b = 127
b = b + int(k, 1)
s = 300
s = s * s
print *, b, s
do n = 7, 9
  j1 = -1 - 2_1**n + 2
  print *, n, j1
end do
end program
""")


def test_documented_difference_integer_4_overflow_is_exact(tmp_path: Path) -> None:
    # docs/DIFFERENCES.md: an INTEGER(4)/(8) result past its kind's range (not standard
    # Fortran) is exact in the migrated Python; gfortran's -O0 build wraps it
    source = "program p\ninteger :: i, k\ni = huge(i)\nk = 1\ni = i + k\nprint *, i\nend\n"
    from tests.fortran_reach.harness import gfortran_run, python_run
    assert gfortran_run(tmp_path, source).stdout == b" -2147483648\n"
    assert python_run(tmp_path, source).stdout == b"           2147483648\n"


def test_character_of_a_run_time_length_is_refused_unless_a_dummy(tmp_path: Path) -> None:
    # `character(len=i) :: f` took no length at all: '1234567890' was not cut to i
    source = ("program p\ninteger :: i\ni = 5\nprint *, f()\ncontains\nfunction f()\n"
              "character(len=i) :: f\nf = '1234567890'\nend function\nend\n")
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="t.f90")
    assert err.value.loc.line == 7 and "run time" in err.value.message
    assert_same_run(tmp_path, """program p
character(len=6) :: s
s = 'abc'
call show(s, len(s))
contains
subroutine show(t, n)
  integer :: n
  character(len=n) :: t
  print '(a,"|",i0)', t, len(t)
end subroutine
end program
""")


def test_allocatable_scalar_components_start_unallocated(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
type d
  integer, allocatable :: n
end type
type(d) :: a
call reset(a)
print *, allocated(a%n)
a%n = -4
print *, allocated(a%n), a%n
contains
subroutine reset(v)
  type(d), intent(out) :: v
  print *, allocated(v%n)
end subroutine
end program
""")
    # an allocatable CLASS component is an object allocated in place: ALLOCATED refused
    source = ("program p\ntype t\nend type\ntype d\nclass(t), allocatable :: x\nend type\n"
              "type(d) :: a\nprint *, allocated(a%x)\nend\n")
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="t.f90")
    assert err.value.loc.line == 8 and "ALLOCATED" in err.value.message


def test_zero_width_e_d_es_en_descriptors(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    values = [0.00314, -2.5e7, 0.0, -0.0, 1.0, -1.0e-30, 123.456, 999.9996, 0.99999996,
              *(float(np.float32(x)) for x in rng.standard_normal(8) * 10.0 **
                rng.integers(-12, 12, 8))]
    data = ", ".join(f"{v!r}" for v in values)
    source = f"""program p
real :: v({len(values)}) = [{data}]
real(8) :: d = -4.75d100
character(*), parameter :: f = '(E0.4,"|",D0.3,"|",ES0.5,"|",EN0.3,"|",E0.3e0,"|",ES0.2e2)'
character(32) :: afmt
integer :: k
afmt = '(ES0.4, "|", EN0.2)'
do k = 1, size(v)
  write(*, f) v(k), v(k), v(k), v(k), v(k), v(k)
  write(*, afmt) v(k), v(k)
end do
write(*, '(E0.4,"|",ES0.3,"|",EN0.3,"|",SP,E0.2)') d, d, d, -d
end program
"""
    assert_same_run(tmp_path, "\n".join(wrapped(line) for line in source.splitlines()))


def test_implied_shape_parameters_take_their_values_extent(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(*), parameter :: s(*) = [character(5) :: 'abcde', 'fghij']
character(*), parameter :: t(*) = [character(31) :: ]
integer, parameter :: k(0:*) = [3, -1, 4]
real, parameter :: r(*) = [1.5, -2.5]
print *, size(s), len(s), size(t), len(t), s(2)
print *, size(k), lbound(k), ubound(k), k(0), k(2), sum(r)
end program
""")


def test_inquire_recl_is_gfortrans(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer(8) :: r
integer :: r4
inquire(10, recl=r)
print *, r
open(10, status='scratch')
inquire(10, recl=r)
inquire(10, recl=r4)
print *, r, r4
close(10)
open(10, status='scratch', access='direct', recl=12)
inquire(10, recl=r)
print *, r
close(10)
open(10, status='scratch', access='stream')
inquire(10, recl=r)
print *, r
close(10)
inquire(6, recl=r)
inquire(file='no such file.txt', recl=r4)
print *, r, r4
end program
""")


def test_open_of_a_negative_unit_and_call_flush(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: i, u
character(80) :: m
open(-3, iostat=i, iomsg=m)
print *, i, trim(m)
open(2_8*huge(0)+20_8, file='foo', iostat=i, iomsg=m)
print *, i, trim(m)
open(newunit=u, status='scratch')
write(u, *) 42
call flush(u)
flush(u)
close(u)
call flush()
print *, u < -1
end program
""")


def test_vector_subscripts_with_other_subscripts_are_outer_products(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: a(3,4), v(2), w(3), k, b(4,3,2), c(4,3,2)
a = reshape([(k, k=1,12)], [3,4])
b = reshape([(-k, k=1,24)], [4,3,2])
v = [3, 1]
w = [4, 2, 1]
print *, a(v, w)
print *, b(2, :, v(2:2) + 1), b(v, 2, :)
print *, a(2, w), a(v, 4:1:-2)
c = 0
c(w, 1, 1:2) = b(1:3, 3, :)
c(v, :, 2) = -7
a(v, w) = reshape([(k * 10, k = 1, 6)], [2, 3])
print *, c
print *, a
end program
""")


def test_string_continued_without_an_ampersand_goes_on_at_the_first_non_blank(
        tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(len=40) :: c, d
c = "Hello, &
       world!"
d = 'it''s &
       &  a ''test'' &
   done' ! a comment's quote
print '(a,"|")', c, d
print *, 'x & y', "&"
end program
""")


@pytest.mark.parametrize("stmt", ["inquire(7, pad=c)", "open(7, status='scratch', pad='no')",
                                  "open(7, status='scratch', blank='zero')",
                                  "open(7, status='scratch', delim='quote')"])
def test_io_specifiers_that_change_the_transfer_are_refused(stmt: str) -> None:
    # they were ignored: INQUIRE's PAD= left its variable as it was
    source = f"program p\ncharacter(20) :: c\n{stmt}\nprint *, c\nend\n"
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="t.f90")
    assert err.value.loc.line == 3 and "is not supported" in err.value.message


def test_io_specifiers_with_their_default_values_are_taken(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: k
open(7, status='scratch', pad='YES', blank='null', delim='none', sign='suppress')
write(7, *) 12, 'ab'
rewind(7)
read(7, *) k
print *, k
end program
""")


def test_assumed_length_array_assignment_fits_the_actuals_length(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(4) :: c1(4), c2(4)
integer :: i
c1 = ['abcd', 'efgh', 'ijkl', 'mnop']
call foo([(c1(i)(i/2+1:i/2+2), i = 1, 4)], c2)
print '(4(a,"|"))', c2
call foo(['toolong', 'x      '], c2(2:3))
print '(4(a,"|"))', c2
contains
subroutine foo(a, b)
  character(*), dimension(:) :: a, b
  b = a
end subroutine
end program
""")


def test_data_for_an_array_of_derived_type_is_refused() -> None:
    # its values were dropped: the records kept their default components
    source = ("program p\ntype a\nreal :: x\nend type\ntype(a) :: b(2)\ninteger :: i\n"
              "data (b(i), i = 1, 2) /a(1.0), a(2.0)/\nprint *, b(2)%x\nend\n")
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="t.f90")
    assert err.value.loc.line == 7 and "derived type" in err.value.message


def test_formatted_read_of_complex_takes_two_descriptors(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    v = rng.standard_normal(4) * 50
    xs = "".join(f"{x:10.4f}" for x in v)
    ys = f"({v[0]:.4f}, {v[1]:.4f}) ({v[2]:.4f},{v[3]:.4f})"
    assert_same_run(tmp_path, f"""program p
character(100) :: s = &
  "123.00456.88 0.123E+01  +0.987+1 -0.2345+02 -0.6879E+2+0.7E+03 0.4E+03"
character(100) :: out
complex :: c1, c2, c3, c4
complex(8) :: z(2)
100 format (2F6.2, 2E10.3, 2E11.4, 2E8.1)
read (s, 100) c1, c2, c3, c4
write (out, 100) c1, c2, c3, c4
print '(a)', trim(out)
s = '{ys}'
read (s, *) z
print *, z
s = '{xs}'
read (s, '(4f10.4)') z
print *, z
end program
""")


def test_allocatable_array_of_derived_type_is_reallocated_on_assignment(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
type t
  integer :: i = 0
  real :: x = -1.5
end type
type(t) :: e
type(t), allocatable :: a(:)
integer :: i
do i = 1, 3
  e%i = i * 7
  if (.not. allocated(a)) then
    a = [e]
  else
    a = [a, e]
  end if
end do
e%i = 99
print *, size(a), (a(i)%i, i = 1, size(a)), a(2)%x
a = [t(5, 2.5), t(6, 3.5), t(-1, 0.0)]
print *, size(a), a(1)%i, a(3)%x
end program
""")


def test_defined_assignment_that_no_specific_takes_is_refused() -> None:
    source = ("module m\ntype t\ninteger :: i\nend type\ninterface assignment(=)\n"
              "module procedure set\nend interface\ncontains\nelemental subroutine set(p, q)\n"
              "type(t), intent(out) :: p\ninteger, intent(in) :: q\np%i = q\nend subroutine\n"
              "end module\nprogram p\nuse m\ntype(t) :: a(3)\na = 4\nprint *, a(1)%i\nend\n")
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="t.f90")
    assert err.value.loc.line == 18 and "ASSIGNMENT(=)" in err.value.message


def test_continued_formats_join_as_gfortran_joins_them(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(30) :: s
800 format('This is actually ok.'& !comment
   ' end'  )
900 format('This is actually ok.' & !comment

   ' end'  )
write(s, 800)
print '(a,"|")', s
write(s, 900)
print '(a,"|")', s
print *, 1 + &
   2, 'a&
   &b'
end program
""")


def test_namelist_input_with_comments_and_dollar_groups(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: nfp, k(3)
character(8) :: s
namelist /indata/ nfp, k, s
nfp = 99
k = -1
s = 'none'
open(4, status='scratch')
write(4, '(a)') '$indata'
write(4, '(a)') 'NFP = 5, ! five'
write(4, '(a)') '!  k = 7'
write(4, '(a)') "s = 'a!b' k(2) = 3"
write(4, '(a)') '/'
write(4, '(a)') '&indata nfp = -2 $end'
rewind(4)
read(4, nml=indata)
print *, nfp, k, s
read(4, nml=indata)
print *, nfp, k, s
close(4)
end program
""")


def test_dollar_edit_descriptor_leaves_the_record_open(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(20) :: s
write(*, '(a,i3,$)') 'x', -5
write(*, '(a)') 'y'
write(*, '(2(a,$))') 'p', 'q', 'r'
write(*, '(a)') 'z'
open(10, file='t.txt')
write(10, '(a,$)') 'ab'
write(10, '(a)') 'cd'
write(10, '(i2,$)') 7
close(10)
open(10, file='t.txt')
read(10, '(a)') s
print '(a,"|")', s
read(10, '(a)') s
print '(a,"|")', s
close(10, status='delete')
end program
""")


def test_character_array_component_initialisers_are_cut_to_length(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
type t
  character(2) :: c(2) = [character(3) :: 'abc', 'd']
end type
type(t) :: x
print '(2(a,"|"))', x%c
end program
""")


@pytest.mark.parametrize("source, words", [
    ("program p\ncharacter :: x\nx = 'a'\nx = max('a', x)\nprint *, x\nend\n", "MAX of"),
    ("module m\ntype t\ninteger :: i\nend type\ncontains\nfunction ts()\n"
     "type(t), allocatable :: ts(:)\nallocate(ts(1))\nts(1)%i = 3\nend function\nend module\n"
     "program p\nuse m\nprint *, size(ts())\nend\n", "ALLOCATE of 'ts'")])
def test_former_internal_errors_are_located_refusals(source: str, words: str) -> None:
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="t.f90")
    assert words in err.value.message and err.value.loc.line > 1
    assert not err.value.message.startswith("unsupported construct (")


def test_substrings_of_character_constants(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: i
character(5) :: s
s = '-----'
do i = 1, 3
  s(i:i) = 'xyz'(i:i)
end do
print *, s, '0123456789'(2:4), 'ab'(i-2:), '|', 'abc'(3:2), '|'
end program
""")


def test_formatted_write_to_a_character_array_is_one_record_per_element(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(6) :: a(4)
integer :: ios
a = 'zzzzzz'
write(a, '(a/a)') 'ab', 'cd'
print '(4(a,"|"))', a
write(a(2:3), '(i3)') 7, -8
print '(4(a,"|"))', a
write(a, '(2i3)') 1, 2, -3
print '(4(a,"|"))', a
write(a(3:4), '(i3)', iostat=ios) 1, 2, 3
print *, ios
write(a, '(i7)', iostat=ios) 1
print *, ios
end program
""")


def test_iall_iany_iparity(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    a = rng.integers(-2**31, 2**31, (3, 4))
    data = ", ".join(str(v) for v in a.flatten(order="F"))
    source = f"""program p
integer :: a(3, 4), z(0)
integer(8) :: b(5)
a = reshape([{data}], [3, 4])
b = [1_8, -2_8, 4_8, 2_8**40, 7_8]
print *, iall(a), iany(a), iparity(a)
print *, iall(a, dim=1), iany(a, 2), iparity(a, 1, a > 0)
print *, iall(a, mask=a < 0), iany(b), iparity(b), iall(z), iany(z)
end program
"""
    assert_same_run(tmp_path, "\n".join(wrapped(line) for line in source.splitlines()))


def test_size_with_a_dim_known_at_run_time(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: a(2, 5, 3), d
real, allocatable :: b(:, :)
allocate(b(4, 0))
do d = 1, 3
  print *, d, size(a, d), size(a, dim=d, kind=8)
end do
do d = 1, 2
  print *, size(b, d), f(a, d)
end do
contains
integer function f(x, k)
  integer, intent(in) :: x(:, :, :), k
  f = size(x, k + 1) * 10 + size(x, 1)
end function
end program
""")


def test_character_array_comparisons_pad_the_shorter_operand(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(2) :: a(3)
character(4) :: b(3)
a = ['ab', 'c ', 'zz']
b = ['ab  ', 'c d ', 'za  ']
print *, a == b, a /= b, a < b, a >= 'c', b > a
call cmp(a, b)
contains
subroutine cmp(x, y)
  character(*), intent(in) :: x(:), y(:)
  print *, x == y, x < y, any(x /= y), x == 'ab'
end subroutine
end program
""")


def test_maxloc_minloc_of_character_arrays(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(3) :: a(5), b(2, 3), e(0)
a = ['pqr', 'abc', 'zz ', 'abc', 'zz ']
b = reshape(['bb ', 'ab ', 'ba ', 'ba ', 'a  ', 'c  '], [2, 3])
print *, maxloc(a), minloc(a), maxloc(a, back=.true.), minloc(a, mask=a > 'abc')
print *, maxloc(b), minloc(b, dim=1), maxloc(b, dim=2), minloc(b, 2, back=.true.)
print *, maxloc(e), minloc(a, mask=a > 'zzz')
end program
""")


def test_isnan_and_size_with_an_absent_optional_dim(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
real :: b(3), z
integer :: a(2, 3)
z = 0.0
b = [1.0, z / z, -2.0]
print *, isnan(b(1)), isnan(b(2)), isnan(b)
print *, s(a), s(a, 2)
contains
integer function s(x, d)
  integer, intent(in) :: x(:, :)
  integer, intent(in), optional :: d
  s = size(x, d)
end function
end program
""")


def test_array_of_records_assigned_a_permutation_of_itself(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
type t
  integer :: x
  real :: v(2)
end type
type(t) :: y(3), s
integer :: i
y%x = [1, 2, 3]
do i = 1, 3
  y(i)%v = [real(i), -real(i)]
end do
y = y([2, 3, 1])
print *, y%x, y(1)%v, y(3)%v
s = t(9, [0.5, 1.5])
y = s
y(2)%v(1) = -4.0
print *, y%x, y(1)%v, y(2)%v
end program
""")


def test_optional_allocatable_dummy_is_refused() -> None:
    # PRESENT and ALLOCATED were both `is not None`, and the allocation never reached the caller
    source = ("module m\ncontains\nsubroutine s(a)\nreal, allocatable, intent(out), optional :: "
              "a(:)\nif (present(a)) allocate(a(1))\nend subroutine\nend module\n")
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="t.f90")
    assert err.value.loc.line == 4 and "OPTIONAL" in err.value.message


def test_equivalence_in_a_module_is_refused() -> None:
    source = ("module c\ninteger x1, x2\ninteger x(2)\nequivalence (x(1), x1), (x2, x(2))\n"
              "end module\nprogram p\nuse c\nx = [1, 2]\nprint *, x2\nend\n")
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="t.f90")
    assert err.value.loc.line in (2, 3, 4) and "EQUIVALENCE in a module" in err.value.message


def test_format_reversion_without_a_data_descriptor_is_an_error(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: n, i
character(80) :: m
n = 1
open(10, status='scratch')
write(10, "(i7,(' abcd'))", iostat=i, iomsg=m) n, n
print *, i, trim(m)
write(10, "(i7,(' abcd'))", iostat=i) n
print *, i
end program
""")


def test_structure_constructors_fit_character_components(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
type t
  character(len=8) :: name
  integer :: k
end type
type(t), parameter :: obs(*) = [t('SYNOP', 1), t('DRIBU', 2), t('TEMPERATURE', 3)]
type(t) :: x, y(2)
character(len=3) :: s
character(len=100) :: line
s = 'ab'
x = t(s, -1)
y = [t(s // 'cdefghijk', 4), t(trim(s), 5)]
write(line, '(20(a8,:,"|"))') obs%name
print '(a)', trim(line)
print '("|",a,"|",i0)', x, y
print *, obs%k, size(obs)
end program
""")


def test_bad_namelist_value_is_an_io_error(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer :: i(2), ier
namelist /z/ i
open(10, status='scratch')
write(10, '(a)') '&z i = 1,q /'
rewind(10)
i = 0
read(10, z, iostat=ier)
print *, ier /= 0
end program
""")


def test_concatenation_of_character_arrays_is_elementwise(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(len=2) :: c(3)
character(len=3) :: d(2)
c = 'a'
c = [[trim(c(1)), 'a'] // 'c', 'cd']
d = ['x', 'y'] // ['1', '2'] // '-'
print '(3(a,"|"))', c
print '(2(a,"|"))', d, 'p' // d(2)
end program
""")


def test_allocatable_component_array_of_records_is_reallocated(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
type m
  integer :: k = 1
end type
type h
  type(m), allocatable :: av(:)
end type
type(h) :: w
print *, allocated(w%av)
w%av = [m(3), m(-4)]
print *, allocated(w%av), size(w%av), w%av%k
w%av = [w%av, m(5)]
print *, size(w%av), w%av%k
end program
""")


def test_tabs_in_later_records_and_records_ended_after_tl(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(10) :: many(5)
character(10) :: aline = 'abcdefxyij'
character(2) :: bline = 'gh'
write(*, '(a10,tl6,2x,a2,/,a3)') aline, bline, 'xyz'
write(*, '(a10,tl6,2x,a2)') aline, bline, aline, bline
write(*, '(i3/t2,a,t1,a)') 5, 'x', 'y'
many = '0123456789'
write(many(1:5:2), '(a10,tl6,2x,a2)') aline, bline, aline, bline, aline, bline
print '(5(a,"|"))', many
end program
""")


def test_shape_of_a_parameter_in_its_own_initialiser(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
integer, parameter, dimension(2, 2) :: i1 = reshape([4, 3, 2, 5], shape(i1))
character(len=3), dimension(3), parameter :: c = ['fgh', 'asd', 'jkl']
print *, i1, minloc(i1), minloc(c, dim=1), shape(c)
end program
""")


def test_typed_constructor_of_a_character_array_fits_its_elements(tmp_path: Path) -> None:
    assert_same_run(tmp_path, """program p
character(len=:), allocatable :: words(:)
words = [character(len=3) :: 'one', 'two']
words = [character(len=5) :: words, 'three']
print '(3(a,"|"))', words
print *, len(words), size(words)
end program
""")
