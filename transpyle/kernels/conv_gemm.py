"""Multi-channel 2D convolution layer as an implicit GEMM on tensor cores.

Semantics: correlation with zero padding and a stride, as ``torch.nn.functional.conv2d(x, w,
stride=stride, padding=...)``::

    y[n, k, p, q] = sum_{c, r, s} w[k, c, r, s] * x[n, c, p * stride + r - ph, q * stride + s - pw]

``x (N, C, H, W)`` and ``w (K, C, R, S)``, float32, give ``y (N, K, P, Q)`` float32.
``padding="same"``: ph = (R - 1) // 2, pw = (S - 1) // 2 and P = ceil(H / stride) (for stride 1
torch's ``padding="same"``; for odd sides and stride 2 torch's ``padding=R // 2``).
``padding="valid"``: no padding, P = (H - R) // stride + 1. Filter sides 1 to 7, stride 1 or 2.

``precision="tf32"`` (the default) multiplies on the tensor cores (mma.sync m16n8k8): the
inputs are rounded to TF32 (10 mantissa bits), products and sums are float32, as cuDNN's TF32
mode (``torch.backends.cudnn.allow_tf32``). The error is of the order of 1e-3 of the sum of
the products' magnitudes, not float32's; this is a documented difference of the fast path, and
``precision="fp32"`` keeps every product and sum in float32 (error ~1e-6 relative).
"""

from __future__ import annotations

import functools
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
FUSES = ("", "lbc")
NONLINEARITIES = ("relu", "sigmoid", "identity")
MAX_SIDE = 7
MAX_GRID_Y = 65535
SMEM_LIMIT = 227 * 1024  # dynamic shared memory one block may take on sm_90
SMS = 132  # multiprocessors of an H100 SXM / H200, for the planner's wave count
MAX_A_COPIES = 80  # gathered copies a thread issues per slice (unrolled code)
MAX_B_COPIES = 28  # weight copies a thread issues per slice (two registers each; 36 spilled)
MAX_REGISTERS = 180  # the estimate (reg_estimate) past which ptxas spilled (196 did, 160 not)


