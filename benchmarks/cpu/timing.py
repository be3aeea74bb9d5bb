"""Timing: first calls, round-robin repetitions, per-call overhead, cold and warm starts.

The machine is shared, so the tools take turns inside each repetition (the order rotates from
one repetition to the next) and the report uses the median; min and max show the spread.
Each call is timed twice: the CPU time of the calling thread (`time.thread_time`, the figure
reported: it leaves out the time the OS gives other processes on this busy 2-core machine; every
kernel runs on the calling thread, and NumPy's BLAS is held to one thread) and the wall time.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.cpu.suite import Problem

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Runner:
    """One tool's callable."""

    call: Callable[..., Any]
    warmup: bool = True  # CPython has nothing to warm up (and its calls are the slow ones)

    def once(self, work: tuple[Any, ...]) -> tuple[float, float]:
        """(CPU seconds, wall seconds) of one call."""
        w0, c0 = time.perf_counter(), time.thread_time()
        self.call(*work)
        c1, w1 = time.thread_time(), time.perf_counter()
        return c1 - c0, w1 - w0


def timed(fn: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    """Wall time of one call (first calls: compiling tools compile in other processes)."""
    t0 = time.perf_counter()
    ret = fn(*args)
    return time.perf_counter() - t0, ret


Sample = tuple[float, float]  # (CPU s, wall s)


def round_robin(runners: dict[str, Runner], problem: Problem, reps: int, warmup: int,
                seed: int = 0) -> dict[str, list[Sample]]:
    """`reps` timed calls of each runner after `warmup` untimed ones, tools interleaved.

    All tools of a repetition work on the same arrays (inputs reset before each call), freshly
    allocated for each repetition at a random 64-byte-aligned offset: where an array lies in
    memory (its alignment, and the distance between two arrays modulo the 4 KiB page, which
    decides cache-bank and store-forwarding conflicts) moved some kernels by 10-15% between
    separately allocated copies; this way every tool sees the same placements.
    """
    names = list(runners)
    times: dict[str, list[Sample]] = {n: [] for n in names}
    rng = np.random.default_rng(seed)
    for rep in range(warmup + reps):
        work = problem.fresh_args(rng)
        shift = rep % len(names)
        for name in names[shift:] + names[:shift]:
            if rep < warmup and not runners[name].warmup:
                continue
            problem.reset(work)
            t = runners[name].once(work)
            if rep >= warmup:
                times[name].append(t)
    return times


def summary(samples: list[Sample]) -> dict[str, Any]:
    cpu, wall = [c for c, _ in samples], [w for _, w in samples]
    return {"median_s": statistics.median(cpu), "min_s": min(cpu), "max_s": max(cpu),
            "runs": len(samples), "samples_s": cpu, "wall_median_s": statistics.median(wall),
            "wall_min_s": min(wall), "wall_max_s": max(wall), "wall_samples_s": wall}


def per_call_ns(fn: Callable[[int, int], Any], number: int, repeat: int) -> dict[str, float]:
    """Median and min over `repeat` rounds of the time of one call fn(3, 4), in nanoseconds."""
    timer = timeit.Timer("fn(3, 4)", timer=time.thread_time, globals={"fn": fn})
    rounds = [t / number * 1e9 for t in timer.repeat(repeat=repeat, number=number)]
    return {"median_ns": statistics.median(rounds), "min_ns": min(rounds),
            "max_ns": max(rounds), "calls_per_round": number, "rounds": repeat}


NEW_PROCESS = """
import time
t0 = time.perf_counter()
import numpy as np
from transpyle import transpile
from benchmarks.cpu import kernels
t1 = time.perf_counter()
{body}
t2 = time.perf_counter()
import json
print(json.dumps({{"imports_s": t1 - t0, "first_call_s": t2 - t1}}))
"""

BODIES = {
    "add": "assert transpile(kernels.add)(3, 4) == 7",
    "matmul": ("a = np.ones((8, 8)); c = np.zeros((8, 8))\n"
               "transpile(kernels.matmul)(a, a, c)\nassert c[0, 0] == 8.0"),
}


def new_process_first_call(which: str, cache_dir: str, repeat: int) -> dict[str, Any]:
    """First call of a @transpile function in fresh interpreters sharing `cache_dir`.

    The first run warms the cache (if it is cold); the next `repeat` runs are the warm starts.
    Reports the call itself, the imports before it, and the whole process's wall time.
    """
    script = NEW_PROCESS.format(body=BODIES[which])
    env = dict(os.environ, TRANSPYLE_CACHE_DIR=cache_dir, PYTHONPATH=str(ROOT))
    rows = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT,
                             capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if out.returncode != 0:
            raise RuntimeError(f"new-process run failed:\n{out.stderr[-2000:]}")
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["process_wall_s"] = wall
        rows.append(row)
    warm = rows[1:]
    return {"cold_first_call_s": rows[0]["first_call_s"],
            "warm_first_call_s": statistics.median(r["first_call_s"] for r in warm),
            "warm_imports_s": statistics.median(r["imports_s"] for r in warm),
            "warm_process_wall_s": statistics.median(r["process_wall_s"] for r in warm),
            "warm_runs": len(warm)}


def cold_compile(fn_name: str, args: tuple[Any, ...], cache_dir: str) -> float:
    """Wall time of the first call of transpile(kernels.<fn_name>) with cache_dir, in-process."""
    from benchmarks.cpu import kernels
    from transpyle import transpile

    t0 = time.perf_counter()
    transpile(getattr(kernels, fn_name), cache_dir=cache_dir)(*args)
    return time.perf_counter() - t0
