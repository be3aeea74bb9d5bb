"""intrinsics90: migrated by transpyle."""

import math

import numpy as np

from transpyle.runtime import fortran_io as fio

calls = 0


# Intrinsics and arithmetic: integer division and MOD/MODULO of negatives, NINT/ANINT/AINT,
# SIGN/DIM, mixed kinds, complex, logical operators, a recursive function, module state.
def fact(n: int) -> int:
    global calls
    calls = calls + 1
    if n <= 1:
        r = 1
    else:
        r = n * fact(n - 1)
    return r


def main() -> None:
    for i in range(-7, 8, 5):
        for j in range(-3, 4, 3):
            if j != 0:
                fio.write_fmt('*', '(6I5)', i, j, int(i / j), int(math.fmod(i, j)), i % j,
                              abs(i) if j >= 0 else -abs(i))
    i = 8  # the value Fortran leaves after the loop
    x = -2.5
    y = 3.7
    fio.write('*', int(np.trunc(x + np.copysign(0.5, x))), int(np.trunc(y + np.copysign(0.5, y))),
              np.trunc(x + np.copysign(0.5, x)), np.trunc(y), -3, math.floor(x), math.ceil(x))
    fio.write('*', 2, 0, max(y - x, 0.0), np.copysign(2.0, x), abs(x), 7, min(y, x))
    x4 = np.float32(1.1)
    fio.write('*', x4 * 3, float(x4) * 3.0, np.float32(math.sqrt(x4)), fio.ipow(float(x4), 2),
              np.float32(1.4142135))
    z = complex(1.0, 2.0)
    z = z * z + z.conjugate()
    fio.write('*', z, z.real, z.imag, fio.cabs(z))
    p = x < y
    q = not p or i > 100
    fio.write('*', p, q, p == q, p != q, p and not q)
    fio.write('*', fact(6), calls, 1024, 0.01, 2.718281828459045, 3.0)


if __name__ == "__main__":
    main()
