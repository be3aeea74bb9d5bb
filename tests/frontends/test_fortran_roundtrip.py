"""Fortran -> IR -> Fortran: the regenerated program, compiled by gfortran, prints exactly what
the original prints (the fixtures under tests/fortran/, and a program with fresh random data)."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from transpyle.backends.fortran import emit_fortran
from transpyle.backends.fortran_blas import MARKER
from transpyle.frontends.fortran import parse_fortran

FIXTURES = sorted(p for p in (Path(__file__).parent.parent / "fortran").iterdir()
                  if p.suffix in (".f", ".f90"))


def run_fortran(path: Path, workdir: Path) -> str:
    exe = workdir / (path.stem + "_" + path.suffix.lstrip(".") + ".exe")
    subprocess.run(["gfortran", "-O1", "-w", "-o", str(exe), str(path)], check=True,
                   capture_output=True, text=True, cwd=workdir)
    return subprocess.run([str(exe)], check=True, capture_output=True, text=True,
                          cwd=workdir, timeout=60).stdout


def round_trip(source: Path, tmp_path: Path) -> tuple[str, str]:
    module = parse_fortran(source.read_text(), str(source))
    regenerated = tmp_path / (source.stem + "_rt.f90")
    regenerated.write_text(emit_fortran(module) + "\n")
    return run_fortran(source, tmp_path), run_fortran(regenerated, tmp_path)


@pytest.fixture(autouse=True)
def _gfortran() -> None:
    if shutil.which("gfortran") is None:
        pytest.skip("gfortran is not installed (`make test` installs it)")


@pytest.mark.parametrize("source", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_round_trip(source: Path, tmp_path: Path) -> None:
    original, regenerated = round_trip(source, tmp_path)
    assert original.strip(), "the fixture prints nothing: the comparison would prove little"
    assert regenerated == original


RANDOM_PROGRAM = """\
C     Matrix product and a 5-point stencil on fresh random data
      PROGRAM RANDRT
      IMPLICIT DOUBLE PRECISION (A-H,O-Z)
      PARAMETER (N = {n}, M = {m})
      PARAMETER (W1 = {w1}D0, W2 = {w2}D0, W3 = {w3}D0)
      DIMENSION A(N, M), B(M, N), C(N, N), U(0:N+1), V(0:N+1)
      DATA A /{a}/
      DATA B /{b}/
      DATA U /{u}/
      CALL MATMUL77(A, B, C, N, M)
      DO 20 J = 1, N
         WRITE (*, 100) (C(I, J), I = 1, N)
   20 CONTINUE
  100 FORMAT (1X, 4ES24.15E3)
      V(0) = U(0)
      V(N+1) = U(N+1)
      DO 30 I = 1, N
         V(I) = W1 * U(I-1) + W2 * U(I) + W3 * U(I+1)
         IF (V(I)) 25, 30, 30
   25    V(I) = -V(I)
   30 CONTINUE
      WRITE (*, 100) V
      END

      SUBROUTINE MATMUL77(A, B, C, N, M)
      IMPLICIT DOUBLE PRECISION (A-H,O-Z)
      DIMENSION A(N, *), B(M, *), C(N, *)
      DO 10 J = 1, N
      DO 10 I = 1, N
         S = 0.0D0
         DO 5 K = 1, M
            S = S + A(I, K) * B(K, J)
    5    CONTINUE
         C(I, J) = S
   10 CONTINUE
      END
"""


def _values(rng: random.Random, count: int) -> str:
    items = [f"{rng.uniform(-10, 10):.17E}".replace("E", "D") for _ in range(count)]
    lines, line = [], ""
    for item in items:
        if len(line) + len(item) > 40:
            lines.append(line)
            line = ""
        line += item + ","
    lines.append(line)
    return "\n     &  ".join(lines).rstrip(",")


def test_random_program_round_trip(tmp_path: Path) -> None:
    rng = random.Random()
    n, m = rng.randint(2, 6), rng.randint(2, 6)
    src = RANDOM_PROGRAM.format(
        n=n, m=m, a=_values(rng, n * m), b=_values(rng, n * m), u=_values(rng, n + 2),
        w1=round(rng.uniform(-1, 1), 3), w2=round(rng.uniform(-1, 1), 3),
        w3=round(rng.uniform(-1, 1), 3))
    source = tmp_path / "randrt.f"
    source.write_text(src)
    original, regenerated = round_trip(source, tmp_path)
    assert len(original.split()) == n * n + n + 2
    assert regenerated == original


# known gaps of the Fortran -> IR -> Fortran path, each an xfail that must start passing
_KNOWN = {"iteration.f90": "logical(1) arrays: the frontend reads `p .neqv. q` as a logical(4)"
                           " comparison cast back to logical(1), which the printer spells "
                           "`logical(p /= q, 1)`"}
GOLDEN_FORTRAN = [pytest.param(p, marks=pytest.mark.xfail(reason=_KNOWN[p.name], strict=True))
                  if p.name in _KNOWN else p
                  for p in sorted((Path(__file__).parent.parent / "golden" / "fortran")
                                  .glob("*.f90"))]


@pytest.mark.parametrize("golden", GOLDEN_FORTRAN,
                         ids=[getattr(p, "values", (p,))[0].name for p in GOLDEN_FORTRAN])
def test_emitted_fortran_is_a_fixed_point(golden: Path) -> None:
    """The Fortran that transpyle writes from Python reads back into IR that prints the same
    text: the frontend and the printer agree on every construct the golden files use. (The
    BLAS helpers after a module are transpyle's support code, not translated source: the
    printer appends them again where the module calls them.)"""
    text = golden.read_text()
    module_text = text.split(MARKER)[0]
    assert emit_fortran(parse_fortran(module_text, str(golden))).strip() == text.strip()
