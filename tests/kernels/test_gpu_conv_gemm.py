"""conv2d_layer (implicit GEMM) on the GPU against the float64 reference, fresh random inputs.

TF32: every element within 1e-3 of the sum of its products' magnitudes (a product of two
TF32-rounded values is off by at most about 2 * 2**-11 of its magnitude, as in cuDNN's TF32
mode); strict float32: within 1e-5, normwise and per element. Outputs are poisoned with NaN.
"""

from __future__ import annotations

import numpy as np
import pytest

from transpyle import kernels as tk
from transpyle.runtime.gpu import unavailable_reason as gpu_unavailable_reason

_REASON = gpu_unavailable_reason()
pytestmark = [pytest.mark.gpu, pytest.mark.skipif(_REASON is not None, reason=str(_REASON))]

LIMIT = {"tf32": 1e-3, "fp32": 1e-5}


def _case(rng, n, c, h, w, k, r, stride, padding, precision, **knobs):
    import cupy as cp

    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    wt = rng.standard_normal((k, c, r, r)).astype(np.float32)
    ref = tk.conv2d_layer_reference(x, wt, stride, padding)
    mag = tk.conv2d_layer_reference(np.abs(x), np.abs(wt), stride, padding)
    out = cp.full(ref.shape, np.nan, dtype=np.float32)
    got = tk.conv2d_layer(cp.asarray(x), cp.asarray(wt), stride=stride, padding=padding,
                          precision=precision, out=out, **knobs)
    assert got is out
    y = cp.asnumpy(got).astype(np.float64)
    assert np.isfinite(y).all(), "an output element was not written"
    norm = np.linalg.norm(y - ref) / np.linalg.norm(ref)
    worst = np.max(np.abs(y - ref) / mag)
    limit = LIMIT[precision]
    assert norm < limit and worst < limit, f"{precision}: norm {norm:.2e}, worst {worst:.2e}"


@pytest.mark.parametrize("precision", ["tf32", "fp32"])
@pytest.mark.parametrize("padding", ["same", "valid"])
@pytest.mark.parametrize("stride", [1, 2])
@pytest.mark.parametrize("r", [1, 3])
@pytest.mark.parametrize("dims", [(3, 5, 17, 19, 7), (2, 37, 22, 13, 70), (1, 64, 9, 11, 129)])
def test_layer_matches_float64(rng, dims, r, stride, padding, precision):
    _case(rng, *dims, r, stride, padding, precision)


@pytest.mark.parametrize("precision", ["tf32", "fp32"])
@pytest.mark.parametrize("tiles", [(64, 32, 16, 2), (128, 64, 32, 4), (128, 128, 32, 3),
                                   (32, 32, 8, 3)])
def test_layer_tile_knobs(rng, tiles, precision):
    bm, bn, bk, stages = tiles
    if precision == "fp32" and bn == 128:
        bn = 64
    _case(rng, 2, 19, 23, 21, 45, 3, 1, "same", precision, bm=bm, bn=bn, bk=bk, stages=stages)


def test_layer_rejects_host_arrays_and_wrong_dtype(rng):
    import cupy as cp

    x = cp.zeros((1, 2, 5, 5), dtype=cp.float32)
    w = cp.zeros((3, 2, 3, 3), dtype=cp.float32)
    with pytest.raises(ValueError, match="CuPy array"):
        tk.conv2d_layer(x, cp.asnumpy(w))
    with pytest.raises(ValueError, match="float32"):
        tk.conv2d_layer(x.astype(cp.float64), w)
