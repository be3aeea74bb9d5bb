"""The hot operations of the model, in four interchangeable back ends.

* ``LoopOps(compiled=True)``: the typed kernels of :mod:`examples.lbcnn.kernels`, compiled by
  @transpile (Fortran through f2py) at their first call;
* ``LoopOps(compiled=False)``: the same kernels run by CPython, loop by loop;
* ``ArrayOps(numpy)``: vectorised NumPy (shifted views and ``tensordot``), no loops per pixel;
* ``GpuOps()``: CuPy arrays, with transpyle's CUDA kernels: in float32 the tensor-core
  implicit GEMM for the convolutions and their input gradients (``conv2d_layer``) and the
  fused LBC layer (``lbc_layer``) for training and inference; the filter gradient is one
  sliding-window view and a ``tensordot``; every float32 matrix product (dense layers, the
  1x1 convolution, the filter and 1x1 gradients) is transpyle's strict float32 GEMM
  (:mod:`transpyle.kernels.gemm`), not cuBLAS, so that a CUDA graph can capture the step.

Tensors are ``(N, C, H, W)``. Convolution is correlation, zero padding, same size, odd k.
The rest of the model (1x1 convolution, batch norm, ReLU, dense, loss) is plain array code in
:mod:`examples.lbcnn.layers`, shared by all back ends through ``ops.xp``, ``ops.matmul`` and
``ops.tensordot``.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from examples.lbcnn import kernels

Array = Any  # a NumPy or CuPy ndarray


def anchor_taps(anchors: np.ndarray) -> np.ndarray:
    """The non-zero taps of ternary anchors (M, C, k, k) as int64 rows (anchor, channel,
    i * k + j, sign), the form the loop kernels take."""
    a = np.asarray(anchors).reshape(anchors.shape[0], anchors.shape[1], -1)
    m, c, t = np.nonzero(a)
    return np.stack([m, c, t, a[m, c, t]], axis=1).astype(np.int64)


class Products:
    """The matrix products of the layers: ``xp.matmul`` and ``xp.tensordot``."""

    xp: ModuleType = np

    def matmul(self, a: Array, b: Array) -> Array:
        return self.xp.matmul(a, b)

    def tensordot(self, a: Array, b: Array, axes: Any = 2) -> Array:
        return self.xp.tensordot(a, b, axes=axes)


class ArrayOps(Products):
    """Vectorised array code; with ``xp=cupy`` it runs on the GPU as it is."""

    name = "numpy"

    def __init__(self, xp: ModuleType = np) -> None:
        self.xp = xp

    def asarray(self, a: Any) -> Array:
        return self.xp.asarray(a)

    def _shifts(self, x: Array, k: int) -> Array:
        """(N, C, k*k, H, W): x shifted by every filter tap, zero outside the image."""
        p = k // 2
        n, c, h, w = x.shape
        padded = self.xp.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        cols = self.xp.empty((n, c, k * k, h, w), dtype=x.dtype)
        for i in range(k):
            for j in range(k):
                cols[:, :, i * k + j] = padded[:, :, i : i + h, j : j + w]
        return cols

    def conv(self, x: Array, w: Array) -> Array:
        cols = self._shifts(x, w.shape[-1])
        y = self.xp.tensordot(w.reshape(w.shape[0], -1), cols.reshape(
            x.shape[0], -1, *x.shape[2:]), axes=([1], [1]))  # (C_out, N, H, W)
        return self.xp.ascontiguousarray(y.transpose(1, 0, 2, 3))

    def conv_backward(self, x: Array, w: Array, dy: Array) -> tuple[Array, Array]:
        k = w.shape[-1]
        cols = self._shifts(x, k).reshape(x.shape[0], -1, *x.shape[2:])
        dw = self.xp.tensordot(dy, cols, axes=([0, 2, 3], [0, 2, 3])).reshape(w.shape)
        flipped = self.xp.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
        return self.conv(dy, flipped), dw

    def lbc_features(self, x: Array, anchors: np.ndarray) -> Array:
        a = self.xp.asarray(anchors, dtype=x.dtype)
        return self.xp.maximum(self.conv(x, a), 0)

    def lbc_backward(self, z: Array, dz: Array, anchors: np.ndarray) -> Array:
        a = self.xp.asarray(anchors, dtype=z.dtype)
        flipped = self.xp.ascontiguousarray(a[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
        return self.conv(dz * (z > 0), flipped)

    def maxpool(self, x: Array) -> tuple[Array, Array]:
        n, c, h, w = x.shape
        blocks = x.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5)
        blocks = blocks.reshape(n, c, h // 2, w // 2, 4)
        arg = blocks.argmax(axis=-1)
        return self.xp.take_along_axis(blocks, arg[..., None], axis=-1)[..., 0], arg

    def maxpool_backward(self, dy: Array, arg: Array) -> Array:
        n, c, h, w = dy.shape
        onehot = arg[..., None] == self.xp.arange(4)
        dx = (onehot * dy[..., None]).reshape(n, c, h, w, 2, 2).transpose(0, 1, 2, 4, 3, 5)
        return self.xp.ascontiguousarray(dx.reshape(n, c, 2 * h, 2 * w))


def filter_gradient(xp: ModuleType, x: Array, dy: Array, k: int,
                    tensordot: Any = None) -> Array:
    """dL/dw (C_out, C, k, k) of a same-size k x k correlation: every tap's window of the
    zero-padded x as one strided view (N, C, k, k, H, W), contracted with dy over the batch
    and the pixels in one ``tensordot`` (no k * k shifted copies): ``xp.tensordot`` unless
    another is given."""
    p = k // 2
    n, c, h, wd = x.shape
    padded = xp.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    s = padded.strides
    windows = xp.lib.stride_tricks.as_strided(
        padded, (n, c, k, k, h, wd), (s[0], s[1], s[2], s[3], s[2], s[3]))
    return (tensordot or xp.tensordot)(dy, windows, axes=([0, 2, 3], [0, 4, 5]))


def wide_taps(anchors: np.ndarray, wp: int, flip: bool = False) -> np.ndarray:
    """Taps for kernels.sparse_wide, with offsets into rows of ``wp``: (anchor, channel, offset,
    sign), or, ``flip``ped for the backward pass, (channel, anchor, offset of the mirrored tap,
    sign)."""
    taps = anchor_taps(anchors)
    k = anchors.shape[-1]
    i, j = taps[:, 2] // k, taps[:, 2] % k
    if flip:
        return np.stack([taps[:, 1], taps[:, 0], (k - 1 - i) * wp + (k - 1 - j), taps[:, 3]],
                        axis=1)
    return np.stack([taps[:, 0], taps[:, 1], i * wp + j, taps[:, 3]], axis=1)


def pad_wide(x: np.ndarray, k: int) -> np.ndarray:
    """(N, C, H, W) -> (N * C, (H + k) * (W + k - 1)): zero-padded by k // 2 all round, one
    more zero row below, flattened (the layout of kernels.conv_wide)."""
    n, c, h, w = x.shape
    p = k // 2
    out = np.zeros((n, c, h + k, w + 2 * p), dtype=x.dtype)
    out[:, :, p:p + h, p:p + w] = x
    return out.reshape(n * c, -1)


class LoopOps(Products):
    """The loop kernels, compiled by @transpile (``compiled=True``) or run by CPython."""

    xp = np

    def __init__(self, compiled: bool = True) -> None:
        self.compiled = compiled
        self.name = "transpile" if compiled else "python"
        self._taps: dict[tuple[bytes, tuple[int, ...], int, bool], np.ndarray] = {}

    def asarray(self, a: Any) -> Array:
        return np.asarray(a)

    def _k(self, kernel: Any) -> Any:
        return kernel if self.compiled else kernel.fn

    def _taps_of(self, anchors: np.ndarray, wp: int, flip: bool) -> np.ndarray:
        key = (anchors.tobytes(), anchors.shape, wp, flip)
        if key not in self._taps:
            self._taps[key] = wide_taps(anchors, wp, flip)
        return self._taps[key]

    @staticmethod
    def _crop(yw: np.ndarray, n: int, h: int, w: int) -> np.ndarray:
        return np.ascontiguousarray(yw.reshape(n, -1, h, yw.shape[1] // h)[..., :w])

    def conv(self, x: Array, w: Array) -> Array:
        n, c, h, wd = x.shape
        k = w.shape[-1]
        w3 = np.ascontiguousarray(w, dtype=x.dtype).reshape(w.shape[0], c, k * k)
        y = np.empty((n * w.shape[0], h * (wd + k - 1)), dtype=x.dtype)
        self._k(kernels.conv_wide)(pad_wide(x, k), w3, y, c, k, wd + k - 1)
        return self._crop(y, n, h, wd)

    def conv_backward(self, x: Array, w: Array, dy: Array) -> tuple[Array, Array]:
        n, c, h, wd = x.shape
        k = w.shape[-1]
        dx = self.conv(dy, w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
        dy_wide = np.zeros((*dy.shape[:3], wd + k - 1), dtype=dy.dtype)
        dy_wide[..., :wd] = dy
        dw = np.empty((w.shape[0], c, k * k), dtype=x.dtype)
        self._k(kernels.conv_wide_weight)(pad_wide(x, k), dy_wide.reshape(n * w.shape[0], -1),
                                          dw, c, k, wd + k - 1)
        return dx, dw.reshape(w.shape)

    def _sparse(self, x: Array, taps: np.ndarray, c_out: int, k: int) -> Array:
        n, c, h, wd = x.shape
        y = np.empty((n * c_out, h * (wd + k - 1)), dtype=x.dtype)
        self._k(kernels.sparse_wide)(pad_wide(x, k), taps, y, c, c_out, wd + k - 1)
        return self._crop(y, n, h, wd)

    def lbc_features(self, x: Array, anchors: np.ndarray) -> Array:
        k = anchors.shape[-1]
        taps = self._taps_of(anchors, x.shape[3] + k - 1, False)
        z = self._sparse(x, taps, anchors.shape[0], k)
        return np.maximum(z, 0, out=z)

    def lbc_backward(self, z: Array, dz: Array, anchors: np.ndarray) -> Array:
        k = anchors.shape[-1]
        taps = self._taps_of(anchors, z.shape[3] + k - 1, True)
        return self._sparse(dz * (z > 0), taps, anchors.shape[1], k)

    @staticmethod
    def _flat(a: Array) -> Array:
        return np.ascontiguousarray(a).reshape(-1, *a.shape[2:])

    def maxpool(self, x: Array) -> tuple[Array, Array]:
        n, c, h, w = x.shape
        y = np.empty((n, c, h // 2, w // 2), dtype=x.dtype)
        arg = np.empty(y.shape, dtype=np.int64)
        self._k(kernels.maxpool2_forward)(self._flat(x), self._flat(y), self._flat(arg))
        return y, arg

    def maxpool_backward(self, dy: Array, arg: Array) -> Array:
        n, c, h, w = dy.shape
        dx = np.empty((n, c, 2 * h, 2 * w), dtype=dy.dtype)
        self._k(kernels.maxpool2_backward)(self._flat(dy), self._flat(arg), self._flat(dx))
        return dx


class GpuOps(ArrayOps):
    """CuPy arrays and transpyle's CUDA kernels.

    float32 (training and inference): convolutions and their input gradients on the
    tensor-core implicit GEMM (:func:`transpyle.kernels.conv2d_layer`, ``precision``: "tf32"
    as cuDNN's TF32 mode, or "fp32" strict), the LBC layer's forward in one fused kernel
    (:func:`transpyle.kernels.lbc_gemm.lbc_layer`: anchors, ReLU and the 1x1 weights, the
    anchor maps never in global memory) and its backward by
    :func:`~transpyle.kernels.lbc_gemm.lbc_layer_backward`; filter gradients are one sliding-
    window view and one ``tensordot``; the matrix products (``matmul``, ``tensordot``) are
    transpyle's strict float32 GEMM (:mod:`transpyle.kernels.gemm`: no cuBLAS call, which a
    CUDA graph capture refuses; deterministic split-K). float64 (the gradient checks): the
    float64 kernels (``conv2d``, ``lbc_features``, ``lbc``) and CuPy's products (cuBLAS)."""

    name = "gpu"

    def __init__(self, precision: str = "tf32") -> None:
        from transpyle.runtime import gpu

        super().__init__(gpu.cupy())
        self.precision = precision
        # id(anchors) -> (anchors, on the device, flipped and transposed on the device)
        self._anchors: dict[int, tuple[np.ndarray, Array]] = {}

    def _f32(self, *arrays: Array) -> bool:
        return all(a.dtype == np.float32 for a in arrays)

    def matmul(self, a: Array, b: Array) -> Array:
        if self._f32(a, b) and a.ndim == 2 and b.ndim in (2, 3):
            from transpyle.kernels import gemm

            return gemm.matmul(a, b)
        return self.xp.matmul(a, b)

    def tensordot(self, a: Array, b: Array, axes: Any = 2) -> Array:
        if self._f32(a, b):
            from transpyle.kernels import gemm

            return gemm.tensordot(a, b, axes)
        return self.xp.tensordot(a, b, axes=axes)

    def _device_anchors(self, anchors: np.ndarray) -> Array:
        hit = self._anchors.get(id(anchors))
        if hit is None or hit[0] is not anchors:
            hit = (anchors, self.xp.asarray(anchors, dtype=np.float32))
            self._anchors[id(anchors)] = hit
        return hit[1]

    def conv(self, x: Array, w: Array) -> Array:
        from transpyle.kernels import conv2d, conv2d_layer

        x = self.xp.ascontiguousarray(x)
        if self._f32(x, w):
            return conv2d_layer(x, self.xp.ascontiguousarray(w), precision=self.precision)
        return conv2d(x, w)

    def conv_backward(self, x: Array, w: Array, dy: Array) -> tuple[Array, Array]:
        if not self._f32(x, w, dy):
            return super().conv_backward(x, w, dy)
        flipped = self.xp.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
        return self.conv(dy, flipped), filter_gradient(self.xp, x, dy, w.shape[-1],
                                                       self.tensordot)

    def lbc_features(self, x: Array, anchors: np.ndarray) -> Array:
        from transpyle.kernels import lbc_features

        return lbc_features(self.xp.ascontiguousarray(x), anchors)

    def lbc_backward(self, z: Array, dz: Array, anchors: np.ndarray) -> Array:
        """The same anchor kernel, run on the masked gradient with the anchors transposed and
        flipped, no nonlinearity (as transpyle.kernels.lbc_backward_input does)."""
        from transpyle.kernels import lbc_features

        flipped = np.ascontiguousarray(anchors.transpose(1, 0, 2, 3)[:, :, ::-1, ::-1])
        masked = self.xp.ascontiguousarray(dz * (z > 0))
        return lbc_features(masked, flipped, nonlinearity="identity")

    def fuses_lbc(self, x: Array) -> bool:
        """Whether the LBC layer's training pass takes the fused tensor-core kernels (TF32
        only: with ``precision="fp32"`` the strict kernels ``lbc_features`` and ``lbc``)."""
        return bool(x.dtype == np.float32 and self.precision == "tf32")

    def lbc_fused(self, x: Array, anchors: np.ndarray, weights: Array) -> Array:
        """Anchors, ReLU and the 1x1 weights in one kernel."""
        x = self.xp.ascontiguousarray(x)
        if self.fuses_lbc(x) and self._f32(weights):
            from transpyle.kernels.lbc_gemm import lbc_layer

            return lbc_layer(x, self._device_anchors(anchors),
                             self.xp.ascontiguousarray(weights))
        from transpyle.kernels import lbc

        return lbc(x, anchors, weights)

    def lbc_fused_backward(self, x: Array, anchors: np.ndarray, weights: Array,
                           dy: Array) -> tuple[Array, Array]:
        """(dx, dweights) of :meth:`lbc_fused` (float32)."""
        from transpyle.kernels.lbc_gemm import lbc_layer_backward

        return lbc_layer_backward(self.xp.ascontiguousarray(x), self._device_anchors(anchors),
                                  self.xp.ascontiguousarray(weights),
                                  self.xp.ascontiguousarray(dy), precision=self.precision)


def make_ops(backend: str) -> Any:
    """'transpile', 'python', 'numpy', 'gpu' (TF32 tensor cores) or 'gpu-fp32' (strict)."""
    if backend == "transpile":
        return LoopOps(compiled=True)
    if backend == "python":
        return LoopOps(compiled=False)
    if backend == "numpy":
        return ArrayOps(np)
    if backend in ("gpu", "gpu-fp32"):
        return GpuOps("fp32" if backend == "gpu-fp32" else "tf32")
    raise ValueError(f"unknown backend {backend!r}: transpile, python, numpy, gpu or gpu-fp32")
