"""Run one Fortran program as the gfortran -O0 build and as the migrated Python, each in a
folder of its own with the same input files and standard input, and compare standard output
and the bytes of every file each one leaves: the contract is that they are the same bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from transpyle.compiler import compile_fortran

ROOT = Path(__file__).parent.parent.parent
needs_gfortran = pytest.mark.skipif(shutil.which("gfortran") is None,
                                    reason="gfortran is not installed (`make test` installs it)")


def _files(folder: Path, skip: set[str]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name not in skip}


def build(tmp_path: Path, source: str, name: str = "prog.f90",
          flags: tuple[str, ...] = ()) -> Path:
    src = tmp_path / name
    src.write_text(source)
    exe = tmp_path / (name + ".exe")
    done = subprocess.run(["gfortran", "-w", "-O0", *flags, str(src), "-o", str(exe)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return exe


def run_gfortran(exe: Path, folder: Path, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([str(exe)], cwd=folder, input=stdin, capture_output=True,
                          timeout=60)


def migrate(tmp_path: Path, source: str, name: str = "prog.f90") -> Path:
    script = tmp_path / (Path(name).stem + "_py.py")
    script.write_text(compile_fortran(source, "python", filename=name))
    return script


def run_python(script: Path, folder: Path, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-W", "error", str(script)], cwd=folder, env=env,
                          input=stdin, capture_output=True, timeout=120)


def assert_same_io(tmp_path: Path, source: str, inputs: dict[str, bytes] | None = None,
                   stdin: bytes = b"", name: str = "prog.f90") -> bytes:
    """Both runs from fresh copies of `inputs`; returns the (common) standard output."""
    exe = build(tmp_path, source, name)
    script = migrate(tmp_path, source, name)
    runs = {}
    for who in ("gfortran", "python"):
        folder = tmp_path / who
        folder.mkdir()
        for fname, data in (inputs or {}).items():
            (folder / fname).write_bytes(data)
        done = run_gfortran(exe, folder, stdin) if who == "gfortran" else \
            run_python(script, folder, stdin)
        assert done.returncode == 0, f"{who}: {done.stderr.decode()}\n{script.read_text()}"
        runs[who] = done.stdout, _files(folder, set())
    (want, want_files), (got, got_files) = runs["gfortran"], runs["python"]
    assert got == want, f"stdout differs\ngfortran {want!r}\npython   {got!r}\n" + \
        script.read_text()
    assert sorted(got_files) == sorted(want_files), (sorted(want_files), sorted(got_files))
    for fname in want_files:
        assert got_files[fname] == want_files[fname], \
            f"{fname} differs\ngfortran {want_files[fname][:300]!r}\n" \
            f"python   {got_files[fname][:300]!r}"
    return got
