"""arrays90: migrated by transpyle."""

import math
from dataclasses import dataclass

import numpy as np

from transpyle.runtime import fortran_io as fio
from transpyle.runtime import storage


@dataclass
class point:
    x: float = 0.0
    y: float = 0.0


# Free-form F90: modules, assumed-shape and explicit-shape arrays with lower bounds,
# allocatable arrays, WHERE, SELECT CASE with ranges, EXIT/CYCLE, DO WHILE, derived types,
# intent(out) scalars, functions with result, storage association, real(4) arithmetic.
def dist(p: point, q: point) -> float:
    d = math.sqrt(fio.ipow(p.x - q.x, 2) + fio.ipow(p.y - q.y, 2))
    return d


def colsum(m: "float[:,:](order='F')", k: int, out: "float[:]") -> None:
    for c in range(k):
        out[c] = fio.total(m[:, c])


def stats(x: "float[:]") -> tuple[float, int]:
    s = 0.0
    nn = 0
    for t in range(x.size):
        s = s + x[t]
        if x[t] < 1.0:
            nn = nn + 1
    return s, nn


def scale(col: "float[:]", k: int, f: float) -> None:
    col = storage.dummy(col, (k,), np.float64)
    col[:] = col * f


def main() -> None:
    n = 6
    a = np.zeros((n, n), dtype=np.float64, order="F")
    v = np.zeros(n, dtype=np.float64)
    total = 0.0
    w = None  # not allocated
    nneg = 0
    code = 0
    p = point()
    q = point()
    for j in range(1, n + 1):
        for i in range(n):
            a[i, j - 1] = float(i * j) - 7.5 + float(j) / 3.0
    colsum(a, n, v)
    fio.write('*', 'colsum', v)
    w = np.empty(6, dtype=np.float64)
    w = storage.allocatable(w, v, np.float64)
    _mask1 = w < 0.0
    w[_mask1] = -w[_mask1]
    _mask2 = np.logical_not(_mask1)
    w[_mask2] = w[_mask2] * 2.0
    fio.write_fmt('*', '(6F9.3)', w)
    total, nneg = stats(w)
    fio.write_fmt('*', '(A, F12.4, A, I3)', ' total', total, ' negatives', nneg)
    scale(fio.sequence(a, 0, 2), n, 0.5)
    fio.write_fmt('*', '(6F8.2)', a[:, 2])
    for i in range(1, 21):
        if i <= 3:
            code = 1
        elif i == 4 or i == 6 or i == 8:
            code = 2
        elif 10 <= i <= 12:
            continue
        else:
            code = 3
        if i > 14:
            break
        fio.write_fmt('*', '(2I4)', i, code)
    i = 1
    while i < 1000:
        i = i * 3
    fio.write('*', 'while', i)
    s4 = np.float32(0.1)
    t4 = s4 * 3.0 + np.float32(0.001)
    fio.write('*', s4, t4, float(t4) * 2.0)
    p.x = 0.0
    p.y = 0.0
    q.x = 3.0
    q.y = 4.0
    fio.write('*', 'dist', dist(p, q))
    fio.write('*', 'sections', fio.total(a[1:4, 1]), fio.maxval(a[:, n - 1], None, None),
              a[n - 1, 0:n:2])
    w = None


if __name__ == "__main__":
    main()
