"""STOP, ERROR STOP, CALL EXIT and CALL ABORT as gfortran runs them: the same standard output
(flushed before the stop), the same line on standard error and the same exit status, for
codes chosen afresh each run (past 255 they wrap as the status does), messages, variables
and expressions as codes, stops inside loops and subroutines."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran, python_run

pytestmark = needs_gfortran

_STOPS = ("stop", "stop {n}", "stop '{w}'", "error stop", "error stop {n}",
          "error stop '{w}'", "stop k", "error stop k", "stop 'at ' // w",
          "error stop w", "call exit({n})", "call exit()", "call exit(k)", "error stop 0")


def stop_program(rng: np.random.Generator, stop: str) -> str:
    n = int(rng.integers(0, 400))
    word = "".join(rng.choice(list("abcxyz "), int(rng.integers(1, 8)))).strip() or "q"
    at = int(rng.integers(1, 6))
    x = rng.integers(-50, 50, 6)
    text = stop.format(n=n, w=word)
    return "\n".join([
        "program stops", "  implicit none", "  integer :: i, k, x(6)",
        "  character(len=6) :: w", f"  x = [{', '.join(str(v) for v in x)}]",
        f"  k = {int(rng.integers(1, 300))}", f"  w = '{word}'",
        "  do i = 1, 6", "    print *, i, x(i) * 3 - k",
        f"    if (i == {at}) call finish(k, w)", "  end do", "  print *, 'not reached'",
        "contains", "  subroutine finish(k, w)", "    integer, intent(in) :: k",
        "    character(len=*), intent(in) :: w", "    print '(A, I0)', 'finishing ', k",
        f"    {text}", "  end subroutine finish", "end program stops", ""])


@pytest.mark.parametrize("stop", _STOPS)
def test_stop_matches_gfortran(tmp_path: Path, stop: str) -> None:
    rng = np.random.default_rng()
    assert_same_run(tmp_path, stop_program(rng, stop))


def test_abort_dies_of_sigabrt_as_gfortran(tmp_path: Path) -> None:
    source = "\n".join(["program aborts", "  print *, 'lost in the buffer'", "  call abort",
                        "end program aborts", ""])
    run = assert_same_run(tmp_path, source)
    assert run.status == -6


def test_documented_difference_error_stop_prints_no_backtrace(tmp_path: Path) -> None:
    """gfortran's default build (-fbacktrace) follows the ERROR STOP line with 'Error
    termination. Backtrace:' and frames; the migrated program writes the line alone, as
    the -fno-backtrace build does (the harness's build)."""
    source = "\n".join(["program halts", "  print *, 'before'", "  error stop 7",
                        "end program halts", ""])
    (tmp_path / "prog.f90").write_text(source)
    exe = tmp_path / "default.exe"
    subprocess.run(["gfortran", "-w", "-O0", str(tmp_path / "prog.f90"), "-o", str(exe)],
                   check=True)
    default = subprocess.run([str(exe)], capture_output=True)
    got = python_run(tmp_path, source)
    assert default.returncode == got.status == 7 and default.stdout == got.stdout
    assert got.stderr == b"ERROR STOP 7\n"
    assert default.stderr.startswith(b"ERROR STOP 7\n\nError termination. Backtrace:")
