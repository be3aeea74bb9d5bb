"""conv2d_layer (implicit GEMM) on the GPU against the float64 reference, fresh random inputs.

TF32: every element within 1e-3 of the sum of its products' magnitudes (a product of two
TF32-rounded values is off by at most about 2 * 2**-11 of its magnitude, as in cuDNN's TF32
mode); strict float32: within 1e-5, normwise and per element. Outputs are poisoned with NaN.
"""

from __future__ import annotations

import numpy as np
import pytest

from transpyle import kernels as tk
from transpyle.kernels.lbc_gemm import lbc_layer
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
@pytest.mark.parametrize("tiles", [
    {"bm": 64, "bn": 32, "cb": 4, "stages": 2}, {"bm": 128, "bn": 64, "stages": 4},
    {"bm": 128, "bn": 128}, {"bm": 32, "bn": 32, "wm": 32, "wn": 32}, {"bm": 256, "bn": 64},
    {"bm": 128, "bn": 64, "wm": 32, "wn": 32}, {"bm": 256, "bn": 32, "wm": 64, "wn": 32},
    {"bm": 128, "cb": 2, "stages": 2}, {"bm": 128, "bn": 32, "cb": 8},
], ids=lambda t: "-".join(f"{k}{v}" for k, v in t.items()))
def test_layer_tile_knobs(rng, tiles, precision):
    _case(rng, 2, 19, 23, 21, 45, 3, 1, "same", precision, **tiles)


def test_layer_repeated_shapes_use_their_own_launch(rng):
    """The per-shape launch cache: alternating shapes and precisions give each its result."""
    for _ in range(2):
        _case(rng, 1, 7, 9, 11, 5, 3, 1, "same", "tf32")
        _case(rng, 2, 7, 9, 11, 5, 3, 2, "valid", "fp32")
        _case(rng, 1, 7, 10, 11, 5, 1, 1, "same", "tf32")


def _lbc_case(rng, n, c, h, w, m, c_out, k, nonlinearity, **knobs):
    import cupy as cp

    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    anchors = tk.make_anchors(m, c, k, 0.5, seed=int(rng.integers(2**31))).astype(np.float32)
    v = rng.standard_normal((c_out, m)).astype(np.float32)
    ref = tk.lbc_reference(x, anchors, v, nonlinearity)
    z = tk.lbc_features_reference(x, anchors, nonlinearity)
    z_mag = tk.lbc_features_reference(np.abs(x), np.abs(anchors), "identity")
    mag = np.einsum("om,nmhw->nohw", np.abs(v), np.abs(z) + z_mag)
    out = cp.full(ref.shape, np.nan, dtype=np.float32)
    got = lbc_layer(cp.asarray(x), cp.asarray(anchors), cp.asarray(v),
                    nonlinearity=nonlinearity, out=out, **knobs)
    assert got is out
    y = cp.asnumpy(got).astype(np.float64)
    assert np.isfinite(y).all(), "an output element was not written"
    norm = np.linalg.norm(y - ref) / np.linalg.norm(ref)
    worst = np.max(np.abs(y - ref) / mag)
    assert norm < 1e-3 and worst < 1e-3, f"norm {norm:.2e}, worst {worst:.2e}"


@pytest.mark.parametrize("case", [
    (3, 5, 17, 19, 7, 3, 3, "relu"), (2, 32, 23, 21, 64, 32, 3, "relu"),
    (4, 16, 13, 15, 32, 16, 3, "sigmoid"), (1, 6, 9, 10, 100, 50, 5, "identity"),
    (2, 3, 9, 10, 20, 5, 1, "relu"), (1, 8, 11, 7, 128, 64, 3, "relu"),
], ids=lambda c: "-".join(map(str, c)))
def test_fused_lbc_layer_matches_float64(rng, case):
    _lbc_case(rng, *case)


@pytest.mark.parametrize("knobs", [{"bm": 64}, {"stages": 2}, {"wm": 64, "wn": 32},
                                   {"cb": 8}, {"bm": 256}])
