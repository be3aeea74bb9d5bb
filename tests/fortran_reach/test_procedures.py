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
    err = refused(["subroutine s", "  call t", "contains", "  subroutine t", "  end subroutine",
                   "end subroutine", "subroutine t", "end subroutine"])  # external after
    assert "named t" in str(err) and err.loc.line == 7


GENERIC_MODULE = Path(__file__).with_name("generic_module.f90")


def generic_program(rng: np.random.Generator) -> str:
    """INTERFACE name / OPERATOR(+, *, ==, .dot., .neg.) / ASSIGNMENT(=) over a derived type,
    each resolved to its specific procedure by the types, kinds and ranks of the actuals."""
    x1, y1, x2, y2, s = (f"{v:.3f}d0" for v in rng.uniform(-9, 9, 5))
    k = int(rng.integers(-5, 6))
    r = f"{float(rng.uniform(-9, 9)):.3f}"
    return GENERIC_MODULE.read_text() + "\n".join([
        "program p", "  use shapes", "  implicit none", "  type(vec) :: a, b, c",
        "  type(counter) :: t", "  integer :: i", f"  a = vec({x1}, {y1})",
        f"  b = vec({x2}, {y2})", f"  call show({k})", f"  call show({r})",
        f"  call show({s})", f"  call show({s}, 'lab')", f"  call show(label='kw', x={s})",
        f"  call show([{ints(rng, 3)}])", f"  c = a + b * ({k}) + ({s}) * a", "  call show(c)",
        "  call show(.neg. c + a)",
        "  print *, a .dot. b, (a + b) .dot. c, a == b, a == a, .neg. a == a",
        f"  do i = 1, {abs(k) + 2}", "    t = i", "  end do", "  t = c", "  print *, t%n",
        "end program", ""])


def test_generic_and_operator_interfaces_match_gfortran(tmp_path: Path) -> None:
    run_twice(tmp_path, generic_program, np.random.default_rng())


def pointer_program(rng: np.random.Generator) -> str:
    """ABSTRACT INTERFACE, PROCEDURE(iface) dummies (one OPTIONAL), procedure pointers
    rebound in a loop, EXTERNAL dummy procedures passed on under IMPLICIT NONE."""
    v = reals(rng, 4)
    x, y = (f"{t:.3f}d0" for t in rng.uniform(-3, 3, 2))
    m = int(rng.integers(2, 4))
    return "\n".join([
        "module q", "  implicit none", "  abstract interface",
        "    real(8) function fn(x)", "      real(8), intent(in) :: x", "    end function",
        "    subroutine act(v, n)", "      integer, intent(in) :: n",
        "      real(8), intent(inout) :: v(n)", "    end subroutine", "  end interface",
        "contains",
        "  real(8) function sq(x)", "    real(8), intent(in) :: x", "    sq = x*x",
        "  end function",
        "  real(8) function cube(x)", "    real(8), intent(in) :: x", "    cube = x*x*x",
        "  end function",
        "  subroutine twice(v, n)", "    integer, intent(in) :: n",
        "    real(8), intent(inout) :: v(n)", "    v = 2 * v + 1", "  end subroutine",
        "  real(8) function apply(f, x, g)", "    procedure(fn) :: f",
        "    real(8), intent(in) :: x", "    procedure(fn), optional :: g",
        "    apply = f(x)", "    if (present(g)) apply = apply + g(x)", "  end function",
        "  subroutine each(a, v, n)", "    procedure(act) :: a", "    integer, intent(in) :: n",
        "    real(8), intent(inout) :: v(n)", "    call a(v, n)", "  end subroutine",
        "  real(8) function integ(f, a, b, n)", "    external f", "    real(8) :: f",
        "    real(8), intent(in) :: a, b", "    integer, intent(in) :: n", "    integer :: i",
        "    integ = 0", "    do i = 1, n",
        "      integ = integ + f(a + (i - 0.5d0) * (b - a) / n) * (b - a) / n", "    end do",
        "  end function",
        "  real(8) function passon(f, a, b)", "    external f", "    real(8) :: f",
        "    real(8), intent(in) :: a, b", f"    passon = integ(f, a, b, {m * 3})",
        "  end function",
        "end module",
        "program p", "  use q", "  implicit none", "  procedure(fn), pointer :: g",
        "  procedure(act), pointer :: h", "  real(8) :: v(4)", "  integer :: i",
        f"  v = [{v}]", "  g => sq",
        f"  print *, g({x}), apply(cube, {y}), apply(g, {x}, cube)", "  do i = 1, 4",
        f"    if (mod(i, {m}) == 0) then", "      g => cube", "    else", "      g => sq",
        "    end if", "    print *, i, g(v(i)), apply(g, v(i), g)", "  end do", "  h => twice",
        "  call h(v, 4)", "  call each(twice, v, 4)", "  call each(h, v(2:3), 2)",
        "  print *, v", f"  print *, passon(cube, {x}, {y}), passon(g, 0d0, 1d0)",
        "end program", ""])


