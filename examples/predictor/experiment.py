"""The experiment: held-out entries and cold-start systems, per metric and per model.

Protocol (fixed, stated in the README): for each metric, the entries where it is defined are
split at random (seed :data:`SEED`) into :data:`TRAIN_FRACTION` training and the rest held out.
MF, MF + MLP-1 and MF + MLP-2 are trained on the training entries only and scored on the
held-out ones. Cold start: for each system of :data:`COLD_SYSTEMS`, all its entries are removed
from training (the rest of the same split trains) and its entries are predicted from its
specifications. Accuracy = 1 - mean absolute percentage error of the metric itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from examples.predictor import model
from examples.predictor.dataset import Apps, Perf, Systems, unit_peaks

SEED = 2019
TRAIN_FRACTION = 0.8
MODELS = ("MF", "MF+MLP-1", "MF+MLP-2")
COLD_SYSTEMS = ("Tesla K80 (one GK210)", "Tesla P100 SXM2", "Tesla V100 SXM2", "Tesla T4",
                "A100 SXM4 40GB", "L4", "GeForce RTX 4090", "B200")


@dataclass
class Config:
    mf: model.MFConfig = field(default_factory=model.MFConfig)
    mlp: model.MLPConfig = field(default_factory=model.MLPConfig)
    seed: int = SEED
    train_fraction: float = TRAIN_FRACTION
    cold_systems: tuple[str, ...] = COLD_SYSTEMS
    cold_metrics: tuple[str, ...] = ("flops_per_s",)
    backend: str = "transpile"


@dataclass
class MetricData:
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    measured: np.ndarray


def metric_data(perf: Perf, metric: str) -> MetricData:
    ok = np.isfinite(perf.values[metric])
    return MetricData(perf.app[ok], perf.system[ok], perf.values[metric][ok], perf.measured[ok])


def split(n: int, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    perm = np.random.default_rng(seed).permutation(n)
    cut = int(round(fraction * n))
    return np.sort(perm[:cut]), np.sort(perm[cut:])


def fit_predict(d: MetricData, train: np.ndarray, app_feats: np.ndarray,
                spec_feats: np.ndarray, peaks: np.ndarray,
                cfg: Config) -> tuple[dict[str, np.ndarray], dict[str, list[float]]]:
    """Train the three models on ``train``; predict the metric for every entry of ``d``."""
    logs = np.log(d.values)
    mean, std = logs[train].mean(), logs[train].std()
    z = (logs - mean) / std
    rows, cols = d.rows, d.cols
    n_apps, n_sys = app_feats.shape[0], spec_feats.shape[0]
    mf, mf_loss = model.train_mf(rows[train], cols[train], z[train], n_apps, n_sys, cfg.mf,
                                 cfg.seed, cfg.backend)
    seen = np.zeros(n_sys, dtype=bool)
    seen[np.unique(cols[train])] = True
    v, bv = model.system_latents(mf, spec_feats, seen)
    preds = {"MF": model.predict_mf(mf, rows, cols, cfg.backend, v, bv)}
    losses = {"MF": mf_loss}
    x = model.features(mf, rows, cols, app_feats, spec_feats, peaks, v, bv)
    for depth in (1, 2):
        mcfg = model.MLPConfig(**{**cfg.mlp.__dict__, "depth": depth})
        name = f"MF+MLP-{depth}"
        members = []
        for k in range(mcfg.ensemble):  # the mean of a few nets, in log space
            seed = cfg.seed + 100 * k + depth
            theta, loss = model.train_mlp(x[train], z[train], mcfg, seed, cfg.backend)
            members.append(model.predict_mlp(theta, x, mcfg, cfg.backend))
            losses[name] = loss
        preds[name] = np.mean(members, axis=0)
    return {k: np.exp(p * std + mean) for k, p in preds.items()}, losses


def run_metric(perf: Perf, systems: Systems, apps: Apps, metric: str,
               cfg: Config) -> dict[str, Any]:
    d = metric_data(perf, metric)
    spec_feats = systems.features()
    app_feats = apps.features(perf.apps)
    peaks = unit_peaks(apps, perf.apps, systems)
    train, test = split(d.values.shape[0], cfg.train_fraction, cfg.seed)
    preds, losses = fit_predict(d, train, app_feats, spec_feats, peaks, cfg)
    meas_test = test[d.measured[test]]
    result: dict[str, Any] = {
        "entries": int(d.values.shape[0]),
        "train": int(train.shape[0]),
        "test": int(test.shape[0]),
        "test_measured": int(meas_test.shape[0]),
        "accuracy": {m: model.accuracy(preds[m][test], d.values[test]) for m in MODELS},
        "accuracy_measured_entries": {
            m: model.accuracy(preds[m][meas_test], d.values[meas_test]) for m in MODELS
        } if meas_test.size else None,
        "measured_systems": sorted({systems.names[i] for i in d.cols[test][d.measured[test]]}),
        "accuracy_measured_by_system": {
            systems.names[g]: {m: model.accuracy(preds[m][sel], d.values[sel]) for m in MODELS}
            for g in sorted(set(d.cols[meas_test].tolist()))
            for sel in [meas_test[d.cols[meas_test] == g]]
        },
        "final_train_loss": {m: losses[m][-1] for m in MODELS},
        "first_train_loss": {m: losses[m][0] for m in MODELS},
        "test_points": {
            "true": d.values[test].tolist(),
            "measured": d.measured[test].tolist(),
            **{m: preds[m][test].tolist() for m in MODELS},
        },
    }
    if metric in cfg.cold_metrics:
        result["cold_start"] = cold_start(d, train, app_feats, spec_feats, peaks, systems, cfg)
    return result


def cold_start(d: MetricData, train: np.ndarray, app_feats: np.ndarray,
               spec_feats: np.ndarray, peaks: np.ndarray, systems: Systems,
               cfg: Config) -> dict[str, Any]:
    index = systems.index()
    per_system: dict[str, dict[str, float]] = {}
    for name in cfg.cold_systems:
        s = index[name]
        held = np.flatnonzero(d.cols == s)
        if held.size == 0:
            continue
        keep = train[d.cols[train] != s]
        preds, _ = fit_predict(d, keep, app_feats, spec_feats, peaks, cfg)
        per_system[name] = {m: model.accuracy(preds[m][held], d.values[held]) for m in MODELS}
    if not per_system:
        return {"per_system": {}, "mean": None}
    mean = {m: float(np.mean([a[m] for a in per_system.values()])) for m in MODELS}
    return {"per_system": per_system, "mean": mean}
