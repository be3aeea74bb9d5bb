"""The packed SAT kernel (load groups, stamped words, overlapped look-backs) and the staged
conv2d kernel run on the CPU through tests/kernels/emulator_planes.py, against the float64 /
int64 references on fresh random inputs at odd shapes (partial tiles, element-wise and 16-byte
paths). The GPU tests (test_gpu.py) run the same variants on a device, with blocks in flight
together."""

from __future__ import annotations

import numpy as np
import pytest

from tests.kernels import emulator, emulator_planes
from transpyle.kernels.conv2d import conv2d_reference
from transpyle.kernels.conv2d_staged import Conv2dStagedDesc
from transpyle.kernels.sat import SatDesc, sat_reference

pytestmark = pytest.mark.skipif(emulator.compiler() is None,
                                reason="g++ is not on PATH; the emulator compiles the kernels")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("emulated_planes")


def _input(rng, shape, dtype):
    if dtype == "uint8":
        return rng.integers(0, 256, size=shape).astype(np.uint8)
    if dtype == "int32":
        return rng.integers(-1000, 1000, size=shape).astype(np.int32)
    return rng.standard_normal(shape).astype(np.float32)


@pytest.mark.parametrize("dtype,out", [("float32", "float32"), ("int32", "int32"),
                                       ("uint8", "int32")])
@pytest.mark.parametrize("knobs", [
    {"groups": 1}, {"groups": 4}, {"groups": 8, "epoch": True},
    {"groups": 8, "epoch": True, "overlap": True}, {"groups": 2, "overlap": True},
])
def test_emulated_sat(rng, folder, dtype, out, knobs):
    desc = SatDesc(dtype, out, rows=64, backoff_ns=256, lookback="packed", vec_out=True,
                   **knobs)
    for shape in ((130, 600), (67, 257), (1, 5)):  # 16-byte rows; odd widths; one tile
        xs = [_input(rng, shape, dtype) for _ in range(2)]  # two calls on one word buffer
        for x, got in zip(xs, emulator_planes.run_sat(desc, folder, xs), strict=True):
            _check(got, sat_reference(x, out), f"{shape} {knobs}")


def _check(got, ref, what):
    if ref.dtype.kind == "u" or ref.dtype == np.int32:
        np.testing.assert_array_equal(got, ref)
    else:
        err = np.linalg.norm(got - ref) / np.linalg.norm(ref)
        assert err < 1e-6, f"rel err {err:.3g} for {what}"


@pytest.mark.parametrize("knobs", [
    {"groups": 1}, {"groups": 8, "epoch": True}, {"groups": 4, "epoch": True, "overlap": True},
    {"groups": 2, "overlap": True, "backoff_ns": 0},
])
@pytest.mark.parametrize("resident", [3, 8])
def test_emulated_sat_blocks_in_flight_together(rng, folder, knobs, resident):
    """Several blocks resident at once, their threads taking turns (every word load is a
    turn), each block's turns drawn at random (the seed from rng): look-backs meet words not
    yet written (EMPTY, or stamped by the call before, whose input differed) and walk over
    AGGREGATE words; four calls on one word buffer, a fresh input each, exact (int32)."""
    desc = SatDesc("int32", rows=32, warps=2, backoff_ns=knobs.pop("backoff_ns", 256),
                   lookback="packed", vec_out=True, **knobs)
    xs = [rng.integers(-50, 50, size=(200, 330)).astype(np.int32) for _ in range(4)]
    seed = int(rng.integers(2**31))
    for x, got in zip(xs, emulator_planes.run_sat(desc, folder, xs, resident, seed),
                      strict=True):
        np.testing.assert_array_equal(got, sat_reference(x))


@pytest.mark.parametrize("desc", [
    SatDesc("int32", rows=32, warps=1, backoff_ns=256, lookback="packed", groups=8),
    SatDesc("int32", rows=32, warps=8, backoff_ns=256, lookback="packed", groups=4,
            epoch=True, overlap=True),
], ids=lambda d: d.kernel_name)
def test_emulated_sat_narrow_and_short_tiles(rng, folder, desc):
    xs = [rng.integers(-50, 50, size=(97, 301)).astype(np.int32) for _ in range(3)]
    for x, got in zip(xs, emulator_planes.run_sat(desc, folder, xs), strict=True):
        np.testing.assert_array_equal(got, sat_reference(x))


@pytest.mark.parametrize("k", [(1, 1), (3, 3), (7, 7), (8, 6), (3, 11), (15, 15)])
@pytest.mark.parametrize("taps_on_device", [False, True])
def test_emulated_conv2d_staged(rng, folder, k, taps_on_device):
    for shape, padding, rows, warps in (((70, 260), "same", 8, 4), ((37, 131), "same", 4, 2),
                                        ((9, 5), "same", 2, 1), ((40, 263), "valid", 8, 4)):
        if padding == "valid" and (k[0] > shape[0] or k[1] > shape[1]):
            continue
        c_out = 3
        desc = Conv2dStagedDesc(*k, co_per_launch=2, rows=rows, warps=warps, padding=padding,
                                taps_on_device=taps_on_device)
        x = rng.standard_normal((2, *shape)).astype(np.float32)
        w = rng.standard_normal((c_out, *k)).astype(np.float32)
        ref = conv2d_reference(x[:, None], w[:, None], padding)
        got = emulator_planes.run_conv(desc, folder, x, w, ref.shape[-2:])
        err = np.linalg.norm(got - ref) / np.linalg.norm(ref)
        assert err < 1e-6, f"rel err {err:.3g} for {shape} {k} {padding} rows={rows}"
