"""The predictor's hot loops, in typed Python that ``@transpile`` compiles through Fortran.

- :func:`mf_epoch`: one SGD epoch of the matrix factorisation
  ``y[a, s] ~ mu + bu[a] + bv[s] + u[a] . v[s]`` over the training entries, in a given order;
- :func:`mlp_epoch`: one epoch of mini-batch Adam for an MLP with ``depth`` (1 or 2) tanh
  hidden layers of width ``h`` and a linear output, on the mean squared error plus weight decay;
- :func:`mf_predict`, :func:`mlp_predict`: predictions for many entries;
- :data:`mlp_loss_grad`: one mini-batch's loss and gradient (for the gradient tests).

The MLP's parameters live in one flat vector ``theta`` (so Adam is one loop), in this order:
``W1 (h, n_in)``, ``b1 (h)``, then for depth 2 ``W2 (h, h)``, ``b2 (h)``, then the output
``wo (h)``, ``bo``. (Adam's moments are ``mom`` and ``vel``: a parameter named ``m`` clashes
with the Fortran module ``m`` that @transpile generates, in f2py's wrapper.) Only the entry
points carry ``@transpile``; the helpers they call are plain
functions that transpyle translates with them, so ``entry.fn`` runs the same code in CPython.
"""

# mypy: ignore-errors
# (the 'float[:]' hints are transpyle's Pyccel-style array types, not Python types)
import math

import numpy as np
from numpy.typing import NDArray

from transpyle import transpile


def n_params(n_in: int, h: int, depth: int) -> int:
    """Length of ``theta`` for an MLP of ``depth`` hidden layers of width ``h``."""
    n = h * n_in + h + h + 1
    if depth == 2:
        n += h * h + h
    return n


@transpile
def mf_epoch(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    vals: 'float[:]',
    order: NDArray[np.int64],
    u: 'float[:,:]',
    v: 'float[:,:]',
    bu: 'float[:]',
    bv: 'float[:]',
    mu: float,
    lr: float,
    reg: float,
) -> float:
    """One SGD pass over the entries ``order``; returns the sum of squared errors seen."""
    k = u.shape[1]
    loss = 0.0
    for t in range(order.shape[0]):
        e = order[t]
        i = rows[e]
        j = cols[e]
        pred = mu + bu[i] + bv[j]
        for f in range(k):
            pred += u[i, f] * v[j, f]
        err = pred - vals[e]
        loss += err * err
        bu[i] -= lr * (err + reg * bu[i])
        bv[j] -= lr * (err + reg * bv[j])
        for f in range(k):
            uf = u[i, f]
            u[i, f] -= lr * (err * v[j, f] + reg * uf)
            v[j, f] -= lr * (err * uf + reg * v[j, f])
    return loss


@transpile
def mf_predict(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    u: 'float[:,:]',
    v: 'float[:,:]',
    bu: 'float[:]',
    bv: 'float[:]',
    mu: float,
    out: 'float[:]',
) -> None:
    k = u.shape[1]
    for e in range(rows.shape[0]):
        i = rows[e]
        j = cols[e]
        pred = mu + bu[i] + bv[j]
        for f in range(k):
            pred += u[i, f] * v[j, f]
        out[e] = pred


def layer(
    x: 'float[:]',
    theta: 'float[:]',
    off: int,
    n_out: int,
    n_in: int,
    y: 'float[:]',
) -> None:
    """y = tanh(W x + b) with W (n_out, n_in) at theta[off:] and b right after it."""
    boff = off + n_out * n_in
    for o in range(n_out):
        s = theta[boff + o]
        for i in range(n_in):
            s += theta[off + o * n_in + i] * x[i]
        y[o] = math.tanh(s)


def forward(
    xrow: 'float[:]',
    theta: 'float[:]',
    n_in: int,
    h: int,
    depth: int,
    a1: 'float[:]',
    a2: 'float[:]',
) -> float:
    """The MLP's output for one input; hidden activations left in a1 (and a2)."""
    layer(xrow, theta, 0, h, n_in, a1)
    off = h * n_in + h
    if depth == 2:
        layer(a1, theta, off, h, h, a2)
        off += h * h + h
    out = theta[off + h]
    for o in range(h):
        if depth == 2:
            out += theta[off + o] * a2[o]
        else:
            out += theta[off + o] * a1[o]
    return out


