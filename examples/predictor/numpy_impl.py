"""NumPy-vectorised versions of the hot loops in :mod:`examples.predictor.kernels`.

Same signatures, for the side-by-side timing. The MLP epoch does the same arithmetic as the
loop version (mini-batch Adam; results agree to rounding). The factorisation cannot vectorise
per-entry SGD, whose updates depend on each other, so :func:`mf_epoch` here takes mini-batch
gradient steps of :data:`MF_BATCH` entries (``np.add.at`` scatters the updates): a different,
though comparable, optimiser.
"""

from __future__ import annotations

import numpy as np

MF_BATCH = 32


def mf_epoch(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, order: np.ndarray,
             u: np.ndarray, v: np.ndarray, bu: np.ndarray, bv: np.ndarray,
             mu: float, lr: float, reg: float) -> float:
    loss = 0.0
    for start in range(0, order.shape[0], MF_BATCH):
        e = order[start:start + MF_BATCH]
        i, j = rows[e], cols[e]
        err = mu + bu[i] + bv[j] + np.einsum("ef,ef->e", u[i], v[j]) - vals[e]
        loss += float(err @ err)
        gu = err[:, None] * v[j] + reg * u[i]
        gv = err[:, None] * u[i] + reg * v[j]
        np.add.at(bu, i, -lr * (err + reg * bu[i]))
        np.add.at(bv, j, -lr * (err + reg * bv[j]))
        np.add.at(u, i, -lr * gu)
        np.add.at(v, j, -lr * gv)
    return loss


def mf_predict(rows: np.ndarray, cols: np.ndarray, u: np.ndarray, v: np.ndarray,
               bu: np.ndarray, bv: np.ndarray, mu: float, out: np.ndarray) -> None:
    out[:] = mu + bu[rows] + bv[cols] + np.einsum("ef,ef->e", u[rows], v[cols])


def _unpack(theta: np.ndarray, n_in: int, h: int, depth: int) -> list[np.ndarray]:
    """Views of theta: W1, b1, (W2, b2,) wo, bo."""
    shapes = [(h, n_in), (h,)] + ([(h, h), (h,)] if depth == 2 else []) + [(h,), (1,)]
    views, off = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        views.append(theta[off:off + size].reshape(shape))
        off += size
    return views


def _forward(x: np.ndarray, p: list[np.ndarray], depth: int) -> tuple[np.ndarray, list]:
    acts = [np.tanh(x @ p[0].T + p[1])]
    if depth == 2:
        acts.append(np.tanh(acts[0] @ p[2].T + p[3]))
    return acts[-1] @ p[-2] + p[-1][0], acts


def batch_grad(x: np.ndarray, y: np.ndarray, idx: np.ndarray, start: int, stop: int,
               theta: np.ndarray, grad: np.ndarray, h: int, depth: int, wd: float) -> float:
    xb, yb = x[idx[start:stop]], y[idx[start:stop]]
    p, g = _unpack(theta, x.shape[1], h, depth), _unpack(grad, x.shape[1], h, depth)
    out, acts = _forward(xb, p, depth)
    err = (out - yb) / xb.shape[0]
    grad[:] = wd * theta
    g[-1][0] += err.sum()
    g[-2] += acts[-1].T @ err
    delta = np.outer(err, p[-2]) * (1.0 - acts[-1] ** 2)
    if depth == 2:
        g[2] += delta.T @ acts[0]
        g[3] += delta.sum(axis=0)
        delta = (delta @ p[2]) * (1.0 - acts[0] ** 2)
    g[0] += delta.T @ xb
    g[1] += delta.sum(axis=0)
    return 0.5 * float(((out - yb) ** 2).mean()) + 0.5 * wd * float(theta @ theta)


def mlp_epoch(x: np.ndarray, y: np.ndarray, perm: np.ndarray, batch: int, theta: np.ndarray,
              grad: np.ndarray, mom: np.ndarray, vel: np.ndarray, h: int, depth: int,
              lr: float, wd: float, step0: int) -> float:
    total, nb = 0.0, 0
    for start in range(0, perm.shape[0], batch):
        stop = min(start + batch, perm.shape[0])
        total += batch_grad(x, y, perm, start, stop, theta, grad, h, depth, wd)
        nb += 1
        mom *= 0.9
        mom += 0.1 * grad
        vel *= 0.999
        vel += 0.001 * grad * grad
        step = step0 + nb
        theta -= lr * (mom / (1.0 - 0.9**step)) / (np.sqrt(vel / (1.0 - 0.999**step)) + 1e-8)
    return total / nb


def mlp_predict(x: np.ndarray, theta: np.ndarray, h: int, depth: int, out: np.ndarray) -> None:
    out[:] = _forward(x, _unpack(theta, x.shape[1], h, depth), depth)[0]
