"""Sends, receives, probes and requests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from transpyle.runtime import fortran_mpi_handles as h
from transpyle.runtime.fortran_mpi.buffers import Buffer, fill_status, rank_of, tag_of
from transpyle.runtime.fortran_mpi.comms import communicator
from transpyle.runtime.fortran_mpi.state import current


def send(buf: Any, count: int, datatype: int, dest: int, tag: int, comm: int) -> None:
    communicator(comm).Send(Buffer(buf, count, datatype).spec, rank_of(dest), tag)


def ssend(buf: Any, count: int, datatype: int, dest: int, tag: int, comm: int) -> None:
    communicator(comm).Ssend(Buffer(buf, count, datatype).spec, rank_of(dest), tag)


def recv(buf: Any, count: int, datatype: int, source: int, tag: int, comm: int,
         status: Any) -> Any:
    b = Buffer(buf, count, datatype)
    st = current().mpi.Status()
    communicator(comm).Recv(b.spec, rank_of(source), tag_of(tag), st)
    fill_status(status, st)
    return b.result()


def sendrecv(sendbuf: Any, sendcount: int, sendtype: int, dest: int, sendtag: int,
             recvbuf: Any, recvcount: int, recvtype: int, source: int, recvtag: int,
             comm: int, status: Any) -> Any:
    r = Buffer(recvbuf, recvcount, recvtype)
    st = current().mpi.Status()
    communicator(comm).Sendrecv(Buffer(sendbuf, sendcount, sendtype).spec, rank_of(dest), sendtag,
                         r.spec, rank_of(source), tag_of(recvtag), st)
    fill_status(status, st)
    return r.result()


def sendrecv_replace(buf: Any, count: int, datatype: int, dest: int, sendtag: int,
                     source: int, recvtag: int, comm: int, status: Any) -> Any:
    b = Buffer(buf, count, datatype)
    st = current().mpi.Status()
    communicator(comm).Sendrecv_replace(b.spec, rank_of(dest), sendtag, rank_of(source),
                                        tag_of(recvtag), st)
    fill_status(status, st)
    return b.result()


def probe(source: int, tag: int, comm: int, status: Any) -> None:
    st = current().mpi.Status()
    communicator(comm).Probe(rank_of(source), tag_of(tag), st)
    fill_status(status, st)


def iprobe(source: int, tag: int, comm: int, status: Any) -> bool:
    st = current().mpi.Status()
    flag = bool(communicator(comm).Iprobe(rank_of(source), tag_of(tag), st))
    if flag:
        fill_status(status, st)
    return flag


def _keep(request: Any, writeback: Callable[[], None] | None, buffer: Any) -> int:
    st = current()
    handle = st.next_request
    st.next_request += 1
    st.requests[handle] = (request, writeback, buffer)
    return handle


def isend(buf: Any, count: int, datatype: int, dest: int, tag: int, comm: int) -> int:
    b = Buffer(buf, count, datatype)  # a scalar's or a section's copy lives in the request
    return _keep(communicator(comm).Isend(b.spec, rank_of(dest), tag), None, b)


def irecv(buf: np.ndarray, count: int, datatype: int, source: int, tag: int,
          comm: int) -> int:
    b = Buffer(buf, count, datatype)
    if b.copied:
        raise ValueError("MPI_IRECV into an array section that is not contiguous: the copy "
                         "could not be written back at MPI_WAIT")
    return _keep(communicator(comm).Irecv(b.spec, rank_of(source), tag_of(tag)), None, b)


def wait(request: int, status: Any) -> int:
    return _wait(request, status, False)


def _wait(request: int, status: Any, error: bool) -> int:
    st = current()
    if request == h.REQUEST_NULL:
        return h.REQUEST_NULL
    req, _, _ = st.requests.pop(request)
    s = st.mpi.Status()
    req.Wait(s)
    fill_status(status, s, error)
    return h.REQUEST_NULL


def waitall(count: int, requests: np.ndarray, statuses: np.ndarray | None) -> None:
    for k in range(count):
        status = None if statuses is None else statuses[k] if statuses.ndim == 1 \
            else statuses[:, k]  # TYPE(MPI_Status) records, or INTEGER columns
        requests[k] = _wait(int(requests[k]), status, True)
