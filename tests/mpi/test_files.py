"""Per-rank unformatted files: each rank writes int64 and double arrays to its own file,
another rank reads them back after a barrier; the files' bytes and every rank's output are
those of the original (mpif90), with 1, 2 and 4 ranks, on fresh random data."""

from __future__ import annotations

import random
from pathlib import Path

from tests.mpi.harness import assert_same_mpi_run

FILES = """\
program files
  use mpi
  implicit none
  integer, parameter :: n = {n}, seed = {seed}
  integer :: ierr, rank, nprocs, k, other, m
  integer(8) :: big(n), back(n)
  double precision :: d(n), dback(n)
  character(len=32) :: name
  call MPI_Init(ierr)
  call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
  do k = 1, n
    big(k) = int(seed, 8) * 1000003_8 * (k + rank) - 4000000000_8 * k
    d(k) = big(k) / 3.0d7
  end do
  write(name, '(a,i4.4,a)') 'part_', rank, '.dat'
  open(10, file=trim(name), form='unformatted', status='replace')
  write(10) n, rank
  write(10) big
  write(10) d(1:n:2)
  close(10)
  call MPI_Barrier(MPI_COMM_WORLD, ierr)
  other = mod(rank + 1, nprocs)
  write(name, '(a,i4.4,a)') 'part_', other, '.dat'
  open(11, file=trim(name), form='unformatted', status='old', action='read')
  read(11) m, k
  read(11) back
  dback = 0
  read(11) dback(1:(n + 1) / 2)
  close(11)
  print *, rank, 'read', trim(name), m, k, sum(back), back(n), dback(1)
  call MPI_Finalize(ierr)
end program
"""


def test_per_rank_unformatted_files(tmp_path: Path) -> None:
    runs = assert_same_mpi_run(tmp_path, FILES.format(n=random.randint(3, 40),
                                                      seed=random.randint(3, 99991)))
    assert sorted(runs[4].files) == [f"part_{r:04d}.dat" for r in range(4)]
