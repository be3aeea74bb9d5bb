"""Allocation and values as gfortran runs them, on fresh random data: ALLOCATE with STAT=,
ERRMSG=, SOURCE= (a scalar broadcast, an array giving the shape) and MOLD=, an ALLOCATE of
an allocated array and a DEALLOCATE of an unallocated one with STAT=/ERRMSG= (gfortran's
status and message), MOVE_ALLOC of variables and components (a growing stack),
LBOUND/UBOUND of declared, allocated, run-time and zero-extent bounds, deferred-length
CHARACTER variables (ALLOCATE(character(len=n) :: s) too), ELEMENTAL functions and
subroutines called with arrays (bodies of scalar MAX/MIN and IFs), and ASSOCIATE with
expression selectors (evaluated once, though the construct changes what they read)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.fortran_reach.harness import assert_same_run, needs_gfortran, wrapped

pytestmark = needs_gfortran


def allocation_program(rng: np.random.Generator) -> str:
    n, m = (int(v) for v in rng.integers(1, 7, 2))
    lo, lo2 = (int(v) for v in rng.integers(-5, 5, 2))
    vals = [int(v) for v in rng.integers(-99, 99, n)]
    x = [f"{v:.5f}" for v in rng.uniform(-20, 20, 5)]
    word = "".join(rng.choice(list("abcxyz"), int(rng.integers(0, 7))))
    lines = f"""
module stacks
  implicit none
  type :: stack
    integer, allocatable :: items(:)
    integer :: top = 0
  end type
contains
  subroutine push(s, v)
    type(stack), intent(inout) :: s
    integer, intent(in) :: v
    integer, allocatable :: tmp(:)
    if (.not. allocated(s%items)) allocate(s%items(1))
    if (s%top == size(s%items)) then
      allocate(tmp(2 * size(s%items)), source=0)
      tmp(1:s%top) = s%items(1:s%top)
      call move_alloc(tmp, s%items)
    end if
    s%top = s%top + 1
    s%items(s%top) = v
  end subroutine
  elemental real function clip(x, lo, hi)
    real, intent(in) :: x, lo, hi
    clip = max(lo, min(hi, x))
    if (x == 0) clip = -1
  end function
  elemental subroutine order(a, b)
    real, intent(inout) :: a, b
    real :: t
    if (a > b) then
      t = a; a = b; b = t
    end if
  end subroutine
  subroutine bounds(x, k)
    integer, intent(in) :: k
    integer, intent(in) :: x(k:, :)
    print *, lbound(x), ubound(x), shape(x)
  end subroutine
end module
program alloc
  use stacks
  implicit none
  integer, allocatable :: a(:), b(:), c(:,:), e(:)
  real, allocatable :: r(:), q(:)
  character(len=:), allocatable :: s
  character(len=60) :: msg
  type(stack) :: st
  integer :: ierr, i
  real :: z(5) = [{", ".join(x)}]
  allocate(a({n}), stat=ierr)
  print *, ierr, size(a)
  a = [{", ".join(map(str, vals))}]
  msg = 'none'
  allocate(a(2), stat=ierr, errmsg=msg)
  print *, ierr, trim(msg), size(a)
  allocate(b, source=a)
  print *, b, lbound(b), ubound(b)
  allocate(c({lo}:{lo + m - 1}, {m}), source={int(rng.integers(-9, 9))})
  print *, c, lbound(c), ubound(c), lbound(c, 1), ubound(c, dim=2)
  allocate(r(3), mold=z(1:3))
  r = z(1:3) * 2
  print *, r
  deallocate(b, stat=ierr)
  print *, ierr, allocated(b)
  msg = 'none'
  deallocate(b, stat=ierr, errmsg=msg)
  print *, ierr, trim(msg)
  allocate(e({lo2}:{lo2 - 1}))
  print *, size(e), lbound(e), ubound(e)
  call move_alloc(a, b)
  print *, allocated(a), b
  do i = 1, {n + m}
    call push(st, i * ({int(rng.integers(-9, 9))}))
  end do
  print *, st%top, size(st%items), st%items(1:st%top)
  s = '{word}'
  s = s // '|' // s
  print '(a, i3)', s, len(s)
  deallocate(s)
  allocate(character(len={m}) :: s)
  print *, len(s)
  q = clip(z, -5.0, 5.0)
  print *, q, clip(0.0, 1.0, 2.0)
  r = z(5:3:-1)
  call order(q(1:3), r)
  print *, q, r
  call bounds(c, {lo2})
  associate (t => sum(z), u => z(2:4) * 2, m => maxval(b, mask=b > 0) + 1)
    z = 0
    print *, t, u, size(u), m
  end associate
  print *, z
end program
"""
    return "\n".join(wrapped(line) for line in lines.splitlines())


def test_allocation_programs_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(3):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), allocation_program(rng))


def records_program(rng: np.random.Generator) -> str:
    a, n = int(rng.integers(-99, 99)), int(rng.integers(1, 6))
    b = f"{rng.uniform(-9, 9):.3f}"
    vals = ", ".join(str(int(v)) for v in rng.integers(-500, 500, n))
    return f"""
module m3
  implicit none
  type :: t
    integer :: a = {a}
    real :: b = {b}
    integer, allocatable :: c(:)
  end type
  type :: tree
    integer :: v = 0
    type(tree), allocatable :: kids(:)
  end type
contains
  subroutine reset(x, y)
    type(t), intent(out) :: x
    type(t), intent(out), optional :: y
    if (present(y)) y%a = -y%a
  end subroutine
  function seq(k) result(r)
    integer, intent(in) :: k
    real :: r(k)
    integer :: i
    r = [(i * 0.5, i = 1, k)]
  end function
  recursive integer function total(tr) result(s)
    type(tree), intent(in) :: tr
    integer :: i
    s = tr%v
    if (allocated(tr%kids)) then
      do i = 1, size(tr%kids)
        s = s + total(tr%kids(i))
      end do
    end if
  end function
end module
program records
  use m3
  implicit none
  type(t) :: x, y
  type(tree) :: root
  integer :: i
  x%a = 1; x%b = -2; x%c = [1, 2]
  y%a = 5
  call reset(x)
  print *, x%a, x%b, allocated(x%c)
  call reset(x, y)
  print *, y%a, y%b
  print *, seq({n}), size(seq({n + 2}))
  allocate(root%kids({n}))
  root%kids(:)%v = [{vals}]
  allocate(root%kids(1)%kids(2))
  root%kids(1)%kids(:)%v = [{a}, {n}]
  print *, total(root)
end program
"""


def test_records_programs_match_gfortran(tmp_path: Path) -> None:
    """INTENT(OUT) records start from their default initialisation (an OPTIONAL one too, its
    allocatable components deallocated), explicit-shape array results, recursive types
    through ALLOCATABLE components."""
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), records_program(rng))