def backward(
    xrow: 'float[:]',
    theta: 'float[:]',
    grad: 'float[:]',
    n_in: int,
    h: int,
    depth: int,
    a1: 'float[:]',
    a2: 'float[:]',
    d1: 'float[:]',
    d2: 'float[:]',
    g: float,
) -> None:
    """Add g * d(output)/d(theta) to grad, from the activations forward() left."""
    w2 = h * n_in + h
    off = w2
    if depth == 2:
        off += h * h + h
    grad[off + h] += g
    for o in range(h):
        if depth == 2:
            grad[off + o] += g * a2[o]
            d2[o] = g * theta[off + o] * (1.0 - a2[o] * a2[o])
        else:
            grad[off + o] += g * a1[o]
            d1[o] = g * theta[off + o] * (1.0 - a1[o] * a1[o])
    if depth == 2:
        for i in range(h):
            d1[i] = 0.0
        for o in range(h):
            grad[w2 + h * h + o] += d2[o]
            for i in range(h):
                grad[w2 + o * h + i] += d2[o] * a1[i]
                d1[i] += d2[o] * theta[w2 + o * h + i]
        for i in range(h):
            d1[i] = d1[i] * (1.0 - a1[i] * a1[i])
    for o in range(h):
        grad[h * n_in + o] += d1[o]
        for i in range(n_in):
            grad[o * n_in + i] += d1[o] * xrow[i]


def batch_grad(
    x: 'float[:,:]',
    y: 'float[:]',
    idx: NDArray[np.int64],
    start: int,
    stop: int,
    theta: 'float[:]',
    grad: 'float[:]',
    h: int,
    depth: int,
    wd: float,
) -> float:
    """grad = d/dtheta of mean((f(x) - y)^2) / 2 + wd/2 |theta|^2 over idx[start:stop];
    returns that loss."""
    n_in = x.shape[1]
    a1 = np.zeros(h, dtype=np.float64)
    a2 = np.zeros(h, dtype=np.float64)
    d1 = np.zeros(h, dtype=np.float64)
    d2 = np.zeros(h, dtype=np.float64)
    xrow = np.zeros(n_in, dtype=np.float64)
    inv = 1.0 / (stop - start)
    loss = 0.0
    for p in range(theta.shape[0]):
        grad[p] = wd * theta[p]
        loss += 0.5 * wd * theta[p] * theta[p]
    for t in range(start, stop):
        r = idx[t]
        for i in range(n_in):
            xrow[i] = x[r, i]
        err = forward(xrow, theta, n_in, h, depth, a1, a2) - y[r]
        loss += 0.5 * inv * err * err
        backward(xrow, theta, grad, n_in, h, depth, a1, a2, d1, d2, inv * err)
    return loss


def adam(
    theta: 'float[:]',
    grad: 'float[:]',
    mom: 'float[:]',
    vel: 'float[:]',
    lr: float,
    step: int,
) -> None:
    b1 = 0.9
    b2 = 0.999
    c1 = 1.0 - b1**step
    c2 = 1.0 - b2**step
    for p in range(theta.shape[0]):
        mom[p] = b1 * mom[p] + (1.0 - b1) * grad[p]
        vel[p] = b2 * vel[p] + (1.0 - b2) * grad[p] * grad[p]
        theta[p] -= lr * (mom[p] / c1) / (math.sqrt(vel[p] / c2) + 1e-8)


@transpile
def mlp_epoch(
    x: 'float[:,:]',
    y: 'float[:]',
    perm: NDArray[np.int64],
    batch: int,
    theta: 'float[:]',
    grad: 'float[:]',
    mom: 'float[:]',
    vel: 'float[:]',
    h: int,
    depth: int,
    lr: float,
    wd: float,
    step0: int,
) -> float:
    """One epoch of mini-batch Adam over the rows in ``perm``; returns the mean batch loss.
    Adam's step counter continues from ``step0``."""
    n = perm.shape[0]
    total = 0.0
    nb = 0
    for start in range(0, n, batch):
        stop = min(start + batch, n)
        total += batch_grad(x, y, perm, start, stop, theta, grad, h, depth, wd)
        nb += 1
        adam(theta, grad, mom, vel, lr, step0 + nb)
    return total / nb


@transpile
def mlp_predict(
    x: 'float[:,:]', theta: 'float[:]', h: int, depth: int, out: 'float[:]'
) -> None:
    n, n_in = x.shape
    a1 = np.zeros(h, dtype=np.float64)
    a2 = np.zeros(h, dtype=np.float64)
    xrow = np.zeros(n_in, dtype=np.float64)
    for r in range(n):
        for i in range(n_in):
            xrow[i] = x[r, i]
        out[r] = forward(xrow, theta, n_in, h, depth, a1, a2)


mlp_loss_grad = transpile(batch_grad)
