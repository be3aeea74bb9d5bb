"""The documented difference of the MPI migration (docs/DIFFERENCES.md): handle values."""

from __future__ import annotations

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
