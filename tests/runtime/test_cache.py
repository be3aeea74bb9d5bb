"""The build cache: damaged entries, an unwritable root, and `transpyle cache info|clear`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import needs_gfortran
from tests.runtime.test_build import FORTRAN
from transpyle.cli import main
from transpyle.runtime.build import BuildOptions
from transpyle.runtime.cache import entries, load_module, load_or_build


@pytest.fixture(autouse=True)
def _gfortran() -> None:
    needs_gfortran()


def test_an_entry_whose_extension_does_not_load_is_rebuilt(tmp_path: Path) -> None:
    so = load_or_build(FORTRAN, "tp_cache_a", BuildOptions(), tmp_path)
    so.write_bytes(b"not an ELF file")  # the completion marker stays: only loading can tell
    ext = load_module(FORTRAN, "tp_cache_a", BuildOptions(), tmp_path)
    assert ext.m.dot(np.ones(3), np.full(3, 2.0)) == 6.0
    assert so.read_bytes()[:4] == b"\x7fELF"


def test_an_unwritable_root_falls_back_with_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should go")
    with pytest.warns(RuntimeWarning, match="is not writable"):
        so = load_or_build(FORTRAN, "tp_cache_b", BuildOptions(), blocker / "cache")
    assert so.exists() and not so.is_relative_to(blocker)


def test_cache_info_and_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    load_or_build(FORTRAN, "tp_cache_c", BuildOptions(), tmp_path)
    load_or_build(FORTRAN, "tp_cache_d", BuildOptions(fastmath=True), tmp_path)
    assert main(["cache", "info", "--cache-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"cache directory: {tmp_path}" in out
    assert "entries: 2," in out
    assert "tp_cache_c" in out and "tp_cache_d" in out
    assert main(["cache", "clear", "--cache-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == f"removed 2 entries from {tmp_path}"
    assert entries(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".transpyle.gate", ".transpyle.lock", "CACHEDIR.TAG"]
