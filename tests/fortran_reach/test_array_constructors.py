"""Array constructors as gfortran evaluates them, on fresh random data: implied DOs (steps,
negative steps, zero trips, nested, over array sections and expressions), whole arrays and
sections inside a constructor (their elements in array element order), `[type-spec :: ...]`
converting its values, and an ALLOCATABLE array (re)allocated by the assignment of one."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.fortran_reach.harness import assert_same_run, needs_gfortran

pytestmark = needs_gfortran


def ints(rng: np.random.Generator, n: int, lo: int = -50, hi: int = 50) -> str:
    return ", ".join(str(int(v)) for v in rng.integers(lo, hi, n))


def constructors_program(rng: np.random.Generator) -> str:
    n = int(rng.integers(3, 7))
    m = int(rng.integers(0, 3))
    step = int(rng.integers(1, 4))
    r = ", ".join(f"{x:.6f}" for x in rng.uniform(-9, 9, 4))
    return "\n".join([
        "program constructors", "  implicit none", "  integer :: i, j, n, m",
        f"  integer :: b({n}), a(2 * {n}), g(2, 3)", "  integer, allocatable :: c(:)",
        "  real(8) :: d(4), e(5)", "  real :: q(4)", "  character(len=4) :: w(3)",
        f"  n = {n}", f"  m = {m}", f"  b = [{ints(rng, n)}]", "  a = [b, b * 2]",
        "  print *, a", f"  print *, [(a(i), i = 1, 2 * n, {step})]",
        f"  print *, (/ (a(i) - i, i = 2 * n, 1, -{step}) /)",
        "  c = [(b(i), i = n, 1, -1), (i, i = 1, m)]", "  print *, size(c), c",
        "  c = [((b(j) * i, j = 1, i), i = 1, n)]", "  print *, size(c), c",
        "  c = [(b(1:2), i = 1, m + 1), 7, b(n:1:-2)]", "  print *, size(c), c",
        "  g(1, :) = [(i * i - n, i = 1, 3)]", "  g(2, :) = [(n - i, i = 1, 3)]",
        "  c = [g, g(2, :)]",
        "  print *, size(c), c", f"  q = [{r}]", "  d = [real(8) :: (i, i = 1, 3), q(1)]",
        "  print *, d", "  e = [(1d0 / (i + m), i = 1, 5)]", "  print *, e",
        "  print *, [integer :: q(2:3), n]",
        "  w = [character(len=4) :: 'ab', 'cdefg', 'h']", "  print *, w, '|'",
        "  print *, maxval([(mod(i * 7 + n, 5), i = 1, 9)]), sum([(i**2, i = 1, n)])",
        "  print *, [((i + j, i = 1, j), j = 1, m + 2)]",
        "  print *, [(real(i, 4) * 0.1, i = 1, 3)]", "  print *, [(i, i = 1, m - 5)]",
        "end program constructors", ""])


def test_array_constructors_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(3):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), constructors_program(rng))