def test_procedure_pointers_and_dummies_match_gfortran(tmp_path: Path) -> None:
    run_twice(tmp_path, pointer_program, np.random.default_rng())


@pytest.mark.parametrize(("lines", "message", "line"), [
    (["call show(1)"], "no specific procedure of generic show takes (integer(4))", 5),
    (["print *, v .dot. 2"], "OPERATOR(.dot.) takes", 5),
    (["procedure(nothing), pointer :: f", "print *, v"], "PROCEDURE(nothing)", 5),
    (["procedure(fn), pointer :: f", "f => null()"], "NULL()", 6),
    (["v => w"], "v is not a POINTER", 5),
])
def test_interface_refusals_are_located(lines: list[str], message: str, line: int) -> None:
    module = ["module m", "  implicit none", "  abstract interface",
              "    real(8) function fn(x)", "      real(8) :: x", "    end function",
              "  end interface", "  interface show", "    module procedure show_r",
              "  end interface", "  interface operator(.dot.)", "    module procedure dotr",
              "  end interface", "contains",
              "  subroutine show_r(x)", "    real(8) :: x", "  end subroutine",
              "  real(8) function dotr(a, b)", "    real(8), intent(in) :: a, b",
              "    dotr = a * b", "  end function", "end module"]
    body = ["program p", "  use m", "  implicit none", "  real(8) :: v, w"]
    head = len(module)
    with pytest.raises(TranspileError) as err:
        migrate([*module, *body[:3], *(["  real(8), target :: v, w"] if "=>" in lines[0]
                                        else [body[3]]), *("  " + x for x in lines),
                 "end program"])
    assert message in str(err.value)
    assert err.value.loc.line == head + line


def passed_on_program(rng: np.random.Generator) -> str:
    """EXTERNAL dummy subroutines (MINPACK's FCN pattern) that change scalar arguments, called
    directly and through a dummy passed on twice, in fixed form with IMPLICIT NONE."""
    x = reals(rng, 3)
    limit = int(rng.integers(2, 9))
    return "\n".join([
        "      subroutine fcn(n, x, f, iflag)", "      implicit none",
        "      integer n, iflag, i", "      double precision x(n), f",
        "      f = 0", "      do 10 i = 1, n", "        f = f + x(i) * i",
        "   10 continue", "      iflag = iflag + 1", f"      if (f .gt. {limit}) iflag = -iflag",
        "      end",
        "      subroutine solve(fcn, n, x, f, iflag)", "      implicit none", "      external fcn",
        "      integer n, iflag", "      double precision x(n), f",
        "      call fcn(n, x, f, iflag)", "      x(1) = x(1) + f / 2", "      end",
        "      subroutine driver(g, n, x, f, info)", "      implicit none", "      external g",
        "      integer n, info, k", "      double precision x(n), f",
        "      info = 0", "      do 20 k = 1, 4", "        call solve(g, n, x, f, info)",
        "        if (info .lt. 0) return", "   20 continue", "      end",
        "      program p", "      implicit none", "      external fcn",
        "      double precision x(3), f", "      integer info",
        f"      data x /{x.replace('d0', 'd0')}/", "      call driver(fcn, 3, x, f, info)",
        "      print *, x, f, info", "      end", ""])


