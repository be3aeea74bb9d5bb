"""Buffer arguments (arrays, elements of arrays, sections, scalars) as mpi4py's buffer
specifications, and statuses."""

from __future__ import annotations

from typing import Any

import numpy as np

from transpyle.runtime import fortran_mpi_handles as h
from transpyle.runtime.fortran_mpi.datatypes import datatype_of
from transpyle.runtime.fortran_mpi.state import current

_BYTE, _CHAR = h.DATATYPES["mpi_byte"][0], h.DATATYPES["mpi_character"][0]


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


class Buffer:
    """One buffer argument: the 1-D array MPI reads or writes, and how its result reaches the
    migrated program (the array itself, the copied-out section, or a new scalar value)."""

    def __init__(self, value: Any, count: int, handle: int) -> None:
        name, dtype, self.mpitype, derived = datatype_of(handle)
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


def send_buffer(value: Any, count: int, handle: int) -> Any:
    return current().mpi.IN_PLACE if value is None else Buffer(value, count, handle).spec


def rank_of(value: int) -> int:
    mpi = current().mpi
    return {h.ANY_SOURCE: mpi.ANY_SOURCE, h.PROC_NULL: mpi.PROC_NULL}.get(value, value)


def tag_of(value: int) -> int:
    return current().mpi.ANY_TAG if value == h.ANY_TAG else value


def fill_status(status: Any, st: Any, error: bool = False) -> None:
    """An INTEGER status array (`USE mpi`) or a TYPE(MPI_Status) record (`USE mpi_f08`).
    MPI_ERROR is set (to MPI_SUCCESS) by the calls that complete several requests only
    (`error`): "message-passing calls do not modify the value of the error code field"
    (MPI 4.0, 3.2.5), so after MPI_RECV or MPI_WAIT it keeps what the program put there."""
    if status is None:
        return
    mpi = current().mpi
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
    size = int(datatype_of(datatype)[2].Get_size())
    nbytes = int(status[h.ERROR]) if isinstance(status, np.ndarray) else status.count_bytes
    return nbytes // size if nbytes % size == 0 else h.UNDEFINED
