"""`transpyle compile mod.py` on a whole module (issue 14), run as a user runs it: every
function that translates is written, each refused one is reported at its location (and each
function that calls a refused one, at its call), and the exit status is 2 if any was refused.
The translation of the rest is the one of a module that holds only them, and it compiles."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_cli_files import transpyle
from transpyle.compiler import compile_source

MODULE = '''\
import numpy as np


def good(x: float) -> float:
    return x * 2.0


def bad(x: float) -> float:
    ys = {x for k in range(3)}
    return x


def uses_bad(x: float) -> float:
    return bad(x) + good(x)


def uses_uses(x: float) -> float:
    return uses_bad(x)


def clash(x: float) -> int:
    n = 3
    n = x * 2.0
    return n


def fine(a: 'float[:]') -> float:
    return good(a[0]) + a[-1]
'''
KEPT = '''\
import numpy as np


def good(x: float) -> float:
    return x * 2.0


def fine(a: 'float[:]') -> float:
    return good(a[0]) + a[-1]
'''


@pytest.fixture
def mod(tmp_path: Path) -> Path:
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    return path


def test_refused_functions_are_reported_and_the_rest_written(mod: Path, tmp_path: Path) -> None:
    out = tmp_path / "mod.f90"
    proc = transpyle("compile", mod, "--to", "fortran", "-o", out)
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert errors == [
        f"{mod}:9:10: error: set comprehension is not supported in translated functions",
        f"{mod}:14:12: error: calls 'bad', which is not translated",
        f"{mod}:18:12: error: calls 'uses_bad', which is not translated",
        f"{mod}:23:5: error: 'n' is int64 but is assigned a value of type float64",
    ]
    assert "    ys = {x for k in range(3)}" in proc.stderr  # the source line and its caret
    # the rest: what a module of only the translated functions gives, byte for byte
    kept = compile_source(KEPT, "fortran", filename=str(mod))
    assert out.read_text() == kept
    if shutil.which("gfortran"):
        built = subprocess.run(["gfortran", "-Wall", "-Werror", "-c", "-o", str(tmp_path / "m.o"),
                                str(out)], capture_output=True, text=True, cwd=tmp_path)
        assert built.returncode == 0, built.stderr


def test_to_standard_output_and_other_targets(mod: Path) -> None:
    for target in ("python", "ir", "fortran"):
        proc = transpyle("compile", mod, "--to", target)
        assert proc.returncode == 2, proc.stderr
        assert "good" in proc.stdout and "fine" in proc.stdout
        assert "uses_bad" not in proc.stdout and "clash" not in proc.stdout


def test_a_module_that_translates_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "ok.py"
    path.write_text(KEPT)
    proc = transpyle("compile", path)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout == compile_source(KEPT, "fortran", filename=str(path))


def test_nothing_left_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "all_bad.py"
    path.write_text("def f(x: float) -> float:\n    return {x}\n\n\n"
                    "def g(x: float) -> float:\n    return f(x)\n")
    out = tmp_path / "out.f90"
    proc = transpyle("compile", path, "-o", out)
    assert proc.returncode == 2 and not out.exists()
    assert f"{path}:2:12: error: set is not supported" in proc.stderr
    assert f"{path}:6:12: error: calls 'f', which is not translated" in proc.stderr


def test_an_error_outside_every_function_stops_the_module(tmp_path: Path) -> None:
    path = tmp_path / "syntax.py"
    path.write_text("def f(x: float) -> float:\n    return x\n\ndef (:\n")
    out = tmp_path / "out.f90"
    proc = transpyle("compile", path, "-o", out)
    assert proc.returncode == 2 and not out.exists()
    assert proc.stderr.startswith(f"{path}:4:")
