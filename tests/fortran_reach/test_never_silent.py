"""Programs that ran and printed something else than gfortran's build, or died with a Python
error (a NameError, a broadcast ValueError) where gfortran ran: each now prints what gfortran
prints, or is refused when migrating, at the construct's location, naming it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError
from transpyle.migrate import migrate

pytestmark = needs_gfortran


def refused(source: str) -> TranspileError:
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="p.f90")
    assert err.value.loc.file == "p.f90"
    return err.value


@pytest.mark.parametrize(("call", "name"), [
    ("  i = lnblnk('abc  ')", "lnblnk"),                    # a GNU extension function
    ("  call flushall(i)", "flushall"),                     # a subroutine nobody defines
    ("  x = d1mach(1)", "d1mach"),                          # implicitly typed
])
def test_a_call_of_a_procedure_no_file_defines_is_refused_where_it_is_called(
        call: str, name: str) -> None:
    err = refused("\n".join(["program p", "  integer :: i", "  real(8) :: x", "  i = 1",
                             "  x = 2", call, "  print *, i, x", "end program", ""]))
    assert f"'{name}' is called, but no file of the program (in this directory) defines " \
        "it" in err.message
    assert err.loc.line == 6


def test_a_declared_external_no_file_defines_is_refused_in_a_program() -> None:
    err = refused("program p\n  real, external :: g\n  print *, g(2.0)\nend program\n")
    assert "'g' is called" in err.message and err.loc.line == 3


def test_dummy_procedures_and_procedure_pointers_are_not_undefined(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    x = float(rng.integers(1, 50)) / 4
    print("x =", x)
    assert_same_run(tmp_path, f"""module q
  implicit none
  abstract interface
    real(8) function fn(x)
      real(8), intent(in) :: x
    end function
  end interface
  procedure(fn), pointer :: h
contains
  real(8) function sq(x)
    real(8), intent(in) :: x
    sq = x * x
  end function
  real(8) function apply(f, x)
    procedure(fn) :: f
    real(8), intent(in) :: x
    apply = f(x) + 1
  end function
end module
program p
  use q
  implicit none
  procedure(fn), pointer :: g
  g => sq
  h => sq
  print *, g({x}d0), h({x}d0), apply(sq, {x}d0), apply(g, {x}d0)
end program
""")


def test_a_tree_resolves_procedures_across_files_and_refuses_the_missing(
        tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "main.f90").write_text("program p\n  integer :: k\n  k = 3\n  call twice(k)\n"
                                  "  print *, k\nend program\n")
    (src / "lib.f90").write_text("subroutine twice(k)\n  integer :: k\n  k = 2 * k\n"
                                 "  call note(k)\nend subroutine\n")
    results = migrate([str(src)], tmp_path / "out", progress=False)
    by_name = {Path(r.source).name: r for r in results}
    assert by_name["main.f90"].status == "migrated"
    assert by_name["lib.f90"].status == "failed"
    assert "lib.f90:4:" in by_name["lib.f90"].message and "'note' is called" in \
        by_name["lib.f90"].message
    (src / "note.f90").write_text("subroutine note(k)\n  integer :: k\n  print *, 'k', k\n"
                                  "end subroutine\n")
    results = migrate([str(src)], tmp_path / "out", progress=False)
    assert all(r.status == "migrated" for r in results), results
    run = subprocess.run([sys.executable, "main.py"], cwd=tmp_path / "out",
                         capture_output=True, timeout=60)
    assert run.stdout == b" k           6\n           6\n", run.stderr


def test_forall_and_do_concurrent_indices_are_construct_entities(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    i0, j0, n = (int(v) for v in rng.integers(-50, 50, 3))
    print("i0, j0, n =", i0, j0, n)
    m = abs(n) % 5 + 2
    assert_same_run(tmp_path, f"""program p
  implicit none
  integer :: i, j, a({m}, {m}), v({m})
  i = {i0}
  j = {j0}
  forall (i = 1:{m}, j = 1:{m}) a(i, j) = i * ({n}) + j
  print *, i, j, sum(a)
  forall (i = 1:{m})
    v(i) = i + ({n})
    a(i, i) = 0
  end forall
  print *, i, v, sum(a)
  do concurrent (j = 1:{m}, v(j) > ({n}) + 1)
    v(j) = -j
  end do
  print *, j, v
  call s(i, j)
  print *, i, j
contains
  subroutine s(i, j)
    integer :: i, j
    forall (i = {m}:1:-1, j = 1:2) a(i, j) = i - j
    print *, a(:, 1:2)
  end subroutine
