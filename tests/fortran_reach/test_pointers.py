"""POINTERs of derived type and arrays as gfortran runs them, on fresh random data: a linked
list built with ALLOCATE and `=>`, walked with ASSOCIATED; a binary search tree whose
recursive INSERT associates a POINTER dummy anew (the caller sees it); array pointers to
sections with a stride (a view: writes reach the target), to a whole array, allocated and
deallocated, NULLIFY, ASSOCIATED(p, t) of equal and different sections; intrinsic assignment
of a record shares its POINTER components; a local `=> NULL()` is saved between calls;
POINTER, ALLOCATABLE and TARGET statements. A POINTER to an intrinsic scalar, bounds
remapping and a target whose lower bounds are not 1 are refused at their line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

pytestmark = needs_gfortran
PROGRAMS = Path(__file__).parent / "programs"

SHARED = """
module cells
  implicit none
  type :: cell
    integer :: v = 0
    type(cell), pointer :: next => null()
    integer :: hist(2) = 0
  end type
end module
program shared
  use cells
  implicit none
  type(cell), target :: a, b
  type(cell) :: c
  a%v = {A}
  b%v = {B}
  a%next => b
  a%hist = [{A}, {B}]
  c = a
  c%next%v = c%next%v + 1
  c%hist(1) = -1
  print *, b%v, a%hist, c%hist, associated(c%next, b), associated(a%next, a)
end program
"""


SAVED = """
module visits
  implicit none
  type :: cell
    integer :: v = 0
  end type
  type(cell), target :: pool(3)
contains
  subroutine visit(k)
    integer, intent(in) :: k
    type(cell), pointer :: last => null()
    if (associated(last)) then
      print *, 'previous', last%v
    else
      print *, 'first'
    end if
    last => pool(k)
    last%v = last%v + k * ({A})
  end subroutine
end module
program saved
  use visits
  call visit({I})
  call visit({J})
  call visit({I})
  print *, pool%v
end program
"""


STATEMENTS = """
program statements
  implicit none
  real :: a(6)
  real :: p
  integer :: b
  dimension :: p(:)
  pointer :: p
  allocatable :: b(:)
  target :: a
  a = [{V}]
  p => a({I}:{K})
  p = p * 2
  allocate(b(size(p)))
  b = int(p)
  print *, a, b, associated(p)
end program
"""


@pytest.mark.parametrize("name", ["list", "tree", "shared", "saved", "statements"])
def test_pointer_programs_match_gfortran(tmp_path: Path, name: str) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        if name in ("shared", "saved", "statements"):
            i, j = (int(v) for v in rng.integers(1, 4, 2))
            text = {"shared": SHARED, "saved": SAVED, "statements": STATEMENTS}[name]
            source = text.format(A=int(rng.integers(-99, 99)), B=int(rng.integers(-99, 99)),
                                 I=i, J=j, K=j + 3, V=", ".join(f"{v:.3f}" for v in
                                                            rng.uniform(-9, 9, 6)))
        else:
            template = (PROGRAMS / f"{name}.f90").read_text()
            n = int(rng.integers(1, 12))
            keys = rng.choice(np.arange(-500, 500), n, replace=False)
            source = template.format(N=int(rng.integers(0, 9)), K=n,
                                     KEYS=", ".join(str(int(v)) for v in keys),
                                     X=f"{rng.uniform(-5, 5):.4f}")
        assert_same_run(tmp_path / str(k), source)


@pytest.mark.parametrize("body, words, line", [
    ("  integer, pointer :: p", "a POINTER to a scalar of intrinsic type ('p')", 3),
    ("  real, target :: a(4)\n  real, pointer :: p(:)\n  p(0:3) => a",
     "pointer assignment with bounds", 5),
    ("  real, target :: a(0:4)\n  real, pointer :: p(:)\n  p => a",
     "whose lower bounds are not 1, is not supported", 5),
])
def test_unsupported_pointers_are_refused_at_their_line(body: str, words: str,
                                                        line: int) -> None:
    source = f"program p\n  implicit none\n{body}\nend program p\n"
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="p.f90")
    assert words in str(err.value)
    assert err.value.loc.line == line
