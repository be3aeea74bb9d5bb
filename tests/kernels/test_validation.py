"""Bad arguments give a clear TranspileError (checked on the CPU, with NumPy arrays)."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from transpyle.errors import TranspileError
from transpyle.kernels import Conv2dDesc, SatDesc

# The package exports functions named like their modules; fetch the modules themselves.
conv_mod = importlib.import_module("transpyle.kernels.conv2d")
sat_mod = importlib.import_module("transpyle.kernels.sat")
lbc_mod = importlib.import_module("transpyle.kernels.lbc")

X = np.zeros((16, 16), dtype=np.float32)
W3 = np.ones((3, 3), dtype=np.float32)


@pytest.mark.parametrize(
    "x,w,needle",
    [
        (X.astype(np.int32), W3, "dtype int32"),
        (np.zeros(16, np.float32), W3, "rank 1"),
        (np.zeros((0, 5), np.float32), W3, "empty"),
        (np.zeros((16, 32), np.float32)[:, ::2], W3, "not C-contiguous"),
        (X, np.ones((17, 17), np.float32), "not in 1..15"),
        (X, np.ones((0, 3), np.float32), "empty"),
        (X, np.ones((3, 3), np.int32), "floating-point"),
        (X, np.ones((2, 1, 3, 3), np.float32), "2D filter"),
        (np.zeros((3, 8, 8), np.float32), np.ones((2, 4, 3, 3), np.float32), "input channels"),
    ],
)
def test_conv2d_rejects(x, w, needle):
    with pytest.raises(TranspileError, match=needle):
        conv_mod.check_args(x, w)


def test_conv2d_plan_takes_one_column_per_lane_for_odd_rows_and_narrow_filters():
    def planned(x_shape, k, padding="same"):
        shape = conv_mod.check_args(np.zeros(x_shape, np.float32), np.ones(k, np.float32),
                                    padding)
        return conv_mod.plan(shape, "float32").lanes_cols

    assert planned((64, 64), (3, 3)) == 2
    assert planned((64, 65), (3, 3)) == 1
    assert planned((64, 66), (3, 3), "valid") == 2 and planned((64, 65), (3, 3), "valid") == 1
    assert planned((64, 65), (7, 7)) == 4 and planned((64, 65), (5, 5)) == 2


def test_conv2d_valid_padding_shapes_and_refusals():
    shape = conv_mod.check_args(np.zeros((2, 3, 9, 11), np.float32),
                                np.ones((5, 3, 4, 2), np.float32), "valid")
    assert shape.out_shape == (2, 5, 6, 10)
    assert conv_mod.check_args(X[:2, :2].copy(), W3).out_shape == (2, 2)  # same: zeros around
    with pytest.raises(TranspileError, match="valid correlation would be empty"):
        conv_mod.check_args(X[:2, :2].copy(), W3, "valid")
    with pytest.raises(TranspileError, match="padding must be one of"):
        conv_mod.check_args(X, W3, "full")
    with pytest.raises(TranspileError, match="padding must be one of"):
        Conv2dDesc("float32", 3, 3, padding="full")


def test_conv2d_desc_filter_sides_and_other_boundaries():
    assert Conv2dDesc("float32", 4, 4).pads == (1, 1)
    assert Conv2dDesc("float32", 1, 6).pads == (0, 2)
    assert Conv2dDesc("float32", 5, 6, padding="valid").pads == (0, 0)
    assert Conv2dDesc("float32", 8, 8, cols=2).out_w == 2 * (32 - 4)
    assert Conv2dDesc("float32", 7, 7, min_blocks=8).kernel_name.endswith("_t6_w4_xs_c4_b8")
    with pytest.raises(TranspileError, match="min_blocks must be 0 to 32"):
        Conv2dDesc("float32", 3, 3, min_blocks=33)
    for side in (0, 16):
        with pytest.raises(TranspileError, match="filter sides must be 1 to 15"):
            Conv2dDesc("float32", side, 3)
    with pytest.raises(TranspileError, match="boundary"):
        Conv2dDesc("float32", 3, 3, boundary="reflect")
    with pytest.raises(TranspileError, match="shuffle"):
        Conv2dDesc("float32", 3, 3, shuffle="columns")


def test_conv2d_shuffle_defaults_and_names():
    assert Conv2dDesc("float32", 7, 7).exchange == "inputs"
    assert Conv2dDesc("float64", 5, 5).exchange == "partial"
    assert Conv2dDesc("float32", 5, 5, cols=1).exchange == "partial"
    assert Conv2dDesc("float32", 5, 5, shuffle="inputs").kernel_name.endswith("_xs_c2")
    assert Conv2dDesc("float32", 3, 3, taps_on_device=True).kernel_name.endswith("_dev_xs_c2")
    three, five = Conv2dDesc("float32", 3, 3), Conv2dDesc("float32", 5, 5)
    assert (three.lanes_cols, three.rows, five.lanes_cols, five.rows) == (2, 16, 2, 16)
    assert Conv2dDesc("float32", 1, 1).lanes_cols == 1


def test_conv2d_two_columns_per_lane_defaults_and_limits():
    seven = Conv2dDesc("float32", 7, 7, cols=2)
    assert (seven.lanes_cols, seven.rows, seven.n_warps) == (2, 16, 2)
    assert seven.out_w == 2 * (32 - 3) and seven.kernel_name.endswith("_t16_w2_xs_c2")
    nine = Conv2dDesc("float32", 9, 9, cols=2)
    assert (nine.lanes_cols, nine.rows, nine.n_warps, nine.out_w) == (2, 8, 4, 56)
    for k in (7, 9, 11, 15):  # four columns per lane by default for 7 to 15 columns
        d = Conv2dDesc("float32", 5, k)
        assert (d.lanes_cols, d.rows, d.n_warps) == (4, 6, 4)
    rows = [Conv2dDesc("float32", k, k).rows for k in (7, 8, 9, 10, 11, 12, 15)]
    assert rows == [6, 6, 5, 5, 4, 6, 6]
    assert Conv2dDesc("float32", 6, 6).lanes_cols == 2
    assert Conv2dDesc("float64", 12, 12).lanes_cols == 1
    assert Conv2dDesc("float32", 7, 7, cols=1).out_w == 26
    assert Conv2dDesc("float64", 7, 7).lanes_cols == 1
    assert Conv2dDesc("float32", 5, 5, cols=2).exchange == "inputs"
    partial = Conv2dDesc("float32", 7, 7, shuffle="partial")  # asks for one column per lane
    assert (partial.lanes_cols, partial.exchange, partial.out_w) == (1, "partial", 26)
    assert Conv2dDesc("float32", 7, 7, cols=2).grid(1, 100, 1000) == (-(-1000 // 116),
                                                                   -(-100 // 16), 1)
    with pytest.raises(TranspileError, match="cols must be 1, 2 or 4"):
        Conv2dDesc("float32", 3, 3, cols=3)
    with pytest.raises(TranspileError, match="not partial sums"):
        Conv2dDesc("float32", 3, 3, cols=2, shuffle="partial")


def test_conv2d_four_columns_per_lane_geometry_and_limits():
    """Four columns per lane: ceil((kw - 1) / 4) neighbour lanes lend their inputs."""
    for k, nb in ((1, 0), (2, 1), (5, 1), (7, 2), (9, 2), (10, 3), (11, 3), (15, 4)):
        d = Conv2dDesc("float32", k, k, cols=4)
        assert (d.out_w, d.exchange) == (4 * (32 - nb), "inputs")
        assert "_xs_c4" in d.kernel_name
    assert Conv2dDesc("float32", 9, 9, cols=4).grid(2, 100, 1000) == (-(-1000 // 480), 20, 2)
    with pytest.raises(TranspileError, match="four columns per lane for float32 only"):
        Conv2dDesc("float64", 7, 7, cols=4)
    with pytest.raises(TranspileError, match="not partial sums"):
        Conv2dDesc("float32", 7, 7, cols=4, shuffle="partial")


@pytest.mark.parametrize(
    "x,out,needle",
    [
        (np.zeros((4, 4), np.int64), None, "dtype int64"),
        (np.zeros((2, 4, 4), np.float32), None, "rank 3"),
        (np.zeros((4, 0), np.float32), None, "empty"),
        (np.zeros((4, 4), np.float32).T[:, :3], None, "not C-contiguous"),
        (np.zeros((4, 4), np.float32), "int32", "not int32"),
    ],
)
def test_sat_rejects(x, out, needle):
    with pytest.raises(TranspileError, match=needle):
        sat_mod.check_args(x, out)


def test_sat_output_dtypes():
    assert sat_mod.check_args(np.zeros((3, 3), np.uint8), None) == "int32"
    assert sat_mod.check_args(np.zeros((3, 3), np.uint8), "float32") == "float32"
    with pytest.raises(TranspileError):
        SatDesc("int16")
    with pytest.raises(TranspileError, match="32 or 64"):
        SatDesc("float32", rows=48)


def test_sat_tiles_and_shared_memory():
    desc = SatDesc("float32", rows=64)
    assert desc.tiles(8192, 8191) == (32, 128)
    assert desc.smem_bytes == 64 * (256 * 4 + 8 * 16)  # 16 bytes of padding per 32 elements
    assert desc.blocks_by_shared_memory == 3
    assert SatDesc("float64").blocks_by_shared_memory == 3
    assert desc.scratch_elements(10) == 10 * (2 * 64 + 2 * 257)
    assert desc.words(10) == 1 + 10 * (64 + 256)


def test_sat_packed_look_back_limits_and_defaults():
    assert sat_mod.default_lookback("float32") == "packed"
    assert sat_mod.default_lookback("int32") == "packed"
    assert sat_mod.default_lookback("float64") == "flags"
    packed = SatDesc("uint8", "float32", rows=64, lookback="packed", vec_out=True)
    assert packed.template == "sat_packed.cu.j2" and packed.kernel_name.endswith("_pk4v")
    assert SatDesc("float32").template == "sat.cu.j2"
    with pytest.raises(TranspileError, match="4-byte sums"):
        SatDesc("float64", lookback="packed")
    with pytest.raises(TranspileError, match="packed look-back only"):
        SatDesc("float32", vec_out=True)
    with pytest.raises(TranspileError, match="look-back must be"):
        SatDesc("float32", lookback="ring")
    with pytest.raises(TranspileError, match="depth"):
        SatDesc("float32", lookback="packed", depth=3)


def test_sat_load_groups_and_stamped_words_limits():
    grouped = SatDesc("float32", rows=64, lookback="packed", vec_out=True, groups=8, epoch=True)
    assert grouped.kernel_name.endswith("_pk4veg8")
    assert grouped.context()["groups"] == 8 and grouped.context()["epoch"]
    assert SatDesc("float32", rows=64, lookback="packed").kernel_name.endswith("_pk4")
    with pytest.raises(TranspileError, match="load groups must be"):
        SatDesc("float32", lookback="packed", groups=3)
    with pytest.raises(TranspileError, match="packed look-back only"):
        SatDesc("float32", groups=2)
    with pytest.raises(TranspileError, match="not a multiple of 4 and of warps=8"):
        SatDesc("float32", rows=32, lookback="packed", groups=8)  # 4 rows for 8 warps
    with pytest.raises(TranspileError, match="not pingpong"):
        SatDesc("float32", lookback="packed", epoch=True, pingpong=True)
    with pytest.raises(TranspileError, match="stamped words"):
        SatDesc("float32", epoch=True)


def test_lbc_rejects():
    x = np.zeros((1, 2, 8, 8), np.float32)
    good = np.zeros((4, 2, 3, 3), np.int8)
    with pytest.raises(TranspileError, match="-1, 0 and 1"):
        lbc_mod.check_args(x, good + 2, None)
    with pytest.raises(TranspileError, match="input channels"):
        lbc_mod.check_args(x, np.zeros((4, 3, 3, 3)), None)
    with pytest.raises(TranspileError, match="weights must be"):
        lbc_mod.check_args(x, good, np.zeros((5, 3), np.float32))
    with pytest.raises(TranspileError, match="larger than the image"):
        lbc_mod.check_args(np.zeros((1, 2, 2, 2), np.float32), good, None)
    with pytest.raises(TranspileError, match="rank 2"):
        lbc_mod.check_args(np.zeros((8, 8), np.float32), good, None)


def test_gpu_api_without_cupy_or_device_raises_clearly():
    """Without CuPy (or a GPU) the API raises TranspileError, never ImportError."""
    from transpyle.runtime.gpu import unavailable_reason as gpu_unavailable_reason

    if gpu_unavailable_reason() is None:
        pytest.skip("CuPy and a GPU are present; this checks the failure path")
    with pytest.raises(TranspileError, match="CuPy|CUDA"):
        conv_mod.conv2d(X, W3)
    with pytest.raises(TranspileError, match="CuPy|CUDA"):
        sat_mod.sat(X)


def test_numpy_input_is_rejected_when_gpu_present():
    from transpyle.runtime.gpu import unavailable_reason as gpu_unavailable_reason

    reason = gpu_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    with pytest.raises(TranspileError, match="CuPy array"):
        sat_mod.sat(X)


def test_conv2d_staged_limits_and_names():
    from transpyle.kernels.conv2d_staged import Conv2dStagedDesc

    desc = Conv2dStagedDesc(7, 7)
    assert desc.kernel_name == "conv2d_staged_float32_k7x7_co1_r8_w4"
    assert desc.grid(2, 8192, 8191) == (64, 256, 2)
    assert desc.smem_bytes == (32 + 6) * 4 * (32 + 2) * 4  # 38 rows of 136 floats
    assert Conv2dStagedDesc(3, 3, padding="valid").context()["pw"] == 0
    with pytest.raises(TranspileError, match="rows per thread"):
        Conv2dStagedDesc(7, 7, rows=5)
    with pytest.raises(TranspileError, match="over 49152"):
        Conv2dStagedDesc(15, 15, rows=16, warps=8)
    with pytest.raises(TranspileError, match="filter sides"):
        Conv2dStagedDesc(16, 3)
