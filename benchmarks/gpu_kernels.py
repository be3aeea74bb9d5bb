"""GPU benchmark of transpyle's template kernels against the baselines, timed in one run.

For each kernel: build (NVRTC through CuPy), check against a float64 reference on fresh random
inputs (odd sizes too), time with CUDA events after a warm-up (median of several runs) and report
the effective bandwidth: bytes of the input read once plus the output written once, over time.

Baselines timed in the same run: a device-to-device copy (the memory limit), SAT as two
cupy.cumsum passes, cupyx.scipy.ndimage.correlate/convolve, and cuDNN through torch if installed.
A table goes to stdout; the numbers go to benchmarks/results/gpu_<device>.json (or --out).

    python benchmarks/gpu_kernels.py [--size 8192] [--reps 20] [--out FILE] [--quick]
        [--only copy,host,sat,conv2d,reach,lbc,layer,lbclayer] [--sweep]

``--sweep`` times every tile configuration of benchmarks/gpu_layers.py's SWEEP tables for the
convolution layers and the fused LBC layer and prints the best one per layer at the end.
"""

# ruff: noqa: B023  (the lambdas are timed inside the loop iteration that makes them)
from __future__ import annotations

import argparse
import datetime
import json
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.gpu_layers import (  # noqa: E402
    bench_layers,
    bench_lbc_layers,
    best_rows,
    check_layers,
)
from transpyle.kernels import (  # noqa: E402
    conv2d,
    lbc,
    lbc_backward,
    lbc_backward_input,
    lbc_backward_input_reference,
    lbc_backward_reference,
    lbc_reference,
    make_anchors,
    sat,
)
from transpyle.runtime import gpu  # noqa: E402

Row = dict[str, Any]


class Bench:
    """Times callables with CUDA events and collects result rows."""

    def __init__(self, cp: Any, reps: int, warmup: int, inner: int,
                 save: Callable[[list[Row]], None] | None = None) -> None:
        self.cp = cp
        self.reps = reps
        self.warmup = warmup
        self.inner = inner
        self.rows: list[Row] = []
        self.save = save  # called with the rows after each one (a killed run keeps its rows)

    def time_ms(self, fn: Callable[[], Any]) -> tuple[float, float]:
        """Median and spread (max - min) of the time per call, in milliseconds.

        Each timed run enqueues ``inner`` calls back to back between two events, so the host's
        launch overhead overlaps the device's work (as in a real pipeline) for every contender.
        """
        cp = self.cp
        for _ in range(self.warmup):
            fn()
        cp.cuda.Device().synchronize()
        times = []
        for _ in range(self.reps):
            start, stop = cp.cuda.Event(), cp.cuda.Event()
            start.record()
            for _ in range(self.inner):
                fn()
            stop.record()
            stop.synchronize()
            times.append(cp.cuda.get_elapsed_time(start, stop) / self.inner)
        return statistics.median(times), max(times) - min(times)

    def add(self, group: str, name: str, fn: Callable[[], Any], nbytes: int, **extra: Any) -> Row:
        try:
            ms, spread = self.time_ms(fn)
        except Exception as exc:  # a baseline that fails is reported, not fatal
            row = {"group": group, "name": name, "error": f"{type(exc).__name__}: {exc}"[:300]}
        else:
            row = {
                "group": group,
                "name": name,
                "ms": ms,
                "spread_ms": spread,
                "bytes": nbytes,
                "tb_per_s": nbytes / (ms * 1e-3) / 1e12,
                **extra,
            }
        self.rows.append(row)
        print(_format(row), flush=True)
        if self.save is not None:
            self.save(self.rows)
        return row


def _format(row: Row) -> str:
    if "error" in row:
        return f"{row['group']:7s} {row['name']:44s} ERROR {row['error']}"
    if "us" in row:
        return f"{row['group']:7s} {row['name']:44s} {row['us']:9.1f} us"
    if "ms" not in row:
        return f"{row['group']:7s} {row['name']:44s} err {row.get('rel_err', float('nan')):.2e}"
    err = row.get("rel_err")
    check = "" if err is None else f"  err {err:.2e}"
    return (
        f"{row['group']:7s} {row['name']:44s} {row['ms']:9.4f} ms "
        f"{row['tb_per_s']:6.3f} TB/s{check}"
    )


