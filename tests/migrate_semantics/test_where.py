"""WHERE computes only under its mask (a square root of a masked-out negative, a division by a
masked-out zero are never evaluated: the migrated program runs with warnings as errors), in
the order of a multi-statement WHERE block and its ELSEWHEREs. Fresh values each run."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import assert_same_stdout, f64, needs_gfortran

N = 24


def program(rng: np.random.Generator) -> str:
    v = rng.normal(size=N) * 4.0
    u = np.where(rng.random(N) < 0.3, 0.0, rng.normal(size=N))
    k = rng.integers(-9, 10, N)
    lines = ["program masked", "  implicit none", f"  double precision :: v({N}), w({N}), u({N})",
             f"  integer :: k({N})"]
    for i in range(N):
        lines += [f"  v({i + 1}) = {f64(v[i])}", f"  u({i + 1}) = {f64(u[i])}",
                  f"  k({i + 1}) = {k[i]}"]
    lines += [
        "  w = -5d0",
        "  where (v >= 0d0)",
        "    w = sqrt(v)",
        "    v = w + 1d0 / (u + w)",
        "  elsewhere (v < -1.5d0)",
        "    w = log(-v)",
        "    v = v * w",
        "  elsewhere",
        "    w = 7d0 + v",
        "  end where",
        "  where (u /= 0d0) v = v / u + k / 2",
        "  where (k /= 0) k = 100 / k",
        "  write(*,'(3ES25.17E3, 1X, I0)') (v(i_), w(i_), u(i_), k(i_), i_ = 1, size(v))",
        "end program masked", ""]
    return "\n".join(lines).replace("program masked\n  implicit none",
                                    "program masked\n  implicit none\n  integer :: i_")


@needs_gfortran
def test_where_computes_under_its_mask_only(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, program(np.random.default_rng()))
