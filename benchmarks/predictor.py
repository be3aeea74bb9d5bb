"""Training time of the GPU performance predictor: @transpile vs CPython vs NumPy, side by side.

Times one epoch of each hot loop (the factorisation's SGD, MLP-1 and MLP-2 mini-batch Adam) on
the predictor's real training set (FLOP/s, 70% split), run by the three backends from the same
starting point: the ``@transpile`` entry points (compiled through Fortran; the build is cached,
and the cold first call is timed separately in a fresh process and cache), the same functions in
CPython (``entry.fn``) and NumPy-vectorised versions. The median of several epochs is reported,
with the largest difference between the backends' parameters after one epoch from the same start
(the NumPy factorisation takes mini-batch steps, so it differs by design).

    python benchmarks/predictor.py [--repeats 5] [--python-repeats 2] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import cpu_name  # noqa: E402
from examples.predictor import dataset, experiment, kernels, model  # noqa: E402


def training_inputs() -> dict[str, Any]:
    """The FLOP/s training entries and MLP features, as the experiment builds them."""
    systems, apps = dataset.load_systems(), dataset.load_apps()
    perf = dataset.load_perf(systems=systems)
    d = experiment.metric_data(perf, "flops_per_s")
    train, _ = experiment.split(d.values.shape[0], experiment.TRAIN_FRACTION, experiment.SEED)
    logs = np.log(d.values)
    z = (logs - logs[train].mean()) / logs[train].std()
    cfg = model.MFConfig()
    mf, _ = model.train_mf(d.rows[train], d.cols[train], z[train], len(perf.apps),
                           len(systems.names), cfg, experiment.SEED)
    x = model.features(mf, d.rows, d.cols, apps.features(perf.apps), systems.features(),
                       dataset.unit_peaks(apps, perf.apps, systems), mf.v, mf.bv)
    return {"rows": d.rows[train], "cols": d.cols[train], "z": z[train], "x": x[train],
            "n_apps": len(perf.apps), "n_sys": len(systems.names), "rank": cfg.rank}


def time_epochs(run: Callable[[], Any], repeats: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def bench_mf(data: dict[str, Any], backend: str, repeats: int) -> tuple[float, np.ndarray]:
    ops = model.backend_ops(backend)
    rng = np.random.default_rng(1)
    u = 0.1 * rng.standard_normal((data["n_apps"], data["rank"]))
    v = 0.1 * rng.standard_normal((data["n_sys"], data["rank"]))
    bu, bv = np.zeros(data["n_apps"]), np.zeros(data["n_sys"])
    order = rng.permutation(data["z"].shape[0]).astype(np.int64)
    args = (data["rows"], data["cols"], data["z"], order, u, v, bu, bv, 0.0, 0.03, 0.01)
    ops.mf_epoch(*args)  # one epoch from the common start: compared, and a warm-up
    after_one = u.copy()
    med, _ = time_epochs(lambda: ops.mf_epoch(*args), repeats)
    return med, after_one


def bench_mlp(data: dict[str, Any], backend: str, depth: int,
              repeats: int) -> tuple[float, np.ndarray]:
    ops = model.backend_ops(backend)
    cfg = model.MLPConfig(depth=depth)
    x, y = data["x"], data["z"]
    rng = np.random.default_rng(2)
    theta = 0.2 * rng.standard_normal(kernels.n_params(x.shape[1], cfg.hidden, depth))
    grad, mom, vel = np.zeros_like(theta), np.zeros_like(theta), np.zeros_like(theta)
    perm = rng.permutation(x.shape[0]).astype(np.int64)
    step = [0]

    def epoch() -> None:
        ops.mlp_epoch(x, y, perm, cfg.batch, theta, grad, mom, vel, cfg.hidden, depth, cfg.lr,
                      cfg.wd, step[0])
        step[0] += -(-x.shape[0] // cfg.batch)

    epoch()  # one epoch from the common start: compared, and a warm-up
    after_one = theta.copy()
    med, _ = time_epochs(epoch, repeats)
    return med, after_one


def cold_first_call() -> float:
    """Seconds of the first mlp_epoch call in a fresh process with an empty build cache."""
    code = ("import time, numpy as np; from examples.predictor import kernels as k; "
            "x = np.random.rand(40, 6); y = np.random.rand(40); p = np.arange(40); "
            "t = np.random.rand(k.n_params(6, 8, 2)); z = np.zeros_like(t); "
            "s = time.perf_counter(); k.mlp_epoch(x, y, p, 8, t, z, z.copy(), z.copy(), 8, 2, "
            "1e-3, 0.0, 0); print(time.perf_counter() - s)")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "TRANSPYLE_CACHE_DIR": cache, "PYTHONPATH": str(ROOT)}
        out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                             capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="epochs timed (compiled, NumPy)")
    parser.add_argument("--python-repeats", type=int, default=2, help="epochs timed (CPython)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" /
                        "predictor_cpu.json")
    args = parser.parse_args(argv)
    data = training_inputs()
    rows: list[dict[str, Any]] = []
    cases = [("MF SGD epoch", lambda b, r: bench_mf(data, b, r))] + [
        (f"MLP-{d} epoch", lambda b, r, d=d: bench_mlp(data, b, d, r)) for d in (1, 2)]
    for label, fn in cases:
        results = {}
        for backend in model.BACKENDS:
            reps = args.python_repeats if backend == "python" else args.repeats
            results[backend] = fn(backend, reps)
        ref = results["python"][1]
        row: dict[str, Any] = {"loop": label, "entries": int(data["z"].shape[0]),
                               **{f"{b}_s": results[b][0] for b in model.BACKENDS},
                               "speedup_transpile_vs_python":
                                   results["python"][0] / results["transpile"][0],
                               "speedup_transpile_vs_numpy":
                                   results["numpy"][0] / results["transpile"][0],
                               "max_diff_transpile_vs_python":
                                   float(np.abs(results["transpile"][1] - ref).max()),
                               "max_diff_numpy_vs_python":
                                   float(np.abs(results["numpy"][1] - ref).max())}
        rows.append(row)
        print(f"{label:14s} transpile {row['transpile_s'] * 1e3:9.3f} ms  python "
              f"{row['python_s'] * 1e3:10.1f} ms  numpy {row['numpy_s'] * 1e3:8.3f} ms  "
              f"x{row['speedup_transpile_vs_python']:.0f} vs CPython, "
              f"x{row['speedup_transpile_vs_numpy']:.1f} vs NumPy", flush=True)
    cold = cold_first_call()
    print(f"first call of mlp_epoch with an empty cache (translate + build): {cold:.2f} s")
    env = {"cpu": cpu_name(), "cores": os.cpu_count(), "python": platform.python_version(),
           "numpy": np.__version__, "machine": platform.machine(), "system": platform.system(),
           "load_average_1min": os.getloadavg()[0],
           "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"environment": env, "cold_first_call_s": cold,
                                    "results": rows}, indent=1) + "\n")
    print(f"# {env['cpu']}, {env['cores']} cores; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
