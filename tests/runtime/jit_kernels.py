"""Kernels for the @transpile tests (a real module: @transpile reads its source)."""

from typing import Any

import numpy as np
from numpy.typing import NDArray

from transpyle import transpile


def square(x: float) -> float:
    return x * x


@transpile
def sum_squares(a, n: int) -> float:
    s = 0.0
    for i in range(n):
        s += square(a[i])
    return s


@transpile
def scale_rows(a, f) -> None:
    n, m = a.shape
    for i in range(n):
        for j in range(m):
            a[i, j] = a[i, j] * f + i - j


@transpile(fallback="python")
def uses_a_dict(n: int) -> int:
    xs = {k: k * k for k in range(n)}  # dicts are not translated: CPython runs it
    return len(xs)


@transpile
def hinted(a: 'float[:]') -> float:
    return a[0] + a[1] + a[2]


@transpile(openmp=True)
def omp_sum_squares(a: 'float[:]') -> float:
    s = 0.0
    # omp parallel do reduction(+:s)
    for i in range(len(a)):
        s += a[i] * a[i]
    return s


@transpile
def mul_add1(a, b, out) -> None:
    for i in range(a.shape[0]):
        out[i] = a[i] * b[i] + a[i]


@transpile
def mul_add2(a, b, out) -> None:
    n, m = a.shape
    for i in range(n):
        for j in range(m):
            out[i, j] = a[i, j] * b[i, j] + a[i, j]


@transpile
def mul_add3(a, b, out) -> None:
    n, m, p = a.shape
    for i in range(n):
        for j in range(m):
            for k in range(p):
                out[i, j, k] = a[i, j, k] * b[i, j, k] + a[i, j, k]


@transpile
def differ(a, b, out) -> None:
    for i in range(a.shape[0]):
        out[i] = a[i] != b[i]


@transpile
def row_norms2(pos, out) -> None:
    n = pos.shape[0]
    d = pos.shape[1]
    for i in range(n):
        s = 0.0
        for k in range(d):
            s += pos[i, k] * pos[i, k]
        out[i] = s


@transpile
def mul_add4(a, b, out) -> None:
    n, c, h, w = a.shape
    for i in range(n):
        for j in range(c):
            for k in range(h):
                for m in range(w):
                    out[i, j, k, m] = a[i, j, k, m] * b[i, j, k, m] + a[i, j, k, m]


@transpile
def open_hints(a: np.ndarray, b: NDArray[Any], out: np.ndarray) -> None:
    for i in range(a.shape[0]):
        out[i] = a[i] - b[i]


@transpile
def row_norms2_c(pos: 'float[:,:]', out: 'float[:]') -> None:
    n = pos.shape[0]
    for i in range(n):
        s = 0.0
        for k in range(pos.shape[1]):
            s += pos[i, k] * pos[i, k]
        out[i] = s
