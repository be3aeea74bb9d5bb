"""Arrays of rank 1-3, local arrays, slices and shapes."""
import numpy as np
from numpy.typing import NDArray


def jacobi(u: 'float[:,:]', v: 'float[:,:]', iters: int) -> None:
    n, m = u.shape
    for it in range(iters):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                v[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
        u[1:n - 1, 1:m - 1] = v[1:n - 1, 1:m - 1]


def box3(a: NDArray[np.float64], out: NDArray[np.float64]) -> None:
    nx, ny, nz = a.shape
    for i in range(nx):
        for j in range(ny):
            for k in range(nz):
                out[i, j, k] = a[i, j, k] * (i + 1) - a[nx - 1 - i, j, k] + k


def ends(x: 'float[:]') -> float:
    return x[-1] - x[0] + x[-2]


def reverse_copy(x: 'float[:]', y: 'float[:]') -> None:
    y[:] = x[::-1]


def every_other(x: 'float[:]', y: 'float[:]') -> None:
    # y has (len(x) + 1) // 2 elements
    y[:] = x[::2] * 2.0


def prefix_sums(x: 'float[:]', out: 'float[:]') -> float:
    n = x.shape[0]
    tmp = np.zeros(n + 1, dtype=np.float64)
    for i in range(n):
        tmp[i + 1] = tmp[i] + x[i]
    out[:] = tmp[1:]
    return np.sum(tmp)


def outer_local(x: 'float[:]', out: 'float[:]') -> None:
    n = len(x)
    m = np.empty((n, n))
    w = np.ones((n, 2, 3), dtype=np.int64)
    for i in range(n):
        for j in range(n):
            m[i, j] = x[i] * x[j] + w[i, 1, 2]
    for i in range(n):
        out[i] = np.sum(m[i, :]) + np.max(m[:, i])


def row_sums(a: 'float[:,:](order=F)', out: 'float[:]') -> None:
    for i in range(a.shape[0]):
        out[i] = np.sum(a[i, :])
