"""Output of migrated programs against gfortran's, character for character.

List-directed records (`fortran_io.list_directed`) and formatted ones (`fortran_io.formatted`,
through fortranformat) are compared with what a gfortran-built program prints for the same
values, fresh random ones included.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from transpyle.runtime import fortran_io as fio

pytestmark = pytest.mark.skipif(shutil.which("gfortran") is None,
                                reason="gfortran is not installed (`make test` installs it)")


def gfortran_output(tmp_path: Path, body: str) -> list[str]:
    src = tmp_path / "p.f90"
    src.write_text(f"program p\n{body}\nend program p\n")
    exe = tmp_path / "p"
    build = subprocess.run(["gfortran", "-ffree-line-length-none", str(src), "-o", str(exe)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    return subprocess.run([str(exe)], capture_output=True, text=True).stdout.splitlines()


def f77(x: float) -> str:
    return f"{x!r}".replace("e", "d") + ("d0" if "e" not in f"{x!r}" else "")


def test_list_directed_matches_gfortran(tmp_path: Path) -> None:
    rng = np.random.default_rng()
    r8 = np.concatenate([[0.0, 0.1, -2.5, 1e-10, 6.02e23, 1e17, 0.099999],
                         rng.normal(size=4) * 10.0 ** rng.integers(-12, 12, size=4)])
    r4 = np.array([0.0, 1.5, -0.1, 1.0e10, 3.0e-7, 123456.7, *rng.normal(size=3)],
                  dtype=np.float32)
    ints = rng.integers(-10**6, 10**6, size=3)
    body = "\n".join([
        f"print *, {', '.join(f77(float(x)) for x in r8)}",
        f"print *, {', '.join(repr(float(x)) + 'e0' if 'e' not in repr(float(x)) else repr(float(x)) for x in r4)}",  # noqa: E501
        f"print *, {', '.join(str(int(i)) for i in ints)}, 9000000000_8",
        "print *, (1.5d0, -0.25d0), (2.0, 3.0)",
        "print *, .true., .false., 'text', 'a', -123, 'b'",
        "print *, 'x', 1.0d0, 2",
    ])
    want = gfortran_output(tmp_path, body)
    got = [fio.list_directed(*r8), fio.list_directed(r4),
           fio.list_directed(*(np.int32(i) for i in ints), 9000000000),
           fio.list_directed(complex(1.5, -0.25), np.complex64(2 + 3j)),
           fio.list_directed(True, False, "text", "a", np.int32(-123), "b"),
           fio.list_directed("x", 1.0, np.int32(2))]
    assert got == want


FORMATS = [("(I5, 2F10.3, A, E12.4)", "7, 2.5d0, -3.25d0, ' x', 1d-3",
            [7, 2.5, -3.25, " x", 1e-3]),
           ("(3I4)", "1, 2, 3, 4, 5, 6, 7", [1, 2, 3, 4, 5, 6, 7]),
           ("('val=', F8.3, 1X, ES12.4)", "-0.0d0, 12345.678d0", [-0.0, 12345.678]),
           ("(L2, G12.5, D12.4, I6.3)", ".true., 0.5d0, 1.5d0, 42", [True, 0.5, 1.5, 42]),
           ("(2(A, I3, 1X))", "'a', 1, 'b', 22", ["a", 1, "b", 22])]


@pytest.mark.parametrize("fmt,fortran_values,values", FORMATS, ids=[f[0] for f in FORMATS])
def test_formatted_matches_gfortran(tmp_path: Path, fmt: str, fortran_values: str,
                                    values: list[object]) -> None:
    want = gfortran_output(tmp_path, f"print '{fmt.replace(chr(39), chr(39) * 2)}', "
                                     f"{fortran_values}")
    assert fio.formatted(fmt, *values).split("\n") == want
