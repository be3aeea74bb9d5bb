"""One launch of each single-plane kernel of issue 16 after a warm-up, for Nsight Compute.

    ncu --clock-control none --kernel-name regex:'^(sat|conv2d)_' --launch-skip-before-match 0 \\
        --section SpeedOfLight ... python3 benchmarks/gpu_profile.py

Each configuration runs twice (the first call compiles); profile the second with ncu's
``--launch-skip``/``--kernel-id`` or read both: the two launches are the same kernel.
"""

from __future__ import annotations

import sys

import cupy as cp

from transpyle.kernels import conv2d, sat

CONV = [(7, {}), (7, {"cols": 4}), (9, {}), (9, {"cols": 4}), (11, {}), (11, {"cols": 4})]


def main() -> int:
    rng = cp.random.default_rng(1)
    for n in (8192, 16384):
        x = rng.standard_normal((n, n), dtype=cp.float32)
        y = cp.empty_like(x)
        for knobs in ({}, {"pingpong": True}):
            for _ in range(2):
                sat(x, out=y, **knobs)
    x = rng.standard_normal((8192, 8192), dtype=cp.float32)
    y = cp.empty_like(x)
    for k, knobs in CONV:
        w = cp.asnumpy(rng.standard_normal((k, k), dtype=cp.float32))
        for _ in range(2):
            conv2d(x, w, out=y, **knobs)
    cp.cuda.Device().synchronize()
    print("profiled", len(CONV), "conv2d and 4 sat configurations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
