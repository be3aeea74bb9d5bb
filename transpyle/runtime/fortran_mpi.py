"""MPI for migrated Fortran: the calls of `USE mpi` / `INCLUDE 'mpif.h'` on mpi4py.

`transpyle migrate` lowers `CALL MPI_SEND(buf, n, MPI_INTEGER, dest, tag, comm, ierr)` to
`fmpi.send(buf, n, 4, dest, tag, comm)` (and `ierr = 0`). Buffers go to mpi4py's buffer
methods (`Comm.Send`, `Comm.Allreduce`, ...) as they are:
- a contiguous NumPy array (or an element of one: `fmpi.at(a, i, j)`, the storage from it on)
  is passed as a 1-D column-major view of its first `count` elements, no copy, no pickling;
- an array section that is not contiguous (`a(i, :)`) is copied in and, for a receive, out
  again, as a Fortran compiler copies it for a routine of implicit interface (a non-blocking
  receive into one is refused: the copy could not be written back in time);
- a scalar (a Python int, float, bool or str in migrated code) is sent from a one-element
  array; a receive into a scalar returns the new value, which the migrated code assigns.
A buffer whose NumPy type is not the one its MPI datatype names raises TypeError (Fortran
would reinterpret the bytes; a migrated program does not guess). MPI errors raise
`mpi4py.MPI.Exception`; an uncaught exception in any rank aborts the whole job, as an
MPI error does under MPI_ERRORS_ARE_FATAL. The handles are those of `fortran_mpi_handles`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from transpyle.runtime import fortran_mpi_handles as h

_WORLD, _SELF, _NULL = (h.COMMUNICATORS[n] for n in ("mpi_comm_world", "mpi_comm_self",
                                                      "mpi_comm_null"))
_TYPES = {spec[0]: (name, np.dtype(spec[1]), spec[2]) for name, spec in h.DATATYPES.items()}
_BYTE, _CHAR = h.DATATYPES["mpi_byte"][0], h.DATATYPES["mpi_character"][0]
IN_PLACE = None  # MPI_IN_PLACE where a send buffer goes
STATUS_IGNORE = None  # MPI_STATUS_IGNORE, MPI_STATUSES_IGNORE


class _State:
    """The communicators and requests of this process (one per process, made at MPI_INIT)."""

    def __init__(self, mpi: Any) -> None:
        self.mpi = mpi
        self.comms: dict[int, Any] = {_WORLD: mpi.COMM_WORLD, _SELF: mpi.COMM_SELF}
        self.requests: dict[int, tuple[Any, Callable[[], None] | None, Any]] = {}
        self.next_request = 1
        self.derived: dict[int, tuple[str, np.dtype[Any], Any]] = {}  # MPI_TYPE_VECTOR, ...
        self.next_type = 100


_state: list[_State] = []


def _mpi() -> Any:
    """mpi4py's MPI module, imported so that MPI starts and ends where the program says."""
    if "mpi4py.MPI" not in sys.modules:
        import mpi4py  # type: ignore[import-not-found]
        mpi4py.rc.initialize = False  # MPI_INIT and MPI_FINALIZE are the program's calls
        mpi4py.rc.finalize = False
    from mpi4py import MPI  # type: ignore[import-not-found]
    return MPI


def _st() -> _State:
    if not _state:
        raise RuntimeError("an MPI routine was called before MPI_INIT")
    return _state[0]


def _abort_on_error(kind: type[BaseException], value: BaseException, tb: Any) -> None:
    sys.__excepthook__(kind, value, tb)
    sys.stdout.flush()
    sys.stderr.flush()
    mpi = _mpi()
    if mpi.Is_initialized() and not mpi.Is_finalized():
        mpi.COMM_WORLD.Abort(1)


# -- the environment
def init() -> None:
    mpi = _mpi()
    mpi.Init()
    _started(mpi)


def init_thread(required: int) -> int:
    mpi = _mpi()
    provided = mpi.Init_thread(required)
    _started(mpi)
    return int(provided)


def _started(mpi: Any) -> None:
    _state[:] = [_State(mpi)]
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
    _st().mpi.Finalize()


def initialized() -> bool:
    return bool(_mpi().Is_initialized())


def finalized() -> bool:
    return bool(_mpi().Is_finalized())


def abort(comm: int, code: int) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    _comm(comm).Abort(code)


def wtime() -> float:
    return float(_mpi().Wtime())


def wtick() -> float:
    return float(_mpi().Wtick())


# -- communicators
def _comm(handle: int) -> Any:
    st = _st()
    if handle in st.comms:
        return st.comms[handle]
    raise ValueError(f"{handle} is not a communicator of this program")


