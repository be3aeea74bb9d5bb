"""Derived types as gfortran runs them, on fresh random data: components of every intrinsic
type (integer and real kinds, complex, logical, character, arrays) with default
initialisation, nested types, structure constructors anywhere in an expression (positional,
keyword, nested, defaults filled in), intrinsic assignment as a copy (changing the copy
leaves the original alone, also for a dummy argument and an array element), functions
returning a record, arrays of records and `w%x` read and assigned across them, ALLOCATABLE
array components (ALLOCATE and DEALLOCATE of p%a, ALLOCATED, reallocation by assignment,
deep copies by record assignment), records in list-directed and formatted output (component by component),
and type-bound procedures
(functions, subroutines, NOPASS, CLASS(t) dummies) called as `v%norm()`; type extension
(EXTENDS: the parent's components first, its bindings inherited, a child passed to a
CLASS(parent) dummy). Overriding a binding after a procedure that calls it statically, and
SELECT TYPE guards of intrinsic types, are refused at their line (tests/fortran_reach/
test_polymorphism.py runs overrides, ABSTRACT types and SELECT TYPE)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

pytestmark = needs_gfortran


def reals(rng: np.random.Generator, n: int, suffix: str = "d0") -> list[str]:
    return [f"{x:.9f}{suffix}" for x in rng.uniform(-100, 100, n)]


def types_program(rng: np.random.Generator) -> str:
    x, y, dx, f = reals(rng, 4)
    m = reals(rng, 2, "")
    k = [int(v) for v in rng.integers(-1000, 1000, 6)]
    tag = "".join(rng.choice(list("abcdefgh"), int(rng.integers(1, 9))))
    n = int(rng.integers(2, 6))
    return f"""
module shapes
  implicit none
  type :: point
    real(8) :: x = 0d0, y = -1.5d0
  end type point
  type :: particle
    type(point) :: pos
    integer :: id = -1
    integer(8) :: big = 123456789012_8
    integer(2) :: small = -3_2
    real :: mass
    logical :: alive = .true.
    character(len=6) :: tag = 'none'
    complex :: phase
    complex(8) :: wave = (0.5d0, -0.25d0)
    integer :: hist(3) = [1, 2, 3]
  end type particle
  type :: vec
    real(8) :: x, y
  contains
    procedure :: norm => vec_norm
    procedure :: scale
    procedure, nopass :: origin
  end type vec
contains
  function vec_norm(self) result(r)
    class(vec), intent(in) :: self
    real(8) :: r
    r = sqrt(self%x**2 + self%y**2)
  end function vec_norm
  subroutine scale(self, f)
    class(vec), intent(inout) :: self
    real(8), intent(in) :: f
    self%x = self%x * f
    self%y = self%y - f
  end subroutine scale
  function origin() result(v)
    type(vec) :: v
    v = vec(0d0, 0d0)
  end function origin
  function mid(a, b) result(c)
    type(point), intent(in) :: a, b
    type(point) :: c
    c = point((a%x + b%x) / 2, (a%y + b%y) / 2)
  end function mid
  subroutine shift(p, dx)
    type(particle), intent(inout) :: p
    real(8), intent(in) :: dx
    p%pos%x = p%pos%x + dx
    p%hist(2) = p%hist(2) + 1
    p%tag = 'moved'
  end subroutine shift
  subroutine replace(p, q)
    type(particle), intent(inout) :: p
    type(particle), intent(in) :: q
    p = q
  end subroutine replace
end module shapes

