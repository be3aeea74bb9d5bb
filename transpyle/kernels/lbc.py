"""Local binary convolution (Juefei-Xu, Boddeti and Savvides, LBCNN, CVPR 2017).

A layer maps ``x (N, C_in, H, W)`` (or ``(C_in, H, W)``) to ``y (N, C_out, H, W)``::

    z = act(correlate(x, anchors))        anchors (M, C_in, k, k), fixed, values in {-1, 0, 1}
    y[n, co] = sum_m weights[co, m] * z[n, m]     weights (C_out, M), learnable

with zero padding and same-size maps (correlation as in :mod:`transpyle.kernels.conv2d`).
``act`` is ``relu`` (default), ``sigmoid`` or ``identity``. The anchors are compiled into the
kernel (one add or subtract per non-zero tap); the weights travel with every call.

:func:`lbc_backward` gives the gradient of a loss with respect to the learnable weights,
``dL/dweights[co, m] = sum_{n, r, c} grad_out[n, co, r, c] * z[n, m, r, c]``.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from transpyle.backends.cuda import KernelSource, emit
from transpyle.kernels.common import (
    CTYPES,
    check_array,
    check_fields,
    check_struct_size,
    fail,
    host_array,
    output_array,
    require_device_array,
)
from transpyle.runtime import gpu

DTYPES = ("float32", "float64")
NONLINEARITIES = ("relu", "sigmoid", "identity")
MAX_TAPS = 16384  # non-zero anchor taps rendered into one kernel
MAX_ANCHORS = 64  # accumulators held in registers per thread
BLOCK_Y = 8


@dataclass(frozen=True, slots=True)
class Tap:
    """One input value (channel, row, column of the window) and the anchors that use it."""

    ci: int
    i: int
    j: int
    uses: tuple[tuple[int, int], ...]  # (anchor index, +1 or -1)


@dataclass(frozen=True, slots=True)
class LbcDesc:
    """One compiled LBC variant; the anchors (M, C_in, k, k) are part of it, flattened."""

    dtype: str
    c_in: int
    n_anchors: int
    k: int
    anchors: bytes = field(repr=False)  # int8 values, C order
    c_out: int = 1
    nonlinearity: str = "relu"
    mode: str = "forward"  # "forward": y; "features": z
    block_y: int = BLOCK_Y
    boundary: str = "zero"

    def __post_init__(self) -> None:
        check_fields(self, "lbc")
        if self.c_in < 1 or self.c_out < 1:
            raise fail(f"lbc c_in and c_out must be >= 1, got {self.c_in} and {self.c_out}")
        if not 1 <= self.block_y <= 32:
            raise fail(f"lbc block_y must be 1 to 32 (32 x block_y threads), got {self.block_y}")
        if self.dtype not in DTYPES:
            raise fail(f"lbc supports {', '.join(DTYPES)}, not {self.dtype}")
        if self.nonlinearity not in NONLINEARITIES:
            raise fail(f"lbc nonlinearity must be one of {', '.join(NONLINEARITIES)}")
        if self.mode not in ("forward", "features"):
            raise fail(f"lbc mode must be 'forward' or 'features', not {self.mode!r}")
        if self.k % 2 == 0 or not 1 <= self.k <= 7:
            raise fail(f"lbc anchor size must be odd, 1 to 7; got {self.k}")
        if len(self.anchors) != self.n_anchors * self.c_in * self.k * self.k:
            raise fail("lbc anchors do not match (n_anchors, c_in, k, k)")
        if not 1 <= self.n_anchors <= MAX_ANCHORS:
            raise fail(f"lbc takes 1 to {MAX_ANCHORS} anchors, got {self.n_anchors}")
        if self.boundary != "zero":
            raise fail(f"lbc supports boundary='zero' only, not {self.boundary!r}")

    @property
    def template(self) -> str:
        return "lbc.cu.j2"

    @property
    def kernel_name(self) -> str:
        digest = hashlib.sha1(self.anchors).hexdigest()[:8]
        return (
            f"lbc_{self.mode}_{self.dtype}_ci{self.c_in}_m{self.n_anchors}_co{self.c_out}"
            f"_k{self.k}_{self.nonlinearity}_{digest}"
        )

    def taps(self) -> list[Tap]:
        a = np.frombuffer(self.anchors, dtype=np.int8).reshape(
            self.n_anchors, self.c_in, self.k, self.k
        )
        taps = []
        for ci in range(self.c_in):
            for i in range(self.k):
                for j in range(self.k):
                    uses = tuple((m, int(a[m, ci, i, j])) for m in np.flatnonzero(a[:, ci, i, j]))
                    if uses:
                        taps.append(Tap(ci, i, j, tuple((int(m), s) for m, s in uses)))
        return taps

    def context(self) -> dict[str, Any]:
        return {
            "description": repr(self),
            "ctype": CTYPES[self.dtype],
            "c_in": self.c_in,
            "n_anchors": self.n_anchors,
            "c_out": self.c_out,
            "k": self.k,
            "radius": self.k // 2,
            "block_y": self.block_y,
            "nonlinearity": self.nonlinearity,
            "mode": self.mode,
            "taps": self.taps(),
        }


def make_anchors(
    n_anchors: int, c_in: int, k: int = 3, density: float = 0.5, seed: int | None = None
) -> np.ndarray:
    """Random sparse ternary anchors as LBCNN draws them: a fraction ``density`` of the taps is
    non-zero, each +1 or -1 with equal odds."""
    rng = np.random.default_rng(seed)
    shape = (n_anchors, c_in, k, k)
    signs = rng.choice(np.array([-1, 1], dtype=np.int8), size=shape)
    return np.where(rng.random(shape) < density, signs, 0).astype(np.int8)


_DEFAULT_ANCHORS = (32, 8, 3, 0.5, 2017)  # n_anchors, c_in, k, density, seed


def _default(dtype: str, mode: str) -> LbcDesc:
    m, c_in, k, density, seed = _DEFAULT_ANCHORS
    flat = make_anchors(m, c_in, k, density, seed).tobytes()
    return LbcDesc(dtype, c_in, m, k, flat, c_out=16, mode=mode)


def default_variants() -> tuple[LbcDesc, ...]:
    return (
        _default("float32", "forward"),
        _default("float32", "features"),
        _default("float64", "forward"),
    )


def render(desc: LbcDesc) -> KernelSource:
    return emit(desc)


def check_args(x: Any, anchors: Any, weights: Any | None) -> tuple[np.ndarray, tuple[int, ...]]:
    """Validate; return the anchors as int8 and the shape (N, C_in, H, W)."""
    check_array(x, "x", dtypes=DTYPES, ranks=(3, 4))
    a = np.asarray(anchors)
    if a.ndim != 4 or a.shape[2] != a.shape[3] or a.size == 0:
        raise fail(f"anchors must be (M, C_in, k, k) with k odd; got shape {a.shape}")
    if not np.isin(a, (-1, 0, 1)).all():
        raise fail("anchors must hold only -1, 0 and 1", hint="LBC anchors are fixed ternary")
    n = x.shape[0] if x.ndim == 4 else 1
    c_in, height, width = x.shape[-3:]
    if a.shape[1] != c_in:
        raise fail(f"anchors have {a.shape[1]} input channels but x has {c_in}")
    if a.shape[2] > height or a.shape[2] > width:
        raise fail(f"anchor {a.shape[2]}x{a.shape[2]} is larger than the image {height}x{width}")
    if np.count_nonzero(a) > MAX_TAPS:
        raise fail(f"anchors have {np.count_nonzero(a)} non-zero taps; at most {MAX_TAPS}")
    if weights is not None:
        if weights.ndim != 2 or weights.shape[1] != a.shape[0] or weights.size == 0:
            raise fail(f"weights must be (C_out, {a.shape[0]}); got shape {tuple(weights.shape)}")
        if np.dtype(weights.dtype).kind != "f":
            raise fail(f"weights have dtype {np.dtype(weights.dtype).name}; expected float")
    return a.astype(np.int8), (n, c_in, height, width)


def _describe(x: Any, a: np.ndarray, c_out: int, nonlinearity: str, mode: str) -> LbcDesc:
    return _cached_desc(a.tobytes(), a.shape, np.dtype(x.dtype).name, c_out, nonlinearity, mode)


@functools.lru_cache(maxsize=64)
def _cached_desc(
    anchors: bytes, shape: tuple[int, ...], dtype: str, c_out: int, nonlinearity: str, mode: str
) -> LbcDesc:
    return LbcDesc(dtype, shape[1], shape[0], shape[2], anchors, c_out, nonlinearity, mode)


def _run(desc: LbcDesc, x: Any, out: Any, shape: tuple[int, ...], extra: tuple[Any, ...]) -> None:
    n, _, height, width = shape
    grid = (-(-width // 32), -(-height // desc.block_y), n)
    if n > 65535:
        raise fail(f"batch {n} is larger than 65535")
    kernel = gpu.kernel_for(desc)
    args = (x, out, np.int32(height), np.int32(width), *extra)
    gpu.launch(kernel, grid, (32, desc.block_y, 1), args)


def lbc(
    x: Any, anchors: Any, weights: Any, *, nonlinearity: str = "relu", out: Any | None = None
) -> Any:
    """LBC layer forward on the GPU; ``x`` a CuPy array (see the module docstring)."""
    cp = require_device_array(x, "x")
    w = host_array(weights)
    a, shape = check_args(x, host_array(anchors), w)
    c_out = w.shape[0]
    check_struct_size(w.size * x.dtype.itemsize, "the 1x1 weights")
    desc = _describe(x, a, c_out, nonlinearity, "forward")
    full = (shape[0], c_out, *shape[2:])
    y = output_array(cp, out, full if x.ndim == 4 else full[1:], x.dtype)
    _run(desc, x, y, shape, (gpu.struct_argument(w, desc.dtype),))
    return y


def lbc_features(
    x: Any, anchors: Any, *, nonlinearity: str = "relu", out: Any | None = None
) -> Any:
    """The activated anchor responses z, shape (N, M, H, W) (or (M, H, W))."""
    cp = require_device_array(x, "x")
    a, shape = check_args(x, host_array(anchors), None)
    desc = _describe(x, a, 1, nonlinearity, "features")
    full = (shape[0], a.shape[0], *shape[2:])
    z = output_array(cp, out, full if x.ndim == 4 else full[1:], x.dtype)
    _run(desc, x, z, shape, ())
    return z


def lbc_backward(
    x: Any, anchors: Any, weights: Any, grad_out: Any, *, nonlinearity: str = "relu"
) -> Any:
    """Gradient of the loss with respect to the learnable 1x1 weights, shape (C_out, M)."""
    cp = require_device_array(x, "x")
    require_device_array(grad_out, "grad_out")
    w = host_array(weights)
    _, shape = check_args(x, host_array(anchors), w)
    check_array(grad_out, "grad_out", dtypes=(np.dtype(x.dtype).name,), ranks=(x.ndim,))
    expected = (w.shape[0], *shape[2:]) if x.ndim == 3 else (shape[0], w.shape[0], *shape[2:])
    if tuple(grad_out.shape) != expected:
        raise fail(f"grad_out has shape {tuple(grad_out.shape)}; expected {expected}")
    z = lbc_features(x, anchors, nonlinearity=nonlinearity)
    n, m, pixels = shape[0], z.shape[-3], shape[2] * shape[3]
    g = grad_out.reshape(n, w.shape[0], pixels)
    return cp.tensordot(g, z.reshape(n, m, pixels), axes=([0, 2], [0, 2]))


def lbc_backward_input(
    x: Any, anchors: Any, weights: Any, grad_out: Any, *, nonlinearity: str = "relu"
) -> Any:
    """Gradient of the loss with respect to the input x (same shape as x).

    With p = correlate(x, anchors) (before the nonlinearity), ``dL/dp[n, m] = act'(p[n, m]) *
    sum_co weights[co, m] * grad_out[n, co]``, and dL/dx is the transposed correlation of dL/dp
    with the anchors: the same anchor kernel, run on dL/dp with the anchors transposed (C_in, M)
    and flipped in both spatial directions, no nonlinearity.
    """
    cp = require_device_array(x, "x")
    require_device_array(grad_out, "grad_out")
    w = host_array(weights)
    a, shape = check_args(x, host_array(anchors), w)
    check_array(grad_out, "grad_out", dtypes=(np.dtype(x.dtype).name,), ranks=(x.ndim,))
    n, c_out = shape[0], w.shape[0]
    expected = (c_out, *shape[2:]) if x.ndim == 3 else (n, c_out, *shape[2:])
    if tuple(grad_out.shape) != expected:
        raise fail(f"grad_out has shape {tuple(grad_out.shape)}; expected {expected}")
    if shape[1] > MAX_ANCHORS:
        raise fail(f"lbc_backward_input takes at most {MAX_ANCHORS} input channels")
    pre = lbc_features(x.reshape(shape), a, nonlinearity="identity")
    g = grad_out.reshape(n, c_out, *shape[2:])
    wd = cp.asarray(w.astype(x.dtype))
    d_pre = cp.ascontiguousarray(cp.tensordot(wd, g, axes=([0], [1])).transpose(1, 0, 2, 3))
    if nonlinearity == "relu":
        d_pre *= pre > 0
    elif nonlinearity == "sigmoid":
        sig = 1 / (1 + cp.exp(-pre))
        d_pre *= sig * (1 - sig)
    flipped = np.ascontiguousarray(a.transpose(1, 0, 2, 3)[:, :, ::-1, ::-1])
    dx = lbc_features(d_pre, flipped, nonlinearity="identity")
    return dx.reshape(x.shape)


def _activate(z: np.ndarray, nonlinearity: str) -> np.ndarray:
    if nonlinearity == "relu":
        return np.maximum(z, 0.0)
    if nonlinearity == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    return z


def lbc_features_reference(
    x: np.ndarray, anchors: np.ndarray, nonlinearity: str = "relu"
) -> np.ndarray:
    """NumPy float64 reference of :func:`lbc_features`."""
    xs = np.ascontiguousarray(x)
    a, (n, c_in, height, width) = check_args(xs, anchors, None)
    xs = xs.astype(np.float64).reshape(n, c_in, height, width)
    r = a.shape[2] // 2
    padded = np.pad(xs, ((0, 0), (0, 0), (r, r), (r, r)))
    z = np.zeros((n, a.shape[0], height, width))
    for i in range(a.shape[2]):
        for j in range(a.shape[3]):
            window = padded[:, :, i : i + height, j : j + width]
            z += np.einsum("mc,nchw->nmhw", a[:, :, i, j].astype(np.float64), window)
    z = _activate(z, nonlinearity)
    return z if np.ndim(x) == 4 else z[0]


def lbc_reference(
    x: np.ndarray, anchors: np.ndarray, weights: np.ndarray, nonlinearity: str = "relu"
) -> np.ndarray:
    """NumPy float64 reference of :func:`lbc`."""
    z = lbc_features_reference(x, anchors, nonlinearity)
    w = np.asarray(weights, dtype=np.float64)
    return np.einsum("om,...mhw->...ohw", w, z)


def lbc_backward_reference(
    x: np.ndarray, anchors: np.ndarray, grad_out: np.ndarray, nonlinearity: str = "relu"
) -> np.ndarray:
    """NumPy float64 reference of :func:`lbc_backward` (the weights' gradient)."""
    z = lbc_features_reference(x, anchors, nonlinearity)
    g = np.asarray(grad_out, dtype=np.float64)
    g4 = g.reshape(-1, *g.shape[-3:])
    z4 = z.reshape(-1, *z.shape[-3:])
    return np.einsum("nohw,nmhw->om", g4, z4)


def lbc_backward_input_reference(
    x: np.ndarray,
    anchors: np.ndarray,
    weights: np.ndarray,
    grad_out: np.ndarray,
    nonlinearity: str = "relu",
) -> np.ndarray:
    """NumPy float64 reference of :func:`lbc_backward_input`, written out as sums over taps."""
    a = np.asarray(anchors, dtype=np.float64)
    pre = lbc_features_reference(x, anchors, "identity")
    pre4 = pre.reshape(-1, *pre.shape[-3:])
    g4 = np.asarray(grad_out, dtype=np.float64).reshape(pre4.shape[0], -1, *pre4.shape[-2:])
    d_pre = np.einsum("om,nohw->nmhw", np.asarray(weights, dtype=np.float64), g4)
    if nonlinearity == "relu":
        d_pre = d_pre * (pre4 > 0)
    elif nonlinearity == "sigmoid":
        sig = 1.0 / (1.0 + np.exp(-pre4))
        d_pre = d_pre * sig * (1.0 - sig)
    k = a.shape[2]
    r = k // 2
    height, width = pre4.shape[-2:]
    padded = np.pad(d_pre, ((0, 0), (0, 0), (r, r), (r, r)))
    dx = np.zeros((pre4.shape[0], a.shape[1], height, width))
    for i in range(k):  # dx[r, c] += a[i, j] * d_pre[r - i + R, c - j + R]
        for j in range(k):
            window = padded[:, :, 2 * r - i : 2 * r - i + height, 2 * r - j : 2 * r - j + width]
            dx += np.einsum("mc,nmhw->nchw", a[:, :, i, j], window)
    return dx.reshape(np.shape(x))