end program
""")


def test_a_where_in_a_forall_whose_mask_reads_what_it_assigns_is_refused() -> None:
    err = refused("program p\n  integer :: a(3, 3), i\n  a = 1\n  forall (i = 1:3)\n"
                  "    where (a(i, :) == 0)\n      a(:, i) = i\n    end where\n  end forall\n"
                  "end program\n")
    assert "a WHERE in a FORALL whose mask" in err.message and "'a'" in err.message
    assert err.loc.line == 5


def test_a_where_in_a_forall_on_other_arrays_matches_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    vals = ", ".join(str(int(v)) for v in rng.integers(-3, 4, 9))
    print("values:", vals)
    assert_same_run(tmp_path, f"""program p
  integer :: a(3, 3), b(3, 3), i
  a = reshape([{vals}], [3, 3])
  b = 7
  forall (i = 1:3)
    where (a(i, :) > 0)
      b(i, :) = a(i, :) * i
    elsewhere
      b(i, :) = -i
    end where
  end forall
  print *, b
end program
""")


def test_direct_access_formatted_records_follow_slashes(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    v = [int(x) for x in rng.integers(-999, 9999, 6)]
    print("values:", v)
    assert_same_run(tmp_path, f"""program da
  integer :: j, a, b, c, ios
  open(unit=10, access='direct', form='formatted', recl=12, status='scratch')
  write(10, rec=1, fmt='(i4)') {v[0]}
  inquire(unit=10, nextrec=j)
  print *, j
  write(10, rec=2, fmt='(i4,/,i4)') {v[1]}, {v[2]}
  inquire(unit=10, nextrec=j)
  print *, j
  write(10, rec=5, fmt='(i5,/,i5,/,i5)') {v[3]}, {v[4]}, {v[5]}
  inquire(unit=10, nextrec=j)
  print *, j
  read(10, rec=2, fmt='(i4,/,i4)') a, b
  inquire(unit=10, nextrec=j)
  print *, a, b, j
  read(10, rec=5, fmt='(i5/i5,/,i5)') a, b, c
  inquire(unit=10, nextrec=j)
  print *, a, b, c, j
  b = 1
  read(10, rec=7, fmt='(i5,/,i5)', iostat=ios) a, b
  print *, ios, a, b
  read(10, rec=9, fmt='(i5)', iostat=ios) a
  print *, ios /= 0
end program
""")


def test_a_character_array_passed_to_a_dummy_of_another_length_is_refused() -> None:
    err = refused("program p\n  character(len=5) :: c(2)\n  c = ['Hello', 'World']\n"
                  "  call s(c(2:1:-1))\ncontains\n  subroutine s(a)\n"
                  "    character(len=2) :: a(5)\n    print *, a\n  end subroutine\n"
                  "end program\n")
    assert "CHARACTER(LEN=5) array passed to the CHARACTER(LEN=2) array dummy 'a'" in \
        err.message
    assert err.loc.line == 4


def test_selected_kinds_of_variables_and_keywords_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    p, r = (int(v) for v in rng.integers(1, 40, 2))
    q = int(rng.integers(300, 5000))
    print("p, r, q =", p, r, q)
    assert_same_run(tmp_path, f"""program p
  integer :: i, j, k
  integer, parameter :: dp = selected_real_kind(p={p} - {p} + 15)
  real(dp) :: x
  i = {p}
  j = {r}
  k = {q}
  x = 1
  print *, dp, kind(x), selected_real_kind({p}), selected_real_kind(r={r})
  print *, selected_real_kind(i), selected_real_kind(r=j), selected_real_kind(i, j)
  print *, selected_real_kind(p=i, r=k), selected_real_kind(r=k), selected_real_kind(40, k)
  print *, selected_real_kind(i, j), selected_real_kind(40), selected_real_kind(40, 5000)
  print *, selected_int_kind(i), selected_int_kind(j), selected_int_kind(r=k / 100)
end program
""")


def test_an_integer_power_of_a_variable_exponent_wraps_at_its_kind(tmp_path: Path) -> None:
    """libgfortran's pow_i4_i4 and pow_i8_i8 multiply in the kind (`2**n` is 0 at n = 32)."""
    rng = np.random.default_rng()
    base = int(rng.choice([2, 3, -3, 5, 7]))
    print("base:", base)
    assert_same_run(tmp_path, f"""program p
  integer :: n, b
  integer(8) :: b8
  b = {base}
  b8 = {base}
  do n = 28, 66, 2
    print *, n, b**n, b8**n
  end do
end program
""")