def _new_comm(comm: Any) -> int:
    st = _st()
    if comm == st.mpi.COMM_NULL:
        return _NULL
    handle = int(comm.py2f())
    st.comms[handle] = comm
    return handle


def comm_size(comm: int) -> int:
    return int(_comm(comm).Get_size())


def comm_rank(comm: int) -> int:
    return int(_comm(comm).Get_rank())


def comm_split(comm: int, color: int, key: int) -> int:
    mpi = _st().mpi
    return _new_comm(_comm(comm).Split(mpi.UNDEFINED if color == h.UNDEFINED else color, key))


def comm_dup(comm: int) -> int:
    return _new_comm(_comm(comm).Dup())


def comm_free(comm: int) -> int:
    _comm(comm).Free()
    del _st().comms[comm]
    return _NULL


def barrier(comm: int) -> None:
    _comm(comm).Barrier()


def get_processor_name(which: int) -> Any:
    """MPI_GET_PROCESSOR_NAME's NAME (0) or RESULTLEN (1)."""
    name = _st().mpi.Get_processor_name()
    return name if which == 0 else len(name)


# -- Cartesian topologies
def dims_create(nnodes: int, ndims: int, dims: np.ndarray) -> None:
    dims[:ndims] = _st().mpi.Compute_dims(nnodes, [int(d) for d in dims[:ndims]])


def cart_create(comm: int, ndims: int, dims: np.ndarray, periods: np.ndarray,
                reorder: bool) -> int:
    cart = _comm(comm).Create_cart([int(d) for d in dims[:ndims]],
                                   [bool(p) for p in periods[:ndims]], bool(reorder))
    return _new_comm(cart)


def cart_coords(comm: int, rank: int, maxdims: int, coords: np.ndarray) -> None:
    coords[:maxdims] = _comm(comm).Get_coords(rank)[:maxdims]


def cart_rank(comm: int, coords: np.ndarray) -> int:
    cart = _comm(comm)
    return int(cart.Get_cart_rank([int(c) for c in coords[:cart.Get_dim()]]))


def cart_shift(comm: int, direction: int, disp: int, which: int) -> int:
    """MPI_CART_SHIFT's RANK_SOURCE (0) or RANK_DEST (1)."""
    rank = _comm(comm).Shift(direction, disp)[which]
    return h.PROC_NULL if rank == _st().mpi.PROC_NULL else int(rank)


# -- derived datatypes
def _new_type(t: Any, oldtype: int) -> int:
    st = _st()
    name, dtype, _, _ = _datatype(oldtype)
    handle = st.next_type
    st.next_type += 1
    st.derived[handle] = (name, dtype, t)
    return handle


def type_contiguous(count: int, oldtype: int) -> int:
    return _new_type(_datatype(oldtype)[2].Create_contiguous(count), oldtype)


def type_vector(count: int, blocklength: int, stride: int, oldtype: int) -> int:
    return _new_type(_datatype(oldtype)[2].Create_vector(count, blocklength, stride), oldtype)


def _derived(handle: int) -> Any:
    if handle not in _st().derived:
        raise ValueError(f"{handle} is not a datatype the program made")
    return _st().derived[handle][2]


def type_commit(datatype: int) -> int:
    _derived(datatype).Commit()
    return datatype


def type_free(datatype: int) -> int:
    _derived(datatype).Free()
    del _st().derived[datatype]
    return h.CONSTANTS["mpi_datatype_null"]


def type_size(datatype: int) -> int:
    return int(_datatype(datatype)[2].Get_size())


# -- buffers
def at(a: np.ndarray, *index: int) -> np.ndarray:
    """The array element `a[index]` (0-based) passed as a buffer: the rest of `a` from that
    element on, in column-major order (a view; a copy where `a` is not contiguous)."""
    flat = a.reshape(-1, order="F")
    offset = index[0] if len(index) == 1 else int(np.ravel_multi_index(index, a.shape,
                                                                        order="F"))
    if flat.size and not (flat.flags.c_contiguous and np.shares_memory(flat, a)):
        raise ValueError("an element of an array that is not contiguous is passed as an MPI "
                         "buffer: the storage after it is not the array's")
    return flat[offset:]


def _datatype(handle: int) -> tuple[str, np.dtype[Any], Any, bool]:
    """The datatype's name, the NumPy type of its elements, mpi4py's datatype, and whether
    the program made it (MPI_TYPE_VECTOR, ...)."""
    st = _st()
    if handle in st.derived:
        return (*st.derived[handle], True)
    if handle not in _TYPES:
        raise ValueError(f"{handle} is not an MPI datatype of this program")
    name, dtype, mpiname = _TYPES[handle]
    return name, dtype, getattr(st.mpi, mpiname), False


