"""The documented difference of the MPI migration (docs/DIFFERENCES.md): handle values."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from tests.mpi.harness import _fresh, _launch, build_original, migrate, needs_mpi
from transpyle.runtime.fortran_mpi_handles import CONSTANTS

SOURCE = """\
program handles
  use mpi
  implicit none
  integer :: ierr, st(MPI_STATUS_SIZE)
  call MPI_Init(ierr)
  print *, MPI_INTEGER, MPI_SUM, MPI_ANY_SOURCE, MPI_STATUS_SIZE, size(st)
  call MPI_Finalize(ierr)
end program
"""


def test_documented_difference_handles_are_transpyles(tmp_path: Path) -> None:
    """A migrated program sees transpyle's handle values and status layout, not those of the
    MPI library the original was built with; every run that does not print them is alike."""
    needs_mpi()
    exe, script = build_original(tmp_path, SOURCE), migrate(tmp_path, SOURCE)
    original = _launch(_fresh(tmp_path, "f"), 1, [str(exe)])
    migrated = _launch(_fresh(tmp_path, "p"), 1, [sys.executable, str(script)])
    assert original.status == migrated.status == 0
    values = [int(v) for v in migrated.ranks[0][0].split()]
    names = ("mpi_integer", "mpi_sum", "mpi_any_source", "mpi_status_size")
    assert values == [*(CONSTANTS[n] for n in names), CONSTANTS["mpi_status_size"]]
    assert values != [int(v) for v in original.ranks[0][0].split()]  # Open MPI's own


STATUS_ERROR = """\
program st
  use mpi
  implicit none
  integer :: ierr, rank, nprocs, got, st(MPI_STATUS_SIZE)
  call MPI_Init(ierr)
  call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
  st = {mark}
  call MPI_Sendrecv(rank, 1, MPI_INTEGER, mod(rank + 1, nprocs), 0, got, 1, MPI_INTEGER, &
                    MPI_ANY_SOURCE, 0, MPI_COMM_WORLD, st, ierr)
  print *, st(MPI_ERROR), got
  call MPI_Finalize(ierr)
end program
"""


def test_documented_difference_status_error_after_one_completion(tmp_path: Path) -> None:
    """After a call that completes one request, the migrated program leaves MPI_ERROR of the
    status as it was, as the standard says (MPI 4.0, 3.2.5); Open MPI writes MPI_SUCCESS
    there on some paths and not on others (the original's value is not compared)."""
    needs_mpi()
    mark = random.randint(-999, -2)
    script = migrate(tmp_path, STATUS_ERROR.format(mark=mark))
    run = _launch(_fresh(tmp_path, "p"), 2, [sys.executable, str(script)])
    assert run.status == 0, run.launcher
    for r, (out, _) in enumerate(run.ranks):
        assert [int(v) for v in out.split()] == [mark, (r + 1) % 2]