def test_a_section_passed_to_an_assumed_size_dummy_is_copied_in_and_out(
        tmp_path: Path) -> None:
    """gfortran passes a non-contiguous section to an explicit-shape or assumed-size dummy as a
    contiguous copy and copies it back after the call (the migrated Python raised ValueError:
    'storage association needs a contiguous array')."""
    rng = np.random.default_rng()
    lo, hi = sorted(int(v) for v in rng.integers(1, 6, 2))
    k = int(rng.integers(1, 4))
    print("lo, hi, k =", lo, hi, k)
    assert_same_run(tmp_path, f"""program p
  integer :: a(5, 4), i
  a = reshape([(i, i = 1, 20)], [5, 4])
  call twice(a({lo}:{hi}, :), {(hi - lo + 1) * 4})
  print *, a
  call twice(a(5:1:-{k}, 2:3), {len(range(5, 0, -k)) * 2})
  print *, a
  call firsts(a(:, {k}), 3)
  print *, a
  call firsts(a({lo}, :), 4)
  print *, a
contains
  subroutine twice(p, n)
    integer :: n, p(*)
    p(1:n) = 2 * p(1:n) + 1
  end subroutine
  subroutine firsts(q, m)
    integer :: m, q(m)
    q = -q
  end subroutine
end program
""")


def test_a_where_in_a_forall_on_a_component_reading_another_matches_gfortran(
        tmp_path: Path) -> None:
    rng = np.random.default_rng()
    sizes = ", ".join(str(int(v)) for v in rng.integers(0, 7, 4))
    vals = ", ".join(str(int(v)) for v in rng.integers(-9, 10, 24))
    print("sizes:", sizes, "values:", vals)
    assert_same_run(tmp_path, f"""program p
  type t
    integer :: s
    integer :: q(6)
  end type
  type(t) :: v(4)
  integer :: i, w(6, 4)
  w = reshape([{vals}], [6, 4])
  v%s = [{sizes}]
  do i = 1, 4
    v(i)%q = w(:, i)
  end do
  forall (i = 1:4, v(i)%s > 1)
    where (v(i)%q(1:v(i)%s) > 0)
      v(i)%q(1:v(i)%s) = v(i)%q(1:v(i)%s) * 10 + v(i)%s
    elsewhere
      v(i)%q(1:v(i)%s) = -v(i)%s
    end where
  end forall
  print *, (v(i)%q, i = 1, 4)
end program
""")


def test_gnu_names_of_log_gamma_match_gfortran(tmp_path: Path) -> None:
    """LGAMMA, ALGAMA and DLGAMA (GNU's names of LOG_GAMMA) were refused as untyped names."""
    rng = np.random.default_rng()
    xs = [float(v) for v in rng.uniform(-5, 30, 4)]
    print("x:", xs)
    lines = [f"  x = {x!r}\n  y = {x!r}d0\n  print *, lgamma(x), algama(x), lgamma(y), dlgama(y)"
             for x in xs]
    assert_same_run(tmp_path, "program p\n  real :: x\n  real(8) :: y\n" + "\n".join(lines)
                    + "\nend program\n")


def test_documented_difference_log_gamma_of_a_constant(tmp_path: Path) -> None:
    """docs/DIFFERENCES.md: gfortran folds LOG_GAMMA (and GAMMA) of a constant with MPFR; the
    migrated Python calls the C library at run time, as gfortran's code does for a variable."""
    from tests.fortran_reach.harness import gfortran_run, python_run

    source = ("program p\n  real(8) :: y\n  y = 2.8486d0\n"
              "  print *, log_gamma(2.8486d0)\n  print *, log_gamma(y)\nend program\n")
    want = gfortran_run(tmp_path, source).stdout.splitlines()
    got = python_run(tmp_path, source).stdout.splitlines()
    assert got[1] == want[1] and got[0] == want[1]  # the run-time value, twice
    assert want[0] != want[1]  # gfortran's folded constant is the correctly rounded one


def test_gnu_getarg_iargc_and_getenv_match_gfortran(tmp_path: Path) -> None:
    """GETARG, IARGC and GETENV (GNU's names of GET_COMMAND_ARGUMENT, COMMAND_ARGUMENT_COUNT
    and GET_ENVIRONMENT_VARIABLE) were NameErrors when the migrated program ran."""
    rng = np.random.default_rng()
    words = tuple("".join(rng.choice(list("abcxyz019"), int(rng.integers(1, 12))))
                  for _ in range(int(rng.integers(0, 4))))
    print("arguments:", words)
    assert_same_run(tmp_path, """program p
  character(len=6) :: a
  character(len=30) :: h
  integer :: i, n
  n = iargc()
  print *, n
  do i = 1, n + 1
    call getarg(i, a)
    print '(i2,1x,a,"|")', i, a
  end do
  call getenv('TP_TEST_VALUE', h)
  print '(a,"|")', h
  call getenv('TP_TEST_NOT_SET', h)
  print '(a,"|")', h
end program
""", args=words, env={"TP_TEST_VALUE": "-".join(words) or "none"})


