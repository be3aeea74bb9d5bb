"""The elemental intrinsics migrated code calls in the runtime, as gfortran computes them, on
fresh random data each run: CHARACTER ones (ADJUSTL/ADJUSTR, INDEX/SCAN/VERIFY with BACK=,
REPEAT, ACHAR/IACHAR, LGE/LGT/LLE/LLT, LEN of an array), bit ones on negative and positive integers of kinds
1, 2, 4 and 8 (BTEST, IBSET, IBCLR, ISHFT, ISHFTC with and without SIZE, IBITS, POPCNT,
POPPAR, LEADZ, TRAILZ, SHIFTR, NOT, MVBITS) also elementwise on arrays, the real model (NEAREST,
SPACING, RRSPACING, FRACTION, SET_EXPONENT, SCALE) of REAL and DOUBLE PRECISION, TRANSFER
between numeric types (scalar, with SIZE=, into an array mould), IEEE_ARITHMETIC's
inquiries and IEEE_VALUE, the numeric inquiry functions (DIGITS, RADIX, RANGE, PRECISION,
MAXEXPONENT, MINEXPONENT, BIT_SIZE) used in declarations too, and LBOUND/UBOUND."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran, wrapped
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

pytestmark = needs_gfortran


def _word(rng: np.random.Generator, n: int) -> str:
    return "".join(rng.choice(list("abcde xyz"), n))


def strings_program(rng: np.random.Generator) -> str:
    words = [_word(rng, int(rng.integers(1, 9))) for _ in range(4)]
    sets = [_word(rng, int(rng.integers(1, 4))) for _ in range(3)]
    lines = ["program strings", "  implicit none", "  character(len=10) :: w(4)",
             "  character(len=:), allocatable :: d", "  integer :: i",
             f"  w = [{', '.join(repr(x.ljust(10)) for x in words)}]".replace('"', "'"),
             "  do i = 1, 4",
             "    print '(5a)', '[', adjustl(w(i)), '|', adjustr(w(i)), ']'"]
    for s in sets:
        lines.append(f"    print *, index(w(i), '{s}'), index(w(i), '{s}', back=.true.), "
                     f"scan(w(i), '{s}'), scan(w(i), '{s}', .true.), verify(w(i), '{s}'), "
                     f"verify(w(i), '{s}', back=.true.)")
    lines += ["    print *, lge(w(i), w(1)), lgt(w(i), w(2)), lle(w(i), w(3)), llt(w(i), w(4))",
              "    print *, iachar(w(i)(1:1)), achar(iachar(w(i)(2:2)) + 1)",
              "  end do", f"  d = repeat(trim(w(1)), {int(rng.integers(0, 4))}) // '.'",
              "  print '(a, i0)', d, len(d)", "  print *, index(w, 'a'), scan(w, 'xy')",
              "  print '(4a)', adjustr(w)", "  print *, len(w), len(w(2:3)), size(w)",
              "end program strings", ""]
    return "\n".join(wrapped(line) for line in lines)


def bits_program(rng: np.random.Generator) -> str:
    lines = ["program bits", "  implicit none", "  integer(1) :: b", "  integer(2) :: h",
             "  integer :: i, a(5)", "  integer(8) :: k"]
    for kind, name, bits in ((1, "b", 8), (2, "h", 16), (4, "i", 32), (8, "k", 64)):
        v = int(rng.integers(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1, dtype=np.int64))
        p, s = int(rng.integers(0, bits)), int(rng.integers(-bits + 1, bits))
        size = int(rng.integers(1, bits + 1))
        shift = int(rng.integers(-size + 1, size))
        n = int(rng.integers(0, bits - p + 1))
        lines += [f"  {name} = {v}_{kind}" if v != -(2 ** (bits - 1)) else
                  f"  {name} = -huge({name}) - 1_{kind}",
                  f"  print *, btest({name}, {p}), ibset({name}, {p}), ibclr({name}, {p}), "
                  f"ishft({name}, {s}), not({name})",
                  f"  print *, ishftc({name}, {s}), ishftc({name}, {shift}, {size}), "
                  f"ibits({name}, {p}, {n})",
                  f"  print *, popcnt({name}), poppar({name}), leadz({name}), "
                  f"trailz({name}), shiftr({name}, {abs(s)}), bit_size({name})"]
    a = rng.integers(-1000, 1000, 5)
    frompos, length = int(rng.integers(0, 16)), int(rng.integers(0, 16))
    topos = int(rng.integers(0, 32 - length))
    lines += [f"  i = {int(rng.integers(-99999, 99999))}",
              f"  call mvbits({int(rng.integers(-99999, 99999))}, {frompos}, {length}, i, "
              f"{topos})", "  print *, i",
              f"  a = [{', '.join(str(int(v)) for v in a)}]",
              "  print *, ishft(a, 3), btest(a, 1), popcnt(a), leadz(a), ibits(a, 2, 4)",
              "end program bits", ""]
    return "\n".join(wrapped(line) for line in lines)


def model_program(rng: np.random.Generator) -> str:
    xs = [f"{v:.6e}".replace("e", "d") for v in rng.uniform(-1e6, 1e6, 3)] + [
        "0.0d0", "1.0d0", "-2.0d0"]
    lines = ["program model", "  use, intrinsic :: ieee_arithmetic", "  implicit none",
             "  integer, parameter :: dp = selected_real_kind(precision(1d0))",
             "  integer, parameter :: n = digits(1.0) + range(1_8)",
             "  real :: x, v(3)", "  real(dp) :: y, inf, z", "  integer :: i, m(2)",
             "  integer(8) :: k", f"  real :: w({int(rng.integers(1, 4))}:{n_up(rng)})"]
    for text in xs:
        e = int(rng.integers(-20, 20))
        lines += [f"  x = {text}", f"  y = {text}",
                  "  print *, nearest(x, 1.0), nearest(x, -1.0), spacing(x), rrspacing(x)",
                  f"  print *, fraction(x), set_exponent(x, {e}), scale(x, {e}), exponent(x)",
                  "  print *, nearest(y, -1d0), spacing(y), rrspacing(y), fraction(y), "
                  f"scale(y, {3 * e})",
                  "  print *, transfer(x, i), transfer(y, k), transfer(y, m), "
                  "transfer(transfer(y, k), 1d0) == y"]
    v = rng.uniform(-10, 10, 3)
    lines += [f"  v = [{', '.join(f'{t:.5f}' for t in v)}]",
              "  print *, transfer(v, 1_8, 1), transfer(v, [0]), spacing(v), fraction(v)",
              "  z = 0", "  inf = ieee_value(z, ieee_positive_inf)",
              "  print *, ieee_is_nan(inf - inf), ieee_is_finite(inf), ieee_is_finite(z), "
              "ieee_is_negative(-z), ieee_is_normal(tiny(z) / 4)",
              "  print *, ieee_class(-inf) == ieee_negative_inf, ieee_support_nan(z), "
              "ieee_copy_sign(2.5d0, -z)",
              "  print *, n, dp, digits(1), digits(1d0), radix(1.0), range(1.0), "
              "precision(1.0), maxexponent(1d0), minexponent(1.0), bit_size(1_8)",
              "  print *, lbound(w), ubound(w), lbound(v(2:)), ubound(w, 1)",
              "end program model", ""]
    return "\n".join(wrapped(line) for line in lines)


def n_up(rng: np.random.Generator) -> int:
    return int(rng.integers(4, 9))


@pytest.mark.parametrize("program", [strings_program, bits_program, model_program])
def test_runtime_intrinsics_match_gfortran(tmp_path: Path, program: object) -> None:
    rng = np.random.default_rng()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), program(rng))  # type: ignore[operator]


@pytest.mark.parametrize("body, words", [
    ("  real :: x\n  print *, btest(x, 1)", "BTEST of a real(4) argument is not supported"),
    ("  character(len=3) :: c\n  print *, transfer(c, 1)",
     "TRANSFER with a character SOURCE is not supported"),
])
def test_unsupported_arguments_are_refused_at_their_line(body: str, words: str) -> None:
    source = f"program p\n  implicit none\n{body}\nend program p\n"
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="p.f90")
    assert words in str(err.value)
    assert err.value.loc.line == 4
