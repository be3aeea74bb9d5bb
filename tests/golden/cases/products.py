"""Matrix products through NumPy's own BLAS: @, np.matmul, np.dot in expressions."""
import numpy as np


def gemm(a: 'float[:,:]', b: 'float[:,:]', c: 'float[:,:]') -> None:
    c[:, :] = a @ b + 0.5 * c


def affine(w: 'float32[:,:]', x: 'float32[:]', bias: 'float32[:]') -> 'float32':
    y = np.matmul(w, x) + bias
    return np.dot(y, y)


def counts(a: 'int64[:,:]', b: 'int64[:,:]', c: 'int64[:,:]') -> None:
    c[:, :] = np.dot(a, b)
