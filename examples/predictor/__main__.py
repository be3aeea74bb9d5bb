"""`python -m examples.predictor`: train MF, MF + MLP-1 and MF + MLP-2 on the GPU performance
data set, print accuracy per model and metric, save the results (JSON) and a predicted-vs-true
plot (PNG).

    python -m examples.predictor [--out-dir benchmarks/results] [--backend transpile]
                                 [--no-cold-start] [--no-plot]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from examples.predictor import dataset, experiment, model
from transpyle.errors import TranspileError

ROOT = Path(__file__).resolve().parents[2]
METRIC_LABEL = {"flops_per_s": "FLOP/s", "bytes_per_s": "bytes/s", "time_s": "time"}


def table(results: dict[str, Any], key: str) -> list[str]:
    head = f"{'metric':10s}" + "".join(f"{m:>11s}" for m in experiment.MODELS)
    lines = [head, "-" * len(head)]
    for metric, r in results.items():
        acc = r.get("cold_start", {}).get("mean") if key == "cold_start" else r[key]
        if acc is None:
            continue
        lines.append(f"{METRIC_LABEL[metric]:10s}" +
                     "".join(f"{100 * acc[m]:10.1f}%" for m in experiment.MODELS))
    return lines


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = list(results)
    gpus = results[metrics[0]].get("measured_systems", [])
    label = f"measured ({', '.join(gpus)})" if gpus else "measured"
    fig, axes = plt.subplots(len(metrics), 3, figsize=(12, 3.8 * len(metrics)), squeeze=False)
    for row, metric in enumerate(metrics):
        pts = results[metric]["test_points"]
        true = np.array(pts["true"])
        meas = np.array(pts["measured"], dtype=bool)
        for col, name in enumerate(experiment.MODELS):
            ax = axes[row][col]
            pred = np.array(pts[name])
            ax.loglog(true[~meas], pred[~meas], ".", ms=4, label="modelled entries")
            ax.loglog(true[meas], pred[meas], "o", ms=6, mfc="none", label=label)
            lo, hi = min(true.min(), pred.min()), max(true.max(), pred.max())
            ax.plot([lo, hi], [lo, hi], "k-", lw=0.8)
            acc = results[metric]["accuracy"][name]
            ax.set_title(f"{name}, {METRIC_LABEL[metric]}: accuracy {100 * acc:.1f}%")
            ax.set_xlabel("true (held out)")
            ax.set_ylabel("predicted")
            if row == 0 and col == 0:
                ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def seed_spread(perf: dataset.Perf, systems: dataset.Systems, apps: dataset.Apps,
                cfg: experiment.Config, extra: int) -> dict[str, Any] | None:
    """FLOP/s accuracy of each model for the main seed and ``extra`` further split seeds."""
    if extra <= 0:
        return None
    seeds = [cfg.seed + k for k in range(extra + 1)]
    acc: dict[str, list[float]] = {m: [] for m in experiment.MODELS}
    for seed in seeds:
        c = experiment.Config(seed=seed, cold_systems=(), backend=cfg.backend)
        r = experiment.run_metric(perf, systems, apps, "flops_per_s", c)
        for m in experiment.MODELS:
            acc[m].append(r["accuracy"][m])
    return {"seeds": seeds, "accuracy": acc}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--backend", choices=model.BACKENDS, default="transpile")
    parser.add_argument("--no-cold-start", action="store_true")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument("--extra-seeds", type=int, default=4,
                        help="further random splits for FLOP/s (no cold start): the spread")
    args = parser.parse_args(argv)
    try:
        systems = dataset.load_systems()
        perf = dataset.load_perf(systems=systems)
        apps = dataset.load_apps()
    except TranspileError as exc:
        print(exc.render(), file=sys.stderr)
        return 2
    cfg = experiment.Config(backend=args.backend)
    if args.no_cold_start:
        cfg.cold_systems = ()
    n_meas = int(perf.measured.sum())
    print(f"data: {len(perf.apps)} applications x {len(perf.systems)} GPUs, "
          f"{perf.app.shape[0]} entries ({n_meas} measured on "
          f"{', '.join(sorted({perf.systems[s] for s in perf.system[perf.measured]}))}, "
          f"{perf.app.shape[0] - n_meas} modelled)")
    print(f"split: {100 * cfg.train_fraction:.0f}% of each metric's entries train, the rest "
          f"held out (seed {cfg.seed}); loops run by backend '{cfg.backend}'")
    t0 = time.perf_counter()
    results = {m: experiment.run_metric(perf, systems, apps, m, cfg) for m in dataset.METRICS}
    elapsed = time.perf_counter() - t0
    print("\naccuracy (1 - MAPE) on held-out entries")
    print("\n".join(table(results, "accuracy")))
    print("\n... on the held-out entries measured on the GPU (few)")
    print("\n".join(table(results, "accuracy_measured_entries")))
    if cfg.cold_systems:
        print(f"\ncold start (mean over {len(cfg.cold_systems)} GPUs never seen in training)")
        print("\n".join(table(results, "cold_start")))
    spread = seed_spread(perf, systems, apps, cfg, args.extra_seeds)
    if spread:
        print(f"\nFLOP/s accuracy over {len(spread['seeds'])} random splits (seeds "
              f"{', '.join(map(str, spread['seeds']))}): mean [min, max]")
        for m in experiment.MODELS:
            a = spread["accuracy"][m]
            print(f"  {m:9s} {100 * np.mean(a):5.1f}% [{100 * min(a):.1f}, {100 * max(a):.1f}]")
    print(f"\ntrained in {elapsed:.1f} s")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    out = args.out_dir / "predictor_accuracy.json"
    meta = {"seed": cfg.seed, "train_fraction": cfg.train_fraction, "backend": cfg.backend,
            "mf": cfg.mf.__dict__, "mlp": cfg.mlp.__dict__, "seconds": elapsed,
            "machine": f"{platform.processor() or platform.machine()}, {platform.system()}",
            "python": platform.python_version(), "numpy": np.__version__}
    out.write_text(json.dumps({"config": meta, "results": results, "seed_spread": spread},
                              indent=1) + "\n")
    print(f"wrote {out}")
    if not args.no_plot:
        png = args.out_dir / "predictor_pred_vs_true.png"
        plot(results, png)
        print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
