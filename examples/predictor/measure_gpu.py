"""Measure the predictor's GPU workloads on the GPU at hand: the measured rows of the data set.

Each workload (see :mod:`examples.predictor.workloads`; transpyle's own conv2d, SAT and LBC
kernels are defined here) is built on fresh random inputs, run once into a poisoned output,
checked against a float64 reference, then timed with CUDA events after a warm-up: the median of
``--reps`` timed runs, each of ``inner`` back-to-back calls (chosen so a run lasts >= 2 ms).
Rates are derived from the counts the workload declares (FLOP/s, bytes/s).

    python -m examples.predictor.measure_gpu [--out FILE] [--only NAME,...]
    python -m examples.predictor.measure_gpu --dry-run     # CPU, NumPy, tiny sizes: logic only

Writes JSON: {"device": {...}, "rows": [...]} with the device named in each row.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from examples.predictor import gpu_sources
from examples.predictor import workloads as w

Maker = Callable[[w.Ctx, float], w.Case]


def tp_conv2d(k: int, n: int) -> Maker:
    def make(ctx: w.Ctx, scale: float) -> w.Case:
        from cupyx.scipy import ndimage

        from transpyle.kernels import conv2d

        xp = ctx.xp
        x = ctx.normal((n, n), "float32")
        f = ctx.normal((k, k), "float32")
        y = xp.full_like(x, np.nan)

        def check() -> float:
            ref = ndimage.correlate(x.astype(xp.float64), f.astype(xp.float64), mode="constant")
            return w.rel(ctx, y, ref)

        return w.Case(f"{n}x{n} float32, {k}x{k} filter", "fp32", 2.0 * k * k * n * n,
                      2.0 * x.nbytes, lambda: conv2d(x, f, out=y), check, 1e-5)

    return make


def tp_sat(n: int, dtype: str) -> Maker:
    def make(ctx: w.Ctx, scale: float) -> w.Case:
        from transpyle.kernels import sat

        xp = ctx.xp
        x = ctx.normal((n, n), dtype)
        y = xp.full_like(x, np.nan)

        def check() -> float:
            x64 = x.astype(xp.float64)
            ref = xp.cumsum(xp.cumsum(x64, axis=0), axis=1)
            return float(xp.max(xp.abs(y - ref))) / float(xp.sum(xp.abs(x64)))

        prec = "fp64" if dtype == "float64" else "fp32"
        return w.Case(f"{n}x{n} {dtype}", prec, 2.0 * n * n, 2.0 * x.nbytes,
                      lambda: sat(x, out=y), check, 1e-6 if dtype == "float32" else 1e-14)

    return make


def tp_lbc(backward: bool) -> Maker:
    def make(ctx: w.Ctx, scale: float) -> w.Case:
        from transpyle.kernels import (
            lbc,
            lbc_backward,
            lbc_backward_reference,
            lbc_reference,
            make_anchors,
        )

        xp = ctx.xp
        batch, c_in, m, c_out, k, hw = 16, 16, 32, 16, 3, 256
        anchors = make_anchors(m, c_in, k, density=0.5, seed=ctx.seed)
        weights = np.asarray(ctx.normal((c_out, m), "float32").get())
        x = ctx.normal((batch, c_in, hw, hw), "float32")
        y = xp.full((batch, c_out, hw, hw), np.nan, dtype=xp.float32)
        g = ctx.normal((batch, c_out, hw, hw), "float32")
        out: dict[str, Any] = {}
        taps = float(np.count_nonzero(anchors))
        pix = batch * hw * hw
        flops = (taps + 2.0 * c_out * m) * pix

        def run() -> None:
            if backward:
                out["dw"] = lbc_backward(x, anchors, weights, g)
            else:
                lbc(x, anchors, weights, out=y)

        def check() -> float:
            xs = x[:2].get()
            if backward:
                ref = lbc_backward_reference(xs, anchors, g[:2].get())
                got = lbc_backward(x[:2], anchors, weights, g[:2]).get()
            else:
                ref, got = lbc_reference(xs, anchors, weights), y[:2].get()
            return float(np.linalg.norm(got - ref) / np.linalg.norm(ref))

        nbytes = x.nbytes + y.nbytes + (2.0 * m * pix * 4 if backward else 0.0)
        label = f"N{batch} C{c_in}->M{m}->C{c_out} {hw}^2 k{k}"
        return w.Case(label, "fp32", flops, nbytes, run, check, 1e-4,
                      launches=2 if backward else 1)

    return make


def catalogue(gpu: bool) -> dict[str, Maker]:
    """Name -> workload; the transpyle kernels only where a GPU is present."""
    cat: dict[str, Maker] = {}
    if gpu:
        cat.update({
            "tp_conv2d_3x3_2048": tp_conv2d(3, 2048),
            "tp_conv2d_3x3_8192": tp_conv2d(3, 8192),
            "tp_conv2d_7x7_8192": tp_conv2d(7, 8192),
            "tp_conv2d_15x15_4096": tp_conv2d(15, 4096),
            "tp_sat_f32_2048": tp_sat(2048, "float32"),
            "tp_sat_f32_8192": tp_sat(8192, "float32"),
            "tp_sat_f64_8192": tp_sat(8192, "float64"),
            "tp_lbc_forward": tp_lbc(False),
            "tp_lbc_backward": tp_lbc(True),
        })
    cat.update({
        "sgemm_1024": w.gemm(1024, "float32"),
        "sgemm_4096": w.gemm(4096, "float32"),
        "sgemm_8192": w.gemm(8192, "float32"),
        "dgemm_2048": w.gemm(2048, "float64"),
        "dgemm_8192": w.gemm(8192, "float64"),
        "hgemm_4096": w.gemm(4096, "float16"),
        "hgemm_8192": w.gemm(8192, "float16"),
        "sgemm_batched_64": w.batched_gemm,
        "sgemv_16384": w.gemv,
        "dpotrf_8192": w.cholesky,
        "sum_f32": w.reduction("sum", 2**28, "float32"),
        "sum_f64": w.reduction("sum", 2**27, "float64"),
        "max_f32": w.reduction("max", 2**26, "float32"),
        "dot_f32": w.reduction("dot", 2**27, "float32"),
        "copy_1gib": w.copy(2**28),
        "copy_16mib": w.copy(2**22),
        "transpose_8192": w.transpose,
        "saxpy": w.saxpy,
        "special_functions": w.special,
        "cumsum_f32": w.cumsum,
        "sort_f32": w.sort("float32"),
        "sort_i32": w.sort("int32"),
        "gather": w.gather,
        "histogram": w.histogram,
        "random_normal": w.random_normal,
        "spmv_csr": w.spmv,
        "fft2_c64_4096": w.fft2,
        "fft_c128_16m": w.fft1,
        "stencil2d_f32": w.stencil2d,
        "stencil3d_f32": w.stencil3d("float32"),
        "stencil3d_f64": w.stencil3d("float64"),
        "nbody_f32": w.nbody,
    })
    return cat


class Timer:
    """CUDA events on the GPU, perf_counter in the dry run."""

    def __init__(self, cp: Any | None) -> None:
        self.cp = cp

    def sync(self) -> None:
        if self.cp is not None:
            self.cp.cuda.Device().synchronize()

    def once(self, fn: Callable[[], Any], inner: int) -> float:
        """Seconds per call over ``inner`` back-to-back calls."""
        if self.cp is None:
            t0 = time.perf_counter()
            for _ in range(inner):
                fn()
            return (time.perf_counter() - t0) / inner
        start, stop = self.cp.cuda.Event(), self.cp.cuda.Event()
        start.record()
        for _ in range(inner):
            fn()
        stop.record()
        stop.synchronize()
        return self.cp.cuda.get_elapsed_time(start, stop) * 1e-3 / inner

    def measure(self, fn: Callable[[], Any], reps: int) -> tuple[float, float, int]:
        """Median seconds per call, spread (max - min) and calls per timed run."""
        fn()
        self.sync()
        first = self.once(fn, 1)
        inner = int(min(100, max(1, math.ceil(2e-3 / max(first, 1e-7)))))
        self.once(fn, inner)  # warm-up at the timed rate
        times = [self.once(fn, inner) for _ in range(reps)]
        return statistics.median(times), max(times) - min(times), inner


def measure_one(name: str, make: Maker, ctx: w.Ctx, timer: Timer, scale: float,
                reps: int, device: str) -> dict[str, Any]:
    case = make(ctx, scale)
    case.run()
    timer.sync()
    err = case.check()
    seconds, spread, inner = timer.measure(case.run, reps)
    ok = bool(err <= case.tol) if math.isfinite(err) else False
    return {
        "app": name,
        "system": device,
        "desc": case.desc,
        "precision": case.precision,
        "flops": case.flops,
        "bytes": case.nbytes,
        "working_set": case.working_set,
        "launches": case.launches,
        "time_s": seconds,
        "spread_s": spread,
        "inner": inner,
        "flops_per_s": case.flops / seconds if case.flops > 0 else None,
        "bytes_per_s": case.nbytes / seconds,
        "rel_err": err,
        "tol": case.tol,
        "check_ok": ok,
        "source": "measured",
    }


def device_info(cp: Any | None) -> dict[str, Any]:
    info: dict[str, Any] = {
        "numpy": np.__version__,
        "python": platform.python_version(),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    if cp is None:
        return {"name": f"CPU dry run ({platform.processor() or platform.machine()})", **info}
    props = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)
    name = props["name"]
    return {
        "name": name.decode() if isinstance(name, bytes) else str(name),
        "sm_count": props["multiProcessorCount"],
        "clock_khz": props["clockRate"],
        "memory_clock_khz": props["memoryClockRate"],
        "memory_bus_bits": props["memoryBusWidth"],
        "l2_bytes": props["l2CacheSize"],
        "memory_bytes": props["totalGlobalMem"],
        "compute_capability": f"{props['major']}.{props['minor']}",
        "driver": cp.cuda.runtime.driverGetVersion(),
        "runtime": cp.cuda.runtime.runtimeGetVersion(),
        "cupy": cp.__version__,
        **info,
    }


def run_all(names: list[str], dry_run: bool, reps: int, seed: int) -> dict[str, Any]:
    cp = None
    if not dry_run:
        import cupy as cp  # type: ignore[no-redef]
        import cupyx.scipy.sparse as sparse
    info = device_info(cp)
    ctx = w.Ctx(np if cp is None else cp, gpu=cp is not None, seed=seed)
    if cp is not None:
        ctx.extras.update(gpu_sources.compile_all(cp))
        ctx.extras["sparse"] = sparse
    else:
        import scipy.sparse as sparse

        ctx.extras["sparse"] = sparse
    timer, scale = Timer(cp), (1.0 if cp is not None else 1e-4)
    cat = catalogue(cp is not None)
    rows = []
    for name in names or list(cat):
        try:
            row = measure_one(name, cat[name], ctx, timer, scale, reps, info["name"])
        except Exception as exc:  # one broken workload is reported, not fatal
            row = {"app": name, "system": info["name"], "error": f"{type(exc).__name__}: {exc}"}
        rows.append(row)
        print(format_row(row), flush=True)
        if cp is not None:
            cp.get_default_memory_pool().free_all_blocks()
    return {"device": info, "seed": seed, "reps": reps, "rows": rows}


def format_row(r: dict[str, Any]) -> str:
    if "error" in r:
        return f"{r['app']:22s} ERROR {r['error'][:200]}"
    fl = "" if r["flops_per_s"] is None else f"{r['flops_per_s'] / 1e9:10.1f} GFLOP/s"
    ok = "ok" if r["check_ok"] else "CHECK FAILED"
    return (f"{r['app']:22s} {r['time_s'] * 1e3:10.4f} ms {r['bytes_per_s'] / 1e9:9.1f} GB/s"
            f" {fl:18s} err {r['rel_err']:.1e} {ok}")


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--only", default="", help="comma-separated workload names")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--dry-run", action="store_true", help="NumPy on the CPU, tiny sizes")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n]
    result = run_all(names, args.dry_run, args.reps, args.seed)
    out = args.out or Path(f"measured_{slug(result['device']['name'])}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    bad = [r["app"] for r in result["rows"] if "error" in r or not r["check_ok"]]
    print(f"# {result['device']['name']}: {len(result['rows'])} workloads, "
          f"{len(bad)} failed {bad}; wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