def test_entry_in_a_function_matches_gfortran(tmp_path: Path) -> None:
    """ENTRY in functions (was refused): each entry's result variable (its name or RESULT) is
    the function's, an ENTRY before the first executable statement starts the body, and a
    caller's `type(t) :: f` types the function (it made a variable that hid it)."""
    rng = np.random.default_rng()
    a, b = (int(v) for v in rng.integers(-99, 99, 2))
    print("a, b =", a, b)
    assert_same_run(tmp_path, f"""module m
  type t
    integer :: i = 0
    real :: x(3) = 0
  end type
end module
function f1(a)
  integer a, b, f1, e1
  f1 = 15 + a
  return
  entry e1(b)
  e1 = 42 * b
  e1 = e1 - 1
end function
function f2(a) result(r)
  real(8) :: a, r, s
  entry e2(a) result(s)
  s = a / 3
end function
function g(i)
  use m
  type(t) :: g, h
  real :: x
  g%i = i
  return
  entry h(x)
  h%x = x
end function
program p
  use m
  integer :: f1, e1
  real(8) :: f2, e2
  type(t) :: g, h
  print *, f1({a}), e1({b}), f2({a}d0), e2({b}d0)
  print *, g({a}), h({b}.5)
end program
""")


def test_entry_results_of_other_types_are_refused() -> None:
    err = refused("integer function f(a)\n  integer a, b\n  real e\n  f = a\n  return\n"
                  "  entry e(b)\n  e = b\nend function\n")
    assert "ENTRY e: its result 'e' is not of the type of f's" in err.message


def test_cshift_and_eoshift_of_character_arrays_match_gfortran(tmp_path: Path) -> None:
    """CSHIFT and EOSHIFT of CHARACTER arrays (were refused); EOSHIFT's default BOUNDARY is
    blanks."""
    rng = np.random.default_rng()
    s1, s2, s3 = (int(v) for v in rng.integers(-5, 6, 3))
    print("shifts:", s1, s2, s3)
    assert_same_run(tmp_path, f"""program p
  character(len=3) :: a(2, 4), b(5)
  integer :: i, j
  do j = 1, 4
    do i = 1, 2
      a(i, j) = achar(96 + i) // achar(64 + j) // '.'
    end do
  end do
  b = ['one', 'two', 'thr', 'fou', 'fiv']
  print '(8a4)', cshift(a, {s1}, 2)
  print '(8a4)', cshift(a, {s2}, 1)
  print '(5a4)', cshift(b, {s3})
  print '(5a4,"|")', eoshift(b, {s1})
  print '(5a4,"|")', eoshift(b, {s2}, 'xyz')
  print '(8a4,"|")', eoshift(a, {s3}, dim=2)
  print '(8a4,"|")', eoshift(a, [{s1}, {s2}], 'zzz', 2)
end program
""")


def test_intent_and_value_statements_and_component_access_match_gfortran(
        tmp_path: Path) -> None:
    """INTENT and VALUE as statements, PRIVATE and PUBLIC components (were refused as
    unsupported declarations)."""
    rng = np.random.default_rng()
    i, j = (int(v) for v in rng.integers(-999, 999, 2))
    print("i, j =", i, j)
    assert_same_run(tmp_path, f"""module m
  implicit none
  type t
    integer, private :: hidden = 3
    real, public :: shown = 1.5
  end type
contains
  subroutine s(a, b, c, v)
    integer a, b, c, v
    intent(in) :: a
    intent(in out) b
    intent(out) :: c
    value :: v
    b = b + a
    c = a * v
    v = v + 100
    print *, a, b, c, v
  end subroutine
  integer function peek(x)
    type(t), intent(in) :: x
    peek = x%hidden
  end function
end module
program p
  use m
  implicit none
  integer :: a, b, c, v
  type(t) :: x
  a = {i}
  b = {j}
  v = 7
  call s(a, b, c, v)
  print *, a, b, c, v, peek(x), x%shown
end program
""")


def test_an_entry_before_the_first_executable_statement_matches_gfortran(
        tmp_path: Path) -> None:
    """fparser reads such an ENTRY among the declarations (it was refused there)."""
    k = int(np.random.default_rng().integers(-99, 99))
    print("k =", k)
    assert_same_run(tmp_path, f"""subroutine s(x)
  real :: x
  entry t(x)
  x = x + ({k})
end subroutine s
program p
  real :: y
  y = 1
  call s(y)
  call t(y)
  print *, y
end program
""")
