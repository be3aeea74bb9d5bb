"""One Fortran program run two ways, the gfortran build (-O0, no backtrace) and the migrated
Python, with the same command line arguments and environment: standard output bytes, exit
status and standard error compared (the contract of issue 12)."""

from __future__ import annotations

import dataclasses
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


@dataclasses.dataclass(frozen=True)
class Run:
    stdout: bytes
    stderr: bytes
    status: int


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    path = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    return dict(os.environ, PYTHONPATH=path, **(extra or {}))


def gfortran_run(tmp_path: Path, source: str, name: str = "prog.f90",
                 args: tuple[str, ...] = (), env: dict[str, str] | None = None) -> Run:
    src = tmp_path / name
    src.write_text(source)
    exe = tmp_path / (name + ".exe")
    build = subprocess.run(["gfortran", "-w", "-O0", "-fno-backtrace", str(src), "-o",
                            str(exe)], capture_output=True, text=True, cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    run = subprocess.run([str(exe), *args], capture_output=True, cwd=tmp_path, timeout=60,
                         env=_env(env))
    return Run(run.stdout, run.stderr, run.returncode)


def python_run(tmp_path: Path, source: str, name: str = "prog.f90",
               args: tuple[str, ...] = (), env: dict[str, str] | None = None) -> Run:
    script = tmp_path / (Path(name).stem + "_py.py")
    script.write_text(compile_fortran(source, "python", filename=name))
    run = subprocess.run([sys.executable, "-W", "error", script.name, *args], cwd=tmp_path,
                         env=_env(env), capture_output=True, timeout=120)
    return Run(run.stdout, run.stderr, run.returncode)


def assert_same_run(tmp_path: Path, source: str, name: str = "prog.f90",
                    args: tuple[str, ...] = (), env: dict[str, str] | None = None) -> Run:
    """Both runs give the same bytes on standard output and error and the same status."""
    want = gfortran_run(tmp_path, source, name, args, env)
    got = python_run(tmp_path, source, name, args, env)
    script = (tmp_path / (Path(name).stem + "_py.py")).read_text()
    assert got.stderr == want.stderr and got.status == want.status, (
        f"gfortran: status {want.status}, stderr {want.stderr!r}\n"
        f"python:   status {got.status}, stderr {got.stderr!r}\n{script}")
    if got.stdout != want.stdout:
        pairs = [f"{k}: gfortran {a!r}\n{k}: python   {b!r}"
                 for k, (a, b) in enumerate(zip(want.stdout.splitlines(),
                                                got.stdout.splitlines(), strict=False))
                 if a != b]
        raise AssertionError("outputs differ\n" + "\n".join(pairs[:20]) +
                             f"\n({len(want.stdout.splitlines())} vs "
                             f"{len(got.stdout.splitlines())} lines)\n{script}")
    return want


def wrapped(line: str, width: int = 100) -> str:
    """A free-form line continued with `&` where it is longer than `width`."""
    out, rest = [], line
    while len(rest) > width:
        cut = rest.rindex(", ", 0, width) + 2
        out.append(rest[:cut] + "&")
        rest = "    " + rest[cut:]
    return "\n".join([*out, rest])
