"""The build routes (direct, f2py+meson, f2py+distutils) and how they fail."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import needs_gfortran
from transpyle.errors import TranspileError
from transpyle.runtime.build import BuildOptions, build_extension, load_extension

FORTRAN = """\
module m
  implicit none
contains
  function dot(x, y, n) result(s)
    integer(8), intent(in) :: n
    real(8), intent(in) :: x(0:n-1), y(0:n-1)
    real(8) :: s
    integer(8) :: i
    s = 0d0
    do i = 0, n - 1
      s = s + x(i) * y(i)
    end do
  end function dot
  subroutine twice(a, n)
    integer(8), intent(in) :: n
    integer(4), intent(inout) :: a(0:n-1)
    a = 2 * a
  end subroutine twice
end module m
"""

BACKENDS = ["direct", "meson"] + (["distutils"] if sys.version_info < (3, 12) else [])


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_route_builds_a_working_module(backend: str, tmp_path: Path, rng) -> None:
    needs_gfortran()
    src = tmp_path / "mod.f90"
    src.write_text(FORTRAN)
    name = f"tp_build_{backend}"
    ext = load_extension(build_extension(src, name, tmp_path, BuildOptions(backend=backend),
                                         support_dir=tmp_path / "support"), name)
    x, y = rng.normal(size=41), rng.normal(size=41)
    assert ext.m.dot(x, y) == pytest.approx(float(np.dot(x, y)), rel=1e-13)
    a = rng.integers(-1000, 1000, size=13).astype(np.int32)
    expected = 2 * a
    ext.m.twice(a)
    np.testing.assert_array_equal(a, expected)


def test_a_failed_build_shows_the_compiler_message_and_the_file(tmp_path: Path) -> None:
    needs_gfortran()
    src = tmp_path / "broken.f90"
    src.write_text("module m\nimplicit none\ncontains\n  subroutine s(x)\n    real(8) :: x\n"
                   "    x = y_undeclared + 1\n  end subroutine\nend module\n")
    with pytest.raises(TranspileError) as err:
        build_extension(src, "tp_broken", tmp_path)
    text = err.value.render()
    assert "gfortran exited with code 1" in text
    assert "y_undeclared" in text  # the compiler's own message
    assert str(src) in text
    assert src.exists()  # the generated file is kept for the user to read


def test_a_missing_compiler_is_a_clear_error(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FC", "no-such-fortran-compiler")
    src = tmp_path / "mod.f90"
    src.write_text(FORTRAN)
    with pytest.raises(TranspileError, match="no Fortran compiler found") as err:
        build_extension(src, "tp_nofc", tmp_path)
    assert "apt-get install -y gfortran" in err.value.render()


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown build backend 'cmake'"):
        BuildOptions(backend="cmake")
