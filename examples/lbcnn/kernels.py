"""The hot loops of the LBCNN example, as typed Python kernels that @transpile compiles.

Every image tensor is passed flattened to rank 3, ``(N * C, H, W)`` (C-contiguous, so the
reshape is a view): @transpile takes arrays of rank 1 to 3, and one call then covers the whole
batch. Filters are ``(C_out, C_in, k * k)``. The array parameters carry no hint, so each
kernel is specialised for the dtype it is called with (float32 for training, float64 for the
gradient checks). Convolution here is correlation with zero padding and same-size output,
as in :mod:`transpyle.kernels.conv2d`.

The undecorated Python functions stay reachable as ``kernel.fn``: that is the "CPython loops"
variant of the benchmark.
"""

from __future__ import annotations

from transpyle import transpile


@transpile
def conv_forward(x, w, y, c_in: int, k: int) -> None:
    """y[b, co] = sum_ci correlate(x[b, ci], w[co, ci])."""
    nc, h, wd = x.shape
    c_out = w.shape[0]
    p = k // 2
    for b in range(nc // c_in):
        for co in range(c_out):
            o = b * c_out + co
            for r in range(h):
                for c in range(wd):
                    y[o, r, c] = 0.0
            for ci in range(c_in):
                s = b * c_in + ci
                for i in range(k):
                    for j in range(k):
                        wt = w[co, ci, i * k + j]
                        for r in range(max(0, p - i), min(h, h + p - i)):
                            for c in range(max(0, p - j), min(wd, wd + p - j)):
                                y[o, r, c] += wt * x[s, r + i - p, c + j - p]


@transpile
def conv_backward_input(dy, w, dx, c_in: int, k: int) -> None:
    """dx = the gradient of the loss with respect to conv_forward's x, given dy."""
    nc, h, wd = dx.shape
    c_out = w.shape[0]
    p = k // 2
    for s in range(nc):
        for r in range(h):
            for c in range(wd):
                dx[s, r, c] = 0.0
    for b in range(nc // c_in):
        for co in range(c_out):
            o = b * c_out + co
            for ci in range(c_in):
                s = b * c_in + ci
                for i in range(k):
                    for j in range(k):
                        wt = w[co, ci, i * k + j]
                        for r in range(max(0, p - i), min(h, h + p - i)):
                            for c in range(max(0, p - j), min(wd, wd + p - j)):
                                dx[s, r + i - p, c + j - p] += wt * dy[o, r, c]


@transpile
def conv_backward_weight(x, dy, dw, c_in: int, k: int) -> None:
    """dw = the gradient of the loss with respect to conv_forward's w, given dy."""
    nc, h, wd = x.shape
    c_out = dw.shape[0]
    p = k // 2
    for co in range(c_out):
        for ci in range(c_in):
            for i in range(k):
                for j in range(k):
                    acc = 0.0
                    for b in range(nc // c_in):
                        o = b * c_out + co
                        s = b * c_in + ci
                        for r in range(max(0, p - i), min(h, h + p - i)):
                            for c in range(max(0, p - j), min(wd, wd + p - j)):
                                acc += dy[o, r, c] * x[s, r + i - p, c + j - p]
                    dw[co, ci, i * k + j] = acc


@transpile
def lbc_forward(x, taps, z, c_in: int, m: int, k: int) -> None:
    """z[b, a] = relu(sum over the non-zero taps of anchor a of +-x): additions only.

    ``taps`` (T, 4) int64 rows: anchor, input channel, i * k + j, sign (+1 or -1).
    """
    nc, h, wd = x.shape
    p = k // 2
    for o in range(z.shape[0]):
        for r in range(h):
            for c in range(wd):
                z[o, r, c] = 0.0
    for b in range(nc // c_in):
        for t in range(taps.shape[0]):
            o = b * m + taps[t, 0]
            s = b * c_in + taps[t, 1]
            i = taps[t, 2] // k
            j = taps[t, 2] % k
            if taps[t, 3] > 0:
                for r in range(max(0, p - i), min(h, h + p - i)):
                    for c in range(max(0, p - j), min(wd, wd + p - j)):
                        z[o, r, c] += x[s, r + i - p, c + j - p]
            else:
                for r in range(max(0, p - i), min(h, h + p - i)):
                    for c in range(max(0, p - j), min(wd, wd + p - j)):
                        z[o, r, c] -= x[s, r + i - p, c + j - p]
    for o in range(z.shape[0]):
        for r in range(h):
            for c in range(wd):
                if z[o, r, c] < 0.0:
                    z[o, r, c] = 0.0


@transpile
def lbc_backward_input(z, dz, taps, dx, c_in: int, m: int, k: int) -> None:
    """dx from dz, the gradient at the anchors' activated output z (relu: where z > 0)."""
    nc, h, wd = dx.shape
    p = k // 2
    for s in range(nc):
        for r in range(h):
            for c in range(wd):
                dx[s, r, c] = 0.0
    for b in range(nc // c_in):
        for t in range(taps.shape[0]):
            o = b * m + taps[t, 0]
            s = b * c_in + taps[t, 1]
            i = taps[t, 2] // k
            j = taps[t, 2] % k
            sign = taps[t, 3]
            for r in range(max(0, p - i), min(h, h + p - i)):
                for c in range(max(0, p - j), min(wd, wd + p - j)):
                    if z[o, r, c] > 0.0:
                        dx[s, r + i - p, c + j - p] += sign * dz[o, r, c]


@transpile
def maxpool2_forward(x, y, arg) -> None:
    """2x2 max pooling, stride 2; arg keeps the winner's position (0..3) for the backward."""
    nc, h, wd = y.shape
    for s in range(nc):
        for r in range(h):
            for c in range(wd):
                best = x[s, 2 * r, 2 * c]
                where = 0
                for q in range(1, 4):
                    v = x[s, 2 * r + q // 2, 2 * c + q % 2]
                    if v > best:
                        best = v
                        where = q
                y[s, r, c] = best
                arg[s, r, c] = where


@transpile
def maxpool2_backward(dy, arg, dx) -> None:
    nc, h, wd = dy.shape
    for s in range(nc):
        for r in range(2 * h):
            for c in range(2 * wd):
                dx[s, r, c] = 0.0
        for r in range(h):
            for c in range(wd):
                q = arg[s, r, c]
                dx[s, 2 * r + q // 2, 2 * c + q % 2] = dy[s, r, c]
