"""Parallel loops (issue 17): `transpyle.prange` with `openmp=True` against the same kernel run
in order, and Numba's `prange` (`parallel=True`) where the `[bench]` extra installed Numba.

Kernels: a Mandelbrot image computed row by row (no reduction), a 2-D stencil sweep written
element by element (private temporaries), and an integer histogram-free reduction (sum and
max of a hashed sequence). Each tool's result is checked against the in-order run first
(integers exactly, floats to 1e-12: a parallel float reduction adds in another order). The
tools take turns in each repeat; medians over the repeats, in ms, with the speed-up over the
in-order transpyle run.

Writes benchmarks/results/parallel.json with the machine and its core count named.

    python -m benchmarks.parallel [--repeat 9] [--out PATH]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.machine import cpu_name

RESULTS = Path(__file__).parent / "results" / "parallel.json"

KERNELS = '''
import numpy as np
from transpyle import prange


def mandel(out: 'int[:,:]', x0: float, y0: float, step: float, limit: int) -> None:
    n, m = out.shape
    for i in prange(n):
        for j in range(m):
            cr = x0 + j * step
            ci = y0 + i * step
            zr = 0.0
            zi = 0.0
            k = 0
            while k < limit and zr * zr + zi * zi <= 4.0:
                t = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = t
                k += 1
            out[i, j] = k


def smooth(a: 'float[:,:]', b: 'float[:,:]', sweeps: int) -> None:
    n, m = a.shape
    for s in range(sweeps):
        for i in prange(1, n - 1):
            for j in range(1, m - 1):
                c = a[i, j]
                b[i, j] = 0.5 * c + 0.125 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1]
                                              + a[i, j + 1])
        for i in prange(1, n - 1):
            for j in range(1, m - 1):
                a[i, j] = b[i, j]


def hashed(n: int) -> int:
    total = 0
    top = 0
    for i in prange(n):
        h = (i * 2654435761) % 4294967296
        h = (h ^ (h >> 13)) * 1274126177 % 4294967296
        total += h % 1000
        top = max(top, h)
    return total + top
'''


def _load(tmp: Path) -> Any:
    path = tmp / "parallel_kernels.py"
    path.write_text(KERNELS)
    spec = importlib.util.spec_from_file_location("parallel_kernels", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["parallel_kernels"] = mod
    spec.loader.exec_module(mod)
    return mod


def _tools(mod: Any) -> dict[str, dict[str, Any]]:
    from transpyle import transpile
    names = ("mandel", "smooth", "hashed")
    tools = {"transpyle in order": {n: transpile(getattr(mod, n)) for n in names},
             "transpyle prange": {n: transpile(getattr(mod, n), openmp=True) for n in names}}
    try:
        import numba
    except ImportError:
        return tools
    text = KERNELS.replace("from transpyle import prange", "from numba import prange")
    scope: dict[str, Any] = {}
    exec(compile(text, "numba_kernels", "exec"), scope)  # noqa: S102 - our own kernel text
    tools["numba prange"] = {n: numba.njit(parallel=True)(scope[n]) for n in names}
    return tools


def _cases(rng: np.random.Generator) -> dict[str, Any]:
    a = rng.normal(size=(1201, 1203))
    return {
        "mandel": (lambda: (np.zeros((601, 803), dtype=np.int64), -2.0, -1.2, 0.003, 200),
                   lambda args: args[0]),
        "smooth": (lambda: (a.copy(), a.copy(), 20), lambda args: args[0]),
        "hashed": (lambda: (20_000_003,), None),
    }


def _run(fn: Any, make: Any, result: Any) -> tuple[float, Any]:
    args = make()
    t0 = time.perf_counter()
    out = fn(*args)
    dt = time.perf_counter() - t0
    return dt, (result(args) if result is not None else out)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--out", type=Path, default=RESULTS)
    opts = ap.parse_args(argv)
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as tmp:
        mod = _load(Path(tmp))
        tools = _tools(mod)
        cases = _cases(rng)
        times: dict[str, dict[str, list[float]]] = {t: {k: [] for k in cases} for t in tools}
        for kernel, (make, result) in cases.items():
            want = None
            for tool, fns in tools.items():  # warm-up (compiles) and the check
                _, got = _run(fns[kernel], make, result)
                if want is None:
                    want = got
                elif isinstance(want, np.ndarray) and want.dtype.kind == "f":
                    assert np.allclose(got, want, rtol=1e-12, atol=0), (tool, kernel)
                else:
                    assert np.array_equal(got, want), (tool, kernel)
            for _ in range(opts.repeat):
                for tool, fns in tools.items():
                    times[tool][kernel].append(_run(fns[kernel], make, result)[0])
    base = {k: statistics.median(times["transpyle in order"][k]) for k in cases}
    rows = {tool: {k: {"ms": statistics.median(v) * 1e3,
                       "speedup": base[k] / statistics.median(v)}
                   for k, v in per.items()} for tool, per in times.items()}
    report = {"machine": cpu_name(), "cores": os.cpu_count(),
              "threads": os.environ.get("OMP_NUM_THREADS", "all cores"),
              "python": platform.python_version(), "repeat": opts.repeat, "results": rows}
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"parallel loops on {report['machine']} ({report['cores']} cores), median ms "
          "(speed-up over transpyle in order)")
    print(f"{'kernel':10s}" + "".join(f"{t:>26s}" for t in tools))
    for k in cases:
        print(f"{k:10s}" + "".join(f"{rows[t][k]['ms']:17.1f} ({rows[t][k]['speedup']:4.2f}x)"
                                   for t in tools))
    return report


if __name__ == "__main__":
    main()
