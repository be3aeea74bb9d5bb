"""Every intrinsic result keeps its Fortran kind, and its value: one program calls each
intrinsic of transpyle/ir/intrinsics.py on integer(4), integer(8), real(4), real(8),
complex(4) and complex(8) arguments (scalars and whole arrays) and prints the results
list-directed, which shows the kind (12 or 21 columns for integers, 9 or 17 digits for
reals). Fresh random inputs each run; the migrated program must print gfortran's bytes.
REAL(16) (IEEE quad) and REAL(10) are refused at their location."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.migrate_semantics.harness import ROOT, assert_same_stdout, f32, f64, needs_gfortran

N = 7
# name -> the array holding the arguments' domain
REAL_1 = {"sqrt": "p", "exp": "s", "log": "p", "log10": "p", "sin": "s", "cos": "s",
          "tan": "u", "asin": "u", "acos": "u", "atan": "s", "sinh": "u", "cosh": "u",
          "tanh": "s", "asinh": "s", "acosh": "g", "atanh": "u", "erf": "s", "erfc": "s",
          "gamma": "p", "log_gamma": "p", "aint": "s", "anint": "s", "abs": "s",
          "epsilon": "s", "huge": "s", "tiny": "s", "exponent": "s"}
COMPLEX_1 = ("sqrt", "exp", "log", "sin", "cos", "abs", "real", "aimag", "conjg")
NUMERIC_2 = ("min({a}, {b})", "max({a}, {b})", "max({a}, {b}, {a})", "sign({a}, {b})",
             "dim({a}, {b})", "mod({a}, {b})", "modulo({a}, {b})", "merge({a}, {b}, {a} > {b})",
             "abs({a})")
REAL_2 = ("atan2({a}, {b})", "hypot({a}, {b})")
TO_INTEGER = ("floor({a})", "ceiling({a})", "nint({a})", "floor({a}, 8)", "nint({a}, kind=8)",
              "int({a})", "int({a}, 8)")
REDUCE = ("sum({a})", "product({a})", "maxval({a})", "minval({a})", "dot_product({a}, {a})",
          "size({a})", "size({a}, kind=8)", "count({a} > 0)", "any({a} > 0)", "all({a} > 0)")


def values(rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {"p": rng.uniform(0.1, 10.0, N), "s": rng.uniform(-10.0, 10.0, N),
            "u": rng.uniform(-0.9, 0.9, N), "g": rng.uniform(1.1, 10.0, N),
            "k": rng.integers(-10**6, 10**6, N), "m": rng.integers(1, 1000, N),
            "small": rng.integers(-9, 10, N)}


def declarations(v: dict[str, np.ndarray]) -> list[str]:
    lines = ["  implicit none", "  integer :: i"]
    for a in "psug":
        lines += [f"  real :: {a}4({N}), x{a}4", f"  real(8) :: {a}8({N}), x{a}8"]
    lines += [f"  integer :: k4({N}), m4({N}), xk4, xm4",
              f"  integer(8) :: k8({N}), m8({N}), xk8, xm8",
              f"  integer :: n4({N})", f"  integer(8) :: n8({N})",
              f"  complex :: z4({N}), xz4", f"  complex(8) :: z8({N}), xz8",
              "  character(len=9) :: word"]
    for i in range(N):
        for a in "psug":
            lines += [f"  {a}4({i + 1}) = {f32(v[a][i])}", f"  {a}8({i + 1}) = {f64(v[a][i])}"]
        lines += [f"  k4({i + 1}) = {v['k'][i]}", f"  m4({i + 1}) = {v['m'][i]}",
                  f"  k8({i + 1}) = {v['k'][i]}_8 * 1000003_8",
                  f"  m8({i + 1}) = {v['m'][i]}_8 * 4099_8",
                  f"  n4({i + 1}) = {v['small'][i]}", f"  n8({i + 1}) = {v['small'][i]}_8",
                  f"  z4({i + 1}) = ({f32(v['s'][i])}, {f32(v['p'][i])})",
                  f"  z8({i + 1}) = ({f64(v['s'][i])}, {f64(v['p'][i])})"]
    return lines


def body() -> list[str]:
    out = [f"  do i = 1, {N}"]
    for k in "48":
        out += [f"    x{a}{k} = {a}{k}(i)" for a in "psug"]
        out += [f"    xk{k} = k{k}(i)", f"    xm{k} = m{k}(i)", f"    xz{k} = z{k}(i)"]
        out += [f"    print *, '{name}', {name}(x{arg}{k})" for name, arg in REAL_1.items()]
        out += [f"    print *, '{name}', {name}(xz{k})" for name in COMPLEX_1]
        for form in NUMERIC_2:
            out += [f"    print *, '{form}', " + form.format(a=f"x{t}{k}", b=f"x{u}{k}")
                    for t, u in (("s", "p"), ("p", "s"), ("k", "m"), ("m", "k"))]
        out += [f"    print *, '{form}', " + form.format(a=f"xs{k}", b=f"xp{k}")
                for form in REAL_2]
        out += [f"    print *, '{form}', " + form.format(a=f"xs{k}") for form in TO_INTEGER]
        out += [f"    print *, 'cmplx', cmplx(xs{k}, xp{k}, {k}), cmplx(xk{k}, kind={k})",
                f"    print *, 'huge', huge(xk{k}), abs(xk{k}), sign(xm{k}, -xk{k})"]
    out += ["  end do"]
    for k in "48":  # the whole-array forms (NumPy's ufuncs and reductions)
        out += [f"  print *, '{name}', {name}({arg}{k})" for name, arg in REAL_1.items()
                if name not in ("epsilon", "huge", "tiny", "gamma", "log_gamma", "erf",
                                "erfc")]
        out += [f"  print *, '{name}', {name}(z{k})" for name in COMPLEX_1]
        out += [f"  print *, '{form}', " + form.format(a=f"{t}{k}", b=f"{u}{k}")
                for form in NUMERIC_2 for t, u in (("s", "p"), ("k", "m"))]
        out += [f"  print *, '{form}', " + form.format(a=f"{t}{k}")
                for form in REDUCE for t in ("n", "s", "z") if t != "z" or form[:3] in ("sum", "pro",
                                                                           "dot", "siz")]
        out += [f"  print *, '{form}', " + form.format(a=f"s{k}") for form in TO_INTEGER]
    out += ["  word = 'kinds'", "  print *, len(word), len_trim(word), trim(word), '|'",
            "  print *, ichar(word(1:1)), char(ichar(word(2:2)) + 1)"]
    return out


def program(rng: np.random.Generator) -> str:
    return "\n".join(["program kinds", *declarations(values(rng)), *body(),
                      "end program kinds", ""])


@needs_gfortran
def test_intrinsic_results_keep_their_kinds(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, program(np.random.default_rng()))


@needs_gfortran
def test_integer8_list_directed_widths(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    a, b = (int(x) for x in rng.integers(-10**9, 10**9, 2))
    source = "\n".join([
        "program widths", "  implicit none", "  integer(1) :: i1", "  integer(2) :: i2",
        "  integer(4) :: i4", "  integer(8) :: i8, v8(3)", f"  i1 = {a % 100}",
        f"  i2 = {a % 30000}", f"  i4 = {a}", f"  i8 = {b}_8 * 7_8", "  v8 = i8 / 3_8",
        "  print *, i1, i2, i4, i8, v8, i8 + i4, i4 * 2, i1 + i2",
        "  print *, dim(11_8, 31_8), dim(31_8, 11_8), dim(i8, 5_8), 3_8, -3_8, huge(i8)",
        "  print *, size(v8), size(v8, kind=8), kind(i8), i8 / 2, mod(i8, 1000_8)",
        "end program widths", ""])
    assert_same_stdout(tmp_path, source)


@pytest.mark.parametrize("decl", ["real(16) :: q", "REAL*16 Q", "complex*32 :: q",
                                  "complex(kind=16) :: q", "real(10) :: q",
                                  "integer, parameter :: qp = selected_real_kind(30)\n"
                                  "  real(qp) :: q"])
def test_quad_and_extended_reals_are_refused_at_their_line(tmp_path: Path, decl: str) -> None:
    src = tmp_path / "quad.f90"
    src.write_text(f"program quad\n  implicit none\n  {decl}\n  q = 1\n  print *, q\n"
                   "end program quad\n")
    line = 3 + decl.count("\n")
    run = subprocess.run([str(Path(sys.executable).parent / "transpyle"), "compile", "--to",
                          "python", str(src)], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"quad.f90:{line}:3: error: real(" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("expr", ["1.0_16", "real(2, 16)", "cmplx(1.0, 2.0, 16)", "2.0_10"])
def test_quad_literals_and_conversions_are_refused(expr: str) -> None:
    from transpyle.compiler import compile_fortran
    from transpyle.errors import TranspileError

    source = f"program quad\n  implicit none\n  real :: q\n  q = {expr}\nend program quad\n"
    with pytest.raises(TranspileError, match=r"real\(1[06]\)") as info:
        compile_fortran(source, "python", filename="quad.f90")
    assert info.value.loc.line == 4


# pairs whose hypot CPython's math.hypot (its own algorithm) rounds differently from the C
# library's hypot, which gfortran calls: the migrated program must call the C library's too
HYPOT_PAIRS = (("-0x1.bd564b6cbce00p-1", "0x1.928b5ef9edb98p+1"),
               ("-0x1.2f75cdfc4d37cp+1", "0x1.a73855fb28dc4p+2"),
               ("0x1.58764a0d3a9e0p+2", "-0x1.14bbd6a2a24ddp+3"),
               ("0x1.6b14a36e88690p+1", "-0x1.e09ef58fa8480p+0"),
               ("0x1.7f59682c4ae7cp+2", "0x1.dd0058147c204p+1"))


@needs_gfortran
def test_hypot_is_the_c_librarys(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    pairs = [(float.fromhex(a), float.fromhex(b)) for a, b in HYPOT_PAIRS]
    pairs += [tuple(rng.uniform(-10.0, 10.0, 2)) for _ in range(40)]
    lines = ["program hyp", "  implicit none", "  real(8) :: a, b", "  real :: c, d"]
    for a, b in pairs:
        lines += [f"  a = {f64(a)}", f"  b = {f64(b)}", f"  c = {f32(a)}", f"  d = {f32(b)}",
                  "  print *, hypot(a, b), hypot(c, d), abs(cmplx(a, b, 8))"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program hyp", ""]))
