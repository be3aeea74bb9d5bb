"""Matrix factorisation + MLP performance predictor (after "Learning Neural Representations for
Predicting GPU Performance", ISC 2019), driving the hot loops of :mod:`kernels`.

Targets are standardised logarithms of a metric. The factorisation learns a latent vector and a
bias per application and per system; the MLP maps an entry's features (application latents and
bias, system latents and bias, the system's standardised log specifications, and the
factorisation's own prediction) to the target. For a system never seen in training (cold
start), its latents and bias are predicted from its specifications by ridge regression fitted on
the training systems.

``backend`` picks who runs the loops: ``"transpile"`` (the ``@transpile`` entry points, compiled
through Fortran), ``"python"`` (the same functions in CPython) or ``"numpy"`` (vectorised).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np

from examples.predictor import kernels, numpy_impl

BACKENDS = ("transpile", "python", "numpy")


def backend_ops(name: str) -> Any:
    """An object with mf_epoch, mf_predict, mlp_epoch and mlp_predict for ``name``."""
    entries = ("mf_epoch", "mf_predict", "mlp_epoch", "mlp_predict")
    if name == "transpile":
        return SimpleNamespace(**{e: getattr(kernels, e) for e in entries})
    if name == "python":
        return SimpleNamespace(**{e: getattr(kernels, e).fn for e in entries})
    if name == "numpy":
        return SimpleNamespace(**{e: getattr(numpy_impl, e) for e in entries})
    raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {name!r}")


@dataclass
class MFConfig:
    rank: int = 5
    epochs: int = 600
    lr: float = 0.03
    reg: float = 0.01


@dataclass
class MLPConfig:
    depth: int = 2
    hidden: int = 32
    epochs: int = 1000
    batch: int = 32
    lr: float = 3e-3
    wd: float = 1e-4
    ensemble: int = 3


@dataclass
class MF:
    u: np.ndarray
    v: np.ndarray
    bu: np.ndarray
    bv: np.ndarray
    mu: float


def train_mf(rows: np.ndarray, cols: np.ndarray, z: np.ndarray, n_apps: int, n_sys: int,
             cfg: MFConfig, seed: int, backend: str = "transpile") -> tuple[MF, list[float]]:
    """SGD on the squared error of the entries (rows, cols, z); returns the model and the mean
    squared error of each epoch."""
    ops = backend_ops(backend)
    rng = np.random.default_rng(seed)
    mf = MF(0.1 * rng.standard_normal((n_apps, cfg.rank)),
            0.1 * rng.standard_normal((n_sys, cfg.rank)),
            np.zeros(n_apps), np.zeros(n_sys), float(z.mean()))
    losses = []
    for _ in range(cfg.epochs):
        order = rng.permutation(z.shape[0]).astype(np.int64)
        sse = ops.mf_epoch(rows, cols, z, order, mf.u, mf.v, mf.bu, mf.bv, mf.mu, cfg.lr,
                           cfg.reg)
        losses.append(sse / z.shape[0])
    return mf, losses


def predict_mf(mf: MF, rows: np.ndarray, cols: np.ndarray, backend: str = "transpile",
               v: np.ndarray | None = None, bv: np.ndarray | None = None) -> np.ndarray:
    out = np.empty(rows.shape[0])
    backend_ops(backend).mf_predict(rows, cols, mf.u, mf.v if v is None else v, mf.bu,
                                    mf.bv if bv is None else bv, mf.mu, out)
    return out


def system_latents(mf: MF, spec_feats: np.ndarray, seen: np.ndarray,
                   lam: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(v, bv) for every system: learned for the ``seen`` ones, ridge-predicted from the
    specifications for the others."""
    a = np.hstack([spec_feats, np.ones((spec_feats.shape[0], 1))])
    target = np.hstack([mf.v, mf.bv[:, None]])
    a_s, t_s = a[seen], target[seen]
    coef = np.linalg.solve(a_s.T @ a_s + lam * np.eye(a.shape[1]), a_s.T @ t_s)
    pred = a @ coef
    pred[seen] = target[seen]
    return pred[:, :-1].copy(), pred[:, -1].copy()


def features(mf: MF, rows: np.ndarray, cols: np.ndarray, app_feats: np.ndarray,
             spec_feats: np.ndarray, peaks: np.ndarray, v: np.ndarray,
             bv: np.ndarray) -> np.ndarray:
    """The MLP's input per entry (a, s): the application's counts and unit (app_feats[a]),
    its latents u_a and bias bu_a, the system's specifications, the system's peak rate for the
    application's unit (peaks[a, s]), and the system's latents v_s and bias bv_s."""
    return np.ascontiguousarray(np.hstack([
        app_feats[rows], mf.u[rows], mf.bu[rows, None], spec_feats[cols],
        peaks[rows, cols][:, None], v[cols], bv[cols, None]]))


def train_mlp(x: np.ndarray, y: np.ndarray, cfg: MLPConfig, seed: int,
              backend: str = "transpile") -> tuple[np.ndarray, list[float]]:
    """Mini-batch Adam; returns theta and the mean batch loss of each epoch."""
    ops = backend_ops(backend)
    rng = np.random.default_rng(seed)
    n_in, h = x.shape[1], cfg.hidden
    theta = np.zeros(kernels.n_params(n_in, h, cfg.depth))
    off = 0
    for fan_in, size in [(n_in, h * n_in), (0, h)] + (
            [(h, h * h), (0, h)] if cfg.depth == 2 else []) + [(h, h), (0, 1)]:
        if fan_in:
            theta[off:off + size] = rng.standard_normal(size) / np.sqrt(fan_in)
        off += size
    grad, mom, vel = np.zeros_like(theta), np.zeros_like(theta), np.zeros_like(theta)
    losses, step = [], 0
    n_batches = -(-x.shape[0] // cfg.batch)
    for _ in range(cfg.epochs):
        perm = rng.permutation(x.shape[0]).astype(np.int64)
        losses.append(ops.mlp_epoch(x, y, perm, cfg.batch, theta, grad, mom, vel, h,
                                    cfg.depth, cfg.lr, cfg.wd, step))
        step += n_batches
    return theta, losses


def predict_mlp(theta: np.ndarray, x: np.ndarray, cfg: MLPConfig,
                backend: str = "transpile") -> np.ndarray:
    out = np.empty(x.shape[0])
    backend_ops(backend).mlp_predict(x, theta, cfg.hidden, cfg.depth, out)
    return out


def accuracy(pred: np.ndarray, true: np.ndarray) -> float:
    """1 - mean absolute percentage error."""
    return float(1.0 - np.mean(np.abs(pred - true) / np.abs(true)))
