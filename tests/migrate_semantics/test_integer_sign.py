"""INTEGER SIGN(A, B), nested in every position (A, B, a comparison's operand, an output item,
an IF test), with integer(8) values past 2**53 (math.copysign would round them), B = 0
(positive) and an A that is a function call with a side effect (evaluated once, as gfortran
evaluates it). Fresh values each run."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import assert_same_stdout, needs_gfortran


def program(rng: np.random.Generator, n: int = 10) -> str:
    lines = ["program isign", "  implicit none", "  integer :: i, j, k, calls",
             "  integer(8) :: a, b", "  integer :: v(4)", "  calls = 0"]
    for _ in range(n):
        i, j, k = (int(x) for x in rng.integers(-50, 50, 3))
        a = int(rng.integers(2**53, 2**62)) * int(rng.choice([-1, 1]))
        b = int(rng.choice([-3, 0, 5]))
        lines += [
            f"  i = {i}", f"  j = {j}", f"  k = {k}", f"  a = {a}_8", f"  b = {b}_8",
            f"  v = [{', '.join(str(int(x)) for x in rng.integers(-9, 9, 4))}]",
            "  print *, sign(i, j), sign(sign(i, j), k), sign(i + j, sign(k, i))",
            "  print *, sign(sign(i, sign(j, k)), -k), sign(i, 0), sign(-i, 0)",
            "  print *, sign(a, b), sign(sign(a, -b), a), sign(i - j, k) * 2 + 1",
            "  print *, sign(v, j), sign(v(2) * 3, sign(v(1), j))",
            "  if (sign(i, j) > sign(j, k)) print *, 'gt'",
            "  print *, sign(bump(i), j), calls",
            "  k = mod(sign(sign(i, k) - j, -(j + 1)), 7)",
            "  print *, k, max(sign(i, j), sign(j, i)), sign(merge(i, j, i > j), k)",
        ]
    lines += ["contains", "  integer function bump(x)", "    integer, intent(in) :: x",
              "    calls = calls + 1", "    bump = x + 1", "  end function bump",
              "end program isign", ""]
    return "\n".join(lines)


@needs_gfortran
def test_integer_sign_nested(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, program(np.random.default_rng()))
