"""Constructs of issue 14's second session: boolean masks, two arrays that swap names, NumPy's
predicates, infinite constants, np.array of a list, for row in a matrix, astype."""

import math

import numpy as np


def wrap_distances(d: "float[:,:]", box: float) -> int:
    """d[d > h] = d[d > h] - box: one array assignment through the mask (MERGE)."""
    d[d > box / 2] = d[d > box / 2] - box
    d[d == 0] = -1.0
    return d[d < 0].shape[0]


def relax(u: "float[:]", v: "float[:]", steps: int) -> None:
    """u, v = v, u: each statement naming them written for both bindings, no copy."""
    for _ in range(steps):
        v[1:-1] = 0.5 * (u[:-2] + u[2:])
        u, v = v, u


def smallest_finite(x: "float[:]") -> float:
    """math.inf as TRANSFER of its bits; np.isfinite of an element."""
    best = math.inf
    for v in x:
        if np.isfinite(v) and v < best:
            best = v
    return best


def corners(x: "float[:,:]") -> float:
    """np.array of a list display; for row in a matrix; astype of a bool array."""
    c = np.array([x[0, 0], x[0, -1], x[-1, 0], x[-1, -1]])
    total = 0.0
    for row in x:
        total += row[0]
    return total + c.sum() + (x > 0).astype(np.float64).sum()
