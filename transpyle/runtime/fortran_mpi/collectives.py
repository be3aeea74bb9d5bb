"""Collective operations: broadcast, reductions, scans, gathers and scatters."""

from __future__ import annotations

from typing import Any

import numpy as np

from transpyle.runtime import fortran_mpi_handles as h
from transpyle.runtime.fortran_mpi.buffers import Buffer, send_buffer
from transpyle.runtime.fortran_mpi.comms import communicator
from transpyle.runtime.fortran_mpi.state import current


def bcast(buf: Any, count: int, datatype: int, root: int, comm: int) -> Any:
    b = Buffer(buf, count, datatype)
    communicator(comm).Bcast(b.spec, root)
    return b.result()


def _op(handle: int) -> Any:
    if handle not in h.OPERATION_NAMES:
        raise ValueError(f"{handle} is not an MPI reduction operation of this program")
    return getattr(current().mpi, h.OPERATION_NAMES[handle])


def reduce(sendbuf: Any, recvbuf: Any, count: int, datatype: int, op: int, root: int,
           comm: int) -> Any:
    c = communicator(comm)
    r = Buffer(recvbuf, count, datatype) if c.Get_rank() == root else None
    send_spec = send_buffer(sendbuf, count, datatype)
    c.Reduce(send_spec, r.spec if r is not None else None, _op(op), root)
    return r.result() if r is not None else recvbuf


def allreduce(sendbuf: Any, recvbuf: Any, count: int, datatype: int, op: int,
              comm: int) -> Any:
    r = Buffer(recvbuf, count, datatype)
    communicator(comm).Allreduce(send_buffer(sendbuf, count, datatype), r.spec, _op(op))
    return r.result()


def scan(sendbuf: Any, recvbuf: Any, count: int, datatype: int, op: int, comm: int) -> Any:
    r = Buffer(recvbuf, count, datatype)
    communicator(comm).Scan(send_buffer(sendbuf, count, datatype), r.spec, _op(op))
    return r.result()


def exscan(sendbuf: Any, recvbuf: Any, count: int, datatype: int, op: int, comm: int) -> Any:
    """MPI_EXSCAN: rank 0's receive buffer is left as it was, as MPI leaves it undefined."""
    r = Buffer(recvbuf, count, datatype)
    communicator(comm).Exscan(send_buffer(sendbuf, count, datatype), r.spec, _op(op))
    return r.result()


def _rooted(name: str, sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any,
            recvcount: int, recvtype: int, root: int, comm: int) -> Any:
    """GATHER and SCATTER: the root's side has `size` blocks, the others' one."""
    c = communicator(comm)
    here = c.Get_rank() == root
    many = c.Get_size()
    if name == "Gather":
        s = send_buffer(sendbuf, sendcount, sendtype)
        r = Buffer(recvbuf, recvcount * many, recvtype) if here else None
        c.Gather(s, r.spec if r is not None else None, root)
        return r.result() if r is not None else recvbuf
    blocks = Buffer(sendbuf, sendcount * many, sendtype).spec if here else None
    if recvbuf is None:  # MPI_IN_PLACE at the root
        c.Scatter(blocks, current().mpi.IN_PLACE, root)
        return recvbuf
    r = Buffer(recvbuf, recvcount, recvtype)
    c.Scatter(blocks, r.spec, root)
    return r.result()


def gather(sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any, recvcount: int,
           recvtype: int, root: int, comm: int) -> Any:
    return _rooted("Gather", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                   root, comm)


def scatter(sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any, recvcount: int,
            recvtype: int, root: int, comm: int) -> Any:
    return _rooted("Scatter", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                   root, comm)


def allgather(sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any, recvcount: int,
              recvtype: int, comm: int) -> Any:
    c = communicator(comm)
    r = Buffer(recvbuf, recvcount * c.Get_size(), recvtype)
    c.Allgather(send_buffer(sendbuf, sendcount, sendtype), r.spec)
    return r.result()


def alltoall(sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any, recvcount: int,
             recvtype: int, comm: int) -> Any:
    c = communicator(comm)
    r = Buffer(recvbuf, recvcount * c.Get_size(), recvtype)
    c.Alltoall(send_buffer(sendbuf, sendcount * c.Get_size(), sendtype), r.spec)
    return r.result()


def _counted(buf: Any, counts: np.ndarray, displs: np.ndarray, handle: int,
             many: int) -> Buffer:
    counts, displs = np.asarray(counts)[:many], np.asarray(displs)[:many]
    b = Buffer(buf, int(max((displs + counts).max(initial=0), 0)), handle)
    b.spec = [b.flat, (counts.astype(int).tolist(), displs.astype(int).tolist()), b.mpitype]
    return b


def gatherv(sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any, recvcounts: np.ndarray,
            displs: np.ndarray, recvtype: int, root: int, comm: int) -> Any:
    c = communicator(comm)
    here = c.Get_rank() == root
    r = _counted(recvbuf, recvcounts, displs, recvtype, c.Get_size()) if here else None
    c.Gatherv(send_buffer(sendbuf, sendcount, sendtype), r.spec if r is not None else None,
              root)
    return r.result() if r is not None else recvbuf


def allgatherv(sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any,
               recvcounts: np.ndarray, displs: np.ndarray, recvtype: int, comm: int) -> Any:
    c = communicator(comm)
    r = _counted(recvbuf, recvcounts, displs, recvtype, c.Get_size())
    c.Allgatherv(send_buffer(sendbuf, sendcount, sendtype), r.spec)
    return r.result()


def scatterv(sendbuf: Any, sendcounts: np.ndarray, displs: np.ndarray, sendtype: int,
             recvbuf: Any, recvcount: int, recvtype: int, root: int, comm: int) -> Any:
    c = communicator(comm)
    here = c.Get_rank() == root
    s = _counted(sendbuf, sendcounts, displs, sendtype, c.Get_size()) if here else None
    r = Buffer(recvbuf, recvcount, recvtype)
    c.Scatterv(s.spec if s is not None else None, r.spec, root)
    return r.result()
