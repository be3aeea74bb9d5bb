"""Communicators and Cartesian topologies."""

from __future__ import annotations

from typing import Any

import numpy as np

from transpyle.runtime import fortran_mpi_handles as h
from transpyle.runtime.fortran_mpi.state import COMM_NULL, current


def communicator(handle: int) -> Any:
    st = current()
    if handle in st.comms:
        return st.comms[handle]
    raise ValueError(f"{handle} is not a communicator of this program")


def _new_comm(comm: Any) -> int:
    st = current()
    if comm == st.mpi.COMM_NULL:
        return COMM_NULL
    handle = int(comm.py2f())
    st.comms[handle] = comm
    return handle


def comm_size(comm: int) -> int:
    return int(communicator(comm).Get_size())


def comm_rank(comm: int) -> int:
    return int(communicator(comm).Get_rank())


def comm_split(comm: int, color: int, key: int) -> int:
    mpi = current().mpi
    split = communicator(comm).Split(mpi.UNDEFINED if color == h.UNDEFINED else color, key)
    return _new_comm(split)


def comm_dup(comm: int) -> int:
    return _new_comm(communicator(comm).Dup())


def comm_free(comm: int) -> int:
    communicator(comm).Free()
    del current().comms[comm]
    return COMM_NULL


def barrier(comm: int) -> None:
    communicator(comm).Barrier()


def get_processor_name(which: int) -> Any:
    """MPI_GET_PROCESSOR_NAME's NAME (0) or RESULTLEN (1)."""
    name = current().mpi.Get_processor_name()
    return name if which == 0 else len(name)


# -- Cartesian topologies
def dims_create(nnodes: int, ndims: int, dims: np.ndarray) -> None:
    dims[:ndims] = current().mpi.Compute_dims(nnodes, [int(d) for d in dims[:ndims]])


def cart_create(comm: int, ndims: int, dims: np.ndarray, periods: np.ndarray,
                reorder: bool) -> int:
    cart = communicator(comm).Create_cart([int(d) for d in dims[:ndims]],
                                   [bool(p) for p in periods[:ndims]], bool(reorder))
    return _new_comm(cart)


def cart_coords(comm: int, rank: int, maxdims: int, coords: np.ndarray) -> None:
    coords[:maxdims] = communicator(comm).Get_coords(rank)[:maxdims]


def cart_rank(comm: int, coords: np.ndarray) -> int:
    cart = communicator(comm)
    return int(cart.Get_cart_rank([int(c) for c in coords[:cart.Get_dim()]]))


def cart_shift(comm: int, direction: int, disp: int, which: int) -> int:
    """MPI_CART_SHIFT's RANK_SOURCE (0) or RANK_DEST (1)."""
    rank = communicator(comm).Shift(direction, disp)[which]
    return h.PROC_NULL if rank == current().mpi.PROC_NULL else int(rank)
