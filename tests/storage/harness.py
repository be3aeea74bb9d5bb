"""Storage-association programs run two ways, the gfortran build and the Python that the
installed `transpyle` console script migrates them to; the contract is the same stdout bytes.

Programs live in `programs/`, with `@NAME@` placeholders that each test fills with fresh random
values (exact decimal literals, so gfortran and Python start from the same bits)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
PROGRAMS = Path(__file__).parent / "programs"
needs_gfortran = pytest.mark.skipif(shutil.which("gfortran") is None,
                                    reason="gfortran is not installed (`make test` installs it)")


def transpyle_exe() -> str:
    exe = Path(sys.executable).parent / "transpyle"
    return str(exe) if exe.exists() else "transpyle"


def f64(x: float) -> str:
    """A double precision literal of exactly `x`."""
    text = repr(float(x))
    return text.replace("e", "D") if "e" in text else text + "D0"


def fill(text: str, rng: random.Random) -> str:
    """`@R1@`... become random double precision literals, `@I1@`... random integers (each in
    parentheses, so that a negative one may follow an operator)."""
    for k in range(1, 10):
        text = text.replace(f"@R{k}@", f"({f64(rng.uniform(-4.0, 4.0))})")
        text = text.replace(f"@I{k}@", f"({rng.randint(-999, 999)})")
    return text


def program(name: str, rng: random.Random) -> str:
    return fill((PROGRAMS / name).read_text(), rng)


def gfortran_stdout(folder: Path, files: list[str]) -> bytes:
    exe = folder / "prog.exe"
    build = subprocess.run(["gfortran", "-w", "-O0", "-fallow-argument-mismatch", *files, "-o", str(exe)],
                           capture_output=True, text=True, cwd=folder)
    assert build.returncode == 0, build.stderr
    run = subprocess.run([str(exe)], capture_output=True, cwd=folder, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout


def python_stdout(script: Path) -> bytes:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    run = subprocess.run([sys.executable, "-W", "error", script.name], cwd=script.parent,
                         env=env, capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode() + "\n" + script.read_text()
    return run.stdout


def transpyle(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([transpyle_exe(), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def assert_same(want: bytes, got: bytes) -> None:
    if got != want:
        pairs = [f"{k}: gfortran {a!r}\n{k}: python   {b!r}"
                 for k, (a, b) in enumerate(zip(want.splitlines(), got.splitlines(),
                                                strict=False)) if a != b]
        raise AssertionError("outputs differ\n" + "\n".join(pairs[:20]) +
                             f"\n({len(want.splitlines())} vs {len(got.splitlines())} lines)")


def single_file(tmp_path: Path, source: str, name: str = "prog.f") -> tuple[bytes, bytes]:
    """(gfortran's stdout, the migrated program's stdout) for one source file."""
    (tmp_path / name).write_text(source)
    want = gfortran_stdout(tmp_path, [name])
    out = tmp_path / (Path(name).stem + "_py.py")
    proc = transpyle("compile", name, "--to", "python", "-o", out.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return want, python_stdout(out)
