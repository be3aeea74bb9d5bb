"""One code-generation choice on and off, side by side in one process: the CPU kernels
(benchmarks/cpu) compiled by @transpile with each variant, checked bit for bit against each
other (and against CPython with --check), then timed taking turns on the same arrays.

- `narrow`: the innermost loops of a nest with 32-bit counters where the bounds allow
  (passes/narrow_counters.py), or not.
- `ranges`: a `while` loop's checks that the intervals of its variables decide dropped in a
  version run where the variables are in a box (passes/checked/ranges.py), or kept.

The figure is the median CPU time of the calling thread (`time.thread_time`) over the
repetitions: the machine is shared, and CPU time leaves out the time given to others.

    python -m benchmarks.variants --choice narrow [--only matmul ...] [--reps 21] [--quick]
                                  [--check] [--out PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.cpu.suite import agree, by_name
from benchmarks.machine import cpu_name


@contextlib.contextmanager
def _pass_off(name: str, on: bool) -> Iterator[None]:
    """The pass `name` of the pipeline (transpyle/passes/__init__.py) as it is, or skipped."""
    import transpyle.passes as passes

    saved = getattr(passes, name)
    if not on:
        setattr(passes, name, lambda module: module)
    try:
        yield
    finally:
        setattr(passes, name, saved)


CHOICES: dict[str, dict[str, Callable[[], Any]]] = {
    "narrow": {"64-bit counters": lambda: _pass_off("narrow_counters", False),
               "32-bit inner counters": lambda: _pass_off("narrow_counters", True)},
    "ranges": {"checks kept": lambda: _pass_off("while_ranges", False),
               "checks the box decides dropped": lambda: _pass_off("while_ranges", True)},
}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.variants", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--choice", choices=sorted(CHOICES), required=True)
    p.add_argument("--only", action="append", help="a kernel (repeatable)")
    p.add_argument("--reps", type=int, default=21)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--check", action="store_true", help="also compare with CPython")
    p.add_argument("--out", type=Path)
    args = p.parse_args(argv)
    from transpyle import transpile

    rng = np.random.default_rng()
    variants = CHOICES[args.choice]
    rows = {}
    with tempfile.TemporaryDirectory(prefix="tp-variants-") as tmp:
        for kernel in by_name(args.only):
            problem = kernel.setup(rng, args.quick)
            fns = {}
            results = {}
            for k, (name, context) in enumerate(variants.items()):
                fn = transpile(kernel.python, cache_dir=os.path.join(tmp, str(k)))
                work = problem.fresh_args()
                with context():
                    results[name] = problem.result(fn(*work), work)  # builds here
                fns[name] = fn
            if args.check:
                work = problem.fresh_args()
                results["CPython"] = problem.result(kernel.python(*work), work)
            ref = next(iter(results.values()))
            bad = {n: why for n, r in results.items() if (why := agree(kernel, ref, r, True))}
            if bad:
                rows[kernel.name] = {"differs": bad}
                print(kernel.name, "differs:", bad)
                continue
            times: dict[str, list[float]] = {n: [] for n in fns}
            order = list(fns)
            for rep in range(args.reps):
                work = problem.fresh_args(rng)
                for name in order[rep % len(order):] + order[:rep % len(order)]:
                    problem.reset(work)
                    t0 = time.thread_time()
                    fns[name](*work)
                    times[name].append(time.thread_time() - t0)
            med = {n: statistics.median(v) * 1e3 for n, v in times.items()}
            first = med[order[0]]
            rows[kernel.name] = {"size": problem.size, "ms": med,
                                 "ratio_to_first": {n: m / first for n, m in med.items()}}
            print(f"{kernel.name:16s}", "  ".join(f"{n}: {m:.3f} ms" for n, m in med.items()),
                  f" ratio {med[order[-1]] / first:.3f}")
    out = {"machine": {"cpu": cpu_name(), "cores": os.cpu_count(),
                       "python": platform.python_version(),
                       "load_average_at_end": os.getloadavg()[0]},
           "choice": args.choice, "reps": args.reps, "quick": args.quick,
           "kernels": rows,
           "note": "median CPU time of the calling thread, the variants taking turns on the "
                   "same arrays; ratio_to_first is each variant's median over the first's"}
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
