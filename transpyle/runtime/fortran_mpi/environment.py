"""MPI_INIT, MPI_FINALIZE, MPI_ABORT and the clocks."""

from __future__ import annotations

import os
import sys
from typing import Any

from transpyle.runtime.fortran_mpi.comms import communicator
from transpyle.runtime.fortran_mpi.state import STATE, State, current, mpi_module


def _abort_on_error(kind: type[BaseException], value: BaseException, tb: Any) -> None:
    sys.__excepthook__(kind, value, tb)
    sys.stdout.flush()
    sys.stderr.flush()
    mpi = mpi_module()
    if mpi.Is_initialized() and not mpi.Is_finalized():
        mpi.COMM_WORLD.Abort(1)



def init() -> None:
    mpi = mpi_module()
    mpi.Init()
    _started(mpi)


def init_thread(required: int) -> int:
    mpi = mpi_module()
    provided = mpi.Init_thread(required)
    _started(mpi)
    return int(provided)


def _started(mpi: Any) -> None:
    STATE[:] = [State(mpi)]
    sys.excepthook = _abort_on_error
    _no_huge_page_advice()


def _no_huge_page_advice() -> None:
    """Arrays allocated from MPI_INIT on are allocated as the original's ALLOCATE (glibc's
    malloc) allocates them: without NumPy's MADV_HUGEPAGE advice. Under the kernel's THP
    'madvise' mode a huge-page fault may compact memory first, which is dear when the page
    cache is full of the files the ranks just wrote: measured here, 4 ranks writing and
    reading 1 GiB spent 2.2-2.7 s of system CPU with the advice, 1.1-1.7 s without, and the
    mpif90 build 0.74 s (docs/MPI.md). NUMPY_MADVISE_HUGEPAGE, where set, decides instead."""
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return
    import importlib

    for where in ("numpy._core.multiarray", "numpy.core.multiarray"):  # NumPy 2.x, 1.x
        try:
            advise = getattr(importlib.import_module(where), "_set_madvise_hugepage", None)
        except ImportError:
            continue
        if advise is not None:
            advise(False)
            return


def finalize() -> None:
    sys.stdout.flush()
    current().mpi.Finalize()


def initialized() -> bool:
    return bool(mpi_module().Is_initialized())


def finalized() -> bool:
    return bool(mpi_module().Is_finalized())


def abort(comm: int, code: int) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    communicator(comm).Abort(code)


def wtime() -> float:
    return float(mpi_module().Wtime())


def wtick() -> float:
    return float(mpi_module().Wtick())
