"""Epoch time of the LBCNN example's three models, by back end.

CPU (``--cpu``, default): the loop kernels compiled by @transpile, the same kernels run by
CPython, and vectorised NumPy. GPU (``--gpu``): CuPy with transpyle's conv2d and LBC kernels,
against the same model's NumPy back end on that machine's CPU. Everything outside the hot
loops (1x1 convolution, batch norm, ReLU, dense, loss, SGD) is the same array code in all.

Training time is measured over whole epochs (median of ``--epochs`` after a warm-up that
compiles the kernels), except for CPython loops, which are far too slow for that: they are
timed over ``--python-batches`` mini-batches and the epoch time is that per-batch time times
the number of batches (marked ``extrapolated`` in the JSON).

    python benchmarks/lbcnn.py [--cpu] [--gpu] [--epochs 3] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

# One thread for NumPy's BLAS unless the caller says otherwise: the loop kernels run on one
# core, and on a shared machine a multi-threaded BLAS can lose most of its time waiting.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import cpu_name  # noqa: E402
from examples.lbcnn.data import Dataset, load_digits  # noqa: E402
from examples.lbcnn.model import (  # noqa: E402
    SGD,
    ModelConfig,
    build_model,
    predict,
    synchronize,
    train_epoch,
)
from examples.lbcnn.ops import make_ops  # noqa: E402

KINDS = ("cnn", "lbcnn", "half")


def machine() -> dict[str, Any]:
    return {"host": platform.node(), "cpu": cpu_name(), "logical_cpus": os.cpu_count(),
            "python": platform.python_version(), "numpy": np.__version__,
            "blas_threads": os.environ["OPENBLAS_NUM_THREADS"],
            "load_average_at_start": os.getloadavg()}


def _timed(fn: Any, ops: Any) -> float:
    t0 = time.perf_counter()
    fn()
    synchronize(ops)
    return time.perf_counter() - t0


def device_profile(model: Any, opt: Any, x: np.ndarray, y: np.ndarray, batch: int,
                   graphs: Any) -> dict[str, Any]:
    """Kernels launched and device time of one training step (eager, or its graph's replay),
    counted by torch's profiler (CUPTI sees every kernel of the process, CuPy's included)."""
    try:
        import torch
        from torch.profiler import ProfilerActivity, profile

        rng = np.random.default_rng(1)
        xb = np.ascontiguousarray(x[:batch], np.float32)
        yb = np.ascontiguousarray(y[:batch])
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            if graphs is not None:
                graphs.epoch(model, opt, [(xb, yb)])
            else:
                train_epoch(model, opt, xb, yb, batch, rng)
            synchronize(model.ops)
        events = [e for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA]
        names = [e.name for e in events]
        device_us = sum(float(getattr(e, "device_time_total", 0.0) or 0.0) for e in events)
        return {"device_ops_per_step": len(events), "device_us_per_step": device_us,
                "kernels": {n: names.count(n) for n in sorted(set(names))}}
    except Exception as exc:  # noqa: BLE001 - the profile is extra; say why it is missing
        return {"profile_error": f"{type(exc).__name__}: {exc}"}


def measure(kind: str, backend: str, data: Dataset, batch: int, epochs: int,
            python_batches: int, keep: list | None = None) -> dict[str, Any]:
    """One model's epoch times on one back end; ``keep`` receives (row, model, optimiser,
    graphs) for :func:`device_profile` after every timing (the profiler's CUPTI hooks could
    slow the launches timed after it)."""
    graphs = None
    ops = make_ops("gpu" if backend == "gpu-graph" else backend)
    if backend == "gpu-graph":
        from examples.lbcnn.graph import StepGraphs

        graphs = StepGraphs(ops.xp)
    model = build_model(ModelConfig(kind=kind)).bind(ops, np.float32)
    rng = np.random.default_rng(0)
    opt = SGD(lr=0.02)
    x, y = data.x_train, data.y_train
    n_batches = -(-len(y) // batch)
    row: dict[str, Any] = {"model": kind, "backend": backend, "batch": batch,
                           "batches_per_epoch": n_batches}
    if backend == "python":
        secs = _timed(lambda: train_epoch(model, opt, x, y, batch, rng,
                                          max_batches=python_batches), ops)
        row.update(extrapolated=True, measured_batches=python_batches,
                   seconds_per_batch=secs / python_batches,
                   seconds_per_epoch=secs / python_batches * n_batches)
        return row
    # warm-up: compiles the kernels; with graphs, captures both batch shapes of an epoch
    for _ in range(1 if graphs is None else 3):
        _timed(lambda: train_epoch(model, opt, x, y, batch, rng, graphs=graphs,
                                   max_batches=3 if graphs is None else None), ops)
    times = [_timed(lambda: train_epoch(model, opt, x, y, batch, rng, graphs=graphs), ops)
             for _ in range(epochs)]
    if keep is not None and backend.startswith("gpu"):
        keep.append((row, model, opt, graphs))
    if graphs is not None:
        row.update(graph_failure=graphs.failure, graph_launches=graphs.launches,
                   eager_steps=graphs.eager)
    predict(model, data.x_test)
    infer = [_timed(lambda: predict(model, data.x_test), ops) for _ in range(5)]
    row.update(extrapolated=False, epoch_seconds=times,
               seconds_per_epoch=statistics.median(times),
               seconds_per_batch=statistics.median(times) / n_batches,
               inference_seconds=statistics.median(infer), test_images=len(data.y_test))
    return row


def report(rows: list[dict[str, Any]], base: str) -> None:
    print(f"{'model':6s} {'backend':10s} {'batch':>5s} {'s/epoch':>9s} {'x vs ' + base:>10s} "
          f"{'infer ms':>9s}")
    for r in rows:
        ref = next(b for b in rows if b["model"] == r["model"] and b["batch"] == r["batch"]
                   and b["backend"] == base)
        r[f"speedup_vs_{base}"] = ref["seconds_per_epoch"] / r["seconds_per_epoch"]
        infer = f"{1e3 * r['inference_seconds']:9.2f}" if "inference_seconds" in r else " " * 9
        mark = "*" if r["extrapolated"] else " "
        print(f"{r['model']:6s} {r['backend']:10s} {r['batch']:5d} {r['seconds_per_epoch']:8.3f}"
              f"{mark} {r[f'speedup_vs_{base}']:9.2f}x {infer}")
    if any(r["extrapolated"] for r in rows):
        print("* CPython loops: timed over a few batches, times the batches of an epoch")


def run_cpu(args: argparse.Namespace, data: Dataset) -> dict[str, Any]:
    info = machine()
    rows = []
    for kind in KINDS:
        for backend in args.backends or ("transpile", "numpy", "python"):
            rows.append(measure(kind, backend, data, args.batch, args.epochs,
                                args.python_batches))
            print(f"  {kind} {backend}: {rows[-1]['seconds_per_epoch']:.3f} s/epoch",
                  flush=True)
    report(rows, "python" if "python" in (args.backends or ["python"]) else rows[0]["backend"])
    return {"machine": info, "rows": rows}


def run_gpu(args: argparse.Namespace, data: Dataset) -> dict[str, Any]:
    from transpyle.runtime import gpu

    info = machine()
    info["device"] = gpu.device_name()
    info["cupy"] = gpu.cupy().__version__
    rows: list[dict[str, Any]] = []
    kept: list[tuple] = []
    for batch in (args.batch, 256):
        for kind in KINDS:
            for backend in args.backends or ("gpu-graph", "gpu", "numpy"):
                rows.append(measure(kind, backend, data, batch, args.epochs, 0, kept))
                r = rows[-1]
                extra = "".join(f" {k} {r[k]}" for k in (
                    "graph_failure", "graph_launches", "eager_steps") if k in r)
                print(f"  {kind} {backend} batch {batch}: "
                      f"{r['seconds_per_epoch']:.4f} s/epoch, "
                      f"{1e3 * r['seconds_per_batch']:.3f} ms/step;{extra}", flush=True)
    for r, model, opt, graphs in kept:
        r.update(device_profile(model, opt, data.x_train, data.y_train, r["batch"], graphs))
        print(f"  profile {r['model']} {r['backend']} batch {r['batch']}: " + (
            r["profile_error"] if "profile_error" in r else
            f"{r['device_ops_per_step']} device operations, {r['device_us_per_step']:.0f} us "
            f"of device time a step (the step takes {1e6 * r['seconds_per_batch']:.0f} us)"),
            flush=True)
    report(rows, "numpy" if "numpy" in (args.backends or ["numpy"]) else rows[0]["backend"])
    for batch in (args.batch, 256):
        for backend in args.backends or ("gpu-graph", "gpu"):
            by = {r["model"]: r["seconds_per_epoch"] for r in rows
                  if r["batch"] == batch and r["backend"] == backend}
            if "cnn" in by and "half" in by:
                print(f"half-LBC / CNN epoch, {backend} batch {batch}: "
                      f"{by['half'] / by['cnn']:.2f}x (goal at batch 256: <= 1.2x)")
    return {"machine": info, "rows": rows}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--cpu", action="store_true")
    ap.add_argument("--gpu", action="store_true")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--python-batches", type=int, default=2)
    ap.add_argument("--backends", nargs="*", help="a subset of the back ends")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = ap.parse_args()
    data = load_digits(seed=0)
    results = {}
    if args.gpu:
        results["gpu"] = run_gpu(args, data)
    if args.cpu or not args.gpu:
        results["cpu"] = run_cpu(args, data)
    for part, body in results.items():
        body.update(dataset=f"{data.name}: {len(data.y_train)} train, {len(data.y_test)} test",
                    date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                    load_average_at_end=os.getloadavg(), dtype="float32",
                    note="1x1, batch norm, ReLU, dense, loss and SGD are NumPy/CuPy array code "
                         "in every back end; the back ends differ in conv, LBC and pooling")
        path = Path(args.out) / f"lbcnn_{part}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(body, indent=1))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