def test_dummy_procedures_passed_on_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), passed_on_program(rng), name="prog.f")


def test_a_dummy_procedure_no_file_passes_is_refused_where_it_is_called() -> None:
    err = refused(["subroutine solve(fcn, x, iflag)", "  implicit none", "  external fcn",
                   "  double precision x", "  integer iflag", "  call fcn(x, iflag)",
                   "end subroutine"])
    assert "which scalar arguments it changes is not known" in str(err) and err.loc.line == 6


def test_recursive_on_a_continued_header_matches_gfortran(tmp_path: Path) -> None:
    """RECURSIVE alone on a fixed-form line, the rest of the header continued (fparser joins
    the lines without a blank), and a free-form header continued after RECURSIVE."""
    rng = np.random.default_rng()
    n, m = (int(v) for v in rng.integers(2, 8, 2))
    fixed = "\n".join([
        "      RECURSIVE", "     &INTEGER FUNCTION FACT(N) RESULT(R)", "      INTEGER N",
        "      IF (N .LE. 1) THEN", "        R = 1", "      ELSE", "        R = N * FACT(N - 1)",
        "      END IF", "      END", "      PURE RECURSIVE", "C     a comment between",
        "     &  SUBROUTINE HANOI(N, MOVES)", "      INTEGER, INTENT(IN) :: N",
        "      INTEGER, INTENT(INOUT) :: MOVES", "      IF (N .EQ. 0) RETURN",
        "      CALL HANOI(N - 1, MOVES)", "      MOVES = MOVES + 1",
        "      CALL HANOI(N - 1, MOVES)", "      END", "      PROGRAM P", "      INTEGER FACT, M",
        "      EXTERNAL FACT", "      M = 0", f"      CALL HANOI({n}, M)",
        f"      PRINT *, FACT({m}), M", "      END", ""])
    (tmp_path / "f").mkdir()
    assert_same_run(tmp_path / "f", fixed, name="prog.f")
    free = "\n".join([
        "module r", "contains", "  recursive &", "  integer function fib(n) result(f)",
        "    integer, intent(in) :: n", "    if (n < 2) then", "      f = n", "    else",
        "      f = fib(n - 1) + fib(n - 2)", "    end if", "  end function", "end module",
        "program p", "  use r", f"  print *, fib({n + m})", "end program", ""])
    (tmp_path / "g").mkdir()
    assert_same_run(tmp_path / "g", free)


EDGES = sorted((Path(__file__).parent / "procedure_edges").glob("*.f90"))


@pytest.mark.parametrize("case", EDGES, ids=lambda p: p.stem)
def test_procedure_edges_match_gfortran(tmp_path: Path, case: Path) -> None:
    """An internal procedure of a function using its host's result variable, SAVE variable and
    module variable, one passed as an argument through an interface body; a host's
    explicit-shape dummy array seen by an internal procedure; an OPTIONAL explicit-shape array
    (a storage view when present) passed on absent and present; a generic name over interface
    bodies of external functions."""
    a, b = (int(v) for v in np.random.default_rng().integers(-9, 9, 2))
    assert_same_run(tmp_path, case.read_text().replace("{a}", str(a)).replace("{b}", str(b)))


