"""Golden Fortran of issue 14's NumPy arrays (tests/golden/reach/arrays14.py: SPREAD for
broadcasting, stretched copies of a length-1 axis, reshape, concatenate, x[idx], argmax along an
axis). Update with TRANSPYLE_UPDATE_GOLDEN=1; the file must build with gfortran -Wall -Werror
-std=f2008."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from transpyle import compile_file

CASE = Path(__file__).parent.parent / "golden" / "reach" / "arrays14.py"
GOLDEN = CASE.with_suffix(".f90")


def test_fortran_matches_golden() -> None:
    got = compile_file(CASE, to="fortran")
    if os.environ.get("TRANSPYLE_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(got)
    assert got == GOLDEN.read_text()


def test_golden_builds_without_warnings(tmp_path: Path) -> None:
    if shutil.which("gfortran") is None:
        pytest.skip("gfortran is not installed (`make test` installs it)")
    proc = subprocess.run(["gfortran", "-Wall", "-Werror", "-std=f2008", "-c", str(GOLDEN),
                           "-o", str(tmp_path / "out.o"), "-J", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