def rel_err(cp: Any, got: Any, ref: Any) -> float:
    got64 = got.astype(cp.float64)
    if not bool(cp.isfinite(got64).all()):
        return float("inf")
    return float(cp.linalg.norm(got64 - ref) / cp.linalg.norm(ref))


def _torch() -> Any | None:
    try:
        import torch
    except ImportError:
        return None
    return torch if torch.cuda.is_available() else None


def bench_copy(b: Bench, n: int) -> None:
    cp = b.cp
    x = cp.random.standard_normal((n, n), dtype=cp.float32)
    y = cp.empty_like(x)
    b.add("copy", f"cupy d2d copy {n}^2 f32", lambda: cp.copyto(y, x), 2 * x.nbytes, baseline=True)


def bench_overhead(b: Bench) -> None:
    """Host time per call on a 64 x 64 image (the device's work is a few microseconds): what a
    call costs before its kernel runs; a device time under it is hidden by the host."""
    cp = b.cp
    x = cp.random.standard_normal((64, 64), dtype=cp.float32)
    y = cp.empty_like(x)
    w = np.ones((3, 3), np.float32)
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("sat", lambda: sat(x, out=y)),
        ("conv2d 3x3 host taps", lambda: conv2d(x, w, out=y)),
        ("cupy copyto", lambda: cp.copyto(y, x)),
    ]
    for name, fn in calls:
        for _ in range(20):
            fn()
        cp.cuda.Device().synchronize()
        start = time.perf_counter()
        for _ in range(500):
            fn()
        cp.cuda.Device().synchronize()
        us = (time.perf_counter() - start) / 500 * 1e6
        row = {"group": "host", "name": f"host time per call: {name}", "us": us}
        b.rows.append(row)
        print(f"host    {row['name']:44s} {us:9.1f} us", flush=True)


# Knobs of sat(); the first is the default (packed look-back words, 16-byte stores for 4-byte
# sums). groups: the tile's loads in groups, each scanned as it arrives; epoch: stamped words,
# no memset before a call. The earlier knobs' H200 numbers are in gpu_nvidia-h200.json's history.
SAT_VARIANTS: list[dict[str, Any]] = [
    {},
    {"groups": 2},
    {"groups": 4},
    {"groups": 8},
    {"epoch": True},
    {"groups": 4, "epoch": True},
    {"groups": 8, "epoch": True},
    {"groups": 4, "epoch": True, "overlap": True},
    {"groups": 8, "epoch": True, "overlap": True},
    {"groups": 8, "epoch": True, "depth": 2},
    {"groups": 4, "epoch": True, "rows": 32},
    {"pingpong": True},
    {"overlap": True},
    {"lookback": "flags"},
]
# Checked (and timed) on the odd shapes and the integer and float64 inputs too.
SAT_CHECKED: list[dict[str, Any]] = [
    {},
    {"groups": 4, "epoch": True},
    {"groups": 8, "epoch": True, "overlap": True},
]


def _label(knobs: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in knobs.items()) or "default"


