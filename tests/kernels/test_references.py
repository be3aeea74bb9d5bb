"""The NumPy references against naive loops, on fresh random data (CPU only)."""

from __future__ import annotations

import numpy as np
import pytest

from transpyle.kernels import (
    conv2d_reference,
    lbc_backward_input_reference,
    lbc_backward_reference,
    lbc_features_reference,
    lbc_reference,
    make_anchors,
    sat_reference,
)
from transpyle.kernels.common import relative_error as rel_err


def naive_correlate(x: np.ndarray, w: np.ndarray, padding: str = "same") -> np.ndarray:
    """(N, C_in, H, W) x (C_out, C_in, kh, kw) -> (N, C_out, H', W'), zero padding, loops:
    "same" pads (k - 1) // 2 before (torch's padding="same"), "valid" pads nothing."""
    n, c_in, h, wd = x.shape
    c_out, _, kh, kw = w.shape
    ph, pw = ((kh - 1) // 2, (kw - 1) // 2) if padding == "same" else (0, 0)
    oh, ow = (h, wd) if padding == "same" else (h - kh + 1, wd - kw + 1)
    out = np.zeros((n, c_out, oh, ow))
    for b in range(n):
        for o in range(c_out):
            for r in range(oh):
                for c in range(ow):
                    acc = 0.0
                    for ci in range(c_in):
                        for i in range(kh):
                            for j in range(kw):
                                rr, cc = r + i - ph, c + j - pw
                                if 0 <= rr < h and 0 <= cc < wd:
                                    acc += w[o, ci, i, j] * x[b, ci, rr, cc]
                    out[b, o, r, c] = acc
    return out


@pytest.mark.parametrize("shape,k", [((7, 9), (3, 3)), ((11, 5), (5, 3)), ((6, 6), (5, 5))])
def test_conv2d_reference_single_channel(rng, shape, k):
    x = rng.standard_normal(shape).astype(np.float32)
    w = rng.standard_normal(k).astype(np.float32)
    ref = naive_correlate(x[None, None].astype(np.float64), w[None, None].astype(np.float64))
    assert rel_err(conv2d_reference(x, w), ref[0, 0]) < 1e-13


@pytest.mark.parametrize(
    "shape,k,padding",
    [
        ((7, 9), (1, 1), "same"),
        ((7, 9), (2, 2), "same"),
        ((6, 11), (4, 3), "same"),
        ((5, 6), (6, 8), "same"),  # image smaller than the filter
        ((2, 1), (3, 5), "same"),
        ((1, 1), (1, 1), "same"),
        ((7, 9), (2, 4), "valid"),
        ((7, 9), (7, 9), "valid"),
        ((8, 8), (3, 1), "valid"),
    ],
)
def test_conv2d_reference_even_unit_and_large_filters(rng, shape, k, padding):
    x = rng.standard_normal(shape)
    w = rng.standard_normal(k)
    ref = naive_correlate(x[None, None], w[None, None], padding)[0, 0]
    got = conv2d_reference(x, w, padding)
    assert got.shape == ref.shape
    assert rel_err(got, ref) < 1e-13


def test_conv2d_reference_even_filter_pads_less_before():
    """torch's padding="same" for an even side: (k - 1) // 2 zeros before, k // 2 after."""
    x = np.zeros((6, 6))
    x[0, 0] = 1.0
    w = np.arange(1.0, 17.0).reshape(4, 4)
    y = conv2d_reference(x, w)
    # y[r, c] = sum w[i, j] x[r + i - 1, c + j - 1]: the impulse meets w[i, j] at (1 - i, 1 - j).
    assert (y[0, 0], y[0, 1], y[1, 0], y[1, 1]) == (w[1, 1], w[1, 0], w[0, 1], w[0, 0])
    assert np.count_nonzero(y) == 4


def test_conv2d_reference_is_correlation_not_convolution(rng):
    x = np.zeros((5, 5))
    x[2, 2] = 1.0
    w = rng.standard_normal((3, 3))
    # Correlating an impulse gives the filter flipped in both axes.
    np.testing.assert_allclose(conv2d_reference(x, w)[1:4, 1:4], w[::-1, ::-1])


def test_conv2d_reference_multi_channel(rng):
    x = rng.standard_normal((2, 3, 6, 7))
    w = rng.standard_normal((4, 3, 3, 3))
    assert rel_err(conv2d_reference(x, w), naive_correlate(x, w)) < 1e-13
    assert conv2d_reference(x[0], w).shape == (4, 6, 7)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "uint8"])
def test_sat_reference(rng, dtype):
    h, w = rng.integers(1, 40, size=2)
    x = (
        rng.integers(0, 200, size=(h, w))
        if dtype in ("int32", "uint8")
        else rng.standard_normal((h, w))
    ).astype(dtype)
    ref = sat_reference(x)
    for r in range(h):
        for c in range(w):
            assert ref[r, c] == pytest.approx(float(x[: r + 1, : c + 1].astype(np.float64).sum()))


