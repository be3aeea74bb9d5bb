"""Collective MPI: BCAST, REDUCE and ALLREDUCE with SUM MAX MIN PROD LAND LOR (scalars, arrays,
MPI_IN_PLACE), SCAN, EXSCAN, GATHER, SCATTER, ALLGATHER, ALLTOALL, GATHERV, ALLGATHERV, SCATTERV,
COMM_SPLIT/COMM_DUP and WTIME; original (mpif90) vs migrated, 1/2/4 ranks, fresh random data."""

from __future__ import annotations

import random
from pathlib import Path

from tests.mpi.harness import assert_same_mpi_run

COLLECTIVES = """\
program collectives
  use mpi
  implicit none
  integer, parameter :: n = {n}, seed = {seed}, maxp = 4
  integer :: ierr, rank, nprocs, k, p, isum, imax, imin, iprod, root, sub, dup, srank, ssize
  integer :: ivals(n), itot(n), igath(n * maxp), iall(maxp), ito(maxp), ifrom(maxp)
  integer :: counts(maxp), displs(maxp), iv(n * maxp)
  double precision :: x, xs, xmax, xmin, xprod, d(n), dsum(n), dmax(n), dscat(n)
  double precision :: dall(n * maxp), t0, t1
  real :: r(n), rmin(n)
  logical :: even, alleven, anyeven, lv(n), land(n), lor(n)
  character(len=6) :: word
  call MPI_Init(ierr)
  t0 = MPI_Wtime()
  call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
  root = nprocs - 1
  do k = 1, n
    ivals(k) = mod(seed * (k + 3 * rank) + 17 * k * k, 199) - 99
    d(k) = ivals(k) / 9.0d0 + rank * 0.1d0
    r(k) = real(ivals(k)) * 0.7 - rank
    lv(k) = mod(ivals(k) + rank, 3) /= 0
  end do
  x = (rank + 1) * 1.1d0 - seed / 1000.0d0
  even = mod(rank, 2) == 0
  ! broadcasts from the last rank
  word = 'nobody'
  if (rank == root) word = 'root  '
  call MPI_Bcast(word, 6, MPI_CHARACTER, root, MPI_COMM_WORLD, ierr)
  k = rank * 100 + seed
  call MPI_Bcast(k, 1, MPI_INTEGER, root, MPI_COMM_WORLD, ierr)
  dscat = d
  call MPI_Bcast(dscat, n, MPI_DOUBLE_PRECISION, root, MPI_COMM_WORLD, ierr)
  print *, 'bcast', rank, word, k, dscat(1), dscat(n)
  ! reductions of scalars and arrays, every operation
  call MPI_Allreduce(ivals(1), isum, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD, ierr)
  call MPI_Allreduce(ivals(2), imax, 1, MPI_INTEGER, MPI_MAX, MPI_COMM_WORLD, ierr)
  call MPI_Allreduce(ivals(3), imin, 1, MPI_INTEGER, MPI_MIN, MPI_COMM_WORLD, ierr)
  call MPI_Allreduce(mod(ivals(4), 5) + 6, iprod, 1, MPI_INTEGER, MPI_PROD, MPI_COMM_WORLD, ierr)
  print *, 'int', rank, isum, imax, imin, iprod
  call MPI_Allreduce(x, xs, 1, MPI_DOUBLE_PRECISION, MPI_SUM, MPI_COMM_WORLD, ierr)
  call MPI_Allreduce(x, xmax, 1, MPI_DOUBLE_PRECISION, MPI_MAX, MPI_COMM_WORLD, ierr)
  call MPI_Allreduce(x, xmin, 1, MPI_DOUBLE_PRECISION, MPI_MIN, MPI_COMM_WORLD, ierr)
  call MPI_Allreduce(x, xprod, 1, MPI_DOUBLE_PRECISION, MPI_PROD, MPI_COMM_WORLD, ierr)
  print *, 'double', rank, xs, xmax, xmin, xprod
  call MPI_Allreduce(even, alleven, 1, MPI_LOGICAL, MPI_LAND, MPI_COMM_WORLD, ierr)
  call MPI_Allreduce(even, anyeven, 1, MPI_LOGICAL, MPI_LOR, MPI_COMM_WORLD, ierr)
  call MPI_Allreduce(lv, land, n, MPI_LOGICAL, MPI_LAND, MPI_COMM_WORLD, ierr)
  call MPI_Allreduce(lv, lor, n, MPI_LOGICAL, MPI_LOR, MPI_COMM_WORLD, ierr)
  print *, 'logical', rank, alleven, anyeven, land, lor
  itot = -7
  dsum = 0
  call MPI_Reduce(ivals, itot, n, MPI_INTEGER, MPI_SUM, root, MPI_COMM_WORLD, ierr)
  call MPI_Reduce(d, dsum, n, MPI_DOUBLE_PRECISION, MPI_SUM, 0, MPI_COMM_WORLD, ierr)
  call MPI_Reduce(d, dmax, n, MPI_DOUBLE_PRECISION, MPI_MAX, 0, MPI_COMM_WORLD, ierr)
  call MPI_Reduce(r, rmin, n, MPI_REAL, MPI_MIN, 0, MPI_COMM_WORLD, ierr)
  print *, 'reduce', rank, itot(1), itot(n), dsum(1), dsum(n)
  if (rank == 0) print *, 'reduce0', dmax, rmin
  dsum = d
  call MPI_Allreduce(MPI_IN_PLACE, dsum, n, MPI_DOUBLE_PRECISION, MPI_SUM, MPI_COMM_WORLD, ierr)
  print *, 'inplace', rank, sum(dsum)
  ! prefix reductions (rank 0's EXSCAN result is undefined: not printed)
  call MPI_Scan(ivals(1), isum, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD, ierr)
  call MPI_Exscan(d, dmax, n, MPI_DOUBLE_PRECISION, MPI_MAX, MPI_COMM_WORLD, ierr)
  print *, 'scan', rank, isum
  if (rank > 0) print *, 'exscan', rank, dmax
  ! gather, scatter, allgather, alltoall
  igath = 0
  call MPI_Gather(ivals, n, MPI_INTEGER, igath, n, MPI_INTEGER, 0, MPI_COMM_WORLD, ierr)
  if (rank == 0) print *, 'gather', igath(1:n * nprocs)
  call MPI_Scatter(igath, n, MPI_INTEGER, itot, n, MPI_INTEGER, 0, MPI_COMM_WORLD, ierr)
  print *, 'scatter', rank, all(itot == ivals)
  call MPI_Allgather(x, 1, MPI_DOUBLE_PRECISION, dall, 1, MPI_DOUBLE_PRECISION, &
                     MPI_COMM_WORLD, ierr)
  print *, 'allgather', rank, dall(1:nprocs)
  call MPI_Allgather(rank * 3 - 1, 1, MPI_INTEGER, iall, 1, MPI_INTEGER, MPI_COMM_WORLD, ierr)
  do p = 1, nprocs
    ito(p) = 1000 * rank + ivals(p)
  end do
  call MPI_Alltoall(ito, 1, MPI_INTEGER, ifrom, 1, MPI_INTEGER, MPI_COMM_WORLD, ierr)
  print *, 'alltoall', rank, iall(1:nprocs), ifrom(1:nprocs)
  ! counted: rank p sends p + 1 values
  do p = 1, nprocs
    counts(p) = p
    displs(p) = (p - 1) * n
  end do
  iv = -1
  call MPI_Gatherv(ivals, rank + 1, MPI_INTEGER, iv, counts, displs, MPI_INTEGER, 0, &
                   MPI_COMM_WORLD, ierr)
  if (rank == 0) print *, 'gatherv', iv(1:n * nprocs)
  dall = 0
  call MPI_Allgatherv(d, rank + 1, MPI_DOUBLE_PRECISION, dall, counts, displs, &
                      MPI_DOUBLE_PRECISION, MPI_COMM_WORLD, ierr)
  print *, 'allgatherv', rank, dall(1), dall(n * (nprocs - 1) + 1)
  itot = 0
  call MPI_Scatterv(iv, counts, displs, MPI_INTEGER, itot, rank + 1, MPI_INTEGER, 0, &
                    MPI_COMM_WORLD, ierr)
  print *, 'scatterv', rank, itot(1:rank + 1)
  ! communicators
  call MPI_Comm_split(MPI_COMM_WORLD, mod(rank, 2), -rank, sub, ierr)
  call MPI_Comm_rank(sub, srank, ierr)
  call MPI_Comm_size(sub, ssize, ierr)
  call MPI_Allreduce(rank, isum, 1, MPI_INTEGER, MPI_SUM, sub, ierr)
  call MPI_Comm_dup(sub, dup, ierr)
  call MPI_Allreduce(ivals, itot, n, MPI_INTEGER, MPI_MAX, dup, ierr)
  print *, 'split', rank, srank, ssize, isum, itot(1)
  call MPI_Comm_free(dup, ierr)
  call MPI_Comm_free(sub, ierr)
  print *, 'freed', sub == MPI_COMM_NULL
  t1 = MPI_Wtime()
  print *, 'time', t1 >= t0
  call MPI_Finalize(ierr)
end program
"""


def test_collectives(tmp_path: Path) -> None:
    source = COLLECTIVES.format(n=random.randint(4, 9), seed=random.randint(3, 99991))
    assert_same_mpi_run(tmp_path, source)
