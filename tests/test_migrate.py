"""`transpyle migrate` end to end: Fortran programs compiled by gfortran vs. migrated Python.

Each program's stdout is compared token by token (numbers to 1e-12 relative, the rest
exactly). The CLI test checks the per-file report, the exit status and that a failing file
leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import run as run_cli

ROOT = Path(__file__).parent.parent
PROGRAMS = sorted([*(ROOT / "tests" / "migrate_src").glob("*.f*"),
                   *(ROOT / "tests" / "fortran").glob("*.f*")])
NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eEdD][-+]?\d+|[-+]\d{3})?$")

needs_gfortran = pytest.mark.skipif(shutil.which("gfortran") is None,
                                    reason="gfortran is not installed (`make test` installs it)")


def tokens(text: str) -> list[str]:
    return text.replace(",", " , ").replace("(", " ( ").replace(")", " ) ").split()


def as_number(tok: str) -> float | None:
    if not NUMBER.match(tok):
        return None
    tok = tok.replace("d", "e").replace("D", "E")
    if re.search(r"\d[-+]\d{3}$", tok):  # 0.1000-299: an exponent without its letter
        tok = tok[:-4] + "e" + tok[-4:]
    return float(tok)


def assert_same_output(want: str, got: str) -> None:
    a, b = tokens(want), tokens(got)
    assert len(a) == len(b), f"token counts differ\n--- gfortran\n{want}\n--- python\n{got}"
    for k, (x, y) in enumerate(zip(a, b, strict=True)):
        nx, ny = as_number(x), as_number(y)
        if nx is not None and ny is not None:
            assert ny == pytest.approx(nx, rel=1e-12, abs=1e-300), f"token {k}: {x} vs {y}"
        else:
            assert x == y, f"token {k}: {x!r} vs {y!r}\n--- gfortran\n{want}\n--- python\n{got}"


def run_python(script: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, script.name], cwd=script.parent, env=env,
                          capture_output=True, text=True, timeout=120)


@needs_gfortran
@pytest.mark.parametrize("src", PROGRAMS, ids=lambda p: p.name)
def test_migrated_program_prints_what_gfortran_prints(src: Path, tmp_path: Path) -> None:
    exe = tmp_path / "prog"
    build = subprocess.run(["gfortran", "-w", str(src), "-o", str(exe), "-J", str(tmp_path)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    want = subprocess.run([str(exe)], capture_output=True, text=True, cwd=tmp_path,
                          timeout=60)
    out = tmp_path / "py"
    assert run_cli("migrate", "-q", str(src), "-o", str(out)).returncode == 0
    script = out / f"{src.stem}.py"
    got = run_python(script)
    assert got.returncode == want.returncode, got.stderr
    assert_same_output(want.stdout, got.stdout)


def test_migrate_tree_reports_and_keeps_going(tmp_path: Path) -> None:
    tree = tmp_path / "src"
    (tree / "sub").mkdir(parents=True)
    (tree / "good.f90").write_text(
        "subroutine twice(x, n)\n  integer, intent(in) :: n\n  real(8), intent(inout) :: x(n)\n"
        "  x = 2.0d0 * x\nend subroutine twice\n")
    (tree / "sub" / "bad.f").write_text(
        "      SUBROUTINE BAD(X)\n      REAL X\n      X = 1.0\n      INCLUDE 'nothere.inc'\n"
        "      END\n")
    (tree / "sub" / "caller.f").write_text(
        "      SUBROUTINE CALLER(S)\n      DOUBLE PRECISION S\n      S = 3.0D0\n      END\n")
    out = tmp_path / "out"
    proc = run_cli("migrate", "-q", str(tree), "-o", str(out))
    status, text = proc.returncode, proc.stdout
    assert status == 2
    assert re.search(r"FAILED\s+\S*bad\.f\s+\S*bad\.f:\d+:\d+: ", text), text
    assert "2 of 3 files migrated, 1 failed" in text
    assert (out / "good.py").is_file() and (out / "sub" / "caller.py").is_file()
    assert not (out / "sub" / "bad.py").exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    # the migrated subroutine updates its array in place; the scalar out-argument comes back
    ns: dict[str, object] = {}
    exec((out / "good.py").read_text(), ns)  # noqa: S102 - our own output
    import numpy as np

    x = np.random.default_rng().normal(size=5)
    y = x.copy()
    ns["twice"](y, 5)  # type: ignore[operator]
    assert np.array_equal(y, 2.0 * x)
    ns2: dict[str, object] = {}
    exec((out / "sub" / "caller.py").read_text(), ns2)  # noqa: S102
    assert ns2["caller"](0.0) == 3.0  # type: ignore[operator]


def test_compile_fortran_to_python_cli(tmp_path: Path) -> None:
    src = ROOT / "tests" / "migrate_src" / "gotos77.f"
    out = tmp_path / "g.py"
    assert run_cli("compile", str(src), "--to", "python", "-o", str(out)).returncode == 0
    assert out.read_text().startswith('"""gotos77: migrated by transpyle."""')
    assert run_cli("compile", str(tmp_path / "missing.f90"), "--to", "python").returncode == 2


MAIN_F = """\
      PROGRAM MAIN
      INTEGER N
      DOUBLE PRECISION X(3)
      COMMON /BLK/ N, X
      CALL FILL(2.0D0, S)
      PRINT *, N, X, S
      CALL FILL(0.5D0, S)
      PRINT *, N, X, S
      END
