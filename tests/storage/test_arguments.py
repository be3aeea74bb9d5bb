"""Storage association of arguments, as F77 libraries use it: an array element passed as the
start of an array, `Y(1)` and `Y(*)` as assumed size, a scalar passed to an array dummy, a
matrix seen as a vector and back, INTEGER dummies over a REAL*8 work array. The migrated
program prints the bytes the gfortran build prints, on fresh random inputs."""

from __future__ import annotations

import random
import secrets
from pathlib import Path

import numpy as np
import pytest

from tests.storage.harness import assert_same, needs_gfortran, program, single_file, transpyle
from transpyle.runtime import storage


@needs_gfortran
def test_argument_storage_association_matches_gfortran(tmp_path: Path) -> None:
    rng = random.Random(secrets.randbits(64))
    want, got = single_file(tmp_path, program("arguments.f", rng))
    assert_same(want, got)


def test_integer_dummy_reads_the_bytes_of_a_double_work_array() -> None:
    rwork = np.random.default_rng().standard_normal(6)
    iw = storage.dummy(storage.sequence(rwork, 2), (-1,), np.int32)
    assert iw.size == 8 and np.shares_memory(iw, rwork)
    iw[0:2] = [7, -3]
    assert rwork[2:3].view(np.int32).tolist() == [7, -3]


def test_a_copy_is_never_taken_silently() -> None:
    a = np.zeros((4, 4), order="F")[1:3, 1:3]  # its column-major sequence is no view
    with pytest.raises(ValueError, match="contiguous"):
        storage.dummy(a, (4,), np.float64)


def test_a_scalar_to_an_array_argument_of_a_function_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fn.f").write_text(
        "      PROGRAM P\n      DOUBLE PRECISION S, G\n      S = 2.0D0\n"
        "      PRINT *, G(S)\n      END\n      DOUBLE PRECISION FUNCTION G(X)\n"
        "      DOUBLE PRECISION X(1)\n      G = X(1)\n      END\n")
    proc = transpyle("compile", "fn.f", "--to", "python", "-o", "fn.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "fn.f:4:7: error: a scalar passed to the array argument 'x'" in proc.stderr


@needs_gfortran
def test_documented_difference_a_common_scalar_passed_to_an_array_is_a_copy_during_the_call(
        tmp_path: Path) -> None:
    # docs/DIFFERENCES.md: the callee writes the one-element copy; the COMMON member it also
    # reads by name changes only when the call returns
    source = ("      PROGRAM P\n      DOUBLE PRECISION S\n      COMMON /C/ S\n"
              "      S = 1.0D0\n      CALL G(S)\n      PRINT '(ES25.17E3)', S\n      END\n"
              "      SUBROUTINE G(X)\n      DOUBLE PRECISION X(1), T\n      COMMON /C/ T\n"
              "      X(1) = 2.0D0\n      PRINT '(ES25.17E3)', T\n      END\n")
    want, got = single_file(tmp_path, source)
    assert want.split() == [b"2.00000000000000000E+000"] * 2
    assert got.split() == [b"1.00000000000000000E+000", b"2.00000000000000000E+000"]
