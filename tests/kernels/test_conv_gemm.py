"""conv_gemm on the CPU: the planner, the descriptions' checks, the float64 reference, and
nvcc compiling the planner's variants for a grid of layer shapes with no register spills."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from tests.kernels.test_templates import _RESOURCES, _compile
from transpyle.backends.cuda import emit
from transpyle.errors import TranspileError
from transpyle.kernels import conv2d_layer, conv2d_layer_reference, conv2d_reference, lbc_gemm
from transpyle.kernels.conv_gemm import ConvGemmDesc, LayerShape, check_args, plan

# (N, C, H, W, K, side): 16 to 512 channels, 7^2 to 224^2, batch 1 to 256
LAYER_GRID = (
    (64, 16, 56, 56, 32, 3), (32, 64, 56, 56, 64, 3), (1, 3, 224, 224, 64, 3),
    (256, 64, 56, 56, 64, 1), (8, 128, 28, 28, 128, 3), (16, 256, 14, 14, 256, 3),
    (1, 512, 7, 7, 512, 3), (4, 512, 7, 7, 2048, 1), (2, 37, 21, 23, 65, 3), (1, 5, 7, 9, 7, 1),
)


def _shape(case: tuple, stride: int = 1, padding: str = "same") -> LayerShape:
    n, c, h, w, k, r = case
    return check_args(np.zeros((n, c, h, w), np.float32), np.zeros((k, c, r, r), np.float32),
                      stride, padding)


def _planned() -> list[ConvGemmDesc]:
    descs = {plan(_shape(case, stride, padding), precision)
             for case in LAYER_GRID for stride in (1, 2) for padding in ("same", "valid")
             for precision in ("tf32", "fp32")}
    return sorted(descs, key=lambda d: d.kernel_name)


def _swept() -> list[ConvGemmDesc]:
    """The tile configurations benchmarks/gpu_layers.py's --sweep times, and the fused LBC
    layer's plans for its shapes and a grid of anchors and outputs."""
    from benchmarks.gpu_layers import FP32_SWEEP, KNOBS, LAYERS, LBC_LAYERS, LBC_SWEEP, SWEEP

    descs = []
    for _, (n, c, h, w, k, r, stride, padding) in LAYERS:
        shape = _shape((n, c, h, w, k, r), stride, padding)
        for precision, table in (("tf32", SWEEP), ("fp32", FP32_SWEEP)):
            for point in table:
                knobs = {key: v for key, v in zip(KNOBS, point, strict=True) if v}
                try:
                    descs.append(plan(shape, precision, **knobs))
                except TranspileError:
                    pass  # refused at plan time: the sweep skips it too
    for _, (_n, c, _h, _w, m, c_out) in LBC_LAYERS:
        for point in ((0,) * 5, *LBC_SWEEP):
            knobs = {key: v for key, v in zip(("bm", "cb", "stages", "wm", "wn"), point,
                                               strict=True) if v}
            try:
                descs.append(lbc_gemm.plan(m, c, 3, c_out, **knobs))
            except TranspileError:
                pass
    for m, c_out, k in ((8, 4, 3), (100, 50, 5), (128, 64, 3), (20, 5, 1), (64, 10, 7)):
        descs.append(lbc_gemm.plan(m, 16, k, c_out))
    return descs


def _to_compile() -> list[ConvGemmDesc]:
    """One variant per tile shape and filter side (stride, padding and stages only change
    constants in the index arithmetic), and every stride and padding at least once per
    precision: the CPU machine has two cores."""
    chosen: dict[tuple, ConvGemmDesc] = {}
    for desc in [*_planned(), *_swept()]:
        chosen.setdefault((desc.precision, desc.kh, desc.bm, desc.bn, desc.cb, desc.wm, desc.wn,
                           desc.fuse, desc.c_out > 32), desc)
        chosen.setdefault((desc.precision, desc.stride, desc.padding), desc)
    return sorted(set(chosen.values()), key=lambda d: d.kernel_name)


def test_planned_variants_compile_with_nvcc_without_spills(tmp_path: Path):
    nvcc = shutil.which("nvcc")
    if nvcc is None:
        pytest.skip("nvcc is not on PATH; the compile check needs the CUDA toolkit")
    paths = []
    for desc in _to_compile():
        src = emit(desc)
        path = tmp_path / src.filename
        path.write_text(src.source)
        paths.append(path)
    assert len(paths) >= 20
    with ThreadPoolExecutor(max_workers=2) as pool:
        logs = dict(pool.map(lambda p: _compile(nvcc, p), paths))
    for name, log in logs.items():
        assert "returncode=0" in log, f"{name} failed to compile:\n{log}"
        spills = _RESOURCES.findall(log)
        assert spills and all(s == ("0", "0") for s in spills), f"{name} spills:\n{log}"


