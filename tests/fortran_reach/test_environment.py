"""The intrinsic procedures of the environment as gfortran runs them. RANDOM_SEED(PUT=) with
fresh random seeds, then RANDOM_NUMBER on REAL(4) and REAL(8) scalars, arrays of rank 1 and
2, sections and array elements: gfortran's xoshiro256** stream, bit for bit (9 and 17 digits),
and RANDOM_SEED(GET=) of the state reached. SYSTEM_CLOCK (rate and max by kind, count in
range), CPU_TIME, DATE_AND_TIME (shapes, lengths, ranges), GET_COMMAND_ARGUMENT,
COMMAND_ARGUMENT_COUNT and GET_ENVIRONMENT_VARIABLE (values, lengths, statuses, a value
cut to a short variable) on fresh random words."""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np

from tests.fortran_reach.harness import assert_same_run, gfortran_run, needs_gfortran, python_run
from transpyle.compiler import compile_fortran

pytestmark = needs_gfortran


def word(rng: np.random.Generator, n: int) -> str:
    return "".join(rng.choice(list(string.ascii_letters + string.digits), n))


def random_program(rng: np.random.Generator) -> str:
    seed = rng.integers(-2**31, 2**31, 8)
    n, m = (int(v) for v in rng.integers(2, 6, 2))
    lo = int(rng.integers(1, n))
    return "\n".join([
        "program draws", "  implicit none", "  integer :: size_, s(8), g(9), i",
        f"  real :: x, a({n}, {m}), b(10)", f"  double precision :: d, e({n})",
        "  b = 0.0", "  e = 0d0",  # the elements no call fills: undefined otherwise
        "  call random_seed(size=size_)", "  print *, size_",
        f"  s = [{', '.join(str(v) for v in seed)}]", "  call random_seed(put=s)",
        "  call random_number(x)", "  call random_number(d)", "  call random_number(a)",
        f"  call random_number(e({lo}:{n}))", "  call random_number(b(3))",
        "  call random_number(harvest=b(5:9:2))",
        "  print *, x", "  print *, d", "  print *, a", "  print *, e",
        "  print '(5ES16.8E2)', b",
        "  g = -1", "  call random_seed(get=g)", "  print *, g",
        "  do i = 1, 3", "    call random_seed(put=g(1:8))", "    call random_number(x)",
        "    print *, x", "  end do", "  call random_seed()", "  call random_number(x)",
        "  print *, x >= 0.0 .and. x < 1.0", "end program draws", ""])


def test_random_numbers_follow_gfortran_stream(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), random_program(rng))


CLOCKS = "\n".join([
    "program clocks", "  implicit none", "  integer :: c, r, m, vals(8)",
    "  integer(8) :: c8, r8, m8", "  integer(2) :: c2", "  real :: rr, t0, t1",
    "  double precision :: dr, td", "  character(len=8) :: date", "  character(len=10) :: time",
    "  character(len=5) :: zone", "  character(len=12) :: long", "  integer :: k",
    "  call system_clock(c, r, m)", "  print *, r, m, c >= 0 .and. c <= m",
    "  call system_clock(c8, r8, m8)", "  print *, r8, m8, c8 >= 0 .and. c8 <= m8",
    "  call system_clock(count_rate=rr)", "  print *, rr", "  call system_clock(c8, rr)",
    "  print *, rr", "  call system_clock(c8, dr)", "  print *, dr",
    "  call system_clock(c8, r)", "  print *, r", "  call system_clock(count_max=m8)",
    "  print *, m8", "  call system_clock(c2, r, m)", "  print *, c2, r, m",
    "  call cpu_time(t0)", "  do k = 1, 100000", "    td = sqrt(dble(k))", "  end do",
    "  call cpu_time(t1)", "  call cpu_time(time=td)", "  print *, t0 >= 0.0, t1 >= t0, td > 0",
    "  call date_and_time(date, time, zone, vals)",
    "  print *, len_trim(date), len_trim(time), len_trim(zone), time(7:7)",
    "  print *, vals(1) >= 2024, vals(2) >= 1 .and. vals(2) <= 12, vals(3) >= 1, &",
    "    vals(5) >= 0 .and. vals(5) < 24, vals(8) >= 0 .and. vals(8) < 1000",
    "  call date_and_time(time=long)", "  print *, len_trim(long), long(11:12) == '  '",
    "  call date_and_time(values=vals)", "  print *, abs(vals(4)) <= 14 * 60",
    "end program clocks", ""])


def test_clocks_and_dates_as_gfortran(tmp_path: Path) -> None:
    assert_same_run(tmp_path, CLOCKS)


def command_program(rng: np.random.Generator, var: str) -> str:
    short = int(rng.integers(1, 4))
    return "\n".join([
        "program commands", "  implicit none", "  integer :: i, n, ln, st",
        f"  character(len=16) :: arg", f"  character(len={short}) :: cut",
        "  character(len=:), allocatable :: none_", "  n = command_argument_count()",
        "  print *, n", "  do i = 1, n + 1", "    call get_command_argument(i, arg, ln, st)",
        "    print *, '[', trim(arg), ']', ln, st", "    call get_command_argument(i, cut, st"
        "atus=st)", "    print *, '[', cut, ']', st",
        "    call get_command_argument(number=i, length=ln)", "    print *, ln", "  end do",
        "  call get_command_argument(-1, arg, ln, st)", "  print *, '[', trim(arg), ']', ln, st",
        f"  call get_environment_variable('{var}', arg, ln, st)",
        "  print *, '[', trim(arg), ']', ln, st",
        f"  call get_environment_variable('{var}', cut, status=st)", "  print *, cut, st",
        f"  call get_environment_variable('{var}_UNSET', arg, ln, st)",
        "  print *, '[', trim(arg), ']', ln, st",
        f"  call get_environment_variable(name='{var}  ', length=ln)", "  print *, ln",
        "end program commands", ""])


def test_command_line_and_environment_as_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    var = "REACH_" + word(rng, 6).upper()
    args = tuple(word(rng, int(rng.integers(1, 12))) for _ in range(int(rng.integers(0, 4))))
    source = command_program(rng, var).replace("  character(len=:), allocatable :: none_\n",
                                               "")
    assert_same_run(tmp_path, source, args=args, env={var: word(rng, 9)})


def test_random_seed_put_too_short_is_refused_at_its_line() -> None:
    source = "\n".join(["program p", "  integer :: s(8)", "  real :: x(2, 2)",
                        "  call random_seed(put=s, get=s)", "end program p", ""])
    try:
        compile_fortran(source, "python", filename="p.f90")
    except Exception as err:  # noqa: BLE001 - the message and location are checked
        assert "p.f90:4:" in str(err.loc) + ":" and "at most one argument" in str(err)
    else:
        raise AssertionError("not refused")


def test_documented_difference_argument_zero_is_the_script(tmp_path: Path) -> None:
    """GET_COMMAND_ARGUMENT(0) is the command that runs the program: the executable's path
    for gfortran's build, the script's for the migrated program (sys.argv[0])."""
    source = "\n".join(["program zero", "  character(len=200) :: cmd", "  integer :: n",
                        "  call get_command_argument(0, cmd, n)", "  print '(A)', trim(cmd)",
                        "end program zero", ""])
    want = gfortran_run(tmp_path, source)
    got = python_run(tmp_path, source)
    assert want.stdout.strip().endswith(b"prog.f90.exe")
    assert got.stdout.strip() == b"prog_py.py"