def test_sat_reference_int32_wraps_like_numpy():
    x = np.full((4, 4), 2**30, dtype=np.int32)
    expected = np.cumsum(np.cumsum(x, axis=0, dtype=np.int32), axis=1, dtype=np.int32)
    np.testing.assert_array_equal(sat_reference(x), expected)


def test_make_anchors_are_sparse_ternary():
    a = make_anchors(64, 4, 3, density=0.3, seed=1)
    assert set(np.unique(a)) <= {-1, 0, 1}
    assert 0.2 < np.count_nonzero(a) / a.size < 0.4


@pytest.mark.parametrize("nonlinearity", ["relu", "sigmoid", "identity"])
def test_lbc_reference_matches_loops(rng, nonlinearity):
    x = rng.standard_normal((2, 3, 5, 6))
    a = make_anchors(4, 3, 3, density=0.5, seed=int(rng.integers(1000)))
    v = rng.standard_normal((2, 4))
    pre = naive_correlate(x, a.astype(np.float64))
    z = {"relu": np.maximum(pre, 0), "sigmoid": 1 / (1 + np.exp(-pre)), "identity": pre}[
        nonlinearity
    ]
    np.testing.assert_allclose(lbc_features_reference(x, a, nonlinearity), z, atol=1e-12)
    y = np.einsum("om,nmhw->nohw", v, z)
    np.testing.assert_allclose(lbc_reference(x, a, v, nonlinearity), y, atol=1e-12)
    g = rng.standard_normal(y.shape)
    grad = np.zeros_like(v)
    for o in range(2):
        for m in range(4):
            grad[o, m] = (g[:, o] * z[:, m]).sum()
    np.testing.assert_allclose(lbc_backward_reference(x, a, g, nonlinearity), grad, atol=1e-12)


def test_lbc_backward_reference_is_the_gradient(rng):
    """Finite differences of L = sum(g * y) with respect to the 1x1 weights."""
    x = rng.standard_normal((1, 2, 4, 4))
    a = make_anchors(3, 2, 3, seed=5)
    v = rng.standard_normal((2, 3))
    g = rng.standard_normal((1, 2, 4, 4))
    grad = lbc_backward_reference(x, a, g)
    eps = 1e-6
    for o in range(2):
        for m in range(3):
            dv = np.zeros_like(v)
            dv[o, m] = eps
            num = ((lbc_reference(x, a, v + dv) - lbc_reference(x, a, v - dv)) * g).sum() / (
                2 * eps
            )
            assert num == pytest.approx(grad[o, m], rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("nonlinearity", ["sigmoid", "identity", "relu"])
def test_lbc_backward_input_reference_is_the_gradient(rng, nonlinearity):
    """Finite differences of L = sum(g * y) with respect to every input element."""
    x = rng.standard_normal((2, 3, 5, 6))
    a = make_anchors(4, 3, 3, density=0.6, seed=int(rng.integers(2**31)))
    v = rng.standard_normal((2, 4))
    g = rng.standard_normal((2, 2, 5, 6))
    grad = lbc_backward_input_reference(x, a, v, g, nonlinearity)
    assert grad.shape == x.shape
    eps = 1e-6
    num = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        dx = np.zeros_like(x)
        dx[idx] = eps
        up = (lbc_reference(x + dx, a, v, nonlinearity) * g).sum()
        down = (lbc_reference(x - dx, a, v, nonlinearity) * g).sum()
        num[idx] = (up - down) / (2 * eps)
    if nonlinearity == "relu" and np.abs(lbc_features_reference(x, a, "identity")).min() < 1e-5:
        pytest.skip("a pre-activation within 1e-5 of the ReLU kink (finite differences break)")
    np.testing.assert_allclose(grad, num, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("nonlinearity", ["relu", "sigmoid", "identity"])
@pytest.mark.parametrize("k", [1, 3, 5])
def test_fused_lbc_backward_algorithm_matches_the_references(rng, nonlinearity, k):
    """lbc_layer_backward's three convolutions (run with the float64 correlation) give the
    gradients of lbc_backward_reference and lbc_backward_input_reference."""
    from transpyle.kernels import (
        lbc_backward_input_reference,
        lbc_backward_reference,
        lbc_gemm,
        make_anchors,
    )

    x = rng.standard_normal((2, 5, 9, 11)).astype(np.float32)
    anchors = make_anchors(7, 5, k, 0.5, seed=int(rng.integers(2**31))).astype(np.float32)
    v = rng.standard_normal((3, 7)).astype(np.float32)
    g = rng.standard_normal((2, 3, 9, 11)).astype(np.float32)
    dx, dw = lbc_gemm.lbc_layer_backward_reference(x, anchors, v, g, nonlinearity)
    np.testing.assert_allclose(dx, lbc_backward_input_reference(x, anchors, v, g, nonlinearity),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dw, lbc_backward_reference(x, anchors, g, nonlinearity),
                               rtol=1e-12, atol=1e-11)
