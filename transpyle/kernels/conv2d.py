"""2D convolution (correlation) with registers as a cache and warp shuffles.

Semantics: *correlation* (cuDNN's cross-correlation) with zero padding, as
``torch.nn.functional.conv2d(x, w, padding=...)``::

    y[n, co, r, c] = sum_{ci, i, j} w[co, ci, i, j] * x[n, ci, r + i - ph, c + j - pw]

with x = 0 outside the image. ``padding="same"`` (the default): a same-size output, ph =
(kh - 1) // 2 and pw = (kw - 1) // 2, as torch's ``padding="same"`` (for odd sides k // 2, as
``scipy.ndimage.correlate(x, w, mode="constant")``; an even side pads one less before than
after). ``padding="valid"``: ph = pw = 0 and an output of (H - kh + 1, W - kw + 1). Filter sides
1 to 15, odd or even; with "same" the image may be smaller than the filter. Shapes: ``x (H, W)``
with ``w (kh, kw)`` gives ``(H', W')``; ``x (C_in, H, W)`` or ``(N, C_in, H, W)`` with ``w (C_out,
C_in, kh, kw)`` gives ``(C_out, H', W')`` or ``(N, C_out, H', W')``. float32 and float64.

The kernel never stages the image in shared memory: each lane keeps a column strip in registers
and the partial sums of the filter columns, or the inputs themselves, move between lanes by
``__shfl_down_sync``; a lane may hold two adjacent columns and produce two outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from transpyle.backends.cuda import KernelSource, emit
from transpyle.kernels.common import (
    CTYPES,
    MAX_STRUCT_BYTES,
    check_array,
    check_fields,
    check_struct_size,
    fail,
    filter_pads,
    host_array,
    output_array,
    require_device_array,
)
from transpyle.runtime import gpu

DTYPES = ("float32", "float64")
MIN_K, MAX_K = 1, 15
PADDINGS = ("same", "valid")
MAX_GRID_Z = 65535
SHUFFLES = ("inputs", "partial")


def default_tile_h(dtype: str, kh: int, cols: int = 1) -> int:
    """Rows per warp: tall enough to amortise the halo, short enough to stay in registers."""
    if cols == 4:  # four columns per lane; H200, 8192^2 float32, ms, rows 8 / 6 / 5 / 4 (one
        # run, gpu_nvidia-h200.json): 7x7 0.227 / 0.225 / 0.225 / 0.236, 9x9 0.367 / 0.336 /
        # 0.321 / 0.332, 11x11 0.596 / 0.547 / 0.530 / 0.485, 15x15 1.776 / 1.000 / 1.047 / 1.092
        if kh in (9, 10):
            return 5
        return 4 if kh == 11 else 6
    if cols == 2:  # 16 rows, 8 from 8 rows of filter (H100, 8192^2 float32, gpu_*.notes.md);
        # 5x5 (H200, 8192^2 float32, two runs of 2026-12-03: 16 rows 0.1634 / 0.1639 ms, 8 rows
        # 0.1734 / 0.1781)
        return 8 if kh > 7 else 16
    if dtype == "float32":  # measured on an H100 at 8192^2 (benchmarks/results/gpu_*.json)
        if kh == 3:
            return 8
        if kh == 7:
            return 16
        return 32 if kh <= 9 else 16
    if kh <= 5:
        return 16
    return 8 if kh <= 9 else 4


def default_shuffle(kw: int) -> str:
    """Shuffled inputs for 3, 7 and 9 columns, partial sums otherwise (measured on an H100 at
    8192^2 float32, benchmarks/results/gpu_*.json)."""
    return "inputs" if kw in (3, 7, 9) else "partial"


def default_cols(dtype: str, kw: int) -> int:
    """Four output columns per lane for float32 filters of 7 to 15 columns (H200, 8192^2, one
    run, ms, the best two-column or one-column variant vs four columns and 6 rows: 7x7 0.2421
    -> 0.2247, 9x9 0.3665 -> 0.3357, 11x11 0.5185 -> 0.5469 (4 rows: 0.4851), 15x15 1.527 ->
    1.000; gpu_nvidia-h200.json); two for 2 to 6 columns (H100,
    8192^2, one run: 7x7 0.262 -> 0.208 ms, 9x9 0.480 -> 0.350 ms; H200, 8192^2, one run: 3x3
    0.161 -> 0.147 ms, 5x5 0.211 -> 0.165 ms); else one."""
    if dtype != "float32":
        return 1
    if kw >= 7:
        return 4
    return 2 if 2 <= kw <= 6 else 1


def default_warps(cols: int, kw: int) -> int:
    """Warps per block: 2 for two columns per lane and 7 columns (fastest of 2, 4, 8), else 4."""
    return 2 if cols == 2 and kw == 7 else 4


@dataclass(frozen=True, slots=True)
class Conv2dDesc:
    """One compiled variant of the register-cache correlation kernel."""

    dtype: str = "float32"
    kh: int = 3
    kw: int = 3
    c_in: int = 1
    co_per_launch: int = 1
    tile_h: int = 0  # 0: default_tile_h(dtype, kh, cols)
    warps: int = 0  # 0: default_warps(cols, kw)
    boundary: str = "zero"
    taps_on_device: bool = False  # taps read from a device array, not passed by value
    shuffle: str = ""  # what lanes exchange: "inputs" or "partial" sums ("": default_shuffle)
    cols: int = 0  # adjacent output columns per lane, 1 or 2 (0: default_cols)
    padding: str = "same"  # "same" (output the image's size) or "valid" (no padding)
    min_blocks: int = 0  # __launch_bounds__ minimum blocks per SM (0: the compiler chooses)

    def __post_init__(self) -> None:
        check_fields(self, "conv2d")
        if self.dtype not in DTYPES:
            raise fail(f"conv2d supports {', '.join(DTYPES)}, not {self.dtype}")
        for side in (self.kh, self.kw):
            if not MIN_K <= side <= MAX_K:
                raise fail(f"conv2d filter sides must be {MIN_K} to {MAX_K}; got {side}")
        if self.padding not in PADDINGS:
            raise fail(f"conv2d padding must be one of {', '.join(PADDINGS)}, not "
                       f"{self.padding!r}")
        if self.boundary != "zero":
            raise fail(f"conv2d supports boundary='zero' only, not {self.boundary!r}")
        if self.c_in < 1 or self.co_per_launch < 1 or self.warps not in (0, 1, 2, 4, 8):
            raise fail("conv2d: c_in and co_per_launch must be >= 1 and warps 1, 2, 4 or 8")
        if self.tile_h < 0 or self.tile_h > 64:
            raise fail(f"conv2d tile_h must be 1 to 64, got {self.tile_h}")
        if self.shuffle and self.shuffle not in SHUFFLES:
            raise fail(f"conv2d shuffle must be one of {', '.join(SHUFFLES)}, not {self.shuffle!r}")
        if not 0 <= self.min_blocks <= 32:
            raise fail(f"conv2d min_blocks must be 0 to 32, got {self.min_blocks}")
        if self.cols not in (0, 1, 2, 4):
            raise fail(f"conv2d cols must be 1, 2 or 4, got {self.cols}")
        if self.cols == 4 and self.dtype != "float32":
            raise fail("conv2d takes four columns per lane for float32 only")
        if self.lanes_cols >= 2 and self.shuffle == "partial":
            raise fail("conv2d with several columns per lane shuffles inputs, not partial sums")

    @property
    def rows(self) -> int:
        return self.tile_h or default_tile_h(self.dtype, self.kh, self.lanes_cols)

    @property
    def n_warps(self) -> int:
        return self.warps or default_warps(self.lanes_cols, self.kw)

    @property
    def lanes_cols(self) -> int:
        """Columns per lane; a requested partial-sum exchange keeps the default at one."""
        if self.cols:
            return self.cols
        return 1 if self.shuffle == "partial" else default_cols(self.dtype, self.kw)

    @property
    def exchange(self) -> str:
        if self.lanes_cols >= 2:
            return "inputs"
        return self.shuffle or default_shuffle(self.kw)

    @property
    def out_w(self) -> int:
        """Output columns a warp finishes (c >= 2 per lane: lanes l + 1 .. l + ceil((kw - 1) / c)
        lend theirs)."""
        c = self.lanes_cols
        if c >= 2:
            return c * (32 - -(-(self.kw - 1) // c))
        return 32 - (self.kw - 1)

    @property
    def pads(self) -> tuple[int, int]:
        """(top, left) zero padding: the offsets of the filter's first tap."""
        return filter_pads(self.padding, self.kh, self.kw)

    @property
    def template(self) -> str:
        return "conv2d.cu.j2"

    @property
    def kernel_name(self) -> str:
        return (
            f"conv2d_{self.dtype}_k{self.kh}x{self.kw}_ci{self.c_in}_co{self.co_per_launch}"
            f"_t{self.rows}_w{self.n_warps}{'_dev' if self.taps_on_device else ''}"
            f"_{'ps' if self.exchange == 'partial' else 'xs'}"
            f"{f'_c{self.lanes_cols}' if self.lanes_cols >= 2 else ''}"
            f"{'_valid' if self.padding == 'valid' else ''}"
            f"{f'_b{self.min_blocks}' if self.min_blocks else ''}"
        )

    def context(self) -> dict[str, Any]:
        return {
            "description": repr(self),
            "ctype": CTYPES[self.dtype],
            "kh": self.kh,
            "kw": self.kw,
            "c_in": self.c_in,
            "co_per_launch": self.co_per_launch,
            "tile_h": self.rows,
            "warps": self.n_warps,
            "taps_on_device": self.taps_on_device,
            "shuffle": self.exchange,
            "cols": self.lanes_cols,
            "min_blocks": self.min_blocks,
            "ph": self.pads[0],
            "pw": self.pads[1],
        }

    def grid(self, n: int, height: int, width: int) -> tuple[int, int, int]:
        cols = self.out_w * self.n_warps
        return (-(-width // cols), -(-height // self.rows), n * self.co_per_launch)


DEFAULT_VARIANTS: tuple[Conv2dDesc, ...] = (
    Conv2dDesc("float32", 3, 3),
    Conv2dDesc("float32", 5, 5),
    Conv2dDesc("float32", 7, 7),
    Conv2dDesc("float32", 9, 9),
    Conv2dDesc("float32", 7, 7, cols=1),
    Conv2dDesc("float32", 15, 15),
    Conv2dDesc("float64", 3, 3),
    Conv2dDesc("float64", 15, 15),
    Conv2dDesc("float32", 3, 3, c_in=3, co_per_launch=8),
    Conv2dDesc("float32", 3, 3, taps_on_device=True),
    Conv2dDesc("float32", 7, 7, taps_on_device=True),
    Conv2dDesc("float64", 15, 15, taps_on_device=True),
    Conv2dDesc("float32", 1, 1),
    Conv2dDesc("float32", 2, 2),
    Conv2dDesc("float32", 4, 4),
    Conv2dDesc("float32", 6, 6, cols=2),
    Conv2dDesc("float32", 8, 8, cols=2, tile_h=8),
    Conv2dDesc("float32", 1, 7, shuffle="partial"),
    Conv2dDesc("float64", 4, 2, taps_on_device=True),
    Conv2dDesc("float32", 3, 3, padding="valid"),
    Conv2dDesc("float32", 8, 8, cols=2, tile_h=8, padding="valid"),
    Conv2dDesc("float64", 6, 5, shuffle="partial", padding="valid"),
    Conv2dDesc("float32", 7, 7, warps=4, min_blocks=8),
    Conv2dDesc("float32", 7, 7, cols=4, tile_h=8),
    Conv2dDesc("float32", 9, 9, cols=4, tile_h=8),
    Conv2dDesc("float32", 11, 11),
    Conv2dDesc("float32", 13, 12),
    Conv2dDesc("float32", 5, 3, cols=4, tile_h=5, padding="valid"),
)


def render(desc: Conv2dDesc) -> KernelSource:
    return emit(desc)


@dataclass(frozen=True, slots=True)
class ConvShape:
    n: int
    c_in: int
    c_out: int
    height: int
    width: int
    kh: int
    kw: int
    out_shape: tuple[int, ...]
    padding: str = "same"

    @property
    def out_height(self) -> int:
        return self.out_shape[-2]

    @property
    def out_width(self) -> int:
        return self.out_shape[-1]


def check_args(x: Any, w: Any, padding: str = "same") -> ConvShape:
    """Validate x and w (NumPy or CuPy) and return the problem's shape."""
    if padding not in PADDINGS:
        raise fail(f"padding must be one of {', '.join(PADDINGS)}, not {padding!r}")
    check_array(x, "x", dtypes=DTYPES, ranks=(2, 3, 4))
    if not hasattr(w, "ndim") or w.ndim not in (2, 4):
        raise fail(f"w must be (kh, kw) or (C_out, C_in, kh, kw); got {getattr(w, 'shape', w)}")
    if np.dtype(w.dtype).kind != "f":
        raise fail(f"w has dtype {np.dtype(w.dtype).name}; expected a floating-point filter")
    if w.size == 0:
        raise fail(f"w is empty (shape {tuple(w.shape)})")
    if x.ndim == 2:
        if w.ndim != 2:
            raise fail(f"a 2D image takes a 2D filter (kh, kw), got w of shape {tuple(w.shape)}")
        n, c_in, c_out = 1, 1, 1
        height, width = x.shape
    else:
        if w.ndim != 4:
            raise fail(
                f"x of shape {tuple(x.shape)} has channels; w must be (C_out, C_in, kh, kw), "
                f"got {tuple(w.shape)}"
            )
        n = x.shape[0] if x.ndim == 4 else 1
        c_in, height, width = x.shape[-3:]
        c_out = w.shape[0]
        if w.shape[1] != c_in:
            raise fail(f"w has {w.shape[1]} input channels but x has {c_in}")
    kh, kw = w.shape[-2:]
    for side, name in ((kh, "height"), (kw, "width")):
        if not MIN_K <= side <= MAX_K:
            raise fail(f"filter {name} {side} is not in {MIN_K}..{MAX_K}")
    out_hw = (height, width)
    if padding == "valid":
        if kh > height or kw > width:
            raise fail(
                f"filter {kh}x{kw} is larger than the image {height}x{width}: a valid "
                "correlation would be empty",
                hint="pass padding='same' (zeros around the image)",
            )
        out_hw = (height - kh + 1, width - kw + 1)
    lead = () if x.ndim == 2 else (c_out,) if x.ndim == 3 else (n, c_out)
    return ConvShape(n, c_in, c_out, height, width, kh, kw, (*lead, *out_hw), padding)


def plan(
    shape: ConvShape,
    dtype: str,
    tile_h: int = 0,
    warps: int = 0,
    on_device: bool = False,
    shuffle: str = "",
    cols: int = 0,
    min_blocks: int = 0,
) -> Conv2dDesc:
    """The variant for a problem; output channels per launch bounded by the grid (and by the
    size of a by-value argument when the taps travel with the launch)."""
    co = min(shape.c_out, MAX_GRID_Z // shape.n)
    if not on_device:
        per_co = shape.c_in * shape.kh * shape.kw * np.dtype(dtype).itemsize
        check_struct_size(per_co, f"the filter taps of one output channel ({shape.c_in} inputs)")
        co = min(co, MAX_STRUCT_BYTES // per_co)
    if shape.n > MAX_GRID_Z:
        raise fail(f"batch {shape.n} is larger than {MAX_GRID_Z}")
    if not cols and shape.out_width % 2 == 1 and shape.kw <= 4:
        # Odd rows take element-wise stores with two columns per lane; for narrow filters one
        # column per lane is faster there (H200, 8191x8195 float32: 2x2 0.190 vs 0.228 ms,
        # 4x4 0.189 vs 0.205, 3x3 valid 0.168 vs 0.210; 8x8 0.458 vs 0.303 keeps two).
        cols = 1
    return Conv2dDesc(
        dtype,
        shape.kh,
        shape.kw,
        shape.c_in,
        max(1, co),
        tile_h,
        warps,
        taps_on_device=on_device,
        shuffle=shuffle,
        cols=cols,
        padding=shape.padding,
        min_blocks=min_blocks,
    )


def plan_staged(shape: ConvShape, dtype: str, co_per_launch: int, rows: int, warps: int,
                on_device: bool) -> Any:
    """The staged kernel's variant (float32 planes of one input channel), or a refusal."""
    from transpyle.kernels.conv2d_staged import Conv2dStagedDesc, default_rows

    if dtype != "float32" or shape.c_in != 1:
        raise fail(f"conv2d staged=True takes float32 planes of one input channel, not {dtype} "
                   f"with {shape.c_in} input channels", hint="leave staged off")
    return Conv2dStagedDesc(shape.kh, shape.kw, co_per_launch, rows or default_rows(shape.kh),
                            warps or 4, shape.padding, on_device)


def conv2d(
    x: Any,
    w: Any,
    *,
    out: Any | None = None,
    tile_h: int = 0,
    warps: int = 0,
    shuffle: str = "",
    cols: int = 0,
    padding: str = "same",
    min_blocks: int = 0,
    staged: bool = False,
) -> Any:
    """Correlate ``x`` (CuPy array) with filter ``w`` on the GPU; see the module docstring.

    ``w`` may be a NumPy array (its taps travel by value with the launch and are read from the
    constant bank) or a CuPy array (the kernel reads them from device memory, so the call never
    waits for the device). ``out``, if given, receives the result (a C-contiguous CuPy array of
    the result's shape). ``padding`` is "same" or "valid" (see the module docstring).
    ``tile_h``, ``warps``, ``shuffle``, ``cols`` and ``min_blocks`` are tuning knobs of the
    template (see :class:`Conv2dDesc`). ``staged`` (float32, one input channel) takes the
    kernel that stages the block's input tile in shared memory
    (:mod:`transpyle.kernels.conv2d_staged`; ``tile_h`` and ``warps`` are then its rows per
    thread and warps per block).
    """
    cp = require_device_array(x, "x")
    on_device = isinstance(w, cp.ndarray)
    shape = check_args(x, w if on_device else host_array(w), padding)
    dtype = np.dtype(x.dtype).name
    desc: Any = plan(shape, dtype, tile_h, warps, on_device, shuffle, cols, min_blocks)
    if staged:
        desc = plan_staged(shape, dtype, desc.co_per_launch, tile_h, warps, on_device)
    kernel = gpu.kernel_for(desc)
    y = output_array(cp, out, shape.out_shape, x.dtype)
    if on_device:
        taps: Any = cp.ascontiguousarray(w.astype(dtype, copy=False)).reshape(shape.c_out, -1)
    else:
        taps = host_array(w).astype(dtype).reshape(shape.c_out, -1)
    per_launch = desc.co_per_launch
    grid = desc.grid(shape.n, shape.out_height, shape.out_width)
    for co_base in range(0, shape.c_out, per_launch):
        part = taps[co_base : co_base + per_launch]
        if on_device:
            packed: Any = part
        else:
            chunk = np.zeros((per_launch, taps.shape[1]), dtype=dtype)
            chunk[: part.shape[0]] = part
            packed = gpu.struct_argument(chunk, dtype)
        args = (
            x,
            y,
            np.int32(shape.height),
            np.int32(shape.width),
            np.int32(shape.out_height),
            np.int32(shape.out_width),
            np.int32(shape.c_out),
            np.int32(co_base),
            packed,
        )
        gpu.launch(kernel, grid, (32, desc.n_warps, 1), args)
    return y


def conv2d_reference(x: np.ndarray, w: np.ndarray, padding: str = "same") -> np.ndarray:
    """NumPy float64 reference with the same shapes and semantics as :func:`conv2d`."""
    shape = check_args(np.ascontiguousarray(x), np.asarray(w), padding)
    xs = np.asarray(x, dtype=np.float64).reshape(shape.n, shape.c_in, shape.height, shape.width)
    ws = np.asarray(w, dtype=np.float64).reshape(shape.c_out, shape.c_in, shape.kh, shape.kw)
    oh, ow = shape.out_height, shape.out_width
    if padding == "same":
        ph, pw = (shape.kh - 1) // 2, (shape.kw - 1) // 2
        xs = np.pad(xs, ((0, 0), (0, 0), (ph, shape.kh - 1 - ph), (pw, shape.kw - 1 - pw)))
    out = np.zeros((shape.n, shape.c_out, oh, ow))
    for i in range(shape.kh):
        for j in range(shape.kw):
            window = xs[:, :, i : i + oh, j : j + ow]
            out += np.einsum("oc,nchw->nohw", ws[:, :, i, j], window)
    return out.reshape(shape.out_shape)
