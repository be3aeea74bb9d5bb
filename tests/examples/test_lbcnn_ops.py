"""LBCNN example: the loop kernels (compiled and in CPython) and the array back end against
transpyle's float64 NumPy references, on fresh random data."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from examples.lbcnn.ops import ArrayOps, LoopOps, anchor_taps, filter_gradient, make_ops
from tests.conftest import needs_gfortran
from transpyle.kernels import conv2d_reference, lbc_features_reference, make_anchors


def _backends() -> list[Any]:
    needs_gfortran()
    return [LoopOps(compiled=True), LoopOps(compiled=False), ArrayOps(np)]


def _conv_grads(x: np.ndarray, w: np.ndarray, dy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Reference gradients of sum(dy * conv(x, w)): dx by the adjoint (correlation with the
    flipped, transposed filter), dw from shifted copies of x."""
    k = w.shape[-1]
    dx = conv2d_reference(dy, w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
    p = k // 2
    h, wd = x.shape[2:]
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    dw = np.empty_like(w)
    for i in range(k):
        for j in range(k):
            dw[:, :, i, j] = np.einsum("nohw,nchw->oc", dy, padded[:, :, i:i + h, j:j + wd])
    return dx, dw


def test_anchor_taps_lists_every_non_zero_tap(rng: np.random.Generator) -> None:
    a = make_anchors(5, 3, 3, 0.4, int(rng.integers(2**31)))
    rebuilt = np.zeros((5, 3, 9), dtype=np.int64)
    taps = anchor_taps(a)
    rebuilt[taps[:, 0], taps[:, 1], taps[:, 2]] = taps[:, 3]
    assert len(taps) == np.count_nonzero(a)
    np.testing.assert_array_equal(rebuilt.reshape(a.shape), a)


def test_every_back_end_matches_the_references(rng: np.random.Generator) -> None:
    n, c, m, c_out = 3, 4, 6, 5
    h, w = int(rng.integers(3, 9)), int(rng.integers(3, 9))
    x = rng.normal(size=(n, c, 2 * h, 2 * w))
    wt = rng.normal(size=(c_out, c, 3, 3))
    dy = rng.normal(size=(n, c_out, 2 * h, 2 * w))
    anchors = make_anchors(m, c, 3, 0.5, int(rng.integers(2**31)))
    dz = rng.normal(size=(n, m, 2 * h, 2 * w))
    ref_dx, ref_dw = _conv_grads(x, wt, dy)
    ref_z = lbc_features_reference(x, anchors)
    # the anchors' adjoint: where z > 0, dz flows back through the flipped anchors
    ref_lbc_dx = conv2d_reference(dz * (ref_z > 0),
                                  anchors[:, :, ::-1, ::-1].transpose(1, 0, 2, 3).astype(float))
    pooled = x.reshape(n, c, h, 2, w, 2).max(axis=(3, 5))
    for ops in _backends():
        np.testing.assert_allclose(ops.conv(x, wt), conv2d_reference(x, wt), atol=1e-12)
        dx, dw = ops.conv_backward(x, wt, dy)
        np.testing.assert_allclose(dx, ref_dx, atol=1e-11, err_msg=ops.name)
        np.testing.assert_allclose(dw, ref_dw, atol=1e-11, err_msg=ops.name)
        z = ops.lbc_features(x, anchors)
        np.testing.assert_allclose(z, ref_z, atol=1e-12, err_msg=ops.name)
        np.testing.assert_allclose(ops.lbc_backward(ref_z, dz, anchors), ref_lbc_dx, atol=1e-11)
        y, arg = ops.maxpool(x)
        np.testing.assert_array_equal(y, pooled)
        back = ops.maxpool_backward(y, arg)
        # the gradient lands on each window's maximum, nowhere else
        np.testing.assert_array_equal(back != 0, x == np.repeat(np.repeat(pooled, 2, 2), 2, 3))


def test_float32_kernels_agree_with_float64(rng: np.random.Generator) -> None:
    needs_gfortran()
    ops = LoopOps(compiled=True)
    x = rng.normal(size=(4, 3, 8, 8)).astype(np.float32)
    wt = rng.normal(size=(7, 3, 3, 3)).astype(np.float32)
    y = ops.conv(x, wt)
    assert y.dtype == np.float32
    ref = conv2d_reference(x.astype(float), wt.astype(float))
    assert np.linalg.norm(y - ref) / np.linalg.norm(ref) < 1e-6


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown backend 'fortran'"):
        make_ops("fortran")


@pytest.mark.parametrize("k", [1, 3, 5])
def test_filter_gradient_view_matches_the_shifted_copies(k: int, rng: np.random.Generator) -> None:
    """The GPU back end's filter gradient (one strided view, one tensordot), run here on NumPy,
    against ArrayOps' k * k shifted copies, in float64 at odd shapes."""
    x = rng.normal(size=(3, 4, 7, 9))
    w = rng.normal(size=(5, 4, k, k))
    dy = rng.normal(size=(3, 5, 7, 9))
    _, ref = ArrayOps(np).conv_backward(x, w, dy)
    got = filter_gradient(np, x, dy, k)
    assert got.shape == w.shape
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)
