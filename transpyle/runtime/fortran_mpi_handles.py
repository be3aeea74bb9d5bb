"""The named constants of `USE mpi` / `INCLUDE 'mpif.h'` as migrated programs see them.

Both the Fortran frontend (which declares them as PARAMETERs where a unit uses MPI) and the
runtime (`fortran_mpi`, which maps them onto mpi4py's objects) read this one table, so the two
always agree. The values are transpyle's own handles, not those of one MPI library's mpif.h
(Open MPI's and MPICH's differ, e.g. MPI_ANY_SOURCE); a program that prints a handle prints
another number than the original (docs/DIFFERENCES.md). The status layout is the runtime's:
an INTEGER array of MPI_STATUS_SIZE with the source, tag and error at MPI_SOURCE, MPI_TAG and
MPI_ERROR (1-based) and the received byte count after them.
"""

from __future__ import annotations

COMMUNICATORS = {"mpi_comm_world": 0, "mpi_comm_self": 1, "mpi_comm_null": 2}

# handle -> (NumPy dtype name, mpi4py datatype name); "mpi_byte" sends any buffer's bytes
DATATYPES: dict[str, tuple[int, str, str]] = {
    "mpi_byte": (1, "uint8", "BYTE"),
    "mpi_character": (2, "uint8", "CHAR"),
    "mpi_logical": (3, "bool", "C_BOOL"),
    "mpi_integer": (4, "int32", "INT32_T"),
    "mpi_real": (5, "float32", "FLOAT"),
    "mpi_double_precision": (6, "float64", "DOUBLE"),
    "mpi_complex": (7, "complex64", "C_FLOAT_COMPLEX"),
    "mpi_double_complex": (8, "complex128", "C_DOUBLE_COMPLEX"),
    "mpi_integer1": (9, "int8", "INT8_T"),
    "mpi_integer2": (10, "int16", "INT16_T"),
    "mpi_integer4": (11, "int32", "INT32_T"),
    "mpi_integer8": (12, "int64", "INT64_T"),
    "mpi_real4": (13, "float32", "FLOAT"),
    "mpi_real8": (14, "float64", "DOUBLE"),
    "mpi_complex16": (15, "complex128", "C_DOUBLE_COMPLEX"),
}

OPERATIONS = {"mpi_max": 1, "mpi_min": 2, "mpi_sum": 3, "mpi_prod": 4, "mpi_land": 5,
              "mpi_band": 6, "mpi_lor": 7, "mpi_bor": 8, "mpi_lxor": 9, "mpi_bxor": 10}
OPERATION_NAMES = {1: "MAX", 2: "MIN", 3: "SUM", 4: "PROD", 5: "LAND", 6: "BAND", 7: "LOR",
                   8: "BOR", 9: "LXOR", 10: "BXOR"}

ANY_SOURCE, ANY_TAG, PROC_NULL, ROOT, UNDEFINED = -1, -1, -2, -4, -32766
STATUS_SIZE, SOURCE, TAG, ERROR = 6, 1, 2, 3  # 1-based places in a status array
REQUEST_NULL = 0

# the special buffers and status arguments: recognised where they are passed (never values)
SPECIAL = ("mpi_in_place", "mpi_status_ignore", "mpi_statuses_ignore", "mpi_bottom")

CONSTANTS: dict[str, int] = {
    **COMMUNICATORS,
    **{name: spec[0] for name, spec in DATATYPES.items()},
    "mpi_datatype_null": 0,
    **OPERATIONS,
    "mpi_op_null": 0,
    "mpi_success": 0, "mpi_any_source": ANY_SOURCE, "mpi_any_tag": ANY_TAG,
    "mpi_proc_null": PROC_NULL, "mpi_root": ROOT, "mpi_undefined": UNDEFINED,
    "mpi_status_size": STATUS_SIZE, "mpi_source": SOURCE, "mpi_tag": TAG, "mpi_error": ERROR,
    "mpi_request_null": REQUEST_NULL,
    "mpi_thread_single": 0, "mpi_thread_funneled": 1, "mpi_thread_serialized": 2,
    "mpi_thread_multiple": 3,
    "mpi_max_processor_name": 256, "mpi_version": 3, "mpi_subversion": 1,
    "mpi_err_other": 16,
    **{name: 0 for name in SPECIAL},
}
