"""Layers with a forward and a backward pass; parameters and gradients as named arrays.

Every layer takes ``ops`` (see :mod:`examples.lbcnn.ops`) for its hot loops, its matrix
products (``ops.matmul``, ``ops.tensordot``: on the GPU transpyle's kernel, which a CUDA graph
can capture, where CuPy's would call cuBLAS) and its array module.
``forward(x, train)`` keeps what ``backward(dy)`` needs; ``backward`` fills ``grads`` (same
keys as ``params``) and returns the gradient with respect to the input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from transpyle.kernels import make_anchors

Array = Any  # a NumPy or CuPy ndarray


class Layer:
    def __init__(self) -> None:
        self.params: dict[str, Array] = {}
        self.grads: dict[str, Array] = {}
        self.ops: Any = None

    def bind(self, ops: Any, dtype: Any) -> None:
        """Move the parameters to ``ops``' array module, in ``dtype``."""
        self.ops = ops
        for key, value in self.params.items():
            self.params[key] = ops.xp.asarray(np.asarray(_host(value), dtype=dtype))

    def forward(self, x: Array, train: bool) -> Array:
        raise NotImplementedError

    def backward(self, dy: Array) -> Array:
        raise NotImplementedError


def _host(a: Array) -> np.ndarray:
    return a.get() if hasattr(a, "get") and not isinstance(a, np.ndarray) else np.asarray(a)


class Conv(Layer):
    """A learnable k x k convolution (correlation, zero padding, same size), no bias."""

    def __init__(self, c_in: int, c_out: int, rng: np.random.Generator, k: int = 3) -> None:
        super().__init__()
        scale = np.sqrt(2.0 / (c_in * k * k))
        self.params["w"] = rng.normal(0.0, scale, size=(c_out, c_in, k, k))

    def forward(self, x: Array, train: bool) -> Array:
        self.x = x
        return self.ops.conv(x, self.params["w"])

    def backward(self, dy: Array) -> Array:
        dx, self.grads["w"] = self.ops.conv_backward(self.x, self.params["w"], dy)
        return dx


class LBC(Layer):
    """Local binary convolution: fixed sparse ternary anchors (M, C_in, k, k), ReLU, then a
    learnable 1x1 convolution (C_out, M). Only the 1x1 weights are parameters."""

    def __init__(self, c_in: int, c_out: int, rng: np.random.Generator, n_anchors: int,
                 density: float = 0.5, k: int = 3) -> None:
        super().__init__()
        seed = int(rng.integers(2**31))
        self.anchors = make_anchors(n_anchors, c_in, k, density, seed)
        self.anchors.flags.writeable = False
        self.params["w"] = rng.normal(0.0, np.sqrt(2.0 / n_anchors), size=(c_out, n_anchors))

    def forward(self, x: Array, train: bool) -> Array:
        w = self.params["w"]
        self.fused = train and getattr(self.ops, "fuses_lbc", lambda _x: False)(x)
        if self.fused:  # one kernel; the backward pass computes the anchor responses again
            self.x = x
            return self.ops.lbc_fused(x, self.anchors, w)
        if not train and hasattr(self.ops, "lbc_fused"):
            return self.ops.lbc_fused(x, self.anchors, w)
        self.z = self.ops.lbc_features(x, self.anchors)
        n, m, h, wd = self.z.shape
        return self.ops.matmul(w, self.z.reshape(n, m, h * wd)).reshape(n, -1, h, wd)

    def backward(self, dy: Array) -> Array:
        if self.fused:
            dx, self.grads["w"] = self.ops.lbc_fused_backward(self.x, self.anchors,
                                                              self.params["w"], dy)
            return dx
        n, m, h, wd = self.z.shape
        g = dy.reshape(n, -1, h * wd)
        z = self.z.reshape(n, m, h * wd)
        self.grads["w"] = self.ops.tensordot(g, z, axes=([0, 2], [0, 2]))
        dz = self.ops.matmul(self.params["w"].T, g).reshape(self.z.shape)
        return self.ops.lbc_backward(self.z, dz, self.anchors)