def test_a_dummy_procedure_bound_in_another_file_of_the_tree(tmp_path: Path) -> None:
    """The solver in one file, the program passing FCN in another: `migrate` of the tree
    finds the binding (the solver alone is refused where it calls FCN)."""
    import subprocess
    import sys

    from tests.fortran_reach.harness import gfortran_run
    from transpyle.migrate import migrate as migrate_tree

    text = passed_on_program(np.random.default_rng())
    want = gfortran_run(tmp_path, text, name="all.f")
    cut = text.index("      program p")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.f").write_text(text[:cut])
    (tmp_path / "src" / "main.f").write_text(text[cut:])
    results = migrate_tree([str(tmp_path / "src")], tmp_path / "py", progress=False)
    assert [r.status for r in results] == ["migrated", "migrated"]
    run = subprocess.run([sys.executable, "main.py"], cwd=tmp_path / "py", capture_output=True,
                         env={"PYTHONPATH": str(Path(__file__).parents[2])}, timeout=120)
    assert run.stdout == want.stdout and run.returncode == 0, run.stderr
    with pytest.raises(TranspileError, match="which scalar arguments it changes"):
        compile_fortran(text[:cut], "python", filename="lib.f")


def test_generic_interfaces_of_a_module_in_another_file(tmp_path: Path) -> None:
    """`migrate` of a tree: the generic names and operators a module of one file declares
    resolve in the program of another that USEs it."""
    import subprocess
    import sys

    from tests.fortran_reach.harness import gfortran_run
    from transpyle.migrate import migrate as migrate_tree

    text = generic_program(np.random.default_rng())
    want = gfortran_run(tmp_path, text, name="all.f90")
    cut = text.index("program p")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "shapes.f90").write_text(text[:cut])
    (tmp_path / "src" / "main.f90").write_text(text[cut:])
    results = migrate_tree([str(tmp_path / "src")], tmp_path / "py", progress=False)
    assert [r.status for r in results] == ["migrated", "migrated"], results
    run = subprocess.run([sys.executable, "main.py"], cwd=tmp_path / "py", capture_output=True,
                         env={"PYTHONPATH": str(Path(__file__).parents[2])}, timeout=120)
    assert run.stdout == want.stdout and run.returncode == 0, run.stderr


def test_entry_points_match_gfortran(tmp_path: Path) -> None:
    """A subroutine with ENTRY points of other dummies (a SAVE state they share, one falling
    through into the next, one without dummies): one master procedure, a wrapper per entry."""
    rng = np.random.default_rng()
    text = Path(__file__).with_name("procedure_entries.f").read_text()
    values = {"x": ", ".join(f"{v:.2f}D0" for v in rng.uniform(-9, 9, 3)),
              "b": f"{float(rng.uniform(-2, 2)):.2f}", "s": f"{float(rng.uniform(-2, 2)):.2f}",
              "k": str(int(rng.integers(-5, 5)))}
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    assert_same_run(tmp_path, text, name="prog.f")


def test_entry_of_another_result_type_in_a_function_is_refused_where_it_is() -> None:
    err = refused(["real function f(x)", "  real :: x", "  integer :: g", "  f = x",
                   "  return", "  entry g(x)", "  g = 2 * x", "end function"])
    assert "ENTRY g: its result 'g' is not of the type of f's" in str(err)
    assert err.loc.line == 6


