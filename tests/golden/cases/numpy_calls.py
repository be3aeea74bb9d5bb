"""NumPy calls computed as NumPy computes them (issue 14): pairwise sums, means, an axis
reduction, cumsum, sign and clip, arange and linspace, *_like and copies."""

import numpy as np


def stats(x: "float[:]", a: "float[:,:]") -> float:
    """Pairwise sums and means, as np.sum and np.mean add."""
    return x.sum() + np.mean(x) + a.mean()


def column_sums(a: "float[:,:]", out: "float[:]") -> None:
    s = np.sum(a, axis=0)  # across the rows: row by row from 0.0
    out[:] = s


def running(x: "float[:]", out: "float[:]") -> None:
    c = np.cumsum(x)
    out[:] = np.clip(c, -1.0, 1.0) * np.sign(x)


def grid(n: int, out: "float[:]") -> int:
    t = np.linspace(0.0, 1.0, n)
    k = np.arange(1, n, 2)
    out[: len(t)] = t
    return len(k)


def shaped(x: "float[:]", v: float) -> float:
    z = np.zeros_like(x)
    f = np.full_like(x, v)
    c = x.copy()
    c.fill(2.0)
    return z[0] + f[0] + c[0]
