"""Point-to-point MPI: a ring of SEND/RECV, SENDRECV, ISEND/IRECV/WAITALL, MPI_ANY_SOURCE and
the status, array elements and sections as buffers; original (mpif90) vs migrated, 1/2/4 ranks,
on fresh random data each run."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

from tests.mpi.harness import ROOT, assert_same_mpi_run, mpirun, needs_mpi

RING = """\
program ring
  use mpi
  implicit none
  integer, parameter :: n = {n}, seed = {seed}
  integer :: ierr, rank, nprocs, left, right, k, got, nget
  integer :: status(MPI_STATUS_SIZE), reqs(2)
  integer :: ivals(n), irecvd(n)
  double precision :: a(n, 3), b(2 * n), row(3)
  real :: r(n), rr(n)
  logical :: flags(n), fl(n), flag
  call MPI_Init(ierr)
  call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
  right = mod(rank + 1, nprocs)
  left = mod(rank - 1 + nprocs, nprocs)
  do k = 1, n
    ivals(k) = mod(seed * (k + 7 * rank) + 13 * k, 2001) - 1000
    a(k, 1) = ivals(k) / 7.0d0
    a(k, 2) = -ivals(k) * 0.25d0 + rank
    a(k, 3) = sqrt(dble(abs(ivals(k)) + rank))
    r(k) = real(ivals(k)) / 3.0
    flags(k) = mod(ivals(k), 2) == 0
  end do
  ! a ring of blocking sends: even ranks send first
  if (mod(rank, 2) == 0) then
    call MPI_Send(ivals, n, MPI_INTEGER, right, 11, MPI_COMM_WORLD, ierr)
    call MPI_Recv(irecvd, n, MPI_INTEGER, left, 11, MPI_COMM_WORLD, status, ierr)
  else
    call MPI_Recv(irecvd, n, MPI_INTEGER, left, 11, MPI_COMM_WORLD, status, ierr)
    call MPI_Send(ivals, n, MPI_INTEGER, right, 11, MPI_COMM_WORLD, ierr)
  end if
  print *, 'ring', rank, status(MPI_SOURCE), status(MPI_TAG), irecvd(1), irecvd(n)
  ! the storage from an array element on, and a section that is not contiguous
  call MPI_Sendrecv(a(1, 2), 2 * n, MPI_DOUBLE_PRECISION, right, 5, b, 2 * n, &
                    MPI_DOUBLE_PRECISION, left, 5, MPI_COMM_WORLD, status, ierr)
  call MPI_Get_count(status, MPI_DOUBLE_PRECISION, nget, ierr)
  print *, 'sendrecv', rank, nget, b(1), b(n + 1), b(2 * n)
  call MPI_Sendrecv(a(2, :), 3, MPI_DOUBLE_PRECISION, left, 6, row, 3, &
                    MPI_DOUBLE_PRECISION, right, 6, MPI_COMM_WORLD, MPI_STATUS_IGNORE, ierr)
  print *, 'row', rank, row
  call MPI_Sendrecv(row, 3, MPI_DOUBLE_PRECISION, right, 7, a(n, :), 3, &
                    MPI_DOUBLE_PRECISION, left, 7, MPI_COMM_WORLD, status, ierr)
  print *, 'section', rank, a(n, 1), a(n, 3), a(n - 1, 3)
  ! scalars
  got = -1
  call MPI_Sendrecv(ivals(n), 1, MPI_INTEGER, right, 8, got, 1, MPI_INTEGER, left, 8, &
                    MPI_COMM_WORLD, status, ierr)
  print *, 'scalar', rank, got
  ! non-blocking, any source
  call MPI_Irecv(rr, n, MPI_REAL, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, reqs(1), ierr)
  call MPI_Isend(r, n, MPI_REAL, right, 20 + rank, MPI_COMM_WORLD, reqs(2), ierr)
  call MPI_Wait(reqs(1), status, ierr)
  call MPI_Wait(reqs(2), MPI_STATUS_IGNORE, ierr)
  print *, 'isend', rank, status(MPI_SOURCE), status(MPI_TAG), rr(1), rr(n), &
           reqs(1) == MPI_REQUEST_NULL
  call MPI_Irecv(fl, n, MPI_LOGICAL, left, 3, MPI_COMM_WORLD, reqs(1), ierr)
  call MPI_Isend(flags, n, MPI_LOGICAL, right, 3, MPI_COMM_WORLD, reqs(2), ierr)
  call MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE, ierr)
  print *, 'logical', rank, count(fl), fl(1)
  ! a message of a size the receiver learns by MPI_PROBE, then MPI_IPROBE until one is there
  call MPI_Sendrecv_replace(ivals, n, MPI_INTEGER, right, 30, left, 30, MPI_COMM_WORLD, &
                            status, ierr)
  print *, 'replace', rank, status(MPI_SOURCE), ivals(1), ivals(n)
  call MPI_Send(irecvd, 1 + mod(rank, n), MPI_INTEGER, right, 31, MPI_COMM_WORLD, ierr)
  call MPI_Probe(left, 31, MPI_COMM_WORLD, status, ierr)
  call MPI_Get_count(status, MPI_INTEGER, nget, ierr)
  irecvd = 0
  call MPI_Recv(irecvd, nget, MPI_INTEGER, left, 31, MPI_COMM_WORLD, status, ierr)
  print *, 'probe', rank, nget, irecvd(1), sum(irecvd)
  call MPI_Send(got, 1, MPI_INTEGER, right, 32, MPI_COMM_WORLD, ierr)
  flag = .false.
  do while (.not. flag)
    call MPI_Iprobe(MPI_ANY_SOURCE, 32, MPI_COMM_WORLD, flag, status, ierr)
  end do
  call MPI_Recv(got, 1, MPI_INTEGER, status(MPI_SOURCE), 32, MPI_COMM_WORLD, status, ierr)
  print *, 'iprobe', rank, flag, got, status(MPI_SOURCE)
  ! to nobody
  got = 5
  call MPI_Recv(got, 1, MPI_INTEGER, MPI_PROC_NULL, 1, MPI_COMM_WORLD, status, ierr)
  print *, 'null', rank, got, status(MPI_SOURCE) == MPI_PROC_NULL, ierr == MPI_SUCCESS
  call MPI_Barrier(MPI_COMM_WORLD, ierr)
  call MPI_Finalize(ierr)
