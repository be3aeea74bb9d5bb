"""MIN, MAX and MERGE of a REAL variable and a REAL literal are REAL(4) whichever operand they
pick: what follows (a division, `**(-1)`, SQRT, `**1.5`, MOD, a DOUBLE PRECISION operation)
computes in single precision as gfortran does (Python's builtins return the literal itself, a
Python float, which computed in double). Fresh values each run, on both sides of the literal."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import assert_same_stdout, f32, needs_gfortran

N = 12


def _literal(rng: np.random.Generator) -> str:
    text = f"{rng.uniform(0.1, 20.0):.{int(rng.integers(1, 4))}f}"
    return f"(-{text})" if rng.random() < 0.3 else text


def program(rng: np.random.Generator) -> str:
    lines = ["program minmax", "  implicit none", "  real :: r, s", "  double precision :: d"]
    for _ in range(N):
        a, b, c = (_literal(rng) for _ in range(3))
        r, s = (f32(x) for x in rng.uniform(-20.0, 20.0, 2))
        lines += [
            f"  r = {r}", f"  s = {s}", f"  d = {rng.uniform(-5, 5)!r}d0",
            f"  write(*, '(4ES16.8E2)') min(r, {a}) / 3.0, max(r, {a})**(-1), "
            f"sqrt(abs(min(r, {b}))), abs(max({a}, r))**1.5",
            f"  write(*, '(2ES16.8E2)') mod(max(min(r, {a}), {b}), 0.7), "
            "max(min(r, 10.0), -10.0) / 7.0",
            f"  write(*, '(2ES16.8E2)') min(r, s, {c}) * 0.1, merge(r, {a}, r > s) / 3.0",
            f"  write(*, '(3ES25.17E3)') d + min(r, {a}) / 3.0, d * max(r, {b}), "
            f"min(d, {c}) + max(s, {a})",
            f"  s = min(r, {a}) / 0.3 + max(s, {b})",
            "  write(*, '(ES16.8E2)') s",
        ]
    return "\n".join([*lines, "end program minmax", ""])


@needs_gfortran
def test_min_max_of_a_real_and_a_literal_stay_real(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, program(np.random.default_rng()))


@needs_gfortran
def test_min_max_of_constants_of_mixed_kinds_fold_in_the_first_kind(tmp_path: Path) -> None:
    """gfortran folds `min(1.1, 1.1d0)` in the first argument's kind (1.1d0 becomes REAL(4)'s
    1.1, the first of two equals wins: 1.10000002384185791E+000), then widens; for variables
    it compares in double precision (1.10000000000000009E+000). Both, on random literals."""
    rng = np.random.default_rng()
    lines = ["program mixed", "  implicit none", "  real :: r", "  double precision :: d",
             "  real, parameter :: p = 0.7", "  double precision, parameter :: q = 0.7d0"]
    for _ in range(N):
        a = f"{rng.uniform(0.1, 5.0):.{int(rng.integers(1, 4))}f}"
        b = a if rng.random() < 0.5 else f"{rng.uniform(0.1, 5.0):.{int(rng.integers(1, 4))}f}"
        lines += [f"  r = {a}", f"  d = {b}d0",
                  f"  write(*, '(4ES25.17E3)') min({a}, {b}d0), max({a}, {b}d0), "
                  f"min({b}d0, {a}), max({b}d0, {a})",
                  f"  write(*, '(4ES25.17E3)') min(r, d), max(r, d), min({a}, {b}d0, 9.5), "
                  f"max(p, q) + min(q, p)"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program mixed", ""]))
