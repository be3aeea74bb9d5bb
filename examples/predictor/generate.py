"""Make ``data/gpu_perf.csv``: measured rows as measured, modelled rows for the other GPUs.

Measured rows come from ``data/measured_*.json`` (written by :mod:`measure_gpu` on a lent GPU).
Every other GPU of ``data/systems.csv`` gets modelled rows from a roofline model calibrated on
the measured GPU (the first measured file, the H100 here):

1. Peak rates of GPU ``s`` for the unit that bounds application ``a`` (its precision: fp32,
   fp64, fp64 matrix (dense factorisations, FP64 tensor cores where present), fp16 matrix,
   or none), and its memory bandwidth. A working set of at most half the L2 is served at the L2
   bandwidth, taken as 32 bytes per clock per SM; from half the L2 to the whole L2 the share
   served by DRAM grows linearly to 1.
2. Roofline floor ``r(a, s) = max(flops_a / P_s, bytes_a / BW_s(ws_a))``.
3. Calibration: the application's efficiency on the measured GPU ``m``,
   ``e_a = r(a, m) / (t_meas(a, m) - L_m * launches_a)`` (clipped to [0.01, 1.5]), where ``L`` is
   a per-launch overhead (3 us on Hopper and Blackwell, 4 us on Ampere and Ada, 5 us before).
4. Model: ``t(a, s) = r(a, s) / (e_a * g_s) + L_s * launches_a``, with ``g_s`` a per-generation
   efficiency relative to Hopper (older compilers, schedulers and caches; :data:`GEN_EFFICIENCY`,
   an assumption), times log-normal noise ``exp(N(0, sigma^2))``, sigma = 0.05 by default.

Rates follow from the time: FLOP/s = flops_a / t, bytes/s = bytes_a / t.

    python -m examples.predictor.generate [--sigma 0.05] [--seed 6]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from examples.predictor.dataset import (
    DATA_DIR,
    SPEC_NUMERIC,
    Systems,
    load_systems,
    write_apps,
    write_perf,
)

GEN_EFFICIENCY = {"Kepler": 0.70, "Maxwell": 0.80, "Pascal": 0.85, "Volta": 0.92,
                  "Turing": 0.90, "Ampere": 0.95, "Ada": 0.93, "Hopper": 1.0, "Blackwell": 1.0}
LAUNCH_S = {"Hopper": 3e-6, "Blackwell": 3e-6, "Ampere": 4e-6, "Ada": 4e-6}
LAUNCH_OLD_S = 5e-6
L2_BYTES_PER_CLOCK_PER_SM = 32.0
# Dense fp64 factorisations run on the FP64 tensor cores where a GPU has them.
FP64_MATRIX_APPS = ("dgemm", "dpotrf")


def spec(systems: Systems, s: int, column: str) -> float:
    return float(systems.specs[s, SPEC_NUMERIC.index(column)])


def peak_flops(systems: Systems, s: int, unit: str) -> float:
    column = {"fp32": "fp32_tflops", "fp64": "fp64_tflops", "fp64mm": "fp64_tensor_tflops",
              "fp16": "fp16_tensor_tflops"}[unit]
    return spec(systems, s, column) * 1e12


def bandwidth(systems: Systems, s: int, working_set: float) -> float:
    dram = spec(systems, s, "mem_gbs") * 1e9
    l2 = spec(systems, s, "l2_mb") * 2**20
    l2_bw = L2_BYTES_PER_CLOCK_PER_SM * spec(systems, s, "sm_count") * spec(
        systems, s, "boost_mhz") * 1e6
    dram_share = float(np.clip(2.0 * working_set / l2 - 1.0, 0.0, 1.0))
    return 1.0 / (dram_share / dram + (1.0 - dram_share) / max(l2_bw, dram))


def unit_of(app: dict[str, Any]) -> str:
    if app["precision"] == "fp64" and app["app"].startswith(FP64_MATRIX_APPS):
        return "fp64mm"
    return app["precision"]


def roofline(app: dict[str, Any], systems: Systems, s: int) -> float:
    unit = unit_of(app)
    t_flops = app["flops"] / peak_flops(systems, s, unit) if unit != "none" else 0.0
    return max(t_flops, app["bytes"] / bandwidth(systems, s, app["working_set"]))


def launch_s(systems: Systems, s: int) -> float:
    return LAUNCH_S.get(systems.generation[s], LAUNCH_OLD_S)


def efficiency(app: dict[str, Any], systems: Systems, m: int) -> float:
    overhead = launch_s(systems, m) * app["launches"]
    busy = max(app["time_s"] - overhead, 0.2 * app["time_s"])
    return float(np.clip(roofline(app, systems, m) / busy, 0.01, 1.5))


def model_time(app: dict[str, Any], eff: float, systems: Systems, s: int) -> float:
    gen = GEN_EFFICIENCY[systems.generation[s]]
    return roofline(app, systems, s) / (eff * gen) + launch_s(systems, s) * app["launches"]


def load_measured(paths: list[Path]) -> list[dict[str, Any]]:
    rows = []
    for p in paths:
        data = json.loads(p.read_text())
        for r in data["rows"]:
            if "error" in r or not r.get("check_ok", False):
                raise SystemExit(f"{p}: workload {r['app']} failed on the GPU; measure it again")
            rows.append(r)
    return rows


def generate(measured: list[dict[str, Any]], systems: Systems, sigma: float,
             seed: int) -> list[tuple[str, str, str, float, float | None, float]]:
    index = systems.index()
    ref_name = measured[0]["system"]
    if ref_name not in index:
        raise SystemExit(f"measured system {ref_name!r} is not in systems.csv")
    m = index[ref_name]
    measured_systems = {r["system"] for r in measured}
    calib = [r for r in measured if r["system"] == ref_name]
    rng = np.random.default_rng(seed)
    out: list[tuple[str, str, str, float, float | None, float]] = []
    for r in measured:
        out.append((r["app"], r["system"], "measured", r["time_s"], r["flops_per_s"],
                    r["bytes_per_s"]))
    for s, name in enumerate(systems.names):
        if name in measured_systems:
            continue
        for app in calib:
            t = model_time(app, efficiency(app, systems, m), systems, s)
            t *= float(np.exp(rng.normal(0.0, sigma)))
            flops = app["flops"] / t if app["flops"] > 0 else None
            out.append((app["app"], name, "modelled", t, flops, app["bytes"] / t))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sigma", type=float, default=0.05, help="log-normal noise")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--out", type=Path, default=DATA_DIR / "gpu_perf.csv")
    args = parser.parse_args(argv)
    paths = sorted(DATA_DIR.glob("measured_*.json"))
    if not paths:
        raise SystemExit(f"no measured_*.json in {DATA_DIR}: run measure_gpu on a GPU first")
    measured = load_measured(paths)
    systems = load_systems()
    rows = generate(measured, systems, args.sigma, args.seed)
    n_meas = sum(1 for r in rows if r[2] == "measured")
    files = ", ".join(p.name for p in paths)
    header = (f"Generated by `python -m examples.predictor.generate --sigma {args.sigma} "
              f"--seed {args.seed}`.\n{n_meas} measured entries ({files})"
              f", {len(rows) - n_meas} modelled by the calibrated roofline model (see generate.py)"
              ".\nflops_per_s is empty where the application does no floating-point work counted.")
    write_perf(args.out, rows, header)
    first = measured[0]["system"]
    write_apps(args.out.parent / "apps.csv", [
        (r["app"], unit_of(r), r["flops"], r["bytes"], r["working_set"], r["launches"])
        for r in measured if r["system"] == first])
    print(f"wrote {args.out}: {n_meas} measured, {len(rows) - n_meas} modelled entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
