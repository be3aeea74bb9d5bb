"""The command line, as a user runs it: exit codes, output files, diagnostics."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CASES = Path(__file__).parent / "golden"
ERRORS = Path(__file__).parent / "errors"


# the installed console script, as a user runs it (next to the interpreter running the tests)
SCRIPT = str(Path(sys.executable).parent / "transpyle")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, cwd=cwd)


def test_compile_to_stdout_matches_golden() -> None:
    proc = run("compile", str(CASES / "cases" / "blas.py"), "--to", "fortran")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (CASES / "fortran" / "blas.f90").read_text()


def test_compile_to_file(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "blas.f90"
    proc = run("compile", str(CASES / "cases" / "blas.py"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text() == (CASES / "fortran" / "blas.f90").read_text()
    assert proc.stdout == ""
    assert [p.name for p in out.parent.iterdir()] == ["blas.f90"]  # no temporary left


def test_user_error_exits_2_without_traceback_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.f90"
    src = ERRORS / "list_comprehension.py"
    proc = run("compile", str(src), "-o", str(out))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{src}:4:10: error: list comprehension with an if clause "
                                  "whose iterables or conditions call a function")
    assert "    ys = [x * k for k in range(3) if math.floor(k)]" in proc.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_existing_output_survives_a_failed_run(tmp_path: Path) -> None:
    out = tmp_path / "out.f90"
    out.write_text("keep me")
    proc = run("compile", str(ERRORS / "type_clash.py"), "-o", str(out))
    assert proc.returncode == 2
    assert out.read_text() == "keep me"


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    proc = run("compile", str(tmp_path / "nope.py"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: no such file: {tmp_path / 'nope.py'}"


def test_ir_dump() -> None:
    proc = run("compile", str(CASES / "cases" / "blas.py"), "--to", "ir")
    assert proc.returncode == 0
    assert proc.stdout == (CASES / "ir" / "blas.ir").read_text()


def test_console_script_entry_point() -> None:
    proc = run("compile", str(ERRORS / "missing_type.py"))
    assert proc.returncode == 2 and "error:" in proc.stderr and "Traceback" not in proc.stderr
