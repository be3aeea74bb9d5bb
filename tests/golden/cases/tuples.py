"""Tuples: returned, unpacked, indexed, as locals and as shapes."""
import numpy as np


def minmax(x: 'float[:]') -> tuple[float, float]:
    lo = x[0]
    hi = x[0]
    for i in range(1, len(x)):
        lo = min(lo, x[i])
        hi = max(hi, x[i])
    return lo, hi


def polar(x: float, y: float):
    return np.hypot(x, y), np.arctan2(y, x), x * y > 0.0


def span(x: 'float[:]', n: int) -> float:
    lo, hi = minmax(x)
    shape = (n, 2)
    grid = np.zeros(shape)
    grid[0, 1] = hi - lo
    return grid[0, 1] + polar(lo, hi)[0]