class BatchNorm(Layer):
    """Per-channel batch normalisation of (N, C, H, W), with running statistics."""

    def __init__(self, c: int, momentum: float = 0.9, eps: float = 1e-5) -> None:
        super().__init__()
        self.params["gamma"] = np.ones(c)
        self.params["beta"] = np.zeros(c)
        self.momentum, self.eps = momentum, eps
        self.mean: Array = None
        self.var: Array = None

    def bind(self, ops: Any, dtype: Any) -> None:
        super().bind(ops, dtype)
        c = self.params["gamma"].shape[0]
        self.mean = ops.xp.zeros(c, dtype=dtype)
        self.var = ops.xp.ones(c, dtype=dtype)

    def forward(self, x: Array, train: bool) -> Array:
        if train:
            mean = x.mean(axis=(0, 2, 3))
            var = x.var(axis=(0, 2, 3))
            # in place: a captured training step (examples.lbcnn.graph) updates these arrays
            self.mean *= self.momentum
            self.mean += (1 - self.momentum) * mean
            self.var *= self.momentum
            self.var += (1 - self.momentum) * var
        else:
            mean, var = self.mean, self.var
        self.inv = 1.0 / self.ops.xp.sqrt(var + self.eps)
        self.xhat = (x - mean[:, None, None]) * self.inv[:, None, None]
        return self.params["gamma"][:, None, None] * self.xhat + self.params["beta"][:, None, None]

    def backward(self, dy: Array) -> Array:
        axes = (0, 2, 3)
        self.grads["gamma"] = (dy * self.xhat).sum(axis=axes)
        self.grads["beta"] = dy.sum(axis=axes)
        count = dy.size // dy.shape[1]
        dxhat = dy * self.params["gamma"][:, None, None]
        mean_d = dxhat.sum(axis=axes) / count
        mean_dx = (dxhat * self.xhat).sum(axis=axes) / count
        return (dxhat - mean_d[:, None, None] - self.xhat * mean_dx[:, None, None]) \
            * self.inv[:, None, None]


class ReLU(Layer):
    def forward(self, x: Array, train: bool) -> Array:
        self.mask = x > 0
        return x * self.mask

    def backward(self, dy: Array) -> Array:
        return dy * self.mask


class MaxPool(Layer):
    """2x2 max pooling with stride 2."""

    def forward(self, x: Array, train: bool) -> Array:
        y, self.arg = self.ops.maxpool(x)
        return y

    def backward(self, dy: Array) -> Array:
        return self.ops.maxpool_backward(dy, self.arg)


class GlobalAvgPool(Layer):
    """(N, C, H, W) -> (N, C), the mean over each map."""

    def forward(self, x: Array, train: bool) -> Array:
        self.shape = x.shape
        return x.mean(axis=(2, 3))

    def backward(self, dy: Array) -> Array:
        n, c, h, w = self.shape
        return self.ops.xp.broadcast_to(dy[:, :, None, None] / (h * w), self.shape).copy()


class Dense(Layer):
    def __init__(self, n_in: int, n_out: int, rng: np.random.Generator) -> None:
        super().__init__()
        self.params["w"] = rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))
        self.params["b"] = np.zeros(n_out)

    def forward(self, x: Array, train: bool) -> Array:
        self.x = x
        return self.ops.matmul(x, self.params["w"]) + self.params["b"]

    def backward(self, dy: Array) -> Array:
        self.grads["w"] = self.ops.matmul(self.x.T, dy)
        self.grads["b"] = dy.sum(axis=0)
        return self.ops.matmul(dy, self.params["w"].T)


def softmax_cross_entropy(logits: Array, labels: Array, xp: Any) -> tuple[float, Array]:
    """Mean cross-entropy of integer labels, and its gradient with respect to the logits."""
    loss, grad = softmax_cross_entropy_array(logits, labels, xp)
    return float(loss), grad


def softmax_cross_entropy_array(logits: Array, labels: Array, xp: Any) -> tuple[Array, Array]:
    """As :func:`softmax_cross_entropy`, the loss left a 0-d array of ``xp`` (no device-to-host
    copy, so that a CUDA graph can capture it)."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - xp.log(xp.exp(shifted).sum(axis=1, keepdims=True))
    n = logits.shape[0]
    rows = xp.arange(n)
    loss = -log_p[rows, labels].mean()
    grad = xp.exp(log_p)
    grad[rows, labels] -= 1.0
    return loss, grad / n
