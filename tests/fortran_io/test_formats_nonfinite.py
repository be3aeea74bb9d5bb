"""Infinities and NaNs under D, E, EN, ES, F and G of random widths (zero included), with and
without SP, and reals, negative integers of every kind and complex parts under B, O and Z
(gfortran writes the storage's bits): the migrated program prints what gfortran's build
prints."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from tests.fortran_reach.harness import assert_same_run, needs_gfortran

pytestmark = needs_gfortran


def _fields(letter: str, widths: list[int]) -> str:
    return ', "|", '.join(f"{letter}{w}.{min(max(w - 7, 0), 3) if w else 3}" for w in widths)


def nonfinite_program(rng: random.Random) -> str:
    lines = ["program nonfinite", "  implicit none", "  real(8) :: v(3)", "  real :: s(3)",
             "  integer :: k", "  character(len=40) :: text",
             "  text = 'Infinity -Infinity NaN'", "  read(text, *) v", "  s = real(v)",
             "  do k = 1, 3"]
    for letter in ("D", "E", "EN", "ES", "F", "G"):
        widths = rng.sample(range(1, 14), 5) + ([0] if letter in ("F", "G", "ES") else [])
        widths = [w for w in widths if letter != "G" or w != 0]
        for sign in ("", "SP, ", "SS, "):
            fields = _fields(letter, widths)
            count = len(widths)
            lines.append(f"    write(*, '({sign}{fields})') " + ", ".join(["v(k)"] * count))
            lines.append(f"    write(*, '({sign}{fields})') " + ", ".join(["s(k)"] * count))
    lines += ["    write(*, '(SP, F0.2, 1X, G0, 1X, ES0.3)') v(k), s(k), v(k)",
              "    write(*, '(G0, 1X, F0.1)') v(k), s(k)",
              "    print *, v(k), s(k)", "  end do",
              "  write(*, '(SP, 2F9.2 / (3ES11.3))') v, s, v", "end program nonfinite", ""]
    return "\n".join(lines)


def test_nonfinite_edits_match_gfortran(tmp_path: Path) -> None:
    rng = random.Random()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), nonfinite_program(rng))


def boz_program(rng: np.random.Generator) -> str:
    r = [f"{x:.7e}" for x in rng.standard_normal(3) * 10.0 ** rng.integers(-40, 38, 3)]
    d = [f"{x:.16e}".replace("e", "d") for x in rng.standard_normal(3) * 1e10]
    ks = [int(x) for x in rng.integers(-2**62, 2**62, 2)]
    ints = [int(x) for x in rng.integers(-2**31, 2**31, 3)]
    h, b = int(rng.integers(-2**15, 0)), int(rng.integers(-128, 0))
    return "\n".join([
        "program boz", "  implicit none", "  real :: r(3)", "  double precision :: d(3)",
        "  integer(8) :: k(2)", "  integer :: i(3)", "  integer(2) :: h", "  integer(1) :: b",
        "  complex :: c", f"  r = [{', '.join(r)}]", f"  d = [{', '.join(d)}]",
        f"  k = [{ks[0]}_8, {ks[1]}_8]", f"  i = [{', '.join(map(str, ints))}]",
        f"  h = {h}_2", f"  b = {b}_1", "  c = cmplx(r(1), r(2))",
        "  write(*, '(3Z9, \"|\", 3Z8.8, \"|\", 3Z0)') r, r, r",
        "  write(*, '(3Z17, \"|\", 3Z0)') d, d", "  write(*, '(3O12 / 3B33)') r, r",
        "  write(*, '(2O23, 1X, 2Z16.16, 1X, 2Z0)') k, k, k",
        "  write(*, '(3Z9, 1X, 3O0)') i, i", "  write(*, '(Z5, 1X, Z0, 1X, B16, 1X, O7)') h, h, h, h",
        "  write(*, '(Z3, 1X, B8, 1X, O0)') b, b, b", "  write(*, '(2Z9)') c",
        "  write(*, '(Z4, 1X, Z2)') d(1), 255", "end program boz", ""])


def test_boz_of_reals_and_negative_integers_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), boz_program(rng))
