"""The hot loops of the LBCNN example, as typed Python kernels that @transpile compiles.

Image tensors are passed flattened, ``(N * C, H * W)`` or ``(N * C, H, W)`` (C-contiguous, so
the reshape is a view): @transpile takes arrays of rank 1 to 3, and one call then covers the
whole batch. Filters are ``(C_out, C_in, k * k)``. The array parameters carry no hint, so each
kernel is specialised for the dtype it is called with (float32 for training, float64 for the
gradient checks). Convolution here is correlation with zero padding and same-size output,
as in :mod:`transpyle.kernels.conv2d`.

The undecorated Python functions stay reachable as ``kernel.fn``: that is the "CPython loops"
variant of the benchmark.
"""

from __future__ import annotations

from transpyle import transpile


@transpile
def conv_wide(x, w, y, c_in: int, k: int, wp: int) -> None:
    """y[b, co] = sum_ci correlate(x[b, ci], w[co, ci]) on the "wide" layout.

    x (N * c_in, (H + k) * wp): each image zero-padded by k // 2 (and one extra row below),
    rows wp = W + k - 1 long, flattened. y (N * c_out, H * wp): output row r starts at r * wp;
    its last k - 1 entries are junk that the caller crops. Every tap is then one shift of the
    flat image, so the innermost loop runs over H * wp contiguous values.
    """
    c_out = w.shape[0]
    length = y.shape[1]
    for b in range(x.shape[0] // c_in):
        for co in range(c_out):
            o = b * c_out + co
            for q in range(length):
                y[o, q] = 0.0
            for ci in range(c_in):
                s = b * c_in + ci
                if k == 3:  # the common case, unrolled: y is read and written once per ci
                    w0, w1, w2 = w[co, ci, 0], w[co, ci, 1], w[co, ci, 2]
                    w3, w4, w5 = w[co, ci, 3], w[co, ci, 4], w[co, ci, 5]
                    w6, w7, w8 = w[co, ci, 6], w[co, ci, 7], w[co, ci, 8]
                    for q in range(length):
                        y[o, q] += (w0 * x[s, q] + w1 * x[s, q + 1] + w2 * x[s, q + 2]
                                    + w3 * x[s, q + wp] + w4 * x[s, q + wp + 1]
                                    + w5 * x[s, q + wp + 2] + w6 * x[s, q + 2 * wp]
                                    + w7 * x[s, q + 2 * wp + 1] + w8 * x[s, q + 2 * wp + 2])
                    continue
                for i in range(k):
                    for j in range(k):
                        wt = w[co, ci, i * k + j]
                        off = i * wp + j
                        for q in range(length):
                            y[o, q] += wt * x[s, q + off]


@transpile(fastmath=True)
def conv_wide_weight(x, dy, dw, c_in: int, k: int, wp: int) -> None:
    """dw[co, ci, i * k + j] = sum over the batch and pixels of dy[b, co] * shifted x[b, ci].

    x as in conv_wide; dy (N * c_out, H * wp) with zeros in the junk columns. Built with
    fastmath so that the dot products vectorise (their order of summation changes).
    """
    c_out = dw.shape[0]
    length = dy.shape[1]
    for co in range(c_out):
        for ci in range(c_in):
            if k == 3:  # unrolled: each dy value is loaded once for the nine taps
                a0, a1, a2, a3, a4, a5, a6, a7, a8 = 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
                for b in range(x.shape[0] // c_in):
                    o = b * c_out + co
                    s = b * c_in + ci
                    for q in range(length):
                        g = dy[o, q]
                        a0 += g * x[s, q]
                        a1 += g * x[s, q + 1]
                        a2 += g * x[s, q + 2]
                        a3 += g * x[s, q + wp]
                        a4 += g * x[s, q + wp + 1]
                        a5 += g * x[s, q + wp + 2]
                        a6 += g * x[s, q + 2 * wp]
                        a7 += g * x[s, q + 2 * wp + 1]
                        a8 += g * x[s, q + 2 * wp + 2]
                dw[co, ci, 0], dw[co, ci, 1], dw[co, ci, 2] = a0, a1, a2
                dw[co, ci, 3], dw[co, ci, 4], dw[co, ci, 5] = a3, a4, a5
                dw[co, ci, 6], dw[co, ci, 7], dw[co, ci, 8] = a6, a7, a8
                continue
            for i in range(k):
                for j in range(k):
                    off = i * wp + j
                    acc = 0.0
                    for b in range(x.shape[0] // c_in):
                        o = b * c_out + co
                        s = b * c_in + ci
                        for q in range(length):
                            acc += dy[o, q] * x[s, q + off]
                    dw[co, ci, i * k + j] = acc


@transpile
def sparse_wide(x, taps, y, c_in: int, c_out: int, wp: int) -> None:
    """y[b, d] = sum over the taps (d, c, offset, sign) of +-x[b, c] shifted: additions only.

    The anchors of an LBC layer as a list of their non-zero taps; layouts as in conv_wide,
    ``taps`` (T, 4) int64 rows: output channel, input channel, i * wp + j, sign (+1 or -1).
    """
    length = y.shape[1]
    for b in range(x.shape[0] // c_in):
        for d in range(c_out):
            for q in range(length):
                y[b * c_out + d, q] = 0.0
        for t in range(taps.shape[0]):
            o = b * c_out + taps[t, 0]
            s = b * c_in + taps[t, 1]
            off = taps[t, 2]
            if taps[t, 3] > 0:
                for q in range(length):
                    y[o, q] += x[s, q + off]
            else:
                for q in range(length):
                    y[o, q] -= x[s, q + off]


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
