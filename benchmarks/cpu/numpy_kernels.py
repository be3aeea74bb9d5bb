"""NumPy versions of the kernels where whole-array NumPy is the natural way to write them.

Same signatures as benchmarks/cpu/kernels.py, so every tool is called with the same arguments.
matmul and dot call BLAS (a different algorithm and summation order from the naive loops);
the others do the same arithmetic as the loops, vectorised.
"""

from __future__ import annotations

import numpy as np


def matmul(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> None:
    np.matmul(a, b, out=c)


def jacobi2d(u: np.ndarray, tmp: np.ndarray, sweeps: int) -> None:
    for _ in range(sweeps):
        for src, dst in ((u, tmp), (tmp, u)):
            dst[1:-1, 1:-1] = 0.25 * (src[:-2, 1:-1] + src[2:, 1:-1]
                                      + src[1:-1, :-2] + src[1:-1, 2:])


def nbody_forces(pos: np.ndarray, mass: np.ndarray, force: np.ndarray) -> None:
    d = pos[None, :, :] - pos[:, None, :]  # d[i, j] = pos[j] - pos[i]
    r2 = (d[..., 0] * d[..., 0] + d[..., 1] * d[..., 1] + d[..., 2] * d[..., 2]) + 0.0001
    w = mass[None, :] / (r2 * np.sqrt(r2))
    force[:] = mass[:, None] * np.einsum("ij,ijk->ik", w, d)


def mandelbrot(xs: np.ndarray, ys: np.ndarray, maxiter: int, counts: np.ndarray) -> None:
    cr = np.broadcast_to(xs[None, :], counts.shape).copy()
    ci = np.broadcast_to(ys[:, None], counts.shape).copy()
    zr = np.zeros(counts.shape)
    zi = np.zeros(counts.shape)
    counts[:] = 0
    active = np.ones(counts.shape, dtype=bool)
    for _ in range(maxiter):
        active &= zr * zr + zi * zi <= 4.0
        if not active.any():
            break
        t = zr * zr - zi * zi + cr
        zi = np.where(active, 2.0 * zr * zi + ci, zi)
        zr = np.where(active, t, zr)
        counts += active


def floyd_warshall(d: np.ndarray) -> None:
    for k in range(d.shape[0]):
        np.minimum(d, d[:, k, None] + d[None, k, :], out=d)


def branchy(x: np.ndarray, out: np.ndarray) -> float:
    out[:] = np.select([x < 0.25, x < 0.5, x < 0.75],
                       [x * x, np.sqrt(x), 1.0 - x], 3.0 * x - 2.0)
    return float(out.sum())


def heat1d(u: np.ndarray, tmp: np.ndarray, r: float, sweeps: int) -> None:
    for _ in range(sweeps):
        for src, dst in ((u, tmp), (tmp, u)):
            dst[1:-1] = src[1:-1] + r * (src[:-2] - 2.0 * src[1:-1] + src[2:])


def jacobi3d(u: np.ndarray, tmp: np.ndarray, sweeps: int) -> None:
    c = 1.0 / 6.0
    for _ in range(sweeps):
        for s, dst in ((u, tmp), (tmp, u)):
            dst[1:-1, 1:-1, 1:-1] = c * (s[:-2, 1:-1, 1:-1] + s[2:, 1:-1, 1:-1]
                                         + s[1:-1, :-2, 1:-1] + s[1:-1, 2:, 1:-1]
                                         + s[1:-1, 1:-1, :-2] + s[1:-1, 1:-1, 2:])


def dot(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.dot(x, y))


def histogram(x: np.ndarray, lo: float, hi: float, counts: np.ndarray) -> None:
    nb = len(counts)
    b = ((x - lo) * (nb / (hi - lo))).astype(np.int64)  # truncation, as int() does
    counts[:] = np.bincount(b[(b >= 0) & (b < nb)], minlength=nb)


def add(a: int, b: int) -> int:
    return a + b


def power_iteration(a: np.ndarray, v: np.ndarray, iters: int) -> float:
    lam = 0.0
    for _ in range(iters):
        w = a @ v
        lam = np.sqrt(w @ w)
        v[:] = w / lam
    return float(lam)
