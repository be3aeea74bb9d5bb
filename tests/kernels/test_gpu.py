"""GPU kernels against the float64 NumPy references on fresh random inputs.

Every output is poisoned (NaN, or a sentinel for integers) before the kernel runs, so an element
the kernel forgets to write fails the comparison.
"""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest

from transpyle import kernels as tk
from transpyle.errors import TranspileError
from transpyle.kernels.common import relative_error as rel_err
from transpyle.runtime.gpu import unavailable_reason as gpu_unavailable_reason

_REASON = gpu_unavailable_reason()
pytestmark = [pytest.mark.gpu, pytest.mark.skipif(_REASON is not None, reason=str(_REASON))]

CONV_TOL = {"float32": 1e-5, "float64": 1e-12}


def poisoned(cp, shape, dtype):
    out = cp.empty(shape, dtype=dtype)
    out.fill(np.nan if np.dtype(dtype).kind == "f" else -123456789)
    return out


def _conv_case(rng, x_shape, w_shape, dtype, taps="device", padding="same", **knobs):
    """``taps``: the filter as a CuPy array ("device") or a NumPy one ("host")."""
    import cupy as cp

    x = rng.standard_normal(x_shape).astype(dtype)
    w = rng.standard_normal(w_shape).astype(dtype)
    ref = tk.conv2d_reference(x, w, padding)
    out = poisoned(cp, ref.shape, dtype)
    w_arg = cp.asarray(w) if taps == "device" else w
    got = tk.conv2d(cp.asarray(x), w_arg, out=out, padding=padding, **knobs)
    assert got is out
    err = rel_err(cp.asnumpy(got), ref)
    assert err < CONV_TOL[dtype], f"rel err {err:.3g} for x {x_shape}, w {w_shape}, {dtype}"


