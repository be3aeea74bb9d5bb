"""Train a CNN, a full LBCNN and a half-LBC network of the same shape, and compare them.

    python -m examples.lbcnn [--epochs 25] [--backend transpile|numpy|python|gpu|gpu-fp32]
                             [--anchors 16] [--density 0.5] [--mnist DIR] [--out DIR]

Prints a table (learnable parameters, test accuracy, training time per epoch, inference time),
checks it against LBCNN's claims, and writes ``curves.png`` and ``results.json`` to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from examples.lbcnn.data import Dataset, load_digits, load_mnist
from examples.lbcnn.model import KINDS, History, ModelConfig, build_model, predict, train
from examples.lbcnn.ops import make_ops
from transpyle.errors import TranspileError

NAMES = {"cnn": "CNN", "lbcnn": "LBCNN", "half": "half-LBC"}
TARGETS = {"lbcnn": 2.0, "half": 1.0}  # most test-accuracy points below the CNN's


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m examples.lbcnn",
                                 description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--backend", default="transpile",
                    choices=("transpile", "numpy", "python", "gpu", "gpu-fp32"))
    ap.add_argument("--anchors", type=int, default=16, help="anchor filters per LBC layer")
    ap.add_argument("--density", type=float, default=0.5, help="non-zero fraction of anchor taps")
    ap.add_argument("--channels", default="16,32", help="channels of the two stages")
    ap.add_argument("--models", default=",".join(KINDS), help="subset of cnn,lbcnn,half")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--augment", action="store_true",
                    help="shift training images by up to a pixel each way")
    ap.add_argument("--mnist", metavar="DIR", help="train on MNIST's IDX files in DIR instead")
    ap.add_argument("--limit", type=int, help="use only the first LIMIT MNIST images of each set")
    ap.add_argument("--out", default="lbcnn_results", help="folder for curves.png, results.json")
    ap.add_argument("--quiet", action="store_true", help="no per-epoch lines")
    return ap.parse_args(argv)


def inference_seconds(model: Any, x: np.ndarray, repeats: int = 5) -> float:
    """Median wall time of predicting the whole test set (after one warm-up)."""
    predict(model, x)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        predict(model, x)  # returns host labels, so the GPU is synchronised
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run_one(kind: str, args: argparse.Namespace, data: Dataset) -> dict[str, Any]:
    channels = tuple(int(c) for c in args.channels.split(","))
    config = ModelConfig(kind=kind, in_channels=data.x_train.shape[1], channels=channels,
                         n_anchors=args.anchors, density=args.density, seed=args.seed)
    model = build_model(config).bind(make_ops(args.backend), np.float32)
    print(f"{NAMES[kind]}: {model.n_learnable()} learnable parameters", flush=True)
    log = None if args.quiet else (lambda line: print(line, flush=True))
    hist: History = train(model, data, args.epochs, args.batch, args.lr, args.seed,
                          augment=args.augment, log=log)
    return {
        "model": kind,
        "learnable_parameters": model.n_learnable(),
        "test_accuracy": hist.test_acc[-1],
        # the first epoch also compiles the kernels (or loads them from the cache)
        "seconds_per_epoch": statistics.median(hist.epoch_seconds[1:] or hist.epoch_seconds),
        "first_epoch_seconds": hist.epoch_seconds[0],
        "inference_seconds": inference_seconds(model, data.x_test),
        "history": {k: getattr(hist, k) for k in
                    ("train_loss", "train_acc", "test_acc", "epoch_seconds")},
    }


def table(rows: list[dict[str, Any]], n_test: int) -> str:
    base = next((r for r in rows if r["model"] == "cnn"), rows[0])
    lines = [f"{'model':10s} {'learnable':>9s} {'fewer':>6s} {'test acc':>8s} {'vs CNN':>7s} "
             f"{'s/epoch':>8s} {'infer ms':>8s} {'us/img':>7s}"]
    for r in rows:
        ratio = base["learnable_parameters"] / r["learnable_parameters"]
        delta = 100 * (r["test_accuracy"] - base["test_accuracy"])
        lines.append(
            f"{NAMES[r['model']]:10s} {r['learnable_parameters']:9d} {ratio:5.1f}x "
            f"{100 * r['test_accuracy']:7.2f}% {delta:+6.2f}  {r['seconds_per_epoch']:8.3f} "
            f"{1e3 * r['inference_seconds']:8.2f} {1e6 * r['inference_seconds'] / n_test:7.1f}")
    return "\n".join(lines)


def verdicts(rows: list[dict[str, Any]], n_test: int) -> list[str]:
    by = {r["model"]: r for r in rows}
    if "cnn" not in by:
        return []
    cnn, out = by["cnn"], []
    for kind, most in TARGETS.items():
        if kind not in by:
            continue
        r = by[kind]
        ratio = cnn["learnable_parameters"] / r["learnable_parameters"]
        gap = 100 * (cnn["test_accuracy"] - r["test_accuracy"])
        ok = gap <= most + 1e-9
        line = (f"{NAMES[kind]}: {ratio:.1f}x fewer learnable parameters; "
                f"{gap:.2f} points below the CNN (target: within {most:g}) -> "
                f"{'met' if ok else f'missed by {gap - most:.2f} points'}")
        if kind == "lbcnn":
            line += f"; >= 5x fewer -> {'met' if ratio >= 5 else 'missed'}"
        out.append(line + f" [one test image = {100 / n_test:.2f} points]")
    return out


def plot(rows: list[dict[str, Any]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    for r in rows:
        h = r["history"]
        epochs = np.arange(1, len(h["train_loss"]) + 1)
        ax_loss.semilogy(epochs, h["train_loss"], label=NAMES[r["model"]])
        ax_acc.plot(epochs, 100 * np.asarray(h["test_acc"]), label=NAMES[r["model"]])
    ax_loss.set(xlabel="epoch", ylabel="training loss (cross-entropy)", title=title)
    ax_acc.set(xlabel="epoch", ylabel="test accuracy (%)", ylim=(80, 100))
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        data = load_mnist(args.mnist, args.limit) if args.mnist else load_digits(seed=args.seed)
        print(f"{data.name}: {len(data.y_train)} training, {len(data.y_test)} test images "
              f"{data.x_train.shape[2]}x{data.x_train.shape[3]}; backend {args.backend}; "
              f"{args.epochs} epochs, seed {args.seed}", flush=True)
        rows = [run_one(kind, args, data) for kind in args.models.split(",")]
    except TranspileError as exc:
        print(exc, file=sys.stderr)
        return 2
    n_test = len(data.y_test)
    print()
    print(table(rows, n_test))
    for line in verdicts(rows, n_test):
        print(line)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    plot(rows, out / "curves.png", f"{data.name}, backend {args.backend}")
    summary = {"dataset": data.name, "backend": args.backend, "machine": platform.node(),
               "processor": platform.processor() or platform.machine(),
               "arguments": vars(args), "results": rows, "verdicts": verdicts(rows, n_test)}
    (out / "results.json").write_text(json.dumps(summary, indent=1))
    print(f"wrote {out / 'curves.png'} and {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
