"""The LBC layer in one tensor-core kernel: anchor convolution, nonlinearity, 1x1 convolution.

``lbc_layer(x, anchors, weights)`` computes what :func:`transpyle.kernels.lbc` computes::

    z = act(correlate(x, anchors))       anchors (M, C_in, k, k), zero padding, same size
    y[n, o] = sum_m weights[o, m] * z[n, m]      weights (C_out, M)

with the implicit-GEMM template (``conv_gemm.cu.j2``, ``fuse="lbc"``): a block takes 128
output pixels and every anchor, multiplies on the tensor cores (TF32, float32 accumulation),
applies the nonlinearity to the M-channel tile in shared memory and multiplies it by the 1x1
weights there, so z never reaches global memory. Ternary anchors (+1, 0, -1) are exact in TF32;
x, z and the weights are rounded to TF32 as in cuDNN's TF32 mode (error of the order of 1e-3
of the sum of the products' magnitudes; the strict float32 layer is :func:`lbc`). Unlike
:func:`lbc`, the anchors are an argument (a CuPy array), not compiled into the kernel.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from transpyle.kernels.common import check_array, fail, output_array, require_device_array
from transpyle.kernels.conv_gemm import (
    MAX_SIDE,
    NONLINEARITIES,
    ConvGemmDesc,
    kernel_for,
    round8,
)

MAX_ANCHORS = 128  # a block holds every anchor's accumulators
MAX_OUTPUTS = 64

_LAUNCHES: dict[tuple, tuple] = {}


def check_args(x: Any, anchors: Any, weights: Any) -> tuple[int, ...]:
    """Validate x (N, C, H, W), anchors (M, C, k, k), weights (C_out, M); return
    (N, C, H, W, M, k, C_out)."""
    check_array(x, "x", dtypes=("float32",), ranks=(4,))
    check_array(anchors, "anchors", dtypes=("float32",), ranks=(4,))
    check_array(weights, "weights", dtypes=("float32",), ranks=(2,))
    n, c, h, w = (int(v) for v in x.shape)
    m, ac, k, k2 = (int(v) for v in anchors.shape)
    c_out, wm = (int(v) for v in weights.shape)
    if ac != c:
        raise fail(f"anchors have {ac} input channels but x has {c}")
    if k != k2 or k % 2 == 0 or not 1 <= k <= MAX_SIDE:
        raise fail(f"anchors must be square with an odd side 1 to {MAX_SIDE}; got {k}x{k2}")
    if wm != m:
        raise fail(f"weights combine {wm} maps but there are {m} anchors")
    if m > MAX_ANCHORS or c_out > MAX_OUTPUTS:
        raise fail(f"the fused LBC layer takes at most {MAX_ANCHORS} anchors and {MAX_OUTPUTS} "
                   f"outputs; got {m} and {c_out}", hint="use transpyle.kernels.lbc")
    if n * h * w >= 2**31 or (c + 64) * h * w >= 2**31:
        raise fail(f"x {tuple(x.shape)} is too large for 32-bit pixel indices",
                   hint="split the batch")
    return n, c, h, w, m, k, c_out


def plan(m: int, c: int, k: int, c_out: int, nonlinearity: str = "relu", bm: int = 0,
         cb: int = 0, stages: int = 0, wm: int = 0, wn: int = 0) -> ConvGemmDesc:
    """Every anchor in one block (M rounded up to 16 or 32: the padded anchors' weights are
    zero), 128 pixels, the first warp tiling that the description accepts."""
    if nonlinearity not in NONLINEARITIES:
        raise fail(f"nonlinearity must be one of {', '.join(NONLINEARITIES)}, not "
                   f"{nonlinearity!r}")
    bn = 16 if m <= 16 else -(-m // 32) * 32
    cb = cb or max(1, min(36 // (k * k) if k > 1 else 32, c if k > 1 else round8(c)))
    stages = stages or (2 if -(-c // cb) <= 4 else 3)  # as conv_gemm.plan
    tiles = [(wm, wn)] if wm and wn else [(64, 32), (32, 32), (64, 16), (32, 16)]
    if bn <= 32 and not (wm and wn):
        tiles = [(32, 32), (32, 16), *tiles]
    errors = []
    for bm_try in ([bm] if bm else [128, 64, 256]):
        for wm_try, wn_try in tiles:
            wn_try = min(wn_try, bn)
            split = max(1, 32 * (bm_try // wm_try) * (bn // wn_try) // bm_try)
            try:
                return ConvGemmDesc("tf32", k, k, 1, "same", bm_try, bn, -(-cb // split) * split,
                                    stages, wm_try, wn_try, fuse="lbc", c_out=c_out,
                                    nonlinearity=nonlinearity)
            except ValueError as exc:
                errors.append(str(exc))
    raise fail(f"no fused LBC tiling for {m} anchors and {c_out} outputs: {errors[-1]}")


def lbc_layer(
    x: Any,
    anchors: Any,
    weights: Any,
    *,
    nonlinearity: str = "relu",
    out: Any | None = None,
    bm: int = 0,
    cb: int = 0,
    stages: int = 0,
    wm: int = 0,
    wn: int = 0,
) -> Any:
    """Fused LBC layer forward on the GPU (CuPy float32 arrays); see the module docstring."""
    cp = require_device_array(x, "x")
    require_device_array(anchors, "anchors")
    require_device_array(weights, "weights")
    key = (x.shape, anchors.shape, weights.shape, x.dtype, anchors.dtype, weights.dtype,
           x.flags.c_contiguous, anchors.flags.c_contiguous, weights.flags.c_contiguous,
           nonlinearity, bm, cb, stages, wm, wn)
    hit = _LAUNCHES.get(key)
    if hit is None:
        n, c, h, w, m, k, c_out = check_args(x, anchors, weights)
        desc = plan(m, c, k, c_out, nonlinearity, bm, cb, stages, wm, wn)
        args = tuple(np.int32(v) for v in (n, c, h, w, m, h, w, c_out))
        grid = (-(-(n * h * w) // desc.bm), 1, 1)
        hit = ((n, c_out, h, w), desc, kernel_for(desc), grid, args)
        if len(_LAUNCHES) > 256:
            _LAUNCHES.clear()
        _LAUNCHES[key] = hit
    shape, desc, kernel, grid, args = hit
    y = output_array(cp, out, shape, np.float32)
    kernel(grid, (desc.threads, 1, 1), (x, anchors, weights, y, *args),
           shared_mem=desc.smem_bytes)
    return y


def _backward(xp: Any, conv: Any, tensordot: Any, x: Any, anchors: Any, weights: Any,
              grad_out: Any, nonlinearity: str) -> tuple[Any, Any]:
    """dx and dweights of the LBC layer with ``conv(x, w)`` a stride-1 'same' correlation and
    ``tensordot`` numpy's."""
    u = conv(x, anchors)  # the anchor responses again (cheaper than storing them)
    if nonlinearity == "relu":
        z = xp.maximum(u, 0)
        slope = (u > 0).astype(u.dtype)
    elif nonlinearity == "sigmoid":
        z = 1 / (1 + xp.exp(-u))
        slope = z * (1 - z)
    else:
        z, slope = u, None
    m, c_out = anchors.shape[0], weights.shape[0]
    dweights = tensordot(grad_out, z, axes=([0, 2, 3], [0, 2, 3]))
    dz = conv(grad_out, xp.ascontiguousarray(weights.T).reshape(m, c_out, 1, 1))
    du = dz if slope is None else xp.ascontiguousarray(dz * slope)
    flipped = xp.ascontiguousarray(anchors[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
    return conv(du, flipped), dweights


def lbc_layer_backward(
    x: Any,
    anchors: Any,
    weights: Any,
    grad_out: Any,
    *,
    nonlinearity: str = "relu",
    precision: str = "tf32",
) -> tuple[Any, Any]:
    """Both gradients of :func:`lbc_layer`'s output: ``(dL/dx, dL/dweights)`` for ``grad_out
    = dL/dy`` (N, C_out, H, W); CuPy float32 arrays.

    Not one kernel: the anchor responses u are computed again, and the three convolutions
    (u = anchors * x; dz = weights^T g, a 1x1 convolution; dx = the anchors flipped and
    transposed * (act'(u) dz)) run on the implicit-GEMM tensor-core kernel in ``precision``
    ("tf32", or "fp32" strict); dweights = sum over pixels of g z^T is the strict float32
    :func:`transpyle.kernels.gemm.tensordot` (no cuBLAS: a CUDA graph can capture all of it).
    The M-channel maps u and dz go through global memory."""
    cp = require_device_array(x, "x")
    for arr, what in ((anchors, "anchors"), (weights, "weights"), (grad_out, "grad_out")):
        require_device_array(arr, what)
    n, _c, h, w, _m, _k, c_out = check_args(x, anchors, weights)
    check_array(grad_out, "grad_out", dtypes=("float32",), ranks=(4,))
    if tuple(grad_out.shape) != (n, c_out, h, w):
        raise fail(f"grad_out has shape {tuple(grad_out.shape)}; the layer's output is "
                   f"{(n, c_out, h, w)}")
    if nonlinearity not in NONLINEARITIES:
        raise fail(f"nonlinearity must be one of {', '.join(NONLINEARITIES)}")
    from transpyle.kernels.conv_gemm import conv2d_layer
    from transpyle.kernels.gemm import tensordot

    def conv(a: Any, b: Any) -> Any:
        return conv2d_layer(a, b, precision=precision)

    return _backward(cp, conv, tensordot, x, anchors, weights, grad_out, nonlinearity)


def lbc_layer_backward_reference(
    x: np.ndarray, anchors: np.ndarray, weights: np.ndarray, grad_out: np.ndarray,
    nonlinearity: str = "relu",
) -> tuple[np.ndarray, np.ndarray]:
    """NumPy float64 version of :func:`lbc_layer_backward`'s algorithm (the same three
    convolutions, with the float64 reference correlation)."""
    def conv64(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        a64, b64 = np.asarray(a, np.float64), np.asarray(b, np.float64)
        n, c, h, w = a64.shape
        k, _, r, s = b64.shape
        pad = np.pad(a64, ((0, 0), (0, 0), ((r - 1) // 2, r // 2), ((s - 1) // 2, s // 2)))
        out = np.zeros((n, k, h, w))
        for i in range(r):
            for j in range(s):
                out += np.einsum("kc,nchw->nkhw", b64[:, :, i, j], pad[:, :, i:i + h, j:j + w])
        return out

    return _backward(np, conv64, np.tensordot, x, anchors, weights,
                     np.asarray(grad_out, np.float64), nonlinearity)
