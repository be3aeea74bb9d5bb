"""Run one Fortran program two ways, the gfortran build and the migrated Python, and give
both standard outputs as bytes: the contract is that they are the same bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from transpyle.compiler import compile_fortran

ROOT = Path(__file__).parent.parent.parent
needs_gfortran = pytest.mark.skipif(shutil.which("gfortran") is None,
                                    reason="gfortran is not installed (`make test` installs it)")


def gfortran_stdout(tmp_path: Path, source: str, name: str = "prog.f90",
                    flags: tuple[str, ...] = ("-O0",)) -> bytes:
    src = tmp_path / name
    src.write_text(source)
    exe = tmp_path / (name + ".exe")
    build = subprocess.run(["gfortran", "-w", *flags, str(src), "-o", str(exe)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    run = subprocess.run([str(exe)], capture_output=True, cwd=tmp_path, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout


def python_stdout(tmp_path: Path, source: str, name: str = "prog.f90") -> bytes:
    script = tmp_path / (Path(name).stem + "_py.py")
    script.write_text(compile_fortran(source, "python", filename=name))
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    run = subprocess.run([sys.executable, "-W", "error", script.name], cwd=tmp_path, env=env,
                         capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode() + "\n" + script.read_text()
    return run.stdout


def assert_same_stdout(tmp_path: Path, source: str, name: str = "prog.f90") -> None:
    want = gfortran_stdout(tmp_path, source, name)
    got = python_stdout(tmp_path, source, name)
    if got != want:
        pairs = [f"{k}: gfortran {a!r}\n{k}: python   {b!r}"
                 for k, (a, b) in enumerate(zip(want.splitlines(), got.splitlines(),
                                                strict=False)) if a != b]
        raise AssertionError("outputs differ\n" + "\n".join(pairs[:20]) +
                             f"\n({len(want.splitlines())} vs {len(got.splitlines())} lines)")


def f64(x: float) -> str:
    """A double precision literal of exactly `x`."""
    text = repr(float(x))
    return text.replace("e", "d") if "e" in text else text + "d0"


def f32(x: float) -> str:
    """A default real literal of exactly the float32 `x`."""
    text = repr(float(np.float32(x)))
    return text if "e" in text else text + "e0"