def test_fused_lbc_layer_tile_knobs(rng, knobs):
    _lbc_case(rng, 2, 16, 19, 17, 64, 32, 3, "relu", **knobs)


def test_layer_rejects_host_arrays_and_wrong_dtype(rng):
    import cupy as cp

    x = cp.zeros((1, 2, 5, 5), dtype=cp.float32)
    w = cp.zeros((3, 2, 3, 3), dtype=cp.float32)
    with pytest.raises(ValueError, match="CuPy array"):
        tk.conv2d_layer(x, cp.asnumpy(w))
    with pytest.raises(ValueError, match="float32"):
        tk.conv2d_layer(x.astype(cp.float64), w)


def _conv64(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Stride-1 'same' correlation in float64 (odd filter sides)."""
    n, _c, h, w = a.shape
    r = b.shape[-1] // 2
    pad = np.pad(a, ((0, 0), (0, 0), (r, r), (r, r)))
    out = np.zeros((n, b.shape[0], h, w))
    for i in range(b.shape[-2]):
        for j in range(b.shape[-1]):
            out += np.einsum("kc,nchw->nkhw", b[:, :, i, j], pad[:, :, i:i + h, j:j + w])
    return out


def relu_dx_reference(x, anchors, v, g, mask):
    """dL/dx of the LBC layer in float64 with the ReLU's mask given (the kernel's own)."""
    a = anchors.astype(np.float64)
    dz = np.einsum("om,nohw->nmhw", v.astype(np.float64), g.astype(np.float64)) * mask
    return _conv64(dz, np.ascontiguousarray(a[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)))


@pytest.mark.parametrize("precision", ["tf32", "fp32"])
@pytest.mark.parametrize("nonlinearity", ["relu", "sigmoid"])
def test_fused_lbc_layer_backward_matches_float64(rng, nonlinearity, precision):
    """With ReLU, a pre-activation within rounding of 0 has its mask decided by the value the
    kernel computed (TF32 inputs: about 1e-3 off), and one flipped mask moves a whole term of
    dx (about 1e-2 of its norm at this size): the reference takes the mask of the kernel's own
    pre-activations, and at most 0.1% of them may differ in sign from float64's."""
    import cupy as cp

    from transpyle.kernels.lbc_gemm import lbc_layer_backward

    n, c, h, w, m, c_out = 2, 13, 17, 19, 40, 24
    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    anchors = tk.make_anchors(m, c, 3, 0.5, seed=int(rng.integers(2**31))).astype(np.float32)
    v = rng.standard_normal((c_out, m)).astype(np.float32)
    g = rng.standard_normal((n, c_out, h, w)).astype(np.float32)
    dx, dw = lbc_layer_backward(cp.asarray(x), cp.asarray(anchors), cp.asarray(v),
                                cp.asarray(g), nonlinearity=nonlinearity, precision=precision)
    ref_dx = tk.lbc_backward_input_reference(x, anchors, v, g, nonlinearity)
    if nonlinearity == "relu":
        pre = tk.conv2d_layer(cp.asarray(x), cp.asarray(anchors), precision=precision).get()
        pre64 = tk.lbc_features_reference(x, anchors, "identity")
        assert np.count_nonzero((pre > 0) != (pre64 > 0)) <= 1e-3 * pre.size
        ref_dx = relu_dx_reference(x, anchors, v, g, pre > 0)
    ref_dw = tk.lbc_backward_reference(x, anchors, g, nonlinearity)
    limit = 1e-5 if precision == "fp32" else 3e-3  # TF32: three products in a row
    for got, ref in ((dx, ref_dx), (dw, ref_dw)):
        y = cp.asnumpy(got).astype(np.float64)
        assert y.shape == ref.shape and np.isfinite(y).all()
        norm = np.linalg.norm(y - ref) / np.linalg.norm(ref)
        assert norm < limit, f"{precision} {nonlinearity}: norm {norm:.2e}"
