"""GPU kernels against the float64 NumPy references on fresh random inputs.

Every output is poisoned (NaN, or a sentinel for integers) before the kernel runs, so an element
the kernel forgets to write fails the comparison.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from transpyle.errors import TranspileError
from transpyle.kernels import (
    conv2d,
    conv2d_reference,
    lbc,
    lbc_backward,
    lbc_backward_reference,
    lbc_features,
    lbc_features_reference,
    lbc_reference,
    make_anchors,
    sat,
    sat_reference,
)
from transpyle.kernels.common import relative_error as rel_err
from transpyle.runtime.gpu import unavailable_reason as gpu_unavailable_reason

_REASON = gpu_unavailable_reason()
pytestmark = [pytest.mark.gpu, pytest.mark.skipif(_REASON is not None, reason=str(_REASON))]

CONV_TOL = {"float32": 1e-5, "float64": 1e-12}


def poisoned(cp, shape, dtype):
    out = cp.empty(shape, dtype=dtype)
    out.fill(np.nan if np.dtype(dtype).kind == "f" else -123456789)
    return out


def _conv_case(rng, x_shape, w_shape, dtype):
    import cupy as cp

    x = rng.standard_normal(x_shape).astype(dtype)
    w = rng.standard_normal(w_shape).astype(dtype)
    ref = conv2d_reference(x, w)
    out = poisoned(cp, ref.shape, dtype)
    got = conv2d(cp.asarray(x), cp.asarray(w), out=out)
    assert got is out
    err = rel_err(cp.asnumpy(got), ref)
    assert err < CONV_TOL[dtype], f"rel err {err:.3g} for x {x_shape}, w {w_shape}, {dtype}"


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("k", [3, 5, 7, 9, 11, 13, 15])
@pytest.mark.parametrize("shape", [(15, 17), (31, 33), (67, 301), (257, 129)])
def test_conv2d_single_channel(rng, dtype, k, shape):
    if k > min(shape):
        pytest.skip("filter larger than image")
    _conv_case(rng, shape, (k, k), dtype)


@pytest.mark.parametrize("w_shape", [(3, 7), (7, 3), (15, 3)])
def test_conv2d_rectangular_filters(rng, w_shape):
    _conv_case(rng, (45, 70), w_shape, "float32")


def test_conv2d_filter_as_large_as_image(rng):
    _conv_case(rng, (15, 15), (15, 15), "float32")
    _conv_case(rng, (3, 40), (3, 3), "float64")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_conv2d_multi_channel(rng, dtype):
    _conv_case(rng, (3, 40, 37), (5, 3, 3, 3), dtype)
    _conv_case(rng, (2, 4, 33, 65), (6, 4, 5, 5), dtype)


def test_conv2d_many_output_channels_take_several_launches(rng):
    # 64 inputs x 7x7 float32 = 12.5 kB per output channel: 2 output channels per launch.
    _conv_case(rng, (1, 64, 20, 20), (5, 64, 7, 7), "float32")


def test_conv2d_large(rng):
    _conv_case(rng, (1025, 2049), (5, 5), "float32")


def test_conv2d_rejects_host_arrays_and_bad_out():
    import cupy as cp

    x = cp.zeros((8, 8), dtype=cp.float32)
    with pytest.raises(TranspileError, match="CuPy array"):
        conv2d(np.zeros((8, 8), np.float32), np.ones((3, 3), np.float32))
    with pytest.raises(TranspileError, match="out has shape"):
        conv2d(x, np.ones((3, 3), np.float32), out=cp.zeros((8, 9), cp.float32))


SAT_CASES = [
    ("float32", None),
    ("float64", None),
    ("int32", None),
    ("uint8", "int32"),
    ("uint8", "float32"),
]
SAT_SHAPES = [(1, 1), (1, 37), (29, 1), (7, 5), (31, 33), (32, 128), (100, 257), (513, 1031)]


def _sat_case(rng, shape, dtype, out_dtype):
    import cupy as cp

    if dtype == "uint8":
        x = rng.integers(0, 256, size=shape).astype(np.uint8)
    elif dtype == "int32":
        x = rng.integers(-1000, 1000, size=shape).astype(np.int32)
    else:
        x = rng.standard_normal(shape).astype(dtype)
    ref = sat_reference(x, out_dtype)
    out = poisoned(cp, shape, out_dtype or {"uint8": "int32"}.get(dtype, dtype))
    got = cp.asnumpy(sat(cp.asarray(x), out_dtype=out_dtype, out=out))
    if got.dtype.kind == "i":
        np.testing.assert_array_equal(got, ref)
    else:
        tol = (1e-6 if got.dtype == np.float32 else 1e-14) * math.sqrt(x.size)
        err = rel_err(got, ref)
        assert err < tol, f"rel err {err:.3g} (tol {tol:.3g}) for {shape} {dtype}"


@pytest.mark.parametrize("dtype,out_dtype", SAT_CASES)
@pytest.mark.parametrize("shape", SAT_SHAPES)
def test_sat(rng, dtype, out_dtype, shape):
    _sat_case(rng, shape, dtype, out_dtype)


@pytest.mark.parametrize("dtype,out_dtype", [("float32", None), ("int32", None)])
def test_sat_large(rng, dtype, out_dtype):
    _sat_case(rng, (4097, 3001), dtype, out_dtype)


def test_sat_repeated_calls_agree(rng):
    """A race in the look-back shows as run-to-run differences: ints must match exactly."""
    import cupy as cp

    x = cp.asarray(rng.integers(-50, 50, size=(2048, 2048)).astype(np.int32))
    first = sat(x)
    for _ in range(5):
        assert bool((sat(x) == first).all())


def _lbc_inputs(rng, dtype, batch, c_in, m, c_out, k, size):
    x = rng.standard_normal((batch, c_in, *size)).astype(dtype)
    a = make_anchors(m, c_in, k, density=0.5, seed=int(rng.integers(2**31)))
    w = rng.standard_normal((c_out, m)).astype(dtype)
    return x, a, w


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("nonlinearity", ["relu", "sigmoid"])
@pytest.mark.parametrize("k,size", [(3, (17, 45)), (5, (33, 31)), (1, (5, 7))])
def test_lbc_forward_features_backward(rng, dtype, nonlinearity, k, size):
    import cupy as cp

    x, a, w = _lbc_inputs(rng, dtype, 2, 3, 8, 5, k, size)
    tol = CONV_TOL[dtype] * 10
    xd = cp.asarray(x)
    y_ref = lbc_reference(x, a, w, nonlinearity)
    y = lbc(xd, a, w, nonlinearity=nonlinearity, out=poisoned(cp, y_ref.shape, dtype))
    assert rel_err(cp.asnumpy(y), y_ref) < tol
    z_ref = lbc_features_reference(x, a, nonlinearity)
    z = lbc_features(xd, a, nonlinearity=nonlinearity, out=poisoned(cp, z_ref.shape, dtype))
    assert rel_err(cp.asnumpy(z), z_ref) < tol
    g = rng.standard_normal(y_ref.shape).astype(dtype)
    dw = lbc_backward(xd, a, w, cp.asarray(g), nonlinearity=nonlinearity)
    assert rel_err(cp.asnumpy(dw), lbc_backward_reference(x, a, g, nonlinearity)) < tol


def test_lbc_unbatched_and_many_channels(rng):
    import cupy as cp

    x, a, w = _lbc_inputs(rng, "float32", 1, 16, 32, 16, 3, (64, 80))
    y = lbc(cp.asarray(x[0]), a, w)
    assert y.shape == (16, 64, 80)
    assert rel_err(cp.asnumpy(y), lbc_reference(x[0], a, w)) < 1e-5
