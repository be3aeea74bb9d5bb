"""The three networks (CNN, LBCNN, half-LBC), SGD with momentum, training and evaluation.

All three have the same shape: two stages of two 3x3 blocks (block = convolution or LBC, batch
norm, ReLU), 2x2 max pooling after each stage, global average pooling and a dense classifier.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from examples.lbcnn.layers import (
    LBC,
    Array,
    BatchNorm,
    Conv,
    Dense,
    GlobalAvgPool,
    Layer,
    MaxPool,
    ReLU,
    softmax_cross_entropy,
)

KINDS = ("cnn", "lbcnn", "half")


@dataclass(frozen=True)
class ModelConfig:
    kind: str = "cnn"  # "cnn", "lbcnn" or "half" (every other convolution is LBC)
    in_channels: int = 1
    channels: tuple[int, ...] = (16, 32)  # per stage; two blocks per stage
    n_classes: int = 10
    n_anchors: int = 16  # M, anchors per LBC layer
    density: float = 0.5  # fraction of non-zero anchor taps (1 - sparsity)
    seed: int = 0


class Model:
    def __init__(self, layers: list[Layer]) -> None:
        self.layers = layers

    def bind(self, ops: Any, dtype: Any = np.float32) -> Model:
        self.ops, self.dtype = ops, dtype
        for layer in self.layers:
            layer.bind(ops, dtype)
        return self

    def forward(self, x: Array, train: bool = False) -> Array:
        for layer in self.layers:
            x = layer.forward(x, train)
        return x

    def backward(self, dy: Array) -> Array:
        for layer in reversed(self.layers):
            dy = layer.backward(dy)
        return dy

    def parameters(self) -> list[tuple[Layer, str]]:
        return [(layer, key) for layer in self.layers for key in layer.params]

    def n_learnable(self) -> int:
        return sum(int(layer.params[key].size) for layer, key in self.parameters())


def build_model(config: ModelConfig) -> Model:
    if config.kind not in KINDS:
        raise ValueError(f"model kind must be one of {', '.join(KINDS)}, not {config.kind!r}")
    rng = np.random.default_rng(config.seed)
    layers: list[Layer] = []
    c_in, index = config.in_channels, 0
    for c_out in config.channels:
        for _ in range(2):
            lbc = config.kind == "lbcnn" or (config.kind == "half" and index % 2 == 1)
            if lbc:
                layers.append(LBC(c_in, c_out, rng, config.n_anchors, config.density))
            else:
                layers.append(Conv(c_in, c_out, rng))
            layers += [BatchNorm(c_out), ReLU()]
            c_in, index = c_out, index + 1
        layers.append(MaxPool())
    layers += [GlobalAvgPool(), Dense(c_in, config.n_classes, rng)]
    return Model(layers)


@dataclass
class SGD:
    """SGD with momentum (heavy ball) and L2 weight decay on the weights."""

    lr: float = 0.05
    momentum: float = 0.9
    weight_decay: float = 5e-4
    velocity: dict[int, Array] = field(default_factory=dict)
    # a 0-d device array holding lr, read by a captured step (examples.lbcnn.graph)
    lr_array: Array = None

    def step(self, model: Model) -> None:
        lr = self.lr if self.lr_array is None else self.lr_array
        for layer, key in model.parameters():
            p, g = layer.params[key], layer.grads[key]
            if key == "w" and self.weight_decay:
                g = g + self.weight_decay * p
            v = self.velocity.get(id(p))
            if v is None:
                self.velocity[id(p)] = v = -lr * g
            else:  # in place, as (momentum * v) - (lr * g): a captured step updates v
                v *= self.momentum
                v -= lr * g
            p += v.astype(p.dtype, copy=False)


@dataclass
class History:
    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    epoch_seconds: list[float] = field(default_factory=list)


def predict(model: Model, x: Array, batch: int = 256) -> np.ndarray:
    xp = model.ops.xp
    out = []
    for start in range(0, x.shape[0], batch):
        logits = model.forward(xp.asarray(x[start:start + batch], dtype=model.dtype))
        out.append(_host(logits.argmax(axis=1)))
    return np.concatenate(out)


def accuracy(model: Model, x: Array, y: np.ndarray) -> float:
    return float((predict(model, x) == np.asarray(y)).mean())


def train_epoch(model: Model, opt: SGD, x: np.ndarray, y: np.ndarray, batch: int,
                rng: np.random.Generator, max_batches: int | None = None,
                augment: bool = False, graphs: Any = None) -> tuple[float, float]:
    """One pass over (x, y) in shuffled mini-batches; returns (mean loss, accuracy).
    ``graphs`` (an :class:`examples.lbcnn.graph.StepGraphs`) replays each step from a CUDA
    graph instead: the same arithmetic, one launch."""
    xp = model.ops.xp
    order = rng.permutation(x.shape[0])
    if graphs is not None:
        batches = [order[s:s + batch] for s in range(0, x.shape[0], batch)][:max_batches]
        images = (shift_images(x[idx], rng) if augment else x[idx] for idx in batches)
        return graphs.epoch(model, opt, zip(images, (y[idx] for idx in batches), strict=True))
    losses, correct, seen = [], 0, 0
    for count, start in enumerate(range(0, x.shape[0], batch)):
        if max_batches is not None and count >= max_batches:
            break
        idx = order[start:start + batch]
        xb = xp.asarray(shift_images(x[idx], rng) if augment else x[idx], dtype=model.dtype)
        yb = xp.asarray(y[idx])
        logits = model.forward(xb, train=True)
        loss, grad = softmax_cross_entropy(logits, yb, xp)
        model.backward(grad)
        opt.step(model)
        losses.append(loss)
        correct += int((logits.argmax(axis=1) == yb).sum())
        seen += len(idx)
    return float(np.mean(losses)), correct / seen


def shift_images(x: np.ndarray, rng: np.random.Generator, most: int = 1) -> np.ndarray:
    """Each image moved by up to ``most`` pixels each way (zeros shifted in): augmentation."""
    n, _, h, w = x.shape
    p = most
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    dr = rng.integers(0, 2 * p + 1, size=(n,))
    dc = rng.integers(0, 2 * p + 1, size=(n,))
    rows = dr[:, None] + np.arange(h)[None, :]
    cols = dc[:, None] + np.arange(w)[None, :]
    return padded[np.arange(n)[:, None, None], :, rows[:, :, None], cols[:, None, :]] \
        .transpose(0, 3, 1, 2)


def synchronize(ops: Any) -> None:
    if getattr(ops, "name", "") == "gpu":
        ops.xp.cuda.Stream.null.synchronize()


def train(model: Model, data: Any, epochs: int, batch: int = 32, lr: float = 0.05,
          seed: int = 0, augment: bool = False,
          log: Callable[[str], None] | None = None, graph: bool = True) -> History:
    """Train with SGD + momentum and a cosine learning-rate schedule; test after each epoch.
    On the GPU (``graph``) each step is replayed from a CUDA graph (examples.lbcnn.graph)."""
    rng = np.random.default_rng(seed)
    opt = SGD(lr=lr)
    hist = History()
    graphs = None
    if graph and getattr(model.ops, "name", "") == "gpu":
        from examples.lbcnn.graph import StepGraphs

        graphs = StepGraphs(model.ops.xp)
    for epoch in range(epochs):
        opt.lr = lr * 0.5 * (1 + np.cos(np.pi * epoch / epochs))
        t0 = time.perf_counter()
        loss, acc = train_epoch(model, opt, data.x_train, data.y_train, batch, rng,
                                augment=augment, graphs=graphs)
        synchronize(model.ops)
        hist.epoch_seconds.append(time.perf_counter() - t0)
        hist.train_loss.append(loss)
        hist.train_acc.append(acc)
        hist.test_acc.append(accuracy(model, data.x_test, data.y_test))
        if log:
            log(f"  epoch {epoch + 1:2d}  loss {loss:.4f}  train {acc:.3f}  "
                f"test {hist.test_acc[-1]:.3f}  {hist.epoch_seconds[-1]:.2f} s")
    return hist


def _host(a: Array) -> np.ndarray:
    return a.get() if hasattr(a, "get") and not isinstance(a, np.ndarray) else np.asarray(a)
