"""COMMON blocks that units lay out differently are ONE storage (one byte buffer, a view per
layout), in one file and across the files of a migrated tree: the migrated program prints the
bytes the gfortran build prints."""

from __future__ import annotations

import random
import secrets
from pathlib import Path

from tests.storage.harness import (
    PROGRAMS,
    assert_same,
    fill,
    gfortran_stdout,
    needs_gfortran,
    program,
    python_stdout,
    single_file,
    transpyle,
)


def fresh() -> random.Random:
    return random.Random(secrets.randbits(64))


@needs_gfortran
def test_common_laid_out_differently_in_one_file_is_one_storage(tmp_path: Path) -> None:
    # RLS(218), ILS(39) / A, B, C(216), I1, I2(38) / S(2,109), T(3,13); and I, D, J against
    # W(6), where gfortran pads 4 bytes before D
    want, got = single_file(tmp_path, program("common_layouts.f", fresh()))
    assert_same(want, got)


@needs_gfortran
def test_migrated_tree_shares_common_blocks_laid_out_differently(tmp_path: Path) -> None:
    rng = fresh()
    src = tmp_path / "src"
    src.mkdir()
    names = ["main.f", "sub1.f", "sub2.f"]
    for name in names:
        (src / name).write_text(fill((PROGRAMS / "tree" / name).read_text(), rng))
    want = gfortran_stdout(src, names)
    proc = transpyle("migrate", "src", "-o", "py", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    shared = (tmp_path / "py" / "fortran_common.py").read_text()
    assert "storage.common(" in shared and "SimpleNamespace" not in shared
    assert_same(want, python_stdout(tmp_path / "py" / "main.py"))


def test_a_character_member_of_a_block_laid_out_differently_is_refused(tmp_path: Path
                                                                        ) -> None:
    (tmp_path / "bad.f").write_text(
        "      PROGRAM P\n      CHARACTER*8 S\n      COMMON /B/ S\n      S = 'ABC'\n"
        "      CALL Q\n      END\n      SUBROUTINE Q\n      DOUBLE PRECISION D\n"
        "      COMMON /B/ D\n      PRINT *, D\n      END\n")
    proc = transpyle("compile", "bad.f", "--to", "python", "-o", "bad.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "bad.f:2:7: error: COMMON /b/ is laid out differently" in proc.stderr
    assert "'s' is not a numeric variable" in proc.stderr
    assert not (tmp_path / "bad.py").exists()
