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

The modules, by job: `state` (mpi4py and this process's handles), `environment`, `comms`
(communicators, Cartesian topologies), `datatypes`, `buffers` (buffer arguments, statuses),
`point_to_point`, `collectives`; this package names their calls for the migrated code.
"""

from __future__ import annotations

from transpyle.runtime.fortran_mpi.buffers import (  # noqa: F401
    at,
    get_count,
)
from transpyle.runtime.fortran_mpi.collectives import (  # noqa: F401
    allgather,
    allgatherv,
    allreduce,
    alltoall,
    bcast,
    exscan,
    gather,
    gatherv,
    reduce,
    scan,
    scatter,
    scatterv,
)
from transpyle.runtime.fortran_mpi.comms import (  # noqa: F401
    barrier,
    cart_coords,
    cart_create,
    cart_rank,
    cart_shift,
    comm_dup,
    comm_free,
    comm_rank,
    comm_size,
    comm_split,
    dims_create,
    get_processor_name,
)
from transpyle.runtime.fortran_mpi.datatypes import (  # noqa: F401
    type_commit,
    type_contiguous,
    type_free,
    type_size,
    type_vector,
)
from transpyle.runtime.fortran_mpi.environment import (  # noqa: F401
    abort,
    finalize,
    finalized,
    init,
    init_thread,
    initialized,
    wtick,
    wtime,
)
from transpyle.runtime.fortran_mpi.point_to_point import (  # noqa: F401
    iprobe,
    irecv,
    isend,
    probe,
    recv,
    send,
    sendrecv,
    sendrecv_replace,
    ssend,
    wait,
    waitall,
)

IN_PLACE = None  # MPI_IN_PLACE where a send buffer goes
STATUS_IGNORE = None  # MPI_STATUS_IGNORE, MPI_STATUSES_IGNORE
