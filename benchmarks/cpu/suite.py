"""The CPU kernels: what each one is, its inputs (quick and full sizes) and how to check it.

A `Problem` holds the arguments every tool is called with (the same typed-Python signature for
all), which of them the kernel updates in place (reset from a pristine copy before each call)
and how to read its result for the cross-check.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from benchmarks.cpu import kernels, numpy_kernels

Result = list[Any]


def aligned_copy(a: np.ndarray, align: int = 64, shift: int = 0) -> np.ndarray:
    """A C-order copy of `a` starting `shift` bytes past an `align`-byte boundary."""
    buf = np.empty(a.nbytes + align + shift, dtype=np.uint8)
    offset = (-buf.ctypes.data) % align + shift
    out = buf[offset:offset + a.nbytes].view(a.dtype).reshape(a.shape)
    np.copyto(out, a)
    return out


@dataclass
class Problem:
    args: tuple[Any, ...]
    inout: tuple[int, ...]  # arguments whose input values matter and that the kernel updates
    outputs: tuple[int, ...]  # arguments that hold the result (besides the return value)
    size: str  # for the report

    def fresh_args(self, rng: np.random.Generator | None = None) -> tuple[Any, ...]:
        """A copy of the arguments, arrays 64-byte aligned (at a random multiple of 64 bytes
        into a 4 KiB page when `rng` is given)."""
        return tuple(aligned_copy(a, shift=0 if rng is None else 64 * int(rng.integers(64)))
                     if isinstance(a, np.ndarray) else a for a in self.args)

    def reset(self, work: tuple[Any, ...]) -> None:
        for k in self.inout:
            np.copyto(work[k], self.args[k])

    def result(self, ret: Any, work: tuple[Any, ...]) -> Result:
        return ([] if ret is None else [ret]) + [work[k].copy() for k in self.outputs]


@dataclass(frozen=True)
class Kernel:
    name: str
    kind: str
    setup: Callable[[np.random.Generator, bool], Problem]
    numpy: Callable[..., Any] | None = None
    helpers: tuple[str, ...] = ()  # module functions the kernel calls (for Numba and Pyccel)
    rtol: float = 1e-10  # for NumPy versions that sum in another order
    twin_exact: bool = True  # False: the Python calls BLAS, the hand-written twin loops
    notes: str = ""

    @property
    def python(self) -> Callable[..., Any]:
        return getattr(kernels, self.name)


def _matmul(rng: np.random.Generator, quick: bool) -> Problem:
    n = 48 if quick else 128
    a, b = rng.random((n, n + 3)), rng.random((n + 3, n - 1))
    return Problem((a, b, np.zeros((n, n - 1))), (), (2,), f"{n}x{n + 3} @ {n + 3}x{n - 1}")


def _jacobi2d(rng: np.random.Generator, quick: bool) -> Problem:
    n, sweeps = (40, 5) if quick else (256, 10)
    u = rng.random((n, n + 1))
    return Problem((u, u.copy(), sweeps), (0, 1), (0,), f"{n}x{n + 1}, {2 * sweeps} sweeps")


def _nbody(rng: np.random.Generator, quick: bool) -> Problem:
    n = 150 if quick else 800
    pos, mass = rng.standard_normal((n, 3)), rng.random(n) + 0.5
    return Problem((pos, mass, np.zeros((n, 3))), (), (2,), f"{n} bodies")


def _mandelbrot(rng: np.random.Generator, quick: bool) -> Problem:
    n, maxiter = (48, 64) if quick else (200, 100)
    xs = np.linspace(-2.1, 0.7, n) + rng.uniform(-1e-3, 1e-3)
    ys = np.linspace(-1.2, 1.2, n + 1) + rng.uniform(-1e-3, 1e-3)
    return Problem((xs, ys, maxiter, np.zeros((n + 1, n), dtype=np.int64)), (), (3,),
                   f"{n + 1}x{n} points, maxiter {maxiter}")


def _floyd(rng: np.random.Generator, quick: bool) -> Problem:
    n = 48 if quick else 128
    d = rng.random((n, n)) * 10.0
    d[rng.random((n, n)) < 0.7] = np.inf  # a sparse graph: most pairs start unconnected
    np.fill_diagonal(d, 0.0)
    return Problem((d,), (0,), (0,), f"{n} nodes")


def _branchy(rng: np.random.Generator, quick: bool) -> Problem:
    n = 20_000 if quick else 2_000_000
    x = rng.random(n)
    return Problem((x, np.zeros(n)), (), (1,), f"{n:,} values")


def _heat1d(rng: np.random.Generator, quick: bool) -> Problem:
    n, sweeps = (5000, 5) if quick else (100_000, 8)
    u = rng.random(n)
    return Problem((u, u.copy(), 0.25, sweeps), (0, 1), (0,), f"{n:,} cells, {2 * sweeps} steps")


def _jacobi3d(rng: np.random.Generator, quick: bool) -> Problem:
    n, sweeps = (16, 2) if quick else (48, 4)
    u = rng.random((n, n + 1, n + 2))
    return Problem((u, u.copy(), sweeps), (0, 1), (0,),
                   f"{n}x{n + 1}x{n + 2}, {2 * sweeps} sweeps")


def _fib(rng: np.random.Generator, quick: bool) -> Problem:
    n = (18 if quick else 27) + int(rng.integers(0, 2))
    return Problem((n,), (), (), f"fib({n})")


def _rk4(rng: np.random.Generator, quick: bool) -> Problem:
    steps = 5000 if quick else 500_000
    x0, v0 = rng.uniform(-2, 2, 2)
    return Problem((float(x0), float(v0), 1.5, 1e-3, np.zeros((steps, 2))), (), (4,),
                   f"{steps:,} steps")


def _dot(rng: np.random.Generator, quick: bool) -> Problem:
    n = 50_000 if quick else 3_000_000
    return Problem((rng.random(n), rng.random(n)), (), (), f"{n:,} values")


def random_csr(rng: np.random.Generator, n: int, degree: int) -> tuple[np.ndarray, np.ndarray]:
    """A random directed graph as CSR (indptr, indices), node ids 0..n-1.

    `degree` random out-edges per node on average, plus the ring i -> i + 1 so that every node
    is reachable from any source.
    """
    ring = np.arange(n)
    src = np.concatenate([rng.integers(0, n, n * degree), ring])
    dst = np.concatenate([rng.integers(0, n, n * degree), (ring + 1) % n])
    order = np.argsort(src, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr, dst[order].astype(np.int64)


def _bfs(rng: np.random.Generator, quick: bool) -> Problem:
    n = 5000 if quick else 300_000
    indptr, indices = random_csr(rng, n, 4)
    source = int(rng.integers(0, n))
    return Problem((indptr, indices, source, np.zeros(n, np.int64), np.zeros(n, np.int64)),
                   (), (3,), f"{n:,} nodes, {len(indices):,} edges")


def _histogram(rng: np.random.Generator, quick: bool) -> Problem:
    n = 50_000 if quick else 2_000_000
    x = rng.standard_normal(n)
    return Problem((x, -2.5, 2.5, np.zeros(256, np.int64)), (), (3,), f"{n:,} values, 256 bins")


def _power(rng: np.random.Generator, quick: bool) -> Problem:
    n = 60 if quick else 400
    a = rng.standard_normal((n, n + 1))
    a = a[:, :n] @ a[:, :n].T / n  # symmetric: a dominant real eigenvalue
    steps = 20 if quick else 200
    return Problem((a, rng.standard_normal(n), steps), (1,), (1,), f"{n}x{n}, {steps} steps")


def _rotations(rng: np.random.Generator, quick: bool) -> Problem:
    n = 2000 if quick else 100_000
    angle = rng.uniform(0.0, 0.1)
    turns = 20 if quick else 200
    return Problem((rng.standard_normal((n, 2)), math.cos(angle), math.sin(angle), turns),
                   (0,), (0,), f"{n:,} points, {turns} turns")


KERNELS: tuple[Kernel, ...] = (
    Kernel("matmul", "dense linear algebra", _matmul, numpy_kernels.matmul,
           notes="NumPy calls BLAS"),
    Kernel("jacobi2d", "2D stencil", _jacobi2d, numpy_kernels.jacobi2d),
    Kernel("nbody_forces", "particle interactions", _nbody, numpy_kernels.nbody_forces),
    Kernel("mandelbrot", "data-dependent while loop", _mandelbrot, numpy_kernels.mandelbrot),
    Kernel("floyd_warshall", "graph (dense, all pairs)", _floyd, numpy_kernels.floyd_warshall),
    Kernel("branchy", "data-dependent branch", _branchy, numpy_kernels.branchy),
    Kernel("heat1d", "1D stencil", _heat1d, numpy_kernels.heat1d),
    Kernel("jacobi3d", "3D stencil", _jacobi3d, numpy_kernels.jacobi3d),
    Kernel("fib", "recursion", _fib),
    Kernel("rk4_vdp", "ODE integrator (RK4)", _rk4, helpers=("vdp_accel",)),
    Kernel("dot", "reduction", _dot, numpy_kernels.dot, notes="NumPy calls BLAS"),
    Kernel("bfs", "graph (sparse, BFS)", _bfs),
    Kernel("histogram", "scatter with data-dependent index", _histogram,
           numpy_kernels.histogram),
    Kernel("power_iteration", "@ and np.dot in a loop", _power, numpy_kernels.power_iteration,
           notes="NumPy, and transpyle, call BLAS", twin_exact=False),
    Kernel("rotations", "tuple returns in the hot loop", _rotations, helpers=("rotate",)),
)


def by_name(names: list[str] | None) -> list[Kernel]:
    if not names:
        return list(KERNELS)
    known = {k.name: k for k in KERNELS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown kernel(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in names]


def agree(kernel: Kernel, ref: Result, got: Result, exact: bool) -> str | None:
    """None when `got` matches the reference; otherwise what differs."""
    if len(ref) != len(got):
        return f"{len(got)} results, expected {len(ref)}"
    for k, (r, g) in enumerate(zip(ref, got, strict=True)):
        r_arr, g_arr = np.asarray(r), np.asarray(g)
        if r_arr.shape != g_arr.shape:
            return f"result {k}: shape {g_arr.shape}, expected {r_arr.shape}"
        if exact or r_arr.dtype.kind in "iub":
            bad = int(np.count_nonzero(~((r_arr == g_arr) | (np.isnan(r_arr) & np.isnan(g_arr))
                                         if r_arr.dtype.kind == "f" else r_arr == g_arr)))
        else:
            bad = int(np.count_nonzero(~np.isclose(g_arr, r_arr, rtol=kernel.rtol, atol=1e-12)))
        if bad:
            return f"result {k}: {bad} of {r_arr.size} values differ"
    return None
