"""The MPI state of this process: mpi4py, imported when the program starts MPI, and the
communicators, requests and datatypes it made (the handle values are `fortran_mpi_handles`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from transpyle.runtime import fortran_mpi_handles as h

_WORLD, _SELF, COMM_NULL = (h.COMMUNICATORS[n] for n in ("mpi_comm_world", "mpi_comm_self",
                                                      "mpi_comm_null"))


class State:
    """The communicators and requests of this process (one per process, made at MPI_INIT)."""

    def __init__(self, mpi: Any) -> None:
        self.mpi = mpi
        self.comms: dict[int, Any] = {_WORLD: mpi.COMM_WORLD, _SELF: mpi.COMM_SELF}
        self.requests: dict[int, tuple[Any, Callable[[], None] | None, Any]] = {}
        self.next_request = 1
        self.derived: dict[int, tuple[str, np.dtype[Any], Any]] = {}  # MPI_TYPE_VECTOR, ...
        self.next_type = 100


STATE: list[State] = []


def mpi_module() -> Any:
    """mpi4py's MPI module, imported so that MPI starts and ends where the program says."""
    if "mpi4py.MPI" not in sys.modules:
        import mpi4py  # type: ignore[import-not-found]
        mpi4py.rc.initialize = False  # MPI_INIT and MPI_FINALIZE are the program's calls
        mpi4py.rc.finalize = False
    from mpi4py import MPI  # type: ignore[import-not-found]
    return MPI


def current() -> State:
    if not STATE:
        raise RuntimeError("an MPI routine was called before MPI_INIT")
    return STATE[0]
