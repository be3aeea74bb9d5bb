"""What the MPI migration refuses, at the statement that needs it (no MPI needed to check)."""

from __future__ import annotations

import pytest

from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

HEAD = """\
program p
  use mpi
  implicit none
  integer :: ierr, req, k, newtype
  integer :: st(MPI_STATUS_SIZE)
  double precision :: d(4)
  call MPI_Init(ierr)
"""


@pytest.mark.parametrize(("line", "message"), [
    ("call MPI_Type_indexed(2, d, d, MPI_DOUBLE_PRECISION, newtype, ierr)",
     "MPI_TYPE_INDEXED is not supported"),
    ("call MPI_Send(d, 4, MPI_INTEGER, 0, 1, MPI_COMM_WORLD, ierr)",
     "a buffer of MPI_SEND is REAL(8) but its datatype is MPI_INTEGER"),
    ("call MPI_Recv(k, 1, MPI_DOUBLE_PRECISION, 0, 1, MPI_COMM_WORLD, st, ierr)",
     "a buffer of MPI_RECV is INTEGER(4) but its datatype is MPI_DOUBLE_PRECISION"),
    ("call MPI_Irecv(k, 1, MPI_INTEGER, 0, 1, MPI_COMM_WORLD, req, ierr)",
     "the buffer of MPI_IRECV must be an array"),
    ("call MPI_Send(d, 4, MPI_DOUBLE_PRECISION, 0, 1, MPI_COMM_WORLD)",
     None),  # IERR may be left out (as mpi_f08 allows): accepted
    ("call MPI_Send(d, 4, MPI_DOUBLE_PRECISION, 0, 1)",
     "MPI_SEND takes 7 arguments (the last IERR), not 5"),
    ("call MPI_Send(d, 4, MPI_DOUBLE_PRECISION, 0, 1, comm=MPI_COMM_WORLD, ierror=ierr)",
     "keyword arguments of MPI_SEND are not supported"),
    ("call MPI_Comm_rank(MPI_COMM_WORLD, 3, ierr)",
     "an argument it defines of MPI_COMM_RANK must be a variable"),
    ("call MPI_Recv(d, 4, MPI_DOUBLE_PRECISION, 0, 1, MPI_COMM_WORLD, MPI_IN_PLACE, ierr)",
     "MPI_IN_PLACE cannot be passed there to MPI_RECV"),
])
def test_refused_where_it_is_called(line: str, message: str | None) -> None:
    source = HEAD + f"  {line}\n  call MPI_Finalize(ierr)\nend program\n"
    if message is None:
        assert "fmpi.send(d, 4, mpi_double_precision" in compile_fortran(source, "python",
                                                                         filename="p.f90")
        return
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="p.f90")
    assert message in err.value.message
    assert (err.value.loc.file, err.value.loc.line) == ("p.f90", HEAD.count("\n") + 1)


def test_mpi_f08_handle_components_are_refused() -> None:
    """mpi_f08's handles are INTEGER handles in the migrated program: `comm%MPI_VAL` is not."""
    source = ("program p\n  use mpi_f08\n  implicit none\n  type(MPI_Comm) :: comm\n"
              "  integer :: h\n  comm = MPI_COMM_WORLD\n  h = comm%MPI_VAL\nend program\n")
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="p.f90")
    assert "comm % MPI_VAL" in err.value.message and err.value.loc.line == 7


def test_include_mpif_h_declares_the_constants() -> None:
    source = ("      PROGRAM P\n      IMPLICIT NONE\n      INCLUDE 'mpif.h'\n"
              "      INTEGER IERR, RANK, ST(MPI_STATUS_SIZE)\n      CALL MPI_INIT(IERR)\n"
              "      CALL MPI_COMM_RANK(MPI_COMM_WORLD, RANK, IERR)\n"
              "      PRINT *, RANK, MPI_WTIME() > 0\n      CALL MPI_FINALIZE(IERR)\n"
              "      END\n")
    python = compile_fortran(source, "python", filename="p.f")
    assert "rank = fmpi.comm_rank(mpi_comm_world)" in python
    assert "fmpi.wtime() > 0" in python
    assert "from transpyle.runtime import fortran_mpi as fmpi" in python
    other = source.replace("'mpif.h'", "'other.h'")
    with pytest.raises(TranspileError) as err:
        compile_fortran(other, "python", filename="p.f")
    assert "the included file was not found" in err.value.message and err.value.loc.line == 3