class _Buffer:
    """One buffer argument: the 1-D array MPI reads or writes, and how its result reaches the
    migrated program (the array itself, the copied-out section, or a new scalar value)."""

    def __init__(self, value: Any, count: int, handle: int) -> None:
        name, dtype, self.mpitype, derived = _datatype(handle)
        self.value, self.count, self.copied = value, count, False
        if isinstance(value, np.ndarray):
            flat = value.reshape(-1, order="F")
            if flat.size and not (flat.flags.c_contiguous and np.shares_memory(flat, value)):
                flat, self.copied = np.asfortranarray(value).reshape(-1, order="F"), True
            if handle == _BYTE:
                flat = flat.view(np.uint8) if flat.flags.c_contiguous else flat
            elif flat.dtype != dtype:
                raise TypeError(f"an MPI buffer of {name.upper()} is an array of {flat.dtype}")
        elif isinstance(value, str):
            if handle != _CHAR:
                raise TypeError(f"a CHARACTER buffer is passed as {name.upper()}")
            flat = np.frombuffer(value.encode("latin-1"), dtype=np.uint8).copy()
        else:
            flat = np.array([value], dtype=dtype)
        self.flat = flat
        if derived:  # the storage from the buffer on, laid out by the datatype
            if not isinstance(value, np.ndarray):
                raise TypeError(f"a buffer of the derived datatype {handle} is not an array")
            lb, extent = self.mpitype.Get_extent()
            true_lb, true_extent = self.mpitype.Get_true_extent()
            need = true_lb + (count - 1) * extent + true_extent if count else 0
            if need > flat.nbytes:
                raise ValueError(f"MPI count {count} of a derived datatype needs {need} bytes, "
                                 f"its buffer has {flat.nbytes}")
            self.spec = [flat, count, self.mpitype]
            return
        if count > flat.size:
            raise ValueError(f"MPI count {count} is larger than its buffer ({flat.size} "
                             "elements)")
        self.spec = [flat[:count], self.mpitype]

    def result(self) -> Any:
        """The buffer's value after MPI wrote it."""
        v = self.value
        if isinstance(v, np.ndarray):
            if self.copied:
                v[...] = self.flat.reshape(v.shape, order="F")
            return v
        if isinstance(v, str):
            return self.flat.tobytes().decode("latin-1")
        item = self.flat[0]
        if isinstance(v, bool):
            return bool(item)
        if isinstance(v, int):
            return int(item)
        if isinstance(v, float) and not isinstance(v, np.floating):
            return float(item)
        if isinstance(v, complex) and not isinstance(v, np.complexfloating):
            return complex(item)
        return item


def _send_spec(value: Any, count: int, handle: int) -> Any:
    return _st().mpi.IN_PLACE if value is None else _Buffer(value, count, handle).spec


def _rank(value: int) -> int:
    mpi = _st().mpi
    return {h.ANY_SOURCE: mpi.ANY_SOURCE, h.PROC_NULL: mpi.PROC_NULL}.get(value, value)


def _tag(value: int) -> int:
    return _st().mpi.ANY_TAG if value == h.ANY_TAG else value


def _fill_status(status: Any, st: Any, error: bool = False) -> None:
    """An INTEGER status array (`USE mpi`) or a TYPE(MPI_Status) record (`USE mpi_f08`).
    MPI_ERROR is set (to MPI_SUCCESS) by the calls that complete several requests only
    (`error`): "message-passing calls do not modify the value of the error code field"
    (MPI 4.0, 3.2.5), so after MPI_RECV or MPI_WAIT it keeps what the program put there."""
    if status is None:
        return
    mpi = _st().mpi
    source, tag = st.Get_source(), st.Get_tag()
    source = {mpi.ANY_SOURCE: h.ANY_SOURCE, mpi.PROC_NULL: h.PROC_NULL}.get(source, source)
    tag = h.ANY_TAG if tag == mpi.ANY_TAG else tag
    count = st.Get_count(mpi.BYTE)
    if isinstance(status, np.ndarray):
        status[h.SOURCE - 1], status[h.TAG - 1], status[h.ERROR] = source, tag, count
        if error:
            status[h.ERROR - 1] = 0
    else:
        status.mpi_source, status.mpi_tag, status.count_bytes = source, tag, count
        if error:
            status.mpi_error = 0


def get_count(status: Any, datatype: int) -> int:
    size = int(_datatype(datatype)[2].Get_size())
    nbytes = int(status[h.ERROR]) if isinstance(status, np.ndarray) else status.count_bytes
    return nbytes // size if nbytes % size == 0 else h.UNDEFINED


