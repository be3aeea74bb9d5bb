"""A variable named like its Fortran module is renamed, and the module compiles."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import needs_gfortran
from transpyle import compile_source

SOURCE = """\
def scale(m: 'float[:]', f: float) -> None:
    for i in range(len(m)):
        m[i] = m[i] * f
"""


def test_a_variable_named_like_the_module_is_renamed(tmp_path: Path) -> None:
    needs_gfortran()
    fortran = compile_source(SOURCE, filename="m.py", module_name="m")
    assert "subroutine scale(m_1, f, m_n1)" in fortran
    assert "m_1(i) = m_1(i) * f" in fortran
    src = tmp_path / "m.f90"
    src.write_text(fortran)
    proc = subprocess.run(["gfortran", "-Wall", "-Werror", "-c", src.name], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
