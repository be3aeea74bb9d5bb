"""Multi-channel 2D convolution layer as an implicit GEMM on tensor cores.

Semantics: correlation with zero padding and a stride, as ``torch.nn.functional.conv2d(x, w,
stride=stride, padding=...)``::

    y[n, k, p, q] = sum_{c, r, s} w[k, c, r, s] * x[n, c, p * stride + r - ph, q * stride + s - pw]

``x (N, C, H, W)`` and ``w (K, C, R, S)``, float32, give ``y (N, K, P, Q)`` float32.
``padding="same"``: ph = (R - 1) // 2, pw = (S - 1) // 2 and P = ceil(H / stride) (for stride 1
torch's ``padding="same"``; for odd sides and stride 2 torch's ``padding=R // 2``).
``padding="valid"``: no padding, P = (H - R) // stride + 1. Filter sides 1 to 7, stride 1 or 2.

``precision="tf32"`` (the default) multiplies on the tensor cores (nvcuda::wmma m16n16k8): the
inputs are rounded to TF32 (10 mantissa bits), products and sums are float32, as cuDNN's TF32
mode (``torch.backends.cudnn.allow_tf32``). The error is of the order of 1e-3 of the sum of
the products' magnitudes, not float32's; this is a documented difference of the fast path, and
``precision="fp32"`` keeps every product and sum in float32 (error ~1e-6 relative).
"""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass
from typing import Any

import numpy as np

from transpyle.backends.cuda import KernelSource, emit
from transpyle.kernels.common import (
    check_array,
    check_fields,
    fail,
    filter_pads,
    output_array,
    require_device_array,
)
from transpyle.runtime import gpu

PRECISIONS = ("tf32", "fp32")
PADDINGS = ("same", "valid")
STRIDES = (1, 2)
MAX_SIDE = 7
MAX_GRID_Y = 65535
SMEM_LIMIT = 227 * 1024  # dynamic shared memory one block may take on sm_90
SMS = 132  # multiprocessors of an H100 SXM / H200, for the planner's wave count