# -- point to point
def send(buf: Any, count: int, datatype: int, dest: int, tag: int, comm: int) -> None:
    _comm(comm).Send(_Buffer(buf, count, datatype).spec, _rank(dest), tag)


def ssend(buf: Any, count: int, datatype: int, dest: int, tag: int, comm: int) -> None:
    _comm(comm).Ssend(_Buffer(buf, count, datatype).spec, _rank(dest), tag)


def recv(buf: Any, count: int, datatype: int, source: int, tag: int, comm: int,
         status: Any) -> Any:
    b = _Buffer(buf, count, datatype)
    st = _st().mpi.Status()
    _comm(comm).Recv(b.spec, _rank(source), _tag(tag), st)
    _fill_status(status, st)
    return b.result()


def sendrecv(sendbuf: Any, sendcount: int, sendtype: int, dest: int, sendtag: int,
             recvbuf: Any, recvcount: int, recvtype: int, source: int, recvtag: int,
             comm: int, status: Any) -> Any:
    r = _Buffer(recvbuf, recvcount, recvtype)
    st = _st().mpi.Status()
    _comm(comm).Sendrecv(_Buffer(sendbuf, sendcount, sendtype).spec, _rank(dest), sendtag,
                         r.spec, _rank(source), _tag(recvtag), st)
    _fill_status(status, st)
    return r.result()


def sendrecv_replace(buf: Any, count: int, datatype: int, dest: int, sendtag: int,
                     source: int, recvtag: int, comm: int, status: Any) -> Any:
    b = _Buffer(buf, count, datatype)
    st = _st().mpi.Status()
    _comm(comm).Sendrecv_replace(b.spec, _rank(dest), sendtag, _rank(source), _tag(recvtag), st)
    _fill_status(status, st)
    return b.result()


def probe(source: int, tag: int, comm: int, status: Any) -> None:
    st = _st().mpi.Status()
    _comm(comm).Probe(_rank(source), _tag(tag), st)
    _fill_status(status, st)


def iprobe(source: int, tag: int, comm: int, status: Any) -> bool:
    st = _st().mpi.Status()
    flag = bool(_comm(comm).Iprobe(_rank(source), _tag(tag), st))
    if flag:
        _fill_status(status, st)
    return flag


def _keep(request: Any, writeback: Callable[[], None] | None, buffer: Any) -> int:
    st = _st()
    handle = st.next_request
    st.next_request += 1
    st.requests[handle] = (request, writeback, buffer)
    return handle


def isend(buf: Any, count: int, datatype: int, dest: int, tag: int, comm: int) -> int:
    b = _Buffer(buf, count, datatype)  # a scalar's or a section's copy lives in the request
    return _keep(_comm(comm).Isend(b.spec, _rank(dest), tag), None, b)


def irecv(buf: np.ndarray, count: int, datatype: int, source: int, tag: int,
          comm: int) -> int:
    b = _Buffer(buf, count, datatype)
    if b.copied:
        raise ValueError("MPI_IRECV into an array section that is not contiguous: the copy "
                         "could not be written back at MPI_WAIT")
    return _keep(_comm(comm).Irecv(b.spec, _rank(source), _tag(tag)), None, b)


def wait(request: int, status: Any) -> int:
    return _wait(request, status, False)


def _wait(request: int, status: Any, error: bool) -> int:
    st = _st()
    if request == h.REQUEST_NULL:
        return h.REQUEST_NULL
    req, _, _ = st.requests.pop(request)
    s = st.mpi.Status()
    req.Wait(s)
    _fill_status(status, s, error)
    return h.REQUEST_NULL


def waitall(count: int, requests: np.ndarray, statuses: np.ndarray | None) -> None:
    for k in range(count):
        status = None if statuses is None else statuses[k] if statuses.ndim == 1 \
            else statuses[:, k]  # TYPE(MPI_Status) records, or INTEGER columns
        requests[k] = _wait(int(requests[k]), status, True)


# -- collectives
def bcast(buf: Any, count: int, datatype: int, root: int, comm: int) -> Any:
    b = _Buffer(buf, count, datatype)
    _comm(comm).Bcast(b.spec, root)
    return b.result()


def _op(handle: int) -> Any:
    if handle not in h.OPERATION_NAMES:
        raise ValueError(f"{handle} is not an MPI reduction operation of this program")
    return getattr(_st().mpi, h.OPERATION_NAMES[handle])


