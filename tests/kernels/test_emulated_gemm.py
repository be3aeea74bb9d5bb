"""conv_gemm and the fused LBC layer run on the CPU through tests/kernels/emulator.py: the
rendered kernels' own indexing, tiling, zero fills and pipeline, against the float64
references on fresh random inputs at odd shapes (several blocks, partial tiles and slices).

Limits as on the GPU: TF32 within 1e-3 of the sum of the products' magnitudes, fp32 1e-5."""

from __future__ import annotations

import numpy as np
import pytest

from tests.kernels import emulator
from transpyle.kernels import lbc_features_reference, lbc_reference, make_anchors
from transpyle.kernels import lbc_gemm
from transpyle.kernels.conv_gemm import check_args, conv2d_layer_reference, plan

pytestmark = pytest.mark.skipif(emulator.compiler() is None,
                                reason="g++ is not on PATH; the emulator compiles the kernels")
LIMIT = {"tf32": 1e-3, "fp32": 1e-5}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("emulated")


def _conv(rng, folder, n, c, h, w, k, r, stride, padding, precision, **knobs):
    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    wt = rng.standard_normal((k, c, r, r)).astype(np.float32)
    shape = check_args(x, wt, stride, padding)
    desc = plan(shape, precision, **knobs)
    y = emulator.run(desc, folder, x, wt, shape.p, shape.q).astype(np.float64)
    ref = conv2d_layer_reference(x, wt, stride, padding)
    mag = conv2d_layer_reference(np.abs(x), np.abs(wt), stride, padding)
    assert np.isfinite(y).all(), f"{desc.kernel_name}: an output was not written"
    norm = np.linalg.norm(y - ref) / np.linalg.norm(ref)
    worst = np.max(np.abs(y - ref) / mag)
    assert norm < LIMIT[precision] and worst < LIMIT[precision], (
        f"{desc.kernel_name}: norm {norm:.2e}, worst {worst:.2e}")
    return desc, norm


# (N, C, H, W, K, R, stride, padding, precision, knobs): every gather mapping (a pixel per
# thread, two pixels per thread, two threads per pixel), slices cut short by C, K short of the
# tile, more than one block along both grid axes, filter sides 1 to 7
CASES = [
    (2, 13, 9, 11, 70, 3, 2, "same", "tf32", {}),
    (2, 13, 9, 11, 70, 3, 2, "valid", "fp32", {}),
    (1, 9, 13, 15, 40, 3, 1, "same", "tf32", {"bm": 128, "bn": 64}),
    (1, 9, 13, 15, 40, 3, 1, "same", "fp32", {"bm": 128, "bn": 64}),
    (1, 10, 13, 15, 33, 3, 1, "same", "tf32", {"bm": 128, "bn": 64, "wm": 32, "wn": 32}),
    (1, 7, 13, 15, 33, 3, 1, "same", "tf32", {"bm": 256, "bn": 32, "wm": 64, "wn": 32}),
    (1, 37, 7, 9, 65, 1, 2, "same", "tf32", {}),
    (1, 5, 11, 12, 7, 5, 1, "same", "tf32", {}),
    (1, 3, 11, 12, 7, 7, 2, "valid", "tf32", {}),
    (1, 5, 11, 12, 9, 2, 1, "same", "tf32", {"stages": 2}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(map(str, c[:9])))
def test_emulated_layer_matches_float64(rng, folder, case):
    *dims, precision, knobs = case
    _conv(rng, folder, *dims, precision, **knobs)


def test_the_emulator_sees_a_slice_read_before_its_copies_land(rng, folder, monkeypatch):
    """Waiting for one group fewer than the pipeline needs reads a stage's old contents (NaN
    at first): the emulator must report it as wrong, or it could not catch a pipeline bug."""
    real = emulator.emulator_source

    def early(desc):
        src = real(desc)
        assert "copies_wait<STAGES - 2>();" in src
        return src.replace("copies_wait<STAGES - 2>();", "copies_wait<STAGES - 1>();")

    monkeypatch.setattr(emulator, "emulator_source", early)
    with pytest.raises(AssertionError, match="not written|norm"):
        _conv(rng, folder, 1, 9, 9, 11, 20, 3, 1, "same", "tf32")


def _lbc(rng, folder, n, c, h, w, m, c_out, k, nonlinearity, **knobs):
    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    anchors = make_anchors(m, c, k, 0.5, seed=int(rng.integers(2**31))).astype(np.float32)
    v = rng.standard_normal((c_out, m)).astype(np.float32)
    desc = lbc_gemm.plan(m, c, k, c_out, nonlinearity, **knobs)
    y = emulator.run(desc, folder, x, anchors, h, w, v).astype(np.float64)
    ref = lbc_reference(x, anchors, v, nonlinearity)
    z = lbc_features_reference(x, anchors, nonlinearity)
    z_mag = lbc_features_reference(np.abs(x), np.abs(anchors), "identity")
    # |v| |z| (the 1x1 products) + |v| (|x| * |a|) (the anchor products, through act' <= 1)
    mag = np.einsum("om,nmhw->nohw", np.abs(v), np.abs(z) + z_mag)
    assert np.isfinite(y).all(), f"{desc.kernel_name}: an output was not written"
    norm = np.linalg.norm(y - ref) / np.linalg.norm(ref)
    worst = np.max(np.abs(y - ref) / mag)
    assert norm < 1e-3 and worst < 1e-3, f"{desc.kernel_name}: norm {norm:.2e} worst {worst:.2e}"


@pytest.mark.parametrize("case", [
    (1, 5, 9, 11, 7, 3, 3, "relu"),
    (2, 9, 7, 13, 64, 32, 3, "relu"),
    (1, 16, 9, 11, 32, 16, 3, "sigmoid"),
    (1, 6, 9, 10, 100, 50, 5, "identity"),
    (1, 3, 9, 10, 20, 5, 1, "relu"),
], ids=lambda c: "-".join(map(str, c)))
def test_emulated_fused_lbc_matches_float64(rng, folder, case):
    _lbc(rng, folder, *case)