def round8(v: int) -> int:
    return -(-v // 8) * 8


@dataclass(frozen=True, slots=True)
class ConvGemmDesc:
    """One compiled variant of the implicit-GEMM convolution (tile sizes are compile-time).

    A block computes ``bm`` output pixels x ``bn`` output channels; a reduction slice is ``cb``
    input channels times every filter tap (``bk``: cb * kh * kw rounded up to 8); ``stages``
    slices are in flight; each warp holds a ``wm`` x ``wn`` tile. ``fuse="lbc"``: ``bn`` holds
    every anchor of an LBC layer and a second GEMM with the ``c_out`` x anchors 1x1 weights
    follows the ``nonlinearity`` (see :mod:`transpyle.kernels.lbc_gemm`)."""

    precision: str = "tf32"
    kh: int = 3
    kw: int = 3
    stride: int = 1
    padding: str = "same"
    bm: int = 128  # output pixels per block
    bn: int = 64  # output channels per block
    cb: int = 4  # input channels per slice
    stages: int = 3  # slices in flight
    wm: int = 64  # warp tile: pixels
    wn: int = 32  # and channels
    fuse: str = ""
    c_out: int = 0  # fuse="lbc": outputs of the 1x1 convolution
    nonlinearity: str = "relu"

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
        if not 1 <= self.cb <= 64 or not 2 <= self.stages <= 4:
            raise fail("conv_gemm cb (channels per slice) must be 1 to 64 and stages 2 to 4")
        if (self.wm not in (16, 32, 64) or self.wn not in (8, 16, 32, 64)
                or self.bm not in (32, 64, 128, 256) or self.bn % self.wn or self.bm % self.wm
                or not 8 <= self.bn <= 128):
            raise fail(f"conv_gemm tile {self.bm}x{self.bn} is not a whole number of warp tiles "
                       f"{self.wm}x{self.wn} (bm 32 to 256, wm 16 to 64, wn 8 to 64)")
        threads = self.threads
        split = max(1, threads // self.bm)
        ok = (threads <= 256 and (self.bm % threads == 0 or threads % self.bm == 0)
              and self.cb % split == 0 and self.bn % split == 0)
        ok = ok and self.a_copies <= MAX_A_COPIES and self.b_copies <= MAX_B_COPIES
        ok = ok and self.reg_estimate <= MAX_REGISTERS
        if self.precision == "fp32":
            tx = self.bm // 8
            ok = ok and threads % tx == 0 and self.bn % (threads // tx) == 0
            ok = ok and self.bn // (threads // tx) <= 16
        if not ok:
            raise fail(f"conv_gemm tile {self.bm}x{self.bn}, {self.cb} channels a slice, warp "
                       f"tile {self.wm}x{self.wn} ({threads} threads): the threads must own "
                       "whole pixel columns or split a slice's channels evenly, at most 256 "
                       f"threads, {MAX_A_COPIES} gathered and {MAX_B_COPIES} weight copies "
                       f"a thread per slice, about {MAX_REGISTERS} registers (this tile: "
                       f"{self.reg_estimate})")
        if self.fuse not in FUSES:
            raise fail(f"conv_gemm fuse must be '' or 'lbc', not {self.fuse!r}")
        if self.nonlinearity not in NONLINEARITIES:
            raise fail(f"conv_gemm nonlinearity must be one of {', '.join(NONLINEARITIES)}")
        if self.fuse == "lbc":
            rows = self.bm // (threads // 32)
            if (self.precision != "tf32" or not 1 <= self.c_out <= 64 or rows % 16
                    or round8(self.c_out) % split):
                raise fail("the fused LBC layer is TF32 only, 1 to 64 outputs, and a block's "
                           f"pixels ({self.bm}) must split into whole m16 tiles per warp")
        elif self.c_out:
            raise fail("conv_gemm c_out is for fuse='lbc' only")
        if self.smem_bytes > SMEM_LIMIT:
            raise fail(f"conv_gemm tile takes {self.smem_bytes} bytes of shared memory; at most "
                       f"{SMEM_LIMIT}")

    @property
    def threads(self) -> int:
        return 32 * (self.bm // self.wm) * (self.bn // self.wn)

    @property
    def reg_estimate(self) -> int:
        """Registers a thread needs, roughly: accumulators, fragments, two per weight copy,
        the pixel columns' pointers and masks, about 30 more (checked against ptxas -v)."""
        pix = max(1, self.bm // self.threads)
        if self.precision == "fp32":
            ty = self.threads // (self.bm // 8)
            acc, frags = 8 * (self.bn // ty), 8 + self.bn // ty
        else:
            acc, frags = self.wm * self.wn // 32, self.wm // 4 + self.wn // 4
        return acc + frags + 2 * self.b_copies + 3 * pix + self.kh + 30

    @property
    def kb(self) -> int:
        """Reduction rows of a slice: cb channels x the filter's taps."""
        return self.cb * self.kh * self.kw

    @property
    def bk(self) -> int:
        return round8(self.kb)

    @property
    def a_copies(self) -> int:
        pix = max(1, self.bm // self.threads)
        split = max(1, self.threads // self.bm)
        return pix * (self.cb // split if self.cb % split == 0 else self.cb) * self.kh * self.kw

    @property
    def b_copies(self) -> int:
        return -(-self.bn * self.kb // self.threads)

    @property
    def smem_bytes(self) -> int:
        stage = self.bk * (self.bm + 8) + self.bn * (self.bk + 4)
        words = max(self.stages * stage, self.bn * (self.bm + 4))
        if self.fuse == "lbc":
            co = round8(self.c_out)
            words = max(words, self.bn * (self.bm + 8) + co * (self.bn + 4) + co * (self.bm + 4))
        return 4 * words

    @property
    def pads(self) -> tuple[int, int]:
        """(top, left) zero padding: the offsets of the filter's first tap."""
        return filter_pads(self.padding, self.kh, self.kw)

    @property
    def template(self) -> str:
        return "conv_gemm.cu.j2"

    @property
    def kernel_name(self) -> str:
        fused = (f"_lbc{self.c_out}_{self.nonlinearity}" if self.fuse else "")
        return (f"conv_gemm_{self.precision}_k{self.kh}x{self.kw}_s{self.stride}_{self.padding}"
                f"_t{self.bm}x{self.bn}_c{self.cb}_p{self.stages}_w{self.wm}x{self.wn}{fused}")

    def context(self) -> dict[str, Any]:
        return {
            "description": repr(self),
            "precision": self.precision,
            "kh": self.kh,
            "kw": self.kw,
            "rs": self.kh * self.kw,
            "b_per": self.b_copies,
            "stride": self.stride,
            "ph": self.pads[0],
            "pw": self.pads[1],
            "bm": self.bm,
            "bn": self.bn,
            "cb": self.cb,
            "stages": self.stages,
            "wm": self.wm,
            "wn": self.wn,
            "fuse": self.fuse,
            "c_out": self.c_out,
            "nonlinearity": self.nonlinearity,
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
    if (n * p * q >= 2**31 or (c + 64) * h * width >= 2**31 or k * c * r * s >= 2**31
            or h * width * c * n >= 2**62):
        raise fail(f"layer x {tuple(x.shape)}, w {tuple(w.shape)} is too large for 32-bit "
                   "pixel indices", hint="split the batch")
    return LayerShape(n, c, h, width, k, r, s, stride, padding, p, q)


def default_cb(rs: int, c: int) -> int:
    """Channels per slice: about 36 reduction rows (3x3: 4 channels, 40 rows with 4 of zeros),
    32 channels for 1x1 filters; never more than the layer has (rounded up to 8 rows)."""
    cb = 32 if rs == 1 else max(1, 36 // rs)
    return max(1, min(cb, round8(c) if rs == 1 else c))


def plan(shape: LayerShape, precision: str = "tf32", bm: int = 0, bn: int = 0, cb: int = 0,
         stages: int = 0, wm: int = 0, wn: int = 0) -> ConvGemmDesc:
    """Tiles for a layer: output channels per block from K (16, 32, 64 or 128), pixels per block
    128 unless that leaves fewer than two blocks per multiprocessor, warp tiles 64x32 (32x32 for
    32 channels or fewer), about 36 reduction rows a slice, 3 slices in flight (2 where there
    are at most 4 slices). A knob given (non-zero) is kept."""
    knobs_bn = bool(bn)
    if not bn:
        bn = (16 if shape.k <= 16 else 32 if shape.k <= 32 else
              64 if shape.k <= 64 or precision == "fp32" else 128)
    if not bm:
        bm = 128
        while bm > (64 if bn >= 128 else 32) and -(-shape.m // bm) * -(-shape.k // bn) < 2 * SMS:
            bm //= 2
    knobs_cb = bool(cb)
    if not cb:
        cb = default_cb(shape.r * shape.s, shape.c)
    knobs_wm = bool(wm)
    if not wn:
        wn = min(32, bn)
    if not wm:
        wm = 64 if bn >= 64 and bm >= 64 else 32
        wm = min(wm, bm)
    if not stages:  # a short reduction gains little from a deep ring; twice the blocks fit
        stages = 2 if -(-shape.c // cb) <= 4 else 3
    if -(-shape.k // bn) > MAX_GRID_Y:
        raise fail(f"{shape.k} output channels need more than {MAX_GRID_Y} blocks of {bn}")
    # The first tiling the description accepts (copies a thread per slice, registers), from
    # the preferred one through narrower warp tiles, fewer channels a slice, fewer channels.
    first: ValueError | None = None
    bns = [bn] if knobs_bn else [v for v in (bn, bn // 2, bn // 4) if v >= 16]
    for bn_try in bns:
        wn_try = min(wn, bn_try)
        for wm_try in dict.fromkeys((wm, *(v for v in (32, 16) if v < wm and not knobs_wm))):
            threads = 32 * (bm // wm_try) * (bn_try // wn_try)
            split = max(1, threads // bm)
            cbs = [cb] if knobs_cb else [c for c in (-(-cb // split) * split, 2 * split, split)
                                         if c <= max(cb, split)]
            for cb_try in dict.fromkeys(cbs):
                try:
                    return ConvGemmDesc(precision, shape.r, shape.s, shape.stride,
                                        shape.padding, bm, bn_try, cb_try, stages, wm_try,
                                        wn_try)
                except ValueError as exc:
                    first = first or exc
    assert first is not None
    raise first


def render(desc: ConvGemmDesc) -> KernelSource:
    return emit(desc)


@functools.lru_cache(maxsize=64)
def kernel_for(desc: ConvGemmDesc) -> Any:
    """Compile once; the block may take over 48 KB of shared memory."""
    kernel = gpu.get_kernel(render(desc), gpu.COMPILE_OPTIONS)
    if desc.smem_bytes > 48 * 1024:
        kernel.max_dynamic_shared_size_bytes = desc.smem_bytes
    return kernel


# (x shape, w shape, stride, padding, precision, knobs) -> (shape, desc, kernel, grid, int args):
# a call repeated on the same shapes skips the planner and the description's hash.
_LAUNCHES: dict[tuple, tuple] = {}


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
    cb: int = 0,
    stages: int = 0,
    wm: int = 0,
    wn: int = 0,
) -> Any:
    """Convolution layer ``x (N, C, H, W)`` * ``w (K, C, R, S)`` on the GPU (CuPy arrays,
    float32); see the module docstring. ``out``, if given, receives the result. ``bm``, ``bn``,
    ``cb``, ``stages``, ``wm`` and ``wn`` override the planner's tiles (see
    :class:`ConvGemmDesc`)."""
    cp = require_device_array(x, "x")
    require_device_array(w, "w")
    key = (x.shape, w.shape, x.dtype, w.dtype, x.flags.c_contiguous, w.flags.c_contiguous,
           stride, padding, precision, bm, bn, cb, stages, wm, wn)
    hit = _LAUNCHES.get(key)
    if hit is None:
        if precision not in PRECISIONS:
            raise fail(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
        shape = check_args(x, w, stride, padding)
        desc = plan(shape, precision, bm, bn, cb, stages, wm, wn)
        args = tuple(np.int32(v) for v in (shape.n, shape.c, shape.h, shape.w, shape.k, shape.p,
                                           shape.q))
        hit = (shape, desc, kernel_for(desc), desc.grid(shape.m, shape.k), args)
        if len(_LAUNCHES) > 256:
            _LAUNCHES.clear()
        _LAUNCHES[key] = hit
    shape, desc, kernel, grid, args = hit
    y = output_array(cp, out, (shape.n, shape.k, shape.p, shape.q), np.float32)
    kernel(grid, (desc.threads, 1, 1), (x, w, y, *args), shared_mem=desc.smem_bytes)
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
    ConvGemmDesc("tf32", 3, 3, 1, "same", 128, 32, 4, wm=32, wn=32),
    ConvGemmDesc("tf32", 3, 3, 1, "same", 128, 64, 4),
    ConvGemmDesc("tf32", 3, 3, 1, "same", 128, 128, 4),
    ConvGemmDesc("tf32", 3, 3, 1, "same", 128, 64, 4, 2),
    ConvGemmDesc("tf32", 3, 3, 1, "same", 256, 64, 4),
    ConvGemmDesc("tf32", 3, 3, 2, "same", 64, 64, 4, wm=32),
    ConvGemmDesc("tf32", 3, 3, 1, "valid", 32, 32, 2, wm=32),
    ConvGemmDesc("tf32", 1, 1, 1, "same", 128, 64, 32),
    ConvGemmDesc("tf32", 1, 1, 2, "valid", 64, 128, 32, wm=32),
    ConvGemmDesc("tf32", 5, 5, 1, "same", 128, 16, 1, wm=32, wn=16),
    ConvGemmDesc("tf32", 7, 7, 1, "same", 64, 32, 1, wm=32),
    ConvGemmDesc("fp32", 3, 3, 1, "same", 128, 32, 4, wm=32, wn=32),
    ConvGemmDesc("fp32", 3, 3, 1, "same", 128, 64, 4),
    ConvGemmDesc("fp32", 3, 3, 2, "valid", 64, 64, 4, wm=32),
    ConvGemmDesc("fp32", 1, 1, 1, "same", 64, 32, 16, wm=32, wn=32),
    ConvGemmDesc("fp32", 1, 1, 2, "same", 128, 64, 32),
    ConvGemmDesc("tf32", 3, 3, 1, "same", 128, 64, 4, fuse="lbc", c_out=32),
    ConvGemmDesc("tf32", 3, 3, 1, "same", 128, 32, 4, wm=32, fuse="lbc", c_out=16,
                 nonlinearity="sigmoid"),
)
