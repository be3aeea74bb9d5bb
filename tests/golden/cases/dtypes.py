"""Element types other than float64: float32, int32, int64, bool, complex128."""
import numpy as np
from numpy.typing import NDArray


def scale32(x: NDArray[np.float32], a: np.float32) -> None:
    for i in range(x.shape[0]):
        x[i] = x[i] * a + 1.0


def count_true(mask: 'bool[:]') -> int:
    n = 0
    for i in range(len(mask)):
        if mask[i]:
            n += 1
    return n


def threshold(x: 'float[:]', mask: 'bool[:]', t: float) -> None:
    for i in range(len(x)):
        mask[i] = x[i] > t


def int32_mix(a: 'int32[:]', out: 'int64[:]') -> None:
    for i in range(len(a)):
        out[i] = a[i] * 3 + a[i] // 7 - a[i] % 5


def cscale(z: NDArray[np.complex128], w: complex) -> None:
    for i in range(len(z)):
        z[i] = z[i] * w + 1.0


def bump(n: int, x: 'float[:]') -> int:
    # n is rebound here; the caller's value is not changed (passed by value)
    n = n + 1
    x[0] = float(n)
    return n
