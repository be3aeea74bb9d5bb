"""Fortran procedures as gfortran runs them, on fresh random data: OPTIONAL arguments and
PRESENT (scalars in, out and inout, arrays, keyword calls in any order, one left out before
one passed, an absent argument passed on), internal procedures that read and change their
host's variables (scalars, arrays, an allocatable the internal procedure allocates, the
host's DO variable, a recursive internal procedure), generic interfaces resolved by type,
kind and rank, operator and assignment interfaces, abstract interfaces with procedure
pointers and PROCEDURE() dummies, dummy procedures passed on. Refusals are located."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

pytestmark = needs_gfortran


def reals(rng: np.random.Generator, n: int) -> str:
    return ", ".join(f"{v:.3f}d0" for v in rng.uniform(-9, 9, n))


def ints(rng: np.random.Generator, n: int, lo: int = -40, hi: int = 40) -> str:
    return ", ".join(str(int(v)) for v in rng.integers(lo, hi, n))


def run_twice(tmp_path: Path, make: object, rng: np.random.Generator) -> None:
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), make(rng))  # type: ignore[operator]


def optional_program(rng: np.random.Generator) -> str:
    n = int(rng.integers(3, 7))
    a, b, c = (int(v) for v in rng.integers(-9, 9, 3))
    f, g = (float(v) for v in rng.uniform(-3, 3, 2))
    return "\n".join([
        "module ops", "  implicit none", "contains",
        "  subroutine scale(v, n, factor, shift, total, count)",
        "    integer, intent(in) :: n", "    real(8), intent(inout) :: v(n)",
        "    real(8), intent(in), optional :: factor", "    integer, intent(in), optional :: shift",
        "    real(8), intent(out), optional :: total",
        "    integer, intent(inout), optional :: count", "    real(8) :: f", "    f = 2d0",
        "    if (present(factor)) f = factor", "    v = v * f",
        "    if (present(shift)) v = v + shift", "    if (present(total)) total = sum(v)",
        "    if (present(count)) count = count + n", "    call report(n, shift)",
        "  end subroutine",
        "  subroutine report(n, shift)", "    integer, intent(in) :: n",
        "    integer, intent(in), optional :: shift",
        "    if (present(shift)) then", "      print *, 'report', n, shift", "    else",
        "      print *, 'report', n, 'no shift'", "    end if", "  end subroutine",
        "  integer function pick(a, b, c)", "    integer, intent(in) :: a",
        "    integer, intent(in), optional :: b, c", "    pick = a",
        "    if (present(b)) pick = pick + 10 * b", "    if (present(c)) pick = pick + 100 * c",
        "  end function",
        "  real(8) function norm(x, w)", "    real(8), intent(in) :: x(:)",
        "    real(8), intent(in), optional :: w(:)",
        "    if (present(w)) then", "      norm = sum(x * w)", "    else",
        "      norm = sum(x)", "    end if", "  end function",
        "  subroutine flags(k, lo, hi)", "    integer, intent(in) :: k",
        "    integer, optional :: lo, hi", "    optional :: k", "    if (present(k)) then",
        "      if (present(lo)) lo = min(lo, k)", "      if (present(hi)) hi = max(hi, k)",
        "    end if", "  end subroutine",
        "end module",
        "program p", "  use ops", "  implicit none", f"  real(8) :: v({n}), t",
        "  integer :: c, lo, hi, i", f"  v = [{reals(rng, n)}]", f"  c = {c}",
        f"  call scale(v, {n})", "  print *, v",
        f"  call scale(v, {n}, shift={a}, total=t)", "  print *, v, t",
        f"  call scale(v, {n}, {f:.3f}d0, count=c)", "  print *, v, c",
        f"  call scale(n={n}, v=v, count=c, factor={g:.3f}d0, shift={b}, total=t)",
        "  print *, v, c, t",
        f"  print *, pick({a}), pick({a}, {b}), pick({a}, c={c}), pick(c={b}, a={c}, b={a})",
        "  print *, norm(v), norm(v, w=v), norm(x=v(2:3))",
        f"  lo = {c}", f"  hi = {c}", f"  do i = 1, {n}", "    call flags(int(v(i)), lo, hi)",
        "    call flags(hi=hi, k=i * 3 - 7)", "    call flags(lo=lo)", "  end do",
        "  print *, lo, hi", "end program", ""])


def test_optional_arguments_match_gfortran(tmp_path: Path) -> None:
    run_twice(tmp_path, optional_program, np.random.default_rng())


def internal_program(rng: np.random.Generator) -> str:
    n = int(rng.integers(3, 7))
    k = int(rng.integers(2, 6))
    return "\n".join([
        "module hm", "  implicit none", "contains",
        "  subroutine outer(a, n, s)", "    integer, intent(in) :: n",
        "    real(8), intent(inout) :: a(n)", "    real(8), intent(out) :: s",
        "    integer :: i, calls", "    real(8), allocatable :: w(:)", "    calls = 0",
        "    s = 0", "    do i = 1, n", "      call bump(i)", "    end do", "    call fill()",
        "    print *, a, s, calls, i, size(w), w", f"    print *, twice({k}), helper({k})",
        "  contains",
        "    subroutine bump(j)", "      integer, intent(in) :: j",
        "      a(j) = a(j) * j + s", "      s = s + a(j)", "      calls = calls + 1",
        "    end subroutine",
        "    subroutine fill()", "      integer :: j", "      allocate(w(n + 1))",
        "      do j = 1, n + 1", "        w(j) = j * 0.5d0 + a(min(j, n))", "      end do",
        f"      do i = 1, {k}", "        s = s - 1", "      end do", "    end subroutine",
        "    integer function twice(m)", "      integer, intent(in) :: m",
        "      twice = 2 * m + calls + i", "    end function",
        "    integer function helper(m)", "      integer, intent(in) :: m",
        "      helper = m * m", "    end function",
        "  end subroutine", "end module",
        "program p", "  use hm", "  implicit none", f"  real(8) :: a({n}), s",
        "  integer :: r, t(3)", f"  a = [{reals(rng, n)}]", f"  call outer(a, {n}, s)",
        "  print *, a, s", "  r = 0", f"  t = [{ints(rng, 3)}]", f"  call rec({k})",
        "  print *, r, t", "contains",
        "  recursive subroutine rec(m)", "    integer, intent(in) :: m",
        "    r = r + m * t(mod(m, 3) + 1)", "    t(1) = t(1) + 1",
        "    if (m > 0) call rec(m - 1)", "  end subroutine", "end program", ""])


def test_internal_procedures_see_their_host_as_gfortran(tmp_path: Path) -> None:
    run_twice(tmp_path, internal_program, np.random.default_rng())


def migrate(lines: list[str]) -> str:
    return compile_fortran("\n".join([*lines, ""]), "python", filename="p.f90")


def refused(lines: list[str]) -> TranspileError:
    with pytest.raises(TranspileError) as err:
        migrate(lines)
    assert err.value.loc.file == "p.f90"
    return err.value


def test_a_missing_argument_is_located() -> None:
    err = refused(["program p", "  implicit none", "  call s(b=1)", "contains",
                   "  subroutine s(a, b)", "    integer :: a", "    integer, optional :: b",
                   "  end subroutine", "end program"])
    assert "do not fit s(a, b)" in str(err) and err.loc.line == 3


def test_present_of_a_dummy_that_is_not_optional_is_located() -> None:
    err = refused(["subroutine s(a)", "  integer :: a", "  if (present(a)) a = 1",
                   "end subroutine"])
    assert "OPTIONAL" in str(err) and err.loc.line == 3


def test_two_internal_procedures_of_one_name_are_refused() -> None:
    err = refused(["subroutine s", "  call t", "contains", "  subroutine t", "  end subroutine",
                   "end subroutine", "subroutine u", "  call t", "contains",
                   "  subroutine t", "  end subroutine", "end subroutine"])
    assert "named t" in str(err) and err.loc.line == 10
