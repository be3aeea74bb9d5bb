"""INTEGER `/` truncates toward zero exactly at any size: integer(8) operands past 2**53 (where
a division through a double rounds), negative operands, arrays; and MOD on negatives. Fresh
values each run."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import assert_same_stdout, needs_gfortran


def program(rng: np.random.Generator, n: int = 12) -> str:
    big = rng.integers(2**53, 2**62, n) * rng.choice([-1, 1], n)
    div = rng.integers(1, 10**6, n) * rng.choice([-1, 1], n)
    small = rng.integers(-10**6, 10**6, n)
    sdiv = rng.integers(1, 1000, n) * rng.choice([-1, 1], n)
    lines = ["program idiv", "  implicit none", "  integer(8) :: a, b", "  integer :: i, j",
             f"  integer :: c({n}), d({n})"]
    for k in range(n):
        lines += [f"  a = {big[k]}_8", f"  b = {div[k]}_8", "  print *, a / b, mod(a, b), a / 3_8",
                  f"  i = {small[k]}", f"  j = {sdiv[k]}", "  print *, i / j, mod(i, j)",
                  f"  c({k + 1}) = {small[k]}", f"  d({k + 1}) = {sdiv[k]}"]
    lines += ["  print *, c / d", "  print *, mod(c, d)", "end program idiv", ""]
    return "\n".join(lines)


@needs_gfortran
def test_integer_division_truncates_exactly(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, program(np.random.default_rng()))