def bench_sat(b: Bench, n: int, quick: bool) -> None:
    cp = b.cp
    rng = cp.random.default_rng()
    cases = [
        ((n, n), "float32", None),
        ((n - 1, n + 1), "float32", None),
        ((2 * n, 2 * n), "float32", None),
        ((n, n), "uint8", "int32"),
        ((n, n), "int32", None),
        ((n, n), "float64", None),
    ]
    for shape, dtype, out in cases[: 3 if quick else None]:
        if dtype == "uint8":
            x = rng.integers(0, 256, size=shape, dtype=cp.int32).astype(cp.uint8)
        elif dtype == "int32":
            x = rng.integers(-1000, 1000, size=shape, dtype=cp.int32)
        else:
            x = rng.standard_normal(shape, dtype=cp.float64).astype(dtype)
        poison = cp.nan if out is None and dtype != "int32" else -7
        y = cp.empty(shape, dtype=out or dtype)
        if y.dtype.kind == "i":
            ref = cp.cumsum(cp.cumsum(x.astype(cp.int64), 0), 1)
            ref = (ref & 0xFFFFFFFF).astype(cp.uint32).view(cp.int32)
        else:
            ref = cp.cumsum(cp.cumsum(x.astype(cp.float64), 0), 1)
        label = f"sat {shape[0]}x{shape[1]} {dtype}->{y.dtype.name}"
        full = shape[0] % 2 == 0 and shape[0] >= n and dtype == "float32"
        exact = y.dtype.kind == "i"

        def error() -> float:
            return float((ref != y).sum()) if exact else rel_err(cp, y, ref)

        for knobs in SAT_VARIANTS if full else SAT_CHECKED:
            if dtype == "float64" and knobs:
                continue  # the packed look-back holds 4-byte sums only
            y.fill(poison)
            sat(x, out_dtype=out, out=y, **knobs)
            err = error()
            row = b.add(
                "sat",
                f"{label} {_label(knobs)}",
                lambda kn=knobs: sat(x, out_dtype=out, out=y, **kn),
                x.nbytes + y.nbytes,
                rel_err=err,
                check="mismatches" if exact else "rel_err",
            )
            row["err_after_timing"] = error()  # the last of the timed calls (stamps reused)
            if row["err_after_timing"] != err and not exact:
                print(f"# {row['name']}: error after timing {row['err_after_timing']:.2e}")
            elif exact and row["err_after_timing"]:
                print(f"# {row['name']}: {row['err_after_timing']} mismatches after timing")
        del ref
        if shape == (n, n) and dtype == "float32":
            b.add(
                "sat",
                f"two cupy.cumsum {n}^2 f32",
                lambda: cp.cumsum(cp.cumsum(x, axis=0), axis=1),
                x.nbytes + y.nbytes,
                baseline=True,
            )


def conv_variants(k: int, quick: bool) -> list[tuple[dict[str, Any], str]]:
    """(knobs of conv2d(), where the taps live: "host" or "dev"); the first is the default."""
    out: list[tuple[dict[str, Any], str]] = [({}, "host"), ({}, "dev")]
    # the kernel with the input tile staged in shared memory (conv2d_staged.cu.j2)
    out += [({"staged": True, **kn}, where) for kn, where in (
        ({}, "host"), ({}, "dev"), ({"tile_h": 4}, "host"), ({"tile_h": 12}, "host"),
        ({"warps": 8}, "host"), ({"tile_h": 4, "warps": 8}, "host"), ({"warps": 2}, "host"))]
    if quick:
        return out
    one = {"cols": 1, "warps": 4}
    out += [({**one, "shuffle": "inputs"}, "host"), ({**one, "shuffle": "partial"}, "host")]
    if k in (7, 9, 11):
        out += [({"cols": 2, "tile_h": t, "warps": w}, "host") for t, w in ((16, 4), (8, 2))]
        out += [({"cols": 2, "tile_h": 16, "warps": 8}, "host")]
    if 7 <= k <= 15:  # four columns per lane: half the shuffles per output of two
        out += [({"cols": 4, "tile_h": t, "warps": w}, "host")
                for t, w in ((8, 4), (6, 4), (6, 2), (5, 4), (4, 4))]
    elif k <= 5:
        out += [({"cols": 2, "tile_h": t}, "host") for t in (8, 16)]
    return out


