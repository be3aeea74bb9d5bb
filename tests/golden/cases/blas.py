"""Level-1 and level-3 kernels on C- and F-order arrays."""
import numpy as np
from numpy.typing import NDArray


def axpy(a: float, x: 'float[:]', y: NDArray[np.float64]) -> None:
    # whole-array update: the caller sees y change
    y[:] = a * x + y


def scaled(x: NDArray[np.float64], a: float) -> None:
    x[:] = a * x


def dot(x: 'float[:]', y: 'float[:]') -> float:
    s = 0.0
    for i in range(len(x)):
        s += x[i] * y[i]
    return s


def matmul(a: 'float[:,:]', b: 'float[:,:]', c: 'float[:,:]') -> None:
    n, k = a.shape
    m = b.shape[1]
    for i in range(n):
        for j in range(m):
            s = 0.0
            for p in range(k):
                s += a[i, p] * b[p, j]
            c[i, j] = s


def matmul_f(a: 'float[:,:](order=F)', b: 'float[:,:](order=F)',
             c: 'float[:,:](order=F)') -> None:
    n, k = a.shape
    m = b.shape[1]
    for j in range(m):
        for i in range(n):
            c[i, j] = 0.0
        for p in range(k):
            for i in range(n):
                c[i, j] += a[i, p] * b[p, j]