@pytest.mark.parametrize("taps", ["device", "host"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("k", [3, 5, 7, 9, 11, 13, 15])
@pytest.mark.parametrize("shape", [(15, 17), (31, 33), (67, 301), (257, 129)])
def test_conv2d_single_channel(rng, dtype, k, shape, taps):
    _conv_case(rng, shape, (k, k), dtype, taps)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("k", [3, 7, 15])
def test_conv2d_partial_sum_shuffles(rng, dtype, k):
    _conv_case(rng, (67, 301), (k, k), dtype, "host", shuffle="partial")
    _conv_case(rng, (2, 3, 40, 37), (4, 3, k, k), dtype, "device", shuffle="partial", tile_h=5)


@pytest.mark.parametrize("w_shape", [(3, 7), (7, 3), (15, 3)])
def test_conv2d_rectangular_filters(rng, w_shape):
    _conv_case(rng, (45, 70), w_shape, "float32")


@pytest.mark.parametrize("k", [1, 2, 4, 6, 8, 10, 14])
@pytest.mark.parametrize("cols", [1, 2])
def test_conv2d_unit_and_even_filters(rng, k, cols):
    """Sides 1 and even, same padding as torch's (k - 1) // 2 before, on odd shapes."""
    for shape in ((67, 301), (17, 15)):
        _conv_case(rng, shape, (k, k), "float32", "host", cols=cols)
    _conv_case(rng, (2, 3, 21, 37), (4, 3, k, max(1, k - 1)), "float32", "device", cols=cols)


@pytest.mark.parametrize("w_shape", [(1, 7), (7, 1), (2, 5), (6, 3), (1, 2)])
@pytest.mark.parametrize("shuffle", ["inputs", "partial"])
def test_conv2d_mixed_sides_and_shuffles(rng, w_shape, shuffle):
    _conv_case(rng, (45, 70), w_shape, "float64", "host", shuffle=shuffle, cols=1)


@pytest.mark.parametrize("x_shape,w_shape", [((2, 2), (3, 3)), ((1, 1), (15, 15)),
                                             ((5, 40), (9, 9)), ((3, 4), (8, 6)),
                                             ((30, 1), (4, 7))])
@pytest.mark.parametrize("cols", [1, 2])
def test_conv2d_image_smaller_than_filter(rng, x_shape, w_shape, cols):
    _conv_case(rng, x_shape, w_shape, "float32", "device", cols=cols)


@pytest.mark.parametrize("k", [(1, 1), (3, 3), (4, 4), (7, 7), (8, 6), (15, 15)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_conv2d_valid_padding(rng, k, dtype):
    _conv_case(rng, (67, 301), k, dtype, "host", padding="valid")
    _conv_case(rng, (15, 15), k, dtype, "device", padding="valid")
    _conv_case(rng, (2, 3, 20, 33), (5, 3, *k), dtype, "device", padding="valid")


def test_conv2d_register_cap(rng):
    """__launch_bounds__ with a minimum of blocks per SM (64 registers for 7x7) computes the
    same."""
    _conv_case(rng, (67, 301), (7, 7), "float32", "host", warps=4, min_blocks=8)
    _conv_case(rng, (2, 3, 40, 37), (4, 3, 5, 5), "float32", "device", min_blocks=8)


def test_conv2d_filter_as_large_as_image(rng):
    _conv_case(rng, (15, 15), (15, 15), "float32")
    _conv_case(rng, (3, 40), (3, 3), "float64")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_conv2d_multi_channel(rng, dtype):
    for taps in ("device", "host"):
        _conv_case(rng, (3, 40, 37), (5, 3, 3, 3), dtype, taps)
        _conv_case(rng, (2, 4, 33, 65), (6, 4, 5, 5), dtype, taps)


def test_conv2d_many_output_channels_take_several_launches(rng):
    # Host taps: 64 inputs x 7x7 float32 = 12.5 kB per output channel, 2 per launch.
    _conv_case(rng, (1, 64, 20, 20), (5, 64, 7, 7), "float32", "host")
    _conv_case(rng, (1, 64, 20, 20), (5, 64, 7, 7), "float32", "device")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("k", [3, 5, 7, 9, 15])
@pytest.mark.parametrize("taps", ["device", "host"])
def test_conv2d_two_columns_per_lane(rng, dtype, k, taps):
    """Two adjacent outputs per lane: odd and even widths, narrower than a warp's 2 x 32."""
    for shape in ((17, 15), (67, 301), (40, 126), (31, 64)):
        _conv_case(rng, shape, (k, min(k, 7)), dtype, taps, cols=2, tile_h=8)
    _conv_case(rng, (2, 3, 40, 37), (4, 3, k, k), dtype, taps, cols=2, tile_h=5)


def test_conv2d_two_columns_per_lane_unaligned_output(rng):
    """An output that starts one element into its allocation takes the element-wise stores."""
    import cupy as cp

    x = rng.standard_normal((33, 64)).astype(np.float32)
    w = rng.standard_normal((7, 7)).astype(np.float32)
    flat = poisoned(cp, (33 * 64 + 1,), "float32")
    out = flat[1:].reshape(33, 64)
    tk.conv2d(cp.asarray(x), w, out=out, cols=2)
    assert rel_err(cp.asnumpy(out), tk.conv2d_reference(x, w)) < CONV_TOL["float32"]


@pytest.mark.parametrize("k", [(3, 3), (5, 3), (7, 7), (9, 9), (11, 11), (8, 6), (15, 15)])
@pytest.mark.parametrize("taps", ["device", "host"])
def test_conv2d_four_columns_per_lane(rng, k, taps):
    """Four adjacent outputs per lane: widths of every residue mod 4 (element-wise stores),
    multiples of 4 (float4 stores), narrower than a warp's 4 x 32, valid padding, channels."""
    for shape in ((17, 15), (67, 301), (40, 128), (31, 66), (9, 503), (5, 2)):
        _conv_case(rng, shape, k, "float32", taps, cols=4)
    _conv_case(rng, (67, 301), k, "float32", taps, cols=4, tile_h=5, warps=2)
    _conv_case(rng, (40, 263), k, "float32", taps, padding="valid", cols=4, tile_h=6)
    _conv_case(rng, (2, 3, 40, 37), (4, 3, *k), "float32", taps, cols=4, tile_h=5)


@pytest.mark.parametrize("k", [(9, 9), (10, 7), (11, 11), (12, 12), (14, 13)])
def test_conv2d_four_columns_per_lane_default_rows(rng, k):
    """The defaults for 7 to 15 columns (4, 5 or 6 rows of outputs per warp), odd shapes."""
    for shape in ((67, 301), (40, 128), (9, 7)):
        _conv_case(rng, shape, k, "float32", "host")
    _conv_case(rng, (2, 3, 40, 37), (4, 3, *k), "float32", "device")
    _conv_case(rng, (41, 263), k, "float32", "device", padding="valid", tile_h=4)


def test_conv2d_four_columns_per_lane_unaligned_output(rng):
    """An output that starts one element into its allocation takes the element-wise stores."""
    import cupy as cp

    x = rng.standard_normal((33, 128)).astype(np.float32)
    w = rng.standard_normal((9, 9)).astype(np.float32)
    flat = poisoned(cp, (33 * 128 + 1,), "float32")
    out = flat[1:].reshape(33, 128)
    tk.conv2d(cp.asarray(x), w, out=out, cols=4)
    assert rel_err(cp.asnumpy(out), tk.conv2d_reference(x, w)) < CONV_TOL["float32"]


def test_conv2d_large(rng):
    _conv_case(rng, (1025, 2049), (5, 5), "float32")


def test_conv2d_rejects_host_arrays_and_bad_out():
    import cupy as cp

    x = cp.zeros((8, 8), dtype=cp.float32)
    with pytest.raises(TranspileError, match="CuPy array"):
        tk.conv2d(np.zeros((8, 8), np.float32), np.ones((3, 3), np.float32))
    with pytest.raises(TranspileError, match="out has shape"):
        tk.conv2d(x, np.ones((3, 3), np.float32), out=cp.zeros((8, 9), cp.float32))


SAT_CASES = [
    ("float32", None),
    ("float64", None),
    ("int32", None),
    ("uint8", "int32"),
    ("uint8", "float32"),
]
SAT_SHAPES = [(1, 1), (1, 37), (29, 1), (7, 5), (31, 33), (32, 128), (100, 257), (513, 1031),
              (1, 1031), (1031, 1), (2, 3), (65, 257)]


def _sat_case(rng, shape, dtype, out_dtype, **knobs):
    import cupy as cp

    if dtype == "uint8":
        x = rng.integers(0, 256, size=shape).astype(np.uint8)
    elif dtype == "int32":
        x = rng.integers(-1000, 1000, size=shape).astype(np.int32)
    else:
        x = rng.standard_normal(shape).astype(dtype)
    ref = tk.sat_reference(x, out_dtype)
    out = poisoned(cp, shape, out_dtype or {"uint8": "int32"}.get(dtype, dtype))
    got = cp.asnumpy(tk.sat(cp.asarray(x), out_dtype=out_dtype, out=out, **knobs))
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


@pytest.mark.parametrize("dtype,out_dtype", SAT_CASES)
@pytest.mark.parametrize("shape", [(1, 1), (65, 3), (100, 257), (513, 1031)])
def test_sat_64_row_tiles(rng, dtype, out_dtype, shape):
    _sat_case(rng, shape, dtype, out_dtype, rows=64, warps=4)


PACKED_CASES = [c for c in SAT_CASES if c[0] != "float64"]


@pytest.mark.parametrize("dtype,out_dtype", PACKED_CASES)
@pytest.mark.parametrize("shape", SAT_SHAPES)
@pytest.mark.parametrize("rows,warps", [(64, 8), (32, 1)])
def test_sat_packed_look_back(rng, dtype, out_dtype, shape, rows, warps):
    _sat_case(rng, shape, dtype, out_dtype, lookback="packed", rows=rows, warps=warps)


@pytest.mark.parametrize("dtype,out_dtype", PACKED_CASES)
@pytest.mark.parametrize("rows,warps,depth", [(64, 8, 4), (32, 1, 2), (64, 2, 16)])
def test_sat_overlapped_look_backs(rng, dtype, out_dtype, rows, warps, depth):
    for shape in SAT_SHAPES + [(2050, 1500)]:
        _sat_case(rng, shape, dtype, out_dtype, lookback="packed", rows=rows, warps=warps,
                  depth=depth, overlap=True)


def test_sat_overlapped_large_and_repeatable(rng):
    import cupy as cp

    _sat_case(rng, (4097, 3001), "float32", None, overlap=True, backoff_ns=0)
    x = cp.asarray(rng.integers(-50, 50, size=(3000, 2048)).astype(np.int32))
    ref = tk.sat_reference(cp.asnumpy(x))
    for _ in range(5):
        np.testing.assert_array_equal(cp.asnumpy(tk.sat(x, overlap=True)), ref)


@pytest.mark.parametrize("depth,vec_out", [(2, True), (16, False)])
def test_sat_packed_depth_and_element_wise_stores(rng, depth, vec_out):
    _sat_case(rng, (513, 1031), "float32", None, lookback="packed", depth=depth, vec_out=vec_out)
    _sat_case(rng, (300, 2048), "int32", None, lookback="packed", depth=depth, vec_out=vec_out)


def test_sat_packed_large_and_repeatable(rng):
    import cupy as cp

    _sat_case(rng, (4097, 3001), "float32", None, lookback="packed")
    x = cp.asarray(rng.integers(-50, 50, size=(2048, 2048)).astype(np.int32))
    first = tk.sat(x, lookback="packed")
    for _ in range(5):
        assert bool((tk.sat(x, lookback="packed") == first).all())


@pytest.mark.parametrize("warps", [1, 2, 4])
def test_sat_narrow_tiles(rng, warps):
    _sat_case(rng, (200, 301), "float32", None, warps=warps)
    _sat_case(rng, (130, 64), "int32", None, warps=warps, rows=64)


@pytest.mark.parametrize("shape", [(4097, 3001), (1000, 4096)])
@pytest.mark.parametrize("dtype,out_dtype", [("float32", None), ("int32", None)])
def test_sat_large(rng, dtype, out_dtype, shape):
    _sat_case(rng, shape, dtype, out_dtype)
    _sat_case(rng, shape, dtype, out_dtype, rows=64)


@pytest.mark.parametrize("dtype", ["float32", "float64", "uint8"])
def test_sat_misaligned_input_takes_the_element_wise_path(rng, dtype):
    """Rows of 1024 elements, but the array starts one element into its allocation."""
    import cupy as cp

    height, width = 300, 1024
    flat = rng.integers(0, 100, size=height * width + 1).astype(dtype)
    x = cp.asarray(flat)[1:].reshape(height, width)
    assert x.flags.c_contiguous and x.data.ptr % 16 != 0
    ref = tk.sat_reference(flat[1:].reshape(height, width))
    out = poisoned(cp, (height, width), {"uint8": "int32"}.get(dtype, dtype))
    got = cp.asnumpy(tk.sat(x, out=out))
    np.testing.assert_allclose(got, ref, rtol=1e-6 if dtype == "float32" else 1e-12)


def test_sat_packed_misaligned_input_and_output(rng):
    """Input and output each one element into their allocations: no 16-byte path applies."""
    import cupy as cp

    height, width = 300, 1024
    flat = rng.integers(0, 100, size=height * width + 1).astype(np.float32)
    x = cp.asarray(flat)[1:].reshape(height, width)
    out = poisoned(cp, (height * width + 1,), "float32")[1:].reshape(height, width)
    got = cp.asnumpy(tk.sat(x, out=out, lookback="packed"))
    np.testing.assert_allclose(got, tk.sat_reference(flat[1:].reshape(height, width)), rtol=1e-6)


def test_sat_repeated_calls_agree(rng):
    """A race in the look-back shows as run-to-run differences: ints must match exactly."""
    import cupy as cp

    x = cp.asarray(rng.integers(-50, 50, size=(2048, 2048)).astype(np.int32))
    first = tk.sat(x)
    for _ in range(5):
        assert bool((tk.sat(x) == first).all())


def _lbc_inputs(rng, dtype, batch, c_in, m, c_out, k, size):
    x = rng.standard_normal((batch, c_in, *size)).astype(dtype)
    a = tk.make_anchors(m, c_in, k, density=0.5, seed=int(rng.integers(2**31)))
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
    y_ref = tk.lbc_reference(x, a, w, nonlinearity)
    y = tk.lbc(xd, a, w, nonlinearity=nonlinearity, out=poisoned(cp, y_ref.shape, dtype))
    assert rel_err(cp.asnumpy(y), y_ref) < tol
    z_ref = tk.lbc_features_reference(x, a, nonlinearity)
    z = tk.lbc_features(xd, a, nonlinearity=nonlinearity, out=poisoned(cp, z_ref.shape, dtype))
    assert rel_err(cp.asnumpy(z), z_ref) < tol
    g = rng.standard_normal(y_ref.shape).astype(dtype)
    dw = tk.lbc_backward(xd, a, w, cp.asarray(g), nonlinearity=nonlinearity)
    assert rel_err(cp.asnumpy(dw), tk.lbc_backward_reference(x, a, g, nonlinearity)) < tol
    dx = tk.lbc_backward_input(xd, a, w, cp.asarray(g), nonlinearity=nonlinearity)
    assert dx.shape == x.shape
    dx_ref = tk.lbc_backward_input_reference(x, a, w, g, nonlinearity)
    assert rel_err(cp.asnumpy(dx), dx_ref) < tol


def test_lbc_unbatched_and_many_channels(rng):
    import cupy as cp

    x, a, w = _lbc_inputs(rng, "float32", 1, 16, 32, 16, 3, (64, 80))
    y = tk.lbc(cp.asarray(x[0]), a, w)
    assert y.shape == (16, 64, 80)
    assert rel_err(cp.asnumpy(y), tk.lbc_reference(x[0], a, w)) < 1e-5
    g = rng.standard_normal((16, 64, 80)).astype("float32")
    dx = tk.lbc_backward_input(cp.asarray(x[0]), a, w, cp.asarray(g))
    assert dx.shape == (16, 64, 80)
    assert rel_err(cp.asnumpy(dx), tk.lbc_backward_input_reference(x[0], a, w, g)) < 1e-5


@pytest.mark.parametrize("overlap", [False, True])
def test_sat_word_pairs_alternate_across_calls_shapes_and_streams(rng, overlap):
    """Paired look-back words (each launch zeroes the other buffer): many calls in a row, shapes
    that share one pair, calls on two streams with no synchronisation between them, and calls
    of the memset path in between, each exact (int32) against the reference."""
    import cupy as cp

    shapes = [(2050, 1500), (1500, 2050), (2050, 1500), (65, 3), (513, 1031)]
    xs = [rng.integers(-50, 50, size=s).astype(np.int32) for s in shapes]
    refs = [tk.sat_reference(x) for x in xs]
    dev = [cp.asarray(x) for x in xs]
    streams = [cp.cuda.Stream(non_blocking=True) for _ in range(2)]
    outs = []
    for i in range(12):
        k = i % len(shapes)
        with streams[i % 2]:
            outs.append((k, tk.sat(dev[k], overlap=overlap, pingpong=i % 5 != 4)))
    for s in streams:
        s.synchronize()
    for k, got in outs:
        np.testing.assert_array_equal(cp.asnumpy(got), refs[k])
    _sat_case(rng, (4097, 3001), "float32", None, pingpong=True)
    _sat_case(rng, (4097, 3001), "uint8", "float32", pingpong=True)
    _sat_case(rng, (4097, 3001), "float32", None, pingpong=False)


def test_sat_word_pairs_inside_a_cuda_graph(rng):
    """A captured call takes fresh zeroed words (a replay must not reuse stale ones): three
    replays with new inputs copied in, each exact."""
    import cupy as cp

    x = cp.asarray(rng.integers(-50, 50, size=(1025, 777)).astype(np.int32))
    y = cp.empty_like(x)
    stream = cp.cuda.Stream(non_blocking=True)
    with stream:
        tk.sat(x, out=y, pingpong=True)  # compiled outside the capture
        stream.synchronize()
        stream.begin_capture()
        tk.sat(x, out=y, pingpong=True)
        graph = stream.end_capture()
        for _ in range(3):
            fresh = rng.integers(-50, 50, size=x.shape).astype(np.int32)
            x.set(fresh, stream=stream)
            graph.launch(stream)
            stream.synchronize()
            np.testing.assert_array_equal(cp.asnumpy(y), tk.sat_reference(fresh))


@pytest.mark.parametrize("dtype,out_dtype", PACKED_CASES)
@pytest.mark.parametrize("rows,warps,groups", [(64, 8, 2), (64, 8, 8), (32, 1, 8), (64, 4, 4),
                                               (32, 8, 4)])
@pytest.mark.parametrize("overlap", [False, True])
def test_sat_load_groups(rng, dtype, out_dtype, rows, warps, groups, overlap):
    """Tiles scanned a load group at a time: every shape (aligned rows take the 16-byte loads,
    odd widths the element-wise ones), against the reference."""
    for shape in SAT_SHAPES + [(2050, 1500), (1029, 1031)]:
        _sat_case(rng, shape, dtype, out_dtype, lookback="packed", rows=rows, warps=warps,
                  groups=groups, overlap=overlap)


@pytest.mark.parametrize("overlap", [False, True])
def test_sat_stamped_words_across_calls_shapes_and_streams(rng, overlap):
    """Stamped words (no clearing between calls): many calls in a row on one buffer, shapes of
    different sizes, calls on two streams with no synchronisation between them and memset
    calls in between, each exact (int32) against the reference; then float32 and uint8."""
    import cupy as cp

    shapes = [(2050, 1500), (1500, 2050), (2050, 1500), (65, 3), (513, 1031)]
    xs = [rng.integers(-50, 50, size=s).astype(np.int32) for s in shapes]
    refs = [tk.sat_reference(x) for x in xs]
    dev = [cp.asarray(x) for x in xs]
    streams = [cp.cuda.Stream(non_blocking=True) for _ in range(2)]
    outs = []
    for i in range(24):
        k = i % len(shapes)
        with streams[i % 2]:
            outs.append((k, tk.sat(dev[k], overlap=overlap, epoch=i % 7 != 6,
                                   groups=(1, 4, 8)[i % 3])))
    for s in streams:
        s.synchronize()
    for k, got in outs:
        np.testing.assert_array_equal(cp.asnumpy(got), refs[k])
    for _ in range(3):
        _sat_case(rng, (4097, 3001), "float32", None, epoch=True, groups=8, overlap=overlap)
        _sat_case(rng, (4097, 3001), "uint8", "float32", epoch=True, overlap=overlap)


def test_sat_stamped_words_wrap_and_inside_a_cuda_graph(rng, monkeypatch):
    """When the stamps wrap the buffer is zeroed (a small MAX_EPOCH: four wraps in 12 calls);
    a captured call takes fresh zeroed words: replays with new inputs, each exact."""
    import cupy as cp

    sat_mod = importlib.import_module("transpyle.kernels.sat")
    monkeypatch.setattr(sat_mod, "MAX_EPOCH", 3)
    x = cp.asarray(rng.integers(-50, 50, size=(1025, 777)).astype(np.int32))
    for _ in range(12):
        fresh = rng.integers(-50, 50, size=x.shape).astype(np.int32)
        x.set(fresh)
        np.testing.assert_array_equal(cp.asnumpy(tk.sat(x, epoch=True)),
                                      tk.sat_reference(fresh))
    y = cp.empty_like(x)
    stream = cp.cuda.Stream(non_blocking=True)
    with stream:
        tk.sat(x, out=y, epoch=True)
        stream.synchronize()
        stream.begin_capture()
        tk.sat(x, out=y, epoch=True)
        graph = stream.end_capture()
        for _ in range(3):
            fresh = rng.integers(-50, 50, size=x.shape).astype(np.int32)
            x.set(fresh, stream=stream)
            graph.launch(stream)
            stream.synchronize()
            np.testing.assert_array_equal(cp.asnumpy(y), tk.sat_reference(fresh))


@pytest.mark.parametrize("k", [(1, 1), (2, 2), (3, 3), (5, 5), (7, 7), (9, 9), (8, 6), (3, 11),
                               (15, 15)])
@pytest.mark.parametrize("taps", ["device", "host"])
def test_conv2d_staged(rng, k, taps):
    """The shared-memory-staged kernel: widths of every residue mod 4 (element-wise loads and
    stores), multiples of 4 (cp.async and float4 stores), narrower than a block's 128 columns,
    images smaller than the filter, valid padding, batches and several output channels."""
    for shape in ((17, 15), (67, 301), (40, 128), (31, 66), (9, 503), (5, 2), (130, 260)):
        _conv_case(rng, shape, k, "float32", taps, staged=True)
    _conv_case(rng, (67, 301), k, "float32", taps, staged=True, tile_h=4, warps=8)
    _conv_case(rng, (70, 264), k, "float32", taps, staged=True, tile_h=2, warps=1)
    _conv_case(rng, (40, 263), k, "float32", taps, padding="valid", staged=True)
    _conv_case(rng, (3, 1, 40, 36), (5, 1, *k), "float32", taps, staged=True)


def test_conv2d_staged_unaligned_input_and_output(rng):
    """An input or output that starts one element into its allocation: element-wise loads
    and stores, the same results."""
    import cupy as cp

    x = rng.standard_normal((33, 128)).astype(np.float32)
    w = rng.standard_normal((7, 7)).astype(np.float32)
    xf = cp.zeros(33 * 128 + 1, cp.float32)
    xf[1:] = cp.asarray(x.ravel())
    flat = poisoned(cp, (33 * 128 + 1,), "float32")
    out = flat[1:].reshape(33, 128)
    tk.conv2d(xf[1:].reshape(33, 128), w, out=out, staged=True)
    assert rel_err(cp.asnumpy(out), tk.conv2d_reference(x, w)) < CONV_TOL["float32"]
    with pytest.raises(TranspileError, match="one input channel"):
        tk.conv2d(cp.zeros((2, 8, 8), cp.float32), np.ones((1, 2, 3, 3), np.float32),
                  staged=True)
