"""Golden files: the readable Fortran of every case in tests/golden/cases.

Update them with `make golden` (TRANSPYLE_UPDATE_GOLDEN=1) and review the diff.
Every golden file must also compile with gfortran -Wall -Werror -std=f2008.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from transpyle import compile_file

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted((GOLDEN / "cases").glob("*.py"))
UPDATE = os.environ.get("TRANSPYLE_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fortran_matches_golden(case: Path) -> None:
    golden = GOLDEN / "fortran" / f"{case.stem}.f90"
    got = compile_file(case, to="fortran")
    if UPDATE:
        golden.write_text(got)
    assert golden.exists(), f"no golden file {golden}; run `make golden`"
    assert got == golden.read_text()


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_golden_compiles_without_warnings(case: Path, tmp_path: Path) -> None:
    if shutil.which("gfortran") is None:
        pytest.skip("gfortran is not installed (`make test` installs it)")
    golden = GOLDEN / "fortran" / f"{case.stem}.f90"
    proc = subprocess.run(
        ["gfortran", "-Wall", "-Werror", "-std=f2008", "-c", str(golden), "-o",
         str(tmp_path / "out.o"), "-J", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def test_ir_dump_is_stable() -> None:
    case = GOLDEN / "cases" / "blas.py"
    golden = GOLDEN / "ir" / "blas.ir"
    got = compile_file(case, to="ir")
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got)
    assert got == golden.read_text()


# -- the readable Python of migrated Fortran programs (tests/migrate_src -> golden/python)
MIGRATE_CASES = sorted((Path(__file__).parent / "migrate_src").glob("*.f*"))


@pytest.mark.parametrize("case", MIGRATE_CASES, ids=lambda p: p.name)
def test_migrated_python_matches_golden(case: Path) -> None:
    golden = GOLDEN / "python" / f"{case.stem}.py"
    got = compile_file(case, to="python")
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got)
    assert golden.exists(), f"no golden file {golden}; run `make golden`"
    assert got == golden.read_text()
