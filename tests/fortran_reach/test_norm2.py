"""NORM2 with and without DIM, REAL(4) and REAL(8), bit for bit with gfortran's scaled sum
(libgfortran's norm2 and the inline loop), on fresh random magnitudes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.fortran_reach.harness import assert_same_run, needs_gfortran, wrapped

pytestmark = needs_gfortran


def test_norm2_matches_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    seed = int(rng.integers(1 << 30))
    print("seed:", seed)
    rng = np.random.default_rng(seed)

    def values(n: int) -> str:
        mags = rng.uniform(-12, 12, n)
        signs = rng.choice([-1.0, 1.0], n)
        xs = signs * 10.0 ** mags
        xs[rng.integers(n)] = 0.0
        return ", ".join(f"{x:.17e}".replace("e", "d") for x in xs)

    assert_same_run(tmp_path, f"""program p
  real(8) :: a(4, 3), z(0)
  real(4) :: b(12)
{wrapped(f"  a = reshape([{values(12)}], [4, 3])")}
  b = real(reshape(a, [12]) * 1d-10, 4)
  print *, norm2(a)
  print *, norm2(a, 1)
  print *, norm2(a, dim=2)
  print *, norm2(b), norm2(b(2:9)), norm2(z)
  print *, norm2(reshape(b, [3, 4]), 2)
end program
""")