def reduce(sendbuf: Any, recvbuf: Any, count: int, datatype: int, op: int, root: int,
           comm: int) -> Any:
    c = _comm(comm)
    r = _Buffer(recvbuf, count, datatype) if c.Get_rank() == root else None
    send_spec = _send_spec(sendbuf, count, datatype)
    c.Reduce(send_spec, r.spec if r is not None else None, _op(op), root)
    return r.result() if r is not None else recvbuf


def allreduce(sendbuf: Any, recvbuf: Any, count: int, datatype: int, op: int,
              comm: int) -> Any:
    r = _Buffer(recvbuf, count, datatype)
    _comm(comm).Allreduce(_send_spec(sendbuf, count, datatype), r.spec, _op(op))
    return r.result()


def scan(sendbuf: Any, recvbuf: Any, count: int, datatype: int, op: int, comm: int) -> Any:
    r = _Buffer(recvbuf, count, datatype)
    _comm(comm).Scan(_send_spec(sendbuf, count, datatype), r.spec, _op(op))
    return r.result()


def exscan(sendbuf: Any, recvbuf: Any, count: int, datatype: int, op: int, comm: int) -> Any:
    """MPI_EXSCAN: rank 0's receive buffer is left as it was, as MPI leaves it undefined."""
    r = _Buffer(recvbuf, count, datatype)
    _comm(comm).Exscan(_send_spec(sendbuf, count, datatype), r.spec, _op(op))
    return r.result()


def _rooted(name: str, sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any,
            recvcount: int, recvtype: int, root: int, comm: int) -> Any:
    """GATHER and SCATTER: the root's side has `size` blocks, the others' one."""
    c = _comm(comm)
    here = c.Get_rank() == root
    many = c.Get_size()
    if name == "Gather":
        s = _send_spec(sendbuf, sendcount, sendtype)
        r = _Buffer(recvbuf, recvcount * many, recvtype) if here else None
        c.Gather(s, r.spec if r is not None else None, root)
        return r.result() if r is not None else recvbuf
    blocks = _Buffer(sendbuf, sendcount * many, sendtype).spec if here else None
    if recvbuf is None:  # MPI_IN_PLACE at the root
        c.Scatter(blocks, _st().mpi.IN_PLACE, root)
        return recvbuf
    r = _Buffer(recvbuf, recvcount, recvtype)
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
    c = _comm(comm)
    r = _Buffer(recvbuf, recvcount * c.Get_size(), recvtype)
    c.Allgather(_send_spec(sendbuf, sendcount, sendtype), r.spec)
    return r.result()


def alltoall(sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any, recvcount: int,
             recvtype: int, comm: int) -> Any:
    c = _comm(comm)
    r = _Buffer(recvbuf, recvcount * c.Get_size(), recvtype)
    c.Alltoall(_send_spec(sendbuf, sendcount * c.Get_size(), sendtype), r.spec)
    return r.result()


def _counted(buf: Any, counts: np.ndarray, displs: np.ndarray, handle: int,
             many: int) -> _Buffer:
    counts, displs = np.asarray(counts)[:many], np.asarray(displs)[:many]
    b = _Buffer(buf, int(max((displs + counts).max(initial=0), 0)), handle)
    b.spec = [b.flat, (counts.astype(int).tolist(), displs.astype(int).tolist()), b.mpitype]
    return b


def gatherv(sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any, recvcounts: np.ndarray,
            displs: np.ndarray, recvtype: int, root: int, comm: int) -> Any:
    c = _comm(comm)
    here = c.Get_rank() == root
    r = _counted(recvbuf, recvcounts, displs, recvtype, c.Get_size()) if here else None
    c.Gatherv(_send_spec(sendbuf, sendcount, sendtype), r.spec if r is not None else None,
              root)
    return r.result() if r is not None else recvbuf


def allgatherv(sendbuf: Any, sendcount: int, sendtype: int, recvbuf: Any,
               recvcounts: np.ndarray, displs: np.ndarray, recvtype: int, comm: int) -> Any:
    c = _comm(comm)
    r = _counted(recvbuf, recvcounts, displs, recvtype, c.Get_size())
    c.Allgatherv(_send_spec(sendbuf, sendcount, sendtype), r.spec)
    return r.result()


def scatterv(sendbuf: Any, sendcounts: np.ndarray, displs: np.ndarray, sendtype: int,
             recvbuf: Any, recvcount: int, recvtype: int, root: int, comm: int) -> Any:
    c = _comm(comm)
    here = c.Get_rank() == root
    s = _counted(sendbuf, sendcounts, displs, sendtype, c.Get_size()) if here else None
    r = _Buffer(recvbuf, recvcount, recvtype)
    c.Scatterv(s.spec if s is not None else None, r.spec, root)
    return r.result()
