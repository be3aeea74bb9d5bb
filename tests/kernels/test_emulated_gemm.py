"""conv_gemm and the fused LBC layer run on the CPU through tests/kernels/emulator.py: the
rendered kernels' own indexing, tiling, zero fills and pipeline, against the float64
references on fresh random inputs at odd shapes (several blocks, partial tiles and slices).

Limits as on the GPU: TF32 within 1e-3 of the sum of the products' magnitudes, fp32 1e-5."""

from __future__ import annotations

import numpy as np
import pytest

from tests.kernels import emulator
from transpyle.kernels import lbc_features_reference, lbc_gemm, lbc_reference, make_anchors
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
    # the LBCNN example's first layers (one input channel, 8x8 digits), and the 32x64 warp
    # tiles of the device script's sweep
    (3, 1, 8, 8, 16, 3, 1, "same", "tf32", {}),
    (2, 16, 8, 8, 16, 3, 1, "same", "tf32", {}),
    (1, 9, 13, 15, 40, 3, 1, "same", "tf32", {"bm": 128, "bn": 64, "wm": 32, "wn": 64}),
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
    (3, 1, 8, 8, 16, 16, 3, "relu"),  # the LBCNN example's first LBC layer
], ids=lambda c: "-".join(map(str, c)))
def test_emulated_fused_lbc_matches_float64(rng, folder, case):
    _lbc(rng, folder, *case)



def test_the_device_script_runs_its_layer_groups_on_the_emulator(monkeypatch, tmp_path, folder):
    """benchmarks/gpu_kernels.py --only layer,lbclayer --sweep end to end with CuPy faked by NumPy
    and the kernels run by the emulator (tiny shapes, no torch): the script's own code, its
    checks and its summary, before a device run is spent on it."""
    import json
    import time
    import types

    import benchmarks.gpu_kernels as gk
    import benchmarks.gpu_layers as gl
    import transpyle.kernels.conv_gemm as cg
    import transpyle.kernels.gemm as gemm
    from transpyle.runtime import gpu

    class Event:
        def record(self):
            self.t = time.perf_counter()

        def synchronize(self):
            pass

    class Device:
        id = 0

        def synchronize(self):
            pass

    props = {"multiProcessorCount": 132, "l2CacheSize": 1}
    fake = types.SimpleNamespace(**{n: getattr(np, n) for n in dir(np) if not n.startswith("_")})
    fake.ndarray, fake.asnumpy, fake.__version__ = np.ndarray, np.asarray, "numpy"
    fake.cuda = types.SimpleNamespace(
        Event=Event, Device=lambda *a: Device(), get_elapsed_time=lambda a, b: (b.t - a.t) * 1e3,
        runtime=types.SimpleNamespace(getDeviceProperties=lambda i: props,
                                      driverGetVersion=lambda: 0, runtimeGetVersion=lambda: 0))

    def kernel_for(desc):
        def launch(grid, block, args, shared_mem=0):
            assert block == (desc.threads, 1, 1) and shared_mem == desc.smem_bytes
            x, w, *rest = args
            v = rest.pop(0) if desc.fuse else None
            y, _n, _c, _h, _w, k, p, q = rest[:8]
            assert grid[1] == (1 if desc.fuse else -(-int(k) // desc.bn))
            y[...] = emulator.run(desc, folder, x, w, int(p), int(q), v)
        return launch

    monkeypatch.setattr(gpu, "cupy", lambda: fake)
    monkeypatch.setattr(gpu, "device_name", lambda: "emulated")
    monkeypatch.setattr(cg, "kernel_for", kernel_for)
    monkeypatch.setattr(lbc_gemm, "kernel_for", kernel_for)
    monkeypatch.setattr(cg, "_LAUNCHES", {})
    monkeypatch.setattr(lbc_gemm, "_LAUNCHES", {})
    # the LBC backward's dweights product: NumPy's here (the GEMM kernel has its GPU tests)
    monkeypatch.setattr(gemm, "tensordot", lambda a, b, axes=2: np.tensordot(a, b, axes))
    monkeypatch.setattr(gl, "lbc", lambda x, a, v, out: out.__setitem__(
        ..., lbc_reference(x, a.astype(np.float32), v)))
    monkeypatch.setattr(gl, "LAYERS", (("tiny", (2, 9, 11, 13, 20, 3, 1, "same")),))
    monkeypatch.setattr(gl, "CHECKS", ((1, 6, 9, 11, 33, 1, 2, "valid"),))
    monkeypatch.setattr(gl, "LBC_LAYERS", (("LBC tiny", (2, 8, 9, 11, 24, 10)),))
    monkeypatch.setattr(gl, "SWEEP", gl.SWEEP[:1])
    monkeypatch.setattr(gl, "FP32_SWEEP", ())
    monkeypatch.setattr(gl, "LBC_SWEEP", gl.LBC_SWEEP[:1])
    monkeypatch.setattr(gk, "_torch", lambda: None)
    out = tmp_path / "rows.json"
    assert gk.main(["--only", "layer,lbclayer", "--sweep", "--reps", "1", "--warmup", "0",
                    "--inner", "1", "--out", str(out)]) == 0
    rows = json.loads(out.read_text())["results"]
    assert not [r for r in rows if "error" in r]
    checked = [r for r in rows if r.get("rel_err") is not None]
    # the TF32 backward's dx goes through the ReLU mask of TF32 pre-activations: an element
    # near 0 whose sign differs from float64's flips a whole term (1e-2 on the H200's shapes,
    # above 1e-3 now and then on these: CI saw it). The other rows keep TF32's own 1e-3.
    masked = [r for r in checked if "backward" in r["name"] and r["name"].endswith("tf32")]
    assert len(checked) >= 8 and all(r["rel_err"] < 1e-3 for r in checked if r not in masked)
    assert masked and all(r["rel_err"] < 5e-2 for r in masked)
    assert {r["group"] for r in rows} == {"layer", "lbclayer"}