program types
  use shapes
  implicit none
  type(particle) :: a, b, many({n})
  type(point) :: q, r
  type(vec) :: v, w({n})
  integer :: i
  print *, a%id, a%big, a%small, a%alive, a%tag, a%hist, a%pos%x, a%pos%y, a%wave
  a%mass = {m[0]}
  a%phase = ({m[1]}, {m[0]})
  q = point({x}, {y})
  r = point(y={x}, x=-1d0)
  print *, q, r, mid(q, r)
  print *, mid(point(1d0, 2d0), q)
  a%pos = q
  q%x = 99d0
  call shift(a, {dx})
  print *, a%pos, q%x, a%hist, a%phase, a%mass, a%tag
  b = a
  b%id = {k[0]}
  b%tag = '{tag}'
  b%hist(1) = {k[1]}
  b%pos%y = {y}
  print *, a%id, b%id, b%tag, '|', a%tag, '|', a%hist, b%hist, a%pos%y, b%pos%y
  call replace(many(1), b)
  b%id = {k[2]}
  print *, many(1)%id, many(1)%tag, many(1)%hist, b%id
  do i = 2, {n}
    many(i)%id = i * ({k[3]})
    many(i)%pos = point(real(i, 8), -real(i, 8) / 3)
  end do
  print *, many%id, sum(many%id)
  print *, many(2)%pos%y, many({n})%pos%x
  many%id = [(i * i, i = 1, {n})]
  many%mass = 2.5
  print *, many%id, many%mass
  many(2) = particle(point(1d0, {y}), {k[4]}, 7_8, 1_2, 1.0, .false., 'xy', (0.0, 1.0), &
                     (2d0, 3d0), [{k[5]}, 2, 3])
  print *, many(2)%hist, many(2)%tag, many(2)%alive, many(2)%big, many(2)%wave
  many(1) = many(2)
  many(2)%hist(3) = -5
  print *, many(1)%hist, many(2)%hist
  write(*, '(2F12.5, I6, I14, I4, F9.3, L2, A7, 4F8.3, 3I6)') many(2)%pos, many(2)%id, &
    many(2)%big, many(2)%small, many(2)%mass, many(2)%alive, many(2)%tag, many(2)%phase, &
    real(many(2)%wave), aimag(many(2)%wave), many(2)%hist
  v = vec({x}, {y})
  print *, v%norm()
  call v%scale({f})
  print *, v, v%norm()
  w(1) = v%origin()
  do i = 2, {n}
    w(i) = vec(real(i, 8), {f})
  end do
  print *, w%x
  print *, w
  write(*, '(2ES16.7)') w
end program types
"""


def test_derived_types_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), types_program(rng))




@pytest.mark.parametrize("line, words, where", [
    ("type, bind(c) :: p3\n  real :: z\nend type p3", "type(p3) is BIND(C): not supported",
     6),
    ("type :: t\n  integer :: k\ncontains\n  generic :: operator(+) => f\nend type t",
     "GENERIC in type(t) is not supported", 9),
    ("type :: t\n  real, pointer :: p\nend type t",
     "a POINTER to a scalar of intrinsic type ('p') is not supported", 7),
])
def test_unsupported_type_features_are_refused_at_their_line(line: str, words: str,
                                                             where: int) -> None:
    source = ("module m\n  implicit none\n  type :: point\n    real :: x\n  end type point\n"
              + line + "\ncontains\n  subroutine f(a)\n    integer :: a\n  end subroutine f\n"
              "end module m\n")
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="m.f90")
    assert words in str(err.value)
    assert err.value.loc.line == where


def test_select_type_of_an_intrinsic_type_is_refused_at_its_line() -> None:
    source = ("module m\n  implicit none\n  type :: t\n    integer :: k\n  end type t\ncontains\n"
              "  subroutine s(x)\n    class(t), intent(in) :: x\n    select type (x)\n"
              "    type is (integer)\n      print *, 1\n    end select\n  end subroutine s\n"
              "end module m\n")
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="m.f90")
    assert "of an intrinsic type is not supported" in str(err.value)
    assert err.value.loc.line == 10


def allocatable_components_program(rng: np.random.Generator) -> str:
    n, m = (int(v) for v in rng.integers(1, 7, 2))
    vals = ", ".join(str(int(v)) for v in rng.integers(-99, 99, m))
    x = f"{rng.uniform(-9, 9):.6f}d0"
    return f"""