def test_documented_difference_a_function_no_file_passes_raises_type_error(
        tmp_path: Path) -> None:
    """The library in one directory, the program that passes F in another: the call F(X) in
    the library does not know that F changes X, and F's (value, x) tuple raises TypeError
    where the value is used (docs/DIFFERENCES.md)."""
    import subprocess
    import sys

    from tests.fortran_reach.harness import gfortran_run
    from transpyle.migrate import migrate as migrate_tree

    k = int(np.random.default_rng().integers(2, 9))
    lib = ["      double precision function apply(f, x)", "      implicit none",
           "      double precision f, x", "      external f", "      apply = f(x) + x", "      end"]
    main = ["      double precision function bump(x)", "      implicit none",
            "      double precision x", f"      x = x + {k}", "      bump = 2 * x", "      end",
            "      program p", "      implicit none", "      double precision apply, bump, x",
            "      external bump", "      x = 1", "      print *, apply(bump, x)", "      end"]
    want = gfortran_run(tmp_path, "\n".join([*lib, *main, ""]), name="all.f")
    assert float(want.stdout) == 2 * (1 + k) + 1 + k  # gfortran: the change to x is seen
    # a library (no PROGRAM: a call of another directory's procedure is not refused), whose
    # function run() does what the program does
    drv = [*main[:6], "      double precision function run()", *main[7:11],
           "      run = apply(bump, x)", "      end"]
    for d, lines in (("lib", lib), ("drv", drv)):
        (tmp_path / "src" / d).mkdir(parents=True)
        (tmp_path / "src" / d / f"{d}.f").write_text("\n".join([*lines, ""]))
    results = migrate_tree([str(tmp_path / "src")], tmp_path / "py", progress=False)
    assert [r.status for r in results] == ["migrated", "migrated"], results
    (tmp_path / "py" / "drv" / "lib.py").write_text((tmp_path / "py" / "lib" / "lib.py")
                                                    .read_text())
    out = tmp_path / "py" / "drv" / "drv.py"  # another directory's procedures: not imported
    out.write_text(out.read_text().replace("\n\n", "\n\nfrom lib import apply\n", 1)
                   + "\nprint(run())\n")
    run = subprocess.run([sys.executable, "drv.py"], cwd=tmp_path / "py" / "drv",
                         capture_output=True, timeout=120,
                         env={"PYTHONPATH": str(Path(__file__).parents[2])})
    assert run.returncode == 1 and b"TypeError" in run.stderr  # (value, x) came back


def test_integer_times_a_real_literal_is_real4_as_gfortran(tmp_path: Path) -> None:
    """`n * 0.1` with n INTEGER is REAL(4) arithmetic (Python's int * float is a double): in a
    function result, in an internal procedure of the host's integer, in output."""
    rng = np.random.default_rng()
    n, m = (int(v) for v in rng.integers(-10**6, 10**6, 2))
    source = "\n".join([
        "program p", "  implicit none", "  integer :: n", f"  n = {n}",
        "  print *, g(n), n * 0.1, 3 * 1.7 + n, h()", "contains",
        "  real function g(k)", "    integer, intent(in) :: k", f"    g = k / 3.3 - ({m})",
        "  end function", "  real function h()", "    h = n * 2.1", "  end function",
        "end program", ""])
    assert_same_run(tmp_path, source)


def test_host_association_is_refused_in_fortran_output() -> None:
    """`compile --to fortran` writes procedures flat: an internal procedure that uses its host's
    variables is refused at its header (one that uses none is written as it is)."""
    lines = ["program p", "  integer :: t", "  t = 1", "  call add(2)", "contains",
             "  subroutine add(k)", "    integer :: k", "    t = t + k", "  end subroutine",
             "end program", ""]
    with pytest.raises(TranspileError) as err:
        compile_fortran("\n".join(lines), "fortran", filename="p.f90")
    assert "host association" in str(err.value) and err.value.loc.line == 6
    lines[7] = "    k = k + 1"
    assert "subroutine add(k)" in compile_fortran("\n".join(lines), "fortran", filename="p.f90")


def test_a_dummy_named_like_a_procedure_of_the_file(tmp_path: Path) -> None:
    """`call fcn(x, y)` with FCN a dummy, in a file that also defines a subroutine FCN of
    other arguments: the call is through the dummy (the procedure bound to it changes Y)."""
    a, b = (f"{v:.3f}d0" for v in np.random.default_rng().uniform(-9, 9, 2))
    source = "\n".join([
        "subroutine fcn(a, b, c)", "  real(8) :: a, b, c", "  c = a + b", "end subroutine",
        "subroutine solve(fcn, x, y)", "  implicit none", "  external fcn", "  real(8) :: x, y",
        "  call fcn(x, y)", "end subroutine",
        "subroutine two(x, y)", "  real(8) :: x, y", "  y = 2 * x", "end subroutine",
        "program p", "  implicit none", "  external two", "  real(8) :: y, c",
        f"  call solve(two, {a}, y)", f"  call fcn({a}, {b}, c)", "  print *, y, c",
        "end program", ""])
    assert_same_run(tmp_path, source)