def bench_conv(b: Bench, n: int, quick: bool, sizes: tuple[int, ...] = (3, 5, 7, 9, 15)) -> None:
    cp = b.cp
    import cupyx.scipy.ndimage as ndi

    torch = _torch()
    rng = cp.random.default_rng()
    x = rng.standard_normal((n, n), dtype=cp.float32)
    y = cp.empty_like(x)
    for k in sizes:
        w = rng.standard_normal((k, k), dtype=cp.float32)
        w_host = cp.asnumpy(w)
        ref = ndi.correlate(x.astype(cp.float64), w.astype(cp.float64), mode="constant")
        for knobs, where in conv_variants(k, quick):
            taps = w if where == "dev" else w_host
            y.fill(cp.nan)
            conv2d(x, taps, out=y, **knobs)
            b.add(
                "conv2d",
                f"conv2d {k}x{k} {n}^2 f32 {_label(knobs)} taps-{where}",
                lambda kn=knobs, f=taps: conv2d(x, f, out=y, **kn),
                2 * x.nbytes,
                rel_err=rel_err(cp, y, ref),
                k=k,
            )
        del ref
        b.add(
            "conv2d",
            f"cupyx correlate {k}x{k}",
            lambda: ndi.correlate(x, w, output=y, mode="constant"),
            2 * x.nbytes,
            baseline=True,
            k=k,
        )
        b.add(
            "conv2d",
            f"cupyx convolve {k}x{k}",
            lambda: ndi.convolve(x, w, output=y, mode="constant"),
            2 * x.nbytes,
            baseline=True,
            k=k,
        )
        if torch is not None:
            _torch_conv(b, torch, x, w, k)
    odd = rng.standard_normal((n - 1, n + 3), dtype=cp.float32)
    w = rng.standard_normal((7, 7), dtype=cp.float32)
    yo = cp.full(odd.shape, cp.nan, dtype=cp.float32)
    conv2d(odd, w, out=yo)
    err = rel_err(
        cp, yo, ndi.correlate(odd.astype(cp.float64), w.astype(cp.float64), mode="constant")
    )
    b.add(
        "conv2d",
        f"conv2d 7x7 {n - 1}x{n + 3} f32",
        lambda: conv2d(odd, w, out=yo),
        2 * odd.nbytes,
        rel_err=err,
        k=7,
    )
    yo.fill(cp.nan)
    conv2d(odd, w, out=yo, staged=True)
    err = rel_err(
        cp, yo, ndi.correlate(odd.astype(cp.float64), w.astype(cp.float64), mode="constant")
    )
    b.add("conv2d", f"conv2d 7x7 {n - 1}x{n + 3} f32 staged", lambda: conv2d(odd, w, out=yo,
          staged=True), 2 * odd.nbytes, rel_err=err, k=7)


REACH_CASES: tuple[tuple[int, int, str], ...] = (
    (1, 1, "same"), (2, 2, "same"), (4, 4, "same"), (8, 8, "same"), (6, 3, "same"),
    (3, 3, "valid"), (8, 8, "valid"),
)


def bench_conv_reach(b: Bench, n: int) -> None:
    """Filter sides 1 and even, valid padding, and tiny images, on odd shapes, checked against
    torch's float64 correlation (padding "same" pads (k - 1) // 2 before, as here)."""
    cp = b.cp
    torch = _torch()
    if torch is None:
        print("# conv2d reach cases need torch for the float64 reference; skipped")
        return
    rng = cp.random.default_rng()
    fn = torch.nn.functional.conv2d
    x = rng.standard_normal((n - 1, n + 3), dtype=cp.float32)
    for kh, kw, padding in REACH_CASES:
        w = rng.standard_normal((kh, kw), dtype=cp.float32)
        tx = torch.from_dlpack(x).view(1, 1, *x.shape)
        tw = torch.from_dlpack(w).view(1, 1, kh, kw)
        ref = cp.from_dlpack(fn(tx.double(), tw.double(), padding=padding)[0, 0].contiguous())
        y = cp.full(ref.shape, cp.nan, dtype=cp.float32)
        conv2d(x, cp.asnumpy(w), out=y, padding=padding)
        label = f"conv2d {kh}x{kw} {padding} {n - 1}x{n + 3} f32"
        w_host = cp.asnumpy(w)
        b.add("reach", label, lambda: conv2d(x, w_host, out=y, padding=padding),
              x.nbytes + y.nbytes, rel_err=rel_err(cp, y, ref), k=kh)
        torch.backends.cudnn.benchmark = True
        b.add("reach", f"cuDNN (torch) {kh}x{kw} {padding}", lambda: fn(tx, tw, padding=padding),
              x.nbytes + y.nbytes, baseline=True, k=kh)
    for shape, k in (((5, 7), (9, 9)), ((1, 1), (15, 15)), ((3, 1000), (8, 6))):
        xs = rng.standard_normal(shape, dtype=cp.float32)
        w = rng.standard_normal(k, dtype=cp.float32)
        ref = fn(torch.from_dlpack(xs).view(1, 1, *shape).double(),
                 torch.from_dlpack(w).view(1, 1, *k).double(), padding="same")[0, 0]
        y = cp.full(shape, cp.nan, dtype=cp.float32)
        conv2d(xs, w, out=y)
        err = rel_err(cp, y, cp.from_dlpack(ref.contiguous()))
        row = {"group": "reach", "name": f"conv2d {k[0]}x{k[1]} on {shape[0]}x{shape[1]} (check)",
               "rel_err": err}
        b.rows.append(row)
        print(f"reach   {row['name']:44s} err {err:.2e}", flush=True)


