"""A tree of two files migrated with `transpyle migrate`: a module that USEs mpi (its users see
MPI's names through it, as in Fortran) and the program that uses it; the mpif90 build of both
files vs the migrated tree, 1, 2 and 4 ranks."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from tests.mpi.harness import _fresh, _launch, needs_mpi
from transpyle.migrate import migrate

MODULE = """\
module par
  use mpi
  implicit none
  integer :: rank, nprocs
contains
  subroutine start()
    integer :: ierr
    call MPI_Init(ierr)
    call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
    call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
  end subroutine
  double precision function gsum(x)
    double precision, intent(in) :: x
    integer :: ierr
    call MPI_Allreduce(x, gsum, 1, MPI_DOUBLE_PRECISION, MPI_SUM, MPI_COMM_WORLD, ierr)
  end function
end module
"""

PROGRAM = """\
program main
  use par
  implicit none
  integer :: ierr, total
  call start()
  call MPI_Allreduce(rank * {k}, total, 1, MPI_INTEGER, MPI_MAX, MPI_COMM_WORLD, ierr)
  print *, rank, nprocs, total, gsum(rank / {k}.0d0)
  call MPI_Finalize(ierr)
end program
"""


def test_module_that_uses_mpi_in_a_tree(tmp_path: Path) -> None:
    needs_mpi()
    src = tmp_path / "src"
    src.mkdir()
    (src / "par.f90").write_text(MODULE)
    (src / "main.f90").write_text(PROGRAM.format(k=random.randint(2, 999)))
    build = subprocess.run(["mpif90", "-w", "-O0", "par.f90", "main.f90", "-o", "../prog.exe"],
                           cwd=src, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    results = migrate([str(src)], tmp_path / "py", progress=False)
    assert [r.status for r in results] == ["migrated", "migrated"], results
    for n in (1, 2, 4):
        want = _launch(_fresh(tmp_path, f"f{n}"), n, [str(tmp_path / "prog.exe")])
        got = _launch(_fresh(tmp_path, f"p{n}"), n, [sys.executable, "-W", "error",
                                                     str(tmp_path / "py" / "main.py")])
        assert want.status == got.status == 0, got.launcher
        assert got.ranks == want.ranks, (n, want.ranks, got.ranks)
