"""The convolution-layer part of the GPU benchmark: conv2d_layer (implicit GEMM) against cuDNN.

Checked first on fresh random inputs at odd shapes (strides 1 and 2, same and valid padding,
3x3 and 1x1) against the float64 reference: the normwise error ||y - ref|| / ||ref|| and the
worst element's error over the sum of the magnitudes of its products (conv(|x|, |w|)). Then the
layer shapes of issue 16 are timed with CUDA events after a warm-up, with cuDNN (torch) in fp32
and in TF32 (``torch.backends.cudnn.allow_tf32``) in the same run, and cuDNN's own errors on
the same inputs. ``python benchmarks/gpu_kernels.py --only layer``.
"""

# ruff: noqa: B023  (the lambdas are timed inside the loop iteration that makes them)
from __future__ import annotations

from typing import Any

import numpy as np

from transpyle.kernels.conv_gemm import check_args, conv2d_layer, conv2d_layer_reference, plan

# (N, C, H, W, K, R, stride, padding): odd sizes, every option
CHECKS = (
    (3, 5, 17, 19, 7, 3, 1, "same"),
    (2, 16, 33, 31, 32, 3, 1, "same"),
    (2, 13, 29, 35, 70, 3, 2, "same"),
    (1, 64, 15, 13, 129, 3, 1, "valid"),
    (3, 9, 22, 27, 40, 3, 2, "valid"),
    (2, 37, 21, 23, 65, 1, 1, "same"),
    (2, 24, 19, 17, 33, 1, 2, "same"),
    (1, 3, 7, 9, 5, 1, 2, "valid"),
    (2, 200, 9, 11, 150, 3, 1, "same"),
)
LAYERS = (  # issue 16's table
    ("n64 16->32 56^2 3x3", (64, 16, 56, 56, 32, 3, 1, "same")),
    ("n32 64->64 56^2 3x3", (32, 64, 56, 56, 64, 3, 1, "same")),
)
SWEEP = (  # (bm, bn, bk, stages) tried on each layer shape besides the planner's choice
    (64, 32, 16, 3), (128, 32, 16, 4), (128, 64, 16, 3), (128, 64, 32, 4), (128, 128, 32, 3),
)


def _errors(got: np.ndarray, ref: np.ndarray, mag: np.ndarray) -> tuple[float, float]:
    got = np.asarray(got, dtype=np.float64)
    if not np.isfinite(got).all():
        return float("inf"), float("inf")
    norm = float(np.linalg.norm(got - ref) / np.linalg.norm(ref))
    worst = float(np.max(np.abs(got - ref) / np.maximum(mag, 1e-30)))
    return norm, worst


def _inputs(rng: np.random.Generator, case: tuple) -> tuple[np.ndarray, np.ndarray]:
    n, c, h, w, k, r = case[:6]
    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    wt = rng.standard_normal((k, c, r, r)).astype(np.float32)
    return x, wt


def check_layers(b: Any, rng: np.random.Generator) -> None:
    cp = b.cp
    for case in CHECKS:
        x, w = _inputs(rng, case)
        stride, padding = case[6], case[7]
        ref = conv2d_layer_reference(x, w, stride, padding)
        mag = conv2d_layer_reference(np.abs(x), np.abs(w), stride, padding)
        for precision in ("tf32", "fp32"):
            out = cp.full(ref.shape, np.nan, dtype=np.float32)
            try:
                conv2d_layer(cp.asarray(x), cp.asarray(w), stride=stride, padding=padding,
                             precision=precision, out=out)
            except Exception as exc:  # reported, the other checks still run
                b.rows.append({"group": "layer", "name": f"check {precision} {case}",
                               "error": f"{type(exc).__name__}: {exc}"[:2000]})
                print(f"layer   check {precision} {case} ERROR {exc}"[:3000], flush=True)
                continue
            norm, worst = _errors(cp.asnumpy(out), ref, mag)
            limit = 1e-3 if precision == "tf32" else 1e-5
            row = {"group": "layer", "name": f"check {precision} {case}", "rel_err": norm,
                   "worst_of_abs_sum": worst, "ok": bool(norm < limit and worst < limit),
                   "desc": repr(plan(check_args(x, w, stride, padding), precision))}
            b.rows.append(row)
            print(f"layer   check {precision} {case} norm {norm:.2e} worst/|sum| {worst:.2e} "
                  f"{'ok' if row['ok'] else 'FAIL'}", flush=True)


def bench_layers(b: Any, torch: Any | None, rng: np.random.Generator, quick: bool) -> None:
    cp = b.cp
    for label, case in LAYERS:
        x, w = _inputs(rng, case)
        stride, padding = case[6], case[7]
        ref = cp.asarray(conv2d_layer_reference(x, w, stride, padding))
        mag = cp.asarray(conv2d_layer_reference(np.abs(x), np.abs(w), stride, padding))
        xd, wd = cp.asarray(x), cp.asarray(w)
        shape = check_args(x, w, stride, padding)
        flops = 2 * shape.m * shape.k * shape.crs
        nbytes = x.nbytes + w.nbytes + 4 * shape.m * shape.k
        out = cp.empty(ref.shape, dtype=np.float32)

        def errors(got: Any) -> dict[str, float]:
            diff = cp.abs(got.astype(cp.float64) - ref)
            return {"rel_err": float(cp.linalg.norm(diff) / cp.linalg.norm(ref)),
                    "worst_of_abs_sum": float(cp.max(diff / mag))}

        variants = [{}] + ([] if quick else [dict(zip(("bm", "bn", "bk", "stages"), v, strict=True))
                                             for v in SWEEP])
        for precision in ("tf32", "fp32"):
            for knobs in variants:
                try:
                    desc = plan(shape, precision, **knobs)
                except Exception as exc:  # a sweep point the description refuses
                    print(f"layer   skip {knobs}: {exc}", flush=True)
                    continue
                run = lambda: conv2d_layer(xd, wd, stride=stride, padding=padding,  # noqa: E731
                                           precision=precision, out=out, **knobs)
                out.fill(np.nan)
                try:
                    run()
                except Exception as exc:  # reported, the other variants still run
                    print(f"layer   {label} {precision} {knobs} ERROR {exc}"[:600], flush=True)
                    continue
                errs = errors(out)
                name = f"{label} transpyle {precision}" + (" planner" if not knobs else
                                                           f" {desc.kernel_name}")
                row = b.add("layer", name, run, nbytes, flops=flops, desc=repr(desc),
                            planner=not knobs, **errs)
                if "ms" in row:
                    row["tflop_per_s"] = flops / (row["ms"] * 1e-3) / 1e12
        if torch is None:
            continue
        torch.backends.cudnn.benchmark = True
        tx, tw = torch.from_dlpack(xd), torch.from_dlpack(wd)
        pad = (shape.r - 1) // 2 if padding == "same" else 0
        for tf32 in (False, True):
            torch.backends.cudnn.allow_tf32 = tf32
            fn = lambda: torch.nn.functional.conv2d(tx, tw, stride=stride, padding=pad)  # noqa: E731
            errs = errors(cp.from_dlpack(fn()))
            row = b.add("layer", f"{label} cuDNN {'tf32' if tf32 else 'fp32'}", fn, nbytes,
                        flops=flops, baseline=True, **errs)
            if "ms" in row:
                row["tflop_per_s"] = flops / (row["ms"] * 1e-3) / 1e12
        torch.backends.cudnn.allow_tf32 = True
