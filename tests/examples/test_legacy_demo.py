"""The legacy walk-through (`python -m examples.legacy`, part of `make demo`) runs and agrees."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import needs_gfortran

ROOT = Path(__file__).resolve().parents[2]


def test_legacy_walkthrough_output_is_identical_to_gfortran(tmp_path: Path) -> None:
    needs_gfortran()
    env = dict(os.environ, TRANSPYLE_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "examples.legacy"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "== identical to the gfortran build's output: True" in proc.stdout
    assert " cooled below 10 after   848 steps; centre   9.9903" in proc.stdout
    assert "(identical: True)" in proc.stdout
