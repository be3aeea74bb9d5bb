"""REAL division and MOD by zero in migrated programs: IEEE arithmetic as gfortran's build
computes it (an infinity with the signs' product, NaN for 0/0; MOD(x, 0.0) NaN), where
Python's float division raised ZeroDivisionError and NumPy's warned on standard error."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.fortran_reach.harness import assert_same_run


def division_program(rng: np.random.Generator) -> str:
    def value() -> str:
        v = float(rng.choice([0.0, -0.0, 1.5, -2.25, 3.0, 0.0]))
        return f"{v!r}d0".replace("-0.0d0", "-0.0d0")

    xs = ", ".join(value() for _ in range(6))
    ys = ", ".join(value() for _ in range(6))
    return "\n".join([
        "program ieee", "  implicit none", "  real(8) :: x(6), y(6), q(6), a, b",
        "  real(4) :: s, t", "  integer :: i",
        f"  x = [{xs}]", f"  y = [{ys}]",
        "  q = x / y", "  print *, q", "  print *, mod(x, y)",
        "  do i = 1, 6", "    a = x(i)", "    b = y(i)",
        "    s = real(a, 4)", "    t = real(b, 4)",
        "    print *, a / b, -a / b, s / t, mod(a, b), mod(s, t)", "  end do",
        "end program ieee", ""])


def test_real_division_by_zero_matches_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(3):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), division_program(rng))


KERNEL = """\
      SUBROUTINE RATIOS(X, Y, N, R, M)
      INTEGER N, I
      DOUBLE PRECISION X(N), Y(N), R, M
      R = 0.0D0
      M = 0.0D0
      DO 10 I = 1, N
         R = R + X(I) / Y(I)
         M = M + MOD(X(I), Y(I))
   10 CONTINUE
      END
"""


def test_migrated_division_transpiled_again_matches_the_migrated_python(tmp_path: Path) -> None:
    """The round trip: fio.fdiv/fio.rmod in migrated Python become Fortran's own `/` and MOD
    again under @transpile (they were refused as unknown functions)."""
    import importlib.util
    import sys

    from transpyle import transpile
    from transpyle.compiler import compile_fortran

    (tmp_path / "ratios.py").write_text(compile_fortran(KERNEL, "python", filename="ratios.f"))
    spec = importlib.util.spec_from_file_location("ratios", tmp_path / "ratios.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["ratios"] = mod
    spec.loader.exec_module(mod)
    compiled = transpile(mod.ratios)
    rng = np.random.default_rng()
    for n in (1, 4, 9):
        x = rng.choice([0.0, -1.5, 2.0, 3.25], n)
        y = rng.choice([0.0, 0.0, 2.0, -0.5], n)
        want, got = mod.ratios(x, y, n, 0.0, 0.0), compiled(x, y, n, 0.0, 0.0)
        assert np.array(got).tobytes() == np.array(want).tobytes()
