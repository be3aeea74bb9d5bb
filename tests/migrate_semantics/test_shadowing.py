"""A user procedure named like an intrinsic (a contained `sum` and `max`, a module `abs`)
is the one called: Fortran's host scoping, as gfortran builds it. Fresh values each run."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import assert_same_stdout, f64, needs_gfortran


def program(rng: np.random.Generator) -> str:
    a, b, c = rng.normal(size=3)
    return f"""module tools
contains
  double precision function abs(x)
    double precision :: x
    abs = x + 100d0
  end function
end module
program shadow
  use tools
  implicit none
  double precision :: v(3)
  v(1) = {f64(a)}
  v(2) = {f64(b)}
  v(3) = {f64(c)}
  write(*,'(2ES25.17E3)') sum(v), abs(v(2))
  write(*,'(ES25.17E3)') max(v(1), v(3))
contains
  double precision function sum(x)
    double precision :: x(3)
    sum = x(1) - x(2) - x(3)
  end function
  double precision function max(x, y)
    double precision :: x, y
    max = x * y - 1d0
  end function
end program
"""


@needs_gfortran
def test_user_procedures_shadow_intrinsics(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, program(np.random.default_rng()))
