"""One benchmark run of the CPU suite: check every version, then time them side by side."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from tqdm import tqdm

from benchmarks.cpu import timing
from benchmarks.cpu.suite import Kernel, agree
from benchmarks.cpu.tools import available, build_twins, machine, make, versions
from transpyle.runtime.build import BASE_FLAGS


@dataclass
class Settings:
    quick: bool
    reps: int
    warmup: int
    tools: tuple[str, ...]
    seed: int
    workdir: Path
    transpyle_flags: tuple[str, ...] = ()


def check_and_first_call(tool: str, kernel: Kernel, problem: Any, ref: list[Any],
                         twins: ModuleType | None, s: Settings) -> tuple[dict[str, Any], Any]:
    """Build (where the tool builds), call once, compare with CPython; the row and the callable."""
    if tool == "numpy" and kernel.numpy is None:
        return {"status": "no natural NumPy version"}, None
    why = available(tool)
    if why:
        return {"status": why}, None
    work = problem.fresh_args()
    try:
        t0 = time.perf_counter()
        fn = make(tool, kernel, twins, s.workdir, s.transpyle_flags)
        ret = fn(*work)
        first = time.perf_counter() - t0
    except Exception as err:  # a peer tool that cannot compile a kernel is a result too
        return {"status": f"failed: {type(err).__name__}: {str(err)[:300]}"}, None
    got = problem.result(ret, work)
    row: dict[str, Any] = {"first_call_s": first}
    bad = agree(kernel, ref, got, exact=tool != "numpy")
    if bad and tool != "numpy" and agree(kernel, ref, got, exact=False) is None:
        row["check"] = f"close, not bitwise ({bad})"
    elif bad:
        row["check"] = "MISMATCH: " + bad
        row["status"] = "not timed: check failed"
        return row, None
    else:
        row["check"] = "ok" if tool != "numpy" else f"ok (rtol {kernel.rtol:g})"
    row["status"] = "ok"
    return row, (fn, work)


def run_kernel(kernel: Kernel, s: Settings, twins: ModuleType | None,
               bar: tqdm) -> dict[str, Any]:
    rng = np.random.default_rng([s.seed, sum(map(ord, kernel.name))])
    problem = kernel.setup(rng, s.quick)
    work = problem.fresh_args()
    bar.set_postfix_str(f"{kernel.name}: reference")
    ref_time, ret = timing.timed(kernel.python, *work)
    ref = problem.result(ret, work)
    rows: dict[str, dict[str, Any]] = {}
    runners: dict[str, timing.Runner] = {}
    for tool in s.tools:
        bar.set_postfix_str(f"{kernel.name}: {tool} build + check")
        if tool == "cpython":  # the reference run is CPython's first call
            rows[tool] = {"first_call_s": ref_time, "check": "reference", "status": "ok"}
            runners[tool] = timing.Runner(kernel.python, warmup=False)
            continue
        rows[tool], ready = check_and_first_call(tool, kernel, problem, ref, twins, s)
        if ready is not None:
            runners[tool] = timing.Runner(ready[0])
    bar.set_postfix_str(f"{kernel.name}: timing {len(runners)} tools x {s.reps}")
    for tool, samples in timing.round_robin(runners, problem, s.reps, s.warmup, s.seed).items():
        rows[tool].update(timing.summary(samples))
    base = rows.get("fortran", {}).get("median_s")
    for row in rows.values():
        if base and "median_s" in row:
            row["ratio_to_fortran"] = row["median_s"] / base
    return {"name": kernel.name, "kind": kernel.kind, "size": problem.size,
            "notes": kernel.notes, "tools": rows}


def overheads(s: Settings, twins: ModuleType | None) -> dict[str, Any]:
    """Per-call cost of add(3, 4) (two ints in, one out) per tool, in nanoseconds."""
    from benchmarks.cpu import kernels
    from benchmarks.cpu.suite import Problem

    add = Kernel("add", "trivial", lambda rng, q: Problem((3, 4), (), (), "add(3, 4)"))
    number, repeat = (20_000, 5) if s.quick else (200_000, 7)
    out: dict[str, Any] = {}
    for tool in s.tools:
        if tool == "numpy" or available(tool):
            continue
        fn = twins.twins.add if tool == "fortran" and twins else make(tool, add, twins, s.workdir)
        assert fn(3, 4) == kernels.add(3, 4) == 7
        out[tool] = timing.per_call_ns(fn, number, repeat)
    return out


def startup(s: Settings) -> dict[str, Any]:
    """transpyle's first calls: cold (an empty cache directory, so f2py's support object is
    compiled too), cold key with the support object built, and in a new process (warm cache)."""
    a, c = np.ones((8, 8)), np.zeros((8, 8))
    with tempfile.TemporaryDirectory(prefix="tp-cold-") as d:
        out: dict[str, Any] = {
            "cold_first_call_add_s": timing.cold_compile("add", (3, 4), d),
            "new_key_first_call_matmul_s": timing.cold_compile("matmul", (a, a, c), d)}
    with tempfile.TemporaryDirectory(prefix="tp-warm-") as d:
        for which in ("add", "matmul"):
            out[f"new_process_{which}"] = timing.new_process_first_call(which, d, 3 if s.quick
                                                                        else 5)
    return out


def run(kernels: list[Kernel], s: Settings) -> dict[str, Any]:
    """The whole suite, with transpyle's cache in a new, empty directory (restored after)."""
    saved = os.environ.get("TRANSPYLE_CACHE_DIR")
    os.environ["TRANSPYLE_CACHE_DIR"] = str(s.workdir / "transpyle-cache")
    try:
        return _run(kernels, s)
    finally:
        if saved is None:
            os.environ.pop("TRANSPYLE_CACHE_DIR", None)
        else:
            os.environ["TRANSPYLE_CACHE_DIR"] = saved


def _run(kernels: list[Kernel], s: Settings) -> dict[str, Any]:
    steps = len(kernels) + 3
    with tqdm(total=steps, desc="cpu bench", unit="step", dynamic_ncols=True) as bar:
        twins, twins_build = None, None
        if "fortran" in s.tools:
            bar.set_postfix_str("building the Fortran twins (f2py)")
            twins, twins_build = build_twins(s.workdir / "twins")
        bar.update()
        results = []
        for kernel in kernels:
            results.append(run_kernel(kernel, s, twins, bar))
            bar.update()
        bar.set_postfix_str("per-call overhead")
        calls = overheads(s, twins)
        bar.update()
        bar.set_postfix_str("cold compile, warm start in a new process")
        start = startup(s) if "transpyle" in s.tools else {}
        bar.update()
    return {"date_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
            "mode": "quick" if s.quick else "full", "machine": machine(), "versions": versions(),
            "flags": {"transpyle": " ".join(BASE_FLAGS + s.transpyle_flags),
                      "fortran_twins": " ".join(BASE_FLAGS),
                      "pyccel": " ".join(BASE_FLAGS) + " (+ Pyccel's own -O3 -funroll-loops)",
                      "numba": "njit defaults (no fastmath)"},
            "method": {"reps": s.reps, "warmup": s.warmup, "seed": s.seed,
                       "timer": "time.thread_time (CPU time of the calling thread) around "
                                "one call, wall time (time.perf_counter) kept beside it; tools "
                                "interleaved round-robin in each repetition, order rotated; "
                                "arrays shared by the tools of a repetition, reallocated at a "
                                "random 64-byte-aligned offset for each repetition"},
            "twins_build_s": twins_build, "kernels": results, "call_overhead": calls,
            "transpyle_startup": start}
