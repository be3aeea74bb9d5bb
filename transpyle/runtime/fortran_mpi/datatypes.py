"""The datatypes of MPI calls: the predefined ones and those the program makes
(MPI_TYPE_CONTIGUOUS, MPI_TYPE_VECTOR)."""

from __future__ import annotations

from typing import Any

import numpy as np

from transpyle.runtime import fortran_mpi_handles as h
from transpyle.runtime.fortran_mpi.state import current

_TYPES = {spec[0]: (name, np.dtype(spec[1]), spec[2]) for name, spec in h.DATATYPES.items()}


def datatype_of(handle: int) -> tuple[str, np.dtype[Any], Any, bool]:
    """The datatype's name, the NumPy type of its elements, mpi4py's datatype, and whether
    the program made it (MPI_TYPE_VECTOR, ...)."""
    st = current()
    if handle in st.derived:
        return (*st.derived[handle], True)
    if handle not in _TYPES:
        raise ValueError(f"{handle} is not an MPI datatype of this program")
    name, dtype, mpiname = _TYPES[handle]
    return name, dtype, getattr(st.mpi, mpiname), False


def _new_type(t: Any, oldtype: int) -> int:
    st = current()
    name, dtype, _, _ = datatype_of(oldtype)
    handle = st.next_type
    st.next_type += 1
    st.derived[handle] = (name, dtype, t)
    return handle


def type_contiguous(count: int, oldtype: int) -> int:
    return _new_type(datatype_of(oldtype)[2].Create_contiguous(count), oldtype)


def type_vector(count: int, blocklength: int, stride: int, oldtype: int) -> int:
    return _new_type(datatype_of(oldtype)[2].Create_vector(count, blocklength, stride), oldtype)


def _derived(handle: int) -> Any:
    if handle not in current().derived:
        raise ValueError(f"{handle} is not a datatype the program made")
    return current().derived[handle][2]


def type_commit(datatype: int) -> int:
    _derived(datatype).Commit()
    return datatype


def type_free(datatype: int) -> int:
    _derived(datatype).Free()
    del current().derived[datatype]
    return h.CONSTANTS["mpi_datatype_null"]


def type_size(datatype: int) -> int:
    return int(datatype_of(datatype)[2].Get_size())
