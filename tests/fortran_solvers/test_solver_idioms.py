"""The F77 idioms the QUADPACK, MINPACK and ODEPACK drivers needed, each small and against the
gfortran build on random data (no download): a dummy procedure known only by its CALL, a
procedure passed on through a call of a dummy procedure, a local EXTERNAL naming a procedure of
another file, a dummy procedure's matrix over vector storage, and an explicit-shape dummy
shorter than its actual used as a whole array."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from tests.fortran_reach.harness import ROOT, assert_same_run, needs_gfortran


def fills(name: str, k: int) -> str:
    """Fixed-form assignments of random values to name(1), ..., name(k)."""
    return "".join(f"      {name}({i}) = {random.uniform(-9, 9):.6f}d0\n"
                   for i in range(1, k + 1))


@needs_gfortran
def test_dummy_called_without_external_and_a_shorter_explicit_shape(tmp_path: Path) -> None:
    n = random.randint(2, 6)
    source = f"""\
      program p
      double precision x(9), s
      external twice
{fills("x", 9)}      call apply(twice, {n}, x, s)
      write(*, '(ES25.17)') s
      call show({n}, x)
      end
      subroutine apply(fcn, n, x, s)
      integer n
      double precision x(n), s
      call fcn(n, x, s)
      end
      subroutine twice(n, x, s)
      integer n
      double precision x(n), s
      s = 2 * sum(x)
      x = x * 3
      end
      subroutine show(n, x)
      integer n
      double precision x(n)
      write(*, '(ES25.17)') x
      end
"""
    out = assert_same_run(tmp_path, source, "p.f")
    assert len(out.stdout.splitlines()) == 1 + n


@needs_gfortran
def test_a_matrix_dummy_of_a_passed_procedure_over_vector_storage(tmp_path: Path) -> None:
    m = random.randint(2, 4)
    source = f"""\
      program p
      double precision w(20)
      external fill
      w = 0
      call drive(fill, w)
      write(*, '(ES25.17)') w
      end
      subroutine drive(jac, w)
      external jac
      double precision w(*)
      call jac({m}, w(3))
      end
      subroutine fill(m, pd)
      integer m, i, j
      double precision pd(m, m)
      do j = 1, m
        do i = 1, m
          pd(i, j) = {random.uniform(-2, 2):.6f}d0 * i + j
        end do
      end do
      end
"""
    assert_same_run(tmp_path, source, "p.f")


@needs_gfortran
def test_procedures_passed_on_through_a_dummy_across_files(tmp_path: Path) -> None:
    """lsoda passes its f and the procedure prja (a local EXTERNAL) to stoda, which passes f
    on by calling its dummy pjac: prja's f is the driver's rhs."""
    a = random.uniform(-3, 3)
    files = {
        "driver.f": f"""\
      program driver
      double precision y
      external rhs
      y = {a:.6f}d0
      call lsoda(rhs, y)
      write(*, '(ES25.17)') y
      end
      subroutine rhs(y, dy)
      double precision y, dy
      dy = y * y - 1
      end
""",
        "lsoda.f": """\
      subroutine lsoda(f, y)
      external f, prja
      double precision y
      call stoda(f, prja, y)
      end
""",
        "stoda.f": """\
      subroutine stoda(f, pjac, y)
      external f, pjac
      double precision y
      call pjac(f, y)
      end
""",
        "prja.f": """\
      subroutine prja(f, y)
      external f
      double precision y, dy
      call f(y, dy)
      y = y + dy
      end
""",
    }
    assert_same_tree(tmp_path, files, "driver")


def assert_same_tree(tmp_path: Path, files: dict[str, str], main: str) -> None:
    """The files built together by gfortran and migrated as one tree print the same bytes."""
    src = tmp_path / "src"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text)
    exe = tmp_path / "prog"
    build = subprocess.run(["gfortran", "-w", "-O0", *sorted(map(str, src.iterdir())), "-o",
                            str(exe)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    want = subprocess.run([str(exe)], capture_output=True, timeout=60)
    out = tmp_path / "py"
    run = subprocess.run([sys.executable, "-m", "transpyle.cli", "migrate", "-q", str(src),
                          "-o", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    got = subprocess.run([sys.executable, f"{main}.py"], capture_output=True, cwd=out,
                         env={"PYTHONPATH": str(ROOT)}, timeout=60)
    assert got.returncode == 0, got.stderr.decode()
    assert got.stdout == want.stdout


@needs_gfortran
def test_an_untyped_external_passed_on_under_implicit_none(tmp_path: Path) -> None:
    """SciPy's id_dist: `external matvect` under IMPLICIT NONE, unused or only passed on to a
    procedure of another file (it had 'no type'): a subroutine."""
    k = random.randint(2, 9)
    files = {
        "p.f": f"""\
      program p
      implicit none
      external scale
      double precision v({k})
      integer i
      do i = 1, {k}
        v(i) = {random.uniform(-5, 5):.6f}d0 * i
      end do
      call outer(scale, scale, {k}, v)
      write(*, '(ES25.17)') v
      end
      subroutine scale(n, v)
      implicit none
      integer n
      double precision v(n)
      v = v / 3
      end
""",
        "outer.f": """\
      subroutine outer(matvec, unused, n, v)
      implicit none
      integer n
      double precision v(n)
      external matvec, unused
      call inner(matvec, n, v)
      end
""",
        "inner.f": """\
      subroutine inner(matvec, n, v)
      implicit none
      integer n
      double precision v(n)
      external matvec
      call matvec(n, v)
      end
""",
    }
    assert_same_tree(tmp_path, files, "p")