"""
FILL_F = """\
      SUBROUTINE FILL(F, T)
      INTEGER M, I
      DOUBLE PRECISION Y(3), F
      COMMON /BLK/ M, Y
      M = M + 1
      T = 0.0
      DO 10 I = 1, 3
         Y(I) = Y(I) * F + DBLE(I * M)
         T = T + Y(I)
   10 CONTINUE
      END
"""
INIT_F = """\
      BLOCK DATA INIT
      INTEGER K
      DOUBLE PRECISION Z(3)
      COMMON /BLK/ K, Z
      DATA K /10/, Z /0.5D0, 1.5D0, 2.5D0/
      END
"""


@needs_gfortran
def test_a_program_over_three_files_shares_its_common_block(tmp_path: Path) -> None:
    """COMMON storage is shared across files (one module holds the blocks), BLOCK DATA gives
    the initial values, and a REAL out-argument of another file comes back as a float32."""
    src = tmp_path / "src"
    src.mkdir()
    for name, text in (("main.f", MAIN_F), ("fill.f", FILL_F), ("init.f", INIT_F)):
        (src / name).write_text(text)
    exe = tmp_path / "prog"
    build = subprocess.run(["gfortran", "-w", *(str(src / n) for n in ("main.f", "fill.f",
                                                                         "init.f")),
                            "-o", str(exe)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    want = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60)
    out = tmp_path / "py"
    assert run_cli("migrate", "-q", str(src), "-o", str(out)).returncode == 0
    assert (out / "fortran_common.py").is_file()
    got = run_python(out / "main.py")
    assert got.returncode == 0, got.stderr
    assert_same_output(want.stdout, got.stdout)


PARAMS_F90 = """\
module params
  implicit none
  integer, parameter :: n = 5
  real(8) :: scale = 2.5d0
contains
  subroutine fill(a)
    real(8), intent(out) :: a(n)
    integer :: i
    do i = 1, n
      a(i) = scale * i
    end do
  end subroutine fill
end module params
"""

APP_F90 = """\
program app
  use params
  implicit none
  real(8) :: a(n)
  call fill(a)
  print *, sum(a), n
  scale = 4.0d0  ! the module's one variable: fill sees the new value
  call fill(a)
  print *, sum(a), scale
end program app
"""


@needs_gfortran
def test_a_module_used_from_another_file_of_the_tree(tmp_path: Path) -> None:
    """app.f90 USEs the module of params.f90: parsed first, app fails on the unknown `n`; it is
    parsed again with params' module known. An assignment to the module's variable in app is
    seen by params' procedure, as in Fortran."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "params.f90").write_text(PARAMS_F90)
    (src / "app.f90").write_text(APP_F90)
    exe = tmp_path / "prog"
    build = subprocess.run(["gfortran", str(src / "params.f90"), str(src / "app.f90"),
                            "-J", str(tmp_path), "-o", str(exe)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    want = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60)
    out = tmp_path / "py"
    assert run_cli("migrate", "-q", str(src), "-o", str(out)).returncode == 0
    got = run_python(out / "app.py")
    assert got.returncode == 0, got.stderr
    assert_same_output(want.stdout, got.stdout)


def test_a_module_of_another_file_is_seen_only_where_it_is_used(tmp_path) -> None:
    """A tree where one file's module defines `subroutine sum`: another file that does not USE
    it keeps the intrinsic SUM (it was refused there as "subroutine sum is used as a
    function", numpy's f2py sources lost three files to this)."""
    import importlib.util

    import numpy as np

    from transpyle.migrate import migrate

    src = tmp_path / "src"
    src.mkdir()
    (src / "m.f90").write_text("module m\ncontains\n  subroutine sum(x, s)\n    real :: x(:), s\n"
                               "    s = -1.0\n  end subroutine sum\nend module m\n")
    (src / "use_intrinsic.f90").write_text(
        "subroutine total(a, n, t)\n  integer :: n\n  real :: a(n), t\n  t = sum(a)\n"
        "end subroutine total\n")
    results = migrate([str(src)], tmp_path / "out", progress=False)
    assert [r.status for r in results] == ["migrated", "migrated"], [r.message for r in results]
    out = next(r.output for r in results if r.source.endswith("use_intrinsic.f90"))
    spec = importlib.util.spec_from_file_location("use_intrinsic", out)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    a = np.arange(1.0, 6.0, dtype=np.float32)
    t = module.total(a, 5, np.float32(0))
    assert float(t if not isinstance(t, tuple) else t[-1]) == 15.0