module bags
  implicit none
  type :: bag
    integer, allocatable :: items(:)
    real(8), allocatable :: grid(:, :)
    integer :: n = 0
  end type bag
contains
  subroutine fill(b, n)
    type(bag), intent(inout) :: b
    integer, intent(in) :: n
    integer :: i
    allocate(b%items(n))
    do i = 1, n
      b%items(i) = i * i - n
    end do
    b%n = n
  end subroutine fill
end module bags

program components
  use bags
  implicit none
  type(bag) :: b, c
  integer :: i
  print *, allocated(b%items), allocated(c%grid)
  call fill(b, {n})
  print *, b%n, b%items, size(b%items), sum(b%items), allocated(b%items)
  allocate(b%grid({m}, 3))
  b%grid = {x}
  b%grid({m}, 3) = -1d0
  print *, b%grid
  c = b
  c%items(1) = 99
  c%grid(1, 1) = 0.5d0
  print *, b%items, c%items, b%grid(1, 1), c%grid(1, 1)
  b%items = [{vals}]
  print *, size(b%items), b%items
  deallocate(b%grid)
  if (allocated(c%grid)) deallocate(c%grid)
  b%items = [(i * {n}, i = 1, {n + m})]
  print *, b%items, c%n, allocated(b%grid), allocated(c%grid), allocated(c%items)
end program components
"""


def test_allocatable_components_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), allocatable_components_program(rng))


def test_component_allocate_with_lower_bounds_is_refused_at_its_line() -> None:
    source = ("program p\n  implicit none\n  type :: t\n    real, allocatable :: a(:)\n"
              "  end type t\n  type(t) :: v\n  allocate(v%a(0:3))\nend program p\n")
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="p.f90")
    assert "lower bound other than 1" in str(err.value)
    assert err.value.loc.line == 7


def record_arrays_program(rng: np.random.Generator) -> str:
    n = int(rng.integers(3, 8))
    dt = f"{rng.uniform(0.1, 2):.4f}"
    lo = int(rng.integers(1, n))
    return f"""
module pm
  implicit none
  type :: particle
    real :: x, v
    integer :: id
  end type particle
contains
  subroutine step(ps, dt)
    type(particle), intent(inout) :: ps(:)
    real, intent(in) :: dt
    integer :: i
    do i = 1, size(ps)
      ps(i)%x = ps(i)%x + ps(i)%v * dt
    end do
  end subroutine step
  function fastest(ps) result(p)
    type(particle), intent(in) :: ps(:)
    type(particle) :: p
    integer :: i
    p = ps(1)
    do i = 2, size(ps)
      if (abs(ps(i)%v) > abs(p%v)) p = ps(i)
    end do
  end function fastest
  elemental function energy(p) result(e)
    type(particle), intent(in) :: p
    real :: e
    e = 0.5 * p%v**2 + p%id
  end function energy
end module pm

program records
  use pm
  implicit none
  type(particle) :: ps({n}), f
  integer :: i
  real :: v({n})
  v = [{", ".join(f"{x:.5f}" for x in rng.uniform(-9, 9, n))}]
  do i = 1, {n}
    ps(i) = particle(real(i), v(i), {int(rng.integers(-50, 50))} + i)
  end do
  call step(ps, {dt})
  call step(ps({lo}:), -{dt} / 3)
  print *, ps%x
  f = fastest(ps)
  f%v = -f%v
  print *, f%id, f%v, fastest(ps)
  print *, energy(ps(2)), sum(ps%v), energy(ps), maxval(energy(ps({lo}:)))
  ps({lo}:{n})%v = 0.0
  print *, ps%v, ps
end program records
"""


def test_arrays_of_records_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), record_arrays_program(rng))


def initialised_components_program(rng: np.random.Generator) -> str:
    x, y = (f"{v:.5f}" for v in rng.uniform(-9, 9, 2))
    words = ["".join(rng.choice(list("abcdef"), 5)) for _ in range(3)]
    i, j = sorted(int(v) for v in rng.integers(1, 6, 2))
    return f"""