end program
"""


def test_ring_and_nonblocking(tmp_path: Path) -> None:
    source = RING.format(n=random.randint(5, 17), seed=random.randint(3, 99991))
    assert_same_mpi_run(tmp_path, source)


BUFFERS = """\
import numpy as np
from transpyle.runtime import fortran_mpi as fmpi
from transpyle.runtime.fortran_mpi.buffers import Buffer
fmpi.init()
a = np.arange(12.0).reshape((3, 4), order="F")
whole = Buffer(a, 12, 6)
assert np.shares_memory(whole.spec[0], a) and not whole.copied
start = Buffer(fmpi.at(a, 1, 2), 5, 6)
assert np.shares_memory(start.spec[0], a) and start.spec[0][0] == a[1, 2]
row = Buffer(a[1, :], 4, 6)
assert row.copied and list(row.spec[0]) == list(a[1, :])
try:
    Buffer(a, 12, 4)
except TypeError as err:
    assert "MPI_INTEGER" in str(err)
else:
    raise AssertionError("an array of float64 passed as MPI_INTEGER")
fmpi.finalize()
print("ok")
"""


def test_buffers_are_the_arrays_themselves(tmp_path: Path) -> None:
    """Contiguous arrays and the storage from an element on reach MPI without a copy; a
    strided section is copied; a buffer of another type than its datatype raises."""
    needs_mpi()
    (tmp_path / "buffers.py").write_text(BUFFERS)
    run = subprocess.run([*mpirun(1, tmp_path / "out"), sys.executable, "buffers.py"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 0 and "ok" in run.stdout, run.stdout + run.stderr


F77 = """\
      PROGRAM PI
      IMPLICIT NONE
      INCLUDE 'mpif.h'
      INTEGER N, I, IERR, RANK, NPROCS, STATUS(MPI_STATUS_SIZE), SRC
      DOUBLE PRECISION H, X, PART, TOTAL, GOT
      PARAMETER (N = {n})
      CALL MPI_INIT(IERR)
      CALL MPI_COMM_RANK(MPI_COMM_WORLD, RANK, IERR)
      CALL MPI_COMM_SIZE(MPI_COMM_WORLD, NPROCS, IERR)
      H = 1.0D0 / N
      PART = 0.0D0
      DO 10 I = RANK + 1, N, NPROCS
        X = H * (DBLE(I) - 0.5D0)
        PART = PART + 4.0D0 / (1.0D0 + X * X)
   10 CONTINUE
      PART = H * PART
C     rank 0 collects the parts in rank order, by hand
      IF (RANK .EQ. 0) THEN
        TOTAL = PART
        DO 20 SRC = 1, NPROCS - 1
          CALL MPI_RECV(GOT, 1, MPI_DOUBLE_PRECISION, SRC, 9,
     &                  MPI_COMM_WORLD, STATUS, IERR)
          TOTAL = TOTAL + GOT
   20   CONTINUE
        WRITE(*, '(A, F20.16, I4)') ' PI ', TOTAL, NPROCS
      ELSE
        CALL MPI_SEND(PART, 1, MPI_DOUBLE_PRECISION, 0, 9,
     &                MPI_COMM_WORLD, IERR)
      END IF
      CALL MPI_FINALIZE(IERR)
      END
"""


def test_fixed_form_with_mpif_h(tmp_path: Path) -> None:
    """A FORTRAN 77 program with INCLUDE 'mpif.h' (the real one for mpif90)."""
    assert_same_mpi_run(tmp_path, F77.format(n=random.randint(1000, 99999)), name="prog.f")


ABORT = """\
program ab
  use mpi
  implicit none
  integer :: ierr, rank
  call MPI_Init(ierr)
  call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
  print *, 'before', rank
  call MPI_Barrier(MPI_COMM_WORLD, ierr)
  if (rank == 1) call MPI_Abort(MPI_COMM_WORLD, {code}, ierr)
  call MPI_Barrier(MPI_COMM_WORLD, ierr)
  print *, 'after', rank
  call MPI_Finalize(ierr)
end program
"""


def test_abort_ends_the_job_with_its_code(tmp_path: Path) -> None:
    """MPI_ABORT: the job's exit status is its code; what every rank printed before is out
    (the barrier orders it before the abort)."""
    code = random.randint(2, 9)
    assert_same_mpi_run(tmp_path, ABORT.format(code=code), ranks=(2, 4), status=code)