def _torch_conv(b: Bench, torch: Any, x: Any, w: Any, k: int) -> None:
    torch.backends.cudnn.benchmark = True
    tx = torch.from_dlpack(x).view(1, 1, *x.shape)
    tw = torch.from_dlpack(w).view(1, 1, k, k)
    fn = torch.nn.functional.conv2d
    b.add(
        "conv2d",
        f"cuDNN (torch) {k}x{k}",
        lambda: fn(tx, tw, padding=k // 2),
        2 * x.nbytes,
        baseline=True,
        k=k,
    )


def bench_lbc(b: Bench, quick: bool) -> None:
    cp = b.cp
    torch = _torch()
    batch, c_in, m, c_out, k, side = (4 if quick else 16), 16, 32, 16, 3, 256
    rng = np.random.default_rng()
    anchors = make_anchors(m, c_in, k, density=0.5, seed=int(rng.integers(2**31)))
    weights = rng.standard_normal((c_out, m)).astype(np.float32)
    x = cp.asarray(rng.standard_normal((batch, c_in, side, side)).astype(np.float32))
    y = cp.full((batch, c_out, side, side), cp.nan, dtype=cp.float32)
    lbc(x, anchors, weights, out=y)
    xs = cp.asnumpy(x[:2])
    err = float(
        np.linalg.norm(cp.asnumpy(y[:2]) - lbc_reference(xs, anchors, weights))
        / np.linalg.norm(lbc_reference(xs, anchors, weights))
    )
    label = f"N{batch} C{c_in}->M{m}->C{c_out} {side}^2 k{k}"
    nbytes = x.nbytes + y.nbytes
    b.add(
        "lbc", f"lbc forward {label}", lambda: lbc(x, anchors, weights, out=y), nbytes, rel_err=err
    )
    g = cp.asarray(rng.standard_normal(y.shape).astype(np.float32))
    dw = cp.asnumpy(lbc_backward(x[:2], anchors, weights, g[:2]))
    ref = lbc_backward_reference(xs, anchors, cp.asnumpy(g[:2]))
    b.add(
        "lbc",
        f"lbc backward (dW) {label}",
        lambda: lbc_backward(x, anchors, weights, g),
        nbytes,
        rel_err=float(np.linalg.norm(dw - ref) / np.linalg.norm(ref)),
    )
    dx = cp.asnumpy(lbc_backward_input(x[:2], anchors, weights, g[:2]))
    ref = lbc_backward_input_reference(xs, anchors, weights, cp.asnumpy(g[:2]))
    b.add(
        "lbc",
        f"lbc backward (dx) {label}",
        lambda: lbc_backward_input(x, anchors, weights, g),
        2 * x.nbytes + y.nbytes,
        rel_err=float(np.linalg.norm(dx - ref) / np.linalg.norm(ref)),
    )
    if torch is None:
        return
    tx = torch.from_dlpack(x)
    dense = torch.randn(c_out, c_in, k, k, device="cuda")
    ta = torch.from_dlpack(cp.asarray(anchors.astype(np.float32)))
    tv = torch.from_dlpack(cp.asarray(weights)).view(c_out, m, 1, 1)
    conv = torch.nn.functional.conv2d
    torch.backends.cudnn.benchmark = True
    for tf32 in (False, True):
        torch.backends.cudnn.allow_tf32 = tf32
        tag = "tf32" if tf32 else "fp32"
        b.add(
            "lbc",
            f"cuDNN dense conv {c_in}->{c_out} k{k} ({tag})",
            lambda: conv(tx, dense, padding=k // 2),
            nbytes,
            baseline=True,
        )
        b.add(
            "lbc",
            f"cuDNN LBC as 3 ops ({tag})",
            lambda: conv(torch.relu(conv(tx, ta, padding=k // 2)), tv),
            nbytes,
            baseline=True,
        )
    torch.backends.cudnn.allow_tf32 = True


def environment(cp: Any) -> dict[str, Any]:
    dev = cp.cuda.Device()
    props = cp.cuda.runtime.getDeviceProperties(dev.id)
    torch = _torch()
    return {
        "device": gpu.device_name(),
        "sm_count": props["multiProcessorCount"],
        "l2_bytes": props["l2CacheSize"],
        "driver": cp.cuda.runtime.driverGetVersion(),
        "runtime": cp.cuda.runtime.runtimeGetVersion(),
        "cupy": cp.__version__,
        "torch": None if torch is None else torch.__version__,
        "cudnn": None if torch is None else torch.backends.cudnn.version(),
        "numpy": np.__version__,
        "python": platform.python_version(),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=8192)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--inner", type=int, default=10, help="calls per timed run")
    parser.add_argument("--quick", action="store_true", help="fewer cases and variants")
    parser.add_argument("--conv-quick", action="store_true",
                        help="conv2d: the default kernels only, 3x3 / 5x5 / 7x7")
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write")
    parser.add_argument("--only", default="copy,host,sat,conv2d,reach,lbc,layer,lbclayer")
    parser.add_argument("--filters", default="3,5,7,9,15", help="conv2d filter sides")
    parser.add_argument("--sweep", action="store_true",
                        help="layer, lbclayer: time every tile configuration, print the best")
    args = parser.parse_args(argv)
    cp = gpu.cupy()
    env = environment(cp)
    print(f"# {env['device']}  cupy {env['cupy']}  torch {env['torch']}", flush=True)
    slug = re.sub(r"[^a-z0-9]+", "-", env["device"].lower()).strip("-")
    out = args.out or ROOT / "benchmarks" / "results" / f"gpu_{slug}.json"
    out.parent.mkdir(parents=True, exist_ok=True)

    def save(rows: list[Row]) -> None:
        out.write_text(json.dumps({"environment": env, "results": rows}, indent=1) + "\n")

    b = Bench(cp, args.reps, args.warmup, args.inner, save)
    only = set(args.only.split(","))
    if "copy" in only:
        bench_copy(b, args.size)
        bench_copy(b, 2 * args.size)
    if "host" in only:
        bench_overhead(b)
    if "sat" in only:
        bench_sat(b, args.size, args.quick)
    if "conv2d" in only:
        bench_conv(b, args.size, args.quick or args.conv_quick,
                   tuple(int(k) for k in args.filters.split(",")))
    if "reach" in only:
        bench_conv_reach(b, args.size)
    if "lbc" in only:
        bench_lbc(b, args.quick)
    if "layer" in only:
        rng = np.random.default_rng()
        check_layers(b, rng)
        bench_layers(b, _torch(), rng, args.sweep)
    if "lbclayer" in only:
        bench_lbc_layers(b, _torch(), np.random.default_rng(), args.sweep)
    save(b.rows)
    print(f"# wrote {out}")
    print("\n".join(_format(r) for r in b.rows))
    print("\n".join(best_rows(b.rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