module cfg
  implicit none
  type :: point
    real :: x = 1.0, y = 2.0
  end type point
  type :: shape
    character(len=5) :: names(3) = ['{words[0]}', '{words[1]}', '{words[2]}']
    logical :: flags(3) = [.true., .false., .true.]
    complex :: zs(2) = ({x}, -1.0)
    type(point) :: corner = point({x}, {y})
    type(point) :: pts(2)
  end type shape
  type(point), parameter :: origin = point(0.0, {y})
  type(shape) :: global
end module cfg

program initialised
  use cfg
  implicit none
  type(shape) :: s
  integer :: k
  print *, s%names, s%flags, s%zs, s%corner, s%pts
  s%names(2)({i}:{j}) = 'XYZ'
  s%pts(2) = origin
  global%corner%x = -global%corner%y
  print *, s%names, s%pts, origin, global%corner
  print *, (s%names(k)({i}:{j}), k = 1, 3), s%names(3)(:{j}), len(s%names(1)({i}:))
end program initialised
"""


def test_initialised_components_and_element_substrings_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), initialised_components_program(rng))


def extension_program(rng: np.random.Generator) -> str:
    x, y, r, dx = (f"{v:.5f}" for v in rng.uniform(-9, 9, 4))
    return f"""
module shapes
  implicit none
  type :: shape
    real :: x = 0.0, y = 0.0
  contains
    procedure :: move
  end type shape
  type, extends(shape) :: circle
    real :: r = 1.0
  contains
    procedure :: area
  end type circle
  type, extends(circle) :: ring
    real :: inner = 0.25
  end type ring
contains
  subroutine move(self, dx)
    class(shape), intent(inout) :: self
    real, intent(in) :: dx
    self%x = self%x + dx
  end subroutine move
  function area(self) result(a)
    class(circle), intent(in) :: self
    real :: a
    a = 3.14159 * self%r**2
  end function area
  subroutine show(s)
    class(shape), intent(in) :: s
    print *, 'at', s%x, s%y
  end subroutine show
end module shapes

program extension
  use shapes
  implicit none
  type(circle) :: c
  type(shape) :: s
  type(ring) :: g
  c = circle({x}, {y}, {r})
  call c%move({dx})
  print *, c%x, c%y, c%r, c%area()
  call show(c)
  s%y = {y}
  call s%move(-({dx}))
  call show(s)
  g = ring(r={r}, x={x})
  call g%move({dx})
  call show(g)
  print *, c, g, g%area()
end program extension
"""


def test_type_extension_matches_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), extension_program(rng))


def test_overriding_a_binding_called_before_is_refused_at_its_line() -> None:
    """Module m (one file) calls x%f() statically: no extension overrides f there; another
    file's type overrides f: refused at the override, not dispatched wrongly. (Within one
    file every type is read before any procedure: the call dispatches, see
    test_polymorphism.py.)"""
    from transpyle.frontends.fortran import parse_fortran
    first = ("module m\n  implicit none\n  type :: a\n  contains\n    procedure :: f\n"
             "  end type a\ncontains\n  subroutine f(self)\n    class(a) :: self\n"
             "  end subroutine f\n  subroutine h(x)\n    class(a) :: x\n    call x%f()\n"
             "  end subroutine h\nend module m\n")
    second = ("module m2\n  use m\n  implicit none\n"
              "  type, extends(a) :: b\n  contains\n    procedure :: f => g\n  end type b\n"
              "contains\n  subroutine g(self)\n    class(b) :: self\n  end subroutine g\n"
              "end module m2\n")
    module = parse_fortran(first, "m.f90")
    with pytest.raises(TranspileError) as err:
        parse_fortran(second, "m2.f90", modules={"m": module})
    assert "overrides the type-bound procedure 'f' of type(a), which a procedure before it " \
        "calls" in str(err.value)
    assert err.value.loc.line == 6
