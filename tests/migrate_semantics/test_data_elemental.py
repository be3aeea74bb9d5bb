"""DATA and elemental calls as gfortran runs them: character arrays with DATA (whole, partial,
repeat counts, sections, implied DO; values blank-padded or cut to the length, left-out
elements zero bytes), logical and numeric arrays with partial DATA, COMPLEX PARAMETERs and
statement functions that stay complex(4); an ELEMENTAL subroutine with INTENT(OUT) and
INTENT(INOUT) dummies called on whole arrays, sections and dummy arrays, its writes reaching
the actual arrays. Emitted code names no NumPy alias that NumPy removed (np.str, np.float,
...). Fresh random inputs each run."""

from __future__ import annotations

import re
import string
from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import assert_same_stdout, f32, needs_gfortran
from transpyle.compiler import compile_fortran

REMOVED = re.compile(r"\bnp\.(str|float|int|bool|complex|object|long|unicode)\b(?![_\d])")


def word(rng: np.random.Generator, longest: int) -> str:
    n = int(rng.integers(1, longest + 1))
    return "".join(rng.choice(list(string.ascii_letters + " ,;"), n))


def data_program(rng: np.random.Generator) -> str:
    n = int(rng.integers(4, 8))
    names = [word(rng, 6) for _ in range(n)]
    reps = int(rng.integers(1, n))
    tag = word(rng, 3)
    part = sorted(rng.choice(np.arange(1, n + 1), size=2, replace=False).tolist())
    k = rng.integers(-99, 99, n)
    x = rng.uniform(-5, 5, 3)
    bits = rng.integers(0, 2, n)
    lo = int(rng.integers(1, n))
    return "\n".join([
        "program datas", "  implicit none", "  integer :: i",
        f"  character(len=4) :: names({n}), tags({n}), some({n}), grid(2, 3)",
        f"  integer :: k({n}), part({n})", "  real :: x(4)", f"  logical :: flags({n}), few(3)",
        "  complex, parameter :: z0 = (1.5, -0.25)", "  complex :: z, f, w",
        "  real :: half",
        "  data names /" + ", ".join(f"'{s}'" for s in names) + "/",
        f"  data tags /{reps}*'{tag}', {n - reps}*'+'/",
        f"  data some({part[0]}), some({part[1]}) /'{names[0]}', '{names[1]}'/",
        "  data grid /'a', 'bb', 'ccc', 'dddd', 'eeeee', 'f'/",
        f"  data k /{', '.join(str(v) for v in k)}/",
        f"  data part({lo}:{n}) /{n - lo + 1}*{k[0]}/",
        f"  data (x(i), i = 1, 3) /{', '.join(f32(v) for v in x)}/",
        "  data flags /" + ", ".join(".true." if b else ".false." for b in bits) + "/",
        "  data few(2) /.true./", "  data half /0.5/",
        "  f(z) = z * z0 + half",
        "  print *, names", "  print *, tags", "  print '(8A)', (some(i), '|', i = 1, "
        f"{n})", "  print *, grid", "  print *, k", "  print *, part", "  print *, x",
        "  print *, flags, few", "  print *, z0, z0 * z0, f(z0)",
        f"  w = f(({f32(x[0])}, {f32(x[1])}))", "  print *, w, real(w), aimag(w)",
        "  print '(A, 1X, I0)', trim(names(1)), len(names(2))",
        "end program datas", ""])


@needs_gfortran
def test_data_arrays_hold_gfortrans_values(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, data_program(np.random.default_rng()))


def elemental_program(rng: np.random.Generator) -> str:
    n = 6
    a = rng.uniform(-2, 2, n)
    cut = float(np.float32(rng.uniform(-0.5, 0.5)))
    return "\n".join([
        "module shapes", "  implicit none", "contains",
        "  elemental subroutine clip(x, lo, y, hits)",
        "    real, intent(in) :: x, lo", "    real, intent(out) :: y",
        "    integer, intent(inout) :: hits",
        "    if (x < lo) then", "      y = lo", "      hits = hits + 1", "    else",
        "      y = x * x + lo", "    end if", "  end subroutine clip",
        "  subroutine apply(a, b, c, lo)", "    real, intent(in) :: a(:), lo",
        "    real, intent(out) :: b(:)", "    integer, intent(inout) :: c(:)",
        "    call clip(a, lo, b, c)", "  end subroutine apply",
        "end module shapes",
        "program elementals", "  use shapes", "  implicit none",
        f"  real :: a({n}), b({n}), m(2, 3), m2(2, 3), s", f"  integer :: c({n}), h(2, 3), k",
        *(f"  a({i + 1}) = {f32(v)}" for i, v in enumerate(a)),
        "  b = -1.0", "  c = 0",
        f"  call apply(a, b, c, {f32(cut)})", "  print *, b", "  print *, c",
        "  b = -1.0", f"  call clip(a(2:5), {f32(cut)}, b(1:4), c(3:6))",
        "  print *, b", "  print *, c",
        "  m(1, :) = a(1:3)", "  m(2, :) = a(4:6)", "  h = 1",
        f"  call clip(m, {f32(cut)}, m2, h)", "  print *, m2", "  print *, h",
        "  k = 0", f"  call clip(a(1), {f32(cut)}, s, k)", "  print *, s, k",
        f"  call clip(0.25, {f32(cut)}, s, k)", "  print *, s, k",
        "end program elementals", ""])


@needs_gfortran
def test_elemental_subroutine_writes_reach_the_arrays(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, elemental_program(np.random.default_rng()))


def test_no_removed_numpy_names_are_emitted() -> None:
    rng = np.random.default_rng()
    sources = [("data.f90", data_program(rng)), ("elemental.f90", elemental_program(rng))]
    root = Path(__file__).parent.parent / "migrate_src"
    sources += [(path.name, path.read_text()) for path in sorted(root.glob("*.f*"))]
    for name, source in sources:
        text = compile_fortran(source, "python", filename=name)
        assert not REMOVED.search(text), (name, REMOVED.search(text))
