"""Parentheses are honoured: `A*(B/C)` is not `(A*B)/C`, `A+(B+C)` not `(A+B)+C`; values
where the grouping changes the rounded result, fresh each run, every bit printed."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import assert_same_stdout, f32, f64, needs_gfortran

EXPRESSIONS = ["a*(b/c)", "a+(b+c)", "a-(b+c)", "a+(b-c)", "a*(b*c)", "(a+b)+(c+a)",
               "a/(b*c)", "a*(b+c)", "-(a*(b/c))", "a+(b+(c+a))", "(a*b)*(c/a)"]


def program(rng: np.random.Generator, n: int = 16) -> str:
    v = rng.uniform(-1.0, 1.0, (3, n)) * 10.0 ** rng.integers(-3, 4, (3, n))
    lines = ["program parens", "  implicit none", "  double precision :: a, b, c",
             "  real :: p, q, s"]
    for k in range(n):
        a, b, c = v[:, k]
        lines += [f"  a = {f64(a)}", f"  b = {f64(b)}", f"  c = {f64(c)}",
                  f"  p = {f32(a)}", f"  q = {f32(b)}", f"  s = {f32(c)}"]
        lines += [f"  write(*,'(ES25.17E3)') {e}" for e in EXPRESSIONS]
        lines += [f"  write(*,'(ES16.8E2)') {e.replace('a', 'p').replace('b', 'q').replace('c', 's')}"
                  for e in EXPRESSIONS]
    lines += ["end program parens", ""]
    return "\n".join(lines)


@needs_gfortran
def test_parentheses_keep_their_grouping(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, program(np.random.default_rng()))
