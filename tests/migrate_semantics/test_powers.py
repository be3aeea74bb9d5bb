"""`X**N` with an integer N computes what gfortran computes: products, not the C library's
`pow` (gfortran -O0; `fio.ipow` documents the algorithm), for REAL, DOUBLE PRECISION and
COMPLEX bases, constant and variable exponents, negative ones included; INTEGER ** INTEGER
truncates (2**(-1) is 0). Fresh random inputs each run, every bit printed."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import (
    assert_same_stdout,
    f32,
    f64,
    gfortran_stdout,
    needs_gfortran,
    python_stdout,
)

N = 12


def program(rng: np.random.Generator) -> str:
    x = rng.uniform(0.5, 2.0, N) * rng.choice([-1.0, 1.0], N)
    r = rng.uniform(0.5, 2.0, N).astype(np.float32)
    zr, zi = rng.uniform(-1.5, 1.5, (2, N))
    ks = rng.integers(-3, 4, N)
    lines = ["program powers", "  implicit none", f"  double precision :: x({N})",
             f"  real :: r({N})", f"  complex :: z({N})", f"  complex(kind=8) :: w({N})",
             f"  integer :: k({N}), i, n"]
    for i in range(N):
        lines += [f"  x({i + 1}) = {f64(x[i])}", f"  r({i + 1}) = {f32(r[i])}",
                  f"  z({i + 1}) = ({f32(zr[i])}, {f32(zi[i])})",
                  f"  w({i + 1}) = ({f64(zr[i])}, {f64(zi[i])})", f"  k({i + 1}) = {ks[i]}"]
    lines += [
        f"  do i = 1, {N}",
        "    write(*,'(4ES25.17E3)') x(i)**2, x(i)**3, x(i)**4, x(i)**5",
        "    write(*,'(4ES25.17E3)') x(i)**6, x(i)**7, x(i)**13, x(i)**(-1)",
        "    write(*,'(4ES25.17E3)') x(i)**(-2), x(i)**(-5), x(i)**0, (x(i)+1d0)**3",
        "    write(*,'(4ES16.8E2)') r(i)**3, r(i)**5, r(i)**(-3), r(i)**7",
        "    write(*,'(4ES16.8E2)') z(i)**2, z(i)**3, z(i)**(-2), z(i)**5",
        "    write(*,'(4ES25.17E3)') w(i)**3, w(i)**(-3), w(i)**6, w(i)**(-1)",
        "    do n = -7, 11",
        "      write(*,'(3ES25.17E3, ES16.8E2, 1X, I0)') x(i)**n, w(i)**n, r(i)**n, n",
        "      write(*,'(I0, 1X, I0, 1X, I0)') k(i)**n, 2**n, (-1)**n",
        "    end do",
        "  end do",
        "  write(*,'(I0, 1X, I0, 1X, I0)') 2**(-1), 3**2, (-2)**3",
        "end program powers", ""]
    return "\n".join(lines)


@needs_gfortran
def test_integer_powers_are_gfortran_products(tmp_path: Path) -> None:
    source = program(np.random.default_rng())
    source = source.replace("k(i)**n", "k(i)**abs(n)")  # 0**(-n) divides by zero
    assert_same_stdout(tmp_path, source)


@needs_gfortran
def test_optimised_builds_differ_only_on_constant_exponents_past_four(tmp_path: Path) -> None:
    """gfortran -O1 and up expand a constant exponent into their own chain of products
    (x**5 as x**3 * x**2); the migrated code follows -O0 and libgcc (x * (x*x)**2). Both
    agree on |N| <= 4 and on variable exponents: the row of docs/DIFFERENCES.md."""
    rng = np.random.default_rng()
    x = rng.uniform(0.5, 2.0, 200)
    lines = ["program o2", "  implicit none", "  double precision :: x(200)",
             "  integer :: i, n"]
    lines += [f"  x({i + 1}) = {f64(v)}" for i, v in enumerate(x)]
    lines += ["  do i = 1, 200", "    n = 5 + int(x(i) - x(i))",  # not a constant to -O2
              "    write(*,'(4ES25.17E3)') x(i)**3, x(i)**4, x(i)**(-4), x(i)**n",
              "    write(*,'(ES25.17E3)') x(i)**5", "  end do", "end program o2", ""]
    source = "\n".join(lines)
    want = gfortran_stdout(tmp_path, source, flags=("-O2",)).splitlines()
    got = python_stdout(tmp_path, source).splitlines()
    assert want[0::2] == got[0::2]
    assert want[1::2] != got[1::2]  # x**5 at -O2: about a third of the inputs differ