def test_tf32_template_uses_mma_sync_and_fp32_does_not():
    tf32 = emit(ConvGemmDesc("tf32")).source
    fp32 = emit(ConvGemmDesc("fp32")).source
    assert "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32" in tf32
    assert "cvt.rna.tf32.f32" in tf32 and "wmma" not in tf32
    assert "mma.sync" not in fp32 and "fmaf" in fp32 and "cvt.rna" not in fp32
    assert "cp.async" in tf32 and "constexpr int STRIDE = 1;" in tf32
    assert "constexpr int CB = 4;" in tf32 and "BK = (KB + 7) / 8 * 8" in tf32


def test_planner_tiles_follow_the_layer():
    assert plan(_shape((64, 16, 56, 56, 32, 3))).bn == 32
    assert plan(_shape((32, 64, 56, 56, 64, 3))).bn == 64
    assert plan(_shape((8, 128, 28, 28, 256, 3))).bn == 128
    small = plan(_shape((1, 512, 7, 7, 512, 3)))
    assert small.bm < 128  # 49 pixels: smaller blocks to fill the multiprocessors
    assert plan(_shape((32, 64, 56, 56, 64, 3)), bm=64, stages=2).bm == 64
    three = plan(_shape((32, 64, 56, 56, 64, 3)))
    assert (three.cb, three.kb, three.bk) == (4, 36, 40)  # 4 zero rows pad 36 to 40
    one = plan(_shape((256, 64, 56, 56, 64, 1)))
    assert (one.cb, one.bk) == (32, 32)
    assert plan(_shape((1, 5, 7, 9, 7, 1))).cb == 8  # never more channels than the layer's
    for desc in _planned():
        assert desc.threads <= 256 and desc.smem_bytes <= 227 * 1024


@pytest.mark.parametrize("bad", [
    {"precision": "bf16"}, {"stride": 3}, {"padding": "full"}, {"kh": 9}, {"bm": 96},
    {"cb": 0}, {"stages": 1}, {"wm": 48}, {"bm": 256, "bn": 128, "wm": 16, "wn": 8},
    {"fuse": "relu"}, {"c_out": 8}, {"fuse": "lbc", "c_out": 65},
    {"fuse": "lbc", "c_out": 8, "precision": "fp32"}, {"cb": 64, "bn": 128},
])
def test_description_refuses_bad_fields(bad):
    with pytest.raises(TranspileError):
        ConvGemmDesc(**bad)


def test_reference_matches_the_stride_one_reference_and_subsamples(rng):
    for padding in ("same", "valid"):
        for r in (1, 3, 4):
            x = rng.standard_normal((2, 5, 11, 14)).astype(np.float32)
            w = rng.standard_normal((3, 5, r, r)).astype(np.float32)
            one = conv2d_layer_reference(x, w, 1, padding)
            np.testing.assert_array_equal(one, conv2d_reference(x, w, padding))
            two = conv2d_layer_reference(x, w, 2, padding)
            sub = one[:, :, ::2, ::2]
            np.testing.assert_allclose(two, sub[:, :, : two.shape[2], : two.shape[3]],
                                       rtol=0, atol=1e-12)
            assert two.shape[2:] == ((6, 7) if padding == "same" else
                                     ((11 - r) // 2 + 1, (14 - r) // 2 + 1))


def test_reference_against_a_direct_loop(rng):
    x = rng.standard_normal((1, 2, 7, 6))
    w = rng.standard_normal((3, 2, 3, 3))
    got = conv2d_layer_reference(x.astype(np.float32), w.astype(np.float32), 2, "same")
    x, w = x.astype(np.float32).astype(np.float64), w.astype(np.float32).astype(np.float64)
    want = np.zeros((1, 3, 4, 3))
    for k in range(3):
        for p in range(4):
            for q in range(3):
                for c in range(2):
                    for r in range(3):
                        for s in range(3):
                            i, j = 2 * p + r - 1, 2 * q + s - 1
                            if 0 <= i < 7 and 0 <= j < 6:
                                want[0, k, p, q] += w[k, c, r, s] * x[0, c, i, j]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_argument_errors_name_the_problem():
    x = np.zeros((1, 4, 5, 5), np.float32)
    with pytest.raises(TranspileError, match="3 input channels but x has 4"):
        check_args(x, np.zeros((2, 3, 3, 3), np.float32), 1, "same")
    with pytest.raises(TranspileError, match="float32"):
        check_args(x.astype(np.float64), np.zeros((2, 4, 3, 3), np.float32), 1, "same")
    with pytest.raises(TranspileError, match="stride"):
        check_args(x, np.zeros((2, 4, 3, 3), np.float32), 3, "same")
    with pytest.raises(TranspileError, match="larger than the image"):
        check_args(x, np.zeros((2, 4, 7, 7), np.float32), 1, "valid")


def test_missing_cupy_is_a_clear_error():
    from transpyle.runtime.gpu import unavailable_reason

    if unavailable_reason() is None:
        pytest.skip("CuPy and a GPU are present; this checks the failure path")
    x = np.zeros((1, 2, 5, 5), np.float32)
    with pytest.raises(TranspileError, match="CuPy|CUDA"):
        conv2d_layer(x, np.zeros((3, 2, 3, 3), np.float32))
