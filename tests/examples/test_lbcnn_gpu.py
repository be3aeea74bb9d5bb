"""LBCNN example on the GPU: the CuPy back end (transpyle's conv2d, conv2d_layer, lbc_layer and
lbc kernels) against the NumPy back end in float64, one training step's gradients, and epochs
replayed from CUDA graphs against the same epochs run kernel by kernel."""

from __future__ import annotations

import numpy as np
import pytest

from examples.lbcnn.layers import softmax_cross_entropy
from examples.lbcnn.model import ModelConfig, build_model
from examples.lbcnn.ops import ArrayOps
from transpyle.kernels import make_anchors
from transpyle.runtime import gpu

pytestmark = pytest.mark.gpu


@pytest.fixture
def gops():
    reason = gpu.unavailable_reason()
    if reason:
        pytest.skip(f"no GPU: {reason}")
    from examples.lbcnn.ops import GpuOps

    return GpuOps()


def _rel(got, ref) -> float:
    got = got.get() if hasattr(got, "get") else got
    return float(np.linalg.norm(got - ref) / np.linalg.norm(ref))


def test_gpu_ops_match_numpy(gops, rng: np.random.Generator) -> None:
    """float64 kernels and the strict float32 path (precision="fp32") within 1e-5."""
    from examples.lbcnn.ops import GpuOps

    cp, cpu = gops.xp, ArrayOps(np)
    x = rng.normal(size=(5, 6, 8, 8))
    w = rng.normal(size=(7, 6, 3, 3))
    dy = rng.normal(size=(5, 7, 8, 8))
    anchors = make_anchors(9, 6, 3, 0.5, int(rng.integers(2**31)))
    one = rng.normal(size=(7, 9))
    for dtype, tol in ((np.float64, 1e-12), (np.float32, 1e-5)):
        gops = gops if dtype == np.float64 else GpuOps("fp32")
        xd, wd, dyd = (cp.asarray(a.astype(dtype)) for a in (x, w, dy))
        assert _rel(gops.conv(xd, wd), cpu.conv(x, w)) < tol
        dx, dw = gops.conv_backward(xd, wd, dyd)
        ref_dx, ref_dw = cpu.conv_backward(x, w, dy)
        assert _rel(dx, ref_dx) < tol and _rel(dw, ref_dw) < tol
        z = cpu.lbc_features(x, anchors)
        assert _rel(gops.lbc_features(xd, anchors), z) < tol
        dz = rng.normal(size=z.shape)
        got = gops.lbc_backward(cp.asarray(z.astype(dtype)), cp.asarray(dz.astype(dtype)), anchors)
        assert _rel(got, cpu.lbc_backward(z, dz, anchors)) < tol
        fused = gops.lbc_fused(xd, anchors, cp.asarray(one.astype(dtype)))
        assert _rel(fused, np.einsum("om,nmhw->nohw", one, z)) < tol


@pytest.mark.parametrize("kind", ["cnn", "lbcnn"])
def test_gpu_training_step_matches_numpy(gops, kind: str, rng: np.random.Generator) -> None:
    seed = int(rng.integers(2**31))
    x = rng.random((8, 1, 8, 8))
    y = rng.integers(0, 10, 8)
    grads = []
    for ops, xs in ((ArrayOps(np), x), (gops, gops.xp.asarray(x))):
        model = build_model(ModelConfig(kind=kind, channels=(4, 8), n_anchors=6, seed=seed))
        model.bind(ops, np.float64)
        _, g = softmax_cross_entropy(model.forward(xs, True), ops.xp.asarray(y), ops.xp)
        model.backward(g)
        grads.append([layer.grads[k] for layer, k in model.parameters()])
    for ref, got in zip(*grads, strict=True):
        assert _rel(got, ref) < 1e-10


@pytest.mark.parametrize("shape", [(5, 6, 9, 11, 7, 9), (3, 1, 8, 8, 16, 16),
                                   (2, 16, 7, 5, 32, 16)])
def test_gpu_tf32_ops_match_float64(gops, shape: tuple[int, ...], rng: np.random.Generator) -> None:
    """The tensor-core path of training (TF32): conv, its gradients, the fused LBC layer and its
    gradients against float64 on fresh random data at odd shapes (cuDNN-TF32-level errors)."""
    cp, cpu = gops.xp, ArrayOps(np)
    n, c, h, w, k, m = shape
    x = rng.normal(size=(n, c, h, w))
    wt = rng.normal(size=(k, c, 3, 3))
    dy = rng.normal(size=(n, k, h, w))
    anchors = make_anchors(m, c, 3, 0.5, int(rng.integers(2**31)))
    one = rng.normal(size=(k, m))
    x32, w32, dy32, one32 = (cp.asarray(a.astype(np.float32)) for a in (x, wt, dy, one))
    assert gops.precision == "tf32" and gops.fuses_lbc(x32)
    assert _rel(gops.conv(x32, w32), cpu.conv(x, wt)) < 2e-3
    dx, dw = gops.conv_backward(x32, w32, dy32)
    ref_dx, ref_dw = cpu.conv_backward(x, wt, dy)
    assert _rel(dx, ref_dx) < 2e-3 and _rel(dw, ref_dw) < 1e-5  # dw: float32 cuBLAS
    z = cpu.lbc_features(x, anchors)
    assert _rel(gops.lbc_fused(x32, anchors, one32), np.einsum("om,nmhw->nohw", one, z)) < 2e-3
    dx, dw = gops.lbc_fused_backward(x32, anchors, one32, dy32)
    g = dy.reshape(n, k, -1)
    ref_dw = np.tensordot(g, z.reshape(n, m, -1), axes=([0, 2], [0, 2]))
    ref_dx = cpu.lbc_backward(z, np.matmul(one.T, g).reshape(z.shape), anchors)
    # a TF32 pre-activation near 0 can flip its ReLU mask: a whole term moves
    assert _rel(dx, ref_dx) < 2e-2 and _rel(dw, ref_dw) < 2e-2


@pytest.mark.parametrize("kind", ["cnn", "half", "lbcnn"])
def test_graph_epochs_match_eager(gops, kind: str, rng: np.random.Generator) -> None:
    """Three epochs replayed from CUDA graphs (both batch shapes captured) give the parameters,
    losses and accuracies of the same epochs run kernel by kernel, bit for bit: the graph runs
    the same kernels (no cuBLAS, which a capture refuses) and none of them adds with atomics."""
    from examples.lbcnn.graph import StepGraphs
    from examples.lbcnn.model import SGD, train_epoch

    seed = int(rng.integers(2**31))
    x = rng.random((70, 1, 8, 8))
    y = rng.integers(0, 10, 70)
    results = []
    for graphs in (None, StepGraphs(gops.xp)):
        model = build_model(ModelConfig(kind=kind, channels=(8, 16), n_anchors=8, seed=seed))
        model.bind(gops, np.float32)
        opt, order = SGD(lr=0.05), np.random.default_rng(seed)
        stats = [train_epoch(model, opt, x, y, 16, order, graphs=graphs) for _ in range(3)]
        results.append((stats, [layer.params[k].get() for layer, k in model.parameters()]))
        if graphs is not None:
            assert graphs.failure is None, graphs.failure
            # 5 steps an epoch: the first of each shape eager, the next captured and launched
            assert graphs.launches == 13 and graphs.eager == 2
    (stats0, params0), (stats1, params1) = results
    assert stats0 == stats1
    for ref, got in zip(params0, params1, strict=True):
        assert np.array_equal(got, ref)
