"""Shared fixtures for the kernel tests: fresh random data, GPU availability."""

from __future__ import annotations

import numpy as np
import pytest

from transpyle.errors import TranspileError


def gpu_unavailable_reason() -> str | None:
    """None when CuPy and a CUDA device are usable, else why not."""
    from transpyle.runtime import gpu

    try:
        gpu.cupy()
    except TranspileError as exc:
        return exc.message
    return None


@pytest.fixture
def rng() -> np.random.Generator:
    """A generator with a fresh seed each run; the seed is printed for reproduction."""
    seed = int(np.random.SeedSequence().entropy % 2**32)
    print(f"rng seed {seed}")
    return np.random.default_rng(seed)


def rel_err(got: np.ndarray, ref: np.ndarray) -> float:
    """||got - ref|| / ||ref|| in float64; NaN anywhere gives inf."""
    got = np.asarray(got, dtype=np.float64)
    if not np.isfinite(got).all():
        return float("inf")
    denom = np.linalg.norm(ref)
    return float(np.linalg.norm(got - ref) / (denom if denom > 0 else 1.0))
