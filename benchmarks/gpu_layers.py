"""The convolution-layer part of the GPU benchmark: conv2d_layer (implicit GEMM) against cuDNN.

Checked first on fresh random inputs at odd shapes (strides 1 and 2, same and valid padding,
3x3 and 1x1) against the float64 reference: the normwise error ||y - ref|| / ||ref|| and the
worst element's error over the sum of the magnitudes of its products (conv(|x|, |w|)). Then the
layer shapes of issue 16 are timed with CUDA events after a warm-up, with cuDNN (torch) in fp32
and in TF32 (``torch.backends.cudnn.allow_tf32``) in the same run, and cuDNN's own errors on
the same inputs. ``python benchmarks/gpu_kernels.py --only layer,lbclayer [--sweep]``: with
``--sweep`` every tile configuration of SWEEP (LBC_SWEEP) is timed as well and the best one per
layer is printed at the end.

The fused LBC layer (``lbc_layer``) is timed on issue 16's two LBC shapes beside cuDNN's dense
3x3 convolution of the same input and output channels (fp32 and TF32: the goal is at most 1.5x
the dense TF32 time), cuDNN running the LBC layer as three operations, and the CUDA-core
``lbc`` kernel; its error is checked against the float64 reference on the first images.
"""

# ruff: noqa: B023  (the lambdas are timed inside the loop iteration that makes them)
from __future__ import annotations

from typing import Any

import numpy as np