@dataclass(frozen=True, slots=True)
class ConvGemmDesc:
    """One compiled variant of the implicit-GEMM convolution (tile sizes are compile-time)."""

    precision: str = "tf32"
    kh: int = 3
    kw: int = 3
    stride: int = 1
    padding: str = "same"
    bm: int = 128  # output pixels per block
    bn: int = 64  # output channels per block
    bk: int = 16  # reduction slice per pipeline stage
    stages: int = 3  # slices in flight
    fm: int = 2  # 16x16 fragments per warp along the pixels
    fn: int = 2  # and along the channels

    def __post_init__(self) -> None:
        check_fields(self, "conv_gemm")
        if self.precision not in PRECISIONS:
            raise fail(f"conv_gemm precision must be one of {', '.join(PRECISIONS)}, not "
                       f"{self.precision!r}")
        if self.padding not in PADDINGS:
            raise fail(f"conv_gemm padding must be one of {', '.join(PADDINGS)}, not "
                       f"{self.padding!r}")
        if self.stride not in STRIDES:
            raise fail(f"conv_gemm stride must be 1 or 2, not {self.stride}")
        for side in (self.kh, self.kw):
            if not 1 <= side <= MAX_SIDE:
                raise fail(f"conv_gemm filter sides must be 1 to {MAX_SIDE}; got {side}")
        if self.bk not in (8, 16, 32) or not 2 <= self.stages <= 4:
            raise fail("conv_gemm bk must be 8, 16 or 32 and stages 2 to 4")
        if self.fm not in (1, 2, 4) or self.fn not in (1, 2, 4):
            raise fail("conv_gemm fm and fn must be 1, 2 or 4")
        if (self.bm % (16 * self.fm) or self.bn % (16 * self.fn)
                or self.bm not in (32, 64, 128, 256)):
            raise fail(f"conv_gemm tile {self.bm}x{self.bn} is not a whole number of warp tiles "
                       f"{16 * self.fm}x{16 * self.fn} (bm 32 to 256)")
        threads = self.threads
        ok = (threads % self.bm == 0 and threads % self.bk == 0 and threads <= 1024
              and self.bn % (threads // self.bm) == 0 and (self.bk * self.bn) % threads == 0)
        if self.precision == "fp32":
            tx = self.bm // 8
            ok = ok and threads % tx == 0 and self.bn % (threads // tx) == 0
        ok = ok and self.bk * self.bm <= 16 * threads  # gathered copies a thread, per slice
        if not ok:
            raise fail(f"conv_gemm tile {self.bm}x{self.bn}x{self.bk} with {threads} threads: "
                       "the threads must be a multiple of bm and of bk (one pixel column "
                       "each) and copy at most 16 elements of a slice each")
        if self.smem_bytes > SMEM_LIMIT:
            raise fail(f"conv_gemm tile takes {self.smem_bytes} bytes of shared memory; at most "
                       f"{SMEM_LIMIT}")

    @property
    def threads(self) -> int:
        return 32 * (self.bm // (16 * self.fm)) * (self.bn // (16 * self.fn))

    @property
    def smem_bytes(self) -> int:
        stage = self.bk * (self.bm + 4) + self.bn * (self.bk + 4)
        return 4 * max(self.stages * stage, self.bn * (self.bm + 4))

    @property
    def pads(self) -> tuple[int, int]:
        """(top, left) zero padding: the offsets of the filter's first tap."""
        return filter_pads(self.padding, self.kh, self.kw)

    @property
    def template(self) -> str:
        return "conv_gemm.cu.j2"

    @property
    def kernel_name(self) -> str:
        return (f"conv_gemm_{self.precision}_k{self.kh}x{self.kw}_s{self.stride}_{self.padding}"
                f"_t{self.bm}x{self.bn}x{self.bk}_p{self.stages}_f{self.fm}x{self.fn}")

    def context(self) -> dict[str, Any]:
        return {
            "description": repr(self),
            "precision": self.precision,
            "kh": self.kh,
            "kw": self.kw,
            "stride": self.stride,
            "ph": self.pads[0],
            "pw": self.pads[1],
            "bm": self.bm,
            "bn": self.bn,
            "bk": self.bk,
            "stages": self.stages,
            "fm": self.fm,
            "fn": self.fn,
        }

    def grid(self, m_count: int, k_out: int) -> tuple[int, int, int]:
        return (-(-m_count // self.bm), -(-k_out // self.bn), 1)


@dataclass(frozen=True, slots=True)
class LayerShape:
    n: int
    c: int
    h: int
    w: int
    k: int
    r: int
    s: int
    stride: int
    padding: str
    p: int
    q: int

    @property
    def m(self) -> int:
        return self.n * self.p * self.q

    @property
    def crs(self) -> int:
        return self.c * self.r * self.s


def out_side(side: int, k: int, stride: int, padding: str) -> int:
    if padding == "same":
        return -(-side // stride)
    return (side - k) // stride + 1


def check_args(x: Any, w: Any, stride: int, padding: str) -> LayerShape:
    """Validate x (N, C, H, W) and w (K, C, R, S), NumPy or CuPy, and return the layer's shape."""
    if padding not in PADDINGS:
        raise fail(f"padding must be one of {', '.join(PADDINGS)}, not {padding!r}")
    if isinstance(stride, bool) or stride not in STRIDES:
        raise fail(f"stride must be 1 or 2, not {stride!r}")
    check_array(x, "x", dtypes=("float32",), ranks=(4,))
    check_array(w, "w", dtypes=("float32",), ranks=(4,))
    n, c, h, width = (int(v) for v in x.shape)
    k, wc, r, s = (int(v) for v in w.shape)
    if wc != c:
        raise fail(f"w has {wc} input channels but x has {c}")
    for side in (r, s):
        if not 1 <= side <= MAX_SIDE:
            raise fail(f"filter side {side} is not in 1..{MAX_SIDE}")
    if padding == "valid" and (r > h or s > width):
        raise fail(f"filter {r}x{s} is larger than the image {h}x{width}: a valid correlation "
                   "would be empty", hint="pass padding='same' (zeros around the image)")
    p, q = out_side(h, r, stride, padding), out_side(width, s, stride, padding)
    if n * p * q >= 2**31 or c * h * width >= 2**31 or k * c * r * s >= 2**31:
        raise fail(f"layer x {tuple(x.shape)}, w {tuple(w.shape)} is too large for 32-bit "
                   "pixel indices", hint="split the batch")
    return LayerShape(n, c, h, width, k, r, s, stride, padding, p, q)


def plan(shape: LayerShape, precision: str = "tf32", bm: int = 0, bn: int = 0, bk: int = 0,
         stages: int = 0) -> ConvGemmDesc:
    """Tiles for a layer: output channels per block from K (32, 64 or 128), pixels per block
    128 unless that leaves fewer than two blocks per multiprocessor, a 32-wide reduction slice
    where the reduction is long. A knob given (non-zero) is kept."""
    if not bn:
        bn = 32 if shape.k <= 32 else 64 if shape.k <= 64 or precision == "fp32" else 128
    if not bm:
        bm = 128
        while bm > 32 and -(-shape.m // bm) * -(-shape.k // bn) < 2 * SMS:
            bm //= 2
    if not bk:
        bk = 32 if shape.crs >= 256 else 16
    fm = 2  # warp tiles 32x32, or 32x64 for 128 channels (8 warps, 64 accumulators a lane)
    fn = 4 if bn >= 128 and bm >= 128 else 2 if bn >= 32 else 1
    threads = 32 * (bm // (16 * fm)) * (bn // (16 * fn))
    if bk * bm > 16 * threads:  # at most 16 gathered copies a thread per slice (registers)
        bk = max(8, 16 * threads // bm)
    if not stages:
        stages = 3
    if -(-shape.k // bn) > MAX_GRID_Y:
        raise fail(f"{shape.k} output channels need more than {MAX_GRID_Y} blocks of {bn}")
    return ConvGemmDesc(precision, shape.r, shape.s, shape.stride, shape.padding, bm, bn, bk,
                        stages, fm, fn)


def render(desc: ConvGemmDesc) -> KernelSource:
    return emit(desc)


def wmma_include_dir(cuda_path: str | None = None) -> str | None:
    """A CUDA toolkit include folder that holds ``crt/mma.h``, which ``<mma.h>`` includes.

    CuPy may find its headers in a pip package (nvidia/cu13/include) that has ``mma.h`` but not
    ``crt/mma.h`` (seen on an H200 machine: NVRTC's "cannot open source file crt/mma.h"), so
    the toolkits that CUDA_PATH, CUDA_HOME, CuPy, nvcc on PATH and /usr/local/cuda name are
    tried in that order."""
    nvcc = shutil.which("nvcc")
    roots = [os.environ.get("CUDA_PATH"), os.environ.get("CUDA_HOME"), cuda_path,
             os.path.dirname(os.path.dirname(nvcc)) if nvcc else None, "/usr/local/cuda"]
    for root in roots:
        if root and os.path.isfile(os.path.join(root, "include", "crt", "mma.h")):
            return os.path.join(root, "include")
    return None


@functools.lru_cache(maxsize=64)
def kernel_for(desc: ConvGemmDesc) -> Any:
    """Compile once; the TF32 variant includes <mma.h>, so NVRTC gets a toolkit's headers, and
    the block may take over 48 KB of shared memory."""
    options = gpu.COMPILE_OPTIONS
    if desc.precision == "tf32":
        include = wmma_include_dir(gpu.cupy().cuda.get_cuda_path())
        if include is None:
            raise fail("the TF32 convolution includes <mma.h>, and no CUDA toolkit with "
                       "include/crt/mma.h was found for NVRTC",
                       hint="set CUDA_PATH to a CUDA toolkit, or pass precision='fp32'")
        options = (*options, "-I" + include)
    kernel = gpu.get_kernel(render(desc), options)
    if desc.smem_bytes > 48 * 1024:
        kernel.max_dynamic_shared_size_bytes = desc.smem_bytes
    return kernel


def conv2d_layer(
    x: Any,
    w: Any,
    *,
    stride: int = 1,
    padding: str = "same",
    precision: str = "tf32",
    out: Any | None = None,
    bm: int = 0,
    bn: int = 0,
    bk: int = 0,
    stages: int = 0,
) -> Any:
    """Convolution layer ``x (N, C, H, W)`` * ``w (K, C, R, S)`` on the GPU (CuPy arrays,
    float32); see the module docstring. ``out``, if given, receives the result. ``bm``, ``bn``,
    ``bk`` and ``stages`` override the planner's tiles (see :class:`ConvGemmDesc`)."""
    cp = require_device_array(x, "x")
    require_device_array(w, "w")
    if precision not in PRECISIONS:
        raise fail(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    shape = check_args(x, w, stride, padding)
    desc = plan(shape, precision, bm, bn, bk, stages)
    y = output_array(cp, out, (shape.n, shape.k, shape.p, shape.q), np.float32)
    kernel = kernel_for(desc)
    args = tuple(np.int32(v) for v in (shape.n, shape.c, shape.h, shape.w, shape.k, shape.p,
                                       shape.q))
    gpu.launch(kernel, desc.grid(shape.m, shape.k), (desc.threads, 1, 1), (x, w, y, *args),
               shared_mem=desc.smem_bytes)
    return y


def conv2d_layer_reference(x: np.ndarray, w: np.ndarray, stride: int = 1,
                           padding: str = "same") -> np.ndarray:
    """NumPy float64 reference with the semantics of :func:`conv2d_layer`."""
    shape = check_args(np.ascontiguousarray(x), np.ascontiguousarray(w), stride, padding)
    xs = np.asarray(x, dtype=np.float64)
    ws = np.asarray(w, dtype=np.float64)
    if padding == "same":
        ph, pw = (shape.r - 1) // 2, (shape.s - 1) // 2
        extra_h = max(0, (shape.p - 1) * stride + shape.r - shape.h - ph)
        extra_w = max(0, (shape.q - 1) * stride + shape.s - shape.w - pw)
        xs = np.pad(xs, ((0, 0), (0, 0), (ph, extra_h), (pw, extra_w)))
    out = np.zeros((shape.n, shape.k, shape.p, shape.q))
    for r in range(shape.r):
        for s in range(shape.s):
            window = xs[:, :, r : r + (shape.p - 1) * stride + 1 : stride,
                        s : s + (shape.q - 1) * stride + 1 : stride]
            out += np.einsum("kc,nchw->nkhw", ws[:, :, r, s], window)
    return out


DEFAULT_VARIANTS: tuple[ConvGemmDesc, ...] = (
    ConvGemmDesc("tf32", 3, 3, 1, "same", 128, 32, 16),
    ConvGemmDesc("tf32", 3, 3, 1, "same", 128, 64, 32),
    ConvGemmDesc("tf32", 3, 3, 1, "same", 128, 128, 32, fn=4),
    ConvGemmDesc("tf32", 3, 3, 2, "same", 64, 64, 32),
    ConvGemmDesc("tf32", 3, 3, 1, "valid", 32, 32, 16),
    ConvGemmDesc("tf32", 1, 1, 1, "same", 128, 64, 16),
    ConvGemmDesc("tf32", 1, 1, 2, "valid", 64, 128, 32),
    ConvGemmDesc("fp32", 3, 3, 1, "same", 128, 32, 16),
    ConvGemmDesc("fp32", 3, 3, 1, "same", 128, 64, 32),
    ConvGemmDesc("fp32", 3, 3, 2, "valid", 64, 64, 16),
    ConvGemmDesc("fp32", 1, 1, 1, "same", 64, 32, 16),
    ConvGemmDesc("fp32", 1, 1, 2, "same", 128, 64, 32),
)
