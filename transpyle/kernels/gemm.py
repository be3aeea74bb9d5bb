"""Strict float32 matrix products on the GPU with no cuBLAS call: safe inside a CUDA graph.

CuPy refuses every cuBLAS call while a stream captures a graph (``cupy.matmul``, ``@``,
``dot`` and ``tensordot`` all go through cuBLAS), so code that is to be captured multiplies
with these instead:

* ``matmul(a, b)``: ``a (M, K)`` times ``b (K, N)`` or a batch ``b (B, K, N)`` (``cupy.matmul``'s
  result, C-contiguous);
* ``tensordot(a, b, axes)``: as ``numpy.tensordot``, the result's axes a's free axes then b's.

Operands may have any strides (transposes, sliding-window views cost no copy): each of the
three index ranges of the product (a's free axes, b's free axes, the contracted axes) is up to
three array axes after adjacent axes that are one in memory are merged. The arithmetic is
float32 FMA, every output's sum over k in increasing order; a long reduction with few outputs
is split (split-K) and the splits' partial sums are added in a fixed order by a second kernel:
the result is the same bits on every run, eager or replayed from a graph, and within float32's
rounding of a sum of K products (the tests compare with float64 on random odd shapes).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from transpyle.backends.cuda import emit
from transpyle.kernels.common import check_fields, fail, require_device_array
from transpyle.runtime import gpu

MODES = ("tile", "reduce")
SMS = 132  # multiprocessors of an H100 SXM / H200: a split-K aims at two blocks each
BK = 16
MIN_SPLIT_TILES = 4  # at least 4 * BK products of a sum per split
AXES = 3  # array axes per index range
INT32_MAX = 2**31 - 1

Dim = tuple[int, int, int]  # (size, stride in the first operand, stride in the second)


@dataclass(frozen=True, slots=True)
class GemmDesc:
    """A ``bm`` x ``bn`` output tile per block, ``tm`` x ``tn`` per thread, ``bk`` products of
    the sum per shared-memory step; ``a_kfast`` / ``b_kfast``: the loads run along k (that
    operand's k axis is the contiguous one). ``mode="reduce"``: the split-K sum (no tile)."""

    mode: str = "tile"
    bm: int = 64
    bn: int = 64
    bk: int = BK
    tm: int = 4
    tn: int = 4
    a_kfast: bool = False
    b_kfast: bool = False

    def __post_init__(self) -> None:
        check_fields(self, "gemm")
        if self.mode not in MODES:
            raise fail(f"gemm mode must be 'tile' or 'reduce', not {self.mode!r}")
        if self.mode == "reduce":
            return
        if (self.bm not in (16, 32, 64, 128) or self.bn not in (16, 32, 64, 128)
                or self.tm not in (1, 2, 4, 8) or self.tn not in (1, 2, 4, 8)
                or self.bm % self.tm or self.bn % self.tn or self.bk not in (8, 16, 32)):
            raise fail(f"gemm tile {self.bm}x{self.bn}x{self.bk}, {self.tm}x{self.tn} a thread: "
                       "bm, bn 16 to 128, tm, tn 1 to 8 dividing them, bk 8, 16 or 32")
        if not 64 <= self.threads <= 256 or self.threads < self.bk:
            raise fail(f"gemm tile {self.bm}x{self.bn} with {self.tm}x{self.tn} a thread takes "
                       f"{self.threads} threads; 64 to 256 (and at least bk)")

    @property
    def threads(self) -> int:
        return 256 if self.mode == "reduce" else (self.bm // self.tm) * (self.bn // self.tn)

    @property
    def template(self) -> str:
        return "gemm.cu.j2"

    @property
    def kernel_name(self) -> str:
        if self.mode == "reduce":
            return "gemm_splitk_reduce"
        order = ("k" if self.a_kfast else "m") + ("k" if self.b_kfast else "n")
        return (f"gemm_f32_t{self.bm}x{self.bn}x{self.bk}_r{self.tm}x{self.tn}_{order}")

    def context(self) -> dict[str, Any]:
        return {"description": repr(self), "mode": self.mode, "bm": self.bm, "bn": self.bn,
                "bk": self.bk, "tm": self.tm, "tn": self.tn, "a_kfast": self.a_kfast,
                "b_kfast": self.b_kfast}


def tile_side(extent: int) -> int:
    """16, 32 or 64 outputs a block along a range of ``extent`` (16 threads along it)."""
    return 16 if extent <= 16 else 32 if extent <= 32 else 64


def plan(m: int, n: int, k: int, a_kfast: bool = False,
         b_kfast: bool = False) -> tuple[GemmDesc, int, int]:
    """(tile description, splits, reduction tiles a split) for an (m, n, k) product: 16 x 16
    threads, split-K when the output tiles fill fewer than the multiprocessors and the sum is
    long (each split at least MIN_SPLIT_TILES tiles); a function of the shape alone."""
    bm, bn = tile_side(m), tile_side(n)
    desc = GemmDesc("tile", bm, bn, BK, bm // 16, bn // 16, a_kfast, b_kfast)
    blocks = -(-m // bm) * -(-n // bn)
    tiles = max(1, -(-k // BK))
    if blocks >= SMS or tiles < 2 * MIN_SPLIT_TILES:
        return desc, 1, tiles
    want = -(-2 * SMS // blocks)
    per = max(MIN_SPLIT_TILES, -(-tiles // want))
    return desc, -(-tiles // per), per


def merge(dims: list[Dim]) -> list[Dim]:
    """Drop axes of size 1 and merge an axis into the next one out where both operands step
    over it as one (outer stride = inner stride * inner size); outermost first."""
    out: list[Dim] = []
    for size, s0, s1 in dims:
        if size == 1:
            continue
        if out:
            o_size, o0, o1 = out[-1]
            if o0 == s0 * size and o1 == s1 * size:
                out[-1] = (o_size * size, s0, s1)
                continue
        out.append((size, s0, s1))
    return out


def _pad(dims: list[Dim], what: str) -> list[Dim]:
    if len(dims) > AXES:
        raise fail(f"the GPU matrix product takes at most {AXES} array axes for {what} (after "
                   f"merging adjacent ones); got {len(dims)}",
                   hint="make the operand contiguous first (cupy.ascontiguousarray)")
    return [(1, 0, 0)] * (AXES - len(dims)) + dims


def _extent(dims: list[Dim], which: int) -> int:
    return sum(abs(d[1 + which]) * (d[0] - 1) for d in dims)


def layout(m_dims: list[Dim], n_dims: list[Dim], k_dims: list[Dim], splits: int,
           per: int) -> np.ndarray:
    """The kernels' ``Layout`` struct (32 int32 values, passed by value)."""
    values: list[int] = []
    for dims in (m_dims, n_dims, k_dims):
        for field in range(3):
            values += [d[field] for d in dims]
    values += [int(np.prod([d[0] for d in dims])) for dims in (m_dims, n_dims, k_dims)]
    values += [splits, per]
    return gpu.struct_argument(np.asarray(values, dtype=np.int64), np.int32)


@functools.lru_cache(maxsize=32)
def kernel_for(desc: GemmDesc) -> Any:
    return gpu.get_kernel(emit(desc), gpu.COMPILE_OPTIONS)


@dataclass(frozen=True, slots=True)
class Launch:
    """Everything a repeated call needs: planned and compiled once per operand layout."""

    desc: GemmDesc
    grid: tuple[int, int, int]
    splits: int
    struct: np.ndarray
    shape: tuple[int, ...]
    mnk: tuple[int, int, int]
    kernel: Any  # the tile kernel, None where the result is empty
    reduce: Any  # the split-K sum, None for one split


def _plan_launch(m_dims: list[Dim], n_dims: list[Dim], k_dims: list[Dim],
                 shape: tuple[int, ...]) -> Launch:
    """m_dims: (size, stride in a, in c); n_dims: (size, in b, in c); k_dims: (size, in a, in b);
    strides in elements."""
    m_dims, n_dims, k_dims = merge(m_dims), merge(n_dims), merge(k_dims)
    for dims, what in ((m_dims, "a's free axes"), (n_dims, "b's free axes"),
                       (k_dims, "the contracted axes")):
        _pad(dims, what)
    for operand, parts in (("a", ((m_dims, 0), (k_dims, 0))), ("b", ((n_dims, 0), (k_dims, 1))),
                           ("the result", ((m_dims, 1), (n_dims, 1)))):
        if sum(_extent(d, w) for d, w in parts) > INT32_MAX:
            raise fail(f"{operand} spans more than 2**31 elements: too large for the GPU "
                       "matrix product's 32-bit offsets", hint="split the product")
    mnk = tuple(int(np.prod([d[0] for d in dims])) for dims in (m_dims, n_dims, k_dims))
    m, n, k = mnk
    if m * n > INT32_MAX:
        raise fail(f"a {m} x {n} result is too large for the GPU matrix product")
    a_kfast = bool(k_dims) and abs(k_dims[-1][1]) == 1 and not (m_dims and abs(m_dims[-1][1]) == 1)
    b_kfast = bool(k_dims) and abs(k_dims[-1][2]) == 1 and not (n_dims and abs(n_dims[-1][1]) == 1)
    desc, splits, per = plan(m, n, k, a_kfast, b_kfast)
    struct = layout(_pad(m_dims, ""), _pad(n_dims, ""), _pad(k_dims, ""), splits, per)
    grid = (-(-n // desc.bn), -(-m // desc.bm), splits)
    if grid[1] > 65535 or splits > 65535:
        raise fail(f"a result of {m} rows is too tall for the GPU matrix product's grid",
                   hint="split the product")
    empty = m * n == 0 or k == 0
    return Launch(desc, grid, splits, struct, shape, (m, n, k),
                  None if empty else kernel_for(desc),
                  None if empty or splits == 1 else kernel_for(GemmDesc("reduce")))


def _run(cp: Any, launch: Launch, a: Any, b: Any) -> Any:
    out = cp.empty(launch.shape, dtype=np.float32)
    m, n, k = launch.mnk
    if m * n == 0:
        return out
    if k == 0:
        out.fill(0)
        return out
    target = out if launch.splits == 1 else cp.empty((launch.splits, m, n), dtype=np.float32)
    launch.kernel(launch.grid, (launch.desc.threads, 1, 1), (a, b, target, launch.struct))
    if launch.reduce is not None:
        launch.reduce((-(-(m * n) // 256), 1, 1), (256, 1, 1), (target, out, launch.struct))
    return out


_LAUNCHES: dict[tuple, Launch] = {}


def _check(a: Any, b: Any) -> Any:
    cp = require_device_array(a, "a")
    require_device_array(b, "b")
    for arr, what in ((a, "a"), (b, "b")):
        if arr.dtype != np.float32:
            raise fail(f"{what} has dtype {arr.dtype}; the GPU matrix product is float32",
                       hint="use cupy.matmul / cupy.tensordot for other dtypes (cuBLAS)")
    return cp


def _elements(arr: Any) -> tuple[int, ...]:
    return tuple(int(s) // arr.itemsize for s in arr.strides)


def _cached(key: tuple, build: Any) -> Launch:
    hit = _LAUNCHES.get(key)
    if hit is None:
        hit = build()
        if len(_LAUNCHES) > 256:
            _LAUNCHES.clear()
        _LAUNCHES[key] = hit
    return hit


def matmul(a: Any, b: Any) -> Any:
    """``a (M, K) @ b (K, N)`` or, for ``b (B, K, N)``, the batch ``(B, M, N)``; CuPy float32
    arrays of any strides; a new C-contiguous result."""
    cp = _check(a, b)
    if a.ndim != 2 or b.ndim not in (2, 3):
        raise fail(f"matmul takes a (M, K) and b (K, N) or (B, K, N); got shapes "
                   f"{tuple(a.shape)} and {tuple(b.shape)}")
    if a.shape[1] != b.shape[-2]:
        raise fail(f"matmul: a {tuple(a.shape)} and b {tuple(b.shape)} do not chain")

    def build() -> Launch:
        m, k = (int(v) for v in a.shape)
        n = int(b.shape[-1])
        sa, sb = _elements(a), _elements(b)
        batch = [(int(b.shape[0]), sb[0], m * n)] if b.ndim == 3 else []
        return _plan_launch([(m, sa[0], n)], [*batch, (n, sb[-1], 1)], [(k, sa[1], sb[-2])],
                            (*b.shape[:-2], m, n))

    key = ("matmul", a.shape, a.strides, b.shape, b.strides)
    return _run(cp, _cached(key, build), a, b)


def _axes(axes: Any, a_ndim: int) -> tuple[list[int], list[int]]:
    if isinstance(axes, int | np.integer):
        count = int(axes)
        return list(range(a_ndim - count, a_ndim)), list(range(count))
    a_axes, b_axes = axes
    a_axes = [a_axes] if isinstance(a_axes, int | np.integer) else list(a_axes)
    b_axes = [b_axes] if isinstance(b_axes, int | np.integer) else list(b_axes)
    return [int(v) for v in a_axes], [int(v) for v in b_axes]


def tensordot(a: Any, b: Any, axes: Any = 2) -> Any:
    """``numpy.tensordot(a, b, axes)`` for CuPy float32 arrays of any strides (a new
    C-contiguous result, a's free axes then b's)."""
    cp = _check(a, b)
    a_axes, b_axes = _axes(axes, a.ndim)

    def build() -> Launch:
        if len(a_axes) != len(b_axes):
            raise fail(f"tensordot: {len(a_axes)} axes of a against {len(b_axes)} of b")
        ax = [v % a.ndim for v in a_axes]
        bx = [v % b.ndim for v in b_axes]
        if len(set(ax)) != len(ax) or len(set(bx)) != len(bx):
            raise fail("tensordot: an axis is contracted twice")
        for i, j in zip(ax, bx, strict=True):
            if a.shape[i] != b.shape[j]:
                raise fail(f"tensordot: axis {i} of a (size {a.shape[i]}) against axis {j} "
                           f"of b (size {b.shape[j]})")
        sa, sb = _elements(a), _elements(b)
        a_free = [i for i in range(a.ndim) if i not in ax]
        b_free = [j for j in range(b.ndim) if j not in bx]
        shape = tuple(int(a.shape[i]) for i in a_free) + tuple(int(b.shape[j]) for j in b_free)
        c_strides = [int(np.prod(shape[i + 1:])) for i in range(len(shape))]
        m_dims = [(int(a.shape[i]), sa[i], c_strides[p]) for p, i in enumerate(a_free)]
        n_dims = [(int(b.shape[j]), sb[j], c_strides[len(a_free) + p])
                  for p, j in enumerate(b_free)]
        k_dims = [(int(a.shape[i]), sa[i], sb[j]) for i, j in zip(ax, bx, strict=True)]
        return _plan_launch(m_dims, n_dims, k_dims, shape)

    key = ("tensordot", a.shape, a.strides, b.shape, b.strides, tuple(a_axes), tuple(b_axes))
    return _run(cp, _cached(key, build), a, b)


DEFAULT_VARIANTS: tuple[GemmDesc, ...] = (
    GemmDesc("tile", 64, 64, BK, 4, 4, False, False),
    GemmDesc("tile", 64, 64, BK, 4, 4, True, True),
    GemmDesc("tile", 32, 32, BK, 2, 2, True, False),
    GemmDesc("tile", 16, 64, BK, 1, 4, True, True),
    GemmDesc("tile", 64, 16, BK, 4, 1, False, True),
    GemmDesc("tile", 16, 16, BK, 1, 1, False, False),
    GemmDesc("reduce"),
)
