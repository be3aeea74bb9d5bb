"""gauss77: migrated by transpyle."""

import math

import numpy as np

from transpyle.runtime import fortran_io as fio


# Gaussian elimination with partial pivoting, LINPACK style (written
# for transpyle's tests): BLAS-1 helpers with increments, columns of
# a matrix passed as vectors (storage association), GOTO loops.
def main() -> None:
    n = 5
    lda = 6
    info = 0
    ipvt = np.zeros(n, dtype=np.int32)
    a = np.zeros((lda, n), dtype=np.float64, order="F")
    b = np.zeros(n, dtype=np.float64)
    x = np.zeros(n, dtype=np.float64)
    r = np.zeros(n, dtype=np.float64)
    for j in range(1, n + 1):
        for i in range(1, n + 1):
            a[i - 1, j - 1] = fio.fdiv(1.0, float(i + j - 1))
        a[j - 1, j - 1] = a[j - 1, j - 1] + float(j)
        b[j - 1] = float(j * j) - 2.5
        x[j - 1] = b[j - 1]
    info = factor(a, lda, n, ipvt, info)
    fio.write_fmt('*', "(' INFO =', I2, '  PIVOTS =', 5I3)", info,
                  *(ipvt[i - 1] for i in range(1, n + 1)))
    solve(a, lda, n, ipvt, x)
    for i in range(1, n + 1):
        fio.write_fmt('*', "(' X(', I1, ') =', F16.10)", i, x[i - 1])
    # residual with the original matrix
    for i in range(1, n + 1):
        r[i - 1] = -b[i - 1]
        for j in range(1, n + 1):
            r[i - 1] = r[i - 1] + fio.fdiv(1.0, float(i + j - 1)) * x[j - 1]
        r[i - 1] = r[i - 1] + float(i) * x[i - 1]
    fio.write('*', 'RESIDUAL BELOW 1E-12:',
              max(abs(r[0]), abs(r[1]), abs(r[2]), abs(r[3]), abs(r[4])) < 1e-12)


def iamax(n: int, dx: "float[:]", incx: int) -> int:
    result = 0
    if n < 1:
        return result
    result = 1
    if n == 1:
        return result
    ix = 1
    dmax = abs(dx[0])
    ix = ix + incx
    for i in range(2, n + 1):
        if abs(dx[ix - 1]) > dmax:
            result = i
            dmax = abs(dx[ix - 1])
        ix = ix + incx
    return result


def axpy(n: int, da: float, dx: "float[:]", incx: int, dy: "float[:]", incy: int) -> None:
    if n <= 0:
        return
    if da == 0.0:
        return
    ix = 1
    iy = 1
    for _ in range(n):
        dy[iy - 1] = dy[iy - 1] + da * dx[ix - 1]
        ix = ix + incx
        iy = iy + incy


def scal(n: int, da: float, dx: "float[:]", incx: int) -> None:
    if n <= 0:
        return
    if incx == 1:
        # unrolled by 3 for unit increment
        m = int(math.fmod(n, 3))
        if m != 0:
            for i in range(m):
                dx[i] = da * dx[i]
            if n < 3:
                return
        for i in range(m, n, 3):
            dx[i] = da * dx[i]
            dx[i + 1] = da * dx[i + 1]
            dx[i + 2] = da * dx[i + 2]
        return
    for i in range(0, n * incx - 1 + (1 if incx > 0 else -1), incx):
        dx[i] = da * dx[i]


def factor(a: "float[:,:](order='F')", lda: int, n: int, ipvt: "np.int32[:]", info: int) -> int:
    info = 0
    nm1 = n - 1
    if nm1 >= 1:
        for k in range(1, nm1 + 1):
            kp1 = k + 1
            l_ = iamax(n - k + 1, fio.sequence(a, k - 1, k - 1), 1) + k - 1
            ipvt[k - 1] = l_
            if a[l_ - 1, k - 1] != 0.0:
                if l_ != k:
                    t = a[l_ - 1, k - 1]
                    a[l_ - 1, k - 1] = a[k - 1, k - 1]
                    a[k - 1, k - 1] = t
                t = -fio.fdiv(1.0, a[k - 1, k - 1])
                scal(n - k, t, fio.sequence(a, k, k - 1), 1)
                for j in range(kp1 - 1, n):
                    t = a[l_ - 1, j]
                    if l_ != k:
                        a[l_ - 1, j] = a[k - 1, j]
                        a[k - 1, j] = t
                    axpy(n - k, t, fio.sequence(a, k, k - 1), 1, fio.sequence(a, k, j), 1)
            else:
                info = k
    ipvt[n - 1] = n
    if a[n - 1, n - 1] == 0.0:
        info = n
    return info


def solve(a: "float[:,:](order='F')", lda: int, n: int, ipvt: "np.int32[:]", b: "float[:]") -> None:
    nm1 = n - 1
    if nm1 >= 1:
        for k in range(1, nm1 + 1):
            l_ = ipvt[k - 1]
            t = b[l_ - 1]
            if l_ != k:
                b[l_ - 1] = b[k - 1]
                b[k - 1] = t
            axpy(n - k, t, fio.sequence(a, k, k - 1), 1, fio.sequence(b, k), 1)
    for kb in range(1, n + 1):
        k = n + 1 - kb
        b[k - 1] = fio.fdiv(b[k - 1], a[k - 1, k - 1])
        t = -b[k - 1]
        axpy(k - 1, t, fio.sequence(a, 0, k - 1), 1, fio.sequence(b, 0), 1)


if __name__ == "__main__":
    main()
