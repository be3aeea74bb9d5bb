"""The array-building intrinsics as gfortran evaluates them, on fresh random data each run:
RESHAPE with SHAPE=, PAD= (repeated) and ORDER= (every permutation of rank 2 and 3), SPREAD
along each dimension (of a scalar too, and zero copies), PACK with and without VECTOR= (a
scalar MASK too), UNPACK with an array and a scalar FIELD, CSHIFT and EOSHIFT by positive,
negative and per-line shifts along each dimension (BOUNDARY= scalar and per line), TRANSPOSE
of sections, and MERGE of arrays with an array or scalar MASK."""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import numpy as np

from tests.fortran_reach.harness import assert_same_run, needs_gfortran, wrapped

pytestmark = needs_gfortran


def _ints(rng: np.random.Generator, n: int) -> str:
    return ", ".join(str(int(v)) for v in rng.integers(-9, 10, n))


def _reals(rng: np.random.Generator, n: int) -> str:
    return ", ".join(f"{x:.3f}d0" for x in rng.uniform(-9, 9, n))


def _bools(rng: np.random.Generator, n: int) -> str:
    return ", ".join(".true." if v else ".false." for v in rng.random(n) < 0.5)


def builders_program(rng: np.random.Generator) -> str:
    n, m = int(rng.integers(2, 5)), int(rng.integers(2, 5))
    e = [int(v) for v in rng.integers(1, 4, 3)]
    order3 = list(permutations((1, 2, 3)))[int(rng.integers(0, 6))]
    pad = int(rng.integers(1, 4))
    s1, s2 = int(rng.integers(-6, 7)), int(rng.integers(-3, 4))
    k = int(rng.integers(0, 4))
    lines = [
        "program builders", "  implicit none", "  integer :: i, j",
        f"  integer :: a({n}, {m}), v({n * m}), b(0:{m - 1}, {n}), sh({m})",
        f"  integer :: t3({e[0]}, {e[1]}, {e[2]})",
        f"  real(8) :: r({n}, {m}), c({n * m}), bd({m})",
        f"  logical :: mk({n}, {m}), l1({n})",
        f"  v = [{_ints(rng, n * m)}]",
        f"  c = [{_reals(rng, n * m)}]",
        f"  mk = reshape([{_bools(rng, n * m)}], [{n}, {m}])",
        f"  l1 = [{_bools(rng, n)}]",
        f"  sh = [{_ints(rng, m)}]",
        f"  bd = [{_reals(rng, m)}]",
        f"  a = reshape(v, [{n}, {m}])", "  print *, a",
        f"  print *, reshape(v, [{m}, {n}], order=[2, 1])",
        f"  print *, reshape(v(1:{n * m - pad}), [{n}, {m}], pad=[-{pad}, 0])",
        f"  print *, reshape(v, [{e[0]}, {e[1]}, {e[2]}], pad=[7], "
        f"order=[{', '.join(map(str, order3))}])",
        f"  t3 = reshape(v, [{e[0]}, {e[1]}, {e[2]}], [1, 2, 3, 4])", "  print *, t3",
        "  r = reshape(c, shape(r))", "  print *, r",
        f"  b = reshape(v, [{m}, {n}])", "  print *, b(1, :), shape(reshape(b, [1, size(b)]))",
        "  print *, spread(v(1:3), 1, 2), spread(v(1:3), 2, 2)",
        f"  print *, spread(a, 1, 2), spread(a, 3, {k}), size(spread(a, 2, {k}))",
        f"  print *, spread(c(1), 1, {k + 1}), spread(7, 1, 3), shape(spread(a, 2, 3))",
        "  print *, pack(a, mk), size(pack(a, mk)), pack(r, r > 0d0)",
        f"  print *, pack(v(1:{n}), l1, [(100 + i, i = 1, {n})]), pack(a, .true.)",
        "  print *, unpack(v(1:count(mk)), mk, a), unpack(c, mk, 0d0)",
        "  print *, unpack(v, .not. mk, -1)",
        f"  print *, cshift(v, {s1}), cshift(a, {s2}), cshift(a, {s1}, dim=2)",
        "  print *, cshift(a, sh, 1), cshift(r, sh(1:" + str(n) + "), 2)" if m >= n
        else f"  print *, cshift(a, sh, 1), cshift(a(:, 1:{m}), sh(1:{m}), 1)",
        f"  print *, eoshift(v, {s1}), eoshift(a, {s2}), eoshift(a, {s1}, dim=2)",
        f"  print *, eoshift(r, {s2}, 9.5d0), eoshift(r, sh, bd, 1), eoshift(mk, 1)",
        f"  print *, eoshift(a, -1, boundary=[(i, i = 1, {m})]), eoshift(r, 1, dim=2)",
        "  print *, transpose(a), transpose(a(2:, :)), transpose(r(:, ::2))",
        "  print *, transpose(a(:, 1:1))",
        "  print *, merge(a, -a, mk), merge(r, 0d0, mk), merge(a, 5, a > 0)",
        "  print *, merge(v(1:3), v(4:6), .true.), merge(l1, .not. l1, l1)",
        "  a = cshift(a, 1)", "  print *, a", f"  print *, transpose(reshape(v, [{m}, {n}]))",
        "end program builders", ""]
    return "\n".join(wrapped(line) for line in lines)


def test_array_builders_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(4):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), builders_program(rng))
