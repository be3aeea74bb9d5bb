"""LBCNN example: every layer's backward pass against central finite differences, the whole
model's gradient, and LBC's fixed anchors (they never change in training)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from examples.lbcnn.layers import (
    LBC,
    BatchNorm,
    Conv,
    Dense,
    GlobalAvgPool,
    Layer,
    MaxPool,
    ReLU,
    softmax_cross_entropy,
)
from examples.lbcnn.model import SGD, ModelConfig, build_model, train_epoch
from examples.lbcnn.ops import ArrayOps, LoopOps
from tests.conftest import needs_gfortran

EPS = 1e-6


def _ops(name: str) -> object:
    if name == "numpy":
        return ArrayOps(np)
    needs_gfortran()
    return LoopOps(compiled=True)


def _numeric(f: Callable[[], float], a: np.ndarray, idx: tuple[int, ...]) -> float:
    old = a[idx]
    a[idx] = old + EPS
    up = f()
    a[idx] = old - EPS
    down = f()
    a[idx] = old
    return (up - down) / (2 * EPS)


def _check(f: Callable[[], float], a: np.ndarray, grad: np.ndarray, rng: np.random.Generator,
           samples: int = 12, kinks: bool = False) -> None:
    """Compare `grad` with central differences at `samples` random entries of `a`. With
    `kinks` (a whole model: ReLU and max pooling are not differentiable everywhere) a kink may
    lie within a step of the entry; the derivative there is the slope of the entry's own side,
    so the one-sided differences are accepted too (their error, f'' times the step, stays
    below 7e-6 on these models; a kink makes the central difference miss by up to its jump)."""
    assert grad.shape == a.shape
    for flat in rng.choice(a.size, size=min(samples, a.size), replace=False):
        idx = np.unravel_index(flat, a.shape)
        num = _numeric(f, a, idx)
        if abs(num - grad[idx]) <= 1e-6 + 1e-5 * abs(num):
            continue
        sides = _one_sided(f, a, idx) if kinks else ()
        assert any(abs(s - grad[idx]) <= 2e-5 + 1e-4 * abs(s) for s in sides), \
            (idx, num, sides, grad[idx])


def _one_sided(f: Callable[[], float], a: np.ndarray, idx: tuple[int, ...]) -> tuple[float, float]:
    """f's forward and backward differences at `idx`."""
    old = a[idx]
    mid = f()
    a[idx] = old + EPS
    up = f()
    a[idx] = old - EPS
    down = f()
    a[idx] = old
    return (up - mid) / EPS, (mid - down) / EPS


LAYERS: dict[str, Callable[[np.random.Generator], tuple[Layer, tuple[int, ...]]]] = {
    "conv": lambda rng: (Conv(3, 4, rng), (2, 3, 6, 5)),
    "lbc": lambda rng: (LBC(3, 4, rng, n_anchors=5, density=0.5), (2, 3, 6, 5)),
    "batchnorm": lambda rng: (BatchNorm(3), (4, 3, 4, 5)),
    "relu": lambda rng: (ReLU(), (2, 3, 4, 5)),
    "maxpool": lambda rng: (MaxPool(), (2, 3, 6, 4)),
    "avgpool": lambda rng: (GlobalAvgPool(), (2, 3, 4, 5)),
    "dense": lambda rng: (Dense(7, 4, rng), (5, 7)),
}


@pytest.mark.parametrize("backend", ["transpile", "numpy"])
@pytest.mark.parametrize("name", list(LAYERS))
def test_layer_gradients_match_finite_differences(name: str, backend: str,
                                                  rng: np.random.Generator) -> None:
    layer, shape = LAYERS[name](rng)
    layer.bind(_ops(backend), np.float64)
    for key in layer.params:  # non-trivial gamma and beta
        layer.params[key] += 0.3 * rng.normal(size=layer.params[key].shape)
    x = rng.normal(size=shape)
    probe = rng.normal(size=layer.forward(x.copy(), True).shape)

    def loss() -> float:
        return float((probe * layer.forward(x, True)).sum())

    loss()
    dx = layer.backward(probe)
    grads = {k: g.copy() for k, g in layer.grads.items()}
    assert set(grads) == set(layer.params)
    _check(loss, x, dx, rng)
    for key, p in layer.params.items():
        _check(loss, p, grads[key], rng)


def test_softmax_cross_entropy_gradient(rng: np.random.Generator) -> None:
    logits = rng.normal(size=(6, 10)) * 3
    labels = rng.integers(0, 10, 6)
    loss, grad = softmax_cross_entropy(logits, labels, np)
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.log(p[np.arange(6), labels]).mean(), rel=1e-12)
    _check(lambda: softmax_cross_entropy(logits, labels, np)[0], logits, grad, rng)


@pytest.mark.parametrize("kind", ["cnn", "lbcnn", "half"])
def test_model_gradient_matches_finite_differences(kind: str, rng: np.random.Generator) -> None:
    model = build_model(ModelConfig(kind=kind, channels=(4, 6), n_anchors=5,
                                    seed=int(rng.integers(2**31))))
    model.bind(_ops("transpile"), np.float64)
    x = rng.normal(size=(3, 1, 8, 8))
    y = rng.integers(0, 10, 3)

    def loss() -> float:
        return softmax_cross_entropy(model.forward(x, True), y, np)[0]

    _, grad = softmax_cross_entropy(model.forward(x, True), y, np)
    model.backward(grad)
    for layer, key in model.parameters():
        _check(loss, layer.params[key], layer.grads[key].copy(), rng, samples=3, kinks=True)


def test_lbc_anchors_never_change_in_training(rng: np.random.Generator) -> None:
    model = build_model(ModelConfig(kind="lbcnn", channels=(4, 6), n_anchors=5,
                                    seed=int(rng.integers(2**31))))
    model.bind(_ops("transpile"), np.float32)
    lbcs = [layer for layer in model.layers if isinstance(layer, LBC)]
    assert len(lbcs) == 4
    anchors = [layer.anchors.copy() for layer in lbcs]
    weights = [layer.params["w"].copy() for layer in lbcs]
    for layer in lbcs:  # anchors are not parameters: the optimiser never sees them
        assert all(p is not layer.anchors for p in layer.params.values())
        assert set(np.unique(layer.anchors)) <= {-1, 0, 1}
    x = rng.random((64, 1, 8, 8)).astype(np.float32)
    y = rng.integers(0, 10, 64)
    train_epoch(model, SGD(lr=0.1), x, y, 16, rng)
    for layer, before, w_before in zip(lbcs, anchors, weights, strict=True):
        np.testing.assert_array_equal(layer.anchors, before)
        assert not np.allclose(layer.params["w"], w_before)  # the 1x1 weights did learn
    with pytest.raises(ValueError, match="read-only"):
        lbcs[0].anchors[0, 0, 0, 0] = 1
