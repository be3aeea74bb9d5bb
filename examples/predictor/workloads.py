"""The GPU workloads behind the measured rows of the predictor's data set.

Each workload is a function ``(ctx, scale) -> Case``: it allocates its inputs on the device,
and returns what to run (``run``), how to check the last run against a float64 reference on the
same fresh random inputs (``check``, a relative error), and the counts the rates are derived from:

- ``flops``: floating-point operations by the usual convention (2mnk for a matrix product,
  5 N log2 N for a complex FFT, 20 per body pair for N-body, one per special function), 0 where
  the workload does no arithmetic worth counting (copies, sorts, gathers);
- ``nbytes``: the fewest bytes it must move through device memory (each input read once, each
  output written once), so bytes/s is a lower bound of the achieved bandwidth;
- ``working_set``: bytes touched, to tell whether it fits a GPU's L2 cache;
- ``precision``: the arithmetic unit that bounds it: fp32, fp64, fp16 (tensor cores where the
  GPU has them) or none (memory only).

Sizes scale with ``scale`` (1.0 on the GPU; the CPU dry run uses a tiny scale and NumPy).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from examples.predictor import gpu_sources


@dataclass
class Case:
    desc: str
    precision: str
    flops: float
    nbytes: float
    run: Callable[[], Any]
    check: Callable[[], float]
    tol: float
    working_set: float = 0.0
    launches: int = 1

    def __post_init__(self) -> None:
        if self.working_set == 0.0:
            self.working_set = self.nbytes


@dataclass
class Ctx:
    """The array module (CuPy, or NumPy for the dry run), fresh random numbers and, on the GPU,
    the compiled CUDA kernels (``extras``)."""

    xp: Any
    gpu: bool
    seed: int
    extras: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.gpu:
            self.xp.random.seed(self.seed)
        else:
            self._rng = np.random.default_rng(self.seed)

    def normal(self, shape: Any, dtype: Any) -> Any:
        if self.gpu:
            return self.xp.random.standard_normal(shape, dtype=self.xp.float32).astype(dtype)
        return self._rng.standard_normal(shape, dtype=np.float32).astype(dtype)

    def integers(self, low: int, high: int, size: int) -> Any:
        """int32 values in [low, high)."""
        if self.gpu:
            return self.xp.random.randint(low, high, size=size, dtype=self.xp.int32)
        return self._rng.integers(low, high, size=size, dtype=np.int32)


def rel(ctx: Ctx, got: Any, ref: Any) -> float:
    xp = ctx.xp
    got64 = got.astype(xp.float64) if got.dtype.kind != "c" else got.astype(xp.complex128)
    if not bool(xp.isfinite(got64).all()):
        return float("inf")
    den = float(xp.linalg.norm(ref.ravel()))
    return float(xp.linalg.norm((got64 - ref).ravel())) / (den if den > 0 else 1.0)


def side(n: int, scale: float, minimum: int = 16) -> int:
    """A linear size scaled by ``scale`` along one dimension of a 2D problem."""
    return max(minimum, int(n * math.sqrt(scale)) // 16 * 16)


def count(n: int, scale: float, minimum: int = 256) -> int:
    return max(minimum, int(n * scale))


def normal(ctx: Ctx, shape: Any, dtype: Any) -> Any:
    return ctx.normal(shape, dtype)


# --- dense linear algebra --------------------------------------------------------------------


def gemm(n: int, dtype: str) -> Callable[[Ctx, float], Case]:
    def make(ctx: Ctx, scale: float) -> Case:
        xp = ctx.xp
        m = side(n, scale ** (2 / 3))
        a, b = normal(ctx, (m, m), dtype), normal(ctx, (m, m), dtype)
        c = xp.empty((m, m), dtype=dtype)

        def run() -> None:
            xp.matmul(a, b, out=c)

        def check() -> float:
            rows = min(m, 64)  # float64 on the host for a slice: exact enough for any dtype
            ha = np.asarray(_host(a[:rows]), dtype=np.float64)
            ref = ha @ np.asarray(_host(b), dtype=np.float64)
            got = np.asarray(_host(c[:rows]), dtype=np.float64)
            return float(np.linalg.norm(got - ref) / np.linalg.norm(ref))

        size = np.dtype(dtype).itemsize
        prec = {"float32": "fp32", "float64": "fp64", "float16": "fp16"}[dtype]
        tol = {"float32": 1e-4, "float64": 1e-12, "float16": 5e-2}[dtype]
        return Case(f"{m}x{m}x{m} {dtype}", prec, 2.0 * m**3, 3.0 * m * m * size, run, check, tol)

    return make


def batched_gemm(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    batch, m = count(16384, scale, 8), 64
    a, b = normal(ctx, (batch, m, m), "float32"), normal(ctx, (batch, m, m), "float32")
    c = xp.empty_like(a)

    def run() -> None:
        xp.matmul(a, b, out=c)

    def check() -> float:
        return rel(ctx, c, xp.matmul(a.astype(xp.float64), b.astype(xp.float64)))

    return Case(f"{batch} x {m}^3 float32", "fp32", 2.0 * batch * m**3,
                3.0 * a.nbytes, run, check, 1e-5)


def gemv(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    m = side(16384, scale)
    a, x = normal(ctx, (m, m), "float32"), normal(ctx, (m,), "float32")
    y = xp.empty(m, dtype=xp.float32)

    def run() -> None:
        xp.matmul(a, x, out=y)

    def check() -> float:
        return rel(ctx, y, a.astype(xp.float64) @ x.astype(xp.float64))

    return Case(f"{m}x{m} float32", "fp32", 2.0 * m * m, a.nbytes + 2.0 * x.nbytes,
                run, check, 1e-5)


def cholesky(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    m = side(8192, scale ** (2 / 3))
    g = normal(ctx, (m, m), "float64")
    a = g @ g.T + m * xp.eye(m)
    out: dict[str, Any] = {}

    def run() -> None:
        out["l"] = xp.linalg.cholesky(a)

    def check() -> float:
        low = out["l"]
        rows = min(m, 64)
        return rel(ctx, low[:rows] @ low.T, a[:rows])

    return Case(f"{m}x{m} float64", "fp64", m**3 / 3.0, 2.0 * a.nbytes, run, check, 1e-12,
                launches=max(1, m // 256))


# --- memory-bound: reductions, copies, element-wise ------------------------------------------


def reduction(op: str, n: int, dtype: str) -> Callable[[Ctx, float], Case]:
    def make(ctx: Ctx, scale: float) -> Case:
        xp = ctx.xp
        size = count(n, scale)
        x = normal(ctx, (size,), dtype)
        y = normal(ctx, (size,), dtype) if op == "dot" else x  # y is read by dot only
        out: dict[str, Any] = {}
        fns = {"sum": lambda: xp.sum(x), "max": lambda: xp.max(x), "dot": lambda: xp.dot(x, y)}

        def run() -> None:
            out["r"] = fns[op]()

        def check() -> float:
            x64 = x.astype(xp.float64)
            ref = {"sum": lambda: xp.sum(x64), "max": lambda: xp.max(x64),
                   "dot": lambda: xp.dot(x64, y.astype(xp.float64))}[op]()
            got = float(out["r"])
            # relative to the sum of magnitudes: the condition of a sum of random signs
            scale_ = float(xp.sum(xp.abs(x64))) if op != "max" else abs(float(ref))
            return abs(got - float(ref)) / scale_

        flops = {"sum": 1.0, "max": 1.0, "dot": 2.0}[op] * size
        nbytes = (2 if op == "dot" else 1) * x.nbytes
        prec = "fp64" if dtype == "float64" else "fp32"
        return Case(f"{size} {dtype}", prec, flops, nbytes, run, check, 1e-6)

    return make


def copy(n: int) -> Callable[[Ctx, float], Case]:
    def make(ctx: Ctx, scale: float) -> Case:
        xp = ctx.xp
        size = count(n, scale)
        x = normal(ctx, (size,), "float32")
        y = xp.full_like(x, np.nan)

        def run() -> None:
            xp.copyto(y, x)

        def check() -> float:
            return float(xp.count_nonzero(y != x)) / size

        return Case(f"{size * 4 / 2**20:.0f} MiB", "none", 0.0, 2.0 * x.nbytes, run, check, 0.0)

    return make


def transpose(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    m = side(8192, scale)
    x = normal(ctx, (m, m), "float32")
    out: dict[str, Any] = {}

    def run() -> None:
        out["y"] = xp.ascontiguousarray(x.T)

    def check() -> float:
        return float(xp.count_nonzero(out["y"] != x.T)) / x.size

    return Case(f"{m}x{m} float32", "none", 0.0, 2.0 * x.nbytes, run, check, 0.0)


def saxpy(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    size = count(2**28, scale)
    x, y = normal(ctx, (size,), "float32"), normal(ctx, (size,), "float32")
    z = xp.empty_like(x)
    a = np.float32(1.7)

    def run() -> None:
        if ctx.gpu:
            ctx.extras["saxpy"](a, x, y, z)
        else:
            xp.add(a * x, y, out=z)

    def check() -> float:
        return rel(ctx, z, 1.7 * x.astype(xp.float64) + y.astype(xp.float64))

    return Case(f"{size} float32", "fp32", 2.0 * size, 3.0 * x.nbytes, run, check, 1e-6)


def special(ctx: Ctx, scale: float) -> Case:
    """exp, sin and cos per element: the special-function units."""
    xp = ctx.xp
    size = count(2**26, scale)
    x = normal(ctx, (size,), "float32")
    y = xp.empty_like(x)

    def run() -> None:
        if ctx.gpu:
            ctx.extras["special"](x, y)
        else:
            xp.copyto(y, xp.exp(-x * x) * xp.sin(3 * x) + xp.cos(x))

    def check() -> float:
        x64 = x.astype(xp.float64)
        return rel(ctx, y, xp.exp(-x64 * x64) * xp.sin(3 * x64) + xp.cos(x64))

    return Case(f"{size} float32", "fp32", 8.0 * size, 2.0 * x.nbytes, run, check, 1e-5)


def cumsum(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    size = count(2**27, scale)
    x = normal(ctx, (size,), "float32")
    y = xp.empty_like(x)

    def run() -> None:
        xp.cumsum(x, out=y)

    def check() -> float:
        ref = xp.cumsum(x.astype(xp.float64))
        return float(xp.max(xp.abs(y - ref))) / float(xp.sum(xp.abs(x.astype(xp.float64))))

    return Case(f"{size} float32", "fp32", float(size), 2.0 * x.nbytes, run, check, 1e-6,
                launches=3)


def _host(a: Any) -> np.ndarray:
    return a.get() if hasattr(a, "get") else np.asarray(a)


# --- irregular: sort, gather, histogram, sparse, random --------------------------------------


def sort(dtype: str) -> Callable[[Ctx, float], Case]:
    def make(ctx: Ctx, scale: float) -> Case:
        xp = ctx.xp
        size = count(2**26, scale)
        if dtype == "int32":
            x = ctx.integers(-(2**30), 2**30, size)
        else:
            x = normal(ctx, (size,), dtype)
        out: dict[str, Any] = {}

        def run() -> None:
            out["y"] = xp.sort(x)

        def check() -> float:
            ref = xp.sort(x.astype(xp.float64))
            return float(xp.count_nonzero(out["y"].astype(xp.float64) != ref)) / size

        return Case(f"{size} {dtype}", "none", 0.0, 2.0 * x.nbytes, run, check, 0.0, launches=8)

    return make


def gather(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    size = count(2**26, scale)
    x = normal(ctx, (size,), "float32")
    idx = ctx.integers(0, size, size)
    y = xp.empty_like(x)

    def run() -> None:
        xp.take(x, idx, out=y)

    def check() -> float:
        k = min(size, 1 << 20)
        hx, hi, hy = _host(x), _host(idx[:k]), _host(y[:k])
        return float(np.count_nonzero(hx[hi] != hy)) / k

    return Case(f"{size} float32, random int32 indices", "none", 0.0, 3.0 * x.nbytes,
                run, check, 0.0)


def histogram(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    size = count(2**26, scale)
    idx = ctx.integers(0, 1024, size)
    out: dict[str, Any] = {}

    def run() -> None:
        out["h"] = xp.bincount(idx, minlength=1024)

    def check() -> float:
        ref = np.bincount(_host(idx), minlength=1024)
        return float(np.abs(_host(out["h"]) - ref).sum()) / size

    return Case(f"{size} int32 into 1024 bins", "none", 0.0, float(idx.nbytes), run, check, 0.0)


def random_normal(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    size = count(2**27, scale)
    out: dict[str, Any] = {}

    def run() -> None:
        out["y"] = ctx.normal(size, xp.float32)

    def check() -> float:  # moments of N(0, 1), within a few standard errors
        y64 = out["y"].astype(xp.float64)
        return abs(float(y64.mean())) + abs(float(y64.std()) - 1.0)

    return Case(f"{size} float32", "fp32", 0.0, 4.0 * size, run, check,
                10.0 / math.sqrt(size))


def spmv(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    rows, per_row = count(2**22, scale), 16
    nnz = rows * per_row
    indptr = xp.arange(0, nnz + 1, per_row, dtype=xp.int32)
    indices = ctx.integers(0, rows, nnz)
    data = normal(ctx, (nnz,), "float32")
    x = normal(ctx, (rows,), "float32")
    sparse = ctx.extras["sparse"]
    a = sparse.csr_matrix((data, indices, indptr), shape=(rows, rows))
    out: dict[str, Any] = {}

    def run() -> None:
        out["y"] = a @ x

    def check() -> float:
        prod = data.astype(xp.float64) * x.astype(xp.float64)[indices]
        ref = prod.reshape(rows, per_row).sum(axis=1)
        return rel(ctx, out["y"], ref)

    nbytes = nnz * 8.0 + (rows + 1) * 4.0 + 2 * x.nbytes
    return Case(f"{rows} rows, {per_row} nnz/row, float32", "fp32", 2.0 * nnz, nbytes,
                run, check, 1e-5)


# --- FFT -------------------------------------------------------------------------------------


def fft2(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    m = side(4096, scale)
    x = (normal(ctx, (m, m), "float32") + 1j * normal(ctx, (m, m), "float32")).astype(
        xp.complex64)
    out: dict[str, Any] = {}

    def run() -> None:
        out["y"] = xp.fft.fft2(x)

    def check() -> float:
        return rel(ctx, out["y"], xp.fft.fft2(x.astype(xp.complex128)))

    n = m * m
    return Case(f"{m}x{m} complex64", "fp32", 5.0 * n * math.log2(n), 2.0 * x.nbytes,
                run, check, 1e-5, launches=2)


def fft1(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    n = 1 << max(8, int(math.log2(count(2**24, scale))))
    x = (normal(ctx, (n,), "float64") + 1j * normal(ctx, (n,), "float64")).astype(xp.complex128)
    out: dict[str, Any] = {}

    def run() -> None:
        out["y"] = xp.fft.fft(x)

    def check() -> float:  # the inverse transform gives the input back
        return rel(ctx, xp.fft.ifft(out["y"]), x)

    return Case(f"{n} complex128", "fp64", 5.0 * n * math.log2(n), 2.0 * x.nbytes,
                run, check, 1e-12, launches=3)


# --- stencils and N-body (CUDA C in gpu_sources) ---------------------------------------------


def stencil2d(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    m = side(8192, scale)
    u = normal(ctx, (m, m), "float32")
    v = xp.full_like(u, np.nan)

    def run() -> None:
        if ctx.gpu:
            gpu_sources.launch_stencil2d(ctx.extras["stencil2d"], u, v)
        else:
            gpu_sources.stencil2d_reference(u, v)

    def check() -> float:
        ref = xp.empty((m, m), dtype=xp.float64)
        gpu_sources.stencil2d_reference(u.astype(xp.float64), ref)
        return rel(ctx, v, ref)

    return Case(f"{m}x{m} float32, 5-point", "fp32", 6.0 * m * m, 2.0 * u.nbytes,
                run, check, 1e-6)


def stencil3d(dtype: str) -> Callable[[Ctx, float], Case]:
    def make(ctx: Ctx, scale: float) -> Case:
        xp = ctx.xp
        m = max(16, int(512 * scale ** (1 / 3)))
        u = normal(ctx, (m, m, m), dtype)
        v = xp.full_like(u, np.nan)

        def run() -> None:
            if ctx.gpu:
                gpu_sources.launch_stencil3d(ctx.extras[f"stencil3d_{dtype}"], u, v)
            else:
                gpu_sources.stencil3d_reference(u, v)

        def check() -> float:
            ref = xp.empty(u.shape, dtype=xp.float64)
            gpu_sources.stencil3d_reference(u.astype(xp.float64), ref)
            return rel(ctx, v, ref)

        prec = "fp64" if dtype == "float64" else "fp32"
        tol = 1e-12 if dtype == "float64" else 1e-6
        return Case(f"{m}^3 {dtype}, 7-point", prec, 8.0 * m**3, 2.0 * u.nbytes, run, check, tol)

    return make


def nbody(ctx: Ctx, scale: float) -> Case:
    xp = ctx.xp
    n = count(32768, scale, 256) // 256 * 256
    pos = normal(ctx, (n, 4), "float32")
    pos[:, 3] = xp.abs(pos[:, 3]) + 0.1  # masses
    acc = xp.full((n, 4), np.nan, dtype=xp.float32)

    def run() -> None:
        if ctx.gpu:
            gpu_sources.launch_nbody(ctx.extras["nbody"], pos, acc)
        else:
            gpu_sources.nbody_reference(pos, acc)

    def check() -> float:
        k = min(n, 256)
        ref = xp.empty((k, 4), dtype=xp.float64)
        gpu_sources.nbody_reference(pos.astype(xp.float64), ref, rows=k)
        return rel(ctx, acc[:k, :3], ref[:, :3])

    return Case(f"{n} bodies float32", "fp32", 20.0 * n * n, 2.0 * pos.nbytes, run, check, 1e-4)
