"""`USE mpi_f08`: TYPE(MPI_Comm)/TYPE(MPI_Request) handles, TYPE(MPI_Status) with its
components, IERROR optional or by keyword; original (mpif90) vs migrated, 1/2/4 ranks."""

from __future__ import annotations

import random
from pathlib import Path

from tests.mpi.harness import assert_same_mpi_run

F08 = """\
program f08
  use mpi_f08
  implicit none
  integer, parameter :: n = {n}
  type(MPI_Comm) :: comm, half
  type(MPI_Status) :: status
  type(MPI_Status) :: statuses(2)
  type(MPI_Request) :: reqs(2)
  integer :: rank, nprocs, ierr, k, left, right, total
  double precision :: a(n), b(n)
  call MPI_Init()
  comm = MPI_COMM_WORLD
  call MPI_Comm_rank(comm, rank)
  call MPI_Comm_size(comm, nprocs, ierror=ierr)
  right = mod(rank + 1, nprocs)
  left = mod(rank + nprocs - 1, nprocs)
  do k = 1, n
    a(k) = (rank + 1) * k * {scale}d0 - 3.0d0
  end do
  call MPI_Sendrecv(a, n, MPI_DOUBLE_PRECISION, right, 4, b, n, MPI_DOUBLE_PRECISION, left, &
                    4, comm, status)
  print *, 'sendrecv', rank, status%MPI_SOURCE, status%MPI_TAG, b(1), b(n)
  call MPI_Irecv(b, n, MPI_DOUBLE_PRECISION, MPI_ANY_SOURCE, 5, comm, reqs(1))
  call MPI_Isend(a, n, MPI_DOUBLE_PRECISION, left, 5, comm, reqs(2))
  call MPI_Waitall(2, reqs, statuses)
  print *, 'waitall', rank, statuses(1)%MPI_SOURCE, b(n), reqs(1) == MPI_REQUEST_NULL
  call MPI_Comm_split(comm, mod(rank, 2), rank, half)
  call MPI_Allreduce(rank, total, 1, MPI_INTEGER, MPI_SUM, half, ierr)
  print *, 'split', rank, total, ierr == MPI_SUCCESS
  call MPI_Comm_free(half)
  call MPI_Finalize()
end program
"""


def test_mpi_f08(tmp_path: Path) -> None:
    assert_same_mpi_run(tmp_path, F08.format(n=random.randint(2, 30),
                                             scale=random.randint(2, 99)))