from transpyle.kernels import (
    lbc,
    lbc_backward_input_reference,
    lbc_features_reference,
    lbc_reference,
    make_anchors,
)
from transpyle.kernels.conv_gemm import check_args, conv2d_layer, conv2d_layer_reference, plan
from transpyle.kernels.lbc_gemm import lbc_layer, lbc_layer_backward
from transpyle.kernels.lbc_gemm import plan as lbc_plan

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
KNOBS = ("bm", "bn", "cb", "stages", "wm", "wn")
SWEEP = (  # (bm, bn, cb, stages, wm, wn) tried on each layer shape besides the planner's choice
    (128, 0, 4, 2, 0, 0), (128, 0, 4, 3, 0, 0), (128, 0, 4, 4, 0, 0), (256, 0, 4, 3, 64, 32),
    (128, 0, 4, 3, 32, 32),
    (64, 0, 4, 3, 32, 32), (128, 0, 8, 2, 0, 0), (256, 0, 4, 3, 32, 32), (256, 0, 4, 2, 64, 32),
    (128, 0, 2, 3, 0, 0),
    # for 64 output channels (run 4: 256x64 p3 1.28x cuDNN TF32, the best): a larger K step
    # (8 channels, 72 rows), a deeper ring, fewer channels a slice with more blocks a
    # multiprocessor, and the transposed warp tile 32x64 (as many fragment loads a mma as
    # 64x32; the warps of a block share their A columns instead of their B rows)
    (256, 0, 8, 2, 64, 32), (256, 0, 4, 4, 64, 32), (256, 0, 2, 3, 64, 32),
    (128, 0, 4, 2, 32, 64), (128, 0, 4, 3, 32, 64), (256, 0, 4, 3, 32, 64), (256, 0, 4, 2, 32, 64),
)
FP32_SWEEP = ((128, 0, 4, 2, 0, 0), (256, 0, 4, 3, 64, 32), (128, 0, 4, 3, 32, 32))
LBC_LAYERS = (  # issue 16's table: (N, C, H, W, M, C_out)
    ("LBC n64 c32 56^2 m64 co32", (64, 32, 56, 56, 64, 32)),
    ("LBC n256 c16 28^2 m32 co16", (256, 16, 28, 28, 32, 16)),
)
LBC_SWEEP = (  # (bm, cb, stages, wm, wn)
    (128, 4, 2, 0, 0), (128, 4, 4, 0, 0), (256, 4, 3, 64, 32), (64, 4, 3, 0, 0),
    (128, 8, 2, 0, 0), (128, 4, 3, 64, 32), (128, 4, 3, 32, 32),
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


def bench_layers(b: Any, torch: Any | None, rng: np.random.Generator, sweep: bool) -> None:
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

        for precision in ("tf32", "fp32"):
            table = SWEEP if precision == "tf32" else FP32_SWEEP
            variants = [{}] + ([dict(zip(KNOBS, v, strict=True)) for v in table] if sweep
                               else [])
            for knobs in variants:
                knobs = {k: v for k, v in knobs.items() if v}
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


def best_rows(rows: list[dict]) -> list[str]:
    """One line per layer and contender family: the fastest transpyle variant and cuDNN."""
    lines = []
    for label in [lb for lb, _ in LAYERS] + [lb for lb, _ in LBC_LAYERS]:
        mine = [r for r in rows if r.get("name", "").startswith(label) and "ms" in r
                and "transpyle" in r["name"]]
        ref = {r["name"].rsplit(" ", 1)[-1]: r["ms"] for r in rows
               if r.get("name", "").startswith(label) and "ms" in r and r.get("baseline")
               and "cuDNN" in r["name"] and ("dense" in r["name"] or "LBC" not in label)}
        for precision in ("tf32", "fp32"):
            cands = [r for r in mine if f" {precision}" in r["name"]]
            if not cands:
                continue
            best = min(cands, key=lambda r: r["ms"])
            planner = next((r["ms"] for r in cands if r.get("planner")), float("nan"))
            base = ref.get("tf32" if precision == "tf32" else "fp32")
            ratio = f"{best['ms'] / base:.2f}x cuDNN {precision}" if base else "no cuDNN"
            lines.append(f"best    {label} {precision}: {best['ms']:.4f} ms ({ratio}; planner "
                         f"{planner:.4f} ms) {best.get('desc', '')}")
    return lines


def bench_lbc_layers(b: Any, torch: Any | None, rng: np.random.Generator, sweep: bool) -> None:
    """The fused LBC layer on issue 16's shapes against cuDNN (dense 3x3 and LBC as 3 ops)."""
    cp = b.cp
    for label, (n, c, h, w, m, c_out) in LBC_LAYERS:
        x = rng.standard_normal((n, c, h, w)).astype(np.float32)
        anchors = make_anchors(m, c, 3, 0.5, seed=int(rng.integers(2**31)))
        a32 = anchors.astype(np.float32)
        v = rng.standard_normal((c_out, m)).astype(np.float32)
        xd, ad, vd = cp.asarray(x), cp.asarray(a32), cp.asarray(v)
        out = cp.empty((n, c_out, h, w), dtype=np.float32)
        head = 2  # images checked against the float64 reference (a CPU einsum)
        ref = lbc_reference(x[:head], a32, v)
        z = lbc_features_reference(x[:head], a32, "relu")
        mag = np.einsum("om,nmhw->nohw", np.abs(v), np.abs(z) + lbc_features_reference(
            np.abs(x[:head]), np.abs(a32), "identity"))

        def errors(got: Any) -> dict[str, float]:
            y = cp.asnumpy(got[:head]).astype(np.float64)
            if not np.isfinite(y).all():
                return {"rel_err": float("inf"), "worst_of_abs_sum": float("inf")}
            return {"rel_err": float(np.linalg.norm(y - ref) / np.linalg.norm(ref)),
                    "worst_of_abs_sum": float(np.max(np.abs(y - ref) / mag))}

        nbytes = x.nbytes + out.nbytes
        flops = 2 * n * h * w * m * (9 * c + c_out)
        variants = [{}] + ([dict(zip(("bm", "cb", "stages", "wm", "wn"), t, strict=True))
                            for t in LBC_SWEEP] if sweep else [])
        for knobs in variants:
            knobs = {k: val for k, val in knobs.items() if val}
            try:
                desc = lbc_plan(m, c, 3, c_out, "relu", **knobs)
            except Exception as exc:
                print(f"lbclayer skip {knobs}: {exc}", flush=True)
                continue
            run = lambda: lbc_layer(xd, ad, vd, out=out, **knobs)  # noqa: E731
            out.fill(np.nan)
            try:
                run()
            except Exception as exc:  # reported, the other variants still run
                print(f"lbclayer {label} {knobs} ERROR {exc}"[:600], flush=True)
                continue
            name = f"{label} transpyle tf32 fused" + ("" if not knobs else
                                                      f" {desc.kernel_name}")
            row = b.add("lbclayer", name, run, nbytes, flops=flops, desc=repr(desc),
                        planner=not knobs, **errors(out))
            if "ms" in row:
                row["tflop_per_s"] = flops / (row["ms"] * 1e-3) / 1e12
        g = cp.asarray(rng.standard_normal((n, c_out, h, w)).astype(np.float32))
        for precision in ("tf32", "fp32"):
            back = lambda: lbc_layer_backward(xd, ad, vd, g, precision=precision)  # noqa: E731
            dx, dw = back()
            ref_dx = lbc_backward_input_reference(x[:head], a32, v, cp.asnumpy(g[:head]))
            dx_err = float(np.linalg.norm(cp.asnumpy(dx[:head]) - ref_dx) / np.linalg.norm(ref_dx))
            b.add("lbclayer", f"{label} transpyle backward (dx, dW) {precision}", back,
                  2 * x.nbytes + 2 * out.nbytes, rel_err=dx_err, dw_shape=list(dw.shape))
        out.fill(np.nan)
        lbc(xd, anchors, v, out=out)
        b.add("lbclayer", f"{label} transpyle lbc (CUDA cores, fp32)",
              lambda: lbc(xd, anchors, v, out=out), nbytes, **errors(out))
        if torch is None:
            continue
        torch.backends.cudnn.benchmark = True
        tx = torch.from_dlpack(xd)
        dense = torch.randn(c_out, c, 3, 3, device="cuda")
        ta = torch.from_dlpack(ad)
        tv = torch.from_dlpack(vd).view(c_out, m, 1, 1)
        conv = torch.nn.functional.conv2d
        for tf32 in (False, True):
            torch.backends.cudnn.allow_tf32 = tf32
            tag = "tf32" if tf32 else "fp32"
            b.add("lbclayer", f"{label} cuDNN dense 3x3 {c}->{c_out} {tag}",
                  lambda: conv(tx, dense, padding=1), nbytes, baseline=True)
            three = lambda: conv(torch.relu(conv(tx, ta, padding=1)), tv)  # noqa: E731
            b.add("lbclayer", f"{label} cuDNN LBC as 3 ops {tag}", three, nbytes, baseline=True,
                  **errors(cp.from_dlpack(three().contiguous())))
        torch.backends.cudnn.allow_tf32 = True
