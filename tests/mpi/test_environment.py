"""The issue's list, the corners not covered elsewhere: MPI_INIT_THREAD, the MPI_ERROR field of
MPI_STATUS after a receive with MPI_ANY_SOURCE and MPI_ANY_TAG, IERR set to MPI_SUCCESS, and an
MPI error (a bad rank): it ends the job as MPI_ERRORS_ARE_FATAL ends the original (the migrated
program's mpi4py.MPI.Exception names MPI_ERR_RANK). 1, 2 and 4 ranks, mpif90 vs migrated,
fresh random values."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from tests.mpi.harness import (
    _fresh,
    _launch,
    assert_same_mpi_run,
    build_original,
    migrate,
    needs_mpi,
)

ENV = """\
program env
  use mpi
  implicit none
  integer :: ierr, provided, rank, nprocs, right, left, got, k, mine
  integer :: st(MPI_STATUS_SIZE), sts(MPI_STATUS_SIZE, 2), reqs(2), pair(1)
  logical :: flag
  call MPI_Init_thread(MPI_THREAD_FUNNELED, provided, ierr)
  print *, 'thread', provided >= MPI_THREAD_FUNNELED, ierr == MPI_SUCCESS
  call MPI_Initialized(flag, ierr)
  call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
  right = mod(rank + 1, nprocs)
  left = mod(rank + nprocs - 1, nprocs)
  do k = 1, 3
    st = -7
    ierr = -1
    call MPI_Sendrecv(rank * ({scale}) - k, 1, MPI_INTEGER, right, {tag} + rank + k, got, 1, &
                      MPI_INTEGER, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, st, ierr)
    print *, 'ring', rank, k, got, st(MPI_SOURCE) == left, st(MPI_TAG) - {tag}, &
      ierr == MPI_SUCCESS, flag
  end do
  sts = -7
  call MPI_Irecv(pair(1), 1, MPI_INTEGER, left, 5, MPI_COMM_WORLD, reqs(1), ierr)
  mine = rank - ({scale})
  call MPI_Isend(mine, 1, MPI_INTEGER, right, 5, MPI_COMM_WORLD, reqs(2), ierr)
  call MPI_Waitall(2, reqs, sts, ierr)
  print *, 'waitall', rank, pair(1), sts(MPI_SOURCE, 1) == left, sts(MPI_TAG, 1), &
    sts(MPI_ERROR, 1) == MPI_SUCCESS, sts(MPI_ERROR, 2) == MPI_SUCCESS, reqs == MPI_REQUEST_NULL
  call MPI_Finalize(ierr)
end program
"""


def test_init_thread_status_fields_and_ierr(tmp_path: Path) -> None:
    assert_same_mpi_run(tmp_path, ENV.format(scale=random.randint(-999, 999),
                                             tag=random.randint(0, 9000)))


BAD_RANK = """\
program bad
  use mpi
  implicit none
  integer :: ierr, rank, nprocs, x
  call MPI_Init(ierr)
  call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
  x = {value}
  print *, 'before', rank
  if (rank == 0) call MPI_Send(x, 1, MPI_INTEGER, nprocs + {extra}, 0, MPI_COMM_WORLD, ierr)
  print *, 'after', rank, ierr
  call MPI_Finalize(ierr)
end program
"""


def test_an_mpi_error_ends_the_job(tmp_path: Path) -> None:
    """A send to a rank that does not exist: the original's default error handler aborts
    (nothing after the call runs in rank 0); the migrated call raises mpi4py.MPI.Exception
    naming MPI_ERR_RANK, which aborts the job too. (The original's own message is not
    compared: Open MPI's launcher sometimes loses it under --output-filename.)"""
    needs_mpi()
    source = BAD_RANK.format(value=random.randint(-99, 99), extra=random.randint(0, 5))
    exe, script = build_original(tmp_path, source), migrate(tmp_path, source)
    for n in (1, 2):
        want = _launch(_fresh(tmp_path, f"f{n}"), n, [str(exe)])
        got = _launch(_fresh(tmp_path, f"p{n}"), n, [sys.executable, str(script)])
        assert want.status != 0 and got.status != 0, (want.launcher, got.launcher)
        assert got.ranks[0][0] == want.ranks[0][0] == b" before           0\n"
        assert b"MPI_ERR_RANK" in got.ranks[0][1] and b"mpi4py.MPI.Exception" in got.ranks[0][1]


ADVICE = """\
from numpy._core.multiarray import _set_madvise_hugepage
from transpyle.runtime import fortran_mpi as fmpi
before = _set_madvise_hugepage(True)
fmpi.init()
after = _set_madvise_hugepage(True)
fmpi.finalize()
print(before, after)
"""


def test_arrays_after_mpi_init_get_no_huge_page_advice(tmp_path: Path) -> None:
    """From MPI_INIT on, NumPy gives no MADV_HUGEPAGE advice (the original's ALLOCATE gives
    none; with it, 4 ranks writing 1 GiB spent about 1.4x the system CPU here); where the
    user set NUMPY_MADVISE_HUGEPAGE, that decides."""
    needs_mpi()
    (tmp_path / "advice.py").write_text(ADVICE)
    for env, want in (("", b"True False\n"), ("1", b"True True\n")):
        work = _fresh(tmp_path, f"a{env}")
        command = [sys.executable, str(tmp_path / "advice.py")]
        run = _launch(work, 1, ["env", f"NUMPY_MADVISE_HUGEPAGE={env}", *command] if env
                      else command)
        assert run.status == 0 and run.ranks[0][0] == want, run.launcher + str(run.ranks)
