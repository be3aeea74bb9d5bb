"""LBCNN example on the GPU: the CuPy back end (transpyle's conv2d and lbc kernels) against the
NumPy back end, and one training step's gradients."""

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
    cp, cpu = gops.xp, ArrayOps(np)
    x = rng.normal(size=(5, 6, 8, 8))
    w = rng.normal(size=(7, 6, 3, 3))
    dy = rng.normal(size=(5, 7, 8, 8))
    anchors = make_anchors(9, 6, 3, 0.5, int(rng.integers(2**31)))
    one = rng.normal(size=(7, 9))
    for dtype, tol in ((np.float64, 1e-12), (np.float32, 1e-5)):
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
